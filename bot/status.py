"""The status vocabulary: the one definition of each status, its label, colour and emoji."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.errors import UserError


class Status(StrEnum):
    BANNED = "banned"
    RESTRICTED = "restricted"
    UNDER_REVIEW = "under_review"
    ALLOWED = "allowed"
    PARTNER = "partner"
    UNKNOWN = "unknown"


# When one reading of an article gives a country several statuses, the highest rank wins: a
# scoped restriction is more specific than a ban, a ban than a deal, a deal than a review.
FINDING_RANK: dict[str, int] = {
    Status.RESTRICTED: 5,
    Status.BANNED: 4,
    Status.PARTNER: 3,
    Status.UNDER_REVIEW: 2,
    Status.ALLOWED: 1,
}


@dataclass(frozen=True, slots=True)
class StatusStyle:
    label: str
    colour: int  # 0xRRGGBB, used for embeds and the map
    emoji: str
    meaning: str

    @property
    def rgb(self) -> tuple[int, int, int]:
        return (self.colour >> 16) & 0xFF, (self.colour >> 8) & 0xFF, self.colour & 0xFF


STYLES: dict[Status, StatusStyle] = {
    Status.BANNED: StatusStyle(
        "Banned", 0xD62828, "\N{NO ENTRY}", "Huawei/ZTE prohibited or excluded from 5G"
    ),
    Status.RESTRICTED: StatusStyle(
        "Restricted",
        0xF77F00,
        "\N{WARNING SIGN}\N{VARIATION SELECTOR-16}",
        "kept out of the core or sensitive parts, capped or phased out",
    ),
    Status.UNDER_REVIEW: StatusStyle(
        "Under review",
        0xFCBF49,
        "\N{LEFT-POINTING MAGNIFYING GLASS}",
        "formal review, bill or declaration, no binding decision yet",
    ),
    Status.ALLOWED: StatusStyle(
        "Allowed", 0x2A9D8F, "\N{WHITE HEAVY CHECK MARK}", "no restriction; Huawei may be used"
    ),
    Status.PARTNER: StatusStyle(
        "Partner",
        0x3A86FF,
        "\N{HANDSHAKE}",
        "Huawei chosen or endorsed as a 5G vendor with government backing",
    ),
    Status.UNKNOWN: StatusStyle(
        "Unknown", 0x9AA0A6, "\N{WHITE QUESTION MARK ORNAMENT}", "no information yet"
    ),
}

# Order used for listings and legends: most restrictive first.
ORDER: tuple[Status, ...] = (
    Status.BANNED,
    Status.RESTRICTED,
    Status.UNDER_REVIEW,
    Status.ALLOWED,
    Status.PARTNER,
    Status.UNKNOWN,
)


def style(status: Status | str) -> StatusStyle:
    return STYLES[Status(status)]


def parse_status(text: str) -> Status:
    """Turn user text ("under review", "Banned", "under_review") into a Status."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for status in Status:
        if key in (status.value, STYLES[status].label.lower().replace(" ", "_")):
            return status
    choices = ", ".join(s.value for s in ORDER)
    raise UserError(f"Unknown status '{text}'. Use one of: {choices}.")
