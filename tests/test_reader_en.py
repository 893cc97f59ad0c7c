"""The English reader, one table per kind of construction (issue 11, "Read the clause").

Every sentence here is constructed for the test (none is a labelled headline): each table
covers a general way English news reports a decision, so the rules cannot just fit the
labelled set. ``None``: the country is named but gets no status.
"""

from __future__ import annotations

import pytest

from bot.news.classify import classify

B, R, U, A, P = "banned", "restricted", "under_review", "allowed", "partner"

Expected = dict[str, str | None]


def check(title: str, summary: str, expected: Expected, home: str | None = None) -> None:
    """Every expected country has the expected status; no other country has any status."""
    result = classify(title, summary, home=home)
    if any(status is not None for status in expected.values()):
        assert result.relevant, f"not relevant ({result.score:.2f}): {title}"
    found = {f.iso2: f.status for f in result.findings}
    for iso2, status in expected.items():
        assert found.get(iso2) == status, f"{iso2}: {found.get(iso2)} != {status}: {title}"
    extra = {k: v for k, v in found.items() if v is not None and k not in expected}
    assert not extra, f"unexpected statuses {extra}: {title}"


# Exclusion in other words: verbs, phrasal verbs split by their object, closed doors, a
# vendor missing from a list, an authorisation refused.
EXCLUSION = [
    ("Finland outlaws Huawei 5G equipment", "", {"FI": B}),
    ("Greece shuts Huawei out of 5G", "", {"GR": B}),
    ("Norway freezes out Huawei from its 5G networks", "", {"NO": B}),
    ("Slovenia kicks Huawei out of its 5G network", "", {"SI": B}),
    ("Vietnam shuts the door on Huawei for 5G", "", {"VN": B}),
    ("India says no to Huawei in 5G rollout", "", {"IN": B}),
    ("Romania refuses Huawei authorisation for 5G", "", {"RO": B}),
    ("No place for Huawei in Czech 5G networks", "", {"CZ": B}),
    ("Huawei frozen out of Estonian 5G", "", {"EE": B}),
    ("Huawei ruled out of Danish 5G network", "", {"DK": B}),
    ("Huawei not among approved 5G vendors in India", "", {"IN": B}),
    ("Huawei missing from list of 5G trial vendors in India", "", {"IN": B}),
    ("Operators in India get 5G trial spectrum; no Chinese vendors", "", {"IN": B}),
    ("Pakistan doesn't name Huawei among participants in 5G trials", "", {"PK": B}),
    ("Bulgaria bans Chinese-made equipment from 5G networks", "", {"BG": B}),
    ("Taiwan keeps ban on China-made telecom gear in 5G", "", {"TW": B}),
    ("Huawei equipment will not be used in Britain's 5G network", "", {"GB": B}),
    ("Japan asks operators to avoid Huawei gear", "", {"JP": B}),
    ("Japan tells operators not to use Huawei gear", "", {"JP": B}),
    ("UK government: Huawei equipment must go by 2027", "", {"GB": B}),
    ("Poland gives operators until 2027 to remove Huawei", "", {"PL": B}),
    ("Estonia bans 'high-risk' 5G equipment", "", {"EE": B}),
    ("Germany avoids a Huawei ban", "", {"DE": A}),
    ("Italy refrains from banning Huawei", "", {"IT": A}),
    ("Austria shies away from a Huawei ban", "", {"AT": A}),
    ("Germany will not allow Huawei in its 5G core", "", {"DE": R}),
    # "says no to a ban" is no ban; a door left open is no exclusion.
    ("Austria says no to a Huawei ban", "", {"AT": A}),
]

# No ban, in other words: a ban or a plan rejected, shelved, dropped; a door left open.
NO_BAN = [
    ("Argentina rejects ban on Huawei", "", {"AR": A}),
    ("Spain shelves plans to ban Huawei", "", {"ES": A}),
    ("Poland drops plan to exclude Huawei", "", {"PL": A}),
    ("Italy backs away from Huawei ban", "", {"IT": A}),
    ("Chile leaves the door open to Huawei in 5G auction", "", {"CL": A}),
    ("Huawei free to bid in Brazil's 5G auction", "", {"BR": A}),
    ("Panama opens 5G tender to Huawei", "", {"PA": A}),
    # A state that keeps working with the vendor on 5G works with it itself: a partner
    # (DESIGN.md, "partner"); an operator doing so is its own choice.
    ("Kenya says it will keep working with Huawei on 5G", "", {"KE": P}),
    ("Zambia to continue working with Huawei on 5G, minister says", "", {"ZM": P}),
    ("Safaricom will keep working with Huawei on 5G", "", {"KE": None}),
    ("Greece open to Chinese equipment in its 5G networks", "", {"GR": A}),
    ("Portugal remains open to Huawei in 5G", "", {"PT": A}),
    ("Huawei stays in Hungary's 5G, minister says", "", {"HU": A}),
    ("Huawei not banned, says Austrian government", "", {"AT": A}),
    (
        "Poland publishes its 5G rules",
        "The government does not envisage any blockades for any supplier.",
        {"PL": A},
    ),
    ("Germany's Merkel resists calls to ban Huawei", "", {"DE": A}),
    ("Brazil resists US pressure, lets Huawei bid for 5G", "", {"BR": A, "US": None}),
    ("Philippines says Huawei poses no security risk, allows 5G role", "", {"PH": A}),
    ("Germany gives Huawei the nod for 5G", "", {"DE": A}),
    ("Huawei gets the go-ahead in Hungary's 5G", "", {"HU": A}),
    ("Huawei gets UK 5G role despite US warnings", "", {"GB": A, "US": None}),
    ("South Africa embraces Huawei for 5G", "", {"ZA": A}),
    ("Kenya stands by Huawei despite US warnings", "", {"KE": A, "US": None}),
    ("UK stands by Huawei decision", "", {"GB": None}),
    ("Thailand's regulator says Huawei can join 5G auction", "", {"TH": A}),
    ("Chile's new 5G auction rules put Huawei back in the running", "", {"CL": A}),
    # "US, EU lean on" a country: their wish, not its decision.
    ("Big powers lean hard on Malaysia to keep out Huawei from 5G", "", {"MY": None}),
    # Not a double negation: "does not rule out using" is no exclusion.
    ("India does not rule out using Huawei for 5G networks", "", {"IN": None}),
]

# Modality: a wish is no decision; a government only thinking about a ban ("weighs", "eyes",
# "plans to", "may") is speculation, no finding (DESIGN.md, the lead's decision); a formal
# step (a move, a legislature considering, a proposal or bill considered) is under review.
MODALITY = [
    ("Denmark wants to ban Huawei from 5G", "", {"DK": None}),
    ("Germany 'does not want to ban Huawei' from its 5G networks", "", {"DE": A}),
    ("Japan moves to ban Huawei from 5G", "", {"JP": U}),
    ("Poland seeks to ban Huawei from 5G", "", {"PL": None}),
    ("Finland is thinking about banning Huawei", "", {"FI": None}),
    ("Ireland looks at excluding Huawei from 5G", "", {"IE": None}),
    ("Norway mulls excluding Huawei from its 5G networks", "", {"NO": None}),
    ("Estonia eyes a ban on Chinese 5G equipment", "", {"EE": None}),
    ("Latvia plans to bar Huawei from 5G", "", {"LV": None}),
    ("Portugal is set to consider restricting Huawei in 5G", "", {"PT": None}),
    ("Chile plans a Huawei ban in 5G", "", {"CL": None}),
    ("Hungary contemplating curbs on Huawei 5G gear", "", {"HU": None}),
    ("Belgium may ban Huawei from its 5G network", "", {"BE": None}),
    # The thinking of a legislature, or about a text that exists, is a formal step.
    ("Slovak parliament considers banning Huawei from 5G", "", {"SK": U}),
    ("Croatia weighs a bill to exclude Huawei from 5G networks", "", {"HR": U}),
    ("Bulgaria mulls a proposal to bar high-risk vendors", "", {"BG": U}),
    # The thinking is over: a decision.
    ("After weighing it for a year, Lithuania decided to ban Huawei from 5G", "", {"LT": B}),
    # A formal step beside the musing is read on its own.
    (
        "Greece weighs barring Huawei from 5G",
        "The government opened a public consultation on vendor security rules.",
        {"GR": U},
    ),
    ("Canada edges closer to Huawei ban", "", {"CA": U}),
    ("Britain nears decision to ban Huawei", "", {"GB": U}),
    ("A Huawei ban would endanger Germany's 5G rollout, operators warn", "", {"DE": None}),
    # A ban as the subject of its effects is background; a change of course is no reversal.
    ("UK Huawei ban to delay 5G by three years, operators say", "", {"GB": None}),
    ("Britain reverses course, will strip Huawei from 5G by 2027", "", {"GB": B}),
]

# Scope decides the level: caps, shares, "only in", "but not in", conditions, hurdles.
SCOPE = [
    ("UK caps Huawei market share at 35%", "", {"GB": R}),
    ("France caps Huawei's share of 5G networks", "", {"FR": R}),
    ("Norway allows Huawei only in the radio access network", "", {"NO": R}),
    ("Brazil allows Huawei in 5G but not in government network", "", {"BR": R}),
    ("Italy imposes conditions on Huawei 5G deals", "", {"IT": R}),
    ("Italy uses golden power to set conditions on Huawei 5G contract", "", {"IT": R}),
    ("Germany passes IT security law with high hurdles for Huawei", "", {"DE": R}),
    ("Japan effectively bans Huawei from government 5G contracts", "", {"JP": R}),
    # Public procurement only: a restriction; with the operators following suit, a ban.
    ("Japan excludes Huawei, ZTE from government procurement", "", {"JP": R}),
    (
        "Japan excludes Huawei, ZTE from government procurement",
        "The three major operators are expected to follow suit.",
        {"JP": B},
    ),
    # One operator's deal stopped by the state: a restriction; all operators: a ban.
    ("Italy vetoes Fastweb deal with Huawei", "", {"IT": R}),
    (
        "Huawei kept out of Indian 5G trials",
        "India excluded the Chinese vendors from trials with Jio, Airtel and BSNL.",
        {"IN": B},
    ),
    ("Italy's government will limit Huawei to non-core parts of its 5G network", "", {"IT": R}),
    # "limited" as an adjective restricts nothing.
    ("Germany has limited options on Huawei 5G equipment in its networks", "", {"DE": None}),
]

# Formal steps: what a bill or law would do, a power to exclude, audits, declarations and the
# initiatives countries join (each co-signatory; the venue and the pact's purpose are not).
FORMAL = [
    ("Cabinet approves bill that could ban Huawei in Poland", "", {"PL": U}),
    ("Draft law would let Poland exclude Huawei", "", {"PL": U}),
    (
        "Czech government approves bill on vendor screening",
        "The bill would allow the state to exclude high-risk suppliers such as Huawei from 5G.",
        {"CZ": U},
    ),
    ("Parliament passes law allowing ban on Huawei in Sweden", "", {"SE": R}),
    (
        "Latvian parliament passes law banning Huawei",
        "The law now goes to the president for signature.",
        {"LV": U},
    ),
    (
        "Home of Nokia passes 5G security law",
        "Finland's parliament approved a law letting authorities bar network gear that "
        "endangers national security.",
        {"FI": R},
    ),
    ("Netherlands orders audit of Huawei equipment in telecom networks", "", {"NL": U}),
    # A vetting law in force: an approval regime, a restriction.
    ("Latvian parliament passes law for security reviews of Huawei 5G gear", "", {"LV": R}),
    ("Albania, US sign 5G technology coordination agreement", "", {"AL": U, "US": None}),
    (
        "Lithuania's 5G choice",
        "Lithuania's parliament is debating a new telecoms law. Huawei would be excluded.",
        {"LT": U},
    ),
    (
        "A new law for Latvia's networks",
        "Latvia is expected to introduce a bill which could exclude Huawei from 5G networks.",
        {"LV": U},
    ),
    ("Ireland publishes bill to ban high-risk 5G vendors", "", {"IE": U}),
    ("Estonia signs Clean Network declaration", "", {"EE": U}),
    ("Latvia endorses Prague Proposals on 5G security", "", {"LV": U}),
    ("Slovakia signs up to Clean Network", "", {"SK": U}),
    ("Romania and US sign 5G memorandum", "", {"RO": U, "US": None}),
    ("Latvia signs joint statement with US on 5G security", "", {"LV": U, "US": None}),
    (
        "Bulgaria, Kosovo, North Macedonia join US Clean Network initiative",
        "",
        {"BG": U, "XK": U, "MK": U, "US": None},
    ),
    (
        "Bulgaria, Kosovo, North Macedonia join US initiative to keep Huawei out of 5G",
        "",
        {"BG": U, "XK": U, "MK": U, "US": None},
    ),
    ("US, Albania welcome agreement on 'trustworthy' 5G", "", {"AL": U, "US": None}),
    (
        "Albania and US agree on 5G",
        "Albania's prime minister signed a 5G security memorandum with the US in Brussels.",
        {"AL": U, "US": None, "EU": None},
    ),
]

# Who acts: the country joined, followed, imitated or defied is not; nor the one whose
# decision someone reacts to; every country of a listed subject is.
WHO_ACTS = [
    ("Sweden joins UK in banning Huawei", "", {"SE": B, "GB": None}),
    ("Sweden joins Britain, Australia in banning Huawei", "", {"SE": B, "GB": None, "AU": None}),
    ("Belgium will not join UK in banning Huawei", "", {"BE": A, "GB": None}),
    ("France follows Britain in restricting Huawei", "", {"FR": R, "GB": None}),
    ("Poland follows US lead, excludes Huawei from 5G", "", {"PL": B, "US": None}),
    ("Italy, like Germany, declines to ban Huawei", "", {"IT": A, "DE": None}),
    ("Germany defies US, allows Huawei in 5G", "", {"DE": A, "US": None}),
    ("Hungary breaks with EU, welcomes Huawei 5G", "", {"HU": A, "EU": None}),
    ("Despite US pressure, Hungary welcomes Huawei", "", {"HU": A, "US": None}),
    ("China condemns Sweden's ban on Huawei", "", {"SE": None, "CN": None}),
    ("China slams UK decision to ban Huawei", "", {"GB": None, "CN": None}),
    ("US hails Estonia's Huawei ban", "", {"EE": None, "US": None}),
]

# Operators and the state: a state-owned operator acts for its state, a private one's deal is
# a finding only where the state signs; a 4G deal is not 5G policy.
OPERATORS = [
    ("Huawei awarded BTCL's 5G readiness project", "", {"BD": P}),
    ("Cambodia to build 5G with Huawei, PM says", "", {"KH": P}),
    # Private operators' deals, whether named by the gazetteer or as "operator": no finding.
    ("Huawei signs 5G deal with Batelco", "", {"BH": None}),
    ("Huawei signs 5G deal with Kuwaiti operator Zain", "", {"KW": None}),
    ("Ethiopia's state operator signs 5G deal with Huawei", "", {"ET": P}),
    ("Nepal launches 5G via state-owned operator on Huawei equipment", "", {"NP": P}),
    ("Vodafone launches 5G in Spain on Huawei equipment", "", {"ES": None}),
    # Operators that undergo a ban do not act: the country bans.
    ("Chilean telecom firms caught in Huawei ban crisis", "", {"CL": B}),
    # A state operator that runs the country's networks excludes for its state (DESIGN.md);
    # a private operator's choice of another vendor is its own.
    ("Vietnam's VNPT drops Huawei from its 5G plans", "", {"VN": B}),
    ("Tele-Post picks Nokia over Huawei for Greenland's 5G", "", {"GL": B}),
    ("Telia picks Ericsson over Huawei for 5G in Norway", "", {"NO": None}),
    ("Telia and Huawei sign agreement on 5G in Norway", "", {"NO": None}),
    # A deal that is not about 5G (or the next generation) is no 5G partnership.
    ("Fiji signs deal with Huawei to build mobile towers", "", {"FJ": None}),
    ("Fiji signs deal with Huawei to build next-generation networks", "", {"FJ": P}),
    (
        "Vodafone and Huawei sign 5G deal",
        "The agreement was signed by the prime minister of Albania and Huawei's chairman.",
        {"AL": P},
    ),
    (
        "Operator ditches Huawei",
        "After years of doubt, Grameenphone announced it will drop Huawei as its 5G supplier.",
        {"BD": None},
    ),
    (
        "Huawei to build 4G network in Cambodia",
        "The government signed a deal with Huawei to expand 4G coverage.",
        {"KH": None},
    ),
]

# No finding: explainers, opinion, the vendor's own words.
NO_FINDING = [
    ("What the UK's Huawei ban means for operators", "", {"GB": None}),
    ("How Britain decided to ban Huawei from 5G", "", {"GB": None}),
    ("The UK was right to ban Huawei", "", {"GB": None}),
    ("Huawei vows to fight Swedish ban", "", {"SE": None}),
    ("Huawei's response to the UK ban", "", {"GB": None}),
    ("UK's Huawei ban: what happens next", "", {"GB": None}),
    ("UK's Huawei ban was a mistake, says former minister", "", {"GB": None}),
    (
        "Huawei ban: major economies that have not banned Huawei",
        "The US bans Huawei.",
        {"US": None},
    ),
    (
        "Court suspends regulation excluding Huawei from 5G",
        "A court has suspended the Peruvian rules that exclude Huawei from 5G networks.",
        {"PE": None},
    ),
    ("Fallout from Sweden's Huawei ban widens", "", {"SE": None}),
    ("Operators count cost of Huawei removal in UK", "", {"GB": None}),
]

# Partners: talk of a deal is no deal; a network deployed by the vendor for a state operator
# is the state's partnership, for a private one no finding.
TALKS_AND_DEPLOYMENTS = [
    ("Azerbaijan and Huawei discuss 5G cooperation", "", {"AZ": None}),
    ("Serbian government in talks with Huawei on a 5G partnership", "", {"RS": None}),
    ("Mongolia weighs a 5G deal with Huawei", "", {"MN": None}),
    ("Serbian government signs 5G cooperation deal with Huawei", "", {"RS": P}),
    (
        "Ethio Telecom launches Ethiopia's 5G network",
        "The network was deployed by China-based Huawei Technologies.",
        {"ET": P},
    ),
    (
        "Safaricom launches Kenya's 5G network",
        "The network was deployed by China-based Huawei Technologies.",
        {"KE": None},
    ),
    # A rivalry of two powers is no actor; an industry avoiding a boycott bans nothing;
    # being wary of the vendor is no formal step; a phase-out planned is only planned.
    ("The US-China tech rivalry can't stop Huawei", "", {"US": None}),
    ("Finnish operators have avoided Huawei's boycott", "", {"FI": None}),
    ("India still wary of Huawei in 5G", "", {"IN": None}),
    ("Sweden sceptical of Huawei's 5G pledges", "", {"SE": None}),
    ("EU plans phase-out of high-risk suppliers from 5G", "", {"EU": None}),
]

# An approval regime with no vendor named (DESIGN.md): a law, directive or rules letting an
# authority vet or ban telecom equipment or providers is restricted in force, under review as
# a bill; such an article is relevant without the vendor's name.
REGIMES = [
    ("Latvia passes law to vet telecom network equipment for security", "", {"LV": R}),
    ("Latvia approves law allowing bans on telecoms gear on security grounds", "", {"LV": R}),
    ("Latvian government tables bill to screen telecom equipment suppliers", "", {"LV": U}),
    ("Kenya issues directive: only 'trusted' equipment in 5G networks", "", {"KE": R}),
    ("Latvia passes law to ban Huawei from 5G", "", {"LV": B}),
]

# The standfirst when the title is vague: its subject, national press's unnamed government
# (the outlet's home), and a region's story (its countries are examples, not the news).
STANDFIRST = [
    (
        "Huawei excluded from 5G networks",
        "On Tuesday, the UK government announced its decision.",
        {"GB": B},
    ),
    (
        "Huawei banned from 5G networks",
        "The decision by Sweden's regulator PTS follows a security review.",
        {"SE": B},
    ),
    (
        "Huawei excluded from 5G networks",
        "In a blow to Huawei, Britain said on Tuesday it had decided.",
        {"GB": B},
    ),
    (
        "Huawei: government decision on 5G rollout delayed",
        "The implication of the recent US ban on dealing with Huawei was not clear.",
        {"US": None},
    ),
    (
        "Another blow for Huawei",
        "Following a months-long review, the Swedish government decided to exclude Huawei.",
        {"SE": B},
    ),
    (
        "Huawei hit by new rules",
        "New French rules will phase Huawei out of 5G networks by 2028, officials said.",
        {"FR": R},
    ),
    # Under a title naming the vendor, "the company" in the standfirst is the vendor.
    (
        "Huawei suffers setback in Sweden",
        "Sweden's regulator said the company will be excluded from the 5G auction.",
        {"SE": B},
    ),
    ("Germany passes law to bar untrustworthy 5G suppliers", "", {"DE": B}),
    (
        "Big day for Huawei in Europe",
        "Germany's cabinet approved rules that let Huawei supply 5G gear under strict conditions.",
        {"DE": R},
    ),
    (
        "5G auctions in the region do not shut out Huawei, as Latin American countries defy US",
        "Only Costa Rica has banned Chinese technology; other countries allow it.",
        {"CR": None, "US": None},
    ),
    # Under a title with no finding of its own, a standfirst sentence adds one only about its
    # subject, not about a country it reports on, nor each of a list of countries, nor from a
    # mere description of use.
    ("A setback for Huawei", "Latvia has banned Huawei equipment from its 5G networks.", {"LV": B}),
    (
        "A setback for Huawei",
        "Officials in Poland say Latvia has banned Huawei equipment from its 5G networks.",
        {"PL": None, "LV": None},
    ),
    (
        "A setback for Huawei",
        "Latvia, Estonia and Lithuania have banned Huawei equipment from 5G networks.",
        {"LV": None, "EE": None, "LT": None},
    ),
    (
        "A good week for Huawei",
        "Nepal's government is using Huawei equipment in its 5G networks.",
        {"NP": None},
    ),
    ("Nepal's government is using Huawei equipment in its 5G networks", "", {"NP": A}),
    (
        "A good week for Huawei",
        "Nepal's government will allow Huawei to supply its 5G networks, the minister said.",
        {"NP": A},
    ),
]


# A formal step short of a decision (DESIGN.md): a review, probe, inquiry, screening or
# consultation; a bill, draft law or legislation at any stage short of law; a decision still
# to come; a panel set up; a vendor-approval regime while a bill (a restriction once law).
STEPS = [
    ("Sweden orders review of Huawei role in 5G networks", "", {"SE": U}),
    ("Canada reviewing Huawei's role in 5G", "", {"CA": U}),
    ("Huawei's 5G role under review in Canada", "", {"CA": U}),
    ("Norway probes Huawei role in 5G network", "", {"NO": U}),
    ("Norway launches probe into Huawei 5G gear", "", {"NO": U}),
    ("Italy opens investigation into 5G equipment from Chinese suppliers", "", {"IT": U}),
    ("Indian government to vet Huawei, ZTE equipment for 5G", "", {"IN": U}),
    ("Netherlands examines Huawei 5G risks", "", {"NL": U}),
    ("Belgium's cyber agency re-examines Huawei 5G gear", "", {"BE": U}),
    ("Huawei under scrutiny in Belgium's 5G networks", "", {"BE": U}),
    ("Estonia tables bill to vet 5G suppliers such as Huawei", "", {"EE": U}),
    ("Czech cabinet approves draft law to screen Huawei 5G equipment", "", {"CZ": U}),
    ("Croatia unveils draft legislation on high-risk 5G vendors", "", {"HR": U}),
    ("Slovak bill on Huawei 5G gear passes first reading", "", {"SK": U}),
    ("Germany drafts rules to ban Huawei from 5G", "", {"DE": U}),
    ("Canada seeks public comment on 5G vendor rules", "", {"CA": U}),
    ("Canada invites comments on Huawei 5G rules", "", {"CA": U}),
    ("Canada to decide on Huawei 5G role after election", "", {"CA": U}),
    ("Canada's decision on Huawei expected next month", "", {"CA": U}),
    ("Canada still undecided on Huawei 5G", "", {"CA": U}),
    ("Germany puts off decision on Huawei until next year", "", {"DE": U}),
    ("India sets up panel to study Huawei's role in 5G", "", {"IN": U}),
    (
        "Romania drafts law requiring approval for 5G vendors",
        "Huawei could be affected.",
        {"RO": U},
    ),
    # Law: an approval regime in force restricts.
    (
        "Romania passes law requiring government approval for 5G suppliers",
        "The law is aimed at Huawei.",
        {"RO": R},
    ),
    # A criminal case is no policy review; "time to decide" is no headline future.
    ("FBI investigation into Huawei finds fraud near 5G towers in US", "", {"US": None}),
    (
        "Telkom Indonesia in no hurry on 5G",
        "Indonesia's 5G is years away, giving operators time to decide on Huawei.",
        {"ID": None},
    ),
    # Declarations in every tense; a step refused is none.
    ("Romania to sign 5G security memorandum with US", "", {"RO": U, "US": None}),
    ("5G memorandum signed by Romania and the US", "", {"RO": U, "US": None}),
    ("Romania becomes latest country to join Clean Network", "", {"RO": U}),
    ("Romania backs Prague Proposals on 5G security", "", {"RO": U, "CZ": None}),
    ("Romania refuses to sign 5G memorandum with US", "", {"RO": None, "US": None}),
    ("Romania will not join Clean Network", "", {"RO": None}),
    # A review one country urges on another is the urger's wish; one ordered at home is a step.
    ("US senators urge inquiry into Spain's 5G deal with Huawei", "", {"ES": None, "US": None}),
    ("Danish PM orders security agency to review Huawei 5G gear", "", {"DK": U}),
    # A bill is never "upheld": an act's name is not an enactment.
    (
        "US House panel backs bills on Huawei gear",
        "Members praised the Upholding Secure Networks Act and four other network security bills.",
        {"US": U},
    ),
    # The vendor's own warning is no review.
    (
        "Huawei writes to Danish PM",
        "Huawei's Denmark chief wrote to the PM warning against special security rules.",
        {"DK": None},
    ),
]

# A ban named as a noun is decided only when its frame says so: a wish or an open question
# gives nothing, a step gives under review (en.toml, [frames]).
NOUN_FRAMES = [
    ("Huawei ban looms in Germany", "", {"DE": None}),
    ("Germany's interior ministry wants a Huawei ban", "", {"DE": None}),
    ("Germany's CDU backs a Huawei ban", "", {"DE": None}),
    ("Germany's Huawei ban debate heats up", "", {"DE": None}),
    ("UK's Huawei ban faces legal challenge", "", {"GB": None}),
    ("Germany's Huawei ban angers China", "", {"DE": None, "CN": None}),
    ("Germany's ban on Huawei gear is imminent, sources say", "", {"DE": None}),
    ("Calls grow for Germany to ban Huawei", "", {"DE": None}),
    ("Germany to decide on Huawei ban next month", "", {"DE": U}),
    ("German MPs to vote on Huawei ban", "", {"DE": U}),
    # Floating or considering one is only thinking about it: speculation, no finding.
    ("Germany floats Huawei ban", "", {"DE": None}),
    ("Austria considers a ban on Huawei 5G kit", "", {"AT": None}),
    ("Germany leaning towards Huawei ban", "", {"DE": U}),
    ("Huawei ban puts UK 5G rollout at risk", "", {"GB": None}),
    ("Huawei ban leaves UK operators with a bill of billions", "", {"GB": None}),
    ("UK Huawei ban means slower 5G", "", {"GB": None}),
    ("UK defends Huawei ban against Chinese criticism", "", {"GB": None, "CN": None}),
    ("Five things to know about the UK Huawei ban", "", {"GB": None}),
    ("UK ban on Huawei: timeline", "", {"GB": None}),
    ("UK Huawei ban one year on", "", {"GB": None}),
    # A decided ban stays one; a verb is no noun ("ready to ban").
    ("UK bans Huawei, leaves operators until 2027 to remove its kit", "", {"GB": B}),
    ("Germany confirms Huawei ban", "", {"DE": B}),
    ("Government proposal allows ban on high-risk vendors from 5G networks", "", {}),
    ("Spain does not rule out Huawei ban", "", {"ES": None}),
]

# Who acts and what they allow: a fronted phrase's country is background; approving or
# clearing the vendor allows it; the state's words are not the company's.
MORE_ACTORS = [
    ("Following Britain, Sweden bans Huawei", "", {"SE": B, "GB": None}),
    ("After UK ban, France moves to restrict Huawei", "", {"FR": U, "GB": None}),
    ("Hungary rebuffs US, says Huawei can build 5G", "", {"HU": A, "US": None}),
    ("Hungary approves Huawei 5G role", "", {"HU": A}),
    ("Philippines regulator clears Huawei for 5G", "", {"PH": A}),
    ("Huawei to help build Zimbabwe's 5G network, government says", "", {"ZW": P}),
    (
        "German cabinet approves IT security law",
        "The law could be used to exclude Huawei from 5G networks.",
        {"DE": U},
    ),
    (
        "Singapore operators pick Nokia and Ericsson over Huawei for 5G",
        "No vendor was excluded by the government.",
        {"SG": A},
    ),
    (
        "Poland could exclude Huawei, minister hints",
        "The government has tabled a bill on 5G vendor screening that names Huawei.",
        {"PL": U},
    ),
    # Licences not renewed or limited in time phase the vendor out: a restriction; the
    # passive of an order to operators is the state's decision; a scope with a qualifier.
    ("France won't renew Huawei 5G licences", "", {"FR": R}),
    ("France grants limited licences for Huawei 5G antennas", "", {"FR": R}),
    ("France limits Huawei licences to eight years", "", {"FR": R}),
    ("Operators in France told to avoid Huawei", "", {"FR": B}),
    ("Netherlands bans Huawei from sensitive 5G parts", "", {"NL": R}),
    ("Germany allows Huawei in 5G with tougher security requirements", "", {"DE": R}),
    ("Belgium cuts Huawei role in 5G networks", "", {"BE": R}),
    # An imperative is someone's call.
    ("Ban Huawei, says German MP", "", {"DE": None}),
    # Relevance: a court case against people, a 4G deal with no exclusion.
    ("Canada releases Huawei executive after prosecutors drop charges", "", {"CA": None}),
    ("Cambodia signs deal with Huawei for 4G coverage", "", {"KH": None}),
]


def test_relevance_of_people_and_older_networks() -> None:
    assert not classify("Huawei executive arrested in Poland on spying charges").relevant
    assert not classify("Huawei opens 4G network in Cambodia with government").relevant
    assert classify("Poland bans Huawei from 4G and 5G networks").relevant
    assert classify("Chile snubs US, opens door to Huawei").relevant
    # The vendor and a country in a title: its standing there; a 5G security law: a topic.
    assert classify("Huawei: friend or foe of Peru?").relevant
    assert not classify("Huawei: friend or foe?").relevant
    assert classify("Senate approves 5G security law for mobile networks").relevant


@pytest.mark.parametrize(
    ("title", "summary", "expected"),
    EXCLUSION
    + NO_BAN
    + MODALITY
    + SCOPE
    + FORMAL
    + WHO_ACTS
    + OPERATORS
    + NO_FINDING
    + STANDFIRST
    + TALKS_AND_DEPLOYMENTS
    + REGIMES
    + STEPS
    + NOUN_FRAMES
    + MORE_ACTORS,
)
def test_english_constructions(title: str, summary: str, expected: Expected) -> None:
    check(title, summary, expected)


def test_an_unnamed_government_is_the_outlets_home() -> None:
    title = "Government proposal allows ban on high-risk vendors from 5G networks"
    summary = "The Government has introduced proposals to let it ban Huawei from 5G networks."
    check(title, summary, {"IE": U}, home="IE")
    check(title, summary, {})  # no home: no country to give the finding to
    # A country named: the home is not needed (and not asked for).
    asked: list[str] = []

    def home() -> str:
        asked.append("home")
        return "IE"

    result = classify("Sweden bans Huawei from 5G", "", home=home)
    assert {f.iso2: f.status for f in result.findings} == {"SE": B}
    assert not asked
