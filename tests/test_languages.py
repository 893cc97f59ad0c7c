"""Reading news in the ten other languages: language detection, countries in each language
(CLDR names and their inflected forms), the clause reader's house rules, the lexicon files,
and one story across languages. Headlines here are written for the tests; the labelled real
ones are scored in test_detection_eval.py."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from bot import countries
from bot.news import lexicon
from bot.news.classify import classify
from bot.news.stories import Candidate, StoryIndex, context_tokens, tokens

DETECTION = [
    ("en", "UK bans Huawei from its 5G networks by 2027"),
    ("de", "Bundesregierung schließt Huawei aus dem 5G-Kernnetz aus"),
    ("fr", "Le gouvernement français restreint Huawei dans les réseaux 5G"),
    ("es", "El Gobierno descarta vetar a Huawei en las redes 5G"),
    ("it", "Il governo esercita il golden power sui contratti 5G con Huawei"),
    ("pt", "Portugal exclui a Huawei do núcleo das redes 5G"),
    ("pl", "Rząd nie wykluczy Huaweia z sieci 5G w Polsce"),
    ("nl", "Kabinet sluit Huawei niet uit van het 5G-netwerk"),
    ("sv", "Regeringen förbjuder Huawei i 5G-näten"),
    ("ro", "Guvernul interzice Huawei în rețelele 5G"),
    ("da", "Regeringen vil forbyde Huawei i det danske 5G-net"),
]


@pytest.mark.parametrize(("lang", "title"), DETECTION)
def test_the_language_is_detected(lang: str, title: str) -> None:
    assert lexicon.detect(title) == lang
    assert classify(title).lang == lang
    assert classify(title).as_json()["lang"] == lang


def test_text_without_words_of_any_language_reads_as_english() -> None:
    assert lexicon.detect("Huawei 5G") == "en"
    assert lexicon.detect("") == "en"


@pytest.mark.parametrize(
    ("lang", "text", "iso2", "term"),
    [
        ("pl", "Huawei zostanie wykluczony z sieci 5G w Polsce", "PL", "Polsce"),
        ("pl", "Rząd Niemiec rozważa zakaz", "DE", "Niemiec"),
        ("pl", "Decyzja Wielkiej Brytanii w sprawie Huaweia", "GB", "Wielkiej Brytanii"),
        ("de", "Deutschlands Huawei-Verbot kommt", "DE", "Deutschlands"),
        ("de", "Die französische Regierung entscheidet", "FR", "französische"),
        ("ro", "Guvernul României respinge Huawei", "RO", "României"),
        ("ro", "Memorandumul cu SUA", "US", "SUA"),
        ("nl", "Zuid-Korea kiest voor Huawei", "KR", "Zuid-Korea"),
        ("fr", "Le Royaume-Uni exclut Huawei", "GB", "Royaume-Uni"),
        ("es", "EE.UU. presiona a España", "US", "EE.UU"),
        ("sv", "Sveriges regering förbjuder Huawei", "SE", "Sveriges"),
        ("da", "Danske operatører vælger Ericsson", "DK", "Danske"),
    ],
)
def test_countries_in_other_languages(lang: str, text: str, iso2: str, term: str) -> None:
    found = countries.find_mentions_in(text, lang)
    assert any(m.iso2 == iso2 and m.term.startswith(term) for m in found), found
    for m in found:
        assert text[m.start : m.end] == m.term


def test_a_name_needs_its_capital_and_a_short_form_its_exact_spelling() -> None:
    # "polen" and "sua" in lower case are not Poland (de) or the USA (ro).
    assert countries.find_mentions_in("wir polen den Boden", "de") == []
    assert not [m for m in countries.find_mentions_in("a sua decisão", "pt") if m.iso2 == "US"]


def findings(title: str, summary: str = "", home: str | None = None) -> set[tuple[str, str]]:
    result = classify(title, summary, 0.5, home)
    return {(f.iso2, f.status) for f in result.findings if f.status}


def test_a_decision_in_each_language() -> None:
    assert findings("România interzice Huawei în rețelele 5G") == {("RO", "banned")}
    assert findings("Le Canada bannit Huawei et ZTE de son réseau 5G") == {("CA", "banned")}
    assert findings("PTS förbjuder Huawei i de svenska 5G-näten") == {("SE", "banned")}


def test_scope_makes_an_exclusion_a_restriction() -> None:
    assert findings("Portugal exclui Huawei do núcleo das redes 5G") == {("PT", "restricted")}
    assert findings(
        "Bundesregierung schließt Huawei aus dem 5G-Kernnetz aus",
        "Die Regierung in Berlin hat entschieden.",
    ) == {("DE", "restricted")}


def test_negation_in_other_words_gives_allowed() -> None:
    # Inside a separable verb, after the verb, and as "rules out".
    assert findings("Österreich schließt Huawei beim 5G-Ausbau nicht aus") == {("AT", "allowed")}
    assert findings("Danmark forbyder ikke Huawei i 5G-nettet") == {("DK", "allowed")}
    assert findings("España descarta vetar a Huawei en las redes 5G") == {("ES", "allowed")}


def test_not_a_total_ban_is_a_restriction() -> None:
    assert findings("Pas de bannissement total de Huawei de la 5G en France") == {
        ("FR", "restricted")
    }


def test_modality_and_questions_give_nothing() -> None:
    assert findings("La France pourrait exclure Huawei de ses réseaux 5G") == set()
    assert findings("Rozważa: Polska może zakazać Huaweia w sieci 5G") == set()
    assert findings("Wird Deutschland Huawei verbieten?") == set()


def test_a_hypothesis_an_opinion_or_advice_gives_nothing() -> None:
    # A conditional a few words after the cue, "should", an opinion head.
    assert findings("Experte: Ein Huawei-Verbot in Deutschland wäre teuer") == set()
    assert findings("Un veto a Huawei costaría a España miles de millones") == set()
    assert findings("Huawei: un divieto in Italia sarebbe un errore") == set()
    assert findings("Polska powinna zakazać Huawei w sieci 5G") == set()
    assert findings("Editoriale: l'Italia deve escludere Huawei dal 5G") == set()
    assert findings("L'Italia esclude Huawei dal 5G") == {("IT", "banned")}


def test_explainers_give_nothing() -> None:
    assert findings("Welche Länder haben Huawei verbannt?", "Ein Überblick.") == set()
    assert findings("Quels pays ont interdit Huawei de la 5G ?") == set()


def test_a_bill_is_under_review() -> None:
    assert findings("Rząd przyjął projekt ustawy wykluczającej Huaweia z sieci 5G w Polsce") == {
        ("PL", "under_review")
    }


def test_pressure_from_abroad_is_not_a_decision() -> None:
    assert findings("USA drängen Deutschland, Huawei vom 5G-Netz auszuschließen") == set()


def test_the_country_joined_or_followed_is_not_the_actor() -> None:
    # "X joins Y in banning": X acts, in every language; "will not follow Y": X allows.
    assert findings("Le Canada rejoint les États-Unis et exclut Huawei de la 5G") == {
        ("CA", "banned")
    }
    assert findings("Suecia se une a Reino Unido y veta a Huawei en el 5G") == {("SE", "banned")}
    assert findings("Schweden folgt Großbritannien und verbannt Huawei aus dem 5G-Netz") == {
        ("SE", "banned")
    }
    assert findings("Polska dołącza do USA i wyklucza Huawei z sieci 5G") == {("PL", "banned")}
    assert findings("Danmark følger USA og udelukker Huawei fra 5G") == {("DK", "banned")}
    assert findings("La Belgique ne suivra pas le Royaume-Uni et n'exclura pas Huawei") == {
        ("BE", "allowed")
    }
    assert findings("Gli Stati Uniti chiedono all'Italia di escludere Huawei dal 5G") == set()


def test_a_subordinate_clause_is_background() -> None:
    title = "Mentre il Regno Unito esclude Huawei, la Germania sceglie la via dei controlli"
    assert ("GB", "banned") not in findings(title)
    assert findings("Il Regno Unito esclude Huawei dal 5G") == {("GB", "banned")}


def test_ambiguous_words_are_read_in_their_idiom() -> None:
    # Italian "bando" is also a tender; "fuori", "fora", "fuera" alone are "outside".
    assert findings("Il governo pubblica il bando per le frequenze 5G: ammessa anche Huawei") == {
        ("IT", "allowed")
    }
    assert findings("L'Italia mette al bando Huawei dalle reti 5G") == {("IT", "banned")}
    assert findings("Portugal: o 5G fora do país, Huawei lidera") == set()
    assert findings("A Huawei fica fora do 5G em Portugal") == {("PT", "banned")}


def test_the_vendor_rejecting_is_no_ban() -> None:
    assert findings("Huawei rechaza las acusaciones de espionaje en España", "") == set()
    assert findings("Huawei odrzuca zarzuty polskiego rządu w sprawie sieci 5G") == set()


def test_participation_is_not_permission() -> None:
    # A noun of participation is no decision; "can take part" is.
    assert findings("Participação da Huawei no 5G do Brasil ganha força") == set()
    assert findings("Huawei pode participar do leilão do 5G no Brasil, diz o governo") == {
        ("BR", "allowed")
    }


def test_a_ban_at_the_end_of_a_compound() -> None:
    assert findings("Frankreich verhängt Einsatzverbot für Huawei-Antennen im 5G-Netz") == {
        ("FR", "restricted")
    }


def test_an_unnamed_government_is_the_outlets_own() -> None:
    title = "Governo approva golden power su 5G: avvertimento a Pechino e favore a Washington"
    assert findings(title, home="IT") == {("IT", "restricted")}


def test_a_title_its_standfirst_hedges_gives_nothing() -> None:
    assert (
        findings(
            "Niemcy: zakaz Huawei i ZTE w sieciach 5G",
            "Rząd Niemiec planuje wprowadzić zakaz dla chińskich dostawców.",
        )
        == set()
    )
    # A hedged "no ban" is still no ban.
    assert findings(
        "Österreich schließt Huawei nicht aus",
        "Der Kanzler würde es nicht ausschließen, Huawei beim 5G-Ausbau einzusetzen.",
    ) == {("AT", "allowed")}


def test_short_spanish_titles_are_read_as_spanish() -> None:
    for title in (
        "Uruguay no excluye a Huawei",
        "México no excluirá a Huawei del 5G",
        "Panamá permite a Huawei participar en la licitación 5G",
    ):
        assert lexicon.detect(title) == "es", title
    assert findings("Uruguay no excluye a Huawei del 5G") == {("UY", "allowed")}


def test_an_operator_choice_is_no_state_decision() -> None:
    assert findings("Telia väljer Ericsson och utesluter Huawei ur 5G-nätet") == set()


def test_the_outlet_home_country_stands_in_when_none_is_named() -> None:
    assert findings("Kabinet sluit Huawei niet uit van 5G-netwerk", home="BE") == {
        ("BE", "allowed")
    }
    # Without an outlet, the language's home country.
    assert findings("Kabinet sluit Huawei niet uit van 5G-netwerk") == {("NL", "allowed")}


def test_explain_shows_the_words_of_the_article() -> None:
    result = classify("Regeringen förbjuder Huawei i Sveriges 5G-nät")
    data = result.as_json(explain=True)
    assert data["lang"] == "sv"
    (finding,) = [c for c in data["countries"] if c["status"]]  # type: ignore[union-attr]
    assert "ban:förbjuder" in finding["evidence"]
    assert "subject:Sveriges" in finding["evidence"]
    assert "language:sv" in data["evidence"]  # type: ignore[operator]


def test_not_relevant_in_another_language() -> None:
    result = classify("Huawei stellt neues Smartphone mit Kamera vor", "Das Handy kostet 999 Euro.")
    assert result.lang == "de" and not result.relevant


# -- the data files ----------------------------------------------------------------------------


def test_every_language_has_a_lexicon_file_that_compiles() -> None:
    base = resources.files("bot.data").joinpath("lexicon")
    assert base.joinpath("README.md").is_file()
    for lang in lexicon.LANGUAGES:
        data = tomllib.loads(base.joinpath(f"{lang}.toml").read_text("utf-8"))
        assert data["stopwords"], lang
        if lang == "en":
            continue
        lex = lexicon.lexicon(lang)
        for kind in ("ban", "allow", "partner", "review"):
            assert data["cues"][kind], (lang, kind)
        for kind in ("negation", "modal", "government"):
            assert lex.context[kind] is not None, (lang, kind)
        assert data["countries"]["adjectives"], lang


def test_a_lexicon_entry_takes_endings_and_gaps() -> None:
    pattern = lexicon.compile_list(["verbot*", "schließt ... aus"])
    assert pattern is not None
    assert pattern.search(lexicon.lower("das Huawei-Verbot")) is not None
    assert pattern.search(lexicon.lower("Berlin schließt Huawei nicht aus")) is not None
    assert pattern.search(lexicon.lower("Verbotene Stadt")) is not None  # "*": any ending
    assert lexicon.compile_list(["nicht"]).search("nichts") is None  # type: ignore[union-attr]


def test_accents_are_optional() -> None:
    assert findings("Romania interzice Huawei in retelele 5G") == {("RO", "banned")}


# -- one story across languages ----------------------------------------------------------------


def _candidate(index: StoryIndex, title: str, summary: str, when: datetime) -> Candidate | None:
    result = classify(title, summary)
    words = tokens(title)
    statuses = {f.iso2: f.status for f in result.findings}
    context = context_tokens(summary, words)
    found = index.match(words, None, statuses, when, context, relevant=result.relevant)
    if found is None:
        found = Candidate(len(index) + 1, words, None, when, statuses, context, result.relevant)
        index.add(found)
    return found


def test_a_german_and_an_english_report_of_one_decision_are_one_story() -> None:
    day = datetime(2020, 7, 14, 9, tzinfo=UTC)
    index = StoryIndex()
    english = _candidate(index, "Sweden bans Huawei and ZTE from its 5G networks", "", day)
    german = _candidate(
        index, "Schweden verbannt Huawei aus dem 5G-Netz", "", day + timedelta(hours=30)
    )
    assert english is not None and german is english
    # Days later, or another status: not the same decision.
    later = _candidate(
        index, "Schweden verbannt Huawei aus dem 5G-Netz", "", day + timedelta(days=5)
    )
    assert later is not english


def test_evaluate_reads_the_language_of_each_labelled_line(tmp_path: object) -> None:
    from bot.evaluate import evaluate

    items = [
        {
            "id": "de1",
            "title": "România interzice Huawei în rețelele 5G",
            "summary": "",
            "published": "2024-03-01",
            "lang": "ro",
            "relevant": True,
            "countries": ["RO"],
            "findings": [{"iso2": "RO", "status": "banned"}],
            "story": "ro-banned-2024-03",
        },
        {
            "id": "en1",
            "title": "UK bans Huawei from 5G networks",
            "summary": "",
            "published": "2020-07-14",
            "relevant": True,
            "countries": ["GB"],
            "findings": [{"iso2": "GB", "status": "banned"}],
            "story": "gb-banned-2020-07",
        },
    ]
    report = evaluate(json.loads(json.dumps(items)))
    assert report.languages() == ["en", "ro"]
    assert report.figures("all", "ro").findings.tp == 1
    assert report.figures("all", "en").findings.tp == 1


def test_quick_patterns_find_the_same_matches() -> None:
    import re

    text = "the uk bans huawei; barring a review, operators rip out zte kit by 2027. Ban!"
    for source in (r"\b(?:ban\w*|bar\w*|rip out)\b", r"(?:zte|huawei)(?: kit)?", r"\bby \d+"):
        plain = re.compile(source)
        fast = lexicon.quick(plain)
        assert fast.pattern != plain.pattern  # a look-ahead was added
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    # Starts that cannot be listed (any word character, an optional first part) stay as they are.
    for source in (r"\w+ out", r"(?:the )?uk", "(?i:ban)"):
        assert lexicon.quick(re.compile(source)).pattern == source


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # Short titles whose only tell is how the language writes a country's name.
        ("Suecia excluirá a Huawei del 5G", "es"),
        ("Svezia esclude Huawei", "it"),
        ("Schweden sperrt Huawei", "de"),
        # A name English writes the same way says nothing; English words still win.
        ("Portugal bans Huawei", "en"),
        ("Huawei in Suecia and Svezia: what next", "en"),
    ],
)
def test_a_country_name_as_a_language_writes_it_tells_the_language(title: str, lang: str) -> None:
    assert lexicon.detect(title) == lang
