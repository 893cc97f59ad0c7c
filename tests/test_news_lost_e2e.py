"""Issue 12, end to end through the real bot and the fake Discord: no news lost silently.

One test per case the issue saw: (1) a later development about a country is posted as a new
story, not swallowed by an older one, and /news shows the newest development first; (2) a
digest carries the proposals it summarises, and /proposals lists them; (3) a new feed's first
poll alerts recent news no feed has brought yet; (4) an update to the same status is not a
status change: it pings nobody and the same note again is refused.
"""

from __future__ import annotations

from tests.test_bot_e2e import (  # noqa: F401  (world: the fixture)
    World,
    embed,
    ephemeral,
    prime,
    running,
    slash,
    text_of,
    world,
)

from bot.services import CLI


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
        assert report.proposals >= 10 and report.alerts_queued > world.config.alerts.digest_threshold
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
    async with running(world) as (bot, rt):
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
