"""The model run by sentence-transformers on torch (``FOOTNOTE_EMBED_BACKEND=torch``).

Any model sentence-transformers can load works here; torch is imported on first use
only, so building this encoder costs nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from bot.encoders.locate import DEFAULT_DIM, is_hub_id, model_id_for, resolve_model_path
from bot.errors import ConfigError
from bot.settings import BUNDLED_MODELS

log = logging.getLogger(__name__)


def offline_hub(hub: bool) -> None:
    """Keep transformers and the hub client from reaching out (unless a hub model is
    wanted) and from printing progress bars."""
    if not hub:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def quiet_transformers() -> None:
    """Silence transformers' warnings and progress bars (call after importing torch)."""
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()


class SentenceTransformerEncoder:
    """The model through sentence-transformers. Loads on first use, in whichever thread
    needs it; one model is shared by every thread."""

    def __init__(self, model: str, cache_dir: Path, threads: int = 2) -> None:
        self.model_id = model_id_for(model)
        self._model_setting = model
        self._cache_dir = cache_dir
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()
        self._dim: int | None = DEFAULT_DIM if model in BUNDLED_MODELS else None

    @property
    def dim(self) -> int:  # type: ignore[override]
        """Vector width; loads the model when it is not known in advance."""
        if self._dim is None:
            self._load()
        assert self._dim is not None
        return self._dim

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (encoding now costs no load)."""
        return self._model is not None

    def _load(self) -> Any:  # a SentenceTransformer, imported lazily
        with self._lock:
            if self._model is None:
                hub = is_hub_id(self._model_setting)
                if hub:  # downloads once if a hub is reachable; nothing else does
                    path: Path | str = self._model_setting
                else:
                    path = resolve_model_path(self._model_setting, self._cache_dir)
                offline_hub(hub)
                import torch  # slow import: only when the model is really needed
                from sentence_transformers import SentenceTransformer

                quiet_transformers()
                torch.set_num_threads(self._threads)
                log.info("loading embedding model from %s (torch)", path)
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
