"""Initialisms a question uses for a name its library only spells out: "how big is the
nih grant" of an article that says "the National Institutes of Health", "what does the
rcn say" of "the Royal College of Nursing".

A short word of the question that no passage holds is looked for among the runs of
capitalised words in the library's articles (all of them in a small library, else those
of the passages the question's other words find); when the first letters of one run
spell it, the question is read with the run in its place. A word the library holds is
never touched, so a question in the article's own words reads as before.
"""

from __future__ import annotations

import re

from bot.lexical import STOPWORDS, stem, tokenize
from bot.library import Snapshot
from bot.lru import Bounded
from bot.models import Article
from bot.vectors import top_rows

_WORD = re.compile(r"\b[A-Za-z]{2,6}\b")
_RUN = re.compile(
    r"\b[A-Z][\w'’]*(?:-[A-Za-z]+)?(?:[ \t]+(?:(?:of|for|and|the|on|in|de|&)[ \t]+)*"
    r"[A-Z][\w'’]*(?:-[A-Za-z]+)?)+"
)
"""Two or more capitalised words, perhaps joined by "of", "for", "and", "the" ...."""
_GLUE = frozenset({"of", "for", "and", "the", "on", "in", "de", "&"})
SCAN_ALL_ARTICLES = 64
"""A library of at most this many articles is read whole; a larger one, only the
articles of the :data:`SCANNED_PASSAGES` passages the question's other words find."""
SCANNED_PASSAGES = 32
NAMES_KEPT = 1024
"""How many articles' names are kept worked out (a few kB each)."""


def _initials(run: str) -> set[str]:
    """What a run of capitalised words may be shortened to: the first letters of its
    capitalised words ("National Institutes of Health": "nih"), or of every word but
    "the" ("Department of Justice": "doj")."""
    words = run.split()
    caps = "".join(w[0] for w in words if w.lower() not in _GLUE)
    every = "".join(w[0] for w in words if w.lower() != "the")
    return {caps.lower(), every.lower()}


def _candidates(question: str, snapshot: Snapshot) -> list[str]:
    """The question's short words that could be initialisms: no passage holds them and
    they are not stop words."""
    lexical = snapshot.lexical
    return list(dict.fromkeys(
        w.lower() for w in _WORD.findall(question)
        if w.lower() not in STOPWORDS and not lexical.knows(stem(w.lower()))))


def _articles(question: str, snapshot: Snapshot) -> list[Article]:
    """The articles to look for names in."""
    if len(snapshot.articles) <= SCAN_ALL_ARTICLES:
        return list(snapshot.articles.values())
    scores = snapshot.lexical.scores_for(tuple(tokenize(question)))
    ids = dict.fromkeys(snapshot.passages[int(r)].article_id
                        for r in top_rows(scores, SCANNED_PASSAGES).tolist())
    return [snapshot.articles[i] for i in ids if i in snapshot.articles]


_NAMES: Bounded[str, dict[str, str]] = Bounded(NAMES_KEPT)
"""Article content hash -> initialism -> the first name it stands for there (an
article's text never changes under its hash, whatever library holds it)."""


def _names(article: Article) -> dict[str, str]:
    """What the article's runs of capitalised words may be shortened to (worked out once
    per article text: about 0.2 ms a thousand words)."""
    names = _NAMES.get(article.content_hash)
    if names is None:
        names = {}
        for match in _RUN.finditer(article.text):
            run = match.group().strip()
            for short in _initials(run):
                names.setdefault(short, run.removeprefix("The ").removeprefix("the "))
        _NAMES.put(article.content_hash, names)
    return names


def spell_out_initialisms(question: str, snapshot: Snapshot) -> str:
    """``question`` with each initialism the library only spells out replaced by the
    name it stands for (the first such name in the articles read); unchanged when there
    is none."""
    wanted = _candidates(question, snapshot)
    if not wanted or not snapshot.passages:
        return question
    found: dict[str, str] = {}
    for article in _articles(question, snapshot):
        names = _names(article)
        for short in wanted:
            if short in names:
                found.setdefault(short, names[short])
        if len(found) == len(wanted):
            break
    if not found:
        return question
    return _WORD.sub(lambda m: found.get(m.group().lower(), m.group()), question)
