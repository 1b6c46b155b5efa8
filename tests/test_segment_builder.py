"""Segments built from records streamed in batches equal those built from all records at
once (:func:`build_segment`, the plain build the library used before), and the first open
of a library holds no more than a batch of records at a time."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from bot import segment_builder
from bot.lexical import Postings, Vocabulary
from bot.library import Library
from bot.models import Article, Passage
from bot.segment_builder import GrowingArray, PassageColumns
from bot.segments import (
    SENTENCE_DTYPE,
    Dense,
    PassageMeta,
    Segment,
    make_dense,
    offsets_of,
)
from bot.storage.base import ArticleRecord
from bot.vectors import ExactDense
from tests.fakes import HashingEncoder
from tests.test_library import add

WORDS = "harbour ferry council bus fares rise wall repairs vote the of and drivers".split()
DIM = 8


def build_segment(
    records: Sequence[ArticleRecord], dim: int, exact_limit: int, vocabulary: Vocabulary,
    dense: Dense | None = None, ids: np.ndarray | None = None, upto: int = 0,
) -> Segment:
    """A segment of the passages of ``records`` (ordered by passage id), built as
    the library did before it streamed: the oracle the builder's segments must equal.

    With ``dense`` and ``ids`` (read from the index file), the segment covers exactly
    those ids with that index; ids without a record are passages gone since: they get
    no sentences and no words (the snapshot marks them dead). ``upto`` is the store's
    generation the records were read at (see :attr:`Segment.upto`).
    """
    items = {p.id: (p, vec, sv) for r in records
             for p, vec, sv in zip(r.passages, r.vectors, r.sentence_vectors, strict=True)}
    if ids is None:
        ids = np.array(sorted(items), dtype=np.int64)
    found = [items.get(int(i)) for i in ids]
    sentence_sets = [f[2] if f else np.zeros((0, dim), np.float32) for f in found]
    if dense is None:
        vectors = (np.vstack([f[1] for f in found if f]) if len(ids)
                   else np.zeros((0, dim), np.float32))
        dense = make_dense(vectors, exact_limit)
    return Segment(
        ids=ids, dense=dense, sentence_offsets=offsets_of([len(s) for s in sentence_sets]),
        sentence_vectors=(np.vstack(sentence_sets).astype(SENTENCE_DTYPE) if sentence_sets
                          else np.zeros((0, dim), SENTENCE_DTYPE)),
        postings=Postings.from_texts([f[0].text if f else "" for f in found], vocabulary),
        meta=PassageMeta.of([f[0] if f else None for f in found]), upto=upto,
    )



def records(count: int, seed: int, *, shuffled_ids: bool = False) -> list[ArticleRecord]:
    """``count`` articles of 0-4 passages (some without sentences or content words)."""
    rng = random.Random(seed)
    out, next_id = [], 1
    ids = list(range(1, 5 * count + 1))
    if shuffled_ids:  # a replaced article keeps its id and gets new passage ids
        rng.shuffle(ids)
    for a in range(1, count + 1):
        paras = [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 9)))
                 for _ in range(rng.randrange(0, 5))]
        text, passages, at = "", [], 0
        for n, para in enumerate(paras):
            text += para + "\n\n"
            spans = tuple((at, at + len(para)) for _ in range(rng.randrange(0, 3)))
            passages.append(Passage(ids[next_id - 1], a, n + 1, at, at + len(para), para,
                                    spans))
            at += len(para) + 2
            next_id += 1
        passages.sort(key=lambda p: p.id)
        vectors = np.array([[rng.random() for _ in range(DIM)] for _ in passages],
                           np.float32).reshape(-1, DIM)
        sentences = [np.array([[rng.random() for _ in range(DIM)] for _ in p.sentences],
                              np.float32).reshape(-1, DIM) for p in passages]
        out.append(ArticleRecord(Article(id=a, title=f"t{a}", text=text, content_hash=str(a)),
                                 passages, vectors, sentences))
    return out


def assert_same(built: Segment, expected: Segment) -> None:
    assert np.array_equal(built.ids, expected.ids)
    assert np.array_equal(built.dense.matrix(), expected.dense.matrix())
    assert type(built.dense) is type(expected.dense)
    assert np.array_equal(built.sentence_offsets, expected.sentence_offsets)
    assert built.sentence_vectors.dtype == expected.sentence_vectors.dtype
    assert np.array_equal(built.sentence_vectors, expected.sentence_vectors)
    for field in fields(built.meta):
        assert np.array_equal(getattr(built.meta, field.name),
                              getattr(expected.meta, field.name)), field.name
    a, b = built.postings, expected.postings
    for term in a.vocabulary.terms():
        got, want = a.term(term), b.term(term)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1]), term
    assert np.array_equal(a.lengths, b.lengths)
    assert built.upto == expected.upto


@pytest.mark.parametrize("shuffled", [False, True])
@pytest.mark.parametrize("exact_limit", [1000, 10])  # exact search, and an HNSW graph
def test_streamed_segment_equals_one_built_at_once(
    monkeypatch: pytest.MonkeyPatch, shuffled: bool, exact_limit: int,
) -> None:
    monkeypatch.setattr(segment_builder, "BATCH_PASSAGES", 7)  # many batches
    given = records(40, 1, shuffled_ids=shuffled)
    columns = PassageColumns(DIM, Vocabulary())
    columns.read(iter(given))
    built = columns.segment(exact_limit, upto=5)
    expected = build_segment(given, DIM, exact_limit, Vocabulary(), upto=5)
    assert_same(built, expected)
    if not shuffled:  # in order: the columns are handed over, and the builder is empty
        assert len(columns.ids) == 0 and len(columns.sentence_vectors) == 0


def test_a_base_segment_takes_its_ids_and_marks_the_gone_ones() -> None:
    given = records(30, 2)
    every = np.array(sorted(p.id for r in given for p in r.passages), np.int64)
    base_ids = np.concatenate([every[::2], [every[-1] + 7, every[-1] + 9]])  # two gone
    rest = every[1::2]
    for ids in (base_ids, rest):
        columns = PassageColumns(DIM, Vocabulary())
        columns.read(given)
        expected = build_segment(given, DIM, 1000, Vocabulary(), ids=ids, upto=3)
        assert_same(columns.segment(1000, ids=ids, upto=3), expected)
    nothing = PassageColumns(DIM, Vocabulary())  # every passage of the base gone
    nothing.read([])
    dense = ExactDense(np.ones((len(base_ids), DIM), np.float32))
    expected = build_segment([], DIM, 1000, Vocabulary(), ids=base_ids, dense=dense)
    assert_same(nothing.segment(1000, ids=base_ids, dense=dense), expected)


def test_a_growing_array_keeps_what_it_was_given() -> None:
    grown = GrowingArray(np.float32, 3)
    rng = np.random.default_rng(0)
    parts = [rng.random((int(n), 3)).astype(np.float32) for n in rng.integers(0, 50, 40)]
    for part in parts:
        grown.extend(part)
        assert len(grown) <= len(grown._data) <= 16 + len(grown) * segment_builder.GROWTH
    assert np.array_equal(grown.finish(), np.concatenate(parts))
    assert len(grown) == 0


def test_the_first_open_reads_the_store_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Records are turned into columns and dropped as they are read: the store's reader is
    never more than one batch ahead of the columns."""
    lib = Library("news", tmp_path / "lib", HashingEncoder())
    for k in range(12):
        add(lib, k)
    whole = lib.snapshot()
    lib.close()
    for name in ("vectors.faiss", "manifest.json"):
        (tmp_path / "lib" / name).unlink(missing_ok=True)
    for path in (tmp_path / "lib").glob("segment-*.bin"):
        path.unlink()
    monkeypatch.setattr(segment_builder, "BATCH_PASSAGES", 4)
    ahead: list[int] = []
    flush = PassageColumns.flush

    def watched(self: PassageColumns) -> None:
        ahead.append(len(self._pending))
        flush(self)

    monkeypatch.setattr(PassageColumns, "flush", watched)
    reopened = Library("news", tmp_path / "lib", HashingEncoder())
    snap = reopened.snapshot()
    passages = len(whole.passages)
    assert len(ahead) >= passages // 4  # a batch of records (4 passages) at a time
    assert max(ahead) <= 4
    assert list(snap.passages) == list(whole.passages)
    assert np.array_equal(snap.vectors, whole.vectors)
    assert all(np.array_equal(a, b) for a, b in zip(
        snap.sentence_vectors, whole.sentence_vectors, strict=True))
    query = whole.vectors[3]
    assert [x.tolist() for x in snap.dense_search(query, 5)] == [
        x.tolist() for x in whole.dense_search(query, 5)]
    assert np.array_equal(snap.lexical.scores("harbour story 7"),
                          whole.lexical.scores("harbour story 7"))
    reopened.close()
