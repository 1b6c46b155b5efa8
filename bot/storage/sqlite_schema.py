"""The SQLite layout of one library, as ordered migrations (see :mod:`bot.storage.migrations`),
and how its rows become :class:`Article` and :class:`Passage`.

Step 1 is the layout Footnote used before versions were recorded, written with
``IF NOT EXISTS`` so a library file made by that code is adopted as it is (its
quiz tables may or may not exist yet: the quiz used to create them itself).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from bot.models import Article, Passage
from bot.storage.migrations import Migration, check_order

BASELINE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    author TEXT, author_role TEXT, publication TEXT, published TEXT,
    url TEXT, source TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    byline_start INTEGER, byline_end INTEGER,
    added_at TEXT NOT NULL, added_by TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    vector BLOB NOT NULL,
    sentence_vectors BLOB NOT NULL
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

CHANGE_LOG = """
CREATE TABLE changes (
    generation INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    article_id INTEGER,
    at TEXT NOT NULL
);
"""


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(db: sqlite3.Connection) -> None:
        # executescript would COMMIT the migration's transaction: run statement by statement
        for statement in sql.split(";"):
            if statement.strip():
                db.execute(statement)

    return apply


MIGRATIONS: list[Migration[sqlite3.Connection]] = [
    Migration(1, "baseline: articles, passages, vectors, analyses, audit, answers, votes, quiz",
              _script(BASELINE)),
    Migration(2, "change log: which article each generation changed", _script(CHANGE_LOG)),
]
LATEST = check_order(MIGRATIONS)

ARTICLE_SELECT = (
    "SELECT a.*, (SELECT COUNT(*) FROM passages p WHERE p.article_id=a.id) AS n FROM articles a"
)


def article_row(row: sqlite3.Row) -> Article:
    """An :class:`Article` from a row of ``ARTICLE_SELECT``."""
    byline = None
    if row["byline_start"] is not None:
        byline = (int(row["byline_start"]), int(row["byline_end"]))
    return Article(
        id=int(row["id"]), title=row["title"], text=row["text"],
        content_hash=row["content_hash"], author=row["author"],
        author_role=row["author_role"], publication=row["publication"],
        published=row["published"], url=row["url"], source=row["source"], byline=byline,
        added_at=row["added_at"], added_by=row["added_by"], passage_count=int(row["n"]),
    )


def passage_row(row: sqlite3.Row, article_text: str) -> Passage:
    """A :class:`Passage` from a row of ``passages`` (its text cut from the article's)."""
    start, end = int(row["start"]), int(row["end"])
    return Passage(
        id=int(row["id"]), article_id=int(row["article_id"]), paragraph=int(row["paragraph"]),
        start=start, end=end, text=article_text[start:end],
        sentences=tuple((int(a), int(b)) for a, b in json.loads(row["sentences"])),
    )
