"""The question inside the way people frame it in a chat.

People rarely type a bare question: "so i was wondering, when does it come out", "i heard
people in the states have to wait longer for it, is that right", "can you tell me who
won pls". The frame's words ("heard", "right", "wondering", "tell") are in no answer, yet
the lexical scorers read them as the question's subject and the models, fitted on
SQuAD's plain questions, read a question about hearsay: such questions were refused or
answered from the wrong sentence. :func:`unframed` takes the frame off; the answer keeps
the question as it was asked.

Only whole frames at the start or the end go, never a word inside the question ("who
heard the shots", "is the road right for cyclists" stay as they are).
"""

from __future__ import annotations

import re

_OPENERS = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so|um+|uh+|yo|also|quick question)"
    r"(?:\s*[,:;!.-]\s*|\s+))+",
    re.I)
"""Greetings and fillers before the question ("hey, ", "ok so ", "quick question: ")."""
_ASKING = re.compile(
    r"^(?:basically\s+)?(?:"
    r"i\s*(?:was|am|'m|’m|m)\s+(?:just\s+|really\s+)?(?:wondering|curious)(?:\s+about)?|"
    r"i\s*(?:was|am|'m|’m|m)\s+(?:just\s+)?trying\s+to\s+(?:work|figure|find)\s+out|"
    r"just\s+wondering|"
    r"i\s+(?:want|wanna|need|would\s+like|'d\s+like|’d\s+like)\s+to\s+know|"
    r"(?:do|does)\s+(?:you|u|anyone|anybody)\s+know|"
    r"(?:can|could|would)\s+(?:you|u|someone|anyone)\s+(?:please\s+|pls\s+)?"
    r"(?:tell|remind)\s+me|"
    r"any\s*idea"
    r")(?:\s*[,:;-]\s*|\s+)(?:(?:if|whether)\s+)?",
    re.I)
"""Asking to be told, before the question ("i was wondering when ...", "do you know
who ...", "can you tell me if ...")."""
_HEARSAY = re.compile(
    r"^(?:i(?:'ve|’ve|ve)?\s+(?:heard|read|saw|seen)|i\s+was\s+told|someone\s+(?:told\s+me|"
    r"said)|people\s+(?:are\s+)?say(?:ing)?|apparently)"
    r"(?:\s+(?:somewhere|online|earlier))?(?:\s*[,:]\s*|\s+)(?:that\s+)?",
    re.I)
"""Something heard, to be confirmed ("i heard that ...", "apparently ..."): the claim is
what the question is about. "is it true that ..." stays: it asks yes or no as SQuAD's
questions do (taken off, "is it true all chickens have to be kept inside now" lost its
answer on the development set)."""
_CONFIRM = re.compile(
    r"(?:(?:\s*[,;-]\s*|\s+)(?:(?:is|was|isn't|isnt)\s+(?:that|this)\s+(?:right|true|correct|"
    r"so)|is\s+it\s+(?:right|true|correct)|that\s+(?:right|true|correct)|or\s+not)|"
    r"\s*[,;-]\s*(?:right|true|correct|yeah))\s*[?!.]*\s*$",
    re.I)
"""Asking for confirmation at the end (", is that right?", ", true?", "or not")."""
_POLITE = re.compile(
    r"(?:\s+(?:please|pls|plz)|\s*[,;!?.-]\s*(?:thanks|thank\s+you|thx))\s*[?!.]*\s*$",
    re.I)
"""Please and thanks at the end ("who won pls", "when is it on? thanks"; not "who gave
thanks")."""
_POLITE_START = re.compile(r"^(?:please|pls|plz)\s+", re.I)
_MIN_WORDS = 2
"""A frame comes off only when this many words are left: "is that right?" alone is a
question of its own (a follow-up)."""


def unframed(question: str) -> str:
    """``question`` without the frame a chat puts around it: greetings and fillers, asking
    to be told ("do you know ..."), hearsay to be confirmed ("i heard that ..."), a
    closing "is that right?" and "please"/"thanks". Unchanged when nothing, or too little,
    would be left."""
    text = question.strip()
    for _ in range(3):  # "ok so i was wondering, i heard that ..."
        before = text
        text = _OPENERS.sub("", text)
        text = _ASKING.sub("", text)
        text = _HEARSAY.sub("", text)
        text = _POLITE_START.sub("", text)
        if text == before:
            break
    text = _POLITE.sub("", text)
    text = _CONFIRM.sub("", text)
    text = text.strip(" ,;:-")
    if len(text.split()) < _MIN_WORDS:
        return question
    return text
