"""How close a question comes to news about other things: the refusal's yardstick.

A question's best cosine to a library says little on its own: a vague or generic
question ("what did the report find?") comes close to sentences of almost any news story,
a precise one about another subject to none. So the question is also compared with a
fixed background of news sentences about other things (``bot/data/background.tsv``:
the sentences of the news-style training articles written here, never the evaluation
sets), and the on-topic model weighs how far the library's best passage stands above
that background (the score-normalisation idea of speaker verification's z-norm).
Held out on the training data (``bench/train_answerer.py``, leave one article out), other
articles' questions refused when 1% of natural questions are refused rose from 0.876 to
0.935 (at 2%: 0.941 to 0.956). The answer (hedge) model does not weigh it.

The background is encoded once per embedding model and kept in the cache folder; a
question costs one (sentences x 384) product and a percentile, about 0.08 ms.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from bot.embed import Encoder

log = logging.getLogger(__name__)

BACKGROUND_PATH = Path(__file__).resolve().parent.parent / "data" / "background.tsv"
"""One sentence a line: ``<article>\\t<sentence>`` (the article lets training leave a
question's own article out)."""
PERCENTILE = 90
"""The background's high end: the cosine that a tenth of its sentences reach."""


def read_rows(path: Path = BACKGROUND_PATH) -> list[tuple[str, str]]:
    """(article, sentence) of every line of a background file."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        article, _, sentence = line.partition("\t")
        if sentence:
            rows.append((article, sentence))
    return rows


def _lines(rows: Iterable[tuple[str, str]]) -> str:
    return "".join(f"{' '.join(a.split())}\t{' '.join(s.split())}\n" for a, s in rows)


def write_rows(rows: Iterable[tuple[str, str]], path: Path = BACKGROUND_PATH) -> None:
    """Write a background file (tabs and line breaks inside a sentence become spaces)."""
    path.write_text(_lines(rows), "utf-8")


def rows_hash(rows: Iterable[tuple[str, str]]) -> str:
    """sha256 of the background file these rows make (the answer model records it)."""
    return hashlib.sha256(_lines(rows).encode("utf-8")).hexdigest()


def file_hash(path: Path = BACKGROUND_PATH) -> str:
    """sha256 of a background file as it is."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Background:
    """The background sentences' vectors for one encoder, and a question's closeness."""

    def __init__(self, encoder: Encoder, cache_dir: Path,
                 rows: list[tuple[str, str]] | None = None) -> None:
        self._encoder = encoder
        self._cache_dir = cache_dir
        self._rows = rows
        self._vectors: np.ndarray | None = None
        self._owners: np.ndarray | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            if self._vectors is None:
                rows = self._rows if self._rows is not None else read_rows()
                texts = [s for _, s in rows]
                self._owners = np.array([a for a, _ in rows])
                self._vectors = self._cached(texts)
            return self._vectors, self._owners  # type: ignore[return-value]

    def _cached(self, texts: list[str]) -> np.ndarray:
        """The texts' vectors, read from the cache folder or encoded and stored there."""
        key = hashlib.sha256("\n".join([self._encoder.model_id, *texts]).encode()).hexdigest()
        path = self._cache_dir / "background" / f"{key[:24]}.npy"
        if path.exists():
            try:
                vectors = np.load(path, allow_pickle=False)
                if vectors.shape == (len(texts), self._encoder.dim):
                    return vectors
            except (OSError, ValueError):
                pass  # a damaged cache file: encode again
        log.info("encoding %d background sentences for %s (once)", len(texts),
                 self._encoder.model_id)
        vectors = np.vstack([self._encoder.encode(texts[i : i + 256])
                             for i in range(0, len(texts), 256)]).astype(np.float32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy.tmp")
        except OSError as exc:  # a read-only cache folder: encode again next time
            log.warning("could not keep the background's vectors in %s: %s", path.parent, exc)
            return vectors
        try:
            with os.fdopen(fd, "wb") as out:
                np.save(out, vectors)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
        return vectors

    def warm(self) -> None:
        """Read (or encode, the first time on this machine) the background now, rather
        than on the first question."""
        self._load()

    def closeness(self, vector: np.ndarray,
                  exclude: frozenset[str] = frozenset()) -> tuple[float, float]:
        """The question's mean cosine to the background and its :data:`PERCENTILE`-th
        percentile, leaving out the sentences of the articles in ``exclude`` (training
        leaves out the question's own article; answering leaves out nothing). Not the
        best few: one background story on the question's subject would then make a
        question the library answers in other words look like news about something else
        ("Does he think fines will work?" of the seed, near a story about a water
        company's fine)."""
        vectors, owners = self._load()
        sims = vectors @ np.asarray(vector, dtype=np.float32)
        if exclude:
            sims = sims[~np.isin(owners, list(exclude))]
        if not len(sims):
            return 0.0, 0.0
        return float(sims.mean()), float(np.percentile(sims, PERCENTILE))
