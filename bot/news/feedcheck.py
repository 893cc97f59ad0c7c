"""Check a feed before it is followed: fetch it once, parse it, say what is wrong.

Used by ``/feeds add`` and ``feeds add`` through :meth:`bot.services.Services.follow_feed`.
The fetch goes through the same guarded :class:`bot.news.fetch.Fetcher` as polling (SSRF guard,
byte, time and redirect limits). A web page is not a feed, but most name theirs in
``<link rel="alternate" type="application/rss+xml" href="...">``: that one is offered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

from bot.errors import UserError
from bot.news.entries import Entry
from bot.news.fetch import Fetcher, FetchResult
from bot.news.netguard import check_url
from bot.news.workers import ParserPool

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_HTML_SCAN = 512 * 1024
_HOST_AND_PATH = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?$|^[\w.-]+:\d+(/\S*)?$")
_SCHEME = re.compile(
    r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S"
)  # alternate links live in <head>; never scan more than this


def valid_feed_url(url: str, *, allow_private: bool) -> str:
    """``check_url`` with a plain sentence for text that is not a web address at all."""
    text = url.strip()
    if text and "://" not in text:
        if _HOST_AND_PATH.match(text):
            raise UserError(
                f"'{text[:100]}' is not a full web address: put https:// in front "
                f"(https://{text[:80]})."
            )
        if not _SCHEME.match(text):
            raise UserError(
                f"'{text[:100]}' is not a web address. Give the feed's full address, "
                "such as https://example.com/feed."
            )
    return check_url(text, allow_private=allow_private)


def normalise_feed_url(url: str) -> str:
    """One spelling per feed: scheme and host in lower case, no default port, no empty query
    (a trailing ``?``), no fragment, ``/`` for an empty path. The path and query keep their case
    (servers may treat them as case-sensitive)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@dataclass(frozen=True, slots=True)
class FeedCheck:
    """A feed that answered and parsed: what to follow, and what it showed."""

    url: str  # normalised; the discovered feed's address when ``found_on`` is set
    title: str | None
    items: int
    latest: Entry | None
    found_on: str | None = None  # the web page whose alternate link named this feed


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (type, href)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() != "link":
            return
        found = {k.lower(): (v or "") for k, v in attrs}
        rels = found.get("rel", "").lower().split()
        kind = found.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and found.get("href", "").strip():
            self.links.append((kind, found["href"].strip()))


def find_alternates(body: bytes, base_url: str) -> list[str]:
    """The feed addresses a web page names in ``<link rel="alternate" type="...+xml">``,
    absolute and in the page's order (RSS and Atom both count)."""
    parser = _AlternateLinks()
    try:
        parser.feed(body[:MAX_HTML_SCAN].decode("utf-8", errors="replace"))
        parser.close()
    except (AssertionError, ValueError):  # html.parser on hostile markup
        pass
    urls: list[str] = []
    for _, href in parser.links:
        absolute = urljoin(base_url, href)
        if absolute.lower().startswith(("http://", "https://")) and absolute not in urls:
            urls.append(absolute)
    return urls


def _hint(result: FetchResult) -> str:
    status = result.http_status or 0
    if status in (404, 410):
        return ". Check the address: nothing is there."
    if status >= 500:
        return ". The site's server failed; try again later, or check the address."
    if status in (401, 403):
        return ". The site refuses to serve it to me."
    if "redirect" in (result.error or ""):
        return ". The site sends me round in circles; check the address."
    return "."


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:1024].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


class FeedChecker:
    """Fetches and parses a candidate feed once, with the poller's fetcher and parser."""

    def __init__(
        self, fetcher: Fetcher, parser: ParserPool, threshold: float, *, allow_private: bool
    ) -> None:
        self.fetcher = fetcher
        self.parser = parser
        self.threshold = threshold
        self.allow_private = allow_private

    async def check(self, url: str, *, discover: bool = True) -> FeedCheck:
        """Raise ``UserError`` with the reason when ``url`` is not a working feed; for a web page
        that names a feed, check and return that feed (``found_on`` says where it was found)."""
        url = normalise_feed_url(valid_feed_url(url, allow_private=self.allow_private))
        result = await self.fetcher.fetch(url)
        if result.kind != "ok":
            raise UserError(
                f"I could not fetch {url}: {result.error or 'no answer'}{_hint(result)}"
            )
        batch = await self.parser.parse(result.body, url, "", result.content_type, self.threshold)
        if batch.error is None:
            entries = [item.entry for item in batch.items]
            return FeedCheck(url, batch.title, len(entries), _latest(entries))
        if not _looks_like_html(result.body, result.content_type):
            raise UserError(f"{url} is not a usable RSS or Atom feed: {batch.error}.")
        alternates = find_alternates(result.body, result.final_url or url) if discover else []
        if not alternates:
            raise UserError(
                f"{url} is a web page, not an RSS or Atom feed, and the page names no feed. "
                "Look for an RSS or Atom link on the site and add that address."
            )
        found = alternates[0]
        try:
            feed = await self.check(found, discover=False)
        except UserError as exc:
            raise UserError(
                f"{url} is a web page, not a feed. It names the feed {found}, but that one "
                f"does not work either: {exc.message}"
            ) from exc
        return FeedCheck(feed.url, feed.title, feed.items, feed.latest, found_on=url)


def _latest(entries: list[Entry]) -> Entry | None:
    if not entries:
        return None
    dated = [(e.published, i, e) for i, e in enumerate(entries) if e.published is not None]
    if dated:
        return max(dated, key=lambda t: (t[0], -t[1]))[2]
    return entries[0]


def describe_follow(
    feed_id: int,
    name: str,
    check: FeedCheck,
    escape: Callable[[str, int], str] = lambda t, n: t[:n],
) -> str:
    """What ``/feeds add`` and ``feeds add`` answer once a checked feed is followed: its
    title and its latest item. ``escape`` makes feed text inert where it is shown."""
    lines = []
    if check.found_on:
        lines.append(
            f"{check.found_on} is a web page, not a feed; it names the feed {check.url}, "
            "so I followed that one."
        )
    label = escape(name, 100) if name else check.url
    lines.append(f"Following {label} (#{feed_id}) at {check.url}; polled in the next cycle.")
    if check.title and check.title != name:
        lines.append(f"Feed title: {escape(check.title, 150)}")
    if check.latest is not None:
        when = check.latest.published
        date = f" ({when:%Y-%m-%d})" if when else ""
        lines.append(f"Latest item: {escape(check.latest.title, 200)}{date}")
    else:
        lines.append("The feed has no items yet.")
    return "\n".join(lines)
