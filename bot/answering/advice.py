"""What people are told to do: "what should i do if i have one", "what should users do to
protect themselves", "how can i protect my scooter" answered with the sentence that gives
the advice ("Consumers should immediately stop using the lids ...", "... urging all users
to change their passwords ...", "Police advised owners to register their scooters ...").

Such a question shares few words with its answer ("do", "should"), and the rankers, fitted
mostly on questions about facts, quoted a sentence that only names the subject ("Protecting
our members' data is our highest priority"). So a question asking what to do is answered
here, when the article is known (the library's only one, the one asked of, or the one
the previous answer quoted; in a library of several, which article's advice is meant is
the usual answer's to find): in the passages its other words find first, then the rest of
the article, the first sentence that gives advice (someone
"should" or "must", is urged, advised, asked, told or encouraged to do something) to whom
the question asks about ("users", "owners"; anyone for "I" and "you"). With none, the
question goes the usual way.
"""

from __future__ import annotations

import re

import numpy as np

from bot.answering.citations import citation_of
from bot.answering.contact import passages_to_read
from bot.answering.number_words import CARDINALS
from bot.lexical import stem, tokenize
from bot.library import Snapshot
from bot.models import Answer

_WHO = (r"i|we|you|u|people|residents|consumers|users|customers|owners|drivers|passengers|"
        r"parents|patients|members|travell?ers|visitors|fans|shoppers|homeowners|tenants|"
        r"students|pupils|workers|staff|employees|the public|anyone|everyone|locals")
"""Whom a question may ask advice for."""
_ASKED = re.compile(
    rf"\bwhat (?:should|can|could|must|do|does) (?P<who>{_WHO})(?: \w+){{0,2}} do\b"
    rf"|\bwhat (?:are|were|is|was|have|has) (?:the )?(?P<who2>{_WHO}) (?:been |being )?"
    r"(?:told|advised|urged|asked|warned|encouraged) to do\b"
    rf"|\bhow (?:do|can|should|could) (?P<who3>{_WHO}) (?:protect|keep safe|stay safe|avoid|"
    r"prevent)\b",
    re.I)
_GENERIC = frozenset({"i", "we", "you", "u", "people", "the public", "anyone", "everyone"})
"""Askers for whom any advice the article gives will do."""


def _advice_pattern(reach: int) -> re.Pattern[str]:
    """Telling someone to do something, with at most ``reach`` words between the verb and
    "to" (whom it is told to)."""
    return re.compile(
        r"\b(?:should|must)\b(?! have\b)|\b(?:urg(?:es?|ed|ing)|advis(?:es?|ed|ing)|"
        r"ask(?:s|ed|ing)?|encourag(?:es?|ed|ing)|warn(?:s|ed|ing)?|told|tell(?:s|ing)?|"
        rf"instruct(?:s|ed|ing)?|recommend(?:s|ed|ing)?)(?: [\w'’-]+){{0,{reach}}}? "
        r"(?:to|not to)\b",
        re.I)


ADVICE = _advice_pattern(4)
"""A sentence that tells someone what to do ("should immediately stop", "advised owners to
register"; not "should have been warned", a judgement on the past)."""
ADVICE_NAMING = _advice_pattern(8)
""":data:`ADVICE` for a sentence naming what the question names: the one advised may be
described at more length ("advising people with asthma or other breathing problems to
stay indoors")."""
_MODAL = re.compile(r"\b(?:should|must)\b", re.I)
_WONDERED = re.compile(r"\bwhether\b(?:\W+[\w'’-]+){0,4}\W*$", re.I)
"""Just before "should": a question put indirectly ("head teachers would decide ...
whether their schools should close"), no advice."""
_ASKS = re.compile(r"\?[\s\"'”’]*$")
"""A sentence that asks ("So who is affected, and what should you do?"): the article's own
question, no advice."""
_ASKING_WORDS = frozenset(tokenize("should must told advised urged asked warned encouraged"))
_NUMBER_WORDS = frozenset(CARDINALS)
"""Left out of the words that find passages: "if i have one" is no number."""
_EVERYONE = {stem(w) for w in ("people", "public", "anyone", "everyone", "you")}
"""Advice to everyone: what a resident, a user or a parent is told too."""


def asked_advice(question: str) -> str | None:
    """Whom ``question`` asks what to do for ("users", "i"), or None when it asks no such
    thing."""
    found = _ASKED.search(question)
    if found is None:
        return None
    return next(w for w in found.group("who", "who2", "who3") if w).lower()


def advice_answer(question: str, snapshot: Snapshot, *,
                  article_id: int | None = None) -> Answer | None:
    """The sentence giving the advice ``question`` asks for, cited; None when it asks for
    none, or none of the passages read gives advice to whom it asks about (or, for them,
    to everyone: "we're asking people to stay off the roads" for "what should residents
    do")."""
    who = asked_advice(question)
    if who is None or (article_id is None and len(snapshot.articles) != 1):
        return None  # which article's advice is the usual answer's to find
    generic = who in _GENERIC
    skip = _ASKING_WORDS | (set(tokenize(who)) if generic else set())
    words = [w for w in tokenize(question) if w not in skip and w not in _NUMBER_WORDS]
    wanted = {stem(who.removesuffix("s"))} if not generic else set()
    rows = passages_to_read(snapshot, words, article_id)
    if len(rows):  # then the rest of the article: its advice is often at its end,
        owner = snapshot.passages[int(rows[0])].article_id  # sharing no word asked
        first = set(rows.tolist())
        rest = [r for r in snapshot.article_rows(owner).tolist() if r not in first]
        rows = np.concatenate([rows, np.array(rest, np.int64)])
    modal = _MODAL.search(question) is not None
    own = set(words) - wanted  # (tokenize's words are stems)
    found = _advice(snapshot, rows, wanted, modal, own)
    if found is None and wanted:
        found = _advice(snapshot, rows, _EVERYONE, modal, own)
    if found is None:
        return None
    aid, start, end = found
    citation = citation_of(snapshot, 1, aid, start, end, None)
    if citation is None:
        return None
    return Answer(question, f"{citation.quote} [1]", declined=False, citations=(citation,),
                  confidence=1.0)


def _advice(snapshot: Snapshot, rows: np.ndarray, wanted: set[str], modal: bool,
            own: set[str] | frozenset[str] = frozenset()) -> tuple[int, int, int] | None:
    """The sentence of the passages at ``rows`` that gives advice to someone whose word's
    stem is in ``wanted`` (to anyone when it is empty): (article, start, end). One that
    says "should" or "must" first when the question does ("what should you do if you are
    cut off": "anyone in trouble should call 999", not "urged visitors to check tide
    tables"), then one naming what the question names (``own``, its other words' stems:
    "i have asthma what should i do": "... advising people with asthma or other breathing
    problems to stay indoors", not "Anyone who feels unwell is being asked to call NHS
    111"), else the first."""
    found: list[tuple[bool, bool, int, int, int, int]] = []
    for row in rows.tolist():
        passage = snapshot.passages[row]
        text = snapshot.articles[passage.article_id].text
        for start, end in passage.sentences:
            sentence = text[start:end]
            if _ASKS.search(sentence):
                continue
            names = bool(own) and not own.isdisjoint(tokenize(sentence))
            advice = [m.group() for m in (ADVICE_NAMING if names else ADVICE).finditer(sentence)
                      if not _WONDERED.search(sentence, 0, m.start())]
            if advice and (not wanted or wanted & {
                    stem(w.removesuffix("s")) for w in re.findall(r"\w+", sentence.lower())}):
                says = modal and any(_MODAL.fullmatch(said) for said in advice)
                found.append((not says, not names, len(found), passage.article_id, start, end))
    if not found:
        return None
    *_, aid, start, end = min(found)
    return aid, start, end
