"""General rules of the English reader (bot/news/classify.py), one test per rule.

Every sentence here is made up for the test (none is a labelled headline): each covers a
general construction of English news, so that the rules do not just fit the labelled set.
"""

from __future__ import annotations

from bot.news.classify import classify


def findings(title: str, summary: str = "") -> set[tuple[str, str]]:
    result = classify(title, summary)
    return {(f.iso2, str(f.status)) for f in result.findings if f.status}


def test_a_standfirst_country_the_title_does_not_name_must_lead_its_sentence() -> None:
    # Named at the start of the sentence: its subject.
    assert findings(
        "A setback for Huawei", "Croatia has banned Huawei from its 5G networks, operators said."
    ) == {("HR", "banned")}
    # Named late, after a speaker and a time: not read from the standfirst alone.
    assert (
        findings(
            "A setback for Huawei",
            "Operators said on Monday that after long talks Croatia has banned Huawei from "
            "its 5G networks.",
        )
        == set()
    )
    # A government opens the sentence and the country is the only one named: its own.
    assert findings(
        "A good week for Huawei",
        "The government signed a deal with Huawei to build 5G networks in Laos.",
    ) == {("LA", "partner")}
    # The title names the country: the standfirst refines it wherever it names it.
    assert findings(
        "Laos and its networks",
        "After months of talks with several vendors the government signed a deal with Huawei "
        "to build 5G networks in Laos.",
    ) == {("LA", "partner")}


def test_a_country_in_an_opening_phrase_is_not_listed_with_the_subject() -> None:
    # "In a move welcomed by Washington, Croatia banned ...": the US is no co-subject, and
    # welcoming a move is no welcome of the vendor.
    assert findings(
        "Croatia's networks",
        "In a move welcomed by Washington, Croatia banned Huawei from its 5G networks.",
    ) == {("HR", "banned")}
    # A headline's comma is an "and": both act.
    assert findings("Latvia, Lithuania ban Huawei from 5G") == {
        ("LV", "banned"),
        ("LT", "banned"),
    }
    # A relative clause after a comma still has the deal's object.
    assert findings(
        "A deal in Moscow",
        "Russia's government signed the agreement, which will let Huawei build its 5G network.",
    ) == {("RU", "partner")}


def test_a_phrase_opening_the_sentence_is_not_its_subject() -> None:
    # "In a blow to Washington, Hungary ...": Hungary acts, the US is in the opening phrase.
    assert findings(
        "A deal in Budapest",
        "In a blow to Washington, Hungary signed a deal with Huawei to build its 5G network.",
    ) == {("HU", "partner")}
    # A subordinate clause that opens the sentence may hold its news.
    assert findings(
        "Norway's vendor law",
        "When Norway's government opened a consultation on 5G vendor rules, Huawei objected.",
    ) == {("NO", "under_review")}


def test_what_someone_thinks_should_be_reviewed_is_no_review() -> None:
    assert (
        findings(
            "Huawei risks need care, Slovak minister says",
            "The minister said Huawei's role in 5G networks needs to be assessed carefully.",
        )
        == set()
    )
    assert findings("Huawei 5G role should be reviewed, says Danish MP") == set()
    # An order at home is a step; a requirement of approval is a regime, not a wish.
    assert findings("Slovakia orders review of Huawei 5G role") == {("SK", "under_review")}
    assert findings(
        "Slovak parliament passes law: 5G vendors must be subject to security approval",
        "Huawei is affected.",
    ) == {("SK", "restricted")}


def test_takes_effect_is_no_company_action() -> None:
    assert findings("The Portuguese ban on Huawei takes effect") == {("PT", "banned")}
    assert findings("Huawei not allowed to take part in Czech 5G tender") == {("CZ", "banned")}
    # The vendor's own action is still its own: no finding.
    assert findings("Huawei takes Sweden to court over 5G ban") == set()


def test_a_reversal_reads_past_a_possessive() -> None:
    assert findings("Court overturns Portugal's Huawei ban") == {("PT", "allowed")}
    # Suspended for now: nothing decided yet.
    assert findings("Court suspends Romania's Huawei exclusion") == set()


def test_pressure_rejected_is_a_negation_by_the_one_who_rejects() -> None:
    assert findings("Malaysia rejects US calls to ban Huawei") == {("MY", "allowed")}
    assert findings("German government rejects calls for a Huawei ban") == {("DE", "allowed")}
    assert findings("Italy turns down US demands for a Huawei ban") == {("IT", "allowed")}
    # The pressure alone decides nothing.
    assert findings("US calls on Germany to ban Huawei") == set()
    assert findings("US calls for Huawei ban in Europe") == set()


def test_declarations_and_pacts_in_the_plural() -> None:
    assert findings("Poland and Romania sign 5G security pacts with the US") == {
        ("PL", "under_review"),
        ("RO", "under_review"),
    }
    assert findings("Estonia and Latvia sign 5G declarations with the US") == {
        ("EE", "under_review"),
        ("LV", "under_review"),
    }


def test_a_deal_reviewed_undone_or_lost_is_no_partnership() -> None:
    assert findings("Ghana's regulator investigates Huawei 5G contract") == {("GH", "under_review")}
    assert findings("Kenya cancels 5G deal with Huawei") == set()
    assert findings("Huawei loses out on Danish 5G contracts") == set()
    assert findings("Kenya signs 5G deal with Huawei") == {("KE", "partner")}


def test_eligible_for_is_an_allowance_and_its_negation_an_exclusion() -> None:
    assert findings("Huawei remains eligible for Belgian 5G contracts") == {("BE", "allowed")}
    assert findings("Huawei not eligible for Czech 5G tender") == {("CZ", "banned")}
    assert findings("Huawei remains banned in Sweden after court ruling") == {("SE", "banned")}
    assert findings("Huawei remains committed to Canada") == set()


def test_equipment_a_review_is_about_is_no_partnership() -> None:
    assert findings(
        "Slovakia's 5G plans",
        "Slovakia's government has ordered a review of the security of telecoms equipment "
        "supplied by Huawei.",
    ) == {("SK", "under_review")}


def test_a_decree_approved_is_in_force_and_a_veto_power_over_deals_restricts() -> None:
    assert findings(
        "Italy moves on 5G",
        "Italy's cabinet on Thursday approved a decree extending its golden power rules to 5G, "
        "giving it powers to veto deals with Huawei.",
    ) == {("IT", "restricted")}


def test_an_operator_does_not_act_across_a_semicolon() -> None:
    assert findings(
        "India 5G trials begin",
        "India's telecom department has approved trials for Jio, Airtel and Vodafone Idea; "
        "Huawei and ZTE are not among the vendors.",
    ) == {("IN", "banned")}


def test_more_allowances() -> None:
    assert findings("Huawei can bid for Irish 5G contracts, minister says") == {("IE", "allowed")}
    assert findings("Iceland has no objection to Huawei in 5G") == {("IS", "allowed")}
    assert findings("Huawei kit passes Dutch security review for 5G") == {("NL", "allowed")}
    assert findings("Greece to keep Huawei in its 5G network") == {("GR", "allowed")}
    assert findings("Greece keeps Huawei out of its 5G network") == {("GR", "banned")}
    assert findings("Germany will let Huawei take part in 5G rollout") == {("DE", "allowed")}
    # A law for security reviews passed is no review passed by the vendor.
    assert findings("Latvian parliament passes law for security reviews of Huawei 5G gear") == {
        ("LV", "restricted")
    }


def test_huawei_out_of_and_quoted_untrusted_vendors() -> None:
    assert findings("Huawei out of Danish 5G") == {("DK", "banned")}
    assert findings("Huawei pulls out of Danish 5G auction") == set()  # its own move
    assert findings("Netherlands to restrict 'untrusted' 5G suppliers") == {("NL", "restricted")}


def test_a_win_for_the_vendor_is_no_contract_won() -> None:
    assert findings(
        "A win for Huawei in Austria",
        "Austria's government says Huawei can take part in building its 5G networks.",
    ) == {("AT", "allowed")}
    assert findings("Huawei wins 5G contract with Cambodia's ministry") == {("KH", "partner")}


def test_a_decision_still_to_be_taken_is_under_review() -> None:
    assert findings("Huawei's 5G fate in Germany to be decided by parliament") == {
        ("DE", "under_review")
    }


def test_opinions_and_costs_are_no_decisions() -> None:
    assert findings("Critics say Britain must ban Huawei") == set()
    assert findings("British operators must remove Huawei by 2027") == {("GB", "banned")}
    assert findings("Former minister: Italy was wrong not to ban Huawei") == set()
    assert findings("Huawei CEO: we will stay in Germany despite ban threat") == set()
    # A bill to pay is no bill tabled; a bill tabled is a step.
    assert findings("Huawei ban leaves Swedish operators with big bill") == set()
    assert findings("Norway tables the bill on 5G security") == {("NO", "under_review")}


def test_a_bill_that_passes_parliament_is_law() -> None:
    assert findings("The bill to ban Huawei passes Estonian parliament") == {("EE", "banned")}
    assert findings("Bill to ban Huawei passes first reading in Estonian parliament") == {
        ("EE", "under_review")
    }


def test_shunning_deciding_against_and_turning_ones_back_exclude() -> None:
    assert findings("Japan shuns Huawei for 5G") == {("JP", "banned")}
    assert findings("Croatia turns its back on Huawei for 5G") == {("HR", "banned")}
    assert findings("Germany decides against Huawei in its 5G networks") == {("DE", "banned")}
    # Deciding against a ban is no ban; an operator shunning the vendor is its own choice.
    assert findings("Germany decides against Huawei ban") == {("DE", "allowed")}
    assert findings("Telia shuns Huawei in Norway") == set()
    assert findings("Finland rules on Huawei") == set()


def test_idioms_of_exclusion_with_the_vendor_right_after() -> None:
    for title in (
        "Latvia spurns Huawei in 5G rollout",
        "Latvia dumps Huawei from 5G",
        "Latvia axes Huawei from its 5G network",
        "Latvia sidelines Huawei in 5G",
        "Latvia pulls the plug on Huawei",
        "Latvia gives Huawei the boot",
        "Huawei gets the boot in Latvia",
        "Huawei handed the boot in Latvia",
        "Latvia cuts ties with Huawei",
        "Latvia says goodbye to Huawei kit",
        "Latvia shows Huawei the door",
        "Huawei shown the door in Latvia",
        "Latvia rebuffs Huawei",
    ):
        assert findings(title) == {("LV", "banned")}, title
    # Far from the vendor, the verb is about something else.
    assert findings("Latvian firm axes jobs in sales of Huawei phones") == set()
    assert findings("Malaysia rebuffs US pressure on Huawei") == set()


def test_idioms_of_allowance() -> None:
    for title in (
        "Latvia OKs Huawei for 5G",
        "Latvia signs off on Huawei 5G",
        "Latvia says yes to Huawei",
        "Latvia rolls out red carpet for Huawei",
        "Latvia gives Huawei a role in 5G",
        "Latvia gives Huawei a free hand in 5G",
        "Latvia opens arms to Huawei",
        "Latvia keeps faith with Huawei",
    ):
        assert findings(title) == {("LV", "allowed")}, title
    # A contract ended is no partnership.
    assert findings("Latvia ends Huawei 5G contracts") != {("LV", "partner")}


def test_equal_treatment_and_no_vendor_excluded_allow() -> None:
    assert findings("Germany to treat all 5G vendors equally, including Huawei") == {
        ("DE", "allowed")
    }
    assert findings("Germany's 5G auction open to all vendors including Huawei") == {
        ("DE", "allowed")
    }
    assert findings("Germany to keep Huawei as 5G supplier") == {("DE", "allowed")}
    assert findings("Denmark: no single vendor will be excluded from 5G, Huawei included") == {
        ("DK", "allowed")
    }
    # No vendors of one kind in the network is an exclusion of them.
    assert findings("No Chinese vendors in Danish 5G") == {("DK", "banned")}


def test_a_measure_aimed_at_the_vendor_restricts_and_sanctions_do_not() -> None:
    assert findings("Czech government adopts 5G security guidelines aimed at Huawei") == {
        ("CZ", "restricted")
    }
    assert findings("Germany passes IT security law aimed at Huawei") == {("DE", "restricted")}
    assert findings("US campaign aimed at Huawei fails in Europe") == set()
    # What requirements could do, while only published: a step.
    assert findings("Denmark publishes 5G security requirements that could exclude Huawei") == {
        ("DK", "under_review")
    }


def test_the_vendor_formally_designated_a_risk_is_restricted() -> None:
    assert findings("Sweden classifies Huawei as security threat") == {("SE", "restricted")}
    assert findings("Canada labels Huawei a national security risk") == {("CA", "restricted")}
    assert findings("Huawei designated high-risk vendor in Finland") == {("FI", "restricted")}
    assert findings("Huawei added to Latvian list of high-risk vendors") == {("LV", "restricted")}


def test_welcoming_or_backing_a_measure_is_no_allowance_of_the_vendor() -> None:
    assert findings("Washington welcomes Sweden's Huawei ban") == set()
    assert findings("US welcomes Poland's decision to exclude Huawei") == set()
    assert findings("Thailand allows Huawei to open 5G testbed") == {("TH", "allowed")}


def test_a_memorandum_with_the_vendor_is_a_deal_not_a_security_declaration() -> None:
    # Not about 5G: no finding at all (and no "security declaration" under review).
    assert findings("Huawei and Thai university sign talent MoU") == set()


def test_making_ones_call_is_a_decision_and_calling_on_another_is_pressure() -> None:
    assert findings(
        "Belgium makes its call on 5G",
        "The Belgian government said high-risk vendors such as Huawei would be barred from the "
        "core of its 5G network.",
    ) == {("BE", "restricted")}
    assert findings("US calls on Germany to ban Huawei") == set()


def test_continuing_to_supply_is_allowed() -> None:
    assert findings(
        "Huawei in Kenya",
        "Kenya's ICT ministry said Huawei would continue to supply equipment for its 5G network.",
    ) == {("KE", "allowed")}


def test_a_recommendation_or_a_motion_is_a_step() -> None:
    assert findings("Slovak security council recommends restricting Huawei") == {
        ("SK", "under_review")
    }
    assert findings("Dutch parliament adopts motion to exclude Huawei") == {("NL", "under_review")}
    assert findings("EU Parliament passes resolution to restrict Huawei") == {
        ("EU", "under_review")
    }
    assert findings("Estonia's parliament passes law to ban Huawei") == {("EE", "banned")}


def test_a_network_security_law_is_an_approval_regime() -> None:
    assert findings("Spain approves 5G cybersecurity law") == {("ES", "restricted")}
    assert findings("Spain's cabinet approves 5G cybersecurity bill") == {("ES", "under_review")}


def test_scope_words_for_parts_sites_and_sectors_restrict() -> None:
    for title, iso2 in (
        ("Sweden bars Huawei from networks near military bases", "SE"),
        ("Poland bars Huawei from key parts of 5G", "PL"),
        ("Japan bans Huawei from public sector networks", "JP"),
        ("Norway bans Huawei from its emergency network", "NO"),
        ("UK bars Huawei from military and nuclear sites", "GB"),
        ("Germany bans Huawei from critical infrastructure", "DE"),
        ("France grants Huawei licences for up to eight years", "FR"),
    ):
        assert findings(title) == {(iso2, "restricted")}, title
    assert findings("Slovenia bans Huawei from 5G networks") == {("SI", "banned")}


def test_measures_presented_are_a_step() -> None:
    assert findings("Brussels presents measures to exclude Huawei from 5G networks") == {
        ("EU", "under_review")
    }


def test_an_eu_country_is_a_member_not_the_union() -> None:
    assert findings("Italy becomes first EU country to ban Huawei from 5G") == {("IT", "banned")}
    assert findings("EU member states agree to restrict Huawei") == {("EU", "restricted")}


def test_weighing_a_law_is_a_step_and_weighing_a_ban_is_not() -> None:
    assert findings("Poland weighs cybersecurity law to exclude Huawei") == {("PL", "under_review")}
    assert findings("Poland weighs excluding Huawei") == set()


def test_a_ban_declined_or_turned_down_is_no_ban() -> None:
    assert findings("Huawei to remain Telenor supplier as Norway declines ban") == {
        ("NO", "allowed")
    }
    assert findings("Peru turns down Huawei ban") == {("PE", "allowed")}


def test_being_part_of_the_network_is_an_allowance() -> None:
    assert findings("Huawei can be part of UK 5G, says minister") == {("GB", "allowed")}
    assert findings("Huawei will be part of Malaysia's 5G network") == {("MY", "allowed")}
    # "part of the core" still scopes it.
    assert findings("Huawei will be part of the 5G core in Malaysia") == {("MY", "restricted")}


def test_how_a_ban_turned_out_is_not_the_ban() -> None:
    assert findings("Australia's 2018 Huawei ban paid off, says official") == set()
    assert findings("Sweden's Huawei ban helps Ericsson") == set()
    assert findings("Sweden's Huawei ban upheld by court") == {("SE", "banned")}


def test_a_government_teaming_up_with_the_vendor_is_a_partner() -> None:
    assert findings("Uzbekistan's ministry teams up with Huawei on 5G") == {("UZ", "partner")}
    assert findings("Kyrgyz government joins hands with Huawei for 5G") == {("KG", "partner")}
    assert findings("Nepal's government enlists Huawei for 5G") == {("NP", "partner")}
    # An operator doing so is its own choice.
    assert findings("Vodafone teams up with Huawei on 5G in Spain") == set()
