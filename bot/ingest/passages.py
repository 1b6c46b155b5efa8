"""Cut an article body into passages: one per paragraph, long ones in windows.

The embedding model (all-MiniLM-L6-v2) reads only the first 256 word pieces of a
text, so a paragraph longer than ``max_words`` words is cut into consecutive
windows at sentence boundaries (a single overlong sentence is cut between words).
Every window keeps its paragraph's number. All offsets are absolute, into the
document text, so a passage or sentence quote is always ``text[start:end]``.
"""

from __future__ import annotations

import re

from bot.ingest.sentences import append_trimmed, split_sentences
from bot.models import PassageDraft, Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WORD = re.compile(r"\S+")
_LIST_MARKER = re.compile(r"(?:[-–•*▪●]|\d{1,2}[.)])[ \t]+(?=\S)")
"""A list item's marker ("- ", "• ", "3. "): the paragraph's words start after it."""


def paragraph_spans(text: str, start: int = 0) -> list[Span]:
    """Absolute spans of the paragraphs of ``text[start:]``, split at blank lines.

    Each span is trimmed of surrounding whitespace; empty paragraphs are skipped.
    """
    spans: list[Span] = []
    begin = start
    for brk in _PARAGRAPH_BREAK.finditer(text, start):
        append_trimmed(text, begin, brk.start(), spans)
        begin = brk.end()
    append_trimmed(text, begin, len(text), spans)
    return spans


def _cut_long_sentence(text: str, span: Span, max_words: int) -> list[Span]:
    """Cut one sentence of more than ``max_words`` words into word-bounded pieces."""
    words = [m.span() for m in _WORD.finditer(text, span[0], span[1])]
    return [
        (words[i][0], words[min(i + max_words, len(words)) - 1][1])
        for i in range(0, len(words), max_words)
    ]


def _windows(text: str, sentences: list[Span], max_words: int) -> list[list[Span]]:
    """Group consecutive sentences into windows of at most ``max_words`` words."""
    windows: list[list[Span]] = []
    current: list[Span] = []
    count = 0
    for span in sentences:
        n = len(_WORD.findall(text, span[0], span[1]))
        if n > max_words:
            if current:
                windows.append(current)
                current, count = [], 0
            windows.extend([piece] for piece in _cut_long_sentence(text, span, max_words))
            continue
        if current and count + n > max_words:
            windows.append(current)
            current, count = [], 0
        current.append(span)
        count += n
    if current:
        windows.append(current)
    return windows


def split_passages(text: str, body_start: int, max_words: int = 180) -> tuple[PassageDraft, ...]:
    """Cut the body of ``text`` (from ``body_start``) into passages.

    One passage per paragraph (paragraphs are separated by blank lines), numbered
    from 1; a paragraph of more than ``max_words`` words becomes several passages
    with the same number, cut at sentence boundaries. Each passage carries its
    absolute offsets and those of its sentences, which all lie inside it.
    """
    if max_words < 1:
        raise ValueError("max_words must be at least 1")
    if not 0 <= body_start <= len(text):
        raise ValueError(f"body_start {body_start} is outside the text (length {len(text)})")
    passages: list[PassageDraft] = []
    for number, (start, end) in enumerate(paragraph_spans(text, body_start), start=1):
        marker = _LIST_MARKER.match(text, start, end)
        if marker and marker.end() < end:
            start = marker.end()  # "- Height: 1.91m" is quoted as "Height: 1.91m"
        sentences = split_sentences(text, start, end)
        if len(_WORD.findall(text, start, end)) <= max_words:
            passages.append(PassageDraft(number, start, end, tuple(sentences)))
            continue
        for window in _windows(text, sentences, max_words):
            passages.append(PassageDraft(number, window[0][0], window[-1][1], tuple(window)))
    return tuple(passages)
