"""The embedded backend: one SQLite file per library, no server needed.

Connections come from a small pool per store (opened with ``check_same_thread=False``,
WAL mode, ``synchronous=FULL``); a transaction borrows one for its duration and gives
it back, and at most ``keep_idle`` stay open between calls, so an open library costs
a bounded number of file descriptors. A write transaction is ``BEGIN IMMEDIATE``: it
takes SQLite's write lock at once, which serialises writers across processes.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.errors import LibraryError
from bot.models import Article, CleanDocument, Passage
from bot.storage.base import (
    ArticleRecord,
    LibraryStore,
    StoreConflict,
    article_fields,
    utc_now,
    vector_bytes,
    vectors_from,
)
from bot.storage.migrations import SCHEMA_KEY, pending, run_migrations
from bot.storage.sqlite_activity import SQLiteActivity
from bot.storage.sqlite_copy import SQLiteCopy
from bot.storage.sqlite_schema import ARTICLE_SELECT as _ARTICLE_SELECT
from bot.storage.sqlite_schema import MIGRATIONS, article_row, passage_row
from bot.tuning import SQLITE_CACHE_KIB

CHANGE_LOG_KEEP = 10_000
"""Change-log entries kept; a process further behind than this reloads the library."""

@dataclass
class _Tx:
    conn: sqlite3.Connection
    write: bool


class SQLiteLibraryStore(SQLiteActivity, SQLiteCopy, LibraryStore):
    """One library's SQLite file (see :class:`bot.storage.base.LibraryStore`)."""

    def __init__(
        self, path: Path, name: str | None = None, *, timeout: float = 30.0, keep_idle: int = 1,
    ) -> None:
        self.path = Path(path)
        self.name = name or self.path.parent.name
        self.timeout = timeout
        self.keep_idle = keep_idle
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._pool: list[sqlite3.Connection] = []
        self._pool_lock = threading.Lock()
        self._epoch = 0  # close() bumps it: connections of an older epoch close on release
        self._epochs: dict[int, int] = {}
        what = f"Library {self.name!r} ({self.path})"
        with self._damage_named():
            with self.transaction():  # reading first: a read-only file that is current opens
                current = self._read_version(self._conn())
            if pending(current, MIGRATIONS, what=what):
                with self.transaction(write=True):
                    run_migrations(self._conn(), MIGRATIONS, read_version=self._read_version,
                                   write_version=self._write_version, what=what)

    def describe(self) -> str:
        """The file's path."""
        return str(self.path)

    # connections and transactions -----------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                             check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        return db

    def _acquire(self) -> sqlite3.Connection:
        with self._pool_lock:
            if self._pool:
                return self._pool.pop()
            epoch = self._epoch
        db = self._connect()
        with self._pool_lock:
            self._epochs[id(db)] = epoch
        return db

    def _release(self, db: sqlite3.Connection) -> None:
        with self._pool_lock:
            if self._epochs.get(id(db)) == self._epoch and len(self._pool) < self.keep_idle:
                self._pool.append(db)
                return
            self._epochs.pop(id(db), None)
        db.close()

    def close(self) -> None:
        """Close idle connections now and busy ones when their transaction ends."""
        with self._pool_lock:
            self._epoch += 1
            idle, self._pool = self._pool, []
            for db in idle:
                self._epochs.pop(id(db), None)
        for db in idle:
            db.close()

    @contextlib.contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[None]:
        """One transaction for the calling thread's store calls (nested blocks join it)."""
        outer: _Tx | None = getattr(self._local, "tx", None)
        if outer is not None:
            if write and not outer.write:
                raise RuntimeError("a write cannot join a read transaction")
            yield
            return
        db = self._acquire()
        try:
            with self._damage_named():
                db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            self._local.tx = _Tx(db, write)
            try:
                yield
            except BaseException:
                self._local.tx = None
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            self._local.tx = None
            with self._damage_named():
                db.execute("COMMIT")
        finally:
            self._local.tx = None
            self._release(db)

    def _conn(self) -> sqlite3.Connection:
        return self._local.tx.conn  # type: ignore[no-any-return]

    @contextlib.contextmanager
    def _db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        with self._damage_named(), self.transaction(write=write):
            yield self._conn()

    @contextlib.contextmanager
    def _damage_named(self) -> Iterator[None]:
        """SQLite's errors as the storage interface's: a clash, or a damaged file."""
        try:
            yield
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc):
                raise StoreConflict(str(exc)) from exc
            raise
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "") not in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
                raise  # locked, full disk...: not damage
            raise LibraryError(
                f"The database of library {self.name!r} ({self.path}) is damaged ({exc}). "
                "Restore library.sqlite3 from a backup: it holds the articles themselves, so "
                "`footnote reindex` cannot rebuild it."
            ) from exc

    # schema and metadata ------------------------------------------------------------
    @staticmethod
    def _read_version(db: sqlite3.Connection) -> int:
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if exists is None:
            return 0
        row = db.execute("SELECT value FROM meta WHERE key=?", (SCHEMA_KEY,)).fetchone()
        return int(row["value"]) if row else 0

    @staticmethod
    def _write_version(db: sqlite3.Connection, version: int) -> None:
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                   (SCHEMA_KEY, str(version)))

    def schema_version(self) -> int:
        """The schema version after the migrations that ran on open."""
        with self._db() as db:
            return self._read_version(db)

    def get_meta(self, key: str) -> str | None:
        """A value from the library's key/value metadata.

        Read on every question (the generation: is the snapshot current?): outside a
        transaction one statement in autocommit mode, its own read transaction, instead of
        BEGIN, SELECT and COMMIT; inside one it joins it."""
        joined = getattr(self._local, "tx", None) is not None
        db = self._conn() if joined else self._acquire()
        try:
            with self._damage_named():
                row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        finally:
            if not joined:
                self._release(db)
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value (not a content change)."""
        with self._db(write=True) as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """How many content changes the library has seen."""
        return int(self.get_meta("generation") or 0)

    def _bump(self, db: sqlite3.Connection, action: str, article_id: int | None) -> int:
        row = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        gen = (int(row["value"]) if row else 0) + 1
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)", (str(gen),))
        db.execute("INSERT INTO changes(generation, action, article_id, at) VALUES (?,?,?,?)",
                   (gen, action, article_id, utc_now()))
        db.execute("DELETE FROM changes WHERE generation <= ?", (gen - CHANGE_LOG_KEEP,))
        return gen

    def _changes_after(self, generation: int) -> list[tuple[str, int | None]]:
        with self._db() as db:
            rows = db.execute(
                "SELECT action, article_id FROM changes WHERE generation > ? ORDER BY generation",
                (generation,),
            ).fetchall()
        return [(str(r["action"]), r["article_id"]) for r in rows]

    # articles ---------------------------------------------------------------------------
    def articles(self) -> list[Article]:
        """All articles, oldest first."""
        with self._db() as db:
            return [article_row(r) for r in db.execute(f"{_ARTICLE_SELECT} ORDER BY a.id")]

    def _article_where(self, column: str, value: object) -> Article | None:
        with self._db() as db:
            row = db.execute(f"{_ARTICLE_SELECT} WHERE a.{column}=?", (value,)).fetchone()
        return None if row is None else article_row(row)

    def put_article(
        self, doc: CleanDocument, *, title: str, content_hash: str, vectors: np.ndarray,
        sentence_vectors: Sequence[np.ndarray], actor: str | None, replace_id: int | None = None,
        analyses: dict[str, tuple[int, bytes]] | None = None,
        added: tuple[str, str | None] | None = None,
    ) -> int:
        """Store an article with its passages, vectors and analyses in one transaction."""
        fields = article_fields(doc, title=title, content_hash=content_hash, vectors=vectors,
                                sentence_vectors=sentence_vectors, actor=actor, added=added)
        with self._db(write=True) as db:
            if replace_id is None:
                cur = db.execute(
                    "INSERT INTO articles(title, author, author_role, publication, published, url,"
                    " source, content_hash, text, byline_start, byline_end, added_at, added_by)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", fields,
                )
                article_id, action = int(cur.lastrowid or 0), "add"
                audit_action = "add" if added is None else "import"
            else:
                article_id, action = replace_id, "replace"
                audit_action = action
                db.execute("DELETE FROM passages WHERE article_id=?", (article_id,))
                db.execute("DELETE FROM analyses WHERE article_id=?", (article_id,))
                db.execute(
                    "UPDATE articles SET title=?, author=?, author_role=?, publication=?,"
                    " published=?, url=?, source=?, content_hash=?, text=?, byline_start=?,"
                    " byline_end=?, added_at=?, added_by=? WHERE id=?", (*fields, article_id),
                )
            db.executemany(
                "INSERT INTO passages(article_id, paragraph, start, end, sentences, vector,"
                " sentence_vectors) VALUES (?,?,?,?,?,?,?)",
                [(article_id, d.paragraph, d.start, d.end, json.dumps(d.sentences),
                  vector_bytes(vec), vector_bytes(svecs))
                 for d, vec, svecs in zip(doc.passages, vectors, sentence_vectors, strict=True)],
            )
            db.executemany(
                "INSERT INTO analyses(article_id, kind, version, data) VALUES (?,?,?,?)",
                [(article_id, kind, version, data)
                 for kind, (version, data) in (analyses or {}).items()],
            )
            self._audit(db, actor, audit_action, article_id, title)
            self._bump(db, action, article_id)
        return article_id

    def delete_article(self, article_id: int, *, actor: str | None) -> bool:
        """Remove an article and its passages. Returns False when it did not exist."""
        with self._db(write=True) as db:
            row = db.execute("SELECT title FROM articles WHERE id=?", (article_id,)).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM passages WHERE article_id=?", (article_id,))
            db.execute("DELETE FROM analyses WHERE article_id=?", (article_id,))
            db.execute("DELETE FROM articles WHERE id=?", (article_id,))
            self._audit(db, actor, "remove", article_id, row["title"])
            self._bump(db, "remove", article_id)
        return True

    def passages_for(self, article: Article) -> list[Passage]:
        """The stored passages of one article, in order (without vectors)."""
        with self._db() as db:
            rows = db.execute(
                "SELECT id, article_id, paragraph, start, end, sentences FROM passages"
                " WHERE article_id=? ORDER BY id", (article.id,),
            ).fetchall()
        return [passage_row(r, article.text) for r in rows]

    def records(
        self, dim: int, article_ids: Sequence[int] | None = None
    ) -> Iterator[ArticleRecord]:
        """Articles with passages and vectors, in article id order (lazily)."""
        db = self._conn() if getattr(self._local, "tx", None) else None
        if db is None:  # not inside a transaction: read everything in one now
            with self.transaction():
                items = list(self.records(dim, article_ids))
            yield from items
            return
        with self._damage_named():
            rows: Iterable[sqlite3.Row]
            if article_ids is None:
                rows = db.execute(f"{_ARTICLE_SELECT} ORDER BY a.id")  # (row by row)
            else:
                wanted = sorted({int(i) for i in article_ids})
                chunks = [wanted[at:at + 500] for at in range(0, len(wanted), 500)]
                rows = [r for chunk in chunks for r in db.execute(
                    f"{_ARTICLE_SELECT} WHERE a.id IN ({','.join('?' * len(chunk))}) ORDER BY a.id",
                    chunk)]
            for row in rows:
                article = article_row(row)
                prow = db.execute("SELECT * FROM passages WHERE article_id=? ORDER BY id",
                                  (article.id,)).fetchall()
                vectors = (vectors_from(b"".join(r["vector"] for r in prow), dim) if prow
                           else np.zeros((0, dim), np.float32))
                if len(vectors) != len(prow):
                    raise ValueError(f"stored passage vectors are not of width {dim}")
                yield ArticleRecord(
                    article, [passage_row(r, article.text) for r in prow], vectors,
                    [vectors_from(r["sentence_vectors"], dim) for r in prow],
                )

    def replace_all_vectors(
        self, vectors: dict[int, tuple[np.ndarray, np.ndarray]], model_id: str, dim: int
    ) -> None:
        """Swap every passage's vectors (after re-embedding) and record the model, atomically."""
        with self._db(write=True) as db:
            db.executemany(
                "UPDATE passages SET vector=?, sentence_vectors=? WHERE id=?",
                [(vector_bytes(vec), vector_bytes(svecs), pid)
                 for pid, (vec, svecs) in vectors.items()],
            )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('model_id', ?)", (model_id,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (str(dim),))
            self._audit(db, None, "reindex", None, model_id)
            self._bump(db, "reindex", None)

    # analyses ----------------------------------------------------------------------------
    def analysis(self, article_id: int, kind: str) -> tuple[int, bytes] | None:
        """The stored ``(version, data)`` of one analysis of an article, if any (only that
        one is read: the answer path reads one analysis of each of about 15 articles a
        question, and the quiz's beside it is the bigger)."""
        with self._db() as db:
            row = db.execute("SELECT version, data FROM analyses WHERE article_id=? AND kind=?",
                             (article_id, kind)).fetchone()
        return None if row is None else (int(row["version"]), bytes(row["data"]))

    def analyses_of(self, article_id: int) -> dict[str, tuple[int, bytes]]:
        """Every stored analysis of one article."""
        with self._db() as db:
            rows = db.execute("SELECT kind, version, data FROM analyses WHERE article_id=?",
                              (article_id,)).fetchall()
        return {r["kind"]: (int(r["version"]), bytes(r["data"])) for r in rows}

    def set_analysis(self, article_id: int, kind: str, version: int, data: bytes) -> bool:
        """Store (or redo) one analysis of an existing article (not a content change)."""
        with self._db(write=True) as db:
            if db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is None:
                return False
            db.execute("INSERT OR REPLACE INTO analyses(article_id, kind, version, data)"
                       " VALUES (?,?,?,?)", (article_id, kind, version, data))
        return True
