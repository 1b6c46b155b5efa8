"""A citation of any span of an article: its paragraph found from the snapshot's passages."""

from __future__ import annotations

from dataclasses import replace

from bot.library import Snapshot
from bot.models import Answer, Article, Citation, Passage


def passage_at(snapshot: Snapshot, article_id: int, offset: int) -> Passage | None:
    """The passage of ``article_id`` holding article offset ``offset`` (the last, should
    two), or None."""
    found = None
    for row in snapshot.article_rows(article_id):
        passage = snapshot.passages[int(row)]
        if passage.start <= offset < passage.end:
            found = passage
    return found


def quoting(article: Article, n: int, start: int, end: int, paragraph: int, *,
            span: tuple[int, int] | None = None, score: float = 1.0) -> Citation:
    """Citation ``[n]`` quoting ``article.text[start:end]``, in ``paragraph`` (0: the
    header), with ``span`` (offsets into the quote) marked."""
    return Citation(
        n=n, article_id=article.id, title=article.title, paragraph=paragraph,
        quote=article.text[start:end], url=article.url, score=score, start=start, end=end,
        answer_span=span,
    )


def citation_of(snapshot: Snapshot, n: int, article_id: int, start: int, end: int,
                mark: tuple[int, int] | None) -> Citation | None:
    """A citation of ``text[start:end]``, with ``mark`` (article offsets) as its span."""
    passage = passage_at(snapshot, article_id, start)
    if passage is None:
        return None
    span = (mark[0] - start, mark[1] - start) if mark and start <= mark[0] < mark[1] <= end \
        else None
    return quoting(snapshot.articles[article_id], n, start, end, passage.paragraph, span=span)


def with_citations(answer: Answer, citations: tuple[Citation, ...]) -> Answer:
    """``answer`` quoting ``citations``, its text their quotes alone, each with its
    footnote number (as :func:`bot.answer.build_answer` words an answer)."""
    return replace(answer, text=" ".join(f"{c.quote} [{c.n}]" for c in citations),
                   citations=citations)
