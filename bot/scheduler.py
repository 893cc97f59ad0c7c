"""APScheduler jobs: polling, outbox draining and weekly digests; never overlapping."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.config import Config

log = logging.getLogger(__name__)


class Jobs:
    def __init__(
        self,
        config: Config,
        clock: Clock,
        poll: Callable[[], Awaitable[object]],
        drain: Callable[[], Awaitable[object]],
        digest: Callable[[int, int], Awaitable[object]],
    ) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._clock = clock
        self._watch: asyncio.Task[None] | None = None
        # Feeds are polled when due (each has its own next time, with back-off), so the job
        # runs at most every minute and polls only what is due.
        every = min(60.0, config.polling.interval_minutes * 60)
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 300}
        self._scheduler.add_job(poll, "interval", seconds=every, id="poll", **common)
        self._scheduler.add_job(
            drain, "interval", seconds=config.alerts.drain_interval_seconds, id="drain", **common
        )

        async def hourly() -> None:
            now = self._clock()
            await digest(now.weekday(), now.hour)

        self._scheduler.add_job(hourly, "cron", minute=0, id="digest", **common)

    def start(self) -> None:
        self._scheduler.start()
        for job in self._scheduler.get_jobs():
            if job.id in ("poll", "drain"):
                job.modify(next_run_time=self._clock())
        self._watch = asyncio.get_running_loop().create_task(self._watch_clock())

    async def _watch_clock(self) -> None:
        """Every half minute (by the monotonic clock): undo a backwards clock step."""
        while True:
            await asyncio.sleep(30)
            try:
                self.heal()
            except Exception:
                log.exception("Checking the job times failed")

    def heal(self) -> int:
        """Jobs planned further ahead than their period allows were planned by a clock that
        has since stepped back: plan them again from now. Returns how many were."""
        now = self._clock()
        healed = 0
        for job in self._scheduler.get_jobs():
            trigger = job.trigger
            period = getattr(trigger, "interval", None) or timedelta(hours=1)
            if job.next_run_time is None or job.next_run_time <= now + 2 * period:
                continue
            when = now if job.id in ("poll", "drain") else trigger.get_next_fire_time(None, now)
            job.modify(next_run_time=when)
            healed += 1
        if healed:
            log.warning("The clock stepped back; %d jobs planned again from now", healed)
        return healed

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def next_poll(self) -> object:
        job = self._scheduler.get_job("poll")
        return job.next_run_time if job else None

    def shutdown(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
