"""Which questions ask what someone said (:mod:`bot.answering.speech`); what the answer
then quotes is tested with the real model in ``test_answer_behaviour.py``."""

from __future__ import annotations

import pytest

from bot.answering.speech import _WHAT_THEY_SAID, asks_what_was_said


@pytest.mark.parametrize("question", [
    "what did the judge say", "What did the White House say?", "what does the rcn think",
    "what did the agents tell her when they took her son", "and what did he say about fines",
    "what do analysts think of the cuts?", "so what did the union say",
    "what is the harbourmaster worried about", "what are the shop owners concerned about",
    "why does he think the people might be different",
    "Why did the commission chair say they had to accept the increase?",
    "According to its spokesperson, what does the company spend its money on?",
    "how many jobs will go, according to the union",
])
def test_asks_what_was_said(question: str) -> None:
    assert asks_what_was_said(question)


@pytest.mark.parametrize("question", [
    "did the boss say sorry", "how do researchers tell one cat from another",
    "who said that", "what is the fine", "when did she say it would reopen",
    "according to the article, what does the company spend its money on",
    "why did the council close the library",
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
