"""Checks of every entry of the sourced baseline status table (bot/data/baseline.json)."""

import datetime as dt
import importlib.resources
import itertools
import json
import re
from typing import Any
from urllib.parse import urlparse

import pycountry
import pytest

from bot import baseline as baseline_module
from bot.baseline import OPTIONAL_KEYS, REQUIRED_KEYS, STEP_KEYS, BaselineError
from bot.status import Status

# The status vocabulary is bot/status.py's; "unknown" is what a missing entry means.
STATUSES = {s.value for s in Status} - {Status.UNKNOWN.value}
SEARCH_ENGINE_HOSTS = (
    "google.",
    "bing.com",
    "duckduckgo.com",
    "search.yahoo.",
    "yandex.",
    "baidu.com",
    "ecosia.org",
    "startpage.com",
)
# A sentence break inside the text: terminal punctuation, whitespace, then a capital letter.
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TODAY = dt.date.today()
EARLIEST = dt.date(2012, 1, 1)


def load_baseline() -> list[dict[str, Any]]:
    resource = importlib.resources.files("bot.data").joinpath("baseline.json")
    data = json.loads(resource.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def day(value: Any, what: str) -> dt.date:
    assert isinstance(value, str) and ISO_DAY.match(value), what
    parsed = dt.date.fromisoformat(value)
    assert EARLIEST <= parsed <= TODAY, f"{what}: {value} is not between 2012 and today"
    return parsed


def check_link(url: Any, what: str) -> None:
    assert isinstance(url, str) and url.startswith(("https://", "http://")), what
    assert " " not in url, what
    host = (urlparse(url).hostname or "").lower()
    assert host, what
    assert not any(marker in host for marker in SEARCH_ENGINE_HOSTS), what


def check_summary(text: Any, what: str) -> None:
    assert isinstance(text, str), what
    summary = text.strip()
    assert summary and len(summary) <= 300, what
    assert summary[-1] in ".!?", what
    assert not SENTENCE_BREAK.search(summary[:-1]), f"{what}: one sentence only"


def test_has_at_least_sixty_entries() -> None:
    assert len(load_baseline()) >= 60


def test_every_entry_has_the_required_keys_and_only_known_ones() -> None:
    for entry in load_baseline():
        assert set(entry) >= REQUIRED_KEYS, entry
        assert set(entry) <= REQUIRED_KEYS | OPTIONAL_KEYS, entry
        for key in REQUIRED_KEYS:
            assert isinstance(entry[key], str) and entry[key].strip(), (key, entry)
        if "source_title" in entry:
            assert isinstance(entry["source_title"], str) and entry["source_title"].strip()


def test_iso2_codes_are_unique() -> None:
    codes = [entry["iso2"] for entry in load_baseline()]
    assert len(codes) == len(set(codes))


def test_iso2_codes_are_valid() -> None:
    for entry in load_baseline():
        code = entry["iso2"]
        assert code == code.upper(), code
        if code in ("EU", "XK"):  # the EU is a jurisdiction of its own; Kosovo's user code
            continue
        assert pycountry.countries.get(alpha_2=code) is not None, code


def test_every_entry_has_a_known_status() -> None:
    for entry in load_baseline():
        assert entry["status"] in STATUSES, entry


def test_every_entry_has_an_iso_decision_date_not_in_the_future() -> None:
    for entry in load_baseline():
        day(entry["since"], f"{entry['iso2']} since")


def test_every_entry_has_a_check_date_on_or_after_its_decision() -> None:
    for entry in load_baseline():
        checked = day(entry["checked"], f"{entry['iso2']} checked")
        assert checked >= dt.date.fromisoformat(entry["since"]), entry["iso2"]


def test_every_entry_has_a_one_sentence_summary() -> None:
    for entry in load_baseline():
        check_summary(entry["summary"], entry["iso2"])


def test_every_source_is_an_http_link_to_an_article() -> None:
    for entry in load_baseline():
        check_link(entry["source"], entry["iso2"])
        also = entry.get("also", [])
        assert isinstance(also, list), entry["iso2"]
        for url in also:
            check_link(url, f"{entry['iso2']} also")
        assert entry["source"] not in also, f"{entry['iso2']}: source repeated in also"


def test_history_steps_are_well_formed() -> None:
    for entry in load_baseline():
        for step in entry.get("history", []):
            what = f"{entry['iso2']} history"
            assert set(step) == STEP_KEYS, what
            assert step["status"] in STATUSES, what
            day(step["since"], what)
            check_summary(step["summary"], what)
            check_link(step["source"], what)


def test_no_entry_contradicts_the_history_it_carries() -> None:
    """Earlier steps come in date order, all before the entry's own decision, and each step
    changes the status (a timeline never "changes" a status to itself)."""
    for entry in load_baseline():
        steps = [*entry.get("history", []), entry]
        dates = [dt.date.fromisoformat(s["since"]) for s in steps]
        assert dates == sorted(dates), f"{entry['iso2']}: history out of date order"
        assert len(set(dates)) == len(dates), f"{entry['iso2']}: two steps on one day"
        statuses = [s["status"] for s in steps]
        for before, after in itertools.pairwise(statuses):
            assert before != after, f"{entry['iso2']}: a step repeats the status {after}"


def test_the_baseline_parses_with_the_bots_own_loader() -> None:
    loaded = baseline_module.shipped()
    assert len(loaded.entries) == len(load_baseline())
    assert loaded.checked <= TODAY
    assert len(loaded.digest) == 64
    gb = loaded.get("gb")
    assert gb is not None and gb.status is Status.BANNED
    ro = loaded.get("RO")
    assert ro is not None and [s.status for s in ro.steps] == [
        Status.UNDER_REVIEW,
        Status.RESTRICTED,
        Status.BANNED,
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "forbidden"}, "unknown status"),
        ({"status": "unknown"}, "not a baseline status"),
        ({"since": "2021-13-01"}, "ISO date"),
        ({"since": "2021"}, "ISO date"),
        ({"checked": ""}, "'checked'"),
        ({"colour": "red"}, "unknown"),
        ({"history": [{"status": "banned", "since": "2020-01-01"}]}, "history step"),
    ],
)
def test_the_loader_refuses_a_bad_entry_with_a_sentence(
    change: dict[str, Any], message: str
) -> None:
    entry = dict(load_baseline()[0]) | change
    with pytest.raises(BaselineError, match=message):
        baseline_module.parse(json.dumps([entry]).encode())
