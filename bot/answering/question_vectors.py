"""A question's vectors, computed on an encoding thread while its words are read.

Encoding the question is most of an ask; the model runs with one thread (see
``FOOTNOTE_ENCODER_THREADS``) and releases the GIL while it does. What needs no vector
(cleaning the question, opening the library, the metadata and "who is X?" checks, the
question's words with misspellings mended, BM25 over the library) runs meanwhile on
the caller's thread, on the other core.

Which texts are encoded depends only on the question and the turn before it, never on
the library: the question as asked, and for a follow-up with no words of its own
("what did he say about them?") the earlier question read together with it.

Before the model is loaded (a cold ``footnote ask``), nothing is started: the vectors are
computed on the caller's thread when first needed, so a question answered without them
("who wrote it?") never loads the model, and the process never waits at exit for a load
nobody needs.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from bot.answering.followup import is_follow_up
from bot.conversation import Turn
from bot.embed import Encoder
from bot.lexical import tokenize
from bot.question import as_asked

ENCODING_THREADS = 2
"""Questions encoded at once: one per core (several people asking at the same moment)."""

_pool_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None


def _encoding_pool() -> ThreadPoolExecutor:
    """The process's encoding threads (made on first use, and again in a forked child,
    which inherits the pool but not its threads)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(
                ENCODING_THREADS, thread_name_prefix="footnote-encode"))
        return _pool[1]


class _Deferred:
    """The encoding, done on the caller's thread when first asked for (the model is not
    loaded yet); the same face as the :class:`Future` it stands in for."""

    def __init__(self, encoder: Encoder, texts: list[str]) -> None:
        self._encoder, self._texts = encoder, texts
        self._vectors: np.ndarray | None = None

    def result(self) -> np.ndarray:
        if self._vectors is None:
            self._vectors = self._encoder.encode(self._texts)
        return self._vectors

    def done(self) -> bool:
        return True  # nothing runs meanwhile: nothing to wait for

    def cancel(self) -> bool:
        return True


class QuestionVectors:
    """The vectors of one question, on their way. :meth:`asked` and :meth:`combined`
    wait for them (and raise what encoding raised)."""

    def __init__(self, future: Future[np.ndarray] | _Deferred, combined: bool,
                 ranking: Future[np.ndarray] | _Deferred | None = None,
                 encoders: tuple[Encoder, Encoder | None] | None = None) -> None:
        self._future = future
        self._has_combined = combined
        self._ranking = ranking
        self._encoders = encoders

    @classmethod
    def of(cls, encoder: Encoder, question: str, previous: Turn | None = None, *,
           ranking: Encoder | None = None) -> QuestionVectors:
        """Start encoding ``question`` (already cleaned) on the encoding threads, by the
        ranking encoder too when there is one (on the other thread: the rankers need it
        only once the passages are found)."""
        texts = [as_asked(question)]
        combined = previous is not None and is_follow_up(question) and not tokenize(question)
        if combined and previous is not None:
            texts.append(f"{as_asked(previous.question)} {as_asked(question)}")
        return cls(_start(encoder, texts), combined,
                   None if ranking is None else _start(ranking, texts), (encoder, ranking))

    def reworded(self, question: str, previous: Turn | None = None) -> QuestionVectors:
        """The vectors of ``question``, a rewording of this one ("what does Simon Bailey
        want" for "what does he want"), by the same encoders (read with ``previous`` as
        :meth:`of` reads a follow-up)."""
        if self._encoders is None:
            raise ValueError("these vectors were not made by QuestionVectors.of")
        encoder, ranking = self._encoders
        return QuestionVectors.of(encoder, question, previous, ranking=ranking)

    def __call__(self) -> np.ndarray:
        """:meth:`asked` (so that the answerer can take these as a vector to wait for)."""
        return self.asked()

    def pending(self) -> bool:
        """Whether the vectors are still being computed."""
        return not self._future.done()

    def asked(self) -> np.ndarray:
        """The unit vector of the question as asked."""
        return self._future.result()[0]

    def combined(self) -> np.ndarray | None:
        """The earlier question read with this one, when it was encoded (see module)."""
        return self._future.result()[1] if self._has_combined else None

    def ranking(self) -> np.ndarray | None:
        """The unit vector of the question as the ranking encoder reads it (None without
        one)."""
        return None if self._ranking is None else self._ranking.result()[0]

    def ranking_combined(self) -> np.ndarray | None:
        """:meth:`combined`, as the ranking encoder reads it (None without one)."""
        if self._ranking is None or not self._has_combined:
            return None
        return self._ranking.result()[1]

    def cancel(self) -> None:
        """Not needed after all (answered from metadata, say): drop it if not started."""
        self._future.cancel()
        if self._ranking is not None:
            self._ranking.cancel()


def _start(encoder: Encoder, texts: list[str]) -> Future[np.ndarray] | _Deferred:
    """Encode ``texts`` on the encoding threads, or on first need while the model is not
    loaded yet."""
    if getattr(encoder, "loaded", True):
        return _encoding_pool().submit(encoder.encode, texts)
    return _Deferred(encoder, texts)
