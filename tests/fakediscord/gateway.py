"""Gateway sessions and websocket connections of the fake Discord (plain or zlib-stream)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = [
    "DIRECT_MESSAGES",
    "GUILDS",
    "GUILD_MEMBERS",
    "GUILD_MESSAGES",
    "GUILD_PRESENCES",
    "MESSAGE_CONTENT",
    "PRIVILEGED_INTENTS",
    "GatewayConnection",
    "GatewaySession",
    "dumps",
]

GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


def dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


class GatewayConnection:
    """One websocket. Frames go through a queue drained by a single writer task, so
    sequence numbers (and the deflate stream, when compressing) follow wire order."""

    def __init__(self, ws: web.WebSocketResponse, *, compress: bool) -> None:
        self.ws = ws
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.session: GatewaySession | None = None
        self.server_closed = False
        self.frames_sent = 0
        self._compressor = zlib.compressobj() if compress else None
        self._writer = asyncio.create_task(self._write_loop(), name="fakediscord-gateway-writer")

    def send(self, frame: dict[str, Any]) -> None:
        self.queue.put_nowait(dumps(frame))

    def send_op(self, op: int, d: Any = None) -> None:
        self.send({"op": op, "d": d, "s": None, "t": None})

    async def _write_loop(self) -> None:
        while True:
            item = await self.queue.get()
            if item is None:
                return
            if self.ws.closed:
                continue
            try:
                if self._compressor is not None:
                    data = self._compressor.compress(item.encode())
                    data += self._compressor.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(item)
                self.frames_sent += 1
            except (ConnectionError, RuntimeError):
                continue

    async def close(self, code: int) -> None:
        self.server_closed = True
        # Let already queued frames go out first.
        await self.flush()
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.ws.close(code=code)

    async def flush(self, timeout: float = 1.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.queue.empty() and not self._writer.done() and loop.time() < deadline:
            await asyncio.sleep(0.005)

    async def finish(self) -> None:
        self.queue.put_nowait(None)
        try:
            await asyncio.wait_for(self._writer, timeout=1.0)
        except (TimeoutError, asyncio.CancelledError):
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer


@dataclass(eq=False)
class GatewaySession:
    """A gateway session: survives disconnects (frames are kept for RESUME)."""

    id: str
    intents: int
    shard_id: int = 0
    shard_count: int = 1
    seq: int = 0
    conn: GatewayConnection | None = None
    identify: dict[str, Any] = field(default_factory=dict)
    history: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=10000))

    def handles_guild(self, guild_id: int | None) -> bool:
        if guild_id is None:
            return self.shard_id == 0
        return (int(guild_id) >> 22) % max(self.shard_count, 1) == self.shard_id

    def dispatch(self, event: str, data: Any) -> int:
        self.seq += 1
        frame = dumps({"op": 0, "d": data, "s": self.seq, "t": event})
        self.history.append((self.seq, frame))
        if self.conn is not None:
            self.conn.queue.put_nowait(frame)
        return self.seq

    def replay(self, after_seq: int) -> int:
        """Queue every frame newer than ``after_seq`` on the current connection."""
        if self.conn is None:
            return 0
        count = 0
        for seq, frame in self.history:
            if seq > after_seq:
                self.conn.queue.put_nowait(frame)
                count += 1
        return count
