"""What a server admin and a moderator meet (issue 15), end to end: the real bot against the
fake Discord, feeds from the local feed server (loopback allowed by the test config)."""

from __future__ import annotations

from typing import Any

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
    world.feeds.serve("loop-a", b"", redirect_to=world.feeds.url("loop-b"))
    world.feeds.serve("loop-b", b"", redirect_to=world.feeds.url("loop-a"))
    cases = {
        plain: "is a web page, not an RSS or Atom feed, and the page names no feed",
        missing: "HTTP 404",
        broken: "HTTP 500",
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
        res = await slash(world, world.mod, "feeds", {"pause": {"url": "#2"}})
        assert "Paused Second" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"resume": {"url": "#2"}})
        assert "Resumed Second" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"remove": {"url": "#2"}})
        assert "Stopped following Second" in res.message["content"]
        res = await slash(world, world.mod, "feeds", {"pause": {"url": "#9"}})
        assert "No followed feed matches '#9'" in res.message["content"]
        assert [f.name for f in await rt.store.feeds.all()] == ["First"]
