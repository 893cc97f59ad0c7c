"""End to end: the real bot (discord.py's own gateway and HTTP code) against the fake Discord."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.client import PolicyWatchBot
from bot.clock import utcnow
from bot.config import AlertsConfig, Config
from bot.runtime import Runtime, open_runtime
from bot.services import CLI
from tests.conftest import make_config
from tests.fakediscord import FakeDiscord, Overwrite, Permission, run_bot
from tests.feedserver import FeedServer

EPHEMERAL = 64


@dataclasses.dataclass
class World:
    fake: FakeDiscord
    config: Config
    guild: int
    alerts: int
    general: int
    mod: int
    member: int
    feeds: FeedServer


@pytest.fixture
async def world(tmp_path: Path, feeds: FeedServer) -> AsyncIterator[World]:
    fake = FakeDiscord(token="test-token")
    await fake.start()
    guild = fake.add_guild("Policy Fans")
    alerts = fake.add_channel(guild.id, "alerts")
    general = fake.add_channel(guild.id, "general")
    mod = fake.add_member(guild.id, "mod", permissions=int(Permission.MANAGE_GUILD))
    member = fake.add_member(guild.id, "member")
    config = dataclasses.replace(
        make_config(tmp_path),
        alerts=AlertsConfig(drain_interval_seconds=3600, digest_threshold=5),
    )
    try:
        yield World(fake, config, guild.id, alerts.id, general.id, mod.id, member.id, feeds)
    finally:
        await fake.stop()


@asynccontextmanager
async def running(world: World) -> AsyncIterator[tuple[PolicyWatchBot, Runtime]]:
    async with open_runtime(world.config, utcnow) as rt:
        bot = PolicyWatchBot(rt, guild_ready_timeout=0.05)
        async with run_bot(bot, world.fake):
            yield bot, rt


def embed(record: Any) -> dict[str, Any]:
    assert record.message is not None, record
    return record.message["embeds"][0]  # type: ignore[no-any-return]


def text_of(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for e in message.get("embeds", []):
        parts += [e.get("author", {}).get("name", ""), e.get("title", ""), e.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in e.get("fields", [])]
    return "\n".join(parts)


def ephemeral(record: Any) -> bool:
    return bool((record.message or {}).get("flags", 0) & EPHEMERAL)


async def slash(
    w: World, user: int, name: str, options: dict[str, Any] | None = None, **kw: Any
) -> Any:
    return await w.fake.slash(w.guild, w.general, user, name, options or {}, **kw)


# -- start-up -------------------------------------------------------------------------------


async def test_startup_syncs_commands_once(world: World) -> None:
    async with running(world) as (bot, _):
        names = {c["name"] for c in world.fake.commands()}
        assert {
            "status",
            "statuses",
            "history",
            "news",
            "about",
            "map",
            "update",
            "revert",
        } <= names
        assert {"feeds", "alerts", "export", "digest"} <= names
        assert bot.synced is True
        update = next(c for c in world.fake.commands() if c["name"] == "update")
        assert [o["name"] for o in update["options"]] == ["country", "status", "note", "source"]
        status_choices = [c["value"] for c in update["options"][1]["choices"]]
        assert status_choices == [
            "banned",
            "restricted",
            "under_review",
            "allowed",
            "partner",
            "unknown",
        ]
    syncs = world.fake.sync_count
    async with running(world) as (bot, _):
        assert bot.synced is False
    assert world.fake.sync_count == syncs


# -- look-ups -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["uk", "Britain", "U.K.", "GB"])
async def test_status_answers_with_the_uk(world: World, query: str) -> None:
    async with running(world):
        res = await slash(world, world.member, "status", {"country": query})
        e = embed(res)
        assert "United Kingdom" in e["title"] and "Banned" in e["title"]
        assert not ephemeral(res)
        assert any(f["name"] == "Source" for f in e["fields"])


async def test_status_typo_suggests(world: World) -> None:
    async with running(world):
        res = await slash(world, world.member, "status", {"country": "Germny"})
        assert ephemeral(res)
        assert res.message["content"] == "Unknown country 'Germny'. Did you mean: Germany?"


async def test_autocomplete_best_first(world: World) -> None:
    async with running(world):
        choices = await world.fake.autocomplete(
            world.guild,
            world.general,
            world.member,
            "status",
            {"country": "ger"},
            focused="country",
        )
        assert choices[0]["value"] == "DE"
        assert len(choices) <= 25
        uk = await world.fake.autocomplete(
            world.guild, world.general, world.member, "status", {"country": "uk"}, focused="country"
        )
        assert uk[0]["value"] == "GB"


async def test_statuses_history_news_about_map(world: World) -> None:
    async with running(world):
        res = await slash(world, world.member, "statuses")
        assert "Banned" in text_of(res.message)
        res = await slash(world, world.member, "statuses", {"status": "partner"})
        assert "Partner" in text_of(res.message) and "Banned" not in text_of(res.message)
        res = await slash(world, world.member, "history", {"country": "se"})
        assert "Sweden" in embed(res)["title"]
        res = await slash(world, world.member, "news", {"limit": 5})
        assert "Latest news" in embed(res)["title"]
        res = await slash(world, world.member, "about")
        assert "Feeds" in text_of(res.message)
        res = await slash(world, world.member, "map")
        png = world.fake.attachment_bytes(res.message["id"])
        assert png.startswith(b"\x89PNG")


# -- moderation -----------------------------------------------------------------------------


async def test_update_and_revert_by_moderator(world: World) -> None:
    async with running(world) as (_, rt):
        res = await slash(
            world,
            world.mod,
            "update",
            {
                "country": "de",
                "status": "banned",
                "note": "Test decision",
                "source": "https://example.com/x",
            },
        )
        assert ephemeral(res) and "Recorded change" in res.message["content"]
        res = await slash(world, world.member, "status", {"country": "Deutschland"})
        assert "Banned" in embed(res)["title"]
        history = await rt.store.countries.history("DE")
        assert history[0].actor == f"discord:{world.mod}" and history[0].guild_id == world.guild
        res = await slash(world, world.mod, "revert", {"country": "germany"})
        assert "Undone" in res.message["content"]
        res = await slash(world, world.member, "status", {"country": "de"})
        assert "Banned" not in embed(res)["title"]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("update", {"country": "de", "status": "banned", "note": "x"}),
        ("revert", {"country": "de"}),
        ("feeds", {"add": {"url": "https://example.com/feed"}}),
        ("feeds", {"list": {}}),
        ("feeds", {"poll": {}}),
        ("alerts", {"off": {}}),
        ("alerts", {"test": {}}),
        ("digest", {"now": {}}),
    ],
)
async def test_members_are_refused(world: World, name: str, options: dict[str, Any]) -> None:
    async with running(world) as (_, rt):
        res = await slash(world, world.member, name, options, bypass_permissions=True)
        assert ephemeral(res)
        assert "Only moderators can do this" in res.message["content"]
        assert (await rt.store.countries.get("DE")).status != "banned"  # type: ignore[union-attr]


async def test_members_cannot_even_see_moderator_commands(world: World) -> None:
    from tests.fakediscord import FakeDiscordError

    async with running(world):
        with pytest.raises(FakeDiscordError):
            await slash(
                world, world.member, "update", {"country": "de", "status": "banned", "note": "x"}
            )


async def test_feed_and_alert_commands_by_moderator(world: World) -> None:
    url = world.feeds.serve("rss_telecom.xml")
    async with running(world) as (_, rt):
        res = await slash(world, world.mod, "feeds", {"add": {"url": url, "name": "Telecom"}})
        assert "Following Telecom" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"add": {"url": "ftp://x.example/feed"}})
        assert "Only http and https" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"list": {}})
        assert "Telecom" in text_of(res.message)
        res = await slash(world, world.mod, "feeds", {"pause": {"url": url}})
        assert "Paused" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"resume": {"url": url}})
        assert "Resumed" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"poll": {}})
        assert "Polled" in text_of(res.message)
        res = await slash(world, world.mod, "alerts", {"channel": {"channel": world.alerts}})
        assert "Alerts will be posted" in res.message["content"]
        role = world.fake.add_role(world.guild, "policy-watchers")
        res = await slash(world, world.mod, "alerts", {"role": {"role": role.id}})
        assert "mention" in res.message["content"]
        res = await slash(
            world, world.mod, "alerts", {"countries": {"countries": "uk, Deutschland"}}
        )
        assert "United Kingdom" in res.message["content"] and "Germany" in res.message["content"]
        settings = await rt.store.alerts.settings(world.guild)
        assert settings.countries == ("DE", "GB") and settings.mention_role_id == role.id
        res = await slash(world, world.mod, "alerts", {"test": {}})
        await world.fake.wait_for_message(world.alerts, lambda m: "Test alert" in text_of(m))
        res = await slash(world, world.mod, "feeds", {"remove": {"url": url}})
        assert "Stopped following" in res.message["content"]
        res = await slash(world, world.mod, "alerts", {"off": {}})
        assert (await rt.store.alerts.settings(world.guild)).alert_channel_id is None
        audit = await rt.store.audit.recent()
        assert {"feed.add", "feed.remove", "feed.pause", "alerts.set"} <= {a.action for a in audit}
        assert all(a.actor == f"discord:{world.mod}" for a in audit)


async def test_alerts_channel_refused_when_bot_cannot_post(world: World) -> None:
    closed = world.fake.add_channel(
        world.guild,
        "closed",
        overwrites=[Overwrite(id=world.guild, type=0, allow=0, deny=int(Permission.SEND_MESSAGES))],
    )
    async with running(world):
        res = await slash(world, world.mod, "alerts", {"channel": {"channel": closed.id}})
        assert ephemeral(res) and "can't post in" in res.message["content"]


# -- alerts ---------------------------------------------------------------------------------


CANADA = b"""<item><title>Canada bans Huawei and ZTE from its 5G networks</title>
<link>https://telecom.example.com/ca</link><guid>tpd-2000</guid>
<pubDate>Thu, 19 May 2022 20:00:00 GMT</pubDate>
<description>Ottawa ordered operators to remove the gear by 2024. @everyone look</description>
</item><item>"""


async def prime(w: World, rt: Runtime) -> str:
    """Route alerts, follow a feed, and poll it once (the first poll alerts nothing)."""
    url = w.feeds.serve("rss_telecom.xml")
    await rt.services.configure_alerts(w.guild, CLI, alert_channel_id=w.alerts)
    # Canada's baseline is already "banned"; pretend it was not, so the story is a change.
    await rt.services.update("ca", "allowed", "test starting point", None, CLI)
    await rt.services.add_feed(url, "Telecom Policy Daily", CLI, "test")
    await rt.pipeline.run_cycle(force=True)
    body = w.feeds.routes["/rss_telecom.xml"].body.replace(b"<item>", CANADA, 1)
    w.feeds.serve("rss_telecom.xml", body)
    return url


async def test_alert_with_apply_by_member_then_moderator(world: World) -> None:
    async with running(world) as (bot, rt):
        await prime(world, rt)
        report = await rt.pipeline.run_cycle(force=True)
        assert report.alerts_queued == 1 and report.proposals == 1
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Canada bans" in text_of(m)
        )
        body = text_of(post)
        assert "Canada bans Huawei" in body
        assert "Possible status change: 🇨🇦 Canada" in body
        assert "@everyone" not in (post.get("content") or "")
        assert post["allowed_mentions"] == {"parse": []} or not post.get("mention_everyone")
        buttons = [c for row in post["components"] for c in row["components"]]
        apply_id = next(
            b["custom_id"] for b in buttons if b["custom_id"].startswith("pw:proposal:apply")
        )
        res = await world.fake.click(world.guild, world.alerts, world.member, post["id"], apply_id)
        assert ephemeral(res) and "Only moderators" in res.message["content"]
        assert (await rt.store.countries.get("CA")).status != "banned"  # type: ignore[union-attr]
        res = await world.fake.click(world.guild, world.alerts, world.mod, post["id"], apply_id)
        edited = world.fake.message(post["id"])
        assert edited is not None and "applied by mod" in text_of(edited).lower()
        status = await slash(world, world.member, "status", {"country": "canada"})
        assert "Banned" in embed(status)["title"]
        change = (await rt.store.countries.history("CA"))[0]
        assert change.kind == "proposal" and change.source == "https://telecom.example.com/ca"
        await bot.dispatcher.drain()
        announced = await world.fake.wait_for_message(
            world.alerts, lambda m: "Status change applied" in text_of(m)
        )
        assert "Canada" in text_of(announced)


async def test_restart_between_poll_and_post_posts_exactly_once(world: World) -> None:
    async with open_runtime(world.config, utcnow) as rt:
        await prime(world, rt)
        report = await rt.pipeline.run_cycle(force=True)
        assert report.alerts_queued == 1
    async with running(world) as (bot, _):
        await bot.dispatcher.drain()
        await world.fake.wait_for_message(world.alerts, lambda m: "Canada" in text_of(m))
    async with running(world) as (bot, _):
        await bot.dispatcher.drain()
    posts = [m for m in world.fake.channel_messages(world.alerts) if "Canada bans" in text_of(m)]
    assert len(posts) == 1


async def test_discord_500_then_200_posts_once(world: World) -> None:
    async with running(world) as (bot, rt):
        await prime(world, rt)
        await rt.pipeline.run_cycle(force=True)
        world.fake.fail_next("POST", r"/channels/\d+/messages", status=500, times=1)
        await bot.dispatcher.drain()
        for _ in range(3):
            await bot.dispatcher.drain()
        posts = [
            m for m in world.fake.channel_messages(world.alerts) if "Canada bans" in text_of(m)
        ]
        assert len(posts) == 1
        counts = await rt.store.alerts.counts()
        assert counts.get("sent", 0) >= 1 and set(counts) == {"sent"}


async def test_discord_403_fails_the_post_and_tells_admins_once(world: World) -> None:
    async with running(world) as (bot, rt):
        await prime(world, rt)
        await rt.pipeline.run_cycle(force=True)
        world.fake.set_overwrites(
            world.alerts,
            [Overwrite(id=world.guild, type=0, allow=0, deny=int(Permission.SEND_MESSAGES))],
        )
        await bot.dispatcher.drain()
        before = len(world.fake.requests)
        await bot.dispatcher.drain()
        posts_after = [r for r in world.fake.requests[before:] if r.method == "POST"]
        assert posts_after == []
        story_rows = await rt.store.alerts.posts_of_story(
            next(iter(await rt.store.news.latest(None, 1))).id
        )
        assert story_rows and story_rows[0].state == "failed"
        assert "not allowed to post" in (story_rows[0].last_error or "")
        assert await rt.store.meta.get(f"notified:{world.guild}:{world.alerts}") == "1"


ALSO = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Second Outlet</title><id>urn:test:second</id>
<updated>2022-05-20T09:00:00Z</updated>
<entry><title>Canada bans Huawei, ZTE from 5G networks</title><id>urn:test:second:1</id>
<link href="https://second.example.org/canada-huawei"/><updated>2022-05-20T08:00:00Z</updated>
<summary>Canada said it will ban Huawei and ZTE from its 5G networks.</summary></entry>
</feed>"""


async def test_second_outlet_is_edited_into_the_post(world: World) -> None:
    async with running(world) as (bot, rt):
        await prime(world, rt)
        second = world.feeds.serve("second.xml", b"<feed xmlns='http://www.w3.org/2005/Atom'/>")
        await rt.services.add_feed(second, "Second Outlet", CLI, "test")
        await rt.pipeline.run_cycle(force=True)  # first poll of both: only the new Canada item
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Canada bans" in text_of(m)
        )
        world.feeds.serve("second.xml", ALSO)
        report = await rt.pipeline.run_cycle(force=True)
        assert report.new_stories == 0 and len(report.articles) == 1
        assert report.grown_stories == 1 and "1 earlier stories joined" in report.summary()
        await bot.dispatcher.drain()
        await world.fake.wait_for(
            lambda: "Also reported by" in text_of(world.fake.message(post["id"]) or {})
        )
        assert "Second Outlet" in text_of(world.fake.message(post["id"]) or {})
        posts = [
            m for m in world.fake.channel_messages(world.alerts) if "Canada bans" in text_of(m)
        ]
        assert len(posts) == 1


async def test_many_stories_at_once_become_one_digest(world: World) -> None:
    items = "".join(
        f"<item><title>{c} bans Huawei from 5G networks</title><link>https://x.example.com/{i}</link>"
        f"<guid>d-{i}</guid><description>The government of {c} decided.</description></item>"
        for i, c in enumerate(["Peru", "Chile", "Kenya", "Ghana", "Nepal", "Fiji", "Oman", "Laos"])
    )
    async with running(world) as (bot, rt):
        await prime(world, rt)
        body = f"<rss version='2.0'><channel><title>Burst</title>{items}</channel></rss>"
        world.feeds.serve("rss_telecom.xml", body.encode())
        report = await rt.pipeline.run_cycle(force=True)
        assert report.alerts_queued > world.config.alerts.digest_threshold
        await bot.dispatcher.drain()
        digest = await world.fake.wait_for_message(
            world.alerts, lambda m: "new stories" in text_of(m)
        )
        assert "Peru" in text_of(digest) and "Laos" in text_of(digest)
        singles = [
            m for m in world.fake.channel_messages(world.alerts) if "Kenya bans" in text_of(m)
        ]
        assert singles == [digest]


async def test_weekly_digest_and_export(world: World) -> None:
    async with running(world) as (_, rt):
        await rt.services.configure_alerts(world.guild, CLI, alert_channel_id=world.alerts)
        await rt.services.update("it", "banned", "Golden power conditions", None, CLI)
        res = await slash(world, world.mod, "digest", {"now": {}})
        assert "on its way" in res.message["content"]
        digest = await world.fake.wait_for_message(
            world.alerts, lambda m: "Weekly digest" in text_of(m)
        )
        assert "Italy" in text_of(digest)
        res = await slash(world, world.mod, "alerts", {"digest": {"state": "off"}})
        assert "off" in res.message["content"]
        assert (await rt.store.alerts.settings(world.guild)).digest_enabled is False
        res = await slash(world, world.member, "export", {"format": "csv"})
        csv_text = world.fake.attachment_bytes(res.message["id"]).decode()
        header = csv_text.splitlines()[0]
        assert header.startswith("iso2,country,current_status,change_id")
        assert any(line.startswith("IT,Italy,banned") for line in csv_text.splitlines())


async def test_429_on_post_is_honoured_and_posted_once(world: World) -> None:
    async with running(world) as (bot, rt):
        await prime(world, rt)
        await rt.pipeline.run_cycle(force=True)
        world.fake.fail_next(
            "POST", r"/channels/\d+/messages", status=429, times=1, retry_after=0.2
        )
        await bot.dispatcher.drain()
        await bot.dispatcher.drain()
        posts = [
            m for m in world.fake.channel_messages(world.alerts) if "Canada bans" in text_of(m)
        ]
        assert len(posts) == 1
        assert set(await rt.store.alerts.counts()) == {"sent"}


async def test_gateway_disconnect_resumes_and_keeps_answering(world: World) -> None:
    async with running(world) as (bot, _):
        await world.fake.disconnect_gateway(code=4000, resumable=True)
        await world.fake.wait_for(lambda: world.fake.resume_count >= 1, timeout=10)
        res = await slash(world, world.member, "status", {"country": "uk"})
        assert "United Kingdom" in embed(res)["title"]
        assert bot.jobs.running


async def test_disabled_feed_is_reported_once_in_the_alert_channel(world: World) -> None:
    async with running(world) as (bot, rt):
        await rt.services.configure_alerts(world.guild, CLI, alert_channel_id=world.alerts)
        url = world.feeds.serve("gone", b"", status=410)
        await rt.services.add_feed(url, "Gone Feed", CLI, "test")
        await rt.pipeline.run_cycle(force=True)
        await rt.pipeline.run_cycle(force=True)
        await bot.dispatcher.drain()
        await world.fake.wait_for_message(world.alerts, lambda m: "Gone Feed" in text_of(m))
        await bot.dispatcher.drain()
        notices = [
            m for m in world.fake.channel_messages(world.alerts) if "Gone Feed" in text_of(m)
        ]
        assert len(notices) == 1


async def test_statuses_pages_turn_for_the_asker_only(world: World) -> None:
    async with running(world):
        res = await slash(world, world.member, "statuses")
        page1 = text_of(res.message)
        buttons = [c for row in res.message["components"] for c in row["components"]]
        nxt = next(b["custom_id"] for b in buttons if b.get("label") == "▶")
        other = await world.fake.click(
            world.guild, world.general, world.mod, res.message["id"], nxt
        )
        assert ephemeral(other) and "someone else's" in other.message["content"]
        await world.fake.click(world.guild, world.general, world.member, res.message["id"], nxt)
        page2 = text_of(world.fake.message(res.message["id"]) or {})
        assert page2 != page1 and "Allowed" in page2


async def test_status_change_pings_only_the_configured_role(world: World) -> None:
    role = world.fake.add_role(world.guild, "watchers")
    async with running(world) as (bot, _):
        await slash(world, world.mod, "alerts", {"channel": {"channel": world.alerts}})
        await slash(world, world.mod, "alerts", {"role": {"role": role.id}})
        await slash(
            world,
            world.mod,
            "update",
            {"country": "nl", "status": "banned", "note": "@everyone new law"},
        )
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Netherlands" in text_of(m)
        )
        assert post["content"] == f"<@&{role.id}>"
        assert post["allowed_mentions"]["roles"] == [str(role.id)] or post["allowed_mentions"][
            "roles"
        ] == [role.id]
        assert "everyone" not in post["allowed_mentions"].get("parse", [])
        assert "@everyone" not in text_of(post).replace("@\u200beveryone", "")


async def test_buttons_work_after_a_restart_and_dismiss(world: World) -> None:
    async with running(world) as (bot, rt):
        await prime(world, rt)
        await rt.pipeline.run_cycle(force=True)
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Canada bans" in text_of(m)
        )
    buttons = [c for row in post["components"] for c in row["components"]]
    dismiss = next(b["custom_id"] for b in buttons if "dismiss" in b["custom_id"])
    async with running(world) as (_, rt):
        await world.fake.click(world.guild, world.alerts, world.mod, post["id"], dismiss)
        edited = world.fake.message(post["id"])
        assert edited is not None and "dismissed by mod" in text_of(edited).lower()
        assert not [c for row in edited.get("components", []) for c in row["components"]]
        assert (await rt.store.countries.get("CA")).status == "allowed"  # type: ignore[union-attr]


async def test_status_map_and_about_say_how_old_the_data_is(world: World) -> None:
    """Members see the age: /status and /map say "as of" the later of the last check and the
    last change, and /about says when the baseline was last checked."""
    from bot import render

    async with running(world) as (bot, _):
        checked = bot.services.baseline.checked
        res = await slash(world, world.member, "status", {"country": "dk"})
        view = await bot.services.country_status("dk")
        assert view.as_of is not None and view.as_of >= checked
        assert f"As of {render.day(view.as_of)}" in embed(res)["footer"]["text"]
        res = await slash(world, world.member, "map")
        as_of = await bot.services.as_of()
        assert as_of is not None and as_of >= checked
        assert f"Statuses as of {render.day(as_of)}." in text_of(res.message)
        res = await slash(world, world.member, "about")
        entries = len(bot.services.baseline.entries)
        assert f"{entries} sourced entries · last checked {render.day(checked)}" in text_of(
            res.message
        )


# -- issue 12: no news lost silently --------------------------------------------------------
# Issue 12, end to end through the real bot and the fake Discord: no news lost silently.
#
# One test per case the issue saw: (1) a later development about a country is posted as a new
# story, not swallowed by an older one, and /news shows the newest development first; (2) a
# digest carries the proposals it summarises, and /proposals lists them; (3) a new feed's first
# poll alerts recent news no feed has brought yet; (4) an update to the same status is not a
# status change: it pings nobody and the same note again is refused.


def buttons(message: dict[str, object]) -> list[dict[str, object]]:
    rows = message.get("components") or []
    assert isinstance(rows, list)
    return [c for row in rows for c in row["components"]]


LATER = b"""<item><title>Canada orders telecoms to remove Huawei and ZTE 5G gear by 2024</title>
<link>https://telecom.example.com/ca-deadline</link><guid>tpd-2001</guid>
<pubDate>Sat, 28 May 2022 09:00:00 GMT</pubDate>
<description>Operators have until June 2024 to take out the 5G equipment.</description>
</item><item>"""


async def test_a_later_development_is_posted_not_swallowed(world: World) -> None:
    """Nine days after "Canada bans Huawei and ZTE ...", a headline about the same country,
    status and words: a new development, posted; /news shows it first."""
    async with running(world) as (bot, rt):
        await prime(world, rt)
        await rt.pipeline.run_cycle(force=True)
        await bot.dispatcher.drain()
        await world.fake.wait_for_message(world.alerts, lambda m: "Canada bans" in text_of(m))
        body = world.feeds.routes["/rss_telecom.xml"].body.replace(b"<item>", LATER, 1)
        world.feeds.serve("rss_telecom.xml", body)
        report = await rt.pipeline.run_cycle(force=True)
        assert report.new_stories == 1 and report.alerts_queued == 1
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Canada orders telecoms" in text_of(m)
        )
        assert "Canada bans" not in text_of(post)
        news = await slash(world, world.member, "news", {"country": "canada"})
        lines = embed(news)["description"].splitlines()
        assert "Canada orders telecoms" in lines[0] and "Canada bans" in lines[1]


BURST = [
    "Peru",
    "Chile",
    "Kenya",
    "Ghana",
    "Nepal",
    "Fiji",
    "Oman",
    "Laos",
    "Bolivia",
    "Uruguay",
    "Mongolia",
    "Zambia",
]


async def test_a_digest_carries_its_proposals_and_proposals_lists_them(world: World) -> None:
    items = "".join(
        f"<item><title>{c} bans Huawei from 5G networks</title>"
        f"<link>https://x.example.com/{i}</link><guid>d-{i}</guid>"
        f"<description>The government of {c} decided.</description></item>"
        for i, c in enumerate(BURST)
    )
    async with running(world) as (bot, rt):
        await prime(world, rt)
        body = f"<rss version='2.0'><channel><title>Burst</title>{items}</channel></rss>"
        world.feeds.serve("rss_telecom.xml", body.encode())
        report = await rt.pipeline.run_cycle(force=True)
        assert report.proposals >= 10
        assert report.alerts_queued > world.config.alerts.digest_threshold
        await bot.dispatcher.drain()
        digest = await world.fake.wait_for_message(
            world.alerts, lambda m: "new stories" in text_of(m)
        )
        pending = await rt.services.pending_proposals()
        assert len(pending) == report.proposals
        ids = {str(b["custom_id"]) for b in buttons(digest)}
        for item in pending:  # every proposal the digest summarises is on it
            assert f"pw:proposal:apply:{item.proposal.id}" in ids
        assert len(buttons(digest)) <= 25
        listed = await slash(world, world.mod, "proposals")
        assert ephemeral(listed)
        assert f"{len(pending)} proposed status changes waiting" in text_of(listed.message)
        assert "Kenya" in text_of(listed.message)
        kenya = next(p.proposal for p in pending if p.proposal.iso2 == "KE")
        res = await world.fake.click(
            world.guild, world.alerts, world.mod, digest["id"], f"pw:proposal:apply:{kenya.id}"
        )
        assert (await rt.store.countries.get("KE")).status == "banned"  # type: ignore[union-attr]
        redrawn = world.fake.message(digest["id"]) or {}
        assert "new stories" in text_of(redrawn) and "Peru" in text_of(redrawn)
        assert f"pw:proposal:apply:{kenya.id}" not in {b["custom_id"] for b in buttons(redrawn)}
        assert res is not None
        after = await slash(world, world.mod, "proposals")
        assert f"{len(pending) - 1} proposed status changes waiting" in text_of(after.message)
        refused = await slash(world, world.member, "proposals", bypass_permissions=True)
        assert "Only moderators" in refused.message["content"]


ITALY = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Second</title>
<item><title>Italy bans Huawei from 5G core networks</title>
<link>https://italy.example.com/5g</link><guid>it-1</guid>
<pubDate>Thu, 02 Jun 2022 08:00:00 GMT</pubDate>
<description>Rome used its golden powers to keep Huawei out of the core.</description></item>
</channel></rss>"""


async def test_a_new_feeds_first_poll_alerts_recent_news(world: World) -> None:
    """The bot has read feeds before; a feed added now brings an Italy story no feed carried
    yet (the old feed carries the same link later): it is posted, once."""
    async with running(world) as (bot, rt):
        await prime(world, rt)
        await rt.pipeline.run_cycle(force=True)
        second = world.feeds.serve("second.xml", ITALY)
        await rt.services.add_feed(second, "Second", CLI, "test")
        report = await rt.pipeline.run_cycle(force=True)
        assert report.alerts_queued == 1
        await bot.dispatcher.drain()
        await world.fake.wait_for_message(world.alerts, lambda m: "Italy bans" in text_of(m))
        old = world.feeds.routes["/rss_telecom.xml"].body.replace(
            b"<item>", ITALY.split(b"<item>")[1].split(b"</channel>")[0] + b"<item>", 1
        )
        world.feeds.serve("rss_telecom.xml", old)
        await rt.pipeline.run_cycle(force=True)
        await bot.dispatcher.drain()
        posts = [m for m in world.fake.channel_messages(world.alerts) if "Italy" in text_of(m)]
        assert len(posts) == 1


async def test_the_very_first_start_posts_nothing_old(world: World) -> None:
    async with running(world) as (_, rt):
        await rt.services.configure_alerts(world.guild, CLI, alert_channel_id=world.alerts)
        await rt.services.add_feed(world.feeds.serve("second.xml", ITALY), "Second", CLI, "t")
        report = await rt.pipeline.run_cycle(force=True)
        assert len(report.articles) == 1 and report.alerts_queued == 0


async def test_an_update_to_the_same_status_is_no_change(world: World) -> None:
    role = world.fake.add_role(world.guild, "watchers")
    async with running(world) as (bot, rt):
        await slash(world, world.mod, "alerts", {"channel": {"channel": world.alerts}})
        await slash(world, world.mod, "alerts", {"role": {"role": role.id}})
        history = await rt.store.countries.history("DE")
        options = {"country": "de", "status": "restricted", "note": "Core ban from 2026"}
        res = await slash(world, world.mod, "update", options)
        assert ephemeral(res)
        assert "Germany is already Restricted" in res.message["content"]
        assert "not a status change" in res.message["content"]
        assert await rt.store.countries.history("DE") == history
        again = await slash(world, world.mod, "update", options)
        assert ephemeral(again) and "nothing to change" in again.message["content"]
        await bot.dispatcher.drain()
        posts = world.fake.channel_messages(world.alerts)
        assert not [m for m in posts if "Germany" in text_of(m)]
        assert not [m for m in posts if f"<@&{role.id}>" in (m.get("content") or "")]
        status = await slash(world, world.member, "status", {"country": "de"})
        assert "Core ban from 2026" in text_of(status.message)
        res = await slash(world, world.mod, "digest", {"now": {}})
        digest = await world.fake.wait_for_message(
            world.alerts, lambda m: "Weekly digest" in text_of(m)
        )
        assert "Germany" not in text_of(digest)
        audit = await rt.store.audit.recent()
        assert any(a.action == "status.edit" and a.target == "DE" for a in audit)


MANY = [*BURST, "Angola", "Belize", "Gabon", "Haiti"]


async def test_a_digest_of_many_proposals_carries_one_menu(world: World) -> None:
    """More proposals than 12 Apply/Dismiss pairs fit in Discord's 5 rows: one select menu;
    picking one answers the moderator alone with its buttons."""
    items = "".join(
        f"<item><title>{c} bans Huawei from 5G networks</title>"
        f"<link>https://x.example.com/{i}</link><guid>m-{i}</guid>"
        f"<description>The government of {c} decided.</description></item>"
        for i, c in enumerate(MANY)
    )
    async with running(world) as (bot, rt):
        await prime(world, rt)
        body = f"<rss version='2.0'><channel><title>Burst</title>{items}</channel></rss>"
        world.feeds.serve("rss_telecom.xml", body.encode())
        report = await rt.pipeline.run_cycle(force=True)
        assert report.proposals > 12
        await bot.dispatcher.drain()
        digest = await world.fake.wait_for_message(
            world.alerts, lambda m: "new stories" in text_of(m)
        )
        [menu] = buttons(digest)
        assert menu["custom_id"] == "pw:proposals:pick"
        options = menu["options"]
        assert isinstance(options, list) and len(options) == min(report.proposals, 25)
        haiti = next(o for o in options if o["label"].startswith("Haiti"))
        refused = await world.fake.select(
            world.guild,
            world.alerts,
            world.member,
            digest["id"],
            menu["custom_id"],
            [haiti["value"]],
        )
        assert ephemeral(refused) and "Only moderators" in refused.message["content"]
        picked = await world.fake.select(
            world.guild,
            world.alerts,
            world.mod,
            digest["id"],
            menu["custom_id"],
            [haiti["value"]],
        )
        assert ephemeral(picked) and "Haiti" in picked.message["content"]
        apply_id = f"pw:proposal:apply:{haiti['value']}"
        assert apply_id in {b["custom_id"] for b in buttons(picked.message)}
        await world.fake.click(world.guild, world.alerts, world.mod, picked.message["id"], apply_id)
        assert (await rt.store.countries.get("HT")).status == "banned"  # type: ignore[union-attr]
        await bot.dispatcher.drain()
        redrawn = world.fake.message(digest["id"]) or {}
        [menu] = buttons(redrawn)
        assert haiti["value"] not in {o["value"] for o in menu["options"]}
        assert "new stories" in text_of(redrawn)
