"""Data models of the fake Discord: users, guilds, roles, channels, members, messages and
interaction records, plus snowflake generation. Every model renders its Discord wire payload."""

from __future__ import annotations

import copy
import datetime as dt
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .permissions import Overwrite, compute_permissions

__all__ = [
    "DISCORD_EPOCH_MS",
    "Channel",
    "FakeDiscordError",
    "FakeDiscordTimeout",
    "Guild",
    "InteractionRecord",
    "Member",
    "RequestLog",
    "Role",
    "SnowflakeGenerator",
    "StoredMessage",
    "User",
    "iso_now",
    "snowflake_time",
]

DISCORD_EPOCH_MS = 1420070400000

# Message flags.
FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12
FLAG_IS_COMPONENTS_V2 = 1 << 15

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5


class FakeDiscordError(Exception):
    """Raised by the fake's test-side API (unknown command, hidden command, bad options...)."""


class FakeDiscordTimeout(FakeDiscordError, TimeoutError):
    """The bot did not do what a test waited for within the timeout."""


class RequestLog(NamedTuple):
    """One REST request the fake answered. Compares equal to a plain ``(method, path, status)``."""

    method: str
    path: str
    status: int


class SnowflakeGenerator:
    """``((ms - 1420070400000) << 22) | counter``, strictly increasing."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            ms = int(time.time() * 1000)
            value = (ms - DISCORD_EPOCH_MS) << 22
            if value <= self._last:
                value = self._last + 1
            self._last = value
            return value


def snowflake_time(snowflake: int) -> dt.datetime:
    """Creation time encoded in a snowflake (UTC)."""
    ms = (int(snowflake) >> 22) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def iso_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    @property
    def name(self) -> str:
        return self.username

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "avatar": None,
            "global_name": self.global_name,
            "public_flags": 0,
        }
        if self.bot:
            payload["bot"] = True
        return payload


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed: bool = False
    bot_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "hoist": self.hoist,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.bot_id is not None:
            payload["tags"] = {"bot_id": str(self.bot_id)}
        return payload


@dataclass
class Channel:
    id: int
    guild_id: int | None
    name: str
    type: int = GUILD_TEXT
    position: int = 0
    parent_id: int | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    topic: str | None = None
    nsfw: bool = False
    recipients: list[User] = field(default_factory=list)
    last_message_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        if self.guild_id is None:
            return {
                "id": str(self.id),
                "type": self.type,
                "recipients": [u.to_payload() for u in self.recipients],
                "last_message_id": str(self.last_message_id) if self.last_message_id else None,
                "flags": 0,
            }
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "permission_overwrites": [ow.to_payload() for ow in self.overwrites],
            "topic": self.topic,
            "nsfw": self.nsfw,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }


@dataclass
class Member:
    user: User
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)
    flags: int = 0

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def name(self) -> str:
        return self.user.username

    @property
    def mention(self) -> str:
        return f"<@{self.user.id}>"

    def to_payload(self, *, include_user: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "joined_at": self.joined_at,
            "flags": self.flags,
            "deaf": False,
            "mute": False,
            "pending": False,
            "premium_since": None,
            "avatar": None,
            "communication_disabled_until": None,
        }
        if include_user:
            payload["user"] = self.user.to_payload()
        return payload


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    bot_role_id: int | None = None
    preferred_locale: str = "en-US"
    joined_at: str = field(default_factory=iso_now)

    @property
    def everyone_role(self) -> Role:
        return self.roles[self.id]

    @property
    def everyone_role_id(self) -> int:
        return self.id

    def role_permissions(self) -> dict[int, int]:
        return {rid: role.permissions for rid, role in self.roles.items()}

    def permissions_for(self, user_id: int, channel: Channel | None = None) -> int:
        """Permissions of ``user_id`` in the guild, or in ``channel`` with its overwrites."""
        member = self.members.get(user_id)
        role_ids = member.roles if member is not None else []
        return compute_permissions(
            user_id=user_id,
            guild_id=self.id,
            owner_id=self.owner_id,
            role_permissions=self.role_permissions(),
            member_role_ids=role_ids,
            overwrites=channel.overwrites if channel is not None else None,
        )

    def top_role_position(self, user_id: int) -> int:
        member = self.members.get(user_id)
        if member is None:
            return 0
        positions = [self.roles[r].position for r in member.roles if r in self.roles]
        return max(positions, default=0)

    def to_rest_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [
                r.to_payload() for r in sorted(self.roles.values(), key=lambda r: r.position)
            ],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.preferred_locale,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
        }

    def to_gateway_payload(
        self, members: list[Member], *, large_threshold: int = 250
    ) -> dict[str, Any]:
        payload = self.to_rest_payload()
        payload.update(
            {
                "unavailable": False,
                "joined_at": self.joined_at,
                "large": len(self.members) > large_threshold,
                "member_count": len(self.members),
                "channels": [c.to_payload() for c in self.channels.values()],
                "members": [m.to_payload() for m in members],
                "threads": [],
                "presences": [],
                "voice_states": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
            }
        )
        return payload


@dataclass
class StoredMessage:
    """A message as the fake keeps it: the wire payload plus test-side metadata."""

    data: dict[str, Any]
    allowed_mentions: Any = None
    has_allowed_mentions: bool = False
    attachment_ids: list[int] = field(default_factory=list)
    deleted: bool = False
    edits: int = 0
    interaction_id: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.data["id"])

    @property
    def channel_id(self) -> int:
        return int(self.data["channel_id"])

    @property
    def flags(self) -> int:
        return int(self.data.get("flags", 0))

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & FLAG_EPHEMERAL)

    def wire(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)

    def public(self) -> dict[str, Any]:
        """A copy for tests: the wire payload, plus ``allowed_mentions`` as the bot sent it
        (only when it sent one) and ``deleted`` when the message was deleted."""
        out = copy.deepcopy(self.data)
        if self.has_allowed_mentions:
            out["allowed_mentions"] = copy.deepcopy(self.allowed_mentions)
        if self.deleted:
            out["deleted"] = True
        return out


@dataclass(eq=False)
class InteractionRecord:
    """One interaction the fake delivered, and what the bot did with it.

    ``message`` is the live state of the original response message (or, for a component
    interaction answered with type 6/7, of the component's message) after all edits.
    ``followups`` are the follow-up messages that were created as new messages (the first
    follow-up after a type-5 defer edits the "thinking" message instead, as on Discord).
    ``errors`` lists the 4xx answers the fake gave on this interaction's callback/webhook
    routes (``{"method", "path", "status", "body"}``), e.g. a late or second response.
    """

    id: int
    token: str
    type: int
    guild_id: int | None
    channel_id: int
    user_id: int
    payload: dict[str, Any]
    created_at: float
    command_name: str | None = None
    response_type: int | None = None
    response_data: dict[str, Any] | None = None
    message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    updates: int = 0
    expired: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)
    _lookup: Callable[[int], StoredMessage | None] = field(
        default=lambda _mid: None, repr=False, compare=False
    )

    @property
    def responded(self) -> bool:
        return self.response_type is not None

    @property
    def deferred(self) -> bool:
        return self.response_type in (5, 6)

    @property
    def stored_message(self) -> StoredMessage | None:
        if self.message_id is None:
            return None
        return self._lookup(self.message_id)

    @property
    def message(self) -> dict[str, Any] | None:
        stored = self.stored_message
        return stored.public() if stored is not None else None

    @property
    def followups(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for mid in self.followup_ids:
            stored = self._lookup(mid)
            if stored is not None:
                out.append(stored.public())
        return out

    @property
    def ephemeral(self) -> bool:
        stored = self.stored_message
        if stored is not None:
            return stored.ephemeral
        data = self.response_data or {}
        return bool(int(data.get("flags", 0) or 0) & FLAG_EPHEMERAL)

    @property
    def content(self) -> str | None:
        msg = self.message
        return None if msg is None else msg.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        msg = self.message
        return [] if msg is None else list(msg.get("embeds") or [])

    @property
    def components(self) -> list[dict[str, Any]]:
        msg = self.message
        return [] if msg is None else list(msg.get("components") or [])

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        if self.response_type != 8 or self.response_data is None:
            return None
        return list(self.response_data.get("choices") or [])

    @property
    def modal(self) -> dict[str, Any] | None:
        if self.response_type != 9:
            return None
        return copy.deepcopy(self.response_data)

    def all_messages(self) -> list[dict[str, Any]]:
        """The original response (if any) followed by the follow-ups."""
        msgs = [self.message] if self.message is not None else []
        return msgs + self.followups


def find_component(components: Any, custom_id: str) -> dict[str, Any] | None:
    """Depth-first search for the component with ``custom_id`` (rows, containers, labels)."""
    if isinstance(components, Mapping):
        if components.get("custom_id") == custom_id:
            return dict(components)
        for key in ("components", "component", "accessory"):
            if key in components:
                found = find_component(components[key], custom_id)
                if found is not None:
                    return found
        return None
    if isinstance(components, list):
        for item in components:
            found = find_component(item, custom_id)
            if found is not None:
                return found
    return None
