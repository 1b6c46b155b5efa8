"""Initialisms a question uses for a name the library only spells out ("nih" for "the
National Institutes of Health")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answering import initialisms
from bot.answering.initialisms import _initials, add_initials, spell_out_initialisms
from bot.library import Snapshot
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


def _snapshot(app: Footnote, library: str, *texts: str) -> Snapshot:
    """The snapshot of ``library`` after adding ``texts`` to it."""
    for text in texts:
        app.add_text(library, text, actor="test")
    return app.library(library).snapshot()


def _unchanged(read: Callable[[str, Snapshot], str], snapshot: Snapshot,
               questions: tuple[str, ...]) -> None:
    for question in questions:
        assert read(question, snapshot) == question


def test_a_runs_initials_are_those_of_its_capitalised_words_or_of_all_its_words() -> None:
    assert _initials("National Institutes of Health")[0] == "nih"
    assert _initials("Department of Justice") == ("dj", "doj")
    assert _initials("Organization for Security and Co-operation in Europe")[0] == "osce"


def test_an_initialism_is_read_as_the_name_the_library_spells_out(app: Footnote) -> None:
    snapshot = _snapshot(app, "study", STUDY)
    assert spell_out_initialisms("how big is the nih grant", snapshot) == (
        "how big is the National Institutes of Health grant")
    assert spell_out_initialisms("What does the RCN say?", snapshot) == (
        "What does the Royal College of Nursing say?")


def test_words_the_library_holds_and_unmatched_ones_are_left_alone(app: Footnote) -> None:
    snapshot = _snapshot(app, "study", STUDY)
    _unchanged(spell_out_initialisms, snapshot,
               ("who funded the study", "what does the bbc say", "is it a new grant"))


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
    snapshot = _snapshot(app, "news", STUDY, COURT)
    assert spell_out_initialisms("when does the DOJ trial start", snapshot) == (
        "when does the Department of Justice trial start")


def test_everyday_words_are_not_read_as_initialisms(app: Footnote) -> None:
    """Words some run's letters happen to spell: lower case and short, lower case and
    spelled only with "in" / "of" counted, or part of a hyphenated word."""
    snapshot = _snapshot(app, "markets", MARKETS)
    _unchanged(spell_out_initialisms, snapshot, (
        "how do i train my dog to sit", "is it hot today", "what did they tell us",
        "who was the co-producer", "when does the doj trial start"))
    assert spell_out_initialisms("did the US market rise", snapshot) == (
        "did the United States market rise")
    assert spell_out_initialisms("did the US tell us", snapshot) == (
        "did the United States tell us")


RECALL = """Slow cooker lids recalled

LOS ANGELES (AP) — About 1.1 million slow cookers were recalled Thursday because their
glass lids can shatter, the U.S. Consumer Product Safety Commission said.

The company has received 127 reports of lids breaking, the agency said.

Teresa Molina, of the advocacy group Consumer Watch, said the public should have been warned
months ago about the danger.

A CPSC spokesman, Alan Brooks, said the agency does not comment on the timing of recalls.

Officers of the Los Angeles Police Department were not involved, an LAPD sergeant said.

The New York store that sold most of them, NYC Kitchen, had no comment.
"""
SAFETY = """Toy safety report

The Consumer Product Safety Commission said toy injuries fell last year.
"""


def test_a_body_spelled_out_is_read_as_the_initials_its_article_calls_it_by(
    app: Footnote,
) -> None:
    """US wire copy names an agency once, then quotes "a CPSC spokesman": a question
    spelling the name out reads as the initials (fails without :func:`add_initials`:
    the first sentence, holding every word of the name, was quoted)."""
    snapshot = _snapshot(app, "recall", RECALL)
    question = "what did the consumer product safety commission say about the timing"
    assert add_initials(question, snapshot) == "what did the CPSC say about the timing"
    answer = app.ask("recall", question)
    assert answer.question == question
    assert answer.citations[0].quote.startswith("A CPSC spokesman, Alan Brooks, said")


def test_only_bodies_named_before_their_initials_are_read_so(app: Footnote) -> None:
    """Not the agency of a dateline ("(AP)") nor a place ("New York": "NY"); nor when the
    question uses the initials already."""
    snapshot = _snapshot(app, "recall", RECALL)
    _unchanged(add_initials, snapshot, (
        "what did the cpsc say", "what did the CPSC spokesman say",
        "what did los angeles police say", "which new york store sold them",
        "what did the consumer watch group say"))
    assert add_initials("did the los angeles police department comment", snapshot) == (
        "did the LAPD comment")


def test_a_name_another_article_spells_out_keeps_it_beside_the_initials(
    app: Footnote,
) -> None:
    snapshot = _snapshot(app, "news", RECALL, SAFETY)
    assert add_initials("what did the consumer product safety commission say", snapshot) == (
        "what did the consumer product safety commission (CPSC) say")
