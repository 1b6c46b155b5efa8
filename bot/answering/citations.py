"""A citation of any span of an article: its paragraph found from the snapshot's passages."""

from __future__ import annotations

from bot.library import Snapshot
from bot.models import Citation


def citation_of(snapshot: Snapshot, n: int, article_id: int, start: int, end: int,
                mark: tuple[int, int] | None) -> Citation | None:
    """A citation of ``text[start:end]``, with ``mark`` (article offsets) as its span."""
    article = snapshot.articles[article_id]
    paragraph = None
    for row in snapshot.article_rows(article_id):
        passage = snapshot.passages[int(row)]
        if passage.start <= start < passage.end:
            paragraph = passage.paragraph
    if paragraph is None:
        return None
    span = (mark[0] - start, mark[1] - start) if mark and start <= mark[0] < mark[1] <= end \
        else None
    return Citation(
        n=n, article_id=article_id, title=article.title, paragraph=paragraph,
        quote=article.text[start:end], url=article.url, score=1.0, start=start, end=end,
        answer_span=span,
    )
