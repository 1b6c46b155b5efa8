"""Where Footnote keeps its data: one storage interface, pluggable backends.

- :mod:`bot.storage.base`: the interface (:class:`LibraryStore`) and its records;
- :mod:`bot.storage.migrations`: versioned schema migrations run on open;
- :mod:`bot.storage.sqlite`: the embedded default, one SQLite file per library.

:class:`Storage` is a backend: it opens one library's store by name and says where
this process keeps that library's local index files (derived data, rebuildable).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

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

__all__ = [
    "ArticleRecord", "ChangeSet", "FeedbackRow", "LibraryStore", "QuizAnswerRow", "QuizTotals",
    "SQLiteStorage", "Storage", "StoreConflict", "StoredVectors",
]


class Storage(ABC):
    """A storage backend: opens libraries' stores by name."""

    @abstractmethod
    def open(self, name: str) -> LibraryStore:
        """The store of library ``name`` (created, and migrated, on first use)."""

    @abstractmethod
    def exists(self, name: str) -> bool:
        """Whether library ``name`` has been created."""

    @abstractmethod
    def index_dir(self, name: str) -> Path:
        """The folder where this process keeps library ``name``'s index files."""


class SQLiteStorage(Storage):
    """One folder per library under ``<data_dir>/libraries/``, each with its SQLite file."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)

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
