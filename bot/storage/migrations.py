"""Versioned schema migrations: ordered steps, the version kept in the store's metadata.

A backend lists its steps (version 1, 2, 3...) and runs :func:`run_migrations`
when a store is opened: inside one exclusive transaction it reads the recorded
``schema_version``, applies every newer step in order and records the new
version, so two processes opening the same store at once migrate it once. A
store whose version is newer than the newest step this code knows is refused
with a sentence: an older Footnote must not write to a newer layout.

Step 1 of every backend is the baseline, written so that it also adopts stores
made before versions were recorded (``CREATE TABLE IF NOT EXISTS``): such a
store reads as version 0 and is brought forward like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.errors import LibraryError

SCHEMA_KEY = "schema_version"
Conn = TypeVar("Conn")


@dataclass(frozen=True)
class Migration(Generic[Conn]):
    """One step: ``apply(connection)`` brings the schema from ``version - 1`` to ``version``."""

    version: int
    summary: str
    apply: Callable[[Conn], None]


def check_order(steps: Sequence[Migration[Conn]]) -> int:
    """The newest version in ``steps``; they must be numbered 1, 2, 3... in order."""
    for expected, step in enumerate(steps, start=1):
        if step.version != expected:
            raise ValueError(f"migration {step.summary!r} is numbered {step.version}, "
                             f"expected {expected}")
    return len(steps)


def pending(
    current: int, steps: Sequence[Migration[Conn]], *, what: str
) -> list[Migration[Conn]]:
    """The steps to apply to a store at ``current``; refuses a store newer than the code."""
    latest = check_order(steps)
    if current > latest:
        raise LibraryError(
            f"{what} was written by a newer version of Footnote (storage schema {current}; "
            f"this version knows up to {latest}). Upgrade Footnote to open it; nothing was "
            "changed."
        )
    return [step for step in steps if step.version > current]


def run_migrations(
    conn: Conn, steps: Sequence[Migration[Conn]], *, read_version: Callable[[Conn], int],
    write_version: Callable[[Conn, int], None], what: str,
) -> int:
    """Apply the pending steps on ``conn`` (the caller holds an exclusive transaction).

    Returns the version the store is at afterwards.
    """
    current = read_version(conn)
    todo = pending(current, steps, what=what)
    for step in todo:
        step.apply(conn)
        write_version(conn, step.version)
    return todo[-1].version if todo else current
