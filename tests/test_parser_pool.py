"""Issues 13.3 and 13.4: parsing is bounded (time, memory, entity declarations, attribute
counts) and a dead parser worker is replaced without counting against any feed; the fork
server and the workers exit with the main process, even after kill -9."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Config
from bot.news.lexicon import LANGUAGES
from bot.news.workers import _alive, hostile_reason, warm_state
from bot.runtime import Runtime, open_runtime
from bot.services import CLI
from tests.conftest import FakeClock, make_config
from tests.feedserver import FeedServer


def rss(n: int, start: int = 0) -> str:
    items = "".join(
        f"<item><title>Germany weighs Huawei 5G ban, item {i}</title>"
        f"<link>https://news.example/{i}</link><guid>g{i}</guid>"
        f"<pubDate>Thu, 19 May 2022 {i % 24:02d}:00:00 GMT</pubDate></item>"
        for i in range(start, start + n)
    )
    return f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>"


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]><rss version='2.0'><channel><title>&i;</title><item><title>&i;</title></item>"
    "</channel></rss>"
)
ATTRIBUTES = (
    "<rss version='2.0'><channel><item "
    + " ".join(f'a{i}="1"' for i in range(5000))
    + "><title>x</title></item></channel></rss>"
)


@pytest.fixture
async def procs(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Runtime]:
    """A runtime with one real parser process (the default config uses a thread in tests)."""
    config: Config = make_config(
        tmp_path, parser_processes=1, parse_timeout_seconds=1, max_feed_bytes=50_000_000
    )
    async with open_runtime(config, clock) as rt:
        yield rt


async def test_workers_start_with_every_language_built(procs: Runtime) -> None:
    """The fork server builds what classifying reads (bot.news.prewarm) before it forks the
    workers: a worker that has parsed nothing yet has every other language's lexicon and
    place names, so no worker builds them on its first feeds, inside a poll cycle."""
    loop = asyncio.get_running_loop()
    others = len(LANGUAGES) - 1
    assert await loop.run_in_executor(procs.parser._executor, warm_state) == (others, others)


async def test_warm_up_builds_the_grouping_weights(procs: Runtime) -> None:
    """``warm_up`` reads the lexicons' stop words for grouping's word weights before the
    first cycle (they were read on the event loop, inside it, by the first story grouped)."""
    from bot.news.stories import text as story_text
    from bot.runtime import warm_up

    story_text._function_words.cache_clear()
    await warm_up(procs)
    assert story_text._function_words.cache_info().currsize == 1
    assert story_text._function_words()  # the other languages' stop words are there


def test_hostile_bodies_are_refused_before_parsing() -> None:
    assert "ENTITY" in (hostile_reason(BILLION_LAUGHS.encode()) or "")
    assert "ENTITY" in (hostile_reason(BILLION_LAUGHS.encode("utf-16")) or "")
    assert "attributes" in (hostile_reason(ATTRIBUTES.encode()) or "")
    assert hostile_reason(rss(50).encode()) is None


async def test_hostile_feeds_are_recorded_as_failing(procs: Runtime, feeds: FeedServer) -> None:
    rt = procs
    urls = {
        "laughs": feeds.serve("laughs.xml", BILLION_LAUGHS),
        "attributes": feeds.serve("attributes.xml", ATTRIBUTES),
        "slow": feeds.serve("slow.xml", rss(60_000)),  # parsing alone takes longer than 1 s
        "good": feeds.serve("good.xml", rss(3)),
    }
    for name, url in urls.items():
        await rt.services.add_feed(url, name, CLI, "test")
    report = await rt.pipeline.run_cycle()
    errors = dict(report.errors)
    assert "ENTITY" in errors["laughs"]
    assert "attributes" in errors["attributes"]
    assert "longer than 1 s" in errors["slow"]
    states = {f.name: f for f in await rt.store.feeds.all()}
    assert states["laughs"].state == "failing" and "ENTITY" in (states["laughs"].last_error or "")
    assert states["slow"].state == "failing"
    assert states["good"].state == "ok" and states["good"].failures == 0


async def test_newest_items_only_are_taken_from_a_big_feed(
    tmp_path: Path, clock: FakeClock, feeds: FeedServer
) -> None:
    config = make_config(tmp_path, max_items_per_feed=25)
    async with open_runtime(config, clock) as rt:
        await rt.services.add_feed(feeds.serve("big.xml", rss(2000)), "big", CLI, "test")
        report = await rt.pipeline.run_cycle()
        assert len(report.articles) == 25
        newest = max(a.published for a in report.articles if a.published)
        assert all(a.published == newest for a in report.articles)  # the 23:00 items


async def test_a_killed_worker_is_replaced_and_not_counted_against_the_feed(
    procs: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    rt = procs
    url = feeds.serve("feed.xml", rss(3))
    await rt.services.add_feed(url, "feed", CLI, "test")
    await rt.pipeline.run_cycle()
    workers = list(rt.parser._executor._processes)  # type: ignore[attr-defined]
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)  # as the OOM killer would
    feeds.serve("feed.xml", rss(3, start=10))
    for _ in range(3):
        clock.advance(minutes=11)
        report = await rt.pipeline.run_cycle()
        assert report.errors == [], report.errors
    feed = (await rt.store.feeds.all())[0]
    assert feed.failures == 0 and feed.state == "ok"
    assert rt.parser.rebuilds == 1
    total, _ = await rt.store.news.counts()
    assert total == 6


async def test_parser_processes_exit_with_a_killed_main_process(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import asyncio, sys, time
        import multiprocessing.forkserver as fs
        from bot.news.workers import ParserPool

        async def main() -> None:
            pool = ParserPool(2, timeout=5, memory_mb=1024)
            body = b"<rss version='2.0'><channel/></rss>"
            await asyncio.gather(*(pool.parse(body, "x", "", "", 0.5) for _ in range(4)))
            pids = [fs._forkserver._forkserver_pid, *pool._executor._processes]
            print(*pids, flush=True)
            time.sleep(120)

        asyncio.run(main())
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=tmp_path, text=True
    )
    assert proc.stdout is not None
    line = await asyncio.to_thread(proc.stdout.readline)
    pids = [int(p) for p in line.split()]
    assert len(pids) == 3 and all(_alive(p) for p in pids)
    proc.kill()  # kill -9
    await asyncio.to_thread(proc.wait)
    for _ in range(100):  # bounded: 10 s at most
        if not any(_alive(p) for p in pids):
            break
        await asyncio.sleep(0.1)
    assert [p for p in pids if _alive(p)] == []


def test_an_article_quoting_entity_syntax_is_not_refused() -> None:
    quoted = (
        "<rss version='2.0'><channel><item><title>XML attacks</title><description>"
        '<![CDATA[ How <!ENTITY a "b"> declarations blow up parsers ]]>'
        "</description></item></channel></rss>"
    )
    assert hostile_reason(quoted.encode()) is None
