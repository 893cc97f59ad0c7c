"""The pipeline's writes for one feed, batched: plain sqlite3 calls made inside
``Database.run`` (one trip to a thread per feed instead of several per article).

The statements are the repositories' own (storage.news, storage.alerts, storage.feeds); only
the way they are sent differs. Everything happens in the caller's transaction, which holds
SQLite's write lock from its first statement: the ids handed out by ``next_ids`` stay free, and
``known`` sees every article stored before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from storage.alerts import ENQUEUE, FLAG_EDIT, ROUTED, settings_of
from storage.feeds import RECORD_SUCCESS
from storage.models import GuildSettings
from storage.news import (
    ARTICLE_COLUMNS,
    ATTACH,
    INSERT_ARTICLE_COUNTRY,
    MERGE_FINDING,
    PROPOSE,
    REFRESH,
    STORY_COLUMNS,
    known_in,
    known_queries,
)
from storage.times import to_db

Row = Sequence[object]


class Ingest:
    """Batched writes on a plain connection, inside a transaction the caller holds."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def known(self, uids: Sequence[str], links: Sequence[str]) -> set[str]:
        """Which of these article ids or links are stored already (indexed look-ups)."""
        found: set[str] = set()
        for sql, params in known_queries(uids, links):
            found |= known_in(self.conn.execute(sql, params).fetchall(), uids, links)
        return found

    def routed(self) -> list[GuildSettings]:
        return [settings_of(r) for r in self.conn.execute(ROUTED)]

    def next_ids(self) -> tuple[int, int]:
        """The next free story id and article id (stable for the rest of the transaction)."""
        row = self.conn.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM stories), "
            "(SELECT COALESCE(MAX(id), 0) + 1 FROM articles)"
        ).fetchone()
        return int(row[0]), int(row[1])

    def insert_stories(self, rows: Iterable[Row]) -> None:
        """Rows of (id, *STORY_COLUMNS)."""
        self.conn.executemany(
            f"INSERT INTO stories (id, {STORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def insert_articles(self, rows: Iterable[Row]) -> None:
        """Rows of (id, *ARTICLE_COLUMNS); the caller has left out the known ones."""
        self.conn.executemany(
            f"INSERT INTO articles (id, {ARTICLE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def refresh_articles(self, rows: Iterable[Row]) -> int:
        """Rows of (title, summary, published_at, uid) for stored articles seen again: fills
        in what a cut-off copy or an undated one lacked (``storage.news.REFRESH``); how many
        articles changed."""
        before = self.conn.total_changes
        self.conn.executemany(REFRESH, rows)
        return self.conn.total_changes - before

    def merge_story_findings(self, rows: Iterable[Row]) -> None:
        """Rows of (story_id, iso2, status, confidence), merged into what the story has."""
        self.conn.executemany(MERGE_FINDING, rows)

    def insert_article_findings(self, rows: Iterable[Row]) -> None:
        """Rows of (article_id, iso2, status, confidence)."""
        self.conn.executemany(INSERT_ARTICLE_COUNTRY, rows)

    def attach(self, grown: dict[int, tuple[bool, float]], now: datetime) -> None:
        """Stories that gained articles: {story id: (any relevant, best score)}. Refreshes
        their last-seen time, relevance, score and outlet count."""
        when = to_db(now)
        self.conn.executemany(
            ATTACH,
            [(when, int(rel), score, sid, sid) for sid, (rel, score) in grown.items()],
        )

    def flag_edits(self, story_ids: Iterable[int]) -> None:
        """Their sent posts are to be edited ("also reported by ...")."""
        self.conn.executemany(FLAG_EDIT, [(sid,) for sid in story_ids])

    def propose(self, rows: Sequence[Row], now: datetime) -> int:
        """Rows of (story_id, iso2, status, confidence); how many were new (one per story and
        country)."""
        return self._count(PROPOSE, [(*r, to_db(now)) for r in rows])

    def enqueue_stories(self, rows: Sequence[tuple[int, int, int]], now: datetime) -> int:
        """Rows of (guild_id, channel_id, story_id); how many posts were queued (a story is
        queued at most once per guild)."""
        when = to_db(now)
        return self._count(ENQUEUE, [(g, c, "story", s, "{}", when, when) for g, c, s in rows])

    def record_success(self, values: Row) -> None:
        """``storage.feeds.success_values(...)``."""
        self.conn.execute(RECORD_SUCCESS, values)

    def _count(self, sql: str, rows: list[tuple[object, ...]]) -> int:
        if not rows:
            return 0
        before = self.conn.total_changes
        self.conn.executemany(sql, rows)
        return self.conn.total_changes - before
