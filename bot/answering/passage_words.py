"""The words of a whole passage, as the passage ranker reads them, worked out once.

A passage's sentences, the union of their stems and of their stem bigrams do not
depend on the question, and the same passages come back as candidates question after
question: they are kept for the last :data:`PASSAGES_KEPT` passages read, keyed by the
article object (immutable: a replaced article is a new one; held, so its id cannot be
reused while the entry lives) and the passage's span, so every snapshot that holds the
article shares them.

What the passage ranker reads of every candidate is kept as plain tuples (stems,
entities as (start, end, label)), two sets, and pairs of stems as strings: the garbage
collector stops tracking such tuples at its first passes and never walks strings. Kept
as objects (a :class:`SentenceInfo` and its :class:`Entity` objects per sentence, a set
per sentence, a tuple per pair of stems), the entries of a big library (about 75 tracked
objects a passage, ~30 new passages a question) made its passes over them cost about a
third of an average question's time at 20,000 articles (12 ms of 25), and an ask in
five wait 30-90 ms for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot.answering.facts import SentenceFacts, SentenceInfo
from bot.answering.sentences import facts_of
from bot.lexical import stem_pairs, tokenize
from bot.lru import Bounded
from bot.models import Passage
from bot.tuning import PASSAGES_KEPT


@dataclass(frozen=True)
class PassageWords:
    """A passage's sentences (as the ingest-time analysis left them) and its words.

    What the passage ranker reads of every candidate (each sentence's stems and
    entities, the passage's stems and stem bigrams) is worked out when the passage is
    first read, as plain tuples and two sets; what only the sentence ranker reads, for
    the few best passages and their neighbours (the sentences' :class:`SentenceInfo`,
    entities as stems, neighbourhoods, the people they are about), when first asked
    for."""

    facts: SentenceFacts = field(repr=False)
    """The article's facts (who is who)."""
    text: str = field(repr=False)
    """The article's text."""
    spans: tuple[tuple[int, int], ...]
    """The passage's sentences, (start, end) in the article."""
    sentence_stems: tuple[tuple[str, ...], ...]
    """Sentence by sentence, its stems."""
    entities: tuple[tuple[tuple[int, int, str], ...], ...]
    """Sentence by sentence, its entities as (start, end, label)."""
    stems: frozenset[str]
    bigrams: frozenset[str]
    """Pairs of stems that follow each other in one of its sentences
    (:func:`bot.lexical.stem_pairs`)."""

    @cached_property
    def infos(self) -> tuple[SentenceInfo, ...]:
        """Sentence by sentence, its :class:`SentenceInfo`."""
        return tuple(self.facts.sentence(self.text, a, b) for a, b in self.spans)

    @cached_property
    def sentence_bigrams(self) -> tuple[frozenset[str], ...]:
        """Sentence by sentence, the pairs of :attr:`bigrams` it holds."""
        return tuple(frozenset(stem_pairs(stems)) for stems in self.sentence_stems)

    @cached_property
    def entity_stems(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Sentence by sentence, the stems of each of its entities (as :attr:`entities`)."""
        text = self.text
        return tuple(tuple(tuple(tokenize(text[a:b])) for a, b, _ in sentence)
                     for sentence in self.entities)

    @cached_property
    def speaker_words(self) -> tuple[frozenset[str], ...]:
        """Sentence by sentence, what a question may call its speaker: the stems of their
        name and of the role its fullest mention in the article gives them, the words just
        before it and the apposition after it ("Judge Patricia Okafor", "her coach, Graham
        Pettit", "Dr. Renata Solis, an associate professor of epidemiology", "Brian
        Gallagher, 31, a truck driver"); empty when nobody speaks."""
        text, names = self.text, self.facts.names
        out = []
        for info in self.infos:
            if info.speaker is None:
                out.append(frozenset())
                continue
            index = info.speaker[0]
            _, start, end, label = names[index]
            stems = self.facts.name_stems(index)
            if label == "PERSON":
                before = _CLAUSE_END.split(text[max(0, start - ROLE_CHARS) : start])[-1]
                after = _CLAUSE_END.split(text[end : end + ROLE_CHARS])[0].split(",")
                if len(after) > 2 and after[1].strip().isdigit():  # "Brian Gallagher, 31,"
                    del after[1]
                role = after[1] if len(after) > 1 and _APPOSITION.match(after[1]) else ""
                stems = stems.union(tokenize(before)[-ROLE_WORDS:], tokenize(role)[:ROLE_WORDS])
            out.append(stems)
        return tuple(out)

    @cached_property
    def around(self) -> tuple[frozenset[str], ...]:
        """Sentence by sentence, its stems and those of its neighbours in the passage."""
        sets = [info.stem_set for info in self.infos]
        return tuple(frozenset().union(*sets[max(0, i - 1) : i + 2]) for i in range(len(sets)))

    @cached_property
    def about(self) -> tuple[frozenset[str], ...]:
        """Sentence by sentence, its stems and the names of the people it is about ("he"
        after "Mr Bailey": "bailey", "simon")."""
        name_stems = self.facts.name_stems
        return tuple(frozenset().union(info.stem_set, *(name_stems(p) for p in info.about))
                     for info in self.infos)


ROLE_WORDS = 4
"""How many content words on each side of a speaker's fullest mention
:attr:`PassageWords.speaker_words` reads as their role."""
ROLE_CHARS = 60
"""How far it looks for them."""
_APPOSITION = re.compile(r"\s*(a|an|the|his|her|their|its|who is|who was)\s", re.I)
"""How what follows a name between commas starts when it says what they are ("Brian
Gallagher, 31, a truck driver, ..."), not what they did ("..., said she ...")."""
_CLAUSE_END = re.compile(r"[.!?;:\n\"“”]\s|\n")
"""Where the words around a mention stop being about the person (a sentence or a quote
ends)."""

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
    read = [facts.sentence_words(text, a, b) for a, b in passage.sentences]
    stems = tuple(stems for _, stems, _ in read)
    words = PassageWords(
        facts, text, passage.sentences, stems, tuple(entities for _, _, entities in read),
        frozenset().union(*stems),
        frozenset(pair for sentence in stems for pair in stem_pairs(sentence)),
    )
    if article is not None:
        _cache.put(key, (article, words))
    return words
