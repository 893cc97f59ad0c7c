"""Parsing and classification off the event loop: a process pool (both cores), or a thread."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace

from bot.news.classify import Classification, classify, could_be_relevant, language
from bot.news.entries import Entry, parse_feed
from bot.news.stories import context_tokens, home_country, tokens

# What an article that cannot be relevant is classified as: no score, no country, no story.
OFF_TOPIC = Classification(False, 0.0, (), ("off-topic: names no vendor and no policy angle",))


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One entry as the pipeline needs it. ``words`` (the headline's grouping words) and
    ``context`` (its standfirst's) are None for an off-topic entry, which joins no story."""

    entry: Entry
    classification: Classification
    words: frozenset[str] | None = None
    context: frozenset[str] = frozenset()

    @property
    def on_topic(self) -> bool:
        return self.words is not None


@dataclass(frozen=True, slots=True)
class ParsedBatch:
    title: str | None
    items: tuple[ParsedItem, ...]
    error: str | None


def prepare(entry: Entry, threshold: float) -> ParsedItem:
    """Classify one entry and, when it may matter, compute the words grouping compares."""
    lang = language(entry.title, entry.summary)
    if not could_be_relevant(entry.title, entry.summary, threshold, lang):
        # Kept only so that it is not read again: its standfirst is never shown, so not kept.
        return ParsedItem(replace(entry, summary=""), replace(OFF_TOPIC, lang=lang))
    words = tokens(entry.title)
    return ParsedItem(
        entry,
        classify(
            entry.title,
            entry.summary,
            threshold,
            lambda: home_country(entry.outlet, entry.link),  # only if needed
            lang,
        ),
        words,
        context_tokens(entry.summary, words, outlet=entry.outlet, link=entry.link),
    )


def parse_and_classify(
    body: bytes, url: str, name: str, content_type: str, threshold: float
) -> ParsedBatch:
    """Runs in a worker: parse the feed and prepare each entry, returning slim data."""
    parsed = parse_feed(body, url, name, content_type)
    items = tuple(prepare(e, threshold) for e in parsed.entries)
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
