"""A passage's words are worked out once, and never outlive the article they came from."""

from __future__ import annotations

import itertools

import pytest

from bot.answering import passage_words as module
from bot.answering.passage_words import passage_words
from bot.lexical import tokenize
from bot.lru import Bounded
from bot.service import Footnote

FIRST = "The council approved the harbour bridge. Work starts in March."
SECOND = "The council rejected the tunnel plan. Campaigners were delighted."


def _words_of_first_passage(app: Footnote) -> module.PassageWords:
    snapshot = app.library("g").snapshot()
    return passage_words(snapshot, snapshot.passages[0])


def test_the_words_are_the_passages_own(app: Footnote) -> None:
    app.add_text("g", FIRST, title="Bridge")
    words = _words_of_first_passage(app)
    assert words.stems == frozenset(tokenize(FIRST))
    sentences = ["The council approved the harbour bridge.", "Work starts in March."]
    assert [FIRST[i.start:i.end] for i in words.infos] == sentences
    assert words.bigrams == {pair for sentence in sentences
                             for pair in itertools.pairwise(tokenize(sentence))}
    assert _words_of_first_passage(app) is words  # kept, not worked out again


def test_a_replaced_article_is_read_afresh(app: Footnote) -> None:
    added = app.add_text("g", FIRST, title="Bridge")
    before = _words_of_first_passage(app)
    app.add_text("g", SECOND, title="Bridge", replace_id=added.article.id)
    after = _words_of_first_passage(app)
    assert after.stems == frozenset(tokenize(SECOND)) and after.stems != before.stems


def test_the_cache_is_bounded(app: Footnote, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "_cache", Bounded(2))
    for n in range(4):
        app.add_text(f"g{n}", f"{FIRST} Item {n}.", title=f"Bridge {n}")
        snapshot = app.library(f"g{n}").snapshot()
        passage_words(snapshot, snapshot.passages[0])
    assert len(module._cache) == 2
