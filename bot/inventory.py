"""What is in the data folder, for ``footnote info``: each library's articles and size.

Nothing here creates, seeds or changes a library; one that cannot be opened (another
model, damaged files) is listed with the sentence that says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.errors import FootnoteError
from bot.library import LIBRARY_NAME

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
    """Every library folder under the data folder, by name."""
    root = app.settings.data_dir / "libraries"
    if not root.is_dir():
        return []
    summaries = []
    for folder in sorted(root.iterdir()):
        if not (LIBRARY_NAME.match(folder.name) and (folder / "library.sqlite3").is_file()):
            continue
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        try:
            articles = app.library(folder.name, seed=False).articles()
        except FootnoteError as exc:
            summaries.append(LibrarySummary(folder.name, None, None, size, str(exc)))
            continue
        passages = sum(a.passage_count for a in articles)
        summaries.append(LibrarySummary(folder.name, len(articles), passages, size))
    return summaries
