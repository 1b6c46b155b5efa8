"""Quiz questions from articles that are not plain news text: a live blog, a Markdown
explainer with lists, a press release with a dateline and contact details, an interview
with its questions and first-person answers, and a table (``tests/quiz/formats/``). Each
is read by the real ingestion and analysis; every question the generator can make is
checked."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.quiz.analyse import first_person, sentence_problem
from bot.quiz.generate import build_pool, generate_questions
from bot.quiz.item import SHORT_ANSWER, TRUE_FALSE, QuizQuestion
from tests.quiz.support import read

FORMATS = Path(__file__).parent / "formats"
ARTICLES = {"live blog": "live.txt", "explainer": "parking.md", "press release": "release.txt",
            "interview": "interview.md", "table": "prices.html", "transcript": "transcript.txt"}


@pytest.fixture(scope="module")
def banks() -> dict[str, list[tuple[str, QuizQuestion]]]:
    """Every question of each article, with the article's text."""
    read_in = {name: read(i + 1, (FORMATS / filename).read_text(encoding="utf-8"),
                          filename=filename)
               for i, (name, filename) in enumerate(ARTICLES.items())}
    pool = build_pool(facts for _, facts in read_in.values())
    return {name: [(article.text, q) for q in generate_questions(
        article, facts, rng=random.Random(7), pool=pool)]
        for name, (article, facts) in read_in.items()}


def _quotes(banks, name: str) -> list[str]:
    return [q.quote for _, q in banks[name]]


def test_every_format_gives_questions(banks):
    for name, questions in banks.items():
        assert questions, name


def test_a_live_posts_time_is_not_part_of_the_question(banks):
    quotes = _quotes(banks, "live blog")
    assert any(q.startswith("A reader in Newlyn") for q in quotes)
    for _, q in banks["live blog"]:
        assert not re.search(r"\b\d\d:\d\d\b", q.question), q.question  # nor changed in a false one


def test_a_list_marker_is_not_part_of_the_question(banks):
    quotes = _quotes(banks, "explainer")
    assert any(q.startswith("Zone B covers") or q.startswith("Zone A covers") for q in quotes)
    assert not any(q.startswith("- ") or "? -" in q for q in quotes)
    assert not any(re.search(r"\? - |blank: - ", q.question) for _, q in banks["explainer"])


def test_a_press_releases_dateline_and_contact_details_are_not_asked(banks):
    quotes = _quotes(banks, "press release")
    assert any(q.startswith("A new unit designed") for q in quotes)
    for quote in quotes:
        assert "ELY" not in quote and "01632" not in quote, quote
        assert "on request" not in quote and "For more information" not in quote, quote


def test_a_speakers_label_is_not_part_of_the_question(banks):
    quotes = _quotes(banks, "transcript")
    assert any(q.startswith("Halden Way will remain closed") for q in quotes), quotes
    assert not any(re.match(r"[A-Z]+\b[^:]*:", q) for q in quotes), quotes


def test_an_interviewers_question_is_not_a_statement(banks):
    for _, q in banks["interview"]:
        assert not q.quote.rstrip().endswith("?"), q.question


def test_first_person_sentences_are_asked_as_written(banks):
    """"I spoke to him last week" names nobody: no "When did I speak to him?", and no
    false statement made by negating it."""
    for _, q in banks["interview"]:
        if first_person(q.quote):
            assert q.kind != SHORT_ANSWER, q.question
            assert not (q.kind == TRUE_FALSE and q.answer == "False"), q.question


def test_a_tables_rows_are_not_asked(banks):
    quotes = _quotes(banks, "table")
    assert any("0.6%" in q for q in quotes)
    assert not any(q.startswith(("London:", "North East:", "Scotland:")) for q in quotes)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("When did I speak to Dave Harland?", True),
    ("I learned to swim at Castle Meadow Pool in 1983.", True),
    ("So I would urge every reader to fill it in.", True),
    ("We're hearing that a woman has been taken to hospital.", True),
    ('He said: "I am proud of what we delivered" on Friday.', False),
    ("The First World War I memorial was unveiled in 1921.", False),
    ("The US said it would send aid to the region.", False),
])
def test_first_person(sentence, expected):
    assert first_person(sentence) is expected


@pytest.mark.parametrize(("sentence", "problem"), [
    ("What is your main priority for the year?", "a question, not a statement"),
    ("London: Average price £521,300, Annual change -0.8%.", "a table's row"),
    ("Out of hours: ask the switchboard on 01632 960 000 for the officer.",
     "about the page, not the news"),
    ("Email communications@example.nhs.uk for interviews with the team.",
     "about the page, not the news"),
    ("That's where we'll leave our live coverage for tonight, thank you.",
     "about the page, not the news"),
    ("He said: We found 3 bodies, and 2 cars were crushed in the town centre.", None),
    ("Labour won 301 seats, the Conservatives 187 and the Liberal Democrats 64.", None),
])
def test_sentence_problems(sentence, problem):
    assert sentence_problem(sentence, None) == problem


def test_an_age_is_not_a_date():
    """"has died at the age of 87" tells no date: no "When has he died?" asked of it."""
    _, facts = read(9, "Lifeboat hero dies\n\nGeorge Ellerby, who served as coxswain of the "
                       "Filey lifeboat for 22 years, has died at the age of 87, his family "
                       "said on Tuesday.\n\nHe joined the crew of the town's lifeboat in "
                       "1956 and was appointed coxswain in 1973.")
    dated = [f.text for s in facts.sentences for f in s.facts if f.label in {"DATE", "TIME"}]
    assert "1956" in dated and not any("age of" in d for d in dated), dated


def test_a_number_word_option_takes_the_keys_case():
    """"Six flights were also cancelled" offers "six" beside the key "three", not "Six"."""
    from bot.quiz.facts import Fact
    from bot.quiz.generate import _as_cased

    key = Fact("three", "CARDINAL", 0, 5, "object", False)
    assert _as_cased("Six", key) == "six" and _as_cased("12", key) == "12"
    month = Fact("March", "DATE", 0, 5, "object", False)
    assert _as_cased("April", month) == "April"
