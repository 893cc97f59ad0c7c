"""Helpers shared by the benchmarks: CPU accounting across processes, percentiles, sizes."""

from __future__ import annotations

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
