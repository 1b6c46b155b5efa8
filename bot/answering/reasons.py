"""A "why" question's answer gives a reason: among the best sentences, one that says why
("blamed soaring cocoa prices", "because of the cost of the roundabout") comes before a
best one that does not, when it ranks nearly as high."""

from __future__ import annotations

import re

from bot.answering.features import SentenceCandidate

WHY = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:why|how\s+come|what\s+(?:is|was|were|are)"
                 r"\s+the\s+reasons?|what\s+(?:caused|led\s+to))\b", re.I)
"""A question asking for a reason."""
REASON = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result|blam(?:e|ed|es|ing)|caused\s+by|"
    r"the\s+result\s+of|reasons?|so\s+that|in\s+order\s+to|thanks\s+to|driven\s+by|"
    r"led\s+to|explained)\b", re.I)
"""Words that give a reason."""
REASON_MARGIN = 1.5
"""How far (log-odds) below the best sentence one giving a reason may rank and still come
first: chosen on the training asks' 154 why-questions (first quote right 109 at 0, 112 at
1.0, 113 at 1.5 and 2.0; none lost)."""
REASON_REACH = 3
"""How many of the best sentences are looked through."""


def reasons_first(question: str, ranked: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """``ranked`` with the best sentence giving a reason first, when the question asks why,
    the best sentence gives none and that one ranks within :data:`REASON_MARGIN` of it."""
    if not ranked or not WHY.match(question) or REASON.search(ranked[0].text):
        return ranked
    for i, candidate in enumerate(ranked[1:REASON_REACH], start=1):
        if candidate.logit < ranked[0].logit - REASON_MARGIN:
            break
        if REASON.search(candidate.text):
            return [candidate, *ranked[:i], *ranked[i + 1:]]
    return ranked
