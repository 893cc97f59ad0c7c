"""Helpers shared by the benchmarks: CPU accounting across processes, percentiles, sizes."""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import os
import resource
import statistics
import time
from dataclasses import dataclass

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_self() -> float:
    """CPU seconds (user + system) of this process, all of its threads."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def cpu_of_pid(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far, from /proc/<pid>/stat.

    Linux only. Fields 14 and 15 (utime, stime) in clock ticks; the command name may contain
    spaces and parentheses, so we split after its closing parenthesis.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            data = fh.read()
    except OSError:
        return 0.0
    fields = data[data.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def peak_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def threads_cpu() -> dict[str, float]:
    """CPU seconds of each live thread of this process so far, by thread name (threads of one
    name added up; threads Python does not know, such as SQLite's, as "other")."""
    import threading

    names = {t.native_id: t.name for t in threading.enumerate()}
    out: dict[str, float] = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat", encoding="ascii", errors="replace") as fh:
                data = fh.read()
        except OSError:
            continue
        fields = data[data.rindex(")") + 2 :].split()
        name = names.get(int(tid), "other")
        if name.startswith("Thread-"):  # "Thread-3 (_connection_worker_thread)" and the like
            name = name.split(" ", 1)[1].strip("()") if " " in name else "thread"
        name = name.rstrip("_0123456789") or name
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / _TICK
    return out


def peak_rss_of_pid_mb(pid: int) -> float:
    """Peak resident set size of a live process (VmHWM in /proc/<pid>/status), 0 if gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Lat:
    """Latencies in seconds; printed in milliseconds."""

    values: list[float]

    def row(self) -> str:
        v = self.values
        return (
            f"p50 {pct(v, 50) * 1e3:7.3f} ms   p99 {pct(v, 99) * 1e3:7.3f} ms   "
            f"max {max(v) * 1e3:7.3f} ms   mean {statistics.fmean(v) * 1e3:7.3f} ms  (n={len(v)})"
        )


class Stopwatch:
    """Wall and CPU (this process) over a block."""

    def __enter__(self) -> Stopwatch:
        self.wall0, self.cpu0 = time.perf_counter(), cpu_self()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = cpu_self() - self.cpu0


# -- the feed server (a forked child process) ----------------------------------------------


def _serve(bodies: list[bytes], conn: multiprocessing.connection.Connection) -> None:
    import hashlib

    from aiohttp import web

    tags = ['"' + hashlib.sha1(b).hexdigest()[:16] + '"' for b in bodies]
    stats = {"hits": 0, "ok": 0, "not_modified": 0}

    async def handle(request: web.Request) -> web.StreamResponse:
        stats["hits"] += 1
        try:
            n = int(request.match_info["n"])
            body, tag = bodies[n], tags[n]
        except (ValueError, IndexError):
            return web.Response(status=404, text="not found")
        if request.headers.get("If-None-Match") == tag:
            stats["not_modified"] += 1
            return web.Response(status=304, headers={"ETag": tag})
        stats["ok"] += 1
        return web.Response(
            body=body, headers={"ETag": tag, "Content-Type": "application/rss+xml; charset=utf-8"}
        )

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}.xml", handle)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        server = site._server
        assert server is not None
        conn.send(server.sockets[0].getsockname()[1])  # type: ignore[attr-defined]
        while True:  # new bodies (a list, acknowledged) until "stop"
            message = await asyncio.get_running_loop().run_in_executor(None, conn.recv)
            if message == "stop":
                break
            bodies[:] = message
            tags[:] = ['"' + hashlib.sha1(b).hexdigest()[:16] + '"' for b in bodies]
            conn.send("ok")
        ru = resource.getrusage(resource.RUSAGE_SELF)
        conn.send(dict(stats, cpu=ru.ru_utime + ru.ru_stime))
        await runner.cleanup()

    asyncio.run(main())


class FeedServerProcess:
    def __init__(self, bodies: list[bytes]) -> None:
        ctx = multiprocessing.get_context("fork")  # before any thread or event loop exists
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(bodies, child), daemon=True)
        self._proc.start()
        if not self._conn.poll(30):
            raise RuntimeError("the feed server did not start")
        self.port: int = self._conn.recv()

    def replace(self, bodies: list[bytes]) -> None:
        """Serve these bodies from now on (new ETags where a body changed)."""
        self._conn.send(bodies)
        if not self._conn.poll(30) or self._conn.recv() != "ok":
            raise RuntimeError("the feed server did not take the new bodies")

    def stop(self) -> dict[str, float]:
        try:
            self._conn.send("stop")
            stats: dict[str, float] = self._conn.recv() if self._conn.poll(30) else {}
        except (OSError, EOFError):
            stats = {}
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.terminate()
        return stats
