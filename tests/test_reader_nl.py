"""Dutch (nl.toml): the common ways the Dutch and Flemish press write that a state bans,
restricts, reviews or allows Huawei, or only weighs it. Sentences written for the tests."""

from __future__ import annotations

from bot.news.classify import classify


def findings(title: str, summary: str = "") -> set[tuple[str, str]]:
    result = classify(title, summary, 0.5, None)
    assert result.lang == "nl", result.lang
    return {(f.iso2, f.status) for f in result.findings if f.status}


def test_shutting_out_in_other_words_is_a_ban() -> None:
    assert findings("Kabinet zet Huawei buitenspel bij aanleg 5G-netwerk") == {("NL", "banned")}
    assert findings("Zweden gooit de deur dicht voor Huawei bij 5G") == {("SE", "banned")}
    assert findings("Duitsland weigert Huawei in het 5G-netwerk") == {("DE", "banned")}
    assert findings("Frankrijk verbant Huawei uit zijn 5G-netwerk") == {("FR", "banned")}
    assert findings("Huawei niet welkom in Deense 5G-netwerken") == {("DK", "banned")}


def test_weer_is_again_not_a_ban() -> None:
    assert findings("Huawei weer in beeld voor het Nederlandse 5G-netwerk") == set()
    assert findings("Australië weert Huawei uit het 5G-netwerk") == {("AU", "banned")}


def test_curbs_and_tighter_rules_are_a_restriction() -> None:
    assert findings("Kabinet legt Huawei aan banden in het 5G-netwerk") == {("NL", "restricted")}
    assert findings("Minister scherpt 5G-regels voor Huawei aan") == {("NL", "restricted")}


def test_taking_equipment_out_is_a_removal() -> None:
    assert findings("Polen sloopt Huawei-apparatuur uit zijn 5G-netwerk") == {("PL", "banned")}


def test_reviews_in_other_words() -> None:
    assert findings("Kabinet neemt Huawei onder de loep bij 5G") == {("NL", "under_review")}
    assert findings("Agentschap start beoordeling van Huawei-apparatuur in 5G-netwerk") == {
        ("NL", "under_review")
    }
    assert findings("Huawei-apparatuur in 5G-netwerk doorgelicht door de AIVD") == {
        ("NL", "under_review")
    }


def test_a_welcome_or_an_open_door_is_allowed() -> None:
    assert findings("Huawei blijft welkom in het Nederlandse 5G-netwerk") == {("NL", "allowed")}
    assert findings("Kabinet houdt de deur open voor Huawei bij 5G") == {("NL", "allowed")}


def test_weighing_and_seeming_give_nothing() -> None:
    assert findings("Regering denkt erover na Huawei te weren uit het 5G-netwerk") == set()
    assert findings("Kabinet lijkt Huawei te weren uit het 5G-netwerk") == set()
    assert findings("België zou Huawei wellicht uit het 5G-netwerk weren") == set()


def test_a_bill_the_house_agrees_to_is_under_review() -> None:
    assert findings("Tweede Kamer stemt in met wetsvoorstel tegen Huawei in 5G") == {
        ("NL", "under_review")
    }


def test_going_into_business_with_the_state_is_a_partnership() -> None:
    assert findings("Kabinet gaat in zee met Huawei voor overheidsnetwerk 5G") == {
        ("NL", "partner")
    }


def test_the_vendor_contesting_a_ban_decides_nothing() -> None:
    assert findings("Huawei vecht verbod in Zweden aan") == set()


def test_separable_curbs_and_switching_off() -> None:
    assert findings("Kabinet perkt Huawei in bij 5G-netwerk") == {("NL", "restricted")}
    assert findings("Duitsland verbiedt Huawei-onderdelen in kernnetwerk") == {("DE", "restricted")}


def test_doubting_gives_nothing() -> None:
    assert findings("Regering twijfelt over verbod op Huawei in 5G-netwerk") == set()


def test_the_core_in_english_is_the_core() -> None:
    assert findings("Kabinet weert Huawei uit het corenetwerk van 5G") == {("NL", "restricted")}


def test_no_more_of_the_vendor_is_a_ban() -> None:
    assert findings("Kabinet: geen Huawei meer in het 5G-netwerk") == {("NL", "banned")}


def test_refusing_to_ban_is_no_ban_and_refusing_the_vendor_is_one() -> None:
    assert findings("Kabinet weigert Huawei te verbieden in 5G-netwerk") == {("NL", "allowed")}
    assert findings("Duitsland weigert Huawei in 5G-netwerk") == {("DE", "banned")}


def test_past_tenses_of_strong_and_separable_verbs() -> None:
    assert findings("Zweden verbood Huawei in het 5G-netwerk") == {("SE", "banned")}
    assert findings("België sloot Huawei uit van het 5G-netwerk") == {("BE", "banned")}
    assert findings("Hongarije stond Huawei toe in het 5G-netwerk") == {("HU", "allowed")}


def test_a_ban_at_the_end_of_a_compound() -> None:
    assert findings("Kabinet kondigt gebruiksverbod af voor Huawei in 5G-netwerk") == {
        ("NL", "banned")
    }


def test_a_separable_verb_with_its_particle_far_on_at_the_end_of_the_clause() -> None:
    assert findings(
        "Zweden sluit de Chinese bedrijven Huawei en ZTE van het nieuwe 5G-netwerk uit"
    ) == {("SE", "banned")}


def test_throwing_out_and_taking_out() -> None:
    assert findings("België zet Huawei uit kern van 5G-netwerk") == {("BE", "restricted")}
    assert findings("Denemarken gooit Huawei eruit bij de bouw van het 5G-netwerk") == {
        ("DK", "banned")
    }


def test_a_safety_analysis_is_a_review() -> None:
    assert findings("Belgische regering laat veiligheidsanalyse van Huawei uitvoeren") == {
        ("BE", "under_review")
    }


def test_trusted_suppliers_only_is_a_restriction() -> None:
    assert findings(
        "Veiling 5G-frequenties in Nederland",
        "Kritieke onderdelen van het 5G-netwerk mogen alleen van vertrouwde leveranciers komen.",
    ) == {("NL", "restricted")}


def test_reconsidering_is_no_decision() -> None:
    assert findings("Kabinet heroverweegt het gebruik van Huawei in het 5G-netwerk") == set()


def test_a_de_facto_ban_is_a_restriction() -> None:
    assert findings("België verbant Huawei de facto uit het 5G-netwerk") == {("BE", "restricted")}


def test_chinese_parts_in_other_words_are_the_vendor() -> None:
    assert findings("België weert Chinese onderdelen uit het 5G-netwerk") == {("BE", "banned")}


def test_operators_obliged_to_remove_act_for_the_state() -> None:
    assert findings("Nederlandse providers moeten Huawei uit het kernnetwerk halen") == {
        ("NL", "restricted")
    }


def test_not_ruling_out_a_ban_is_speculation_not_excluding_the_vendor_is_allowed() -> None:
    assert findings("Kabinet sluit een verbod op Huawei niet uit") == set()
    assert findings("Kabinet sluit Huawei niet uit van het 5G-netwerk") == {("NL", "allowed")}


def test_saying_no_need_not_leave_and_measures() -> None:
    assert findings("Vlaamse regering zegt nee tegen Huawei") == {("BE", "banned")}
    assert findings("Proximus zegt nee tegen Huawei") == set()
    assert findings("Minister: Huawei hoeft niet uit het Nederlandse netwerk") == {
        ("NL", "allowed")
    }
    assert findings("Kabinet neemt maatregelen tegen risicovolle leveranciers") == {
        ("NL", "restricted")
    }


def test_a_short_title_is_read_as_dutch() -> None:
    assert findings("Britse regering geeft Huawei beperkte rol") == {("GB", "restricted")}


def test_after_a_ban_is_background() -> None:
    assert findings("Na het verbod in de VS zoekt Huawei klanten in Europa") == set()
