"""A passage's words are worked out once, never outlive the article they came from, and
give the garbage collector next to nothing to walk."""

from __future__ import annotations

import gc
import itertools

import pytest

from bot.answering import passage_words as module
from bot.answering.passage_words import passage_words
from bot.answering.sentences import facts_of
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
    assert words.bigrams == {f"{a} {b}" for sentence in sentences
                             for a, b in itertools.pairwise(tokenize(sentence))}
    assert "harbour bridg" in words.bigrams
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


def test_what_only_the_sentence_ranker_reads_is_worked_out_when_asked(app: Footnote) -> None:
    text = "Simon Bailey leads the force. He said fines of £2m in March would not work."
    app.add_text("g", text, title="Police")
    snapshot = app.library("g").snapshot()
    words = passage_words(snapshot, snapshot.passages[0])
    lazy = ("infos", "sentence_bigrams", "entity_stems", "around", "about")
    assert not set(lazy) & set(vars(words))  # the passage ranker never needs them
    facts = facts_of(snapshot, snapshot.passages[0].article_id)
    first, second = words.infos
    assert words.about == tuple(
        frozenset().union(i.stem_set, *(frozenset(tokenize(facts.names[p][0])) for p in i.about))
        for i in words.infos)
    assert {"simon", "bailey"} <= words.about[1]  # "He" is Simon Bailey
    assert words.around == (first.stem_set | second.stem_set,) * 2
    assert words.entity_stems == tuple(
        tuple(tuple(tokenize(text[e.start:e.end])) for e in i.entities) for i in words.infos)
    assert ("march",) in words.entity_stems[1]
    assert words.entities == tuple(
        tuple((e.start, e.end, e.label) for e in i.entities) for i in words.infos)
    assert words.sentence_stems == tuple(i.stems for i in words.infos)
    assert words.sentence_bigrams[0] <= words.bigrams
    assert set(lazy) <= set(vars(words))  # and kept once worked out
    assert all(facts.name_stems(i) == frozenset(tokenize(n[0]))
               for i, n in enumerate(facts.names))


def _tracked_inside(words: module.PassageWords) -> list[object]:
    """The objects the garbage collector tracks among what ``words`` holds of its own
    (its article's facts and text are the article's, not the passage's)."""
    seen, found, todo = {id(words)}, [], list(gc.get_referents(words))
    while todo:
        obj = todo.pop()
        if id(obj) in seen or obj is words.facts or isinstance(obj, type):
            continue
        seen.add(id(obj))
        if gc.is_tracked(obj):
            found.append(obj)
        if isinstance(obj, tuple | frozenset | set | list | dict):
            todo.extend(gc.get_referents(obj))
    return found


def test_what_the_passage_ranker_keeps_is_not_walked_by_the_garbage_collector(
    app: Footnote,
) -> None:
    # A question reads the words of dozens of passages, kept for the last 1,024; with a
    # big library, each as its sentences' objects (entities, sets, pairs of stems), the
    # collector's passes over them took about a third of the time of an average question.
    text = ("Simon Bailey leads the force in Norfolk. He said fines of £2m in March would "
            "not work. The Home Office, in London, said 45 per cent of reports came from "
            "Facebook and Twitter on Monday.")
    app.add_text("g", text, title="Police")
    snapshot = app.library("g").snapshot()
    words = passage_words(snapshot, snapshot.passages[0])
    assert sum(map(len, words.entities)) >= 5
    for _ in range(3):  # the collector untracks a tuple of plain values at a pass, and a
        gc.collect()    # tuple of such tuples at a later one
    assert len(_tracked_inside(words)) <= 3  # the instance's own dict and the two sets


COURT = ("Judge Patricia Okafor said the damage went well beyond dollars. His lawyer, "
         "Marcus Whitfield, 51, a former prosecutor, said his client would appeal. Karen "
         "Holbrook, a teacher, said nothing had changed. Carla Diaz, 40, said she was glad. "
         "The ruling was fair, said Tom Reyes, a law professor at Stanford.")


def test_a_speaker_is_known_by_the_role_their_fullest_mention_gives_them(
    app: Footnote
) -> None:
    app.add_text("g", COURT, title="Sentenced")
    words = _words_of_first_passage(app)
    spoken = {COURT[i.start:i.end].split()[0]: set(w) for i, w in
              zip(words.infos, words.speaker_words, strict=True) if w}
    assert {"judg", "patricia", "okafor"} <= spoken["Judge"]  # the title before the name
    assert {"lawyer", "marcus", "whitfield", "prosecutor"} <= spoken["His"]  # and after it
    assert "teacher" in spoken["Karen"]
    assert spoken["Carla"] == {"carla", "diaz"}  # "..., 40, said she": no role
    assert {"law", "professor"} <= spoken["The"]  # an apposition that ends the sentence
