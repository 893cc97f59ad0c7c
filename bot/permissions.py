"""Who is a moderator: one rule, plain data in, a refusal sentence (or None) out.

Which servers may change the shared data (statuses, feeds): the ones listed in
``[moderation] guild_ids``; when that list is empty, only the bot's *home* server (the first
server it was installed in, recorded in the database) — plus the application owner anywhere.
Anyone can invite a public bot, so an unknown server's admins never write by default.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Iterable

from bot.config import ModerationConfig

HOME_GUILD_KEY = "home_guild_id"


def refusal(
    *,
    guild_id: int | None,
    user_id: int,
    manage_guild: bool,
    role_ids: Iterable[int],
    owner_ids: Iterable[int],
    moderation: ModerationConfig,
    home_guild_id: int | None = None,
    shared: bool = True,
) -> str | None:
    """None when the member may change statuses, feeds and alert routing; else why not.

    ``home_guild_id`` is the recorded home server, used only when ``moderation.guild_ids``
    is empty. ``shared=False`` is for what only concerns the member's own server (where its
    alerts go, its digest): any server's moderators may do that.
    """
    if guild_id is None:
        return "This can only be done in a server, not in direct messages."
    owner = user_id in set(owner_ids)
    if not shared:
        pass
    elif moderation.guild_ids:
        if guild_id not in moderation.guild_ids:
            return (
                "This server can look up statuses but not change them: the bot's operator allows "
                "changes only from other servers."
            )
    elif guild_id != home_guild_id and not owner:
        return (
            "This server can look up statuses but not change them: by default only the bot's "
            "home server (the first server it was installed in) changes the shared data. The "
            "bot's operator can allow this server by adding its id "
            f"({guild_id}) to [moderation] guild_ids in config.toml."
        )
    if owner or manage_guild:
        return None
    if moderation.role_ids and set(role_ids) & set(moderation.role_ids):
        return None
    return "Only moderators can do this: you need the Manage Server permission" + (
        " or a moderator role." if moderation.role_ids else "."
    )


class WriteLimiter:
    """At most ``count`` writes per ``per`` seconds for one moderator (a sliding window)."""

    def __init__(self, count: int, per: float) -> None:
        self.count = count
        self.per = per
        self._times: dict[int, deque[float]] = defaultdict(deque)

    def refusal(self, user_id: int, now: float | None = None) -> str | None:
        """Count one write by ``user_id``; a sentence when over the limit (not counted)."""
        now = time.monotonic() if now is None else now
        times = self._times[user_id]
        while times and now - times[0] >= self.per:
            times.popleft()
        if len(times) >= self.count:
            wait = self.per - (now - times[0])
            return (
                f"Slow down: moderators may make {self.count} changes per "
                f"{self.per / 60:g} minutes. Try again in {max(1, round(wait))} s."
            )
        times.append(now)
        return None
