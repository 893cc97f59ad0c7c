"""The one place that builds the discord.py client and wires the core into it."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import signal
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.config import Config
from bot.dispatch import Dispatcher
from bot.errors import PermissionDenied, UserError
from bot.permissions import refusal
from bot.runtime import Runtime, open_runtime, warm_up
from bot.scheduler import Jobs
from bot.services import Actor
from bot.views import ProposalButton, ProposalSelect

log = logging.getLogger(__name__)

# The cogs, loaded by name as extensions (each module has ``async def setup(bot)``): the bot core
# never imports a cog, so imports run one way (cogs -> bot -> storage).
EXTENSIONS = ("cogs.status", "cogs.news", "cogs.moderation", "cogs.admin")


def apply_overrides(config: Config) -> None:
    """Point discord.py at another REST base / gateway (an HTTP proxy, or the test fake)."""
    if config.discord.api_base:
        discord.http.Route.BASE = config.discord.api_base.rstrip("/")
    if config.discord.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(config.discord.gateway_url)


class PolicyWatchBot(commands.Bot):
    def __init__(self, rt: Runtime, *, guild_ready_timeout: float = 2.0) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            guild_ready_timeout=guild_ready_timeout,
        )
        self.rt = rt
        self.config = rt.config
        self.store = rt.store
        self.services = rt.services
        self.pipeline = rt.pipeline
        self.clock = rt.clock
        self.started_at = rt.clock()
        self.dispatcher = Dispatcher(self)
        self.jobs = Jobs(
            rt.config,
            rt.clock,
            self._poll,
            self.dispatcher.drain,
            self._digest,
        )
        self._owner_ids: set[int] = set()
        self.synced: bool | None = None

    # -- start-up ---------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        for name in EXTENSIONS:
            await self.load_extension(name)
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
        self.dispatcher.kick()

    async def close(self) -> None:
        self.jobs.shutdown()
        await self.dispatcher.close()
        await super().close()

    # -- jobs -------------------------------------------------------------------------------

    async def _poll(self) -> None:
        report = await self.pipeline.run_cycle()
        if report.alerts_queued or report.disabled:
            self.dispatcher.kick()

    async def _digest(self, weekday: int, hour: int) -> None:
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

    async def require_moderator(self, interaction: discord.Interaction[Any]) -> None:
        member = interaction.user
        roles = [r.id for r in getattr(member, "roles", [])]
        reason = refusal(
            guild_id=interaction.guild_id,
            user_id=member.id,
            manage_guild=interaction.permissions.manage_guild,
            role_ids=roles,
            owner_ids=self._owner_ids,
            moderation=self.config.moderation,
        )
        if reason:
            raise PermissionDenied(reason)

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """Every failure becomes one ephemeral sentence; tracebacks go to the log only."""
        original = getattr(error, "original", error)
        if isinstance(original, UserError):
            text = original.message
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
            text = "Something went wrong on my side. It has been logged; please try again."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("Could not tell the user about an error: %s", text)


def run(config: Config) -> int:
    """``python -m bot run``: start, and stop cleanly on SIGINT/SIGTERM."""
    apply_overrides(config)
    return asyncio.run(_main(config))


async def _main(config: Config) -> int:
    assert config.discord.token
    async with open_runtime(config) as rt:
        bot = PolicyWatchBot(rt)
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        runner = asyncio.create_task(bot.start(config.discord.token))
        stopper = asyncio.create_task(stop.wait())
        try:
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
            if not runner.done():
                runner.cancel()
    return 0
