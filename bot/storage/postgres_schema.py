"""The PostgreSQL layout: every library in one schema, as ordered migrations
(see :mod:`bot.storage.migrations`).

One ``libraries`` row per library holds its id, its generation and the counters
of its user-visible ids (articles and answers are numbered per library, 1, 2, 3...,
as in the SQLite files, and never reused); every other table carries a
``library_id`` and every query names it. Passage ids come from one sequence
shared by all libraries (they are only FAISS keys). Vectors are ``bytea`` of
little-endian float32 (the server needs no vector extension). Column names follow
the SQLite files, except ``user`` (``username``) and ``start``/``end``
(``span_start``/``span_end``), which are reserved words here; the selects alias
them back, so :func:`bot.storage.sqlite_schema.article_row` and ``passage_row``
read these rows too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.storage.migrations import Migration, check_order

SCHEMA_TABLE = "footnote_meta"
"""Database-wide key/value pairs: ``schema_version``."""
CHANNEL = "footnote_changes"
"""The LISTEN/NOTIFY channel; payload ``"<schema> <generation> <library>"``."""

BASELINE = """
CREATE TABLE footnote_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE libraries (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    generation BIGINT NOT NULL DEFAULT 0,
    last_article_id BIGINT NOT NULL DEFAULT 0,
    last_answer_id BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE library_meta (
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (library_id, key)
);
CREATE TABLE articles (
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    title TEXT NOT NULL,
    author TEXT, author_role TEXT, publication TEXT, published TEXT,
    url TEXT, source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    byline_start INTEGER, byline_end INTEGER,
    added_at TEXT NOT NULL, added_by TEXT,
    PRIMARY KEY (library_id, id),
    UNIQUE (library_id, content_hash)
);
CREATE UNIQUE INDEX articles_url ON articles (library_id, url) WHERE url IS NOT NULL;
CREATE TABLE passages (
    id BIGSERIAL PRIMARY KEY,
    library_id INTEGER NOT NULL,
    article_id BIGINT NOT NULL,
    paragraph INTEGER NOT NULL,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    vector BYTEA NOT NULL,
    sentence_vectors BYTEA NOT NULL,
    FOREIGN KEY (library_id, article_id) REFERENCES articles (library_id, id) ON DELETE CASCADE
);
CREATE INDEX passages_article ON passages (library_id, article_id, id);
CREATE TABLE analyses (
    library_id INTEGER NOT NULL,
    article_id BIGINT NOT NULL,
    kind TEXT NOT NULL, version INTEGER NOT NULL, data BYTEA NOT NULL,
    PRIMARY KEY (library_id, article_id, kind),
    FOREIGN KEY (library_id, article_id) REFERENCES articles (library_id, id) ON DELETE CASCADE
);
CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    at TEXT NOT NULL, actor TEXT, action TEXT NOT NULL, article_id BIGINT, detail TEXT
);
CREATE INDEX audit_recent ON audit (library_id, at DESC, id DESC);
CREATE TABLE answers (
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    id BIGINT NOT NULL,
    at TEXT NOT NULL, username TEXT, question TEXT NOT NULL, answer TEXT NOT NULL,
    declined BOOLEAN NOT NULL, citations TEXT NOT NULL,
    PRIMARY KEY (library_id, id)
);
CREATE TABLE feedback (
    library_id INTEGER NOT NULL,
    answer_id BIGINT NOT NULL,
    username TEXT NOT NULL, helpful BOOLEAN NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (library_id, answer_id, username),
    FOREIGN KEY (library_id, answer_id) REFERENCES answers (library_id, id) ON DELETE CASCADE
);
CREATE INDEX feedback_recent ON feedback (library_id, at DESC);
CREATE TABLE quiz_sessions (
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    quiz_number INTEGER NOT NULL,
    started_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (library_id, session_id)
);
CREATE INDEX quiz_sessions_user ON quiz_sessions (library_id, user_id);
CREATE TABLE quiz_answers (
    id BIGSERIAL PRIMARY KEY,
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    session_id TEXT,
    question_id TEXT NOT NULL,
    article_id BIGINT NOT NULL,
    paragraph INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    correct BOOLEAN NOT NULL,
    given TEXT,
    at DOUBLE PRECISION NOT NULL
);
CREATE INDEX quiz_answers_user ON quiz_answers (library_id, user_id);
CREATE TABLE quiz_reviews (
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    question_json TEXT NOT NULL,
    box INTEGER NOT NULL,
    due_quiz INTEGER NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (library_id, user_id, question_id)
);
CREATE TABLE changes (
    library_id INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    generation BIGINT NOT NULL,
    action TEXT NOT NULL,
    article_id BIGINT,
    at TEXT NOT NULL,
    PRIMARY KEY (library_id, generation)
)
"""


def _script(sql: str) -> Callable[[Any], None]:
    def apply(conn: Any) -> None:
        for statement in sql.split(";"):
            if statement.strip():
                conn.execute(statement)

    return apply


MIGRATIONS: list[Migration[Any]] = [
    Migration(1, "baseline: libraries, articles, passages, vectors, analyses, audit, answers, "
              "votes, quiz, change log", _script(BASELINE)),
]
LATEST = check_order(MIGRATIONS)

ARTICLE_SELECT = (
    "SELECT a.*, (SELECT COUNT(*) FROM passages p WHERE p.library_id = a.library_id"
    " AND p.article_id = a.id) AS n FROM articles a WHERE a.library_id = %s"
)
"""Rows for :func:`bot.storage.sqlite_schema.article_row` (the library id is the first
parameter)."""
PASSAGE_COLUMNS = (
    'id, article_id, paragraph, span_start AS start, span_end AS "end", sentences'
)
"""Passage columns under the names :func:`bot.storage.sqlite_schema.passage_row` reads."""
