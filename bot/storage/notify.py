"""Hearing about other processes' changes: PostgreSQL ``LISTEN/NOTIFY``, and a fallback.

Every content change to a library bumps its generation and, in the same
transaction, sends ``NOTIFY footnote_changes, '<schema> <generation> <library>'``;
PostgreSQL delivers it to every listener once the transaction commits.

:class:`ChangeListener` is one thread per process and database: it holds one
connection that LISTENs and remembers the newest generation it has heard of for
each library. While it is connected, a generation read from the database (or
heard since) stays *known* to be current: a later commit would have been
heard. So :meth:`bot.library.Library.snapshot` needs no round trip to the
database per question, only :meth:`ChangeListener.known`. What it knows is
forgotten whenever the connection drops (changes may be missed meanwhile) and
trusted for at most ``recheck`` seconds without being heard of or read again,
so a lost notification costs at most that long.

:class:`Refresher` is the other half: on each notification it catches up the
library at once if this process holds it (so the next question finds it ready),
and every ``recheck`` seconds it checks every library the process holds (the
periodic fallback).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("footnote.database")

Callback = Callable[[str, int], None]
"""``callback(library, generation)``: a library reached a generation (another process)."""


@dataclass
class _Known:
    generation: int
    token: int
    at: float


class ChangeListener:
    """One LISTENing connection (a daemon thread) and what it has heard.

    ``connect()`` returns a new autocommit connection (psycopg); ``channel`` is the
    channel to LISTEN on; only payloads of ``schema`` count (several Footnotes may
    share a database, one schema each).
    """

    PING_SECONDS = 10.0
    """An idle connection is checked this often (a silently dead network shows)."""

    def __init__(
        self, connect: Callable[[], Any], *, channel: str, where: str, recheck: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connect = connect
        self.channel = channel
        self.where = where
        self.recheck = recheck
        self._clock = clock
        self._lock = threading.Lock()
        self._token: int | None = None
        self._tokens = 0
        self._known: dict[str, _Known] = {}
        self._callbacks: list[Callback] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.schema: str | None = None

    # the thread ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start listening (once)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="footnote-listen",
                                                daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and forget what was heard."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        with self._lock:
            self._token = None
            self._known.clear()

    def wait_live(self, timeout: float) -> bool:
        """Wait until the listener is connected (tests, benches); whether it is."""
        deadline = time.monotonic() + timeout
        while self.token() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.token() is not None

    def _run(self) -> None:
        delay = 0.2
        was_down = False
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except Exception as exc:  # psycopg.Error, or the pool's sentence
                if not was_down:
                    log.warning("change notifications from the database at %s stopped: %s; "
                                "each question asks the database until they are back",
                                self.where, _first_line(exc))
                was_down = True
                self._stop.wait(delay)
                delay = min(delay * 2, 5.0)
                continue
            try:
                self._listen(conn, was_down)
                was_down = False
            except Exception as exc:
                self._down()
                if not self._stop.is_set():
                    log.warning("change notifications from the database at %s stopped: %s; "
                                "each question asks the database until they are back",
                                self.where, _first_line(exc))
                    was_down = True
            finally:
                self._down()
                try:
                    conn.close()
                except Exception:  # a broken connection may fail to close: nothing to do
                    log.debug("closing the listening connection failed", exc_info=True)
            delay = 0.2

    def _listen(self, conn: Any, was_down: bool) -> None:
        self.schema = conn.execute("SELECT current_schema()").fetchone()[0]
        conn.execute(f"LISTEN {self.channel}")
        with self._lock:
            self._tokens += 1
            self._token = self._tokens
            self._known.clear()
        if was_down:
            log.warning("change notifications from the database at %s are back", self.where)
        pinged = self._clock()
        while not self._stop.is_set():
            for note in conn.notifies(timeout=0.1):
                self._payload(note.payload)
                if self._stop.is_set():
                    return
            if self._clock() - pinged > self.PING_SECONDS:
                conn.execute("SELECT 1")
                pinged = self._clock()

    def _down(self) -> None:
        with self._lock:
            self._token = None
            self._known.clear()

    def _payload(self, payload: str) -> None:
        schema, _, rest = payload.partition(" ")
        generation, _, name = rest.partition(" ")
        if schema != self.schema or not generation.isdecimal() or not name:
            return
        with self._lock:
            token = self._token
        if token is None:
            return
        self.heard(name, int(generation), token)
        for callback in list(self._callbacks):
            try:
                callback(name, int(generation))
            except Exception:  # a subscriber's bug must not stop the notifications
                log.exception("a change subscriber failed on %s", payload)

    # what is known ---------------------------------------------------------------------------
    def token(self) -> int | None:
        """The current connection's number while listening, else None. Take it *before* a
        read: a value read afterwards may be kept (:meth:`observe`) under that token."""
        with self._lock:
            return self._token

    def observe(self, library: str, generation: int, token: int | None) -> None:
        """A generation read from the database in a transaction begun under ``token``."""
        self.heard(library, generation, token)

    def heard(self, library: str, generation: int, token: int | None) -> None:
        """The library is at ``generation`` or later (a notification, a commit, a read)."""
        with self._lock:
            if token is None or token != self._token:
                return
            now = self._clock()
            old = self._known.get(library)
            if old is not None and old.token == token and old.generation > generation:
                old.at = now
                return
            self._known[library] = _Known(generation, token, now)

    def known(self, library: str) -> int | None:
        """The library's current generation without asking the database, or None when
        not known for sure (not listening, never read, or not confirmed lately)."""
        with self._lock:
            entry = self._known.get(library)
            if (entry is None or self._token is None or entry.token != self._token
                    or self._clock() - entry.at > self.recheck):
                return None
            return entry.generation

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(library, generation)`` (in the listener thread: be quick) on
        every change heard from the database; returns the function that unsubscribes."""
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe


class Refresher:
    """Keeps the libraries a process holds caught up with the database, in one thread.

    ``held()`` names the libraries this process holds; ``refresh(name)`` catches one up
    (:meth:`bot.library.Library.snapshot`) if it is still held.
    """

    def __init__(
        self, listener: ChangeListener, held: Callable[[], list[str]],
        refresh: Callable[[str], None], period: float,
    ) -> None:
        self.period = period
        self._held = held
        self._refresh = refresh
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._unsubscribe = listener.subscribe(lambda name, _gen: self._queue.put(name))
        self._thread = threading.Thread(target=self._run, name="footnote-refresh", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop refreshing."""
        self._unsubscribe()
        self._queue.put(None)
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        checked = time.monotonic()
        while True:
            try:
                name = self._queue.get(timeout=max(0.05, self.period - (time.monotonic()
                                                                       - checked)))
            except queue.Empty:
                name = ""
            if name is None:
                return
            names = [name] if name else []
            if time.monotonic() - checked >= self.period:
                checked = time.monotonic()
                names = sorted(set(names) | set(self._held()))
            for held in names:
                self._one(held)

    def _one(self, name: str) -> None:
        try:
            self._refresh(name)
        except Exception as exc:  # the database is down, the library was closed...
            log.debug("library %s: catching up failed: %s", name, exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
