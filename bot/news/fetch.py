"""Fetch one feed over HTTP: conditional GET, bounded in time, bytes and redirects."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot.config import PollingConfig
from bot.errors import UserError
from bot.news.netguard import BlockedAddress, GuardedResolver, address_allowed, check_url

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


def make_session(polling: PollingConfig) -> aiohttp.ClientSession:
    """The one HTTP session for feeds, with the private-address guard unless opted out."""
    connector = aiohttp.TCPConnector(
        resolver=None if polling.allow_private_addresses else GuardedResolver(),
        limit=polling.max_concurrency,
        limit_per_host=polling.per_host_concurrency,
        ttl_dns_cache=300,
    )
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": polling.user_agent, "Accept": ACCEPT},
        auto_decompress=True,
    )


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n // 1000} KB"


class Fetcher:
    """Fetches feeds politely: a cap per host, optional spacing, and bounded everything."""

    def __init__(self, session: aiohttp.ClientSession, polling: PollingConfig) -> None:
        self._session = session
        self._polling = polling
        self._host_slots: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(polling.per_host_concurrency)
        )
        self._host_last: dict[str, float] = {}
        self._host_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

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
        host = (urlsplit(url).hostname or "").lower()
        async with self._host_slots[host]:
            await self._space(host)
            try:
                return await asyncio.wait_for(
                    self._fetch(url, etag, last_modified), self._polling.timeout_seconds
                )
            except TimeoutError:
                return FetchResult(
                    "error", error=f"timed out after {self._polling.timeout_seconds:g} s"
                )

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
                return FetchResult("error", error=exc.message, final_url=current)
            try:
                async with self._session.get(
                    current, headers=headers, allow_redirects=False
                ) as resp:
                    if not polling.allow_private_addresses:
                        peer = _peer(resp)
                        if peer is not None and not address_allowed(peer):
                            return FetchResult(
                                "error", error=f"refused: connected to a private address ({peer})"
                            )
                    if resp.status in (301, 302, 303, 307, 308):
                        location = resp.headers.get("Location")
                        if not location:
                            return FetchResult("error", error="a redirect without a Location")
                        current = urljoin(current, location)
                        continue
                    return await self._answer(resp, current)
            except (aiohttp.ClientError, BlockedAddress) as exc:
                return FetchResult("error", error=_describe(exc), final_url=current)
        hops = polling.max_redirects
        return FetchResult("error", error=f"too many redirects (more than {hops})")

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
            )
        chunks: list[bytes] = []
        total = 0
        async for chunk in resp.content.iter_chunked(64 * 1024):
            total += len(chunk)
            if total > limit:
                return FetchResult(
                    "error",
                    http_status=resp.status,
                    error=f"the feed is larger than the limit of {_size(limit)}",
                )
            chunks.append(chunk)
        return FetchResult(
            "ok",
            body=b"".join(chunks),
            content_type=resp.headers.get("Content-Type", ""),
            etag=resp.headers.get("ETag"),
            last_modified=resp.headers.get("Last-Modified"),
            http_status=resp.status,
            final_url=url,
        )


def _peer(resp: aiohttp.ClientResponse) -> str | None:
    conn = resp.connection
    transport = conn.transport if conn is not None else None
    if transport is None:
        return None
    peer = transport.get_extra_info("peername")
    return str(peer[0]) if peer else None


def _describe(exc: BaseException) -> str:
    """A readable sentence for a failed request."""
    if isinstance(exc, BlockedAddress):
        return f"refused: {exc}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        cause = exc.os_error
        if isinstance(cause, BlockedAddress):
            return f"refused: {cause}"
        return f"cannot connect to {exc.host}: {cause.strerror or cause}"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return f"the response body was broken ({exc})"
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"HTTP error {exc.status}: {exc.message}"
    return f"{type(exc).__name__}: {exc}"[:300]
