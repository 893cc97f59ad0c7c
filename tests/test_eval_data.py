"""The collected headlines (bot/data/eval/news-*.jsonl) keep the labelled set's shape.

Each line: ``id, title, summary, published, outlet, url, lang, relevant, countries, findings,
story, case``, plus ``title_from_url`` when the headline was rebuilt from the article's address
and ``date_approx`` when the day is not the page's own (only the month was given, or the
event's known date was used). Statuses come from
the one vocabulary (bot/status.py), countries from the gazetteer (ISO 3166-1, Kosovo, the EU),
and an event id reads ``<iso2 or xx>-<status of the main finding or none>-<YYYY-MM>[-slug]``.
No headline appears twice, in these files or in the project's other labelled sets.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot import countries
from bot.errors import UserError
from bot.evaluate import EVAL_DIR
from bot.status import Status

NEWS_FILES = sorted(EVAL_DIR.glob("news-*.jsonl"))
REQUIRED = {
    "id",
    "title",
    "summary",
    "published",
    "outlet",
    "url",
    "lang",
    "relevant",
    "countries",
    "findings",
    "story",
    "case",
}
OPTIONAL = {"title_from_url", "date_approx"}
STATUSES = {s.value for s in Status if s is not Status.UNKNOWN}
STORY = re.compile(
    r"^(?:[a-z]{2}|xx)-(?:banned|restricted|under_review|allowed|partner|none)"
    r"-(?P<year>\d{4})-(?P<month>\d{2})(?:-[a-z0-9]+(?:-[a-z0-9]+)*)?$"
)
EARLIEST = date(2018, 1, 1)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def known(iso2: str) -> bool:
    try:
        countries.get(iso2)
    except UserError:
        return False
    return iso2 == iso2.upper()


def problems(item: dict[str, Any]) -> list[str]:
    """What is wrong with one labelled line, in words (empty when nothing is)."""
    out: list[str] = []
    keys = set(item)
    if missing := REQUIRED - keys:
        out.append(f"missing {sorted(missing)}")
    if extra := keys - REQUIRED - OPTIONAL:
        out.append(f"unexpected {sorted(extra)}")
    if out:
        return out
    for name in ("id", "title", "summary", "outlet", "url", "lang", "story", "case"):
        if not isinstance(item[name], str) or not item[name].strip():
            out.append(f"{name} is not a non-empty string")
    if out:
        return out
    if len(item["summary"]) > 300:
        out.append(f"summary has {len(item['summary'])} characters (at most 300)")
    if not re.fullmatch(r"[a-z]{2}", item["lang"]):
        out.append(f"lang {item['lang']!r} is not an ISO 639-1 code")
    if not item["url"].startswith(("http://", "https://")):
        out.append(f"url {item['url']!r} is not an http(s) address")
    for flag in OPTIONAL & keys:
        if item[flag] is not True:
            out.append(f"{flag} is present but not true")
    try:
        published = date.fromisoformat(item["published"])
    except (TypeError, ValueError):
        return [*out, f"published {item['published']!r} is not YYYY-MM-DD"]
    if not EARLIEST <= published <= date.today():
        out.append(f"published {published} is outside 2018..today")
    if not isinstance(item["relevant"], bool):
        out.append("relevant is not a boolean")
    if not isinstance(item["countries"], list) or not all(
        isinstance(c, str) and known(c) for c in item["countries"]
    ):
        out.append(f"countries {item['countries']!r} are not all known ISO2 codes (or EU)")
    findings = item["findings"]
    if not isinstance(findings, list) or not all(
        isinstance(f, dict) and set(f) == {"iso2", "status"} for f in findings
    ):
        return [*out, "findings are not a list of {iso2, status}"]
    for finding in findings:
        if finding["status"] not in STATUSES:
            out.append(f"status {finding['status']!r} is not in the vocabulary")
        if not known(finding["iso2"]):
            out.append(f"finding country {finding['iso2']!r} is not a known ISO2 code (or EU)")
        elif finding["iso2"] not in item["countries"]:
            out.append(f"finding country {finding['iso2']} is not among the countries")
    if len({f["iso2"] for f in findings}) != len(findings):
        out.append("two findings for one country")
    if not item["relevant"] and (findings or item["countries"]):
        out.append("an irrelevant article has countries or findings")
    match = STORY.match(item["story"])
    if match is None:
        out.append(f"story {item['story']!r} does not read <iso2|xx>-<status|none>-<YYYY-MM>")
    elif not 1 <= int(match["month"]) <= 12:
        out.append(f"story {item['story']!r} has no real month")
    return out


def test_there_are_collected_files() -> None:
    assert NEWS_FILES, f"no news-*.jsonl in {EVAL_DIR}"


@pytest.mark.parametrize("path", NEWS_FILES, ids=lambda p: p.name)
def test_every_line_is_well_formed(path: Path) -> None:
    bad = {
        str(item.get("id", n)): found
        for n, item in enumerate(lines(path), 1)
        if (found := problems(item))
    }
    assert not bad, bad


@pytest.mark.parametrize("path", NEWS_FILES, ids=lambda p: p.name)
def test_ids_and_urls_are_unique_within_the_file(path: Path) -> None:
    items = lines(path)
    ids = [item["id"] for item in items]
    urls = [item["url"] for item in items]
    assert len(set(ids)) == len(ids), sorted({i for i in ids if ids.count(i) > 1})
    assert len(set(urls)) == len(urls), sorted({u for u in urls if urls.count(u) > 1})


def test_no_headline_is_labelled_twice_across_the_sets() -> None:
    """A url, or a title from the same outlet, seen in two lines (any labelled file) would count
    one article twice."""
    seen_urls: dict[str, str] = {}
    seen_titles: dict[str, str] = {}
    twice: list[str] = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for item in lines(path):
            where = f"{path.name}:{item['id']}"
            url = str(item.get("url") or item.get("source_url") or "")
            # The same wire headline from two outlets is two articles; from one outlet, one.
            title = " ".join(str(item["title"]).lower().split()) + f" @ {item.get('outlet')}"
            for key, seen in ((url, seen_urls), (title, seen_titles)):
                if key and key in seen:
                    twice.append(f"{where} repeats {seen[key]}")
                elif key:
                    seen[key] = where
    assert not twice, twice


def test_the_checker_catches_what_it_should() -> None:
    good = {
        "id": "x-1",
        "title": "Sweden bans Huawei and ZTE from 5G networks",
        "summary": "The telecoms regulator excluded the two vendors.",
        "published": "2020-10-20",
        "outlet": "Example",
        "url": "https://example.com/a",
        "lang": "en",
        "relevant": True,
        "countries": ["SE"],
        "findings": [{"iso2": "SE", "status": "banned"}],
        "story": "se-banned-2020-10",
        "case": "plain",
    }
    assert problems(good) == []
    assert problems({**good, "countries": ["SE", "EU", "XK"]}) == []
    assert problems({**good, "findings": [{"iso2": "SE", "status": "forbidden"}]})
    assert problems({**good, "countries": ["ZZ"], "findings": []})
    assert problems({**good, "countries": ["se"], "findings": []})
    assert problems({**good, "findings": [{"iso2": "NO", "status": "banned"}]})
    assert problems({**good, "published": "2020-10"})
    assert problems({**good, "published": "2017-12-31"})
    assert problems({**good, "relevant": False})
    assert problems({**good, "story": "sweden-ban-2020-10"})
    assert problems({**good, "story": "se-banned-2020-13"})
    assert problems({**good, "summary": "x" * 301})
    assert problems({**good, "lang": "eng"})
    assert problems({k: v for k, v in good.items() if k != "case"})
    assert problems({**good, "extra": 1})
