"""Several processes over one database: outbox claims, the leader lock, shard settings."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import with_shard_ids
from bot.config import Config, parse_config
from bot.errors import ConfigError, UserError
from storage.pg import Leadership, LocalLeadership
from storage.store import Store
from tests.conftest import new_pg_database

pytestmark = pytest.mark.both_backends
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def _queue(store: Store, guilds: int) -> None:
    async with store.transaction() as conn:
        for g in range(1, guilds + 1):
            await store.alerts.enqueue(
                conn, guild_id=g, channel_id=g * 10, kind="digest", now=NOW, payload={"n": g}
            )


async def test_two_claimers_never_get_the_same_post(db_url: str) -> None:
    one, two = await Store.open(db_url), await Store.open(db_url)
    try:
        await _queue(one, 60)
        lease = timedelta(seconds=60)
        a, b = await asyncio.gather(
            one.alerts.claim("a", NOW, lease, limit=40), two.alerts.claim("b", NOW, lease, limit=40)
        )
        ids_a, ids_b = {r.id for r in a}, {r.id for r in b}
        assert not ids_a & ids_b
        assert len(ids_a | ids_b) == 60
        # Held rows stay with their holder until the lease runs out...
        assert await two.alerts.claim("c", NOW + timedelta(seconds=30), lease) == []
        again = await one.alerts.claim("a", NOW + timedelta(seconds=30), lease)
        assert {r.id for r in again} == ids_a
        # ...then anyone may take them (the holder died).
        late = await two.alerts.claim("c", NOW + timedelta(seconds=91), lease)
        assert {r.id for r in late} == ids_a | ids_b
        # A post marked sent is never claimed again.
        await one.alerts.mark_sent([r.id for r in late], 1, NOW)
        assert await one.alerts.claim("d", NOW + timedelta(hours=1), lease) == []
    finally:
        await one.close()
        await two.close()


async def test_a_retried_post_is_released_for_its_next_attempt(db_url: str) -> None:
    store = await Store.open(db_url)
    try:
        await _queue(store, 1)
        (row,) = await store.alerts.claim("a", NOW, timedelta(seconds=600))
        await store.alerts.mark_retry(row.id, "500", NOW + timedelta(seconds=5))
        assert await store.alerts.claim("b", NOW + timedelta(seconds=1), timedelta(60)) == []
        (again,) = await store.alerts.claim("b", NOW + timedelta(seconds=5), timedelta(60))
        assert again.id == row.id and again.attempts == 1
    finally:
        await store.close()


async def test_one_leader_at_a_time_and_the_next_takes_over(pg_admin_url: str) -> None:
    url = await new_pg_database(pg_admin_url)
    first, second = Leadership(url), Leadership(url)
    try:
        assert await first.try_lead()
        assert not await second.try_lead()
        assert await first.try_lead()  # kept
        await first.close()  # the process died: its connection and lock are gone
        assert await second.try_lead()
        assert not await first.try_lead()
    finally:
        await first.close()
        await second.close()


async def test_sqlite_leads_alone() -> None:
    assert await LocalLeadership().try_lead()


def test_shard_settings_are_checked() -> None:
    config = parse_config("[discord]\nshard_count = 2\nshard_ids = [1]\n")
    assert config.discord.shard_count == 2 and config.discord.shard_ids == (1,)
    with pytest.raises(ConfigError, match="shard_count too"):
        parse_config("[discord]\nshard_ids = [0]\n")
    with pytest.raises(ConfigError, match="2 is not a shard of 2"):
        parse_config("[discord]\nshard_count = 2\nshard_ids = [2]\n")
    with pytest.raises(ConfigError, match=r"discord\.shard_count"):
        parse_config("[discord]\nshard_count = 0\n")
    assert with_shard_ids(config, "0, 1").discord.shard_ids == (0, 1)
    with pytest.raises(UserError, match="--shard-ids"):
        with_shard_ids(config, "0,x")
    with pytest.raises(UserError, match="--shard-ids"):
        with_shard_ids(Config(), "0")


def test_storage_url_is_checked() -> None:
    config = parse_config('[storage]\nurl = "postgresql://u:p@127.0.0.1:5432/pw"\n')
    assert config.uses_postgres and config.db_url.endswith("/pw")
    assert parse_config('[storage]\nurl = "sqlite:///x/y.sqlite3"\n').db_path.as_posix() == (
        "x/y.sqlite3"
    )
    with pytest.raises(ConfigError, match=r"storage\.url"):
        parse_config('[storage]\nurl = "mysql://x"\n')


# -- copy-db ---------------------------------------------------------------------------------


async def _fill(cfg: str) -> dict[str, int]:
    """A SQLite database with rows in every table copy-db must carry; its counts."""
    from bot.config import load_config
    from bot.runtime import open_runtime
    from bot.services import CLI, Actor
    from storage.ingest import Ingest

    async with open_runtime(load_config(cfg)) as rt:
        await rt.services.update("de", "partner", "core deal", None, CLI)
        await rt.services.revert("de", CLI)  # history that points at a later row
        await rt.services.add_feed("https://example.com/feed", "Ex", CLI, "command")
        await rt.services.configure_alerts(42, Actor("discord:1", "mod", 42), alert_channel_id=7)

        def write(conn: object) -> None:
            ingest = Ingest(conn)  # type: ignore[arg-type]
            sid, _ = ingest.next_ids()
            ingest.insert_stories([(sid, "Ban", "https://e/1", "sig", "t", "t", None, 1, 1, 0.9)])
            ingest.enqueue_stories([(42, 7, sid)], NOW)

        await rt.store.db.run(write)
        rows = await rt.store.db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {r[0]: int(await rt.store.db.scalar(f'SELECT COUNT(*) FROM "{r[0]}"')) for r in rows}


def test_copy_db_fills_an_empty_postgresql_database_and_checks_counts(
    tmp_path: object, pg_admin_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from tests.test_cli import run, write_config

    cfg = write_config(Path(str(tmp_path)))
    counts = asyncio.run(_fill(cfg))
    assert counts["status_changes"] >= 2 and counts["outbox"] == 1 and counts["stories"] == 1
    url = asyncio.run(new_pg_database(pg_admin_url))

    code, out, err = run(capsys, "--config", cfg, "copy-db", "--to", url)
    assert code == 0, err
    assert "every table's count matches" in out
    for table, n in counts.items():
        assert f"  {table}: {n} rows" in out

    async def check() -> None:
        from bot.clock import utcnow
        from bot.services import CLI, Services

        store = await Store.open(url)
        try:
            for table, n in counts.items():
                assert await store.db.scalar(f'SELECT COUNT(*) FROM "{table}"') == n
            history = await store.countries.history("DE")
            assert history[1].reverted_by == history[0].id
            assert (await store.countries.get("DE")) is not None
            # The sequences moved past the copied ids: new rows get new ids.
            before = max(c.id for c in await store.countries.all_changes())
            change = await Services(store, load_default(), utcnow).update(
                "fr", "banned", "after the copy", None, CLI
            )
            assert change.id > before  # type: ignore[union-attr]
        finally:
            await store.close()

    asyncio.run(check())

    # A database that has rows is refused, and left as it was.
    code, _, err = run(capsys, "--config", cfg, "copy-db", "--to", url)
    assert code == 3 and "not empty" in err
    code, _, err = run(capsys, "--config", cfg, "copy-db", "--to", "mysql://x")
    assert code == 2 and "--to" in err


def load_default() -> Config:
    return Config(feeds=())


async def test_rows_without_an_id_follow_the_pipelines_explicit_ids(db_url: str) -> None:
    from storage.ingest import Ingest

    store = await Store.open(db_url)
    try:

        def write(conn: object) -> int:
            ingest = Ingest(conn)  # type: ignore[arg-type]
            sid, _ = ingest.next_ids()
            ingest.insert_stories(
                [(sid + i, "t", None, "s", "t", "t", None, 1, 1, 0.5) for i in range(3)]
            )
            return sid + 2

        last = await store.db.run(write)
        async with store.transaction() as conn:
            story = await store.baseline.propose(
                conn, iso2="DE", status="banned", title="Baseline", link="https://e/x",
                signature="b", published_at=NOW, now=NOW,
            )  # fmt: skip
        assert story == last + 1
    finally:
        await store.close()
