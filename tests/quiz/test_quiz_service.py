"""The quiz through the service API and the `footnote quiz` command."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main
from bot.errors import NotFoundError
from bot.quiz.errors import NoQuestionsError, NotYourQuizError
from bot.quiz.service import Quizzes


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_export_shape_and_verbatim_citations(app) -> None:
    quizzes = Quizzes(app)
    questions = quizzes.questions("default")
    assert questions, "the seed article yields questions"
    article = app.library("default").article(questions[0].article_id)
    for q in questions:
        assert article.text[q.quote_start : q.quote_end] == q.quote
        if q.kind != "true_false":
            assert q.answer in q.quote


def test_scores_persist_per_library_and_reviews_come_back(app) -> None:
    clock = FakeClock()
    quizzes = Quizzes(app, clock=clock)
    session = quizzes.start("default", 42, n=2)
    first = session.current()
    assert first is not None
    quizzes.answer("default", 42, first.id, "definitely not the answer")
    second = session.current()
    assert second is not None
    with pytest.raises(NotYourQuizError):
        session.answer(7, second.id, "x", lambda given, q: None)  # type: ignore[arg-type]
    quizzes.answer("default", 42, second.id, second.answer)
    score = quizzes.score("default", 42)
    assert (score.answered, score.correct, score.quizzes) == (2, 1, 1)
    # a new Quizzes (a restart) sees the same record, and the missed question comes back
    again = Quizzes(app, clock=clock)
    assert again.score("default", 42).answered == 2
    review = again.start("default", 42, n=2)
    assert first.id in {q.id for q in review.questions}
    # another library keeps its own board
    app.add_text("other", "Ada Lovelace wrote the first program in 1843 in London.\n\n"
                 "Charles Babbage designed the Analytical Engine in England.", title="Ada")
    assert again.leaderboard("other") == []


def test_unknown_article_and_empty_library(app) -> None:
    quizzes = Quizzes(app)
    with pytest.raises(NotFoundError):
        quizzes.questions("default", article_id=999)
    with pytest.raises(NoQuestionsError):
        quizzes.questions("empty-lib")


def test_cli_export_and_run(app, monkeypatch, capsys) -> None:
    monkeypatch.setattr("bot.service.make_encoder", lambda *a, **k: app.encoder)
    assert main(["quiz", "--export", "-n", "3", "--seed", "1"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert len(exported) == 3
    for q in exported:
        assert {"kind", "question", "answer", "citation"} <= set(q)
        assert {"article_id", "paragraph", "quote"} <= set(q["citation"])
    monkeypatch.setattr("sys.stdin", io.StringIO("stop\n"))
    assert main(["quiz", "-n", "2"]) == 0
    assert "Quiz stopped" in capsys.readouterr().out
    assert main(["quiz", "--article", "99"]) == 1
    assert "no article 99" in capsys.readouterr().err
