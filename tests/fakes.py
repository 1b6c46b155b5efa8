"""Stand-ins for tests: a tiny deterministic encoder (not shipped in ``bot/``)."""

from __future__ import annotations

import hashlib
import re

import numpy as np

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


class CountingEncoder(HashingEncoder):
    """The hashing encoder, counting how many texts it embeds."""

    def __init__(self, model_id: str = "test-hashing") -> None:
        super().__init__(model_id=model_id)
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed as :class:`HashingEncoder` does, and count the texts."""
        self.texts += len(texts)
        return super().encode(texts)
