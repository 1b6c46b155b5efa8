"""Which words of a library's vocabulary a misspelt word could be: the candidates that
:meth:`bot.lexical.LexicalIndex.correct` chooses from.

Two words one edit apart (a letter missing, extra, changed, or two neighbours swapped)
always share a one-letter deletion (or one is a deletion of the other), so the words
sharing any deletion with a typed word, kept only if :func:`one_edit` holds, are exactly
the words one edit from it. :class:`NearWords` indexes those deletions as sorted 32-bit
hashes beside word numbers (two arrays), not as a dict of strings: a dict held every
deletion of every word as its own string and cost about 5 MB for a library of 50
articles, in every open library. A hash collision only adds a candidate that
:func:`one_edit` then rejects, so the candidates are the same.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence

import numpy as np

MIN_LENGTH = 4
"""Shorter words (and numbers) are never offered as corrections through the deletion
index (too many near neighbours)."""


def deletions(word: str) -> set[str]:
    """Every string ``word`` gives with one letter removed."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _keys(variants: set[str]) -> np.ndarray:
    """32-bit hashes of ``variants`` (this process's string hashes, masked)."""
    return np.fromiter((hash(v) & 0xFFFFFFFF for v in variants), np.uint32, len(variants))


class NearWords:
    """The words of ``terms`` one edit from a word, and those ending with a word.

    Holds the terms list (the vocabulary's own strings), the sorted deletion hashes with
    the number of the word each came from, and the word numbers in the order of the
    words spelt backwards (for :meth:`ending_with`)."""

    def __init__(self, terms: Sequence[str]) -> None:
        self._terms = list(terms)
        keys, owners = [], []
        for number, word in enumerate(self._terms):
            if len(word) >= MIN_LENGTH and not word.isdigit():
                variants = deletions(word) | {word}
                keys.append(_keys(variants))
                owners.append(np.full(len(variants), number, np.int32))
        key_array = np.concatenate(keys) if keys else np.zeros(0, np.uint32)
        order = np.argsort(key_array, kind="stable")
        self._keys = key_array[order]
        self._owners = (np.concatenate(owners) if owners else np.zeros(0, np.int32))[order]
        self._backwards = array("i", sorted(range(len(self._terms)),
                                            key=lambda n: self._terms[n][::-1]))

    def one_edit_from(self, token: str) -> set[str]:
        """The indexed words one edit from ``token``."""
        wanted = np.unique(_keys(deletions(token) | {token}))
        lo = np.searchsorted(self._keys, wanted, side="left")
        hi = np.searchsorted(self._keys, wanted, side="right")
        numbers = {n for a, b in zip(lo.tolist(), hi.tolist(), strict=True)
                   for n in self._owners[a:b].tolist()}
        return {w for n in numbers if one_edit(token, w := self._terms[n])}

    def ending_with(self, token: str) -> list[str]:
        """The words (of every length) ending with ``token``."""
        ending = token[::-1]
        terms, order = self._terms, self._backwards
        out = []
        at = bisect.bisect_left(order, ending, key=lambda n: terms[n][::-1])
        while at < len(order) and terms[order[at]].endswith(token):
            out.append(terms[order[at]])
            at += 1
        return out
