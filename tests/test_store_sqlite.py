"""The SQLite backend itself: migrations from older files, a newer file refused, damage
named, and the file descriptors an open store holds."""

from __future__ import annotations

import gc
import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from bot.errors import LibraryError
from bot.library import Library
from bot.quiz import QuizStore
from bot.storage.sqlite import SQLiteLibraryStore
from bot.storage.sqlite_schema import LATEST
from tests.fakes import HashingEncoder
from tests.test_library import add, check_consistent

# The layout Footnote wrote before schema versions existed (bot/store.py and
# bot/quiz/store.py of the first release), verbatim.
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,
    author TEXT, author_role TEXT, publication TEXT, published TEXT,
    url TEXT, source TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE, text TEXT NOT NULL,
    byline_start INTEGER, byline_end INTEGER, added_at TEXT NOT NULL, added_by TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    sentences TEXT NOT NULL, vector BLOB NOT NULL, sentence_vectors BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id);
CREATE TABLE IF NOT EXISTS analyses (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, version INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (article_id, kind)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL, actor TEXT, action TEXT NOT NULL, article_id INTEGER, detail TEXT
);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL, user TEXT, question TEXT NOT NULL, answer TEXT NOT NULL,
    declined INTEGER NOT NULL, citations TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    user TEXT NOT NULL, helpful INTEGER NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user)
);
CREATE TABLE IF NOT EXISTS quiz_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quiz_sessions (
    session_id TEXT PRIMARY KEY, user_id INTEGER NOT NULL, quiz_number INTEGER NOT NULL,
    started_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS quiz_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, session_id TEXT,
    question_id TEXT NOT NULL, article_id INTEGER NOT NULL, paragraph INTEGER NOT NULL,
    kind TEXT NOT NULL, status TEXT NOT NULL, correct INTEGER NOT NULL, given TEXT,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS quiz_reviews (
    user_id INTEGER NOT NULL, question_id TEXT NOT NULL, question_json TEXT NOT NULL,
    box INTEGER NOT NULL, due_quiz INTEGER NOT NULL, updated_at REAL NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
"""


def old_library(root: Path, encoder: HashingEncoder) -> list[str]:
    """A library file as the first release left it: two articles, generation 2, a vote,
    a quiz answer, and a FAISS file + manifest of the old format. Returns the texts."""
    root.mkdir(parents=True)
    db = sqlite3.connect(root / "library.sqlite3")
    db.executescript(OLD_SCHEMA)
    texts = ["Old one\n\nThe harbour wall will cost four million pounds.",
             "Old two\n\nThe orchard apples were picked early this year."]
    for n, text in enumerate(texts, start=1):
        body = text.split("\n\n")[1]
        start = text.index(body)
        cur = db.execute(
            "INSERT INTO articles(title, source, content_hash, text, added_at, added_by)"
            " VALUES (?,?,?,?,?,?)", (f"Old {n}", "old.txt", f"hash{n}", text,
                                      "2026-01-01T00:00:00+00:00", "old"))
        vectors = encoder.encode([body, body])
        db.execute(
            "INSERT INTO passages(article_id, paragraph, start, end, sentences, vector,"
            " sentence_vectors) VALUES (?,?,?,?,?,?,?)",
            (cur.lastrowid, 1, start, start + len(body), f"[[{start}, {start + len(body)}]]",
             vectors[0].tobytes(), vectors[1:].tobytes()))
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   [("generation", "2"), ("model_id", encoder.model_id), ("dim", "64")])
    db.execute("INSERT INTO answers(at, user, question, answer, declined, citations)"
               " VALUES ('t', 'u', 'q?', 'a', 0, '[]')")
    db.execute("INSERT INTO feedback VALUES (1, 'v', 1, 't')")
    db.execute("INSERT INTO quiz_meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO quiz_answers(user_id, question_id, article_id, paragraph, kind,"
               " status, correct, at) VALUES (5, 'q1', 1, 1, 'cloze', 'right', 1, 1.0)")
    db.commit()
    db.close()
    (root / "manifest.json").write_text(
        '{"format": 1, "model_id": "test-hashing", "dim": 64, "generation": 2, "passages": 2}')
    return texts


def test_a_library_written_by_the_first_release_opens_and_works(tmp_path: Path) -> None:
    root = tmp_path / "libraries" / "old"
    encoder = HashingEncoder()
    texts = old_library(root, encoder)
    lib = Library("old", root, encoder)
    assert lib.store.schema_version() == LATEST
    assert [a.text for a in lib.articles()] == texts
    assert lib.store.feedback()[0].helpful is True
    assert QuizStore(lib.store).user_score(5).correct == 1
    snap = lib.snapshot()  # the old FAISS file is of another format: rebuilt, no error
    assert [p.text for p in snap.passages] == [t.split("\n\n")[1] for t in texts]
    assert lib.store.changes_since(0) is None  # no log before the migration: full reload
    added = add(lib, 7).article
    assert lib.store.changes_since(2) is not None
    assert set(lib.snapshot().articles) == {1, 2, added.id}
    check_consistent(lib)
    lib.close()
    again = SQLiteLibraryStore(root / "library.sqlite3")  # migrating twice changes nothing
    assert again.schema_version() == LATEST and again.generation() == 3


def test_a_store_from_a_newer_footnote_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lib" / "library.sqlite3"
    store = SQLiteLibraryStore(path)
    store.set_meta("schema_version", str(LATEST + 1))
    store.close()
    before = path.read_bytes()
    with pytest.raises(LibraryError) as info:
        SQLiteLibraryStore(path)
    message = str(info.value)
    assert f"storage schema {LATEST + 1}" in message and "Upgrade Footnote" in message
    assert "\n" not in message
    assert path.read_bytes() == before


def test_a_damaged_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "lib" / "library.sqlite3"
    path.parent.mkdir()
    path.write_bytes(os.urandom(8192))
    with pytest.raises(LibraryError, match=r"is damaged.*Restore library\.sqlite3"):
        SQLiteLibraryStore(path, "lib")


def _open_fds(under: Path) -> int:
    """Descriptors held on files below ``under`` (not the whole process's: a thread another
    test left, a listener or an index builder, may open and close its own meanwhile)."""
    gc.collect()  # connections earlier tests dropped close when collected
    held = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            held += os.readlink(f"/proc/self/fd/{fd}").startswith(f"{under.resolve()}/")
        except OSError:  # closed meanwhile
            continue
    return held


def test_an_open_store_holds_few_descriptors_and_close_releases_them(tmp_path: Path) -> None:
    start = _open_fds(tmp_path)
    stores = [SQLiteLibraryStore(tmp_path / f"l{i}" / "library.sqlite3") for i in range(20)]
    for s in stores:
        s.set_meta("x", "1")
        assert s.get_meta("x") == "1"
    held = _open_fds(tmp_path) - start
    assert held <= 3 * len(stores)  # one idle connection: the file, its WAL, its shared memory
    for s in stores:
        s.close()
    assert _open_fds(tmp_path) <= start
    assert stores[0].get_meta("x") == "1"  # a closed store reconnects on use
    stores[0].close()


def test_threads_share_the_pool_without_leaking(tmp_path: Path) -> None:
    import threading

    store = SQLiteLibraryStore(tmp_path / "l" / "library.sqlite3")
    start = _open_fds(tmp_path)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for i in range(30):
                store.set_meta(f"k{threading.get_ident()}", str(i))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert np.all([store.get_meta(f"k{t.ident}") == "29" for t in threads])
    store.close()
    assert _open_fds(tmp_path) < start  # the threads' connections and the idle one are all closed


def test_migrate_brings_every_library_file_forward(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.cli import main

    data = tmp_path / "data"
    monkeypatch.setenv("FOOTNOTE_DATA_DIR", str(data))
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out == f"There are no libraries in {data} yet: nothing to migrate.\n"
    old_library(data / "libraries" / "old", HashingEncoder())
    SQLiteLibraryStore(data / "libraries" / "new" / "library.sqlite3", "new").close()
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out == (
        f"2 libraries in {data} at storage schema version {LATEST} (1 migrated just now).\n")
    assert SQLiteLibraryStore(data / "libraries" / "old" / "library.sqlite3").schema_version() \
        == LATEST
