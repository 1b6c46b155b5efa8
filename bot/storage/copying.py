"""Copying whole libraries between storage backends (``footnote copy``).

A library leaves its backend as rows of a backend-neutral form (:data:`COPY_TABLES`,
read by :meth:`bot.storage.base.LibraryStore.dump` in one read transaction) and enters
the other with :meth:`~bot.storage.base.LibraryStore.load` in one write transaction:
all of it or nothing, with article and answer ids, texts, passages, vectors (bit for
bit), analyses, history, votes and quiz progress as they were. Nothing is embedded
again; the index files are rebuilt from the vectors where the library is next opened.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bot.errors import InputError

if TYPE_CHECKING:
    from bot.storage import Storage

COPY_TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "articles": ("id", "title", "author", "author_role", "publication", "published", "url",
                 "source", "content_hash", "text", "byline_start", "byline_end", "added_at",
                 "added_by"),
    "passages": ("article_id", "paragraph", "start", "end", "sentences", "vector",
                 "sentence_vectors"),
    "analyses": ("article_id", "kind", "version", "data"),
    "audit": ("at", "actor", "action", "article_id", "detail"),
    "answers": ("id", "at", "user", "question", "answer", "declined", "citations"),
    "feedback": ("answer_id", "user", "helpful", "at"),
    "quiz_sessions": ("session_id", "user_id", "quiz_number", "started_at"),
    "quiz_answers": ("user_id", "session_id", "question_id", "article_id", "paragraph", "kind",
                     "status", "correct", "given", "at"),
    "quiz_reviews": ("user_id", "question_id", "question_json", "box", "due_quiz",
                     "updated_at"),
    "counters": ("name", "last_id"),
}
"""A library's rows in a form every backend reads and writes (:meth:`LibraryStore.dump`,
:meth:`LibraryStore.load`), table by table in this order, each row a tuple of these
columns: ``declined``, ``helpful`` and ``correct`` are bools, vectors and analysis data
bytes. Article and answer ids are kept (people refer to them); passages, audit entries and
quiz answers come in id order and get new ids in that order. ``meta`` leaves out the
generation and the schema version; ``counters`` gives the last article and answer id ever
used (``"articles"``, ``"answers"``), so ids stay never reused."""
CopyRow = tuple[str, tuple[object, ...]]
"""``(table, row)`` of :data:`COPY_TABLES`."""
DUMP_META_SKIP = ("generation", "schema_version")
"""Metadata a backend keeps for itself: not copied."""
DUMP_ORDER = {
    "meta": "key", "articles": "id", "passages": "id", "analyses": "article_id, kind",
    "audit": "id", "answers": "id", "feedback": "answer_id, user", "quiz_sessions": "session_id",
    "quiz_answers": "id", "quiz_reviews": "user_id, question_id",
}
"""The order of each table's rows in a dump (neutral column names)."""
BOOL_COLUMNS = frozenset({"declined", "helpful", "correct"})
HISTORY_TABLES = ("articles", "answers", "audit", "quiz_sessions", "quiz_answers",
                  "quiz_reviews")
"""A library with a row in any of these is not empty: :meth:`LibraryStore.load` refuses it."""


def batched(
    rows: Iterable[CopyRow], size: int = 500
) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    """Consecutive rows of one table, at most ``size`` at a time (for ``executemany``)."""
    table, batch = "", []  # type: tuple[str, list[tuple[object, ...]]]
    for name, row in rows:
        if name not in COPY_TABLES or len(row) != len(COPY_TABLES[name]):
            raise ValueError(f"not a row of the copy format: {name!r} with {len(row)} columns")
        if batch and (name != table or len(batch) >= size):
            yield table, batch
            batch = []
        table = name
        batch.append(row)
    if batch:
        yield table, batch


def neutral(table: str, row: Iterable[Any]) -> tuple[object, ...]:
    """A row as the copy format has it (SQLite's 0/1 and PostgreSQL's booleans as bools)."""
    return tuple(bool(v) if c in BOOL_COLUMNS and v is not None else v
                 for c, v in zip(COPY_TABLES[table], row, strict=True))


def not_empty(name: str, where: str) -> InputError:
    """The sentence for a copy into a library that already holds something."""
    return InputError(
        f"Library {name!r} already holds articles or history at {where}; a copy only fills a "
        "library that is new there. Copy it under another name, or empty that one first."
    )


def copy_library(source: Storage, target: Storage, name: str, *, as_name: str | None = None
                 ) -> int:
    """Copy library ``name`` from ``source`` to ``target`` (as ``as_name``); returns how many
    articles it holds. The target library must be new (or hold nothing yet)."""
    from bot.library import EPOCH_KEY

    if not source.exists(name):
        raise InputError(f"There is no library {name!r} at {source.where} to copy.")
    src = source.open(name)
    dst = target.open(as_name or name)
    try:
        with src.transaction(), dst.transaction(write=True):
            count = dst.load(src.dump())
            dst.set_meta(EPOCH_KEY, uuid.uuid4().hex)  # index caches made of the old one: stale
    finally:
        src.close()
        dst.close()
    return count
