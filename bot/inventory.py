"""What the storage holds (the data folder, or the database), for ``footnote info``: each
library's articles and size.

Nothing here creates, seeds or changes a library; one that cannot be opened (another
model, damaged files) is listed with the sentence that says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.errors import FootnoteError

if TYPE_CHECKING:
    from bot.service import Footnote


@dataclass(frozen=True)
class LibrarySummary:
    """One library as ``footnote info`` shows it."""

    name: str
    articles: int | None
    """None when the library could not be opened (see ``problem``)."""
    passages: int | None
    bytes_on_disk: int
    problem: str | None = None


def library_summaries(app: Footnote) -> list[LibrarySummary]:
    """Every library the storage holds, by name."""
    summaries = []
    for name in app.storage.names():
        size = app.storage.size_of(name)
        try:
            articles = app.library(name, seed=False).articles()
        except FootnoteError as exc:
            summaries.append(LibrarySummary(name, None, None, size, str(exc)))
            continue
        passages = sum(a.passage_count for a in articles)
        summaries.append(LibrarySummary(name, len(articles), passages, size))
    return summaries
