"""Two detection fixes: "Commission" inside another body's name, and América Móvil."""

from __future__ import annotations

import pytest

from bot.countries import find_mentions


def codes(text: str) -> list[str]:
    return [m.iso2 for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cyberspace Affairs Commission of China summons Nvidia", ["CN"]),
        ("Federal Trade Commission sues Amazon", []),
        ("FEDERAL TRADE COMMISSION SUES AMAZON", []),
        ("US Securities and Exchange Commission probes the deal", ["US"]),
        ("Federal Communications Commission votes to fund rip-and-replace", ["US"]),
        # Alone, or after "European", "the", "EU": the European Commission.
        ("Commission urges member states to restrict Huawei", ["EU"]),
        ("The Commission said", ["EU"]),
        ("the Commission said", ["EU"]),
        ("EU Commission weighs a ban", ["EU", "EU"]),
        ("EU's Commission weighs a ban", ["EU", "EU"]),
        ("European Commission publishes a report", ["EU"]),
        ("Huawei: Commission to act on high-risk vendors", ["EU"]),
        ("Commission’s report on the toolbox", ["EU"]),
    ],
)
def test_commission_is_the_eu_only_alone(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "América Móvil picks Ericsson for 5G in Brazil",
        "America Movil picks Ericsson for 5G in Brazil",
        "AMERICA MOVIL to cut costs",
    ],
)
def test_america_movil_is_not_the_us(text: str) -> None:
    assert "US" not in codes(text)


def test_america_alone_is_still_the_us() -> None:
    assert codes("America bans Huawei") == ["US"]
    assert "BR" in codes("América Móvil picks Ericsson for 5G in Brazil")
