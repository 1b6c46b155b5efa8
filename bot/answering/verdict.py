"""The short sentence that settles a yes-or-no question.

Writers set up a fact and settle it in the next sentence, often a paragraph of its own:
"Because the trial was blinded, neither the participant nor the researchers knew whether
she had received the vaccine or the placebo." / "She had received the placebo." Asked
"did the wisconsin woman actually get the vaccine", the rankers find the first sentence
(every word of the question is in it) and the answer never says yes or no. The second
sentence holds none of the question's words: only its place tells that it settles it.

:func:`settled` quotes that sentence beside the one quoted, for a question that asks
yes or no, when it is short and goes on about the same thing ("She", "His body",
"Everything"): still at most two sentences, both verbatim.
"""

from __future__ import annotations

import re

from bot.answering.citations import citation_of
from bot.answering.more import quoted_sentences
from bot.answering.speech import with_beside
from bot.models import Answer
from bot.snapshot import Snapshot

_YES_NO = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?(?:did|does|do|is|was|were|are|has|have|had|can|could|will|"
    r"would|should|didnt|doesnt|isnt|wasnt|werent|hasnt|havent|any)\b", re.I)
"""A question asking yes or no ("did anyone die", "was he hurt", "is it safe")."""
_GOES_ON = re.compile(
    r"^[“\"‘']?(?:he|she|it|they|his|her|its|their|everything|nothing|none|neither|both|"
    r"all|this|that)\b", re.I)
"""A sentence that goes on about what the one before it was about."""
MAX_WORDS = 10
"""A settling sentence is at most this many words ("He was killed instantly, according to
the coroner.")."""


def asks_yes_or_no(question: str) -> bool:
    """Whether ``question`` asks yes or no (it opens with an auxiliary: "did", "is" ...)."""
    return _YES_NO.match(question) is not None


def settled(question: str, snapshot: Snapshot, answer: Answer) -> Answer:
    """``answer`` with the sentence after its one quoted sentence quoted too, when
    ``question`` asks yes or no and that sentence is short and goes on about the same
    thing (:data:`_GOES_ON`); else ``answer`` as it is. In one quote when both share a
    paragraph, else as a second citation."""
    if answer.declined or len(answer.citations) != 1 or not asks_yes_or_no(question):
        return answer
    cited = answer.citations[0]
    spans, inside = quoted_sentences(snapshot, cited)
    if len(inside) != 1 or inside[0] + 1 >= len(spans):
        return answer
    text = snapshot.articles[cited.article_id].text
    start, end = spans[inside[0] + 1]
    sentence = text[start:end]
    if len(sentence.split()) > MAX_WORDS or _GOES_ON.match(sentence) is None:
        return answer
    beside = citation_of(snapshot, 2, cited.article_id, start, end, None)
    return answer if beside is None else with_beside(answer, cited, beside, text)
