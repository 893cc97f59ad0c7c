"""Benchmark: an alert burst through the fake Discord with Discord's rate limits enforced.

    .venv/bin/python bench/alerts.py [--guilds 50] [--channels 50] [--per-channel 10]
                                     [--kind story|test]

Everything runs on 127.0.0.1 and is bounded in time (``--max-seconds``); prints figures,
asserts nothing.

The real ``PolicyWatchBot`` (``open_runtime`` + ``run_bot``) runs against
``FakeDiscord(enforce_rate_limits=True)``: 5 messages per 5 s per channel and 50 requests/s
globally for bot routes, answered over the limit with 429, ``retry_after`` and a ``Via`` header
(as Discord's Cloudflare does). Outbox rows are written straight into the store, then
``bot.dispatcher.drain()`` is called until no row is pending.

What is queued (default ``--kind story``): the realistic burst is one polling cycle that found
``--per-channel`` new stories, each queued for every guild's alert channel. By default 50
guilds with one alert channel each get the same 10 stories (500 posts); with ``--guilds 1`` one
guild gets 50 channels and 500 distinct stories (a story is queued at most once per guild, a
unique index). Stories carry an article, a country finding and, every other one, a proposal
(so the post has buttons), so each post builds the real story embed. The dispatcher posts ONE
digest when MORE than ``alerts.digest_threshold`` story rows are pending for a channel, so the
bench sets ``digest_threshold = --per-channel`` (10 pending is not more than 10): every row is
an individual post. ``--kind test`` queues "test" rows instead (never digested; a small fixed
embed) to separate message building from pacing.

Figures: wall time of the drain, posts/s, the theoretical minimum under Discord's limits
(per channel: n posts at 5 per 5 s take >= 5 * (ceil(n / 5) - 1) s; globally: N posts at
50/s take >= N / 50 s), the bot's own pacer minimum (45/s), 429s (``fake.rate_limit_hits``;
the goal is 0), failures, and the densest 1 s / 5 s windows the fake actually saw.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)  # so bench/*.py never shadows a module of the same name
else:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import collections  # noqa: E402
import dataclasses  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime  # noqa: E402
from typing import Any  # noqa: E402

POST = re.compile(r"/channels/(\d+)/messages")


def densest(times: list[float], width: float) -> int:
    """Most events inside any half-open window of ``width`` seconds."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= width:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


async def seed_stories(rt: Any, count: int) -> list[int]:
    """``count`` stories with one article each (real headlines); every other has a proposal.

    Written like the pipeline writes them: one ``store.db.run`` with ``storage.ingest.Ingest``.
    """
    from bench._synth import COUNTRIES, Text
    from storage.ingest import Ingest
    from storage.models import Finding
    from storage.news import NewArticle, article_values, story_values

    text = Text(seed=7, relevant_share=1.0)
    now = rt.clock()
    articles: list[tuple[NewArticle, Finding]] = []
    for i in range(count):
        title, _relevant, iso2 = text.headline()
        if iso2 not in {c for _, c in COUNTRIES}:
            iso2 = "GB"
        finding = Finding(iso2, "banned" if i % 2 == 0 else None, 0.9)
        article = NewArticle(
            feed_id=None,
            uid=f"bench-alert-{i}",
            link=f"https://news{i % 37}.example.com/2024/05/{text.slug(title)}-{i}",
            title=title,
            summary=text.summary(title, 300, 420),
            outlet=f"Telecom Outlet {i % 37}",
            published_at=now,
            relevant=True,
            score=0.9,
            alertable=True,
            findings=(finding,),
        )
        articles.append((article, finding))

    def write(conn: sqlite3.Connection) -> list[int]:
        db = Ingest(conn)
        first_story, first_article = db.next_ids()
        ids = [first_story + i for i in range(len(articles))]
        db.insert_stories(
            (sid, *story_values(a, f"bench {i}", now))
            for i, (sid, (a, _)) in enumerate(zip(ids, articles, strict=True))
        )
        db.merge_story_findings(
            (sid, f.iso2, f.status, f.confidence) for sid, (_, f) in zip(ids, articles, strict=True)
        )
        db.insert_articles(
            (first_article + i, *article_values(a, sid, now))
            for i, (sid, (a, _)) in enumerate(zip(ids, articles, strict=True))
        )
        db.insert_article_findings(
            (first_article + i, f.iso2, f.status, f.confidence) for i, (_, f) in enumerate(articles)
        )
        db.propose(
            [
                (sid, f.iso2, f.status, f.confidence)
                for sid, (_, f) in zip(ids, articles, strict=True)
                if f.status
            ],
            now,
        )
        return ids

    ids: list[int] = await rt.store.db.run(write)
    return ids


async def bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from bot.client import PolicyWatchBot
    from bot.clock import utcnow
    from bot.config import AlertsConfig
    from bot.runtime import open_runtime
    from tests.fakediscord import FakeDiscord, run_bot
    from tests.helpers import make_config

    fake = FakeDiscord(token="bench-token", enforce_rate_limits=True)
    # Stamp every channel-message POST as it reaches the fake (instance attribute, bound by
    # start()), to find the densest windows the fake saw.
    arrivals: list[tuple[float, int]] = []
    original = fake._h_message_create

    async def timed(request: Any) -> Any:
        arrivals.append((time.monotonic(), int(request.match_info["channel_id"])))
        return await original(request)

    fake._h_message_create = timed  # type: ignore[method-assign]
    too_many: list[tuple[float, bool, float]] = []  # (when, global?, retry_after)
    original_429 = fake._too_many

    def counted(retry_after: float, is_global: bool) -> Any:
        too_many.append((time.monotonic(), is_global, retry_after))
        return original_429(retry_after, is_global)

    fake._too_many = counted  # type: ignore[method-assign]
    await fake.start()
    channels: list[tuple[int, int]] = []  # (guild, channel)
    per_guild = math.ceil(args.channels / args.guilds)
    for g in range(args.guilds):
        guild = fake.add_guild(f"Policy Fans {g}")
        for c in range(per_guild):
            if len(channels) < args.channels:
                channels.append((guild.id, fake.add_channel(guild.id, f"alerts-{c}").id))
    config = dataclasses.replace(
        make_config(tmp, parser_processes=0),
        alerts=AlertsConfig(drain_interval_seconds=3600, digest_threshold=max(1, args.per_channel)),
        log_level="WARNING",
    )
    out: dict[str, Any] = {}
    try:
        async with open_runtime(config, utcnow) as rt:
            bot = PolicyWatchBot(rt, guild_ready_timeout=0.05)
            async with run_bot(bot, fake, ready_timeout=30):
                for _ in range(100):  # every guild is in the bot's cache
                    if all(bot.get_channel(ch) is not None for _, ch in channels):
                        break
                    await asyncio.sleep(0.05)
                # ---- queue the burst ----
                now = rt.clock()
                stories: list[int] = []
                if args.kind == "story":
                    per_guild_rows = per_guild * args.per_channel
                    stories = await seed_stories(rt, per_guild_rows)
                index_in_guild: dict[int, int] = collections.defaultdict(int)
                queued = 0
                async with rt.store.transaction() as conn:
                    for _ in range(args.per_channel):
                        for guild_id, channel_id in channels:
                            story_id = None
                            if args.kind == "story":
                                pos = index_in_guild[guild_id]
                                index_in_guild[guild_id] += 1
                                story_id = stories[pos]
                            if await rt.store.alerts.enqueue(
                                conn,
                                guild_id=guild_id,
                                channel_id=channel_id,
                                kind=args.kind,
                                story_id=story_id,
                                now=now,
                            ):
                                queued += 1
                out["queued"] = queued
                out["stories"] = len(stories)
                hits0, req0, arrivals0 = fake.rate_limit_hits, len(fake.requests), len(arrivals)
                # ---- drain until nothing is pending ----
                loop = asyncio.get_running_loop()
                t0 = loop.time()
                drains = 0
                while loop.time() - t0 < args.max_seconds:
                    settled = await asyncio.wait_for(
                        bot.dispatcher.drain(), args.max_seconds - (loop.time() - t0) + 1
                    )
                    drains += 1
                    pending = (await rt.store.alerts.counts()).get("pending", 0)
                    if pending == 0:
                        break
                    if settled == 0:  # rows waiting for a retry time
                        await asyncio.sleep(0.25)
                wall = loop.time() - t0
                counts = await rt.store.alerts.counts()
                failed_rows = await rt.store.db.fetchall(
                    "SELECT last_error, COUNT(*) FROM outbox WHERE state = 'failed' "
                    "GROUP BY last_error"
                )
                retried = await rt.store.db.scalar("SELECT COUNT(*) FROM outbox WHERE attempts > 1")
                reqs = fake.requests[req0:]
                posts_ok = sum(
                    1
                    for r in reqs
                    if r.method == "POST" and POST.fullmatch(r.path) and r.status == 200
                )
                statuses = collections.Counter(r.status for r in reqs)
                window = arrivals[arrivals0:]
                times = [t for t, _ in window]
                by_channel: dict[int, list[float]] = collections.defaultdict(list)
                for t, ch in window:
                    by_channel[ch].append(t)
                per_channel_msgs = [len(fake.channel_messages(ch)) for _, ch in channels]
                out.update(
                    wall=wall,
                    drains=drains,
                    counts=counts,
                    failed=[(str(e), int(n)) for e, n in failed_rows],
                    retried=int(retried or 0),
                    posts_ok=posts_ok,
                    statuses=dict(statuses),
                    requests=len(reqs),
                    hits=fake.rate_limit_hits - hits0,
                    densest_1s=densest(times, 1.0),
                    densest_5s_channel=max(
                        (densest(v, 5.0) for v in by_channel.values()), default=0
                    ),
                    per_channel_msgs=(min(per_channel_msgs), max(per_channel_msgs)),
                    sent_counter=bot.dispatcher.sent,
                    first_last=(min(times) - t0, max(times) - t0) if times else (0.0, 0.0),
                    errors=list(fake.errors),
                    too_many=[(t - t0, g, r) for t, g, r in too_many],
                )
    finally:
        await fake.stop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--channels", type=int, default=50)
    ap.add_argument("--guilds", type=int, default=50, help="channels are spread over these")
    ap.add_argument("--per-channel", type=int, default=10, help="posts per channel")
    ap.add_argument("--kind", choices=("story", "test"), default="story")
    ap.add_argument("--max-seconds", type=float, default=180, help="stop draining after this")
    args = ap.parse_args()
    args.guilds = max(1, min(args.guilds, args.channels))
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

    tmp = Path(tempfile.mkdtemp(prefix="pw-bench-alerts-"))
    try:
        out = asyncio.run(bench(args, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    total = args.channels * args.per_channel
    ch_min = 5.0 * (math.ceil(args.per_channel / 5) - 1)
    gl_min = total / 50
    pacer_min = total / 45
    floor = max(ch_min, gl_min)
    wall = out["wall"]
    sent = out["counts"].get("sent", 0)
    print(
        f"\n5G Policy Watch - alert burst under Discord's rate limits  "
        f"({datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]})"
    )
    print(
        f"{total} posts = {args.channels} channels x {args.per_channel} "
        f"({args.guilds} guild(s)), kind={args.kind}"
        + (f" ({out['stories']} distinct stories)" if args.kind == "story" else "")
        + f", digest_threshold={args.per_channel}; queued {out['queued']} outbox rows"
    )
    print("fake: enforce_rate_limits=True (5 msgs / 5 s per channel, 50 req/s global, 429 + Via)")
    rows = [
        ("drain wall time", f"{wall:.2f} s  ({out['drains']} drain() calls)"),
        (
            "posts made (200)",
            f"{out['posts_ok']}  (rows sent {sent}, dispatcher.sent "
            f"{out['sent_counter']}, per channel {out['per_channel_msgs'][0]}"
            f"-{out['per_channel_msgs'][1]})",
        ),
        ("posts/s", f"{out['posts_ok'] / wall:.1f}" if wall else "-"),
        ("min. per channel (5/5 s)", f"{ch_min:.1f} s"),
        ("min. global (50/s)", f"{gl_min:.1f} s"),
        ("theoretical minimum", f"{floor:.1f} s"),
        ("wall / minimum", f"{wall / floor:.2f}x" if floor else "-"),
        ("bot pacer floor (45/s)", f"{pacer_min:.1f} s  (wall / that: {wall / pacer_min:.2f}x)"),
        (
            "rate_limit_hits (429)",
            f"{out['hits']}  ({sum(g for _, g, _ in out['too_many'])} "
            f"global, {sum(not g for _, g, _ in out['too_many'])} "
            "per channel)",
        ),
        ("rows failed", f"{out['counts'].get('failed', 0)}  {out['failed'][:3] or ''}"),
        ("rows pending at end", f"{out['counts'].get('pending', 0)}"),
        ("rows retried", f"{out['retried']}"),
        ("densest 1 s (all posts)", f"{out['densest_1s']}  (limit 50)"),
        ("densest 5 s (one channel)", f"{out['densest_5s_channel']}  (limit 5)"),
        ("first / last post", f"t+{out['first_last'][0]:.2f} s / t+{out['first_last'][1]:.2f} s"),
        ("REST requests in drain", f"{out['requests']}  by status {out['statuses']}"),
        ("fake handler errors", f"{len(out['errors'])}"),
    ]
    print()
    for name, value in rows:
        print(f"  {name:<27} {value}")
    if out["too_many"]:
        shown = ", ".join(
            f"t+{t:.2f}s {'global' if g else 'channel'} {r * 1e3:.0f}ms"
            for t, g, r in out["too_many"][:12]
        )
        print(f"  429s (when, scope, retry_after): {shown}")


if __name__ == "__main__":
    main()
