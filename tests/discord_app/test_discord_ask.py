"""/ask, mention-asking and follow-ups, end to end through the fake Discord."""

from __future__ import annotations

import asyncio

import pytest

from bot.conversation import Turn, context_after
from bot.discord_app.cogs.ask import NOT_KEPT
from bot.models import Answer
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import (
    DECLINE,
    LOADING,
    SEED_TITLE,
    assert_fits_discord,
    custom_ids,
    deferred_then_followup,
    is_ephemeral,
    message_text,
    private_reply,
    same_as_engine,
    send_handled,
)
from tests.fakediscord import MESSAGE_CONTENT_INTENT

BOYCOTT = "What should the public start boycotting?"
BOYCOTT_QUOTE = "THE public should start boycotting social media companies"
FINES = "What did Simon Bailey say about fines?"
FIVE_G = "and what about 5G?"
FIVE_G_QUOTE = "And he said as 4G and 5G networks were rolled out"


def spy_on_ask(env: BotEnv, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Record every engine ask (its question and previous=) while still answering."""
    calls: list[dict[str, object]] = []
    real = env.app.ask

    def ask(library: str, question: str, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append({"library": library, "question": question, **kwargs})
        return real(library, question, **kwargs)

    monkeypatch.setattr(env.app, "ask", ask)
    return calls


def asked_after(call: dict[str, object]) -> str | None:
    """The earlier question a recorded ask followed up on (``previous=`` is a Turn)."""
    previous = call.get("previous")
    return previous.question if isinstance(previous, Turn) else previous  # type: ignore[return-value]


async def engine_answer(env: BotEnv, question: str, **kwargs: object) -> Answer:
    """What the engine itself answers (to compare with what the bot showed)."""
    def ask() -> Answer:
        return env.app.ask(env.bot.deps.libraries.open(env.a.guild.id), question, **kwargs)

    return await asyncio.to_thread(ask)


async def test_ask_defers_then_answers_with_footnotes_and_sources(env: BotEnv) -> None:
    ix = await env.ask(BOYCOTT)
    msg = await deferred_then_followup(ix)
    text = message_text(msg)
    assert "[1]" in text and SEED_TITLE in text and "¶ 1" in text
    assert BOYCOTT_QUOTE in text  # the quoted sentence
    assert same_as_engine(msg, await engine_answer(env, BOYCOTT))
    assert msg["id"] == ix.original["id"] and not msg["flags"] & LOADING
    assert msg["allowed_mentions"] == {"parse": []}
    assert_fits_discord(msg)
    assert [c for c in custom_ids(msg) if c.startswith("fn:fb:")] == ["fn:fb:1:1", "fn:fb:1:0"]
    assert "fn:thread" in custom_ids(msg)


async def test_ask_about_one_article_picked_by_autocomplete(env: BotEnv) -> None:
    fake, a = env.fake, env.a
    await deferred_then_followup(await env.ask(BOYCOTT))  # the server's library now exists
    choices = await fake.autocomplete(a.guild.id, a.channel.id, a.alice, "ask",
                                      focused="article", options={"article": "police"})
    assert [c["value"] for c in choices] == ["1"] and SEED_TITLE in choices[0]["name"]
    msg = await deferred_then_followup(await env.ask(BOYCOTT, article="1"))
    assert SEED_TITLE in message_text(msg)
    assert same_as_engine(msg, await engine_answer(env, BOYCOTT, article_id=1))
    by_title = await deferred_then_followup(await env.ask(BOYCOTT, article="police CHIEF"))
    assert by_title["embeds"] == msg["embeds"]
    missing = await env.ask(BOYCOTT, article="99")
    response = await missing.wait_response()  # checked before the defer: only alice sees it
    assert response["type"] == 4 and is_ephemeral(response)
    assert "There is no article 99 in this library" in response["data"]["content"]


async def test_a_declined_question_lists_the_articles(start_bot: StartBot) -> None:
    env = await start_bot(seed_new_servers=False)
    env.add_text("Otters hold hands while they sleep in kelp beds.\n\n"
                     "A raft of otters can have hundreds of animals.", title="Otters")
    msg = await deferred_then_followup(await env.ask("What is the exchange rate of the yen?"))
    assert msg["content"].startswith(DECLINE)
    assert "Otters" in msg["content"] and not msg["embeds"]
    assert any(c.startswith("fn:fb:") for c in custom_ids(msg))


async def test_empty_and_overlong_questions_get_an_ephemeral_sentence(env: BotEnv) -> None:
    for question, expected in (("   ", "Ask a question"), ("?" * 5, "no words in it"),
                               ("why " * 400, "at most 1,000 characters")):
        ix = await env.ask(question)
        response = await ix.wait_response()
        assert response["type"] == 4 and is_ephemeral(response), response
        assert expected in response["data"]["content"]


async def test_a_mention_is_answered_as_a_reply(env: BotEnv) -> None:
    fake, a = env.fake, env.a
    asked = await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {BOYCOTT}")
    reply = await fake.next_channel_message(a.channel.id)
    assert same_as_engine(reply, await engine_answer(env, BOYCOTT))
    assert reply["message_reference"]["message_id"] == asked["id"]
    assert reply["allowed_mentions"]["parse"] == []
    assert not reply["allowed_mentions"].get("replied_user")
    assert "[1]" in message_text(reply) and SEED_TITLE in message_text(reply)
    # Plain chatter, and a bare mention, are not questions.
    await send_handled(env, a.channel.id, a.alice, "nice weather today")
    assert len(fake.channel_messages(a.channel.id)) == 1  # handled, and nothing said
    await send_handled(env, a.channel.id, a.alice, f"<@{fake.bot_id}>")
    [_, hint] = fake.channel_messages(a.channel.id)
    assert "Ask me a question after the mention" in hint["content"]


async def test_other_mentions_and_emoji_in_a_question_are_not_its_words(env: BotEnv) -> None:
    """"@Footnote @mod <:hmm:42> what should the public start boycotting" is the bare
    question (an id's digits read as a word no article has: it was refused), by mention
    and by /ask."""
    fake, a = env.fake, env.a
    marked = f"<@{a.mod.id}> <:hmm:42> {BOYCOTT} <#{a.channel.id}>"
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {marked}")
    reply = await fake.next_channel_message(a.channel.id)
    assert same_as_engine(reply, await engine_answer(env, BOYCOTT))
    assert BOYCOTT_QUOTE in message_text(reply)
    asked = await deferred_then_followup(await env.ask(marked))
    assert BOYCOTT_QUOTE in message_text(asked)


async def test_a_mention_in_a_chats_frame_is_answered_as_the_bare_question(
        env: BotEnv) -> None:
    """"@Footnote hey, can you tell me what should the public start boycotting pls" quotes
    what the bare question quotes (the frame comes off in the engine, one path for the
    terminal and Discord)."""
    fake, a = env.fake, env.a
    framed = f"hey, can you tell me {BOYCOTT.rstrip('?').lower()} pls"
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {framed}")
    reply = await fake.next_channel_message(a.channel.id)
    bare, asked = await engine_answer(env, BOYCOTT), await engine_answer(env, framed)
    assert same_as_engine(reply, asked)
    assert asked.citations == bare.citations and not asked.hedged
    assert BOYCOTT_QUOTE in message_text(reply)


async def test_a_reply_to_an_answer_is_asked_as_a_follow_up(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = await start_bot(message_content_intent=True,
                          fake_options={"granted_intents": MESSAGE_CONTENT_INTENT})
    calls = spy_on_ask(env, monkeypatch)
    first = await deferred_then_followup(await env.ask(FINES))
    fake, a = env.fake, env.a
    # A reply without the ping: the message content intent lets the bot read it.
    asked = await fake.send_message(a.channel.id, a.alice, FIVE_G, reference=first, mentions=[])
    reply = await fake.next_channel_message(a.channel.id)
    assert reply["message_reference"]["message_id"] == asked["id"]
    assert calls[-1]["question"] == FIVE_G and asked_after(calls[-1]) == FINES
    second = await engine_answer(env, FIVE_G, previous=calls[-1]["previous"])
    assert same_as_engine(reply, second)
    # A reply to that reply chains on from the context the second answer left.
    asked = await fake.send_message(a.channel.id, a.alice, "and the dark web?", reference=reply)
    third = await fake.next_channel_message(a.channel.id)
    assert third["message_reference"]["message_id"] == asked["id"]
    assert calls[-1]["previous"] == context_after(second, calls[-2]["previous"])


@pytest.mark.model
async def test_the_follow_up_is_answered_from_the_5g_paragraph(start_bot: StartBot) -> None:
    """The issue's example, through Discord and with the real model: the follow-up is read
    with its context and cites the 5G paragraph (8)."""
    env = await start_bot(real_model=True)
    expected = await engine_answer(env, FIVE_G, previous=FINES)
    assert 8 in [c.paragraph for c in expected.citations], expected.text[:200]
    first = await deferred_then_followup(await env.ask(FINES), timeout=60)
    await env.fake.send_message(env.a.channel.id, env.a.alice, FIVE_G, reference=first)
    reply = await env.fake.next_channel_message(env.a.channel.id, timeout=60)
    assert same_as_engine(reply, expected)  # the adapter passed previous= through
    assert FIVE_G_QUOTE in message_text(reply) and "¶ 8" in message_text(reply)


@pytest.mark.model
async def test_tell_me_more_in_a_reply_reads_the_article_on(start_bot: StartBot) -> None:
    """"tell me more" replying to an answer quotes what the article says next."""
    env = await start_bot(real_model=True)
    before = await engine_answer(env, FINES)
    expected = await engine_answer(env, "tell me more", previous=Turn.of(before))
    assert expected.text.startswith("“") and " goes on: " in expected.text, expected.text
    first = await deferred_then_followup(await env.ask(FINES), timeout=60)
    await env.fake.send_message(env.a.channel.id, env.a.alice, "tell me more", reference=first)
    reply = await env.fake.next_channel_message(env.a.channel.id, timeout=60)
    assert same_as_engine(reply, expected)
    assert expected.citations[0].quote[:40] in message_text(reply)


def read_on_id(message: dict) -> str:  # type: ignore[type-arg]
    """The custom id of the "Read on" button under an answer message."""
    [found] = [c for c in custom_ids(message) if c.startswith("fn:more:")]
    return found


async def test_read_on_button_answers_tell_me_more_publicly(env: BotEnv) -> None:
    """"Read on" under an answer: a public answer of the article's next sentences (what
    "tell me more" after that answer gives), with its own "Read on" reading further."""
    first = await deferred_then_followup(await env.ask(FINES))
    before = await engine_answer(env, FINES)
    expected = await engine_answer(env, "tell me more", previous=Turn.of(before))
    assert " goes on: " in expected.text
    click = await env.fake.click_button(first, read_on_id(first), env.a.mod)
    more = await deferred_then_followup(click)  # a public "thinking…", then the answer
    assert same_as_engine(more, expected) and read_on_id(more) != read_on_id(first)
    further = await engine_answer(env, "tell me more", previous=context_after(expected, None))
    again = await deferred_then_followup(
        await env.fake.click_button(more, read_on_id(more), env.a.alice))
    assert same_as_engine(again, further)
    assert {c.quote for c in further.citations}.isdisjoint(c.quote for c in expected.citations)


async def test_read_on_works_from_the_kept_answer_after_a_restart(env: BotEnv) -> None:
    """The answer's quotes are kept with it, so the memory a restart loses is not needed."""
    first = await deferred_then_followup(await env.ask(FINES))
    env.bot.deps.conversations.clear()  # as after a restart
    expected = await engine_answer(env, "tell me more",
                                   previous=Turn.of(await engine_answer(env, FINES)))
    more = await deferred_then_followup(
        await env.fake.click_button(first, read_on_id(first), env.a.alice))
    assert same_as_engine(more, expected)


async def test_read_on_an_answer_not_on_record_says_so_privately(env: BotEnv) -> None:
    first = await deferred_then_followup(await env.ask(FINES))
    for row in first["components"]:
        for button in row["components"]:
            if button.get("custom_id", "").startswith("fn:more:"):
                button["custom_id"] = "fn:more:999"
    env.fake.messages[int(first["id"])]["components"] = first["components"]
    click = await env.fake.click_button(first, "fn:more:999", env.a.alice)
    sorry = await private_reply(click)
    assert sorry["content"] == NOT_KEPT
    public = [m for m in env.fake.channel_messages(env.a.channel.id) if m["id"] != first["id"]]
    assert not any("goes on" in message_text(m) for m in public)


@pytest.mark.model
async def test_no_read_on_under_a_refusal(start_bot: StartBot) -> None:
    env = await start_bot(real_model=True)  # whether it declines is the real model's call
    refused = await deferred_then_followup(await env.ask("What is the exchange rate of the yen?"),
                                           timeout=60)
    assert refused["content"].startswith(DECLINE[:20])
    assert not [c for c in custom_ids(refused) if c.startswith("fn:more")]


async def test_follow_up_in_a_thread_started_from_an_answer(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = spy_on_ask(env, monkeypatch)
    fake, a = env.fake, env.a
    first = await deferred_then_followup(await env.ask(FINES))
    click = await fake.click_button(first, "fn:thread", a.alice)
    [started] = await click.wait_followups(1)
    assert is_ephemeral(started) and f"<#{first['id']}>" in started["content"]
    thread_id = int(first["id"])  # a thread started from a message shares its id
    assert fake.channels[thread_id].type == 11
    await fake.wait_for(lambda: env.bot.get_channel(thread_id), 5, "the bot to see the thread")
    await fake.send_message(thread_id, a.alice, f"<@{fake.bot_id}> {FIVE_G}")
    answer = await fake.next_channel_message(thread_id)
    assert asked_after(calls[-1]) == FINES
    second = await engine_answer(env, FIVE_G, previous=calls[-1]["previous"])
    assert same_as_engine(answer, second)
    assert "fn:thread" not in custom_ids(answer)  # already in a thread
    # /ask inside the thread is a follow-up too.
    ix = await env.ask("and the dark web?", channel=fake.channels[thread_id])
    await deferred_then_followup(ix)
    assert calls[-1]["previous"] == context_after(second, calls[-2]["previous"])
    # A second click points at the existing thread instead of failing.
    again = await fake.click_button(first, "fn:thread", a.mod)
    [pointer] = await again.wait_followups(1)
    assert "already has a thread" in pointer["content"]


async def test_follow_up_in_a_thread_a_member_created(env: BotEnv,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    calls = spy_on_ask(env, monkeypatch)
    fake, a = env.fake, env.a
    thread = fake.create_thread(a.channel.id, "questions", owner=a.alice)
    await fake.wait_for(lambda: env.bot.get_channel(thread.id), 5, "the bot to see the thread")
    await fake.send_message(thread.id, a.alice, f"<@{fake.bot_id}> {BOYCOTT}")
    await fake.next_channel_message(thread.id)
    await fake.send_message(thread.id, a.alice, f"<@{fake.bot_id}> {FIVE_G}")
    answer = await fake.next_channel_message(thread.id)
    assert asked_after(calls[-1]) == BOYCOTT
    assert same_as_engine(
        answer, await engine_answer(env, FIVE_G, previous=calls[-1]["previous"]))
