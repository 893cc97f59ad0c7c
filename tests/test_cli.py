"""The command-line contracts, run in-process: ``bot.cli.main([...])`` against a tmp database."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.feedserver import FeedServer

FEED_KEYS = {"url", "name", "state", "failures", "last_error", "last_polled_at", "next_poll_at"}
ARTICLE_KEYS = {
    "id",
    "lang",
    "title",
    "link",
    "date_estimated",
    "feed",
    "published",
    "relevant",
    "score",
    "story_id",
    "countries",
}


def write_config(tmp_path: Path, allow_private: bool = False) -> str:
    path = tmp_path / "config.toml"
    db = tmp_path / "cli.sqlite3"
    path.write_text(
        "feeds = []\n"  # no built-in feeds: nothing may leave 127.0.0.0/8
        f"[storage]\npath = {json.dumps(str(db))}\n"
        "[polling]\n"
        f"allow_private_addresses = {'true' if allow_private else 'false'}\n"
        "parser_processes = 0\n"
        "timeout_seconds = 5\n"
        "max_age_days = 3650\n",
        "utf-8",
    )
    return str(path)


@pytest.fixture(autouse=True)
def _keep_logging() -> Iterator[None]:
    """main() installs its own stderr handler on the root logger; put pytest's back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def cfg(tmp_path: Path) -> str:
    return write_config(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


async def arun(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``run`` in a thread (main() runs its own loop) while this loop serves the feeds."""
    code = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _atom(title: str, *items: str) -> bytes:
    entries = "".join(
        f"<entry><title>{t}</title><id>urn:{title}:{i}</id>"
        f"<link href='https://news.example.com/{i}'/><updated>2024-05-0{i + 1}T10:00:00Z</updated>"
        "</entry>"
        for i, t in enumerate(items)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{title}</title><id>urn:{title}</id><updated>2024-05-01T00:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


# -- feeds -----------------------------------------------------------------------------------


async def test_feeds_add_list_remove(
    tmp_path: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, allow_private=True)
    first, second = feeds.serve("feed", _atom("First")), feeds.serve("rss", _atom("Second"))
    code, out, _ = await arun(capsys, "--config", cfg, "feeds", "add", first)
    assert code == 0 and first in out
    code, _, _ = await arun(capsys, "--config", cfg, "feeds", "add", second, "--name", "Org")
    assert code == 0
    code, out, _ = await arun(capsys, "--config", cfg, "feeds", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [f["url"] for f in listed] == [first, second]
    for f in listed:
        assert set(f) == FEED_KEYS
        assert f["state"] == "ok" and f["failures"] == 0 and f["last_polled_at"] is None
    code, out, _ = await arun(capsys, "--config", cfg, "feeds", "list")
    assert code == 0 and "Org" in out
    code, _, _ = await arun(capsys, "--config", cfg, "feeds", "remove", first)
    assert code == 0
    code, out, _ = await arun(capsys, "--config", cfg, "feeds", "list", "--json")
    assert [f["url"] for f in json.loads(out)] == [second]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/feed", "loopback"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://10.0.0.1/rss", "private"),
        ("http://localhost/rss", "local name"),
        ("file:///etc/passwd", "Only http and https"),
        ("ftp://example.com/feed", "Only http and https"),
        ("http://user:pw@example.com/feed", "user name or password"),
        ("not a url", "'not a url' is not a web address"),
        ("notaurl", "'notaurl' is not a web address"),
        ("example.com/feed", "put https:// in front"),
    ],
)
def test_feeds_add_refuses_with_the_reason(
    cfg: str,
    capsys: pytest.CaptureFixture[str],
    url: str,
    reason: str,
    _network_stays_local: list[str],
) -> None:
    code, out, err = run(capsys, "--config", cfg, "feeds", "add", url)
    assert code != 0
    # Refused from the address alone: no look-up, no connection tried (conftest records both).
    assert _network_stays_local == []
    assert reason in err and out == ""
    code, out, _ = run(capsys, "--config", cfg, "feeds", "list", "--json")
    assert json.loads(out) == []


async def test_feeds_add_twice_and_remove_unknown_fail(
    tmp_path: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, allow_private=True)
    url = feeds.serve("news/0.xml", _atom("Zero"))
    assert (await arun(capsys, "--config", cfg, "feeds", "add", url))[0] == 0
    code, _, err = await arun(capsys, "--config", cfg, "feeds", "add", url)
    assert code != 0 and "already followed" in err
    code, _, err = await arun(capsys, "--config", cfg, "feeds", "remove", "https://nope.example/")
    assert code != 0 and "No followed feed" in err


# -- status, update, export, backup ----------------------------------------------------------


def test_status_json_has_the_documented_keys(cfg: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--config", cfg, "status", "uk", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"iso2", "name", "status", "since", "summary", "source", "history"} <= set(data)
    assert data["iso2"] == "GB" and data["name"] == "United Kingdom"
    assert isinstance(data["history"], list)


def test_unknown_country_exits_2_with_suggestions(
    cfg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--config", cfg, "status", "Germny")
    assert code == 2 and out == ""
    assert err.startswith("Unknown country 'Germny'. Did you mean: ") and "Germany" in err
    assert err.rstrip().endswith("?")


def test_update_is_audited_as_cli_and_history_is_newest_first(
    cfg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "--config",
        cfg,
        "update",
        "de",
        "under_review",
        "--note",
        "Law limits critical components",
        "--source",
        "https://example.com/de-law",
    )
    assert code == 0 and "DE" in out
    code, _, _ = run(capsys, "--config", cfg, "update", "de", "banned", "--note", "Full ban")
    assert code == 0
    code, out, _ = run(capsys, "--config", cfg, "status", "de", "--json")
    data = json.loads(out)
    assert data["status"] == "banned"
    history = data["history"]
    assert [h["new"] for h in history[:2]] == ["banned", "under_review"]
    assert history[0]["actor"] == "cli" and history[1]["actor"] == "cli"
    assert history[1]["source"] == "https://example.com/de-law"
    assert history[1]["note"] == "Law limits critical components"
    ids = [h["id"] for h in history]
    assert ids == sorted(ids, reverse=True)


def test_update_refuses_a_bad_source(cfg: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--config", cfg, "update", "de", "banned", "--note", "x", "--source", "ftp://x"
    )
    assert code != 0 and err


def test_export_csv_and_json(cfg: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--config", cfg, "update", "fr", "banned", "--note", "ANSSI licences")
    code, out, _ = run(capsys, "--config", cfg, "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"iso2", "current_status", "new_status", "actor"} <= set(rows[0])
    assert any(r["iso2"] == "FR" and r["actor"] == "cli" for r in rows)
    code, out, _ = run(capsys, "--config", cfg, "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    fr = next(c for c in data if c["iso2"] == "FR")
    assert fr["status"] == "banned" and fr["history"]


async def test_backup_is_a_sound_database(
    tmp_path: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, allow_private=True)
    url = feeds.serve("feed", _atom("Backed up"))
    await arun(capsys, "--config", cfg, "feeds", "add", url)
    target = tmp_path / "backups" / "copy.sqlite3"
    code, _, _ = await arun(capsys, "--config", cfg, "backup", str(target))
    assert code == 0 and target.exists()
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT url FROM feeds").fetchall() == [(url,)]
    finally:
        conn.close()


# -- classify, check-config ------------------------------------------------------------------


def test_classify_reads_and_writes_json_lines(
    cfg: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[dict[str, Any]] = [
        {"id": 7, "title": "UK bans Huawei from 5G networks", "extra": {"a": [1]}},
        {"title": "Huawei unveils a new phone", "summary": "Nothing about policy."},
        {"id": "x", "title": ""},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code, out, _ = run(capsys, "--config", cfg, "classify")
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 3
    for given, got in zip(lines, results, strict=True):
        for key, value in given.items():
            assert got[key] == value  # pass-through keys
        assert {"relevant", "score", "countries"} <= set(got)
    assert results[0]["relevant"] is True
    assert any(c["iso2"] == "GB" for c in results[0]["countries"])


def test_classify_reports_bad_lines_and_continues(
    cfg: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('not json\n{"title": "Sweden bans Huawei"}\n'))
    code, out, err = run(capsys, "--config", cfg, "classify")
    assert code == 1 and "line 1" in err
    assert len(out.splitlines()) == 1


def test_check_config(cfg: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--config", cfg, "check-config")
    assert code == 0 and out.startswith("Configuration OK") and "feeds: 0 configured" in out


def test_check_config_reports_a_bad_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[polling]\nper_host_concurrency = 0\n", "utf-8")
    code, _, err = run(capsys, "--config", str(bad), "check-config")
    assert code == 2 and "polling.per_host_concurrency" in err


# -- poll-once -------------------------------------------------------------------------------


async def test_poll_once_json_prints_one_object_per_new_article(
    tmp_path: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, allow_private=True)
    url = feeds.serve("rss_telecom.xml")
    # main() runs its own event loop, so it runs in a thread while this loop serves the feed.
    code = await asyncio.to_thread(main, ["--config", cfg, "feeds", "add", url, "--name", "TPD"])
    assert code == 0
    capsys.readouterr()
    code = await asyncio.to_thread(main, ["--config", cfg, "poll-once", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    articles = [json.loads(line) for line in out.splitlines()]
    assert len(articles) == 3
    for a in articles:
        assert set(a) == ARTICLE_KEYS
        assert a["lang"] == "en"
        assert a["feed"] == "TPD"
        assert isinstance(a["relevant"], bool) and isinstance(a["score"], float)
        for c in a["countries"]:
            assert {"iso2", "status", "confidence"} <= set(c)
    assert len({a["id"] for a in articles}) == 3
    assert "Polled 1 feeds" in err
    code = await asyncio.to_thread(main, ["--config", cfg, "poll-once", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0 and out == ""  # nothing new the second time
    code = await asyncio.to_thread(main, ["--config", cfg, "feeds", "list", "--json"])
    out, _ = capsys.readouterr()
    (feed,) = json.loads(out)
    assert feed["state"] == "ok" and feed["last_polled_at"] and feed["next_poll_at"]


async def test_poll_once_reports_a_failing_feed_in_the_list(
    tmp_path: Path, feeds: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path, allow_private=True)
    url = feeds.serve("busy", _atom("Busy"))
    assert await asyncio.to_thread(main, ["--config", cfg, "feeds", "add", url]) == 0
    feeds.serve("busy", b"", status=503, headers={"Retry-After": "3600"})
    assert await asyncio.to_thread(main, ["--config", cfg, "poll-once", "--json"]) == 0
    capsys.readouterr()
    await asyncio.to_thread(main, ["--config", cfg, "feeds", "list", "--json"])
    (feed,) = json.loads(capsys.readouterr()[0])
    assert feed["state"] == "failing" and feed["failures"] == 1
    assert feed["last_error"] == "HTTP 503 Service Unavailable"


# -- the same status again, proposals ---------------------------------------------------------


def test_the_same_status_is_an_edit_then_refused(
    cfg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Germany's baseline is restricted: a new note is an edit (no history row), the same
    note again is refused with a sentence saying so."""
    code, out, _ = run(capsys, "--config", cfg, "status", "de", "--json")
    before = json.loads(out)["history"]
    argv = ["--config", cfg, "update", "de", "restricted", "--note", "Core excluded by 2026"]
    code, out, _ = run(capsys, *argv, "--source", "https://example.com/de")
    assert code == 0 and "already Restricted" in out and "edit" in out
    code, out, _ = run(capsys, "--config", cfg, "status", "de", "--json")
    data = json.loads(out)
    assert data["history"] == before  # not a status change
    assert data["summary"] == "Core excluded by 2026" and data["source"] == "https://example.com/de"
    code, out, err = run(capsys, *argv)
    assert code == 2 and "Germany is already Restricted" in err and "nothing to change" in err


def test_proposals_lists_applies_and_dismisses(
    cfg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.clock import utcnow
    from bot.config import load_config
    from bot.runtime import open_runtime
    from storage.times import to_db

    async def seed() -> None:
        async with open_runtime(load_config(cfg), utcnow) as rt:
            now = to_db(utcnow())
            async with rt.store.transaction() as conn:
                rows = ((1, "ES", "banned"), (2, "CA", "allowed"), (3, "DE", "restricted"))
                for sid, iso2, status in rows:
                    await conn.execute(
                        "INSERT INTO stories (id, title, link, signature, first_seen_at, "
                        "last_seen_at, relevant, score) VALUES (?, ?, ?, '', ?, ?, 1, 0.9)",
                        (sid, f"{iso2} story", f"https://n.example/{sid}", now, now),
                    )
                    await conn.execute(
                        "INSERT INTO proposals (story_id, iso2, status, confidence, created_at) "
                        "VALUES (?, ?, ?, 0.9, ?)",
                        (sid, iso2, status, now),
                    )

    asyncio.run(seed())
    code, out, _ = run(capsys, "--config", cfg, "proposals", "--json")
    listed = json.loads(out)
    assert code == 0 and [(p["iso2"], p["status"]) for p in listed] == [
        ("ES", "banned"),
        ("CA", "allowed"),
        ("DE", "restricted"),  # Germany became restricted since: a no-op
    ]
    assert {"id", "country", "current", "story_id", "title", "link", "created_at"} <= set(listed[0])
    code, out, _ = run(capsys, "--config", cfg, "proposals")
    assert "Spain (ES): Allowed -> Banned" in out and "3 waiting" in out
    code, out, _ = run(capsys, "--config", cfg, "proposals", "apply", str(listed[0]["id"]))
    assert code == 0 and "Applied" in out
    code, out, _ = run(capsys, "--config", cfg, "proposals", "dismiss", str(listed[1]["id"]))
    assert code == 0 and "Dismissed" in out
    code, out, err = run(capsys, "--config", cfg, "proposals", "apply", str(listed[2]["id"]))
    assert code == 2 and "Germany is already Restricted" in err and "Dismiss" in err
    code, out, _ = run(capsys, "--config", cfg, "proposals", "dismiss", str(listed[2]["id"]))
    code, out, _ = run(capsys, "--config", cfg, "status", "es", "--json")
    assert json.loads(out)["status"] == "banned"
    code, out, _ = run(capsys, "--config", cfg, "proposals", "--json")
    assert json.loads(out) == []


# -- statuses and map (issue 15) -------------------------------------------------------------


@pytest.mark.parametrize("name", ["Banned", "banned", "BANNED", "under review", "Under_Review"])
def test_statuses_accepts_any_spelling_of_a_status(
    cfg: str, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = run(capsys, "--config", cfg, "statuses", name)
    assert code == 0, err
    label = "Banned" if "ban" in name.lower() else "Under review"
    assert out.startswith(f"{label} (") and len(out.splitlines()) == 1


def test_statuses_unknown_prints_the_list(cfg: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--config", cfg, "statuses", "unknown")
    assert code == 0 and out.startswith("Unknown (")
    count = int(out.split("(")[1].split(")")[0])
    assert count > 100 and len(out.split(": ", 1)[1].split(", ")) >= count
    code, out, _ = run(capsys, "--config", cfg, "statuses")
    assert f"Unknown ({count}): no information yet" in out
    code, _, err = run(capsys, "--config", cfg, "statuses", "bannned")
    assert code == 2 and "Unknown status 'bannned'. Use one of:" in err


def test_map_into_a_missing_folder_is_a_sentence(
    cfg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--config", cfg, "map", "/no/such/dir/x.png")
    assert code == 2 and out == ""
    assert err.strip() == "The folder /no/such/dir does not exist; create it or pick another path."


def test_map_writes_jpeg_for_jpg_and_refuses_other_types(
    cfg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jpg, png = tmp_path / "out.jpg", tmp_path / "out.png"
    assert run(capsys, "--config", cfg, "map", str(jpg))[0] == 0
    assert jpg.read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG, not PNG bytes
    assert run(capsys, "--config", cfg, "map", str(png), "--status", "Under review")[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, err = run(capsys, "--config", cfg, "map", str(tmp_path / "out.gif"))
    assert code == 2 and "PNG (.png) or JPEG (.jpg, .jpeg), not '.gif'" in err
    assert not (tmp_path / "out.gif").exists()


async def test_feeds_add_checks_the_feed_first(
    tmp_path: Path,
    feeds: FeedServer,
    capsys: pytest.CaptureFixture[str],
    _network_stays_local: list[str],
) -> None:
    cfg = write_config(tmp_path, allow_private=True)
    url = feeds.serve("news/0.xml", _atom("Wire Zero", "Older item", "UK bans Huawei"))
    page = feeds.serve(
        "home",
        '<html><head><link rel="alternate" type="application/atom+xml" href="news/0.xml">'
        "</head><body>Home</body></html>",
        content_type="text/html",
    )
    code, out, err = await arun(capsys, "--config", cfg, "feeds", "add", page)
    assert code == 0, err
    assert f"{page} is a web page, not a feed; it names the feed {url}" in out
    assert "Feed title: Wire Zero" not in out  # the feed's title became its name
    assert f"Following Wire Zero (#1) at {url}" in out
    assert "Latest item: UK bans Huawei (2024-05-02)" in out
    spelled = url.replace("http://127.0.0.1", "HTTP://127.0.0.1") + "?"
    code, _, err = await arun(capsys, "--config", cfg, "feeds", "add", spelled)
    assert code == 2 and "already followed as #1 'Wire Zero'" in err
    code, _, err = await arun(capsys, "--config", cfg, "feeds", "add", feeds.url("missing.xml"))
    assert code == 2 and "HTTP 404 Not Found. Check the address" in err
    code, out, _ = await arun(capsys, "--config", cfg, "feeds", "list", "--json")
    assert [f["url"] for f in json.loads(out)] == [url]
    # The items' links (news.example.com) and the Atom namespace (www.w3.org) are text in the
    # served body: reading the feed never looks them up nor connects to them.
    assert _network_stays_local == []
