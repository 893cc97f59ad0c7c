"""The sourced baseline of country statuses that ships with the bot (bot/data/baseline.json).

Plain data and checks, no storage: each entry gives a country's status, the date of the
decision, a one-line summary, the source page, the date the entry was last checked against
the public record and, optionally, earlier steps of its timeline (``history``, oldest first).
The file's hash identifies a release of the baseline, so an upgrade is applied once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from bot.status import Status

REQUIRED_KEYS = frozenset({"iso2", "status", "since", "summary", "source", "outlet", "checked"})
OPTIONAL_KEYS = frozenset({"source_title", "also", "history"})
STEP_KEYS = frozenset({"status", "since", "summary", "source"})


class BaselineError(ValueError):
    """The baseline file is malformed; the message names the entry and the field."""


@dataclass(frozen=True, slots=True)
class Step:
    """One status a country held, from ``since`` on."""

    status: Status
    since: str
    summary: str
    source: str


@dataclass(frozen=True, slots=True)
class Entry:
    iso2: str
    status: Status
    since: str
    summary: str
    source: str
    outlet: str
    checked: str
    source_title: str | None = None
    also: tuple[str, ...] = ()
    history: tuple[Step, ...] = ()

    @property
    def current(self) -> Step:
        return Step(self.status, self.since, self.summary, self.source)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The timeline in date order: earlier steps, then the current status."""
        return (*self.history, self.current)


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: tuple[Entry, ...]
    digest: str  # sha256 of the file's bytes: one release of the baseline

    @property
    def checked(self) -> date:
        """When the baseline was last checked: the latest check date of any entry."""
        return max(date.fromisoformat(e.checked) for e in self.entries)

    def get(self, iso2: str) -> Entry | None:
        return self._by_code().get(iso2.upper())

    def _by_code(self) -> dict[str, Entry]:
        return {e.iso2: e for e in self.entries}


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BaselineError(f"{where}: '{key}' must be a non-empty string")
    return value


def _day(raw: dict[str, Any], key: str, where: str) -> str:
    value = _text(raw, key, where)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise BaselineError(f"{where}: '{key}' must be an ISO date (YYYY-MM-DD)") from None
    if len(value) != 10:
        raise BaselineError(f"{where}: '{key}' must be an ISO date (YYYY-MM-DD)")
    return value


def _status(raw: dict[str, Any], where: str) -> Status:
    try:
        status = Status(_text(raw, "status", where))
    except ValueError:
        raise BaselineError(f"{where}: unknown status {raw.get('status')!r}") from None
    if status is Status.UNKNOWN:
        raise BaselineError(f"{where}: 'unknown' is not a baseline status")
    return status


def _step(raw: Any, where: str) -> Step:
    if not isinstance(raw, dict) or set(raw) != STEP_KEYS:
        raise BaselineError(f"{where}: a history step has exactly {sorted(STEP_KEYS)}")
    return Step(
        _status(raw, where),
        _day(raw, "since", where),
        _text(raw, "summary", where),
        _text(raw, "source", where),
    )


def parse_entry(raw: Any, index: int = 0) -> Entry:
    if not isinstance(raw, dict):
        raise BaselineError(f"entry {index}: must be an object")
    where = f"entry {index} ({raw.get('iso2', '?')})"
    missing = REQUIRED_KEYS - set(raw)
    unknown = set(raw) - REQUIRED_KEYS - OPTIONAL_KEYS
    if missing or unknown:
        raise BaselineError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    also = raw.get("also", [])
    if not isinstance(also, list) or not all(isinstance(u, str) for u in also):
        raise BaselineError(f"{where}: 'also' must be a list of links")
    history = raw.get("history", [])
    if not isinstance(history, list):
        raise BaselineError(f"{where}: 'history' must be a list")
    title = raw.get("source_title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise BaselineError(f"{where}: 'source_title' must be a non-empty string")
    return Entry(
        iso2=_text(raw, "iso2", where).upper(),
        status=_status(raw, where),
        since=_day(raw, "since", where),
        summary=_text(raw, "summary", where),
        source=_text(raw, "source", where),
        outlet=_text(raw, "outlet", where),
        checked=_day(raw, "checked", where),
        source_title=title,
        also=tuple(also),
        history=tuple(_step(h, f"{where} history {i}") for i, h in enumerate(history)),
    )


def parse(data: bytes) -> Baseline:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"the baseline is not valid JSON: {exc}") from None
    if not isinstance(raw, list):
        raise BaselineError("the baseline must be a JSON list of entries")
    entries = tuple(parse_entry(r, i) for i, r in enumerate(raw))
    return Baseline(entries, hashlib.sha256(data).hexdigest())


def load(path: Path | None = None) -> Baseline:
    """The baseline in ``path``, or the one shipped with the bot."""
    if path is None:
        return shipped()
    return parse(path.read_bytes())


@cache
def shipped() -> Baseline:
    return parse(resources.files("bot.data").joinpath("baseline.json").read_bytes())


def as_of(last_change: date | None, checked: date | None) -> date | None:
    """What members are told the information is as of: the later of the last check and the
    last change."""
    days = [d for d in (last_change, checked) if d is not None]
    return max(days) if days else None
