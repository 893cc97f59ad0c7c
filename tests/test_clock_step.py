"""Issue 13.7: after the clock steps back (a host whose clock was ahead, then fixed), feeds,
posts and the scheduler's jobs planned by the wrong clock are due again at once."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import utcnow
from bot.config import Config
from bot.runtime import Runtime
from bot.scheduler import Jobs
from bot.services import CLI
from tests.conftest import FakeClock
from tests.feedserver import FeedServer
from tests.test_bot_e2e import World, text_of
from tests.test_bot_e2e import world as world
from tests.test_outbox_once import running_at

RSS = "<rss version='2.0'><channel><title>T</title>{items}</channel></rss>"


def rss(*guids: str) -> str:
    return RSS.format(
        items="".join(
            f"<item><title>Item {g}</title><link>https://n.example/{g}</link><guid>{g}</guid></item>"
            for g in guids
        )
    )


async def test_feeds_are_due_after_a_backwards_step(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    url = feeds.serve("f.xml", rss("a"))
    await rt.services.add_feed(url, "f", CLI, "t")
    clock.advance(days=3)  # the host's clock was three days ahead
    assert (await rt.pipeline.run_cycle()).feeds == 1
    clock.advance(days=-3)  # ...and is fixed
    feeds.serve("f.xml", rss("a", "b"))
    report = await rt.pipeline.run_cycle()
    assert report.feeds == 1 and [a.title for a in report.articles] == ["Item b"]


async def test_posts_are_due_after_a_backwards_step(world: World, clock: FakeClock) -> None:
    async with running_at(world, clock) as bot:
        await bot.services.configure_alerts(world.guild, CLI, alert_channel_id=world.alerts)
        clock.advance(days=3)
        async with bot.store.transaction() as conn:
            await bot.store.alerts.enqueue(
                conn, guild_id=world.guild, channel_id=world.alerts, kind="test", now=clock()
            )
        clock.advance(days=-3)
        await bot.dispatcher.drain()
        assert [m for m in world.fake.channel_messages(world.alerts) if "Test" in text_of(m)]


async def test_scheduler_jobs_are_planned_again_after_a_backwards_step(config: Config) -> None:
    clock = FakeClock(utcnow())

    async def nothing(*_: object) -> None:
        return None

    jobs = Jobs(config, clock, nothing, nothing, nothing)
    jobs.start()
    try:
        ahead = clock() + timedelta(days=3)
        for job in jobs._scheduler.get_jobs():
            job.modify(next_run_time=ahead)  # planned by a clock three days ahead
        assert jobs.heal() == 3
        assert jobs.next_poll() <= clock() + timedelta(minutes=1)  # type: ignore[operator]
        digest = jobs._scheduler.get_job("digest")
        assert digest.next_run_time <= clock() + timedelta(hours=1)
        assert jobs.heal() == 0
    finally:
        jobs.shutdown()
