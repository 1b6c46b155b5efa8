"""Pointing at the answer inside a quote: the name, date, number or place asked for.

When a question asks for a kind of thing ("who", "when", "how many", "where")
and the quoted sentence holds such a thing that the question does not already
name, that span is marked (bold in Discord and the terminal, ``answer_span``
in JSON). With several candidates, the most specific kind wins (a PERSON over
another proper noun), then the one nearest the question's own words in the
sentence: "Mayor Jane Ortiz said the plan, approved on Monday, ..." answers
"who said" with Jane Ortiz, not Monday.
"""

from __future__ import annotations

from bot.answering.query import Query
from bot.answering.sentences import Entity, SentenceInfo
from bot.lexical import tokenize, words
from bot.models import Span

_PRIORITY = (
    "PERSON", "MONEY", "PERCENT", "DATE", "GPE", "ORG", "LOC", "FAC", "QUANTITY", "TIME",
    "NORP", "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "CARDINAL", "NUMBER", "NAME",
)


def _question_positions(query: Query, text: str, start: int, end: int) -> list[int]:
    """Offsets (into the article) of the sentence's words that the question also has."""
    asked = set(query.tokens)
    positions = []
    offset = start
    for word in text[start:end].split():
        stems = tokenize(word)
        if stems and stems[0] in asked:
            positions.append(offset)
        offset += len(word) + 1
    return positions


def answer_entity(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    """The entity of ``info`` that answers ``query``, or None when the question does not
    ask for a kind of thing or the sentence holds none it does not already name."""
    expected = query.info.expected
    if not expected:
        return None
    asked = set(query.tokens)
    asked_words = set(words(query.info.text))
    found = []
    for ent in info.entities:
        if ent.label not in expected:
            continue
        piece = text[ent.start : ent.end]
        stems = tokenize(piece)
        if (stems and all(s in asked for s in stems)) or (
            not stems and set(words(piece)) <= asked_words
        ):
            continue  # the question names it already: not the answer
        found.append(ent)
    if not found:
        return None
    best_priority = min(_PRIORITY.index(e.label) for e in found)
    found = [e for e in found if _PRIORITY.index(e.label) == best_priority]
    if len(found) == 1:
        return found[0]
    anchors = _question_positions(query, text, info.start, info.end)
    if not anchors:
        return found[0]
    return min(found, key=lambda e: min(abs(e.start - a) for a in anchors))


def span_in_quote(entity: Entity | None, quote_start: int, quote_end: int) -> Span | None:
    """``entity``'s offsets relative to a quote (``Citation.answer_span``), if inside it."""
    if entity is None or not (quote_start <= entity.start < entity.end <= quote_end):
        return None
    return entity.start - quote_start, entity.end - quote_start
