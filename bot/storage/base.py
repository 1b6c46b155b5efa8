"""The storage interface the engine talks to, whatever holds the data.

One :class:`LibraryStore` is one library's data: articles, passages and their
vectors, per-article analyses, the audit log, answers and votes, quiz progress,
metadata and the library's *generation*. Every method is scoped to that one
library, so a backend that keeps many libraries in one database (PostgreSQL)
binds a library id when it opens the store; the embedded default keeps one
SQLite file per library.

Rules every backend follows (``tests/test_store.py`` runs the same suite over
each one):

- **Generation and change log.** Every change to the library's content (add,
  replace, remove, reindex) is one transaction that bumps the generation by one
  and records ``(generation, action, article_id)`` in the change log. Metadata,
  analyses, answers, votes and quiz progress are not content changes.
- **Transactions.** Each method runs in its own short transaction, unless the
  calling thread has opened one with :meth:`LibraryStore.transaction`; then it
  joins that one. A write transaction is exclusive per library across processes
  (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a lock on the library's row), so a
  check-then-write inside it cannot race another writer. A read transaction sees
  one consistent state from its first read to its end.
- **Vectors** go in and come out as float32 NumPy arrays; stored as raw
  little-endian float32 bytes (``tobytes``), so any backend can keep them as a
  byte string.
- **Errors.** A unique key clash (same content hash or URL) raises
  :class:`StoreConflict`; a store that is damaged or written by a newer
  Footnote raises :class:`bot.errors.LibraryError` with a sentence for people.
  No backend's own exception types reach callers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from bot.models import Article, CleanDocument, Passage
from bot.storage.copying import CopyRow

CHANGE_ACTIONS = ("add", "replace", "remove", "reindex")
"""What the change log records. ``reindex`` changes every vector: readers reload."""


class StoreConflict(Exception):
    """Another article already has this content hash or URL (a unique key clash)."""


STORE_IDS = range(-(2**63), 2**63)
"""The ids a store can look up (64-bit signed): a bigger one, as a forged id may be, is
known to be absent without asking."""


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string (seconds precision)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def vector_bytes(matrix: np.ndarray) -> bytes:
    """The stored form of a vector or matrix: little-endian float32 bytes."""
    return np.ascontiguousarray(matrix, dtype="<f4").tobytes()


def vectors_from(data: bytes, dim: int) -> np.ndarray:
    """The ``(n, dim)`` float32 matrix stored by :func:`vector_bytes`."""
    matrix = np.frombuffer(data, dtype="<f4")
    if dim <= 0 or matrix.size % dim:
        raise ValueError(f"stored vectors have {matrix.size} numbers, not rows of width {dim}")
    return matrix.reshape(-1, dim)


def article_fields(
    doc: CleanDocument, *, title: str, content_hash: str, vectors: np.ndarray,
    sentence_vectors: Sequence[np.ndarray], actor: str | None,
    added: tuple[str, str | None] | None,
) -> tuple[object, ...]:
    """The stored columns of an article being put, title to added_by (in the order of
    :data:`bot.storage.copying.COPY_TABLES`, id left out); ``ValueError`` when the
    vectors do not match the passages."""
    if not len(vectors) == len(sentence_vectors) == len(doc.passages):
        raise ValueError(f"{len(doc.passages)} passages but {len(vectors)} vectors and "
                         f"{len(sentence_vectors)} sentence vector sets")
    added_at, added_by = added or (utc_now(), actor)
    return (
        title, doc.author, doc.author_role, doc.publication, doc.published, doc.url,
        doc.source, content_hash, doc.text,
        doc.byline[0] if doc.byline else None, doc.byline[1] if doc.byline else None,
        added_at, added_by,
    )


@dataclass(frozen=True)
class ArticleRecord:
    """One article as stored: metadata, passages in id order, and their vectors."""

    article: Article
    passages: list[Passage]
    vectors: np.ndarray
    """``(len(passages), dim)`` float32: one unit vector per passage."""
    sentence_vectors: list[np.ndarray]
    """Per passage, ``(len(sentences), dim)`` float32."""


@dataclass(frozen=True)
class ChangeSet:
    """What changed since a generation: the articles to drop and to (re)load."""

    since: int
    generation: int
    article_ids: frozenset[int]
    """Articles added, replaced or removed in between (their current state is in the store)."""


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


@dataclass(frozen=True)
class QuizAnswerRow:
    """One closed quiz question, as the quiz records it."""

    user_id: int
    question_id: str
    question_json: str
    article_id: int
    paragraph: int
    kind: str
    status: str
    correct: bool
    at: float
    session_id: str | None = None
    given: str | None = None


@dataclass(frozen=True)
class QuizTotals:
    """A user's quiz totals in one library."""

    user_id: int
    answered: int
    correct: int
    quizzes: int


@dataclass
class StoredVectors:
    """Every passage with its vectors, in id order (what a full load reads)."""

    passages: list[Passage]
    vectors: np.ndarray
    sentence_vectors: list[np.ndarray]
    generation: int = 0
    articles: list[Article] = field(default_factory=list)


class LibraryStore(ABC):
    """One library's durable data. Thread-safe; see the module docstring for the rules."""

    name: str
    """The library's name."""

    # lifecycle ------------------------------------------------------------------
    @abstractmethod
    def transaction(self, *, write: bool = False) -> AbstractContextManager[None]:
        """Run the calling thread's store calls in one transaction until the block ends.

        Commits at the end, rolls back on an exception. Nested blocks join the outer
        one (a read block inside a write block is part of the write).
        """

    @abstractmethod
    def close(self) -> None:
        """Release connections and file handles. A later call reconnects."""

    def describe(self) -> str:
        """Where the data lives, for people (a path, a database and library name)."""
        return self.name

    def known_generation(self) -> int | None:
        """The generation, when the backend knows it is current without a query (PostgreSQL
        hears every change: :mod:`bot.storage.notify`); None: ask :meth:`generation`."""
        return None

    # copying whole libraries between backends ------------------------------------------
    @abstractmethod
    def dump(self) -> Iterator[CopyRow]:
        """Every row of the library in the backend-neutral form of :data:`COPY_TABLES`.
        Lazy: consume it inside one :meth:`transaction` to copy one consistent state."""

    @abstractmethod
    def load(self, rows: Iterable[CopyRow]) -> int:
        """Fill this library, which must hold nothing yet (no article, answer, audit entry
        or quiz row; else :class:`bot.errors.InputError`), with the rows of a :meth:`dump`,
        in one transaction that is one content change (``reindex``: every process holding
        the library loads it afresh). Returns how many articles it holds then."""

    def load_vectors(self, dim: int) -> StoredVectors:
        """Every article and passage with its vectors, in id order, read in one
        transaction with the generation they reflect."""
        with self.transaction():
            generation = self.generation()
            records = list(self.records(dim))
        passages = sorted((p for r in records for p in r.passages), key=lambda p: p.id)
        by_id = {
            p.id: (vec, sv) for r in records
            for p, vec, sv in zip(r.passages, r.vectors, r.sentence_vectors, strict=True)
        }
        vectors = (np.vstack([by_id[p.id][0] for p in passages]) if passages
                   else np.zeros((0, dim), np.float32))
        return StoredVectors(passages, vectors, [by_id[p.id][1] for p in passages], generation,
                             [r.article for r in records])

    # metadata ---------------------------------------------------------------------
    @abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value from the library's key/value metadata."""

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value (not a content change: the generation stays)."""

    @abstractmethod
    def generation(self) -> int:
        """How many content changes the library has seen."""

    @abstractmethod
    def schema_version(self) -> int:
        """The storage schema version this store is at (after migrations ran)."""

    def changes_since(self, generation: int) -> ChangeSet | None:
        """The articles changed after ``generation``, or None when the change log does
        not reach back that far (or a reindex happened): then reload everything."""
        with self.transaction():
            current = self.generation()
            if generation == current:
                return ChangeSet(generation, current, frozenset())
            if not 0 <= generation < current:
                return None  # the store went back (a restored backup): start afresh
            rows = self._changes_after(generation)
        if len(rows) != current - generation or any(action == "reindex" for action, _ in rows):
            return None
        return ChangeSet(generation, current, frozenset(int(a) for _, a in rows if a is not None))

    @abstractmethod
    def _changes_after(self, generation: int) -> list[tuple[str, int | None]]:
        """``(action, article_id)`` of each change after ``generation``, oldest first (in
        the caller's transaction)."""

    # articles -----------------------------------------------------------------------
    @abstractmethod
    def articles(self) -> list[Article]:
        """All articles, oldest (lowest id) first."""

    @abstractmethod
    def _article_where(self, column: str, value: object) -> Article | None:
        """The article whose ``column`` (id, content_hash or url) equals ``value``."""

    def article(self, article_id: int) -> Article | None:
        """One article by id, or None."""
        return self._article_where("id", article_id)

    def find_by_hash(self, content_hash: str) -> Article | None:
        """The article with exactly this content, if stored."""
        return self._article_where("content_hash", content_hash)

    def find_by_url(self, url: str) -> Article | None:
        """The article added from this URL, if stored."""
        return self._article_where("url", url)

    @abstractmethod
    def put_article(
        self, doc: CleanDocument, *, title: str, content_hash: str, vectors: np.ndarray,
        sentence_vectors: Sequence[np.ndarray], actor: str | None, replace_id: int | None = None,
        analyses: dict[str, tuple[int, bytes]] | None = None,
        added: tuple[str, str | None] | None = None,
    ) -> int:
        """Store an article with its passages, vectors and analyses (one content change).

        With ``replace_id`` the old article's passages and analyses are replaced and
        its id kept. ``added`` keeps an imported article's original ``(added_at,
        added_by)``; its audit entry says "import", now, by ``actor``. Passage ids are
        never reused. Returns the article id. Raises
        :class:`StoreConflict` on a content hash or URL another article has, and
        ``ValueError`` when the vectors do not match the passages.
        """

    @abstractmethod
    def delete_article(self, article_id: int, *, actor: str | None) -> bool:
        """Remove an article and everything derived from it. False if it did not exist."""

    @abstractmethod
    def passages_for(self, article: Article) -> list[Passage]:
        """The stored passages of one article, in order (without vectors)."""

    @abstractmethod
    def records(
        self, dim: int, article_ids: Sequence[int] | None = None
    ) -> Iterator[ArticleRecord]:
        """Articles with their passages and vectors (all, or those of ``article_ids`` that
        exist), in article id order. Lazy: consume it inside one :meth:`transaction`
        to read one consistent state."""

    @abstractmethod
    def replace_all_vectors(
        self, vectors: dict[int, tuple[np.ndarray, np.ndarray]], model_id: str, dim: int
    ) -> None:
        """Swap every passage's ``(vector, sentence vectors)`` and record the model:
        one content change (``reindex``)."""

    # analyses -------------------------------------------------------------------------
    @abstractmethod
    def analysis(self, article_id: int, kind: str) -> tuple[int, bytes] | None:
        """The stored ``(version, data)`` of one analysis of an article, if any."""

    @abstractmethod
    def analyses_of(self, article_id: int) -> dict[str, tuple[int, bytes]]:
        """Every stored analysis of an article: ``kind -> (version, data)``."""

    @abstractmethod
    def set_analysis(self, article_id: int, kind: str, version: int, data: bytes) -> bool:
        """Store (or redo) one analysis of an existing article (derived data: the
        generation stays). False when the article is gone."""

    # audit, answers and votes -----------------------------------------------------------
    @abstractmethod
    def audit_log(self, limit: int | None = 50) -> list[dict[str, object]]:
        """The most recent changes (at, actor, action, article_id, detail), newest first
        (``None``: all of them)."""

    @abstractmethod
    def append_audit(self, entries: list[dict[str, object]]) -> None:
        """Add past audit entries as they are (an imported library keeps its history);
        not a content change."""

    @abstractmethod
    def log_answer(
        self, *, user: str | None, question: str, answer: str, declined: bool,
        citations: list[dict[str, object]],
    ) -> int:
        """Keep an answer so votes on it can be reviewed. Returns its id."""

    @abstractmethod
    def add_feedback(self, answer_id: int, *, user: str, helpful: bool) -> bool:
        """Record (or change) one person's vote. False if the answer is unknown."""

    @abstractmethod
    def feedback(self, limit: int = 50) -> list[FeedbackRow]:
        """The most recent votes with the answers they are about, newest first."""

    @abstractmethod
    def logged_answer(self, answer_id: int) -> tuple[str, list[dict[str, object]]] | None:
        """The question and citations of a kept answer, or None if it is unknown."""

    # quiz progress ------------------------------------------------------------------------
    @abstractmethod
    def quiz_begin(self, user_id: int, session_id: str, at: float) -> int:
        """Count a new quiz for the user; its number (1 for the first). Idempotent."""

    @abstractmethod
    def quiz_record(self, row: QuizAnswerRow, *, max_box: int) -> None:
        """Record one closed question and move it in the user's review boxes (Leitner:
        wrong -> box 1 due next quiz; right from box b -> b+1, due 2**(b) quizzes on;
        right past ``max_box`` -> learned, dropped)."""

    @abstractmethod
    def quiz_totals(self, user_id: int) -> QuizTotals:
        """Answered, correct and quiz counts for one user (zeros for a newcomer)."""

    @abstractmethod
    def quiz_leaderboard(self, limit: int) -> list[QuizTotals]:
        """Top users by questions right; ties: better accuracy, fewer tries, lower id."""

    @abstractmethod
    def quiz_due(self, user_id: int, limit: int) -> list[str]:
        """JSON of missed questions due in the user's next quiz, most overdue first."""

    @abstractmethod
    def quiz_box(self, user_id: int, question_id: str) -> tuple[int, int] | None:
        """``(box, due_quiz)`` of a question in the user's review deck, or None."""
