"""Configuration: defaults, every key validated with a message naming it, unknown keys refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config, config_path, load_config, parse_config
from bot.errors import ConfigError


def test_defaults_work_without_a_file() -> None:
    config = Config()
    assert config.polling.interval_minutes == 10
    assert config.polling.disable_after_hours == 24
    assert config.polling.allow_private_addresses is False
    assert len(config.feeds) >= 10
    assert all(f.url.startswith("https://") for f in config.feeds)


def test_example_config_is_valid_and_complete() -> None:
    text = (Path(__file__).parent.parent / "config.example.toml").read_text()
    config = parse_config(text, "config.example.toml")
    assert config.polling.interval_minutes == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[polling]\ninterval_minutes = 'ten'", "polling.interval_minutes: expected a number"),
        ("[polling]\ninterval_minutes = 0", "polling.interval_minutes: expected a number of min"),
        ("[polling]\nintervall = 5", "Unknown key 'polling.intervall'"),
        ("[polling]\nallow_private_addresses = 'yes'", "expected true or false"),
        ("[discord]\nsync_guild_ids = 5", "discord.sync_guild_ids: expected a list"),
        ("[discord]\napi_base = 'ftp://x'", "discord.api_base: expected an http(s) URL"),
        ("[[feeds]]\nname = 'x'", "feeds[0]: every [[feeds]] entry needs a url"),
        ("colour = 'blue'", "Unknown key 'colour'"),
        (
            "[alerts]\nproposal_max_age_days = 0",
            "alerts.proposal_max_age_days: expected a whole number of days",
        ),
        ("[polling\n", "is not valid TOML"),
        (
            "[polling]\ndisable_after_hours = -1",
            "polling.disable_after_hours: expected a number of hours, 0-8760",
        ),
    ],
)
def test_bad_values_name_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    assert message in info.value.message


def test_quoted_ids_are_accepted() -> None:
    config = parse_config('[moderation]\nrole_ids = ["123", 456]')
    assert config.moderation.role_ids == (123, 456)


def test_environment_token_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[discord]\ntoken = "from-file"\n')
    monkeypatch.setenv("DISCORD_TOKEN", "from-env")
    assert load_config(str(path)).discord.token == "from-env"
    monkeypatch.delenv("DISCORD_TOKEN")
    assert load_config(str(path)).discord.token == "from-file"


def test_config_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert config_path(None, {}) is None
    (tmp_path / "config.toml").write_text("")
    assert config_path(None, {}) == Path("config.toml")
    assert config_path(None, {"POLICYWATCH_CONFIG": "/x.toml"}) == Path("/x.toml")
    assert config_path("/y.toml", {"POLICYWATCH_CONFIG": "/x.toml"}) == Path("/y.toml")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Cannot read the config file"):
        load_config(str(tmp_path / "nope.toml"))


def test_proposal_max_age_days_is_read() -> None:
    assert parse_config("[alerts]\nproposal_max_age_days = 7").alerts.proposal_max_age_days == 7
    assert parse_config("").alerts.proposal_max_age_days == 30
