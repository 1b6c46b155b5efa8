"""A fast, rule-based English sentence splitter that returns absolute offsets.

It runs over every paragraph of every article, so it is pure regex and standard
library. A sentence ends at ``.``, ``!``, ``?`` or an ellipsis, optionally
followed by closing quotes or brackets, when whitespace and then a plausible
sentence start (a capital letter or digit, possibly behind an opening quote or
bracket) follow. A full stop does not end a sentence after a known abbreviation
(``Mr.``, ``e.g.``, ``Jan.``), an initial (``J. K. Rowling``) or inside a number
(``3.5``). A blank line always ends a sentence.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# Candidate ends: terminal punctuation, closing quotes/brackets, then whitespace.
_CANDIDATE = re.compile(r"(?<![.!?…])[.!?…]+[”\"’')\]]*(?=\s)")
"""A run of stops (and the quotes or brackets closing after it) before a space. Only from
a run's first stop: tried from every stop of a long run ("....." on a line of its own),
the search went back over the rest of the run each time."""
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_OPENERS = "“\"‘'([«"
_CLOSERS = "”\"’')]»"

# Never end a sentence after these (lower case, without the final dot).
_STRONG_ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof st rev fr gen col lt sgt capt cmdr adm maj
    gov sen rep hon pres supt insp det cllr
    e.g i.e cf vs v viz approx est fig al
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat
    """.split()
)
# Only before a number: "No. 10", "pp. 4-5", "Art. 50".
_NUMERIC_ABBREVIATIONS = frozenset("no nos nr art para p pp vol ch sec".split())
# Usually inside a sentence ("the U.S. economy") but often its end ("in the U.S.
# The ..."): they end a sentence only before a word that typically starts one.
_WEAK_ABBREVIATIONS = frozenset(
    "u.s u.k u.n e.u u.s.a a.m p.m etc inc ltd co corp plc bros jr sr".split()
)
# A U.S. state as the AP writes it after a city ("PANAMA CITY, Fla. (AP) — Hurricane ..."):
# weak after a comma, with its capital ("ill." or "wash." alone is a word ending a sentence).
_STATES = frozenset(
    """
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo
    mont neb nev n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn tex vt va wash w.va
    wis wyo d.c
    """.split()
)
_SENTENCE_STARTERS = frozenset(
    """
    the a an this that these those there then he she it its they we i you his her
    their our my but and or so yet if when while after before as in on at for
    however meanwhile still now later last next some many most one two three
    what who why how where mr mrs ms dr
    """.split()
)


def _token_before(text: str, dot: int, floor: int) -> str:
    """The word that ends just before ``text[dot]`` (a full stop), lower-cased."""
    i = dot
    while i > floor and not text[i - 1].isspace():
        i -= 1
    return text[i:dot].lstrip(_OPENERS).lower()


def _next_word(text: str, i: int, end: int) -> str:
    """The word starting at ``i`` without opening quotes, lower-cased and unpunctuated."""
    j = i
    while j < end and not text[j].isspace():
        j += 1
    return text[i:j].strip(_OPENERS + _CLOSERS + ",;:.!?").lower()


def _is_boundary(text: str, match: re.Match[str], floor: int, end: int) -> int | None:
    """Return where the next sentence starts if ``match`` ends a sentence, else None."""
    nxt = match.end()
    while nxt < end and text[nxt].isspace():
        nxt += 1
    if nxt >= end:
        return None
    first = nxt
    while first < end and text[first] in _OPENERS:
        first += 1
    if first >= end:
        return None
    char = text[first]
    if not (char.isupper() or char.isdigit()):
        return None
    punct = match.group().rstrip(_CLOSERS)
    if punct != ".":
        return nxt  # "!", "?", "…", "...": an end whenever a capital follows.
    if match.group() != punct:
        return nxt  # 'enough.” He' - a closing quote after the stop: an end.
    token = _token_before(text, match.start(), floor)
    if not token:
        return nxt
    word = _next_word(text, first, end)
    if token in _STRONG_ABBREVIATIONS:
        return None
    if token in _NUMERIC_ABBREVIATIONS:
        return None if char.isdigit() else nxt
    if token in _WEAK_ABBREVIATIONS:
        return nxt if word in _SENTENCE_STARTERS else None
    if token in _STATES and text[match.start() - len(token)].isupper() and \
            text[max(floor, match.start() - len(token) - 2):match.start() - len(token)] == ", ":
        return nxt if word in _SENTENCE_STARTERS else None  # "PANAMA CITY, Fla. (AP) —"
    # Initials: "J. K. Rowling", "George W. Bush" (a single capital letter).
    if len(token) == 1 and token.isalpha() and text[match.start() - 1].isupper():
        return None
    # Dotted acronyms not listed above ("D.C.", "a.k.a."): treat as weak.
    if "." in token and all(p.isalpha() and len(p) <= 2 for p in token.split(".")):
        return nxt if word in _SENTENCE_STARTERS else None
    return nxt


def _split_segment(text: str, start: int, end: int, out: list[Span]) -> None:
    """Append the sentences of ``text[start:end]`` (no blank lines inside) to ``out``."""
    begin = start
    for match in _CANDIDATE.finditer(text, start, end):
        nxt = _is_boundary(text, match, begin, end)
        if nxt is not None:
            append_trimmed(text, begin, match.end(), out)
            begin = nxt
    append_trimmed(text, begin, end, out)


def append_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    """Append ``(start, end)`` trimmed of whitespace, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentences.

    Returns absolute ``(start, end)`` offsets into ``text``, in order, each
    trimmed of surrounding whitespace and never empty. Together they cover every
    non-whitespace character of the range.
    """
    if end is None:
        end = len(text)
    start = max(0, start)
    end = min(len(text), end)
    spans: list[Span] = []
    segment_start = start
    for blank in _BLANK_LINE.finditer(text, start, end):
        _split_segment(text, segment_start, blank.start(), spans)
        segment_start = blank.end()
    _split_segment(text, segment_start, end, spans)
    return spans
