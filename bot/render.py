"""Everything the bot shows in Discord: embeds built from the services' plain data.

The one place that knows Discord's text limits and escaping. Text from feeds and users is
escaped for markdown and mentions, and cut to fit, before it reaches an embed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

import discord
from discord.utils import escape_markdown, escape_mentions

from bot import countries
from bot.countries import Country
from bot.services import BASELINE_SIGNATURE, CountryView, PendingProposal, WeeklyDigest
from bot.status import ORDER, Status, style
from bot.textsafe import clean_text, safe_link
from storage.models import (
    ArticleRow,
    AuditEntry,
    CountryRow,
    FeedRow,
    Finding,
    GuildSettings,
    ProposalRow,
    StatusChange,
    StoryRow,
)

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
MAX_LISTED_PROPOSALS = 25  # as many as a select menu holds
FIELD_MAX = 1024
FIELD_NAME_MAX = 256
TOTAL_MAX = 6000
NEUTRAL = 0x5865F2

NO_MENTIONS = discord.AllowedMentions.none()


_LINK_SYNTAX = re.compile(r"(?<!\\)([\[\]()])")
_BARE_URL = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,20}):(?=//)")


def safe(text: str | None, limit: int) -> str:
    """Feed or user text made inert and cut to ``limit``: no control characters, no markdown
    (link syntax ``[ ] ( )`` included), no clickable bare URLs, no pings."""
    if not text:
        return ""
    text = escape_markdown(" ".join(clean_text(text).split()), ignore_links=False)
    text = _BARE_URL.sub(r"\1\\:", _LINK_SYNTAX.sub(r"\\\1", text))
    text = escape_mentions(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip("\\") + "…"


def link(label: str, url: str | None) -> str:
    """A markdown link from an already safe ``label``; just the label when ``url`` is not a
    well-formed http(s) link (see bot.textsafe.safe_link)."""
    target = safe_link(url)
    return f"[{label}]({target})" if target else label


def when(dt: datetime | None, style_code: str = "D") -> str:
    return f"<t:{int(dt.timestamp())}:{style_code}>" if dt else "unknown"


def seen_time(published: datetime | None, seen: datetime) -> datetime:
    """When to say a story happened: its date, but never later than when it was seen (a feed
    that dates an item in the future is shown at the time the item arrived)."""
    return seen if published is None or published > seen else published


def day(d: date) -> str:
    """A date as people read it: "2 December 2026"."""
    return f"{d.day} {d:%B %Y}"


def country_label(iso2: str) -> str:
    c = countries.get(iso2)
    return f"{c.flag} {c.name}"


def status_label(status: Status | str) -> str:
    s = style(status)
    return f"{s.emoji} {s.label}"


def _fit(embed: discord.Embed) -> discord.Embed:
    """Drop trailing fields until the embed is within Discord's 6000-character total."""
    while len(embed) > TOTAL_MAX and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    return embed


def event_date(ch: StatusChange) -> str:
    """When it happened (the decision's date), else when it was recorded. An undo happened
    when it was recorded: its ``since`` is the restored state's older date."""
    if ch.kind == "revert":
        return when(ch.created_at)
    return ch.since or when(ch.created_at)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 change``, ``2 changes``; ``many`` for irregular plurals (country, countries)."""
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def change_arrow(ch: StatusChange) -> str:
    return f"{style(ch.old_status).label} → **{style(ch.new_status).label}**"


def change_line(ch: StatusChange) -> str:
    who = safe(ch.actor_name or ch.actor, 60)
    arrow = change_arrow(ch)
    kind = {"seed": " (baseline)", "revert": " (undo)", "proposal": " (from the news)"}.get(
        ch.kind, ""
    )
    undone = " ~~undone~~" if ch.reverted_by else ""
    note = f" — {safe(ch.note, 200)}" if ch.note and ch.kind != "seed" else ""
    return f"{event_date(ch)} {arrow}{kind} by {who}{undone}{note}"


def status_embed(view: CountryView) -> discord.Embed:
    s = style(view.status)
    c = view.country
    embed = discord.Embed(
        title=f"{c.flag} {c.name}: {s.emoji} {s.label}",
        colour=s.colour,
        description=safe(view.row.summary, 1500) if view.row else "No information yet.",
    )
    if view.row:
        if view.row.since:
            embed.add_field(name="Since", value=view.row.since, inline=True)
        if view.row.source:
            embed.add_field(name="Source", value=link("link", view.row.source), inline=True)
        embed.add_field(
            name="Last updated",
            value=f"{when(view.row.updated_at)} by {safe(view.row.updated_by, 80)}",
            inline=True,
        )
    if view.history:
        lines = "\n".join(change_line(ch) for ch in view.history[:3])
        embed.add_field(name="Latest changes", value=lines[:FIELD_MAX], inline=False)
    as_of = f"As of {day(view.as_of)} · " if view.as_of else ""
    embed.set_footer(
        text=f"{as_of}{s.label}: {s.meaning}. /history {c.iso2.lower()} for the timeline."
    )
    return _fit(embed)


def history_pages(
    country: Country, history: Sequence[StatusChange], per_page: int = 10
) -> list[discord.Embed]:
    if not history:
        return [
            discord.Embed(
                title=f"{country.flag} {country.name}: history",
                description="No changes recorded yet.",
                colour=NEUTRAL,
            )
        ]
    pages = []
    total = (len(history) + per_page - 1) // per_page
    for i in range(0, len(history), per_page):
        chunk = history[i : i + per_page]
        lines = []
        for ch in chunk:
            line = f"**#{ch.id}** {change_line(ch)}"
            if safe_link(ch.source):
                line += " " + link("source", ch.source)
            lines.append(line)
        embed = discord.Embed(
            title=f"{country.flag} {country.name}: history (newest first)",
            description="\n".join(lines)[:DESCRIPTION_MAX],
            colour=style(history[0].new_status).colour,
        )
        embed.set_footer(
            text=f"Page {i // per_page + 1} of {total} · {plural(len(history), 'change')}"
        )
        pages.append(embed)
    return pages


def statuses_pages(
    groups: dict[Status, list[CountryRow]], per_page: int = 40, *, collapse_unknown: bool = False
) -> list[discord.Embed]:
    """One line per country, grouped by status; split over pages when long. With
    ``collapse_unknown`` the countries with no information are one line (their count, as
    on the map) instead of a list."""
    lines: list[tuple[Status, str]] = []
    for status in ORDER:
        rows = groups.get(status, [])
        if status == Status.UNKNOWN and collapse_unknown and rows:
            count = plural(len(rows), "country", "countries")
            lines.append(
                (status, f"{count} with no information yet (/statuses unknown lists them)")
            )
            continue
        for row in rows:
            since = f" · since {row.since}" if row.since else ""
            lines.append((status, f"{country_label(row.iso2)}{since}"))
    if not lines:
        return [
            discord.Embed(
                title="Statuses", description="No country has that status.", colour=NEUTRAL
            )
        ]
    pages: list[discord.Embed] = []
    total = (len(lines) + per_page - 1) // per_page
    counts = " · ".join(f"{style(s).emoji} {len(rows)}" for s, rows in groups.items())
    for start in range(0, len(lines), per_page):
        embed = discord.Embed(title="Huawei/ZTE in 5G: status by country", colour=NEUTRAL)
        current: Status | None = None
        buf: list[str] = []
        for status, line in lines[start : start + per_page]:
            if status != current:
                if buf and current is not None:
                    embed.add_field(
                        name=status_label(current), value="\n".join(buf)[:FIELD_MAX], inline=False
                    )
                current, buf = status, []
            buf.append(line)
        if buf and current is not None:
            embed.add_field(
                name=status_label(current), value="\n".join(buf)[:FIELD_MAX], inline=False
            )
        embed.set_footer(text=f"{counts} · page {start // per_page + 1} of {total}")
        pages.append(_fit(embed))
    return pages


def news_embed(country: Country | None, stories: Sequence[StoryRow]) -> discord.Embed:
    title = f"Latest news: {country.flag} {country.name}" if country else "Latest news"
    if not stories:
        return discord.Embed(title=title, description="No relevant stories yet.", colour=NEUTRAL)
    lines = []
    for s in stories:
        outlets = f" · {s.outlet_count} outlets" if s.outlet_count > 1 else ""
        flags = "".join(countries.get(f.iso2).flag for f in s.findings[:4])
        headline = safe(s.title, 180)
        shown = link(headline, s.link)
        lines.append(f"{flags} {shown} — {when(seen_time(s.shown_at, s.last_seen_at))}{outlets}")
    return discord.Embed(
        title=title, description="\n".join(lines)[:DESCRIPTION_MAX], colour=NEUTRAL
    )


def proposal_line(p: ProposalRow, current: str) -> str:
    target = f"{country_label(p.iso2)} → **{style(p.status).label}**"
    if p.state == "pending":
        return f"Possible status change: {target} (now {style(current).label})"
    if p.state == "applied":
        return f"✅ {target} — applied by {safe(p.decided_by, 60)}"
    return f"~~Possible status change: {target}~~ — dismissed by {safe(p.decided_by, 60)}"


def story_embed(
    story: StoryRow,
    articles: Sequence[ArticleRow],
    proposals: Sequence[ProposalRow],
    current: dict[str, str],
) -> discord.Embed:
    first = articles[0] if articles else None
    pending = [p for p in proposals if p.state == "pending"]
    colour = style(pending[0].status).colour if pending else NEUTRAL
    embed = discord.Embed(
        title=safe(story.title, TITLE_MAX),
        url=safe_link(story.link) or safe_link(first.link if first else None),
        colour=colour,
        description=safe(first.summary, 600) if first and first.summary else None,
        timestamp=seen_time(story.published_at, story.first_seen_at),
    )
    if story.findings:
        value = "\n".join(
            f"{country_label(f.iso2)} · now {style(current.get(f.iso2, 'unknown')).label}"
            for f in story.findings[:10]
        )
        embed.add_field(name="Countries", value=value[:FIELD_MAX], inline=False)
    if proposals:
        value = "\n".join(proposal_line(p, current.get(p.iso2, "unknown")) for p in proposals)
        embed.add_field(name="Status", value=value[:FIELD_MAX], inline=False)
    outlets = []
    for a in articles:
        if a.outlet and a.outlet not in outlets:
            outlets.append(a.outlet)
    if len(outlets) > 1:
        # Each other outlet once, linked to its first article on the story.
        links: dict[str, str | None] = {}
        for a in articles:
            if a.outlet and a.outlet != outlets[0] and a.outlet not in links:
                links[a.outlet] = a.link
        others = [link(safe(name, 60), url) for name, url in links.items()]
        embed.add_field(name="Also reported by", value=", ".join(others)[:FIELD_MAX], inline=False)
    if story.signature.startswith(BASELINE_SIGNATURE):
        embed.set_footer(text="Baseline re-check: a moderator decides")
    else:
        embed.set_footer(text=safe(outlets[0], 100) if outlets else "News")
    return _fit(embed)


def change_embed(change: StatusChange, origin: str | None = None) -> discord.Embed:
    """``origin``: the name of the server the change came from, when not the reader's own."""
    c = countries.get(change.iso2)
    new = style(change.new_status)
    verb = {
        "revert": "Status change undone",
        "proposal": "Status change applied from the news",
    }.get(change.kind, "Status updated")
    embed = discord.Embed(
        title=f"{c.flag} {c.name}: {style(change.old_status).label} → {new.label}",
        colour=new.colour,
        description=safe(change.note, 1000) or None,
        timestamp=change.created_at,
    )
    embed.set_author(name=verb)
    if change.source:
        source = safe_link(change.source)
        embed.add_field(name="Source", value=source or safe(change.source, FIELD_MAX), inline=False)
    embed.add_field(name="By", value=safe(change.actor_name or change.actor, 100), inline=True)
    if origin:
        embed.add_field(name="From another server", value=safe(origin, 100), inline=True)
    return embed


def feeds_embed(feeds: Sequence[FeedRow]) -> discord.Embed:
    icon = {"ok": "🟢", "failing": "🟠", "disabled": "🔴", "paused": "⏸️"}
    lines = []
    for f in feeds:
        error = f" — {safe(f.last_error, 120)}" if f.last_error and f.state != "ok" else ""
        lines.append(f"{icon[f.state]} `#{f.id}` {link(safe(f.label, 80), f.url)}{error}")
    return discord.Embed(
        title=f"Feeds ({len(feeds)})",
        description="\n".join(lines)[:DESCRIPTION_MAX] or "No feeds yet. Add one with /feeds add.",
        colour=NEUTRAL,
    )


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEST_MARK = "🧪 TEST ALERT: a sample, not real news"


def test_alert_embeds(now: datetime, current: str, role_id: int | None) -> list[discord.Embed]:
    """What ``/alerts test`` posts: a sample story that reports a change (the post every new
    story gets, with its proposal) and a sample status change (the post that pings the role),
    both marked as a test."""
    story = StoryRow(
        id=0,
        title="[TEST] Germany bans Huawei and ZTE from its 5G core network",
        link="https://example.com/policywatch-test-alert",
        signature="",
        first_seen_at=now,
        last_seen_at=now,
        published_at=now,
        outlet_count=2,
        relevant=True,
        score=1.0,
        findings=(Finding("DE", "banned", 0.9),),
    )
    articles = [
        ArticleRow(
            0,
            None,
            "test:1",
            story.link,
            story.title,
            "A sample story: this is what a new story looks like when it is posted here.",
            "Sample Wire",
            now,
            now,
            0,
            True,
            1.0,
            True,
        ),
        ArticleRow(
            1,
            None,
            "test:2",
            "https://example.org/policywatch-test",
            story.title,
            "",
            "Second Sample Outlet",
            now,
            now,
            0,
            True,
            1.0,
            True,
        ),
    ]
    proposal = ProposalRow(0, 0, "DE", "banned", 0.9, "pending", None, None, None, now)
    first = story_embed(story, articles, [proposal], {"DE": current})
    first.set_author(name=TEST_MARK)
    first.set_footer(
        text="Test alert from /alerts test. On a real story, moderators Apply or Dismiss the "
        "proposed change with the buttons; these test buttons do nothing."
    )
    ping = f"<@&{role_id}>" if role_id else "no role (set one with /alerts role)"
    change = discord.Embed(
        title=f"{country_label('DE')}: {style(current).label} → {style('banned').label}",
        colour=style(Status.BANNED).colour,
        description="[TEST] A sample status change: this is what is posted when a moderator "
        f"records a change (/update, /revert, or Apply on a story). It mentions {ping}.",
        timestamp=now,
    )
    change.set_author(name=TEST_MARK)
    change.add_field(name="By", value="a moderator (sample)", inline=True)
    return [first, change]


def alert_settings_embed(
    settings: GuildSettings, ping_problem: str | None, feeds_disabled_notice: bool = True
) -> discord.Embed:
    """``/alerts show``: where alerts go, who is pinged, which countries, the digest, and in
    plain words what would be posted."""
    channel = f"<#{settings.alert_channel_id}>" if settings.alert_channel_id else None
    embed = discord.Embed(title="Alert settings for this server", colour=NEUTRAL)
    embed.add_field(
        name="Channel", value=channel or "none: alerts are off (/alerts channel)", inline=True
    )
    role = f"<@&{settings.mention_role_id}>" if settings.mention_role_id else "none"
    if ping_problem:
        role += f"\n⚠️ {ping_problem}"
    embed.add_field(name="Ping role (status changes)", value=role[:FIELD_MAX], inline=True)
    if settings.countries:
        names = ", ".join(country_label(c) for c in settings.countries)
    else:
        names = "every country"
    embed.add_field(name="Countries", value=names[:FIELD_MAX], inline=False)
    day = WEEKDAYS[settings.digest_weekday]
    digest = (
        f"on: {day}s at {settings.digest_hour:02d}:00 UTC"
        + (", even when the week was quiet" if settings.digest_post_empty else "")
        if settings.digest_enabled
        else "off"
    )
    embed.add_field(name="Weekly digest", value=digest, inline=False)
    if channel is None:
        posted = "Nothing: choose a channel with /alerts channel, then try /alerts test."
    else:
        about = "about " + names if settings.countries else "about any country"
        lines = [
            f"• one post per new story {about}, with Apply/Dismiss buttons for moderators "
            "when it reports a possible status change",
            "• each status change recorded by a moderator"
            + (f" {about}" if settings.countries else "")
            + (f", mentioning {role.splitlines()[0]}" if settings.mention_role_id else ""),
        ]
        if settings.min_relevance is not None:
            lines[0] += f" (relevance at least {settings.min_relevance:g})"
        if settings.digest_enabled:
            lines.append(f"• the weekly digest, {day}s at {settings.digest_hour:02d}:00 UTC")
        if feeds_disabled_notice:
            lines.append("• a notice when a feed is disabled after failing for a long time")
        posted = f"In {channel}:\n" + "\n".join(lines)
    embed.add_field(name="What would be posted", value=posted[:FIELD_MAX], inline=False)
    return _fit(embed)


def feeds_disabled_embed(outages: Sequence[dict[str, str]]) -> discord.Embed:
    """The admins' notice for the feeds one polling cycle disabled: each feed named once (its
    name and address, or only the address), with the reason."""
    lines = []
    for o in outages[:20]:
        url, name = str(o.get("url") or ""), str(o.get("feed") or "")
        who = f"{safe(name, 80)} <{url}>" if name and name != url else f"<{url}>"
        lines.append(f"• {who}: {safe(o.get('reason'), 300)}")
    if len(outages) > 20:
        lines.append(f"…and {len(outages) - 20} more (/feeds list)")
    one = len(outages) == 1
    embed = discord.Embed(
        title="A feed was disabled" if one else f"{len(outages)} feeds were disabled",
        description="\n".join(lines)[: DESCRIPTION_MAX - 200]
        + f"\n\nA moderator can turn {'it' if one else 'them'} back on with /feeds resume.",
        colour=style(Status.RESTRICTED).colour,
    )
    return embed


def notice_embed(title: str, text: str) -> discord.Embed:
    return discord.Embed(
        title=title, description=safe(text, 2000), colour=style(Status.RESTRICTED).colour
    )


def proposals_embed(pending: Sequence[PendingProposal]) -> discord.Embed:
    """/proposals: the proposed status changes waiting for a moderator, oldest first."""
    lines = []
    for item in pending[:MAX_LISTED_PROPOSALS]:
        p = item.proposal
        title = safe(item.title, 90)
        story = link(title, item.link)
        lines.append(
            f"#{p.id} {country_label(p.iso2)}: {style(item.current).label} → "
            f"**{style(p.status).label}** · {when(p.created_at)} · {story}"
        )
    more = len(pending) - MAX_LISTED_PROPOSALS
    tail = f"\n…and {more} more: act on these first, or use the CLI" if more > 0 else ""
    return discord.Embed(
        title=f"{len(pending)} proposed status changes waiting",
        description="\n".join(lines)[: DESCRIPTION_MAX - 80] + tail,
        colour=NEUTRAL,
    )


def digest_embed(stories: Sequence[StoryRow]) -> discord.Embed:
    """Many new stories at once: one message listing them instead of a flood of posts."""
    lines = []
    for s in stories[:30]:
        flags = "".join(countries.get(f.iso2).flag for f in s.findings[:4])
        headline = safe(s.title, 150)
        outlets = f" · {s.outlet_count} outlets" if s.outlet_count > 1 else ""
        lines.append(f"{flags} {link(headline, s.link)}{outlets}")
    more = f"\n…and {len(stories) - 30} more (/news)" if len(stories) > 30 else ""
    return discord.Embed(
        title=f"{len(stories)} new stories",
        description=("\n".join(lines)[: DESCRIPTION_MAX - 60] + more),
        colour=NEUTRAL,
    )


def net_change_lines(changes: Sequence[StatusChange]) -> list[str]:
    """One line per country (in the order of its first change): the net change over the
    period, then the steps when there were several. A country that ended where it started
    says so instead of repeating each step as news."""
    by_country: dict[str, list[StatusChange]] = {}
    for ch in sorted(changes, key=lambda c: c.id):
        by_country.setdefault(ch.iso2, []).append(ch)
    lines = []
    for iso2, steps in by_country.items():
        start, end = steps[0].old_status, steps[-1].new_status
        if start == end:
            net = f"no net change (still {style(end).label})"
        else:
            net = f"{style(start).label} → **{style(end).label}**"
        line = f"{country_label(iso2)}: {net}"
        if len(steps) > 1:
            path = " → ".join([style(start).label, *(style(c.new_status).label for c in steps)])
            line += f"\n  {len(steps)} changes: {path}"
        lines.append(line)
    return lines


def weekly_digest_embed(data: WeeklyDigest) -> discord.Embed:
    embed = discord.Embed(
        title="Weekly digest: Huawei/ZTE in 5G",
        description=f"{when(data.since)} to {when(data.until)}",
        colour=NEUTRAL,
    )
    if data.changes:
        value = "\n".join(net_change_lines(data.changes)[:15])
        embed.add_field(name="Status changes", value=value[:FIELD_MAX], inline=False)
    else:
        embed.add_field(name="Status changes", value="None this week.", inline=False)
    if data.stories:
        value = "\n".join(
            f"{link(safe(s.title, 120), s.link)} · {s.outlet_count} outlets"
            if s.link
            else safe(s.title, 120)
            for s in data.stories[:8]
        )
        embed.add_field(name="Top stories", value=value[:FIELD_MAX], inline=False)
    if data.failing_feeds:
        value = "\n".join(
            f"{safe(f.label, 80)}: {safe(f.last_error, 100)}" for f in data.failing_feeds[:10]
        )
        embed.add_field(name="Feeds with problems", value=value[:FIELD_MAX], inline=False)
    return _fit(embed)


def audit_embed(entries: Sequence[AuditEntry], guild_names: dict[int, str]) -> discord.Embed:
    """The latest audited changes, newest first: when, who (and from which server), what."""
    lines = []
    for e in entries:
        name = guild_names.get(e.guild_id, str(e.guild_id)) if e.guild_id else None
        where = f" in {safe(name, 40)}" if name else ""
        target = f" {safe(e.target, 80)}" if e.target else ""
        who = safe(e.actor_name or e.actor, 60)
        lines.append(f"`#{e.id}` {when(e.created_at, 'f')} **{e.action}**{target} by {who}{where}")
    return discord.Embed(
        title="Audit log (newest first)",
        description="\n".join(lines)[:DESCRIPTION_MAX] or "Nothing recorded yet.",
        colour=NEUTRAL,
    )
