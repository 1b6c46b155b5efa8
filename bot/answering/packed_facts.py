"""The stored form of an article's sentence facts: packed integer arrays and one string
table, read back without parsing.

A question reads the facts of about 15 articles it has not seen before, and of those
only its candidate passages' sentences. Stored as JSON, each article was parsed whole
(every sentence, entity and stem as its own Python object: about a millisecond for a
15-paragraph article, most of the passage features' time in a big library). Packed,
reading an article back is one copy of its integers and one decode of its strings; a
sentence becomes a :class:`SentenceInfo` only when it is asked for. It is not compressed:
decompressing took more than half of that time (about 15 KB an article, against 6 KB
of compressed JSON).

Layout: a header (``FNF1`` and six counts), then little-endian int32
arrays, then the UTF-8 string table (the strings joined by NUL: split at once when read;
a string holding a NUL itself is cut from the table by its end instead)::

    string_ends[strings]                 # end of each string in the table (characters)
    names[names * 4]                     # text, start, end, label (strings by number)
    sentences[sentences * 5]             # start, end, speaker (name, start, end; -1: none)
    stem_ends[sentences], stems[...]     # each sentence's stems (strings by number)
    entity_ends[sentences], entities[... * 3]   # start, end, label
    about_ends[sentences], about[...]    # name numbers
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Iterator, Mapping
from itertools import accumulate
from typing import Any

from bot.answering.facts import Entity, SentenceFacts, SentenceInfo, SentenceWords

MAGIC = b"FNF1"
_HEAD = struct.Struct("<4s6i")
_SENTENCE = 5
"""Integers per sentence: start, end, speaker name, speaker mention start and end."""


def pack_facts(value: Mapping[str, Any]) -> bytes:
    """The stored form of an analysis (as :func:`analyse_sentences` returns it)."""
    strings: dict[str, int] = {}

    def number(text: Any) -> int:
        return strings.setdefault(str(text), len(strings))

    names = [(number(n), int(s), int(e), number(label)) for n, s, e, label in value["names"]]
    rows = value["sentences"]
    sentences: list[int] = []
    stem_ends: list[int] = []
    stems: list[int] = []
    entity_ends: list[int] = []
    entities: list[int] = []
    about_ends: list[int] = []
    about: list[int] = []
    for start, end, row_stems, row_entities, row_about, speaker in rows:
        who = (int(speaker[0]), int(speaker[1]), int(speaker[2])) if speaker else (-1, 0, 0)
        sentences += (int(start), int(end), *who)
        stems += map(number, row_stems)
        stem_ends.append(len(stems))
        for a, b, label in row_entities:
            entities += (int(a), int(b), number(label))
        entity_ends.append(len(entities) // 3)
        about += map(int, row_about)
        about_ends.append(len(about))
    table = list(strings)
    ends = [end + k for k, end in enumerate(accumulate(map(len, table)))]  # (+ the NULs)
    ints = array("i", [*ends, *(x for name in names for x in name),
                       *sentences, *stem_ends, *stems, *entity_ends, *entities, *about_ends,
                       *about])
    if sys.byteorder == "big":
        ints.byteswap()
    head = _HEAD.pack(MAGIC, len(table), len(names), len(rows), len(stems),
                      len(entities) // 3, len(about))
    return head + ints.tobytes() + "\0".join(table).encode("utf-8")


def facts_as_value(facts: SentenceFacts) -> dict[str, Any]:
    """The analysis ``facts`` were read from, as :func:`analyse_sentences` returns it."""
    return {
        "names": [list(name) for name in facts.names],
        "sentences": [
            [info.start, info.end, list(info.stems),
             [[e.start, e.end, e.label] for e in info.entities], list(info.about),
             list(info.speaker) if info.speaker else []]
            for info in facts.sentences.values()
        ],
    }


def unpack_facts(data: bytes) -> SentenceFacts:
    """The facts of a stored analysis (``ValueError`` for anything else)."""
    raw = data
    if len(raw) < _HEAD.size or raw[:4] != MAGIC:
        raise ValueError("not packed sentence facts")
    _, n_strings, n_names, n_sentences, n_stems, n_entities, n_about = _HEAD.unpack_from(raw)
    count = n_strings + 4 * n_names + (_SENTENCE + 3) * n_sentences + n_stems \
        + 3 * n_entities + n_about
    end = _HEAD.size + 4 * count
    if min(n_strings, n_names, n_sentences, n_stems, n_entities, n_about) < 0 or end > len(raw):
        raise ValueError("packed sentence facts cut short")
    ints = array("i")
    ints.frombytes(raw[_HEAD.size:end])
    if sys.byteorder == "big":
        ints.byteswap()
    strings = _strings(raw[end:].decode("utf-8"), ints[:n_strings])
    at = n_strings
    try:
        names = tuple((strings[ints[i]], ints[i + 1], ints[i + 2], strings[ints[i + 3]])
                      for i in range(at, at + 4 * n_names, 4))
    except IndexError as exc:
        raise ValueError("packed sentence facts name a string they lack") from exc
    return SentenceFacts(names, _PackedSentences(ints, strings, at + 4 * n_names, n_sentences,
                                                 n_stems, n_entities))


def _strings(table: str, ends: array) -> tuple[str, ...]:
    """The strings of the table, by number (a tuple of strings: the garbage collector
    stops tracking it at its first pass, see :mod:`bot.answering.passage_words`)."""
    strings = table.split("\0") if table else []
    if len(strings) != len(ends):  # a string holds a NUL: cut each by its end
        starts = [0, *(end + 1 for end in ends[:-1])]
        strings = [table[a:b] for a, b in zip(starts, ends, strict=True)]
    return tuple(strings)


class _PackedSentences(Mapping[int, SentenceInfo]):
    """Sentence start -> :class:`SentenceInfo`, made from the packed arrays when read."""

    def __init__(self, ints: array, strings: tuple[str, ...], at: int, count: int, n_stems: int,
                 n_entities: int) -> None:
        self._ints = ints
        self._strings = strings
        self._rows = at
        self._stem_ends = at + _SENTENCE * count
        self._stems = self._stem_ends + count
        self._entity_ends = self._stems + n_stems
        self._entities = self._entity_ends + count
        self._about_ends = self._entities + 3 * n_entities
        self._about = self._about_ends + count
        self._at = dict(zip(ints[at:self._stem_ends:_SENTENCE], range(count), strict=True))
        self._made: dict[int, SentenceInfo] = {}

    def _span(self, ends: int, i: int) -> tuple[int, int]:
        return (self._ints[ends + i - 1] if i else 0), self._ints[ends + i]

    def words(self, start: int) -> SentenceWords | None:
        """The end, stems and entities of the sentence at ``start`` as plain tuples (no
        :class:`SentenceInfo` made), None when there is none."""
        i = self._at.get(start)
        return None if i is None else self._words(i)

    def _words(self, i: int) -> SentenceWords:
        """:meth:`words` of the ``i``-th sentence."""
        ints, strings = self._ints, self._strings
        a, b = self._span(self._stem_ends, i)
        stems = tuple(map(strings.__getitem__, ints[self._stems + a:self._stems + b]))
        a, b = self._span(self._entity_ends, i)
        # from a list: a tuple made before its items (from a generator) stays tracked by
        # the garbage collector for one more of its passes than they do
        entities = tuple([(ints[k], ints[k + 1], strings[ints[k + 2]])
                          for k in range(self._entities + 3 * a, self._entities + 3 * b, 3)])
        return ints[self._rows + _SENTENCE * i + 1], stems, entities

    def __getitem__(self, start: int) -> SentenceInfo:
        info = self._made.get(start)
        if info is None:
            i = self._at[start]
            end, stems, entities = self._words(i)
            ints = self._ints
            row = self._rows + _SENTENCE * i
            a, b = self._span(self._about_ends, i)
            who = ints[row + 2]
            info = self._made[start] = SentenceInfo(
                start, end, stems, tuple(Entity(*e) for e in entities),
                tuple(ints[self._about + a:self._about + b]),
                (who, ints[row + 3], ints[row + 4]) if who >= 0 else None, frozenset(stems))
        return info

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)
