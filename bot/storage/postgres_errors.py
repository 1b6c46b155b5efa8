"""What PostgreSQL's errors mean for people: sentences for a database that is unreachable,
refuses the login, does not exist, is full or read-only; and :class:`Health`, which says
in the log when the database goes away and when it is back (once each).

Nothing here shows the user name or password of ``FOOTNOTE_DATABASE_URL``.
"""

from __future__ import annotations

import logging
import re
import threading
import time

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import PoolTimeout

from bot.errors import FootnoteError, LibraryError, StorageError

log = logging.getLogger("footnote.database")
"""Outages and recoveries (the CLI, which prints its sentence itself, silences it)."""


def where_of(url: str) -> str:
    """``host:port/database`` of a URL, for sentences (never the user or password)."""
    try:
        info = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(an unreadable FOOTNOTE_DATABASE_URL)"
    host = str(info.get("host") or "localhost").split(",")[0]
    port = str(info.get("port") or "5432").split(",")[0]
    return f"{host}:{port}/{info.get('dbname') or info.get('user') or 'postgres'}"


def _reason(exc: BaseException) -> str:
    """The first line of what libpq or the server said (its hints follow on other lines)."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    for prefix in ("connection failed: ", "consuming input failed: "):
        text = text.removeprefix(prefix)
    text = re.sub(r'^connection to server (at|on) "[^"]*"( \([^)]*\))?(, port \d+)? failed: ', "",
                  text)
    text = re.sub(r"^(FATAL|ERROR):\s+", "", text)
    return text.rstrip(".")


def connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` means the server cannot be reached (not a bad query)."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


def unreachable(where: str, exc: BaseException) -> StorageError:
    """The sentence for a database that cannot be used right now."""
    reason = _reason(exc)
    if ("authentication failed" in reason or "no password supplied" in reason
            or (reason.startswith("role") and "does not exist" in reason)):
        return StorageError(f"The database at {where} refused Footnote's login: {reason}. Check "
                            "the user name and password in FOOTNOTE_DATABASE_URL.")
    if "does not exist" in reason and reason.startswith("database"):
        return StorageError(f"The database at {where} does not exist: create it (createdb "
                            f"{where.rsplit('/', 1)[-1]}), or fix its name in "
                            "FOOTNOTE_DATABASE_URL.")
    return StorageError(
        f"The database at {where} is unreachable: {reason}. Check that PostgreSQL is running "
        "and that FOOTNOTE_DATABASE_URL points at it; Footnote reconnects by itself once it "
        "answers."
    )


def database_error(exc: BaseException, where: str) -> FootnoteError | None:
    """The domain error for a psycopg error that is not a bug, or None."""
    if connection_lost(exc):
        return unreachable(where, exc)
    if isinstance(exc, psycopg.errors.DiskFull | psycopg.errors.OutOfMemory):
        return StorageError(f"The database at {where} is out of space or memory ({_reason(exc)});"
                            " nothing was changed.")
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return StorageError(f"The database at {where} is read-only (a standby?): nothing can be "
                            "changed. Point FOOTNOTE_DATABASE_URL at the primary server.")
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return StorageError(f"The database user of FOOTNOTE_DATABASE_URL may not do this at "
                            f"{where}: {_reason(exc)}.")
    if isinstance(exc, psycopg.errors.DataCorrupted | psycopg.errors.IndexCorrupted):
        return LibraryError(f"The database at {where} reports damaged data ({_reason(exc)}). "
                            "Restore it from a backup.")
    return None


class Health:
    """Says in the log when the database goes away and when it is back (once each)."""

    def __init__(self, where: str) -> None:
        self.where = where
        self._down_since: float | None = None
        self._lock = threading.Lock()

    @property
    def down(self) -> bool:
        """Whether the last word on the database was that it cannot be reached."""
        return self._down_since is not None

    def failed(self, error: FootnoteError) -> None:
        """A request found the database unreachable."""
        with self._lock:
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        log.error("%s Requests that need it are refused until it is back.", error)

    def ok(self) -> None:
        """A request reached the database."""
        if self._down_since is None:
            return
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            log.warning("The database at %s is reachable again (after %.1f s); Footnote "
                        "serves requests again.", self.where, time.monotonic() - since)
