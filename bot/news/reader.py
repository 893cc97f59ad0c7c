"""Reading an article in a language other than English, by the same house rules.

The words come from the language's lexicon (:mod:`bot.news.lexicon`); the countries from the
one resolver (:func:`bot.countries.find_mentions_in`). Each title clause and summary sentence
is read as a clause:

* **what**: a *cue* (a ban, an exclusion, a removal, a restriction, a review, a declaration, a
  permission, the use of the vendor, a deal) counts only in a clause about the vendor (Huawei,
  ZTE, "high-risk vendors"; a summary sentence may lean on its title's vendor);
* **negation** in the words right before the cue, inside it ("schließt Huawei nicht aus") or
  right after it ("forbyder ikke") turns a ban into ``allowed``, a permission into a ban, and
  drops a review, a use or a deal; a negation phrase may start at the cue and run on ("boccia
  la lista nera") or start further back and end in it; a cue that is a negative phrase itself
  ("sin Huawei", "se queda sin") is not negated by its own word;
* **modality** anywhere before the cue in its clause ("könnte", "envisage", "planea", "rozważa"),
  a speculation phrase that takes the cue in ("n'exclut pas de bannir", "valuta di escludere")
  or a question mark ends the reading: speculation gives no finding; an intent the negation
  list denies ("no tiene previsto", "non intende": no plans to) is a negation instead;
* **background** right before the cue ("trotz des Verbots", "malgré") drops it; **pressure**
  ("drängt", "exhorte", "naciska") before it makes it someone's wish, not a decision, unless a
  comma closes the pressure phrase ("Sous la pression américaine, la Pologne exclut ...") or
  a frame names who presses and another country acts after it ("Su pressione degli Usa
  l'Italia esclude ...");
* **scope** (core, critical parts, caps, conditions) makes a ban a restriction; a **bill** not
  yet enacted makes it ``under_review``; a **reversal** ("hebt ... auf") makes it ``allowed``;
* **who acts**: the nearest country before the cue that is not in a background or pressure
  phrase and not China; else the first after it in the same phrase; else the article's first
  such country; else the outlet's (or the language's) home country when a government acts. An
  operator (named, or the common noun: "les opérateurs belges") acting with no government in
  the clause is a company's choice: no status; the use of the vendor is the weakest reading
  of a country. A deal
  is a ``partner`` finding only with the state in it (a government, ministry, state operator).

Also: a cue that starts with its own negation ("uden Huawei", "nie dopuści") keeps its
meaning, and a refusal beside a ban governs it ("afviser et forbud": no ban); a refusal bans
only the vendor it names; a review right before a ban is the news ("prüft ein Verbot"); a
negated intent is no plan to ban; resisting pressure to ban is no ban; a cabinet adopting a
bill is a step, not the enactment; background, pressure and negation do not reach past a
comma or colon, nor a background phrase past the country it is about; a relative clause
right after a country ("la Svezia, che ha escluso Huawei, ...") is background; declining to
join or follow another country in a ban ("non si unisce al Regno Unito nel bandire") is no
ban; operators obliged to act ("obrigadas a retirar") act for the state; a cue word inside an
authority's name ("Comissão de Avaliação de Segurança") is no cue.

A title that explains ("Welche Länder ...", a question) or reports the vendor's own words
gives no status. Per country, the title's reading beats the summary's, and the summary only
refines the title's countries when the title has a finding.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot import countries
from bot.news import lexicon as lx
from bot.status import FINDING_RANK

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]»”]*\s+(?=[\"'(\[«„“]?[A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻȘȚĂÎÂ0-9])")
_TITLE_SEP = re.compile(r"\s+[–—-]\s+|;\s*|\s+\|\s+|[.!?]+\s+(?=\S)")
_PHRASE_BREAK = re.compile(r"[:;]")
# A dotted abbreviation ("EE.UU.", "EE. UU.", "É.-U.", "U.S."): its periods end no sentence.
_ABBREVIATION = re.compile(r"(?<![^\s(\"'«“])(?:[A-ZÀ-Þ]{1,2}\.[\s-]?){2,}")

# Four words; an elided article or preposition is part of its word ("l'idée", "d'une",
# "dell'Italia").
_WORDS_BEFORE = re.compile(r"(?:(?:[^\W_]+['’])?[^\W_]+\W+){0,4}$")
# The same, tried only where a word starts (issue 11: a try inside a word ends as the try at
# its start does, so the first match is the same; 3-4x faster). Read by :func:`_words_before`
# on the window alone, where the window's first character starts a word too.
_WORDS_BEFORE_AT_WORDS = re.compile(f"(?<![^\\W_])(?:{_WORDS_BEFORE.pattern})")
_WORDS_AFTER = re.compile(r"\W+(?:[^\W_]+\W+){0,1}[^\W_]+")
_CLAUSE_AFTER = re.compile(r"(?:[^\w,;:.!?]+[^\W_]+){1,5}")  # up to five words, no punctuation
_BANS = ("ban", "remove", "restrict")
_THREE_AFTER = re.compile(r"(?:\W+[^\W_]+){0,3}")
_PUNCT = re.compile(r"[,;:.!?]")
_PUNCT_BREAK = re.compile(r"[,;:]")
_THREE_BETWEEN = re.compile(r"[^\w,;:.!?]*(?:[^\W_]+[^\w,;:.!?]+){0,3}")  # no punctuation
_FOUR_BETWEEN = re.compile(r"[^\w,;:.!?]*(?:[^\W_]+[^\w,;:.!?]+){0,4}")  # no punctuation
_FIRST_WORD = re.compile(r"\W*[^\W_]+")
_GOVERNED = re.compile(r"[\s\-]*(?:[^\W_]+[\s\-]+){0,2}")  # up to two words, no punctuation
_SAID_HEAD = re.compile(r"^\W*(?:[^\W\d_]+\W+){0,3}?(huawei|zte)\w*\s*(?::|\w+\W+){0,3}")

_BASE_WEIGHT = {
    "banned": 0.8,
    "restricted": 0.75,
    "under_review": 0.65,
    "allowed": 0.7,
    "partner": 0.7,
}
# Mentions that name the state itself ("Österreich setzt auf Huawei"), not an adjective.
_STATE_KINDS = frozenset({"name", "alias", "code", "capital", "leader", "agency"})
# Mentions an operator's name may hold: its own, or an adjective starting it ("Deutsche Telekom").
_OWN_NAME = frozenset({"operator", "demonym"})
# How far (characters) the vendor may be from a permission, a use or a deal about it.
_REACH = {"allow": 50, "use": 40, "partner": 80}


@dataclass(slots=True)
class Reading:
    """One cue read in its clause: a country and a status, with the words behind it."""

    iso2: str
    status: str
    weight: float
    in_title: bool
    evidence: list[str]
    # The clause names its country itself: by its name, or by an adjective beside a
    # government ("le gouvernement belge", not "des britischen Anbieters"), not by a country
    # borrowed from another sentence; the outlet's home government counts.
    named: bool = True

    @property
    def formal(self) -> bool:
        """A formal step (a bill, a declaration): news even under an undecided title."""
        return self.status == "under_review" and self.evidence[0].startswith(
            ("bill:", "declaration:")
        )


def _words_before(low: str, start: int, reach: int = 60) -> int:
    """Where the (up to) four words before ``start`` begin, within ``reach`` characters: what
    ``_WORDS_BEFORE.search(low, start - reach, start)`` finds, or ``start``."""
    lo = max(0, start - reach)
    window = _WORDS_BEFORE_AT_WORDS.search(low[lo:start])
    return lo + window.start() if window else start


def _units(text: str, in_title: bool) -> list[tuple[int, int]]:
    cuts = [0]
    finder = _TITLE_SEP if in_title else _SENTENCE_END
    dotted = [(a.start(), a.end()) for a in _ABBREVIATION.finditer(text)] if "." in text else []
    cuts.extend(
        m.end() for m in finder.finditer(text) if not any(a <= m.start() < b for a, b in dotted)
    )
    cuts.append(len(text))
    return [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]


def relevance(lex: lx.Lexicon, title: str, summary: str) -> tuple[float, list[str]]:
    """A 0..1 score for how much the text is about Huawei/ZTE network policy, and why (the
    same weights as the English score)."""
    t_low, s_low = lx.lower(title), lx.lower(summary)
    text = f"{t_low}\n{s_low}"
    original = f"{title}\n{summary}".lower()  # the words as written, for the evidence
    if len(original) != len(text):
        original = text

    def found(kind: str, start: int = 0, end: int = len(text)) -> list[str]:
        pat = lex.relevance.get(kind)
        if pat is None:
            return []
        return [original[m.start() : m.end()] for m in pat.finditer(text, start, end)]

    vendor = found("vendor")
    angle = found("angle")
    network = set(found("network"))
    policy = set(found("policy"))
    off_title = set(found("off_topic", 0, len(t_low)))
    off_body = set(found("off_topic", len(t_low) + 1))
    if off_body and not off_title and _decided_in_title(lex, t_low):
        # "Le Portugal exclut Huawei de la 5G" over "le numéro deux mondial des smartphones":
        # the standfirst describes the vendor, the title is the news
        off_body = set()
    if _older_only(lex, text):
        off_title.add("4g only")  # a 4G deal, no exclusion: not 5G policy
    strong = any(v.startswith(("huawei", "zte")) for v in vendor)
    return lx.weigh_relevance(vendor, angle, network, policy, off_title, off_body, strong=strong)


def vendor_in(lex: lx.Lexicon, text: str) -> bool:
    """Does ``text`` name the vendor (Huawei, ZTE, "les équipementiers chinois")?"""
    vendor = lex.relevance.get("vendor")
    return vendor is not None and vendor.search(lx.lower(text)) is not None


def _decided_in_title(lex: lx.Lexicon, t_low: str) -> bool:
    """A title naming the vendor, 5G and a ban, restriction, removal or permission."""
    vendor, newer = lex.relevance.get("vendor"), lex.relevance.get("newer")
    if vendor is None or newer is None or not vendor.search(t_low) or not newer.search(t_low):
        return False
    return any(c.lastgroup in (*_BANS, "allow") for c in lex.cue.finditer(t_low))


# Substring tests in C, read from a pattern, before a scan that rarely matches (issue 11).
_may_match = functools.cache(lx.may_match)


def _older_only(lex: lx.Lexicon, text: str) -> bool:
    """Does the text name 4G, 3G or LTE, never 5G, with no security concern, and ban,
    restrict or remove nothing (a 4G deal is not 5G policy)?"""
    older, newer = lex.relevance.get("older"), lex.relevance.get("newer")
    if older is None or not _may_match(older)(text) or not older.search(text):
        return False
    security = lex.relevance.get("security")
    if any(p is not None and p.search(text) for p in (newer, security)):
        return False
    return not any(c.lastgroup in _BANS for c in lex.cue.finditer(text))


class _Clause:
    """One title clause or summary sentence and what its cues need."""

    def __init__(
        self,
        lex: lx.Lexicon,
        text: str,
        in_title: bool,
        mentions: list[countries.Mention],
    ) -> None:
        self.lex = lex
        self.text = text
        self.low = lx.lower(text)
        self.exact = lx.exact(text, self.low)
        self.in_title = in_title
        self.mentions = mentions
        vendor = lex.relevance.get("vendor")
        self.vendors = [(m.start(), m.end()) for m in vendor.finditer(self.low)] if vendor else []
        angle = lex.relevance.get("angle")
        self.angle = bool(angle and angle.search(self.low))
        self.government = lex.find("government", self.low)
        # A cabinet adopting a bill is a step on it, never its enactment ("Kabinett beschließt
        # IT-Sicherheitsgesetz", "Rada Ministrów przyjęła projekt").
        self.enacted = lex.find("enacted", self.low) and not lex.find("cabinet", self.low)
        self.bill = lex.find("bill", self.low)
        self.eligible = [m for m in mentions if self._eligible(m)]
        opening = lex.context.get("subordinate")
        lead = len(self.low) - len(self.low.lstrip(" \"'«„“”"))
        self.subordinate = bool(opening and opening.match(self.low, lead))
        self.title_networks = False  # set for a standfirst sentence whose title names one

    def _before(self, start: int) -> int:
        """Where the four words before ``start`` begin."""
        return _words_before(self.low, start)

    def _eligible(self, m: countries.Mention) -> bool:
        if m.iso2 == "CN":
            return False
        if m.kind == "demonym" and self.lex.operator is not None:
            named = self.lex.operator.match(self.low, m.start)
            if named is not None and named.end() > m.end:
                return False  # part of an operator's name ("Deutsche Telekom")
        if any(s <= m.start < e for s, e in self.vendors):
            return False  # part of the vendor phrase ("chinesische Anbieter")
        begin = _after_break(self.low, self._before(m.start), m.start)
        if self._not_actor(begin, m):
            # background ("wie Großbritannien", "malgré les États-Unis") or the one joined
            # or followed ("rejoint les États-Unis", "folgt Großbritannien")
            return False
        if _pressed(self.lex, self.low, begin, m.start, self.mentions):
            return False  # "presiones de Estados Unidos", "richieste degli Stati Uniti"
        before = self.lex.context.get("not_actor_before")
        if before is not None:
            last = self.low[_words_before(self.low, m.start, 25) : m.start].split()[-2:]
            if any(before.fullmatch(" ".join(last[i:])) for i in range(len(last))):
                return False  # "mit den USA", "con Estados Unidos"
        after = self.low[m.end : m.end + 25]
        urge = self.lex.context.get("urge")
        return not (urge is not None and urge.match(after.lstrip(" -'’s")))  # "US-Druck"

    def _not_actor(self, begin: int, m: countries.Mention) -> bool:
        """A background or join phrase right before ``m`` and about it, not about another
        country named between ("nach dem Vorbild der USA verbannt Australien")."""
        found = self.lex.context.get("not_actor")
        if found is None:
            return False
        for w in found.finditer(self.low, begin, m.start):
            if not any(w.end() <= c.start and c.end <= m.start for c in self.mentions):
                return True
        return False

    def background(self, begin: int, start: int) -> bool:
        """A background phrase between ``begin`` and the cue at ``start`` ("trotz des Verbots"),
        not one about a country named before the cue ("nach dem Vorbild der USA verbannt
        Australien ...": the cue is the main clause's)."""
        found = self.lex.context.get("background")
        if found is None:
            return False
        for m in found.finditer(self.low, begin, start):
            if not any(m.end() <= c.start and c.end <= start for c in self.mentions):
                return True
        return False

    def own_clause(self, start: int) -> int:
        """Where the cue's own clause begins for its hedges: after the last comma or colon
        before the cue's subject, when one is named ("Après des mois de débat, la Suède
        exclut Huawei": the debate is over; "Le gouvernement pourrait, selon la presse,
        exclure Huawei" names none between, and a condition opening the sentence governs it:
        the hedge counts)."""
        actor = self.subject(start, start, False)
        if actor is None:
            return 0
        cut = max(self.low.rfind(p, 0, actor.start) for p in ",:;")
        if cut < 0:
            return 0
        first = _FIRST_WORD.match(self.low)
        if first is not None and _modal(self.lex, self.low, 0, first.end(), "", self.exact):
            return 0  # a condition opening the sentence governs it ("Si la loi ..., la France")
        return cut + 1

    def about_networks(self) -> bool:
        """The clause names a network, a mobile generation or telecoms (or, for a standfirst
        sentence, its title does): a deal with the vendor about e-government, training or
        smart cities is not network policy."""
        found = self.lex.relevance.get("network")
        return self.title_networks or (found is not None and found.search(self.low) is not None)

    def generic(self, begin: int, start: int, end: int) -> bool:
        """Many countries at once are the actor of the cue at ``start``..``end``: a
        ``generic`` phrase ("de nombreux pays", "varios países") in the words before it with
        no country named between, or right after it with no punctuation between ("banni par
        plusieurs pays")."""
        found = self.lex.context.get("generic")
        if found is None:
            return False
        for g in found.finditer(self.low, begin, start):
            if self._named(g.start(), g.end()):
                continue  # part of a country's name ("les Pays-Bas", "los Países Bajos")
            if not any(g.end() <= m.start and m.end <= start for m in self.eligible):
                return True
        later = found.search(self.low, end, min(len(self.low), end + 25))
        return (
            later is not None
            and not self._named(later.start(), later.end())
            and not _PUNCT.search(self.low, end, later.start())
        )

    def _named(self, start: int, end: int) -> bool:
        """Does a country's name overlap ``start``..``end``?"""
        return any(m.start < end and start < m.end for m in self.mentions)

    def relative(self, start: int) -> bool:
        """The cue is in a relative clause about the country named right before it ("la
        Svezia, che ha escluso Huawei, ...", "os EUA, que baniram a Huawei"): what that
        country did is background to the sentence's news."""
        found = self.lex.context.get("relative")
        before = [m for m in self.mentions if m.end <= start]
        if found is None or not before:
            return False
        gap = self.low[before[-1].end : start]
        lead = len(gap) - len(gap.lstrip(" ,"))
        word = found.match(gap, lead)
        return (
            gap[:lead].count(",") <= 1
            and word is not None
            and not _PUNCT.search(gap, word.end())
            and len(gap[word.end() :].split()) <= 3
        )

    def after_contrast(self, begin: int, start: int) -> int:
        """Where the words before the cue begin, not before a "but" ("nicht ..., aber")."""
        contrast = self.lex.context.get("contrast")
        if contrast is None:
            return begin
        last = None
        for last in contrast.finditer(self.low, begin, start):  # noqa: B007
            pass
        return last.end() if last is not None else begin

    def operator_acts(self, start: int) -> bool:
        """An operator named before the cue ("Orange", or "les opérateurs belges"), with no
        government in the clause, nor obliged to act ("Netzbetreiber müssen Huawei-Teile
        ausbauen", "operadoras obrigadas a retirar": the state obliges them)."""
        if self.government or self.lex.find("obliged", self.low, 0, start + 1):
            return False
        noun = self.lex.context.get("operator_noun")
        found = noun.search(self.low, 0, start) if noun is not None else None
        if found is not None and not any(
            m.kind in _STATE_KINDS and m.end <= found.start() for m in self.eligible
        ):
            return True  # not "La Suède oblige les opérateurs à retirer ..."
        return self.lex.operator is not None and any(True for _ in self.operators(0, start))

    def operators(self, start: int, end: int) -> list[str]:
        """The operators named between ``start`` and ``end`` (capitalised, not a country's
        name such as "EE.UU.", not the vendor)."""
        if self.lex.operator is None:
            return []
        found = []
        for m in self.lex.operator.finditer(self.low, start, end):
            surface = self.text[m.start() : m.end()]
            if (
                surface[:1].isupper()
                and not any(s <= m.start() < e for s, e in self.vendors)
                and not any(
                    c.start < m.end() and m.start() < c.end and c.kind not in _OWN_NAME
                    for c in self.mentions
                )
            ):
                found.append(surface)
        return found

    def state_acts(self, start: int) -> bool:
        """The state is a party to a deal at ``start``: a government word in the clause, or
        the country's own name as the subject before it ("Uruguay firma un acuerdo con
        Huawei", at most four words before the deal), not a place ("Au Maroc, Inwi signe ...":
        after a ``locative`` word)."""
        if self.government:
            return True
        if self.lex.context.get("locative") is None:
            return False  # a language with no such list: a government word only
        actor = self.subject(start, start, False)
        if actor is None or actor.kind not in _STATE_KINDS:
            return False
        if not _FOUR_BETWEEN.fullmatch(self.low, actor.end, start):
            return False  # not its subject ("Huawei-Gabon : au-delà de l'accord")
        before = self.low[_words_before(self.low, actor.start, 12) : actor.start].split()
        return not (before and self.lex.find("locative", before[-1]))

    def subject(self, start: int, end: int, after_too: bool = True) -> countries.Mention | None:
        places = [m for m in self.eligible if m.kind != "operator"]
        before = [m for m in places if m.end <= start]
        if before:
            return before[-1]
        if not after_too:
            return None
        # After the cue, in the same phrase: not past a colon ("golden power: a warning to
        # Beijing and a favour to Washington").
        after = [
            m for m in places if m.start >= end and not _PHRASE_BREAK.search(self.low, end, m.start)
        ]
        return after[0] if after else None


def _modal(
    lex: lx.Lexicon, low: str, start: int, end: int, kind: str, exact: str | None = None
) -> bool:
    """A speculation word between ``start`` and ``end``; "can" is permission, not a hedge,
    before a permission ("Huawei può partecipare"); an intent the negation list denies ("no
    tiene previsto", "ne compte pas": no plans to) is no speculation but a negation; an intent
    before a review ("will ... überprüfen") announces the review.
    ``exact``: the text lower-cased only, for the hedges told apart by their letters
    ("würde", not "wurde")."""
    if exact is not None and lex.find("modal_exact", exact, start, end):
        return True
    modal = lex.context.get("modal")
    if modal is None:
        return False
    for m in modal.finditer(low, start, end):
        if kind in ("allow", "use") and lex.find("can", m.group(0)):
            continue
        if kind == "review" and lex.find("intent", m.group(0)):
            continue  # "will ... überprüfen": a review announced is the news
        if _denied(lex, low, m):
            continue
        return True
    return False


def _denied(lex: lx.Lexicon, low: str, m: re.Match[str]) -> bool:
    """A negation phrase that takes in the speculation word ``m`` ("non intende")."""
    negation = lex.context.get("negation")
    if negation is None:
        return False
    around = negation.finditer(low, max(0, m.start() - 30), min(len(low), m.end() + 30))
    return any(n.start() <= m.start() and m.end() <= n.end() for n in around)


def _pressed(
    lex: lx.Lexicon,
    low: str,
    start: int,
    end: int,
    mentions: Sequence[countries.Mention] = (),
) -> bool:
    """Pressure words between ``start`` and ``end`` that bear on what follows: not when a comma
    closes the pressure phrase first ("Sous la pression américaine, la Pologne exclut ..."),
    nor past the country a frame names as the one pressing (``mentions``)."""
    urge = lex.context.get("urge")
    if urge is None:
        return False
    last = None
    for last in urge.finditer(low, start, end):  # noqa: B007
        pass
    if last is not None and mentions and _by_frame(lex, low, last):
        # "Su pressione degli Usa l'Italia esclude ...": the frame is about the one pressing
        # (the first country after it), not the one that acts after that.
        return not any(last.end() <= m.start < end for m in mentions)
    return last is not None and "," not in low[last.end() : end]


def _by_frame(lex: lx.Lexicon, low: str, urge: re.Match[str]) -> bool:
    """The pressure word ``urge`` is in a frame naming who presses ("su pressione degli Usa",
    "sob pressão dos EUA", "sub presiunea SUA"): the clause after it is a decision, not a
    wish."""
    frame = lex.context.get("pressure_by")
    if frame is None:
        return False
    around = frame.finditer(low, max(0, urge.start() - 20), min(len(low), urge.end() + 20))
    return any(f.start() <= urge.start() and urge.end() <= f.end() for f in around)


def _spans(lex: lx.Lexicon, low: str, cue: re.Match[str]) -> bool:
    """A speculation phrase that takes the cue in, starting before it or going on after it:
    "does not rule out banning" ("n'exclut pas de bannir", "nu exclude interzicerea"),
    "is weighing whether to" ("valuta di escludere", where "valuta" alone is a review)."""
    modal = lex.context.get("modal")
    if modal is None:
        return False
    for m in modal.finditer(low, max(0, cue.start() - 30), min(len(low), cue.end() + 40)):
        if (
            m.start() <= cue.start() < m.end()
            and (m.start() < cue.start() or m.end() > cue.end())
            and not _denied(lex, low, m)
        ):
            return True
    return False


def _no_plan(lex: lx.Lexicon, low: str, kind: str, negation_at: int, stop: int) -> bool:
    """A wish or plan to ban, negated ("will Huawei nicht ausschließen", "nie planuje zakazu",
    "overvejer ikke et forbud"): no plan to ban, which is ``allowed``. Only an *intent* word
    (want, plan, consider), not a possibility ("may give up banning" is still speculation);
    not a negation that is part of the hedge itself ("noch nicht entschieden", "keine
    Entscheidung"), nor a negated total ban."""
    if negation_at < 0 or kind not in ("ban", "remove", "restrict"):
        return False
    if not lex.find("intent", low, 0, stop):
        return False
    modal = lex.context.get("modal")
    if modal is not None and any(
        m.start() <= negation_at < m.end() for m in modal.finditer(low, 0, stop)
    ):
        return False
    return not lex.find("total", low, 0, stop + 20)


def _genre(explainer: re.Pattern[str], s_low: str) -> bool:
    """A standfirst opening with a genre label and a colon ("ANALYSE: ...")."""
    text = s_low.lstrip(" \"'«„“")
    m = explainer.match(text)
    return m is not None and (
        m.group().endswith(":") or text[m.end() : m.end() + 2].strip()[:1] == ":"
    )


def _own_negation(
    lex: lx.Lexicon, low: str, m: re.Match[str], start: int, end: int, kind: str
) -> bool:
    """A negation the cue starts with ("uden Huawei", "nie dopuści", "kein Zugang", "lehnt
    Huawei ab", "sem veto"): the cue already means what it says, unless a ban cue is a refusal
    of a ban word inside it ("lehnt ein Verbot ab"). One in its gap ("schließt Huawei nicht
    aus") counts."""
    if m.start() != start or m.end() > end:
        return False
    if kind not in _BANS:
        return True  # a permission that is itself a "no ban" ("sem veto", "sin restricciones")
    first = _FIRST_WORD.match(low, m.start())
    inner = lex.cue.search(low, first.end() if first else m.end(), end)
    return inner is None or inner.lastgroup not in _BANS


def _reviewed(cues: list[re.Match[str]], low: str, start: int) -> bool:
    """A review cue right before a ban (at most two words between, no punctuation): the
    ban is what is reviewed ("prüft ein Verbot", "undersøger et forbud", "analizuje zakaz")."""
    for c in cues:
        if c.start() >= start:
            return False
        if c.lastgroup == "review" and _GOVERNED.fullmatch(low, c.end(), start):
            return True
    return False


def _urged(
    lex: lx.Lexicon, low: str, start: int, mentions: Sequence[countries.Mention] = ()
) -> re.Match[str] | None:
    """The pressure before ``start`` that bears on it: not when a comma or colon closes the
    pressure phrase first ("Sous la pression américaine, la Pologne exclut ...", "Trotz
    Warnungen aus Washington: Ungarn lässt Huawei zu"), nor when a frame names who presses
    and another country (of ``mentions``) acts after it."""
    urge = lex.context.get("urge")
    if urge is None:
        return None
    found = None
    for found in urge.finditer(low, 0, start):  # noqa: B007
        pass
    if found is not None and _by_frame(lex, low, found):
        after = [m for m in mentions if found.end() <= m.start and m.end <= start]
        if len(after) >= 2:
            return None  # "Sob pressão dos EUA o Brasil veta a Huawei": Brazil decides
    return found if found is not None and not _PUNCT_BREAK.search(low, found.end(), start) else None


def _resisted(lex: lx.Lexicon, low: str, pressure: re.Match[str]) -> int:
    """Where a negation or refusal in the four words before the pressure starts ("modstår
    amerikansk pres for et forbud", "widersetzt sich dem US-Druck"): the pressure is resisted
    (-1: it is not)."""
    begin = _after_break(low, _words_before(low, pressure.start()), pressure.start())
    negation = lex.context.get("negation")
    found = negation.search(low, begin, pressure.start()) if negation is not None else None
    return found.start() if found is not None else -1


def _vendor_object(clause: _Clause, start: int, end: int) -> bool:
    """The vendor inside a refusal cue, in the three words after it ("afviser Huawei",
    "odmawia Huawei dostępu", "lehnt Huawei ab") or in the three before it with no
    punctuation ("Huawei wird der Zugang verwehrt"): what is refused is the vendor."""
    window = _THREE_AFTER.match(clause.low, end)
    reach = window.end() if window else end
    return any(start <= s < reach for s, _ in clause.vendors) or any(
        e <= start and _THREE_BETWEEN.fullmatch(clause.low, e, start) for _, e in clause.vendors
    )


def _rejects_a_ban(cues: list[re.Match[str]], low: str, i: int) -> bool:
    """A ban cue that is itself a refusal ("afviser", "odrzuca", "abgelehnt") beside another
    ban cue ("afviser et forbud", "Verbot abgelehnt"): it governs that one, which is read
    as negated, and says nothing of its own."""
    cue = cues[i]
    for j in (i - 1, i + 1):
        if 0 <= j < len(cues) and cues[j].lastgroup in _BANS:
            a, b = (cues[j].end(), cue.start()) if j < i else (cue.end(), cues[j].start())
            if a <= b and _GOVERNED.fullmatch(low, a, b):
                return True
    return False


def _appositive(clause: _Clause, start: int, end: int) -> bool:
    """A ban said of the vendor in passing, in a phrase set off by commas beside it, with
    the clause's own news after it: "Huawei, vetada en EEUU, desembarca en México", "Banni
    par plusieurs pays, Huawei veut s'étendre en Suisse" (not "Huawei, excluida del 5G en
    Suecia", where the ban is the news)."""
    low = clause.low
    after = low.find(",", end)
    if after < 0 or not _FIRST_WORD.match(low, after + 1):
        return False  # no main clause after the phrase
    before = low.rfind(",", 0, start)
    if before >= 0:
        # "Huawei, [up to two words] vetada en EEUU, ..."
        beside = any(not low[e:before].strip() for _, e in clause.vendors)
        return beside and _GOVERNED.fullmatch(low, before + 1, start) is not None
    # "Vetada en EEUU, Huawei ...": the phrase opens the clause, the vendor right after it
    if low[:start].strip(" \"'«„“"):
        return False
    return any(not low[after + 1 : s].strip() for s, _ in clause.vendors)


def _pledge(clause: _Clause) -> bool:
    """The clause's declaration is a vendor-security pledge (with the US, or about no vendor by
    name: "Clean Network"), not a deal with the vendor: the exclusion it speaks of is what
    its signatories pledge."""
    return not clause.vendors or any(m.iso2 == "US" for m in clause.mentions)


def _in_name(lex: lx.Lexicon, low: str, start: int, end: int) -> bool:
    """The cue at ``start``..``end`` is a word inside a longer government phrase, the name of
    an authority ("Comissão de Avaliação de Segurança" is no review)."""
    found = lex.context.get("government")
    if found is None:
        return False
    near = found.finditer(low, max(0, start - 60), min(len(low), end + 60))
    return any(
        g.start() <= start and end <= g.end() and g.end() - g.start() > end - start for g in near
    )


def _not_joining(lex: lx.Lexicon, low: str, start: int) -> int:
    """Where a negated join before the ban at ``start`` starts its negation ("non si unisce al
    Regno Unito nel bandire", "não segue o Reino Unido no banimento"): the country declines to
    follow, no ban; -1 if there is none. Not past punctuation."""
    join, negation = lex.context.get("join"), lex.context.get("negation")
    if join is None or negation is None:
        return -1
    for j in join.finditer(low, 0, start):
        if _PUNCT.search(low, j.end(), start):
            continue
        begin = _after_break(low, _words_before(low, j.start(), 30), j.start())
        found = negation.search(low, begin, j.start())
        if found is not None:
            return found.start()
    return -1


def _after_break(low: str, begin: int, start: int) -> int:
    """Where the words before ``start`` begin, not before a comma, colon or semicolon: a
    background phrase before one ("Trotz Warnungen: ...") is about another clause."""
    cut = max(low.rfind(p, begin, start) for p in ",:;")
    return begin if cut < 0 else cut + 1


def _read_clause(
    clause: _Clause, vendor_in_title: bool, fallback: tuple[str, str] | None, notes: list[str]
) -> list[Reading]:
    lex, low = clause.lex, clause.low
    has_vendor = bool(clause.vendors) or clause.angle or (not clause.in_title and vendor_in_title)
    if not has_vendor:
        return []
    out: list[Reading] = []
    question = clause.text.rstrip().endswith("?")
    # not a word of an authority's name ("Comissão de Avaliação de Segurança")
    cues = [c for c in lex.cue.finditer(low) if not _in_name(lex, low, c.start(), c.end())]
    declared = any(c.lastgroup == "declaration" for c in cues)
    for i, cue in enumerate(cues):
        kind = cue.lastgroup or ""
        start, end = cue.start(), cue.end()
        word = clause.text[start:end]
        if (
            kind in _BANS
            and lex.find("negation", low, start, end)
            and not lex.find("not_negation", low, start, end)  # "persona non grata"
        ):
            if _rejects_a_ban(cues, low, i):
                continue  # "afviser et forbud": read at the ban it rejects
            if not _vendor_object(clause, start, end):
                continue  # "parlament odrzucił ustawę": a refusal of something else
        if any(s <= start < e for s, e in clause.vendors):
            continue  # inside the vendor phrase
        if kind in _BANS and _appositive(clause, start, end):
            notes.append(f"background: {word} (said of the vendor in passing)")
            continue  # "Huawei, vetada en EEUU, desembarca en México"
        if declared and kind in _BANS and _pledge(clause):
            notes.append(f"read by the declaration: {word}")
            continue  # "RD excluirá suplidores ... según iniciativa «red limpia»": a pledge
        if any(
            start - 12 <= e <= start and not low[e:start].strip(" ,'’") for s, e in clause.vendors
        ) and lex.find("vendor_acts", low, start, end):
            notes.append(f"the vendor's own act: {word}")
            continue  # "Huawei rejects the accusations", "Huawei refuse"
        reach = _REACH.get(kind)
        if reach is not None and not any(
            s - reach <= end and start <= e + reach for s, e in clause.vendors
        ):
            continue  # a permission, a use or a deal about something else
        begin = clause.after_contrast(clause._before(start), start)
        after = _WORDS_AFTER.match(low, end)
        stop = after.end() if after else end
        cut = _PUNCT.search(low, end, stop)  # not past a comma or colon ("abgelehnt: kein ...")
        stop = cut.start() if cut else stop
        negation = lex.context.get("negation")
        negated = False
        negation_at = -1
        if negation is not None:
            # Within the words around the cue; a negation phrase may also start at the cue and
            # go on past them ("boccia la lista nera"), or start further back and end in the
            # cue ("afasta a criação de uma lista negra").
            own = False
            for m in negation.finditer(low, max(0, begin - 60), min(len(low), stop + 40)):
                if m.start() >= stop:
                    break
                near = begin <= m.start() and m.end() <= stop
                at_cue = start <= m.start() < end
                reaching = m.start() < begin and start < m.end() <= end
                if not (near or at_cue or reaching):
                    continue
                if _own_negation(lex, low, m, start, end, kind):
                    own = True
                    continue  # "uden Huawei", "nie dopuści": the cue already says it
                if m.end() < start and _PHRASE_BREAK.search(low, m.end(), start):
                    continue  # "Kein Verbot: Huawei darf bleiben": the "no" is the ban's
                inside = start < m.start() < m.end() == end
                if inside or (own and m.end() <= end):
                    # a negative cue phrase ending in its negation ("se queda sin"), or going on
                    # from its own ("n'a pas retenu": "pas" is the same negation)
                    continue
                if not lex.find("not_negation", low, m.start(), min(len(low), m.end() + 20)):
                    negated = True
                    negation_at = m.start()
                    break
        if not negated and kind in _BANS:
            # "Il Belgio non si unisce al Regno Unito nel bandire Huawei": declining to follow
            negation_at = _not_joining(lex, low, start)
            negated = negation_at >= 0
        evidence = [f"{kind}:{word}"]
        # A conditional a few words on ("ein Verbot in Deutschland wäre teuer", "un veto
        # costaría"), not past a comma: the cue is a hypothesis. Not after a review, whose
        # object is often a question ("utreder om Huawei ska ...", "bada, czy").
        further = _CLAUSE_AFTER.match(low, end)
        reach_end = further.end() if further else end
        # not past a background or a "but" ("veta a Huawei tras aplazar la subasta")
        for other in ("background", "contrast"):
            found = lex.context.get(other)
            beyond = found.search(low, end, reach_end) if found is not None else None
            reach_end = beyond.start() if beyond is not None else reach_end
        exact = clause.exact
        after_modal = kind not in ("bill", "declaration", "review") and _modal(
            lex, low, end, reach_end, kind, exact
        )
        # A ban cue's own word may carry the hedge ("zakazywałaby": would ban).
        upto = end if kind in _BANS else start
        spans = _spans(lex, low, cue)
        hedge_from = clause.own_clause(start)
        if question or after_modal or spans or _modal(lex, low, hedge_from, upto, kind, exact):
            if question or after_modal or spans or not _no_plan(lex, low, kind, negation_at, stop):
                notes.append(f"speculation: {word}")
                continue
            evidence.append("negation: no plan")  # "will Huawei nicht ausschließen": allowed
        if clause.background(_after_break(low, begin, start), start) or clause.relative(start):
            notes.append(f"background: {word}")
            continue
        if clause.generic(_after_break(low, begin, start), start, end):
            notes.append(f"many countries, none deciding: {word}")
            continue  # "banni par plusieurs pays", "de nombreux pays interdisent ..."
        if kind in ("ban", "remove", "restrict") and _reviewed(cues, low, start):
            notes.append(f"under review, not decided: {word}")
            continue  # "prüft ein Verbot", "onderzoekt een verbod": the review is the news
        if clause.subordinate and "," not in low[:start]:
            notes.append(f"background: {word} (a subordinate clause)")
            continue  # "Mentre il Regno Unito esclude Huawei, ..."
        resisted = -1
        pressure = _urged(lex, low, start, clause.mentions)
        if pressure is not None:
            resisted = _resisted(lex, low, pressure) if kind in _BANS else -1
            if resisted < 0:
                notes.append(f"attributed: {word}")
                continue
            negated = True  # "resists pressure to ban Huawei": no ban
            evidence.append("pressure resisted")
        # or at the end of the cue's clause, where German puts the verb ("hat das Verbot
        # vorläufig außer Kraft gesetzt")
        close = _PUNCT.search(low, end)
        reversed_ = lex.find("reversal", low, begin, close.start() if close else len(low))
        if reversed_ and lex.find("legal", low):
            notes.append(f"a court's provisional word: {word}")
            continue  # a court lifting a ban: not yet the state's last word
        scope_pat = lex.context.get("scope")
        scope = scope_pat.search(low) if scope_pat is not None else None
        if kind in ("ban", "remove", "restrict"):
            if negated and lex.find("total", low, begin, stop + 20):
                status = "restricted"  # "no total ban": a partial one
                evidence.append("negation: not total")
            elif negated or reversed_:
                status = "allowed"
                evidence.append("negation" if negated else "reversal")
            elif scope is not None:
                status = "restricted"
                evidence.append(f"scope:{clause.text[scope.start() : scope.end()]}")
            else:
                status = "restricted" if kind == "restrict" else "banned"
        elif kind == "allow":
            if negated and scope is not None:
                status = "restricted"  # "darf nicht ins Kernnetz": kept out of a part
                evidence += ["negation", f"scope:{clause.text[scope.start() : scope.end()]}"]
            elif negated:
                status = "banned"
                evidence.append("negation")
            elif scope is not None:
                status = "restricted"
                evidence.append(f"scope:{clause.text[scope.start() : scope.end()]}")
            else:
                status = "allowed"
        elif kind == "use":
            actor = clause.subject(start, start, False)
            if negated or not (clause.government or (actor and actor.kind in _STATE_KINDS)):
                continue  # keeping the vendor is the state's call only with the state in it
            if lex.context.get("locative") is not None and not clause.about_networks():
                # working with the vendor on schools or e-government (the languages that read
                # a country's own name as a party to a deal: see _Clause.state_acts)
                continue
            status = "allowed"
        elif kind == "bill":
            if negated or not (lex.find("step", low) or lex.find("cabinet", low) or clause.enacted):
                continue  # a bill mentioned, no step taken on it
            status = "under_review"
            if clause.enacted and not _modal(lex, low, 0, len(low), kind, clause.exact):
                if any(c.lastgroup in (*_BANS, "allow") for c in cues if c is not cue):
                    continue  # what the law does is read at its own cue ("... : Huawei raus")
                # "promulgates the 5G security law": an approval regime in force restricts;
                # not "if the bill enters into force"
                status = "restricted"
                evidence.append("enacted")
        elif kind == "partner":
            if declared:
                continue  # read by the declaration
            if negated or not clause.state_acts(start):
                notes.append(f"no state role: {word}")
                continue
            if not clause.about_networks():
                notes.append(f"not about networks: {word}")
                continue  # "signe un protocole d'accord avec Huawei sur le numérique"
            status = "partner"
        elif kind == "review":
            if negated:
                continue
            status = "under_review"
        else:  # declaration: each signatory but its promoter
            if lex.context.get("signed") is not None and not (
                lex.find("signed", low) or lex.find("step", low)
            ):
                notes.append(f"named, not signed: {word}")
                continue  # "Susțin Memorandumul cu SUA": an opinion on it, no step
            us = any(m.iso2 == "US" for m in clause.mentions)
            if clause.vendors and not us:
                if not (clause.state_acts(start) and clause.about_networks()):
                    continue
                status = "partner"  # an agreement with the vendor
            else:
                signatories = [m for m in clause.eligible if m.iso2 != "US"]
                if not signatories and fallback is not None and fallback[0] != "US":
                    out.append(
                        Reading(fallback[0], "under_review", 0.6, clause.in_title, [*evidence])
                    )
                for party in signatories:
                    out.append(
                        Reading(
                            party.iso2,
                            "under_review",
                            0.7,
                            clause.in_title,
                            [*evidence, party.term],
                        )
                    )
                continue
        if kind not in ("allow", "bill") and clause.operator_acts(start):
            notes.append(f"operator's choice: {word}")
            continue
        if status == "banned":
            named = clause.operators(end, min(len(low), end + 80))
            if named:  # the state stops one operator's deal: a restriction
                status = "restricted"
                evidence.append(f"operator-scope:{named[0]}")
        if status in ("banned", "restricted") and clause.bill and not clause.enacted:
            status = "under_review"
            evidence.append("bill")
        # A bill is the country's own: never the party named after it ("Memorandum with the US").
        subject = clause.subject(start, start if kind == "bill" else end, kind != "bill")
        if resisted >= 0:
            # the one resisting, before its refusal ("EU modstår amerikansk pres ...")
            subject = clause.subject(resisted, resisted, False) or subject
        # Keeping or working with the vendor is the weakest cue: any other reading of the
        # same country beats it ("avvia un'istruttoria sui contratti con Huawei").
        base = _BASE_WEIGHT[status] - (0.1 if kind == "use" else 0.0)
        if subject is not None:
            iso2, term = subject.iso2, subject.term
            weight = base
            own_actor = subject.kind != "demonym" or clause.government
        elif fallback is not None:
            iso2, term = fallback
            weight = base - 0.1
            own_actor = term.startswith("home:")
        else:
            continue
        evidence.append(f"subject:{term}")
        weight += 0.1 if clause.in_title else 0.0
        out.append(Reading(iso2, status, weight, clause.in_title, evidence, own_actor))
    return out


def _unnamed_government(
    lex: lx.Lexicon, low: str, before: int, mentions: list[countries.Mention]
) -> bool:
    """A government word with no country beside it ("Governo", "el Gobierno") before the first
    country named: the outlet's own government acts, not the country named later in the title
    ("... approva golden power: avvertimento a Pechino e favore a Washington")."""
    found = lex.context.get("government")
    if found is None:
        return False
    for g in found.finditer(low, 0, before):
        if not any(g.start() - 25 <= m.end and m.start <= g.end() + 25 for m in mentions):
            return True
    return False


def _fallback(
    lex: lx.Lexicon,
    parts: list[tuple[str, list[countries.Mention]]],
    outlet_home: str | None = None,
) -> tuple[str, str] | None:
    """The article's main country: its first actor-like country, else the outlet's (or the
    language's) home country when a government acts ("Kabinet", "Guvernul")."""
    home = outlet_home or lx.raw(lex.lang).get("home")
    for text, mentions in parts:
        if mentions:
            clause = _Clause(lex, text, True, mentions)
            if clause.eligible:
                first = clause.eligible[0]
                if home and _unnamed_government(lex, clause.low, first.start, mentions):
                    return str(home), f"home:{home}"
                return first.iso2, first.term
    if home and any(lex.find("government", lx.lower(t)) for t, _ in parts):
        return str(home), f"home:{home}"
    return None


def _refines(lex: lx.Lexicon, read: Reading) -> bool:
    """A standfirst restriction whose scope is one that narrows a headline's ban (a part of
    the network, a deadline, a phase-out: the lexicon's ``refine`` words)."""
    return (
        not read.in_title
        and read.status == "restricted"
        and any(
            e.startswith("scope:") and lex.find("refine", lx.lower(e[6:])) for e in read.evidence
        )
    )


def _drafted(read: Reading) -> Reading:
    """A ban or restriction read as a bill's: under review."""
    if read.status not in ("banned", "restricted"):
        return read
    return Reading(
        read.iso2, "under_review", read.weight, read.in_title, [*read.evidence, "bill"], read.named
    )


def _kind(lex: lx.Lexicon, word: str) -> str:
    """The kind of cue ``word`` is ("ban", "allow"...)."""
    m = lex.cue.search(lx.lower(word))
    return (m.lastgroup or "") if m is not None else ""


def findings(
    lex: lx.Lexicon,
    title: str,
    summary: str,
    t_mentions: list[countries.Mention],
    s_mentions: list[countries.Mention],
    notes: list[str],
    home: str | None = None,
) -> list[Reading]:
    """One reading per country: the article's (country, status) findings; ``home`` is the
    outlet's home country, if known."""
    t_low = lx.lower(title)
    explainer = lex.context.get("explainer")
    if explainer is not None and explainer.match(t_low.lstrip(" \"'«„“")):
        notes.append("frame: explainer")
        return []
    if explainer is not None and _genre(explainer, lx.lower(summary)):
        notes.append("frame: explainer (the standfirst's label)")
        return []  # "ANALYSE: ...", "Kommentar: ..." opening the standfirst
    # The vendor's own words or its going to court ("Huawei verklagt ...", not "Gericht
    # bestätigt Huawei-Verbot") decide nothing; a formal step its standfirst reports still
    # counts ("Huawei threatens arbitration. The cabinet adopted the bill today").
    head = _SAID_HEAD.match(t_low)
    vendor_frame = ""
    says = lex.context.get("says")
    if (
        head is not None
        and says is not None
        and any(m.end() > head.start(1) for m in says.finditer(t_low, 0, head.end() + 1))
    ):  # the vendor speaks ("Huawei dice", "CEO da Huawei:"), not "Il governo annuncia: Huawei"
        vendor_frame = "the vendor's own words"
    elif head is not None and lex.find("legal", t_low, head.start(1)):
        vendor_frame = "the vendor goes to court"
    vendor = lex.relevance.get("vendor")
    vendor_in_title = bool(vendor and vendor.search(t_low))
    fallback = _fallback(lex, [(title, t_mentions), (summary, s_mentions)], home)
    title_reads: list[Reading] = []
    set_aside = len(notes)
    operator_title = False
    for a, b in _units(title, True) if not vendor_frame else []:
        clause = _Clause(lex, title[a:b], True, countries.mentions_within(t_mentions, a, b))
        title_reads.extend(_read_clause(clause, vendor_in_title, fallback, notes))
        first_vendor = clause.vendors[0][0] if clause.vendors else len(clause.low)
        operator_title = operator_title or clause.operator_acts(first_vendor)
    t_enacted = lex.find("enacted", t_low) and not lex.find("cabinet", t_low)
    if lex.find("bill", t_low) and not t_enacted:
        # A bill in one part of the title holds what another part says ("Koniec z Huawei w
        # Polsce. Rząd przyjął projekt ustawy"): under review.
        title_reads = [_drafted(r) for r in title_reads]
    undecided = bool(vendor_frame) or (
        not title_reads
        and (
            len(notes) > set_aside
            or (vendor_in_title and _modal(lex, t_low, 0, len(t_low), "", lx.exact(title, t_low)))
            or title.rstrip().endswith("?")
        )
    )
    if undecided or operator_title:
        # Someone's wish, speculation or a company's choice in the title: its standfirst is
        # background, except for a formal step it reports (a declaration signed, a bill).
        frame = vendor_frame or ("undecided" if undecided else "operator")
        notes.append(f"frame: {frame} (summary: formal steps only)")
    summary_reads: list[Reading] = []
    if summary:
        before_summary = len(notes)
        lede_notes = -1
        drafted = False
        # A language's press whose later standfirst sentences are background more often than
        # news (issue 11: fr, es): only its first ones are read (lexicon ``summary_sentences``).
        limit = lx.raw(lex.lang).get("summary_sentences")
        network = lex.relevance.get("network")
        title_networks = network is not None and network.search(t_low) is not None
        for n, (a, b) in enumerate(_units(summary, False)):
            if limit is not None and n >= int(limit):
                break
            clause = _Clause(lex, summary[a:b], False, countries.mentions_within(s_mentions, a, b))
            clause.title_networks = title_networks
            summary_reads.extend(_read_clause(clause, vendor_in_title, fallback, notes))
            if lede_notes < 0:
                lede_notes = len(notes)
                drafted = clause.bill and not clause.enacted
        if drafted and not lex.find("enacted", t_low):
            # The standfirst's lede says the title's ban is a bill's ("Polska sieć 5G bez
            # chińskich dostawców" over "projekt nowelizacji ma trafić do rządu"): under review.
            title_reads = [_drafted(r) for r in title_reads]
        hedged = {
            _kind(lex, note.partition(": ")[2])
            for note in notes[before_summary:lede_notes]
            if note.startswith("speculation: ")
        }
        if hedged:
            # The standfirst hedges what the title states ("Niemcy: zakaz Huawei" over "the
            # government plans a ban"): no finding, unless the standfirst confirms it. A
            # hedged "no ban" is still no ban.
            confirmed = {r.iso2 for r in summary_reads}
            dropped = [
                r
                for r in title_reads
                if not r.formal
                and r.status != "allowed"
                and r.iso2 not in confirmed
                and _kind(lex, r.evidence[0].partition(":")[2]) in hedged
            ]
            for r in dropped:
                notes.append(f"the standfirst hedges the title: {r.evidence[0]}")
            title_reads = [r for r in title_reads if r not in dropped]
        if undecided or operator_title:
            summary_reads = [r for r in summary_reads if r.formal]
        if title_reads:
            keep = {r.iso2 for r in title_reads}
            summary_reads = [r for r in summary_reads if r.iso2 in keep]
        elif not any(m.kind != "operator" for m in _Clause(lex, title, True, t_mentions).eligible):
            # A title with no finding and no country: the standfirst decides only in a sentence
            # that names its country ("Der Rückbau ... nach Meinung der Manager des britischen
            # Anbieters" names none; a country borrowed from another sentence is background).
            for r in summary_reads:
                if not (r.formal or r.named):
                    notes.append(f"the standfirst names no actor: {r.evidence[0]}")
            summary_reads = [r for r in summary_reads if r.formal or r.named]
    by_country: dict[str, list[Reading]] = {}
    for read in title_reads + summary_reads:
        if read.iso2 != "CN":
            by_country.setdefault(read.iso2, []).append(read)
    out: list[Reading] = []
    for group in by_country.values():
        titled = [r for r in group if r.in_title] or group
        if {r.status for r in titled} == {"banned"}:
            # The standfirst gives the scope the headline leaves out ("excludes Huawei" over
            # "out of the core by 2028"): its restriction of the same country refines the ban.
            titled += [r for r in group if _refines(lex, r)]
        statuses = {r.status for r in titled}
        if "restricted" in statuses and statuses & {"banned", "allowed"}:
            # A scoped restriction beats a plain ban; "not banned but limited" is restricted.
            titled = [r for r in titled if r.status == "restricted"]
        out.append(max(titled, key=lambda r: (r.weight, FINDING_RANK[r.status])))
    return out
