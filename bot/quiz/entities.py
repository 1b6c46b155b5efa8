"""Named entities and key phrases inside a sentence: where they stand, what they are,
and where a question word may replace them. Rules over spaCy's output, which the small
English model gets wrong often enough that every label is checked."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.quiz.distractors import FALLBACK
from bot.quiz.question import NAME_TYPES, PHRASE
from bot.quiz.text import TITLES, fold, normalise, tokens, word_count

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


@dataclass(frozen=True)
class Fact:
    """A key fact: ``article.text[start:end] == text``, inside one sentence."""

    text: str
    label: str
    start: int
    end: int
    wh_start: int = -1
    """Span to replace by a question word ("who", "how many" + noun stays), or -1."""
    wh_end: int = -1
    subject: bool = False
    wh_key: str = ""
    """Key of the question word in the wording's [wh] table ("PERSON_OBJECT" for whom)."""


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
    return start, end


_NOT_A_PERSON = frozenset(
    "box media digital strait school castle county church street river bay island islands "
    "university college council party group ltd plc inc company television tv news sports "
    "mountains mountain valley abbey range lake sea ocean park bridge tower hall house court "
    "station airport road square festival games league club cup army navy police limited "
    "channel records network kingdom empire republic duchy province district region city "
    "port cape mount gulf coast peninsula of".split()
)
NOT_PERSON_TYPES = frozenset({"GPE", "LOC", "NORP", "LANGUAGE", "FAC"})
_PLACE_NOUNS = frozenset(
    "city town village port island province county kingdom region capital state".split()
)
_LOCATIVE = frozenset("in at from near into across throughout within to towards".split())
APPROX = re.compile(
    r"^(?:about|around|approximately|roughly|nearly|almost|over|under|more than|less than|"
    r"fewer than|up to|at least|some|just|only)\s+", re.I
)


def relabel(doc: Any, ent: Any, text: str) -> str:
    """Correct the small model's label from plain cues: "in X" or "the city of X" is a
    place, "King X" or "Mr X" a person."""
    label = ent.label_
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    before2 = doc[ent.start - 2].lower_ if ent.start > 1 else ""
    first = fold(text.split()[0]).rstrip(".") if text.split() else ""
    if label in {"GPE", "LOC", "ORG", "NORP", "FAC"} and first in TITLES and first != "st":
        return "PERSON"
    if label in {"PERSON", "ORG", "NORP"} and before == "of" and before2 in _PLACE_NOUNS:
        return "GPE"
    if label == "PERSON" and before in _LOCATIVE:
        return "GPE"  # "in Normandy": a place, whatever the model thought
    return label


def plausible(label: str, text: str, other_names: set[str]) -> bool:
    """Filter the small model's likeliest mistakes (a place or product labelled PERSON,
    a name cut at a bracket) before a name may be an answer or an option."""
    if re.search(r"[()\[\]\"“”‘’+/⁄]", text.replace("’s", "")) or re.search(r"^\W|\W$", text):
        return False
    if label != "PERSON":
        return True
    words = tokens(text)
    if not words or len(words) > 4 or text[:1].islower() or text.split()[-1][:1].islower():
        return False
    if any(w in _NOT_A_PERSON for w in words):
        return False
    return not any(w in other_names or w.rstrip("s") in other_names for w in words)


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
        return not (word in TITLES or word in {"the", "a", "an"} or at_start)
    return False


def majority_labels(found: Iterable[tuple[str, str]]) -> dict[str, str]:
    votes: dict[str, Counter[str]] = {}
    for text, label in found:
        votes.setdefault(normalise(text), Counter())[label] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


_WH_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "dative"})


def wh_span(doc: Any, rel_start: int, rel_end: int, label: str,
             offset: int) -> tuple[int, int, bool]:
    """Where a question word may replace the entity, or (-1, -1, False)."""
    span = doc.char_span(rel_start, rel_end, alignment_mode="expand")
    if span is None:
        return -1, -1, False
    root = span.root
    subject = root.dep_ in {"nsubj", "nsubjpass"} and root.head.dep_ == "ROOT"
    if root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        return -1, -1, False  # "such as Google and Facebook": no question word in a list
    if label in {"CARDINAL"}:
        ok = root.dep_ == "nummod" and root.head.pos_ == "NOUN"
    elif label in {"DATE"}:
        ok = bool(re.fullmatch(r"\d{4}", span.text)) and root.dep_ == "pobj"
    elif label in {"ORDINAL", "TIME", "QUANTITY"}:
        ok = False
    else:
        ok = root.dep_ in _WH_DEPS
    if not ok:
        return -1, -1, False
    if any(c.i < span.start and (c.dep_ in {"amod", "compound", "nmod", "poss", "nummod"}
                                 or (c.dep_ == "det" and c.lower_ != "the"))
           for c in root.children):
        return -1, -1, False  # "southern Italy" would give "southern which place"
    if label == "CARDINAL" and span.start > 0 and doc[span.start - 1].dep_ in {"det", "poss"}:
        return -1, -1, False  # "the 30,000 troops" would give "the how many troops"
    head = root.head
    if label == "CARDINAL" and any(c.dep_ in {"det", "poss"} and c.i < span.start
                                   for c in head.children):
        return -1, -1, False
    start, end = span.start_char, span.end_char
    i = span[0].i
    while i > 0 and (doc[i - 1].lower_.rstrip(".") in TITLES or (
            doc[i - 1].lower_ == "the" and doc[i - 1].head.i == root.i)):
        i -= 1  # "Mr Bailey" -> "who", "the Government" -> "which organisation"
    start = doc[i].idx
    if subject:  # "Simon Bailey, the country's leading officer, said" -> "Who said"
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i:
                right = child.right_edge
                end = max(end, right.idx + len(right.text))
                nxt = right.i + 1
                if nxt < len(doc) and doc[nxt].text == ",":
                    end = doc[nxt].idx + 1
    return offset + start, offset + end, subject


def gazetteer() -> re.Pattern[str]:
    names = sorted(
        {re.sub(r"^the ", "", n) for label, group in FALLBACK.items() if label in NAME_TYPES
         for n in group},
        key=len, reverse=True,
    )
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


GAZETTEER_LABEL = {
    fold(re.sub(r"^the ", "", n)): label
    for label, group in FALLBACK.items() if label in NAME_TYPES for n in group
}


def phrase_facts(doc: Any, sent_s: int, sent_e: int, offset: int,
                  taken: list[tuple[int, int]], text: str) -> list[Fact]:
    out: list[Fact] = []
    for chunk in doc.noun_chunks:
        s, e = offset + chunk.start_char, offset + chunk.end_char
        if s < sent_s or e > sent_e:
            continue
        toks = list(chunk)
        while toks and (toks[0].pos_ in {"DET", "PRON"} or toks[0].tag_ in {"PRP$", "POS"}
                        or toks[0].lower_ in _WEAK_MODIFIERS):
            toks = toks[1:]
        if not 2 <= len(toks) <= 5:
            continue
        root = chunk.root
        if root.pos_ != "NOUN" or root.lemma_.lower() in _GENERIC_HEADS or root not in toks:
            continue
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children):
            continue  # "a growing generation [of young men]": the phrase is incomplete
        if any(t.pos_ == "PROPN" or t.ent_type_ or not re.fullmatch(r"[A-Za-z][A-Za-z-]*", t.text)
               for t in toks):
            continue
        if not any(t.i != root.i and not t.is_stop and t.pos_ in {"ADJ", "NOUN", "VERB"}
                   for t in toks):
            continue
        if toks[-1].i != root.i or (root.i + 1 < len(doc) and doc[root.i + 1].pos_ in
                                    {"NOUN", "PROPN"}):
            continue  # a mis-parse ("largest gold" of "largest gold rushes")
        s = offset + toks[0].idx
        e = offset + toks[-1].idx + len(toks[-1].text)
        if any(s < te and ts < e for ts, te in taken):
            continue
        if word_count(text[sent_s:sent_e]) - len(toks) < 5:
            continue
        out.append(Fact(text[s:e], PHRASE, s, e))
    return out


