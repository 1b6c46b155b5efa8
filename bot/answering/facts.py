"""What the answer path knows of each sentence of an article: the parsed form of the
analysis :mod:`bot.answering.sentences` stores (read back by
:mod:`bot.answering.packed_facts`; an older version's JSON is packed first)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

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


SentenceWords = tuple[int, tuple[str, ...], tuple[tuple[int, int, str], ...]]
"""A sentence's end, stems, and entities as (start, end, label): what the passage ranker
reads, as plain tuples (no :class:`SentenceInfo` or :class:`Entity` objects: see
:mod:`bot.answering.passage_words`)."""


@dataclass(frozen=True)
class SentenceFacts:
    """The analysis of one article, keyed by sentence start offset."""

    names: tuple[tuple[str, int, int, str], ...]
    sentences: Mapping[int, SentenceInfo]

    def sentence(self, text: str, start: int, end: int) -> SentenceInfo:
        """The facts of the sentence ``text[start:end]``; its words alone if the stored
        analysis does not know it (it always should)."""
        info = self.sentences.get(start)
        if info is not None and info.end == end:
            return info
        stems = tuple(tokenize(text[start:end]))
        return SentenceInfo(start, end, stems, (), (), None, frozenset(stems))

    def sentence_words(self, text: str, start: int, end: int) -> SentenceWords:
        """What :meth:`sentence` knows of ``text[start:end]``, as plain tuples."""
        words = getattr(self.sentences, "words", None)  # the packed form reads them directly
        if words is not None:
            found = words(start)
            if found is not None and found[0] == end:
                return found  # type: ignore[no-any-return]
        else:
            info = self.sentences.get(start)
            if info is not None and info.end == end:
                return end, info.stems, tuple((e.start, e.end, e.label) for e in info.entities)
        return end, tuple(tokenize(text[start:end])), ()

    @cached_property
    def in_order(self) -> tuple[SentenceInfo, ...]:
        """The sentences in reading order (by start offset), sorted once per analysis."""
        return tuple(sorted(self.sentences.values(), key=lambda s: s.start))

    def people(self, info: SentenceInfo) -> list[int]:
        """The name indices of the people (PERSON names) ``info`` is about, in its order."""
        return [i for i in info.about if self.names[i][3] == "PERSON"]

    def sentence_at(self, offset: int) -> SentenceInfo | None:
        """The sentence holding article offset ``offset``, if the analysis has one."""
        return next((s for s in self.sentences.values() if s.start <= offset < s.end), None)

    def name_stems(self, index: int) -> frozenset[str]:
        """Content-word stems of one name ("Simon Bailey" -> {simon, bailey}), tokenised
        when first asked for: a question reads the sentences of about twenty passages of
        as many articles, and each sentence is about a name or two of the article's dozens
        (tokenising all of them cost about 0.2 ms an article read)."""
        kept = self._name_stems
        stems = kept.get(index)
        if stems is None:
            stems = kept[index] = frozenset(tokenize(self.names[index][0]))
        return stems

    @cached_property
    def _name_stems(self) -> dict[int, frozenset[str]]:
        """The names' stems worked out so far, by index (see :meth:`name_stems`)."""
        return {}

