"""Text from feeds is data, never markup: control characters out, links checked.

Plain Python (no discord import): the pipeline cleans feed text once when it is read, the CLI
cleans what it prints, and bot.render escapes what it shows in Discord.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_LINK = 2048

# C0 controls (but tab/newline, turned into spaces by callers that want one line), DEL, C1
# controls, and the bidirectional overrides, embeddings, isolates and marks that reorder text.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Characters a link may not contain: anything that could end or restart markdown link syntax,
# quotes and angle brackets, whitespace and control characters.
_LINK_REFUSED = re.compile(r"[\s\[\]()<>\"'`\\{}|^\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_text(text: str | None) -> str:
    """``text`` without control characters or bidi overrides (tabs and newlines kept)."""
    if not text:
        return ""
    return _CONTROL.sub("", text)


def safe_link(url: str | None) -> str | None:
    """``url`` when it is a well-formed http(s) link that can be shown as one, else None:
    at most 2048 characters, no spaces, brackets, quotes or control characters, a host."""
    if not url or len(url) > MAX_LINK or _LINK_REFUSED.search(url):
        return None
    if not url.lower().startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None
    if not host or "@" in parts.netloc:
        return None
    return url
