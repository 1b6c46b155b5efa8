"""The grading table: typed answers with the mark a fair teacher would give.

One rule for every kind of question (multiple choice, fill in the blank, short
answer, true/false): case, punctuation, quotes, "the"/"a" and number words never
matter; one slip (a letter wrong, missing, added, or two letters swapped) is
forgiven in a word of 4+ letters (a name: 6+), two in an answer of 9+ letters,
unless what was typed is itself another real word, another name of the quiz or
another option; numbers must match in value. The real spaCy word list decides
what a real word is.
"""

from __future__ import annotations

import pytest

from bot.quiz.grade import grade
from tests.quiz.support import make_question

OPTIONS_PEOPLE = ("Martin Evans", "Simon Bailey", "Jane Ortiz", "Tom Reed")
SAME_SURNAME = ("Martin Evans", "Simon Bailey", "Jane Bailey", "Tom Reed")
OPTIONS_ORGS = ("Google", "the Government", "Facebook", "the Daily Telegraph")
TF = ("True", "False")

# (kind, answer, answer type, options, typed, expected mark)
TABLE: list[tuple[str, str, str, tuple[str, ...], str, bool]] = [
    # -- true/false: the words, their letters, yes/no, and one slip ----------------------
    ("true_false", "True", "PERSON", TF, "True", True),
    ("true_false", "True", "PERSON", TF, "true", True),
    ("true_false", "True", "PERSON", TF, "  TRUE ", True),
    ("true_false", "True", "PERSON", TF, "t", True),
    ("true_false", "True", "PERSON", TF, "T.", True),
    ("true_false", "True", "PERSON", TF, "yes", True),
    ("true_false", "True", "PERSON", TF, "Yes!", True),
    ("true_false", "True", "PERSON", TF, "y", True),
    ("true_false", "True", "PERSON", TF, "A", True),
    ("true_false", "True", "PERSON", TF, "ture", True),
    ("true_false", "True", "PERSON", TF, "treu", True),
    ("true_false", "True", "PERSON", TF, "tru", True),
    ("true_false", "True", "PERSON", TF, "false", False),
    ("true_false", "True", "PERSON", TF, "no", False),
    ("true_false", "True", "PERSON", TF, "F", False),
    ("true_false", "True", "PERSON", TF, "fasle", False),
    ("true_false", "True", "PERSON", TF, "tree", False),  # a real word, not a slip
    ("true_false", "True", "PERSON", TF, "maybe", False),
    ("true_false", "False", "ORG", TF, "False", True),
    ("true_false", "False", "ORG", TF, "f", True),
    ("true_false", "False", "ORG", TF, "no", True),
    ("true_false", "False", "ORG", TF, "N", True),
    ("true_false", "False", "ORG", TF, "B", True),
    ("true_false", "False", "ORG", TF, "fasle", True),
    ("true_false", "False", "ORG", TF, "flase", True),
    ("true_false", "False", "ORG", TF, "fals", True),
    ("true_false", "False", "ORG", TF, "falsee", True),
    ("true_false", "False", "ORG", TF, "true", False),
    ("true_false", "False", "ORG", TF, "yes", False),
    ("true_false", "False", "ORG", TF, "ture", False),
    # -- multiple choice: letter, number, option text, and the same slips as typed -------
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "B", True),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "b)", True),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "2", True),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "simon bailey", True),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "Bailey", True),
    ("multiple_choice", "Simon Bailey", "PERSON", SAME_SURNAME, "Bailey", False),  # which?
    ("multiple_choice", "Simon Bailey", "PERSON", SAME_SURNAME, "Simon Bailey", True),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "Simon Baily", True),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "A", False),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "Martin Evans", False),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "Evans", False),
    ("multiple_choice", "Simon Bailey", "PERSON", OPTIONS_PEOPLE, "E", False),
    ("multiple_choice", "the Government", "ORG", OPTIONS_ORGS, "the governmnet", True),
    ("multiple_choice", "the Government", "ORG", OPTIONS_ORGS, "Government", True),
    ("multiple_choice", "the Government", "ORG", OPTIONS_ORGS, "Googel", False),
    ("multiple_choice", "the Government", "ORG", OPTIONS_ORGS, "d", False),
    # -- fill in the blank / short answer: names ----------------------------------------
    ("fill_blank", "Simon Bailey", "PERSON", (), "Simon Bailey", True),
    ("fill_blank", "Simon Bailey", "PERSON", (), "Mr Bailey", True),
    ("fill_blank", "Simon Bailey", "PERSON", (), "bailey", True),
    ("fill_blank", "Simon Bailey", "PERSON", (), "Baily", True),
    ("fill_blank", "Simon Bailey", "PERSON", (), "Simon", False),
    ("fill_blank", "Simon Bailey", "PERSON", (), "Bailer", False),
    ("short_answer", "Dev Sandhu", "PERSON", (), "Sandhu, Dev", True),  # surname first
    ("short_answer", "Liam Fairclough", "PERSON", (), "Striker Liam Fairclough", True),
    ("fill_blank", "the Government", "ORG", (), "the governmnet", True),
    ("fill_blank", "the Government", "ORG", (), "Govenment", True),
    ("fill_blank", "the Government", "ORG", (), "the council", False),
    ("short_answer", "Norfolk", "GPE", (), "norfolk", True),
    ("short_answer", "Norfolk", "GPE", (), "Norflok", True),
    ("short_answer", "Norfolk", "GPE", (), "Suffolk", False),
    # -- numbers and dates: by value, a unit word from the sentence is fine -------------
    ("short_answer", "last month", "DATE", (), "Last month", True),
    ("short_answer", "last month", "DATE", (), "last mnoth", True),
    ("short_answer", "last month", "DATE", (), "last week", False),
    ("short_answer", "last month", "DATE", (), "a month ago", True),
    ("short_answer", "last week", "DATE", (), "one week ago", True),
    ("short_answer", "yesterday", "DATE", (), "the previous day", True),
    ("short_answer", "last week", "DATE", (), "a month ago", False),
    ("fill_blank", "2019", "DATE", (), "in 2019", True),
    ("fill_blank", "2019", "DATE", (), "2018", False),
    ("short_answer", "200", "CARDINAL", (), "two hundred", True),
    ("short_answer", "200", "CARDINAL", (), "200 jobs", True),
    ("short_answer", "200", "CARDINAL", (), "20", False),
    ("fill_blank", "£1.3bn", "MONEY", (), "1.3 billion pounds", True),
    ("fill_blank", "£1.3bn", "MONEY", (), "£1.4bn", False),
    ("fill_blank", "12%", "PERCENT", (), "twelve per cent", True),
    ("fill_blank", "12%", "PERCENT", (), "13%", False),
    ("short_answer", "14 November 2026", "DATE", (), "14/11/2026", True),  # day first
    ("short_answer", "14 November 2026", "DATE", (), "2026-11-14", True),  # ISO
    ("short_answer", "3 April 2026", "DATE", (), "4/3/2026", False),  # 4 March, not US
    # -- punctuation never matters: a possessive's apostrophe left out -------------------
    ("short_answer", "St Mary's", "ORG", (), "St Marys", True),
    ("short_answer", "William", "PERSON", (), "Williams", False),
    # -- a measure in any of its unit's forms, a time of day in any of its ----------------
    ("fill_blank", "250 metres", "QUANTITY", (), "250m", True),
    ("fill_blank", "7.5 tonnes", "QUANTITY", (), "7.5t", True),  # a bare "t" in tonnes
    ("short_answer", "two years", "DATE", (), "2 yrs", True),  # a span of time written short
    ("short_answer", "18 months", "DATE", (), "18 mths", True),
    ("short_answer", "90 minutes", "TIME", (), "90 mins", True),
    ("short_answer", "18 months", "DATE", (), "18 weeks", False),
    ("fill_blank", "250 metres", "QUANTITY", (), "250t", False),
    ("fill_blank", "250 metres", "QUANTITY", (), "250 meters", True),
    ("fill_blank", "250 metres", "QUANTITY", (), "25m", False),
    ("fill_blank", "£2.5m", "MONEY", (), "2.5m", True),  # a bare "m": million, here
    ("fill_blank", "£2.5m", "MONEY", (), "2.5 metres", False),
    ("short_answer", "12 kilograms", "QUANTITY", (), "12kg", True),
    ("short_answer", "7pm", "TIME", (), "19:00", True),
    ("short_answer", "7pm", "TIME", (), "7 p.m.", True),
    ("short_answer", "7pm", "TIME", (), "8pm", False),
    ("short_answer", "9.15am", "TIME", (), "9:15", True),
    ("short_answer", "7 hours", "TIME", (), "7:00", False),  # a length of time, no clock
    ("short_answer", "7pm", "TIME", (), "7", True),  # an hour alone: either half of the day
    ("short_answer", "7pm", "TIME", (), "seven o'clock", True),
    ("short_answer", "7pm", "TIME", (), "8", False),
    ("short_answer", "7pm", "TIME", (), "19", True),
    ("short_answer", "7am", "TIME", (), "19", False),
    ("short_answer", "7.30pm", "TIME", (), "7", False),
    ("short_answer", "12pm", "TIME", (), "noon", True),
    ("short_answer", "12pm", "TIME", (), "midnight", False),
    ("short_answer", "midnight", "TIME", (), "12am", True),
    ("short_answer", "7", "CARDINAL", (), "7 o'clock", False),  # no clock in the key
    ("multiple_choice", "7pm", "TIME", ("7am", "7pm", "8pm", "9pm"), "7", False),  # which?
    ("multiple_choice", "7pm", "TIME", ("7am", "7pm", "8pm", "9pm"), "7:00", False),
    ("multiple_choice", "7pm", "TIME", ("7am", "7pm", "8pm", "9pm"), "19:00", True),
    ("multiple_choice", "7pm", "TIME", ("6pm", "7pm", "8pm", "9pm"), "7", True),
    # -- a day: the time of day or "last" may be left out, never the day changed --------
    ("short_answer", "Thursday evening", "DATE", (), "Thursday", True),
    ("short_answer", "Thursday evening", "DATE", (), "thurs", True),
    ("short_answer", "Thursday evening", "DATE", (), "Thursday morning", False),
    ("short_answer", "Thursday evening", "DATE", (), "evening", False),
    ("short_answer", "Thursday evening", "DATE", (), "Wednesday", False),
    ("short_answer", "Thursday", "DATE", (), "Thursday evening", False),  # not in the quote
    ("short_answer", "last Friday", "DATE", (), "Friday", True),
    ("short_answer", "last Friday", "DATE", (), "next Friday", False),  # "next" is quoted
    ("short_answer", "Monday and Tuesday", "DATE", (), "Monday", False),
    ("multiple_choice", "Thursday evening", "DATE", ("Thursday morning", "Thursday evening",
                                                     "Friday evening", "Friday morning"),
     "Thursday", False),  # the options differ by the time of day: the day is not enough
    ("multiple_choice", "Thursday evening", "DATE", ("Wednesday evening", "Thursday evening",
                                                     "Friday evening", "Monday evening"),
     "Thursday", True),
    # -- names shortened as they usually are -------------------------------------------
    ("short_answer", "Kendal United", "ORG", (), "Kendal Utd", True),
    ("short_answer", "Kendal Town", "ORG", (), "Kendal Utd", False),
    ("short_answer", "Oxford Street", "FAC", (), "Oxford St", True),
    ("short_answer", "Oxford Street", "FAC", (), "Oxford Rd", False),
    ("short_answer", "Mount Everest", "LOC", (), "Mt Everest", True),
    ("short_answer", "County Durham", "GPE", (), "Co Durham", True),
    ("short_answer", "Marks & Spencer", "ORG", (), "Marks and Spencer", True),
    ("short_answer", "St Mary's Hospital", "FAC", (), "Saint Marys Hospital", True),
    # -- noun phrases --------------------------------------------------------------------
    ("fill_blank", "commercial clout", "PHRASE", (), "the commercial clout", True),
    ("fill_blank", "commercial clout", "PHRASE", (), "comercial clout", True),
    ("fill_blank", "commercial clout", "PHRASE", (), "commercial clot", False),
    ("fill_blank", "huge fines", "PHRASE", (), "huge fins", False),  # "fins" is a word
    ("fill_blank", "huge fines", "PHRASE", (), "huge finds", False),
    ("short_answer", "a “drop in the ocean”", "PHRASE", (), "drop in the ocean", True),
    ("short_answer", "a “drop in the ocean”", "PHRASE", (), "a drop in the sea", False),
    # -- nothing typed -------------------------------------------------------------------
    ("fill_blank", "Simon Bailey", "PERSON", (), "   ", False),
    ("true_false", "True", "PERSON", TF, "", False),
]


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 60
    assert {row[0] for row in TABLE} == {"true_false", "multiple_choice", "fill_blank",
                                          "short_answer"}


@pytest.mark.parametrize(("kind", "answer", "answer_type", "options", "given", "expected"),
                         TABLE, ids=[f"{r[0]}:{r[1]}:{r[4]!r}" for r in TABLE])
def test_grading_table(kind: str, answer: str, answer_type: str, options: tuple[str, ...],
                       given: str, expected: bool) -> None:
    rejected = tuple(o for o in options if o != answer and kind == "multiple_choice")
    quote = {"200": "Mayor Jane Ortiz said the plan would bring 200 jobs to the town.",
             "last Friday": "They met last Friday and will meet again next week.",
             "Thursday": "The fire broke out on Thursday."}
    question = make_question(answer, answer_type, kind, options=options, rejected=rejected,
                             quote=quote.get(answer))
    verdict = grade(given, question, encoder=None)
    assert verdict.correct is expected, verdict
