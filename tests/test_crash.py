"""kill -9 during a polling cycle, then a restart: no article lost, no alert lost, no alert
queued twice, and the database is sound.

Two real processes are killed:

* ``python -m bot poll-once`` polling 40 local feeds (half of them slow), SIGKILLed from outside
  once the fast half is stored and the slow half is still in flight;
* a small helper that runs the same cycle and SIGKILLs itself *inside* a feed's write
  transaction, after some of that feed's articles (and alerts) were written.

Each time a second ``poll-once`` then runs to completion, and every item of every feed must be
stored exactly once, with exactly one alert per guild for each new story.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import json
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import countries
from bot.config import load_config
from bot.news.classify import classify
from bot.runtime import open_runtime
from bot.services import CLI
from tests.feedserver import FeedServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

ROOT = Path(__file__).resolve().parents[1]
FEEDS = 40
SLOW = range(20, 40)  # these answer after SLOW_DELAY seconds in the cycle that is killed
SLOW_DELAY = 4.0
OLD_ITEMS = 2
NEW_ITEMS = 3
GUILDS = {1: 100, 2: 200}


@functools.cache
def country_names() -> list[str]:
    """Country names the classifier reads as exactly that country, banning Huawei."""
    names = []
    for country in sorted(countries.all_countries(), key=lambda c: c.iso2):
        found = classify(f"{country.name} bans Huawei from 5G networks")
        if found.relevant and [f.iso2 for f in found.findings] == [country.iso2]:
            names.append(country.name)
    return names


def title(feed: int, item: int) -> str:
    """Relevant, and about a country no other item names, so each item is its own story."""
    names = country_names()
    assert len(names) >= FEEDS * (OLD_ITEMS + NEW_ITEMS)
    return f"{names[feed * (OLD_ITEMS + NEW_ITEMS) + item]} bans Huawei from 5G networks"


def feed_body(feed: int, items: range, published: datetime) -> str:
    date = email.utils.format_datetime(published, usegmt=True)
    entries = "".join(
        f"<item><title>{title(feed, n)}</title>"
        f"<link>https://news{feed}.example.com/{n}</link><guid>https://news{feed}.example.com/{n}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for n in items
    )
    return f"<rss version='2.0'><channel><title>Feed {feed}</title>{entries}</channel></rss>"


def write_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        "feeds = []\n"
        f"[storage]\npath = {json.dumps(str(tmp_path / 'crash.sqlite3'))}\n"
        "[polling]\n"
        "allow_private_addresses = true\n"
        "parser_processes = 0\n"
        "timeout_seconds = 10\n"
        "max_concurrency = 64\n"
        "per_host_concurrency = 64\n"
        "max_age_days = 3650\n",
        "utf-8",
    )
    return path


def query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def env() -> dict[str, str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("POLICYWATCH_CONFIG", "DISCORD_TOKEN")
    }
    clean["PYTHONPATH"] = str(ROOT)
    return clean


async def poll_once(config: Path, log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as err:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "--config",
            str(config),
            "poll-once",
            cwd=ROOT,
            env=env(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )


# Runs one cycle like poll-once, but SIGKILLs itself inside the write transaction of the Nth
# feed with new articles, right after its articles went in (the rest of its rows not yet).
KILL_INSIDE_TRANSACTION = """
import asyncio, os, signal, sys
from bot.config import load_config
from bot.runtime import open_runtime
from storage.ingest import Ingest

async def main():
    config = load_config(sys.argv[1])
    kill_at = int(sys.argv[2])
    original = Ingest.insert_articles
    calls = 0
    def insert_articles(self, rows):
        nonlocal calls
        original(self, rows)
        calls += 1
        if calls == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    Ingest.insert_articles = insert_articles
    async with open_runtime(config) as rt:
        await rt.pipeline.run_cycle(force=True)

asyncio.run(main())
"""


async def first_poll(tmp_path: Path, feeds: FeedServer) -> tuple[Path, Path, list[str]]:
    """Config, database and 40 feeds polled once (old items stored, no alerts yet); then
    every feed gets NEW_ITEMS new items."""
    config_path = write_config(tmp_path)
    config = load_config(str(config_path))
    published = datetime.now(UTC) - timedelta(hours=1)
    paths = [f"feed{i}.xml" for i in range(FEEDS)]
    for i, path in enumerate(paths):
        feeds.serve(path, feed_body(i, range(OLD_ITEMS), published))
    async with open_runtime(config) as rt:
        for guild, channel in GUILDS.items():
            await rt.services.configure_alerts(guild, CLI, alert_channel_id=channel)
        for i, path in enumerate(paths):
            await rt.services.add_feed(feeds.url(path), f"Feed {i}", CLI, "test")
        first = await rt.pipeline.run_cycle()
    assert len(first.articles) == FEEDS * OLD_ITEMS and first.alerts_queued == 0
    for i, path in enumerate(paths):
        feeds.serve(path, feed_body(i, range(OLD_ITEMS + NEW_ITEMS), published))
    return config_path, config.db_path, paths


def uid(feed: int, item: int) -> str:
    # A URL guid: its id is global ("o:" ids of opaque guids carry the feed's database id).
    return f"g:https://news{feed}.example.com/{item}"


def new_uids(feeds: Iterable[int]) -> tuple[str, ...]:
    return tuple(uid(i, n) for i in feeds for n in range(OLD_ITEMS, OLD_ITEMS + NEW_ITEMS))


def count_of(db: Path, uids: tuple[str, ...]) -> int:
    marks = ",".join("?" * len(uids))
    return int(query(db, f"SELECT COUNT(*) FROM articles WHERE uid IN ({marks})", uids)[0][0])


async def restart_and_check(config_path: Path, db: Path, log: Path) -> None:
    """Run poll-once to completion, then check every invariant."""
    proc = await poll_once(config_path, log)
    code = await asyncio.wait_for(proc.wait(), 20)
    assert code == 0, log.read_text("utf-8", "replace")
    assert query(db, "PRAGMA integrity_check") == [("ok",)]

    # Every item of every feed, exactly once.
    uids = [row[0] for row in query(db, "SELECT uid FROM articles")]
    expected = {uid(i, n) for i in range(FEEDS) for n in range(OLD_ITEMS + NEW_ITEMS)}
    assert len(uids) == len(expected) and set(uids) == expected

    # Every story whose first article was alertable has exactly one post queued per guild; no
    # other story has any; nothing is queued twice.
    stories = query(
        db,
        "SELECT a.story_id, a.alertable FROM articles a "
        "WHERE a.id = (SELECT MIN(b.id) FROM articles b WHERE b.story_id = a.story_id)",
    )
    alertable = {story for story, flag in stories if flag}
    assert len(alertable) >= FEEDS * NEW_ITEMS, "too few new stories; the test proves little"
    queued = query(
        db, "SELECT guild_id, channel_id, story_id FROM outbox WHERE kind = 'story' ORDER BY id"
    )
    assert len(queued) == len(set(queued)), "an alert was queued twice"
    for guild in GUILDS:
        assert {s for g, _, s in queued if g == guild} == alertable, f"guild {guild}"
    assert {(g, c) for g, c, _ in queued} == set(GUILDS.items())
    assert len(queued) == len(GUILDS) * len(alertable)
    # The new items' stories are all among them (relevant, recent, after the first poll).
    marks = ",".join("?" * FEEDS * NEW_ITEMS)
    new_stories = query(
        db,
        f"SELECT DISTINCT story_id FROM articles WHERE alertable = 1 AND uid IN ({marks})",
        new_uids(range(FEEDS)),
    )
    assert {s for (s,) in new_stories} <= alertable
    assert query(db, "SELECT COUNT(*) FROM feeds WHERE failures > 0") == [(0,)]


async def test_kill_9_while_feeds_are_in_flight(tmp_path: Path, feeds: FeedServer) -> None:
    config_path, db, paths = await first_poll(tmp_path, feeds)
    log = tmp_path / "poll.log"
    for i in SLOW:
        feeds.routes["/" + paths[i]].delay = SLOW_DELAY
    hits_before = dict(feeds.hits)
    fast_done = FEEDS * OLD_ITEMS + (FEEDS - len(SLOW)) * NEW_ITEMS

    proc = await poll_once(config_path, log)
    deadline = time.monotonic() + 15
    try:
        while True:
            stored = query(db, "SELECT COUNT(*) FROM articles")[0][0]
            asked = sum(feeds.hits.get("/" + p, 0) > hits_before.get("/" + p, 0) for p in paths)
            if stored >= fast_done and asked == FEEDS:
                break
            assert proc.returncode is None, "poll-once ended before it could be killed"
            assert time.monotonic() < deadline, f"stuck: {stored} stored, {asked} asked"
            await asyncio.sleep(0.02)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGKILL)
        await proc.wait()
    assert proc.returncode == -signal.SIGKILL

    # What the kill left: sound, the fast half complete, the slow half not stored at all.
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert count_of(db, new_uids(SLOW)) == 0, "a slow feed finished before the kill"
    assert count_of(db, new_uids(range(SLOW.start))) == SLOW.start * NEW_ITEMS

    for i in SLOW:
        feeds.routes["/" + paths[i]].delay = 0  # the restart need not wait
    await restart_and_check(config_path, db, log)


async def test_kill_9_inside_a_write_transaction(tmp_path: Path, feeds: FeedServer) -> None:
    config_path, db, _ = await first_poll(tmp_path, feeds)
    log = tmp_path / "poll.log"
    script = tmp_path / "kill_inside.py"
    script.write_text(KILL_INSIDE_TRANSACTION, "utf-8")
    kill_at = 6  # five feeds committed, the sixth with its articles written, not committed
    with log.open("ab") as err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(script),
            str(config_path),
            str(kill_at),
            cwd=ROOT,
            env=env(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )
    assert await asyncio.wait_for(proc.wait(), 20) == -signal.SIGKILL

    # All or nothing per feed: five feeds' new items and alerts, none of the sixth's.
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    total_new = int(query(db, "SELECT COUNT(*) FROM articles")[0][0]) - FEEDS * OLD_ITEMS
    assert total_new == 5 * NEW_ITEMS
    per_feed = query(
        db,
        f"SELECT feed_id, COUNT(*) FROM articles WHERE uid IN ({','.join('?' * FEEDS * NEW_ITEMS)})"
        " GROUP BY feed_id",
        new_uids(range(FEEDS)),
    )
    assert sorted(n for _, n in per_feed) == [NEW_ITEMS] * 5  # no feed half-stored
    outbox = int(query(db, "SELECT COUNT(*) FROM outbox WHERE kind = 'story'")[0][0])
    assert outbox == 5 * NEW_ITEMS * len(GUILDS)  # one per new story and guild, no more

    await restart_and_check(config_path, db, log)
