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
