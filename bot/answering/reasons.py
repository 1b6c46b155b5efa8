"""A "why" question's answer gives a reason: among the best sentences, one that says why
("blamed soaring cocoa prices", "because of the cost of the roundabout") comes before a
best one that does not, when it ranks nearly as high, and a quote that gives none reads on
to the sentence after it that does. Likewise a question asking for a sum of money or a
share: one holding it before a best one that holds none; one asking someone's age: the
sentence writing it beside their name; one asking how someone took something: their words
or reaction."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.answering.citations import citation_of, with_citations
from bot.answering.features import SentenceCandidate
from bot.answering.followup import NAME_BEFORE
from bot.answering.more import quoted_sentences
from bot.answering.query import Query
from bot.currency import CURRENCY_NAMES
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer

SUMS = frozenset({"MONEY", "PERCENT"})
"""The narrow kinds of answer :func:`sums_first` looks for."""

WHY = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:why|how\s+come|what\s+(?:is|was|were|are)"
                 r"\s+the\s+reasons?|what\s+(?:caused|led\s+to))\b", re.I)
"""A question asking for a reason."""
_DOWN_TO = r"(?:is|was|were|are|largely|partly|mainly|mostly)\s+down\s+to"
"""A cause put on something ("the jump was largely down to a video")."""
REASON = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result|blam(?:e|ed|es|ing)|caused\s+by|"
    r"the\s+result\s+of|reasons?|so\s+that|in\s+order\s+to|thanks\s+to|driven\s+by|"
    r"led\s+to|explained|(?:which|that|this)\s+is\s+why|(?:which|that|this)(?:'s|\s+was)\s+"
    rf"why|cit(?:ed|ing)|{_DOWN_TO}|(?:over|amid)\s+(?:\w+\s+)?(?:worries|concerns|fears))\b",
    re.I)
"""Words that give a reason ("rejected in 2024 over worries about traffic", "largely
down to a video")."""
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


REACTION = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?(?:how\s+(?:did|do|does|has|have|will|would)\s+"
    r".{1,60}?\s+(?:react|respond|feel\s+about|take\s+(?:it|the\s+news))|"
    r"(?:what|wat|wot)\s+(?:did|do|does|has|have)\s+.{1,60}?\s+(?:think|make)"
    r"(?:\s+(?:of|about)\b.*)?\W*$|(?:what|wat|wot)(?:'s|’s|s|\s+(?:was|is|were|are))\s+"
    r".{0,60}?\s*(?:reaction|response)s?\b)", re.I)
"""A question asking how someone took something ("how did head teachers react", "what do
frith end people think of the diversion", "what was the mayor's reaction")."""
_MARKET = re.compile(r"\b(?:stocks?|shares?|markets?|prices?|investors?)\b", re.I)
"""What reacts by moving, not by saying ("how did the stock market react": "Shares fell
6%")."""
_REACTED = re.compile(
    r"\b(?:welcom(?:ed|es|ing)|criticis(?:ed|es|ing)|criticiz(?:ed|es|ing)|criticism|"
    r"condemn(?:ed|s|ing)?|prais(?:ed|es|ing)|react(?:ed|s|ion)|respond(?:ed|s)|response|"
    r"describ(?:ed|es|ing)|slamm?(?:ed|s)|hail(?:ed|s)|reject(?:ed|s)|warn(?:ed|s)|"
    r"complain(?:ed|s|ts?)|object(?:ed|ions?)|oppos(?:ed|es|ition)|back(?:ed|s)|"
    r"angry|anger|furious|delighted|pleased|disappointed|relieved|shocked|overwhelmed|"
    r"upset|thrilled|devastated|concerned|worried|frustrated|happy|unhappy)\b", re.I)
"""Verbs of taking something well or badly ("welcomed the funding", "criticised the
timing")."""
REACTION_MARGIN = REASON_MARGIN
"""How far below the best sentence one of someone's words or reaction may rank and still
come first, for a question asking how someone took something (a reason's margin)."""


def reactions_first(question: str, ranked: list[SentenceCandidate]
                    ) -> list[SentenceCandidate]:
    """``ranked`` with the best sentence that someone says, or that says how someone took
    it ("welcomed", "criticised"), first, when the question asks how someone took
    something (:data:`REACTION`, not a market's moves), the best sentence is neither and
    that one ranks within :data:`REACTION_MARGIN` of it."""
    if not ranked or not REACTION.match(question) or _MARKET.search(question):
        return ranked
    return first_holding(ranked, lambda c: c.info.speaker is not None or _REACTED.search(
        c.text) is not None, REACTION_MARGIN, REASON_REACH)


REASON_AFTER = 2
"""How many sentences after a why-question's first quote are looked through for the
reason it gives none of."""
_BLAMED = re.compile(
    rf"\b(?:blam(?:e|ed|es|ing)|attribut(?:ed|es|ing)|{_DOWN_TO}|the\s+reasons?\s+"
    r"(?:for|behind)|(?:this|that)\s+(?:is|was)\s+because)\b", re.I)
"""What says that a thing told before happened for a reason ("Chief executive Laura
Brennan blamed soaring cocoa prices"); a sentence's own "because" is often of something
else ("I bought it because I live alone")."""


def reason_reads_on(question: str, snapshot: Snapshot, answer: Answer) -> Answer:
    """A why-question's ``answer`` of one quote giving no reason (:data:`REASON`), with the
    first of the :data:`REASON_AFTER` sentences after it that says why (:data:`_BLAMED`)
    as its second quote (a story says what happened, then why: "pre-tax profit fell to
    £86.4 million ..." "Chief executive Laura Brennan blamed soaring cocoa and wheat
    prices ..."); else ``answer`` as it is."""
    if answer.declined or len(answer.citations) != 1 or not WHY.match(question) or \
            REASON.search(answer.citations[0].quote):
        return answer  # (two quotes are the most an answer has)
    first = answer.citations[0]
    spans, here = quoted_sentences(snapshot, first)
    if not here:
        return answer
    text = snapshot.articles[first.article_id].text
    for start, end in spans[here[-1] + 1:here[-1] + 1 + REASON_AFTER]:
        if _BLAMED.search(text, start, end):
            found = citation_of(snapshot, 2, first.article_id, start, end, None)
            if found is None:
                break
            return with_citations(answer, (first, found))
    return answer


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
