"""False statements for true/false questions by negating what a sentence states.

"Mr Bailey said he feared the proposed sanctions might not be enough" becomes "... might
be enough"; "the Government announced plans" becomes "the Government did not announce
plans". The verb negated is the main one or, after "said" and its kin, the one of the
clause reported. Nothing inside quotation marks is changed (a quote stays a quote), and
a clause that already holds a negative word ("nothing", "never") is left alone, so no
double negative can be made. "has not yet been found" becomes "has already been found";
a "not" that a later word needs ("not ... any", "not ... yet") is never dropped; "can"
takes "cannot"; no "not" goes before "only", "little" or "few" ("is not only the
beginning" says something else), nor into a clause of "few" or "little" or whose subject
is quantified ("some residents were not hurt" does not deny "some were hurt").
"""

from __future__ import annotations

from typing import Any

from bot.quiz.wh import REPORTING

_NEGATIVE = frozenset(
    "not n't n’t never no nothing none nobody neither nor without hardly nowhere cannot "
    "barely scarcely".split()
)
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_NOT_AFTER = frozenset("only little few just merely rarely seldom".split())
"""Words a "not" put before them turns into another phrase ("is not only the beginning",
"there was not little downside"), not the statement's negation."""
_FEW = frozenset({"few", "little"})
"""Already half a negative ("few people were hurt"; "a few" and "a little" are not)."""
_SOME = frozenset("some many most several few all every each both various numerous".split())
"""A subject's quantifier: "some residents were not hurt" does not deny "some residents
were hurt"."""
_NEEDS_NOT = frozenset("yet any anything anyone anybody anywhere anymore ever".split())
"""Words that need the "not" before them ("has not yet been found", "did not find any"):
dropping it leaves a sentence no one would write."""


def _inside_quotes(tok: Any, sent: Any) -> bool:
    before = sent.doc[sent.start:tok.i].text
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _clause(sent: Any) -> Any | None:
    """The verb whose statement is negated."""
    root = sent.root
    reported = [c for c in root.children if c.dep_ == "ccomp"]
    if root.lemma_ in REPORTING and reported:  # negate what was said, never the saying
        return reported[0] if reported[0].i > root.i else None
    return root


def _edit(verb: Any) -> tuple[int, int, str] | None:
    """``(start, end, replacement)``: the characters of the doc to replace (offsets into
    the doc) to negate ``verb``'s clause."""
    negs = [c for c in verb.children if c.dep_ == "neg"]
    auxes = [c for c in verb.children
             if c.dep_ in {"aux", "auxpass"} and c.i < verb.i and c.lower_ != "to"]
    if negs:
        neg = negs[0]
        if neg.lower_ != "not" or not (auxes or verb.lemma_ == "be"):
            return None
        after = neg.doc[neg.i + 1] if neg.i + 1 < len(neg.doc) else None
        if after is not None and after.lower_ == "yet" and after.text.isalpha() and not any(
                t.lower_ in _NEEDS_NOT for t in verb.subtree if t.i > after.i):
            return neg.idx, after.idx + len(after.text), "already"  # "not yet" -> "already"
        if any(t.lower_ in _NEEDS_NOT for t in verb.subtree if t.i > neg.i):
            return None  # "has not been found yet", "did not find any": no "not", no sense
        prev = neg.doc[neg.i - 1]  # "might not be" -> "might be"
        return prev.idx + len(prev.text), neg.idx + len(neg.text), ""
    if any(t.lower_ in _NEGATIVE for t in verb.subtree):
        return None
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.dep_ == "advmod" and after.head.i == verb.i:
        return None  # "was still a problem": "was not still" reads badly
    if auxes:
        aux = auxes[0]
        if not aux.text.isalpha():
            return None
        end = aux.idx + len(aux.text)
        return end, end, "not" if aux.lower_ == "can" else " not"  # "cannot", one word
    if verb.lemma_ == "be" and verb.text.isalpha():
        end = verb.idx + len(verb.text)
        return end, end, " not"
    do = _DO.get(verb.tag_)
    if do is None or not verb.text.isalpha():
        return None
    return verb.idx, verb.idx + len(verb.text), f"{do} not {verb.lemma_.lower()}"


def negated(sent: Any) -> str | None:
    """``sent`` (a spaCy sentence span) with its main statement negated, or None."""
    verb = _clause(sent)
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or _inside_quotes(verb, sent):
        return None
    if not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children):
        return None
    edit = _edit(verb)
    if edit is None:
        return None
    start, end, replacement = edit
    following = next((t for t in sent if t.idx >= end), None)
    if replacement.strip() == "not" and following is not None and \
            following.lower_ in _NOT_AFTER:
        return None
    if any(t.lower_ in _FEW and (t.i == 0 or t.doc[t.i - 1].lower_ != "a")
           for t in verb.subtree):
        return None  # "Few people were hurt": "were not hurt" is no negation of it
    if any(c.lower_ in _SOME for s in verb.children if s.dep_ in {"nsubj", "nsubjpass"}
           for c in s.subtree if c.i <= s.i):
        return None  # "Some residents were hurt": "some were not hurt" may be true too
    base = sent.start_char
    text = sent.text
    return text[:start - base] + replacement + text[end - base:]
