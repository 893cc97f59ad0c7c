"""SSRF: feed URLs (and every redirect) never reach loopback, private, link-local, multicast or
reserved addresses, whether by literal, by a name that resolves there, or at connect time.

Semantics of ``allow_private_addresses = true`` (tests use it; off by default): it lifts the
ban on loopback and private ranges only. Link-local (169.254.169.254 and the other cloud
metadata addresses), multicast, unspecified and reserved addresses, and non-http schemes, stay
refused.

No test connects outside 127.0.0.0/8: every other name is answered by a stub resolver, and the
"forbidden" target of the redirect tests is a canary server on 127.0.0.2 that the test declares
a metadata address (so if a guard failed, the request would still stay on loopback).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.config import Config, FeedConfig, PollingConfig
from bot.errors import UserError
from bot.news import netguard
from bot.news.fetch import Fetcher, make_session
from bot.news.netguard import (
    BlockedAddress,
    GuardedResolver,
    address_allowed,
    check_url,
    guarded_socket_factory,
)
from bot.runtime import open_runtime
from bot.services import CLI
from tests.conftest import FakeClock, make_config
from tests.feedserver import FeedServer

REFUSED_ALWAYS = [
    "file:///etc/passwd",
    "ftp://example.com/feed.xml",
    "gopher://example.com/",
    "javascript:alert(1)",
    "http://169.254.169.254/latest/meta-data",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://[fd00:ec2::254]/latest/meta-data",
    "http://100.100.100.200/latest/meta-data",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://[::ffff:169.254.169.254]/",
    "http://user:pass@example.com/feed",
    "http://user@example.com/feed",
    "http://@example.com/feed",
    "http://2130706433/",  # 127.0.0.1 as one number
    "http://127.1/",
    "http://0x7f.0.0.1/",
    "http://example.com:0/",
    "http://example.com/a b",
    "http://example.com/\r\nHost: evil",
    "https://",
    "",
]
REFUSED_UNLESS_PRIVATE = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8080/feed",
    "http://[::1]/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://[fd12:3456::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://localhost/",
    "http://LOCALHOST./feed",
    "http://printer.local/",
    "http://metadata.google.internal/",
    "http://app.localhost/",
]
ALLOWED = [
    "https://example.com/feed",
    "http://8.8.8.8/rss",
    "http://[2606:4700::1111]/rss",
    "https://news.google.com/rss/search?q=Huawei+5G&hl=en-US",
    "  https://example.com/feed  ",
]


@pytest.mark.parametrize("url", REFUSED_ALWAYS + REFUSED_UNLESS_PRIVATE)
def test_check_url_refuses(url: str) -> None:
    with pytest.raises(UserError) as info:
        check_url(url)
    assert info.value.message  # a readable sentence


@pytest.mark.parametrize("url", REFUSED_ALWAYS)
def test_allow_private_never_lifts_link_local_multicast_or_schemes(url: str) -> None:
    with pytest.raises(UserError):
        check_url(url, allow_private=True)


@pytest.mark.parametrize("url", REFUSED_UNLESS_PRIVATE)
def test_allow_private_lifts_loopback_and_private_ranges(url: str) -> None:
    assert check_url(url, allow_private=True) == url.strip()


@pytest.mark.parametrize("url", ALLOWED)
def test_check_url_accepts_public_http_urls(url: str) -> None:
    assert check_url(url) == url.strip()


def test_refusals_say_why() -> None:
    with pytest.raises(UserError, match="Only http and https"):
        check_url("file:///etc/passwd")
    with pytest.raises(UserError, match="link-local"):
        check_url("http://169.254.169.254/latest/meta-data", allow_private=True)
    with pytest.raises(UserError, match="loopback"):
        check_url("http://127.0.0.1/")
    with pytest.raises(UserError, match="private"):
        check_url("http://10.0.0.1/")
    with pytest.raises(UserError, match="multicast"):
        check_url("http://224.0.0.1/")
    with pytest.raises(UserError, match="user name or password"):
        check_url("http://a:b@example.com/")
    with pytest.raises(UserError, match="local name"):
        check_url("http://localhost/")


@pytest.mark.parametrize(
    ("address", "public", "with_private"),
    [
        ("8.8.8.8", True, True),
        ("2606:4700::1111", True, True),
        ("127.0.0.1", False, True),
        ("127.8.9.10", False, True),
        ("::1", False, True),
        ("10.1.2.3", False, True),
        ("192.168.0.1", False, True),
        ("::ffff:10.0.0.1", False, True),
        ("169.254.169.254", False, False),
        ("fe80::1%eth0", False, False),
        ("fd00:ec2::254", False, False),
        ("224.0.0.251", False, False),
        ("0.0.0.0", False, False),
        ("::", False, False),
        ("not an address", False, False),
    ],
)
def test_address_policy(address: str, public: bool, with_private: bool) -> None:
    assert address_allowed(address) is public
    assert address_allowed(address, allow_private=True) is with_private


# -- the resolver ----------------------------------------------------------------------------


class StubResolver(AbstractResolver):
    """Answers from a table; never asks real DNS."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        if host not in self.table:
            raise OSError(f"stub: no such host {host}")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in self.table[host]
        ]

    async def close(self) -> None:
        pass


async def test_guarded_resolver_drops_private_answers() -> None:
    stub = StubResolver(
        {
            "mixed.example": ["10.0.0.7", "93.184.216.34", "169.254.169.254"],
            "evil.example": ["127.0.0.1", "::1"],
            "meta.example": ["169.254.169.254"],
        }
    )
    guarded = GuardedResolver(inner=stub)
    assert [r["host"] for r in await guarded.resolve("mixed.example")] == ["93.184.216.34"]
    with pytest.raises(BlockedAddress, match=r"evil\.example resolves to a private"):
        await guarded.resolve("evil.example")
    lenient = GuardedResolver(allow_private=True, inner=stub)
    assert [r["host"] for r in await lenient.resolve("evil.example")] == ["127.0.0.1", "::1"]
    with pytest.raises(BlockedAddress):
        await lenient.resolve("meta.example")  # metadata stays refused


async def test_guarded_resolver_refuses_localhost_from_the_system_resolver() -> None:
    guarded = GuardedResolver()
    try:
        with pytest.raises(BlockedAddress, match="localhost"):
            await guarded.resolve("localhost")
    finally:
        await guarded.close()


def test_socket_factory_refuses_before_connecting() -> None:
    factory = guarded_socket_factory()
    with pytest.raises(BlockedAddress, match="loopback"):
        factory((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)))
    lenient = guarded_socket_factory(allow_private=True)
    with pytest.raises(BlockedAddress, match="link-local"):
        lenient((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", 80)))
    sock = lenient((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)))
    sock.close()


# -- the fetcher against a real local server -------------------------------------------------


def polling(allow_private: bool, **kw: Any) -> PollingConfig:
    return dataclasses.replace(
        PollingConfig(allow_private_addresses=allow_private, timeout_seconds=3), **kw
    )


async def fetch(
    url: str, allow_private: bool, resolver: AbstractResolver | None = None
) -> tuple[str, str | None]:
    config = polling(allow_private)
    session = make_session(config, resolver)
    try:
        result = await Fetcher(session, config).fetch(url)
    finally:
        await session.close()
    return result.kind, result.error


async def test_fetcher_refuses_loopback_and_never_connects(feeds: FeedServer) -> None:
    url = feeds.serve("rss_telecom.xml")
    kind, error = await fetch(url, allow_private=False)
    assert kind == "error" and error is not None and "loopback" in error
    assert feeds.hits == {}
    kind, _ = await fetch(url, allow_private=True)  # what the tests use
    assert kind == "ok" and feeds.hits == {"/rss_telecom.xml": 1}


async def test_a_public_name_that_resolves_to_loopback_is_refused(feeds: FeedServer) -> None:
    feeds.serve("rss_telecom.xml")
    stub = StubResolver({"feeds.example.com": ["127.0.0.1"]})
    url = f"http://feeds.example.com:{feeds.port}/rss_telecom.xml"
    kind, error = await fetch(url, allow_private=False, resolver=stub)
    assert kind == "error" and error is not None
    assert error.startswith("refused:") and "127.0.0.1" in error
    assert stub.asked == ["feeds.example.com"] and feeds.hits == {}


async def test_the_connected_address_is_checked_even_if_the_resolver_is_fooled(
    feeds: FeedServer,
) -> None:
    """A resolver that lets 127.0.0.1 through (think DNS rebinding between a check and the
    connection): the socket factory still refuses the address actually connected to."""
    feeds.serve("rss_telecom.xml")
    connector = aiohttp.TCPConnector(
        resolver=StubResolver({"rebind.example.com": ["127.0.0.1"]}),
        socket_factory=guarded_socket_factory(),
    )
    config = polling(False)
    async with aiohttp.ClientSession(connector=connector) as session:
        result = await Fetcher(session, config).fetch(
            f"http://rebind.example.com:{feeds.port}/rss_telecom.xml"
        )
    assert result.kind == "error" and result.error is not None
    assert "refused to connect to 127.0.0.1" in result.error
    assert feeds.hits == {}


# -- redirects -------------------------------------------------------------------------------


@pytest.fixture
async def canary() -> AsyncIterator[FeedServer]:
    """A server on 127.0.0.2 that no feed may reach (declared a metadata address below)."""
    server = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{path:.*}", server._handle)
    server._runner = web.AppRunner(app, handle_signals=False)
    await server._runner.setup()
    site = web.TCPSite(server._runner, "127.0.0.2", 0)
    await site.start()
    assert site._server is not None
    server.port = site._server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    server.serve("secret", b"<rss version='2.0'><channel><title>secret</title></channel></rss>")
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def forbid_canary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        netguard, "_METADATA", netguard._METADATA | {ipaddress.ip_address("127.0.0.2")}
    )


@pytest.mark.usefixtures("forbid_canary")
@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/secret",  # a literal
        "http://canary.example.com:{port}/secret",  # a name that resolves there
        "file:///etc/passwd",
        "gopher://127.0.0.1:{port}/",
        "http://169.254.169.254/latest/meta-data",
    ],
)
async def test_every_redirect_hop_is_checked(
    feeds: FeedServer, canary: FeedServer, target: str
) -> None:
    location = target.format(port=canary.port)
    url = feeds.serve("hop", b"", redirect_to=location)
    stub = StubResolver({"canary.example.com": ["127.0.0.2"]})
    kind, error = await fetch(url, allow_private=True, resolver=stub)
    assert kind == "error" and error is not None
    assert "refused" in error or "Only http and https" in error, error
    assert feeds.hits == {"/hop": 1}
    assert canary.hits == {}  # never reached


@pytest.mark.usefixtures("forbid_canary")
async def test_redirect_to_a_refused_address_is_caught_at_connect_time_too(
    feeds: FeedServer, canary: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if check_url let the hop through, the socket factory refuses the connection."""
    monkeypatch.setattr("bot.news.fetch.check_url", lambda url, allow_private=False: url)
    url = feeds.serve("hop", b"", redirect_to=f"http://127.0.0.2:{canary.port}/secret")
    kind, error = await fetch(url, allow_private=True)
    assert kind == "error" and error is not None
    assert "refused to connect to 127.0.0.2" in error
    assert feeds.hits == {"/hop": 1} and canary.hits == {}


# -- every way in: Discord/CLI (services.add_feed) and the config file -----------------------


async def test_adding_a_private_feed_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    config = make_config(tmp_path, allow_private_addresses=False)
    async with open_runtime(config, clock) as rt:
        for url in ("http://127.0.0.1:9/feed", "http://169.254.169.254/", "file:///etc/passwd"):
            with pytest.raises(UserError):
                await rt.services.add_feed(url, "", CLI, "test")
        assert await rt.store.feeds.all() == []


async def test_a_config_feed_on_loopback_is_never_fetched(
    tmp_path: Path, clock: FakeClock, feeds: FeedServer
) -> None:
    url = feeds.serve("rss_telecom.xml")
    config: Config = dataclasses.replace(
        make_config(tmp_path, allow_private_addresses=False), feeds=(FeedConfig(url, "Local"),)
    )
    async with open_runtime(config, clock) as rt:
        report = await rt.pipeline.run_cycle()
        feed = await rt.store.feeds.by_url(url)
    # Refused when the configuration is loaded: never stored, never fetched.
    assert report.feeds == 0 and feeds.hits == {}
    assert feed is None
