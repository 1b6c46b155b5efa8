"""A library file's rows in the copy format of :data:`bot.storage.base.COPY_TABLES`, out and
in (a mixin of :class:`bot.storage.sqlite.SQLiteLibraryStore`; see :mod:`bot.storage.copy`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager

from bot.storage.copying import (
    BOOL_COLUMNS,
    COPY_TABLES,
    DUMP_META_SKIP,
    DUMP_ORDER,
    HISTORY_TABLES,
    CopyRow,
    batched,
    neutral,
    not_empty,
)

_COUNTED = ("articles", "answers")


class SQLiteCopy:
    """``dump`` and ``load`` over the store's ``_db`` transactions."""

    name: str

    def _db(self, write: bool = False) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by SQLiteLibraryStore

    def _bump(self, db: sqlite3.Connection, action: str, article_id: int | None) -> int:
        raise NotImplementedError  # provided by SQLiteLibraryStore

    def dump(self) -> Iterator[CopyRow]:
        """Every row of the library in the copy format (consume it in one transaction)."""
        with self._db() as db:
            for table, columns in COPY_TABLES.items():
                if table == "counters":
                    for row in db.execute(
                        "SELECT name, seq FROM sqlite_sequence WHERE name IN (?, ?) AND seq > 0"
                        " ORDER BY name",
                        _COUNTED,
                    ):
                        yield table, (str(row[0]), int(row[1]))
                    continue
                where = (f" WHERE key NOT IN ({','.join('?' * len(DUMP_META_SKIP))})"
                         if table == "meta" else "")
                cursor = db.execute(
                    f"SELECT {', '.join(columns)} FROM {table}{where} ORDER BY {DUMP_ORDER[table]}",
                    DUMP_META_SKIP if table == "meta" else (),
                )
                for row in cursor:
                    yield table, neutral(table, row)

    def load(self, rows: Iterable[CopyRow]) -> int:
        """Fill this (empty) library with the rows of a dump, in one transaction."""
        with self._db(write=True) as db:
            for table in HISTORY_TABLES:
                if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:
                    raise not_empty(self.name, str(self.path))  # type: ignore[attr-defined]
            for table, batch in batched(rows):
                columns = COPY_TABLES[table]
                if table == "counters":
                    for name, last in batch:
                        db.execute("INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 WHERE NOT"
                                   " EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                                   (name, name))
                        db.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?",
                                   (last, name))
                    continue
                verb = "INSERT OR REPLACE" if table == "meta" else "INSERT"
                db.executemany(
                    f"{verb} INTO {table} ({', '.join(columns)})"
                    f" VALUES ({', '.join('?' * len(columns))})",
                    [tuple(int(v) if c in BOOL_COLUMNS and v is not None else v
                           for c, v in zip(columns, row, strict=True)) for row in batch],
                )
            self._bump(db, "reindex", None)
            return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
