"""The quiz benchmark's count of questions calling someone only "he" or "she"
(``bench/quiz_quality.py``): a pronoun after a person the question names is not bare."""

from __future__ import annotations

import pytest

from bench.quiz_quality import bare_pronoun
from bot.nlp import get_nlp


@pytest.mark.parametrize(("question", "bare"), [
    ("Who did he rule out working with?", True),
    ("True or false? She was not raised in a Methodist household.", True),
    ("Fill in the blank: Born and raised in Houston, Texas, she performed _____.", True),
    ("True or false? Mr Okafor said he was proud of what we delivered.", False),
    ("True or false? Beyoncé stated that she struggled to speak about it.", False),
    ("Fill in the blank: [Simon Bailey] said he would not work with _____.", False),
    ('What did the judge call the theft? "He knew what he was doing," she said.', True),
    ('Fill in the blank: "He was a hero," said Tom Raine, 58, of the _____.', False),
    ("When was the pub sold?", False),
])
def test_a_pronoun_after_a_named_person_is_not_bare(question: str, bare: bool) -> None:
    assert bare_pronoun({"question": question}, get_nlp()) is bare
