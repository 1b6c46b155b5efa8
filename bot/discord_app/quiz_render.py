"""What the Discord quiz looks like, and the snapshot of a session each message is built from.

:class:`QuizStep` is taken in an engine worker thread right after a question closes
(answered, timed out) or the quiz starts: what closed and how, the score so far, and
the next question with the seconds left for it; :func:`why_closed` picks the sentence
for a click on a quiz that has ended. Everything else here is pure: embeds
for a question, a closed question, the end of a quiz, ``/quiz score`` and
``/quiz leaderboard``. Text from articles and people goes through
:func:`~bot.discord_app.render.fit` (mentions neutralised, markdown escaped, cut to
Discord's limits); every send also passes ``allowed_mentions=NO_PINGS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.discord_app.render import ACCENT
from bot.discord_app.text import FIELD_VALUE_LIMIT, fit
from bot.quiz.errors import AlreadyAnsweredError, QuestionClosedError, QuizError
from bot.quiz.game import (
    AnswerResult,
    Outcome,
    OutcomeStatus,
    QuizSession,
    QuizState,
    QuizSummary,
)
from bot.quiz.game import citation_line as _citation_line
from bot.quiz.item import (
    FILL_BLANK,
    MULTIPLE_CHOICE,
    SHORT_ANSWER,
    TRUE_FALSE,
    QuizQuestion,
)
from bot.quiz.store import UserScore
from bot.quiz.wording import default_wording

LETTERS = "ABCD"
KIND_NAMES = {
    MULTIPLE_CHOICE: "Multiple choice", FILL_BLANK: "Fill in the blank",
    TRUE_FALSE: "True or false", SHORT_ANSWER: "Short answer",
}
RIGHT_COLOUR = discord.Colour(0x2E8B57)
WRONG_COLOUR = discord.Colour(0xC0392B)
CLOSED_COLOUR = discord.Colour(0x7F8C8D)
STATUS_MARKS = {
    OutcomeStatus.RIGHT: "✅", OutcomeStatus.WRONG: "❌",
    OutcomeStatus.TIMED_OUT: "⏱️", OutcomeStatus.SKIPPED: "⏭️",
}
STOPPED_FOOTER = "Quiz stopped."
ABANDONED = "No answer came for {n} questions in a row, so I stopped the quiz."
NO_RECORD = ("You haven't answered any quiz questions in this server yet. "
             "Start a quiz with /quiz start.")
EMPTY_BOARD = "Nobody has answered a quiz question in this server yet. Be the first: /quiz start."


# -- the snapshot taken in the worker thread -------------------------------------------
@dataclass(frozen=True)
class Closed:
    """A question that just closed: how, what was given, the verdict and its source."""

    question: QuizQuestion
    status: OutcomeStatus
    given: str | None
    feedback: str
    source: str


@dataclass(frozen=True)
class QuizStep:
    """Where a quiz stands after a move: for the message that closes one question and the
    one that asks the next (or sums up)."""

    closed: Closed | None
    score: int
    answered: int
    total: int
    next_question: QuizQuestion | None
    remaining: float | None
    """Seconds left for ``next_question`` (its time-out is scheduled from this)."""
    summary: QuizSummary | None
    """Set when the quiz is over."""


def closed_from_result(result: AnswerResult, session: QuizSession) -> Closed:
    """The closed question of an answer (feedback and source line from the engine)."""
    question = next(q for q in session.questions if q.id == result.question_id)
    status = OutcomeStatus.RIGHT if result.correct else OutcomeStatus.WRONG
    return Closed(question, status, result.given, result.feedback, result.source)


def closed_from_outcome(outcome: Outcome) -> Closed:
    """The closed question of a time-out or skip (wording from ``prompts/quiz.toml``)."""
    w = default_wording()
    key = "timed_out" if outcome.status is OutcomeStatus.TIMED_OUT else "skipped"
    feedback = w.feedback[key].format(answer=outcome.question.answer)
    return Closed(outcome.question, outcome.status, outcome.given, feedback,
                  _citation_line(outcome.question, w))


def step_after(session: QuizSession, closed: Closed | None) -> QuizStep:
    """Snapshot ``session`` (blocking: call it in a worker thread)."""
    question = session.current()
    remaining = session.remaining() if question is not None else None
    summary = session.summary() if question is None else None
    return QuizStep(closed, session.score, len(session.outcomes), len(session.questions),
                    question, remaining, summary)


def timed_out_step(session: QuizSession, question_id: str) -> tuple[QuizStep | None, float | None]:
    """For the time-out watcher (blocking): ``(step, None)`` once ``question_id`` timed
    out, ``(None, seconds left)`` while it is open, ``(None, None)`` if it closed otherwise."""
    session.current()  # applies a time-out that is due
    for outcome in session.outcomes:
        if outcome.question.id == question_id:
            if outcome.status is OutcomeStatus.TIMED_OUT:
                return step_after(session, closed_from_outcome(outcome)), None
            return None, None
    current = session.current()
    if current is None or current.id != question_id:
        return None, None
    return None, session.remaining()


def why_closed(session: QuizSession | None, question_id: str) -> QuizError:
    """Why a question of a quiz that is no longer running cannot be answered: answered
    already (a late double click), timed out, or just closed (stopped, or from before a
    restart, when ``session`` is None)."""
    errors = default_wording().errors
    for outcome in session.outcomes if session is not None else ():
        if outcome.question.id == question_id:
            if outcome.status in (OutcomeStatus.RIGHT, OutcomeStatus.WRONG):
                return AlreadyAnsweredError(errors["already_answered"])
            if outcome.status is OutcomeStatus.TIMED_OUT:
                return QuestionClosedError(errors["time_up"])
    return QuestionClosedError(errors["question_closed"])


# -- pieces ----------------------------------------------------------------------------
def option_label(question: QuizQuestion, index: int, limit: int = 80) -> str:
    """A button label: "A) Bailey" (plain text, cut to Discord's 80 characters)."""
    text = fit(question.options[index], limit - 3, markdown=False) or "…"
    return f"{LETTERS[index]}) {text}"


def correct_index(question: QuizQuestion) -> int | None:
    """Which option is the answer (multiple choice and true/false), or None."""
    try:
        return question.options.index(question.answer)
    except ValueError:
        return None


def given_text(question: QuizQuestion, given: str | None) -> str:
    """What the student answered, as shown: "B) Attlee" for a lettered option."""
    if not given:
        return "—"
    letter = given.strip().upper()
    if question.kind == MULTIPLE_CHOICE and len(letter) == 1 and letter in LETTERS:
        index = LETTERS.index(letter)
        if index < len(question.options):
            return f"{letter}) {fit(question.options[index], 300)}"
    return fit(given, 300) or "—"


def _title(number: int, total: int, question: QuizQuestion) -> str:
    kind = KIND_NAMES.get(question.kind, "Question")
    return f"Question {number} of {total} · {kind}"


def _body(question: QuizQuestion) -> str:
    article = default_wording().question["article"].format(title=fit(question.title, 200))
    lines = [article, "", fit(question.question, 1500)]
    if question.kind == MULTIPLE_CHOICE:
        lines.append("")
        lines += [f"**{LETTERS[i]}**  {fit(option, 300)}"
                  for i, option in enumerate(question.options[: len(LETTERS)])]
    return "\n".join(lines)


def _embed(question: QuizQuestion, number: int, total: int, owner: str,
           colour: discord.Colour) -> discord.Embed:
    embed = discord.Embed(title=_title(number, total, question), description=_body(question),
                          colour=colour)
    embed.set_author(name=f"Quiz for {fit(owner, 200, markdown=False) or 'you'}")
    return embed


# -- messages --------------------------------------------------------------------------
def question_embed(question: QuizQuestion, number: int, total: int, *, owner: str,
                   closes_at: float | None) -> discord.Embed:
    """An open question: its text (and options), when it closes, and how to answer."""
    embed = _embed(question, number, total, owner, ACCENT)
    if closes_at is not None:
        embed.add_field(name="Time", value=f"Closes <t:{int(closes_at)}:R>", inline=True)
    if question.kind in (MULTIPLE_CHOICE, TRUE_FALSE):
        how = "Pick an answer with the buttons below."
    else:
        how = "Press Answer, or reply to this message, to type your answer."
    embed.set_footer(text=f"{how} Only the person quizzed can answer.")
    return embed


def result_embed(closed: Closed, number: int, total: int, *, owner: str, score: int,
                 answered: int) -> discord.Embed:
    """A closed question: the answer given, right or wrong, the key and its quoted source."""
    colour = {OutcomeStatus.RIGHT: RIGHT_COLOUR, OutcomeStatus.WRONG: WRONG_COLOUR}.get(
        closed.status, CLOSED_COLOUR)
    embed = _embed(closed.question, number, total, owner, colour)
    if closed.status in (OutcomeStatus.RIGHT, OutcomeStatus.WRONG):
        embed.add_field(name="Your answer", value=given_text(closed.question, closed.given),
                        inline=False)
    mark = STATUS_MARKS.get(closed.status, "")
    embed.add_field(name="Result", value=f"{mark} {fit(closed.feedback, 900)}".strip(),
                    inline=False)
    embed.add_field(name="Source", value=fit(closed.source, FIELD_VALUE_LIMIT) or "—",
                    inline=False)
    embed.set_footer(text=f"Score so far: {score} of {answered}.")
    return embed


def stopped_embed(question: QuizQuestion, number: int, total: int, *,
                  owner: str) -> discord.Embed:
    """The open question of a quiz that was stopped (no answer shown: it is not counted)."""
    embed = _embed(question, number, total, owner, CLOSED_COLOUR)
    embed.set_footer(text=STOPPED_FOOTER)
    return embed


def summary_embed(summary: QuizSummary, record: UserScore | None, *, owner: str,
                  note: str | None = None) -> discord.Embed:
    """The end of a quiz: the engine's closing line, each question's fate, the all-time record."""
    lines = [fit(summary.message, 300)]
    if note:
        lines.append(fit(note, 300))
    if summary.outcomes:
        lines.append("")
    for i, outcome in enumerate(summary.outcomes, 1):
        mark = STATUS_MARKS.get(outcome.status, "•")
        answer = fit(outcome.question.answer, 120) or "—"
        lines.append(f"{mark} **{i}.** {answer}")
    if any(not o.correct for o in summary.outcomes):
        lines += ["", "Questions you missed will come back in a later quiz."]
    stopped = summary.state is QuizState.STOPPED
    embed = discord.Embed(title="Quiz stopped" if stopped else "Quiz over",
                          description="\n".join(lines)[:4000], colour=ACCENT)
    embed.set_author(name=f"Quiz for {fit(owner, 200, markdown=False) or 'you'}")
    if record is not None and record.answered:
        embed.set_footer(text="All time in this server: " + record_text(record))
    return embed


def record_text(score: UserScore) -> str:
    """"7 of 10 right (70%) in 3 quizzes"."""
    quizzes = "quiz" if score.quizzes == 1 else "quizzes"
    return (f"{score.correct} of {score.answered} right ({score.accuracy:.0%}) "
            f"in {score.quizzes} {quizzes}")


def score_text(score: UserScore) -> str:
    """``/quiz score``: answered, right, quizzes and accuracy in this server."""
    if not score.answered:
        return NO_RECORD
    quizzes = "quiz" if score.quizzes == 1 else "quizzes"
    return ("Your quiz record in this server: "
            f"{score.answered} answered, {score.correct} right, {score.quizzes} {quizzes}, "
            f"accuracy {score.accuracy:.0%}.")


def leaderboard_embed(rows: Sequence[UserScore]) -> discord.Embed:
    """``/quiz leaderboard``: people by mention (embeds never ping; sent with NO_PINGS too)."""
    medals = {1: "🥇", 2: "🥈", 3: "🥉"}
    lines = [
        f"{medals.get(rank, f'**{rank}.**')} <@{int(row.user_id)}> — {record_text(row)}"
        for rank, row in enumerate(rows, 1)
    ]
    return discord.Embed(title="Quiz leaderboard for this server",
                         description="\n".join(lines) or EMPTY_BOARD, colour=ACCENT)
