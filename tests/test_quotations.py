"""Quotations that run over two sentences (:mod:`bot.answering.quotations`)."""

from __future__ import annotations

import pytest

from bot.answering.quotations import continues_a_quotation, ends_a_quotation


@pytest.mark.parametrize(("sentence", "tail"), [
    ("Facebook ‘likes’?”", True),
    ('Abuse online."', True),
    ("“Abuse online.”", False),  # a whole quotation
    ("She said it was “abuse”.", False),
    ("He was expected to be released on Thursday, his family said.”", False),  # too long
])
def test_ends_a_quotation(sentence: str, tail: bool) -> None:
    assert ends_a_quotation(sentence) is tail


@pytest.mark.parametrize(("before", "sentence", "goes_on"), [
    ('"I\'d reported that exact hole two weeks earlier.',
     'It shouldn\'t take a broken bone to get a road fixed," she said.', True),
    ("He said: “We had about 10 minutes to get out.",
     "I grabbed the dog, my husband's medication and the photo albums,” Pruitt said.", True),
    ('She called it "abuse".', 'It was," she said.', False),  # closed where it opened
    ("The park opened on Monday.", 'It shouldn\'t," she said.', False),  # opened nowhere
    ('"We had ten minutes.', '"I grabbed the dog," she said.', False),  # a new quotation
    ('"We had ten minutes.', "The fire spread quickly.", False),  # no mark: not this rule
    ('He was "stunned", she said. "It spread fast.', 'It was gone," she said.', True),
])
def test_continues_a_quotation(before: str, sentence: str, goes_on: bool) -> None:
    assert continues_a_quotation(before, sentence) is goes_on
