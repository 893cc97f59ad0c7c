"""One polling cycle: fetch due feeds, parse and classify in worker processes, dedup, group,
store.

Per feed: the workers return each entry classified, with the words grouping compares (none for
an off-topic entry, which is stored only so that it is not read again). On the loop,
``Pipeline._plan`` dedups and groups them into a ``_Plan`` of rows; ``_commit`` writes the plan
(articles, stories, findings, proposals, outbox rows, the feed's new state) in one
transaction, in one trip to the database's thread. So a crash at any point leaves either all of
a feed's new items (with their alerts) or none.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from bot.clock import Clock
from bot.config import Config
from bot.errors import UserError
from bot.news.entries import scope_uid
from bot.news.fetch import Fetcher, FetchResult
from bot.news.netguard import check_url
from bot.news.stories import STATUS_WINDOW, Arrival, Candidate, StoryIndex, encode_signature
from bot.news.workers import (
    KnownItem,
    ParsedBatch,
    ParserPool,
    ParserUnavailable,
    known_digests,
    reclassify,
)
from storage.feeds import success_values
from storage.ingest import Ingest
from storage.models import FeedRow, Finding, GuildSettings
from storage.news import NewArticle, article_values, story_values
from storage.store import Store
from storage.times import to_db

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=24)  # the longest Retry-After honoured
# Failing feeds are retried at most this far apart, so a site that comes back is read again
# soon; they are disabled only after ``disable_after_hours`` (see ``Pipeline._failure``).
FAILURE_BACKOFF_CAP = timedelta(hours=2)
OUTAGE_KEY = "feed_outage:"  # meta rows: feeds disabled, their admins not told yet
PRUNE_EVERY = timedelta(hours=1)
PLAN_SLICE = 0.02  # seconds of grouping on the loop between two yields to it


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
    date_estimated: bool = False  # the feed gave no readable date: published is first seen
    lang: str = "en"  # the article's language (ISO 639-1)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "title": self.title,
            "link": self.link,
            "feed": self.feed,
            "published": self.published.isoformat() if self.published else None,
            "date_estimated": self.date_estimated,
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
    grown_stories: int = 0  # earlier stories new articles joined (their posts are edited)
    alerts_queued: int = 0
    proposals: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        relevant = sum(1 for a in self.articles if a.relevant)
        return (
            f"Polled {self.feeds} feeds ({self.fetched} changed, {self.not_modified} unchanged, "
            f"{self.failed} failed): {len(self.articles)} new articles, {relevant} relevant, "
            f"{self.new_stories} new stories, {self.grown_stories} earlier stories joined, "
            f"{self.alerts_queued} alerts queued, "
            f"{self.proposals} proposed status changes."
        )


@dataclass(frozen=True, slots=True)
class _Shared:
    """What a cycle's feeds share: the grouping index, the countries' current statuses and
    the guilds that take alerts (read once per cycle)."""

    candidates: StoryIndex
    current: dict[str, str]
    guilds: list[GuildSettings]
    first_start: bool = False  # no feed has ever been read: everything there now is old


class PlannedArticle(NamedTuple):
    article: NewArticle
    story: int | None  # a story reference (see _Plan); None: off-topic, joins no story


class PlannedStory(NamedTuple):
    ref: int
    first: NewArticle  # the article that opens it
    signature: str  # its headline and standfirst words (stories.encode_signature)


class StoryFinding(NamedTuple):
    story: int
    finding: Finding


class PlannedPost(NamedTuple):
    guild_id: int
    channel_id: int
    story: int


class Growth(NamedTuple):
    """What the articles that joined a story add to it."""

    relevant: bool
    score: float


@dataclass(slots=True)
class _Plan:
    """One feed's rows to write. Story references below 0 are the feed's new stories (-1 is
    the first), numbered from the next free id when written."""

    articles: list[PlannedArticle] = field(default_factory=list)
    stories: list[PlannedStory] = field(default_factory=list)
    new: list[Candidate] = field(default_factory=list)  # the new stories, as grouping sees them
    story_findings: list[StoryFinding] = field(default_factory=list)
    proposals: list[StoryFinding] = field(default_factory=list)
    posts: list[PlannedPost] = field(default_factory=list)
    grown: dict[int, Growth] = field(default_factory=dict)  # story reference: growth
    refresh: list[tuple[object, ...]] = field(default_factory=list)  # storage.news.REFRESH rows
    success: tuple[object, ...] = ()  # storage.feeds.success_values(...); () records nothing


def _story_id(ref: int, first_new: int) -> int:
    """A story reference in a plan as a stored id: -1 is the first new story, and so on."""
    return first_new - ref - 1 if ref < 0 else ref


def _commit(db: Ingest, plan: _Plan, now: datetime) -> tuple[int, int, int, int]:
    """Write a plan in the caller's transaction (in the database's thread); return the first
    new story id, the first new article id, and how many proposals and posts were new."""
    first_story, first_article = db.next_ids()

    def story_id(ref: int) -> int:
        return _story_id(ref, first_story)

    db.insert_stories(
        (story_id(ref), *story_values(article, signature, now))
        for ref, article, signature in plan.stories
    )
    db.merge_story_findings(
        (story_id(sf.story), sf.finding.iso2, sf.finding.status, sf.finding.confidence)
        for sf in plan.story_findings
    )
    db.insert_articles(
        (
            first_article + i,
            *article_values(p.article, None if p.story is None else story_id(p.story), now),
        )
        for i, p in enumerate(plan.articles)
    )
    db.insert_article_findings(
        (first_article + i, f.iso2, f.status, f.confidence)
        for i, p in enumerate(plan.articles)
        for f in p.article.findings
    )
    if plan.grown:
        db.attach({story_id(ref): value for ref, value in plan.grown.items()}, now)
        db.flag_edits(ref for ref in plan.grown if ref >= 0)  # stories from before this feed
    proposals = db.propose(
        [
            (story_id(sf.story), sf.finding.iso2, sf.finding.status, sf.finding.confidence)
            for sf in plan.proposals
        ],
        now,
    )
    queued = db.enqueue_stories(
        [(p.guild_id, p.channel_id, story_id(p.story)) for p in plan.posts], now
    )
    if plan.refresh:
        db.refresh_articles(plan.refresh)
    if plan.success:
        db.record_success(plan.success)
    return first_story, first_article, proposals, queued


async def _digest(body: bytes) -> str:
    """The body's SHA-256; a big body is hashed in a thread, off the event loop."""
    if len(body) < 1_000_000:
        return hashlib.sha256(body).hexdigest()
    return await asyncio.to_thread(lambda: hashlib.sha256(body).hexdigest())


def is_recent(
    published: datetime | None, first_poll: bool, first_start: bool, oldest: datetime
) -> bool:
    """Whether an item is news for ``max_age_days``. Nothing is on the bot's very first start
    (no feed was ever read: all there is now is old). After that a dated item is news when it
    is recent, whichever feed brings it first, a new feed included. An undated item is old on
    its feed's first poll (it may be years old) and new on a later one (it was not there
    before, so its first-seen time counts)."""
    if first_start:
        return False
    if published is None:
        return not first_poll
    return published >= oldest


def backoff(interval: timedelta, failures: int, retry_after: float | None) -> timedelta:
    """Exponential back-off after ``failures`` consecutive failures, honouring Retry-After."""
    cap = max(FAILURE_BACKOFF_CAP, interval)
    delay: timedelta = min(interval * (2 ** min(max(0, failures - 1), 30)), cap)
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
        self._pruned_at: datetime | None = None

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
                if await self.store.feeds.known_url(conn, feed.url):
                    continue
                await self.store.feeds.add(conn, feed.url, feed.name, "config", None, now)
                added += 1
        return added

    async def run_cycle(self, *, force: bool = False) -> CycleReport:
        """Poll every due feed (every active feed with ``force``); never raises for one feed."""
        async with self._cycle_lock:
            now = self.clock()
            report = CycleReport(started=now)
            await self._recover_clock_step(now)
            feeds = await (self.store.feeds.due(now) if not force else self._active_feeds())
            report.feeds = len(feeds)
            if not feeds:  # the job runs every minute; most runs find nothing due
                report.finished = now
                return report
            current = {c.iso2: c.status for c in await self.store.countries.all()}
            # Every story grouping could still join: its longest window is STATUS_WINDOW.
            recent = await self.store.news.recent_stories(now - STATUS_WINDOW)

            def index() -> StoryIndex:
                return StoryIndex(
                    Candidate.stored(
                        s.id,
                        s.signature,
                        s.link,
                        s.published_at or s.first_seen_at,
                        {f.iso2: f.status for f in s.findings},
                        s.relevant,
                    )
                    for s in recent
                )

            # Tens of thousands after a storm: indexed in a thread, the loop goes on meanwhile.
            # The no-flood rule is about what is old, not which feed brought it: only the
            # bot's very first reading (no feed ever read) posts nothing; later, a recent item
            # no feed has brought yet is alerted whether its feed is new or not.
            ever_read = await self.store.feeds.ever_read()
            shared = _Shared(
                await asyncio.to_thread(index),
                current,
                await self.store.alerts.routed(),
                first_start=not ever_read,
            )
            gate = asyncio.Semaphore(self.config.polling.max_concurrency)

            async def one(feed: FeedRow) -> None:
                async with self.fetcher.host_turn(feed.url), gate:  # busy hosts hold no global slot
                    try:
                        await self._poll(feed, report, shared)
                    except Exception as exc:  # one feed must never end the cycle
                        log.exception("Polling %s failed unexpectedly", feed.url)
                        report.failed += 1
                        report.errors.append((feed.label, f"internal error: {exc}"))
                        await self._failure(feed, f"internal error: {type(exc).__name__}", None)

            try:
                await asyncio.gather(*(one(f) for f in feeds))
            finally:
                await self._tell_outages()
            await self._prune(now)
            report.finished = self.clock()
            await self.store.meta.set("last_poll_at", report.finished.isoformat())
            log.info("%s", report.summary())
            return report

    async def _recover_clock_step(self, now: datetime) -> None:
        """A feed planned later than the longest back-off was planned by a clock that has
        since stepped back (a host whose clock was ahead, then fixed): poll it now."""
        pulled = await self.store.feeds.pull_back(now, now + MAX_BACKOFF + self.interval)
        if pulled:
            log.warning("The clock stepped back: %d feeds planned too far ahead are due", pulled)

    async def _prune(self, now: datetime) -> None:
        """At most hourly: forget off-topic articles older than the retention period."""
        if self._pruned_at is not None and timedelta(0) <= now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        keep = timedelta(days=self.config.storage.offtopic_retention_days)
        pruned = await self.store.news.prune_offtopic(now - keep)
        if pruned:
            log.info("Forgot %d off-topic articles older than %s", pruned, keep)

    async def _active_feeds(self) -> list[FeedRow]:
        return [f for f in await self.store.feeds.all() if not f.disabled and not f.paused]

    async def _poll(
        self,
        feed: FeedRow,
        report: CycleReport,
        shared: _Shared,
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
        body_hash = await _digest(result.body) if result.kind == "ok" else None
        if result.kind == "not_modified" or body_hash == feed.body_hash:
            report.not_modified += 1
            async with self.store.transaction() as conn:
                await self.store.feeds.record_success(
                    conn,
                    success_values(
                        feed.id,
                        now=now,
                        next_poll_at=next_poll,
                        etag=result.etag or feed.etag,
                        last_modified=result.last_modified or feed.last_modified,
                        body_hash=None,
                    ),
                )
            return
        # What the feed stored last (as many as a poll can take from it): the worker does not
        # classify those entries again, the commonest case for a feed that changed.
        stored = await self.store.news.stored_by_feed(
            feed.id, self.config.polling.max_items_per_feed
        )
        try:
            batch = await self.parser.parse(
                result.body,
                feed.url,
                feed.name,
                result.content_type,
                self.config.detection.relevance_threshold,
                known=known_digests(stored),
                feed_id=feed.id,
            )
        except ParserUnavailable as exc:  # the bot's fault, never counted against the feed
            report.errors.append((feed.label, f"not parsed: {exc}; retried next cycle"))
            log.error("Feed %s not parsed: %s", feed.url, exc)
            return
        if batch.error:
            # parse_feed returns entries with an error only for a truncated feed: the ones
            # that ended before the cut. Stored only if the policy says so; the feed still
            # fails with the reason (and keeps its last good state: no success is recorded).
            if batch.items and self.config.polling.keep_items_from_truncated_feeds:
                await self._store(feed, batch, result, body_hash, report, shared, success=False)
            report.failed += 1
            report.errors.append((feed.label, batch.error))
            disabled = await self._failure(feed, batch.error, None)
            if disabled:
                report.disabled.append(feed.label)
            return
        report.fetched += 1
        await self._store(feed, batch, result, body_hash, report, shared)

    async def _store(
        self,
        feed: FeedRow,
        batch: ParsedBatch,
        result: FetchResult,
        body_hash: str | None,
        report: CycleReport,
        shared: _Shared,
        *,
        success: bool = True,
    ) -> None:
        # The grouping index is read and grown here only, one feed at a time: plan on the loop
        # (grouping is pure Python, and a thread would fight the loop for the GIL), then send
        # every row in one trip to the database's thread (SQLite runs there without the GIL).
        async with self._index_lock:
            items = batch.items
            known = await self.store.news.known(
                [scope_uid(p.entry.uid, feed.id) for p in items],
                [p.entry.link for p in items if p.entry.link],
            )
            now = self.clock()
            plan = await self._plan(feed, batch, known, shared, now)
            plan.success = (
                ()
                if not success
                else success_values(
                    feed.id,
                    now=now,
                    next_poll_at=now + self.interval,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    body_hash=body_hash,
                    title=batch.title,
                )
            )
            first_story, first_article, proposals, queued = await self.store.db.run(
                lambda conn: _commit(Ingest(conn), plan, now)
            )
            for story in plan.new:
                story.id = _story_id(story.id, first_story)
            shared.candidates.extend(plan.new)  # committed: later feeds may join these stories
        for index, (article, ref) in enumerate(plan.articles):
            report.articles.append(
                ArticleReport(
                    first_article + index,
                    article.title,
                    article.link,
                    feed.label,
                    article.published_at,
                    article.relevant,
                    article.score,
                    None if ref is None else _story_id(ref, first_story),
                    article.findings,
                    article.date_estimated,
                    article.lang,
                )
            )
        report.new_stories += len(plan.new)
        report.grown_stories += sum(1 for ref in plan.grown if ref >= 0)
        report.proposals += proposals
        report.alerts_queued += queued

    async def _plan(
        self,
        feed: FeedRow,
        batch: ParsedBatch,
        known: set[str],
        shared: _Shared,
        now: datetime,
    ) -> _Plan:
        """What one feed's new articles add: articles, stories (this feed's new ones numbered
        -1, -2, ... until written), findings, proposals and alerts.

        Grouping runs on the loop, so it yields to the loop after every PLAN_SLICE seconds: a
        big feed never holds up the bot's answers for more than about one slice."""
        first_start = shared.first_start
        first_poll = feed.last_ok_at is None
        oldest = now - timedelta(days=self.config.polling.max_age_days)
        threshold = self.config.detection.proposal_confidence
        candidates, current, guilds = shared.candidates, shared.current, shared.guilds
        local = StoryIndex()  # this feed's new stories, until they are committed
        plan = _Plan()
        slice_end = time.perf_counter() + PLAN_SLICE
        for item in batch.items:
            if time.perf_counter() >= slice_end:
                await asyncio.sleep(0)
                slice_end = time.perf_counter() + PLAN_SLICE
            entry = item.entry
            uid = scope_uid(entry.uid, feed.id)  # an opaque guid is unique only in its feed
            if uid in known:
                # Seen before: a copy that was cut off or undated is completed from this one.
                plan.refresh.append((entry.title, entry.summary, to_db(entry.published), uid))
                continue
            if entry.link and entry.link in known:
                continue
            if isinstance(item, KnownItem):  # not classified, and not stored after all
                item = reclassify(item, self.config.detection.relevance_threshold)
                entry = item.entry
            cls = item.classification
            known.add(uid)  # a feed may list one link twice, under two ids
            if entry.link:
                known.add(entry.link)
            findings = tuple(Finding(f.iso2, f.status, f.confidence) for f in cls.findings)
            # An item dated in the future is taken as published when it was seen.
            published = min(entry.published, now) if entry.published else None
            alertable = cls.relevant and is_recent(published, first_poll, first_start, oldest)
            article = NewArticle(
                feed_id=feed.id,
                uid=uid,
                link=entry.link,
                title=entry.title,
                summary=entry.summary,
                outlet=entry.outlet,
                # No readable date: the time it was first seen, marked as estimated.
                published_at=published or now,
                relevant=cls.relevant,
                score=cls.score,
                alertable=alertable,
                findings=findings,
                date_estimated=entry.published is None,
                lang=cls.lang,
            )
            if item.words is None:  # off-topic: remembered, never grouped
                plan.articles.append(PlannedArticle(article, None))
                continue
            statuses = {f.iso2: f.status for f in findings}
            when = published or now
            arrival = Arrival(item.words, entry.link, statuses, when, item.context, cls.relevant)
            # The stories already stored first, then this feed's new ones (numbered -1, -2 …).
            story = candidates.find(arrival)
            if story is not None:
                candidates.fold(story, arrival)
                is_new = False
            else:
                story, is_new = local.assign(arrival, -len(plan.new) - 1)
            if is_new:
                ref = story.id
                plan.new.append(story)
                plan.stories.append(
                    PlannedStory(ref, article, encode_signature(item.words, item.context))
                )
                if alertable:
                    plan.posts += [
                        PlannedPost(g.guild_id, g.alert_channel_id or 0, ref)
                        for g in guilds
                        if g.accepts(frozenset(statuses), cls.score)
                    ]
            else:
                rel, best = plan.grown.get(story.id, Growth(False, 0.0))
                plan.grown[story.id] = Growth(rel or cls.relevant, max(best, cls.score))
                if alertable:
                    # The story's post, where it has none yet (its first articles were old, or
                    # outside the channel's filter); where it has one, the post is edited.
                    about = frozenset(statuses) | frozenset(story.statuses)
                    plan.posts += [
                        PlannedPost(g.guild_id, g.alert_channel_id or 0, story.id)
                        for g in guilds
                        if g.accepts(about, cls.score)
                    ]
            plan.articles.append(PlannedArticle(article, story.id))
            plan.story_findings += [StoryFinding(story.id, f) for f in findings]
            if cls.relevant:
                plan.proposals += [
                    StoryFinding(story.id, f)
                    for f in findings
                    if f.status
                    and f.confidence >= threshold
                    and f.status != current.get(f.iso2, "unknown")
                ]
        return plan

    async def _failure(self, feed: FeedRow, error: str, result: FetchResult | None) -> bool:
        """Record a failed poll with back-off. Disable on 410, or once the feed has failed
        ``max_failures`` times in a row *and* for ``disable_after_hours``: a site down for an
        afternoon comes back by itself. The admins' notice is queued by ``run_cycle``, one per
        guild for all the feeds a cycle disabled."""
        now = self.clock()
        polling = self.config.polling
        failures = feed.failures + 1
        retry_after = result.retry_after if result else None
        failing_for = now - (feed.failing_since or now)
        reason: str | None = None
        if result is not None and result.gone:
            reason = "the feed is gone (HTTP 410)"
        elif failures >= polling.max_failures and failing_for >= timedelta(
            hours=polling.disable_after_hours
        ):
            reason = (
                f"failing for {_duration(failing_for)} "
                f"({failures} failures in a row; last: {error})"
            )
        async with self.store.transaction() as conn:
            await self.store.feeds.record_failure(
                conn,
                feed.id,
                now=now,
                error=error,
                next_poll_at=now + backoff(self.interval, failures, retry_after),
                disable_reason=reason,
            )
            if reason:  # told at the end of the cycle, with the cycle's other outages
                outage = {"feed": feed.name, "url": feed.url, "reason": reason}
                await self.store.meta.put(conn, f"{OUTAGE_KEY}{feed.id:010d}", json.dumps(outage))
        log.warning("Feed %s failed (%d in a row): %s", feed.url, failures, error)
        return reason is not None

    async def _tell_outages(self) -> None:
        """One notice per guild for every feed disabled since the last notice (normally this
        cycle's): a network outage that takes many feeds down at once is one message, not one
        per feed. The outages wait in ``meta``, written with each feed's disabling, so a crash
        before this point delays the notice to the next cycle instead of losing it."""
        async with self.store.transaction() as conn:
            pending = await self.store.meta.take(conn, OUTAGE_KEY)
            if pending:
                await self.store.alerts.fan_out(
                    conn,
                    kind="feed_disabled",
                    now=self.clock(),
                    payload={"feeds": [json.loads(value) for _, value in pending]},
                )


def _duration(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours >= 48:
        return f"{hours / 24:.0f} days"
    if hours >= 1:
        return f"{hours:.0f} h"
    return f"{delta.total_seconds() / 60:.0f} min"
