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
    days or years between them: how many share a story. Two event names labelling one
    decision (the same country and status within two days, exact dates: ``one_decision``)
    count as one event.

Every figure is also given per *part* and per language. The labelled set is split by event
into a *tune* part (the rules may be changed looking at its misses) and a *check* part (the
figure that counts; its misses are not printed unless asked for). An event is an item's
``story`` (or its id); events sharing a finding country within 14 days are one *event group*
(conservative: collectors may name one event differently), and a group's part comes from a hash
of its first event's name, so no event straddles the split. Items labelled before a collection
round are pinned to their part (``bot/data/eval/parts.json``): a new item joining an old
group takes the old group's part, so no item the rules were tuned on ever moves into the check
part. An item's ``lang`` is its language
(``en`` when absent).

Then the misses, with ids and titles, so a change to the rules can be judged case by case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from bot.config import DetectionConfig
from bot.news.classify import Classification, classify, could_be_relevant
from bot.news.entries import normalise_link
from bot.news.lexicon import LANGUAGES
from bot.news.stories import (
    STATUS_WINDOW,
    Arrival,
    StoryIndex,
    context_tokens,
    home_country,
    tokens,
)

# The labelled set ships with the product (python -m bot evaluate works from an installed wheel).
EVAL_DIR = Path(str(resources.files("bot.data") / "eval"))
# Parts frozen before a collection round: {"tune": [ids], "check": [ids]}.
PINS_FILE = EVAL_DIR / "parts.json"


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


def wilson(hits: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion ``hits / total`` ((0, 1) when empty).

    With 10 to 30 findings per language in the check part, a precision of 0.6 may be anything
    from about 0.35 to 0.8: the interval says how much one figure can be trusted.
    """
    if total <= 0:
        return 0.0, 1.0
    p = hits / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * ((p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def targets_of(lang: str) -> tuple[float, float]:
    """Issue 11's (precision, recall) targets for (country, status) findings in a language."""
    return FINDING_TARGETS.get(lang, OTHER_FINDING_TARGET)


@dataclass(frozen=True, slots=True)
class Miss:
    kind: str  # "relevance", "country", "finding"
    sign: str  # "FN" (missed) or "FP" (wrongly found)
    id: str
    title: str
    detail: str
    part: str = "tune"


@dataclass(slots=True)
class Figures:
    """The three detection figures of one part of the labelled set, in one language."""

    articles: int = 0
    relevance: Score = field(default_factory=Score)
    countries: Score = field(default_factory=Score)
    findings: Score = field(default_factory=Score)

    def cells(self) -> str:
        r, c, f = self.relevance, self.countries, self.findings
        return (
            f"{self.articles:>4}  rel F1 {r.f1:.3f}  countries P {c.precision:.3f} "
            f"R {c.recall:.3f}  country+status P {f.precision:.3f} R {f.recall:.3f} "
            f"(tp {f.tp}, fp {f.fp}, fn {f.fn})"
        )


PARTS = ("tune", "check")
# Issue 11's targets on the check part: relevance F1, then (country, status) precision and recall.
RELEVANCE_TARGET = 0.95
FINDING_TARGETS = {"en": (0.90, 0.80)}
OTHER_FINDING_TARGET = (0.85, 0.70)
TUNE_SHARE = 50  # percent of event groups (by hash) in the tune part
GROUP_WINDOW = timedelta(days=14)


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
    by: dict[tuple[str, str], Figures] = field(default_factory=dict)  # (part, lang) -> figures
    show_parts: tuple[str, ...] = PARTS  # whose misses are printed

    def figures(self, part: str, lang: str | None = None) -> Figures:
        """The figures of one part ("tune", "check" or "all"), in one language or all."""
        out = Figures()
        for (p, lg), fig in self.by.items():
            if (part in ("all", p)) and lang in (None, lg):
                out.articles += fig.articles
                for name in ("relevance", "countries", "findings"):
                    mine, theirs = getattr(out, name), getattr(fig, name)
                    mine.tp += theirs.tp
                    mine.fp += theirs.fp
                    mine.fn += theirs.fn
        return out

    def languages(self) -> list[str]:
        langs = {lang for _, lang in self.by}
        return sorted(langs, key=lambda lang: (lang != "en", lang))

    def parts_table(self) -> list[str]:
        out = ["", "By part and language (check is the figure that counts):"]
        for lang in [None, *self.languages()]:
            name = lang or "all"
            for part in PARTS:
                fig = self.figures(part, lang)
                if fig.articles:
                    out.append(f"  {part:<5} {name:<3} {fig.cells()}")
            tune, check = self.figures("tune", lang), self.figures("check", lang)
            if tune.articles and check.articles:
                out.append(
                    f"  gap   {name:<3}       rel F1 {tune.relevance.f1 - check.relevance.f1:+.3f}"
                    f"  countries P {tune.countries.precision - check.countries.precision:+.3f} "
                    f"R {tune.countries.recall - check.countries.recall:+.3f}  country+status "
                    f"P {tune.findings.precision - check.findings.precision:+.3f} "
                    f"R {tune.findings.recall - check.findings.recall:+.3f}  (tune - check)"
                )
        return out

    def targets_table(self) -> list[str]:
        """The check part against the targets, with 95 % intervals of precision and recall."""
        out = [
            "",
            "Check part against the targets (95 % Wilson intervals; relevance F1 target "
            f"{RELEVANCE_TARGET:.2f}):",
        ]
        for lang in self.languages():
            fig = self.figures("check", lang)
            if not fig.articles:
                continue
            if lang not in LANGUAGES:
                out.append(f"  {lang:<3} {fig.articles} in a language the bot does not read")
                continue
            f = fig.findings
            p_lo, p_hi = wilson(f.tp, f.tp + f.fp)
            r_lo, r_hi = wilson(f.tp, f.tp + f.fn)
            want_p, want_r = targets_of(lang)
            met = (
                fig.relevance.f1 >= RELEVANCE_TARGET
                and f.precision >= want_p
                and f.recall >= want_r
            )
            out.append(
                f"  {lang:<3} rel F1 {fig.relevance.f1:.2f}  P {f.precision:.2f} "
                f"[{p_lo:.2f}-{p_hi:.2f}] (target {want_p:.2f})  R {f.recall:.2f} "
                f"[{r_lo:.2f}-{r_hi:.2f}] (target {want_r:.2f})  "
                f"{'met' if met else 'not met'}"
            )
        return out

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
        if self.by:
            out.extend(self.parts_table())
            if any(part == "check" for part, _ in self.by):
                out.extend(self.targets_table())
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
            misses = [m for m in self.misses if m.kind == kind and m.part in self.show_parts]
            if not misses:
                continue
            out.append("")
            out.append(f"Misses ({kind}, {' and '.join(self.show_parts)} part):")
            out.extend(f"  {m.sign} {m.id} [{m.detail}] {m.title}" for m in misses)
        return "\n".join(out)


def load(files: Iterable[str | Path]) -> list[dict[str, Any]]:
    """The labelled items of the files, in file order; blank lines are skipped."""
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name in files:
        with Path(name).open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                item = json.loads(line)
                if not isinstance(item, dict) or "id" not in item:
                    raise ValueError(f"{name}:{number}: expected a JSON object with an id")
                if str(item["id"]) in seen:  # two files may use the same ids
                    item = {**item, "id": f"{Path(name).stem}:{item['id']}"}
                seen.add(str(item["id"]))
                items.append(item)
    return items


def lang_of(item: Mapping[str, Any]) -> str:
    """The item's language: its ``lang``, English when it has none."""
    return str(item.get("lang") or "en")


def event_of(item: Mapping[str, Any]) -> str:
    return str(item.get("story") or item["id"])


def split(
    items: Sequence[Mapping[str, Any]], pins: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The part ("tune" or "check") of every item id, by event group (module docstring).

    Deterministic: a group's part is a hash of its smallest event name, so adding unrelated
    items moves nothing, and every outlet of one event lands on the same side. A group with
    pinned items (``pins``, default ``PINS_FILE``: id -> part) keeps their part instead, so a
    new item joining an old group cannot move it across.
    """
    pins = load_pins() if pins is None else pins
    events: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        events[event_of(item)].append(item)
    # (country, day, event) for every finding; events sharing a country within 14 days join.
    marks = sorted(
        (str(f["iso2"]), _published(item), event_of(item))
        for item in items
        for f in item.get("findings") or ()
    )
    find = _joined(
        (e1, e2)
        for (c1, t1, e1), (c2, t2, e2) in pairwise(marks)
        if c1 == c2 and t2 - t1 <= GROUP_WINDOW
    )
    # A group holding items pinned to a part keeps that part, so new items never move an item
    # the rules were already tuned on into the check part; pins on both sides (a new item
    # bridges two old groups) give tune: check items may leave the score, tune items never join.
    pinned: dict[str, set[str]] = defaultdict(set)
    for event, members in events.items():
        for item in members:
            if str(item["id"]) in pins:
                pinned[find(event)].add(pins[str(item["id"])])
    part: dict[str, str] = {}
    for event, members in events.items():
        root = find(event)
        sides = pinned.get(root)
        if sides:
            side = "check" if sides == {"check"} else "tune"
        else:
            digest = hashlib.sha256(root.encode("utf-8")).digest()
            side = "tune" if int.from_bytes(digest[:4], "big") % 100 < TUNE_SHARE else "check"
        for item in members:
            part[str(item["id"])] = side
    return part


def _joined(pairs: Iterable[tuple[str, str]]) -> Callable[[str], str]:
    """The group of each name once every pair is joined: the group's smallest name (a name in
    no pair is its own group)."""
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        while parent.get(name, name) != name:
            parent[name] = parent.get(parent[name], parent[name])
            name = parent[name]
        return name

    for first, second in pairs:
        a, b = find(first), find(second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return find


def load_pins(path: Path | None = None) -> dict[str, str]:
    """The frozen part of every item labelled before a collection round (``PINS_FILE``)."""
    path = path or PINS_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(item_id): str(side) for side, ids in data.items() for item_id in ids}


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
        arrival = Arrival(words, link, statuses, when, context, cls.relevant)
        story, _ = candidates.assign(arrival, len(candidates) + 1)
        story_of[str(item["id"])] = story.id
    return story_of


def _add(total: Score, part: Score) -> None:
    total.tp += part.tp
    total.fp += part.fp
    total.fn += part.fn


def evaluate(
    items: Sequence[Mapping[str, Any]],
    part: str = "all",
    show: Sequence[str] = PARTS,
) -> Report:
    """Classify and group every labelled item and compare with its labels.

    ``part`` keeps only the items of one part ("tune" or "check"; the split is made over all
    of ``items``); ``show`` names the parts whose misses ``Report.format`` lists.
    """
    parts = split(items)
    if part != "all":
        items = [item for item in items if parts[str(item["id"])] == part]
    report = Report(articles=len(items), show_parts=tuple(show))
    results: dict[str, Classification] = {}
    for item in items:
        item_id = str(item["id"])
        title = str(item.get("title") or "")
        report.titles[item_id] = title
        side = parts[item_id]
        home = home_country(str(item.get("outlet") or ""), item.get("url"))
        cls = classify(title, str(item.get("summary") or ""), DEFAULT_THRESHOLD, home)
        results[item_id] = cls
        mine = Figures(articles=1)
        misses: list[Miss] = []
        gold_relevant = bool(item.get("relevant"))
        if gold_relevant and cls.relevant:
            mine.relevance.tp += 1
        elif cls.relevant:
            mine.relevance.fp += 1
            misses.append(Miss("relevance", "FP", item_id, title, f"{cls.score:.2f}"))
        elif gold_relevant:
            mine.relevance.fn += 1
            misses.append(Miss("relevance", "FN", item_id, title, f"{cls.score:.2f}"))
        if gold_relevant:
            gold_countries = {str(c) for c in item.get("countries") or ()}
            found_countries = {f.iso2 for f in cls.findings}
            _score_sets(
                mine.countries, gold_countries, found_countries, misses, "country", item_id, title
            )
        gold_findings = {(str(f["iso2"]), str(f["status"])) for f in item.get("findings") or ()}
        found_findings = {(f.iso2, f.status) for f in cls.findings if f.status}
        _score_sets(mine.findings, gold_findings, found_findings, misses, "finding", item_id, title)
        lang = lang_of(item)
        bucket = report.by.setdefault((side, lang), Figures())
        bucket.articles += 1
        for name in ("relevance", "countries", "findings"):
            _add(getattr(report, name), getattr(mine, name))
            _add(getattr(bucket, name), getattr(mine, name))
        report.misses.extend(
            Miss(m.kind, m.sign, m.id, m.title, m.detail + _lang_note(cls.lang, lang), side)
            for m in misses
        )

    story_of = group(items, results)
    same = one_decision(items)
    events: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        name = event_of(item)
        events[same.get(name, name)].append(item)
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


DECISION_DAYS = 2  # issue 11: same country, same status, within 2 days is one decision


def one_decision(items: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Event names that label one decision twice, each mapped to one name for all of them.

    Collectors name events independently ("au-ban-2018-08", "au-banned-2018-08"); two events
    sharing a labelled (country, status) on exact dates at most ``DECISION_DAYS`` apart report
    one decision (issue 11's rule for one story), so grouping them is no wrong merge and
    leaving them apart is a split. Items with an inferred date (``date_approx``) join nothing.
    """
    marks: dict[tuple[str, str], list[tuple[datetime, str]]] = defaultdict(list)
    for item in items:
        if item.get("date_approx"):
            continue
        for finding in item.get("findings") or ():
            key = (str(finding["iso2"]), str(finding["status"]))
            marks[key].append((_published(item), event_of(item)))
    pairs: list[tuple[str, str]] = []
    for found in marks.values():
        found.sort()
        for index, (when, name) in enumerate(found):
            for later, other in found[index + 1 :]:
                if later - when > timedelta(days=DECISION_DAYS):
                    break
                pairs.append((name, other))
    find = _joined(pairs)
    names = {name for pair in pairs for name in pair}
    return {name: find(name) for name in sorted(names) if find(name) != name}


def _lang_note(found: str, gold: str) -> str:
    return "" if found == gold else f"; read as {found}, labelled {gold}"


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
    return sorted(EVAL_DIR.rglob("*.jsonl"))  # subfolders too (pending/)


def main(
    files: Sequence[str] | None = None, part: str = "all", show_check_misses: bool = False
) -> int:
    """Print the figures and the misses (of the tune part only, unless asked); 2 when there is
    nothing to evaluate."""
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
    show = PARTS if show_check_misses else ("tune",)
    print(evaluate(items, part=part, show=show).format())
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m bot evaluate``."""
    parser.add_argument("files", nargs="*", help="labelled JSON-lines files (default: all)")
    parser.add_argument(
        "--part",
        choices=["tune", "check", "all"],
        default="all",
        help="score only one part of the labelled set (split by event)",
    )
    parser.add_argument(
        "--show-check-misses",
        action="store_true",
        help="also list the misses of the check part (do not tune rules on them)",
    )


if __name__ == "__main__":
    cli = argparse.ArgumentParser(prog="python -m bot.evaluate")
    add_arguments(cli)
    ns = cli.parse_args()
    sys.exit(main(ns.files, ns.part, ns.show_check_misses))
