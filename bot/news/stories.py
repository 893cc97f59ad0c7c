"""Grouping: the same event reported by several outlets is one story. Pure functions.

An article joins the recent story it scores best with, at or above ``THRESHOLD``, or the story
with the same (normalised) link. The score:

* headline similarity: a weighted overlap of content words, stemmed and folded into synonyms
  ("bars", "excludes", "blocked", "phase out" are all "ban"; "urges", "warns", "presses" are
  "urge"), with countries replaced by their codes. The words every Huawei headline shares
  ("Huawei", "5G", "network", "Chinese") count little, countries, numbers and rare words much;
* the classification's findings (which see the summary too): the same status for the same
  country adds much (most on the same day), the same countries the same day add a little, and
  two articles naming no country in common (China aside) are never one story;
* a country with two statuses is a new development days later, or, the same day, one decision
  read two ways ("bans" and "paves the way to a ban"), grouped only with close headlines; a ban
  and a restriction are two outlets' degrees of one exclusion.

Time: a story stays open ``WINDOW`` days; a near-identical headline for ``CLOSE_WINDOW`` (or up
to ``STATUS_WINDOW`` when very close); a related headline with the same status for the same
country for ``STATUS_WINDOW`` (outlets that report a decision a week late tell the same news).
The pipeline only offers stories seen in its own recent window, which bounds all of these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from bot import countries

WINDOW = timedelta(days=4)
CLOSE_WINDOW = timedelta(days=7)
STATUS_WINDOW = timedelta(days=14)
THRESHOLD = 0.45

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s\b")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def _wordset(words: str) -> frozenset[str]:
    """A lexicon written as space-separated words."""
    return frozenset(words.split())


_STOP = _wordset(
    """
    a an the and or of to in on for from with by at as is are was were be been being its it
    this that these those after over amid into about against than then new says say said will
    would could may might can has have had not no but if more most up out off per via vs
    report reports reportedly sources source news update updates latest exclusive analysis
    opinion why how what who when where which while week year years day days today his her
    their our your we you they he she them us also just now still again all any some one two
    three first next last set sets get gets got make makes made take takes took amidst despite
    before under until since between s t due well wont dont cant isnt way
    """
)
# Words that say the same thing in headlines, folded after stemming so outlets' wordings meet.
_GROUPS: dict[str, str] = {
    # Keeping the vendor out, in whatever words and degree: the status tells them apart.
    "ban": """
        ban bar exclud exclus exclusion block prohibit prohibition forbid forbidden shut kick
        blacklist veto halt keep lock prevent reject shun snub remov removal strip rip replac
        replacement phase drop abandon ditch purg away leav edg restrict restriction curb limit
        cap
        """,
    "urge": """
        urg warn press pressur push prod forc ask tell told threaten demand caution lobby call
        """,
    "allow": "allow permit let greenlight open welcom involv participat",
    "deal": """
        deal agreement contract mou memorandum memoranda pact partnership partner collaboration
        cooperation tie
        """,
    "sign": "sign ink strik struck seal award win won",
    "review": """
        review assess assessment consult consultation probe investigat scrutin weigh consider
        mull eye study wary
        """,
    "law": "law bill legislation act direction measur rule decre",
    "sue": "sue lawsuit arbitration court litigation",
    "launch": "launch unveil roll release debut arriv rollout roll-out",
    "phone": "phone phon smartphone smartphon handset cellphone device devic",
    "chip": "chip chipset semiconductor processor soc ic",
    "revenu": "revenu sale profit earning incom growth",
    "network": "network infrastructur",
    "gear": "gear equipment kit tech technology technologi component part product",
    "telecom": "telecom telecommunication telco telecommun",
    "operator": "operator carrier provider isp",
    "govern": "govern government govt gov cabinet administration state",
    "end": "end stop ceas quit",
    "delay": "delay postpon defer slip wait extend extension",
}
_SYNONYMS = {word: head for head, words in _GROUPS.items() for word in words.split()}
# Words every article about Huawei policy shares: they say little about which event it is.
_COMMON = _wordset(
    """
    huawei zte 5g network gear telecom operator govern chines china secur nation plan firm
    compani company vendor giant @cn mobil wireless countri country offici move security
    """
)
_EVENT = frozenset({"ban", "urge", "allow", "deal", "sign", "review", "law", "sue"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _stem(word: str) -> str:
    """A light suffix stripper: "bans", "banned", "banning" -> "ban"; "removes" -> "remov"."""
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # "banning" -> "bann" -> "ban"
            break
    else:
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith(("sses", "xes", "ches", "shes")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _words(text: str) -> list[str]:
    out: list[str] = []
    text = _ORDINAL.sub(r"\1", _POSSESSIVE.sub("", _fold(text)))
    raw = _WORD.findall(text.replace("'", "").replace("’", ""))
    for index, token in enumerate(raw):
        parts = token.split("-")
        # "F-35", "AWS-3", "C-Band": a letter or a number with its neighbour is one name.
        if len(parts) > 1 and any(len(p) == 1 or p.isdigit() for p in parts):
            parts = ["".join(parts)]
        for part in parts:
            if part == "os" and index > 0 and out:
                out[-1] = out[-1] + "os"  # "Harmony OS" = "HarmonyOS"
                continue
            out.append(part)
    return out


def tokens(title: str) -> frozenset[str]:
    """Content words of a headline, stemmed and folded, with countries replaced by codes."""
    spans = countries.find_mentions(title)
    codes = {f"@{m.iso2.lower()}" for m in spans}
    text = title
    for m in reversed(spans):
        text = text[: m.start] + " " + text[m.end :]
    found: set[str] = set()
    for word in _words(text):
        if word in _STOP or (len(word) < 2 and not word.isdigit()):
            continue
        stem = _stem(word)
        found.add(_SYNONYMS.get(word) or _SYNONYMS.get(stem) or stem)
    found.discard("")
    return frozenset(found | codes)


def signature(title: str) -> str:
    return " ".join(sorted(tokens(title)))


def _weight(word: str) -> float:
    """How much sharing this word says about two headlines being one story."""
    if word.startswith("@"):
        return 0.3 if word == "@cn" else 1.5  # a country, except the vendors' home
    if word in _COMMON:
        return 0.25
    if word in _EVENT:
        return 0.8
    if any(c.isdigit() for c in word):
        return 1.2  # numbers and models: "F-35", "P30", "2027"
    return 1.0


@lru_cache(maxsize=65536)
def _total(words: frozenset[str]) -> float:
    return sum(_weight(w) for w in words)


def _similarity(a: frozenset[str], b: frozenset[str], shared: frozenset[str]) -> float:
    weight = sum(_weight(w) for w in shared)
    if weight == 0:
        return 0.0
    total_a, total_b = _total(a), _total(b)
    jaccard = weight / (total_a + total_b - weight)
    overlap = weight / min(total_a, total_b)
    # A short headline inside a long one counts, if they share more than the obvious.
    return max(jaccard, 0.85 * overlap if weight >= 2.0 else 0.5 * overlap)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Weighted overlap of two token sets, 0..1, tolerant of one headline being longer."""
    if not a or not b:
        return 0.0
    return _similarity(a, b, a & b)


@lru_cache(maxsize=8192)
def link_key(link: str | None) -> str | None:
    """A link as grouping compares it: no scheme, "www.", query order, fragment or end slash."""
    if not link:
        return None
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    if not host:
        return None
    path = parts.path.rstrip("/") or "/"
    query = "&".join(sorted(q for q in parts.query.split("&") if q))
    return urlunsplit(("", host, path, query, ""))


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
    return not conflicts(a, b)


def conflicts(a: Mapping[str, str | None], b: Mapping[str, str | None]) -> set[str]:
    """The countries that have a status in both and not the same one."""
    return {iso2 for iso2, s in a.items() if s and b.get(iso2) and b.get(iso2) != s}


def agreements(a: Mapping[str, str | None], b: Mapping[str, str | None]) -> set[str]:
    """The countries that have the same status in both."""
    return {iso2 for iso2, s in a.items() if s and b.get(iso2) == s}


_DAY = timedelta(days=1)
_EXCLUSIONS = frozenset({"banned", "restricted"})


@dataclass(slots=True)
class _Article:
    """The article side of a comparison, computed once per ``match``."""

    words: frozenset[str]
    statuses: Mapping[str, str | None]
    countries: frozenset[str]  # without China, named in nearly every Huawei article
    decided: frozenset[str]  # the countries with a status

    @classmethod
    def of(cls, words: frozenset[str], statuses: Mapping[str, str | None]) -> _Article:
        return cls(
            words,
            statuses,
            frozenset(statuses) - {"CN"},
            frozenset(iso2 for iso2, s in statuses.items() if s),
        )


def _score(article: _Article, when: datetime, cand: Candidate) -> float:
    gap = abs(cand.seen - when)
    if gap > STATUS_WINDOW:
        return 0.0
    theirs = cand.statuses
    mine = article.countries
    their_countries = theirs.keys() - {"CN"}
    if mine and their_countries and not mine & their_countries:
        return 0.0  # no country in common
    agree = clash = degree = False
    for iso2 in article.decided:
        other = theirs.get(iso2)
        if other:
            mine_status = article.statuses[iso2]
            if other == mine_status:
                agree = True
            else:
                clash = True
                # "banned" and "restricted": two outlets' degrees of one exclusion.
                degree = {other, mine_status} == _EXCLUSIONS
    shared = article.words & cand.words
    if not shared and not agree and not clash and gap > _DAY:
        return 0.0
    sim = _similarity(article.words, cand.words, shared) if shared else 0.0
    same_day = gap <= _DAY
    value = sim
    if clash and not same_day:
        if not degree or sim < 0.6:
            return 0.0  # another status for the country days later: a new development
        value -= 0.1  # the same headline read as a ban by one outlet, a restriction by another
    if agree and not clash:
        # The same status for the same country: the same news, most of all on the same day.
        value += 0.45 if same_day else 0.25
    elif clash:
        # Two statuses the same day: outlets read one decision differently ("bans" and
        # "paves the way to a ban"), or a real second step; only close headlines group.
        value += 0.15
    if same_day and (mine or article.decided):
        their_decided = {iso2 for iso2, s in theirs.items() if s}
        if (article.decided and article.decided == their_decided) or (
            mine
            and their_countries
            and len(mine & their_countries) * 2 >= len(mine | their_countries)
        ):
            value += 0.1  # the same countries the same day
    if gap > WINDOW:
        close = sim >= 0.6 and gap <= CLOSE_WINDOW
        very_close = sim >= 0.7
        related = agree and not clash and sim >= 0.25
        if not (close or very_close or related):
            return 0.0
    return value


def score(
    words: frozenset[str],
    statuses: Mapping[str, str | None],
    when: datetime,
    cand: Candidate,
) -> float:
    """How much an article looks like a recent story's first article; 0 when it cannot be."""
    return _score(_Article.of(words, statuses), when, cand)


def match(
    words: frozenset[str],
    link: str | None,
    statuses: Mapping[str, str | None],
    when: datetime,
    candidates: Iterable[Candidate],
    threshold: float = THRESHOLD,
) -> Candidate | None:
    """The recent story this article belongs to, or None for a new story.

    The same link wins outright; otherwise the best score at or above ``threshold`` (the
    later candidate on a tie).
    """
    key = link_key(link)
    article = _Article.of(words, statuses)
    best: Candidate | None = None
    best_score = threshold
    for cand in candidates:
        if key and cand.link and link_key(cand.link) == key:
            return cand
        value = round(_score(article, when, cand), 6)
        if value >= best_score:
            best, best_score = cand, value
    return best
