"""One polling cycle: fetch due feeds, parse off the loop, dedup, group, classify, store.

Articles, stories, proposals and outbox rows of one feed are written in one transaction, so a
crash at any point leaves either all of a feed's new items (with their alerts) or none.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.config import Config
from bot.errors import UserError
from bot.news.fetch import Fetcher, FetchResult
from bot.news.netguard import check_url
from bot.news.stories import Candidate, StoryIndex, encode_signature
from bot.news.workers import ParsedBatch, ParserPool
from storage.feeds import success_values
from storage.ingest import Ingest
from storage.models import FeedRow, Finding
from storage.news import NewArticle, article_values, story_values
from storage.store import Store

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class ArticleReport:
    id: int
    title: str
    link: str | None
    feed: str
    published: datetime | None
    relevant: bool
    score: float
    story_id: int | None  # None: off-topic, remembered but grouped with nothing
    countries: tuple[Finding, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "link": self.link,
            "feed": self.feed,
            "published": self.published.isoformat() if self.published else None,
            "relevant": self.relevant,
            "score": round(self.score, 3),
            "story_id": self.story_id,
            "countries": [
                {"iso2": f.iso2, "status": f.status, "confidence": round(f.confidence, 3)}
                for f in self.countries
            ],
        }


@dataclass(slots=True)
class CycleReport:
    started: datetime
    finished: datetime | None = None
    feeds: int = 0
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    disabled: list[str] = field(default_factory=list)
    articles: list[ArticleReport] = field(default_factory=list)
    new_stories: int = 0
    alerts_queued: int = 0
    proposals: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        relevant = sum(1 for a in self.articles if a.relevant)
        return (
            f"Polled {self.feeds} feeds ({self.fetched} changed, {self.not_modified} unchanged, "
            f"{self.failed} failed): {len(self.articles)} new articles, {relevant} relevant, "
            f"{self.new_stories} new stories, {self.alerts_queued} alerts queued, "
            f"{self.proposals} proposed status changes."
        )


@dataclass(slots=True)
class _Written:
    """What one feed's write stored."""

    articles: list[ArticleReport] = field(default_factory=list)
    new: list[Candidate] = field(default_factory=list)  # its new stories
    proposals: int = 0
    queued: int = 0


def backoff(interval: timedelta, failures: int, retry_after: float | None) -> timedelta:
    """Exponential back-off after ``failures`` consecutive failures, honouring Retry-After."""
    delay: timedelta = min(interval * (2 ** max(0, failures - 1)), MAX_BACKOFF)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=min(retry_after, MAX_BACKOFF.total_seconds())))
    return delay


class Pipeline:
    def __init__(
        self, store: Store, config: Config, fetcher: Fetcher, parser: ParserPool, clock: Clock
    ) -> None:
        self.store = store
        self.config = config
        self.fetcher = fetcher
        self.parser = parser
        self.clock = clock
        self._cycle_lock = asyncio.Lock()
        self._index_lock = asyncio.Lock()

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=self.config.polling.interval_minutes)

    async def sync_config_feeds(self) -> int:
        """Add the configured feeds that the database does not know yet."""
        added = 0
        now = self.clock()
        async with self.store.transaction() as conn:
            for feed in self.config.feeds:
                try:
                    check_url(feed.url, allow_private=self.config.polling.allow_private_addresses)
                except UserError as exc:
                    log.error("Skipping the configured feed %s: %s", feed.url, exc.message)
                    continue
                async with conn.execute("SELECT 1 FROM feeds WHERE url = ?", (feed.url,)) as cur:
                    if await cur.fetchone():
                        continue
                await self.store.feeds.add(conn, feed.url, feed.name, "config", None, now)
                added += 1
        return added

    async def run_cycle(self, *, force: bool = False) -> CycleReport:
        """Poll every due feed (every active feed with ``force``); never raises for one feed."""
        async with self._cycle_lock:
            now = self.clock()
            report = CycleReport(started=now)
            feeds = await (self.store.feeds.due(now) if not force else self._active_feeds())
            report.feeds = len(feeds)
            if not feeds:  # the job runs every minute; most runs find nothing due
                report.finished = now
                return report
            current = {c.iso2: c.status for c in await self.store.countries.all()}
            recent = await self.store.news.recent_stories(now - timedelta(days=4))

            def index() -> StoryIndex:
                return StoryIndex(
                    Candidate.stored(
                        s.id,
                        s.signature,
                        s.link,
                        s.published_at or s.first_seen_at,
                        {f.iso2: f.status for f in s.findings},
                    )
                    for s in recent
                )

            # Tens of thousands after a storm: indexed in a thread, the loop goes on meanwhile.
            candidates = await asyncio.to_thread(index)
            gate = asyncio.Semaphore(self.config.polling.max_concurrency)

            async def one(feed: FeedRow) -> None:
                async with self.fetcher.host_turn(feed.url), gate:  # busy hosts hold no global slot
                    try:
                        await self._poll(feed, report, candidates, current)
                    except Exception as exc:  # one feed must never end the cycle
                        log.exception("Polling %s failed unexpectedly", feed.url)
                        report.failed += 1
                        report.errors.append((feed.label, f"internal error: {exc}"))
                        await self._failure(feed, f"internal error: {type(exc).__name__}", None)

            await asyncio.gather(*(one(f) for f in feeds))
            report.finished = self.clock()
            await self.store.meta.set("last_poll_at", report.finished.isoformat())
            log.info("%s", report.summary())
            return report

    async def _active_feeds(self) -> list[FeedRow]:
        return [f for f in await self.store.feeds.all() if not f.disabled and not f.paused]

    async def _poll(
        self,
        feed: FeedRow,
        report: CycleReport,
        candidates: StoryIndex,
        current: dict[str, str],
    ) -> None:
        result = await self.fetcher.fetch(feed.url, feed.etag, feed.last_modified)
        if result.kind == "error":
            report.failed += 1
            report.errors.append((feed.label, result.error or "unknown error"))
            disabled = await self._failure(feed, result.error or "unknown error", result)
            if disabled:
                report.disabled.append(feed.label)
            return
        now = self.clock()
        next_poll = now + self.interval
        body_hash = hashlib.sha256(result.body).hexdigest() if result.kind == "ok" else None
        if result.kind == "not_modified" or body_hash == feed.body_hash:
            report.not_modified += 1
            async with self.store.transaction() as conn:
                await self.store.feeds.record_success(
                    conn,
                    feed.id,
                    now=now,
                    next_poll_at=next_poll,
                    etag=result.etag or feed.etag,
                    last_modified=result.last_modified or feed.last_modified,
                    body_hash=None,
                )
            return
        batch = await self.parser.parse(
            result.body,
            feed.url,
            feed.name,
            result.content_type,
            self.config.detection.relevance_threshold,
        )
        if batch.error:
            report.failed += 1
            report.errors.append((feed.label, batch.error))
            disabled = await self._failure(feed, batch.error, None)
            if disabled:
                report.disabled.append(feed.label)
            return
        report.fetched += 1
        await self._store(feed, batch, result, body_hash, report, candidates, current)

    async def _store(
        self,
        feed: FeedRow,
        batch: ParsedBatch,
        result: FetchResult,
        body_hash: str | None,
        report: CycleReport,
        candidates: StoryIndex,
        current: dict[str, str],
    ) -> None:
        success = success_values(
            feed.id,
            now=self.clock(),
            next_poll_at=self.clock() + self.interval,
            etag=result.etag,
            last_modified=result.last_modified,
            body_hash=body_hash,
            title=batch.title,
        )

        def write(conn: sqlite3.Connection) -> _Written:
            return self._write(Ingest(conn), feed, batch, success, candidates, current)

        # The grouping index is read and grown only here, one feed at a time.
        async with self._index_lock:
            written = await self.store.db.run(write)
            candidates.extend(written.new)  # committed: later feeds may join these stories
        report.articles.extend(written.articles)
        report.new_stories += len(written.new)
        report.proposals += written.proposals
        report.alerts_queued += written.queued

    def _write(
        self,
        db: Ingest,
        feed: FeedRow,
        batch: ParsedBatch,
        success: tuple[object, ...],
        candidates: StoryIndex,
        current: dict[str, str],
    ) -> _Written:
        """One feed's new articles with their stories, proposals and alerts, in the caller's
        transaction (a thread of the database's: no awaiting here)."""
        now = self.clock()
        items = batch.items
        known = db.known(
            [p.entry.uid for p in items], [p.entry.link for p in items if p.entry.link]
        )
        first_poll = feed.last_ok_at is None
        oldest = now - timedelta(days=self.config.polling.max_age_days)
        threshold = self.config.detection.proposal_confidence
        guilds = db.routed()
        next_story, next_article = db.next_ids()
        first_new = next_story  # stories from this id on are this feed's
        local = StoryIndex()  # this feed's new stories, until they are committed
        out = _Written()
        stories: list[tuple[object, ...]] = []
        articles: list[tuple[object, ...]] = []
        story_findings: list[tuple[object, ...]] = []
        article_findings: list[tuple[object, ...]] = []
        proposals: list[tuple[object, ...]] = []
        posts: list[tuple[int, int, int]] = []
        grown: dict[int, tuple[bool, float]] = {}
        for item in items:
            entry, cls = item.entry, item.classification
            if entry.uid in known or (entry.link and entry.link in known):
                continue
            known.add(entry.uid)  # a feed may list one link twice, under two ids
            if entry.link:
                known.add(entry.link)
            findings = tuple(Finding(f.iso2, f.status, f.confidence) for f in cls.findings)
            alertable = (
                cls.relevant
                and not first_poll
                and (entry.published is None or entry.published >= oldest)
            )
            article = NewArticle(
                feed_id=feed.id,
                uid=entry.uid,
                link=entry.link,
                title=entry.title,
                summary=entry.summary,
                outlet=entry.outlet,
                published_at=entry.published,
                relevant=cls.relevant,
                score=cls.score,
                alertable=alertable,
                findings=findings,
            )
            story: Candidate | None = None
            if item.words is not None:  # off-topic articles are remembered, never grouped
                statuses = {f.iso2: f.status for f in findings}
                when = entry.published or now
                story = candidates.match(item.words, entry.link, statuses, when, item.context)
                if story is None:
                    story = local.match(item.words, entry.link, statuses, when, item.context)
                if story is None:
                    story = Candidate(
                        next_story, item.words, entry.link, when, dict(statuses), item.context
                    )
                    next_story += 1
                    local.add(story)
                    out.new.append(story)
                    signature = encode_signature(item.words, item.context)
                    stories.append((story.id, *story_values(article, signature, now)))
                    if alertable:
                        posts += [
                            (g.guild_id, g.alert_channel_id or 0, story.id)
                            for g in guilds
                            if g.accepts(frozenset(statuses), cls.score)
                        ]
                else:
                    rel, best = grown.get(story.id, (False, 0.0))
                    grown[story.id] = (rel or cls.relevant, max(best, cls.score))
                    index = local if story.id >= first_new else candidates
                    for iso2, status in statuses.items():
                        if status and not story.statuses.get(iso2):
                            index.update_status(story, iso2, status)
                story_findings += [(story.id, f.iso2, f.status, f.confidence) for f in findings]
                if cls.relevant:
                    proposals += [
                        (story.id, f.iso2, f.status, f.confidence)
                        for f in findings
                        if f.status
                        and f.confidence >= threshold
                        and f.status != current.get(f.iso2, "unknown")
                    ]
            article_id = next_article
            next_article += 1
            story_id = story.id if story is not None else None
            articles.append((article_id, *article_values(article, story_id, now)))
            article_findings += [(article_id, f.iso2, f.status, f.confidence) for f in findings]
            out.articles.append(
                ArticleReport(
                    article_id,
                    entry.title,
                    entry.link,
                    feed.label,
                    entry.published,
                    cls.relevant,
                    cls.score,
                    story_id,
                    findings,
                )
            )
        db.insert_stories(stories)
        db.merge_story_findings(story_findings)
        db.insert_articles(articles)
        db.insert_article_findings(article_findings)
        if grown:
            db.attach(grown, now)
            db.flag_edits(sid for sid in grown if sid < first_new)
        out.proposals = db.propose(proposals, now)
        out.queued = db.enqueue_stories(posts, now)
        db.record_success(success)
        return out

    async def _failure(self, feed: FeedRow, error: str, result: FetchResult | None) -> bool:
        """Record a failed poll with back-off; disable on 410 or too many failures."""
        now = self.clock()
        failures = feed.failures + 1
        retry_after = result.retry_after if result else None
        reason: str | None = None
        if result is not None and result.gone:
            reason = "the feed is gone (HTTP 410)"
        elif failures >= self.config.polling.max_failures:
            reason = f"{failures} failures in a row; last: {error}"
        async with self.store.transaction() as conn:
            await self.store.feeds.record_failure(
                conn,
                feed.id,
                now=now,
                error=error,
                next_poll_at=now + backoff(self.interval, failures, retry_after),
                disable_reason=reason,
            )
            if reason:
                await self.store.alerts.fan_out(
                    conn,
                    kind="feed_disabled",
                    now=now,
                    payload={"feed": feed.label, "url": feed.url, "reason": reason},
                )
        log.warning("Feed %s failed (%d in a row): %s", feed.url, failures, error)
        return reason is not None
