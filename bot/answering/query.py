"""A question made ready for scoring against one library snapshot.

Everything here is per question and cheap (no parser, no model): the content
words with misspellings mended against the library's own vocabulary
("goverment" is read as "government"), their rarity, and the analysis of the
wording (:func:`bot.question.analyse`).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from bot.lexical import LexicalIndex, stem
from bot.question import QuestionInfo, analyse

_NEGATION = re.compile(
    r"\b(not|never|n't|no|none|nothing|neither|nor|without|fail|failed|unable|"
    r"dont|doesnt|didnt|wont|cant|isnt|wasnt|arent|werent)\b", re.I
)


@dataclass(frozen=True)
class Query:
    """A question as the scorers see it."""

    info: QuestionInfo
    vector: np.ndarray
    """The unit vector the answer is judged with."""
    tokens: tuple[str, ...]
    """Distinct content-word stems, misspellings mended."""
    idf: dict[str, float]
    total_idf: float
    max_idf: float
    """The rarity of a word no passage holds: the ceiling of every ``idf``."""
    unknown: float
    """Share of the question's words that no passage of the library holds."""
    unknown_count: int
    negated: bool

    def coverage(self, present: AbstractSet[str]) -> float:
        """Share of the question's words (weighted by rarity) found in ``present``."""
        if not self.total_idf:
            return 0.0
        return sum(self.idf[t] for t in self.tokens if t in present) / self.total_idf

    def found_rarity(self, present: AbstractSet[str]) -> float:
        """The rarity (0..1) of the rarest question word that is in ``present``."""
        found = [self.idf[t] for t in self.tokens if t in present]
        return max(found) / self.max_idf if found and self.max_idf else 0.0

    def missing_rarity(self, present: AbstractSet[str]) -> float:
        """The rarity (0..1) of the rarest question word not in ``present``."""
        missing = [self.idf[t] for t in self.tokens if t not in present]
        return max(missing) / self.max_idf if missing and self.max_idf else 0.0


def has_negation(text: str) -> bool:
    """Whether ``text`` says "not", "never", "didn't"...."""
    return bool(_NEGATION.search(text))


def _split(token: str, lexical: LexicalIndex) -> list[str] | None:
    """Two known words run together ("skatepark", "ebike"): both, or None."""
    for i in range(3, len(token) - 2):
        first, second = stem(token[:i]), stem(token[i:])
        if lexical.knows(first) and lexical.knows(second):
            return [first, second]
    return None


def make_query(question: str, vector: np.ndarray, lexical: LexicalIndex) -> Query:
    """Read ``question`` against a library's vocabulary."""
    info = analyse(question)
    tokens: list[str] = []
    unknown = 0
    for token in info.tokens:
        mended = [token]
        if not lexical.knows(token):
            mended = [lexical.correct(token) or token]
            if not lexical.knows(mended[0]):
                mended = _split(token, lexical) or mended
            unknown += not lexical.knows(mended[0])
        for t in mended:
            if t not in tokens:
                tokens.append(t)
    idf = {t: lexical.idf(t) for t in tokens}
    return Query(
        info=info, vector=vector, tokens=tuple(tokens), idf=idf, total_idf=sum(idf.values()),
        max_idf=lexical.idf("\u2205unseen"), unknown=unknown / len(info.tokens) if info.tokens
        else 0.0, unknown_count=unknown, negated=has_negation(question),
    )
