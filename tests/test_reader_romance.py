"""The clause reader on French, Spanish, Italian, Portuguese and Romanian news: the common
ways the press of each language writes a ban, an exclusion, a restriction, a review, a bill,
a "no ban", a deal with the state, and the speculation, pressure and background that give no
finding. Every sentence here is written for the test (the labelled real headlines are scored
in test_detection_eval.py); each failed before the rule class it stands for was added."""

from __future__ import annotations

import pytest

from bot.news.classify import classify

Expected = set[tuple[str, str]]


def findings(title: str, summary: str = "") -> Expected:
    result = classify(title, summary, 0.5)
    return {(f.iso2, f.status) for f in result.findings if f.status}


def check(lang: str, title: str, expected: Expected) -> None:
    result = classify(title, "", 0.5)
    assert result.lang == lang, (title, result.lang)
    assert {(f.iso2, f.status) for f in result.findings if f.status} == expected, title


SE_BANNED = {("SE", "banned")}
NOTHING: Expected = set()

# -- reader rules, in every language ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # A cue that is a negative phrase is not negated by its own "no"/"sans"/"nu".
        ("Suecia, sin Huawei en su red 5G", {("SE", "banned")}),
        ("La France sans Huawei pour la 5G", {("FR", "banned")}),
        ("Huawei nu primește autorizație pentru 5G în România", {("RO", "banned")}),
        ("Huawei se queda sin 5G en Suecia", SE_BANNED),
        # "Does not rule out banning" is speculation, not a "no ban".
        ("La France n'exclut pas de bannir Huawei de la 5G", NOTHING),
        ("La France n'exclut pas une interdiction de Huawei", NOTHING),
        ("España no descarta vetar a Huawei en el 5G", NOTHING),
        ("España no excluye vetar a Huawei", NOTHING),
        # ... while not excluding the vendor is a "no ban".
        ("La Belgique n'écarte pas Huawei de son réseau 5G", {("BE", "allowed")}),
        ("Huawei n'est pas exclu de la 5G en Belgique", {("BE", "allowed")}),
        # An elided article is part of its word: the negation reaches the cue four words on.
        ("La Belgique écarte l'idée d'une liste noire de Huawei", {("BE", "allowed")}),
    ],
)
def test_reader_rules(title: str, expected: Expected) -> None:
    assert findings(title) == expected


# -- French ------------------------------------------------------------------------------------

FRENCH = [
    # shut out in other words: deprived of, under a ban, kept aside, driven out, said no to
    ("Huawei privé de 5G en Suède", SE_BANNED),
    ("La Suède met Huawei au ban de ses réseaux 5G", SE_BANNED),
    ("Huawei tenu à l'écart de la 5G en Suède", SE_BANNED),
    ("La Suède chasse Huawei de ses réseaux 5G", SE_BANNED),
    ("La Suède dit non à Huawei pour la 5G", SE_BANNED),
    ("Huawei persona non grata dans la 5G suédoise", SE_BANNED),
    ("Huawei absent de la liste des fournisseurs retenus pour la 5G en Inde", {("IN", "banned")}),
    ("Huawei laissé de côté dans les essais 5G en Inde", {("IN", "banned")}),
    # a restriction: conditions, reduce, confine
    ("La France impose des conditions à Huawei dans la 5G", {("FR", "restricted")}),
    ("La France autorise Huawei sous conditions dans la 5G", {("FR", "restricted")}),
    ("La France réduira progressivement la part de Huawei dans la 5G", {("FR", "restricted")}),
    ("Huawei cantonné aux zones rurales pour la 5G en France", {("FR", "restricted")}),
    # a review: assess, screen, consult
    ("L'Allemagne va passer au crible les équipements Huawei", {("DE", "under_review")}),
    ("Le gouvernement belge évalue les risques liés à Huawei dans la 5G", {("BE", "under_review")}),
    (
        "La Belgique lance une consultation sur les fournisseurs 5G à risque",
        {("BE", "under_review")},
    ),
    # a bill: a vote of the cabinet or of one chamber is a step; Parliament's adoption enacts
    (
        "Le conseil des ministres adopte un projet de loi pour encadrer Huawei",
        {("FR", "under_review")},
    ),
    ("Les députés votent la proposition de loi visant Huawei", {("FR", "under_review")}),
    ("L'Assemblée nationale adopte le projet de loi anti-Huawei", {("FR", "under_review")}),
    # intent and "not ruled out" are speculation
    ("La France étudie une interdiction de Huawei", NOTHING),
    ("La France compte exclure Huawei de la 5G", NOTHING),
    ("La France s'apprête à bannir Huawei", NOTHING),
    ("La France projette d'interdire Huawei", NOTHING),
    ("Il n'est pas exclu que la Belgique bannisse Huawei", NOTHING),
    ("La Belgique n'écarte pas l'hypothèse d'une exclusion de Huawei", NOTHING),
]


@pytest.mark.parametrize(("title", "expected"), FRENCH)
def test_french(title: str, expected: Expected) -> None:
    check("fr", title, expected)


def test_french_short_titles_are_french() -> None:
    # "de" is a French word too (a title with "la ... de" is no longer Spanish or Romanian).
    check("fr", "La Suède bannira Huawei de la 5G", SE_BANNED)
    check("fr", "Huawei interdit de 5G en Suède", SE_BANNED)
    check("fr", "Malgré l'exclusion de Huawei au Royaume-Uni, la France reste prudente", NOTHING)


# -- Spanish -----------------------------------------------------------------------------------

SPANISH = [
    # shut out in other words
    ("Huawei, vetada en el 5G de Suecia", SE_BANNED),
    ("Suecia da portazo a Huawei en el 5G", SE_BANNED),
    ("Suecia dice no a Huawei en el 5G", SE_BANNED),
    ("Suecia prescinde de Huawei en su red 5G", SE_BANNED),
    ("Huawei, fuera del 5G en Suecia", SE_BANNED),
    (
        "Huawei no figura en la lista de proveedores autorizados para el 5G en la India",
        {("IN", "banned")},
    ),
    # a review: a public consultation
    (
        "Chile abre una consulta pública sobre proveedores de riesgo en el 5G",
        {("CL", "under_review")},
    ),
    # no ban: refuses to ban, rules out a blacklist
    ("México rechaza vetar a Huawei en el 5G", {("MX", "allowed")}),
    ("México descarta una lista negra de proveedores 5G", {("MX", "allowed")}),
    # intent is speculation
    ("España prevé vetar a Huawei en el 5G", NOTHING),
    ("España pretende excluir a Huawei del 5G", NOTHING),
    ("España se dispone a vetar a Huawei", NOTHING),
    ("España tiene previsto vetar a Huawei", NOTHING),
    ("España busca excluir a Huawei del 5G", NOTHING),
    ("España, cerca de vetar a Huawei", NOTHING),
]


@pytest.mark.parametrize(("title", "expected"), SPANISH)
def test_spanish(title: str, expected: Expected) -> None:
    check("es", title, expected)


def test_a_negation_phrase_runs_past_the_cue() -> None:
    # "rejects the blacklist" is no ban, while "rejects Huawei" is one.
    assert findings("L'Italia boccia la lista nera per Huawei") == {("IT", "allowed")}
    assert findings("L'Italia boccia Huawei per il 5G") == {("IT", "banned")}


def test_using_the_vendor_is_the_weakest_reading() -> None:
    title = "Il governo avvia un'istruttoria sui contratti 5G con Huawei"
    assert findings(title) == {("IT", "under_review")}


# -- Italian -----------------------------------------------------------------------------------

ITALIAN = [
    # will ban; shut out in other words
    ("La Svezia vieterà Huawei nelle reti 5G", SE_BANNED),
    ("La Svezia mette fuori Huawei dal 5G", SE_BANNED),
    ("La Svezia caccia Huawei dalle sue reti 5G", SE_BANNED),
    ("La Svezia sbarra la strada a Huawei nel 5G", SE_BANNED),
    ("La Svezia chiude le porte a Huawei per il 5G", SE_BANNED),
    ("La Svezia taglia fuori Huawei dalla rete 5G", SE_BANNED),
    ("La Svezia dà il benservito a Huawei nel 5G", SE_BANNED),
    ("L'India lascia fuori Huawei dai test sul 5G", {("IN", "banned")}),
    ("Huawei, Trump estende il ban sulle reti 5G americane", {("US", "banned")}),
    # a crackdown is a restriction
    (
        "Il governo approva il decreto legge sul perimetro di sicurezza cibernetica: "
        "stretta su Huawei",
        {("IT", "restricted")},
    ),
    # a review: assess, investigate, examine, consult ("valuta" alone)
    ("Il Copasir indaga su Huawei e il 5G", {("IT", "under_review")}),
    (
        "Il governo apre una consultazione sui fornitori 5G ad alto rischio",
        {("IT", "under_review")},
    ),
    ("La Germania esaminerà le apparecchiature Huawei per il 5G", {("DE", "under_review")}),
    ("Il governo valuterà i rischi di Huawei nel 5G", {("IT", "under_review")}),
    # no ban
    ("L'Italia non vieterà Huawei nelle reti 5G", {("IT", "allowed")}),
    ("L'Italia apre le porte a Huawei per il 5G", {("IT", "allowed")}),
    ("L'Italia non chiude la porta a Huawei per il 5G", {("IT", "allowed")}),
    ("L'Italia esclude una lista nera dei fornitori 5G", {("IT", "allowed")}),
    # speculation: weighing whether, intends, plans, ponders, does not rule out
    ("L'Italia valuta di escludere Huawei dal 5G", NOTHING),
    ("L'Italia non esclude di vietare Huawei nel 5G", NOTHING),
    ("L'Italia intende escludere Huawei dal 5G", NOTHING),
    ("L'Italia prevede di vietare Huawei nel 5G", NOTHING),
    ("L'Italia medita lo stop a Huawei nel 5G", NOTHING),
    # pressure
    ("Gli Stati Uniti premono sull'Italia per escludere Huawei", NOTHING),
    # the vendor contests its exclusion
    ("Huawei contesta l'esclusione dal 5G in Svezia", NOTHING),
]


@pytest.mark.parametrize(("title", "expected"), ITALIAN)
def test_italian(title: str, expected: Expected) -> None:
    check("it", title, expected)
