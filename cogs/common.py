"""What several cogs share: the country argument, status choices and the moderator check."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from bot import countries
from bot.countries import Country
from bot.errors import PermissionDenied
from bot.status import ORDER, style

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot

T = TypeVar("T")

STATUS_CHOICES = [app_commands.Choice(name=style(s).label, value=s.value) for s in ORDER]


def bot_of(interaction: discord.Interaction[Any]) -> PolicyWatchBot:
    return interaction.client  # type: ignore[no-any-return]


class CountryTransformer(app_commands.Transformer):
    """The one conversion of a country argument: autocomplete over names, aliases, native
    names and codes, and resolution to a ``Country`` before the command runs (an unknown name
    becomes the sentence with the closest suggestions, through the tree's error handler)."""

    async def transform(self, interaction: discord.Interaction[Any], value: str) -> Country:
        return countries.resolve_or_raise(value)

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=f"{c.name} ({c.iso2})", value=c.iso2)
            for c in countries.autocomplete(value, 25)
        ]


CountryArg = app_commands.Transform[Country, CountryTransformer]


async def check_moderator(interaction: discord.Interaction[Any]) -> None:
    try:
        await bot_of(interaction).require_moderator(interaction)
    except PermissionDenied as exc:
        raise app_commands.CheckFailure(exc.message) from exc


def moderator_only() -> Callable[[T], T]:
    """Enforced in the bot (Manage Server, a moderator role or the app owner), and hidden
    from members by default_permissions so they do not see what they cannot use."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        await check_moderator(interaction)
        return True

    check = app_commands.check(predicate)
    hide = app_commands.default_permissions(manage_guild=True)
    guild = app_commands.guild_only()

    def decorate(func: T) -> T:
        return guild(hide(check(func)))

    return decorate
