"""The one country resolver: user text to a country, for the CLI, Discord and news detection.

Three entry points share one gazetteer built from pycountry plus the curated tables in
``bot/data/gazetteer.toml`` (and, for the other languages the bot reads, CLDR's names through
Babel with the ``[countries]`` part of each language's lexicon file):

* :func:`resolve` / :func:`resolve_or_raise` / :func:`get` — a person typed a country.
  Exact match on a *key*: NFKD, diacritics stripped, casefolded, "." and apostrophes dropped,
  "&" read as "and", a leading "the" dropped, then every space and punctuation mark removed
  ("U.K." = "uk", "Viet Nam" = "vietnam", "the Netherlands" = "netherlands"). Codes (alpha-2,
  alpha-3), names, official and common names, aliases, native names and demonyms resolve;
  capitals, agencies and operators do not (they are news metonyms, not country names).
* :func:`suggest` / :func:`autocomplete` — fuzzy and prefix search for people.
* :func:`find_mentions` — every country mentioned in free text, for news detection.

Detection rules and the ambiguity decisions (see also the tables in bot/data/gazetteer.toml):

* Matching runs on a copy of the text with diacritics folded *character for character*, so spans
  are valid in the original. The only change of length is dotted abbreviations: "U.S." and "U.K."
  are matched as "US"/"UK", and the reported span still covers "U.S." with its final dot.
* Words are whole words. Inside a multi-word term, spaces, hyphens, apostrophes, "&" and "/"
  are interchangeable ("Guinea-Bissau", "Côte d’Ivoire", "St. Kitts", "Trinidad & Tobago").
* Overlaps: the leftmost match wins, and at one position the longest term wins, so "Papua New
  Guinea", "Equatorial Guinea", "South Sudan", "Dominican Republic", "North Korea", "Northern
  Ireland", "American Samoa", "China Mobile" beat the shorter names inside them. ("Nigeria" never
  contains a match for "Niger": matches end at a word boundary.) In practice the longer of two
  overlapping terms always starts first, so leftmost-longest is "longest wins".
* Stop phrases are matched like terms and then dropped, so they hide the country word inside
  them: "New South Wales", "New Mexico", "New Jersey", "New England", "Latin America",
  "Washington Post", "British Columbia", "Indian Ocean", "US dollar"...
* Case: two-letter and other ISO codes are never matched in prose, except a few upper-case
  abbreviations that are safe in news: UK, US, USA, EU, UAE, NZ, HK (plus DRC, PRC, DPRK, ROK,
  KSA as aliases). Any all-capitals term of four letters or fewer must appear in capitals (so
  "us" and "Us" are the pronoun, not the United States), and "US$" is a currency, not a mention.
  Words that are also ordinary English need a capital first letter: Jordan, Turkey, Chad,
  Guinea, Chile, Jersey, Guernsey, Polish, Georgian, Commission, Pentagon... (see ``_CASED``);
  "DoT" (India's Department of Telecommunications) must be written exactly so.
  Limitation: text written entirely in capitals can still read "LET US KNOW" as the US.
* Georgia is the country (GE), never the US state; Jordan, Chad and Turkey may still be people
  or birds when capitalised; "Korea" alone is South Korea; "Congo" alone is the Republic of the
  Congo (CG) while "DRC", "DR Congo" and "Democratic Republic of (the) Congo" are CD; "Republic
  of China" alone is Taiwan; "Dominican" is the Dominican Republic; "Washington" is the US
  government and "Brussels" the EU (not Belgium); "Paris Agreement" still counts as France.
* "NCSC" is the UK's centre (the Netherlands, Ireland and New Zealand have one too; UK coverage
  dominates Huawei news); "BSI" is Germany's BSI, not the British Standards Institution;
  "Commission" alone (capitalised) is the European Commission, but not at the end of another
  body's name ("Federal Trade Commission"): only alone or after "European", "the" or "EU".
* Operators count as their country (kind "operator") only when they work (almost) only at home:
  China Mobile/Telecom/Unicom, BT, Telstra, Verizon...; never Vodafone, Orange or Telefonica.
* "Huawei" and "ZTE" are not country mentions; "Chinese" is China (so "Chinese vendors" mentions
  CN); "European" and "Europe" are not the EU; "English" and "Welsh" are not matched (languages
  and surnames), "Scottish" is GB.

Everything is built once, lazily, on first use, and cached.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import pycountry
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.errors import UserError

__all__ = [
    "Country",
    "Mention",
    "UnknownCountry",
    "all_countries",
    "autocomplete",
    "countries_in",
    "find_mentions",
    "get",
    "resolve",
    "resolve_or_raise",
    "suggest",
]

# -- public types ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    """A jurisdiction: an ISO 3166-1 country or territory, Kosovo (XK) or the European Union."""

    iso2: str  # "GB"; "EU" for the European Union, a jurisdiction of its own
    name: str  # common English short name: "United Kingdom", "South Korea", "Turkey"
    official_name: str  # "United Kingdom of Great Britain and Northern Ireland"

    @property
    def flag(self) -> str:
        """The regional-indicator emoji, e.g. "🇬🇧" (the EU has one too: "🇪🇺")."""
        return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in self.iso2)


class UnknownCountry(UserError):
    """The text names no country; the message offers up to three suggestions."""

    def __init__(self, text: str, suggestions: Sequence[Country] = ()) -> None:
        self.text = text
        self.suggestions: list[Country] = list(suggestions)[:3]
        shown = text.strip()
        if len(shown) > 60:
            shown = shown[:57] + "..."
        if self.suggestions:
            names = ", ".join(c.name for c in self.suggestions)
            message = f"Unknown country '{shown}'. Did you mean: {names}?"
        else:
            message = (
                f"Unknown country '{shown}'. Try a country name or a two-letter code such as DE."
            )
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Mention:
    """A country named in free text; ``text[start:end] == term``."""

    iso2: str
    start: int
    end: int
    term: str  # the matched surface text, exactly as in the input
    kind: str  # "name" | "alias" | "code" | "demonym" | "capital" | "agency" | "operator" |
    # "leader"


def mentions_within(mentions: Sequence[Mention], start: int, end: int) -> list[Mention]:
    """The mentions inside ``text[start:end]``, with offsets into that slice."""
    return [
        Mention(m.iso2, m.start - start, m.end - start, m.term, m.kind)
        for m in mentions
        if start <= m.start and m.end <= end
    ]


# -- curated data ---------------------------------------------------------------------------
#
# The tables live in bot/data/gazetteer.toml (loaded with importlib.resources), where each is
# explained: display and official names, jurisdictions outside ISO 3166-1, aliases, names for
# resolving only, codes matched in prose, native names, demonyms, capitals, agencies, operators
# that stand for their country, detection-only aliases, stop phrases, words that only count
# when capitalised, words never detected, and the most-followed countries.


def _load_gazetteer() -> dict[str, Any]:
    path = resources.files("bot.data").joinpath("gazetteer.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


_DATA = _load_gazetteer()


def _names(table: str) -> dict[str, tuple[str, ...]]:
    return {iso2: tuple(forms) for iso2, forms in _DATA[table].items()}


def _list(name: str) -> list[str]:
    return [str(v) for v in _DATA["lists"][name]["values"]]


_DISPLAY_NAMES: dict[str, str] = dict(_DATA["display_names"])
_OFFICIAL_NAMES: dict[str, str] = dict(_DATA["official_names"])
# (name, official name, alpha-3 or "")
_EXTRA: dict[str, tuple[str, str, str]] = {
    iso2: (v[0], v[1], v[2]) for iso2, v in _DATA["extra"].items()
}
_ALIASES = _names("aliases")
_RESOLVE_ONLY = _names("resolve_only")
_PROSE_CODES = _names("prose_codes")
_NATIVE_NAMES = _names("native_names")
_DEMONYMS = _names("demonyms")
_CAPITALS = _names("capitals")
_AGENCIES = _names("agencies")
_OPERATORS = _names("operators")
_DETECT_ALIASES = _names("detect_aliases")
_LEADERS = _names("leaders")
_STOP_PHRASES: tuple[str, ...] = tuple(_list("stop_phrases"))
_CASED: frozenset[str] = frozenset(_list("cased"))
_NOT_DETECTED: frozenset[str] = frozenset(_list("not_detected"))
_POPULAR: tuple[str, ...] = tuple(_list("popular"))

# -- normalisation --------------------------------------------------------------------------

# Letters that NFKD does not decompose into a base letter.
_WIDE_FOLD = {
    "ß": "ss",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "þ": "th",
    "Þ": "Th",
}
_KEY_DROP = re.compile(r"[.'’ʼ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_FLAG = re.compile("^[\U0001f1e6-\U0001f1ff]{2}$")


def _strip_marks(text: str) -> str:
    text = "".join(_WIDE_FOLD.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _spaced(text: str) -> str:
    """Words of ``text``, folded and space-separated, without a leading "the"."""
    text = _strip_marks(text).casefold().replace("&", " and ")
    text = _NON_WORD.sub(" ", _KEY_DROP.sub("", text)).strip()
    return text[4:] if text.startswith("the ") else text


def _key(text: str) -> str:
    """The resolve key: ``_spaced`` without the spaces ("U.K." -> "uk", "Viet Nam" -> "vietnam")."""
    return _spaced(text).replace(" ", "")


@cache
def _fold_char(char: str) -> str:
    """One character, diacritics removed, as one character (so spans stay valid)."""
    folded = _strip_marks(char)
    return folded if len(folded) == 1 else char


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_same_length(text: str) -> str:
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)


def _detect_key(text: str) -> str:
    """The detection key: folded, lower-case, any punctuation run read as one space."""
    return _NON_WORD.sub(" ", _fold_same_length(text).lower()).strip()


# -- the gazetteer --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    iso2: str
    kind: str  # a Mention kind, or "stop"
    cased: str  # "" or the spelling whose case must be respected


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    countries: dict[str, Country]  # by iso2
    ordered: tuple[Country, ...]  # by name
    keys: dict[str, str]  # resolve key -> iso2
    terms: dict[str, tuple[str, ...]]  # iso2 -> spaced forms for prefix/substring search
    spaced_names: dict[str, str]  # iso2 -> spaced display name
    fuzzy_choices: tuple[str, ...]
    fuzzy_iso2: tuple[str, ...]
    rank: dict[str, int]
    conflicts: tuple[tuple[str, str, str], ...]  # (key, kept iso2, dropped iso2)


def _attr(record: Any, name: str) -> str:
    value = getattr(record, name, None)
    return str(value) if value else ""


def _sort_key(name: str) -> str:
    return _strip_marks(name).casefold()


def _plural(term: str) -> str:
    return term if term.endswith(("s", "sh")) else term + "s"


@cache
def _gazetteer() -> _Gazetteer:
    countries: dict[str, Country] = {}
    names: dict[str, list[str]] = {}  # iso2 -> names (ISO, display, official, common)
    codes: dict[str, list[str]] = {}
    for record in pycountry.countries:
        iso2 = _attr(record, "alpha_2")
        iso_name = _attr(record, "name")
        common = _attr(record, "common_name")
        official = _attr(record, "official_name")
        if official.startswith("the "):
            official = official[4:]
        display = _DISPLAY_NAMES.get(iso2) or common or iso_name
        official = (
            _OFFICIAL_NAMES.get(iso2) or official or (iso_name if "," not in iso_name else "")
        )
        countries[iso2] = Country(iso2, display, official or display)
        names[iso2] = [display, iso_name, official, common]
        codes[iso2] = [iso2, _attr(record, "alpha_3")]
    for iso2, (display, official, alpha3) in _EXTRA.items():
        countries[iso2] = Country(iso2, display, official)
        names[iso2] = [display, official]
        codes[iso2] = [iso2, alpha3]

    # Resolve keys, highest priority first; a key keeps its first country.
    keys: dict[str, str] = {}
    conflicts: list[tuple[str, str, str]] = []
    terms: dict[str, list[str]] = {iso2: [] for iso2 in countries}

    def add(iso2: str, forms: Iterable[str], searchable: bool = True) -> None:
        for form in forms:
            key = _key(form)
            if not key:
                continue
            kept = keys.setdefault(key, iso2)
            if kept != iso2:
                conflicts.append((key, kept, iso2))
            spaced = _spaced(form)
            if searchable and spaced not in terms[iso2]:
                terms[iso2].append(spaced)

    for iso2 in countries:
        add(iso2, codes[iso2])
    for iso2 in countries:
        add(iso2, names[iso2])
    for table in (_PROSE_CODES, _ALIASES, _NATIVE_NAMES, _RESOLVE_ONLY):
        for iso2, forms in table.items():
            add(iso2, forms)
    for iso2, forms in _DEMONYMS.items():
        add(iso2, forms)
        add(iso2, (_plural(f) for f in forms), searchable=False)

    rank = {iso2: i for i, iso2 in enumerate(_POPULAR)}
    ordered = tuple(sorted(countries.values(), key=lambda c: _sort_key(c.name)))
    fuzzy_choices: list[str] = []
    fuzzy_iso2: list[str] = []
    for iso2, spaced_forms in terms.items():
        for form in spaced_forms:
            fuzzy_choices.append(form)
            fuzzy_iso2.append(iso2)
    return _Gazetteer(
        countries=countries,
        ordered=ordered,
        keys=keys,
        terms={iso2: tuple(forms) for iso2, forms in terms.items()},
        spaced_names={iso2: _spaced(c.name) for iso2, c in countries.items()},
        fuzzy_choices=tuple(fuzzy_choices),
        fuzzy_iso2=tuple(fuzzy_iso2),
        rank=rank,
        conflicts=tuple(conflicts),
    )


def _rank(iso2: str) -> int:
    return _gazetteer().rank.get(iso2, len(_POPULAR))


# -- resolving ------------------------------------------------------------------------------


def get(iso2: str) -> Country:
    """The country with this alpha-2 code (any case); UnknownCountry if there is none."""
    country = _gazetteer().countries.get(iso2.strip().upper())
    if country is None:
        raise UnknownCountry(iso2, suggest(iso2))
    return country


def all_countries() -> list[Country]:
    """Every ISO 3166-1 country and territory, plus Kosovo and the EU, sorted by name."""
    return list(_gazetteer().ordered)


def resolve(text: str) -> Country | None:
    """The country ``text`` names exactly (see the module docstring), or None."""
    text = text.strip()
    if not text or len(text) > 100:
        return None
    g = _gazetteer()
    if _FLAG.match(text):
        code = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in text)
        return g.countries.get(code)
    iso2 = g.keys.get(_key(text))
    return g.countries[iso2] if iso2 else None


def resolve_or_raise(text: str) -> Country:
    """Like :func:`resolve`, but raises UnknownCountry with suggestions."""
    country = resolve(text)
    if country is None:
        raise UnknownCountry(text, suggest(text))
    return country


def _split_names(words: Sequence[str]) -> list[Country] | None:
    """``["Spain", "Portugal"]`` as two or more countries named one after the other (a
    multi-word name such as "United Kingdom" counts as one), or None."""
    best: list[list[Country] | None] = [None] * (len(words) + 1)
    best[0] = []
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - 4), end):
            head = best[start]
            country = resolve(" ".join(words[start:end])) if head is not None else None
            if head is not None and country is not None:
                best[end] = [*head, country]
                break
    found = best[len(words)]
    return found if found is not None and len(found) > 1 else None


def resolve_list(text: str) -> list[Country]:
    """Comma-separated names ("uk, Germany, Deutschland") as countries, each once, in the
    order given. A part that names no country raises UnknownCountry; when it is several names
    without commas ("Spain Portugal"), the message says that commas separate names."""
    found: dict[str, Country] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        country = resolve(part)
        if country is None:
            several = _split_names(part.split())
            if several is not None:
                names = ", ".join(c.name for c in several)
                raise UserError(
                    f"Unknown country '{part.strip()[:60]}'. Separate countries with commas: "
                    f"'{names}'."
                )
            unknown = UnknownCountry(part, suggest(part))
            if len(part.split()) > 1:
                raise UserError(f"{unknown.message} Separate several countries with commas.")
            raise unknown
        found.setdefault(country.iso2, country)
    return list(found.values())


# Similarity is 1 - (optimal string alignment distance / length): a transposition ("Chian",
# "Britian") costs one edit, as a typo should.
_SUGGEST_CUTOFF = 0.7
_SUGGEST_MARGIN = 0.1  # drop suggestions this far below the best one


def _fuzzy(query: str, cutoff: float) -> list[tuple[str, float]]:
    """(iso2, best score) for countries with a form similar to ``query``, best first."""
    g = _gazetteer()
    best: dict[str, float] = {}
    for _, score, index in process.extract(
        query, g.fuzzy_choices, scorer=OSA.normalized_similarity, limit=None, score_cutoff=cutoff
    ):
        iso2 = g.fuzzy_iso2[index]
        if score > best.get(iso2, -1.0):
            best[iso2] = score
    if not best:
        return []
    top = max(best.values())
    ranked = [(iso2, s) for iso2, s in best.items() if s >= top - _SUGGEST_MARGIN]
    ranked.sort(key=lambda item: (-round(item[1], 3), _rank(item[0]), item[0]))
    return ranked


def suggest(text: str, limit: int = 3) -> list[Country]:
    """Countries whose names, aliases or codes look like ``text`` (typos), best first."""
    query = _spaced(text[:100])
    if not query or limit <= 0:
        return []
    g = _gazetteer()
    return [g.countries[iso2] for iso2, _ in _fuzzy(query, _SUGGEST_CUTOFF)[:limit]]


def autocomplete(text: str, limit: int = 25) -> list[Country]:
    """Choices for a Discord autocomplete: exact, then prefix, word-prefix, substring, fuzzy.

    Empty text gives the most-followed countries, then the rest alphabetically. Within each
    tier the most-followed come first, then by name.
    """
    if limit <= 0:
        return []
    g = _gazetteer()
    query = _spaced(text[:100])
    if not query:
        ranked = sorted(g.ordered, key=lambda c: _rank(c.iso2))  # stable: by name within a rank
        return ranked[:limit]
    compact = query.replace(" ", "")
    tiers: dict[str, int] = {}
    exact = resolve(text)
    if exact is not None:
        tiers[exact.iso2] = 0
    for iso2, forms in g.terms.items():
        if iso2 in tiers:
            continue
        name = g.spaced_names[iso2]
        tier = 0
        if name.startswith(query) or name.replace(" ", "").startswith(compact):
            tier = 1
        elif any(f.startswith(query) for f in forms):
            tier = 2
        elif any(f" {query}" in f" {f}" for f in forms):
            tier = 3
        elif any(compact in f.replace(" ", "") for f in forms):
            tier = 4
        if tier:
            tiers[iso2] = tier
    if len(tiers) < limit and len(compact) >= 3:
        for iso2, _ in _fuzzy(query, 0.6):
            tiers.setdefault(iso2, 5)
    chosen = sorted(tiers, key=lambda iso2: (tiers[iso2], _rank(iso2), g.countries[iso2].name))
    return [g.countries[iso2] for iso2 in chosen[:limit]]


# -- detection in free text -----------------------------------------------------------------

# Between the words of a term: spaces, hyphens and dashes, apostrophes, "&" and "/", after an
# optional full stop ("St. Kitts").
_SEP = r"\.?[\s\-‐‑‒–—'’ʼ`&/]+"
_END = r"(?![^\W_])"
_ABBREVIATION = re.compile(r"(?<![\w.])[A-Za-z](?:\.[A-Za-z])+\.?(?!\w)")
_ABBREVIATION_GATE = re.compile(r"\.[A-Za-z]")  # in every match: a text without it has none


@dataclass(frozen=True, slots=True)
class _Detector:
    pattern: re.Pattern[str]
    entries: dict[str, _Entry]  # detection key -> entry
    conflicts: tuple[tuple[str, str, str], ...]
    # The same pattern without IGNORECASE, for an ASCII text lower-cased (the same matches,
    # about twice as fast), or None when some character of it would match otherwise.
    lowered: re.Pattern[str] | None = None


def _lower_case_equivalent(compiled: re.Pattern[str]) -> re.Pattern[str] | None:
    """``compiled`` (IGNORECASE) without the flag, when it finds in an ASCII text lower-cased
    exactly what it finds in the text: every character it names is an ASCII letter in lower
    case, another ASCII character, or a non-ASCII one that matches no ASCII character even
    ignoring case (read from the parsed pattern; None when in doubt)."""
    parser: Any = getattr(re, "_parser", None)
    codes: Any = getattr(re, "_constants", None)
    if parser is None or codes is None:
        return None
    repeats = (codes.MAX_REPEAT, codes.MIN_REPEAT, getattr(codes, "POSSESSIVE_REPEAT", None))

    def char_ok(code: int) -> bool:
        char = chr(code)
        if char.isascii():
            return char == char.lower()
        return not any(re.fullmatch(re.escape(char), chr(t), re.IGNORECASE) for t in range(128))

    def items_ok(items: Any) -> bool:
        for op, av in items:
            if op in (codes.LITERAL, codes.NOT_LITERAL):
                ok = char_ok(av)
            elif op is codes.IN:
                ok = all(
                    kind is codes.NEGATE
                    or kind is codes.CATEGORY
                    or (kind is codes.LITERAL and char_ok(arg))
                    or (kind is codes.RANGE and all(map(char_ok, range(arg[0], arg[1] + 1))))
                    for kind, arg in av
                )
            elif op is codes.SUBPATTERN:
                ok = items_ok(av[3])
            elif op is codes.BRANCH:
                ok = all(items_ok(branch) for branch in av[1])
            elif op in repeats:
                ok = items_ok(av[2])
            elif op in (codes.ASSERT, codes.ASSERT_NOT):
                ok = items_ok(av[1])
            else:
                ok = op in (codes.AT, codes.ANY)
            if not ok:
                return False
        return True

    if not items_ok(parser.parse(compiled.pattern, compiled.flags)):
        return None
    return re.compile(compiled.pattern, compiled.flags & ~re.IGNORECASE)


class _Node:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex for all keys: a character trie, so a match at a position is the longest."""
    root = _Node()
    for key in keys:
        node = root
        for char in key:
            node = node.children.setdefault(char, _Node())
        node.terminal = True

    def build(node: _Node) -> str:
        alternatives = [
            (_SEP if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.children.items())
        ]
        if node.terminal:
            alternatives.append(_END)  # after the longer ones: longest first
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return r"(?<![^\W_])" + build(root)


def _with_ampersands(forms: Iterable[str]) -> Iterable[str]:
    """Each form, and "X & Y" for "X and Y" ("&" is a separator, so its key is "x y")."""
    for form in forms:
        yield form
        if " and " in form:
            yield form.replace(" and ", " & ")


def _is_title(term: str) -> bool:
    """ "Jordan", "State Department", "Department of Commerce"; not "DoT", "BNetzA", "US"."""
    return (
        term[:1].isupper()
        and not term.isupper()
        and all(word[1:] == word[1:].lower() for word in term.split())
    )


def _case_rule(term: str) -> str:
    compact = _NON_WORD.sub("", term)
    if term in _CASED or (term.isupper() and len(compact) <= 4):
        return term
    return ""


@cache
def _detector() -> _Detector:
    g = _gazetteer()
    entries: dict[str, _Entry] = {}
    conflicts: list[tuple[str, str, str]] = []

    def add(iso2: str, kind: str, forms: Iterable[str]) -> None:
        for form in _with_ampersands(forms):
            if "," in form or "(" in form:
                continue  # inverted ISO forms such as "Korea, Republic of"
            key = _detect_key(form)
            if not key or key in _NOT_DETECTED:
                continue
            entry = _Entry(iso2, kind, _case_rule(form))
            kept = entries.setdefault(key, entry)
            if kept.iso2 != iso2:
                conflicts.append((key, kept.iso2, iso2))

    for iso2, country in g.countries.items():
        record = pycountry.countries.get(alpha_2=iso2)
        iso_forms = [_attr(record, "name"), _attr(record, "common_name")] if record else []
        official = country.official_name
        add(iso2, "name", [country.name, official, *iso_forms])
    for table, kind in (
        (_ALIASES, "alias"),
        (_NATIVE_NAMES, "alias"),
        (_DETECT_ALIASES, "alias"),
        (_LEADERS, "leader"),
        (_PROSE_CODES, "code"),
        (_DEMONYMS, "demonym"),
        (_CAPITALS, "capital"),
        (_AGENCIES, "agency"),
        (_OPERATORS, "operator"),
    ):
        for iso2, forms in table.items():
            add(iso2, kind, forms)
            if kind == "demonym":
                add(iso2, kind, (_plural(f) for f in forms))
    add("", "stop", _STOP_PHRASES)
    pattern = re.compile(_trie_pattern(sorted(entries)), re.IGNORECASE)
    return _Detector(pattern, entries, tuple(conflicts), _lower_case_equivalent(pattern))


def _case_ok(surface: str, rule: str) -> bool:
    if not rule:
        return True
    if _is_title(rule):  # "Jordan", "State Department": a capital first letter
        return surface[:1].isupper()
    # Acronyms and mixed case ("US", "DoT"): exactly as written, ignoring punctuation.
    return _NON_WORD.sub("", surface) == _NON_WORD.sub("", rule)


@lru_cache(maxsize=8192)
def _lookup(surface: str) -> _Entry | None:
    """The entry for a matched surface form, or None when its case rules it out."""
    entry = _detector().entries.get(_detect_key(surface))
    return entry if entry is not None and _case_ok(surface, entry.cased) else None


def _prepare(text: str) -> tuple[str, list[int], list[int]]:
    """The folded text without abbreviation dots, the removed positions and their shifts."""
    folded = _fold_same_length(text)
    if "." not in folded or not _ABBREVIATION_GATE.search(folded):
        return folded, [], []
    removed: list[int] = []
    for match in _ABBREVIATION.finditer(folded):
        removed.extend(i for i in range(match.start(), match.end()) if folded[i] == ".")
    if not removed:
        return folded, [], []
    drop = set(removed)
    prepared = "".join(c for i, c in enumerate(folded) if i not in drop)
    shifts = [position - n for n, position in enumerate(removed)]
    return prepared, removed, shifts


# "Commission" alone is the European Commission, but not inside another body's name ("Federal
# Trade Commission", "Cyberspace Affairs Commission of China"): the word before it, when only
# spaces separate them, must be one of these, or not part of a name (capitalised, "and", "of").
_COMMISSION_KEY = "commission"
_COMMISSION_AFTER = frozenset({"european", "the", "eu"})
_NAME_LINKS = frozenset({"and", "of", "for", "on"})
_WORD_BEFORE = re.compile(r"([^\W_]+)(?:['’][sS])?[ \t\u00a0]+$")


def _inside_a_name(prepared: str, start: int) -> bool:
    """Whether the "Commission" at ``start`` ends another body's name ("Federal Trade ...")."""
    before = _WORD_BEFORE.search(prepared, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1)
    if word.casefold() in _COMMISSION_AFTER:
        return False
    return word[:1].isupper() or word.casefold() in _NAME_LINKS


def find_mentions(text: str) -> list[Mention]:
    """Every country mentioned in ``text``, in order, with spans into ``text`` itself."""
    return list(_mentions_of(text)) if text else []


@lru_cache(maxsize=16)  # an article's headline and standfirst are read by classify and grouping
def _mentions_of(text: str) -> tuple[Mention, ...]:
    detector = _detector()
    prepared, removed, shifts = _prepare(text)
    removed_set = set(removed)
    mentions: list[Mention] = []
    position = 0
    search, scanned = detector.pattern.search, prepared
    if detector.lowered is not None and prepared.isascii():
        search, scanned = detector.lowered.search, prepared.lower()  # the same length
    while (match := search(scanned, position)) is not None:
        entry = _lookup(prepared[match.start() : match.end()])
        if entry is None:
            position = match.start() + 1
            continue
        position = match.end()
        if entry.kind == "stop":
            continue
        if _detect_key(match.group()) == _COMMISSION_KEY and _inside_a_name(
            prepared, match.start()
        ):
            continue
        start = match.start() + bisect_right(shifts, match.start())
        last = match.end() - 1
        end = last + bisect_right(shifts, last) + 1
        while end in removed_set:  # the final dot of "U.S."
            end += 1
        if entry.kind == "code" and text[end : end + 1] == "$":
            continue  # "US$5bn" is a currency
        mentions.append(Mention(entry.iso2, start, end, text[start:end], entry.kind))
    return tuple(mentions)


def countries_in(text: str) -> list[Country]:
    """The distinct countries mentioned in ``text``, in order of first mention."""
    countries = _gazetteer().countries
    seen = dict.fromkeys(m.iso2 for m in find_mentions(text))
    return [countries[iso2] for iso2 in seen]


# -- other languages ------------------------------------------------------------------------
#
# Country names in the other languages the bot reads come from CLDR (through Babel): every
# territory's name in that language, e.g. "Deutschland", "Allemagne", "Niemcy". The language's
# lexicon file (bot/data/lexicon/<lang>.toml, ``[countries]``) adds what CLDR does not have:
# the endings names take in running text ("Deutschlands", "Polski", "Germaniei"), irregular
# and other forms ("w Polsce", "EEUU", "SUA", "Brüssel" for the EU), and adjectives
# ("französisch*", "niemieck*"). Matching is by words of the folded, lower-cased text; a name
# must be written with a capital (adjectives need not), and a short form (four letters or
# fewer: "USA", "UE", "VS") exactly as listed. English names, codes, capitals, agencies and
# operators (:func:`find_mentions`) count too where no name of the language covers them.

_WORD = re.compile(r"[^\W_]+")
_VOWEL_END = frozenset("aeiouyăâîąęó")


@dataclass(frozen=True, slots=True)
class _LangNames:
    # folded words -> (iso2, kind, cased: "" or the spellings, "|"-joined, a short form needs)
    forms: dict[tuple[str, ...], tuple[str, str, str]]
    # The inflected forms of the names ("polski", "polsce" for "Polska"), not written out (a
    # name of three words has thousands): per name, in order, its code and each word's
    # forms; and (words, first word's form) -> those names. ``inflected`` reads them.
    inflections: tuple[tuple[str, tuple[frozenset[str], ...]], ...]
    by_first: dict[tuple[int, str], tuple[int, ...]]
    stems: dict[str, str]  # adjective stem (folded) -> iso2
    exact: dict[str, str]  # adjective written without "*" (folded) -> iso2
    longest: int  # the most words in a form
    stem_lengths: tuple[int, int]  # the shortest and longest stem
    # The first word of every form -> the most words in a form starting with it: a word no
    # form starts with is passed at once, with one look-up instead of one per length.
    starts: dict[str, int]
    # The first ``stem_lengths[0]`` letters of every stem: a word starting otherwise can be
    # no adjective of a stem (only an exact one).
    stem_heads: frozenset[str]


@lru_cache(maxsize=1 << 15)
def _fold_word(word: str) -> str:
    return _strip_marks(word).casefold() if not word.isascii() else word.casefold()


def _variants(word: str, suffixes: Sequence[str]) -> set[str]:
    """A name's word and the forms its endings give ("polska" -> "polski", "polsce"...)."""
    out = {word}
    if len(word) >= 4:
        out.update(word + s for s in suffixes)
        if len(word) >= 5 and word[-1] in _VOWEL_END:
            out.update(word[:-1] + s for s in suffixes)
    return out


_ALT_SPELLING = re.compile("[äöüåøÄÖÜÅØ]")
_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "å": "aa",
        "ø": "oe",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "Å": "Aa",
        "Ø": "Oe",
    }
)


def _transliterated(name: str) -> str:
    """``name`` as written without its umlauts and Nordic letters ("Österreich" ->
    "Oesterreich", "Færøerne" -> "Færoeerne")."""
    return name.translate(_TRANSLITERATION)


@cache
def cldr_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(iso2, name) of every country the bot knows as CLDR (through Babel) writes it in
    ``lang`` (Portuguese: Brazil's and Portugal's spellings), without qualifiers."""
    from babel import Locale  # CLDR; imported only when another language is read

    known = _gazetteer().countries
    names: list[tuple[str, str]] = []
    for name in [lang] + (["pt_PT"] if lang == "pt" else []):
        for code, label in Locale.parse(name).territories.items():
            if code in known or code in ("EU", "XK"):
                names.append((code, label.split(" (")[0].split(",")[0]))
    return tuple(names)


def languages_built() -> int:
    """How many languages' place names this process has built (:func:`_lang_names`)."""
    return _lang_names.cache_info().currsize


@cache
def _lang_names(lang: str) -> _LangNames:
    from bot.news import lexicon  # the per-language data files

    data = lexicon.raw(lang).get("countries", {})
    suffixes = [_fold_word(s) for s in data.get("suffixes", [])]
    names = list(cldr_names(lang))
    forms: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for iso2, extra in data.get("forms", {}).items():
        for form in [*extra, *(_transliterated(f) for f in extra if _ALT_SPELLING.search(f))]:
            key = tuple(_fold_word(w) for w in _WORD.findall(form))
            cased = form if len(form.replace(".", "").replace(" ", "")) <= 4 else ""
            known = forms.get(key)
            if known and known[0] == iso2 and known[2] and cased:
                # Two spellings of one short form, each exactly so: "USA" and "Usa".
                forms[key] = (iso2, "alias", f"{known[2]}|{cased}")
            elif key:
                forms.setdefault(key, (iso2, "alias", cased))
    # A name also in the spelling a text without its letters uses ("Oesterreich", "Daenemark").
    names += [
        (iso2, _transliterated(label)) for iso2, label in names if _ALT_SPELLING.search(label)
    ]
    for iso2, label in names:
        key = tuple(_fold_word(w) for w in _WORD.findall(label))
        if key:
            forms.setdefault(key, (iso2, "name", label if len(label) <= 4 else ""))
    inflections: list[tuple[str, tuple[frozenset[str], ...]]] = []
    by_first: dict[tuple[int, str], list[int]] = {}
    variants: dict[str, frozenset[str]] = {}
    for iso2, label in names:  # inflected forms after every exact one
        words = [_fold_word(w) for w in _WORD.findall(label)]
        if not words or len(words) > 3 or (len(words) == 1 and len(words[0]) < 4):
            continue
        each = tuple(
            variants.setdefault(word, frozenset(_variants(word, suffixes))) for word in words
        )
        for first in each[0]:
            by_first.setdefault((len(each), first), []).append(len(inflections))
        inflections.append((iso2, each))
    stems: dict[str, str] = {}
    exact: dict[str, str] = {}
    for iso2, adjectives in data.get("adjectives", {}).items():
        for adjective in [*adjectives, *map(_transliterated, adjectives)]:
            if adjective.endswith("*"):
                stems.setdefault(_fold_word(adjective[:-1]), iso2)
            else:
                exact.setdefault(_fold_word(adjective), iso2)
    longest = max([len(k) for k in forms] + [len(each) for _iso2, each in inflections] or [1])
    lengths = [len(stem) for stem in stems] or [3]
    low = max(3, min(lengths))
    starts: dict[str, int] = {}
    for key in [*forms, *((first,) * n for n, first in by_first)]:
        starts[key[0]] = max(starts.get(key[0], 0), len(key))
    heads = frozenset(stem[:low] for stem in stems if len(stem) >= low)
    return _LangNames(
        forms,
        tuple(inflections),
        {key: tuple(found) for key, found in by_first.items()},
        stems,
        exact,
        longest,
        (low, max(lengths)),
        starts,
        heads,
    )


def _form(names: _LangNames, key: tuple[str, ...]) -> tuple[str, str, str] | None:
    """What these folded words are: an exact form first, else the first name (in order) of
    which each word is one of the forms (the name's own words among them)."""
    entry = names.forms.get(key)
    if entry is not None:
        return entry
    for index in names.by_first.get((len(key), key[0]), ()):
        iso2, each = names.inflections[index]
        if all(word in forms for word, forms in zip(key[1:], each[1:], strict=True)):
            return iso2, "name", ""
    return None


def _adjective(word: str, names: _LangNames) -> str | None:
    if word in names.exact:
        return names.exact[word]
    low, high = names.stem_lengths
    if word[:low] not in names.stem_heads:
        return None  # no stem is a prefix of it
    for end in range(min(len(word), high), low - 1, -1):
        iso2 = names.stems.get(word[:end])
        if iso2 is not None:
            return iso2
    return None


def find_mentions_in(text: str, lang: str) -> list[Mention]:
    """Every country mentioned in ``text`` written in ``lang`` (an ISO 639-1 code), in order.

    English text (or a language without a lexicon) is read by :func:`find_mentions`.
    """
    from bot.news import lexicon

    if not text:
        return []
    if lang == "en" or lang not in lexicon.LANGUAGES:
        return find_mentions(text)
    return list(_mentions_in(text, lang))


@lru_cache(maxsize=16)
def _mentions_in(text: str, lang: str) -> tuple[Mention, ...]:
    names = _lang_names(lang)
    starts, exact, heads = names.starts, names.exact, names.stem_heads
    low = names.stem_lengths[0]
    words = list(_WORD.finditer(text))
    folded = [_fold_word(w.group()) for w in words]
    count = len(words)
    found: list[Mention] = []
    i = 0
    while i < count:
        word = folded[i]
        hit: Mention | None = None
        for n in range(min(starts.get(word, 0), count - i), 0, -1):
            entry = _form(names, tuple(folded[i : i + n]))
            if entry is None:
                continue
            iso2, kind, cased = entry
            start, end = words[i].start(), words[i + n - 1].end()
            surface = text[start:end]
            if cased and not any(
                _NON_WORD.sub("", surface) == _NON_WORD.sub("", c) for c in cased.split("|")
            ):
                continue
            if not cased and not surface[:1].isupper():
                continue
            hit = Mention(iso2, start, end, surface, kind)
            i += n
            break
        if hit is None:
            # (an adjective needs more than three letters, and an exact form or a stem's head)
            if len(word) > 3 and (word in exact or word[:low] in heads):
                adjective = _adjective(word, names)
                if adjective is not None:
                    w = words[i]
                    hit = Mention(adjective, w.start(), w.end(), w.group(), "demonym")
            i += 1
        if hit is not None:
            found.append(hit)
    taken = [(m.start, m.end) for m in found]
    for m in find_mentions(text):  # codes, capitals, agencies, operators, English names
        if not any(s < m.end and m.start < e for s, e in taken):
            found.append(m)
    found.sort(key=lambda m: m.start)
    return tuple(found)
