"""The refusal's background: a question's closeness to news about other things, encoded
once per model and cached, built from the training articles only."""

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
    background_rows,
    load_natural,
)
from bot.answering.background import (
    BACKGROUND_PATH,
    PERCENTILE,
    Background,
    file_hash,
    read_rows,
    rows_hash,
    write_rows,
)
from bot.answering.models import MODEL_PATH
from bot.settings import PROJECT_ROOT
from tests.fakes import CountingEncoder, HashingEncoder

ROWS = [
    ("floods", "The river burst its banks and flooded the city centre."),
    ("floods", "Sandbags were handed out to residents on Monday."),
    ("budget", "The council agreed a budget of four million pounds."),
    ("budget", "Council tax will rise by three per cent next year."),
    ("match", "The striker scored twice in the second half."),
    ("match", "The club sacked its manager after the defeat."),
    ("match", "Fans protested outside the stadium."),
]



def test_closeness_is_the_mean_cosine_and_a_high_percentile(tmp_path) -> None:
    encoder = HashingEncoder()
    background = Background(encoder, tmp_path, ROWS)
    question = encoder.encode(["Which striker scored twice in the second half?"])[0]
    mean, high = background.closeness(question)
    sims = encoder.encode([s for _, s in ROWS]) @ question
    assert mean == pytest.approx(sims.mean())
    assert high == pytest.approx(np.percentile(sims, PERCENTILE))
    assert sims.min() < mean < high < sims.max()  # one close story does not decide it


def test_a_questions_own_article_can_be_left_out(tmp_path) -> None:
    encoder = HashingEncoder()
    background = Background(encoder, tmp_path, ROWS)
    question = encoder.encode(["Which striker scored twice in the second half?"])[0]
    mean, high = background.closeness(question)
    without = background.closeness(question, exclude=frozenset({"match"}))
    assert without[0] < mean and without[1] < high
    assert background.closeness(question, exclude=frozenset({"floods", "budget", "match"})) == (
        0.0, 0.0)


def test_the_vectors_are_encoded_once_per_model_and_kept(tmp_path) -> None:
    first = CountingEncoder()
    question = first.encode(["council tax"])[0]
    expected = Background(first, tmp_path, ROWS).closeness(question)
    assert first.texts == 1 + len(ROWS)
    again = CountingEncoder()
    assert Background(again, tmp_path, ROWS).closeness(question) == expected
    assert again.texts == 0  # read from the cache folder
    other = CountingEncoder()
    other.model_id = "another-model"
    Background(other, tmp_path, ROWS).closeness(question)
    assert other.texts == len(ROWS)  # another model's vectors are its own


def test_a_damaged_cache_file_is_encoded_again(tmp_path) -> None:
    encoder = CountingEncoder()
    question = encoder.encode(["council tax"])[0]
    expected = Background(encoder, tmp_path, ROWS).closeness(question)
    for path in (tmp_path / "background").glob("*.npy"):
        path.write_bytes(b"not numpy")
    again = CountingEncoder()
    assert Background(again, tmp_path, ROWS).closeness(question) == expected
    assert again.texts == len(ROWS)


def test_the_file_round_trips_and_flattens_tabs_and_line_breaks(tmp_path) -> None:
    path = tmp_path / "background.tsv"
    write_rows([("a", "one\ttwo\nthree"), ("b", "four")], path)
    assert read_rows(path) == [("a", "one two three"), ("b", "four")]
    assert file_hash(path) == rows_hash([("a", "one two three"), ("b", "four")])


def test_the_shipped_background_is_the_training_articles_as_they_stand() -> None:
    rows = background_rows([load_natural(NATURAL_TRAIN), load_natural(WIRE_TRAIN)])
    assert read_rows() == rows and len(rows) > 500
    recorded = json.loads(MODEL_PATH.read_text("utf-8"))["trained_on"]["background"]
    assert recorded == {"sentences": len(rows), "sha256": file_hash(BACKGROUND_PATH)}


def test_the_background_holds_nothing_of_the_held_out_sets() -> None:
    # a credit line ("CNN's Laura Bennett contributed to this report.") may recur
    shipped = {s for _, s in read_rows() if len(s.split()) >= 10}
    held = [*load_natural(WIRE_TEST).articles.values(), *load_natural(NEWS_TEST).articles.values(),
            *load_natural(FRESH_TEST).articles.values(),
            *load_natural(PROJECT_ROOT / "tests" / "data" / "natural").articles.values()]
    for path in held:
        text = " ".join(path.read_text("utf-8").split())
        assert not any(sentence in text for sentence in shipped), path.name


def test_a_cache_folder_it_cannot_write_only_costs_encoding_again(tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    encoder = CountingEncoder()
    question = encoder.encode(["council tax"])[0]
    assert Background(encoder, blocked, ROWS).closeness(question) == Background(
        HashingEncoder(), tmp_path / "ok", ROWS).closeness(question)
