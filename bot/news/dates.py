"""Dates as publishers write them: localized day and month names, 12-hour clocks, slash dates.

``read_date`` reads one date string into a ``datetime``: aware when the text names its zone,
naive when it does not (the caller may then apply the feed's own zone). It never guesses: a
text with a word it does not know, an ambiguous all-numeric day and month (``03/04/2020``), or
an impossible value gives None.

``register`` installs ``feedparser_handler`` with feedparser (``registerDateHandler``, its own
extension point: the most recently registered handler is tried first), so feedparser's
``*_parsed`` fields agree with what this module reads. Month and weekday names are in
bot/data/date_names.json (en, de, fr, es, it, pt, pl, nl, sv, ro, da).
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from functools import cache, lru_cache
from importlib import resources

import feedparser

_TOKEN = re.compile(
    r"(?P<zone>[+-]\d{2}:?\d{2}\b)"
    r"|(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)"
    r"|(?P<date>\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})"
    r"|(?P<num>\d+)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)?)",
)
_ISO_T = re.compile(r"(\d)T(\d)")
_DOTTED_MERIDIEM = re.compile(r"\b([ap])\.m\b\.?", re.IGNORECASE)  # "p.m." -> "pm"
_MERIDIEM = {"am": 0, "pm": 12}
_ZONES = {  # unambiguous abbreviations only: "IST" or "BST" are read as unknown words
    "z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    "cet": 1, "cest": 2, "met": 1, "mest": 2, "west": 1, "eet": 2, "eest": 3, "msk": 3,
    "brt": -3, "art": -3, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "aest": 10, "aedt": 11,
}  # fmt: skip


def fold(word: str) -> str:
    """Lower case, accents removed, trailing dot dropped: the key the name tables use."""
    word = word.casefold().rstrip(".")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@cache
def _names() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    data = json.loads(resources.files("bot.data").joinpath("date_names.json").read_text("utf-8"))
    months = {fold(name): int(n) for n, names in data["months"].items() for name in names}
    weekdays = frozenset(fold(w) for w in data["weekdays"])
    fillers = frozenset(fold(w) for w in data["fillers"])
    return months, weekdays, fillers


def _offset(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


@lru_cache(maxsize=4096)  # feedparser's handler and the entry's reading ask for the same text
def read_date(text: str | None) -> datetime | None:
    """One date string to a datetime (aware if the text gives a zone), or None if unreadable."""
    if not text or len(text) > 120:
        return None
    months, weekdays, fillers = _names()
    text = _DOTTED_MERIDIEM.sub(r"\1m", _ISO_T.sub(r"\1 \2", text.strip()))
    month: int | None = None
    numbers: list[str] = []
    numeric_date: str | None = None
    clock: str | None = None
    meridiem: int | None = None
    zone: timezone | None = None
    words: list[str] = []
    rest = _TOKEN.sub(" ", text)
    if rest.strip(" ,.;/()"):
        return None  # characters that are none of the above (e.g. "14h30")
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "zone":
            if zone is not None:
                return None
            zone = _offset(value)
        elif kind == "time":
            if clock is not None:
                return None
            clock = value
        elif kind == "date":
            if numeric_date is not None:
                return None
            numeric_date = value
        elif kind == "num":
            numbers.append(value)
        else:
            words.append(value)
    for index, raw in enumerate(words):
        word = fold(raw)
        if word in _MERIDIEM:
            meridiem = _MERIDIEM[word]
        elif word in _ZONES and (word != "z" or clock is not None):
            if zone is None:  # "+0100 (CET)": the offset already said it
                zone = timezone(timedelta(hours=_ZONES[word]))
        elif word in months and month is None and not (index == 0 and word in weekdays):
            month = months[word]
        elif word in weekdays or word in fillers:
            continue
        else:
            return None  # a word we do not know: never guess
    return _build(month, numbers, numeric_date, clock, meridiem, zone)


def _build(
    month: int | None,
    numbers: list[str],
    numeric_date: str | None,
    clock: str | None,
    meridiem: int | None,
    zone: timezone | None,
) -> datetime | None:
    if numeric_date is not None:
        if month is not None or numbers:
            return None
        ymd = _numeric(numeric_date)
        if ymd is None:
            return None
        year, month, day = ymd
    else:
        if month is None or len(numbers) != 2:
            return None
        first, second = numbers
        if len(first) == 4 and len(second) <= 2:
            year, day = int(first), int(second)
        elif len(second) == 4 and len(first) <= 2:
            day, year = int(first), int(second)
        elif len(first) <= 2 and len(second) == 2:  # RFC 822's two-digit year: "16 Nov 22"
            day, year = int(first), 2000 + int(second)
        else:
            return None
    hour = minute = second_ = micro = 0
    if clock is not None:
        parts = re.split(r"[:.,]", clock)
        hour, minute = int(parts[0]), int(parts[1])
        second_ = int(parts[2]) if len(parts) > 2 else 0
        if len(parts) > 3:
            micro = int((parts[3] + "000000")[:6])
    if meridiem is not None:
        if clock is None or not 1 <= hour <= 12:
            return None
        hour = hour % 12 + meridiem
    if not 1970 <= year <= 2100:
        return None
    try:
        return datetime(year, month, day, hour, minute, min(second_, 59), micro, tzinfo=zone)
    except ValueError:
        return None


def _numeric(text: str) -> tuple[int, int, int] | None:
    """'2020/1/10', '2018-09-18', '16.11.2022', '24/09/2018' to (year, month, day); None when
    day and month cannot be told apart ('03/04/2020')."""
    parts = re.split(r"[/.-]", text)
    a, b, c = (int(p) for p in parts)
    if len(parts[0]) == 4:
        return (a, b, c) if len(parts[2]) <= 2 else None
    if len(parts[2]) != 4:
        return None
    if "." in text or "-" in text or a > 12:  # 16.11.2022: day first, as everywhere dots are
        return c, b, a
    if b > 12:  # 11/16/2022: month first
        return c, a, b
    return None


def feedparser_handler(text: str) -> time.struct_time | None:
    """For ``feedparser.registerDateHandler``: a 9-tuple in UTC, or None (feedparser then tries
    its own handlers). A date without a zone is read as UTC, as feedparser does."""
    when = read_date(text)
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).timetuple()


_registered = False


def register() -> None:
    """Install the handler with feedparser (once per process)."""
    global _registered
    if not _registered:
        feedparser.registerDateHandler(feedparser_handler)
        _registered = True
