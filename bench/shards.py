"""Benchmark: command latency during a 1,000-feed poll storm, one bot process against two.

    .venv/bin/python bench/shards.py [--feeds 1000] [--guilds 40] [--rate 20]

Everything runs on 127.0.0.1 and is bounded in time; prints figures, asserts nothing.

* A throwaway PostgreSQL server (``tests/pgserver.py``), a fresh database per run.
* A forked feed server with N synthetic RSS feeds of 50 items (as ``bench/storm.py``).
* The fake Discord in its own thread and loop (so it keeps sending INTERACTION_CREATE at a steady
  rate whatever the bots do), with ``--guilds`` servers spread over 2 shards.
* Real ``python -m bot run`` processes with ``[discord] shard_count = 2``:
  "one process" holds both shards; "two processes" hold one shard each (``--shard-ids``).
  Whichever holds the leader lock polls.

Per run: phase A streams ``/status`` to every server in turn for ``--idle-seconds``; phase B
adds the N feeds to the database, so the leader's next poll (every 3 s) fetches, parses and
stores all of them, and streams ``/status`` the same way until every feed has been polled.
Latency = the fake's INTERACTION_CREATE to the bot's interaction callback reaching the fake
(both on the fake's loop clock). Phase B is also split by shard: the leader's servers and the
other process's servers.
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
import contextlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

ITEMS_PER_FEED = 50
TOKEN = "bench-token"
QUERIES = ("uk", "Germany", "us", "fr", "Japan", "se", "Canada", "India", "Brazil", "au")


class FakeHost:
    """A FakeDiscord on a private event loop in a daemon thread, stamping callback arrivals."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="fake-discord", daemon=True)
        self.thread.start()
        self.fake: Any = None
        self.arrivals: dict[int, float] = {}
        self.guilds: list[tuple[int, int, int]] = []  # (guild, channel, member)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def run(self, coro: Any, timeout: float | None = None) -> Any:
        fut = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return await asyncio.wait_for(asyncio.wrap_future(fut), timeout)

    async def setup(self, guilds: int) -> None:
        from tests.fakediscord import FakeDiscord

        fake = FakeDiscord(token=TOKEN, ack_deadline=None)
        original = fake._h_interaction_callback
        arrivals = self.arrivals

        async def timed(request: Any) -> Any:
            with contextlib.suppress(ValueError):
                arrivals.setdefault(
                    int(request.match_info["interaction_id"]), asyncio.get_running_loop().time()
                )
            return await original(request)

        fake._h_interaction_callback = timed  # type: ignore[method-assign]
        await fake.start()
        while len(self.guilds) < guilds or len({(g >> 22) % 2 for g, _, _ in self.guilds}) < 2:
            guild = fake.add_guild(f"Server {len(self.guilds)}")
            channel = fake.add_channel(guild.id, "general").id
            member = fake.add_member(guild.id, "reader").id
            self.guilds.append((guild.id, channel, member))
        self.fake = fake

    async def stream(
        self, rate: float, duration: float | None, stop: threading.Event | None
    ) -> list[tuple[int, Any]]:
        """/status to every server in turn at ``rate``/s; (guild, record) pairs."""
        loop = asyncio.get_running_loop()
        out: list[tuple[int, Any]] = []
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
            g, ch, member = self.guilds[i % len(self.guilds)]
            try:
                rec = await self.fake.slash(
                    g, ch, member, "status", {"country": QUERIES[i % len(QUERIES)]}, wait=False
                )
                out.append((g, rec))
            except Exception:  # no session for that shard for a moment: skip it
                continue
            finally:
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
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class BotProc:
    def __init__(self, proc: asyncio.subprocess.Process, shards: str) -> None:
        self.proc = proc
        self.shards = shards
        self.log = ""
        assert proc.stderr is not None
        self._reader = asyncio.ensure_future(self._read(proc.stderr))

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.log += line.decode(errors="replace")

    async def wait_log(self, text: str, timeout: float) -> bool:
        for _ in range(int(timeout / 0.1)):
            if text in self.log or self.proc.returncode is not None:
                break
            await asyncio.sleep(0.1)
        return text in self.log

    async def stop(self) -> None:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._reader, 5)


def summary(pairs: list[tuple[int, Any]], arrivals: dict[int, float]) -> dict[str, float]:
    from bench._common import pct

    lat = [(arrivals[r.id] - r.created_at) * 1000 for _, r in pairs if r.id in arrivals]
    missing = sum(1 for _, r in pairs if r.id not in arrivals)
    return {
        "n": len(pairs),
        "p50": pct(lat, 50),
        "p99": pct(lat, 99),
        "max": max(lat, default=float("nan")),
        "late": sum(1 for v in lat if v > 3000),
        "missing": missing,
    }


class SqliteFeeds:
    """The few statements the bench needs, on a SQLite file (the comparison run)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _q(self, sql: str, rows: list[tuple[Any, ...]] | None = None) -> int:
        import sqlite3

        conn = sqlite3.connect(self.path, timeout=30)
        try:
            if rows is not None:
                with conn:
                    conn.executemany(sql, rows)
                return 0
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()

    async def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        sql = sql.replace("$1", "?").replace("$2", "?").replace("$3", "?")
        await asyncio.to_thread(self._q, sql, rows)

    async def fetchval(self, sql: str) -> int:
        return await asyncio.to_thread(self._q, sql)

    async def close(self) -> None:
        return None


async def one_run(
    args: argparse.Namespace,
    host: FakeHost,
    admin_url: str,
    port: int,
    tmp: Path,
    two: bool,
    sqlite: bool = False,
) -> dict[str, Any]:
    import asyncpg

    from tests.conftest import new_pg_database

    url = f"sqlite:///{tmp / 'bench.sqlite3'}" if sqlite else await new_pg_database(admin_url)
    config = tmp / ("two.toml" if two else "sqlite.toml" if sqlite else "one.toml")
    config.write_text(
        f"""
feeds = []
log_level = "INFO"
[discord]
api_base = "{host.fake.api_base}"
gateway_url = "{host.fake.gateway_url}"
shard_count = 2
[storage]
url = "{url}"
[polling]
parser_processes = {args.processes}
interval_minutes = 0.05
allow_private_addresses = true
max_concurrency = 16
per_host_concurrency = 16
timeout_seconds = 60
max_age_days = 3650
"""
    )
    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)}
    procs: list[BotProc] = []
    out: dict[str, Any] = {
        "mode": "two processes" if two else "one, SQLite" if sqlite else "one process"
    }
    for shards in ["0", "1"] if two else [""]:
        extra = ["--shard-ids", shards] if shards else []
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--config", str(config), "run", *extra,
            cwd=tmp, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        procs.append(BotProc(proc, shards or "0,1"))
    db: Any = None
    for _ in range(100):  # the bot creates the database; wait for its tables
        if not sqlite:
            db = await asyncpg.connect(url)
            break
        if (tmp / "bench.sqlite3").exists():
            db = SqliteFeeds(tmp / "bench.sqlite3")
            break
        await asyncio.sleep(0.2)
    try:
        for p in procs:
            if not await p.wait_log("Connected as", 180):
                raise RuntimeError(f"bot (shards {p.shards}) did not connect:\n{p.log[-2000:]}")
        for _ in range(0 if sqlite else 300):  # one SQLite process leads from the start
            if any("Took the leader lock" in p.log for p in procs):
                break
            await asyncio.sleep(0.1)
        leader = next((p for p in procs if "Took the leader lock" in p.log), procs[0])
        leader_shards = {int(s) for s in leader.shards.split(",")}
        for g, ch, m in host.guilds[:4]:  # warm-up
            await host.run(host.fake.slash(g, ch, m, "status", {"country": "uk"}), 60)

        sent = await host.run(host.stream(args.rate, args.idle_seconds, None))
        await host.run(host.wait_answered([r for _, r in sent], 60), 70)
        out["A"] = summary(sent, host.arrivals)

        # Phase B: the storm. Every feed becomes due; the leader's next poll takes them all.
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [
            (f"http://127.0.0.1:{port}/feed/{i}.xml", f"Outlet {i}", now) for i in range(args.feeds)
        ]
        await db.executemany(
            "INSERT INTO feeds (url, name, origin, created_at) VALUES ($1, $2, 'bench', $3)", rows
        )
        stop = threading.Event()
        sender = asyncio.ensure_future(host.run(host.stream(args.rate, None, stop)))
        t0 = time.monotonic()
        polled = 0
        while time.monotonic() - t0 < args.max_seconds:
            polled = int(
                await db.fetchval("SELECT COUNT(*) FROM feeds WHERE last_polled_at IS NOT NULL")
            )
            if polled >= args.feeds:
                break
            await asyncio.sleep(0.5)
        storm = time.monotonic() - t0
        stop.set()
        sent = await sender
        await host.run(host.wait_answered([r for _, r in sent], 60), 70)
        out["B"] = summary(sent, host.arrivals)
        out["B leader's shard"] = summary(
            [(g, r) for g, r in sent if (g >> 22) % 2 in leader_shards], host.arrivals
        )
        if two:
            out["B other shard"] = summary(
                [(g, r) for g, r in sent if (g >> 22) % 2 not in leader_shards], host.arrivals
            )
        out["storm_seconds"] = storm
        out["polled"] = polled
        out["articles"] = int(await db.fetchval("SELECT COUNT(*) FROM articles"))
    finally:
        await db.close()
        for p in procs:
            await p.stop()
    return out


async def bench(args: argparse.Namespace, port: int, tmp: Path) -> list[dict[str, Any]]:
    from tests.pgserver import PgServer

    pg = await asyncio.to_thread(PgServer().start)
    host = FakeHost()
    try:
        await host.run(host.setup(args.guilds), 30)
        runs = []
        for two in (False, True):
            runs.append(await one_run(args, host, pg.admin_url, port, tmp, two))
        if args.sqlite_too:
            runs.append(await one_run(args, host, pg.admin_url, port, tmp, False, sqlite=True))
        return runs
    finally:
        host.close()
        await asyncio.to_thread(pg.stop)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--guilds", type=int, default=40, help="servers, over 2 shards")
    ap.add_argument("--rate", type=float, default=20.0, help="/status interactions per second")
    ap.add_argument("--idle-seconds", type=float, default=5.0)
    ap.add_argument("--processes", type=int, default=2, help="polling.parser_processes")
    ap.add_argument("--max-seconds", type=float, default=600, help="bound of phase B")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sqlite-too", action="store_true", help="also one process on SQLite")
    args = ap.parse_args()

    from bench._common import FeedServerProcess
    from bench._synth import Text, rss_feed

    text, now = Text(args.seed), datetime.now(UTC)
    bodies = [rss_feed(text, i, ITEMS_PER_FEED, now)[0] for i in range(args.feeds)]
    server = FeedServerProcess(bodies)
    tmp = Path(tempfile.mkdtemp(prefix="pw-bench-shards-"))
    try:
        runs = asyncio.run(bench(args, server.port, tmp))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"\n5G Policy Watch - /status during a {args.feeds}-feed poll storm, one process vs two "
        f"({datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]})"
    )
    print(
        f"PostgreSQL store (SQLite too, one process, with --sqlite-too), 2 shards, "
        f"{args.guilds} servers, /status at {args.rate:g}/s to every server in turn, "
        f"parser_processes={args.processes}"
    )
    print(f"{'run':<16}{'phase':<20}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'>3s':>5}")
    for run in runs:
        for phase in ("A", "B", "B leader's shard", "B other shard"):
            if phase not in run:
                continue
            s = run[phase]
            name = {"A": "A idle", "B": "B storm (all)"}.get(phase, phase)
            print(
                f"{run['mode']:<16}{name:<20}{s['n']:>6}{s['p50']:>9.0f}{s['p99']:>9.0f}"
                f"{s['max']:>9.0f}{s['late']:>5}"
                + (f"  ({s['missing']} unanswered)" if s["missing"] else "")
            )
        print(
            f"{'':<16}storm: {run['polled']} feeds polled in {run['storm_seconds']:.1f} s, "
            f"{run['articles']} articles stored"
        )


if __name__ == "__main__":
    main()
