"""The classifier on the hard cases, one table per kind of difficulty, and on any text at all."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.news.classify import Classification, classify, relevance
from bot.status import Status

# What detection may propose: every status but "unknown" (the one vocabulary, bot/status.py).
STATUSES = frozenset(Status) - {Status.UNKNOWN}

Expected = dict[str, str | None]


def statuses(title: str, summary: str = "") -> Expected:
    result = classify(title, summary)
    assert result.relevant, f"not relevant ({result.score:.2f}): {title}"
    return {f.iso2: f.status for f in result.findings}


def check(title: str, summary: str, expected: Expected) -> None:
    """Every expected country has the expected status; no other country has any status."""
    found = statuses(title, summary)
    for iso2, status in expected.items():
        assert iso2 in found, f"{iso2} not found in {found}: {title}"
        assert found[iso2] == status, f"{iso2}: {found[iso2]} != {status}: {title}"
    extra = {k: v for k, v in found.items() if v is not None and k not in expected}
    assert not extra, f"unexpected statuses {extra}: {title}"


# (title, summary, {iso2: status}); None: named, but no status.
NEGATION = [
    ("Germany 'does not want to ban Huawei from 5G networks'", "", {"DE": "allowed"}),
    ("Britain will not ban Huawei from 5G, minister says", "", {"GB": "allowed"}),
    ("Germany decides against a ban on Huawei 5G equipment", "", {"DE": "allowed"}),
    ("Italy rules out Huawei ban", "", {"IT": "allowed"}),
    ("Brazil sets 5G auction rules without Huawei ban", "", {"BR": "allowed"}),
    ("France not excluding Huawei, insists Macron", "", {"FR": "allowed"}),
    ("Brazil rejects calls to ban Huawei", "", {"BR": "allowed"}),
    ("UK parliament rejects amendment to ban Huawei", "", {"GB": "allowed"}),
    ("Denmark reverses Huawei ban", "", {"DK": "allowed"}),
    ("Costa Rican court suspends exclusion of Huawei as a 5G provider", "", {"CR": None}),
]

# Speculation ("may", "considering", "weighs") is no finding (DESIGN.md, house rules).
HEDGING = [
    ("Canada may ban Huawei from 5G", "", {"CA": None}),
    ("Canada May Ban Huawei From 5G", "", {"CA": None}),
    ("Theresa May bans Huawei from 5G core", "", {"GB": "restricted"}),
    ("Canada considering Huawei 5G ban", "", {"CA": None}),
    ("Germany weighs barring Chinese parts in 5G networks", "", {"DE": None}),
    ("Portugal paves way to a Huawei ban on country's 5G network", "", {"PT": "under_review"}),
    ("Canada is reviewing whether to ban Huawei", "", {"CA": "under_review"}),
    ("Huawei 'could be allowed' to help build 5G network in UK", "", {"GB": None}),
    ("Huawei should be banned from UK networks, MPs say", "", {"GB": None}),
    (
        "Trump ready to sign executive order that would bar Huawei, ZTE purchases",
        "The Trump administration may use a national emergency declaration to issue an "
        "executive order banning US companies from buying Huawei telecom equipment.",
        {},
    ),
    (
        "US FCC set to ban approvals of new Huawei and ZTE equipment",
        "If approved, the move would close the door on the two Chinese firms' gear in the US.",
        {"US": "under_review"},
    ),
]

ATTRIBUTION = [
    ("US urges UK to ban Huawei", "", {"US": None, "GB": None}),
    ("U.S. 'warns Germany to drop Huawei'", "", {"US": None, "DE": None}),
    ("Washington presses Berlin to exclude Huawei from 5G networks", "", {"DE": None}),
    ("China urges Sweden to reverse Huawei ban", "", {"SE": None}),
    ("Pompeo Again Threatens Germany: Drop Huawei Or Intelligence Sharing Blocked", "", {}),
    ("US warns allies against using Huawei 5G gear", "", {"US": None}),
    (
        "China Threatens Retaliation Against Ericsson if Sweden Doesn't Drop Huawei 5G Ban",
        "Beijing is giving Sweden one last chance to reverse its ban on Huawei.",
        {"SE": None},
    ),
    (
        "Thailand launches 5G test bed with Huawei equipment, going against US advice",
        "",
        {"TH": "allowed", "US": None},
    ),
    (
        "Malaysia to use Huawei tech 'as much as possible', says Dr M amid US ban",
        "",
        {"MY": "allowed", "US": None},
    ),
    # A government telling its own operators decides; the EU telling its members is EU policy.
    ("Japan tells operators to remove Huawei gear by 2025", "", {"JP": "banned"}),
    (
        "EU tells its members to ban Huawei and ZTE over 'materially higher risks'",
        "",
        {"EU": "restricted"},
    ),
]

OPERATORS = [
    ("BT removes Huawei from its 3G, 4G and upcoming 5G network", "", {"GB": None}),
    ("Vodafone chooses Ericsson over Huawei for 5G core", "", {}),
    ("Greenland to pick Ericsson over Huawei for 5G rollout", "", {"GL": None}),
    ("Huawei excluded from SoftBank's 5G network", "", {"JP": None}),
    ("Dutch Telecom KPN Won't Use Huawei for 'Core' 5G Network", "", {"NL": None}),
    ("Denmark's TDC shuns China's Huawei for 5G rollout", "", {"DK": None}),
    (
        "In latest snub for Huawei, Japan's SoftBank chooses Nokia and Ericsson for 5G",
        "SoftBank's Japanese telecom unit has selected Nokia and Ericsson as vendors for its "
        "next-generation wireless network, excluding longtime supplier Huawei.",
        {"JP": None},
    ),
    # Obliged by the government, or stopped by it: national policy after all.
    (
        "The UK's mobile providers must remove all of Huawei's 5G kit from their networks by 2027",
        "",
        {"GB": "banned"},
    ),
    (
        "New Zealand's GCSB rejects Spark's proposal to use Huawei 5G equipment",
        "",
        {"NZ": "restricted"},
    ),
]

PARTNERS = [
    ("Huawei wins 5G contract in Thailand", "", {"TH": "partner"}),
    ("Huawei signs deal to develop 5G in Russia", "", {"RU": "partner"}),
    # A private operator's agreement with the vendor is no state's (DESIGN.md, "Operators").
    ("Russia's MTS and China's Huawei sign agreement on 5G", "", {"RU": None}),
    ("Ethio-Telecom partners with Huawei to launch pilot 5G services", "", {"ET": "partner"}),
    ("Hungary says Huawei to help build its 5G wireless network", "", {"HU": "partner"}),
    # A private operator's deal with no state role is no finding (DESIGN.md, "Operators"); a
    # state-owned operator's is "partner" (Ethio Telecom above).
    ("South Africa's MTN selects Huawei for 5G", "", {"ZA": None}),
    ("Indian govt allows Huawei to participate in trials for 5G networks", "", {"IN": "allowed"}),
    # The company's own words are no government's choice.
    ("Huawei to help Saudi Arabia become world's top 5G country", "", {"SA": None}),
    ("Huawei says Canada's ban is politically motivated", "", {"CA": None}),
    ("Huawei sues Sweden over 5G ban", "", {"SE": None}),
]

DECISIONS = [
    ("UK bans Huawei from its 5G networks", "", {"GB": "banned"}),
    ("Huawei and ZTE handed 5G network ban in Australia", "", {"AU": "banned"}),
    ("Sweden upholds ban on Huawei's 5G gear", "", {"SE": "banned"}),
    ("Canada to announce ban on use of Huawei and ZTE 5G equipment -source", "", {"CA": "banned"}),
    ("Estonia passes law banning Huawei from 5G", "", {"EE": "banned"}),
    ("Germany bans Huawei from its 5G core", "", {"DE": "restricted"}),
    ("Japan to exclude Huawei and ZTE from public procurement", "", {"JP": "restricted"}),
    ("UK will allow Huawei a limited role in its 5G network", "", {"GB": "restricted"}),
    ("France limits Huawei to a share of its 5G network", "", {"FR": "restricted"}),
    (
        "Romanian govt approves bill to bar China and Huawei from 5G networks",
        "",
        {"RO": "under_review"},
    ),
    (
        "Gov Consult on Legal Measures to Ban Huawei from UK FTTP and 5G Mobile",
        "",
        {"GB": "under_review"},
    ),
    (
        "U.S., Poland Ink 5G Security Agreement in Shadow of Anti-Huawei Campaign",
        "",
        {"PL": "under_review", "US": None},
    ),
    # The title names no country: the summary does.
    (
        "Huawei 5G decision 'will cost up to £2bn'",
        "The UK's mobile providers must remove all of Huawei's 5G kit from their networks by "
        "2027, the government has said.",
        {"GB": "banned"},
    ),
    # A scoped summary refines a plain headline.
    (
        "Germany secures 6G and accelerates the ban on Huawei in its networks",
        "Germany excludes Huawei and ZTE from the future 6G network. No Chinese suppliers in "
        "the core by 2026.",
        {"DE": "restricted"},
    ),
]

EU = [
    (
        "EU Weighs Legal Measures to Phase Out Huawei and ZTE from Telecom Networks",
        "",
        {"EU": None},
    ),
    ("EU says it will not ban Huawei", "", {"EU": "allowed"}),
    ("Brussels to propose binding ban on Huawei and ZTE", "", {"EU": "under_review"}),
    ("EU urges member states to restrict high-risk vendors", "", {"EU": "restricted"}),
    ("EU's Breton says member states must exclude Huawei from 5G", "", {"EU": "restricted"}),
]


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    NEGATION + HEDGING + ATTRIBUTION + OPERATORS + PARTNERS + DECISIONS + EU,
)
def test_hard_cases(title: str, summary: str, expected: Expected) -> None:
    check(title, summary, expected)


NOT_RELEVANT = [
    ("Huawei unveils new foldable smartphone", ""),
    ("Huawei revenue rises 10% in first quarter", ""),
    ("Huawei Mate 30 forced to launch without Google apps", ""),
    ("Huawei to launch HarmonyOS for smartphones next month", ""),
    ("US bans TikTok on government devices", ""),
    ("Commerce Department Bans U.S. Companies from Selling to ZTE", ""),
    ("US Revokes Intel, Qualcomm Licenses to Sell Chips to Huawei", ""),
    ("Meng Wanzhou loses key court fight, must stay in B.C. to fight extradition", ""),
    ("Huawei lobbyists banned from accessing European Parliament after bribery arrests", ""),
    ("Ofcom opens 5G spectrum auction", "Operators can bid for the 26 GHz band."),
    # other businesses of the vendor: solar inverters, cloud and data centres; a bribery case
    ("Lawmakers fear Huawei solar inverters could be switched off remotely", ""),
    ("Huawei opens a cloud data centre for government agencies in the capital", ""),
    ("Huawei accused of paying bribes to members of parliament", ""),
    (
        "Citing security risk, Pentagon bans sales of Chinese phones on military bases",
        "The Pentagon has instructed retail outlets on bases to stop selling Huawei and ZTE gear.",
    ),
]


@pytest.mark.parametrize(("title", "summary"), NOT_RELEVANT)
def test_distractors_are_not_relevant(title: str, summary: str) -> None:
    result = classify(title, summary)
    assert not result.relevant, f"{result.score:.2f}: {title}"
    assert all(f.status is None for f in result.findings)


@pytest.mark.parametrize(
    "title",
    [
        "Clean Network Program Aims to Stop CCP Telecommunications Intrusion",
        "FCC says $3 billion more needed for Huawei 'rip and replace'",
        "Gavin Williamson Sacked As Defence Secretary After Huawei Leak",
        "Huawei remains strong in Middle East despite US restrictions",
    ],
)
def test_policy_news_without_a_decision_is_still_relevant(title: str) -> None:
    result = classify(title)
    assert result.relevant, f"{result.score:.2f}: {title}"
    assert all(f.status is None for f in result.findings), title


def test_threshold_comes_from_the_caller() -> None:
    strict = classify("UK bans Huawei from its 5G networks", threshold=1.0)
    assert not strict.relevant
    assert [(f.iso2, f.status) for f in strict.findings] == [("GB", None)]
    lenient = classify("UK bans Huawei from its 5G networks", threshold=0.0)
    assert lenient.relevant and lenient.findings[0].status == "banned"


def test_json_contract_and_explanations() -> None:
    result = classify(
        "Germany bans Huawei from its 5G core", "The government gave operators until 2026."
    )
    plain = result.as_json()
    assert set(plain) == {"lang", "relevant", "score", "countries"}
    assert plain["lang"] == "en"
    assert plain["countries"] == [{"iso2": "DE", "status": "restricted", "confidence": 0.85}]
    explained = result.as_json(explain=True)
    country = explained["countries"][0]  # type: ignore[index]
    assert "ban:bans" in country["evidence"] and "scope:core" in country["evidence"]
    assert "subject:Germany" in country["evidence"]
    assert isinstance(explained["evidence"], list) and explained["evidence"]


def test_set_aside_cues_are_explained() -> None:
    result = classify("US urges UK to ban Huawei")
    assert any(e.startswith("set aside: attributed:urges") for e in result.evidence)
    result = classify("Canada could ban Huawei from 5G")
    assert any(e.startswith("set aside: speculation:could") for e in result.evidence)


def test_confidence_is_higher_in_the_title_than_from_a_guessed_subject() -> None:
    direct = classify("Sweden bans Huawei and ZTE from 5G networks").findings[0]
    guessed = classify(
        "Two Huawei 5G kit-removal deadlines put back",
        "The government has extended two deadlines for the removal of Huawei equipment from "
        "the UK's 5G networks.",
    ).findings[0]
    assert direct.status == guessed.status == "banned"
    assert direct.confidence > guessed.confidence
    assert all(0.0 <= f.confidence <= 1.0 for f in (direct, guessed))


def test_relevance_alone() -> None:
    score, evidence = relevance("Sweden bans Huawei from 5G networks")
    assert score >= 0.5 and "vendor:huawei" in evidence
    score, evidence = relevance("Huawei P30 Pro review: the best camera phone", "Huawei P30 Pro")
    assert score < 0.5 and any(e.startswith("off-topic:") for e in evidence)


# -- any text --------------------------------------------------------------------------------

NEWSY = st.sampled_from(
    [
        "Huawei", "ZTE", "bans", "will not ban", "may", "May", "urges", "UK", "US", "EU", "the",
        "Germany's", "5G", "core", "operators must remove", "BT", "deal with", "review", "bill",
        "despite", "-", "–", ";", ":", ".", "'", "’", "U.S.", "Commission", "America Movil",
        "high-risk vendors", "Chinese", "not", "rip-and-replace", "lifts", "member states",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(NEWSY, st.text(max_size=6)), max_size=30).map(" ".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, summary=TEXT)
def test_any_text_classifies_within_the_contract(title: str, summary: str) -> None:
    result = classify(title, summary)
    assert isinstance(result, Classification)
    assert 0.0 <= result.score <= 1.0
    assert result.relevant == (result.score >= 0.5)
    seen = set()
    for finding in result.findings:
        assert finding.status is None or finding.status in STATUSES
        assert 0.0 <= finding.confidence <= 1.0
        assert finding.iso2 not in seen  # one finding per country
        seen.add(finding.iso2)
        if not result.relevant:
            assert finding.status is None
    result.as_json(explain=True)


@settings(max_examples=200, deadline=None)
@given(title=st.text(), summary=st.text())
def test_plain_text_never_raises(title: str, summary: str) -> None:
    result = classify(title, summary)
    assert 0.0 <= result.score <= 1.0
    assert all(f.status is None or f.status in STATUSES for f in result.findings)


def test_a_subordinate_clause_and_a_country_deep_in_the_standfirst_give_nothing() -> None:
    # "As Britain was banning ...": background to the news; a country named late in the
    # standfirst does not stand in for the title's missing actor.
    result = classify(
        "Huawei finds a warm welcome for its 5G kit in Africa",
        "As Britain was banning Huawei from its 5G networks last month, the vendor was "
        "powering commercial 5G services elsewhere.",
        0.5,
    )
    assert not [f for f in result.findings if f.status]
    result = classify(
        "Huawei signs a 5G deal",
        "The Chinese vendor, believed a hazard in America, signed a deal with a telecom firm.",
        0.5,
    )
    assert not [f for f in result.findings if f.status]
    # A standfirst that opens with its country still names the actor.
    result = classify(
        "Regulator bars Huawei from 5G core network",
        "Taiwan's telecoms regulator bars operators from using Huawei core network equipment.",
        0.5,
    )
    assert {(f.iso2, f.status) for f in result.findings if f.status} == {("TW", Status.RESTRICTED)}
