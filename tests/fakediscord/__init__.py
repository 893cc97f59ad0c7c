"""A fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests of the real bot.

See ``PROTOCOL.md`` beside this file for the protocol notes this implements. Usage::

    fake = await FakeDiscord(token="test-token").start()
    guild = fake.add_guild("Test Guild")
    chan = fake.add_channel(guild.id, "alerts")
    alice = fake.add_member(guild.id, "alice")
    bot = MyBot(..., guild_ready_timeout=0.05)
    async with run_bot(bot, fake):            # patches Route.BASE / DEFAULT_GATEWAY
        res = await fake.slash(guild.id, chan.id, alice.id, "status", {"country": "uk"})
        assert res.message["embeds"][0]["title"] == ...
    await fake.stop()                         # after the bot is closed

Notes: ``application_id == bot_user_id`` (as for modern apps). discord.py sleeps 5 s
before every non-initial IDENTIFY (``Client.before_identify_hook``); override it in tests
that re-identify. Check ``fake.errors`` (handler exceptions, answered as 400) at teardown.
"""

from .models import (
    Channel,
    FakeDiscordError,
    FakeDiscordTimeout,
    Guild,
    InteractionRecord,
    Member,
    RequestLog,
    Role,
    StoredMessage,
    User,
    snowflake_time,
)
from .permissions import (
    ALL_PERMISSIONS,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Overwrite,
    Permission,
    apply_overwrites,
    compute_base_permissions,
    compute_permissions,
)
from .server import FakeDiscord
from .testing import patch_discord, run_bot

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "Channel",
    "FakeDiscord",
    "FakeDiscordError",
    "FakeDiscordTimeout",
    "Guild",
    "InteractionRecord",
    "Member",
    "Overwrite",
    "Permission",
    "RequestLog",
    "Role",
    "StoredMessage",
    "User",
    "apply_overwrites",
    "compute_base_permissions",
    "compute_permissions",
    "patch_discord",
    "run_bot",
    "snowflake_time",
]
