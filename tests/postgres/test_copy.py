"""``footnote copy``: libraries from SQLite files to PostgreSQL and back, exactly.

Exactly means every row: article ids (with the gaps removals leave) and the next id to
give, texts and metadata, passages and their vectors bit for bit, analyses, the audit
log, answers and votes, quiz progress and the library's metadata; only the vectors
epoch (the key of the index caches) is new. And the copy answers as the original does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.service import Footnote
from bot.settings import Settings
from bot.storage import QuizAnswerRow, SQLiteStorage, Storage
from bot.storage.base import CopyRow
from bot.storage.postgres import PostgresStorage
from tests.fakes import HashingEncoder
from tests.hostile.support import cli, refused

QUESTION = "What did the council decide about the harbour wall?"
ARTICLES = [
    ("Harbour wall approved\n\nThe council approved a harbour wall on Tuesday after a long "
     "debate.\n\nIt will cost four million pounds and protect two hundred homes.", None),
    ("Orchard festival\n\nThe orchard festival drew crowds to the town square on Saturday.", None),
    ("Railway timetable\n\nThe new railway timetable starts in May, with trains every hour.",
     "https://news.test/rail"),
    ("Railway timetable delayed\n\nThe new railway timetable is delayed until June, the "
     "operator said.", "https://news.test/rail"),  # same URL: replaces the one above
    ("Museum reopens\n\nThe museum reopens next week after a two-year renovation.", None),
]


def fill(app: Footnote, name: str) -> None:
    """A library with some of everything a library holds."""
    for text, url in ARTICLES:
        app.add_text(name, text, url=url, actor="mod#1")
    app.remove_article(name, 2, actor="mod#2")  # a gap in the ids
    store = app.library(name).store
    store.set_analysis(1, "test-analysis", 3, b"\x00\x01binary")
    answer = app.ask(name, QUESTION)
    answer_id = app.record_answer(name, answer, user="alice")
    app.feedback(name, answer_id, user="bob", helpful=True)
    app.feedback(name, answer_id, user="carol", helpful=False)
    store.quiz_begin(42, "session-1", 1.5)
    for correct, question in ((False, "q1"), (True, "q2")):
        store.quiz_record(QuizAnswerRow(
            user_id=42, question_id=question, question_json=f'{{"id": "{question}"}}',
            article_id=1, paragraph=1, kind="cloze", status="right" if correct else "wrong",
            correct=correct, at=2.25, session_id="session-1", given="x"), max_box=3)


def dump(storage: Storage, name: str) -> list[CopyRow]:
    """Every row of a library, as the copy format has it (the vectors epoch left out)."""
    store = storage.open(name)
    try:
        with store.transaction():
            rows = list(store.dump())
    finally:
        store.close()
    return [r for r in rows if not (r[0] == "meta" and r[1][0] == "vectors_epoch")]


def app_on(settings: Settings, where: str | Path) -> Footnote:
    """The service on a PostgreSQL URL or a data folder (no seeds: the rows are ours)."""
    if isinstance(where, str):
        changed = {"database_url": SecretStr(where), "seeds_dir": settings.data_dir / "none"}
    else:
        changed = {"data_dir": where, "seeds_dir": settings.data_dir / "none"}
    return Footnote(settings.model_copy(update=changed), encoder=HashingEncoder(), analysers=())


@pytest.mark.parametrize("start", ["sqlite", "postgresql"])
def test_copy_there_and_back_keeps_every_row(
    start: str, pg_url: str, settings: Settings, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, back = tmp_path / "files", tmp_path / "files-again"
    first, second = (folder, pg_url) if start == "sqlite" else (pg_url, folder)
    original = app_on(settings, first)
    fill(original, "guild-1")
    fill(original, "default")
    asked = original.ask("guild-1", QUESTION)
    original.close()

    def storage_of(where: str | Path) -> Storage:
        return (PostgresStorage(where, tmp_path / "cache") if isinstance(where, str)
                else SQLiteStorage(where))

    code, out, err = cli(capsys, "copy", "--all", "--from", str(first), "--to", str(second))
    assert code == 0, err
    assert out.count("Copied library") == 2 and "(3 articles)" in out
    code, out, err = cli(capsys, "copy", "--library", "guild-1", "--from", str(second),
                         "--to", str(back))
    assert code == 0, err
    assert "1 other library" in err  # the hint that --all copies the rest
    rows = dump(storage_of(first), "guild-1")
    assert rows == dump(storage_of(second), "guild-1") == dump(SQLiteStorage(back), "guild-1")
    tables = {table for table, _ in rows}
    assert tables == {"meta", "articles", "passages", "analyses", "audit", "answers", "feedback",
                      "quiz_sessions", "quiz_answers", "quiz_reviews", "counters"}
    assert [r[0] for t, r in rows if t == "articles"] == [1, 3, 4]
    assert dump(storage_of(first), "default") == dump(storage_of(second), "default")

    for where in (second, back):  # the copies answer exactly as the original did
        copy = app_on(settings, where)
        try:
            assert copy.ask("guild-1", QUESTION) == asked
            added = copy.add_text("guild-1", "Bridge news\n\nThe bridge closes for repairs.")
            assert added.article.id == 5  # ids are not reused after a copy either
        finally:
            copy.close()


def test_a_copy_never_mixes_into_a_library_that_holds_something(
    pg_url: str, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "files"
    for where in (folder, pg_url):
        app = app_on(settings, where)
        app.add_text("news", f"Local news\n\nSomething big happened in {where}.")
        app.close()
    before = dump(PostgresStorage(pg_url, tmp_path), "news")
    message = refused(capsys, "copy", "--library", "news", "--from", str(folder), "--to", pg_url)
    assert message.startswith("Library 'news' already holds articles or history at")
    assert dump(PostgresStorage(pg_url, tmp_path), "news") == before
    assert "There is no library 'nothing'" in refused(
        capsys, "copy", "--library", "nothing", "--from", str(folder), "--to", pg_url)
    assert "same storage" in refused(capsys, "copy", "--from", pg_url, "--to", pg_url)
    assert "not a storage Footnote knows" in refused(capsys, "copy", "--to", "mysql://x/y")
