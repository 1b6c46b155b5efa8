"""A question or a heading printed in an article is not quoted as the answer: the sentence
after it is (:mod:`bot.answering.headings`)."""

from __future__ import annotations

import pytest

from bot.answering.headings import is_heading_or_question
from bot.service import Footnote


@pytest.mark.parametrize(("sentence", "paragraph"), [
    ("Who do you admire in local politics?", "Who do you admire in local politics?"),
    ("How much will it cost?", "How much will it cost?"),
    ("So why did the council act?", "So why did the council act? Money, mostly."),
    ("Media contact", "Media contact"),
    ("Parking in council car parks will cost more", "Parking in council car parks will cost more"),
])
def test_questions_and_headings(sentence: str, paragraph: str) -> None:
    assert is_heading_or_question(sentence, paragraph)


@pytest.mark.parametrize(("sentence", "paragraph"), [
    ("“Why should we pay?” she asked.", "“Why should we pay?” she asked."),
    ("Facebook ‘likes’?”", "He said: “In the name of what? Facebook ‘likes’?”"),
    ("The council approved the plan.", "The council approved the plan."),
    ("- Zone A: two hours", "- Zone A: two hours"),
    ("2. Zone B, four hours", "2. Zone B, four hours"),
    ("Prices rise in March", "Prices rise in March. Zone C gets cheaper."),  # not alone
    ("Prices will rise in Zone A and fall in Zone C from March, the council said on Monday",
     "Prices will rise in Zone A and fall in Zone C from March, the council said on Monday"),
])
def test_not_questions_or_headings(sentence: str, paragraph: str) -> None:
    assert not is_heading_or_question(sentence, paragraph)


INTERVIEW = """Stroud's new mayor on shops and buses

Helen Marchetti was elected mayor of Stroud Town Council on Tuesday. She spoke to our \
reporter two days after taking office.

Who do you admire in local politics?

My predecessor, Rob Fenwick, who did two years in a row and never once lost his temper in \
a meeting.

What will you do about empty shops?

We have set aside £40,000 for a pop-up shop scheme in this year's budget.

Media contact

For interviews, contact Tom Askew, communications officer, Stroud Town Council.
"""


def test_an_interviewers_question_is_not_the_answer(real_app: Footnote) -> None:
    """The interviewer's question matches the words best; the answer is the reply."""
    real_app.add_text("stroud", INTERVIEW)
    answer = real_app.ask("stroud", "wich local politician does she admire")
    assert not answer.declined
    assert answer.citations[0].quote.startswith("My predecessor, Rob Fenwick"), answer.text
    assert all(not c.quote.endswith("?") for c in answer.citations), answer.text


def test_a_heading_is_not_the_answer_and_the_span_moves_to_what_follows(
        real_app: Footnote) -> None:
    real_app.add_text("stroud", INTERVIEW)
    answer = real_app.ask("stroud", "whos the press contact")
    assert not answer.declined
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert all(c.quote != "Media contact" for c in answer.citations), answer.text
    first = answer.citations[0]
    assert first.quote.startswith("For interviews, contact Tom Askew"), answer.text
    assert first.answer_span is not None
    assert first.quote[slice(*first.answer_span)] == "Tom Askew"


FACT_BOX = """Everton sign Sweden striker Mateo Lindqvist

Everton have signed the Sweden striker Mateo Lindqvist from Benfica for an initial fee of \
£41 million, the club said on Tuesday.

Fact box: Mateo Lindqvist

- Born: 9 March 2001, Malmö, Sweden

- Height: 1.91m

- Position: Centre-forward

The 24-year-old has agreed a five-year contract and completed a medical on Monday.
"""


def test_a_list_item_is_not_a_heading(real_app: Footnote) -> None:
    """A fact box's line, quoted without its "- ", answers; the line after it does not
    replace it as if it were a heading."""
    real_app.add_text("everton", FACT_BOX)
    answer = real_app.ask("everton", "when was lindqvist born")
    assert not answer.declined
    assert answer.citations[0].quote == "Born: 9 March 2001, Malmö, Sweden", answer.text
