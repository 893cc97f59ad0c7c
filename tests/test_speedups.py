"""The classifier's speed-ups (issue 11) change no result: each against the plain way it
replaces, over the whole labelled set (bot/data/eval) and on hand-made cases."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator

import pytest

from bot import countries
from bot.evaluate import default_files, load
from bot.news import classify as C
from bot.news import lexicon
from bot.news.stories import text as story_text


@functools.cache
def _articles() -> tuple[tuple[str, str, str | None], ...]:
    from bot.news.stories import home_country

    return tuple(
        (
            str(item.get("title") or ""),
            str(item.get("summary") or ""),
            home_country(str(item.get("outlet") or ""), item.get("url")),
        )
        for item in load(default_files())
    )


def _texts() -> Iterator[str]:
    for title, summary, _home in _articles():
        yield title
        if summary:
            yield summary


def _units() -> Iterator[str]:
    """Every title clause and summary sentence, lower-cased, as ``_analyse`` reads them."""
    for title, summary, _home in _articles():
        for text, in_title in ((title, True), (summary, False)):
            for start, end in C._split(C._unquote(text), in_title):
                yield C._lower(C._unquote(text)[start:end])


def _cues_by_words(low: str) -> list[re.Match[str]]:
    """The cues as found before: every word looked up in ``_CUE_FIRST`` / ``_CUE_PREFIXES``."""
    found: list[re.Match[str]] = []
    after = 0
    for word in C._CUE_WORD.finditer(low):
        start = word.start()
        if start < after:
            continue
        token = word.group(0)
        if token in C._CUE_FIRST or token.startswith(C._CUE_PREFIXES):
            cue = C._CUE.match(low, start)
            if cue is not None:
                found.append(cue)
                after = cue.end()
    return found


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def _results() -> list[dict[str, object]]:
    return [
        C.classify(title, summary, 0.5, home).as_json(explain=True)
        for title, summary, home in _articles()
    ]


def test_the_labelled_set_is_there() -> None:
    assert len(_articles()) > 1000


def test_cues_found_by_one_scan_are_the_cues_found_word_by_word() -> None:
    units = list(_units())
    assert len(units) > 2000
    differ = [low for low in units if _spans(C._cues(low)) != _spans(_cues_by_words(low))]
    assert not differ, differ[:3]
    assert sum(bool(C._cues(low)) for low in units) > 500  # the test sees cues


def test_the_classifier_reads_the_same_with_the_word_by_word_cues(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole labelled set classified with the one-scan gate and with the plain look-ups:
    every score, country, status and piece of evidence the same."""
    fast = _results()
    monkeypatch.setattr(C, "_cues", _cues_by_words)
    assert _results() == fast


@pytest.mark.parametrize(
    "text",
    [
        "no not nothing notable nobody no-one",
        "a ban, bans, banned; the banner and turban",
        "5g 5ghz x5g cut-out cuts cutting cutter",
        "re-ban un-ban pre-ban ban2 2ban",
        "",
        "UPPER Ban (not lower-cased: no word)",
    ],
)
def test_word_starts_finds_the_words_a_lookup_finds(text: str) -> None:
    words = frozenset({"no", "not", "ban", "5g", "cut", "x-y", "Ban", ""})
    prefixes = ("bann", "cutt", "tur", "pre", "2", "a-b")
    pattern = lexicon.word_starts(words, prefixes)
    found = []
    position = 0
    while (m := pattern.search(text, position)) is not None:
        found.append(m.start())
        position = m.start() + 1
    expected = [
        w.start()
        for w in re.finditer(r"[a-z0-9]+", text)
        if w.group() in words or w.group().startswith(prefixes)
    ]
    assert found == expected


def test_word_starts_with_no_entries_or_the_empty_prefix() -> None:
    assert lexicon.word_starts([], []).search("anything") is None
    every = lexicon.word_starts([], [""])
    assert [m.start() for m in every.finditer("ab, c-d 9")] == [0, 4, 6, 8]


_QUICK = re.compile(r"\(\?=\[(?:\\.|[^\]\\])+\]\)\(\?:(?P<inner>.*)\)", re.DOTALL)


def _unquicked(compiled: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern :func:`lexicon.quick` was given, from the one it made, or None."""
    made = _QUICK.fullmatch(compiled.pattern)
    return None if made is None else re.compile(made.group("inner"), compiled.flags)


def test_the_first_letter_look_ahead_changes_no_match() -> None:
    """Every pattern of the classifier given a look-ahead (by name or because it starts at a
    word boundary) finds what it found without it, in every labelled text."""
    texts = [C._lower(t) for t in _texts()]
    checked = 0
    for name, value in vars(C).items():
        if not isinstance(value, re.Pattern):
            continue
        plain = _unquicked(value)
        if plain is None:
            continue
        checked += 1
        for low in texts:
            fast = [(m.span(), m.lastgroup) for m in value.finditer(low)]
            slow = [(m.span(), m.lastgroup) for m in plain.finditer(low)]
            assert fast == slow, (name, low)
    assert checked >= 40


def test_starts_at_word_boundary() -> None:
    yes = (r"\bban", r"\b(?:ban|bar)\b", r"(?:\ba|\bb)c", r"(?P<x>\bban)|(?P<y>\bbar)")
    no = (r"ban\b", r"^ban", r"(?:\ba|b)", r"(?=b)\bban", r"\Bban", r"")
    assert all(lexicon.starts_at_word_boundary(re.compile(p)) for p in yes)
    assert not any(lexicon.starts_at_word_boundary(re.compile(p)) for p in no)


def test_lock_free_cached_properties_compute_once() -> None:
    calls: list[int] = []

    class Unit:
        @functools.cached_property
        def value(self) -> int:
            calls.append(1)
            return len(calls)

    lexicon.unlock_cached_properties(Unit)
    assert not isinstance(vars(Unit)["value"], functools.cached_property)
    unit, other = Unit(), Unit()
    assert (unit.value, unit.value, other.value) == (1, 1, 2)
    assert vars(unit)["value"] == 1 and len(calls) == 2
    assert not any(isinstance(v, functools.cached_property) for v in vars(C._Unit).values())


def test_lazy_truth_is_computed_once_and_only_when_asked() -> None:
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "yes"

    lazy = lexicon.Lazy(compute)
    vendor = True
    assert (vendor or lazy) and not calls  # not needed: never computed
    assert bool(lazy) and bool(lazy) and calls == [1]
    assert not lexicon.Lazy(lambda: 0)


def test_story_words_are_the_same_without_the_gates() -> None:
    extra = ["Huawei's 5th ban", "the 21st century’s 2nd try", "no digits", "1st", "it's"]
    for text in [*_texts(), *extra]:
        plain = story_text._ORDINAL.sub(
            r"\1", story_text._POSSESSIVE.sub("", story_text._fold(text))
        )
        assert story_text._plain(text) == plain, text


def test_country_text_preparation_is_the_same_without_the_gate() -> None:
    def plain(text: str) -> tuple[str, list[int], list[int]]:
        folded = countries._fold_same_length(text)
        removed: list[int] = []
        for match in countries._ABBREVIATION.finditer(folded):
            removed.extend(i for i in range(match.start(), match.end()) if folded[i] == ".")
        if not removed:
            return folded, [], []
        drop = set(removed)
        prepared = "".join(c for i, c in enumerate(folded) if i not in drop)
        return prepared, removed, [position - n for n, position in enumerate(removed)]

    extra = ["The U.S. and U.K. ban", "no dots here", "Dr. No. 5", "e.g. the E.U.", "a.b"]
    for text in [*_texts(), *extra]:
        assert countries._prepare(text) == plain(text), text


# -- the other languages' lexicon patterns --------------------------------------------------


def _plain_pattern(entries: list[str]) -> str:
    """``lexicon.pattern`` as it was: each compound tail with its own look-behind."""
    unique = sorted({e for e in entries if e.strip()}, key=lambda e: (-len(e), e))
    firsts = "".join(sorted({c for e in unique for c in lexicon._first_letters(e.lstrip("*"))}))
    ahead = f"(?=[{re.escape(firsts)}])" if firsts else ""
    words = "|".join(lexicon.entry_pattern(e) for e in unique if not e.startswith("*"))
    tails = "|".join(lexicon.entry_pattern(e) for e in unique if e.startswith("*"))
    if not tails:
        return ahead + lexicon._START + "(?:" + words + ")"
    return ahead + "(?:" + lexicon._START + "(?:" + words + ")|" + tails + ")"


@functools.cache
def _lowered() -> tuple[str, ...]:
    from bench._synth import RELEVANT_OTHER, VENDORS_OTHER

    made = [f"{t.format(v=v)}. {s}" for t, s in RELEVANT_OTHER for v in VENDORS_OTHER]
    return tuple(lexicon.lower(t) for t in [*_texts(), *made])


def _found(
    compiled: re.Pattern[str], texts: tuple[str, ...]
) -> list[list[tuple[tuple[int, int], str | None]]]:
    return [[(m.span(), m.lastgroup) for m in compiled.finditer(t)] for t in texts]


@pytest.mark.parametrize("lang", [lang for lang in lexicon.LANGUAGES if lang != "en"])
def test_lexicon_patterns_find_what_the_plain_ones_find(lang: str) -> None:
    """Every list of the language's lexicon (tails behind one look-behind) and its cue pattern
    (behind one look-around for all kinds) against the plain construction, on every labelled
    text and the bench's sentences."""
    texts = _lowered()
    data = lexicon.raw(lang)
    lists = [v for section in data.values() if isinstance(section, dict) for v in section.values()]
    lists = [[str(e) for e in v] for v in lists if isinstance(v, list) and v]
    assert any(e.startswith("*") for v in lists for e in v) or lang not in ("de", "nl")
    for entries in lists:
        fast = re.compile(lexicon.pattern(entries))
        assert _found(fast, texts) == _found(re.compile(_plain_pattern(entries)), texts)
    groups = []
    for kind in lexicon.CUE_KINDS:
        entries = lexicon._lists(data, "context" if kind == "bill" else "cues", kind)
        if entries:
            groups.append(f"(?P<{kind}>{_plain_pattern(entries)})")
    plain_cue = re.compile("|".join(groups))
    assert _found(lexicon.lexicon(lang).cue, texts) == _found(plain_cue, texts)
    assert sum(map(len, _found(plain_cue, texts))) > 10  # the test sees cues


def test_country_mentions_are_the_same_without_the_lower_cased_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The country detector scans an ASCII text lower-cased with its pattern without
    IGNORECASE: the same mentions as the case-blind scan of the text, in every labelled text."""
    import dataclasses

    detector = countries._detector()
    assert detector.lowered is not None  # the detector's pattern allows it
    texts = [
        *_texts(),
        "US$5bn for the U.S.",
        "THE UNITED STATES AND UK",
        "Federal Trade Commission",
    ]
    fast = [countries._mentions_of.__wrapped__(t) for t in texts]
    blind = dataclasses.replace(detector, lowered=None)
    monkeypatch.setattr(countries, "_detector", lambda: blind)
    assert [countries._mentions_of.__wrapped__(t) for t in texts] == fast
    assert sum(map(len, fast)) > 1000


def test_lower_case_equivalent_refuses_what_would_match_otherwise() -> None:
    ok = countries._lower_case_equivalent(re.compile(r"(?<![^\W_])us(?![^\W_])", re.I))
    assert ok is not None and not ok.flags & re.IGNORECASE
    for pattern in (r"US", r"[A-Z]x", "\u212a", "\u017f", r"(?=Q)a"):  # Kelvin sign, long s
        assert countries._lower_case_equivalent(re.compile(pattern, re.I)) is None, pattern


# -- third pass (issue 11): after the rule rounds ----------------------------------------------


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every pattern of the classifier (as written, before its look-ahead) and of the reader,
    and every list of every language's lexicon."""
    from bot.news import reader

    found: list[tuple[str, re.Pattern[str]]] = []
    for module in (C, reader):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((name, _unquicked(value) or value))
    for lang in lexicon.LANGUAGES:
        lex = lexicon.lexicon(lang)
        for section, patterns in (("relevance", lex.relevance), ("context", lex.context)):
            for kind, compiled in patterns.items():
                if isinstance(compiled, re.Pattern):
                    found.append((f"{lang}.{section}.{kind}", compiled))
        found.append((f"{lang}.cue", lex.cue))
    return found


def _both_cases() -> tuple[str, ...]:
    """Every labelled text lower-cased (and the bench's sentences) and as written."""
    return (*_lowered(), *_texts())


def test_prefixes_start_every_match() -> None:
    """What ``lexicon.prefixes`` reads from a pattern starts every match of it, in every
    labelled text, for every pattern of the classifier, the reader and the lexicons."""
    texts = _both_cases()
    gated = 0
    for name, compiled in _patterns():
        starts = lexicon.prefixes(compiled)
        if starts is None:
            continue
        gated += 1
        assert "" not in starts
        for text in texts:
            for m in compiled.finditer(text):
                assert text.startswith(tuple(starts), m.start()), (name, text, m.group(0))
    assert gated > 100


def test_prefixes_on_hand_made_patterns() -> None:
    def read(pattern: str, depth: int = 3) -> list[str] | None:
        found = lexicon.prefixes(re.compile(pattern), depth)
        return None if found is None else sorted(found)

    assert read(r"\b(?:[234]g|lte)\b") == ["2g", "3g", "4g", "lte"]
    assert read(r"(?=x)ab?c") == ["abc", "ac"]
    assert read(r"a\w+") == ["a"]  # anything after the a
    assert read(r"(?:no )?ban") == ["ban", "no "]
    assert read(r"x{0,2}y") == ["xxy", "xy", "y"]
    assert read(r"x*y", 2) == ["xx", "xy", "y"]
    assert read(r"(?:a|)b") == ["ab", "b"]
    assert read(r"(?:a|)") is None  # can match nothing
    assert read(r"a|\d") is None
    assert read(r"ban", 2) == ["ba"]
    assert lexicon.prefixes(re.compile("ban", re.IGNORECASE)) is None


def test_word_led_patterns_find_what_the_plain_ones_find() -> None:
    """``lexicon.word_led`` changes no match of any pattern it applies to; the policy angles
    are read through it."""
    texts = _both_cases()
    applied = 0
    for name, compiled in _patterns():
        fast = lexicon.word_led(compiled)
        if fast is compiled:
            continue
        applied += 1
        assert _found(fast, texts) == _found(compiled, texts), name
    assert applied > 20
    assert C._ANGLE.pattern.startswith("(?<!\\w)(?=")
    assert sum(map(len, _found(C._ANGLE, texts))) > 100  # the test sees angles
    assert lexicon.word_led(re.compile(r"ban\b")).pattern == r"ban\b"  # not at \b: as it is
    assert lexicon.word_led(re.compile(r"\b(?:ban|-x)")).pattern == r"\b(?:ban|-x)"


def test_may_match_is_false_only_where_nothing_matches() -> None:
    texts = _both_cases()
    refused = 0
    for name, compiled in _patterns():
        may = lexicon.may_match(compiled)
        for text in texts:
            if not may(text):
                refused += 1
                assert compiled.search(text) is None, (name, text)
    assert refused > 10000
    assert lexicon.may_match(re.compile(r"\d"))("no digit")  # no gate: always True


def test_the_four_words_before_are_found_where_the_plain_search_finds_them() -> None:
    """``reader._words_before`` (tried only at word starts, on the window) against
    ``_WORDS_BEFORE.search`` over the window, at every position of every labelled text."""
    from bot.news import reader

    checked = 0
    for low in (*_lowered(), "a_b c'd e’f l'état g__h  _x y z w v u t s r q p o n m"):
        # every word's start and end (where a window's words change), and every third position
        edges = {m.start() for m in re.finditer(r"\b", low)}
        for start in sorted(edges | set(range(0, len(low) + 1, 3))):
            for reach in (60, 25):
                plain = reader._WORDS_BEFORE.search(low, max(0, start - reach), start)
                expected = plain.start() if plain else start
                assert reader._words_before(low, start, reach) == expected, (low, start)
                checked += 1
    assert checked > 100_000


def test_the_classifier_reads_the_same_without_the_third_pass_gates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole labelled set classified as before the third pass: each unit's vendors and
    background phrases read before its cues (now only when a cue needs them), the angles by
    the plain pattern, and the 4G scans with no substring gate (English and the reader)."""
    from bot.news import reader

    fast = _results()
    analyse = C._analyse

    def eager(unit: C._Unit, ctx: C._Context) -> tuple[list[C._Candidate], bool]:
        assert unit.vendors is not None and unit.background is not None
        return analyse(unit, ctx)

    monkeypatch.setattr(C, "_analyse", eager)
    inner = re.fullmatch(r"\(\?<!\\w\)\(\?=.*?\)\(\?:(?P<inner>.*)\)", C._ANGLE.pattern, re.S)
    assert inner is not None
    plain_angle = re.compile(inner.group("inner"))
    assert lexicon.word_led(plain_angle).pattern == C._ANGLE.pattern
    monkeypatch.setattr(C, "_ANGLE", plain_angle)
    monkeypatch.setattr(C, "_may_be_older", lambda text: True)
    monkeypatch.setattr(reader, "_may_match", lambda compiled: lambda text: True)
    assert _results() == fast


@pytest.mark.parametrize("lang", [lang for lang in lexicon.LANGUAGES if lang != "en"])
def test_the_policy_list_behind_its_prefixes_finds_what_it_found(lang: str) -> None:
    texts = _lowered()
    fast = lexicon.lexicon(lang).relevance["policy"]
    assert fast is not None
    made = re.fullmatch(r"\(\?=.*?\)\(\?:(?P<inner>\(\?=\[.*)\)", fast.pattern, re.S)
    assert made is not None
    plain = re.compile(made.group("inner"), fast.flags)
    assert lexicon.prefix_ahead(plain).pattern == fast.pattern
    assert _found(fast, texts) == _found(plain, texts)
    assert sum(map(len, _found(plain, texts))) > 10  # the test sees policy words


def _plain_state(obj: object) -> list[object]:
    """What ``dataclass(frozen=True, slots=True)`` pickles by itself: the fields' values."""
    return [getattr(obj, f.name) for f in dataclasses.fields(obj)]  # type: ignore[arg-type]


def test_parse_results_pickle_as_the_dataclasses_did() -> None:
    """Every labelled article prepared as a worker does and sent back as it is (a
    ``ParsedBatch`` of ``ParsedItem``/``KnownItem``, their ``Entry``, ``Classification`` and
    ``CountryFinding``s): ``fast_pickle``'s state is the plain one, and the copy that comes
    back equals what was sent."""
    import pickle
    from datetime import UTC, datetime

    from bot.news.entries import Entry
    from bot.news.pickling import fast_pickle
    from bot.news.workers import KnownItem, ParsedBatch, ParsedItem, prepare

    items: list[ParsedItem | KnownItem] = []
    for n, (title, summary, _home) in enumerate(_articles()):
        when = datetime(2026, 1, 1, tzinfo=UTC) if n % 2 else None
        entry = Entry(f"id-{n}", f"https://example.ie/{n}" if n % 3 else None, title, summary,
                      "Outlet", when)  # fmt: skip
        items.append(prepare(entry, 0.5) if n % 5 else KnownItem(entry, summary))
    batch = ParsedBatch("Feed", tuple(items), None)
    sent = [batch, *items]
    for item in items:
        sent.append(item.entry)
        if isinstance(item, ParsedItem):
            sent.append(item.classification)
            sent.extend(item.classification.findings)
    kinds = {type(obj) for obj in sent}
    assert len(kinds) == 6 and all(getattr(k, "__getstate__", None) for k in kinds)
    assert sum(1 for obj in sent if type(obj).__name__ == "CountryFinding") > 100
    for obj in sent:
        state = obj.__getstate__()  # type: ignore[attr-defined]
        assert list(state) == _plain_state(obj)
    back = pickle.loads(pickle.dumps(batch))
    assert back == batch and back is not batch

    @fast_pickle
    @dataclasses.dataclass(frozen=True, slots=True)
    class Later:  # a class made later, or a field added: read from the class, not listed
        a: int
        b: str = "x"

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    with pytest.raises(TypeError):
        fast_pickle(Unslotted)  # its fields are not slots: nothing to set them with
    copy = Later.__new__(Later)
    copy.__setstate__(Later(1).__getstate__())  # type: ignore[attr-defined]
    assert copy == Later(1) and Later(1).__getstate__() == (1, "x")  # type: ignore[attr-defined]


def _clean_text_plain(value: str | None, limit: int) -> str:
    """``entries.clean_text`` as it was: every substitution run, white space by a regex."""
    import html

    from bot.news import entries

    if not value:
        return ""
    text = entries._SCRIPT.sub(" ", value)
    text = entries._TAG.sub(" ", text)
    text = html.unescape(html.unescape(text)) if "&amp;" in text else html.unescape(text)
    text = entries._TAG.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        text = (cut or text[: limit - 1]) + "…"
    return text


def test_feed_text_is_cleaned_as_by_the_plain_substitutions() -> None:
    """``clean_text`` (every feed's titles and summaries) against the plain way: the labelled
    set, the bench's feeds, and every white-space character Unicode knows."""
    import sys
    from datetime import UTC, datetime

    from bench._synth import Text, rss_feed
    from bot.news import entries

    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert re.fullmatch(r"\s+", spaces) and len(spaces) > 20
    extra = [
        f"a{spaces}b{spaces}",
        "<p>x &lt;b&gt;bold&lt;/b&gt;\u2028y</p>",
        "&amp;lt;i&amp;gt; twice",
        "<script>var x = 1;</script> after\u00a0\u00a0it",
        "no markup at all",
        "&#x2003;em space&#8203;",
        " \t\n",
        "",
    ]
    text = Text(3, 0.5, 0.3)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    raw = [rss_feed(text, i, 20, now)[0].decode() for i in range(5)]
    summaries = re.findall(r"<!\[CDATA\[(.*?)\]\]>", "".join(raw), re.S)
    assert len(summaries) == 100
    texts = [*_texts(), *summaries, *extra]
    for limit in (10, 400, 10_000):
        for value in texts:
            assert entries.clean_text(value, limit) == _clean_text_plain(value, limit), value
