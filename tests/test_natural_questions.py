"""Questions worded the way people ask them, on articles nobody fitted anything on (issue 8).

``tests/data/natural/`` holds five news-style articles written for this and the seed
article, with 98 questions (lower case, no question mark, typos such as "goverment",
casual forms such as "whats", synonyms such as "copters", questions written from a
headline) and, for each, text of the sentence that answers it. The set was never used
to fit or choose anything (``bench/data/natural_train/`` is the disjoint set that was).
Every answer-quality assertion here runs with the real model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.answer_data import wanted_sentences
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.models import Answer
from bot.service import Footnote

pytestmark = pytest.mark.model

NATURAL = Path(__file__).resolve().parent / "data" / "natural"
DATA = json.loads((NATURAL / "questions.json").read_text("utf-8"))
SEED = "../../../seeds/telegraph-police-chief-social-media-boycott.txt"
ISSUE_TARGET = 0.90
"""The issue's target: answered (hedged or not) with a quote that holds the sentence.
Not met yet: measured 0.78 on this set (0.77 on the 30 casual seed questions) by the
models of bot/data/answerer.json; the floor below keeps what was reached."""
RIGHT_SENTENCE_AT_LEAST = 0.75
SEED_RIGHT_AT_LEAST = 0.73


def right(answer: Answer, question: dict[str, object]) -> bool:
    """Not refused, and one of its quotes holds the sentence that answers the question."""
    return not answer.declined and any(
        w in c.quote for c in answer.citations for w in wanted_sentences(question)
    )


@pytest.fixture
def newsroom(real_app: Footnote) -> Footnote:
    """One library holding the six articles, as a server with several articles would."""
    for name in DATA["articles"]:
        real_app.add_file("news", (NATURAL / name).resolve())
    assert len(real_app.list_articles("news")) == 6
    return real_app


def test_the_set_is_what_the_issue_asks_for() -> None:
    questions = DATA["questions"]
    assert len(questions) >= 80 and len(DATA["articles"]) >= 6
    assert len({q["article"] for q in questions}) == 6
    casual = [q["question"] for q in questions]
    assert sum(q == q.lower() for q in casual) >= 60
    assert sum(not q.endswith("?") for q in casual) >= 60
    for word in ("goverment", "whats", "copters", "ppl"):
        assert any(word in q.split() for q in casual), word


def test_every_wanted_sentence_is_in_its_article() -> None:
    texts = {}
    for name in DATA["articles"]:
        path = (NATURAL / name).resolve()
        texts[name] = clean_article(extract_bytes(path.read_bytes(), filename=path.name)).text
    for q in DATA["questions"]:
        for w in wanted_sentences(q):
            assert w in texts[q["article"]], (q["question"], w)


def test_natural_questions_are_answered_with_the_right_sentence(newsroom: Footnote) -> None:
    results = [(q, newsroom.ask("news", q["question"])) for q in DATA["questions"]]
    refused = [q["question"] for q, a in results if a.declined]
    missed = [q["question"] for q, a in results if not right(a, q)]
    share = 1 - len(missed) / len(results)
    assert not refused, refused
    assert share >= RIGHT_SENTENCE_AT_LEAST, (round(share, 3), missed)


def test_the_casual_seed_questions(newsroom: Footnote) -> None:
    """The issue's casual questions about the seed article, refused before this work."""
    seed = [q for q in DATA["questions"] if q["article"] == SEED]
    assert len(seed) == 30
    results = [(q, newsroom.ask("news", q["question"])) for q in seed]
    assert not [q["question"] for q, a in results if a.declined]
    missed = [q["question"] for q, a in results if not right(a, q)]
    assert 1 - len(missed) / len(seed) >= SEED_RIGHT_AT_LEAST, missed


def test_questions_about_nothing_in_the_library_are_refused(newsroom: Footnote) -> None:
    answers = [newsroom.ask("news", q) for q in DATA["off_topic"]]
    kept = [a.question for a in answers if not a.declined]
    assert len(kept) <= 1, kept
    for a in answers:
        if a.declined:
            assert a.citations == () and not a.hedged and len(a.suggestions) == 6
