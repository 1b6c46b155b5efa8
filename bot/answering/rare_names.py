"""Which article a question points to by a name only that article holds.

In a library of many stories, "how old is feldman" was answered with a country
singer's age: the question's frame ("how old is") matched another story better
than the one word that says which story it is about. A word of the question that
only one article of the library holds, and that the article uses as (part of) a
name (a person, a body, a place: its stored sentence analysis says so), points
to that article; :func:`name_holder` finds it, and the answer is taken from it
when it quoted another (:mod:`bot.answering.respond`).
"""

from __future__ import annotations

from bot.answering.sentences import facts_of
from bot.answering.word_frequency import frequency
from bot.lexical import tokenize
from bot.library import Snapshot

NAME_LABELS = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW NAME".split())
"""The stored entity labels that are names (not dates, numbers or amounts)."""
NAME_FREQUENCY = 4.5
"""A word commoner than this in English at large (Zipf, :mod:`word_frequency`: "aid" 4.8,
"google" 4.9; "sarah" 4.5, "feldman" 3.1) points nowhere, though an article uses it in a
name ("the Sonoran Legal Aid Coalition"): a question uses it as the common word."""
RARE_NAME_PASSAGES = 64
"""A word in more passages than this is not looked up: one article seldom has so many,
and listing the articles of a common word costs time in a big library. Only passages
are read (:meth:`Snapshot.passage_articles_with`): indexing every article's header once
per snapshot (:meth:`Snapshot.articles_with`) would cost a big library seconds on the
first question after each article added."""


def name_holder(snapshot: Snapshot, question: str) -> int | None:
    """The id of the one article holding a word of ``question`` that no other article
    of the library holds, when the article uses that word in a name ("feldman": "Aaron
    Feldman, 45") and it is not a common English word (:data:`NAME_FREQUENCY`). None in
    a library of one article, when no word is such a name, or when such names point to
    different articles."""
    if len(snapshot.articles) < 2:
        return None
    pointed = set()
    for stem in dict.fromkeys(tokenize(question)):
        if frequency(stem) > NAME_FREQUENCY or \
                snapshot.lexical.passage_count(stem) > RARE_NAME_PASSAGES:
            continue
        holders = snapshot.passage_articles_with(stem)  # a name in a byline alone: no pointer
        if len(holders) == 1 and _a_name(snapshot, article_id := next(iter(holders)), stem):
            pointed.add(article_id)
    return pointed.pop() if len(pointed) == 1 else None


def _a_name(snapshot: Snapshot, article_id: int, stem: str) -> bool:
    """Whether the article uses ``stem`` inside a name (:data:`NAME_LABELS`)."""
    text = snapshot.articles[article_id].text
    for info in facts_of(snapshot, article_id).sentences.values():
        if stem not in info.stems:
            continue
        for entity in info.entities:
            if entity.label in NAME_LABELS and stem in tokenize(text[entity.start:entity.end]):
                return True
    return False
