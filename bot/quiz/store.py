"""Quiz progress in a library's SQLite file: answers, scores, leaderboard, spaced review.

Tables are the store's own (prefixed ``quiz_``), created if missing, so the file may be
the library's ``library.sqlite3``. Each call opens its own short connection (WAL mode,
busy timeout) and writes are serialised by a lock, so one store may be shared by threads.

Spaced review is Leitner-style and counted in quizzes, not days: a missed question goes
to box 1 and is due in the user's next quiz; answered right on review it moves up a box
and is due 2 (box 2) or 4 (box 3) quizzes later; right again from box 3 and it is learned
(dropped). Missed again, it falls back to box 1.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.quiz.game import Outcome
from bot.quiz.item import QuizQuestion

SCHEMA_VERSION = "1"
MAX_BOX = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS quiz_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quiz_sessions (
    session_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    quiz_number INTEGER NOT NULL,
    started_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS quiz_sessions_user ON quiz_sessions (user_id);
CREATE TABLE IF NOT EXISTS quiz_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    session_id TEXT,
    question_id TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    correct INTEGER NOT NULL,
    given TEXT,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS quiz_answers_user ON quiz_answers (user_id);
CREATE TABLE IF NOT EXISTS quiz_reviews (
    user_id INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    question_json TEXT NOT NULL,
    box INTEGER NOT NULL,
    due_quiz INTEGER NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
"""


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
    """Quiz persistence for one library file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._lock, self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO quiz_meta (key, value) VALUES ('schema_version', ?)",
                (SCHEMA_VERSION,),
            )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10.0)
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            with conn:  # one short transaction: commit, or roll back on error
                yield conn
        finally:
            conn.close()

    # -- writing -----------------------------------------------------------------------
    def begin_quiz(self, user_id: int, session_id: str, at: float) -> int:
        """Count a new quiz for the user; returns its number (1 for the first). Idempotent."""
        with self._lock, self._connect() as conn:
            row = conn.execute(
                "SELECT quiz_number FROM quiz_sessions WHERE session_id = ?", (session_id,)
            ).fetchone()
            if row:
                return int(row[0])
            number = self._quizzes(conn, user_id) + 1
            conn.execute(
                "INSERT INTO quiz_sessions (session_id, user_id, quiz_number, started_at) "
                "VALUES (?, ?, ?, ?)", (session_id, user_id, number, at),
            )
            return number

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
        status = status or ("right" if correct else "wrong")
        with self._lock, self._connect() as conn:
            conn.execute(
                "INSERT INTO quiz_answers (user_id, session_id, question_id, article_id, "
                "paragraph, kind, status, correct, given, at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (user_id, session_id, question.id, question.article_id, question.paragraph,
                 question.kind, status, int(correct), given, at),
            )
            quiz = self._quiz_number(conn, user_id, session_id)
            row = conn.execute(
                "SELECT box FROM quiz_reviews WHERE user_id = ? AND question_id = ?",
                (user_id, question.id),
            ).fetchone()
            if not correct:
                conn.execute(
                    "INSERT INTO quiz_reviews (user_id, question_id, question_json, box, "
                    "due_quiz, updated_at) VALUES (?, ?, ?, 1, ?, ?) "
                    "ON CONFLICT (user_id, question_id) DO UPDATE SET box = 1, "
                    "due_quiz = excluded.due_quiz, question_json = excluded.question_json, "
                    "updated_at = excluded.updated_at",
                    (user_id, question.id, question.to_json(), quiz + 1, at),
                )
            elif row is not None:
                box = int(row[0]) + 1
                if box > MAX_BOX:
                    conn.execute(
                        "DELETE FROM quiz_reviews WHERE user_id = ? AND question_id = ?",
                        (user_id, question.id),
                    )
                else:
                    conn.execute(
                        "UPDATE quiz_reviews SET box = ?, due_quiz = ?, updated_at = ? "
                        "WHERE user_id = ? AND question_id = ?",
                        (box, quiz + 2 ** (box - 1), at, user_id, question.id),
                    )

    def record_outcome(self, user_id: int, session_id: str, outcome: Outcome) -> None:
        """Record a :class:`~bot.quiz.game.Outcome` (the QuizManager ``on_outcome`` hook)."""
        self.record_answer(user_id, outcome.question, outcome.correct, outcome.at,
                           status=outcome.status.value, session_id=session_id,
                           given=outcome.given)

    # -- reading -----------------------------------------------------------------------
    def user_score(self, user_id: int) -> UserScore:
        """Answered, correct and quiz counts for one user (zeros for a newcomer)."""
        with self._connect() as conn:
            answered, correct = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM quiz_answers WHERE user_id = ?",
                (user_id,),
            ).fetchone()
            return UserScore(user_id, int(answered), int(correct), self._quizzes(conn, user_id))

    def leaderboard(self, limit: int = 10) -> list[UserScore]:
        """Top users by questions right; ties go to the better accuracy, then fewer tries."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT a.user_id, COUNT(*) AS answered, SUM(a.correct) AS correct, "
                "(SELECT COUNT(*) FROM quiz_sessions s WHERE s.user_id = a.user_id) "
                "FROM quiz_answers a GROUP BY a.user_id "
                "ORDER BY correct DESC, CAST(SUM(a.correct) AS REAL) / COUNT(*) DESC, "
                "answered ASC, a.user_id ASC LIMIT ?",
                (max(0, int(limit)),),
            ).fetchall()
        return [UserScore(int(u), int(n), int(c), int(q)) for u, n, c, q in rows]

    def due_reviews(self, user_id: int, limit: int = 5) -> list[QuizQuestion]:
        """Missed questions due in the user's next quiz (call before :meth:`begin_quiz`),
        most overdue and lowest box first."""
        with self._connect() as conn:
            upcoming = self._quizzes(conn, user_id) + 1
            rows = conn.execute(
                "SELECT question_json FROM quiz_reviews WHERE user_id = ? AND due_quiz <= ? "
                "ORDER BY due_quiz ASC, box ASC, updated_at ASC, question_id ASC LIMIT ?",
                (user_id, upcoming, max(0, int(limit))),
            ).fetchall()
        return [QuizQuestion.from_json(r[0]) for r in rows]

    def review_box(self, user_id: int, question_id: str) -> tuple[int, int] | None:
        """``(box, due_quiz)`` of a question in the user's review deck, or None."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT box, due_quiz FROM quiz_reviews WHERE user_id = ? AND question_id = ?",
                (user_id, question_id),
            ).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    # -- internals ---------------------------------------------------------------------
    @staticmethod
    def _quizzes(conn: sqlite3.Connection, user_id: int) -> int:
        row = conn.execute(
            "SELECT COALESCE(MAX(quiz_number), 0) FROM quiz_sessions WHERE user_id = ?",
            (user_id,),
        ).fetchone()
        return int(row[0])

    def _quiz_number(self, conn: sqlite3.Connection, user_id: int,
                     session_id: str | None) -> int:
        if session_id is not None:
            row = conn.execute(
                "SELECT quiz_number FROM quiz_sessions WHERE session_id = ?", (session_id,)
            ).fetchone()
            if row:
                return int(row[0])
        return self._quizzes(conn, user_id)
