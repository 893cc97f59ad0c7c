"""Grouping: the same event reported by several outlets is one story. Pure functions, and
``StoryIndex``, which finds the story for an article among many quickly.

An article joins the recent story it scores best with, at or above ``THRESHOLD``, or the story
with the same (normalised) link within ``STATUS_WINDOW``. The score:

* headline similarity: a weighted overlap of content words, stemmed and folded into synonyms
  ("bars", "excludes", "blocked", "phase out" are all "ban"; "urges", "warns", "presses" are
  "urge"), with countries replaced by their codes. The words every Huawei headline shares
  ("Huawei", "5G", "network", "Chinese") count little, countries, numbers and rare words much;
* the classification's findings (which see the summary too): the same status for the same
  country adds much (most on the same day; within ``SAME_DECISION_WINDOW`` it is enough on its
  own, so reports of one decision in two languages join), the same countries the same day add
  a little, and
  two articles naming no country in common (China aside) are never one story;
* a country with two statuses is a new development days later, or, the same day, one decision
  read two ways ("bans" and "paves the way to a ban"), grouped only with close headlines; a ban
  and a restriction are two outlets' degrees of one exclusion;
* the standfirst (the summary's first ``SUMMARY_CHARS`` characters): the same day, two
  headlines in other words that still share a fair part of the lighter one are one story when
  each is mostly (by weight) inside the other's headline and standfirst;
* a country little in the news (the sparse rule): two relevant articles a day or less apart,
  about (mostly) the same countries with no country given two statuses, are one story when the
  candidate is the only story about one of those countries first seen within
  ``SPARSE_WINDOW`` of the article, whatever their words ("5G trials in disarray as geopolitics
  enters scene" and "US-China spat spills over into Nepal, hits 5G rollout"). It needs the
  relevance of both (``relevant=`` to ``match``, ``Candidate.relevant``): without it, it is off.
  Where a country is much in the news (the US, the UK), there are other stories and it is off;
* the outlet's home country (``home_country``: a country its name names, "Irish Examiner", "The
  Kathmandu Post", else its link's country-code domain, ".ie", not ".io" or ".tv"): an article
  naming no country but China keeps it as a hint among its standfirst words ("^ie", when
  ``context_tokens`` is given ``outlet``/``link``), which stands for its countries in the
  sparse rule only: a national outlet writes about the world too, so a hint never keeps two
  articles apart and earns no same-countries bonus.

Time: a story absorbs only the same development, reported within days. It stays open
``WINDOW`` days; a near-identical headline, or a related headline with the same status for the
same country, joins for up to ``STATUS_WINDOW`` (a week: outlets that report a decision a week
late tell the same news). Later than that, an article about the same country is a new
development and a new story, however much its words overlap the old one's ("UK ... deadline
stays at 2027" eleven days after "UK bans Huawei ... by 2027"), so it is posted. The pipeline
offers every story last seen within ``STATUS_WINDOW``, so all of these apply.

A story is its first article's headline and standfirst words (stored as its ``signature``, with
the home-country hint), link and time, the statuses of all its articles, and its relevance.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from bot import countries

WINDOW = timedelta(days=4)
CLOSE_WINDOW = timedelta(days=7)
# The longest an article may come after a story's first one and still join it ("the same
# development, within days"); the pipeline offers the stories last seen within it.
STATUS_WINDOW = CLOSE_WINDOW
THRESHOLD = 0.45
# The same country with the same status within two days is one decision, in any language.
SAME_DECISION_WINDOW = timedelta(days=2)
SAME_DECISION_SCORE = 0.5

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
    if text.isascii():
        return text.casefold()
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
    text = _ORDINAL.sub(r"\1", _POSSESSIVE.sub("", _fold(text)))
    raw: list[str] = _WORD.findall(text.replace("'", "").replace("’", ""))
    if "-" not in text and "os" not in raw:
        return raw  # nothing to join (most text)
    out: list[str] = []
    for index, word in enumerate(raw):
        parts = word.split("-")
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
    # A leader's name ("Theresa May") stays a word: it is no place the headline names.
    spans = [m for m in countries.find_mentions(title) if m.kind != "leader"]
    codes = {f"@{m.iso2.lower()}" for m in spans}
    text = title
    for m in reversed(spans):
        text = text[: m.start] + " " + text[m.end :]
    found = {_token(word) for word in _words(text)}
    found.discard("")
    return frozenset(found | codes)


@lru_cache(maxsize=1 << 16)
def _token(word: str) -> str:
    """A word as grouping compares it: stemmed and folded into its synonyms; "" when ignored."""
    if word in _STOP or (len(word) < 2 and not word.isdigit()):
        return ""
    stem = _stem(word)
    return _SYNONYMS.get(word) or _SYNONYMS.get(stem) or stem


SUMMARY_CHARS = 400  # the standfirst: feeds' summaries run from one line to whole articles
_CONTEXT_MARK = "~"  # a standfirst word in a stored signature


def context_tokens(
    summary: str | None,
    words: frozenset[str] = frozenset(),
    *,
    outlet: str | None = None,
    link: str | None = None,
) -> frozenset[str]:
    """The standfirst's content words (its first ``SUMMARY_CHARS`` characters) not in ``words``;
    with the outlet's home country as a hint ("^ie") when neither names a country but China."""
    found: frozenset[str] = frozenset()
    if summary:
        text = summary[:SUMMARY_CHARS]
        if len(summary) > SUMMARY_CHARS:
            text = text.rsplit(" ", 1)[0]  # no half word at the cut
        found = tokens(text) - words
    if outlet or link:
        home = home_country(outlet, link)
        if home and not (_named(words) or _named(found)):
            found = found | {_HOME_MARK + home.lower()}
    return found


def _named(words: frozenset[str]) -> bool:
    """Whether these words name a country other than China."""
    return any(w[0] == "@" and w != "@cn" for w in words)


_HOME_MARK = "^"  # the outlet's home country, a hint in the standfirst words: "^ie"
# Country-code domains used worldwide for other reasons (".io", ".tv", ".ai"...): no home.
_GENERIC_TLDS = _wordset(
    """
    ac ad ag ai am as bz cc cd cf cm co cx dj fm ga gd gg gl gq gs im io la ly md me ml ms mu
    nu pw sc sh so st su tk tm to tv vc vg ws
    """
)
_TLD_COUNTRY = {"uk": "GB"}  # the other country-code domains are the ISO codes


def home_country(outlet: str | None, link: str | None = None) -> str | None:
    """The country a news outlet is at home in, from its name ("Irish Examiner", "The Kathmandu
    Post": a name, demonym or capital) or else its link's country-code domain (".ie", ".co.uk",
    not generic ones such as ".io" or ".tv"); None for China, several countries or none."""
    by_name = _outlet_country(outlet) if outlet else None
    if by_name is not None:
        return by_name or None
    if not link or "://" not in link:
        return None
    try:
        host = urlsplit(link.strip()).hostname
    except ValueError:  # "http://[::1": not a link
        return None
    return _domain_country(host) if host else None


@lru_cache(maxsize=4096)
def _outlet_country(outlet: str) -> str | None:
    """The one country an outlet's name names; "" for China or several (no home), None for
    none (the link may tell)."""
    found = {m.iso2 for m in countries.find_mentions(outlet)}
    if not found:
        return None
    return found.pop() if len(found) == 1 and "CN" not in found else ""


@lru_cache(maxsize=4096)
def _domain_country(host: str) -> str | None:
    tld = host.rstrip(".").rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_TLDS:
        return None
    iso2 = _TLD_COUNTRY.get(tld, tld.upper())
    if iso2 == "CN" or iso2 not in _ISO2:
        return None
    return iso2


_ISO2 = frozenset(c.iso2 for c in countries.all_countries())
_HOME_TOKENS = frozenset(_HOME_MARK + iso2.lower() for iso2 in _ISO2)


def signature(title: str, summary: str | None = None) -> str:
    """A story's words as stored: the headline's, then the standfirst's marked with "~"."""
    words = tokens(title)
    return encode_signature(words, context_tokens(summary, words))


def encode_signature(words: Iterable[str], context: Iterable[str] = ()) -> str:
    """The stored form of a story's headline and standfirst words (``parse_signature``)."""
    return " ".join([*sorted(words), *(_CONTEXT_MARK + w for w in sorted(context))])


def parse_signature(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(headline words, standfirst words) of a stored signature; old ones have no standfirst."""
    words: list[str] = []
    context: list[str] = []
    for word in text.split():
        if word.startswith(_CONTEXT_MARK):
            context.append(word[len(_CONTEXT_MARK) :])
        else:
            words.append(word)
    return frozenset(words), frozenset(context)


@lru_cache(maxsize=1 << 17)
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


def _sum(words: Iterable[str]) -> float:
    return sum(map(_weight, words))


@lru_cache(maxsize=65536)
def _total(words: frozenset[str]) -> float:
    return _sum(words)


def _similarity(a: frozenset[str], b: frozenset[str], shared: frozenset[str]) -> float:
    return _similarity_of(_sum(shared), _total(a), _total(b))


def _similarity_of(weight: float, total_a: float, total_b: float) -> float:
    """The similarity of two headlines of these weights sharing words of ``weight``."""
    if weight == 0:
        return 0.0
    jaccard = weight / (total_a + total_b - weight)
    overlap = weight / min(total_a, total_b)
    # A short headline inside a long one counts, if they share more than the obvious.
    return max(jaccard, _OVERLAP * overlap if weight >= _OVERLAP_WEIGHT else _THIN * overlap)


_OVERLAP = 0.85  # the factor of the overlap when the shared words weigh _OVERLAP_WEIGHT or more
_OVERLAP_WEIGHT = 2.0
_THIN = 0.5  # ... and when they weigh less


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
    """A recent story as clustering sees it: its first article's words, link, time, and the
    statuses of all its articles (change them through ``StoryIndex.update_status`` once the
    story is in an index)."""

    id: int
    words: frozenset[str]
    link: str | None
    seen: datetime
    statuses: dict[str, str | None] = field(default_factory=dict)
    context: frozenset[str] = frozenset()  # standfirst words that are not in the headline
    relevant: bool | None = None  # its articles' relevance (None: not known)
    home: frozenset[str] = field(default=frozenset(), init=False)  # its outlet's, a hint

    def __post_init__(self) -> None:
        if self.context:
            if not self.context.isdisjoint(self.words):
                self.context = self.context - self.words
            hints = self.context & _HOME_TOKENS
            if hints:
                self.home = frozenset(w[1:].upper() for w in hints)

    @classmethod
    def stored(
        cls,
        id: int,
        signature: str,
        link: str | None,
        seen: datetime,
        statuses: dict[str, str | None],
        relevant: bool | None = None,
    ) -> Candidate:
        """A story as stored: its ``signature`` holds its headline and standfirst words."""
        words, context = parse_signature(signature)
        return cls(id, words, link, seen, statuses, context, relevant)


def same_link_joins(cand: Candidate, when: datetime) -> bool:
    """The same link joins whatever the words, but only within ``STATUS_WINDOW``: a page a
    site reuses (a section, an anchor on one page) for news months apart is not one story."""
    return abs(cand.seen - when) <= STATUS_WINDOW


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
_CHINA = frozenset({"CN"})
_EXCLUSIONS = frozenset({"banned", "restricted"})
# The most the score adds to the headline similarity when the two share no country with a
# status in both (the same countries the same day); StoryIndex relies on it.
MAX_PLAIN_BONUS = 0.1
# The standfirst rule: the same day, two headlines that share words weighing at least
# _CONTEXT_SHARE of the lighter one, each mostly inside the other's headline and standfirst,
# score _CONTEXT_FACTOR x the lesser of the two shares (so at least half of each, by weight).
_CONTEXT_SHARE = 0.4
_CONTEXT_FACTOR = 0.9
# The sparse rule: what a relevant article scores with the only story about one of its
# countries first seen within SPARSE_WINDOW, when the two are relevant, a day or less apart,
# with no country given two statuses.
SPARSE_SCORE = 0.5
SPARSE_WINDOW = WINDOW


@dataclass(slots=True)
class _Article:
    """The article side of a comparison, computed once per ``match``."""

    words: frozenset[str]
    statuses: Mapping[str, str | None]
    countries: frozenset[str]  # without China, named in nearly every Huawei article
    decided: frozenset[str]  # the countries with a status
    context: frozenset[str] = frozenset()  # standfirst words not in the headline
    full: frozenset[str] = frozenset()  # words | context
    total: float = 0.0
    home: frozenset[str] = frozenset()  # the outlet's country, when it names none
    relevant: bool | None = None

    @property
    def soft(self) -> frozenset[str]:
        """Its countries, or else its outlet's home country (a hint)."""
        return self.countries or self.home

    @classmethod
    def of(
        cls,
        words: frozenset[str],
        statuses: Mapping[str, str | None],
        context: frozenset[str] = frozenset(),
        relevant: bool | None = None,
    ) -> _Article:
        context = context - words
        hints = context & _HOME_TOKENS
        return cls(
            words,
            statuses,
            frozenset(statuses) - {"CN"},
            frozenset(iso2 for iso2, s in statuses.items() if s),
            context,
            words | context,
            _total(words),
            frozenset(w[1:].upper() for w in hints) if hints else frozenset(),
            relevant,
        )


def _score(article: _Article, when: datetime, cand: Candidate, sparse: bool = False) -> float:
    gap = abs(cand.seen - when)
    if gap > STATUS_WINDOW:
        return 0.0
    theirs = cand.statuses
    mine = article.countries
    their_countries = theirs.keys() - _CHINA if mine and theirs else None
    if their_countries and not mine & their_countries:
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
    weight = _sum(shared) if shared else 0.0
    total = _total(cand.words)
    sim = _similarity_of(weight, article.total, total)
    same_day = gap <= _DAY
    value = sim
    if clash and not same_day:
        if not degree or sim < 0.6:
            return 0.0  # another status for the country days later: a new development
        value -= 0.1  # the same headline read as a ban by one outlet, a restriction by another
    if agree and not clash:
        # The same status for the same country: the same news, most of all on the same day.
        value += 0.45 if same_day else 0.25
        if gap <= SAME_DECISION_WINDOW:
            # One decision, whatever the words: a German and an English report of it share
            # no headline word, and still are one story.
            value = max(value, SAME_DECISION_SCORE)
    elif clash:
        # Two statuses the same day: outlets read one decision differently ("bans" and
        # "paves the way to a ban"), or a real second step; only close headlines group.
        value += 0.15
    if same_day and (mine or article.decided):
        same_decided = bool(article.decided) and article.decided == {
            iso2 for iso2, s in theirs.items() if s
        }
        if same_decided or (
            their_countries and len(mine & their_countries) * 2 >= len(mine | their_countries)
        ):
            value += MAX_PLAIN_BONUS  # the same countries the same day
    if gap > WINDOW:
        close = sim >= 0.6  # within STATUS_WINDOW (= CLOSE_WINDOW), checked above
        related = agree and not clash and sim >= 0.25
        if not (close or related):
            return 0.0
    if (
        same_day
        and not clash
        and value < _CONTEXT_FACTOR
        and article.context
        and cand.context
        and weight
        and weight >= _CONTEXT_SHARE * min(article.total, total)
    ):
        # Two outlets' headlines in other words, each mostly inside the other's headline and
        # standfirst ("Trump signs executive order on securing ICT" / "Trump declares national
        # emergency ...", whose standfirst says he "signed an Executive Order ..."). A
        # standfirst holds no word of its own headline, so the shares add up.
        mine_in = (weight + _sum(article.words & cand.context)) / article.total
        if _CONTEXT_FACTOR * mine_in > value:
            theirs_in = (weight + _sum(cand.words & article.context)) / total
            value = max(value, _CONTEXT_FACTOR * min(mine_in, theirs_in))
    if (
        sparse
        and same_day
        and not clash
        and value < SPARSE_SCORE
        and article.relevant
        and cand.relevant
        and _same_countries(article.soft, (theirs.keys() - _CHINA) or cand.home)
    ):
        # The only recent story about a country little in the news, relevant as this article
        # and a day or less apart: the same event in other words ("5G trials in disarray as
        # geopolitics enters scene", The Kathmandu Post; "US-China spat spills over into
        # Nepal, hits 5G rollout").
        value = SPARSE_SCORE
    return value


def _same_countries(mine: Set[str], theirs: Set[str]) -> bool:
    """Whether two articles are about (mostly) the same countries: at least half of all."""
    return bool(mine and theirs and len(mine & theirs) * 2 >= len(mine | theirs))


def score(
    words: frozenset[str],
    statuses: Mapping[str, str | None],
    when: datetime,
    cand: Candidate,
    context: frozenset[str] = frozenset(),
    *,
    relevant: bool | None = None,
    sparse: bool = False,
) -> float:
    """How much an article looks like a recent story's first article; 0 when it cannot be.
    ``sparse``: the story is the only recent one about a country the article is about
    (``sparse_stories``)."""
    return _score(_Article.of(words, statuses, context, relevant), when, cand, sparse)


def filed_countries(cand: Candidate) -> frozenset[str]:
    """The countries a story is about for the sparse rule: those it names (China aside, with
    or without a status, from any of its articles), and its outlet's home country."""
    return frozenset(cand.statuses.keys() - _CHINA) | cand.home


def sparse_stories(
    statuses: Mapping[str, str | None],
    when: datetime,
    candidates: Iterable[Candidate],
    context: frozenset[str] = frozenset(),
) -> set[int]:
    """The ``id()`` of each candidate that is the only one about one of the article's
    countries (its outlet's home country if it names none) first seen within
    ``SPARSE_WINDOW`` of it (in quarter days, ``_span``): a scan."""
    article = _Article.of(frozenset(), statuses, context)
    if not article.soft:
        return set()
    span = _span(when)
    holders: dict[str, list[Candidate]] = {}
    for cand in candidates:
        if abs(_span(cand.seen) - span) <= _WIDE:
            for iso2 in filed_countries(cand) & article.soft:
                holders.setdefault(iso2, []).append(cand)
    return {id(found[0]) for found in holders.values() if len(found) == 1}


def match(
    words: frozenset[str],
    link: str | None,
    statuses: Mapping[str, str | None],
    when: datetime,
    candidates: Iterable[Candidate],
    threshold: float = THRESHOLD,
    context: frozenset[str] = frozenset(),
    *,
    relevant: bool | None = None,
) -> Candidate | None:
    """The recent story this article belongs to, or None for a new story: a scan of every
    candidate, for a few of them (``StoryIndex.match`` decides the same, fast, for many).

    The same link wins outright (the first such candidate within ``STATUS_WINDOW``);
    otherwise the best score at or above ``threshold`` (the later candidate on a tie).
    """
    key = link_key(link)
    article = _Article.of(words, statuses, context, relevant)
    candidates = list(candidates)
    sparse = sparse_stories(statuses, when, candidates, context) if relevant else set()
    best: Candidate | None = None
    best_score = threshold
    for cand in candidates:
        if key and cand.link and link_key(cand.link) == key and same_link_joins(cand, when):
            return cand
        value = round(_score(article, when, cand, id(cand) in sparse), 6)
        if value >= best_score:
            best, best_score = cand, value
    return best


# -- assigning an article to a story ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arrival:
    """One article as grouping sees it: its headline and standfirst words, link, statuses
    (country -> status or None), time and relevance."""

    words: frozenset[str]
    link: str | None
    statuses: Mapping[str, str | None]
    when: datetime
    context: frozenset[str] = frozenset()
    relevant: bool | None = None


class _Grouping:
    """What grouping does with a story index, whatever finds the match: ``assign`` an article
    to its story or to a new one, and ``fold`` a joined article into its story. Subclasses
    give ``match``, ``add`` and ``update_status``."""

    def match(
        self,
        words: frozenset[str],
        link: str | None,
        statuses: Mapping[str, str | None],
        when: datetime,
        context: frozenset[str] = frozenset(),
        *,
        relevant: bool | None = None,
    ) -> Candidate | None:
        raise NotImplementedError

    def add(self, cand: Candidate) -> None:
        raise NotImplementedError

    def update_status(self, cand: Candidate, iso2: str, status: str | None) -> None:
        raise NotImplementedError

    def find(self, arrival: Arrival) -> Candidate | None:
        """The story ``arrival`` joins, or None."""
        a = arrival
        return self.match(a.words, a.link, a.statuses, a.when, a.context, relevant=a.relevant)

    def fold(self, story: Candidate, arrival: Arrival) -> None:
        """``arrival`` joined ``story``: the story is relevant if any of its articles is, and
        gains the statuses it did not have yet (first status wins)."""
        story.relevant = story.relevant or arrival.relevant
        for iso2, status in arrival.statuses.items():
            if status and not story.statuses.get(iso2):
                self.update_status(story, iso2, status)

    def assign(self, arrival: Arrival, new_id: int) -> tuple[Candidate, bool]:
        """The story ``arrival`` joins (folded in), or a new story ``new_id`` made of it and
        added; and whether it is new. The one grouping step of the pipeline, the evaluation
        and the benches."""
        story = self.find(arrival)
        if story is not None:
            self.fold(story, arrival)
            return story, False
        a = arrival
        story = Candidate(new_id, a.words, a.link, a.when, dict(a.statuses), a.context, a.relevant)
        self.add(story)
        return story, True


class ListGrouper(_Grouping):
    """Grouping by a scan of a plain list (``match``): the reference ``StoryIndex`` must
    decide exactly as, for tests and benches."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.items: list[Candidate] = []

    def match(
        self,
        words: frozenset[str],
        link: str | None,
        statuses: Mapping[str, str | None],
        when: datetime,
        context: frozenset[str] = frozenset(),
        *,
        relevant: bool | None = None,
    ) -> Candidate | None:
        return match(
            words, link, statuses, when, self.items, self.threshold, context, relevant=relevant
        )

    def add(self, cand: Candidate) -> None:
        self.items.append(cand)

    def update_status(self, cand: Candidate, iso2: str, status: str | None) -> None:
        cand.statuses[iso2] = status


# -- the index: the same decisions as ``match`` over the list, scoring only what can win -----
#
# An article can reach the threshold with a candidate in only one of these ways, so the index
# scores only the candidates that one of them lets through (the others score below it):
#
# 1. the same link: a dict;
# 2. a country with a status in both (the only way to the status bonuses): postings per iso2;
# 3. otherwise the score is at most the headlines' similarity, plus MAX_PLAIN_BONUS when the
#    two are a day or less apart and the candidate names one of the article's countries. So
#    the headlines' shared words must weigh at least what ``_need`` gives for a similarity of
#    threshold (- MAX_PLAIN_BONUS), given the two headlines' weights;
# 4. or the standfirst rule (a day or less apart, with standfirsts), which needs shared
#    headline words weighing _CONTEXT_SHARE of the lighter headline;
# 5. or the sparse rule (a relevant article): the candidate is the only one filed under one of
#    the article's countries (or its hint) within SPARSE_WINDOW: the country's mask, and if it
#    has several bits, AND the mask of the window's quarter days (kept for the quarter days
#    asked lately, and brought up to date with the candidates added since). These candidates
#    are scored whatever else.
#
# Both 3 and 4 need shared headline words of some weight (so a candidate that shares only the
# common words, "huawei", "5g", "ban", "network", is never looked at: they weigh too little),
# and how much depends on the candidate's headline weight: candidates are grouped by it
# (``_SIZES``), and the least weight of each group is looked up at once for all candidates
# with big-integer masks (bit i: candidate i; a mask per word, per quarter day, per country,
# per group): ``_Table.counts`` counts the shared words' weight in units (rounded up) with a
# few ANDs and ORs per word, done in C. A word held by few candidates keeps a list, and those
# candidates are checked one by one. The candidates found are checked exactly for 3 and 4
# (``_may_reach``) before being scored. Two articles naming no country in common are never
# one story, so an article that names countries only looks at candidates that name one of
# them or none.

_ROUNDING = 1e-6  # match() compares scores rounded to 6 places
_SLACK = 1e-9  # float sums of the same weights in another order
# A word gets a bit mask instead of a list once this many candidates hold it (a mask costs up
# to one bit per candidate, a listed word a check per candidate holding it).
_DENSE = 3
_DENSE_SHARE = 4096  # or once 1 / _DENSE_SHARE of all candidates do, if more
# Shared weight is counted in units, rounded up: half units (half as many levels) unless the
# article has quarter-weight words ("huawei", "5g", "network"...), which would count double.
_FINE, _COARSE = 0.25, 0.5
_SIZES = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, 15.0)  # headline weights
_SHORT = 3.0  # candidates with a lighter headline (few) are checked if they share any word
_NO_COUNTRY = ""
_SPAN = 6 * 3600  # candidates are filed by the quarter day they were first seen
_NEAR = 86400 // _SPAN  # a day apart: this many quarters apart at most
_WIDE = int(SPARSE_WINDOW.total_seconds()) // _SPAN  # the sparse rule's "recent", in quarters
_WIDE_KEPT = 64  # the most windows StoryIndex keeps
_BYTE_BITS: tuple[tuple[int, ...], ...] = tuple(  # the set bits of each byte value
    tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)
)
_NONZERO = bytes([0] + [1] * 255)


def _need(total: float, other: float, theta: float) -> float:
    """The least shared weight for a headline similarity of ``theta`` between headlines of
    ``total`` and at least ``other`` weight (``_similarity_of``: Jaccard, or the overlap with
    the shorter one, scaled by _OVERLAP from _OVERLAP_WEIGHT shared, _THIN below)."""
    jaccard = theta * (total + other) / (1 + theta)
    shorter = min(total, other)
    overlap = min(max(_OVERLAP_WEIGHT, theta * shorter / _OVERLAP), theta * shorter / _THIN)
    return min(jaccard, overlap)


def _units(weight: float, unit: float) -> int:
    """A weight in whole units, rounded up (an upper bound)."""
    return max(0, math.ceil(weight / unit - _SLACK))


@lru_cache(maxsize=1 << 16)
def _word_units(word: str, unit: float) -> int:
    return _units(_weight(word), unit)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one article needs from each group of candidates, in units."""

    runs: tuple[tuple[int, int, int, int, int], ...]  # first, last group, named, plain, shared
    top: int  # the highest level needed
    floor: int  # the lowest, but for the short headlines' groups


@lru_cache(maxsize=4096)
def _plan(
    total: float, unit: float, plain_theta: float, named_theta: float | None, shared: bool
) -> _Plan:
    wanted: list[tuple[int, int, int]] = []
    for low in _SIZES:
        plain = _units(_need(total, low, plain_theta), unit)
        named = plain if named_theta is None else _units(_need(total, low, named_theta), unit)
        share = _units(_CONTEXT_SHARE * min(total, low), unit) if shared else plain
        wanted.append((min(named, plain), plain, min(share, plain)))
    runs: list[tuple[int, int, int, int, int]] = []
    for group, want in enumerate(wanted):
        if runs and runs[-1][2:] == want:
            runs[-1] = (runs[-1][0], group, *want)
        else:
            runs.append((group, group, *want))
    floor = min(
        min(named, share)
        for (named, _plain, share), low in zip(wanted, _SIZES, strict=True)
        if low >= _SHORT
    )
    return _Plan(tuple(runs), wanted[-1][1], floor)


def _mask(positions: list[int]) -> int:
    """The mask with these bits set."""
    if not positions:
        return 0
    data = bytearray((max(positions) >> 3) + 1)
    for p in positions:
        data[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(data, "little")


def _positions(mask: int) -> list[int]:
    """The set bits of a mask."""
    if not mask:
        return []
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    flags = data.translate(_NONZERO)
    out: list[int] = []
    index = flags.find(1)
    while index >= 0:
        base = index * 8
        out.extend(base + bit for bit in _BYTE_BITS[data[index]])
        index = flags.find(1, index + 1)
    return out


def _span(when: datetime) -> int:
    return int(when.timestamp()) // _SPAN


def _first(row: tuple[int, int]) -> int:
    return row[0]


def _filed(cand: Candidate) -> list[str]:
    """The countries the index files a candidate under: those it names, or "" for none, and
    its outlet's home country."""
    named = [iso2 for iso2 in cand.statuses if iso2 != "CN"] or [_NO_COUNTRY]
    return [*named, *cand.home] if cand.home else named


class _Table:
    """Word -> candidate positions: a list while few, then a bit mask."""

    __slots__ = ("dense", "sparse")

    def __init__(self) -> None:
        self.sparse: dict[str, list[int]] = {}
        self.dense: dict[str, int] = {}

    def add(self, word: str, pos: int) -> None:
        mask = self.dense.get(word)
        if mask is not None:
            self.dense[word] = mask | 1 << pos
            return
        positions = self.sparse.setdefault(word, [])
        positions.append(pos)
        if len(positions) >= max(_DENSE, pos // _DENSE_SHARE):
            self.dense[word] = _mask(positions)
            del self.sparse[word]

    def extend(self, word: str, positions: list[int]) -> None:
        """``add`` for many positions at once (in increasing order, after those present)."""
        mask = self.dense.get(word)
        if mask is not None:
            self.dense[word] = mask | _mask(positions)
            return
        listed = self.sparse.setdefault(word, [])
        listed.extend(positions)
        if len(listed) >= max(_DENSE, listed[-1] // _DENSE_SHARE):
            self.dense[word] = _mask(listed)
            del self.sparse[word]

    def counts(
        self, words: Iterable[str], unit: float, top: int, floor: int, found: set[int]
    ) -> tuple[list[int], int]:
        """``at_least[j]``: the candidates whose words shared with ``words`` make j units or
        more, right for ``floor <= j <= top`` (lower levels are dropped once they can no
        longer reach ``floor``), and the mask of those sharing any. The candidates of a listed
        word go to ``found`` instead, whatever else they share."""
        sparse, dense = self.sparse, self.dense
        rows: list[tuple[int, int]] = []
        for word in words:
            positions = sparse.get(word)
            if positions is not None:
                found.update(positions)
                continue
            mask = dense.get(word)
            if mask is not None:
                rows.append((min(_word_units(word, unit), top), mask))
        rows.sort(key=_first)  # the lighter first: the levels fill up more slowly
        at_least = [0] * (top + 1)
        sharing = 0
        reach = 0  # no candidate has more units yet
        left = sum(units for units, _mask in rows)  # the units still to come
        for units, mask in rows:
            sharing |= mask
            left -= units
            high = min(top, reach + units)
            low = max(units + 1, floor - left)
            # Those with the word gain its units: level j takes level j - units.
            if low <= high:
                at_least[low : high + 1] = [
                    level | (lower & mask) if lower else level
                    for level, lower in zip(
                        at_least[low : high + 1], at_least[low - units :], strict=False
                    )
                ]
            start = max(0, floor - left)
            if start <= units:
                at_least[start : units + 1] = [
                    level | mask for level in at_least[start : units + 1]
                ]
            reach = high
        return at_least, sharing


class StoryIndex(_Grouping):
    """The candidate stories of a cycle, in order, with look-ups that let ``match`` score only
    the candidates that can reach the threshold. It decides exactly as ``match`` over the same
    list (tests/test_stories.py checks it against a scan).

    ``add`` a new story; change a story's statuses with ``update_status`` (not directly): the
    index files stories under the countries and statuses they have.
    """

    def __init__(self, candidates: Iterable[Candidate] = (), threshold: float = THRESHOLD):
        self.threshold = threshold
        self._named_theta = threshold - MAX_PLAIN_BONUS - _ROUNDING  # with the bonus
        self._plain_theta = threshold - _ROUNDING
        self._cover = (threshold - _ROUNDING) / _CONTEXT_FACTOR  # 4: each headline's share
        self._scan = self._named_theta <= 0  # a bonus alone could reach it: no pruning
        self._items: list[Candidate] = []
        self._totals: list[float] = []  # headline weights
        self._position: dict[int, int] = {}  # id(candidate) -> position
        self._by_link: dict[str, list[Candidate]] = {}  # in order
        self._titles = _Table()  # headline words
        self._sizes = [0] * (len(_SIZES) + 1)  # per group: those at least that heavy
        self._spans: dict[int, int] = {}  # quarter day -> those first seen then
        self._countries: dict[str, int] = {}  # iso2 (or "") -> those naming it
        self._decided: dict[str, list[int]] = {}  # iso2 -> those with a status for it
        self._with_context = 0  # those with a standfirst
        self._span_at: list[int] = []  # position -> the quarter day first seen
        # quarter day -> (those within _WIDE quarters of it, how many candidates it has seen)
        self._wide: dict[int, tuple[int, int]] = {}
        self.extend(candidates)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self._items)

    def add(self, cand: Candidate) -> None:
        """Append a story (the latest wins ties, as in the list)."""
        pos = len(self._items)
        bit = 1 << pos
        self._items.append(cand)
        self._position[id(cand)] = pos
        key = link_key(cand.link)
        if key:
            self._by_link.setdefault(key, []).append(cand)
        for word in cand.words:
            self._titles.add(word, pos)
        total = _total(cand.words)
        self._totals.append(total)
        for group, low in enumerate(_SIZES):
            if total >= low:
                self._sizes[group] |= bit
        span = _span(cand.seen)
        self._spans[span] = self._spans.get(span, 0) | bit
        self._span_at.append(span)
        for iso2 in _filed(cand):
            self._countries[iso2] = self._countries.get(iso2, 0) | bit
        for iso2, status in cand.statuses.items():
            if status:
                self._decided.setdefault(iso2, []).append(pos)
        if cand.context:
            self._with_context |= bit

    def extend(self, candidates: Iterable[Candidate]) -> None:
        """Append many stories: as ``add`` one by one, with each mask built once."""
        words: dict[str, list[int]] = {}
        sizes: list[list[int]] = [[] for _ in _SIZES]
        spans: dict[int, list[int]] = {}
        countries: dict[str, list[int]] = {}
        with_context: list[int] = []
        for pos, cand in enumerate(candidates, start=len(self._items)):
            self._items.append(cand)
            self._position[id(cand)] = pos
            key = link_key(cand.link)
            if key:
                self._by_link.setdefault(key, []).append(cand)
            for word in cand.words:
                words.setdefault(word, []).append(pos)
            total = _total(cand.words)
            self._totals.append(total)
            for group, low in enumerate(_SIZES):
                if total >= low:
                    sizes[group].append(pos)
            span = _span(cand.seen)
            spans.setdefault(span, []).append(pos)
            self._span_at.append(span)
            for iso2 in _filed(cand):
                countries.setdefault(iso2, []).append(pos)
            for iso2, status in cand.statuses.items():
                if status:
                    self._decided.setdefault(iso2, []).append(pos)
            if cand.context:
                with_context.append(pos)
        for word, positions in words.items():
            self._titles.extend(word, positions)
        for group, positions in enumerate(sizes):
            self._sizes[group] |= _mask(positions)
        for span, positions in spans.items():
            self._spans[span] = self._spans.get(span, 0) | _mask(positions)
        for iso2, positions in countries.items():
            self._countries[iso2] = self._countries.get(iso2, 0) | _mask(positions)
        self._with_context |= _mask(with_context)

    def update_status(self, cand: Candidate, iso2: str, status: str | None) -> None:
        """Set ``cand.statuses[iso2]`` and file the story under that country and status."""
        pos = self._position[id(cand)]
        named = iso2 in cand.statuses
        before = cand.statuses.get(iso2)
        cand.statuses[iso2] = status
        if not named and iso2 != "CN":
            # Now naming it (and still filed under "" if it named none: only a little slower).
            self._countries[iso2] = self._countries.get(iso2, 0) | 1 << pos
        if status and not before:
            self._decided.setdefault(iso2, []).append(pos)

    def match(
        self,
        words: frozenset[str],
        link: str | None,
        statuses: Mapping[str, str | None],
        when: datetime,
        context: frozenset[str] = frozenset(),
        *,
        relevant: bool | None = None,
    ) -> Candidate | None:
        """What ``match(words, link, statuses, when, list(self), self.threshold, context,
        relevant=relevant)`` returns."""
        key = link_key(link)
        if key:
            for same in self._by_link.get(key, ()):
                if same_link_joins(same, when):
                    return same
        article = _Article.of(words, statuses, context, relevant)
        items = self._items
        sparse = self._sparse(article, when) if relevant else set()
        if self._scan:
            found: Iterable[int] = range(len(items))
        else:
            found = self._lookup(article, when)
            found.update(sparse)
        best: Candidate | None = None
        best_score, best_pos = self.threshold, -1
        for pos in found:
            cand = items[pos]
            if (
                not self._scan
                and pos not in sparse
                and not self._may_reach(article, when, cand, self._totals[pos])
            ):
                continue
            value = round(_score(article, when, cand, pos in sparse), 6)
            if value > best_score or (value == best_score and pos > best_pos):
                best, best_score, best_pos = cand, value, pos
        return best

    def _sparse(self, article: _Article, when: datetime) -> set[int]:
        """The positions of the candidates that are the only one about one of the article's
        countries within the sparse rule's window (``sparse_stories``)."""
        out: set[int] = set()
        wide: int | None = None
        for iso2 in article.soft:
            mask = self._countries.get(iso2, 0)
            if mask & (mask - 1):  # several: those in the window?
                if wide is None:
                    wide = self._wide_mask(_span(when))
                mask &= wide
                if mask & (mask - 1):
                    continue
            if mask:
                out.add(mask.bit_length() - 1)
        return out

    def _wide_mask(self, span: int) -> int:
        """The candidates first seen within _WIDE quarter days of ``span``: kept for the
        quarters asked for lately, and brought up to date with the candidates added since."""
        count = len(self._items)
        kept = self._wide.get(span)
        if kept is None:
            mask = 0
            spans = self._spans
            for other in range(span - _WIDE, span + _WIDE + 1):
                mask |= spans.get(other, 0)
            if len(self._wide) >= _WIDE_KEPT:
                self._wide.clear()
        else:
            mask, seen = kept
            if seen == count:
                return mask
            added = [pos for pos in range(seen, count) if abs(self._span_at[pos] - span) <= _WIDE]
            if added:
                mask |= _mask(added)
        self._wide[span] = (mask, count)
        return mask

    def _may_reach(self, article: _Article, when: datetime, cand: Candidate, total: float) -> bool:
        """False when the candidate cannot reach the threshold (2, 3 and 4 above, exactly)."""
        theirs = cand.statuses
        if any(theirs.get(iso2) for iso2 in article.decided):
            return True  # 2
        gap = abs(cand.seen - when)
        if gap > STATUS_WINDOW:
            return False
        shared = article.words & cand.words
        if not shared:
            return False
        weight = _sum(shared)
        near = gap <= _DAY
        named = near and not article.countries.isdisjoint(theirs.keys() - _CHINA)
        theta = self._named_theta if named else self._plain_theta
        if weight >= _need(article.total, total, theta) - _SLACK:
            return True  # 3
        if not (  # 4
            near
            and article.context
            and cand.context
            and weight >= _CONTEXT_SHARE * min(article.total, total) - _SLACK
        ):
            return False
        cover = self._cover - _SLACK
        return (weight + _sum(article.words & cand.context)) >= cover * article.total and (
            weight + _sum(cand.words & article.context)
        ) >= cover * total

    def _lookup(self, article: _Article, when: datetime) -> set[int]:
        """The positions of every candidate that can reach the threshold, and a few more."""
        found: set[int] = set()
        for iso2 in article.decided:
            found.update(self._decided.get(iso2, ()))  # 2
        total = article.total
        if not total:
            return found
        span, spans = _span(when), self._spans
        near = 0  # those that may be a day or less apart
        for other in range(span - _NEAR, span + _NEAR + 1):
            near |= spans.get(other, 0)
        allowed: int | None = None  # every candidate, when the article names no country
        bonus = 0
        if article.countries:
            named = 0
            for iso2 in article.countries:
                named |= self._countries.get(iso2, 0)
            allowed = named | self._countries.get(_NO_COUNTRY, 0)
            bonus = named & near  # where the same-countries bonus can add to the similarity
        context = self._with_context & near if article.context else 0
        unit = _FINE if any(_weight(word) < _COARSE for word in article.words) else _COARSE
        plan = _plan(
            total, unit, self._plain_theta, self._named_theta if bonus else None, bool(context)
        )
        top = min(plan.top, sum(_word_units(word, unit) for word in article.words))
        floor = plan.floor
        at_least, sharing = self._titles.counts(article.words, unit, top, floor, found)

        def level(units: int) -> int:
            if units > top:
                return 0
            return at_least[units] if units >= floor else sharing

        survivors = 0
        sizes = self._sizes
        for first, last, named_units, plain, shared in plan.runs:
            members = sizes[first] ^ sizes[last + 1]
            if not members:
                continue
            survivors |= level(plain) & members  # 3
            if named_units < plain:
                survivors |= level(named_units) & bonus & members  # 3, with the bonus
            if shared < plain:
                survivors |= level(shared) & context & members  # 4
        found.update(_positions(survivors if allowed is None else survivors & allowed))
        return found
