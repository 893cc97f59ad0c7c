"""The one storage facade: a database and its per-topic repositories."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

import aiosqlite

from storage.alerts import AlertRepo
from storage.audit import AuditRepo, MetaRepo
from storage.baseline import BaselineRepo
from storage.countries import CountryRepo
from storage.db import Database
from storage.feeds import FeedRepo
from storage.news import NewsRepo


class Store:
    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.countries = CountryRepo(self.db)
        self.feeds = FeedRepo(self.db)
        self.news = NewsRepo(self.db)
        self.alerts = AlertRepo(self.db)
        self.audit = AuditRepo(self.db)
        self.meta = MetaRepo(self.db)
        self.baseline = BaselineRepo(self.db)

    @classmethod
    async def open(cls, path: Path) -> Store:
        store = cls(path)
        await store.db.open()
        return store

    async def close(self) -> None:
        await self.db.close()

    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]:
        return self.db.transaction()
