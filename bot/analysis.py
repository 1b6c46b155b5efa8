"""Per-article analyses computed once, when an article is added, and stored with it.

Some work is per sentence and too slow to repeat for every question (named
entities for the answerer, facts for the quiz). An :class:`Analyser` does that
work once at ingest; its JSON-able result is stored beside the article (one row
per article and analyser kind) and read back when needed, never recomputed
while the article and the analyser's ``version`` stay the same. Articles stored
before an analyser existed (or by an older version of it) are analysed on first
use and the result is stored then.

Analysers share one spaCy pass over the article: :meth:`ArticleSource.spacy_docs`
parses each passage once, whichever analysers ask for it.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.models import Span


class PassageSpans(Protocol):
    """What an analyser needs of a passage: where it and its sentences stand."""

    paragraph: int
    start: int
    end: int
    sentences: tuple[Span, ...]


@dataclass
class ArticleSource:
    """An article's text and passages, handed to every analyser (at ingest or later)."""

    text: str
    title: str | None
    passages: Sequence[PassageSpans]
    _docs: list[Any] | None = field(default=None, repr=False)

    def spacy_docs(self) -> list[Any]:
        """One spaCy ``Doc`` per passage (parsed once, shared by every analyser)."""
        if self._docs is None:
            from bot.nlp import get_nlp

            nlp = get_nlp()
            self._docs = list(nlp.pipe(self.text[p.start : p.end] for p in self.passages))
        return self._docs


def encode_result(value: Any) -> bytes:
    """The stored form of an analysis: compact JSON, zlib-compressed."""
    return zlib.compress(json.dumps(value, separators=(",", ":")).encode("utf-8"), 6)


def decode_result(data: bytes) -> Any:
    """The JSON data of a stored analysis; ValueError when ``data`` is not one."""
    try:
        return json.loads(zlib.decompress(data).decode("utf-8"))
    except zlib.error as exc:
        raise ValueError(f"not a stored analysis: {exc}") from exc


@dataclass(frozen=True)
class Analyser:
    """A named, versioned computation over one article whose result is stored.

    ``run`` returns plain JSON data (dicts, lists, strings, numbers), stored as
    ``encode`` makes it and read back through ``decode`` (by default: compressed JSON,
    read back as the same data; ``decode`` raises ValueError on bytes it cannot read, and
    the article is then analysed again); bump ``version`` whenever its output or stored form
    changes, and stored results are redone, or, where ``upgrade`` can read an older
    version's stored form (``upgrade(version, data, article text)``: what ``run`` would
    give, or None), converted without running again.
    """

    kind: str
    version: int
    run: Callable[[ArticleSource], Any]
    encode: Callable[[Any], bytes] = encode_result
    decode: Callable[[bytes], Any] = decode_result
    upgrade: Callable[[int, bytes, str], Any] | None = None


def run_analysers(
    analysers: Sequence[Analyser], source: ArticleSource
) -> dict[str, tuple[int, bytes]]:
    """Every analyser's stored form for one article: ``kind -> (version, data)``."""
    return {a.kind: (a.version, a.encode(a.run(source))) for a in analysers}
