"""What people do around a library, in PostgreSQL: the audit log, answers and votes, quiz
progress (a mixin of :class:`bot.storage.postgres_store.PostgresLibraryStore`; the same
rules as :mod:`bot.storage.sqlite_activity`, every row scoped to the library)."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any

from bot.storage.base import STORE_IDS, FeedbackRow, QuizAnswerRow, QuizTotals, utc_now


class PostgresActivity:
    """Audit, answers, votes and quiz tables; needs the store's ``_db`` transactions."""

    library_id: int

    def _db(self, write: bool = False) -> AbstractContextManager[Any]:
        raise NotImplementedError  # provided by PostgresLibraryStore

    def _statement(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # provided by PostgresLibraryStore

    def _audit(self, db: Any, actor: str | None, action: str, article_id: int | None,
               detail: str | None) -> None:
        db.execute(
            "INSERT INTO audit (library_id, at, actor, action, article_id, detail)"
            " VALUES (%s,%s,%s,%s,%s,%s)",
            (self.library_id, utc_now(), actor, action, article_id, detail),
        )

    def audit_log(self, limit: int | None = 50) -> list[dict[str, object]]:
        """The most recent changes to the library, newest first (``None``: all of them)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT at, actor, action, article_id, detail FROM audit WHERE library_id = %s"
                " ORDER BY at DESC, id DESC LIMIT %s", (self.library_id, limit),
            ).fetchall()
        keys = ("at", "actor", "action", "article_id", "detail")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def append_audit(self, entries: list[dict[str, object]]) -> None:
        """Add past audit entries as they are: an imported library keeps its history."""
        with self._db(write=True) as db, db.cursor() as cur:
            cur.executemany(
                "INSERT INTO audit (library_id, at, actor, action, article_id, detail) VALUES"
                " (%(library_id)s, %(at)s, %(actor)s, %(action)s, %(article_id)s, %(detail)s)",
                [{**entry, "library_id": self.library_id} for entry in entries],
            )

    # answers and votes ------------------------------------------------------------------------
    def log_answer(
        self, *, user: str | None, question: str, answer: str, declined: bool,
        citations: list[dict[str, object]],
    ) -> int:
        """Keep an answer given in Discord, so votes on it can be reviewed. Returns its id.

        One statement (one round trip: the bot logs every answer): numbering it takes the
        library's row lock, so it waits for a writer as a write transaction would."""
        rows = self._statement(
            "WITH n AS (UPDATE libraries SET last_answer_id = last_answer_id + 1 WHERE id = %s"
            " RETURNING last_answer_id) INSERT INTO answers (library_id, id, at, username,"
            " question, answer, declined, citations) SELECT %s, n.last_answer_id, %s, %s, %s,"
            " %s, %s, %s FROM n RETURNING id",
            (self.library_id, self.library_id, utc_now(), user, question, answer, declined,
             json.dumps(citations)),
        )
        return int(rows[0][0])

    def add_feedback(self, answer_id: int, *, user: str, helpful: bool) -> bool:
        """Record (or change) one person's vote on an answer. False if the answer is unknown."""
        if answer_id not in STORE_IDS:
            return False
        with self._db(write=True) as db:
            if db.execute("SELECT 1 FROM answers WHERE library_id = %s AND id = %s",
                          (self.library_id, answer_id)).fetchone() is None:
                return False
            db.execute(
                "INSERT INTO feedback (library_id, answer_id, username, helpful, at)"
                " VALUES (%s,%s,%s,%s,%s) ON CONFLICT (library_id, answer_id, username)"
                " DO UPDATE SET helpful = excluded.helpful, at = excluded.at",
                (self.library_id, answer_id, user, helpful, utc_now()),
            )
        return True

    def logged_answer(self, answer_id: int) -> tuple[str, list[dict[str, object]]] | None:
        """The question and citations of a kept answer, or None if it is unknown."""
        if answer_id not in STORE_IDS:
            return None
        with self._db() as db:
            row = db.execute("SELECT question, citations FROM answers"
                             " WHERE library_id = %s AND id = %s",
                             (self.library_id, answer_id)).fetchone()
        return None if row is None else (row[0], json.loads(row[1]))

    def feedback(self, limit: int = 50) -> list[FeedbackRow]:
        """The most recent votes with the answers they are about, newest first."""
        with self._db() as db:
            rows = db.execute(
                "SELECT a.id, f.at, f.username, a.question, a.answer, a.citations, f.helpful"
                " FROM feedback f JOIN answers a ON a.library_id = f.library_id"
                " AND a.id = f.answer_id WHERE f.library_id = %s ORDER BY f.at DESC LIMIT %s",
                (self.library_id, limit),
            ).fetchall()
        return [
            FeedbackRow(id=int(i), at=at, user=user, question=q, answer=a,
                        citations=json.loads(c), helpful=bool(h))
            for i, at, user, q, a, c, h in rows
        ]

    # quiz progress ------------------------------------------------------------------------------
    def _quizzes(self, db: Any, user_id: int) -> int:
        row = db.execute("SELECT COALESCE(MAX(quiz_number), 0) FROM quiz_sessions"
                         " WHERE library_id = %s AND user_id = %s",
                         (self.library_id, user_id)).fetchone()
        return int(row[0])

    def quiz_begin(self, user_id: int, session_id: str, at: float) -> int:
        """Count a new quiz for the user; returns its number (1 for the first). Idempotent."""
        with self._db(write=True) as db:
            row = db.execute("SELECT quiz_number FROM quiz_sessions WHERE library_id = %s"
                             " AND session_id = %s", (self.library_id, session_id)).fetchone()
            if row:
                return int(row[0])
            number = self._quizzes(db, user_id) + 1
            db.execute("INSERT INTO quiz_sessions (library_id, session_id, user_id, quiz_number,"
                       " started_at) VALUES (%s,%s,%s,%s,%s)",
                       (self.library_id, session_id, user_id, number, at))
            return number

    def quiz_record(self, row: QuizAnswerRow, *, max_box: int) -> None:
        """Record one closed question and move it in the user's review boxes."""
        lib = self.library_id
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO quiz_answers (library_id, user_id, session_id, question_id,"
                " article_id, paragraph, kind, status, correct, given, at)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                (lib, row.user_id, row.session_id, row.question_id, row.article_id,
                 row.paragraph, row.kind, row.status, row.correct, row.given, row.at),
            )
            quiz = self._quizzes(db, row.user_id)
            if row.session_id is not None:
                found = db.execute("SELECT quiz_number FROM quiz_sessions WHERE library_id = %s"
                                   " AND session_id = %s", (lib, row.session_id)).fetchone()
                quiz = int(found[0]) if found else quiz
            key = (lib, row.user_id, row.question_id)
            box_row = db.execute("SELECT box FROM quiz_reviews WHERE library_id = %s"
                                 " AND user_id = %s AND question_id = %s", key).fetchone()
            if not row.correct:
                db.execute(
                    "INSERT INTO quiz_reviews (library_id, user_id, question_id, question_json,"
                    " box, due_quiz, updated_at) VALUES (%s,%s,%s,%s,1,%s,%s)"
                    " ON CONFLICT (library_id, user_id, question_id) DO UPDATE SET box = 1,"
                    " due_quiz = excluded.due_quiz, question_json = excluded.question_json,"
                    " updated_at = excluded.updated_at",
                    (*key, row.question_json, quiz + 1, row.at),
                )
            elif box_row is not None:
                box = int(box_row[0]) + 1
                if box > max_box:
                    db.execute("DELETE FROM quiz_reviews WHERE library_id = %s AND user_id = %s"
                               " AND question_id = %s", key)
                else:
                    db.execute("UPDATE quiz_reviews SET box = %s, due_quiz = %s, updated_at = %s"
                               " WHERE library_id = %s AND user_id = %s AND question_id = %s",
                               (box, quiz + 2 ** (box - 1), row.at, *key))

    def quiz_totals(self, user_id: int) -> QuizTotals:
        """Answered, correct and quiz counts for one user (zeros for a newcomer)."""
        with self._db() as db:
            answered, correct = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(correct::int), 0) FROM quiz_answers"
                " WHERE library_id = %s AND user_id = %s", (self.library_id, user_id),
            ).fetchone()
            return QuizTotals(user_id, int(answered), int(correct), self._quizzes(db, user_id))

    def quiz_leaderboard(self, limit: int) -> list[QuizTotals]:
        """Top users by questions right; ties go to the better accuracy, then fewer tries."""
        with self._db() as db:
            rows = db.execute(
                "SELECT a.user_id, COUNT(*) AS answered, SUM(a.correct::int) AS right_answers,"
                " (SELECT COUNT(*) FROM quiz_sessions s WHERE s.library_id = a.library_id"
                " AND s.user_id = a.user_id) FROM quiz_answers a WHERE a.library_id = %s"
                " GROUP BY a.library_id, a.user_id ORDER BY right_answers DESC,"
                " SUM(a.correct::int)::double precision / COUNT(*) DESC, answered ASC,"
                " a.user_id ASC LIMIT %s", (self.library_id, max(0, int(limit))),
            ).fetchall()
        return [QuizTotals(int(u), int(n), int(c), int(q)) for u, n, c, q in rows]

    def quiz_due(self, user_id: int, limit: int) -> list[str]:
        """JSON of missed questions due in the user's next quiz."""
        with self._db() as db:
            upcoming = self._quizzes(db, user_id) + 1
            rows = db.execute(
                "SELECT question_json FROM quiz_reviews WHERE library_id = %s AND user_id = %s"
                " AND due_quiz <= %s ORDER BY due_quiz ASC, box ASC, updated_at ASC,"
                " question_id ASC LIMIT %s",
                (self.library_id, user_id, upcoming, max(0, int(limit))),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def quiz_box(self, user_id: int, question_id: str) -> tuple[int, int] | None:
        """``(box, due_quiz)`` of a question in the user's review deck, or None."""
        with self._db() as db:
            row = db.execute("SELECT box, due_quiz FROM quiz_reviews WHERE library_id = %s"
                             " AND user_id = %s AND question_id = %s",
                             (self.library_id, user_id, question_id)).fetchone()
        return (int(row[0]), int(row[1])) if row else None
