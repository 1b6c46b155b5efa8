"""A question or a heading printed in an article is not quoted as the answer: the sentence
after it is (:mod:`bot.answering.headings`)."""

from __future__ import annotations

import pytest

from bot.answering.headings import _REPLY, is_heading_or_question
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


FAQ = """Rail strikes: what you need to know

Rail workers at Southern Counties will strike on three days next month, the RWU union \
said on Monday, after talks over pay broke down.

Quick guide

Strikes: key points

What happens to my ticket?

Tickets for a strike day can be used the day before or up to two days after it.

Can I get a refund?

Yes. If you have an advance, off-peak or anytime ticket for a strike day, you can get a \
full refund from the place you bought it, with no admin fee.

Season ticket holders can claim compensation through Delay Repay for each strike day.
"""


def test_a_bare_yes_is_quoted_with_what_it_says_yes_to(real_app: Footnote) -> None:
    """"Yes." alone answers nothing: the sentence after it is quoted with it, once."""
    real_app.add_text("rail", FAQ)
    answer = real_app.ask("rail", "can i get my money back")
    assert not answer.declined
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].startswith("Yes. If you have an advance"), answer.text
    assert sum("full refund" in q for q in quotes) == 1, quotes


def test_headings_in_a_row_are_passed(real_app: Footnote) -> None:
    """A box's title, its heading and its first question: none is the answer."""
    real_app.add_text("rail", FAQ)
    answer = real_app.ask("rail", "strikes key points")
    assert not answer.declined
    first = answer.citations[0].quote
    assert not first.endswith("?") and first not in {"Quick guide", "Strikes: key points"}, \
        answer.text


TRANSCRIPT = """Halden warehouse fire: press conference

The following is a transcript of a press conference held at Halden Fire Station on \
Wednesday morning.

CHIEF FIRE OFFICER ADEYEMI: Crews were called to the warehouse on Millbrook Road at \
11.40pm and the fire is now under control.

REPORTER (BBC): Is the smoke toxic? People who live nearby are very worried about \
their health this morning.

CHIEF FIRE OFFICER ADEYEMI: It's a fair question. The Environment Agency has been \
monitoring air quality through the night, and the readings have been within safe limits.
"""


def test_a_reporters_question_is_not_the_answer(real_app: Footnote) -> None:
    """In a transcript the reporter's words match the question best; the reply is quoted,
    its first two sentences ("It's a fair question." says nothing alone)."""
    real_app.add_text("halden", TRANSCRIPT)
    answer = real_app.ask("halden", "is the smoke toxic")
    assert not answer.declined
    first = answer.citations[0].quote
    assert "REPORTER" not in first and "safe limits" in first, answer.text


@pytest.mark.parametrize(("sentence", "reply"), [
    ("Yes.", True), ("CHIEF FIRE OFFICER ADEYEMI: No.", True), ("No, not yet.", True),
    ("No one was hurt.", False), ("Yes we can build it by May.", False)])
def test_a_bare_reply_and_a_sentence_that_starts_like_one(sentence: str, reply: bool) -> None:
    assert (_REPLY.fullmatch(sentence) is not None) is reply


SCHOOLS_INTERVIEW = """Q&A: New schools chief Renee Castellano on budget cuts

By Marcus Delgado

Renee Castellano took over as superintendent of the Lake Harmon school district on July 1.

Q: How bad is the budget?

A: We're looking at a $14 million gap for next year, out of a general fund of about $210 million.

Q: What about layoffs?

A: I don't expect to lay off teachers. Where we will look first is the central office.

Q: Do you have kids? Will they attend district schools?

A: Yes. My son is going into 10th grade at Lake Harmon High, and my daughter starts at
Crestview Middle.
"""


def test_an_interviewers_question_sharing_no_word_is_not_what_is_answered(real_app) -> None:
    """"will teachers get fired": the interviewer's "Will they attend district schools?"
    ranked first for its form, and its answer ("Yes. My son is going into 10th grade ...")
    was quoted; now the reply about laying off teachers is (shapes_dev, stop 57)."""
    real_app.add_text("qa", SCHOOLS_INTERVIEW)
    answer = real_app.ask("qa", "will teachers get fired")
    assert "lay off teachers" in answer.citations[0].quote, answer.text
