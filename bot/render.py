"""Everything the bot shows in Discord: embeds built from the services' plain data.

The one place that knows Discord's text limits and escaping. Text from feeds and users is
escaped for markdown and mentions, and cut to fit, before it reaches an embed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import discord
from discord.utils import escape_markdown, escape_mentions

from bot import countries
from bot.countries import Country
from bot.services import BASELINE_SIGNATURE, CountryView, PendingProposal, WeeklyDigest
from bot.status import ORDER, Status, style
from storage.models import ArticleRow, CountryRow, FeedRow, ProposalRow, StatusChange, StoryRow

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
MAX_LISTED_PROPOSALS = 25  # as many as a select menu holds
FIELD_MAX = 1024
FIELD_NAME_MAX = 256
TOTAL_MAX = 6000
NEUTRAL = 0x5865F2

NO_MENTIONS = discord.AllowedMentions.none()


def safe(text: str | None, limit: int) -> str:
    """Feed or user text made inert (no markdown tricks, no pings) and cut to ``limit``."""
    if not text:
        return ""
    text = escape_mentions(escape_markdown(" ".join(text.split())))
    return text if len(text) <= limit else text[: limit - 1].rstrip("\\") + "…"


def when(dt: datetime | None, style_code: str = "D") -> str:
    return f"<t:{int(dt.timestamp())}:{style_code}>" if dt else "unknown"


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
    """When it happened (the decision's date), else when it was recorded."""
    return ch.since or when(ch.created_at)


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
            embed.add_field(name="Source", value=f"[link]({view.row.source})", inline=True)
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
            if ch.source:
                line += f" [source]({ch.source})"
            lines.append(line)
        embed = discord.Embed(
            title=f"{country.flag} {country.name}: history (newest first)",
            description="\n".join(lines)[:DESCRIPTION_MAX],
            colour=style(history[0].new_status).colour,
        )
        embed.set_footer(text=f"Page {i // per_page + 1} of {total} · {len(history)} changes")
        pages.append(embed)
    return pages


def statuses_pages(
    groups: dict[Status, list[CountryRow]], per_page: int = 40
) -> list[discord.Embed]:
    """One line per country, grouped by status; split over pages when long."""
    lines: list[tuple[Status, str]] = []
    for status in ORDER:
        for row in groups.get(status, []):
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
        link = f"[{headline}]({s.link})" if s.link else headline
        lines.append(f"{flags} {link} — {when(s.shown_at)}{outlets}")
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
        url=story.link or (first.link if first else None),
        colour=colour,
        description=safe(first.summary, 600) if first and first.summary else None,
        timestamp=story.published_at or story.first_seen_at,
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
        others = [
            f"[{safe(a.outlet, 60)}]({a.link})" if a.link else safe(a.outlet, 60)
            for a in articles[1:]
            if a.outlet != (first.outlet if first else None)
        ]
        embed.add_field(
            name="Also reported by",
            value=", ".join(dict.fromkeys(others))[:FIELD_MAX],
            inline=False,
        )
    if story.signature.startswith(BASELINE_SIGNATURE):
        embed.set_footer(text="Baseline re-check: a moderator decides")
    else:
        embed.set_footer(text=safe(outlets[0], 100) if outlets else "News")
    return _fit(embed)


def change_embed(change: StatusChange) -> discord.Embed:
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
        embed.add_field(name="Source", value=change.source[:FIELD_MAX], inline=False)
    embed.add_field(name="By", value=safe(change.actor_name or change.actor, 100), inline=True)
    return embed


def feeds_embed(feeds: Sequence[FeedRow]) -> discord.Embed:
    icon = {"ok": "🟢", "failing": "🟠", "disabled": "🔴", "paused": "⏸️"}
    lines = []
    for f in feeds:
        error = f" — {safe(f.last_error, 120)}" if f.last_error and f.state != "ok" else ""
        lines.append(f"{icon[f.state]} `#{f.id}` [{safe(f.label, 80)}]({f.url}){error}")
    return discord.Embed(
        title=f"Feeds ({len(feeds)})",
        description="\n".join(lines)[:DESCRIPTION_MAX] or "No feeds yet. Add one with /feeds add.",
        colour=NEUTRAL,
    )


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
        story = f"[{title}]({item.link})" if item.link else title
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
        line = f"{flags} [{headline}]({s.link})" if s.link else f"{flags} {headline}"
        lines.append(line + outlets)
    more = f"\n…and {len(stories) - 30} more (/news)" if len(stories) > 30 else ""
    return discord.Embed(
        title=f"{len(stories)} new stories",
        description=("\n".join(lines)[: DESCRIPTION_MAX - 60] + more),
        colour=NEUTRAL,
    )


def weekly_digest_embed(data: WeeklyDigest) -> discord.Embed:
    embed = discord.Embed(
        title="Weekly digest: Huawei/ZTE in 5G",
        description=f"{when(data.since)} to {when(data.until)}",
        colour=NEUTRAL,
    )
    if data.changes:
        value = "\n".join(f"{country_label(c.iso2)}: {change_arrow(c)}" for c in data.changes[:15])
        embed.add_field(name="Status changes", value=value[:FIELD_MAX], inline=False)
    else:
        embed.add_field(name="Status changes", value="None this week.", inline=False)
    if data.stories:
        value = "\n".join(
            f"[{safe(s.title, 120)}]({s.link}) · {s.outlet_count} outlets"
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
