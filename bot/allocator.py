"""Telling the operating system how this process uses its memory.

Loading a library reads its whole store once (many small arrays and objects) and
then keeps far less. glibc's allocator keeps freed small blocks in its heaps for
reuse, so without a trim the process's resident size stays at the peak of the load.

Index files mapped into memory are read at random (a search touches a few thousand
vectors of a graph): without saying so, each page fault also maps its neighbours
(read-ahead and fault-around), and the process's resident size grows by megabytes a
search for pages it never reads.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import mmap
import sys
from functools import lru_cache
from typing import Any

import numpy as np


@lru_cache(maxsize=1)
def _libc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def release_free_memory() -> bool:
    """Return freed heap memory to the system (glibc ``malloc_trim``); False where the
    C library has no such call (musl, macOS: nothing is done)."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def settle_long_lived() -> None:
    """Exempt every object alive now from the cyclic garbage collector's full passes (they
    are still freed by reference counting as usual). Called once a library is loaded: a
    full pass walks every tracked object, and with a library of 20,000 articles (and the
    parser's model) loaded one took about 170 ms, every dozen or so questions."""
    gc.collect()
    gc.freeze()


def unsettle() -> None:
    """Return the objects :func:`settle_long_lived` exempted to the collector (a big
    library closed: what it held may now be garbage in cycles)."""
    gc.unfreeze()


def advise_random(array: np.ndarray) -> bool:
    """Say that the memory-mapped pages under ``array`` are read at random (no read-ahead
    or fault-around); False where that cannot be said (then nothing changes)."""
    libc = _libc()
    if libc is None or not hasattr(libc, "madvise") or not array.nbytes:
        return False
    page = mmap.PAGESIZE
    start = array.ctypes.data // page * page
    end = array.ctypes.data + array.nbytes
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    return libc.madvise(ctypes.c_void_p(start), ctypes.c_size_t(end - start),
                        mmap.MADV_RANDOM) == 0
