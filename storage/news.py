"""Articles, the stories they are grouped into, and the status changes they propose."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import Database
from storage.models import ArticleRow, Finding, ProposalRow, StoryRow
from storage.times import from_db, must, to_db

_CHUNK = 400  # stays under SQLite's bound-parameter limit
_MANY_ROWS = 500  # rows built into objects in a thread rather than on the event loop
_LATEST_REACH = 30  # /news orders the newest stories, this many at least


@dataclass(frozen=True, slots=True)
class NewArticle:
    feed_id: int | None
    uid: str
    link: str | None
    title: str
    summary: str
    outlet: str
    published_at: datetime | None
    relevant: bool
    score: float
    alertable: bool
    findings: tuple[Finding, ...]
    date_estimated: bool = False  # published_at is when it was first seen: no readable date
    lang: str = "en"  # the language it is written in (reported, not stored)


# Statements shared with storage.ingest (the pipeline's batched writes).
STORY_COLUMNS = (
    "title, link, signature, first_seen_at, last_seen_at, published_at, outlet_count, relevant, "
    "score"
)
ARTICLE_COLUMNS = (
    "feed_id, uid, link, title, summary, outlet, published_at, fetched_at, story_id, relevant, "
    "score, alertable, date_estimated"
)
MERGE_FINDING = (
    "INSERT INTO story_countries (story_id, iso2, status, confidence) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (story_id, iso2) DO UPDATE SET "
    "status = CASE WHEN excluded.confidence > confidence AND excluded.status IS NOT NULL "
    "THEN excluded.status ELSE COALESCE(status, excluded.status) END, "
    "confidence = MAX(confidence, excluded.confidence)"
)
INSERT_ARTICLE_COUNTRY = (
    "INSERT INTO article_countries (article_id, iso2, status, confidence) VALUES (?, ?, ?, ?)"
)
# A stored article that a later poll carries whole: (title, summary, published_at, uid). The
# title or summary grows only when the stored one is the start of the new one (it was cut
# off); the date replaces an estimated one.
REFRESH = (
    "UPDATE articles SET "
    "title = CASE WHEN length(?1) > length(title) AND substr(?1, 1, length(title)) = title "
    "THEN ?1 ELSE title END, "
    "summary = CASE WHEN length(?2) > length(summary) AND substr(?2, 1, length(summary)) = summary "
    "THEN ?2 ELSE summary END, "
    "published_at = CASE WHEN date_estimated = 1 AND ?3 IS NOT NULL THEN ?3 ELSE published_at END, "
    "date_estimated = CASE WHEN ?3 IS NOT NULL THEN 0 ELSE date_estimated END "
    "WHERE uid = ?4 AND ((date_estimated = 1 AND ?3 IS NOT NULL) "
    "OR (length(?1) > length(title) AND substr(?1, 1, length(title)) = title) "
    "OR (length(?2) > length(summary) AND substr(?2, 1, length(summary)) = summary))"
)
# (now, relevant, score, story_id, story_id)
ATTACH = (
    "UPDATE stories SET last_seen_at = ?, relevant = MAX(relevant, ?), "
    "score = MAX(score, ?), outlet_count = (SELECT COUNT(DISTINCT outlet) FROM articles "
    "WHERE story_id = ?) WHERE id = ?"
)
PROPOSE = (
    "INSERT INTO proposals (story_id, iso2, status, confidence, created_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (story_id, iso2) DO NOTHING"
)


def article_values(article: NewArticle, story_id: int | None, now: datetime) -> tuple[object, ...]:
    """The ``ARTICLE_COLUMNS`` of an article."""
    return (
        article.feed_id,
        article.uid,
        article.link,
        article.title,
        article.summary,
        article.outlet,
        to_db(article.published_at),
        to_db(now),
        story_id,
        int(article.relevant),
        article.score,
        int(article.alertable),
        int(article.date_estimated),
    )


def story_values(article: NewArticle, signature: str, now: datetime) -> tuple[object, ...]:
    """The ``STORY_COLUMNS`` of a story that starts with this article."""
    return (
        article.title,
        article.link,
        signature,
        to_db(now),
        to_db(now),
        to_db(article.published_at),
        1,
        int(article.relevant),
        article.score,
    )


def known_queries(uids: Sequence[str], links: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """The look-ups that tell which of these article ids or links are stored: one query per
    chunk, both unique indexes at once (SQLite's multi-index OR)."""
    half = _CHUNK // 2
    for start in range(0, max(len(uids), len(links), 1), half):
        some_uids, some_links = list(uids[start : start + half]), list(links[start : start + half])
        if not some_uids and not some_links:
            return
        sql = (
            f"SELECT uid, link FROM articles WHERE uid IN ({','.join('?' * len(some_uids))}) "
            f"OR link IN ({','.join('?' * len(some_links))})"
        )
        yield sql, some_uids + some_links


def known_in(rows: Iterable[Sequence[Any]], uids: Sequence[str], links: Sequence[str]) -> set[str]:
    """The ids and links asked about that these (uid, link) rows hold."""
    asked = set(uids) | set(links)
    found = {str(r[0]) for r in rows} | {str(r[1]) for r in rows if r[1] is not None}
    return found & asked


def _story(row: aiosqlite.Row, findings: Iterable[Finding] = ()) -> StoryRow:
    return StoryRow(
        id=row["id"],
        title=row["title"],
        link=row["link"],
        signature=row["signature"],
        first_seen_at=must(row["first_seen_at"]),
        last_seen_at=must(row["last_seen_at"]),
        published_at=from_db(row["published_at"]),
        outlet_count=row["outlet_count"],
        relevant=bool(row["relevant"]),
        score=row["score"],
        findings=tuple(findings),
        latest_at=from_db(row["latest_at"]) if "latest_at" in row.keys() else None,  # noqa: SIM118
    )


def _article(row: aiosqlite.Row) -> ArticleRow:
    return ArticleRow(
        id=row["id"],
        feed_id=row["feed_id"],
        uid=row["uid"],
        link=row["link"],
        title=row["title"],
        summary=row["summary"],
        outlet=row["outlet"],
        published_at=from_db(row["published_at"]),
        fetched_at=must(row["fetched_at"]),
        story_id=row["story_id"],
        relevant=bool(row["relevant"]),
        score=row["score"],
        alertable=bool(row["alertable"]),
        date_estimated=bool(row["date_estimated"]),
    )


def _proposal(row: aiosqlite.Row) -> ProposalRow:
    return ProposalRow(
        id=row["id"],
        story_id=row["story_id"],
        iso2=row["iso2"],
        status=row["status"],
        confidence=row["confidence"],
        state=row["state"],
        decided_by=row["decided_by"],
        decided_at=from_db(row["decided_at"]),
        change_id=row["change_id"],
        created_at=must(row["created_at"]),
    )


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class NewsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- dedup -------------------------------------------------------------------------------

    async def known(self, uids: Sequence[str], links: Sequence[str]) -> set[str]:
        """Which of these article ids or links are stored already (indexed look-ups)."""
        found: set[str] = set()
        for sql, params in known_queries(uids, links):
            found |= known_in(await self._db.fetchall(sql, params), uids, links)
        return found

    async def stored_by_feed(self, feed_id: int, limit: int) -> list[str]:
        """The ids and links of the ``limit`` articles this feed stored last (newest first,
        an id then its link, if any): what a parse of the feed need not classify again.
        Indexed (``articles_by_feed``): a few rows read, however many articles are stored."""
        rows = await self._db.fetchall(
            "SELECT uid, link FROM articles WHERE feed_id = ? ORDER BY id DESC LIMIT ?",
            (feed_id, limit),
        )
        return [str(v) for r in rows for v in (r[0], r[1]) if v is not None]

    # -- reads ------------------------------------------------------------------------------

    async def _with_findings(self, rows: Sequence[aiosqlite.Row]) -> list[StoryRow]:
        if not rows:
            return []
        ids = [str(r["id"]) for r in rows]
        found: list[aiosqlite.Row] = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            found += await self._db.fetchall(
                "SELECT story_id, iso2, status, confidence FROM story_countries "
                f"WHERE story_id IN ({marks})",
                chunk,
            )

        def build() -> list[StoryRow]:
            by_story: dict[int, list[Finding]] = defaultdict(list)
            for f in found:
                by_story[f["story_id"]].append(Finding(f["iso2"], f["status"], f["confidence"]))
            return [_story(r, sorted(by_story[r["id"]], key=lambda f: -f.confidence)) for r in rows]

        # Thousands of rows (the stories a polling cycle groups against) take tens of ms to
        # build: not on the event loop.
        return await asyncio.to_thread(build) if len(rows) > _MANY_ROWS else build()

    async def story(self, story_id: int) -> StoryRow | None:
        rows = await self._db.fetchall("SELECT * FROM stories WHERE id = ?", (story_id,))
        stories = await self._with_findings(rows)
        return stories[0] if stories else None

    async def recent_stories(self, since: datetime) -> list[StoryRow]:
        rows = await self._db.fetchall(
            # "+id": order after the range scan, so SQLite uses the last_seen_at index
            # instead of walking the whole table in id order.
            "SELECT * FROM stories WHERE last_seen_at >= ? ORDER BY +id",
            (to_db(since),),
        )
        return await self._with_findings(rows)

    async def latest(self, iso2: str | None, limit: int) -> list[StoryRow]:
        """The newest relevant stories by their latest article's date (published, else
        fetched), newest development first, optionally about one country. Read among the
        stories made last (indexed, as many as ``_LATEST_REACH``): a story grows only within
        days of its first article (``stories.STATUS_WINDOW``), so the newest developments
        are among the newest stories, ahead of a new feed's old items stored since."""
        reach = max(_LATEST_REACH, limit * 3)
        if iso2 is None:
            recent = "SELECT * FROM stories WHERE relevant = 1 ORDER BY id DESC LIMIT ?"
            params: tuple[object, ...] = (reach, limit)
        else:
            recent = (
                "SELECT s.* FROM story_countries sc JOIN stories s ON s.id = sc.story_id "
                "WHERE sc.iso2 = ? AND s.relevant = 1 ORDER BY sc.story_id DESC LIMIT ?"
            )
            params = (iso2, reach, limit)
        # The latest article's date only for those few (a look-up each, by articles_by_story).
        sql = (
            "SELECT r.*, (SELECT MAX(COALESCE(a.published_at, a.fetched_at)) FROM articles a "
            f"WHERE a.story_id = r.id) AS latest_at FROM ({recent}) r "
            "ORDER BY latest_at DESC, r.id DESC LIMIT ?"
        )
        return await self._with_findings(await self._db.fetchall(sql, params))

    async def top_stories(self, since: datetime, limit: int) -> list[StoryRow]:
        rows = await self._db.fetchall(
            # last_seen_at >= first_seen_at always: the extra bound lets SQLite use its index.
            "SELECT * FROM stories WHERE relevant = 1 AND first_seen_at >= ? "
            "AND last_seen_at >= ? ORDER BY outlet_count DESC, id DESC LIMIT ?",
            (to_db(since), to_db(since), limit),
        )
        return await self._with_findings(rows)

    async def articles_of(self, story_id: int) -> list[ArticleRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM articles WHERE story_id = ? ORDER BY id", (story_id,)
        )
        return [_article(r) for r in rows]

    async def counts(self) -> tuple[int, int]:
        row = await self._db.fetchone(
            "SELECT (SELECT COUNT(*) FROM articles), "
            "(SELECT COUNT(*) FROM stories WHERE relevant = 1)"
        )
        assert row is not None
        return int(row[0]), int(row[1])

    async def prune_offtopic(self, before: datetime) -> int:
        """Delete off-topic articles (no story: kept only so they are not read again) fetched
        before ``before``; return how many. One trip to the database's thread."""

        def prune(conn: Any) -> int:
            stale = "SELECT id FROM articles WHERE story_id IS NULL AND fetched_at < ?"
            conn.execute(f"DELETE FROM article_countries WHERE article_id IN ({stale})", (cut,))
            cur = conn.execute(
                "DELETE FROM articles WHERE story_id IS NULL AND fetched_at < ?", (cut,)
            )
            return int(cur.rowcount)

        cut = to_db(before)
        return await self._db.run(prune)

    # -- proposals --------------------------------------------------------------------------

    async def proposal(self, proposal_id: int) -> ProposalRow | None:
        row = await self._db.fetchone("SELECT * FROM proposals WHERE id = ?", (proposal_id,))
        return None if row is None else _proposal(row)

    async def proposals_for(self, story_id: int) -> list[ProposalRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM proposals WHERE story_id = ? ORDER BY id", (story_id,)
        )
        return [_proposal(r) for r in rows]

    async def pending_proposals(self) -> list[ProposalRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM proposals WHERE state = 'pending' ORDER BY id"
        )
        return [_proposal(r) for r in rows]

    async def pending_before(
        self, conn: aiosqlite.Connection, before: datetime
    ) -> list[ProposalRow]:
        """The pending proposals made before this time (in the caller's transaction)."""
        async with conn.execute(
            "SELECT * FROM proposals WHERE state = 'pending' AND created_at < ? ORDER BY id",
            (to_db(before),),
        ) as cur:
            return [_proposal(r) for r in await cur.fetchall()]

    async def decide(
        self,
        conn: aiosqlite.Connection,
        proposal_id: int,
        state: str,
        actor: str,
        now: datetime,
        change_id: int | None = None,
    ) -> bool:
        """Mark a pending proposal applied or dismissed; False if it was decided already."""
        async with conn.execute(
            "UPDATE proposals SET state = ?, decided_by = ?, decided_at = ?, change_id = ? "
            "WHERE id = ? AND state = 'pending' RETURNING id",
            (state, actor, to_db(now), change_id, proposal_id),
        ) as cur:
            return await cur.fetchone() is not None
