"""A question or a heading in an article is not an answer: the sentence after it is; and
a bare reply ("Yes.") is quoted with the sentence after it.

Interviews print the interviewer's questions ("Who do you admire in local politics?"),
explainers put questions and labels above their paragraphs ("How much will it cost?",
"Media contact"), and a question's words match those lines best. Quoted alone they answer
nothing; what follows them does. :func:`past_headings` quotes that instead.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.citations import citation_of, passage_at, with_citations
from bot.answering.features import SentenceCandidate
from bot.answering.more import quoted_sentences
from bot.answering.query import Query
from bot.answering.sentences import facts_of
from bot.answering.span import answer_entity, span_in_quote
from bot.library import Snapshot
from bot.models import Answer, Citation

HEADING_WORDS = 12
"""A paragraph of one sentence with no end punctuation and at most this many words is a
heading ("Media contact", "Parking in council car parks will cost more")."""
MAX_HEADINGS_SKIPPED = 3
"""Headings and questions passed in a row ("Quick guide", "Key points", "What was the
company charged with?") before the sentence quoted instead."""
_QUOTES = "\"“”‘’"
_BULLET = re.compile(r"^\s*(?:[-*•–—]|\d+[.)])\s")
_ASKER = re.compile(r"(?:Q|QUESTION|REPORTER|INTERVIEWER|JOURNALIST)\b[^:\n]{0,40}:\s")
"""A transcript's label for the one asking ("REPORTER (BBC): ", "Q: "): the answer is in
the paragraph after."""
_REPLY = re.compile(
    r"(?:[A-Z][A-Z .'’()-]{1,60}:\s*)?(?:yes|no|yeah|nope|absolutely|certainly|correct|"
    r"of course|not yet|indeed|definitely|sadly not)(?:,[^.!?]{0,25})?[.!]", re.I)
"""A reply that says nothing without the sentence after it ("Yes.", "No, not yet."), a
speaker's label allowed; not a sentence that starts with one ("No one was hurt.")."""
_ENDS = re.compile(r"[.!?:;,…\"“”'’)\]]\s*$")


def _asked_by_article(text: str) -> bool:
    """Whether ``text`` (a sentence, stripped) is a question the article asks, not one
    someone is quoted asking."""
    return text.endswith("?") and not any(mark in text for mark in _QUOTES)


def is_heading_or_question(sentence: str, paragraph: str) -> bool:
    """Whether ``sentence`` (of ``paragraph``) is a question the article asks (not one
    someone is quoted asking) or a heading: a paragraph of itself, short, with no end
    punctuation and no list bullet."""
    text = sentence.strip()
    if not text or any(mark in text for mark in _QUOTES):
        return False
    if _asked_by_article(text):
        return True
    return (text == paragraph.strip() and len(text.split()) <= HEADING_WORDS
            and not _ENDS.search(text) and not _BULLET.match(text))


def unrelated_questions_last(query: Query, ranked: list[SentenceCandidate]
                             ) -> list[SentenceCandidate]:
    """``ranked`` with the article's own questions that share no word with ``query`` put
    after the other sentences, when the best is one. A question ranks high for its form
    alone ("will teachers get fired": an interviewer's "Will they attend district
    schools?", whose answer, "Yes. My son is going into 10th grade ...", was quoted in
    place of "I don't expect to lay off teachers."); one sharing the question's words
    ("What about layoffs?") stays, and the sentence after it is quoted
    (:func:`past_headings`)."""
    words = set(query.tokens)

    def unrelated(candidate: SentenceCandidate) -> bool:
        return _asked_by_article(candidate.text.strip()) and words.isdisjoint(candidate.info.stems)

    if not words or not ranked or not unrelated(ranked[0]):
        return ranked  # "what should i do": no word to share, and "What should I do?" leads
    return sorted(ranked, key=unrelated)  # stable: the order within each kept


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
        reasoned = _with_its_reason(snapshot, cited)
        if reasoned is not None:  # "Yes." and the sentence that says what
            changed = True
            kept = [reasoned if c is cited else c for c in kept
                    if c is cited or c.start is None or c.end is None
                    or not reasoned.start <= c.start < (reasoned.end or 0)]
            continue
        after = _following(snapshot, cited, query)
        if after is None:
            continue
        for _ in range(MAX_HEADINGS_SKIPPED):  # a box's title, then its first question
            further = _following(snapshot, after, query)
            if further is None:
                break
            after = further
        after = _with_its_reason(snapshot, after) or after  # "Can I get a refund?" "Yes. ..."
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
    kept = [c for c in kept if not any(_inside(c, other) for other in kept)]
    return with_citations(answer, tuple(replace(c, n=n) for n, c in enumerate(kept, start=1)))


def _inside(quote: Citation, other: Citation) -> bool:
    """Does ``other`` quote all that ``quote`` quotes, and more ("Yes. The site was last
    inspected ..." holds "The site was last inspected ...")?"""
    if None in (quote.start, quote.end, other.start, other.end) \
            or quote.article_id != other.article_id:
        return False
    return other.start <= quote.start and quote.end <= other.end \
        and (other.start, other.end) != (quote.start, quote.end)


def _with_its_reason(snapshot: Snapshot, cited: Citation) -> Citation | None:
    """``cited`` with the sentence after it when it quotes only a reply ("Yes.", "CHIEF
    FIRE OFFICER ADEYEMI: No.", "Absolutely."), which answers nothing alone, and that
    sentence stands in the same paragraph; else None."""
    if cited.start is None or cited.article_id not in snapshot.articles \
            or not _REPLY.fullmatch(cited.quote.strip()):
        return None
    spans, here = quoted_sentences(snapshot, cited)
    passage = passage_at(snapshot, cited.article_id, cited.start)
    if not here or here[-1] + 1 >= len(spans) or passage is None \
            or spans[here[-1] + 1][1] > passage.end:
        return None
    found = citation_of(snapshot, cited.n, cited.article_id, cited.start,
                        spans[here[-1] + 1][1], None)
    return replace(found, score=cited.score) if found is not None else None


def _following(snapshot: Snapshot, cited: Citation, query: Query) -> Citation | None:
    """The citation of the sentence after ``cited`` when ``cited`` quotes only a question
    or a heading, or of the first sentence of the next paragraph when it quotes a
    questioner's words in a transcript ("REPORTER (BBC): Is the smoke toxic? ...",
    "Q: ..."); else None."""
    if cited.start is None or cited.article_id not in snapshot.articles:
        return None
    text = snapshot.articles[cited.article_id].text
    line = text.rfind("\n", 0, cited.start) + 1
    asked = _ASKER.match(text, line) is not None
    if not asked and not is_heading_or_question(cited.quote, cited.quote):
        return None  # cheap: most quotes are neither
    if not asked and _BULLET.match(text[line:cited.start + 1]):
        return None  # a list item ("- Height: 1.91m", quoted without its "- ")
    spans, here = quoted_sentences(snapshot, cited)
    passage = passage_at(snapshot, cited.article_id, cited.start)
    if not here or passage is None:
        return None
    if asked:
        after = next((i for i, (start, _) in enumerate(spans) if start >= passage.end), None)
    elif len(here) == 1 and is_heading_or_question(
            cited.quote, text[passage.start:passage.end]):
        after = here[0] + 1
    else:
        return None
    if after is None or after >= len(spans):
        return None
    start, end = spans[after]
    reply = passage_at(snapshot, cited.article_id, start)
    if asked and reply is not None and after + 1 < len(spans) \
            and spans[after + 1][1] <= reply.end:
        end = spans[after + 1][1]  # the reply's first two sentences ("It's a fair question.")
    found = citation_of(snapshot, cited.n, cited.article_id, start, end, None)
    if found is None:
        return None
    info = facts_of(snapshot, cited.article_id).sentence(text, start, end)
    span = span_in_quote(answer_entity(query, info, text), start, end)
    return replace(found, score=cited.score, answer_span=span)

