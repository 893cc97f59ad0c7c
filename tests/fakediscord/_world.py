"""World building, inspection and failure injection: what tests set up and look at.

A mixin of ``FakeDiscord`` (server.py), which holds the state it reads and writes."""

from __future__ import annotations

import asyncio
import copy
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from aiohttp import web

from ._common import (
    _KNOWN_ERRORS,
    _error,
    _error_body,
    _Failure,
    _json,
)
from .models import (
    DM,
    GUILD_TEXT,
    Channel,
    FakeDiscordError,
    FakeDiscordTimeout,
    Guild,
    InteractionRecord,
    Member,
    Role,
    User,
)
from .permissions import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Overwrite,
)


class WorldMixin:
    # ------------------------------------------------------------------ world building

    def add_user(
        self, name: str = "user", *, bot: bool = False, user_id: int | None = None
    ) -> User:
        uid = user_id if user_id is not None else self._ids.next()
        user = User(uid, name, bot=bot, global_name=name.title())
        self.users[uid] = user
        return user

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        owner_id: int | None = None,
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        bot_member: bool = True,
    ) -> Guild:
        """A guild with @everyone (id == guild id), a managed bot role and a generated owner."""
        gid = self._ids.next()
        if owner_id is None:
            owner = self.add_user(f"owner-{name.lower().replace(' ', '-')}")
            owner_id = owner.id
        elif owner_id not in self.users:
            self.add_user("owner", user_id=owner_id)
        guild = Guild(id=gid, name=name, owner_id=owner_id)
        guild.roles[gid] = Role(gid, gid, "@everyone", permissions=int(everyone_permissions))
        guild.members[owner_id] = Member(self.users[owner_id], gid)
        if bot_member:
            bot_role = Role(
                self._ids.next(),
                gid,
                self.bot_user.username,
                permissions=int(bot_permissions),
                position=1,
                managed=True,
                bot_id=self.bot_user_id,
            )
            guild.roles[bot_role.id] = bot_role
            guild.bot_role_id = bot_role.id
            guild.members[self.bot_user_id] = Member(self.bot_user, gid, roles=[bot_role.id])
        self.guilds[gid] = guild
        if bot_member:
            self._broadcast_guild_create(guild)
        self._bump()
        return guild

    def _guild(self, guild_id: int) -> Guild:
        guild = self.guilds.get(int(guild_id))
        if guild is None:
            raise FakeDiscordError(f"unknown guild {guild_id}")
        return guild

    def add_role(
        self,
        guild_id: int,
        name: str = "role",
        *,
        permissions: int = 0,
        position: int | None = None,
        color: int = 0,
        hoist: bool = False,
        mentionable: bool = False,
    ) -> Role:
        guild = self._guild(guild_id)
        if position is None:
            position = max((r.position for r in guild.roles.values()), default=0) + 1
        role = Role(
            self._ids.next(),
            guild.id,
            name,
            permissions=int(permissions),
            position=position,
            color=color,
            hoist=hoist,
            mentionable=mentionable,
        )
        guild.roles[role.id] = role
        self._broadcast(
            "GUILD_ROLE_CREATE",
            {"guild_id": str(guild.id), "role": role.to_payload()},
            guild_id=guild.id,
        )
        self._bump()
        return role

    def set_role_permissions(self, guild_id: int, role_id: int, permissions: int) -> Role:
        guild = self._guild(guild_id)
        role = guild.roles[int(role_id)]
        role.permissions = int(permissions)
        self._broadcast(
            "GUILD_ROLE_UPDATE",
            {"guild_id": str(guild.id), "role": role.to_payload()},
            guild_id=guild.id,
        )
        self._bump()
        return role

    def add_channel(
        self,
        guild_id: int,
        name: str = "general",
        *,
        overwrites: Iterable[Overwrite | Mapping[str, Any]] | None = None,
        type: int = GUILD_TEXT,
        parent_id: int | None = None,
        topic: str | None = None,
        position: int | None = None,
        nsfw: bool = False,
    ) -> Channel:
        """A guild channel (text by default). ``overwrites`` take Overwrite objects or
        Discord-shaped dicts ``{"id", "type": 0 role | 1 member, "allow", "deny"}``."""
        guild = self._guild(guild_id)
        if position is None:
            position = len(guild.channels)
        channel = Channel(
            id=self._ids.next(),
            guild_id=guild.id,
            name=name,
            type=type,
            position=position,
            parent_id=parent_id,
            overwrites=[Overwrite.from_any(o) for o in (overwrites or [])],
            topic=topic,
            nsfw=nsfw,
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        self._broadcast("CHANNEL_CREATE", channel.to_payload(), guild_id=guild.id)
        self._bump()
        return channel

    def set_overwrites(
        self, channel_id: int, overwrites: Iterable[Overwrite | Mapping[str, Any]]
    ) -> Channel:
        channel = self._channel(channel_id)
        channel.overwrites = [Overwrite.from_any(o) for o in overwrites]
        self._broadcast("CHANNEL_UPDATE", channel.to_payload(), guild_id=channel.guild_id)
        self._bump()
        return channel

    def _channel(self, channel_id: int) -> Channel:
        channel = self.channels.get(int(channel_id))
        if channel is None:
            raise FakeDiscordError(f"unknown channel {channel_id}")
        return channel

    def add_member(
        self,
        guild_id: int,
        name: str = "member",
        *,
        roles: Iterable[int] | None = None,
        permissions: int | None = None,
        nick: str | None = None,
        user_id: int | None = None,
        bot: bool = False,
    ) -> Member:
        """Add a member (creating the user unless ``user_id`` names an existing one).

        Permissions come from roles. ``permissions`` is a shortcut: it creates a role
        ``"<name>-perms"`` with those bits and gives it to the member.
        """
        guild = self._guild(guild_id)
        if user_id is not None and user_id in self.users:
            user = self.users[user_id]
        else:
            user = self.add_user(name, bot=bot, user_id=user_id)
        role_ids = [int(r) for r in (roles or [])]
        for rid in role_ids:
            if rid not in guild.roles:
                raise FakeDiscordError(f"unknown role {rid} in guild {guild.id}")
        if permissions is not None:
            role = self.add_role(guild.id, f"{name}-perms", permissions=permissions)
            role_ids.append(role.id)
        member = Member(user, guild.id, roles=role_ids, nick=nick)
        guild.members[user.id] = member
        self._broadcast(
            "GUILD_MEMBER_ADD",
            {**member.to_payload(), "guild_id": str(guild.id)},
            guild_id=guild.id,
        )
        self._bump()
        return member

    def set_member_roles(self, guild_id: int, user_id: int, roles: Iterable[int]) -> Member:
        guild = self._guild(guild_id)
        member = guild.members[int(user_id)]
        member.roles = [int(r) for r in roles]
        self._member_updated(guild, member)
        return member

    def _member_updated(self, guild: Guild, member: Member) -> None:
        self._broadcast(
            "GUILD_MEMBER_UPDATE",
            {**member.to_payload(), "guild_id": str(guild.id)},
            guild_id=guild.id,
        )
        self._bump()

    def dm_channel(self, user_id: int) -> Channel:
        """The DM channel between the bot and ``user_id`` (created on first use)."""
        uid = int(user_id)
        if uid not in self.users:
            raise FakeDiscordError(f"unknown user {uid}")
        cid = self._dm_channels.get(uid)
        if cid is not None:
            return self.channels[cid]
        channel = Channel(
            id=self._ids.next(), guild_id=None, name="", type=DM, recipients=[self.users[uid]]
        )
        self.channels[channel.id] = channel
        self._dm_channels[uid] = channel.id
        return channel

    def permissions_for(self, guild_id: int, user_id: int, channel_id: int | None = None) -> int:
        guild = self._guild(guild_id)
        channel = self._channel(channel_id) if channel_id is not None else None
        return guild.permissions_for(int(user_id), channel)

    # ------------------------------------------------------------------ inspection

    def channel_messages(
        self,
        channel_id: int,
        *,
        include_deleted: bool = False,
        include_ephemeral: bool = True,
    ) -> list[dict[str, Any]]:
        """Messages of a channel in creation order, current state after edits."""
        out: list[dict[str, Any]] = []
        for mid in self._channel_order.get(int(channel_id), []):
            stored = self._messages[mid]
            if stored.deleted and not include_deleted:
                continue
            if stored.ephemeral and not include_ephemeral:
                continue
            out.append(stored.public())
        return out

    def message(self, message_id: int) -> dict[str, Any] | None:
        stored = self._messages.get(int(message_id))
        return stored.public() if stored is not None else None

    def message_requests(self, message_id: int) -> list[dict[str, Any]]:
        """The raw payloads the bot sent for a message (create, then each edit)."""
        stored = self._messages.get(int(message_id))
        return copy.deepcopy(stored.requests) if stored is not None else []

    def attachment_bytes(self, message_id: int, index: int = 0) -> bytes:
        stored = self._messages.get(int(message_id))
        if stored is None:
            raise FakeDiscordError(f"unknown message {message_id}")
        attachments = stored.data.get("attachments") or []
        if index >= len(attachments):
            raise FakeDiscordError(f"message {message_id} has {len(attachments)} attachment(s)")
        return self._attachments[int(attachments[index]["id"])][2]

    async def wait_for_message(
        self,
        channel_id: int,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        *,
        timeout: float = 5.0,
        include_existing: bool = True,
        after: int | None = None,
    ) -> dict[str, Any]:
        """First (non-deleted) message of the channel matching ``predicate``. Existing
        messages count unless ``include_existing=False``; edits are re-checked."""
        order = self._channel_order[int(channel_id)]
        start = 0 if include_existing else len(order)
        found: list[dict[str, Any]] = []

        def check() -> bool:
            for mid in order[start:]:
                stored = self._messages[mid]
                if stored.deleted or (after is not None and mid <= after):
                    continue
                public = stored.public()
                if predicate is None or predicate(public):
                    found.append(public)
                    return True
            return False

        loop = asyncio.get_running_loop()
        if not await self._wait_until(check, loop.time() + timeout):
            raise FakeDiscordTimeout(
                f"no matching message in channel {channel_id} within {timeout} s; "
                f"channel has {len(order)} message(s)"
            )
        return found[0]

    def commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        return [copy.deepcopy(c) for c in self._commands.get(guild_id, {}).values()]

    def interactions(self) -> list[InteractionRecord]:
        return list(self._interactions.values())

    @property
    def connected(self) -> bool:
        return any(s.conn is not None for s in self._sessions.values())

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self,
        method: str | None = "POST",
        path_pattern: str = r".*",
        status: int = 500,
        times: int = 1,
        *,
        code: int | None = None,
        message: str | None = None,
        retry_after: float = 0.05,
        is_global: bool = False,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` (None = any) and
        ``path_pattern`` (``re.fullmatch`` on the path after ``/api/v10``, no query string)
        with ``status``. 429 answers carry ``retry_after`` and ``Via: 1.1 google``."""
        self._failures.append(
            _Failure(
                method=method.upper() if method else None,
                pattern=re.compile(path_pattern),
                status=status,
                remaining=times,
                code=code,
                message=message,
                retry_after=retry_after,
                is_global=is_global,
                body=dict(body) if body is not None else None,
            )
        )

    def delay_next_answers(self, seconds: float, times: int = 1) -> None:
        """The next ``times`` message creations take effect at once, but their answers reach
        the bot only after ``seconds`` (a crash meanwhile leaves a message it never heard of)."""
        self._slow_answers += [seconds] * times

    def lose_next_answers(self, times: int = 1) -> None:
        """The next ``times`` message creations succeed (the message exists) but the bot gets
        a 500 instead of the message, as when the answer is lost in flight."""
        self._lost_answers += times

    def _injected_failure(self, method: str, path: str) -> web.Response | None:
        for failure in self._failures:
            if failure.remaining <= 0:
                continue
            if failure.method is not None and failure.method != method:
                continue
            if not failure.pattern.fullmatch(path):
                continue
            failure.remaining -= 1
            self._failures = [f for f in self._failures if f.remaining > 0]
            if failure.status == 429:
                return self._too_many(failure.retry_after, failure.is_global)
            if failure.body is not None:
                return _error_body(failure.status, failure.body)
            default_code, default_message = _KNOWN_ERRORS.get(
                failure.status, (0, f"{failure.status}: Error")
            )
            return _error(
                failure.status,
                failure.code if failure.code is not None else default_code,
                failure.message or default_message,
            )
        return None

    def _too_many(self, retry_after: float, is_global: bool) -> web.Response:
        self.rate_limit_hits += 1
        headers = {
            "Via": "1.1 google",
            "Retry-After": str(max(1, int(retry_after + 0.999))),
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        return _json(
            {
                "message": "You are being rate limited.",
                "retry_after": round(max(retry_after, 0.001), 3),
                "global": is_global,
            },
            status=429,
            headers=headers,
        )

    def _rate_limited(self, method: str, path: str, bot_route: bool) -> web.Response | None:
        if not self.enforce_rate_limits:
            return None
        now = time.monotonic()
        if bot_route:
            window = self._global_window
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self.global_rate_limit:
                return self._too_many(1.0 - (now - window[0]), True)
            window.append(now)
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if method == "POST" and match:
            limit, per = self.channel_rate_limit
            cwin = self._channel_windows[int(match.group(1))]
            while cwin and now - cwin[0] >= per:
                cwin.popleft()
            if len(cwin) >= limit:
                return self._too_many(per - (now - cwin[0]), False)
            cwin.append(now)
        return None
