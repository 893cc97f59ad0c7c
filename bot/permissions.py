"""Who is a moderator: one rule, plain data in, a refusal sentence (or None) out."""

from __future__ import annotations

from collections.abc import Iterable

from bot.config import ModerationConfig


def refusal(
    *,
    guild_id: int | None,
    user_id: int,
    manage_guild: bool,
    role_ids: Iterable[int],
    owner_ids: Iterable[int],
    moderation: ModerationConfig,
) -> str | None:
    """None when the member may change statuses, feeds and alert routing; else why not."""
    if guild_id is None:
        return "This can only be done in a server, not in direct messages."
    if moderation.guild_ids and guild_id not in moderation.guild_ids:
        return (
            "This server can look up statuses but not change them: the bot's operator allows "
            "changes only from other servers."
        )
    if user_id in set(owner_ids) or manage_guild:
        return None
    if moderation.role_ids and set(role_ids) & set(moderation.role_ids):
        return None
    return "Only moderators can do this: you need the Manage Server permission" + (
        " or a moderator role." if moderation.role_ids else "."
    )
