"""Moderators read the audit log: /audit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from cogs.common import moderator_only

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot


class AuditCog(commands.Cog):
    def __init__(self, bot: PolicyWatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="audit", description="Who changed what, newest first (moderators)")
    @app_commands.describe(limit="How many entries (1-25)")
    @moderator_only()
    async def audit(
        self, interaction: discord.Interaction[Any], limit: app_commands.Range[int, 1, 25] = 15
    ) -> None:
        entries = await self.bot.services.audit_log(limit)
        names = {g.id: g.name for g in self.bot.guilds}
        await interaction.response.send_message(
            embed=render.audit_embed(entries, names), ephemeral=True
        )


async def setup(bot: PolicyWatchBot) -> None:
    """Loaded by name: ``await bot.load_extension("cogs.audit")``."""
    await bot.add_cog(AuditCog(bot))
