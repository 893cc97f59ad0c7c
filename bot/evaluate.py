"""Score detection against a labelled JSON-lines set: ``python -m bot evaluate [FILES]``.

Each line is one article: ``id, title, summary, published, outlet, url, relevant, countries,
findings [{iso2, status}], story, case``. Four figures come out:

(a) relevance: precision/recall/F1 of ``Classification.relevant``;
(b) countries: per (article, iso2) pair, over the articles labelled relevant;
(c) findings: per (article, iso2, status) triple, over every article;
(d) story grouping: the real grouping (``stories.tokens``/``context_tokens`` with the item's
    outlet and link, and a ``StoryIndex`` given the classifier's relevance, with candidates
    built as the pipeline builds them) run over the articles in order of publication; for the
    labelled events reported by two or more outlets, how many were split into several stories
    (the relevant events, which are alerted, and the irrelevant ones apart), and how many
    distinct labelled events were merged into a story with another. A labelled event whose
    articles lie more than ``STATUS_WINDOW`` apart is a late report: by the rules it is a new
    story (posted again), counted apart as split by design. And the pairs that must stay apart:
    every two distinct labelled events about a country in common (China aside), whatever the
    days or years between them: how many share a story.

Then the misses, with ids and titles, so a change to the rules can be judged case by case.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import DetectionConfig
from bot.news.classify import Classification, classify, could_be_relevant
from bot.news.entries import normalise_link
from bot.news.stories import STATUS_WINDOW, Candidate, StoryIndex, context_tokens, tokens

EVAL_DIR = Path(__file__).resolve().parents[1] / "tests/data/eval"


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<22} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
            f"   (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


@dataclass(frozen=True, slots=True)
class Miss:
    kind: str  # "relevance", "country", "finding"
    sign: str  # "FN" (missed) or "FP" (wrongly found)
    id: str
    title: str
    detail: str


@dataclass(slots=True)
class Report:
    articles: int = 0
    relevance: Score = field(default_factory=Score)
    countries: Score = field(default_factory=Score)
    findings: Score = field(default_factory=Score)
    events: int = 0  # labelled events with two or more outlets
    relevant_events: int = 0  # of which labelled relevant (any article)
    split: list[str] = field(default_factory=list)  # those put into more than one story
    ungrouped: list[str] = field(default_factory=list)  # off-topic: the pipeline groups none
    relevant: set[str] = field(default_factory=set)  # the events labelled relevant
    late: list[str] = field(default_factory=list)  # split by design: parts over a week apart
    apart: int = 0  # pairs of distinct events about a country in common (must stay apart)
    joined_apart: list[tuple[str, str]] = field(default_factory=list)  # ... put in one story
    merged: int = 0  # distinct labelled events that share a story with another event
    merges: list[list[str]] = field(default_factory=list)  # the events of each mixed story
    misses: list[Miss] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # id -> title, for the listing

    @property
    def relevant_split(self) -> list[str]:
        """The split events labelled relevant: those would be alerted twice."""
        return [event for event in self.split if event in self.relevant]

    @property
    def irrelevant_split(self) -> list[str]:
        return [event for event in self.split if event not in self.relevant]

    def format(self, show_misses: bool = True) -> str:
        out = [
            f"Evaluated {self.articles} labelled articles.",
            self.relevance.line("(a) relevance"),
            self.countries.line("(b) countries"),
            self.findings.line("(c) country+status"),
            f"(d) stories: {self.events} labelled events with 2+ outlets "
            f"({self.relevant_events} relevant); split into several stories: "
            f"{len(self.relevant_split)} relevant, {len(self.irrelevant_split)} irrelevant; "
            f"{self.merged} distinct events wrongly merged with another; "
            f"{len(self.ungrouped)} off-topic events not grouped by design; "
            f"{len(self.late)} late reports (over {STATUS_WINDOW.days} days apart) posted as "
            "new stories by design",
            f"(e) stay apart: {self.apart} pairs of distinct events about a country in common; "
            f"{len(self.joined_apart)} put into one story",
        ]
        if not show_misses:
            return "\n".join(out)
        for name, split in (
            ("relevant", self.relevant_split),
            ("irrelevant", self.irrelevant_split),
        ):
            if split:
                out.append("")
                out.append(f"Split events ({name}):")
                out.extend(f"  {event}" for event in split)
        if self.late:
            out.append("")
            out.append("Late reports, new stories by design:")
            out.extend(f"  {event}" for event in self.late)
        if self.joined_apart:
            out.append("")
            out.append("Events that must stay apart, put into one story:")
            out.extend(f"  {a} + {b}" for a, b in self.joined_apart)
        if self.merges:
            out.append("")
            out.append("Wrongly merged events (one story each line):")
            out.extend("  " + " + ".join(events) for events in self.merges)
        for kind in ("relevance", "country", "finding"):
            misses = [m for m in self.misses if m.kind == kind]
            if not misses:
                continue
            out.append("")
            out.append(f"Misses ({kind}):")
            out.extend(f"  {m.sign} {m.id} [{m.detail}] {m.title}" for m in misses)
        return "\n".join(out)


def load(files: Iterable[str | Path]) -> list[dict[str, Any]]:
    """The labelled items of the files, in file order; blank lines are skipped."""
    items: list[dict[str, Any]] = []
    for name in files:
        with Path(name).open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError(f"{name}:{number}: expected a JSON object")
                items.append(item)
    return items


def _published(item: Mapping[str, Any]) -> datetime:
    raw = str(item.get("published") or "1970-01-01")
    when = datetime.fromisoformat(raw)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _score_sets(
    score: Score,
    gold: set[Any],
    found: set[Any],
    misses: list[Miss],
    kind: str,
    item_id: str,
    title: str,
) -> None:
    score.tp += len(gold & found)
    for value in sorted(gold - found, key=str):
        score.fn += 1
        misses.append(Miss(kind, "FN", item_id, title, _show(value)))
    for value in sorted(found - gold, key=str):
        score.fp += 1
        misses.append(Miss(kind, "FP", item_id, title, _show(value)))


def _show(value: Any) -> str:
    return ":".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


DEFAULT_THRESHOLD = DetectionConfig().relevance_threshold  # the one classify uses here


def group(
    items: Sequence[Mapping[str, Any]],
    results: Mapping[str, Classification],
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[str, int]:
    """Story id per article id, from the real grouping in order of publication.

    Mirrors ``Pipeline._store``: the candidate keeps its first article's headline and
    standfirst words (with its outlet's home country as a hint when it names no country), link,
    time and relevance, and a matched article fills in statuses the story did not have yet.
    An article that cannot be relevant (``could_be_relevant``) joins no story: its id is below 0.
    """
    order = sorted(range(len(items)), key=lambda i: (_published(items[i]), i))
    candidates = StoryIndex()
    story_of: dict[str, int] = {}
    for index in order:
        item = items[index]
        cls = results[str(item["id"])]
        title = str(item.get("title") or "")
        if not could_be_relevant(title, str(item.get("summary") or ""), threshold):
            story_of[str(item["id"])] = -index - 1  # off-topic: stored, grouped with nothing
            continue
        words = tokens(title)
        link = normalise_link(item.get("url"))
        outlet = str(item.get("outlet") or "")
        context = context_tokens(str(item.get("summary") or ""), words, outlet=outlet, link=link)
        statuses = {f.iso2: f.status for f in cls.findings}
        when = _published(item)
        story = candidates.match(words, link, statuses, when, context, relevant=cls.relevant)
        if story is None:
            story = Candidate(
                len(candidates) + 1, words, link, when, dict(statuses), context, cls.relevant
            )
            candidates.add(story)
        else:
            story.relevant = story.relevant or cls.relevant
            for iso2, status in statuses.items():
                if status and not story.statuses.get(iso2):
                    candidates.update_status(story, iso2, status)
        story_of[str(item["id"])] = story.id
    return story_of


def evaluate(items: Sequence[Mapping[str, Any]]) -> Report:
    """Classify and group every labelled item and compare with its labels."""
    report = Report(articles=len(items))
    results: dict[str, Classification] = {}
    for item in items:
        item_id = str(item["id"])
        title = str(item.get("title") or "")
        report.titles[item_id] = title
        cls = classify(title, str(item.get("summary") or ""), DEFAULT_THRESHOLD)
        results[item_id] = cls
        gold_relevant = bool(item.get("relevant"))
        if gold_relevant and cls.relevant:
            report.relevance.tp += 1
        elif cls.relevant:
            report.relevance.fp += 1
            report.misses.append(Miss("relevance", "FP", item_id, title, f"{cls.score:.2f}"))
        elif gold_relevant:
            report.relevance.fn += 1
            report.misses.append(Miss("relevance", "FN", item_id, title, f"{cls.score:.2f}"))
        if gold_relevant:
            gold_countries = {str(c) for c in item.get("countries") or ()}
            found_countries = {f.iso2 for f in cls.findings}
            _score_sets(
                report.countries,
                gold_countries,
                found_countries,
                report.misses,
                "country",
                item_id,
                title,
            )
        gold_findings = {(str(f["iso2"]), str(f["status"])) for f in item.get("findings") or ()}
        found_findings = {(f.iso2, f.status) for f in cls.findings if f.status}
        _score_sets(
            report.findings, gold_findings, found_findings, report.misses, "finding", item_id, title
        )

    story_of = group(items, results)
    events: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        events[str(item.get("story") or item["id"])].append(item)
    stories: dict[int, set[str]] = defaultdict(set)
    for event, members in events.items():
        for item in members:
            stories[story_of[str(item["id"])]].add(event)
        outlets = {str(item.get("outlet") or item["id"]) for item in members}
        if len(members) >= 2 and len(outlets) >= 2:
            report.events += 1
            if any(item.get("relevant") for item in members):
                report.relevant_events += 1
                report.relevant.add(event)
            if all(story_of[str(item["id"])] < 0 for item in members):
                report.ungrouped.append(event)  # off-topic, not grouped by design
            elif len({story_of[str(item["id"])] for item in members}) > 1:
                if _late(members, story_of):
                    report.late.append(event)
                else:
                    report.split.append(event)
    _stay_apart(report, events, story_of)
    mixed = sorted(sorted(events_) for events_ in stories.values() if len(events_) > 1)
    report.merges = mixed
    report.merged = len({event for events_ in mixed for event in events_})
    return report


def _late(members: Sequence[Mapping[str, Any]], story_of: Mapping[str, int]) -> bool:
    """Whether an event's articles in different stories are all more than STATUS_WINDOW
    apart: late reports, which the rules make new stories."""
    for a in members:
        for b in members:
            if story_of[str(a["id"])] != story_of[str(b["id"])] and (
                abs(_published(a) - _published(b)) <= STATUS_WINDOW
            ):
                return False
    return True


def _stay_apart(
    report: Report,
    events: Mapping[str, Sequence[Mapping[str, Any]]],
    story_of: Mapping[str, int],
) -> None:
    """Count the pairs of distinct events about a country in common (China aside, relevant
    articles only) and those grouped into one story anyway."""
    about: dict[str, set[str]] = {}
    stories: dict[str, set[int]] = {}
    for event, members in events.items():
        relevant = [m for m in members if m.get("relevant")]
        about[event] = {str(c) for m in relevant for c in m.get("countries") or ()} - {"CN"}
        stories[event] = {story_of[str(m["id"])] for m in relevant} - {
            s for s in (story_of[str(m["id"])] for m in relevant) if s < 0
        }
    names = sorted(e for e in events if about[e])
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            if about[first] & about[second]:
                report.apart += 1
                if stories[first] & stories[second]:
                    report.joined_apart.append((first, second))


def default_files() -> list[Path]:
    return sorted(EVAL_DIR.glob("*.jsonl"))


def main(files: Sequence[str] | None = None) -> int:
    """Print the figures and the misses; 2 when there is nothing to evaluate."""
    paths: list[str | Path] = list(files) if files else list(default_files())
    if not paths:
        print(f"No labelled files given and none found in {EVAL_DIR}.", file=sys.stderr)
        return 2
    try:
        items = load(paths)
    except (OSError, ValueError) as exc:
        print(f"Cannot read the labelled set: {exc}", file=sys.stderr)
        return 2
    if not items:
        print("The labelled set is empty.", file=sys.stderr)
        return 2
    print(evaluate(items).format())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
