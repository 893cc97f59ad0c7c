"""`python -m bot run` as an operator starts it: a real process, configured by config.toml."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.fakediscord import FakeDiscord
from tests.helpers import start_bot_process


async def test_run_connects_answers_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    fake = FakeDiscord(token="process-token")
    await fake.start()
    guild = fake.add_guild("Ops")
    channel = fake.add_channel(guild.id, "general")
    member = fake.add_member(guild.id, "reader")
    proc = await start_bot_process(tmp_path, fake.api_base, fake.gateway_url, "process-token")
    try:
        assert proc.stderr is not None
        seen = ""
        while "Connected as" not in seen:  # the bot logs this from on_ready
            line = await asyncio.wait_for(proc.stderr.readline(), timeout=30)
            assert line, f"the bot exited early: {seen}"
            seen += line.decode()
        assert fake.sync_count >= 1
        res = await fake.slash(guild.id, channel.id, member.id, "status", {"country": "uk"})
        assert res.message is not None
        assert "United Kingdom" in res.message["embeds"][0]["title"]
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), timeout=15)
        stderr = seen + (await proc.stderr.read()).decode()
        assert code == 0, stderr
        assert "process-token" not in stderr
        assert "Shutting down" in stderr
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.stop()
