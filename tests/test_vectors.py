"""FaissIndex against its NumPy oracle, and the on-disk format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.vectors import ExactDense, FaissIndex, HnswDense, NumpyIndex, top_rows, use_threads


def unit_rows(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    rows = rng.standard_normal((n, dim)).astype(np.float32)
    if n:
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


@pytest.mark.parametrize("n", [0, 1, 2, 7, 100, 513])
@pytest.mark.parametrize("k", [1, 5, 50, 1000])
def test_faiss_matches_numpy_oracle(n: int, k: int) -> None:
    rng = np.random.default_rng(1000 * n + k)
    dim = 32
    vectors = unit_rows(rng, n, dim)
    ids = rng.permutation(np.arange(10, 10 + 3 * n, 3, dtype=np.int64)) if n else np.zeros(0)
    oracle = NumpyIndex(ids, vectors)
    faiss_index = FaissIndex.build(ids, vectors)
    assert len(oracle) == len(faiss_index) == n
    assert oracle.dim == faiss_index.dim == dim
    for _ in range(5):
        query = unit_rows(rng, 1, dim)[0]
        o_scores, o_ids = oracle.search(query, k)
        f_scores, f_ids = faiss_index.search(query, k)
        assert len(o_ids) == len(f_ids) == min(k, n)
        assert f_ids.dtype == np.int64
        assert list(f_ids) == list(o_ids)
        np.testing.assert_allclose(f_scores, o_scores, rtol=1e-5, atol=1e-5)
        # best first, and the scores are real cosines of the stored rows
        assert all(np.diff(f_scores) <= 1e-6)
        for score, i in zip(f_scores, f_ids, strict=True):
            row = vectors[list(ids).index(i)]
            assert score == pytest.approx(float(row @ query), abs=1e-5)


def test_search_with_k_zero_or_negative_is_empty() -> None:
    rng = np.random.default_rng(3)
    vectors = unit_rows(rng, 4, 8)
    ids = np.arange(4)
    for index in (NumpyIndex(ids, vectors), FaissIndex.build(ids, vectors)):
        for k in (0, -1):
            scores, found = index.search(vectors[0], k)
            assert len(scores) == len(found) == 0


def test_exact_match_is_first_with_cosine_one() -> None:
    rng = np.random.default_rng(4)
    vectors = unit_rows(rng, 50, 16)
    ids = np.arange(100, 150)
    index = FaissIndex.build(ids, vectors)
    scores, found = index.search(vectors[17], 3)
    assert found[0] == 117
    assert scores[0] == pytest.approx(1.0, abs=1e-5)


def test_save_load_roundtrip(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    vectors = unit_rows(rng, 30, 24)
    ids = np.arange(1000, 1030, dtype=np.int64)[::-1].copy()
    index = FaissIndex.build(ids, vectors)
    path = tmp_path / "sub" / "vectors.faiss"
    index.save(path)
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["vectors.faiss"]  # no temp file left
    loaded = FaissIndex.load(path)
    assert len(loaded) == 30 and loaded.dim == 24
    assert list(loaded.ids()) == list(ids)
    query = unit_rows(rng, 1, 24)[0]
    a_scores, a_ids = index.search(query, 10)
    b_scores, b_ids = loaded.search(query, 10)
    assert list(a_ids) == list(b_ids)
    np.testing.assert_allclose(a_scores, b_scores)


def test_save_empty_index_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "empty.faiss"
    FaissIndex.build(np.zeros(0, np.int64), np.zeros((0, 12), np.float32)).save(path)
    loaded = FaissIndex.load(path)
    assert len(loaded) == 0 and loaded.dim == 12
    assert len(loaded.search(np.ones(12, np.float32), 3)[1]) == 0


def test_save_overwrites_atomically(tmp_path: Path) -> None:
    rng = np.random.default_rng(6)
    path = tmp_path / "v.faiss"
    FaissIndex.build(np.arange(3), unit_rows(rng, 3, 8)).save(path)
    FaissIndex.build(np.arange(5), unit_rows(rng, 5, 8)).save(path)
    assert len(FaissIndex.load(path)) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.faiss"]


@pytest.mark.parametrize("keep", [0, 10, 0.5])
def test_truncated_file_raises_on_load(tmp_path: Path, keep: float) -> None:
    rng = np.random.default_rng(7)
    path = tmp_path / "v.faiss"
    FaissIndex.build(np.arange(40), unit_rows(rng, 40, 32)).save(path)
    data = path.read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep
    path.write_bytes(data[:cut])
    with pytest.raises(RuntimeError):
        FaissIndex.load(path)


def test_load_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        FaissIndex.load(tmp_path / "nope.faiss")


@pytest.mark.parametrize("n", [0, 1, 5, 50, 1000])
@pytest.mark.parametrize("k", [0, 1, 3, 50, 2000])
def test_top_rows_equals_a_stable_full_sort(n: int, k: int) -> None:
    rng = np.random.default_rng(n * 7 + k)
    scores = rng.integers(0, 6, n).astype(np.float32)  # many ties
    assert list(top_rows(scores, k)) == list(np.argsort(-scores, kind="stable")[:k])


@pytest.mark.parametrize("dense_kind", ["exact", "hnsw"])
def test_segment_dense_indexes_match_the_oracle_and_exclude_rows(dense_kind: str) -> None:
    rng = np.random.default_rng(11)
    vectors = unit_rows(rng, 400, 32)
    ids = np.arange(400)
    oracle = NumpyIndex(ids, vectors)
    dense = ExactDense(vectors) if dense_kind == "exact" else HnswDense.build(vectors)
    np.testing.assert_array_equal(dense.matrix(), vectors)
    excluded = np.arange(0, 400, 3)
    for _ in range(10):
        query = unit_rows(rng, 1, 32)[0]
        _, want = oracle.search(query, 5)
        _, got = dense.search(query, 5)
        assert len(set(got) & set(want)) >= (5 if dense_kind == "exact" else 4)
        _, got = dense.search(query, 5, exclude=excluded)
        assert len(got) == 5 and not set(got) & set(excluded)
    scores, got = dense.search(vectors[7], 1)
    assert got[0] == 7 and scores[0] == pytest.approx(1.0, abs=1e-5)


def test_faiss_threads_are_set_explicitly_in_the_searching_thread() -> None:
    import threading

    import faiss

    vectors = unit_rows(np.random.default_rng(2), 50, 8)
    seen: list[int] = []

    def search() -> None:
        faiss.omp_set_num_threads(2)  # as torch or the OpenMP default would leave it
        ExactDense(vectors).search(vectors[0], 3)
        seen.append(faiss.omp_get_max_threads())

    use_threads(1)
    worker = threading.Thread(target=search)
    worker.start()
    worker.join()
    assert seen == [1]


@pytest.mark.parametrize("seed", range(6))
def test_top_rows_on_sparse_scores_equals_a_stable_full_sort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = np.where(rng.random(3000) < 0.05, rng.integers(1, 4, 3000), 0).astype(np.float32)
    if seed == 5:
        scores[:10] = -1.0  # negative scores take the general path
    for k in (1, 10, 50, 140, 400):
        assert list(top_rows(scores, k)) == list(np.argsort(-scores, kind="stable")[:k])
