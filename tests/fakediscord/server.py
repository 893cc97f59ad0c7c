"""The fake Discord server: REST (``/api/v10``) and gateway (``/gateway``) on 127.0.0.1.

Everything runs on the test's event loop. The test-side API (``add_guild``, ``slash``,
``click``, ``channel_messages``...) manipulates the same state the HTTP handlers serve.
See ``PROTOCOL.md`` beside this file for the protocol details this follows.

``FakeDiscord`` holds the state and its lifecycle; its behaviour comes in mixins, one module per
concern: ``_world`` (building guilds, channels and members; inspection; failure injection),
``_http`` (plumbing and REST routes), ``_events`` (the gateway side), ``_messages`` (what the
bot posts and edits) and ``_interactions`` (callbacks, webhooks and the test API that sends
slash commands, clicks and modals). ``_common`` has the constants and helpers they share.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from . import gateway as gw
from ._common import (
    API_PREFIX,
    _Failure,
)
from ._events import EventsMixin
from ._http import HttpMixin
from ._interactions import InteractionsMixin
from ._messages import MessagesMixin
from ._world import WorldMixin
from .models import (
    Channel,
    FakeDiscordTimeout,
    Guild,
    InteractionRecord,
    RequestLog,
    SnowflakeGenerator,
    StoredMessage,
    User,
)

__all__ = ["API_PREFIX", "FakeDiscord"]


class FakeDiscord(WorldMixin, HttpMixin, EventsMixin, MessagesMixin, InteractionsMixin):
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
