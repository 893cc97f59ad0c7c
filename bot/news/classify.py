"""Which articles matter, which countries they are about, and which status they report.

Plain rules over plain text, explainable: every finding carries the words that triggered it.
The same function serves the pipeline, ``python -m bot classify`` and the evaluation
(``python -m bot evaluate``).

How a finding is made, in order:

1. The title and the summary are cut into units (title clauses at dashes and semicolons,
   summary sentences), and the countries in them come from the one resolver
   (:func:`bot.countries.find_mentions`).
2. In each unit, *cues* are found: words that report a ban, a removal, a restriction, a review,
   a security declaration, an approval or a partnership. A cue counts only when it is about the
   vendor (Huawei, ZTE, "high-risk vendors", "Chinese equipment"...) as its object.
   Exclusion comes in many words ("outlaws", "shuts Huawei out of", "no place for", "not among
   the approved vendors", "refuses its authorisation"), and so does an allowance ("leaves the
   door open", "free to bid", "the go-ahead"); an allowance denied ("will not be used") is a ban.
3. Each cue is read in its context, looking back from the cue:
   *attribution* ("US urges UK to ban", "pressure to block") drops it: the urged country has
   decided nothing and the urger bans nothing at home (but "the EU tells its members to" is EU
   policy, and "Japan tells operators to remove" is a decision at home);
   *background* ("despite the US ban", "after Sweden banned", "China slams the UK's ban", a
   pact's purpose: "an initiative to keep Huawei out") drops it; *reversal* turns a ban
   into "allowed" ("lifts its ban", "shelves plans to ban") or drops it ("a court suspends the
   exclusion"); *negation* ("will not ban", "not excluding", "rules out", "resists calls to")
   turns a ban into "allowed";
   *deliberation* ("considering", "weighs", "paves the way to", "may ban") makes it
   "under_review"; *speculation* ("could", "would", "wants to", "leaks suggest") drops it, but
   what a bill or law would do ("a bill that could ban") is under review until enacted, and a
   power it gives ("a law allowing a ban") is a restriction once enacted; *scope* ("from the
   core", "public procurement", "a limited role", "caps its share", "only in", conditions, one
   operator's deal) turns a ban into "restricted".
4. The *subject* is the country acting: the nearest country named before the cue (for passive
   verbs, the place named after it: "banned in Australia"), never a country in a background or
   pressure phrase ("defying the US", "US allies"), never the country joined, followed or
   reacted to ("Sweden joins UK in banning"), never China (the vendors' home); every country of
   a listed subject ("A, B and C join ..."); with no country in the sentence, the article's main
   one, or for national press naming none, the outlet's home when a government acts. An
   *operator* as the actor (BT, SoftBank, "Canadian telcos") is a company's choice, not
   national policy: no status, unless it is obliged to act ("operators must remove"); its deal
   with Huawei is "partner" only with a state role (a state-owned operator, a government
   signing).
   A security declaration goes to each co-signatory but its promoter (the US).
5. The title decides what kind of article it is: a company statement ("Huawei says"), a legal
   challenge ("Huawei sues"), a funding programme ("rip-and-replace") give no status at all;
   pressure from abroad, speculation, an operator's choice or criticism ("under fire") in a
   title with no decision of its own make the summary background, not news; so does a region
   as the title's subject ("5G auctions in Latin America ..."). Explainers and opinion ("What
   the ban means", "was right to") give no status.
6. Per country the findings are resolved: an enacted law beats a bill; a bill at its stage
   ("government approves bill") means "under_review"; a scoped restriction beats a plain ban;
   a restriction beats "allowed with limits"; the title beats the summary, and the summary
   only refines the title's countries.

Relevance is a score from the vendor (or a vendor-policy topic such as "rip-and-replace"),
network and policy words, minus distractors (phones, chips, apps, earnings, the CFO's case),
which weigh most in the title. Statuses are read only for relevant articles.

Speed: patterns run on a lower-cased copy (no IGNORECASE), the cue pattern only where a cue
word starts, and per-sentence facts are computed once, lazily.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from bot import countries
from bot.news import lexicon, reader
from bot.news.pickling import fast_pickle
from bot.status import FINDING_RANK, Status

# -- lexicon --------------------------------------------------------------------------------

# Most patterns are written in lower case and run on a lower-cased copy of the text (the same
# length, so spans agree): far faster than IGNORECASE. The few that need case say so.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _wordset(words: str) -> frozenset[str]:
    """A lexicon written as space-separated words."""
    return frozenset(words.split())


def _lower(text: str) -> str:
    """Lower case, keeping the length (so spans in the copy are spans in the text)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


# The vendors, and phrases that stand for them.
_VENDOR = re.compile(
    r"\b(?:huawei|zte|(?:no|any) (?:single |one |particular |specific )?"
    r"(?:vendor|supplier|company|compan(?:y|ies)|firm)s?|"
    r"high[- ]risk'? (?:\w+[- ]){0,2}?(?:vendor|supplier|provider|equipment|gear|kit|component)s?|"
    r"'?(?:untrusted|untrustworthy|unreliable|risky|non-trusted)'? (?:\w+[- ]){0,2}?"
    r"(?:vendor|supplier|provider)s?|"
    r"(?:chinese|china's|chinese-made|china-made|chinese-built|china-built) (?:\w+[- ]){0,2}"
    r"(?:vendors?|suppliers?|providers?|companies|company|"
    r"firms?|manufacturers?|makers?|equipment|gear|kit|tech|technology|technologies|parts|"
    r"components|telecoms?|telecommunications|giants?|operators|bids?|bidders?)\b)",
)
# "companies deemed a threat to national security": the vendors, unnamed (US law's wording).
_VENDOR_THREAT = re.compile(
    r"\b(?:companies|firms|vendors|suppliers|equipment|gear)\b[^.;]{0,60}?"
    r"(?:(?:national )?security (?:risk|threat)s?|threat to (?:national )?security|"
    r"(?:endanger\w*|threaten\w*|jeopardi[sz]\w*|harm\w*|risk\w*) (?:\w+ )?security)",
)
# Topics that make an article about network-vendor policy even without a vendor's name.
_ANGLE = re.compile(
    r"\b(?:5g (?:security|toolbox)|security of (?:the )?5g|clean network|rip[- ]and[- ]replace|"
    r"covered list|(?:gear|equipment|vendor) blacklist|trusted (?:vendors?|suppliers?)|"
    r"secure (?:and trusted )?(?:communications|equipment act|networks act)|"
    r"prague proposals|geopolitic\w*|"
    r"(?:memorand(?:um|a)|declarations?|agreements?) (?:\S+ ){0,3}on (?:\S+ ){0,2}5g|"
    r"5g (?:security )?(?:memorand(?:um|a)|declarations?)|(?:secure|trusted|trustworthy) 5g|"
    r"5g (?:deals?|pacts?|agreements?|declarations?|memorand(?:um|a)) with (?:the )?"
    r"(?:us|u\.s\.|united states|"
    r"washington|america)|"
    r"(?:us|u\.s\.|united states|washington)[- ](?:china|chinese|beijing) (?:spat|tensions?|"
    r"rivalry|tech war|standoff|feud)|tensions between (?:the )?(?:us|u\.s\.|united states) and "
    r"china|"
    r"5g (?:technolog\w+|cooperation|coordination|security)(?: \w+)? (?:memorandum|declaration|"
    r"agreement)|"
    r"information and communications technology|ict supply chain|network security bills?|"
    r"(?:5g|telecoms?|network|ict) (?:security |cyber\w* )?(?:risk assessments?|supply chains?|"
    r"vendor rules)|(?:5g|telecoms?) security (?:rules|laws?|bills?|review)|"
    r"(?:vendor|supplier) (?:security|screening|vetting|diversification)|"
    r"(?:5g|telecoms?|mobile network|network) (?:equipment |gear |technology )?"
    r"(?:vendors?|suppliers?|manufacturers?)|"
    r"(?:cyber)?security (?:laws?|act|bills?|rules|requirements|catalogue|certification) "
    r"(?:\S+ ){0,4}?(?:5g|telecom\w*|mobile networks?)|"
    r"5g (?:\S+ ){0,3}?(?:cyber)?security (?:laws?|act|bills?|rules|requirements|catalogue)|"
    r"trusted (?:sources?|networks?)|clean (?:path|carriers?|telcos?|5g))\b",
)

# Cues. Named groups give the kind; order matters where patterns overlap.
_CUE = re.compile(
    r"(?P<stop_using>\b(?:no (?:longer|more)|stop(?:s|ped|ping)? (?:using|buying|"
    r"supplying)|cease\w* (?:using|buying))\b)|"
    r"(?P<review>\b(?:(?:security )?reviews?\b|reviewing|reviewed|reassess\w*|assess\w*|"
    r"audit\w*|inquir(?:y|ies)|enquir(?:y|ies)|vet(?:s|ted|ting)?\b|task ?force|"
    r"prob(?:e|es|ed|ing)\b|investigations?\b|screen(?:s|ed|ing)?\b|scrutiny|"
    r"re-?examin\w+|re-?evaluat\w+|reconsider\w*|revisit\w*|rethink\w*|"
    r"(?:security |safety )?(?:checks?|tests?|testing)(?= (?:of|on|for) )|"
    r"public (?:comments?|hearings?|input)|(?:seek\w*|sought|invit\w*|request\w*|solicit\w*) "
    r"(?:\w+ )?(?:comments?|feedback|input|submissions|views)|"
    r"(?:requir\w*|need\w*|must (?:obtain|get|seek|have)|subject\w* to) (?:\S+ ){0,5}?"
    r"(?:approval|authori[sz]ation|clearance|permission|certification|security "
    r"(?:vetting|screening|checks?|assessments?))|"
    r"(?:(?<!big )(?<!huge )(?<!hefty )(?<!massive )(?<!costly )(?<!replacement )"
    r"(?<!foot the )(?<!pay the )(?<!up the )"
    r"bills?(?! (?:of|worth|running)\b| for [$£€\d])|"
    r"draft (?:\w+ )?(?:laws?|bills?|legislation|rules|regulations?|decrees?|"
    r"amendments?|ordinances?)|legislation|legislative (?:proposals?|amendments?|changes?)|"
    r"(?:first|second|third) reading)\b|"
    r"(?:endors\w+|adopt\w*|subscrib\w+ to|commit\w* to|sign\w* (?:up |on )?to|back\w*|"
    r"embrac\w+|accept\w*) (?:the )?"
    r"(?:\S+ ){0,2}(?:prague proposals|clean network|clean 5g)|"
    r"(?:discuss\w*|debat\w*) (?:a |the )?(?:new |draft )?(?:\w+ )?(?:law|bill|"
    r"legislation)|examin\w*|"
    r"evaluat\w+|scrutini[sz]\w+|consult(?:s|ed|ing|ation|ations)?\b|investigat(?:es|ing|e)\b|"
    r"probing|warn(?:s|ed|ing)? against|warning against|no decision|"
    r"not (?:yet |going to )?(?:make a |take a )?decid\w*|"
    r"(?:delay\w*|postpon\w+|defer\w*) (?:a |the |its |any )?(?:\w+ )?decision|"
    r"wait (?:until|till) .{0,40}decision|decision .{0,50}(?:away|delayed|postponed|pending|"
    r"expected|due|imminent|looms|awaited|slips?|slipped|pushed back|put off|deferred|"
    r"next (?:week|month|year))|"
    r"decide whether|undecided|still deciding|"
    r"(?:to|will|must|yet to|set to|due to|expected to|poised to) (?:make |take |announce |reach |"
    r"issue |deliver )?(?:a |an |its |the |their |final |formal )*decision\b|"
    r"(?:to|will|must|yet to|set to|due to|expected to|poised to) decide\b|"
    r"(?:to|will|yet to|set to|due to) be decided\b|"
    r"(?:put(?:s|ting)? off|push\w* back) (?:a |the |its |any )?(?:\w+ )?decision|"
    r"(?:set(?:s|ting)? up|establish\w*|form(?:s|ed|ing)?|creat\w+|appoint\w*|launch\w*|"
    r"convene\w*) (?:a |an |the |its )?(?:\w+ ){0,2}(?:panel|committee|commission|"
    r"working group|council|body)\b|"
    r"(?:back|backs|backed|backing|join|joins|joined|joining|sign\w* up to) "
    r"(?:the |a )?(?:\S+ ){0,3}(?:alliance|clean network|initiative)|"
    r"(?:back|backs|backed|backing) (?:\S+ ){0,2}bills?)\b)|"
    r"(?P<decl>\b(?:memorand(?:um|a)(?: of understanding)?|mous?\b|"
    r"(?:joint |security )?declarations?|joint statements?|"
    r"(?:5g )?security (?:agreements?|pacts?|deals?)|"
    r"agreements? (?:\S+ ){0,3}on (?:\S+ ){0,2}5g|5g (?:\S+ ){0,2}agreements?|"
    r"5g (?:deals?|pacts?|memorand(?:um|a)) with (?:the )?"
    r"(?:us|u\.s\.|united states|washington|america))\b)|"
    r"(?P<ban>\b(?:ban|bans|banned|banning|bar|bars|barred|barring|exc?lud(?:e|es|ed|ing)|"
    r"exclusion|block|blocks|blocked|blocking|blockades?|prohibit\w*|forbid\w*|shut(?:s|ting)? out|"
    r"keep(?:s|ing)? out|kept out|lock(?:s|ed)? out|kick(?:s|ed)? out|blacklist\w*|"
    r"(?:doesn't|didn't|don't|does not|did not|do not|not|never|fail(?:s|ed)? to) "
    r"(?:name|mention|list|include|invite|approve|certif)\w* "
    r"(?=(?:\S+ ){0,2}?(?:china's |chinese )?(?:huawei|zte)\b)|"
    r"outlaw\w*|shun(?:s|ned|ning)?|"
    # Idioms of exclusion, with the vendor named right after them.
    r"(?:spurn\w*|sideline[sd]?|sidelining|nix(?:es|ed|ing)?|dump(?:s|ed|ing)?|"
    r"ax(?:e|es|ed|ing)|weed(?:s|ed|ing)? out|rebuff\w*|pull(?:s|ed|ing)? the plug on|"
    r"(?:cut|cuts|cutting|sever\w*) (?:its |all |their )?ties with|"
    r"(?:say\w*|said|bid\w*) (?:goodbye|farewell) to)"
    r"(?= (?:[^\s,;:]+ ){0,2}?(?:china's |chinese |huawei|zte|high-risk|untrusted))|"
    r"(?:show(?:s|ed|n|ing)? (?:china's |chinese )?(?:huawei |zte )?|giv\w+ (?:china's |chinese )?"
    r"(?:huawei |zte )?)the (?:door|boot)|(?:gets?|got|getting|given|handed) the boot|"
    r"(?:(?:decid\w+|rul\w+|vot\w+) against|turn\w* (?:its |their )?backs? on)"
    r"(?= (?:china's |chinese )?(?:huawei|zte)\b(?! (?:\w+ )?(?:ban|bans|exclusion|restrictions?|"
    r"veto|blacklist)\b))|"
    r"avoid\w*(?! (?:[\w']+[- ]){0,3}(?:ban|bans|exclusion|blacklist|veto|decision|"
    r"clash|confrontation|row|dispute|boycotts?|embargo(?:es)?|sanctions?)\b)|"
    r"(?:must|has to|have to|will have to) go\b|"
    r"(?:freez\w*|froze|frozen|boot\w*|squeez\w*|cut(?:s|ting)?|push\w*|forc\w+) out|"
    r"(?:shut|shuts|shutting|kick\w*|keep(?:s|ing)?|kept|lock\w*|freez\w*|froze|frozen|boot\w*|"
    r"squeez\w*|push\w*|forc\w+|throw\w*|threw|cut(?:s|ting)?) (?:\S+ ){1,4}?out(?= (?:of|from)\b)|"
    r"ruled out(?= of\b)|"
    r"(?:(?<=huawei )|(?<=zte )|(?<=huawei is )|(?<=zte is )|(?<=huawei now )|"
    r"(?<=huawei effectively ))out(?= of\b)|"
    r"(?:shut\w*|clos\w+|slam\w*) (?:the |its |their )?doors? (?:on|to)|"
    r"no (?:place|room|role|future|space) for|"
    r"(?:picks?|picked|chooses?|chose|chosen|selects?|selected|opts? for|opted for|prefers?|"
    r"preferred) (?:\S+ ){1,5}?over(?= (?:china's |chinese )?(?:huawei|zte)\b)|"
    r"sa(?:y|ys|id|ying) no to(?! (?:\w+[- ]){0,3}(?:ban|bans|exclusion|blacklist|veto)\b)|"
    r"(?:not (?:among|on|in|included (?:in|on)|part of)|missing from|absent from|off) "
    r"(?:the |its )?(?!(?:\S+ ){0,4}?(?:banned|prohibited|restricted|blocked|high-risk|black))"
    r"(?:\S+ ){0,4}?(?:list|shortlist|line-?up)s?|not among|"
    r"no(?= (?:chinese |china's )?(?:huawei|zte|vendors?|suppliers?|equipment|gear|kit)\b"
    r"(?! (?:\w+ )?(?:ban|bans|exclusion|blacklist|"
    r"decision|restrictions?|veto)\b))|"
    r"(?:refus\w+|den(?:y|ies|ied|ying)|withh[oe]ld\w*) (?:\S+ ){0,3}?(?:authori[sz]ations?|"
    r"approvals?|licen[cs]es?|permits?|permission|certificat\w+|clearance)|"
    r"left out|leav(?:e|es|ing) out|(?<!for huawei-)(?<!for zte-)(?<=-)free|"
    r"halt(?:s|ed)?|prevent(?:s|ed)?|veto(?:es|ed)?|"
    r"reject(?:s|ed|ing)?(?! (?:\w+ ){0,2}(?:calls?|demands?|pressure|claims?|allegations?|"
    r"accusations?|reports?|requests?|suggestions?|amendments?|bills?|motions?|proposals?|"
    r"plans?|idea|ban|bans|blacklist|exclusion|veto|restrictions?|measures?|boycott)\b)|"
    r"add(?:s|ed)? (?:\w+ ){0,3}to (?:its |the )?(?:entity list|blacklist|covered list))\b)|"
    r"(?P<remove>\b(?:remov(?:e|es|ed|ing|al)|rip(?:s|ped|ping)? out|strip(?:s|ped|ping)?|"
    r"replac(?:e|es|ed|ing|ement)|phas(?:e|es|ed|ing)[- ]out|phas(?:e|es|ed|ing) (?:\S+ ){1,3}?out|"
    r"purg\w+|get rid of|"
    r"(?:drop(?:s|ped|ping)?|abandon\w*|ditch\w*)(?! (?:its |the |a |an |any |all |their |"
    r"this |that )?(?:\w+[- ]){0,2}?(?:plans?|proposals?|idea|bid|threat|ban|bans|bill|law|"
    r"restrictions?|exclusion|blacklist|veto|measures?|rules?|requirements?|demands?|calls?|"
    r"objections?|opposition)\b))\b)|"
    r"(?P<restrict>\b(?:restrict(?:s|ed|ing|ions?)?|curb(?:s|ed|ing)?|limited role|"
    # A measure aimed at the vendor (read only after a measure's name, ``_MEASURE_NAMED``).
    r"(?:aimed at|targeting|targeted at|that targets?)(?= (?:china's |chinese |huawei|zte|"
    r"high-risk))|"
    # The vendor formally designated a risk: the risk rules apply to it.
    r"(?:designat\w+|classif\w+|declar\w+|deem\w*|list\w*|label\w*) (?:china's |chinese )?"
    r"(?:huawei|zte)(?:,? (?:and )?(?:huawei|zte))?(?: \w+)? (?:as )?(?:an? |the )?"
    r"(?:national[- ])?(?:security )?(?:threats?|risks?|high[- ]risk)|"
    r"(?:designated|classified|declared|deemed|listed|labell?ed)(?= (?:as )?(?:an? )?"
    r"(?:national[- ])?(?:security )?(?:threats?|risks?|high[- ]risk))|"
    r"add(?:s|ed)?(?= (?:\w+ ){0,3}to (?:\w+ ){0,2}list of (?:high[- ]risk|untrusted|non-trusted))|"
    r"(?:won't|will not|would not|not to|does not|do not|did not|not|never|no longer|"
    r"refus\w+ to) renew\w*|(?:time[- ])?limited (?:\w+ )?(?:licen[cs]es|authori[sz]ations|"
    r"permits)|"
    r"limit(?:s|ed|ing)? (?:\w+ ){0,2}(?:role|use|involvement|access|participation)|"
    r"limit(?:s|ing)?|limited(?= (?:to|the|its|their|huawei|zte|chinese|vendors?|high)\b)|"
    r"market[- ]share cap|cap(?:s|ped|ping)?|cut(?:s|ting)? (?:\w+ ){0,2}(?:share|role|presence)|"
    r"(?:impos\w+|set(?:s|ting)?|attach\w*|put(?:s|ting)?|add(?:s|ed|ing)?|tighten\w*|"
    r"introduc\w+) (?:\w+ ){0,2}(?:conditions|requirements|safeguards|prescriptions|curbs|"
    r"restrictions|limits|strings)|"
    r"(?:with|under|subject to) (?:\w+ )?(?:conditions|safeguards|prescriptions)|"
    r"golden powers?|(?:high|higher|new|tough|tougher) (?:hurdles|barriers|obstacles)|"
    r"(?:tough|strict|tight|stringent)\w* (?:\w+ )?(?:rules|requirements|scrutiny|checks|"
    r"controls|standards|certification|conditions|criteria))\b)|"
    r"(?P<allow>\b(?:(?:allow(?:s|ed|ing)?|permit(?:s|ted|ting)?|let(?:s|ting)?)(?! (?:\w+ ){0,2}"
    r"(?:to )?(?:ban|bar|exclu|block|restrict|remov|prohibit|blacklist|veto)\w*\b)|"
    r"green[- ]?light\w*|welcom\w+|(?:continue|continues|continued) (?:to )?(?:use|using|"
    r"work|working|supply|supplying|provide|providing|operate|operating|build|building|deploy)|"
    r"(?:be|been|being) used(?! (?:to|against|for)\b)|(?:to |will |would )?use|"
    r"using|"
    r"trial(?:s|led|ing)?|test ?bed|test ?bench|"
    r"foothold|"
    r"participat\w+|participants?|(?:back )?in the running|take part|taking part|involvement|"
    r"(?:be |been )?involved|"
    r"open(?:s|ed|ing)? (?:up )?(?:its |the )?(?:\w+ ){0,2}(?:network|market|door)s? "
    r"(?:to|for)|open(?:s|ed|ing)? (?:up )?(?:its |the )?(?:\w+ ){0,2}(?:tenders?|auctions?|"
    r"bidding|trials?) (?:to|for)|(?:leav\w+|left|keep\w*|kept|hold\w*) (?:the |its |a )?"
    r"doors? open|"
    r"doors? (?:remains? |stays? |is |are )?open (?:to|for)|"
    r"(?<!not )(?<!n't )(?:is |are |remains? |stays? |still )?open to(?= (?:china's |chinese )?"
    r"(?:huawei|zte|chinese|china)\b)|"
    r"keep(?:s|ing)? (?:on )?(?:working|using)|kept (?:on )?(?:working|using)|"
    r"(?:stays?|stayed|can stay|to stay) in|"
    r"(?:free|eligible|cleared|able|can) (?:to )?(?:bid|take part|participate|compete|supply|"
    r"stay|remain|operate|join|build|provide|deploy|continue|help build|sell|choose|use|buy|"
    r"pick|select)|eligible for|(?:be|remain|stay|remains|stays) (?:a )?part of|"
    r"grant(?:s|ed|ing)?(?= (?:china's |chinese )?(?:huawei|zte)\b)|"
    r"ok(?:s|ed|ay|ays|ayed)\b|sa(?:y|ys|id) yes to|"
    r"sign(?:s|ed)? off on|(?:roll\w*|lay\w*|laid) out (?:the )?red carpet|free hand|"
    r"open\w* (?:its |their )?arms to|keep\w* faith with|kept faith with|"
    r"(?:ha[sv]e?|had|raises?|raised|sees?|saw) no objections? to|"
    r"pass(?:es|ed|ing)? (?:(?!(?:laws?|bills?|acts?|legislation|rules|regulations?|decrees?|"
    r"for)\b)\w+ ){0,3}?(?:tests?|checks?|reviews?|screening|vetting|audits?|"
    r"assessments?)\b|"
    r"(?:keep(?:s|ing)?|kept)(?= (?:china's |chinese )?(?:huawei|zte)(?:'s)?(?: \w+){0,2} "
    r"(?:in|as|on)\b)|"
    r"treat\w* (?:\S+ ){0,4}?(?:equally|the same|alike|on (?:an )?equal footing)|"
    r"(?:level playing field|equal treatment|equal footing)|"
    r"open to (?:all|any|every) (?:\w+ )?(?:vendors?|suppliers?|bidders?|companies|company|"
    r"players?|manufacturers?)|"
    r"(?:approv\w+|clear(?:s|ed|ing)?|authori[sz]\w+|licens\w+|certif\w+)"
    r"(?= (?:china's |chinese )?(?:huawei|zte)\b)|"
    r"(?:giv\w+|gave|gets?|got|wins?|won) (?:\S+ ){0,2}?(?:the )?(?:nod|go-ahead|all-clear|"
    r"thumbs[- ]up|seal of approval)|(?:gets?|got|given|giv\w+|gave|wins?|won|keeps?|kept) "
    r"(?:a |an |its )?"
    r"(?:\S+ ){0,2}?role|embrac\w+|"
    r"(?:stick(?:s|ing)? with|stuck with|stand(?:s|ing)? by|stood by)(?= (?:china's |chinese )?"
    r"(?:huawei|zte)\b(?! (?:\w+ )?(?:decision|ban|move|policy|verdict|ruling)\b)))\b)|"
    r"(?P<partner>\b(?:(?:build|develop)\w* (?:\S+ ){0,3}?with|"
    r"team(?:s|ed|ing)? up with|join(?:s|ed|ing)? hands with|enlist(?:s|ed|ing)?|"
    r"(?:deploy(?:ed|ment)|supplied|provided|built|installed) (?:\S+ ){0,4}?by "
    r"(?:china-based |chinese |china's )?(?:huawei|zte)\b|"
    r"(?:(?:launch\w*|roll\w* out) (?:\S+ ){0,6}?on|powered by|built by|supplied by|"
    r"(?:runs?|running|built|based) on) (?:china's |chinese )?(?:huawei|zte)"
    r"(?:'s)? (?:\w+ )?(?:infrastructure|equipment|gear|kit|technology|networks?)|"
    r"deals?|agreements?|contracts?|"
    r"mous?|memorand(?:um|a)|partner(?:s|ed|"
    r"ing|ship|ships)?|collaborat\w+|cooperat\w+|co-operat\w+|help (?:to )?build|"
    r"to help|help of|(?<='s )help|awarded|"
    r"(?<!a )(?<!big )(?<!major )(?<!key )(?<!another )wins?(?! for\b)|"  # not "a win for"
    r"won(?!'t)|secures?|secured|signs?|signed|"
    r"inks?|inked|strikes?|struck|loan|backs|backed|"
    r"back(?= (?:china's |chinese )?(?:huawei|zte)\b)|project|select(?:s|ed)?|cho(?:oses|se|sen)|"
    r"picks?|picked|taps?|tapped)\b)|"
    r"(?P<neg_only>\b(?:stigmati[sz]\w*|discriminat\w+|single (?:out|\w+ out)|stop|"
    r"shut out)\b)",
)

# Words that restrict the scope of a ban: the ban is a restriction.
_SCOPE = re.compile(
    r"\b(?:core|non[- ]core|sensitive (?:\w+ )?(?:parts|areas|functions|networks?|sites)|"
    r"critical (?:\w+ )?(?:parts|functions)|key (?:\w+ )?(?:parts|functions|components)|"
    r"(?:public[- ]sector|state|public administration|emergency|military|defen[cs]e) "
    r"(?:\w+ ){0,2}(?:networks?|sites|bases|communications|installations)|"
    r"(?:critical|strategic) (?:\w+ )?infrastructures?|"
    r"near (?:\w+ ){0,2}(?:bases|sites|installations)|"
    r"licen[cs]es? (?:\w+ )?for (?:up to |a maximum of |at most )?\w+ years|"
    r"government (?:\w+ )?(?:use|agencies|contracts|networks|procurement|"
    r"from using|subsidy|subsidies)|use by (?:the )?(?:\w+ )?government|"
    r"public (?:\w+ )?(?:procurement|contracts?|tenders?)|procurement|tender|subsid\w+|"
    r"federal (?:agencies|funds|contracts)|(?:certain|some|critical) (?:\w+ ){0,2}"
    r"(?:components|parts|products|equipment)|limited role|(?:help build|help to build) part|"
    r"part of (?:its|the|their)|some restrictions|(?:market[- ]share )?cap|data cent(?:er|re)s|"
    r"6g|purchase|acquiring|acquisition|de facto|only (?:in|to|for|as|on|at|from|the)|"
    r"(?:but|and) not (?:in|for|from|the)|except (?:in|for|the)|non-sensitive|less sensitive|"
    r"peripher\w+|(?:network )?edge|radio access|(?:strict |tough |security )?conditions|"
    r"(?:strict|tough|stringent|tight|extra|additional|new)\w* (?:security )?(?:requirements|"
    r"checks|vetting|certification|scrutiny)|"
    r"safeguards|market share|per ?cent)\b|\d ?%",
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|without|isn't|won't|doesn't|didn't|wasn't|aren't|don't|cannot|can't|"
    r"decid\w+ against|rul\w+ out|omit\w*|avoid\w*|refus\w+ to|declin\w+ to|no plans? to|"
    r"stops? short of|refrain\w* from|hold\w* off (?:on )?|held off (?:on )?|"
    r"sh(?:y|ies|ied) away from|"
    r"reject\w* (?:\w+ ){0,2}to|vot\w+ (?:down|against) (?:\w+ ){0,2}to|"
    r"(?:resist\w*|rebuff\w*|defie[sd]|defy\w*|ignor\w*|dismiss\w*|brush\w* (?:off|aside)|"
    r"reject\w*|turn\w* down) (?:\w+ ){0,3}(?:calls?|pressure|demands?|requests?|appeals?|"
    r"pleas?) (?:to|for))\b"
    r"(?:[^\w,]+\w+){0,3}[^\w,]*$",
)
# A step towards a decision (under review). Only thinking about one is no step (``_MUSING``).
_DELIBERATION = re.compile(
    r"\b(?:debat\w+|mov(?:es|ed|ing) to|near(?:s|ing)? (?:a )?(?:decision|ban)|recommend\w*|"
    r"(?:present|unveil|put\w* forward|table)\w* (?:\w+ ){0,3}?(?:measures?|plans?|package|"
    r"proposals?)|"
    r"(?:edg|inch|lean|tilt|head)\w* (?:closer )?(?:to|towards?)|closer to|"
    r"pav(?:es|ed|ing) (?:the )?way|mov(?:es|ed|ing) (?:one step |a step )?closer|"
    r"steps? closer|set(?:s|ting)? the stage|decision (?:on|whether|about)|decide whether|"
    r"whether|if approved|propos\w+|seek\w* (?:the )?powers?|legal (?:measures|direction|"
    r"instruments?)|draft (?:laws?|bills?|legislation|rules|regulations?)|consult\w*|"
    r"review\w*)\b",
)
# "may" needs its case: "Theresa May" is not a hedge (see ``_is_modal_may``).
_MAY = re.compile(r"\b(?:may|May|MAY)\b(?! \d)")
# "must" after a country (its government) as the subject: an opinion of what it must do; after
# operators or the vendor ("operators must remove", "Huawei must go") it is an obligation.
_MUST = re.compile(r"\bmust\b")
_MUST_SUBJECT = re.compile(r"(?:'s)?\s+(?:(?:government|govt|gov't|authorities)\s+)?")
_SPECULATION = re.compile(
    r"\b(?:might|could|likely|unlikely|reportedly|rumou?r\w*|speculat\w+|suggest\w*|leak\w*|"
    r"expected to|said to be|ready to|prepar\w+|drafting|potential|possible|possibly|"
    r"would|should|ought to|if|unless|or not|wants? to|wanted to|would like to|"
    r"hop(?:es|ed|ing) to|keen to)\b",
)
# A title opening with a bare verb and the vendor: an imperative ("Ban Huawei, says MP").
_IMPERATIVE = re.compile(r"\W*")
_BASE_VERBS = _wordset("ban bar block exclude drop dump ditch remove kick keep stop shun reject")
# "does not rule out a ban", "won't exclude banning": a possibility, not a negation.
_NOT_RULED_OUT = re.compile(
    r"\b(?:not|never|\w+n't|cannot)\W+(?:\w+\W+)?(?:rul\w+ out|exclud\w+)\W+"
    r"(?:(?:a|the|an|any|its|possible|eventual|future|\w+'s)\W+)?(?:\w+\W+)?$"
)
# Suppliers of networks, unnamed: a title's bill or approval regime for them is the vendor's.
_SUPPLIERS = re.compile(
    r"\b(?:5g|telecoms?|network|equipment) (?:\w+ )?"
    r"(?:vendors?|suppliers?|providers?|equipment|gear)\b"
)
# What someone thinks should be reviewed is an opinion, not a review ordered.
_REVIEW_WISH = re.compile(
    r"\b(?:needs?|needed|ought|has|have|had) to be\W+(?:\w+\W+)?$|"
    r"\b(?:should|must|must not|shall) be\W+(?:\w+\W+)?$"
)
# Inquiries: a probe or an investigation is a review only when it is not a criminal case.
_INQUIRY = re.compile(r"(?:prob|investigation)")
_CRIMINAL = re.compile(
    r"\b(?:fbi|police|prosecut\w+|criminal|fraud|indict\w*|charges?|charged|arrest\w*|"
    r"bribe\w*|briber\w*|corruption|justice department|doj|department of justice|"
    r"sanctions? violations?|money laundering|racketeering|trade secrets?|theft|stole\w*|"
    r"espionage case|spying case|lobbying|lobbyists?)\b"
)
# A bill as the cue: under review, a restriction once it is law (never a draft or a reading).
_BILL_NOUN = re.compile(r"(?:bills?\b|draft|legislat|first|second|third)")
_DRAFT_STAGE = re.compile(r"draft|first|second|third")
_UPHELD = re.compile(r"\buph(?:e|o)ld\w*")  # a court upholds a ban; a bill is never upheld
# A measure (bill, law, rules...) right before a hedge: the hedge says what the measure does
# ("a bill that could ban Huawei"); a wish denied ("does not want to ban") is no wish.
_MEASURE_BEFORE = re.compile(
    r"\b(?:bills?|laws?|legislation|proposals?|draft|rules|regulations?|amendments?|decree|"
    r"act|ordinance|framework|requirements|guidelines|measures?|criteria|standards|directives?|"
    r"toolbox|catalogue|catalog)\b(?:\W+\w+){0,2}\W*$"
)
# A measure named before its aim ("an executive order aimed at Huawei").
_MEASURE_NAMED = re.compile(
    r"\b(?:laws?|act|rules|decree|(?:executive )?order|measures?|regulations?|legislation|"
    r"guidelines|requirements|directives?|policy|catalogue|bill)\b(?:\W+[\w'-]+){0,6}?\W*$"
)
_PLAIN_NOT = re.compile(
    r"\b(?:not|never|won't|cannot|can't|isn't|aren't|wasn't|doesn't|didn't|don't|no longer)\b"
    r"(?:\W+\w+){0,3}\W*$"
)
_NEG_WORD = re.compile(r"\b(?:not|never|no|without|rul\w+ out|refus\w+|declin\w+|against|\w+n't)\b")
_WISHES = ("want", "would like", "hop", "keen")
_NOT_BEFORE = re.compile(r"\b(?:not|never|no)\W+(?:\w+\W+)?$")
# A cue right after these is a power given, not yet used ("a law allowing a ban on Huawei").
_POWER_BEFORE = re.compile(
    r"\b(?:allow\w*|let(?:s|ting)?|enabl\w+|empower\w*|powers? to|authori[sz]\w+)\b"
    r"(?:\W+\w+){0,3}\W*$"
)
# Someone reacting to a decision: the decision is background ("China slams UK's ban").
_REACTION_BEFORE = re.compile(
    r"\b(?:condemn\w*|slam\w*|criticis\w+|criticiz\w+|hail\w*|prais\w+|applaud\w*|"
    r"welcom\w+|protest\w*|decr(?:y|ies|ied)|denounc\w+|blast\w*|lament\w*|regret\w*|"
    r"rebuk\w+|hits? out at|react\w* to|respon\w+ to|angr\w+ (?:at|over)|fury (?:at|over)|"
    r"challeng\w*|appeal\w* against|fight\w*|contest\w*)\b(?:[^\w,]+\w+){0,5}[^\w,]*$"
)
# "an initiative to keep Huawei out": the cue says what a pact is for, the pact is the news.
_PURPOSE_BEFORE = re.compile(
    r"\b(?:initiatives?|pledges?|declarations?|memorand(?:um|a)|pacts?|alliances?|coalitions?|"
    r"clean network|campaign|drive)\W+(?:aim\w* |designed |meant |intended |seeking )?to"
    r"(?:\W+\w+){0,1}\W*$"
)
# A deliberation that is over: "following a review", "... decided to".
_AFTER_STEP = re.compile(
    r"\b(?:after|following|completed|concluded|ended)[^\w,]+(?:\w+[^\w,]+){0,3}$"
)
_DECIDED = re.compile(r"\b(?:decid(?:ed|es)|agreed|resolved|voted) to\b")
_LAW = re.compile(r"\b(?:law|act|legislation|amendment)\b")
_PLAN_TO = re.compile(
    r"\b(?:plans?|decision|proposals?|move|bid|idea|order|threat|attempt|push|efforts?)\W+to\W*$|"
    r"\b(?:regulations?|rules?|decree|law|order|measures?|decision|provisions?|articles?)"
    r"\W+(?:that\W+|which\W+)?$"
)
_SAID = re.compile(r"\b(?:says?|said|told|announce[sd]?|insists?|confirm\w*)\b")
# Someone presses another to act: what follows is their wish, not a decision.
_URGE = re.compile(
    r"\b(?:urg(?:e|es|ed|ing)|press(?:es|ed|ing)?|pressur\w+|push(?:es|ed|ing)?|"
    r"prod(?:s|ded|ding)?|forc(?:e|es|ed|ing)|calls? for|called (?:on|for)|"
    r"(?<!its )(?<!their )(?<!final )(?<!the )(?<!a )calls? on|"  # "makes its call on": decides
    r"calls? (?:\w+ ){1,2}(?:for|on)|asks?|asked|"
    r"warns?|warned|warning|cautions?|cautioned|lobb(?:y|ies|ied|ying)|tells?|told|"
    r"threaten\w*|threats? (?:to|of|against)|demand\w*|advice|advis\w+|attempt\w*|efforts?|"
    r"lean\w* (?:hard |heavily )?on|"
    r"campaign\w*|tr(?:y|ies|ied) to|"
    r"persuad\w+|convinc\w+|led (?:\w+ ){1,6}to|either|wants? (?:\w+ ){1,4}to)\b",
)
# "despite the US ban", "after Sweden banned": the cue is background to another event.
_BACKGROUND = re.compile(
    r"\b(?:despite|amid|amidst|after|following|over|in the wake of|due to|because of|"
    r"against|defying|defied|ignor\w+|bucked|under fire (?:\w+ ){0,4}for|backlash over|"
    r"criticism of|in response to|(?:costs?|price|impact|effects?|consequences|aftermath|"
    r"implications?|lessons) of|fallout (?:from|of))\b"
    r"(?:[^\w,]+\w+){0,3}[^\w,]*$",  # not past a comma
)
# A ban undone: lifted or reversed is "allowed"; suspended (by a court, for now) is no news yet.
_REVERSAL = re.compile(
    r"\b(?:(?P<undo>lift\w*|overturn\w*|revers\w*|revok\w*|scrap\w*|annul\w*|repeal\w*|"
    r"end(?:s|ed)?|drop(?:s|ped)?|reject\w*|shelv\w*|abandon\w*|ditch\w*|withdr[ae]w\w*|"
    r"back(?:s|ed|ing)? (?:away|off|down) (?:from|on)|retreat\w* from|walk\w* back|"
    r"u-turn\w* on|(?:set|put)(?:s|ting)? aside|declin\w*|refus\w*|turn\w* down|"
    r"vot\w* (?:down|against)|dismiss\w*)|suspend\w*|struck down|strikes? down)\b"
    r"(?:\W+\w+(?:'s)?){0,2}\W*$",  # "lifts Sweden's Huawei ban"
)
_EXPERIENCER = re.compile(
    r"\b(?:caught (?:up )?in|hit by|affected by|hurt by|struck by|fac(?:e|es|ed|ing)|under)\b"
)
_OBLIGED = re.compile(
    r"\b(?:must|have to|has to|had to|required to|ordered to|obliged to|obligated to|told to|"
    r"forced to|need to)\b",
)
_ENACTED = re.compile(
    r"\b(?:signs?|signed|signing)\b[^.;]{0,40}\b(?:into law|bill|act|law|ndaa|order|"
    r"executive order)\b|\bsigns? (?:\w+ ){0,3}into law|\bpassed\b|\benact\w*|\badopted\b|"
    r"\buph(?:e|o)ld\w*|\bin force\b|\btakes? effect|\bfinal rules\b|"
    r"\b(?:passes|adopts|enacts) (?:\w+ ){0,3}(?:law|act)\b|\b(?:becomes?|became) law\b|"
    r"\broyal assent\b|\bpasses (?:the )?(?:\w+ )?(?:parliament|senate|legislature|congress)\b|"
    r"\b(?:approv(?:es|ed)|adopt(?:s|ed)|issu(?:es|ed)|sign(?:s|ed)|publish(?:es|ed)) "
    r"(?:\w+ ){0,3}?(?<!draft )(?:decree|executive order)\b|"
    r"\b(?:parliament|senate|lawmakers|congress)\b[^.;]{0,30}\b(?:approv|pass)\w*|"
    r"\bapproved by (?:the )?(?:parliament|senate|lawmakers|congress)|\blegally obligated|"
    r"\blegal (?:footing|notices?)",
)
# A law passed but not yet in force: still a bill.
_NOT_YET = re.compile(
    r"\b(?:await\w*|pending|needs?|requires?|goes to|go to|passes to|sent to|heads? to|"
    r"before it (?:can )?(?:become|becomes) law)\b[^.;]{0,30}?\b(?:president\w*|royal assent|"
    r"signature|promulgation|senate|upper house)|"
    # A motion or a resolution passed binds no one: still a step.
    r"\bnon-?binding\b|\bmotions?\b|\bresolutions? (?:to|calling|urging|asking|that)\b"
)
_BILL_STAGE = re.compile(
    r"\b(?:approv\w+|back(?:s|ed|ing)?|introduc\w+|tabl\w+|submit\w*|unveil\w*|draft\w*|"
    r"propos\w+|seeks?|consult\w*)\b[^.;]{0,40}?\b(?:bills?|legislation|laws?|"
    r"legal (?:measures|direction|instruments?)|amendments?|powers?)\b|"
    r"\bdraft (?:laws?|bills?|legislation|rules)\b|\blegislative proposals?\b|"
    r"\bdraft(?:s|ed|ing)? (?:\w+ )?(?:rules|regulations?|decrees?|ordinances?)\b|"
    r"\b(?:bill|legislation) to (?:bar|ban|exclude|restrict)\b|\bif approved\b|"
    # A parliament's motion or resolution asks the government; it binds no one.
    r"\b(?:adopt|pass|approv|back|vot|tabl|submit|introduc|fil)\w* (?:\w+ ){0,3}?"
    r"(?:motions?|resolutions?)\b",
)
# Operators: a company's choice of vendor is not national policy.
_OPERATOR = re.compile(
    # The look-ahead skips every position where no alternative can start (4x faster).
    r"(?=[A-Zmntsocpi])\b(?:BT|EE|O2|A1|TIM|TDC|KPN|MTS|SFR|BTCL|"
    r"(?i:(?:mobile |network |telecoms? |service )?(?:operators?|carriers?|telcos?|"
    r"providers?|isps?)|telecoms? (?:compan(?:y|ies)|firms?|groups?|giants?|units?)|"
    r"(?:telecoms?|telecommunications|mobile) (?:industry|sector))|"
    r"Vodafone|Telefonica|Telefónica|Telia|Telenor|Orange|Deutsche Telekom|T-Mobile|"
    r"Proximus|Swisscom|Telstra|Optus|Spark|Rogers|Bell|Telus|Verizon|AT&T|Sprint|"
    r"Three|Iliad|Bouygues|Elisa|Tele2|Telenet|Globe|Smart|Airtel|Jio|Etisalat|Ooredoo|"
    r"MTN|Safaricom|Vodacom|Claro|Vivo|Movistar|SoftBank|Docomo|KDDI|Rakuten|SK Telecom|"
    r"Singtel|StarHub|Viettel|Fastweb|Tele Greenland|Teletalk|Monaco Telecom|Nepal Telecom|"
    r"Ncell|Ethio[- ]Telecom|Telkomsel|Indosat|Maxis|Celcom|Digi|Cosmote|Turkcell|Telcel|"
    r"America Movil|Telecom Italia|Altice|Ericsson|Nokia)\b",
)
# Operators that act for their state (a deal of theirs is the state's): state-owned ones.
# Excluded from public procurement, with the operators following suit: the whole network (DESIGN.md,
# Japan 2018).
_PROCUREMENT = re.compile(r"(?:government|public|procurement|federal|tender)")
_FOLLOW_SUIT = re.compile(
    r"\b(?:operators|carriers|telcos|telecoms? companies)\b[^.;]{0,40}?\b(?:follow\w* suit|"
    r"(?:to |will |would )?(?:do|did|follow|join) (?:the )?same|also (?:exclude|drop|shun|avoid))"
)
# State operators that run their country's networks (DESIGN.md, "Operators"): their exclusion of
# the vendor is the state's ban.
_STATE_NETWORK = re.compile(
    r"\b(?:viettel|vnpt|vinaphone|mobifone|tele greenland|tele-post|ethio[- ]telecom|"
    r"state[- ](?:owned |run )?(?:telecoms? )?(?:operator|carrier|telco))\b"
)
# "picks Ericsson over Huawei": a choice, the state's only through a state operator.
_CHOICE_OVER = re.compile(r"(?:pick|pref|cho|select|opt)")
# A generic operator word as a party to a deal ("with Kuwaiti operator Zain").
_PARTY_OPERATOR = re.compile(r"(?:mobile |telecoms? )?(?:operator|carrier|telco)\b(?!s)")
_STATE_OPERATOR = re.compile(
    r"\b(?:state[- ](?:owned|run|backed|operator|telecom\w*|carrier)|ethio[- ]telecom|teletalk|"
    r"viettel|vnpt|mobifone|"
    r"china (?:mobile|telecom|unicom)|btcl|nepal telecom|angola telecom|telkom kenya|"
    r"saudi telecom|stc|etisalat|ooredoo|telkomsel|tmcel|national operator)\b"
)
# A country named right before these is not the actor ("US allies", "Washington's advice").
_NOT_ACTOR_AFTER = re.compile(
    r"^(?:'s|')?\W{0,3}(?:[A-Z][a-z]+ )?(?i:allies|ally|pressure|advice|warnings?|push|"
    r"calls? (?:to|for)|demands?|requests?|appeals?|pleas?|"
    r"campaign|sanctions?|ambassador|envoy|officials?|lawmakers|senators?|secretary|"
    r"diplomats?|counterpart|-led|-backed|led|backed|firm (?:ericsson|nokia)|ericsson|nokia|"
    r"samsung|askey|dollars?|ban on (?:wechat|tiktok)|(?:trade |tech )?(?:war|tussle|rivalry|"
    r"feud|spat|row|dispute|fight|battle|tensions?|standoff|conflict|struggle))\b"
)
# A country named right after these is not the actor: the one joined, followed or defied
# ("Sweden joins UK in banning"), or whose decision someone reacts to ("China slams UK ban").
_NOT_ACTOR_BEFORE = re.compile(
    r"\b(?:from|despite|amid|against|defying|outside|except|other than|ignor\w+|by|to|"
    r"bucked an attempt by|(?:join(?:s|ed|ing)?|follow(?:s|ed|ing)?|like|unlike|emulat\w+|"
    r"cop(?:y|ies|ied|ying)|mirror\w*|echo\w*|in line with|footsteps of|lead of|snub\w*|"
    r"defie[sd]|defy|rebuff\w*|break\w* with|broke with)(?:\W+\w+(?:,| and| &)){0,3}|"
    r"condemn\w*|slam\w*|criticis\w+|"
    r"criticiz\w+|hail\w*|prais\w+|applaud\w*|welcom\w+|protest\w*|decr(?:y|ies|ied)|"
    r"denounc\w+|blast\w*|lament\w*|regret\w*|rebuk\w+|retaliat\w+ against|hits? out at)"
    r"(?: the)?\W*$",
)
# "the first EU country to ban": one of the members, not the Union (the members together
# agreeing, "EU member states agree", act for the Union).
_EU_MEMBER_AFTER = re.compile(
    r"[\s-]+(?:member[\s-]+)?(?:country|nation|state|capital)\b|"
    r"[\s-]+member\b(?![\s-]+(?:states|countries|nations|governments)\b)"
)
# An opening phrase with its own country, closed by a comma: the country after it is the
# subject ("Following Britain, Sweden bans Huawei"; "Like Germany, Italy ...").
_FRONTED = re.compile(
    r"\W*(?:following|like|unlike|after|joining|emulating|copying|echoing)\s+(?:the\s+)?"
    r"(?:[\w'.-]+\s+){0,2}?[\w'.-]+,\s*$"
)
_CN_VENDOR = re.compile(
    r"^(?:'s|')?[\s-]*(?:\w+[- ]){0,3}(?:huawei|zte|vendors?|suppliers?|companies|company|"
    r"firms?|manufacturers?|makers?|equipment|gear|kit|tech|technology|technologies|parts|"
    r"components|telecoms?|telecommunications|giants?|-made|made|providers?)\b",
)
_GOVERNMENT = re.compile(
    r"\b(?:gov(?:ernmen)?t|gov't|govt|ministry|ministers?|cabinet|parliament|lawmakers|state|"
    r"regulators?|authorit(?:y|ies)|agency|court|law|decree|president|prime minister|"
    r"chancellor|administration|officials?|pm|premier)\b",
)
# Title frames: the article is about something else than a decision.
_FRAME_COMPANY = re.compile(
    # "Huawei CEO: ...", "Huawei's UK chief: ...": the company's words.
    r"^\W*(?:china's |chinese )?(?:huawei|zte)(?:'s)? (?:\w+ )?(?:ceo|chief|boss|founder|"
    r"chairman|president|executives?|execs?|spokes\w+|officials?|head|vice[- ]president)\W*:|"
    r"^\W*(?:china's |chinese )?(?:huawei|zte)(?:'s)?[^\w,]+(?:\w+[^\w,]+){0,3}?"
    r"(?:says?|said|claims?|"
    r"insists?|denies|hopeful|hopes|misconduct|to help|plans?|sues?|files?|"
    r"remains(?! (?:eligible|free|allowed|welcome|banned|barred|excluded|blocked|"
    r"restricted|in the running)\b)|(?<!allowed to )(?<!permitted to )(?<!cleared to )(?<!free to )"
    r"takes?(?! effect\b)|"
    r"wants?|urges?|urged|asks?|asked|calls?|called|warns?|warned|threatens?|threatened|"
    r"appeals?|appealing|appealed|wins stay|"
    r"wins? (?:a |an )?(?:court |temporary )?(?:stay|injunction|reprieve)|criticis\w+|criticiz\w+|"
    r"to sue|preparing to sue|challenges?|vows?|vowed|pledges?|pledged|respon\w+|reacts?|"
    r"reaction|statement|hits? back|fires? back|pushes back|slams?|blasts?|attacks?|"
    r"condemns?|regrets?|disappointed|defends?|fights?|rejects|dismisses|lobb\w+|"
    r"promises?|assures?|offers?)\b|"
    r"\b(?:huawei|zte) (?:sues?|files?|takes?(?! (?:effect|part)\b))\b|"
    r"\b(?:lawsuit|arbitration|sues?|suing)\b",
)
# Explainers and questions decide nothing ("Which countries have banned Huawei?").
_FRAME_EXPLAINER = re.compile(
    r"^\W*(?:which (?:countries|nations)|what|why|how|this is how|here's|here is|explainer|"
    r"explained|factbox|q&a|timeline|analysis|opinion|comment|commentary|editorial|op-ed|"
    r"view|viewpoint|letters?|inside|lessons|everything you need|a look at|the (?:real )?"
    r"(?:story|truth|case)|in (?:charts|numbers|maps)|fact[- ]check)\b|\?\W*$|"
    r"[:|]\s*(?:what|why|how|here's|explained|everything|the (?:impact|fallout|consequences)|"
    r"timeline|explainer|faq|q&a|analysis)\b|"
    r"\b(?:\w+ )?things (?:to know|you need)|\bwhat to know\b|\b(?:one|two|a) years? on\b|"
    r"\b(?:(?:was|is|were|are|be|'s) (?:right|wrong|correct|mistaken|foolish|wise|naive|smart) "
    r"(?:not )?to|(?:it's|it is) time (?:for \w+ )?to|a mistake to|(?:was|is) (?:a |an )?(?:\w+ )?"
    r"(?:mistake|error|blunder|success|failure))\b"
)
# "..., government says": the state's words, not the company's.
_STATE_SAYS = re.compile(
    r",\s*(?:\S+\s+){0,3}?(?:government|gov't|govt|minister|ministry|president|prime minister|"
    r"pm|officials?|regulator|authorit(?:y|ies))\s+(?:says?|said|confirms?|announces?)\W*$"
)
_FRAME_FUNDING = re.compile(
    r"\b(?:rip[- ]and[- ]replace|reimburs\w+|shortfall|funding)\b",
)
_CRITICISM = re.compile(
    r"\b(?:under fire|backlash|criticism|critici[sz]ed|outcry|row over|slams?|blasts?)\b"
)
_HEAVY_SEP = re.compile(r"\s+[–—-]\s+|;\s*")


# Relevance lexicons: words (and two-word phrases) of the lowered text, by set membership.
# The lists live in bot/data/lexicon/en.toml (one file per language; see the README there).
_EN = lexicon.raw("en")["relevance"]
_NETWORK_WORDS = frozenset(_EN["network"])
_NETWORK_PHRASES = frozenset(_EN["network_phrases"])
_POLICY_WORDS = frozenset(_EN["policy"])
_POLICY_PREFIXES = tuple(_EN["policy_prefixes"])
_POLICY_PHRASES = frozenset(_EN["policy_phrases"])
# Distractors: phones, chips, apps, money, the CFO's case, lobbyists, other kinds of kit.
_OFF_WORDS = frozenset(_EN["off_topic"])
_OFF_PHRASES = frozenset(_EN["off_topic_phrases"])
_OFF_MODEL = re.compile(r"^(?:mate\d+\w*|p\d0\w*)$")
_OFF_SELL_TO = re.compile(
    r"\b(?:sell|selling|sales?|supply|supplying|export\w*)\b[^.;]{0,30}?\bto\b[^.;]{0,50}?"
    r"\b(?:huawei|zte)\b"
)
_OFF_TITLE_ONLY = frozenset(_EN["off_topic_title_only"])
_TOKEN = re.compile(r"[a-z0-9]+")


# -- data types -----------------------------------------------------------------------------


@fast_pickle
@dataclass(frozen=True, slots=True)
class CountryFinding:
    iso2: str
    status: str | None  # one of the five statuses, or None when only mentioned
    confidence: float
    evidence: tuple[str, ...] = ()


@fast_pickle
@dataclass(frozen=True, slots=True)
class Classification:
    relevant: bool
    score: float
    findings: tuple[CountryFinding, ...]
    evidence: tuple[str, ...] = field(default=())
    lang: str = "en"  # the article's language (ISO 639-1)

    def as_json(self, explain: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
            "lang": self.lang,
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


@dataclass(slots=True)
class _Candidate:
    """One reading of one cue: a country and a status, with how sure and why."""

    iso2: str
    status: str
    weight: float
    in_title: bool
    enacted: bool  # the text says the measure is law, signed or upheld
    deliberate: bool  # under_review because of a deliberation, not a formal review
    scoped: bool  # a ban limited in scope: a restriction
    evidence: list[str]


# -- text preparation -----------------------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "‑": "-"})


def _unquote(text: str) -> str:
    """``text`` with typographic quotes and hyphens made plain. ASCII text has none (and
    ``isascii`` is free), so only other text pays for the per-character translation."""
    return text if text.isascii() else text.translate(_QUOTES)


_ABBREVIATION_END = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Z]\.){1,3}[A-Z]?|\b(?:Co|Corp|Ltd|Inc|Mr|Mrs|Ms|Dr|St|No|Gov't|"
    r"Govt|Dept|Sen|Rep|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|Mt|Ft|Jr|Sr|"
    r"Oyj|AB|Bros))\.$"
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_MOVIL = re.compile(r"\s*M[oó]vil\b")


def _mention_ok(text: str, m: countries.Mention) -> bool:
    """Work around resolver readings that are not countries in news prose."""
    if m.term == "Commission":
        # "Federal Trade Commission", "Cyberspace Affairs Commission": another body.
        before = text[max(0, m.start - 30) : m.start].rstrip()
        word = before.rsplit(" ", 1)[-1] if before else ""
        if word[:1].isupper() and word not in ("European", "The", "EU"):
            return False
    # "America Movil" is a Mexican operator, not the United States.
    return not (m.iso2 == "US" and _MOVIL.match(text, m.end))


def _mentions(text: str) -> list[countries.Mention]:
    return [m for m in countries.find_mentions(text) if _mention_ok(text, m)]


def _split(text: str, in_title: bool) -> list[tuple[int, int]]:
    """Title clauses (at dashes and semicolons) or summary sentences, as spans."""
    cuts = [0]
    if in_title:
        cuts.extend(m.end() for m in _HEAVY_SEP.finditer(text))
    else:
        for m in _SENTENCE_END.finditer(text):
            head = text[max(0, m.start() - 12) : m.start() + 1]
            if not _ABBREVIATION_END.search(head):
                cuts.append(m.end())
    cuts.append(len(text))
    return [(a, b) for a, b in pairwise(cuts) if text[a:b].strip()]


# -- reading one unit -----------------------------------------------------------------------

# Cues that say where the vendor stands, after its name ("Huawei not among the vendors").
_STATE = ("not ", "missing ", "absent ", "off ", "no ", "must go", "has to go", "have to go")
_NOMINAL = _wordset(
    "ban bans exclusion removal replacement restriction restrictions curbs blacklist prohibition"
    " phase-out phaseout phase-outs"
)
# A ban named as a noun is decided only when the words around it say so (en.toml, [frames]):
# a wish or an open question before or after it gives nothing, a step gives under review.
_FRAMES = lexicon.raw("en")["frames"]
_GAP_BEFORE = r"[^\w,:;]+(?:[\w'-]+[^\w,:;]+){0,3}?$"  # up to three words, not past a comma
_NOUN_WISH = re.compile(f"(?:{lexicon.pattern(_FRAMES['noun_wish_before'])}){_GAP_BEFORE}")
_NOUN_STEP_BEFORE = re.compile(f"(?:{lexicon.pattern(_FRAMES['noun_step_before'])}){_GAP_BEFORE}")
# Only thinking about a ban, before its verb or noun: speculation, no finding (DESIGN.md).
_MUSING = re.compile(lexicon.pattern(_FRAMES["musing"]))
_PARTNER_TALK = re.compile(lexicon.pattern(_FRAMES["partner_talk_before"]))
_NOUN_MUSING = re.compile(f"(?:{lexicon.pattern(_FRAMES['noun_musing_before'])}){_GAP_BEFORE}")
_MUSING_STEP_BEFORE = re.compile(
    f"(?:{lexicon.pattern(_FRAMES['musing_step_before'])})(?:[^\\w.;]+[\\w'-]+){{0,4}}?[^\\w.;]+$"
)
_MUSING_STEP_AFTER = re.compile(
    r"[^\w.;]+(?:[\w'-]+[^\w.;]+){0,3}?" + f"(?:{lexicon.pattern(_FRAMES['musing_step_after'])})"
)
# "ban" after these is a verb, not a noun ("ready to ban", "will ban").
_VERB_BEFORE = re.compile(r"\b(?:to|will|would|could|can|may|might|must|shall|should)\W*$")
# After the noun: its complement ("on Huawei gear") and a copula ("is") may come first.
_AFTER_NOUN = (
    r"(?:\s+(?:on|of|against|for)\s+(?:[\w'-]+\s+){0,3}?(?:huawei|zte|vendors?|suppliers?|"
    r"equipment|gear|kit|technology|firms?|compan(?:y|ies)|components|products)(?:'s)?)?\s+"
    r"(?:(?:is|are|was|were|now|still|also|a|the|under)\s+){0,2}?"
)
_NOUN_OPEN_AFTER = re.compile(_AFTER_NOUN + f"(?:{lexicon.pattern(_FRAMES['noun_open_after'])})")
_NOUN_STEP_AFTER = re.compile(_AFTER_NOUN + f"(?:{lexicon.pattern(_FRAMES['noun_step_after'])})")
# "China to Sweden: drop Huawei ban": one country's message to another.
_MESSAGE_HEAD = re.compile(r"^\W*(?P<a>[\w. ]{2,30}?) to (?P<b>[\w. ]{2,30}):")
# A nominal cue as the subject of its effects: the ban is background to the news.
_CONSEQUENCE = re.compile(
    r"(?:\W+\w+){0,4}?\W+(?:to have|will have|has|had|could have|would have|may have)\W+"
    r"(?:\w+\W+){0,2}?(?:impact|effect|fallout|consequences?|cost)\b|"
    r"(?:\W+\w+){0,4}?\W+(?:(?:to |will |would |could |may )?(?:hit|hurt|cost|affect|impact|"
    r"delay|slow|set back|damage|harm|endanger|threaten|jeopardi[sz]e|disrupt|push back)\w*)\b"
)
_BE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|gets?|got|getting|handed|faces?)\W+(?:\w+\W+)?$"
)
_PARTICIPLE_GAP = re.compile(r"(?:'s)?[\s,]*(?:(?:not|never|now|also|\w+ly)\s+)?")
_PASSIVE_AFTER = re.compile(r"\W*(?:from|in|on|by|over|at|of|\W*$)")
_CLAUSE_BREAK = re.compile(r"\bby \w+ing\b|\bbut\b|\bwhile\b|\bwhereas\b|\binstead\b")
# A deal as the object of a review, an undoing or a loss is no partnership ("investigates the
# Huawei contract", "cancels its deal with Huawei", "Huawei loses out on contracts").
_DEAL_UNDONE = re.compile(
    r"\b(?:review\w*|prob(?:e|es|ed|ing)|investigat\w+|inquir\w+|audit\w*|scrutini[sz]\w*|"
    r"examin\w*|question\w*|challeng\w*|cancel\w*|scrap\w*|suspend\w*|terminat\w*|"
    r"annul\w*|tear\w* up|tore up|los(?:e|es|t|ing)(?: out)?|miss\w* out|veto\w*|"
    r"block\w*|halt\w*|stop\w*|end(?:s|ed|ing)?|nix\w*|"
    r"fail\w* to (?:win|secure|get|land|clinch)|"
    # Sought, not won: "can bid for contracts", "in the running for deals".
    r"bid(?:s|ding)? (?:for|on)|compet\w+ for|vie[sd]? for|vying for|eligible for|"
    r"in the (?:race|running) for|appl(?:y|ies|ied|ying) for)\W+(?:[\w'-]+\W+){0,4}$|"
    # The equipment a review is about: "a review of the security of gear supplied by Huawei".
    r"\b(?:review|prob|investigat|audit|scrutin|examin|assess|inquir|enquir)\w*\b[^.;,]{0,60}$"
)
# An allowance or backing whose object is a measure against the vendor ("welcomes Sweden's
# Huawei ban", "backs the exclusion"): no allowance of the vendor.
_OF_A_BAN = re.compile(
    r"(?:\W+(?:the|a|an|its|their|[\w-]+'s|huawei|zte|chinese|china's|5g|new|planned|proposed|"
    r"partial|full|total|recent|government|eu|us|u\.s\.)){0,4}\W+(?:ban|bans|exclusion|"
    r"restrictions?|blacklist\w*|veto|removal|phase-?out|curbs|measures?|decision|move|step|"
    r"plans?|policy|law|rules|bill)\b"
)
# A comma that closes a clause (not one opening a relative clause: ", which will let Huawei").
_CLAUSE_COMMA = re.compile(
    r",(?!\s*(?:which|that|allowing|enabling|letting|giving|including|such as|notably)\b)"
)
_MEMBERS = re.compile(
    r"\W*(?:on |for )?(?:its |the |eu |bloc's )?member(?:s| states| nations| countries)"
)
_ORDER_BEFORE = re.compile(
    r"\b(?:tell|told|order|requir|instruct|direct|forc|oblig|ask|urg|compel|giv|gave|grant|"
    r"ban|bar|prohibit|forbid|allow|let|permit)\w*\W+"
    r"(?:\w+\W+){0,2}$",
)
_PREPOSITION_BEFORE = re.compile(  # not across a comma ("After years of doubt, Telia ...")
    r"\b(?:to|from|for|of|with|by|on|at|into|outside|against)[^\w,]+(?:\w+[^\w,]+){0,2}$"
)
_VENDOR_CHOICE = re.compile(
    r"\b(?:picks?|chooses?|chose|selects?|opts? for|opted for|in favou?r of|instead of|"
    r"edged out|snubs?|snub|shuns?|shunned|moves? away from|leaves? (?:\w+ ){0,3}off)\b|"
    r"\bover (?:china's |chinese )?(?:huawei|zte)\b",
)
_NEEDS_SAYER = re.compile(r"(?:help|to help)\b")
_CHOICE_WORD = re.compile(r"(?:select|cho|pick|tap)")
_DIRECT_VENDOR = re.compile(r"\W+(?:china's |chinese (?:vendor |firm |giant )?)?(?:huawei|zte)\b")
# "Operators told to avoid Huawei": the passive of an order to them, a decision at home.
_ORDERED_PASSIVE = re.compile(
    r"\b(?:operators|carriers|telcos|providers|telecoms? (?:companies|firms))\b"
    r"(?: (?:in|of|across) (?:\w+ ){1,2}?)?(?: (?:are|were|have been|being|been))?\W*$"
)
_ORDER_WORDS = frozenset(("told", "asked", "forced"))
# "tells operators to remove": a government's order at home, not pressure on another country.
_DOMESTIC_OBJECT = re.compile(
    r"\W+(?:its |the |all |domestic |local |national |mobile |telecoms? |network |"
    r"\w+ )*?(?:operators|carriers|telcos|providers|companies|firms|networks|agencies)\b",
)
_ALLIES = re.compile(r"\b(?:its|their) (?:allies|partners)\b")
_DECL_AHEAD = re.compile(
    r"\W*(?:\w+\W+){0,3}?(?:5g |security |landmark |joint )*(?:security (?:agreement|pact|deal)|"
    r"memorand|declaration|mous?\b|5g agreement|agreement (?:\S+ ){0,3}on 5g)",
)
_LIST_JOIN = re.compile(r"\s*(?:,|and|&|, and)\s*")  # "A, B and C"
_VENUE_BEFORE = re.compile(r"\b(?:in|at)\W*$")  # "signed ... in Brussels": the venue
_ANTI_BEFORE = re.compile(r"(?:anti-|counter|against)\W*$")
_WITH_PARTY = re.compile(r"\W*(?:\w+\W+){0,4}?with (?:\w+\W+){0,2}(?:huawei|zte|china|chinese)")
_BACKGROUND_WORD = re.compile(
    r"\b(?:despite|amid|amidst|defying|ignor\w+|against|resist\w*|rebuff\w*|defie[sd]|defy|"
    r"snub\w*|brush\w* (?:off|aside)|shrug\w* off)\b"
)
# Pressure rejected is no pressure: "rejects US calls to ban" is a negation (``_NEGATION``).
_REJECTED_BEFORE = re.compile(
    r"\b(?:reject\w*|resist\w*|rebuff\w*|defie[sd]|defy\w*|ignor\w*|dismiss\w*|"
    r"brush\w* (?:off|aside)|turn\w* down)\W+(?:[\w'.]+\W+){0,2}$"
)
_AGAINST_NEXT = re.compile(r"\s*against\b")
_FROM_OR_BEFORE = re.compile(r"\b(?:from|or)\W+(?:\w+\W+)?$")
_PLACE_BEFORE = re.compile(r"\b(?:from|to|by)(?: the)?\W*$")
_PRESSURE_FROM = re.compile(
    r"\b(?:pressure|advice|attempt|warnings?|requested|demanded|urged|asked|sought|wanted|"
    r"pushed|pressed) (?:from|by)(?: the)?\W*$"
)
_NETWORK_CONTEXT = re.compile(
    r"\b(?:[3-6]g|networks?|telecoms?|towers?|digital|ict|cloud|broadband|infrastructure|"
    r"technolog\w+|tech)\b",
)
_FIVE_G = re.compile(r"\b5g\b")
_MEMBER = re.compile(r"\bmember")
_UNDER_FIRE = re.compile(r"\bunder fire\b")
_NOT_BACKGROUND_TITLE = re.compile(r"\b(?:despite|amid|defying|against|ignor\w+)\b")
_HEAD_LABEL = re.compile(r"^[A-Z\s]+:\s*")
_NOT_ALLOW_SCOPE = ("6g", "purchase", "tender")
_BASE_WEIGHT = {
    Status.BANNED: 0.8,
    Status.RESTRICTED: 0.75,
    Status.UNDER_REVIEW: 0.65,
    Status.ALLOWED: 0.7,
    Status.PARTNER: 0.7,
}


_VENDOR_NAMES = ("huawei", "zte")
# A state that keeps working with the vendor works with it itself: a partnership (an operator
# doing so is its own choice, set aside by the actor check).
_WORKING_WITH = re.compile(
    r"(?:continue[sd]?|keep(?:s|ing)?|kept) (?:to )?(?:on )?work(?:ing)?(?= (?:closely )?with\b)"
)

# In a standfirst under a title naming the vendor, these stand for it.
_ANAPHORA = re.compile(
    r"\bthe (?:\w+[- ]){0,2}?(?:company|firm|vendor|supplier|giant|equipment maker|"
    r"manufacturer)\b|\b(?:both|the two) (?:chinese )?(?:companies|firms|vendors|suppliers)\b"
)


def _may_threat(low: str) -> bool:
    """Can ``_VENDOR_THREAT`` match? (A cheap test first; tests/test_cue_gate.py checks that
    every way the pattern can match passes it.)"""
    return any(word in low for word in ("risk", "threat", "endanger", "jeopardi", "harm"))


def _clause_end(low: str, start: int, limit: int) -> int:
    """Where a background phrase ends: at the next comma, or ``limit``."""
    comma = low.find(",", start, limit)
    return limit if comma < 0 else comma


def _vendor_spans(low: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _VENDOR.finditer(low)]
    if _may_threat(low):
        spans.extend((m.start(), m.end()) for m in _VENDOR_THREAT.finditer(low))
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# The first words of the cues: only where one of them starts is the big cue pattern tried. A
# cue starting with another word would never be found: tests/test_cue_gate.py reads every word a
# match of _CUE can start with from the pattern and fails on one these lists do not cover.
_CUE_WORD = re.compile(r"[a-z0-9]+")
_CUE_FIRST = _wordset(
    """
    no not out stop stops stopped stopping still wait decision decide security joint 5g
    agreement agreements mou mous kept get market to will would use using take taking
    involvement be been involved co help won loan project struck single left leave leaves
    leaving free off cut cuts cutting threw froze frozen ruled say says said saying put puts
    putting set sets setting with under subject golden can eligible cleared able missing absent
    door doors high higher new tough tougher strict stricter tight tighter stay stays stayed
    gave gets got stuck stood must has have doesn didn don does did do powered built supplied
    running run runs based re first second third due expected poised yet never time subject
    check checks test tests testing safety public seek seeks seeking sought had raises raised
    sees saw getting handed remain remains are is being in hase hav raise see participant
    participants sidelining
    """
)
_CUE_PREFIXES = tuple(
    sorted(
        _wordset(
            """
            cease review reassess assess evaluat scrutini consult investigat probing warn
            delay postpon defer back join sign memorand declaration ban bar exclu exlu
            block prohibit forbid shut keep lock kick blacklist halt prevent veto reject add remov
            rip strip replac phas drop abandon ditch purg restrict curb limit cap allow permit let
            green welcom continu trial test foothold participat open deal contract partner
            collaborat cooperat award win secur ink strike select cho pick tap stigmati
            discriminat pref opt outlaw freez boot squeez push forc throw clos slam refus den withh
            shun turn decid rul vot spurn sideline nix dump ax weed pull sever bid show ok free
            rebuff lay laid team enlist grant treat level equal aimed target that designat classif
            declar deem list label
            impos attach tighten introduc leav hold audit inquir vetting task giv embrac stick stand
            build develop avoid launch roll fail discuss debat examin endors adopt subscrib commit
            enquir vet prob investigation screen scrutiny reexamin reevaluat reconsider revisit
            rethink bill draft legislat undecided establish form creat appoint convene approv
            clear authori licens certif requir need invit request solicit deploy provid install
            pass accept say seek strict stringent subject tight tough
            """
        )
    )
)


# Where a word of _CUE_FIRST, or one starting with one of _CUE_PREFIXES, starts; and a cue that
# starts there, found in one scan in C (the same cue ``_CUE.match`` finds at that word).
_CUE_START = lexicon.word_starts(_CUE_FIRST, _CUE_PREFIXES)
_CUE_AT = re.compile(f"(?={_CUE_START.pattern})(?:{_CUE.pattern})", _CUE.flags)


def _cues(low: str) -> list[re.Match[str]]:
    """The cues of a lower-cased text, as ``_CUE.finditer`` would find them, but faster: the
    cue pattern is tried only where a word of ``_CUE_FIRST`` or ``_CUE_PREFIXES`` starts."""
    found: list[re.Match[str]] = []
    search = _CUE_AT.search
    position = 0
    while (cue := search(low, position)) is not None:
        found.append(cue)
        position = max(cue.end(), cue.start() + 1)
    return found


def _is_modal_may(text: str, start: int) -> bool:
    """The word "may" as a hedge: lower case, or "May" in a headline after a lower-case word, a
    country or a vendor ("Canada May Ban Huawei"), not a name ("Theresa May")."""
    if text[start] == "m":
        return True
    before = text[:start].rstrip()
    if not before:
        return True
    last = before.split()[-1]
    if last[:1].islower():
        return True
    return bool(countries.find_mentions(last) or _VENDOR.search(_lower(last)))


@dataclass(slots=True)
class _Context:
    """What the whole article says, for the readings of single cues."""

    title_low: str
    vendor_in_title: bool
    fallback: str | None  # the article's main country, for cues without a subject
    fallback_term: str
    notes: list[str] = field(default_factory=list)  # cues read and set aside, for --explain
    network: bool = False  # network words anywhere in the article
    older_only: bool = False  # 4G, 3G or LTE named, 5G never: not 5G policy
    five_g: bool = True  # 5G, 6G or "next-generation" named: a deal about the networks at stake
    vendor_in_summary: bool = False
    follow_suit: bool = False  # the operators follow the state's procurement rule
    title_enacted: bool = False  # the title says a law is passed or signed


class _Unit:
    """One title clause or summary sentence, with what its cues need, computed once.

    ``text`` keeps its case (for names and evidence); ``low`` is the lower-cased copy that
    most patterns read.
    """

    def __init__(self, text: str, in_title: bool, mentions: list[countries.Mention]) -> None:
        self.text = text
        self.low = _lower(text)
        self.in_title = in_title
        self.anaphora = False  # the title names the vendor: "the company" stands for it
        self.mentions = mentions
        self.eligible = [m for m in mentions if self._eligible(m)]

    @cached_property
    def background(self) -> list[tuple[int, int]]:
        """The background phrases' spans (read only where a mention or a cue needs them)."""
        low = self.low
        return [
            (m.start(), _clause_end(low, m.end(), m.end() + 40))
            for m in _BACKGROUND_WORD.finditer(low)
        ]

    @cached_property
    def vendors(self) -> list[tuple[int, int]]:
        spans = _vendor_spans(self.low)
        if self.anaphora:  # "the company", "the Chinese giant": the vendor the title names
            spans.extend((m.start(), m.end()) for m in _ANAPHORA.finditer(self.low))
        return spans

    @cached_property
    def urges(self) -> list[re.Match[str]]:
        return [
            m
            for m in _URGE.finditer(self.low)
            if not _inside(self.background, m.start(), m.end())
            and not _AGAINST_NEXT.match(self.low, m.end())
            and not _REJECTED_BEFORE.search(self.low, max(0, m.start() - 40), m.start())
        ]

    @cached_property
    def says(self) -> list[int]:
        return [m.end() for m in _SAID.finditer(self.low)]

    @cached_property
    def government(self) -> bool:
        return bool(_GOVERNMENT.search(self.low)) or any(m.kind == "agency" for m in self.mentions)

    @cached_property
    def enacted(self) -> bool:
        return bool(_ENACTED.search(self.low))

    @cached_property
    def actors(self) -> list[tuple[int, str]]:
        return self._actors()

    def _eligible(self, m: countries.Mention) -> bool:
        """Can this mention be the actor? Not China, not in a pressure or background phrase."""
        if m.iso2 == "CN" and m.kind != "operator":
            return False  # China as the vendors' home; China Mobile acts for the state
        if _NOT_ACTOR_AFTER.match(self.text[m.end : m.end + 40]):
            return False
        if m.iso2 == "EU" and _EU_MEMBER_AFTER.match(self.low, m.end):
            return False  # "the first EU country to ban": a member state acts, not the EU
        before = self.low[max(0, m.start - 30) : m.start]
        if _FRONTED.match(self.low, 0, m.start):
            return True  # "Following Britain, Sweden bans ...": the opening phrase is over
        # "from the UK" is still the place in "ban Huawei from UK networks".
        if _NOT_ACTOR_BEFORE.search(before) and (
            not _PLACE_BEFORE.search(before) or _PRESSURE_FROM.search(before)
        ):
            return False
        return not _inside(self.background, m.start, m.end)

    def _actors(self) -> list[tuple[int, str]]:
        """(end, "operator" | "government") for every actor named in the unit, in order."""
        low = self.low
        found: list[tuple[int, str]] = []
        for m in _OPERATOR.finditer(self.text):
            if _overlaps(self.vendors, m.start(), m.end()):
                continue
            before = low[max(0, m.start() - 40) : m.start()]
            if _PREPOSITION_BEFORE.search(before[-25:]) or _ORDER_BEFORE.search(before):
                continue  # "to operators", "tells operators to remove": not the actor
            found.append((m.end(), "operator"))
        found.extend((m.end(), "government") for m in _GOVERNMENT.finditer(low))
        for mention in self.mentions:
            if mention.kind == "agency":
                found.append((mention.end, "government"))
            elif mention.kind == "operator" and not _PREPOSITION_BEFORE.search(
                low[max(0, mention.start - 25) : mention.start]
            ):
                found.append((mention.end, "operator"))
        found.sort()
        return found

    def actor_before(self, start: int) -> str | None:
        """Who acts in the words right before the cue: an operator, a government, or None."""
        last: tuple[int, str] | None = None
        clause = self.low.rfind(";", 0, start)  # not across a semicolon
        for actor in self.actors:
            if actor[0] > start:
                break
            if actor[0] > clause:
                last = actor
        if last is None:
            return None
        if last[1] == "operator" and _OBLIGED.search(self.low, last[0], start):
            return "government"  # "operators must remove": obliged by someone else
        if last[1] == "operator" and _EXPERIENCER.search(self.low, last[0], start):
            return None  # "telecom firms caught in Huawei ban": they undergo it
        return last[1]

    def subject(self, start: int, end: int, passive: bool) -> countries.Mention | None:
        """The acting country: named before the cue, or the place after a passive one."""
        # An operator's home country ("Singtel" for Singapore) only when no place is named:
        # "Singtel selects Huawei for 5G in Serbia" is about Serbia.
        places = [m for m in self.eligible if m.kind != "operator"] or self.eligible
        before = [m for m in places if m.end <= start]
        after = [m for m in places if m.start >= end]
        if passive and after:
            return after[0]
        if before:
            return before[-1]
        return after[0] if after else None

    def coordinated(self, subject: countries.Mention) -> list[tuple[str, str]]:
        """The countries listed with the subject before it ("A, B and C ban ...")."""
        out: list[tuple[str, str]] = []
        right = subject
        for m in reversed([m for m in self.eligible if m.end <= subject.start]):
            join = _LIST_JOIN.fullmatch(self.low, m.end, right.start)
            prose_comma = join is not None and join[0].strip() == "," and not self.in_title
            if join is None or (right is subject and prose_comma):
                break  # prose lists end in "and": "In a move welcomed by X, Y bans" is none
            if m.iso2 != subject.iso2 and m.kind != "operator":
                out.append((m.iso2, m.term))
            right = m
        return out

    def longest_list(self) -> int:
        """How many countries the longest list of them has ("A, B and C": 3)."""
        longest = run = min(1, len(self.eligible))
        for left, right in pairwise(self.eligible):
            joined = _LIST_JOIN.fullmatch(self.low, left.end, right.start)
            run = run + 1 if joined else 1
            longest = max(longest, run)
        return longest

    def linked(self, kind: str, word: str, start: int, end: int) -> bool:
        """Is the cue about the vendor (its object, or the subject of a passive/nominal form)?"""
        low = self.low
        after_limit = {"allow": 60, Status.PARTNER: 45}.get(kind, 120)
        before_limit = {"allow": 45, Status.PARTNER: 25}.get(kind, 50)
        if kind == "allow" and word.endswith(("use", "using")):
            after_limit, before_limit = 30, 0
        for v_start, v_end in self.vendors:
            if start <= v_start and v_end <= end:
                return True  # "adds Huawei to its Entity List"
            if v_start >= end and v_start - end <= after_limit:
                if ";" in low[end:v_start]:
                    continue
                if kind in ("allow", Status.PARTNER) and _CLAUSE_COMMA.search(low, end, v_start):
                    continue  # "In a move welcomed by X, Y bans Huawei": another clause
                return True
            if v_end <= start and start - v_end <= before_limit:
                if kind in ("allow", Status.PARTNER):
                    return True
                if word in _NOMINAL or low[start - 1 : start] == "-" or word.startswith(_STATE):
                    return True  # "Huawei ban", "kit-removal", "Huawei not on the list"
                if _BE_BEFORE.search(low, v_end, start) or _PASSIVE_AFTER.match(low, end):
                    return True  # "Huawei is banned", "Huawei blocked from"
                if word.endswith("ed") and _PARTICIPLE_GAP.fullmatch(low, v_end, start):
                    return True  # "Huawei not banned, says ...", "Huawei effectively barred"
        return False

    def private_operator(self) -> str | None:
        """A private operator named as a party, with no state role in the unit: its name."""
        if self.government or _STATE_OPERATOR.search(self.low):
            return None
        return next(
            (
                m.group(0)
                for m in _OPERATOR.finditer(self.text)
                if (m.group(0)[:1].isupper() or _PARTY_OPERATOR.match(self.low, m.start()))
                and not _overlaps(self.vendors, m.start(), m.end())
            ),
            None,
        ) or next((m.term for m in self.mentions if m.kind == "operator"), None)

    def vendor_party(self, start: int, end: int) -> bool:
        """Is the vendor (or China) a party to an agreement, rather than its target?"""
        low = self.low
        for v_start, v_end in self.vendors:
            if (
                v_end <= start
                and start - v_end <= 50
                and "," not in low[v_end:start]
                and not _ANTI_BEFORE.search(low[max(0, v_start - 10) : v_start])
            ):
                return True
        if _WITH_PARTY.match(low, end):
            return True
        return any(m.iso2 == "CN" and m.end <= start and start - m.end <= 30 for m in self.mentions)

    def message_head(self, start: int) -> bool:
        """ "China to Sweden: ..." before the cue: both sides are countries."""
        head = _MESSAGE_HEAD.match(self.low, 0, start)
        if head is None:
            return False
        return all(
            any(head.start(side) <= m.start and m.end <= head.end(side) for m in self.mentions)
            for side in ("a", "b")
        )

    def foreign_urge(self, urge: re.Match[str], start: int, end: int) -> bool:
        """Does one country press another (the cue's subject) to review?"""
        urgers = {m.iso2 for m in self.mentions if m.end <= urge.start() and m.iso2 != "CN"}
        subject = self.subject(start, end, False)
        return bool(urgers) and subject is not None and subject.iso2 not in urgers

    def urge_before(self, start: int) -> re.Match[str] | None:
        """The pressure verb governing the cue, if any (up to a clause break)."""
        for u in reversed(self.urges):
            if u.end() <= start:
                if _CLAUSE_BREAK.search(self.low, u.end(), start):
                    return None
                return u
        return None

    def musing(self, start: int, nominal: bool) -> tuple[str, bool] | None:
        """The word of a government only thinking about the measure at ``start`` ("weighs",
        "plans to", "eyes"), if any governs it: none past a clause break, none once a step is
        over ("after weighing it, decided to exclude"). With it, whether the thinking is a
        formal step: a legislature's, or about a proposal or bill that exists."""
        window_start = max(0, start - 100)
        breaks = list(_CLAUSE_BREAK.finditer(self.low, window_start, start))
        if breaks:
            window_start = breaks[-1].end()
        found = None
        for m in _MUSING.finditer(self.low, window_start, start):
            found = m
        if nominal:
            noun = _NOUN_MUSING.search(self.low, window_start, start)
            if noun is not None and (found is None or noun.start() > found.start()):
                found = noun
        if found is None:
            return None
        if _AFTER_STEP.search(self.low, max(0, found.start() - 30), found.start()) or (
            _DECIDED.search(self.low, found.end(), start)
        ):
            return None
        step = bool(
            _MUSING_STEP_BEFORE.search(self.low, max(0, found.start() - 50), found.start())
            or _MUSING_STEP_AFTER.match(self.low, found.end(), start)
        )
        return found.group(0).strip(" ,.:;"), step

    def speculation(self, start: int) -> str | None:
        """The hedge or speculation word governing the cue, if any."""
        window_start = max(0, start - 80)
        breaks = list(_CLAUSE_BREAK.finditer(self.low, window_start, start))
        if breaks:
            window_start = breaks[-1].end()
        hedges = list(_SPECULATION.finditer(self.low, window_start, start))
        found = hedges[-1] if hedges else None  # the hedge closest to the cue governs it
        if found is not None:
            said = any(s <= found.start() for s in self.says)
            word = found.group(0)
            if _MEASURE_BEFORE.search(self.low, window_start, found.start()):
                return f"measure:{word}"  # "a bill that could ban": what a measure would do
            if word.startswith(_WISHES) and _NOT_BEFORE.search(
                self.low, window_start, found.start()
            ):
                return None  # "does not want to ban": no ban
            return None if word == "would" and said else word  # "said it would": reported
        for may in _MAY.finditer(self.text, window_start, start):
            if _is_modal_may(self.text, may.start()):
                return "may"
        for must in _MUST.finditer(self.low, window_start, start):
            if any(
                m.end <= must.start() and _MUST_SUBJECT.fullmatch(self.low, m.end, must.start())
                for m in self.mentions
            ):
                return "must"  # "Britain must ban Huawei": someone's opinion of what it must do
        return None


def _only_talk(unit: _Unit, start: int, notes: list[str], word: str) -> bool:
    """Is a deal or a cooperation only talked about ("discuss cooperation", "in talks on a
    deal", "weighs a partnership")? Noted for --explain."""
    window = max(0, start - 60)
    breaks = list(_CLAUSE_BREAK.finditer(unit.low, window, start))
    if breaks:
        window = breaks[-1].end()
    talk = _PARTNER_TALK.search(unit.low, window, start) or _MUSING.search(unit.low, window, start)
    if talk is None or _AFTER_STEP.search(unit.low, max(0, talk.start() - 30), talk.start()):
        return False  # no talk, or talk that is over ("after months of talks, signed")
    notes.append(f"only talked about:{talk.group(0)} … {word}")
    return True


def _analyse(unit: _Unit, ctx: _Context) -> tuple[list[_Candidate], bool]:
    """The candidate findings of one unit, and whether a cue was dropped as someone's wish
    or as speculation (which makes a title a frame for its summary)."""
    low = unit.low
    has_vendor = lexicon.Lazy(  # read only for a few kinds of cue, as ``angle``
        lambda: (
            bool(unit.vendors)
            or (not unit.in_title and (ctx.vendor_in_title or ctx.vendor_in_summary))
        )
    )
    angle = lexicon.Lazy(lambda: bool(_ANGLE.search(low)))  # read only for a few kinds of cue
    found: list[_Candidate] = []
    unread = False
    for cue in _cues(low):
        kind = cue.lastgroup or ""
        word = cue.group(0)
        start, end = cue.start(), cue.end()
        if kind in ("review", "neg_only"):
            if not (
                has_vendor
                or angle
                or (kind == "review" and ctx.vendor_in_summary and _SUPPLIERS.search(low))
            ):
                continue  # a review of something else (a title naming 5G vendors is enough)
            if word.startswith("warn") and any(
                v_end <= start and start - v_end <= 60 for _, v_end in unit.vendors
            ):
                continue  # "Huawei's CEO wrote to the PM warning against ...": its own words
            if kind == "review" and word.startswith("to ") and not unit.in_title:
                continue  # "time to decide": the headline future ("Canada to decide") only
            if (
                kind == "review"
                and not word.startswith(("subject", "requir", "need", "must"))  # a regime
                and _REVIEW_WISH.search(low, max(0, start - 40), start)
            ):
                ctx.notes.append(f"an opinion, not a step:{word}")
                continue  # "the situation needs to be assessed", "should be reviewed"
            if kind == "review" and _INQUIRY.match(word) and _CRIMINAL.search(low):
                ctx.notes.append(f"criminal case, not a policy review:{word}")
                continue  # "an FBI investigation into Huawei": a case, not a 5G review
        elif kind == "decl":
            if not (has_vendor or angle or _FIVE_G.search(low)):
                continue
        elif not unit.linked(kind, word, start, end) or any(
            s <= start < e for s, e in unit.vendors
        ):
            continue  # not about the vendor, or part of the vendor phrase ("Chinese telecoms")
        pre = low[max(0, start - 60) : start]
        evidence = [f"{kind}:{unit.text[start:end]}"]

        # Attribution: someone else's wish. The EU telling its members is EU policy; a
        # government telling its own operators is a decision.
        urge = unit.urge_before(start)
        if urge is not None and kind == "review" and not unit.foreign_urge(urge, start, end):
            urge = None  # a review urged at home ("PM orders agency to review") is one
        if urge is not None:
            actor = unit.subject(urge.start(), urge.start(), False)
            if actor is not None and actor.iso2 == "EU" and _MEMBERS.match(low, urge.end()):
                found.append(
                    _Candidate(
                        iso2="EU",
                        status=Status.RESTRICTED,
                        weight=0.7 + (0.1 if unit.in_title else 0.0),
                        in_title=unit.in_title,
                        enacted=False,
                        deliberate=False,
                        scoped=True,
                        evidence=[
                            *evidence,
                            f"eu-to-members:{urge.group(0)}",
                            f"subject:{actor.term}",
                        ],
                    )
                )
                continue
            between = low[urge.end() : start]
            if _ORDERED_PASSIVE.search(low, 0, urge.start()) and urge.group(0) in _ORDER_WORDS:
                urge = None  # "operators told to avoid Huawei": the state orders them
            elif not (_DOMESTIC_OBJECT.match(between) and not _ALLIES.search(between)):
                ctx.notes.append(f"attributed:{urge.group(0)} … {word}")
                unread = True
                continue

        if urge is None and unit.in_title and unit.message_head(start):
            ctx.notes.append(f"attributed:{word} (a message to another country)")
            unread = True
            continue
        if urge is None and kind != "review" and unit.in_title:
            later = next((u for u in unit.urges if u.start() >= end), None)
            if later is not None and "," in low[end : later.start()]:
                # "Use Huawei and lose access to our data, U.S. warns Germany": quoted advice.
                ctx.notes.append(f"attributed:{later.group(0)} … {word}")
                unread = True
                continue
        if (
            kind in ("ban", "remove", "restrict")
            and unit.in_title
            and _IMPERATIVE.fullmatch(low, 0, start)
            and word in _BASE_VERBS
            and _DIRECT_VENDOR.match(low, end)
        ):
            ctx.notes.append(f"a call, not a decision:{word}")
            unread = True
            continue  # "Ban Huawei, says MP": an imperative is someone's call
        if kind in ("ban", "remove", "restrict") and _NOT_RULED_OUT.search(pre):
            ctx.notes.append(f"not ruled out:{word}")
            unread = True
            continue  # "does not rule out a ban": a possibility kept open, no decision
        negated = kind != "stop_using" and (
            bool(_NEGATION.search(pre[-40:]))
            or any(  # "no (single) vendor will be excluded"
                low.startswith("no ", v_start) and v_end <= start and start - v_end <= 25
                for v_start, v_end in unit.vendors
            )
        )
        if negated and kind in ("review", "decl"):
            ctx.notes.append(f"not taken:{word}")
            continue  # "will not join the Clean Network", "refuses to sign": no step taken
        background = None if negated else _BACKGROUND.search(pre)
        if background is not None:
            ctx.notes.append(f"background:{background.group(0).strip()}")
            continue  # "despite the US ban", "after Sweden banned"
        if _SUBORDINATE_OPEN.match(low) and "," not in low[:start]:
            ctx.notes.append(f"background:{word} (a subordinate clause)")
            continue  # "As Britain was banning Huawei, the vendor ..."
        if word.lower() in _NOMINAL and _CONSEQUENCE.match(low, end):
            ctx.notes.append(f"background:{word} … its effects")
            continue  # "US ban on Huawei to have little impact on Philippine telcos"
        if word.startswith(("aimed", "target", "that")) and not _MEASURE_NAMED.search(pre):
            continue  # "sanctions targeting Huawei": only a measure's aim is a restriction
        if kind in ("ban", "remove", "restrict") and _PURPOSE_BEFORE.search(pre):
            ctx.notes.append(f"purpose:{word} (what a pact or initiative is for)")
            continue  # "join a US initiative to keep Huawei out": the joining is the news
        if kind in ("ban", "remove", "restrict") and _REACTION_BEFORE.search(pre):
            ctx.notes.append(f"background:{word} (a reaction to it)")
            continue
        if kind in ("ban", "remove", "restrict"):
            reversal = _REVERSAL.search(pre[-30:])
            if reversal is not None and not (
                word.lower() in _NOMINAL or _PLAN_TO.search(reversal.group(0))
            ):
                reversal = None  # "reverses course, will strip Huawei": no ban undone
            if reversal is not None:
                if not reversal.group("undo"):
                    ctx.notes.append(f"suspended:{word}")
                    unread = True  # the standfirst's account of the measure is background
                    continue  # "suspends the exclusion": nothing decided yet
                negated = True  # "lifts its ban": the vendor is allowed again
                evidence.append(f"reversal:{reversal.group(0).strip()}")
        noun_step = None  # "decides on a Huawei ban next month": a step, under review
        if (
            kind in ("ban", "remove", "restrict")
            and word.lower() in _NOMINAL
            and not negated
            and not _VERB_BEFORE.search(pre)
        ):
            wish = _NOUN_WISH.search(pre)
            opened = _NOUN_OPEN_AFTER.match(low, end)
            if wish is not None or opened is not None:
                said = f"{wish.group(0).strip()} … {word}" if wish else ""
                said = said or (f"{word}{opened.group(0)}" if opened else word)
                ctx.notes.append(f"not decided:{said}")
                unread = True
                continue  # "the ministry wants a Huawei ban", "a Huawei ban looms"
            noun_step = _NOUN_STEP_BEFORE.search(pre) or _NOUN_STEP_AFTER.match(low, end)
        if kind == "neg_only" and not negated:
            continue

        # What the cue says.
        denied = False  # an allowance denied: a ban
        # The scope words around the cue, read only for the kinds that use them.
        around = (max(0, start - 25), min(len(low), end + 90))
        scoped = False
        if kind in ("ban", "remove", "restrict", "stop_using"):
            scope = None if negated else _SCOPE.search(low, *around)
            if negated:
                status = Status.ALLOWED
                evidence.append("negation")
            elif scope is not None and not (_PROCUREMENT.match(scope.group(0)) and ctx.follow_suit):
                status, scoped = Status.RESTRICTED, True
                evidence.append(f"scope:{scope.group(0)}")
            elif kind == "restrict" or "phas" in word:
                status = Status.RESTRICTED
            else:
                status = Status.BANNED
        elif (kind in ("allow", Status.PARTNER) and ctx.older_only) or (
            kind == Status.PARTNER and not ctx.five_g
        ):
            ctx.notes.append(f"not 5G:{word}")
            continue
        elif kind in ("allow", Status.PARTNER) and _OF_A_BAN.match(low, end):
            ctx.notes.append(f"backs a measure, not the vendor:{word}")
            continue  # "Washington welcomes Sweden's Huawei ban": the ban is read on its own
        elif kind == "allow":
            if _FROM_OR_BEFORE.search(pre[-20:]):
                continue  # "banned from buying or using"
            scope = _SCOPE.search(low, *around)
            if scope is not None and start <= scope.start() < end:
                scope = _SCOPE.search(low, end, around[1])  # "be part of the": the cue's own
            if negated:
                # "Huawei will not be allowed / used": kept out (but not "does not rule out
                # using", nor a trial or a test bed not held).
                if not (_PLAIN_NOT.search(pre[-30:]) and len(_NEG_WORD.findall(pre[-40:])) == 1):
                    continue
                if word.startswith(("trial", "test", "foothold", "open")):
                    continue
                denied = True
                evidence.append("not allowed")
                if scope is not None and scope.group(0) not in _NOT_ALLOW_SCOPE:
                    status, scoped = Status.RESTRICTED, True
                    evidence.append(f"scope:{scope.group(0)}")
                else:
                    status = Status.BANNED
            elif scope is not None and scope.group(0) not in _NOT_ALLOW_SCOPE:
                status, scoped = Status.RESTRICTED, True  # "a limited role", "non-core parts"
                evidence.append(f"scope:{scope.group(0)}")
            elif _WORKING_WITH.match(low, start) and ctx.five_g:
                status = Status.PARTNER  # "Kenya will keep working with Huawei on 5G": its own
            else:
                status = Status.ALLOWED
        elif kind == Status.PARTNER:
            operator = unit.private_operator()
            if operator is not None:
                ctx.notes.append(f"operator deal, no state role:{operator}")
                continue
            undone = _DEAL_UNDONE.search(low, max(0, start - 50), start)
            if undone is not None:
                ctx.notes.append(f"a deal reviewed, undone or lost:{undone.group(0).strip()}")
                continue  # "probes the Huawei contract", "scraps", "Huawei loses out on"
            if (
                negated
                or _DECL_AHEAD.match(low, end, end + 40)  # read by the declaration
                or _VENDOR_CHOICE.search(low, 0, start)  # "picks Nokia as 5G partner"
                or (_NEEDS_SAYER.match(word) and not (unit.says or unit.government))
                or (_CHOICE_WORD.match(word) and not _DIRECT_VENDOR.match(low, end))
                or not ctx.network
                or _only_talk(unit, start, ctx.notes, word)
                or (
                    word.endswith(_VENDOR_NAMES)  # "deployed by Huawei": whose network?
                    and not (unit.government or _STATE_OPERATOR.search(f"{ctx.title_low} {low}"))
                )
            ):
                continue
            status = Status.PARTNER
        elif kind == "neg_only":
            status = Status.ALLOWED
            evidence.append("negation")
        else:  # review, decl
            status = Status.UNDER_REVIEW
            bill = bool(_BILL_NOUN.match(word))
            # A bill is law when passed or signed (a court upholds bans, never bills).
            in_force = (
                bool(_ENACTED.search(_UPHELD.sub(" ", low))) and not _NOT_YET.search(low)
                if bill
                else unit.enacted
            )
            if (
                kind == "review"
                and (in_force or (ctx.title_enacted and not unit.in_title))
                and _LAW.search(low)
                and not _DRAFT_STAGE.match(word)
            ):
                # "parliament passes a law for security reviews of telecom gear": an approval
                # regime in force, a restriction (DESIGN.md, "Approval regimes"); a draft, a
                # reading or a bill awaiting signature is a step, under review.
                status = Status.RESTRICTED
                evidence.append("vetting law")

        # A power to exclude, given by a law or a bill ("a law allowing a ban on Huawei"): a
        # restriction once enacted, under review before.
        if (
            kind in ("ban", "remove", "restrict")
            and not negated
            and _POWER_BEFORE.search(pre[-40:])
        ):
            status = Status.RESTRICTED if unit.enacted else Status.UNDER_REVIEW
            evidence.append("power")

        # Deliberation and speculation.
        deliberate = False
        if status in (Status.BANNED, Status.RESTRICTED):
            musing = unit.musing(start, nominal=word.lower() in _NOMINAL)
            if musing is not None and not musing[1]:
                ctx.notes.append(f"speculation:{musing[0]} … {word}")
                unread = True
                continue  # "weighs barring Huawei", "plans to exclude": no step taken
            deliberation = _DELIBERATION.search(low, max(0, start - 100), start)
            if musing is not None:  # "parliament considers banning": a bill before it
                status = Status.UNDER_REVIEW
                evidence.append(f"step:{musing[0]}")
                deliberation = None
            if deliberation is not None and (
                _AFTER_STEP.search(low, max(0, deliberation.start() - 30), deliberation.start())
                or _DECIDED.search(low, deliberation.end(), start)
            ):
                deliberation = None  # "after a review, decided to exclude": decided
            if deliberation is not None:
                status, deliberate = Status.UNDER_REVIEW, True
                evidence.append(f"deliberation:{deliberation.group(0)}")
            elif noun_step is not None:
                status, deliberate = Status.UNDER_REVIEW, True
                evidence.append(f"step:{noun_step.group(0).strip(' ,.:;')}")
        if kind not in ("review", "decl") and not deliberate:
            hedge = unit.speculation(start)
            if hedge is not None and hedge.startswith("measure:"):
                # What a bill or law would do: under review until enacted; a law that "could"
                # exclude gives a power, a restriction.
                if status in (Status.BANNED, Status.RESTRICTED):
                    if not unit.enacted:
                        status = Status.UNDER_REVIEW
                    elif hedge.endswith(("could", "may", "might")):
                        status = Status.RESTRICTED
                evidence.append(hedge)
            elif hedge is not None:  # "may ban", "could bar": speculation (DESIGN.md)
                ctx.notes.append(f"speculation:{hedge} … {word}")
                unread = True
                continue

        # Who acts: an operator's choice of vendors is not national policy.
        passive = bool(
            _BE_BEFORE.search(low, max(0, start - 30), start)
            or any(v_end <= start and start - v_end <= 40 for _, v_end in unit.vendors)
        )
        if kind in (Status.PARTNER, "allow", "review", "decl", "neg_only"):
            passive = passive and not any(m.end <= start for m in unit.eligible)
        keeps_out = denied or (
            kind in ("ban", "remove", "restrict", "stop_using") and status != Status.ALLOWED
        )
        if (kind == "allow" or keeps_out) and unit.actor_before(start) == "operator":
            if not (keeps_out and _STATE_NETWORK.search(low)):
                ctx.notes.append(f"operator:{word}")
                continue
            # A state operator that runs the country's networks excludes for its state.
            evidence.append("state operator")
        elif kind == "ban" and _CHOICE_OVER.match(word):
            ctx.notes.append(f"choice:{word}")  # "picks Ericsson over Huawei": not a state's
            continue
        if kind in ("ban", "remove") and status == Status.BANNED:
            # A government stopping one named operator's purchase is a restriction.
            named = _OPERATOR.search(unit.text, end, min(len(low), end + 60))
            if (
                named is not None
                and named.group(0)[:1].isupper()
                and not _overlaps(unit.vendors, named.start(), named.end())
            ):
                state_acts = unit.government or any(
                    m.end <= start and m.kind != "operator" for m in unit.eligible
                )  # "Italy vetoes Fastweb's deal": a country acts
                if not state_acts:  # "excluded from SoftBank's network": its choice
                    ctx.notes.append(f"operator:{named.group(0)}")
                    continue
                others = [
                    m
                    for m in _OPERATOR.finditer(unit.text, named.end(), min(len(low), end + 90))
                    if m.group(0)[:1].isupper()
                ]
                if not others:  # one operator, not "Jio, Airtel, Vodafone Idea and MTNL"
                    status, scoped = Status.RESTRICTED, True
                    evidence.append(f"operator-scope:{named.group(0)}")

        # Declarations: every co-signatory but the one promoting them (the US); with the
        # vendor or China as a party, a partnership.
        if kind == "decl":
            if unit.vendor_party(start, end) and (
                unit.private_operator() is not None or not ctx.five_g
            ):
                ctx.notes.append(f"a deal, no state role or not 5G:{word}")
                continue
            if unit.vendor_party(start, end):
                status = Status.PARTNER
                evidence[0] = f"partner:{unit.text[start:end]}"
            else:
                for m in unit.eligible:
                    if m.iso2 != "US" and not _VENUE_BEFORE.search(low, 0, m.start):
                        found.append(
                            _Candidate(
                                iso2=m.iso2,
                                status=status,
                                weight=_BASE_WEIGHT[status] + (0.1 if unit.in_title else 0.0),
                                in_title=unit.in_title,
                                enacted=False,
                                deliberate=False,
                                scoped=False,
                                evidence=[*evidence, f"subject:{m.term}"],
                            )
                        )
                continue

        subject = unit.subject(start, end, passive)
        if subject is not None:
            iso2, term, fallback = subject.iso2, subject.term, False
        elif ctx.fallback is not None:
            iso2, term, fallback = ctx.fallback, ctx.fallback_term, True
        else:
            continue
        if iso2 == "EU" and status == Status.BANNED and _MEMBER.search(low):
            status, scoped = Status.RESTRICTED, True  # the EU asks its members; they decide
            evidence.append("eu:member states")
        weight = _BASE_WEIGHT[status] - (0.05 if deliberate else 0.0)
        weight += (0.1 if unit.in_title else 0.0) - (0.1 if fallback else 0.0)
        enacted = unit.enacted and status in (Status.BANNED, Status.RESTRICTED)
        # "Bulgaria, Kosovo and North Macedonia join ...": every country of the subject.
        for each, who in [(iso2, term), *(unit.coordinated(subject) if subject else [])]:
            found.append(
                _Candidate(
                    iso2=each,
                    status=status,
                    weight=weight,
                    in_title=unit.in_title,
                    enacted=enacted,
                    deliberate=deliberate,
                    scoped=scoped,
                    evidence=[*evidence, f"{'article' if fallback else 'subject'}:{who}"],
                )
            )
    if not found:
        regime = _regime(unit, ctx)
        if regime is not None:
            found.append(regime)
    return found, unread


# A law, directive or rules that let an authority vet or ban telecom equipment or providers,
# no vendor named: an approval regime (DESIGN.md, "Approval regimes"), restricted once in
# force, under review while a bill.
_REGIME = re.compile(
    r"\b(?:laws?|legislation|act|amendments?|directives?|decrees?|rules|regulations?|bills?)\b"
    r"[^.;]{0,80}?\b(?:ban|bar|vet|screen|scrutini[sz]e|exclude|restrict|approve|certify|"
    r"check)\w*\b(?:\W+\w+){0,4}?\W+(?:telecom\w*|network|5g|mobile|communications?|ict)\W+"
    r"(?:(?:network|service|mobile)\W+)?(?:equipment|gear|kit|devices|products|providers|"
    r"suppliers|vendors|operators)\b|"
    r"\b(?:only (?:\W?trusted\W? )|list of \W?trusted\W? )(?:\w+ ){0,2}?(?:equipment|sources?|"
    r"products?|vendors?|suppliers?)\b|"
    # A security law for the networks themselves ("5G cybersecurity law").
    r"\b(?:5g|telecoms?|telecommunications?) (?:network )?(?:cyber ?)?security "
    r"(?:laws?|act|rules|regulations?|decree|legislation|bills?)\b"
)
_REGIME_WORDS = (
    "law",
    "act",
    "legislat",
    "direct",
    "rules",
    "regulat",
    "decree",
    "trusted",
    "bill",
    "amendment",
)
_IN_FORCE = re.compile(
    r"\b(?:pass(?:es|ed)?|approv(?:es|ed)|adopt(?:s|ed)|enact\w*|sign(?:s|ed)|issu(?:es|ed)|"
    r"announc(?:es|ed)|introduc(?:es|ed)|in force)\b"
)


def _regime(unit: _Unit, ctx: _Context) -> _Candidate | None:
    """An approval regime for unnamed vendors, read from one unit (see ``_REGIME``)."""
    low = unit.low
    if not unit.in_title and ctx.vendor_in_title:
        return None  # the title names the vendor: its cues are the news
    if not any(word in low for word in _REGIME_WORDS):
        return None  # a cheap test first
    match = _REGIME.search(low)
    if match is None or unit.vendors:
        return None
    bill = bool(re.search(r"\b(?:bills?|draft\w*)\b", low)) and not unit.enacted
    in_force = unit.enacted or bool(_IN_FORCE.search(low))
    status = Status.RESTRICTED if in_force and not bill else Status.UNDER_REVIEW
    subject = unit.subject(match.start(), match.start(), False)
    if subject is not None:
        iso2, who = subject.iso2, f"subject:{subject.term}"
    elif ctx.fallback is not None:
        iso2, who = ctx.fallback, f"article:{ctx.fallback_term}"
    else:
        return None
    return _Candidate(
        iso2=iso2,
        status=status,
        weight=_BASE_WEIGHT[status] + (0.1 if unit.in_title else 0.0) - 0.05,
        in_title=unit.in_title,
        enacted=in_force and not bill,
        deliberate=False,
        scoped=True,
        evidence=[f"approval regime:{match.group(0)}", who],
    )


# -- the article ----------------------------------------------------------------------------


def _resolve(cands: list[_Candidate], bill_stage: bool, enacted_any: bool) -> _Candidate:
    """One finding per country from its candidates (see the module docstring, step 6)."""
    if bill_stage and not enacted_any:
        cands = [
            dataclasses.replace(
                c,
                status=Status.UNDER_REVIEW,
                weight=c.weight - 0.05,
                enacted=False,
                evidence=[*c.evidence, "bill-stage"],
            )
            if c.status in (Status.BANNED, Status.RESTRICTED)
            else c
            for c in cands
        ]
    enacted = [c for c in cands if c.enacted]
    if enacted:
        cands = enacted
    else:
        title = [c for c in cands if c.in_title]
        summary = [c for c in cands if not c.in_title]
        if title and all(c.deliberate for c in title):
            # "Germany eyes ban ..." over "Germany plans to ban ...": the decided reading.
            cands = [c for c in summary if c.status in (Status.BANNED, Status.RESTRICTED)] or title
        elif title:
            cands = title + [c for c in summary if c.scoped and c.status == Status.RESTRICTED]
    # A scoped restriction beats a plain ban; a restriction beats an "allowed with limits".
    statuses = {c.status for c in cands}
    if Status.RESTRICTED in statuses and (
        Status.ALLOWED in statuses or any(c.scoped for c in cands)
    ):
        cands = [c for c in cands if c.status == Status.RESTRICTED]
    return max(cands, key=lambda c: (c.in_title, c.weight, FINDING_RANK[c.status]))


def _frame(title: str, title_cands: list[_Candidate], unread: bool) -> str | None:
    """Why the summary is background: the title's kind of article, or None."""
    low = _lower(title)
    if _FRAME_COMPANY.search(low) and not _STATE_SAYS.search(low):
        return "company"
    if _FRAME_EXPLAINER.search(low):
        return "explainer"
    if _FRAME_FUNDING.search(low):
        return "funding"
    if title_cands:
        return None
    if unread or (_URGE.search(low) and not _NOT_BACKGROUND_TITLE.search(low)):
        return "undecided"  # someone's wish, or speculation
    if _VENDOR_CHOICE.search(low):
        return "choice"
    if _CRITICISM.search(low):
        return "criticism"
    # An operator as the title's actor: among its first words, not after a preposition.
    head = " ".join(_HEAD_LABEL.sub("", title).split()[:5])  # "MORE GOOD NEWS: Telus ..."
    head_low = _lower(head)
    vendors = _vendor_spans(head_low)
    for m in _OPERATOR.finditer(head):
        if (
            m.group(0)[:1].isupper()
            and not _overlaps(vendors, m.start(), m.end())
            and not _PREPOSITION_BEFORE.search(head_low, 0, m.start())
            and not _STATE_OPERATOR.match(head_low, m.start())
        ):
            return "operator"  # a private one: a state-owned operator acts for its state
    return None


# Words opening a subordinate clause: a country after them is background to the news.
_SUBORDINATE = frozenset(
    (
        "as", "while", "after", "when", "since", "although", "though", "if", "because", "unlike",
        "like", "following", "despite", "amid", "before", "unless", "whereas",
    )
)  # fmt: skip


# The standfirst's first country is its subject unless a preposition governs it ("The
# implication of the recent US ban ..."); a time phrase first ("On Tuesday, ...") is no matter.
_TIME_LEAD = re.compile(
    r"^\W*(?:(?:late |early )?on |last |this |earlier |later )?(?:\w+day|week|month|year|"
    r"weekend|morning|evening|night)\W*"
)
_LEAD_PREP = frozenset(
    ("of", "in", "on", "at", "for", "with", "from", "about", "to", "over", "under", "against")
)
# Words opening a phrase before a sentence's subject ("In a blow to Washington, ...").
_OPENERS = _LEAD_PREP | frozenset(
    ("by", "despite", "amid", "following", "after", "like", "unlike", "within", "among")
)
_SUBORDINATE_OPEN = re.compile(r"\W*(?:as|while|although|though|unlike|whereas)\b")


# A region or many countries as the title's subject: no one country is the article's.
_REGION = re.compile(
    r"\b(?:latin america\w*|south america\w*|central america\w*|africa\w*|asia\w*|"
    r"middle east\w*|gulf|balkans?|nordics?|baltics?|scandinavia\w*|(?:eastern|central|western) "
    r"europe\w*|western (?:nations|countries|allies|governments)|(?:many|several|some|other|more|"
    r"most|few|\w+ian) (?:countries|nations|governments)|countries|nations|economies)\b"
)
_OLDER = re.compile(r"\b(?:[234]g|lte)\b")
_NEWER = re.compile(
    r"\b(?:5g|6g|next[- ]gen\w*|fifth[- ]generation|mobile (?:broadband|networks?)|"
    r"wireless networks?)"
)


# Words of an exclusion or a security concern: a 4G article with them can still be policy.
_RESTRICTIVE = re.compile(
    r"\b(?:ban\w*|bar|bars|barred|barring|exclu\w+|block\w*|prohibit\w*|restrict\w*|"
    r"remov\w+|replac\w+|rip\w*|security|spy\w*|espionage|risks?|threats?|blacklist\w*)\b"
)


def _older_only(*texts: str) -> bool:
    """Does the article name 4G, 3G or LTE and never 5G (a 4G deal is not 5G policy)?"""
    older = any(_may_be_older(t) and _OLDER.search(t) for t in texts)
    return older and not any(_NEWER.search(t) for t in texts)


# Rarely true: a few substring tests (read from the pattern) before the scan.
_may_be_older = lexicon.may_match(_OLDER)


def _fallback(
    parts: list[tuple[str, list[countries.Mention]]],
) -> tuple[str, str] | None:
    """The article's main country: the first actor-like country in the title, else the
    standfirst's, when it opens the standfirst (its subject)."""
    for i, (text, mentions) in enumerate(parts):
        if mentions:
            unit = _Unit(text, True, mentions)
            if unit.eligible:
                first = unit.eligible[0]
                head = text[: first.start].lower()
                lead = _TIME_LEAD.sub("", head).split()
                clause = head.rsplit(",", 1)[-1].split()  # after an opening phrase
                if i > 0 and (
                    len(lead) > 6
                    or _SUBORDINATE.intersection(lead)
                    or _LEAD_PREP.intersection(clause)
                ):
                    return None  # not the standfirst's subject ("As Britain was banning ...")
                return first.iso2, first.term
    return None


# An allowance that only describes use ("Huawei kit is used in ...", "took part in trials"):
# the status quo, not a decision (read from the title; not enough in a standfirst alone).
_STATUS_QUO = re.compile(
    r"allow:(?:.*\b(?:use|using|used)\b|trial|test|foothold|participat|involve|"
    r"(?:be |been )involved|tak\w+ part)"
)


def _standfirst_adds(
    unit: _Unit, cand: _Candidate, notes: list[str], title_named: frozenset[str]
) -> bool:
    """May a standfirst sentence add this finding to a title that gives none? Only about the
    sentence's subject (its first country that can act, or the article's own), not one of a
    list of countries ("the US, Britain, Australia and Japan have ..."), and not an allowance
    that only describes use. A country the title does not name must lead the sentence ("The
    Dominican Republic has banned ...", "Italy's government ..."), or be the only one named
    in a sentence a government opens ("The government signed ... in Cambodia"). Findings read
    from a standfirst alone were right less than half the time on unseen news (DETECT.md)."""
    # An opening phrase closed by a comma ("In a blow to Washington, Hungary ...") is not
    # where the subject is.
    words = unit.low.split(None, 1)
    comma = unit.low.find(",")
    opener = comma if words and words[0] in _OPENERS and comma > 0 else -1
    eligible = [m for m in unit.eligible if m.start > opener]
    subject = any(e.startswith("article:") for e in cand.evidence) or (
        bool(eligible) and eligible[0].iso2 == cand.iso2
    )
    listed = unit.longest_list() > 2
    quo = cand.status == Status.ALLOWED and bool(_STATUS_QUO.match(cand.evidence[0].lower()))
    placed = cand.iso2 in title_named or _leads(unit, cand.iso2)
    if subject and not listed and not quo and placed:
        return True
    why = (
        "not its subject"
        if not subject
        else "a list of countries"
        if listed
        else "use only"
        if quo
        else "a country the title does not name, not leading the sentence"
    )
    notes.append(f"standfirst, {why}:{cand.iso2} {cand.status}")
    return False


# The start of a standfirst sentence, where its subject is named.
_LEAD_CHARS = 45
_GOVERNMENT_LEAD_CHARS = 30


def _leads(unit: _Unit, iso2: str) -> bool:
    """Is the country the sentence's subject by position: named at its start, or the only
    country named in a sentence a government opens?"""
    if any(m.iso2 == iso2 and m.start < _LEAD_CHARS for m in unit.mentions):
        return True
    named = {m.iso2 for m in unit.mentions if m.iso2 != "CN"}
    return named == {iso2} and bool(_GOVERNMENT.search(unit.low, 0, _GOVERNMENT_LEAD_CHARS))


def _findings(
    title: str,
    summary: str,
    t_mentions: list[countries.Mention],
    s_mentions: list[countries.Mention],
    notes: list[str] | None = None,
    home: Callable[[], str | None] | None = None,
) -> list[CountryFinding]:
    """The status findings; ``notes`` collects the cues set aside, and why. ``home`` gives the
    outlet's home country: national press names no country for its own government ("The
    Government has introduced ..."), so with no country named it stands in when a government
    acts."""
    fallback = _fallback([(title, t_mentions), (summary, s_mentions)])
    title_low = _lower(title)
    summary_low = _lower(summary)
    # "5G auctions in Latin America ...": the standfirst's country is one of many.
    regional = bool(_REGION.search(title_low)) and not _Unit(title, True, t_mentions).eligible
    if regional:
        fallback = None
    if (
        fallback is None
        and home is not None
        and all(m.iso2 == "CN" for m in t_mentions + s_mentions)
        and (_GOVERNMENT.search(title_low) or _GOVERNMENT.search(summary_low))
    ):
        outlet_home = home()
        if outlet_home:
            fallback = (outlet_home, f"home:{outlet_home}")
    ctx = _Context(
        title_low,
        bool(_VENDOR.search(title_low)),
        fallback[0] if fallback else None,
        fallback[1] if fallback else "",
        notes if notes is not None else [],
        bool(_NETWORK_CONTEXT.search(title_low) or _NETWORK_CONTEXT.search(summary_low)),
        _older_only(title_low, summary_low),
        bool(_NEWER.search(title_low) or _NEWER.search(summary_low)),
        bool(_VENDOR.search(summary_low)),
        bool(_FOLLOW_SUIT.search(title_low) or _FOLLOW_SUIT.search(summary_low)),
        bool(_ENACTED.search(title_low)),
    )
    title_cands: list[_Candidate] = []
    unread = False
    for start, end in _split(title, True):
        unit = _Unit(title[start:end], True, countries.mentions_within(t_mentions, start, end))
        found, dropped = _analyse(unit, ctx)
        title_cands.extend(found)
        unread = unread or dropped
    frame = _frame(title, title_cands, unread)
    if frame is None and regional and not title_cands:
        frame = "region"  # a region's story: the standfirst's countries are its examples
    if frame in ("company", "funding", "explainer"):
        ctx.notes.append(f"frame:{frame}")
        return []  # a company's words, a court case, a funding programme: no decision
    if frame == "operator":
        ctx.notes.append("frame:operator (summary read for a state's part in the deal only)")
    elif frame is not None:
        ctx.notes.append(f"frame:{frame} (summary not read)")
    summary_cands: list[_Candidate] = []
    title_named = frozenset(m.iso2 for m in t_mentions)
    if frame in (None, "operator", "choice", "undecided") and summary:
        for start, end in _split(summary, False):
            unit = _Unit(
                summary[start:end], False, countries.mentions_within(s_mentions, start, end)
            )
            unit.anaphora = ctx.vendor_in_title
            found = _analyse(unit, ctx)[0]
            if not title_cands and frame is None:  # the standfirst's own news
                found = [c for c in found if _standfirst_adds(unit, c, ctx.notes, title_named)]
            summary_cands.extend(found)
        if frame == "operator":  # an operator's deal: a finding only where the state signs
            summary_cands = [c for c in summary_cands if c.status == Status.PARTNER]
        elif frame == "undecided":  # a title's speculation: the standfirst's formal step
            summary_cands = [
                c
                for c in summary_cands
                if c.status == Status.UNDER_REVIEW
                and not c.deliberate
                and any(m.iso2 == c.iso2 for m in t_mentions)
            ]
        elif frame == "choice":  # operators chose: a finding only where no one was excluded
            summary_cands = [
                c for c in summary_cands if c.status == Status.ALLOWED and "negation" in c.evidence
            ]
        if title_cands:  # the summary refines the title's countries, it adds none
            keep = {c.iso2 for c in title_cands}
            summary_cands = [c for c in summary_cands if c.iso2 in keep]
    # China only as a state operator's choice of the vendor ("China Mobile picks Huawei").
    cands = [c for c in title_cands + summary_cands if c.iso2 != "CN" or c.status == Status.PARTNER]
    if not cands:
        return []
    bill_stage = bool(_BILL_STAGE.search(title_low) or _BILL_STAGE.search(summary_low))
    enacted_any = any(c.enacted for c in cands)
    if _NOT_YET.search(title_low) or _NOT_YET.search(summary_low):
        bill_stage, enacted_any = True, False  # passed, but awaiting the head of state's signature
    by_country: dict[str, list[_Candidate]] = {}
    for cand in cands:
        by_country.setdefault(cand.iso2, []).append(cand)
    out: list[CountryFinding] = []
    for iso2, group in by_country.items():
        best = _resolve(group, bill_stage, enacted_any)
        confidence = max(0.05, min(0.99, best.weight))
        out.append(CountryFinding(iso2, best.status, round(confidence, 3), tuple(best.evidence)))
    return out


def _about(
    text: str, mentions: list[countries.Mention], others: set[str]
) -> list[countries.Mention]:
    """The countries a text is about: not China as the vendors' home, nor Ericsson's Sweden,
    nor the home of a multinational operator when other countries are named."""
    found: list[countries.Mention] = []
    low = _lower(text)
    for m in mentions:
        tail = low[m.end : m.end + 50]
        if m.iso2 == "CN" and _CN_VENDOR.match(tail):
            continue
        if m.iso2 != "CN" and _RIVAL_AFTER.match(tail):
            continue
        if m.kind == "operator" and others - {m.iso2}:
            continue
        if all(m.iso2 != f.iso2 for f in found):
            found.append(m)
    return found


_RIVAL_AFTER = re.compile(  # "Sweden's Ericsson", "Finnish rival Nokia", "Taiwanese Askey"
    r"(?:'s)?\W*(?:\w+ )?(?:firm |company |rival |vendor )?(?:ericsson|nokia|samsung|askey|"
    r"cisco)\b",
)


_NO_VENDOR_CAP = lexicon.NO_VENDOR_CAP
_COUNTRY_WEIGHT = 0.06  # a country named with the vendor in the title: a policy word's weight
_VENDOR_OR_ANGLE = re.compile(f"(?:{_VENDOR.pattern})|(?:{_ANGLE.pattern})")  # one pass


def language(title: str, summary: str = "") -> str:
    """The language an article is written in (:func:`bot.news.lexicon.detect` over its
    headline and the start of its standfirst)."""
    return lexicon.detect(f"{title}\n{(summary or '')[:160]}")


def could_be_relevant(title: str, summary: str, threshold: float, lang: str | None = None) -> bool:
    """A cheap first look: False only when ``classify`` cannot find the text relevant at this
    threshold (a text that names no vendor and no policy angle scores ``_NO_VENDOR_CAP`` at
    most). Most of a general news feed stops here. ``lang``: the article's language, if known
    (:func:`language`)."""
    if threshold <= _NO_VENDOR_CAP:
        return True
    lowered = _lower(_unquote(f"{title}\n{summary}"))
    if _VENDOR_OR_ANGLE.search(lowered):
        return True
    if _may_threat(lowered) and _VENDOR_THREAT.search(lowered):
        return True
    if _REGIME.search(lowered):
        return True
    # The other languages' words for the vendors ("chinesische Anbieter", "lex Huawei"), for an
    # article in one of them.
    if (lang or language(title, summary)) == "en":
        return False
    return bool(lexicon.vendor_or_angle().search(lexicon.lower(lowered)))


def relevance(text: str, title: str = "") -> tuple[float, list[str]]:
    """A 0..1 score for how much the text is about Huawei/ZTE network policy, and why.

    ``title``, when given, is the start of ``text``: distractor words there weigh more.
    """
    text = _unquote(text)
    title = _unquote(title)
    lowered = _lower(text)
    vendor = [m.group(0) for m in _VENDOR.finditer(lowered)]
    if _may_threat(lowered):
        vendor += [m.group(0) for m in _VENDOR_THREAT.finditer(lowered)]
    angle = [m.group(0) for m in _ANGLE.finditer(lowered)]
    angle += [m.group(0) for m in _REGIME.finditer(lowered)]  # an approval regime for vendors
    split = len(title) if title and text.startswith(title) else 0
    title_words = _TOKEN.findall(lowered, 0, split)
    body_words = _TOKEN.findall(lowered, split)
    title_pairs = _pairs(title_words)
    body_pairs = _pairs(body_words)
    pairs = title_pairs | body_pairs
    unique = set(title_words) | set(body_words)
    network = (unique & _NETWORK_WORDS) | (pairs & _NETWORK_PHRASES)
    policy = (unique & _POLICY_WORDS) | (pairs & _POLICY_PHRASES)
    policy |= {w for w in unique if w.startswith(_POLICY_PREFIXES)}
    off_title = (
        _off_topic(lowered[:split], title_words, title_pairs, title_only=True) if split else set()
    )
    off_body = _off_topic(lowered[split:], body_words, body_pairs, title_only=False)
    if _older_only(lowered) and not _RESTRICTIVE.search(lowered):
        off_title = off_title | {"4g only"}  # a 4G deal, no exclusion: not 5G policy
    strong = any(v[:1] in "hzur" for v in vendor)  # Huawei, ZTE, high-risk, untrusted
    return lexicon.weigh_relevance(
        vendor, angle, network, policy, off_title, off_body, strong=strong
    )


def _pairs(words: list[str]) -> set[str]:
    """The two-word phrases of ``words`` that can be one of the listed phrases (or a "Mate"
    model): only those starting with a listed phrase's first word are made."""
    return {f"{a} {b}" for a, b in pairwise(words) if a in _PAIR_HEADS}


# The first words of the two-word phrases relevance looks up ("mate": "Mate 20", a phone).
_PAIR_HEADS = frozenset(
    phrase.split(" ", 1)[0] for phrase in _NETWORK_PHRASES | _POLICY_PHRASES | _OFF_PHRASES
) | {"mate"}


def _off_topic(lowered: str, words: list[str], pairs: set[str], title_only: bool) -> set[str]:
    """The distractor words of one part of the text (phone models: "Mate 20", "P30")."""
    found = set(words) & _OFF_WORDS
    found |= pairs & _OFF_PHRASES
    found |= {w for w in words if w[0] in "mp" and _OFF_MODEL.match(w)}
    if "mate" in words:
        found |= {p for p in pairs if p.startswith("mate ") and p[5:].isdigit()}
    if any(w in lowered for w in ("sell", "sale", "suppl", "export")):
        found |= {m.group(0) for m in _OFF_SELL_TO.finditer(lowered)}
    if title_only and found:
        found |= set(words) & _OFF_TITLE_ONLY
    return found


def classify(
    title: str,
    summary: str = "",
    threshold: float = 0.5,
    home: str | Callable[[], str | None] | None = None,
    lang: str | None = None,
) -> Classification:
    """Classify one article, in whichever language it is written. Never raises on any text.

    ``home`` is the outlet's home country (:func:`bot.news.stories.home_country`), if known:
    national press often names no country for its own government's decision ("Kabinet sluit
    Huawei niet uit"); it stands in for an article in another language than English that
    names none. It may be a function, called only for such an article. ``lang`` is the
    article's language when already known (:func:`language`).
    """
    title = _unquote(title or "")
    summary = _unquote(summary or "")
    lang = lang or language(title, summary)
    if lang != "en":
        return _classify_other(title, summary, threshold, lang, home() if callable(home) else home)
    score, evidence = relevance(f"{title}\n{summary}", title)
    t_mentions = _mentions(title)
    s_mentions = _mentions(summary)
    title_low = _lower(title)
    if (
        score < threshold <= score + _COUNTRY_WEIGHT
        and not any(e.startswith("off-topic:") for e in evidence)
        and _VENDOR.search(title_low)
        and (any(m.iso2 != "CN" for m in t_mentions) or _REGION.search(title_low))
    ):
        # "Huawei: friend or foe of the Philippines?": the vendor and a country in the title
        # is the vendor's standing there, as a policy word would say.
        score += _COUNTRY_WEIGHT
        evidence.append("policy:the vendor in a country")
    relevant = score >= threshold
    named = {m.iso2 for m in t_mentions + s_mentions if m.kind != "operator" and m.iso2 != "CN"}
    merged: dict[str, CountryFinding] = {}
    for m in _about(title, t_mentions, named) + _about(summary, s_mentions, named):
        if m.iso2 not in merged:
            merged[m.iso2] = CountryFinding(m.iso2, None, 0.5, (f"mentioned:{m.term}",))
    if relevant:
        notes: list[str] = []
        home_of = home if callable(home) else (lambda: home)
        for finding in _findings(title, summary, t_mentions, s_mentions, notes, home_of):
            merged[finding.iso2] = finding
        evidence += [f"set aside: {note}" for note in notes]
    else:
        evidence.append(f"not relevant (score below {threshold:g}): no status read")
    return Classification(relevant, score, tuple(merged.values()), tuple(evidence))


def _classify_other(
    title: str, summary: str, threshold: float, lang: str, home: str | None
) -> Classification:
    """An article in another language the bot reads (see :mod:`bot.news.reader`)."""
    lex = lexicon.lexicon(lang)
    score, evidence = reader.relevance(lex, title, summary)
    evidence.insert(0, f"language:{lang}")
    t_mentions = countries.find_mentions_in(title, lang)
    if (
        lexicon.raw(lang).get("title_country_is_policy")
        and score < threshold <= score + _COUNTRY_WEIGHT
        and not any(e.startswith("off-topic:") for e in evidence)
        and reader.vendor_in(lex, title)
        and any(m.iso2 != "CN" and m.kind != "operator" for m in t_mentions)
    ):
        # as in English: the vendor and a country in the title is the vendor's standing there
        score += _COUNTRY_WEIGHT
        evidence.append("policy:the vendor in a country")
    relevant = score >= threshold
    s_mentions = countries.find_mentions_in(summary, lang)
    named = {m.iso2 for m in t_mentions + s_mentions if m.kind != "operator" and m.iso2 != "CN"}
    merged: dict[str, CountryFinding] = {}
    for text, mentions in ((title, t_mentions), (summary, s_mentions)):
        for m in _about(text, mentions, named):
            if m.iso2 not in merged and not (m.iso2 == "CN" and m.kind == "demonym"):
                merged[m.iso2] = CountryFinding(m.iso2, None, 0.5, (f"mentioned:{m.term}",))
    if relevant:
        notes: list[str] = []
        found = reader.findings(lex, title, summary, t_mentions, s_mentions, notes, home)
        for read in found:
            confidence = max(0.05, min(0.99, read.weight))
            merged[read.iso2] = CountryFinding(
                read.iso2, read.status, round(confidence, 3), tuple(read.evidence)
            )
        evidence += [f"set aside: {note}" for note in notes]
    else:
        evidence.append(f"not relevant (score below {threshold:g}): no status read")
    return Classification(relevant, score, tuple(merged.values()), tuple(evidence), lang)


# The policy angles (many alternatives, read over every article): tried only at a word's start
# before one of the strings a match can start with (:func:`bot.news.lexicon.word_led`, derived
# from the pattern): the same matches, 2x faster.
_ANGLE = lexicon.word_led(_ANGLE)
# The patterns scanned most, each with a look-ahead on the letters it can start with
# (:func:`bot.news.lexicon.quick`): the same matches, found several times faster.
for _name in (
    "_VENDOR", "_VENDOR_OR_ANGLE", "_VENDOR_THREAT", "_BACKGROUND_WORD",
    "_BILL_STAGE", "_CRITICISM", "_DELIBERATION", "_ENACTED", "_GOVERNMENT", "_NETWORK_CONTEXT",
    "_SAID", "_SPECULATION", "_URGE", "_STATE_OPERATOR", "_NEGATION", "_REVERSAL",
    "_BACKGROUND", "_OBLIGED", "_PRESSURE_FROM", "_NOT_ACTOR_BEFORE", "_PREPOSITION_BEFORE",
    "_ORDER_BEFORE", "_BE_BEFORE", "_VENDOR_CHOICE", "_FRAME_FUNDING", "_REGIME",
):  # fmt: skip
    globals()[_name] = lexicon.quick(globals()[_name])

# Every other pattern that starts at a word boundary (``\b``) gets the same look-ahead: the
# regex engine has nothing else to skip ahead with on those. Chosen from each pattern itself,
# so a pattern added or changed later is covered too; the matches are the same.
for _name, _value in list(globals().items()):
    if isinstance(_value, re.Pattern) and lexicon.starts_at_word_boundary(_value):
        globals()[_name] = lexicon.quick(_value)
lexicon.unlock_cached_properties(_Unit)
