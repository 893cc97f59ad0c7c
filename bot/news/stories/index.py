"""``StoryIndex``: the same decisions as ``match`` over the list, scoring only the candidates
that can reach the threshold (bit masks over headline words, weights, time and countries)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from bot.news.stories.grouping import (
    _Grouping,
)
from bot.news.stories.scoring import (
    _CHINA,
    _CONTEXT_FACTOR,
    _CONTEXT_SHARE,
    _DAY,
    _SPAN,
    _WIDE,
    MAX_PLAIN_BONUS,
    Candidate,
    _Article,
    _score,
    _span,
    same_link_joins,
)
from bot.news.stories.text import (
    _OVERLAP,
    _OVERLAP_WEIGHT,
    _THIN,
    STATUS_WINDOW,
    THRESHOLD,
    _sum,
    _total,
    _weight,
    link_key,
)

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
_NEAR = 86400 // _SPAN  # a day apart: this many quarters apart at most
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
