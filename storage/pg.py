"""PostgreSQL behind the same interface as ``storage.db.Database`` (asyncpg).

The repositories hand this the SQL they write for SQLite; ``storage.dialect`` rewrites it.
Connections handed out by ``transaction`` and ``run`` offer the part of aiosqlite's and
sqlite3's connection interface the repositories use (``execute`` awaited or as an async
context manager giving a cursor, ``executemany``, ``total_changes``), and errors are raised as
``sqlite3`` exception classes, so code that handles SQLite's errors handles these too.

Writers take turns across every process on the database, as on one SQLite file: each write
transaction first takes a transaction-level advisory lock (the equivalent of
``BEGIN IMMEDIATE``). Reads run beside them.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import asyncpg

from storage.db import Queries, to_the_end
from storage.dialect import cast_parameter, coerce, is_pragma, status_count, to_postgres
from storage.migrate import Migration, MigrationError, bundled_migrations

log = logging.getLogger(__name__)

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any]

# Advisory lock keys (one 64-bit space per database).
WRITE_LOCK = 0x5047_0001  # held by each write transaction: one writer at a time
MIGRATE_LOCK = 0x5047_0002  # held while migrating: two processes starting together
LEADER_LOCK = 0x5047_0003  # held by the process that polls feeds and drains the outbox

PG_MIGRATIONS = "storage.migrations_pg"


class PgIntegrityError(sqlite3.IntegrityError):
    """A constraint PostgreSQL enforced (unique, foreign key, check)."""


class PgDatabaseError(sqlite3.DatabaseError):
    """Any other error PostgreSQL reported."""


def _wrap(exc: BaseException) -> sqlite3.DatabaseError:
    if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
        return PgIntegrityError(str(exc))
    return PgDatabaseError(str(exc))


def redact(url: str) -> str:
    """A URL fit for the log: no password."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


@dataclass(slots=True)
class _Plan:
    text: str
    types: list[str]
    returns_rows: bool


_PLANS: dict[str, _Plan] = {}
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_PARAM_NUMBER = re.compile(r"parameter \$(\d+)")


async def _plan(raw: Any, sql: str, args: Sequence[Any]) -> _Plan:
    """The statement's PostgreSQL text and parameter types (learnt once, then cached)."""
    plan = _PLANS.get(sql)
    if plan is not None:
        return plan
    text = to_postgres(sql)
    for _ in range(len(args) + 1):
        try:
            if raw.is_in_transaction():
                async with raw.transaction():  # a savepoint: a failed try leaves the rest
                    stmt = await raw.prepare(text)
            else:
                stmt = await raw.prepare(text)
            break
        except (
            asyncpg.IndeterminateDatatypeError,
            asyncpg.AmbiguousParameterError,
            asyncpg.DatatypeMismatchError,
        ) as exc:
            found = _PARAM_NUMBER.search(str(exc))
            if not found or int(found.group(1)) > len(args):
                raise
            number = int(found.group(1))
            text = cast_parameter(text, number, args[number - 1])
    else:  # pragma: no cover - every parameter has been cast
        stmt = await raw.prepare(text)
    plan = _Plan(
        text,
        [t.name for t in stmt.get_parameters()],
        bool(stmt.get_attributes()),
    )
    _PLANS[sql] = plan
    return plan


def _args(params: Params) -> list[Any]:
    if isinstance(params, dict):
        raise PgDatabaseError("named parameters are not supported; use ? placeholders")
    return list(params)


class PgCursor:
    """The result of one statement, read like an aiosqlite / sqlite3 cursor."""

    def __init__(self, rows: list[Any], changed: int) -> None:
        self._rows = rows
        self._at = 0
        self.rowcount = changed if not rows else len(rows)
        # A Record's ``in`` looks at values, not names: keys() is meant.
        has_id = bool(rows) and "id" in rows[0].keys()  # noqa: SIM118
        self.lastrowid = rows[0]["id"] if has_id else None

    def _one(self) -> Any:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def _rest(self) -> list[Any]:
        rest = self._rows[self._at :]
        self._at = len(self._rows)
        return rest

    async def fetchone(self) -> Any:
        return self._one()

    async def fetchall(self) -> list[Any]:
        return self._rest()

    def __aiter__(self) -> AsyncIterator[Any]:
        async def rows() -> AsyncIterator[Any]:
            for row in self._rest():
                yield row

        return rows()

    async def close(self) -> None:
        return None


class _Pending:
    """``conn.execute(...)``: awaited, or used as ``async with ... as cursor``."""

    def __init__(self, job: Coroutine[Any, Any, PgCursor]) -> None:
        self._job = job

    def __await__(self) -> Any:
        return self._job.__await__()

    async def __aenter__(self) -> PgCursor:
        return await self._job

    async def __aexit__(self, *exc: object) -> None:
        return None


async def _pragma(sql: str) -> PgCursor:
    if "integrity_check" in sql.lower():
        return PgCursor([{"integrity_check": "ok"}], 0)
    return PgCursor([], 0)


class PgConnection:
    """One asyncpg connection (inside a transaction or not), spoken to in SQLite's SQL."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.total_changes = 0

    async def statement(self, sql: str, params: Params = ()) -> PgCursor:
        if is_pragma(sql):
            return await _pragma(sql)
        args = _args(params)
        try:
            plan = await _plan(self.raw, sql, args)
            values = [coerce(v, t) for v, t in zip(args, plan.types, strict=False)]
            if plan.returns_rows:
                rows = list(await self.raw.fetch(plan.text, *values))
                changed = len(rows) if not sql.lstrip().upper().startswith("SELECT") else 0
            else:
                rows, changed = [], status_count(await self.raw.execute(plan.text, *values))
        except asyncpg.PostgresError as exc:
            raise _wrap(exc) from exc
        self.total_changes += changed
        return PgCursor(rows, changed)

    def execute(self, sql: str, params: Params = ()) -> _Pending:
        return _Pending(self.statement(sql, params))

    async def execute_fetchall(self, sql: str, params: Params = ()) -> list[Any]:
        """aiosqlite's shortcut."""
        return (await self.statement(sql, params))._rest()

    async def executemany(self, sql: str, rows: Iterable[Params]) -> PgCursor:
        """Every row in one pipelined round trip; the rows changed are counted (a write gets
        ``RETURNING 1``), as sqlite3's ``total_changes`` would."""
        batch = [_args(params) for params in rows]
        if not batch:
            return PgCursor([], 0)
        if is_pragma(sql):
            return await _pragma(sql)
        try:
            plan = await _plan(self.raw, sql, batch[0])
            values = [
                [coerce(v, t) for v, t in zip(args, plan.types, strict=False)] for args in batch
            ]
            counted = not plan.returns_rows and bool(_WRITE.match(sql))
            text = plan.text + (" RETURNING 1" if counted else "")
            if plan.returns_rows or counted:
                changed = len(await self.raw.fetchmany(text, values))
            else:
                await self.raw.executemany(text, values)
                changed = 0
        except asyncpg.PostgresError as exc:
            raise _wrap(exc) from exc
        self.total_changes += changed
        return PgCursor([], changed)

    async def executescript(self, sql: str) -> None:
        try:
            await self.raw.execute(sql)
        except asyncpg.PostgresError as exc:
            raise _wrap(exc) from exc


class SyncCursor:
    def __init__(self, cursor: PgCursor) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid

    def fetchone(self) -> Any:
        return self._cursor._one()

    def fetchall(self) -> list[Any]:
        return self._cursor._rest()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor._rest())


class SyncPgConnection:
    """What ``Database.run`` hands a plain function: sqlite3's connection interface, each call
    carried out on the event loop (the function runs in a thread of its own)."""

    in_transaction = True

    def __init__(self, conn: PgConnection, loop: asyncio.AbstractEventLoop) -> None:
        self._conn = conn
        self._loop = loop

    def _call(self, job: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(job, self._loop).result()

    @property
    def total_changes(self) -> int:
        return self._conn.total_changes

    def execute(self, sql: str, params: Params = ()) -> SyncCursor:
        return SyncCursor(self._call(self._conn.statement(sql, params)))

    def executemany(self, sql: str, rows: Iterable[Params]) -> SyncCursor:
        return SyncCursor(self._call(self._conn.executemany(sql, list(rows))))


async def migrate_pg(raw: Any, migrations: Sequence[Migration]) -> int:
    """Apply the pending migrations (a ``schema_version`` table plays ``user_version``);
    one transaction per step; processes starting together take turns."""
    target = migrations[-1].version if migrations else 0
    await raw.execute("SELECT pg_advisory_lock($1)", MIGRATE_LOCK)
    try:
        await raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = int(await raw.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        if version > target:
            raise MigrationError(
                f"The database is at schema version {version}, newer than this version of the "
                f"bot understands ({target}). Upgrade the bot, or restore a backup made by this "
                "version."
            )
        for migration in migrations:
            if migration.version <= version:
                continue
            log.info("Applying migration %s (PostgreSQL)", migration.name)
            try:
                async with raw.transaction():
                    await raw.execute(migration.sql)
                    await raw.execute("DELETE FROM schema_version")
                    await raw.execute(
                        "INSERT INTO schema_version (version) VALUES ($1)", migration.version
                    )
            except asyncpg.PostgresError as exc:
                raise MigrationError(f"Migration {migration.name} failed: {exc}") from exc
            version = migration.version
        return version
    finally:
        await raw.execute("SELECT pg_advisory_unlock($1)", MIGRATE_LOCK)


class PgDatabase(Queries):
    """The ``storage.db.Database`` interface over a PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = Path(redact(url))  # for messages that name "the database"
        self._pool: Any = None

    async def open(self, migrations: Sequence[Migration] | None = None) -> None:
        from storage.db import StorageError

        try:
            self._pool = await asyncpg.create_pool(self.url, min_size=1, max_size=8)
        except (OSError, asyncpg.PostgresError) as exc:
            raise StorageError(
                f"Cannot connect to PostgreSQL at {redact(self.url)}: {exc} (is the server "
                "running, and are the user, password and database in [storage] url right?)."
            ) from exc
        try:
            async with self._pool.acquire() as raw:
                await migrate_pg(
                    raw, bundled_migrations(PG_MIGRATIONS) if migrations is None else migrations
                )
        except MigrationError as exc:
            await self.close()
            raise StorageError(str(exc)) from exc

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
        self._pool = None

    def _require(self) -> Any:
        if self._pool is None:
            from storage.db import StorageError

            raise StorageError("The database is not open.")
        return self._pool

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[PgConnection]:
        """A connection outside any transaction (autocommit), for reads."""
        async with self._require().acquire() as raw:
            yield PgConnection(raw)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgConnection]:
        """One write transaction; commits on success, rolls back on any exception."""
        async with self._require().acquire() as raw:
            tx = raw.transaction()
            await tx.start()
            try:
                await raw.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
                yield PgConnection(raw)
            except BaseException:
                with suppress(Exception):
                    await tx.rollback()
                raise
            try:
                await tx.commit()
            except asyncpg.PostgresError as exc:
                raise _wrap(exc) from exc

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` in one write transaction, in a thread, on a sqlite3-like connection."""
        loop = asyncio.get_running_loop()

        async def whole() -> T:
            async with self.transaction() as conn:
                sync = cast(sqlite3.Connection, SyncPgConnection(conn, loop))
                return await asyncio.to_thread(fn, sync)

        return await to_the_end(asyncio.ensure_future(whole()))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Any]:
        async with self.connection() as conn:
            return (await conn.statement(sql, params))._rest()

    async def fetchone(self, sql: str, params: Params = ()) -> Any:
        async with self.connection() as conn:
            return (await conn.statement(sql, params))._one()

    async def integrity_check(self) -> str:
        return "ok"

    async def backup(self, target: Path) -> None:
        from storage.db import StorageError

        raise StorageError(
            "Backups of a PostgreSQL database are made with pg_dump, not by the bot."
        )

    @property
    def reader(self) -> Any:
        """Reads outside a transaction, aiosqlite-style: ``async with db.reader.execute(...)``."""
        return _Reader(self)


class _Reader:
    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    def execute(self, sql: str, params: Params = ()) -> _Pending:
        async def job() -> PgCursor:
            async with self._db.connection() as conn:
                return await conn.statement(sql, params)

        return _Pending(job())


class LocalLeadership:
    """One SQLite process: it is always the one that polls and drains."""

    held = True

    async def try_lead(self) -> bool:
        return True

    async def close(self) -> None:
        return None


class Leadership:
    """Who polls feeds and drains the outbox: the holder of a session-level advisory lock on
    a connection of its own. When the holder's process dies, its connection closes, the lock
    goes with it, and the next ``try_lead`` of another process takes it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: Any = None
        self.held = False

    async def try_lead(self) -> bool:
        """Keep or take the lock; False if another process holds it (or the server is away)."""
        try:
            if self._conn is None or self._conn.is_closed():
                self.held = False
                self._conn = await asyncpg.connect(self.url)
            if self.held:
                await self._conn.fetchval("SELECT 1")
            else:
                self.held = bool(
                    await self._conn.fetchval("SELECT pg_try_advisory_lock($1)", LEADER_LOCK)
                )
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("Lost the connection that holds the leader lock: %s", exc)
            self.held = False
            if self._conn is not None:
                self._conn.terminate()
            self._conn = None
        return self.held

    async def close(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                await self._conn.close()
        self._conn = None
        self.held = False
