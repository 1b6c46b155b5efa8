"""Quiz progress of one library: answers, scores, leaderboard, spaced review.

The rows live in the library's own store (:class:`bot.storage.LibraryStore`, the
``quiz_*`` tables), reached through the same store, connections and transactions
as everything else in the library; this class speaks the quiz's language
(:class:`QuizQuestion`, :class:`Outcome`) over it.

Spaced review is Leitner-style and counted in quizzes, not days: a missed question goes
to box 1 and is due in the user's next quiz; answered right on review it moves up a box
and is due 2 (box 2) or 4 (box 3) quizzes later; right again from box 3 and it is learned
(dropped). Missed again, it falls back to box 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.quiz.game import Outcome
from bot.quiz.item import QuizQuestion
from bot.storage import LibraryStore, QuizAnswerRow

MAX_BOX = 3


@dataclass(frozen=True)
class UserScore:
    """A user's totals in one library."""

    user_id: int
    answered: int
    correct: int
    quizzes: int

    @property
    def accuracy(self) -> float:
        """Share of answered questions answered right (0 when none answered)."""
        return self.correct / self.answered if self.answered else 0.0


class QuizStore:
    """Quiz persistence for one library (thread-safe: the store is)."""

    def __init__(self, store: LibraryStore | str | Path) -> None:
        if isinstance(store, str | Path):  # a library file on its own (tests, tools)
            from bot.storage.sqlite import SQLiteLibraryStore

            store = SQLiteLibraryStore(Path(store))
        self.store = store

    # -- writing -----------------------------------------------------------------------
    def begin_quiz(self, user_id: int, session_id: str, at: float) -> int:
        """Count a new quiz for the user; returns its number (1 for the first). Idempotent."""
        return self.store.quiz_begin(user_id, session_id, at)

    def record_answer(
        self,
        user_id: int,
        question: QuizQuestion,
        correct: bool,
        at: float,
        *,
        status: str | None = None,
        session_id: str | None = None,
        given: str | None = None,
    ) -> None:
        """Record one closed question and update its review box.

        ``status`` is "right", "wrong", "skipped" or "timed_out" (default from ``correct``).
        """
        self.store.quiz_record(QuizAnswerRow(
            user_id=user_id, question_id=question.id, question_json=question.to_json(),
            article_id=question.article_id, paragraph=question.paragraph, kind=question.kind,
            status=status or ("right" if correct else "wrong"), correct=correct, at=at,
            session_id=session_id, given=given,
        ), max_box=MAX_BOX)

    def record_outcome(self, user_id: int, session_id: str, outcome: Outcome) -> None:
        """Record a :class:`~bot.quiz.game.Outcome` (the QuizManager ``on_outcome`` hook)."""
        self.record_answer(user_id, outcome.question, outcome.correct, outcome.at,
                           status=outcome.status.value, session_id=session_id,
                           given=outcome.given)

    # -- reading -----------------------------------------------------------------------
    def user_score(self, user_id: int) -> UserScore:
        """Answered, correct and quiz counts for one user (zeros for a newcomer)."""
        t = self.store.quiz_totals(user_id)
        return UserScore(t.user_id, t.answered, t.correct, t.quizzes)

    def leaderboard(self, limit: int = 10) -> list[UserScore]:
        """Top users by questions right; ties go to the better accuracy, then fewer tries."""
        return [UserScore(t.user_id, t.answered, t.correct, t.quizzes)
                for t in self.store.quiz_leaderboard(limit)]

    def due_reviews(self, user_id: int, limit: int = 5) -> list[QuizQuestion]:
        """Missed questions due in the user's next quiz (call before :meth:`begin_quiz`),
        most overdue and lowest box first."""
        return [QuizQuestion.from_json(j) for j in self.store.quiz_due(user_id, limit)]

    def review_box(self, user_id: int, question_id: str) -> tuple[int, int] | None:
        """``(box, due_quiz)`` of a question in the user's review deck, or None."""
        return self.store.quiz_box(user_id, question_id)
