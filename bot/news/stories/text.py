"""Grouping's words: tokens of headlines and standfirsts, signatures, the outlet's home
country, weights and similarity, normalised links; and the time windows and threshold."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from bot import countries

WINDOW = timedelta(days=4)
CLOSE_WINDOW = timedelta(days=7)
# The longest an article may come after a story's first one and still join it ("the same
# development, within days"); the pipeline offers the stories last seen within it.
STATUS_WINDOW = CLOSE_WINDOW
THRESHOLD = 0.45
# The same country with the same status within two days is one decision, in any language.
SAME_DECISION_WINDOW = timedelta(days=2)
SAME_DECISION_SCORE = 0.5

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_POSSESSIVE = re.compile(r"['’]s\b")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
# What every match of _ORDINAL (of _POSSESSIVE) holds: a text without it is left as it is,
# with one quick scan instead of a substitution.
_ORDINAL_GATE = re.compile(r"\d(?:st|nd|rd|th)")
_APOSTROPHES = ("'", "’")


def _wordset(words: str) -> frozenset[str]:
    """A lexicon written as space-separated words."""
    return frozenset(words.split())


_STOP = _wordset(
    """
    a an the and or of to in on for from with by at as is are was were be been being its it
    this that these those after over amid into about against than then new says say said will
    would could may might can has have had not no but if more most up out off per via vs
    report reports reportedly sources source news update updates latest exclusive analysis
    opinion why how what who when where which while week year years day days today his her
    their our your we you they he she them us also just now still again all any some one two
    three first next last set sets get gets got make makes made take takes took amidst despite
    before under until since between s t due well wont dont cant isnt way
    """
)
# Words that say the same thing in headlines, folded after stemming so outlets' wordings meet.
_GROUPS: dict[str, str] = {
    # Keeping the vendor out, in whatever words and degree: the status tells them apart.
    "ban": """
        ban bar exclud exclus exclusion block prohibit prohibition forbid forbidden shut kick
        blacklist veto halt keep lock prevent reject shun snub remov removal strip rip replac
        replacement phase drop abandon ditch purg away leav edg restrict restriction curb limit
        cap
        """,
    "urge": """
        urg warn press pressur push prod forc ask tell told threaten demand caution lobby call
        """,
    "allow": "allow permit let greenlight open welcom involv participat",
    "deal": """
        deal agreement contract mou memorandum memoranda pact partnership partner collaboration
        cooperation tie
        """,
    "sign": "sign ink strik struck seal award win won",
    "review": """
        review assess assessment consult consultation probe investigat scrutin weigh consider
        mull eye study wary
        """,
    "law": "law bill legislation act direction measur rule decre",
    "sue": "sue lawsuit arbitration court litigation",
    "launch": "launch unveil roll release debut arriv rollout roll-out",
    "phone": "phone phon smartphone smartphon handset cellphone device devic",
    "chip": "chip chipset semiconductor processor soc ic",
    "revenu": "revenu sale profit earning incom growth",
    "network": "network infrastructur",
    "gear": "gear equipment kit tech technology technologi component part product",
    "telecom": "telecom telecommunication telco telecommun",
    "operator": "operator carrier provider isp",
    "govern": "govern government govt gov cabinet administration state",
    "end": "end stop ceas quit",
    "delay": "delay postpon defer slip wait extend extension",
}
_SYNONYMS = {word: head for head, words in _GROUPS.items() for word in words.split()}
# Words every article about Huawei policy shares: they say little about which event it is.
_COMMON = _wordset(
    """
    huawei zte 5g network gear telecom operator govern chines china secur nation plan firm
    compani company vendor giant @cn mobil wireless countri country offici move security
    """
)
_EVENT = frozenset({"ban", "urge", "allow", "deal", "sign", "review", "law", "sue"})


def _fold(text: str) -> str:
    """Casefolded, without accents. Decomposing is per character and the combining marks
    (the only characters its reordering moves) are dropped, so each non-ASCII character is
    folded on its own (once, :func:`_fold_char`) with the same result as the whole text."""
    if text.isascii():
        return text.casefold()
    return _NON_ASCII.sub(_fold_match, text).casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(match: re.Match[str]) -> str:
    return _fold_char(match.group())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(word: str) -> str:
    """A light suffix stripper: "bans", "banned", "banning" -> "ban"; "removes" -> "remov"."""
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # "banning" -> "bann" -> "ban"
            break
    else:
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith(("sses", "xes", "ches", "shes")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _plain(text: str) -> str:
    """Folded, without possessive "'s" and with ordinals as numbers ("5th" -> "5")."""
    text = _fold(text)
    if _APOSTROPHES[0] in text or _APOSTROPHES[1] in text:
        text = _POSSESSIVE.sub("", text)
    if _ORDINAL_GATE.search(text):
        text = _ORDINAL.sub(r"\1", text)
    return text


def _words(text: str) -> list[str]:
    text = _plain(text)
    raw: list[str] = _WORD.findall(text.replace("'", "").replace("’", ""))
    if "-" not in text and "os" not in raw:
        return raw  # nothing to join (most text)
    out: list[str] = []
    for index, word in enumerate(raw):
        parts = word.split("-")
        # "F-35", "AWS-3", "C-Band": a letter or a number with its neighbour is one name.
        if len(parts) > 1 and any(len(p) == 1 or p.isdigit() for p in parts):
            parts = ["".join(parts)]
        for part in parts:
            if part == "os" and index > 0 and out:
                out[-1] = out[-1] + "os"  # "Harmony OS" = "HarmonyOS"
                continue
            out.append(part)
    return out


def tokens(title: str) -> frozenset[str]:
    """Content words of a headline, stemmed and folded, with countries replaced by codes."""
    # A leader's name ("Theresa May") stays a word: it is no place the headline names.
    spans = [m for m in countries.find_mentions(title) if m.kind != "leader"]
    codes = {f"@{m.iso2.lower()}" for m in spans}
    text = title
    for m in reversed(spans):
        text = text[: m.start] + " " + text[m.end :]
    found = {_token(word) for word in _words(text)}
    found.discard("")
    return frozenset(found | codes)


@lru_cache(maxsize=1 << 16)
def _token(word: str) -> str:
    """A word as grouping compares it: stemmed and folded into its synonyms; "" when ignored."""
    if word in _STOP or (len(word) < 2 and not word.isdigit()):
        return ""
    stem = _stem(word)
    return _SYNONYMS.get(word) or _SYNONYMS.get(stem) or stem


SUMMARY_CHARS = 400  # the standfirst: feeds' summaries run from one line to whole articles
_CONTEXT_MARK = "~"  # a standfirst word in a stored signature


def context_tokens(
    summary: str | None,
    words: frozenset[str] = frozenset(),
    *,
    outlet: str | None = None,
    link: str | None = None,
) -> frozenset[str]:
    """The standfirst's content words (its first ``SUMMARY_CHARS`` characters) not in ``words``;
    with the outlet's home country as a hint ("^ie") when neither names a country but China."""
    found: frozenset[str] = frozenset()
    if summary:
        text = summary[:SUMMARY_CHARS]
        if len(summary) > SUMMARY_CHARS:
            text = text.rsplit(" ", 1)[0]  # no half word at the cut
        found = tokens(text) - words
    if outlet or link:
        home = home_country(outlet, link)
        if home and not (_named(words) or _named(found)):
            found = found | {_HOME_MARK + home.lower()}
    return found


def _named(words: frozenset[str]) -> bool:
    """Whether these words name a country other than China."""
    return any(w[0] == "@" and w != "@cn" for w in words)


_HOME_MARK = "^"  # the outlet's home country, a hint in the standfirst words: "^ie"
# Country-code domains used worldwide for other reasons (".io", ".tv", ".ai"...): no home.
_GENERIC_TLDS = _wordset(
    """
    ac ad ag ai am as bz cc cd cf cm co cx dj fm ga gd gg gl gq gs im io la ly md me ml ms mu
    nu pw sc sh so st su tk tm to tv vc vg ws
    """
)
_TLD_COUNTRY = {"uk": "GB"}  # the other country-code domains are the ISO codes


def home_country(outlet: str | None, link: str | None = None) -> str | None:
    """The country a news outlet is at home in, from its name ("Irish Examiner", "The Kathmandu
    Post": a name, demonym or capital) or else its link's country-code domain (".ie", ".co.uk",
    not generic ones such as ".io" or ".tv"); None for China, several countries or none."""
    by_name = _outlet_country(outlet) if outlet else None
    if by_name is not None:
        return by_name or None
    if not link or "://" not in link:
        return None
    try:
        host = urlsplit(link.strip()).hostname
    except ValueError:  # "http://[::1": not a link
        return None
    return _domain_country(host) if host else None


@lru_cache(maxsize=4096)
def _outlet_country(outlet: str) -> str | None:
    """The one country an outlet's name names; "" for China or several (no home), None for
    none (the link may tell)."""
    found = {m.iso2 for m in countries.find_mentions(outlet)}
    if not found:
        return None
    return found.pop() if len(found) == 1 and "CN" not in found else ""


@lru_cache(maxsize=4096)
def _domain_country(host: str) -> str | None:
    tld = host.rstrip(".").rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or not tld.isalpha() or tld in _GENERIC_TLDS:
        return None
    iso2 = _TLD_COUNTRY.get(tld, tld.upper())
    if iso2 == "CN" or iso2 not in _ISO2:
        return None
    return iso2


_ISO2 = frozenset(c.iso2 for c in countries.all_countries())
_HOME_TOKENS = frozenset(_HOME_MARK + iso2.lower() for iso2 in _ISO2)


def signature(title: str, summary: str | None = None) -> str:
    """A story's words as stored: the headline's, then the standfirst's marked with "~"."""
    words = tokens(title)
    return encode_signature(words, context_tokens(summary, words))


def encode_signature(words: Iterable[str], context: Iterable[str] = ()) -> str:
    """The stored form of a story's headline and standfirst words (``parse_signature``)."""
    return " ".join([*sorted(words), *(_CONTEXT_MARK + w for w in sorted(context))])


def parse_signature(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(headline words, standfirst words) of a stored signature; old ones have no standfirst."""
    words: list[str] = []
    context: list[str] = []
    for word in text.split():
        if word.startswith(_CONTEXT_MARK):
            context.append(word[len(_CONTEXT_MARK) :])
        else:
            words.append(word)
    return frozenset(words), frozenset(context)


@lru_cache(maxsize=1 << 17)
def _weight(word: str) -> float:
    """How much sharing this word says about two headlines being one story."""
    if word.startswith("@"):
        return 0.3 if word == "@cn" else 1.5  # a country, except the vendors' home
    if word in _COMMON or word in _function_words():
        return 0.25
    if word in _EVENT:
        return 0.8
    if any(c.isdigit() for c in word):
        return 1.2  # numbers and models: "F-35", "P30", "2027"
    return 1.0


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The other languages' stop words as grouping's tokens ("el", "og", "der", "gobierno"):
    ``_STOP`` drops only English ones, and a Spanish "el" or a Danish "og" shared by two
    headlines says as little about them being one story as "huawei" does. They weigh as the
    common words (the lexicons' lists: bot/data/lexicon/*.toml, ``stopwords``)."""
    from bot.news.lexicon import stopwords  # (imported here: the lexicons read countries too)

    out: set[str] = set()
    for lang, words in stopwords():
        if lang == "en":
            continue  # English stop words are _STOP; its lexicon's list has content words too
        for text in words:
            for word in _words(text):
                token = _token(word)
                if token and token[0] != "@" and token not in _GROUPS and not token.isdigit():
                    out.add(token)
    return frozenset(out)


def warm() -> None:
    """Build what weighing words reads (:func:`_function_words`: the lexicons' stop words,
    read from their TOML files), so that the bot's first cycle does not (``runtime.warm_up``)."""
    _function_words()


def _sum(words: Iterable[str]) -> float:
    return sum(map(_weight, words))


@lru_cache(maxsize=65536)
def _total(words: frozenset[str]) -> float:
    return _sum(words)


def _similarity(a: frozenset[str], b: frozenset[str], shared: frozenset[str]) -> float:
    return _similarity_of(_sum(shared), _total(a), _total(b))


def _similarity_of(weight: float, total_a: float, total_b: float) -> float:
    """The similarity of two headlines of these weights sharing words of ``weight``."""
    if weight == 0:
        return 0.0
    jaccard = weight / (total_a + total_b - weight)
    overlap = weight / min(total_a, total_b)
    # A short headline inside a long one counts, if they share more than the obvious.
    return max(jaccard, _OVERLAP * overlap if weight >= _OVERLAP_WEIGHT else _THIN * overlap)


_OVERLAP = 0.85  # the factor of the overlap when the shared words weigh _OVERLAP_WEIGHT or more
_OVERLAP_WEIGHT = 2.0
_THIN = 0.5  # ... and when they weigh less


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Weighted overlap of two token sets, 0..1, tolerant of one headline being longer."""
    if not a or not b:
        return 0.0
    return _similarity(a, b, a & b)


@lru_cache(maxsize=8192)
def link_key(link: str | None) -> str | None:
    """A link as grouping compares it: no scheme, "www.", query order, fragment or end slash."""
    if not link:
        return None
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    if not host:
        return None
    path = parts.path.rstrip("/") or "/"
    query = "&".join(sorted(q for q in parts.query.split("&") if q))
    return urlunsplit(("", host, path, query, ""))
