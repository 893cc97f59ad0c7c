"""Which baseline releases a database has taken in, and the proposals a release makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database
from storage.news import MERGE_FINDING, PROPOSE, STORY_COLUMNS
from storage.times import must, to_db


@dataclass(frozen=True, slots=True)
class BaselineRelease:
    digest: str
    checked: str
    entries: int
    seeded: int
    applied: int
    proposed: int
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class LastChange:
    """The latest history row of a country: who made it and what it set."""

    actor: str
    status: str
    since: str | None
    summary: str
    source: str | None


class BaselineRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def seen(self, digest: str) -> bool:
        return (
            await self._db.scalar("SELECT 1 FROM baseline_releases WHERE digest = ?", (digest,))
            is not None
        )

    async def latest(self) -> BaselineRelease | None:
        row = await self._db.fetchone(
            "SELECT * FROM baseline_releases ORDER BY seen_at DESC, rowid DESC LIMIT 1"
        )
        if row is None:
            return None
        return BaselineRelease(
            digest=row["digest"],
            checked=row["checked"],
            entries=row["entries"],
            seeded=row["seeded"],
            applied=row["applied"],
            proposed=row["proposed"],
            seen_at=must(row["seen_at"]),
        )

    async def record(
        self,
        conn: aiosqlite.Connection,
        release: BaselineRelease,
    ) -> None:
        await conn.execute(
            "INSERT INTO baseline_releases (digest, checked, entries, seeded, applied, proposed, "
            "seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING",
            (
                release.digest,
                release.checked,
                release.entries,
                release.seeded,
                release.applied,
                release.proposed,
                to_db(release.seen_at),
            ),
        )

    async def last_change(self, conn: aiosqlite.Connection, iso2: str) -> LastChange | None:
        async with conn.execute(
            "SELECT actor, new_status, since, summary, source FROM status_changes "
            "WHERE iso2 = ? ORDER BY id DESC LIMIT 1",
            (iso2,),
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return LastChange(row[0], row[1], row[2], row[3] or "", row[4])

    async def propose(
        self,
        conn: aiosqlite.Connection,
        *,
        iso2: str,
        status: str,
        title: str,
        link: str,
        signature: str,
        published_at: datetime,
        now: datetime,
    ) -> int:
        """A story carrying one pending proposal (as the news pipeline makes them), for a
        baseline change a moderator decides on; returns the story id."""
        async with conn.execute(
            f"INSERT INTO stories ({STORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 1, 1, 1.0) "
            "RETURNING id",
            (title, link, signature, to_db(now), to_db(now), to_db(published_at)),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        story_id = int(row[0])
        await conn.execute(MERGE_FINDING, (story_id, iso2, status, 1.0))
        await conn.execute(PROPOSE, (story_id, iso2, status, 1.0, to_db(now)))
        return story_id
