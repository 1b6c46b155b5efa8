"""Questions asking what to do ("what should i do if i have one") are answered with the
sentence that gives the advice, to whom the question asks about."""

from __future__ import annotations

import pytest

from bot.answering.advice import ADVICE, advice_answer, asked_advice
from bot.service import Footnote

RECALL = """Slow cooker lids recalled

About 1.1 million slow cookers were recalled Thursday because their glass lids can shatter.

Two people needed stitches, according to the notice.

Teresa Molina, of the advocacy group Consumer Watch, said the public should have been
warned months ago.

Consumers should immediately stop using the lids and contact the company for a free
replacement lid, the safety commission said.
"""
BREACH = """Fitness app data breach

The fitness app StrideLoop said Thursday that hackers had stolen the email addresses of
4 million users.

"Protecting our members' data is our highest priority, and we fell short," the chief
executive said.

The company is urging all users to change their passwords and to turn on two-factor
authentication.
"""

TIDE = """Walkers cut off by the tide

Two walkers were rescued from a beach near Padstow after being cut off by the tide.

The coastguard said there had been 14 incidents of people cut off by the tide this summer,
and urged visitors to check tide tables before walking below cliffs.

It said anyone in trouble at the coast should call 999 and ask for the coastguard.
"""


@pytest.mark.parametrize(("library", "text", "question", "start"), [
    ("recall", RECALL, "what should i do if i have one", "Consumers should immediately"),
    ("recall", RECALL, "what should people do", "Consumers should immediately"),
    ("recall", RECALL, "what are consumers told to do", "Consumers should immediately"),
    ("breach", BREACH, "what should users do to protect themselves", "The company is urging"),
    ("breach", BREACH, "how can users protect themselves", "The company is urging"),
    ("tide", TIDE, "what should you do if you get cut off by the tide", "It said anyone"),
])
def test_the_advice_is_quoted(app: Footnote, library: str, text: str, question: str,
                              start: str) -> None:
    """Before, "what should i do if i have one" was refused and "what should users do to
    protect themselves" quoted the chief executive's "Protecting our members' data ..."."""
    app.add_text(library, text, actor="test")
    answer = app.ask(library, question)
    assert not answer.declined and not answer.hedged
    assert answer.citations[0].quote.startswith(start)


PENSION = """State pension age to rise to 68 a decade early

Millions of people will have to wait longer for their state pension, the government
confirmed.

The change applies to anyone born on or after 6 April 1970. So who is affected, and what
should you do?

The first step is to check your own state pension age using the government's online
calculator.

People approaching retirement should speak to the free guidance service before making any
decision.
"""


def test_the_articles_own_question_is_no_advice(app: Footnote) -> None:
    """A pensions explainer asks "what should you do?" of its readers before it says; that
    question was quoted as the advice."""
    app.add_text("pension", PENSION, actor="test")
    answer = app.ask("pension", "what should i do")
    assert not answer.declined
    assert answer.citations[0].quote.startswith("People approaching retirement should")


def test_advice_for_something_else_is_not_given(app: Footnote) -> None:
    """The question's other words decide which passages may give the advice; in a library
    of several articles, which article's advice is meant is the usual answer's to find
    (a follow-up reads the article the previous answer quoted)."""
    app.add_text("recall", RECALL, actor="test")
    answer = app.ask("recall", "what should i do about the flood warning")
    assert not answer.citations or not answer.citations[0].quote.startswith("Consumers")
    app.add_text("news", RECALL, actor="test")
    app.add_text("news", BREACH, actor="test")
    snapshot = app.library("news").snapshot()
    assert advice_answer("what should i do", snapshot) is None
    breach = next(a.id for a in snapshot.articles.values() if a.title.startswith("Fitness"))
    found = advice_answer("what should i do", snapshot, article_id=breach)
    assert found is not None and found.citations[0].quote.startswith("The company is urging")


def test_which_questions_ask_what_to_do() -> None:
    assert asked_advice("what should users do to protect themselves") == "users"
    assert asked_advice("what are residents being told to do") == "residents"
    assert asked_advice("how can i protect my scooter") == "i"
    for question in ("what did they do", "what does the company do", "what should happen next",
                     "who should pay"):
        assert asked_advice(question) is None, question


def test_a_judgement_on_the_past_is_no_advice() -> None:
    assert not ADVICE.search("the public should have been warned months ago")
    assert not ADVICE.search("it would seek urgent talks to protect jobs")
    assert ADVICE.search("Police advised owners to register their scooters")
    assert ADVICE.search("We're asking people to stay off the roads")


def test_in_a_conversation_the_previous_answers_story_gives_the_advice(app: Footnote) -> None:
    from bot.conversation import Turn

    app.add_text("news", RECALL, actor="test")
    app.add_text("news", BREACH, actor="test")
    first = app.ask("news", "why were the slow cookers recalled")
    answer = app.ask("news", "what should i do", previous=Turn.of(first))
    assert answer.citations[0].quote.startswith("Consumers should immediately")


SMOKE = """Fire at recycling plant

A large fire has broken out at a recycling plant in Brayford, sending smoke across the town.

Anyone who feels unwell is being asked to call NHS 111 rather than going to A&E.

Air quality monitors have recorded no dangerous levels of pollutants. However, the council
is still advising people with asthma or other breathing problems to stay indoors.
"""


def test_advice_naming_what_the_question_names_comes_first(app: Footnote) -> None:
    """"i have asthma what should i do": the advice to people with asthma, though the one
    advised is described at length and other advice comes first in the story; asked for
    no one in particular, the first advice (shapes_dev's live blog, stop 57)."""
    app.add_text("smoke", SMOKE)
    asthma = advice_answer("i have asthma what should i do", app.library("smoke").snapshot())
    assert asthma is not None and asthma.citations[0].quote.startswith("However, the council")
    anyone = advice_answer("what should i do", app.library("smoke").snapshot())
    assert anyone is not None and anyone.citations[0].quote.startswith("Anyone who feels")


STORM = """Amber warning as Storm Perpetua nears

The county council said head teachers would decide by 7am on Monday whether their schools
should close.

The forecasting service advised people to tie down or bring in garden furniture and
wheelie bins, and keep a torch at home before the storm arrives.
"""


def test_should_in_a_question_put_indirectly_is_no_advice(app: Footnote) -> None:
    """"head teachers would decide ... whether their schools should close" tells no one
    what to do (beats_dev's storm warning, stop 58): the advice is the forecasters'."""
    app.add_text("storm", STORM)
    found = advice_answer("what should i do to get my house ready for the storm",
                          app.library("storm").snapshot())
    assert found is not None
    assert found.citations[0].quote.startswith("The forecasting service advised")
