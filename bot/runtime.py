"""Builds the core once (store, services, fetcher, parser, pipeline) for the CLI and the bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.clock import Clock, utcnow
from bot.config import Config
from bot.news.feedcheck import FeedChecker
from bot.news.fetch import Fetcher, make_session
from bot.news.pipeline import Pipeline
from bot.news.workers import ParserPool
from bot.services import Services
from storage.store import Store


@dataclass(slots=True)
class Runtime:
    config: Config
    store: Store
    services: Services
    pipeline: Pipeline
    parser: ParserPool
    clock: Clock


async def warm_up(rt: Runtime) -> None:
    """Build the country detector and grouping's word weights and start the parser workers
    before the first cycle, so none stalls the event loop when the bot is already answering
    people."""
    from bot import countries
    from bot.news import stories

    await asyncio.to_thread(countries.find_mentions, "Warm-up: the UK and Germany")
    await asyncio.to_thread(stories.warm)  # grouping's word weights (the lexicons' stop words)
    await rt.parser.parse(b"<rss version='2.0'><channel/></rss>", "warm-up", "", "", 0.5)


@asynccontextmanager
async def open_runtime(
    config: Config, clock: Clock = utcnow, *, seed: bool = True, sync_feeds: bool = True
) -> AsyncIterator[Runtime]:
    store = await Store.open(config.db_path if not config.uses_postgres else config.db_url)
    polling = config.polling
    parser = ParserPool(
        polling.parser_processes,
        max_items=polling.max_items_per_feed,
        timeout=polling.parse_timeout_seconds,
        memory_mb=polling.parse_memory_mb,
    )
    session = make_session(config.polling)
    try:
        fetcher = Fetcher(session, config.polling)
        checker = FeedChecker(
            fetcher,
            parser,
            config.detection.relevance_threshold,
            allow_private=config.polling.allow_private_addresses,
        )
        services = Services(store, config, clock, checker=checker)
        pipeline = Pipeline(store, config, fetcher, parser, clock)
        if seed:
            await services.seed()
        if sync_feeds:
            await pipeline.sync_config_feeds()
        yield Runtime(config, store, services, pipeline, parser, clock)
    finally:
        await session.close()
        parser.close()
        await store.close()
