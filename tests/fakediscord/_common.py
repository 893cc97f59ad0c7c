"""Shared pieces of the fake Discord server (server.py and its mixins): constants, small
records and the helpers that build HTTP answers."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from . import gateway as gw
from .models import (
    FLAG_EPHEMERAL,
    FLAG_IS_COMPONENTS_V2,
    FLAG_SUPPRESS_EMBEDS,
    FLAG_SUPPRESS_NOTIFICATIONS,
    Channel,
    FakeDiscordError,
    Guild,
    Member,
    User,
)
from .permissions import (
    Permission,
)

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
