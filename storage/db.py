"""The SQLite connection pair: one writer behind a lock, one reader (WAL lets them overlap)."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from storage.errors import ExplainedError
from storage.migrate import Migration, MigrationError, bundled_migrations, migrate

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")
_PRAGMAS = ("foreign_keys = ON", "synchronous = NORMAL", "busy_timeout = 5000")


class StorageError(ExplainedError):
    """The database could not do what was asked; the message is meant for the operator."""


def _explain(exc: sqlite3.Error, path: Path) -> StorageError:
    text = str(exc).lower()
    folder = path.parent
    if "locked" in text or "busy" in text:
        hint = "another process holds the database; stop it or wait, then retry"
    elif "full" in text:
        hint = f"the disk holding {path} is full; free some space, then restart the bot"
    elif "disk i/o" in text:
        hint = f"the disk holding {path} reported an I/O error; check the disk, then restart"
    elif "readonly" in text or "read-only" in text:
        hint = (
            f"{path} or its folder is read-only (a read-only file system or permissions); "
            "make both writable, or set [storage] path to a writable place"
        )
    elif "unable to open" in text:
        if path.is_dir():
            hint = f"{path} is a folder; set [storage] path to a file name inside it"
        elif folder.exists() and not os.access(folder, os.W_OK):
            hint = (
                f"the folder {folder} is not writable (a read-only file system or "
                "permissions); make it writable, or set [storage] path to a writable place"
            )
        else:
            hint = f"check that {folder} exists and the bot may read and write there"
    elif "malformed" in text or "not a database" in text:
        hint = f"{path} is damaged or not a database; stop the bot and restore a backup"
    else:
        hint = "the log has the details"
        log.error("Database error on %s", path, exc_info=exc)
    return StorageError(f"Database error on {path}: {exc} ({hint}).")


def _translated(exc: BaseException, path: Path) -> BaseException:
    """SQLite's operational errors (disk full, read-only, I/O) as a StorageError that says
    what to do; anything else unchanged."""
    if isinstance(exc, sqlite3.Error) and not isinstance(
        exc, sqlite3.IntegrityError | sqlite3.ProgrammingError
    ):
        return _explain(exc, path)
    return exc


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 5000")


class DamagedDatabase(StorageError):
    """``PRAGMA quick_check`` found damage: the message says what and how to restore."""


def damage_report(conn: sqlite3.Connection, path: Path) -> str | None:
    """None when ``PRAGMA quick_check`` finds the file sound, else a sentence for the operator."""
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows == ["ok"]:
        return None
    found = "; ".join(" ".join(r.split()) for r in rows)[:300]
    return (
        f"The database {path} is damaged (SQLite's quick_check found: {found}). Stop the bot "
        f"and restore your latest backup: copy it over {path} (and delete {path}-wal and "
        f"{path}-shm). Without a backup, `sqlite3 {path} .recover > rescued.sql` may save "
        "what is readable."
    )


def _check_path(path: Path) -> None:
    """Clear sentences for a storage.path that cannot be a database file."""
    if str(path) in ("", "."):
        raise StorageError("[storage] path is empty: give a file name such as data/bot.sqlite3.")
    if path.is_dir():
        raise StorageError(
            f"[storage] path {path} is a folder, not a file: give a file name inside it, "
            f"such as {path / 'policywatch.sqlite3'}."
        )


def prepare_file(path: Path, migrations: Sequence[Migration] | None = None) -> int:
    """Create the folder, set WAL, check the file for damage and apply migrations
    synchronously; return the schema version."""
    if str(path) != ":memory:":
        _check_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"Cannot create the folder {path.parent} for the database: {exc.strerror}. "
                "Create it, or set [storage] path to a writable place."
            ) from exc
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise _explain(exc, path) from exc
    try:
        _pragmas(conn)
        if str(path) != ":memory:":
            damage = damage_report(conn, path)
            if damage is not None:
                raise DamagedDatabase(damage)
        return migrate(conn, bundled_migrations() if migrations is None else migrations)
    except sqlite3.Error as exc:
        raise _explain(exc, path) from exc
    finally:
        conn.close()


async def to_the_end(job: asyncio.Future[T]) -> T:
    """Await ``job``; if the caller is cancelled, still wait for it to end (a transaction
    commits or rolls back) before the cancellation goes on, so the write lock is never
    released under a transaction still running."""
    try:
        return await asyncio.shield(job)
    except asyncio.CancelledError:
        with suppress(Exception):
            await job
        raise


class Queries:
    """What both backends derive from their ``fetchone`` and ``transaction``."""

    async def fetchone(self, sql: str, params: Params = ()) -> Any:
        raise NotImplementedError

    def transaction(self) -> Any:
        raise NotImplementedError

    async def scalar(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)


class Database(Queries):
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
            except BaseException as exc:
                await self._rollback(conn)
                translated = _translated(exc, self.path)
                if translated is exc:
                    raise
                raise translated from exc
            try:
                await conn.execute("COMMIT")
            except sqlite3.Error as exc:
                await self._rollback(conn)
                raise _explain(exc, self.path) from exc

    async def _rollback(self, conn: aiosqlite.Connection) -> None:
        """Roll back if a transaction is still open: SQLite rolls back by itself on some
        errors (disk full), and a second ROLLBACK would hide the real error."""
        if not conn.in_transaction:
            return
        try:
            await conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.warning("Rolling back failed on %s: %s", self.path, exc)

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
            return await to_the_end(
                loop.run_in_executor(self._bulk_thread, self._run_plain, self._bulk, fn)
            )

    def _run_plain(self, conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc
        try:
            result = fn(conn)
        except BaseException as exc:
            self._rollback_plain(conn)
            translated = _translated(exc, self.path)
            if translated is exc:
                raise
            raise translated from exc
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback_plain(conn)
            raise _explain(exc, self.path) from exc
        return result

    def _rollback_plain(self, conn: sqlite3.Connection) -> None:
        if not conn.in_transaction:
            return
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.warning("Rolling back failed on %s: %s", self.path, exc)

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

    async def integrity_check(self) -> str:
        return str(await self.scalar("PRAGMA integrity_check"))

    async def backup(self, target: Path) -> None:
        """A consistent copy made with SQLite's online backup, safe while the bot runs.
        Refused when the database is damaged: the copy would be damaged too."""

        def run() -> None:
            src = sqlite3.connect(self.path)
            try:
                damage = damage_report(src, self.path)
            except BaseException:
                src.close()
                raise
            if damage is not None:
                src.close()
                raise DamagedDatabase(f"No backup was made. {damage}")
            target.parent.mkdir(parents=True, exist_ok=True)
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()

        await asyncio.to_thread(run)
