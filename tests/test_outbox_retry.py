"""The outbox's own retry, back-off and give-up, through the real bot and the fake Discord.

discord.py retries 500/502/504 by itself (with sleeps of 1, 3, 5 … s) but raises a 503 at once,
so a 503 from the fake reaches ``Dispatcher`` on every attempt: these tests exercise the bot's
own branches, not the library's.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from bot.client import PolicyWatchBot
from bot.clock import utcnow
from bot.runtime import open_runtime
from tests.conftest import FakeClock
from tests.fakediscord import run_bot
from tests.test_bot_e2e import World, prime, text_of, world  # noqa: F401  (fixture)


def _posts(w: World, needle: str) -> list[dict[str, object]]:
    return [m for m in w.fake.channel_messages(w.alerts) if needle in text_of(m)]


async def test_server_errors_back_off_then_post_once(world: World) -> None:  # noqa: F811
    clock = FakeClock(utcnow().replace(microsecond=0))  # the outbox keeps whole seconds
    async with open_runtime(world.config, clock) as rt:
        bot = PolicyWatchBot(rt, guild_ready_timeout=0.05)
        async with run_bot(bot, world.fake):
            await prime(world, rt)
            await bot.dispatcher.drain()  # the status-change notice from prime() goes first
            await rt.pipeline.run_cycle(force=True)
            (story,) = await rt.store.news.latest(None, 1)
            world.fake.fail_next("POST", rf"/channels/{world.alerts}/messages", status=503, times=2)

            await bot.dispatcher.drain()
            (row,) = await rt.store.alerts.posts_of_story(story.id)
            assert (row.state, row.attempts) == ("pending", 1)
            assert row.next_attempt_at == clock.now + timedelta(seconds=5)
            assert "503" in (row.last_error or "")

            requests = len(world.fake.requests)
            await bot.dispatcher.drain()  # not due yet: nothing is sent
            assert len(world.fake.requests) == requests

            clock.advance(seconds=5)
            await bot.dispatcher.drain()
            (row,) = await rt.store.alerts.posts_of_story(story.id)
            assert (row.state, row.attempts) == ("pending", 2)
            assert row.next_attempt_at == clock.now + timedelta(seconds=10)  # doubled

            clock.advance(seconds=10)
            await bot.dispatcher.drain()
            (row,) = await rt.store.alerts.posts_of_story(story.id)
            assert row.state == "sent" and row.message_id is not None
            assert len(_posts(world, "Canada bans")) == 1


async def test_gives_up_after_max_attempts_and_tells_the_owner(world: World) -> None:  # noqa: F811
    clock = FakeClock(utcnow().replace(microsecond=0))  # the outbox keeps whole seconds
    config = dataclasses.replace(
        world.config, alerts=dataclasses.replace(world.config.alerts, max_attempts=3)
    )
    async with open_runtime(config, clock) as rt:
        bot = PolicyWatchBot(rt, guild_ready_timeout=0.05)
        async with run_bot(bot, world.fake):
            await prime(world, rt)
            await bot.dispatcher.drain()  # the status-change notice from prime() goes first
            await rt.pipeline.run_cycle(force=True)
            (story,) = await rt.store.news.latest(None, 1)
            world.fake.fail_next(
                "POST", rf"/channels/{world.alerts}/messages", status=503, times=100
            )
            for _ in range(3):
                await bot.dispatcher.drain()
                clock.advance(hours=1)
            (row,) = await rt.store.alerts.posts_of_story(story.id)
            assert row.state == "failed" and row.attempts == 3
            assert (row.last_error or "").startswith("gave up")

            owner = world.fake.guilds[world.guild].owner_id
            dm = world.fake.dm_channel(owner)
            notices = [m for m in world.fake.channel_messages(dm.id) if "gave up" in text_of(m)]
            assert len(notices) == 1 and "3 attempts" in text_of(notices[0])

            requests = len(world.fake.requests)
            clock.advance(hours=2)
            await bot.dispatcher.drain()  # a failed row is never tried again
            assert len(world.fake.requests) == requests
            assert _posts(world, "Canada bans") == []
