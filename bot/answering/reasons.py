"""A "why" question's answer gives a reason: among the best sentences, one that says why
("blamed soaring cocoa prices", "because of the cost of the roundabout") comes before a
best one that does not, when it ranks nearly as high. Likewise a question asking for a sum
of money or a share: one holding it before a best one that holds none."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.answering.features import SentenceCandidate
from bot.answering.followup import NAME_BEFORE
from bot.answering.query import Query
from bot.currency import CURRENCY_NAMES
from bot.lexical import tokenize

SUMS = frozenset({"MONEY", "PERCENT"})
"""The narrow kinds of answer :func:`sums_first` looks for."""

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
    if not ranked or not WHY.match(question):
        return ranked
    return first_holding(ranked, lambda c: REASON.search(c.text) is not None, REASON_MARGIN,
                         REASON_REACH)


def first_holding(ranked: list[SentenceCandidate], holds: Callable[[SentenceCandidate], bool],
                  margin: float, reach: int) -> list[SentenceCandidate]:
    """``ranked`` with the best of its first ``reach`` sentences that ``holds`` first, when
    the best one does not and that one ranks within ``margin`` (log-odds) of it."""
    if not ranked or holds(ranked[0]):
        return ranked
    for i, candidate in enumerate(ranked[1:reach], start=1):
        if candidate.logit < ranked[0].logit - margin:
            break
        if holds(candidate):
            return [candidate, *ranked[:i], *ranked[i + 1:]]
    return ranked


SUM_MARGIN = 1.5
"""How far below the best sentence one holding the sum or share asked for may rank and
still come first: chosen on the training asks (stop 58; at 0.5 / 1.0 / 1.5 / 2.0 the
first quotes right gained 2 / 3 / 5 / 7, lost 0 / 0 / 0 / 3)."""


def sums_first(query: Query, ranked: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """``ranked`` with the best sentence holding a sum of money first, when the question
    asks for one ("how much money have people lost": "victims lost a combined $1.2
    million", not "23 people had lost money"), or a share ("what share of the vote": a
    percentage), the best sentence holds none and that one, of the same article, ranks
    within :data:`SUM_MARGIN` of it."""
    wanted = query.info.primary
    if not ranked or not wanted or not wanted <= SUMS:
        return ranked
    article = ranked[0].passage.passage.article_id  # another story's sum is another's
    return first_holding(
        ranked, lambda c: c.passage.passage.article_id == article and any(
            e.label in wanted for e in c.info.entities), SUM_MARGIN, REASON_REACH)


AGE_MARGIN = 2.0
"""How far below the best sentence one writing the named person's age beside their name
may rank and still come first."""
_NAME_AFTER = re.compile(r"\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
"""A name right after an age ("14-year-old Maisie Threlkeld")."""


def _their_age_here(candidate: SentenceCandidate, names: frozenset[str]) -> bool:
    """Whether the sentence writes the age of someone the question names beside their name,
    named by its first word ("Vane, 29, whose real name is ...", "14-year-old Maisie
    Threlkeld"; not "his wife, Carol Callister, 68" for "how old was callister")."""
    text, start = candidate.text, candidate.start
    for e in candidate.info.entities:
        if e.label != "AGE":
            continue
        a, b = e.start - start, e.end - start
        before = NAME_BEFORE.search(text, max(0, a - 40), a)
        after = _NAME_AFTER.match(text, b)
        for found in (before, after):
            name = tokenize(found[1]) if found is not None else []
            if name and name[0] in names:  # "Vane", "Maisie Threlkeld"; not his wife,
                return True  # "Carol Callister", for "how old was callister"
    return False


def ages_first(query: Query, ranked: list[SentenceCandidate]) -> list[SentenceCandidate]:
    """``ranked`` with the best sentence writing the age of the person the question names
    beside their name first ("how old is vane": "Vane, 29, ...", not "Vane struck a
    26-year-old bartender"), when the question asks how old someone is, the best sentence
    writes no such age and that one, of the same article, ranks within
    :data:`AGE_MARGIN` of it."""
    if not ranked or query.info.primary != {"AGE"}:
        return ranked
    names = frozenset(query.tokens)
    article = ranked[0].passage.passage.article_id
    return first_holding(
        ranked, lambda c: c.passage.passage.article_id == article and _their_age_here(
            c, names), AGE_MARGIN, REASON_REACH)


_CURRENCY = re.compile(
    rf"[£$€¥₹₦]|(?i:\b(?:{CURRENCY_NAMES}|lakhs?|crores?)\b)|\b(?:Rs\.?|KSh|Sh)\s?\d|"
    r"\bN\d+(?:,\d{3})*(?:\.\d+)?(?:\s?(?:m|bn|k|tn|million|billion|trillion)\b|(?<=\d,\d{3}))")
"""A sum of money's mark: a currency's sign or name, or its letters before the number
("Rs 412 crore", "KSh 2,000", the naira's "N2.5bn" and "N150,000")."""
_SHARE = re.compile(r"%|\bper ?cent\b|\bpercent\b|\bhalf\b|\bthirds?\b|\bquarters?\b|"
                    r"\bfifths?\b|\btenths?\b", re.I)
"""A share of a sum, an answer to "how much of his pay" ("two-thirds of his wages", "one
percent of the province's budget")."""


def no_sum_quoted(query: Query, quotes: Sequence[str]) -> bool:
    """Whether the question asks for a sum of money ("how much did his telescope cost")
    and none of ``quotes`` holds one, nor a share of one: no currency's sign or name, no
    "per cent" or "two-thirds" (the answer is then hedged: on the training asks such plain
    answers were to unanswerable questions)."""
    return query.info.primary == {"MONEY"} and not any(
        _CURRENCY.search(q) or _SHARE.search(q) for q in quotes)
