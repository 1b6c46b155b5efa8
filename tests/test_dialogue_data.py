"""The dialogue sets ``bench/bench_dialogues.py`` reads are well formed: every article is
there and every answering sentence is verbatim in it (nothing here runs the bot)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.bench_dialogues import HELD_OUT, TRAIN, article_path, wanted_of


@pytest.mark.parametrize("path", [TRAIN, HELD_OUT], ids=["train", "held-out"])
def test_every_answering_sentence_is_in_its_article(path: Path) -> None:
    dialogues = json.loads(path.read_text("utf-8"))["dialogues"]
    assert len(dialogues) >= 50
    for dialogue in dialogues:
        text = article_path(dialogue).read_text("utf-8")
        assert len(dialogue["turns"]) >= 2, dialogue
        assert wanted_of(dialogue["turns"][0]), dialogue  # a first turn the article answers
        for turn in dialogue["turns"]:
            for sentence in wanted_of(turn):
                assert sentence in text, (dialogue["article"], turn["question"])


def test_held_out_dialogues_are_about_other_articles_than_the_training_ones() -> None:
    def articles(path: Path) -> set[str]:
        return {article_path(d).name
                for d in json.loads(path.read_text("utf-8"))["dialogues"]}

    assert not articles(TRAIN) & articles(HELD_OUT)
