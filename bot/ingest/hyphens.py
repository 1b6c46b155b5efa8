"""A word broken at the end of a line: "seg-" / "regated" is one word, "self-" / "harm"
a hyphenated one; and a story's first word broken after its drop cap ("T" / "he queue").

Typeset text (a PDF, or text copied out of one) breaks long words across lines with a
hyphen; hard-wrapped text also breaks at a compound's own hyphen. Joining every break
without its hyphen made "well-known" "wellknown"; keeping every hyphen made "seg-regated"
and "cyc-ling". The article itself decides first (it writes "self-harm" or "cycling"
elsewhere), then English: a common word joined ("cycling") is one word; two common words
("long" / "term", "by" / "election") are a compound; anything else ("Porth" / "leven") is
one word the line broke.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from bot.answering.word_frequency import frequency
from bot.lexical import stem

COMMON_JOINED = 3.2
"""A joined word at least this common in English (Zipf: "cycling" 4.6, "segregated" 3.6)
is one word; "longterm" (2.8) and "reelected" (3.0) are not."""
COMMON_PART = 3.0
"""Two pieces each at least this common are a compound's words ("long" / "term")."""
_HEAD = re.compile(r"([^\W\d_]+)-$")
_TAIL = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_DROP_CAP = re.compile(r"^(?P<cap>[B-HJ-Z])\s(?P<rest>[a-z]+)\b")
"""A paragraph opening on a capital letter set apart from the rest of its word ("T he
queue"): not "A" or "I", which are words."""


def words_of(text: str) -> frozenset[str]:
    """The words of ``text``, lower case, hyphenated ones whole ("self-harm"): what
    :func:`one_word` consults first."""
    return frozenset(_WORD.findall(text.lower()))


def _zipf(word: str) -> float:
    return frequency(stem(word.lower()))


def _common(word: str, least: float) -> bool:
    return _zipf(word) >= least


def one_word(head: str, tail: str, known: AbstractSet[str] = frozenset()) -> bool:
    """Whether ``head`` + ``tail`` (the letters before a line-end hyphen and after it)
    are one word the line broke, rather than a hyphenated word (see the module
    docstring); ``known``: the article's words (:func:`words_of`)."""
    head, tail = head.lower(), tail.lower()
    if f"{head}-{tail}" in known:
        return False
    if head + tail in known:
        return True
    if _common(head + tail, COMMON_JOINED):
        return True
    return not (_common(head, COMMON_PART) and _common(tail, COMMON_PART))


def mend_drop_cap(paragraph: str) -> str:
    """``paragraph`` with a drop cap set apart from its word joined to it ("T he queue
    began" -> "The queue began"), when the joined word is a common one and commoner than
    the rest alone ("B roads were closed" stays: "roads" is the commoner)."""
    m = _DROP_CAP.match(paragraph)
    if m is None:
        return paragraph
    joined = _zipf(m["cap"] + m["rest"])
    if joined < COMMON_JOINED or joined <= _zipf(m["rest"]):
        return paragraph
    return m["cap"] + paragraph[m.start("rest"):]


def join_lines(left: str, right: str, known: AbstractSet[str] = frozenset()) -> str:
    """Two pieces of one sentence joined: with a space, or, after a line-end hyphen
    before a lower-case letter, as one word ("seg-" "regated": "segregated") or a
    hyphenated one ("self-" "harm": "self-harm") as :func:`one_word` decides; a drop cap
    on a line of its own joins its word ("T" "he queue": "The queue")."""
    cut, glue = _joint(left, right, known)
    return left[:len(left) - cut] + glue + right


HEAD_WINDOW = 64
"""How far back from a line-end hyphen the word it breaks is looked for: only the end of
what came before is read, so joining the lines of a paragraph costs the same for each."""


def _joint(left: str, right: str, known: AbstractSet[str]) -> tuple[int, str]:
    """How :func:`join_lines` joins ``left`` and ``right``: how many characters to drop
    from the end of ``left`` (a hyphen) and what goes between (" " or nothing). Only the
    last :data:`HEAD_WINDOW` characters of ``left`` are read (and whether it is one
    character: a drop cap)."""
    if len(left) == 1 and right[:1].islower():
        joined = mend_drop_cap(f"{left} {right}")
        if not joined.startswith(f"{left} "):
            return 0, ""
    if not left.endswith("-") or not right[:1].islower():
        return 0, " "
    head = _HEAD.search(left, max(0, len(left) - HEAD_WINDOW))
    tail = _TAIL.match(right)
    if head is None or tail is None:
        return 0, " "
    return (1, "") if one_word(head.group(1), tail.group(), known) else (0, "")


class Paragraph:
    """A paragraph built line by line, each line joined as :func:`join_lines` would join
    it to everything before it, in time that does not grow with the paragraph: its lines
    are kept apart until :meth:`text`, and only their end is read at each join (a
    paragraph of thousands of hard-wrapped lines was joined in minutes)."""

    def __init__(self, first: str, known: AbstractSet[str] = frozenset()) -> None:
        self._pieces = [first]
        self._known = known

    def add(self, line: str) -> None:
        """Join ``line`` to the paragraph."""
        pieces = self._pieces  # none is empty: the last HEAD_WINDOW hold the paragraph's end
        cut, glue = _joint("".join(pieces[-HEAD_WINDOW:])[-HEAD_WINDOW:], line, self._known)
        pieces[-1] = pieces[-1][:len(pieces[-1]) - cut]
        pieces.append(glue + line)

    def text(self) -> str:
        """The paragraph as joined so far."""
        return "".join(self._pieces)
