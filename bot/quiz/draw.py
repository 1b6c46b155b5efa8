"""Which questions may share a quiz: none may show another's answer.

"Mr Bailey said..." in one question gives away "Who said...?" in another; so does a
sentence that states the number another question asks for, and so does a second question
with the same answer. :func:`reveals` says whether one question's text shows another's
key (a wrong option elsewhere is no give-away: it is offered as wrong there), and
:func:`draw` picks a quiz's questions so that no pair does. Two questions about the
same sentence never share a quiz either.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.quiz.item import NAME_TYPES, TRUE_FALSE, QuizQuestion
from bot.quiz.text import (
    WEAK_TOKENS,
    are_variants,
    number_values,
    strip_titles,
    token_set,
    tokens,
)

_STOP = frozenset(
    "a an the of in on at to for by with from and or but as is are was were be been it its "
    "this that these those their his her them they he she we you our your not no".split()
)


@lru_cache(maxsize=65536)
def answer_keys(answer: str, answer_type: str) -> tuple[str, frozenset[object]]:
    """What shows an answer: ``("values", numbers)`` any of which, ``("any", words)`` any
    distinctive word of a name, or ``("all", words)`` every content word of a phrase."""
    values = number_values(answer)
    if values:
        return "values", frozenset(values)
    words = strip_titles(tokens(answer))
    if answer_type in NAME_TYPES:
        return "any", frozenset(w for w in words if w not in WEAK_TOKENS and len(w) >= 3)
    return "all", frozenset(w for w in words if w not in _STOP)


def mentions(answer: str, answer_type: str, text: str) -> bool:
    """Does ``text`` show ``answer``: its number, a distinctive word of its name ("Bailey"
    of "Simon Bailey"), or every content word of a phrase ("last month")?"""
    mode, keys = answer_keys(answer, answer_type)
    if mode == "values":
        return bool(keys & set(number_values(text)))
    shown = token_set(text)
    if mode == "any":
        return bool(keys & shown)
    return bool(keys) and keys <= shown


class MentionIndex:
    """Which of many texts show an answer (:func:`mentions`), looked up by word."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._words: dict[object, set[int]] = {}
        self._values: dict[object, set[int]] = {}
        for i, text in enumerate(texts):
            for word in token_set(text):
                self._words.setdefault(word, set()).add(i)
            for value in number_values(text):
                self._values.setdefault(value, set()).add(i)

    def where(self, answer: str, answer_type: str) -> set[int]:
        """The indexes of the texts that show ``answer``."""
        mode, keys = answer_keys(answer, answer_type)
        table = self._values if mode == "values" else self._words
        postings = [table.get(k, set()) for k in keys]
        if not postings:
            return set()
        if mode == "all":
            return set.intersection(*postings)
        return set.union(*postings)


def reveals(shown: QuizQuestion, other: QuizQuestion) -> bool:
    """Does ``shown`` give ``other`` away (same sentence, the same answer, or its text
    shows the key)?"""
    if shown.id == other.id:
        return False
    if (shown.article_id, shown.quote_start) == (other.article_id, other.quote_start):
        return True
    if other.kind == TRUE_FALSE:
        return False  # its answer is True or False; only its own sentence tells
    if shown.kind != TRUE_FALSE and are_variants(shown.answer, other.answer):
        return True  # one answer for two questions: answering one answers the other
    return mentions(other.answer, other.answer_type, shown.question)


def compatible(question: QuizQuestion, chosen: Iterable[QuizQuestion]) -> bool:
    """May ``question`` join ``chosen``: neither gives the other away?"""
    return not any(reveals(question, c) or reveals(c, question) for c in chosen)


def draw(questions: Sequence[QuizQuestion], n: int, rng: random.Random, *,
         reviews: Sequence[QuizQuestion] = ()) -> list[QuizQuestion]:
    """Up to ``n`` questions: due ``reviews`` first, then ``questions`` in random order
    with the kinds taken in turn (a bank where every sentence makes a true/false item
    still gives a mixed quiz), each kept only when it is :func:`compatible` with those
    already kept."""
    chosen: list[QuizQuestion] = []
    seen: set[str] = set()
    for q in [*reviews, *_kinds_in_turn(questions, rng)]:
        if len(chosen) >= n:
            break
        if q.id not in seen and compatible(q, chosen):
            chosen.append(q)
        seen.add(q.id)
    return chosen


def _kinds_in_turn(questions: Sequence[QuizQuestion], rng: random.Random) -> list[QuizQuestion]:
    """``questions`` shuffled within each kind, then dealt one kind after another (the
    kinds in a random order), so every kind is about equally represented early on."""
    by_kind: dict[str, list[QuizQuestion]] = {}
    for q in questions:
        by_kind.setdefault(q.kind, []).append(q)
    piles = [by_kind[kind] for kind in sorted(by_kind)]
    for pile in piles:
        rng.shuffle(pile)
    rng.shuffle(piles)
    dealt: list[QuizQuestion] = []
    for turn in range(max((len(p) for p in piles), default=0)):
        dealt.extend(pile[turn] for pile in piles if turn < len(pile))
    return dealt
