""""Who cut the ribbon?" answered with "She cut the ribbon ..." says who she is
(:mod:`bot.answering.referents`)."""

from __future__ import annotations

from bot.service import Footnote

OPENING = """Frailty unit opens in Ely

A new unit for frail older patients opened today at St Etheldreda's Hospital in Ely.

The unit was officially opened by Margaret Haddow, 91, a former ward sister who worked at \
the hospital from 1956 to 1994. She cut the ribbon alongside six pupils from a local school.

The unit cost £6.2 million and has 24 bays.
"""


def test_who_did_it_names_the_she_who_did(real_app: Footnote) -> None:
    real_app.add_text("ely", OPENING)
    answer = real_app.ask("ely", "who cut the ribbon")
    assert not answer.declined
    (cited,) = answer.citations
    assert cited.quote.startswith("The unit was officially opened by Margaret Haddow")
    assert cited.quote.endswith("alongside six pupils from a local school."), answer.text
    assert cited.answer_span is not None
    assert cited.quote[slice(*cited.answer_span)] == "Margaret Haddow"


def test_a_question_not_asking_who_did_it_is_not_read_so(real_app: Footnote) -> None:
    real_app.add_text("ely", OPENING)
    answer = real_app.ask("ely", "how much did the unit cost")
    assert all("Margaret Haddow" not in c.quote for c in answer.citations), answer.text
