"""Plain data shared by the engine and its adapters. No behaviour, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]
"""A half-open character range ``(start, end)`` into an article's stored text."""


@dataclass(frozen=True)
class ExtractedText:
    """Text pulled out of a file, a web page or a paste, before newspaper cleaning."""

    text: str
    title: str | None = None
    author: str | None = None
    publication: str | None = None
    published: str | None = None
    url: str | None = None
    source: str = "text"
    """Where it came from, for people: a file name, a URL, or "pasted text"."""
    notes: tuple[str, ...] = ()
    """Things worth telling the moderator (for example "decoded as Windows-1252")."""


@dataclass(frozen=True)
class PassageDraft:
    """A passage cut from a cleaned document, before it is stored."""

    paragraph: int
    """1-based paragraph number within the article body."""
    start: int
    end: int
    sentences: tuple[Span, ...]
    """Absolute offsets of each sentence, into the document text."""


@dataclass(frozen=True)
class CleanDocument:
    """An article after cleaning: the text to store, its metadata and its passages.

    ``text`` is what is stored and what every quote is checked against: quotes are
    always ``text[start:end]`` of a passage or sentence.
    """

    text: str
    title: str | None
    author: str | None
    author_role: str | None
    publication: str | None
    published: str | None
    url: str | None
    byline: Span | None
    """Where the byline stands in ``text`` (so a quote of it is verbatim), if any."""
    passages: tuple[PassageDraft, ...]
    source: str = "text"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """A stored article: metadata and full cleaned text."""

    id: int
    title: str
    text: str
    content_hash: str
    author: str | None = None
    author_role: str | None = None
    publication: str | None = None
    published: str | None = None
    url: str | None = None
    source: str = "text"
    byline: Span | None = None
    added_at: str = ""
    added_by: str | None = None
    passage_count: int = 0


@dataclass(frozen=True)
class Passage:
    """A stored passage: a paragraph (or part of a long one) of an article."""

    id: int
    article_id: int
    paragraph: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...] = field(default=())
    """Absolute offsets of the passage's sentences into the article text."""


@dataclass(frozen=True)
class Citation:
    """One numbered source under an answer. ``quote`` is verbatim article text."""

    n: int
    article_id: int
    title: str
    paragraph: int
    quote: str
    url: str | None
    score: float
    start: int
    end: int
    answer_span: Span | None = None
    """Where, inside ``quote`` (offsets into the quote string), the exact thing asked
    for stands (a name, date, number or place), when one span of it is the answer."""


@dataclass(frozen=True)
class Answer:
    """What the bot says to a question: the text and the sources it rests on."""

    question: str
    text: str
    declined: bool
    citations: tuple[Citation, ...] = ()
    confidence: float = 0.0
    """How sure the answerer is that the library holds the answer (0..1)."""
    suggestions: tuple[str, ...] = ()
    """When declining: titles of articles the library does have, to help the asker."""
    hedged: bool = False
    """An answer given on weak evidence: the library is about the subject, but the
    quoted passage may not say this directly. Adapters show the hedge plainly."""
