"""The status map as the bot serves it: every country's status, drawn off the event loop, cached."""

from __future__ import annotations

import asyncio

from bot.services import Services
from bot.status import Status
from bot.worldmap import render_map

_cache: dict[tuple[object, ...], bytes] = {}


async def render_current(services: Services, only: Status | None = None) -> bytes:
    table = await services.table()
    full = await services.full_table()
    # "As of" the later of the last change and the baseline's check, not the day of drawing.
    as_of = await services.as_of() or services.clock().date()
    key = (tuple(sorted(table.items())), only, as_of)
    png = _cache.get(key)
    if png is None:
        png = await asyncio.to_thread(render_map, full, date=as_of, only=only, europe_inset=True)
        _cache.clear()
        _cache[key] = png
    return png
