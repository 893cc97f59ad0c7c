from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import Config
from bot.runtime import Runtime, open_runtime
from tests.feedserver import FeedServer
from tests.helpers import FakeClock, make_config

__all__ = ["FakeClock", "make_config"]  # re-exported: older tests import them from here


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
def _restore_logging() -> Iterator[None]:
    """``python -m bot`` (cli.main) replaces the root handlers with one on the stderr of the
    moment, which pytest closes after the test: put the previous handlers back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _no_config_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("POLICYWATCH_CONFIG", raising=False)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    yield


def _loopback_only(address: object) -> None:
    """Refuse any connection that would leave 127.0.0.0/8 (or ::1): tests stay on this host."""
    if isinstance(address, tuple) and address:
        host = str(address[0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            raise AssertionError(f"test tried to connect to a host name: {host}") from None
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_loopback:
            raise AssertionError(f"test tried to connect outside loopback: {host}")


@pytest.fixture(autouse=True)
def _network_stays_local(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _loopback_only(address)
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _loopback_only(address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield
