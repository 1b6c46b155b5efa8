"""The article-formats set ``bench/bench_formats.py`` reads is well formed: every article
is there and every answering sentence is in its visible text (nothing here runs the bot)."""

from __future__ import annotations

import html
import json
import re

from bench.bench_formats import DEFAULT_SET

_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(script|style|head)\b.*?</\1>", re.S | re.I)


def _visible(name: str) -> str:
    text = (DEFAULT_SET / name).read_text("utf-8")
    if name.endswith(".html"):
        text = html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", text)))
    return " ".join(text.split())


def test_every_answering_sentence_is_in_its_article_once() -> None:
    data = json.loads((DEFAULT_SET / "questions.json").read_text("utf-8"))
    assert len(data["articles"]) == 24 and len(data["questions"]) == 360
    visible = {name: _visible(name) for name in data["articles"]}
    for q in data["questions"]:
        sentence = " ".join(q["sentence"].split())
        assert visible[q["article"]].count(sentence) == 1, (q["article"], q["question"])
    for q in data["unanswerable"]:
        assert q["article"] in visible
