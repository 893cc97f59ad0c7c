"""The fake Discord server: REST (``/api/v10``) and gateway (``/gateway``) on 127.0.0.1.

Everything runs on the test's event loop. The test-side API (``add_guild``, ``slash``,
``click``, ``channel_messages``...) manipulates the same state the HTTP handlers serve.
See ``PROTOCOL.md`` beside this file for the protocol details this follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import re
import secrets
import time
import traceback
import uuid
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.multipart import BodyPartReader

from . import gateway as gw
from .models import (
    DM,
    FLAG_EPHEMERAL,
    FLAG_IS_COMPONENTS_V2,
    FLAG_LOADING,
    FLAG_SUPPRESS_EMBEDS,
    FLAG_SUPPRESS_NOTIFICATIONS,
    GUILD_TEXT,
    Channel,
    FakeDiscordError,
    FakeDiscordTimeout,
    Guild,
    InteractionRecord,
    Member,
    RequestLog,
    Role,
    SnowflakeGenerator,
    StoredMessage,
    User,
    find_component,
    iso_now,
)
from .permissions import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Overwrite,
    Permission,
    has_all,
)
from .validation import validate_choices, validate_command_list, validate_message

__all__ = ["API_PREFIX", "FakeDiscord"]

_log = logging.getLogger("fakediscord")

API_PREFIX = "/api/v10"
JSON_CT = "application/json"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Interaction types.
IT_PING = 1
IT_COMMAND = 2
IT_COMPONENT = 3
IT_AUTOCOMPLETE = 4
IT_MODAL_SUBMIT = 5

# Interaction callback types.
CB_PONG = 1
CB_MESSAGE = 4
CB_DEFERRED_MESSAGE = 5
CB_DEFERRED_UPDATE = 6
CB_UPDATE = 7
CB_AUTOCOMPLETE = 8
CB_MODAL = 9

_MESSAGE_FLAG_MASK = (
    FLAG_EPHEMERAL | FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_IS_COMPONENTS_V2
)
_EDITABLE_FLAGS = FLAG_SUPPRESS_EMBEDS | FLAG_IS_COMPONENTS_V2

_DM_APP_PERMISSIONS = int(
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.ADD_REACTIONS
    | Permission.USE_EXTERNAL_EMOJIS
)

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")

_EVENT_INTENTS: dict[str, int] = {
    "GUILD_CREATE": gw.GUILDS,
    "GUILD_UPDATE": gw.GUILDS,
    "GUILD_DELETE": gw.GUILDS,
    "GUILD_ROLE_CREATE": gw.GUILDS,
    "GUILD_ROLE_UPDATE": gw.GUILDS,
    "GUILD_ROLE_DELETE": gw.GUILDS,
    "CHANNEL_CREATE": gw.GUILDS,
    "CHANNEL_UPDATE": gw.GUILDS,
    "CHANNEL_DELETE": gw.GUILDS,
    "GUILD_MEMBER_ADD": gw.GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": gw.GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": gw.GUILD_MEMBERS,
}


@dataclass
class _Upload:
    index: int
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class _Failure:
    method: str | None
    pattern: re.Pattern[str]
    status: int
    remaining: int
    code: int | None
    message: str | None
    retry_after: float
    is_global: bool
    body: dict[str, Any] | None


@dataclass
class _Context:
    guild: Guild | None
    channel: Channel
    user: User
    member: Member | None
    permissions: int
    app_permissions: int


def _json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # discord.py compares the Content-Type with "application/json" exactly: no charset.
    hdrs = {"Content-Type": JSON_CT}
    if headers:
        hdrs.update(headers)
    return web.Response(body=gw.dumps(data).encode(), status=status, headers=hdrs)


def _error(
    status: int, code: int, message: str, errors: Mapping[str, Any] | None = None
) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = dict(errors)
    return _json(body, status=status)


def _error_body(status: int, body: Mapping[str, Any]) -> web.Response:
    return _json(dict(body), status=status)


def _no_content() -> web.Response:
    return web.Response(status=204)


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "yes")


def _snowflake_of(value: Any) -> int:
    if isinstance(value, bool):
        raise FakeDiscordError(f"expected an id, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    inner = getattr(value, "id", None)
    if isinstance(inner, int):
        return inner
    raise FakeDiscordError(f"expected an id or a model with .id, got {value!r}")


_KNOWN_ERRORS: dict[int, tuple[int, str]] = {
    400: (50035, "Invalid Form Body"),
    401: (0, "401: Unauthorized"),
    403: (50013, "Missing Permissions"),
    404: (10003, "Unknown Channel"),
    500: (0, "500: Internal Server Error"),
    502: (0, "502: Bad Gateway"),
    503: (0, "503: Service Unavailable"),
}


class FakeDiscord:
    """A fake Discord API + gateway for end-to-end tests of an unmodified discord.py bot.

    Start it with ``await fake.start()`` (or ``async with FakeDiscord() as fake``), point
    discord.py at ``fake.api_base`` / ``fake.gateway_url`` and drive it with ``slash()``,
    ``autocomplete()``, ``click()``, ``submit_modal()`` and ``user_message()``.
    """

    def __init__(
        self,
        token: str = "test-token",
        *,
        ack_deadline: float | None = 3.0,
        enforce_rate_limits: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        app_name: str = "Policy Watch",
        bot_name: str = "PolicyWatch",
        heartbeat_interval_ms: int = 41250,
        gateway_compression: bool = False,
        attachment_size_limit: int = 10 * 1024 * 1024,
        allowed_privileged_intents: int = gw.PRIVILEGED_INTENTS,
        channel_rate_limit: tuple[int, float] = (5, 5.0),
        global_rate_limit: int = 50,
    ) -> None:
        self.token = token
        self.ack_deadline = ack_deadline
        self.enforce_rate_limits = enforce_rate_limits
        self.host = host
        self.port = port
        self.app_name = app_name
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.gateway_compression = gateway_compression
        self.attachment_size_limit = attachment_size_limit
        self.allowed_privileged_intents = allowed_privileged_intents
        self.channel_rate_limit = channel_rate_limit
        self.global_rate_limit = global_rate_limit

        self._ids = SnowflakeGenerator()
        # On Discord the bot user of a modern application shares the application's id.
        self.application_id: int = self._ids.next()
        self.bot_user_id: int = self.application_id
        self.owner_id: int = self._ids.next()
        self.bot_user = User(self.bot_user_id, bot_name, bot=True)
        self.owner = User(self.owner_id, "app-owner", global_name="App Owner")
        self.users: dict[int, User] = {self.bot_user_id: self.bot_user, self.owner_id: self.owner}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self._dm_channels: dict[int, int] = {}

        self._messages: dict[int, StoredMessage] = {}
        self._channel_order: dict[int, list[int]] = defaultdict(list)
        self._attachments: dict[int, tuple[str, str | None, bytes]] = {}
        self._commands: dict[int | None, dict[tuple[str, int], dict[str, Any]]] = {}

        self.sync_count = 0
        self.requests: list[RequestLog] = []
        self.rate_limit_hits = 0
        self.errors: list[str] = []
        self.reactions: list[tuple[int, int, str]] = []
        self.presences: list[Any] = []
        self.typing: list[int] = []
        self.identify_count = 0
        self.resume_count = 0
        self.last_identify: dict[str, Any] | None = None

        self._failures: list[_Failure] = []
        # enforce_nonce: (author id, nonce) -> (message id, when created, monotonic seconds)
        self._nonces: dict[tuple[int, str], tuple[int, float]] = {}
        self._lost_answers = 0
        self._slow_answers: list[float] = []
        self.nonce_window = 300.0
        self.nonce_hits = 0
        self._interactions: dict[int, InteractionRecord] = {}
        self._interactions_by_token: dict[str, InteractionRecord] = {}
        self._sessions: dict[str, gw.GatewaySession] = {}
        self._connections: set[gw.GatewayConnection] = set()
        self._global_window: deque[float] = deque()
        self._channel_windows: dict[int, deque[float]] = defaultdict(deque)
        self._changed = asyncio.Event()

        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def http_base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.http_base}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        self._add_routes(app)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, self.port)
        await self._site.start()
        server = self._site._server
        sockets = getattr(server, "sockets", None) or []
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        return self

    async def stop(self) -> None:
        for conn in list(self._connections):
            await conn.close(1001)
        for conn in list(self._connections):
            await conn.finish()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ change notification

    def _bump(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_until(
        self, check: Callable[[], bool], deadline: float, poll: float = 0.01
    ) -> bool:
        """Re-check after every state change of the fake, and every ``poll`` seconds (for
        conditions on state outside the fake, e.g. the bot's own)."""
        loop = asyncio.get_running_loop()
        while True:
            if check():
                return True
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, poll))

    async def wait_for(self, check: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``check()`` is true (re-checked on every change and every 10 ms)."""
        loop = asyncio.get_running_loop()
        if not await self._wait_until(check, loop.time() + timeout):
            raise FakeDiscordTimeout(f"condition not met within {timeout} s")

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

    # ------------------------------------------------------------------ HTTP plumbing

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if not path.startswith(API_PREFIX):
            return await handler(request)
        rel = path[len(API_PREFIX) :] or "/"
        method = request.method
        response: web.StreamResponse | None = None
        try:
            response = self._injected_failure(method, rel)
            bot_route = not rel.startswith(("/interactions/", "/webhooks/"))
            authorized = request.headers.get("Authorization") == f"Bot {self.token}"
            if response is None and bot_route and not authorized:
                response = _error(401, 0, "401: Unauthorized")
            if response is None:
                response = self._rate_limited(method, rel, bot_route)
            if response is None:
                response = await handler(request)
        except web.HTTPException as exc:
            if exc.status == 405:
                response = _error(405, 0, "405: Method Not Allowed")
            elif exc.status == 404:
                response = _error(404, 0, "404: Not Found")
            else:
                response = _error(exc.status, 0, f"{exc.status}: {exc.reason}")
        except _BadRequest as exc:
            response = exc.response
        except Exception:
            # Never answer 5xx by accident: discord.py would retry for ~25 s.
            tb = traceback.format_exc()
            self.errors.append(f"{method} {rel}\n{tb}")
            _log.error("fake discord handler error on %s %s\n%s", method, rel, tb)
            response = _error(400, 0, "fake discord internal error (see FakeDiscord.errors)")
        self.requests.append(RequestLog(method, rel, response.status))
        if response.status >= 400:
            self._note_interaction_error(method, rel, response)
        return response

    def _note_interaction_error(self, method: str, rel: str, response: web.StreamResponse) -> None:
        rec: InteractionRecord | None = None
        if m := re.match(r"/interactions/(\d+)/", rel):
            rec = self._interactions.get(int(m.group(1)))
        elif m := re.match(r"/webhooks/\d+/([^/]+)", rel):
            rec = self._interactions_by_token.get(m.group(1))
        if rec is None:
            return
        body: Any = None
        raw = response.body if isinstance(response, web.Response) else None
        if isinstance(raw, bytes | bytearray):
            with contextlib.suppress(ValueError):
                body = json.loads(raw)
        rec.errors.append({"method": method, "path": rel, "status": response.status, "body": body})
        self._bump()

    def _add_routes(self, app: web.Application) -> None:
        r = app.router
        a = API_PREFIX
        r.add_get("/gateway", self._h_gateway_ws)
        r.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._h_attachment)
        r.add_get(a + "/gateway", self._h_gateway_info)
        r.add_get(a + "/gateway/bot", self._h_gateway_bot)
        r.add_get(a + "/users/@me", self._h_me)
        r.add_post(a + "/users/@me/channels", self._h_create_dm)
        r.add_get(a + "/users/{user_id:\\d+}", self._h_user)
        r.add_get(a + "/oauth2/applications/@me", self._h_app_info)
        r.add_get(a + "/applications/@me", self._h_app_info)
        # Application commands.
        cmds = a + "/applications/{app_id:\\d+}/commands"
        gcmds = a + "/applications/{app_id:\\d+}/guilds/{guild_id:\\d+}/commands"
        for base in (cmds, gcmds):
            r.add_get(base, self._h_commands_get)
            r.add_put(base, self._h_commands_put)
            r.add_post(base, self._h_commands_post)
            r.add_get(base + "/{command_id:\\d+}", self._h_command_get)
            r.add_patch(base + "/{command_id:\\d+}", self._h_command_patch)
            r.add_delete(base + "/{command_id:\\d+}", self._h_command_delete)
        r.add_get(gcmds + "/permissions", self._h_command_permissions)
        # Interactions.
        r.add_post(
            a + "/interactions/{interaction_id:\\d+}/{token}/callback", self._h_interaction_callback
        )
        r.add_post(a + "/webhooks/{app_id:\\d+}/{token}", self._h_webhook_execute)
        wmsg = a + "/webhooks/{app_id:\\d+}/{token}/messages/{message_id}"
        r.add_get(wmsg, self._h_webhook_message_get)
        r.add_patch(wmsg, self._h_webhook_message_patch)
        r.add_delete(wmsg, self._h_webhook_message_delete)
        # Channels and messages.
        ch = a + "/channels/{channel_id:\\d+}"
        r.add_get(ch, self._h_channel_get)
        r.add_get(ch + "/messages", self._h_messages_get)
        r.add_post(ch + "/messages", self._h_message_create)
        r.add_get(ch + "/messages/{message_id:\\d+}", self._h_message_get)
        r.add_patch(ch + "/messages/{message_id:\\d+}", self._h_message_patch)
        r.add_delete(ch + "/messages/{message_id:\\d+}", self._h_message_delete)
        r.add_post(ch + "/typing", self._h_typing)
        react = ch + "/messages/{message_id:\\d+}/reactions/{emoji}/@me"
        r.add_put(react, self._h_reaction_add)
        r.add_delete(react, self._h_reaction_remove)
        # Guilds.
        g = a + "/guilds/{guild_id:\\d+}"
        r.add_get(g, self._h_guild_get)
        r.add_get(g + "/channels", self._h_guild_channels)
        r.add_get(g + "/roles", self._h_guild_roles)
        r.add_get(g + "/members", self._h_guild_members)
        r.add_get(g + "/members/{user_id:\\d+}", self._h_guild_member)
        r.add_put(g + "/members/{user_id:\\d+}/roles/{role_id:\\d+}", self._h_member_role_add)
        r.add_delete(g + "/members/{user_id:\\d+}/roles/{role_id:\\d+}", self._h_member_role_remove)

    async def _read_body(self, request: web.Request) -> tuple[Any, list[_Upload]]:
        if request.content_type == "multipart/form-data":
            payload: Any = {}
            uploads: list[_Upload] = []
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, BodyPartReader):
                    continue
                name = part.name or ""
                raw = bytes(await part.read(decode=False))
                if name == "payload_json":
                    payload = self._parse_json(raw)
                elif name.startswith("files[") and name.endswith("]"):
                    uploads.append(
                        _Upload(
                            index=int(name[6:-1]),
                            filename=part.filename or f"file{name[6:-1]}",
                            content_type=part.headers.get("Content-Type"),
                            data=raw,
                        )
                    )
                elif name == "file":
                    uploads.append(
                        _Upload(0, part.filename or "file", part.headers.get("Content-Type"), raw)
                    )
            return payload, uploads
        body = await request.read()
        if not body:
            return {}, []
        return self._parse_json(body), []

    @staticmethod
    def _parse_json(raw: bytes) -> Any:
        try:
            return json.loads(raw)
        except ValueError:
            raise _BadRequest(
                _error(400, 50109, "The request body contains invalid JSON.")
            ) from None

    async def _read_object(self, request: web.Request) -> tuple[dict[str, Any], list[_Upload]]:
        payload, uploads = await self._read_body(request)
        if not isinstance(payload, dict):
            raise _BadRequest(_error(400, 50035, "Invalid Form Body"))
        return payload, uploads

    # ------------------------------------------------------------------ gateway

    def _broadcast(
        self, event: str, data: Any, *, guild_id: int | None = None, intent: int | None = None
    ) -> None:
        needed = intent if intent is not None else _EVENT_INTENTS.get(event, 0)
        for session in list(self._sessions.values()):
            if guild_id is not None and not session.handles_guild(guild_id):
                continue
            if needed and not session.intents & needed:
                continue
            session.dispatch(event, data)

    def _guild_create_payload(self, guild: Guild, session: gw.GatewaySession) -> dict[str, Any]:
        if session.intents & gw.GUILD_PRESENCES:
            members = list(guild.members.values())
        else:
            members = [m for uid, m in guild.members.items() if uid == self.bot_user_id]
        return guild.to_gateway_payload(members)

    def _broadcast_guild_create(self, guild: Guild) -> None:
        for session in list(self._sessions.values()):
            if session.handles_guild(guild.id) and session.intents & gw.GUILDS:
                session.dispatch("GUILD_CREATE", self._guild_create_payload(guild, session))

    def _broadcast_message(self, event: str, stored: StoredMessage) -> None:
        if stored.ephemeral:
            return
        data = stored.wire()
        guild_id = int(data["guild_id"]) if "guild_id" in data else None
        intent = gw.GUILD_MESSAGES if guild_id is not None else gw.DIRECT_MESSAGES
        author_id = int(data["author"]["id"])
        if guild_id is not None:
            member = self.guilds[guild_id].members.get(author_id)
            if member is not None:
                data["member"] = member.to_payload(include_user=False)
        mentions_bot = any(int(u["id"]) == self.bot_user_id for u in data.get("mentions", []))
        for session in list(self._sessions.values()):
            if not session.handles_guild(guild_id) or not session.intents & intent:
                continue
            payload = data
            privileged_ok = (
                session.intents & gw.MESSAGE_CONTENT
                or author_id == self.bot_user_id
                or guild_id is None
                or mentions_bot
            )
            if event != "MESSAGE_DELETE" and not privileged_ok:
                payload = {**data, "content": "", "embeds": [], "attachments": [], "components": []}
            session.dispatch(event, payload)

    async def _h_gateway_ws(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(timeout=2.0, max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        compress = self.gateway_compression and "compress" in request.query
        conn = gw.GatewayConnection(ws, compress=compress)
        self._connections.add(conn)
        conn.send_op(10, {"heartbeat_interval": self.heartbeat_interval_ms})
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    try:
                        frame = json.loads(msg.data)
                    except ValueError:
                        await conn.close(4002)
                        break
                    await self._gateway_op(conn, frame)
                elif msg.type == WSMsgType.BINARY:
                    await conn.close(4002)
                    break
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            self._connections.discard(conn)
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                if not conn.server_closed and ws.close_code in (1000, 1001):
                    # A clean close from the client ends the session, as on Discord.
                    self._sessions.pop(session.id, None)
            await conn.finish()
            self._bump()
        return ws

    async def _gateway_op(self, conn: gw.GatewayConnection, frame: Any) -> None:
        if not isinstance(frame, dict):
            await conn.close(4002)
            return
        op = frame.get("op")
        d = frame.get("d")
        if op == 1:
            conn.send_op(11)
            return
        if op == 2:
            await self._gw_identify(conn, d or {})
            return
        if op == 6:
            await self._gw_resume(conn, d or {})
            return
        if conn.session is None:
            await conn.close(4003)
            return
        if op == 3:
            self.presences.append(d)
        elif op == 8:
            self._gw_request_members(conn.session, d or {})
        elif op == 4:
            pass
        else:
            await conn.close(4001)

    async def _gw_identify(self, conn: gw.GatewayConnection, d: dict[str, Any]) -> None:
        if conn.session is not None:
            await conn.close(4005)
            return
        if d.get("token") != self.token:
            await conn.close(4004)
            return
        intents = int(d.get("intents", 0) or 0)
        if intents & gw.PRIVILEGED_INTENTS & ~self.allowed_privileged_intents:
            await conn.close(4014)
            return
        shard = d.get("shard") or [0, 1]
        session = gw.GatewaySession(
            id=uuid.uuid4().hex,
            intents=intents,
            shard_id=int(shard[0]),
            shard_count=int(shard[1]),
            identify=dict(d),
        )
        self._sessions[session.id] = session
        session.conn = conn
        conn.session = session
        self.identify_count += 1
        self.last_identify = dict(d)
        guilds = [g for g in self.guilds.values() if session.handles_guild(g.id)]
        ready = {
            "v": 10,
            "user": {**self.bot_user.to_payload(), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "resume_gateway_url": self.gateway_url,
            "session_type": "normal",
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "shard": [session.shard_id, session.shard_count],
            "auth": {},
        }
        session.dispatch("READY", ready)
        for guild in guilds:
            payload = self._guild_create_payload(guild, session)
            payload["unavailable"] = False
            session.dispatch("GUILD_CREATE", payload)
        self._bump()

    async def _gw_resume(self, conn: gw.GatewayConnection, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            await conn.close(4004)
            return
        session = self._sessions.get(str(d.get("session_id")))
        if session is None:
            conn.send_op(9, False)
            return
        old = session.conn
        if old is not None and old is not conn:
            old.session = None
            await old.close(4000)
        session.conn = conn
        conn.session = session
        session.replay(int(d.get("seq") or 0))
        session.dispatch("RESUMED", {})
        self.resume_count += 1
        self._bump()

    def _gw_request_members(self, session: gw.GatewaySession, d: dict[str, Any]) -> None:
        raw_ids = d.get("guild_id")
        guild_ids = raw_ids if isinstance(raw_ids, list) else [raw_ids]
        query = str(d.get("query") or "").lower()
        limit = int(d.get("limit") or 0)
        user_ids = [int(u) for u in (d.get("user_ids") or [])]
        for raw in guild_ids:
            guild = self.guilds.get(int(raw)) if raw is not None else None
            if guild is None:
                continue
            members = list(guild.members.values())
            not_found: list[str] = []
            if user_ids:
                not_found = [str(u) for u in user_ids if u not in guild.members]
                members = [m for m in members if m.id in user_ids]
            elif query:
                members = [m for m in members if m.user.username.lower().startswith(query)]
            if limit:
                members = members[:limit]
            chunk: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [m.to_payload() for m in members],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": not_found,
            }
            if d.get("presences"):
                chunk["presences"] = []
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def disconnect_gateway(
        self,
        code: int = 4000,
        *,
        resumable: bool = True,
        wait: bool = True,
        timeout: float = 5.0,
    ) -> None:
        """Close every gateway websocket with ``code``. The client reconnects: it resumes
        (op 6 → RESUMED, missed events replayed) or, with ``resumable=False``, gets op 9
        and identifies again. With ``wait`` this returns once it is back."""
        resumes, identifies = self.resume_count, self.identify_count
        conns = list(self._connections)
        if not resumable:
            self._sessions.clear()
        for conn in conns:
            await conn.close(code)
        if wait:
            await self.wait_for(
                lambda: (
                    (self.resume_count > resumes or self.identify_count > identifies)
                    and self.connected
                ),
                timeout,
            )

    def send_gateway_op(self, op: int, d: Any = None) -> None:
        """Send a raw op to every connection, e.g. 7 (RECONNECT) or 9 (INVALID_SESSION)."""
        for conn in list(self._connections):
            conn.send_op(op, d)

    async def wait_for_gateway(self, timeout: float = 5.0) -> None:
        await self.wait_for(lambda: self.connected, timeout)

    # ------------------------------------------------------------------ REST: misc

    async def _h_gateway_info(self, request: web.Request) -> web.StreamResponse:
        return _json({"url": self.gateway_url})

    async def _h_gateway_bot(self, request: web.Request) -> web.StreamResponse:
        return _json(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 86400000,
                    "max_concurrency": 1,
                },
            }
        )

    async def _h_me(self, request: web.Request) -> web.StreamResponse:
        return _json({**self.bot_user.to_payload(), "verified": True, "mfa_enabled": False})

    async def _h_user(self, request: web.Request) -> web.StreamResponse:
        user = self.users.get(int(request.match_info["user_id"]))
        if user is None:
            return _error(404, 10013, "Unknown User")
        return _json(user.to_payload())

    async def _h_create_dm(self, request: web.Request) -> web.StreamResponse:
        payload, _ = await self._read_object(request)
        try:
            uid = int(payload.get("recipient_id", 0))
        except (TypeError, ValueError):
            uid = 0
        if uid not in self.users:
            return _error(400, 50035, "Invalid Form Body")
        return _json(self.dm_channel(uid).to_payload())

    def app_info(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.app_name,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.owner.to_payload(),
            "team": None,
            "flags": 0,
            "rpc_origins": [],
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "bot": self.bot_user.to_payload(),
            "approximate_guild_count": len(self.guilds),
        }

    async def _h_app_info(self, request: web.Request) -> web.StreamResponse:
        return _json(self.app_info())

    async def _h_attachment(self, request: web.Request) -> web.StreamResponse:
        try:
            att = self._attachments[int(request.match_info["attachment_id"])]
        except (KeyError, ValueError):
            return web.Response(status=404, text="not found")
        return web.Response(body=att[2], content_type=att[1] or "application/octet-stream")

    # ------------------------------------------------------------------ REST: commands

    def _command_scope(self, request: web.Request) -> int | web.Response | None:
        if int(request.match_info["app_id"]) != self.application_id:
            return _error(403, 50001, "Missing Access")
        raw = request.match_info.get("guild_id")
        if raw is None:
            return None
        gid = int(raw)
        if gid not in self.guilds:
            return _error(403, 50001, "Missing Access")
        return gid

    def _normalize_command(
        self, raw: Mapping[str, Any], guild_id: int | None, existing: dict[str, Any] | None
    ) -> dict[str, Any]:
        ctype = int(raw.get("type", 1) or 1)
        dmp = raw.get("default_member_permissions")
        cmd: dict[str, Any] = {
            "id": existing["id"] if existing else str(self._ids.next()),
            "application_id": str(self.application_id),
            "version": existing["version"] if existing else str(self._ids.next()),
            "type": ctype,
            "name": raw["name"],
            "name_localizations": raw.get("name_localizations"),
            "description": raw.get("description", "") if ctype == 1 else "",
            "description_localizations": raw.get("description_localizations"),
            "default_member_permissions": None if dmp is None else str(int(dmp)),
            "dm_permission": bool(raw.get("dm_permission", True)),
            "contexts": raw.get("contexts"),
            "integration_types": raw.get("integration_types") or [0],
            "nsfw": bool(raw.get("nsfw", False)),
        }
        if ctype == 1:
            cmd["options"] = copy.deepcopy(raw.get("options") or [])
        if guild_id is not None:
            cmd["guild_id"] = str(guild_id)
        if existing is not None:
            strip = ("id", "version")
            old = {k: v for k, v in existing.items() if k not in strip}
            new = {k: v for k, v in cmd.items() if k not in strip}
            if old != new:
                cmd["version"] = str(self._ids.next())
        return cmd

    async def _h_commands_get(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        return _json(self.commands(scope))

    async def _h_commands_put(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        body, _ = await self._read_body(request)
        err = validate_command_list(body)
        if err is not None:
            return _error_body(400, err)
        old = self._commands.get(scope, {})
        new: dict[tuple[str, int], dict[str, Any]] = {}
        for raw in body:
            key = (str(raw["name"]), int(raw.get("type", 1) or 1))
            new[key] = self._normalize_command(raw, scope, old.get(key))
        self._commands[scope] = new
        self.sync_count += 1
        self._bump()
        return _json(self.commands(scope))

    async def _h_commands_post(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        raw, _ = await self._read_object(request)
        err = validate_command_list([raw])
        if err is not None:
            return _error_body(400, err)
        table = self._commands.setdefault(scope, {})
        key = (str(raw["name"]), int(raw.get("type", 1) or 1))
        created = key not in table
        table[key] = self._normalize_command(raw, scope, table.get(key))
        self._bump()
        return _json(copy.deepcopy(table[key]), status=201 if created else 200)

    def _find_command_by_id(
        self, scope: int | None, command_id: int
    ) -> tuple[tuple[str, int], dict[str, Any]] | None:
        for key, cmd in self._commands.get(scope, {}).items():
            if int(cmd["id"]) == command_id:
                return key, cmd
        return None

    async def _h_command_get(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        found = self._find_command_by_id(scope, int(request.match_info["command_id"]))
        if found is None:
            return _error(404, 10063, "Unknown application command")
        return _json(copy.deepcopy(found[1]))

    async def _h_command_patch(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        found = self._find_command_by_id(scope, int(request.match_info["command_id"]))
        if found is None:
            return _error(404, 10063, "Unknown application command")
        key, cmd = found
        patch, _ = await self._read_object(request)
        merged = {**cmd, **patch}
        err = validate_command_list([merged])
        if err is not None:
            return _error_body(400, err)
        table = self._commands[scope]
        del table[key]
        new_key = (str(merged["name"]), int(merged.get("type", 1) or 1))
        table[new_key] = self._normalize_command(merged, scope, cmd)
        self._bump()
        return _json(copy.deepcopy(table[new_key]))

    async def _h_command_delete(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        found = self._find_command_by_id(scope, int(request.match_info["command_id"]))
        if found is None:
            return _error(404, 10063, "Unknown application command")
        del self._commands[scope][found[0]]
        self._bump()
        return _no_content()

    async def _h_command_permissions(self, request: web.Request) -> web.StreamResponse:
        return _json([])

    # ------------------------------------------------------------------ messages: building

    def _make_attachments(
        self,
        channel_id: int,
        spec: Any,
        uploads: Sequence[_Upload],
        existing: Sequence[dict[str, Any]],
        *,
        ephemeral: bool,
    ) -> list[dict[str, Any]]:
        by_index = {u.index: u for u in uploads}
        existing_by_id = {str(a["id"]): a for a in existing}
        out: list[dict[str, Any]] = []
        used: set[int] = set()
        if isinstance(spec, list):
            for entry in spec:
                raw_id = str(entry.get("id", ""))
                if raw_id in existing_by_id:
                    out.append(existing_by_id[raw_id])
                    continue
                try:
                    index = int(raw_id)
                except ValueError:
                    continue
                upload = by_index.get(index)
                if upload is None:
                    continue
                used.add(index)
                out.append(self._store_attachment(channel_id, upload, entry, ephemeral=ephemeral))
        else:
            out.extend(existing)
        for upload in uploads:
            if upload.index not in used:
                out.append(self._store_attachment(channel_id, upload, {}, ephemeral=ephemeral))
        return out

    def _store_attachment(
        self,
        channel_id: int,
        upload: _Upload,
        entry: Mapping[str, Any],
        *,
        ephemeral: bool,
    ) -> dict[str, Any]:
        att_id = self._ids.next()
        filename = str(entry.get("filename") or upload.filename)
        self._attachments[att_id] = (filename, upload.content_type, upload.data)
        url = f"{self.http_base}/attachments/{channel_id}/{att_id}/{filename}"
        att: dict[str, Any] = {
            "id": str(att_id),
            "filename": filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url,
        }
        if upload.content_type:
            att["content_type"] = upload.content_type
        if entry.get("description"):
            att["description"] = entry["description"]
        if ephemeral:
            att["ephemeral"] = True
        return att

    def _mentions(self, content: str, guild_id: int | None) -> tuple[list[Any], list[str]]:
        users: list[Any] = []
        seen: set[int] = set()
        for raw in _USER_MENTION.findall(content):
            uid = int(raw)
            if uid in self.users and uid not in seen:
                seen.add(uid)
                users.append(self.users[uid].to_payload())
        roles: list[str] = []
        if guild_id is not None:
            guild = self.guilds[guild_id]
            for raw in _ROLE_MENTION.findall(content):
                if int(raw) in guild.roles and raw not in roles:
                    roles.append(raw)
        return users, roles

    def _mention_everyone(self, content: str, allowed: Any, channel: Channel, author: User) -> bool:
        if "@everyone" not in content and "@here" not in content:
            return False
        if isinstance(allowed, Mapping) and "everyone" not in (allowed.get("parse") or []):
            return False
        if channel.guild_id is None:
            return False
        perms = self.guilds[channel.guild_id].permissions_for(author.id, channel)
        return bool(perms & Permission.MENTION_EVERYONE)

    def _create_message(
        self,
        channel: Channel,
        payload: Mapping[str, Any],
        uploads: Sequence[_Upload],
        *,
        author: User,
        msg_type: int = 0,
        flags: int = 0,
        webhook_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        interaction_id: int | None = None,
        dispatch: bool = True,
    ) -> StoredMessage:
        mid = self._ids.next()
        content = str(payload.get("content") or "")
        ephemeral = bool(flags & FLAG_EPHEMERAL)
        attachments = self._make_attachments(
            channel.id, payload.get("attachments"), uploads, [], ephemeral=ephemeral
        )
        mentions, mention_roles = self._mentions(content, channel.guild_id)
        allowed = payload.get("allowed_mentions")
        data: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel.id),
            "type": msg_type,
            "content": content,
            "author": author.to_payload(),
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts", False)),
            "mention_everyone": self._mention_everyone(content, allowed, channel, author),
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": attachments,
            "embeds": [{"type": "rich", **e} for e in (payload.get("embeds") or [])],
            "components": copy.deepcopy(payload.get("components") or []),
            "pinned": False,
            "flags": flags,
        }
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
        if webhook_id is not None:
            data["webhook_id"] = str(webhook_id)
            data["application_id"] = str(self.application_id)
        if payload.get("nonce") is not None:
            data["nonce"] = payload["nonce"]
        if interaction_metadata is not None:
            data["interaction_metadata"] = interaction_metadata
        ref = payload.get("message_reference")
        if isinstance(ref, Mapping) and ref.get("message_id"):
            target = self._messages.get(int(ref["message_id"]))
            data["message_reference"] = {
                "type": int(ref.get("type", 0) or 0),
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id") or channel.id),
                **({"guild_id": str(channel.guild_id)} if channel.guild_id else {}),
            }
            if target is not None:
                referenced = target.wire()
                referenced.pop("referenced_message", None)
                data["referenced_message"] = referenced
            if msg_type == 0:
                data["type"] = 19
        stored = StoredMessage(
            data=data,
            allowed_mentions=copy.deepcopy(allowed),
            has_allowed_mentions="allowed_mentions" in payload,
            interaction_id=interaction_id,
            requests=[copy.deepcopy(dict(payload))],
        )
        self._messages[mid] = stored
        self._channel_order[channel.id].append(mid)
        channel.last_message_id = mid
        if dispatch:
            self._broadcast_message("MESSAGE_CREATE", stored)
        self._bump()
        return stored

    def _apply_edit(
        self,
        stored: StoredMessage,
        payload: Mapping[str, Any],
        uploads: Sequence[_Upload],
        *,
        clear_loading: bool = False,
        dispatch: bool = True,
    ) -> web.Response | None:
        """PATCH semantics: only the keys present change. Returns an error response or None."""
        data = stored.data
        content = data.get("content", "")
        if "content" in payload:
            content = str(payload["content"] or "")
        embeds = data.get("embeds", [])
        if "embeds" in payload:
            embeds = [{"type": "rich", **e} for e in (payload["embeds"] or [])]
        components = data.get("components", [])
        if "components" in payload:
            components = copy.deepcopy(payload["components"] or [])
        flags = int(data.get("flags", 0))
        if payload.get("flags") is not None:
            flags = (flags & ~_EDITABLE_FLAGS) | (int(payload["flags"]) & _EDITABLE_FLAGS)
        if clear_loading:
            flags &= ~FLAG_LOADING
        attachments = data.get("attachments", [])
        if "attachments" in payload or uploads:
            attachments = self._make_attachments(
                stored.channel_id,
                payload.get("attachments") if "attachments" in payload else None,
                uploads,
                [] if "attachments" in payload else attachments,
                ephemeral=stored.ephemeral,
            )
        check = {"content": content, "embeds": embeds, "components": components, "flags": flags}
        err = validate_message(check, file_count=len(attachments), require_content=False)
        empty = not (content.strip() or embeds or components or attachments)
        if err is None and empty and not flags & FLAG_LOADING:
            err = {"message": "Cannot send an empty message", "code": 50006}
        if err is not None:
            return _error_body(400, err)
        data["content"] = content
        data["embeds"] = embeds
        data["components"] = components
        data["flags"] = flags
        data["attachments"] = attachments
        data["edited_timestamp"] = iso_now()
        channel = self.channels.get(stored.channel_id)
        guild_id = channel.guild_id if channel is not None else None
        data["mentions"], data["mention_roles"] = self._mentions(content, guild_id)
        if "allowed_mentions" in payload:
            stored.allowed_mentions = copy.deepcopy(payload["allowed_mentions"])
            stored.has_allowed_mentions = True
        stored.edits += 1
        stored.requests.append(copy.deepcopy(dict(payload)))
        if dispatch:
            self._broadcast_message("MESSAGE_UPDATE", stored)
        self._bump()
        return None

    def _delete_message(self, stored: StoredMessage) -> None:
        stored.deleted = True
        data: dict[str, Any] = {"id": str(stored.id), "channel_id": str(stored.channel_id)}
        if "guild_id" in stored.data:
            data["guild_id"] = stored.data["guild_id"]
        if not stored.ephemeral:
            guild_id = int(data["guild_id"]) if "guild_id" in data else None
            intent = gw.GUILD_MESSAGES if guild_id is not None else gw.DIRECT_MESSAGES
            self._broadcast("MESSAGE_DELETE", data, guild_id=guild_id, intent=intent)
        self._bump()

    def user_message(
        self,
        channel_id: int,
        user_id: int,
        content: str = "",
        *,
        embeds: list[dict[str, Any]] | None = None,
        message_reference: int | None = None,
    ) -> dict[str, Any]:
        """A message written by a user (MESSAGE_CREATE to sessions with the right intents;
        content blanked without MESSAGE_CONTENT unless it mentions the bot)."""
        channel = self._channel(channel_id)
        user = self.users.get(int(user_id))
        if user is None:
            raise FakeDiscordError(f"unknown user {user_id}")
        if channel.guild_id is not None and user.id not in self.guilds[channel.guild_id].members:
            raise FakeDiscordError(f"user {user_id} is not a member of guild {channel.guild_id}")
        payload: dict[str, Any] = {"content": content, "embeds": embeds or []}
        if message_reference is not None:
            payload["message_reference"] = {"message_id": message_reference}
        stored = self._create_message(channel, payload, [], author=user)
        stored.has_allowed_mentions = False
        return stored.public()

    # ------------------------------------------------------------------ REST: channels

    def _bot_can(self, channel: Channel, needed: int) -> bool:
        if channel.guild_id is None:
            return True
        perms = self.guilds[channel.guild_id].permissions_for(self.bot_user_id, channel)
        return has_all(perms, needed)

    def _req_channel(self, request: web.Request) -> Channel:
        channel = self.channels.get(int(request.match_info["channel_id"]))
        if channel is None:
            raise _BadRequest(_error(404, 10003, "Unknown Channel"))
        if not self._bot_can(channel, Permission.VIEW_CHANNEL):
            raise _BadRequest(_error(403, 50001, "Missing Access"))
        return channel

    def _req_message(self, request: web.Request, channel: Channel) -> StoredMessage:
        stored = self._messages.get(int(request.match_info["message_id"]))
        if stored is None or stored.deleted or stored.channel_id != channel.id or stored.ephemeral:
            raise _BadRequest(_error(404, 10008, "Unknown Message"))
        return stored

    async def _h_channel_get(self, request: web.Request) -> web.StreamResponse:
        return _json(self._req_channel(request).to_payload())

    async def _h_message_create(self, request: web.Request) -> web.StreamResponse:
        channel = self.channels.get(int(request.match_info["channel_id"]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        payload, uploads = await self._read_object(request)
        if not self._bot_can(channel, Permission.VIEW_CHANNEL):
            return _error(403, 50001, "Missing Access")
        needed = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES
        if uploads:
            needed |= Permission.ATTACH_FILES
        if not self._bot_can(channel, int(needed)):
            return _error(403, 50013, "Missing Permissions")
        err = validate_message(payload, file_count=len(uploads))
        if err is not None:
            return _error_body(400, err)
        ref = payload.get("message_reference")
        if isinstance(ref, Mapping) and ref.get("message_id"):
            target = self._messages.get(int(ref["message_id"]))
            if (target is None or target.deleted) and ref.get("fail_if_not_exists", True):
                return _error(
                    400,
                    50035,
                    "Invalid Form Body",
                    {
                        "message_reference": {
                            "_errors": [
                                {"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown"}
                            ]
                        }
                    },
                )
        flags = int(payload.get("flags") or 0) & (
            FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_IS_COMPONENTS_V2
        )
        nonce = payload.get("nonce")
        key = (self.bot_user.id, str(nonce))
        if nonce is not None and payload.get("enforce_nonce"):
            # Discord: the same author and nonce within a few minutes returns the message
            # created the first time, and creates nothing.
            seen = self._nonces.get(key)
            if seen is not None and time.monotonic() - seen[1] < self.nonce_window:
                existing = self._messages.get(seen[0])
                if existing is not None and not existing.deleted:
                    self.nonce_hits += 1
                    return _json(existing.wire())
        stored = self._create_message(channel, payload, uploads, author=self.bot_user, flags=flags)
        if nonce is not None and payload.get("enforce_nonce"):
            self._nonces[key] = (int(stored.wire()["id"]), time.monotonic())
        if self._lost_answers > 0:
            self._lost_answers -= 1
            return _error(500, 0, "500: Internal Server Error (the answer was lost)")
        if self._slow_answers:
            await asyncio.sleep(self._slow_answers.pop(0))
        return _json(stored.wire())

    async def _h_messages_get(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        if not self._bot_can(channel, Permission.READ_MESSAGE_HISTORY):
            return _json([])
        q = request.query
        limit = max(1, min(100, int(q.get("limit", "50"))))
        msgs = [
            self._messages[m]
            for m in self._channel_order.get(channel.id, [])
            if not self._messages[m].deleted and not self._messages[m].ephemeral
        ]
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])]
        if "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])]
            msgs = msgs[:limit]
        if "around" in q:
            around = int(q["around"])
            older = [m for m in msgs if m.id <= around][-(limit // 2 + 1) :]
            newer = [m for m in msgs if m.id > around][: limit - len(older)]
            msgs = older + newer
        msgs = msgs[-limit:]
        return _json([m.wire() for m in reversed(msgs)])

    async def _h_message_get(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        return _json(self._req_message(request, channel).wire())

    async def _h_message_patch(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        payload, uploads = await self._read_object(request)
        own = int(stored.data["author"]["id"]) == self.bot_user_id
        if not own and set(payload) - {"flags"}:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        err = self._apply_edit(stored, payload, uploads)
        if err is not None:
            return err
        self._note_message_update(stored.id)
        return _json(stored.wire())

    async def _h_message_delete(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        own = int(stored.data["author"]["id"]) == self.bot_user_id
        if not own and not self._bot_can(channel, Permission.MANAGE_MESSAGES):
            return _error(403, 50013, "Missing Permissions")
        self._delete_message(stored)
        self._note_message_update(stored.id)
        return _no_content()

    def _note_message_update(self, message_id: int) -> None:
        for rec in self._interactions.values():
            if rec.message_id == message_id:
                rec.updates += 1

    async def _h_typing(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        if not self._bot_can(channel, Permission.SEND_MESSAGES):
            return _error(403, 50013, "Missing Permissions")
        self.typing.append(channel.id)
        return _no_content()

    async def _h_reaction_add(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        if not self._bot_can(channel, Permission.ADD_REACTIONS | Permission.READ_MESSAGE_HISTORY):
            return _error(403, 50013, "Missing Permissions")
        self.reactions.append((channel.id, stored.id, request.match_info["emoji"]))
        self._bump()
        return _no_content()

    async def _h_reaction_remove(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        entry = (channel.id, stored.id, request.match_info["emoji"])
        if entry in self.reactions:
            self.reactions.remove(entry)
        self._bump()
        return _no_content()

    # ------------------------------------------------------------------ REST: guilds

    def _req_guild(self, request: web.Request) -> Guild:
        guild = self.guilds.get(int(request.match_info["guild_id"]))
        if guild is None or self.bot_user_id not in guild.members:
            raise _BadRequest(_error(404, 10004, "Unknown Guild"))
        return guild

    async def _h_guild_get(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        payload = guild.to_rest_payload()
        if _truthy(request.query.get("with_counts")):
            payload["approximate_member_count"] = len(guild.members)
            payload["approximate_presence_count"] = 0
        return _json(payload)

    async def _h_guild_channels(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        return _json([c.to_payload() for c in guild.channels.values()])

    async def _h_guild_roles(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        return _json([r.to_payload() for r in guild.roles.values()])

    async def _h_guild_members(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        limit = max(1, min(1000, int(request.query.get("limit", "1"))))
        after = int(request.query.get("after", "0"))
        members = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)
        return _json([m.to_payload() for m in members[:limit]])

    async def _h_guild_member(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        member = guild.members.get(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        return _json(member.to_payload())

    def _role_edit_allowed(self, guild: Guild, role_id: int) -> web.Response | None:
        role = guild.roles.get(role_id)
        if role is None:
            return _error(404, 10011, "Unknown Role")
        perms = guild.permissions_for(self.bot_user_id)
        if not perms & Permission.MANAGE_ROLES:
            return _error(403, 50013, "Missing Permissions")
        if guild.owner_id != self.bot_user_id and role.position >= guild.top_role_position(
            self.bot_user_id
        ):
            return _error(403, 50013, "Missing Permissions")
        return None

    async def _h_member_role_add(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        member = guild.members.get(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        role_id = int(request.match_info["role_id"])
        err = self._role_edit_allowed(guild, role_id)
        if err is not None:
            return err
        if role_id not in member.roles:
            member.roles.append(role_id)
            self._member_updated(guild, member)
        return _no_content()

    async def _h_member_role_remove(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        member = guild.members.get(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        role_id = int(request.match_info["role_id"])
        err = self._role_edit_allowed(guild, role_id)
        if err is not None:
            return err
        if role_id in member.roles:
            member.roles.remove(role_id)
            self._member_updated(guild, member)
        return _no_content()

    # ------------------------------------------------------------------ interactions: REST

    def _interaction_metadata(self, rec: InteractionRecord, **extra: Any) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "id": str(rec.id),
            "type": rec.type,
            "user": self.users[rec.user_id].to_payload(),
            "authorizing_integration_owners": rec.payload.get("authorizing_integration_owners", {}),
        }
        if rec.command_name is not None and rec.type == IT_COMMAND:
            meta["name"] = rec.command_name
            meta["command_type"] = int(rec.payload["data"].get("type", 1))
        meta.update(extra)
        return meta

    def _response_message_type(self, rec: InteractionRecord) -> int:
        if rec.type == IT_COMMAND:
            return 20 if int(rec.payload["data"].get("type", 1)) == 1 else 23
        return 0

    async def _h_interaction_callback(self, request: web.Request) -> web.StreamResponse:
        rec = self._interactions.get(int(request.match_info["interaction_id"]))
        if rec is None or rec.token != request.match_info["token"]:
            return _error(404, 10062, "Unknown interaction")
        payload, uploads = await self._read_object(request)
        rtype = int(payload.get("type", 0) or 0)
        if rec.response_type is not None:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        loop = asyncio.get_running_loop()
        if self.ack_deadline is not None and loop.time() - rec.created_at > self.ack_deadline:
            rec.expired = True
            self._bump()
            return _error(404, 10062, "Unknown interaction")
        data = payload.get("data") or {}
        if not isinstance(data, dict):
            return _error(400, 50035, "Invalid Form Body")
        has_message = "message" in rec.payload
        bad_type = _error(400, 40004, f"Interaction callback type {rtype} is not valid here")
        stored: StoredMessage | None = None
        channel = self.channels[rec.channel_id]
        if rtype == CB_MESSAGE:
            if rec.type == IT_AUTOCOMPLETE:
                return bad_type
            err = validate_message(data, file_count=len(uploads))
            if err is not None:
                return _error_body(400, err)
            stored = self._create_message(
                channel,
                data,
                uploads,
                author=self.bot_user,
                msg_type=self._response_message_type(rec),
                flags=int(data.get("flags") or 0) & _MESSAGE_FLAG_MASK,
                webhook_id=self.application_id,
                interaction_metadata=self._interaction_metadata(rec),
                interaction_id=rec.id,
            )
            rec.message_id = stored.id
        elif rtype == CB_DEFERRED_MESSAGE:
            if rec.type == IT_AUTOCOMPLETE:
                return bad_type
            stored = self._create_message(
                channel,
                {"content": ""},
                [],
                author=self.bot_user,
                msg_type=self._response_message_type(rec),
                flags=FLAG_LOADING | (int(data.get("flags") or 0) & FLAG_EPHEMERAL),
                webhook_id=self.application_id,
                interaction_metadata=self._interaction_metadata(rec),
                interaction_id=rec.id,
            )
            stored.requests = []
            rec.message_id = stored.id
        elif rtype in (CB_DEFERRED_UPDATE, CB_UPDATE):
            if not has_message:
                return bad_type
            stored = self._messages[int(rec.payload["message"]["id"])]
            rec.message_id = stored.id
            if rtype == CB_UPDATE:
                err_resp = self._apply_edit(stored, data, uploads)
                if err_resp is not None:
                    return err_resp
        elif rtype == CB_AUTOCOMPLETE:
            if rec.type != IT_AUTOCOMPLETE:
                return bad_type
            err = validate_choices(data.get("choices", []))
            if err is not None:
                return _error_body(400, err)
        elif rtype == CB_MODAL:
            if rec.type in (IT_AUTOCOMPLETE, IT_MODAL_SUBMIT):
                return bad_type
            title = str(data.get("title") or "")
            if not data.get("custom_id") or not 1 <= len(title) <= 45:
                return _error(400, 50035, "Invalid Form Body")
            if not data.get("components"):
                return _error(400, 50035, "Invalid Form Body")
        else:
            return bad_type
        rec.response_type = rtype
        rec.response_data = copy.deepcopy(data)
        self._bump()
        interaction: dict[str, Any] = {"id": str(rec.id), "type": rec.type}
        resource: dict[str, Any] = {"type": rtype}
        if stored is not None:
            interaction["response_message_id"] = str(stored.id)
            interaction["response_message_loading"] = rtype == CB_DEFERRED_MESSAGE
            interaction["response_message_ephemeral"] = stored.ephemeral
            resource["message"] = stored.wire()
        return _json({"interaction": interaction, "resource": resource})

    def _req_interaction(self, request: web.Request) -> InteractionRecord:
        rec = self._interactions_by_token.get(request.match_info["token"])
        if rec is None or int(request.match_info["app_id"]) != self.application_id:
            raise _BadRequest(_error(404, 10015, "Unknown Webhook"))
        if rec.response_type is None:
            raise _BadRequest(_error(404, 10015, "Unknown Webhook"))
        return rec

    def _req_webhook_message(self, request: web.Request, rec: InteractionRecord) -> StoredMessage:
        raw = request.match_info["message_id"]
        if raw == "@original":
            mid = rec.message_id
        elif raw.isdigit():
            mid = int(raw)
            if mid != rec.message_id and mid not in rec.followup_ids:
                mid = None
        else:
            mid = None
        stored = self._messages.get(mid) if mid is not None else None
        if stored is None or stored.deleted:
            raise _BadRequest(_error(404, 10008, "Unknown Message"))
        return stored

    async def _h_webhook_execute(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        payload, uploads = await self._read_object(request)
        err = validate_message(payload, file_count=len(uploads))
        if err is not None:
            return _error_body(400, err)
        original = self._messages.get(rec.message_id) if rec.message_id is not None else None
        if (
            rec.response_type == CB_DEFERRED_MESSAGE
            and original is not None
            and not original.deleted
            and original.flags & FLAG_LOADING
        ):
            # Discord answers the first follow-up after a defer by editing "thinking".
            err_resp = self._apply_edit(original, payload, uploads, clear_loading=True)
            if err_resp is not None:
                return err_resp
            stored = original
        else:
            stored = self._create_message(
                self.channels[rec.channel_id],
                payload,
                uploads,
                author=self.bot_user,
                flags=int(payload.get("flags") or 0) & _MESSAGE_FLAG_MASK,
                webhook_id=self.application_id,
                interaction_metadata=self._interaction_metadata(
                    rec,
                    **(
                        {"original_response_message_id": str(rec.message_id)}
                        if rec.message_id
                        else {}
                    ),
                ),
                interaction_id=rec.id,
            )
            rec.followup_ids.append(stored.id)
        rec.updates += 1
        self._bump()
        if _truthy(request.query.get("wait")):
            return _json(stored.wire())
        return _no_content()

    async def _h_webhook_message_get(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        return _json(self._req_webhook_message(request, rec).wire())

    async def _h_webhook_message_patch(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        stored = self._req_webhook_message(request, rec)
        payload, uploads = await self._read_object(request)
        err = self._apply_edit(stored, payload, uploads, clear_loading=True)
        if err is not None:
            return err
        rec.updates += 1
        self._bump()
        return _json(stored.wire())

    async def _h_webhook_message_delete(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        stored = self._req_webhook_message(request, rec)
        self._delete_message(stored)
        rec.updates += 1
        self._bump()
        return _no_content()

    # ------------------------------------------------------------------ interactions: test API

    def _context(self, guild_id: int | None, channel_id: int | None, user_id: int) -> _Context:
        user = self.users.get(int(user_id))
        if user is None:
            raise FakeDiscordError(f"unknown user {user_id}")
        if guild_id is None:
            channel = self.dm_channel(user.id)
            if channel_id is not None and int(channel_id) != channel.id:
                raise FakeDiscordError(f"channel {channel_id} is not the DM with user {user_id}")
            return _Context(None, channel, user, None, 0, _DM_APP_PERMISSIONS)
        guild = self._guild(guild_id)
        if channel_id is None:
            raise FakeDiscordError("a guild interaction needs a channel id")
        channel = self._channel(channel_id)
        if channel.guild_id != guild.id:
            raise FakeDiscordError(f"channel {channel_id} is not in guild {guild_id}")
        member = guild.members.get(user.id)
        if member is None:
            raise FakeDiscordError(f"user {user_id} is not a member of guild {guild_id}")
        return _Context(
            guild,
            channel,
            user,
            member,
            guild.permissions_for(user.id, channel),
            guild.permissions_for(self.bot_user_id, channel),
        )

    def _find_command(self, guild_id: int | None, name: str, ctype: int) -> dict[str, Any]:
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            cmd = self._commands.get(scope, {}).get((name, ctype))
            if cmd is not None:
                return cmd
        known = sorted(
            {k[0] for scope in scopes for k in self._commands.get(scope, {}) if k[1] == ctype}
        )
        raise FakeDiscordError(f"no synced command {name!r} (type {ctype}); synced: {known}")

    def _check_visible(self, cmd: Mapping[str, Any], ctx: _Context) -> None:
        name = cmd["name"]
        contexts = cmd.get("contexts")
        ctx_type = 0 if ctx.guild is not None else 1
        if contexts is not None and ctx_type not in contexts:
            raise FakeDiscordError(f"/{name} is not available in context {ctx_type} ({contexts})")
        if contexts is None and ctx_type == 1 and cmd.get("dm_permission") is False:
            raise FakeDiscordError(f"/{name} cannot be used in DMs (dm_permission false)")
        if ctx.guild is None:
            return
        needed = Permission.VIEW_CHANNEL | Permission.USE_APPLICATION_COMMANDS
        if not has_all(ctx.permissions, needed):
            raise FakeDiscordError(
                f"user {ctx.user.id} cannot use application commands in channel {ctx.channel.id}"
            )
        dmp = cmd.get("default_member_permissions")
        if dmp is None:
            return
        base = ctx.guild.permissions_for(ctx.user.id)
        if base & Permission.ADMINISTRATOR:
            return
        required = int(dmp)
        if required == 0 or not has_all(base, required):
            raise FakeDiscordError(
                f"/{name} is hidden from user {ctx.user.id}: default_member_permissions={dmp}, "
                f"member has {base}"
            )

    def _base_payload(
        self, itype: int, ctx: _Context, data: dict[str, Any], locale: str
    ) -> tuple[int, str, dict[str, Any]]:
        iid = self._ids.next()
        token = f"fake.{secrets.token_urlsafe(48)}"
        channel_payload = ctx.channel.to_payload()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "token": token,
            "version": 1,
            "attachment_size_limit": self.attachment_size_limit,
            "locale": locale,
            "entitlements": [],
            "app_permissions": str(ctx.app_permissions),
            "channel_id": str(ctx.channel.id),
            "channel": channel_payload,
            "data": data,
        }
        if ctx.guild is not None and ctx.member is not None:
            channel_payload["permissions"] = str(ctx.permissions)
            payload["guild_id"] = str(ctx.guild.id)
            payload["guild"] = {
                "id": str(ctx.guild.id),
                "locale": ctx.guild.preferred_locale,
                "features": [],
            }
            payload["guild_locale"] = ctx.guild.preferred_locale
            payload["member"] = {**ctx.member.to_payload(), "permissions": str(ctx.permissions)}
            payload["context"] = 0
            payload["authorizing_integration_owners"] = {"0": str(ctx.guild.id)}
        else:
            payload["user"] = ctx.user.to_payload()
            payload["context"] = 1
            payload["authorizing_integration_owners"] = {"1": str(ctx.user.id)}
        return iid, token, payload

    def _deliver(
        self,
        itype: int,
        ctx: _Context,
        data: dict[str, Any],
        *,
        locale: str,
        command_name: str | None = None,
        message: StoredMessage | None = None,
    ) -> InteractionRecord:
        guild_id = ctx.guild.id if ctx.guild is not None else None
        sessions = [s for s in self._sessions.values() if s.handles_guild(guild_id)]
        if not sessions:
            raise FakeDiscordError("the bot has no gateway session (not connected / identified)")
        # A session left behind by a client that went away must not swallow the interaction:
        # prefer the newest session with a live connection.
        sessions.sort(key=lambda s: s.conn is not None, reverse=True)
        live = [s for s in sessions if s.conn is not None]
        if live:
            sessions = [live[-1]]
        iid, token, payload = self._base_payload(itype, ctx, data, locale)
        if message is not None:
            payload["message"] = message.wire()
        rec = InteractionRecord(
            id=iid,
            token=token,
            type=itype,
            guild_id=guild_id,
            channel_id=ctx.channel.id,
            user_id=ctx.user.id,
            payload=payload,
            created_at=asyncio.get_running_loop().time(),
            command_name=command_name,
            _lookup=self._messages.get,
        )
        self._interactions[iid] = rec
        self._interactions_by_token[token] = rec
        sessions[0].dispatch("INTERACTION_CREATE", payload)
        return rec

    async def _await_response(
        self, rec: InteractionRecord, timeout: float, wait_followup: bool
    ) -> InteractionRecord:
        loop = asyncio.get_running_loop()
        deadline = rec.created_at + timeout
        first = deadline
        if self.ack_deadline is not None:
            first = min(deadline, rec.created_at + self.ack_deadline + 0.25)
        await self._wait_until(lambda: rec.response_type is not None or rec.expired, first)
        what = rec.command_name or rec.payload["data"].get("custom_id") or rec.type
        if rec.response_type is None:
            late = " (it answered after the ack deadline)" if rec.expired else ""
            rejected = f"; rejected requests: {rec.errors}" if rec.errors else ""
            raise FakeDiscordTimeout(
                f"interaction {what!r}: the application did not respond"
                f" within {min(timeout, first - rec.created_at):.2f} s{late}{rejected}"
            )
        deferred = rec.response_type in (CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE)
        if wait_followup and deferred:
            done = await self._wait_until(lambda: rec.updates > 0, max(deadline, loop.time()))
            if not done:
                rejected = f"; rejected requests: {rec.errors}" if rec.errors else ""
                raise FakeDiscordTimeout(
                    f"interaction {what!r}: deferred (type {rec.response_type}) but no "
                    f"follow-up or edit within {timeout} s{rejected}"
                )
        return rec

    def _resolve_user(self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]) -> str:
        uid = _snowflake_of(value)
        user = self.users.get(uid)
        if user is None:
            raise FakeDiscordError(f"unknown user {uid}")
        resolved.setdefault("users", {})[str(uid)] = user.to_payload()
        if ctx.guild is not None and uid in ctx.guild.members:
            member = ctx.guild.members[uid]
            perms = ctx.guild.permissions_for(uid, ctx.channel)
            resolved.setdefault("members", {})[str(uid)] = {
                **member.to_payload(include_user=False),
                "permissions": str(perms),
            }
        return str(uid)

    def _resolve_role(
        self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]
    ) -> str | None:
        rid = _snowflake_of(value)
        if ctx.guild is None or rid not in ctx.guild.roles:
            return None
        resolved.setdefault("roles", {})[str(rid)] = ctx.guild.roles[rid].to_payload()
        return str(rid)

    def _resolve_channel(
        self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]
    ) -> str:
        cid = _snowflake_of(value)
        channel = self.channels.get(cid)
        if channel is None:
            raise FakeDiscordError(f"unknown channel {cid}")
        entry: dict[str, Any] = {
            "id": str(cid),
            "name": channel.name,
            "type": channel.type,
            "permissions": "0",
        }
        if channel.guild_id is not None:
            entry["guild_id"] = str(channel.guild_id)
            entry["parent_id"] = str(channel.parent_id) if channel.parent_id else None
            perms = self.guilds[channel.guild_id].permissions_for(ctx.user.id, channel)
            entry["permissions"] = str(perms)
        resolved.setdefault("channels", {})[str(cid)] = entry
        return str(cid)

    def _option_value(
        self,
        opt: Mapping[str, Any],
        value: Any,
        ctx: _Context,
        resolved: dict[str, dict[str, Any]],
        *,
        strict: bool,
        where: str,
    ) -> Any:
        otype = int(opt["type"])
        name = opt["name"]
        if otype == 3:
            value = str(value)
        elif otype == 4:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise FakeDiscordError(f"{where}{name}: integer expected, got {value!r}")
            value = int(value)
        elif otype == 10:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise FakeDiscordError(f"{where}{name}: number expected, got {value!r}")
            value = float(value) if isinstance(value, str) else value
        elif otype == 5:
            if not isinstance(value, bool):
                raise FakeDiscordError(f"{where}{name}: boolean expected, got {value!r}")
        elif otype == 6:
            return self._resolve_user(value, ctx, resolved)
        elif otype == 7:
            cid = self._resolve_channel(value, ctx, resolved)
            allowed_types = opt.get("channel_types")
            if strict and allowed_types and self.channels[int(cid)].type not in allowed_types:
                raise FakeDiscordError(f"{where}{name}: channel type not in {allowed_types}")
            return cid
        elif otype == 8:
            rid = self._resolve_role(value, ctx, resolved)
            if rid is None:
                raise FakeDiscordError(f"{where}{name}: unknown role {value!r}")
            return rid
        elif otype == 9:
            rid = self._resolve_role(value, ctx, resolved)
            return rid if rid is not None else self._resolve_user(value, ctx, resolved)
        elif otype == 11:
            return self._resolve_attachment(value, ctx, resolved)
        choices = opt.get("choices")
        if strict and choices:
            values = [c["value"] for c in choices]
            if value not in values:
                by_name = {c["name"]: c["value"] for c in choices}
                if isinstance(value, str) and value in by_name:
                    value = by_name[value]
                else:
                    raise FakeDiscordError(f"{where}{name}: {value!r} is not one of {values}")
        if strict and otype == 3:
            lo, hi = opt.get("min_length"), opt.get("max_length")
            if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
                raise FakeDiscordError(f"{where}{name}: length outside [{lo}, {hi}]")
        if strict and otype in (4, 10):
            lo, hi = opt.get("min_value"), opt.get("max_value")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise FakeDiscordError(f"{where}{name}: {value} outside [{lo}, {hi}]")
        return value

    def _resolve_attachment(
        self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]
    ) -> str:
        if isinstance(value, Mapping):
            filename = str(value.get("filename", "file.bin"))
            data = bytes(value.get("data", b""))
            content_type = value.get("content_type")
        elif isinstance(value, tuple | list) and len(value) >= 2:
            filename, data = str(value[0]), bytes(value[1])
            content_type = value[2] if len(value) > 2 else None
        else:
            raise FakeDiscordError("attachment option: pass (filename, bytes[, content_type])")
        att = self._store_attachment(
            ctx.channel.id,
            _Upload(0, filename, content_type, data),
            {},
            ephemeral=True,
        )
        resolved.setdefault("attachments", {})[att["id"]] = att
        return str(att["id"])

    def _build_options(
        self,
        schema: Sequence[Mapping[str, Any]],
        given: Mapping[str, Any],
        ctx: _Context,
        resolved: dict[str, dict[str, Any]],
        *,
        focused: str | None,
        strict: bool,
        where: str,
    ) -> list[dict[str, Any]]:
        by_name = {o["name"]: o for o in schema}
        if any(int(o.get("type", 0)) in (1, 2) for o in schema):
            if len(given) != 1:
                raise FakeDiscordError(
                    f"{where}pass exactly one sub-command of {sorted(by_name)} as a nested dict"
                )
            ((sub_name, sub_given),) = given.items()
            sub = by_name.get(sub_name)
            if sub is None:
                raise FakeDiscordError(f"{where}unknown sub-command {sub_name!r}")
            if sub_given is not None and not isinstance(sub_given, Mapping):
                raise FakeDiscordError(f"{where}{sub_name}: options must be a dict")
            inner = self._build_options(
                sub.get("options") or [],
                sub_given or {},
                ctx,
                resolved,
                focused=focused,
                strict=strict,
                where=f"{where}{sub_name} ",
            )
            return [{"name": sub_name, "type": int(sub["type"]), "options": inner}]
        out: list[dict[str, Any]] = []
        for opt in schema:
            name = opt["name"]
            if name not in given:
                if strict and focused is None and opt.get("required"):
                    raise FakeDiscordError(f"{where}missing required option {name!r}")
                continue
            value = given[name]
            if name == focused:
                out.append(
                    {"name": name, "type": int(opt["type"]), "value": str(value), "focused": True}
                )
                continue
            out.append(
                {
                    "name": name,
                    "type": int(opt["type"]),
                    "value": self._option_value(
                        opt, value, ctx, resolved, strict=strict, where=where
                    ),
                }
            )
        unknown = set(given) - set(by_name)
        if unknown:
            raise FakeDiscordError(
                f"{where}unknown option(s) {sorted(unknown)}; has {sorted(by_name)}"
            )
        return out

    def _command_data(
        self,
        cmd: Mapping[str, Any],
        ctx: _Context,
        options: Mapping[str, Any] | None,
        *,
        focused: str | None,
        strict: bool,
    ) -> dict[str, Any]:
        resolved: dict[str, dict[str, Any]] = {}
        opts = self._build_options(
            cmd.get("options") or [],
            options or {},
            ctx,
            resolved,
            focused=focused,
            strict=strict,
            where=f"/{cmd['name']} ",
        )
        data: dict[str, Any] = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": int(cmd.get("type", 1)),
            "options": opts,
        }
        if resolved:
            data["resolved"] = resolved
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return data

    async def slash(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        bypass_permissions: bool = False,
        wait: bool = True,
        wait_followup: bool = True,
        strict: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Run a synced slash command as ``user_id`` (``guild_id=None`` → in the bot's DM).

        Sub-commands are nested dicts: ``slash(..., "feeds", {"add": {"url": ...}})``, a
        group nests twice: ``{"group": {"sub": {...}}}``. Raises FakeDiscordError when
        the member could not see the command (unless ``bypass_permissions``) and
        FakeDiscordTimeout when the bot does not answer (or defers and never follows up).
        """
        cmd = self._find_command(guild_id, name, 1)
        ctx = self._context(guild_id, channel_id, user_id)
        if not bypass_permissions:
            self._check_visible(cmd, ctx)
        data = self._command_data(cmd, ctx, options, focused=None, strict=strict)
        rec = self._deliver(IT_COMMAND, ctx, data, locale=locale, command_name=name)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def context_menu(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        target_id: int,
        *,
        message_command: bool = False,
        timeout: float = 5.0,
        bypass_permissions: bool = False,
        wait: bool = True,
        wait_followup: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Run a user (or, with ``message_command``, message) context-menu command."""
        ctype = 3 if message_command else 2
        cmd = self._find_command(guild_id, name, ctype)
        ctx = self._context(guild_id, channel_id, user_id)
        if not bypass_permissions:
            self._check_visible(cmd, ctx)
        resolved: dict[str, dict[str, Any]] = {}
        if message_command:
            stored = self._messages.get(int(target_id))
            if stored is None:
                raise FakeDiscordError(f"unknown message {target_id}")
            resolved["messages"] = {str(stored.id): stored.wire()}
        else:
            self._resolve_user(target_id, ctx, resolved)
        data: dict[str, Any] = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": ctype,
            "target_id": str(target_id),
            "resolved": resolved,
        }
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        rec = self._deliver(IT_COMMAND, ctx, data, locale=locale, command_name=name)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def autocomplete(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        options: Mapping[str, Any] | None,
        *,
        focused: str,
        timeout: float = 5.0,
        bypass_permissions: bool = False,
        locale: str = "en-US",
    ) -> list[dict[str, Any]]:
        """Autocomplete for option ``focused`` (the leaf name, also inside sub-commands);
        returns the bot's choices ``[{"name", "value"}, ...]``."""
        cmd = self._find_command(guild_id, name, 1)
        ctx = self._context(guild_id, channel_id, user_id)
        if not bypass_permissions:
            self._check_visible(cmd, ctx)
        data = self._command_data(cmd, ctx, options, focused=focused, strict=False)
        if not _has_focused(data["options"]):
            raise FakeDiscordError(f"/{name}: option {focused!r} not found among the options")
        rec = self._deliver(IT_AUTOCOMPLETE, ctx, data, locale=locale, command_name=name)
        await self._await_response(rec, timeout, False)
        if rec.response_type != CB_AUTOCOMPLETE:
            raise FakeDiscordError(f"/{name}: autocomplete answered with type {rec.response_type}")
        return rec.choices or []

    async def click(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        message_id: int,
        custom_id: str,
        *,
        values: Sequence[Any] | None = None,
        timeout: float = 5.0,
        wait: bool = True,
        wait_followup: bool = True,
        strict: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Click a button (or, with ``values``, use a select menu) on a stored message."""
        stored = self._messages.get(int(message_id))
        if stored is None or stored.deleted:
            raise FakeDiscordError(f"unknown message {message_id}")
        ctx = self._context(guild_id, channel_id, user_id)
        if stored.channel_id != ctx.channel.id:
            raise FakeDiscordError(f"message {message_id} is not in channel {ctx.channel.id}")
        comp = find_component(stored.data.get("components") or [], custom_id)
        if comp is None:
            raise FakeDiscordError(
                f"message {message_id} has no component {custom_id!r}; has "
                f"{_custom_ids(stored.data.get('components') or [])}"
            )
        ctype = int(comp.get("type", 0))
        if strict and comp.get("disabled"):
            raise FakeDiscordError(f"component {custom_id!r} is disabled")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": ctype}
        if ctype in (3, 5, 6, 7, 8):
            vals = [v if ctype == 3 else str(_snowflake_of(v)) for v in (values or [])]
            if strict:
                lo = int(comp.get("min_values", 1))
                hi = int(comp.get("max_values", 1))
                if not lo <= len(vals) <= hi:
                    raise FakeDiscordError(f"select {custom_id!r}: pick {lo}..{hi} values")
                if ctype == 3:
                    allowed = [o["value"] for o in comp.get("options") or []]
                    bad = [v for v in vals if v not in allowed]
                    if bad:
                        raise FakeDiscordError(f"select {custom_id!r}: {bad} not in {allowed}")
            data["values"] = [str(v) for v in vals]
            if ctype != 3:
                resolved: dict[str, dict[str, Any]] = {}
                for v in vals:
                    if ctype == 5:
                        self._resolve_user(v, ctx, resolved)
                    elif ctype == 6:
                        self._resolve_role(v, ctx, resolved)
                    elif ctype == 8:
                        self._resolve_channel(v, ctx, resolved)
                    elif self._resolve_role(v, ctx, resolved) is None:
                        self._resolve_user(v, ctx, resolved)
                data["resolved"] = resolved
        elif ctype == 2:
            if strict and int(comp.get("style", 1)) in (5, 6):
                raise FakeDiscordError(f"button {custom_id!r} is a link/premium button")
        else:
            raise FakeDiscordError(f"component {custom_id!r} of type {ctype} is not clickable")
        rec = self._deliver(IT_COMPONENT, ctx, data, locale=locale, message=stored)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def select(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        message_id: int,
        custom_id: str,
        values: Sequence[Any],
        **kwargs: Any,
    ) -> InteractionRecord:
        """Use a select menu: ``click()`` with ``values``."""
        return await self.click(
            guild_id, channel_id, user_id, message_id, custom_id, values=values, **kwargs
        )

    async def submit_modal(
        self,
        opened_by: InteractionRecord,
        values: Mapping[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        wait: bool = True,
        wait_followup: bool = True,
        strict: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Submit the modal the bot opened in answer to ``opened_by`` (response type 9).

        ``values`` maps text-input custom ids to strings (select custom ids to lists)."""
        modal = opened_by.modal
        if modal is None:
            raise FakeDiscordError(
                f"interaction {opened_by.id} was answered with {opened_by.response_type}, not 9"
            )
        given = dict(values or {})
        used: set[str] = set()

        def echo(component: Mapping[str, Any]) -> dict[str, Any] | None:
            ctype = int(component.get("type", 0))
            if ctype == 1:
                inner = [e for c in component.get("components") or [] if (e := echo(c))]
                return {"type": 1, "components": inner}
            if ctype == 18:
                child = echo(component.get("component") or {})
                return {"type": 18, "component": child} if child else None
            custom_id = component.get("custom_id")
            if custom_id is None:
                return None
            cid = str(custom_id)
            out: dict[str, Any] = {"type": ctype, "custom_id": cid}
            if "id" in component:
                out["id"] = component["id"]
            if ctype == 4:
                value = str(given.get(cid, component.get("value") or ""))
                used.add(cid)
                if strict:
                    if component.get("required", True) and not value:
                        raise FakeDiscordError(f"modal field {cid!r} is required")
                    lo, hi = component.get("min_length"), component.get("max_length")
                    if value and (
                        (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi)
                    ):
                        raise FakeDiscordError(f"modal field {cid!r}: length outside [{lo}, {hi}]")
                out["value"] = value
            else:
                raw = given.get(cid, [])
                used.add(cid)
                out["values"] = [str(v) for v in (raw if isinstance(raw, list) else [raw])]
            return out

        components = [e for c in modal.get("components") or [] if (e := echo(c))]
        unknown = set(given) - used
        if unknown:
            raise FakeDiscordError(f"modal has no field(s) {sorted(unknown)}")
        ctx = self._context(opened_by.guild_id, opened_by.channel_id, opened_by.user_id)
        data = {"custom_id": modal["custom_id"], "components": components}
        message = None
        if "message" in opened_by.payload:
            message = self._messages.get(int(opened_by.payload["message"]["id"]))
        rec = self._deliver(IT_MODAL_SUBMIT, ctx, data, locale=locale, message=message)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def wait_for_response(
        self, rec: InteractionRecord, *, timeout: float = 5.0, wait_followup: bool = True
    ) -> InteractionRecord:
        """For records created with ``wait=False``."""
        return await self._await_response(rec, timeout, wait_followup)


class _BadRequest(Exception):
    """Raised inside handlers to answer with a prepared error response."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def _has_focused(options: Sequence[Mapping[str, Any]]) -> bool:
    for opt in options:
        if opt.get("focused"):
            return True
        if _has_focused(opt.get("options") or []):
            return True
    return False


def _custom_ids(components: Any) -> list[str]:
    out: list[str] = []
    if isinstance(components, list):
        for c in components:
            out.extend(_custom_ids(c))
    elif isinstance(components, Mapping):
        if "custom_id" in components:
            out.append(str(components["custom_id"]))
        for key in ("components", "component", "accessory"):
            if key in components:
                out.extend(_custom_ids(components[key]))
    return out
