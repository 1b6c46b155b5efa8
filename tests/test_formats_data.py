"""The article-formats sets ``bench/bench_formats.py`` reads are well formed: every article
is there and every answering sentence is in its visible text (nothing here runs the bot)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from bench.answer_data import wanted_sentences
from bench.bench_formats import DEFAULT_SET

SECOND_SET = DEFAULT_SET.parent / "formats_dev2"
US_WIRE_SET = DEFAULT_SET.parent / "uswire_dev"
INTERNATIONAL_SET = DEFAULT_SET.parent / "intl_dev"
ASKERS_SET = DEFAULT_SET.parent / "askers_dev"
ASKERS_HELDOUT = DEFAULT_SET.parent / "askers_heldout"
LONGFORM_SET = DEFAULT_SET.parent / "longform_dev"
GENRES_SET = DEFAULT_SET.parent / "genres_dev"
GENRES_HELDOUT = DEFAULT_SET.parent / "genres_heldout"
SHAPES_SET = DEFAULT_SET.parent / "shapes_dev"
SHAPES_HELDOUT = DEFAULT_SET.parent / "shapes_heldout"
BEATS_SET = DEFAULT_SET.parent / "beats_dev"
BEATS_HELDOUT = DEFAULT_SET.parent / "beats_heldout"
LEARNERS_SET = DEFAULT_SET.parent / "learners_dev"
LEARNERS_HELDOUT = DEFAULT_SET.parent / "learners_heldout"
KINDS_SET = DEFAULT_SET.parent / "kinds_dev"
KINDS_HELDOUT = DEFAULT_SET.parent / "kinds_heldout"
VIEWS_SET = DEFAULT_SET.parent / "views_dev"
VIEWS_HELDOUT = DEFAULT_SET.parent / "views_heldout"
_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(script|style|head)\b.*?</\1>", re.S | re.I)
_MARKUP = re.compile(r"\*\*|__|`|\[\d{1,3}\]")


def _visible(folder: Path, name: str) -> str:
    text = (folder / name).read_text("utf-8")
    if name.endswith(".html"):
        text = html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", text)))
    elif name.endswith(".md"):
        text = _MARKUP.sub("", text)  # as it reads: no bold marks, no citation marks
    return " ".join(text.split())


@pytest.mark.parametrize(("folder", "articles", "questions"), [
    (DEFAULT_SET, 24, 360), (SECOND_SET, 12, 180), (US_WIRE_SET, 6, 84),
    (INTERNATIONAL_SET, 6, 84), (ASKERS_SET, 6, 90), (ASKERS_HELDOUT, 6, 90),
    (LONGFORM_SET, 4, 80), (GENRES_SET, 6, 90),
    (GENRES_HELDOUT, 6, 90), (SHAPES_SET, 6, 90), (SHAPES_HELDOUT, 6, 90),
    (BEATS_SET, 6, 90), (BEATS_HELDOUT, 6, 90),
    (LEARNERS_SET, 6, 90), (LEARNERS_HELDOUT, 6, 90), (KINDS_SET, 6, 90),
    (KINDS_HELDOUT, 6, 90), (VIEWS_SET, 6, 90), (VIEWS_HELDOUT, 6, 90)])
def test_every_answering_sentence_is_in_its_article_once(
        folder: Path, articles: int, questions: int) -> None:
    data = json.loads((folder / "questions.json").read_text("utf-8"))
    assert len(data["articles"]) == articles and len(data["questions"]) == questions
    visible = {name: _visible(folder, name) for name in data["articles"]}
    for q in data["questions"]:
        for wanted in wanted_sentences(q):
            sentence = " ".join(wanted.split())
            assert visible[q["article"]].count(sentence) == 1, (q["article"], q["question"])
    for q in data["unanswerable"]:
        assert q["article"] in visible
