"""One library of articles on disk: SQLite store, FAISS file and manifest, kept in step.

Layout of ``<data_dir>/libraries/<name>/``:

- ``library.sqlite3``: articles, passages and their vectors (the source of truth);
- ``vectors.faiss``: the FAISS index of passage vectors, keyed by passage id;
- ``manifest.json``: the model and dimension the vectors come from, and the
  store generation the FAISS file was written at.

A write commits to SQLite first (one transaction), then rewrites the FAISS
file and the manifest, each by rename. If the process dies in between, the
next open sees that the manifest's generation is behind the store's and
rebuilds the FAISS file from the vectors stored in SQLite: nothing is lost and
nothing is half-present. A damaged FAISS file or a manifest written for
another model is refused with a sentence that says how to rebuild.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.analysis import Analyser, ArticleSource, decode_result, encode_result, run_analysers
from bot.embed import Encoder
from bot.errors import InputError, LibraryError, NotFoundError
from bot.lexical import LexicalIndex, tokenize
from bot.models import Article, CleanDocument, Passage
from bot.store import LibraryStore, StoredVectors
from bot.vectors import FaissIndex

log = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
LIBRARY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """A progress callback that says nothing."""


def check_library_name(name: str) -> str:
    """Return ``name`` if it is a valid library name (it becomes a folder name)."""
    if not LIBRARY_NAME.match(name):
        raise LibraryError(
            f"{name!r} is not a valid library name: use 1-64 lower-case letters, digits, "
            "'-' or '_', starting with a letter or digit."
        )
    return name


@contextlib.contextmanager
def _readable_store(name: str, path: Path) -> Iterator[None]:
    """Turn SQLite's "this file is damaged" into a sentence that says what to do."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") not in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            raise  # locked, full disk...: not damage
        raise LibraryError(
            f"The database of library {name!r} ({path}) is damaged ({exc}). Restore "
            "library.sqlite3 from a backup: it holds the articles themselves, so "
            "`footnote reindex` cannot rebuild it."
        ) from exc


@dataclass(frozen=True)
class Snapshot:
    """An immutable view of the library that searches run against.

    Readers (retrieval, answers, the quiz) use its methods, not its fields: how the
    vectors are held (in FAISS, in NumPy, memory-mapped) is the library's business.
    """

    generation: int
    articles: dict[int, Article]
    passages: list[Passage]
    vectors: np.ndarray
    sentence_vectors: list[np.ndarray]
    dense: FaissIndex
    lexical: LexicalIndex
    position: dict[int, int] = field(default_factory=dict)
    """Passage id -> row in ``passages`` / ``vectors``."""
    analyse: Callable[[int, Analyser], Any] | None = None
    """Reads (or computes once and stores) one analysis of an article."""
    _words: dict[int, frozenset[str]] = field(default_factory=dict)
    _rows: dict[int, np.ndarray] = field(default_factory=dict)
    _analyses: dict[tuple[int, str], Any] = field(default_factory=dict)

    def article_words(self, article_id: int) -> frozenset[str]:
        """The content-word stems of one article (computed once per snapshot)."""
        words = self._words.get(article_id)
        if words is None:
            words = frozenset(tokenize(self.articles[article_id].text))
            self._words[article_id] = words
        return words

    def passage_vectors(self, rows: np.ndarray) -> np.ndarray:
        """The unit vectors of the passages at ``rows`` (one row each)."""
        return self.vectors[rows]

    def sentence_matrix(self, row: int) -> np.ndarray:
        """The unit vectors of the sentences of the passage at ``row``, in order."""
        return self.sentence_vectors[row]

    def dense_search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` passages nearest to ``query``: ``(scores, rows)``, best first."""
        scores, ids = self.dense.search(query, k)
        return scores, np.array([self.position[int(i)] for i in ids], dtype=np.int64)

    def article_rows(self, article_id: int) -> np.ndarray:
        """The rows of one article's passages, in order (empty for an unknown article)."""
        rows = self._rows.get(article_id)
        if rows is None:
            rows = np.array(
                [i for i, p in enumerate(self.passages) if p.article_id == article_id],
                dtype=np.int64,
            )
            self._rows[article_id] = rows
        return rows

    def analysis(self, article_id: int, analyser: Analyser) -> Any:
        """The stored result of ``analyser`` for one article (done once, then kept)."""
        key = (article_id, analyser.kind)
        if key not in self._analyses:
            if self.analyse is None:
                raise LookupError("this snapshot has no analyses")
            self._analyses[key] = self.analyse(article_id, analyser)
        return self._analyses[key]


@dataclass(frozen=True)
class AddResult:
    """What adding an article did."""

    article: Article
    status: str
    """"added", "replaced" (same URL, new content) or "duplicate" (nothing changed)."""
    notes: tuple[str, ...] = ()
    """What reading the input involved that is worth telling ("decoded as Windows-1252")."""


class Library:
    """One named library: open it, search its snapshot, add and remove articles."""

    def __init__(
        self, name: str, root: Path, encoder: Encoder, *, check_model: bool = True,
        analysers: Sequence[Analyser] = (),
    ) -> None:
        self.name = check_library_name(name)
        self.root = root
        self.encoder = encoder
        self.analysers = tuple(analysers)
        """Run on every article as it is added; their results are stored with it."""
        with _readable_store(self.name, root / "library.sqlite3"):
            self.store = LibraryStore(root / "library.sqlite3")
        self._faiss_path = root / "vectors.faiss"
        self._manifest_path = root / "manifest.json"
        self._write_lock = threading.Lock()
        self._snap_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._remove_stale_temp_files()
        if check_model:  # reindex opens without the check: it is the cure
            with _readable_store(self.name, self.store.path):
                self._check_model()

    def _remove_stale_temp_files(self, older_than: float = 600.0) -> None:
        """Delete temporary index files a killed writer left behind (old ones only:
        a live writer in another process may be using a fresh one)."""
        now = time.time()
        for pattern in (".vectors-*.tmp", ".manifest-*"):
            for path in self.root.glob(pattern):
                try:
                    if now - path.stat().st_mtime > older_than:
                        path.unlink()
                except OSError:
                    pass

    # opening ----------------------------------------------------------------
    def _check_model(self) -> None:
        stored = self.store.get_meta("model_id")
        manifest = self._read_manifest()
        if stored is None and self.store.generation() == 0:
            self.store.set_meta("model_id", self.encoder.model_id)
            self.store.set_meta("dim", str(self.encoder.dim))
            return
        in_manifest = (manifest or {}).get("model_id")
        for source, model in (("store", stored), ("manifest", in_manifest)):
            if model is not None and model != self.encoder.model_id:
                raise LibraryError(
                    f"Library {self.name!r} was built with the embedding model {model!r} "
                    f"({source}), but Footnote is set to use {self.encoder.model_id!r}. "
                    f"Run `footnote reindex --library {self.name}` to re-embed it with the "
                    f"current model, or set FOOTNOTE_MODEL back to {model!r}."
                )

    def _read_manifest(self) -> dict[str, object] | None:
        if not self._manifest_path.exists():
            return None
        try:
            data = json.loads(self._manifest_path.read_text("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return data
        except (OSError, ValueError) as exc:
            raise LibraryError(
                f"The manifest of library {self.name!r} ({self._manifest_path}) is damaged "
                f"({exc}). Run `footnote reindex --library {self.name}` to rebuild it."
            ) from exc

    def snapshot(self) -> Snapshot:
        """The current searchable view, reloaded if the store changed (even from elsewhere)."""
        generation = self.store.generation()
        snap = self._snapshot
        if snap is not None and snap.generation == generation:
            return snap
        with self._snap_lock:
            snap = self._snapshot
            if snap is None or snap.generation != self.store.generation():
                with _readable_store(self.name, self.store.path):
                    snap = self._load_snapshot()
                self._snapshot = snap
            return snap

    def _load_snapshot(self) -> Snapshot:
        stored = self.store.load_vectors(self.encoder.dim)
        generation = stored.generation  # read with the passages: they agree
        manifest = self._read_manifest()
        ids = np.array([p.id for p in stored.passages], dtype=np.int64)
        dense: FaissIndex | None = None
        if (
            manifest is not None and manifest.get("generation") == generation
            and self._faiss_path.exists()  # deleted: nothing to distrust, rebuild it below
        ):
            dense = self._load_faiss(ids)
        if dense is None:
            if generation > 0:
                log.info("library %s: rebuilding vectors.faiss from the store", self.name)
            dense = self._rebuild_index(stored)
        return self._make_snapshot(generation, stored, dense)

    def _rebuild_index(self, stored: StoredVectors) -> FaissIndex:
        """A FAISS index of the stored vectors, written to disk with its manifest."""
        ids = np.array([p.id for p in stored.passages], dtype=np.int64)
        dense = FaissIndex.build(ids, stored.vectors)
        self._write_index(dense, stored.generation, len(ids))
        return dense

    def _load_faiss(self, ids: np.ndarray) -> FaissIndex | None:
        """The FAISS file, None when it holds other passages (stale), or LibraryError."""
        problem = None
        try:
            dense = FaissIndex.load(self._faiss_path)
            if dense.dim != self.encoder.dim:
                problem = f"vectors of width {dense.dim}, expected {self.encoder.dim}"
            elif not np.array_equal(dense.ids(), ids):
                # Another process rewrote the file between our reading the manifest and
                # the file (they are two renames, not one): stale, not damaged. The
                # store is the truth, so rebuild from it.
                log.info("library %s: vectors.faiss holds %d vectors, the store %d passages;"
                         " rebuilding", self.name, len(dense), len(ids))
                return None
        except (RuntimeError, OSError, MemoryError) as exc:
            # FAISS's own text names C++ functions: log it, tell the person what it means
            log.warning("library %s: cannot read %s: %s", self.name, self._faiss_path, exc)
            problem = "it is cut short or overwritten, so it cannot be read"
        if problem is not None:
            raise LibraryError(
                f"The vector index of library {self.name!r} ({self._faiss_path}) is damaged: "
                f"{problem}. Run `footnote reindex --library {self.name}` to rebuild it from "
                "the stored passages."
            )
        return dense

    def _make_snapshot(
        self, generation: int, stored: StoredVectors, dense: FaissIndex
    ) -> Snapshot:
        articles = {a.id: a for a in stored.articles}
        return Snapshot(
            generation=generation, articles=articles, passages=stored.passages,
            vectors=stored.vectors, sentence_vectors=stored.sentence_vectors, dense=dense,
            lexical=LexicalIndex([p.text for p in stored.passages]),
            position={p.id: i for i, p in enumerate(stored.passages)},
            analyse=self.analysis,
        )

    def _write_index(self, dense: FaissIndex, generation: int, count: int) -> None:
        dense.save(self._faiss_path)
        manifest = {
            "format": MANIFEST_FORMAT, "model_id": self.encoder.model_id, "dim": self.encoder.dim,
            "generation": generation, "passages": count, "library": self.name,
        }
        fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=self.root)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._manifest_path)

    def _refresh(self) -> Snapshot:
        """Rebuild the snapshot and the FAISS file after a change made under the write lock."""
        stored = self.store.load_vectors(self.encoder.dim)
        snap = self._make_snapshot(stored.generation, stored, self._rebuild_index(stored))
        with self._snap_lock:
            self._snapshot = snap
        return snap

    # reading ------------------------------------------------------------------
    def articles(self) -> list[Article]:
        """All articles, oldest first."""
        return self.store.articles()

    def article(self, article_id: int) -> Article:
        """One article, or :class:`NotFoundError` naming the id."""
        in_range = -(2**63) <= article_id < 2**63  # SQLite cannot even look up a bigger one
        found = self.store.article(article_id) if in_range else None
        if found is None:
            raise NotFoundError(
                f"There is no article {article_id} in this library. "
                "`footnote list` (or /article list) shows the ids."
            )
        return found

    def passages_of(self, article_id: int) -> list[Passage]:
        """The passages of one article, in order (read from the store: no index is loaded)."""
        try:
            return self.store.passages_for(self.article(article_id))
        except NotFoundError:
            return []

    def analysis(self, article_id: int, analyser: Analyser) -> Any:
        """One analysis of a stored article: read back, or (first use of this analyser
        or of a new version of it) computed from the stored article and kept."""
        stored = self.store.analysis(article_id, analyser.kind)
        if stored is not None and stored[0] == analyser.version:
            return decode_result(stored[1])
        article = self.article(article_id)
        source = ArticleSource(article.text, article.title, self.store.passages_for(article))
        value = analyser.run(source)
        self.store.set_analysis(article_id, analyser.kind, analyser.version, encode_result(value))
        return value

    # writing ------------------------------------------------------------------
    def embed_document(self, doc: CleanDocument) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors and, per passage, its sentence vectors (one encoder call)."""
        texts = [doc.text[p.start : p.end] for p in doc.passages]
        sentences = [doc.text[a:b] for p in doc.passages for a, b in p.sentences]
        matrix = self.encoder.encode(texts + sentences)
        passage_vecs = matrix[: len(texts)]
        per_passage: list[np.ndarray] = []
        row = len(texts)
        for p in doc.passages:
            per_passage.append(matrix[row : row + len(p.sentences)])
            row += len(p.sentences)
        return passage_vecs, per_passage

    def add(
        self, doc: CleanDocument, *, title: str, content_hash: str, actor: str | None = None,
        progress: Progress = quiet, replace_id: int | None = None,
        vectors: tuple[np.ndarray, list[np.ndarray]] | None = None,
        added: tuple[str, str | None] | None = None,
    ) -> AddResult:
        """Store a cleaned article.

        The same content twice is reported as a duplicate and changes nothing. An
        article from a URL already in the library replaces that article in place
        (same id), as does any article given with ``replace_id``. An import passes
        the article's ``vectors`` (passage and sentence vectors from this model) when
        it has them, and its original ``added`` (added_at, added_by).
        """
        if replace_id is not None:
            self.article(replace_id)  # NotFoundError before the slow part
        duplicate = self.store.find_by_hash(content_hash)
        if duplicate is not None:
            return AddResult(duplicate, "duplicate")
        if vectors is None:
            progress(f"Embedding {len(doc.passages)} passages")
            vectors = self.embed_document(doc)
        passage_vectors, sentence_vectors = vectors
        if self.analysers:
            progress("Analysing the text")
        analyses = run_analysers(self.analysers, ArticleSource(doc.text, title, doc.passages))
        with self._write_lock:
            duplicate = self.store.find_by_hash(content_hash)
            if duplicate is not None:
                return AddResult(duplicate, "duplicate")
            if replace_id is None and doc.url:
                same_url = self.store.find_by_url(doc.url)
                replace_id = same_url.id if same_url else None
            elif replace_id is not None:
                self.article(replace_id)  # removed meanwhile?
            if replace_id is not None and doc.url:
                owner = self.store.find_by_url(doc.url)
                if owner is not None and owner.id != replace_id:  # URLs are unique
                    raise InputError(
                        f"Article {owner.id} ({owner.title}) already comes from {doc.url}; "
                        f"replace or remove that article instead."
                    )
            progress("Saving")
            try:
                article_id = self.store.put_article(
                    doc, title=title, content_hash=content_hash, vectors=passage_vectors,
                    sentence_vectors=sentence_vectors, actor=actor, replace_id=replace_id,
                    analyses=analyses, added=added,
                )
            except sqlite3.IntegrityError as exc:
                # another process stored the same content or URL a moment ago
                duplicate = self.store.find_by_hash(content_hash)
                if duplicate is not None:
                    return AddResult(duplicate, "duplicate")
                raise InputError(
                    "Another article with this URL was added at the same moment; "
                    "try again to replace it."
                ) from exc
            self._refresh()
        return AddResult(
            self.article(article_id), "added" if replace_id is None else "replaced", doc.notes
        )

    def append_audit(self, entries: list[dict[str, object]]) -> None:
        """Keep past audit entries as they are (an imported library's history)."""
        self.store.append_audit(entries)

    def remove(self, article_id: int, *, actor: str | None = None) -> Article:
        """Remove an article; returns what was removed."""
        with self._write_lock:
            article = self.article(article_id)
            self.store.delete_article(article_id, actor=actor)
            self._refresh()
        return article

    def reindex(self, progress: Progress = quiet) -> int:
        """Re-embed every stored passage with the current model and rebuild the index.

        Works on a library built with another model and on a damaged FAISS file;
        returns how many passages were embedded.
        """
        with self._write_lock:
            updates: dict[int, tuple[np.ndarray, np.ndarray]] = {}
            for article in self.store.articles():
                doc_passages = self.store.passages_for(article)
                if not doc_passages:
                    continue
                progress(f"Embedding {article.title[:60]!r}")
                texts = [p.text for p in doc_passages]
                sentences = [article.text[a:b] for p in doc_passages for a, b in p.sentences]
                matrix = self.encoder.encode(texts + sentences)
                row = len(texts)
                for i, p in enumerate(doc_passages):
                    updates[p.id] = (matrix[i], matrix[row : row + len(p.sentences)])
                    row += len(p.sentences)
            self.store.replace_all_vectors(updates, self.encoder.model_id, self.encoder.dim)
            self._refresh()
        return len(updates)
