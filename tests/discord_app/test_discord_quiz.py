"""``/quiz`` end to end: the real discord.py client against the loopback fake Discord.

Questions come from the seeded article of each server (the fast fake encoder grades
typed answers). What a test needs to know about the open question (its answer, its
options) it reads from the engine's own session, so no test depends on which of the
bank's questions was drawn. Time-outs use a service with a tiny time limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from typing import Any

from bot.discord_app.client import FootnoteBot
from bot.discord_app.quiz_render import ABANDONED, LETTERS
from bot.discord_app.text import escape_markdown, neutralise_mentions
from bot.quiz.item import QuizQuestion
from bot.quiz.service import Quizzes
from bot.quiz.wording import default_wording
from tests.discord_app.conftest import BotEnv, Server, StartBot
from tests.discord_app.helpers import (
    custom_ids,
    deferred_then_followup,
    is_ephemeral,
    message_text,
    reply_text,
)
from tests.fakediscord import FakeInteraction

WORDING = default_wording()
ERRORS, FEEDBACK = WORDING.errors, WORDING.feedback
SLOW = 30  # seconds: the first quiz of a run loads spaCy to build the question bank


# -- helpers -------------------------------------------------------------------------------
def shown(text: str) -> str:
    """How article text appears in a quiz message (markdown escaped, mentions inert)."""
    return neutralise_mentions(escape_markdown(text))


def use_quizzes(env: BotEnv, **kwargs: Any) -> Quizzes:
    """Give the bot a quiz service of our own (seeded question draw, chosen time limit)."""
    quizzes = Quizzes(env.app, rng=random.Random(7), **kwargs)
    env.bot.deps.quizzes = quizzes
    return quizzes


async def start_quiz(env: BotEnv, user: Any = None, *, server: Server | None = None,
                     **options: Any) -> dict[str, Any]:
    """Run ``/quiz start``; return the first question's message."""
    ix = await env.slash("quiz", user, server=server, subcommand="start", options=options)
    return await deferred_then_followup(ix, SLOW)


def open_question(env: BotEnv, user: Any = None, server: Server | None = None) -> QuizQuestion:
    """The question the engine has open for ``user`` (alice of server A by default)."""
    server = server or env.a
    session = env.bot.deps.quizzes.session(server.library_name, (user or server.alice).id)
    question = session.current()
    assert question is not None
    return question


def button_id(msg: dict[str, Any], suffix: str) -> str:
    [found] = [c for c in custom_ids(msg) if c.endswith(":" + suffix)]
    return found


def right_letter(question: QuizQuestion) -> str:
    return LETTERS[question.options.index(question.answer)].lower()


def wrong_letter(question: QuizQuestion) -> str:
    return LETTERS[next(i for i, o in enumerate(question.options) if o != question.answer)].lower()


async def click(env: BotEnv, msg: dict[str, Any], suffix: str, user: Any) -> FakeInteraction:
    return await env.fake.click_button(msg, button_id(msg, suffix), user)


async def answered(ix: FakeInteraction) -> tuple[dict[str, Any], dict[str, Any]]:
    """After a good answer: (the question message, edited with the verdict; the next
    message: a question or the summary)."""
    response = await ix.wait_response()
    assert response["type"] == 6, response  # the click is acknowledged without a message
    verdict, following = await ix.wait_followups(2)
    assert (verdict["action"], following["action"]) == ("edit_original", "followup")
    for msg in (verdict, following):
        assert msg["allowed_mentions"]["parse"] == [] and msg["mentions"] == []
    return verdict, following


async def refusal(ix: FakeInteraction) -> str:
    """The ephemeral sentence a refused click gets."""
    response = await ix.wait_response()
    if response["type"] == 4:
        assert is_ephemeral(response["data"])
        return response["data"]["content"]
    [followup] = await ix.wait_followups(1)
    assert is_ephemeral(followup)
    return followup["content"]


def disabled(msg: dict[str, Any]) -> bool:
    buttons = [c for row in msg["components"] for c in row["components"]]
    return bool(buttons) and all(c.get("disabled") for c in buttons)


# -- tests ---------------------------------------------------------------------------------
async def test_answering_by_button_right_then_wrong(env: BotEnv) -> None:
    use_quizzes(env)
    first = await start_quiz(env, kind="multiple_choice", questions=2)
    q1 = open_question(env)
    text = message_text(first)
    assert "Question 1 of 2 · Multiple choice" in text
    assert first["embeds"][0]["author"]["name"] == "Quiz for alice"
    assert all(shown(option) in text for option in q1.options)
    assert len(custom_ids(first)) == len(q1.options) and not disabled(first)

    verdict, second = await answered(await click(env, first, right_letter(q1), env.a.alice))
    text = message_text(verdict)
    assert FEEDBACK["right"] in text and shown(q1.answer) in text
    assert shown(q1.quote) in text and shown(q1.title) in text
    assert f"paragraph {q1.paragraph}" in text and "Score so far: 1 of 1." in text
    assert disabled(verdict) and verdict["id"] == first["id"]

    q2 = open_question(env)
    assert "Question 2 of 2" in message_text(second) and q2.id != q1.id
    verdict, summary = await answered(await click(env, second, wrong_letter(q2), env.a.alice))
    text = message_text(verdict)
    assert FEEDBACK["wrong"].format(answer=shown(q2.answer)) in text
    assert shown(q2.quote) in text and "Score so far: 1 of 2." in text
    assert FEEDBACK["finished"].format(correct=1, total=2, asked=2) in message_text(summary)
    assert "come back in a later quiz" in message_text(summary)

    # the missed question comes back in the next quiz (spaced review)
    again = await start_quiz(env, kind="multiple_choice", questions=1)
    assert open_question(env).id == q2.id
    assert "Question 1 of 1" in message_text(again)


async def test_typed_answer_through_the_answer_box(env: BotEnv) -> None:
    use_quizzes(env)
    first = await start_quiz(env, kind="fill_blank", questions=2)
    q1 = open_question(env)
    assert "Fill in the blank" in message_text(first) and "Press Answer" in message_text(first)
    assert f"From “{q1.title}”" in message_text(first)  # whose "he" it is
    opener = await click(env, first, "type", env.a.alice)
    response = await opener.wait_response()
    assert response["type"] == 9, response  # the answer box
    modal = response["data"]
    [[box]] = [row["components"] for row in modal["components"]]
    assert box["custom_id"] == "answer" and box["max_length"] == 500
    submit = await env.fake.submit_modal(env.a.guild.id, env.a.channel.id, env.a.alice,
                                         modal["custom_id"], {"answer": q1.answer.upper()},
                                         message=first)
    verdict, second = await answered(submit)
    text = message_text(verdict)
    assert FEEDBACK["right"] in text and shown(q1.quote) in text
    assert shown(q1.answer.upper()) in text  # what she typed, under "Your answer"
    assert verdict["id"] == first["id"] and disabled(verdict)

    q2 = open_question(env)
    opener = await click(env, second, "type", env.a.alice)
    modal = (await opener.wait_response())["data"]
    submit = await env.fake.submit_modal(env.a.guild.id, env.a.channel.id, env.a.alice,
                                         modal["custom_id"], {"answer": "@everyone <@&1> no idea"},
                                         message=second)
    verdict, summary = await answered(submit)
    text = message_text(verdict)
    assert FEEDBACK["wrong"].format(answer=shown(q2.answer)) in text
    assert "@everyone" not in text and "<@&1>" not in text  # the typed text is shown inert
    assert FEEDBACK["finished"].format(correct=1, total=2, asked=2) in message_text(summary)


async def test_strangers_double_clicks_and_old_questions_are_refused(env: BotEnv) -> None:
    use_quizzes(env)
    first = await start_quiz(env, kind="multiple_choice", questions=2)
    q1 = open_question(env)
    for suffix in (right_letter(q1), wrong_letter(q1)):
        assert await refusal(await click(env, first, suffix, env.a.mod)) == ERRORS["not_your_quiz"]
    assert open_question(env).id == q1.id  # nothing happened to alice's quiz

    _, second = await answered(await click(env, first, right_letter(q1), env.a.alice))
    again = await click(env, first, wrong_letter(q1), env.a.alice)  # a late second click
    assert await refusal(again) == ERRORS["already_answered"]
    assert env.bot.deps.quizzes.score(env.a.library_name, env.a.alice.id).answered == 1

    q2 = open_question(env)
    _, summary = await answered(await click(env, second, right_letter(q2), env.a.alice))
    assert "Quiz over: 2 out of 2 right." in message_text(summary)
    # the quiz is over: a double click on its last question, and a stranger, are refused
    assert await refusal(await click(env, second, right_letter(q2), env.a.alice)) == \
        ERRORS["already_answered"]
    assert await refusal(await click(env, second, wrong_letter(q2), env.a.curator)) == \
        ERRORS["not_your_quiz"]

    # an old question of an earlier quiz, clicked during a new one, is closed
    typed = await start_quiz(env, kind="fill_blank", questions=1)
    assert await refusal(await click(env, first, wrong_letter(q1), env.a.alice)) == \
        ERRORS["question_closed"]
    assert await refusal(await click(env, typed, "type", env.a.mod)) == ERRORS["not_your_quiz"]


async def test_a_question_times_out_and_an_abandoned_quiz_stops(env: BotEnv) -> None:
    use_quizzes(env, time_limit=0.4)
    first = await start_quiz(env, kind="true_false", questions=3)  # the seed has 3 of them
    cog: Any = env.bot.get_cog("Quiz")  # the first question asked (on a slow machine it
    q1 = cog.last.get((env.a.guild.id, env.a.alice.id)).questions[0]  # may be closed already)
    fake = env.fake
    closed = await fake.wait_for(
        lambda: disabled(fake.messages[int(first["id"])]) and fake.messages[int(first["id"])],
        10, "the first question to time out")
    text = message_text(closed)
    assert FEEDBACK["timed_out"].format(answer=shown(q1.answer)) in text
    assert shown(q1.quote) in text
    # a click after the time-out is refused; the quiz went on to question 2
    late = await click(env, first, q1.answer.lower(), env.a.alice)
    assert await refusal(late) == ERRORS["time_up"]
    # nobody answers question 2 either: the quiz stops itself and says why
    stopped = await fake.wait_for(
        lambda: next((m for m in fake.messages.values()
                      if "Quiz stopped" in message_text(m)), None), 10, "the quiz to stop")
    assert ABANDONED.format(n=2) in message_text(stopped)
    assert FEEDBACK["stopped"].format(correct=0, total=3, asked=2) in message_text(stopped)
    assert env.bot.deps.quizzes.manager.active(env.a.library_name, env.a.alice.id) is None
    score = env.bot.deps.quizzes.score(env.a.library_name, env.a.alice.id)
    assert (score.answered, score.correct) == (2, 0)  # time-outs count as missed
    questions = [m for m in fake.messages.values() if "Question 2 of 3" in message_text(m)]
    assert len(questions) == 1 and disabled(questions[0])


async def test_an_abandoned_quiz_stops_even_when_closing_the_question_is_slow(
    env: BotEnv, monkeypatch: Any
) -> None:
    """The second time-out in a row stops the quiz before the closed question is edited: the
    engine starts the third question's clock at that time-out, and an edit slower than the
    time limit let it time out unseen, so the quiz ended "over" rather than "stopped"."""
    from bot.discord_app.cogs import quiz as quiz_cog

    edit = quiz_cog.edit

    async def slow_edit(*args: Any, **kwargs: Any) -> None:
        await asyncio.sleep(0.6)  # longer than a question's 0.4 s
        await edit(*args, **kwargs)

    monkeypatch.setattr(quiz_cog, "edit", slow_edit)
    use_quizzes(env, time_limit=0.4)
    await start_quiz(env, kind="true_false", questions=3)
    fake = env.fake
    stopped = await fake.wait_for(
        lambda: next((m for m in fake.messages.values()
                      if "Quiz stopped" in message_text(m)), None), 15, "the quiz to stop")
    assert ABANDONED.format(n=2) in message_text(stopped)
    assert FEEDBACK["stopped"].format(correct=0, total=3, asked=2) in message_text(stopped)


async def test_a_question_posted_slowly_gets_its_full_time(
    env: BotEnv, monkeypatch: Any
) -> None:
    """A question's time starts when it is shown, not when the question before closed:
    posting it slower than the time limit left it timed out before the student saw it."""
    from bot.discord_app.cogs import quiz as quiz_cog

    post = quiz_cog.post

    async def slow_post(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(1.2)  # longer than a question's 1 s
        return await post(*args, **kwargs)

    monkeypatch.setattr(quiz_cog, "post", slow_post)
    use_quizzes(env, time_limit=1.0)
    first = await start_quiz(env, kind="multiple_choice", questions=2)
    cog: Any = env.bot.get_cog("Quiz")  # the questions in order, read without touching the
    q1, q2 = cog.last.get((env.a.guild.id, env.a.alice.id)).questions  # session's clock

    async def answer_at_once(msg: dict[str, Any],
                             question: QuizQuestion) -> tuple[dict[str, Any], dict[str, Any]]:
        ix = await click(env, msg, right_letter(question), env.a.alice)
        [reaction] = await ix.wait_followups(1)
        assert not is_ephemeral(reaction), message_text(reaction)  # not "Time is up."
        return await answered(ix)

    verdict, second = await answer_at_once(first, q1)
    assert FEEDBACK["right"] in message_text(verdict)
    verdict, summary = await answer_at_once(second, q2)
    assert FEEDBACK["right"] in message_text(verdict)
    assert FEEDBACK["finished"].format(correct=2, total=2, asked=2) in message_text(summary)


async def test_stop_and_running_twice(env: BotEnv) -> None:
    use_quizzes(env)
    first = await start_quiz(env, kind="true_false", questions=3)
    assert [c.rsplit(":", 1)[1] for c in custom_ids(first)] == ["true", "false"]
    twice = await env.slash("quiz", subcommand="start")
    assert await reply_text(twice, SLOW) == ERRORS["quiz_running"]

    stop = await env.slash("quiz", subcommand="stop")
    summary = await deferred_then_followup(stop)
    assert FEEDBACK["stopped"].format(correct=0, total=3, asked=0) in message_text(summary)
    question = env.fake.messages[int(first["id"])]
    assert disabled(question) and "Quiz stopped." in message_text(question)
    assert await refusal(await click(env, first, "true", env.a.alice)) == \
        ERRORS["question_closed"]
    assert await reply_text(await env.slash("quiz", subcommand="stop")) == ERRORS["no_quiz"]


async def test_scores_and_leaderboards_are_per_server_and_survive_a_restart(
        start_bot: StartBot) -> None:
    env = await start_bot(servers=2)
    use_quizzes(env)
    a, b = env.a, env.b
    # server A: alice gets one right; server B: its alice gets one wrong
    msg = await start_quiz(env, kind="multiple_choice", questions=1, server=a)
    await answered(await click(env, msg, right_letter(open_question(env, server=a)), a.alice))
    msg = await start_quiz(env, kind="multiple_choice", questions=1, server=b)
    await answered(await click(env, msg, wrong_letter(open_question(env, server=b)), b.alice))

    score = await env.slash("quiz", subcommand="score", server=a)
    assert (await score.wait_response())["type"] == 5
    [mine] = await score.wait_followups(1)
    assert is_ephemeral(mine)
    assert mine["content"] == ("Your quiz record in this server: 1 answered, 1 right, 1 quiz, "
                               "accuracy 100%.")
    in_b = await reply_text(await env.slash("quiz", subcommand="score", server=b))
    assert "1 answered, 0 right, 1 quiz, accuracy 0%" in in_b
    nobody = await reply_text(await env.slash("quiz", a.mod, subcommand="score", server=a))
    assert nobody.startswith("You haven't answered any quiz questions in this server yet.")

    board = await deferred_then_followup(await env.slash("quiz", subcommand="leaderboard",
                                                         server=a))
    text = message_text(board)
    assert f"<@{a.alice.id}>" in text and f"<@{b.alice.id}>" not in text
    assert "1 of 1 right (100%) in 1 quiz" in text
    assert board["allowed_mentions"]["parse"] == [] and board["mentions"] == []
    board = await deferred_then_followup(await env.slash("quiz", subcommand="leaderboard",
                                                         server=b))
    assert f"<@{b.alice.id}>" in message_text(board)
    assert f"<@{a.alice.id}>" not in message_text(board)

    # an article id of server A is not found from server B
    extra = env.add_text("Otter census\n\nVolunteers counted 212 otters along the Tamar.",
                         title="Otter census", server=a)
    choices = await env.fake.autocomplete(b.guild.id, b.channel.id, b.alice, "quiz",
                                          subcommand="start", focused="article")
    assert all("Otter" not in c["name"] for c in choices)
    choices = await env.fake.autocomplete(a.guild.id, a.channel.id, a.alice, "quiz",
                                          subcommand="start", focused="article")
    assert any(c["name"].startswith("Otter census") for c in choices)
    wrong_server = await env.slash("quiz", server=b, subcommand="start",
                                   options={"article": str(extra)})
    assert await reply_text(wrong_server, SLOW) == (
        f"There is no article {extra} in this library. "
        "Pick one from the list that appears as you type.")

    # a new bot on the same data folder sees the same record
    await env.bot.close()
    bot = FootnoteBot(env.app, env.settings, guild_ready_timeout=0.05)
    await bot.login("fake-token")
    task = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        again = await reply_text(await env.slash("quiz", subcommand="score", server=a))
        assert again == mine["content"]
        # the old question's buttons answer politely (the session died with the old bot)
        assert await refusal(await click(env, msg, "a", b.alice)) == ERRORS["question_closed"]
        assert env.fake.unhandled_routes == [] and env.fake.server_errors == []
    finally:
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)
