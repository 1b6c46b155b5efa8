"""Where Footnote keeps its data: one storage interface, pluggable backends.

- :mod:`bot.storage.base`: the interface (:class:`LibraryStore`) and its records;
- :mod:`bot.storage.migrations`: versioned schema migrations run on open;
- :mod:`bot.storage.sqlite`: the embedded default, one SQLite file per library;
- :mod:`bot.storage.postgres`: every library in one PostgreSQL database that several
  processes share (``FOOTNOTE_DATABASE_URL``; ``pip install 'footnote[postgres]'``);
- :mod:`bot.storage.notify`: how processes hear of each other's changes;
- :mod:`bot.storage.copying`: whole libraries from one backend to another.

:class:`Storage` is a backend: it opens one library's store by name and says where
this process keeps that library's local index files (derived data, rebuildable).
:func:`open_storage` picks the backend the settings name.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.errors import ConfigError
from bot.storage.base import (
    ArticleRecord,
    ChangeSet,
    FeedbackRow,
    LibraryStore,
    QuizAnswerRow,
    QuizTotals,
    StoreConflict,
    StoredVectors,
)

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = [
    "ArticleRecord", "ChangeSet", "FeedbackRow", "LibraryStore", "QuizAnswerRow", "QuizTotals",
    "SQLiteStorage", "Storage", "StoreConflict", "StoredVectors", "open_storage",
]


class Watcher(Protocol):
    """What :meth:`Storage.watch` returns: something to stop."""

    def stop(self, timeout: float = ...) -> None:
        """Stop watching."""


class Storage(ABC):
    """A storage backend: opens libraries' stores by name."""

    where: str
    """Where the data is, in a few words for sentences (a folder, ``host:port/database``)."""

    @abstractmethod
    def open(self, name: str) -> LibraryStore:
        """The store of library ``name`` (created, and migrated, on first use)."""

    @abstractmethod
    def exists(self, name: str) -> bool:
        """Whether library ``name`` has been created."""

    @abstractmethod
    def index_dir(self, name: str) -> Path:
        """The folder where this process keeps library ``name``'s index files."""

    @abstractmethod
    def names(self) -> list[str]:
        """Every library there is, by name."""

    @abstractmethod
    def size_of(self, name: str) -> int:
        """About how many bytes library ``name`` takes where it is stored."""

    @abstractmethod
    def describe(self) -> str:
        """What the storage is, for ``footnote info``."""

    @abstractmethod
    def migrate(self) -> str:
        """Bring every stored schema up to date now; a sentence saying what was done."""

    def prepare(self) -> None:  # noqa: B027 - the embedded files need nothing
        """Connect and migrate now rather than on first use (a long-running process calls
        it at start, so a database that is down or too new is said at once)."""

    def watch(self, held: Callable[[], list[str]],
              refresh: Callable[[str], None]) -> Watcher | None:
        """Catch up the libraries this process holds (``held()``) with ``refresh(name)``
        when another process changes them; None when the backend has nothing to hear
        (SQLite: each snapshot reads the file's generation)."""
        return None

    def close(self) -> None:  # noqa: B027 - most backends hold nothing of their own
        """Release what the backend holds for every library (a later use reopens it)."""


class SQLiteStorage(Storage):
    """One folder per library under ``<data_dir>/libraries/``, each with its SQLite file."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.where = str(self.data_dir)

    def index_dir(self, name: str) -> Path:
        """``<data_dir>/libraries/<name>``: the SQLite file and the index files live there."""
        return self.data_dir / "libraries" / name

    def open(self, name: str) -> LibraryStore:
        """Open (creating if needed) ``library.sqlite3`` of the library."""
        from bot.storage.sqlite import SQLiteLibraryStore

        return SQLiteLibraryStore(self.index_dir(name) / "library.sqlite3", name)

    def exists(self, name: str) -> bool:
        """Whether the library's SQLite file exists."""
        return (self.index_dir(name) / "library.sqlite3").exists()

    def names(self) -> list[str]:
        """The library folders that hold a SQLite file, by name."""
        from bot.library import LIBRARY_NAME

        root = self.data_dir / "libraries"
        if not root.is_dir():
            return []
        return sorted(f.name for f in root.iterdir()
                      if LIBRARY_NAME.match(f.name) and (f / "library.sqlite3").is_file())

    def size_of(self, name: str) -> int:
        """Bytes of the library's folder (SQLite file and index files)."""
        return sum(f.stat().st_size for f in self.index_dir(name).rglob("*") if f.is_file())

    def describe(self) -> str:
        """For ``footnote info``."""
        return "SQLite file + FAISS index per library (embedded, no server)"

    def migrate(self) -> str:
        """Open (and so migrate) every library file; says how many were brought forward."""
        from bot.storage.sqlite import SQLiteLibraryStore
        from bot.storage.sqlite_schema import LATEST

        names = self.names()
        older = 0
        for name in names:
            path = self.index_dir(name) / "library.sqlite3"
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            db.row_factory = sqlite3.Row
            try:
                version = SQLiteLibraryStore._read_version(db)
            finally:
                db.close()
            older += version < LATEST
            SQLiteLibraryStore(path, name).close()
        if not names:
            return f"There are no libraries in {self.data_dir} yet: nothing to migrate."
        return (f"{len(names)} librar{'y' if len(names) == 1 else 'ies'} in {self.data_dir} "
                f"at storage schema version {LATEST} ({older} migrated just now).")


def open_storage(settings: Settings) -> Storage:
    """The backend the settings name: PostgreSQL when ``FOOTNOTE_DATABASE_URL`` is set,
    else the embedded SQLite files under the data folder."""
    if settings.database_url is None:
        return SQLiteStorage(settings.data_dir)
    return postgres_storage(settings.database_url.get_secret_value(), settings)


def postgres_storage(url: str, settings: Settings, *, listen: bool = True) -> Storage:
    """A :class:`bot.storage.postgres.PostgresStorage` for ``url`` (a sentence if the driver
    is not installed)."""
    try:
        from bot.storage.postgres import PostgresStorage
    except ImportError as exc:
        raise ConfigError(
            "A PostgreSQL database is configured (FOOTNOTE_DATABASE_URL), but its driver is not "
            "installed: run pip install 'footnote[postgres]' (psycopg and psycopg_pool), or "
            "leave FOOTNOTE_DATABASE_URL empty for the embedded SQLite storage."
        ) from exc
    return PostgresStorage(url, settings.data_dir, pool_size=settings.database_pool_size,
                           recheck_seconds=settings.database_recheck_seconds, listen=listen)
