"""Open libraries, bounded: a least-recently-used cache with a size and an idle-time limit.

A bot in thousands of servers cannot keep every library open: each holds its
index in memory and a database connection (three file descriptors for SQLite in
WAL mode). The cache keeps at most ``max_open`` libraries and closes any left
unused for ``idle_seconds``; closing one releases its connections and index and
tells the listeners (the quiz service drops its per-library state). A library
closed while a thread still uses it keeps working for that thread (its store
reconnects) and is simply not kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.library import Library

log = logging.getLogger(__name__)


class LibraryCache:
    """Libraries by name, opened on demand, closed when least recently used or idle."""

    def __init__(
        self, opener: Callable[[str], Library], *, max_open: int, idle_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._opener = opener
        self.max_open = max_open
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._open: OrderedDict[str, tuple[Library, float]] = OrderedDict()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = []

    def on_close(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(name)`` whenever a library is closed."""
        self._listeners.append(listener)

    def get(self, name: str) -> Library:
        """The open library ``name``, opening it (and closing others past the bounds)."""
        now = self._clock()
        closing: list[tuple[str, Library]] = []
        with self._lock:
            entry = self._open.pop(name, None)
            lib = entry[0] if entry else self._opener(name)
            self._open[name] = (lib, now)
            for other, (old, used) in list(self._open.items()):
                if other != name and now - used > self.idle_seconds:
                    closing.append((other, old))
                    del self._open[other]
            while len(self._open) > self.max_open:
                other, (old, _) = self._open.popitem(last=False)
                closing.append((other, old))
        for other, old in closing:
            self._close(other, old)
        return lib

    def peek(self, name: str) -> Library | None:
        """The open library ``name``, or None; opens nothing and does not count as a use."""
        with self._lock:
            entry = self._open.get(name)
        return entry[0] if entry else None

    def put(self, name: str, lib: Library) -> None:
        """Keep an already opened library (replacing and closing any other of that name)."""
        with self._lock:
            entry = self._open.pop(name, None)
            self._open[name] = (lib, self._clock())
        if entry is not None and entry[0] is not lib:
            self._close(name, entry[0])

    def evict(self, name: str) -> None:
        """Close library ``name`` if it is open."""
        with self._lock:
            entry = self._open.pop(name, None)
        if entry is not None:
            self._close(name, entry[0])

    def sweep(self) -> int:
        """Close the libraries idle for longer than the limit; returns how many."""
        now = self._clock()
        with self._lock:
            idle = [(n, lib) for n, (lib, used) in self._open.items()
                    if now - used > self.idle_seconds]
            for n, _ in idle:
                del self._open[n]
        for n, lib in idle:
            self._close(n, lib)
        return len(idle)

    def close_all(self) -> None:
        """Close every open library."""
        with self._lock:
            entries, self._open = list(self._open.items()), OrderedDict()
        for name, (lib, _) in entries:
            self._close(name, lib)

    def names(self) -> list[str]:
        """The open libraries, least recently used first."""
        with self._lock:
            return list(self._open)

    def __len__(self) -> int:
        with self._lock:
            return len(self._open)

    def _close(self, name: str, lib: Library) -> None:
        try:
            lib.close()
        finally:
            for listener in self._listeners:
                try:
                    listener(name)
                except Exception:  # a listener's bug must not keep a library open
                    log.exception("library %s: a close listener failed", name)
