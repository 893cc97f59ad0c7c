"""Synthetic but realistic news text for the benchmarks (deterministic for a given seed).

About one headline in five is about Huawei/ZTE and 5G policy; the rest is ordinary tech news
(some of it about Huawei phones, which the classifier must reject). Country names are real so
the detector and the grouping do their real work.
"""

from __future__ import annotations

import email.utils
import random
import re
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

# (name as written in headlines, ISO alpha-2): 60 countries and blocs.
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("UK", "GB"), ("Germany", "DE"), ("France", "FR"), ("Italy", "IT"), ("Spain", "ES"),
    ("Portugal", "PT"), ("the Netherlands", "NL"), ("Belgium", "BE"), ("Sweden", "SE"),
    ("Norway", "NO"), ("Denmark", "DK"), ("Finland", "FI"), ("Poland", "PL"),
    ("the Czech Republic", "CZ"), ("Austria", "AT"), ("Switzerland", "CH"), ("Ireland", "IE"),
    ("Greece", "GR"), ("Romania", "RO"), ("Hungary", "HU"), ("Bulgaria", "BG"),
    ("Estonia", "EE"), ("Latvia", "LV"), ("Lithuania", "LT"), ("Slovakia", "SK"),
    ("Slovenia", "SI"), ("Croatia", "HR"), ("Serbia", "RS"), ("Ukraine", "UA"),
    ("Turkey", "TR"), ("the US", "US"), ("Canada", "CA"), ("Mexico", "MX"), ("Brazil", "BR"),
    ("Argentina", "AR"), ("Chile", "CL"), ("Colombia", "CO"), ("Peru", "PE"),
    ("Australia", "AU"), ("New Zealand", "NZ"), ("Japan", "JP"), ("South Korea", "KR"),
    ("Taiwan", "TW"), ("India", "IN"), ("Pakistan", "PK"), ("Bangladesh", "BD"),
    ("Indonesia", "ID"), ("Malaysia", "MY"), ("Thailand", "TH"), ("Vietnam", "VN"),
    ("the Philippines", "PH"), ("Singapore", "SG"), ("Saudi Arabia", "SA"),
    ("the UAE", "AE"), ("Qatar", "QA"), ("Egypt", "EG"), ("Nigeria", "NG"), ("Kenya", "KE"),
    ("South Africa", "ZA"), ("Morocco", "MA"),
)  # fmt: skip

OPERATORS = (
    "Vodafone", "Orange", "Telefonica", "Deutsche Telekom", "BT", "Telia", "Telenor", "KPN",
    "Proximus", "Swisscom", "Telstra", "Optus", "Rogers", "Telus", "Airtel", "Jio", "Globe",
    "Maxis", "Safaricom", "MTN", "Etisalat", "STC", "Claro", "Entel", "Singtel", "KDDI",
)  # fmt: skip
VENDORS = ("Huawei", "ZTE", "Huawei and ZTE", "Chinese vendors", "high-risk vendors")

RELEVANT = (
    "{c} bans {v} from its 5G networks",
    "{c} to phase out {v} gear from core 5G network by {y}",
    "{c} government reviews role of {v} in 5G rollout",
    "{c} regulator orders removal of {v} equipment from mobile networks",
    "{o} signs 5G deal with Huawei in {c}",
    "{c} rules out ban on {v} 5G equipment, minister says",
    "Lawmakers in {c} push bill to bar {v} from telecom networks",
    "{c} restricts {v} to non-core parts of 5G network",
    "{c} weighs security review of {v} ahead of 5G auction",
    "{c} cabinet approves law excluding high-risk vendors from 5G",
    "US urges {c} to drop {v} from its networks",
    "{o} selects Huawei for 5G radio access network in {c}",
    "{c} extends deadline for operators to rip out {v} kit",
    "Security agency in {c} warns over {v} in critical infrastructure",
)
# On-topic headlines in the other languages the bot reads, each with a standfirst sentence.
RELEVANT_OTHER = (
    ("Bundesregierung schließt {v} aus dem 5G-Kernnetz aus",
     "Die Regierung in Berlin will die Netzbetreiber verpflichten, Komponenten zu ersetzen."),
    ("Le gouvernement français restreint {v} dans les réseaux 5G",
     "L'Anssi ne renouvellera pas les autorisations des opérateurs après 2028."),
    ("El Gobierno descarta vetar a {v} en las redes 5G",
     "El ministerio no incluirá a los proveedores chinos en la lista de alto riesgo."),
    ("Il governo esercita il golden power sui contratti 5G con {v}",
     "Il Consiglio dei ministri ha approvato le prescrizioni per gli operatori."),
    ("Portugal exclui {v} do núcleo das redes 5G",
     "A comissão de segurança decidiu que os operadores não podem usar equipamento chinês."),
    ("Rząd przyjął projekt ustawy wykluczającej {v} z sieci 5G w Polsce",
     "Nowelizacja ustawy o krajowym systemie cyberbezpieczeństwa trafi do Sejmu."),
    ("Kabinet sluit {v} niet uit van het 5G-netwerk",
     "Providers mogen apparatuur van Chinese leveranciers blijven gebruiken buiten de kern."),
    ("PTS förbjuder {v} i de svenska 5G-näten",
     "Operatörerna måste ta bort utrustningen senast 2025, enligt beslutet."),
    ("Guvernul interzice {v} în rețelele 5G din România",
     "Legea adoptată de Parlament cere autorizarea furnizorilor de către premier."),
    ("Regeringen vil forbyde {v} i det danske 5G-net",
     "Folketinget skal stemme om lovforslaget, som stiller krav til teleselskaberne."),
)  # fmt: skip
VENDORS_OTHER = ("Huawei", "ZTE", "Huawei und ZTE")
# Ordinary tech news: a small grammar, so that unrelated headlines rarely collide (as in
# real feeds, most items are distinct stories), plus a few Huawei items that are off-topic.
COMPANIES = (
    "Apple", "Microsoft", "Google", "Amazon", "Meta", "Samsung", "Sony", "Intel", "Nvidia",
    "AMD", "Qualcomm", "Xiaomi", "Oppo", "Lenovo", "Dell", "IBM", "Oracle", "SAP", "Salesforce",
    "Netflix", "Spotify", "Uber", "Tesla", "BYD", "Alibaba", "Tencent", "Baidu", "ByteDance",
    "OpenAI", "Nokia", "Ericsson", "Cisco", "Arm", "TSMC", "Infosys", "Wipro", "Shopify", "Zoom",
    "Adobe", "Siemens",
)  # fmt: skip
PRODUCTS = (
    "smartwatch", "laptop", "assistant", "cloud region", "console", "tablet", "streaming",
    "chip", "search", "payments", "headset", "earbuds", "car", "robot", "data centre", "browser",
    "editor", "chatbot", "tracker", "speaker", "drone", "e-reader", "router", "camera",
    "satellite", "battery", "display", "keyboard", "server", "database", "firewall", "modem",
    "printer", "scooter", "thermostat", "doorbell", "projector", "microscope", "wallet", "map",
)  # fmt: skip
VERBS = (
    "unveils", "launches", "scraps", "delays", "recalls", "teases", "prices", "upgrades",
    "ships", "tests", "redesigns", "discontinues", "previews", "licenses", "patents",
    "expands", "revamps", "halts", "resumes", "open-sources", "rebrands", "subsidises",
)  # fmt: skip
ADJECTIVES = (
    "cheaper", "faster", "foldable", "modular", "rugged", "solar-powered", "quantum",
    "open", "refurbished", "premium", "budget", "lightweight", "waterproof", "wireless",
    "enterprise", "student", "family", "offline", "secure", "recycled", "compact", "hybrid",
)  # fmt: skip
AUDIENCES = (
    "farmers", "hospitals", "schools", "banks", "gamers", "drivers", "retailers", "airlines",
    "creators", "developers", "pensioners", "startups", "factories", "museums", "athletes",
    "insurers", "shipping firms", "universities", "restaurants", "city councils",
)  # fmt: skip
UNRELATED_FIXED = (
    "Huawei launches new foldable smartphone in {c}",
    "Huawei quarterly revenue rises on strong smartphone sales",
    "Huawei Mate {n} review: a great camera with a catch",
    "{c} startup raises ${n} million to build AI chips",
    "Electric vehicle sales surge in {c} as prices fall",
    "{c} data centre boom strains local power grid",
    "{o} raises mobile prices in {c} for second time this year",
    "{c} unveils national AI strategy with ${n} million fund",
)
SYLLABLES = ("ka", "lo", "mi", "ra", "zen", "tek", "vo", "qu", "lyn", "dex", "ori", "sa", "nu")
TAILS = (
    "", "", "", " - report", " amid security concerns", " after long review",
    ", sources say", " as pressure mounts", " in landmark decision", " despite industry warnings",
)  # fmt: skip
SENTENCES = (
    "The decision follows months of consultation with operators and security agencies.",
    "Officials said the move was intended to protect critical national infrastructure.",
    "Operators warned that replacing existing equipment could cost billions and delay rollout.",
    "The company has repeatedly denied that it poses a security risk to its customers.",
    "Analysts expect the new rules to reshape the market for radio access equipment.",
    "The ministry did not give a timetable for the changes, according to people familiar.",
    "Industry groups said they would study the details before commenting further.",
    "Shares in the firm rose 3% in early trading after the announcement on Tuesday.",
    "The device features a larger screen, an upgraded camera and a faster processor.",
    "Sales in the region grew by double digits compared with the same quarter last year.",
    "The firm said it would invest heavily in research and development over five years.",
    "Regulators are expected to publish a final report later this year.",
    "Critics say the policy lacks clarity and leaves smaller carriers exposed.",
    "The network now covers most major cities, with rural coverage planned next year.",
    "Consumers will be able to buy the product online and in stores from next month.",
    "The announcement came during a visit by senior trade officials to the capital.",
)
CATEGORIES = ("Telecoms", "5G", "Policy", "Security", "Mobile", "Business", "Technology", "Asia")


class Text:
    """Headline, summary and link generator; ``relevant_share`` of headlines are on-topic."""

    def __init__(
        self, seed: int = 1, relevant_share: float = 0.2, other_languages: float = 0.0
    ) -> None:
        self.rng = random.Random(seed)
        self.relevant_share = relevant_share
        self.other_languages = other_languages  # share of on-topic items in other languages
        self.standfirst: str | None = None  # the other-language standfirst of the last one

    def headline(self) -> tuple[str, bool, str]:
        """(headline, meant to be relevant, iso2 of its country)."""
        r = self.rng
        name, iso2 = r.choice(COUNTRIES)
        relevant = r.random() < self.relevant_share
        self.standfirst = None
        if relevant and self.other_languages and r.random() < self.other_languages:
            template, self.standfirst = r.choice(RELEVANT_OTHER)
            return template.format(v=r.choice(VENDORS_OTHER)), True, iso2
        if relevant:
            template = r.choice(RELEVANT)
        elif r.random() < 0.05:
            template = r.choice(UNRELATED_FIXED)
        else:
            template = (
                f"{r.choice(COMPANIES)} {r.choice(VERBS)} {r.choice(ADJECTIVES)} {{p}} "
                f"{r.choice(SYLLABLES).capitalize()}{r.choice(SYLLABLES)} {r.randint(10, 99)} "
                f"for {r.choice(AUDIENCES)}"
            )
            if r.random() < 0.6:
                template += " in {c}"
        title = template.format(
            p=r.choice(PRODUCTS),
            s="".join(r.choice(SYLLABLES) for _ in range(3)).capitalize(),
            c=name,
            v=r.choice(VENDORS),
            o=r.choice(OPERATORS),
            y=r.randint(2019, 2029),
            n=r.randint(5, 900),
        )
        title = title[0].upper() + title[1:] + r.choice(TAILS if relevant else TAILS[:5])
        return title, relevant, iso2

    def summary(self, title: str, low: int = 300, high: int = 500) -> str:
        r = self.rng
        if self.standfirst:  # another language: its headline and standfirst, repeated
            text = f"{title}. {self.standfirst}"
            while len(text) < low:
                text += " " + self.standfirst
            return text
        want = r.randint(low, high)
        text = title.rstrip(".") + "."
        while len(text) < want:
            sentence = r.choice(SENTENCES)
            if len(text) + 1 + len(sentence) > want:  # the last one, cut at a word boundary
                if want - len(text) < 25:
                    break
                sentence = sentence[: want - len(text) - 2].rsplit(" ", 1)[0] + "..."
                text += " " + sentence
                break
            text += " " + sentence
        return text

    def slug(self, title: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].rstrip("-")


def rss_feed(
    text: Text, feed_no: int, items: int, now: datetime, spread: timedelta = timedelta(days=3)
) -> tuple[bytes, int]:
    """One RSS 2.0 document with ``items`` new items; returns (bytes, relevant-ish count)."""
    r = text.rng
    outlet = f"Telecom Outlet {feed_no}"
    host = f"news{feed_no}.example.com"
    tag = f"o{feed_no}"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"  <title>{outlet}</title>\n  <link>https://{host}/</link>\n"
        f"  <description>Latest news from {outlet}</description>\n  <language>en</language>\n"
        f"  <lastBuildDate>{email.utils.format_datetime(now, usegmt=True)}</lastBuildDate>\n"
    ]
    on_topic = 0
    for i in range(items):
        title, relevant, _iso2 = text.headline()
        on_topic += relevant
        when = now - timedelta(seconds=r.uniform(0, spread.total_seconds()))
        slug = text.slug(title)
        link = f"https://{host}/{when:%Y/%m/%d}/{slug}-{i}?utm_source=rss"
        summary = text.summary(title, 300, 420)  # inside CDATA: no escaping
        cats = "".join(f"<category>{c}</category>" for c in r.sample(CATEGORIES, 1))
        out.append(
            "  <item>\n"
            f"    <title>{escape(title)}</title>\n"
            f"    <link>{link}</link>\n"
            f'    <guid isPermaLink="false">{tag}-{i}-{r.getrandbits(32):08x}</guid>\n'
            f"    <pubDate>{email.utils.format_datetime(when, usegmt=True)}</pubDate>\n"
            f"    {cats}\n"
            f"    <description><![CDATA[<p>{summary}</p>]]></description>\n"
            "  </item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode(), on_topic
