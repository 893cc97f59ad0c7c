"""Grouping: the same event reported by several outlets is one story. Pure functions, and
``StoryIndex``, which finds the story for an article among many quickly.

An article joins the recent story it scores best with, at or above ``THRESHOLD``, or the story
with the same (normalised) link within ``STATUS_WINDOW``. The score:

* headline similarity: a weighted overlap of content words, stemmed and folded into synonyms
  ("bars", "excludes", "blocked", "phase out" are all "ban"; "urges", "warns", "presses" are
  "urge"), with countries replaced by their codes. The words every Huawei headline shares
  ("Huawei", "5G", "network", "Chinese") count little, and so do the other languages' stop
  words ("el", "de", "og": the lexicons' ``stopwords``), countries, numbers and rare words much;
* the classification's findings (which see the summary too): the same status for the same
  country adds much (most on the same day; within ``SAME_DECISION_WINDOW`` it is enough on its
  own, so reports of one decision in two languages join), the same countries the same day add
  a little, and
  two articles naming no country in common (China aside) are never one story;
* a country with two statuses is a new development days later, or, the same day, one decision
  read two ways ("bans" and "paves the way to a ban"), grouped only with close headlines; a ban
  and a restriction are two outlets' degrees of one exclusion;
* the standfirst (the summary's first ``SUMMARY_CHARS`` characters): the same day, two
  headlines in other words that still share a fair part of the lighter one are one story when
  each is mostly (by weight) inside the other's headline and standfirst;
* a country little in the news (the sparse rule): two relevant articles a day or less apart,
  about (mostly) the same countries with no country given two statuses, are one story when the
  candidate is the only story about one of those countries first seen within
  ``SPARSE_WINDOW`` of the article, whatever their words ("5G trials in disarray as geopolitics
  enters scene" and "US-China spat spills over into Nepal, hits 5G rollout"). It needs the
  relevance of both (``relevant=`` to ``match``, ``Candidate.relevant``): without it, it is off.
  Where a country is much in the news (the US, the UK), there are other stories and it is off;
* the outlet's home country (``home_country``: a country its name names, "Irish Examiner", "The
  Kathmandu Post", else its link's country-code domain, ".ie", not ".io" or ".tv"): an article
  naming no country but China keeps it as a hint among its standfirst words ("^ie", when
  ``context_tokens`` is given ``outlet``/``link``), which stands for its countries in the
  sparse rule only: a national outlet writes about the world too, so a hint never keeps two
  articles apart and earns no same-countries bonus.

Time: a story absorbs only the same development, reported within days. It stays open
``WINDOW`` days; a near-identical headline, or a related headline with the same status for the
same country, joins for up to ``STATUS_WINDOW`` (a week: outlets that report a decision a week
late tell the same news). Later than that, an article about the same country is a new
development and a new story, however much its words overlap the old one's ("UK ... deadline
stays at 2027" eleven days after "UK bans Huawei ... by 2027"), so it is posted. The pipeline
offers every story last seen within ``STATUS_WINDOW``, so all of these apply.

A story is its first article's headline and standfirst words (stored as its ``signature``, with
the home-country hint), link and time, the statuses of all its articles, and its relevance.
"""

from __future__ import annotations

from bot.news.stories.grouping import (
    Arrival,
    ListGrouper,
)
from bot.news.stories.index import (
    StoryIndex,
)
from bot.news.stories.scoring import (
    SPARSE_SCORE,
    SPARSE_WINDOW,
    Candidate,
    match,
    score,
)
from bot.news.stories.text import (
    CLOSE_WINDOW,
    SAME_DECISION_SCORE,
    SAME_DECISION_WINDOW,
    STATUS_WINDOW,
    THRESHOLD,
    WINDOW,
    context_tokens,
    encode_signature,
    home_country,
    link_key,
    parse_signature,
    signature,
    similarity,
    tokens,
    warm,
)

__all__ = [
    "CLOSE_WINDOW",
    "SAME_DECISION_SCORE",
    "SAME_DECISION_WINDOW",
    "SPARSE_SCORE",
    "SPARSE_WINDOW",
    "STATUS_WINDOW",
    "THRESHOLD",
    "WINDOW",
    "Arrival",
    "Candidate",
    "ListGrouper",
    "StoryIndex",
    "context_tokens",
    "encode_signature",
    "home_country",
    "link_key",
    "match",
    "parse_signature",
    "score",
    "signature",
    "similarity",
    "tokens",
    "warm",
]
