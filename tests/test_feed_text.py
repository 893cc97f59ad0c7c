"""Issue 13.6: text from feeds is data, never markup. Hostile titles and links from a local
feed server are stored without control characters, rendered without live links or bare URLs,
only well-formed http(s) links are shown as links (and may become a status's source), and
full-width or other non-ASCII spellings of private hosts are refused when a feed is added."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pytest

from bot import render
from bot.config import Config, DiscordConfig
from bot.errors import UserError
from bot.news.netguard import check_url
from bot.runtime import Runtime
from bot.services import CLI, Actor, WeeklyDigest
from bot.textsafe import clean_text, safe_link
from tests.conftest import FakeClock
from tests.feedserver import FeedServer

EVIL = "https://evil.example/phish"
HOSTILE_TITLE = f"Germany bans Huawei from 5G: Official decision]({EVIL}) … [details"
HOSTILE_LINK = f"https://news.example/a)[✅ Verified by bundesregierung.de]({EVIL}"
CONTROL_TITLE = "Germany bans Huawei from 5G \x1b[31mnetworks\x1b[0m \u202eevil\u202c\x85"


def feed(items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{g}</guid>"
        "<description>The government excluded Huawei and ZTE from 5G networks.</description>"
        "<pubDate>Thu, 19 May 2022 20:00:00 GMT</pubDate></item>"
        for t, link, g in items
    )
    return f"<rss version='2.0'><channel><title>Outlet</title>{body}</channel></rss>"


def live_links(markdown: str) -> list[str]:
    """Targets of markdown links and bare URLs Discord would make clickable, to the attacker."""
    unescaped = r"(?<!\\)"
    links = re.findall(unescaped + r"\]\(([^)\s]*)", markdown)
    bare = re.findall(r"(?<![\\(])\bhttps?://[^\s)]+", markdown)
    return [link for link in links + bare if "evil" in link]


def test_safe_escapes_link_syntax_and_bare_urls() -> None:
    shown = render.safe(HOSTILE_TITLE, 500)
    assert live_links(shown) == []
    assert "evil.example" in shown  # still readable, as text
    assert live_links(render.link(render.safe("Outlet", 60), HOSTILE_LINK)) == []
    assert render.link("x", "https://ok.example/a?b=1#c") == "[x](https://ok.example/a?b=1#c)"


@pytest.mark.parametrize(
    "url",
    [
        HOSTILE_LINK,
        "javascript:alert(1)",
        "https://ok.example/a b",
        "https://ok.example/" + "a" * 2048,
        "https://ok.example/\x07",
        "https://ok.example/[x]",
        "ftp://ok.example/",
        "https://user@ok.example/",
    ],
)
def test_only_well_formed_http_links_are_links(url: str) -> None:
    assert safe_link(url) is None


def test_control_characters_and_bidi_overrides_are_stripped() -> None:
    assert clean_text(CONTROL_TITLE) == "Germany bans Huawei from 5G [31mnetworks[0m evil"


async def test_hostile_feed_renders_as_text(
    rt: Runtime, feeds: FeedServer, clock: FakeClock
) -> None:
    await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
    url = feeds.serve("hostile.xml", feed([("Seed item", "https://news.example/0", "g0")]))
    await rt.services.add_feed(url, "Hostile", CLI, "test")
    await rt.pipeline.run_cycle()
    feeds.serve(
        "hostile.xml",
        feed(
            [
                (HOSTILE_TITLE, HOSTILE_LINK, "g1"),
                (CONTROL_TITLE, "https://news.example/2", "g2"),
                ("Germany bans Huawei from 5G, says Berlin", HOSTILE_LINK + "2", "g3"),
            ]
        ),
    )
    clock.advance(minutes=11)
    report = await rt.pipeline.run_cycle()
    assert len(report.articles) == 3, report.errors
    for article in report.articles:
        assert clean_text(article.title) == article.title
        assert article.link is None or safe_link(article.link) == article.link
    assert not any(a.link and "evil" in a.link for a in report.articles)

    _, stories = await rt.services.news(None, 25)
    assert stories
    assert live_links(render.news_embed(None, stories).description or "") == []
    assert live_links(render.digest_embed(stories).description or "") == []
    weekly = WeeklyDigest(clock(), clock(), [], stories, [])
    for field in render.weekly_digest_embed(weekly).fields:
        assert live_links(field.value or "") == []
    for story in stories:
        articles = await rt.store.news.articles_of(story.id)
        embed = render.story_embed(story, articles, [], {})
        for field in embed.fields:
            assert live_links(field.value or "") == [], field.value
        assert embed.url is None or "evil" not in embed.url

    # Applying a proposal from such a story never makes the attacker's link the source.
    proposals = [p for s in stories for p in await rt.store.news.proposals_for(s.id)]
    assert proposals, "a relevant story should propose a status change"
    _, change = await rt.services.decide_proposal(proposals[0].id, True, Actor("discord:1", "m"))
    assert change is not None
    assert change.source is None or "evil" not in change.source
    view = await rt.services.country_status(change.iso2)
    for field in render.status_embed(view).fields:
        assert live_links(field.value or "") == [], field.value


@pytest.mark.parametrize(
    "url",
    [
        "http://１２７．０．０．１/feed",
        "http://127。0。0。1/feed",
        "http://ｌｏｃａｌｈｏｓｔ/feed",
        "http://①⑥⑨.②⑤④.①⑥⑨.②⑤④/latest/meta-data",
        "http://ｍｅｔａｄａｔａ.ｇｏｏｇｌｅ.ｉｎｔｅｒｎａｌ/",
    ],
)
def test_non_ascii_forms_of_private_hosts_are_refused(url: str) -> None:
    with pytest.raises(UserError):
        check_url(url)


def test_config_errors_never_echo_the_token() -> None:
    from bot.config import parse_config
    from bot.errors import ConfigError

    for text in ("[discord]\ntoken = 12345678901234567", 'discord = "MTIzNDU2.secret.token"'):
        with pytest.raises(ConfigError) as info:
            parse_config(text)
        assert "12345678901234567" not in info.value.message
        assert "secret" not in info.value.message
    assert DiscordConfig().token is None and Config().discord.token is None
