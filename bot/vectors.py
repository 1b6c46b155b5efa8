"""Nearest-neighbour search over unit vectors: FAISS, with a NumPy twin.

Both implementations answer the same questions the same way (inner product of
unit vectors, i.e. cosine); the NumPy one is the oracle the tests compare FAISS
against, and a fallback for tiny libraries. Indexes are immutable once built:
a change to the library builds a new one, so searches never race an update.
"""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path
from typing import Protocol

import numpy as np


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
        import faiss

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
        import faiss

        return faiss.vector_to_array(self._index.id_map).astype(np.int64)  # type: ignore[attr-defined]

    def save(self, path: Path) -> None:
        """Write the index atomically: to a temporary file, fsync, then rename over ``path``."""
        import faiss

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".vectors-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            faiss.write_index(self._index, tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @classmethod
    def load(cls, path: Path) -> FaissIndex:
        """Read an index written by :meth:`save`. Raises ``RuntimeError`` if it is damaged."""
        import faiss

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
