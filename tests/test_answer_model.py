"""The shipped answer models (bot/data/answerer.json) agree with the code that feeds them,
and say what they were fitted on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.answering.features import (
    DECISION_FEATURES,
    ON_TOPIC_FEATURES,
    PASSAGE_FEATURES,
    SENTENCE_FEATURES,
)
from bot.answering.models import EXPECTED_FEATURES, MODEL_PATH, AnswerModels, load_models
from bot.answering.sentences import SENTENCE_ANALYSER
from bot.errors import ConfigError
from bot.service import default_analysers

TRAIN_SHA256 = "53e67dd96e8597a8ef600e795d54d3fdef18486d42721884d38d652e2a2638cb"
"""The uncompressed SQuAD 2.0 train file in ../shared/train/ (its README gives it)."""


def _data() -> dict:
    return json.loads(MODEL_PATH.read_text("utf-8"))


def test_every_model_has_the_features_the_code_computes() -> None:
    data = _data()
    assert data["passage_ranker"]["features"] == list(PASSAGE_FEATURES)
    assert data["sentence_ranker"]["features"] == list(SENTENCE_FEATURES)
    assert data["on_topic"]["features"] == list(ON_TOPIC_FEATURES)
    assert data["answer"]["features"] == list(DECISION_FEATURES)
    for name, features in EXPECTED_FEATURES.items():
        model = data[name]
        assert len(model["weights"]) == len(model["mean"]) == len(model["scale"]) == len(
            features)
        assert all(np.isfinite(model["weights"])) and all(s > 0 for s in model["scale"])


def test_the_model_records_its_training_data_and_never_the_evaluation_set() -> None:
    trained = _data()["trained_on"]
    assert trained["files"]["squad2-train-first10.json.gz"] == TRAIN_SHA256
    assert "bench/data/natural_train" in trained["files"]
    assert not any("eval" in name or "dev" in name for name in trained["files"])
    assert "natural" not in {name.rsplit("/", 1)[-1] for name in trained["files"]}  # tests/data


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
