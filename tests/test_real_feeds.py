"""Real publisher feeds (tests/data/feeds/real, see LICENSES.md there) polled over the local
feed server: dates in any language, ids that cannot collide, truncation noticed (issue 18)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import parse_config
from bot.errors import ConfigError
from bot.news.dates import read_date
from bot.runtime import Runtime, open_runtime
from bot.services import CLI
from storage.migrate import bundled_migrations, migrate
from tests.feedserver import FeedServer
from tests.helpers import FakeClock, make_config

REAL = Path(__file__).parent / "data" / "feeds" / "real"


@pytest.fixture
def clock() -> FakeClock:
    """After every fixture's dates: the pipeline shows an item dated in the future at the time
    it was seen, which would hide the dates these tests read."""
    return FakeClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))


def real(name: str) -> bytes:
    return (REAL / name).read_bytes()


async def poll_feed(rt: Runtime, feeds: FeedServer, path: str, body: bytes, name: str = "") -> int:
    feed = await rt.services.add_feed(feeds.serve(path, body), name or path, CLI, "test")
    await rt.pipeline.run_cycle()
    return feed.id


async def rows(rt: Runtime, feed_id: int) -> list[Any]:
    return list(
        await rt.store.db.fetchall(
            "SELECT uid, link, title, summary, published_at, date_estimated FROM articles "
            "WHERE feed_id = ? ORDER BY id",
            (feed_id,),
        )
    )


def utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).isoformat()


def rss(items: str, channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<link>https://pub.example/</link>{channel}{items}</channel></rss>"
    ).encode()


async def test_every_whole_real_feed_is_read_with_its_dates(rt: Runtime, feeds: FeedServer) -> None:
    import feedparser

    names = sorted(
        p.name for p in REAL.iterdir() if p.suffix != ".md" and not p.name.startswith("trunc")
    )
    for name in names:
        await rt.services.add_feed(feeds.serve(name, real(name)), name, CLI, "test")
    report = await rt.pipeline.run_cycle()
    assert report.failed == 0, report.errors
    entries = sum(len(feedparser.parse(real(name)).entries) for name in names)
    assert len(report.articles) == entries  # no two publishers' items collide
    undated = [a.feed for a in report.articles if a.date_estimated]
    assert undated == ["feedrs_rss_0.91_encoding_1.xml"]  # Dicas-L's item has no date at all
    qq = [a.title for a in report.articles if a.feed == "rssparser_encoding-gb2312.xml"]
    assert qq[0] == "习近平为何如此强调崇尚英雄？"


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mer, 16 nov 2022 00:38:15 +0100", "2022-11-16T00:38:15+01:00"),  # it
        ("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T19:42:40-03:00"),  # pt
        ("Mittwoch, 16. November 2022, 14:30 Uhr +0100", "2022-11-16T14:30:00+01:00"),  # de
        ("Mi, 16 Mär 2022 14:30:00 +0100", "2022-03-16T14:30:00+01:00"),  # de
        ("mer., 16 févr. 2022 08:00:00 +0100", "2022-02-16T08:00:00+01:00"),  # fr
        ("miércoles, 16 de noviembre de 2022 9:05 p.m. -0300", "2022-11-16T21:05:00-03:00"),  # es
        ("śr, 16 lis 2022 10:00:00 +0100", "2022-11-16T10:00:00+01:00"),  # pl
        ("16 października 2022 10:15 +0200", "2022-10-16T10:15:00+02:00"),  # pl
        ("wo, 16 mrt 2022 10:00:00 +0100", "2022-03-16T10:00:00+01:00"),  # nl
        ("ons, 16 okt 2022 10:00:00 +0200", "2022-10-16T10:00:00+02:00"),  # sv
        ("lör 19 mars 2022 07:00 +0100", "2022-03-19T07:00:00+01:00"),  # sv
        ("joi, 17 noiembrie 2022 12:00 EET", "2022-11-17T12:00:00+02:00"),  # ro
        ("tor, 17 maj 2022 12:00:00 +0200", "2022-05-17T12:00:00+02:00"),  # da
        ("Sat, 16 Dec 2023 02:02:33 +0000", "2023-12-16T02:02:33+00:00"),  # en
        ("mar, 15 mar 2022 10:00:00 +0100", "2022-03-15T10:00:00+01:00"),  # "mar": day and month
        ("Sat, Dec 16 2023 02:02:33 PM -0500", "2023-12-16T14:02:33-05:00"),
        ("Sat, Dec 16 2023 12:10:00 AM -0500", "2023-12-16T00:10:00-05:00"),
        ("2009-08-31T18:55:12.569Z", "2009-08-31T18:55:12.569000+00:00"),
        ("16.11.2022 08:00 +0100", "2022-11-16T08:00:00+01:00"),
        ("Wed, 16 Nov 2022 05:33:59 +0100 (CET)", "2022-11-16T05:33:59+01:00"),
    ],
)
def test_dates_in_many_languages_and_clocks(text: str, expected: str) -> None:
    assert read_date(text) == datetime.fromisoformat(expected)


def test_zone_less_dates_are_naive_and_unreadable_ones_are_none() -> None:
    assert read_date("2020/1/10 14:33:00") == datetime(2020, 1, 10, 14, 33)
    assert read_date("Sat, Dec 16 2023 02:02:33 PM") == datetime(2023, 12, 16, 14, 2, 33)
    for text in ("03/04/2020 10:00", "Blursday, 16 nov 2022", "13:00 PM 16 nov 2022", "soon"):
        assert read_date(text) is None, text


async def test_localized_dates_of_real_feeds_are_read(rt: Runtime, feeds: FeedServer) -> None:
    # Il Messaggero writes Italian day and month names; UOL Portuguese (all 15 items).
    messaggero = await poll_feed(rt, feeds, "m.xml", real("feedrs_rss_2.0_ilmessaggero.xml"))
    uol = await poll_feed(rt, feeds, "uol.rss", real("rssparser_uolNoticias.rss"))
    [item] = await rows(rt, messaggero)
    assert item["published_at"] == utc("2022-11-16T00:38:15+01:00")
    assert item["date_estimated"] == 0
    uol_rows = await rows(rt, uol)
    assert len(uol_rows) == 15
    assert all(r["date_estimated"] == 0 for r in uol_rows)
    assert uol_rows[0]["published_at"] == utc("2018-09-24T19:42:40-03:00")


async def test_twelve_hour_clock_takes_the_channels_zone(rt: Runtime, feeds: FeedServer) -> None:
    # NBC New York: "Sat, Dec 16 2023 02:02:33 PM", its <lastBuildDate> is at -0500.
    feed_id = await poll_feed(rt, feeds, "nbc.xml", real("feedrs_rss_2.0_nbcny.xml"))
    [item] = await rows(rt, feed_id)
    assert item["published_at"] == utc("2023-12-16T14:02:33-05:00")


async def test_slash_dates_are_read_day_for_day(rt: Runtime, feeds: FeedServer) -> None:
    # No real fixture with this form was found; the form is Dvbbs.Net's, as the issue quotes it.
    body = rss(
        "<item><title>Slash-dated item</title><link>https://pub.example/1</link>"
        "<pubDate>2020/1/10 14:33:00</pubDate></item>",
        "<lastBuildDate>Fri, 10 Jan 2020 15:00:00 +0800</lastBuildDate>",
    )
    feed_id = await poll_feed(rt, feeds, "slash.xml", body)
    [item] = await rows(rt, feed_id)
    assert item["published_at"] == utc("2020-01-10T14:33:00+08:00")


async def test_undated_item_is_dated_when_first_seen_and_marked(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    # Dicas-L's item has no date at all.
    url = feeds.serve("dicas.xml", real("feedrs_rss_0.91_encoding_1.xml"))
    await rt.services.add_feed(url, "Dicas-L", CLI, "test")
    report = await rt.pipeline.run_cycle()
    [article] = report.articles
    assert article.date_estimated and article.published == clock()
    assert article.as_json()["date_estimated"] is True
    row = await rt.store.db.fetchone("SELECT published_at, date_estimated FROM articles")
    assert row is not None and row["date_estimated"] == 1
    assert row["published_at"] == clock().isoformat()


async def test_undated_items_are_old_on_a_first_poll_and_new_later(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
    item = (
        "<item><title>Canada bans Huawei and ZTE from its 5G networks</title>"
        "<link>https://pub.example/{n}</link><guid isPermaLink='false'>{n}</guid></item>"
    )
    url = feeds.serve("undated.xml", rss(item.format(n=1)))
    await rt.services.add_feed(url, "U", CLI, "test")
    first = await rt.pipeline.run_cycle()
    assert [a.date_estimated for a in first.articles] == [True]
    assert first.alerts_queued == 0  # on the first poll an undated item is old
    feeds.serve(
        "undated.xml",
        rss(
            item.format(n=2).replace("Canada", "Portugal").replace("ZTE", "ZTE equipment")
            + item.format(n=1)
        ),
    )
    clock.advance(minutes=11)
    second = await rt.pipeline.run_cycle()
    assert [a.title for a in second.articles] == [
        "Portugal bans Huawei and ZTE equipment from its 5G networks"
    ]
    assert second.articles[0].date_estimated
    assert second.alerts_queued == 1  # first seen now: news


# -- ids -----------------------------------------------------------------------------------


async def test_opaque_guid_reused_by_another_feed_is_not_dropped(
    rt: Runtime, feeds: FeedServer
) -> None:
    nbc = await poll_feed(rt, feeds, "nbc.xml", real("feedrs_rss_2.0_nbcny.xml"))
    other = rss(
        "<item><title>Another publisher's story</title><link>https://pub.example/a</link>"
        '<guid isPermaLink="false">4956764</guid>'
        "<pubDate>Sat, 16 Dec 2023 10:00:00 +0000</pubDate></item>"
    )
    second = await poll_feed(rt, feeds, "other.xml", other)
    [mine] = await rows(rt, nbc)
    [theirs] = await rows(rt, second)
    assert mine["uid"] == f"o:{nbc}:4956764"
    assert theirs["uid"] == f"o:{second}:4956764"
    assert theirs["title"] == "Another publisher's story"


async def test_cross_feed_dedup_is_by_link(rt: Runtime, feeds: FeedServer) -> None:
    item = (
        "<item><title>Same story</title><link>https://pub.example/same?utm_source=x</link>"
        '<guid isPermaLink="false">{guid}</guid></item>'
    )
    await poll_feed(rt, feeds, "a.xml", rss(item.format(guid="a-1")))
    await poll_feed(rt, feeds, "b.xml", rss(item.format(guid="b-77")))
    total, _ = await rt.store.news.counts()
    assert total == 1


async def test_bare_numeric_guid_is_used_as_written(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    body = rss(
        "<item><title>Numeric guid, no link</title><guid>1559067462522</guid>"
        "<pubDate>Tue, 28 May 2019 18:17:42 +0000</pubDate></item>"
    )
    feed_id = await poll_feed(rt, feeds, "dir/feed.xml", body)
    [item] = await rows(rt, feed_id)
    assert item["uid"] == f"o:{feed_id}:1559067462522"  # not http://127.0.0.1:port/dir/...
    assert item["link"] is None  # the address feedparser made up from the guid is no link
    # Still one article after the body changes: the id is stable.
    feeds.serve("dir/feed.xml", body + b" ")
    clock.advance(minutes=11)
    again = await rt.pipeline.run_cycle()
    assert again.articles == [] and again.fetched == 1


def test_migration_scopes_stored_opaque_ids_and_marks_undated(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "old.sqlite3")
    migrations = bundled_migrations()
    scoped = next(i for i, m in enumerate(migrations) if "feed_scoped_ids" in str(m))
    migrate(conn, migrations[:scoped])
    conn.execute(
        "INSERT INTO feeds (id, url, name, created_at) "
        "VALUES (7, 'https://a.example/f', 'A', '2020-01-01T00:00:00+00:00')"
    )
    for uid, published in (
        ("g:4956764", "2020-01-01T00:00:00+00:00"),
        ("g:https://a.example/1", None),
        ("l:https://a.example/2", None),
    ):
        conn.execute(
            "INSERT INTO articles (feed_id, uid, link, title, published_at, fetched_at, "
            "relevant, score, alertable) VALUES (7, ?, NULL, 't', ?, "
            "'2020-02-02T00:00:00+00:00', 0, 0, 0)",
            (uid, published),
        )
    conn.commit()
    migrate(conn, migrations)
    got = conn.execute(
        "SELECT uid, published_at, date_estimated FROM articles ORDER BY id"
    ).fetchall()
    assert got == [
        ("o:7:4956764", "2020-01-01T00:00:00+00:00", 0),
        ("g:https://a.example/1", "2020-02-02T00:00:00+00:00", 1),
        ("l:https://a.example/2", "2020-02-02T00:00:00+00:00", 1),
    ]
    conn.close()


# -- truncation ----------------------------------------------------------------------------


async def test_truncated_feed_fails_with_the_reason_and_stores_nothing(
    rt: Runtime, feeds: FeedServer
) -> None:
    for name in ("truncated_guardian_80k.rss", "truncated_uolNoticias_cdata.rss"):
        url = feeds.serve(name, real(name))
        await rt.services.add_feed(url, name, CLI, "test")
    report = await rt.pipeline.run_cycle()
    assert report.failed == 2 and report.articles == []
    errors = dict(report.errors)
    assert "the feed is truncated" in errors["truncated_guardian_80k.rss"]
    assert "unclosed CDATA section" in errors["truncated_uolNoticias_cdata.rss"]
    row = await rt.store.feeds.by_url(feeds.url("truncated_guardian_80k.rss"))
    assert row is not None and row.state == "failing" and row.failures == 1


async def test_policy_keeps_whole_items_of_a_truncated_feed(
    tmp_path: Path, feeds: FeedServer, clock: FakeClock
) -> None:
    config = make_config(tmp_path, keep_items_from_truncated_feeds=True)
    async with open_runtime(config, clock) as rt:
        url = feeds.serve("guardian.rss", real("truncated_guardian_80k.rss"))
        feed = await rt.services.add_feed(url, "Guardian", CLI, "test")
        cut = await rt.pipeline.run_cycle()
        # 29 items began before the cut at 80 KB; 28 ended before it.
        assert len(cut.articles) == 28 and cut.failed == 1
        assert all(not a.date_estimated for a in cut.articles)
        row = await rt.store.feeds.by_url(url)
        assert row is not None and row.last_error and "truncated" in row.last_error
        feeds.serve("guardian.rss", real("rssparser_guardian.rss"))
        clock.advance(hours=1)
        whole = await rt.pipeline.run_cycle()
        assert len(whole.articles) == 55 - 28 and whole.failed == 0
        assert len(await rows(rt, feed.id)) == 55
        row = await rt.store.feeds.by_url(url)
        assert row is not None and row.state == "ok"


async def test_config_key_is_validated() -> None:
    config = parse_config("[polling]\nkeep_items_from_truncated_feeds = true")
    assert config.polling.keep_items_from_truncated_feeds is True
    with pytest.raises(ConfigError, match=r"polling\.keep_items_from_truncated_feeds"):
        parse_config("[polling]\nkeep_items_from_truncated_feeds = 'yes'")


async def test_stored_item_is_completed_when_a_later_poll_carries_it_whole(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    # As a cut-off copy was stored before this fix: title and summary cut, no date.
    guid = "https://www.theguardian.com/world/2018/jan/31/item"
    cut = rss(
        f"<item><title>UK bans Huawei</title><guid>{guid}</guid>"
        "<description>The government said on</description></item>"
    )
    feed_id = await poll_feed(rt, feeds, "g.xml", cut)
    [before] = await rows(rt, feed_id)
    assert before["date_estimated"] == 1
    whole = rss(
        f"<item><title>UK bans Huawei from its 5G networks</title><guid>{guid}</guid>"
        "<description>The government said on Tuesday that operators must remove kit."
        "</description><pubDate>Wed, 31 Jan 2018 20:15:15 GMT</pubDate></item>"
    )
    feeds.serve("g.xml", whole)
    clock.advance(minutes=11)
    report = await rt.pipeline.run_cycle()
    assert report.articles == []  # the same article, not a new one
    [after] = await rows(rt, feed_id)
    assert after["title"] == "UK bans Huawei from its 5G networks"
    assert after["summary"] == "The government said on Tuesday that operators must remove kit."
    assert after["published_at"] == "2018-01-31T20:15:15+00:00"
    assert after["date_estimated"] == 0
    # An editor's different headline is not a "whole copy": it is left alone.
    feeds.serve("g.xml", whole.replace(b"UK bans Huawei from its", b"Britain drops Huawei from"))
    clock.advance(minutes=11)
    await rt.pipeline.run_cycle()
    [last] = await rows(rt, feed_id)
    assert last["title"] == "UK bans Huawei from its 5G networks"


def test_fixtures_are_credited() -> None:
    notice = (REAL / "LICENSES.md").read_text()
    for path in REAL.iterdir():
        if path.name != "LICENSES.md":
            assert f"`{path.name}`" in notice or f"| {path.name} |" in notice, path.name
    assert notice.count("MIT License") == 2


def test_handler_is_registered_with_feedparser() -> None:
    import feedparser

    parsed = feedparser.parse(real("feedrs_rss_2.0_ilmessaggero.xml"))
    assert parsed.entries[0].published_parsed[:6] == (2022, 11, 15, 23, 38, 15)
