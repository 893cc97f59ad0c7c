"""Grouping's decision for one article against candidate stories: ``Candidate``, the score
(headline, findings, standfirst, the sparse rule) and ``match``, the scan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.news.stories.text import (
    _HOME_TOKENS,
    SAME_DECISION_SCORE,
    SAME_DECISION_WINDOW,
    STATUS_WINDOW,
    THRESHOLD,
    WINDOW,
    _similarity_of,
    _sum,
    _total,
    link_key,
    parse_signature,
)


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
_SPAN = 6 * 3600  # candidates are filed by the quarter day they were first seen
_WIDE = int(SPARSE_WINDOW.total_seconds()) // _SPAN  # the sparse rule's "recent", in quarters


def _span(when: datetime) -> int:
    return int(when.timestamp()) // _SPAN


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
