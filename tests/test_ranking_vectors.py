"""Ranking vectors (:mod:`bot.answering.ranking`): a second encoder's sentence vectors,
stored once per article as an analysis, and the question encoded by it too; the rankers'
ranking columns read those, every other column the library's own vectors.

Fake encoders (two different hashings, so a test can tell which one a column read);
the real tuned encoder is exercised by every answering test through ``real_app``."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import numpy as np
import pytest

from bot.answering.features import (
    P_TUNED,
    P_TUNED_GAP,
    P_TUNED_RANK,
    SENTENCE_FEATURES,
    sentence_features,
)
from bot.answering.query import make_query
from bot.answering.question_vectors import QuestionVectors
from bot.answering.ranking import (
    RANKING_KIND,
    Ranking,
    model_version,
    pack_vectors,
    passage_sentence_vectors,
    unpack_vectors,
)
from bot.retrieve import candidates
from bot.service import Footnote
from bot.settings import SAME_MODEL, TUNED_MODEL, Settings
from tests.fakes import HashingEncoder

ARTICLE = """Ferry engine fire

A fire broke out in the engine room of the island ferry on Tuesday morning.

The crew put the fire out within four minutes and nobody was hurt, the operator said.

Sailings will resume on Friday after engineers inspect the damaged engine.
"""
S_TUNED, S_TUNED_RANK, S_TUNED_GAP = (
    SENTENCE_FEATURES.index(n) for n in ("s_tuned", "s_tuned_rank", "s_tuned_gap"))


class ReversedEncoder(HashingEncoder):
    """Another fake encoder: the hashing one read backwards, so its cosines differ."""

    def __init__(self) -> None:
        super().__init__(dim=48, model_id="test-ranking")

    def encode(self, texts: list[str]) -> np.ndarray:
        return super().encode([" ".join(t.split()[::-1]) + " x" for t in texts])


@pytest.fixture
def ranker() -> ReversedEncoder:
    return ReversedEncoder()


@pytest.fixture
def ranked_app(backend_settings: Settings, ranker: ReversedEncoder) -> Footnote:
    """On each storage backend: the vectors are an analysis row, stored the same way."""
    return Footnote(backend_settings, encoder=HashingEncoder(), ranking_encoder=ranker)


def test_the_stored_form_round_trips_and_refuses_other_bytes() -> None:
    rng = np.random.default_rng(0)
    per_passage = [rng.normal(size=(3, 8)).astype(np.float32), np.zeros((0, 8), np.float32),
                   rng.normal(size=(1, 8)).astype(np.float32)]
    back = unpack_vectors(pack_vectors(per_passage))
    assert [len(m) for m in back] == [3, 0, 1]
    for a, b in zip(per_passage, back, strict=True):
        np.testing.assert_allclose(b.astype(np.float32), a, atol=2e-3)
    assert unpack_vectors(pack_vectors([])) == ()
    with pytest.raises(ValueError):
        unpack_vectors(pack_vectors(per_passage)[:-2])
    with pytest.raises(ValueError):
        unpack_vectors(b"\x01")


def test_a_new_ranking_model_is_a_new_analysis_version() -> None:
    assert model_version("a") != model_version("b")
    assert 0 < model_version("a") < 2**31


def test_adding_an_article_stores_its_sentences_as_the_ranking_encoder_reads_them(
    ranked_app: Footnote, ranker: ReversedEncoder
) -> None:
    result = ranked_app.add_text("ferry", ARTICLE, actor="test")
    lib = ranked_app.library("ferry")
    version, data = lib.store.analysis(result.article.id, RANKING_KIND)
    assert version == model_version("test-ranking")
    passages = lib.passages_of(result.article.id)
    stored = unpack_vectors(data)
    assert [len(m) for m in stored] == [len(p.sentences) for p in passages]
    text = result.article.text
    expected = ranker.encode([text[a:b] for p in passages for a, b in p.sentences])
    np.testing.assert_allclose(np.concatenate(stored).astype(np.float32), expected, atol=2e-3)


def test_an_article_stored_without_them_gets_them_on_first_use(
    backend_settings: Settings, ranker: ReversedEncoder
) -> None:
    settings = backend_settings
    plain = Footnote(settings, encoder=HashingEncoder())
    article = plain.add_text("ferry", ARTICLE, actor="test").article
    assert plain.library("ferry").store.analysis(article.id, RANKING_KIND) is None
    plain.close()
    ranked = Footnote(settings, encoder=HashingEncoder(), ranking_encoder=ranker)
    snap = ranked.library("ferry").snapshot()
    row = int(snap.article_rows(article.id)[0])
    vectors = passage_sentence_vectors(snap, row, ranked.ranking)
    assert vectors is not None and vectors.shape == (len(snap.passages[row].sentences), 48)
    assert ranked.library("ferry").store.analysis(article.id, RANKING_KIND) is not None


def test_reindex_stores_the_ranking_vectors_of_an_article_stored_without_them(
    backend_settings: Settings, ranker: ReversedEncoder
) -> None:
    """An old library is brought up to date by `footnote reindex`, not by its first
    questions on the answer path."""
    settings = backend_settings
    plain = Footnote(settings, encoder=HashingEncoder())
    article = plain.add_text("ferry", ARTICLE, actor="test").article
    plain.close()
    ranked = Footnote(settings, encoder=HashingEncoder(), ranking_encoder=ranker)
    store = ranked.library("ferry").store
    assert store.analysis(article.id, RANKING_KIND) is None
    lines: list[str] = []
    ranked.reindex("ferry", progress=lines.append)
    stored = store.analysis(article.id, RANKING_KIND)
    assert stored is not None and stored[0] == ranked.ranking.version
    assert any("Analysing" in line for line in lines)
    # nothing stale left: a second reindex analyses nothing again
    lines.clear()
    ranked.reindex("ferry", progress=lines.append)
    assert not any("Analysing" in line for line in lines)
    assert store.analysis(article.id, RANKING_KIND) == stored


def test_reindex_redoes_a_current_analysis_whose_bytes_do_not_read_back(
    backend_settings: Settings, ranker: ReversedEncoder
) -> None:
    """A row of the right version but damaged bytes is analysed again by reindex too,
    not left for the answer path to find."""
    ranked = Footnote(backend_settings, encoder=HashingEncoder(), ranking_encoder=ranker)
    article = ranked.add_text("ferry", ARTICLE, actor="test").article
    store = ranked.library("ferry").store
    good = store.analysis(article.id, RANKING_KIND)
    assert good is not None
    store.set_analysis(article.id, RANKING_KIND, good[0], good[1][: len(good[1]) // 2])
    lines: list[str] = []
    ranked.reindex("ferry", progress=lines.append)
    assert any("Analysing" in line for line in lines)
    assert store.analysis(article.id, RANKING_KIND) == good


def test_the_ranking_columns_read_the_ranking_encoder_and_only_those(
    settings: Settings, ranker: ReversedEncoder
) -> None:
    ranked_app = Footnote(settings, encoder=HashingEncoder(), ranking_encoder=ranker)
    ranked_app.add_text("ferry", ARTICLE, actor="test")
    snap = ranked_app.library("ferry").snapshot()
    question = "when will the sailings resume"
    main = ranked_app.encoder.encode([question])[0]
    plain = make_query(question, main, snap.lexical)
    ranked = replace(plain, ranking=Ranking(ranker.encode([question])[0], ranked_app.ranking))
    for query, reads in ((plain, ranked_app.encoder), (ranked, ranker)):
        found = candidates(snap, query, main)
        sentences = sentence_features(snap, query, found)
        text = snap.articles[found[0].passage.article_id].text
        q = reads.encode([question])[0]
        want = reads.encode([text[s.start:s.end] for s in sentences]) @ q
        got = np.array([s.features[S_TUNED] for s in sentences])
        np.testing.assert_allclose(got, want, atol=5e-3)
        assert min(s.features[S_TUNED_GAP] for s in sentences) <= 0 == max(
            s.features[S_TUNED_GAP] for s in sentences)
        assert {s.features[S_TUNED_RANK] for s in sentences} >= {0.0}
        best = {c.row: max(want[i] for i, s in enumerate(sentences) if s.passage.row == c.row)
                for c in found}
        for c in found:
            assert c.features[P_TUNED] == pytest.approx(best[c.row], abs=5e-3)
            assert c.features[P_TUNED_GAP] <= 0 and c.features[P_TUNED_RANK] >= 0
    # the other columns are the same whichever encoder ranks
    same = [i for i, n in enumerate(SENTENCE_FEATURES) if not n.startswith("s_tuned")]
    a = sentence_features(snap, plain, candidates(snap, plain, main))
    b = sentence_features(snap, ranked, candidates(snap, ranked, main))
    np.testing.assert_allclose(np.array([s.features[same] for s in a]),
                               np.array([s.features[same] for s in b]))


def test_the_question_is_encoded_by_the_ranking_encoder_too(ranker: ReversedEncoder) -> None:
    main = HashingEncoder()
    both = QuestionVectors.of(main, "when will sailings resume", ranking=ranker)
    np.testing.assert_allclose(both.ranking(), ranker.encode(["when will sailings resume"])[0])
    np.testing.assert_allclose(both.asked(), main.encode(["when will sailings resume"])[0])
    assert QuestionVectors.of(main, "when will sailings resume").ranking() is None


def test_the_setting_picks_the_ranking_encoder(settings: Settings) -> None:
    tuned = Footnote(settings)
    assert tuned.ranking_encoder is not None and tuned.ranking is not None
    assert tuned.ranking_encoder.model_id.startswith(TUNED_MODEL)
    assert tuned.ranking in tuned.analysers
    alone = Footnote(settings.model_copy(update={"ranking_model": SAME_MODEL}))
    assert alone.ranking_encoder is None and alone.ranking is None
    assert all(a.kind != RANKING_KIND for a in alone.analysers)


class CountingRanker(ReversedEncoder):
    """The reversed fake, counting the texts it encodes."""

    def __init__(self, model_id: str = "test-ranking") -> None:
        super().__init__()
        self.model_id = model_id
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return super().encode(texts)


def _exported(settings: Settings, ranker: ReversedEncoder) -> list[dict]:
    from bot.transfer import export_lines

    app = Footnote(settings, encoder=HashingEncoder(), ranking_encoder=ranker)
    app.add_text("ferry", ARTICLE, actor="test")
    lines = [json.loads(line) for line in export_lines(app, "ferry", vectors=True)]
    app.close()
    return lines


def _import(settings: Settings, ranker: ReversedEncoder, lines: list[dict]):
    from bot.transfer import import_library

    app = Footnote(settings, encoder=HashingEncoder(), ranking_encoder=ranker)
    report = import_library(app, "copy", [json.dumps(line) for line in lines], name="f.jsonl",
                            actor="test")
    return app, report


def test_an_export_with_vectors_carries_the_ranking_vectors(backend_settings: Settings) -> None:
    lines = _exported(backend_settings, CountingRanker())
    assert lines[1]["ranking_vectors"]["version"] == model_version("test-ranking")
    assert lines[0]["ranking_model_id"] == "test-ranking"  # named for people reading it
    fresh = CountingRanker()
    app, report = _import(backend_settings, fresh, lines)
    assert [o.status for o in report.outcomes] == ["added"]
    assert fresh.texts == 0  # the sentences were not encoded again
    (article,) = app.list_articles("copy")
    stored = app.library("copy").store.analysis(article.id, RANKING_KIND)
    assert stored is not None and stored[1] == base64.b64decode(lines[1]["ranking_vectors"]["data"])


def _narrowed(data: str) -> str:
    """Stored ranking vectors (base64) with every row 16 numbers wide instead."""
    rows = [m.shape[0] for m in unpack_vectors(base64.b64decode(data))]
    return base64.b64encode(pack_vectors([np.ones((n, 16)) for n in rows])).decode()


def _altered(data: str, change) -> str:
    """Stored ranking vectors (base64), their per-passage float32 matrices put through
    ``change`` and packed again: the same width, otherwise well formed."""
    per_passage = [m.astype(np.float32) for m in unpack_vectors(base64.b64decode(data))]
    return base64.b64encode(pack_vectors(change(per_passage))).decode()


def _with_nan(per_passage: list[np.ndarray]) -> list[np.ndarray]:
    per_passage[-1][0, 0] = np.nan
    return per_passage


def _rows_moved(per_passage: list[np.ndarray]) -> list[np.ndarray]:
    """The first passage's rows handed to the second: as many rows, in other passages."""
    assert len(per_passage) >= 2
    return [per_passage[0][:0], np.vstack(per_passage[:2]), *per_passage[2:]]


@pytest.mark.parametrize("change", [
    lambda r: {**r, "version": model_version("another-model")},  # another ranking model
    lambda r: {**r, "data": base64.b64encode(base64.b64decode(r["data"])[:-2]).decode()},
    # one passage's row, where the article has three
    lambda r: {**r, "data": base64.b64encode(pack_vectors([np.full((1, 48), np.nan)])).decode()},
    # the ranking model's version, another width: every row fits the sentences otherwise
    lambda r: {**r, "data": _narrowed(r["data"])},
    # the right shape with one number that is not one
    lambda r: {**r, "data": _altered(r["data"], _with_nan)},
    # the right count of rows, not one per sentence of each passage
    lambda r: {**r, "data": _altered(r["data"], _rows_moved)},
    # the right shape, finite, not unit vectors (their cosines would not be cosines)
    lambda r: {**r, "data": _altered(r["data"], lambda ms: [m * 100 for m in ms])},
])
def test_ranking_vectors_that_do_not_fit_are_encoded_again(settings: Settings, change) -> None:
    lines = _exported(settings, CountingRanker())
    lines[1]["ranking_vectors"] = change(lines[1]["ranking_vectors"])
    fresh = CountingRanker()
    app, report = _import(settings, fresh, lines)
    assert [o.status for o in report.outcomes] == ["added"]
    assert fresh.texts > 0
    (article,) = app.list_articles("copy")
    stored = app.library("copy").store.analysis(article.id, RANKING_KIND)
    assert stored is not None and stored[0] == model_version("test-ranking")
    unpack_vectors(stored[1])


@pytest.mark.parametrize(("field", "message"), [
    ({"version": "1", "data": ""}, "“ranking_vectors” needs a version and data"),
    ({"version": 1}, "“ranking_vectors” needs a version and data"),
    ("AAAA", "“ranking_vectors” needs a version and data"),
    ({"version": 1, "data": "not base64!"}, "its ranking vectors are not valid base64 data"),
])
def test_a_malformed_ranking_field_is_refused_before_anything_is_stored(
    settings: Settings, field, message
) -> None:
    from bot.errors import InputError

    lines = _exported(settings, CountingRanker())
    lines[1]["ranking_vectors"] = field
    with pytest.raises(InputError, match=message):
        _import(settings, CountingRanker(), lines)
    assert Footnote(settings, encoder=HashingEncoder()).list_articles("copy") == []


def test_a_duplicate_in_an_import_is_not_analysed(settings: Settings, monkeypatch) -> None:
    """An export imported twice: the second time every article is a duplicate, reported
    before any analyser runs for it."""
    import bot.library

    lines = _exported(settings, CountingRanker())
    runs: list[int] = []
    real = bot.library.run_analysers
    monkeypatch.setattr(bot.library, "run_analysers",
                        lambda analysers, source: runs.append(1) or real(analysers, source))
    _, first = _import(settings, CountingRanker(), lines)
    assert [o.status for o in first.outcomes] == ["added"] and runs == [1]
    _, again = _import(settings, CountingRanker(), lines)
    assert [o.status for o in again.outcomes] == ["duplicate"] and runs == [1]
