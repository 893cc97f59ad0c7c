"""The clause reader on French and Spanish news, third round (issue 11): refusals of a ban,
not following another country's ban, hedges (perhaps, seeks to, a dilemma), a deal with the
state named as its subject, negated permissions to sell or deploy, named conventions that
hold a capital, and the words of the 5G security laws. Every sentence here is written for
the test; each failed before its rule was added."""

from __future__ import annotations

import pytest

from bot.news.classify import classify
from tests.helpers import NO_FINDING as NOTHING
from tests.helpers import Findings as Expected
from tests.helpers import check_reading as check


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Rejecting, refusing, opposing or turning one's back on a ban is no ban ...
        ("Le Portugal rejette le bannissement de Huawei", {("PT", "allowed")}),
        ("Emmanuel Macron rejette l'idée d'un bannissement de Huawei", {("FR", "allowed")}),
        ("5G : la Hongrie tourne le dos aux interdictions visant Huawei", {("HU", "allowed")}),
        ("La Suisse dit non à l'interdiction de Huawei dans la 5G", {("CH", "allowed")}),
        ("La Belgique s'oppose à l'exclusion de Huawei de la 5G", {("BE", "allowed")}),
        # ... while rejecting or turning one's back on the vendor itself is a ban.
        ("La Lituanie rejette Huawei pour son réseau 5G", {("LT", "banned")}),
        ("Le Vietnam tourne le dos à Huawei pour la 5G", {("VN", "banned")}),
        # Not following another country in its ban: the one that does not follow decides.
        (
            "La Belgique ne suivra pas le Royaume-Uni dans l'exclusion de Huawei",
            {("BE", "allowed")},
        ),
        # Hedges: perhaps, seeks to, a dilemma.
        ("Peut-être demain la Suisse bannira-t-elle Huawei de la 5G", NOTHING),
        ("La Slovaquie cherche à exclure Huawei de la 5G", NOTHING),
        ("Le dilemme de Berne : bannir Huawei ou non", NOTHING),
        # A negated permission to sell, deliver or deploy keeps the vendor out.
        ("Huawei ne pourra pas déployer la 5G au Danemark", {("DK", "banned")}),
        ("Huawei pourra vendre ses équipements 5G en Hongrie", {("HU", "allowed")}),
        # The country's own name as the subject of a deal: the state is a party ...
        ("Le Maroc signe un accord avec Huawei pour la 5G", {("MA", "partner")}),
        ("La Côte d'Ivoire choisit Huawei pour déployer la 5G", {("CI", "partner")}),
        ("Le Cameroun et Huawei signent un protocole d'accord sur la 5G", {("CM", "partner")}),
        # ... not a place where an operator signs.
        ("Au Maroc, Inwi signe un accord avec Huawei pour la 5G", NOTHING),
        # A capital inside the name of a declaration is not its signatory.
        (
            "Le Luxembourg signe la déclaration de Prague sur la sécurité 5G",
            {("LU", "under_review")},
        ),
        # The 5G security law, named without "projet de": a chamber's vote is a step; the
        # Constitutional Council's approval is its enactment.
        ("L'Assemblée adopte la loi sur la sécurité de la 5G", {("FR", "under_review")}),
        ("Le Conseil constitutionnel approuve la loi qui encadre Huawei", {("FR", "restricted")}),
    ],
)
def test_french(title: str, expected: Expected) -> None:
    check("fr", title, expected)


def test_french_high_risk_vendors_with_words_between() -> None:
    """ "fournisseurs 5G à haut risque" names the vendors as "fournisseurs à haut risque"."""
    result = classify("La Belgique restreint les fournisseurs 5G à haut risque", "", 0.5)
    assert result.relevant
    assert {(f.iso2, f.status) for f in result.findings} == {("BE", "restricted")}


def test_french_security_measures_for_5g_are_relevant() -> None:
    assert classify("Des mesures de sécurité pour les futurs réseaux 5G", "", 0.5).relevant


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Opposing or turning one's back on a ban is no ban.
        ("Colombia se opone al veto a Huawei en el 5G", {("CO", "allowed")}),
        (
            "Argentina da la espalda al veto de los equipos de Huawei en la red 5G",
            {("AR", "allowed")},
        ),
        ("Paraguay da la espalda a Huawei en la red 5G", {("PY", "banned")}),
        # Not following another country in its ban.
        ("España no seguirá a Reino Unido en el veto a Huawei", {("ES", "allowed")}),
        ("Perú no se sumará al veto de EEUU contra Huawei", {("PE", "allowed")}),
        # Hedges: seeks to, a crossroads, a dilemma, perhaps.
        ("Brasil busca la forma de prohibir a Huawei en la subasta 5G", NOTHING),
        ("Chile, en la encrucijada: aceptar o vetar a Huawei en el 5G", NOTHING),
        ("El dilema de México: vetar a Huawei o no", NOTHING),
        ("Quizás Ecuador vete a Huawei en su red 5G", NOTHING),
        # A request is pressure: the one who asks does not decide; the one who acts does.
        ("Panamá recibe la petición de EEUU de vetar a Huawei en sus redes 5G", NOTHING),
        ("A petición de EEUU, Polonia excluye a Huawei del 5G", {("PL", "banned")}),
        # A negated permission to offer or sell keeps the vendor out.
        ("Huawei no podrá ofrecer equipos 5G en Australia", {("AU", "banned")}),
        ("Huawei podrá vender sus equipos 5G en Argentina", {("AR", "allowed")}),
        # Taking the vendor out of the network.
        ("Suecia saca a Huawei de su red 5G", {("SE", "banned")}),
        # The country's own name as the subject of a deal.
        ("Uruguay firma un acuerdo con Huawei para el 5G", {("UY", "partner")}),
        ("Venezuela elige a Huawei para desplegar su red 5G", {("VE", "partner")}),
        ("En México, Telcel firma un acuerdo con Huawei para el 5G", NOTHING),
        # A capital in a convention's name is not a party to it.
        (
            "Empresas de países fuera del Convenio de Budapest no podrán participar en el 5G",
            NOTHING,
        ),
    ],
)
def test_spanish(title: str, expected: Expected) -> None:
    check("es", title, expected)


def test_spanish_caribbean_suppliers_are_the_vendor() -> None:
    """ "suplidores" (Caribbean Spanish for suppliers) of high risk are the vendors."""
    result = classify("Panamá restringe a los suplidores 5G de alto riesgo", "", 0.5)
    assert result.relevant
    assert {(f.iso2, f.status) for f in result.findings} == {("PA", "restricted")}


@pytest.mark.parametrize(
    ("title", "summary", "lang"),
    [
        (
            "5G : les enchères approchent pour Huawei et ses concurrents",
            "Les opérateurs attendent les règles du régulateur. La Norvège interdit Huawei de"
            " son réseau 5G.",
            "fr",
        ),
        (
            "5G: la subasta se acerca para Huawei y sus competidores",
            "Los operadores esperan las reglas del regulador. Noruega prohíbe a Huawei en su"
            " red 5G.",
            "es",
        ),
    ],
)
def test_only_the_first_standfirst_sentence_gives_a_finding(
    title: str, summary: str, lang: str
) -> None:
    """Later standfirst sentences are background in French and Spanish news (lexicon
    ``summary_sentences``); the same sentence first is read."""
    check(lang, title, NOTHING, summary)
    first, _, second = summary.partition(". ")
    check(lang, title, {("NO", "banned")}, f"{second} {first}.")


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # Many countries at once decide nothing for one of them ...
        ("Banni par plusieurs pays, Huawei veut s'étendre en Suisse", "fr", NOTHING),
        ("De nombreux pays interdisent Huawei dans la 5G, dont l'Australie", "fr", NOTHING),
        ("Les pays européens excluent Huawei de la 5G", "fr", NOTHING),
        ("Huawei, vetada por varios países, desembarca en Chile con su 5G", "es", NOTHING),
        ("Varios países prohíben a Huawei en la red 5G", "es", NOTHING),
        # ... while one country named between them and the cue, or a country compared with
        # them, still decides.
        ("La France est le premier pays à bannir Huawei de la 5G", "fr", {("FR", "banned")}),
        ("España veta a Huawei como otros países europeos", "es", {("ES", "banned")}),
        # "X and its allies" is X.
        ("La France et ses alliés excluent Huawei de la 5G", "fr", {("FR", "banned")}),
    ],
)
def test_many_countries_at_once(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # A deal or work with the vendor on something other than networks is no network policy
        # (the same deal about the 5G network is).
        ("Le Gabon signe un protocole d'accord avec Huawei sur le numérique", "fr", NOTHING),
        ("Le Gabon signe un protocole d'accord avec Huawei sur la 5G", "fr", {("GA", "partner")}),
        (
            "El Gobierno de Bolivia firma un acuerdo con Huawei para digitalizar las escuelas",
            "es",
            NOTHING,
        ),
        (
            "El Gobierno de Bolivia firma un acuerdo con Huawei para la red 5G",
            "es",
            {("BO", "partner")},
        ),
        # "accorde" grants: no deal.
        ("Washington accorde un nouveau sursis à Huawei et ses fournisseurs", "fr", NOTHING),
    ],
)
def test_deals_about_networks_only(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("with_country", "without"),
    [
        ("Huawei toujours bienvenu au Luxembourg", "Huawei toujours bienvenu chez nous"),
        ("Huawei sigue siendo bienvenido en Uruguay", "Huawei sigue siendo bienvenido aquí"),
    ],
)
def test_the_vendor_in_a_country_is_relevant(with_country: str, without: str) -> None:
    """As in English, the vendor and a country in the title is the vendor's standing there."""
    assert classify(with_country, "", 0.5).relevant
    assert not classify(without, "", 0.5).relevant


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # A dotted abbreviation's period ends no title clause: the clause goes on past it.
        (
            "República Dominicana firma un memorando con EE.UU. sobre la seguridad del 5G",
            "es",
            {("DO", "under_review")},
        ),
        (
            "Guatemala firma un memorando con EE. UU. sobre la seguridad del 5G",
            "es",
            {("GT", "under_review")},
        ),
        # ... while a sentence's period still does.
        ("Le Canada exclut Huawei de la 5G. La Chine proteste", "fr", {("CA", "banned")}),
    ],
)
def test_abbreviations_end_no_clause(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # Not selected, not invited, no longer welcome: exclusion in other words (a negation
        # inside the cue's own negative phrase is the same negation).
        ("L'Inde n'a pas retenu Huawei pour ses essais 5G", "fr", {("IN", "banned")}),
        ("Huawei non retenu pour les essais 5G en Inde", "fr", {("IN", "banned")}),
        ("Le Brésil n'invite pas Huawei aux essais 5G", "fr", {("BR", "banned")}),
        ("Huawei n'est plus le bienvenu au Royaume-Uni", "fr", {("GB", "banned")}),
        ("India no invita a Huawei a las pruebas 5G", "es", {("IN", "banned")}),
        ("Huawei ya no es bienvenida en el Reino Unido", "es", {("GB", "banned")}),
        # A law that makes exclusion possible is an approval regime: restricted.
        ("La Pologne adopte une loi qui permet d'exclure Huawei", "fr", {("PL", "restricted")}),
        (
            "El Congreso de Chile aprueba una ley que permite excluir a Huawei del 5G",
            "es",
            {("CL", "restricted")},
        ),
        # Operators obliged to remove the vendor's kit: the state compels, not a company's
        # choice (the outlet's home government when no country is named, for French).
        (
            "Les opérateurs obligés de retirer leurs antennes Huawei des zones denses",
            "fr",
            {("FR", "restricted")},
        ),
        ("Les opérateurs retirent leurs antennes Huawei des zones denses", "fr", NOTHING),
    ],
)
def test_exclusion_and_compulsion_in_other_words(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


def test_the_5g_toolbox_is_relevant() -> None:
    assert classify("La Commission européenne adopte la boîte à outils 5G", "", 0.5).relevant
    spanish = classify(
        "La Comisión Europea adopta la caja de herramientas para las redes 5G", "", 0.5
    )
    assert spanish.lang == "es"
    assert spanish.relevant


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # Heads of government named alone stand for their country.
        ("Piñera descarta vetar a Huawei en el 5G", "es", {("CL", "allowed")}),
        ("AMLO: México no vetará a Huawei en la red 5G", "es", {("MX", "allowed")}),
        ("Rodrigo Chaves firma decreto que deja fuera a Huawei del 5G", "es", {("CR", "banned")}),
        # The state's special powers over one contract restrict, they do not ban.
        (
            "Italia ejerce el poder de veto sobre un contrato 5G de Huawei",
            "es",
            {("IT", "restricted")},
        ),
        ("L'Italie utilise le golden power contre Huawei dans la 5G", "fr", {("IT", "restricted")}),
    ],
)
def test_leaders_and_special_powers(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Huawei : le Danemark dit stop pour la 5G", "fr"),
        ("Le Danemark met fin à la présence de Huawei dans son réseau 5G", "fr"),
        ("Le Danemark tire un trait sur Huawei pour la 5G", "fr"),
        ("Huawei, persona non grata au Danemark", "fr"),
        ("Dinamarca pone fin a la presencia de Huawei en su red 5G", "es"),
        ("Dinamarca desconecta a Huawei de su red 5G", "es"),
        ("Adiós a Huawei en el 5G de Dinamarca", "es"),
    ],
)
def test_idioms_of_exclusion(title: str, lang: str) -> None:
    check(lang, title, {("DK", "banned")})


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Le Danemark met fin à l'interdiction de Huawei dans la 5G", "fr"),
        ("Dinamarca pone fin al veto a Huawei en su red 5G", "es"),
    ],
)
def test_ending_a_ban_lifts_it(title: str, lang: str) -> None:
    check(lang, title, {("DK", "allowed")})


def test_spanish_yes_is_no_if() -> None:
    """ "sí" (yes, emphatic) is not "si" (if): the accent tells them apart."""
    check("es", "Alemania sí veta a Huawei en su red 5G", {("DE", "banned")})
    check("es", "China responderá si Alemania veta a Huawei en su red 5G", NOTHING)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # Spared, escaping or avoiding a ban: no ban.
        ("Huawei échappe à l'interdiction en Allemagne", "fr", {("DE", "allowed")}),
        ("Huawei évite l'exclusion de la 5G en Allemagne", "fr", {("DE", "allowed")}),
        ("Huawei se libra del veto en Alemania", "es", {("DE", "allowed")}),
        ("Alemania salva a Huawei de la prohibición en su red 5G", "es", {("DE", "allowed")}),
        # An exclusion a vendor-security pledge speaks of is the pledge: under review for its
        # signatory, nothing for its promoter.
        (
            "La República Dominicana excluirá proveedores 5G de riesgo según la iniciativa"
            " estadounidense «Red Limpia»",
            "es",
            {("DO", "under_review")},
        ),
        (
            "La Roumanie signe avec les États-Unis un mémorandum sur la 5G qui écarte les"
            " fournisseurs à haut risque",
            "fr",
            {("RO", "under_review")},
        ),
        # "RD" is the Dominican Republic in Spanish.
        ("RD excluye a Huawei de su red 5G", "es", {("DO", "banned")}),
    ],
)
def test_escapes_and_pledges(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # Reviews: a report ordered, put under watch, referred, submitted to an examination.
        ("Le gouvernement belge commande un rapport sur Huawei", "fr", {("BE", "under_review")}),
        ("Huawei sous surveillance en Belgique", "fr", {("BE", "under_review")}),
        (
            "El Reino Unido reevalúa la presencia de Huawei en la red 5G",
            "es",
            {("GB", "under_review")},
        ),
        ("Alemania somete a Huawei a un examen de seguridad", "es", {("DE", "under_review")}),
        # A hearing is not an audit.
        ("Le Parlement belge auditionne Huawei sur la 5G", "fr", NOTHING),
        # Tougher rules restrict.
        (
            "L'Allemagne durcit les règles de sécurité de la 5G face à Huawei",
            "fr",
            {("DE", "restricted")},
        ),
        (
            "Alemania endurece las reglas de seguridad del 5G frente a Huawei",
            "es",
            {("DE", "restricted")},
        ),
    ],
)
def test_reviews_and_tougher_rules(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # A hedge in an introductory phrase before a comma or colon and the named actor
        # belongs to that phrase, not to the decision.
        ("Après des mois de débat, la Suède exclut Huawei de la 5G", "fr", {("SE", "banned")}),
        (
            "Très attendue, la décision tombe : le Royaume-Uni exclut Huawei de la 5G",
            "fr",
            {("GB", "banned")},
        ),
        ("Tras meses de debate, Suecia veta a Huawei en la red 5G", "es", {("SE", "banned")}),
        # ... while a hedge with no actor named after it, or a condition opening the
        # sentence, still hedges.
        ("Si la ley entra en vigor, España excluirá a Huawei de su red 5G", "es", NOTHING),
        ("Le gouvernement suédois pourrait, selon la presse, exclure Huawei", "fr", NOTHING),
        # A hedge word after the cue and past a background word is about something else.
        ("Suecia veta a Huawei tras aplazar la subasta 5G", "es", {("SE", "banned")}),
        ("La Suède exclut Huawei après avoir repoussé sa décision", "fr", {("SE", "banned")}),
        # "weighs" and "considers" hedge only as such ("pèse 30 %", "considera a Huawei un
        # riesgo" do not).
        (
            "Huawei, qui pèse 30 % du marché, exclu du réseau 5G britannique",
            "fr",
            {("GB", "banned")},
        ),
        ("Huawei : la France pèse le pour et le contre d'une exclusion", "fr", NOTHING),
        (
            "Suecia veta a Huawei y considera que es un riesgo para la seguridad",
            "es",
            {("SE", "banned")},
        ),
        ("España considera vetar a Huawei en su red 5G", "es", NOTHING),
    ],
)
def test_hedges_in_their_own_clause(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # Operators that will have to remove the vendor's kit: the state compels them.
        (
            "Las operadoras deberán retirar los equipos de Huawei en Portugal",
            "es",
            {("PT", "banned")},
        ),
        (
            "Les opérateurs devront démonter leurs équipements Huawei au Portugal",
            "fr",
            {("PT", "banned")},
        ),
        # An operator choosing to do so alone decides nothing for the state.
        ("Las operadoras retiran los equipos de Huawei en Portugal", "es", NOTHING),
    ],
)
def test_operators_compelled(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # A ban said of the vendor in passing, set off by commas, with other news after it.
        ("Huawei, vetada en Estados Unidos, desembarca en México con su 5G", "es", NOTHING),
        ("Vetada en EEUU, Huawei apuesta por América Latina para el 5G", "es", NOTHING),
        ("Huawei, banni aux États-Unis, mise sur l'Afrique pour la 5G", "fr", NOTHING),
        ("Interdit aux États-Unis, Huawei se tourne vers l'Europe pour la 5G", "fr", NOTHING),
        # ... not when the ban is the news.
        ("Huawei, excluida del 5G en Suecia", "es", {("SE", "banned")}),
        # Explainers of a ban's effects decide nothing.
        ("Así afecta el veto de EEUU a Huawei a las redes 5G", "es", NOTHING),
        ("Qué significa el veto a Huawei para España", "es", NOTHING),
        ("Les conséquences de l'interdiction de Huawei en Suède", "fr", NOTHING),
    ],
)
def test_bans_in_passing_and_explainers(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # Names a country goes by in its neighbours' press.
        (
            "L'Hexagone limite l'usage des équipements Huawei dans la 5G",
            "fr",
            {("FR", "restricted")},
        ),
        ("Outre-Rhin, Huawei exclu du cœur de réseau 5G", "fr", {("DE", "restricted")}),
        ("Outre-Manche, Huawei banni de la 5G", "fr", {("GB", "banned")}),
        ("Holanda excluye a Huawei del núcleo de su red 5G", "es", {("NL", "restricted")}),
        # "les Pays-Bas", "los Países Bajos" are one country, not "the countries".
        ("Les Pays-Bas excluent Huawei de leur cœur de réseau", "fr", {("NL", "restricted")}),
        (
            "Los Países Bajos excluyen a Huawei del núcleo de su red 5G",
            "es",
            {("NL", "restricted")},
        ),
    ],
)
def test_country_names(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("EEUU prohíbe a las empresas estadounidenses vender componentes a Huawei", "es"),
        ("El Departamento de Comercio de EEUU incluye a Huawei en su lista negra", "es"),
        ("Le département du Commerce américain place Huawei sur sa liste noire", "fr"),
    ],
)
def test_export_controls_are_not_network_policy(title: str, lang: str) -> None:
    result = classify(title, "", 0.5)
    assert result.lang == lang
    assert not result.relevant


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        (
            "Le Sénégal et Huawei s'associent pour l'économie numérique et la fracture numérique",
            "fr",
        ),
        ("Huawei accompagne la transition numérique du gouvernement congolais", "fr"),
        (
            "Huawei y el Gobierno de Bolivia impulsan la economía digital y la inclusión digital",
            "es",
        ),
    ],
)
def test_the_digital_economy_is_not_network_policy(title: str, lang: str) -> None:
    result = classify(title, "", 0.5)
    assert result.lang == lang
    assert not result.relevant


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # A decision in a relative clause about its country is background to the news.
        ("La Suède, qui a exclu Huawei, attaquée en justice par le groupe chinois", "fr"),
        ("Suecia, que ya vetó a Huawei, recibe una demanda de la empresa china", "es"),
    ],
)
def test_a_relative_clause_is_background(title: str, lang: str) -> None:
    check(lang, title, NOTHING)


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # No ban in other words: the door not closed, the vendor kept, no veto, no obstacles.
        ("La Hongrie ne ferme pas la porte à Huawei pour la 5G", "fr", {("HU", "allowed")}),
        ("La Hongrie maintient Huawei dans son réseau 5G", "fr", {("HU", "allowed")}),
        ("Pas de veto contre Huawei dans la 5G en Hongrie", "fr", {("HU", "allowed")}),
        (
            "La Hongrie ne mettra pas de bâtons dans les roues de Huawei pour la 5G",
            "fr",
            {("HU", "allowed")},
        ),
        ("Huawei aura le champ libre en Hongrie pour la 5G", "fr", {("HU", "allowed")}),
        ("Hungría no pondrá trabas a Huawei en el 5G", "es", {("HU", "allowed")}),
        # ... and their positive forms.
        ("La Hongrie met son veto à Huawei pour la 5G", "fr", {("HU", "banned")}),
        ("Hungría pone trabas a Huawei en el 5G", "es", {("HU", "restricted")}),
    ],
)
def test_no_ban_in_other_words(title: str, lang: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # Scope decides the level: essential parts, the access network, strategic or military
        # sites, the state's own networks are a restriction.
        ("La Suède exclut Huawei des parties essentielles de son réseau 5G", "fr"),
        ("La Suède interdit Huawei à proximité des sites militaires", "fr"),
        ("La Suède exclut Huawei des réseaux de l'administration", "fr"),
        ("Suecia veta a Huawei en la red troncal 5G", "es"),
        ("Suecia prohíbe equipos de Huawei cerca de bases militares", "es"),
        ("Suecia excluye a Huawei de las infraestructuras estratégicas", "es"),
    ],
)
def test_scope_restricts(title: str, lang: str) -> None:
    check(lang, title, {("SE", "restricted")})


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # A pledge to exclude is no step yet, and its partner promoting it decides nothing.
        ("Panamá y EEUU se comprometen a excluir a proveedores 5G de alto riesgo", "es"),
        ("La Pologne s'engage à exclure Huawei de la 5G", "fr"),
    ],
)
def test_a_pledge_is_no_step(title: str, lang: str) -> None:
    check(lang, title, NOTHING)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # The 5G security law's words are its angle even with no vendor named.
        ("Les opérateurs devront obtenir une autorisation préalable pour leurs antennes 5G", "fr"),
        ("La 5G et le risque d'espionnage inquiètent les députés", "fr"),
        ("La ley 5G obligará a pedir autorización previa para los equipos de red", "es"),
    ],
)
def test_5g_security_law_angles_are_relevant(title: str, lang: str) -> None:
    result = classify(title, "", 0.5)
    assert result.lang == lang
    assert result.relevant


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    [
        (
            "Le Portugal exclut Huawei de la 5G",
            "Le numéro deux mondial des smartphones, visé par des sanctions, dénonce une décision"
            " politique.",
            {("PT", "banned")},
        ),
        (
            "Huawei, fuera del 5G en Portugal",
            "La empresa china, conocida por sus teléfonos, perdió en 2019 el acceso a Android.",
            {("PT", "banned")},
        ),
    ],
)
def test_a_standfirst_describing_the_vendor_does_not_undo_a_decision_in_the_title(
    title: str, summary: str, expected: Expected
) -> None:
    """The standfirst's phones and smartphones describe the vendor; the title naming it, 5G
    and a decision is the news."""
    result = classify(title, summary, 0.5)
    assert result.relevant
    assert {(f.iso2, f.status) for f in result.findings if f.status} == expected
