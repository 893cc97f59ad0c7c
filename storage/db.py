"""The SQLite connection pair: one writer behind a lock, one reader (WAL lets them overlap)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from storage.migrate import Migration, MigrationError, bundled_migrations, migrate

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")
_PRAGMAS = ("foreign_keys = ON", "synchronous = NORMAL", "busy_timeout = 5000")


class StorageError(Exception):
    """The database could not do what was asked; the message is meant for the operator."""


def _explain(exc: sqlite3.Error, path: Path) -> StorageError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        hint = "another process holds the database; stop it or wait, then retry"
    elif "readonly" in text or "read-only" in text:
        hint = f"the database file or its folder is read-only; make {path} writable"
    elif "full" in text or "disk i/o" in text:
        hint = f"the disk holding {path} is full or failing; free space and restart"
    elif "malformed" in text or "not a database" in text:
        hint = f"{path} is damaged or not a database; restore a backup"
    else:
        hint = "see the log for details"
    return StorageError(f"Database error on {path}: {exc} ({hint}).")


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 5000")


def prepare_file(path: Path, migrations: Sequence[Migration] | None = None) -> int:
    """Create the folder, set WAL and apply migrations synchronously; return the schema version."""
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        _pragmas(conn)
        return migrate(conn, bundled_migrations() if migrations is None else migrations)
    except sqlite3.Error as exc:
        raise _explain(exc, path) from exc
    finally:
        conn.close()


class Database:
    """Async access to one SQLite file. Writes are serialised; reads run beside them.

    Writes go through ``transaction`` (aiosqlite: each statement is a trip to its thread and
    back) or, for many statements at once, ``run`` (a plain function over a sqlite3 connection
    in one trip to a thread of its own). One lock covers both, so there is one writer at a time.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._bulk: sqlite3.Connection | None = None
        self._bulk_thread: ThreadPoolExecutor | None = None
        self._lock = asyncio.Lock()

    async def open(self) -> None:
        try:
            await asyncio.to_thread(prepare_file, self.path)
        except MigrationError as exc:
            raise StorageError(str(exc)) from exc
        try:
            self._writer = await self._connect()
            self._reader = await self._connect()
            self._bulk_thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-bulk")
            loop = asyncio.get_running_loop()
            self._bulk = await loop.run_in_executor(self._bulk_thread, self._connect_plain)
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc

    async def _connect(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for pragma in _PRAGMAS:
            await conn.execute(f"PRAGMA {pragma}")
        return conn

    def _connect_plain(self) -> sqlite3.Connection:
        # Opened, used and closed only in _bulk_thread (its one thread lives until shutdown).
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        for pragma in _PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        return conn

    async def close(self) -> None:
        for conn in (self._writer, self._reader):
            if conn is not None:
                await conn.close()
        self._writer = self._reader = None
        if self._bulk_thread is not None:
            if self._bulk is not None:
                await asyncio.get_running_loop().run_in_executor(
                    self._bulk_thread, self._bulk.close
                )
            self._bulk_thread.shutdown(wait=True)
        self._bulk = self._bulk_thread = None

    @property
    def reader(self) -> aiosqlite.Connection:
        if self._reader is None:
            raise StorageError("The database is not open.")
        return self._reader

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; commits on success, rolls back on any exception."""
        if self._writer is None:
            raise StorageError("The database is not open.")
        async with self._lock:
            conn = self._writer
            try:
                await conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _explain(exc, self.path) from exc
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            try:
                await conn.execute("COMMIT")
            except sqlite3.Error as exc:
                await conn.execute("ROLLBACK")
                raise _explain(exc, self.path) from exc

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` in one write transaction on a plain sqlite3 connection, in a thread.

        Commits when ``fn`` returns, rolls back when it raises. Many statements cost one
        trip to the thread. If the caller is cancelled, the transaction still ends (commit
        or roll back) before the write lock is released.
        """
        if self._bulk is None or self._bulk_thread is None:
            raise StorageError("The database is not open.")
        async with self._lock:
            loop = asyncio.get_running_loop()
            job = loop.run_in_executor(self._bulk_thread, self._run_plain, self._bulk, fn)
            try:
                return await asyncio.shield(job)
            except asyncio.CancelledError:
                with suppress(Exception):
                    await job
                raise

    def _run_plain(self, conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc
        try:
            result = fn(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise _explain(exc, self.path) from exc
        return result

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        try:
            async with self.reader.execute(sql, params) as cursor:
                return list(await cursor.fetchall())
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        try:
            async with self.reader.execute(sql, params) as cursor:
                return await cursor.fetchone()
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def integrity_check(self) -> str:
        return str(await self.scalar("PRAGMA integrity_check"))

    async def backup(self, target: Path) -> None:
        """A consistent copy made with SQLite's online backup, safe while the bot runs."""

        def run() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            src = sqlite3.connect(self.path)
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()

        await asyncio.to_thread(run)
