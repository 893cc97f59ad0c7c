"""The one place that builds the discord.py client and wires the core into it."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import signal
from collections.abc import Sequence
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.config import Config
from bot.dispatch import Dispatcher
from bot.errors import PermissionDenied, UserError
from bot.permissions import HOME_GUILD_KEY, WriteLimiter, refusal
from bot.runtime import Runtime, open_runtime, warm_up
from bot.scheduler import Jobs
from bot.services import Actor
from bot.views import (
    BUG,
    DeadlineTree,
    ProposalButton,
    ProposalSelect,
    failure_sentence,
    tell_privately,
)
from storage.lock import instance_lock

log = logging.getLogger(__name__)

# The cogs, loaded by name as extensions (each module has ``async def setup(bot)``): the bot core
# never imports a cog, so imports run one way (cogs -> bot -> storage).
EXTENSIONS = ("cogs.status", "cogs.news", "cogs.moderation", "cogs.admin", "cogs.audit")


def apply_overrides(config: Config) -> None:
    """Point discord.py at another REST base / gateway (an HTTP proxy, or the test fake)."""
    if config.discord.api_base:
        discord.http.Route.BASE = config.discord.api_base.rstrip("/")
    if config.discord.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(config.discord.gateway_url)


# How often a process that does not poll tries to take the leader lock (PostgreSQL): when the
# polling process dies, another one takes over within this many seconds.
LEAD_EVERY_SECONDS = 5.0


class PolicyWatchBot(commands.Bot):
    def __init__(self, rt: Runtime, *, guild_ready_timeout: float = 2.0) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        shards: dict[str, Any] = {}
        if rt.config.discord.shard_count is not None:
            # Only AutoShardedBot (ShardedPolicyWatchBot) reads these.
            shards["shard_count"] = rt.config.discord.shard_count
            shards["shard_ids"] = list(rt.config.discord.shard_ids) or None
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            guild_ready_timeout=guild_ready_timeout,
            tree_cls=DeadlineTree,
            **shards,
        )
        self.rt = rt
        self.config = rt.config
        self.store = rt.store
        self.services = rt.services
        self.pipeline = rt.pipeline
        self.clock = rt.clock
        self.started_at = rt.clock()
        # One process polls feeds, drains the outbox and queues digests: always this one on
        # SQLite; on PostgreSQL whichever holds the leader lock (the others keep trying).
        self.leadership = rt.store.leadership()
        self.leading = not rt.store.is_postgres
        self.dispatcher = Dispatcher(self, rt.store, rt.services, rt.clock, rt.config.alerts)
        self.jobs = Jobs(
            rt.config,
            rt.clock,
            self._poll,
            self.dispatcher.drain,
            self._digest,
            lead=self._lead if rt.store.is_postgres else None,
            lead_every=LEAD_EVERY_SECONDS,
        )
        self._owner_ids: set[int] = set()
        self.synced: bool | None = None
        self.home_guild_id: int | None = None
        moderation = rt.config.moderation
        self.write_limiter = WriteLimiter(
            moderation.write_limit, moderation.write_window_minutes * 60
        )

    # -- start-up ---------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        for name in EXTENSIONS:
            if name not in self.extensions:  # a login retried after a network failure
                await self.load_extension(name)
        home = await self.store.meta.get(HOME_GUILD_KEY)
        self.home_guild_id = int(home) if home and home.isdigit() else None
        self.add_dynamic_items(ProposalButton, ProposalSelect)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        info = await self.application_info()
        self._owner_ids = {info.owner.id}
        if info.team:
            self._owner_ids |= {m.id for m in info.team.members}
        await self.sync_commands()
        await warm_up(self.rt)
        self.jobs.start()

    def command_hash(self) -> str:
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands()]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    async def sync_commands(self) -> bool:
        """Sync only when the command tree changed since the last sync (kept as a hash)."""
        digest = self.command_hash()
        guild_ids = self.config.discord.sync_guild_ids
        scope = ",".join(map(str, guild_ids)) or "global"
        key = f"command_hash:{scope}"
        if await self.store.meta.get(key) == digest:
            log.info("Commands unchanged since the last sync; not syncing")
            self.synced = False
            return False
        if guild_ids:
            for gid in guild_ids:
                guild = discord.Object(gid)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()
        await self.store.meta.set(key, digest)
        log.info("Synced %d commands (%s)", len(self.tree.get_commands()), scope)
        self.synced = True
        return True

    async def on_ready(self) -> None:
        log.info("Connected as %s to %d servers", self.user, len(self.guilds))
        await self._record_home(self.guilds)
        self.dispatcher.kick()

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._record_home([guild])

    async def _record_home(self, guilds: Sequence[discord.Guild]) -> None:
        """Remember the first server the bot was installed in: with ``[moderation] guild_ids``
        empty, it is the one server (with the application owner) that may change data."""
        if self.home_guild_id is not None or not guilds:
            return

        def joined(g: discord.Guild) -> tuple[float, int]:
            me = g.me
            at = me.joined_at if me is not None else None
            return (at.timestamp() if at else float("inf"), g.id)

        first = min(guilds, key=joined)
        self.home_guild_id = first.id
        await self.store.meta.set(HOME_GUILD_KEY, str(first.id))
        if not self.config.moderation.guild_ids:
            log.warning(
                "Home server recorded: %s (%d). Only it (and the application owner) may change "
                "statuses and feeds; list servers in [moderation] guild_ids to change that.",
                first.name,
                first.id,
            )

    async def close(self) -> None:
        self.jobs.shutdown()
        await self.dispatcher.close()
        await self.leadership.close()
        await super().close()

    # -- jobs -------------------------------------------------------------------------------

    async def _lead(self) -> None:
        was = self.leading
        self.leading = await self.leadership.try_lead()
        if self.leading and not was:
            log.info("Took the leader lock: this process now polls feeds and sends alerts")
            self.jobs.run_soon("poll", "drain")
        elif was and not self.leading:
            log.warning("Lost the leader lock: another process polls feeds and sends alerts")

    async def _poll(self) -> None:
        if not self.leading:
            return
        report = await self.pipeline.run_cycle()
        if report.alerts_queued or report.disabled:
            self.dispatcher.kick()

    async def _digest(self, weekday: int, hour: int) -> None:
        if not self.leading:
            return
        expired = await self.services.expire_proposals()  # hourly, with the digest check
        if await self.services.queue_digests(weekday, hour) or expired:
            self.dispatcher.kick()

    # -- helpers for cogs -------------------------------------------------------------------

    def actor(self, interaction: discord.Interaction[Any]) -> Actor:
        return Actor(
            f"discord:{interaction.user.id}",
            interaction.user.display_name,
            interaction.guild_id,
        )

    async def require_moderator(
        self, interaction: discord.Interaction[Any], *, count: bool = True
    ) -> None:
        """Raise PermissionDenied unless the member may write; ``count`` counts one write
        against the per-moderator limit (not for autocomplete or read-only commands)."""
        member = interaction.user
        roles = [r.id for r in getattr(member, "roles", [])]
        reason = refusal(
            guild_id=interaction.guild_id,
            user_id=member.id,
            manage_guild=interaction.permissions.manage_guild,
            role_ids=roles,
            owner_ids=self._owner_ids,
            moderation=self.config.moderation,
            home_guild_id=self.home_guild_id,
            shared=not _own_server_only(interaction),
        )
        if reason is None and count and not _reads_only(interaction):
            reason = self.write_limiter.refusal(member.id)
        if reason:
            raise PermissionDenied(reason)

    def guild_label(self, guild_id: int | None) -> str | None:
        """A server's name (or id) for announcements that came from another server."""
        if guild_id is None:
            return None
        guild = self.get_guild(guild_id)
        return guild.name if guild is not None else f"server {guild_id}"

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """Every failure becomes one ephemeral sentence; tracebacks go to the log only."""
        original = getattr(error, "original", error)
        # An argument a transformer refused (an unknown country) carries its sentence as cause.
        domain = failure_sentence(original) or (
            failure_sentence(error.__cause__) if error.__cause__ is not None else None
        )
        if domain is not None:
            text = domain
        elif isinstance(error, app_commands.CheckFailure) and isinstance(
            error.__cause__, UserError
        ):
            text = error.__cause__.message
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = "This command only works in a server."
        elif isinstance(error, app_commands.MissingPermissions):
            text = "You need the Manage Server permission for this."
        elif isinstance(error, app_commands.CommandOnCooldown):
            text = f"Slow down: try again in {error.retry_after:.0f} s."
        elif isinstance(original, discord.Forbidden):
            text = "Discord did not let me do that: check my permissions in this channel."
        else:
            log.error(
                "Command %s failed",
                interaction.command.qualified_name if interaction.command else "?",
                exc_info=original,
            )
            text = BUG
        await tell_privately(interaction, text)


# Moderator commands not counted against the per-moderator write limit: those that only read,
# and those that only configure the moderator's own server (alert routing, its digest). What
# is counted changes the shared data: statuses (/update, /revert, Apply/Dismiss) and feeds.
UNCOUNTED_COMMANDS = frozenset({"feeds list", "audit"})
UNCOUNTED_GROUPS = ("alerts", "digest")


def _command_name(interaction: discord.Interaction[Any]) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else ""


def _own_server_only(interaction: discord.Interaction[Any]) -> bool:
    """Commands that configure only the member's own server (any server's moderators may)."""
    return _command_name(interaction).split(" ")[0] in UNCOUNTED_GROUPS


def _reads_only(interaction: discord.Interaction[Any]) -> bool:
    name = _command_name(interaction)
    return name in UNCOUNTED_COMMANDS or _own_server_only(interaction)


class ShardedPolicyWatchBot(PolicyWatchBot, commands.AutoShardedBot):
    """The bot holding the shards ``[discord] shard_ids`` of ``shard_count`` (several
    processes share one bot: each holds some shards and answers its own servers)."""


def make_bot(rt: Runtime) -> PolicyWatchBot:
    if rt.config.discord.shard_count is not None:
        return ShardedPolicyWatchBot(rt)
    return PolicyWatchBot(rt)


def run(config: Config) -> int:
    """``python -m bot run``: start, and stop cleanly on SIGINT/SIGTERM."""
    apply_overrides(config)
    return asyncio.run(_main(config))


async def _main(config: Config) -> int:
    assert config.discord.token
    # One process per SQLite file; on PostgreSQL several processes share the database (the
    # leader lock decides which one polls and sends).
    lock = contextlib.nullcontext() if config.uses_postgres else instance_lock(config.db_path)
    with lock:
        async with open_runtime(config) as rt:
            return await _serve(make_bot(rt), config.discord.token)


async def _serve(bot: PolicyWatchBot, token: str) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    stopper = asyncio.create_task(stop.wait())
    runner: asyncio.Task[None] | None = None
    try:
        if not await _login(bot, token, stop):
            return 0  # asked to stop while Discord was unreachable
        runner = asyncio.create_task(bot.connect())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            runner.result()
    except discord.LoginFailure:
        log.error("Discord rejected the token: check DISCORD_TOKEN (Bot tab of the portal).")
        return 2
    except discord.PrivilegedIntentsRequired:
        log.error("Discord refused the intents the bot asked for.")
        return 2
    finally:
        log.info("Shutting down")
        stopper.cancel()
        await bot.close()
        if runner is not None and not runner.done():
            runner.cancel()
    return 0


LOGIN_RETRY_MAX = 300.0


async def _login(bot: PolicyWatchBot, token: str, stop: asyncio.Event) -> bool:
    """Log in, retrying with back-off while Discord cannot be reached (no network yet at
    boot, an outage). False when asked to stop meanwhile."""
    delay = 5.0
    while True:
        try:
            await bot.login(token)
            return True
        except (aiohttp.ClientError, OSError, TimeoutError, discord.DiscordServerError) as exc:
            reason = str(exc) or type(exc).__name__
            log.warning("Cannot reach Discord (%s); retrying in %.0f s", reason, delay)
        try:
            await asyncio.wait_for(stop.wait(), delay)
            return False
        except TimeoutError:
            delay = min(delay * 2, LOGIN_RETRY_MAX)
