"""Parse feed bytes and normalise their entries: pure functions, safe to run in a worker process."""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from bot.news import dates
from bot.news.pickling import fast_pickle

dates.register()  # feedparser's own extension point: its *_parsed fields read what we read

MAX_TITLE = 300
MAX_SUMMARY = 600

_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|cmp|_hsenc|_hsmi|"
    r"ito|itm_[a-z_]+|ns_[a-z_]+|sr_share|smid|icid|igshid|yclid|at_medium|at_campaign|"
    r"xtor|spm|ref|ref_src)$",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_URL_GUID = re.compile(r"^https?://", re.IGNORECASE)
_BARE_TOKEN = re.compile(r"^[^/?#.\s]+$")  # what a guid resolved against the feed's URL was
_ITEM_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
_ROOT_END = re.compile(
    rb"</(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>\s*(?:<!--.*?-->\s*)*\Z", re.IGNORECASE | re.DOTALL
)


@fast_pickle
@dataclass(frozen=True, slots=True)
class Entry:
    """One normalised feed item."""

    uid: str
    link: str | None
    title: str
    summary: str
    outlet: str
    published: datetime | None  # None: the feed gives no date that can be read


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[Entry, ...]
    error: str | None  # set when the bytes are not a usable feed
    # With ``error`` set, ``entries`` is empty, except for a truncated feed: then it holds the
    # entries that ended before the cut (kept only if ``keep_items_from_truncated_feeds``).
    truncated: bool = False


def clean_text(value: str | None, limit: int) -> str:
    """HTML to one line of plain text, entities decoded, cut at a word boundary."""
    if not value:
        return ""
    text = _SCRIPT.sub(" ", value)
    text = _TAG.sub(" ", text)
    text = html.unescape(html.unescape(text)) if "&amp;" in text else html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)  # escaped HTML that unescaping revealed
    # Runs of white space as one space, trimmed: what ``re.sub(r"\s+", " ", text).strip()``
    # gives (``\s`` and ``str.split`` know the same white space), 4x faster.
    text = " ".join(text.split())
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


def _when(entry: Any, feed_zone: tzinfo | None = None) -> datetime | None:
    """The entry's date in UTC. A date that names no zone takes the feed's (``feed_zone``,
    from its <lastBuildDate> or <pubDate>), else UTC. None when no date can be read."""
    for key in ("published", "updated", "created"):
        text = dict.get(entry, key)  # not feedparser's deprecated "updated" -> "published" map
        when = dates.read_date(text) if isinstance(text, str) else None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=feed_zone or UTC)
            return when.astimezone(UTC)
        value = dict.get(entry, key + "_parsed")  # feedparser's other handlers (Korean, ...)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def feed_zone(feed: Any) -> tzinfo | None:
    """The zone the channel's own dates are written in (<lastBuildDate>, <pubDate>), if any."""
    for key in ("updated", "published"):
        text = dict.get(feed, key) if isinstance(feed, dict) else None
        when = dates.read_date(text) if isinstance(text, str) else None
        if when is not None and when.tzinfo is not None:
            return when.tzinfo
    return None


def guid_of(raw: Any, feed_url: str) -> tuple[str, str | None]:
    """The entry's guid as the publisher wrote it, and its link. feedparser resolves a guid
    that may be a permalink against the feed's URL (``<guid>1559067462522</guid>`` becomes
    ``http://<feed host>/1559067462522``, and the link too when there is no <link>): undone."""
    guid = (raw.get("id") or raw.get("guid") or "").strip()
    link = raw.get("link")
    if guid and raw.get("guidislink") and feed_url:
        base = feed_url.rsplit("/", 1)[0] + "/"
        tail = guid[len(base) :] if guid.startswith(base) else ""
        if tail and _BARE_TOKEN.match(tail) and urljoin(feed_url, tail) == guid:
            if link == guid:
                link = None  # not a page: the address was made up from the guid
            guid = tail
    return guid, link


def is_opaque(guid: str) -> bool:
    """A guid that is not an http(s) URL (a number, a UUID, ``urn:``, ``tag:``, ...): unique
    only within its own feed."""
    return not _URL_GUID.match(guid)


def scope_uid(uid: str, feed_id: int | None) -> str:
    """An article id as stored: an opaque guid ("o:...") is scoped by its feed; URL guids,
    links and title digests stay global (they de-duplicate across feeds)."""
    if uid.startswith("o:") and feed_id is not None:
        return f"o:{feed_id}:{uid[2:]}"
    return uid


def split_publisher(title: str) -> tuple[str, str | None]:
    """'UK bans Huawei - BBC News' -> ('UK bans Huawei', 'BBC News') for aggregator titles."""
    head, sep, tail = title.rpartition(" - ")
    if sep and head and 0 < len(tail) <= 40 and len(tail.split()) <= 5:
        return head.strip(), tail.strip()
    return title, None


def normalise_entry(
    raw: Any,
    feed_title: str,
    aggregated: bool,
    feed_url: str = "",
    zone: tzinfo | None = None,
) -> Entry | None:
    guid, raw_link = guid_of(raw, feed_url)
    title = clean_text(raw.get("title"), MAX_TITLE)
    link = normalise_link(raw_link)
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
    if guid:
        uid = ("o:" if is_opaque(guid) else "g:") + guid[:500]
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
        published=_when(raw, zone),
    )


def _encoding_only(exc: BaseException) -> bool:
    """feedparser's notes about character encodings are not errors: it decoded the feed."""
    return type(exc).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _truncated(body: bytes, parsed: Any) -> bool:
    """feedparser flagged the feed (bozo) and it does not end with its root element's end
    tag: it was cut off (a closed connection, a size cap, a publisher's half-written file)."""
    reason = parsed.get("bozo_exception")
    if not parsed.get("bozo") or reason is None or _encoding_only(reason):
        return False
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False  # UTF-16: the byte patterns below do not apply
    return _ROOT_END.search(body.rstrip(b"\x00 \t\r\n")[-400:]) is None


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
    raws = parsed.entries
    error: str | None = None
    truncated = _truncated(body, parsed)
    if truncated:
        # Only the entries whose end tag came before the cut are whole.
        raws = raws[: len(_ITEM_END.findall(body))]
        reason = str(parsed.get("bozo_exception"))[:120]
        error = f"the feed is truncated (it ends inside an element): {reason}"
    zone = feed_zone(parsed.get("feed"))
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in raws:
        entry = normalise_entry(raw, name or feed_title or host, aggregated, url, zone)
        if entry is not None and entry.uid not in seen:
            seen.add(entry.uid)
            entries.append(entry)
    return ParsedFeed(feed_title or None, tuple(entries), error, truncated)
