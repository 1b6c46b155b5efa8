"""All running quizzes, keyed by (library, user): at most one active quiz per user per library.

A thin registry over :class:`bot.quiz.game.QuizSession`; like the sessions it
holds, it does no I/O and takes its clock and randomness from the caller. The
caller persists what happens: it takes each session's closed questions with
:meth:`QuizSession.take_outcomes` (see :class:`bot.quiz.service.Quizzes`).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence

from bot.quiz.draw import draw
from bot.quiz.errors import NoQuizError, QuizRunningError
from bot.quiz.game import Clock, QuizSession, QuizState, QuizSummary
from bot.quiz.item import QuizQuestion
from bot.quiz.wording import QuizWording, default_wording


class QuizManager:
    """All running quizzes, keyed by (library, user): one active quiz per user per library.

    ``clock`` and ``rng`` are injected (tests pass fakes). The latest session of each
    user is kept, finished or not, until :meth:`discard` or :meth:`forget`, so whoever
    persists outcomes can still take the last ones of a quiz that ended by timing out.
    """

    def __init__(
        self,
        *,
        clock: Clock,
        rng: random.Random,
        time_limit: float = 60.0,
        questions_per_quiz: int = 5,
        wording: QuizWording | None = None,
    ) -> None:
        self.clock = clock
        self.rng = rng
        self.time_limit = time_limit
        self.questions_per_quiz = questions_per_quiz
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
        reports_shown: bool = False,
    ) -> QuizSession:
        """Start a quiz of up to ``n`` questions: due ``reviews`` first, the rest drawn at
        random from ``questions``, none giving away another's answer, then shuffled
        (``reports_shown``: see :class:`QuizSession`).
        Raises QuizRunningError when the user already has an active quiz in this library,
        NoQuestionsError when there is nothing to ask."""
        size = n or self.questions_per_quiz
        with self._lock:
            if self._active(library, user_id) is not None:
                raise QuizRunningError(self._w.errors["quiz_running"])
            picked = draw(questions, size, self.rng, reviews=reviews)
            self.rng.shuffle(picked)
            session = QuizSession(user_id, picked, self.clock, self.time_limit,
                                  wording=self._w, requested=size,
                                  reports_shown=reports_shown)
            self._sessions[(library, user_id)] = session
        return session

    def get(self, library: str, user_id: int) -> QuizSession:
        """The user's active quiz in this library; NoQuizError when there is none."""
        session = self.active(library, user_id)
        if session is None:
            raise NoQuizError(self._w.errors["no_quiz"])
        return session

    def active(self, library: str, user_id: int) -> QuizSession | None:
        """The user's active quiz in this library, or None."""
        with self._lock:
            return self._active(library, user_id)

    def latest(self, library: str, user_id: int) -> QuizSession | None:
        """The user's last quiz in this library, running or over (None once discarded)."""
        with self._lock:
            return self._sessions.get((library, user_id))

    def sessions(self, library: str) -> list[QuizSession]:
        """The latest quiz of every user of this library, running or over."""
        with self._lock:
            return [s for (lib, _), s in self._sessions.items() if lib == library]

    def stop(self, library: str, user_id: int) -> QuizSummary:
        """Stop the user's active quiz; NoQuizError when there is none."""
        return self.get(library, user_id).stop(user_id)

    def discard(self, library: str, session: QuizSession) -> None:
        """Drop a session that is over (its outcomes taken): it is no longer needed."""
        with self._lock:
            key = (library, session.user_id)
            if self._sessions.get(key) is session and session.state is not QuizState.ASKING:
                del self._sessions[key]

    def forget(self, library: str) -> None:
        """Drop every session of a library (it was closed)."""
        with self._lock:
            for key in [k for k in self._sessions if k[0] == library]:
                del self._sessions[key]

    def _active(self, library: str, user_id: int) -> QuizSession | None:
        session = self._sessions.get((library, user_id))
        if session is None or session.state is not QuizState.ASKING:  # in memory only
            return None
        return session
