"""An offline world map coloured by status, rendered to PNG bytes with Pillow.

Pure and synchronous: callers run :func:`render_map` in a thread and cache the result.
Country outlines come from ``bot/data/world.json.gz`` (Natural Earth, public domain; built by
``tools/build_world_data.py``): gzip JSON ``{iso2: [[[lon, lat], ...], ...]}``.

The projection is Equal Earth (Šavrič, Patterson & Jenny 2018), cropped to 58°S–84°N so
Antarctica is left out. :func:`project` gives the pixel a lon/lat lands on in the final image.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import io
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.status import ORDER, STYLES, Status

__all__ = [
    "BACKGROUND_RGB",
    "NEUTRAL_RGB",
    "OCEAN_RGB",
    "country_codes",
    "inset_project",
    "project",
    "render_map",
]

DATA_FILE = Path(__file__).resolve().parent / "data" / "world.json.gz"

RGB = tuple[int, int, int]

BACKGROUND_RGB: RGB = (248, 248, 246)  # outside the map outline, title and legend bands
OCEAN_RGB: RGB = (220, 234, 245)
NEUTRAL_RGB: RGB = (222, 223, 226)  # countries not matching `only`
_GRATICULE_RGB: RGB = (204, 221, 236)
_OUTLINE_RGB: RGB = (168, 188, 206)
_BORDER_RGB: RGB = (70, 72, 80)
_MARKER_EDGE_RGB: RGB = (40, 42, 48)
_TEXT_RGB: RGB = (33, 37, 41)
_MUTED_RGB: RGB = (110, 114, 120)
_FAINT_RGB: RGB = (168, 172, 178)

LAT_MIN = -58.0
LAT_MAX = 84.0
_SS = 2  # supersampling factor
_REF_W, _REF_H = 1200, 600  # sizes below are for this canvas and scale with it
_SMALL_AREA_PX = 50.0  # countries smaller than this (px², at 1200x600) get a marker
_MARKER_RADIUS_PX = 4.0

# Equal Earth constants.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Unit Equal Earth coordinates (y grows northwards)."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * math.radians(lon)
        * math.cos(theta)
        / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1))
    )
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return x, y


_X_MAX = _equal_earth(180.0, 0.0)[0]
_Y_TOP = _equal_earth(0.0, LAT_MAX)[1]
_Y_BOTTOM = _equal_earth(0.0, LAT_MIN)[1]


@dataclass(frozen=True, slots=True)
class _Layout:
    width: int
    height: int
    k: float  # size factor relative to 1200x600
    scale: float  # pixels per unit Equal Earth coordinate (final image)
    ox: float  # pixel x of lon 0
    oy: float  # pixel y of the equator
    title_band: int
    legend_band: int


@functools.lru_cache(maxsize=16)
def _layout(width: int, height: int) -> _Layout:
    if width < 200 or height < 100:
        raise ValueError("map too small: need at least 200x100 pixels")
    k = min(width / _REF_W, height / _REF_H)
    title_band = round(46 * k)
    legend_band = round(44 * k)
    pad = 8 * k
    box_w = width - 2 * pad
    box_h = height - title_band - legend_band - 2 * pad
    scale = min(box_w / (2 * _X_MAX), box_h / (_Y_TOP - _Y_BOTTOM))
    ox = width / 2
    top = title_band + pad + (box_h - scale * (_Y_TOP - _Y_BOTTOM)) / 2
    oy = top + scale * _Y_TOP
    return _Layout(width, height, k, scale, ox, oy, title_band, legend_band)


def project(lon: float, lat: float, width: int = 1200, height: int = 600) -> tuple[float, float]:
    """Pixel (x, y) of a lon/lat in a ``width`` x ``height`` image from :func:`render_map`."""
    lay = _layout(width, height)
    x, y = _equal_earth(lon, max(LAT_MIN, min(LAT_MAX, lat)))
    return lay.ox + x * lay.scale, lay.oy - y * lay.scale


# --- map data ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Country:
    code: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # unit Equal Earth coordinates
    area: float  # unit² (sum over rings)
    centre: tuple[float, float]  # centroid of the largest ring, unit coordinates


def _ring_area_centroid(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-15:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return 0.0, sum(xs) / n, sum(ys) / n
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


@functools.cache
def _countries() -> tuple[_Country, ...]:
    """All countries in unit coordinates, largest first (so enclaves are drawn on top)."""
    raw: dict[str, list[list[list[float]]]] = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    out = []
    for code, rings in raw.items():
        projected = tuple(tuple(_equal_earth(lon, lat) for lon, lat in ring) for ring in rings)
        total = 0.0
        best = (-1.0, 0.0, 0.0)
        for ring in projected:
            area, cx, cy = _ring_area_centroid(ring)
            total += area
            if area > best[0]:
                best = (area, cx, cy)
        out.append(_Country(code, projected, total, (best[1], best[2])))
    out.sort(key=lambda c: (-c.area, c.code))
    return tuple(out)


def country_codes() -> frozenset[str]:
    """ISO alpha-2 codes the map can draw (plus ``--`` for unclaimed land)."""
    return frozenset(c.code for c in _countries())


@functools.lru_cache(maxsize=4)
def _pixel_rings(width: int, height: int) -> tuple[tuple[list[tuple[float, float]], ...], ...]:
    """Each country's rings in supersampled pixel coordinates, in :func:`_countries` order."""
    lay = _layout(width, height)
    s = lay.scale * _SS
    ox, oy = lay.ox * _SS, lay.oy * _SS
    return tuple(
        tuple([(ox + x * s, oy - y * s) for x, y in ring] for ring in c.rings) for c in _countries()
    )


# --- drawing -----------------------------------------------------------------------------------


def _font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(8, round(size)))


def _outline(lay: _Layout, ss: int) -> list[tuple[float, float]]:
    """The map's edge: the ±180° meridians between the crop latitudes, in pixels x ss."""
    lats = [LAT_MIN + (LAT_MAX - LAT_MIN) * i / 60 for i in range(61)]
    east = [project(180.0, lat, lay.width, lay.height) for lat in lats]
    west = [project(-180.0, lat, lay.width, lay.height) for lat in reversed(lats)]
    return [(x * ss, y * ss) for x, y in east + west]


def _draw_base(draw: ImageDraw.ImageDraw, lay: _Layout) -> None:
    w = lay.width
    h = lay.height
    draw.polygon(_outline(lay, _SS), fill=OCEAN_RGB)
    line_w = max(1, round(lay.k * _SS * 0.5))
    for lon in range(-150, 180, 30):
        pts = [project(lon, LAT_MIN + i * 2, w, h) for i in range(int((LAT_MAX - LAT_MIN) / 2) + 1)]
        draw.line([(x * _SS, y * _SS) for x, y in pts], fill=_GRATICULE_RGB, width=line_w)
    for lat in range(-30, 90, 30):
        pts = [project(lon, lat, w, h) for lon in range(-180, 181, 5)]
        draw.line([(x * _SS, y * _SS) for x, y in pts], fill=_GRATICULE_RGB, width=line_w)


def _colour_for(status: Status, only: Status | None) -> RGB:
    if only is not None and status != only:
        return NEUTRAL_RGB
    return STYLES[status].rgb


def _draw_countries(
    draw: ImageDraw.ImageDraw,
    lay: _Layout,
    statuses: Mapping[str, Status],
    only: Status | None,
) -> None:
    countries = _countries()
    rings_px = _pixel_rings(lay.width, lay.height)
    colours = [_colour_for(statuses.get(c.code, Status.UNKNOWN), only) for c in countries]
    for rings, colour in zip(rings_px, colours, strict=True):
        for ring in rings:
            draw.polygon(ring, fill=colour)
    border_w = max(1, round(lay.k * _SS * 0.5))
    for rings in rings_px:
        for ring in rings:
            draw.line([*ring, ring[0]], fill=_BORDER_RGB, width=border_w)

    _draw_markers(draw, countries, statuses, only, lay.k, lay.scale, lay.ox, lay.oy)


def _draw_markers(
    draw: ImageDraw.ImageDraw,
    countries: Sequence[_Country],
    statuses: Mapping[str, Status],
    only: Status | None,
    k: float,
    scale: float,
    ox: float,
    oy: float,
) -> None:
    """Markers for countries too small to see at ``scale``, smallest drawn last (on top)."""
    threshold = _SMALL_AREA_PX * k * k
    radius = _MARKER_RADIUS_PX * k * _SS
    edge = max(1, round(k * _SS))
    for country in countries:
        status = statuses.get(country.code, Status.UNKNOWN)
        if status == Status.UNKNOWN and only != Status.UNKNOWN:
            continue  # grey dots everywhere would only add clutter
        if only is not None and status != only:
            continue
        if country.area * scale * scale >= threshold:
            continue
        x = (ox + country.centre[0] * scale) * _SS
        y = (oy - country.centre[1] * scale) * _SS
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=STYLES[status].rgb,
            outline=_MARKER_EDGE_RGB,
            width=edge,
        )


# --- the Europe inset --------------------------------------------------------------------------

# Half of the tracked countries are in Europe, too small on a world map: an inset over the
# empty South Pacific shows them at about twice the scale.
EUROPE = (-11.0, 35.0, 34.0, 70.5)  # lon min, lat min, lon max, lat max
_INSET_W, _INSET_H = 316, 250  # at 1200x600


@dataclass(frozen=True, slots=True)
class _Inset:
    box: tuple[int, int, int, int]  # final-image pixels: left, top, right, bottom
    scale: float  # pixels per unit Equal Earth coordinate (final image)
    ox: float  # inset pixel x of unit x 0
    oy: float  # inset pixel y of unit y 0
    label_h: float


@functools.lru_cache(maxsize=8)
def _inset(width: int, height: int) -> _Inset:
    lay = _layout(width, height)
    k = lay.k
    w, h = round(_INSET_W * k), round(_INSET_H * k)
    left = round(12 * k)
    bottom = height - lay.legend_band - round(8 * k)
    box = (left, bottom - h, left + w, bottom)
    lon0, lat0, lon1, lat1 = EUROPE
    pts = [
        _equal_earth(lon, lat)
        for lon in (lon0, (lon0 + lon1) / 2, lon1)
        for lat in (lat0, (lat0 + lat1) / 2, lat1)
    ]
    xmin, xmax = min(p[0] for p in pts), max(p[0] for p in pts)
    ymin, ymax = min(p[1] for p in pts), max(p[1] for p in pts)
    label_h = 22 * k
    scale = min(w / (xmax - xmin), (h - label_h) / (ymax - ymin))
    ox = (w - scale * (xmax - xmin)) / 2 - xmin * scale
    oy = label_h + (h - label_h - scale * (ymax - ymin)) / 2 + ymax * scale
    return _Inset(box, scale, ox, oy, label_h)


def inset_project(
    lon: float, lat: float, width: int = 1200, height: int = 600
) -> tuple[float, float]:
    """Pixel (x, y) of a lon/lat in the Europe inset of a ``width`` x ``height`` map drawn
    with ``europe_inset=True``."""
    ins = _inset(width, height)
    x, y = _equal_earth(lon, lat)
    return ins.box[0] + ins.ox + x * ins.scale, ins.box[1] + ins.oy - y * ins.scale


@functools.cache
def _inset_rings() -> tuple[tuple[tuple[tuple[float, float], ...], ...], ...]:
    """Each country's rings that reach near the inset's region (unit coordinates), in
    :func:`_countries` order; most countries have none."""
    lon0, lat0, lon1, _ = EUROPE
    corners = [_equal_earth(lon, lat) for lon in (lon0 - 20, lon1 + 20) for lat in (lat0 - 8, 84)]
    x_lo, x_hi = min(c[0] for c in corners), max(c[0] for c in corners)
    y_lo = min(c[1] for c in corners)
    return tuple(
        tuple(
            ring
            for ring in c.rings
            if max(x for x, _ in ring) >= x_lo
            and min(x for x, _ in ring) <= x_hi
            and max(y for _, y in ring) >= y_lo
        )
        for c in _countries()
    )


def _draw_inset(
    img: Image.Image, lay: _Layout, statuses: Mapping[str, Status], only: Status | None
) -> None:
    ins = _inset(lay.width, lay.height)
    left, top, right, bottom = ins.box
    w, h = right - left, bottom - top
    big = Image.new("RGB", (w * _SS, h * _SS), OCEAN_RGB)
    draw = ImageDraw.Draw(big)
    s, ox, oy = ins.scale * _SS, ins.ox * _SS, ins.oy * _SS
    border_w = max(1, round(lay.k * _SS * 0.5))
    countries = _countries()
    for country, rings in zip(countries, _inset_rings(), strict=True):
        if not rings:
            continue
        colour = _colour_for(statuses.get(country.code, Status.UNKNOWN), only)
        for ring in rings:
            pts = [(ox + x * s, oy - y * s) for x, y in ring]
            draw.polygon(pts, fill=colour)
            draw.line([*pts, pts[0]], fill=_BORDER_RGB, width=border_w)
    _draw_markers(draw, countries, statuses, only, lay.k, ins.scale, ins.ox, ins.oy)
    small = big.resize((w, h), Image.Resampling.LANCZOS)
    img.paste(small, (left, top))
    frame = ImageDraw.Draw(img)
    frame.rectangle(
        (left, top, left + round(72 * lay.k), top + round(ins.label_h)), fill=BACKGROUND_RGB
    )
    frame.text(
        (left + 6 * lay.k, top + ins.label_h / 2),
        "Europe",
        font=_font(15 * lay.k),
        fill=_TEXT_RGB,
        anchor="lm",
    )
    frame.rectangle((left, top, right, bottom), outline=_BORDER_RGB, width=max(1, round(lay.k)))


def _draw_text(
    img: Image.Image,
    lay: _Layout,
    counts: Counter[Status],
    *,
    date: datetime.date,
    only: Status | None,
    title: str,
) -> None:
    draw = ImageDraw.Draw(img)
    k = lay.k
    margin = 14 * k

    # Title band.
    title_font = _font(26 * k)
    sub_font = _font(16 * k)
    mid = lay.title_band / 2 + 3 * k
    draw.text((margin, mid), title, font=title_font, fill=_TEXT_RGB, anchor="lm")
    if only is not None:
        tx = margin + draw.textlength(title, font=title_font) + 12 * k
        draw.text(
            (tx, mid + 2 * k),
            f"({STYLES[only].label} only)",
            font=sub_font,
            fill=_MUTED_RGB,
            anchor="lm",
        )
    date_text = f"As of {date.day} {date:%B %Y}"
    draw.text((lay.width - margin, mid), date_text, font=sub_font, fill=_MUTED_RGB, anchor="rm")

    # Legend band: swatch, label and count for every status, centred.
    font = _font(16 * k)
    count_font = _font(16 * k)
    sw = round(16 * k)
    gap_sw = 7 * k
    gap_count = 6 * k
    gap_item = 26 * k
    items = []
    for status in ORDER:
        label = STYLES[status].label
        count = str(counts.get(status, 0))
        lw = draw.textlength(label, font=font)
        cw = draw.textlength(count, font=count_font)
        items.append((status, label, count, lw, cw, sw + gap_sw + lw + gap_count + cw))
    total = sum(i[5] for i in items) + gap_item * (len(items) - 1)
    x = (lay.width - total) / 2
    cy = lay.height - lay.legend_band / 2 - 2 * k
    for status, label, count, lw, _cw, item_w in items:
        dim = only is not None and status != only
        if only is not None and status == only:
            pad = 6 * k
            draw.rounded_rectangle(
                (x - pad, cy - sw / 2 - pad, x + item_w + pad, cy + sw / 2 + pad),
                radius=round(5 * k),
                fill=(255, 255, 255),
                outline=_TEXT_RGB,
                width=max(1, round(k)),
            )
        sx = round(x)
        sy = round(cy - sw / 2)
        draw.rectangle(
            (sx, sy, sx + sw - 1, sy + sw - 1),
            fill=STYLES[status].rgb,
            outline=_FAINT_RGB if dim else _BORDER_RGB,
            width=max(1, round(k)),
        )
        tx = x + sw + gap_sw
        draw.text((tx, cy), label, font=font, fill=_FAINT_RGB if dim else _TEXT_RGB, anchor="lm")
        draw.text(
            (tx + lw + gap_count, cy),
            count,
            font=count_font,
            fill=_FAINT_RGB if dim else _MUTED_RGB,
            anchor="lm",
        )
        x += item_w + gap_item


def render_map(
    statuses: Mapping[str, Status],
    *,
    date: datetime.date,
    only: Status | None = None,
    width: int = 1200,
    height: int = 600,
    title: str = "Huawei in 5G networks",
    europe_inset: bool = False,
) -> bytes:
    """Render the world coloured by status as PNG bytes.

    ``statuses`` maps ISO alpha-2 codes to a status; countries absent from it are drawn as
    unknown. With ``only``, countries of any other status are drawn in a light neutral colour
    and the legend highlights ``only``. Legend counts are over the statuses given. With
    ``europe_inset``, Europe is drawn again, larger, in a box over the South Pacific.
    """
    lay = _layout(width, height)
    norm = {code.upper(): Status(status) for code, status in statuses.items()}
    only = Status(only) if only is not None else None

    big = Image.new("RGB", (width * _SS, height * _SS), BACKGROUND_RGB)
    draw = ImageDraw.Draw(big)
    _draw_base(draw, lay)
    _draw_countries(draw, lay, norm, only)
    draw.line([*_outline(lay, _SS), _outline(lay, _SS)[0]], fill=_OUTLINE_RGB, width=_SS)
    img = big.resize((width, height), Image.Resampling.LANCZOS)
    if europe_inset:
        _draw_inset(img, lay, norm, only)

    _draw_text(img, lay, Counter(norm.values()), date=date, only=only, title=title)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
