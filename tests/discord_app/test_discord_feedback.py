"""Helpful / not helpful buttons: stored per answer and person, and alive after a restart."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot.discord_app.client import FootnoteBot
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import (
    custom_ids,
    deferred_then_followup,
    is_ephemeral,
    message_text,
)

QUESTION = "What should the public start boycotting?"


async def vote(env: BotEnv, message: dict, custom_id: str, user) -> dict:  # type: ignore[no-untyped-def, type-arg]
    click = await env.fake.click_button(message, custom_id, user)
    response = await click.wait_response()
    assert response["type"] == 5 and is_ephemeral(response["data"])
    [thanks] = await click.wait_followups(1)
    return thanks


async def test_votes_are_recorded_and_can_be_changed(env: BotEnv) -> None:
    answer = await deferred_then_followup(await env.ask(QUESTION))
    helpful, unhelpful = [c for c in custom_ids(answer) if c.startswith("fn:fb:")]
    assert (helpful, unhelpful) == ("fn:fb:1:1", "fn:fb:1:0")
    thanks = await vote(env, answer, helpful, env.a.alice)
    assert thanks["content"] == "Thanks — noted." and is_ephemeral(thanks)
    await vote(env, answer, unhelpful, env.a.mod)
    await vote(env, answer, unhelpful, env.a.alice)  # alice changes her mind
    rows = env.library().store.feedback()
    votes = {row.user: row.helpful for row in rows}
    assert votes == {f"discord:{env.a.alice.id} (alice)": False,
                     f"discord:{env.a.mod.id} (mod)": False}
    assert {row.question for row in rows} == {QUESTION}


@pytest.mark.model
async def test_declined_answers_can_be_voted_on_too(start_bot: StartBot) -> None:
    env = await start_bot(real_model=True)  # whether it declines is the real model's call
    answer = await deferred_then_followup(await env.ask("What is the exchange rate of the yen?"))
    assert answer["content"].startswith("I couldn't find that")
    await vote(env, answer, custom_ids(answer)[0], env.a.alice)
    assert [row.helpful for row in env.library().store.feedback()] == [True]


async def test_buttons_still_work_after_a_restart(env: BotEnv) -> None:
    answer = await deferred_then_followup(await env.ask(QUESTION))
    await env.bot.close()  # the first bot is gone; its views with it
    bot = FootnoteBot(env.app, env.settings, guild_ready_timeout=0.05)
    await bot.login("fake-token")
    task = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        thanks = await vote(env, answer, "fn:fb:1:0", env.a.alice)
        assert thanks["content"] == "Thanks — noted."
        assert [row.helpful for row in env.library().store.feedback()] == [False]
        # "Read on" reads from the kept answer: the new bot never saw this one
        more = await deferred_then_followup(
            await env.fake.click_button(answer, "fn:more:1", env.a.alice))
        assert " goes on: " in message_text(more)
    finally:
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)


async def test_a_forged_answer_id_is_refused_politely(env: BotEnv) -> None:
    answer = await deferred_then_followup(await env.ask(QUESTION))
    answer["components"][0]["components"][0]["custom_id"] = "fn:fb:999:1"
    env.fake.messages[int(answer["id"])]["components"] = answer["components"]
    sorry = await vote(env, answer, "fn:fb:999:1", env.a.alice)
    assert sorry["content"] == "That answer is no longer on record, so the vote was not kept."
