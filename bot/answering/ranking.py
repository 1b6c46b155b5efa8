"""Ranking vectors: a second encoder, fine-tuned to find the sentence that answers a
question, read by the passage and sentence rankers only.

Every other piece of evidence (retrieval, the refusal's closeness, the decision's cosines)
reads the library's own vectors, so fine-tuning for ranking cannot move the refusal: a
tuned encoder used for everything brought other articles' questions closer too (docs/benchmarks.md,
"Stop 30"). The tuned encoder (``FOOTNOTE_RANKING_MODEL``, by default the bundled model
with the shipped BitFit delta, :mod:`bot.encoders.tuned`) encodes

- every sentence of an article once, when it is added: an :class:`~bot.analysis.Analyser`
  whose stored result is the article's sentence vectors (float16, passage by passage), so
  both storage backends keep them beside the article's other analyses with no schema
  change, copies carry them, and an article stored before (or under another ranking
  model: the analyser's version is the model's hash) is encoded on first use and kept;
- every question, a second time, beside the main encoding (:class:`Ranking`).

With no ranking model (``FOOTNOTE_RANKING_MODEL=same``) the rankers read the main
encoder's cosines in the same columns.
"""

from __future__ import annotations

import hashlib
import logging
import struct
from dataclasses import dataclass

import numpy as np

from bot.analysis import Analyser, ArticleSource
from bot.embed import Encoder

log = logging.getLogger(__name__)

RANKING_KIND = "ranking-vectors"
"""The analysis kind the ranking vectors are stored under."""
_STORED = np.dtype("<f2")
"""How they are stored: half precision (a cosine off by about 1e-3, half the bytes)."""


def model_version(model_id: str) -> int:
    """The analysis version for vectors of ``model_id``: a new ranking model is a new
    version, so articles encoded by the old one are encoded again on first use."""
    return int(hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:7], 16)


def pack_vectors(per_passage: list[np.ndarray]) -> bytes:
    """The stored form: the passage count, each passage's sentence count, the width, then
    every row in half precision."""
    dim = next((m.shape[1] for m in per_passage if m.ndim == 2 and m.shape[1]), 0)
    head = struct.pack(f"<II{len(per_passage)}I", len(per_passage), dim,
                       *(len(m) for m in per_passage))
    rows = [np.asarray(m, np.float32).reshape(-1, dim) for m in per_passage if len(m)]
    body = np.concatenate(rows).astype(_STORED).tobytes() if rows else b""
    return head + body


def unpack_vectors(data: bytes) -> tuple[np.ndarray, ...]:
    """Per passage, its sentences' ranking vectors (float16 rows), as :func:`pack_vectors`
    stored them; ``ValueError`` for bytes of another shape."""
    if len(data) < 8:
        raise ValueError("stored ranking vectors are cut short")
    count, dim = struct.unpack_from("<II", data)
    offset = 8 + 4 * count
    if len(data) < offset or (len(data) - offset) % np.dtype(_STORED).itemsize:
        raise ValueError(f"stored ranking vectors are {len(data)} bytes, too few for "
                         f"{count} passages' counts or not whole numbers")
    counts = struct.unpack_from(f"<{count}I", data, 8)
    matrix = np.frombuffer(data, _STORED, offset=offset)
    if matrix.size != sum(counts) * dim:
        raise ValueError(f"stored ranking vectors hold {matrix.size} numbers, not "
                         f"{sum(counts)} rows of {dim}")
    matrix = matrix.reshape(-1, dim) if dim else matrix.reshape(0, 0)
    cuts = np.cumsum(counts)[:-1] if counts else []
    return tuple(np.split(matrix, cuts)) if counts else ()


def ranking_analyser(encoder: Encoder, kind: str = RANKING_KIND) -> Analyser:
    """The analyser that stores an article's sentence vectors as ``encoder`` makes them
    (under another ``kind`` when a training run keeps two encoders' side by side)."""

    def run(source: ArticleSource) -> list[np.ndarray]:
        spans = [[(a, b) for a, b in p.sentences] for p in source.passages]
        texts = [source.text[a:b] for s in spans for a, b in s]
        matrix = encoder.encode(texts) if texts else np.zeros((0, encoder.dim), np.float32)
        out, at = [], 0
        for s in spans:
            out.append(matrix[at : at + len(s)])
            at += len(s)
        return out

    return Analyser(kind=kind, version=model_version(encoder.model_id), run=run,
                    encode=pack_vectors, decode=unpack_vectors)


@dataclass(frozen=True)
class Ranking:
    """What the rankers read a question's ranking evidence with: its vector from the
    ranking encoder, and the analyser whose stored vectors it is compared with."""

    vector: np.ndarray
    analyser: Analyser


def passage_sentence_vectors(snapshot, row: int, analyser: Analyser) -> np.ndarray | None:
    """The ranking vectors of the sentences of the passage at ``row`` (float16), or None
    when its article's stored ones do not match its passages (logged: then that passage's
    ranking cosines fall back to zero)."""
    passage_id = int(snapshot.ids[row])
    article_id = snapshot.passages[row].article_id
    pids = snapshot.article_passages.get(article_id)
    per_passage = snapshot.analysis(article_id, analyser)
    if pids is None or len(per_passage) != len(pids):
        log.warning("article %s: %d passages but ranking vectors for %d", article_id,
                    0 if pids is None else len(pids), len(per_passage))
        return None
    return per_passage[int(np.searchsorted(pids, passage_id))]
