"""Moderators change statuses: /update, /revert (Apply/Dismiss buttons live in bot.views)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import countries, render
from bot.services import StatusEdit, edit_sentence
from bot.views import proposal_view
from cogs.common import STATUS_CHOICES, CountryArg, moderator_only

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
    @app_commands.choices(status=STATUS_CHOICES)
    @moderator_only()
    async def update(
        self,
        interaction: discord.Interaction[Any],
        country: CountryArg,
        status: app_commands.Choice[str],
        note: app_commands.Range[str, 1, 500],
        source: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        change = await self.bot.services.update(
            country.iso2, status.value, note, source, self.bot.actor(interaction)
        )
        if isinstance(change, StatusEdit):
            await interaction.response.send_message(edit_sentence(change), ephemeral=True)
            return
        self.bot.dispatcher.kick()
        await interaction.response.send_message(
            f"Recorded change #{change.id}.", embed=render.change_embed(change), ephemeral=True
        )

    @app_commands.command(
        name="proposals", description="Proposed status changes waiting for a decision (moderators)"
    )
    @moderator_only()
    async def proposals(self, interaction: discord.Interaction[Any]) -> None:
        pending = await self.bot.services.pending_proposals()
        if not pending:
            await interaction.response.send_message(
                "No proposed status changes are waiting.", ephemeral=True
            )
            return
        embed = render.proposals_embed(pending)
        names = {p.proposal.iso2: countries.get(p.proposal.iso2).name for p in pending}
        view = proposal_view([p.proposal for p in pending], names)
        await interaction.response.send_message(
            embed=embed, view=view or discord.utils.MISSING, ephemeral=True
        )

    @app_commands.command(name="revert", description="Undo a country's latest change (moderators)")
    @app_commands.describe(country="Country name, code or alias")
    @moderator_only()
    async def revert(self, interaction: discord.Interaction[Any], country: CountryArg) -> None:
        change = await self.bot.services.revert(country.iso2, self.bot.actor(interaction))
        self.bot.dispatcher.kick()
        await interaction.response.send_message(
            f"Undone: recorded as change #{change.id}.",
            embed=render.change_embed(change),
            ephemeral=True,
        )


async def setup(bot: PolicyWatchBot) -> None:
    """Loaded by name: ``await bot.load_extension("cogs.moderation")``."""
    await bot.add_cog(ModerationCog(bot))
