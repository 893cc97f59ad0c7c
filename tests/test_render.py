"""What reaches Discord: escaped, inert, and within Discord's limits."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import render
from storage.models import ArticleRow, Finding, ProposalRow, StatusChange, StoryRow

NOW = datetime(2024, 7, 11, 9, 0, tzinfo=UTC)


def story(title: str, findings: tuple[Finding, ...] = ()) -> StoryRow:
    return StoryRow(
        1, title, "https://x.example.com/a", "sig", NOW, NOW, NOW, 3, True, 0.9, findings
    )


def article(i: int, outlet: str, summary: str = "") -> ArticleRow:
    return ArticleRow(
        i,
        1,
        f"g:{i}",
        f"https://x.example.com/{i}",
        "t",
        summary,
        outlet,
        NOW,
        NOW,
        1,
        True,
        0.9,
        True,
    )


def test_safe_neutralises_mentions_and_markdown() -> None:
    text = render.safe("@everyone **look** at <@&123> and @here", 200)
    assert "@everyone" not in text and "@here" not in text
    assert "\\*\\*look\\*\\*" in text


def test_safe_truncates_at_the_limit() -> None:
    assert len(render.safe("x" * 5000, 256)) == 256
    assert render.safe("x" * 5000, 256).endswith("…")


def test_story_embed_respects_discord_limits() -> None:
    findings = tuple(Finding(iso2, "banned", 0.9) for iso2 in ("GB", "DE", "FR", "US", "AU", "CA"))
    huge = story("H" * 1000 + " @everyone", findings)
    articles = [article(i, f"Outlet {i} " + "y" * 200, summary="z" * 5000) for i in range(40)]
    proposals = [
        ProposalRow(i, 1, f.iso2, "banned", 0.9, "pending", None, None, None, NOW)
        for i, f in enumerate(findings)
    ]
    embed = render.story_embed(huge, articles, proposals, {"GB": "banned"})
    assert embed.title is not None and len(embed.title) <= 256
    assert "@everyone" not in embed.title
    assert embed.description is None or len(embed.description) <= 4096
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed) <= 6000


def test_proposal_lines_read_like_the_issue() -> None:
    pending = ProposalRow(1, 1, "DE", "restricted", 0.8, "pending", None, None, None, NOW)
    line = render.proposal_line(pending, "allowed")
    assert line.startswith("Possible status change: 🇩🇪 Germany → **Restricted**")
    applied = ProposalRow(1, 1, "DE", "restricted", 0.8, "applied", "Mod", NOW, 5, NOW)
    assert "applied by Mod" in render.proposal_line(applied, "restricted")


def test_history_pages_split_and_show_decision_dates() -> None:
    changes = [
        StatusChange(
            i,
            "GB",
            "unknown",
            "banned",
            "2020-07-14",
            "",
            "n",
            None,
            "update",
            "discord:1",
            "mod",
            1,
            None,
            None,
            NOW,
        )
        for i in range(25, 0, -1)
    ]
    pages = render.history_pages(render.countries.get("GB"), changes, per_page=10)
    assert len(pages) == 3
    assert "2020-07-14" in (pages[0].description or "")
    assert pages[0].footer.text is not None and "Page 1 of 3" in pages[0].footer.text
