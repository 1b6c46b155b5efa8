"""Float32 copies of float16 sentence vectors, within one budget for the whole process.

Sentence vectors are stored as float16 (half the memory). Every question widens the
sentences of its ~50-100 candidate passages to float32 before taking cosines, and
numpy's float16 -> float32 cast runs at about 2 ns an element: 0.3 ms a question on a
SQuAD article, the largest single step of an ask after the encoder. A segment small
enough keeps a float32 copy once it is first asked, so later questions only gather
rows; the gathered rows are the same numbers either way (widening is exact), so every
cosine is bit-for-bit what the cast gave.

The copies come out of one process-wide budget (:data:`bot.tuning.WIDENED_BUDGET_BYTES`):
a segment is widened only while the budget has room and never when it alone would take
more than a quarter of it, and its share returns when the segment is dropped (a merge, a
library closed by the library cache). A big library's large segments, and any segment
asked once the budget is spent, cast as before: slower, never more memory.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import numpy as np

from bot.tuning import WIDENED_BUDGET_BYTES

_lock = threading.Lock()
_used = 0
_copies: dict[int, np.ndarray] = {}
"""By ``id`` of their owner (segments are frozen dataclasses of arrays: not hashable)."""


def _drop(key: int, nbytes: int) -> None:
    global _used
    with _lock:
        _copies.pop(key, None)
        _used -= nbytes


def widened(owner: Any, half: np.ndarray, budget: int = WIDENED_BUDGET_BYTES
            ) -> np.ndarray | None:
    """A read-only float32 copy of ``half`` kept for as long as ``owner`` lives (made on
    the first call), or None when the budget has no room for it (then cast per use)."""
    key = id(owner)
    wide = _copies.get(key)
    if wide is not None:
        return wide
    global _used
    nbytes = half.size * 4
    with _lock:
        wide = _copies.get(key)
        if wide is not None:  # another thread made it meanwhile
            return wide
        if nbytes == 0 or nbytes > budget // 4 or _used + nbytes > budget:
            return None  # asked again later: the budget may have room by then
        wide = half.astype(np.float32)
        wide.flags.writeable = False
        _copies[key] = wide
        _used += nbytes
    weakref.finalize(owner, _drop, key, nbytes)
    return wide


def widened_bytes() -> int:
    """Bytes of float32 copies alive now (for benchmarks and tests)."""
    with _lock:
        return _used
