"""Turn what the disk says (full, read-only, no permission, a file in the way) into a
:class:`StorageError` sentence that names the path, at the service boundary.

SQLite reports these as ``sqlite3.OperationalError`` with its own wording ("attempt
to write a readonly database", "database or disk is full", "unable to open database
file"); the operating system as ``OSError`` with an errno. Anything else is left
alone: it is a bug, and the adapters report it as one.
"""

from __future__ import annotations

import errno
import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from bot.errors import StorageError

F = TypeVar("F", bound=Callable[..., Any])

_FIX = "point FOOTNOTE_DATA_DIR or --data-dir at a folder you can write to"


def _sqlite_problem(exc: sqlite3.Error) -> str | None:
    text = str(exc).lower()
    name = getattr(exc, "sqlite_errorname", "")
    if "readonly" in text or name.startswith("SQLITE_READONLY"):
        return f"is read-only, so nothing can be changed (make it writable, or {_FIX})"
    if "disk is full" in text or name == "SQLITE_FULL":
        return "is on a full disk; free some space and try again (nothing was changed)"
    if "unable to open" in text or name.startswith("SQLITE_CANTOPEN"):
        return f"cannot be opened: its folder is missing, unreadable or not writable ({_FIX})"
    if "disk i/o error" in text or name.startswith("SQLITE_IOERR"):
        return "could not be read or written (a disk I/O error); check the disk"
    return None


def _os_problem(exc: OSError) -> str | None:
    if exc.errno == errno.ENOSPC:
        return "is on a full disk; free some space and try again"
    if exc.errno == errno.EDQUOT:
        return "is over its disk quota; free some space and try again"
    if exc.errno == errno.EROFS:
        return f"is on a read-only file system ({_FIX})"
    if isinstance(exc, PermissionError):
        return f"is not writable or readable by this user: permission denied ({_FIX})"
    if isinstance(exc, NotADirectoryError | FileExistsError):
        return f"has a file where a folder should be ({_FIX})"
    if exc.errno == errno.EIO:
        return "could not be read or written (an I/O error); check the disk"
    return None


def storage_error(exc: BaseException, where: Path) -> StorageError | None:
    """The :class:`StorageError` for ``exc`` met while using ``where``, or None if ``exc``
    is not a storage problem. The path named is the file the system names, if it does."""
    if isinstance(exc, sqlite3.Error):
        problem = _sqlite_problem(exc)
        path = where
    elif isinstance(exc, OSError):
        problem = _os_problem(exc)
        path = Path(exc.filename) if isinstance(exc.filename, str) else where
    else:
        return None
    if problem is None:
        return None
    return StorageError(f"The data folder {path} {problem}." if path == where
                        else f"{path} (in the data folder {where}) {problem}.")


def check_data_dir(data_dir: Path) -> None:
    """Refuse a data folder that is a file (or sits under one) with a sentence."""
    for path in (data_dir, *data_dir.parents):
        if path.exists():
            if not path.is_dir():
                what = "is a file" if path == data_dir else f"is inside {path}, which is a file"
                raise StorageError(
                    f"The data folder {data_dir} {what}, not a folder; {_FIX}."
                )
            return


@contextmanager
def storage_errors(where: Path) -> Iterator[None]:
    """Re-raise disk and database trouble met inside the block as a :class:`StorageError`."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        translated = storage_error(exc, where)
        if translated is None:
            raise
        raise translated from exc


def translate_storage_errors(method: F) -> F:
    """Decorate a :class:`bot.service.Footnote` method: storage trouble becomes a sentence
    naming the data folder (``self.settings.data_dir``)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with storage_errors(self.settings.data_dir):
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
