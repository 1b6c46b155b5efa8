"""The articles every new library starts with, embedded and analysed once, then copied.

The first time seeding is needed, the files in ``seeds/`` are added (cleaned,
embedded, analysed) to a template library kept at ``<data dir>/seed-cache/<key>/``,
where the key is a hash of the seed files and the embedding model. Every library
seeded after that, in this process or a later one, gets copies of the template's
rows (text, passages, vectors, analyses): no new server costs an embedding.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.analysis import Analyser
from bot.embed import Encoder
from bot.errors import InputError
from bot.library import Library
from bot.models import Article, CleanDocument, PassageDraft
from bot.storage import ArticleRecord

log = logging.getLogger(__name__)

SEED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
TEMPLATE_NAME = "seeds"


def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed articles, in the order they are added."""
    if not seeds_dir.is_dir():
        return []
    return sorted(p for p in seeds_dir.glob("*") if p.suffix.lower() in SEED_SUFFIXES)


def as_document(record: ArticleRecord) -> CleanDocument:
    """A stored article as the cleaned document it was made from (for copying it)."""
    a: Article = record.article
    return CleanDocument(
        text=a.text, title=a.title, author=a.author, author_role=a.author_role,
        publication=a.publication, published=a.published, url=a.url, byline=a.byline,
        passages=tuple(PassageDraft(p.paragraph, p.start, p.end, p.sentences)
                       for p in record.passages),
        source=a.source,
    )


class SeedTemplate:
    """Seed articles embedded once (on disk) and copied into new libraries."""

    def __init__(
        self, seeds_dir: Path, cache_dir: Path, encoder: Encoder, analysers: Sequence[Analyser],
        add_path: Callable[[Library, Path], None],
    ) -> None:
        self.seeds_dir = seeds_dir
        self.cache_dir = cache_dir
        self.encoder = encoder
        self.analysers = tuple(analysers)
        self._add_path = add_path
        self._lock = threading.Lock()
        self._rows: list[tuple[ArticleRecord, dict[str, tuple[int, bytes]]]] | None = None

    def files(self) -> list[Path]:
        """The seed files."""
        return seed_files(self.seeds_dir)

    def _key(self, files: list[Path]) -> str:
        digest = hashlib.sha256(self.encoder.model_id.encode())
        for kind in sorted(f"{a.kind}:{a.version}" for a in self.analysers):
            digest.update(kind.encode())
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()[:20]

    def rows(
        self, progress: Callable[[str], None]
    ) -> list[tuple[ArticleRecord, dict[str, tuple[int, bytes]]]]:
        """The template's articles with vectors and analyses (built on first use)."""
        with self._lock:
            if self._rows is None:
                self._rows = self._load(progress)
            return self._rows

    def _load(
        self, progress: Callable[[str], None]
    ) -> list[tuple[ArticleRecord, dict[str, tuple[int, bytes]]]]:
        files = self.files()
        root = self.cache_dir / self._key(files)
        template = Library(TEMPLATE_NAME, root, self.encoder, analysers=self.analysers)
        try:
            if template.store.get_meta("complete") is None:
                for path in files:
                    progress(f"Preparing the seed article {path.name} (once)")
                    try:
                        self._add_path(template, path)
                    except InputError as exc:
                        log.warning("seed %s skipped: %s", path.name, exc)
                template.store.set_meta("complete", str(len(files)))
            with template.store.transaction():
                records = list(template.store.records(self.encoder.dim))
                rows = [(r, template.store.analyses_of(r.article.id)) for r in records]
        finally:
            template.close()
        for stale in self.cache_dir.glob("*"):  # templates of older seeds or models
            if stale != root and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        return rows

    def copy_into(self, lib: Library, progress: Callable[[str], None]) -> int:
        """Copy every template article into ``lib``; returns how many seed files there are."""
        for record, analyses in self.rows(progress):
            progress(f"First use of {lib.name!r}: adding {record.article.title!r} from seeds/")
            lib.add(
                as_document(record), title=record.article.title,
                content_hash=record.article.content_hash, actor="seed",
                vectors=(np.asarray(record.vectors), list(record.sentence_vectors)),
                analyses=analyses,
            )
        return len(self.files())
