"""The fake's interaction rules: the 3-second window, the 15-minute token, visibility fixed
at the defer, one response per interaction, and tokens that do not exist."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest
from discord.webhook.async_ import async_context, interaction_response_params

from tests.fakediscord import EPHEMERAL, LOADING
from tests.fakediscord.probe import ProbeEnv, probe_env


@pytest.fixture
async def env() -> Any:
    async with probe_env() as probe:
        yield probe


def status_code(exc: Any) -> tuple[int, int]:
    assert isinstance(exc, discord.HTTPException), exc
    return exc.status, exc.code


async def test_a_first_response_after_3_seconds_is_unknown_interaction(env: ProbeEnv) -> None:
    fake, go = env.fake, asyncio.Event()

    async def late(ix: discord.Interaction) -> None:
        await go.wait()
        await ix.response.send_message("too late")

    env.bot.action = late
    slow = await fake.slash_command(env.guild.id, env.channel.id, env.alice, "probe")
    await asyncio.wait_for(env.bot.started.wait(), 5)
    fake.advance(3.01)  # three seconds pass on Discord's side
    go.set()
    assert status_code(await env.bot.outcome()) == (404, 10062)
    assert slow.missed_deadline and slow.response is None and fake.missed_deadlines == [slow]
    quick = await env.run(lambda ix: ix.response.send_message("in time"))
    assert not isinstance(quick, Exception)
    [answered] = [ix for ix in fake.interactions if ix.response is not None]
    assert answered.response_seconds is not None and answered.response_seconds < 3
    assert [(name, kind) for name, kind, _ in fake.response_times] == [("probe", 2)]


async def test_the_token_expires_after_15_minutes(env: ProbeEnv) -> None:
    fake = env.fake

    async def defer_then_wait(ix: discord.Interaction) -> None:
        await ix.response.defer(thinking=True)
        fake.advance(15 * 60 + 1)
        await ix.followup.send("an hour later")

    assert status_code(await env.run(defer_then_wait)) == (401, 50027)


async def test_followups_need_an_acknowledged_interaction(env: ProbeEnv) -> None:
    result = await env.run(lambda ix: ix.followup.send("no response yet"))
    assert status_code(result) == (404, 10015)


async def test_a_second_response_is_already_acknowledged(env: ProbeEnv) -> None:
    async def twice(ix: discord.Interaction) -> None:
        await ix.response.defer()
        params = interaction_response_params(type=4, data={"content": "again"})
        await async_context.get().create_interaction_response(  # what discord.py would send
            ix.id, ix.token, session=ix._session, params=params)

    assert status_code(await env.run(twice)) == (400, 40060)


async def test_visibility_is_fixed_at_the_defer(env: ProbeEnv) -> None:
    fake = env.fake

    async def public_then_private(ix: discord.Interaction) -> tuple[Any, Any]:
        await ix.response.defer(thinking=True)
        first = await ix.followup.send("private?", ephemeral=True, wait=True)
        second = await ix.followup.send("private", ephemeral=True, wait=True)
        return first, second

    first, second = await env.run(public_then_private)
    ix = fake.interactions[-1]
    assert first.id == int(ix.original["id"])  # the first followup fills in the defer...
    assert not fake.messages[first.id]["flags"] & (EPHEMERAL | LOADING)  # ...and stays public
    assert fake.messages[second.id]["flags"] & EPHEMERAL  # later followups are independent

    async def private_then_edit(ix: discord.Interaction) -> None:
        await ix.response.defer(ephemeral=True, thinking=True)
        await ix.edit_original_response(content="still private")
        await ix.followup.send("public")

    await env.run(private_then_edit)
    ix = fake.interactions[-1]
    [edit, public] = ix.followups
    assert edit["action"] == "edit_original" and edit["flags"] == EPHEMERAL
    assert public["action"] == "followup" and not public["flags"] & EPHEMERAL


async def test_a_followup_after_deleting_the_thinking_message_is_unknown(env: ProbeEnv) -> None:
    async def delete_then_followup(ix: discord.Interaction) -> None:
        await ix.response.defer(thinking=True)
        await ix.delete_original_response()
        await ix.followup.send("where does this go?", ephemeral=True)

    assert status_code(await env.run(delete_then_followup)) == (404, 10008)


async def test_ephemeral_messages_are_only_reached_through_the_token(env: ProbeEnv) -> None:
    async def private(ix: discord.Interaction) -> Any:
        await ix.response.send_message("only you", ephemeral=True)
        message = await ix.original_response()
        await ix.edit_original_response(content="only you, edited")
        channel = env.bot_channel
        with pytest.raises(discord.NotFound):
            await channel.get_partial_message(message.id).edit(content="public edit")
        with pytest.raises(discord.HTTPException) as reply:
            await channel.send("a reply", reference=message)
        return reply.value

    refused = await env.run(private)
    assert status_code(refused) == (400, 50035)
    assert "message_reference" in refused._errors


async def test_unknown_interactions_and_response_types(env: ProbeEnv) -> None:
    async def wrong_id(ix: discord.Interaction) -> None:
        params = interaction_response_params(type=4, data={"content": "x"})
        await async_context.get().create_interaction_response(
            ix.id + 1, ix.token, session=ix._session, params=params)

    assert status_code(await env.run(wrong_id)) == (404, 10062)

    async def choices_to_a_command(ix: discord.Interaction) -> None:
        params = interaction_response_params(type=8, data={"choices": []})
        await async_context.get().create_interaction_response(
            ix.id, ix.token, session=ix._session, params=params)

    assert status_code(await env.run(choices_to_a_command)) == (400, 50035)
