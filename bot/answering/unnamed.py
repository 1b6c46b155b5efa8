"""A question asking the name of someone or something that the quoted passage mentions
without naming: "whats the name of the security guard who got burned" of "one man, a
security guard employed at the site, has been taken to hospital"; "what was the name of
the student who died?" of "A 22-year-old university student died of head injuries".

News names a person or a thing beside its first mention ("Emmett Till, a black teenager",
"a video entitled "Promise"", "the probe, called Aurora"); a mention with "a" or "one"
before it and no name beside it says the story does not know or will not say. Such an
answer is said as a hedge (:func:`names_nothing`), as a sum asked for and none quoted is
(:func:`bot.answering.reasons.no_sum_quoted`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.lexical import stem

NAME_ASKED = re.compile(
    r"\bname\s+of\s+(?:the|his|her|their|its|a|an|that|this)\s+(?P<of>[\w'’-]+(?:\s+[\w'’-]+)"
    r"{0,2}?)\s*(?:\b(?:who|that|which|where|whose|they|he|she|it|we|you|i)\b|\?|$)|"
    r"\bwhat(?:'s|’s|s|\s+is|\s+was)\s+(?:the|his|her|their|its)\s+(?P<owner>[\w-]+(?:\s+"
    r"[\w-]+)?)\s+names?\W*$", re.I)
""""whats the name of the yacht that got rescued", "what was the name of the outside
security firm", "what is the boys name": the thing named is the last word before a clause
or the end, at most three words long (a longer phrase, "the teacher of Chopin's three year
course that began in 1826", is not read)."""
_PREPOSITIONS = frozenset({"of", "in", "at", "from", "for", "on", "with", "by", "to"})
"""The thing named ends before these ("the count of Apulia": a count)."""
_KINDS_OF_NAME = frozenset({"maiden", "real", "full", "first", "last", "middle", "stage",
                            "birth", "actual", "official", "nick", "pen", "code", "brand",
                            "family", "given", "user", "screen"})
"""Words that say which of someone's names is asked ("her maiden name"), not whose."""
_WORD = re.compile(r"[\w'’-]+")
_NAME_BEFORE = re.compile(r"[A-Z][\w.'’-]*[\"”’)]?\s*(?:,|—|–|\s-)\s*$")
"""A name just before the mention's article: "Emmett Till, a black teenager", "Tay Hohoff
— a small, wiry veteran editor"."""
_NAME_AFTER = re.compile(
    r"^[^.;:!?]{0,40}?\b(?:named|called|entitled|titled|dubbed|known\s+as)\s+[\"“‘']?[A-Z\d]|"
    r"^(?:\s*,\s*|\s+)[\"“‘']?[A-Z][a-z]|^\s+for\s+[\"“‘']")
"""A name just after the mention: "a video entitled "Promise"", "a guard, John Smith",
"a campaign for "Demand A Plan""."""
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")
LOOK_BACK = 4
"""How many words before the mention may hold its "a", "an" or "one" ("a 22-year-old
university student")."""


def name_asked(question: str) -> str | None:
    """The stem of what the question asks the name of ("guard" of "whats the name of the
    security guard who got burned"), or None when it asks none."""
    found = NAME_ASKED.search(question)
    if found is None:
        return None
    words = (found.group("of") or found.group("owner")).lower().split()
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    if not cut or (found.group("owner") and words[-1] in _KINDS_OF_NAME):
        return None  # "whats her maiden name" asks no one's name but hers
    return stem(_POSSESSIVE.sub("", words[cut - 1]))


def _unnamed_mention(text: str, words: list[re.Match[str]], at: int) -> bool:
    """Whether the word at ``at`` is mentioned as "a ..." / "one ..." with no name beside it."""
    before = words[max(0, at - LOOK_BACK):at]
    article = max((i for i, w in enumerate(before) if w.group().lower() in ("a", "an", "one")),
                  default=None)
    if article is None or any(w.group()[0].isupper() for w in before[article + 1:]):
        return False  # "the guard", "a Falmouth yacht"
    start, end = before[article].start(), words[at].end()
    return not (_NAME_BEFORE.search(text, 0, start) or _NAME_AFTER.search(text[end:]))


def names_nothing(question: str, quotes: Sequence[str]) -> bool:
    """Whether the question asks the name of something (:data:`NAME_ASKED`) that the
    quotes mention, each time as "a ..." or "one ..." with no name beside it (a mention
    owning something, "a woman's behaviour", is not one)."""
    asked = name_asked(question)
    if asked is None:
        return False
    mentioned = False
    for quote in quotes:
        words = list(_WORD.finditer(quote))
        for at, word in enumerate(words):
            if _POSSESSIVE.search(word.group()) or stem(word.group().lower()) != asked:
                continue  # "a woman's obsessive behaviour" is about the behaviour
            if not _unnamed_mention(quote, words, at):
                return False
            mentioned = True
    return mentioned
