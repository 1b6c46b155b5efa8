"""A dropped gateway, bugs in the engine, and (with the real model) a loop that never blocks."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time

import pytest

from bot.discord_app.runner import warm_up
from tests.discord_app.conftest import HEARTBEAT, BotEnv, StartBot
from tests.discord_app.helpers import (
    deferred_then_followup,
    is_ephemeral,
    message_text,
    outcome,
    private_reply,
)

BOYCOTT = "What should the public start boycotting?"
APOLOGY = ("Sorry — something went wrong on my side. "
           "The moderators can find details in the bot's log.")


def max_gap(beats: list[float], start: float, end: float) -> float:
    points = [start, *(t for t in beats if start < t < end), end]
    return max(b - a for a, b in itertools.pairwise(points))


async def test_a_dropped_connection_mid_question_resumes_and_answers(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = threading.Event()
    real_ask = env.app.ask

    def slow_ask(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        time.sleep(0.4)  # in the worker thread, while the socket is down
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(env.app, "ask", slow_ask)
    fake = env.fake
    first = await env.ask(BOYCOTT)
    assert (await first.wait_response())["type"] == 5
    await asyncio.to_thread(started.wait, 5)
    await fake.drop_connection(code=4000)
    # Dispatched while the socket is down: replayed by the RESUME, and answered.
    second = await env.ask(BOYCOTT, env.a.mod)
    await fake.wait_resumed()
    for ix in (first, second):
        msg = await deferred_then_followup(ix)
        assert "[1]" in message_text(msg)
    assert second.seq in fake.gateway.replayed
    assert len(fake.gateway.identify_payloads) == 1 and len(fake.gateway.resumes) == 1


async def test_a_bug_gets_an_apology_and_a_logged_traceback(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("index exploded")

    monkeypatch.setattr(env.app, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="footnote.discord"):
        ix = await env.ask(BOYCOTT)
        followup = await private_reply(ix)  # after the public defer, still only to the asker
        fake, a = env.fake, env.a
        await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {BOYCOTT}")
        reply = await fake.next_channel_message(a.channel.id)
    for text in (followup["content"], reply["content"]):
        assert text == APOLOGY and "Traceback" not in text and "exploded" not in text
    logged = [r for r in caplog.records if r.exc_info]
    assert len(logged) == 2 and all("index exploded" in str(r.exc_info[1]) for r in logged)


async def test_errors_before_the_defer_are_ephemeral(env: BotEnv) -> None:
    ix = await env.ask("  ")
    response = await ix.wait_response()
    assert response["type"] == 4 and is_ephemeral(response)


@pytest.mark.model
async def test_real_model_answers_who_is_simon_bailey(start_bot: StartBot) -> None:
    env = await start_bot(real_model=True)
    msg = await deferred_then_followup(await env.ask("Who is Simon Bailey?"), timeout=60)
    text = message_text(msg)
    if text.startswith("I couldn't find that"):
        pytest.fail(f"the engine declined the golden question: {text!r}")
    assert "¶ 2" in text
    assert "Simon Bailey, the country’s leading child protection officer" in text


@pytest.mark.model
async def test_real_model_embedding_never_blocks_the_event_loop(start_bot: StartBot) -> None:
    env = await start_bot(real_model=True)
    await asyncio.to_thread(warm_up, env.app)  # as `footnote run` does before connecting
    await deferred_then_followup(await env.ask(BOYCOTT), timeout=60)  # library ready
    paragraphs = "\n\n".join(
        f"Paragraph {n} of the council report says the harbour wall needs repairs costing "
        f"{n} million pounds, that the work on section {n} should start next spring, and that "
        f"the fishing fleet of ward {n} will moor at the old quay while the cranes are there."
        for n in range(1, 101))
    start = time.monotonic()
    ix = await env.article("add", text=f"Harbour wall report\n\n{paragraphs}")
    text, _, _ = await outcome(ix, timeout=60)
    end = time.monotonic()
    assert text == "Added article 2: “Harbour wall report” (100 paragraphs)."
    assert end - start > 5 * HEARTBEAT  # long enough for the check to mean something
    gap = max_gap(env.fake.heartbeats, start, end)
    assert gap < 4 * HEARTBEAT, f"the event loop stalled for {gap:.2f}s while embedding"
