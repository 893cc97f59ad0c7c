"""What people can ask of and do to the bot, as plain async Python (no discord import).

The cogs and the CLI both call these; every write records who did it, when and why.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections import defaultdict
from dataclasses import astuple, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot import countries
from bot.baseline import Baseline, Entry, Step
from bot.baseline import as_of as baseline_as_of
from bot.baseline import shipped as shipped_baseline
from bot.clock import Clock
from bot.config import Config
from bot.countries import Country
from bot.errors import UserError
from bot.news.feedcheck import FeedCheck, FeedChecker, normalise_feed_url, valid_feed_url
from bot.status import ORDER, Status, parse_status, style
from bot.textsafe import clean_text, safe_link
from storage.baseline import BaselineRelease
from storage.models import (
    AuditEntry,
    CountryRow,
    FeedRow,
    GuildSettings,
    NewChange,
    ProposalRow,
    StatusChange,
    StoryRow,
)
from storage.store import Store

log = logging.getLogger(__name__)

MAX_NOTE = 500
MAX_SOURCE = 500
MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: ``discord:<id>``, ``cli``, ``seed`` or ``feed:<id>``, and a display name."""

    id: str
    name: str | None = None
    guild_id: int | None = None


CLI = Actor("cli", "operator (CLI)")
EXPIRY = "expiry (no moderator acted in time)"  # who "dismissed" an expired proposal

# Whose changes are the baseline's own: a country whose latest change is by one of these still
# holds the baseline value, so a newer baseline release may update it.
BASELINE_ACTORS = frozenset({"seed", "baseline"})
BASELINE_SIGNATURE = "baseline:"  # stories that carry a baseline release's proposal


@dataclass(frozen=True, slots=True)
class BaselineSync:
    """What taking in a baseline release did."""

    seeded: int = 0
    applied: int = 0
    proposed: int = 0

    @property
    def total(self) -> int:
        return self.seeded + self.applied + self.proposed


def _baseline_change(entry: Entry, step: Step, actor: str) -> NewChange:
    if actor == "seed":
        kind, note = "seed", "Baseline from public reporting"
    else:
        kind, note = "update", f"Baseline re-checked on {entry.checked} against the public record"
    return NewChange(
        iso2=entry.iso2,
        new_status=step.status.value,
        note=note,
        source=step.source,
        kind=kind,
        actor=actor,
        actor_name="baseline",
        since=step.since,
        summary=step.summary,
    )


@dataclass(frozen=True, slots=True)
class CountryView:
    country: Country
    status: Status
    row: CountryRow | None
    history: list[StatusChange]
    as_of: date | None = None  # the later of the last check and the last change

    def as_json(self) -> dict[str, Any]:
        return {
            "iso2": self.country.iso2,
            "name": self.country.name,
            "status": self.status.value,
            "since": self.row.since if self.row else None,
            "summary": self.row.summary if self.row else "",
            "source": self.row.source if self.row else None,
            "updated_by": self.row.updated_by if self.row else None,
            "updated_at": self.row.updated_at.isoformat() if self.row else None,
            "history": [change_json(c) for c in self.history],
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


def change_json(c: StatusChange) -> dict[str, Any]:
    return {
        "id": c.id,
        "old": c.old_status,
        "new": c.new_status,
        "since": c.since,
        "note": c.note,
        "source": c.source,
        "kind": c.kind,
        "actor": c.actor,
        "actor_name": c.actor_name,
        "guild_id": c.guild_id,
        "created_at": c.created_at.isoformat(),
        "reverted_by": c.reverted_by,
    }


def check_note(note: str) -> str:
    note = " ".join(note.split())
    if not note:
        raise UserError("Add a note saying why the status changes (what was decided, by whom).")
    if len(note) > MAX_NOTE:
        raise UserError(f"The note is {len(note)} characters long; keep it under {MAX_NOTE}.")
    return note


def check_source(source: str | None) -> str | None:
    if source is None or not source.strip():
        return None
    source = source.strip()
    if len(source) > MAX_SOURCE:
        raise UserError(f"The source link is too long; keep it under {MAX_SOURCE} characters.")
    if safe_link(source) is None:
        raise UserError(
            "The source must be a web link starting with https://, without spaces, "
            "brackets or quotes."
        )
    return source


@dataclass(frozen=True, slots=True)
class StatusEdit:
    """A note or source given for a country's current status: recorded (audited, as
    ``status.edit``) as an edit of the current entry, not as a status change; nobody is
    pinged and the digest does not count it."""

    iso2: str
    status: str
    note: str
    source: str | None


@dataclass(frozen=True, slots=True)
class PendingProposal:
    """A proposed status change waiting for a moderator, with the story it came from."""

    proposal: ProposalRow
    title: str
    link: str | None
    current: str

    def as_json(self) -> dict[str, Any]:
        p = self.proposal
        return {
            "id": p.id,
            "iso2": p.iso2,
            "country": countries.get(p.iso2).name,
            "status": p.status,
            "current": self.current,
            "confidence": round(p.confidence, 3),
            "story_id": p.story_id,
            "title": self.title,
            "link": self.link,
            "created_at": p.created_at.isoformat(),
        }


def edit_sentence(edit: StatusEdit) -> str:
    """What the moderator is told of an edit."""
    name = countries.get(edit.iso2).name
    return (
        f"{name} is already {style(edit.status).label}: the note and source were recorded as "
        "an edit of the current entry, not a status change; nobody was pinged."
    )


def already(iso2: str, status: str) -> str:
    """The sentence that refuses a change to the status a country already has."""
    name = countries.get(iso2).name
    return f"{name} is already {style(status).label}: nothing to change."


@dataclass(frozen=True, slots=True)
class WeeklyDigest:
    since: datetime
    until: datetime
    changes: list[StatusChange]
    stories: list[StoryRow]
    failing_feeds: list[FeedRow]

    @property
    def empty(self) -> bool:
        return not (self.changes or self.stories)


EXPORT_COLUMNS = (
    "iso2",
    "country",
    "current_status",
    "change_id",
    "old_status",
    "new_status",
    "since",
    "kind",
    "note",
    "source",
    "actor",
    "actor_name",
    "guild_id",
    "created_at",
    "reverted_by",
)


@dataclass(frozen=True, slots=True)
class Overview:
    """What ``/about`` counts: feeds by state, articles and stories, countries with a status,
    and when the last poll ended."""

    feeds: dict[str, int]
    articles: int
    stories: int
    countries: int
    last_poll: datetime | None


class Services:
    def __init__(
        self,
        store: Store,
        config: Config,
        clock: Clock,
        baseline: Baseline | None = None,
        checker: FeedChecker | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.baseline = baseline or shipped_baseline()
        self.checker = checker  # fetches a feed once before it is followed (None: no network)

    # -- baseline ---------------------------------------------------------------------------

    async def seed(self, baseline: Baseline | None = None) -> int:
        """Take in the shipped baseline (once per release); return how many countries it
        seeded, updated or proposed a change for."""
        return (await self.sync_baseline(baseline)).total

    async def sync_baseline(self, baseline: Baseline | None = None) -> BaselineSync:
        """Apply a baseline release this database has not seen yet.

        A country with no history gets the entry's whole timeline as ``seed`` rows. A country
        still holding a baseline value (its latest change is by ``seed`` or ``baseline``) is
        updated by the actor ``baseline`` and, if its status moves, announced like any change.
        A country a person changed since keeps their value: a differing baseline status becomes
        a pending proposal, posted like a news story with Apply/Dismiss buttons.
        """
        baseline = baseline or self.baseline
        if await self.store.baseline.seen(baseline.digest):
            return BaselineSync()
        now = self.clock()
        seeded = applied = proposed = 0
        async with self.store.transaction() as conn:
            for entry in baseline.entries:
                last = await self.store.baseline.last_change(conn, entry.iso2)
                if last is None:
                    for step in entry.steps:
                        await self.store.countries.record(
                            conn, _baseline_change(entry, step, "seed"), now
                        )
                    seeded += 1
                elif last.actor in BASELINE_ACTORS:
                    current = entry.current
                    held = (last.status, last.since, last.summary, last.source)
                    if held == (current.status.value, *astuple(current)[1:]):
                        continue
                    change = await self.store.countries.record(
                        conn, _baseline_change(entry, current, "baseline"), now
                    )
                    if last.status != current.status.value:
                        await self._announce(conn, change, now)
                    applied += 1
                elif last.status != entry.status.value:
                    story_id = await self.store.baseline.propose(
                        conn,
                        iso2=entry.iso2,
                        status=entry.status.value,
                        title=entry.summary,
                        link=entry.source,
                        signature=f"{BASELINE_SIGNATURE}{baseline.digest[:16]}:{entry.iso2}",
                        published_at=datetime.fromisoformat(entry.since).replace(tzinfo=UTC),
                        now=now,
                    )
                    await self.store.alerts.fan_out(
                        conn,
                        kind="story",
                        now=now,
                        story_id=story_id,
                        countries=frozenset({entry.iso2}),
                        score=1.0,
                    )
                    proposed += 1
            await self.store.baseline.record(
                conn,
                BaselineRelease(
                    digest=baseline.digest,
                    checked=baseline.checked.isoformat(),
                    entries=len(baseline.entries),
                    seeded=seeded,
                    applied=applied,
                    proposed=proposed,
                    seen_at=now,
                ),
            )
        result = BaselineSync(seeded, applied, proposed)
        if result.total:
            log.info(
                "Baseline %s: seeded %d countries, updated %d, proposed %d changes",
                baseline.checked.isoformat(),
                seeded,
                applied,
                proposed,
            )
        return result

    async def as_of(self) -> date | None:
        """What the whole table is as of: the later of the last change and the baseline check."""
        rows = await self.store.countries.all()
        last = max((r.updated_at.date() for r in rows), default=None)
        return baseline_as_of(last, self.baseline.checked if rows else None)

    # -- reading ----------------------------------------------------------------------------

    async def country_status(self, text: str, history: int | None = 3) -> CountryView:
        country = countries.resolve_or_raise(text)
        row = await self.store.countries.get(country.iso2)
        changes = await self.store.countries.history(country.iso2, history)
        status = Status(row.status) if row else Status.UNKNOWN
        return CountryView(country, status, row, changes, self._as_of(country.iso2, row))

    def _as_of(self, iso2: str, row: CountryRow | None) -> date | None:
        """A country's "as of": its last change, or the baseline's check of it if later and the
        country still holds the baseline's value."""
        if row is None:
            return None
        entry = self.baseline.get(iso2)
        checked = None
        if entry is not None and row.updated_by == "baseline":
            checked = date.fromisoformat(entry.checked)
        return baseline_as_of(row.updated_at.date(), checked)

    async def table(self) -> dict[str, Status]:
        """Every country's current status (known ones only)."""
        return {r.iso2: Status(r.status) for r in await self.store.countries.all()}

    async def full_table(self) -> dict[str, Status]:
        """Every country the bot knows of (the map's set), unknown when nothing is recorded."""
        table = await self.table()
        return {c.iso2: table.get(c.iso2, Status.UNKNOWN) for c in countries.all_countries()}

    async def export_table(self, fmt: str) -> str:
        """The status table with its full history, as CSV (one row per change) or JSON."""
        current = await self.table()
        changes = await self.store.countries.all_changes()
        if fmt == "json":
            by_country: dict[str, list[dict[str, Any]]] = {}
            for ch in changes:
                by_country.setdefault(ch.iso2, []).append(change_json(ch))
            data = [
                {
                    "iso2": iso2,
                    "name": countries.get(iso2).name,
                    "status": current.get(iso2, Status.UNKNOWN).value,
                    "history": history,
                }
                for iso2, history in sorted(by_country.items())
            ]
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for ch in sorted(changes, key=lambda c: (c.iso2, c.id)):
            writer.writerow(
                [
                    ch.iso2,
                    countries.get(ch.iso2).name,
                    current.get(ch.iso2, Status.UNKNOWN).value,
                    ch.id,
                    ch.old_status,
                    ch.new_status,
                    ch.since or "",
                    ch.kind,
                    ch.note,
                    ch.source or "",
                    ch.actor,
                    ch.actor_name or "",
                    ch.guild_id or "",
                    ch.created_at.isoformat(),
                    ch.reverted_by or "",
                ]
            )
        return buf.getvalue()

    async def grouped(self, only: Status | None = None) -> dict[Status, list[CountryRow]]:
        """Countries by status, by name within a status. Countries with nothing recorded are
        in the unknown group (as on the map), with a placeholder row (no date, no summary)."""
        rows = {r.iso2: r for r in await self.store.countries.all()}
        groups: dict[Status, list[CountryRow]] = defaultdict(list)
        now = self.clock()
        for country in countries.all_countries():
            row = rows.get(country.iso2)
            status = Status(row.status) if row else Status.UNKNOWN
            if only is None or status == only:
                groups[status].append(
                    row
                    or CountryRow(country.iso2, Status.UNKNOWN.value, None, "", None, "", now, 0)
                )
        for group in groups.values():
            group.sort(key=lambda r: countries.get(r.iso2).name)
        return {s: groups[s] for s in ORDER if groups.get(s)}

    async def next_poll(self, scheduled: datetime | None) -> datetime | None:
        """When a feed will next be fetched: the polling job's next run (``scheduled``, from
        the scheduler) once a feed is due by then, else when the first feed falls due (feeds
        back off and wait their interval). None: nothing to poll, or no job scheduled."""
        if scheduled is None:
            return None
        now = self.clock()
        active = [f for f in await self.store.feeds.all() if not f.disabled and not f.paused]
        if not active:
            return None
        due = min((f.next_poll_at or now) for f in active)
        return max(scheduled, due, now)

    async def news(self, text: str | None, limit: int) -> tuple[Country | None, list[StoryRow]]:
        if not 1 <= limit <= 25:
            raise UserError("Ask for between 1 and 25 stories.")
        country = countries.resolve_or_raise(text) if text else None
        stories = await self.store.news.latest(country.iso2 if country else None, limit)
        return country, stories

    async def digest(self, payload: dict[str, Any]) -> WeeklyDigest | None:
        """The week's digest; None when the week was empty and nobody asked for empty ones."""
        until = self.clock()
        since = until - timedelta(days=7)
        data = WeeklyDigest(
            since=since,
            until=until,
            changes=await self.store.countries.changes_since(since),
            stories=await self.store.news.top_stories(since, 8),
            failing_feeds=[
                f for f in await self.store.feeds.all() if f.state in ("failing", "disabled")
            ],
        )
        if data.empty and not payload.get("post_empty"):
            return None
        return data

    async def queue_digests(
        self, weekday: int | None = None, hour: int | None = None, guild_id: int | None = None
    ) -> int:
        """Queue the weekly digest for guilds due now (or for one guild, at once)."""
        now = self.clock()
        queued = 0
        async with self.store.transaction() as conn:
            for g in await self.store.alerts.routed(conn):
                if guild_id is not None and g.guild_id != guild_id:
                    continue
                if guild_id is None and (
                    not g.digest_enabled or g.digest_weekday != weekday or g.digest_hour != hour
                ):
                    continue
                await self.store.alerts.enqueue(
                    conn,
                    guild_id=g.guild_id,
                    channel_id=g.alert_channel_id or 0,
                    kind="digest",
                    now=now,
                    payload={"post_empty": g.digest_post_empty or guild_id is not None},
                )
                queued += 1
        return queued

    # -- writing statuses -------------------------------------------------------------------

    async def update(
        self, text: str, status: str, note: str, source: str | None, actor: Actor
    ) -> StatusChange | StatusEdit:
        """Record a status change; the current status again is an edit of its note or source
        (``StatusEdit``), and refused (``UserError``) when neither differs."""
        country = countries.resolve_or_raise(text)
        new = parse_status(status)
        note = check_note(note)
        source = check_source(source)
        now = self.clock()
        current = await self.store.countries.get(country.iso2)
        if (current.status if current else "unknown") == new.value:
            return await self._edit(country.iso2, new.value, note, source, actor, now)
        async with self.store.transaction() as conn:
            change = await self.store.countries.record(
                conn,
                NewChange(
                    iso2=country.iso2,
                    new_status=new.value,
                    note=note,
                    source=source,
                    kind="update",
                    actor=actor.id,
                    actor_name=actor.name,
                    guild_id=actor.guild_id,
                ),
                now,
            )
            await self._audit(
                conn, actor, "status.update", country.iso2, now, {"status": new.value}
            )
            await self._announce(conn, change, now)
        log.info("%s set %s to %s", actor.id, country.iso2, new.value)
        return change

    async def _edit(
        self, iso2: str, status: str, note: str, source: str | None, actor: Actor, now: datetime
    ) -> StatusEdit:
        async with self.store.transaction() as conn:
            row = await self.store.countries.current(conn, iso2)
            if row is None or row.status != status:
                raise UserError("The status changed a moment ago; look at it and try again.")
            if note == row.summary and (source is None or source == row.source):
                raise UserError(
                    already(iso2, status)[:-1] + " with that note and source. To change the "
                    "status, choose another one; to correct the note or source, give new ones."
                )
            await self.store.countries.edit_note(conn, iso2, note, source, actor.id, now)
            await self._audit(
                conn,
                actor,
                "status.edit",
                iso2,
                now,
                {
                    "status": status,
                    "note": note,
                    "source": source,
                    "old_note": row.summary,
                    "old_source": row.source,
                },
            )
        log.info("%s edited the note/source of %s (%s)", actor.id, iso2, status)
        return StatusEdit(iso2, status, note, source or row.source)

    async def revert(self, text: str, actor: Actor, note: str | None = None) -> StatusChange:
        country = countries.resolve_or_raise(text)
        now = self.clock()
        async with self.store.transaction() as conn:
            target = await self.store.countries.restore_point(conn, country.iso2)
            if target is None or target.kind == "seed":
                raise UserError(
                    f"{country.name} has no change to undo; its status is still the baseline."
                )
            before = await self.store.countries.previous_state(conn, country.iso2, target.id)
            change = await self.store.countries.record(
                conn,
                NewChange(
                    iso2=country.iso2,
                    new_status=target.old_status,
                    note=note or f"Reverted change #{target.id} ({target.new_status})",
                    source=before.source if before else None,
                    kind="revert",
                    actor=actor.id,
                    actor_name=actor.name,
                    guild_id=actor.guild_id,
                    since=before.since if before else None,
                    summary=before.summary if before else "",
                    reverts_id=target.id,
                ),
                now,
            )
            detail = {"change": target.id}
            await self._audit(conn, actor, "status.revert", country.iso2, now, detail)
            await self._announce(conn, change, now)
        return change

    async def decide_proposal(
        self, proposal_id: int, apply: bool, actor: Actor
    ) -> tuple[ProposalRow, StatusChange | None]:
        proposal = await self._pending(proposal_id)
        story = await self.store.news.story(proposal.story_id)
        articles = await self.store.news.articles_of(proposal.story_id)
        # Only a well-formed link from the feed may become the status's source.
        links = [a.link for a in articles] + [story.link if story else None]
        source = next((link for link in links if safe_link(link)), None)
        since = None  # a news story's change dates from when it is applied
        if story and story.signature.startswith(BASELINE_SIGNATURE) and story.published_at:
            since = story.published_at.date().isoformat()  # a baseline entry's decision date
        now = self.clock()
        change: StatusChange | None = None
        current = await self.store.countries.get(proposal.iso2)
        if apply and (current.status if current else "unknown") == proposal.status:
            raise UserError(
                already(proposal.iso2, proposal.status)[:-1]
                + " from this news. Dismiss the proposal instead."
            )
        async with self.store.transaction() as conn:
            if apply:
                title = clean_text(story.title) if story else "a news story"
                change = await self.store.countries.record(
                    conn,
                    NewChange(
                        iso2=proposal.iso2,
                        new_status=proposal.status,
                        note=f"Applied from the news: {title}"[:MAX_NOTE],
                        source=source,
                        kind="proposal",
                        actor=actor.id,
                        actor_name=actor.name,
                        guild_id=actor.guild_id,
                        since=since,
                        summary=title,
                    ),
                    now,
                )
            decided = await self.store.news.decide(
                conn,
                proposal_id,
                "applied" if apply else "dismissed",
                actor.name or actor.id,
                now,
                change.id if change else None,
            )
            if not decided:
                raise UserError("That proposed change was decided a moment ago by someone else.")
            await self.store.audit.log(
                conn,
                actor=actor.id,
                actor_name=actor.name,
                guild_id=actor.guild_id,
                action="proposal.apply" if apply else "proposal.dismiss",
                target=proposal.iso2,
                now=now,
                detail={"proposal": proposal_id, "status": proposal.status},
            )
            if change is not None:
                await self._announce(conn, change, now)
            await self.store.alerts.flag_story_edit(conn, proposal.story_id)
        updated = await self.store.news.proposal(proposal_id)
        assert updated is not None
        return updated, change

    async def _pending(self, proposal_id: int) -> ProposalRow:
        """A proposal that still waits for a decision, or a sentence saying why not."""
        proposal = await self.store.news.proposal(proposal_id)
        if proposal is None:
            raise UserError("That proposed change no longer exists.")
        if proposal.state != "pending":
            who = proposal.decided_by or "someone"
            raise UserError(f"That proposed change was already {proposal.state} by {who}.")
        return proposal

    async def pending_proposal(self, proposal_id: int) -> PendingProposal:
        """One proposal still waiting for a moderator, with its story; a sentence if it was
        decided or no longer exists."""
        proposal = await self._pending(proposal_id)
        story = await self.store.news.story(proposal.story_id)
        current = await self.store.countries.get(proposal.iso2)
        return PendingProposal(
            proposal,
            story.title if story else "a news story",
            story.link if story else None,
            current.status if current else "unknown",
        )

    async def pending_proposals(self) -> list[PendingProposal]:
        """The proposals waiting for a moderator, oldest first (expired ones are closed
        first: ``expire_proposals``)."""
        await self.expire_proposals()
        current = {c.iso2: c.status for c in await self.store.countries.all()}
        out: list[PendingProposal] = []
        for p in await self.store.news.pending_proposals():
            story = await self.store.news.story(p.story_id)
            out.append(
                PendingProposal(
                    p,
                    story.title if story else "a news story",
                    story.link if story else None,
                    current.get(p.iso2, "unknown"),
                )
            )
        return out

    async def expire_proposals(self) -> int:
        """Close the pending proposals older than ``[alerts] proposal_max_age_days`` as
        dismissed by "expiry", each with an audit entry (``proposal.expire``); how many."""
        now = self.clock()
        cutoff = now - timedelta(days=self.config.alerts.proposal_max_age_days)
        expired = 0
        async with self.store.transaction() as conn:
            for p in await self.store.news.pending_before(conn, cutoff):
                if not await self.store.news.decide(conn, p.id, "dismissed", EXPIRY, now):
                    continue
                expired += 1
                await self.store.audit.log(
                    conn,
                    actor="expiry",
                    actor_name=EXPIRY,
                    guild_id=None,
                    action="proposal.expire",
                    target=p.iso2,
                    now=now,
                    detail={
                        "proposal": p.id,
                        "status": p.status,
                        "story": p.story_id,
                        "note": f"no moderator acted on it within "
                        f"{self.config.alerts.proposal_max_age_days} days",
                    },
                )
                await self.store.alerts.flag_story_edit(conn, p.story_id)
        if expired:
            log.info("%d proposed status changes expired unanswered", expired)
        return expired

    async def _announce(self, conn: Any, change: StatusChange, now: datetime) -> None:
        """Queue the change for every guild's alert channel, in the caller's transaction."""
        await self.store.alerts.fan_out(
            conn,
            kind="status_change",
            now=now,
            payload={"change_id": change.id},
            countries=frozenset({change.iso2}),
        )

    # -- feeds ------------------------------------------------------------------------------

    async def _new_feed_url(self, url: str) -> str:
        """The URL as it will be stored (normalised), refused when already followed in any
        spelling (scheme/host case, default port, a trailing ``?``, a fragment)."""
        url = normalise_feed_url(
            valid_feed_url(url, allow_private=self.config.polling.allow_private_addresses)
        )
        for feed in await self.store.feeds.all():
            if normalise_feed_url(feed.url) == url:
                raise UserError(f"That feed is already followed as #{feed.id} '{feed.label}'.")
        return url

    async def add_feed(self, url: str, name: str | None, actor: Actor, origin: str) -> FeedRow:
        """Follow a feed without fetching it (see ``follow_feed`` for the checked way)."""
        url = await self._new_feed_url(url)
        name = " ".join((name or "").split())[:MAX_NAME]
        now = self.clock()
        async with self.store.transaction() as conn:
            feed = await self.store.feeds.add(conn, url, name, origin, actor.id, now)
            await self._audit(conn, actor, "feed.add", url, now, {"name": name})
        return feed

    async def follow_feed(
        self, url: str, name: str | None, actor: Actor, origin: str
    ) -> tuple[FeedRow, FeedCheck]:
        """Fetch the feed once through the guarded fetcher, refuse what is not a working feed
        (with the reason), follow the feed a web page names, then add it."""
        if self.checker is None:
            raise UserError("Feeds cannot be checked here (no network access configured).")
        url = await self._new_feed_url(url)  # a duplicate is refused before any fetch
        check = await self.checker.check(url)
        feed = await self.add_feed(check.url, name or check.title, actor, origin)
        return feed, check

    async def find_feed(self, text: str) -> FeedRow:
        """A followed feed by what ``/feeds list`` shows: ``#2`` or ``2``, its name, or its URL
        in any spelling."""
        text = text.strip()
        feeds = await self.store.feeds.all()
        number = text.removeprefix("#").strip()
        try:
            normalised: str | None = normalise_feed_url(text)
        except ValueError:
            normalised = None
        for feed in feeds:
            if (
                text == feed.url
                or number == str(feed.id)
                or text.casefold() == feed.name.casefold()
            ):
                return feed
        for feed in feeds:
            if normalised is not None and normalise_feed_url(feed.url) == normalised:
                return feed
        raise UserError(
            f"No followed feed matches '{text[:100]}'. Give its number as /feeds list shows it "
            "(#2), its name or its address."
        )

    async def remove_feed(self, text: str, actor: Actor) -> FeedRow:
        feed = await self.find_feed(text)
        now = self.clock()
        async with self.store.transaction() as conn:
            await self.store.feeds.remove(conn, feed.id)
            await self._audit(conn, actor, "feed.remove", feed.url, now)
        return feed

    async def pause_feed(self, text: str, paused: bool, actor: Actor) -> FeedRow:
        feed = await self.find_feed(text)
        now = self.clock()
        async with self.store.transaction() as conn:
            await self.store.feeds.set_paused(conn, feed.id, paused)
            if not paused and feed.disabled:
                await self.store.feeds.enable(conn, feed.id)
            action = "feed.pause" if paused else "feed.resume"
            await self._audit(conn, actor, action, feed.url, now)
        updated = await self.store.feeds.get(feed.id)
        assert updated is not None
        return updated

    async def feeds(self) -> list[FeedRow]:
        """The followed feeds (paused and disabled included), in the order /feeds list shows."""
        return await self.store.feeds.all()

    async def overview(self) -> Overview:
        articles, stories = await self.store.news.counts()
        last_poll = await self.store.meta.get("last_poll_at")
        return Overview(
            feeds=await self.store.feeds.counts(),
            articles=articles,
            stories=stories,
            countries=len(await self.store.countries.all()),
            last_poll=datetime.fromisoformat(last_poll) if last_poll else None,
        )

    async def audit_log(self, limit: int) -> list[AuditEntry]:
        return await self.store.audit.recent(limit)

    # -- alert routing ----------------------------------------------------------------------

    async def alert_settings(self, guild_id: int) -> GuildSettings:
        return await self.store.alerts.settings(guild_id)

    async def queue_test_alert(self, guild_id: int) -> int:
        """Queue a sample alert for the guild's alert channel; return that channel's id."""
        settings = await self.store.alerts.settings(guild_id)
        if not settings.alert_channel_id:
            raise UserError("Choose a channel first with /alerts channel.")
        async with self.store.transaction() as conn:
            await self.store.alerts.enqueue(
                conn,
                guild_id=guild_id,
                channel_id=settings.alert_channel_id,
                kind="test",
                now=self.clock(),
            )
        return settings.alert_channel_id

    async def configure_alerts(self, guild_id: int, actor: Actor, **fields: Any) -> GuildSettings:
        now = self.clock()
        async with self.store.transaction() as conn:
            await self.store.alerts.update_settings(conn, guild_id, actor.id, now, **fields)
            await self._audit(conn, actor, "alerts.set", str(guild_id), now, fields)
        return await self.store.alerts.settings(guild_id)

    async def _audit(
        self,
        conn: Any,
        actor: Actor,
        action: str,
        target: str,
        now: datetime,
        detail: dict[str, Any] | None = None,
    ) -> None:
        await self.store.audit.log(
            conn,
            actor=actor.id,
            actor_name=actor.name,
            guild_id=actor.guild_id,
            action=action,
            target=target,
            now=now,
            detail=detail,
        )
