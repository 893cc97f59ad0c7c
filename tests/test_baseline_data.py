"""Sanity checks for the sourced baseline status table (bot/data/baseline.json)."""

import datetime as dt
import importlib.resources
import json
import re
from typing import Any
from urllib.parse import urlparse

import pycountry

STATUSES = {"banned", "restricted", "under_review", "allowed", "partner"}
REQUIRED_KEYS = {"iso2", "status", "since", "summary", "source", "source_title", "outlet"}
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


def load_baseline() -> list[dict[str, Any]]:
    resource = importlib.resources.files("bot.data").joinpath("baseline.json")
    data = json.loads(resource.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def test_has_at_least_fifty_entries() -> None:
    assert len(load_baseline()) >= 50


def test_every_entry_has_exactly_the_expected_keys() -> None:
    for entry in load_baseline():
        assert set(entry) == REQUIRED_KEYS, entry
        for key in REQUIRED_KEYS:
            assert isinstance(entry[key], str), (key, entry)
            assert entry[key].strip(), (key, entry)


def test_iso2_codes_are_unique() -> None:
    codes = [entry["iso2"] for entry in load_baseline()]
    assert len(codes) == len(set(codes))


def test_iso2_codes_are_valid() -> None:
    for entry in load_baseline():
        code = entry["iso2"]
        assert code == code.upper(), code
        if code == "EU":
            continue
        assert pycountry.countries.get(alpha_2=code) is not None, code


def test_status_values() -> None:
    for entry in load_baseline():
        assert entry["status"] in STATUSES, entry


def test_since_is_a_plausible_date() -> None:
    earliest = dt.date(2012, 1, 1)
    today = dt.date.today()
    for entry in load_baseline():
        since = dt.date.fromisoformat(entry["since"])
        assert earliest <= since <= today, entry


def test_summary_is_one_short_sentence() -> None:
    for entry in load_baseline():
        summary = entry["summary"].strip()
        assert len(summary) <= 300, entry
        assert summary[-1] in ".!?", entry
        assert not SENTENCE_BREAK.search(summary[:-1]), entry


def test_source_is_a_real_article_url() -> None:
    for entry in load_baseline():
        source = entry["source"]
        assert source.startswith(("https://", "http://")), entry
        host = (urlparse(source).hostname or "").lower()
        assert host, entry
        assert not any(marker in host for marker in SEARCH_ENGINE_HOSTS), entry
