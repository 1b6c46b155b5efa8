"""Index segments built from the store's records as they stream in, in bounded memory.

Opening a big library without usable index files reads every stored article. Kept as
records (a Python object per passage, one small array per passage's sentences), a
library of 300,000 passages peaked at 6.5 GB before any index was made. Here each
batch of records is turned into columns at once: vectors appended to arrays that
grow in place (``realloc``: a big block is remapped, not copied), BM25 entries
(term id, position, count) likewise, and nothing of a passage kept as an object
past its batch. The segments made are the ones a plain build of all the records at
once makes (``tests/test_segment_builder.py`` keeps that build as its oracle).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from bot.lexical import EMPTY, Postings, Vocabulary, postings_columns
from bot.segments import SENTENCE_DTYPE, Dense, PassageMeta, Segment, make_dense, offsets_of
from bot.storage.base import ArticleRecord

BATCH_PASSAGES = 4096
"""Records are turned into columns once they hold this many passages."""
GROWTH = 1.25
"""How much an array grows when full (the new part is zeroed, so it counts in RAM)."""


class GrowingArray:
    """Rows appended to one array grown in place (its capacity at most :data:`GROWTH`
    times what it holds), handed over whole by :meth:`finish`."""

    def __init__(self, dtype: type | np.dtype, width: int | None = None) -> None:
        self._tail: tuple[int, ...] = () if width is None else (width,)
        self._data = np.zeros((16, *self._tail), dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def extend(self, rows: np.ndarray) -> None:
        """Append ``rows`` (converted to this array's type)."""
        need = self._size + len(rows)
        if need > len(self._data):
            grown = max(need, int(len(self._data) * GROWTH) + 16)
            # owned and never lent out: realloc grows it where it is (or remaps it)
            self._data.resize((grown, *self._tail), refcheck=False)
        self._data[self._size:need] = rows
        self._size = need

    def view(self) -> np.ndarray:
        """What it holds so far (valid until the next :meth:`extend`)."""
        return self._data[:self._size]

    def finish(self) -> np.ndarray:
        """The rows, trimmed to size; the builder keeps nothing of them."""
        data, self._data = self._data, np.zeros((0, *self._tail), self._data.dtype)
        data.resize((self._size, *self._tail), refcheck=False)
        self._size = 0
        return data


class PassageColumns:
    """Every passage of a run of records as columns, in the order they came."""

    def __init__(self, dim: int, vocabulary: Vocabulary) -> None:
        self.dim = dim
        self.vocabulary = vocabulary
        self.ids = GrowingArray(np.int64)
        self.vectors = GrowingArray(np.float32, dim)
        self.sentence_counts = GrowingArray(np.int64)
        self.sentence_vectors = GrowingArray(SENTENCE_DTYPE, dim)
        self.meta = {name: GrowingArray(np.int64) for name in
                     ("article", "paragraph", "start", "end", "span_counts")}
        self.spans = GrowingArray(np.int64, 2)
        self.terms = GrowingArray(np.int64)
        self.docs = GrowingArray(np.int64)
        self.tfs = GrowingArray(np.float32)
        self.lengths = GrowingArray(np.float32)
        self._pending: list[ArticleRecord] = []
        self._pending_passages = 0

    def add(self, record: ArticleRecord) -> None:
        """Take in one record (turned into columns with the rest of its batch)."""
        self._pending.append(record)
        self._pending_passages += len(record.passages)
        if self._pending_passages >= BATCH_PASSAGES:
            self.flush()

    def flush(self) -> None:
        """Turn the records taken in so far into columns and let them go."""
        batch, self._pending, self._pending_passages = self._pending, [], 0
        passages = [p for r in batch for p in r.passages]
        if not passages:
            return
        terms, docs, tfs, lengths = postings_columns([p.text for p in passages],
                                                     self.vocabulary, len(self.ids))
        for column, values in ((self.terms, terms), (self.docs, docs), (self.tfs, tfs),
                               (self.lengths, lengths)):
            column.extend(values)
        self.ids.extend(np.array([p.id for p in passages], np.int64))
        self.vectors.extend(np.concatenate([r.vectors for r in batch if r.passages]))
        blocks = [s for r in batch for s in r.sentence_vectors]
        self.sentence_vectors.extend(np.concatenate(blocks))
        self.sentence_counts.extend(np.array(
            [len(s) for r in batch for s in r.sentence_vectors], np.int64))
        for name, get in (("article", lambda p: p.article_id),
                          ("paragraph", lambda p: p.paragraph), ("start", lambda p: p.start),
                          ("end", lambda p: p.end), ("span_counts", lambda p: len(p.sentences))):
            self.meta[name].extend(np.array([get(p) for p in passages], np.int64))
        spans = [s for p in passages for s in p.sentences]
        self.spans.extend(np.array(spans, np.int64).reshape(-1, 2))

    def read(self, records: Iterable[ArticleRecord]) -> None:
        """Take in every record of ``records`` (consumed once, batch by batch)."""
        for record in records:
            self.add(record)
        self.flush()

    def stored_ids(self) -> np.ndarray:
        """The ids of every passage taken in, ascending (a copy)."""
        self.flush()
        return np.sort(self.ids.view())

    def segment(self, exact_limit: int, *, ids: np.ndarray | None = None,
                dense: Dense | None = None, upto: int = 0) -> Segment:
        """The segment of the passages ``ids`` (ascending; None: every passage taken in,
        and then the columns are handed over, not copied, and this builder is emptied).

        Ids taken in from no record are passages
        gone (no sentences, no words); ``dense`` is the dense index of exactly ``ids``."""
        self.flush()
        taken = self.ids.view()
        if ids is None and (len(taken) < 2 or bool(np.all(taken[1:] > taken[:-1]))):
            return self._whole(exact_limit, dense, upto)
        if ids is None:
            ids = np.sort(taken)
        order = np.argsort(taken, kind="stable")
        at = np.searchsorted(taken, ids, sorter=order)
        at = np.minimum(at, max(len(taken) - 1, 0))
        positions = order[at] if len(taken) else np.zeros(len(ids), np.int64)
        found = (taken[positions] == ids) if len(taken) else np.zeros(len(ids), bool)
        return self._taken(np.where(found, positions, -1), np.asarray(ids, np.int64),
                           exact_limit, dense, upto)

    def _whole(self, exact_limit: int, dense: Dense | None, upto: int) -> Segment:
        """Every passage taken in, in order: the columns themselves."""
        ids = self.ids.finish()
        vectors = self.vectors.finish()
        if dense is None:
            dense = make_dense(vectors, exact_limit)
        del vectors  # (a graph holds its own copy)
        meta = {name: column.finish() for name, column in self.meta.items()}
        postings = Postings.from_columns(self.vocabulary, self.terms.finish(),
                                         self.docs.finish(), self.tfs.finish(),
                                         self.lengths.finish())
        return Segment(
            ids=ids, dense=dense, sentence_offsets=offsets_of(self.sentence_counts.finish()),
            sentence_vectors=self.sentence_vectors.finish(), postings=postings,
            meta=PassageMeta(article=meta["article"], paragraph=meta["paragraph"],
                             start=meta["start"], end=meta["end"],
                             span_offsets=offsets_of(meta["span_counts"]),
                             spans=self.spans.finish()),
            upto=upto,
        )

    def _taken(self, positions: np.ndarray, ids: np.ndarray, exact_limit: int,
               dense: Dense | None, upto: int) -> Segment:
        """The passages at ``positions`` of the columns (-1: a passage gone), copied."""
        found = positions >= 0
        where = np.where(found, positions, 0)
        if dense is None:
            dense = make_dense(self.vectors.view()[positions[found]], exact_limit)

        def pick(column: GrowingArray, fill: float) -> np.ndarray:
            if not len(column):  # (nothing taken in: every passage is gone)
                return np.full(len(ids), fill, column.view().dtype)
            return np.where(found, column.view()[where], fill).astype(column.view().dtype)

        counts = pick(self.sentence_counts, 0)
        meta = {name: pick(column, 0 if name == "span_counts" else -1)
                for name, column in self.meta.items()}
        renumber = np.full(len(self.ids) + 1, -1, np.int64)  # old position -> new
        renumber[positions[found]] = np.flatnonzero(found)
        keep = renumber[self.docs.view()] >= 0
        terms = [self.terms.view()[keep]]
        docs = [renumber[self.docs.view()[keep]]]
        tfs = [self.tfs.view()[keep]]
        gone = np.flatnonzero(~found)
        if len(gone):  # a passage gone holds one empty token, as an empty text does
            terms.append(np.full(len(gone), self.vocabulary.ids([EMPTY])[0], np.int64))
            docs.append(gone)
            tfs.append(np.ones(len(gone), np.float32))
        postings = Postings.from_columns(
            self.vocabulary, np.concatenate(terms), np.concatenate(docs), np.concatenate(tfs),
            pick(self.lengths, 1))
        return Segment(
            ids=ids, dense=dense, sentence_offsets=offsets_of(counts),
            sentence_vectors=self.sentence_vectors.view()[
                _rows_of(offsets_of(self.sentence_counts.view()), positions[found])],
            postings=postings,
            meta=PassageMeta(article=meta["article"], paragraph=meta["paragraph"],
                             start=meta["start"], end=meta["end"],
                             span_offsets=offsets_of(meta["span_counts"]),
                             spans=self.spans.view()[
                                 _rows_of(offsets_of(self.meta["span_counts"].view()),
                                          positions[found])]),
            upto=upto,
        )


def _rows_of(offsets: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The rows ``offsets[p]:offsets[p + 1]`` of each of ``positions``, in order."""
    starts, ends = offsets[positions], offsets[positions + 1]
    counts = ends - starts
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


def segment_of(records: Sequence[ArticleRecord], dim: int, exact_limit: int,
               vocabulary: Vocabulary, upto: int = 0) -> Segment:
    """The segment of every passage of ``records`` (a few: an add or a catch-up)."""
    columns = PassageColumns(dim, vocabulary)
    columns.read(records)
    return columns.segment(exact_limit, upto=upto)
