"""Drains the outbox into Discord: one post per story per guild, never twice, never lost.

A row is marked sent only after Discord answered with the message. Server errors and timeouts
are retried with back-off; a channel Discord refuses (403/404) fails its rows with the reason
and its guild's admins are told once. Posting is paced per channel and globally, below
Discord's limits, so a burst drains without provoking 429s.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
from collections import defaultdict, deque
from datetime import timedelta
from typing import Any, Protocol

import aiohttp
import discord

from bot import countries, render
from bot.clock import Clock
from bot.config import AlertsConfig
from bot.services import Services
from bot.views import proposal_view, test_view
from storage.db import StorageError
from storage.models import OutboxRow
from storage.store import Store

log = logging.getLogger(__name__)


class Pacer:
    """At most ``count`` sends per ``per`` seconds for one key (a channel, or everything),
    spread evenly: a window that refills all at once lets a burst straddle Discord's own
    window and provoke 429s."""

    def __init__(self, count: int, per: float) -> None:
        self.count = count
        self.per = per
        self._times: dict[object, deque[float]] = defaultdict(deque)
        self._locks: dict[object, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def wait(self, key: object) -> None:
        async with self._locks[key]:
            times = self._times[key]
            now = time.monotonic()
            while times and now - times[0] >= self.per:
                times.popleft()
            delay = 0.0
            if len(times) >= self.count:
                delay = self.per - (now - times[0]) + 0.01
            if times:
                delay = max(delay, times[-1] + self.per / self.count - now)
            if delay > 0:
                await asyncio.sleep(delay)
            if len(times) >= self.count:
                times.popleft()
            times.append(time.monotonic())


MAX_RETRY_DELAY = timedelta(hours=1)
MARK_SENT_ATTEMPTS = 8  # about a minute of retries


def post_nonce(row_id: int) -> str:
    """The nonce of an outbox row's message (Discord allows 25 characters)."""
    return f"pw-outbox-{row_id}"


class DiscordSide(Protocol):
    """What the dispatcher needs of the Discord client: whether it may send now (connected,
    and this process leads), and the channels, guilds and users it sends to."""

    leading: bool

    def is_ready(self) -> bool: ...

    def get_channel(self, id: int, /) -> Any: ...

    async def fetch_channel(self, channel_id: int, /) -> Any: ...

    def get_guild(self, id: int, /) -> discord.Guild | None: ...

    async def fetch_user(self, user_id: int, /) -> Any: ...

    def guild_label(self, guild_id: int | None) -> str | None: ...


class Permanent(Exception):
    """Discord refused the channel for good (missing access, deleted)."""


class Dispatcher:
    def __init__(
        self,
        discord_side: DiscordSide,
        store: Store,
        services: Services,
        clock: Clock,
        config: AlertsConfig,
    ) -> None:
        self.discord = discord_side
        self.store = store
        self.services = services
        self.clock = clock
        self.config = config
        self.channel_pacer = Pacer(5, 5.0)
        self.global_pacer = Pacer(45, 1.0)
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self.sent = 0
        # On PostgreSQL, outbox rows are claimed before they are sent, for ``claim_lease``:
        # two processes on one database never send the same post. (One process per SQLite
        # file: it reads what is due, as before.)
        self.owner = f"{socket.gethostname()}:{os.getpid()}" if store.is_postgres else "local"
        self.claim_lease = timedelta(seconds=60)

    def kick(self) -> None:
        """Drain soon, without waiting for the next scheduled run (after a command queued)."""
        task = asyncio.get_running_loop().create_task(self._drain_logged())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop the drains that commands started (before the store closes)."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _drain_logged(self) -> None:
        try:
            await self.drain()
        except Exception:
            log.exception("Draining the outbox failed; the next run retries")

    async def drain(self) -> int:
        """Send what is due; return how many rows were settled."""
        if not self.discord.is_ready() or not self.discord.leading:
            return 0
        async with self._lock:
            now = self.clock()
            # Retries wait an hour at most: a row planned later than that was planned by a
            # clock that has since stepped back.
            if await self.store.alerts.pull_back(now, now + MAX_RETRY_DELAY * 2):
                log.warning("The clock stepped back: posts planned too far ahead are due")
            if self.store.is_postgres:
                rows = await self.store.alerts.claim(self.owner, now, self.claim_lease, limit=500)
            else:  # one process per SQLite file (the instance lock): nobody to claim from
                rows = await self.store.alerts.due(now)
            settled = 0
            by_channel: dict[tuple[int, int], list[OutboxRow]] = defaultdict(list)
            for row in rows:
                by_channel[(row.guild_id, row.channel_id)].append(row)
            results = await asyncio.gather(
                *(self._drain_channel(key, batch) for key, batch in by_channel.items())
            )
            settled = sum(results)
            redrawn: set[int] = set()  # a digest's message is redrawn once for all its rows
            for row in await self.store.alerts.edits_due():
                if row.message_id is not None and row.message_id in redrawn:
                    await self.store.alerts.mark_edited(row.id)
                    continue
                await self._edit(row)
                if row.message_id is not None:
                    redrawn.add(row.message_id)
            return settled

    async def _drain_channel(self, key: tuple[int, int], rows: list[OutboxRow]) -> int:
        guild_id, channel_id = key
        stories = [r for r in rows if r.kind == "story"]
        others = [r for r in rows if r.kind != "story"]
        groups: list[list[OutboxRow]] = [[r] for r in others]
        if len(stories) > self.config.digest_threshold:
            groups.append(stories)  # one digest message instead of a flood
        else:
            groups.extend([r] for r in stories)
        groups.sort(key=lambda g: g[0].id)
        settled = 0
        for group in groups:
            try:
                await self._send(guild_id, channel_id, group)
                settled += len(group)
            except Permanent as exc:
                failed = await self.store.alerts.fail_channel(guild_id, channel_id, str(exc))
                await self._tell_admins(guild_id, channel_id, str(exc))
                return settled + failed
        return settled

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.discord.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.discord.fetch_channel(channel_id)
            except discord.NotFound as exc:
                raise Permanent("the alert channel no longer exists") from exc
            except discord.Forbidden as exc:
                raise Permanent("I cannot see the alert channel") from exc
        if not isinstance(channel, discord.abc.Messageable):
            raise Permanent("the alert channel is not a text channel")
        return channel

    async def _send(self, guild_id: int, channel_id: int, group: list[OutboxRow]) -> None:
        ids = [r.id for r in group]
        try:
            kwargs = await self._build(guild_id, group)
        except Exception:
            log.exception("Could not build outbox rows %s; giving them up", ids)
            await self.store.alerts.mark_failed(ids, "could not build the message")
            return
        if kwargs is None:  # nothing to say (e.g. an empty digest)
            await self.store.alerts.mark_sent(ids, None, self.clock())
            return
        await self.global_pacer.wait("global")
        await self.channel_pacer.wait(channel_id)
        try:
            channel = await self._channel(channel_id)
            # Discord's own de-duplication: a retry of this post (after a lost answer, a crash
            # before mark_sent) within minutes returns the message already made.
            message = await channel.send(**kwargs, nonce=post_nonce(ids[0]))
        except discord.Forbidden as exc:
            raise Permanent(f"I am not allowed to post in <#{channel_id}> ({exc.text})") from exc
        except discord.NotFound as exc:
            raise Permanent(f"the alert channel <#{channel_id}> no longer exists") from exc
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
            status = getattr(exc, "status", None)
            if isinstance(exc, discord.HTTPException) and status is not None and status < 500:
                log.error("Discord refused outbox rows %s: %s", ids, exc)
                await self.store.alerts.mark_failed(ids, f"Discord refused the post: {exc}")
                return
            await self._retry(group, f"{type(exc).__name__}: {exc}")
            return
        await self._mark_sent(ids, message.id)
        self.sent += 1

    async def _mark_sent(self, ids: list[int], message_id: int) -> None:
        """Record the post, retrying while the database is busy (another process holding a
        write lock): a row left unmarked would be posted again."""
        delay = 0.5
        for attempt in range(MARK_SENT_ATTEMPTS):
            try:
                await self.store.alerts.mark_sent(ids, message_id, self.clock())
                return
            except StorageError as exc:
                if attempt + 1 == MARK_SENT_ATTEMPTS:
                    raise
                log.warning("Recording posted rows %s failed (%s); retrying", ids, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _retry(self, group: list[OutboxRow], error: str) -> None:
        """Back off 5 s, 10 s, 20 s … (at most an hour) per row; past ``max_attempts`` give the
        row up and tell the guild's admins once, so a post is never dropped without a word."""
        now = self.clock()
        gave_up: list[OutboxRow] = []
        for row in group:
            if row.attempts + 1 >= self.config.max_attempts:
                await self.store.alerts.mark_failed([row.id], f"gave up: {error}")
                gave_up.append(row)
            else:
                delay = min(MAX_RETRY_DELAY, timedelta(seconds=5 * 2**row.attempts))
                await self.store.alerts.mark_retry(row.id, error, now + delay)
        if gave_up:
            first = gave_up[0]
            log.error(
                "Gave up outbox rows %s after %d attempts: %s",
                [r.id for r in gave_up],
                self.config.max_attempts,
                error,
            )
            await self._tell_admins(
                first.guild_id,
                first.channel_id,
                f"Discord kept failing ({error}) and I gave up on {len(gave_up)} post(s) in "
                f"<#{first.channel_id}> after {self.config.max_attempts} attempts",
                "Later alerts are tried as usual; /news shows the stories that were missed.",
            )
        else:
            log.warning("Posting failed (%s); will retry", error)

    async def _tell_admins(
        self, guild_id: int, channel_id: int, reason: str, advice: str | None = None
    ) -> None:
        key = f"notified:{guild_id}:{channel_id}"
        if await self.store.meta.get(key):
            return
        guild = self.discord.get_guild(guild_id)
        text = f"I could not post alerts: {reason}. " + (
            advice
            or "Give me View Channel, Send Messages and Embed Links there, or choose another "
            "channel with /alerts channel."
        )
        sent = False
        if guild is not None:
            for target in (guild.system_channel, guild.public_updates_channel):
                if target is not None and target.id != channel_id:
                    try:
                        await target.send(
                            embed=render.notice_embed("5G Policy Watch needs attention", text),
                            allowed_mentions=render.NO_MENTIONS,
                        )
                        sent = True
                        break
                    except discord.HTTPException:
                        continue
            if not sent and guild.owner_id:
                try:
                    owner = await self.discord.fetch_user(guild.owner_id)
                    await owner.send(f"In {guild.name}: {text}")
                    sent = True
                except discord.HTTPException:
                    pass
        log.warning("Alert channel %s in guild %s refused: %s", channel_id, guild_id, reason)
        await self.store.meta.set(key, "1")

    # -- building messages ------------------------------------------------------------------

    async def story_parts(
        self, story_id: int
    ) -> tuple[discord.Embed, discord.ui.View | None] | None:
        story = await self.store.news.story(story_id)
        if story is None:
            return None
        articles = await self.store.news.articles_of(story_id)
        proposals = await self.store.news.proposals_for(story_id)
        current = {c.iso2: c.status for c in await self.store.countries.all()}
        embed = render.story_embed(story, articles, proposals, current)
        names = {p.iso2: countries.get(p.iso2).name for p in proposals}
        return embed, proposal_view(proposals, names)

    async def digest_parts(
        self, story_ids: list[int]
    ) -> tuple[discord.Embed, discord.ui.View | None]:
        """A digest of several stories, carrying their pending proposals (buttons, or one
        select menu when many: ``proposal_view``)."""
        stories = [s for s in [await self.store.news.story(i) for i in story_ids] if s]
        proposals = [p for i in story_ids for p in await self.store.news.proposals_for(i)]
        names = {p.iso2: countries.get(p.iso2).name for p in proposals}
        return render.digest_embed(stories), proposal_view(proposals, names)

    async def story_message_for(
        self, message_id: int
    ) -> tuple[discord.Embed, discord.ui.View | None] | None:
        """The message as it is to look now: a story's post, or a digest of several."""
        story_ids = await self.store.alerts.stories_of_message(message_id)
        if not story_ids:
            return None
        if len(story_ids) > 1:
            return await self.digest_parts(story_ids)
        return await self.story_parts(story_ids[0])

    async def _build(self, guild_id: int, group: list[OutboxRow]) -> dict[str, Any] | None:
        row = group[0]
        payload = json.loads(row.payload or "{}")
        mentions = render.NO_MENTIONS
        if len(group) > 1:
            # The digest carries the proposals of its stories: none may vanish inside it.
            embed, view = await self.digest_parts([r.story_id for r in group if r.story_id])
            digest: dict[str, Any] = {"embed": embed, "allowed_mentions": mentions}
            if view is not None:
                digest["view"] = view
            return digest
        if row.kind == "story" and row.story_id is not None:
            parts = await self.story_parts(row.story_id)
            if parts is None:
                return None
            embed, view = parts
            kwargs: dict[str, Any] = {"embed": embed, "allowed_mentions": mentions}
            if view is not None:
                kwargs["view"] = view
            return kwargs
        if row.kind == "status_change":
            change = await self.store.countries.change(int(payload["change_id"]))
            if change is None:
                return None
            settings = await self.store.alerts.settings(guild_id)
            origin = (
                self.discord.guild_label(change.guild_id)
                if change.guild_id and change.guild_id != guild_id
                else None
            )
            kwargs = {"embed": render.change_embed(change, origin), "allowed_mentions": mentions}
            if settings.mention_role_id:
                role = discord.Object(settings.mention_role_id)
                kwargs["content"] = f"<@&{settings.mention_role_id}>"
                kwargs["allowed_mentions"] = discord.AllowedMentions(
                    everyone=False, users=False, roles=[role], replied_user=False
                )
            return kwargs
        if row.kind == "feed_disabled":
            outages = payload.get("feeds") or [payload]  # one row for a cycle's feeds
            return {"embed": render.feeds_disabled_embed(outages), "allowed_mentions": mentions}
        if row.kind == "digest":
            data = await self.services.digest(payload)
            if data is None:
                return None
            return {"embed": render.weekly_digest_embed(data), "allowed_mentions": mentions}
        if row.kind == "test":
            settings = await self.store.alerts.settings(guild_id)
            de = await self.store.countries.get("DE")
            embeds = render.test_alert_embeds(
                self.clock(), de.status if de else "unknown", settings.mention_role_id
            )
            return {
                "content": "Test alert: alerts from 5G Policy Watch will be posted in this "
                "channel. Below, samples of a story and of a status change (not real news).",
                "embeds": embeds,
                "view": test_view(),
                "allowed_mentions": mentions,
            }
        log.error("Unknown outbox kind %r (row %d)", row.kind, row.id)
        return None

    async def _edit(self, row: OutboxRow) -> None:
        if row.message_id is None or row.story_id is None:
            await self.store.alerts.mark_edited(row.id)
            return
        # A digest's rows share its message: it is redrawn whole, never as one story.
        parts = await self.story_message_for(row.message_id)
        try:
            channel = await self._channel(row.channel_id)
            if parts is not None and isinstance(channel, discord.TextChannel | discord.Thread):
                embed, view = parts
                await channel.get_partial_message(row.message_id).edit(embed=embed, view=view)
        except (Permanent, discord.NotFound, discord.Forbidden) as exc:
            log.info("Could not edit alert %d: %s", row.id, exc)
        except discord.HTTPException as exc:
            if exc.status >= 500 or exc.status == 429:
                log.warning("Editing alert %d failed, will retry: %s", row.id, exc)
                return
            log.warning("Discord refused to edit alert %d; giving up: %s", row.id, exc)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("Editing alert %d failed, will retry: %s", row.id, exc)
            return
        await self.store.alerts.mark_edited(row.id)
