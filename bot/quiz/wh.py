"""Real questions from sentences: "Who said fining tech giants was...?", "When did the
Government announce plans...?", "What did Simon Bailey say fining tech giants was?".

A fact is asked about by replacing it with a question word. As the subject it is
replaced where it stands; anywhere else it moves to the front and the clause is
inverted ("the council will sell X" -> "what will the council sell?", "the Government
announced X" -> "what did the Government announce?"). Only the main clause, a clause
reported by it ("said ..."), infinitives and prepositions are crossed; never a relative
clause, a list or a condition. The question word is chosen by the answer's type and
role (a place after "in" is asked with "where", a time with "when", a count with "how
many <noun>"), and every question is parsed again and refused unless it reads as one
well-formed question (:func:`grammatical`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from bot.quiz.item import PHRASE
from bot.quiz.kinds import ROAD
from bot.quiz.phrases import names_records

REPORTING = frozenset(
    "say tell add claim warn announce believe think insist argue suggest state explain admit "
    "deny report reveal confirm write note fear hope predict estimate agree expect know "
    "feel accept acknowledge".split()
)
_NAME_KEYS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LANGUAGE",
                        "PRODUCT", "WORK_OF_ART", "LAW"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_WHERE_PREPS = frozenset({"in", "at"})
_WHEN_PREPS = frozenset({"in", "on", "at", "during"})
_CHAIN = frozenset({"xcomp", "prep", "pcomp", "dobj", "acl"})
_DROPPABLE_LEAD = frozenset({"advcl", "prep", "advmod", "npadvmod", "cc", "punct", "mark",
                             "intj"})
_CONTRACTED = re.compile(r"^[’']|n[’']t$")
_SINGULAR = {"are": "is", "were": "was", "have": "has", "do": "does"}
_QUOTES = "“”\"‘’"
PLACEHOLDER = "{wh}"


@dataclass(frozen=True)
class WhDraft:
    """A question with ``{wh}`` where the question word goes, and that word's key."""

    template: str
    key: str


def wh_key(label: str, person: bool = False) -> str | None:
    """The [wh] wording key for an answer of type ``label`` in an ordinary role."""
    if label == PHRASE:
        return "PERSON" if person else "THING"
    if label in _NAME_KEYS or label in {"CARDINAL", "MONEY", "PERCENT"}:
        return label
    return None  # dates, times, ordinals and quantities only in the roles below


def _third_person(verb: Any) -> str | None:
    """The 3rd person singular present of a plural present verb ("say" -> "says")."""
    low = verb.lower_
    if low in _SINGULAR:
        return _SINGULAR[low]
    if verb.tag_ != "VBP" or not low.isalpha():
        return None
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return low + "es"
    if re.search(r"[^aeiou]y$", low):
        return low[:-1] + "ies"
    return low + "s"


def _subject(root: Any) -> Any | None:
    for child in root.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.i < root.i:
            return child
    return None


def _lead_is_droppable(sent: Any, subject: Any, root: Any) -> bool:
    """Everything before the subject is an opening phrase of the main verb (a condition,
    a time, "But") that the question may leave out."""
    for tok in sent.doc[sent.start:subject.left_edge.i]:
        top = tok
        while top.head.i != root.i and top.head.i != top.i:
            top = top.head
        if top.i == root.i or top.dep_ not in _DROPPABLE_LEAD:
            return False
    return True


def _render(pieces: list[tuple[int, str, str]], front: str) -> str | None:
    """Join the front words and the kept tokens (in sentence order, each with the space
    that followed it in the sentence) into a question."""
    text = front + " " + "".join(t + ws for _, t, ws in sorted(pieces))
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,;:.!?)\]”’])", r"\1", text)
    text = re.sub(r"([(\[“‘])\s+", r"\1", text)
    text = re.sub(r"[\s,;:—–-]+$", "", text).rstrip(".!?") + "?"
    text = re.sub(r"[,;:]\?$", "?", text)
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return None
    return text


def _kept(sent: Any, skip: set[int], start: int,
          replace: dict[int, str]) -> list[tuple[int, str, str]]:
    """The tokens from ``start`` to the sentence end that stay, with replacements."""
    out = []
    end = sent.end
    while end > start and sent.doc[end - 1].is_punct and sent.doc[end - 1].text not in _QUOTES:
        end -= 1
    for tok in sent.doc[start:end]:
        if tok.i not in skip:
            out.append((tok.i, replace.get(tok.i, tok.text), tok.whitespace_))
    return out


def _stranded_inside(pieces: list[tuple[int, str, str]], prep: Any) -> bool:
    """Is a preposition left behind by its object followed by more words ("carried by
    to 11")? Stranded at the very end ("working with?") is fine."""
    return any(re.search(r"\w", t) for i, t, _ in pieces if i > prep.i)


def _lower_first(tok: Any) -> str:
    if tok.pos_ == "PROPN" or tok.text == "I" or (len(tok.text) > 1 and tok.text.isupper()
                                                   and tok.pos_ != "DET"):
        return tok.text
    return tok.text.lower()


def _unit(target: Any, label: str) -> tuple[Any, str] | None:
    """The token whose phrase the question word replaces, and the front words ("{wh}" or
    "{wh} jobs"), or None when the fact cannot be asked about this way."""
    root = target.root
    if root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        return None  # a list: "Google and Facebook"
    if root.dep_ == "poss" or any(t.tag_ == "POS" for t in target):
        return None
    if label == "CARDINAL":  # "64 affordable flats on the site" -> "how many affordable flats"
        noun = root.head
        if root.dep_ != "nummod" or noun.pos_ != "NOUN" or any(
                c.i > noun.i and c.dep_ not in {"prep", "punct"} for c in noun.children):
            return None
        if any(c.dep_ in {"det", "poss", "amod"} and c.i < root.i for c in noun.children):
            return None  # "the 30,000 troops"
        words = [t.text for t in noun.subtree if t.i > root.i and t.i <= noun.i]
        return noun, " ".join([PLACEHOLDER, *words])
    if any(t.i > target.end - 1 and t.dep_ in {"relcl", "acl", "appos"} for t in root.subtree) \
            and root.dep_ not in {"nsubj", "nsubjpass"}:
        return None  # the phrase goes on after the fact: asking would cut it in two
    return root, PLACEHOLDER


def _removed(head: Any, key: str) -> set[int]:
    """The tokens a question word takes the place of: the phrase of ``head`` (for a
    count, only up to its noun: "on the site" of "64 flats on the site" stays)."""
    return {t.i for t in head.subtree if key != "CARDINAL" or t.i <= head.i}


def _chain_ok(start: Any, root: Any) -> bool:
    """May a question word move from ``start``'s clause to the front of ``root``'s?"""
    tok, crossed_report = start, False
    while tok.i != root.i:
        if tok.dep_ == "ccomp" and tok.head.i == root.i and root.lemma_ in REPORTING \
                and not crossed_report:
            crossed_report = True
        elif tok.dep_ not in _CHAIN:
            return False
        tok = tok.head
    return True


_TAIL_DEPS = frozenset({"advcl", "parataxis", "conj", "npadvmod", "appos", "ccomp", "prep"})


def _tails(unit: Any, root: Any) -> set[int]:
    """Tokens of what the question leaves out after the fact: a verb joined by "and"
    to the asking clause ("boycotting X and force them...", but not a capitalised
    "verb", the rest of a name: "held Hastings and Rye") and a phrase set off by a
    comma ("..., saying the groups...", "..., one of the officers has said")."""
    out: set[int] = set()
    tok = unit
    while True:
        for child in tok.children:
            if child.i <= unit.right_edge.i:
                continue
            before = child.doc[child.left_edge.i - 1]
            if (child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}
                    and not child.text[:1].isupper()) or (
                    before.text == "," and child.dep_ in _TAIL_DEPS):
                out |= {t.i for t in child.subtree}
                out |= {c.i for c in tok.children if c.dep_ == "cc" and c.i < child.i
                        and c.i > unit.right_edge.i}
                if before.text == ",":
                    out.add(before.i)
        if tok.i == root.i or tok.head.i == tok.i:
            return out
        tok = tok.head


def _invert(root: Any) -> tuple[str, dict[int, str], set[int]] | None:
    """The auxiliary that goes before the subject, replacements and removals."""
    if any(c.dep_ == "neg" for c in root.children):
        return None
    auxes = [c for c in root.children
             if c.dep_ in {"aux", "auxpass"} and c.i < root.i and c.lower_ != "to"]
    if auxes:
        if _CONTRACTED.search(auxes[0].text):
            return None
        return auxes[0].lower_, {}, {auxes[0].i}
    if root.lemma_ == "be":
        return root.lower_, {}, {root.i}
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(root.tag_)
    if do is None:
        return None
    return do, {root.i: root.lemma_.lower()}, set()


def _subject_question(sent: Any, unit: Any, front: str, key: str) -> str | None:
    root = sent.root
    if not _lead_is_droppable(sent, unit, root):
        return None
    removed = _removed(unit, key) | _tails(unit, root)
    replace: dict[int, str] = {}
    plural = unit.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in unit.children)
    if plural and key != "CARDINAL":
        auxes = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.i < root.i]
        verb = auxes[0] if auxes else root
        singular = _third_person(verb)
        if singular is None and verb.tag_ in {"VBP"} | ({"VBD"} if verb.lower_ == "were"
                                                         else set()):
            return None
        if singular:
            replace[verb.i] = singular
    return _render(_kept(sent, removed, unit.right_edge.i + 1, replace), front)


_LISTING_PREPS = frozenset({"including", "like", "as", "excluding"})
"""Prepositions that give examples of what came before: their object is no question's
answer ("How many geriatricians has the trust recruited 52 staff, including?")."""


def _object_question(sent: Any, unit: Any, front: str, key: str) -> str | None:
    root = sent.root
    subject = _subject(root)
    if subject is None or subject.dep_ == "expl":
        return None
    if unit.dep_ == "pobj":
        prep = unit.head
        if prep.lower_ in _LISTING_PREPS:
            return None  # "... recruited 52 new staff, including?": nothing left to ask of
        removal_head = prep if key in {"WHERE", "DATE"} else unit
        attach = prep.head
    elif unit.dep_ in {"dobj", "attr", "dative", "npadvmod", "oprd"}:
        removal_head, attach = unit, unit.head
    else:
        return None
    if key == "DATE" and attach.pos_ not in {"VERB", "AUX"}:
        return None
    if attach.i != root.i and not _chain_ok(attach, root):
        return None
    if any(t.i in {subject.i} for t in removal_head.subtree):
        return None
    inverted = _invert(root)
    if inverted is None:
        return None
    aux, replace, skip = inverted
    skip |= _removed(removal_head, key) | _tails(removal_head, root)
    if not _lead_is_droppable(sent, subject, root):
        return None
    for child in root.children:  # "said that ..." -> "say ..."
        if child.dep_ == "ccomp":
            skip |= {c.i for c in child.children if c.dep_ == "mark" and c.lower_ == "that"}
    first = sent.doc[max(subject.left_edge.i, sent.start)]  # not a live post's "13:10"
    pieces = [(first.i, _lower_first(first), first.whitespace_)]
    pieces += _kept(sent, skip | {first.i}, first.i, replace)
    if unit.dep_ == "pobj" and removal_head is unit and _stranded_inside(pieces, unit.head):
        return None
    return _render(pieces, f"{front} {aux}")


_PURPOSES = frozenset(
    "aim goal plan target ambition intention idea hope purpose objective priority task "
    "mission challenge point answer solution focus dream wish proposal strategy".split())
"""Nouns of what someone means to do, said by a clause: "The aim is to cut ..."."""
_CLAUSE_DEPS = frozenset({"advcl", "ccomp", "xcomp"})


def _says_what_it_is(root: Any, subject: Any) -> bool:
    """Does the sentence say by a clause what its subject, an aim or a plan, is ("The aim
    is to cut waiting lists", "The national target is for 92% of patients to begin ...",
    "The hope is that ...")? Asking for the subject would ask what is the clause ("What
    is to cut waiting lists?", parsed as "Who is to blame?" is, so the grammar check
    cannot tell). Only :data:`_PURPOSES` nouns: "The council is to close three libraries"
    is asked, "What is to close ...?", the council being the one that closes."""
    return root.lemma_ == "be" and subject.lemma_.lower() in _PURPOSES and any(
        c.dep_ in _CLAUSE_DEPS and c.i > root.i for c in root.children)


def draft(sent: Any, target: Any, label: str, *, person: bool = False) -> WhDraft | None:
    """A question asking for the fact ``target`` (a spaCy span inside ``sent``) with
    ``{wh}`` in place of its question word, or None when no clean question can be made.
    The caller checks the filled-in question with :func:`grammatical`."""
    root = sent.root
    if root.pos_ not in {"VERB", "AUX"} or not sent.text.rstrip(_QUOTES + " ").endswith("."):
        return None
    head = target.root
    key = wh_key(label, person)
    if label in _PLACES and head.dep_ == "pobj" and head.head.lower_ in _WHERE_PREPS:
        key = "WHERE"
    elif label == "FAC" and ROAD.fullmatch(target.text):
        key = "ROAD"  # "Which road was closed ...", not "Which place"
    if label in {"DATE", "TIME"}:
        prep_ok = head.dep_ == "pobj" and head.head.lower_ in _WHEN_PREPS
        key = "DATE" if prep_ok or head.dep_ in {"npadvmod", "advmod"} else None
    if key is None:
        return None
    found = _unit(target, label)
    if found is None:
        return None
    unit, front = found
    if any(t.i not in {u.i for u in unit.subtree} for t in target):
        return None  # the parse splits the fact: "Hastings and Rye" ("Rye" a verb),
        # "on Tuesday 14 May 2024" asked as "When was she elected on Tuesday 14?"
    is_subject = unit.dep_ in {"nsubj", "nsubjpass"} and unit.head.i == root.i
    if is_subject and _says_what_it_is(root, unit):
        return None
    if is_subject and label == PHRASE and root.lemma_ in REPORTING and not names_records(unit):
        key = "PERSON"  # whoever says something is asked for with "who"; figures, "what"
    if is_subject:
        if key in {"WHERE", "DATE"}:
            return None
        question = _subject_question(sent, unit, front, key)
    else:
        question = _object_question(sent, unit, front, key)
    return WhDraft(question, key) if question else None


_WH_TAGS = frozenset({"WP", "WDT", "WRB", "WP$"})


_HANGING = re.compile(r"[,;:]\s*\?$|,\s*[a-z][\w'’-]*\?$|\b(?:[Aa]nd|[Oo]r|[Bb]ut|[Nn]or)\?$")
"""The end of a question that leaves a clause hanging: a comma before the question mark,
one lower-case word after a comma ("..., in?", ", however?"), or "and?"."""


def _be_a_clause(root: Any) -> bool:
    """Does the question ask what is, or was, a clause ("What is for 92% of patients to
    begin treatment ...?", "What is that prices will rise?")? Asked of a sentence that
    says what its subject is by a clause ("The national target is for 92% of patients to
    begin ..."), where the subject, not the clause, was the answer. "Who is to blame?" (be
    and "to" alone) is a question."""
    doc = root.doc
    if root.lemma_ != "be" or doc[0].head.i != root.i or root.i + 1 >= len(doc):
        return False
    after = doc[root.i + 1]
    for clause in root.children:
        if clause.i <= after.i or clause.dep_ not in {"advcl", "ccomp", "xcomp"}:
            continue
        words = {(t.dep_, t.lower_) for t in clause.children}
        if (after.lower_ == "that" and ("mark", "that") in words) or (
                after.lower_ == "for" and ("aux", "to") in words):
            return True
    return False


def grammatical(question: str, nlp: Any) -> bool:
    """Does ``question`` parse as one well-formed question: one sentence, led by its
    question word, a verb at its root, no fragment the parser cannot attach, after
    "did/does/do" a verb in its base form, no clause left hanging at its end (", and?",
    "..., in?", ", however?") and no clause for what something is ("What is for 92% of
    patients to begin ...?")?"""
    return grammatical_doc(nlp(question))


def grammatical_doc(doc: Any) -> bool:
    """:func:`grammatical` for an already parsed question."""
    text = doc.text
    if not text.endswith("?") or len(list(doc.sents)) != 1 or len(doc) < 3:
        return False
    if doc[0].tag_ not in _WH_TAGS:
        return False
    root = next(doc.sents).root
    if root.pos_ not in {"VERB", "AUX"} or any(t.dep_ == "dep" for t in doc):
        return False
    if _be_a_clause(root):
        return False
    lowered = [t.lower_ for t in doc if not t.is_punct]
    if any(a == b for a, b in itertools.pairwise(lowered)):
        return False
    supports = [t for t in doc[:4] if t.lower_ in {"did", "does", "do"}]
    if supports and not any(t.tag_ == "VB" for t in doc[supports[0].i + 1:]):
        return False
    return not _HANGING.search(text)
