"""Text that only repeats a few words is not an article: a page of 100,000 links reads as
"link link link ...", a stuck keyboard or a looped copy as one sentence over and over.

Prose keeps bringing new words: over the 172 texts of every set here (the written
articles, SQuAD's 13), the commonest word ("the") is at most 11% of the words, and the
distinct words are at least 9 times the square root of the word count (Heaps' law: a
15,000-word article has 3,385 of them, 27 times). The two limits below sit far beyond both.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from bot.errors import InputError

MIN_WORDS = 200
"""Shorter texts are judged by the word-count rule alone."""
MAX_TOP_SHARE = 0.5
"""The most that one word may be of a text's words."""
_WORD = re.compile(r"\w+")


def refuse_repetition(body: str) -> None:
    """Raise :class:`InputError` when ``body`` is mostly one word, or so few distinct words
    that they are fewer than the square root of its word count."""
    words = [w.casefold() for w in _WORD.findall(body)]
    if len(words) < MIN_WORDS:
        return
    counts = Counter(words)
    top, times = counts.most_common(1)[0]
    if times > MAX_TOP_SHARE * len(words):
        raise InputError(
            f"The text repeats “{top[:40]}” for {math.floor(100 * times / len(words))}% of its "
            f"{len(words):,} words: that is not an article.")
    if len(counts) ** 2 < len(words):
        raise InputError(
            f"The text is {len(words):,} words made of only {len(counts):,} different "
            f"ones: that is not an article.")
