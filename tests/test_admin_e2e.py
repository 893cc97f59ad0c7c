"""What a server admin and a moderator meet (issue 15), end to end: the real bot against the
fake Discord, feeds from the local feed server (loopback allowed by the test config)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from bot import render
from bot.services import CLI
from tests.feedserver import DATA
from tests.test_bot_e2e import World, embed, ephemeral, running, slash, text_of, world

__all__ = ["World", "embed", "world"]

PAGE = b"""<!DOCTYPE html><html><head><title>Telecom news</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss_telecom.xml">
</head><body><p>Welcome</p></body></html>"""


async def feeds_add(w: World, url: str, **extra: Any) -> str:
    res = await slash(w, w.mod, "feeds", {"add": {"url": url, **extra}})
    assert ephemeral(res)
    return str(res.message["content"])


# -- /feeds add checks the feed -------------------------------------------------------------


async def test_feeds_add_shows_title_and_latest_item(world: World) -> None:
    url = world.feeds.serve("rss_telecom.xml")
    async with running(world) as (_, rt):
        text = await feeds_add(world, url)
        assert f"(#1) at {url}" in text
        assert "Telecom Policy Daily" in text  # the feed's own title
        assert "Latest item:" in text
        assert world.feeds.hits["/rss_telecom.xml"] == 1  # fetched once, through the fetcher
        assert [f.url for f in await rt.store.feeds.all()] == [url]


async def test_feeds_add_refuses_what_is_not_a_feed(world: World) -> None:
    plain = world.feeds.serve("page.html", content_type="text/html")
    missing = world.feeds.url("nothing-here.xml")
    broken = world.feeds.serve("broken.xml", b"oops", status=500)
    junk = world.feeds.serve("junk.xml", b"\x00\x01{not xml", content_type="text/plain")
    world.feeds.serve("loop-a", b"", redirect_to=world.feeds.url("loop-b"))
    world.feeds.serve("loop-b", b"", redirect_to=world.feeds.url("loop-a"))
    cases = {
        plain: "is a web page, not an RSS or Atom feed, and the page names no feed",
        missing: "HTTP 404",
        broken: "HTTP 500",
        junk: "is not a usable RSS or Atom feed: the response is not a valid RSS/Atom feed",
        world.feeds.url("loop-a"): "too many redirects",
        "notaurl": "'notaurl' is not a web address",
    }
    async with running(world) as (_, rt):
        for url, reason in cases.items():
            text = await feeds_add(world, url)
            assert reason in text, (url, text)
            assert "Following" not in text
        assert await rt.store.feeds.all() == []


async def test_feeds_add_follows_the_feed_a_web_page_names(world: World) -> None:
    world.feeds.serve("rss_telecom.xml")
    page = world.feeds.serve("index.html", PAGE, content_type="text/html; charset=utf-8")
    async with running(world) as (_, rt):
        text = await feeds_add(world, page)
        feed_url = world.feeds.url("rss_telecom.xml")
        assert f"{page} is a web page, not a feed; it names the feed {feed_url}" in text
        assert "Latest item:" in text
        assert [f.url for f in await rt.store.feeds.all()] == [feed_url]
        again = await feeds_add(world, page)  # the page again: its feed is already followed
        assert "already followed as #1" in again


async def test_feeds_add_refuses_the_same_feed_spelled_differently(world: World) -> None:
    url = world.feeds.serve("news/0.xml", (DATA / "rss_telecom.xml").read_bytes())
    async with running(world) as (_, rt):
        assert "Following" in await feeds_add(world, url)
        hits = world.feeds.hits["/news/0.xml"]
        spelled = url.replace("http://127.0.0.1", "HTTP://127.0.0.1") + "?#top"
        text = await feeds_add(world, spelled)
        assert "already followed as #1" in text
        assert world.feeds.hits["/news/0.xml"] == hits  # refused before any fetch
        assert len(await rt.store.feeds.all()) == 1


async def test_feeds_pause_resume_remove_accept_what_the_list_shows(world: World) -> None:
    first = world.feeds.serve("rss_telecom.xml")
    second = world.feeds.serve("atom_news.xml", content_type="application/atom+xml")
    async with running(world) as (_, rt):
        await rt.services.add_feed(first, "First", CLI, "test")
        await rt.services.add_feed(second, "Second", CLI, "test")
        listing = text_of((await slash(world, world.mod, "feeds", {"list": {}})).message)
        assert "`#2`" in listing
        choices = await world.fake.autocomplete(
            world.guild, world.general, world.mod, "feeds", {"pause": {"url": "sec"}}, focused="url"
        )
        assert [c["value"] for c in choices] == ["#2"] and choices[0]["name"].startswith("#2 ")
        res = await slash(world, world.mod, "feeds", {"pause": {"url": "#2"}})
        assert "Paused Second" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"resume": {"url": "#2"}})
        assert "Resumed Second" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"remove": {"url": "#2"}})
        assert "Stopped following Second" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"pause": {"url": "#9"}})
        assert "No followed feed matches '#9'" in res.message["content"]
        assert [f.name for f in await rt.store.feeds.all()] == ["First"]


# -- /alerts ----------------------------------------------------------------------------------


async def alerts(w: World, sub: str, **options: Any) -> Any:
    res = await slash(w, w.mod, "alerts", {sub: options})
    assert ephemeral(res)
    return res


async def test_alerts_show_says_where_who_what(world: World) -> None:
    role = world.fake.add_role(world.guild, "watchers")
    async with running(world):
        shown = text_of((await alerts(world, "show")).message)
        assert "none: alerts are off" in shown and "Nothing: choose a channel" in shown
        await alerts(world, "channel", channel=world.alerts)
        await alerts(world, "role", role=role.id)
        await alerts(world, "countries", countries="uk, Germany")
        res = await alerts(world, "show")
        shown = text_of(res.message)
        assert f"<#{world.alerts}>" in shown and f"<@&{role.id}>" in shown
        assert "United Kingdom" in shown and "Germany" in shown
        assert "Weekly digest" in shown and "Mondays at 09:00 UTC" in shown
        assert "What would be posted" in shown
        assert "one post per new story about" in shown
        assert (
            "each status change recorded by a moderator about 🇩🇪 Germany, 🇬🇧 United Kingdom, "
            f"mentioning <@&{role.id}>"
        ) in shown
        assert "I can't ping" in shown  # the role is not mentionable, the bot lacks the right
        assert res.message["allowed_mentions"] == {"parse": []}


async def test_ping_role_can_be_removed_and_off_forgets_it(world: World) -> None:
    role = world.fake.add_role(world.guild, "watchers", mentionable=True)
    async with running(world) as (bot, rt):
        await alerts(world, "channel", channel=world.alerts)
        res = await alerts(world, "role", role=role.id)
        assert "I can't ping" not in res.message["content"]  # mentionable: fine
        res = await alerts(world, "role")
        assert res.message["content"] == "Status changes will not mention any role."
        assert (await rt.store.alerts.settings(world.guild)).mention_role_id is None
        await alerts(world, "role", role=role.id)
        await alerts(world, "off")
        await alerts(world, "channel", channel=world.alerts)
        assert (await rt.store.alerts.settings(world.guild)).mention_role_id is None
        await rt.services.update("nl", "banned", "new law", None, CLI)
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Netherlands" in text_of(m)
        )
        assert not post.get("content")  # no stale role ping


async def test_ping_check_knows_about_mention_everyone(world: World) -> None:
    from tests.fakediscord import Permission
    from tests.fakediscord.permissions import DEFAULT_BOT_PERMISSIONS

    role = world.fake.add_role(world.guild, "watchers")  # not mentionable
    async with running(world):
        await alerts(world, "channel", channel=world.alerts)
        res = await alerts(world, "role", role=role.id)
        assert "I can't ping" in res.message["content"]
        assert "Allow anyone to @mention this role" in res.message["content"]
        bot_role = world.fake.guilds[world.guild].bot_role_id
        assert bot_role is not None
        world.fake.set_role_permissions(
            world.guild, bot_role, DEFAULT_BOT_PERMISSIONS | int(Permission.MENTION_EVERYONE)
        )
        res = await alerts(world, "role", role=role.id)
        assert "I can't ping" not in res.message["content"]


async def test_alert_countries_dedup_and_commas(world: World) -> None:
    async with running(world) as (_, rt):
        res = await alerts(world, "countries", countries="uk, Germany, Deutschland")
        content = res.message["content"]
        assert content.count("Germany") == 1 and "United Kingdom" in content
        assert (await rt.store.alerts.settings(world.guild)).countries == ("DE", "GB")
        res = await alerts(world, "countries", countries="Spain Portugal")
        assert res.message["content"] == (
            "Unknown country 'Spain Portugal'. Separate countries with commas: 'Spain, Portugal'."
        )
        assert (await rt.store.alerts.settings(world.guild)).countries == ("DE", "GB")


async def test_alerts_test_posts_a_sample_story_and_change(world: World) -> None:
    async with running(world) as (bot, _):
        await alerts(world, "channel", channel=world.alerts)
        await alerts(world, "test")
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(world.alerts, lambda m: "TEST" in text_of(m))
        assert len(post["embeds"]) == 2
        story, change = post["embeds"]
        assert story["author"]["name"].startswith("🧪 TEST ALERT")
        assert change["author"]["name"].startswith("🧪 TEST ALERT")
        body = text_of(post)
        assert "Possible status change: 🇩🇪 Germany" in body  # a sample proposal
        assert "Also reported by" in body
        buttons = [c for row in post["components"] for c in row["components"]]
        assert buttons and all(b.get("disabled") for b in buttons)
        assert all("test" in b["label"] for b in buttons)
        assert not [b for b in buttons if b["custom_id"].startswith("pw:proposal")]


WIRE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire A</title>{items}</channel></rss>"""

WIRE_ITEM = """<item><title>{title}</title><link>https://wire-a.example.com/{n}</link>
<guid>wire-a-{n}</guid><pubDate>{date}</pubDate>
<description>Canada said it will ban Huawei and ZTE from its 5G networks.</description></item>"""


async def test_also_reported_by_names_each_outlet_once(world: World) -> None:
    from tests.test_bot_e2e import prime

    async with running(world) as (bot, rt):
        await prime(world, rt)
        wire = world.feeds.serve("wire.xml", WIRE.format(items=""))
        await rt.services.add_feed(wire, "Wire A", CLI, "test")
        await rt.pipeline.run_cycle(force=True)  # the Canada story, and Wire A's first poll
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Canada bans" in text_of(m)
        )
        items = "".join(
            WIRE_ITEM.format(title=t, n=n, date="Fri, 20 May 2022 08:00:00 GMT")
            for n, t in enumerate(
                [
                    "Canada bans Huawei, ZTE from 5G networks",
                    "Canada bans Huawei and ZTE from its 5G networks",
                ]
            )
        )
        world.feeds.serve("wire.xml", WIRE.format(items=items))
        report = await rt.pipeline.run_cycle(force=True)
        assert report.new_stories == 0 and len(report.articles) == 2  # both join the story
        await bot.dispatcher.drain()
        await world.fake.wait_for(
            lambda: "Also reported by" in text_of(world.fake.message(post["id"]) or {})
        )
        edited = world.fake.message(post["id"]) or {}
        field = next(f for f in edited["embeds"][0]["fields"] if f["name"] == "Also reported by")
        assert field["value"].count("Wire A") == 1, field["value"]


async def test_weekly_digest_shows_the_net_change_then_the_steps(world: World) -> None:
    async with running(world) as (_, rt):
        before = (await rt.store.countries.get("DE")).status  # type: ignore[union-attr]
        for status in ("banned", "allowed", "banned", before):
            await rt.services.update("de", status, f"step to {status}", None, CLI)
        await rt.services.update("it", "banned", "Golden power", None, CLI)
        # Routed after the changes, so that only the digest is posted.
        await rt.services.configure_alerts(world.guild, CLI, alert_channel_id=world.alerts)
        await slash(world, world.mod, "digest", {"now": {}})
        digest = await world.fake.wait_for_message(
            world.alerts, lambda m: "Weekly digest" in text_of(m)
        )
        field = next(f for f in digest["embeds"][0]["fields"] if f["name"] == "Status changes")
        lines = field["value"].splitlines()
        germany = [line for line in lines if "Germany" in line]
        assert len(germany) == 1 and "no net change" in germany[0]
        steps = lines[lines.index(germany[0]) + 1]
        assert steps.strip().startswith("4 changes:") and steps.count("→") == 4
        assert any("Italy" in line and "→ **Banned**" in line for line in lines)


FUTURE = b"""<item><title>Canada bans Huawei and ZTE from its 5G networks</title>
<link>https://telecom.example.com/ca-future</link><guid>tpd-future</guid>
<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>
<description>Ottawa ordered operators to remove the gear by 2024.</description>
</item><item>"""


async def test_an_item_dated_in_the_future_is_shown_when_it_was_seen(world: World) -> None:
    from tests.test_bot_e2e import prime

    async with running(world) as (bot, rt):
        await prime(world, rt)
        body = world.feeds.routes["/rss_telecom.xml"].body.replace(b"<item>", FUTURE, 1)
        world.feeds.serve("rss_telecom.xml", body)
        await rt.pipeline.run_cycle(force=True)
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: "Canada bans" in text_of(m)
        )
        shown = post["embeds"][0]["timestamp"]
        assert not shown.startswith("2100") and shown[:4] == str(rt.clock().year)
        news = text_of((await slash(world, world.member, "news", {"limit": 5})).message)
        assert str(int(datetime(2100, 1, 1, tzinfo=UTC).timestamp())) not in news


# -- look-ups ---------------------------------------------------------------------------------


async def test_statuses_unknown_agrees_with_the_map(world: World) -> None:
    async with running(world) as (_, rt):
        full = await rt.services.full_table()
        unknown = sorted(iso2 for iso2, s in full.items() if s == "unknown")
        assert len(unknown) > 100
        res = await slash(world, world.member, "statuses", {"status": "unknown"})
        page = text_of(res.message)
        assert "No country has that status" not in page and "Unknown" in page
        footer = res.message["embeds"][0]["footer"]["text"]
        assert footer.startswith(f"❔ {len(unknown)} ·")
        res = await slash(world, world.member, "statuses")
        assert f"❔ {len(unknown)} ·" in res.message["embeds"][0]["footer"]["text"]
        groups = await rt.services.grouped()
        pages = render.statuses_pages(groups, collapse_unknown=True)
        assert f"{len(unknown)} countries with no information yet" in str(pages[-1].to_dict())


async def test_history_orders_undo_rows_and_counts_right(world: World) -> None:
    async with running(world) as (_, rt):
        res = await slash(world, world.member, "history", {"country": "se"})
        assert res.message["embeds"][0]["footer"]["text"].endswith("· 1 change")
        await rt.services.update("se", "restricted", "test", None, CLI)
        await rt.services.revert("se", CLI)
        res = await slash(world, world.member, "history", {"country": "se"})
        e = res.message["embeds"][0]
        assert e["footer"]["text"].endswith("· 3 changes")
        first, _, baseline = e["description"].splitlines()
        assert "(undo)" in first and "(baseline)" in baseline
        seed = (await rt.store.countries.history("SE"))[-1]
        assert seed.since and seed.since in baseline
        assert seed.since not in first  # the undo shows its own date, not the restored one's
        stamp = int(first.split("<t:")[1].split(":")[0])
        assert stamp // 86400 == int(rt.clock().timestamp()) // 86400


async def test_about_shows_the_next_poll_from_the_scheduler(world: World) -> None:
    url = world.feeds.serve("rss_telecom.xml")
    async with running(world) as (bot, rt):
        res = await slash(world, world.member, "about")
        assert "when a feed is added" in text_of(res.message)
        await rt.services.add_feed(url, "Telecom", CLI, "test")
        res = await slash(world, world.member, "about")
        field = next(f for f in embed(res)["fields"] if f["name"] == "Next poll")
        stamp = int(field["value"].split("<t:")[1].split(":")[0])
        scheduled = bot.jobs.next_poll()
        assert isinstance(scheduled, datetime)
        assert int(rt.clock().timestamp()) - 1 <= stamp <= int(scheduled.timestamp()) + 1
        await rt.pipeline.run_cycle(force=True)  # polled: next due in the feed's interval
        res = await slash(world, world.member, "about")
        field = next(f for f in embed(res)["fields"] if f["name"] == "Next poll")
        stamp = int(field["value"].split("<t:")[1].split(":")[0])
        (feed,) = await rt.store.feeds.all()
        assert feed.next_poll_at is not None and stamp == int(feed.next_poll_at.timestamp())


# -- failing feeds ----------------------------------------------------------------------------


async def test_failing_feeds_back_off_and_are_disabled_on_time_with_one_notice(
    world: World,
) -> None:
    from bot.client import PolicyWatchBot
    from bot.news.pipeline import FAILURE_BACKOFF_CAP
    from bot.runtime import open_runtime
    from tests.fakediscord import run_bot
    from tests.helpers import FakeClock

    clock = FakeClock(datetime.now(UTC))
    config = dataclasses.replace(
        world.config, polling=dataclasses.replace(world.config.polling, max_failures=3)
    )
    urls = [
        world.feeds.serve("down-a", b"", status=500),
        world.feeds.serve("down-b", b"", status=503),
        world.feeds.url("down-c"),  # 404
    ]
    async with open_runtime(config, clock) as rt:
        await rt.services.configure_alerts(world.guild, CLI, alert_channel_id=world.alerts)
        await rt.services.add_feed(urls[0], "Site A", CLI, "test")
        await rt.services.add_feed(urls[1], "", CLI, "test")  # no name: the URL is its label
        await rt.services.add_feed(urls[2], "Site C", CLI, "test")
        delays = []
        for _ in range(8):  # an afternoon down: many failures, never disabled
            await rt.pipeline.run_cycle()
            feed = (await rt.store.feeds.all())[0]
            assert feed.next_poll_at is not None
            delays.append(feed.next_poll_at - clock())
            clock.advance(seconds=(feed.next_poll_at - clock()).total_seconds() + 1)
        assert delays == sorted(delays) and delays[-1] == FAILURE_BACKOFF_CAP
        assert delays[0] < delays[1] < delays[2]
        assert {f.state for f in await rt.store.feeds.all()} == {"failing"}
        assert await rt.store.alerts.due(clock()) == []
        clock.advance(hours=24)
        report = await rt.pipeline.run_cycle()
        assert len(report.disabled) == 3
        assert {f.state for f in await rt.store.feeds.all()} == {"disabled"}
        clock.advance(hours=3)
        await rt.pipeline.run_cycle()
        notices = [r for r in await rt.store.alerts.due(clock()) if r.kind == "feed_disabled"]
        assert len(notices) == 1  # one per guild for the cycle's feeds, not one per feed
        bot = PolicyWatchBot(rt, guild_ready_timeout=0.05)
        async with run_bot(bot, world.fake):
            await bot.dispatcher.drain()
            post = await world.fake.wait_for_message(
                world.alerts, lambda m: "feeds were disabled" in text_of(m)
            )
        body = text_of(post)
        assert "3 feeds were disabled" in body
        for url in urls:
            assert body.count(url) == 1, body
        assert "Site A" in body and "failing for 1 days" not in body
        assert "failures in a row; last: HTTP 500" in body


# -- /map -------------------------------------------------------------------------------------


async def test_map_has_a_readable_europe_inset(world: World) -> None:
    import io

    from PIL import Image

    from bot.status import STYLES, Status
    from bot.worldmap import OCEAN_RGB, inset_project, project

    async with running(world) as (_, rt):
        await rt.services.update("lu", "banned", "test", None, CLI)  # a small country
        res = await slash(world, world.member, "map")
        img = Image.open(io.BytesIO(world.fake.attachment_bytes(res.message["id"])))
        img = img.convert("RGB")
        table = await rt.services.full_table()

        def at(x: float, y: float) -> tuple[int, int, int]:
            value = img.getpixel((round(x), round(y)))
            assert isinstance(value, tuple)
            return (value[0], value[1], value[2])

        for iso2, lonlat in {"DE": (10.0, 51.0), "PL": (19.5, 52.0), "ES": (-3.5, 40.0)}.items():
            assert at(*inset_project(*lonlat, img.width, img.height)) == (STYLES[table[iso2]].rgb)
        # Luxembourg is a dot on the world map; the inset shows it in its colour too.
        lux = at(*inset_project(6.13, 49.75, img.width, img.height))
        banned = STYLES[Status.BANNED].rgb
        assert all(abs(a - b) <= 8 for a, b in zip(lux, banned, strict=True)), lux
        # Europe is drawn about twice as large as on the world map.
        west, east = inset_project(-10.0, 50.0), inset_project(30.0, 50.0)
        assert east[0] - west[0] > 1.8 * (project(30.0, 50.0)[0] - project(-10.0, 50.0)[0])
        # The inset covers the empty South Pacific, not South America or Oceania.
        assert at(*project(-52.0, -10.0)) == STYLES[table["BR"]].rgb
        assert at(*project(134.0, -25.0)) == STYLES[table["AU"]].rgb
        assert at(*project(-170.0, 37.0)) == OCEAN_RGB  # above the inset: still the world
