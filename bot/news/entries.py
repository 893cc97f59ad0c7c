"""Parse feed bytes and normalise their entries: pure functions, safe to run in a worker process."""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

MAX_TITLE = 300
MAX_SUMMARY = 600

_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|cmp|_hsenc|_hsmi|"
    r"ito|itm_[a-z_]+|ns_[a-z_]+|sr_share|smid|icid|igshid|yclid|at_medium|at_campaign|"
    r"xtor|spm|ref|ref_src)$",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Entry:
    """One normalised feed item."""

    uid: str
    link: str | None
    title: str
    summary: str
    outlet: str
    published: datetime | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[Entry, ...]
    error: str | None  # set when the bytes are not a usable feed


def clean_text(value: str | None, limit: int) -> str:
    """HTML to one line of plain text, entities decoded, cut at a word boundary."""
    if not value:
        return ""
    text = _SCRIPT.sub(" ", value)
    text = _TAG.sub(" ", text)
    text = html.unescape(html.unescape(text)) if "&amp;" in text else html.unescape(text)
    text = _TAG.sub(" ", text)  # escaped HTML that unescaping revealed
    text = _SPACE.sub(" ", text).strip()
    if len(text) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        text = (cut or text[: limit - 1]) + "…"
    return text


def normalise_link(link: str | None) -> str | None:
    """Drop tracking parameters and fragments, lower-case scheme and host; None if not a URL."""
    if not link:
        return None
    link = link.strip()
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    params = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in params if not _TRACKING.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def split_publisher(title: str) -> tuple[str, str | None]:
    """'UK bans Huawei - BBC News' -> ('UK bans Huawei', 'BBC News') for aggregator titles."""
    head, sep, tail = title.rpartition(" - ")
    if sep and head and 0 < len(tail) <= 40 and len(tail.split()) <= 5:
        return head.strip(), tail.strip()
    return title, None


def normalise_entry(raw: Any, feed_title: str, aggregated: bool) -> Entry | None:
    title = clean_text(raw.get("title"), MAX_TITLE)
    link = normalise_link(raw.get("link"))
    summary = clean_text(raw.get("summary") or raw.get("description"), MAX_SUMMARY)
    source = raw.get("source") or {}
    outlet = clean_text(source.get("title") if hasattr(source, "get") else None, 80)
    if aggregated or outlet:
        stripped, publisher = split_publisher(title)
        if publisher and (not outlet or publisher.casefold() == outlet.casefold()):
            title, outlet = stripped, outlet or publisher
    if aggregated and outlet and summary.endswith(outlet):
        summary = summary[: -len(outlet)].strip()
    if not title and not summary:
        return None
    guid = (raw.get("id") or raw.get("guid") or "").strip()
    if guid:
        uid = "g:" + guid[:500]
    elif link:
        uid = "l:" + link
    else:
        digest = hashlib.sha256(f"{title}\n{summary}".casefold().encode()).hexdigest()[:32]
        uid = "t:" + digest
    return Entry(
        uid=uid,
        link=link,
        title=title or summary[:MAX_TITLE],
        summary=summary if summary != title else "",
        outlet=outlet or feed_title,
        published=_when(raw),
    )


def _encoding_only(exc: BaseException) -> bool:
    """feedparser's notes about character encodings are not errors: it decoded the feed."""
    return type(exc).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def parse_feed(body: bytes, url: str, name: str = "", content_type: str = "") -> ParsedFeed:
    """Parse one feed's bytes. Never raises: an unusable body comes back with ``error`` set."""
    try:
        parsed = feedparser.parse(
            body,
            response_headers={"content-location": url, "content-type": content_type or "text/xml"},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is robust, but a hostile body must not end a cycle
        return ParsedFeed(None, (), f"the feed could not be parsed ({type(exc).__name__})")
    feed_title = clean_text(parsed.feed.get("title"), 120) if parsed.get("feed") else ""
    if not parsed.entries:
        if not parsed.get("version"):
            head = body[:512].lstrip().lower()
            if head.startswith((b"<!doctype html", b"<html")) or "html" in content_type:
                return ParsedFeed(None, (), "the address returned a web page, not a feed")
            reason = parsed.get("bozo_exception")
            detail = f": {str(reason)[:120]}" if reason else ""
            return ParsedFeed(None, (), f"the response is not a valid RSS/Atom feed{detail}")
        reason = parsed.get("bozo_exception")
        if parsed.get("bozo") and reason is not None and not _encoding_only(reason):
            return ParsedFeed(None, (), f"the feed is malformed or truncated: {str(reason)[:120]}")
        return ParsedFeed(feed_title or None, (), None)
    host = urlsplit(url).netloc.lower()
    aggregated = host.endswith(("news.google.com", "bing.com"))
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in parsed.entries:
        entry = normalise_entry(raw, name or feed_title or host, aggregated)
        if entry is not None and entry.uid not in seen:
            seen.add(entry.uid)
            entries.append(entry)
    return ParsedFeed(feed_title or None, tuple(entries), None)
