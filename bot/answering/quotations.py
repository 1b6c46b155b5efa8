"""A quotation that runs over two sentences is quoted whole, never from its middle.

The sentence splitter cuts "“I'd reported that exact hole two weeks earlier. It shouldn't
take a broken bone to get a road fixed,” she said." in two; the second half alone opens on
words already in quotation marks and closes a quotation it never opened. An answer that
quotes such a sentence quotes the one before it too, where the quotation begins: a short
tail ("Facebook ‘likes’?”", :func:`ends_a_quotation`) whatever the sentence before it, a
longer one when the sentence before opens a quotation it does not close
(:func:`continues_a_quotation`).
"""

from __future__ import annotations

import re

QUOTATION_TAIL_WORDS = 6
"""A sentence this short that closes a quotation it did not open ("Facebook 'likes'?”") is
quoted with the sentence before it, where the quotation begins."""
_MARK = re.compile(r"[“”\"]")
_BEFORE_OPENING = "([—–-:"
"""What a straight double quote that opens a quotation may follow, besides a space."""


def ends_a_quotation(sentence: str) -> bool:
    """Whether ``sentence`` is the short tail of a quotation opened in an earlier sentence:
    at most :data:`QUOTATION_TAIL_WORDS` words, more closing quotation marks than opening
    ones (or one straight double quote, at its end)."""
    text = sentence.strip()
    if not text or len(text.split()) > QUOTATION_TAIL_WORDS:
        return False
    if text.count("”") > text.count("“"):
        return True
    return text.count('"') == 1 and text.endswith('"')


def _opening(text: str, at: int) -> bool:
    """Whether the quotation mark at ``at`` opens a quotation (“, or a straight one at the
    start or after a space or an opening bracket or dash) rather than closing one."""
    mark = text[at]
    if mark != '"':
        return mark == "“"
    return at == 0 or text[at - 1].isspace() or text[at - 1] in _BEFORE_OPENING


def continues_a_quotation(before: str, sentence: str) -> bool:
    """Whether ``sentence`` goes on with a quotation that ``before`` (the sentence before
    it) opens and leaves open: its first quotation mark closes one, and ``before`` opens
    more than it closes ('"I'd reported that exact hole two weeks earlier.' before 'It
    shouldn't take a broken bone to get a road fixed," she said.')."""
    text = sentence.strip()
    first = _MARK.search(text)
    if first is None or _opening(text, first.start()):
        return False
    lead = before.strip()
    opened = sum(1 if _opening(lead, m.start()) else -1 for m in _MARK.finditer(lead))
    return opened > 0
