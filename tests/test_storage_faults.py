"""Issues 13.8 and 13.9: a damaged database is found at start and before a backup, with a
sentence on how to restore; disk full, read-only places and an empty or folder storage.path
each get their own sentence; a config error never echoes the token."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

import pytest

from bot import cli
from bot.config import Config
from bot.runtime import open_runtime
from bot.services import CLI
from storage.db import DamagedDatabase, StorageError
from tests.conftest import FakeClock


def corrupt_an_index(db: Path) -> None:
    """Scribble over one index page: the tables still answer, quick_check does not pass."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'articles_by_link'"
    ).fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM countries").fetchone()[0] > 0
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page : root * page] = b"\xff" * page
    db.write_bytes(bytes(data))


def write_config(tmp_path: Path, db: Path | str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'feeds = []\n[storage]\npath = "{db}"\n[polling]\nparser_processes = 0\n')
    return path


async def test_a_damaged_database_is_refused_at_start_with_how_to_restore(
    config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with open_runtime(config):
        pass
    corrupt_an_index(config.db_path)
    with pytest.raises(DamagedDatabase) as info:
        async with open_runtime(config):
            pass
    assert "damaged" in str(info.value) and "restore your latest backup" in str(info.value)
    cfg = write_config(tmp_path, config.db_path)
    code = await asyncio.to_thread(cli.main, ["--config", str(cfg), "status", "uk"])
    assert code == 3
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err


async def test_backup_refuses_a_database_damaged_while_running(
    config: Config, clock: FakeClock, tmp_path: Path
) -> None:
    async with open_runtime(config, clock) as rt:
        await rt.services.update("uk", "banned", "A decision", None, CLI)
        corrupt_an_index(config.db_path)
        target = tmp_path / "backup.sqlite3"
        with pytest.raises(DamagedDatabase) as info:
            await rt.store.db.backup(target)
        assert "No backup was made" in str(info.value)
        assert not target.exists()


async def test_disk_full_says_so(config: Config, clock: FakeClock) -> None:
    async with open_runtime(config, clock) as rt:
        pages = await rt.store.db.scalar("PRAGMA page_count")
        await rt.store.db._writer.execute(f"PRAGMA max_page_count = {pages}")  # type: ignore[union-attr]
        with pytest.raises(StorageError) as info:
            for n in range(200):  # bounded: fills the allowed pages
                await rt.services.update("uk", "banned", "x" * 400 + str(n), None, CLI)
        text = str(info.value)
        assert "is full; free some space" in text, text
        assert "cannot rollback" not in text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", "storage.path: expected a path to a database file"),
        ("{tmp}", "is a folder, not a file"),
        ("{tmp}/", "storage.path: expected a path to a database file"),
    ],
)
def test_empty_or_folder_storage_path_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, expected: str
) -> None:
    cfg = write_config(tmp_path, path.format(tmp=tmp_path))
    assert cli.main(["--config", str(cfg), "check-config"]) == 2
    assert expected in capsys.readouterr().err
    assert cli.main(["--config", str(cfg), "status", "uk"]) in (2, 3)
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


@pytest.mark.skipif(os.access("/proc/sys", os.W_OK), reason="needs a read-only folder")
def test_read_only_place_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write_config(tmp_path, "/proc/sys/policywatch.sqlite3")
    assert cli.main(["--config", str(cfg), "check-config"]) == 2
    assert "is not writable" in capsys.readouterr().err
    assert cli.main(["--config", str(cfg), "status", "uk"]) == 3
    err = capsys.readouterr().err
    assert "not writable" in err and "see the log" not in err


def test_config_error_never_echoes_the_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[discord]\ntoken = 987654321987654321\n")
    assert cli.main(["--config", str(cfg), "check-config"]) == 2
    assert "987654321987654321" not in capsys.readouterr().err
