from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Config, PollingConfig, StorageConfig
from bot.runtime import Runtime, open_runtime
from tests.feedserver import FeedServer


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2020, 7, 15, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def make_config(tmp_path: Path, **polling: object) -> Config:
    return Config(
        storage=StorageConfig(path=str(tmp_path / "test.sqlite3")),
        polling=dataclasses.replace(
            PollingConfig(
                allow_private_addresses=True,
                parser_processes=0,
                timeout_seconds=5,
                max_age_days=3650,
            ),
            **polling,  # type: ignore[arg-type]
        ),
        feeds=(),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


@pytest.fixture
async def feeds() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def rt(config: Config, clock: FakeClock) -> AsyncIterator[Runtime]:
    async with open_runtime(config, clock) as runtime:
        yield runtime


@pytest.fixture(autouse=True)
def _no_config_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("POLICYWATCH_CONFIG", raising=False)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    yield
