"""Immutable index segments: a run of passages with their dense index, sentence vectors
and BM25 postings.

A library's searchable state is a few segments in passage-id order (see
:mod:`bot.snapshot`). An add makes a segment of the new article alone; segments
are merged like a binary counter (two neighbours of about equal size become one),
so there are O(log n) of them and each passage is copied O(log n) times over the
library's life. A merged segment larger than ``exact_limit`` passages gets an
HNSW graph instead of exact search. Removing an article only marks its rows dead
in the snapshot; merges drop dead rows.

Sentence vectors are kept as float16 (half the memory of float32; the cosines they
give differ by about 1e-4), passage vectors as float32 inside the dense index, and the
passages themselves as arrays (:class:`PassageMeta`: article, paragraph, span, sentence
spans), not as one Python object each: a :class:`bot.models.Passage` is made when read.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import numpy as np

from bot.allocator import advise_random
from bot.lexical import Postings, Vocabulary
from bot.models import Passage
from bot.storage.base import ArticleRecord
from bot.vectors import ExactDense, HnswDense, faiss_module
from bot.widened import widened

Dense = ExactDense | HnswDense
SENTENCE_DTYPE = np.float16


@dataclass(frozen=True)
class PassageMeta:
    """Where each passage of a run is: ``article``, ``paragraph``, ``start``/``end`` in the
    article's text (one int64 each), and its sentence spans, rows
    ``span_offsets[i]:span_offsets[i + 1]`` of ``spans`` (``(m, 2)``)."""

    article: np.ndarray
    paragraph: np.ndarray
    start: np.ndarray
    end: np.ndarray
    span_offsets: np.ndarray
    spans: np.ndarray

    @classmethod
    def of(cls, passages: Sequence[Passage | None]) -> PassageMeta:
        """The arrays of ``passages`` (None: a passage gone, with no article and no spans)."""
        def column(get: Callable[[Passage], int]) -> np.ndarray:
            return np.array([get(p) if p else -1 for p in passages], np.int64)

        spans = [s for p in passages if p for s in p.sentences]
        return cls(
            article=column(lambda p: p.article_id), paragraph=column(lambda p: p.paragraph),
            start=column(lambda p: p.start), end=column(lambda p: p.end),
            span_offsets=offsets_of([len(p.sentences) if p else 0 for p in passages]),
            spans=np.array(spans, np.int64).reshape(-1, 2),
        )

    @classmethod
    def merge(cls, parts: Sequence[tuple[PassageMeta, np.ndarray]]) -> PassageMeta:
        """The rows of ``parts`` their masks keep, in order."""
        if not parts:
            return cls.of([])
        sizes = [np.diff(m.span_offsets) for m, _ in parts]
        return cls(
            article=np.concatenate([m.article[k] for m, k in parts]),
            paragraph=np.concatenate([m.paragraph[k] for m, k in parts]),
            start=np.concatenate([m.start[k] for m, k in parts]),
            end=np.concatenate([m.end[k] for m, k in parts]),
            span_offsets=offsets_of(np.concatenate([n[k] for n, (_, k) in zip(
                sizes, parts, strict=True)]).tolist()),
            spans=np.concatenate([m.spans[np.repeat(k, n)] for n, (m, k) in zip(
                sizes, parts, strict=True)]).reshape(-1, 2),
        )

    def passage(self, position: int, passage_id: int, text_of: Callable[[int], str]) -> Passage:
        """The passage at ``position`` (its text cut from ``text_of(article id)``)."""
        start, end = int(self.start[position]), int(self.end[position])
        article = int(self.article[position])
        a, b = int(self.span_offsets[position]), int(self.span_offsets[position + 1])
        return Passage(
            id=passage_id, article_id=article, paragraph=int(self.paragraph[position]),
            start=start, end=end, text=text_of(article)[start:end],
            sentences=tuple(map(tuple, self.spans[a:b].tolist())),
        )


@dataclass(frozen=True)
class Segment:
    """One immutable run of passages (positions 0..n-1, ascending passage ids)."""

    ids: np.ndarray
    dense: Dense
    sentence_offsets: np.ndarray
    """Sentences of position i are rows ``sentence_offsets[i]:sentence_offsets[i + 1]``."""
    sentence_vectors: np.ndarray
    postings: Postings
    meta: PassageMeta
    upto: int = 0
    """The store's generation of the newest change it holds. Segments are ordered oldest
    first and whatever came before the first one is gone, so the first segment holds the
    passages of every article unchanged since its ``upto``: its index files are written
    at that generation, and a reopen reads only the articles changed after it."""

    @property
    def size(self) -> int:
        """How many passages (live or dead) the segment holds."""
        return len(self.ids)

    def sentences(self, position: int) -> np.ndarray:
        """The float32 vectors of one passage's sentences (read-only)."""
        a, b = self.sentence_offsets[position], self.sentence_offsets[position + 1]
        return self._float32_sentences(slice(a, b))

    def sentence_rows(self, rows: np.ndarray) -> np.ndarray:
        """The float32 vectors of the sentences at ``rows`` (a new array)."""
        return self._float32_sentences(rows)

    def _float32_sentences(self, index: slice | np.ndarray) -> np.ndarray:
        """``sentence_vectors[index]`` as float32: from the widened copy when the segment
        has one (:mod:`bot.widened`), else cast."""
        wide = widened(self, self.sentence_vectors)
        if wide is not None:
            return wide[index]
        return self.sentence_vectors[index].astype(np.float32)


def compact(record: ArticleRecord) -> ArticleRecord:
    """``record`` with its sentence vectors already in the segments' float16, so a whole
    library read from the store never holds them all as float32 at once."""
    return replace(record, sentence_vectors=[s.astype(SENTENCE_DTYPE)
                                             for s in record.sentence_vectors])


def make_dense(vectors: np.ndarray, exact_limit: int, graph: bool = True) -> Dense:
    """Exact search up to ``exact_limit`` vectors (or without ``graph``), else HNSW."""
    if len(vectors) <= exact_limit or not graph:
        return ExactDense(vectors)
    return HnswDense.build(vectors)


def needs_graph(segment: Segment, exact_limit: int) -> bool:
    """Whether ``segment`` is searched exactly while past the size that gets a graph (it
    was merged with ``graph=False``: its graph is yet to be built)."""
    return segment.size > exact_limit and isinstance(segment.dense, ExactDense)


def with_graph(segment: Segment) -> Segment:
    """The same segment searched through an HNSW graph built over its vectors."""
    return replace(segment, dense=HnswDense.build(segment.dense.matrix()))


def offsets_of(counts: Sequence[int]) -> np.ndarray:
    """Start offsets of consecutive runs of ``counts`` items, with the total at the end."""
    offsets = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def merge_segments(
    parts: Sequence[tuple[Segment, np.ndarray]], exact_limit: int, graph: bool = True,
) -> Segment:
    """One segment of the live rows (``keep`` masks) of ``parts``, in order (past
    ``exact_limit`` rows searched through a graph, unless ``graph`` is False)."""
    dim = parts[0][0].dense.dim
    ids = np.concatenate([s.ids[keep] for s, keep in parts])
    vectors = np.vstack([s.dense.matrix()[keep] for s, keep in parts]) if len(ids) else (
        np.zeros((0, dim), np.float32))
    counts: list[np.ndarray] = []
    blocks: list[np.ndarray] = []
    for s, keep in parts:
        sizes = np.diff(s.sentence_offsets)
        counts.append(sizes[keep])
        row_keep = np.repeat(keep, sizes)
        blocks.append(s.sentence_vectors[row_keep])
    return Segment(
        ids=ids, dense=make_dense(vectors, exact_limit, graph),
        sentence_offsets=offsets_of(np.concatenate(counts).tolist()),
        sentence_vectors=np.vstack(blocks),
        postings=Postings.merge([(s.postings, keep) for s, keep in parts]),
        meta=PassageMeta.merge([(s.meta, keep) for s, keep in parts]),
        upto=max(s.upto for s, _ in parts),
    )


# The index file: segment 0's dense index with its passage ids --------------------------
def save_dense(
    dense: Dense, ids: np.ndarray, path: Path, before_rename: Callable[[Path], None] | None = None,
) -> None:
    """Write ``dense`` keyed by passage ids to ``path`` atomically (see FaissIndex.save)."""
    faiss = faiss_module()

    from bot.vectors import FaissIndex

    if isinstance(dense, ExactDense):
        wrapped = FaissIndex.build(ids, dense.matrix())
    else:
        graph = dense.index()
        idmap = faiss.IndexIDMap2(faiss.IndexHNSWFlat(dense.dim, 4, faiss.METRIC_INNER_PRODUCT))
        idmap.own_fields = False  # the graph stays the segment's
        idmap.index = graph  # (the constructor insists on an empty index)
        faiss.copy_array_to_vector(np.asarray(ids, np.int64), idmap.id_map)
        idmap.ntotal = len(ids)
        wrapped = FaissIndex(idmap)
    wrapped.save(path, before_rename)


def file_crc(path: Path) -> int:
    """CRC-32 of a file, read in blocks."""
    with open(path, "rb") as fh:
        return stream_crc(fh)


def stream_crc(fh: BinaryIO) -> int:
    """CRC-32 of the rest of an open file, read in blocks (never all in memory)."""
    crc = 0
    while block := fh.read(1 << 22):
        crc = zlib.crc32(block, crc)
    return crc


def load_dense(data: bytes | Path) -> tuple[np.ndarray, Dense]:
    """``(ids, dense)`` from the bytes :func:`save_dense` wrote (already checked), or
    from the file itself: then its vectors stay in the file, mapped into memory (FAISS
    maps them and keeps no descriptor), and the graph alone is read into memory."""
    import io

    faiss = faiss_module()

    # ``loaded`` owns everything; the downcast views below do not: keep it alive with them
    if isinstance(data, Path):
        loaded = faiss.read_index(str(data), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY)
    else:
        loaded = faiss.read_index(faiss.PyCallbackIOReader(io.BytesIO(data).read))
    idmap = faiss.downcast_index(loaded)
    ids = faiss.vector_to_array(idmap.id_map).astype(np.int64)
    inner = faiss.downcast_index(idmap.index)
    if isinstance(inner, faiss.IndexHNSWFlat):
        dense = HnswDense(inner, owner=loaded)
        if isinstance(data, Path):
            advise_random(dense.matrix())
        return ids, dense
    n, dim = int(inner.ntotal), int(inner.d)
    matrix = faiss.rev_swig_ptr(inner.get_xb(), n * dim).reshape(n, dim)
    if isinstance(data, Path):  # (an exact search reads every row: no advice)
        return ids, ExactDense(matrix, owner=loaded)
    return ids, ExactDense(matrix.copy())


# The segment file: everything of segment 0 but its dense index ---------------------------
def segment_arrays(segment: Segment, terms: Sequence[str]) -> dict[str, np.ndarray]:
    """The arrays of ``segment`` (and the library's ``terms``, whose ids its postings use)
    to write beside its dense index."""
    meta, postings = segment.meta, segment.postings
    return {
        "ids": segment.ids, "sentence_offsets": segment.sentence_offsets,
        "sentence_vectors": segment.sentence_vectors, "indptr": postings.indptr,
        "docs": postings.docs, "tfs": postings.tfs, "lengths": postings.lengths,
        "article": meta.article, "paragraph": meta.paragraph, "start": meta.start,
        "end": meta.end, "span_offsets": meta.span_offsets, "spans": meta.spans,
        "terms": np.frombuffer("\n".join(terms).encode("utf-8"), np.uint8),
    }


def segment_from_arrays(
    arrays: dict[str, np.ndarray], dense: Dense, vocabulary: Vocabulary | None = None,
    upto: int = 0,
) -> tuple[Segment, Vocabulary]:
    """The segment :func:`segment_arrays` described (over ``dense``) and its vocabulary
    (``vocabulary`` when given: one whose first ids are the file's terms).

    Raises ``ValueError`` when the arrays do not fit together."""
    a = arrays
    n = len(a["ids"])
    terms = bytes(a["terms"]).decode("utf-8").split("\n") if len(a["terms"]) else []
    if vocabulary is None:
        vocabulary = Vocabulary.of(terms)
    fits = (
        len(dense) == n and all(len(a[k]) == n for k in ("article", "paragraph", "start", "end",
                                                         "lengths"))
        and len(a["sentence_offsets"]) == n + 1 == len(a["span_offsets"])
        and int(a["sentence_offsets"][-1]) == len(a["sentence_vectors"])
        and int(a["span_offsets"][-1]) == len(a["spans"])
        and a["sentence_vectors"].ndim == 2 and a["sentence_vectors"].shape[1] == dense.dim
        and len(a["indptr"]) - 1 <= len(terms) and int(a["indptr"][-1]) == len(a["docs"])
        == len(a["tfs"])
    )  # (not every value: that would read every page; the file's CRC-32 vouches for them)
    if not fits:
        raise ValueError("its arrays do not fit together")
    segment = Segment(
        ids=a["ids"], dense=dense, sentence_offsets=a["sentence_offsets"],
        sentence_vectors=a["sentence_vectors"],
        postings=Postings(vocabulary, a["indptr"], a["docs"], a["tfs"], a["lengths"]),
        meta=PassageMeta(article=a["article"], paragraph=a["paragraph"], start=a["start"],
                         end=a["end"], span_offsets=a["span_offsets"], spans=a["spans"]),
        upto=upto,
    )
    return segment, vocabulary
