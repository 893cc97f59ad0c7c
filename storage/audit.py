"""The audit log of setting changes, and a small key/value table for the bot's own state."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage.db import Database
from storage.models import AuditEntry
from storage.times import must, to_db


class AuditRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def log(
        self,
        conn: aiosqlite.Connection,
        *,
        actor: str,
        action: str,
        now: datetime,
        target: str | None = None,
        actor_name: str | None = None,
        guild_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        await conn.execute(
            "INSERT INTO audit_log (actor, actor_name, guild_id, action, target, detail, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                actor,
                actor_name,
                guild_id,
                action,
                target,
                json.dumps(detail or {}, ensure_ascii=False, default=str),
                to_db(now),
            ),
        )

    async def recent(self, limit: int = 50, guild_id: int | None = None) -> list[AuditEntry]:
        if guild_id is None:
            rows = await self._db.fetchall(
                "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
            )
        else:
            rows = await self._db.fetchall(
                "SELECT * FROM audit_log WHERE guild_id = ? ORDER BY id DESC LIMIT ?",
                (guild_id, limit),
            )
        return [
            AuditEntry(
                id=r["id"],
                actor=r["actor"],
                actor_name=r["actor_name"],
                guild_id=r["guild_id"],
                action=r["action"],
                target=r["target"],
                detail=r["detail"],
                created_at=must(r["created_at"]),
            )
            for r in rows
        ]


class MetaRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def peek(path: Path, key: str) -> str | None:
        """One value read from a database file without opening it for writing or migrating
        it (``check-config`` while the bot may be running); None if absent or unreadable."""
        if not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    async def get(self, key: str) -> str | None:
        value = await self._db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    async def set(self, key: str, value: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    async def put(self, conn: aiosqlite.Connection, key: str, value: str) -> None:
        """``set`` in the caller's transaction."""
        await conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def take(self, conn: aiosqlite.Connection, prefix: str) -> list[tuple[str, str]]:
        """Remove and return the rows whose key starts with ``prefix``, in key order, in the
        caller's transaction."""
        async with conn.execute(
            "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ? ORDER BY key",
            (len(prefix), prefix),
        ) as cur:
            rows = [(str(r[0]), str(r[1])) for r in await cur.fetchall()]
        await conn.execute("DELETE FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
        return rows
