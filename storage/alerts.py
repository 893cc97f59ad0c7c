"""Per-guild alert routing and the outbox of posts to make."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database
from storage.models import GuildSettings, OutboxRow
from storage.times import from_db, must, to_db

_SETTINGS_FIELDS = (
    "alert_channel_id",
    "mention_role_id",
    "countries",
    "min_relevance",
    "digest_enabled",
    "digest_weekday",
    "digest_hour",
    "digest_post_empty",
)


# Statements shared with storage.ingest (the pipeline's batched writes).
ROUTED = "SELECT * FROM guild_settings WHERE alert_channel_id IS NOT NULL ORDER BY guild_id"
ENQUEUE = (
    "INSERT INTO outbox (guild_id, channel_id, kind, story_id, payload, next_attempt_at, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
FLAG_EDIT = (
    "UPDATE outbox SET needs_edit = 1 WHERE story_id = ? AND kind = 'story' AND state = 'sent'"
)


def settings_of(row: sqlite3.Row) -> GuildSettings:
    countries = json.loads(row["countries"]) if row["countries"] else None
    return GuildSettings(
        guild_id=row["guild_id"],
        alert_channel_id=row["alert_channel_id"],
        mention_role_id=row["mention_role_id"],
        countries=tuple(countries) if countries else None,
        min_relevance=row["min_relevance"],
        digest_enabled=bool(row["digest_enabled"]),
        digest_weekday=row["digest_weekday"],
        digest_hour=row["digest_hour"],
        digest_post_empty=bool(row["digest_post_empty"]),
    )


def _outbox(row: aiosqlite.Row) -> OutboxRow:
    return OutboxRow(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        kind=row["kind"],
        story_id=row["story_id"],
        payload=row["payload"],
        state=row["state"],
        needs_edit=bool(row["needs_edit"]),
        attempts=row["attempts"],
        next_attempt_at=must(row["next_attempt_at"]),
        last_error=row["last_error"],
        message_id=row["message_id"],
        created_at=must(row["created_at"]),
        sent_at=from_db(row["sent_at"]),
    )


class AlertRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- guild settings ---------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        row = await self._db.fetchone(
            "SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,)
        )
        return GuildSettings(guild_id) if row is None else settings_of(row)

    async def routed(self, conn: aiosqlite.Connection | None = None) -> list[GuildSettings]:
        """Guilds that have an alert channel."""
        if conn is None:
            return [settings_of(r) for r in await self._db.fetchall(ROUTED)]
        async with conn.execute(ROUTED) as cur:
            return [settings_of(r) for r in await cur.fetchall()]

    async def update_settings(
        self, conn: aiosqlite.Connection, guild_id: int, actor: str, now: datetime, **fields: Any
    ) -> None:
        unknown = set(fields) - set(_SETTINGS_FIELDS)
        if unknown:
            raise ValueError(f"unknown guild settings: {sorted(unknown)}")
        values = {
            k: (json.dumps(list(v)) if k == "countries" and v is not None else v)
            for k, v in fields.items()
        }
        await conn.execute(
            "INSERT INTO guild_settings (guild_id) VALUES (?) ON CONFLICT DO NOTHING", (guild_id,)
        )
        assignments = ", ".join(f"{k} = ?" for k in values)
        await conn.execute(
            f"UPDATE guild_settings SET {assignments}, updated_by = ?, updated_at = ? "
            "WHERE guild_id = ?",
            (*values.values(), actor, to_db(now), guild_id),
        )

    # -- outbox -----------------------------------------------------------------------------

    async def enqueue(
        self,
        conn: aiosqlite.Connection,
        *,
        guild_id: int,
        channel_id: int,
        kind: str,
        now: datetime,
        story_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> int | None:
        """Queue a post; a story is queued at most once per guild (None if it was already)."""
        async with conn.execute(
            ENQUEUE + " RETURNING id",
            (
                guild_id,
                channel_id,
                kind,
                story_id,
                json.dumps(payload or {}, ensure_ascii=False),
                to_db(now),
                to_db(now),
            ),
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else int(row[0])

    async def fan_out(
        self,
        conn: aiosqlite.Connection,
        *,
        kind: str,
        now: datetime,
        story_id: int | None = None,
        payload: dict[str, Any] | None = None,
        countries: frozenset[str] | None = None,
        score: float | None = None,
    ) -> int:
        """Queue one post for every guild with an alert channel whose filters let it through
        (countries, minimum relevance); return how many were queued."""
        queued = 0
        for g in await self.routed(conn):
            if g.accepts(countries, score) and await self.enqueue(
                conn,
                guild_id=g.guild_id,
                channel_id=g.alert_channel_id or 0,
                kind=kind,
                now=now,
                story_id=story_id,
                payload=payload,
            ):
                queued += 1
        return queued

    async def flag_story_edit(self, conn: aiosqlite.Connection, story_id: int) -> None:
        """A story grew: its sent posts are to be edited ("also reported by ...")."""
        await conn.execute(FLAG_EDIT, (story_id,))

    async def due(self, now: datetime, limit: int = 500) -> list[OutboxRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? "
            "ORDER BY id LIMIT ?",
            (to_db(now), limit),
        )
        return [_outbox(r) for r in rows]

    async def edits_due(self, limit: int = 100) -> list[OutboxRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE needs_edit = 1 AND state = 'sent' ORDER BY id LIMIT ?",
            (limit,),
        )
        return [_outbox(r) for r in rows]

    async def get(self, outbox_id: int) -> OutboxRow | None:
        row = await self._db.fetchone("SELECT * FROM outbox WHERE id = ?", (outbox_id,))
        return None if row is None else _outbox(row)

    async def stories_of_message(self, message_id: int) -> list[int]:
        """The stories a sent message shows (one for a story's post, several for a digest)."""
        rows = await self._db.fetchall(
            "SELECT story_id FROM outbox WHERE message_id = ? AND story_id IS NOT NULL ORDER BY id",
            (message_id,),
        )
        return [int(r[0]) for r in rows]

    async def posts_of_story(self, story_id: int) -> list[OutboxRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE story_id = ? ORDER BY id", (story_id,)
        )
        return [_outbox(r) for r in rows]

    async def mark_sent(self, ids: list[int], message_id: int | None, now: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.executemany(
                "UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, "
                "attempts = attempts + 1, last_error = NULL, needs_edit = 0 WHERE id = ?",
                [(message_id, to_db(now), i) for i in ids],
            )

    async def mark_edited(self, outbox_id: int) -> None:
        async with self._db.transaction() as conn:
            await conn.execute("UPDATE outbox SET needs_edit = 0 WHERE id = ?", (outbox_id,))

    async def mark_retry(self, outbox_id: int, error: str, next_attempt_at: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                "WHERE id = ?",
                (error[:500], to_db(next_attempt_at), outbox_id),
            )

    async def mark_failed(self, ids: list[int], error: str) -> None:
        async with self._db.transaction() as conn:
            await conn.executemany(
                "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, "
                "needs_edit = 0 WHERE id = ?",
                [(error[:500], i) for i in ids],
            )

    async def fail_channel(self, guild_id: int, channel_id: int, error: str) -> int:
        """Fail every pending post to a channel Discord refused; return how many."""
        async with (
            self._db.transaction() as conn,
            conn.execute(
                "UPDATE outbox SET state = 'failed', last_error = ? WHERE guild_id = ? "
                "AND channel_id = ? AND state = 'pending' RETURNING id",
                (error[:500], guild_id, channel_id),
            ) as cur,
        ):
            return len(list(await cur.fetchall()))

    async def counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        return {str(r[0]): int(r[1]) for r in rows}

    async def pull_back(self, now: datetime, latest: datetime) -> int:
        """After the clock stepped back: pending posts planned after ``latest`` (later than
        any retry delay allows) are due ``now``. Returns how many were. Reads first: no
        write (and no wait for the write lock) when nothing was planned too far ahead."""
        late = await self._db.scalar(
            "SELECT 1 FROM outbox WHERE state = 'pending' AND next_attempt_at > ? LIMIT 1",
            (to_db(latest),),
        )
        if not late:
            return 0
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' "
                "AND next_attempt_at > ?",
                (to_db(now), to_db(latest)),
            )
            return cur.rowcount
