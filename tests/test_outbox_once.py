"""Issue 13.5: the outbox never repeats a post. A lost answer is retried with the same nonce
(Discord's enforce_nonce returns the first message), mark_sent is retried while another process
write-locks the database, interactions are answered within Discord's 3 s while the database is
locked, a second bot on the same database is refused with the other's pid, an edit Discord
refuses with a 4xx is given up, and a start without network retries instead of failing."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.client import PolicyWatchBot
from bot.clock import utcnow
from bot.runtime import Runtime, open_runtime
from storage.db import StorageError
from storage.lock import instance_lock
from tests.conftest import FakeClock
from tests.fakediscord import run_bot
from tests.helpers import start_bot_process
from tests.test_bot_e2e import World, slash, text_of
from tests.test_bot_e2e import world as world

REPO = Path(__file__).resolve().parent.parent


@asynccontextmanager
async def running_at(world: World, clock: FakeClock) -> AsyncIterator[PolicyWatchBot]:
    clock.now = utcnow()  # the scheduler runs on this clock too
    async with open_runtime(world.config, clock) as rt:
        bot = PolicyWatchBot(rt, guild_ready_timeout=0.05)
        async with run_bot(bot, world.fake):
            yield bot


async def queue_test_alert(rt: Runtime, guild: int, channel: int) -> int:
    await rt.services.configure_alerts(guild, actor(), alert_channel_id=channel)
    async with rt.store.transaction() as conn:
        row = await rt.store.alerts.enqueue(
            conn, guild_id=guild, channel_id=channel, kind="test", now=rt.clock()
        )
    assert row is not None
    return row


def actor():  # type: ignore[no-untyped-def]
    from bot.services import CLI

    return CLI


def test_alerts(world: World) -> list[dict[str, object]]:
    return [m for m in world.fake.channel_messages(world.alerts) if "Test alert" in text_of(m)]


test_alerts.__test__ = False  # type: ignore[attr-defined]


@asynccontextmanager
async def locked_by_another_process(
    db: Path, seconds: float
) -> AsyncIterator[subprocess.Popen[str]]:
    """Another process holds the database's write lock for ``seconds``.

    It waits in threads, not on the event loop: the bot may be in the middle of a write when the
    other process asks for the lock, and a blocked loop would never let that write finish.
    """
    script = textwrap.dedent(
        f"""
        import sqlite3, time
        # timeout: wait out a write the bot is making at that moment, then hold the lock
        conn = sqlite3.connect({str(db)!r}, isolation_level=None, timeout=30)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        time.sleep({seconds})
        conn.execute("ROLLBACK")
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert (await asyncio.to_thread(proc.stdout.readline)).strip() == "locked"
    try:
        yield proc
    finally:
        await asyncio.to_thread(proc.wait, 60)


async def test_a_post_in_flight_at_a_crash_is_not_posted_again(
    world: World, clock: FakeClock
) -> None:
    async with running_at(world, clock) as bot:
        await queue_test_alert(bot.rt, world.guild, world.alerts)
        world.fake.delay_next_answers(3.0)  # Discord made the message; the answer is late
        bot.dispatcher.kick()
        await world.fake.wait_for_message(world.alerts, lambda m: "Test alert" in text_of(m))
    # The bot stopped before it heard back (as kill -9 would); the row is still pending.
    async with running_at(world, clock) as bot:
        rows = await bot.store.db.fetchall("SELECT state FROM outbox WHERE kind = 'test'")
        assert [r["state"] for r in rows] == ["pending"]
        await bot.dispatcher.drain()
        assert len(test_alerts(world)) == 1
        assert world.fake.nonce_hits == 1
        rows = await bot.store.db.fetchall("SELECT state FROM outbox WHERE kind = 'test'")
        assert [r["state"] for r in rows] == ["sent"]


async def test_mark_sent_is_retried_while_another_process_locks_the_database(
    world: World, clock: FakeClock
) -> None:
    async with running_at(world, clock) as bot:
        await queue_test_alert(bot.rt, world.guild, world.alerts)
        async with locked_by_another_process(world.config.db_path, 7.0):
            await bot.dispatcher.drain()  # posts, then waits for the lock to mark it sent
        clock.advance(minutes=2)
        await bot.dispatcher.drain()
        assert len(test_alerts(world)) == 1
        rows = await bot.store.db.fetchall("SELECT state FROM outbox WHERE kind = 'test'")
        assert [r["state"] for r in rows] == ["sent"]


async def test_commands_answer_in_time_while_the_database_is_locked(
    world: World, clock: FakeClock
) -> None:
    async with running_at(world, clock) as bot:
        await slash(world, world.member, "status", {"country": "uk"})  # warm
        async with locked_by_another_process(world.config.db_path, 3.5):
            res = await asyncio.wait_for(
                slash(
                    world,
                    world.mod,
                    "update",
                    {"country": "de", "status": "banned", "note": "Decided while locked"},
                    timeout=15,
                ),
                30,
            )
        assert res.message is not None and "Recorded change" in res.message["content"]
        assert (await bot.store.countries.get("DE")).status == "banned"  # type: ignore[union-attr]


def test_a_second_instance_is_refused_with_the_other_pid(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from storage.lock import instance_lock
        with instance_lock(Path({str(db)!r})):
            print("holding", flush=True)
            time.sleep(60)
        """
    )
    other = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "holding"
        with pytest.raises(StorageError) as info, instance_lock(db):
            pass
        assert f"process {other.pid}" in str(info.value) and "already running" in str(info.value)
    finally:
        other.kill()
        other.wait()
    with instance_lock(db):  # the lock died with its holder (even by kill -9)
        pass


async def test_an_edit_refused_with_4xx_is_given_up(world: World, clock: FakeClock) -> None:
    async with running_at(world, clock) as bot:
        await queue_test_alert(bot.rt, world.guild, world.alerts)
        await bot.dispatcher.drain()
        async with bot.store.transaction() as conn:
            await conn.execute("UPDATE outbox SET needs_edit = 1, story_id = NULL")
        # A story post to edit: make the sent row look like one whose story changed.
        row = (await bot.store.db.fetchall("SELECT id, message_id FROM outbox"))[0]
        story = await _any_story(bot)
        async with bot.store.transaction() as conn:
            await conn.execute("UPDATE outbox SET story_id = ? WHERE id = ?", (story, row["id"]))
        world.fake.fail_next("PATCH", r"/channels/\d+/messages/\d+", status=400, times=5)
        await bot.dispatcher.drain()
        assert sum(f.remaining for f in world.fake._failures) == 4  # one edit was refused
        edits = await bot.store.alerts.edits_due()
        assert edits == []  # given up, not retried forever


async def _any_story(bot: PolicyWatchBot) -> int:
    from storage.news import NewArticle, story_values

    now = bot.clock()
    article = NewArticle(
        feed_id=None,
        uid="u1",
        link="https://news.example/1",
        title="Germany bans Huawei",
        summary="",
        outlet="Outlet",
        published_at=now,
        relevant=True,
        score=1.0,
        alertable=True,
        findings=(),
    )

    def write(conn: sqlite3.Connection) -> int:
        conn.execute(
            "INSERT INTO stories VALUES (?, "
            + ", ".join("?" * len(story_values(article, "", now)))
            + ")",
            (1, *story_values(article, "", now)),
        )
        return 1

    return await bot.store.db.run(write)


async def test_start_without_network_retries_and_says_so(tmp_path: Path) -> None:
    proc = await start_bot_process(
        tmp_path, "http://127.0.0.1:9/api/v10", "ws://127.0.0.1:9/", "t0ken"
    )
    assert proc.stderr is not None
    seen = ""
    try:
        while "retrying in" not in seen:
            line = await asyncio.wait_for(proc.stderr.readline(), timeout=30)
            assert line, f"the bot exited instead of retrying: {seen}"
            seen += line.decode()
        assert "Cannot reach Discord" in seen
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), timeout=30)
        seen += (await proc.stderr.read()).decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert code == 0, seen
    assert "Traceback" not in seen and "t0ken" not in seen


def test_run_refuses_a_database_another_bot_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import cli

    db = tmp_path / "bot.sqlite3"
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'feeds = []\n[storage]\npath = "{db}"\n[polling]\nparser_processes = 0\n')
    monkeypatch.setenv("DISCORD_TOKEN", "t0ken")
    with instance_lock(db):  # the other bot (its pid: this process's)
        assert cli.main(["--config", str(cfg), "run"]) == 3
    err = capsys.readouterr().err
    assert f"(process {os.getpid()}) is already running" in err and "Traceback" not in err
