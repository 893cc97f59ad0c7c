"""Thin cogs, one per audience: parse the interaction, call a service, render the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot


async def setup_all(bot: PolicyWatchBot) -> None:
    from cogs.admin import AdminCog
    from cogs.audit import AuditCog
    from cogs.moderation import ModerationCog
    from cogs.news import NewsCog
    from cogs.status import StatusCog

    for cog in (StatusCog(bot), NewsCog(bot), ModerationCog(bot), AdminCog(bot), AuditCog(bot)):
        await bot.add_cog(cog)
