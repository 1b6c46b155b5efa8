"""A question asking whether anyone died, or was hurt, is answered by a sentence that says
so: "did anyone die in the clashes?" by "A 22-year-old university student died of head
injuries ...", not by "63 people were injured in the clashes"; "did anyone die in the
collapse" by "He was killed instantly, according to the coroner", not by the heading "The
day of the collapse".

News tells deaths and injuries in sentences of their own, often below the lead that the
ranker puts first for the question's other words; among the best sentences, one of the kind
asked for (a death for "die" / "killed", an injury for "hurt" / "injured"), or one saying
nobody was, comes before a best one that is neither (:func:`casualties_first`)."""

from __future__ import annotations

import re

from bot.answering.features import SentenceCandidate
from bot.answering.reasons import REASON_REACH, first_holding

CASUALTY_QUESTION = re.compile(
    r"\b(?:anyone|anybody|any\s+\w+|someone|somebody|people|one)\b(?:(?!\b(?:he|she|they|"
    r"it|we|you|i|before|after|when|while|until)\b).){0,40}?\b(?:(?P<death>"
    r"die|died|dead|kill(?:ed)?)|(?P<injury>hurt|injur(?:ed|ies|y)|harmed|wounded))\b",
    re.I)
"""A question asking whether anyone died or was hurt ("did anyone die in the clashes?",
"was anybody killed", "were any firefighters injured", "how many people were hurt"); not
"did anyone see the van before he died", whose death is someone else's."""
DEATH = re.compile(r"\b(?:died|dies|dead|death|deaths|killed|killing|fatal\w*|bodies|body)\b",
                   re.I)
INJURY = re.compile(r"\b(?:injur\w*|hurt|wounded|hospital\w*|burns|treated\s+for|"
                    r"casualt\w*)\b", re.I)
NOBODY = re.compile(r"\b(?:no\s+(?:one|injuries|deaths)|nobody|no-one)\b", re.I)
"""A sentence saying nobody was hurt answers the question too."""
CASUALTY_MARGIN = 2.0
"""How far below the best sentence one telling of the deaths or injuries asked about may
rank and still come first: on the training and dev questions of the kind (36), margins
1.5 / 2.0 / 2.5 moved 1 / 3 / 4 first quotes to the right sentence and none away from it."""


def casualties_first(question: str, ranked: list[SentenceCandidate]
                     ) -> list[SentenceCandidate]:
    """``ranked`` with the best of its first few sentences telling of the deaths (or
    injuries) the question asks about, or that nobody died (was hurt), first, when the best
    sentence does not and that one ranks within :data:`CASUALTY_MARGIN` of it."""
    found = CASUALTY_QUESTION.search(question) if ranked else None
    if found is None:
        return ranked
    told = DEATH if found.group("death") else INJURY
    return first_holding(ranked, lambda c: told.search(c.text) is not None or NOBODY.search(
        c.text) is not None, CASUALTY_MARGIN, REASON_REACH)
