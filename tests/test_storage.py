"""Migrations, the append-only history, and the store's guarantees."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.runtime import Runtime
from bot.services import CLI, Actor
from storage.db import StorageError, prepare_file
from storage.migrate import Migration, MigrationError, bundled_migrations, migrate
from storage.store import Store
from tests.conftest import new_pg_database

# Tests that take the ``rt`` or ``db_url`` fixture run on SQLite and on PostgreSQL.
pytestmark = pytest.mark.both_backends

TOY = [
    Migration(1, "0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);"),
    Migration(2, "0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER);"),
    Migration(3, "0003_c.sql", "ALTER TABLE a ADD COLUMN y TEXT;"),
]


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_fresh_database_is_migrated_stepwise(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db")
    assert migrate(conn, TOY[:1]) == 1
    assert tables(conn) == {"a"}
    assert migrate(conn, TOY) == 3
    assert tables(conn) == {"a", "b"}
    assert "y" in {r[1] for r in conn.execute("PRAGMA table_info(a)")}
    assert migrate(conn, TOY) == 3  # nothing left to do


def test_database_newer_than_code_is_refused(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db")
    migrate(conn, TOY)
    with pytest.raises(MigrationError, match="newer than this version"):
        migrate(conn, TOY[:2])


def test_failed_step_rolls_back_whole(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db")
    migrate(conn, TOY[:1])
    broken = [*TOY[:1], Migration(2, "0002_x.sql", "CREATE TABLE c (id INTEGER);\nNOT SQL;")]
    with pytest.raises(MigrationError, match=r"0002_x\.sql"):
        migrate(conn, broken)
    assert tables(conn) == {"a"}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_bundled_migrations_apply_cleanly(tmp_path: Path) -> None:
    version = prepare_file(tmp_path / "x.sqlite3")
    assert version == len(bundled_migrations())
    conn = connect(tmp_path / "x.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"countries", "status_changes", "outbox", "articles"} <= tables(conn)


async def test_store_refuses_newer_database(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    prepare_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StorageError, match="newer than this version"):
        await Store.open(path)


async def test_history_is_append_only(rt: Runtime) -> None:
    await rt.services.update("de", "restricted", "core ban", None, CLI)
    async with rt.store.db.reader.execute("SELECT COUNT(*) FROM status_changes") as cur:
        row = await cur.fetchone()
    assert row is not None and row[0] > 0
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        async with rt.store.transaction() as conn:
            await conn.execute("DELETE FROM status_changes")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        async with rt.store.transaction() as conn:
            await conn.execute("UPDATE status_changes SET new_status = 'allowed'")


async def test_seed_is_idempotent_and_never_overwrites(rt: Runtime) -> None:
    before = await rt.store.countries.all()
    assert len(before) >= 40
    assert all(r.updated_by == "baseline" for r in before)
    await rt.services.update("gb", "allowed", "hypothetical reversal", None, CLI)
    assert await rt.services.seed() == 0
    row = await rt.store.countries.get("GB")
    assert row is not None and row.status == "allowed"


async def test_current_status_is_reproducible_from_history(rt: Runtime) -> None:
    mod = Actor("discord:42", "mod", 1)
    await rt.services.update("Deutschland", "banned", "test", "https://example.com/a", mod)
    await rt.services.update("de", "restricted", "test 2", None, mod)
    await rt.services.revert("germany", mod)
    for row in await rt.store.countries.all():
        assert await rt.store.countries.replay(row.iso2) == row.status


async def test_revert_restores_previous_status_and_is_recorded(rt: Runtime) -> None:
    mod = Actor("discord:42", "mod", 1)
    original = await rt.store.countries.get("FR")
    await rt.services.update("france", "banned", "mistake", None, mod)
    change = await rt.services.revert("france", mod)
    assert change.kind == "revert" and change.actor == "discord:42"
    row = await rt.store.countries.get("FR")
    assert row is not None and original is not None
    assert (row.status, row.summary) == (original.status, original.summary)
    history = await rt.store.countries.history("FR")
    assert history[1].reverted_by == history[0].id


async def test_backup_is_a_consistent_copy(rt: Runtime, tmp_path: Path, backend: str) -> None:
    target = tmp_path / "backup.sqlite3"
    if backend == "postgresql":
        with pytest.raises(StorageError, match="pg_dump"):
            await rt.store.db.backup(target)
        return
    await rt.store.db.backup(target)
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM countries").fetchone()[0] >= 40


async def test_readonly_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    prepare_file(path)
    store = Store(path)
    store.db._writer = None  # not opened: writing must say so rather than hang
    with pytest.raises(StorageError, match="not open"):
        async with store.transaction():
            pass


def test_upgrade_from_the_first_schema_keeps_rows_and_drops_the_unused_index(
    tmp_path: Path,
) -> None:
    conn = connect(tmp_path / "old.sqlite3")
    migrate(conn, bundled_migrations()[:1])
    conn.execute(
        "INSERT INTO articles (uid, title, fetched_at, relevant, score, alertable) "
        "VALUES ('g:1', 'kept', '2024-01-01T00:00:00+00:00', 0, 0, 0)"
    )

    def indexes() -> set[str]:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {r[0] for r in rows}

    assert "articles_by_published" in indexes()
    assert migrate(conn, bundled_migrations()) == len(bundled_migrations())
    assert "articles_by_published" not in indexes()
    assert conn.execute("SELECT title FROM articles").fetchall() == [("kept",)]


# -- PostgreSQL: the twin migrations -------------------------------------------------------


def test_every_sqlite_migration_has_a_postgresql_twin() -> None:
    sqlite = [m.version for m in bundled_migrations()]
    postgres = [m.version for m in bundled_migrations("storage.migrations_pg")]
    assert sqlite == postgres, (
        "storage/migrations and storage/migrations_pg must hold the same numbers: add the "
        "PostgreSQL twin of every SQLite migration"
    )
    assert [m.name for m in bundled_migrations()] == [
        m.name for m in bundled_migrations("storage.migrations_pg")
    ]


PG_TOY = [
    Migration(1, "0001_a.sql", "CREATE TABLE a (id BIGINT PRIMARY KEY, x TEXT);"),
    Migration(2, "0002_b.sql", "CREATE TABLE b (id BIGINT PRIMARY KEY, a_id BIGINT);"),
    Migration(3, "0003_c.sql", "ALTER TABLE a ADD COLUMN y TEXT;"),
]


async def _pg_version(url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval("SELECT MAX(version) FROM schema_version"))
    finally:
        await conn.close()


async def test_postgresql_is_migrated_stepwise_and_refuses_newer(pg_admin_url: str) -> None:
    from storage.pg import PgDatabase

    url = await new_pg_database(pg_admin_url)
    db = PgDatabase(url)
    await db.open(PG_TOY[:1])
    await db.close()
    assert await _pg_version(url) == 1
    await db.open(PG_TOY)
    assert await db.scalar("SELECT COUNT(*) FROM b") == 0
    await db.close()
    assert await _pg_version(url) == 3
    with pytest.raises(StorageError, match="newer than this version"):
        await PgDatabase(url).open(PG_TOY[:2])


async def test_postgresql_failed_step_rolls_back_whole(pg_admin_url: str) -> None:
    from storage.pg import PgDatabase

    url = await new_pg_database(pg_admin_url)
    bad = Migration(
        2, "0002_bad.sql", "CREATE TABLE c (id BIGINT); INSERT INTO nowhere VALUES (1);"
    )
    with pytest.raises(StorageError, match="0002_bad"):
        await PgDatabase(url).open([PG_TOY[0], bad])
    db = PgDatabase(url)
    await db.open(PG_TOY[:1])
    try:
        assert await db.scalar("SELECT to_regclass('c')") is None
    finally:
        await db.close()
    assert await _pg_version(url) == 1


async def test_bundled_postgresql_migrations_apply_cleanly(pg_admin_url: str) -> None:
    store = await Store.open(await new_pg_database(pg_admin_url))
    try:
        for table in ("countries", "status_changes", "feeds", "stories", "articles", "outbox"):
            assert await store.db.scalar(f"SELECT COUNT(*) FROM {table}") == 0
    finally:
        await store.close()
