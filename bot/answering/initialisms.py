"""Initialisms a question uses for a name its library only spells out: "how big is the
nih grant" of an article that says "the National Institutes of Health", "what does the
rcn say" of "the Royal College of Nursing".

A short word of the question that no passage holds is looked for among the runs of
capitalised words in the library's articles (all of them in a small library, else those
of the passages the question's other words find); when the first letters of one run
spell it, the question is read with the run in its place. A word the library holds is
never touched, so a question in the article's own words reads as before.

Only a word that reads as an initialism is looked for: one written in capitals ("NYC",
"DOJ": the first letters of every word but "the" may spell it, "Department of Justice"),
or one of at least three lower-case letters spelled by the capitalised words alone
("nih", "rcn"). An everyday word is not an initialism because some run's letters spell
it: "sit" is not "Shares in Tesco", "hot" not "Holder of the Thunderbolt", "us" not "the
United States", and "co" of "co-producer" is part of a word.
"""

from __future__ import annotations

import re

from bot.lexical import STOPWORDS, stem, tokenize
from bot.library import Snapshot
from bot.lru import Bounded
from bot.models import Article
from bot.vectors import top_rows

_WORD = re.compile(r"(?<![\w-])[A-Za-z]{2,6}(?![\w-])")
"""A short word standing alone (not part of "co-producer")."""
LOWER_CASE_LETTERS = 3
"""A word typed in lower case must be at least this long to be read as an initialism."""
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


def _initials(run: str) -> tuple[str, str]:
    """What a run of capitalised words may be shortened to: the first letters of its
    capitalised words ("National Institutes of Health": "nih"), and of every word but
    "the" ("Department of Justice": "doj")."""
    words = run.split()
    caps = "".join(w[0] for w in words if w.lower() not in _GLUE)
    every = "".join(w[0] for w in words if w.lower() != "the")
    return caps.lower(), every.lower()


def _candidates(question: str, snapshot: Snapshot) -> dict[str, bool]:
    """The question's words that read as initialisms no passage holds (not stop words),
    each with whether it is written in capitals (which lets every word of a run spell
    it, "of" and "for" too)."""
    lexical = snapshot.lexical
    found: dict[str, bool] = {}
    for word in _WORD.findall(question):
        short = word.lower()
        capitals = word.isupper()
        if short in STOPWORDS or lexical.knows(stem(short)):
            continue
        if capitals or (word.islower() and len(word) >= LOWER_CASE_LETTERS):
            found[word] = capitals
    return found


def _articles(question: str, snapshot: Snapshot) -> list[Article]:
    """The articles to look for names in."""
    if len(snapshot.articles) <= SCAN_ALL_ARTICLES:
        return list(snapshot.articles.values())
    scores = snapshot.lexical.scores_for(tuple(tokenize(question)))
    ids = dict.fromkeys(snapshot.passages[int(r)].article_id
                        for r in top_rows(scores, SCANNED_PASSAGES).tolist())
    return [snapshot.articles[i] for i in ids if i in snapshot.articles]


_NAMES: Bounded[str, tuple[dict[str, str], dict[str, str]]] = Bounded(NAMES_KEPT)
"""Article content hash -> (initials of the capitalised words, initials of every word)
-> the first name they stand for there (an article's text never changes under its hash,
whatever library holds it)."""


def _names(article: Article) -> tuple[dict[str, str], dict[str, str]]:
    """What the article's runs of capitalised words may be shortened to: by their
    capitalised words, and by every word (worked out once per article text: about 0.2 ms
    a thousand words)."""
    names = _NAMES.get(article.content_hash)
    if names is None:
        names = ({}, {})
        for match in _RUN.finditer(article.text):
            run = match.group().strip()
            name = run.removeprefix("The ").removeprefix("the ")
            for short, kept in zip(_initials(run), names, strict=True):
                kept.setdefault(short, name)
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
        by_capitals, by_every_word = _names(article)
        for word, capitals in wanted.items():
            short = word.lower()
            name = by_capitals.get(short) or (by_every_word.get(short) if capitals else None)
            if name is not None:
                found.setdefault(word, name)
        if len(found) == len(wanted):
            break
    if not found:
        return question
    return _WORD.sub(lambda m: found.get(m.group(), m.group()), question)
