"""Moderators configure the bot: /feeds, /alerts, /digest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import countries, render
from bot.errors import PermissionDenied, UserError
from bot.news.feedcheck import describe_follow
from cogs.common import bot_of, check_moderator

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot

WEEKDAYS = render.WEEKDAYS


async def feed_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    # Members who may not manage feeds see no choices: feed addresses are the operator's.
    try:
        await bot_of(interaction).require_moderator(interaction, count=False)
    except PermissionDenied:
        return []
    feeds = await bot_of(interaction).services.feeds()
    needle = current.casefold()
    return [
        # The value is the number /feeds list shows: a long URL would not fit in 100 characters.
        app_commands.Choice(name=f"#{f.id} {f.label} ({f.state})"[:100], value=f"#{f.id}")
        for f in feeds
        if needle in f.url.casefold() or needle in f.name.casefold()
    ][:25]


def _channel(
    interaction: discord.Interaction[Any], channel_id: int | None
) -> discord.abc.GuildChannel | None:
    if interaction.guild is None or channel_id is None:
        return None
    return interaction.guild.get_channel(channel_id)


def ping_problem(role: discord.Role, channel: discord.abc.GuildChannel | None) -> str | None:
    """Why a status-change post could not ping ``role`` (None: it can). Discord only pings a
    role that is mentionable, unless the bot has Mention Everyone (in the alert channel)."""
    if role.mentionable:
        return None
    me = role.guild.me
    if me is None:
        return None
    perms = channel.permissions_for(me) if channel is not None else me.guild_permissions
    if perms.mention_everyone:
        return None
    return (
        f"I can't ping {role.mention}: it is not mentionable and I don't have Mention Everyone. "
        "Turn on 'Allow anyone to @mention this role' in the role's settings, or give me "
        "Mention @everyone, @here and All Roles."
    )


class ModeratorGroup(app_commands.Group):
    """A command group only moderators may use (checked in the bot, hidden by default)."""

    def __init__(self, bot: PolicyWatchBot) -> None:
        super().__init__()
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        await check_moderator(interaction)
        return True


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class FeedsGroup(ModeratorGroup, name="feeds", description="The news feeds (moderators)"):
    @app_commands.command(name="add", description="Follow a feed (RSS or Atom)")
    @app_commands.describe(url="The feed's address (https://...)", name="A short name")
    async def add(
        self, interaction: discord.Interaction[Any], url: str, name: str | None = None
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        feed, check = await self.bot.services.follow_feed(
            url, name, self.bot.actor(interaction), "discord"
        )
        await interaction.followup.send(
            describe_follow(feed.id, feed.name, check, render.safe),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(name="remove", description="Stop following a feed")
    @app_commands.describe(url="The feed's address, name or number")
    @app_commands.autocomplete(url=feed_autocomplete)
    async def remove(self, interaction: discord.Interaction[Any], url: str) -> None:
        feed = await self.bot.services.remove_feed(url, self.bot.actor(interaction))
        await interaction.response.send_message(
            f"Stopped following {render.safe(feed.label, 100)}.", ephemeral=True
        )

    @app_commands.command(name="list", description="The feeds and their health")
    async def list(self, interaction: discord.Interaction[Any]) -> None:
        feeds = await self.bot.services.feeds()
        await interaction.response.send_message(embed=render.feeds_embed(feeds), ephemeral=True)

    @app_commands.command(name="pause", description="Stop polling a feed for now")
    @app_commands.describe(url="The feed's address, name or number")
    @app_commands.autocomplete(url=feed_autocomplete)
    async def pause(self, interaction: discord.Interaction[Any], url: str) -> None:
        feed = await self.bot.services.pause_feed(url, True, self.bot.actor(interaction))
        await interaction.response.send_message(
            f"Paused {render.safe(feed.label, 100)}.", ephemeral=True
        )

    @app_commands.command(name="resume", description="Poll a paused or disabled feed again")
    @app_commands.describe(url="The feed's address, name or number")
    @app_commands.autocomplete(url=feed_autocomplete)
    async def resume(self, interaction: discord.Interaction[Any], url: str) -> None:
        feed = await self.bot.services.pause_feed(url, False, self.bot.actor(interaction))
        await interaction.response.send_message(
            f"Resumed {render.safe(feed.label, 100)}.", ephemeral=True
        )

    @app_commands.command(name="poll", description="Poll every feed now and say what was found")
    async def poll(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self.bot.pipeline.run_cycle(force=True)
        self.bot.dispatcher.kick()
        lines = [report.summary()]
        lines += [f"• {render.safe(f, 80)}: {render.safe(e, 150)}" for f, e in report.errors[:10]]
        await interaction.followup.send("\n".join(lines)[:2000], ephemeral=True)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class AlertsGroup(ModeratorGroup, name="alerts", description="Where alerts go (moderators)"):
    async def _set(self, interaction: discord.Interaction[Any], **fields: Any) -> Any:
        assert interaction.guild_id is not None
        return await self.bot.services.configure_alerts(
            interaction.guild_id, self.bot.actor(interaction), **fields
        )

    @app_commands.command(name="channel", description="Post alerts in this channel")
    @app_commands.describe(channel="A text channel the bot can post in")
    async def channel(
        self, interaction: discord.Interaction[Any], channel: discord.TextChannel
    ) -> None:
        me = channel.guild.me
        perms = channel.permissions_for(me) if me else None
        if perms is None or not (perms.view_channel and perms.send_messages and perms.embed_links):
            raise UserError(
                f"I can't post in {channel.mention}: give me View Channel, Send Messages and "
                "Embed Links there, or pick another channel."
            )
        await self._set(interaction, alert_channel_id=channel.id)
        await interaction.response.send_message(
            f"Alerts will be posted in {channel.mention}. Try /alerts test.", ephemeral=True
        )

    @app_commands.command(name="role", description="Mention a role on status changes")
    @app_commands.describe(role="The role to mention on status changes; leave out to mention none")
    async def role(
        self, interaction: discord.Interaction[Any], role: discord.Role | None = None
    ) -> None:
        if role is None:
            await self._set(interaction, mention_role_id=None)
            await interaction.response.send_message(
                "Status changes will not mention any role.", ephemeral=True
            )
            return
        if role.is_default():
            raise UserError("Pick a role other than @everyone.")
        s = await self._set(interaction, mention_role_id=role.id)
        text = f"Status changes will mention {role.mention}."
        problem = ping_problem(role, _channel(interaction, s.alert_channel_id))
        if problem:
            text += f"\n⚠️ {problem}"
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    @app_commands.command(name="countries", description="Only alert about these countries")
    @app_commands.describe(countries_="Comma-separated countries, or 'all'")
    @app_commands.rename(countries_="countries")
    async def countries(self, interaction: discord.Interaction[Any], countries_: str) -> None:
        if countries_.strip().lower() in ("all", "*", "any"):
            await self._set(interaction, countries=None)
            await interaction.response.send_message("Alerts cover every country.", ephemeral=True)
            return
        found = countries.resolve_list(countries_)
        if not found:
            raise UserError("Name at least one country, or 'all'.")
        await self._set(interaction, countries=sorted(c.iso2 for c in found))
        names = ", ".join(f"{c.flag} {c.name}" for c in found)
        await interaction.response.send_message(f"Alerts now only cover: {names}.", ephemeral=True)

    @app_commands.command(name="off", description="Stop posting alerts in this server")
    async def off(self, interaction: discord.Interaction[Any]) -> None:
        # The ping role goes too: turning alerts on again later starts from a clean slate.
        await self._set(interaction, alert_channel_id=None, mention_role_id=None)
        await interaction.response.send_message(
            "Alerts are off for this server (and no role will be mentioned).", ephemeral=True
        )

    @app_commands.command(name="show", description="This server's alert settings")
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        s = await self.bot.services.alert_settings(interaction.guild_id)
        problem = None
        if s.mention_role_id and interaction.guild is not None:
            role = interaction.guild.get_role(s.mention_role_id)
            problem = (
                "that role no longer exists; set another with /alerts role"
                if role is None
                else ping_problem(role, _channel(interaction, s.alert_channel_id))
            )
        await interaction.response.send_message(
            embed=render.alert_settings_embed(s, problem),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(name="test", description="Post a sample alert now")
    async def test(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        channel_id = await self.bot.services.queue_test_alert(interaction.guild_id)
        self.bot.dispatcher.kick()
        await interaction.response.send_message(
            f"A test alert is on its way to <#{channel_id}>.", ephemeral=True
        )

    @app_commands.command(name="digest", description="The weekly digest: on or off, day and hour")
    @app_commands.describe(
        state="on or off",
        day="Day of the week",
        hour="Hour (UTC, 0-23)",
        empty="Post even when the week had no news (default: no)",
    )
    @app_commands.choices(state=[app_commands.Choice(name=v, value=v) for v in ("on", "off")])
    @app_commands.choices(
        day=[app_commands.Choice(name=d, value=i) for i, d in enumerate(WEEKDAYS)]
    )
    async def digest(
        self,
        interaction: discord.Interaction[Any],
        state: app_commands.Choice[str],
        day: app_commands.Choice[int] | None = None,
        hour: app_commands.Range[int, 0, 23] | None = None,
        empty: bool | None = None,
    ) -> None:
        fields: dict[str, Any] = {"digest_enabled": state.value == "on"}
        if empty is not None:
            fields["digest_post_empty"] = empty
        if day is not None:
            fields["digest_weekday"] = day.value
        if hour is not None:
            fields["digest_hour"] = hour
        s = await self._set(interaction, **fields)
        text = (
            f"The weekly digest is on: {WEEKDAYS[s.digest_weekday]}s at {s.digest_hour:02d}:00 UTC."
            if s.digest_enabled
            else "The weekly digest is off."
        )
        await interaction.response.send_message(text, ephemeral=True)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class DigestGroup(ModeratorGroup, name="digest", description="The weekly digest (moderators)"):
    @app_commands.command(name="now", description="Post the weekly digest now")
    async def now(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        queued = await self.bot.services.queue_digests(guild_id=interaction.guild_id)
        if not queued:
            raise UserError("Choose an alert channel first with /alerts channel.")
        self.bot.dispatcher.kick()
        await interaction.response.send_message("The digest is on its way.", ephemeral=True)


class AdminCog(commands.Cog):
    def __init__(self, bot: PolicyWatchBot) -> None:
        self.bot = bot
        for group in (FeedsGroup(bot), AlertsGroup(bot), DigestGroup(bot)):
            bot.tree.add_command(group)


async def setup(bot: PolicyWatchBot) -> None:
    """Loaded by name: ``await bot.load_extension("cogs.admin")``."""
    await bot.add_cog(AdminCog(bot))
