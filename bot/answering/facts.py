"""What the answer path knows of each sentence of an article: the parsed form of the
analysis :mod:`bot.answering.sentences` stores (read back by
:mod:`bot.answering.packed_facts`, or from the JSON of an older version)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.lexical import tokenize


@dataclass(frozen=True)
class Entity:
    """A named thing or number in a sentence: ``text[start:end]`` of the article."""

    start: int
    end: int
    label: str
    """A spaCy label (PERSON, ORG, DATE, ...), NAME for another proper noun, NUMBER."""


@dataclass(frozen=True)
class SentenceInfo:
    """One sentence, as the ingest-time analysis left it."""

    start: int
    end: int
    stems: tuple[str, ...]
    entities: tuple[Entity, ...]
    about: tuple[int, ...]
    """Indices into :attr:`SentenceFacts.names`: who the sentence is about, pronouns resolved."""
    speaker: tuple[int, int, int] | None
    """(name index, start, end of the mention that names them), when someone speaks."""
    stem_set: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class SentenceFacts:
    """The analysis of one article, keyed by sentence start offset."""

    names: tuple[tuple[str, int, int, str], ...]
    sentences: Mapping[int, SentenceInfo]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SentenceFacts:
        """Read back the stored form (each sentence when it is first asked for: a question
        reads a few sentences of each of its candidates' articles, not all of them)."""
        names = tuple((str(n), int(s), int(e), str(label)) for n, s, e, label in data["names"])
        return cls(names, _StoredSentences(data["sentences"]))

    def sentence(self, text: str, start: int, end: int) -> SentenceInfo:
        """The facts of the sentence ``text[start:end]``; its words alone if the stored
        analysis does not know it (it always should)."""
        info = self.sentences.get(start)
        if info is not None and info.end == end:
            return info
        stems = tuple(tokenize(text[start:end]))
        return SentenceInfo(start, end, stems, (), (), None, frozenset(stems))

    def name_stems(self, index: int) -> frozenset[str]:
        """Content-word stems of one name ("Simon Bailey" -> {simon, bailey})."""
        return frozenset(tokenize(self.names[index][0]))


class _StoredSentences(Mapping[int, SentenceInfo]):
    """Sentence start -> :class:`SentenceInfo`, made from the stored rows when read."""

    def __init__(self, rows: list[list[Any]]) -> None:
        # kept as tuples of shared strings: small, and tuples of atoms drop out of the
        # garbage collector's passes (the lists JSON gives never do)
        self._rows = tuple((start, end, tuple(map(sys.intern, stems)), tuple(map(tuple, ents)),
                            tuple(about), tuple(speaker))
                           for start, end, stems, ents, about, speaker in rows)
        self._at = {int(row[0]): i for i, row in enumerate(rows)}
        self._made: dict[int, SentenceInfo] = {}

    def __getitem__(self, start: int) -> SentenceInfo:
        info = self._made.get(start)
        if info is None:
            _, end, stems, ents, about, speaker = self._rows[self._at[start]]
            info = self._made[start] = SentenceInfo(
                int(start), int(end), tuple(stems),
                tuple(Entity(int(a), int(b), str(label)) for a, b, label in ents),
                tuple(int(i) for i in about),
                (int(speaker[0]), int(speaker[1]), int(speaker[2])) if speaker else None,
                frozenset(stems),
            )
        return info

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)
