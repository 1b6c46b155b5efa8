"""A library's rows in the copy format of :data:`bot.storage.base.COPY_TABLES`, out of and
into PostgreSQL (a mixin of :class:`bot.storage.postgres_store.PostgresLibraryStore`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from bot.storage.copying import (
    COPY_TABLES,
    DUMP_META_SKIP,
    DUMP_ORDER,
    HISTORY_TABLES,
    CopyRow,
    batched,
    neutral,
    not_empty,
)

RENAMED = {"user": "username", "start": "span_start", "end": "span_end"}
"""Copy-format column -> PostgreSQL column, where they differ (reserved words)."""
_TABLES = {"meta": "library_meta"}


def _column(name: str) -> str:
    return RENAMED.get(name, name)


class PostgresCopy:
    """``dump`` and ``load`` over the store's ``_db`` transactions."""

    name: str
    library_id: int

    def _db(self, write: bool = False) -> AbstractContextManager[Any]:
        raise NotImplementedError  # provided by PostgresLibraryStore

    def _bump(self, db: Any, action: str, article_id: int | None) -> int:
        raise NotImplementedError  # provided by PostgresLibraryStore

    def dump(self) -> Iterator[CopyRow]:
        """Every row of the library in the copy format (consume it in one transaction)."""
        lib = self.library_id
        with self._db() as db:
            for table, columns in COPY_TABLES.items():
                if table == "counters":
                    last = db.execute("SELECT last_article_id, last_answer_id FROM libraries"
                                      " WHERE id = %s", (lib,)).fetchone()
                    for name, value in (("answers", last[1]), ("articles", last[0])):
                        if value:  # as SQLite, which has no counter before the first row
                            yield table, (name, int(value))
                    continue
                skip = " AND key <> ALL(%s)" if table == "meta" else ""
                order = ", ".join(_column(c.strip()) for c in DUMP_ORDER[table].split(","))
                params: tuple[Any, ...] = (lib, list(DUMP_META_SKIP)) if skip else (lib,)
                # a server-side cursor: a big library streams through, 500 rows at a time
                with db.cursor(name=f"dump_{table}", binary=True) as cur:
                    cur.itersize = 500
                    cur.execute(
                        f"SELECT {', '.join(map(_column, columns))}"
                        f" FROM {_TABLES.get(table, table)} WHERE library_id = %s{skip}"
                        f" ORDER BY {order}", params)
                    for row in cur:
                        yield table, neutral(table, (bytes(v) if isinstance(v, memoryview)
                                                     else v for v in row))

    def load(self, rows: Iterable[CopyRow]) -> int:
        """Fill this (empty) library with the rows of a dump, in one transaction."""
        lib = self.library_id
        with self._db(write=True) as db:
            for table in HISTORY_TABLES:
                if db.execute(f"SELECT 1 FROM {table} WHERE library_id = %s LIMIT 1",
                              (lib,)).fetchone() is not None:
                    raise not_empty(self.name, self.storage.where)  # type: ignore[attr-defined]
            for table, batch in batched(rows):
                if table == "counters":
                    for name, last in batch:
                        column = {"articles": "last_article_id", "answers": "last_answer_id"}
                        db.execute(f"UPDATE libraries SET {column[str(name)]} ="
                                   f" GREATEST({column[str(name)]}, %s) WHERE id = %s",
                                   (last, lib))
                    continue
                columns = ["library_id", *map(_column, COPY_TABLES[table])]
                conflict = (" ON CONFLICT (library_id, key) DO UPDATE SET value = excluded.value"
                            if table == "meta" else "")
                with db.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO {_TABLES.get(table, table)} ({', '.join(columns)})"
                        f" VALUES ({', '.join(['%s'] * len(columns))}){conflict}",
                        [(lib, *row) for row in batch],
                    )
            self._bump(db, "reindex", None)
            return int(db.execute("SELECT COUNT(*) FROM articles WHERE library_id = %s",
                                  (lib,)).fetchone()[0])
