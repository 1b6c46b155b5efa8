""""Tell me more": the article read on from the sentence the previous answer quoted.

In a conversation (``footnote chat``, a Discord thread or a reply), "tell me more", "go
on", "what else?" or "what happened next?" asks for what the article says next, not for a
search: the answer quotes the sentences that follow the previous answer's first quote in
its article (those the answer already quoted are skipped; after a "tell me more", those
that follow the last one it quoted), at most :data:`MORE_SENTENCES` of them, each cited.
Past the last sentence it says the article ends there. Asked with nothing before it, the
question is answered with what the library holds (:mod:`bot.metadata_answers`). "Really?",
"are you sure?" or "source for that?" after an answer is answered with where that answer
came from: its first quote again, with its article (:func:`source_answer`).
"""

from __future__ import annotations

import re

from bot import prompts
from bot.answering.citations import citation_of, quoting
from bot.conversation import Turn
from bot.library import Snapshot
from bot.models import Answer, Citation

MORE = re.compile(
    r"^\W*(?:ok(?:ay)?\W+|and\W+|so\W+|please\W+)?(?:"
    r"(?:tell|show)\s+me\s+more(?:\s+about\s+(?:it|that|this|him|her|them))?|more|"
    r"go\s+on|continue|keep\s+going|carry\s+on|what\s+else(?:\s+(?:does|did)\s+it\s+say)?|"
    r"anything\s+else|what\s+happen(?:s|ed)\s+next|what\s+next|and\s+then|then\s+what|"
    r"and|(?:can\s+you\s+)?(?:elaborate|expand(?:\s+on\s+(?:it|that|this))?)|"
    r"more\s+(?:details?|info(?:rmation)?)|read\s+on|keep\s+reading"
    r")(?:\W+please)?\W*$",
    re.I,
)
"""A question that asks only for what comes next ("tell me more", "go on", "what else?")."""
DOUBT = re.compile(
    r"^\W*(?:really|are\s+(?:you|u)\s+sure|is\s+that\s+(?:true|right|correct|so)|"
    r"how\s+do\s+(?:you|u)\s+know(?:\s+that)?|says\s+who|for\s+real|seriously|"
    r"where\s+(?:does|did)\s+(?:it|that)\s+say\s+(?:that|so)|"
    r"(?:what(?:'s|\s+is)\s+(?:the|your)\s+)?source\s+(?:for|of)\s+(?:that|this|it)|"
    r"where\s+(?:is|was)\s+that\s+from|where\s+did\s+(?:you|u)\s+(?:get|read)\s+that"
    r")\W*$", re.I)
"""A reply doubting or asking the source of the answer before ("really?", "are you sure?",
"source for that?"): answered with where that answer came from (:func:`source_answer`)."""
MORE_SENTENCES = 2
"""How many sentences one "tell me more" quotes (an answer quotes at most two)."""


def asks_for_more(question: str) -> bool:
    """Whether ``question`` asks only for what the article says next."""
    return MORE.match(question) is not None


def article_sentences(snapshot: Snapshot, article_id: int) -> list[tuple[int, int]]:
    """The article's sentences as (start, end) offsets, in order."""
    spans: list[tuple[int, int]] = []
    for row in snapshot.article_rows(article_id):
        passage = snapshot.passages[int(row)]
        spans.extend(passage.sentences or [(passage.start, passage.end)])
    return sorted(set(spans))


def quoted_sentences(snapshot: Snapshot, cited: Citation
                     ) -> tuple[list[tuple[int, int]], list[int]]:
    """The sentences of ``cited``'s article (:func:`article_sentences`) and the places
    among them of those the citation quotes (none when it has no offsets)."""
    spans = article_sentences(snapshot, cited.article_id)
    if cited.start is None or cited.end is None:
        return spans, []
    return spans, [i for i, (start, _) in enumerate(spans) if cited.start <= start < cited.end]


def more_answer(question: str, snapshot: Snapshot, turn: Turn) -> Answer | None:
    """The sentences after the previous answer's first quote in its article; None when
    ``question`` does not ask for more or the previous answer quoted nothing still in
    the library."""
    if not asks_for_more(question):
        return None
    quoted = [q for q in turn.quoted if q.article_id in snapshot.articles]
    if not quoted:
        return None
    article_id = quoted[0].article_id
    article = snapshot.articles[article_id]
    shown = [(q.start, q.end) for q in quoted if q.article_id == article_id]
    # after an answer, what follows its first quote; after "more", what follows all it read
    read_to = max(e for _, e in shown) if asks_for_more(turn.question) else quoted[0].end
    after = [(start, end) for start, end in article_sentences(snapshot, article_id)
             if start >= read_to and not any(s <= start < e for s, e in shown)]
    wording = prompts.load("answers")["more"]
    citations: list[Citation] = []
    for start, end in after[:MORE_SENTENCES]:
        cited = citation_of(snapshot, len(citations) + 1, article_id, start, end, None)
        if cited is not None:
            citations.append(cited)
    if not citations:
        return Answer(question, wording["end"].format(title=article.title), declined=False,
                      confidence=1.0)
    quotes = " ".join(f"{c.quote} [{c.n}]" for c in citations)
    return Answer(question, wording["text"].format(title=article.title, quotes=quotes),
                  declined=False, citations=tuple(citations), confidence=1.0)


def source_answer(question: str, snapshot: Snapshot, turn: Turn) -> Answer | None:
    """Where the previous answer came from, when ``question`` doubts it or asks its source
    (:data:`DOUBT`): its first quote again, cited, with the article it is from; None for
    another question, or when that answer quoted nothing still in the library."""
    if DOUBT.match(question) is None:
        return None
    quoted = [q for q in turn.quoted if q.article_id in snapshot.articles]
    if not quoted:
        return None
    first = quoted[0]
    article = snapshot.articles[first.article_id]
    cited = citation_of(snapshot, 1, first.article_id, first.start, first.end, None) or (
        quoting(article, 1, first.start, first.end, 0)  # the header (a byline) quoted before
        if 0 <= first.start < first.end <= len(article.text) else None)
    if cited is None:
        return None
    text = prompts.load("answers")["more"]["source"].format(title=cited.title, quote=cited.quote)
    return Answer(question, text, declined=False, citations=(cited,), confidence=1.0)
