"""Key noun phrases of a sentence ("the dark web", "commercial clout"): the facts a
question can hinge on when a sentence names nobody and counts nothing. Each comes with
its grammatical role and number, so a wrong option can be a phrase that fits the same
slot, and with whether it names people (asked with "who", not "what")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_GENERIC_HEADS = frozenset(
    "thing things way ways time times lot lots part parts number numbers kind kinds sort "
    "sorts people person man men woman women point points fact facts case cases something "
    "anything everything nothing one ones place places area areas side sides end type types "
    "form forms group groups member members level levels term terms use amount amounts "
    "result results world year years day days week weeks month months".split()
)
_WEAK_MODIFIERS = frozenset(
    "only other such same many few certain own various several some more most much all "
    "every each any no both either neither another further main first last next new "
    "whole own very huge vast big large small great little growing absolute real major "
    "significant important good bad serious strong high low long short key".split()
)
PEOPLE_NOUNS = frozenset(
    "adult adviser activist author campaigner chief child citizen coach commuter consumer "
    "councillor customer director doctor driver employee expert family fan farmer founder "
    "friend girl boy governor hunter investor journalist judge landlord lawyer leader "
    "manager mayor member minister neighbour nurse official officer owner paedophile parent "
    "partner passenger patient pensioner player politician president pupil reporter "
    "researcher resident scientist shopper soldier spokesman spokeswoman spokesperson staff "
    "student suspect teacher tenant tourist user victim vigilante visitor volunteer voter "
    "worker youngster".split()
)
"""Head nouns that name people: such a phrase is asked for with "who"."""
RECORD_NOUNS = frozenset(
    "figure statistic data estimate record result finding report study survey poll research "
    "analysis review document paper letter table chart graph census evidence count "
    "projection forecast audit assessment calculation".split()
)
"""Head nouns of what tells rather than speaks ("official figures", "the latest survey"):
such a phrase stating something is asked for with "what", never "who"."""

_KINDRED = tuple(frozenset(line.split()) for line in (
    "company firm business corporation giant platform provider operator network brand",
    "image picture photo photograph material content video footage",
    "fine penalty sanction punishment",
    "law regulation rule legislation measure proposal plan bill policy scheme",
    "officer official police authority chief",
    "money fund funding cash budget cost price fee",
    "child kid youngster minor pupil",
    "people public consumer customer user resident citizen",
    "problem issue concern difficulty challenge",
    "home house housing flat property dwelling",
    "building site ground stadium venue depot centre",
))
"""Head nouns a news article uses for one thing ("firms" and "companies", "fines" and
"penalties"): two phrases headed by one family may name the same thing, so one is never
offered as a wrong option for the other."""

_ROLES = {"nsubj": "subject", "nsubjpass": "subject", "dobj": "object", "dative": "object",
          "pobj": "pobj", "attr": "attr"}


def role_of(token: Any) -> str:
    """"subject", "object", "pobj", "attr" or "other": the slot a phrase fills."""
    return _ROLES.get(token.dep_, "other")


def is_plural(token: Any) -> bool:
    """Whether a noun (or a list of them) is plural."""
    return token.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in token.children)


def _core(chunk: Any) -> list[Any]:
    """The chunk without its leading determiners, pronouns and weak modifiers, but for the
    "most" or "more" of a superlative or comparative ("the most popular subject" is "most
    popular subject", not "popular subject")."""
    toks = list(chunk)
    while toks and (toks[0].pos_ in {"DET", "PRON"} or toks[0].tag_ in {"PRP$", "POS"}
                    or toks[0].lower_ in _WEAK_MODIFIERS) and not _grades(toks[0]):
        toks = toks[1:]
    return toks


def _grades(token: Any) -> bool:
    """Is ``token`` the "most" or "more" of an adjective's degree ("most popular")?"""
    return token.tag_ in {"RBS", "RBR"} and token.dep_ == "advmod" and token.head.pos_ == "ADJ"


def _usable(chunk: Any, toks: list[Any]) -> bool:
    root = chunk.root
    if not 2 <= len(toks) <= 5 or root not in toks:
        return False
    if root.pos_ != "NOUN" or root.lemma_.lower() in _GENERIC_HEADS:
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children):
        return False  # "a growing generation [of young men]": the phrase is incomplete
    if any(t.tag_ in {"JJS", "RBS"} for t in toks) and any(
            c.dep_ == "prep" for c in root.children):
        return False  # "the greatest entry [in the series]": best of what, it does not say
    if any(t.pos_ == "PROPN" or t.ent_type_ or not re.fullmatch(r"[A-Za-z][A-Za-z-]*", t.text)
           for t in toks):
        return False
    if not any(t.i != root.i and not t.is_stop and t.pos_ in {"ADJ", "NOUN", "VERB"}
               for t in toks):
        return False
    doc = chunk.doc  # a mis-parse ("largest gold" of "largest gold rushes")
    return toks[-1].i == root.i and not (root.i + 1 < len(doc)
                                         and doc[root.i + 1].pos_ in {"NOUN", "PROPN"})


def noun_phrases(doc: Any, start: int, end: int) -> Iterator[tuple[int, int, Any]]:
    """(start, end, head) of each key phrase whose characters lie in [start, end)
    of doc (offsets into the doc's text)."""
    for chunk in doc.noun_chunks:
        if chunk.start_char < start or chunk.end_char > end:
            continue
        toks = _core(chunk)
        if _usable(chunk, toks):
            yield toks[0].idx, toks[-1].idx + len(toks[-1].text), chunk.root


def _singular(word: str) -> str:
    word = word.lower()
    for plural, single in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("ses", "s"),
                           ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 2:
            return word[: -len(plural)] + single
    return word


def kindred(a: str, b: str) -> bool:
    """May two noun phrases name the same thing (heads of one family, or one head)?"""
    ha, hb = _singular(a.split()[-1]), _singular(b.split()[-1])
    return ha == hb or any(ha in family and hb in family for family in _KINDRED)


def names_records(head: Any) -> bool:
    """Does a phrase with this head noun name figures, a report or the like ("official
    figures"), which state things without being anyone?"""
    return head.lemma_.lower() in RECORD_NOUNS or head.lower_ in RECORD_NOUNS


def names_people(head: Any) -> bool:
    """Does a phrase with this head noun name people ("paedophile hunters")?"""
    return head.lemma_.lower() in PEOPLE_NOUNS or head.lower_ in PEOPLE_NOUNS
