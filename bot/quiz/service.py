"""The quiz side of the service API: questions per library, sessions, grading, scores.

Both adapters call this (``footnote quiz`` and Discord's ``/quiz``). Questions
are generated from the library's passages and cached per library generation;
scores and review state live in the library's own SQLite file (``quiz_*``
tables), so each server keeps its own and they survive restarts.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable

from bot.errors import NotFoundError
from bot.quiz.errors import NoQuestionsError
from bot.quiz.game import AnswerResult, Outcome, QuizSession, QuizSummary
from bot.quiz.generate import build_pool, generate_questions
from bot.quiz.grade import grade
from bot.quiz.manager import QuizManager
from bot.quiz.question import KINDS, QuizQuestion
from bot.quiz.store import QuizStore, UserScore
from bot.quiz.wording import default_wording
from bot.service import Footnote

QUESTION_SEED = 7
"""Question generation is seeded per library, so a library's quiz bank is stable."""


def question_json(q: QuizQuestion) -> dict[str, object]:
    """The export shape of a question (``footnote quiz --export``)."""
    out: dict[str, object] = {"id": q.id, "kind": q.kind, "question": q.question}
    if q.options:
        out["options"] = list(q.options)
    out["answer"] = q.answer
    out["citation"] = {
        "article_id": q.article_id, "title": q.title, "paragraph": q.paragraph,
        "quote": q.quote,
    }
    return out


class Quizzes:
    """Quiz sessions and scores for every library of one :class:`Footnote`."""

    def __init__(
        self, app: Footnote, *, clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None, time_limit: float = 60.0,
    ) -> None:
        self.app = app
        self.manager = QuizManager(
            clock=clock, rng=rng or random.Random(), time_limit=time_limit,
            on_start=self._on_start, on_outcome=self._on_outcome,
        )
        self._stores: dict[str, QuizStore] = {}
        self._bank: dict[tuple[str, int], list[QuizQuestion]] = {}
        self._lock = threading.Lock()

    def store(self, library: str) -> QuizStore:
        """The quiz tables of a library (in its SQLite file)."""
        with self._lock:
            store = self._stores.get(library)
            if store is None:
                store = QuizStore(self.app.library(library).store.path)
                self._stores[library] = store
            return store

    def _on_start(self, library: str, session: QuizSession) -> None:
        self.store(library).begin_quiz(session.user_id, session.session_id, time.time())

    def _on_outcome(self, library: str, session: QuizSession, outcome: Outcome) -> None:
        self.store(library).record_outcome(session.user_id, session.session_id, outcome)

    # questions -------------------------------------------------------------------
    def bank(self, library: str) -> list[QuizQuestion]:
        """Every question the library's articles yield (cached until the library changes)."""
        lib = self.app.library(library)
        snapshot = lib.snapshot()
        key = (library, snapshot.generation)
        with self._lock:
            cached = self._bank.get(key)
        if cached is not None:
            return cached
        by_article = [
            (article, [p for p in snapshot.passages if p.article_id == article.id])
            for article in snapshot.articles.values()
        ]
        pool = build_pool(by_article)
        questions: list[QuizQuestion] = []
        for article, passages in by_article:
            rng = random.Random(f"{QUESTION_SEED}:{article.id}:{article.content_hash}")
            questions.extend(generate_questions(article, passages, rng=rng, pool=pool))
        with self._lock:
            self._bank = {k: v for k, v in self._bank.items() if k[0] != library}
            self._bank[key] = questions
        return questions

    def questions(
        self, library: str, *, article_id: int | None = None, kinds: set[str] | None = None,
        n: int | None = None, seed: int | None = None,
    ) -> list[QuizQuestion]:
        """Questions to review or to ask, optionally for one article and some kinds."""
        if article_id is not None:
            self.app.library(library).article(article_id)  # NotFoundError names the id
        if kinds is not None and not kinds <= set(KINDS):
            raise NotFoundError(f"Unknown question kind; choose from {', '.join(KINDS)}.")
        chosen = [
            q for q in self.bank(library)
            if (article_id is None or q.article_id == article_id)
            and (kinds is None or q.kind in kinds)
        ]
        if not chosen:
            raise NoQuestionsError(default_wording().errors["no_questions"])
        rng = random.Random(seed)
        if n is not None and n < len(chosen):
            chosen = rng.sample(chosen, n)
        return chosen

    # sessions --------------------------------------------------------------------
    def start(
        self, library: str, user_id: int, *, article_id: int | None = None,
        kinds: set[str] | None = None, n: int = 5,
    ) -> QuizSession:
        """Start a personal quiz; missed questions due for review come first."""
        pool = self.questions(library, article_id=article_id, kinds=kinds)
        allowed = {q.id for q in pool}
        reviews = [
            q for q in self.store(library).due_reviews(user_id, limit=n)
            if q.id in allowed or (article_id is None and kinds is None)
        ]
        return self.manager.start(library, user_id, pool, n=n, reviews=reviews)

    def session(self, library: str, user_id: int) -> QuizSession:
        """The user's running quiz in this library (NoQuizError when none)."""
        return self.manager.get(library, user_id)

    def answer(self, library: str, user_id: int, question_id: str, given: str) -> AnswerResult:
        """Grade an answer to the current question of the user's quiz."""
        session = self.manager.get(library, user_id)
        return session.answer(user_id, question_id, given,
                              functools.partial(grade, encoder=self.app.encoder))

    def skip(self, library: str, user_id: int) -> Outcome:
        """Skip the current question (it counts as missed and comes back for review)."""
        return self.manager.get(library, user_id).skip(user_id)

    def stop(self, library: str, user_id: int) -> QuizSummary:
        """Stop the user's quiz."""
        return self.manager.stop(library, user_id)

    def score(self, library: str, user_id: int) -> UserScore:
        """The user's record in this library."""
        return self.store(library).user_score(user_id)

    def leaderboard(self, library: str, limit: int = 10) -> list[UserScore]:
        """The best students of this library."""
        return self.store(library).leaderboard(limit)
