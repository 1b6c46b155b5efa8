"""What a question asks for: the kind of answer ("when" wants a date) and its key words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.lexical import tokenize


class AnswerType(Enum):
    """The kind of thing a question asks for, when its wording tells."""

    DATE = "date"
    NUMBER = "number"
    PERSON = "person"
    PLACE = "place"
    OTHER = "other"


_TYPE_PATTERNS: list[tuple[AnswerType, re.Pattern[str]]] = [
    (AnswerType.DATE, re.compile(
        r"\b(when|what (year|date|day|month|time|century|decade|era|period)|"
        r"(which|what|in what) (year|century|decade|month)|how long ago|since when)\b", re.I)),
    (AnswerType.NUMBER, re.compile(
        r"\b(how (many|much|old|long|far|big|large|tall|often|high|deep|wide|fast)|"
        r"what (number|percentage|percent|proportion|share|amount|fraction|population)|"
        r"how many)\b", re.I)),
    (AnswerType.PERSON, re.compile(
        r"(^|\b)(who|whom|whose|which (person|man|woman|king|leader))\b", re.I)),
    (AnswerType.PLACE, re.compile(
        r"\b(where|what (country|city|town|region|state|place|county|continent|river|island)|"
        r"(which|in which|in what) (country|city|town|region|state|place|county|continent))\b",
        re.I)),
]

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b(1\d{{3}}|20\d{{2}}|\d{{1,2}}(st|nd|rd|th)? (century|centuries)|\d{{3,4}}s|"
    rf"({_MONTHS})\b|(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(last|next|this) (week|month|year|decade|century)|yesterday|today|tomorrow|"
    r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty-first) (century|centuries)|ago|BC|AD|BCE|CE)\b",
    re.I,
)
_NUMBER = re.compile(
    r"(\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|"
    r"third|quarter|several|few|many|per ?cent)\b)",
    re.I,
)
_WHO_IS_NAME = re.compile(r"^\W*(?i:who)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+)?[A-Z]")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


@dataclass(frozen=True)
class QuestionInfo:
    """A question, parsed once: its answer type and content-word stems."""

    text: str
    answer_type: AnswerType
    tokens: tuple[str, ...]


def analyse(question: str) -> QuestionInfo:
    """Work out what ``question`` asks for."""
    answer_type = AnswerType.OTHER
    if _WHO_IS_NAME.match(question):  # "Who is Simon Bailey?" asks for a description
        return QuestionInfo(question, answer_type, tuple(tokenize(question)))
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(question):
            answer_type = kind
            break
    return QuestionInfo(question, answer_type, tuple(tokenize(question)))


def has_answer_type(sentence: str, info: QuestionInfo) -> float:
    """1.0 if the sentence holds the kind of thing asked for, 0.0 if not, 0.5 if unknown.

    Names and places only count when they are not already in the question: "Who
    is Simon Bailey?" is not answered by a sentence whose only name is his.
    """
    kind = info.answer_type
    if kind is AnswerType.OTHER:
        return 0.5
    if kind is AnswerType.DATE:
        return 1.0 if _DATE.search(sentence) else 0.0
    if kind is AnswerType.NUMBER:
        return 1.0 if _NUMBER.search(sentence) else 0.0
    asked = set(info.tokens)
    for match in _NAME.finditer(sentence):
        if any(token not in asked for token in tokenize(match.group())):
            return 1.0
    return 0.0
