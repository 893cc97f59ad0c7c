"""Benchmark: the SQLite store at scale - insert rate, size per article, and read latencies.

    .venv/bin/python bench/store.py [--small] [--articles N] [--mode ingest|bulk] [--batch N]

Builds a fresh database in a temporary folder (deleted afterwards) holding N synthetic articles
(default 1,000,000; --small: 50,000) over 5 years and 60 countries, grouped into stories the
way the pipeline groups them (~30% of articles join an existing story), ~1 in 5 relevant, with
realistic sizes (titles ~70-80 chars, summaries ~300, links ~90), plus 1,000 feeds and ~40
status changes per country. Then reopens it (cold SQLite cache, warm OS cache, as after a bot
restart) and times what the commands run:

* ``store.news.latest(iso2, 10)``      - /news <country>
* ``store.news.latest(None, 10)``      - /news
* ``store.countries.history(iso2)``    - /history
* ``store.news.known([uid], [link])``  - "is this article new?" (per feed, every cycle)
* ``store.news.recent_stories(now-14d)``- loaded at the start of every polling cycle
* ``store.news.top_stories(now-7d, 8)``- the weekly digest

and prints EXPLAIN QUERY PLAN for their SQL, flagging any full table scan. Prints figures only.

Insert modes: ``ingest`` (default) writes the way the polling pipeline does
(``bot.news.pipeline._commit``): the rows of a batch are planned on the event loop (new stories
numbered -1, -2, ... until written), then sent in one ``store.db.run(...)`` - one trip to the
database's thread, one BEGIN IMMEDIATE/COMMIT - through ``storage.ingest.Ingest``: ``next_ids``,
``insert_stories``, ``merge_story_findings``, ``insert_articles``, ``insert_article_findings``,
then ``attach`` and ``flag_edits`` for the stories that gained articles. ``--batch`` articles
per call (default 1000; the bot writes one feed per call, ~50 items). Which story an article
joins is drawn at random, not matched: this measures the writes. ``bulk`` writes the same rows
with one aiosqlite ``executemany`` per table per batch (explicit ids), for comparison. The
insert rate is printed for the first tenth (empty database), the middle and the last tenth (full
database: the bot's steady state).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)  # so bench/store.py never shadows a module named "store"
else:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from functools import partial  # noqa: E402

from bench._common import Lat, pct, peak_rss_mb  # noqa: E402
from bench._synth import COUNTRIES, Text  # noqa: E402
from bot.news.stories import STATUS_WINDOW, signature  # noqa: E402
from storage.ingest import Ingest  # noqa: E402
from storage.models import Finding, NewChange  # noqa: E402
from storage.news import (  # noqa: E402
    MERGE_FINDING,
    NewArticle,
    article_values,
    known_queries,
    story_values,
)
from storage.store import Store  # noqa: E402
from storage.times import to_db  # noqa: E402

YEARS = 5
FEEDS = 1000
STATUSES = ("banned", "restricted", "under_review", "allowed", "partner")
ISO2 = [iso for _, iso in COUNTRIES]
# A skewed country mix, as in real coverage (the UK, the US, Germany... far more than Peru).
WEIGHTS = [1 / (rank + 1) ** 0.8 for rank in range(len(ISO2))]


@dataclass(slots=True)
class Gen:
    """Produces the articles in time order, and decides story grouping like the pipeline."""

    rng: random.Random
    text: Text
    start: datetime
    step: timedelta
    open_stories: list[tuple[int, int]]  # (story id or -n for unwritten, article count)

    def article(self, k: int, feed_id: int) -> tuple[NewArticle, datetime]:
        r = self.rng
        title, relevant, _ = self.text.headline()
        relevant = (relevant and r.random() < 0.95) or (not relevant and r.random() < 0.03)
        now = self.start + self.step * k
        published = now - timedelta(seconds=r.uniform(0, 6 * 3600))
        n_countries = r.choices((0, 1, 2, 3), (45, 40, 12, 3))[0]
        isos = set(r.choices(ISO2, WEIGHTS, k=n_countries))
        findings = tuple(
            Finding(
                iso,
                r.choice(STATUSES) if relevant and r.random() < 0.5 else None,
                round(r.uniform(0.5, 0.95), 3),
            )
            for iso in sorted(isos)
        )
        outlet = f"outlet{feed_id}"
        slug = self.text.slug(title)
        link = f"https://www.{outlet}.example.com/{now:%Y/%m/%d}/{slug}-{k}"
        return (
            NewArticle(
                feed_id=feed_id,
                uid=f"g:{outlet}-{k}-{r.getrandbits(40):010x}",
                link=link,
                title=title,
                summary=self.text.summary(title, 220, 380),
                outlet=f"Telecom Outlet {feed_id}",
                published_at=published,
                relevant=relevant,
                score=round(r.uniform(0.5, 1.0) if relevant else r.uniform(0.0, 0.45), 3),
                alertable=relevant,
                findings=findings,
            ),
            now,
        )

    def join(self) -> int | None:
        """The story an article joins (~30% of the time), or None for a new story."""
        if self.open_stories and self.rng.random() < 0.3:
            i = self.rng.randrange(len(self.open_stories))
            sid, count = self.open_stories[i]
            if count >= 6:
                self.open_stories.pop(i)
            else:
                self.open_stories[i] = (sid, count + 1)
            return sid
        return None

    def opened(self, story_id: int) -> None:
        self.open_stories.append((story_id, 1))
        if len(self.open_stories) > 200:  # stories stay open for a few days only
            self.open_stories.pop(0)

    def resolve(self, first_story: int) -> None:
        """A batch was written: its new stories (-1, -2, ...) now have ids from ``first_story``."""
        self.open_stories = [
            (first_story - sid - 1 if sid < 0 else sid, count) for sid, count in self.open_stories
        ]


def _write(
    stories: list[tuple[int, NewArticle, str, datetime]],
    articles: list[tuple[NewArticle, int, datetime]],
    grown: dict[int, tuple[bool, float]],
    now: datetime,
    conn: sqlite3.Connection,
) -> tuple[int, int]:
    """``bot.news.pipeline._commit``'s writes, in the same order, inside ``Database.run``: new
    stories are numbered -1, -2, ... until ``next_ids`` hands out their ids."""
    db = Ingest(conn)
    first_story, first_article = db.next_ids()

    def story_id(ref: int) -> int:
        return first_story - ref - 1 if ref < 0 else ref

    db.insert_stories(
        (story_id(ref), *story_values(article, sig, when)) for ref, article, sig, when in stories
    )
    db.merge_story_findings(
        (story_id(ref), f.iso2, f.status, f.confidence)
        for article, ref, _ in articles
        for f in article.findings
    )
    db.insert_articles(
        (first_article + i, *article_values(article, story_id(ref), when))
        for i, (article, ref, when) in enumerate(articles)
    )
    db.insert_article_findings(
        (first_article + i, f.iso2, f.status, f.confidence)
        for i, (article, _, _) in enumerate(articles)
        for f in article.findings
    )
    if grown:
        db.attach({story_id(ref): value for ref, value in grown.items()}, now)
        db.flag_edits(ref for ref in grown if ref >= 0)  # stories from earlier batches
    return first_story, first_article


async def insert_ingest(store: Store, gen: Gen, first: int, count: int, batch: int) -> None:
    """The pipeline's write path: plan a batch on the loop, then write it in one
    ``store.db.run`` (one thread hop, one transaction) through ``storage.ingest.Ingest``."""
    for b0 in range(first, first + count, batch):
        stories: list[tuple[int, NewArticle, str, datetime]] = []
        articles: list[tuple[NewArticle, int, datetime]] = []
        grown: dict[int, tuple[bool, float]] = {}
        now = gen.start
        for k in range(b0, min(b0 + batch, first + count)):
            article, now = gen.article(k, 1 + k % FEEDS)
            ref = gen.join()
            if ref is None:
                ref = -len(stories) - 1
                stories.append((ref, article, signature(article.title), now))
                gen.opened(ref)
            else:
                rel, best = grown.get(ref, (False, 0.0))
                grown[ref] = (rel or article.relevant, max(best, article.score))
            articles.append((article, ref, now))
        first_story, _ = await store.db.run(partial(_write, stories, articles, grown, now))
        gen.resolve(first_story)


async def insert_bulk(store: Store, gen: Gen, first: int, count: int, batch: int) -> None:
    """The same rows with executemany per table per batch (explicit ids, no per-row hops)."""
    async with store.db.transaction() as conn:
        async with conn.execute("SELECT COALESCE(MAX(id), 0) FROM stories") as cur:
            story_next = int((await cur.fetchone() or [0])[0]) + 1
        async with conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles") as cur:
            article_next = int((await cur.fetchone() or [0])[0]) + 1
    for b0 in range(first, first + count, batch):
        stories: list[list[object]] = []
        articles: list[tuple[object, ...]] = []
        s_countries: list[tuple[object, ...]] = []
        a_countries: list[tuple[object, ...]] = []
        touched: dict[int, tuple[str | None, int, float]] = {}
        for k in range(b0, min(b0 + batch, first + count)):
            a, now = gen.article(k, 1 + k % FEEDS)
            story_id = gen.join()
            when = to_db(now)
            if story_id is None:
                story_id = story_next
                story_next += 1
                gen.opened(story_id)
                stories.append(
                    [story_id, a.title, a.link, signature(a.title), when, when,
                     to_db(a.published_at), 1, int(a.relevant), a.score]
                )  # fmt: skip
            else:
                touched[story_id] = (when, int(a.relevant), a.score)
            s_countries.extend((story_id, f.iso2, f.status, f.confidence) for f in a.findings)
            aid = article_next
            article_next += 1
            articles.append(
                (aid, a.feed_id, a.uid, a.link, a.title, a.summary, a.outlet,
                 to_db(a.published_at), when, story_id, int(a.relevant), a.score,
                 int(a.alertable))
            )  # fmt: skip
            a_countries.extend((aid, f.iso2, f.status, f.confidence) for f in a.findings)
        async with store.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO stories (id, title, link, signature, first_seen_at, last_seen_at, "
                "published_at, outlet_count, relevant, score) VALUES (?,?,?,?,?,?,?,?,?,?)",
                stories,
            )
            await conn.executemany(
                "INSERT INTO articles (id, feed_id, uid, link, title, summary, outlet, "
                "published_at, fetched_at, story_id, relevant, score, alertable) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                articles,
            )
            await conn.executemany(
                "INSERT INTO article_countries (article_id, iso2, status, confidence) "
                "VALUES (?,?,?,?)",
                a_countries,
            )
            await conn.executemany(MERGE_FINDING, s_countries)
            await conn.executemany(
                "UPDATE stories SET last_seen_at = ?, relevant = MAX(relevant, ?), "
                "score = MAX(score, ?), outlet_count = outlet_count + 1 WHERE id = ?",
                [(w, rel, sc, sid) for sid, (w, rel, sc) in touched.items()],
            )


async def fill_fixed(store: Store, start: datetime, rng: random.Random) -> None:
    """1,000 feeds and ~40 status changes per country, through the repositories."""
    async with store.transaction() as conn:
        for i in range(1, FEEDS + 1):
            url = f"https://www.outlet{i}.example.com/feed"
            await store.feeds.add(conn, url, f"Outlet {i}", "config", None, start)
    span = timedelta(days=365 * YEARS)
    for iso in ISO2:
        async with store.transaction() as conn:
            for j in range(40):
                await store.countries.record(
                    conn,
                    NewChange(
                        iso2=iso,
                        new_status=rng.choice(STATUSES),
                        note=f"Change {j}: " + "reported by several outlets; " * 3,
                        source=f"https://www.outlet{rng.randint(1, FEEDS)}.example.com/a/{j}",
                        kind="seed" if j == 0 else rng.choice(("update", "proposal")),
                        actor="bench",
                        actor_name="Benchmark",
                    ),
                    start + span * (j / 40),
                )


PLANS = {
    "latest(iso2)": (
        "SELECT r.*, (SELECT MAX(COALESCE(a.published_at, a.fetched_at)) FROM articles a "
        "WHERE a.story_id = r.id) AS latest_at FROM (SELECT s.* FROM story_countries sc "
        "JOIN stories s ON s.id = sc.story_id WHERE sc.iso2 = ? AND s.relevant = 1 "
        "ORDER BY sc.story_id DESC LIMIT ?) r ORDER BY latest_at DESC, r.id DESC LIMIT ?",
        ("GB", 30, 10),
    ),
    "latest(None)": (
        "SELECT r.*, (SELECT MAX(COALESCE(a.published_at, a.fetched_at)) FROM articles a "
        "WHERE a.story_id = r.id) AS latest_at FROM (SELECT * FROM stories WHERE relevant = 1 "
        "ORDER BY id DESC LIMIT ?) r ORDER BY latest_at DESC, r.id DESC LIMIT ?",
        (30, 10),
    ),
    "_with_findings": (
        "SELECT story_id, iso2, status, confidence FROM story_countries WHERE story_id IN (?,?)",
        (1, 2),
    ),
    "history(iso2)": (
        "SELECT id, iso2, old_status, new_status, since, summary, note, source, kind, actor, "
        "actor_name, guild_id, reverts_id, reverted_by, created_at FROM status_changes "
        "WHERE iso2 = ? ORDER BY id DESC",
        ("GB",),
    ),
    # NewsRepo.known's own query (storage.news.known_queries): ids and links at once.
    "known(uid, link)": next(iter(known_queries(["g:x"], ["https://x"]))),
    "recent_stories": (
        "SELECT * FROM stories WHERE last_seen_at >= ? ORDER BY +id",
        ("2030-01-01T00:00:00+00:00",),
    ),
    "top_stories (digest)": (
        "SELECT * FROM stories WHERE relevant = 1 AND first_seen_at >= ? "
        "AND last_seen_at >= ? ORDER BY outlet_count DESC, id DESC LIMIT ?",
        ("2030-01-01T00:00:00+00:00", "2030-01-01T00:00:00+00:00", 8),
    ),
    "feeds.due": (
        "SELECT * FROM feeds WHERE removed = 0 AND disabled = 0 AND paused = 0 "
        "AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY id",
        ("2030-01-01T00:00:00+00:00",),
    ),
    "articles_of(story)": ("SELECT * FROM articles WHERE story_id = ? ORDER BY id", (1,)),
    "attach: outlet count": (
        "SELECT COUNT(DISTINCT outlet) FROM articles WHERE story_id = ?",
        (1,),
    ),
}


ALTERNATIVES = (
    (
        "recent_stories, old",
        "SELECT * FROM stories WHERE last_seen_at >= ? ORDER BY id",
        ("4d",),
    ),
    (
        "recent_stories, +id (now)",
        "SELECT * FROM stories WHERE last_seen_at >= ? ORDER BY +id",
        ("4d",),
    ),
    (
        "top_stories, old",
        "SELECT * FROM stories WHERE relevant = 1 AND first_seen_at >= ? "
        "ORDER BY outlet_count DESC, id DESC LIMIT ?",
        ("7d", 8),
    ),
    (
        "top_stories, +last_seen (now)",
        "SELECT * FROM stories WHERE relevant = 1 AND first_seen_at >= ? AND last_seen_at >= ? "
        "ORDER BY outlet_count DESC, id DESC LIMIT ?",
        ("7d", "7d", 8),
    ),
)

# Scans that are not full: they walk the table in id order and stop early.
EARLY_STOP = {
    "latest(None)": "the newest 30 relevant stories, then stops",
    "latest(iso2)": "SCAN r: only the country's newest 30 stories",
    "feeds.due": "a 1,000-row table",
}


async def timed(n: int, make, call) -> Lat:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        arg = make()
        t0 = time.perf_counter()
        await call(arg)
        out.append(time.perf_counter() - t0)
    return Lat(out)


async def run(args: argparse.Namespace, tmp: Path) -> None:
    n = args.articles
    rng = random.Random(args.seed)
    end = datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(days=365 * YEARS)
    gen = Gen(rng, Text(args.seed), start, (end - start) / n, [])
    path = tmp / "store.sqlite3"
    insert = {"ingest": insert_ingest, "bulk": insert_bulk}[args.mode]
    edge = max(1, n // 10)
    # first tenth into an empty database, last tenth into the full one (the bot's steady state)
    segments = [(0, edge), (edge, n - 2 * edge), (n - edge, edge)] if n >= 3 else [(0, n)]
    store = await Store.open(path)
    try:
        await fill_fixed(store, start, rng)
        timings: list[tuple[int, float]] = []  # (articles, seconds) per segment
        for first, count in segments:
            t0 = time.perf_counter()
            await insert(store, gen, first, count, args.batch)
            timings.append((count, time.perf_counter() - t0))
        counts = {
            t: await store.db.scalar(f"SELECT COUNT(*) FROM {t}")
            for t in ("articles", "stories", "story_countries", "article_countries",
                      "status_changes", "feeds")
        }  # fmt: skip
    finally:
        t0 = time.perf_counter()
        await store.close()
    with sqlite3.connect(path) as conn:  # close already checkpoints; make sure the WAL is empty
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    t_ckpt = time.perf_counter() - t0
    size = path.stat().st_size + sum(p.stat().st_size for p in tmp.glob("store.sqlite3-*"))

    # Reopen: SQLite's page cache is empty (a restarted bot), the OS cache is warm.
    store = await Store.open(path)
    try:
        uids = [r[0] for r in await store.db.fetchall(
            "SELECT uid, link FROM articles WHERE id IN (" + ",".join(
                str(rng.randint(1, n)) for _ in range(args.queries)) + ")")]  # fmt: skip
        links = [r[0] for r in await store.db.fetchall(
            "SELECT link FROM articles WHERE id IN (" + ",".join(
                str(rng.randint(1, n)) for _ in range(args.queries)) + ")")]  # fmt: skip
        q = args.queries
        first_latest = time.perf_counter()
        await store.news.latest(rng.choice(ISO2), 10)
        first_latest = time.perf_counter() - first_latest
        lat_country = await timed(q, lambda: rng.choice(ISO2), lambda c: store.news.latest(c, 10))
        lat_rare = await timed(
            q // 5, lambda: rng.choice(ISO2[-10:]), lambda c: store.news.latest(c, 10)
        )
        lat_all = await timed(q // 5, lambda: None, lambda c: store.news.latest(None, 10))
        lat_hist = await timed(q, lambda: rng.choice(ISO2), store.countries.history)

        def known_arg() -> tuple[list[str], list[str]]:
            if rng.random() < 0.5:  # an article we have
                return [rng.choice(uids)], [rng.choice(links)]
            k = rng.getrandbits(48)
            return [f"g:new-{k}"], [f"https://www.new.example.com/{k}"]

        lat_known = await timed(q, known_arg, lambda a: store.news.known(*a))
        lat_known50 = await timed(  # one feed's worth (50 items), as the pipeline calls it
            q // 5,
            lambda: ([rng.choice(uids) for _ in range(50)], [rng.choice(links) for _ in range(50)]),
            lambda a: store.news.known(*a),
        )
        lat_recent = await timed(5, lambda: end - STATUS_WINDOW, store.news.recent_stories)
        lat_top = await timed(
            5, lambda: end - timedelta(days=7), lambda s: store.news.top_stories(s, 8)
        )
        plans = {}
        for name, (sql, params) in PLANS.items():
            rows = await store.db.fetchall("EXPLAIN QUERY PLAN " + sql, params)
            plans[name] = [str(r["detail"]) for r in rows]
        # The two queries that used to scan, before and after their index-friendly rewrite
        # (same results; the "now" versions are NewsRepo's SQL).
        since4, since7 = to_db(end - timedelta(days=4)), to_db(end - timedelta(days=7))
        alternatives = []
        for label, sql, marks in ALTERNATIVES:
            args_ = tuple({"4d": since4, "7d": since7}.get(str(p), p) for p in marks)
            explained = await store.db.fetchall("EXPLAIN QUERY PLAN " + sql, args_)
            plan = [str(r["detail"]) for r in explained]
            lat = await timed(
                5, lambda: None, lambda _, sql=sql, a=args_: store.db.fetchall(sql, a)
            )
            n_rows = len(await store.db.fetchall(sql, args_))
            alternatives.append((label, sql, plan, lat, n_rows))
    finally:
        await store.close()

    # ------------------------------------------------------------------ report
    print(
        f"\n5G Policy Watch - store benchmark  ({datetime.now():%Y-%m-%d %H:%M}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, SQLite "
        f"{sqlite3.sqlite_version})"
    )
    print(
        f"{n:,} articles over {YEARS} years, {len(ISO2)} countries; rows: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
    )
    print("\nInsert")
    how = {
        "ingest": "the pipeline's write path: storage.ingest.Ingest in one store.db.run per batch",
        "bulk": "one aiosqlite executemany per table per batch, explicit ids (not the bot's path)",
    }[args.mode]
    print(f"  mode {args.mode} - {how}, {args.batch:,} articles per transaction")
    names = ["first tenth, into an empty DB", "middle", "last tenth, into the full DB"]
    if len(timings) == 1:
        names = ["all"]
    for name, (count, secs) in zip(names, timings, strict=True):
        print(
            f"  {name:30} {count:>9,} articles in {secs:6.1f} s = {count / secs:7,.0f} articles/s"
        )
    total_s = sum(secs for _, secs in timings)
    print(f"  {'all':30} {n:>9,} articles in {total_s:6.1f} s = {n / total_s:7,.0f} articles/s")
    print(f"  close + final WAL checkpoint {t_ckpt:.1f} s")
    print(
        f"\nSize: {size / 1e6:,.1f} MB on disk after checkpoint = {size / n:,.0f} bytes per "
        f"article (all tables and indexes)"
    )
    print("\nReads (reopened store: cold SQLite cache, warm OS cache)")
    print(f"  latest(iso2, 10) very first call   {first_latest * 1e3:8.2f} ms")
    print(f"  latest(iso2, 10)  /news <country>  {lat_country.row()}")
    print(f"  latest(rare iso2) 10 rarest        {lat_rare.row()}")
    print(f"  latest(None, 10)  /news            {lat_all.row()}")
    print(f"  history(iso2)     /history         {lat_hist.row()}  (40 rows each)")
    print(f"  known([uid],[link]) 1 item         {lat_known.row()}")
    print(f"  known(50 uids, 50 links) 1 feed    {lat_known50.row()}")
    print(f"  recent_stories(now-14d) per cycle  {lat_recent.row()}")
    print(f"  top_stories(now-7d, 8) digest      {lat_top.row()}")
    print(f"\nPeak RSS of this process: {peak_rss_mb():,.0f} MB")
    print("\nEXPLAIN QUERY PLAN")
    for name, details in plans.items():
        scan = any(d.startswith("SCAN") and "USING" not in d for d in details)
        flag = "  <-- FULL SCAN" if scan else ""
        if scan and name in EARLY_STOP:
            flag = f"  (scan in rowid order, {EARLY_STOP[name]})"
        print(f"  {name:22} {' | '.join(details)}{flag}")
    print(
        "\nOld SQL vs the index-friendly SQL NewsRepo runs now (same rows; first_seen_at <= "
        "last_seen_at always holds)"
    )
    for label, _sql, plan, lat, n_rows in alternatives:
        p50 = pct(lat.values, 50) * 1e3
        print(f"  {label:32} p50 {p50:8.2f} ms  rows {n_rows:5}  {' | '.join(plan)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=None, help="default 1,000,000")
    ap.add_argument("--small", action="store_true", help="50,000 articles")
    ap.add_argument("--mode", choices=("ingest", "bulk"), default="ingest")
    ap.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    ap.add_argument("--queries", type=int, default=500, help="queries per measured call")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", default=None, help="where to put the temporary database")
    args = ap.parse_args()
    if args.articles is None:
        args.articles = 50_000 if args.small else 1_000_000
    tmp = Path(tempfile.mkdtemp(prefix="pw-bench-store-", dir=args.dir))
    t0 = time.perf_counter()
    try:
        asyncio.run(run(args, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nTotal run time {time.perf_counter() - t0:.0f} s (temporary database deleted)")


if __name__ == "__main__":
    main()
