"""All running quizzes, keyed by (library, user): at most one active quiz per user per library.

A thin registry over :class:`bot.quiz.game.QuizSession`; like the sessions it
holds, it does no I/O and takes its clock and randomness from the caller.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence

from bot.quiz.errors import NoQuizError, QuizRunningError
from bot.quiz.game import Clock, Outcome, QuizSession, QuizState, QuizSummary
from bot.quiz.question import QuizQuestion
from bot.quiz.wording import QuizWording, default_wording

OutcomeHook = Callable[[str, QuizSession, Outcome], None]
StartHook = Callable[[str, QuizSession], None]


class QuizManager:
    """All running quizzes, keyed by (library, user): one active quiz per user per library.

    ``clock`` and ``rng`` are injected (tests pass fakes). ``on_start(library, session)``
    and ``on_outcome(library, session, outcome)`` let the caller persist progress, e.g.
    into :class:`bot.quiz.store.QuizStore`.
    """

    def __init__(
        self,
        *,
        clock: Clock,
        rng: random.Random,
        time_limit: float = 60.0,
        questions_per_quiz: int = 5,
        on_start: StartHook | None = None,
        on_outcome: OutcomeHook | None = None,
        wording: QuizWording | None = None,
    ) -> None:
        self.clock = clock
        self.rng = rng
        self.time_limit = time_limit
        self.questions_per_quiz = questions_per_quiz
        self._on_start = on_start
        self._on_outcome = on_outcome
        self._w = wording or default_wording()
        self._sessions: dict[tuple[str, int], QuizSession] = {}
        self._lock = threading.Lock()

    def start(
        self,
        library: str,
        user_id: int,
        questions: Sequence[QuizQuestion],
        *,
        n: int | None = None,
        reviews: Sequence[QuizQuestion] = (),
    ) -> QuizSession:
        """Start a quiz of ``n`` questions: due ``reviews`` first (up to ``n``), the rest
        drawn at random from ``questions``, then shuffled. Raises QuizRunningError when the
        user already has an active quiz in this library, NoQuestionsError when empty."""
        size = n or self.questions_per_quiz
        with self._lock:
            active = self._active(library, user_id)
            if active is not None:
                raise QuizRunningError(self._w.errors["quiz_running"])
            chosen: dict[str, QuizQuestion] = {}
            for q in reviews:
                if len(chosen) < size:
                    chosen.setdefault(q.id, q)
            fresh = [q for q in questions if q.id not in chosen]
            for q in self.rng.sample(fresh, min(len(fresh), size - len(chosen))):
                chosen[q.id] = q
            picked = list(chosen.values())
            self.rng.shuffle(picked)
            session = QuizSession(user_id, picked, self.clock, self.time_limit,
                                  on_outcome=self._hook(library), wording=self._w)
            self._sessions[(library, user_id)] = session
        if self._on_start is not None:
            self._on_start(library, session)
        return session

    def get(self, library: str, user_id: int) -> QuizSession:
        """The user's active quiz in this library; NoQuizError when there is none."""
        with self._lock:
            session = self._active(library, user_id)
        if session is None:
            raise NoQuizError(self._w.errors["no_quiz"])
        return session

    def active(self, library: str, user_id: int) -> QuizSession | None:
        """The user's active quiz in this library, or None."""
        with self._lock:
            return self._active(library, user_id)

    def stop(self, library: str, user_id: int) -> QuizSummary:
        """Stop the user's active quiz; NoQuizError when there is none."""
        session = self.get(library, user_id)
        summary = session.stop(user_id)
        with self._lock:
            self._sessions.pop((library, user_id), None)
        return summary

    def _active(self, library: str, user_id: int) -> QuizSession | None:
        session = self._sessions.get((library, user_id))
        if session is None:
            return None
        if session.state is not QuizState.ASKING:
            del self._sessions[(library, user_id)]
            return None
        return session

    def _hook(self, library: str) -> Callable[[QuizSession, Outcome], None] | None:
        if self._on_outcome is None:
            return None
        hook = self._on_outcome
        return lambda session, outcome: hook(library, session, outcome)
