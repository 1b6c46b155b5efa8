"""A citation of any span of an article: its paragraph found from the snapshot's passages."""

from __future__ import annotations

from dataclasses import replace

from bot.library import Snapshot
from bot.models import Answer, Citation, Passage


def passage_at(snapshot: Snapshot, article_id: int, offset: int) -> Passage | None:
    """The passage of ``article_id`` holding article offset ``offset`` (the last, should
    two), or None."""
    found = None
    for row in snapshot.article_rows(article_id):
        passage = snapshot.passages[int(row)]
        if passage.start <= offset < passage.end:
            found = passage
    return found


def citation_of(snapshot: Snapshot, n: int, article_id: int, start: int, end: int,
                mark: tuple[int, int] | None) -> Citation | None:
    """A citation of ``text[start:end]``, with ``mark`` (article offsets) as its span."""
    article = snapshot.articles[article_id]
    passage = passage_at(snapshot, article_id, start)
    if passage is None:
        return None
    paragraph = passage.paragraph
    span = (mark[0] - start, mark[1] - start) if mark and start <= mark[0] < mark[1] <= end \
        else None
    return Citation(
        n=n, article_id=article_id, title=article.title, paragraph=paragraph,
        quote=article.text[start:end], url=article.url, score=1.0, start=start, end=end,
        answer_span=span,
    )


def with_citations(answer: Answer, citations: tuple[Citation, ...]) -> Answer:
    """``answer`` quoting ``citations``, its text their quotes alone, each with its
    footnote number (as :func:`bot.answer.build_answer` words an answer)."""
    return replace(answer, text=" ".join(f"{c.quote} [{c.n}]" for c in citations),
                   citations=citations)
