"""How common a word is in English at large, for the refusal's evidence.

A library's own word counts say how rare a word is among its passages, which tells
nothing when it holds one article: every word it has is "rare" there. How common the
question's rarest shared word is in general English does: a question sharing "grocer"
with a story is about it far more surely than one sharing "want". The table
(``bot/data/word_frequency.tsv``, built by ``bench/build_word_frequency.py`` from
wordfreq) gives each stem a Zipf frequency (log10 uses per billion words: "the" 7.7,
"council" 5.1, "grocer" 3.0); a stem it lacks is rarer than any it holds.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path

FREQUENCY_PATH = Path(__file__).resolve().parent.parent / "data" / "word_frequency.tsv"
"""One stem a line: ``<stem>\\t<zipf frequency>``."""
WORDS = 60_000
"""How many of English's most common words the table was built from."""
UNLISTED = 2.0
"""The frequency of a stem the table lacks (its rarest entries are about 2.4)."""
NOTHING_SHARED = 8.0
"""What :func:`rarest_shared` gives when no question word is shared, and
:func:`rarest_missing` when none is missing: commoner than "the"."""

_table: dict[str, float] | None = None
_lock = threading.Lock()


def _load() -> dict[str, float]:
    global _table
    with _lock:
        if _table is None:
            table = {}
            for line in FREQUENCY_PATH.read_text("utf-8").splitlines():
                stem, _, zipf = line.partition("\t")
                table[stem] = float(zipf)
            _table = table
    return _table


def warm() -> None:
    """Read the table now (about 30 ms), not on the first question."""
    _load()


def frequency(stem: str) -> float:
    """The Zipf frequency of ``stem`` in general English (:data:`UNLISTED` if unlisted)."""
    return (_table or _load()).get(stem, UNLISTED)


def rarest_shared(stems: Iterable[str], present: AbstractSet[str]) -> float:
    """The general-English frequency of the least common of ``stems`` that ``present``
    holds; :data:`NOTHING_SHARED` when it holds none."""
    return min((frequency(s) for s in stems if s in present), default=NOTHING_SHARED)


def rarest_missing(stems: Iterable[str], present: AbstractSet[str]) -> float:
    """The general-English frequency of the least common of ``stems`` that ``present``
    lacks; :data:`NOTHING_SHARED` when it lacks none. A library's own counts make every
    word it lacks maximally rare, "want" as much as "Beyonce"; this tells them apart."""
    return min((frequency(s) for s in stems if s not in present), default=NOTHING_SHARED)
