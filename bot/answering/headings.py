"""A question or a heading in an article is not an answer: the sentence after it is.

Interviews print the interviewer's questions ("Who do you admire in local politics?"),
explainers put questions and labels above their paragraphs ("How much will it cost?",
"Media contact"), and a question's words match those lines best. Quoted alone they answer
nothing; what follows them does. :func:`past_headings` quotes that instead.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.citations import citation_of, passage_at, with_citations
from bot.answering.more import quoted_sentences
from bot.answering.query import Query
from bot.answering.sentences import facts_of
from bot.answering.span import answer_entity, span_in_quote
from bot.library import Snapshot
from bot.models import Answer, Citation

HEADING_WORDS = 12
"""A paragraph of one sentence with no end punctuation and at most this many words is a
heading ("Media contact", "Parking in council car parks will cost more")."""
_QUOTES = "\"“”‘’"
_BULLET = re.compile(r"^\s*(?:[-*•–—]|\d+[.)])\s")
_ENDS = re.compile(r"[.!?:;,…\"“”'’)\]]\s*$")


def is_heading_or_question(sentence: str, paragraph: str) -> bool:
    """Whether ``sentence`` (of ``paragraph``) is a question the article asks (not one
    someone is quoted asking) or a heading: a paragraph of itself, short, with no end
    punctuation and no list bullet."""
    text = sentence.strip()
    if not text or any(mark in text for mark in _QUOTES):
        return False
    if text.endswith("?"):
        return True
    return (text == paragraph.strip() and len(text.split()) <= HEADING_WORDS
            and not _ENDS.search(text) and not _BULLET.match(text))


def past_headings(snapshot: Snapshot, answer: Answer, query: Query) -> Answer:
    """``answer`` (as :func:`bot.answer.build_answer` words it: its quotes alone) with
    each quote that is only a question or a heading (:func:`is_heading_or_question`)
    replaced by the sentence that follows it in its article, its span marked as the
    answer's would be, or dropped when another quote already holds that sentence; one
    with nothing after it stays."""
    if answer.declined or not answer.citations:
        return answer
    kept = list(answer.citations)
    changed = False
    for cited in answer.citations:
        after = _following(snapshot, cited, query)
        if after is None:
            continue
        changed = True
        place = kept.index(cited)
        holder = next((c for c in kept if c.start is not None and c.end is not None
                       and c.start <= (after.start or 0) < c.end), None)
        if holder is None:
            kept[place] = after
            continue
        del kept[place]  # the sentence after it is quoted already: its span, if none
        if holder.answer_span is None and (holder.start, holder.end) == (after.start, after.end):
            kept[kept.index(holder)] = replace(holder, answer_span=after.answer_span)
    if not changed:
        return answer
    return with_citations(answer, tuple(replace(c, n=n) for n, c in enumerate(kept, start=1)))


def _following(snapshot: Snapshot, cited: Citation, query: Query) -> Citation | None:
    """The citation of the sentence after ``cited`` when ``cited`` quotes only a question
    or a heading; else None."""
    if cited.start is None or cited.article_id not in snapshot.articles:
        return None
    if not is_heading_or_question(cited.quote, cited.quote):  # cheap: most quotes are not
        return None
    text = snapshot.articles[cited.article_id].text
    if _BULLET.match(text[text.rfind("\n", 0, cited.start) + 1:cited.start + 1]):
        return None  # a list item ("- Height: 1.91m", quoted without its "- ")
    spans, here = quoted_sentences(snapshot, cited)
    if len(here) != 1 or here[0] + 1 >= len(spans):
        return None
    text = snapshot.articles[cited.article_id].text
    passage = passage_at(snapshot, cited.article_id, cited.start)
    paragraph = text[passage.start:passage.end] if passage is not None else ""
    if not is_heading_or_question(cited.quote, paragraph):
        return None
    start, end = spans[here[0] + 1]
    found = citation_of(snapshot, cited.n, cited.article_id, start, end, None)
    if found is None:
        return None
    info = facts_of(snapshot, cited.article_id).sentence(text, start, end)
    span = span_in_quote(answer_entity(query, info, text), start, end)
    return replace(found, score=cited.score, answer_span=span)

