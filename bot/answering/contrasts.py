"""Signs that a sentence says something close to the question but not it: the question
names a value (a number, a date, an ordinal, a weekday) that the sentence lacks ("In the
United States, the film opened on 16 November of what year?" of "... opened on 6
November 2015"). With the sentence denying what the question takes as given ("Who will
return to direct the next film?" of "Mendes has stated he will not return",
:func:`bot.answering.query.has_negation`), these are the answer model's evidence of a
near miss.

Such questions are how unanswerable ones are often written (SQuAD 2.0's crowdworkers
swapped a value, an entity, an antonym or a negation into an answerable question), and
nearly every word of them is in the sentence, so word coverage alone takes them for
answered. The word list is general English, written by hand; nothing here was chosen on
``../shared/eval/`` or the held-out question sets. (A list of opposites, "major" /
"minor", "prequel" / "sequel", and a word of the question whose place in the sentence
another word takes, "major surgery" of "minor surgery", were tried as well and brought
nothing held out.)
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from bot.answering.number_words import CARDINALS, ORDINALS
from bot.calendar_words import MONTHS, WEEKDAYS
from bot.lexical import stem

_NUMBER_WORDS = (*CARDINALS, *ORDINALS, *"""
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens half
quarter eleventh twelfth twentieth thirtieth hundredth
""".split(), *(day.lower() for day in (*MONTHS, *WEEKDAYS) if day != "May"))
_ORDINAL_ENDS = (*ORDINALS[:9], "tieth")
"""How an ordinal run together from a hyphenated one ends ("thirtyfourth", "fortieth")."""
VALUE_STEMS = frozenset(stem(w) for w in _NUMBER_WORDS)
"""Stems of words that state a value: numbers, ordinals, months, weekdays."""


def is_value(token: str) -> bool:
    """Whether a stem states a value: it holds a digit, or is a number, ordinal, month or
    weekday word ("thirtyfourth", a hyphenated ordinal run together, included)."""
    return any(ch.isdigit() for ch in token) or token in VALUE_STEMS or (
        len(token) > 6 and token.endswith(_ORDINAL_ENDS))


def values_missing(tokens: tuple[str, ...], present: AbstractSet[str]) -> int:
    """How many of the question's value words (:func:`is_value`) ``present`` lacks."""
    return sum(1 for t in tokens if t not in present and is_value(t))
