"""The clause reader on Italian, Portuguese and Romanian news (issue 11): how each press writes
a ban, an exclusion, a restriction, a review, a bill, a "no ban", a deal with the state, and
the speculation, pressure and vendor quotes that give no finding. Every sentence here is made
up for the test (the labelled real headlines are scored in test_detection_eval.py); each
failed before the rule it stands for was added."""

from __future__ import annotations

import pytest

from bot import countries
from bot.news.classify import classify
from tests.helpers import NO_FINDING as NOTHING
from tests.helpers import Findings as Expected
from tests.helpers import check_reading as check

# -- countries: how the press writes them ----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "iso2"),
    [
        # A short form written two ways, each exactly so: Italian writes "Usa" and "Ue".
        ("it", "Il governo ascolta gli Usa", "US"),
        ("it", "Il governo ascolta gli USA", "US"),
        ("it", "La Commissione Ue decide", "EU"),
        # Capitals and heads of government as each press writes them.
        ("it", "Roma decide sul 5G", "IT"),
        ("it", "Meloni decide sul 5G", "IT"),
        ("pt", "Lisboa decide sobre o 5G", "PT"),
        ("pt", "Lula decide sobre o 5G", "BR"),
        ("ro", "Bucureștiul decide", "RO"),
        ("ro", "Ciolacu decide", "RO"),
        ("it", "L'Olanda decide sul 5G", "NL"),
        ("pt", "Tóquio decide sobre o 5G", "JP"),
        # The state's own bodies: ministries, security councils, the cyber agencies.
        ("it", "Il Mimit decide sul 5G", "IT"),
        ("it", "Il Copasir decide sul 5G", "IT"),
        ("pt", "O Itamaraty decide sobre o 5G", "BR"),
        ("pt", "O CNCS decide sobre o 5G", "PT"),
        ("ro", "CSAT decide asupra 5G", "RO"),
        ("ro", "DNSC decide asupra 5G", "RO"),
        # The EU's institutions are the EU, not the outlet's own parliament.
        ("it", "Il Parlamento europeo decide", "EU"),
        ("pt", "O Parlamento Europeu decide", "EU"),
        ("ro", "Parlamentul European decide", "EU"),
        ("ro", "Decizia Comisiei Europene", "EU"),
    ],
)
def test_short_forms_in_each_spelling(lang: str, text: str, iso2: str) -> None:
    assert iso2 in {m.iso2 for m in countries.find_mentions_in(text, lang)}


def test_a_short_form_still_needs_its_letters() -> None:
    # "usa" (uses) in lower case is a verb, not the United States.
    assert not countries.find_mentions_in("il governo usa la rete", "it")


@pytest.mark.parametrize(
    ("lang", "title", "expected"),
    [
        # "Usa" is the United States, not the verb "uses" (a use of the vendor: allowed).
        ("it", "Il governo italiano segue gli Usa sul dossier Huawei nel 5G", NOTHING),
        # An authority's opinion ("aviz") says no or yes; only its procedure is a review.
        ("ro", "CSAT a dat aviz negativ pentru Huawei în rețelele 5G", {("RO", "banned")}),
        ("ro", "Ministerul a avizat negativ cererea Huawei pentru 5G", {("RO", "banned")}),
        ("ro", "CSAT a dat aviz favorabil pentru Huawei în rețelele 5G", {("RO", "allowed")}),
        (
            "ro",
            "Guvernul a trimis spre avizare proiectul privind Huawei și 5G",
            {("RO", "under_review")},
        ),
        # The 5G law: an approval regime once promulgated, a bill on its way before.
        (
            "ro",
            "Iohannis a promulgat legea 5G privind furnizorii de echipamente",
            {("RO", "restricted")},
        ),
        ("ro", "Senatul a adoptat legea 5G privind echipamentele Huawei", {("RO", "under_review")}),
        # Taken out, in the participle's forms; the core network is a part of it.
        ("ro", "Huawei, scoasă din rețelele 5G din România", {("RO", "banned")}),
        ("ro", "România limitează Huawei în rețeaua de bază 5G", {("RO", "restricted")}),
        # Weighing or discussing a ban (verb + the ban's noun) is speculation, not a review ...
        ("it", "L'Italia valuta l'esclusione di Huawei dal 5G", NOTHING),
        ("it", "L'Italia discute il divieto per Huawei nel 5G", NOTHING),
        ("pt", "O Brasil avalia a exclusão da Huawei do 5G", NOTHING),
        ("pt", "O Brasil discute o veto à Huawei no 5G", NOTHING),
        ("ro", "România analizează excluderea Huawei din rețelele 5G", NOTHING),
        # ... while an inquiry opened is one.
        ("it", "L'Italia apre un'istruttoria su Huawei nel 5G", {("IT", "under_review")}),
        ("pt", "O Brasil abre inquérito sobre a Huawei no 5G", {("BR", "under_review")}),
        ("ro", "România analizează riscurile Huawei pentru rețelele 5G", {("RO", "under_review")}),
        # Denying the permission is a ban; refusing to ban is no ban.
        ("it", "L'Italia nega l'autorizzazione a Huawei per il 5G", {("IT", "banned")}),
        ("pt", "O Brasil nega autorização à Huawei para o 5G", {("BR", "banned")}),
        ("it", "L'Italia rifiuta di escludere Huawei dal 5G", {("IT", "allowed")}),
        # Every tense and person of the ban verbs.
        ("it", "L'Italia respinge Huawei nella rete 5G", {("IT", "banned")}),
        ("it", "L'Italia stoppa Huawei nella rete 5G", {("IT", "banned")}),
        ("pt", "O Brasil bloqueou a Huawei na rede 5G", {("BR", "banned")}),
        ("pt", "O Brasil recusou a Huawei na rede 5G", {("BR", "banned")}),
        ("pt", "O Brasil deixou de fora a Huawei na rede 5G", {("BR", "banned")}),
        ("ro", "România înlătură Huawei din rețelele 5G", {("RO", "banned")}),
        ("ro", "România a permis Huawei în rețelele 5G", {("RO", "allowed")}),
        # A ban suspended is lifted; a court suspending it has not said its last word.
        ("it", "Il governo sospende il divieto per Huawei nel 5G in Italia", {("IT", "allowed")}),
        ("it", "Il tribunale sospende l'esclusione di Huawei dal 5G in Italia", NOTHING),
        ("pt", "Tribunal suspende a exclusão da Huawei do 5G no Brasil", NOTHING),
        ("ro", "Curtea suspendă interzicerea Huawei în rețelele 5G din România", NOTHING),
        # Scope: a part of the network, military sites, a cap, "but not from ..." restrict.
        ("it", "L'Italia esclude Huawei dal cuore della rete 5G", {("IT", "restricted")}),
        (
            "it",
            "L'Italia esclude Huawei dal 5G ma non dalla rete di accesso",
            {("IT", "restricted")},
        ),
        (
            "it",
            "L'Italia impone una quota massima ai fornitori come Huawei nel 5G",
            {("IT", "restricted")},
        ),
        ("pt", "Portugal exclui a Huawei do core da rede 5G", {("PT", "restricted")}),
        ("pt", "O Brasil proíbe a Huawei nas instalações militares", {("BR", "restricted")}),
        (
            "ro",
            "România exclude Huawei din rețelele instituțiilor statului",
            {("RO", "restricted")},
        ),
        ("ro", "România exclude Huawei din 5G, dar nu din rețeaua 4G", {("RO", "restricted")}),
        ("it", "L'Italia esclude Huawei dalle reti governative", {("IT", "restricted")}),
        ("pt", "O Brasil veta a Huawei nas redes do governo", {("BR", "restricted")}),
        ("ro", "România exclude Huawei din rețelele guvernamentale", {("RO", "restricted")}),
        # No plans to ban, the negation five words back; plans to ban are speculation.
        ("ro", "România nu are în plan să excludă Huawei din 5G", {("RO", "allowed")}),
        ("ro", "România are în plan să excludă Huawei din 5G", NOTHING),
        # The vendor stays in: allowed.
        ("it", "Huawei resta in gara per il 5G in Italia", {("IT", "allowed")}),
        ("pt", "Huawei continua no 5G em Portugal", {("PT", "allowed")}),
        ("ro", "Huawei rămâne în rețelele 5G din România", {("RO", "allowed")}),
        # A recommendation or a "must" is advice, not a decision.
        ("it", "Il Copasir raccomanda di escludere Huawei dal 5G", NOTHING),
        ("it", "Relazione del Copasir: Huawei va esclusa dal 5G", NOTHING),
        ("pt", "Relatório recomenda excluir a Huawei do 5G no Brasil", NOTHING),
        ("ro", "România trebuie să excludă Huawei din 5G", NOTHING),
        ("ro", "Raportul recomandă excluderea Huawei din rețelele 5G din România", NOTHING),
        # "No preclusion" is no ban; out of the core is a restriction.
        ("it", "Il governo italiano: nessuna preclusione per Huawei nel 5G", {("IT", "allowed")}),
        ("it", "L'Italia approva le linee guida: Huawei fuori dal core 5G", {("IT", "restricted")}),
        # A signed decision rejecting the vendor is a ban, not a deal signed with it.
        (
            "ro",
            "Premierul a semnat decizia de respingere a cererii Huawei pentru 5G",
            {("RO", "banned")},
        ),
        ("ro", "Guvernul României semnează un contract cu Huawei pentru 5G", {("RO", "partner")}),
        # Rejecting or resisting the calls or the pressure to ban is no ban ...
        ("ro", "Premierul respinge cererile de a interzice Huawei în România", {("RO", "allowed")}),
        ("it", "L'Italia respinge le richieste di escludere Huawei dal 5G", {("IT", "allowed")}),
        ("it", "L'Italia resiste alle pressioni per escludere Huawei dal 5G", {("IT", "allowed")}),
        ("pt", "O Brasil rejeita a pressão dos EUA para banir a Huawei", {("BR", "allowed")}),
        ("ro", "România rezistă presiunilor SUA de a exclude Huawei din 5G", {("RO", "allowed")}),
        # ... while rejecting the vendor, or its request, is one.
        ("it", "L'Italia respinge Huawei nella rete 5G", {("IT", "banned")}),
        ("pt", "O Brasil rejeita a Huawei no 5G", {("BR", "banned")}),
        ("ro", "România respinge cererea Huawei de autorizare pentru 5G", {("RO", "banned")}),
        ("it", "L'Italia respinge l'uso di apparati forniti da Huawei nel 5G", {("IT", "banned")}),
        ("it", "L'Italia rifiuta l'uso di apparati forniti da Huawei nel 5G", {("IT", "banned")}),
        ("it", "L'Italia rifiuta l'autorizzazione a Huawei per il 5G", {("IT", "banned")}),
        (
            "ro",
            "Noua Zeelandă respinge folosirea echipamentelor 5G furnizate de Huawei",
            {("NZ", "banned")},
        ),
        # A ban from a year on phases the vendor out: a restriction.
        ("it", "Il Belgio esclude Huawei dalle reti 5G dal 2027", {("BE", "restricted")}),
        ("pt", "A Bélgica exclui a Huawei das redes 5G a partir de 2027", {("BE", "restricted")}),
        ("ro", "Belgia exclude Huawei din rețelele 5G începând cu 2027", {("BE", "restricted")}),
        # Agreeing ("de acord") is no deal, and talking "with Huawei" no use of it ...
        (
            "ro",
            "Președintele nu este de acord ca licitația 5G din România să fie cu Huawei",
            NOTHING,
        ),
        ("pt", "O governo brasileiro discute o 5G com a Huawei", NOTHING),
        # ... while carrying on with the vendor is, and a deal signed is a deal.
        ("pt", "O governo brasileiro continua com a Huawei no 5G", {("BR", "allowed")}),
        ("ro", "Guvernul României continuă cu Huawei în rețelele 5G", {("RO", "allowed")}),
        (
            "ro",
            "Guvernul României și Huawei au semnat un acord de cooperare pentru 5G",
            {("RO", "partner")},
        ),
        # A memorandum named is no step; signed or approved, it is one.
        ("ro", "Ministrul: susțin total memorandumul cu SUA pentru 5G", NOTHING),
        ("ro", "România a semnat memorandumul cu SUA privind 5G", {("RO", "under_review")}),
        (
            "ro",
            "Guvernul României a aprobat memorandumul privind 5G cu SUA",
            {("RO", "under_review")},
        ),
        # Operators obliged to remove the vendor: the state acts through them ...
        (
            "it",
            "L'Italia: gli operatori dovranno sostituire gli apparati Huawei nel 5G",
            {("IT", "banned")},
        ),
        ("pt", "Portugal: operadoras obrigadas a retirar a Huawei do 5G", {("PT", "banned")}),
        (
            "ro",
            "România: operatorii, obligați să înlocuiască echipamentele Huawei din 5G",
            {("RO", "banned")},
        ),
        # ... an operator removing it on its own is its choice.
        ("pt", "Operadoras retiram equipamentos da Huawei das redes 5G", NOTHING),
        # "Executivo", "esecutivo" (the cabinet) is the government.
        ("pt", "Executivo português exclui a Huawei do 5G", {("PT", "banned")}),
        # Joining another country: the joiner acts; declining to follow is no ban.
        ("it", "La Francia si unisce agli Stati Uniti nel bando a Huawei", {("FR", "banned")}),
        ("it", "Il Belgio non si unisce al Regno Unito nel bandire Huawei", {("BE", "allowed")}),
        ("pt", "A Bélgica não segue o Reino Unido no banimento da Huawei", {("BE", "allowed")}),
        ("ro", "Belgia nu urmează Marea Britanie în interzicerea Huawei", {("BE", "allowed")}),
        ("pt", "A Suécia junta-se ao Reino Unido e bane a Huawei", {("SE", "banned")}),
        # "se" is "if" only before its clause's subject, not the pronoun of "junta-se".
        ("pt", "Se o Brasil banir a Huawei, o leilão do 5G atrasa", NOTHING),
        # "Projeto" alone is the bill in a legislative headline.
        (
            "pt",
            "Senado aprova projeto que proíbe a Huawei no 5G brasileiro",
            {("BR", "under_review")},
        ),
        # A Dpcm is the government's act; "stop al/alla/del governo" is a stop.
        (
            "it",
            "Dpcm 5G: via libera con prescrizioni all'accordo tra Tim e Huawei",
            {("IT", "restricted")},
        ),
        ("it", "L'Italia dice stop al 5G di Huawei", {("IT", "banned")}),
        # The vendor may go on selling, without restriction: allowed.
        ("pt", "Huawei poderá vender equipamentos 5G no Brasil", {("BR", "allowed")}),
        ("pt", "Sem barreiras para a Huawei no 5G brasileiro", {("BR", "allowed")}),
        (
            "it",
            "L'Italia: Huawei potrà continuare a fornire il 5G senza restrizioni",
            {("IT", "allowed")},
        ),
        ("ro", "Huawei poate continua să livreze echipamente 5G în România", {("RO", "allowed")}),
        # Stopping the use or the deal; "no total stop" is a partial one.
        (
            "it",
            "La Danimarca ferma l'uso di apparati Huawei nelle reti mobili 5G",
            {("DK", "banned")},
        ),
        ("it", "Belgio: non ci sarà uno stop totale a Huawei nel 5G", {("BE", "restricted")}),
        # A hearing, a task force, a working group: a review under way.
        (
            "pt",
            "Senado brasileiro faz audiência pública sobre a Huawei e o 5G",
            {("BR", "under_review")},
        ),
        (
            "it",
            "Il governo italiano crea una task force su Huawei e il 5G",
            {("IT", "under_review")},
        ),
        (
            "ro",
            "Guvernul României înființează un grup de lucru pentru Huawei și 5G",
            {("RO", "under_review")},
        ),
        # Ruling out or denying the ban is no ban ("esclude" is also "rules out") ...
        ("it", "Il governo italiano esclude che Huawei sia bandita dal 5G", {("IT", "allowed")}),
        ("it", "L'Italia esclude la messa al bando di Huawei", {("IT", "allowed")}),
        ("it", "Il governo italiano smentisce l'esclusione di Huawei dal 5G", {("IT", "allowed")}),
        ("pt", "Governo português desmente exclusão da Huawei do 5G", {("PT", "allowed")}),
        ("ro", "Guvernul României exclude varianta interzicerii Huawei", {("RO", "allowed")}),
        ("ro", "Guvernul României neagă că va interzice Huawei", {("RO", "allowed")}),
        ("pt", "O governo português exclui a hipótese de banir a Huawei", {("PT", "allowed")}),
        ("ro", "Guvernul României exclude posibilitatea interzicerii Huawei", {("RO", "allowed")}),
        ("ro", "Guvernul României nu exclude posibilitatea interzicerii Huawei", NOTHING),
        (
            "it",
            "Il governo italiano non ha alcuna intenzione di escludere Huawei dal 5G",
            {("IT", "allowed")},
        ),
        # ... while excluding the vendor is a ban.
        (
            "it",
            "Il governo italiano esclude le aziende cinesi come Huawei dal 5G",
            {("IT", "banned")},
        ),
        # Joining the US "Clean Network" is a declaration: a formal step.
        ("it", "L'Italia aderisce al Clean Network degli Usa", {("IT", "under_review")}),
        ("pt", "Portugal adere ao Clean Network dos EUA", {("PT", "under_review")}),
        ("ro", "România aderă la inițiativa Clean Network a SUA", {("RO", "under_review")}),
        # The vendor by other names: the Shenzhen giant, suppliers from outside the EU.
        ("it", "L'Italia esclude il colosso di Shenzhen dal 5G", {("IT", "banned")}),
        ("it", "L'Italia limita i fornitori extra-Ue nel 5G", {("IT", "restricted")}),
        (
            "pt",
            "O governo brasileiro veta a gigante de Shenzhen no leilão do 5G",
            {("BR", "banned")},
        ),
        ("ro", "România exclude gigantul din Shenzhen din 5G", {("RO", "banned")}),
        # A ban in a proposal is a step under way, not the decision.
        (
            "it",
            "La proposta della Commissione Ue esclude Huawei dalle reti 5G",
            {("EU", "under_review")},
        ),
        (
            "pt",
            "A proposta da Comissão Europeia exclui a Huawei das redes 5G",
            {("EU", "under_review")},
        ),
        (
            "ro",
            "Propunerea Comisiei Europene exclude Huawei din rețelele 5G",
            {("EU", "under_review")},
        ),
        # The vendor risking a ban is a prospect, not a decision ...
        ("it", "Huawei rischia l'esclusione dal 5G italiano", NOTHING),
        ("pt", "Huawei corre o risco de ser excluída do 5G no Brasil", NOTHING),
        ("ro", "Huawei riscă să fie exclusă din 5G în România", NOTHING),
        # ... while a fear is a reason for the decision.
        ("it", "Per timore di spionaggio l'Italia esclude Huawei dal 5G", {("IT", "banned")}),
        # "Cdm" (the Council of Ministers) is the government: its bill is a formal step.
        (
            "it",
            "Il Cdm approva il disegno di legge sulle reti 5G: controlli su Huawei",
            {("IT", "under_review")},
        ),
    ],
)
def test_readings(lang: str, title: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("it", 'Il presidente di Huawei Italia: "L\'Italia non ci escluderà dal 5G"'),
        ("it", "L'ad di Huawei Italia: il governo non vieterà i nostri apparati 5G"),
        ("pt", "CEO da Huawei: Portugal não vai banir a empresa do 5G"),
        ("pt", "Presidente da Huawei no Brasil: empresa não será excluída do 5G"),
        ("ro", "Directorul Huawei România: nu vom fi excluși din rețelele 5G"),
        ("ro", "Vicepreședintele Huawei: România nu ne va exclude din 5G"),
    ],
)
def test_the_vendors_people_decide_nothing(lang: str, title: str) -> None:
    """A Huawei executive's words about the state are no state decision."""
    check(lang, title, NOTHING)


@pytest.mark.parametrize(
    ("lang", "title", "expected"),
    [
        ("it", "Il ministro Urso su Huawei: l'Italia esclude l'azienda dal 5G", {("IT", "banned")}),
        (
            "ro",
            "Președintele Iohannis despre Huawei: România exclude compania din 5G",
            {("RO", "banned")},
        ),
    ],
)
def test_a_minister_on_the_vendor_still_decides(lang: str, title: str, expected: Expected) -> None:
    check(lang, title, expected)


@pytest.mark.parametrize(
    ("lang", "title", "expected"),
    [
        # A frame naming who presses: the next country decides, even with no comma ...
        ("it", "Su pressione degli Usa l'Italia esclude Huawei dal 5G", {("IT", "banned")}),
        ("it", "Dietro pressione americana l'Italia esclude Huawei dal 5G", {("IT", "banned")}),
        ("pt", "Sob pressão dos EUA o Brasil veta a Huawei no 5G", {("BR", "banned")}),
        ("ro", "Sub presiunea SUA România exclude Huawei din 5G", {("RO", "banned")}),
        # ... while the pressure's own object is still a wish.
        ("it", "Sotto pressione degli Usa per escludere Huawei, l'Italia resiste", NOTHING),
        ("pt", "Sob pressão dos EUA para banir a Huawei do 5G", NOTHING),
        ("it", "Gli Usa chiedono all'Italia di escludere Huawei dal 5G", NOTHING),
        ("ro", "SUA cer României să excludă Huawei din 5G", NOTHING),
    ],
)
def test_pressure_frames(lang: str, title: str, expected: Expected) -> None:
    check(lang, title, expected)


def test_a_word_of_an_authoritys_name_is_no_cue() -> None:
    # "Avaliação" (an assessment) names the commission here: no review, nor a review of the
    # ban that follows.
    check(
        "pt",
        "Comissão de Avaliação de Segurança exclui fornecedores de alto risco do 5G em Portugal",
        {("PT", "banned")},
    )
    check("pt", "Portugal avalia os riscos da Huawei nas redes 5G", {("PT", "under_review")})


def test_relevance_words() -> None:
    # A memorandum of understanding on 5G with the US is vendor policy, with no vendor named.
    memorandum = classify(
        "România și SUA semnează un memorandum de înțelegere privind tehnologia 5G", "", 0.5
    )
    assert memorandum.relevant
    assert {(f.iso2, f.status) for f in memorandum.findings if f.status} == {("RO", "under_review")}
    # A bill or law on the 5G networks is network policy, with no vendor named.
    bill = classify("Guvernul României a adoptat proiectul de lege privind rețelele 5G", "", 0.5)
    assert bill.relevant
    assert {(f.iso2, f.status) for f in bill.findings if f.status} == {("RO", "under_review")}
    for title in (
        "Il Parlamento approva la legge sulle reti 5G",
        "O Congresso aprova o projeto de lei sobre as redes 5G",
        "Senatul României a votat legea privind securitatea rețelelor 5G",
    ):
        assert classify(title, "", 0.5).relevant, title
    # Vendor policy named without the vendor: the Chinese kept out, the government's private
    # network, the defence council's opinion on 5G equipment.
    for title in (
        "Il ministro vuole i cinesi fuori dalle reti mobili",
        "Ministro rejeita a China na rede 5G nacional",
        "Leilão 5G: vencedores vão construir a rede privativa do governo",
        "CSAT aprobă echipamentele 5G ale furnizorului finlandez",
    ):
        assert classify(title, "", 0.5).relevant, title
    # The vendor's revenue is business news.
    assert not classify("Venitul Huawei crește în 2024, în ciuda sancțiunilor", "", 0.5).relevant


@pytest.mark.parametrize(
    ("lang", "title", "summary", "expected"),
    [
        # What a country did, told in a relative clause about it, is background.
        (
            "it",
            "Huawei punta sull'Italia per il 5G",
            "La Svezia, che ha escluso Huawei nel 2020, resta un caso isolato in Europa.",
            NOTHING,
        ),
        (
            "pt",
            "Huawei investe no Brasil e aposta no 5G",
            "Os EUA, que baniram a Huawei em 2019, pressionam o governo brasileiro.",
            NOTHING,
        ),
        (
            "ro",
            "Huawei investește în România și în rețelele 5G",
            "Suedia, care a exclus Huawei în 2020, rămâne un exemplu.",
            NOTHING,
        ),
        # ... while a "that" after a verb introduces the news itself.
        (
            "it",
            "Il governo italiano ha deciso che Huawei sarà esclusa dal 5G",
            "",
            {("IT", "banned")},
        ),
    ],
)
def test_relative_clauses(lang: str, title: str, summary: str, expected: Expected) -> None:
    check(lang, title, expected, summary)


def test_a_short_portuguese_title_is_portuguese() -> None:
    # "veta" is as Portuguese as it is Spanish: "o", "no" tell the language.
    check("pt", "O Brasil veta a gigante de Shenzhen no 5G", {("BR", "banned")})
