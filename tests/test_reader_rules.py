"""General rules of the clause reader (bot/news/reader.py), for every language but English.
Sentences here are written for the tests; real labelled headlines are scored in
test_detection_eval.py."""

from __future__ import annotations

from bot.news.classify import classify


def findings(title: str, summary: str = "") -> set[tuple[str, str]]:
    result = classify(title, summary, 0.5, None)
    return {(f.iso2, f.status) for f in result.findings if f.status}


def test_a_cue_that_starts_with_its_negation_keeps_its_meaning() -> None:
    # "without Huawei", "will not admit", "rejects Huawei" are exclusions, not "no ban".
    assert findings("Danmark bygger 5G-nettet uden Huawei") == {("DK", "banned")}
    assert findings("Polska nie dopuści Huawei do sieci 5G") == {("PL", "banned")}
    assert findings("Die Regierung lehnt Huawei für das 5G-Netz ab") == {("DE", "banned")}


def test_a_negation_before_a_ban_word_inside_the_cue_still_negates() -> None:
    assert findings("Die Regierung lehnt ein Huawei-Verbot ab") == {("DE", "allowed")}
    assert findings("Österreich schließt Huawei beim 5G-Ausbau nicht aus") == {("AT", "allowed")}


def test_a_ban_that_is_being_reviewed_is_under_review() -> None:
    assert findings("Innenministerium prüft ein Verbot von Huawei-Komponenten im 5G-Netz") == {
        ("DE", "under_review")
    }
    assert findings("Regeringen undersøger et forbud mod Huawei i 5G-nettet") == {
        ("DK", "under_review")
    }
    # After a colon the review is another clause: the ban stands.
    assert findings("Nach der Prüfung: Schweden verbietet Huawei im 5G-Netz") == {("SE", "banned")}


def test_a_background_phrase_before_a_colon_is_about_its_own_clause() -> None:
    assert findings("Trotz Warnungen aus Washington: Ungarn lässt Huawei im 5G-Netz zu") == {
        ("HU", "allowed")
    }
    assert findings("Trotz des Verbots in Schweden: Ungarn setzt auf Huawei") == {("HU", "allowed")}


def test_a_court_upholding_a_ban_is_not_the_vendor_going_to_court() -> None:
    assert findings("Gericht bestätigt Huawei-Verbot in Schweden", "Das 5G-Netz bleibt zu.") == {
        ("SE", "banned")
    }
    assert findings("Huawei verklagt Schweden wegen des 5G-Verbots") == set()


def test_a_background_phrase_about_a_country_before_the_cue_leaves_the_cue_standing() -> None:
    # "Following the US example, Australia bans ...": the phrase is about the US.
    assert findings("Nach dem Vorbild der USA verbannt Australien Huawei aus dem 5G-Netz") == {
        ("AU", "banned")
    }
    assert findings("Trotz des Verbots bleibt Huawei im 5G-Netz") == set()


def test_the_vendors_own_words_decide_nothing_but_a_formal_step_in_the_standfirst_counts() -> None:
    assert findings("Huawei zapowiada pozew przeciwko Polsce w sprawie sieci 5G") == set()
    assert findings(
        "Huawei zapowiada pozew przeciwko Polsce w sprawie sieci 5G",
        "Rada Ministrów przyjęła dziś projekt nowelizacji ustawy o cyberbezpieczeństwie.",
    ) == {("PL", "under_review")}
    assert (
        findings(
            "Huawei zapowiada pozew przeciwko Polsce w sprawie sieci 5G",
            "Rząd chce wykluczyć firmę z sieci 5G.",
        )
        == set()
    )


def test_words_and_names_are_read_without_their_letters() -> None:
    # Titles rebuilt from URLs, and old spellings: "ae/oe/ue" for "ä/ö/ü", "ss" for "ß",
    # "oe/aa" for Danish "ø/å", plain "l" for Polish "ł".
    assert findings("Oesterreich schliesst Huawei beim 5G-Ausbau nicht aus") == {("AT", "allowed")}
    assert findings("Daenemark beschraenkt Huawei im 5G-Netz") == {("DK", "restricted")}
    assert findings("Faeroeerne udelukker Huawei fra 5G-nettet") == {("FO", "banned")}
    assert findings("Rzad wylacza Huawei z sieci 5G w Polsce") == {("PL", "banned")}
    assert findings("Regeringen forbod Huawei i 5G-nettet") == {("DK", "banned")}


def test_a_negated_wish_or_plan_to_ban_is_no_plan_to_ban() -> None:
    assert findings("Bundesregierung will Huawei nicht vom 5G-Ausbau ausschließen") == {
        ("DE", "allowed")
    }
    assert findings("Polska nie planuje zakazu dla Huawei w sieci 5G") == {("PL", "allowed")}
    assert findings("Regeringen overvejer ikke et forbud mod Huawei i 5G-nettet") == {
        ("DK", "allowed")
    }
    assert findings("Kabinet wil Huawei niet weren uit het 5G-netwerk") == {("NL", "allowed")}
    assert findings("Regeringen planerar inget förbud mot Huawei i 5G-näten") == {("SE", "allowed")}
    # The wish itself, a hedge that holds its own negation, a negated total ban: nothing.
    assert findings("Regierung will Huawei aus dem 5G-Netz ausschließen") == set()
    assert findings("Noch keine Entscheidung über Huawei-Verbot im 5G-Netz") == set()
    assert findings("Regierung will kein generelles Huawei-Verbot im 5G-Netz") == set()
    assert findings("Kabinet heeft nog geen besluit over verbod op Huawei in 5G-netwerk") == set()


def test_a_bill_or_a_declaration_is_a_policy_word() -> None:
    # Without it, a title about a bill against high-risk vendors is not even relevant.
    result = classify("Kabinet dient wetsvoorstel in tegen risicovolle leveranciers", "", 0.5, None)
    assert result.relevant
    assert {(f.iso2, f.status) for f in result.findings if f.status} == {("NL", "under_review")}


def test_a_bill_the_cabinet_adopts_is_under_review_and_one_parliament_passes_is_law() -> None:
    assert findings("Bundeskabinett beschließt Telekommunikationsgesetz: Huawei muss raus") == {
        ("DE", "under_review")
    }
    assert findings("Bundestag verabschiedet Telekommunikationsgesetz: Huawei muss raus") == {
        ("DE", "banned")
    }
    assert findings("Rada Ministrów przyjęła projekt ustawy: Huawei wykluczony z sieci 5G") == {
        ("PL", "under_review")
    }


def test_rejecting_a_ban_is_no_ban_and_rejecting_the_vendor_is_one() -> None:
    assert findings("Regeringen afviser et forbud mod Huawei i 5G-nettet") == {("DK", "allowed")}
    assert findings("Regeringen afviser Huawei i 5G-nettet") == {("DK", "banned")}
    assert findings("Rząd odrzuca zakaz dla Huawei w sieci 5G") == {("PL", "allowed")}
    assert findings("Regeringen avvisar ett förbud mot Huawei i 5G-näten") == {("SE", "allowed")}


def test_resisting_pressure_to_ban_is_no_ban_for_the_one_resisting() -> None:
    assert findings("Österreich widersetzt sich dem US-Druck zum Huawei-Verbot") == {
        ("AT", "allowed")
    }
    assert findings("Norge modstår amerikansk pres for forbud mod Huawei i 5G") == {
        ("NO", "allowed")
    }
    # Pressure not resisted is someone's wish.
    assert findings("USA drängen Österreich zum Huawei-Verbot im 5G-Netz") == set()


def test_a_hedge_after_a_comma_is_another_clause() -> None:
    assert findings("Schweden verbannt Huawei, China droht mit Vergeltung") == {("SE", "banned")}


def test_a_cue_phrase_is_a_policy_word() -> None:
    result = classify("Polen setzt Huawei auf die schwarze Liste", "", 0.5, None)
    assert result.relevant
    assert {(f.iso2, f.status) for f in result.findings if f.status} == {("PL", "banned")}


def test_a_standfirst_labelled_as_analysis_or_comment_decides_nothing() -> None:
    title = "Nu smider Sverige Huawei ud af 5G-nettet"
    assert findings(title, "Regeringen har besluttet det i dag.") == {("SE", "banned")}
    assert findings(title, "ANALYSE: Sverige går nu i front i Europa.") == set()
    assert findings(title, "Kommentar: Det kan blive dyrt.") == set()


def test_the_country_followed_is_not_the_actor() -> None:
    assert findings("Schweden tut es Großbritannien gleich und verbannt Huawei") == {
        ("SE", "banned")
    }
    assert findings("Danmark gør som Sverige og forbyder Huawei i 5G-nettet") == {("DK", "banned")}
    assert findings("Norge gör som Sverige och förbjuder Huawei i 5G-näten") == {("NO", "banned")}
    assert findings("Czechy podążają za USA i wykluczają Huawei z sieci 5G") == {("CZ", "banned")}


def test_not_allowed_in_a_part_of_the_network_is_a_restriction() -> None:
    assert findings("Huawei darf nicht ins deutsche Kernnetz") == {("DE", "restricted")}
    assert findings("Huawei darf nicht ins deutsche 5G-Netz") == {("DE", "banned")}


def test_a_review_of_whether_to_ban_is_under_review() -> None:
    assert findings("UKE bada czy Huawei może zostać wykluczony z sieci 5G") == {
        ("PL", "under_review")
    }


def test_a_refusal_of_something_other_than_the_vendor_is_no_ban() -> None:
    assert findings("Sejm odrzuca projekt ustawy wymierzonej w Huawei") == set()
    assert findings("Rząd odmawia Huawei dostępu do sieci 5G") == {("PL", "banned")}


def test_a_refused_vendor_may_come_first() -> None:
    assert findings("Huawei wird in Polen abgelehnt: kein Platz im 5G-Netz") == {("PL", "banned")}
