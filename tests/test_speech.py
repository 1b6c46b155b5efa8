"""Which questions ask what someone said (:mod:`bot.answering.speech`); what the answer
then quotes is tested with the real model in ``test_answer_behaviour.py``."""

from __future__ import annotations

import pytest

from bot.answering.speech import asks_what_was_said


@pytest.mark.parametrize("question", [
    "what did the judge say", "What did the White House say?", "what does the rcn think",
    "what did the agents tell her when they took her son", "and what did he say about fines",
    "what do analysts think of the cuts?", "so what did the union say",
])
def test_asks_what_was_said(question: str) -> None:
    assert asks_what_was_said(question)


@pytest.mark.parametrize("question", [
    "did the boss say sorry", "how do researchers tell one cat from another",
    "who said that", "what is the fine", "when did she say it would reopen",
])
def test_does_not_ask_what_was_said(question: str) -> None:
    assert not asks_what_was_said(question)
