"""Float32 copies of the float16 sentence vectors: the same numbers as a cast, within one
process-wide budget, given back when their segment goes."""

from __future__ import annotations

import gc

import numpy as np
import pytest

import bot.segments
from bot.service import Footnote
from bot.widened import widened, widened_bytes


class _Owner:
    """Stands for a segment: anything that can be weakly referenced."""


def test_a_copy_is_the_cast_read_only_and_made_once() -> None:
    owner, half = _Owner(), np.random.default_rng(1).normal(size=(30, 8)).astype(np.float16)
    gc.collect()  # earlier tests' segments left in cycles give their copies back now, not
    before = widened_bytes()  # in the collection below (CI once saw it 33,792 bytes short)
    wide = widened(owner, half, budget=1 << 20)
    assert wide is not None and wide.dtype == np.float32
    assert np.array_equal(wide, half.astype(np.float32))
    assert not wide.flags.writeable
    with pytest.raises(ValueError):
        wide[0, 0] = 1.0
    assert widened(owner, half, budget=1 << 20) is wide
    assert widened_bytes() == before + wide.nbytes
    del owner, wide
    gc.collect()
    assert widened_bytes() == before  # the owner went: so did its copy's share


def test_no_copy_beyond_a_quarter_of_the_budget_or_once_it_is_spent() -> None:
    half = np.zeros((64, 16), np.float16)  # 4 KiB as float32
    assert widened(_Owner(), half, budget=4 * 4096 - 1) is None  # over a quarter
    held = [_Owner() for _ in range(4)]
    gc.collect()  # as above: the budget counts from what is really held
    budget = widened_bytes() + 4 * 4096
    copies = [widened(owner, half, budget=budget) for owner in held]
    assert all(c is not None for c in copies)
    assert widened(_Owner(), half, budget=budget) is None  # spent
    assert widened(_Owner(), np.zeros((0, 16), np.float16), budget=budget) is None
    del held[0], copies[0]
    gc.collect()
    assert widened(_Owner(), half, budget=budget) is not None  # room again


def test_cosines_are_bit_for_bit_those_of_the_cast(
    app: Footnote, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        app.add_text("lib", f"Article {n}. The council met on Monday. " * 5
                     + f"Fares fall to {n} pounds. Buses run late on Sundays.\n\n" * 4,
                     title=f"Fares {n}", actor="mod")
    snap = app.library("lib").snapshot()
    rows = np.arange(len(snap.passages))
    vector = app.encoder.encode(["bus fares on Sunday"])[0]
    wide = snap.best_sentence_cosines(rows, vector)
    matrices = [snap.sentence_matrix(int(r)) for r in rows]
    assert any(not m.flags.writeable for m in matrices)  # the copy was used
    monkeypatch.setattr(bot.segments, "widened", lambda owner, half: None)
    cast = snap.best_sentence_cosines(rows, vector)
    assert np.array_equal(wide, cast) and (cast > -1).all()
    for r, m in zip(rows, matrices, strict=True):
        assert np.array_equal(snap.sentence_matrix(int(r)), m)
