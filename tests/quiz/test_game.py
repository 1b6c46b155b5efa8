"""The quiz state machine with a fake clock, the manager, and the wording file."""

from __future__ import annotations

import random

import pytest

from bot.errors import FootnoteError
from bot.quiz import (
    AlreadyAnsweredError,
    NoQuestionsError,
    NoQuizError,
    NotYourQuizError,
    OutcomeStatus,
    QuestionClosedError,
    QuizFinishedError,
    QuizManager,
    QuizQuestion,
    QuizRunningError,
    QuizSession,
    QuizState,
    UnusableAnswerError,
    default_wording,
    grade,
)
from bot.quiz.store import QuizStore

USER, OTHER = 1001, 2002


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def question(i: int, answer: str = "Simon Bailey", kind: str = "fill_blank") -> QuizQuestion:
    options = ("True", "False") if kind == "true_false" else ()
    quote = f"Sentence {i}: {answer} said something."
    return QuizQuestion(
        id=f"q{i}", kind=kind, question=f"Question {i}?", options=options, answer=answer,
        accepted=(), answer_type="PERSON", article_id=7, title="Police chief", paragraph=i,
        quote=quote, quote_start=100 * i, quote_end=100 * i + len(quote), fact=answer,
    )


def grader(given: str, q: QuizQuestion):
    return grade(given, q, encoder=None, vocabulary=frozenset())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock) -> QuizSession:
    return QuizSession(USER, [question(1), question(2), question(3)], clock, time_limit=60)


# -- answering ------------------------------------------------------------------------------

def test_right_and_wrong_answers(session):
    assert session.current().id == "q1"
    right = session.answer(USER, "q1", "Bailey", grader)
    assert right.correct and right.feedback == "Right!"
    assert right.score == 1 and right.answered == 1 and right.total == 3
    assert right.quote == "Sentence 1: Simon Bailey said something."
    assert (right.article_id, right.title, right.paragraph) == (7, "Police chief", 1)
    assert right.quote_start == 100 and "paragraph 1" in right.source
    assert right.next_question.id == "q2" and not right.finished
    wrong = session.answer(USER, "q2", "Theresa May", grader)
    assert not wrong.correct and wrong.expected == "Simon Bailey"
    assert wrong.feedback == "Not quite — the answer is Simon Bailey."
    assert wrong.score == 1 and wrong.answered == 2


def test_true_false_feedback(clock):
    s = QuizSession(USER, [question(1, "False", "true_false")], clock)
    result = s.answer(USER, "q1", "true", grader)
    assert not result.correct and result.feedback == "Not quite — that statement is false."


def test_someone_elses_click_is_refused_and_changes_nothing(session):
    with pytest.raises(NotYourQuizError) as err:
        session.answer(OTHER, "q1", "Bailey", grader)
    assert isinstance(err.value, FootnoteError) and str(err.value)
    with pytest.raises(NotYourQuizError):
        session.skip(OTHER)
    with pytest.raises(NotYourQuizError):
        session.stop(OTHER)
    assert session.current().id == "q1" and session.outcomes == ()


def test_double_answer(session):
    session.answer(USER, "q1", "Bailey", grader)
    with pytest.raises(AlreadyAnsweredError, match="already answered"):
        session.answer(USER, "q1", "Bailey", grader)
    assert session.score == 1 and len(session.outcomes) == 1


def test_answering_a_question_that_is_not_open(session):
    with pytest.raises(QuestionClosedError, match="closed"):
        session.answer(USER, "q2", "Bailey", grader)  # not reached yet
    with pytest.raises(QuestionClosedError):
        session.answer(USER, "nope", "Bailey", grader)
    session.skip()
    with pytest.raises(QuestionClosedError):
        session.answer(USER, "q1", "Bailey", grader)  # skipped


# -- time -----------------------------------------------------------------------------------

def _open_to_its_deadline_then_closed(session, clock) -> None:
    """The open question "q1" is open exactly at its deadline (60 s on) and refuses an
    answer half a second later, counted missed."""
    clock.advance(60)
    assert session.current().id == "q1"  # exactly at the deadline: still open
    clock.advance(0.5)
    with pytest.raises(QuestionClosedError, match=r"[Tt]ime is up"):
        session.answer(USER, "q1", "Bailey", grader)
    assert [o.status for o in session.outcomes] == [OutcomeStatus.TIMED_OUT]


def test_answering_late_is_refused_and_counted_missed(session, clock):
    _open_to_its_deadline_then_closed(session, clock)
    assert session.current().id == "q2"
    assert session.deadline() == clock() + 60  # the next question gets a full minute
    with pytest.raises(QuestionClosedError, match=r"[Tt]ime is up"):
        session.answer(USER, "q1", "Bailey", grader)  # still refused later


def test_timeout_noticed_by_current(session, clock):
    clock.advance(61)
    assert session.current().id == "q2"
    assert session.remaining() == 60
    clock.advance(30)
    assert session.remaining() == 30
    result = session.answer(USER, "q2", "Simon Bailey", grader)
    assert result.correct and result.score == 1 and result.answered == 2


def test_timeouts_finish_the_quiz(session, clock):
    for _ in range(3):
        clock.advance(61)
        session.current()
    assert session.state is QuizState.FINISHED
    assert session.current() is None and session.deadline() is None
    assert [o.status for o in session.outcomes] == [OutcomeStatus.TIMED_OUT] * 3
    assert session.summary().message == "Quiz over: 0 out of 3 right."


def test_a_question_shown_late_gets_its_full_time_from_when_it_is_shown(session, clock):
    clock.advance(90)  # the first question took longer to post than its time limit
    assert session.shown("q1") == 60  # not timed out unseen: the clock starts now
    assert session.current().id == "q1" and session.remaining() == 60
    _open_to_its_deadline_then_closed(session, clock)

    clock.advance(75)  # the next one, too, is posted slowly after that time-out
    assert session.shown("q2") == 60
    result = session.answer(USER, "q2", "Simon Bailey", grader)
    assert result.correct and result.next_question.id == "q3"


def test_shown_again_does_not_extend_the_time(session, clock):
    assert session.shown("q1") == 60
    clock.advance(40)
    assert session.shown("q1") == 20  # a repeated call gives no more time
    assert session.deadline() == clock() + 20
    clock.advance(21)
    assert session.shown("q1") is None  # it was shown and ran out: timed out
    assert [o.status for o in session.outcomes] == [OutcomeStatus.TIMED_OUT]
    assert session.current().id == "q2"


def test_a_question_not_yet_shown_cannot_time_out_once_the_adapter_reports_showing(
        session, clock):
    assert session.shown("q1") == 60
    session.answer(USER, "q1", "Bailey", grader)
    clock.advance(500)  # a post slower than the limit, and a leaderboard reading the session
    assert session.current().id == "q2" and session.remaining() == 60
    assert [o.status for o in session.take_outcomes()] == [OutcomeStatus.RIGHT]
    assert session.shown("q2") == 60
    clock.advance(60.5)  # shown, it runs out as any question does
    assert session.current().id == "q3"
    assert [o.status for o in session.outcomes][-1] is OutcomeStatus.TIMED_OUT


def test_a_first_question_waits_for_shown_when_the_adapter_says_it_reports_showing(clock):
    s = QuizSession(USER, [question(1), question(2)], clock, time_limit=60,
                    reports_shown=True)
    clock.advance(500)  # the first post slower than the limit, the session read meanwhile
    assert s.current().id == "q1" and s.remaining() == 60 and not s.take_outcomes()
    assert s.shown("q1") == 60
    clock.advance(60.5)  # shown, it runs out as any question does
    assert s.current().id == "q2" and s.remaining() == 60  # and the next waits too
    assert [o.status for o in s.take_outcomes()] == [OutcomeStatus.TIMED_OUT]


def test_shown_of_a_question_that_is_not_open(session, clock):
    assert session.shown("q2") is None  # not reached yet
    assert session.shown("nope") is None
    assert session.remaining() == 60  # and the open question's clock is untouched
    session.answer(USER, "q1", "Bailey", grader)
    assert session.shown("q1") is None  # answered meanwhile
    session.stop()
    assert session.shown("q2") is None  # the quiz was stopped
    assert [o.status for o in session.outcomes] == [OutcomeStatus.RIGHT]


# -- skip, stop, finish ---------------------------------------------------------------------

def test_skip(session):
    outcome = session.skip(USER)
    assert outcome.status is OutcomeStatus.SKIPPED and not outcome.correct
    assert session.current().id == "q2"


def test_stop(session):
    session.answer(USER, "q1", "Bailey", grader)
    summary = session.stop(USER)
    assert session.state is QuizState.STOPPED
    assert (summary.correct, summary.asked, summary.total) == (1, 1, 3)
    assert summary.message == "Quiz stopped: 1 out of 1 right."
    with pytest.raises(QuestionClosedError, match="stopped"):
        session.answer(USER, "q2", "Bailey", grader)
    with pytest.raises(QuizFinishedError):
        session.skip()
    with pytest.raises(QuizFinishedError):
        session.stop()
    with pytest.raises(AlreadyAnsweredError):
        session.answer(USER, "q1", "Bailey", grader)


def test_finish(session):
    session.answer(USER, "q1", "Bailey", grader)
    session.answer(USER, "q2", "nobody", grader)
    last = session.answer(USER, "q3", "Simon Bailey", grader)
    assert last.finished and last.next_question is None and last.score == 2
    assert session.state is QuizState.FINISHED and session.current() is None
    assert session.summary().message == "Quiz over: 2 out of 3 right."
    with pytest.raises(QuizFinishedError):
        session.answer(USER, "q4", "x", grader)
    with pytest.raises(AlreadyAnsweredError):
        session.answer(USER, "q3", "x", grader)
    with pytest.raises(QuizFinishedError):
        session.skip()


def test_every_closed_question_is_handed_out_once(clock):
    s = QuizSession(USER, [question(1), question(2), question(3)], clock)
    s.answer(USER, "q1", "Bailey", grader)
    assert [(o.question.id, o.status) for o in s.take_outcomes()] == [
        ("q1", OutcomeStatus.RIGHT)]
    assert s.take_outcomes() == []
    clock.advance(100)
    assert s.state is QuizState.ASKING  # reading the state notices the timeout, in memory
    s.skip()
    assert [(o.question.id, o.status) for o in s.take_outcomes()] == [
        ("q2", OutcomeStatus.TIMED_OUT), ("q3", OutcomeStatus.SKIPPED)]


def test_invisible_answers_are_refused_like_invisible_questions(session):
    from bot.errors import QuestionError
    from bot.service import clean_question

    for given in ("\u3164\u3164", "\u200b \u2060", "\u115f\u1160\ufeff"):
        with pytest.raises(QuestionError):
            clean_question(given, 500)
        with pytest.raises(UnusableAnswerError):
            session.answer(USER, "q1", given, grader)
    assert session.answer(USER, "q1", "\u200bBailey\u3164", grader).correct


def test_empty_and_duplicate_questions(clock):
    with pytest.raises(NoQuestionsError):
        QuizSession(USER, [], clock)
    s = QuizSession(USER, [question(1), question(1), question(2)], clock)
    assert len(s.questions) == 2


# -- manager --------------------------------------------------------------------------------

NAMES = ("Simon Bailey", "Jane Ortiz", "Tom Reed", "Ada Lovelace", "Mary Seacole",
         "Alan Turing", "Grace Hopper", "Rosalind Franklin", "Isambard Brunel",
         "Dorothy Hodgkin", "Charles Babbage", "Emmeline Pankhurst")


def bank(n: int = 10) -> list[QuizQuestion]:
    """Questions with distinct answers (two with one answer never share a quiz)."""
    return [question(i, NAMES[(i - 1) % len(NAMES)]) for i in range(1, n + 1)]


def test_manager_one_quiz_per_user_per_library(clock):
    manager = QuizManager(clock=clock, rng=random.Random(1))
    s = manager.start("default", USER, bank(), n=3)
    assert len(s.questions) == 3 and manager.get("default", USER) is s
    with pytest.raises(QuizRunningError):
        manager.start("default", USER, bank())
    other_lib = manager.start("server-2", USER, bank())
    other_user = manager.start("default", OTHER, bank())
    assert other_lib is not s and other_user is not s
    with pytest.raises(NoQuizError):
        manager.get("server-3", USER)
    summary = manager.stop("default", USER)
    assert summary.state is QuizState.STOPPED
    with pytest.raises(NoQuizError):
        manager.get("default", USER)
    with pytest.raises(NoQuizError):
        manager.stop("default", USER)
    assert manager.start("default", USER, bank()) is not s


def test_manager_forgets_finished_quizzes(clock):
    manager = QuizManager(clock=clock, rng=random.Random(1))
    s = manager.start("default", USER, bank(2), n=2)
    for _ in range(2):
        s.answer(USER, s.current().id, s.current().answer, grader)
    assert manager.active("default", USER) is None
    manager.start("default", USER, bank(2), n=2)


def test_manager_asks_reviews_first_and_is_deterministic(clock):
    reviews = [question(50, "Nobody Else"), question(51, "Someone New")]
    a = QuizManager(clock=clock, rng=random.Random(9)).start("l", USER, bank(), n=5,
                                                            reviews=reviews)
    b = QuizManager(clock=clock, rng=random.Random(9)).start("l", USER, bank(), n=5,
                                                            reviews=reviews)
    ids = [q.id for q in a.questions]
    assert ids == [q.id for q in b.questions]
    assert {"q50", "q51"} <= set(ids) and len(ids) == len(set(ids)) == 5
    with pytest.raises(NoQuestionsError):
        QuizManager(clock=clock, rng=random.Random(1)).start("l", USER, [])


def test_manager_does_no_io_and_outcomes_feed_the_store(clock, tmp_path):
    store = QuizStore(tmp_path / "library.sqlite3")
    manager = QuizManager(clock=clock, rng=random.Random(3), time_limit=30)
    s = manager.start("default", USER, bank(3), n=3)
    store.begin_quiz(s.user_id, s.session_id, clock())
    first = s.current()
    s.answer(USER, first.id, first.answer, grader)
    clock.advance(31)
    assert manager.active("default", USER) is s  # the second question times out, in memory
    assert store.user_score(USER).answered == 0  # nothing was written behind our back
    s.skip(USER)
    for outcome in s.take_outcomes():
        store.record_outcome(s.user_id, s.session_id, outcome)
    score = store.user_score(USER)
    assert (score.answered, score.correct, score.quizzes) == (3, 1, 1)
    due = {q.id for q in store.due_reviews(USER, limit=10)}
    assert due == {q.id for q in s.questions} - {first.id}


# -- wording --------------------------------------------------------------------------------

def test_wording_file_loads():
    w = default_wording()
    assert w.feedback["right"] == "Right!"
    assert w.feedback["wrong"].format(answer="X") == "Not quite — the answer is X."
    assert w.errors["question_closed"] == "This question is closed."
    assert w.errors["already_answered"] == "You already answered this question."
    assert w.wh_word("PERSON") == "who" and w.wh_word("UNKNOWN") == "what"
    assert w.count("quiz", 1) == "1 quiz" and w.count("quiz", 2) == "2 quizzes"
    assert w.count("true_false", 3) == "3 true/false questions"


def test_error_messages_come_from_the_wording_file():
    errors = default_wording().errors
    assert str(NoQuizError()) == errors["no_quiz"]
    assert str(QuizRunningError()) == errors["quiz_running"]
    assert str(NoQuestionsError()) == errors["no_questions"]
    assert str(NoQuizError("custom")) == "custom"


def test_wording_is_checked_by_the_one_loader():
    import tomllib

    from bot import prompts

    data = tomllib.loads((prompts.PROMPTS_DIR / "quiz.toml").read_text(encoding="utf-8"))
    del data["feedback"]["right"]
    data["feedback"]["wrong"] = "Wrong, it was {answr}."
    problems = prompts.validate("quiz", data)
    assert "quiz.toml: feedback.right is missing or empty" in problems
    assert any("feedback.wrong" in p and "answr" in p for p in problems)
