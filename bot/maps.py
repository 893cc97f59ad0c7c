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
    today = services.clock().date()
    key = (tuple(sorted(table.items())), only, today)
    png = _cache.get(key)
    if png is None:
        png = await asyncio.to_thread(render_map, full, date=today, only=only, europe_inset=True)
        _cache.clear()
        _cache[key] = png
    return png
