"""Fetch one feed over HTTP: conditional GET, bounded in time, bytes and redirects."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

from bot.config import PollingConfig
from bot.errors import UserError
from bot.news.netguard import BlockedAddress, GuardedResolver, check_url, guarded_socket_factory

log = logging.getLogger(__name__)

ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"  # noqa: E501


@dataclass(frozen=True, slots=True)
class FetchResult:
    kind: Literal["ok", "not_modified", "error"]
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None
    retry_after: float | None = None
    gone: bool = False


# Hosts whose per-host slot the current task already holds (see Fetcher.host_turn).
_HELD_HOSTS: ContextVar[frozenset[str]] = ContextVar("held_hosts", default=frozenset())


def make_session(
    polling: PollingConfig, resolver: AbstractResolver | None = None
) -> aiohttp.ClientSession:
    """The one HTTP session for feeds, guarded against private addresses (see netguard).

    ``resolver`` is the DNS resolver the guard wraps (default: the system's; tests pass a stub).

    The resolver drops refused addresses from DNS answers (a readable error), and the socket
    factory refuses them again just before connecting, which also covers IP literals and DNS
    answers that change between look-ups. ``trust_env`` stays off: a proxy from the
    environment would make the connected address the proxy's, not the feed's.
    """
    allow_private = polling.allow_private_addresses
    connector = aiohttp.TCPConnector(
        resolver=GuardedResolver(allow_private=allow_private, inner=resolver),
        socket_factory=guarded_socket_factory(allow_private=allow_private),
        limit=polling.max_concurrency,
        limit_per_host=polling.per_host_concurrency,
        ttl_dns_cache=300,
    )
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": polling.user_agent, "Accept": ACCEPT},
        auto_decompress=True,
        trust_env=False,
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=polling.timeout_seconds),
    )


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - now).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n // 1000} KB"


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class Fetcher:
    """Fetches feeds politely: a cap per host, optional spacing, and bounded everything.

    Bounds: the whole fetch (connect, redirects, headers, body) ends after ``timeout_seconds``;
    the body is counted *after* decompression and abandoned past ``max_feed_bytes``; at most
    ``max_redirects`` redirects are followed, each hop re-checked by ``check_url`` and, at
    connect time, by the session's address guard.
    """

    def __init__(self, session: aiohttp.ClientSession, polling: PollingConfig) -> None:
        self._session = session
        self._polling = polling
        self._host_slots: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(polling.per_host_concurrency)
        )
        self._host_last: dict[str, float] = {}
        self._host_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @asynccontextmanager
    async def host_turn(self, url: str) -> AsyncIterator[None]:
        """Hold one of the ``per_host_concurrency`` slots of ``url``'s host.

        ``fetch`` takes the slot itself; a caller that must not hold other resources while
        waiting for a busy host (the pipeline's global gate) can take it first, and ``fetch``
        inside then does not take it a second time.
        """
        host = _host(url)
        held = _HELD_HOSTS.get()
        if host in held:
            yield
            return
        async with self._host_slots[host]:
            token = _HELD_HOSTS.set(held | {host})
            try:
                yield
            finally:
                _HELD_HOSTS.reset(token)

    async def _space(self, host: str) -> None:
        gap = self._polling.per_host_min_interval_seconds
        if gap <= 0:
            return
        async with self._host_locks[host]:
            wait = self._host_last.get(host, -gap) + gap - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._host_last[host] = time.monotonic()

    async def fetch(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        async with self.host_turn(url):
            await self._space(_host(url))
            timeout = self._polling.timeout_seconds
            try:
                return await asyncio.wait_for(self._fetch(url, etag, last_modified), timeout)
            except TimeoutError:
                return FetchResult("error", error=f"timed out after {timeout:g} s", final_url=url)

    async def _fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        polling = self._polling
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(polling.max_redirects + 1):
            try:
                check_url(current, allow_private=polling.allow_private_addresses)
            except UserError as exc:
                where = "redirected to a refused address: " if current != url else ""
                return FetchResult("error", error=where + exc.message, final_url=current)
            try:
                async with self._session.get(
                    current, headers=headers, allow_redirects=False
                ) as resp:
                    if resp.status in (301, 302, 303, 307, 308):
                        location = resp.headers.get("Location")
                        if not location:
                            return FetchResult(
                                "error",
                                http_status=resp.status,
                                error=f"HTTP {resp.status}: a redirect without a Location",
                                final_url=current,
                            )
                        # Some servers send raw spaces; every other character is checked.
                        current = urljoin(current, location.strip().replace(" ", "%20"))
                        continue
                    return await self._answer(resp, current)
            except (aiohttp.ClientError, OSError, ValueError) as exc:
                return FetchResult("error", error=_describe(exc), final_url=current)
        hops = polling.max_redirects
        return FetchResult(
            "error", error=f"too many redirects (more than {hops})", final_url=current
        )

    async def _answer(self, resp: aiohttp.ClientResponse, url: str) -> FetchResult:
        now = datetime.now(UTC)
        if resp.status == 304:
            return FetchResult(
                "not_modified",
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
                http_status=304,
                final_url=url,
            )
        if resp.status >= 400:
            reason = resp.reason or ""
            return FetchResult(
                "error",
                http_status=resp.status,
                error=f"HTTP {resp.status} {reason}".strip(),
                retry_after=parse_retry_after(resp.headers.get("Retry-After"), now),
                gone=resp.status == 410,
                final_url=url,
            )
        limit = self._polling.max_feed_bytes
        declared = resp.content_length
        if declared is not None and declared > limit and "Content-Encoding" not in resp.headers:
            return FetchResult(
                "error",
                http_status=resp.status,
                error=f"the feed is too large ({_size(declared)}; the limit is {_size(limit)})",
                final_url=url,
            )
        # resp.content yields decompressed bytes (aiohttp inflates in bounded steps), so the
        # count below is the size after decompression: a gzip bomb stops at the limit too.
        body = bytearray()
        async for chunk in resp.content.iter_chunked(64 * 1024):
            if len(body) + len(chunk) > limit:
                return FetchResult(
                    "error",
                    http_status=resp.status,
                    error=f"the feed is larger than the limit of {_size(limit)}",
                    final_url=url,
                )
            body += chunk
        return FetchResult(
            "ok",
            body=bytes(body),
            content_type=resp.headers.get("Content-Type", ""),
            etag=resp.headers.get("ETag"),
            last_modified=resp.headers.get("Last-Modified"),
            http_status=resp.status,
            final_url=url,
        )


def _describe(exc: BaseException) -> str:
    """A readable sentence for a failed request."""
    if isinstance(exc, BlockedAddress):
        return f"refused: {exc}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        cause = exc.os_error
        if isinstance(cause, BlockedAddress):
            return f"refused: {cause}"
        return f"cannot connect to {exc.host}: {cause.strerror or cause}"
    if isinstance(exc, aiohttp.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, aiohttp.InvalidURL):
        return f"the address is not a valid URL ({exc})"[:300]
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection without answering"
    if isinstance(exc, aiohttp.ClientPayloadError):
        text = str(exc)
        if "not completed" in text or "Not enough data" in text:
            return "the response body was broken: the server closed the connection before the end"
        return f"the response body was broken ({text[:200]})"
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"HTTP error {exc.status}: {exc.message}"
    return f"{type(exc).__name__}: {exc}"[:300]
