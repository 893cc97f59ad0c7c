"""Property tests: any text in, no exception out (classifier, country resolver, entries, URLs)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import countries
from bot.errors import UserError
from bot.news.classify import classify
from bot.news.entries import clean_text, normalise_link, parse_feed
from bot.news.fetch import parse_retry_after
from bot.news.netguard import address_refusal, check_url

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real headlines, markup and edge cases, mixed with arbitrary text, so the examples
# reach the interesting paths rather than only random code points.
FRAGMENTS = [
    "Huawei",
    "ZTE",
    "5G",
    "bans",
    "ban on",
    "excludes",
    "restricts",
    "allows",
    "lifts ban",
    "reviews",
    "U.S.",
    "U.K.",
    "UK",
    "US$",
    "EU",
    "the Netherlands",
    "Côte d’Ivoire",
    "Guinea-Bissau",
    "New South Wales",
    "Papua New Guinea",
    "Georgia",
    "Jordan",
    "China Mobile",
    "DoT",
    "NCSC",
    "not",
    "no longer",
    "&amp;",
    "&lt;b&gt;",
    "&#10;",
    "<b>",
    "</b>",
    "<script>x</script>",
    "<",
    ">",
    ".",
    " - ",
    ": ",
    "\n",
    "\t",
    "\u00a0",
    "\u200b",
    "🇬🇧",
    "ǅ",
    "İ",
    "ß",
    "ﬁ",
]
text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=25).map("".join),
)


# -- the classifier --------------------------------------------------------------------------


@SETTINGS
@given(title=text, summary=text, threshold=st.floats(0, 1))
def test_classify_never_raises(title: str, summary: str, threshold: float) -> None:
    result = classify(title, summary, threshold)
    assert 0.0 <= result.score <= 1.0
    assert isinstance(result.relevant, bool)
    for finding in result.findings:
        assert countries.get(finding.iso2).iso2 == finding.iso2
        assert 0.0 <= finding.confidence <= 1.0
    result.as_json(explain=True)


# -- the country resolver --------------------------------------------------------------------


@SETTINGS
@given(text)
def test_resolve_suggest_autocomplete_never_raise(query: str) -> None:
    found = countries.resolve(query)
    assert found is None or countries.get(found.iso2) == found
    assert len(countries.suggest(query)) <= 3
    assert len(countries.autocomplete(query)) <= 25
    try:
        countries.resolve_or_raise(query)
    except countries.UnknownCountry as exc:
        assert exc.message.startswith("Unknown country")


@SETTINGS
@given(text)
def test_find_mentions_spans_slice_the_original_text(source: str) -> None:
    previous_end = 0
    for mention in countries.find_mentions(source):
        assert 0 <= mention.start < mention.end <= len(source)
        assert source[mention.start : mention.end] == mention.term
        assert mention.start >= previous_end  # in order, not overlapping
        previous_end = mention.end
        assert countries.get(mention.iso2).iso2 == mention.iso2


# -- entry normalisation ---------------------------------------------------------------------

urlish = st.one_of(
    text,
    st.builds(
        lambda scheme, host, path, query: f"{scheme}://{host}/{path}?{query}",
        st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
        st.text(max_size=20),
        st.text(max_size=20),
        st.text(max_size=30),
    ),
)


@SETTINGS
@given(urlish)
def test_normalise_link_never_raises(link: str) -> None:
    result = normalise_link(link)
    assert result is None or result.startswith(("http://", "https://"))


@SETTINGS
@given(text, st.integers(min_value=1, max_value=400))
def test_clean_text_is_one_bounded_line(value: str, limit: int) -> None:
    result = clean_text(value, limit)
    assert len(result) <= limit
    assert "\n" not in result and result == result.strip()


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="<&"), max_size=60
)


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    """Feed-shaped documents with arbitrary content, sometimes cut short or re-encoded."""
    items = draw(st.lists(st.tuples(xml_text, xml_text, st.one_of(xml_text, text)), max_size=5))
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>"
        for t, link, d in items
    )
    doc = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{body}</channel>'
    encoded = doc.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")
    return encoded[: draw(st.integers(0, len(encoded)))]


@SETTINGS
@given(
    st.one_of(st.binary(max_size=2000), feed_bytes()),
    st.sampled_from(["", "application/rss+xml", "text/html", "text/xml; charset=latin-1"]),
)
def test_parse_feed_never_raises(body: bytes, content_type: str) -> None:
    parsed = parse_feed(body, "https://example.com/feed", "Example", content_type)
    assert parsed.error is None or isinstance(parsed.error, str)
    uids = [e.uid for e in parsed.entries]
    assert len(uids) == len(set(uids))
    for entry in parsed.entries:
        assert entry.title or entry.summary
        assert entry.link is None or entry.link.startswith(("http://", "https://"))


# -- URLs and headers from the network (fetch, netguard) -------------------------------------


@SETTINGS
@given(urlish, st.booleans())
def test_check_url_raises_only_user_errors(url: str, allow_private: bool) -> None:
    try:
        result = check_url(url, allow_private=allow_private)
    except UserError as exc:
        assert exc.message
    else:
        assert result.lower().startswith(("http://", "https://"))


@SETTINGS
@given(text)
def test_address_refusal_never_raises(address: str) -> None:
    assert address_refusal(address) is None or address_refusal(address)


@SETTINGS
@given(st.one_of(text, st.integers(0, 10**30).map(str)))
def test_parse_retry_after_never_raises(value: str) -> None:
    result = parse_retry_after(value, datetime(2024, 1, 1, tzinfo=UTC))
    assert result is None or result >= 0


# -- no news lost: any arrival order ---------------------------------------------------------

# Distinct developments (one country each, so none may join another), and a second outlet's
# report of the first (which joins it, same day).
NEWS = [
    ("Canada bans Huawei and ZTE from its 5G networks", "https://a.example/ca"),
    ("Canada bans Huawei, ZTE from 5G networks", "https://b.example/ca"),
    ("Sweden bans Huawei and ZTE from providing 5G equipment", "https://a.example/se"),
    ("Portugal blocks Chinese companies from national 5G networks", "https://a.example/pt"),
    ("Kenya allows Huawei to build its 5G network", "https://a.example/ke"),
    ("Germany to phase out Huawei components from its 5G core network", "https://a.example/de"),
]
POLLS = 4
Arrivals = tuple[list[int], list[list[tuple[int, int]]], list[bool]]


@st.composite
def arrivals(draw: st.DrawFn) -> Arrivals:
    """How many feeds and the poll each is added before (the first before the bot's first
    reading), per poll the (feed, item) pairs that appear then (each item in a feed at most
    once, in any feed first, several at once), and restarts after polls."""
    feeds = draw(st.integers(1, 3))
    added = [-1] + [draw(st.integers(0, POLLS - 1)) for _ in range(feeds - 1)]
    polls: list[list[tuple[int, int]]] = [[] for _ in range(POLLS)]
    for item in range(len(NEWS)):
        carriers = draw(
            st.lists(st.integers(0, feeds - 1), min_size=1, max_size=feeds, unique=True)
        )
        for feed in carriers:
            polls[draw(st.integers(0, POLLS - 1))].append((feed, item))
    restarts = draw(st.lists(st.booleans(), min_size=POLLS, max_size=POLLS))
    return added, polls, restarts


def _rss(items: list[int], day: int) -> bytes:
    from email.utils import format_datetime

    body = "".join(
        f"<item><title>{NEWS[i][0]}</title><link>{NEWS[i][1]}</link><guid>{NEWS[i][1]}</guid>"
        f"<pubDate>{format_datetime(datetime(2022, 5, 20, 8, tzinfo=UTC))}</pubDate></item>"
        for i in items
    )
    return f"<rss version='2.0'><channel><title>F{day}</title>{body}</channel></rss>".encode()


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(arrivals())
def test_every_recent_item_is_posted_or_edited_in_once(plan: Arrivals) -> None:
    """After the bot's first (silent) reading, every recent relevant item that passes the
    channel's filter ends up in exactly one post of that channel, or in an edit of it: its
    story has one post, and if it joined after that post was sent, the post is to be edited.
    Posts are marked sent between polls as the dispatcher would."""
    import asyncio
    import tempfile
    from pathlib import Path

    from bot.runtime import open_runtime
    from bot.services import CLI
    from tests.feedserver import FeedServer
    from tests.helpers import FakeClock, make_config

    added, polls, restarts = plan
    feeds = len(added)

    async def run() -> None:
        server = FeedServer()
        await server.start()
        clock = FakeClock(datetime(2022, 5, 20, 12, tzinfo=UTC))
        with tempfile.TemporaryDirectory() as tmp:
            config = make_config(Path(tmp))
            carried: list[list[int]] = [[] for _ in range(feeds)]
            urls = [server.serve(f"f{f}.xml", _rss([], 0)) for f in range(feeds)]
            seen: set[int] = set()
            rt_cm = open_runtime(config, clock)
            rt = await rt_cm.__aenter__()
            try:
                await rt.services.configure_alerts(1, CLI, alert_channel_id=10)
                await rt.services.add_feed(urls[0], "Feed 0", CLI, "test")
                first = await rt.pipeline.run_cycle(force=True)  # the very first reading
                assert first.alerts_queued == 0
                for poll, arriving in enumerate(polls):
                    clock.advance(minutes=30)
                    for f, item in arriving:
                        carried[f].insert(0, item)
                    for f, url in enumerate(urls):
                        server.serve(f"f{f}.xml", _rss(carried[f], poll))
                        if added[f] == poll:  # a new feed: its first poll is this one
                            await rt.services.add_feed(url, f"Feed {f}", CLI, "test")
                    sent_before = {
                        r["story_id"]
                        for r in await rt.store.db.fetchall(
                            "SELECT story_id FROM outbox WHERE state = 'sent'"
                        )
                    }
                    report = await rt.pipeline.run_cycle(force=True)
                    for article in report.articles:
                        item = next(i for i, n in enumerate(NEWS) if n[1] == article.link)
                        assert item not in seen  # each item is read once, by one feed
                        seen.add(item)
                        assert article.relevant and article.story_id is not None
                        posts = await rt.store.alerts.posts_of_story(article.story_id)
                        mine = [p for p in posts if p.guild_id == 1 and p.kind == "story"]
                        assert len(mine) == 1, (NEWS[item], mine)  # one post: exactly once
                        assert mine[0].channel_id == 10
                        if article.story_id in sent_before:  # joined a sent post: edited
                            assert mine[0].needs_edit
                    rows = await rt.store.alerts.due(clock())
                    await rt.store.alerts.mark_sent([r.id for r in rows], 1000 + poll, clock())
                    if restarts[poll]:
                        await rt_cm.__aexit__(None, None, None)
                        rt_cm = open_runtime(config, clock)
                        rt = await rt_cm.__aenter__()
                arrived = {item for _, item in (pair for p in polls for pair in p)}
                assert seen == arrived  # nothing dropped silently
            finally:
                await rt_cm.__aexit__(None, None, None)
                await server.stop()

    asyncio.run(run())
