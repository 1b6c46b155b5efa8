"""The quiz through the service API and the `footnote quiz` command."""

from __future__ import annotations

import io
import json
import random

import pytest

from bot.analysis import ArticleSource
from bot.cli import main
from bot.errors import NotFoundError
from bot.quiz.analyse import QUIZ_ANALYSER
from bot.quiz.draw import compatible
from bot.quiz.errors import NoQuestionsError, NotYourQuizError
from bot.quiz.service import Quizzes
from tests.quiz.support import news_files


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
    out = capsys.readouterr().out
    assert "Quiz stopped" in out
    titles = {a.title for a in app.list_articles("default")}
    assert any(f"From “{t}”" in out for t in titles), out  # the question's article is named
    assert main(["quiz", "--article", "99"]) == 1
    assert "no article 99" in capsys.readouterr().err


# -- the bank from stored analyses ------------------------------------------------------

NEWS = [p.read_text(encoding="utf-8") for p in news_files()[:3]]


class CountingParses:
    """Counts how many articles spaCy is run over (ArticleSource.spacy_docs)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = ArticleSource.spacy_docs

        def counted(source: ArticleSource) -> list:
            if source._docs is None:
                self.calls += 1
            return real(source)

        monkeypatch.setattr(ArticleSource, "spacy_docs", counted)


def test_articles_are_read_once_at_add_and_the_bank_is_made_from_stored_analyses(
        app, monkeypatch) -> None:
    parses = CountingParses(monkeypatch)
    first = app.add_text("news", NEWS[0]).article
    second = app.add_text("news", NEWS[1]).article
    assert parses.calls == 2
    stored = app.library("news").store.analysis(first.id, QUIZ_ANALYSER.kind)
    assert stored is not None and stored[0] == QUIZ_ANALYSER.version
    quizzes = Quizzes(app)
    before = quizzes.bank("news")
    assert {q.article_id for q in before} == {first.id, second.id}
    third = app.add_text("news", NEWS[2]).article
    after = quizzes.bank("news")
    assert parses.calls == 3  # only the new article was parsed, once, when it was added
    assert third.id in {q.article_id for q in after}
    assert {q.article_id for q in after} == {first.id, second.id, third.id}
    assert quizzes.bank("news") is after  # nothing changed: nothing remade


def test_articles_stored_before_the_analyser_existed_are_read_on_first_use(
        settings, fake_encoder) -> None:
    from bot.service import Footnote

    old = Footnote(settings, encoder=fake_encoder, analysers=())
    added = old.add_text("news", NEWS[0]).article
    assert old.library("news").store.analysis(added.id, QUIZ_ANALYSER.kind) is None
    app = Footnote(settings, encoder=fake_encoder)
    assert Quizzes(app).bank("news")
    assert app.library("news").store.analysis(added.id, QUIZ_ANALYSER.kind) is not None


def test_a_quiz_never_gives_one_answer_away_in_another(app) -> None:
    quizzes = Quizzes(app, rng=random.Random(3))
    session = quizzes.start("default", 5, n=15)
    questions = list(session.questions)
    assert len(questions) >= 12
    for i, q in enumerate(questions):
        assert compatible(q, questions[:i] + questions[i + 1:]), q


def test_fewer_questions_than_asked_says_why(app) -> None:
    quizzes = Quizzes(app)
    session = quizzes.start("default", 6, kinds={"true_false"}, n=40)
    available = len(quizzes.questions("default", kinds={"true_false"}))
    assert len(session.questions) <= available < 40
    assert session.shortfall is not None
    assert session.shortfall.startswith(
        f"You asked for 40, but this library has only {available} true/false questions.")
    assert Quizzes(app).start("default", 7, n=2).shortfall is None


def test_timeouts_are_stored_by_the_service(app) -> None:
    clock = FakeClock()
    quizzes = Quizzes(app, clock=clock, time_limit=30)
    quizzes.start("default", 8, n=2)
    clock.now += 100  # the first question times out while nobody looks...
    assert quizzes.score("default", 8).answered == 1
    clock.now += 100  # ...then the second, which started when the first was seen closed
    assert quizzes.score("default", 8).answered == 2
    assert quizzes.manager.latest("default", 8) is None  # over, stored, let go


def test_with_an_adapter_that_reports_showing_no_question_times_out_unseen(app) -> None:
    """Discord reports each question shown: the first, too, waits for its report however
    long its post takes and whatever reads the scores meanwhile."""
    clock = FakeClock()
    quizzes = Quizzes(app, clock=clock, time_limit=30)
    session = quizzes.start("default", 10, n=2, reports_shown=True)
    clock.now += 100  # the first post is slow, and someone asks for the scores
    assert quizzes.score("default", 10).answered == 0
    assert session.shown(session.questions[0].id) == 30
    clock.now += 31  # shown, it runs out as any question does
    assert quizzes.score("default", 10).answered == 1


def test_forget_drops_a_librarys_state(app) -> None:
    quizzes = Quizzes(app)
    quizzes.bank("default")
    quizzes.start("default", 9, n=1)
    quizzes.forget("default")
    assert quizzes.manager.latest("default", 9) is None
    assert "default" not in quizzes._libraries


def test_terminal_quiz_wraps_counts_and_says_checking(app, monkeypatch, capsys) -> None:
    monkeypatch.setattr("bot.service.make_encoder", lambda *a, **k: app.encoder)
    monkeypatch.setattr("sys.stdin", io.StringIO("true\nfalse\n"))
    assert main(["quiz", "-n", "2", "--kind", "true_false"]) == 0
    out = capsys.readouterr().out
    assert "Quiz: 2 questions." in out
    assert out.count("checking…") == 1
    assert "in 1 quiz." in out
    assert max(len(line) for line in out.splitlines()) <= 88
    assert "one slip" in out  # the marking rule is stated
    monkeypatch.setattr("sys.stdin", io.StringIO("stop\n"))
    assert main(["quiz", "-n", "1"]) == 0
    assert "Quiz: 1 question." in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("stop\n"))
    assert main(["quiz", "--kind", "true_false", "-n", "40"]) == 0
    assert "You asked for 40, but this library has only" in capsys.readouterr().out


def test_export_keeps_its_shape(app, monkeypatch, capsys) -> None:
    monkeypatch.setattr("bot.service.make_encoder", lambda *a, **k: app.encoder)
    assert main(["quiz", "--export", "--kind", "short_answer"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported
    for q in exported:
        assert set(q) == {"id", "kind", "question", "answer", "citation"}
        assert set(q["citation"]) == {"article_id", "title", "paragraph", "quote"}
        assert q["question"].endswith("?") and q["answer"] in q["citation"]["quote"]
