"""Initialisms a question uses for a name the library only spells out ("nih" for "the
National Institutes of Health")."""

from __future__ import annotations

import pytest

from bot.answering import initialisms
from bot.answering.initialisms import _initials, spell_out_initialisms
from bot.service import Footnote

STUDY = """Walking after meals

A new study funded by a $4.2 million grant from the National Institutes of Health found
that a short walk after meals lowers blood sugar.

The Royal College of Nursing said its members had not taken the decision to strike lightly.
"""
COURT = """Fraud trial

The Department of Justice said the trial would start in March.
"""


MARKETS = """Shares close higher

Shares in Tesco rose after the Holder of the Thunderbolt award went to its chief
executive, Christopher Orr, who said the United States market was next.
"""


def test_a_runs_initials_are_those_of_its_capitalised_words_or_of_all_its_words() -> None:
    assert _initials("National Institutes of Health")[0] == "nih"
    assert _initials("Department of Justice") == ("dj", "doj")
    assert _initials("Organization for Security and Co-operation in Europe")[0] == "osce"


def test_an_initialism_is_read_as_the_name_the_library_spells_out(app: Footnote) -> None:
    app.add_text("study", STUDY, actor="test")
    snapshot = app.library("study").snapshot()
    assert spell_out_initialisms("how big is the nih grant", snapshot) == (
        "how big is the National Institutes of Health grant")
    assert spell_out_initialisms("What does the RCN say?", snapshot) == (
        "What does the Royal College of Nursing say?")


def test_words_the_library_holds_and_unmatched_ones_are_left_alone(app: Footnote) -> None:
    app.add_text("study", STUDY, actor="test")
    snapshot = app.library("study").snapshot()
    for question in ("who funded the study", "what does the bbc say", "is it a new grant"):
        assert spell_out_initialisms(question, snapshot) == question


def test_the_answer_quotes_the_name_and_keeps_the_question_as_asked(app: Footnote) -> None:
    app.add_text("study", STUDY, actor="test")
    answer = app.ask("study", "what does the rcn say")
    assert not answer.declined
    assert answer.question == "what does the rcn say"
    assert "Royal College of Nursing" in answer.citations[0].quote


def test_a_large_library_reads_the_articles_the_other_words_find(
    app: Footnote, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(initialisms, "SCAN_ALL_ARTICLES", 1)
    app.add_text("news", STUDY, actor="test")
    app.add_text("news", COURT, actor="test")
    snapshot = app.library("news").snapshot()
    assert spell_out_initialisms("when does the DOJ trial start", snapshot) == (
        "when does the Department of Justice trial start")


def test_everyday_words_are_not_read_as_initialisms(app: Footnote) -> None:
    """Words some run's letters happen to spell: lower case and short, lower case and
    spelled only with "in" / "of" counted, or part of a hyphenated word."""
    app.add_text("markets", MARKETS, actor="test")
    snapshot = app.library("markets").snapshot()
    for question in ("how do i train my dog to sit", "is it hot today",
                     "what did they tell us", "who was the co-producer",
                     "when does the doj trial start"):
        assert spell_out_initialisms(question, snapshot) == question
    assert spell_out_initialisms("did the US market rise", snapshot) == (
        "did the United States market rise")
    assert spell_out_initialisms("did the US tell us", snapshot) == (
        "did the United States tell us")
