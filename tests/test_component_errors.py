"""Buttons fail like commands do: one private sentence, never a silent "interaction failed".

discord.py only logs what a component's callback raises, so the Apply/Dismiss buttons and the
proposals menu answer their own failures with the same sentences as the command tree."""

from __future__ import annotations

from bot.views import STORAGE_TROUBLE
from tests.test_bot_e2e import World, ephemeral, prime, running, world  # noqa: F401 (fixture)
from tests.test_outbox_once import locked_by_another_process


async def test_apply_while_the_database_is_locked_says_so(world: World) -> None:  # noqa: F811
    async with running(world) as (bot, rt):
        await prime(world, rt)
        await rt.pipeline.run_cycle(force=True)
        await bot.dispatcher.drain()
        post = await world.fake.wait_for_message(
            world.alerts, lambda m: any(r["components"] for r in [m] if m.get("components"))
        )
        buttons = [c for row in post["components"] for c in row["components"]]
        apply_id = next(
            b["custom_id"] for b in buttons if b["custom_id"].startswith("pw:proposal:apply")
        )
        before = (await rt.store.countries.get("CA")).status  # type: ignore[union-attr]
        async with locked_by_another_process(world.config.db_path, 8):
            res = await world.fake.click(
                world.guild, world.alerts, world.mod, post["id"], apply_id, timeout=20
            )
        answers = [res.message or {}, *res.followups]
        assert any(STORAGE_TROUBLE in (a.get("content") or "") for a in answers), answers
        assert (await rt.store.countries.get("CA")).status == before  # nothing was changed
