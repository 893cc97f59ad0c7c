"""End-to-end tests of tests/fakediscord: a real discord.py bot against the fake Discord."""

from __future__ import annotations

import asyncio
import io
import struct
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fakediscord import (
    ALL_PERMISSIONS,
    Channel,
    FakeDiscord,
    FakeDiscordError,
    FakeDiscordTimeout,
    Guild,
    Member,
    Overwrite,
    Permission,
    Role,
    compute_permissions,
    run_bot,
)

TOKEN = "test-token"
P = Permission


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


PNG = _tiny_png()
COUNTRIES = ["germany", "georgia", "greece", "uk", "usa"]


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.votes = 0

    @discord.ui.button(label="Vote", custom_id="vote:up", style=discord.ButtonStyle.primary)
    async def vote(
        self, interaction: discord.Interaction, button: discord.ui.Button[VoteView]
    ) -> None:
        self.votes += 1
        await interaction.response.edit_message(content=f"votes: {self.votes}", view=self)

    @discord.ui.button(label="Details", custom_id="vote:details")
    async def details(
        self, interaction: discord.Interaction, button: discord.ui.Button[VoteView]
    ) -> None:
        await interaction.response.send_message("details here", ephemeral=True)


class PickView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(
        custom_id="pick:country",
        options=[discord.SelectOption(label=c.title(), value=c) for c in COUNTRIES],
    )
    async def pick(
        self, interaction: discord.Interaction, select: discord.ui.Select[PickView]
    ) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content=f"picked {select.values[0]}")


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="Your feedback", custom_id="feedback:text"
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class FeedsGroup(app_commands.Group):
    admin = app_commands.Group(name="admin", description="Feed administration")

    @app_commands.command(name="add", description="Add a feed")
    async def add(self, interaction: discord.Interaction, url: str, name: str) -> None:
        await interaction.response.send_message(f"added {name} <{url}>")

    @admin.command(name="purge", description="Purge feeds")
    async def purge(self, interaction: discord.Interaction, confirm: bool) -> None:
        await interaction.response.send_message(f"purge confirm={confirm}")


class ProbeBot(commands.Bot):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            command_prefix="!",
            intents=discord.Intents.default(),
            guild_ready_timeout=0.05,
            help_command=None,
        )
        self.test_guild_id = guild_id
        self.synced: list[app_commands.AppCommand] = []
        self.resynced: list[app_commands.AppCommand] = []
        self.late_errors: list[BaseException] = []
        self.messages_seen: list[discord.Message] = []
        self._register()

    def _register(self) -> None:
        tree = self.tree

        @tree.command(name="status", description="Policy status of a country")
        @app_commands.describe(country="Country", private="Only show it to me")
        async def status(
            interaction: discord.Interaction, country: str, private: bool = False
        ) -> None:
            embed = discord.Embed(title=f"Status: {country}", description="restricted")
            embed.add_field(name="Vendor", value="Huawei")
            await interaction.response.send_message(
                f"status for {country}", embed=embed, ephemeral=private
            )

        @status.autocomplete("country")
        async def status_ac(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [
                app_commands.Choice(name=c.title(), value=c)
                for c in COUNTRIES
                if c.startswith(current.lower())
            ]

        tree.add_command(FeedsGroup(name="feeds", description="Manage feeds"))

        @tree.command(name="reload", description="Reload config")
        @app_commands.default_permissions(manage_guild=True)
        async def reload(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("reloaded", ephemeral=True)

        @tree.command(name="slow", description="Defers then follows up")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.followup.send("slow result")
            await interaction.followup.send("extra")

        @tree.command(name="vote", description="A button")
        async def vote(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("votes: 0", view=VoteView())

        @tree.command(name="chart", description="Sends a file")
        async def chart(interaction: discord.Interaction) -> None:
            file = discord.File(io.BytesIO(PNG), filename="chart.png")
            await interaction.response.send_message("chart", file=file)

        @tree.command(name="perms", description="Echo permissions")
        async def perms(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(
                f"{interaction.permissions.value} {interaction.app_permissions.value}"
            )

        @tree.command(name="purge", description="Needs manage_messages in the channel")
        @app_commands.checks.has_permissions(manage_messages=True)
        async def purge(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("purged")

        @purge.error
        async def purge_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            if isinstance(error, app_commands.MissingPermissions):
                await interaction.response.send_message("missing permissions", ephemeral=True)

        @tree.command(name="feedback", description="Opens a modal")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @tree.command(name="sleepy", description="Answers too late")
        async def sleepy(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            try:
                await interaction.response.send_message("too late")
            except discord.NotFound as exc:
                self.late_errors.append(exc)

        @tree.command(name="pick", description="A select menu")
        async def pick(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pick one", view=PickView())

        @tree.context_menu(name="Inspect")
        async def inspect(interaction: discord.Interaction, user: discord.User) -> None:
            await interaction.response.send_message(f"user {user.id}", ephemeral=True)

        @tree.command(
            name="local", description="Guild command", guild=discord.Object(self.test_guild_id)
        )
        async def local(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"local in {interaction.guild_id}")

    async def on_message(self, message: discord.Message) -> None:
        self.messages_seen.append(message)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py sleeps 5 s before every non-initial IDENTIFY; not needed against the fake.
        return None

    async def setup_hook(self) -> None:
        self.synced = await self.tree.sync()
        await self.tree.sync(guild=discord.Object(self.test_guild_id))
        self.resynced = await self.tree.sync()


@dataclass
class Env:
    fake: FakeDiscord
    bot: ProbeBot
    guild: Guild
    chan: Channel
    locked: Channel
    alice: Member
    mod: Member
    mods: Role


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    fake = FakeDiscord(token=TOKEN, ack_deadline=3.0)
    await fake.start()
    try:
        guild = fake.add_guild(name="Test Guild")
        mods = fake.add_role(
            guild.id, name="Moderators", permissions=int(P.MANAGE_GUILD | P.MANAGE_MESSAGES)
        )
        chan = fake.add_channel(guild.id, name="alerts")
        locked = fake.add_channel(
            guild.id,
            name="locked",
            overwrites=[Overwrite.role(guild.bot_role_id or 0, deny=int(P.SEND_MESSAGES))],
        )
        alice = fake.add_member(guild.id, name="alice")
        mod = fake.add_member(guild.id, name="mod", roles=[mods.id])
        bot = ProbeBot(guild.id)
        async with run_bot(bot, fake):
            yield Env(fake, bot, guild, chan, locked, alice, mod, mods)
    finally:
        await fake.stop()
    assert fake.errors == []
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    assert leftover == [], leftover


# ---------------------------------------------------------------------- permissions (unit)


def test_compute_permissions_roles_and_overwrites() -> None:
    gid, owner, user, role_a, role_b = 1, 2, 3, 10, 11
    roles = {gid: int(P.VIEW_CHANNEL | P.SEND_MESSAGES), role_a: int(P.MANAGE_MESSAGES), role_b: 0}

    def perms(member_roles: list[int], overwrites: list[Overwrite] | None, uid: int = user) -> int:
        return compute_permissions(
            user_id=uid,
            guild_id=gid,
            owner_id=owner,
            role_permissions=roles,
            member_role_ids=member_roles,
            overwrites=overwrites,
        )

    assert perms([], None) == P.VIEW_CHANNEL | P.SEND_MESSAGES
    assert perms([role_a], None) == P.VIEW_CHANNEL | P.SEND_MESSAGES | P.MANAGE_MESSAGES
    assert perms([], None, uid=owner) == ALL_PERMISSIONS
    # @everyone deny, role allow wins over it, member deny wins over both.
    ows = [
        Overwrite.role(gid, deny=int(P.SEND_MESSAGES)),
        Overwrite.role(role_b, allow=int(P.SEND_MESSAGES)),
    ]
    assert not perms([], ows) & P.SEND_MESSAGES
    assert perms([role_b], ows) & P.SEND_MESSAGES
    ows.append(Overwrite.member(user, deny=int(P.SEND_MESSAGES)))
    assert not perms([role_b], ows) & P.SEND_MESSAGES
    # Role overwrites combine: one role's deny and another role's allow → allow wins.
    ows2 = [
        Overwrite.role(role_a, deny=int(P.SEND_MESSAGES)),
        Overwrite.role(role_b, allow=int(P.SEND_MESSAGES)),
    ]
    assert perms([role_a, role_b], ows2) & P.SEND_MESSAGES
    # No VIEW_CHANNEL → nothing at all.
    assert perms([role_a], [Overwrite.role(gid, deny=int(P.VIEW_CHANNEL))]) == 0
    # ADMINISTRATOR ignores overwrites; owner too.
    roles[role_b] = int(P.ADMINISTRATOR)
    assert perms([role_b], [Overwrite.member(user, deny=int(P.VIEW_CHANNEL))]) == ALL_PERMISSIONS
    assert perms([], [Overwrite.member(owner, deny=-1 & ALL_PERMISSIONS)], uid=owner) == (
        ALL_PERMISSIONS
    )
    # Dict-shaped overwrites are accepted.
    assert Overwrite.from_any({"id": "5", "type": 1, "allow": "8", "deny": 0}) == Overwrite(
        5, 1, 8, 0
    )


# ---------------------------------------------------------------------- sync and REST basics


async def test_sync_echo_and_stable_ids(env: Env) -> None:
    fake, bot = env.fake, env.bot
    assert fake.sync_count == 3
    names = {c.name for c in bot.synced}
    assert {"status", "feeds", "reload", "slow", "vote", "chart"} <= names
    assert all(c.id for c in bot.synced)
    assert {c.name: c.id for c in bot.synced} == {c.name: c.id for c in bot.resynced}
    stored = {c["name"]: c for c in fake.commands()}
    assert stored["reload"]["default_member_permissions"] == str(int(P.MANAGE_GUILD))
    assert [c["name"] for c in fake.commands(env.guild.id)] == ["local"]
    fetched = await bot.tree.fetch_commands()
    assert {c.id for c in fetched} == {c.id for c in bot.synced}
    assert bot.application_id == fake.application_id
    app_info = await bot.application_info()
    assert app_info.owner.id == fake.owner_id
    assert ("GET", "/users/@me", 200) in fake.requests


async def test_bad_token_is_login_failure(env: Env) -> None:
    other = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    discord.http.Route.BASE = env.fake.api_base
    with pytest.raises(discord.LoginFailure):
        await other.login("wrong-token")
    await other.close()


async def test_json_content_type_is_exact(env: Env) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            env.fake.api_base + "/users/@me", headers={"Authorization": f"Bot {TOKEN}"}
        ) as resp,
    ):
        assert resp.headers["Content-Type"] == "application/json"
        assert (await resp.json())["id"] == str(env.fake.bot_user_id)


# ---------------------------------------------------------------------- slash commands


async def test_slash_answer_embed_and_ephemeral(env: Env) -> None:
    fake = env.fake
    res = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "status", {"country": "uk"})
    assert res.response_type == 4
    assert res.message is not None
    assert res.message["content"] == "status for uk"
    assert res.message["embeds"][0]["title"] == "Status: uk"
    assert res.message["embeds"][0]["fields"][0]["value"] == "Huawei"
    assert res.message["type"] == 20
    assert res.message["interaction_metadata"]["user"]["id"] == str(env.alice.id)
    assert not res.ephemeral
    assert fake.channel_messages(env.chan.id)[-1]["id"] == res.message["id"]

    private = await fake.slash(
        env.guild.id, env.chan.id, env.alice.id, "status", {"country": "de", "private": True}
    )
    assert private.ephemeral
    assert private.message is not None and private.message["flags"] & 64


async def test_subcommands_and_groups(env: Env) -> None:
    fake = env.fake
    res = await fake.slash(
        env.guild.id,
        env.chan.id,
        env.alice.id,
        "feeds",
        {"add": {"url": "https://example.org/rss", "name": "ex"}},
    )
    assert res.content == "added ex <https://example.org/rss>"
    res = await fake.slash(
        env.guild.id, env.chan.id, env.alice.id, "feeds", {"admin": {"purge": {"confirm": True}}}
    )
    assert res.content == "purge confirm=True"
    with pytest.raises(FakeDiscordError):
        await fake.slash(env.guild.id, env.chan.id, env.alice.id, "feeds", {"add": {"url": "x"}})
    with pytest.raises(FakeDiscordError):
        await fake.slash(env.guild.id, env.chan.id, env.alice.id, "nope")


async def test_guild_command_lookup(env: Env) -> None:
    res = await env.fake.slash(env.guild.id, env.chan.id, env.alice.id, "local")
    assert res.content == f"local in {env.guild.id}"
    assert res.payload["data"]["guild_id"] == str(env.guild.id)


async def test_defer_then_followups(env: Env) -> None:
    fake = env.fake
    res = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "slow")
    assert res.response_type == 5
    await fake.wait_for(lambda: len(res.followups) == 1, timeout=2.0)
    assert res.message is not None
    assert res.message["content"] == "slow result"
    assert not res.message["flags"] & 128
    assert [m["content"] for m in res.followups] == ["extra"]
    contents = [m["content"] for m in fake.channel_messages(env.chan.id)]
    assert contents[-2:] == ["slow result", "extra"]


async def test_autocomplete(env: Env) -> None:
    choices = await env.fake.autocomplete(
        env.guild.id, env.chan.id, env.alice.id, "status", {"country": "ge"}, focused="country"
    )
    assert choices == [
        {"name": "Germany", "value": "germany"},
        {"name": "Georgia", "value": "georgia"},
    ]


async def test_button_click_round_trip(env: Env) -> None:
    fake = env.fake
    res = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "vote")
    assert res.message is not None
    mid = int(res.message["id"])
    assert res.components[0]["components"][0]["custom_id"] == "vote:up"
    click = await fake.click(env.guild.id, env.chan.id, env.alice.id, mid, "vote:up")
    assert click.response_type == 7
    assert click.message is not None and click.message["content"] == "votes: 1"
    click = await fake.click(env.guild.id, env.chan.id, env.mod.id, mid, "vote:up")
    assert fake.message(mid)["content"] == "votes: 2"  # type: ignore[index]
    details = await fake.click(env.guild.id, env.chan.id, env.alice.id, mid, "vote:details")
    assert details.response_type == 4 and details.ephemeral
    assert details.content == "details here"
    with pytest.raises(FakeDiscordError):
        await fake.click(env.guild.id, env.chan.id, env.alice.id, mid, "missing")


async def test_modal_round_trip(env: Env) -> None:
    fake = env.fake
    opened = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "feedback")
    assert opened.response_type == 9
    assert opened.modal is not None and opened.modal["title"] == "Feedback"
    res = await fake.submit_modal(opened, {"feedback:text": "great bot"})
    assert res.content == "thanks: great bot"
    assert res.ephemeral


async def test_hidden_command_and_bypass(env: Env) -> None:
    fake = env.fake
    with pytest.raises(FakeDiscordError, match="hidden"):
        await fake.slash(env.guild.id, env.chan.id, env.alice.id, "reload")
    res = await fake.slash(env.guild.id, env.chan.id, env.mod.id, "reload")
    assert res.content == "reloaded"
    owner = await fake.slash(env.guild.id, env.chan.id, env.guild.owner_id, "reload")
    assert owner.content == "reloaded"
    res = await fake.slash(
        env.guild.id, env.chan.id, env.alice.id, "reload", bypass_permissions=True
    )
    assert res.content == "reloaded"


async def test_member_permissions_from_roles_and_overwrites(env: Env) -> None:
    fake, guild = env.fake, env.guild
    res = await fake.slash(guild.id, env.chan.id, env.alice.id, "perms")
    member_perms, app_perms = (int(x) for x in (res.content or "").split())
    assert member_perms == fake.permissions_for(guild.id, env.alice.id, env.chan.id)
    assert app_perms == fake.permissions_for(guild.id, fake.bot_user_id, env.chan.id)
    assert not member_perms & P.MANAGE_MESSAGES

    refused = await fake.slash(guild.id, env.chan.id, env.alice.id, "purge")
    assert refused.content == "missing permissions" and refused.ephemeral
    allowed = await fake.slash(guild.id, env.chan.id, env.mod.id, "purge")
    assert allowed.content == "purged"

    # A channel overwrite denying MANAGE_MESSAGES to the role takes it away there.
    quiet = fake.add_channel(
        guild.id,
        name="quiet",
        overwrites=[Overwrite.role(env.mods.id, deny=int(P.MANAGE_MESSAGES))],
    )
    res = await fake.slash(guild.id, quiet.id, env.mod.id, "purge")
    assert res.content == "missing permissions"
    # And a member overwrite grants it to alice.
    fake.set_overwrites(quiet.id, [Overwrite.member(env.alice.id, allow=int(P.MANAGE_MESSAGES))])
    res = await fake.slash(guild.id, quiet.id, env.alice.id, "purge")
    assert res.content == "purged"


async def test_ack_deadline(env: Env) -> None:
    fake = env.fake
    fake.ack_deadline = 0.1
    with pytest.raises(FakeDiscordTimeout, match="did not respond"):
        await fake.slash(env.guild.id, env.chan.id, env.alice.id, "sleepy")
    await fake.wait_for(lambda: bool(env.bot.late_errors), timeout=2.0)
    assert isinstance(env.bot.late_errors[0], discord.NotFound)
    assert env.bot.late_errors[0].code == 10062
    rec = fake.interactions()[-1]
    assert rec.expired and rec.errors[0]["status"] == 404


# ---------------------------------------------------------------------- channel messages


async def test_channel_messages_and_permissions(env: Env) -> None:
    fake, bot = env.fake, env.bot
    channel = bot.get_channel(env.chan.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("hello <@123>", allowed_mentions=discord.AllowedMentions.none())
    msgs = fake.channel_messages(env.chan.id)
    assert msgs[-1]["content"] == "hello <@123>"
    assert msgs[-1]["allowed_mentions"] == {"parse": []}
    assert msgs[-1]["author"]["id"] == str(fake.bot_user_id)
    got = await fake.wait_for_message(env.chan.id, lambda m: m["content"].startswith("hello"))
    assert int(got["id"]) == sent.id

    await sent.edit(content="edited")
    assert fake.message(sent.id)["content"] == "edited"  # type: ignore[index]
    await sent.delete()
    assert all(m["id"] != str(sent.id) for m in fake.channel_messages(env.chan.id))

    locked = bot.get_channel(env.locked.id)
    assert isinstance(locked, discord.TextChannel)
    with pytest.raises(discord.Forbidden) as forbidden:
        await locked.send("nope")
    assert forbidden.value.code == 50013
    with pytest.raises(discord.HTTPException) as empty:
        await channel.send(embeds=[])
    assert empty.value.code == 50006
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.code == 50035
    with pytest.raises(discord.NotFound) as unknown:
        await bot.http.send_message(1, params=discord.http.handle_message_parameters("hi"))
    assert unknown.value.code == 10003


async def test_fail_next_500_then_429_then_success(env: Env) -> None:
    fake = env.fake
    channel = env.bot.get_channel(env.chan.id)
    assert isinstance(channel, discord.TextChannel)
    fake.fail_next("POST", r"/channels/\d+/messages", status=500)
    fake.fail_next("POST", r"/channels/\d+/messages", status=429, retry_after=0.05)
    msg = await channel.send("after failures")
    statuses = [r.status for r in fake.requests if r.path == f"/channels/{env.chan.id}/messages"]
    assert statuses[-3:] == [500, 429, 200]
    assert fake.rate_limit_hits == 1
    assert fake.message(msg.id) is not None
    fake.fail_next("POST", r"/channels/\d+/messages", status=403)
    with pytest.raises(discord.Forbidden):
        await channel.send("forbidden")


async def test_enforced_channel_rate_limit(env: Env) -> None:
    fake = env.fake
    fake.enforce_rate_limits = True
    fake.channel_rate_limit = (2, 0.2)
    channel = env.bot.get_channel(env.chan.id)
    assert isinstance(channel, discord.TextChannel)
    for i in range(3):
        await channel.send(f"burst {i}")
    assert fake.rate_limit_hits >= 1
    assert [m["content"] for m in fake.channel_messages(env.chan.id)][-3:] == [
        "burst 0",
        "burst 1",
        "burst 2",
    ]


async def test_file_upload_bytes(env: Env) -> None:
    fake = env.fake
    res = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "chart")
    assert res.message is not None
    att = res.message["attachments"][0]
    assert att["filename"] == "chart.png"
    data = fake.attachment_bytes(int(res.message["id"]))
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data == PNG
    channel = env.bot.get_channel(env.chan.id)
    assert isinstance(channel, discord.TextChannel)
    msg = await channel.send("file", file=discord.File(io.BytesIO(b"abc"), filename="a.txt"))
    assert fake.attachment_bytes(msg.id) == b"abc"
    assert await msg.attachments[0].read() == b"abc"


# ---------------------------------------------------------------------- gateway


async def test_gateway_resume(env: Env) -> None:
    fake = env.fake
    seen: list[discord.Message] = []

    async def on_message(message: discord.Message) -> None:
        seen.append(message)

    env.bot.add_listener(on_message)
    await fake.disconnect_gateway(4000)
    assert fake.resume_count == 1
    res = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "status", {"country": "uk"})
    assert res.content == "status for uk"
    await fake.wait_for(lambda: any(m.content == "status for uk" for m in seen), timeout=2.0)

    readies: list[int] = []

    async def on_ready() -> None:
        readies.append(1)

    env.bot.add_listener(on_ready)
    await fake.disconnect_gateway(4000, resumable=False)
    assert fake.identify_count == 2
    await fake.wait_for(lambda: bool(readies), timeout=2.0)  # let discord.py's ready task end
    res = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "status", {"country": "fr"})
    assert res.content == "status for fr"


# ---------------------------------------------------------------------- more interaction kinds


async def test_select_deferred_update_and_edit_original(env: Env) -> None:
    fake = env.fake
    res = await fake.slash(env.guild.id, env.chan.id, env.alice.id, "pick")
    assert res.message is not None
    mid = int(res.message["id"])
    sel = await fake.select(env.guild.id, env.chan.id, env.alice.id, mid, "pick:country", ["uk"])
    assert sel.response_type == 6
    assert sel.message is not None and sel.message["content"] == "picked uk"
    with pytest.raises(FakeDiscordError):
        await fake.select(env.guild.id, env.chan.id, env.alice.id, mid, "pick:country", ["xx"])


async def test_user_context_menu_and_dm(env: Env) -> None:
    fake = env.fake
    res = await fake.context_menu(env.guild.id, env.chan.id, env.mod.id, "Inspect", env.alice.id)
    assert res.content == f"user {env.alice.id}" and res.ephemeral
    dm = await fake.slash(None, None, env.alice.id, "status", {"country": "uk"})
    assert dm.content == "status for uk"
    assert dm.message is not None and "guild_id" not in dm.message
    with pytest.raises(FakeDiscordError):  # guild-only command is not in DMs
        await fake.slash(None, None, env.alice.id, "local")


async def test_user_messages_respect_message_content_intent(env: Env) -> None:
    fake, bot = env.fake, env.bot
    fake.user_message(env.chan.id, env.alice.id, "plain text")
    fake.user_message(env.chan.id, env.alice.id, f"hey <@{fake.bot_user_id}>")
    await fake.wait_for(lambda: len(bot.messages_seen) >= 2, timeout=2.0)
    by_author = [m for m in bot.messages_seen if m.author.id == env.alice.id]
    assert [m.content for m in by_author] == ["", f"hey <@{fake.bot_user_id}>"]
    assert isinstance(by_author[0].author, discord.Member)


async def test_double_response_rejected_and_burst(env: Env) -> None:
    fake = env.fake
    recs = [
        await fake.slash(
            env.guild.id, env.chan.id, env.alice.id, "status", {"country": "uk"}, wait=False
        )
        for _ in range(20)
    ]
    for rec in recs:
        await fake.wait_for_response(rec)
    assert all(r.content == "status for uk" for r in recs)
    assert all(r.errors == [] for r in recs)


async def test_compressed_gateway_and_member_chunking() -> None:
    fake = FakeDiscord(token=TOKEN, gateway_compression=True)
    await fake.start()
    try:
        guild = fake.add_guild()
        for i in range(3):
            fake.add_member(guild.id, name=f"user{i}")
        intents = discord.Intents.default()
        intents.members = True
        client = discord.Client(intents=intents, guild_ready_timeout=0.05)
        async with run_bot(client, fake):
            cached = client.get_guild(guild.id)
            assert cached is not None
            assert cached.member_count == 5
            assert len(cached.members) == 5  # owner + bot + 3 users, via GUILD_MEMBERS_CHUNK
    finally:
        await fake.stop()
    assert fake.errors == []
