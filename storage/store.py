"""The one storage facade: a database and its per-topic repositories."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import cast

import aiosqlite

from storage.alerts import AlertRepo
from storage.audit import AuditRepo, MetaRepo
from storage.baseline import BaselineRepo
from storage.countries import CountryRepo
from storage.db import Database
from storage.feeds import FeedRepo
from storage.news import NewsRepo
from storage.pg import Leadership, LocalLeadership, PgDatabase

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def is_postgres(target: Path | str) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_PREFIXES)


def sqlite_path(target: Path | str) -> Path:
    """The file of a SQLite target: a path, or a ``sqlite:///path`` URL."""
    if isinstance(target, str) and target.startswith(SQLITE_PREFIX):
        return Path(target[len(SQLITE_PREFIX) :])
    return Path(target)


def open_database(target: Path | str) -> Database:
    """A SQLite file (a path or ``sqlite:///path``) or a ``postgresql://`` server. Both offer
    the same interface (PgDatabase mirrors Database), so the repositories take either."""
    if is_postgres(target):
        return cast(Database, PgDatabase(str(target)))
    return Database(sqlite_path(target))


class Store:
    def __init__(self, target: Path | str) -> None:
        self.target = target
        self.db = open_database(target)
        self.countries = CountryRepo(self.db)
        self.feeds = FeedRepo(self.db)
        self.news = NewsRepo(self.db)
        self.alerts = AlertRepo(self.db)
        self.audit = AuditRepo(self.db)
        self.meta = MetaRepo(self.db)
        self.baseline = BaselineRepo(self.db)

    @property
    def is_postgres(self) -> bool:
        return is_postgres(self.target)

    def leadership(self) -> Leadership | LocalLeadership:
        """Who polls feeds and drains the outbox: on PostgreSQL the holder of an advisory
        lock (one process among several); on SQLite this process."""
        if is_postgres(self.target):
            return Leadership(str(self.target))
        return LocalLeadership()

    @classmethod
    async def open(cls, target: Path | str) -> Store:
        store = cls(target)
        await store.db.open()
        return store

    async def close(self) -> None:
        await self.db.close()

    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        return self.db.transaction()
