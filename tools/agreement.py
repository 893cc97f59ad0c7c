"""How far two careful readers agree on the labelled set: the ceiling for detection figures.

``docs/second-annotation.jsonl`` holds a second, blind reading of the labelled set
(``bot/data/eval/*.jsonl``): four annotators who saw neither the existing labels nor the bot's
output labelled every item in a language the bot reads from its title and standfirst, by the
house rules (``bot/data/eval/AUDIT-2.md``). This prints, per language, how the second reading
scores against the labels as if it were a detector: relevance agreement, and (country, status)
precision and recall. Items from the shared examples (``ex-*`` ids) are left out, since the
annotators were allowed to read those labels.

    .venv/bin/python tools/agreement.py [SECOND_FILE]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.evaluate import default_files, lang_of, load

SECOND = Path(__file__).resolve().parent.parent / "docs" / "second-annotation.jsonl"


def findings(item: dict[str, Any]) -> set[tuple[str, str]]:
    return {(str(f["iso2"]), str(f["status"])) for f in item.get("findings") or ()}


def main(second_file: Path = SECOND) -> int:
    labels = {str(item["id"]): item for item in load(default_files())}
    second: dict[str, dict[str, Any]] = {}
    with second_file.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                second[str(item["id"])] = item
    # per language: items, relevance agreed, labelled findings, second's findings, shared,
    # relevant in both, in the labels only, in the second reading only
    rows: dict[str, list[int]] = defaultdict(lambda: [0] * 8)
    for item_id, other in second.items():
        if item_id.startswith("ex-") or item_id not in labels:
            continue
        item = labels[item_id]
        for lang in (lang_of(item), "all"):
            row = rows[lang]
            row[0] += 1
            row[1] += bool(item.get("relevant")) == bool(other.get("relevant"))
            row[2] += len(findings(item))
            row[3] += len(findings(other))
            row[4] += len(findings(item) & findings(other))
            ours, theirs = bool(item.get("relevant")), bool(other.get("relevant"))
            row[5] += ours and theirs
            row[6] += ours and not theirs
            row[7] += theirs and not ours
    print("second reading scored against the labels (shared examples left out)")
    print(f"{'lang':5} {'items':>5} {'rel agree':>9} {'rel F1':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for lang in sorted(rows, key=lambda name: (name != "all", name)):
        n, agree, gold, found, shared, both, ours, theirs = rows[lang]
        rel_f1 = 2 * both / (2 * both + ours + theirs) if both + ours + theirs else 1.0
        precision = shared / found if found else 1.0
        recall = shared / gold if gold else 1.0
        f1 = 2 * shared / (gold + found) if gold + found else 1.0
        figures = f"{rel_f1:6.3f} {precision:6.3f} {recall:6.3f} {f1:6.3f}"
        print(f"{lang:5} {n:5} {agree / n:9.3f} {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SECOND))
