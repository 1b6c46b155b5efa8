"""One library's store in the shared PostgreSQL database (see :mod:`bot.storage.postgres`):
its metadata, generation and change log, articles, passages, vectors and analyses.

Transactions (:mod:`bot.storage.postgres_tx`) follow :class:`bot.storage.base.LibraryStore`;
the audit log, answers, votes and quiz progress are in :mod:`bot.storage.postgres_activity`,
copying in :mod:`bot.storage.postgres_copy`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from psycopg.rows import dict_row

from bot.models import Article, CleanDocument, Passage
from bot.storage.base import (
    STORE_IDS,
    ArticleRecord,
    LibraryStore,
    article_fields,
    utc_now,
    vector_bytes,
    vectors_from,
)
from bot.storage.postgres_activity import PostgresActivity
from bot.storage.postgres_copy import PostgresCopy
from bot.storage.postgres_schema import ARTICLE_SELECT, CHANNEL, PASSAGE_COLUMNS
from bot.storage.postgres_tx import Conn, PostgresTransactions, TxState
from bot.storage.sqlite_schema import article_row, passage_row

if TYPE_CHECKING:
    from bot.storage.postgres import PostgresStorage

CHANGE_LOG_KEEP = 10_000
"""Change-log entries kept per library; a process further behind reloads the library."""
_CHUNK = 200
"""Articles read per query when loading records."""


class PostgresLibraryStore(PostgresTransactions, PostgresActivity, PostgresCopy,
                           LibraryStore):
    """One library (a row of ``libraries``) in a PostgreSQL database."""

    def __init__(self, storage: PostgresStorage, name: str, library_id: int) -> None:
        self.storage = storage
        self.name = name
        self.library_id = library_id
        self._local = threading.local()

    def describe(self) -> str:
        """The library and the database it is in."""
        return f"library {self.name!r} in the database at {self.storage.where}"

    def close(self) -> None:
        """Nothing of its own to release: connections belong to the process's pool."""

    # metadata and generation -----------------------------------------------------------------
    def schema_version(self) -> int:
        """The database's storage schema version (migrations ran when it was first used)."""
        return self.storage.schema_version()

    def get_meta(self, key: str) -> str | None:
        """A value from the library's key/value metadata."""
        with self._db() as db:
            row = db.execute("SELECT value FROM library_meta WHERE library_id = %s AND key = %s",
                             (self.library_id, key)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value (not a content change)."""
        with self._db(write=True) as db:
            db.execute("INSERT INTO library_meta (library_id, key, value) VALUES (%s, %s, %s)"
                       " ON CONFLICT (library_id, key) DO UPDATE SET value = excluded.value",
                       (self.library_id, key, value))

    def generation(self) -> int:
        """How many content changes the library has seen (read from the database: outside
        a transaction in one statement, the check a question makes when it must ask)."""
        sql, params = "SELECT generation FROM libraries WHERE id = %s", (self.library_id,)
        tx: TxState | None = getattr(self._local, "tx", None)
        if tx is None:
            self.storage.pool()  # first use: migrations and the listener come first
            listener = self.storage.listener()
            token = None if listener is None else listener.token()  # before the read
            generation = int(self._statement(sql, params)[0][0])
        else:
            with self._errors():
                generation = int(tx.conn.execute(sql, params).fetchone()[0])
            listener, token = self.storage.listener(), tx.token
        if listener is not None and (tx is None or not tx.write):  # a write's own is not
            listener.observe(self.name, generation, token)        # committed yet
        return generation

    def known_generation(self) -> int | None:
        """The generation as this process's change listener knows it, without a query."""
        listener = self.storage.listener()
        return None if listener is None else listener.known(self.name)

    def _bump(self, db: Conn, action: str, article_id: int | None) -> int:
        gen = int(db.execute("UPDATE libraries SET generation = generation + 1 WHERE id = %s"
                             " RETURNING generation", (self.library_id,)).fetchone()[0])
        db.execute("INSERT INTO changes (library_id, generation, action, article_id, at)"
                   " VALUES (%s, %s, %s, %s, %s)",
                   (self.library_id, gen, action, article_id, utc_now()))
        db.execute("DELETE FROM changes WHERE library_id = %s AND generation <= %s",
                   (self.library_id, gen - CHANGE_LOG_KEEP))
        db.execute("SELECT pg_notify(%s, current_schema() || ' ' || %s)",
                   (CHANNEL, f"{gen} {self.name}"))
        self._local.tx.generation = gen
        return gen

    def _changes_after(self, generation: int) -> list[tuple[str, int | None]]:
        with self._db() as db:
            rows = db.execute(
                "SELECT action, article_id FROM changes WHERE library_id = %s AND generation > %s"
                " ORDER BY generation", (self.library_id, generation),
            ).fetchall()
        return [(str(a), b) for a, b in rows]

    # articles ----------------------------------------------------------------------------------
    def articles(self) -> list[Article]:
        """All articles, oldest first."""
        with self._db():
            return [article_row(r) for r in self._rows(f"{ARTICLE_SELECT} ORDER BY a.id",
                                                       (self.library_id,))]

    def _article_where(self, column: str, value: object) -> Article | None:
        with self._db():
            rows = self._rows(f"{ARTICLE_SELECT} AND a.{column} = %s", (self.library_id, value))
        return article_row(rows[0]) if rows else None

    def put_article(
        self, doc: CleanDocument, *, title: str, content_hash: str, vectors: np.ndarray,
        sentence_vectors: Sequence[np.ndarray], actor: str | None, replace_id: int | None = None,
        analyses: dict[str, tuple[int, bytes]] | None = None,
        added: tuple[str, str | None] | None = None,
    ) -> int:
        """Store an article with its passages, vectors and analyses in one transaction."""
        fields = article_fields(doc, title=title, content_hash=content_hash, vectors=vectors,
                                sentence_vectors=sentence_vectors, actor=actor, added=added)
        lib = self.library_id
        with self._db(write=True) as db:
            if replace_id is None:
                article_id = int(db.execute(
                    "UPDATE libraries SET last_article_id = last_article_id + 1 WHERE id = %s"
                    " RETURNING last_article_id", (lib,)).fetchone()[0])
                db.execute(
                    "INSERT INTO articles (title, author, author_role, publication, published,"
                    " url, source, content_hash, text, byline_start, byline_end, added_at,"
                    " added_by, library_id, id) VALUES"
                    " (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", (*fields, lib, article_id),
                )
                action, audit_action = "add", "add" if added is None else "import"
            else:
                article_id, action, audit_action = replace_id, "replace", "replace"
                db.execute("DELETE FROM passages WHERE library_id = %s AND article_id = %s",
                           (lib, article_id))
                db.execute("DELETE FROM analyses WHERE library_id = %s AND article_id = %s",
                           (lib, article_id))
                db.execute(
                    "UPDATE articles SET title=%s, author=%s, author_role=%s, publication=%s,"
                    " published=%s, url=%s, source=%s, content_hash=%s, text=%s,"
                    " byline_start=%s, byline_end=%s, added_at=%s, added_by=%s"
                    " WHERE library_id = %s AND id = %s", (*fields, lib, article_id),
                )
            with db.cursor() as cur:
                cur.executemany(
                    "INSERT INTO passages (library_id, article_id, paragraph, span_start,"
                    " span_end, sentences, vector, sentence_vectors)"
                    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                    [(lib, article_id, d.paragraph, d.start, d.end, json.dumps(d.sentences),
                      vector_bytes(vec), vector_bytes(svecs))
                     for d, vec, svecs in zip(doc.passages, vectors, sentence_vectors,
                                              strict=True)],
                )
                cur.executemany(
                    "INSERT INTO analyses (library_id, article_id, kind, version, data)"
                    " VALUES (%s,%s,%s,%s,%s)",
                    [(lib, article_id, kind, version, data)
                     for kind, (version, data) in (analyses or {}).items()],
                )
            self._audit(db, actor, audit_action, article_id, title)
            self._bump(db, action, article_id)
        return article_id

    def delete_article(self, article_id: int, *, actor: str | None) -> bool:
        """Remove an article and its passages. Returns False when it did not exist."""
        with self._db(write=True) as db:
            row = db.execute("DELETE FROM articles WHERE library_id = %s AND id = %s"
                             " RETURNING title", (self.library_id, article_id)).fetchone()
            if row is None:
                return False
            self._audit(db, actor, "remove", article_id, row[0])
            self._bump(db, "remove", article_id)
        return True

    def passages_for(self, article: Article) -> list[Passage]:
        """The stored passages of one article, in order (without vectors)."""
        with self._db():
            rows = self._rows(f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE library_id = %s"
                              " AND article_id = %s ORDER BY id", (self.library_id, article.id))
        return [passage_row(r, article.text) for r in rows]

    def records(
        self, dim: int, article_ids: Sequence[int] | None = None
    ) -> Iterator[ArticleRecord]:
        """Articles with passages and vectors, in article id order (read in chunks)."""
        if getattr(self._local, "tx", None) is None:  # not in a transaction: read all in one
            with self.transaction():
                items = list(self.records(dim, article_ids))
            yield from items
            return
        with self._errors():
            if article_ids is None:
                ids = [int(r[0]) for r in self._conn().execute(
                    "SELECT id FROM articles WHERE library_id = %s ORDER BY id",
                    (self.library_id,))]
            else:
                ids = sorted({int(i) for i in article_ids if int(i) in STORE_IDS})
            for at in range(0, len(ids), _CHUNK):
                yield from self._chunk(dim, ids[at:at + _CHUNK])

    def _chunk(self, dim: int, ids: list[int]) -> Iterator[ArticleRecord]:
        articles = self._rows(f"{ARTICLE_SELECT} AND a.id = ANY(%s) ORDER BY a.id",
                              (self.library_id, ids))
        by_article: dict[int, list[dict[str, Any]]] = {}
        with self._conn().cursor(row_factory=dict_row, binary=True) as cur:
            cur.execute(f"SELECT {PASSAGE_COLUMNS}, vector, sentence_vectors FROM passages"
                        " WHERE library_id = %s AND article_id = ANY(%s) ORDER BY article_id, id",
                        (self.library_id, ids))
            for row in cur:
                by_article.setdefault(int(row["article_id"]), []).append(row)
        for row in articles:
            article = article_row(row)
            prow = by_article.get(article.id, [])
            vectors = (vectors_from(b"".join(bytes(r["vector"]) for r in prow), dim) if prow
                       else np.zeros((0, dim), np.float32))
            if len(vectors) != len(prow):
                raise ValueError(f"stored passage vectors are not of width {dim}")
            yield ArticleRecord(
                article, [passage_row(r, article.text) for r in prow], vectors,
                [vectors_from(bytes(r["sentence_vectors"]), dim) for r in prow],
            )

    def replace_all_vectors(
        self, vectors: dict[int, tuple[np.ndarray, np.ndarray]], model_id: str, dim: int
    ) -> None:
        """Swap every passage's vectors (after re-embedding) and record the model, atomically."""
        with self._db(write=True) as db:
            with db.cursor() as cur:
                cur.executemany(
                    "UPDATE passages SET vector = %s, sentence_vectors = %s"
                    " WHERE library_id = %s AND id = %s",
                    [(vector_bytes(vec), vector_bytes(svecs), self.library_id, pid)
                     for pid, (vec, svecs) in vectors.items()],
                )
            self.set_meta("model_id", model_id)
            self.set_meta("dim", str(dim))
            self._audit(db, None, "reindex", None, model_id)
            self._bump(db, "reindex", None)

    # analyses ------------------------------------------------------------------------------------
    def analysis(self, article_id: int, kind: str) -> tuple[int, bytes] | None:
        """The stored ``(version, data)`` of one analysis of an article, if any (only that
        one is read)."""
        with self._db() as db:
            row = db.execute("SELECT version, data FROM analyses WHERE library_id = %s"
                             " AND article_id = %s AND kind = %s",
                             (self.library_id, article_id, kind)).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def analyses_of(self, article_id: int) -> dict[str, tuple[int, bytes]]:
        """Every stored analysis of one article."""
        with self._db() as db:
            rows = db.execute("SELECT kind, version, data FROM analyses WHERE library_id = %s"
                              " AND article_id = %s", (self.library_id, article_id)).fetchall()
        return {str(k): (int(v), bytes(d)) for k, v, d in rows}

    def set_analysis(self, article_id: int, kind: str, version: int, data: bytes) -> bool:
        """Store (or redo) one analysis of an existing article (not a content change)."""
        with self._db(write=True) as db:
            if db.execute("SELECT 1 FROM articles WHERE library_id = %s AND id = %s",
                          (self.library_id, article_id)).fetchone() is None:
                return False
            db.execute("INSERT INTO analyses (library_id, article_id, kind, version, data)"
                       " VALUES (%s,%s,%s,%s,%s) ON CONFLICT (library_id, article_id, kind)"
                       " DO UPDATE SET version = excluded.version, data = excluded.data",
                       (self.library_id, article_id, kind, version, data))
        return True
