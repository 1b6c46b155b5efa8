"""A quiz item: what is asked, the key, and the verbatim sentence it rests on (the
question *record*; asking questions of the library is :mod:`bot.question`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from typing import Any

MULTIPLE_CHOICE = "multiple_choice"
FILL_BLANK = "fill_blank"
TRUE_FALSE = "true_false"
SHORT_ANSWER = "short_answer"
KINDS: tuple[str, ...] = (MULTIPLE_CHOICE, FILL_BLANK, TRUE_FALSE, SHORT_ANSWER)

PHRASE = "PHRASE"
"""``answer_type`` of a key noun phrase (not a named entity)."""

NUMERIC_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
NAME_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LANGUAGE", "PRODUCT", "WORK_OF_ART"}
)


@dataclass(frozen=True)
class QuizQuestion:
    """One question, made from one sentence of one passage, with its answer key.

    ``quote`` is always ``article.text[quote_start:quote_end]`` and ``fact`` (the
    words the question hinges on) is ``article.text[fact_start:fact_end]``, inside
    the quote. For every kind but true/false ``answer == fact``; for true/false the
    answer is "True" or "False".
    """

    id: str
    kind: str
    question: str
    options: tuple[str, ...]
    answer: str
    accepted: tuple[str, ...]
    answer_type: str
    article_id: int
    title: str
    paragraph: int
    quote: str
    quote_start: int
    quote_end: int
    fact: str = ""
    fact_start: int = -1
    fact_end: int = -1
    rejected: tuple[str, ...] = ()
    """Known wrong answers (distractors, the article's other names of this type): the
    grader never lets a spelling slip turn one of them into the answer."""

    def to_json(self) -> str:
        """Serialise to a JSON object (for storing a missed question for review)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, data: str | dict[str, Any]) -> QuizQuestion:
        """Rebuild a question from :meth:`to_json` output; unknown keys are ignored."""
        raw = json.loads(data) if isinstance(data, str) else dict(data)
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in raw.items() if key in known}
        for key in ("options", "accepted", "rejected"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)


def question_id(
    article_id: int, passage_span: tuple[int, int], quote_span: tuple[int, int],
    kind: str, answer: str, fact: str,
) -> str:
    """A stable id: a hash of article id, passage and sentence spans, kind, answer and fact."""
    key = json.dumps(
        [article_id, list(passage_span), list(quote_span), kind, answer, fact], ensure_ascii=False
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
