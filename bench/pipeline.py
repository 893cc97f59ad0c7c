"""Benchmark: one full polling cycle over N local feeds, against bare feedparser, then a 304 cycle.

    .venv/bin/python bench/pipeline.py [--small] [--feeds N] [--processes N] [--profile]
        [--all-on-topic | --on-topic SHARE] [--other-languages SHARE] [--changed]

A local aiohttp server (its own process, 127.0.0.1 only) serves N synthetic RSS 2.0 feeds of 50
new items each (~38 KB, ~1 in 5 items on Huawei/ZTE 5G policy, or all of them with
``--all-on-topic``, some in the other languages the bot reads with ``--other-languages``) with
ETags. The real runtime
(``open_runtime``: Store, Fetcher, ParserPool, Pipeline) polls them into a fresh SQLite file in a
temporary folder, which is deleted afterwards. Prints figures; asserts nothing.

CPU accounting (why not RUSAGE_CHILDREN): ``getrusage(RUSAGE_CHILDREN)`` only counts children
that have exited *and been waited for*. The parser workers are started by the forkserver, so
they are our grandchildren: when they exit, the forkserver reaps them, and their time reaches
us only when the forkserver itself exits (at interpreter shutdown). So RUSAGE_CHILDREN reads ~0
for the whole run, even after ``rt.parser.close()``. Instead we read each live worker's (and
the forkserver's) utime+stime from /proc/<pid>/stat just before and just after each cycle
(that is what psutil's ``cpu_times()`` does too; psutil is not installed here). This process's
own CPU is ``RUSAGE_SELF`` (all threads: event loop, aiosqlite threads). The feed server runs
in a separate process so that its CPU is not counted as the bot's; it reports its own
RUSAGE_SELF when it stops, shown for information (on 2 cores it competes with the bot).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)  # so bench/pipeline.py never shadows a module named "pipeline"
else:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

ITEMS_PER_FEED = 50


# -- worker CPU ------------------------------------------------------------------------------


def parser_pids(rt) -> list[int]:  # type: ignore[no-untyped-def]
    """The parser worker processes and the forkserver (private attributes, read only)."""
    from multiprocessing import forkserver

    executor = rt.parser._executor
    pids = list(getattr(executor, "_processes", None) or {})
    fs_pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pids and fs_pid:
        pids.append(fs_pid)
    return pids


def workers_cpu(rt) -> dict[int, float]:  # type: ignore[no-untyped-def]
    from bench._common import cpu_of_pid

    return {pid: cpu_of_pid(pid) for pid in parser_pids(rt)}


def delta(after: dict[int, float], before: dict[int, float]) -> float:
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


# -- the benchmark ---------------------------------------------------------------------------


def print_profile(profiler, title: str, tree_lines: int = 70, flat_lines: int = 30) -> None:  # type: ignore[no-untyped-def]
    from pyinstrument.renderers import ConsoleRenderer

    print(f"\n=== pyinstrument: {title} ===")
    tree = profiler.output(
        ConsoleRenderer(unicode=True, color=False, processor_options={"filter_threshold": 0.01})
    )
    print("\n".join(tree.splitlines()[:tree_lines]))
    print(f"--- flat, self time, top {flat_lines} ---")
    flat = profiler.output(ConsoleRenderer(unicode=True, color=False, flat=True))
    print("\n".join(flat.splitlines()[: flat_lines + 6]))


HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}


def bare_feedparser(urls: list[str], bodies: list[bytes]) -> dict[str, float]:
    """``feedparser.parse`` over every body in this process, with the options the bot uses."""
    from bench._common import cpu_self

    c0, t0 = cpu_self(), time.perf_counter()
    parsed_items = sum(_bare(url, body) for url, body in zip(urls, bodies, strict=True))
    return {"cpu": cpu_self() - c0, "wall": time.perf_counter() - t0, "items": parsed_items}


def _bare(url: str, body: bytes) -> int:
    """One bare ``feedparser.parse`` with the bot's options; the number of entries."""
    import feedparser

    parsed = feedparser.parse(
        body,
        response_headers=dict(HEADERS, **{"content-location": url}),
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    return len(parsed.entries)


def _bare_chunk(pairs: list[tuple[str, bytes]]) -> float:
    c0 = time.process_time()
    for url, body in pairs:
        _bare(url, body)
    return time.process_time() - c0


def bare_feedparser_parallel(urls: list[str], bodies: list[bytes], processes: int) -> float:
    """The same in ``processes`` worker processes at once, as the cycle's parsers run (on 2
    vCPUs two busy processes slow each other down); returns their CPU seconds."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = max(1, processes)
    pairs = list(zip(urls, bodies, strict=True))
    chunks = [pairs[i::n] for i in range(n)]
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(n, mp_context=ctx) as pool:
        pool.submit(time.process_time).result()  # started before the clock runs
        return sum(pool.map(_bare_chunk, chunks))


def with_new_item(text: Any, body: bytes, feed_no: int, k: int, now: datetime) -> bytes:
    """The feed's body with one new item on top (a new guid and link), the rest as before."""
    from bench._synth import rss_feed

    one = rss_feed(text, feed_no, 1, now)[0]
    start, end = one.index(b"  <item>"), one.index(b"</item>\n") + len(b"</item>\n")
    new = one[start:end].replace(b"-0?utm_source", b"-new%d?utm_source" % k)
    at = body.index(b"  <item>")
    return body[:at] + new + body[at:]


async def changed_cycle(rt: Any, server: Any, bodies: list[bytes], args: Any) -> dict[str, Any]:
    """A cycle where every feed has one new item: what a changed feed costs."""
    from bench._common import Stopwatch

    server.replace(bodies)
    w0 = workers_cpu(rt)
    calls0, skipped0 = rt.parser.calls, getattr(rt.parser, "skipped", 0)
    with Stopwatch() as sw:
        report = await asyncio.wait_for(rt.pipeline.run_cycle(force=True), args.max_seconds)
    w1 = workers_cpu(rt)
    return {
        "wall": sw.wall,
        "cpu_main": sw.cpu,
        "cpu_workers": delta(w1, w0),
        "calls": rt.parser.calls - calls0,
        "skipped": getattr(rt.parser, "skipped", 0) - skipped0,
        "articles": len(report.articles),
        "report": report.summary(),
    }


async def bench(
    args: argparse.Namespace, bodies: list[bytes], port: int, tmp: Path, server: Any = None
) -> dict[str, Any]:
    from bench._common import Stopwatch, cpu_self
    from bot.config import Config, FeedConfig, PollingConfig, StorageConfig
    from bot.news.entries import parse_feed
    from bot.news.workers import parse_and_classify
    from bot.runtime import open_runtime

    urls = [f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(len(bodies))]
    config = Config(
        storage=StorageConfig(path=str(tmp / "bench.sqlite3")),
        polling=PollingConfig(
            allow_private_addresses=True,
            parser_processes=args.processes,
            # Real feeds live on many hosts; here all share 127.0.0.1, so lift the per-host cap
            # to the global one (--per-host to change) or the cap alone would set the pace.
            per_host_concurrency=args.per_host or args.concurrency,
            max_concurrency=args.concurrency,
            timeout_seconds=60,
        ),
        feeds=tuple(FeedConfig(u, f"Telecom Outlet {i}") for i, u in enumerate(urls)),
        log_level="WARNING",
    )
    items = len(bodies) * ITEMS_PER_FEED
    out: dict[str, Any] = {"items": items, "bare_before": bare_feedparser(urls, bodies)}
    async with open_runtime(config) as rt:
        # As the bot does at start-up (bot.runtime.warm_up, where it exists): build the country
        # detector and start the parser workers, so the cycle below is the bot's first cycle.
        from bot import runtime as runtime_module

        warm = getattr(runtime_module, "warm_up", None)
        if warm is not None:
            await warm(rt)
        out["warmed"] = warm is not None
        # ---- (a) first cycle, every item new ----
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001, async_mode="disabled")
        from bench._common import threads_cpu

        w0 = workers_cpu(rt)
        t0 = threads_cpu()
        calls0 = rt.parser.calls
        if profiler:
            profiler.start()
        with Stopwatch() as sw:
            report = await asyncio.wait_for(rt.pipeline.run_cycle(force=True), args.max_seconds)
        if profiler:
            profiler.stop()
        w1 = workers_cpu(rt)
        t1 = threads_cpu()
        out["threads"] = {k: v - t0.get(k, 0.0) for k, v in t1.items() if v - t0.get(k, 0.0) > 0}
        from bench._common import peak_rss_mb, peak_rss_of_pid_mb

        out["rss"] = {
            "main": peak_rss_mb(),
            "workers": [
                peak_rss_of_pid_mb(pid) for pid in getattr(rt.parser._executor, "_processes", {})
            ],
        }
        out["c1"] = {
            "wall": sw.wall,
            "cpu_main": sw.cpu,
            "cpu_workers": delta(w1, w0),
            "calls": rt.parser.calls - calls0,
            "report": report.summary(),
            "articles": len(report.articles),
            "relevant": sum(a.relevant for a in report.articles),
            "stories": report.new_stories,
            "failed": report.failed,
            "errors": report.errors[:3],
            "workers": len(parser_pids(rt)),
        }
        # ---- (c) second cycle, nothing changed: every feed answers 304 ----
        w0 = workers_cpu(rt)
        calls0 = rt.parser.calls
        with Stopwatch() as sw:
            report2 = await asyncio.wait_for(rt.pipeline.run_cycle(force=True), args.max_seconds)
        w1 = workers_cpu(rt)
        out["c2"] = {
            "wall": sw.wall,
            "cpu_main": sw.cpu,
            "cpu_workers": delta(w1, w0),
            "calls": rt.parser.calls - calls0,
            "report": report2.summary(),
            "not_modified": report2.not_modified,
        }
        if args.changed:
            # ---- (d) every feed with one new item: stored entries are not classified again;
            # (e) the same with the worker told nothing (every entry classified, as before) ----
            from bench._synth import Text

            text, now = Text(args.seed + 1, args.on_topic, 0.0), datetime.now(UTC)
            for key, k in (("d", 1), ("e", 2)):
                bodies = [with_new_item(text, b, i, k, now) for i, b in enumerate(bodies)]
                if key == "e":
                    from storage.news import NewsRepo

                    async def nothing(self: object, feed_id: int, limit: int) -> list[str]:
                        return []

                    NewsRepo.stored_by_feed = nothing  # type: ignore[method-assign]
                out[key] = await changed_cycle(rt, server, bodies, args)
        db_path = config.db_path
    # The runtime is closed (parser pool shut down). Sizes, then the in-process comparisons.
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    out["db_bytes"] = db_path.stat().st_size

    # ---- (b) bare feedparser.parse over the same bytes, in this process (again) ----
    after = bare_feedparser(urls, bodies)
    runs = [out.pop("bare_before"), after]
    # The machine is shared and noisy: the faster of the two runs (the larger ratio) counts.
    out["bare"] = dict(min(runs, key=lambda r: r["cpu"]), runs=[r["cpu"] for r in runs])
    out["bare_parallel"] = bare_feedparser_parallel(urls, bodies, args.processes)
    headers = {"content-type": HEADERS["content-type"]}
    # parse_feed (feedparser + normalising entries) and parse_and_classify (what a worker runs)
    c0 = cpu_self()
    for url, body in zip(urls, bodies, strict=True):
        parse_feed(body, url, "x", headers["content-type"])
    out["parse_feed"] = {"cpu": cpu_self() - c0}
    threshold = config.detection.relevance_threshold
    wprof = None
    if args.profile:
        from pyinstrument import Profiler

        wprof = Profiler(interval=0.001, async_mode="disabled")
        wprof.start()
    c0 = cpu_self()
    for url, body in zip(urls, bodies, strict=True):
        parse_and_classify(body, url, "x", headers["content-type"], threshold)
    out["worker_fn"] = {"cpu": cpu_self() - c0}
    if wprof:
        wprof.stop()
    out["profilers"] = (profiler, wprof)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--feeds", type=int, default=None, help="feeds to serve (default 1000)")
    ap.add_argument("--small", action="store_true", help="100 feeds")
    ap.add_argument("--processes", type=int, default=2, help="parser processes (0: a thread)")
    ap.add_argument("--concurrency", type=int, default=16, help="polling.max_concurrency")
    ap.add_argument("--per-host", type=int, default=0, help="per-host cap (default: = concurrency)")
    ap.add_argument("--profile", action="store_true", help="pyinstrument over the first cycle")
    ap.add_argument("--max-seconds", type=float, default=3600, help="give up on a cycle after this")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--changed",
        action="store_true",
        help="then two cycles where every feed has one new item: (d) as the bot runs, (e) with "
        "every stored entry classified again (as before the parse jobs were told what is stored)",
    )
    ap.add_argument(
        "--on-topic", type=float, default=0.2, help="share of on-topic items (default 0.2)"
    )
    ap.add_argument(
        "--all-on-topic", action="store_true", help="every item on topic (= --on-topic 1)"
    )
    ap.add_argument(
        "--other-languages",
        type=float,
        default=0.0,
        help="share of the on-topic items written in the other languages the bot reads",
    )
    args = ap.parse_args()
    n = args.feeds if args.feeds is not None else (100 if args.small else 1000)

    from bench._synth import Text, rss_feed

    t0 = time.perf_counter()
    share = 1.0 if args.all_on_topic else args.on_topic
    text, now = Text(args.seed, share, args.other_languages), datetime.now(UTC)
    bodies = [rss_feed(text, i, ITEMS_PER_FEED, now)[0] for i in range(n)]
    gen_s = time.perf_counter() - t0
    total_bytes = sum(map(len, bodies))
    from bench._common import FeedServerProcess

    server = FeedServerProcess(bodies)
    tmp = Path(tempfile.mkdtemp(prefix="pw-bench-pipeline-"))
    try:
        out = asyncio.run(bench(args, bodies, server.port, tmp, server))
    finally:
        srv = server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    items = out["items"]
    c1, c2, bare = out["c1"], out["c2"], out["bare"]
    c1_cpu = c1["cpu_main"] + c1["cpu_workers"]
    c2_cpu = c2["cpu_main"] + c2["cpu_workers"]
    print(
        f"\n5G Policy Watch - pipeline benchmark  ({datetime.now():%Y-%m-%d %H:%M}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]})"
    )
    print(
        f"{n} feeds x {ITEMS_PER_FEED} items = {items} items, {total_bytes / n / 1000:.1f} KB/feed "
        f"({total_bytes / 1e6:.1f} MB), parser_processes={args.processes}, "
        f"max_concurrency={args.concurrency}, per_host={args.per_host or args.concurrency}"
        f"  [generated in {gen_s:.1f} s]"
    )
    print(
        f"on-topic share {share:.0%}, of which {args.other_languages:.0%} in other languages "
        "than English"
    )
    print(
        "warm_up(rt) ran before the first cycle (detector built, workers started)"
        if out["warmed"]
        else "no warm_up in bot.runtime: worker start-up is inside the first cycle's figures"
    )
    if args.profile:
        print("NOTE: --profile was on; the first cycle's figures include the profiler's overhead.")
    w = 38
    print(
        f"\n{'':{w}} {'wall s':>8} {'CPU main':>9} {'CPU wrk':>8} {'CPU tot':>8} "
        f"{'items/s wall':>13} {'items/CPU-s':>12}"
    )

    def row(label: str, wall: float | None, main: float, wrk: float | None, n_items: int) -> None:
        tot = main + (wrk or 0.0)
        ws = f"{wall:8.2f}" if wall is not None else f"{'-':>8}"
        ks = f"{wrk:8.2f}" if wrk is not None else f"{'-':>8}"
        ips = f"{n_items / wall:13.0f}" if wall else f"{'-':>13}"
        print(f"{label:{w}} {ws} {main:9.2f} {ks} {tot:8.2f} {ips} {n_items / tot:12.0f}")

    row("(a) first cycle, all new", c1["wall"], c1["cpu_main"], c1["cpu_workers"], items)
    row("(b) bare feedparser.parse, 1 process", None, bare["cpu"], None, bare["items"])
    runs = " / ".join(f"{r:.2f}" for r in bare["runs"])
    print(f"    (before / after the cycles: {runs} CPU s; the faster one is used)")
    row(
        f"    the same in {args.processes} processes at once",
        None,
        out["bare_parallel"],
        None,
        items,
    )
    row("    parse_feed (feedparser+normalise)", None, out["parse_feed"]["cpu"], None, items)
    row("    parse_and_classify (a worker's job)", None, out["worker_fn"]["cpu"], None, items)
    print(
        f"{'(c) second cycle, unchanged (304s)':{w}} {c2['wall']:8.2f} {c2['cpu_main']:9.2f} "
        f"{c2['cpu_workers']:8.2f} {c2_cpu:8.2f}   parser calls: {c2['calls']}"
    )
    for key, label in (
        ("d", "(d) changed: 1 new item/feed"),
        ("e", "(e) the same, nothing skipped"),
    ):
        if key in out:
            c = out[key]
            print(
                f"{label:{w}} {c['wall']:8.2f} {c['cpu_main']:9.2f} {c['cpu_workers']:8.2f} "
                f"{c['cpu_main'] + c['cpu_workers']:8.2f}   parser calls: {c['calls']}, "
                f"entries not classified: {c['skipped']}, new articles: {c['articles']}"
            )
    threads = sorted(out["threads"].items(), key=lambda kv: -kv[1])
    print(
        "    first cycle, this process by thread: "
        + ", ".join(f"{name} {cpu:.2f}" for name, cpu in threads if cpu >= 0.05)
    )
    print("\nRatios")
    worker_fn = out["worker_fn"]["cpu"]
    print(f"  first-cycle CPU / bare feedparser CPU      {c1_cpu / bare['cpu']:6.2f}x")
    print(
        f"  first-cycle CPU / bare feedparser CPU in {args.processes} processes at once "
        f"{c1_cpu / out['bare_parallel']:6.2f}x"
    )
    print(f"  parse_and_classify CPU / bare feedparser   {worker_fn / bare['cpu']:6.2f}x")
    print(f"  main-process CPU / bare feedparser CPU     {c1['cpu_main'] / bare['cpu']:6.2f}x")
    sqlite = out["threads"].get("sqlite-bulk", 0.0)
    print(
        f"  floor: parse_feed + the SQLite writer thread / bare feedparser "
        f"{(out['parse_feed']['cpu'] + sqlite) / bare['cpu']:6.2f}x  (work the cycle cannot skip)"
    )
    print(
        f"  second cycle / first cycle: wall {c2['wall'] / c1['wall']:.3f}, "
        f"CPU {c2_cpu / c1_cpu:.3f}"
    )
    print("\nDetails")
    print(f"  cycle 1: {c1['report']}")
    print(
        f"           parser calls {c1['calls']}, worker+forkserver processes {c1['workers']}, "
        f"stored {c1['articles']} articles ({c1['relevant']} relevant) in {c1['stories']} stories"
    )
    if c1["errors"]:
        print(f"           first errors: {c1['errors']}")
    print(f"  cycle 2: {c2['report']}")
    print(f"  database after both cycles: {out['db_bytes'] / 1e6:.1f} MB")
    rss = out["rss"]
    workers = " / ".join(f"{w:.0f}" for w in rss["workers"])
    print(
        f"  peak RSS after the first cycle: this process {rss['main']:.0f} MB (it also holds "
        f"the bench's {total_bytes / 1e6:.0f} MB of feed bodies), parser workers {workers} MB"
    )
    if srv:
        print(
            f"  feed server (separate process): {srv['hits']:.0f} requests, {srv['ok']:.0f} x 200, "
            f"{srv['not_modified']:.0f} x 304, {srv['cpu']:.2f} CPU s over the whole run"
        )
    profiler, wprof = out["profilers"]
    if profiler:
        print_profile(profiler, "main process (event loop thread) during the first cycle")
    if wprof:
        print_profile(wprof, "parse_and_classify in-process over the same feeds (worker side)")


if __name__ == "__main__":
    main()
