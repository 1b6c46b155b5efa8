"""SIGKILL a process that is adding articles, twenty times, each at a known point.

Builds on tests/test_library.py (its child script, kill points and checks). The child
stops at a chosen point of an add (before its transaction, inside it, after the commit,
either side of the rename of a new index file) the 1st to 4th time it gets there, says
so, and is killed there: no sleeps, no timing, so every point is hit on any machine.
After each kill the library must open, hold every article the child ACKed (after add
returned) and hold every article whole: its text and passages exactly what a fresh
cleaning of its source gives, its passages in the index, nothing half-present.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder
from tests.test_library import KILL_POINTS, check_after_kill, kill_child_at

OCCURRENCES = (1, 2, 3, 4)


def _generations(root: Path) -> tuple[int, int]:
    """(store generation, generation the manifest describes) as a fresh process sees them."""
    db = sqlite3.connect(f"file:{root / 'library.sqlite3'}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    finally:
        db.close()
    manifest = root / "manifest.json"  # none yet if killed before the first index write
    written = json.loads(manifest.read_text()).get("generation", 0) if manifest.exists() else 0
    return int(row[0] if row else 0), int(written)


@pytest.mark.parametrize("nth", OCCURRENCES)
def test_sigkills_at_every_point_lose_nothing_and_half_store_nothing(
    tmp_path: Path, nth: int,
) -> None:
    data = tmp_path / "crashdata"
    root = data / "libraries" / "crash"
    acked: dict[int, int] = {}
    sizes: list[int] = []
    acks = 0
    for run, point in enumerate(KILL_POINTS):
        kill = kill_child_at(tmp_path, data, 1000 * run, point, nth)
        acked.update(kill.acked)
        acks += kill.acks
        store_generation, index_generation = _generations(root)
        if point in ("committed", "index-announced"):
            # the interesting moment: stored, the index file not yet caught up
            assert store_generation > index_generation
        app = Footnote(Settings(data_dir=data, seeds_dir=tmp_path / "none"),
                       encoder=HashingEncoder())
        lib = app.library("crash")
        try:
            check_after_kill(lib, acked, kill, point)
            answer = app.ask("crash", "What did residents say about the orchard apples?")
            articles = {a.id: a for a in lib.articles()}
            for c in answer.citations:
                assert articles[c.article_id].text[c.start:c.end] == c.quote
            sizes.append(len(articles))
        finally:
            app.close()
    assert sizes == sorted(sizes)  # nothing ever disappeared
    assert acks >= len(KILL_POINTS) * (nth - 1)  # the nth time: after nth - 1 whole adds
    leftovers = list(root.glob(".*"))
    assert len(leftovers) <= 2 * len(KILL_POINTS)  # temp files of killed writers, swept later
