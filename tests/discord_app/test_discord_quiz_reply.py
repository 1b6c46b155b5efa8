"""``/quiz`` answers given by *replying* to the question message (not the Answer box).

A Discord reply to a quiz question message is graded exactly like the answer box's
text; only the person quizzed may answer that way, and such a reply is never also
asked as a question by the Ask cog (a reply mentions the bot, which would otherwise
make it one).
"""

from __future__ import annotations

import asyncio
from typing import Any

from tests.discord_app.conftest import BotEnv
from tests.discord_app.helpers import message_text
from tests.discord_app.test_discord_quiz import (
    ERRORS,
    FEEDBACK,
    disabled,
    open_question,
    right_letter,
    shown,
    start_quiz,
    use_quizzes,
)


async def reply(env: BotEnv, question_msg: dict[str, Any], text: str,
                user: Any = None) -> dict[str, Any]:
    """``user`` (alice by default) replies to a quiz question message."""
    return await env.fake.send_message(env.a.channel.id, user or env.a.alice, text,
                                       reference=question_msg)


async def verdict_of(env: BotEnv, question_msg: dict[str, Any]) -> dict[str, Any]:
    """The question message once the bot has edited it with its verdict."""
    fake, mid = env.fake, int(question_msg["id"])
    return await env.fake.wait_for(lambda: disabled(fake.messages[mid]) and fake.messages[mid],
                                   10, "the question to close")


async def shown_later(env: BotEnv, needle: str) -> dict[str, Any]:
    """The first message whose text contains ``needle`` (waited for)."""
    fake = env.fake
    return await fake.wait_for(lambda: next((m for m in fake.messages.values()
                                             if needle in message_text(m)), None),
                               10, repr(needle))


async def refusal_reply(env: BotEnv, to: dict[str, Any]) -> str:
    """The bot's short reply to a refused answer: it pings nobody."""
    msg = await env.fake.next_channel_message(env.a.channel.id)
    assert msg["message_reference"]["message_id"] == to["id"]
    assert msg["allowed_mentions"]["parse"] == [] and msg["mentions"] == []
    assert not msg["allowed_mentions"].get("replied_user")
    return str(msg["content"])


def replies_to(env: BotEnv, msg: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in env.fake.messages.values()
            if (m.get("message_reference") or {}).get("message_id") == msg["id"]]


async def test_replies_answer_typed_questions_and_are_not_asked(env: BotEnv) -> None:
    use_quizzes(env)
    first = await start_quiz(env, kind="fill_blank", questions=2)
    q1 = open_question(env)
    assert "reply to this message" in message_text(first)

    right = await reply(env, first, q1.answer.upper())
    text = message_text(await verdict_of(env, first))
    assert FEEDBACK["right"] in text and shown(q1.answer.upper()) in text
    assert shown(q1.quote) in text and shown(q1.title) in text
    assert f"paragraph {q1.paragraph}" in text and "Score so far: 1 of 1." in text
    second = await shown_later(env, "Question 2 of 2")
    q2 = open_question(env)
    assert q2.id != q1.id and not disabled(second)

    wrong = await reply(env, second, f"<@{env.fake.bot_id}> no idea at all")
    text = message_text(await verdict_of(env, second))
    assert FEEDBACK["wrong"].format(answer=shown(q2.answer)) in text
    assert shown(q2.quote) in text and "Score so far: 1 of 2." in text
    summary = await shown_later(env, "Quiz over")
    assert FEEDBACK["finished"].format(correct=1, total=2, asked=2) in message_text(summary)
    score = env.bot.deps.quizzes.score(env.a.library_name, env.a.alice.id)
    assert (score.answered, score.correct) == (2, 1)

    # neither reply was answered as a question (no /ask answer, nothing in the channel)
    await asyncio.sleep(0.2)
    assert replies_to(env, right) == [] and replies_to(env, wrong) == []
    assert env.fake.channel_messages(env.a.channel.id) == []


async def test_a_letter_reply_answers_multiple_choice(env: BotEnv) -> None:
    """Option letters go through the same grader; a question message the cog no longer
    remembers (as after a restart) is recognised by the quiz buttons on it."""
    use_quizzes(env)
    first = await start_quiz(env, kind="multiple_choice", questions=1)
    q1 = open_question(env)
    env.bot.get_cog("Quiz").messages.clear()  # type: ignore[union-attr]  # forgotten:
    await reply(env, first, right_letter(q1).upper())  # found by its buttons instead
    assert FEEDBACK["right"] in message_text(await verdict_of(env, first))
    await shown_later(env, "Quiz over")


async def test_refused_replies_leave_the_question_open(env: BotEnv) -> None:
    use_quizzes(env)
    first = await start_quiz(env, kind="fill_blank", questions=1)
    q1 = open_question(env)

    stranger = await reply(env, first, q1.answer, env.a.mod)
    assert await refusal_reply(env, stranger) == ERRORS["not_your_quiz"]
    blank = await reply(env, first, "\u200b\u200c\u2060")
    assert await refusal_reply(env, blank) == ERRORS["empty_answer"]
    huge = await reply(env, first, "x" * 501)
    assert await refusal_reply(env, huge) == \
        ERRORS["answer_too_long"].format(limit=500)

    assert open_question(env).id == q1.id  # still open, nothing graded
    assert not disabled(env.fake.messages[int(first["id"])])
    assert env.bot.deps.quizzes.score(env.a.library_name, env.a.alice.id).answered == 0
    mod_score = env.bot.deps.quizzes.score(env.a.library_name, env.a.mod.id)
    assert mod_score.answered == 0

    # now she answers; a second reply to the same question is refused
    await reply(env, first, q1.answer)
    assert FEEDBACK["right"] in message_text(await verdict_of(env, first))
    await shown_later(env, "Quiz over")
    again = await reply(env, first, q1.answer)
    assert await refusal_reply(env, again) == ERRORS["already_answered"]


async def test_a_reply_to_an_old_question_is_closed(env: BotEnv) -> None:
    use_quizzes(env)
    first = await start_quiz(env, kind="fill_blank", questions=2)
    stop = await env.slash("quiz", subcommand="stop")
    await shown_later(env, "Quiz stopped")
    assert (await stop.wait_response())["type"] == 5
    late = await reply(env, first, "anything")
    assert await refusal_reply(env, late) == ERRORS["question_closed"]

    # during a new quiz, the old question is closed too, and the new one is untouched
    await start_quiz(env, kind="fill_blank", questions=1)
    q_new = open_question(env)
    late = await reply(env, first, "anything")
    assert await refusal_reply(env, late) == ERRORS["question_closed"]
    assert open_question(env).id == q_new.id
