"""Which article a question names: "the bus fares article", "the story about the York floods".

A question that names an article is answered from that article alone. The
words of the naming phrase are matched against each article's title (weighted
by rarity); a clear best match wins, otherwise nothing is named.
"""

from __future__ import annotations

import re

from bot.lexical import tokenize
from bot.library import Snapshot
from bot.tuning import TITLE_MIN_MARGIN, TITLE_MIN_MATCH

_NOUN = r"(?:article|story|piece|report|feature|item|news\s+story|thing)"
_NAMING = [
    re.compile(
        rf"\b(?:the|that|this)\s+(?P<name>[^?.!,;:]{{2,80}}?)\s+{_NOUN}\b", re.I
    ),
    re.compile(
        rf"\b{_NOUN}\s+(?:about|on|covering|called|titled|headlined)\s+(?P<name>[^?!,;:]{{2,80}})",
        re.I,
    ),
]
ARTICLE_NOUN = r"(article|story|piece|report|text)"
"""What a question calls an article when it asks about the article itself."""
NUMBERED = r"(?:article|story|piece)\s*(?:no\.?\s*|number\s*|#\s*)?\d{1,9}"
"""An article called by the number `footnote list` and every source line give it ("article
4", "story #2")."""
ARTICLE_PHRASE = (
    rf"(it|this|that|the {ARTICLE_NOUN}|this (article|story|piece)|{NUMBERED}|"
    rf"the [^?]{{2,60}}? (article|story|piece)|the {ARTICLE_NOUN} (about|on) [^?]{{2,60}}?)")
"""How a question names an article: "it", "the bus fares story", "the article about the bus
crash" (not "the next jobs report": a report an article tells of). Its words are one
space apart: match it against a question whose spaces are collapsed."""
BODY_WEIGHT = 0.25
"""What the naming phrase's words found in an article's text (not its title) count for,
against 1 for its title."""
FEW = 64
"""Up to this many articles with a naming word in their title, each one's words are looked
up (:meth:`Snapshot.article_words`); beyond, the articles holding each word are listed
(:meth:`Snapshot.articles_with`, which indexes every article's header once per snapshot)."""
_GENERIC = frozenset(tokenize("first second last latest other new old same whole main one"))


def naming_phrase(question: str) -> str | None:
    """The words a question uses to name an article, if it names one."""
    for pattern in _NAMING:
        m = pattern.search(question)
        if m:
            return m.group("name").strip()
    return None


_NUMBER = re.compile(rf"\b{NUMBERED}\b", re.I)


def numbered_article(question: str, snapshot: Snapshot) -> int | None:
    """The article a question calls by its number ("what's article 3 about", "who wrote
    story 2"): the number the library lists it by, when the library has it and no article
    holds both the word and the number ("Article 50" of a treaty, "article 5" of NATO's)."""
    m = _NUMBER.search(question)
    if m is None:
        return None
    noun, *_, number = tokenize(m.group())
    if int(number) not in snapshot.articles or (
            snapshot.passage_articles_with(noun) & snapshot.passage_articles_with(number)):
        return None
    return int(number)


_NUMBERED_PHRASE = re.compile(
    rf"(?:\b(?:in|of|from|for|about|on)\s+)?(?:the\s+)?\b{NUMBERED}\b\s*[,:;]?", re.I)


def unnumbered(question: str) -> str:
    """``question`` without the article number it names, and the "in" before it ("how long
    did he get in article 11": "how long did he get"; "in story 2, who won": "who won"):
    its number is no word of what is asked ("11" found "targeted 11 victims")."""
    text = " ".join(_NUMBERED_PHRASE.sub(" ", question, count=1).split())
    return re.sub(r"\s+(?=[?!.,])", "", text).strip(" ,;:")


def named_article(question: str, snapshot: Snapshot) -> int | None:
    """The id of the article a question names: by its number (:func:`numbered_article`),
    or by words its title clearly matches."""
    if (numbered := numbered_article(question, snapshot)) is not None:
        return numbered
    if len(snapshot.articles) < 2:
        return None
    phrase = naming_phrase(question)
    if phrase is None:
        return None
    return titled_article(phrase, snapshot)


def titled_article(phrase: str, snapshot: Snapshot) -> int | None:
    """The id of the article whose title clearly matches ``phrase`` ("the comet": "Amateur
    astronomer in Cornwall discovers new comet"), the only article included when its title
    holds enough of the phrase."""
    words = [t for t in dict.fromkeys(tokenize(phrase)) if t not in _GENERIC]
    if not words:
        return None
    weights = {t: snapshot.lexical.idf(t) for t in words}
    total = sum(weights.values())
    if total <= 0:
        return None
    titled = frozenset().union(*(snapshot.articles_titled(t) for t in weights))
    # the words of a few articles are looked up one by one; of many, word by word
    holding = {t: snapshot.articles_with(t) for t in weights} if len(titled) > FEW else None
    scores = []
    for article_id in titled:  # only these can reach TITLE_MIN_MATCH (see below)
        title = set(tokenize(snapshot.articles[article_id].title))
        if holding is None:
            body = snapshot.article_words(article_id)
            in_body = [t in body for t in weights]
        else:
            in_body = [article_id in holding[t] for t in weights]
        score = sum(w for t, w in weights.items() if t in title) / total
        score += BODY_WEIGHT * sum(
            w for w, found in zip(weights.values(), in_body, strict=True) if found) / total
        scores.append((score, article_id))
    if len(titled) < len(snapshot.articles):
        # An article with none of the words in its title scores at most BODY_WEIGHT:
        # never a winner (BODY_WEIGHT < TITLE_MIN_MATCH), and as the runner-up no article
        # under BODY_WEIGHT + TITLE_MIN_MARGIN wins anyway. Scoring every article's words
        # for each question cost tens of ms in a library of 20,000.
        scores.append((BODY_WEIGHT, -1))
    if not scores:
        return None
    scores.append((0.0, -1))  # the runner-up of a library of one
    scores.sort(reverse=True)
    best, best_id = scores[0]
    if best >= TITLE_MIN_MATCH and best - scores[1][0] >= TITLE_MIN_MARGIN:
        return best_id
    return None
