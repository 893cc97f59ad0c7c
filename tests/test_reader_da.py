"""Danish (da.toml): the common ways the Danish press writes that a state bans, restricts,
reviews or allows Huawei, or only weighs it. Sentences written for the tests."""

from __future__ import annotations

from bot.news.classify import classify


def findings(title: str, summary: str = "") -> set[tuple[str, str]]:
    result = classify(title, summary, 0.5, None)
    assert result.lang == "da", result.lang
    return {(f.iso2, f.status) for f in result.findings if f.status}


def test_shutting_out_in_other_words_is_a_ban() -> None:
    assert findings("Regeringen bandlyser Huawei fra 5G-nettet") == {("DK", "banned")}
    assert findings("Sverige forbød Huawei i 5G-nettet") == {("SE", "banned")}
    assert findings("Estland spærrer Huawei ude fra 5G") == {("EE", "banned")}
    assert findings("Færøerne smider Huawei ud af 5G-nettet") == {("FO", "banned")}


def test_tighter_rules_are_a_restriction() -> None:
    assert findings("Regeringen strammer reglerne for Huawei i 5G-nettet") == {("DK", "restricted")}


def test_reviews_in_other_words() -> None:
    assert findings("Regeringen vil granske Huaweis udstyr i 5G-nettet") == {("DK", "under_review")}
    assert findings("Styrelsen gennemgår Huaweis udstyr i mobilnettet") == {("DK", "under_review")}


def test_a_welcome_is_allowed() -> None:
    assert findings("Huawei er fortsat velkommen i det danske 5G-net") == {("DK", "allowed")}


def test_weighing_and_proposing_give_nothing() -> None:
    assert findings("Regeringen påtænker at udelukke Huawei fra 5G-nettet") == set()
    assert findings("Danmark lægger op til forbud mod Huawei i 5G-nettet") == set()


def test_forcing_others_is_pressure_not_a_decision() -> None:
    assert findings("EU vil tvinge landene til at fjerne Huawei fra 5G-nettet") == set()


def test_an_operator_word_is_no_state_decision() -> None:
    # "fravælger", "dropper": what a company does when it picks a supplier.
    assert findings("Danmark: teleselskaberne fravælger Huawei i 5G-nettet") == set()


def test_a_genitive_with_an_apostrophe_names_the_country() -> None:
    assert findings("USA's regering forbyder Huawei i 5G-nettet") == {("US", "banned")}


def test_a_commentators_view_decides_nothing() -> None:
    assert findings("Ekspert: Danmarks udelukkelse af Huawei fra 5G-nettet er en fejl") == set()


def test_a_people_names_its_country() -> None:
    assert findings("Nu smider briterne Huawei ud af 5G-nettet") == {("GB", "banned")}


def test_the_past_of_allowing() -> None:
    assert findings("Norge tillod Huawei i 5G-nettet") == {("NO", "allowed")}


def test_examining_whether_to_exclude_is_a_review() -> None:
    assert findings(
        "Besked om Huawei", "Regeringen vil undersøge, om Huawei skal udelukkes fra 5G-nettet."
    ) == {("DK", "under_review")}


def test_a_trade_ban_postponed_is_neither_5g_nor_decided() -> None:
    result = classify("USA udsætter forbuddet mod handel med Huawei", "", 0.5, None)
    assert not [f for f in result.findings if f.status]


def test_a_ban_at_the_end_of_a_compound() -> None:
    assert findings("Regeringen indfører anvendelsesforbud mod Huawei i 5G-nettet") == {
        ("DK", "banned")
    }


def test_may_not_supply_is_a_ban() -> None:
    assert findings(
        "Færøerne dropper Huawei efter pres",
        "Landsstyret har besluttet, at Huawei ikke må levere udstyr til 5G-nettet.",
    ) == {("FO", "banned")}


def test_a_bill_sent_for_consultation_is_under_review() -> None:
    assert findings(
        "Ny lov på vej: Regeringen vil screene udstyr fra Huawei",
        "Regeringen har sendt et lovforslag i høring.",
    ) == {("DK", "under_review")}


def test_reconsidering_is_no_decision() -> None:
    assert findings("Trussel får Norge til at genoverveje brugen af Huawei i 5G-nettet") == set()


def test_a_de_facto_ban_is_a_restriction() -> None:
    assert findings("Sverige udelukker de facto Huawei fra 5G-nettet") == {("SE", "restricted")}


def test_closing_the_door_and_throwing_out_is_a_ban() -> None:
    assert findings("Norge lukker døren for Huawei i 5G-nettet") == {("NO", "banned")}
    assert findings("Finland kaster Huawei ud af 5G-nettet") == {("FI", "banned")}


def test_operators_that_may_keep_the_vendor_are_allowed() -> None:
    assert findings("Danske teleselskaber må fortsat bruge Huawei i 5G-nettet") == {
        ("DK", "allowed")
    }


def test_operators_obliged_to_remove_act_for_the_state() -> None:
    assert findings("Norske teleselskaber skal fjerne Huawei-udstyr fra kernenettet") == {
        ("NO", "restricted")
    }
    assert findings("TDC fjerner Huawei-udstyr fra 5G-nettet") == set()


def test_the_us_trade_blacklist_and_google_are_not_network_policy() -> None:
    result = classify(
        "Google stopper samarbejdet med Huawei efter ordre fra det amerikanske handelsministerium",
        "",
        0.5,
        None,
    )
    assert not result.relevant


def test_resisting_pressure_for_a_total_ban_is_a_partial_one() -> None:
    assert findings("EU modstår pres for et totalt forbud mod Huawei") == {("EU", "restricted")}


def test_a_proposal_or_a_new_law_is_a_bill() -> None:
    assert findings("Regeringen foreslår forbud mod Huawei i 5G-nettet") == {("DK", "under_review")}
    assert findings("Ny lov skal holde Huawei ude af de danske 5G-net") == {("DK", "under_review")}


def test_a_short_title_is_read_as_danish() -> None:
    assert findings("Regeringen forbyder Huawei") == {("DK", "banned")}


def test_not_ruling_out_a_ban_is_speculation() -> None:
    assert findings("Regeringen udelukker ikke et forbud mod Huawei") == set()


def test_the_faroese_government_envoys_and_warnings_make_an_article_relevant() -> None:
    for title in (
        "Færøerne: Huawei-sag splitter landsstyret",
        "Amerikansk ambassadør advarer Færøerne mod Huawei",
        "Regeringen fremsætter lovforslag om kinesiske leverandører",
    ):
        assert classify(title, "", 0.5, None).relevant, title
    assert not classify("Huawei overhaler Apple i salg af smartphones", "", 0.5, None).relevant


def test_operators_by_the_common_noun_choose_for_themselves() -> None:
    title = "Danske teleselskaber dropper Huawei og fjerner udstyret fra 5G-nettet"
    assert findings(title) == set()


def test_designating_the_vendor_high_risk_is_a_restriction() -> None:
    assert findings("EU-Kommissionen udpeger Huawei som højrisikoleverandør") == {
        ("EU", "restricted")
    }


def test_the_vendors_own_people_decide_nothing() -> None:
    assert findings("Huawei-chef: Et forbud vil skade Danmark") == set()


def test_kit_from_china_is_the_vendor() -> None:
    assert findings("Norge forbyder udstyr fra Kina i 5G-nettet") == {("NO", "banned")}
