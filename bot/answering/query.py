"""A question made ready for scoring against one library snapshot.

Everything here is per question and cheap (no parser, no model): the content
words with misspellings mended against the library's own vocabulary
("goverment" is read as "government"), their rarity, and the analysis of the
wording (:func:`bot.question.analyse`).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from bot.answering.synonyms import phrase_synonyms, synonym_in
from bot.lexical import LexicalIndex, bm25_idf, stem, tokenize
from bot.question import QuestionInfo, analyse

if TYPE_CHECKING:
    from bot.answering.ranking import Ranking
    from bot.snapshot import ArticleWords

_NEGATION = re.compile(
    r"\b(not|never|n't|no|none|nothing|neither|nor|without|fail|failed|unable|"
    r"dont|doesnt|didnt|wont|cant|isnt|wasnt|arent|werent)\b", re.I
)
_NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w'’&-]*")
"""A capitalised word not at the start of a sentence: a name ("Chopin", "Warsaw")."""
BY_HOW_MANY = re.compile(
    r"\b(?:won|wins?|winning|beat|beaten|lead|led|leads)\b.*\bby how (?:many|much)\b|"
    r"\bby how many (?:votes|seats|points|goals|runs|strokes|lengths|wickets)\b|"
    r"\bby what (?:margin|majority)\b", re.I)
"""A margin asked for without its word ("won by how many votes": the majority), not a
change ("rose by how much")."""
MARGIN = stem("margin")


@dataclass(frozen=True)
class Query:
    """A question as the scorers see it."""

    info: QuestionInfo
    vector: np.ndarray
    """The unit vector the answer is judged with."""
    tokens: tuple[str, ...]
    """Distinct content-word stems, misspellings mended."""
    idf: dict[str, float]
    total_idf: float
    max_idf: float
    """The rarity of a word no passage holds: the ceiling of every ``idf``."""
    unknown: float
    """Share of the question's words that no passage of the library holds."""
    unknown_count: int
    negated: bool
    names: tuple[str, ...] = ()
    """Stems of the question's words written with a capital inside it (names)."""
    ranking: Ranking | None = None
    """The question as the ranking encoder reads it (:mod:`bot.answering.ranking`); None:
    the rankers read :attr:`vector` against the library's own sentence vectors."""

    @cached_property
    def token_set(self) -> frozenset[str]:
        """:attr:`tokens` as a set."""
        return frozenset(self.tokens)

    def coverage(self, present: AbstractSet[str]) -> float:
        """Share of the question's words (weighted by rarity) found in ``present``."""
        if not self.total_idf:
            return 0.0
        found = 0.0
        for t in self.tokens:  # a loop, not sum() over a generator: half the time
            if t in present:
                found += self.idf[t]
        return found / self.total_idf

    def within(self, article: ArticleWords) -> Query:
        """This question with its words' rarity (``idf``) counted among one article's
        passages, as if the article were alone in its library: evidence about the article
        that does not move when other articles join the library. In a library of one
        article, the same numbers."""
        n = article.passage_count
        idf = {t: bm25_idf(n, article.passages_with(t)) for t in self.tokens}
        return replace(self, idf=idf, total_idf=sum(idf.values()), max_idf=bm25_idf(n, 0))

    def found_rarity(self, present: AbstractSet[str]) -> float:
        """The rarity (0..1) of the rarest question word that is in ``present``."""
        found = [self.idf[t] for t in self.tokens if t in present]
        return max(found) / self.max_idf if found and self.max_idf else 0.0

    def names_missing(self, present: AbstractSet[str]) -> int:
        """How many of the question's names are not in ``present``."""
        return sum(n not in present for n in self.names)

    def missing_rarity(self, present: AbstractSet[str],
                       also: AbstractSet[str] = frozenset()) -> float:
        """The rarity (0..1) of the rarest question word in neither ``present`` nor
        ``also``."""
        rarest = 0.0
        for t in self.tokens:
            if t not in present and t not in also and self.idf[t] > rarest:
                rarest = self.idf[t]
        return rarest / self.max_idf if self.max_idf else 0.0


def has_negation(text: str) -> bool:
    """Whether ``text`` says "not", "never", "didn't"...."""
    return bool(_NEGATION.search(text))


def _split(token: str, lexical: LexicalIndex) -> list[str] | None:
    """Two known words run together ("skatepark", "ebike"): both, or None."""
    for i in range(3, len(token) - 2):
        first, second = stem(token[:i]), stem(token[i:])
        if lexical.knows(first) and lexical.knows(second):
            return [first, second]
    return None


_DERIVED = ("er", "or", "ers", "ness", "nes", "ist", "ment", "ity", "ion", "al", "ic", "ive",
            "ful", "ant", "ent", "ence", "ance", "ous", "y")
"""Word endings that make one word of another ("campaigner" of "campaign", "illness" of
"ill", "famous" of "fame"), as the stemmer leaves them."""


def _derived(token: str, lexical: LexicalIndex) -> str | None:
    """A known word ``token`` is derived from, or that is derived from it ("campaigners"
    asked of an article that says "campaign"; "ill" of one that says "illnesses"), else one
    derived from the same root ("objectors" of "objections"): the commonest, or None."""
    roots = [token[: -len(end)] for end in _DERIVED
             if token.endswith(end) and len(token) - len(end) >= (3 if end == "ous" else 4)]
    found = roots + [token + end for end in _DERIVED if len(token) >= 3]
    known = [w for w in found if lexical.knows(w)]
    if not known:  # siblings of one root: "objectors" asked of "objections"
        known = [root + end for root in roots if len(root) >= 5
                 for end in _DERIVED if lexical.knows(root + end)]
    return min(known, key=lambda w: (lexical.idf(w), w)) if known else None


FRAME_WORDS = frozenset(stem(w) for w in (
    "much", "many", "else", "happened", "occurred", "amount", "number", "name", "kind",
    "type", "money", "old", "big", "large", "long", "far", "tall", "high", "deep", "wide",
    "fast", "heavy", "often", "soon", "according", "article", "story", "piece", "news",
    "anyone", "anybody", "someone", "somebody", "everyone", "everybody", "anything",
    "something", "everything", "nobody", "nothing", "people", "main", "actually", "really",
    "exactly", "basically", "ok", "okay", "alright"))
"""Words of the question's frame ("how much", "how many", "where else", "what happened",
"the amount of", "the number of", "what type of", "how old", "how big", "how long",
"the main problem", "did they actually", "were the other models ok",
"according to the article", "which paper broke the story"), not of its subject: never
mended to a library word, and one the library lacks is left out of the question's words,
no sign that the question is about something else ("how much is the deal worth" was
refused because the article never says "much", "What happened in 2011?" because it never
says "happened", "which newspaper broke the story" because it never says "story"; "has
anyone been hurt" is about injuries, whether or not the story says "anyone")."""


_PHRASE_FRAMES = (
    (re.compile(r"\b(?:look|looks|looked|sound|sounds|sounded|feel|feels|felt)\s+like\b",
                re.I), frozenset(stem(w) for w in ("look", "sound", "feel", "felt", "like")),
     False),
    (re.compile(r"^\W*(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?tell\s+(?:me|us)"
                r"\s+(?:a\s+(?:bit|little)\s+(?:more\s+)?)?about\b", re.I),
     frozenset(stem(w) for w in ("tell", "bit", "little")), True),
    (re.compile(r"\bgoing\s+to\b|\bgonna\b", re.I), frozenset(stem(w) for w in (
        "going", "gonna")), False),
    (re.compile(r"\bwhat(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+|his\s+|her\s+|"
                r"their\s+|its\s+)?(?:(?!(?:his|her|their|its|my|your)\b)[\w-]+(?:'s|’s|s')?\s+){1,2}"
                r"(?<!real\s)(?<!full\s)(?<!first\s)(?<!last\s)(?<!maiden\s)(?<!stage\s)"
                r"(?<!middle\s)(?<!birth\s)(?<!actual\s)(?<!official\s)names?\W*$", re.I),
     frozenset({stem("name")}), True),
    (re.compile(r"^\W*according\s+to\b", re.I), frozenset({stem("according")}), True),
)
"""Phrases that frame a question, with their words and whether those are always left out.

Always: "tell me about the set design" is about the set design, whatever the library
says; "whats the drivers name" is about the driver (a story saying "named" elsewhere is no
sign that this one is about something else), though "whats the singer's real name" asks
for "whose real name is ...". As frame words (:data:`FRAME_WORDS`, left out when the
library lacks them): "what does the inside look like" is about the inside, "is the
heatwave going to last" about the heatwave lasting, and "what did it sound like" keeps
"sounded like a gunshot". Only in the phrase: "where should you look for details" is about
looking, "what did she tell the court" about what was told. Always, too: a question opening
on "according to Delacourt, ..." asks what she says, not for a sentence saying "according
to" ("According to Feld, the volunteers ..." had come first)."""


NO_VECTOR = np.zeros(0, np.float32)
"""The vector of a query read for its words alone (what it asks for, its stems)."""


def make_query(question: str, vector: np.ndarray, lexical: LexicalIndex) -> Query:
    """Read ``question`` against a library's vocabulary."""
    info = analyse(question)
    spaced = " ".join(question.split())  # "real  name" is "real name" to the phrases
    found = [(words, always) for phrase, words, always in _PHRASE_FRAMES
             if phrase.search(spaced)]
    phrased = frozenset().union(*(words for words, _ in found))
    dropped = frozenset().union(*(words for words, always in found if always))
    left_out, read = phrase_synonyms(spaced, lexical.knows)  # "support act": "opening act"
    dropped |= left_out
    tokens: list[str] = []
    unknown = 0
    for token in info.tokens:
        mended = [token]
        if token in dropped:
            continue  # "tell me about the set design": about the set design
        if token in FRAME_WORDS or token in phrased:
            if not lexical.knows(token):
                continue  # "what happened in 2011" of an article that never says "happened"
        elif not lexical.knows(token):
            mended = [synonym_in(token, lexical.knows) or lexical.correct(token) or token]
            if not lexical.knows(mended[0]):
                derived = _derived(token, lexical)
                mended = [derived] if derived else _split(token, lexical) or mended
            unknown += not lexical.knows(mended[0])
        for t in mended:
            if t not in tokens:
                tokens.append(t)
    tokens += [t for t in read if t not in tokens]
    if BY_HOW_MANY.search(question):
        margin = MARGIN if lexical.knows(MARGIN) else synonym_in(MARGIN, lexical.knows)
        if margin is not None and margin not in tokens:
            tokens.append(margin)  # "by how many votes": "a majority of 4,203"
    idf = {t: lexical.idf(t) for t in tokens}
    names = tuple(dict.fromkeys(
        t for m in _NAME.finditer(question) for t in tokenize(m.group())))
    return Query(
        info=info, vector=vector, tokens=tuple(tokens), idf=idf, total_idf=sum(idf.values()),
        max_idf=lexical.idf("\u2205unseen"), unknown=unknown / subject if (
            subject := sum(t not in FRAME_WORDS and t not in phrased
                           for t in info.tokens)) else 0.0,
        unknown_count=unknown, negated=has_negation(question), names=names,
    )
