"""The fake Discord's shards: IDENTIFY with ``shard: [id, count]``; each guild's events
(GUILD_CREATE, INTERACTION_CREATE) go to shard ``(guild_id >> 22) % count`` only."""

from __future__ import annotations

import contextlib

import discord
from discord import app_commands

from tests.fakediscord import FakeDiscord, run_bot

TOKEN = "shard-test"


class ShardClient(discord.AutoShardedClient):
    def __init__(self, shard: int) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(intents=intents, shard_count=2, shard_ids=[shard])
        self.shard = shard
        self.tree = app_commands.CommandTree(self)
        self.seen: list[int] = []

        @self.tree.command(name="ping", description="Which shard answers")
        async def ping(interaction: discord.Interaction) -> None:
            self.seen.append(interaction.guild_id or 0)
            await interaction.response.send_message(f"pong from shard {self.shard}")

    async def setup_hook(self) -> None:
        if self.shard == 0:
            await self.tree.sync()


async def test_each_shard_gets_only_its_own_guilds_and_interactions() -> None:
    fake = FakeDiscord(token=TOKEN)
    await fake.start()
    try:
        guilds: list[tuple[int, int, int]] = []
        while len(guilds) < 4 or len({(g >> 22) % 2 for g, _, _ in guilds}) < 2:
            guild = fake.add_guild(f"Server {len(guilds)}")
            guilds.append(
                (guild.id, fake.add_channel(guild.id, "c").id, fake.add_member(guild.id, "m").id)
            )
        zero, one = ShardClient(0), ShardClient(1)
        async with contextlib.AsyncExitStack() as stack:
            await stack.enter_async_context(run_bot(zero, fake))
            await stack.enter_async_context(run_bot(one, fake))
            for client in (zero, one):
                expected = {g for g, _, _ in guilds if (g >> 22) % 2 == client.shard}
                assert {g.id for g in client.guilds} == expected
            identified = sorted(s.identify.get("shard") for s in fake._sessions.values())
            assert identified == [[0, 2], [1, 2]]
            for g, ch, member in guilds:
                res = await fake.slash(g, ch, member, "ping")
                assert res.message is not None
                assert res.message["content"] == f"pong from shard {(g >> 22) % 2}"
            assert sorted(zero.seen + one.seen) == sorted(g for g, _, _ in guilds)
            assert all((g >> 22) % 2 == 0 for g in zero.seen)
    finally:
        await fake.stop()
    assert fake.errors == []
