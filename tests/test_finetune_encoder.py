"""The encoder fine-tuning measurement's bookkeeping (``bench/finetune_encoder.py``): the
halves never share an article, a batch never holds a sentence twice, and the ranking
counts what it says."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bench.finetune_encoder import (
    Article,
    batches,
    delta_of,
    halves,
    interpolate,
    ranking,
    triplets,
)


def _articles() -> dict[str, Article]:
    out = {}
    for source, count in (("squad", 3), ("natural_train", 4)):
        for k in range(count):
            out[f"{source}-{k}"] = Article(source, [f"{source} {k} sentence {j}" for j in range(4)],
                                           [(f"question {k}", frozenset({1}))])
    return out


def test_halves_split_each_source_and_share_nothing() -> None:
    split = halves(_articles())
    assert not set(split["A"]) & set(split["B"])
    assert sorted(split["A"] + split["B"]) == sorted(_articles())
    assert sum(n.startswith("squad") for n in split["A"]) == 2
    assert sum(n.startswith("natural") for n in split["B"]) == 2


def test_a_batch_never_holds_a_sentence_twice_and_every_row_is_kept() -> None:
    rows = [(f"q{k}", f"s{k % 5}", f"n{k % 3}") for k in range(40)]
    made = batches(rows, 8, random.Random(0))
    assert sorted(r for b in made for r in b) == sorted(rows)
    for batch in made:
        assert len(batch) <= 8
        sentences = [s for row in batch for s in row[1:]]
        assert len(sentences) == len(set(sentences))


def test_ranking_counts_first_and_top_three() -> None:
    arts = {"a": Article("squad", ["x", "y", "z", "w"],
                         [("q1", frozenset({0})), ("q2", frozenset({3}))])}
    sentences = {"a": (np.eye(4, dtype=np.float32), None)}
    questions = {"a": (None, np.array([[1.0, 0.5, 0, 0], [0.9, 0.8, 0.1, 0.7]], np.float32))}
    assert ranking(arts, ["a"], questions, sentences) == {"squad": (0.5, 1.0, 2)}


def test_a_triplets_negative_is_a_wrong_sentence_of_the_same_article() -> None:
    arts = _articles()
    names = list(arts)
    vecs = {n: (np.eye(4, dtype=np.float32), np.array([[0.1, 1.0, 0.9, 0.0]], np.float32))
            for n in names}
    made = triplets(arts, names, vecs, random.Random(0))
    assert [q for q, _, _ in made] == [q for a in arts.values() for q, _ in a.questions]
    for _, right, negative in made:
        art = next(a for a in arts.values() if right in a.sentences)
        assert negative in art.sentences and negative != right
        assert art.sentences.index(right) == 1


def test_other_negatives_come_from_the_closest_other_article() -> None:
    arts = _articles()
    names = list(arts)
    vecs = {n: (np.eye(4, dtype=np.float32), np.array([[0.1, 1.0, 0.9, 0.0]], np.float32))
            for n in names}
    vecs[names[2]] = (np.eye(4, dtype=np.float32) * 2, vecs[names[2]][1])  # closest anywhere
    made = triplets(arts, names, vecs, random.Random(0), other=1.0)
    assert len(made) == len(arts)
    for _, right, negative in made:
        own = next(a for a in arts.values() if right in a.sentences)
        assert negative not in own.sentences
        if own is not arts[names[2]]:
            assert negative == arts[names[2]].sentences[1]


def test_both_negatives_hold_one_of_the_same_article_and_one_of_another() -> None:
    arts = _articles()
    names = list(arts)
    vecs = {n: (np.eye(4, dtype=np.float32), np.array([[0.1, 1.0, 0.9, 0.0]], np.float32))
            for n in names}
    made = triplets(arts, names, vecs, random.Random(0), both=True)
    assert len(made) == len(arts)
    for _, right, same, other in made:
        own = next(a for a in arts.values() if right in a.sentences)
        assert same in own.sentences and same != right
        assert other not in own.sentences
    assert all(len(batch[0]) == 4 for batch in batches(made, 3, random.Random(0)))


def test_the_delta_holds_only_what_was_trained_by_the_weights_names(tmp_path) -> None:
    torch = pytest.importorskip("torch")
    from safetensors.numpy import save_file

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.auto_model = torch.nn.Linear(2, 2)

    model = Model()
    weights = tmp_path / "model.safetensors"
    save_file({"weight": model.auto_model.weight.detach().numpy().copy(),
               "bias": model.auto_model.bias.detach().numpy().copy()}, str(weights))
    model.auto_model.weight.requires_grad_(False)
    with torch.no_grad():
        model.auto_model.bias += 0.5
    diffs = delta_of(model, weights)
    assert list(diffs) == ["bias"]
    assert diffs["bias"].dtype == np.float16
    assert np.allclose(diffs["bias"], 0.5)


def test_interpolating_keeps_the_share_of_the_change_asked_for() -> None:
    torch = pytest.importorskip("torch")
    trained = [torch.nn.Parameter(torch.tensor([1.0, 3.0]))]
    start = [torch.tensor([0.0, 1.0])]
    interpolate(trained, start, 0.5)
    assert trained[0].tolist() == [0.5, 2.0]
    interpolate(trained, start, 1.0)
    assert trained[0].tolist() == [0.5, 2.0]
