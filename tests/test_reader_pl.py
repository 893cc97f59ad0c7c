"""Polish (pl.toml): the common ways the Polish press writes that a state bans, restricts,
reviews or allows Huawei, or only weighs it. Sentences written for the tests."""

from __future__ import annotations

from bot.news.classify import classify


def findings(title: str, summary: str = "") -> set[tuple[str, str]]:
    result = classify(title, summary, 0.5, None)
    assert result.lang == "pl", result.lang
    return {(f.iso2, f.status) for f in result.findings if f.status}


def test_shutting_out_in_other_words_is_a_ban() -> None:
    assert findings("Rząd zbanuje Huawei w sieci 5G") == {("PL", "banned")}
    assert findings("Ban na Huawei w Szwecji") == {("SE", "banned")}
    assert findings("Rumunia odcina Huawei od sieci 5G") == {("RO", "banned")}
    assert findings("Czechy eliminują Huawei z sieci 5G") == {("CZ", "banned")}
    assert findings("Koniec z Huawei w polskiej sieci 5G") == {("PL", "banned")}


def test_not_letting_in_is_a_ban() -> None:
    assert findings("Polska nie wpuści Huawei do sieci 5G") == {("PL", "banned")}
    assert findings("Polska nie zakaże Huawei w sieci 5G") == {("PL", "allowed")}


def test_tighter_rules_are_a_restriction() -> None:
    assert findings("Rząd zaostrza zasady dla Huawei w sieci 5G") == {("PL", "restricted")}


def test_reviews_in_other_words() -> None:
    assert findings("UKE bada sprzęt Huawei w sieci 5G") == {("PL", "under_review")}
    assert findings("Ministerstwo prześwietli sprzęt Huawei w sieciach") == {("PL", "under_review")}
    assert findings("Rząd analizuje zakaz dla Huawei w sieci 5G") == {("PL", "under_review")}


def test_preparing_intending_and_a_topic_give_nothing() -> None:
    assert findings("Rząd szykuje zakaz dla Huawei w sieci 5G") == set()
    assert findings("Rząd ma zamiar wykluczyć Huawei z sieci 5G") == set()
    assert (
        findings(
            "Czechy: zakaz dla Huawei w sieci 5G",
            "Wraca temat zakazu dla Huawei. Według mediów rząd rozważa taki krok.",
        )
        == set()
    )


def test_a_bill_sent_to_consultation_is_under_review() -> None:
    assert findings(
        "Rząd skierował projekt ustawy o KSC do konsultacji: Huawei może zostać wykluczony"
    ) == {("PL", "under_review")}


def test_following_an_example_is_background() -> None:
    assert findings("Wzorem USA Szwecja wyklucza Huawei z sieci 5G") == {("SE", "banned")}


def test_betting_on_the_vendor_with_the_state_is_allowed() -> None:
    assert findings("Węgry stawiają na Huawei w sieci 5G") == {("HU", "allowed")}


def test_a_declaration_with_the_us_is_relevant_and_under_review() -> None:
    assert findings("Polska podpisała deklarację z USA w sprawie 5G") == {("PL", "under_review")}


def test_against_us_calls_is_background() -> None:
    assert findings("Wbrew naciskom USA: Węgry nie wykluczą Huawei z sieci 5G") == {
        ("HU", "allowed")
    }


def test_a_people_and_a_two_word_name_in_its_cases() -> None:
    assert findings("Brytyjczycy wykluczają Huawei z sieci 5G") == {("GB", "banned")}
    assert findings("Huawei wykluczony z sieci 5G w Nowej Zelandii") == {("NZ", "banned")}


def test_a_hypothetical_is_a_hypothesis() -> None:
    assert findings("Co się stanie, gdyby Polska wykluczyła Huawei z sieci 5G") == set()


def test_refusing_a_ban_is_no_ban_and_refusing_the_vendor_is_one() -> None:
    assert findings("Rząd odmawia zakazu dla Huawei w sieci 5G") == {("PL", "allowed")}
    assert findings("Rząd odmawia Huawei dostępu do sieci 5G") == {("PL", "banned")}


def test_a_blacklist_in_the_locative() -> None:
    assert findings("Huawei na czarnej liście w Polsce") == {("PL", "banned")}


def test_allowing_in_its_imperfective_forms() -> None:
    assert findings("Rząd pozwala Huawei budować sieć 5G") == {("PL", "allowed")}


def test_the_conditional_is_a_hypothesis() -> None:
    assert (
        findings("Ustawa, która zakazywałaby Huawei w sieci 5G, nie przeszła w Słowenii") == set()
    )
    assert findings("Rząd wykluczyłby Huawei z sieci 5G, gdyby nie koszty") == set()


def test_insisting_is_pressure() -> None:
    assert findings("USA nalegają, aby Polska wykluczyła Huawei z sieci 5G") == set()


def test_a_state_body_designating_a_threat_is_a_restriction() -> None:
    assert findings("Czeski urząd uznał Huawei i ZTE za zagrożenie dla bezpieczeństwa") == {
        ("CZ", "restricted")
    }


def test_trusted_suppliers_only_is_a_restriction() -> None:
    assert findings("Polska: w sieci 5G tylko zaufani dostawcy") == {("PL", "restricted")}


def test_a_de_facto_ban_is_a_restriction() -> None:
    assert findings("Czechy de facto wykluczają Huawei z sieci 5G") == {("CZ", "restricted")}


def test_a_standfirst_under_a_bare_title_needs_its_own_actor() -> None:
    # an operator's estimate, its country only an adjective: no state decision
    assert (
        findings(
            "Cisza w eterze",
            "Demontaż sprzętu Huawei potrwa według szefów czeskiego operatora "
            "co najmniej pięć lat.",
        )
        == set()
    )


def test_without_the_vendor_and_gone_from_the_network_is_a_ban() -> None:
    assert findings("Czechy budują sieć 5G bez chińskich dostawców") == {("CZ", "banned")}
    assert findings("Huawei zniknie z sieci 5G na Litwie") == {("LT", "banned")}


def test_blocking_the_possibility_is_no_hedge() -> None:
    assert findings("Rumunia zablokowała możliwość udziału Huawei w budowie sieci 5G") == {
        ("RO", "banned")
    }
    assert findings("Możliwy zakaz dla Huawei w Rumunii") == set()


def test_striving_for_a_ban_is_a_wish() -> None:
    assert findings("Estonia dąży do zablokowania Huawei w sieci 5G") == set()


def test_a_protest_against_a_ban_is_a_reaction() -> None:
    assert findings("Chiny protestują przeciwko zakazowi dla Huawei w Szwecji") == set()


def test_a_bill_elsewhere_in_the_title_or_in_the_lede_makes_the_ban_a_bill() -> None:
    assert findings("Koniec z Huawei w Polsce. Rząd przyjął projekt ustawy") == {
        ("PL", "under_review")
    }
    assert findings(
        "Polska bez chińskich dostawców w sieci 5G",
        "Projekt nowelizacji ustawy o krajowym systemie cyberbezpieczeństwa trafi do konsultacji.",
    ) == {("PL", "under_review")}


def test_operators_obliged_and_plural_adjectives() -> None:
    assert findings("Polscy operatorzy muszą wymienić sprzęt Huawei w sieci 5G") == {
        ("PL", "banned")
    }
    assert findings("Niemieccy operatorzy muszą usunąć Huawei z rdzenia sieci 5G") == {
        ("DE", "restricted")
    }
    assert findings("Orange wymienia sprzęt Huawei w sieci 5G w Polsce") == set()


def test_a_short_title_is_read_as_polish() -> None:
    assert classify("Huawei poza 5G", "", 0.5, None).lang == "pl"


def test_not_ruling_out_a_ban_is_speculation_not_excluding_the_vendor_is_allowed() -> None:
    assert findings("Rząd nie wyklucza zakazu dla Huawei") == set()
    assert findings("Polska nie wyklucza Huawei z budowy sieci 5G") == {("PL", "allowed")}


def test_a_court_voiding_a_ban_decides_nothing_yet() -> None:
    assert findings("Sąd w Szwecji unieważnił zakaz dla Huawei") == set()


def test_operators_by_the_common_noun_choose_for_themselves() -> None:
    assert findings("Polscy operatorzy rezygnują z Huawei i wymieniają sprzęt w sieci 5G") == set()


def test_designating_the_vendor_high_risk_is_a_restriction() -> None:
    assert findings("Komisja Europejska uznała Huawei za dostawcę wysokiego ryzyka") == {
        ("EU", "restricted")
    }


def test_past_tense_plurals_in_a_short_title() -> None:
    assert findings("Czesi wykluczyli Huawei") == {("CZ", "banned")}


def test_after_a_ban_is_background() -> None:
    assert findings("Po zakazie w USA Huawei szuka klientów w Polsce") == set()


def test_the_vendors_own_people_decide_nothing() -> None:
    assert findings("Prezes Huawei Polska: Polska nie wykluczy nas z sieci 5G") == set()


def test_may_build_is_allowed_may_not_build_is_a_ban() -> None:
    assert findings("Węgry: Huawei może budować sieć 5G") == {("HU", "allowed")}
    assert findings("Węgry: Huawei nie może budować sieci 5G") == {("HU", "banned")}


def test_kit_from_china_is_the_vendor() -> None:
    assert findings("Litwa zakazuje sprzętu z Chin w sieci 5G") == {("LT", "banned")}
