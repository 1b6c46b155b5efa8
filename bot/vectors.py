"""Nearest-neighbour search over unit vectors: FAISS, with a NumPy twin.

Everything answers by inner product of unit vectors (cosine). :class:`NumpyIndex`
is the oracle the tests compare FAISS against. An index segment of the library
searches its passages with :class:`ExactDense` (FAISS's exact kernel over the
segment's own matrix) up to a size where that stays under a few milliseconds,
and with :class:`HnswDense` (a FAISS HNSW graph) beyond it. Both are immutable
once built, so searches never race an update, and each holds the only copy of
its vectors in memory. FAISS's OpenMP threads are set explicitly
(:func:`use_threads`): on 2 cores its default made one small search 50x slower.
"""

from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

HNSW_M = 32
"""Graph degree: 32 keeps recall@5 above 0.95 at a modest memory cost (256 B a vector)."""
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 128
"""Candidates explored per search (at least k): recall@5 against exact search is measured
by bench/bench_scale_big.py; 128 costs well under a millisecond at 300,000 vectors."""

_threads: dict[str, int] = {}
"""The thread count this process chose for FAISS."""


def use_threads(threads: int) -> None:
    """Run FAISS with ``threads`` OpenMP threads (choosing imports nothing: ``footnote
    list`` never loads FAISS)."""
    _threads["wanted"] = max(1, int(threads))


def ensure_threads(default: int = 1) -> None:
    """Choose ``default`` threads unless this process chose a number already."""
    if "wanted" not in _threads:
        use_threads(default)


def faiss_module() -> Any:
    """The ``faiss`` module, with the chosen thread count set for the calling thread.

    Set on every use: OpenMP keeps the count per thread (searches run in worker threads
    the main thread's setting does not reach), and torch, sharing the OpenMP runtime,
    sets its own count when an encoder loads."""
    import faiss

    faiss.omp_set_num_threads(_threads.get("wanted", 1))
    return faiss


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest scores, best first, ties to the lower position:
    ``np.argsort(-scores, kind="stable")[:k]`` without sorting everything."""
    n = len(scores)
    if k <= 0 or n == 0:
        return np.zeros(0, np.int64)
    if k >= n:
        return np.argsort(-scores, kind="stable")
    positive = np.flatnonzero(scores > 0)  # BM25 scores: most are 0, look at the rest
    if len(positive) >= k and not (scores < 0).any():
        pool = scores[positive]
        kth = np.partition(pool, len(pool) - k)[len(pool) - k]
        candidates = positive[pool >= kth]
    else:
        kth = np.partition(scores, n - k)[n - k]
        candidates = np.flatnonzero(scores >= kth)
    order = np.argsort(-scores[candidates], kind="stable")[:k]
    return candidates[order].astype(np.int64)


class ExactDense:
    """Exact search over one segment's matrix (FAISS's brute-force kernel, no copy)."""

    kind = "flat"

    def __init__(self, vectors: np.ndarray, owner: object | None = None) -> None:
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._owner = owner  # what frees ``vectors`` when they are a view (a FAISS index)
        self.dim = int(self._vectors.shape[1])

    def __len__(self) -> int:
        return len(self._vectors)

    def matrix(self) -> np.ndarray:
        """All vectors, in order (read-only view)."""
        view = self._vectors.view()
        view.flags.writeable = False
        return view

    def search(
        self, query: np.ndarray, k: int, exclude: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The best ``k`` ``(scores, positions)`` not in ``exclude``, best first."""
        n = len(self._vectors)
        want = min(n, k + (0 if exclude is None else len(exclude)))
        if want <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        faiss = faiss_module()

        q = np.ascontiguousarray(np.asarray(query, np.float32).reshape(1, -1))
        scores, found = faiss.knn(q, self._vectors, want, metric=faiss.METRIC_INNER_PRODUCT)
        scores, found = scores[0], found[0].astype(np.int64)
        if exclude is not None and len(exclude):
            keep = ~np.isin(found, exclude)
            scores, found = scores[keep], found[keep]
        return scores[:k], found[:k]


class HnswDense:
    """Approximate search over one segment: a FAISS HNSW graph that holds the vectors."""

    kind = "hnsw"

    def __init__(
        self, index: object, ef_search: int = HNSW_EF_SEARCH, owner: object | None = None
    ) -> None:
        faiss = faiss_module()

        self._index = index
        self._owner = owner  # the object that frees ``index``, kept alive as long as we are
        self.dim = int(index.d)  # type: ignore[attr-defined]
        self.ef_search = ef_search
        storage = faiss.downcast_index(index.storage)  # type: ignore[attr-defined]
        n = int(index.ntotal)  # type: ignore[attr-defined]
        self._view = faiss.rev_swig_ptr(storage.get_xb(), n * self.dim).reshape(n, self.dim)
        self._view.flags.writeable = False

    @classmethod
    def build(cls, vectors: np.ndarray, m: int = HNSW_M,
              ef_construction: int = HNSW_EF_CONSTRUCTION) -> HnswDense:
        """A graph over ``vectors`` (its position is each vector's id)."""
        faiss = faiss_module()

        index = faiss.IndexHNSWFlat(int(vectors.shape[1]), m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @property
    def params(self) -> dict[str, int]:
        """What the graph was built and is searched with (recorded in the manifest)."""
        hnsw = self._index.hnsw  # type: ignore[attr-defined]
        return {"M": int(hnsw.nb_neighbors(1)), "efConstruction": int(hnsw.efConstruction),
                "efSearch": self.ef_search}

    def __len__(self) -> int:
        return len(self._view)

    def matrix(self) -> np.ndarray:
        """All vectors, in order (a read-only view into the graph's storage)."""
        return self._view

    def search(
        self, query: np.ndarray, k: int, exclude: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """About the best ``k`` ``(scores, positions)`` not in ``exclude``, best first."""
        faiss = faiss_module()

        k = min(k, len(self))
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        batch = selector = None
        if exclude is not None and len(exclude):
            batch = faiss.IDSelectorBatch(np.asarray(exclude, dtype=np.int64))
            selector = faiss.IDSelectorNot(batch)
        params = faiss.SearchParametersHNSW(efSearch=max(self.ef_search, k), sel=selector)
        q = np.ascontiguousarray(np.asarray(query, np.float32).reshape(1, -1))
        scores, found = self._index.search(q, k, params=params)  # type: ignore[attr-defined]
        del batch  # (kept alive until the search is done: FAISS does not own it)
        keep = found[0] >= 0
        return scores[0][keep], found[0][keep].astype(np.int64)

    def index(self) -> object:
        """The FAISS index itself (for saving)."""
        return self._index


class VectorIndex(Protocol):
    """Searchable set of vectors, each known by an integer id."""

    dim: int

    def __len__(self) -> int:
        """How many vectors the index holds."""
        ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best ``(scores, ids)`` for one query vector, best first."""
        ...


class NumpyIndex:
    """Exact inner-product search with NumPy."""

    def __init__(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self.dim = int(vectors.shape[1])
        self._ids = np.asarray(ids, dtype=np.int64)
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k by inner product; ties broken by insertion order."""
        if len(self._ids) == 0 or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        scores = self._vectors @ np.asarray(query, np.float32).reshape(-1)
        k = min(k, len(scores))
        order = np.argsort(-scores, kind="stable")[:k]
        return scores[order], self._ids[order]


class FaissIndex:
    """Exact inner-product search with FAISS (``IndexIDMap2`` over ``IndexFlatIP``)."""

    def __init__(self, index: object) -> None:
        self._index = index
        self.dim = int(index.d)  # type: ignore[attr-defined]

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray) -> FaissIndex:
        """A new index holding ``vectors`` under ``ids``."""
        faiss = faiss_module()

        index = faiss.IndexIDMap2(faiss.IndexFlatIP(int(vectors.shape[1])))
        if len(ids):
            index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )
        return cls(index)

    def __len__(self) -> int:
        return int(self._index.ntotal)  # type: ignore[attr-defined]

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k by inner product."""
        if len(self) == 0 or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        k = min(k, len(self))
        q = np.ascontiguousarray(np.asarray(query, np.float32).reshape(1, -1))
        scores, ids = self._index.search(q, k)  # type: ignore[attr-defined]
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep].astype(np.int64)

    def ids(self) -> np.ndarray:
        """Every id in the index, in insertion order."""
        faiss = faiss_module()

        return faiss.vector_to_array(self._index.id_map).astype(np.int64)  # type: ignore[attr-defined]

    def save(self, path: Path, before_rename: Callable[[Path], None] | None = None) -> None:
        """Write the index atomically: to a temporary file, fsync, then rename over ``path``
        (``before_rename(temporary path)`` runs just before the rename)."""
        faiss = faiss_module()

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".vectors-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            faiss.write_index(self._index, tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            if before_rename is not None:
                before_rename(Path(tmp))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @classmethod
    def load(cls, path: Path) -> FaissIndex:
        """Read an index written by :meth:`save`. Raises ``RuntimeError`` if it is damaged."""
        faiss = faiss_module()

        _check_layout(path)
        return cls(faiss.read_index(str(path)))


# What save() writes (faiss.write_index of IndexIDMap2 over IndexFlatIP): "IxM2", the index
# header (d int32, ntotal int64, two unused int64, is_trained byte, metric int32), "IxFI", the
# same header, the vectors (count int64 = ntotal*d, then float32s), the ids (count, int64s).
_HEADER = struct.Struct("<4siqqqbi")


def _check_layout(path: Path) -> None:
    """Refuse a file whose sizes do not add up before FAISS reads it.

    FAISS allocates (and zero-fills) whatever a size field says before reading the data,
    so one damaged byte in a count could make it claim gigabytes of memory.
    """
    head_size = 2 * _HEADER.size + 8
    mismatch = "the sizes recorded in the index file do not add up"
    try:
        with open(path, "rb") as fh:
            head = fh.read(head_size)
            size = os.fstat(fh.fileno()).st_size
            if len(head) < head_size:
                raise RuntimeError("the index file is cut short")
            magic, dim, ntotal, _, _, trained, metric = _HEADER.unpack_from(head, 0)
            inner = _HEADER.unpack_from(head, _HEADER.size)
            (vector_count,) = struct.unpack_from("<q", head, 2 * _HEADER.size)
            if (magic, inner[0]) != (b"IxM2", b"IxFI") or (trained, metric) != (1, 0) or (
                inner[5:] != (1, 0)  # trained, inner product: what build() makes
            ):
                raise RuntimeError("the file is not an inner-product FAISS index by id")
            inner_dim, inner_ntotal = inner[1], inner[2]
            ids_at = head_size + 4 * dim * ntotal  # the id count, then the ids
            if not (0 < dim <= 1 << 16 and 0 <= ntotal < 1 << 40) or (
                (inner_dim, inner_ntotal, vector_count, size)
                != (dim, ntotal, ntotal * dim, ids_at + 8 + 8 * ntotal)
            ):
                raise RuntimeError(mismatch)
            fh.seek(ids_at)
            if struct.unpack("<q", fh.read(8))[0] != ntotal:
                raise RuntimeError(mismatch)
    except OSError as exc:
        raise RuntimeError(f"cannot open the index file: {exc.strerror or exc}") from exc
