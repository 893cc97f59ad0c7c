"""The command line: ``python -m bot [--config PATH] COMMAND [options]``."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import io
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot import __version__, countries, logs
from bot.config import ENV_TOKEN, Config, check_shards, load_config
from bot.errors import ConfigError, UserError
from bot.news.classify import classify
from bot.news.netguard import check_url
from bot.permissions import HOME_GUILD_KEY
from bot.runtime import Runtime, open_runtime
from bot.services import CLI, CountryView, StatusEdit, edit_sentence
from bot.status import ORDER, Status, parse_status, style
from bot.textsafe import clean_text
from storage.audit import MetaRepo
from storage.db import StorageError

log = logging.getLogger(__name__)


STATUS_HELP = "a status, in any case, with spaces or underscores: " + ", ".join(
    s.value for s in ORDER
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policywatch",
        description="5G Policy Watch: track national Huawei/ZTE 5G policy from news feeds.",
    )
    parser.add_argument(
        "--config", help="config file (default: $POLICYWATCH_CONFIG, else ./config.toml)"
    )
    parser.add_argument("--version", action="version", version=f"policywatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="start the Discord bot (needs DISCORD_TOKEN)")
    p.add_argument(
        "--shard-ids",
        help="hold only these shards, e.g. 0,1 (overrides [discord] shard_ids; needs "
        "[discord] shard_count)",
    )
    p = sub.add_parser("poll-once", help="run one polling cycle over the configured feeds")
    p.add_argument("--json", action="store_true", help="one JSON line per new article on stdout")
    p = sub.add_parser("status", help="show a country's status")
    p.add_argument("country", nargs="+")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("classify", help="classify JSON lines ({title, summary}) from stdin")
    p.add_argument("--explain", action="store_true", help="show the words behind each finding")
    sub.add_parser("check-config", help="validate the configuration and say what it uses")
    p = sub.add_parser("update", help="set a country's status (audited as 'cli')")
    p.add_argument("country")
    p.add_argument("status", help=STATUS_HELP)
    p.add_argument("--note", required=True)
    p.add_argument("--source")
    p = sub.add_parser(
        "proposals", help="the proposed status changes waiting for a moderator; apply/dismiss"
    )
    p.add_argument("--json", action="store_true", help="a JSON list of the pending proposals")
    p.add_argument("action", nargs="?", choices=["apply", "dismiss"])
    p.add_argument("id", nargs="?", type=int, help="the proposal's number (from the list)")
    p = sub.add_parser("revert", help="undo the latest change of a country's status")
    p.add_argument("country")
    p = sub.add_parser("statuses", help="list every known country's status")
    p.add_argument("status", nargs="?", help=STATUS_HELP)
    p.add_argument("--json", action="store_true")

    feeds = sub.add_parser("feeds", help="list, add or remove feeds").add_subparsers(
        dest="feeds_command", required=True, metavar="ACTION"
    )
    p = feeds.add_parser("add", help="follow a feed")
    p.add_argument("url")
    p.add_argument("--name", default="")
    p = feeds.add_parser("remove", help="stop following a feed")
    p.add_argument("url")
    p = feeds.add_parser("list", help="the feeds and their health")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("audit", help="the audit log: who changed what, newest first")
    p.add_argument("--limit", type=int, default=50, help="how many entries (default 50)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("backup", help="copy the database safely, even while the bot runs")
    p.add_argument("path")
    p = sub.add_parser(
        "copy-db", help="copy the SQLite database into an empty PostgreSQL one, and check it"
    )
    p.add_argument("--to", required=True, metavar="URL", help="postgresql://user:pass@host/db")
    p = sub.add_parser("map", help="draw the world map of statuses to a PNG or JPEG file")
    p.add_argument("path", help="where to write it: .png, or .jpg/.jpeg for JPEG")
    p.add_argument("--status", help=STATUS_HELP)
    p = sub.add_parser("export", help="print the status table with its full history")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p = sub.add_parser("evaluate", help="score detection on a labelled JSON-lines file")
    from bot.evaluate import add_arguments

    add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"Configuration error: {exc.message}", file=sys.stderr)
        return 2
    logs.setup(config.log_level if args.command == "run" else "WARNING", config.discord.token)
    try:
        if args.command == "run":
            return run_bot(with_shard_ids(config, args.shard_ids))
        if args.command == "classify":
            return classify_stream(sys.stdin, sys.stdout, config, args.explain)
        if args.command == "check-config":
            return check_config(config)
        if args.command == "copy-db":
            return asyncio.run(copy_db(config, args.to))
        if args.command == "evaluate":
            from bot.evaluate import main as evaluate_main

            return int(evaluate_main(args.files, args.part, args.show_check_misses))
        return asyncio.run(_with_runtime(args, config))
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def with_shard_ids(config: Config, text: str | None) -> Config:
    """``--shard-ids 0,1`` in place of ``[discord] shard_ids``."""
    if text is None:
        return config
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        raise UserError(
            f"--shard-ids: expected shard numbers separated by commas (0,1), got {text!r}."
        )
    ids = tuple(int(p) for p in parts)
    try:
        check_shards(config.discord.shard_count, ids)
    except ConfigError as exc:
        raise UserError(f"--shard-ids: {exc.message}") from exc
    return dataclasses.replace(config, discord=dataclasses.replace(config.discord, shard_ids=ids))


def run_bot(config: Config) -> int:
    if not config.discord.token:
        print(
            f"{ENV_TOKEN} is not set: export {ENV_TOKEN}=<your bot token from the Discord "
            "developer portal>, or set [discord] token in config.toml.",
            file=sys.stderr,
        )
        return 2
    from bot.client import run

    return run(config)


async def copy_db(config: Config, url: str) -> int:
    """``copy-db --to postgresql://...``: the configured SQLite file into an empty PostgreSQL
    database; every table's rows counted on both sides."""
    from storage.copy import copy_sqlite_to_postgres
    from storage.pg import redact

    if not url.startswith(("postgresql://", "postgres://")):
        raise UserError(
            f"--to: expected postgresql://user:password@host:port/database, got {url!r}."
        )
    if config.uses_postgres:
        raise UserError(
            "copy-db copies the SQLite database of [storage] path (or a sqlite:/// url); this "
            "configuration already points at PostgreSQL."
        )
    print(f"Copying {config.db_path} to {redact(url)}...")
    counts = await copy_sqlite_to_postgres(config.db_path, url, print)
    bad = [c for c in counts if not c.ok]
    for c in bad:
        print(f"MISMATCH {c.table}: {c.source} rows in SQLite, {c.copied} in PostgreSQL")
    if bad:
        return 1
    total = sum(c.copied for c in counts)
    print(f"Copied {total} rows in {len(counts)} tables; every table's count matches.")
    print(f'Now set [storage] url = "{redact(url)}" (with its password) and start the bot.')
    return 0


def check_config(config: Config) -> int:
    out = sys.stdout
    problem = storage_problem(config.db_path)
    if problem:
        print(f"Configuration error: {problem}", file=sys.stderr)
        return 2
    print(f"Configuration OK ({config.source}).", file=out)
    if config.uses_postgres:
        from storage.pg import redact

        print(f"  database: {redact(config.db_url)}", file=out)
    else:
        print(f"  database: {config.db_path}", file=out)
    if config.discord.shard_count is not None:
        held = ",".join(map(str, config.discord.shard_ids)) or "all"
        print(f"  shards: {held} of {config.discord.shard_count}", file=out)
    print(f"  feeds: {len(config.feeds)} configured", file=out)
    print(f"  polling every {config.polling.interval_minutes:g} min", file=out)
    token = "set" if config.discord.token else f"NOT set (export {ENV_TOKEN})"
    print(f"  Discord token: {token}", file=out)
    if config.discord.sync_guild_ids:
        print(f"  commands synced to guilds {list(config.discord.sync_guild_ids)}", file=out)
    for feed in config.feeds:
        try:
            check_url(feed.url, allow_private=config.polling.allow_private_addresses)
        except UserError as exc:
            print(f"  WARNING: feed {feed.url} will be skipped: {exc.message}", file=out)
    if config.polling.allow_private_addresses:
        print("  WARNING: feeds may reach private addresses", file=out)
    print(f"  changes allowed from: {writers(config)}", file=out)
    return 0


def storage_problem(path: Path) -> str | None:
    """Why ``[storage] path`` cannot hold the database, before anything opens it."""
    if path.is_dir():
        return (
            f"[storage] path {path} is a folder, not a file: give a file name inside it, "
            f"such as {path / 'policywatch.sqlite3'}."
        )
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is not None and not folder.is_dir():
        return f"[storage] path {path}: {folder} is a file, not a folder."
    if folder is not None and not os.access(folder, os.W_OK):
        return (
            f"[storage] path {path}: the folder {folder} is not writable (a read-only file "
            "system or permissions). Make it writable, or choose a writable place."
        )
    return None


def writers(config: Config) -> str:
    """Which servers may change statuses and feeds, in words (for check-config)."""
    if config.moderation.guild_ids:
        return f"servers {list(config.moderation.guild_ids)} ([moderation] guild_ids)"
    home = MetaRepo.peek(config.db_path, HOME_GUILD_KEY)
    where = (
        f"the home server {home} (the first server the bot was installed in)"
        if home
        else "the first server the bot is installed in (not recorded yet)"
    )
    return f"{where} and the application owner; set [moderation] guild_ids to choose others"


def classify_stream(inp: TextIO, out: TextIO, config: Config, explain: bool = False) -> int:
    status = 0
    threshold = config.detection.relevance_threshold
    for number, line in enumerate(inp, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("title", ""), str):
                raise ValueError("expected an object with a string 'title'")
        except ValueError as exc:
            print(f"line {number}: not a JSON object with a title ({exc})", file=sys.stderr)
            status = 1
            continue
        result = classify(item.get("title") or "", item.get("summary") or "", threshold)
        item.update(result.as_json(explain))
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
    out.flush()
    return status


def format_status(view: CountryView) -> str:
    s = style(view.status)
    c = view.country
    lines = [f"{c.flag} {c.name} ({c.iso2}): {s.label}"]
    if view.row:
        if view.row.since:
            lines[0] += f" since {view.row.since}"
        if view.row.summary:
            lines.append(view.row.summary)
        if view.row.source:
            lines.append(f"Source: {view.row.source}")
        when = view.row.updated_at.date().isoformat()
        lines.append(f"Last updated by {view.row.updated_by} on {when}")
    else:
        lines.append("No information yet.")
    if view.history:
        lines.append("Recent changes:")
        for ch in view.history:
            note = f" - {ch.note}" if ch.note else ""
            lines.append(
                f"  {ch.since or ch.created_at.date()}  {ch.old_status} -> {ch.new_status}"
                f"  by {ch.actor_name or ch.actor}{note}"
            )
    return clean_text("\n".join(lines))


async def _with_runtime(args: argparse.Namespace, config: Config) -> int:
    async with open_runtime(config) as rt:
        handler = _HANDLERS[args.command]
        return await handler(rt, args)


async def _poll_once(rt: Runtime, args: argparse.Namespace) -> int:
    report = await rt.pipeline.run_cycle(force=True)
    if args.json:
        for article in report.articles:
            sys.stdout.write(json.dumps(article.as_json(), ensure_ascii=False) + "\n")
    else:
        for article in report.articles:
            if article.relevant:
                where = ", ".join(f.iso2 for f in article.countries) or "-"
                print(clean_text(f"[{where}] {article.title} ({article.feed})"))
    print(report.summary(), file=sys.stderr)
    for feed, error in report.errors:
        print(clean_text(f"  {feed}: {error}"), file=sys.stderr)
    return 0


async def _status(rt: Runtime, args: argparse.Namespace) -> int:
    try:
        view = await rt.services.country_status(" ".join(args.country), history=None)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
    else:
        print(format_status(CountryView(view.country, view.status, view.row, view.history[:5])))
    return 0


async def _statuses(rt: Runtime, args: argparse.Namespace) -> int:

    only = parse_status(args.status) if args.status else None
    groups = await rt.services.grouped(only)
    if args.json:
        data = {s.value: [r.iso2 for r in rows] for s, rows in groups.items()}
        print(json.dumps(data, indent=2))
        return 0
    for status, rows in groups.items():
        if status == Status.UNKNOWN and only is None:
            names = "no information yet (statuses unknown lists them)"
        else:
            names = ", ".join(countries.get(r.iso2).name for r in rows)
        print(f"{style(status).label} ({len(rows)}): {names}")
    return 0


async def _update(rt: Runtime, args: argparse.Namespace) -> int:
    change = await rt.services.update(args.country, args.status, args.note, args.source, CLI)
    if isinstance(change, StatusEdit):
        print(edit_sentence(change))
        return 0
    print(f"Recorded change #{change.id}: {change.iso2} {change.old_status} -> {change.new_status}")
    return 0


async def _proposals(rt: Runtime, args: argparse.Namespace) -> int:
    if args.action:
        if args.id is None:
            raise UserError(f"Say which proposal: proposals {args.action} ID (see the list).")
        proposal, change = await rt.services.decide_proposal(args.id, args.action == "apply", CLI)
        if change is not None:
            print(f"Applied proposal #{proposal.id}: recorded change #{change.id}.")
        else:
            print(f"Dismissed proposal #{proposal.id}.")
        return 0
    pending = await rt.services.pending_proposals()
    if args.json:
        print(json.dumps([p.as_json() for p in pending], indent=2, ensure_ascii=False))
        return 0
    if not pending:
        print("No proposed status changes are waiting.")
        return 0
    for item in pending:
        p = item.proposal
        print(
            f"#{p.id} {countries.get(p.iso2).name} ({p.iso2}): {style(item.current).label} -> "
            f"{style(p.status).label} ({p.confidence:.2f}), {p.created_at:%Y-%m-%d}, "
            f"from: {item.title}" + (f" <{item.link}>" if item.link else "")
        )
    print(f"{len(pending)} waiting. Act with: proposals apply ID, proposals dismiss ID.")
    return 0


async def _revert(rt: Runtime, args: argparse.Namespace) -> int:
    change = await rt.services.revert(args.country, CLI)
    print(f"Recorded change #{change.id}: {change.iso2} back to {change.new_status}")
    return 0


async def _feeds(rt: Runtime, args: argparse.Namespace) -> int:
    if args.feeds_command == "add":
        from bot.news.feedcheck import describe_follow

        feed, check = await rt.services.follow_feed(args.url, args.name, CLI, "cli")
        print(describe_follow(feed.id, feed.name, check))
    elif args.feeds_command == "remove":
        feed = await rt.services.remove_feed(args.url, CLI)
        print(f"Stopped following {feed.url}.")
    else:
        feeds = await rt.store.feeds.all()
        if args.json:
            print(json.dumps([feed_json(f) for f in feeds], indent=2, ensure_ascii=False))
        else:
            for f in feeds:
                error = f" - {f.last_error}" if f.last_error else ""
                print(clean_text(f"#{f.id:<3} {f.state:<8} {f.label} <{f.url}>{error}"))
    return 0


def feed_json(f: Any) -> dict[str, Any]:
    return {
        "url": f.url,
        "name": f.name,
        "state": f.state,
        "failures": f.failures,
        "last_error": f.last_error,
        "last_polled_at": f.last_polled_at.isoformat() if f.last_polled_at else None,
        "next_poll_at": f.next_poll_at.isoformat() if f.next_poll_at else None,
    }


async def _audit(rt: Runtime, args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= 10_000:
        raise UserError("Ask for between 1 and 10000 entries (--limit).")
    entries = await rt.store.audit.recent(args.limit)
    for e in entries:
        if args.json:
            row = {
                "id": e.id,
                "created_at": e.created_at.isoformat(),
                "actor": e.actor,
                "actor_name": e.actor_name,
                "guild_id": e.guild_id,
                "action": e.action,
                "target": e.target,
                "detail": json.loads(e.detail or "{}"),
            }
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            where = f" in server {e.guild_id}" if e.guild_id else ""
            who = e.actor_name or e.actor
            print(
                clean_text(
                    f"#{e.id} {e.created_at:%Y-%m-%d %H:%M} {e.action} {e.target or ''} "
                    f"by {who}{where} {e.detail or ''}"
                )
            )
    if not entries:
        print("The audit log is empty.", file=sys.stderr)
    return 0


async def _backup(rt: Runtime, args: argparse.Namespace) -> int:
    target = Path(args.path)
    await rt.store.db.backup(target)
    print(f"Backed up {rt.config.db_path} to {target}.")
    return 0


async def _map(rt: Runtime, args: argparse.Namespace) -> int:
    from bot.maps import render_current

    only = parse_status(args.status) if args.status else None
    target = Path(args.path)
    fmt = MAP_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise UserError(
            f"I can write the map as PNG (.png) or JPEG (.jpg, .jpeg), not "
            f"'{target.suffix or target.name}'. Give a file name ending in .png or .jpg."
        )
    if not target.parent.is_dir():
        raise UserError(
            f"The folder {target.parent} does not exist; create it or pick another path."
        )
    png = await render_current(rt.services, only)
    data = png if fmt == "PNG" else await asyncio.to_thread(to_jpeg, png)
    try:
        await asyncio.to_thread(target.write_bytes, data)
    except OSError as exc:
        raise UserError(f"I could not write {target}: {exc.strerror or exc}.") from exc
    print(f"Wrote {target} ({fmt}, {len(data) // 1024} KB).")
    return 0


MAP_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def to_jpeg(png: bytes) -> bytes:
    """The map's PNG bytes as a JPEG (white where the PNG had transparency)."""
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(png)) as img:
        img.convert("RGB").save(out, format="JPEG", quality=90)
    return bytes(out.getvalue())


async def _export(rt: Runtime, args: argparse.Namespace) -> int:
    sys.stdout.write(await rt.services.export_table(args.format))
    return 0


_HANDLERS = {
    "poll-once": _poll_once,
    "status": _status,
    "statuses": _statuses,
    "update": _update,
    "revert": _revert,
    "proposals": _proposals,
    "feeds": _feeds,
    "audit": _audit,
    "backup": _backup,
    "map": _map,
    "export": _export,
}
