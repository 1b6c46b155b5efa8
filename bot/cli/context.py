"""What every command handler gets: the settings, the service (built on first use) and
the helpers they share (progress lines, a terminal progress bar, whole-number options)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the service imports numpy, FAISS...: only when a command needs it
    from bot.service import Footnote
    from bot.settings import Settings  # pydantic-settings: not for --help

LOG_NAME = "footnote.log"
"""Where, in the data folder, tracebacks of unexpected errors (and the bot's log) go."""

Handler = Callable[["Context", argparse.Namespace], int]
"""Runs one command; returns the exit code."""


@dataclass(frozen=True)
class Command:
    """One ``footnote`` subcommand: its name, its help line, its arguments and its handler."""

    name: str
    help: str
    handler: Handler
    arguments: Callable[[argparse.ArgumentParser], None] = lambda _parser: None
    check: Callable[[argparse.Namespace], str | None] = lambda _args: None
    """A usage problem argparse cannot see by itself (exit 2 with this text), or None."""


class Context:
    """The settings of this run and the service, which is only built when a command needs it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def app(self) -> Footnote:
        """The service (the model itself still loads only when something is embedded)."""
        from bot.service import Footnote

        return Footnote(self.settings, progress=progress_lines(sys.stderr))


@contextmanager
def logged_to_file(settings: Settings, logger: str) -> Iterator[None]:
    """Send ``logger``'s records (tracebacks of a file that broke a batch) to the log file in
    the data folder instead of the terminal, while the block runs."""
    path = settings.data_dir / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:  # the service will say what is wrong with the folder
        yield
        return
    target = logging.getLogger(logger)
    propagate = target.propagate
    target.addHandler(handler)
    target.propagate = False
    try:
        yield
    finally:
        target.removeHandler(handler)
        target.propagate = propagate
        handler.close()


def progress_lines(stream: TextIO) -> Callable[[str], None]:
    """A progress callback that prints "… message" lines on a terminal, nothing otherwise."""
    if not stream.isatty():
        return lambda _message: None
    return lambda message: print(f"… {message}", file=stream, flush=True)


class ProgressBar:
    """A one-line bar (``[#####.....] 12/25 name``) on a terminal; silent when piped."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total = max(total, 1)
        self.stream = stream
        self.width = width
        self.enabled = stream.isatty()

    def show(self, done: int, label: str) -> None:
        """Redraw the bar: ``done`` of the total finished, ``label`` being worked on."""
        if not self.enabled:
            return
        filled = self.width * done // self.total
        bar = "#" * filled + "." * (self.width - filled)
        print(f"\r[{bar}] {done}/{self.total} {label[:40]:<40}", end="", file=self.stream,
              flush=True)

    def close(self) -> None:
        """Clear the bar's line."""
        if self.enabled:
            print("\r" + " " * (self.width + 60) + "\r", end="", file=self.stream, flush=True)


def count(text: str) -> int:
    """A whole number from 1 to 1,000,000 (argparse type for -n, --limit)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 1,000,000")
    return value
