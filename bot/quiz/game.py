"""The quiz as a plain state machine: one student, a list of questions, a clock. No I/O.

A session asks its questions in order. Each question is open for ``time_limit`` seconds
from the moment it becomes current, or, when the adapter reports it on screen with
:meth:`QuizSession.shown`, from that moment (a slow post does not eat into the student's
time, and once the adapter has reported one question, the next cannot time out before it is
shown, whatever touches the session meanwhile); an answer after that is refused with
:class:`QuestionClosedError` ("time is up") and the question counts as missed. Timeouts
are noticed lazily, whenever the session is touched, so no timer thread is needed; the
Discord adapter may call :meth:`QuizSession.current` from its own timer to move on.

State changes return outcomes: every closed question (answered, skipped or timed out)
is also queued once, and whoever persists the quiz (the service) takes the queue with
:meth:`QuizSession.take_outcomes` and stores it, outside any lock of the session.
"""

from __future__ import annotations

import enum
import math
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.quiz.errors import (
    AlreadyAnsweredError,
    NoQuestionsError,
    NotYourQuizError,
    QuestionClosedError,
    QuizFinishedError,
    UnusableAnswerError,
)
from bot.quiz.grade import MAX_ANSWER_CHARS, Grade
from bot.quiz.item import TRUE_FALSE, QuizQuestion
from bot.quiz.wording import QuizWording, default_wording
from bot.text_input import is_blank, strip_invisible

Clock = Callable[[], float]
Grader = Callable[[str, QuizQuestion], Grade]
_UNSHOWN = math.inf
"""The deadline of a question the adapter has not shown yet: it cannot time out."""


class QuizState(enum.Enum):
    """Where a session stands."""

    ASKING = "asking"
    FINISHED = "finished"
    STOPPED = "stopped"


class OutcomeStatus(enum.Enum):
    """How a question was closed."""

    RIGHT = "right"
    WRONG = "wrong"
    SKIPPED = "skipped"
    TIMED_OUT = "timed_out"


@dataclass(frozen=True)
class Outcome:
    """One closed question: what happened, what was typed, its grade, and when."""

    question: QuizQuestion
    status: OutcomeStatus
    given: str | None
    grade: Grade | None
    at: float

    @property
    def correct(self) -> bool:
        """Whether the question was answered right."""
        return self.status is OutcomeStatus.RIGHT


@dataclass(frozen=True)
class AnswerResult:
    """What to tell the student after an answer: the verdict, the key and its source."""

    question_id: str
    correct: bool
    expected: str
    given: str
    grade: Grade
    feedback: str
    """"Right!" or "Not quite — the answer is ...", from the wording file."""
    quote: str
    article_id: int
    title: str
    paragraph: int
    quote_start: int
    quote_end: int
    source: str
    """The citation line: title, paragraph and the verbatim quote."""
    score: int
    """Questions answered right so far."""
    answered: int
    """Questions closed so far (answered, skipped or timed out)."""
    total: int
    finished: bool
    next_question: QuizQuestion | None


@dataclass(frozen=True)
class QuizSummary:
    """The end of a quiz (or its state so far)."""

    session_id: str
    user_id: int
    state: QuizState
    correct: int
    asked: int
    total: int
    outcomes: tuple[Outcome, ...]
    message: str


class QuizSession:
    """One student's quiz: asks ``questions`` in order with a per-question time limit."""

    def __init__(
        self,
        user_id: int,
        questions: Sequence[QuizQuestion],
        clock: Clock,
        time_limit: float = 60.0,
        *,
        session_id: str | None = None,
        wording: QuizWording | None = None,
        requested: int | None = None,
        shortfall: str | None = None,
        reports_shown: bool = False,
    ) -> None:
        """``reports_shown``: the adapter calls :meth:`shown` once each question is shown
        (Discord, after posting it), so no question's clock, the first's included, starts
        before that; without it (the terminal, which shows each question at once) the
        first question's clock starts now and each next one's when the one before closes,
        until a first :meth:`shown`."""
        w = wording or default_wording()
        unique = list({q.id: q for q in questions}.values())
        if not unique:
            raise NoQuestionsError(w.errors["no_questions"])
        if time_limit <= 0:
            raise ValueError("time_limit must be positive")
        self.user_id = user_id
        self.questions: tuple[QuizQuestion, ...] = tuple(unique)
        self.clock = clock
        self.time_limit = float(time_limit)
        self.session_id = session_id or uuid.uuid4().hex
        self.started_at = clock()
        self.requested = requested if requested is not None else len(self.questions)
        """How many questions the student asked for (more than it has when too few fit)."""
        self.shortfall = shortfall
        """Why the quiz has fewer questions than asked for, in a sentence (None when not)."""
        self._w = w
        self._lock = threading.RLock()
        self._index = 0
        self._reports_shown = reports_shown
        """Whether the adapter reports each question shown: declared at the start, or
        learned from its first :meth:`shown`; then each next question's clock waits for
        its report."""
        self._deadline = _UNSHOWN if reports_shown else self.started_at + self.time_limit
        self._shown: str | None = None
        """The question whose clock :meth:`shown` last restarted."""
        self._state = QuizState.ASKING
        self._outcomes: list[Outcome] = []
        self._unsaved: list[Outcome] = []
        self._closed: dict[str, OutcomeStatus] = {}

    # -- reading -----------------------------------------------------------------------
    @property
    def state(self) -> QuizState:
        """ASKING, FINISHED or STOPPED (timeouts applied first)."""
        with self._lock:
            self._expire()
            return self._state

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """Every closed question so far, in order."""
        with self._lock:
            return tuple(self._outcomes)

    @property
    def score(self) -> int:
        """Questions answered right so far."""
        with self._lock:
            return sum(o.correct for o in self._outcomes)

    def current(self) -> QuizQuestion | None:
        """The open question, or None when the quiz is over. Applies timeouts first."""
        with self._lock:
            self._expire()
            return self._current()

    def deadline(self) -> float | None:
        """Clock time at which the open question closes, or None when the quiz is over
        (for a question waiting to be shown, a full time limit from now)."""
        with self._lock:
            self._expire()
            if self._state is not QuizState.ASKING:
                return None
            return self._deadline if self._deadline != _UNSHOWN else self.clock() + \
                self.time_limit

    def remaining(self) -> float | None:
        """Seconds left for the open question, or None when the quiz is over."""
        deadline = self.deadline()
        return None if deadline is None else max(0.0, deadline - self.clock())

    def take_outcomes(self) -> list[Outcome]:
        """The outcomes closed since the last call (timeouts included), oldest first; the
        caller stores them. Each outcome is handed out once."""
        with self._lock:
            self._expire()
            taken, self._unsaved = self._unsaved, []
            return taken

    def summary(self) -> QuizSummary:
        """Score and outcomes so far, with the closing line from the wording file."""
        with self._lock:
            self._expire()
            correct = sum(o.correct for o in self._outcomes)
            asked = len(self._outcomes)
            key = "stopped" if self._state is QuizState.STOPPED else "finished"
            message = self._w.feedback[key].format(correct=correct, total=len(self.questions),
                                                   asked=asked)
            return QuizSummary(self.session_id, self.user_id, self._state, correct, asked,
                               len(self.questions), tuple(self._outcomes), message)

    # -- acting ------------------------------------------------------------------------
    def shown(self, question_id: str) -> float | None:
        """The adapter has just shown the open question ``question_id``: its time limit
        starts now. Returns the seconds left (the full limit), or None when
        ``question_id`` is not the open question (closed meanwhile, or the quiz is over).

        Only the first call for a question restarts its clock, and no time-out is applied
        before it (a question nobody has seen yet cannot have run out of time); a repeated
        call applies a due time-out and returns the seconds still left, never more.
        """
        with self._lock:
            again = self._shown == question_id
            if again:
                self._expire()
            question = self._current()
            if question is None or question.id != question_id:
                return None
            now = self.clock()
            if not again:
                self._shown, self._deadline = question_id, now + self.time_limit
                self._reports_shown = True
            return max(0.0, self._deadline - now)

    def answer(self, user_id: int, question_id: str, given: str, grader: Grader) -> AnswerResult:
        """Grade ``given`` for question ``question_id`` and move to the next question.

        Raises NotYourQuizError (another user), AlreadyAnsweredError (a second answer),
        QuestionClosedError (not the open question, time is up, quiz stopped),
        QuizFinishedError (the quiz is over) or UnusableAnswerError (empty, or over
        MAX_ANSWER_CHARS: nothing is graded or recorded and the question stays open).
        """
        with self._lock:
            self._check_user(user_id)
            self._expire()
            errors = self._w.errors
            status = self._closed.get(question_id)
            if status in (OutcomeStatus.RIGHT, OutcomeStatus.WRONG):
                raise AlreadyAnsweredError(errors["already_answered"])
            if status is OutcomeStatus.TIMED_OUT:
                raise QuestionClosedError(errors["time_up"])
            if self._state is QuizState.STOPPED:
                raise QuestionClosedError(errors["quiz_stopped"])
            if self._state is QuizState.FINISHED and status is None:
                raise QuizFinishedError(errors["quiz_finished"])
            question = self._current()
            if question is None or question.id != question_id:
                raise QuestionClosedError(errors["question_closed"])
            if is_blank(given):
                raise UnusableAnswerError(errors["empty_answer"])
            if len(given) > MAX_ANSWER_CHARS:
                raise UnusableAnswerError(
                    errors["answer_too_long"].format(limit=MAX_ANSWER_CHARS)
                )
            verdict = grader(strip_invisible(given).strip(), question)
            status = OutcomeStatus.RIGHT if verdict.correct else OutcomeStatus.WRONG
            self._close(question, status, given, verdict)
            return self._result(question, given, verdict)

    def skip(self, user_id: int | None = None) -> Outcome:
        """Give up the open question (it counts as missed) and move on."""
        with self._lock:
            if user_id is not None:
                self._check_user(user_id)
            self._expire()
            question = self._require_open()
            return self._close(question, OutcomeStatus.SKIPPED, None, None)

    def stop(self, user_id: int | None = None) -> QuizSummary:
        """End the quiz now. Questions not reached are not counted."""
        with self._lock:
            if user_id is not None:
                self._check_user(user_id)
            self._expire()
            self._require_open()
            self._state = QuizState.STOPPED
            return self.summary()

    # -- internals ---------------------------------------------------------------------
    def _check_user(self, user_id: int) -> None:
        if user_id != self.user_id:
            raise NotYourQuizError(self._w.errors["not_your_quiz"])

    def _current(self) -> QuizQuestion | None:
        if self._state is not QuizState.ASKING:
            return None
        return self.questions[self._index]

    def _require_open(self) -> QuizQuestion:
        question = self._current()
        if question is None:
            key = "quiz_stopped" if self._state is QuizState.STOPPED else "quiz_finished"
            raise QuizFinishedError(self._w.errors[key])
        return question

    def _expire(self) -> None:
        """Close the open question if its time is up; the next one starts now."""
        if self._state is QuizState.ASKING and self.clock() > self._deadline:
            question = self.questions[self._index]
            self._close(question, OutcomeStatus.TIMED_OUT, None, None)

    def _close(self, question: QuizQuestion, status: OutcomeStatus, given: str | None,
               verdict: Grade | None) -> Outcome:
        now = self.clock()
        outcome = Outcome(question, status, given, verdict, now)
        self._outcomes.append(outcome)
        self._unsaved.append(outcome)
        self._closed[question.id] = status
        self._index += 1
        if self._index >= len(self.questions):
            self._state = QuizState.FINISHED
        else:  # with an adapter that reports showing, the clock waits for shown()
            self._deadline = _UNSHOWN if self._reports_shown else now + self.time_limit
        return outcome

    def _result(self, question: QuizQuestion, given: str, verdict: Grade) -> AnswerResult:
        fb = self._w.feedback
        if verdict.correct:
            feedback = fb["right"].format(answer=question.answer)
        elif question.kind == TRUE_FALSE:
            feedback = fb["true_false_wrong"].format(answer=question.answer.lower())
        else:
            feedback = fb["wrong"].format(answer=question.answer)
        return AnswerResult(
            question_id=question.id, correct=verdict.correct, expected=question.answer,
            given=given, grade=verdict, feedback=feedback, quote=question.quote,
            article_id=question.article_id, title=question.title,
            paragraph=question.paragraph, quote_start=question.quote_start,
            quote_end=question.quote_end, source=citation_line(question, self._w),
            score=sum(o.correct for o in self._outcomes), answered=len(self._outcomes),
            total=len(self.questions), finished=self._state is not QuizState.ASKING,
            next_question=self._current(),
        )


def citation_line(question: QuizQuestion, wording: QuizWording | None = None) -> str:
    """"From “title”, paragraph N: “quote”" for a question's source sentence."""
    w = wording or default_wording()
    return w.feedback["source"].format(title=question.title, paragraph=question.paragraph,
                                       quote=question.quote)
