"""A yes-or-no question is answered with the short sentence that settles it
(:mod:`bot.answering.verdict`)."""

from __future__ import annotations

import pytest

from bot.answering.citations import citation_of
from bot.answering.more import article_sentences
from bot.answering.verdict import asks_yes_or_no, settled
from bot.models import Answer
from bot.service import Footnote

TRIAL = """The vaccine trial that almost failed

By Dana Whitfield

In May 2022, a 61-year-old participant in northern Wisconsin was hospitalized with a
rare nerve disorder, and the regulator put the trial on hold.

The investigation turned on a single fact that nobody inside the company was allowed to
know. Because the trial was blinded, neither the participant nor the researchers knew
whether she had received the vaccine or the placebo.

She had received the placebo.

The regulator lifted the hold on August 4, 2022, and enrolment resumed within a week.
"""

COLLAPSE = """Tunnel collapse inquiry reports

At 8:26 a.m. a section of the tunnel gave way beneath Mercer Avenue.

Underground, Luis Fernandes, a 38-year-old shotcrete operator from Brampton, was working
about 20 metres from the face of the collapse when the roof came down. He was killed
instantly, according to the coroner. Two other workers escaped through a side gallery with
minor injuries, and the inquiry later heard that the alarm had sounded eleven minutes before
the collapse.
"""


@pytest.mark.parametrize(("question", "expected"), [
    ("did anyone die in the collapse", True), ("was he hurt", True),
    ("Is it safe?", True), ("and did they find him", True),
    ("who died in the collapse", False), ("why did the fda put it on hold", False),
    ("what did she receive", False),
])
def test_which_questions_ask_yes_or_no(question: str, expected: bool) -> None:
    assert asks_yes_or_no(question) is expected


def _quoting(app: Footnote, library: str, text: str, question: str, opening: str) -> Answer:
    """The answer to ``question`` quoting the sentence of ``text`` that starts with
    ``opening`` alone, made settled."""
    app.add_text(library, text, actor="test")
    snapshot = app.library(library).snapshot()
    article = next(iter(snapshot.articles.values()))
    start, end = next((s, e) for s, e in article_sentences(snapshot, article.id)
                      if article.text.startswith(opening, s))
    cited = citation_of(snapshot, 1, article.id, start, end, None)
    assert cited is not None
    return settled(question, snapshot, Answer(question, f"{cited.quote} [1]", declined=False,
                                              citations=(cited,), confidence=0.9))


def test_the_settling_sentence_of_the_next_paragraph_is_quoted_too(app: Footnote) -> None:
    """"did the wisconsin woman actually get the vaccine" quoted only the sentence saying
    nobody knew; the next paragraph says which: a second citation."""
    answer = _quoting(app, "trial", TRIAL, "did the wisconsin woman actually get the vaccine",
                      "Because the trial was blinded")
    assert [c.n for c in answer.citations] == [1, 2]
    assert answer.citations[0].quote.startswith("Because the trial was blinded")
    assert answer.citations[1].quote == "She had received the placebo."
    assert "[2]" in answer.text


def test_the_settling_sentence_of_the_same_paragraph_joins_the_quote(app: Footnote) -> None:
    answer = _quoting(app, "tunnel", COLLAPSE, "did anyone die in the collapse", "Underground")
    assert len(answer.citations) == 1
    assert answer.citations[0].quote.startswith("Underground, Luis Fernandes")
    assert answer.citations[0].quote.endswith("He was killed instantly, according to the coroner.")


@pytest.mark.parametrize(("question", "opening"), [
    ("who was working near the face", "Underground"),  # not a yes-or-no question
    ("did the alarm sound", "He was killed"),  # the next sentence is long and names its own
])
def test_no_settling_sentence(app: Footnote, question: str, opening: str) -> None:
    """Only a yes-or-no question reads on, and only into a short sentence that goes on
    about the same thing ("He", "She", "Everything")."""
    answer = _quoting(app, "tunnel", COLLAPSE, question, opening)
    assert len(answer.citations) == 1 and answer.citations[0].quote.startswith(opening)
    assert answer.citations[0].quote.count(". ") == 0
