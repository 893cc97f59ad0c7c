"""Services without Discord: permissions, digests, validation of what people type."""

from __future__ import annotations

import pytest

from bot.config import ModerationConfig
from bot.errors import UserError
from bot.permissions import WriteLimiter, refusal
from bot.runtime import Runtime
from bot.services import CLI, Actor
from tests.conftest import FakeClock

# The services over the store: on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_backends


def check(**kw: object) -> str | None:
    base: dict[str, object] = {
        "guild_id": 1,
        "user_id": 7,
        "manage_guild": False,
        "role_ids": [],
        "owner_ids": [99],
        "moderation": ModerationConfig(),
        "home_guild_id": 1,
    }
    base.update(kw)
    return refusal(**base)  # type: ignore[arg-type]


def test_moderator_rules() -> None:
    assert check(manage_guild=True) is None
    assert check(user_id=99) is None  # the application owner
    assert check() is not None and "Manage Server" in (check() or "")
    mods = ModerationConfig(role_ids=(5,))
    assert check(role_ids=[5], moderation=mods) is None
    assert "moderator role" in (check(role_ids=[6], moderation=mods) or "")
    only = ModerationConfig(guild_ids=(2,))
    assert "can look up statuses but not change them" in (
        check(manage_guild=True, moderation=only) or ""
    )
    assert check(user_id=99, moderation=only) is not None  # even the owner, in another guild
    assert "server" in (check(guild_id=None) or "")


def test_only_the_home_server_writes_by_default() -> None:
    """Issue 13.1: with guild_ids empty, another server's admins may not change shared data;
    the refusal says why and what the operator can set; the owner may, anywhere."""
    reason = check(guild_id=2, manage_guild=True)
    assert reason is not None
    assert "home server" in reason and "[moderation] guild_ids" in reason and "(2)" in reason
    assert check(guild_id=2, user_id=99) is None  # the application owner, anywhere
    assert check(guild_id=1, manage_guild=True) is None  # the home server's moderators
    assert check(guild_id=1, manage_guild=True, home_guild_id=None) is not None  # none yet


def test_write_limit_per_moderator() -> None:
    limiter = WriteLimiter(3, 60.0)
    assert [limiter.refusal(7, now=t) for t in (0.0, 1.0, 2.0)] == [None, None, None]
    refused = limiter.refusal(7, now=3.0)
    assert refused is not None and "Slow down" in refused and "57 s" in refused
    assert limiter.refusal(8, now=3.0) is None  # another moderator has their own budget
    assert limiter.refusal(7, now=60.5) is None  # the window moved on


@pytest.mark.parametrize(
    ("note", "source", "message"),
    [
        ("", None, "Add a note"),
        ("x" * 501, None, "keep it under 500"),
        ("ok", "javascript:alert(1)", "must be a web link"),
        ("ok", "https://" + "x" * 600, "too long"),
    ],
)
async def test_update_validates_input(
    rt: Runtime, note: str, source: str | None, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        await rt.services.update("de", "banned", note, source, CLI)


async def test_unknown_status_and_country_are_explained(rt: Runtime) -> None:
    with pytest.raises(UserError, match=r"Unknown status 'forbidden'\. Use one of: banned"):
        await rt.services.update("de", "forbidden", "x", None, CLI)
    with pytest.raises(UserError, match="Did you mean: Germany"):
        await rt.services.update("Germny", "banned", "x", None, CLI)


async def test_revert_of_baseline_is_refused(rt: Runtime) -> None:
    with pytest.raises(UserError, match="no change to undo"):
        await rt.services.revert("gb", CLI)


async def test_digest_is_queued_on_the_guilds_day_and_hour_only(
    rt: Runtime, clock: FakeClock
) -> None:
    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)  # Monday 09:00 by default
    await rt.services.configure_alerts(2, CLI, alert_channel_id=20, digest_enabled=False)
    await rt.services.configure_alerts(3, CLI, alert_channel_id=30, digest_weekday=4)
    assert await rt.services.queue_digests(0, 9) == 1
    assert await rt.services.queue_digests(0, 10) == 0
    rows = [r for r in await rt.store.alerts.due(clock()) if r.kind == "digest"]
    assert [r.guild_id for r in rows] == [1]


async def test_empty_week_is_not_posted_unless_asked(rt: Runtime, clock: FakeClock) -> None:
    assert await rt.services.digest({}) is None
    assert await rt.services.digest({"post_empty": True}) is not None
    await rt.services.update("it", "banned", "golden power", None, Actor("discord:1", "m", 1))
    data = await rt.services.digest({})
    assert data is not None and [c.iso2 for c in data.changes] == ["IT"]


async def _propose(rt: Runtime, clock: FakeClock, iso2: str, status: str) -> int:
    """A story with one pending proposal, as the pipeline stores them; its id."""
    from storage.times import to_db

    now = to_db(clock())
    async with rt.store.transaction() as conn:
        async with conn.execute(
            "INSERT INTO stories (title, link, signature, first_seen_at, last_seen_at, "
            "relevant, score) VALUES (?, 'https://n.example/1', '', ?, ?, 1, 0.9) RETURNING id",
            (f"{iso2} story", now, now),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        async with conn.execute(
            "INSERT INTO proposals (story_id, iso2, status, confidence, created_at) "
            "VALUES (?, ?, ?, 0.9, ?) RETURNING id",
            (row[0], iso2, status, now),
        ) as cur:
            made = await cur.fetchone()
    assert made is not None
    return int(made[0])


async def test_old_proposals_expire_with_an_audit_note(rt: Runtime, clock: FakeClock) -> None:
    old = await _propose(rt, clock, "ES", "banned")
    clock.advance(days=rt.config.alerts.proposal_max_age_days - 1)
    young = await _propose(rt, clock, "KE", "banned")
    assert await rt.services.expire_proposals() == 0
    clock.advance(days=2)
    pending = await rt.services.pending_proposals()  # expires the old one first
    assert [p.proposal.id for p in pending] == [young]
    expired = await rt.store.news.proposal(old)
    assert expired is not None and expired.state == "dismissed"
    assert expired.decided_by is not None and expired.decided_by.startswith("expiry")
    audit = [a for a in await rt.store.audit.recent() if a.action == "proposal.expire"]
    assert len(audit) == 1 and audit[0].target == "ES" and "within 30 days" in audit[0].detail
    assert await rt.services.expire_proposals() == 0  # once
    with pytest.raises(UserError, match="already dismissed by expiry"):
        await rt.services.decide_proposal(old, True, CLI)


async def test_applying_a_proposal_to_the_current_status_is_refused(
    rt: Runtime, clock: FakeClock
) -> None:
    made = await _propose(rt, clock, "GB", "banned")  # the baseline: banned
    with pytest.raises(UserError, match="United Kingdom is already Banned"):
        await rt.services.decide_proposal(made, True, CLI)
    history = await rt.store.countries.history("GB")
    proposal, change = await rt.services.decide_proposal(made, False, CLI)
    assert proposal.state == "dismissed" and change is None
    assert await rt.store.countries.history("GB") == history


async def test_the_same_status_with_a_new_note_is_an_edit(rt: Runtime) -> None:
    from bot.services import StatusEdit

    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
    before = await rt.store.countries.history("DE")
    edit = await rt.services.update("de", "restricted", "Core rule", "https://e.example/de", CLI)
    assert isinstance(edit, StatusEdit) and edit.source == "https://e.example/de"
    assert await rt.store.countries.history("DE") == before
    assert await rt.store.alerts.counts() == {}  # nothing queued: nobody pinged
    data = await rt.services.digest({})
    assert data is None or "DE" not in [c.iso2 for c in data.changes]
    with pytest.raises(UserError, match="Germany is already Restricted: nothing to change"):
        await rt.services.update("de", "restricted", "Core rule", None, CLI)
    changed = await rt.services.update("de", "banned", "Full ban", None, CLI)
    assert not isinstance(changed, StatusEdit) and changed.old_status == "restricted"
