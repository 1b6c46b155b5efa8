"""Which articles hold a word: the passages' postings plus the words outside every passage
give what reading every article's words did, and the metadata questions that lean on it
single out the same article as scoring every article."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bench.answer_data import NATURAL_TRAIN
from bot.answering import articles as articles_module
from bot.answering.articles import named_article
from bot.answering.features import DECISION_FEATURES
from bot.answering.query import make_query
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.metadata_answers import _METADATA_WORDS, _topic_article
from bot.models import Article
from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder
from tests.test_named_article import every_article

EXTRA = {
    "Harbour wall repairs approved": "Coastal Gazette\n\nHarbour wall repairs approved\n\n"
    "By Ann Kettlewell, Ports Reporter\n\nCouncillors approved repairs to the harbour wall "
    "costing four million pounds. Bus stops will move.\n\nThe ferry keeps its price.",
    "Bus fares to rise in York": "Bus fares in York will rise by 20p in April, the council "
    "said.\n\nThe harbour ferry keeps its price; self-employed drivers object.",
}


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> list[Snapshot]:
    """The natural training articles and two more; then one removed and one replaced
    (their old passages stay as dead rows of a segment)."""
    app = Footnote(Settings(data_dir=tmp_path_factory.mktemp("lib")), encoder=HashingEncoder())
    for path in sorted(NATURAL_TRAIN.glob("*.txt")):
        app.add_file("news", path)
    ids = {title: app.add_text("news", text, title=title).article.id
           for title, text in EXTRA.items()}
    first = app.library("news").snapshot()
    app.remove_article("news", ids["Bus fares to rise in York"])
    app.add_text("news", EXTRA["Harbour wall repairs approved"].replace("ferry", "lifeboat"),
                 title="Harbour wall repairs approved",
                 replace_id=ids["Harbour wall repairs approved"])
    return [first, app.library("news").snapshot()]


def words_to_try(snapshot: Snapshot) -> list[str]:
    """Every word of every article (and of the dead rows), and some no article holds."""
    words = set(snapshot.vocabulary.terms())
    for article in snapshot.articles.values():
        words |= set(tokenize(article.text))
    return sorted(words | {"zeppelin", "lifeboat", "ferry", "kettlewell", "gazette"})


def test_articles_with_a_word_are_those_whose_words_hold_it(snapshots: list[Snapshot]) -> None:
    for snapshot in snapshots:
        every = {a.id: frozenset(tokenize(a.text)) for a in snapshot.articles.values()}
        for word in words_to_try(snapshot):
            expected = {a for a, words in every.items() if word in words}
            assert snapshot.articles_with(word) == expected, word
            assert {a for a in every if word in snapshot.article_words(a)} == expected, word
        assert all(snapshot.article_words(a) == words for a, words in every.items())
    # the header words (outside every passage) and the dead rows both count
    before, after = snapshots
    (author,), (ferry,) = tokenize("Kettlewell"), tokenize("ferry")
    assert before.articles_with(author) and after.articles_with(author)
    assert before.articles_with(ferry) != after.articles_with(ferry)


def test_a_word_cut_by_a_passage_boundary_is_read_from_the_text() -> None:
    """An article whose passages split a word (no ingest does this; a store might) is
    read whole: "self" is not one of its words although a passage ends with it."""
    from bot.lexical import Vocabulary
    from bot.models import Passage
    from bot.storage.base import ArticleRecord

    text = "Title here\n\nThe self-employed drivers object."
    cut = text.index("-employed")
    passages = (Passage(1, 1, 1, 12, cut, text[12:cut], ((12, cut),)),
                Passage(2, 1, 1, cut, len(text), text[cut:], ((cut, len(text)),)))
    article = Article(id=1, title="Title here", text=text, content_hash="x")
    vectors = np.eye(2, 4, dtype=np.float32)
    record = ArticleRecord(article=article, passages=list(passages), vectors=vectors,
                           sentence_vectors=[vectors[:1], vectors[1:]])
    snapshot = Snapshot.load(1, [record], dim=4, exact_limit=100, vocabulary=Vocabulary())
    assert "self" in {w for p in passages for w in tokenize(p.text)}
    words = frozenset(tokenize(text))
    for word in ["self", "selfemploy", "employ", "driver", "title", "object"]:
        assert snapshot.articles_with(word) == ({1} if word in words else set()), word
        assert (word in snapshot.article_words(1)) == (word in words), word


def every_article_topic(question: str, snapshot: Snapshot) -> Article | None:
    """The reference: every article's title and words scored for the question."""
    words = [t for t in tokenize(question) if t not in _METADATA_WORDS]
    if not words:
        return None
    scores = sorted(
        ((sum(snapshot.lexical.idf(t) for t in words if t in set(tokenize(a.title)) or t in
              snapshot.article_words(a.id)), a.id) for a in snapshot.articles.values()),
        reverse=True,
    )
    total = sum(snapshot.lexical.idf(t) for t in words)
    if scores[0][0] >= 0.5 * total and scores[0][0] > scores[1][0] * 1.5:
        return snapshot.articles[scores[0][1]]
    return None


@pytest.mark.parametrize("few", [0, 64])  # naming reads word by word, or article by article
def test_topic_and_named_article_match_scoring_every_article(
    snapshots: list[Snapshot], monkeypatch: pytest.MonkeyPatch, few: int,
) -> None:
    monkeypatch.setattr(articles_module, "FEW", few)
    singled = named = 0
    for snapshot in snapshots:
        titles = [a.title for a in snapshot.articles.values()]
        words = sorted({w for t in titles for w in t.lower().split()}
                       | {"ferry", "lifeboat", "kettlewell", "comet", "council", "zeppelin"})
        questions = [f"when was the {w} one published" for w in words]
        questions += [f"who wrote the {a} {b} story" for a, b in itertools.pairwise(words)]
        questions += [f"which paper ran the piece about {t.lower()}" for t in titles]
        for question in questions:
            got = _topic_article(question, snapshot)
            assert got == every_article_topic(question, snapshot), question
            singled += got is not None
            assert named_article(question, snapshot) == every_article(
                question, snapshot), question
            named += named_article(question, snapshot) is not None
    assert singled > 20 and named > 10  # not only "nothing singled out"


def test_passages_with_a_word_count_the_articles_live_passages(
        snapshots: list[Snapshot]) -> None:
    """An article's document frequency of a word: its live passages that hold it (a
    replaced article's old passages, dead rows now, count for nothing)."""
    for snapshot in snapshots:
        tried = words_to_try(snapshot)
        for article_id in snapshot.articles:
            rows = snapshot.article_rows(article_id)
            texts = [frozenset(tokenize(snapshot.passages[int(r)].text)) for r in rows]
            words = snapshot.article_words(article_id)
            assert words.passage_count == len(rows) > 0
            for word in tried:
                assert words.passages_with(word) == sum(word in t for t in texts), word


def test_word_rarity_within_an_article_is_as_if_it_were_alone(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """What the answer model weighs about the quoted article reads each question word's
    rarity among that article's passages: the same in a library of twenty articles as in
    one holding the article alone (where it is the library's own)."""
    app = Footnote(Settings(data_dir=tmp_path_factory.mktemp("alone")),
                   encoder=HashingEncoder())
    paths = sorted(NATURAL_TRAIN.glob("*.txt"))
    for path in paths:
        app.add_file("many", path)
    app.add_file("alone", paths[0])
    many, alone = app.library("many").snapshot(), app.library("alone").snapshot()
    (article,) = alone.articles.values()
    among = next(a.id for a in many.articles.values() if a.title == article.title)
    question = "what did the inspectors say about the academy and its headteacher"
    vector = np.zeros(app.encoder.dim, np.float32)
    by_itself, in_many = make_query(question, vector, alone.lexical), make_query(
        question, vector, many.lexical)
    assert by_itself.tokens == in_many.tokens
    assert in_many.idf != pytest.approx(by_itself.idf)  # the other articles move the counts
    within = in_many.within(many.article_words(among))
    assert within.idf == pytest.approx(by_itself.idf)
    assert within.max_idf == pytest.approx(by_itself.max_idf)
    assert within.total_idf == pytest.approx(by_itself.total_idf)
    same = by_itself.within(alone.article_words(article.id))
    assert (same.idf, same.max_idf) == (by_itself.idf, by_itself.max_idf)
    # and the answer model reads it so: the quoted article's columns of the decision row
    evaluation = app.answerer.evaluate(many, question, app.encoder.encode([question])[0],
                                       article_id=among)
    quoted = many.article_words(among)
    assert evaluation.sentences[0].passage.passage.article_id == among
    alone_there = evaluation.query.within(quoted)
    row = dict(zip(DECISION_FEATURES, evaluation.decision, strict=True))
    assert row["known_rarity"] == alone_there.found_rarity(quoted) != \
        evaluation.query.found_rarity(quoted)
    assert row["article_coverage"] == alone_there.coverage(quoted)
    assert row["missing_rarity_article"] == alone_there.missing_rarity(quoted)
