"""Named NumPy arrays in one file, read back memory-mapped (nothing is copied into RAM).

Layout: the magic ``FNARRAY1``, the length of a JSON header (uint64, little-endian),
the header (per array: dtype, shape, offset), then each array's bytes at a 64-byte
aligned offset. Reading maps the file once and returns read-only views of it: pages
are loaded from disk (and count in the process's memory) only when they are read, and
the kernel can drop them again under memory pressure.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"FNARRAY1"
_ALIGN = 64


def write_arrays(path: Path, arrays: Mapping[str, np.ndarray]) -> None:
    """Write ``arrays`` to ``path`` (overwriting it) and fsync it."""
    layout: dict[str, dict[str, object]] = {}
    at = 0
    for name, array in arrays.items():
        layout[name] = {"dtype": np.asarray(array).dtype.str, "shape": list(array.shape),
                        "offset": at}
        at += -(-int(np.asarray(array).nbytes) // _ALIGN) * _ALIGN
    header = json.dumps(layout).encode()
    start = -(-(len(MAGIC) + 8 + len(header)) // _ALIGN) * _ALIGN
    with open(path, "wb") as fh:
        fh.write(MAGIC + len(header).to_bytes(8, "little") + header)
        for name, array in arrays.items():
            fh.seek(start + int(layout[name]["offset"]))  # type: ignore[call-overload]
            # in blocks: a memory-mapped source is never read into RAM whole
            flat = np.ascontiguousarray(array).reshape(-1)
            step = max(1, (1 << 24) // max(1, flat.itemsize))
            for a in range(0, len(flat), step):
                fh.write(flat[a:a + step].tobytes())
        fh.truncate(start + at)
        fh.flush()
        os.fsync(fh.fileno())


def read_arrays(path: Path, map_from: int = 0) -> dict[str, np.ndarray]:
    """The arrays of a file :func:`write_arrays` wrote, as read-only views of it mapped
    into memory, or (a file smaller than ``map_from`` bytes) of a copy read into memory:
    Python's mmap holds a file descriptor for as long as the mapping lives, and a bot
    with many small libraries open should not hold one more for each.

    Raises ``ValueError`` when the file is not such a file or its sizes do not add up.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(len(MAGIC) + 8)
        if len(head) < len(MAGIC) + 8 or head[:len(MAGIC)] != MAGIC:
            raise ValueError("not an array file")
        length = int.from_bytes(head[len(MAGIC):], "little")
        if length > min(size, 1 << 24):
            raise ValueError("its header size is wrong")
        try:
            layout = json.loads(fh.read(length))
        except ValueError as exc:
            raise ValueError("its header is damaged") from exc
        start = -(-(len(MAGIC) + 8 + length) // _ALIGN) * _ALIGN
        mapped: Any = None
        if size >= max(1, map_from):
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            mapped.madvise(mmap.MADV_RANDOM)  # searches read a few rows here and there
        elif size:
            fh.seek(0)
            mapped = fh.read()
    out: dict[str, np.ndarray] = {}
    try:
        for name, spec in layout.items():
            dtype, shape = np.dtype(spec["dtype"]), tuple(int(n) for n in spec["shape"])
            count = int(np.prod(shape)) if shape else 1
            offset = start + int(spec["offset"])
            if min(shape, default=0) < 0 or offset + count * dtype.itemsize > size:
                raise ValueError(f"array {name!r} runs past the end of the file")
            if count == 0 or mapped is None:
                out[name] = np.zeros(shape, dtype)
            else:
                out[name] = np.frombuffer(mapped, dtype, count, offset).reshape(shape)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError("its header is damaged") from exc
    return out
