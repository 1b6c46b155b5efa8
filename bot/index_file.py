"""The index file of a library: the dense index of its first (largest) segment.

``vectors.faiss`` holds that segment's FAISS index keyed by passage id, and
``manifest.json`` describes it (model, width, vectors epoch, generation, CRC-32).
Opening a library loads the file instead of indexing those passages again; it is
rewritten only when that segment is rebuilt (about each time the library doubles),
never on every add. It is a cache of the store: a missing, out-of-date or foreign
(another model, another epoch of vectors) file is simply rebuilt, while a damaged
one is refused with a sentence naming ``footnote reindex``.

Replacing it takes three renames, so a process killed between any two leaves a pair
that still opens: a manifest naming the new file as ``pending`` beside the current
description, the file itself, then the manifest of the new file alone.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import LibraryError
from bot.segments import file_crc, load_dense, save_dense
from bot.snapshot import Snapshot
from bot.vectors import ExactDense

MANIFEST_FORMAT = 2


class IndexFile:
    """``vectors.faiss`` and ``manifest.json`` in one library's folder."""

    def __init__(self, root: Path, library: str) -> None:
        self.root = root
        self.library = library
        self.faiss_path = root / "vectors.faiss"
        self.manifest_path = root / "manifest.json"

    def remove_stale_temp_files(self, older_than: float = 600.0) -> None:
        """Delete temporary files a killed writer left behind (old ones only: a live
        writer in another process may be using a fresh one)."""
        now = time.time()
        for pattern in (".vectors-*.tmp", ".manifest-*"):
            for path in self.root.glob(pattern):
                try:
                    if now - path.stat().st_mtime > older_than:
                        path.unlink()
                except OSError:
                    pass

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
    ) -> tuple[np.ndarray, Any] | None:
        """``(passage ids, dense index)`` from the file when it fits the store at
        ``generation`` (same model, width and vectors epoch), else None."""
        for attempt in range(2):
            manifest = self.read_manifest()
            if manifest is None or manifest.get("format") != MANIFEST_FORMAT:
                return None  # none yet, or from before this format: rebuilt from the store
            try:
                data = self.faiss_path.read_bytes()
            except FileNotFoundError:
                return None
            crc = zlib.crc32(data)
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
        ids, dense = load_dense(data)
        if found is not manifest:  # a writer was killed after renaming the file: finish
            self._dump(found)
        if dense.dim != dim:
            raise self._damaged(f"it holds vectors of width {dense.dim}, expected {dim}")
        return ids, dense

    def write(self, snap: Snapshot, *, model_id: str, dim: int, epoch: str | None) -> None:
        """Write the first segment of ``snap`` (an empty index when it has none)."""
        if snap.segments:
            dense, ids = snap.segments[0].dense, snap.segments[0].ids
        else:
            dense, ids = ExactDense(np.zeros((0, dim), np.float32)), np.zeros(0)
        try:
            current = self.read_manifest()
        except LibraryError:
            current = None  # a damaged manifest is being replaced
        new = {
            "format": MANIFEST_FORMAT, "model_id": model_id, "dim": dim, "epoch": epoch,
            "generation": snap.generation, "passages": len(ids), "kind": dense.kind,
            "params": getattr(dense, "params", {}), "library": self.library,
        }

        def announce(tmp: Path) -> None:
            new["crc32"] = file_crc(tmp)
            old = {k: v for k, v in (current or {}).items() if k != "pending"}
            self._dump({**old, "format": MANIFEST_FORMAT, "pending": new})

        save_dense(dense, np.asarray(ids, np.int64), self.faiss_path, announce)
        self._dump(new)

    def _dump(self, manifest: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=self.root)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.manifest_path)
