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
