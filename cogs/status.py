"""Look-ups for everyone: /status, /statuses, /history, /map, /export."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.maps import render_current
from bot.status import Status
from bot.views import send_pages
from cogs.common import STATUS_CHOICES, CountryArg

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot


class StatusCog(commands.Cog):
    def __init__(self, bot: PolicyWatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="status", description="A country's Huawei/ZTE 5G status")
    @app_commands.describe(country="Country name, code or alias (UK, Deutschland, USA...)")
    async def status(self, interaction: discord.Interaction[Any], country: CountryArg) -> None:
        view = await self.bot.services.country_status(country.iso2, history=3)
        await interaction.response.send_message(embed=render.status_embed(view))

    @app_commands.command(name="statuses", description="Every country by status")
    @app_commands.describe(status="Only countries with this status")
    @app_commands.choices(status=STATUS_CHOICES)
    async def statuses(
        self, interaction: discord.Interaction[Any], status: app_commands.Choice[str] | None = None
    ) -> None:
        groups = await self.bot.services.grouped(Status(status.value) if status else None)
        await send_pages(interaction, render.statuses_pages(groups, collapse_unknown=not status))

    @app_commands.command(name="history", description="A country's full timeline, newest first")
    @app_commands.describe(country="Country name, code or alias")
    async def history(self, interaction: discord.Interaction[Any], country: CountryArg) -> None:
        view = await self.bot.services.country_status(country.iso2, history=None)
        await send_pages(interaction, render.history_pages(view.country, view.history))

    @app_commands.command(name="map", description="A world map coloured by status")
    @app_commands.describe(status="Highlight only this status")
    @app_commands.choices(status=STATUS_CHOICES)
    async def map(
        self, interaction: discord.Interaction[Any], status: app_commands.Choice[str] | None = None
    ) -> None:
        await interaction.response.defer(thinking=True)
        png = await render_current(self.bot.services, Status(status.value) if status else None)
        file = discord.File(io.BytesIO(png), filename="policywatch-map.png")
        as_of = await self.bot.services.as_of()
        embed = discord.Embed(
            title="Huawei/ZTE in 5G networks",
            colour=render.NEUTRAL,
            description=f"Statuses as of {render.day(as_of)}." if as_of else None,
        )
        embed.set_image(url="attachment://policywatch-map.png")
        await interaction.followup.send(embed=embed, file=file)

    @app_commands.command(name="export", description="The status table with its full history")
    @app_commands.describe(format="csv or json")
    @app_commands.choices(
        format=[
            app_commands.Choice(name="CSV", value="csv"),
            app_commands.Choice(name="JSON", value="json"),
        ]
    )
    async def export(
        self, interaction: discord.Interaction[Any], format: app_commands.Choice[str] | None = None
    ) -> None:
        fmt = format.value if format else "csv"
        text = await self.bot.rt.services.export_table(fmt)
        file = discord.File(io.BytesIO(text.encode()), filename=f"policywatch-statuses.{fmt}")
        count = (await self.bot.services.overview()).countries
        await interaction.response.send_message(
            f"Statuses of {count} countries with their full history.", file=file, ephemeral=True
        )


async def setup(bot: PolicyWatchBot) -> None:
    """Loaded by name: ``await bot.load_extension("cogs.status")``."""
    await bot.add_cog(StatusCog(bot))
