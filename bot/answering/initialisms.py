"""Initialisms a question uses for a name its library only spells out: "how big is the
nih grant" of an article that says "the National Institutes of Health", "what does the
rcn say" of "the Royal College of Nursing"; and the other way round, a name a question
spells out that an article goes on to call by its initials ("what did the consumer product
safety commission say" of a story naming "the Consumer Product Safety Commission" once,
then quoting "a CPSC spokesman"; :func:`add_initials`).

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

from bot.lexical import STOPWORDS, phrase_pattern, stem, tokenize
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


_CAPITALS = re.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")
"""A word in capitals that may be an initialism ("CPSC", "FEMA")."""
MOST_RUN_WORDS = 8
"""Names are looked for in runs of at most this many words (a longer run is cut)."""
_BODIES = frozenset("""
administration agency association authority board bureau commission committee corporation
council department foundation fund institute institutes office organisation organization
service survey tribunal""".split())
"""Words that make a name a body that news goes on to call by its initials; a name holding
none (a place, a person, a product) is not read so."""


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


_SHORT_FORMS: Bounded[str, dict[str, str]] = Bounded(NAMES_KEPT)
"""Article content hash -> the names it also writes as initialisms, lower-cased ->
those initials."""


def _short_forms(article: Article) -> dict[str, str]:
    """The bodies ``article`` also calls by initials of three letters or more in capitals
    after naming them (:data:`_BODIES`), by the name's lower-case words ("consumer product
    safety commission": "CPSC"). Each run of capitalised words is read whole and in its
    parts ("FTC Chair Elena Marsh" holds no name, "the U.S. Federal Trade Commission on
    ..." holds "Federal Trade Commission"); worked out once per article text."""
    forms = _SHORT_FORMS.get(article.content_hash)
    if forms is None:
        forms = {}
        last_use: dict[str, int] = {}
        for match in _CAPITALS.finditer(article.text):
            last_use[match.group()] = match.start()
        for match in _RUN.finditer(article.text) if last_use else ():
            words = match.group().split()[:MOST_RUN_WORDS]
            for a in range(len(words) - 1):
                for b in range(len(words), a + 1, -1):
                    part = words[a:b]
                    if part[0].lower() in _GLUE or part[-1].lower() in _GLUE:
                        continue
                    name = " ".join(part).lower()
                    if not _BODIES.intersection(name.split()):
                        continue  # places ("New York": "NY") are asked as they are
                    # initials used after the name: "(AP)" in a dateline is not "Albany
                    # Police" named further on
                    short = next((i.upper() for i in _initials(" ".join(part))
                                  if len(i) >= LOWER_CASE_LETTERS
                                  and last_use.get(i.upper(), -1) > match.start()), None)
                    if short is not None and name not in forms:
                        forms[name] = short
        _SHORT_FORMS.put(article.content_hash, forms)
    return forms


def add_initials(question: str, snapshot: Snapshot) -> str:
    """``question`` with a name it spells out read as the initials an article calls it
    by ("what did the consumer product safety commission say": "what did the CPSC say":
    a story names the body once and quotes "a CPSC spokesman" after), or with the initials
    added after the name when another article of the library spells the name out without
    them; unchanged when the question uses the initials already, or names nothing so."""
    asked = question.lower()
    if not snapshot.passages or not _BODIES.intersection(re.findall(r"\w+", asked)):
        return question  # every name read so holds one of these words: no article is read
    found: dict[str, str] = {}
    articles = _articles(question, snapshot)
    for article in articles:
        for name, short in _short_forms(article).items():
            if name in asked:
                found.setdefault(name, short)
    for name, short in sorted(found.items(), key=lambda item: -len(item[0])):
        match = phrase_pattern(name).search(question)
        if match is None or re.search(rf"\b{re.escape(short)}\b", question, re.IGNORECASE):
            continue  # the question uses the initials too (or a longer name's were put in)
        spelled_only = any(name in a.text.lower() and _short_forms(a).get(name) != short
                           for a in articles)
        into = f"{match.group()} ({short})" if spelled_only else short
        question = f"{question[:match.start()]}{into}{question[match.end():]}"
    return question


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
