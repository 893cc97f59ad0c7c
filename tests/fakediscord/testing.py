"""Helpers to run a real discord.py client against a FakeDiscord in-process."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from .models import FakeDiscordTimeout

if TYPE_CHECKING:
    from .server import FakeDiscord

__all__ = ["patch_discord", "run_bot"]


@contextlib.contextmanager
def patch_discord(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at ``fake``; restore on exit."""
    import discord.gateway
    import discord.http
    import yarl

    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def run_bot(
    bot: Any, fake: FakeDiscord, *, ready_timeout: float = 10.0
) -> AsyncIterator[Any]:
    """Log ``bot`` in (runs ``setup_hook``), connect it with ``reconnect=False``, wait for
    ready, yield it, then close it and await the connect task.

    If the connect task died with an exception (e.g. a KeyError in an event parser, which
    kills a discord.py client), that exception is raised here.
    """
    with patch_discord(fake):
        await bot.login(fake.token)
        task = asyncio.create_task(bot.connect(reconnect=False), name="fakediscord-bot-connect")
        failed = False
        try:
            ready = asyncio.create_task(bot.wait_until_ready())
            done, _ = await asyncio.wait(
                {ready, task}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if ready not in done:
                ready.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ready
                if task.done():
                    task.result()
                raise FakeDiscordTimeout(f"bot not ready within {ready_timeout} s")
            yield bot
            if task.done() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        except BaseException:
            failed = True
            raise
        finally:
            await bot.close()
            try:
                await asyncio.wait_for(task, timeout=5.0)
            except Exception:
                if not failed:
                    raise
            finally:
                if not task.done():
                    task.cancel()
