"""Benchmark: slash commands while a poll storm runs (the real bot against the fake Discord).

    .venv/bin/python bench/storm.py [--small] [--feeds N] [--items N] [--rate R] [--profile]
    .venv/bin/python bench/storm.py --feeds 1 --items 50000 --rate 20   # one huge feed

Everything runs on 127.0.0.1 and is bounded in time; prints figures, asserts nothing.

* A local aiohttp server (a forked child process, so its CPU does not compete inside our
  process) serves N synthetic RSS 2.0 feeds (default 1000, ``--small`` = 100) of 50 new items
  each (~35 KB; ~1 in 5 items about Huawei/ZTE and 5G policy, the rest unrelated; unique guids
  and links).
* The fake Discord (``tests.fakediscord.FakeDiscord``, ``ack_deadline=None`` so a slow answer is
  measured rather than rejected; answers later than 3 s are counted, since Discord would have
  expired them) runs in its OWN thread with its own event loop. So it keeps sending
  INTERACTION_CREATE at a steady rate while the bot's loop is busy or stalled, the way Discord
  would; a stall of the bot's loop shows up in the latency instead of also delaying the sender.
* The real ``PolicyWatchBot`` runs in the main thread's loop, with ``open_runtime`` (Store,
  Fetcher, ParserPool with ``parser_processes=2``, Pipeline).

Latency of one interaction = the fake's ``InteractionRecord.created_at`` (the fake's loop time
just before it queues INTERACTION_CREATE on the gateway) to the moment the bot's interaction
callback request reaches the fake's handler. The fake records no response time itself, so the
bench wraps ``FakeDiscord._h_interaction_callback`` (before ``start()``, on the instance only)
to stamp the arrival with the same clock (``loop.time()`` = ``time.monotonic()``).

Phases: A = idle baseline (no cycle), B = during a forced full cycle
(``rt.pipeline.run_cycle(force=True)``) over every feed, C = idle again afterwards (the database
now holds the new articles). A loop-lag probe (a 5 ms sleeper in the bot's loop) and a watchdog
thread that samples the main thread's stack whenever the loop has not ticked for
``--stall-ms`` (default 50 ms) name what blocks the loop.
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
import contextlib  # noqa: E402
import dataclasses  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

ITEMS_PER_FEED = 50
QUERIES = (
    "uk", "Germany", "us", "fr", "Deutschland", "Japan", "se", "Canada", "India", "Brazil",
    "au", "Italy", "es", "nl", "pl", "South Korea", "U.K.", "USA", "Norway", "vietnam",
)  # fmt: skip
LATE = 3.0  # Discord's ack deadline


# -- the fake Discord in its own thread and loop --------------------------------------------


class FakeHost:
    """Runs a FakeDiscord on a private event loop in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="fake-discord", daemon=True)
        self.thread.start()
        self.fake: Any = None
        self.arrivals: dict[int, float] = {}  # interaction id -> callback arrival (loop time)
        self.guild = self.channel = 0
        self.users: list[int] = []

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def run(self, coro: Any, timeout: float | None = None) -> Any:
        """Await ``coro`` on the fake's loop from another loop."""
        fut = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return await asyncio.wait_for(asyncio.wrap_future(fut), timeout)

    async def _setup(self) -> None:
        from tests.fakediscord import FakeDiscord

        fake = FakeDiscord(token="bench-token", ack_deadline=None)
        original = fake._h_interaction_callback
        arrivals = self.arrivals

        async def timed(request: Any) -> Any:
            with contextlib.suppress(ValueError):
                arrivals.setdefault(
                    int(request.match_info["interaction_id"]), asyncio.get_running_loop().time()
                )
            return await original(request)

        # Routes are bound in start(), from the instance attribute.
        fake._h_interaction_callback = timed  # type: ignore[method-assign]
        await fake.start()
        guild = fake.add_guild("Storm Watchers")
        self.guild = guild.id
        self.channel = fake.add_channel(guild.id, "general").id
        self.users = [fake.add_member(guild.id, f"user{i}").id for i in range(20)]
        self.fake = fake

    async def stream(
        self, rate: float, duration: float | None, stop: threading.Event | None
    ) -> list[tuple[float, Any]]:
        """Send /status at ``rate``/s until ``duration`` passes or ``stop`` is set.

        Returns (scheduled time, InteractionRecord) pairs; runs on the fake's loop.
        """
        loop = asyncio.get_running_loop()
        fake, out = self.fake, []
        t0 = loop.time()
        i = 0
        while True:
            target = t0 + i / rate
            if duration is not None and target - t0 >= duration:
                break
            if stop is not None and stop.is_set():
                break
            delay = target - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            rec = await fake.slash(
                self.guild,
                self.channel,
                self.users[i % len(self.users)],
                "status",
                {"country": QUERIES[i % len(QUERIES)]},
                wait=False,
            )
            out.append((target, rec))
            i += 1
        return out

    async def wait_answered(self, recs: list[Any], timeout: float) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while loop.time() < end and any(r.id not in self.arrivals for r in recs):
            await asyncio.sleep(0.05)

    async def _stop(self) -> None:
        if self.fake is not None:
            await self.fake.stop()

    def close(self) -> None:
        if self.loop.is_running():
            with contextlib.suppress(Exception):  # concurrent.futures.TimeoutError included
                asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(15)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


# -- loop lag probe and stall sampler ----------------------------------------------------------


class LoopWatch:
    """A 5 ms sleeper in the bot's loop, plus a thread that samples the main thread's stack
    while the loop has not ticked for ``stall_s``."""

    def __init__(self, stall_s: float) -> None:
        self.stall_s = stall_s
        self.lags: list[tuple[float, float]] = []  # (monotonic at wake-up, lag s)
        self.last_tick = time.monotonic()
        self.samples: collections.Counter[tuple[str, str]] = collections.Counter()
        self.stacks: dict[tuple[str, str], str] = {}
        self.phase = "-"
        self.phase_samples: collections.Counter[str] = collections.Counter()
        self._stop = threading.Event()
        self._main = threading.main_thread().ident
        self._thread = threading.Thread(target=self._sample, name="stall-sampler", daemon=True)
        self._task: asyncio.Task[None] | None = None

    async def _probe(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            t = loop.time()
            await asyncio.sleep(0.005)
            now = loop.time()
            self.last_tick = now
            self.lags.append((now, now - t - 0.005))

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._probe())
        self._thread.start()

    async def stop(self) -> None:
        self._stop.set()
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._thread.join(2)

    def _sample(self) -> None:
        interval = 0.01
        while not self._stop.wait(interval):
            if time.monotonic() - self.last_tick < self.stall_s:
                continue
            frame = sys._current_frames().get(self._main or 0)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            leaf = stack[-1]
            ours = next(
                (
                    f
                    for f in reversed(stack)
                    if f.filename.startswith(str(ROOT))
                    and "/.venv/" not in f.filename
                    and "/bench/" not in f.filename
                ),
                None,
            )

            def fmt(f: traceback.FrameSummary | None) -> str:
                if f is None:
                    return "-"
                name = f.filename
                for base in (str(ROOT) + "/", "/usr/lib/", "/usr/local/lib/"):
                    if name.startswith(base):
                        name = name[len(base) :]
                if "site-packages/" in name:
                    name = name.split("site-packages/", 1)[1]
                return f"{name}:{f.lineno} {f.name}"

            key = (fmt(ours), fmt(leaf))
            self.samples[key] += 1
            self.phase_samples[self.phase] += 1
            if key not in self.stacks:
                self.stacks[key] = "".join(f"      {fmt(f)}\n" for f in stack[-14:])

    def lag_stats(self, start: float, end: float) -> tuple[float, float, int, float]:
        v = [lag for t, lag in self.lags if start <= t <= end]
        if not v:
            return float("nan"), float("nan"), 0, 0.0
        from bench._common import pct

        return pct(v, 99), max(v), sum(1 for x in v if x > 0.1), sum(x for x in v if x > 0.05)


# -- the benchmark ------------------------------------------------------------------------------


@dataclasses.dataclass
class Phase:
    name: str
    sent: list[tuple[float, Any]]
    arrivals: dict[int, float]
    window: tuple[float, float]

    def latencies(self) -> tuple[list[float], int]:
        lat, missing = [], 0
        for _, rec in self.sent:
            at = self.arrivals.get(rec.id)
            if at is None:
                missing += 1
            else:
                lat.append(at - rec.created_at)
        return lat, missing

    def send_lag(self) -> float:
        return max((rec.created_at - target for target, rec in self.sent), default=0.0)


async def bench(args: argparse.Namespace, port: int, n: int, tmp: Path) -> dict[str, Any]:
    from bot.client import PolicyWatchBot
    from bot.clock import utcnow
    from bot.config import FeedConfig
    from bot.runtime import open_runtime
    from tests.fakediscord import run_bot
    from tests.helpers import make_config

    urls = [f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(n)]
    config = dataclasses.replace(
        make_config(
            tmp,
            parser_processes=args.processes,
            max_concurrency=args.concurrency,
            # All feeds share 127.0.0.1 here; real feeds live on many hosts. Lift the per-host
            # cap to the global one or the cap alone would set the pace.
            per_host_concurrency=args.per_host or args.concurrency,
            timeout_seconds=60,
            # One huge feed (--items 50000) must reach the parser and the planner: the size,
            # time and memory bounds are lifted; max_items_per_feed keeps its default.
            max_feed_bytes=200_000_000,
            parse_timeout_seconds=600,
            parse_memory_mb=8192,
        ),
        feeds=tuple(FeedConfig(u, f"Telecom Outlet {i}") for i, u in enumerate(urls)),
        log_level="WARNING",
    )
    host = FakeHost()
    out: dict[str, Any] = {"phases": []}
    watch = LoopWatch(args.stall_ms / 1000)
    try:
        await host.run(host._setup(), 30)
        fake = host.fake
        # sync_feeds=False: the scheduler polls once at start-up; with no feeds yet that
        # first cycle is empty, so phase A really has no cycle running.
        async with open_runtime(config, utcnow, sync_feeds=False) as rt:
            bot = PolicyWatchBot(rt, guild_ready_timeout=0.05)
            async with run_bot(bot, fake, ready_timeout=30):
                for _ in range(200):  # the start-up poll (empty) has finished
                    if await rt.store.meta.get("last_poll_at"):
                        break
                    await asyncio.sleep(0.05)
                # No scheduled cycle during the measurement (private, read-only use otherwise).
                bot.jobs._scheduler.pause_job("poll")
                added = await rt.pipeline.sync_config_feeds()
                out["feeds_added"] = added
                # Warm-up: one answered /status, so first-call costs are not in phase A.
                for q in QUERIES[:3]:
                    await host.run(
                        fake.slash(
                            host.guild, host.channel, host.users[0], "status", {"country": q}
                        ),
                        30,
                    )
                watch.start()
                loop = asyncio.get_running_loop()

                async def idle_phase(name: str) -> None:
                    watch.phase = name
                    t0 = loop.time()
                    sent = await host.run(host.stream(args.rate, args.idle_seconds, None))
                    await host.run(host.wait_answered([r for _, r in sent], 60), 70)
                    out["phases"].append(Phase(name, sent, host.arrivals, (t0, loop.time())))

                await idle_phase("A idle (no cycle)")

                # ---- B: a forced full cycle, with the same steady /status stream ----
                watch.phase = "B during cycle"
                stop = threading.Event()
                profiler = None
                if args.profile:
                    from pyinstrument import Profiler

                    profiler = Profiler(interval=0.001, async_mode="disabled")
                    profiler.start()
                from bench._common import cpu_self

                t0, cpu0 = loop.time(), cpu_self()
                cycle = loop.create_task(rt.pipeline.run_cycle(force=True))
                cycle.add_done_callback(lambda _t: stop.set())
                sender = asyncio.ensure_future(host.run(host.stream(args.rate, None, stop)))
                try:
                    report = await asyncio.wait_for(asyncio.shield(cycle), args.max_seconds)
                    out["cycle_timed_out"] = False
                except TimeoutError:
                    out["cycle_timed_out"] = True
                    stop.set()
                    cycle.cancel()
                    report = None
                cycle_wall = loop.time() - t0
                if report is None:
                    with contextlib.suppress(asyncio.CancelledError):
                        await cycle
                    done = await rt.store.db.scalar(
                        "SELECT COUNT(*) FROM feeds WHERE last_ok_at IS NOT NULL"
                    )
                    arts = await rt.store.db.scalar("SELECT COUNT(*) FROM articles")
                    stories = await rt.store.db.scalar("SELECT COUNT(*) FROM stories")
                    out["progress"] = (
                        f"cancelled after {cycle_wall:.0f} s with {done}/{n} feeds stored "
                        f"({arts} articles, {stories} stories)"
                    )
                out["cycle_cpu_main"] = cpu_self() - cpu0
                sent = await sender
                if profiler:
                    profiler.stop()
                await host.run(host.wait_answered([r for _, r in sent], 60), 70)
                out["phases"].append(
                    Phase("B during cycle", sent, host.arrivals, (t0, loop.time()))
                )
                out["cycle_wall"] = cycle_wall
                out["report"] = report.summary() if report else out["progress"]
                out["report_failed"] = report.failed if report else None
                out["report_errors"] = report.errors[:3] if report else []
                out["profiler"] = profiler

                await idle_phase("C idle (after cycle)")
                await watch.stop()
                out["fake_errors"] = list(fake.errors)
                out["expired"] = sum(1 for r in fake.interactions() if r.expired)
                out["non_message"] = sum(
                    1 for r in fake.interactions() if r.response_type not in (None, 4)
                )
    finally:
        if not watch._stop.is_set():
            await watch.stop()
        host.close()
    out["watch"] = watch
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--feeds", type=int, default=None, help="feeds to serve (default 1000)")
    ap.add_argument("--small", action="store_true", help="100 feeds")
    ap.add_argument("--items", type=int, default=ITEMS_PER_FEED, help="items per feed")
    ap.add_argument("--rate", type=float, default=50.0, help="/status interactions per second")
    ap.add_argument("--idle-seconds", type=float, default=5.0, help="length of phases A and C")
    ap.add_argument("--processes", type=int, default=2, help="polling.parser_processes")
    ap.add_argument("--concurrency", type=int, default=16, help="polling.max_concurrency")
    ap.add_argument("--per-host", type=int, default=0, help="per-host cap (default: = concurrency)")
    ap.add_argument("--max-seconds", type=float, default=600, help="cancel the cycle after this")
    ap.add_argument("--stall-ms", type=float, default=50, help="stack-sample the loop after this")
    ap.add_argument("--profile", action="store_true", help="pyinstrument over phase B")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n = args.feeds if args.feeds is not None else (100 if args.small else 1000)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

    from bench._common import pct
    from bench._synth import Text, rss_feed

    t0 = time.perf_counter()
    text, now = Text(args.seed), datetime.now(UTC)
    bodies = [rss_feed(text, i, args.items, now)[0] for i in range(n)]
    gen_s = time.perf_counter() - t0
    total = sum(map(len, bodies))
    from bench._common import FeedServerProcess

    server = FeedServerProcess(bodies)
    tmp = Path(tempfile.mkdtemp(prefix="pw-bench-storm-"))
    try:
        out = asyncio.run(bench(args, server.port, n, tmp))
    finally:
        srv = server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"\n5G Policy Watch - commands during a poll storm  ({datetime.now():%Y-%m-%d %H:%M}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]})"
    )
    print(
        f"{n} feeds x {args.items} items, {total / n / 1000:.1f} KB/feed "
        f"({total / 1e6:.1f} MB), "
        f"parser_processes={args.processes}, max_concurrency={args.concurrency}, "
        f"per_host={args.per_host or args.concurrency}; /status at {args.rate:g}/s  "
        f"[feeds generated in {gen_s:.1f} s]"
    )
    print(
        "latency = fake's INTERACTION_CREATE dispatch (InteractionRecord.created_at) -> bot's "
        "callback reaching the fake\n(bench-wrapped handler, same clock); fake in its own "
        f"thread+loop, ack_deadline=None: answers later than {LATE:g} s are counted, not rejected."
    )
    if args.profile:
        print("NOTE: --profile was on; phase B includes pyinstrument's overhead.")
    watch: LoopWatch = out["watch"]
    print(
        f"\n{'phase':<22} {'secs':>6} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'>3 s':>5} {'lost':>5} | {'loop lag p99':>12} {'max':>7} {'>100ms':>6}"
    )
    for ph in out["phases"]:
        lat, missing = ph.latencies()
        late = sum(1 for x in lat if x > LATE)
        lp99, lmax, lbig, _ = watch.lag_stats(*ph.window)
        secs = ph.window[1] - ph.window[0]
        if lat:
            cells = f"{pct(lat, 50) * 1e3:8.1f} {pct(lat, 99) * 1e3:8.1f} {max(lat) * 1e3:8.1f}"
        else:
            cells = f"{'-':>8} {'-':>8} {'-':>8}"
        print(
            f"{ph.name:<22} {secs:6.1f} {len(ph.sent):5d} {cells} {late:5d} {missing:5d} | "
            f"{lp99 * 1e3:9.1f} ms {lmax * 1e3:5.0f}ms {lbig:6d}"
        )
    print(
        "  (secs: phase wall incl. waiting for the last answers; lost: no answer within 60 s "
        "after the stream ended; loop lag: 5 ms sleeper in the bot's loop)"
    )
    print(
        f"\ncycle: wall {out['cycle_wall']:.1f} s, CPU of this process (bot loop, fake thread, "
        f"aiosqlite threads) {out['cycle_cpu_main']:.1f} s; {out['report']}"
    )
    if out.get("cycle_timed_out"):
        print(f"  the cycle was cancelled after --max-seconds={args.max_seconds:g}")
    if out["report_errors"]:
        print(f"  first errors: {out['report_errors']}")
    for ph in out["phases"]:
        print(
            f"  {ph.name}: {len(ph.sent)} sent, fake-side send lag max {ph.send_lag() * 1e3:.0f} ms"
        )
    print(
        f"  fake: {out['expired']} expired, {out['non_message']} answered other than type 4, "
        f"{len(out['fake_errors'])} handler errors"
    )
    if srv:
        print(
            f"  feed server: {srv['hits']:.0f} requests ({srv['ok']:.0f} x 200), "
            f"{srv['cpu']:.1f} CPU s"
        )
    b = next(ph for ph in out["phases"] if ph.name.startswith("B"))
    if len(b.sent) >= 20:
        print("\nPhase B over time (sends split in 10 equal slices): p50 / p99 / max ms")
        step = len(b.sent) / 10
        for k in range(10):
            chunk = b.sent[round(k * step) : round((k + 1) * step)]
            lat = [b.arrivals[r.id] - r.created_at for _, r in chunk if r.id in b.arrivals]
            start = chunk[0][1].created_at - b.sent[0][1].created_at
            if lat:
                print(
                    f"  t+{start:6.1f} s  n={len(chunk):4d}  {pct(lat, 50) * 1e3:7.1f} / "
                    f"{pct(lat, 99) * 1e3:7.1f} / {max(lat) * 1e3:7.1f}"
                )
    total_samples = sum(watch.samples.values())
    if total_samples:
        print(
            f"\nLoop stalls (> {args.stall_ms:g} ms without a tick): {total_samples} samples "
            f"of ~10 ms ({dict(watch.phase_samples)}); top places (our frame | innermost):"
        )
        for (ours, leaf), count in watch.samples.most_common(8):
            print(f"  {count:5d}  {ours}  |  {leaf}")
        top = watch.samples.most_common(1)[0][0]
        print("  stack of the top one (innermost last):")
        print(watch.stacks[top], end="")
    else:
        print(f"\nNo loop stalls over {args.stall_ms:g} ms.")
    if out.get("profiler"):
        from pyinstrument.renderers import ConsoleRenderer

        prof = out["profiler"]
        tree = prof.output(
            ConsoleRenderer(unicode=True, color=False, processor_options={"filter_threshold": 0.01})
        )
        print("\n=== pyinstrument, main thread, phase B ===")
        print("\n".join(tree.splitlines()[:80]))


if __name__ == "__main__":
    main()
