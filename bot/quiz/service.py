"""The quiz side of the service API: questions per library, sessions, grading, scores.

Both adapters call this (``footnote quiz`` and Discord's ``/quiz``). Each article is
read for the quiz once, when it is added (the ``quiz`` analysis, stored with it: see
:mod:`bot.quiz.analyse`); the question bank of a library is made from those stored
analyses, with no parsing, and remade only when the library changes. Scores and review
state live in the library's own store (``quiz_*`` tables), so each server keeps
its own and they survive restarts. The engine below does no I/O: this service takes
each session's closed questions and stores them.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.errors import NotFoundError
from bot.quiz.analyse import QUIZ_ANALYSER
from bot.quiz.errors import NoQuestionsError, NoQuizError
from bot.quiz.facts import ArticleFacts
from bot.quiz.game import AnswerResult, Outcome, QuizSession, QuizSummary
from bot.quiz.generate import Pool, build_pool, generate_questions
from bot.quiz.grade import grade
from bot.quiz.item import KINDS, QuizQuestion
from bot.quiz.manager import QuizManager
from bot.quiz.referents import with_named_subjects
from bot.quiz.store import QuizStore, UserScore
from bot.quiz.wording import default_wording
from bot.service import Footnote

QUESTION_SEED = 7
"""Question generation is seeded per article, so a library's quiz bank is stable."""


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


@dataclass
class _LibraryQuiz:
    """Everything the quiz keeps for one library (dropped together by :meth:`forget`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    generation: int = -1
    banks: dict[frozenset[str], list[QuizQuestion]] = field(default_factory=dict)
    """Questions by the kinds asked for (all kinds mixed, or one kind only)."""
    facts: dict[tuple[int, str], ArticleFacts] = field(default_factory=dict)
    """Decoded analyses by (article id, content hash)."""
    pool: Pool = field(default_factory=Pool)


class Quizzes:
    """Quiz sessions and scores for every library of one :class:`Footnote`."""

    def __init__(
        self, app: Footnote, *, clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None, time_limit: float = 60.0,
    ) -> None:
        self.app = app
        self.manager = QuizManager(clock=clock, rng=rng or random.Random(),
                                   time_limit=time_limit)
        self._stores: dict[str, QuizStore] = {}
        self._libraries: dict[str, _LibraryQuiz] = {}
        self._lock = threading.Lock()
        app.libraries.on_close(self._forget)

    def store(self, library: str) -> QuizStore:
        """The quiz tables of a library, reached through the library's own store (the same
        connections and transactions as everything else in it)."""
        return QuizStore(self.app.library(library).store)

    def _forget(self, library: str) -> None:
        """The service closed a library to bound memory: drop its cached bank (remade on
        next use); running quizzes go on."""
        with self._lock:
            self._stores.pop(library, None)
            self._libraries.pop(library, None)

    def forget(self, library: str) -> None:
        """Drop what is kept for a library (its bank and sessions): it was closed."""
        with self._lock:
            self._libraries.pop(library, None)
        self.manager.forget(library)

    def _state(self, library: str) -> _LibraryQuiz:
        with self._lock:
            return self._libraries.setdefault(library, _LibraryQuiz())

    def _save(self, library: str, session: QuizSession | None) -> None:
        """Store the questions a session closed since last time (answers, skips and
        timeouts, noticed whenever the session was touched), then let a finished
        session go."""
        if session is None:
            return
        outcomes = session.take_outcomes()
        if outcomes:
            store = self.store(library)
            for outcome in outcomes:
                store.record_outcome(session.user_id, session.session_id, outcome)
        self.manager.discard(library, session)

    # questions -------------------------------------------------------------------
    def bank(self, library: str, kinds: set[str] | None = None) -> list[QuizQuestion]:
        """Every question the library's articles yield (of ``kinds``, all by default),
        made from their stored analyses, remade when the library changes; one library's
        build never holds up another's."""
        wanted = frozenset(KINDS if kinds is None else kinds)
        snapshot = self.app.library(library).snapshot()
        state = self._state(library)
        with state.lock:  # one library at a time: concurrent callers share one build
            if state.generation != snapshot.generation:
                current: dict[tuple[int, str], ArticleFacts] = {}
                for article in snapshot.articles.values():
                    key = (article.id, article.content_hash)
                    current[key] = state.facts.get(key) or ArticleFacts.from_json(
                        snapshot.analysis(article.id, QUIZ_ANALYSER))
                state.facts, state.pool = current, build_pool(current.values())
                state.banks, state.generation = {}, snapshot.generation
            if wanted not in state.banks:
                state.banks[wanted] = with_named_subjects(snapshot, [
                    q for article in snapshot.articles.values()
                    for q in generate_questions(
                        article, state.facts[(article.id, article.content_hash)],
                        kinds=set(wanted), pool=state.pool,
                        rng=random.Random(f"{QUESTION_SEED}:{article.id}:{article.content_hash}"))
                ])
            return state.banks[wanted]

    def questions(
        self, library: str, *, article_id: int | None = None, kinds: set[str] | None = None,
        n: int | None = None, seed: int | None = None,
    ) -> list[QuizQuestion]:
        """Questions to review or to ask, optionally for one article and some kinds."""
        if article_id is not None:
            self.app.library(library).article(article_id)  # NotFoundError names the id
        if kinds is not None and not kinds <= set(KINDS):
            raise NotFoundError(f"Unknown question kind; choose from {', '.join(KINDS)}.")
        chosen = [q for q in self.bank(library, kinds)
                  if article_id is None or q.article_id == article_id]
        if not chosen:
            raise NoQuestionsError()
        rng = random.Random(seed)
        if n is not None and n < len(chosen):
            chosen = rng.sample(chosen, n)
        return chosen

    # sessions --------------------------------------------------------------------
    def start(
        self, library: str, user_id: int, *, article_id: int | None = None,
        kinds: set[str] | None = None, n: int = 5, reports_shown: bool = False,
    ) -> QuizSession:
        """Start a personal quiz; missed questions due for review come first. When fewer
        than ``n`` questions can be asked, ``session.shortfall`` says why. An adapter that
        reports each question shown (:meth:`QuizSession.shown`) passes ``reports_shown``:
        then no question's time runs before it is shown, the first's included."""
        self._save(library, self.manager.latest(library, user_id))
        pool = self.questions(library, article_id=article_id, kinds=kinds)
        allowed = {q.id for q in pool}
        reviews = [
            q for q in self.store(library).due_reviews(user_id, limit=n)
            if q.id in allowed or (article_id is None and kinds is None)
        ]
        session = self.manager.start(library, user_id, pool, n=n, reviews=reviews,
                                     reports_shown=reports_shown)
        session.shortfall = self._shortfall(len(session.questions), n, len(pool), kinds,
                                            article_id)
        self.store(library).begin_quiz(session.user_id, session.session_id, time.time())
        return session

    @staticmethod
    def _shortfall(count: int, requested: int, available: int, kinds: set[str] | None,
                   article_id: int | None) -> str | None:
        """Why a quiz has fewer questions than were asked for, in a sentence, or None."""
        if count >= requested:
            return None
        w = default_wording()
        noun = next(iter(kinds)) if kinds is not None and len(kinds) == 1 else "question"
        scope = w.notes["scope_article" if article_id is not None else "scope_library"]
        parts = []
        if available < requested:
            parts.append(w.notes["fewer_exist"].format(
                requested=requested, scope=scope, available=w.count(noun, available)))
        else:
            parts.append(w.notes["asked"].format(requested=requested))
        if count < available:
            parts.append(w.notes["fewer_fit"].format(count=count, available=available))
        return " ".join(parts)

    def session(self, library: str, user_id: int) -> QuizSession:
        """The user's running quiz in this library (NoQuizError when none)."""
        try:
            session = self.manager.get(library, user_id)
        except NoQuizError:
            self._save(library, self.manager.latest(library, user_id))
            raise
        self._save(library, session)
        return session

    def answer(self, library: str, user_id: int, question_id: str, given: str) -> AnswerResult:
        """Grade an answer to the current question of the user's quiz."""
        session = self.manager.get(library, user_id)
        try:
            return session.answer(user_id, question_id, given,
                                  functools.partial(grade, encoder=self.app.encoder))
        finally:
            self._save(library, session)

    def skip(self, library: str, user_id: int) -> Outcome:
        """Skip the current question (it counts as missed and comes back for review)."""
        session = self.manager.get(library, user_id)
        try:
            return session.skip(user_id)
        finally:
            self._save(library, session)

    def stop(self, library: str, user_id: int) -> QuizSummary:
        """Stop the user's quiz."""
        session = self.manager.get(library, user_id)
        try:
            return session.stop(user_id)
        finally:
            self._save(library, session)

    def score(self, library: str, user_id: int) -> UserScore:
        """The user's record in this library."""
        self._save(library, self.manager.latest(library, user_id))
        return self.store(library).user_score(user_id)

    def leaderboard(self, library: str, limit: int = 10) -> list[UserScore]:
        """The best students of this library."""
        for session in self.manager.sessions(library):
            self._save(library, session)
        return self.store(library).leaderboard(limit)
