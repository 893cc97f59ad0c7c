"""The baseline across releases: a fresh database takes in every entry's timeline, and an
upgraded release updates the countries nobody changed while proposing, not imposing, changes
to the ones a moderator set."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot import render
from bot.baseline import Baseline, load, shipped
from bot.config import Config
from bot.runtime import Runtime, open_runtime
from bot.services import CLI, Actor
from tests.helpers import FakeClock

# Releases taken in on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_backends

MOD = Actor("discord:42", "mod", 1)


def entry(iso2: str, status: str, since: str, summary: str, **extra: Any) -> dict[str, Any]:
    return {
        "iso2": iso2,
        "status": status,
        "since": since,
        "summary": summary,
        "source": f"https://example.org/{iso2.lower()}/{since}",
        "outlet": "Example",
        "checked": "2026-11-01",
    } | extra


OLD = [
    entry("DK", "under_review", "2021-05-05", "Old: a law to screen investments was passed."),
    entry("RO", "restricted", "2021-06-11", "Old: the vendor authorisation law was signed."),
    entry("GB", "banned", "2020-07-14", "New Huawei kit is banned and the rest goes by 2027."),
]
NEW = [
    entry("DK", "restricted", "2026-06-24", "New: the court upheld the removal order.")
    | {"checked": "2026-12-02"},
    entry(
        "RO",
        "banned",
        "2024-02-29",
        "New: Huawei's authorisation request was rejected.",
        history=[
            {
                "status": "restricted",
                "since": "2021-06-11",
                "summary": "The vendor authorisation law was signed.",
                "source": "https://example.org/ro/law",
            }
        ],
    ),
    entry("GB", "banned", "2020-07-14", "New Huawei kit is banned and the rest goes by 2027."),
    entry(
        "PY",
        "restricted",
        "2025-07-01",
        "New: auction rules keep Chinese vendors out in practice.",
        history=[
            {
                "status": "under_review",
                "since": "2024-01-10",
                "summary": "A review was ordered.",
                "source": "https://example.org/py/review",
            }
        ],
    ),
]


def write(tmp_path: Path, name: str, entries: list[dict[str, Any]]) -> Baseline:
    path = tmp_path / name
    path.write_text(json.dumps(entries, indent=2), encoding="utf-8")
    return load(path)


async def rows(rt: Runtime, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
    return list(await rt.store.db.fetchall(sql, params))


async def test_a_fresh_database_takes_in_each_timeline_in_date_order(rt: Runtime) -> None:
    ro = await rt.store.countries.history("RO")  # newest first
    assert [c.new_status for c in reversed(ro)] == ["under_review", "restricted", "banned"]
    assert [c.since for c in reversed(ro)] == sorted(c.since or "" for c in ro)
    assert {c.actor for c in ro} == {"seed"} and {c.kind for c in ro} == {"seed"}
    row = await rt.store.countries.get("RO")
    assert row is not None and row.status == "banned" and row.since == ro[0].since
    # Every shipped entry is in, each with its own check date, and the release is recorded.
    baseline = shipped()
    assert len(await rt.store.countries.all()) == len(baseline.entries)
    release = await rt.store.baseline.latest()
    assert release is not None and release.digest == baseline.digest
    assert release.seeded == len(baseline.entries)
    assert release.checked == baseline.checked.isoformat()
    # A second start takes in nothing: the release was seen.
    before = len(await rt.store.countries.all_changes())
    assert await rt.services.seed() == 0
    assert len(await rt.store.countries.all_changes()) == before


async def test_upgrade_updates_untouched_countries_and_proposes_for_changed_ones(
    config: Config, clock: FakeClock, tmp_path: Path
) -> None:
    old, new = write(tmp_path, "old.json", OLD), write(tmp_path, "new.json", NEW)
    # Release 1: a database created with the old baseline; a moderator then sets Romania.
    async with open_runtime(config, clock, seed=False) as rt:
        assert await rt.services.seed(old) == 3
        await rt.services.configure_alerts(7, CLI, alert_channel_id=70)
        await rt.services.update("ro", "allowed", "Moderator's reading", None, MOD)
        posts_before = {r["id"] for r in await rows(rt, "SELECT id FROM outbox")}
    clock.advance(days=30)
    # Release 2: the bot starts with a new baseline file.
    async with open_runtime(config, clock, seed=False) as rt:
        result = await rt.services.sync_baseline(new)
        assert (result.seeded, result.applied, result.proposed) == (1, 1, 1)

        # Denmark still held the baseline's value: updated by "baseline", announced.
        dk = await rt.store.countries.get("DK")
        assert dk is not None and dk.status == "restricted" and dk.since == "2026-06-24"
        assert dk.summary == "New: the court upheld the removal order."
        assert dk.source == "https://example.org/dk/2026-06-24"
        latest = (await rt.store.countries.history("DK"))[0]
        assert (latest.actor, latest.old_status, latest.new_status) == (
            "baseline",
            "under_review",
            "restricted",
        )
        posts = [
            r
            for r in await rows(rt, "SELECT * FROM outbox ORDER BY id")
            if r["id"] not in posts_before
        ]
        announced = [json.loads(r["payload"]) for r in posts if r["kind"] == "status_change"]
        assert announced == [{"change_id": latest.id}]

        # Romania was set by a moderator: kept, and the baseline's status is only proposed.
        ro = await rt.store.countries.get("RO")
        assert ro is not None and ro.status == "allowed" and ro.updated_by == "mod"
        proposals = await rows(rt, "SELECT * FROM proposals WHERE iso2 = 'RO'")
        assert [(p["status"], p["state"]) for p in proposals] == [("banned", "pending")]
        story_posts = [r for r in posts if r["kind"] == "story"]
        assert [r["story_id"] for r in story_posts] == [proposals[0]["story_id"]]
        assert story_posts[0]["channel_id"] == 70

        story = await rt.store.news.story(proposals[0]["story_id"])
        assert story is not None
        posted = render.story_embed(story, [], await rt.store.news.proposals_for(story.id), {})
        assert posted.title == "New: Huawei's authorisation request was rejected."
        assert posted.url == "https://example.org/ro/2024-02-29"
        assert posted.footer.text == "Baseline re-check: a moderator decides"

        # Britain is unchanged in the new release: no new history row, no post.
        assert len(await rt.store.countries.history("GB")) == 1
        # Paraguay is new: its whole timeline is seeded.
        py = await rt.store.countries.history("PY")
        assert [c.new_status for c in reversed(py)] == ["under_review", "restricted"]

        # A moderator applies the proposal: the baseline's date and source come with it.
        _, change = await rt.services.decide_proposal(proposals[0]["id"], True, MOD)
        assert change is not None
        assert (change.new_status, change.since) == ("banned", "2024-02-29")
        assert change.source == "https://example.org/ro/2024-02-29"

        # The release is recorded, so the next start does nothing.
        releases = await rows(rt, "SELECT digest FROM baseline_releases ORDER BY seen_at")
        assert [r["digest"] for r in releases] == [old.digest, new.digest]
    async with open_runtime(config, clock, seed=False) as rt:
        count = len(await rt.store.countries.all_changes())
        assert (await rt.services.sync_baseline(new)).total == 0
        assert len(await rt.store.countries.all_changes()) == count


async def test_a_baseline_update_a_moderator_undid_is_not_reapplied(
    config: Config, clock: FakeClock, tmp_path: Path
) -> None:
    """A revert is a person's change: the country no longer holds a baseline value."""
    old, new = write(tmp_path, "old.json", OLD), write(tmp_path, "new.json", NEW)
    async with open_runtime(config, clock, seed=False) as rt:
        await rt.services.seed(old)
        await rt.services.sync_baseline(new)
        await rt.services.revert("dk", MOD)
        newer = write(
            tmp_path, "newer.json", [*NEW[:1], NEW[1] | {"checked": "2026-12-03"}, *NEW[2:]]
        )
        result = await rt.services.sync_baseline(newer)
        dk = await rt.store.countries.get("DK")
        assert dk is not None and dk.status == "under_review"
        assert result.applied == 0 and result.proposed == 1  # DK: proposed, not imposed


async def test_status_says_as_of_the_later_of_check_and_change(rt: Runtime) -> None:
    view = await rt.services.country_status("dk")
    checked = date.fromisoformat(shipped().get("DK").checked)  # type: ignore[union-attr]
    assert view.as_of == max(checked, rt.clock().date())
    footer = render.status_embed(view).footer.text or ""
    assert footer.startswith(f"As of {render.day(view.as_of)} · ")
    # After a moderator's change the check no longer speaks for the country.
    await rt.services.update("dk", "banned", "A reading after the check", None, MOD)
    view = await rt.services.country_status("dk")
    assert view.as_of == rt.clock().date()
    assert view.as_json()["as_of"] == rt.clock().date().isoformat()
    assert await rt.services.as_of() == max(shipped().checked, rt.clock().date())
