from __future__ import annotations

import datetime
import io
import time

import pytest
from PIL import Image

from bot.status import STYLES, Status
from bot.worldmap import NEUTRAL_RGB, OCEAN_RGB, country_codes, project, render_map

DATE = datetime.date(2025, 3, 12)

SAMPLE = {
    "GB": Status.BANNED,
    "US": Status.BANNED,
    "AU": Status.BANNED,
    "DE": Status.RESTRICTED,
    "CN": Status.PARTNER,
    "BR": Status.ALLOWED,
    "SE": Status.BANNED,
    "IN": Status.RESTRICTED,
    "SG": Status.ALLOWED,
    "QA": Status.PARTNER,
    "EE": Status.RESTRICTED,
}

# Points well inside large countries: (lon, lat).
AUSTRALIA = (134.0, -25.0)
BRAZIL = (-52.0, -10.0)
SWEDEN = (15.5, 62.5)
USA = (-98.0, 39.0)
RUSSIA = (90.0, 60.0)
PACIFIC = (-135.0, -45.0)


def decode(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    img.load()
    return img.convert("RGB")


def colours_near(img: Image.Image, x: float, y: float, r: int = 3) -> set[tuple[int, int, int]]:
    box = img.crop((round(x) - r, round(y) - r, round(x) + r + 1, round(y) + r + 1))
    found = box.getcolors(maxcolors=(2 * r + 1) ** 2)
    assert found is not None
    return {(c[0], c[1], c[2]) for _, c in found if isinstance(c, tuple)}


def pixel(img: Image.Image, lonlat: tuple[float, float]) -> tuple[int, int, int]:
    x, y = project(lonlat[0], lonlat[1], img.width, img.height)
    value = img.getpixel((round(x), round(y)))
    assert isinstance(value, tuple)
    return (value[0], value[1], value[2])


@pytest.fixture(scope="module")
def sample_png() -> bytes:
    return render_map(SAMPLE, date=DATE)


def test_png_decodes_with_default_size(sample_png: bytes) -> None:
    assert sample_png[:8] == b"\x89PNG\r\n\x1a\n"
    img = Image.open(io.BytesIO(sample_png))
    assert img.format == "PNG"
    assert img.size == (1200, 600)


def test_countries_take_their_status_colour(sample_png: bytes) -> None:
    img = decode(sample_png)
    assert pixel(img, AUSTRALIA) == STYLES[Status.BANNED].rgb
    assert pixel(img, BRAZIL) == STYLES[Status.ALLOWED].rgb
    assert pixel(img, SWEDEN) == STYLES[Status.BANNED].rgb
    assert pixel(img, USA) == STYLES[Status.BANNED].rgb


def test_absent_country_is_unknown_grey_and_ocean_is_ocean(sample_png: bytes) -> None:
    img = decode(sample_png)
    assert pixel(img, RUSSIA) == STYLES[Status.UNKNOWN].rgb
    assert pixel(img, PACIFIC) == OCEAN_RGB


def test_other_colours_follow_the_mapping() -> None:
    statuses = {"AU": Status.PARTNER, "BR": Status.UNDER_REVIEW, "RU": Status.RESTRICTED}
    img = decode(render_map(statuses, date=DATE))
    assert pixel(img, AUSTRALIA) == STYLES[Status.PARTNER].rgb
    assert pixel(img, BRAZIL) == STYLES[Status.UNDER_REVIEW].rgb
    assert pixel(img, RUSSIA) == STYLES[Status.RESTRICTED].rgb
    assert pixel(img, USA) == STYLES[Status.UNKNOWN].rgb


def test_only_greys_out_other_statuses() -> None:
    img = decode(render_map(SAMPLE, date=DATE, only=Status.BANNED))
    assert pixel(img, AUSTRALIA) == STYLES[Status.BANNED].rgb
    assert pixel(img, SWEDEN) == STYLES[Status.BANNED].rgb
    assert pixel(img, BRAZIL) == NEUTRAL_RGB  # allowed
    assert pixel(img, RUSSIA) == NEUTRAL_RGB  # absent
    # The highlighted status changes the picture (legend and fills).
    assert render_map(SAMPLE, date=DATE, only=Status.ALLOWED) != render_map(
        SAMPLE, date=DATE, only=Status.BANNED
    )


def test_only_unknown_keeps_absent_countries_grey() -> None:
    img = decode(render_map(SAMPLE, date=DATE, only=Status.UNKNOWN))
    assert pixel(img, RUSSIA) == STYLES[Status.UNKNOWN].rgb
    assert pixel(img, AUSTRALIA) == NEUTRAL_RGB


def test_legend_counts_change_the_legend(sample_png: bytes) -> None:
    # A code that is not on the map changes only the banned count in the legend.
    more = {**SAMPLE, "ZZ": Status.BANNED}
    other = decode(render_map(more, date=DATE))
    img = decode(sample_png)
    legend_top = img.height - img.height // 12
    map_part = (0, 0, img.width, legend_top)
    legend_part = (0, legend_top, img.width, img.height)
    assert img.crop(map_part).tobytes() == other.crop(map_part).tobytes()
    assert img.crop(legend_part).tobytes() != other.crop(legend_part).tobytes()


def test_date_and_title_change_the_picture(sample_png: bytes) -> None:
    assert render_map(SAMPLE, date=DATE + datetime.timedelta(days=1)) != sample_png
    assert render_map(SAMPLE, date=DATE, title="Something else") != sample_png


def test_rendering_is_deterministic(sample_png: bytes) -> None:
    assert render_map(dict(SAMPLE), date=DATE) == sample_png


def test_small_countries_get_a_marker() -> None:
    # Singapore is far below a pixel: with a status it gets a marker in its colour.
    colour = STYLES[Status.BANNED].rgb
    img = decode(render_map({"SG": Status.BANNED}, date=DATE))
    x, y = project(103.82, 1.35, img.width, img.height)
    assert colour in colours_near(img, x, y)
    plain = decode(render_map({}, date=DATE))
    assert colour not in colours_near(plain, x, y)


def test_tricky_codes_are_present() -> None:
    codes = country_codes()
    for code in ("FR", "NO", "XK", "TW", "SO", "CY", "SG", "QA", "BH", "EE", "LU", "MT", "BN"):
        assert code in codes
    assert "AQ" not in codes
    assert not any(code == "-99" for code in codes)


def test_france_and_norway_are_coloured() -> None:
    statuses = {"FR": Status.RESTRICTED, "NO": Status.PARTNER}
    img = decode(render_map(statuses, date=DATE))
    assert pixel(img, (2.5, 46.5)) == STYLES[Status.RESTRICTED].rgb
    assert pixel(img, (9.0, 61.5)) == STYLES[Status.PARTNER].rgb


def test_other_sizes_and_string_statuses() -> None:
    img = decode(render_map({"au": "banned"}, date=DATE, width=800, height=400))  # type: ignore[dict-item]
    assert img.size == (800, 400)
    assert pixel(img, AUSTRALIA) == STYLES[Status.BANNED].rgb


def test_rejects_tiny_canvas() -> None:
    with pytest.raises(ValueError):
        render_map(SAMPLE, date=DATE, width=50, height=20)


def test_render_is_fast() -> None:
    render_map(SAMPLE, date=DATE)  # warm caches (data load, projection)
    start = time.perf_counter()
    render_map({**SAMPLE, "FR": Status.BANNED}, date=DATE)
    assert time.perf_counter() - start < 1.0  # ~0.1 s here; generous for slow CI
