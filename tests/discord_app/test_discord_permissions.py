"""Channels where the bot may not do everything: it checks first, never provokes a 403.

The strict fake answers 403 (50013 Missing Permissions) to a call the bot's channel
permissions do not allow, and the suite's teardown fails on any refusal. Here each
permission is taken away in one channel (as a server admin would) and the bot must
notice before trying: one clear line in the log, no engine work and no rate-limit turn
spent when it cannot answer at all, a plain message or plain text where Discord allows
that, and a quiz that stops cleanly when its next question cannot be posted.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
import pytest

from bot.discord_app.permissions import _warned
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import (
    custom_ids,
    deferred_then_followup,
    message_text,
    outcome,
    send_handled,
)
from tests.discord_app.test_discord_ask import spy_on_ask

P = discord.Permissions
QUESTION = "What should the public start boycotting?"


@pytest.fixture(autouse=True)
def fresh_warnings() -> None:
    _warned.clear()  # "at most once per channel" must not carry over between tests


async def deny(env: BotEnv, **perms: bool) -> None:
    """Take ``perms`` from the bot in server A's channel; wait until the bot knows."""
    env.fake.deny_bot(env.a.channel.id, P(**perms).value)

    def seen() -> bool:
        channel = env.bot.get_channel(env.a.channel.id)
        mine = channel.permissions_for(channel.guild.me)  # type: ignore[union-attr]
        return not any(getattr(mine, name) for name in perms)

    await env.fake.wait_for(seen, 5, f"the bot to see {perms} taken away")


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "footnote.discord" and r.levelno == logging.WARNING]


def errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_mention_where_the_bot_cannot_post_costs_nothing(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    env = await start_bot(ask_rate=1)
    calls = spy_on_ask(env, monkeypatch)
    await deny(env, send_messages=True)
    fake, a = env.fake, env.a
    with caplog.at_level(logging.INFO):
        for _ in range(2):
            await send_handled(env, a.channel.id, a.alice, f"<@{fake.bot_id}> {QUESTION}")
    assert calls == [] and fake.channel_messages(a.channel.id) == [] and fake.typing == []
    said = warnings(caplog)
    assert len(said) == 1 and "Send Messages" in said[0], said  # once, and what is missing
    assert errors(caplog) == []
    # Her one question in the rate window was not spent: /ask (no channel permission
    # needed for interaction replies) still answers.
    answer = await deferred_then_followup(await env.ask(QUESTION))
    assert "Sources" in message_text(answer)


async def test_without_read_message_history_the_answer_is_a_plain_message(env: BotEnv) -> None:
    await deny(env, read_message_history=True)
    fake, a = env.fake, env.a
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {QUESTION}")
    answer = await fake.next_channel_message(a.channel.id)
    assert "message_reference" not in answer and "Sources" in message_text(answer)


async def test_without_embed_links_the_answer_is_text(env: BotEnv) -> None:
    await deny(env, embed_links=True)
    fake, a = env.fake, env.a
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {QUESTION}")
    answer = await fake.next_channel_message(a.channel.id)
    assert answer["embeds"] == [] and "Sources" in answer["content"]
    assert "boycotting social media companies" in answer["content"]


async def test_no_thread_button_where_threads_cannot_be_started(env: BotEnv) -> None:
    answer = await deferred_then_followup(await env.ask(QUESTION))  # made while allowed
    await deny(env, create_public_threads=True)
    later = await deferred_then_followup(await env.ask(QUESTION))
    assert "fn:thread" in custom_ids(answer) and "fn:thread" not in custom_ids(later)
    click = await env.fake.click_button(answer, "fn:thread", env.a.alice)
    text, private, _ = await outcome(click)
    assert private and "not allowed to start threads" in text
    assert int(answer["id"]) not in env.fake.channels  # no thread was attempted


async def test_a_quiz_whose_next_question_cannot_be_posted_stops(
    env: BotEnv, caplog: pytest.LogCaptureFixture,
) -> None:
    """After the interaction's 15 minutes the quiz posts in the channel itself; here it may
    not, so the quiz is stopped, not left waiting on a question nobody can see."""
    from bot.quiz.service import Quizzes

    env.bot.deps.quizzes = Quizzes(env.app, time_limit=0.5)
    ix = await env.slash("quiz", env.a.alice, subcommand="start",
                         options={"kind": "true_false", "questions": 3})
    first = await deferred_then_followup(ix, 60)
    await ix.wait_followups(3)  # the private "thinking…" note is deleted too
    cog: Any = env.bot.get_cog("Quiz")
    run = cog.runs[(env.a.guild.id, env.a.alice.id)]
    run.interaction_at -= 15 * 60  # the interaction token has run out...
    env.fake.advance(15 * 60 + 1)  # ...on Discord's side too
    await deny(env, send_messages=True)
    manager = env.bot.deps.quizzes.manager
    with caplog.at_level(logging.INFO):
        # the run is forgotten first, then the quiz is stopped in a worker thread, then
        # that is logged: wait for the last
        await env.fake.wait_for(
            lambda: any("stopped the quiz" in line for line in warnings(caplog)), 10,
            "the quiz to stop")
    assert (env.a.guild.id, env.a.alice.id) not in cog.runs
    assert manager.active(env.a.library_name, env.a.alice.id) is None
    closed = env.fake.messages[int(first["id"])]  # the timed-out question was still closed
    assert all(c.get("disabled") for row in closed["components"] for c in row["components"])
    assert env.fake.channel_messages(env.a.channel.id) == []  # nothing posted, no 403 tried
    said = warnings(caplog)
    assert any("Send Messages" in line for line in said), said
    assert any("stopped the quiz" in line for line in said), said
    assert errors(caplog) == []
