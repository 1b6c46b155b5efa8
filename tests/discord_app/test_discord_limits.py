"""The per-person question limit (engine-side limiter, applied by the adapter)."""

from __future__ import annotations

import pytest

from bot.conversation import ConversationMemory, context_after
from bot.errors import RateLimitedError
from bot.ratelimit import RateLimiter, cooldown_sentence
from tests.discord_app.conftest import StartBot
from tests.discord_app.helpers import deferred_then_followup, is_ephemeral

QUESTION = "What should the public start boycotting?"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window_with_an_injected_clock() -> None:
    clock = Clock()
    limiter = RateLimiter(2, 60, clock=clock)
    limiter.check("a")
    clock.now += 10
    limiter.check("a")
    limiter.check("b")  # keys are independent
    with pytest.raises(RateLimitedError) as refused:
        limiter.check("a")
    assert refused.value.retry_after == pytest.approx(50)
    assert str(refused.value) == "You're asking quickly — try again in 50 seconds."
    clock.now += 50  # the first question leaves the window
    limiter.check("a")
    with pytest.raises(RateLimitedError):
        limiter.check("a")  # refused ones did not count, but the window is full again


def test_limiter_memory_is_bounded_and_sentences_read_well() -> None:
    limiter = RateLimiter(1, 60, clock=Clock(), max_keys=3)
    for key in range(10):
        limiter.check(key)
    limiter.check(0)  # forgotten (least recently used), so allowed again
    assert cooldown_sentence(0.2) == "You're asking quickly — try again in 1 second."
    assert cooldown_sentence(11.01) == "You're asking quickly — try again in 12 seconds."
    with pytest.raises(ValueError):
        RateLimiter(0, 60)


def test_conversation_memory_is_bounded_lru() -> None:
    memory = ConversationMemory(max_entries=2)
    memory.remember(1, "q1")
    memory.remember(2, "q2")
    assert memory.previous(1) == "q1"  # touch 1: 2 is now the oldest
    memory.remember(3, "q3")
    assert memory.previous(2) is None and memory.previous(1) == "q1" and len(memory) == 2
    assert context_after("and 5G?", "fines?", declined=True) == "fines?"
    assert context_after("and 5G?", "fines?", declined=False) == "and 5G?"
    assert context_after("and 5G?", None, declined=True) == "and 5G?"


async def test_third_question_in_the_window_gets_the_cooldown(start_bot: StartBot) -> None:
    env = await start_bot(ask_rate=2, ask_period=60)
    for _ in range(2):
        await deferred_then_followup(await env.ask(QUESTION))
    third = await env.ask(QUESTION)
    response = await third.wait_response()
    assert response["type"] == 4 and is_ephemeral(response)
    assert response["data"]["content"].startswith("You're asking quickly — try again in ")
    assert third.followups == []
    # Someone else, and the same person in another server, may still ask.
    await deferred_then_followup(await env.ask(QUESTION, env.a.mod))
    # Mentions count against the same limit, and are told so in a reply.
    fake, a = env.fake, env.a
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {QUESTION}")
    reply = await fake.next_channel_message(a.channel.id)
    assert reply["content"].startswith("You're asking quickly")
    assert reply["allowed_mentions"]["parse"] == []
