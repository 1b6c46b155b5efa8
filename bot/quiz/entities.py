"""Named entities inside a sentence: where they stand and what they are. Rules over
spaCy's output, which the small English model gets wrong often enough that every label
is checked."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from bot.first_names import FIRST_NAMES
from bot.quiz.item import NAME_TYPES
from bot.quiz.kinds import BRITISH_ROAD, cue_kind, cue_label, doubtful
from bot.quiz.text import NAME_PREFIXES, ROLE_WORDS, TITLES, fold, normalise, tokens

_OPENERS = set(" \t\n(“\"‘'[—–")
_CLOSERS = set(" \t\n,.;:!?)”\"’']—–")


def word_bounded(text: str, start: int, end: int) -> bool:
    """The span stands as whole words: space or ordinary punctuation on each side (not
    "4" of "4G", "Sky" of "Sky+", "DVB" of "DVB-S2", "Telewest" of "NTL:Telewest")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before not in _OPENERS or after not in _CLOSERS:
        return False
    if after in ".:" and end + 1 < len(text) and text[end + 1].isalnum():
        return False  # "Sky.com", "NTL:Telewest"
    return not (after in "’'" and not re.match(r"[’']s?\b", text[end:end + 3]))


def clean_entity(article_text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive or punctuation from an entity span."""
    text = article_text[start:end]
    m = re.match(r"(?:the|The|THE)\s+", text)
    if m and end - start - m.end() > 0:
        start += m.end()
    text = article_text[start:end]
    m = re.search(r"(?:['’]s|['’]|[\s.,;:!?])+$", text)
    if m and m.start() > 0:
        end = start + m.start()
        if _INITIALISM.search(article_text[start:end + 1]):
            end += 1  # "U.S.": the last full stop is the initialism's own
    return start, end


_ROLE_QUALIFIERS = frozenset(
    "home foreign shadow deputy chief head assistant vice first prime health education "
    "justice defence transport culture business environment treasury finance county "
    "district city club team police fire former acting interim senior junior lord".split()
)
"""Words that make a role of several words ("Home Secretary", "Deputy Chief Constable",
"Lord Chancellor"): taken off with the role they lead to, never alone ("Lord Smith")."""


def without_role(article_text: str, start: int, end: int) -> tuple[int, int]:
    """A person's name span without the role written before it ("Striker Liam
    Fairclough" -> "Liam Fairclough", "Home Secretary Daniel Okafor" -> "Daniel Okafor");
    an honorific or a royal style stays ("Dr Amara Okonkwo", "Sir Keir Starmer", "King
    Charles III": :data:`~bot.quiz.text.ROLE_WORDS`). At least one word is left."""
    words = list(re.finditer(r"\S+", article_text[start:end]))
    keep = 0
    for i, word in enumerate(words[:-1]):
        folded = fold(word.group()).rstrip(".")
        if folded in ROLE_WORDS:
            keep = i + 1
        elif folded not in _ROLE_QUALIFIERS:
            break
    return (start + words[keep].start(), end) if keep else (start, end)


_INITIALISM = re.compile(r"(?:^|[^\w.])(?:[A-Za-z]\.){2,}$")
"""Letters each followed by a full stop ("U.S.", "D.C.", "a.m.")."""


_NOT_A_PERSON = frozenset(
    "box media digital strait school castle county church street river bay island islands "
    "university college council party group ltd plc inc company television tv news sports "
    "mountains mountain valley abbey range lake sea ocean park bridge tower hall house court "
    "station airport road square festival games league club cup army navy police limited "
    "channel records network kingdom empire republic duchy province district region city "
    "port cape mount gulf coast peninsula central of".split()
)
NOT_PERSON_TYPES = frozenset({"GPE", "LOC", "NORP", "LANGUAGE", "FAC"})
_PLACE_NOUNS = frozenset(
    "city town village port island province county kingdom region capital state".split()
)
_LOCATIVE = frozenset("in at from near into across throughout within to towards".split())
_PLACE_PREPS = frozenset(
    "beneath underneath under below along outside inside beside behind beyond".split())
"""Prepositions of where something is that may still come before a person ("behind
Gareth Southgate"): a full name after one is a place unless it begins with a first name
("beneath Stokes Croft"). Not "opposite": a film's star is "opposite Ali Larter"."""
APPROX = re.compile(
    r"^(?:about|around|approximately|roughly|nearly|almost|over|under|more than|less than|"
    r"fewer than|up to|at least|some|just|only)\s+", re.I
)


_COUNSEL = frozenset({"defending", "prosecuting", "mitigating"})
"""How a court report introduces a barrister ("Defending, Sophie Linford said ...")."""


def _age_after(doc: Any, ent: Any) -> bool:
    """Is the name followed by an age, as news introduces a person ("Debbie Marsh, 58,",
    "Sophie Linford, aged 41")?"""
    after = [t.text.lower() for t in doc[ent.end:ent.end + 4]]
    if after[:1] != [","]:
        return False
    age = after[2] if after[1:2] == ["aged"] else after[1] if len(after) > 1 else ""
    return age.isdigit() and 0 < int(age) < 120 and (
        after[1:2] == ["aged"] or after[2:3] in ([","], [")"], ["and"]))


def _which_after(doc: Any, ent: Any) -> bool:
    """Is the name followed by ", which" ("Filey Brigg, which juts out ...")? A person
    would be followed by ", who"."""
    after = [t.lower_ for t in doc[ent.end:ent.end + 2]]
    return after == [",", "which"]


_AGED = re.compile(r"\b\d{1,3}[- ]year[- ]old$")
_AGED_LONGEST = len("123-year-old")


def _age_before(doc: Any, ent: Any) -> bool:
    """Is the name introduced by an age ("91-year-old Edna Pryce")? Read back from the
    name over the space before it, not through the passage from its start."""
    text, end = doc.text, ent.start_char
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end < ent.start_char and _AGED.search(
        text, max(0, end - _AGED_LONGEST), end) is not None


def first_named(text: str) -> bool:
    """Is ``text`` a common first name and a capitalised surname ("Edna Pryce")?"""
    m = re.fullmatch(r"([A-Z][a-z]+) [A-Z][a-z'’-]+", text)
    return m is not None and m.group(1).lower() in FIRST_NAMES


def _place_after(doc: Any, ent: Any, text: str, before: str) -> bool:
    """Is a full name after a preposition of where ("beneath Stokes Croft") a place: not
    a first name and surname ("behind Gareth Southgate"), nor someone's ("outside Mark
    Dunstan's office")?"""
    owner = ent[-1].tag_ == "POS" or (ent.end < len(doc) and doc[ent.end].tag_ == "POS")
    return before in _PLACE_PREPS and " " in text and not first_named(text) and not owner


def relabel(doc: Any, ent: Any, text: str) -> str:
    """Correct the small model's label from plain cues: "in X" or "the city of X" is a
    place, and so is a "person" followed by ", which" ("Filey Brigg, which ...") or a full
    name after "beneath", "outside" ... that is not a first name and surname ("beneath
    Stokes Croft"); "King X", "Mr X", a full name with an age ("Debbie Marsh, 58,",
    "91-year-old Edna Pryce"), after "Defending," or of a common first name and a surname
    ("Edna Pryce") a person, "the A39" a road."""
    label = ent.label_
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    before2 = doc[ent.start - 2].lower_ if ent.start > 1 else ""
    first = fold(text.split()[0]).rstrip(".") if text.split() else ""
    if label in {"GPE", "LOC", "ORG", "NORP", "FAC"} and first in TITLES and first != "st":
        return "PERSON"
    if label in {"ORG", "GPE", "LOC", "FAC", "NORP"} and re.fullmatch(
            r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}", text) and cue_kind(text) is None \
            and (_age_after(doc, ent) or _age_before(doc, ent) or first_named(text)
                 or (before == "," and before2 in _COUNSEL)):
        return "PERSON"
    if label == "ORG" and BRITISH_ROAD.fullmatch(text):
        return "FAC"
    if label in {"PERSON", "ORG", "NORP"} and before == "of" and before2 in _PLACE_NOUNS:
        return "GPE"
    if label == "PERSON" and ((before in _LOCATIVE and not first_named(text))
                              or _which_after(doc, ent) or _place_after(doc, ent, text, before)):
        return "GPE"  # "in Normandy", "Filey Brigg, which": a place, whatever the model thought
    return cue_label(label, text)


def plausible(label: str, text: str, other_names: set[str], people: set[str] = frozenset(),
              common: set[str] = frozenset()) -> bool:
    """Filter the small model's likeliest mistakes (a place or product labelled PERSON,
    a name cut at a bracket, a person's name all in capitals as a transcript labels its
    speakers, "CHIEF CONSTABLE HARRIS:", a name of another kind:
    :func:`~bot.quiz.kinds.doubtful` with the article's ``people`` and ``common`` words)
    before a name may be an answer or an option."""
    if re.search(r"[()\[\]\"“”‘’+/⁄]", text.replace("’s", "")) or re.search(r"^\W|\W$", text):
        return False
    if label in NAME_TYPES and doubtful(label, text, people, common):
        return False
    if label != "PERSON":
        return True
    words = tokens(text)
    if not words or len(words) > 4 or text[:1].islower() or text.split()[-1][:1].islower():
        return False
    if text.isupper() and any(len(w) > 3 for w in words):
        return False  # a transcript's speaker label, "HARRIS:": the page's layout, no name
    if any(w in _NOT_A_PERSON for w in words):
        return False
    return not any(w in other_names or w.rstrip("s") in other_names for w in words)


_AND_WORD = re.compile(r" and ([A-Z][a-z'’-]+)\b(?! (?:de|du|des|la|le|di|da|of|upon|sur) \w)")
"""" and " and a capitalised word that ends there ("Hastings and Rye", not "Roumois and
Pays de Caux")."""
_JOINED_LABELS = frozenset({"GPE", "LOC", "FAC", "PERSON"})


def joined_name(text: str, start: int, end: int, label: str, doc: Any,
                offset: int) -> tuple[int, str]:
    """The end and label of a place's name that goes on with "and" and a capitalised word
    the model read as no name, neither an entity nor a proper noun (``doc``, the parse of
    the passage at ``offset``), and that the article never writes alone: "Hastings and
    Rye", a constituency the model cut to "Hastings" and parsed "Rye" as a verb ("Beijing
    and Shanghai" are two names: "Shanghai" is a proper noun). No person's name is
    joined by "and", so a "person" so joined is a place. Otherwise ``end`` and ``label``."""
    m = _AND_WORD.match(text, end)
    if label not in _JOINED_LABELS or m is None or not word_bounded(text, start, m.end()):
        return end, label
    word_span = doc.char_span(m.start(1) - offset, m.end() - offset)
    if word_span is None or word_span.root.pos_ == "PROPN" or word_span.root.ent_type_:
        return end, label
    word = re.escape(m.group(1))
    alone = len(re.findall(rf"(?<![\w'’-]){word}(?![\w'’-])", text))
    joined = len(re.findall(rf"(?<![\w'’-]){re.escape(text[start:end])} and {word}(?![\w'’-])",
                            text))
    if alone != joined:
        return end, label
    return m.end(), "GPE" if label == "PERSON" else label


def inside_longer_name(text: str, sent_start: int, start: int, end: int) -> bool:
    """Is the name glued to another capitalised word ("Asia" of "Asia Minor")? Then
    blanking or swapping it would cut a longer name in two."""
    after = re.match(r" ([A-Z][\w-]*)", text[end:end + 40])
    if after:
        return True
    before = re.search(r"(?:^|\s)([A-Z][\w-]*) $", text[max(sent_start, start - 40):start])
    if before:
        word = fold(before.group(1)).rstrip(".")
        at_start = text[sent_start:start].strip() == before.group(1)
        return not (word in NAME_PREFIXES or word in {"the", "a", "an"} or at_start)
    return False


def majority_labels(found: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The label each name gets most often in the article (normalised name -> label)."""
    votes: dict[str, Counter[str]] = {}
    for text, label in found:
        votes.setdefault(normalise(text), Counter())[label] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


MIXED = "MIXED"
"""The label of a name the model reads as different kinds in different sentences."""
_FAMILIES = {"GPE": "place", "LOC": "place", "FAC": "place"}
MIN_AGREEMENT = 0.6
"""Share of a name's mentions whose kind must agree for its label to be trusted."""


def split_labels(found: Iterable[tuple[str, str]]) -> set[str]:
    """The names (normalised) labelled as different kinds of name in different
    sentences, none of them by at least :data:`MIN_AGREEMENT` of the mentions (places
    of any sort count as one kind: "GPE" and "LOC" agree)."""
    votes: dict[str, Counter[str]] = {}
    for text, label in found:
        if label in NAME_TYPES:
            votes.setdefault(normalise(text), Counter())[_FAMILIES.get(label, label)] += 1
    return {key for key, counter in votes.items()
            if counter.most_common(1)[0][1] < MIN_AGREEMENT * sum(counter.values())}
