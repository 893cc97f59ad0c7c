"""Answers inside Discord's 3 seconds, whatever the database does.

Discord drops an interaction that is not answered within 3 s. A command that waits on the
database (another process holding a write lock, a slow disk) is therefore deferred after
``DEFER_AFTER`` seconds ("thinking…"); its answer, whenever it comes, becomes the follow-up.
The cogs keep calling ``interaction.response.send_message`` / ``edit_message`` / ``defer``:
``DeadlineResponse`` turns those into the follow-up calls once the bot has deferred.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import discord
from discord.utils import MISSING

log = logging.getLogger(__name__)

DEFER_AFTER = 2.0  # seconds; Discord's limit is 3
_LOCK = "answers.lock"
_DEFERRED = "answers.deferred"


class DeadlineResponse(discord.InteractionResponse[Any]):
    """An interaction's response that knows the bot may have deferred it already."""

    def _deferred(self) -> bool:
        return bool(self._parent.extras.get(_DEFERRED))

    async def send_message(self, content: Any = None, **kwargs: Any) -> Any:
        async with self._parent.extras[_LOCK]:
            if not self._deferred():
                return await super().send_message(content, **kwargs)
        kwargs.pop("delete_after", None)
        kwargs.pop("suppress_embeds", None)
        kwargs = {k: v for k, v in kwargs.items() if v is not MISSING and v is not None}
        return await self._parent.followup.send(content or MISSING, **kwargs)

    async def edit_message(self, **kwargs: Any) -> Any:
        async with self._parent.extras[_LOCK]:
            if not self._deferred():
                return await super().edit_message(**kwargs)
        kwargs.pop("delete_after", None)
        kwargs.pop("suppress_embeds", None)
        return await self._parent.edit_original_response(**kwargs)

    async def defer(self, **kwargs: Any) -> None:
        async with self._parent.extras[_LOCK]:
            if not self._deferred():
                await super().defer(**kwargs)


def _ephemeral(interaction: discord.Interaction[Any]) -> bool:
    """Moderator commands answer privately; so does their "thinking…" placeholder."""
    command = interaction.command
    while command is not None:
        if getattr(command, "default_permissions", None) is not None:
            return True
        command = getattr(command, "parent", None)
    return False


async def _defer_later(interaction: discord.Interaction[Any], after: float) -> None:
    await asyncio.sleep(after)
    async with interaction.extras[_LOCK]:
        if interaction.response.is_done():
            return
        try:
            if interaction.type is discord.InteractionType.component:
                await discord.InteractionResponse.defer(interaction.response)
            else:
                await discord.InteractionResponse.defer(
                    interaction.response, ephemeral=_ephemeral(interaction), thinking=True
                )
        except discord.HTTPException as exc:
            log.warning("Could not defer a slow interaction: %s", exc)
            return
        interaction.extras[_DEFERRED] = True
        log.info("Deferred a slow interaction (over %.1f s)", after)


@contextlib.asynccontextmanager
async def in_time(
    interaction: discord.Interaction[Any], after: float = DEFER_AFTER
) -> AsyncIterator[None]:
    """Within this block, ``interaction`` is deferred if not answered after ``after`` s."""
    interaction.extras[_LOCK] = asyncio.Lock()
    interaction._cs_response = DeadlineResponse(interaction)  # type: ignore[attr-defined]
    watchdog = asyncio.create_task(_defer_later(interaction, after))
    try:
        yield
    finally:
        watchdog.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watchdog


class DeadlineTree(discord.app_commands.CommandTree[Any]):
    """The command tree: every slash command runs ``in_time``."""

    async def _call(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.autocomplete:
            await super()._call(interaction)
            return
        async with in_time(interaction):
            await super()._call(interaction)
