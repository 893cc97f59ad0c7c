"""Moderators change statuses: /update, /revert (Apply/Dismiss buttons live in bot.views)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from cogs.common import STATUS_CHOICES, country_autocomplete, moderator_only

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot


class ModerationCog(commands.Cog):
    def __init__(self, bot: PolicyWatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="update", description="Set a country's status (moderators)")
    @app_commands.describe(
        country="Country name, code or alias",
        status="The new status",
        note="What was decided, by whom (shown in the history)",
        source="A link to the source (https://...)",
    )
    @app_commands.autocomplete(country=country_autocomplete)
    @app_commands.choices(status=STATUS_CHOICES)
    @moderator_only()
    async def update(
        self,
        interaction: discord.Interaction[Any],
        country: str,
        status: app_commands.Choice[str],
        note: app_commands.Range[str, 1, 500],
        source: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        change = await self.bot.services.update(
            country, status.value, note, source, self.bot.actor(interaction)
        )
        self.bot.dispatcher.kick()
        await interaction.response.send_message(
            f"Recorded change #{change.id}.", embed=render.change_embed(change), ephemeral=True
        )

    @app_commands.command(name="revert", description="Undo a country's latest change (moderators)")
    @app_commands.describe(country="Country name, code or alias")
    @app_commands.autocomplete(country=country_autocomplete)
    @moderator_only()
    async def revert(self, interaction: discord.Interaction[Any], country: str) -> None:
        change = await self.bot.services.revert(country, self.bot.actor(interaction))
        self.bot.dispatcher.kick()
        await interaction.response.send_message(
            f"Undone: recorded as change #{change.id}.",
            embed=render.change_embed(change),
            ephemeral=True,
        )


async def setup(bot: PolicyWatchBot) -> None:
    """Loaded by name: ``await bot.load_extension("cogs.moderation")``."""
    await bot.add_cog(ModerationCog(bot))
