"""Issue 13.1, who may write: a second server's admins cannot change the shared data by default,
are told why and what to set; announcements name the server a change came from; a per-moderator
write limit; /feeds remove autocomplete hides feed URLs from members; /audit and `audit` read
the audit log."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest

from bot import cli
from bot.config import ModerationConfig
from bot.services import CLI
from tests.fakediscord import Permission
from tests.test_bot_e2e import EPHEMERAL, World, embed, ephemeral, running, slash, text_of
from tests.test_bot_e2e import world as world


def _second_server(world: World) -> tuple[int, int, int]:
    """Server B, installed after the home server: its admin and its alert channel."""
    guild = world.fake.add_guild("Server B")
    chan = world.fake.add_channel(guild.id, "b-alerts")
    admin = world.fake.add_member(guild.id, "b-admin", permissions=int(Permission.MANAGE_GUILD))
    return guild.id, chan.id, admin.id


UPDATE = {"country": "gb", "status": "allowed", "note": "Hostile change"}


async def test_another_server_cannot_write_by_default(world: World) -> None:
    b_guild, b_chan, b_admin = _second_server(world)
    async with running(world) as (bot, rt):
        assert bot.home_guild_id == world.guild  # the first server the bot was installed in
        res = await world.fake.slash(b_guild, b_chan, b_admin, "update", UPDATE)
        text = res.message["content"]
        assert ephemeral(res)
        assert "home server" in text and "[moderation] guild_ids" in text, text
        assert str(b_guild) in text
        assert (await rt.store.countries.get("GB")).status != "allowed"  # type: ignore[union-attr]
        url = world.feeds.serve("a.xml", "<rss version='2.0'><channel/></rss>")
        await rt.services.add_feed(url, "A's feed", CLI, "cli")
        res = await world.fake.slash(b_guild, b_chan, b_admin, "feeds", {"remove": {"url": url}})
        assert "home server" in res.message["content"]
        assert await rt.store.feeds.by_url(url) is not None
        res = await world.fake.slash(b_guild, b_chan, b_admin, "feeds", {"add": {"url": url}})
        assert "home server" in res.message["content"]
        # Server B still chooses where its own alerts go.
        res = await world.fake.slash(
            b_guild, b_chan, b_admin, "alerts", {"channel": {"channel": b_chan}}
        )
        assert "Alerts will be posted" in res.message["content"], res.message
        # /about says who may write.
        res = await slash(world, world.member, "about")
        assert "Policy Fans" in text_of(res.message) and "guild_ids" in text_of(res.message)
    async with running(world) as (bot, rt):  # recorded: the same home after a restart
        assert await rt.store.meta.get("home_guild_id") == str(world.guild)
        assert bot.home_guild_id == world.guild


async def test_announcement_names_the_origin_server(world: World) -> None:
    b_guild, b_chan, b_admin = _second_server(world)
    async with running(world):
        await world.fake.slash(b_guild, b_chan, b_admin, "alerts", {"channel": {"channel": b_chan}})
        await slash(world, world.mod, "alerts", {"channel": {"channel": world.alerts}})
        res = await slash(world, world.mod, "update", UPDATE | {"note": "Decided"})
        assert "Recorded change" in res.message["content"]
        theirs = await world.fake.wait_for_message(b_chan, lambda m: "Decided" in text_of(m))
        assert "From another server" in text_of(theirs) and "Policy Fans" in text_of(theirs)
        ours = await world.fake.wait_for_message(world.alerts, lambda m: "Decided" in text_of(m))
        assert "From another server" not in text_of(ours)


async def test_owner_may_write_anywhere(world: World) -> None:
    b_guild, b_chan, _ = _second_server(world)
    owner = world.fake.owner_id
    world.fake.add_member(b_guild, "app-owner", user_id=owner)
    async with running(world) as (_, rt):
        res = await world.fake.slash(
            b_guild, b_chan, owner, "update", UPDATE, bypass_permissions=True
        )
        assert "Recorded change" in res.message["content"], res.message
        assert (await rt.store.countries.get("GB")).status == "allowed"  # type: ignore[union-attr]


async def test_write_limit_per_moderator(world: World) -> None:
    world.config = dataclasses.replace(
        world.config, moderation=ModerationConfig(write_limit=2, write_window_minutes=60)
    )
    async with running(world):
        for n, status in enumerate(("allowed", "under_review")):
            change = UPDATE | {"status": status, "note": f"Change {n}"}
            res = await slash(world, world.mod, "update", change)
            assert "Recorded change" in res.message["content"], res.message
        res = await slash(
            world, world.mod, "update", UPDATE | {"status": "allowed", "note": "One too many"}
        )
        assert "Slow down" in res.message["content"] and res.message["flags"] & EPHEMERAL
        # Configuring the moderator's own server is not counted.
        res = await slash(world, world.mod, "alerts", {"channel": {"channel": world.alerts}})
        assert "Alerts will be posted" in res.message["content"]


async def test_feed_autocomplete_hides_urls_from_members(world: World) -> None:
    secret = world.feeds.serve("secret-intranet.xml", "<rss version='2.0'><channel/></rss>")
    async with running(world) as (_, rt):
        await rt.services.add_feed(secret, "Operator feed", CLI, "cli")
        as_member = await world.fake.autocomplete(
            world.guild,
            world.general,
            world.member,
            "feeds",
            {"remove": {"url": ""}},
            focused="url",
            bypass_permissions=True,
        )
        assert as_member == []
        as_mod = await world.fake.autocomplete(
            world.guild, world.general, world.mod, "feeds", {"remove": {"url": ""}}, focused="url"
        )
        (feed,) = await rt.store.feeds.all()
        assert [c["value"] for c in as_mod] == [f"#{feed.id}"]  # what /feeds list shows
        assert "Operator feed" in as_mod[0]["name"]


async def test_audit_command_and_cli(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with running(world):
        await slash(world, world.mod, "update", UPDATE | {"note": "Audited"})
        res = await slash(world, world.mod, "audit")
        assert ephemeral(res)
        assert "status.update" in embed(res)["description"] and "GB" in embed(res)["description"]
        res = await slash(world, world.member, "audit", bypass_permissions=True)
        assert "Only moderators" in res.message["content"]
    config = tmp_path / "config.toml"
    config.write_text(f'feeds = []\n[storage]\npath = "{world.config.db_path}"\n', "utf-8")
    assert await asyncio.to_thread(cli.main, ["--config", str(config), "audit", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["action"] == "status.update" and rows[0]["guild_id"] == world.guild
    assert await asyncio.to_thread(cli.main, ["--config", str(config), "check-config"]) == 0
    assert f"home server {world.guild}" in capsys.readouterr().out
