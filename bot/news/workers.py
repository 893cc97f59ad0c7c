"""Parsing and classification off the event loop: a process pool (both cores), or a thread."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

from bot.news.classify import Classification, classify
from bot.news.entries import Entry, parse_feed


@dataclass(frozen=True, slots=True)
class ParsedBatch:
    title: str | None
    items: tuple[tuple[Entry, Classification], ...]
    error: str | None


def parse_and_classify(
    body: bytes, url: str, name: str, content_type: str, threshold: float
) -> ParsedBatch:
    """Runs in a worker: parse the feed and classify each entry, returning slim data."""
    parsed = parse_feed(body, url, name, content_type)
    items = tuple((e, classify(e.title, e.summary, threshold)) for e in parsed.entries)
    return ParsedBatch(parsed.title, items, parsed.error)


class ParserPool:
    """Where feeds are parsed. ``processes=0`` uses one thread (for tests and tiny setups)."""

    def __init__(self, processes: int) -> None:
        self._executor: Executor
        if processes > 0:
            self._executor = ProcessPoolExecutor(
                max_workers=processes, mp_context=multiprocessing.get_context("forkserver")
            )
        else:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-parser")
        self.calls = 0

    async def parse(
        self, body: bytes, url: str, name: str, content_type: str, threshold: float
    ) -> ParsedBatch:
        self.calls += 1
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, parse_and_classify, body, url, name, content_type, threshold
        )

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
