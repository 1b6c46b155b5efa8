"""The learned parts of answering, as shipped in ``bot/data/answerer.json``.

``bench/train_answerer.py`` fits them on SQuAD 2.0 train (``../shared/train/``)
plus questions written for Footnote, and writes one JSON file holding, for each
model, its feature names and weights, the two decision thresholds, and the hash
of the data it was fitted on. Nothing here learns; it only applies.

- ``passage_ranker``: how likely a passage holds the answer;
- ``sentence_ranker``: how likely a sentence of a top passage holds it;
- ``on_topic``: how likely the library is about the question at all (below
  ``thresholds.refuse``: refuse);
- ``answer``: how likely the best sentence really answers it (the answer's
  ``confidence``; below ``thresholds.hedge``: a hedged answer).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.answering.features import (
    ANSWER_FEATURES,
    ON_TOPIC_FEATURES,
    PASSAGE_FEATURES,
    SENTENCE_FEATURES,
)
from bot.errors import ConfigError

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "answerer.json"
MODEL_FORMAT = 1
EXPECTED_FEATURES: dict[str, tuple[str, ...]] = {
    "passage_ranker": PASSAGE_FEATURES,
    "sentence_ranker": SENTENCE_FEATURES,
    "on_topic": ON_TOPIC_FEATURES,
    "answer": ANSWER_FEATURES,
}


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression over standardised features: ``sigmoid(w · (x - mean) / scale + b)``."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        """Read one model's entry of the model file."""
        return cls(
            features=tuple(data["features"]), mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64), bias=float(data["bias"]),
        )

    def to_json(self) -> dict[str, Any]:
        """The model file's entry for this model."""
        return {
            "kind": "logistic", "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights], "bias": round(self.bias, 6),
        }

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``x`` (features in :attr:`features` order)."""
        return ((x - self.mean) / self.scale) @ self.weights + self.bias

    def columns(self, names: tuple[str, ...]) -> list[int]:
        """Where this model's features stand in a row laid out as ``names``."""
        return [names.index(n) for n in self.features]

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probabilities for each row of ``x``."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(x), -30, 30)))


@dataclass(frozen=True)
class TreeModel:
    """Gradient-boosted trees (scikit-learn's histogram boosting, exported): the log-odds
    are ``baseline`` plus one leaf value per tree. Every tree is walked at once, level by
    level over one flat node table, so a question's few dozen sentences cost a handful
    of array operations."""

    features: tuple[str, ...]
    baseline: float
    feature: np.ndarray
    """(trees, nodes): the feature a node splits on."""
    threshold: np.ndarray
    """(trees, nodes): go left when the feature is at most this."""
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    """(trees, nodes): a leaf's share of the log-odds."""
    leaf: np.ndarray
    depth: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TreeModel:
        """Read one model's entry of the model file (trees padded to one node count)."""
        trees = data["trees"]
        width = max(len(t["feature"]) for t in trees)

        def grid(key: str, dtype: type, fill: float) -> np.ndarray:
            out = np.full((len(trees), width), fill, dtype=dtype)
            for i, tree in enumerate(trees):
                out[i, : len(tree[key])] = tree[key]
            return out

        return cls(
            features=tuple(data["features"]), baseline=float(data["baseline"]),
            feature=grid("feature", np.int64, 0), threshold=grid("threshold", np.float64, 0.0),
            left=grid("left", np.int64, 0), right=grid("right", np.int64, 0),
            value=grid("value", np.float64, 0.0), leaf=grid("leaf", np.bool_, True),
            depth=int(data["depth"]),
        )

    def to_json(self) -> dict[str, Any]:
        """The model file's entry for this model."""
        trees = []
        for t in range(len(self.feature)):
            trees.append({
                "feature": self.feature[t].tolist(),
                "threshold": [round(float(v), 6) for v in self.threshold[t]],
                "left": self.left[t].tolist(), "right": self.right[t].tolist(),
                "value": [round(float(v), 6) for v in self.value[t]],
                "leaf": [int(v) for v in self.leaf[t]],
            })
        return {"kind": "trees", "features": list(self.features),
                "baseline": round(self.baseline, 6), "depth": self.depth, "trees": trees}

    @cached_property
    def _flat(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The trees as one node table: each node's feature, threshold and value, and
        its two children side by side (a leaf is its own child, so walking on from it
        stays there), plus every tree's root."""
        trees, width = self.feature.shape
        base = (np.arange(trees) * width)[:, None]
        here = base + np.arange(width)[None, :]
        children = np.stack([np.where(self.leaf, here, base + self.left),
                             np.where(self.leaf, here, base + self.right)], axis=-1)
        return (self.feature.ravel(), self.threshold.ravel(), self.value.ravel(),
                children.reshape(-1), base[:, 0])

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``x`` (features in :attr:`features` order)."""
        feature, threshold, value, children, roots = self._flat
        rows = np.arange(len(x))[None, :]
        node = np.repeat(roots[:, None], len(x), axis=1)
        for _ in range(self.depth):
            # right unless the feature is at most the threshold (a NaN goes right)
            right = ~(x[rows, feature[node]] <= threshold[node])
            node = children[2 * node + right]
        return self.baseline + value[node].sum(axis=0)

    def columns(self, names: tuple[str, ...]) -> list[int]:
        """Where this model's features stand in a row laid out as ``names``."""
        return [names.index(n) for n in self.features]

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probabilities for each row of ``x``."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(x), -30, 30)))


Model = LinearModel | TreeModel


def model_from_json(data: dict[str, Any]) -> Model:
    """A model of either kind from its entry of the model file."""
    return TreeModel.from_json(data) if data.get("kind") == "trees" else LinearModel.from_json(
        data)


@dataclass(frozen=True)
class AnswerModels:
    """Every learned part, plus the thresholds that turn probabilities into outcomes."""

    passage_ranker: Model
    sentence_ranker: Model
    on_topic: Model
    answer: Model
    refuse_below: float
    """Refuse when the on-topic probability is below this."""
    hedge_below: float
    """Hedge when the answer probability is below this."""
    neighbour_margin: float
    """Quote the best sentence's neighbour too when its log-odds are within this."""
    other_margin: float
    """Cite a sentence from elsewhere as [2] when its log-odds are within this."""
    trained_on: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnswerModels:
        """Build from the model file's content, checking its features match the code's."""
        if data.get("format") != MODEL_FORMAT:
            raise ConfigError(
                f"The answer model file has format {data.get('format')!r}; this Footnote "
                f"reads format {MODEL_FORMAT}. Run bench/train_answerer.py to rebuild it."
            )
        models = {name: model_from_json(data[name]) for name in EXPECTED_FEATURES}
        for name, features in EXPECTED_FEATURES.items():
            if models[name].features != features:
                raise ConfigError(
                    f"The answer model file's {name} was trained on other features than the "
                    "code computes; run bench/train_answerer.py to retrain it."
                )
        thresholds = data["thresholds"]
        return cls(
            **models, refuse_below=float(thresholds["refuse"]),
            hedge_below=float(thresholds["hedge"]),
            neighbour_margin=float(thresholds["neighbour_margin"]),
            other_margin=float(thresholds["other_margin"]),
            trained_on=dict(data.get("trained_on", {})),
        )


@lru_cache(maxsize=4)
def load_models(path: Path = MODEL_PATH) -> AnswerModels:
    """The shipped models (read once per process)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Could not read the answer model file {path}: {exc}") from exc
    return AnswerModels.from_json(data)
