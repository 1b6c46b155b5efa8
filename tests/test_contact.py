"""Questions that ask how to reach someone ("what's the phone number for the recall")
are answered with the sentence giving the number or address, marked in it."""

from __future__ import annotations

import pytest

from bot.answering.contact import PHONE, WEB, asked_contact
from bot.service import Footnote

RECALL = """Slow cooker lids recalled

About 1.1 million slow cookers were recalled Thursday because their glass lids can shatter,
the Consumer Product Safety Commission said.

The affected cookers have model numbers SC6-200 and SC8-300 and date codes between 2131 and
2420 printed on the bottom of the base.

Consumers can request a replacement lid at hearthpro.com/recall or by calling 800-555-0142
from 8 a.m. to 8 p.m. ET Monday through Friday.

The company has received 127 reports of lids breaking, the agency said.
"""
FLOOD = """River levels fall in York

River levels in York fell on Sunday after a week of flooding, the Environment Agency said.

Residents were told to keep away from the riverside paths until they had been cleared.
"""


def _marked(answer) -> str:  # type: ignore[no-untyped-def]
    citation = answer.citations[0]
    assert citation.answer_span is not None
    return citation.quote[citation.answer_span[0]:citation.answer_span[1]]


@pytest.mark.parametrize(("question", "marked"), [
    ("whats the phone number for the recal", "800-555-0142"),
    ("what number do i call", "800-555-0142"),
    ("what is the website for the recall", "hearthpro.com/recall"),
    ("how do i contact them about the lids", "hearthpro.com/recall"),
])
def test_the_number_or_address_asked_for_is_quoted_and_marked(
        app: Footnote, question: str, marked: str) -> None:
    """Before, "whats the phone number for the recal" quoted the model numbers."""
    app.add_text("recall", RECALL, actor="test")
    answer = app.ask("recall", question)
    assert not answer.declined and not answer.hedged
    assert answer.citations[0].quote.startswith("Consumers can request a replacement lid")
    assert _marked(answer) == marked


def test_a_number_of_another_story_is_not_given(app: Footnote) -> None:
    """The question's other words decide which passages may give the number: a flood
    hotline is not in a story about a recall, nor the recall's number in a flood story."""
    app.add_text("recall", RECALL, actor="test")
    assert "800-555-0142" not in app.ask(
        "recall", "whats the phone number for the flood hotline").text
    app.add_text("news", RECALL, actor="test")
    app.add_text("news", FLOOD, actor="test")
    assert "800-555-0142" not in app.ask(
        "news", "what number do i call about the york flooding").text


def test_a_website_asked_by_name_is_no_address_question() -> None:
    for question in ("Which website criticized Apple's battery life claims?",
                     "Jay Z has a website called what?", "What is the website called?",
                     "how many numbers did they call", "what did the email say"):
        assert not asked_contact(question), question
    assert asked_contact("whats the web address") == {"web"}
    assert asked_contact("phone number for the council") == {"phone"}
    assert asked_contact("how can residents get in touch") == {"phone", "email", "web"}


@pytest.mark.parametrize("text", [
    "800-555-0142", "(800) 555-0142", "1-800-555-0199", "0800 123 4567", "+44 20 7946 0958",
    "01632 960 480"])
def test_telephone_numbers(text: str) -> None:
    assert PHONE.fullmatch(text)


@pytest.mark.parametrize("text", [
    "a 71-68 win", "12 500 000 people", "between 2131 and 2420", "in 2020-2021", "SC6-200"])
def test_scores_counts_and_years_are_no_telephone_numbers(text: str) -> None:
    assert not PHONE.search(text)


def test_web_addresses() -> None:
    assert WEB.search("visit www.example.org/help.").group() == "www.example.org/help."
    assert WEB.search("at hearthpro.com/recall or").group() == "hearthpro.com/recall"
    assert not WEB.search("the U.S. Senate in Washington, D.C.")


def test_in_a_conversation_the_previous_answers_story_gives_the_number(app: Footnote) -> None:
    """"whats the phone number?" after an answer about the recall, in a library of two
    stories: the recall's number (before, a sentence of model numbers, hedged); the other
    story's words still go the usual way."""
    from bot.conversation import Turn

    app.add_text("news", RECALL, actor="test")
    app.add_text("news", FLOOD, actor="test")
    first = app.ask("news", "why were the slow cookers recalled")
    answer = app.ask("news", "whats the phone number", previous=Turn.of(first))
    assert not answer.hedged and _marked(answer) == "800-555-0142"
    other = app.ask("news", "whats the number for the york flood line", previous=Turn.of(first))
    assert "800-555-0142" not in other.text
