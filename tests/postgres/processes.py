"""Child processes for the multi-process tests: started, read line by line, and killed.

A reader thread per child keeps its stdout and stderr lines (so a full pipe never
stalls it); tests wait for a line with a bound that only keeps a broken run from
hanging the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.settings import PROJECT_ROOT

CHILD = Path(__file__).with_name("child.py")


class Child:
    """One child process and everything it has said so far."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        # faulthandler: a child that will not stop is ended with SIGABRT, which makes it
        # write every thread's stack to stderr (see :meth:`stop`)
        full_env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "PYTHONFAULTHANDLER": "1",
                    **env}
        for name in ("FOOTNOTE_DATABASE_URL", "FOOTNOTE_SHARD_COUNT", "FOOTNOTE_SHARD_IDS"):
            if name not in env:
                full_env.pop(name, None)
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=full_env, cwd=cwd, text=True, bufsize=1,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._threads = [threading.Thread(target=self._read, args=(stream, lines), daemon=True)
                         for stream, lines in ((self.proc.stdout, self.out),
                                               (self.proc.stderr, self.err))]
        for thread in self._threads:
            thread.start()

    @staticmethod
    def _read(stream: object, lines: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line.rstrip("\n"))

    def said(self, predicate: Callable[[str], bool], *, stderr: bool = False) -> list[str]:
        """The lines (stdout, or stderr) for which ``predicate`` holds."""
        return [line for line in list(self.err if stderr else self.out) if predicate(line)]

    def wait_line(self, predicate: Callable[[str], bool], *, stderr: bool = False,
                  guard: float = 120.0) -> str:
        """Block until the child says a matching line (and return it)."""
        deadline = time.monotonic() + guard
        while True:
            found = self.said(predicate, stderr=stderr)
            if found:
                return found[0]
            if self.proc.poll() is not None and not any(t.is_alive() for t in self._threads):
                raise AssertionError(f"the child ended ({self.proc.returncode}) without it:\n"
                                     + "\n".join(self.err[-30:]))
            assert time.monotonic() < deadline, "the child said nothing useful:\n" + "\n".join(
                self.err[-30:])
            time.sleep(0.02)

    def send(self, line: str) -> None:
        """Write a line to the child's standard input."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        """SIGKILL (a machine that dies) and reap it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self, sig: int = signal.SIGINT) -> int:
        """``sig`` (Ctrl-C's SIGINT, or a service manager's SIGTERM: a clean stop), then
        SIGABRT if it lingers (its threads' stacks go to :attr:`err`), then SIGKILL; returns
        its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGABRT)
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.kill()
                for thread in self._threads:
                    thread.join(5)
        return self.proc.wait(30)


@contextmanager
def children() -> Iterator[Callable[..., Child]]:
    """Start children with ``start(argv, env, cwd)``; every one is killed on the way out."""
    started: list[Child] = []

    def start(argv: list[str], env: dict[str, str], cwd: Path) -> Child:
        child = Child(argv, env, cwd)
        started.append(child)
        return child

    try:
        yield start
    finally:
        for child in started:
            child.kill()


def footnote(*args: str) -> list[str]:
    """The argv of ``footnote ARGS`` with the fast fake encoder (tests/postgres/child.py)."""
    return [sys.executable, str(CHILD), *args]
