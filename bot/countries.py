"""The one country resolver: user text to a country, for the CLI, Discord and news detection.

Three entry points share one gazetteer built from pycountry plus the curated tables below:

* :func:`resolve` / :func:`resolve_or_raise` / :func:`get` — a person typed a country.
  Exact match on a *key*: NFKD, diacritics stripped, casefolded, "." and apostrophes dropped,
  "&" read as "and", a leading "the" dropped, then every space and punctuation mark removed
  ("U.K." = "uk", "Viet Nam" = "vietnam", "the Netherlands" = "netherlands"). Codes (alpha-2,
  alpha-3), names, official and common names, aliases, native names and demonyms resolve;
  capitals, agencies and operators do not (they are news metonyms, not country names).
* :func:`suggest` / :func:`autocomplete` — fuzzy and prefix search for people.
* :func:`find_mentions` — every country mentioned in free text, for news detection.

Detection rules and the ambiguity decisions (see also the tables below):

* Matching runs on a copy of the text with diacritics folded *character for character*, so spans
  are valid in the original. The only change of length is dotted abbreviations: "U.S." and "U.K."
  are matched as "US"/"UK", and the reported span still covers "U.S." with its final dot.
* Words are whole words. Inside a multi-word term, spaces, hyphens, apostrophes, "&" and "/"
  are interchangeable ("Guinea-Bissau", "Côte d’Ivoire", "St. Kitts", "Trinidad & Tobago").
* Overlaps: the leftmost match wins, and at one position the longest term wins, so "Papua New
  Guinea", "Equatorial Guinea", "South Sudan", "Dominican Republic", "North Korea", "Northern
  Ireland", "American Samoa", "China Mobile" beat the shorter names inside them. ("Nigeria" never
  contains a match for "Niger": matches end at a word boundary.) In practice the longer of two
  overlapping terms always starts first, so leftmost-longest is "longest wins".
* Stop phrases are matched like terms and then dropped, so they hide the country word inside
  them: "New South Wales", "New Mexico", "New Jersey", "New England", "Latin America",
  "Washington Post", "British Columbia", "Indian Ocean", "US dollar"...
* Case: two-letter and other ISO codes are never matched in prose, except a few upper-case
  abbreviations that are safe in news: UK, US, USA, EU, UAE, NZ, HK (plus DRC, PRC, DPRK, ROK,
  KSA as aliases). Any all-capitals term of four letters or fewer must appear in capitals (so
  "us" and "Us" are the pronoun, not the United States), and "US$" is a currency, not a mention.
  Words that are also ordinary English need a capital first letter: Jordan, Turkey, Chad,
  Guinea, Chile, Jersey, Guernsey, Polish, Georgian, Commission, Pentagon... (see ``_CASED``);
  "DoT" (India's Department of Telecommunications) must be written exactly so.
  Limitation: text written entirely in capitals can still read "LET US KNOW" as the US.
* Georgia is the country (GE), never the US state; Jordan, Chad and Turkey may still be people
  or birds when capitalised; "Korea" alone is South Korea; "Congo" alone is the Republic of the
  Congo (CG) while "DRC", "DR Congo" and "Democratic Republic of (the) Congo" are CD; "Republic
  of China" alone is Taiwan; "Dominican" is the Dominican Republic; "Washington" is the US
  government and "Brussels" the EU (not Belgium); "Paris Agreement" still counts as France.
* "NCSC" is the UK's centre (the Netherlands, Ireland and New Zealand have one too; UK coverage
  dominates Huawei news); "BSI" is Germany's BSI, not the British Standards Institution;
  "Commission" alone (capitalised) is the European Commission, but not at the end of another
  body's name ("Federal Trade Commission"): only alone or after "European", "the" or "EU".
* Operators count as their country (kind "operator") only when they work (almost) only at home:
  China Mobile/Telecom/Unicom, BT, Telstra, Verizon...; never Vodafone, Orange or Telefonica.
* "Huawei" and "ZTE" are not country mentions; "Chinese" is China (so "Chinese vendors" mentions
  CN); "European" and "Europe" are not the EU; "English" and "Welsh" are not matched (languages
  and surnames), "Scottish" is GB.

Everything is built once, lazily, on first use, and cached.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import pycountry
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.errors import UserError

__all__ = [
    "Country",
    "Mention",
    "UnknownCountry",
    "all_countries",
    "autocomplete",
    "countries_in",
    "find_mentions",
    "get",
    "resolve",
    "resolve_or_raise",
    "suggest",
]

# -- public types ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    """A jurisdiction: an ISO 3166-1 country or territory, Kosovo (XK) or the European Union."""

    iso2: str  # "GB"; "EU" for the European Union, a jurisdiction of its own
    name: str  # common English short name: "United Kingdom", "South Korea", "Turkey"
    official_name: str  # "United Kingdom of Great Britain and Northern Ireland"

    @property
    def flag(self) -> str:
        """The regional-indicator emoji, e.g. "🇬🇧" (the EU has one too: "🇪🇺")."""
        return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in self.iso2)


class UnknownCountry(UserError):
    """The text names no country; the message offers up to three suggestions."""

    def __init__(self, text: str, suggestions: Sequence[Country] = ()) -> None:
        self.text = text
        self.suggestions: list[Country] = list(suggestions)[:3]
        shown = text.strip()
        if len(shown) > 60:
            shown = shown[:57] + "..."
        if self.suggestions:
            names = ", ".join(c.name for c in self.suggestions)
            message = f"Unknown country '{shown}'. Did you mean: {names}?"
        else:
            message = (
                f"Unknown country '{shown}'. Try a country name or a two-letter code such as DE."
            )
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Mention:
    """A country named in free text; ``text[start:end] == term``."""

    iso2: str
    start: int
    end: int
    term: str  # the matched surface text, exactly as in the input
    kind: str  # "name" | "alias" | "code" | "demonym" | "capital" | "agency" | "operator"


# -- curated data ---------------------------------------------------------------------------

# Common English short names where the ISO name is formal, inverted or less familiar.
_DISPLAY_NAMES: dict[str, str] = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "BQ": "Caribbean Netherlands",
    "CC": "Cocos Islands",
    "CD": "DR Congo",
    "CV": "Cape Verde",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "MF": "Saint Martin",
    "MO": "Macau",
    "PN": "Pitcairn Islands",
    "PS": "Palestine",
    "RU": "Russia",
    "SH": "Saint Helena",
    "SX": "Sint Maarten",
    "SY": "Syria",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "UM": "US Minor Outlying Islands",
    "VA": "Vatican City",
    "VE": "Venezuela",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "VN": "Vietnam",
}

_OFFICIAL_NAMES: dict[str, str] = {
    "CD": "Democratic Republic of the Congo",
    "KR": "Republic of Korea",
    "TW": "Republic of China (Taiwan)",
    "VA": "Vatican City State",
}

# Jurisdictions that are not in ISO 3166-1: (name, official name, alpha-3 or "").
_EXTRA: dict[str, tuple[str, str, str]] = {
    "EU": ("European Union", "European Union", ""),
    "XK": ("Kosovo", "Republic of Kosovo", "XKX"),
}

# Other names, for both resolving and detection.
_ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("Emirates",),
    "AG": ("Antigua",),
    "AX": ("Aland",),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "BL": ("St Barts", "St Barths", "Saint Barts"),
    "BQ": ("Bonaire",),
    "BS": ("The Bahamas",),
    "CC": ("Keeling Islands",),
    "CD": (
        "DRC",
        "Democratic Republic of Congo",
        "Congo-Kinshasa",
    ),
    "CG": ("Republic of Congo", "Congo Republic", "Congo-Brazzaville"),
    "CI": ("Ivory Coast",),
    "CN": ("PRC", "Mainland China"),
    "CZ": ("Czech Republic",),
    "FK": ("Falklands",),
    "FO": ("Faroes", "Faeroe Islands"),
    "GB": (
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ),
    "GM": ("The Gambia",),
    "GS": ("South Georgia",),
    "HK": ("Hongkong",),
    "HM": ("Heard and McDonald Islands",),
    "IE": ("Republic of Ireland",),
    "KN": ("St Kitts and Nevis", "Saint Kitts", "St Kitts"),
    "KP": ("DPRK",),
    "KR": ("Korea", "ROK"),
    "LC": ("St Lucia",),
    "MF": ("St Martin",),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "MO": ("Macao",),
    "NL": ("Holland",),
    "NZ": ("Aotearoa",),
    "PM": ("St Pierre and Miquelon",),
    "PS": ("Palestinian Territories", "Occupied Palestinian Territories"),
    "SA": ("KSA", "Saudi"),
    "SH": ("St Helena",),
    "ST": ("Sao Tome",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Turkiye", "Republic of Turkey"),
    "TT": ("Trinidad",),
    "TW": ("Chinese Taipei", "Republic of China"),
    "US": ("America", "United States of America"),
    "VA": ("Vatican", "Holy See"),
    "VC": ("St Vincent", "Saint Vincent", "St Vincent and the Grenadines"),
    "VG": ("BVI",),
    "VN": ("Viet Nam",),
}

# Names for resolving only: too ambiguous for free text.
_RESOLVE_ONLY: dict[str, tuple[str, ...]] = {
    "LA": ("Lao", "Lao PDR"),
    "NZ": ("Kiwi", "Kiwis"),
    "PG": ("PNG",),
    "CF": ("CAR",),
}

# Upper-case abbreviations that are matched in prose (kind "code"); all others are not.
_PROSE_CODES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE",),
    "EU": ("EU",),
    "GB": ("UK",),
    "HK": ("HK",),
    "NZ": ("NZ",),
    "US": ("US", "USA"),
}

# Native names of the larger countries (resolving and detection).
_NATIVE_NAMES: dict[str, tuple[str, ...]] = {
    "AL": ("Shqipëria",),
    "AM": ("Hayastan",),
    "AT": ("Österreich",),
    "BA": ("Bosna i Hercegovina",),
    "BE": ("België", "Belgique", "Belgien"),
    "BG": ("България",),
    "BR": ("Brasil",),
    "CH": ("Schweiz", "Suisse", "Svizzera", "Helvetia"),
    "CN": ("中国", "Zhongguo"),
    "CY": ("Kypros",),
    "CZ": ("Česko", "Česká republika"),
    "DE": ("Deutschland",),
    "DK": ("Danmark",),
    "EE": ("Eesti",),
    "EG": ("Misr",),
    "ES": ("España",),
    "FI": ("Suomi",),
    "GE": ("Sakartvelo",),
    "GR": ("Ελλάδα", "Hellas", "Ellada"),
    "HR": ("Hrvatska",),
    "HU": ("Magyarország",),
    "IE": ("Éire",),
    "IN": ("Bharat",),
    "IS": ("Ísland",),
    "IT": ("Italia",),
    "JP": ("Nippon", "Nihon", "日本"),
    "KR": ("Hanguk", "대한민국", "한국"),
    "LT": ("Lietuva",),
    "LU": ("Lëtzebuerg",),
    "LV": ("Latvija",),
    "ME": ("Crna Gora",),
    "MX": ("México",),
    "NL": ("Nederland",),
    "NO": ("Norge", "Noreg"),
    "PL": ("Polska",),
    "RO": ("România",),
    "RS": ("Srbija",),
    "RU": ("Россия", "Rossiya"),
    "SE": ("Sverige",),
    "SI": ("Slovenija",),
    "SK": ("Slovensko",),
    "TW": ("台灣", "臺灣"),
    "UA": ("Україна", "Ukraina"),
}

# Demonyms and adjectives (resolving and detection). A plural "-s" form is added to each.
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "AD": ("Andorran",),
    "AE": ("Emirati",),
    "AF": ("Afghan",),
    "AL": ("Albanian",),
    "AM": ("Armenian",),
    "AO": ("Angolan",),
    "AR": ("Argentine", "Argentinian"),
    "AT": ("Austrian",),
    "AU": ("Australian", "Aussie"),
    "AZ": ("Azerbaijani", "Azeri"),
    "BA": ("Bosnian",),
    "BB": ("Barbadian",),
    "BD": ("Bangladeshi",),
    "BE": ("Belgian",),
    "BF": ("Burkinabe",),
    "BG": ("Bulgarian",),
    "BH": ("Bahraini",),
    "BI": ("Burundian",),
    "BJ": ("Beninese",),
    "BN": ("Bruneian",),
    "BO": ("Bolivian",),
    "BR": ("Brazilian",),
    "BS": ("Bahamian",),
    "BT": ("Bhutanese",),
    "BW": ("Botswanan",),
    "BY": ("Belarusian",),
    "BZ": ("Belizean",),
    "CA": ("Canadian",),
    "CF": ("Central African",),
    "CH": ("Swiss",),
    "CI": ("Ivorian",),
    "CL": ("Chilean",),
    "CM": ("Cameroonian",),
    "CN": ("Chinese",),
    "CO": ("Colombian",),
    "CR": ("Costa Rican",),
    "CU": ("Cuban",),
    "CV": ("Cape Verdean",),
    "CY": ("Cypriot",),
    "CZ": ("Czech",),
    "DE": ("German",),
    "DJ": ("Djiboutian",),
    "DK": ("Danish", "Dane"),
    "DO": ("Dominican",),
    "DZ": ("Algerian",),
    "EC": ("Ecuadorian",),
    "EE": ("Estonian",),
    "EG": ("Egyptian",),
    "ER": ("Eritrean",),
    "ES": ("Spanish", "Spaniard"),
    "ET": ("Ethiopian",),
    "FI": ("Finnish",),
    "FJ": ("Fijian",),
    "FO": ("Faroese",),
    "FR": ("French",),
    "GA": ("Gabonese",),
    "GB": ("British", "Brit", "Briton", "Scottish", "Northern Irish"),
    "GE": ("Georgian",),
    "GH": ("Ghanaian",),
    "GL": ("Greenlandic", "Greenlander"),
    "GM": ("Gambian",),
    "GN": ("Guinean",),
    "GR": ("Greek",),
    "GT": ("Guatemalan",),
    "GW": ("Bissau-Guinean",),
    "GY": ("Guyanese",),
    "HK": ("Hong Konger",),
    "HN": ("Honduran",),
    "HR": ("Croatian", "Croat"),
    "HT": ("Haitian",),
    "HU": ("Hungarian",),
    "ID": ("Indonesian",),
    "IE": ("Irish",),
    "IL": ("Israeli",),
    "IN": ("Indian",),
    "IQ": ("Iraqi",),
    "IR": ("Iranian",),
    "IS": ("Icelandic", "Icelander"),
    "IT": ("Italian",),
    "JM": ("Jamaican",),
    "JO": ("Jordanian",),
    "JP": ("Japanese",),
    "KE": ("Kenyan",),
    "KG": ("Kyrgyz",),
    "KH": ("Cambodian",),
    "KP": ("North Korean",),
    "KR": ("Korean", "South Korean"),
    "KW": ("Kuwaiti",),
    "KZ": ("Kazakh", "Kazakhstani"),
    "LA": ("Laotian",),
    "LB": ("Lebanese",),
    "LI": ("Liechtensteiner",),
    "LK": ("Sri Lankan",),
    "LR": ("Liberian",),
    "LT": ("Lithuanian",),
    "LU": ("Luxembourgish", "Luxembourger"),
    "LV": ("Latvian",),
    "LY": ("Libyan",),
    "MA": ("Moroccan",),
    "MC": ("Monegasque",),
    "MD": ("Moldovan",),
    "ME": ("Montenegrin",),
    "MG": ("Malagasy",),
    "MK": ("Macedonian", "North Macedonian"),
    "ML": ("Malian",),
    "MM": ("Burmese",),
    "MN": ("Mongolian",),
    "MO": ("Macanese",),
    "MR": ("Mauritanian",),
    "MT": ("Maltese",),
    "MU": ("Mauritian",),
    "MV": ("Maldivian",),
    "MW": ("Malawian",),
    "MX": ("Mexican",),
    "MY": ("Malaysian",),
    "MZ": ("Mozambican",),
    "NA": ("Namibian",),
    "NE": ("Nigerien",),
    "NG": ("Nigerian",),
    "NI": ("Nicaraguan",),
    "NL": ("Dutch",),
    "NO": ("Norwegian",),
    "NP": ("Nepalese", "Nepali"),
    "NZ": ("New Zealander",),
    "OM": ("Omani",),
    "PA": ("Panamanian",),
    "PE": ("Peruvian",),
    "PG": ("Papua New Guinean",),
    "PH": ("Filipino", "Philippine"),
    "PK": ("Pakistani",),
    "PL": ("Polish",),
    "PR": ("Puerto Rican",),
    "PS": ("Palestinian",),
    "PT": ("Portuguese",),
    "PY": ("Paraguayan",),
    "QA": ("Qatari",),
    "RO": ("Romanian",),
    "RS": ("Serbian", "Serb"),
    "RU": ("Russian",),
    "RW": ("Rwandan",),
    "SA": ("Saudi Arabian",),
    "SC": ("Seychellois",),
    "SD": ("Sudanese",),
    "SE": ("Swedish", "Swede"),
    "SG": ("Singaporean",),
    "SI": ("Slovenian", "Slovene"),
    "SK": ("Slovak", "Slovakian"),
    "SL": ("Sierra Leonean",),
    "SM": ("Sammarinese",),
    "SN": ("Senegalese",),
    "SO": ("Somali", "Somalian"),
    "SR": ("Surinamese",),
    "SS": ("South Sudanese",),
    "SV": ("Salvadoran", "Salvadorean"),
    "SY": ("Syrian",),
    "TD": ("Chadian",),
    "TG": ("Togolese",),
    "TH": ("Thai",),
    "TJ": ("Tajik", "Tajikistani"),
    "TM": ("Turkmen",),
    "TN": ("Tunisian",),
    "TO": ("Tongan",),
    "TR": ("Turkish", "Turk"),
    "TT": ("Trinidadian",),
    "TW": ("Taiwanese",),
    "TZ": ("Tanzanian",),
    "UA": ("Ukrainian",),
    "UG": ("Ugandan",),
    "US": ("American",),
    "UY": ("Uruguayan",),
    "UZ": ("Uzbek",),
    "VE": ("Venezuelan",),
    "VN": ("Vietnamese",),
    "WS": ("Samoan",),
    "XK": ("Kosovar", "Kosovan"),
    "YE": ("Yemeni",),
    "ZA": ("South African",),
    "ZM": ("Zambian",),
    "ZW": ("Zimbabwean",),
}

# Capitals and seats of government used as metonyms (detection only).
_CAPITALS: dict[str, tuple[str, ...]] = {
    "AL": ("Tirana",),
    "AM": ("Yerevan",),
    "AE": ("Abu Dhabi",),
    "AR": ("Buenos Aires",),
    "AT": ("Vienna",),
    "AU": ("Canberra",),
    "AZ": ("Baku",),
    "BA": ("Sarajevo",),
    "BD": ("Dhaka",),
    "BH": ("Manama",),
    "BO": ("La Paz",),
    "BR": ("Brasilia", "Planalto"),
    "BY": ("Minsk",),
    "CA": ("Ottawa", "Parliament Hill"),
    "CH": ("Bern", "Berne"),
    "CL": ("Santiago",),
    "CN": ("Beijing", "Zhongnanhai"),
    "CO": ("Bogota",),
    "CU": ("Havana",),
    "CY": ("Nicosia",),
    "CZ": ("Prague",),
    "DE": ("Berlin", "Bundestag"),
    "DK": ("Copenhagen",),
    "DZ": ("Algiers",),
    "EC": ("Quito",),
    "EE": ("Tallinn",),
    "EG": ("Cairo",),
    "ES": ("Madrid", "Moncloa"),
    "ET": ("Addis Ababa",),
    "EU": ("Brussels", "Berlaymont"),
    "FI": ("Helsinki",),
    "FJ": ("Suva",),
    "FR": ("Paris", "Elysee", "Elysee Palace"),
    "GB": ("London", "Downing Street", "Whitehall", "Westminster"),
    "GE": ("Tbilisi",),
    "GH": ("Accra",),
    "GR": ("Athens",),
    "HR": ("Zagreb",),
    "HU": ("Budapest",),
    "ID": ("Jakarta",),
    "IE": ("Dublin",),
    "IN": ("New Delhi", "Delhi"),
    "IQ": ("Baghdad",),
    "IR": ("Tehran",),
    "IS": ("Reykjavik",),
    "IT": ("Rome", "Palazzo Chigi"),
    "JO": ("Amman",),
    "JP": ("Tokyo",),
    "KE": ("Nairobi",),
    "KH": ("Phnom Penh",),
    "KP": ("Pyongyang",),
    "KR": ("Seoul", "Blue House"),
    "KW": ("Kuwait City",),
    "KZ": ("Astana",),
    "LA": ("Vientiane",),
    "LB": ("Beirut",),
    "LK": ("Colombo",),
    "LT": ("Vilnius",),
    "LV": ("Riga",),
    "MA": ("Rabat",),
    "MD": ("Chisinau",),
    "ME": ("Podgorica",),
    "MK": ("Skopje",),
    "MM": ("Naypyidaw", "Nay Pyi Taw"),
    "MN": ("Ulaanbaatar",),
    "MT": ("Valletta",),
    "MX": ("Mexico City",),
    "MY": ("Kuala Lumpur", "Putrajaya"),
    "NG": ("Abuja",),
    "NL": ("The Hague", "Amsterdam"),
    "NO": ("Oslo",),
    "NP": ("Kathmandu",),
    "NZ": ("Wellington",),
    "OM": ("Muscat",),
    "PE": ("Lima",),
    "PG": ("Port Moresby",),
    "PH": ("Manila", "Malacanang"),
    "PK": ("Islamabad",),
    "PL": ("Warsaw",),
    "PT": ("Lisbon",),
    "PY": ("Asuncion",),
    "QA": ("Doha",),
    "RO": ("Bucharest",),
    "RS": ("Belgrade",),
    "RU": ("Moscow", "Kremlin"),
    "SA": ("Riyadh",),
    "SE": ("Stockholm",),
    "SI": ("Ljubljana",),
    "SK": ("Bratislava",),
    "SN": ("Dakar",),
    "SY": ("Damascus",),
    "TH": ("Bangkok",),
    "TL": ("Dili",),
    "TN": ("Tunis",),
    "TR": ("Ankara",),
    "TW": ("Taipei",),
    "UA": ("Kyiv", "Kiev"),
    "US": ("Washington", "Washington DC", "White House", "Capitol Hill"),
    "UY": ("Montevideo",),
    "UZ": ("Tashkent",),
    "VE": ("Caracas",),
    "VN": ("Hanoi",),
    "XK": ("Pristina",),
}

# Regulators, security agencies and government bodies (detection only).
_AGENCIES: dict[str, tuple[str, ...]] = {
    "AE": ("TDRA",),
    "AU": ("ACMA", "ASD", "Australian Signals Directorate"),
    "BE": ("BIPT",),
    "BR": ("ANATEL",),
    "CA": ("CSE", "CRTC", "ISED", "Communications Security Establishment"),
    "CN": ("MIIT", "Cyberspace Administration of China", "CCP", "Chinese Communist Party"),
    "CZ": ("NUKIB",),
    "DE": (
        "BSI",
        "Bundesnetzagentur",
        "BNetzA",
        "Bundesamt für Sicherheit in der Informationstechnik",
        "Federal Network Agency",
    ),
    "ES": ("CNMC",),
    "EU": (
        "European Commission",
        "Commission",
        "ENISA",
        "BEREC",
        "5G Toolbox",
        "5G security toolbox",
        "European Parliament",
        "European Council",
        "Council of the European Union",
    ),
    "FI": ("Traficom",),
    "FR": ("ANSSI", "Arcep"),
    "GB": (
        "Ofcom",
        "NCSC",
        "National Cyber Security Centre",
        "GCHQ",
        "DCMS",
        "DSIT",
        "HCSEC",
        "Huawei Cyber Security Evaluation Centre",
    ),
    "HU": ("NMHH",),
    "ID": ("Kominfo",),
    "IE": ("ComReg",),
    "IN": ("TRAI", "DoT", "Department of Telecommunications"),
    "IT": ("AGCOM",),
    "KR": ("MSIT",),
    "MY": ("MCMC",),
    "NL": ("AIVD", "Agentschap Telecom"),
    "NO": ("Nkom",),
    "NZ": ("GCSB",),
    "PH": ("NTC", "National Telecommunications Commission", "DICT"),
    "PL": ("UKE",),
    "PT": ("ANACOM",),
    "RO": ("ANCOM",),
    "RU": ("Roskomnadzor",),
    "SA": ("CITC",),
    "SE": ("PTS", "Post- och telestyrelsen", "Säpo"),
    "SG": ("IMDA",),
    "TH": ("NBTC",),
    "US": (
        "FCC",
        "Federal Communications Commission",
        "Commerce Department",
        "Department of Commerce",
        "NTIA",
        "CFIUS",
        "Pentagon",
        "State Department",
        "Bureau of Industry and Security",
        "Entity List",
        "Team Telecom",
        "FBI",
        "NSA",
        "CISA",
    ),
    "ZA": ("ICASA",),
}

# Operators that stand for their country (detection only): the Chinese state carriers and
# national operators that work (almost) only at home. Multinational groups and brands are left
# out on purpose: Vodafone, Orange, Telefonica, Telia, Telenor, MTN, Airtel, Ooredoo, Zain,
# Claro, Vodacom, T-Mobile, Digi (Romania and Malaysia), "EE" (Estonia's code) and ordinary
# words (Spark, Three, Free, Play, Sprint, Rain, Vivo).
_OPERATORS: dict[str, tuple[str, ...]] = {
    "AU": ("Telstra", "Optus", "TPG Telecom"),
    "BD": ("Teletalk", "Grameenphone"),
    "BE": ("Proximus", "Telenet"),
    "BH": ("Batelco",),
    "CA": ("Telus", "Bell Canada", "BCE", "Rogers Communications", "Videotron"),
    "CH": ("Swisscom",),
    "CN": ("China Mobile", "China Telecom", "China Unicom", "China Tower", "China Broadnet"),
    "DE": ("Deutsche Telekom",),
    "ET": ("Ethio Telecom",),
    "FR": ("Bouygues Telecom", "SFR"),
    "GB": ("BT", "BT Group", "British Telecom", "Virgin Media O2"),
    "GR": ("Cosmote",),
    "HU": ("Magyar Telekom",),
    "ID": ("Telkomsel", "Indosat"),
    "IN": ("Reliance Jio", "Jio", "Bharti Airtel", "BSNL", "MTNL", "Vodafone Idea"),
    "IT": ("Telecom Italia",),
    "JP": ("NTT Docomo", "Docomo", "KDDI", "SoftBank", "Rakuten Mobile"),
    "KE": ("Safaricom",),
    "KR": ("SK Telecom", "LG Uplus", "KT Corp"),
    "MX": ("Telcel",),
    "MY": ("Maxis", "Celcom", "U Mobile"),
    "NG": ("Globacom",),
    "NL": ("KPN",),
    "NP": ("Ncell",),
    "NZ": ("2degrees",),
    "OM": ("Omantel",),
    "PH": ("Globe Telecom", "PLDT", "Smart Communications", "DITO Telecommunity"),
    "RU": ("Rostelecom", "MegaFon"),
    "SA": ("Mobily",),
    "SG": ("Singtel", "StarHub"),
    "TH": ("DTAC",),
    "TR": ("Turkcell",),
    "TW": ("Chunghwa Telecom", "Far EasTone"),
    "US": ("Verizon", "AT&T", "T-Mobile US"),
    "VN": ("Viettel", "VNPT", "MobiFone"),
}

# Detection-only aliases.
_DETECT_ALIASES: dict[str, tuple[str, ...]] = {
    "NG": ("Niger Delta",),
}

# Matched and then dropped: they hide the country word inside them.
_STOP_PHRASES: tuple[str, ...] = (
    "New South Wales",
    "New Mexico",
    "New Jersey",
    "Jersey City",
    "New England",
    "New Guinea",
    "Washington Post",
    "Washington State",
    "George Washington",
    "Indian Ocean",
    "Latin America",
    "Latin American",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "British Columbia",
    "US dollar",
    "US dollars",
    "Hong Kong dollar",
    "America Movil",  # the Mexican operator (also "América Móvil": matching folds accents)
)

# Ordinary words that only count when capitalised (or, for "DoT", written exactly so). Every
# all-capitals term of four letters or fewer ("US", "EU", "FCC", "PTS", "BSI") must also be
# written in capitals.
_CASED: frozenset[str] = frozenset(
    {
        "Afghan",
        "Amman",
        "Aussie",
        "Bern",
        "Blue House",
        "Brit",
        "Chad",
        "Chile",
        "Commerce Department",
        "Commission",
        "Dane",
        "Department of Commerce",
        "DoT",
        "Entity List",
        "Georgian",
        "Guernsey",
        "Guinea",
        "Jersey",
        "Jordan",
        "Kremlin",
        "Lima",
        "Manila",
        "Muscat",
        "Pentagon",
        "Polish",
        "Santiago",
        "State Department",
        "Swede",
        "Team Telecom",
        "Turk",
        "Turkey",
        "Wellington",
        "White House",
    }
)

# Not detected in prose: ordinary words or names of other things.
_NOT_DETECTED: frozenset[str] = frozenset({"reunion"})  # "family reunion", not Réunion

# Most-followed first: the default autocomplete list and the tie-break everywhere.
_POPULAR: tuple[str, ...] = (
    "GB", "US", "DE", "FR", "CN", "AU", "CA", "JP", "IN", "IT", "SE", "EU", "NZ", "KR",
    "NL", "ES", "PL", "BR", "TW", "BE", "DK", "FI", "NO", "CZ", "RO", "PT", "AT", "CH",
    "IE", "AE", "SA", "IL", "TR", "RU", "UA", "EE", "LV", "LT", "SK", "SI", "HR", "HU",
    "GR", "BG", "LU", "MT", "CY", "SG", "MY", "ID", "TH", "VN", "PH", "ZA", "NG", "KE",
    "MX", "AR", "CL",
)  # fmt: skip

# -- normalisation --------------------------------------------------------------------------

# Letters that NFKD does not decompose into a base letter.
_WIDE_FOLD = {
    "ß": "ss",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "þ": "th",
    "Þ": "Th",
}
_KEY_DROP = re.compile(r"[.'’ʼ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_FLAG = re.compile("^[\U0001f1e6-\U0001f1ff]{2}$")


def _strip_marks(text: str) -> str:
    text = "".join(_WIDE_FOLD.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _spaced(text: str) -> str:
    """Words of ``text``, folded and space-separated, without a leading "the"."""
    text = _strip_marks(text).casefold().replace("&", " and ")
    text = _NON_WORD.sub(" ", _KEY_DROP.sub("", text)).strip()
    return text[4:] if text.startswith("the ") else text


def _key(text: str) -> str:
    """The resolve key: ``_spaced`` without the spaces ("U.K." -> "uk", "Viet Nam" -> "vietnam")."""
    return _spaced(text).replace(" ", "")


@cache
def _fold_char(char: str) -> str:
    """One character, diacritics removed, as one character (so spans stay valid)."""
    folded = _strip_marks(char)
    return folded if len(folded) == 1 else char


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_same_length(text: str) -> str:
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)


def _detect_key(text: str) -> str:
    """The detection key: folded, lower-case, any punctuation run read as one space."""
    return _NON_WORD.sub(" ", _fold_same_length(text).lower()).strip()


# -- the gazetteer --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    iso2: str
    kind: str  # a Mention kind, or "stop"
    cased: str  # "" or the spelling whose case must be respected


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    countries: dict[str, Country]  # by iso2
    ordered: tuple[Country, ...]  # by name
    keys: dict[str, str]  # resolve key -> iso2
    terms: dict[str, tuple[str, ...]]  # iso2 -> spaced forms for prefix/substring search
    spaced_names: dict[str, str]  # iso2 -> spaced display name
    fuzzy_choices: tuple[str, ...]
    fuzzy_iso2: tuple[str, ...]
    rank: dict[str, int]
    conflicts: tuple[tuple[str, str, str], ...]  # (key, kept iso2, dropped iso2)


def _attr(record: Any, name: str) -> str:
    value = getattr(record, name, None)
    return str(value) if value else ""


def _sort_key(name: str) -> str:
    return _strip_marks(name).casefold()


def _plural(term: str) -> str:
    return term if term.endswith(("s", "sh")) else term + "s"


@cache
def _gazetteer() -> _Gazetteer:
    countries: dict[str, Country] = {}
    names: dict[str, list[str]] = {}  # iso2 -> names (ISO, display, official, common)
    codes: dict[str, list[str]] = {}
    for record in pycountry.countries:
        iso2 = _attr(record, "alpha_2")
        iso_name = _attr(record, "name")
        common = _attr(record, "common_name")
        official = _attr(record, "official_name")
        if official.startswith("the "):
            official = official[4:]
        display = _DISPLAY_NAMES.get(iso2) or common or iso_name
        official = (
            _OFFICIAL_NAMES.get(iso2) or official or (iso_name if "," not in iso_name else "")
        )
        countries[iso2] = Country(iso2, display, official or display)
        names[iso2] = [display, iso_name, official, common]
        codes[iso2] = [iso2, _attr(record, "alpha_3")]
    for iso2, (display, official, alpha3) in _EXTRA.items():
        countries[iso2] = Country(iso2, display, official)
        names[iso2] = [display, official]
        codes[iso2] = [iso2, alpha3]

    # Resolve keys, highest priority first; a key keeps its first country.
    keys: dict[str, str] = {}
    conflicts: list[tuple[str, str, str]] = []
    terms: dict[str, list[str]] = {iso2: [] for iso2 in countries}

    def add(iso2: str, forms: Iterable[str], searchable: bool = True) -> None:
        for form in forms:
            key = _key(form)
            if not key:
                continue
            kept = keys.setdefault(key, iso2)
            if kept != iso2:
                conflicts.append((key, kept, iso2))
            spaced = _spaced(form)
            if searchable and spaced not in terms[iso2]:
                terms[iso2].append(spaced)

    for iso2 in countries:
        add(iso2, codes[iso2])
    for iso2 in countries:
        add(iso2, names[iso2])
    for table in (_PROSE_CODES, _ALIASES, _NATIVE_NAMES, _RESOLVE_ONLY):
        for iso2, forms in table.items():
            add(iso2, forms)
    for iso2, forms in _DEMONYMS.items():
        add(iso2, forms)
        add(iso2, (_plural(f) for f in forms), searchable=False)

    rank = {iso2: i for i, iso2 in enumerate(_POPULAR)}
    ordered = tuple(sorted(countries.values(), key=lambda c: _sort_key(c.name)))
    fuzzy_choices: list[str] = []
    fuzzy_iso2: list[str] = []
    for iso2, spaced_forms in terms.items():
        for form in spaced_forms:
            fuzzy_choices.append(form)
            fuzzy_iso2.append(iso2)
    return _Gazetteer(
        countries=countries,
        ordered=ordered,
        keys=keys,
        terms={iso2: tuple(forms) for iso2, forms in terms.items()},
        spaced_names={iso2: _spaced(c.name) for iso2, c in countries.items()},
        fuzzy_choices=tuple(fuzzy_choices),
        fuzzy_iso2=tuple(fuzzy_iso2),
        rank=rank,
        conflicts=tuple(conflicts),
    )


def _rank(iso2: str) -> int:
    return _gazetteer().rank.get(iso2, len(_POPULAR))


# -- resolving ------------------------------------------------------------------------------


def get(iso2: str) -> Country:
    """The country with this alpha-2 code (any case); UnknownCountry if there is none."""
    country = _gazetteer().countries.get(iso2.strip().upper())
    if country is None:
        raise UnknownCountry(iso2, suggest(iso2))
    return country


def all_countries() -> list[Country]:
    """Every ISO 3166-1 country and territory, plus Kosovo and the EU, sorted by name."""
    return list(_gazetteer().ordered)


def resolve(text: str) -> Country | None:
    """The country ``text`` names exactly (see the module docstring), or None."""
    text = text.strip()
    if not text or len(text) > 100:
        return None
    g = _gazetteer()
    if _FLAG.match(text):
        code = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in text)
        return g.countries.get(code)
    iso2 = g.keys.get(_key(text))
    return g.countries[iso2] if iso2 else None


def resolve_or_raise(text: str) -> Country:
    """Like :func:`resolve`, but raises UnknownCountry with suggestions."""
    country = resolve(text)
    if country is None:
        raise UnknownCountry(text, suggest(text))
    return country


# Similarity is 1 - (optimal string alignment distance / length): a transposition ("Chian",
# "Britian") costs one edit, as a typo should.
_SUGGEST_CUTOFF = 0.7
_SUGGEST_MARGIN = 0.1  # drop suggestions this far below the best one


def _fuzzy(query: str, cutoff: float) -> list[tuple[str, float]]:
    """(iso2, best score) for countries with a form similar to ``query``, best first."""
    g = _gazetteer()
    best: dict[str, float] = {}
    for _, score, index in process.extract(
        query, g.fuzzy_choices, scorer=OSA.normalized_similarity, limit=None, score_cutoff=cutoff
    ):
        iso2 = g.fuzzy_iso2[index]
        if score > best.get(iso2, -1.0):
            best[iso2] = score
    if not best:
        return []
    top = max(best.values())
    ranked = [(iso2, s) for iso2, s in best.items() if s >= top - _SUGGEST_MARGIN]
    ranked.sort(key=lambda item: (-round(item[1], 3), _rank(item[0]), item[0]))
    return ranked


def suggest(text: str, limit: int = 3) -> list[Country]:
    """Countries whose names, aliases or codes look like ``text`` (typos), best first."""
    query = _spaced(text[:100])
    if not query or limit <= 0:
        return []
    g = _gazetteer()
    return [g.countries[iso2] for iso2, _ in _fuzzy(query, _SUGGEST_CUTOFF)[:limit]]


def autocomplete(text: str, limit: int = 25) -> list[Country]:
    """Choices for a Discord autocomplete: exact, then prefix, word-prefix, substring, fuzzy.

    Empty text gives the most-followed countries, then the rest alphabetically. Within each
    tier the most-followed come first, then by name.
    """
    if limit <= 0:
        return []
    g = _gazetteer()
    query = _spaced(text[:100])
    if not query:
        ranked = sorted(g.ordered, key=lambda c: _rank(c.iso2))  # stable: by name within a rank
        return ranked[:limit]
    compact = query.replace(" ", "")
    tiers: dict[str, int] = {}
    exact = resolve(text)
    if exact is not None:
        tiers[exact.iso2] = 0
    for iso2, forms in g.terms.items():
        if iso2 in tiers:
            continue
        name = g.spaced_names[iso2]
        tier = 0
        if name.startswith(query) or name.replace(" ", "").startswith(compact):
            tier = 1
        elif any(f.startswith(query) for f in forms):
            tier = 2
        elif any(f" {query}" in f" {f}" for f in forms):
            tier = 3
        elif any(compact in f.replace(" ", "") for f in forms):
            tier = 4
        if tier:
            tiers[iso2] = tier
    if len(tiers) < limit and len(compact) >= 3:
        for iso2, _ in _fuzzy(query, 0.6):
            tiers.setdefault(iso2, 5)
    chosen = sorted(tiers, key=lambda iso2: (tiers[iso2], _rank(iso2), g.countries[iso2].name))
    return [g.countries[iso2] for iso2 in chosen[:limit]]


# -- detection in free text -----------------------------------------------------------------

# Between the words of a term: spaces, hyphens and dashes, apostrophes, "&" and "/", after an
# optional full stop ("St. Kitts").
_SEP = r"\.?[\s\-‐‑‒–—'’ʼ`&/]+"
_END = r"(?![^\W_])"
_ABBREVIATION = re.compile(r"(?<![\w.])[A-Za-z](?:\.[A-Za-z])+\.?(?!\w)")


@dataclass(frozen=True, slots=True)
class _Detector:
    pattern: re.Pattern[str]
    entries: dict[str, _Entry]  # detection key -> entry
    conflicts: tuple[tuple[str, str, str], ...]


class _Node:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex for all keys: a character trie, so a match at a position is the longest."""
    root = _Node()
    for key in keys:
        node = root
        for char in key:
            node = node.children.setdefault(char, _Node())
        node.terminal = True

    def build(node: _Node) -> str:
        alternatives = [
            (_SEP if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.children.items())
        ]
        if node.terminal:
            alternatives.append(_END)  # after the longer ones: longest first
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return r"(?<![^\W_])" + build(root)


def _with_ampersands(forms: Iterable[str]) -> Iterable[str]:
    """Each form, and "X & Y" for "X and Y" ("&" is a separator, so its key is "x y")."""
    for form in forms:
        yield form
        if " and " in form:
            yield form.replace(" and ", " & ")


def _is_title(term: str) -> bool:
    """ "Jordan", "State Department", "Department of Commerce"; not "DoT", "BNetzA", "US"."""
    return (
        term[:1].isupper()
        and not term.isupper()
        and all(word[1:] == word[1:].lower() for word in term.split())
    )


def _case_rule(term: str) -> str:
    compact = _NON_WORD.sub("", term)
    if term in _CASED or (term.isupper() and len(compact) <= 4):
        return term
    return ""


@cache
def _detector() -> _Detector:
    g = _gazetteer()
    entries: dict[str, _Entry] = {}
    conflicts: list[tuple[str, str, str]] = []

    def add(iso2: str, kind: str, forms: Iterable[str]) -> None:
        for form in _with_ampersands(forms):
            if "," in form or "(" in form:
                continue  # inverted ISO forms such as "Korea, Republic of"
            key = _detect_key(form)
            if not key or key in _NOT_DETECTED:
                continue
            entry = _Entry(iso2, kind, _case_rule(form))
            kept = entries.setdefault(key, entry)
            if kept.iso2 != iso2:
                conflicts.append((key, kept.iso2, iso2))

    for iso2, country in g.countries.items():
        record = pycountry.countries.get(alpha_2=iso2)
        iso_forms = [_attr(record, "name"), _attr(record, "common_name")] if record else []
        official = country.official_name
        add(iso2, "name", [country.name, official, *iso_forms])
    for table, kind in (
        (_ALIASES, "alias"),
        (_NATIVE_NAMES, "alias"),
        (_DETECT_ALIASES, "alias"),
        (_PROSE_CODES, "code"),
        (_DEMONYMS, "demonym"),
        (_CAPITALS, "capital"),
        (_AGENCIES, "agency"),
        (_OPERATORS, "operator"),
    ):
        for iso2, forms in table.items():
            add(iso2, kind, forms)
            if kind == "demonym":
                add(iso2, kind, (_plural(f) for f in forms))
    add("", "stop", _STOP_PHRASES)
    pattern = re.compile(_trie_pattern(sorted(entries)), re.IGNORECASE)
    return _Detector(pattern, entries, tuple(conflicts))


def _case_ok(surface: str, rule: str) -> bool:
    if not rule:
        return True
    if _is_title(rule):  # "Jordan", "State Department": a capital first letter
        return surface[:1].isupper()
    # Acronyms and mixed case ("US", "DoT"): exactly as written, ignoring punctuation.
    return _NON_WORD.sub("", surface) == _NON_WORD.sub("", rule)


@lru_cache(maxsize=8192)
def _lookup(surface: str) -> _Entry | None:
    """The entry for a matched surface form, or None when its case rules it out."""
    entry = _detector().entries.get(_detect_key(surface))
    return entry if entry is not None and _case_ok(surface, entry.cased) else None


def _prepare(text: str) -> tuple[str, list[int], list[int]]:
    """The folded text without abbreviation dots, the removed positions and their shifts."""
    folded = _fold_same_length(text)
    if "." not in folded:
        return folded, [], []
    removed: list[int] = []
    for match in _ABBREVIATION.finditer(folded):
        removed.extend(i for i in range(match.start(), match.end()) if folded[i] == ".")
    if not removed:
        return folded, [], []
    drop = set(removed)
    prepared = "".join(c for i, c in enumerate(folded) if i not in drop)
    shifts = [position - n for n, position in enumerate(removed)]
    return prepared, removed, shifts


# "Commission" alone is the European Commission, but not inside another body's name ("Federal
# Trade Commission", "Cyberspace Affairs Commission of China"): the word before it, when only
# spaces separate them, must be one of these, or not part of a name (capitalised, "and", "of").
_COMMISSION_KEY = "commission"
_COMMISSION_AFTER = frozenset({"european", "the", "eu"})
_NAME_LINKS = frozenset({"and", "of", "for", "on"})
_WORD_BEFORE = re.compile(r"([^\W_]+)(?:['’][sS])?[ \t\u00a0]+$")


def _inside_a_name(prepared: str, start: int) -> bool:
    """Whether the "Commission" at ``start`` ends another body's name ("Federal Trade ...")."""
    before = _WORD_BEFORE.search(prepared, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1)
    if word.casefold() in _COMMISSION_AFTER:
        return False
    return word[:1].isupper() or word.casefold() in _NAME_LINKS


def find_mentions(text: str) -> list[Mention]:
    """Every country mentioned in ``text``, in order, with spans into ``text`` itself."""
    return list(_mentions_of(text)) if text else []


@lru_cache(maxsize=16)  # an article's headline and standfirst are read by classify and grouping
def _mentions_of(text: str) -> tuple[Mention, ...]:
    detector = _detector()
    prepared, removed, shifts = _prepare(text)
    removed_set = set(removed)
    mentions: list[Mention] = []
    position = 0
    search = detector.pattern.search
    while (match := search(prepared, position)) is not None:
        entry = _lookup(match.group())
        if entry is None:
            position = match.start() + 1
            continue
        position = match.end()
        if entry.kind == "stop":
            continue
        if _detect_key(match.group()) == _COMMISSION_KEY and _inside_a_name(
            prepared, match.start()
        ):
            continue
        start = match.start() + bisect_right(shifts, match.start())
        last = match.end() - 1
        end = last + bisect_right(shifts, last) + 1
        while end in removed_set:  # the final dot of "U.S."
            end += 1
        if entry.kind == "code" and text[end : end + 1] == "$":
            continue  # "US$5bn" is a currency
        mentions.append(Mention(entry.iso2, start, end, text[start:end], entry.kind))
    return tuple(mentions)


def countries_in(text: str) -> list[Country]:
    """The distinct countries mentioned in ``text``, in order of first mention."""
    countries = _gazetteer().countries
    seen = dict.fromkeys(m.iso2 for m in find_mentions(text))
    return [countries[iso2] for iso2 in seen]


# -- other languages ------------------------------------------------------------------------
#
# Country names in the other languages the bot reads come from CLDR (through Babel): every
# territory's name in that language, e.g. "Deutschland", "Allemagne", "Niemcy". The language's
# lexicon file (bot/data/lexicon/<lang>.toml, ``[countries]``) adds what CLDR does not have:
# the endings names take in running text ("Deutschlands", "Polski", "Germaniei"), irregular
# and other forms ("w Polsce", "EEUU", "SUA", "Brüssel" for the EU), and adjectives
# ("französisch*", "niemieck*"). Matching is by words of the folded, lower-cased text; a name
# must be written with a capital (adjectives need not), and a short form (four letters or
# fewer: "USA", "UE", "VS") exactly as listed. English names, codes, capitals, agencies and
# operators (:func:`find_mentions`) count too where no name of the language covers them.

_WORD = re.compile(r"[^\W_]+")
_VOWEL_END = frozenset("aeiouyăâîąęó")


@dataclass(frozen=True, slots=True)
class _LangNames:
    forms: dict[tuple[str, ...], tuple[str, str, str]]  # folded words -> (iso2, kind, cased)
    stems: dict[str, str]  # adjective stem (folded) -> iso2
    exact: dict[str, str]  # adjective written without "*" (folded) -> iso2
    longest: int  # the most words in a form


def _fold_word(word: str) -> str:
    return _strip_marks(word).casefold()


def _variants(word: str, suffixes: Sequence[str]) -> set[str]:
    """A name's word and the forms its endings give ("polska" -> "polski", "polsce"...)."""
    out = {word}
    if len(word) >= 4:
        out.update(word + s for s in suffixes)
        if len(word) >= 5 and word[-1] in _VOWEL_END:
            out.update(word[:-1] + s for s in suffixes)
    return out


@cache
def _lang_names(lang: str) -> _LangNames:
    from babel import Locale  # CLDR; imported only when another language is read

    from bot.news import lexicon  # the per-language data files

    data = lexicon.raw(lang).get("countries", {})
    suffixes = [_fold_word(s) for s in data.get("suffixes", [])]
    known = _gazetteer().countries
    names: list[tuple[str, str]] = []
    locales = [lang] + (["pt_PT"] if lang == "pt" else [])
    for name in locales:
        for code, label in Locale.parse(name).territories.items():
            if code in known or code in ("EU", "XK"):
                names.append((code, label.split(" (")[0].split(",")[0]))
    forms: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for iso2, extra in data.get("forms", {}).items():
        for form in extra:
            key = tuple(_fold_word(w) for w in _WORD.findall(form))
            cased = form if len(form.replace(".", "").replace(" ", "")) <= 4 else ""
            if key:
                forms.setdefault(key, (iso2, "alias", cased))
    for iso2, label in names:
        key = tuple(_fold_word(w) for w in _WORD.findall(label))
        if key:
            forms.setdefault(key, (iso2, "name", label if len(label) <= 4 else ""))
    for iso2, label in names:  # inflected forms after every exact one
        words = [_fold_word(w) for w in _WORD.findall(label)]
        if not words or len(words) > 3 or (len(words) == 1 and len(words[0]) < 4):
            continue
        combos: list[tuple[str, ...]] = [()]
        for word in words:
            combos = [(*c, v) for c in combos for v in _variants(word, suffixes)]
        for combo in combos:
            forms.setdefault(combo, (iso2, "name", ""))
    stems: dict[str, str] = {}
    exact: dict[str, str] = {}
    for iso2, adjectives in data.get("adjectives", {}).items():
        for adjective in adjectives:
            if adjective.endswith("*"):
                stems.setdefault(_fold_word(adjective[:-1]), iso2)
            else:
                exact.setdefault(_fold_word(adjective), iso2)
    longest = max((len(k) for k in forms), default=1)
    return _LangNames(forms, stems, exact, longest)


def _adjective(word: str, names: _LangNames) -> str | None:
    if word in names.exact:
        return names.exact[word]
    for end in range(len(word), 2, -1):
        iso2 = names.stems.get(word[:end])
        if iso2 is not None:
            return iso2
    return None


def find_mentions_in(text: str, lang: str) -> list[Mention]:
    """Every country mentioned in ``text`` written in ``lang`` (an ISO 639-1 code), in order.

    English text (or a language without a lexicon) is read by :func:`find_mentions`.
    """
    from bot.news import lexicon

    if not text:
        return []
    if lang == "en" or lang not in lexicon.LANGUAGES:
        return find_mentions(text)
    return list(_mentions_in(text, lang))


@lru_cache(maxsize=16)
def _mentions_in(text: str, lang: str) -> tuple[Mention, ...]:
    names = _lang_names(lang)
    words = list(_WORD.finditer(text))
    folded = [_fold_word(w.group()) for w in words]
    found: list[Mention] = []
    i = 0
    while i < len(words):
        hit: Mention | None = None
        for n in range(min(names.longest, len(words) - i), 0, -1):
            entry = names.forms.get(tuple(folded[i : i + n]))
            if entry is None:
                continue
            iso2, kind, cased = entry
            start, end = words[i].start(), words[i + n - 1].end()
            surface = text[start:end]
            if cased and _NON_WORD.sub("", surface) != _NON_WORD.sub("", cased):
                continue
            if not cased and not surface[:1].isupper():
                continue
            hit = Mention(iso2, start, end, surface, kind)
            i += n
            break
        if hit is None:
            iso2 = _adjective(folded[i], names) if len(folded[i]) > 3 else None
            if iso2 is not None:
                hit = Mention(iso2, words[i].start(), words[i].end(), words[i].group(), "demonym")
            i += 1
        if hit is not None:
            found.append(hit)
    taken = [(m.start, m.end) for m in found]
    for m in find_mentions(text):  # codes, capitals, agencies, operators, English names
        if not any(s < m.end and m.start < e for s, e in taken):
            found.append(m)
    found.sort(key=lambda m: m.start)
    return tuple(found)
