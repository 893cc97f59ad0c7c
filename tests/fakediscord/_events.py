"""The gateway side: sessions, dispatching events to connected clients (by intent and shard).

A mixin of ``FakeDiscord`` (server.py), which holds the state it reads and writes."""

from __future__ import annotations

import json
import uuid
from typing import Any

from aiohttp import WSMsgType, web

from . import gateway as gw
from ._common import (
    _EVENT_INTENTS,
)
from .models import (
    Guild,
    StoredMessage,
)


class EventsMixin:
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
