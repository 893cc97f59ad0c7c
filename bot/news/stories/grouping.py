"""Assigning an article to its story (``assign``, ``fold``), whatever finds the match."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.news.stories.scoring import (
    Candidate,
    match,
)
from bot.news.stories.text import (
    THRESHOLD,
)

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
