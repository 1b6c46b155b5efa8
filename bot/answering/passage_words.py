"""The words of a whole passage, as the passage ranker reads them, worked out once.

A passage's sentences, the union of their stems and of their stem bigrams do not
depend on the question, and the same passages come back as candidates question after
question: they are kept for the last :data:`PASSAGES_KEPT` passages read, keyed by the
article object (immutable: a replaced article is a new one; held, so its id cannot be
reused while the entry lives) and the passage's span, so every snapshot that holds the
article shares them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bot.answering.facts import SentenceInfo
from bot.answering.sentences import facts_of
from bot.lexical import tokenize
from bot.lru import Bounded
from bot.models import Passage
from bot.tuning import PASSAGES_KEPT


@dataclass(frozen=True)
class PassageWords:
    """A passage's sentences (as the ingest-time analysis left them) and its words.

    What the passage ranker reads of every candidate (the sentences, their stems and
    stem bigrams) is worked out when the passage is first read; what only the sentence
    ranker reads, for the few best passages and their neighbours (each sentence's
    entities as stems, its neighbourhood, the people it is about), when first asked
    for."""

    infos: tuple[SentenceInfo, ...]
    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    """Pairs of stems that follow each other in one of its sentences."""
    sentence_bigrams: tuple[frozenset[tuple[str, str]], ...]
    """The same pairs, sentence by sentence (as ``infos``)."""
    entity_texts: tuple[tuple[str, ...], ...]
    """Sentence by sentence, the text of each of its entities (as ``info.entities``)."""
    names: dict[int, str]
    """The names the sentences are about, by their index in the article's facts."""

    @cached_property
    def entity_stems(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Sentence by sentence, the stems of each of its entities (as ``info.entities``)."""
        return tuple(tuple(tuple(tokenize(t)) for t in texts) for texts in self.entity_texts)

    @cached_property
    def around(self) -> tuple[frozenset[str], ...]:
        """Sentence by sentence, its stems and those of its neighbours in the passage."""
        sets = [info.stem_set for info in self.infos]
        return tuple(frozenset().union(*sets[max(0, i - 1) : i + 2]) for i in range(len(sets)))

    @cached_property
    def about(self) -> tuple[frozenset[str], ...]:
        """Sentence by sentence, its stems and the names of the people it is about ("he"
        after "Mr Bailey": "bailey", "simon")."""
        stems = {i: frozenset(tokenize(name)) for i, name in self.names.items()}
        return tuple(frozenset().union(info.stem_set, *(stems[p] for p in info.about))
                     for info in self.infos)


_cache: Bounded[tuple[int, int, int], tuple[object, PassageWords]] = Bounded(PASSAGES_KEPT)


def passage_words(snapshot: Any, passage: Passage) -> PassageWords:
    """The :class:`PassageWords` of ``passage``, a passage of ``snapshot``."""
    article = snapshot.articles.get(passage.article_id)
    key = (id(article), passage.start, passage.end)
    hit = _cache.get(key)
    if hit is not None and hit[0] is article:
        return hit[1]
    facts = facts_of(snapshot, passage.article_id)
    text = snapshot.articles[passage.article_id].text
    infos = tuple(facts.sentence(text, a, b) for a, b in passage.sentences)
    pairs = tuple(frozenset(itertools.pairwise(info.stems)) for info in infos)
    words = PassageWords(
        infos,
        frozenset().union(*(info.stem_set for info in infos)),
        frozenset().union(*pairs),
        pairs,
        tuple(tuple(text[e.start : e.end] for e in info.entities) for info in infos),
        {p: facts.names[p][0] for info in infos for p in info.about},
    )
    if article is not None:
        _cache.put(key, (article, words))
    return words
