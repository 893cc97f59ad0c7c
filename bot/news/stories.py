"""Grouping: the same event reported by several outlets is one story. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot import countries

WINDOW = timedelta(days=4)

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    (
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "from",
        "with",
        "by",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "after",
        "over",
        "amid",
        "into",
        "about",
        "against",
        "than",
        "then",
        "new",
        "says",
        "say",
        "said",
        "will",
        "would",
        "could",
        "may",
        "might",
        "can",
        "has",
        "have",
        "had",
        "not",
        "no",
        "but",
        "if",
        "more",
        "most",
        "up",
        "out",
        "off",
        "per",
        "via",
        "vs",
        "report",
        "reports",
        "reportedly",
        "sources",
        "source",
        "news",
        "update",
        "updates",
        "latest",
        "exclusive",
        "analysis",
        "opinion",
        "why",
        "how",
        "what",
        "who",
        "when",
        "where",
        "which",
        "while",
        "week",
        "year",
        "years",
        "day",
        "days",
        "today",
    )
)
# Words that say the same thing in headlines: folded so outlets' wordings meet.
_SYNONYMS = {
    "bans": "ban",
    "banned": "ban",
    "banning": "ban",
    "bar": "ban",
    "bars": "ban",
    "barred": "ban",
    "barring": "ban",
    "exclude": "ban",
    "excludes": "ban",
    "excluded": "ban",
    "excluding": "ban",
    "exclusion": "ban",
    "block": "ban",
    "blocks": "ban",
    "blocked": "ban",
    "prohibit": "ban",
    "prohibits": "ban",
    "prohibited": "ban",
    "restricts": "restrict",
    "restricted": "restrict",
    "restriction": "restrict",
    "restrictions": "restrict",
    "limits": "restrict",
    "limit": "restrict",
    "curbs": "restrict",
    "curb": "restrict",
    "networks": "network",
    "equipment": "gear",
    "kit": "gear",
    "telecoms": "telecom",
    "telecommunications": "telecom",
    "removes": "remove",
    "removal": "remove",
    "removing": "remove",
    "strip": "remove",
    "rip": "remove",
    "firms": "firm",
    "companies": "firm",
    "company": "firm",
    "vendors": "vendor",
    "suppliers": "vendor",
    "supplier": "vendor",
    "operators": "operator",
    "carriers": "operator",
    "carrier": "operator",
    "mobile": "operator",
    "govt": "government",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def tokens(title: str) -> frozenset[str]:
    """Content words of a headline, with country names replaced by their codes."""
    spans = countries.find_mentions(title)
    codes = {f"@{m.iso2.lower()}" for m in spans}
    text = title
    for m in reversed(spans):
        text = text[: m.start] + " " + text[m.end :]
    words: set[str] = set()
    for word in _WORD.findall(_fold(text)):
        if word in _STOP or len(word) < 2:
            continue
        word = _SYNONYMS.get(word, word)
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words | codes)


def signature(title: str) -> str:
    return " ".join(sorted(tokens(title)))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of two token sets, 0..1, tolerant of one headline being longer."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    jaccard = shared / len(a | b)
    overlap = shared / min(len(a), len(b))
    return max(jaccard, 0.85 * overlap if shared >= 3 else 0.0)


@dataclass(slots=True)
class Candidate:
    """A recent story as clustering sees it."""

    id: int
    words: frozenset[str]
    link: str | None
    seen: datetime
    statuses: dict[str, str | None] = field(default_factory=dict)


def compatible(a: Mapping[str, str | None], b: Mapping[str, str | None]) -> bool:
    """Same countries (when both name any), and no country with two different statuses."""
    if a and b and not set(a) & set(b):
        return False
    for iso2, status in a.items():
        other = b.get(iso2)
        if status and other and status != other:
            return False
    return True


def match(
    words: frozenset[str],
    link: str | None,
    statuses: Mapping[str, str | None],
    when: datetime,
    candidates: Iterable[Candidate],
    threshold: float = 0.5,
) -> Candidate | None:
    """The recent story this article belongs to, or None for a new story."""
    best: Candidate | None = None
    best_score = threshold
    for cand in candidates:
        if link and cand.link == link:
            return cand
        if abs(cand.seen - when) > WINDOW:
            continue
        if not compatible(statuses, cand.statuses):
            continue
        score = similarity(words, cand.words)
        if score >= best_score:
            best, best_score = cand, score
    return best
