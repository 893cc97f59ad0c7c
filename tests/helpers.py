"""Test set-up that tests and benches share: a clock moved by hand and a test configuration.

Fixtures stay in ``conftest.py``; plain helpers live here so benches can import them too.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Config, PollingConfig, StorageConfig


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
