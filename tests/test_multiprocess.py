"""Two real ``python -m bot run`` processes, one shard each, one PostgreSQL, the fake Discord.

Commands in servers of both shards are answered (each by the process holding its shard); one
process polls and sends; a poll's alert reaches every server once; after ``kill -9`` of that
process the other takes the leader lock within 30 s, polls, and the next alert also reaches
every server exactly once.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import load_config
from bot.runtime import open_runtime
from bot.services import CLI
from storage.store import Store
from tests.conftest import new_pg_database
from tests.fakediscord import FakeDiscord
from tests.feedserver import FeedServer
from tests.test_bot_e2e import text_of

REPO = Path(__file__).resolve().parent.parent
TOKEN = "shard-token"
TOOK = "Took the leader lock"

CANADA = b"""<item><title>Canada bans Huawei and ZTE from its 5G networks</title>
<link>https://telecom.example.com/ca</link><guid>tpd-2000</guid>
<pubDate>Thu, 19 May 2022 20:00:00 GMT</pubDate>
<description>Ottawa ordered operators to remove the gear by 2024.</description>
</item><item>"""
SWEDEN = b"""<item><title>Sweden bans Huawei and ZTE from its 5G networks</title>
<link>https://telecom.example.com/se</link><guid>tpd-2001</guid>
<pubDate>Fri, 20 May 2022 20:00:00 GMT</pubDate>
<description>Stockholm ordered operators to remove the gear by 2025.</description>
</item><item>"""


class Proc:
    """A bot process and everything it logged (read all along, so its pipe never fills)."""

    def __init__(self, name: str, proc: asyncio.subprocess.Process) -> None:
        self.name = name
        self.proc = proc
        self.log = ""
        assert proc.stderr is not None
        self._reader = asyncio.ensure_future(self._read(proc.stderr))

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.log += line.decode(errors="replace")

    async def wait_log(self, text: str, timeout: float) -> None:
        await until(lambda: text in self.log or self.proc.returncode is not None, timeout)
        assert text in self.log, f"{self.name} never logged {text!r}:\n{self.log[-3000:]}"

    async def stop(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        await asyncio.wait_for(self._reader, 10)


async def until(check: Callable[[], bool], timeout: float) -> bool:
    """Poll ``check`` every 0.2 s for at most ``timeout`` seconds (a bound, not a measure)."""
    for _ in range(int(timeout / 0.2) + 1):
        if check():
            return True
        await asyncio.sleep(0.2)
    return check()


@pytest.fixture
async def fake() -> FakeDiscord:
    server = FakeDiscord(token=TOKEN)
    await server.start()
    try:
        yield server  # type: ignore[misc]
    finally:
        await server.stop()


async def test_two_processes_one_shard_each_share_one_postgresql(
    tmp_path: Path, pg_admin_url: str, fake: FakeDiscord
) -> None:
    url = await new_pg_database(pg_admin_url)
    feeds = FeedServer()
    await feeds.start()
    # Servers on both shards: shard = (guild_id >> 22) % 2.
    guilds, alerts, readers = [], {}, {}
    while len({(g >> 22) % 2 for g in guilds}) < 2 or len(guilds) < 4:
        guild = fake.add_guild(f"Server {len(guilds)}")
        guilds.append(guild.id)
        alerts[guild.id] = fake.add_channel(guild.id, "alerts").id
        readers[guild.id] = fake.add_member(guild.id, "reader").id
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f"""
feeds = []
[discord]
api_base = "{fake.api_base}"
gateway_url = "{fake.gateway_url}"
shard_count = 2
[storage]
url = "{url}"
[polling]
parser_processes = 0
interval_minutes = 0.05
allow_private_addresses = true
max_age_days = 3650
[alerts]
drain_interval_seconds = 0.5
"""
    )
    feed_url = feeds.serve("rss_telecom.xml")
    # The operator's set-up, once, on the shared database: routing, a feed, its first poll.
    async with open_runtime(load_config(str(config_file))) as rt:
        for g in guilds:
            await rt.services.configure_alerts(g, CLI, alert_channel_id=alerts[g])
        await rt.services.update("ca", "allowed", "test starting point", None, CLI)
        await rt.services.update("se", "allowed", "test starting point", None, CLI)
        await rt.services.add_feed(feed_url, "Telecom Policy Daily", CLI, "test")
        await rt.pipeline.run_cycle(force=True)
    body = feeds.routes["/rss_telecom.xml"].body

    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "PYTHONPATH": str(REPO)}
    procs: list[Proc] = []
    try:
        for shard in (0, 1):
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "--config", str(config_file),
                "run", "--shard-ids", str(shard),
                cwd=tmp_path, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            procs.append(Proc(f"shard {shard}", proc))
        for p in procs:
            await p.wait_log("Connected as", 120)
        await until(lambda: any(TOOK in p.log for p in procs), 60)
        leaders = [p for p in procs if TOOK in p.log]
        assert len(leaders) == 1, [p.log[-2000:] for p in procs]
        leader = leaders[0]
        other = next(p for p in procs if p is not leader)

        # Each process identified with its own shard, and answers its own servers.
        shards = sorted(s.identify.get("shard") for s in fake._sessions.values())
        assert shards == [[0, 2], [1, 2]]
        for g in guilds:
            res = await fake.slash(
                g, alerts[g], readers[g], "status", {"country": "uk"}, timeout=30
            )
            assert res.message is not None
            assert "United Kingdom" in res.message["embeds"][0]["title"]

        def posts(word: str) -> dict[int, int]:
            return {
                g: sum(word in text_of(m) for m in fake.channel_messages(alerts[g])) for g in guilds
            }

        # A poll's alert reaches every server once (sent by the leader, whatever the shard).
        feeds.serve("rss_telecom.xml", body.replace(b"<item>", CANADA, 1))
        await until(lambda: all(n >= 1 for n in posts("Canada bans").values()), 90)
        assert set(posts("Canada bans").values()) == {1}, posts("Canada bans")

        # kill -9 the poller: the other process takes over within 30 s and polls.
        leader.proc.kill()
        await leader.proc.wait()
        await other.wait_log(TOOK, 30)
        feeds.serve("rss_telecom.xml", body.replace(b"<item>", CANADA + SWEDEN, 1))
        await until(lambda: all(n >= 1 for n in posts("Sweden bans").values()), 90)

        store = await Store.open(url)
        try:

            async def settled() -> dict[str, int]:
                return await store.alerts.counts()

            for _ in range(100):
                counts = await settled()
                if counts.get("pending", 0) == 0:
                    break
                await asyncio.sleep(0.2)
            assert set(counts) == {"sent"}, counts  # nothing pending, nothing failed
            stories = await store.db.scalar(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'story' AND state = 'sent'"
            )
            assert stories == 2 * len(guilds)
        finally:
            await store.close()
        # Nothing lost, nothing twice.
        assert set(posts("Canada bans").values()) == {1}, posts("Canada bans")
        assert set(posts("Sweden bans").values()) == {1}, posts("Sweden bans")
        # The survivor still answers the servers of its shard.
        mine = [g for g in guilds if (g >> 22) % 2 == procs.index(other)]
        for g in mine:
            res = await fake.slash(
                g, alerts[g], readers[g], "status", {"country": "se"}, timeout=30
            )
            assert res.message is not None
    finally:
        for p in procs:
            await p.stop()
        await feeds.stop()
    assert "Traceback" not in other.log, other.log[-3000:]
