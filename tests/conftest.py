from __future__ import annotations

import dataclasses
import ipaddress
import itertools
import logging
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.config import Config
from bot.runtime import Runtime, open_runtime
from tests.feedserver import FeedServer
from tests.helpers import FakeClock, make_config
from tests.pgserver import PgServer, PostgresUnavailable

__all__ = ["FakeClock", "make_config"]  # re-exported: older tests import them from here


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# PostgreSQL for the tests that run against both backends (marked ``both_backends``): a
# throwaway server for the session, a fresh database per test. POLICYWATCH_PG_URL points at an
# existing server instead (its admin URL); without a server the tests FAIL, unless
# POLICYWATCH_SKIP_PG=1 says to skip them (for a machine without PostgreSQL; never in CI).
PG_URL_ENV = "POLICYWATCH_PG_URL"
PG_SKIP_ENV = "POLICYWATCH_SKIP_PG"
_databases = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_backends: run the test's store on SQLite and on PostgreSQL"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_backends"
    ):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    if os.environ.get(PG_URL_ENV):
        yield os.environ[PG_URL_ENV]
        return
    server = PgServer()
    try:
        server.start()
    except PostgresUnavailable as exc:
        if os.environ.get(PG_SKIP_ENV) == "1":
            pytest.skip(f"PostgreSQL unavailable ({PG_SKIP_ENV}=1): {exc}")
        pytest.fail(f"PostgreSQL is needed for these tests and could not start: {exc}")
    try:
        yield server.admin_url
    finally:
        server.stop()


async def new_pg_database(admin_url: str) -> str:
    """A fresh, empty database on the test server; its URL."""
    name = f"t{os.getpid()}_{next(_databases)}"
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return admin_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The parametrized backend; elsewhere POLICYWATCH_TEST_BACKEND (default sqlite), so the
    whole suite can be run on PostgreSQL by hand."""
    default = os.environ.get("POLICYWATCH_TEST_BACKEND", "sqlite")
    return str(getattr(request, "param", default))


@pytest.fixture
async def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test's store lives: ``tmp_path``'s SQLite file, or a fresh PostgreSQL
    database when the test is parametrized onto PostgreSQL."""
    if backend == "postgresql":
        return await new_pg_database(request.getfixturevalue("pg_admin_url"))
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Config:
    config = make_config(tmp_path)
    if db_url.startswith("postgresql://"):
        config = dataclasses.replace(
            config, storage=dataclasses.replace(config.storage, url=db_url)
        )
    return config


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


def _numeric_or_localhost(host: object) -> None:
    """A name lookup asks the system's resolver, which may be outside 127.0.0.0/8: only
    addresses written as numbers and "localhost" are looked up in tests."""
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and str(name).lower() not in ("localhost", "localhost."):
        try:
            ipaddress.ip_address(str(name).split("%", 1)[0])
        except ValueError:
            raise AssertionError(f"test tried to look up a host name: {name}") from None


@pytest.fixture(autouse=True)
def _network_stays_local(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse connections and name look-ups that would leave this host, and fail the test
    afterwards if any was even tried: code under test that catches the refusal (a feed
    fetcher reporting "connection failed") cannot hide an attempt."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    tried: list[str] = []

    def guard(check: Any, value: object) -> None:
        try:
            check(value)
        except AssertionError as exc:
            tried.append(str(exc))
            raise

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            guard(_loopback_only, address)
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            guard(_loopback_only, address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: object, *args: Any, **kwargs: Any) -> Any:
        guard(_numeric_or_localhost, host)
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield tried
    assert not tried, f"the test tried to leave 127.0.0.0/8: {tried}"
