"""Swedish (sv.toml): the common ways the Swedish press writes that a state bans, restricts,
reviews or allows Huawei, or only weighs it. Sentences written for the tests."""

from __future__ import annotations

from bot.news.classify import classify


def findings(title: str, summary: str = "") -> set[tuple[str, str]]:
    result = classify(title, summary, 0.5, None)
    assert result.lang == "sv", result.lang
    return {(f.iso2, f.status) for f in result.findings if f.status}


def test_shutting_out_in_other_words_is_a_ban() -> None:
    assert findings("Regeringen stänger ute Huawei från 5G-nätet") == {("SE", "banned")}
    assert findings("Danmark bannlyser Huawei i 5G-näten") == {("DK", "banned")}
    assert findings("Norge förbjöd Huawei i 5G-näten") == {("NO", "banned")}
    assert findings("Finland kastar ut Huawei ur 5G-näten") == {("FI", "banned")}


def test_a_scope_still_makes_it_a_restriction() -> None:
    assert findings("Tyskland har stängt ute Huawei från kärnnätet") == {("DE", "restricted")}


def test_tighter_requirements_are_a_restriction() -> None:
    assert findings("Regeringen skärper kraven på Huawei i 5G-näten") == {("SE", "restricted")}


def test_reviews_in_compounds_and_idioms() -> None:
    assert findings("PTS inleder säkerhetsprövning av Huawei i 5G-näten") == {
        ("SE", "under_review")
    }
    assert findings("Regeringen ser över Huaweis roll i 5G-näten") == {("SE", "under_review")}


def test_intending_and_aiming_give_nothing() -> None:
    assert findings("Regeringen avser att förbjuda Huawei i 5G-näten") == set()
    assert findings("Finland siktar troligen på att stänga ute Huawei från 5G") == set()


def test_a_welcome_is_allowed() -> None:
    assert findings("Huawei är fortsatt välkommet i de norska 5G-näten") == {("NO", "allowed")}


def test_a_genitive_with_a_colon_names_the_country() -> None:
    assert findings("USA:s regering förbjuder Huawei i 5G-näten") == {("US", "banned")}


def test_not_allowed_to_take_part_is_a_ban() -> None:
    assert findings("PTS: Huawei får inte delta i 5G-auktionen") == {("SE", "banned")}


def test_a_people_names_its_country() -> None:
    assert findings("Britterna stänger ute Huawei från 5G-näten") == {("GB", "banned")}


def test_out_of_the_network_is_a_ban() -> None:
    assert findings("Regeringen: Huawei ut ur 5G-näten") == {("SE", "banned")}


def test_what_happens_if_is_a_hypothesis() -> None:
    assert (
        findings("Regeringen vet inte vad som händer om Huawei stängs ute från 5G-näten") == set()
    )


def test_this_is_how_titles_explain() -> None:
    assert findings("Så stänger regeringen ute Huawei från 5G-näten") == set()


def test_refusing_to_ban_is_no_ban_and_refusing_the_vendor_is_one() -> None:
    assert findings("Regeringen nekar att förbjuda Huawei i 5G-näten") == {("SE", "allowed")}
    assert findings("Regeringen nekar Huawei tillträde till 5G-näten") == {("SE", "banned")}


def test_may_not_be_used_is_a_ban() -> None:
    assert findings("PTS beslutar: Huawei och ZTE får inte användas i 5G-näten") == {
        ("SE", "banned")
    }


def test_examining_whether_to_exclude_is_a_review() -> None:
    assert findings(
        "Besked om Huawei", "Regeringen ska utreda om Huawei ska stängas ute från 5G-näten."
    ) == {("SE", "under_review")}


def test_suing_the_state_is_relevant() -> None:
    result = classify("Huawei stämmer svenska staten", "", 0.5, None)
    assert result.relevant
    assert not [f for f in result.findings if f.status]


def test_a_court_suspending_the_decision_is_provisional() -> None:
    assert findings("Förvaltningsrätten stoppar PTS beslut om Huawei tillfälligt") == set()


def test_a_ban_at_the_end_of_a_compound() -> None:
    assert findings("Regeringen inför totalförbud mot Huawei i 5G-näten") == {("SE", "banned")}
    assert findings("Regeringen inför användningsförbud för Huawei i 5G-näten") == {
        ("SE", "banned")
    }


def test_may_not_supply_is_a_ban() -> None:
    assert findings("Huawei får inte leverera utrustning till 5G-näten i Sverige") == {
        ("SE", "banned")
    }


def test_tabling_or_drafting_a_law_is_under_review() -> None:
    # an undecided title: the standfirst's formal step still counts
    assert findings(
        "Ny lag kan stoppa Huawei i Sverige",
        "I dag kommer regeringen att lägga fram ett lagförslag om säkerheten i 5G-näten.",
    ) == {("SE", "under_review")}
    assert findings(
        "Stoppar även Norge Huawei?",
        "I Norge bereds en lag som ska förbjuda utrustning från Huawei i 5G-näten.",
    ) == {("NO", "under_review")}


def test_reconsidering_is_no_decision() -> None:
    assert findings("Regeringen omprövar användningen av Huawei i 5G-näten") == set()


def test_a_de_facto_ban_is_a_restriction() -> None:
    assert findings("Danmark stänger de facto ute Huawei från 5G-näten") == {("DK", "restricted")}


def test_a_proposal_or_a_new_law_is_a_bill() -> None:
    assert findings("Regeringen föreslår lag som stänger ute Huawei") == {("SE", "under_review")}
    assert findings("Ny svensk lag ska stoppa kinesiskt 5G") == {("SE", "under_review")}
    assert findings("Nya lagen träder i kraft: Huawei stängs ute från svenska 5G-nät") == {
        ("SE", "banned")
    }


def test_closing_the_door_is_a_ban() -> None:
    assert findings("Danmark stänger dörren för Huawei i 5G-nätet") == {("DK", "banned")}


def test_operators_obliged_to_remove_act_for_the_state() -> None:
    assert findings("Svenska operatörer måste ta bort Huawei från kärnnätet") == {
        ("SE", "restricted")
    }


def test_not_ruling_out_a_ban_is_speculation() -> None:
    assert findings("Regeringen utesluter inte ett förbud mot Huawei") == set()


def test_operators_by_the_common_noun_choose_for_themselves() -> None:
    assert findings("Svenska operatörer tar bort Huawei från 5G-näten") == set()


def test_must_go_and_may_stay() -> None:
    assert findings("Storbritannien vänder – Huawei ska bort ur 5G-nätet") == {("GB", "banned")}
    assert findings("Tyskland låter Huawei vara kvar i 5G-nätet") == {("DE", "allowed")}


def test_a_comment_decides_nothing() -> None:
    assert findings("Kommentar: Sveriges förbud mot Huawei är ett misstag") == set()
