"""Which questions ask what someone said or whether they hold a view
(:mod:`bot.answering.speech`); what the answer then quotes is tested with the real model
here and in ``test_answer_behaviour.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering.speech import _WHAT_THEY_SAID, asks_what_was_said
from bot.service import Footnote

VIEWS = Path(__file__).resolve().parent.parent / "bench" / "data" / "views_dev"


@pytest.mark.parametrize("question", [
    "what did the judge say", "What did the White House say?", "what does the rcn think",
    "what did the agents tell her when they took her son", "and what did he say about fines",
    "what do analysts think of the cuts?", "so what did the union say",
    "what is the harbourmaster worried about", "what are the shop owners concerned about",
    "why does he think the people might be different",
    "Why did the commission chair say they had to accept the increase?",
    "According to its spokesperson, what does the company spend its money on?",
    "how many jobs will go, according to the union",
    "is pauline confident in the flood defences", "does dave lister reckon they can still survive",
    "does the superintendent think it'll stop teachers leaving", "Does he think fines will work?",
    "is the harlington manager worried",
])
def test_asks_what_was_said(question: str) -> None:
    assert asks_what_was_said(question)


@pytest.mark.parametrize("question", [
    "did the boss say sorry", "how do researchers tell one cat from another",
    "who said that", "what is the fine", "when did she say it would reopen",
    "according to the article, what does the company spend its money on",
    "why did the council close the library", "is the bridge sure to reopen", "is it safe",
    "was anyone hurt", "did the council expect to pay",
])
def test_does_not_ask_what_was_said(question: str) -> None:
    assert not asks_what_was_said(question)


@pytest.mark.parametrize(("question", "pronoun"), [
    ("what did he say", "he"), ("and what did she say?", "she"), ("what does he think", "he"),
    ("what did she say after", "she"), ("what else did she say", "she"),
    ("and what more did he say?", "he")])
def test_what_did_he_say_names_the_pronoun(question: str, pronoun: str) -> None:
    asked = _WHAT_THEY_SAID.match(question)
    assert asked is not None and asked["pronoun"] == pronoun


@pytest.mark.parametrize("question", [
    "what did he say about fines", "what did the judge say", "what did they say", "who said that"])
def test_what_did_he_say_is_only_that(question: str) -> None:
    assert _WHAT_THEY_SAID.match(question) is None


@pytest.mark.model
def test_asked_whether_someone_holds_a_view_the_answer_reads_on_to_their_words(
        real_app: Footnote) -> None:
    """views_dev: the sentence that names her ("Pauline Harker, 68, spent eight months living
    in a caravan ...") is followed by her view in the next paragraph (stop 66)."""
    real_app.add_file("views", VIEWS / "millbeck-flood-warning.txt")
    answer = real_app.ask("views", "is pauline confident in the flood defences")
    quotes = [c.quote for c in answer.citations]
    assert any("I don't trust that wall one bit" in q for q in quotes), quotes
    assert len(quotes) <= 2


@pytest.mark.model
def test_a_view_quoted_in_their_own_words_is_not_read_back_from(real_app: Footnote) -> None:
    """views_dev: "does raj patel think the fines will work" quotes his words ("I don't think
    the fines will stop anyone ..."); the sentence before, about his shop, is not put first."""
    real_app.add_file("views", VIEWS / "ashbridge-parking-charges.txt")
    answer = real_app.ask("views", "does raj patel think the fines will work")
    assert answer.citations[0].quote.startswith('"I don\'t think the fines'), answer.text
