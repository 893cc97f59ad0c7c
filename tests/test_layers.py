"""Imports run one way: cogs -> bot (wiring -> core) -> storage. Checked on the source text, so a
lazy import inside a function counts as much as one at the top of a module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The only modules of bot/ that may import discord: the wiring and the rendering of messages.
DISCORD_EDGE = {"bot.client", "bot.dispatch", "bot.render", "bot.views"}
# Modules that drive the whole program (the bot and the command line): the core never imports them.
ENTRY = DISCORD_EDGE | {"bot.cli", "bot.__main__"}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _hits(imports: set[str], banned: set[str]) -> list[str]:
    return sorted(i for i in imports if any(i == b or i.startswith(b + ".") for b in banned))


@pytest.mark.parametrize("path", _sources("storage"), ids=str)
def test_storage_knows_nothing_above_it(path: Path) -> None:
    assert _hits(_imports(path), {"bot", "cogs", "discord", "aiohttp"}) == []


@pytest.mark.parametrize("path", _sources("bot"), ids=str)
def test_bot_never_imports_cogs(path: Path) -> None:
    assert _hits(_imports(path), {"cogs"}) == []


@pytest.mark.parametrize(
    "path", [p for p in _sources("bot") if _module(p) not in DISCORD_EDGE], ids=str
)
def test_core_does_not_import_discord(path: Path) -> None:
    assert _hits(_imports(path), {"discord"}) == []


@pytest.mark.parametrize("path", [p for p in _sources("bot") if _module(p) not in ENTRY], ids=str)
def test_core_does_not_import_the_wiring(path: Path) -> None:
    assert _hits(_imports(path), ENTRY) == []


def test_the_rules_see_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from bot.cli import main\n    import discord.ui\n")
    assert _hits(_imports(bad), ENTRY | {"discord"}) == ["bot.cli", "bot.cli.main", "discord.ui"]
