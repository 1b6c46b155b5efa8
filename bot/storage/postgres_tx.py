"""Transactions of one library's store in PostgreSQL (the base of
:class:`bot.storage.postgres_store.PostgresLibraryStore`).

A thread's store calls join its open :meth:`PostgresTransactions.transaction`, which holds
one pooled connection. A read transaction is ``REPEATABLE READ READ ONLY`` (one
consistent state from its first read to its end); a write transaction is ``READ
COMMITTED`` and first locks the library's row (``SELECT … FOR UPDATE``), so writers to one
library take turns across processes and each sees everything committed before it got
the lock. A pooled connection found dead (the server restarted) is replaced once, after
a probe; psycopg's errors leave as the interface's (:class:`StoreConflict`, a sentence).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.storage.base import StoreConflict
from bot.storage.postgres_errors import connection_lost

if TYPE_CHECKING:
    from bot.storage.postgres import PostgresStorage

Conn = psycopg.Connection[Any]


@dataclass
class TxState:
    conn: Conn
    pool: ConnectionPool
    write: bool
    token: int | None
    """The change listener's token when the transaction began (see bot.storage.notify)."""
    generation: int | None = None
    """The generation this write transaction bumped the library to."""


class PostgresTransactions:
    """Connections and transactions for one library (its ``library_id``) of a storage."""

    storage: PostgresStorage
    name: str
    library_id: int
    _local: threading.local

    @contextlib.contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[None]:
        """One transaction for the calling thread's store calls (nested blocks join it)."""
        outer: TxState | None = getattr(self._local, "tx", None)
        if outer is not None:
            if write and not outer.write:
                raise RuntimeError("a write cannot join a read transaction")
            yield
            return
        pool = self.storage.pool()
        listener = self.storage.listener()
        token = listener.token() if listener is not None else None
        conn, pool = self._begin(pool, write)
        tx = TxState(conn, pool, write, token)
        self._local.tx = tx
        try:
            try:
                yield
            except BaseException:
                self._local.tx = None
                with contextlib.suppress(psycopg.Error):
                    conn.execute("ROLLBACK")
                raise
            self._local.tx = None
            with self._errors():
                conn.execute("COMMIT")
        finally:
            self._local.tx = None
            pool.putconn(conn)
        self.storage.health.ok()
        if tx.generation is not None and listener is not None:
            listener.heard(self.name, tx.generation, token)

    def _begin(self, pool: ConnectionPool, write: bool) -> tuple[Conn, ConnectionPool]:
        for attempt in (1, 2):
            with self._errors():
                conn = pool.getconn()
            try:
                if write:
                    conn.execute("BEGIN")
                    conn.execute("SELECT 1 FROM libraries WHERE id = %s FOR UPDATE",
                                 (self.library_id,))
                else:
                    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                return conn, pool
            except psycopg.Error as exc:
                pool.putconn(conn)  # a broken connection is dropped, not kept
                if attempt == 1 and connection_lost(exc):
                    pool = self.storage.reconnect(pool)  # restarted: a fresh pool; else refused
                    continue
                raise self._sentence(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _sentence(self, exc: psycopg.Error) -> BaseException:
        if isinstance(exc, psycopg.errors.UniqueViolation):
            return StoreConflict(str(exc))
        return self.storage.errors_as_sentences(exc) or exc

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """psycopg's errors as the storage interface's: a clash, or a sentence."""
        try:
            yield
        except (psycopg.Error, PoolTimeout) as exc:
            translated = self._sentence(exc)
            if translated is exc:
                raise
            raise translated from exc

    def _conn(self) -> Conn:
        return self._local.tx.conn  # type: ignore[no-any-return]

    @contextlib.contextmanager
    def _db(self, write: bool = False) -> Iterator[Conn]:
        with self._errors(), self.transaction(write=write):
            yield self._conn()

    def _statement(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """One statement: in the thread's transaction if it has one, else on its own (a
        transaction of one statement, one round trip)."""
        if getattr(self._local, "tx", None) is None:
            return self.storage.run(sql, params)
        with self._errors():
            cursor = self._conn().execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts, in the calling thread's transaction."""
        with self._conn().cursor(row_factory=dict_row) as cur:
            cur.execute(sql, params)
            return cur.fetchall()
