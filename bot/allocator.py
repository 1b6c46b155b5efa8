"""Handing memory the process freed back to the operating system.

Loading a library reads its whole store once (many small arrays and objects) and
then keeps far less. glibc's allocator keeps freed small blocks in its heaps for
reuse, so without a trim the process's resident size stays at the peak of the load.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache
from typing import Any


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
