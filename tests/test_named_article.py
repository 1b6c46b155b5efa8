"""Which article a question names: the title index gives what scoring every article did."""

from __future__ import annotations

import itertools
from pathlib import Path

from bot.answering.articles import _GENERIC, BODY_WEIGHT, named_article, naming_phrase
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.service import Footnote
from bot.settings import Settings
from bot.tuning import TITLE_MIN_MARGIN, TITLE_MIN_MATCH
from tests.fakes import HashingEncoder

ARTICLES = {
    "Bus fares to rise in York": "Bus fares in York will rise by 20p in April, the council said. "
                                 "The harbour ferry keeps its price.",
    "York floods: river stays high": "The River Ouse is expected to stay high in York until "
                                     "Friday. Bus routes near the river are closed.",
    "Harbour wall repairs approved": "Councillors approved repairs to the harbour wall costing "
                                     "four million pounds. Bus stops will move.",
    "Library closures paused": "Three libraries will stay open until March after a "
                               "consultation. The mobile library bus keeps running.",
    "Skate park approved for Leeds": "A skate park will be built in Leeds after years of "
                                     "campaigning by teenagers.",
}
WORDS = ["bus", "fares", "york", "floods", "river", "harbour", "wall", "library", "skate",
         "park", "leeds", "council", "ferry", "price"]


def every_article(question: str, snapshot: Snapshot) -> int | None:
    """The reference: every article's title and words scored for the question."""
    phrase = naming_phrase(question)
    words = [t for t in dict.fromkeys(tokenize(phrase or "")) if t not in _GENERIC]
    if phrase is None or len(snapshot.articles) < 2 or not words:
        return None
    weights = {t: snapshot.lexical.idf(t) for t in words}
    total = sum(weights.values())
    scores = sorted(
        (sum(w for t, w in weights.items() if t in set(tokenize(a.title))) / total
         + BODY_WEIGHT * sum(w for t, w in weights.items() if t in snapshot.article_words(a.id))
         / total, a.id)
        for a in snapshot.articles.values())[::-1]
    best, best_id = scores[0]
    return best_id if best >= TITLE_MIN_MATCH and best - scores[1][0] >= TITLE_MIN_MARGIN else None


def test_the_title_index_names_the_same_article_as_scoring_every_article(tmp_path: Path) -> None:
    app = Footnote(Settings(data_dir=tmp_path), encoder=HashingEncoder())
    for title, text in ARTICLES.items():
        app.add_text("news", f"{title}\n\n{text}", title=title)
    snapshot = app.library("news").snapshot()
    named = 0
    for a, b in itertools.product(WORDS, repeat=2):
        for question in (f"what does the {a} {b} article say", f"who wrote the story about {a}",
                         f"when was the {a} piece published"):
            got = named_article(question, snapshot)
            assert got == every_article(question, snapshot), question
            named += got is not None
    assert named > 50  # the comparison is not only of "nothing named"
