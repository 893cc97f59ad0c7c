"""Which articles matter, which countries they are about, and which status they report.

Plain rules over plain text, explainable: every finding carries the words that triggered it.
The same function serves the pipeline, ``python -m bot classify`` and the evaluation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import countries

# -- lexicon --------------------------------------------------------------------------------

_VENDOR = re.compile(
    r"\b(huawei|zte|high[- ]risk (?:vendor|supplier|provider)s?|untrusted (?:vendor|supplier)s?|"
    r"chinese (?:vendor|supplier|telecom equipment|equipment|gear|kit)s?|rip[- ]and[- ]replace|"
    r"covered list)\b",
    re.IGNORECASE,
)
_NETWORK = re.compile(
    r"\b(5g|6g|4g|network|networks|telecoms?|telecommunications?|mobile operators?|carriers?|"
    r"operators?|equipment|gear|kit|infrastructure|core|radio access|ran|base stations?|"
    r"wireless|broadband|backbone|spectrum|mobile networks?)\b",
    re.IGNORECASE,
)
_POLICY = re.compile(
    r"\b(ban|bans|banned|banning|bar|bars|barred|barring|exclude[sd]?|excluding|exclusion|"
    r"restrict(?:s|ed|ing|ions?)?|review|reviews|security|national security|government|"
    r"regulators?|law|laws|bill|legislation|decision|decides?|phase[- ]out|phasing out|"
    r"remove|removal|rip out|strip out|replace|contracts?|deals?|agreements?|licen[cs]es?|"
    r"approv\w+|allow\w*|block\w*|blacklist\w*|entity list|sanction\w*|prohibit\w*|"
    r"minister\w*|parliament|lawmakers|senate|congress|fcc|ofcom|vendors?|suppliers?|"
    r"trusted|risk|spy|spying|espionage|backdoor\w*|memorandum|mou|partner\w*)\b",
    re.IGNORECASE,
)
_OFF_TOPIC = re.compile(
    r"\b(smartphones?|phones?|handsets?|harmonyos|mate ?\d+|p\d0|pura|nova|foldable|laptops?|"
    r"tablets?|watch|earbuds|wearables?|earnings|quarterly|revenue|profits?|sales|kirin|"
    r"chips?|semiconductors?|tiktok|wechat|meng wanzhou|extradition|app store|google apps|"
    r"android|ev|electric vehicles?|cars?)\b",
    re.IGNORECASE,
)

# Status cues, most specific first. Each is (status, pattern, weight, label).
_CUES: tuple[tuple[str, re.Pattern[str], float], ...] = tuple(
    (status, re.compile(pattern, re.IGNORECASE), weight)
    for status, pattern, weight in (
        # "allowed" first: negated bans must not read as bans.
        (
            "allowed",
            r"\b(?:will not|won't|would not|does not|did not|not to|no plans? to|decides? against|"
            r"decided against|rules? out|ruled out|rejects?|declines? to|refuses? to)\s+"
            r"(?:\w+\s+){0,2}(?:ban|bar|exclude|block|restrict|shut out)",
            0.85,
        ),
        (
            "allowed",
            r"\b(?:allow(?:s|ed|ing)?|let(?:s|ting)?|green[- ]?light(?:s|ed)?|approv(?:es|ed)|"
            r"permit(?:s|ted)?|clears?|cleared|opens? (?:the )?door to)\s+(?:\w+\s+){0,3}"
            r"(?:huawei|zte)\b(?!.{0,40}\b(?:limited|core|cap|restrict))",
            0.7,
        ),
        ("allowed", r"\bno (?:ban|exclusion)\b", 0.7),
        (
            "restricted",
            r"\b(?:from|out of|in) (?:the |its |their |a |5g )*(?:core|sensitive|critical) "
            r"(?:\w+\s+){0,2}(?:network|parts|components|part|infrastructure|areas?)|"
            r"\bcore networks?\b.{0,40}\b(?:ban|bar|exclud|restrict|remove)|"
            r"\b(?:ban|bar|exclud\w*|restrict\w*|remov\w*)\b.{0,40}\bcore\b",
            0.8,
        ),
        (
            "restricted",
            r"\b(?:limited role|market[- ]share cap|cap(?:s|ped)? (?:on )?huawei|"
            r"35 ?(?:%|per ?cent)|non[- ]core|restrict(?:s|ed|ing|ions? on)? (?:\w+\s+){0,2}"
            r"(?:huawei|zte|high[- ]risk|chinese)|curb(?:s|ed)? (?:on )?(?:huawei|zte)|"
            r"phas(?:e|es|ed|ing) out|limits? (?:on )?(?:huawei|zte)|"
            r"trusted (?:vendor|source)s?)\b",
            0.7,
        ),
        (
            "banned",
            r"\b(?:ban(?:s|ned|ning)?|bar(?:s|red|ring)?|exclud(?:e|es|ed|ing)|blocks?|blocked|"
            r"prohibit(?:s|ed)?|shut(?:s|ting)? out|kicks? out|blacklist(?:s|ed)?|"
            r"forbid(?:s|den)?)\b\s+(?:\w+\s+){0,4}(?:huawei|zte|high[- ]risk|chinese)|"
            r"\b(?:huawei|zte)(?:\s+and\s+(?:huawei|zte))?\s+(?:\w+\s+){0,2}"
            r"(?:ban|banned|barred|excluded)\b|"
            r"\b(?:rip|strip|remove|removing|removal of)\s+(?:\w+\s+){0,3}(?:huawei|zte)\b|"
            r"\b(?:huawei|zte)\s+(?:\w+\s+){0,3}(?:removal|ripped out|stripped out)",
            0.8,
        ),
        (
            "under_review",
            r"\b(?:review(?:s|ing)?|reconsider\w*|assess(?:es|ing|ment)?|probe|probing|"
            r"investigat\w+|consult\w+|draft (?:law|bill|rules)|bill|legislation|"
            r"security (?:declaration|memorandum|agreement)|joint declaration|prague proposals|"
            r"clean network|consider(?:s|ing)?|weigh(?:s|ing)?|mulls?|mulling|study(?:ing)?)\b",
            0.6,
        ),
        (
            "partner",
            r"\b(?:huawei|zte)\s+(?:\w+\s+){0,2}(?:wins?|won|signs?|signed|awarded|secures?|"
            r"selected|chosen|partners?|teams? up|builds?|to build|deploys?|launch(?:es)?)\b|"
            r"\b(?:selects?|chooses?|picks?|taps?|partners? with|signs? (?:\w+\s+){0,3}with|"
            r"contract with|deal with|agreement with|mou with|memorandum with)\s+(?:\w+\s+){0,1}"
            r"(?:huawei|zte)\b",
            0.65,
        ),
    )
)

_HEDGE = re.compile(
    r"\b(may|might|could|considering|considers|weighing|weighs|mulls?|mulling|eyes|eyeing|"
    r"mooted|possible|potential|likely|expected to|reportedly|rumou?red|poised|mull)\b",
    re.IGNORECASE,
)
_URGE = re.compile(
    r"\b(urg(?:e|es|ed|ing)|press(?:es|ed|ing|ures?|ured|uring)?|push(?:es|ed|ing)?|"
    r"calls? on|called on|asks?|asked|warns?|warned|lobb(?:y|ies|ied|ying)|tells?|told|"
    r"threatens?|threatened|demands?|demanded)\b",
    re.IGNORECASE,
)
_OPERATOR = re.compile(
    r"\b(bt|ee|vodafone|telia|telenor|orange|deutsche telekom|telekom|t-mobile|proximus|kpn|"
    r"swisscom|telstra|optus|tpg|spark|rogers|bell|telus|verizon|at&t|sprint|o2|three|"
    r"telefonica|telefónica|tim|iliad|free|bouygues|sfr|elisa|dna|tele2|telenet|a1|"
    r"globe|smart|ais|true|dtac|maxis|celcom|digi|u mobile|airtel|jio|vodafone idea|"
    r"etisalat|e&|du|stc|zain|ooredoo|mtn|safaricom|claro|vivo|oi|movistar|entel|"
    r"softbank|ntt docomo|docomo|kddi|rakuten|sk telecom|kt|lg uplus|singtel|starhub|m1)\b",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(
    r"\b(government|govt|ministry|minister|ministers|cabinet|parliament|lawmakers|senate|"
    r"congress|regulator|authority|agency|court|law|bill|decree|officials?|state|president|"
    r"prime minister|pm|chancellor|white house|administration|fcc|ofcom|pts|bsi|nation|"
    r"country|national)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s+[-–—:]\s+|\n+")


@dataclass(frozen=True, slots=True)
class CountryFinding:
    iso2: str
    status: str | None  # one of the five statuses, or None when only mentioned
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Classification:
    relevant: bool
    score: float
    findings: tuple[CountryFinding, ...]
    evidence: tuple[str, ...] = field(default=())

    def as_json(self, explain: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
            "relevant": self.relevant,
            "score": round(self.score, 3),
            "countries": [
                {"iso2": f.iso2, "status": f.status, "confidence": round(f.confidence, 3)}
                | ({"evidence": list(f.evidence)} if explain else {})
                for f in self.findings
            ],
        }
        if explain:
            out["evidence"] = list(self.evidence)
        return out


def relevance(text: str) -> tuple[float, list[str]]:
    """A 0..1 score for how much the text is about Huawei/ZTE network policy, and why."""
    vendor = [m.group(0) for m in _VENDOR.finditer(text)]
    network = [m.group(0) for m in _NETWORK.finditer(text)]
    policy = [m.group(0) for m in _POLICY.finditer(text)]
    off = [m.group(0) for m in _OFF_TOPIC.finditer(text)]
    score = 0.0
    if vendor:
        score += 0.45
    if network:
        score += 0.25 if len(network) == 1 else 0.3
    if policy:
        score += 0.2 if len(policy) == 1 else 0.25
    if off:
        score -= 0.15 * min(len(off), 3) if len(policy) < 2 else 0.1
    if not vendor:
        score = min(score, 0.4)
    evidence = [f"vendor:{w}" for w in vendor[:3]] + [f"network:{w}" for w in network[:3]]
    evidence += [f"policy:{w}" for w in policy[:3]] + [f"off-topic:{w}" for w in off[:3]]
    return max(0.0, min(1.0, score)), evidence


def _clause_findings(clause: str, in_title: bool) -> dict[str, CountryFinding]:
    mentions = countries.find_mentions(clause)
    if not mentions:
        return {}
    found: dict[str, CountryFinding] = {}
    for m in mentions:
        found.setdefault(m.iso2, CountryFinding(m.iso2, None, 0.5, (f"{m.kind}:{m.term}",)))
    cue = None
    for status, pattern, weight in _CUES:
        match = pattern.search(clause)
        if match:
            cue = (status, match, weight)
            break
    if cue is None or not _VENDOR.search(clause):
        return found
    status, match, weight = cue
    evidence = [f"{status}:{match.group(0).strip()}"]
    # Attribution: "US urges UK to ban Huawei" — nobody in the clause decided anything.
    urge = _URGE.search(clause)
    if urge and urge.start() < match.start():
        return found
    hedge = _HEDGE.search(clause)
    new_status: str | None = status
    if hedge and status in ("banned", "restricted"):
        if re.search(r"\b(consider|weigh|mull|review)", hedge.group(0), re.IGNORECASE):
            new_status, weight = "under_review", 0.55
        else:
            new_status = None
        evidence.append(f"hedge:{hedge.group(0)}")
    elif hedge and status == "under_review" and hedge.group(0).lower() in ("may", "might", "could"):
        new_status = None
    # Operator versus government: an operator picking a vendor is not national policy.
    if new_status in ("banned", "restricted", "partner", "allowed"):
        operator = _OPERATOR.search(clause)
        government = _GOVERNMENT.search(clause)
        first = mentions[0]
        if (
            operator
            and not government
            and operator.start() < match.start()
            and (new_status != "partner" or first.start > operator.start())
        ):
            evidence.append(f"operator:{operator.group(0)}")
            new_status = None if new_status != "partner" else "allowed"
            weight = 0.5
    if new_status is None:
        return found
    # The subject: the last country named before the cue, else the first one after it.
    before = [m for m in mentions if m.start < match.start()]
    subject = before[-1] if before else mentions[0]
    if subject.iso2 == "CN" and len({m.iso2 for m in mentions}) > 1:
        others = [m for m in mentions if m.iso2 != "CN"]
        subject = others[0]
    confidence = min(0.99, weight + (0.1 if in_title else 0.0))
    found[subject.iso2] = CountryFinding(
        subject.iso2, new_status, confidence, (*evidence, f"subject:{subject.term}")
    )
    return found


def _better(new: CountryFinding, old: CountryFinding) -> bool:
    if new.status and not old.status:
        return True
    return bool(new.status and old.status and new.confidence > old.confidence)


def classify(title: str, summary: str = "", threshold: float = 0.5) -> Classification:
    """Classify one article. Never raises on any text."""
    title = title or ""
    summary = summary or ""
    text = f"{title}\n{summary}"
    score, evidence = relevance(text)
    relevant = score >= threshold
    merged: dict[str, CountryFinding] = {}
    for part, in_title in ((title, True), (summary, False)):
        for clause in _SENTENCE.split(part):
            if not clause.strip():
                continue
            for iso2, finding in _clause_findings(clause, in_title).items():
                prev = merged.get(iso2)
                if prev is None or _better(finding, prev):
                    merged[iso2] = finding
    findings = tuple(
        f if relevant else CountryFinding(f.iso2, None, f.confidence, f.evidence)
        for f in merged.values()
    )
    return Classification(relevant, score, findings, tuple(evidence))
