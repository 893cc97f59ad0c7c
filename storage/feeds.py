"""Feeds and their polling state."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import Database
from storage.models import FeedRow
from storage.times import from_db, must, to_db


def _feed(row: aiosqlite.Row) -> FeedRow:
    return FeedRow(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        origin=row["origin"],
        added_by=row["added_by"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        body_hash=row["body_hash"],
        last_polled_at=from_db(row["last_polled_at"]),
        last_ok_at=from_db(row["last_ok_at"]),
        next_poll_at=from_db(row["next_poll_at"]),
        failures=row["failures"],
        last_error=row["last_error"],
        disabled=bool(row["disabled"]),
        disabled_reason=row["disabled_reason"],
        paused=bool(row["paused"]),
        created_at=must(row["created_at"]),
        failing_since=from_db(row["failing_since"]),
    )


# A poll that worked (shared with storage.ingest): see ``success_values``.
RECORD_SUCCESS = (
    "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = COALESCE(?, body_hash), "
    "last_polled_at = ?, last_ok_at = ?, next_poll_at = ?, failures = 0, "
    "failing_since = NULL, last_error = NULL, "
    "name = CASE WHEN name = '' AND ? IS NOT NULL THEN ? ELSE name END WHERE id = ?"
)


def success_values(
    feed_id: int,
    *,
    now: datetime,
    next_poll_at: datetime,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    title: str | None = None,
) -> tuple[object, ...]:
    """The parameters of ``RECORD_SUCCESS``; a None ``body_hash`` keeps the stored one."""
    return (
        etag,
        last_modified,
        body_hash,
        to_db(now),
        to_db(now),
        to_db(next_poll_at),
        title,
        title,
        feed_id,
    )


class FeedRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def all(self) -> list[FeedRow]:
        rows = await self._db.fetchall("SELECT * FROM feeds WHERE removed = 0 ORDER BY id")
        return [_feed(r) for r in rows]

    async def known_url(self, conn: aiosqlite.Connection, url: str) -> bool:
        """Whether a feed row (followed or removed) has this exact URL, in the caller's
        transaction."""
        async with conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)) as cur:
            return await cur.fetchone() is not None

    async def ever_read(self) -> bool:
        """Whether any feed was ever read successfully (false only before the first poll)."""
        row = await self._db.fetchone("SELECT 1 FROM feeds WHERE last_ok_at IS NOT NULL LIMIT 1")
        return row is not None

    async def get(self, feed_id: int) -> FeedRow | None:
        row = await self._db.fetchone("SELECT * FROM feeds WHERE id = ?", (feed_id,))
        return None if row is None else _feed(row)

    async def by_url(self, url: str) -> FeedRow | None:
        row = await self._db.fetchone("SELECT * FROM feeds WHERE url = ? AND removed = 0", (url,))
        return None if row is None else _feed(row)

    async def due(self, now: datetime) -> list[FeedRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM feeds WHERE removed = 0 AND disabled = 0 AND paused = 0 "
            "AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY id",
            (to_db(now),),
        )
        return [_feed(r) for r in rows]

    async def add(
        self,
        conn: aiosqlite.Connection,
        url: str,
        name: str,
        origin: str,
        added_by: str | None,
        now: datetime,
    ) -> FeedRow:
        """Add a feed, or bring back one that was removed before (keeping its dedup history)."""
        await conn.execute(
            "INSERT INTO feeds (url, name, origin, added_by, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET removed = 0, disabled = 0, paused = 0, failures = 0, "
            "name = excluded.name, origin = excluded.origin, added_by = excluded.added_by, "
            "next_poll_at = NULL, disabled_reason = NULL, failing_since = NULL",
            (url, name, origin, added_by, to_db(now)),
        )
        async with conn.execute("SELECT * FROM feeds WHERE url = ?", (url,)) as cur:
            row = await cur.fetchone()
        assert row is not None
        return _feed(row)

    async def remove(self, conn: aiosqlite.Connection, feed_id: int) -> None:
        await conn.execute("UPDATE feeds SET removed = 1 WHERE id = ?", (feed_id,))

    async def set_paused(self, conn: aiosqlite.Connection, feed_id: int, paused: bool) -> None:
        await conn.execute(
            "UPDATE feeds SET paused = ?, next_poll_at = NULL WHERE id = ?", (int(paused), feed_id)
        )

    async def enable(self, conn: aiosqlite.Connection, feed_id: int) -> None:
        await conn.execute(
            "UPDATE feeds SET disabled = 0, disabled_reason = NULL, failures = 0, "
            "failing_since = NULL, next_poll_at = NULL WHERE id = ?",
            (feed_id,),
        )

    async def record_success(self, conn: aiosqlite.Connection, values: tuple[object, ...]) -> None:
        """A poll that worked; ``values`` from ``success_values(...)``."""
        await conn.execute(RECORD_SUCCESS, values)

    async def record_failure(
        self,
        conn: aiosqlite.Connection,
        feed_id: int,
        *,
        now: datetime,
        error: str,
        next_poll_at: datetime,
        disable_reason: str | None = None,
    ) -> None:
        await conn.execute(
            "UPDATE feeds SET last_polled_at = ?, next_poll_at = ?, failures = failures + 1, "
            "failing_since = COALESCE(failing_since, ?), "
            "last_error = ?, disabled = CASE WHEN ? IS NULL THEN disabled ELSE 1 END, "
            "disabled_reason = COALESCE(?, disabled_reason) WHERE id = ?",
            (
                to_db(now),
                to_db(next_poll_at),
                to_db(now),
                error[:500],
                disable_reason,
                disable_reason,
                feed_id,
            ),
        )

    async def counts(self) -> dict[str, int]:
        result = {"ok": 0, "failing": 0, "disabled": 0, "paused": 0}
        for feed in await self.all():
            result[feed.state] += 1
        return result

    async def pull_back(self, now: datetime, latest: datetime) -> int:
        """After the clock stepped back: feeds planned after ``latest`` (later than any
        back-off allows) are due ``now``. Returns how many were. Reads first: no write
        when nothing was planned too far ahead."""
        late = await self._db.scalar(
            "SELECT 1 FROM feeds WHERE next_poll_at > ? LIMIT 1", (to_db(latest),)
        )
        if not late:
            return 0
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE feeds SET next_poll_at = ? WHERE next_poll_at > ?",
                (to_db(now), to_db(latest)),
            )
            return cur.rowcount
