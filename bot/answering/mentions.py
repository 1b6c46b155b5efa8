"""Which articles mention something: "which stories mention Maisie?", "is the NHS mentioned
in any of the articles?", "does any article talk about fines?".

Asked as a question, such a search for a name went to the sentence rankers and came back
as one article's sentence, hedged ("which stories mention maisie": a line about her
birthday party), never saying which articles hold it. :func:`mentions_answer` lists them,
each cited with the first sentence that holds every word asked for, or says none does.
"""

from __future__ import annotations

import itertools
import re

from bot import prompts
from bot.answering.citations import citation_of
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer, Citation
from bot.tuning import MAX_LISTED

_ARTICLES = r"(?:articles?|stories|story|pieces?|ones?)"
_MENTION = (r"(?:mentions?|talks? about|(?:is|are) about|covers?|says? anything about|"
            r"names?|features?|discuss(?:es)?|refers? to|includes?|brings? up)")
_TOPICAL = re.compile(r"\b(?:(?:is|are) about|covers?|features?|discuss(?:es)?)\b", re.I)
"""Verbs asking what an article is about rather than which words it has: when no article
holds the words, the question is asked of the text instead ("what stories cover the
weather" of a storm warning that never says "weather")."""
_ASKED = [
    re.compile(rf"^\W*(?:so |and |ok )?(?:which|what|how many) {_ARTICLES} {_MENTION} "
               r"(?P<thing>[^?]{2,80}?)\W*$", re.I),
    re.compile(r"^\W*(?:so |and |ok )?(?:is|are) (?P<thing>[^?]{2,60}?) (?:mentioned|named|"
               rf"talked about) (?:in |by )?(?:any|any of the|the|your|these) {_ARTICLES}\W*$",
               re.I),
    re.compile(rf"^\W*(?:so |and |ok )?(?:do|does) (?:any|any of the|an) {_ARTICLES} "
               rf"{_MENTION} (?P<thing>[^?]{{2,80}}?)\W*$", re.I),
    re.compile(r"^\W*(?:so |and |ok )?where (?:is|are|was|were) (?P<thing>[^?]{2,60}?) "
               r"mentioned\W*$", re.I),
]
"""The forms of the question, each with the thing looked for."""


def mentions_asked(question: str) -> str | None:
    """The thing ``question`` asks the articles mentioning ("Maisie", "the NHS"), or None
    when it asks something else."""
    text = " ".join(question.split())
    for pattern in _ASKED:
        m = pattern.match(text)
        if m is not None and tokenize(m["thing"]):
            return m["thing"].strip()
    return None


def _first_mention(snapshot: Snapshot, article_id: int, stems: list[str],
                   n: int) -> Citation | None:
    """The first sentence of the article holding every one of ``stems``, cited ``[n]``."""
    text = snapshot.articles[article_id].text
    for row in snapshot.article_rows(article_id):
        for start, end in snapshot.passages[int(row)].sentences:
            if set(stems) <= set(tokenize(text[start:end])):
                return citation_of(snapshot, n, article_id, start, end, None)
    return None


def mentions_answer(question: str, snapshot: Snapshot) -> Answer | None:
    """The articles mentioning what ``question`` asks about (:func:`mentions_asked`), each
    with the first sentence holding it (every word of it; the first
    :data:`MAX_LISTED`), or that none does; None when the question is not of this kind."""
    thing = mentions_asked(question)
    if thing is None:
        return None
    stems = list(dict.fromkeys(tokenize(thing)))
    holding = set(snapshot.articles)
    for stem in stems:  # passages only: a header (title, byline) is no sentence to cite,
        holding &= snapshot.passage_articles_with(stem)  # and indexing every header of a
        # big library costs seconds on the first question after each article added
    wording = prompts.load("answers")["mentions"]
    count = len(snapshot.articles)
    citations: list[Citation] = []
    for article_id in itertools.islice(sorted(holding), MAX_LISTED):
        cited = _first_mention(snapshot, article_id, stems, len(citations) + 1)
        if cited is not None:
            citations.append(cited)
    if not citations:
        if _TOPICAL.search(question):
            return None
        return Answer(question, wording["none"].format(thing=thing), declined=True)
    listed = ", ".join(f"“{c.title}” [{c.n}]" for c in citations)
    found = len(holding) if len(holding) > MAX_LISTED else len(citations)
    text = wording["found" if count > 1 else "found_only"].format(
        thing=thing, found=found, count=count, listed=listed)
    return Answer(question, text, declined=False, citations=tuple(citations), confidence=1.0)
