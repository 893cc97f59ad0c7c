"""German (de.toml): the common ways the German press writes that a state bans, restricts,
reviews or allows Huawei, or only weighs it. Sentences written for the tests."""

from __future__ import annotations

from bot.news.classify import classify


def findings(title: str, summary: str = "") -> set[tuple[str, str]]:
    result = classify(title, summary, 0.5, None)
    assert result.lang == "de", result.lang
    return {(f.iso2, f.status) for f in result.findings if f.status}


def test_stopping_and_shutting_out_in_other_words_is_a_ban() -> None:
    assert findings("Schweden stoppt Huawei beim 5G-Ausbau") == {("SE", "banned")}
    assert findings("Das Aus für Huawei: Dänemark baut sein 5G-Netz ohne den Konzern") == {
        ("DK", "banned")
    }
    assert findings("Huawei bleibt in Tschechien beim 5G-Netz außen vor") == {("CZ", "banned")}
    assert findings("Estland verwehrt Huawei den Zugang zum 5G-Netz") == {("EE", "banned")}
    assert findings("Absage an Huawei: Lettland baut sein 5G-Netz allein") == {("LV", "banned")}


def test_caps_and_tighter_rules_are_a_restriction() -> None:
    assert findings("Die Slowakei deckelt den Anteil von Huawei am 5G-Netz") == {
        ("SK", "restricted")
    }
    assert findings("Frankreich verschärft die Regeln für Huawei im Mobilfunknetz") == {
        ("FR", "restricted")
    }
    assert findings("Belgien reduziert den Huawei-Anteil in seinen Mobilfunknetzen") == {
        ("BE", "restricted")
    }


def test_reviews_in_compounds_and_idioms() -> None:
    assert findings("Bundesregierung nimmt Huawei-Komponenten im 5G-Netz unter die Lupe") == {
        ("DE", "under_review")
    }
    assert findings("Bundesnetzagentur ordnet Sicherheitsüberprüfung von Huawei-Technik an") == {
        ("DE", "under_review")
    }


def test_refraining_from_a_ban_and_an_open_door_are_allowed() -> None:
    assert findings("Österreich sieht von einem Huawei-Verbot im 5G-Netz ab") == {("AT", "allowed")}
    assert findings("Ungarn öffnet Huawei die Tür zum 5G-Ausbau") == {("HU", "allowed")}
    assert findings("Huawei bleibt in Serbien beim 5G-Ausbau willkommen") == {("RS", "allowed")}


def test_weighing_aiming_and_plans_give_nothing() -> None:
    assert findings("Bundesregierung zieht ein Huawei-Verbot in Betracht") == set()
    assert findings("Regierung liebäugelt mit einem Ausschluss von Huawei aus dem 5G-Netz") == set()
    assert findings("Berlin strebt ein Verbot chinesischer Komponenten im 5G-Netz an") == set()
    assert findings("Pläne für ein Huawei-Verbot im deutschen 5G-Netz") == set()
    assert findings("Deutschland verbannt wohl Huawei aus dem 5G-Netz") == set()
    assert findings("Huawei-Verbot wieder Thema beim 5G-Netz in Österreich") == set()


def test_a_background_phrase_about_another_country() -> None:
    assert findings("Ähnlich wie Großbritannien: Schweden verbannt Huawei aus dem 5G-Netz") == {
        ("SE", "banned")
    }


def test_the_swiss_federal_council_is_a_government() -> None:
    assert findings(
        "Der Schweizer Bundesrat schickt einen Gesetzesentwurf gegen Huawei in die Vernehmlassung"
    ) == {("CH", "under_review")}


def test_would_is_a_hedge_and_was_is_not() -> None:
    # "würde"/"wurde", "wäre"/"waren", "könnte"/"konnte" differ only in their letters.
    assert findings("Huawei wurde in Australien vom 5G-Netz ausgeschlossen") == {("AU", "banned")}
    assert findings("Huawei-Komponenten waren im 5G-Netz in Schweden verboten") == {
        ("SE", "banned")
    }
    assert findings("Deutschland würde Huawei aus dem 5G-Netz ausschließen") == set()
    assert findings("Deutschland wuerde Huawei aus dem 5G-Netz ausschliessen") == set()
    assert findings("Experte: Ein Huawei-Verbot in Deutschland wäre teuer") == set()


def test_separable_verbs_and_compound_networks() -> None:
    assert findings("Die Niederlande schränken Huawei im 5G-Netz ein") == {("NL", "restricted")}
    assert findings("Kanada lässt Huawei nicht ins 5G-Netz") == {("CA", "banned")}
    assert findings("Portugal: Huawei darf nur noch im Zugangsnetz bleiben") == {
        ("PT", "restricted")
    }


def test_the_vendor_contesting_a_ban_decides_nothing() -> None:
    assert findings("Huawei ficht das Verbot im schwedischen 5G-Netz an") == set()


def test_states_in_the_plural_are_no_government() -> None:
    assert findings("Trotz Warnungen setzen viele Staaten beim 5G-Ausbau auf Huawei") == set()


def test_doubts_and_hesitation_give_nothing() -> None:
    assert findings("Bundesregierung zögert beim Huawei-Verbot im 5G-Netz") == set()


def test_risky_vendors_are_the_vendor() -> None:
    assert findings("Tschechien beschränkt riskante Anbieter im 5G-Netz") == {("CZ", "restricted")}


def test_a_people_names_its_country() -> None:
    assert findings("Die Briten schließen Huawei aus dem 5G-Netz aus") == {("GB", "banned")}


def test_an_award_with_the_state_is_a_partnership() -> None:
    assert findings("Ungarns Regierung erteilt Huawei den Zuschlag für das 5G-Netz") == {
        ("HU", "partner")
    }


def test_no_more_of_the_vendor_is_a_ban_and_doing_without_it_too() -> None:
    assert findings("Keine Huawei-Technik mehr im deutschen 5G-Netz") == {("DE", "banned")}
    assert findings("Schweden verzichtet auf chinesische Komponenten beim 5G-Ausbau") == {
        ("SE", "banned")
    }
    # Doing without a ban is no ban; no decision any more is no decision.
    assert findings("Regierung verzichtet auf ein Huawei-Verbot im 5G-Netz") == {("DE", "allowed")}
    assert (
        findings("Regierung: keine Entscheidung mehr vor der Wahl über Huawei im 5G-Netz") == set()
    )


def test_an_exit_from_the_vendor_is_a_removal() -> None:
    assert findings("Dänemark: Ausstieg aus Huawei-Technik im 5G-Netz beschlossen") == {
        ("DK", "banned")
    }


def test_a_condition_is_a_hypothesis() -> None:
    assert (
        findings("Falls Deutschland Huawei aus dem 5G-Netz verbannt, drohen hohe Kosten") == set()
    )


def test_how_and_why_titles_explain() -> None:
    assert findings("So will Schweden Huawei aus dem 5G-Netz verbannen") == set()
    assert findings("Darum verbannt Schweden Huawei aus dem 5G-Netz") == set()
    assert findings("Wie Schweden Huawei aus dem 5G-Netz verbannt") == set()


def test_must_be_out_of_the_network_is_a_ban() -> None:
    assert findings("Schweden: Huawei muss bis 2025 aus dem Netz") == {("SE", "banned")}


def test_past_tenses_of_separable_verbs() -> None:
    assert findings("Großbritannien schloss Huawei 2020 vom 5G-Netz aus") == {("GB", "banned")}
    assert findings("Österreich ließ Huawei beim 5G-Ausbau zu") == {("AT", "allowed")}


def test_a_court_suspending_a_ban_is_provisional() -> None:
    assert findings("Schwedisches Gericht setzt Huawei-Verbot aus") == set()


def test_a_state_body_designating_a_risk_is_a_restriction() -> None:
    assert findings("Tschechische Behörde stuft Huawei als Sicherheitsrisiko ein") == {
        ("CZ", "restricted")
    }


def test_a_separable_verb_with_its_particle_far_on_at_the_end_of_the_clause() -> None:
    assert findings("Schweden schließt Huawei und ZTE vom 5G-Ausbau aus") == {("SE", "banned")}
    assert findings("Bund schränkt Einsatz von Huawei-Bauteilen im 5G-Netz ein") == {
        ("DE", "restricted")
    }
    # "aus" here is a preposition far on, not the particle ending the clause: no exclusion
    assert findings(
        "Schweden schließt einen neuen großen Vertrag mit Huawei über Technik aus China"
    ) != {("SE", "banned")}


def test_refusing_a_permit_and_dismantling() -> None:
    assert findings("Rumänien verweigert Huawei die Genehmigung für 5G") == {("RO", "banned")}
    # the antennas only: a part of the network
    assert findings("Frankreich: Huawei-Antennen müssen bis 2028 abgebaut werden") == {
        ("FR", "restricted")
    }
    assert findings("Portugal baut Huawei-Technik aus dem ganzen 5G-Netz ab") == {("PT", "banned")}
    assert findings("Regierung beschließt Teilverbot für Huawei im 5G-Netz") == {
        ("DE", "restricted")
    }


def test_an_announced_review_and_a_deliberation_are_under_review() -> None:
    assert findings(
        "Innenministerium will Huawei-Bauteile im 5G-Netz überprüfen",
        "Das Bundesinnenministerium prüft, ob Komponenten von Huawei aus dem 5G-Netz müssen.",
    ) == {("DE", "under_review")}
    assert findings("Huawei im 5G-Netz: Regierung berät über Verbot") == {("DE", "under_review")}


def test_a_demand_in_the_standfirst_does_not_hedge_the_title() -> None:
    assert findings(
        "Großbritannien verbannt Huawei aus dem 5G-Netz",
        "London folgt den Forderungen der USA und schließt den Konzern vom Ausbau aus.",
    ) == {("GB", "banned")}


def test_being_against_a_ban_is_allowed() -> None:
    assert findings("Merkel gegen Ausschluss von Huawei") == {("DE", "allowed")}


def test_trusted_suppliers_only_and_a_high_risk_rating_are_a_restriction() -> None:
    assert findings("Österreich: Im 5G-Netz nur noch vertrauenswürdige Anbieter") == {
        ("AT", "restricted")
    }
    assert findings("EU-Kommission stuft Huawei und ZTE als Hochrisiko-Anbieter ein") == {
        ("EU", "restricted")
    }


def test_a_standfirst_under_a_bare_title_needs_its_own_actor() -> None:
    # The title gives no finding and names no country: an adjective ("österreichischen")
    # in an operator's opinion names no state acting; a sentence that names it does.
    title = "Funkstille im Netz"
    assert (
        findings(
            title,
            "Der Abbau der Huawei-Technik wird nach Ansicht der Chefs des österreichischen "
            "Anbieters Magenta Jahre dauern.",
        )
        == set()
    )
    assert findings(title, "Österreich verbietet Huawei-Technik im 5G-Netz.") == {("AT", "banned")}


def test_rules_without_a_ban_allow() -> None:
    assert findings("Kabinett beschließt 5G-Katalog ohne Anti-Huawei-Regeln") == {("DE", "allowed")}


def test_reconsidering_is_no_decision() -> None:
    assert findings("Österreich überdenkt den Einsatz von Huawei im 5G-Netz") == set()


def test_a_de_facto_ban_is_a_restriction() -> None:
    assert findings("Belgien verbannt Huawei bis 2027 de facto aus dem 5G-Netz") == {
        ("BE", "restricted")
    }


def test_chinese_parts_and_kit_in_other_words_are_the_vendor() -> None:
    assert findings("Österreich verbannt chinesische Netztechnik aus seinem Mobilfunknetz") == {
        ("AT", "banned")
    }
    assert findings("Tschechien verbietet chinesische Bauteile im 5G-Netz") == {("CZ", "banned")}


def test_pushed_out_and_made_to_give_way_is_a_ban() -> None:
    assert findings("Huawei wird in Belgien aus dem 5G-Netz gedrängt") == {("BE", "banned")}
    assert findings("Huawei muss in Tschechien beim 5G-Ausbau weichen") == {("CZ", "banned")}


def test_a_ban_off_the_table_is_no_ban() -> None:
    assert findings("Österreich: Huawei-Verbot vom Tisch") == {("AT", "allowed")}


def test_operators_obliged_to_remove_act_for_the_state() -> None:
    assert findings(
        "Deutsche Netzbetreiber müssen Huawei-Teile bis 2029 aus dem 5G-Netz ausbauen"
    ) == {("DE", "restricted")}
    # an operator on its own: a company's choice
    assert findings("Telekom tauscht Huawei-Teile im deutschen 5G-Netz aus") == set()


def test_a_phase_out_over_years_is_a_restriction() -> None:
    assert findings("Bundesregierung verbannt Huawei-Komponenten schrittweise aus 5G-Netzen") == {
        ("DE", "restricted")
    }
    assert findings(
        "Deutschland schließt Huawei aus dem 5G-Netz aus",
        "Die Komponenten müssen bis Ende 2026 aus den Kernnetzen entfernt werden.",
    ) == {("DE", "restricted")}


def test_stricter_security_rules_are_a_restriction() -> None:
    assert findings("Österreich beschließt strengere Sicherheitsregeln für Huawei") == {
        ("AT", "restricted")
    }


def test_a_proposal_or_a_new_law_is_a_bill() -> None:
    assert findings("EU-Kommission legt Vorschlag für Ausschluss von Huawei aus 5G-Netzen vor") == {
        ("EU", "under_review")
    }
    assert findings("Neues Gesetz in Österreich soll Huawei aus dem 5G-Netz aussperren") == {
        ("AT", "under_review")
    }


def test_a_short_title_is_read_as_german() -> None:
    assert findings("Bund verbietet Huawei-Software in 5G-Netzen") == {("DE", "banned")}
    assert classify("Kabinett billigt IT-Sicherheitsgesetz", "", 0.5, None).lang == "de"


def test_not_ruling_out_a_ban_is_speculation_not_ruling_out_the_vendor_is_allowed() -> None:
    assert findings("Innenministerin schließt ein Huawei-Verbot nicht aus") == set()
    assert findings("Regierung schließt ein Verbot für Huawei nicht aus") == set()
    assert findings("Österreich schließt Huawei nicht aus") == {("AT", "allowed")}


def test_no_more_vendor_from_a_date_and_saying_no() -> None:
    assert findings("Ab 2026 kein Huawei mehr im deutschen 5G-Kernnetz") == {("DE", "restricted")}
    assert findings("Auch Italien sagt Nein zu Huawei") == {("IT", "banned")}


def test_an_operator_named_with_a_countrys_adjective_is_the_operator() -> None:
    assert findings("Deutsche Telekom sagt Nein zu Huawei") == set()
    assert findings("Deutsche Regierung verbannt Huawei aus dem 5G-Netz") == {("DE", "banned")}


def test_a_court_setting_a_ban_aside_at_the_end_of_the_clause_decides_nothing_yet() -> None:
    assert findings("Schweden: Gericht setzt das Huawei-Verbot vorläufig außer Kraft") == set()
    assert (
        findings(
            "Verwaltungsgericht hat den Ausschluss von Huawei in Schweden für ungültig erklärt"
        )
        == set()
    )
    assert findings("Österreich hebt das Huawei-Verbot wieder auf") == {("AT", "allowed")}


def test_the_vendor_suing_against_its_exclusion_is_background() -> None:
    assert findings("Huawei klagt in Schweden gegen seinen Ausschluss vom 5G-Netz") == set()


def test_taboo_and_saying_goodbye_are_a_ban_staying_in_the_network_is_allowed() -> None:
    assert findings("Huawei im deutschen Kernnetz tabu") == {("DE", "restricted")}
    assert findings("Deutschland verabschiedet sich von Huawei") == {("DE", "banned")}
    assert findings("Huawei bleibt im deutschen Netz") == {("DE", "allowed")}


def test_the_swiss_state_its_agencies_and_its_consultation() -> None:
    assert classify(
        "Bundesrat schickt Revision des Fernmeldegesetzes in die Vernehmlassung", "", 0.5, None
    ).relevant
    assert findings("Das BAKOM prüft Huawei-Komponenten im 5G-Netz") == {("CH", "under_review")}


def test_operators_doing_without_on_their_own_or_obliged() -> None:
    assert findings("Deutsche Netzbetreiber verzichten auf Huawei im 5G-Kernnetz") == set()
    assert findings("Deutsche Netzbetreiber müssen auf Huawei im 5G-Kernnetz verzichten") == {
        ("DE", "restricted")
    }


def test_thrown_out_and_critical_parts() -> None:
    assert findings("Deutschland schmeißt Huawei aus dem 5G-Netz") == {("DE", "banned")}
    assert findings("Deutschland wirft Huawei aus dem Kernnetz") == {("DE", "restricted")}
    assert findings("Bund verbietet kritische Huawei-Komponenten") == {("DE", "restricted")}


def test_because_of_a_ban_is_background() -> None:
    assert findings("Wegen des Verbots in Schweden verliert Huawei Aufträge") == set()


def test_the_vendors_own_people_decide_nothing() -> None:
    assert findings("Huawei-Sprecher: Wir sind in Österreich nicht ausgeschlossen") == set()


def test_a_dispute_as_a_topic_label_is_no_hedge_a_quarrel_over_a_ban_is() -> None:
    assert findings("Huawei-Streit: Österreich verbannt Huawei aus dem Kernnetz") == {
        ("AT", "restricted")
    }
    assert findings("Koalition in Österreich streitet über Huawei-Verbot") == set()


def test_a_no_before_a_colon_belongs_to_its_own_phrase() -> None:
    assert findings("Kein Verbot: Huawei darf in Österreich bleiben") == {("AT", "allowed")}
