"""Configuration: TOML into frozen dataclasses, validated with messages that name the key."""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import ConfigError

ENV_CONFIG = "POLICYWATCH_CONFIG"
ENV_TOKEN = "DISCORD_TOKEN"  # noqa: S105 - the variable's name, not a secret

# Curated default feeds: trade press and news feeds that carry vendor-policy stories, plus
# Google News searches (which also stand in for Reuters, whose own feeds are gone).
_GN = "https://news.google.com/rss/search?q={q}&hl={hl}&gl={gl}&ceid={gl}:{lang}"
DEFAULT_FEEDS: tuple[tuple[str, str], ...] = (
    (_GN.format(q="Huawei+5G+ban", hl="en-US", gl="US", lang="en"), "Google News: Huawei 5G ban"),
    (
        _GN.format(
            q="Huawei+OR+ZTE+%225G%22+ban+OR+exclude+OR+%22high-risk+vendor%22",
            hl="en-US",
            gl="US",
            lang="en",
        ),
        "Google News: high-risk vendors",
    ),
    (_GN.format(q="Huawei+5G", hl="en-GB", gl="GB", lang="en"), "Google News UK: Huawei 5G"),
    (_GN.format(q="Huawei+5G+Verbot", hl="de", gl="DE", lang="de"), "Google News DE: Huawei 5G"),
    ("https://www.lightreading.com/rss.xml", "Light Reading"),
    ("https://www.rcrwireless.com/category/5g/feed", "RCR Wireless 5G"),
    ("https://www.mobileworldlive.com/feed/", "Mobile World Live"),
    ("https://www.totaltele.com/feed", "Total Telecom"),
    ("https://www.telecomtv.com/content/news/rss.xml", "TelecomTV"),
    ("https://www.fierce-network.com/rss/xml", "Fierce Network"),
    ("https://developingtelecoms.com/?format=feed&type=rss", "Developing Telecoms"),
    ("https://www.capacitymedia.com/feed/", "Capacity Media"),
    ("https://www.ispreview.co.uk/index.php/feed", "ISPreview"),
    ("https://www.theregister.com/headlines.atom", "The Register"),
    ("https://www.telecomlead.com/feed", "Telecom Lead"),
    ("https://telecom.economictimes.indiatimes.com/rss/policy", "ET Telecom: policy"),
    ("https://digital-strategy.ec.europa.eu/en/rss.xml", "EU digital strategy"),
)


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    token: str | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    sync_guild_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class StorageConfig:
    path: str = "data/policywatch.sqlite3"
    offtopic_retention_days: int = 30


@dataclass(frozen=True, slots=True)
class PollingConfig:
    interval_minutes: float = 10.0
    timeout_seconds: float = 20.0
    max_feed_bytes: int = 5_000_000
    max_concurrency: int = 16
    max_age_days: int = 14
    allow_private_addresses: bool = False
    keep_items_from_truncated_feeds: bool = False
    per_host_concurrency: int = 4
    per_host_min_interval_seconds: float = 0.0
    max_redirects: int = 5
    max_failures: int = 8
    disable_after_hours: float = 24.0
    parser_processes: int = 2
    max_items_per_feed: int = 500
    parse_timeout_seconds: float = 30.0
    parse_memory_mb: int = 1024
    user_agent: str = "PolicyWatchBot/0.1 (+self-hosted 5G policy news bot)"


@dataclass(frozen=True, slots=True)
class FeedConfig:
    url: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class ModerationConfig:
    guild_ids: tuple[int, ...] = ()
    role_ids: tuple[int, ...] = ()
    write_limit: int = 10
    write_window_minutes: float = 10.0


@dataclass(frozen=True, slots=True)
class DetectionConfig:
    relevance_threshold: float = 0.5
    proposal_confidence: float = 0.6


@dataclass(frozen=True, slots=True)
class AlertsConfig:
    digest_threshold: int = 8
    drain_interval_seconds: float = 5.0
    max_attempts: int = 8
    proposal_max_age_days: int = 30  # unanswered proposed changes expire (audited)


@dataclass(frozen=True, slots=True)
class Config:
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    storage: StorageConfig = field(default_factory=StorageConfig)
    polling: PollingConfig = field(default_factory=PollingConfig)
    feeds: tuple[FeedConfig, ...] = tuple(FeedConfig(u, n) for u, n in DEFAULT_FEEDS)
    moderation: ModerationConfig = field(default_factory=ModerationConfig)
    detection: DetectionConfig = field(default_factory=DetectionConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    log_level: str = "INFO"
    source: str = "built-in defaults"

    @property
    def db_path(self) -> Path:
        return Path(self.storage.path)

    def with_token_from_env(self, environ: typing.Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        token = env.get(ENV_TOKEN) or self.discord.token
        return dataclasses.replace(self, discord=dataclasses.replace(self.discord, token=token))


# Checks that go beyond the type: (predicate, expected form).
_RULES: dict[str, tuple[typing.Callable[[Any], bool], str]] = {
    "polling.interval_minutes": (lambda v: 0.05 <= v <= 1440, "a number of minutes, 0.05-1440"),
    "polling.timeout_seconds": (lambda v: 0.1 <= v <= 300, "a number of seconds, 0.1-300"),
    "polling.max_feed_bytes": (lambda v: 1024 <= v <= 200_000_000, "bytes, 1024-200000000"),
    "polling.max_concurrency": (lambda v: 1 <= v <= 256, "a whole number, 1-256"),
    "polling.max_age_days": (lambda v: 1 <= v <= 3650, "a whole number of days, 1-3650"),
    "polling.per_host_concurrency": (lambda v: 1 <= v <= 64, "a whole number, 1-64"),
    "polling.per_host_min_interval_seconds": (lambda v: 0 <= v <= 600, "seconds, 0-600"),
    "polling.max_redirects": (lambda v: 0 <= v <= 20, "a whole number, 0-20"),
    "polling.max_failures": (lambda v: 1 <= v <= 1000, "a whole number, 1-1000"),
    "polling.disable_after_hours": (lambda v: 0 <= v <= 8760, "a number of hours, 0-8760"),
    "polling.parser_processes": (lambda v: 0 <= v <= 32, "a whole number, 0-32 (0: threads)"),
    "polling.max_items_per_feed": (lambda v: 1 <= v <= 100_000, "a whole number, 1-100000"),
    "polling.parse_timeout_seconds": (lambda v: 1 <= v <= 600, "seconds, 1-600"),
    "polling.parse_memory_mb": (lambda v: 64 <= v <= 65536, "megabytes, 64-65536"),
    "storage.offtopic_retention_days": (lambda v: 1 <= v <= 36500, "a whole number of days"),
    "storage.path": (
        lambda v: bool(v.strip()) and not v.endswith(("/", "\\")),
        "a path to a database file (not empty, not a folder)",
    ),
    "moderation.write_limit": (lambda v: 1 <= v <= 10_000, "a whole number, 1-10000"),
    "moderation.write_window_minutes": (lambda v: 0.1 <= v <= 1440, "minutes, 0.1-1440"),
    "detection.relevance_threshold": (lambda v: 0 <= v <= 1, "a number between 0 and 1"),
    "detection.proposal_confidence": (lambda v: 0 <= v <= 1, "a number between 0 and 1"),
    "alerts.digest_threshold": (lambda v: 1 <= v <= 1000, "a whole number, 1-1000"),
    "alerts.drain_interval_seconds": (lambda v: 0.05 <= v <= 3600, "seconds, 0.05-3600"),
    "alerts.max_attempts": (lambda v: 1 <= v <= 100, "a whole number, 1-100"),
    "alerts.proposal_max_age_days": (lambda v: 1 <= v <= 3650, "a whole number of days, 1-3650"),
    "discord.api_base": (lambda v: v.startswith(("http://", "https://")), "an http(s) URL"),
    "discord.gateway_url": (lambda v: v.startswith(("ws://", "wss://")), "a ws(s) URL"),
    "log_level": (
        lambda v: v.upper() in {"DEBUG", "INFO", "WARNING", "ERROR"},
        "one of DEBUG, INFO, WARNING, ERROR",
    ),
}


def _shown(key: str, value: Any) -> str:
    """How a bad value is quoted in an error: never the token (nor a table that holds it)."""
    if key.split(".")[0] == "discord" and ("token" in key or key == "discord"):
        return "a value that is not shown (it may be the token)"
    return repr(value)


def _describe(tp: Any) -> str:
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is str:
        return "a string"
    origin = typing.get_origin(tp)
    if origin is tuple:
        return f"a list of {_describe(typing.get_args(tp)[0])}s"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(a) for a in typing.get_args(tp) if a is not type(None))
    return str(tp)


def _coerce(key: str, value: Any, tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            try:
                return _coerce(key, value, arg)
            except ConfigError:
                pass
        raise ConfigError(f"{key}: expected {_describe(tp)}, got {_shown(key, value)}.")
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        # Discord ids are often quoted to survive JavaScript tools; accept digit strings.
        if isinstance(value, str) and value.isdigit():
            return int(value)
    elif tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif tp is str:
        if isinstance(value, str):
            return value
    elif origin is tuple and isinstance(value, list):
        item = typing.get_args(tp)[0]
        return tuple(_coerce(f"{key}[{i}]", v, item) for i, v in enumerate(value))
    raise ConfigError(f"{key}: expected {_describe(tp)}, got {_shown(key, value)}.")


def _build(cls: Any, data: Any, prefix: str) -> Any:
    where = prefix or "the top level"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table, got {_shown(prefix, data)}.")
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls) if f.name != "source"}
    unknown = sorted(set(data) - fields)
    if unknown:
        known = ", ".join(sorted(fields))
        name = f"{prefix}.{unknown[0]}" if prefix else unknown[0]
        raise ConfigError(f"Unknown key '{name}' in {where}. Known keys: {known}.")
    values: dict[str, Any] = {}
    for name, raw in data.items():
        key = f"{prefix}.{name}" if prefix else name
        tp = hints[name]
        if dataclasses.is_dataclass(tp):
            values[name] = _build(tp, raw, key)
        elif name == "feeds":
            if not isinstance(raw, list):
                raise ConfigError("feeds: expected [[feeds]] tables, each with url and name.")
            values[name] = tuple(_build(FeedConfig, f, f"feeds[{i}]") for i, f in enumerate(raw))
        else:
            value = _coerce(key, raw, tp)
            rule = _RULES.get(key)
            if rule and value is not None and not rule[0](value):
                raise ConfigError(f"{key}: expected {rule[1]}, got {_shown(key, raw)}.")
            values[name] = value
    if cls is FeedConfig and "url" not in values:
        raise ConfigError(f"{prefix}: every [[feeds]] entry needs a url.")
    return cls(**values)


def parse_config(text: str, source: str = "config") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}.") from exc
    config: Config = _build(Config, data, "")
    return dataclasses.replace(config, source=source)


def config_path(
    explicit: str | None, environ: typing.Mapping[str, str] | None = None
) -> Path | None:
    """Which file to read: --config, else $POLICYWATCH_CONFIG, else ./config.toml if present."""
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit)
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG])
    default = Path("config.toml")
    return default if default.exists() else None


def load_config(explicit: str | None = None) -> Config:
    path = config_path(explicit)
    if path is None:
        return Config().with_token_from_env()
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror}.") from exc
    return parse_config(text, str(path)).with_token_from_env()
