"""What people can ask of and do to the bot, as plain async Python (no discord import).

The cogs and the CLI both call these; every write records who did it, when and why.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from bot import countries
from bot.clock import Clock
from bot.config import Config
from bot.countries import Country
from bot.errors import UserError
from bot.news.netguard import check_url
from bot.status import ORDER, Status, parse_status
from bot.textsafe import clean_text, safe_link
from storage.models import (
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


@dataclass(frozen=True, slots=True)
class CountryView:
    country: Country
    status: Status
    row: CountryRow | None
    history: list[StatusChange]

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
class WeeklyDigest:
    since: datetime
    until: datetime
    changes: list[StatusChange]
    stories: list[StoryRow]
    failing_feeds: list[FeedRow]

    @property
    def empty(self) -> bool:
        return not (self.changes or self.stories)


class Services:
    def __init__(self, store: Store, config: Config, clock: Clock) -> None:
        self.store = store
        self.config = config
        self.clock = clock

    # -- baseline ---------------------------------------------------------------------------

    async def seed(self) -> int:
        """Load the shipped baseline for countries with no history yet; return how many."""
        data = json.loads(resources.files("bot.data").joinpath("baseline.json").read_text("utf-8"))
        now = self.clock()
        loaded = 0
        async with self.store.transaction() as conn:
            for entry in data:
                async with conn.execute(
                    "SELECT 1 FROM status_changes WHERE iso2 = ? LIMIT 1", (entry["iso2"],)
                ) as cur:
                    if await cur.fetchone():
                        continue
                await self.store.countries.record(
                    conn,
                    NewChange(
                        iso2=entry["iso2"],
                        new_status=parse_status(entry["status"]).value,
                        note="Baseline from public reporting",
                        source=entry.get("source"),
                        kind="seed",
                        actor="seed",
                        actor_name="baseline",
                        since=entry.get("since"),
                        summary=entry.get("summary", ""),
                    ),
                    now,
                )
                loaded += 1
        if loaded:
            log.info("Loaded the baseline status of %d countries", loaded)
        return loaded

    # -- reading ----------------------------------------------------------------------------

    async def country_status(self, text: str, history: int | None = 3) -> CountryView:
        country = countries.resolve_or_raise(text)
        row = await self.store.countries.get(country.iso2)
        changes = await self.store.countries.history(country.iso2, history)
        status = Status(row.status) if row else Status.UNKNOWN
        return CountryView(country, status, row, changes)

    async def table(self) -> dict[str, Status]:
        """Every country's current status (known ones only)."""
        return {r.iso2: Status(r.status) for r in await self.store.countries.all()}

    async def grouped(self, only: Status | None = None) -> dict[Status, list[CountryRow]]:
        groups: dict[Status, list[CountryRow]] = defaultdict(list)
        for row in await self.store.countries.all():
            status = Status(row.status)
            if only is None or status == only:
                groups[status].append(row)
        for rows in groups.values():
            rows.sort(key=lambda r: countries.get(r.iso2).name)
        return {s: groups[s] for s in ORDER if groups.get(s)}

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
    ) -> StatusChange:
        country = countries.resolve_or_raise(text)
        new = parse_status(status)
        note = check_note(note)
        source = check_source(source)
        now = self.clock()
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
        proposal = await self.store.news.proposal(proposal_id)
        if proposal is None:
            raise UserError("That proposed change no longer exists.")
        if proposal.state != "pending":
            who = proposal.decided_by or "someone"
            raise UserError(f"That proposed change was already {proposal.state} by {who}.")
        story = await self.store.news.story(proposal.story_id)
        articles = await self.store.news.articles_of(proposal.story_id)
        # Only a well-formed link from the feed may become the status's source.
        links = [a.link for a in articles] + [story.link if story else None]
        source = next((link for link in links if safe_link(link)), None)
        now = self.clock()
        change: StatusChange | None = None
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

    async def add_feed(self, url: str, name: str | None, actor: Actor, origin: str) -> FeedRow:
        url = check_url(url, allow_private=self.config.polling.allow_private_addresses)
        name = " ".join((name or "").split())[:MAX_NAME]
        existing = await self.store.feeds.by_url(url)
        if existing is not None:
            raise UserError(f"That feed is already followed as '{existing.label}'.")
        now = self.clock()
        async with self.store.transaction() as conn:
            feed = await self.store.feeds.add(conn, url, name, origin, actor.id, now)
            await self._audit(conn, actor, "feed.add", url, now, {"name": name})
        return feed

    async def find_feed(self, text: str) -> FeedRow:
        text = text.strip()
        feeds = await self.store.feeds.all()
        for feed in feeds:
            if text in (feed.url, str(feed.id)) or text.casefold() == feed.name.casefold():
                return feed
        raise UserError(f"No followed feed matches '{text[:100]}'. See the list of feeds.")

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

    # -- alert routing ----------------------------------------------------------------------

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
