"""Test set-up that tests and benches share: a clock moved by hand and a test configuration.

Fixtures stay in ``conftest.py``; plain helpers live here so benches can import them too.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
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


REPO = Path(__file__).resolve().parent.parent


async def start_bot_process(
    tmp_path: Path, api_base: str, gateway_url: str, token: str, *, extra_toml: str = ""
) -> asyncio.subprocess.Process:
    """``python -m bot run`` as an operator starts it: a real process, configured by a
    config.toml in ``tmp_path`` (no feeds, a database there, parsing in a thread), with its
    standard output and error piped."""
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
feeds = []  # no default (internet) feeds in tests
[discord]
api_base = "{api_base}"
gateway_url = "{gateway_url}"
[storage]
path = "{tmp_path / "bot.sqlite3"}"
[polling]
parser_processes = 0
{extra_toml}"""
    )
    env = {**os.environ, "DISCORD_TOKEN": token, "PYTHONPATH": str(REPO)}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--config",
        str(config),
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


Findings = set[tuple[str, str]]
NO_FINDING: Findings = set()


def check_reading(lang: str, title: str, expected: Findings, summary: str = "") -> None:
    """The reader's findings for a made-up headline (and standfirst), read in ``lang``."""
    from bot.news.classify import classify

    result = classify(title, summary, 0.5)
    assert result.lang == lang, (title, result.lang)
    assert {(f.iso2, f.status) for f in result.findings if f.status} == expected, title
