"""The /map picture: how long it takes to draw, with and without the Europe inset, and how
much larger Europe is in the inset.

    .venv/bin/python bench/map.py

Draws the shipped baseline (every other country unknown) at 1200x600, the size /map posts:
the best of several passes, in CPU time of this one process, after one warm-up draw (which
loads and projects the outlines once per process).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)
else:
    sys.path.insert(0, str(ROOT))

import datetime  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

from bot import countries  # noqa: E402
from bot.status import Status  # noqa: E402
from bot.worldmap import inset_project, project, render_map  # noqa: E402

PASSES = 5


def main() -> None:
    baseline = json.loads((ROOT / "bot" / "data" / "baseline.json").read_text("utf-8"))
    known = {e["iso2"]: Status(e["status"]) for e in baseline}
    table = {c.iso2: known.get(c.iso2, Status.UNKNOWN) for c in countries.all_countries()}
    date = datetime.date(2026, 1, 1)
    start = time.process_time()
    render_map(table, date=date, europe_inset=True)
    print(f"first draw (loads and projects the outlines): {time.process_time() - start:.3f} s")
    for inset in (False, True):
        best = float("inf")
        size = 0
        for _ in range(PASSES):
            start = time.process_time()
            png = render_map(table, date=date, europe_inset=inset)
            best = min(best, time.process_time() - start)
            size = len(png)
        label = "with the Europe inset" if inset else "world only          "
        print(f"draw {label}: {best:.3f} s CPU (best of {PASSES}), {size // 1024} KB PNG")
    west, east = inset_project(-10.0, 50.0), inset_project(30.0, 50.0)
    world = project(30.0, 50.0)[0] - project(-10.0, 50.0)[0]
    print(
        f"Europe (10°W-30°E at 50°N): {world:.0f} px wide on the world map, "
        f"{east[0] - west[0]:.0f} px in the inset ({(east[0] - west[0]) / world:.2f}x)"
    )


if __name__ == "__main__":
    main()
