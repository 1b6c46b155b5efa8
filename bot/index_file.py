"""The index files of a library: its first (largest) segment, whole.

``vectors.faiss`` holds that segment's FAISS index keyed by passage id (with its HNSW
graph when it has one), ``segment-<crc>.bin`` the rest of it (passage arrays,
sentence vectors, BM25 postings and the term list, see :mod:`bot.array_file`), and
``manifest.json`` describes both (model, width, vectors epoch, generation, CRC-32s).
Opening a library loads them instead of indexing those passages again: the segment
file is memory-mapped, so its sentence vectors and postings are read from disk when
a search needs them rather than held in memory, and only the articles changed since
the file's generation are read from the store. The files are rewritten only when that
segment is rebuilt (about each time the library doubles), never on every add.
It is a cache of the store: a missing, out-of-date or foreign
(another model, another epoch of vectors) file is simply rebuilt, while a damaged
one is refused with a sentence naming ``footnote reindex``.

Replacing it takes three renames, so a process killed between any two leaves a pair
that still opens: a manifest naming the new file as ``pending`` beside the current
description, the file itself, then the manifest of the new file alone. Writers hold
``.index.lock`` while they do (several processes share one PostgreSQL library's
folder): two writers interleaving could leave one's manifest beside the other's file. The segment
file is named by its CRC-32 and written before all three, so each description names
its own; the ones no description names are deleted after the last rename.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.array_file import read_arrays, write_arrays
from bot.errors import LibraryError
from bot.file_lock import exclusive
from bot.lexical import TOKENIZER_VERSION, Vocabulary
from bot.segment_builder import segment_of
from bot.segments import (
    Segment,
    file_crc,
    load_dense,
    save_dense,
    segment_arrays,
    segment_from_arrays,
    stream_crc,
)
from bot.snapshot import Snapshot

log = logging.getLogger(__name__)

MANIFEST_FORMAT = 4
"""Format 4 writes the generation the segment holds every live passage at; format 3 files
could name a later one (missing the other segments' articles), so they are rebuilt."""
WRITE_LOCK_SECONDS = 120.0
"""How long a writer waits for another process's write of the same files; then it leaves
them to that writer (they are a cache: the store has everything)."""
MAP_FROM_BYTES = 32 << 20
"""Segment files from this size on are memory-mapped; smaller ones are read into memory
(a mapping holds a file descriptor, and a small library gains little from one)."""


@dataclass(frozen=True)
class StoredIndex:
    """The first segment of a library as the index files hold it."""

    generation: int
    """The store's generation the files were written at."""
    segment: Segment
    vocabulary: Vocabulary
    """The term ids its postings use."""
    words_current: bool = True
    """Whether its BM25 postings were made by this :data:`~bot.lexical.TOKENIZER_VERSION`
    (when not, its vectors serve and the postings are made again from the store)."""


class IndexFile:
    """``vectors.faiss`` and ``manifest.json`` in one library's folder."""

    def __init__(self, root: Path, library: str) -> None:
        self.root = root
        self.library = library
        self.faiss_path = root / "vectors.faiss"
        self.manifest_path = root / "manifest.json"
        self.lock_path = root / ".index.lock"

    def remove_stale_temp_files(self, older_than: float = 600.0) -> None:
        """Delete temporary files a killed writer left behind (old ones only: a live
        writer in another process may be using a fresh one)."""
        now = time.time()
        for pattern in (".vectors-*.tmp", ".manifest-*", ".segment-*.tmp"):
            for path in self.root.glob(pattern):
                try:
                    if now - path.stat().st_mtime > older_than:
                        path.unlink()
                except OSError:
                    pass
        with contextlib.suppress(LibraryError):
            current = self.read_manifest()
            if current is not None:
                pending = (current.get("pending") or {}).get("segment_file")
                if pending is None:
                    self._remove_unnamed_segments(current, older_than)

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest, None when there is none, or the "damaged" sentence."""
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return data
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise LibraryError(
                f"The manifest of library {self.library!r} ({self.manifest_path}) is damaged "
                f"({exc}). Run `footnote reindex --library {self.library}` to rebuild it."
            ) from exc

    def _damaged(self, problem: str) -> LibraryError:
        return LibraryError(
            f"The vector index of library {self.library!r} ({self.faiss_path}) is damaged: "
            f"{problem}. Run `footnote reindex --library {self.library}` to rebuild it from "
            "the stored passages."
        )

    def load(
        self, *, generation: int, model_id: str, dim: int, epoch: str | None
    ) -> StoredIndex | None:
        """The first segment from the files when they fit the store at ``generation``
        (same model, width and vectors epoch), else None."""
        for attempt in range(2):
            manifest = self.read_manifest()
            if manifest is None or manifest.get("format") != MANIFEST_FORMAT:
                return None  # none yet, or from before this format: rebuilt from the store
            try:
                with open(self.faiss_path, "rb") as fh:
                    status = os.fstat(fh.fileno())
                    # a big file is mapped, not read (its CRC-32 is read in blocks)
                    data: bytes | None = fh.read() if status.st_size < MAP_FROM_BYTES else None
                    crc = zlib.crc32(data) if data is not None else stream_crc(fh)
            except FileNotFoundError:
                return None
            found = next((d for d in (manifest, manifest.get("pending") or {})
                          if d.get("crc32") == crc), None)
            if found is not None:
                break
            if attempt == 0:  # a writer in another process may have renamed in between
                time.sleep(0.05)
                continue
            raise self._damaged("its contents do not match its manifest (cut short or "
                                "overwritten)")
        fits = (found.get("model_id"), found.get("dim"), found.get("epoch")) == (
            model_id, dim, epoch)
        if not fits or int(found.get("generation", -1)) > generation:
            return None  # another model's vectors, or a store restored from an older backup
        segment_path = self.root / str(found.get("segment_file", ""))
        if not found.get("segment_file") or not segment_path.is_file():
            return None  # lost (or a copy of the other files alone): rebuilt from the store
        ids, dense = load_dense(self.faiss_path if data is None else data)
        del data
        try:
            replaced = os.stat(self.faiss_path).st_ino != status.st_ino
        except FileNotFoundError:
            replaced = True
        if replaced:
            return None  # replaced since its CRC was read: the store serves this time
        if dense.dim != dim:
            raise self._damaged(f"it holds vectors of width {dense.dim}, expected {dim}")
        try:
            if file_crc(segment_path) != found.get("segment_crc32"):
                raise self._damaged(f"{segment_path.name} does not match its manifest")
            segment, vocabulary = segment_from_arrays(read_arrays(segment_path, MAP_FROM_BYTES),
                                                      dense, upto=int(found.get("generation", 0)))
        except FileNotFoundError:
            return None  # replaced by a writer in another process just now
        except (ValueError, KeyError) as exc:
            raise self._damaged(f"{segment_path.name} is not readable ({exc})") from exc
        if not np.array_equal(segment.ids, ids):
            raise self._damaged(f"{segment_path.name} and vectors.faiss hold other passages")
        if found is not manifest:  # a writer was killed after renaming the file: finish
            self._dump(found)
            self._remove_unnamed_segments(found)
        return StoredIndex(int(found.get("generation", 0)), segment, vocabulary,
                           words_current=found.get("tokenizer") == TOKENIZER_VERSION)

    def write(
        self, snap: Snapshot, *, model_id: str, dim: int, epoch: str | None
    ) -> Segment | None:
        """Write the first segment of ``snap`` (an empty index when it has none) at the
        generation it holds every live passage at (its ``upto``; the other segments hold
        only later changes, which a reopen reads from the store); returns that segment
        read back memory-mapped from the file (None when there is none, or when another
        process kept the files' lock too long)."""
        with exclusive(self.lock_path, WRITE_LOCK_SECONDS) as locked:
            if not locked:
                log.warning("library %s: another process held %s for %.0f s; its index files "
                            "are left to it", self.library, self.lock_path, WRITE_LOCK_SECONDS)
                return None
            return self._write(snap, model_id=model_id, dim=dim, epoch=epoch)

    def _write(
        self, snap: Snapshot, *, model_id: str, dim: int, epoch: str | None
    ) -> Segment | None:
        segment = snap.segments[0] if snap.segments else segment_of([], dim, 0, snap.vocabulary)
        dense, ids = segment.dense, segment.ids
        fd, tmp = tempfile.mkstemp(prefix=".segment-", suffix=".tmp", dir=self.root)
        os.close(fd)
        try:
            write_arrays(Path(tmp), segment_arrays(segment, snap.vocabulary.terms()))
            segment_crc = file_crc(Path(tmp))
            segment_file = f"segment-{segment_crc:08x}.bin"
            os.replace(tmp, self.root / segment_file)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        try:
            current = self.read_manifest()
        except LibraryError:
            current = None  # a damaged manifest is being replaced
        new = {
            "format": MANIFEST_FORMAT, "model_id": model_id, "dim": dim, "epoch": epoch,
            "generation": segment.upto if snap.segments else snap.generation,
            "passages": len(ids), "kind": dense.kind,
            "params": getattr(dense, "params", {}), "library": self.library,
            "segment_file": segment_file, "segment_crc32": segment_crc,
            "tokenizer": TOKENIZER_VERSION,
        }

        def announce(tmp: Path) -> None:
            new["crc32"] = file_crc(tmp)
            old = {k: v for k, v in (current or {}).items() if k != "pending"}
            self._dump({**old, "format": MANIFEST_FORMAT, "pending": new})

        save_dense(dense, np.asarray(ids, np.int64), self.faiss_path, announce)
        self._dump(new)
        self._remove_unnamed_segments(new)
        if not snap.segments:
            return None
        try:  # (another process may have replaced the files meanwhile: then keep ours)
            if self.faiss_path.stat().st_size >= MAP_FROM_BYTES:  # its vectors mapped too
                on_disk, mapped_dense = load_dense(self.faiss_path)
                if np.array_equal(on_disk, ids) and mapped_dense.kind == dense.kind:
                    dense = mapped_dense
            arrays = read_arrays(self.root / segment_file, MAP_FROM_BYTES)
            mapped, _ = segment_from_arrays(arrays, dense, snap.vocabulary, upto=segment.upto)
        except (OSError, RuntimeError, ValueError):
            return None
        return mapped if np.array_equal(mapped.ids, ids) else None

    def _remove_unnamed_segments(self, manifest: dict[str, Any], older_than: float = 60.0) -> None:
        """Delete the segment files the manifest does not name, unless written in the last
        ``older_than`` seconds (a writer in another process may be about to name it). A
        reader that mapped one keeps it until it lets go."""
        now = time.time()
        for path in self.root.glob("segment-*.bin"):
            if path.name != manifest.get("segment_file"):
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime > older_than:
                        path.unlink()

    def _dump(self, manifest: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=self.root)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.manifest_path)
