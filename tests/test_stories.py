"""Story grouping: one event from several outlets is one story; a new development is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.news.stories import (
    STATUS_WINDOW,
    Candidate,
    link_key,
    match,
    signature,
    similarity,
    tokens,
)

DAY = datetime(2020, 7, 14, 9, 0, tzinfo=UTC)
Statuses = dict[str, str | None]


def story(
    title: str, statuses: Statuses, when: datetime = DAY, link: str | None = None
) -> Candidate:
    """A story as the pipeline keeps it: its first article's words, link, time and statuses."""
    return Candidate(1, tokens(title), link, when, dict(statuses))


def joins(
    first: tuple[str, Statuses],
    second: tuple[str, Statuses],
    later: timedelta = timedelta(hours=3),
) -> bool:
    cand = story(*first)
    found = match(tokens(second[0]), None, second[1], DAY + later, [cand])
    return found is cand


SAME_EVENT = [
    (
        ("UK bans Huawei from 5G network, orders removal of kit by 2027", {"GB": "banned"}),
        ("Britain bans Huawei from its 5G networks", {"GB": "banned"}),
    ),
    (  # nothing in common but the decision, reported the same day
        ("Huawei 5G decision 'will cost up to £2bn'", {"GB": "banned"}),
        ("UK bans China's Huawei from 5G network", {"GB": "banned", "CN": None}),
    ),
    (
        ("U.S. 'warns Germany to drop Huawei'", {"US": None, "DE": None}),
        (
            "The US urges Germany to reject Huawei's bid for its 5G network",
            {"US": None, "DE": None},
        ),
    ),
    (
        ("Japan to bar Huawei and ZTE access to public procurement", {"JP": "restricted"}),
        ("Japan To Exclude Huawei & ZTE From Procurement", {"JP": "restricted"}),
    ),
    (
        ("Huawei Mate 30 forced to launch without Google apps", {}),
        ("Huawei forced to launch Mate 30 phone without Google apps", {}),
    ),
    (  # one decision, read as a ban by one outlet and as a step towards one by another
        ("Portugal blocks Chinese companies from national 5G networks", {"PT": "banned"}),
        ("Portugal paves way to a Huawei ban on country's 5G network", {"PT": "under_review"}),
    ),
]


@pytest.mark.parametrize(("first", "second"), SAME_EVENT)
def test_the_same_event_in_other_words_is_one_story(
    first: tuple[str, Statuses], second: tuple[str, Statuses]
) -> None:
    assert joins(first, second)


def test_a_late_report_of_the_same_decision_still_joins() -> None:
    first = ("Huawei and ZTE handed 5G network ban in Australia", {"AU": "banned"})
    second = ("Huawei blocked from participation in Australian 5G infrastructure", {"AU": "banned"})
    assert joins(first, second, later=timedelta(days=6))
    assert not joins(first, second, later=STATUS_WINDOW + timedelta(days=1))


NEW_DEVELOPMENTS = [
    (  # another country
        ("Canada bans Huawei and ZTE from 5G networks", {"CA": "banned"}),
        ("Sweden bans Huawei and ZTE from 5G networks", {"SE": "banned"}),
        timedelta(hours=1),
    ),
    (  # another status, days later: the review became a ban
        ("UK government consults on legal direction to restrict Huawei", {"GB": "under_review"}),
        ("UK bans Huawei from its 5G networks", {"GB": "banned"}),
        timedelta(days=3),
    ),
    (  # the same status, weeks later: a new decision
        ("Sweden bans Huawei from 5G networks", {"SE": "banned"}),
        ("Sweden bans Huawei from 5G networks", {"SE": "banned"}),
        timedelta(days=30),
    ),
    (  # the same country the same day, but another matter and other words
        ("Germany reviews Huawei components in 5G networks", {"DE": "under_review"}),
        ("German 5G spectrum auction ends, raising EUR6.5bn", {"DE": None}),
        timedelta(hours=2),
    ),
    (  # unrelated headlines, no country
        ("Huawei unveils new foldable smartphone", {}),
        ("Huawei revenue rises 10% in first quarter", {}),
        timedelta(hours=2),
    ),
]


@pytest.mark.parametrize(("first", "second", "later"), NEW_DEVELOPMENTS)
def test_a_new_development_is_a_new_story(
    first: tuple[str, Statuses], second: tuple[str, Statuses], later: timedelta
) -> None:
    assert not joins(first, second, later)


def test_the_same_link_groups_whatever_the_words() -> None:
    cand = story("UK bans Huawei", {"GB": "banned"}, link="https://news.example.com/a/1?x=1&y=2")
    for link in (
        "https://news.example.com/a/1?x=1&y=2",
        "http://www.news.example.com/a/1/?y=2&x=1",
        "HTTPS://NEWS.EXAMPLE.COM/a/1?x=1&y=2",
    ):
        found = match(
            tokens("Totally different words"),
            link,
            {"FR": "allowed"},
            DAY + timedelta(days=60),
            [cand],
        )
        assert found is cand, link
    other = match(
        tokens("Totally different words"), "https://news.example.com/a/2", {}, DAY, [cand]
    )
    assert other is None


def test_link_key_normalises() -> None:
    assert link_key("https://www.Example.com/x/") == link_key("http://example.com/x")
    assert link_key("https://example.com/x?b=2&a=1") == link_key("https://example.com/x?a=1&b=2")
    assert link_key("https://example.com/x") != link_key("https://example.com/y")
    assert link_key(None) is None and link_key("") is None


def test_the_best_story_wins() -> None:
    weak = Candidate(1, tokens("Huawei 5G rollout in Europe slows"), None, DAY, {})
    strong = story("Canada bans Huawei and ZTE from 5G networks", {"CA": "banned"})
    strong.id = 2
    found = match(
        tokens("Canada to ban China's Huawei and ZTE from its 5G networks"),
        None,
        {"CA": "banned"},
        DAY,
        [weak, strong],
    )
    assert found is strong


def test_tokens_fold_wordings_and_countries() -> None:
    assert tokens("UK bans Huawei") == tokens("Britain banned Huawei")
    assert {"@gb", "ban", "huawei"} <= tokens("U.K. excludes Huawei")
    assert "@us" in tokens("U.S. Bans Huawei") and "us" not in tokens("Let us ban it")
    assert "f35" in tokens("UAE has to choose: 5G from Huawei or F-35s") or "f35s" in tokens(
        "UAE has to choose: 5G from Huawei or F-35s"
    )
    assert frozenset(signature("Sweden's PTS excludes Huawei").split()) == tokens(
        "Sweden's PTS excludes Huawei"
    )


def test_similarity_is_symmetric_and_bounded() -> None:
    a = tokens("Germany to phase out Huawei, ZTE components from its 5G core network")
    b = tokens("Germany to Phase Out Chinese Tech in 5G Networks by 2026")
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, a) == pytest.approx(1.0)
    assert similarity(a, frozenset()) == 0.0
