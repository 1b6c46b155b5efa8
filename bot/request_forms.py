"""How people type a request about an article itself: "can you summarise the storm story",
"tldr of the concert review", "sum it up", "who wrote the concert review", "the storm one",
"who reviewed the play" (:mod:`bot.metadata_answers` answers them).

The forms come from asking the bot as people do in a server (stop 63): each went to the
sentence search and came back as a passage of some story, hedged, or refused.
"""

from __future__ import annotations

import re

from bot.answering.articles import titled_article
from bot.lexical import tokenize
from bot.library import Snapshot

GIST = (r"gist|summary|overview|rundown|recap|"
        r"(main|key) (points?|facts|takeaways?|findings?|conclusions?)|"
        r"takeaways?|highlights|tl;? ?dr")
"""Words for what an article is about, in brief ("the gist", "the key points", "the main
finding")."""
ASKING = (r"(?:(?:so|and|ok|okay|hi|hey|right)\b,? ?|(?:can|could|would|will) (?:you|u)\b ?|"
          r"(?:please|pls|plz|just|quickly|now)\b ?|i(?:'d| would)? (?:want|need|like)(?: you)?"
          r"(?: to)?\b ?)")
"""How a request opens before it asks ("can you", "pls", "i want you to", "so")."""
THANKS = r"(?:,? ?(?:please|pls|plz|thanks|thank you|for me|quickly|real quick|again))"
"""How a request may close ("please", "for me", "thanks")."""
_BRIEF = (r"(?:(?:a|an|the|me a|me an|me the)\s)?"
          r"(?:(?:quick|short|brief|fast|simple|little|one[- ]line|two[- ]line)\s)*")
"""How a summary asked for may be described ("a quick", "me a short")."""
_SUMMARY_REQUEST = re.compile(
    rf"^\W*{ASKING}*(?:"
    r"(?:summari[sz]e|sum up|recap|tl;? ?dr|eli5)(?:\s+(?:of|on|for|about)\b)?"
    r"(?:\s+(?P<topic>[^?]{2,80}?))??|"
    r"(?:show me|read me|open|pull up|bring up|explain|describe|"
    r"what(?:'s| is|s) the (?:story|deal|situation) (?:with|on))"
    r"\s+(?P<named>(?:the|this|that)\s[^?]{2,80}?|(?:article|story) #?\d+)|"
    r"sum (?:it|this|that|them) up|"
    rf"(?:give me |get me |show me |i want |what(?:'s| is|s) |whats )?{_BRIEF}"
    rf"(?:{GIST}|synopsis)(?:\s+(?:of|on|for|about|from|in)\s+(?P<about>[^?]{{2,80}}?))??|"
    r"what (?:are|were) (?:these|those|the|your|all the|all these|all your) "
    r"(?:articles|stories|pieces|reports)(?: all)? about"
    rf"){THANKS}*\W*$", re.I)
"""A request for the gist of an article in the forms people type: "can you summarise the
storm story", "tldr of the concert review", "give me a quick summary of the recall", "sum it
up", "brief summary please", "what are these articles about"; "explain / show me / open
the ftc lawsuit" only of a thing named with "the" (not "can you open an account")."""
_TYPED = re.compile(
    r"\bthe (?P<name>(?:(?!(?:the|of|a|an|in|on|about|and)\b)[\w'’&-]+ ){0,3}"
    r"(?!(?:the|of|a|an)\b)[\w'’&-]+) (?P<noun>review|interview|column|obituary|editorial|"
    r"profile|feature|report|write-?up|post|one)\b", re.I)
"""An article called by its kind or "one" ("the concert review", "the storm one"), which
names an article only when its title says so (:func:`typed_article`)."""
REVIEWED = re.compile(r"^\W*who (?:reviewed|critiqued) (?P<thing>the [^?]{2,60}?)\W*$", re.I)
"""Who reviewed a thing an article reviews ("who reviewed the play"): its author, when the
article's title says it is a review (:func:`typed_article`)."""
_REFERRING = frozenset({"it", "this", "that", "them", "this one", "that one"})
"""What a summary asked "of it" names: the article talked about."""


def summary_request(question: str) -> str | None:
    """The thing whose gist ``question`` asks for ("the storm story", "the concert review"),
    "" when it names none ("can u summarise", "sum it up", "what are these articles
    about"), None when it is not such a request (:data:`_SUMMARY_REQUEST`)."""
    m = _SUMMARY_REQUEST.match(" ".join(question.split()))
    if m is None:
        return None
    topic = (m["topic"] or m["named"] or m["about"] or "").strip()
    return "" if topic.lower() in _REFERRING else topic


def typed_article(question: str, snapshot: Snapshot) -> tuple[str, int] | None:
    """``question`` with "the concert review" read as "the story", and the article so
    called, when the title clearly matches (:func:`titled_article`) and says the kind
    ("Review: Juniper Static turn ..."); None otherwise: "who wrote the report" of a story
    about a report is a question of its text."""
    m = _TYPED.search(question)
    if m is None:
        return None
    noun = m["noun"].lower()
    found = titled_article(m["name"] if noun == "one" else f"{m['name']} {noun}", snapshot)
    if found is None or (noun != "one" and noun not in tokenize(snapshot.articles[found].title)):
        return None  # the kind must be the title's own ("Review: ..."): a report it tells of
    return f"{question[:m.start()]}the story{question[m.end():]}", found
