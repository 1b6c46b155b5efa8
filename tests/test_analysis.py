"""Per-article analyses: done once at ingest, stored, read back, redone only when stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis import Analyser, ArticleSource, decode_result, encode_result
from bot.service import Footnote
from bot.settings import Settings

ARTICLE = (
    "Harbour plan approved\n\n"
    "The council approved the harbour plan on Monday. Work starts in May.\n\n"
    "Mayor Jane Ortiz said the plan would bring 200 jobs to the town."
)


class Counting:
    """An analyser body that records every article it sees."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, source: ArticleSource) -> dict[str, object]:
        self.calls.append(source.title or "")
        return {
            "sentences": [
                source.text[a:b] for p in source.passages for a, b in p.sentences
            ],
        }


@pytest.fixture
def counting() -> Counting:
    return Counting()


def make_app(settings: Settings, encoder, analysers: tuple[Analyser, ...]) -> Footnote:
    return Footnote(settings, encoder=encoder, analysers=analysers)


def test_analysis_runs_once_at_add_and_is_read_back(settings, fake_encoder, counting) -> None:
    analyser = Analyser("sentences", 1, counting)
    app = make_app(settings, fake_encoder, (analyser,))
    added = app.add_text("t", ARTICLE, actor="test").article
    assert counting.calls == ["Harbour plan approved"]
    snap = app.library("t").snapshot()
    result = snap.analysis(added.id, analyser)
    assert "Mayor Jane Ortiz said the plan would bring 200 jobs to the town." in result[
        "sentences"]
    # a fresh process reads it back from the store without analysing again
    again = make_app(settings, fake_encoder, (analyser,))
    assert again.library("t").snapshot().analysis(added.id, analyser) == result
    assert counting.calls == ["Harbour plan approved"]


def test_article_added_before_the_analyser_is_analysed_on_first_use(
    settings, fake_encoder, counting
) -> None:
    added = make_app(settings, fake_encoder, ()).add_text("t", ARTICLE).article
    analyser = Analyser("sentences", 1, counting)
    app = make_app(settings, fake_encoder, (analyser,))
    first = app.library("t").snapshot().analysis(added.id, analyser)
    assert counting.calls == [added.title]
    # stored then: another process does not redo it
    make_app(settings, fake_encoder, (analyser,)).library("t").snapshot().analysis(
        added.id, analyser)
    assert counting.calls == [added.title]
    assert first["sentences"]


def test_new_version_redoes_the_analysis(settings, fake_encoder, counting) -> None:
    app = make_app(settings, fake_encoder, (Analyser("sentences", 1, counting),))
    added = app.add_text("t", ARTICLE).article
    v2 = Analyser("sentences", 2, counting)
    make_app(settings, fake_encoder, (v2,)).library("t").snapshot().analysis(added.id, v2)
    assert len(counting.calls) == 2
    stored = app.library("t").store.analysis(added.id, "sentences")
    assert stored is not None and stored[0] == 2


def test_replace_and_remove_drop_old_analyses(settings, fake_encoder, counting) -> None:
    analyser = Analyser("sentences", 1, counting)
    app = make_app(settings, fake_encoder, (analyser,))
    added = app.add_text("t", ARTICLE).article
    app.add_text("t", ARTICLE.replace("200 jobs", "300 jobs"), replace_id=added.id)
    result = app.library("t").snapshot().analysis(added.id, analyser)
    assert any("300 jobs" in s for s in result["sentences"])
    app.remove_article("t", added.id)
    assert app.library("t").store.analysis(added.id, "sentences") is None


def test_a_failing_analyser_stores_nothing(settings, fake_encoder, tmp_path: Path) -> None:
    def broken(_: ArticleSource) -> object:
        raise RuntimeError("analysis failed")

    app = make_app(settings, fake_encoder, (Analyser("broken", 1, broken),))
    with pytest.raises(RuntimeError):
        app.add_text("t", ARTICLE)
    assert app.list_articles("t") == []


def test_spacy_parses_each_passage_once_for_every_analyser(settings, fake_encoder) -> None:
    seen: list[int] = []

    def entities(source: ArticleSource) -> list[list[str]]:
        docs = source.spacy_docs()
        seen.append(id(docs))
        return [[e.text for e in d.ents] for d in docs]

    app = make_app(settings, fake_encoder, (
        Analyser("a", 1, entities), Analyser("b", 1, entities),
    ))
    added = app.add_text("t", ARTICLE).article
    assert len(seen) == 2 and seen[0] == seen[1]
    ents = app.library("t").snapshot().analysis(added.id, Analyser("a", 1, entities))
    assert [e for e in ents[-1] if e in ("Jane Ortiz", "200")] == ["Jane Ortiz", "200"]


def test_stored_form_round_trips() -> None:
    value = {"ents": [[0, 5, "PERSON"]], "note": "ünïcode"}
    assert decode_result(encode_result(value)) == value


def test_an_analysis_read_without_keeping_is_not_held_by_the_snapshot(
    settings, fake_encoder, counting
) -> None:
    """The answer path keeps its own parsed form: the snapshot must not hold the raw one too
    (in a bot of many servers that copy cost megabytes in every open library)."""
    analyser = Analyser("sentences", 1, counting)
    app = make_app(settings, fake_encoder, (analyser,))
    added = app.add_text("t", ARTICLE, actor="test").article
    snap = app.library("t").snapshot()
    once = snap.analysis(added.id, analyser, keep=False)
    assert (added.id, "sentences") not in snap._analyses
    assert snap.analysis(added.id, analyser) == once  # read again, now kept
    assert (added.id, "sentences") in snap._analyses


@pytest.mark.parametrize("damage", [b"", b"\x00not an analysis", "cut"])
def test_a_stored_analysis_that_does_not_read_back_is_done_again(
    settings, fake_encoder, app, damage
) -> None:
    """Damaged analysis bytes (a cut write, a disk error) cost a new analysis on first
    use, not a failed question: every analyser's stored form is read back or redone."""
    added = app.add_text("t", ARTICLE).article
    store = app.library("t").store
    stored = store.analyses_of(added.id)
    assert {"answer-sentences", "quiz"} <= set(stored)
    for kind, (version, data) in stored.items():
        store.set_analysis(added.id, kind, version,
                           data[: len(data) // 2] if damage == "cut" else damage)
    fresh = Footnote(settings, encoder=fake_encoder, ranking_encoder=fake_encoder)
    response = fresh.ask("t", "How many jobs will the plan bring?")
    assert not response.declined
    assert "200 jobs" in response.citations[0].quote
    for kind, (version, data) in stored.items():
        if kind == "quiz":
            continue  # read when a quiz is made, not when a question is asked
        assert store.analysis(added.id, kind) == (version, data), kind
