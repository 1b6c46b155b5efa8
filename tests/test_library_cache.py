"""Open libraries are bounded (least recently used, idle time) and closed cleanly; the
seed articles are embedded once and copied into each new library."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import numpy as np
import pytest

from bot.library import Library
from bot.library_cache import LibraryCache
from bot.service import Footnote
from bot.settings import PROJECT_ROOT, Settings
from tests.fakes import HashingEncoder
from tests.test_index import CountingEncoder
from tests.test_library import check_consistent


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _fds(under: Path) -> int:
    """Descriptors this process holds on files below ``under`` (not the whole process's:
    a thread left by another test may open and close its own meanwhile)."""
    gc.collect()
    held = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (the listing's own descriptor, say)
            continue
        held += target.startswith(f"{under.resolve()}/")
    return held


def test_least_recently_used_and_idle_libraries_are_closed(tmp_path: Path) -> None:
    clock = Clock()
    opened: list[str] = []
    closed: list[str] = []

    def opener(name: str) -> Library:
        opened.append(name)
        return Library(name, tmp_path / name, HashingEncoder())

    cache = LibraryCache(opener, max_open=3, idle_seconds=100, clock=clock)
    cache.on_close(closed.append)
    a = cache.get("a")
    cache.get("b")
    cache.get("c")
    assert cache.get("a") is a and opened == ["a", "b", "c"]
    cache.get("d")  # b is the least recently used
    assert closed == ["b"] and cache.names() == ["c", "a", "d"]
    clock.now = 150
    cache.get("a")  # c and d idle for 150 s
    assert sorted(closed) == ["b", "c", "d"] and cache.names() == ["a"]
    clock.now = 300
    assert cache.sweep() == 1 and closed[-1] == "a" and len(cache) == 0
    assert cache.get("a") is not a  # reopened
    cache.close_all()
    assert len(cache) == 0


def test_many_libraries_hold_bounded_descriptors(settings: Settings) -> None:
    small = Settings(data_dir=settings.data_dir, seeds_dir=PROJECT_ROOT / "seeds",
                     max_open_libraries=4)
    app = Footnote(small, encoder=HashingEncoder())
    start = _fds(settings.data_dir)
    for i in range(30):
        name = f"guild-{i}"
        app.add_text(name, f"Plan {i}\n\nThe council said plan {i} would cost {i} pounds.")
        assert not app.ask(name, f"How much would plan {i} cost?").declined
        assert len(app.libraries) <= 4
    assert _fds(settings.data_dir) - start <= 4 * 3 + 3  # 4 open stores (file, WAL, shm)
    app.close()
    assert _fds(settings.data_dir) <= start


def test_the_quiz_forgets_a_closed_library(app: Footnote) -> None:
    from bot.quiz.service import Quizzes

    quizzes = Quizzes(app)
    app.add_text("q", "Harbour plan\n\nThe harbour wall will cost four million pounds, "
                      "the council said on Tuesday.")
    quizzes.bank("q")
    assert "q" in quizzes._libraries
    app.libraries.evict("q")
    assert "q" not in quizzes._libraries


def test_seeds_are_embedded_once_and_copied(settings: Settings) -> None:
    encoder = CountingEncoder()
    seeded = Settings(data_dir=settings.data_dir, seeds_dir=PROJECT_ROOT / "seeds")
    app = Footnote(seeded, encoder=encoder)
    first = app.library("guild-1", seed=True)
    embedded = encoder.texts
    assert embedded > 0
    for n in range(2, 6):
        lib = app.library(f"guild-{n}", seed=True)
        assert [a.title for a in lib.articles()] == [a.title for a in first.articles()]
        assert lib.articles()[0].added_by == "seed"
        assert lib.store.get_meta("seeded") == "1"
        check_consistent(lib)
    assert encoder.texts == embedded  # four more libraries, no more embedding
    a, b = app.library("guild-1").snapshot(), app.library("guild-5").snapshot()
    np.testing.assert_array_equal(a.vectors, b.vectors)
    assert [p.text for p in a.passages] == [p.text for p in b.passages]
    question = "What did he say about 5G?"
    assert app.ask("guild-1", question) == app.ask("guild-5", question)
    # a later process reuses the template on disk: still no embedding
    embedded = encoder.texts  # (the two questions were embedded)
    again = Footnote(seeded, encoder=encoder)
    again.library("guild-9", seed=True)
    assert encoder.texts == embedded


def test_a_changed_seed_folder_builds_a_new_template(settings: Settings, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("First seed\n\nThe harbour wall will cost four million.")
    app = Footnote(Settings(data_dir=settings.data_dir, seeds_dir=seeds),
                   encoder=HashingEncoder())
    assert [a.title for a in app.library("one", seed=True).articles()] == ["First seed"]
    (seeds / "b.txt").write_text("Second seed\n\nThe orchard apples were picked early.")
    later = Footnote(Settings(data_dir=settings.data_dir, seeds_dir=seeds),
                     encoder=HashingEncoder())
    titles = [a.title for a in later.library("two", seed=True).articles()]
    assert titles == ["First seed", "Second seed"]
    assert len(list((settings.data_dir / "seed-cache").iterdir())) == 1  # the old one is gone


@pytest.mark.parametrize("bad", ["empty.txt"])
def test_a_seed_that_cannot_be_read_is_skipped(settings: Settings, tmp_path: Path,
                                               bad: str) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / bad).write_text("")
    (seeds / "good.txt").write_text("Good seed\n\nThe harbour wall will cost four million.")
    app = Footnote(Settings(data_dir=settings.data_dir, seeds_dir=seeds),
                   encoder=HashingEncoder())
    lib = app.library("x", seed=True)
    assert [a.title for a in lib.articles()] == ["Good seed"]
    assert lib.store.get_meta("seeded") == "2"
