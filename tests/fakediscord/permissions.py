"""Discord permission bits and the permission computation Discord applies.

The algorithm follows Discord's documented order (and section 6 of PROTOCOL.md beside this file):

1. The guild owner has every permission.
2. Base permissions: the @everyone role OR'ed with every role of the member.
   ADMINISTRATOR in the base grants every permission (overwrites are skipped).
3. Channel overwrites, in order: the @everyone overwrite (deny, then allow), all of the
   member's role overwrites combined (deny, then allow), the member's own overwrite.
4. Without VIEW_CHANNEL in a channel the member has no permissions there at all.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "Overwrite",
    "Permission",
    "apply_overwrites",
    "compute_base_permissions",
    "compute_permissions",
    "has_all",
]


class Permission(enum.IntFlag):
    """Discord permission bits (https://discord.com/developers/docs/topics/permissions)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    PRIORITY_SPEAKER = 1 << 8
    STREAM = 1 << 9
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_TTS_MESSAGES = 1 << 12
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    VIEW_GUILD_INSIGHTS = 1 << 19
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    MUTE_MEMBERS = 1 << 22
    DEAFEN_MEMBERS = 1 << 23
    MOVE_MEMBERS = 1 << 24
    USE_VAD = 1 << 25
    CHANGE_NICKNAME = 1 << 26
    MANAGE_NICKNAMES = 1 << 27
    MANAGE_ROLES = 1 << 28
    MANAGE_WEBHOOKS = 1 << 29
    MANAGE_GUILD_EXPRESSIONS = 1 << 30
    USE_APPLICATION_COMMANDS = 1 << 31
    REQUEST_TO_SPEAK = 1 << 32
    MANAGE_EVENTS = 1 << 33
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    USE_EXTERNAL_STICKERS = 1 << 37
    SEND_MESSAGES_IN_THREADS = 1 << 38
    USE_EMBEDDED_ACTIVITIES = 1 << 39
    MODERATE_MEMBERS = 1 << 40
    VIEW_CREATOR_MONETIZATION_ANALYTICS = 1 << 41
    USE_SOUNDBOARD = 1 << 42
    CREATE_GUILD_EXPRESSIONS = 1 << 43
    CREATE_EVENTS = 1 << 44
    USE_EXTERNAL_SOUNDS = 1 << 45
    SEND_VOICE_MESSAGES = 1 << 46
    SEND_POLLS = 1 << 49
    USE_EXTERNAL_APPS = 1 << 50
    PIN_MESSAGES = 1 << 51
    BYPASS_SLOWMODE = 1 << 52


ALL_PERMISSIONS: int = 0
for _flag in Permission:
    ALL_PERMISSIONS |= int(_flag)
del _flag

P = Permission

#: What the fake gives @everyone in a new guild (close to Discord's defaults, no MENTION_EVERYONE).
DEFAULT_EVERYONE_PERMISSIONS: int = int(
    P.CREATE_INSTANT_INVITE
    | P.ADD_REACTIONS
    | P.STREAM
    | P.VIEW_CHANNEL
    | P.SEND_MESSAGES
    | P.SEND_TTS_MESSAGES
    | P.EMBED_LINKS
    | P.ATTACH_FILES
    | P.READ_MESSAGE_HISTORY
    | P.USE_EXTERNAL_EMOJIS
    | P.CONNECT
    | P.SPEAK
    | P.USE_VAD
    | P.CHANGE_NICKNAME
    | P.USE_APPLICATION_COMMANDS
    | P.CREATE_PUBLIC_THREADS
    | P.CREATE_PRIVATE_THREADS
    | P.USE_EXTERNAL_STICKERS
    | P.SEND_MESSAGES_IN_THREADS
    | P.USE_EMBEDDED_ACTIVITIES
    | P.SEND_VOICE_MESSAGES
    | P.SEND_POLLS
    | P.USE_EXTERNAL_APPS
)

#: What the fake gives the bot's managed role in a new guild.
DEFAULT_BOT_PERMISSIONS: int = int(
    P.VIEW_CHANNEL
    | P.SEND_MESSAGES
    | P.EMBED_LINKS
    | P.ATTACH_FILES
    | P.READ_MESSAGE_HISTORY
    | P.ADD_REACTIONS
    | P.USE_EXTERNAL_EMOJIS
    | P.USE_APPLICATION_COMMANDS
)

ROLE_OVERWRITE = 0
MEMBER_OVERWRITE = 1


@dataclass
class Overwrite:
    """A channel permission overwrite (``type`` 0 = role, 1 = member)."""

    id: int
    type: int = ROLE_OVERWRITE
    allow: int = 0
    deny: int = 0

    @classmethod
    def role(cls, role_id: int, *, allow: int = 0, deny: int = 0) -> Overwrite:
        return cls(id=int(role_id), type=ROLE_OVERWRITE, allow=int(allow), deny=int(deny))

    @classmethod
    def member(cls, user_id: int, *, allow: int = 0, deny: int = 0) -> Overwrite:
        return cls(id=int(user_id), type=MEMBER_OVERWRITE, allow=int(allow), deny=int(deny))

    @classmethod
    def from_any(cls, value: Overwrite | Mapping[str, object]) -> Overwrite:
        """Accept an Overwrite or a Discord-shaped dict (``allow``/``deny`` as int or str)."""
        if isinstance(value, Overwrite):
            return value
        raw_type = value.get("type", ROLE_OVERWRITE)
        if raw_type in ("role", "member"):
            ow_type = ROLE_OVERWRITE if raw_type == "role" else MEMBER_OVERWRITE
        else:
            ow_type = int(str(raw_type))
        return cls(
            id=int(str(value["id"])),
            type=ow_type,
            allow=int(str(value.get("allow", 0))),
            deny=int(str(value.get("deny", 0))),
        )

    def to_payload(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def has_all(permissions: int, required: int) -> bool:
    """True when every bit of ``required`` is set in ``permissions``."""
    return permissions & required == required


def compute_base_permissions(
    *,
    user_id: int,
    owner_id: int,
    everyone_permissions: int,
    role_permissions: Iterable[int],
) -> int:
    """Guild-level permissions: owner → all; @everyone | roles; ADMINISTRATOR → all."""
    if user_id == owner_id:
        return ALL_PERMISSIONS
    perms = int(everyone_permissions)
    for value in role_permissions:
        perms |= int(value)
    if perms & P.ADMINISTRATOR:
        return ALL_PERMISSIONS
    return perms


def apply_overwrites(
    base: int,
    *,
    user_id: int,
    guild_id: int,
    member_role_ids: Iterable[int],
    overwrites: Iterable[Overwrite],
) -> int:
    """Apply channel overwrites to ``base`` in Discord's order; no VIEW_CHANNEL → 0."""
    if base & P.ADMINISTRATOR:
        return ALL_PERMISSIONS
    overwrite_list = list(overwrites)
    role_ids = set(member_role_ids)
    perms = base
    for ow in overwrite_list:
        if ow.type == ROLE_OVERWRITE and ow.id == guild_id:
            perms &= ~ow.deny
            perms |= ow.allow
    allow = 0
    deny = 0
    for ow in overwrite_list:
        if ow.type == ROLE_OVERWRITE and ow.id != guild_id and ow.id in role_ids:
            allow |= ow.allow
            deny |= ow.deny
    perms &= ~deny
    perms |= allow
    for ow in overwrite_list:
        if ow.type == MEMBER_OVERWRITE and ow.id == user_id:
            perms &= ~ow.deny
            perms |= ow.allow
    if not perms & P.VIEW_CHANNEL:
        return 0
    return perms


def compute_permissions(
    *,
    user_id: int,
    guild_id: int,
    owner_id: int,
    role_permissions: Mapping[int, int],
    member_role_ids: Iterable[int],
    overwrites: Iterable[Overwrite] | None = None,
) -> int:
    """Full computation for a member, in a channel when ``overwrites`` is given.

    ``role_permissions`` maps every role id of the guild (including @everyone, whose id is the
    guild id) to its permission bits. Unknown role ids in ``member_role_ids`` are ignored.
    """
    role_ids = [rid for rid in member_role_ids if rid != guild_id]
    base = compute_base_permissions(
        user_id=user_id,
        owner_id=owner_id,
        everyone_permissions=role_permissions.get(guild_id, 0),
        role_permissions=(role_permissions[rid] for rid in role_ids if rid in role_permissions),
    )
    if overwrites is None or base & P.ADMINISTRATOR:
        return base
    return apply_overwrites(
        base,
        user_id=user_id,
        guild_id=guild_id,
        member_role_ids=role_ids,
        overwrites=overwrites,
    )
