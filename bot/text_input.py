"""Text typed by people (questions, quiz answers): characters that show nothing.

One table and one function for every place that reads what a person typed, so a
message made only of invisible characters ("\\u3164\\u3164", Hangul fillers; zero-width
spaces; direction marks) is refused alike as a question and as a quiz answer.
"""

from __future__ import annotations

import unicodedata

INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers (letters that draw nothing)
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"  # direction marks and embeddings
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # direction isolates
    "\u2800"  # Braille pattern blank
    "\ufeff"  # byte-order mark / zero-width no-break space
)
"""Characters that take no visible space of their own."""

_TABLE = dict.fromkeys(map(ord, INVISIBLE))


def strip_invisible(text: str) -> str:
    """``text`` in NFC form without the :data:`INVISIBLE` characters (spaces are kept)."""
    return unicodedata.normalize("NFC", text).translate(_TABLE)


def is_blank(text: str | None) -> bool:
    """Whether ``text`` shows nothing: empty, spaces, or only invisible characters."""
    return not text or not strip_invisible(text).strip()
