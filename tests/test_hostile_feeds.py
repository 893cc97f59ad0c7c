"""Hostile feeds: each is bounded (time, bytes after decompression, redirects), recorded with a
readable error, backed off, and never holds up the good feeds polled in the same cycle.

The hostile server listens on 127.0.0.2 (a different host from the good feeds on 127.0.0.1, as
in real life), so per-host politeness does not serialise the two.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import itertools
import struct
import time
import tracemalloc
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.config import Config
from bot.runtime import Runtime, open_runtime
from bot.services import CLI
from tests.conftest import FakeClock, make_config
from tests.feedserver import DATA, FeedServer

MiB = 1 << 20
LIMIT = 2 * MiB  # above the bomb's ~1 MB on the wire: only its inflated size is too big
TIMEOUT = 1.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@functools.cache
def gzip_bomb(inflated: int = 1 << 30) -> bytes:
    """A valid gzip stream of ``inflated`` zero bytes, about 1 MB on the wire.

    Compresses 1 MiB of zeros once, ends it with a full flush (which resets the compressor, so
    the flushed block decodes the same wherever it is placed) and repeats that block.
    """
    zeros = bytes(MiB)
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    unit = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    final_block = c.flush()[:-8]  # the last (empty) block, without the trailer for 2 MiB
    crc = 0
    for _ in range(inflated // MiB):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, inflated & 0xFFFFFFFF)
    return first + unit * (inflated // MiB - 1) + final_block + trailer


def rss(items: list[tuple[str, str]], encoding: str = "utf-8", title: str = "Feed") -> str:
    body = "".join(
        f"<item><title>{t}</title><link>https://news.example.com/{uid}</link>"
        f"<guid>{uid}</guid><pubDate>Mon, 13 Jul 2020 10:00:00 GMT</pubDate></item>"
        for uid, t in items
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title>{body}</channel></rss>"
    )


LATIN1_TITLES = [
    ("at-1", "Österreich prüft Ausschluss von Huawei aus 5G-Netzen"),
    ("es-1", "España excluye a Huawei del núcleo de la red 5G"),
]
WRONG_TITLES = [
    ("fr-1", "La France écarte Huawei des réseaux 5G"),
    ("de-1", "Deutschland prüft Huawei-Verbot für 5G-Kernnetze"),
]
TRUNCATED = rss(
    [
        ("tr-1", "Sweden excludes Huawei from 5G auction"),
        ("tr-2", "Norway reviews Huawei in 5G networks"),
    ]
)
TRUNCATED = TRUNCATED[: TRUNCATED.index("tr-2") + 10]  # cut inside the second item


class HostileServer:
    """Serves misbehaving feeds on 127.0.0.2; counts hits and what it managed to send."""

    def __init__(self, host: str = "127.0.0.2") -> None:
        self.host = host
        self.port = 0
        self.hits: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        self.release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.retry_date = ""
        self.handlers: dict[str, Handler] = {
            "slow": self._slow,
            "huge": self._huge,
            "huge-declared": self._huge_declared,
            "bomb": self._bomb,
            "loop": self._loop,
            "loop2": self._loop2,
            "html": self._html,
            "truncated": self._truncated,
            "cut": self._cut,
            "latin1": self._latin1,
            "wrong-encoding": self._wrong_encoding,
            "gone": self._status(410),
            "busy": self._status(429, {"Retry-After": "120"}),
            "unavailable": self._unavailable,
        }

    def url(self, name: str) -> str:
        return f"http://{self.host}:{self.port}/{name}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{name}", self._dispatch)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        self.release.set()
        if self._runner:
            await self._runner.cleanup()

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self.hits[name] += 1
        handler = self.handlers.get(name)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    async def _slow(self, request: web.Request) -> web.StreamResponse:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.release.wait(), 30)  # answers after 30 s
        return web.Response(text=rss([("slow-1", "Late news")]), content_type="application/rss+xml")

    async def _stream(self, request: web.Request, name: str, declared: bool) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        if declared:
            resp.content_length = 64 * MiB
        await resp.prepare(request)
        chunk = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"  # one object, written 1024 times
        try:
            for _ in range(1024):
                await resp.write(chunk)
                self.sent[name] += len(chunk)
            await resp.write_eof()
        except (ConnectionError, RuntimeError):
            pass  # the client hung up, as it should
        return resp

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        return await self._stream(request, "huge", declared=False)

    async def _huge_declared(self, request: web.Request) -> web.StreamResponse:
        return await self._stream(request, "huge-declared", declared=True)

    async def _bomb(self, request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=gzip_bomb(),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"},
        )

    async def _loop(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/loop2")

    async def _loop2(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPMovedPermanently(self.url("loop"))

    async def _html(self, request: web.Request) -> web.StreamResponse:
        return web.Response(body=(DATA / "page.html").read_bytes(), content_type="text/html")

    async def _truncated(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text=TRUNCATED, content_type="application/rss+xml")

    async def _cut(self, request: web.Request) -> web.StreamResponse:
        """Promises 100 KB, sends 2 KB of a feed, then drops the connection."""
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        resp.content_length = 100_000
        await resp.prepare(request)
        await resp.write(rss([("cut-1", "Cut off")]).encode()[:2000])
        assert request.transport is not None
        request.transport.close()
        return resp

    async def _latin1(self, request: web.Request) -> web.StreamResponse:
        body = rss(LATIN1_TITLES, "ISO-8859-1", "Télécoms").encode("latin-1")
        return web.Response(body=body, headers={"Content-Type": "application/rss+xml"})

    async def _wrong_encoding(self, request: web.Request) -> web.StreamResponse:
        body = rss(WRONG_TITLES, "UTF-8", "Réseaux").encode("latin-1")  # says UTF-8, is not
        return web.Response(body=body, headers={"Content-Type": "text/xml; charset=utf-8"})

    def _status(self, status: int, headers: dict[str, str] | None = None) -> Handler:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, text="no", headers=headers or {})

        return handler

    async def _unavailable(self, request: web.Request) -> web.StreamResponse:
        return web.Response(status=503, text="later", headers={"Retry-After": self.retry_date})


# Feed name -> what its last_error must say (substring).
EXPECTED_ERRORS = {
    "slow": f"timed out after {TIMEOUT:g} s",
    "huge": "the feed is larger than the limit of 2.1 MB",
    "huge-declared": "the feed is too large (67.1 MB; the limit is 2.1 MB)",
    "bomb": "the feed is larger than the limit of 2.1 MB",
    "loop": "too many redirects (more than 5)",
    "html": "the address returned a web page, not a feed",
    "cut": "the response body was broken",
    "missing": "HTTP 404 Not Found",
    "gone": "HTTP 410 Gone",
    "busy": "HTTP 429 Too Many Requests",
    "unavailable": "HTTP 503 Service Unavailable",
    # Cut inside its second item: failing with the reason (issue 18), nothing stored by default.
    "truncated": "the feed is truncated (it ends inside an element)",
}
READABLE = ["latin1", "wrong-encoding"]


def hostile_config(tmp_path: Path, **polling: object) -> Config:
    base: dict[str, object] = {
        "timeout_seconds": TIMEOUT,
        "max_feed_bytes": LIMIT,
        "max_failures": 3,
    }
    return make_config(tmp_path, **(base | polling))


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return hostile_config(tmp_path)


@pytest.fixture
async def hostile() -> AsyncIterator[HostileServer]:
    gzip_bomb()  # built once, before any timing or memory measurement
    server = HostileServer()
    await server.start()
    server.retry_date = email.utils.format_datetime(
        datetime.now(UTC) + timedelta(hours=2), usegmt=True
    )
    try:
        yield server
    finally:
        await server.stop()


async def add_all(rt: Runtime, hostile: HostileServer, feeds: FeedServer) -> str:
    good = feeds.serve("rss_telecom.xml")
    await rt.services.add_feed(good, "Good", CLI, "test")
    for name in [*EXPECTED_ERRORS, *READABLE]:
        await rt.services.add_feed(hostile.url(name), name, CLI, "test")
    return good


async def test_every_hostile_feed_is_bounded_recorded_and_good_feeds_still_arrive(
    rt: Runtime, hostile: HostileServer, feeds: FeedServer, clock: FakeClock
) -> None:
    assert len(gzip_bomb()) < LIMIT  # so the bomb is refused for its size after inflating
    good = await add_all(rt, hostile, feeds)
    started = time.monotonic()
    report = await rt.pipeline.run_cycle()
    elapsed = time.monotonic() - started

    # Time: the 30-second feed cost one timeout, and everything ran side by side.
    assert elapsed < TIMEOUT + 3, f"the cycle took {elapsed:.1f} s"
    # The good feed's items all arrived.
    titles = {a.title for a in report.articles}
    assert "UK bans Huawei from 5G network, orders removal of kit by 2027" in titles
    assert sum(1 for a in report.articles if a.feed == "Good") == 3
    good_row = await rt.store.feeds.by_url(good)
    assert good_row is not None and good_row.state == "ok"

    # Each hostile feed is recorded with a readable error and backed off.
    for name, expected in EXPECTED_ERRORS.items():
        feed = await rt.store.feeds.by_url(hostile.url(name))
        assert feed is not None, name
        assert feed.last_error is not None and expected in feed.last_error, (name, feed.last_error)
        assert feed.failures == 1, name
        assert feed.next_poll_at is not None and feed.next_poll_at > clock(), name
    assert report.failed == len(EXPECTED_ERRORS)

    # Bytes: the streams were abandoned at the limit, not drained (socket buffers aside).
    assert hostile.sent["huge"] < 32 * MiB
    assert hostile.sent["huge-declared"] < 32 * MiB
    # Redirects: the loop was followed max_redirects times, then given up.
    assert hostile.hits["loop"] + hostile.hits["loop2"] == rt.config.polling.max_redirects + 1

    # Retry-After is honoured: 120 s for the 429, the HTTP date (two hours) for the 503.
    busy = await rt.store.feeds.by_url(hostile.url("busy"))
    unavailable = await rt.store.feeds.by_url(hostile.url("unavailable"))
    assert busy is not None and busy.next_poll_at is not None
    assert unavailable is not None and unavailable.next_poll_at is not None
    assert busy.next_poll_at - clock() >= timedelta(seconds=120)
    assert unavailable.next_poll_at - clock() >= timedelta(hours=2) - timedelta(seconds=60)

    # 410 disables at once.
    gone = await rt.store.feeds.by_url(hostile.url("gone"))
    assert gone is not None and gone.state == "disabled"
    assert report.disabled == ["gone"]

    # Odd encodings are read, and the text is decoded sensibly; a truncated feed stores nothing.
    by_feed: dict[str, set[str]] = {}
    for a in report.articles:
        by_feed.setdefault(a.feed, set()).add(a.title)
    assert by_feed["latin1"] == {t for _, t in LATIN1_TITLES}
    assert by_feed["wrong-encoding"] == {t for _, t in WRONG_TITLES}
    assert "truncated" not in by_feed
    for name in READABLE:
        feed = await rt.store.feeds.by_url(hostile.url(name))
        assert feed is not None and feed.state == "ok", (name, feed and feed.last_error)


async def test_backed_off_feeds_are_not_polled_again_until_due(
    rt: Runtime, hostile: HostileServer, feeds: FeedServer, clock: FakeClock
) -> None:
    await add_all(rt, hostile, feeds)
    await rt.pipeline.run_cycle()
    first = Counter(hostile.hits)
    clock.advance(minutes=1)
    report = await rt.pipeline.run_cycle()  # nothing is due yet
    assert report.feeds == 0 and hostile.hits == first
    clock.advance(minutes=rt.config.polling.interval_minutes)
    report = await rt.pipeline.run_cycle()  # one interval later
    assert hostile.hits["busy"] == first["busy"] + 1  # Retry-After: 120 s was shorter
    assert hostile.hits["unavailable"] == first["unavailable"]  # Retry-After: two hours
    assert hostile.hits["gone"] == first["gone"]  # disabled
    assert report.not_modified >= 1  # the good feed answered 304


async def test_repeated_failures_disable_the_feed_and_admins_are_told_once(
    rt: Runtime, hostile: HostileServer, clock: FakeClock
) -> None:
    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
    await rt.services.configure_alerts(2, CLI, alert_channel_id=20)
    missing = hostile.url("missing")
    gone = hostile.url("gone")
    await rt.services.add_feed(missing, "Missing", CLI, "test")
    await rt.services.add_feed(gone, "Gone", CLI, "test")
    states = []
    for _ in range(6):
        await rt.pipeline.run_cycle()
        feed = await rt.store.feeds.by_url(missing)
        assert feed is not None
        states.append(feed.state)
        clock.advance(days=1)  # past any back-off
    assert states == ["failing", "failing", "disabled", "disabled", "disabled", "disabled"]
    assert hostile.hits["missing"] == 3 and hostile.hits["gone"] == 1
    notices = [r for r in await rt.store.alerts.due(clock()) if r.kind == "feed_disabled"]
    assert sorted((n.guild_id, n.channel_id) for n in notices) == [
        (1, 10),
        (1, 10),
        (2, 20),
        (2, 20),
    ]
    reasons = {n.payload for n in notices}
    assert any("3 failures in a row; last: HTTP 404 Not Found" in r for r in reasons)
    assert any("the feed is gone (HTTP 410)" in r for r in reasons)


async def test_memory_stays_bounded_with_every_hostile_feed_at_once(
    tmp_path: Path, hostile: HostileServer, feeds: FeedServer, clock: FakeClock
) -> None:
    limit = LIMIT
    config = hostile_config(tmp_path)
    async with open_runtime(config, clock) as rt:
        await add_all(rt, hostile, feeds)
        tracemalloc.start()
        try:
            report = await rt.pipeline.run_cycle()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert report.failed == len(EXPECTED_ERRORS)
    # Two feeds reach the limit at once (the stream and the bomb); each holds at most the
    # limit, plus the copy made when it is handed to the parser. The 1 GiB bomb and the 64 MiB
    # stream are never held.
    assert peak < 3 * limit + 2 * MiB, f"peak {peak / MiB:.1f} MiB"


# -- per-host politeness ---------------------------------------------------------------------


class CountingServer:
    """One host whose feeds answer after ``delay``; records in-flight counts and start times."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self.starts: list[float] = []
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{name}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.starts.append(time.monotonic())
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        name = request.match_info["name"]
        body = rss([(f"{name}-1", f"Item of {name}")])
        return web.Response(text=body, content_type="application/rss+xml")


@pytest.fixture
async def counting() -> AsyncIterator[CountingServer]:
    server = CountingServer(delay=0.15)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.mark.parametrize("cap", [4, 2])
async def test_per_host_concurrency_caps_requests_to_one_host(
    tmp_path: Path, counting: CountingServer, clock: FakeClock, cap: int
) -> None:
    config = make_config(tmp_path, per_host_concurrency=cap, max_concurrency=16)
    async with open_runtime(config, clock) as rt:
        for i in range(10):
            url = f"http://127.0.0.1:{counting.port}/f{i}"
            await rt.services.add_feed(url, f"f{i}", CLI, "test")
        report = await rt.pipeline.run_cycle()
    assert len(report.articles) == 10
    assert counting.max_in_flight == cap  # never more, and the cap is actually used


def test_per_host_concurrency_defaults_to_four() -> None:
    from bot.config import PollingConfig

    assert PollingConfig().per_host_concurrency == 4
    assert PollingConfig().per_host_min_interval_seconds == 0


async def test_per_host_min_interval_spaces_requests(
    tmp_path: Path, counting: CountingServer, clock: FakeClock
) -> None:
    counting.delay = 0
    gap = 0.2
    config = make_config(tmp_path, per_host_min_interval_seconds=gap)
    async with open_runtime(config, clock) as rt:
        for i in range(5):
            url = f"http://127.0.0.1:{counting.port}/f{i}"
            await rt.services.add_feed(url, f"f{i}", CLI, "test")
        await rt.pipeline.run_cycle()
    starts = sorted(counting.starts)
    assert len(starts) == 5
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= gap - 0.02, gaps


async def test_a_busy_host_does_not_starve_feeds_on_other_hosts(
    tmp_path: Path, hostile: HostileServer, feeds: FeedServer, clock: FakeClock
) -> None:
    """Six slow feeds on one host (per-host cap 2, global cap 4): feeds waiting for that
    host's slots must not hold the global slots the good feed on another host needs (else it
    would wait two timeouts)."""
    config = hostile_config(tmp_path, per_host_concurrency=2, max_concurrency=4)
    async with open_runtime(config, clock) as rt:
        for i in range(6):
            await rt.services.add_feed(hostile.url("slow") + f"?n={i}", f"slow{i}", CLI, "t")
        await rt.services.add_feed(feeds.serve("rss_telecom.xml"), "Good", CLI, "test")
        started = time.monotonic()
        done: dict[str, float] = {}
        original = rt.pipeline._store

        async def timed_store(feed, *args):  # type: ignore[no-untyped-def]
            await original(feed, *args)
            done[feed.label] = time.monotonic() - started

        rt.pipeline._store = timed_store  # type: ignore[method-assign]
        await rt.pipeline.run_cycle()
    assert done["Good"] < TIMEOUT * 0.8, f"the good feed waited {done['Good']:.1f} s"
