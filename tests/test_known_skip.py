"""A changed feed's stored entries are not classified again: the pipeline tells each parse job
what the feed stored last (storage.news.NewsRepo.stored_by_feed), the worker skips those
entries (bot.news.workers.skip_known), and the rows written are the same as when every entry
is classified."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.config import Config
from bot.news import workers
from bot.news.entries import Entry, parse_feed, scope_uid
from bot.news.workers import (
    KnownItem,
    ParsedItem,
    known_digests,
    parse_and_classify,
    prepare,
    reclassify,
)
from bot.runtime import open_runtime
from bot.services import CLI
from tests.conftest import FakeClock
from tests.feedserver import FeedServer

# Tests that take ``db_url``, ``config`` or ``rt`` run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_backends

URL = "http://127.0.0.1/feed.xml"
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def item(
    title: str, guid: str, *, link: str | None = None, date: str | None = None, summary: str = ""
) -> str:
    parts = [f"<title>{title}</title>", f"<guid isPermaLink='false'>{guid}</guid>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    if summary:
        parts.append(f"<description>{summary}</description>")
    return "<item>" + "".join(parts) + "</item>"


def rss(*items: str) -> str:
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Telecom Daily</title>"
        + "".join(items)
        + "</channel></rss>"
    )


UK = item(
    "UK bans Huawei from its 5G networks",
    "td-1",
    link="https://telecom.example.com/uk",
    date="Mon, 16 May 2022 09:00:00 GMT",
    summary="The government orders operators to remove Huawei equipment by 2027.",
)
FOOTBALL = item(
    "Local football club wins the regional cup",
    "td-2",
    link="https://telecom.example.com/football",
    date="Mon, 16 May 2022 10:00:00 GMT",
    summary="Fans celebrated late into the night after a dramatic final.",
)
# Undated on the first poll: a later poll's date replaces the estimated one.
SWEDEN_UNDATED = item(
    "Sweden keeps its ban on Huawei and ZTE in 5G networks",
    "td-3",
    link="https://telecom.example.com/se",
    summary="The court upholds the regulator's decision.",
)
SWEDEN_DATED = item(
    "Sweden keeps its ban on Huawei and ZTE in 5G networks",
    "td-3",
    link="https://telecom.example.com/se",
    date="Tue, 17 May 2022 08:00:00 GMT",
    summary="The court upholds the regulator's decision.",
)
# Cut off on the first poll: the whole title and standfirst replace the stored start.
GERMANY_CUT = item(
    "Germany restricts Huawei in 5G",
    "td-4",
    link="https://telecom.example.com/de",
    date="Tue, 17 May 2022 09:00:00 GMT",
    summary="The interior ministry",
)
GERMANY_WHOLE = item(
    "Germany restricts Huawei in 5G core networks, officials say",
    "td-4",
    link="https://telecom.example.com/de",
    date="Tue, 17 May 2022 09:00:00 GMT",
    summary="The interior ministry orders operators to phase out Huawei parts by 2026.",
)
# Off-topic, stored without its standfirst: a later poll must not add it.
WEATHER = item(
    "Heavy rain expected over the weekend",
    "td-5",
    date="Tue, 17 May 2022 10:00:00 GMT",
    summary="Forecasters warn of local flooding in the north.",
)
CANADA = item(
    "Canada bans Huawei and ZTE from its 5G networks",
    "td-6",
    link="https://telecom.example.com/ca",
    date="Thu, 19 May 2022 20:00:00 GMT",
    summary="Ottawa orders carriers to remove the vendors' equipment.",
)

FIRST = rss(UK, FOOTBALL, SWEDEN_UNDATED, GERMANY_CUT, WEATHER)
SECOND = rss(CANADA, UK, FOOTBALL, SWEDEN_DATED, GERMANY_WHOLE, WEATHER)


def count_prepare(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles the worker classifies (parser_processes=0: the worker runs in-process)."""
    titles: list[str] = []
    real: Callable[[Entry, float], ParsedItem] = workers.prepare

    def counted(entry: Entry, threshold: float) -> ParsedItem:
        titles.append(entry.title)
        return real(entry, threshold)

    monkeypatch.setattr(workers, "prepare", counted)
    return titles


async def poll_twice(
    config: Config, clock: FakeClock, feeds: FeedServer, titles: list[str]
) -> tuple[list[list[str]], dict[str, list[tuple[Any, ...]]], int]:
    """Two polls of a feed (the second with one new item and edits of stored ones): the titles
    each poll classified, every row the polls wrote, and the entries the parser skipped."""
    url = feeds.serve("feed.xml", FIRST, etag=False)
    classified: list[list[str]] = []
    async with open_runtime(config, clock) as rt:
        await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
        await rt.services.add_feed(url, "", CLI, "test")
        for body in (FIRST, SECOND):
            feeds.serve("feed.xml", body, etag=False)
            before = len(titles)
            report = await rt.pipeline.run_cycle()
            assert report.fetched == 1 and not report.errors
            classified.append(titles[before:])
            clock.advance(minutes=11)
        rows = {
            table: [tuple(r) for r in await rt.store.db.fetchall(f"SELECT * FROM {table} {order}")]
            for table, order in (
                ("articles", "ORDER BY id"),
                ("stories", "ORDER BY id"),
                ("story_countries", "ORDER BY story_id, iso2"),
                ("article_countries", "ORDER BY article_id, iso2"),
                ("proposals", "ORDER BY id"),
                ("outbox", "ORDER BY id"),
            )
        }
        return classified, rows, rt.parser.skipped


@pytest.fixture
def titles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return count_prepare(monkeypatch)


async def test_a_second_poll_classifies_only_the_new_item_and_writes_the_same_rows(
    config: Config,
    clock: FakeClock,
    feeds: FeedServer,
    titles: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    classified, rows, skipped = await poll_twice(config, clock, feeds, titles)
    assert len(classified[0]) == 5  # the first poll classifies everything
    assert classified[1] == ["Canada bans Huawei and ZTE from its 5G networks"]
    assert skipped == 5
    assert len(rows["articles"]) == 6
    by_uid = {r[2]: r for r in rows["articles"]}
    # The edits of stored items still reach the stored copies.
    assert by_uid["o:1:td-4"][4] == "Germany restricts Huawei in 5G core networks, officials say"
    assert by_uid["o:1:td-3"][13] in (0, False)  # date_estimated: the date came
    assert by_uid["o:1:td-5"][5] == ""  # off-topic: still no standfirst

    # The same two polls with nothing skipped (as before: the pipeline tells the worker
    # nothing), on a fresh database at the same times: the same rows, every entry classified.
    async def nothing(self: object, feed_id: int, limit: int) -> list[str]:
        return []

    from storage.news import NewsRepo

    monkeypatch.setattr(NewsRepo, "stored_by_feed", nothing)
    fresh = await _fresh(config, tmp_path, monkeypatch)
    titles.clear()
    again, rows_before, skipped_before = await poll_twice(fresh, FakeClock(), feeds, titles)
    assert skipped_before == 0 and len(again[1]) == 6
    assert rows == rows_before


async def _fresh(config: Config, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The same configuration on a new, empty database."""
    import dataclasses

    from tests.conftest import new_pg_database

    storage = config.storage
    if storage.url:
        admin = storage.url.rsplit("/", 1)[0] + "/postgres"
        storage = dataclasses.replace(storage, url=await new_pg_database(admin))
    else:
        storage = dataclasses.replace(storage, path=str(tmp_path / "before.sqlite3"))
    return dataclasses.replace(config, storage=storage)


# -- the worker ----------------------------------------------------------------------------


def test_the_worker_skips_exactly_the_entries_it_is_told_are_stored(
    titles: list[str],
) -> None:
    body = SECOND.encode()
    entries = parse_feed(body, URL, "Telecom Daily").entries
    stored = [scope_uid(entries[1].uid, 7), entries[2].link or "", scope_uid(entries[5].uid, 7)]
    batch = parse_and_classify(
        body, URL, "Telecom Daily", "", 0.5, known=known_digests(stored), feed_id=7
    )
    assert [type(i) for i in batch.items] == [
        ParsedItem,
        KnownItem,  # its id
        KnownItem,  # its link
        ParsedItem,
        ParsedItem,
        KnownItem,  # its (feed-scoped) id
    ]
    assert titles == [entries[i].title for i in (0, 3, 4)]
    titles.clear()
    # What a skipped entry carries is what classifying it would have kept (the off-topic
    # one without its standfirst), and the whole entry classifies as the worker would have.
    for parsed, entry in zip(batch.items, entries, strict=True):
        if isinstance(parsed, KnownItem):
            assert parsed.entry == prepare(entry, 0.5).entry
            assert reclassify(parsed, 0.5) == prepare(entry, 0.5)
    assert batch.items[2].entry.summary == ""  # the football: off-topic
    assert batch.items[1].entry.summary != ""
    # Scoped by another feed, the opaque id is not that feed's: classified.
    other = parse_and_classify(body, URL, "", "", 0.5, known=known_digests(stored), feed_id=8)
    assert [isinstance(i, KnownItem) for i in other.items] == [False, False, True] + [False] * 3
    assert parse_and_classify(body, URL, "", "", 0.5).items == tuple(
        prepare(e, 0.5) for e in entries
    )


def test_known_digests_are_compact() -> None:
    values = [f"g:https://example.com/{i}" for i in range(500)]
    assert len(known_digests(values)) == 500 * workers.KNOWN_DIGEST
    assert known_digests(values) == known_digests(reversed(values + values[:3]))


# -- storage -------------------------------------------------------------------------------


async def test_stored_by_feed_reads_the_feeds_last_articles(db_url: str) -> None:
    import sqlite3

    from storage.ingest import Ingest
    from storage.store import Store

    store = await Store.open(db_url)

    def write(conn: sqlite3.Connection) -> None:
        db = Ingest(conn)
        _, first = db.next_ids()
        db.insert_articles(
            (
                first + n,
                feeds[n % 2].id,
                f"g:{n}",
                None if n % 3 == 0 else f"https://a.example/{n}",
                *("t", "", "o", None, "2024-01-01T00:00:00+00:00", None, 0, 0.0, 0, 0),
            )
            for n in range(20)
        )

    try:
        async with store.transaction() as conn:
            feeds = [
                await store.feeds.add(conn, f"https://f{n}.example/rss", "", "cli", None, NOW)
                for n in (1, 2)
            ]
        await store.db.run(write)
        one, two = feeds[0].id, feeds[1].id
        last = [n for n in range(20) if n % 2 == 0][::-1][:4]  # feed one's, newest first
        expected = [
            v for n in last for v in (f"g:{n}", f"https://a.example/{n}") if n % 3 or v[0] == "g"
        ]
        assert await store.news.stored_by_feed(one, 4) == expected
        assert len(await store.news.stored_by_feed(two, 100)) == 10 + 7  # 10 ids, 7 links
        assert await store.news.stored_by_feed(two + 100, 10) == []
    finally:
        await store.close()


async def test_entries_skipped_but_not_stored_are_classified_by_the_pipeline(
    config: Config,
    clock: FakeClock,
    feeds: FeedServer,
    titles: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    """A job told an entry is stored when it is not (deleted meanwhile, or a digest matching
    by chance): the pipeline classifies it itself, and writes what it would have written."""
    honest, rows, _ = await poll_twice(config, clock, feeds, titles)
    entries = parse_feed(SECOND.encode(), URL).entries

    async def everything(self: object, feed_id: int, limit: int) -> list[str]:
        return [scope_uid(e.uid, feed_id) for e in entries]

    from storage.news import NewsRepo

    monkeypatch.setattr(NewsRepo, "stored_by_feed", everything)
    titles.clear()
    lied, rows_lied, skipped = await poll_twice(
        await _fresh(config, tmp_path, monkeypatch), FakeClock(), feeds, titles
    )
    assert skipped == 5 + 6  # the worker classified nothing itself ...
    assert len(lied[0]) == 5 and lied[1] == honest[1]  # ... the pipeline did, for the new ones
    assert rows_lied == rows
