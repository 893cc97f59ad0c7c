"""Timezone-aware UTC datetimes to and from the text stored in SQLite."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to storage; pass an aware UTC datetime")
    return value.astimezone(UTC).isoformat(timespec="seconds")


def from_db(value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def must(value: str | None) -> datetime:
    parsed = from_db(value)
    if parsed is None:
        raise ValueError("expected a stored time, found NULL")
    return parsed
