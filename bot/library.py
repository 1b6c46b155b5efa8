"""One library: its store (the truth), its in-memory snapshot, and its index file.

The store (:mod:`bot.storage`) holds articles, passages and vectors. In memory,
:class:`bot.snapshot.Snapshot` holds what searches need, kept up to date
incrementally: after any change, this process (or any other that holds the
library) reads the store's change log since its snapshot's generation and loads
only the articles named there; a full reload happens only when the log does not
reach back (or after a reindex).

The index file (:mod:`bot.index_file`) holds the dense index of the snapshot's
first (largest) segment; opening a library loads it instead of re-indexing those
passages, and it is rewritten only when that segment is rebuilt.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.allocator import release_free_memory, settle_long_lived, unsettle
from bot.analysis import Analyser, ArticleSource, run_analysers
from bot.embed import Encoder
from bot.errors import InputError, LibraryError, NotFoundError, StorageError
from bot.index_file import IndexFile
from bot.lexical import Vocabulary
from bot.models import Article, CleanDocument, Passage
from bot.segments import Segment, compact, needs_graph, with_graph
from bot.settings import STOCK_MODEL, TUNED_MODEL
from bot.snapshot import Snapshot
from bot.storage import LibraryStore, StoreConflict
from bot.storage.base import STORE_IDS
from bot.tuning import SETTLE_ARTICLES
from bot.vectors import ensure_threads

log = logging.getLogger(__name__)
_STALE = object()
"""What :meth:`Library._current` returns for an analysis to redo (a decoded one may be
anything, None included)."""

__all__ = ["AddResult", "Library", "Snapshot", "bundled_family", "check_library_name", "quiet"]


def bundled_family(model_id: str) -> bool:
    """Whether ``model_id`` is the bundled model, stock or tuned by any shipped delta:
    a library moves between these by itself (re-embedded once when opened), since
    Footnote ships them and an upgrade should not leave every library unreadable."""
    return model_id == STOCK_MODEL or model_id.startswith(TUNED_MODEL + "-")


EXACT_LIMIT = 32_768
"""Passages a segment may hold and still be searched exactly: about 2 ms here for one
query (FAISS flat, 1 thread, 384 wide); bigger segments get an HNSW graph."""
LIBRARY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
EPOCH_KEY = "vectors_epoch"
"""Meta key that changes whenever stored vectors change other than by adding (reindex)."""

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


@dataclass(frozen=True)
class AddResult:
    """What adding an article did."""

    article: Article
    status: str
    """"added", "replaced" (same URL, new content) or "duplicate" (nothing changed)."""
    notes: tuple[str, ...] = ()
    """What reading the input involved that is worth telling ("decoded as Windows-1252")."""


SAVED_NOT_LOADED = ("It is saved, but the database stopped answering before Footnote could "
                    "load it; answers will use it once the database is back.")
"""The note of an add whose commit went through and whose reload did not."""


class Library:
    """One named library: open it, search its snapshot, add and remove articles."""

    def __init__(
        self, name: str, root: Path, encoder: Encoder, *, check_model: bool = True,
        analysers: Sequence[Analyser] = (), store: LibraryStore | None = None,
        exact_limit: int = EXACT_LIMIT,
    ) -> None:
        self.name = check_library_name(name)
        self.root = root
        self.encoder = encoder
        self.exact_limit = exact_limit
        self.analysers = tuple(analysers)
        """Run on every article as it is added; their results are stored with it."""
        if store is None:
            from bot.storage.sqlite import SQLiteLibraryStore

            store = SQLiteLibraryStore(root / "library.sqlite3", self.name)
        self.store = store
        self.index_file = IndexFile(root, self.name)
        self._write_lock = threading.Lock()
        self._snap_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._graphs: threading.Thread | None = None
        """Builds the graphs of segments merged past the exact limit, while there are any."""
        self._graphs_done = threading.Event()
        self._settled = False
        """Whether loading this library froze the objects alive out of full GC passes."""
        self._vocabulary = Vocabulary()
        ensure_threads()
        self.root.mkdir(parents=True, exist_ok=True)
        self.index_file.remove_stale_temp_files()
        if check_model:  # reindex opens without the check: it is the cure
            self._check_model()

    def close(self) -> None:
        """Forget the in-memory index and release the store's connections."""
        with self._snap_lock:
            self._snapshot = None
            if self._settled:  # the next full pass may collect what it held
                self._settled = False
                unsettle()
        self.store.close()

    # opening ----------------------------------------------------------------
    def _check_model(self) -> None:
        stored = self.store.get_meta("model_id")
        manifest = self.index_file.read_manifest()
        if stored is None and self.store.generation() == 0:
            with self.store.transaction(write=True):
                self.store.set_meta("model_id", self.encoder.model_id)
                self.store.set_meta("dim", str(self.encoder.dim))
                self.store.set_meta(EPOCH_KEY, uuid.uuid4().hex)
            return
        if self.store.get_meta(EPOCH_KEY) is None:  # a library from before epochs
            self.store.set_meta(EPOCH_KEY, uuid.uuid4().hex)
        in_manifest = (manifest or {}).get("model_id")
        if any(m is not None and m != self.encoder.model_id for m in (stored, in_manifest)) and (
                all(m is None or bundled_family(m) for m in (stored, in_manifest))
                and bundled_family(self.encoder.model_id)):
            # an upgrade between the bundled model's versions: the texts are all here
            log.warning("Library %r was embedded with %s; re-embedding it once with %s.",
                        self.name, stored or in_manifest, self.encoder.model_id)
            self.reindex()
            return
        for source, model in (("store", stored), ("manifest", in_manifest)):
            if model is not None and model != self.encoder.model_id:
                raise LibraryError(
                    f"Library {self.name!r} was built with the embedding model {model!r} "
                    f"({source}), but Footnote is set to use {self.encoder.model_id!r}. "
                    f"Run `footnote reindex --library {self.name}` to re-embed it with the "
                    f"current model, or set FOOTNOTE_MODEL back to {model!r}."
                )

    def snapshot(self) -> Snapshot:
        """The current searchable view, caught up with the store (even changes made by
        other processes). While another thread is applying a change, the previous
        snapshot is returned rather than waiting: it is whole and consistent."""
        snap = self._snapshot
        if snap is not None:
            known = self.store.known_generation()  # heard of: no query (PostgreSQL)
            if snap.generation == (self.store.generation() if known is None else known):
                return snap
        if not self._snap_lock.acquire(blocking=snap is None):
            return snap  # type: ignore[return-value]
        try:
            return self._catch_up()
        finally:
            self._snap_lock.release()

    def catch_up(self) -> None:
        """Bring a loaded snapshot up to date now (another process changed the library);
        one not loaded (or closed meanwhile) stays so."""
        if self._snapshot is not None:
            self.snapshot()

    def _catch_up(self, *, use_file: bool = True) -> Snapshot:
        """Apply the store's changes since our snapshot (the caller holds the snapshot lock).

        Without ``use_file`` a full load ignores the index file (a reindex rewrites it)."""
        snap = self._snapshot
        dim = self.encoder.dim
        base = None
        with self.store.transaction():
            changes = None if snap is None else self.store.changes_since(snap.generation)
            if snap is not None and changes is not None:
                if changes.generation == snap.generation:
                    return snap
                records = list(self.store.records(dim, sorted(changes.article_ids)))
                # a merge past the exact limit is searched exactly until its graph is
                # built in the background: the change itself does not wait for it
                fresh = snap.changed(changes.generation, records, changes.article_ids,
                                     graph=False)
            else:
                fresh, base = self._load(use_file)
        self._snapshot = fresh
        first = fresh.segments[0] if fresh.segments else None
        if snap is None:  # loaded: write the file unless it was used as it is
            stale = base is None or (first is not None and first.dense is not base.dense)
            release_free_memory()  # what reading the store briefly used
            if len(fresh.articles) >= SETTLE_ARTICLES:
                settle_long_lived()
                self._settled = True
        else:  # caught up: the first segment was rebuilt
            stale = first is not (snap.segments[0] if snap.segments else None)
        if any(needs_graph(s, self.exact_limit) for s in fresh.segments):
            stale = stale and not needs_graph(fresh.segments[0], self.exact_limit)
            if self._graphs is None:  # (the builder writes the files when it is done)
                self._graphs = threading.Thread(target=self._build_graphs, daemon=True,
                                                name=f"graphs-{self.name}")
                self._graphs.start()
        return self._write_index(fresh) if stale else fresh

    def _write_index(self, snap: Snapshot) -> Snapshot:
        """Write the first segment of ``snap`` (the current snapshot) to the index files;
        returns the snapshot searching the copy mapped from them (the caller holds the
        snapshot lock)."""
        mapped = self.index_file.write(snap, model_id=self.encoder.model_id,
                                       dim=self.encoder.dim, epoch=self.store.get_meta(EPOCH_KEY))
        if mapped is not None:  # searched from the file from now on, not from RAM
            snap = self._snapshot = snap.with_segment(0, mapped)
            release_free_memory()
        return snap

    def _build_graphs(self) -> None:
        """In the background: build the graph of each segment merged past the exact limit,
        then swap it into the snapshot of the moment (if that segment is still in it)."""
        while True:
            with self._snap_lock:
                snap = self._snapshot
                seen = None if snap is None else snap.generation
                pending = [] if snap is None else [
                    s for s in snap.segments if needs_graph(s, self.exact_limit)]
                if not pending:
                    self._graphs = None
                    self._graphs_done.set()
                    return
            try:
                built = with_graph(pending[0])
            except Exception:  # the segment stays searched exactly: slower, still right
                log.exception("library %s: building a search graph failed", self.name)
                with self._snap_lock:
                    self._graphs = None
                    self._graphs_done.set()
                return
            with self._snap_lock:
                snap = self._snapshot
                at = next((i for i, s in enumerate(snap.segments) if s is pending[0]),
                          None) if snap is not None else None
                # only onto the snapshot the graph was made for: one that changed meanwhile
                # (an add or remove caught up) is left as it is, and the loop builds again
                # for it (a swap onto a changed snapshot once lost a just-added article)
                if snap is not None and at is not None and snap.generation == seen:
                    snap = self._snapshot = snap.with_segment(at, built)
                    if at == 0:
                        self._write_index(snap)

    def wait_for_index(self, timeout: float | None = None) -> bool:
        """Wait until no search graph is being built in the background (after an add that
        merged segments past the exact limit); False if ``timeout`` ran out first."""
        with self._snap_lock:
            if self._graphs is None:
                return True
            self._graphs_done.clear()
        return self._graphs_done.wait(timeout)

    def _load(self, use_file: bool) -> tuple[Snapshot, Segment | None]:
        """The whole library (inside a read transaction): the first segment from the
        index files when they fit, then only the articles changed since they were
        written; else everything from the store. Also returns the segment read."""
        dim = self.encoder.dim
        generation = self.store.generation()
        stored = self.index_file.load(
            generation=generation, model_id=self.encoder.model_id, dim=dim,
            epoch=self.store.get_meta(EPOCH_KEY)) if use_file else None
        words_current = stored is not None and stored.words_current
        changes = self.store.changes_since(stored.generation) if words_current else None
        if stored is not None and changes is not None:
            self._vocabulary = stored.vocabulary
            records = [compact(r) for r in self.store.records(dim, sorted(changes.article_ids))]
            return Snapshot.from_segment(
                changes.generation, stored.segment, self.store.articles(), records,
                changes.article_ids, dim=dim, exact_limit=self.exact_limit,
                vocabulary=stored.vocabulary, analyse=self.analysis), stored.segment
        # the change log does not reach back to the files: their dense index still serves
        records = self.store.records(dim)  # read lazily, turned into columns batch by batch
        base = None if stored is None else (stored.segment.ids, stored.segment.dense,
                                            stored.generation)
        fresh = Snapshot.load(generation, records, dim=dim, exact_limit=self.exact_limit,
                              analyse=self.analysis, base=base, vocabulary=self._vocabulary)
        # postings of an older tokenizer: the files are written again with the new ones
        return fresh, stored.segment if words_current else None

    def _refresh(self) -> Snapshot:
        """Catch the snapshot up after a change made under the write lock."""
        with self._snap_lock:
            return self._catch_up()

    # reading ------------------------------------------------------------------
    def articles(self) -> list[Article]:
        """All articles, oldest first."""
        return self.store.articles()

    def article(self, article_id: int) -> Article:
        """One article, or :class:`NotFoundError` naming the id."""
        found = self.store.article(article_id) if article_id in STORE_IDS else None
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
        or of a new version of it, or stored bytes that no longer read back) converted
        from an older version's stored form or computed from the stored article, and
        kept."""
        stored = self.store.analysis(article_id, analyser.kind)
        value = self._current(article_id, analyser, stored)
        if value is not _STALE:
            return value
        return analyser.decode(self._recompute(article_id, analyser, stored))

    def _current(self, article_id: int, analyser: Analyser,
                 stored: tuple[int, bytes] | None) -> Any:
        """The decoded stored analysis when it is of ``analyser``'s version and reads
        back; :data:`_STALE` otherwise (damaged bytes are logged)."""
        if stored is None or stored[0] != analyser.version:
            return _STALE
        try:
            return analyser.decode(stored[1])
        except ValueError as exc:  # damaged bytes: analysed again, and kept
            log.warning("article %s: stored %s analysis does not read back (%s); "
                        "analysing it again", article_id, analyser.kind, exc)
            return _STALE

    def _recompute(self, article_id: int, analyser: Analyser,
                   stored: tuple[int, bytes] | None) -> bytes:
        """Analyse one article again (an older version's stored form upgraded where the
        analyser can, else computed from the stored article), store it, return its bytes."""
        if stored is not None and stored[0] == analyser.version:
            stored = None  # damaged: nothing to upgrade from
        value = None
        article = self.article(article_id)
        if stored is not None and analyser.upgrade is not None:
            value = analyser.upgrade(*stored, article.text)
        if value is None:
            source = ArticleSource(article.text, article.title, self.store.passages_for(article))
            value = analyser.run(source)
        data = analyser.encode(value)
        self.store.set_analysis(article_id, analyser.kind, analyser.version, data)
        return data

    # writing ------------------------------------------------------------------
    def _embed(
        self, text: str, spans: Sequence[tuple[int, int, Sequence[tuple[int, int]]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors of passages ``(start, end, sentences)`` of ``text`` and, per passage,
        of its sentences: one encoder call."""
        passages = [text[a:b] for a, b, _ in spans]
        sentences = [text[a:b] for _, _, ss in spans for a, b in ss]
        matrix = self.encoder.encode(passages + sentences)
        per_passage: list[np.ndarray] = []
        row = len(passages)
        for _, _, ss in spans:
            per_passage.append(matrix[row : row + len(ss)])
            row += len(ss)
        return matrix[: len(passages)], per_passage

    def embed_document(self, doc: CleanDocument) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors and, per passage, its sentence vectors (one encoder call)."""
        return self._embed(doc.text, [(p.start, p.end, p.sentences) for p in doc.passages])

    def add(
        self, doc: CleanDocument, *, title: str, content_hash: str, actor: str | None = None,
        progress: Progress = quiet, replace_id: int | None = None,
        vectors: tuple[np.ndarray, list[np.ndarray]] | None = None,
        analyses: dict[str, tuple[int, bytes]] | None = None,
        added: tuple[str, str | None] | None = None,
    ) -> AddResult:
        """Store a cleaned article.

        The same content twice is reported as a duplicate and changes nothing. An
        article from a URL already in the library replaces that article in place
        (same id), as does any article given with ``replace_id``. A copy or an import
        passes the article's ``vectors`` (passage and sentence vectors from this model)
        and ``analyses`` when it has them (the analysers whose results are not among them
        run here, after the duplicate check), and an import its original ``added``
        (added_at, added_by).
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
        analyses = dict(analyses or {})
        missing = [a for a in self.analysers if a.kind not in analyses]
        if missing:
            progress("Analysing the text")
            analyses |= run_analysers(missing, ArticleSource(doc.text, title, doc.passages))
        with self._write_lock:
            progress("Saving")
            try:
                with self.store.transaction(write=True):  # checks and write: one transaction
                    result = self._put(doc, title, content_hash, actor, replace_id,
                                       passage_vectors, sentence_vectors, analyses, added)
            except StoreConflict as exc:  # only if a backend let two writers race
                raise InputError(
                    "Another article with this content or URL was added at the same moment; "
                    "try again."
                ) from exc
            if isinstance(result, AddResult):
                return result
            article_id, replaced = result
            status = "replaced" if replaced else "added"
            try:
                self._refresh()
                return AddResult(self.article(article_id), status, doc.notes)
            except StorageError:  # committed: the change stands, the snapshot catches up later
                log.warning("library %s: article %d saved, but reloading it failed",
                            self.name, article_id, exc_info=True)
        article = Article(
            id=article_id, title=title, text=doc.text, content_hash=content_hash,
            author=doc.author, author_role=doc.author_role, publication=doc.publication,
            published=doc.published, url=doc.url, source=doc.source, byline=doc.byline,
            added_at=added[0] if added else "", added_by=added[1] if added else actor,
            passage_count=len(doc.passages))
        return AddResult(article, status, (*doc.notes, SAVED_NOT_LOADED))

    def _put(
        self, doc: CleanDocument, title: str, content_hash: str, actor: str | None,
        replace_id: int | None, vectors: np.ndarray, sentence_vectors: list[np.ndarray],
        analyses: dict[str, tuple[int, bytes]], added: tuple[str, str | None] | None,
    ) -> tuple[int, bool] | AddResult:
        """Inside the write transaction: duplicate and URL checks, then the write.
        Returns ``(article id, whether it replaced one)`` or the duplicate found."""
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
        article_id = self.store.put_article(
            doc, title=title, content_hash=content_hash, vectors=vectors,
            sentence_vectors=sentence_vectors, actor=actor, replace_id=replace_id,
            analyses=analyses, added=added,
        )
        return article_id, replace_id is not None

    def append_audit(self, entries: list[dict[str, object]]) -> None:
        """Keep past audit entries as they are (an imported library's history)."""
        self.store.append_audit(entries)

    def remove(self, article_id: int, *, actor: str | None = None) -> Article:
        """Remove an article; returns what was removed."""
        with self._write_lock:
            with self.store.transaction(write=True):
                article = self.article(article_id)
                self.store.delete_article(article_id, actor=actor)
            try:
                self._refresh()
            except StorageError:  # committed: answers stop citing it once the store answers
                log.warning("library %s: article %d removed, but reloading failed", self.name,
                            article_id, exc_info=True)
        return article

    def reindex(self, progress: Progress = quiet) -> int:
        """Re-embed every stored passage with the current model and rebuild the index.

        Works on a library built with another model and on a damaged index file;
        returns how many passages were embedded.
        """
        with self._write_lock:
            updates: dict[int, tuple[np.ndarray, np.ndarray]] = {}
            for article in self.store.articles():
                doc_passages = self.store.passages_for(article)
                if not doc_passages:
                    continue
                progress(f"Embedding {article.title[:60]!r}")
                vectors, sentences = self._embed(
                    article.text, [(p.start, p.end, p.sentences) for p in doc_passages])
                for p, vec, svecs in zip(doc_passages, vectors, sentences, strict=True):
                    updates[p.id] = (vec, svecs)
            with self.store.transaction(write=True):
                self.store.replace_all_vectors(updates, self.encoder.model_id, self.encoder.dim)
                self.store.set_meta(EPOCH_KEY, uuid.uuid4().hex)
            with self._snap_lock:
                self._snapshot = None  # a reindex changes every vector: load afresh
                self._catch_up(use_file=False)
            self.refresh_analyses(progress)
        return len(updates)

    def refresh_analyses(self, progress: Progress = quiet) -> int:
        """Analyse again every stored article whose analysis by one of this library's
        analysers is missing, of another version (stored before the analyser existed, or
        under another ranking model, :mod:`bot.answering.ranking`) or no longer reads back:
        the work its first questions would otherwise do on the answer path. Each article's
        rows are read once, together. Returns how many analyses were done."""
        done = 0
        for article in self.store.articles():
            stored = self.store.analyses_of(article.id)
            stale = [a for a in self.analysers
                     if self._current(article.id, a, stored.get(a.kind)) is _STALE]
            if stale:
                progress(f"Analysing {article.title[:60]!r}")
            for analyser in stale:
                self._recompute(article.id, analyser, stored.get(analyser.kind))
                done += 1
        return done

