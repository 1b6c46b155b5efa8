""""Who cut the ribbon?" answered with "She cut the ribbon ...": say who she is.

News names someone once and then calls them "he" or "she": "The unit was opened by
Margaret Haddow, 91, ... She cut the ribbon alongside six pupils." A question asking who
did something matches the sentence that says it was done, whose doer is only a pronoun.
:func:`with_referent` quotes the sentence that names them before it, the name marked.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.citations import citation_of, with_citations
from bot.answering.more import quoted_sentences
from bot.answering.sentences import facts_of
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer, Citation

_WHO_DID = re.compile(
    r"^\W*(?:and\s+|so\s+)?who\s+(?!(?:is|was|are|were|s)\b)(?P<rest>[^?]+)", re.I)
"""A question asking who did something ("who cut the ribbon", "who was arrested"), not
who someone is."""
_PRONOUN_DOES = re.compile(r"^\W*(?:he|she)\s+(?P<words>(?:[\w'’-]+\s+){0,2}[\w'’-]+)", re.I)
"""A sentence whose doer is "he" or "she": the pronoun and the next three words, where its
verb is ("She cut", "He was arrested", "She later opened")."""
LOOK_BACK = 3
"""How many sentences back the one naming them may be."""


def with_referent(question: str, snapshot: Snapshot, answer: Answer) -> Answer:
    """``answer`` (its quotes alone, as built) with the sentence that names its quote's
    "he" or "she" before it, that name marked, when ``question`` asks who did what the
    quote's pronoun does and the quote marks no answer; else ``answer`` as it is."""
    asked = _WHO_DID.match(question)
    if asked is None or answer.declined or len(answer.citations) != 1:
        return answer
    cited = answer.citations[0]
    if cited.answer_span is not None:
        return answer
    verbs = tokenize(asked["rest"])[:1]  # "cut the ribbon": "cut"; "was arrested": "arrest"
    spans, here = quoted_sentences(snapshot, cited)
    if not verbs or len(here) != 1 or not here[0]:
        return answer
    text = snapshot.articles[cited.article_id].text
    doing = _PRONOUN_DOES.match(cited.quote)
    if doing is None or verbs[0] not in tokenize(doing["words"]):
        return answer
    facts = facts_of(snapshot, cited.article_id)
    info = facts.sentence(text, *spans[here[0]])
    people = facts.people(info)
    if len(people) != 1:
        return answer
    name = str(facts.names[people[0]][0])
    surname = name.split()[-1]
    for start, end in reversed(spans[max(0, here[0] - LOOK_BACK):here[0]]):
        at = text.find(name, start, end)
        at, length = (at, len(name)) if at >= 0 else (text.find(surname, start, end), len(surname))
        if at >= 0:
            return _before(snapshot, answer, cited, (start, end), (at, at + length))
    return answer


def _before(snapshot: Snapshot, answer: Answer, cited: Citation, naming: tuple[int, int],
            name: tuple[int, int]) -> Answer:
    """``answer`` with the sentence at ``naming`` quoted before ``cited``, ``name`` marked:
    in one quote when they share a paragraph and nothing stands between, else as two."""
    start, end = naming
    first = citation_of(snapshot, 1, cited.article_id, start, end, name)
    if first is None or cited.start is None or cited.end is None:
        return answer
    text = snapshot.articles[cited.article_id].text
    if first.paragraph == cited.paragraph and not text[end:cited.start].strip():
        joined = citation_of(snapshot, 1, cited.article_id, start, cited.end, name)
        if joined is None:
            return answer
        citations: tuple[Citation, ...] = (replace(joined, score=cited.score),)
    else:
        citations = (replace(first, score=cited.score), replace(cited, n=2))
    return with_citations(answer, citations)
