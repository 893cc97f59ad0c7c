"""``copy-db``: copy a SQLite database into an empty PostgreSQL one, and check the counts.

Both are first brought to the code's schema (the numbered migrations of each backend), so they
have the same tables. Every table SQLite has is copied whole, in one PostgreSQL transaction
(all or nothing), from one SQLite read transaction (a consistent snapshot), parents before the
tables that refer to them; a column that refers to its own table (a history row pointing at the
later row that reverted it) is filled in once every row is there. Identity sequences are then
moved past the copied ids, and the row count of every table is compared.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from storage.db import StorageError, prepare_file
from storage.dialect import coerce
from storage.migrate import current_version
from storage.pg import PgDatabase, redact

_BATCH = 5000


@dataclass(frozen=True, slots=True)
class TableCount:
    table: str
    source: int
    copied: int

    @property
    def ok(self) -> bool:
        return self.source == self.copied


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _read_table(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    try:
        cur = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    except sqlite3.OperationalError:  # WITHOUT ROWID
        cur = conn.execute(f'SELECT * FROM "{table}"')
    columns = [d[0] for d in cur.description]
    return columns, [tuple(r) for r in cur.fetchall()]


async def _order(raw: Any, tables: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Parents first (foreign keys), and each table's self-referencing columns."""
    rows = await raw.fetch(
        "SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent, "
        "a.attname AS col FROM pg_constraint c JOIN pg_attribute a "
        "ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
        "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
    )
    parents: dict[str, set[str]] = {t: set() for t in tables}
    self_refs: dict[str, list[str]] = {t: [] for t in tables}
    for r in rows:
        child, parent = r["child"].strip('"'), r["parent"].strip('"')
        if child not in parents:
            continue
        if child == parent:
            self_refs[child].append(r["col"])
        elif parent in parents:
            parents[child].add(parent)
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = sorted(t for t in tables if t not in ordered and parents[t] <= set(ordered))
        if not ready:  # a cycle between tables: keep the rest in name order
            ready = sorted(t for t in tables if t not in ordered)
        ordered.extend(ready)
    return ordered, self_refs


async def copy_sqlite_to_postgres(
    sqlite_file: Path, url: str, say: Callable[[str], None] = lambda _: None
) -> list[TableCount]:
    """Copy every table; return the counts per table (source rows, rows in PostgreSQL)."""
    if not await asyncio.to_thread(sqlite_file.exists):
        raise StorageError(f"There is no SQLite database at {sqlite_file} to copy.")
    version = await asyncio.to_thread(prepare_file, sqlite_file)
    target = PgDatabase(url)
    await target.open()
    await target.close()
    src = sqlite3.connect(sqlite_file, isolation_level=None)
    src.row_factory = None
    try:
        src.execute("BEGIN")  # one snapshot for every table
        if current_version(src) != version:
            raise StorageError("The SQLite database changed version while being copied.")
        tables = _sqlite_tables(src)
        raw = await asyncpg.connect(url)
        try:
            pg_version = await raw.fetchval("SELECT MAX(version) FROM schema_version")
            if pg_version != version:
                raise StorageError(
                    f"{redact(url)} is at schema version {pg_version}, the SQLite file at "
                    f"{version}: use the same version of the bot for both."
                )
            missing = [t for t in tables if await raw.fetchval("SELECT to_regclass($1)", t) is None]
            if missing:
                raise StorageError(f"PostgreSQL has no table {missing[0]}: nothing was copied.")
            for t in tables:
                if await raw.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{t}")'):
                    raise StorageError(
                        f"{redact(url)} is not empty (table {t} has rows): copy-db only fills "
                        "an empty database. Nothing was copied."
                    )
            ordered, self_refs = await _order(raw, tables)
            counts: dict[str, int] = {}
            async with raw.transaction():
                for table in ordered:
                    columns, rows = _read_table(src, table)
                    counts[table] = len(rows)
                    types = {
                        r["column_name"]: r["udt_name"]
                        for r in await raw.fetch(
                            "SELECT column_name, udt_name FROM information_schema.columns "
                            "WHERE table_schema = current_schema() AND table_name = $1",
                            table,
                        )
                    }
                    # Columns that point at a row further down (a history row and the later
                    # row that reverted it) are filled in once every row is there.
                    later = [
                        c
                        for c in self_refs[table]
                        if c in columns
                        and "id" in columns
                        and any(
                            r[columns.index(c)] is not None
                            and r[columns.index(c)] > r[columns.index("id")]
                            for r in rows
                        )
                    ]
                    held = [columns.index(c) for c in later]
                    records = [
                        tuple(
                            None if i in held else coerce(v, types.get(columns[i], "text"))
                            for i, v in enumerate(row)
                        )
                        for row in rows
                    ]
                    for start in range(0, len(records), _BATCH):
                        await raw.copy_records_to_table(
                            table, records=records[start : start + _BATCH], columns=columns
                        )
                    if later:
                        pk = columns.index("id")
                        for c, i in zip(later, held, strict=True):
                            await raw.executemany(
                                f'UPDATE "{table}" SET "{c}" = $1 WHERE id = $2',
                                [(row[i], row[pk]) for row in rows if row[i] is not None],
                            )
                    say(f"  {table}: {len(rows)} rows")
                for table in ordered:
                    identity = await raw.fetchval(
                        "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND table_name = $1 AND column_name = 'id' "
                        "AND is_identity = 'YES'",
                        table,
                    )
                    if identity and counts[table]:
                        await raw.execute(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f'(SELECT MAX(id) FROM "{table}"))'
                        )
            result = []
            for table in ordered:
                copied = int(await raw.fetchval(f'SELECT COUNT(*) FROM "{table}"'))
                result.append(TableCount(table, counts[table], copied))
            return result
        finally:
            await raw.close()
    except asyncpg.PostgresError as exc:
        raise StorageError(f"Copying into {redact(url)} failed, nothing was kept: {exc}") from exc
    finally:
        src.close()
