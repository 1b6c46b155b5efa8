"""What people do around a library, in its SQLite file: the audit log, answers and
votes, quiz progress (a mixin of :class:`bot.storage.sqlite.SQLiteLibraryStore`)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager

from bot.storage.base import STORE_IDS, FeedbackRow, QuizAnswerRow, QuizTotals, utc_now


class SQLiteActivity:
    """Audit, answers, votes and quiz tables; needs the store's ``_db`` transactions."""

    def _db(self, write: bool = False) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by SQLiteLibraryStore

    @staticmethod
    def _audit(db: sqlite3.Connection, actor: str | None, action: str,
               article_id: int | None, detail: str | None) -> None:
        db.execute(
            "INSERT INTO audit(at, actor, action, article_id, detail) VALUES (?,?,?,?,?)",
            (utc_now(), actor, action, article_id, detail),
        )

    def audit_log(self, limit: int | None = 50) -> list[dict[str, object]]:
        """The most recent changes to the library, newest first (``None``: all of them)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT at, actor, action, article_id, detail FROM audit ORDER BY at DESC, id DESC"
                " LIMIT ?", (-1 if limit is None else limit,),
            ).fetchall()
        return [dict(r) for r in rows]

    def append_audit(self, entries: list[dict[str, object]]) -> None:
        """Add past audit entries (``at``, ``actor``, ``action``, ``article_id``, ``detail``)
        as they are: an imported library keeps its history."""
        with self._db(write=True) as db:
            db.executemany(
                "INSERT INTO audit(at, actor, action, article_id, detail) VALUES"
                " (:at, :actor, :action, :article_id, :detail)", entries,
            )

    # answers and votes --------------------------------------------------------------------
    def log_answer(
        self, *, user: str | None, question: str, answer: str, declined: bool,
        citations: list[dict[str, object]],
    ) -> int:
        """Keep an answer given in Discord, so votes on it can be reviewed. Returns its id."""
        with self._db(write=True) as db:
            cur = db.execute(
                "INSERT INTO answers(at, user, question, answer, declined, citations)"
                " VALUES (?,?,?,?,?,?)",
                (utc_now(), user, question, answer, int(declined), json.dumps(citations)),
            )
            return int(cur.lastrowid or 0)

    def add_feedback(self, answer_id: int, *, user: str, helpful: bool) -> bool:
        """Record (or change) one person's vote on an answer. False if the answer is unknown."""
        if answer_id not in STORE_IDS:
            return False
        with self._db(write=True) as db:
            if db.execute("SELECT 1 FROM answers WHERE id=?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT OR REPLACE INTO feedback(answer_id, user, helpful, at) VALUES (?,?,?,?)",
                (answer_id, user, int(helpful), utc_now()),
            )
            return True

    def logged_answer(self, answer_id: int) -> tuple[str, list[dict[str, object]]] | None:
        """The question and citations of a kept answer, or None if it is unknown."""
        if answer_id not in STORE_IDS:
            return None
        with self._db() as db:
            row = db.execute("SELECT question, citations FROM answers WHERE id=?",
                             (answer_id,)).fetchone()
        return None if row is None else (row["question"], json.loads(row["citations"]))

    def feedback(self, limit: int = 50) -> list[FeedbackRow]:
        """The most recent votes with the answers they are about, newest first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT a.id, f.at, f.user, a.question, a.answer, a.citations, f.helpful"
                " FROM feedback f JOIN answers a ON a.id = f.answer_id"
                " ORDER BY f.at DESC LIMIT ?", (limit,),
            ).fetchall()
        return [
            FeedbackRow(
                id=int(r["id"]), at=r["at"], user=r["user"], question=r["question"],
                answer=r["answer"], citations=json.loads(r["citations"]),
                helpful=bool(r["helpful"]),
            )
            for r in rows
        ]

    # quiz progress --------------------------------------------------------------------------
    @staticmethod
    def _quizzes(db: sqlite3.Connection, user_id: int) -> int:
        row = db.execute(
            "SELECT COALESCE(MAX(quiz_number), 0) FROM quiz_sessions WHERE user_id = ?",
            (user_id,),
        ).fetchone()
        return int(row[0])

    def quiz_begin(self, user_id: int, session_id: str, at: float) -> int:
        """Count a new quiz for the user; returns its number (1 for the first). Idempotent."""
        with self._db(write=True) as db:
            row = db.execute(
                "SELECT quiz_number FROM quiz_sessions WHERE session_id = ?", (session_id,)
            ).fetchone()
            if row:
                return int(row[0])
            number = self._quizzes(db, user_id) + 1
            db.execute(
                "INSERT INTO quiz_sessions (session_id, user_id, quiz_number, started_at) "
                "VALUES (?, ?, ?, ?)", (session_id, user_id, number, at),
            )
            return number

    def quiz_record(self, row: QuizAnswerRow, *, max_box: int) -> None:
        """Record one closed question and move it in the user's review boxes."""
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO quiz_answers (user_id, session_id, question_id, article_id, "
                "paragraph, kind, status, correct, given, at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (row.user_id, row.session_id, row.question_id, row.article_id, row.paragraph,
                 row.kind, row.status, int(row.correct), row.given, row.at),
            )
            quiz = self._quizzes(db, row.user_id)
            if row.session_id is not None:
                found = db.execute("SELECT quiz_number FROM quiz_sessions WHERE session_id = ?",
                                   (row.session_id,)).fetchone()
                quiz = int(found[0]) if found else quiz
            box_row = db.execute(
                "SELECT box FROM quiz_reviews WHERE user_id = ? AND question_id = ?",
                (row.user_id, row.question_id),
            ).fetchone()
            if not row.correct:
                db.execute(
                    "INSERT INTO quiz_reviews (user_id, question_id, question_json, box, "
                    "due_quiz, updated_at) VALUES (?, ?, ?, 1, ?, ?) "
                    "ON CONFLICT (user_id, question_id) DO UPDATE SET box = 1, "
                    "due_quiz = excluded.due_quiz, question_json = excluded.question_json, "
                    "updated_at = excluded.updated_at",
                    (row.user_id, row.question_id, row.question_json, quiz + 1, row.at),
                )
            elif box_row is not None:
                box = int(box_row[0]) + 1
                if box > max_box:
                    db.execute("DELETE FROM quiz_reviews WHERE user_id = ? AND question_id = ?",
                               (row.user_id, row.question_id))
                else:
                    db.execute(
                        "UPDATE quiz_reviews SET box = ?, due_quiz = ?, updated_at = ? "
                        "WHERE user_id = ? AND question_id = ?",
                        (box, quiz + 2 ** (box - 1), row.at, row.user_id, row.question_id),
                    )

    def quiz_totals(self, user_id: int) -> QuizTotals:
        """Answered, correct and quiz counts for one user (zeros for a newcomer)."""
        with self._db() as db:
            answered, correct = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM quiz_answers WHERE user_id = ?",
                (user_id,),
            ).fetchone()
            return QuizTotals(user_id, int(answered), int(correct), self._quizzes(db, user_id))

    def quiz_leaderboard(self, limit: int) -> list[QuizTotals]:
        """Top users by questions right; ties go to the better accuracy, then fewer tries."""
        with self._db() as db:
            rows = db.execute(
                "SELECT a.user_id, COUNT(*) AS answered, SUM(a.correct) AS correct, "
                "(SELECT COUNT(*) FROM quiz_sessions s WHERE s.user_id = a.user_id) "
                "FROM quiz_answers a GROUP BY a.user_id "
                "ORDER BY correct DESC, CAST(SUM(a.correct) AS REAL) / COUNT(*) DESC, "
                "answered ASC, a.user_id ASC LIMIT ?",
                (max(0, int(limit)),),
            ).fetchall()
        return [QuizTotals(int(u), int(n), int(c), int(q)) for u, n, c, q in rows]

    def quiz_due(self, user_id: int, limit: int) -> list[str]:
        """JSON of missed questions due in the user's next quiz."""
        with self._db() as db:
            upcoming = self._quizzes(db, user_id) + 1
            rows = db.execute(
                "SELECT question_json FROM quiz_reviews WHERE user_id = ? AND due_quiz <= ? "
                "ORDER BY due_quiz ASC, box ASC, updated_at ASC, question_id ASC LIMIT ?",
                (user_id, upcoming, max(0, int(limit))),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def quiz_box(self, user_id: int, question_id: str) -> tuple[int, int] | None:
        """``(box, due_quiz)`` of a question in the user's review deck, or None."""
        with self._db() as db:
            row = db.execute(
                "SELECT box, due_quiz FROM quiz_reviews WHERE user_id = ? AND question_id = ?",
                (user_id, question_id),
            ).fetchone()
        return (int(row[0]), int(row[1])) if row else None
