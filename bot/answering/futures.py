"""A question about what is to come is answered by a sentence that tells of it: "what will
the £450k grant pay for" by "The money will pay for two more researchers ...", not by "The
team has been awarded £450,000 ..."; "who do they play next" by "Alder State will face
Carolina Coast in the national semifinal", not by the coach's words on the game just lost;
"when will the wind calm down" by "winds would ease steadily from Monday evening".

The ranker reads a sentence's words, not its tense, so among the best sentences one that
speaks of the future ("will", "would", "is due to", "plans to", "expected to") comes before
a best one that does not, when it ranks nearly as high (:func:`futures_first`)."""

from __future__ import annotations

import re

from bot.answering.features import SENTENCE_FEATURES, SentenceCandidate
from bot.answering.query import Query
from bot.answering.reasons import REASON_MARGIN, REASON_REACH, WHY, first_holding

FUTURE_QUESTION = re.compile(
    r"\b(?:(?<!\bhis\s)(?<!\bher\s)(?<!\bthe\s)(?<!\ba\s)(?<!\btheir\s)will|won['’]?t|"
    r"going\s+to|gonna|next(?!\s+(?:to|door|nearest|closest|best|biggest|largest)\b)|"
    r"planning|plans?\s+to|future|upcoming|happens?\s+now)\b", re.I)
"""A question asking what is to come ("what will the grant pay for", "who do they play
next", "what are they planning", "what happens now"); not "the bin next to the door", "the
next nearest pool", "when he wrote his will" or "when were the plans revealed"."""
FUTURE = re.compile(
    r"\b(?:will|won[’']t|would|wouldn[’']t|\w+[’']ll|(?:is|are|was|were)\s+due|due\s+to\s+"
    r"(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b)|plans?\s+to|planned|planning|expects?|"
    r"expected|(?:is|are)\s+set\s+to|going\s+to|aims?\s+to|hopes?\s+to|intends?\s+to|"
    r"scheduled|next|upcoming|likely|later\s+this)\b", re.I)
"""Words that tell of what is to come ("will face", "would ease", "is due to resume",
"plans to host", "expected to be released"); "due to" only before a verb, not "due to
the storm"."""
FUTURE_MARGIN = REASON_MARGIN
"""How far below the best sentence one that tells of the future may rank and still come
first (1.5 log-odds, a reason's margin)."""
_TYPE_FOUND = SENTENCE_FEATURES.index("type_found")


def futures_first(query: Query, question: str, ranked: list[SentenceCandidate]
                  ) -> list[SentenceCandidate]:
    """``ranked`` with the best of its first few sentences that tells of the future first,
    when the question asks what is to come (:data:`FUTURE_QUESTION`; not why it will be,
    which :func:`bot.answering.reasons.reasons_first` answers), the best sentence does not
    (:data:`FUTURE`) and that one ranks within :data:`FUTURE_MARGIN` of it. For "when will
    ...", only a sentence holding a date or time will do ("winds would ease from Monday
    evening", not "customers will be entitled to compensation of £95")."""
    if not ranked or not FUTURE_QUESTION.search(question) or WHY.match(question):
        return ranked  # "why won't they say": a reason (reasons_first)
    dated = bool(query.info.expected & {"DATE", "TIME"})
    return first_holding(ranked, lambda c: FUTURE.search(c.text) is not None and (
        not dated or bool(c.features[_TYPE_FOUND])), FUTURE_MARGIN, REASON_REACH)
