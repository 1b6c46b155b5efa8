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
    r"(?:(?:please\s+|pls\s+)?(?:tell|show)\s+me|explain)"
    r"(?=\s+(?:who|whom|whose|what|when|where|why|how|which|if|whether)\b)|"
    r"any\s*idea"
    r")(?:\s*[,:;-]\s*|\s+)(?:(?:if|whether)\s+)?",
    re.I)
"""Asking to be told, before the question ("i was wondering when ...", "do you know
who ...", "can you tell me if ...", "explain why ..."). "tell me about ...", "give me the
gist" and "list the stories" stay: they ask about an article (:mod:`bot.metadata_answers`)."""
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
_EMBEDDED = re.compile(
    r"^(who|whom|what|when|where|why|which|how(?:\s+(?:many|much|long|old|far|big|often))?)\s+"
    r"((?:(?!(?:is|are|was|were)\b)[\w'’-]+\s+){0,5}?(?!(?:is|are|was|were)\b)[\w'’-]+)\s+"
    r"(is|are|was|were)\b\s*(.*)$",
    re.I | re.S)
"""A question asked inside another keeps the subject before its verb ("do you know who
the director is", "can you tell me what the article is about"): put back in a question's
order ("who is the director", "what is the article about")."""
_MIN_WORDS = 2
"""A frame comes off only when this many words are left: "is that right?" alone is a
question of its own (a follow-up)."""


def unframed(question: str) -> str:
    """``question`` without the frame a chat puts around it: greetings and fillers, asking
    to be told ("do you know ...", its question put back in order: "do you know who the
    director is" is "who is the director"), hearsay to be confirmed ("i heard that ..."), a
    closing "is that right?" and "please"/"thanks". Unchanged when nothing, or too little,
    would be left."""
    text = question.strip()
    embedded = False
    for _ in range(3):  # "ok so i was wondering, i heard that ..."
        before = text
        text = _OPENERS.sub("", text)
        text, asked = _ASKING.subn("", text)
        embedded = embedded or bool(asked)
        text = _HEARSAY.sub("", text)
        text = _POLITE_START.sub("", text)
        if text == before:
            break
    text = _POLITE.sub("", text)
    text = _CONFIRM.sub("", text)
    text = text.strip(" ,;:-")
    if embedded and (inner := _EMBEDDED.match(text)) is not None:
        wh, subject, verb, rest = inner.groups()
        text = f"{wh} {verb} {subject}" + (f" {rest}" if rest[:1].isalnum() else rest)
    if len(text.split()) < _MIN_WORDS:
        return question
    return text
