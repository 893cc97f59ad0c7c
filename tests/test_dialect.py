"""SQLite's SQL rewritten for PostgreSQL (storage.dialect), and run on both backends."""

from __future__ import annotations

import pytest

from storage.dialect import coerce, status_count, to_postgres
from storage.store import Store

pytestmark = pytest.mark.both_backends


def test_placeholders_are_numbered_outside_quotes_and_comments() -> None:
    sql = "SELECT '?' , a FROM t -- why?\nWHERE a = ? AND b = ?"
    assert to_postgres(sql) == "SELECT '?' , a FROM t  \nWHERE a = $1 AND b = $2"


def test_insert_or_ignore_and_replace() -> None:
    assert to_postgres("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)") == (
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    )
    assert to_postgres("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?) RETURNING key") == (
        "INSERT INTO meta (key, value) VALUES ($1, $2)  ON CONFLICT ON CONSTRAINT meta_pkey "
        "DO UPDATE SET key = EXCLUDED.key, value = EXCLUDED.value RETURNING key"
    )


def test_scalar_max_becomes_greatest_but_the_aggregate_stays() -> None:
    assert to_postgres("SELECT MAX(a, ?), max(b), MIN(c, d) FROM t") == (
        "SELECT GREATEST(a, $1), max(b), LEAST(c, d) FROM t"
    )


def test_bare_columns_in_an_upsert_mean_the_existing_row() -> None:
    sql = (
        "INSERT INTO c (k, n) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET "
        "n = MAX(n, excluded.n) + 1"
    )
    assert to_postgres(sql).endswith("SET n = GREATEST(c.n, excluded.n) + 1")


def test_empty_in_lists_and_ifnull() -> None:
    assert to_postgres("SELECT IFNULL(a, 0) FROM t WHERE a IN () OR b NOT IN ()") == (
        "SELECT COALESCE(a, 0) FROM t WHERE a IN (SELECT NULL WHERE FALSE) "
        "OR b NOT IN (SELECT NULL WHERE FALSE)"
    )


def test_values_are_bent_like_sqlite_affinity() -> None:
    assert coerce("42", "int8") == 42
    assert coerce(3, "float8") == 3.0
    assert coerce(7, "text") == "7"
    assert coerce(None, "int8") is None
    assert status_count("INSERT 0 3") == 3 and status_count("SELECT 2") == 0


async def test_sqlite_flavoured_sql_gives_the_same_answers_on_both(db_url: str) -> None:
    store = await Store.open(db_url)
    try:
        async with store.transaction() as conn:
            await conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", ("a", "1"))
            await conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", ("a", "2"))
            await conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", ("b", "1"))
            await conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", ("b", "3"))
            # A parameter PostgreSQL cannot type by itself, and a digit string for an integer.
            async with conn.execute(
                "SELECT CASE WHEN ? IS NULL THEN 'none' ELSE 'some' END, MAX(1, ?)",
                (None, 5),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None and tuple(row) == ("none", 5)
        rows = await store.db.fetchall("SELECT key, value FROM meta WHERE key LIKE 'A' OR key = ?",
                                       ("b",))  # fmt: skip
        assert sorted(tuple(r) for r in rows) == [("a", "1"), ("b", "3")]
        assert await store.db.scalar("SELECT COUNT(*) FROM meta WHERE key IN ()") == 0

        def bulk(conn: object) -> int:
            before = conn.total_changes  # type: ignore[attr-defined]
            conn.executemany(  # type: ignore[attr-defined]
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [("a", "x"), ("c", "x"), ("d", "x")],
            )
            return int(conn.total_changes - before)  # type: ignore[attr-defined]

        assert await store.db.run(bulk) == 2
    finally:
        await store.close()
