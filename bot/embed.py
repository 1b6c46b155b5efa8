"""Sentence embeddings: the :class:`Encoder` protocol and the factory that picks a backend.

Two backends run the same model (``FOOTNOTE_EMBED_BACKEND``):

- ``onnx`` (default): an int8 ONNX copy through ONNX Runtime, made once from the model
  and cached; no torch at run time, so a cold ``footnote ask`` starts in about a second.
- ``torch``: sentence-transformers on torch, for any model it can load.

Both give mean-pooled, L2-normalised float32 vectors and record the same ``model_id``,
so a library built with one is read by the other (the int8 vectors differ from torch's
by a cosine of about 0.99, so an answer near a tie may differ). Importing this module
is cheap: every backend loads its libraries on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from bot.encoders.locate import (
    MODEL_PACKAGE,
    bundled_model_zip,
    is_hub_id,
    model_id_for,
    resolve_model_path,
    unpack_bundled_model,
)
from bot.encoders.onnx_backend import OnnxEncoder
from bot.encoders.torch_backend import SentenceTransformerEncoder

__all__ = [
    "MODEL_PACKAGE", "Backend", "Encoder", "OnnxEncoder", "SentenceTransformerEncoder",
    "bundled_model_zip", "is_hub_id", "make_encoder", "model_id_for", "resolve_model_path",
    "unpack_bundled_model",
]

Backend = Literal["onnx", "torch"]


class Encoder(Protocol):
    """Turns texts into unit-length float32 vectors, one row per text.

    The real backends also say whether their model is in memory yet (``loaded``): a
    question is encoded ahead, on another thread, only once it is
    (:mod:`bot.answering.question_vectors`)."""

    model_id: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``; returns an ``(len(texts), dim)`` float32 array of unit rows."""
        ...


def make_encoder(
    model: str, cache_dir: Path, threads: int = 2, backend: Backend = "onnx"
) -> Encoder:
    """The encoder the settings ask for; the model is loaded on first use, not here."""
    if backend == "torch":
        return SentenceTransformerEncoder(model, cache_dir, threads)
    return OnnxEncoder(model, cache_dir, threads)
