"""The shipped answer models (bot/data/answerer.json) agree with the code that feeds them,
and say what they were fitted on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.answer_data import (
    FRESH_TEST,
    NATURAL_TRAIN,
    NEWS_TEST,
    WIRE_TEST,
    WIRE_TRAIN,
    WRITTEN_UNANSWERABLE,
    load_natural,
    load_written,
    natural_hash,
)
from bench.squad import DEFAULT_TRAIN, library_name, load, read_bytes, sha256_of
from bot.answering.features import (
    ANSWER_FEATURES,
    ON_TOPIC_FEATURES,
    PASSAGE_FEATURES,
    SENTENCE_FEATURES,
)
from bot.answering.models import (
    EXPECTED_FEATURES,
    MODEL_PATH,
    AnswerModels,
    TreeModel,
    load_models,
)
from bot.answering.sentences import SENTENCE_ANALYSER
from bot.encoders.locate import model_id_for
from bot.encoders.tuned import recipe as tuned_recipe
from bot.errors import ConfigError
from bot.service import default_analysers
from bot.settings import STOCK_MODEL, TUNED_MODEL, Settings

TRAIN_SHA256 = "53e67dd96e8597a8ef600e795d54d3fdef18486d42721884d38d652e2a2638cb"
"""The uncompressed SQuAD 2.0 train file in ../shared/train/ (its README gives it)."""


def _data() -> dict:
    return json.loads(MODEL_PATH.read_text("utf-8"))


def test_every_model_has_the_features_the_code_computes() -> None:
    data = _data()
    assert data["passage_ranker"]["features"] == list(PASSAGE_FEATURES)
    assert data["sentence_ranker"]["features"] == list(SENTENCE_FEATURES)
    assert data["on_topic"]["features"] == list(ON_TOPIC_FEATURES)
    assert data["answer"]["features"] == list(ANSWER_FEATURES)
    for name, features in EXPECTED_FEATURES.items():
        model = data[name]
        if model.get("kind") == "trees":
            assert model["trees"] and model["depth"] >= 1
            for tree in model["trees"]:
                splits = [f for f, leaf in zip(tree["feature"], tree["leaf"], strict=True)
                          if not leaf]
                assert all(0 <= f < len(features) for f in splits)
                assert all(np.isfinite(tree["value"])) and all(np.isfinite(tree["threshold"]))
            continue
        assert len(model["weights"]) == len(model["mean"]) == len(model["scale"]) == len(
            features)
        assert all(np.isfinite(model["weights"])) and all(s > 0 for s in model["scale"])


def test_boosted_trees_walk_each_tree_to_its_leaf() -> None:
    # one tree: x0 <= 1 ? (x1 <= 0 ? -1 : 2) : 5; a second tree: a single leaf of 0.5
    tree = {"feature": [0, 1, 0, 0, 0], "threshold": [1.0, 0.0, 0.0, 0.0, 0.0],
            "left": [1, 3, 0, 0, 0], "right": [2, 4, 0, 0, 0],
            "value": [0.0, 0.0, 5.0, -1.0, 2.0], "leaf": [0, 0, 1, 1, 1]}
    stump = {"feature": [0], "threshold": [0.0], "left": [0], "right": [0], "value": [0.5],
             "leaf": [1]}
    model = TreeModel.from_json({"features": ["a", "b"], "baseline": 0.25, "depth": 2,
                                 "trees": [tree, stump]})
    x = np.array([[0.0, -1.0], [0.5, 3.0], [2.0, -9.0]])
    assert np.allclose(model.logits(x), [0.25 - 1 + 0.5, 0.25 + 2 + 0.5, 0.25 + 5 + 0.5])
    again = TreeModel.from_json(model.to_json())
    assert np.allclose(again.logits(x), model.logits(x))


def _walk(model: TreeModel, row: np.ndarray) -> float:
    """One row through every tree, node by node: the reference the array walk must match."""
    total = model.baseline
    for t in range(len(model.feature)):
        node = 0
        while not model.leaf[t, node]:
            x = row[model.feature[t, node]]
            node = model.left[t, node] if x <= model.threshold[t, node] else model.right[t, node]
        total += model.value[t, node]
    return total


@pytest.mark.parametrize("name", ["on_topic", "answer"])
def test_the_shipped_trees_give_what_walking_each_tree_gives(name: str) -> None:
    model = getattr(load_models(), name)
    assert isinstance(model, TreeModel)
    rng = np.random.default_rng(7)
    x = rng.normal(0.0, 2.0, (300, len(model.features)))
    x[::5, rng.integers(len(model.features))] = np.nan  # a missing value goes right
    x[1::7] = model.threshold[0, 0]  # exactly at a threshold goes left
    expected = [_walk(model, row) for row in x]
    assert np.allclose(model.logits(x), expected, rtol=0, atol=1e-12)
    assert np.allclose(model.logits(x[:1]), expected[:1], rtol=0, atol=1e-12)


@pytest.mark.parametrize("folder", [NATURAL_TRAIN, WIRE_TRAIN], ids=lambda f: f.name)
def test_the_model_was_fitted_on_the_natural_training_sets_as_they_stand(folder) -> None:
    recorded = _data()["trained_on"]["files"][f"bench/data/{folder.name}"]
    assert recorded == natural_hash(folder)


@pytest.mark.parametrize("folder", [WIRE_TEST, NEWS_TEST, FRESH_TEST], ids=lambda f: f.name)
def test_the_held_out_stories_share_nothing_with_the_training_sets(folder) -> None:
    held = load_natural(folder)
    assert f"bench/data/{folder.name}" not in _data()["trained_on"]["files"]
    texts = {path.read_text("utf-8") for path in held.articles.values()}
    names = {path.name for path in held.articles.values()}
    for folder in (NATURAL_TRAIN, WIRE_TRAIN):
        train = load_natural(folder)
        assert not texts & {path.read_text("utf-8") for path in train.articles.values()}
        assert not names & {path.name for path in train.articles.values()}
    assert len(held.articles) >= 6 and len(held.questions) >= 100


def test_the_model_was_fitted_on_the_written_unanswerables_as_they_stand() -> None:
    recorded = _data()["trained_on"]["files"][f"bench/data/{WRITTEN_UNANSWERABLE.name}"]
    assert recorded == sha256_of(WRITTEN_UNANSWERABLE)


def test_the_written_unanswerables_belong_to_train_articles_that_have_none() -> None:
    data = json.loads(WRITTEN_UNANSWERABLE.read_text("utf-8"))
    kinds = {"swap", "negation", "antonym", "condition", "unstated", "exclusion"}
    assert all(q["kind"] in kinds for q in data["questions"])
    texts = [q["question"] for q in data["questions"]]
    assert len(texts) == len(set(texts)) >= 180
    if not DEFAULT_TRAIN.exists():
        pytest.skip("no ../shared/train")
    articles = {a.library: a for a in load(DEFAULT_TRAIN)}
    for lib, questions in load_written(WRITTEN_UNANSWERABLE).items():
        article = articles[lib]  # a title that names no train article would be lost
        assert not any(q.impossible for q in article.questions) and len(questions) >= 20
        own = {q.text.lower() for q in article.questions}
        assert not own & {q.lower() for q in questions}
    paragraphs = {library_name(a["title"].replace("_", " ")): len(a["paragraphs"])
                  for a in json.loads(read_bytes(DEFAULT_TRAIN))["data"]}
    assert all(0 <= q["paragraph"] < paragraphs[library_name(q["title"].replace("_", " "))]
               for q in data["questions"])


def test_the_model_records_its_training_data_and_never_the_evaluation_set() -> None:
    trained = _data()["trained_on"]
    assert trained["files"]["squad2-train-first10.json.gz"] == TRAIN_SHA256
    assert "bench/data/natural_train" in trained["files"]
    assert not any("eval" in name or "dev" in name for name in trained["files"])
    assert "natural" not in {name.rsplit("/", 1)[-1] for name in trained["files"]}  # tests/data


def test_the_models_were_fitted_for_the_encoder_that_reads_by_default() -> None:
    """Fitted on features of the default encoder: the bundled model as it is, or the
    tuned one (cross-fitted: each half's questions read by the half encoder that never
    saw them, standing in for the shipped delta recorded)."""
    # files from before stop 30 do not say: all of them were fitted with the stock model
    encoder = _data()["trained_on"].get("encoder", {"model_id": STOCK_MODEL})
    default = Settings.model_fields["model"].default
    if default == TUNED_MODEL:
        assert set(encoder["cross_fit"]) == {"A", "B"}
        assert encoder["delta_sha256"] == tuned_recipe()["sha256"]
    else:
        assert encoder == {"model_id": model_id_for(default)}


def test_the_rankers_were_fitted_for_the_ranking_encoder_that_reads_by_default() -> None:
    """The ranking columns were read cross-fitted by the two half deltas, standing in for
    the shipped delta the default ranking encoder adds (its sha256 recorded)."""
    ranking = _data()["trained_on"]["ranking"]
    assert Settings.model_fields["ranking_model"].default == TUNED_MODEL
    assert set(ranking["cross_fit"]) == {"A", "B"}
    assert ranking["delta_sha256"] == tuned_recipe()["sha256"]


def test_thresholds_are_probabilities() -> None:
    models = load_models()
    assert 0.0 < models.refuse_below < models.hedge_below < 1.0
    assert models.neighbour_margin >= 0.0 and models.other_margin >= 0.0


def test_a_model_file_for_other_features_is_refused() -> None:
    data = _data()
    data["sentence_ranker"]["features"] = [*SENTENCE_FEATURES[:-1], "renamed"]
    with pytest.raises(ConfigError, match="train_answerer"):
        AnswerModels.from_json(data)
    with pytest.raises(ConfigError, match="format"):
        AnswerModels.from_json({**_data(), "format": 0})


def test_the_sentence_analyser_runs_at_ingest() -> None:
    assert SENTENCE_ANALYSER in default_analysers()


def test_refusals_are_read_for_each_half_at_matched_natural_refusals() -> None:
    from bench.train_answerer import refusal_by_half

    src = np.array(["natural"] * 100 + ["squad-other"] * 4 + ["squad"] * 2)
    on_topic = np.concatenate([np.linspace(0.5, 1.0, 100), [0.1, 0.9, 0.2, 0.3], [0.9, 0.9]])
    halves = np.array(["A", "B"] * 50 + ["A", "A", "B", "B"] + ["A", "B"])
    refused = on_topic < 0.4
    top = np.array([np.nan] * 104 + [1.0, 0.0])
    out = refusal_by_half(src, on_topic, refused, ~refused, top, halves)
    assert out["other_article_refused_at_natural_2%"] == 0.75
    assert out["half A: other_article_refused_at_natural_2%"] == 0.5  # 0.9 kept
    assert out["half B: other_article_refused_at_natural_2%"] == 1.0
    assert out["half A: top_sentence_holds_answer"] == 1.0
    assert out["half B: top_sentence_holds_answer"] == 0.0
    assert "half A: other_article_refused" in out
    plain = refusal_by_half(src, on_topic, refused, ~refused, top, None)
    assert not any(key.startswith("half") for key in plain)


def test_the_on_topic_model_weighs_the_background_and_the_answer_model_does_not() -> None:
    """And the word frequencies alike: evidence of what the library is about, not of
    whether a sentence answers."""
    from bot.answering.features import TOPIC_ONLY_FEATURES

    on_topic, answer = _data()["on_topic"], _data()["answer"]
    splits = {on_topic["features"][f] for tree in on_topic["trees"]
              for f, leaf in zip(tree["feature"], tree["leaf"], strict=True) if not leaf}
    assert set(TOPIC_ONLY_FEATURES) <= splits
    assert not set(TOPIC_ONLY_FEATURES) & set(answer["features"])


def test_the_model_was_fitted_on_the_word_frequencies_as_they_stand() -> None:
    """The on-topic model weighs shared_word_frequency: a rebuilt table needs a refit."""
    from bot.answering.word_frequency import FREQUENCY_PATH

    recorded = _data()["trained_on"]["word_frequency"]
    assert recorded["sha256"] == sha256_of(FREQUENCY_PATH)


def test_the_ranking_fitter_without_its_listwise_term_is_logistic_regression() -> None:
    from bench.train_answerer import fit_logistic, fit_ranking

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 3))
    y = (x @ np.array([1.0, -1.0, 0.5]) + rng.normal(size=600) > 1.0).astype(float)
    weight = np.where(np.arange(600) % 3 == 0, 20.0, 1.0)
    groups = np.repeat(np.arange(60), 10)
    plain = fit_logistic(x, y, ("a", "b", "c"), 1.0, weight)
    ranked = fit_ranking(x, y, ("a", "b", "c"), 1.0, weight, groups=groups, alpha=0.0)
    assert np.allclose(plain.weights, ranked.weights, atol=2e-3)
    assert abs(plain.bias - ranked.bias) < 2e-3


def test_the_ranking_fitter_puts_each_question_s_answer_first() -> None:
    """Each question's candidates share an offset in feature a that says nothing about which
    of them holds the answer (feature b does): pointwise, a sways the score; ranked
    together, only b orders a question's candidates."""
    from bench.train_answerer import fit_logistic, fit_ranking

    rng = np.random.default_rng(1)
    questions, per = 200, 5
    groups = np.repeat(np.arange(questions), per)
    offset = np.repeat(rng.normal(scale=3.0, size=questions), per)
    b = rng.normal(size=questions * per)
    y = np.zeros(questions * per)
    for q in range(questions):  # the answer: the candidate with the highest b
        rows = np.flatnonzero(groups == q)
        y[rows[np.argmax(b[rows])]] = 1.0
    y[(offset > 2.0) & (rng.random(len(y)) < 0.5)] = 1.0  # high offset: more rows labelled
    x = np.column_stack([offset + rng.normal(scale=0.1, size=len(y)), b])

    def first_right(model) -> float:
        score = model.logits(x)
        return float(np.mean([y[np.flatnonzero(groups == q)][np.argmax(
            score[groups == q])] for q in range(questions)]))

    plain = fit_logistic(x, y, ("a", "b"), 1.0)
    ranked = fit_ranking(x, y, ("a", "b"), 1.0, groups=groups, alpha=10.0)
    assert first_right(ranked) >= first_right(plain)
    assert abs(ranked.weights[0]) / abs(ranked.weights[1]) < abs(
        plain.weights[0]) / abs(plain.weights[1])


def test_a_refit_of_the_on_topic_part_keeps_the_rest_of_the_file(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``train_answerer.py --write --refit on-topic`` swaps in the on-topic model and the
    refusal cut only, records the refit, and refuses a file fitted on other data."""
    import bench.train_answerer as trainer

    shipped = json.loads(MODEL_PATH.read_text("utf-8"))
    path = tmp_path / "answerer.json"
    path.write_text(json.dumps(shipped), "utf-8")
    monkeypatch.setattr(trainer, "MODEL_PATH", path)
    new = json.loads(json.dumps(shipped))
    new["on_topic"] = {"kind": "logistic", "features": ["q_words"], "mean": [0.0],
                       "scale": [1.0], "weights": [1.0], "bias": 0.0}
    new["thresholds"] = dict(shipped["thresholds"], refuse=0.5, hedge=0.1)
    new["answer"] = {"replaced": True}
    new["held_out_figures"] = {"other_article_refused": 0.5}
    merged = trainer.refitted(new)
    assert merged["on_topic"] == new["on_topic"]
    assert merged["thresholds"] == dict(shipped["thresholds"], refuse=0.5)
    assert merged["answer"] == shipped["answer"]
    assert merged["held_out_figures"] == shipped["held_out_figures"]
    assert merged["refits"][-1]["held_out_figures"] == {"other_article_refused": 0.5}
    new["trained_on"] = dict(new["trained_on"], files={"other.json": "0" * 64})
    with pytest.raises(SystemExit, match="other files"):
        trainer.refitted(new)
