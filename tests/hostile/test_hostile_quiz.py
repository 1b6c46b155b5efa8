"""Hostile quiz answers, through Quizzes / QuizSession and `footnote quiz`: each is refused
with a specific sentence, and a refused answer changes nothing (the question stays open,
nothing is graded or stored)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from bot.quiz.errors import (
    AlreadyAnsweredError,
    NoQuizError,
    NotYourQuizError,
    QuestionClosedError,
    QuizFinishedError,
    UnusableAnswerError,
)
from bot.quiz.game import OutcomeStatus, QuizSession
from bot.quiz.service import Quizzes
from bot.service import Footnote
from tests.hostile.support import cli, fingerprint, refused, words_in

ALICE, BOB = 1001, 2002


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def quizzes(app: Footnote, stocked: Path, clock: Clock) -> Quizzes:
    return Quizzes(app, clock=clock, time_limit=60.0)


@pytest.fixture
def session(quizzes: Quizzes) -> QuizSession:
    session = quizzes.start("default", ALICE, n=3)
    assert len(session.questions) == 3
    return session


@pytest.mark.parametrize(("given", "words"), [
    ("", ("no answer was given", "skip")),
    ("   \n\t ", ("no answer was given",)),
    ("Bailey " * 150_000, ("over 500 characters", "still open")),  # about 1 MB
], ids=["empty", "whitespace", "1 MB"])
def test_unusable_answer_is_refused_and_the_question_stays_open(
    given: str, words: tuple[str, ...], quizzes: Quizzes, session: QuizSession, stocked: Path,
) -> None:
    question = session.current()
    assert question is not None
    before = fingerprint(stocked)
    with pytest.raises(UnusableAnswerError) as info:
        quizzes.answer("default", ALICE, question.id, given)
    words_in(str(info.value), *words)
    assert session.current() == question and session.outcomes == ()
    assert fingerprint(stocked) == before  # no quiz_answers row, no 1 MB string stored
    assert quizzes.score("default", ALICE).answered == 0
    # the question can still be answered properly
    result = quizzes.answer("default", ALICE, question.id, question.answer)
    assert result.correct and result.answered == 1


def test_answering_a_question_that_is_not_current(
    quizzes: Quizzes, session: QuizSession, stocked: Path,
) -> None:
    first, later = session.questions[0], session.questions[2]
    before = fingerprint(stocked)
    for wrong_id in (later.id, "no-such-question", ""):
        with pytest.raises(QuestionClosedError) as info:
            quizzes.answer("default", ALICE, wrong_id, later.answer)
        words_in(str(info.value), "question is closed")
    assert session.current() == first and fingerprint(stocked) == before
    quizzes.answer("default", ALICE, first.id, first.answer)
    with pytest.raises(AlreadyAnsweredError, match="already answered"):
        quizzes.answer("default", ALICE, first.id, first.answer)  # a double click


def test_someone_elses_quiz(quizzes: Quizzes, session: QuizSession, stocked: Path) -> None:
    question = session.current()
    assert question is not None
    before = fingerprint(stocked)
    with pytest.raises(NotYourQuizError) as info:
        session.answer(BOB, question.id, question.answer, lambda *_: None)  # type: ignore[arg-type]
    words_in(str(info.value), "belongs to someone else")
    for act in (lambda: session.skip(BOB), lambda: session.stop(BOB)):
        with pytest.raises(NotYourQuizError, match="belongs to someone else"):
            act()
    # through the service Bob can only reach his own quiz, and he has none
    with pytest.raises(NoQuizError) as info:
        quizzes.answer("default", BOB, question.id, question.answer)
    words_in(str(info.value), "no quiz running")
    assert session.current() == question and session.outcomes == ()
    assert fingerprint(stocked) == before


def test_answer_after_stop(quizzes: Quizzes, session: QuizSession) -> None:
    question = session.current()
    assert question is not None
    summary = quizzes.stop("default", ALICE)
    assert summary.message == "Quiz stopped: 0 out of 0 right."
    with pytest.raises(QuestionClosedError) as info:
        session.answer(ALICE, question.id, question.answer, lambda *_: None)  # type: ignore[arg-type]
    words_in(str(info.value), "quiz was stopped")
    with pytest.raises(NoQuizError, match="no quiz running"):
        quizzes.answer("default", ALICE, question.id, question.answer)
    with pytest.raises(QuizFinishedError, match="stopped"):
        session.skip(ALICE)


def test_answer_after_timeout(quizzes: Quizzes, session: QuizSession, clock: Clock) -> None:
    question = session.current()
    assert question is not None
    clock.now += 61
    with pytest.raises(QuestionClosedError) as info:
        quizzes.answer("default", ALICE, question.id, question.answer)
    words_in(str(info.value), "time is up")
    assert session.outcomes[0].status is OutcomeStatus.TIMED_OUT
    assert session.current() == session.questions[1]  # the next one opened meanwhile
    # a late answer to the question that timed out stays refused
    with pytest.raises(QuestionClosedError, match="Time is up"):
        quizzes.answer("default", ALICE, question.id, question.answer)
    # the next question has its own full minute from when it opened
    clock.now += 59
    second = session.questions[1]
    assert quizzes.answer("default", ALICE, second.id, second.answer).correct
    score = quizzes.score("default", ALICE)
    assert (score.answered, score.correct) == (2, 1)


# --- `footnote quiz` -------------------------------------------------------------------

def _type(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_terminal_quiz_refuses_a_1mb_answer_and_asks_again(
    stocked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    _type(monkeypatch, b"x" * 1_000_000 + b"\n" + b"caf\xe9\n" + b"stop\n")
    code, out, err = cli(capsys, "quiz", "-n", "2")
    assert (code, err) == (0, "")
    assert "That answer is over 500 characters, too long to grade; the question is still open." \
        in out
    assert out.count("Not quite") == 1  # "caf\xe9" was graded (as "caf\ufffd"): wrong
    assert out.rstrip().endswith("Quiz stopped: 0 out of 1 right.")


@pytest.mark.parametrize("argv", [
    ["quiz", "-n", "0"], ["quiz", "-n", "-3"], ["quiz", "--export", "-n", "-1"],
    ["quiz", "-n", "lots"], ["quiz", "-n", "99999999999999999999"],
])
def test_quiz_counts_that_make_no_sense_are_usage_errors(
    argv: list[str], stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        cli(capsys, *argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "not a whole number from 1 to 1,000,000" in err and "Traceback" not in err


def test_quiz_on_unknown_or_huge_article_ids(
    stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    before = fingerprint(stocked)
    for article in ("99", "-1", "99999999999999999999"):
        words_in(refused(capsys, "quiz", "--article", article, "--export"),
                 f"no article {article}")
    words_in(refused(capsys, "quiz", "--library", "empty-one", "--export"),
             "no quiz questions")
    assert fingerprint(stocked) == before
