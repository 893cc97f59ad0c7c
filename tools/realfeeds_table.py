"""Poll the real publisher feeds in tests/data/feeds/real once and print what was kept.

    .venv/bin/python tools/realfeeds_table.py

Each file is served by the tests' local feed server (127.0.0.1) and polled by the real runtime
(``open_runtime``: Fetcher, ParserPool in a thread, Pipeline) into a temporary SQLite file.
One row per feed: the entries feedparser sees, the items stored, how many stored items have a
date read from the feed (not estimated), the feed's state after the poll (``ok`` or its
last_error), and one stored date as a sample. Prints a Markdown table; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncio  # noqa: E402
import tempfile  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import feedparser  # noqa: E402

from bot.config import Config, PollingConfig, StorageConfig  # noqa: E402
from bot.runtime import open_runtime  # noqa: E402
from bot.services import CLI  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402

REAL = ROOT / "tests" / "data" / "feeds" / "real"


async def main() -> None:
    files = sorted(p for p in REAL.iterdir() if p.suffix in (".xml", ".rss", ".atom"))
    server = FeedServer()
    await server.start()
    print("| feed file | entries | stored | dates read | state | a stored date |")
    print("|---|---:|---:|---:|---|---|")
    totals = [0, 0, 0]
    try:
        for path in files:  # each in its own database: no dedup across the files
            body = path.read_bytes()
            entries = len(feedparser.parse(body).entries)
            stored, dates, state, sample = await poll(server, path, body)
            if state != "ok" and "truncated" in state:
                kept, _, _, _ = await poll(server, path, body, keep=True)
                state += f"; {kept} kept with keep_items_from_truncated_feeds"
            totals = [totals[0] + entries, totals[1] + stored, totals[2] + dates]
            print(f"| {path.name} | {entries} | {stored} | {dates} | {state} | {sample} |")
    finally:
        await server.stop()
    print(f"| **total** | {totals[0]} | {totals[1]} | {totals[2]} | | |")


async def poll(
    server: FeedServer, path: Path, body: bytes, keep: bool = False
) -> tuple[int, int, str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(
            storage=StorageConfig(path=str(Path(tmp) / "real.sqlite3")),
            polling=PollingConfig(
                allow_private_addresses=True,
                parser_processes=0,
                keep_items_from_truncated_feeds=keep,
            ),
            feeds=(),
        )
        now = datetime(2026, 1, 1, tzinfo=UTC)
        async with open_runtime(config, lambda: now, seed=False) as rt:
            url = server.serve(f"real/{path.name}", body)
            feed = await rt.services.add_feed(url, path.stem, CLI, "tool")
            await rt.pipeline.run_cycle(force=True)
            columns = {str(r[1]) for r in await rt.store.db.fetchall("PRAGMA table_info(articles)")}
            dated = "published_at IS NOT NULL" + (
                " AND date_estimated = 0" if "date_estimated" in columns else ""
            )
            row = await rt.store.db.fetchone(
                f"SELECT COUNT(*), SUM({dated}), MIN(published_at) FROM articles WHERE feed_id = ?",
                (feed.id,),
            )
            assert row is not None
            after = await rt.store.feeds.by_url(url)
            error = after.last_error if after is not None else None
            state = "ok" if not error else f"failed: {error[:100]}"
            sample = str(row[2])[:19] if row[2] else "-"
            return int(row[0]), int(row[1] or 0), state, sample


if __name__ == "__main__":
    asyncio.run(main())
