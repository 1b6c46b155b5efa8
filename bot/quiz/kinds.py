"""Is this name really of the kind spaCy says? Plain cues that catch the small model's
commonest slips before a name becomes a key or a wrong option: "Westward Marine" or
"Grammy Award" labelled PERSON, "VI" labelled ORG, "Knowles" (the surname of a person of
the library) labelled ORG, "Digital" (a word the article writes in lower case) labelled
ORG. A wrong option must be the key's kind, so a doubtful name is never offered."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.name_heads import FACILITY_HEADS, ORG_HEADS, PLACE_HEADS
from bot.quiz.text import fold

BRITISH_ROAD = re.compile(r"[ABM]\d{1,4}(?:\([MT]\))?")
"""A British road's number ("A39", "M5", "B3227"), which the small model calls an ORG."""
ROAD = re.compile(
    rf"(?:the )?(?:{BRITISH_ROAD.pattern}|I-\d{{1,3}}|Interstate \d{{1,3}}|"
    r"(?:Route|Highway|US|State Route) \d{1,4})", re.I)
"""A road by its number, written any way: "the A39", "M5", "I-95", "Interstate 10", "Route
66" (a question asks "which road" for one)."""
THING_WORDS = frozenset("award awards prize prizes medal trophy album".split())
"""Words of names that are neither people, organisations nor places ("Grammy Award")."""
_LEADING_PLACE = frozenset("river lake mount loch isle".split())
_PERSONAL = re.compile(r"^[A-Z][a-z]+ (?:[A-Z]\. )+[A-Z][a-z]+$|^[A-Z]\. ?(?:[A-Z]\. ?)*[A-Z][a-z]+"
                       r"$|^[A-Z][a-z]+ (?:de|van|von|di|da|del|der) [A-Z][a-z]+$")
_TIME_ZONES = frozenset("UTC GMT BST CET CEST EST EDT CST CDT MST MDT PST PDT IST JST".split())
_ORG_SUFFIXES = frozenset("ltd plc inc corp llc co".split())
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_PERSON_LABELS = frozenset({"PERSON"})
_ORG_LABELS = frozenset({"ORG"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text).replace("'s", ""))


def head_word(text: str) -> str:
    """The word a name is headed by: the last, or the one before "of" ("University of
    Washington" -> "university")."""
    words = _words(text)
    if "of" in words[1:]:
        return words[words.index("of") - 1]
    return words[-1] if words else ""


def cue_kind(text: str) -> str | None:
    """"ORG", "PLACE" or "THING" when the name's own words say so, else None."""
    words = _words(text)
    if not words:
        return None
    if set(words) & THING_WORDS:
        return "THING"
    if set(words) & _ORG_SUFFIXES and len(words) > 1:
        return "ORG"
    head = head_word(text)
    if len(words) > 1 and words[0] in _LEADING_PLACE:
        return "PLACE"  # "River Wensum", "Mount Snowdon"
    if len(words) > 1 and head in ORG_HEADS:
        return "ORG"
    if len(words) > 1 and head in PLACE_HEADS:
        return "PLACE"
    return None


def cue_label(label: str, text: str) -> str:
    """The label a name's own words give it when spaCy's is of another kind: "Westward
    Marine" is an ORG, "Hill Street" a FAC, "River Wensum" a LOC, whatever the model
    said; otherwise ``label``."""
    cue = cue_kind(text)
    if cue == "ORG" and label in {"PERSON", "GPE", "LOC", "FAC", "NORP"}:
        return "ORG"
    if cue == "PLACE" and label in {"PERSON", "ORG", "NORP"}:
        return "FAC" if head_word(text) in FACILITY_HEADS else "LOC"
    return label


def weak_key(label: str, text: str) -> bool:
    """Is a key's label too unsure to pick wrong options or a question word by it? A
    one-word organisation that is not an acronym is, more often than not, a person, a
    place or a title the small model mislabelled ("Solange", "Tangier", "Dreamgirls"):
    such a key is only blanked, never offered among organisations."""
    return label == "ORG" and " " not in text.strip() and not re.fullmatch(
        r"[A-Z0-9&]{2,6}", text)


def person_words(people: Iterable[str]) -> set[str]:
    """The folded first names and surnames of people's full names ("Solange Knowles" ->
    {"solange", "knowles"})."""
    out: set[str] = set()
    for name in people:
        words = [w for w in _words(name) if len(w) >= 3]
        if len(words) >= 2:
            out.update(words)
    return out


def lower_case_words(text: str) -> set[str]:
    """The words a text writes in lower case (common words, not names)."""
    return set(re.findall(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])", text))


def doubtful(label: str, text: str, people: set[str] = frozenset(),
             common: set[str] = frozenset()) -> bool:
    """Does a name labelled ``label`` look like another kind of thing? A person whose
    name says organisation, place or award; an organisation or place that is a lone
    first name or surname of a person of the library (``people``); a Roman numeral;
    a one-word name the text writes in lower case too (``common``: "Digital")."""
    cue = cue_kind(text)
    words = _words(text)
    if (_ROMAN.match(text.replace(" ", "")) and len(text) <= 6) or text in _TIME_ZONES:
        return True  # "VI", "XI"; "CST", "UTC" are no organisations
    if len(words) == 1 and re.fullmatch(r"[A-Z][a-z]+s?", text) and (
            words[0] in common or words[0].rstrip("s") in common) and label != "PERSON":
        return True
    if label in _PERSON_LABELS:
        return cue is not None
    if _PERSONAL.search(text):
        return True  # "Turrell V. Wylie", "Horace de Saussure": a person's name
    if cue == "THING" or (cue == "ORG" and label in _PLACE_LABELS | {"NORP"}):
        return True
    if cue == "PLACE" and label in _ORG_LABELS | {"NORP"}:
        return True
    return len(words) == 1 and label not in _PLACE_LABELS and words[0] in people
