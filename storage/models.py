"""Plain rows returned by the repositories. No behaviour beyond small derived properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CountryRow:
    iso2: str
    status: str
    since: str | None
    summary: str
    source: str | None
    updated_by: str
    updated_at: datetime
    last_change_id: int


@dataclass(frozen=True, slots=True)
class StatusChange:
    id: int
    iso2: str
    old_status: str
    new_status: str
    since: str | None
    summary: str
    note: str
    source: str | None
    kind: str
    actor: str
    actor_name: str | None
    guild_id: int | None
    reverts_id: int | None
    reverted_by: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewChange:
    """A status change to record (the store fills in old status, id and time)."""

    iso2: str
    new_status: str
    note: str
    source: str | None
    kind: str
    actor: str
    actor_name: str | None = None
    guild_id: int | None = None
    since: str | None = None
    summary: str | None = None  # None: keep the country's summary, or use the note for updates
    reverts_id: int | None = None


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    url: str
    name: str
    origin: str
    added_by: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    next_poll_at: datetime | None
    failures: int
    last_error: str | None
    disabled: bool
    disabled_reason: str | None
    paused: bool
    created_at: datetime
    failing_since: datetime | None = None  # when the current run of failures began

    @property
    def state(self) -> str:
        if self.disabled:
            return "disabled"
        if self.paused:
            return "paused"
        if self.failures:
            return "failing"
        return "ok"

    @property
    def label(self) -> str:
        return self.name or self.url


@dataclass(frozen=True, slots=True)
class Finding:
    """A country an article or story is about, and the status it reports (None: only mentioned)."""

    iso2: str
    status: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    title: str
    link: str | None
    signature: str
    first_seen_at: datetime
    last_seen_at: datetime
    published_at: datetime | None
    outlet_count: int
    relevant: bool
    score: float
    findings: tuple[Finding, ...] = field(default=())
    latest_at: datetime | None = None  # its latest article's date (read by ``latest`` only)

    @property
    def shown_at(self) -> datetime:
        """The date a story is shown and ordered by: its latest article's."""
        return self.latest_at or self.published_at or self.first_seen_at


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    feed_id: int | None
    uid: str
    link: str | None
    title: str
    summary: str
    outlet: str
    published_at: datetime | None
    fetched_at: datetime
    story_id: int | None
    relevant: bool
    score: float
    alertable: bool
    date_estimated: bool = False  # published_at is the time it was first seen


@dataclass(frozen=True, slots=True)
class ProposalRow:
    id: int
    story_id: int
    iso2: str
    status: str
    confidence: float
    state: str
    decided_by: str | None
    decided_at: datetime | None
    change_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    alert_channel_id: int | None = None
    mention_role_id: int | None = None
    countries: tuple[str, ...] | None = None  # None: every country
    min_relevance: float | None = None
    digest_enabled: bool = True
    digest_weekday: int = 0
    digest_hour: int = 9
    digest_post_empty: bool = False

    def wants(self, iso2s: set[str] | frozenset[str]) -> bool:
        """Whether a story about these countries passes this guild's country filter."""
        return self.countries is None or bool(iso2s & set(self.countries))

    def accepts(self, iso2s: frozenset[str] | None, score: float | None) -> bool:
        """Whether a post passes this guild's filters (None: that filter does not apply)."""
        if iso2s is not None and not self.wants(iso2s):
            return False
        return score is None or self.min_relevance is None or score >= self.min_relevance


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    guild_id: int
    channel_id: int
    kind: str
    story_id: int | None
    payload: str
    state: str
    needs_edit: bool
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    message_id: int | None
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    actor: str
    actor_name: str | None
    guild_id: int | None
    action: str
    target: str | None
    detail: str
    created_at: datetime
