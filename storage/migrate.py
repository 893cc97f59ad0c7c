"""Numbered SQL migrations applied with ``PRAGMA user_version``, one transaction per step."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(Exception):
    """The database cannot be brought to the code's schema; the message says why."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations(package: str = "storage.migrations") -> list[Migration]:
    """The migrations shipped in ``storage/migrations`` (SQLite; ``storage/migrations_pg`` for
    PostgreSQL), ordered, numbered 1..N without gaps."""
    found: list[Migration] = []
    for entry in resources.files(package).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"migration {migration.name} is out of sequence (expected {expected})"
            )
    return found


def current_version(conn: sqlite3.Connection) -> int:
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    return int(version)


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> int:
    """Apply the pending migrations; return the new version.

    Each step runs in its own transaction together with its ``user_version`` bump, and is
    followed by a foreign-key check; a failing step is rolled back whole. A database whose
    version is newer than the code knows is refused rather than touched.
    """
    target = migrations[-1].version if migrations else 0
    version = current_version(conn)
    if version > target:
        raise MigrationError(
            f"The database is at schema version {version}, newer than this version of the bot "
            f"understands ({target}). Upgrade the bot, or restore a backup made by this version."
        )
    for migration in migrations:
        if migration.version <= version:
            continue
        log.info("Applying migration %s", migration.name)
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(migration.sql):
                conn.execute(statement)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise MigrationError(f"{migration.name} leaves broken foreign keys: {problems[:5]}")
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, MigrationError):
                raise
            if isinstance(exc, sqlite3.Error):
                raise MigrationError(f"Migration {migration.name} failed: {exc}") from exc
            raise
        version = migration.version
    return version


def _statements(sql: str) -> list[str]:
    """Split a script into complete statements (triggers included), keeping their text."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()
    ):
        raise MigrationError(f"incomplete SQL statement at the end: {buffer.strip()[:80]!r}")
    return statements
