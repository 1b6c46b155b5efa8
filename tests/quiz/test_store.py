"""SQLite persistence: answers, scores, leaderboards, spaced review, reopening."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from bot.quiz import QuizQuestion, QuizStore


def question(i: int) -> QuizQuestion:
    return QuizQuestion(
        id=f"q{i}", kind="multiple_choice", question=f"Who said thing {i}?",
        options=("Simon Bailey", "Theresa May", "Sadiq Khan", "Boris Johnson"),
        answer="Simon Bailey", accepted=("Bailey",), answer_type="PERSON", article_id=3,
        title="Police chief", paragraph=i, quote=f"Simon Bailey said thing {i}.",
        quote_start=10 * i, quote_end=10 * i + 8, fact="Simon Bailey", fact_start=10 * i,
        fact_end=10 * i + 5, rejected=("Theresa May",),
    )


@pytest.fixture
def path(tmp_path):
    return tmp_path / "library.sqlite3"


def test_scores_survive_reopening(path):
    store = QuizStore(path)
    store.begin_quiz(1, "s1", 0.0)
    store.record_answer(1, question(1), True, 1.0, session_id="s1", given="Bailey")
    store.record_answer(1, question(2), False, 2.0, session_id="s1", given="May")
    store.record_answer(1, question(3), False, 3.0, status="timed_out", session_id="s1")
    reopened = QuizStore(path)
    score = reopened.user_score(1)
    assert (score.answered, score.correct, score.quizzes) == (3, 1, 1)
    assert score.accuracy == pytest.approx(1 / 3)
    assert reopened.user_score(99).answered == 0 and reopened.user_score(99).accuracy == 0.0
    assert [q.id for q in reopened.due_reviews(1)] == ["q2", "q3"]
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT status, given FROM quiz_answers ORDER BY id").fetchall()
    assert rows == [("right", "Bailey"), ("wrong", "May"), ("timed_out", None)]


def test_quiz_tables_live_in_the_library_file_in_wal_mode(path):
    QuizStore(path)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"quiz_sessions", "quiz_answers", "quiz_reviews", "articles"} <= tables
    assert mode == "wal"


def test_one_front_door_the_quiz_uses_the_library_store(app):
    """The quiz reaches its tables through the library's own store (same connections and
    transactions), and its progress is not a change to the library's content."""
    from bot.quiz.service import Quizzes

    app.add_text("quizlib", "Harbour plan\n\nThe harbour wall will cost four million pounds.")
    lib = app.library("quizlib")
    quizzes = Quizzes(app)
    store = quizzes.store("quizlib")
    assert store.store is lib.store
    generation = lib.store.generation()
    store.record_answer(1, question(1), False, 1.0)
    assert lib.store.generation() == generation
    assert QuizStore(lib.store).review_box(1, "q1") == (1, 1)


def test_leaderboard_order_and_tie_break(path):
    store = QuizStore(path)
    # user 1: 2 right of 2; user 2: 2 right of 4; user 3: 3 right of 6; user 4: 0 of 1
    for user, right, wrong in ((1, 2, 0), (2, 2, 2), (3, 3, 3), (4, 0, 1)):
        for i in range(right):
            store.record_answer(user, question(i), True, float(i))
        for i in range(wrong):
            store.record_answer(user, question(100 + i), False, float(i))
    board = store.leaderboard(limit=3)
    assert [s.user_id for s in board] == [3, 1, 2]
    assert [s.correct for s in board] == [3, 2, 2]
    assert store.leaderboard(limit=10)[-1].user_id == 4
    assert store.leaderboard(limit=0) == []


def test_leaderboards_are_per_library_file(tmp_path):
    a = QuizStore(tmp_path / "a" / "library.sqlite3")
    b = QuizStore(tmp_path / "b" / "library.sqlite3")
    a.record_answer(1, question(1), True, 1.0)
    b.record_answer(2, question(1), True, 1.0)
    b.record_answer(2, question(2), True, 1.0)
    assert [s.user_id for s in a.leaderboard()] == [1]
    assert [s.user_id for s in b.leaderboard()] == [2]
    assert a.user_score(2).answered == 0


def test_missed_question_comes_back_next_quiz_then_moves_up_boxes(path):
    store = QuizStore(path)
    q = question(7)
    store.begin_quiz(1, "s1", 0.0)
    store.record_answer(1, q, False, 1.0, session_id="s1")
    assert store.review_box(1, q.id) == (1, 2)
    due = store.due_reviews(1, limit=5)
    assert [d.id for d in due] == [q.id] and due[0] == q  # re-askable as it was

    store.begin_quiz(1, "s2", 2.0)  # quiz 2: reviewed and right -> box 2, due at quiz 4
    store.record_answer(1, q, True, 3.0, session_id="s2")
    assert store.review_box(1, q.id) == (2, 4)
    assert store.due_reviews(1) == []  # not in quiz 3
    store.begin_quiz(1, "s3", 4.0)
    assert [d.id for d in store.due_reviews(1)] == [q.id]  # due in quiz 4

    store.begin_quiz(1, "s4", 5.0)  # right again -> box 3, due at quiz 8
    store.record_answer(1, q, True, 6.0, session_id="s4")
    assert store.review_box(1, q.id) == (3, 8)

    store.begin_quiz(1, "s5", 7.0)  # missed again -> back to box 1, next quiz
    store.record_answer(1, q, False, 8.0, session_id="s5")
    assert store.review_box(1, q.id) == (1, 6)
    for n, box in ((6, (2, 8)), (8, (3, 12)), (12, None)):
        while store.user_score(1).quizzes < n:
            store.begin_quiz(1, f"s{store.user_score(1).quizzes + 1}", 9.0)
        store.record_answer(1, q, True, 10.0, session_id=f"s{n}")
        assert store.review_box(1, q.id) == box  # learned after box 3: dropped


def test_reviews_are_per_user_limited_and_ordered(path):
    store = QuizStore(path)
    for i in range(6):
        store.record_answer(1, question(i), False, float(i))
    store.record_answer(2, question(9), False, 1.0)
    assert [q.id for q in store.due_reviews(1, limit=3)] == ["q0", "q1", "q2"]
    assert [q.id for q in store.due_reviews(2)] == ["q9"]
    assert store.due_reviews(3) == []
    assert QuizStore(path).due_reviews(1, limit=10)[5].id == "q5"


def test_right_first_time_is_not_reviewed(path):
    store = QuizStore(path)
    store.record_answer(1, question(1), True, 1.0)
    assert store.due_reviews(1) == [] and store.review_box(1, "q1") is None


def test_begin_quiz_is_idempotent(path):
    store = QuizStore(path)
    assert store.begin_quiz(1, "s1", 0.0) == 1
    assert store.begin_quiz(1, "s1", 0.0) == 1
    assert store.begin_quiz(1, "s2", 0.0) == 2
    assert store.begin_quiz(2, "s3", 0.0) == 1


def test_concurrent_writers(path):
    store = QuizStore(path)
    errors: list[BaseException] = []

    def work(user: int) -> None:
        try:
            other = QuizStore(path)  # a second store on the same file, as another thread
            for i in range(25):
                (store if i % 2 else other).record_answer(user, question(i), i % 3 == 0, i)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(u,)) for u in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(store.user_score(u).answered for u in range(8)) == 200
