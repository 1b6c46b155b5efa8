"""What someone said reads on: "what did Fodor say?" quotes his words, not half of them.

A question asking what someone said, thinks or told, answered with one sentence that has a
speaker, also quotes the next sentence in the article (across paragraphs) when the same
person says it, or the one before when the quoted sentence goes on with a quotation. News
puts a speaker's words in the paragraph after the one that introduces them: "Councillor
Martin Fodor ... said the city's recycling rate had been stuck at around 45 per cent [1]"
reads on to "“We cannot keep paying to burn and bury food ...,” he said. [2]".

"What did she say?" after an answer about someone (:func:`said_answer`) quotes what she
says that the previous answer did not show, her words in quotation marks first; asked again
(or "what else did she say?"), what she says next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.answering.citations import citation_of, with_citations
from bot.answering.followup import person_of
from bot.answering.more import article_sentences, quoted_sentences
from bot.answering.quotations import continues_a_quotation
from bot.answering.sentences import facts_of
from bot.conversation import Turn
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer, Citation

_VIEW = (r"think|thinks|reckon|reckons|believe|believes|expect|expects|predict|predicts|"
         r"fear|fears|doubt|doubts|hope|hopes|hoping|confident|optimistic|hopeful|worried|"
         r"concerned|sure|convinced")
"""Words of holding a view about something ("does she reckon", "is he confident")."""
_ASKS_SPEECH = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?(?:what|why)\b.*\b(?:say|said|says|think|thinks|tell|"
    r"told|worried|worries|concerned|afraid|scared)\b|\baccording\s+to\s+(?!the\s+"
    r"(?:article|story|report|text|piece)\b)", re.I)
"""A question asking what someone said ("what did the judge say", "what does the rcn
think of it", "what did the agents tell her", "what is the harbourmaster worried about"), or
why they said it ("why does he think the people might be different": the reason is in their
next words), or what is so according to them ("according to its spokesperson, what does the
company spend its money on"; not "according to the article"); not "did the boss say sorry",
nor "how do researchers tell one cat from another"."""
_ASKS_VIEW = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?(?:does|do|did|is|are|was|were)\s+(?:\w+\s+){1,6}?"
    rf"(?:{_VIEW})\b(?!\s+to\b)", re.I)
"""A question asking whether someone holds a view ("does the superintendent think it'll
stop teachers leaving", "is pauline confident in the flood defences"): the answer is in
their words, often the sentence after the one that names them; not "is the bridge sure to
reopen"."""


_QUOTE_MARKS = "\"“‘'"
"""Marks that open a quotation."""
_QUOTATION_MARKS = ('"', "“")
"""Marks around someone's own words (not an apostrophe)."""


_WHAT_THEY_SAID = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?what(?:\s+(?:else|more))?\s+(?:did|does|do|has|had)\s+"
    r"(?P<pronoun>he|she)\s+(?:say|said|tell|told|think|thought)"
    r"(?:\s+(?:then|next|after|later))?\W*$", re.I)
""""What did he say?" (or "what else did she say?") after an answer about someone, and
nothing more."""


def asks_what_was_said(question: str) -> bool:
    """Whether ``question`` asks what someone said, thinks or told (:data:`_ASKS_SPEECH`),
    or whether they hold a view (:data:`_ASKS_VIEW`)."""
    return _ASKS_SPEECH.search(question) is not None or _ASKS_VIEW.match(question) is not None


def speech_reads_on(question: str, snapshot: Snapshot, answer: Answer,
                    shown: Sequence[tuple[int, int]] = (), words: Sequence[str] = ()
                    ) -> Answer:
    """``answer`` with the same speaker's sentence beside its first quoted sentence, when
    ``question`` asks what someone said (:func:`asks_what_was_said`); else ``answer`` as
    it is. A neighbour in the same paragraph joins the quote; one in another paragraph is
    a second citation, in reading order. A neighbour within ``shown`` (article offsets the
    previous answer quoted) is not added.

    The speaker is the sentence's, or else the one person it names ("Sue Harrop was
    furious about the penalty decision." before '"...," she said.'). A second quote far
    from the first gives way to the speaker's next sentence, unless it is someone's words
    too and holds as many of ``words`` (the question's stems) as the first: then the
    question may be asking for those."""
    if answer.declined or not 1 <= len(answer.citations) <= 2 or \
            not asks_what_was_said(question):
        return answer
    cited = answer.citations[0]
    others = [(c.start, c.end) for c in answer.citations[1:]]
    if any(s is None for s, _ in others):
        return answer
    spans, inside = quoted_sentences(snapshot, cited)
    if len(inside) != 1 or cited.start is None:  # none, or already more than one sentence
        return answer
    text = snapshot.articles[cited.article_id].text
    facts = facts_of(snapshot, cited.article_id)
    if len(answer.citations) == 2 and _speaks(snapshot, answer.citations[1]) and \
            _naming(words, answer.citations[1]) >= _naming(words, cited):
        return answer  # the second quote is someone's words, named as closely as the first
    here = inside[0]
    info = facts.sentence(text, *spans[here])
    # who may speak next: the sentence's speaker, or else the one person it is about
    # ("Marshgate manager Sue Harrop was furious about the penalty decision." before
    # '"I still don't know what the referee has seen," she said.')
    if info.speaker is not None:
        speaker = info.speaker[0]
    else:
        people = facts.people(info)
        if len(people) != 1:
            return answer
        speaker = people[0]
    # the sentence before only when this one goes on with words already in quotation
    # marks ("“Nobody in this agency wants to see a child cry.”" after "..., Hale said."),
    # and first, whoever says it, when it opens the quotation this one closes
    opens_quote = text[cited.start : cited.start + 1] in _QUOTE_MARKS
    if opens_quote and _ASKS_SPEECH.search(question) is None:
        return answer  # "does raj patel think the fines will work": his own words say
    goes_on = here > 0 and not others and continues_a_quotation(
        text[slice(*spans[here - 1])], text[cited.start : cited.end])
    # (with a second citation already, only the next: the answer's first quote stays first)
    for there in (here - 1,) if goes_on else (
            (here + 1, here - 1) if opens_quote and not others else (here + 1,)):
        if not 0 <= there < len(spans) or any(s <= spans[there][0] < e for s, e in shown):
            continue
        if any(s <= spans[there][0] < e for s, e in others):
            return answer  # already quoted, as the second citation
        other = facts.sentence(text, *spans[there]).speaker
        if not goes_on and (other is None or other[0] != speaker):
            continue
        beside = citation_of(snapshot, 2, cited.article_id, *spans[there], None)
        if beside is None:
            continue
        return with_beside(answer, cited, beside, text)
    return answer


def _speaks(snapshot: Snapshot, cited: Citation) -> bool:
    """Whether a sentence of ``cited`` has a speaker (someone says it)."""
    spans, inside = quoted_sentences(snapshot, cited)
    text = snapshot.articles[cited.article_id].text
    facts = facts_of(snapshot, cited.article_id)
    return any(facts.sentence(text, *spans[i]).speaker is not None for i in inside)


def _naming(words: Sequence[str], cited: Citation) -> int:
    """How many of ``words`` (stems) ``cited``'s quote holds."""
    return len(set(words) & set(tokenize(cited.quote)))


def with_beside(answer: Answer, cited: Citation, beside: Citation, text: str) -> Answer:
    """``answer`` (its text the quotes alone, as built) quoting ``beside`` too: in one
    quote with ``cited`` when they share a paragraph, else as its own citation; both in
    reading order."""
    first, second = sorted((cited, beside), key=lambda c: c.start or 0)
    if cited.paragraph == beside.paragraph:
        start, end = first.start or 0, second.end or 0
        span = cited.answer_span
        if span is not None:
            shift = (cited.start or 0) - start
            span = (span[0] + shift, span[1] + shift)
        citations: tuple[Citation, ...] = (
            replace(cited, quote=text[start:end], start=start, end=end, answer_span=span),)
    else:
        citations = (replace(first, n=1), replace(second, n=2, score=cited.score))
    return with_citations(answer, citations)


def said_answer(question: str, snapshot: Snapshot, turn: Turn) -> Answer | None:
    """"What did she say?" after an answer about someone: the first sentence she speaks in
    her article that the previous answer did not quote, one in quotation marks first, and
    her next one (:func:`speech_reads_on`), cited; when the previous answer already quoted
    her ("what else did she say?", or the same question again), the first she speaks after
    the last of those, so that asking on reads her on. None when the question is not only
    that, the pronoun fits nobody the previous answer is about, or they never speak."""
    asked = _WHAT_THEY_SAID.match(question)
    if asked is None:
        return None
    found = person_of(snapshot, turn, asked["pronoun"])
    if found is None:
        return None
    article_id, facts, index = found
    text = snapshot.articles[article_id].text
    shown = [(q.start, q.end) for q in turn.quoted if q.article_id == article_id]
    spoken = [(start, end) for start, end in article_sentences(snapshot, article_id)
              if (speaker := facts.sentence(text, start, end).speaker) is not None
              and speaker[0] == index]
    theirs = [(start, end) for start, end in spoken if not any(s <= start < e for s, e in shown)]
    heard = [end for start, end in spoken if any(s <= start < e for s, e in shown)]
    later = [(start, end) for start, end in theirs if heard and start >= max(heard)]
    quoting = [(start, end) for start, end in theirs
               if any(mark in text[start:end] for mark in _QUOTATION_MARKS)]
    # asked again after their words were quoted: what they say next, in reading order;
    # else their own words (in quotation marks) first
    for start, end in later or quoting + theirs:
        cited = citation_of(snapshot, 1, article_id, start, end, None)
        if cited is None:
            continue
        said = Answer(question, f"{cited.quote} [1]", declined=False, citations=(cited,),
                      confidence=1.0)
        return speech_reads_on(question, snapshot, said, shown)
    return None
