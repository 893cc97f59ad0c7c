"""Discord components: paginated embeds and the persistent Apply/Dismiss buttons."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord.utils import MISSING

from bot import countries
from bot.errors import UserError
from storage.db import StorageError

if TYPE_CHECKING:
    from bot.client import PolicyWatchBot

log = logging.getLogger(__name__)


STORAGE_TROUBLE = (
    "The database is busy or failing right now, so nothing was changed. "
    "Try again in a minute; if it persists, the operator should check the log."
)
BUG = "Something went wrong on my side. It has been logged; please try again."


def failure_sentence(error: BaseException) -> str | None:
    """What a person is told about a domain error (None: not one, e.g. a bug)."""
    if isinstance(error, StorageError):
        log.error("Failed on the database: %s", error)
        return STORAGE_TROUBLE
    if isinstance(error, UserError):
        return error.message
    return None


async def tell_failure(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Answer a failed button or menu privately with one sentence (commands have the tree's
    error handler; discord.py only logs what a component's callback raises)."""
    text = failure_sentence(error)
    if text is None:
        log.error("A button or menu failed", exc_info=error)
        text = BUG
    await tell_privately(interaction, text)


async def tell_privately(interaction: discord.Interaction[Any], text: str) -> None:
    """One private sentence, as the answer or (when already answered or deferred) a follow-up."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("Could not tell the user about an error: %s", text)


class Paginator(discord.ui.View):
    """◀ ▶ through a list of embeds; only the person who asked can turn the pages."""

    def __init__(self, pages: Sequence[discord.Embed], owner_id: int, timeout: float = 300) -> None:
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.owner_id = owner_id
        self.index = 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "These pages belong to someone else's command; run it yourself to browse.",
                ephemeral=True,
            )
            return False
        return True

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary, custom_id="pw:page:prev")
    async def previous(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        self.index = max(0, self.index - 1)
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary, custom_id="pw:page:next")
    async def next(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)


async def send_pages(
    interaction: discord.Interaction[Any], pages: Sequence[discord.Embed], ephemeral: bool = False
) -> None:
    if len(pages) == 1:
        await interaction.response.send_message(embed=pages[0], ephemeral=ephemeral)
        return
    view = Paginator(pages, interaction.user.id)
    await interaction.response.send_message(embed=pages[0], view=view, ephemeral=ephemeral)


class ProposalButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"pw:proposal:(?P<action>apply|dismiss):(?P<id>[0-9]+)",
):
    """Apply or Dismiss a proposed status change. Matched by custom_id, so it outlives restarts."""

    def __init__(self, action: str, proposal_id: int, label: str | None = None) -> None:
        self.action = action
        self.proposal_id = proposal_id
        super().__init__(
            discord.ui.Button(
                label=label or action.capitalize(),
                style=discord.ButtonStyle.success
                if action == "apply"
                else discord.ButtonStyle.secondary,
                custom_id=f"pw:proposal:{action}:{proposal_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: Any,
    ) -> ProposalButton:
        return cls(match["action"], int(match["id"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            async with in_time(interaction):
                await self._decide(interaction)
        except Exception as exc:
            await tell_failure(interaction, exc)

    async def _decide(self, interaction: discord.Interaction[Any]) -> None:
        bot: PolicyWatchBot = interaction.client
        try:
            await bot.require_moderator(interaction)
            _, change = await bot.services.decide_proposal(
                self.proposal_id, self.action == "apply", bot.actor(interaction)
            )
        except UserError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        message = interaction.message
        if message is not None:
            rendered = await bot.dispatcher.story_message_for(message.id)
            if rendered is not None:
                embed, view = rendered
                await interaction.response.edit_message(embed=embed, view=view)
            else:  # a moderator's own list (/proposals, a digest's menu): say what happened
                done = "Applied" if self.action == "apply" else "Dismissed"
                await interaction.response.edit_message(
                    content=f"{done} proposal #{self.proposal_id}. /proposals lists the rest.",
                    embed=None,
                    view=None,
                )
        else:
            await interaction.response.defer()
        bot.dispatcher.kick()
        if change is not None:
            log.info("Proposal %d applied by %s", self.proposal_id, interaction.user.id)


# Discord's limits: 5 rows of 5 buttons (so 12 Apply/Dismiss pairs), a select of 25 options.
MAX_BUTTON_PROPOSALS = 12
MAX_SELECT_OPTIONS = 25


class ProposalSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"pw:proposals:pick",
):
    """One menu of proposed changes (a digest's, or /proposals' when they are many): picking
    one answers, to the moderator alone, with its Apply and Dismiss buttons."""

    def __init__(self, options: Sequence[discord.SelectOption] = ()) -> None:
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id="pw:proposals:pick",
            placeholder="Review a proposed status change…",
            options=list(options) or [discord.SelectOption(label="-", value="0")],
        )
        super().__init__(select)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: Any,
    ) -> ProposalSelect:
        return cls()

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self._pick(interaction)
        except Exception as exc:
            await tell_failure(interaction, exc)

    async def _pick(self, interaction: discord.Interaction[Any]) -> None:
        bot: PolicyWatchBot = interaction.client
        data: Any = interaction.data or {}
        values = data.get("values") or []
        try:
            await bot.require_moderator(interaction)
            if not values or not str(values[0]).isdigit():
                raise UserError("Pick one of the proposed changes.")
            pending = await bot.services.pending_proposal(int(values[0]))
        except UserError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        proposal = pending.proposal
        name = countries.get(proposal.iso2).name
        view = proposal_view([proposal], {proposal.iso2: name})
        await interaction.response.send_message(
            f"{name} → {proposal.status.replace('_', ' ')}, from: {pending.title[:200]}",
            view=view or discord.utils.MISSING,
            ephemeral=True,
        )


def proposal_view(proposals: Sequence[Any], names: dict[str, str]) -> discord.ui.View | None:
    """Apply/Dismiss buttons for each pending proposal, within Discord's limits: up to
    ``MAX_BUTTON_PROPOSALS`` as buttons, more as one select menu of the first
    ``MAX_SELECT_OPTIONS`` (the rest: /proposals)."""
    pending = [p for p in proposals if p.state == "pending"]
    if not pending:
        return None
    view = discord.ui.View(timeout=None)
    if len(pending) > MAX_BUTTON_PROPOSALS:
        view.add_item(
            ProposalSelect(
                [
                    discord.SelectOption(
                        label=f"{names.get(p.iso2, p.iso2)} → {p.status.replace('_', ' ')}"[:100],
                        value=str(p.id),
                        description=f"Proposal #{p.id}"[:100],
                    )
                    for p in pending[:MAX_SELECT_OPTIONS]
                ]
            )
        )
        return view
    for p in pending:
        name = names.get(p.iso2, p.iso2)
        view.add_item(
            ProposalButton("apply", p.id, f"Apply: {name} → {p.status.replace('_', ' ')}"[:80])
        )
        view.add_item(ProposalButton("dismiss", p.id, f"Dismiss ({name})"[:80]))
    return view


def test_view() -> discord.ui.View:
    """The buttons of a real proposal, disabled and labelled as a test: they do nothing."""
    view = discord.ui.View(timeout=None)
    for action, style in (
        ("apply", discord.ButtonStyle.success),
        ("dismiss", discord.ButtonStyle.secondary),
    ):
        view.add_item(
            discord.ui.Button(
                label=f"{action.capitalize()} (test: does nothing)",
                style=style,
                custom_id=f"pw:test:{action}",
                disabled=True,
            )
        )
    return view


# -- answers inside Discord's 3 seconds --------------------------------------------------------
# Answers inside Discord's 3 seconds, whatever the database does.
#
# Discord drops an interaction that is not answered within 3 s. A command that waits on the
# database (another process holding a write lock, a slow disk) is therefore deferred after
# ``DEFER_AFTER`` seconds ("thinking…"); its answer, whenever it comes, becomes the follow-up.
# The cogs keep calling ``interaction.response.send_message`` / ``edit_message`` / ``defer``:
# ``DeadlineResponse`` turns those into the follow-up calls once the bot has deferred.


DEFER_AFTER = 2.0  # seconds; Discord's limit is 3
_LOCK = "answers.lock"
_DEFERRED = "answers.deferred"


class DeadlineResponse(discord.InteractionResponse[Any]):
    """An interaction's response that knows the bot may have deferred it already."""

    def _deferred(self) -> bool:
        return bool(self._parent.extras.get(_DEFERRED))

    async def send_message(self, content: Any = None, **kwargs: Any) -> Any:
        async with self._parent.extras[_LOCK]:
            if not self._deferred():
                return await super().send_message(content, **kwargs)
        kwargs.pop("delete_after", None)
        kwargs.pop("suppress_embeds", None)
        kwargs = {k: v for k, v in kwargs.items() if v is not MISSING and v is not None}
        return await self._parent.followup.send(content or MISSING, **kwargs)

    async def edit_message(self, **kwargs: Any) -> Any:
        async with self._parent.extras[_LOCK]:
            if not self._deferred():
                return await super().edit_message(**kwargs)
        kwargs.pop("delete_after", None)
        kwargs.pop("suppress_embeds", None)
        return await self._parent.edit_original_response(**kwargs)

    async def defer(self, **kwargs: Any) -> None:
        async with self._parent.extras[_LOCK]:
            if not self._deferred():
                await super().defer(**kwargs)


def _ephemeral(interaction: discord.Interaction[Any]) -> bool:
    """Moderator commands answer privately; so does their "thinking…" placeholder."""
    command = interaction.command
    while command is not None:
        if getattr(command, "default_permissions", None) is not None:
            return True
        command = getattr(command, "parent", None)
    return False


async def _defer_later(interaction: discord.Interaction[Any], after: float) -> None:
    await asyncio.sleep(after)
    async with interaction.extras[_LOCK]:
        if interaction.response.is_done():
            return
        try:
            if interaction.type is discord.InteractionType.component:
                await discord.InteractionResponse.defer(interaction.response)
            else:
                await discord.InteractionResponse.defer(
                    interaction.response, ephemeral=_ephemeral(interaction), thinking=True
                )
        except discord.HTTPException as exc:
            log.warning("Could not defer a slow interaction: %s", exc)
            return
        interaction.extras[_DEFERRED] = True
        log.info("Deferred a slow interaction (over %.1f s)", after)


@contextlib.asynccontextmanager
async def in_time(
    interaction: discord.Interaction[Any], after: float = DEFER_AFTER
) -> AsyncIterator[None]:
    """Within this block, ``interaction`` is deferred if not answered after ``after`` s."""
    interaction.extras[_LOCK] = asyncio.Lock()
    interaction._cs_response = DeadlineResponse(interaction)  # type: ignore[attr-defined]
    watchdog = asyncio.create_task(_defer_later(interaction, after))
    try:
        yield
    finally:
        watchdog.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watchdog


class DeadlineTree(discord.app_commands.CommandTree[Any]):
    """The command tree: every slash command runs ``in_time``."""

    async def _call(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.autocomplete:
            await super()._call(interaction)
            return
        async with in_time(interaction):
            await super()._call(interaction)
