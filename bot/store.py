"""SQLite storage of one library: articles, passages, their vectors, audit log, feedback.

SQLite is the source of truth. Every change is one transaction that also bumps
the library's ``generation``; the FAISS file on disk records the generation it
was built from, so a crash between the two is noticed and repaired (see
:mod:`bot.library`). Vectors are kept here too, so the FAISS file can always be
rebuilt without re-embedding.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bot.models import Article, CleanDocument, Passage

SCHEMA = """
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
"""


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string (seconds precision)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class StoredVectors:
    """Everything the in-memory indexes are built from, in passage-id order."""

    passages: list[Passage]
    vectors: np.ndarray
    sentence_vectors: list[np.ndarray]
    generation: int = 0
    """The store generation all of this was read at (one read transaction)."""
    articles: list[Article] = field(default_factory=list)
    """Every article, read in the same transaction as the passages."""


@dataclass(frozen=True)
class FeedbackRow:
    """One helpful / not helpful vote on an answer."""

    id: int
    """The answer's id."""
    at: str
    user: str | None
    question: str
    answer: str
    citations: list[dict[str, object]]
    helpful: bool


def _passage(row: sqlite3.Row, article_text: str) -> Passage:
    start, end = int(row["start"]), int(row["end"])
    return Passage(
        id=int(row["id"]), article_id=int(row["article_id"]), paragraph=int(row["paragraph"]),
        start=start, end=end, text=article_text[start:end],
        sentences=tuple((int(a), int(b)) for a, b in json.loads(row["sentences"])),
    )


class LibraryStore:
    """One library's SQLite file. Thread-safe: each call uses its own short transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connect().executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        return db

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.in_transaction:  # SQLite has already rolled back after "disk is full"
                db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # meta -----------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        """A value from the library's key/value metadata."""
        row = self._connect().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value (in its own transaction)."""
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """How many changes the library has seen; the FAISS file must match it."""
        return int(self.get_meta("generation") or 0)

    @staticmethod
    def _bump(db: sqlite3.Connection) -> int:
        row = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        gen = (int(row["value"]) if row else 0) + 1
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)", (str(gen),))
        return gen

    # articles -------------------------------------------------------------
    def _article(self, row: sqlite3.Row, passage_count: int) -> Article:
        byline = None
        if row["byline_start"] is not None:
            byline = (int(row["byline_start"]), int(row["byline_end"]))
        return Article(
            id=int(row["id"]), title=row["title"], text=row["text"],
            content_hash=row["content_hash"], author=row["author"],
            author_role=row["author_role"], publication=row["publication"],
            published=row["published"], url=row["url"], source=row["source"], byline=byline,
            added_at=row["added_at"], added_by=row["added_by"], passage_count=passage_count,
        )

    _ARTICLE_SELECT = (
        "SELECT a.*, (SELECT COUNT(*) FROM passages p WHERE p.article_id=a.id) AS n FROM articles a"
    )

    def articles(self) -> list[Article]:
        """All articles, oldest first."""
        rows = self._connect().execute(f"{self._ARTICLE_SELECT} ORDER BY a.id").fetchall()
        return [self._article(r, int(r["n"])) for r in rows]

    def article(self, article_id: int) -> Article | None:
        """One article by id, or None."""
        row = self._connect().execute(
            f"{self._ARTICLE_SELECT} WHERE a.id=?", (article_id,)
        ).fetchone()
        return None if row is None else self._article(row, int(row["n"]))

    def find_by_hash(self, content_hash: str) -> Article | None:
        """The article with exactly this content, if stored."""
        row = self._connect().execute(
            f"{self._ARTICLE_SELECT} WHERE a.content_hash=?", (content_hash,)
        ).fetchone()
        return None if row is None else self._article(row, int(row["n"]))

    def find_by_url(self, url: str) -> Article | None:
        """The article added from this URL, if stored."""
        row = self._connect().execute(f"{self._ARTICLE_SELECT} WHERE a.url=?", (url,)).fetchone()
        return None if row is None else self._article(row, int(row["n"]))

    def put_article(
        self, doc: CleanDocument, *, title: str, content_hash: str, vectors: np.ndarray,
        sentence_vectors: list[np.ndarray], actor: str | None, replace_id: int | None = None,
        analyses: dict[str, tuple[int, bytes]] | None = None,
        added: tuple[str, str | None] | None = None,
    ) -> int:
        """Store an article with its passages, vectors and analyses in one transaction.

        With ``replace_id`` the old article's passages (and analyses) are replaced
        and its id kept. ``added`` keeps an imported article's original (added_at,
        added_by); its audit entry says "import", now, by ``actor``. Returns the article id.
        """
        now = utc_now()
        added_at, added_by = added or (now, actor)
        fields = (
            title, doc.author, doc.author_role, doc.publication, doc.published, doc.url,
            doc.source, content_hash, doc.text,
            doc.byline[0] if doc.byline else None, doc.byline[1] if doc.byline else None,
        )
        with self._tx() as db:
            if replace_id is None:
                cur = db.execute(
                    "INSERT INTO articles(title, author, author_role, publication, published, url,"
                    " source, content_hash, text, byline_start, byline_end, added_at, added_by)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*fields, added_at, added_by),
                )
                article_id = int(cur.lastrowid or 0)
                action = "add" if added is None else "import"
            else:
                article_id = replace_id
                db.execute("DELETE FROM passages WHERE article_id=?", (article_id,))
                db.execute("DELETE FROM analyses WHERE article_id=?", (article_id,))
                db.execute(
                    "UPDATE articles SET title=?, author=?, author_role=?, publication=?,"
                    " published=?, url=?, source=?, content_hash=?, text=?, byline_start=?,"
                    " byline_end=?, added_at=?, added_by=? WHERE id=?",
                    (*fields, added_at, added_by, article_id),
                )
                action = "replace"
            for draft, vec, svecs in zip(doc.passages, vectors, sentence_vectors, strict=True):
                db.execute(
                    "INSERT INTO passages(article_id, paragraph, start, end, sentences, vector,"
                    " sentence_vectors) VALUES (?,?,?,?,?,?,?)",
                    (
                        article_id, draft.paragraph, draft.start, draft.end,
                        json.dumps(draft.sentences), np.asarray(vec, np.float32).tobytes(),
                        np.asarray(svecs, np.float32).tobytes(),
                    ),
                )
            for kind, (version, data) in (analyses or {}).items():
                db.execute(
                    "INSERT INTO analyses(article_id, kind, version, data) VALUES (?,?,?,?)",
                    (article_id, kind, version, data),
                )
            db.execute(
                "INSERT INTO audit(at, actor, action, article_id, detail) VALUES (?,?,?,?,?)",
                (now, actor, action, article_id, title),
            )
            self._bump(db)
        return article_id

    def delete_article(self, article_id: int, *, actor: str | None) -> bool:
        """Remove an article and its passages. Returns False when it did not exist."""
        with self._tx() as db:
            row = db.execute("SELECT title FROM articles WHERE id=?", (article_id,)).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM passages WHERE article_id=?", (article_id,))
            db.execute("DELETE FROM analyses WHERE article_id=?", (article_id,))
            db.execute("DELETE FROM articles WHERE id=?", (article_id,))
            db.execute(
                "INSERT INTO audit(at, actor, action, article_id, detail) VALUES (?,?,?,?,?)",
                (utc_now(), actor, "remove", article_id, row["title"]),
            )
            self._bump(db)
        return True

    def analysis(self, article_id: int, kind: str) -> tuple[int, bytes] | None:
        """The stored ``(version, data)`` of one analysis of an article, if any."""
        row = self._connect().execute(
            "SELECT version, data FROM analyses WHERE article_id=? AND kind=?", (article_id, kind)
        ).fetchone()
        return None if row is None else (int(row["version"]), bytes(row["data"]))

    def set_analysis(self, article_id: int, kind: str, version: int, data: bytes) -> bool:
        """Store (or redo) one analysis of an existing article. Derived data: the
        generation is not bumped. False when the article is gone meanwhile."""
        with self._tx() as db:
            if db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT OR REPLACE INTO analyses(article_id, kind, version, data)"
                " VALUES (?,?,?,?)", (article_id, kind, version, data),
            )
        return True

    def audit_log(self, limit: int | None = 50) -> list[dict[str, object]]:
        """The most recent changes to the library, newest first (``None``: all of them)."""
        rows = self._connect().execute(
            "SELECT at, actor, action, article_id, detail FROM audit ORDER BY at DESC, id DESC"
            " LIMIT ?", (-1 if limit is None else limit,),
        ).fetchall()
        return [dict(r) for r in rows]

    def append_audit(self, entries: list[dict[str, object]]) -> None:
        """Add past audit entries (``at``, ``actor``, ``action``, ``article_id``, ``detail``)
        as they are: an imported library keeps its history."""
        with self._tx() as db:
            db.executemany(
                "INSERT INTO audit(at, actor, action, article_id, detail) VALUES"
                " (:at, :actor, :action, :article_id, :detail)", entries,
            )

    # passages and vectors -------------------------------------------------
    def load_vectors(self, dim: int) -> StoredVectors:
        """Every passage with its vectors, in id order, plus the generation it reflects.

        Articles, passages and the generation are read in one read transaction, so
        another process (or thread) changing the library meanwhile cannot make them
        disagree (a passage whose article is missing, a generation that is not theirs).
        """
        db = self._connect()
        db.execute("BEGIN")
        try:
            gen_row = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
            article_rows = db.execute(f"{self._ARTICLE_SELECT} ORDER BY a.id").fetchall()
            passage_rows = db.execute("SELECT * FROM passages ORDER BY id").fetchall()
        finally:
            db.execute("COMMIT")
        articles = [self._article(r, int(r["n"])) for r in article_rows]
        texts = {a.id: a.text for a in articles}
        passages: list[Passage] = []
        vectors: list[np.ndarray] = []
        sentence_vectors: list[np.ndarray] = []
        for r in passage_rows:
            passages.append(_passage(r, texts[int(r["article_id"])]))
            vectors.append(np.frombuffer(r["vector"], dtype=np.float32))
            sentence_vectors.append(
                np.frombuffer(r["sentence_vectors"], dtype=np.float32).reshape(-1, dim)
            )
        matrix = np.vstack(vectors) if vectors else np.zeros((0, dim), np.float32)
        if matrix.shape[1] != dim:
            raise ValueError(f"stored vectors have width {matrix.shape[1]}, expected {dim}")
        generation = int(gen_row["value"]) if gen_row else 0
        return StoredVectors(passages, matrix, sentence_vectors, generation, articles)

    def passages_for(self, article: Article) -> list[Passage]:
        """The stored passages of one article, in order (without vectors)."""
        rows = self._connect().execute(
            "SELECT id, article_id, paragraph, start, end, sentences FROM passages"
            " WHERE article_id=? ORDER BY id", (article.id,),
        ).fetchall()
        return [_passage(r, article.text) for r in rows]

    def replace_all_vectors(
        self, vectors: dict[int, tuple[np.ndarray, np.ndarray]], model_id: str, dim: int
    ) -> None:
        """Swap every passage's vectors (after re-embedding) and record the model, atomically."""
        with self._tx() as db:
            for passage_id, (vec, svecs) in vectors.items():
                db.execute(
                    "UPDATE passages SET vector=?, sentence_vectors=? WHERE id=?",
                    (vec.astype(np.float32).tobytes(), svecs.astype(np.float32).tobytes(),
                     passage_id),
                )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('model_id', ?)", (model_id,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (str(dim),))
            db.execute(
                "INSERT INTO audit(at, actor, action, article_id, detail) VALUES (?,?,?,?,?)",
                (utc_now(), None, "reindex", None, model_id),
            )
            self._bump(db)

    # answers and feedback ---------------------------------------------------
    def log_answer(
        self, *, user: str | None, question: str, answer: str, declined: bool,
        citations: list[dict[str, object]],
    ) -> int:
        """Keep an answer given in Discord, so votes on it can be reviewed. Returns its id."""
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO answers(at, user, question, answer, declined, citations)"
                " VALUES (?,?,?,?,?,?)",
                (utc_now(), user, question, answer, int(declined), json.dumps(citations)),
            )
            return int(cur.lastrowid or 0)

    def add_feedback(self, answer_id: int, *, user: str, helpful: bool) -> bool:
        """Record (or change) one person's vote on an answer. False if the answer is unknown."""
        with self._tx() as db:
            if db.execute("SELECT 1 FROM answers WHERE id=?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT OR REPLACE INTO feedback(answer_id, user, helpful, at) VALUES (?,?,?,?)",
                (answer_id, user, int(helpful), utc_now()),
            )
            return True

    def feedback(self, limit: int = 50) -> list[FeedbackRow]:
        """The most recent votes with the answers they are about, newest first."""
        rows = self._connect().execute(
            "SELECT a.id, f.at, f.user, a.question, a.answer, a.citations, f.helpful"
            " FROM feedback f JOIN answers a ON a.id = f.answer_id ORDER BY f.at DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            FeedbackRow(
                id=int(r["id"]), at=r["at"], user=r["user"], question=r["question"],
                answer=r["answer"], citations=json.loads(r["citations"]),
                helpful=bool(r["helpful"]),
            )
            for r in rows
        ]
