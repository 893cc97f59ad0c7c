"""Recent news and the bot's own health: /news, /about."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__, render
from cogs.common import CountryArg

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    return f"{hours // 24} days"


class NewsCog(commands.Cog):
    def __init__(self, bot: PolicyWatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="news", description="The latest relevant stories")
    @app_commands.describe(country="Only stories about this country", limit="How many (1-25)")
    async def news(
        self,
        interaction: discord.Interaction[Any],
        country: CountryArg | None = None,
        limit: app_commands.Range[int, 1, 25] = 10,
    ) -> None:
        found, stories = await self.bot.services.news(country.iso2 if country else None, limit)
        await interaction.response.send_message(embed=render.news_embed(found, stories))

    def _writers(self) -> str:
        """Which servers may change statuses and feeds (see bot.permissions)."""
        listed = self.bot.config.moderation.guild_ids
        if listed:
            names = [self.bot.guild_label(g) or str(g) for g in listed]
            return render.safe(", ".join(names), 900) + " ([moderation] guild_ids)"
        home = self.bot.guild_label(self.bot.home_guild_id)
        where = f"the home server {render.safe(home, 100)}" if home else "the home server"
        return (
            f"{where} (the first server the bot was installed in) and the application owner; "
            "the operator can list others in [moderation] guild_ids"
        )

    @app_commands.command(name="about", description="Version, feeds and their health, polling")
    async def about(self, interaction: discord.Interaction[Any]) -> None:
        overview = await self.bot.services.overview()
        feeds, last = overview.feeds, overview.last_poll
        scheduled = self.bot.jobs.next_poll()
        next_poll = await self.bot.services.next_poll(
            scheduled if isinstance(scheduled, datetime) else None
        )
        uptime = (self.bot.clock() - self.bot.started_at).total_seconds()
        embed = discord.Embed(title=f"5G Policy Watch {__version__}", colour=render.NEUTRAL)
        embed.add_field(
            name="Feeds",
            value=f"🟢 {feeds['ok']} ok · 🟠 {feeds['failing']} failing · "
            f"🔴 {feeds['disabled']} disabled · ⏸️ {feeds['paused']} paused",
            inline=False,
        )
        embed.add_field(name="Last poll", value=render.when(last, "R") if last else "not yet")
        if next_poll is not None:
            upcoming = render.when(next_poll, "R")
        elif isinstance(scheduled, datetime):
            upcoming = "when a feed is added (none is active)"
        else:
            upcoming = "not scheduled"
        embed.add_field(name="Next poll", value=upcoming)
        embed.add_field(
            name="Data",
            value=f"{overview.stories} stories from {overview.articles} articles · "
            f"{overview.countries} countries with a status",
            inline=False,
        )
        baseline = self.bot.services.baseline
        embed.add_field(
            name="Baseline",
            value=f"{len(baseline.entries)} sourced entries · last checked "
            f"{render.day(baseline.checked)}",
            inline=False,
        )
        embed.add_field(name="Uptime", value=_ago(uptime), inline=True)
        embed.add_field(name="Changes allowed from", value=self._writers(), inline=False)
        await interaction.response.send_message(embed=embed)


async def setup(bot: PolicyWatchBot) -> None:
    """Loaded by name: ``await bot.load_extension("cogs.news")``."""
    await bot.add_cog(NewsCog(bot))
