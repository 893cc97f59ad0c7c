"""Detection quality and speed on the labelled set.

    .venv/bin/python bench/detection.py [FILES]

Prints the evaluation report of ``bot.evaluate`` (relevance, countries, country+status findings,
story grouping, and every miss), then how fast the classifier and the grouping run: the best
of several passes over the labelled articles, in CPU time of this one process.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)
else:
    sys.path.insert(0, str(ROOT))

import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from bot.evaluate import default_files, evaluate, group, load  # noqa: E402
from bot.news.classify import classify  # noqa: E402

PASSES = 7


def best_of(run: Callable[[], object], passes: int = PASSES) -> float:
    """The fastest of ``passes`` runs, in CPU seconds."""
    times = []
    for _ in range(passes):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main(argv: list[str]) -> int:
    items = load(argv or default_files())
    if not items:
        print("No labelled articles.", file=sys.stderr)
        return 2
    print(evaluate(items).format())
    print()
    pairs = [(str(i.get("title") or ""), str(i.get("summary") or "")) for i in items]
    for title, summary in pairs:  # warm the resolver's caches
        classify(title, summary)
    seconds = best_of(lambda: [classify(t, s) for t, s in pairs])
    print(
        f"classify: {len(pairs) / seconds:,.0f} articles/s "
        f"({seconds / len(pairs) * 1e6:.0f} µs each, best of {PASSES} passes of {len(pairs)})"
    )
    results = {str(i["id"]): classify(t, s) for i, (t, s) in zip(items, pairs, strict=True)}
    seconds = best_of(lambda: group(items, results))
    print(f"grouping: {len(items) / seconds:,.0f} articles/s (tokens + match, in order)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
