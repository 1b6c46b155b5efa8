"""The shared backend: every library in one PostgreSQL database (``FOOTNOTE_DATABASE_URL``).

Several Footnote processes, on one machine or many, use the same database: each
keeps in memory (FAISS, BM25) only the libraries it serves, as a cache of what the
database holds, under ``<data dir>/postgres/<host>-<port>-<database>/<library>/``.

- **Connections** come from one pool per process (``psycopg_pool``, at most
  ``FOOTNOTE_DATABASE_POOL_SIZE``), shared by every library; a transaction borrows
  one for its duration.
- **Schema** changes are versioned migrations (:mod:`bot.storage.postgres_schema`),
  run under an advisory lock on first use in each process and by ``footnote
  migrate``; a database migrated by a newer Footnote is refused with a sentence.
- **Writes** to one library are serialised across processes by a lock on its row in
  ``libraries`` (``SELECT … FOR UPDATE`` at the start of each write transaction).
- **Changes** are announced with ``NOTIFY`` in the writing transaction and heard by
  one listening connection per process (:mod:`bot.storage.notify`).
- **Outages** become sentences (:class:`bot.errors.StorageError`, "The database at …
  is unreachable: …"), logged once when the database goes away and once when it is
  back; the pool reconnects by itself, so nothing needs a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.errors import FootnoteError, StorageError
from bot.storage import LibraryStore, Storage
from bot.storage.migrations import SCHEMA_KEY, pending, run_migrations
from bot.storage.notify import ChangeListener, Refresher
from bot.storage.postgres_errors import (
    Health,
    connection_lost,
    database_error,
    unreachable,
    where_of,
)
from bot.storage.postgres_schema import CHANNEL, LATEST, MIGRATIONS, SCHEMA_TABLE

log = logging.getLogger("footnote.database")
"""Outages and recoveries (the CLI, which prints its sentence itself, silences it)."""

CONNECT_TIMEOUT = 5
"""Seconds to wait for the server to accept a connection."""
POOL_TIMEOUT = 10.0
"""Seconds a request waits for a free (or new) connection before it is refused."""
_MIGRATION_LOCK = "hashtext(current_schema() || '.footnote-migrate')"
"""The advisory lock key that migrations of one schema take turns on."""


_LISTENERS: dict[str, tuple[ChangeListener, int]] = {}
_LISTENERS_LOCK = threading.Lock()


class PostgresStorage(Storage):
    """Every library in one PostgreSQL database; their index caches under ``data_dir``."""

    def __init__(
        self, url: str, data_dir: Path, *, pool_size: int = 10, recheck_seconds: float = 10.0,
        listen: bool = True,
    ) -> None:
        self.url = url
        self.where = where_of(url)
        self.data_dir = Path(data_dir)
        self.pool_size = pool_size
        self.recheck_seconds = recheck_seconds
        self.health = Health(self.where)
        self._listen = listen
        self._lock = threading.Lock()
        self._pool: ConnectionPool | None = None
        self._listener: ChangeListener | None = None
        self._library_ids: dict[str, int] = {}
        self._watch: _Watch | None = None

    def describe(self) -> str:
        """For ``footnote info``."""
        return (f"PostgreSQL at {self.where} (FOOTNOTE_DATABASE_URL), shared; each process "
                f"keeps FAISS indexes of the libraries it serves, cached in {self.cache_root}")

    @property
    def cache_root(self) -> Path:
        """Where this database's index caches live on this machine."""
        safe = "".join(c if c.isalnum() or c in "-." else "-" for c in self.where)
        return self.data_dir / "postgres" / safe

    def index_dir(self, name: str) -> Path:
        """A local folder for the library's index cache (derived data)."""
        return self.cache_root / name

    # connections -----------------------------------------------------------------------
    def connect(self) -> psycopg.Connection[Any]:
        """A new autocommit connection of its own (not from the pool)."""
        return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)

    def errors_as_sentences(self, exc: BaseException) -> FootnoteError | None:
        """Translate ``exc``, and note an outage (or a recovery) in the log."""
        error = database_error(exc, self.where)
        if error is not None and connection_lost(exc):
            if isinstance(exc, PoolTimeout):
                error = self._pool_timeout(exc)
            if "unreachable" in error.message:
                self.health.failed(error)
        return error

    def _pool_timeout(self, exc: PoolTimeout) -> FootnoteError:
        try:  # why no connection came: a probe says what the pool only logs
            self.connect().close()
        except psycopg.Error as probe:
            return unreachable(self.where, probe)
        return StorageError(f"The database at {self.where} is busy: all {self.pool_size} "
                            "connections of this process are in use (FOOTNOTE_DATABASE_POOL_SIZE)."
                            " Try again in a moment.")

    def _new_pool(self) -> ConnectionPool:
        pool = ConnectionPool(
            self.url, min_size=1, max_size=self.pool_size, open=False,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            timeout=POOL_TIMEOUT, reconnect_timeout=60.0, name=f"footnote {self.where}",
        )
        pool.open(wait=False)
        return pool

    def pool(self) -> ConnectionPool:
        """The process's pool, made (after migrating the schema) on first use. While the
        database is known to be down, a quick probe first: refused at once, or (it is
        back) a fresh pool instead of one full of dead connections."""
        if self.health.down:
            return self.reconnect(self._pool)
        with self._lock:
            if self._pool is None:
                try:
                    self._migrate()
                except psycopg.Error as exc:
                    raise (self.errors_as_sentences(exc) or exc) from exc
                self._pool = self._new_pool()
                if self._listen:
                    self._listener = _shared_listener(self)
            watch = self._watch
            if watch is not None and not watch.stopped and watch.refresher is None:
                assert self._listener is not None
                watch.refresher = Refresher(self._listener, *watch.args, self.recheck_seconds)
            return self._pool

    def prepare(self) -> None:
        """Migrate, open the pool and start listening now."""
        self.pool()

    def listener(self) -> ChangeListener | None:
        """The process's change listener on this database (None when not listening)."""
        return self._listener

    def reconnect(self, broken: ConnectionPool | None) -> ConnectionPool:
        """A pooled connection was lost (the server restarted, or went away): a probe says
        which. Gone: the unreachable sentence (and the outage is logged). Back: a fresh
        pool replaces ``broken``, whose connections died with the old server."""
        try:
            self.connect().close()
        except psycopg.Error as exc:
            raise (self.errors_as_sentences(exc) or exc) from exc
        self.health.ok()
        with self._lock:
            old = self._pool
            if old is not None and old is broken:  # not first use, nor done by another thread
                self._pool = self._new_pool()
        if old is None:
            return self.pool()
        if old is broken:
            old.close(timeout=0)
        assert self._pool is not None
        return self._pool

    def close(self) -> None:
        """Close the pool and stop listening (a later use opens them again)."""
        with self._lock:
            pool, self._pool = self._pool, None
            listener, self._listener = self._listener, None
        if listener is not None:
            _release_listener(self.url, listener)
        if pool is not None:
            pool.close()

    # schema -----------------------------------------------------------------------------
    @staticmethod
    def _read_version(conn: psycopg.Connection[Any]) -> int:
        if conn.execute("SELECT to_regclass(%s)", (SCHEMA_TABLE,)).fetchone()[0] is None:
            return 0
        row = conn.execute(f"SELECT value FROM {SCHEMA_TABLE} WHERE key=%s",
                           (SCHEMA_KEY,)).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _write_version(conn: psycopg.Connection[Any], version: int) -> None:
        conn.execute(f"INSERT INTO {SCHEMA_TABLE}(key, value) VALUES (%s, %s) ON CONFLICT (key)"
                     " DO UPDATE SET value = excluded.value", (SCHEMA_KEY, str(version)))

    def _migrate(self) -> tuple[int, int]:
        what = f"The database at {self.where}"
        with self.connect() as conn:
            before = self._read_version(conn)
            if not pending(before, MIGRATIONS, what=what):
                return before, before
            # a session lock taken before the transaction: one that began before another
            # process's migration committed might not see its tables yet
            conn.execute(f"SELECT pg_advisory_lock({_MIGRATION_LOCK})")
            try:
                with conn.transaction():
                    before = self._read_version(conn)  # another process may have done it
                    after = run_migrations(conn, MIGRATIONS, read_version=self._read_version,
                                           write_version=self._write_version, what=what)
            finally:
                conn.execute(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK})")
        if after != before:
            log.info("%s: storage schema migrated from version %d to %d", what, before, after)
        return before, after

    def migrate(self) -> str:
        """Bring the schema up to date now; the sentence saying what was done."""
        try:
            with self._lock:
                before, after = self._migrate()
        except psycopg.Error as exc:
            raise (self.errors_as_sentences(exc) or exc) from exc
        if before == after:
            return (f"The database at {self.where} is at storage schema version {after}, the "
                    "newest this Footnote knows: nothing to do.")
        return (f"Migrated the database at {self.where} from storage schema version {before} "
                f"to {after}.")

    # libraries --------------------------------------------------------------------------
    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """One statement on a pooled connection, a transaction of its own (tried again on a
        fresh connection if the pooled one turned out dead)."""
        pool = self.pool()
        for attempt in (1, 2):
            try:
                with pool.connection() as conn:
                    cursor = conn.execute(sql, params)
                    rows = cursor.fetchall() if cursor.description else []
                break
            except psycopg.Error as exc:
                if attempt == 1 and connection_lost(exc) and not isinstance(exc, PoolTimeout):
                    pool = self.reconnect(pool)
                    continue
                raise (self.errors_as_sentences(exc) or exc) from exc
        self.health.ok()
        return rows

    def library_id(self, name: str, *, create: bool = True) -> int | None:
        """The id of library ``name`` (created if asked and missing)."""
        known = self._library_ids.get(name)
        if known is not None:
            return known
        if create:
            from bot.storage.base import utc_now

            self.run("INSERT INTO libraries (name, created_at) VALUES (%s, %s)"
                      " ON CONFLICT (name) DO NOTHING", (name, utc_now()))
        rows = self.run("SELECT id FROM libraries WHERE name = %s", (name,))
        if not rows:
            return None
        self._library_ids[name] = int(rows[0][0])
        return int(rows[0][0])

    def open(self, name: str) -> LibraryStore:
        """The store of library ``name`` (its row is created on first use)."""
        from bot.storage.postgres_store import PostgresLibraryStore

        library_id = self.library_id(name)
        assert library_id is not None
        return PostgresLibraryStore(self, name, library_id)

    def exists(self, name: str) -> bool:
        """Whether the database has library ``name``."""
        return self.library_id(name, create=False) is not None

    def names(self) -> list[str]:
        """Every library in the database, by name."""
        return [str(r[0]) for r in self.run("SELECT name FROM libraries ORDER BY name")]

    def size_of(self, name: str) -> int:
        """Bytes the library's rows take in the database (about: row sizes, no indexes)."""
        rows = self.run(
            "SELECT COALESCE((SELECT SUM(pg_column_size(a.*)) FROM articles a"
            " WHERE a.library_id = l.id), 0) + COALESCE((SELECT SUM(pg_column_size(p.*))"
            " FROM passages p WHERE p.library_id = l.id), 0) FROM libraries l WHERE l.name = %s",
            (name,))
        return int(rows[0][0]) if rows else 0

    def schema_version(self) -> int:
        """The database's storage schema version."""
        return int(self.run(f"SELECT value FROM {SCHEMA_TABLE} WHERE key = %s",
                             (SCHEMA_KEY,))[0][0])

    def watch(self, held: Callable[[], list[str]],
              refresh: Callable[[str], None]) -> _Watch | None:
        """Catch up the libraries this process holds when another process changes them
        (from the first use of the database on: nothing connects now)."""
        if not self._listen:
            return None
        self._watch = _Watch((held, refresh))
        return self._watch


class _Watch:
    """A :meth:`PostgresStorage.watch`: its refresher starts with the listener."""

    def __init__(self, args: tuple[Callable[[], list[str]], Callable[[str], None]]) -> None:
        self.args = args
        self.refresher: Refresher | None = None
        self.stopped = False

    def stop(self, timeout: float = 5.0) -> None:
        """Stop catching up."""
        self.stopped = True
        if self.refresher is not None:
            self.refresher.stop(timeout)
            self.refresher = None


def _shared_listener(storage: PostgresStorage) -> ChangeListener:
    """One listener per database URL in this process, shared by every storage on it (so a
    commit made through one is known at once to the others)."""
    with _LISTENERS_LOCK:
        entry = _LISTENERS.get(storage.url)
        if entry is None:
            listener = ChangeListener(storage.connect, channel=CHANNEL, where=storage.where,
                                      recheck=storage.recheck_seconds)
            listener.start()
            entry = (listener, 0)
        _LISTENERS[storage.url] = (entry[0], entry[1] + 1)
        return entry[0]


def _release_listener(url: str, listener: ChangeListener) -> None:
    with _LISTENERS_LOCK:
        entry = _LISTENERS.get(url)
        if entry is None or entry[0] is not listener:
            return
        if entry[1] > 1:
            _LISTENERS[url] = (listener, entry[1] - 1)
            return
        del _LISTENERS[url]
    listener.stop()


__all__ = ["LATEST", "PostgresStorage", "connection_lost", "database_error", "where_of"]
