"""The model through ONNX Runtime, int8 (``FOOTNOTE_EMBED_BACKEND=onnx``, the default).

Encoding imports only ``onnxruntime``, ``tokenizers`` and numpy: no torch. The int8
copy of the model is made once by :mod:`bot.encoders.onnx_export` (which needs torch,
in a child process) and kept in the cache folder beside the unpacked model, under a name that
changes with the model, its package version and the exporting toolchain.

Each text runs through the graph on its own, unpadded: dynamic quantisation scales
each activation tensor by its own range, so a batch (or its padding) would change the
other rows' vectors. One at a time, a text's vector depends on that text alone, and it
is no slower on a CPU (measured: batches of 4 or 16 gain nothing).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from bot.encoders.cpu import multiplies_int8_exactly
from bot.encoders.locate import (
    DEFAULT_DIM,
    bundled_model_name,
    is_hub_id,
    model_id_for,
    resolve_model_path,
)
from bot.encoders.onnx_export import (
    EIGHT_BIT_WEIGHTS,
    MODEL_FILE,
    SPEC_FILE,
    TOKENIZER_FILE,
    EncoderSpec,
    UnsupportedModel,
    export_in_child,
    first_line,
)
from bot.encoders.onnx_graph import open_session
from bot.encoders.torch_backend import SentenceTransformerEncoder
from bot.errors import ConfigError
from bot.settings import BUNDLED_MODELS, STOCK_MODEL, TUNED_MODEL

log = logging.getLogger(__name__)

# Bump when the export or the quantisation changes: every cached copy is then remade.
# v6: the slow fused layer norm and GELU kernels left as plain ops (SLOW_FUSIONS; the graph
# was first made by fusing and writing them back out, which gave the same vectors).
RECIPE = "int8-v6"


def recipe() -> str:
    """The recipe this machine's copy is made with: :data:`RECIPE` and its weights' width
    (8 bits where int8 products cannot saturate, :func:`multiplies_int8_exactly`; else 7)."""
    return RECIPE + (EIGHT_BIT_WEIGHTS if multiplies_int8_exactly() else "-w7")


UNUSED_COPY_DAYS = 30
"""A cached copy of the same model that no Footnote has loaded for this long is deleted
when a new copy is made (an older recipe or toolchain; ~70 MB each). A copy another
install still uses is loaded, and so kept, at least that often."""
_TOOLCHAIN = ("onnxruntime", "torch", "transformers")


def _toolchain_key() -> str:
    """A short hash of the recipe and the versions of the packages that make the copy."""
    versions = [recipe()]
    for package in _TOOLCHAIN:
        try:
            versions.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    return hashlib.sha1("|".join(versions).encode()).hexdigest()[:10]


def _folder_fingerprint(folder: Path) -> str:
    """A hash of a local model folder's path and its files' sizes and times: a model
    replaced in place gets a new copy."""
    parts = [str(folder)]
    for path in sorted(folder.glob("*")) + sorted(folder.glob("*/*")):
        if path.is_file():
            stat = path.stat()
            parts.append(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:10]


def onnx_folder(model: str, cache_dir: Path) -> Path:
    """Where the int8 ONNX copy of the FOOTNOTE_MODEL setting ``model`` is cached."""
    if model == STOCK_MODEL:
        name = bundled_model_name()  # the unpacked model's own folder name
    elif model == TUNED_MODEL:
        from bot.encoders.tuned import tuned_folder_name

        name = tuned_folder_name()
    elif is_hub_id(model):
        name = "hub-" + model.replace("/", "--")
    else:
        path = resolve_model_path(model, cache_dir).resolve()  # ConfigError if missing
        name = f"local-{path.name}-{_folder_fingerprint(path)}"
    return cache_dir / "models" / f"{name}.onnx-{recipe()}-{_toolchain_key()}"


def mark_used(folder: Path) -> None:
    """Record that the copy in ``folder`` was loaded now (its spec file's time)."""
    with contextlib.suppress(OSError):
        os.utime(folder / SPEC_FILE)


def remove_unused_copies(folder: Path, days: float = UNUSED_COPY_DAYS) -> list[Path]:
    """Delete the other cached copies of ``folder``'s model not loaded for ``days``;
    returns the folders deleted."""
    stem = folder.name.split(".onnx-", 1)[0]
    cutoff = time.time() - days * 86400
    removed = []
    for other in folder.parent.glob(f"{stem}.onnx-*"):
        if other == folder or not other.is_dir():
            continue
        try:
            used = (other / SPEC_FILE).stat().st_mtime if (other / SPEC_FILE).exists() else (
                other.stat().st_mtime)
        except OSError:
            continue
        if used < cutoff:
            shutil.rmtree(other, ignore_errors=True)
            removed.append(other)
            log.info("Deleted %s: an ONNX copy of the model not used for %d days.", other,
                     days)
    return removed


class _Session:
    """A loaded ONNX graph and its tokenizer. ``encode`` is safe from many threads."""

    def __init__(self, folder: Path, threads: int) -> None:
        from tokenizers import Tokenizer

        self.folder = folder
        self.spec = EncoderSpec.read(folder)
        self._session = open_session(folder / MODEL_FILE, threads)
        self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self._tokenizer.no_padding()  # tokenizer.json may pad to a fixed width
        self._tokenizer.enable_truncation(self.spec.max_seq_length)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one text at a time (see the module docstring)."""
        out = np.empty((len(texts), self.spec.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            # one by one: encode_batch's thread pool warns in forked children
            ids = self._tokenizer.encode(text.lower() if self.spec.lowercase else text).ids
            input_ids = np.asarray(ids, dtype=np.int64).reshape(1, -1)
            feed = {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids),
                    "token_type_ids": np.zeros_like(input_ids)}
            out[row] = self._session.run(None, {n: feed[n] for n in self.spec.inputs})[0][0]
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


class OnnxEncoder:
    """The model through ONNX Runtime, int8. Loads (and the first time, exports) on first
    use; one session is shared by every thread.

    When the model cannot be exported (not BERT-like, no ``tokenizer.json``, no hub),
    it says why in one log line and runs the model on torch instead. ``model_id`` is the
    model's, whichever backend runs it.
    """

    def __init__(self, model: str, cache_dir: Path, threads: int = 2) -> None:
        self.model_id = model_id_for(model)
        self._model_setting = model
        self._cache_dir = cache_dir
        self._threads = threads
        self._lock = threading.Lock()
        self._session: _Session | None = None
        self._fallback: SentenceTransformerEncoder | None = None
        self._dim: int | None = DEFAULT_DIM if model in BUNDLED_MODELS else None

    @property
    def dim(self) -> int:  # type: ignore[override]
        """Vector width; loads the model when it is not known in advance."""
        if self._dim is None:
            loaded = self._load()
            self._dim = loaded.dim if self._fallback is not None else loaded.spec.dim
        return self._dim

    @property
    def backend(self) -> str:
        """``onnx``, or ``torch`` after a fallback (loads the model to find out)."""
        self._load()
        return "torch" if self._fallback is not None else "onnx"

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (encoding now costs no load)."""
        return self._session is not None or self._fallback is not None

    def _load(self) -> Any:  # the _Session, or the torch encoder after a fallback
        with self._lock:
            if self._session is None and self._fallback is None:
                folder = onnx_folder(self._model_setting, self._cache_dir)
                try:
                    exported = not (folder / SPEC_FILE).exists()
                    if exported:
                        export_in_child(self._model_setting, self._cache_dir, folder, recipe())
                    self._session = _Session(folder, self._threads)
                    mark_used(folder)
                    if exported:
                        remove_unused_copies(folder)
                except ConfigError:
                    raise
                except (UnsupportedModel, ImportError) as exc:
                    self._use_torch(f"it cannot be exported to ONNX here: {exc}")
                except Exception as exc:  # a damaged copy or a failed export: keep answering
                    log.debug("ONNX backend failed", exc_info=True)
                    self._use_torch(f"{first_line(exc)} (delete {folder} to make it again)")
        return self._fallback or self._session

    def _use_torch(self, why: str) -> None:
        log.warning("Embedding model %s runs on torch, not ONNX Runtime, because %s.",
                    self._model_setting, why)
        self._fallback = SentenceTransformerEncoder(
            self._model_setting, self._cache_dir, self._threads
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts; rows come out L2-normalised float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._load().encode(texts)
