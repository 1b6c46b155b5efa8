"""Helpers shared by the hostile-input suite (import as ``tests.hostile.support``).

The key one is :func:`fingerprint`: everything a refused input must leave exactly as it
was (articles and their content hashes, passages, the store generation, the audit and
answer tables, and the bytes of ``vectors.faiss`` and ``manifest.json``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main

HARBOUR = """Harbour wall approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.

The wall will cost four million pounds and protect two hundred homes from storms, officials said.

Fishermen welcomed the decision but asked the council for a new slipway as well.
"""


@dataclass(frozen=True)
class Fingerprint:
    """What a library holds, down to the bytes of its index files."""

    articles: tuple[tuple[int, str], ...]
    passages: tuple[tuple[int, int, int, int], ...]
    generation: int
    rows: tuple[tuple[str, int], ...]
    faiss: bytes
    manifest: bytes


def library_root(data_dir: Path, library: str = "default") -> Path:
    """The folder of one library under a data folder."""
    return data_dir / "libraries" / library


def fingerprint(root: Path) -> Fingerprint:
    """Read a library folder with a connection of its own (what another process would see)."""
    db = sqlite3.connect(f"file:{root / 'library.sqlite3'}?mode=ro", uri=True)
    try:
        articles = tuple(db.execute("SELECT id, content_hash FROM articles ORDER BY id"))
        passages = tuple(
            db.execute("SELECT id, article_id, start, end FROM passages ORDER BY id")
        )
        row = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )]
        rows = tuple((t, db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables)
    finally:
        db.close()
    return Fingerprint(
        articles=articles, passages=passages, generation=int(row[0]) if row else 0, rows=rows,
        faiss=(root / "vectors.faiss").read_bytes(),
        manifest=(root / "manifest.json").read_bytes(),
    )


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``footnote ARGV`` in this process; returns (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must fail as a person's mistake: exit 1, no output, and exactly
    one plain line on stderr that is not the "a bug" apology. Returns that line."""
    code, out, err = cli(capsys, *argv)
    assert code == 1, (code, out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("footnote: ")
    assert "Traceback" not in err
    assert "something went wrong inside Footnote" not in err, err
    return err.removeprefix("footnote: ").rstrip("\n")


def words_in(message: str, *words: str) -> None:
    """Every one of ``words`` (case-insensitive) is in ``message``."""
    missing = [w for w in words if w.lower() not in message.lower()]
    assert not missing, f"{missing} not in {message!r}"
