"""The languages the bot reads, their word lists, and which language an article is in.

The words live in data files, one per language (``bot/data/lexicon/<lang>.toml``, described in
the README.md beside them), loaded with :mod:`importlib.resources`; this module turns each list
into one regular expression. A word ending in ``*`` takes any ending; an entry starting with
``*`` is the tail of a compound (``*verbot*``: "Einsatzverbot", "Nutzungsverbote"); a phrase's
words may be joined by spaces or hyphens; ``...`` in a phrase allows up to five words between,
``... ...`` up to twelve in one clause, the phrase's last word ending it (a separable verb's
particle: "schließt ... ... aus").

Language detection is cheap: the words of the text are looked up in every language's stop
words (one dictionary), plus a few letters only some languages use; English when nothing
else scores.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "pl", "nl", "sv", "ro", "da")
NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
    "nl": "Dutch",
    "sv": "Swedish",
    "ro": "Romanian",
    "da": "Danish",
}
CUE_KINDS = (
    "review",
    "declaration",
    "ban",
    "remove",
    "restrict",
    "allow",
    "use",
    "partner",
    "bill",
)
CONTEXT_KINDS = (
    "negation",
    "not_negation",
    "modal",
    "background",
    "urge",
    "scope",
    "bill",
    "enacted",
    "reversal",
    "government",
    "explainer",
    "says",
    "contrast",
    "total",
    "legal",
    "can",
    "step",
    "not_actor_before",
    "vendor_acts",
    "join",
    "subordinate",
    "intent",
    "cabinet",
    "operator_noun",
    "refine",
    "obliged",
    "locative",
    "generic",
    "pressure_by",
    "relative",
    "signed",
)
# "older" and "newer": the mobile generations before 5G and from 5G on; "security": the words
# of a security concern (a 4G-only deal with none of them is not 5G policy).
RELEVANCE_KINDS = (
    "vendor", "angle", "network", "policy", "off_topic", "older", "newer", "security",
)  # fmt: skip

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def exact(text: str, low: str) -> str:
    """``text`` lower-cased only, for ``modal_exact`` (``low``, its :func:`lower`, when the
    lower case changes its length)."""
    plain = text.lower()
    return plain if len(plain) == len(low) else low


def lower(text: str) -> str:
    """Lower case without diacritics ("Prohíbe" -> "prohibe", "rețea" -> "retea"), keeping
    the length (so spans in the copy are spans in the text): headlines often drop accents."""
    low = text.lower()
    if len(low) != len(text):
        low = text.translate(_ASCII_LOWER)
    return low if low.isascii() else _NON_ASCII.sub(_fold, low)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold(match: re.Match[str]) -> str:
    return _fold_char(match.group())


# Letters without a decomposition that headlines (and URLs) write plain: one letter each.
_PLAIN = {"ł": "l", "ø": "o", "đ": "d", "ı": "i"}


@cache
def _fold_char(char: str) -> str:
    if char in _PLAIN:
        return _PLAIN[char]
    folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return folded if len(folded) == 1 else char


# How a lexicon letter may be spelt in a text without it: "ä" as "ae" ("verhaengt"), "ß" as
# "ss", Danish "å" as "aa", "æ" as "ae", "ø" as "oe" (titles rebuilt from URLs, old spellings).
_SPELLINGS = {
    "ä": "a(?:e)?",
    "ö": "o(?:e)?",
    "ü": "u(?:e)?",
    "ø": "o(?:e)?",
    "å": "a(?:a)?",
    "æ": "(?:æ|ae)",
    "ß": "(?:ß|ss)",
}
_FIRSTS = {"æ": "æa", "ß": "ßs"}
# The same, where the letter must be there (or spelt out): "würde" is not "wurde".
_EXACT = {
    "ä": "(?:ä|ae)",
    "ö": "(?:ö|oe)",
    "ü": "(?:ü|ue)",
    "ø": "(?:ø|oe)",
    "å": "(?:å|aa)",
    "æ": "(?:æ|ae)",
    "ß": "(?:ß|ss)",
}


@cache
def raw(name: str) -> dict[str, Any]:
    """The parsed data file ``bot/data/lexicon/<name>.toml``."""
    path = resources.files("bot.data").joinpath("lexicon", f"{name}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


_GAP = r"\W+(?:[^\W_]+\W+){0,5}?"
# "... ...": a verb's particle at the end of its clause, far from the verb ("schließt den
# Konzern Huawei vom Ausbau des 5G-Netzes aus"): up to twelve words, no punctuation between,
# and the entry's last word ends the clause (not "schließt ... Technik aus China").
_LONG_GAP = r"[^\w,;:.!?]+(?:[^\W_]+[^\w,;:.!?]+){0,12}?"
_CLAUSE_END = r"(?=\s*(?:$|[,;:.!?|()\"“”„«»]|\s[-–—]\s|\s(?:und|en|og|och)\s))"
_JOIN = r"[\s\-‐‑]+"
_START = r"(?<![^\W_])"
_INSIDE = r"(?<=[^\W\d_])"  # the tail of a compound: a letter before it


def _letters(word: str, fold: bool = True) -> str:
    """The expression of a word's letters: folded as the text is, each letter with another
    spelling (``_SPELLINGS``) written either way; unfolded (``fold=False``, for a text
    lower-cased only), each such letter as written or spelt out (``_EXACT``)."""
    low = word.lower()
    if not fold:
        return "".join(_EXACT.get(c) or re.escape(c) for c in low)
    if low.isascii() or len(low) != len(word):
        return re.escape(lower(word))
    return "".join(_SPELLINGS.get(c) or re.escape(lower(c)) for c in low)


def _word(word: str, fold: bool = True) -> str:
    """One word of an entry; an elision's apostrophe also matches the space of a headline
    rebuilt from its address ("n'exclut" = "n exclut")."""
    if word.endswith("*"):
        return _letters(word[:-1], fold).replace("'", "['\\s]") + r"[^\W_]*"
    ending = r"(?![^\W_])" if word[-1:].isalnum() else ""
    return _letters(word, fold).replace("'", "['\\s]") + ending


def entry_pattern(entry: str, fold: bool = True) -> str:
    """The regular expression of one lexicon entry (see the module docstring)."""
    if entry.startswith("*"):
        return _INSIDE + entry_pattern(entry[1:], fold)
    parts: list[str] = []
    joiner = ""
    long_gap = False
    for word in entry.split():
        if word == "...":
            long_gap = long_gap or bool(joiner)
            joiner = _LONG_GAP if joiner else _GAP
            continue
        if parts:
            parts.append(joiner or _JOIN)
        parts.append(_word(word, fold))
        joiner = ""
    return "".join(parts) + (_CLAUSE_END if long_gap else "")


def pattern(entries: Iterable[str], fold: bool = True) -> str:
    """One alternation of entries, longest first, starting at a word boundary. A look-ahead
    on the entries' first letters lets the scan skip every other position (several times
    faster than trying each alternative at each character)."""
    unique = sorted({e for e in entries if e.strip()}, key=lambda e: (-len(e), e))
    firsts = "".join(sorted({c for e in unique for c in _first_letters(e.lstrip("*"))}))
    ahead = f"(?=[{re.escape(firsts)}])" if firsts and fold else ""
    words = "|".join(entry_pattern(e, fold) for e in unique if not e.startswith("*"))
    if not any(e.startswith("*") for e in unique):
        return ahead + _START + "(?:" + words + ")"
    return ahead + "(?:" + _START + "(?:" + words + ")|" + _tails(unique, fold) + ")"


def _can_start(entries: Iterable[str]) -> str:
    """A look-around that holds wherever a match of ``pattern(entries)`` can start: on one of
    the entries' first letters, at a word's start or, for a compound tail, inside a word on a
    tail's first letter. In front of several such patterns in one alternation (the kinds of
    cue), it passes over every other position with one check instead of one per pattern
    (the same matches)."""
    unique = {e for e in entries if e.strip()}
    firsts = "".join(sorted({c for e in unique for c in _first_letters(e.lstrip("*"))}))
    if not firsts:
        return ""
    ahead = f"(?=[{re.escape(firsts)}])"
    tails = [entry_pattern(e[1:]) for e in unique if e.startswith("*")]
    if not tails:
        return ahead + _START
    inside: set[str] = set()
    for tail in tails:
        chars = _first_chars(re.compile(tail))
        if not chars:
            return ahead
        inside |= chars
    letters = "".join(re.escape(c) for c in sorted(inside))
    return ahead + f"(?:{_START}|(?=[{letters}]){_INSIDE})"


def _tails(entries: list[str], fold: bool) -> str:
    """The compound tails (``*verbot``), each ``_INSIDE`` + its entry's pattern, as one
    alternation in the same order, but with ``_INSIDE`` checked once and behind a look-ahead
    on the letters the tails start with: inside every word of the text, where only tails can
    match, the engine otherwise tried every tail's look-behind in turn (most of a German
    list's scan)."""
    tails = [entry_pattern(e[1:], fold) for e in entries if e.startswith("*")]
    firsts: set[str] = set()
    for tail in tails:
        chars = _first_chars(re.compile(tail))
        if not chars:
            return _INSIDE + "(?:" + "|".join(tails) + ")"
        firsts |= chars
    ahead = "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"
    return ahead + _INSIDE + "(?:" + "|".join(tails) + ")"


def _first_letters(entry: str) -> str:
    """The letters a match of ``entry`` can start with."""
    first = entry[:1].lower()
    return _FIRSTS.get(first) or lower(first)


def compile_list(entries: Iterable[str], fold: bool = True) -> re.Pattern[str] | None:
    listed = [e for e in entries if e.strip()]
    return re.compile(pattern(listed, fold)) if listed else None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's compiled word lists (every pattern runs on lower-cased text)."""

    lang: str
    relevance: Mapping[str, re.Pattern[str] | None]
    cue: re.Pattern[str]  # one named group per kind of cue (``CUE_KINDS``)
    context: Mapping[str, re.Pattern[str] | None]
    operator: re.Pattern[str] | None

    def find(self, kind: str, text: str, start: int = 0, end: int | None = None) -> bool:
        found = self.context.get(kind)
        if found is None:
            return False
        return found.search(text, start, len(text) if end is None else end) is not None


def _lists(data: Mapping[str, Any], section: str, kind: str) -> list[str]:
    value = data.get(section, {}).get(kind, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def _decision_words(data: Mapping[str, Any]) -> list[str]:
    """The words and phrases of a language's ban, restrict, remove, review and declaration
    cues and of its bills ("Gesetzentwurf", "schwarze Liste", "schließt ... aus")."""
    return [
        entry
        for section, kind in (
            ("cues", "ban"),
            ("cues", "restrict"),
            ("cues", "remove"),
            ("cues", "review"),
            ("cues", "declaration"),
            ("context", "bill"),
        )
        for entry in _lists(data, section, kind)
    ]


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of a language other than English (English keeps its patterns in
    :mod:`bot.news.classify`, built from ``en.toml``'s lists)."""
    common, data = raw("common"), raw(lang)
    relevance = {
        kind: compile_list(
            _lists(common, "relevance", kind)
            + _lists(data, "relevance", kind)
            # a decision word ("bannit", "veta") is a policy word
            + (_decision_words(data) if kind == "policy" else [])
        )
        for kind in RELEVANCE_KINDS
    }
    # The longest list (hundreds of entries, the decision words among them), scanned over every
    # article: behind a look-ahead on the strings a match can start with (issue 11: 1.4x
    # faster; the other lists were not faster so, measured). Same matches.
    policy = relevance["policy"]
    relevance["policy"] = prefix_ahead(policy) if policy is not None else None
    groups = []
    for kind in CUE_KINDS:
        # A bill is a cue of its own (a formal step: under review) as well as context.
        entries = _lists(data, "context" if kind == "bill" else "cues", kind)
        if entries:
            groups.append(f"(?P<{kind}>{pattern(entries)})")
    cue_entries = [
        e for kind in CUE_KINDS for e in _lists(data, "context" if kind == "bill" else "cues", kind)
    ]
    cue = re.compile(_can_start(cue_entries) + "(?:" + "|".join(groups) + ")")
    context = {
        kind: compile_list(_lists(common, "context", kind) + _lists(data, "context", kind))
        for kind in CONTEXT_KINDS
    }
    # Hedges whose letters tell them from another word ("würde" would, "wurde" was): read in
    # the text lower-cased only (``exact``).
    context["modal_exact"] = compile_list(_lists(data, "context", "modal_exact"), fold=False)
    # Before a country, a background word or a join word alike: one pattern, one scan.
    context["not_actor"] = compile_list(
        _lists(data, "context", "background") + _lists(data, "context", "join")
    )
    operator = compile_list(_lists(common, "context", "operator"))
    return Lexicon(lang, relevance, cue, context, operator)


@cache
def vendor_or_angle() -> re.Pattern[str]:
    """The vendor and policy-angle words of every language but English, in one pattern (for
    the cheap first look, :func:`bot.news.classify.could_be_relevant`)."""
    entries = [
        entry
        for lang in LANGUAGES
        if lang != "en"
        for kind in ("vendor", "angle")
        for entry in _lists(raw(lang), "relevance", kind)
    ]
    return re.compile(pattern(entries))


def quick(compiled: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern with a look-ahead on the characters a match can start with, when they
    are few and known: the scan then skips every other position at C speed. Same matches."""
    firsts = _first_chars(compiled)
    if not firsts or len(firsts) > 40:
        return compiled
    ahead = "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"
    return re.compile(ahead + "(?:" + compiled.pattern + ")", compiled.flags)


def word_led(compiled: re.Pattern[str], depth: int = 3) -> re.Pattern[str]:
    """The same pattern tried only at a word's start and where one of the strings every match
    starts with (:func:`prefixes`, up to ``depth`` characters) is next: for a pattern whose
    every match starts at ``\\b`` before a word character, with many alternatives (the English
    policy angles: 2x faster). Same matches; else the pattern as it is."""
    starts = prefixes(compiled, depth)
    if not starts or not starts_at_word_boundary(compiled):
        return compiled
    if not all(re.match(r"\w", s[0]) for s in starts):
        return compiled
    return re.compile(f"(?<!\\w)(?={_trie(starts)})(?:{compiled.pattern})", compiled.flags)


def prefix_ahead(compiled: re.Pattern[str], depth: int = 3) -> re.Pattern[str]:
    """The same pattern behind a look-ahead on the strings every match starts with
    (:func:`prefixes`, as a trie), when there are such strings; else the pattern as it is."""
    starts = prefixes(compiled, depth)
    if not starts:
        return compiled
    return re.compile(f"(?={_trie(starts)})(?:{compiled.pattern})", compiled.flags)


def may_match(compiled: re.Pattern[str], depth: int = 3) -> Callable[[str], bool]:
    """A test in C that is False only where ``compiled`` can match nowhere in a text: none of
    the strings every match starts with (:func:`prefixes`) is in it. For a whole-text scan
    that rarely matches (\"4G\" in an article): a few substring tests instead of the regex."""
    starts = prefixes(compiled, depth)
    if not starts:
        return lambda text: True
    needles = tuple(sorted(s for s in starts if not any(s.startswith(t) for t in starts - {s})))
    return lambda text: any(needle in text for needle in needles)


def _trie(strings: Iterable[str]) -> str:
    """An alternation of ``strings`` as a trie (``ban|bar`` as ``ba(?:n|r)``); a string that is
    the start of another stands for it (any continuation)."""
    trie: dict[str, Any] = {}
    for text in strings:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        alternatives = [re.escape(c) + emit(n) for c, n in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return emit(trie)


def prefixes(compiled: re.Pattern[str], depth: int = 3) -> frozenset[str] | None:
    """Strings of up to ``depth`` characters such that every match of ``compiled`` starts with
    one of them (a shorter one where the pattern allows anything next: a class, a look-around
    is not followed, the pattern ends), read from the parsed pattern; None when a match can
    start with anything (or the pattern ignores case)."""
    parser: Any = getattr(re, "_parser", None)
    codes: Any = getattr(re, "_constants", None)
    if parser is None or codes is None or compiled.flags & re.IGNORECASE:
        return None
    # (text, complete): ``complete`` when the text is all the element matched, so that what
    # follows may extend it; else it is only the start of what it matched.
    Part = tuple[str, bool]
    opened: Part = ("", False)

    def sequence(items: Any, budget: int) -> set[Part]:
        out: set[Part] = {("", True)}
        for op, av in items:
            grown: set[Part] = set()
            for text, complete in out:
                if not complete or len(text) >= budget:
                    grown.add((text[:budget], False))
                    continue
                for more, done in one(op, av, budget - len(text)):
                    grown.add((text + more, done))
            out = grown
            if not any(complete for _, complete in out):
                break
        return out

    def one(op: Any, av: Any, budget: int) -> set[Part]:
        if op is codes.LITERAL:
            return {(chr(av), True)}
        if op is codes.IN:
            chars: set[Part] = set()
            for kind, arg in av:
                if kind is codes.LITERAL:
                    chars.add((chr(arg), True))
                elif kind is codes.RANGE and arg[1] - arg[0] <= 10:
                    chars.update((chr(c), True) for c in range(arg[0], arg[1] + 1))
                else:
                    return {opened}
            return chars
        if op in (codes.AT, codes.ASSERT, codes.ASSERT_NOT):
            return {("", True)}  # no character: what follows starts the match
        if op is codes.SUBPATTERN:
            return {opened} if av[1] & re.IGNORECASE else sequence(av[3], budget)
        if op is codes.BRANCH:
            return set().union(*(sequence(branch, budget) for branch in av[1]))
        if op in (codes.MAX_REPEAT, codes.MIN_REPEAT):
            low, high, inner = av
            if any(text == "" for text, _ in sequence(inner, budget)):
                return {opened}  # an element that can match nothing: give up
            out: set[Part] = {("", True)} if low == 0 else set()
            for times in range(max(low, 1), min(high, budget) + 1):
                out |= sequence(list(inner) * times, budget)
            if high > budget:  # more times than characters: only their start is known
                out |= {(t, False) for t, _ in sequence(list(inner) * budget, budget)}
            return out
        return {opened}

    parsed = parser.parse(compiled.pattern, compiled.flags)
    found = frozenset(text for text, _ in sequence(parsed, depth))
    return None if "" in found else found


_WORD_CHARS = re.compile(r"[a-z0-9]+")


def word_starts(words: Iterable[str], prefixes: Iterable[str] = ()) -> re.Pattern[str]:
    """Where a word (a run of ``[a-z0-9]``, in lower-cased text) starts that is one of
    ``words`` or starts with one of ``prefixes``: the same positions as looking each word up,
    found in one scan in C. The alternatives are written as a trie (``ban|bar|block`` as
    ``b(?:a(?:n|r)|lock)``), which the regex engine walks a letter at a time instead of trying
    every word. An entry that no such word can be or start with (other characters) is left out,
    as a look-up never meets it either."""
    trie: dict[str, Any] = {}
    for kind, entries in (("word", words), ("prefix", prefixes)):
        for entry in entries:
            if not (_WORD_CHARS.fullmatch(entry) or (kind == "prefix" and not entry)):
                continue
            node = trie
            for char in entry:
                node = node.setdefault(char, {})
            node.setdefault("", set()).add(kind)

    def emit(node: dict[str, Any]) -> str:
        ends = node.get("", set())
        if "prefix" in ends:
            return ""  # any continuation
        alternatives = [re.escape(c) + emit(n) for c, n in sorted(node.items()) if c]
        if "word" in ends:
            alternatives.append("(?![a-z0-9])")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    if not trie:
        return re.compile(r"(?!)")
    if "prefix" in trie.get("", ()):  # the empty prefix: every word
        return re.compile(r"(?<![a-z0-9])[a-z0-9]")
    firsts = "".join(re.escape(c) for c in sorted(c for c in trie if c))
    return re.compile(f"(?=[{firsts}])(?<![a-z0-9])" + emit(trie))


class Lazy:
    """A truth value computed when first tested: in ``if a or lazy:`` only when ``a`` is
    false (a gate that costs nothing where the answer is not needed)."""

    __slots__ = ("_compute", "_value")

    def __init__(self, compute: Callable[[], object]) -> None:
        self._compute = compute
        self._value: bool | None = None

    def __bool__(self) -> bool:
        if self._value is None:
            self._value = bool(self._compute())
        return self._value


class _Once:
    """What :class:`functools.cached_property` does, without the lock Python 3.11 takes on
    every first read (gone in 3.12): the value is computed once and kept in the instance's
    ``__dict__``, where later reads find it first."""

    __slots__ = ("func", "name")

    def __init__(self, func: Callable[[Any], Any], name: str) -> None:
        self.func = func
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def unlock_cached_properties(cls: type) -> None:
    """Replace each :class:`functools.cached_property` of ``cls`` by the same without its lock
    (for classes read by one thread at a time, such as a unit of text being classified)."""
    for name, value in list(vars(cls).items()):
        if isinstance(value, functools.cached_property):
            setattr(cls, name, _Once(value.func, name))


def starts_at_word_boundary(compiled: re.Pattern[str]) -> bool:
    """Does every match start with ``\\b`` before its first character (``\\b(?:ban|bar)``,
    ``(?:\\ba|\\bb)``)? The regex engine then knows nothing to skip ahead with and tries the
    whole pattern at every position, so :func:`quick`'s look-ahead pays (on a pattern that
    starts with a literal it costs: the engine's own skipping is faster)."""
    parser: Any = getattr(re, "_parser", None)
    codes: Any = getattr(re, "_constants", None)
    if parser is None or codes is None:
        return False

    def leads(items: Any) -> bool:
        for op, av in items:
            if op is codes.AT:
                return av is codes.AT_BOUNDARY
            if op is codes.SUBPATTERN:
                return leads(av[3])
            if op is codes.BRANCH:
                return all(leads(branch) for branch in av[1])
            return False
        return False

    return leads(parser.parse(compiled.pattern, compiled.flags))


def _first_chars(compiled: re.Pattern[str]) -> set[str] | None:
    parser: Any = getattr(re, "_parser", None)
    codes: Any = getattr(re, "_constants", None)
    if parser is None or codes is None or compiled.flags & re.IGNORECASE:
        return None

    def sequence(items: Any) -> set[str] | None:
        for op, av in items:
            if op is codes.AT:  # \b, ^: no character
                continue
            return one(op, av)
        return None

    def one(op: Any, av: Any) -> set[str] | None:
        if op is codes.LITERAL:
            return {chr(av)}
        if op is codes.IN:
            out: set[str] = set()
            for kind, arg in av:
                if kind is codes.LITERAL:
                    out.add(chr(arg))
                elif kind is codes.RANGE and arg[1] - arg[0] <= 40:
                    out.update(chr(c) for c in range(arg[0], arg[1] + 1))
                else:
                    return None
            return out
        if op is codes.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None
            return sequence(av[3])
        if op is codes.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                part = sequence(branch)
                if part is None:
                    return None
                found |= part
            return found
        if op in (codes.MAX_REPEAT, codes.MIN_REPEAT) and av[0] > 0:
            return sequence(av[2])
        return None

    return sequence(parser.parse(compiled.pattern, compiled.flags))


# -- which language --------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+")
# Letters that only some of the languages use, and the weight they give.
_LETTERS: dict[str, tuple[tuple[str, float], ...]] = {
    "ą": (("pl", 2.0),),
    "ę": (("pl", 2.0),),
    "ł": (("pl", 2.0),),
    "ś": (("pl", 2.0),),
    "ż": (("pl", 2.0),),
    "ź": (("pl", 2.0),),
    "ń": (("pl", 1.0),),
    "ș": (("ro", 2.0),),
    "ş": (("ro", 2.0),),
    "ț": (("ro", 2.0),),
    "ţ": (("ro", 2.0),),
    "ă": (("ro", 2.0),),
    "î": (("ro", 1.0), ("fr", 0.5)),
    "à": (("fr", 0.5), ("pt", 0.5), ("it", 0.5)),
    "â": (("ro", 1.0), ("pt", 0.5), ("fr", 0.5)),
    "ã": (("pt", 2.0),),
    "õ": (("pt", 2.0),),
    "ç": (("pt", 0.5), ("fr", 0.5)),
    "ñ": (("es", 2.0),),
    "ø": (("da", 2.0),),
    "æ": (("da", 2.0),),
    "å": (("sv", 0.5), ("da", 0.5)),
    "ä": (("sv", 0.5), ("de", 0.5)),
    "ö": (("sv", 0.5), ("de", 0.5)),
    "ü": (("de", 1.0),),
    "ß": (("de", 2.0),),
    "è": (("fr", 0.5), ("it", 0.5)),
    "ê": (("fr", 0.5), ("pt", 0.5)),
    "ò": (("it", 1.0),),
    "ì": (("it", 1.0),),
}


@cache
def stopwords() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each language's stop words, folded as the text is."""
    return tuple(
        (lang, frozenset(lower(str(w)) for w in raw(lang).get("stopwords", [])))
        for lang in LANGUAGES
    )


@cache
def _country_names() -> dict[str, set[str]]:
    """Each language's one-word country names from CLDR (through Babel), folded as the text
    is: "Suecia", "Svezia", "Szwecja", "Schweden" tell a short title's language apart. A name
    that English writes the same way ("Portugal") is left out; one that other languages share
    ("Suecia" and "Suécia", as folded) is shared among them (:func:`_word_weights`)."""
    from bot import countries  # the one reader of CLDR's names (it reads this module too)

    out: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        words = (lower(label) for _, label in countries.cldr_names(lang))
        out[lang] = {word for word in words if word.isalpha() and len(word) >= 4}
    english = out.pop("en")
    return {lang: names - english for lang, names in out.items()}


@cache
def _markers() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each language's own single words from its cue, context and relevance lists (no
    wildcard, used by no other language): half a stop word each, so that a short title
    ("London verbannt Huawei") is still told apart."""
    own: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        data = raw(lang)
        words: set[str] = set()
        for section in ("cues", "context", "relevance"):
            for value in data.get(section, {}).values():
                if isinstance(value, list):
                    words.update(
                        lower(str(v)) for v in value if " " not in str(v) and "*" not in str(v)
                    )
        own[lang] = {w for w in words if w.isalpha()}
    stops = dict(stopwords())
    out = []
    for lang in LANGUAGES:
        others: set[str] = set()
        for other in LANGUAGES:
            if other != lang:
                others |= own[other] | stops[other]
        out.append((lang, frozenset(own[lang] - others)))
    return tuple(out)


@cache
def _word_weights() -> dict[str, tuple[tuple[str, float], ...]]:
    """Every stop word (1), marker (0.5) and country name (0.5, shared) with the languages it
    counts for: one look-up per word of the text."""
    table: dict[str, list[tuple[str, float]]] = {}
    for lang, stop in stopwords():
        for word in stop:
            table.setdefault(word, []).append((lang, 1.0))
    for lang, marks in _markers():
        for word in marks:
            table.setdefault(word, []).append((lang, 0.5))
    # A country's name as a language writes it: half a marker's weight, shared among the
    # languages that write it the same way.
    sharing: dict[str, list[str]] = {}
    for lang, names in _country_names().items():
        for word in names:
            sharing.setdefault(word, []).append(lang)
    for word, langs in sharing.items():
        for lang in langs:
            table.setdefault(word, []).append((lang, 0.5 / len(langs)))
    return {word: tuple(pairs) for word, pairs in table.items()}


def detect(text: str) -> str:
    """The language ``text`` is most likely written in (``LANGUAGES``); English by default."""
    plain = text.lower()
    low = plain if plain.isascii() else lower(text)
    scores = dict.fromkeys(LANGUAGES, 0.0)
    table = _word_weights()
    for word in set(_TOKEN.findall(low)):
        for lang, weight in table.get(word, ()):
            scores[lang] += weight
    if not plain.isascii():
        for char in set(plain):
            for lang, weight in _LETTERS.get(char, ()):
                scores[lang] += weight
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
    # A stop word's worth of evidence; half of it when nothing at all is English ("Svezia
    # esclude Huawei": only the name of the country is Italian).
    enough = 1.0 if scores["en"] else 0.5
    return best if scores[best] > scores["en"] and scores[best] >= enough else "en"


NO_VENDOR_CAP = 0.4  # the most a text naming no vendor and no policy angle can score


def weigh_relevance(
    vendor: Sequence[str],
    angle: Sequence[str],
    network: AbstractSet[str],
    policy: AbstractSet[str],
    off_title: AbstractSet[str],
    off_body: AbstractSet[str],
    *,
    strong: bool,
) -> tuple[float, list[str]]:
    """The relevance score of what the words found, in any language, and the evidence: a
    vendor (``strong``: Huawei or ZTE by name) or a vendor-policy angle, network and policy
    words, minus distractors (in the title they weigh more)."""
    score = 0.45 if strong else 0.35 if vendor else 0.0
    if angle:
        score += 0.35 if not vendor else 0.1
    score += min(len(network), 3) * 0.1
    score += min(len(policy), 4) * 0.06
    score -= 0.3 * min(len(off_title), 2) + 0.1 * min(len(off_body), 3)
    if not vendor and not angle:
        score = min(score, NO_VENDOR_CAP)
    evidence = [f"vendor:{w}" for w in vendor[:3]] + [f"angle:{w}" for w in angle[:2]]
    evidence += [f"network:{w}" for w in sorted(network)[:3]]
    evidence += [f"policy:{w}" for w in sorted(policy)[:3]]
    evidence += [f"off-topic:{w}" for w in sorted(off_title | off_body)[:3]]
    return max(0.0, min(1.0, score)), evidence
