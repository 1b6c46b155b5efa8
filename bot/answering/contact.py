"""How to reach someone: "what's the phone number for the recall", "what is the website",
"how do I contact them" answered with the sentence that gives the number or address, the
number or address marked in it.

The ranking models were fitted on questions that never ask for a telephone number, and a
sentence like "Consumers can request a replacement lid at hearthpro.com/recall or by calling
800-555-0142 ..." shares no word with "phone number": they quoted a sentence of model
numbers instead. So a question that asks for a way to reach someone is answered here: from
the passages its other words find (or, with none, every passage of the one article in
question), the first sentence holding a number or address of the kind asked. With none,
the question goes the usual way (a hedge or a refusal: the article does not say).
"""

from __future__ import annotations

import re

import numpy as np

from bot.answering.citations import citation_of
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer
from bot.vectors import top_rows

PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+\d{1,3}[\s.-]?|1[\s.-])?(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])\d{3,4}[\s.-]\d{4}"
    r"|0\d{3,4}[\s.-]\d{3}[\s.-]\d{3,4})(?![\w-])")
"""A telephone number: 800-555-0142, (800) 555-0142, 1-800-555-0142, 0800 123 4567,
+44 20 7946 0958, 01632 960 480 (the last group four digits, or a British number's 0 first:
"12 500 000" is no number to call)."""
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB = re.compile(
    r"(?:https?://|www\.)[^\s<>\"“”]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|uk|io|info)\b(?:/[^\s<>\"“”]*)?", re.I)
"""An address on the web, with or without its "www" ("hearthpro.com/recall")."""
_KINDS = {"phone": PHONE, "email": EMAIL, "web": WEB}

_ASKED: list[tuple[frozenset[str], re.Pattern[str]]] = [
    (frozenset({"phone"}), re.compile(
        r"\b(phone|telephone|hotline|helpline|freephone|toll[- ]free|contact) (numbers?|lines?)\b"
        r"|\b(what )?numbers? (to|i can|can i|should i|do i|you can|people can) "
        r"(call|ring|phone|text)\b|\bwho (do|can|should) (i|you|we|people) (call|ring|phone)\b",
        re.I)),
    (frozenset({"email"}), re.compile(r"\be-?mail address(es)?\b", re.I)),
    (frozenset({"web"}), re.compile(  # the address, not "which website criticized ..."
        r"\b(web ?site|web) address(es)?\b|\burls?\b|\bwhat(['’]s|s| is)? the "
        r"(web ?site|web ?page)\b(?! (called|named|said|reported))|\b(which|what) web ?site "
        r"(do|can|should|could) (i|you|we|people)\b", re.I)),
    (frozenset({"phone", "email", "web"}), re.compile(
        r"\bcontact (details|info|information)\b|\bhow (do|can|should|would) (i|you|we|people|"
        r"customers|consumers|parents|residents|readers) (contact|reach|get in touch( with)?)\b",
        re.I)),
]
_ASKING_WORDS = frozenset(tokenize(
    "phone telephone hotline helpline freephone toll free contact number numbers line lines "
    "call ring text website web site address webpage url email e-mail details info "
    "information reach get touch"))
"""Words that say how to reach, not whom: left out when the question's other words look
for the passage."""
SEARCHED = 16
"""How many of the passages the question's other words find best are read."""
NEAR_BEST = 0.5
"""A passage is read when its words' score is at least this share of the best passage's:
a number in a passage about something else is not the one asked for."""


def asked_contact(question: str) -> frozenset[str]:
    """The kinds of contact ``question`` asks for ("phone", "email", "web"); empty when
    it asks for none."""
    for kinds, pattern in _ASKED:
        if pattern.search(question):
            return kinds
    return frozenset()


def contact_answer(question: str, snapshot: Snapshot, *,
                   article_id: int | None = None) -> Answer | None:
    """The sentence giving the telephone number, email or web address ``question`` asks
    for, the first such thing marked; None when it asks for none, or no passage its other
    words find (or, without such words, none of the one article in question) gives one."""
    kinds = asked_contact(question)
    if not kinds:
        return None
    words = [w for w in tokenize(question) if w not in _ASKING_WORDS]
    rows = passages_to_read(snapshot, words, article_id)
    for row in rows.tolist():
        passage = snapshot.passages[row]
        text = snapshot.articles[passage.article_id].text
        for start, end in passage.sentences:
            found = _first(text, start, end, kinds)
            if found is not None:
                citation = citation_of(snapshot, 1, passage.article_id, start, end, found)
                if citation is not None:
                    return Answer(question, f"{citation.quote} [1]", declined=False,
                                  citations=(citation,), confidence=1.0)
    return None


def passages_to_read(snapshot: Snapshot, words: list[str], article_id: int | None
                     ) -> np.ndarray:
    """The rows of the passages to read, best first: those the question's other
    ``words`` find (of ``article_id`` alone when given), scoring at least
    :data:`NEAR_BEST` of the best; without such words, every passage of the article in
    question (``article_id``, or the library's only one), in order. Empty when its words
    find nothing: "the phone number of the hurricane hotline" is not in a story about a
    recall (also :mod:`bot.answering.advice`'s reading)."""
    only = article_id if article_id is not None else (
        next(iter(snapshot.articles)) if len(snapshot.articles) == 1 else None)
    if words:
        lexical = snapshot.lexical
        scores = lexical.scores_for([w if lexical.knows(w) else lexical.correct(w) or w
                                     for w in words])
        if only is not None:
            keep = np.zeros(len(scores), bool)
            keep[snapshot.article_rows(only)] = True
            scores = np.where(keep, scores, 0)
        best = top_rows(scores, SEARCHED)
        return best[scores[best] >= max(NEAR_BEST * float(scores.max(initial=0)), 1e-9)]
    if only is None:
        return np.zeros(0, np.int64)
    return np.sort(snapshot.article_rows(only))


def _first(text: str, start: int, end: int, kinds: frozenset[str]) -> tuple[int, int] | None:
    """Where the first number or address of ``kinds`` stands in ``text[start:end]`` (a
    full stop or comma after an address is the sentence's)."""
    found = [m.span() for kind in kinds if (m := _KINDS[kind].search(text, start, end))]
    if not found:
        return None
    a, b = min(found)
    while b > a and text[b - 1] in ".,;:)!?’'":
        b -= 1
    return a, b
