"""The polling cycle against a local feed server: dedup, first run, age, grouping, 304, backoff."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.runtime import Runtime
from bot.services import CLI
from tests.conftest import FakeClock
from tests.feedserver import FeedServer


async def add(rt: Runtime, url: str, name: str = "") -> None:
    await rt.services.add_feed(url, name, CLI, "test")


async def test_first_poll_stores_but_queues_no_alerts(rt: Runtime, feeds: FeedServer) -> None:
    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
    await add(rt, feeds.serve("rss_telecom.xml"))
    report = await rt.pipeline.run_cycle()
    assert len(report.articles) == 3
    assert report.alerts_queued == 0
    assert await rt.store.alerts.due(rt.clock()) == []


async def test_new_items_after_first_poll_are_alerted_once(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
    url = feeds.serve("rss_telecom.xml")
    await add(rt, url)
    await rt.pipeline.run_cycle()
    feeds.serve(
        "rss_telecom.xml",
        (
            feeds.routes["/rss_telecom.xml"].body.replace(
                b"<item>",
                b"""<item><title>Canada bans Huawei and ZTE from its 5G networks</title>
        <link>https://telecom.example.com/ca</link><guid>tpd-2000</guid>
        <pubDate>Thu, 19 May 2022 20:00:00 GMT</pubDate></item><item>""",
                1,
            )
        ),
    )
    clock.advance(minutes=11)
    report = await rt.pipeline.run_cycle()
    assert [a.title for a in report.articles] == ["Canada bans Huawei and ZTE from its 5G networks"]
    assert report.alerts_queued == 1
    clock.advance(minutes=11)
    again = await rt.pipeline.run_cycle()
    assert again.articles == [] and again.alerts_queued == 0
    assert len(await rt.store.alerts.due(rt.clock())) == 1


async def test_dedup_survives_restart(config, clock, feeds: FeedServer) -> None:  # type: ignore[no-untyped-def]
    from bot.runtime import open_runtime

    url = feeds.serve("atom_news.xml", etag=False)
    async with open_runtime(config, clock) as rt:
        await add(rt, url)
        first = await rt.pipeline.run_cycle()
    assert len(first.articles) == 2
    feeds.serve("atom_news.xml", feeds.routes["/atom_news.xml"].body + b" ", etag=False)
    clock.advance(minutes=30)
    async with open_runtime(config, clock) as rt:
        second = await rt.pipeline.run_cycle()
        assert second.articles == []
        assert second.fetched == 1  # the body changed, so it was parsed, and nothing was new
        total, _ = await rt.store.news.counts()
        assert total == 2


async def test_conditional_get_second_poll_parses_nothing(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    await add(rt, feeds.serve("rss_telecom.xml"))
    await rt.pipeline.run_cycle()
    calls = rt.parser.calls
    clock.advance(minutes=11)
    report = await rt.pipeline.run_cycle()
    assert report.not_modified == 1
    assert feeds.not_modified["/rss_telecom.xml"] == 1
    assert rt.parser.calls == calls


async def test_identical_body_without_etag_is_not_parsed(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    await add(rt, feeds.serve("rss_telecom.xml", etag=False))
    await rt.pipeline.run_cycle()
    calls = rt.parser.calls
    clock.advance(minutes=11)
    report = await rt.pipeline.run_cycle()
    assert report.not_modified == 1 and rt.parser.calls == calls


async def test_rss_atom_and_rdf_are_all_read(rt: Runtime, feeds: FeedServer) -> None:
    for name in ("rss_telecom.xml", "atom_news.xml", "rdf_feed.xml"):
        await add(rt, feeds.serve(name))
    report = await rt.pipeline.run_cycle()
    titles = {a.title for a in report.articles}
    assert "Canada bans Huawei and ZTE from 5G networks" in titles
    assert "Britain bans Huawei from its 5G networks" in titles
    assert report.failed == 0


async def test_same_event_from_two_outlets_is_one_story(rt: Runtime, feeds: FeedServer) -> None:
    await add(rt, feeds.serve("rss_telecom.xml"), "Telecom Policy Daily")
    await add(rt, feeds.serve("atom_news.xml"), "World Tech")
    report = await rt.pipeline.run_cycle()
    by_title = {a.title: a for a in report.articles}
    uk1 = by_title["UK bans Huawei from 5G network, orders removal of kit by 2027"]
    uk2 = by_title["Britain bans Huawei from its 5G networks"]
    se = by_title["Sweden's PTS excludes Huawei and ZTE from 5G spectrum auction"]
    assert uk1.story_id == uk2.story_id
    assert se.story_id != uk1.story_id
    story = await rt.store.news.story(uk1.story_id)
    assert story is not None and story.outlet_count == 2


async def test_old_items_are_stored_but_not_alerted(
    tmp_path, clock: FakeClock, feeds: FeedServer
) -> None:  # type: ignore[no-untyped-def]
    from bot.runtime import open_runtime
    from tests.conftest import make_config

    config = make_config(tmp_path, max_age_days=30)
    async with open_runtime(config, clock) as rt:
        await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
        url = feeds.serve(
            "rss_telecom.xml", "<rss version='2.0'><channel><title>x</title></channel></rss>"
        )
        await add(rt, url)
        await rt.pipeline.run_cycle()  # first poll: empty feed
        feeds.serve("rss_telecom.xml")  # items from July 2020; clock is 15 July 2020
        clock.advance(days=60)
        report = await rt.pipeline.run_cycle()
        assert len(report.articles) == 3
        assert report.alerts_queued == 0


async def test_failures_back_off_and_never_stop_other_feeds(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    good = feeds.serve("rss_telecom.xml")
    bad = feeds.serve("broken", b"oops", status=500)
    await add(rt, bad, "Broken")
    await add(rt, good, "Good")
    report = await rt.pipeline.run_cycle()
    assert report.failed == 1 and len(report.articles) == 3
    feed = await rt.store.feeds.by_url(bad)
    assert (
        feed is not None
        and feed.failures == 1
        and feed.last_error == "HTTP 500 Internal Server Error"
    )
    first_delay = feed.next_poll_at - clock()  # type: ignore[operator]
    clock.advance(seconds=first_delay.total_seconds() + 1)
    await rt.pipeline.run_cycle()
    feed = await rt.store.feeds.by_url(bad)
    assert feed is not None and feed.failures == 2
    assert feed.next_poll_at - clock() > first_delay  # type: ignore[operator]


async def test_retry_after_is_honoured(rt: Runtime, feeds: FeedServer, clock: FakeClock) -> None:
    url = feeds.serve("busy", b"", status=503, headers={"Retry-After": "7200"})
    await add(rt, url)
    await rt.pipeline.run_cycle()
    feed = await rt.store.feeds.by_url(url)
    assert feed is not None and feed.next_poll_at is not None
    assert (feed.next_poll_at - clock()).total_seconds() >= 7200


async def test_gone_feed_is_disabled_and_admins_told_once(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
    url = feeds.serve("gone", b"", status=410)
    await add(rt, url, "Old feed")
    report = await rt.pipeline.run_cycle()
    assert report.disabled == ["Old feed"]
    feed = await rt.store.feeds.by_url(url)
    assert feed is not None and feed.state == "disabled"
    clock.advance(days=2)
    await rt.pipeline.run_cycle()
    notices = [r for r in await rt.store.alerts.due(clock()) if r.kind == "feed_disabled"]
    assert len(notices) == 1


async def test_html_page_and_garbage_are_readable_errors(rt: Runtime, feeds: FeedServer) -> None:
    page = feeds.serve("page.html", content_type="text/html")
    junk = feeds.serve("junk", b"\x00\x01{not xml at all", content_type="text/plain")
    await add(rt, page)
    await add(rt, junk)
    await rt.pipeline.run_cycle()
    page_feed = await rt.store.feeds.by_url(page)
    junk_feed = await rt.store.feeds.by_url(junk)
    assert page_feed and page_feed.last_error == "the address returned a web page, not a feed"
    assert (
        junk_feed and junk_feed.last_error and "not a valid RSS/Atom feed" in junk_feed.last_error
    )


async def test_truncated_feed_does_not_break_the_cycle(rt: Runtime, feeds: FeedServer) -> None:
    await add(rt, feeds.serve("malformed.xml"))
    await add(rt, feeds.serve("atom_news.xml"))
    report = await rt.pipeline.run_cycle()
    assert {a.title for a in report.articles} >= {"Britain bans Huawei from its 5G networks"}


async def test_proposal_created_for_a_status_change(rt: Runtime, feeds: FeedServer) -> None:
    await rt.services.update("ca", "allowed", "test baseline", None, CLI)
    await add(rt, feeds.serve("rdf_feed.xml"))
    report = await rt.pipeline.run_cycle()
    assert report.proposals == 1
    (article,) = report.articles
    proposals = await rt.store.news.proposals_for(article.story_id)
    assert [(p.iso2, p.status) for p in proposals] == [("CA", "banned")]


async def test_tracking_parameters_are_stripped(rt: Runtime, feeds: FeedServer) -> None:
    await add(rt, feeds.serve("rss_telecom.xml"))
    report = await rt.pipeline.run_cycle()
    links = {a.link for a in report.articles}
    assert "https://telecom.example.com/2020/07/14/uk-bans-huawei" in links


def _eval_item(item_id: str) -> dict[str, str]:
    from bot.evaluate import default_files, load

    return next(dict(i) for i in load(default_files()) if i["id"] == item_id)


def _rss_of(item: dict[str, str], guid: str) -> str:
    from email.utils import format_datetime
    from xml.sax.saxutils import escape

    published = datetime.fromisoformat(item["published"]).replace(hour=9, tzinfo=UTC)
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>News</title>"
        f"<item><title>{escape(item['title'])}</title><link>{escape(item['url'])}</link>"
        f"<guid>{guid}</guid><description>{escape(item['summary'])}</description>"
        f"<pubDate>{format_datetime(published)}</pubDate></item></channel></rss>"
    )


async def test_a_late_report_of_the_same_decision_joins_its_story(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    """Two outlets, six days apart, on Australia's ban (labelled as one event): the story is
    still offered to the later article, as grouping's own rules allow (same country, same
    status, related headline, within STATUS_WINDOW)."""
    first, late = _eval_item("p1-010"), _eval_item("p1-011")
    clock.now = datetime(2018, 8, 23, 12, 0, tzinfo=UTC)
    await add(rt, feeds.serve("a.xml", _rss_of(first, "a-1")), "Outlet A")
    await add(rt, feeds.serve("b.xml", "<rss version='2.0'><channel></channel></rss>"), "B")
    one = await rt.pipeline.run_cycle()
    clock.now = datetime(2018, 8, 29, 12, 0, tzinfo=UTC)
    feeds.serve("b.xml", _rss_of(late, "b-1"))
    two = await rt.pipeline.run_cycle()
    [a] = one.articles
    [b] = two.articles
    assert a.relevant and b.relevant
    assert b.story_id == a.story_id
    story = await rt.store.news.story(a.story_id)
    assert story is not None and story.outlet_count == 2


async def test_news_orders_stories_by_their_latest_article(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    """/news: newest development first. Australia's ban (23 August) gains a late report (29
    August), so it comes before Canada's story of 26 August, shown with its latest date."""
    first, late = _eval_item("p1-010"), _eval_item("p1-011")
    canada = {
        "title": "Canada bans Huawei and ZTE from its 5G networks",
        "summary": "Ottawa ordered operators to remove the gear.",
        "url": "https://b.example.com/ca",
        "published": "2018-08-26",
    }
    clock.now = datetime(2018, 8, 23, 12, 0, tzinfo=UTC)
    await add(rt, feeds.serve("a.xml", _rss_of(first, "a-1")), "Outlet A")
    await add(rt, feeds.serve("b.xml", "<rss version='2.0'><channel></channel></rss>"), "B")
    await rt.pipeline.run_cycle()
    clock.now = datetime(2018, 8, 26, 12, 0, tzinfo=UTC)
    feeds.serve("b.xml", _rss_of(canada, "b-1"))
    await rt.pipeline.run_cycle(force=True)
    clock.now = datetime(2018, 8, 29, 12, 0, tzinfo=UTC)
    feeds.serve("b.xml", _rss_of(late, "b-2"))
    report = await rt.pipeline.run_cycle(force=True)
    assert report.grown_stories == 1
    stories = await rt.store.news.latest(None, 10)
    assert [s.title for s in stories] == [first["title"], canada["title"]]
    assert stories[0].shown_at.date().isoformat() == "2018-08-29"
    [au] = await rt.store.news.latest("AU", 10)
    assert au.shown_at == stories[0].shown_at


def _rss(title: str, items: list[tuple[str, str, str, str]]) -> str:
    """An RSS 2.0 document: (title, summary, link, RFC 822 date) per item."""
    body = "".join(
        f"<item><title>{t}</title><description>{s}</description><link>{link}</link>"
        f"<guid>{link}</guid><pubDate>{when}</pubDate></item>"
        for t, s, link, when in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}'
        f"</title><link>https://example.org/</link>{body}</channel></rss>"
    )


async def test_a_german_and_an_english_report_of_one_decision_are_one_story(
    rt: Runtime, feeds: FeedServer
) -> None:
    german = _rss(
        "Netzpolitik Heute",
        [
            (
                "Schweden schließt Huawei und ZTE vom 5G-Netz aus",
                "Die schwedische Regulierungsbehörde PTS hat entschieden: Netzbetreiber dürfen "
                "keine Technik der chinesischen Anbieter mehr verbauen.",
                "https://netzpolitik.example.de/schweden-huawei",
                "Tue, 20 Oct 2020 18:00:00 GMT",
            )
        ],
    )
    english = _rss(
        "Telecom Daily",
        [
            (
                "Sweden bans Huawei and ZTE from 5G networks",
                "The Swedish regulator PTS said operators must remove the equipment by 2025.",
                "https://telecom.example.com/sweden-bans-huawei",
                "Tue, 20 Oct 2020 09:00:00 GMT",
            )
        ],
    )
    await add(rt, feeds.serve("de.xml", german), "Netzpolitik Heute")
    await add(rt, feeds.serve("en.xml", english), "Telecom Daily")
    report = await rt.pipeline.run_cycle()
    by_lang = {a.lang: a for a in report.articles}
    assert set(by_lang) == {"de", "en"}
    assert by_lang["de"].as_json()["lang"] == "de"
    assert {(f.iso2, f.status) for f in by_lang["de"].countries if f.status} == {("SE", "banned")}
    assert by_lang["de"].story_id == by_lang["en"].story_id
    story = await rt.store.news.story(by_lang["en"].story_id)
    assert story is not None and story.outlet_count == 2
