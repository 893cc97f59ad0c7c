"""The pipeline's batched write path: Database.run, storage.ingest, and off-topic articles."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.evaluate import default_files, load
from bot.news.classify import classify, could_be_relevant
from bot.news.entries import Entry
from bot.news.workers import prepare
from bot.runtime import Runtime
from bot.services import CLI
from storage.ingest import Ingest
from storage.store import Store
from tests.conftest import FakeClock
from tests.feedserver import FeedServer

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def test_run_commits_what_the_function_wrote(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await store.db.run(
            lambda c: c.execute("INSERT INTO meta (key, value) VALUES ('a', '1')").rowcount
        )
        assert await store.db.scalar("SELECT value FROM meta WHERE key = 'a'") == "1"
    finally:
        await store.close()


async def test_run_rolls_back_everything_when_the_function_raises(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")

    def half(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO meta (key, value) VALUES ('b', '1')")
        raise RuntimeError("crash in the middle")

    try:
        with pytest.raises(RuntimeError):
            await store.db.run(half)
        assert await store.db.scalar("SELECT COUNT(*) FROM meta WHERE key = 'b'") == 0
        # The connection is usable again afterwards.
        await store.db.run(lambda c: c.execute("INSERT INTO meta VALUES ('b', '2')").rowcount)
        assert await store.db.scalar("SELECT value FROM meta WHERE key = 'b'") == "2"
    finally:
        await store.close()


async def test_run_and_transaction_take_turns(tmp_path: Path) -> None:
    """One writer at a time: an aiosqlite transaction waits for a run, and the other way."""
    store = await Store.open(tmp_path / "db.sqlite3")
    order: list[str] = []
    started = asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow(conn: sqlite3.Connection) -> None:
        order.append("run start")
        loop.call_soon_threadsafe(started.set)
        conn.execute("INSERT INTO meta VALUES ('c', '1')")
        time.sleep(0.2)
        order.append("run end")

    async def other() -> None:
        await started.wait()
        async with store.transaction() as conn:
            order.append("transaction")
            await conn.execute("UPDATE meta SET value = '2' WHERE key = 'c'")

    try:
        await asyncio.gather(store.db.run(slow), other())
        assert order == ["run start", "run end", "transaction"]
        assert await store.db.scalar("SELECT value FROM meta WHERE key = 'c'") == "2"
    finally:
        await store.close()


async def test_ingest_counts_only_new_proposals_and_posts(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")

    def write(conn: sqlite3.Connection) -> tuple[int, int, int, int, set[str]]:
        db = Ingest(conn)
        story, article = db.next_ids()
        db.insert_stories([(story, "t", None, "sig", "x", "x", None, 1, 1, 0.9)])
        db.insert_articles(
            [
                (
                    article,
                    None,
                    "g:1",
                    "https://a.example/1",
                    "t",
                    "",
                    "o",
                    None,
                    "x",
                    story,
                    1,
                    0.9,
                    1,
                    0,
                )
            ]
        )
        first = db.propose([(story, "GB", "banned", 0.9), (story, "GB", "banned", 0.9)], NOW)
        again = db.propose([(story, "GB", "banned", 0.9)], NOW)
        posts = db.enqueue_stories([(1, 10, story), (1, 10, story), (2, 20, story)], NOW)
        reposts = db.enqueue_stories([(1, 10, story)], NOW)
        known = db.known(["g:1", "g:2"], ["https://a.example/1", "https://a.example/2"])
        return first, again, posts, reposts, known

    try:
        first, again, posts, reposts, known = await store.db.run(write)
        assert (first, again) == (1, 0)  # one proposal per story and country
        assert (posts, reposts) == (2, 0)  # one post per story and guild
        assert known == {"g:1", "https://a.example/1"}
    finally:
        await store.close()


OFF_TOPIC_ITEM = b"""<item><title>Apple unveils a cheaper foldable laptop for students</title>
<link>https://tech.example.com/apple-laptop</link><guid>tech-1</guid>
<description>The device features a larger screen and a faster processor.</description>
<pubDate>Thu, 19 May 2022 20:00:00 GMT</pubDate></item>"""


async def test_off_topic_articles_are_remembered_but_form_no_story(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    path = feeds.serve("rss_telecom.xml")
    body = feeds.routes["/rss_telecom.xml"].body.replace(b"<item>", OFF_TOPIC_ITEM + b"<item>", 1)
    feeds.serve("rss_telecom.xml", body)
    await rt.services.add_feed(path, "", CLI, "test")
    report = await rt.pipeline.run_cycle()
    by_title = {a.title: a for a in report.articles}
    off = by_title["Apple unveils a cheaper foldable laptop for students"]
    assert off.story_id is None and not off.relevant and off.countries == ()
    assert all(a.story_id is not None for a in report.articles if a is not off)
    stories = await rt.store.db.scalar("SELECT COUNT(*) FROM stories")
    assert stories == len({a.story_id for a in report.articles if a.story_id is not None})
    # Remembered: a changed feed does not bring it back as new.
    feeds.serve("rss_telecom.xml", body.replace(b"</channel>", b"<!-- changed --></channel>"))
    clock.advance(minutes=11)
    again = await rt.pipeline.run_cycle()
    assert again.articles == []


def entry(title: str, summary: str = "") -> Entry:
    return Entry("g:x", None, title, summary, "Outlet", NOW)


def test_prepare_skips_grouping_words_for_off_topic_entries() -> None:
    off = prepare(entry("Apple unveils a cheaper foldable laptop", "For students."), 0.5)
    assert not off.on_topic and off.words is None and not off.classification.relevant
    assert off.entry.title == "Apple unveils a cheaper foldable laptop"
    assert off.entry.summary == ""  # never shown, so neither sent back nor stored
    on = prepare(entry("UK bans Huawei from its 5G networks"), 0.5)
    assert on.on_topic and on.classification.relevant
    assert on.words is not None and "@gb" in on.words


@pytest.mark.parametrize("threshold", [0.41, 0.5, 0.6, 0.8])
def test_the_first_look_never_drops_an_article_the_classifier_keeps(threshold: float) -> None:
    """could_be_relevant is a shortcut, not a second opinion: on every labelled headline, what
    it sets aside is what classify finds irrelevant at that threshold."""
    items = load(default_files())
    dropped = 0
    for item in items:
        title, summary = item["title"], item.get("summary", "")
        if not could_be_relevant(title, summary, threshold):
            dropped += 1
            assert not classify(title, summary, threshold).relevant, title
    assert dropped > 0  # it does set some aside (the labelled distractors without a vendor)


def test_a_low_threshold_turns_the_first_look_off() -> None:
    text = "Operators weigh network security rules for mobile spectrum auction"
    assert not could_be_relevant(text, "", 0.5)
    assert could_be_relevant(text, "", 0.4)


async def test_known_answers_for_many_ids_and_links_across_chunks(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    stored = [(f"g:{i}", f"https://a.example/{i}") for i in range(0, 900, 3)]

    def write(conn: sqlite3.Connection) -> None:
        db = Ingest(conn)
        _, first = db.next_ids()
        db.insert_articles(
            (first + n, None, uid, link, "t", "", "o", None, "x", None, 0, 0.0, 0, 0)
            for n, (uid, link) in enumerate(stored)
        )

    try:
        await store.db.run(write)
        uids = [f"g:{i}" for i in range(900)]  # more than one chunk of each
        links = [f"https://a.example/{i}" for i in range(1, 900, 2)]
        expected = {u for u, _ in stored} | {link for _, link in stored if link in set(links)}
        assert await store.news.known(uids, links) == expected
        assert await store.db.run(lambda c: Ingest(c).known(uids, links)) == expected
        assert await store.news.known([], []) == set()
        assert await store.news.known([], links[:3]) == {links[1]}  # 3 is stored, 1 and 5 not
    finally:
        await store.close()


async def test_a_cancelled_run_still_ends_its_transaction_before_others_write(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    entered = asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO meta VALUES ('d', 'run')")
        loop.call_soon_threadsafe(entered.set)
        time.sleep(0.3)

    try:
        task = asyncio.create_task(store.db.run(slow))
        await entered.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The run finished (and committed) before the cancellation reached its caller.
        assert await store.db.scalar("SELECT value FROM meta WHERE key = 'd'") == "run"
        async with store.transaction() as conn:  # the writer is free again
            await conn.execute("UPDATE meta SET value = 'after' WHERE key = 'd'")
        assert await store.db.scalar("SELECT value FROM meta WHERE key = 'd'") == "after"
    finally:
        await store.close()


async def test_many_recent_stories_come_back_whole(tmp_path: Path) -> None:
    """Over _MANY_ROWS the rows are built off the event loop; the result is the same."""
    store = await Store.open(tmp_path / "db.sqlite3")
    when = "2024-05-01T12:00:00+00:00"

    def write(conn: sqlite3.Connection) -> None:
        db = Ingest(conn)
        first, _ = db.next_ids()
        ids = range(first, first + 700)
        db.insert_stories((i, f"story {i}", None, "w", when, when, when, 1, 1, 0.5) for i in ids)
        db.merge_story_findings((i, "GB" if i % 2 else "SE", "banned", 0.9) for i in ids)

    try:
        await store.db.run(write)
        stories = await store.news.recent_stories(NOW - timedelta(days=1))
        assert len(stories) == 700
        assert [s.title for s in stories[:2]] == ["story 1", "story 2"]
        assert {s.findings[0].iso2 for s in stories} == {"GB", "SE"}
        assert all(len(s.findings) == 1 for s in stories)
    finally:
        await store.close()
