"""Issue 13.2: a big feed does not hold the event loop, is capped per poll (newest first),
and off-topic articles kept only for dedup are forgotten after the configured age."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from bot.config import StorageConfig
from bot.news import pipeline
from bot.runtime import open_runtime
from bot.services import CLI
from tests.conftest import FakeClock, make_config
from tests.feedserver import FeedServer


def rss(titles: list[str], start: int = 0) -> str:
    items = "".join(
        f"<item><title>{t}</title><link>https://news.example/{start + i}</link>"
        f"<guid>g{start + i}</guid></item>"
        for i, t in enumerate(titles)
    )
    return f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>"


async def test_grouping_yields_to_the_loop_between_slices(
    tmp_path: Path, clock: FakeClock, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PLAN_SLICE", 0.0)  # yield after every item
    titles = [f"Country {i} weighs a ban on Huawei 5G gear, report {i}" for i in range(400)]
    async with open_runtime(make_config(tmp_path, max_items_per_feed=400), clock) as rt:
        await rt.services.add_feed(feeds.serve("big.xml", rss(titles)), "big", CLI, "t")
        ticks = 0
        done = False

        async def ticker() -> None:
            nonlocal ticks
            while not done:
                ticks += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(ticker())
        report = await rt.pipeline.run_cycle()
        done = True
        await task
        assert len(report.articles) == 400
        assert ticks >= 400  # the loop ran other tasks between the items being grouped


async def test_offtopic_articles_are_pruned_after_the_retention(
    tmp_path: Path, clock: FakeClock, feeds: FeedServer
) -> None:
    config = make_config(tmp_path)
    config = dataclasses.replace(
        config, storage=StorageConfig(path=config.storage.path, offtopic_retention_days=30)
    )
    async with open_runtime(config, clock) as rt:
        url = feeds.serve("f.xml", rss(["Bakery opens", "Weather: sunny", "Huawei 5G ban in UK"]))
        await rt.services.add_feed(url, "f", CLI, "t")
        await rt.pipeline.run_cycle()
        assert (await rt.store.news.counts())[0] == 3
        clock.advance(days=31)
        feeds.serve("f.xml", rss(["Germany bans Huawei 5G gear"], start=10))
        await rt.pipeline.run_cycle()
        rows = await rt.store.db.fetchall("SELECT title, story_id FROM articles ORDER BY id")
        titles = [r["title"] for r in rows]
        assert "Bakery opens" not in titles and "Weather: sunny" not in titles
        assert "Huawei 5G ban in UK" in titles and "Germany bans Huawei 5G gear" in titles
