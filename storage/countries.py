"""Country statuses and their append-only history."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import Database
from storage.models import CountryRow, NewChange, StatusChange
from storage.times import must, to_db

_CHANGE_COLUMNS = (
    "id, iso2, old_status, new_status, since, summary, note, source, kind, actor, actor_name, "
    "guild_id, reverts_id, reverted_by, created_at"
)


def _country(row: aiosqlite.Row) -> CountryRow:
    return CountryRow(
        iso2=row["iso2"],
        status=row["status"],
        since=row["since"],
        summary=row["summary"],
        source=row["source"],
        updated_by=row["updated_by"],
        updated_at=must(row["updated_at"]),
        last_change_id=row["last_change_id"],
    )


def _change(row: aiosqlite.Row) -> StatusChange:
    return StatusChange(
        id=row["id"],
        iso2=row["iso2"],
        old_status=row["old_status"],
        new_status=row["new_status"],
        since=row["since"],
        summary=row["summary"],
        note=row["note"],
        source=row["source"],
        kind=row["kind"],
        actor=row["actor"],
        actor_name=row["actor_name"],
        guild_id=row["guild_id"],
        reverts_id=row["reverts_id"],
        reverted_by=row["reverted_by"],
        created_at=must(row["created_at"]),
    )


class CountryRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def current(self, conn: aiosqlite.Connection, iso2: str) -> CountryRow | None:
        """``get`` in the caller's (write) transaction."""
        async with conn.execute("SELECT * FROM countries WHERE iso2 = ?", (iso2,)) as cur:
            row = await cur.fetchone()
        return None if row is None else _country(row)

    async def edit_note(
        self,
        conn: aiosqlite.Connection,
        iso2: str,
        note: str,
        source: str | None,
        actor: str,
        now: datetime,
    ) -> None:
        """A new note (and source, when given) for the current status: no history row."""
        await conn.execute(
            "UPDATE countries SET summary = ?, source = COALESCE(?, source), "
            "updated_by = ?, updated_at = ? WHERE iso2 = ?",
            (note, source, actor, to_db(now), iso2),
        )

    async def get(self, iso2: str) -> CountryRow | None:
        row = await self._db.fetchone("SELECT * FROM countries WHERE iso2 = ?", (iso2,))
        return None if row is None else _country(row)

    async def all(self) -> list[CountryRow]:
        return [_country(r) for r in await self._db.fetchall("SELECT * FROM countries")]

    async def history(self, iso2: str, limit: int | None = None) -> list[StatusChange]:
        sql = f"SELECT {_CHANGE_COLUMNS} FROM status_changes WHERE iso2 = ? ORDER BY id DESC"
        params: tuple[object, ...] = (iso2,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (iso2, limit)
        return [_change(r) for r in await self._db.fetchall(sql, params)]

    async def change(self, change_id: int) -> StatusChange | None:
        row = await self._db.fetchone(
            f"SELECT {_CHANGE_COLUMNS} FROM status_changes WHERE id = ?", (change_id,)
        )
        return None if row is None else _change(row)

    async def changes_since(self, since: datetime) -> list[StatusChange]:
        rows = await self._db.fetchall(
            f"SELECT {_CHANGE_COLUMNS} FROM status_changes WHERE created_at >= ? "
            "AND kind != 'seed' ORDER BY id",
            (to_db(since),),
        )
        return [_change(r) for r in rows]

    async def all_changes(self) -> list[StatusChange]:
        rows = await self._db.fetchall(f"SELECT {_CHANGE_COLUMNS} FROM status_changes ORDER BY id")
        return [_change(r) for r in rows]

    async def replay(self, iso2: str) -> str:
        """The status as derived from the history alone (it must equal the table's)."""
        row = await self._db.fetchone(
            "SELECT new_status FROM status_changes WHERE iso2 = ? ORDER BY id DESC LIMIT 1",
            (iso2,),
        )
        return "unknown" if row is None else str(row[0])

    async def record(
        self, conn: aiosqlite.Connection, change: NewChange, now: datetime
    ) -> StatusChange:
        """Append one history row and move the current status, inside the caller's transaction."""
        async with conn.execute(
            "SELECT status, since, summary, source FROM countries WHERE iso2 = ?", (change.iso2,)
        ) as cur:
            current = await cur.fetchone()
        old_status = current["status"] if current else "unknown"
        if change.summary is not None:
            summary = change.summary
        elif change.kind == "update" and change.note:
            summary = change.note
        else:
            summary = current["summary"] if current else ""
        since = change.since or (now.date().isoformat() if change.kind != "revert" else None)
        created = to_db(now)
        async with conn.execute(
            "INSERT INTO status_changes (iso2, old_status, new_status, since, summary, note, "
            "source, kind, actor, actor_name, guild_id, reverts_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                change.iso2,
                old_status,
                change.new_status,
                since,
                summary,
                change.note,
                change.source,
                change.kind,
                change.actor,
                change.actor_name,
                change.guild_id,
                change.reverts_id,
                created,
            ),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        change_id = int(row[0])
        await conn.execute(
            "INSERT INTO countries (iso2, status, since, summary, source, updated_by, updated_at, "
            "last_change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (iso2) DO UPDATE SET status = excluded.status, since = excluded.since, "
            "summary = excluded.summary, source = excluded.source, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at, "
            "last_change_id = excluded.last_change_id",
            (
                change.iso2,
                change.new_status,
                since,
                summary,
                change.source,
                change.actor_name or change.actor,
                created,
                change_id,
            ),
        )
        if change.reverts_id is not None:
            await conn.execute(
                "UPDATE status_changes SET reverted_by = ? WHERE id = ?",
                (change_id, change.reverts_id),
            )
        async with conn.execute(
            f"SELECT {_CHANGE_COLUMNS} FROM status_changes WHERE id = ?", (change_id,)
        ) as cur:
            inserted = await cur.fetchone()
        assert inserted is not None
        return _change(inserted)

    async def restore_point(self, conn: aiosqlite.Connection, iso2: str) -> StatusChange | None:
        """The latest change that is neither reverted nor a revert: what /revert undoes."""
        async with conn.execute(
            f"SELECT {_CHANGE_COLUMNS} FROM status_changes WHERE iso2 = ? AND reverted_by IS NULL "
            "AND kind != 'revert' ORDER BY id DESC LIMIT 1",
            (iso2,),
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else _change(row)

    async def previous_state(
        self, conn: aiosqlite.Connection, iso2: str, before_id: int
    ) -> StatusChange | None:
        """The change that was in force just before ``before_id`` (skipping reverted ones)."""
        async with conn.execute(
            f"SELECT {_CHANGE_COLUMNS} FROM status_changes WHERE iso2 = ? AND id < ? "
            "AND reverted_by IS NULL AND kind != 'revert' ORDER BY id DESC LIMIT 1",
            (iso2, before_id),
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else _change(row)
