"""Grading: fair to spelling and form, never fooled by a look-alike name or number."""

from __future__ import annotations

import os
import random
import string
from pathlib import Path

import pytest

from bot.embed import SentenceTransformerEncoder
from bot.quiz.grade import MAX_ANSWER_CHARS, SEMANTIC_THRESHOLD, grade, number_values
from bot.quiz.item import QuizQuestion
from bot.quiz.text import damerau_levenshtein, normalise
from tests.fakes import HashingEncoder

VOCAB = frozenset(
    "chair air hair police chief constable barley fines huge big small the dark web net "
    "images pictures bailer".split()
)


def make(answer: str, answer_type: str = "PERSON", kind: str = "fill_blank", *,
         options: tuple[str, ...] = (), accepted: tuple[str, ...] = (),
         rejected: tuple[str, ...] = ()) -> QuizQuestion:
    """A hand-made question; only the fields the grader reads matter."""
    return QuizQuestion(
        id="q1", kind=kind, question="?", options=options, answer=answer, accepted=accepted,
        answer_type=answer_type, article_id=1, title="T", paragraph=1, quote=answer,
        quote_start=0, quote_end=len(answer), fact=answer, fact_start=0,
        fact_end=len(answer), rejected=rejected,
    )


def ok(given: str, question: QuizQuestion, encoder=None, vocabulary=VOCAB) -> bool:
    return grade(given, question, encoder=encoder, vocabulary=vocabulary).correct


# -- normalising ------------------------------------------------------------------------

@pytest.mark.parametrize("given", [
    "Simon Bailey", "simon bailey", "SIMON BAILEY", "  Simon   Bailey ", "Simon Bailey!",
    "Simon Bailey.", "“Simon Bailey”", "Simon Bailey’s", "Mr Simon Bailey",
])
def test_case_punctuation_quotes_whitespace(given):
    assert ok(given, make("Simon Bailey"))


@pytest.mark.parametrize(("given", "answer", "kind"), [
    ("the Government", "Government", "ORG"), ("Government", "the Government", "ORG"),
    ("a dark web", "the dark web", "PHRASE"), ("The BBC", "BBC", "ORG"),
])
def test_articles_are_ignored(given, answer, kind):
    assert ok(given, make(answer, kind))


# -- names ----------------------------------------------------------------------------------

def test_surname_alone_passes_for_a_person():
    q = make("Simon Bailey")
    assert ok("Bailey", q) and ok("Mr Bailey", q) and ok("bailey", q)
    verdict = grade("Bailey", q, encoder=None, vocabulary=VOCAB)
    assert verdict.score == 1.0 and "surname" in verdict.reason
    assert not ok("Simon", q)  # a first name is not enough
    assert not ok("Smith", q)


def test_regnal_names_need_the_number():
    q = make("Charles III")
    assert ok("Charles III", q) and ok("King Charles III", q)
    assert not ok("Charles", q) and not ok("Charles II", q)


def test_small_typos_in_long_names_pass():
    q = make("Simon Bailey")
    assert ok("Simon Baily", q) and ok("Simon Bialey", q) and ok("Baily", q)
    assert not ok("Simon Baxter", q)
    assert ok("Normady", make("Normandy", "GPE"))
    assert not ok("Normandie", make("Normandy", "GPE"))  # two slips: too far for a name


@pytest.mark.parametrize(("given", "answer", "kind"), [
    ("chair", "air", "PHRASE"), ("hair", "air", "PHRASE"), ("Baile", "Bail", "PERSON"),
    ("Kent", "Kant", "PERSON"), ("May", "Max", "PERSON"),
])
def test_short_answers_need_an_exact_match(given, answer, kind):
    assert not ok(given, make(answer, kind))
    assert ok(answer, make(answer, kind))


def test_wrong_name_similar_in_form_is_rejected():
    # another name of the quiz (a distractor or another entity of the article)
    q = make("Lawson", rejected=("Dawson", "Theresa May"))
    assert ok("Lawsen", q)
    verdict = grade("Dawson", q, encoder=None, vocabulary=VOCAB)
    assert not verdict.correct and "different name" in verdict.reason
    # closer to a rejected name than to the answer
    assert not ok("Dawsen", make("Lawson", rejected=("Dawson",)))
    # a real word is not a typo of a name
    assert not ok("Bailer", make("Bailey"))
    assert not ok("Barley", make("Marley"))
    # a different well-known place is not a typo
    assert not ok("Suffolk", make("Norfolk", "GPE"))
    assert not ok("Austria", make("Australia", "GPE"))
    # organisations: no meaning match, however close the meaning
    enc = HashingEncoder()
    assert not ok("Facebook", make("Google", "ORG"), encoder=enc)


def test_default_vocabulary_knows_english_words():
    assert not grade("Barley", make("Marley"), encoder=None).correct
    assert grade("Marly", make("Marley"), encoder=None).correct is False  # 5 letters
    assert grade("Bailye", make("Bailey"), encoder=None).correct


# -- numbers and dates ----------------------------------------------------------------------

@pytest.mark.parametrize(("given", "answer", "kind"), [
    ("four", "4", "CARDINAL"), ("4", "four", "CARDINAL"), ("Four", "four", "CARDINAL"),
    ("twenty-one", "21", "CARDINAL"), ("twenty one", "21", "CARDINAL"),
    ("one hundred and five", "105", "CARDINAL"), ("1,000", "1000", "CARDINAL"),
    ("90.04 per cent", "90.04%", "PERCENT"), ("90.04%", "90.04%", "PERCENT"),
    ("1.3 billion pounds", "£1.3bn", "MONEY"), ("november 1990", "November 1990", "DATE"),
    ("3.5 million", "3,500,000", "CARDINAL"), ("tenth", "10th", "ORDINAL"),
])
def test_numbers_match_by_value(given, answer, kind):
    assert ok(given, make(answer, kind))


@pytest.mark.parametrize(("given", "answer", "kind"), [
    ("1991", "1990", "DATE"), ("5", "four", "CARDINAL"), ("90.4%", "90.04%", "PERCENT"),
    ("1990", "November 1990", "DATE"), ("October 1990", "November 1990", "DATE"),
    ("£1.4bn", "£1.3bn", "MONEY"), ("44 members", "40", "CARDINAL"),
])
def test_wrong_numbers_fail_even_when_close(given, answer, kind):
    verdict = grade(given, make(answer, kind), encoder=HashingEncoder(), vocabulary=VOCAB)
    assert not verdict.correct


def test_4g_stays_as_written():
    q = make("4G", "PHRASE")
    assert ok("4G", q) and ok("4g", q)
    assert not ok("4", q) and not ok("four G", q) and not ok("5G", q)
    assert number_values("4G networks") == []


# -- multiple choice and true/false ---------------------------------------------------------

MC = make("Simon Bailey", kind="multiple_choice",
          options=("Theresa May", "Simon Bailey", "Sadiq Khan", "Boris Johnson"),
          rejected=("Theresa May", "Sadiq Khan", "Boris Johnson"))


@pytest.mark.parametrize("given", ["B", "b", "b)", "(B)", "B.", "2", "Simon Bailey",
                                   "simon bailey", "Bailey"])
def test_multiple_choice_right(given):
    assert ok(given, MC)


@pytest.mark.parametrize("given", ["A", "d", "1", "4", "Theresa May", "sadiq khan", "May"])
def test_multiple_choice_wrong(given):
    assert not ok(given, MC)


def test_multiple_choice_unknown_option_has_a_reason():
    verdict = grade("E", MC, encoder=None, vocabulary=VOCAB)
    assert not verdict.correct and "option" in verdict.reason.lower()


def test_numeric_options_match_text_before_index():
    q = make("4", "CARDINAL", "multiple_choice", options=("2", "4", "6", "1"))
    assert ok("4", q)  # the text "4" (option B), not option number 4
    assert ok("B", q) and ok("four", q)
    assert not ok("1", q) and not ok("D", q)


@pytest.mark.parametrize(("given", "answer", "right"), [
    ("True", "True", True), ("true", "True", True), ("T", "True", True), ("yes", "True", True),
    ("A", "True", True), ("False", "True", False), ("f", "False", True), ("No", "False", True),
    ("B", "False", True), ("true.", "False", False),
])
def test_true_false(given, answer, right):
    q = make(answer, "PERSON", "true_false", options=("True", "False"))
    assert ok(given, q) is right


def test_true_false_garbage_is_not_an_answer():
    q = make("True", "PERSON", "true_false", options=("True", "False"))
    verdict = grade("maybe", q, encoder=None, vocabulary=VOCAB)
    assert not verdict.correct and "True or False" in verdict.reason


# -- odd input ------------------------------------------------------------------------------

@pytest.mark.parametrize("given", ["", "   ", "\n\t"])
def test_empty_answers(given):
    verdict = grade(given, make("Simon Bailey"), encoder=None, vocabulary=VOCAB)
    assert not verdict.correct and verdict.score == 0 and verdict.reason


def test_huge_answers_are_refused_without_work():
    verdict = grade("Simon Bailey " * 100, make("Simon Bailey"), encoder=None)
    assert not verdict.correct and str(MAX_ANSWER_CHARS) in verdict.reason


def test_random_input_never_crashes():
    rng = random.Random(7)
    alphabet = string.printable + "“”‘’—–…éßΩ中文🙂"
    questions = [make("Simon Bailey"), make("1990", "DATE"), make("dark web", "PHRASE"), MC,
                 make("True", "PERSON", "true_false", options=("True", "False"))]
    for _ in range(300):
        given = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for q in questions:
            verdict = grade(given, q, encoder=HashingEncoder(), vocabulary=VOCAB)
            assert 0.0 <= verdict.score <= 1.0


# -- phrases --------------------------------------------------------------------------------

def test_phrase_typos_scale_with_length():
    q = make("socalled paedophile hunters", "PHRASE")
    assert ok("so-called paedophile hunters", q) or ok("socalled pedophile hunters", q)
    assert ok("socalled paedophile hunter", q)
    assert ok("socaled paedophile huntrs", q)  # 2 slips in a long phrase
    assert not ok("vigilante groups", q)
    assert ok("huge fins", make("huge fines", "PHRASE"))  # 1 slip, 9 letters
    assert not ok("huge finds", make("huge fines", "PHRASE"), vocabulary=VOCAB | {"finds"})


def test_no_meaning_match_without_an_encoder():
    assert not ok("big fines", make("huge fines", "PHRASE"))


def test_edit_distance():
    assert damerau_levenshtein("bailey", "bailey") == 0
    assert damerau_levenshtein("bailey", "baliey") == 1  # swap
    assert damerau_levenshtein("chair", "air") == 2
    assert damerau_levenshtein("kitten", "sitting") == 3
    assert damerau_levenshtein("kitten", "sitting", limit=1) == 2  # stopped early
    assert normalise("The Normans’ four per cent") == "normans 4%"


# -- meaning, with the real model -----------------------------------------------------------

POSITIVE = [
    ("Norfolk police chief", "Chief Constable for Norfolk"),
    ("online images of child abuse", "online child abuse images"),
    ("social media firms", "social media companies"),
    ("big fines", "huge fines"),
    ("indecent pictures", "indecent images"),
    ("high ranking police officers", "senior police officers"),
    ("the dark net", "the dark web"),
    ("vigilantes", "vigilante groups"),
    ("money penalties", "financial penalties"),
]
NEGATIVE = [  # raw cosine must stay under the threshold
    ("Facebook", "Google"),
    ("Norfolk", "Chief Constable for Norfolk"),
    ("harsh penalties", "financial penalties"),
    ("the dark web", "social media companies"),
    ("young men", "senior police officers"),
    ("child protection officer", "paedophile hunters"),
    ("commercial clout", "financial penalties"),
]
GUARDED = [  # close in the embedding space, refused by the name and contrast guards
    ("Suffolk police chief", "Chief Constable for Norfolk"),
    ("small fines", "huge fines"),
    ("pointed arches", "rounded arches"),
    ("junior police officers", "senior police officers"),
    ("legal images", "illegal images"),
    ("the least popular subject", "most popular subject"),  # the opposite superlative
    ("the smallest stadium", "biggest stadium"),
    ("concrete supports", "steel supports"),  # another material
]


@pytest.fixture(scope="session")
def real_encoder() -> SentenceTransformerEncoder:
    cache = Path(os.environ.get("FOOTNOTE_CACHE_DIR", Path.home() / ".cache" / "footnote"))
    return SentenceTransformerEncoder("all-MiniLM-L6-v2", cache)


@pytest.mark.model
def test_threshold_is_calibrated(real_encoder, capsys):
    def cosine(a: str, b: str) -> float:
        v = real_encoder.encode([a, b])
        return float(v[0] @ v[1])

    pos = [cosine(a, b) for a, b in POSITIVE]
    neg = [cosine(a, b) for a, b in NEGATIVE]
    with capsys.disabled():
        print(f"\nmeaning threshold {SEMANTIC_THRESHOLD}: positives min {min(pos):.3f}, "
              f"negatives max {max(neg):.3f}")
    assert max(neg) < SEMANTIC_THRESHOLD <= min(pos)


@pytest.mark.model
def test_meaning_table(real_encoder):
    for given, answer in POSITIVE:
        verdict = grade(given, make(answer, "PHRASE"), encoder=real_encoder)
        assert verdict.correct, (given, answer, verdict)
        assert "meaning" in verdict.reason or verdict.score == 1.0
    for given, answer in NEGATIVE + GUARDED:
        verdict = grade(given, make(answer, "PHRASE"), encoder=real_encoder)
        assert not verdict.correct, (given, answer, verdict)


@pytest.mark.model
def test_meaning_never_used_for_names_or_numbers(real_encoder):
    assert not grade("Facebook", make("Google", "ORG"), encoder=real_encoder).correct
    assert not grade("Suffolk", make("Norfolk", "GPE"), encoder=real_encoder).correct
    assert not grade("Theresa May", make("Simon Bailey"), encoder=real_encoder).correct
    assert not grade("1991", make("1990", "DATE"), encoder=real_encoder).correct
    assert not grade("last year", make("last month", "DATE"), encoder=real_encoder).correct


@pytest.mark.parametrize(("given", "key", "right"), [
    ("Oct 2024", "October 2024", True),
    ("Oct. 2024", "October 2024", True),
    ("5 Sept 2023", "5 September 2023", True),
    ("Sept 2024", "October 2024", False),
    ("2024", "October 2024", False),  # the month the key names must be named
    ("Mar 2006", "May 2006", False),
    ("14/11/2026", "14 November 2026", True),
    ("14.11.2026", "14 November 2026", True),
    ("14-11-2026", "14 November 2026", True),
    ("14/11/26", "14 November 2026", True),  # the key's century
    ("2026-11-14", "14 November 2026", True),  # ISO: year, month, day
    ("11/14/2026", "14 November 2026", True),  # US order, but no 14th month: one reading
    ("3/4/2026", "3 April 2026", True),
    ("4/3/2026", "3 April 2026", False),  # day first: that is 4 March, never read as US
    ("14/10/2026", "14 November 2026", False),
    ("14/11/2025", "14 November 2026", False),
    ("11/2026", "November 2026", True),
    ("2026-11", "November 2026", True),
    ("14/11", "14 November", True),
    ("14/11", "14 November 2026", False),  # the year the key names must be named
    ("14/11/2026", "2026", False),
])
def test_a_date_may_be_written_short_or_in_numbers(given: str, key: str, right: bool) -> None:
    """"Oct 2024" was marked wrong for "October 2024": news and students write months
    short; "14/11/2026" for "14 November 2026". Numbers are read day first, as in
    Britain; month first only when no other reading exists (11/14/2026)."""
    assert ok(given, make(key, "DATE")) is right


@pytest.mark.parametrize(("given", "right"), [
    ("about 30", True), ("around 30", True), ("roughly thirty", True),
    ("over 30", False), ("nearly 30", False), ("31", False),
])
def test_a_right_number_said_roughly_is_right(given: str, right: bool) -> None:
    """"about 30" was marked wrong for 30; "over 30" and "nearly 30" say another number."""
    assert ok(given, make("30", "CARDINAL")) is right


@pytest.mark.parametrize(("given", "key", "label", "rejected", "right"), [
    ("DfT", "Department for Transport", "ORG", (), True),
    ("DFT", "Department for Transport", "ORG", (), True),
    ("E.U.", "European Union", "ORG", (), True),
    ("UE", "European Union", "ORG", (), False),
    ("NG", "National Grid", "ORG", ("Northern Gas",), False),  # an option shares them
    ("SB", "Simon Bailey", "PERSON", (), False),  # people are not their initials
])
def test_a_name_by_its_initials(given: str, key: str, label: str,
                                rejected: tuple[str, ...], right: bool) -> None:
    """"DfT" was marked wrong for "Department for Transport"."""
    assert ok(given, make(key, label, rejected=rejected)) is right


@pytest.mark.parametrize(("given", "key", "rejected", "right"), [
    ("G Tullis", "Graham Tullis", (), True),
    ("G. Tullis", "Graham Tullis", (), True),
    ("H Tullis", "Graham Tullis", (), False),
    ("S Bailey", "Simon Bailey", ("Jane Bailey",), True),  # the initial tells them apart
    ("S Bailey", "Simon Bailey", ("Sarah Bailey",), False),  # it does not
])
def test_a_person_by_initial_and_surname(given: str, key: str, rejected: tuple[str, ...],
                                          right: bool) -> None:
    """"G Tullis" was marked wrong for Graham Tullis, though "Tullis" alone was right."""
    assert ok(given, make(key, "PERSON", rejected=rejected)) is right


@pytest.mark.parametrize(("given", "key", "rejected", "right"), [
    ("the Dane", "River Dane", (), True),
    ("Everest", "Mount Everest", (), True),
    ("Dee", "River Dane", (), False),
    ("Dane", "River Dane", ("Dane Valley",), False),  # another name of the quiz has it
])
def test_a_river_or_mountain_by_its_name_alone(given: str, key: str,
                                               rejected: tuple[str, ...], right: bool) -> None:
    """"the Dane" was marked wrong for the River Dane."""
    assert ok(given, make(key, "LOC", rejected=rejected)) is right


OPTIONS = ("Network Rail", "Department for Transport", "Highways England", "Kellworth Council")


@pytest.mark.parametrize(("given", "right", "reason"), [
    ("option b", True, "option"),
    ("answer 2", True, "option"),
    ("B. Department for Transport", True, "option"),
    ("b - department for transport", True, "option"),
    ("option c", False, "wrong_option"),
    ("c - Highways England", False, "wrong_option"),
    ("a - Department for Transport", False, "unknown_option"),  # which of the two is meant?
    ("a department for transport", True, "option"),  # "a" the article
])
def test_an_option_named_as_people_name_it(given: str, right: bool, reason: str) -> None:
    """"option b" and "B. Department for Transport" were not understood ("Pick one of the
    options"); a letter and another option's text are asked again, not marked."""
    q = make("Department for Transport", "ORG", "multiple_choice", options=OPTIONS)
    verdict = grade(given, q, encoder=None, vocabulary=VOCAB)
    assert verdict.correct is right
    asked_again = grade("Pick one", q, encoder=None, vocabulary=VOCAB).reason
    assert (verdict.reason == asked_again) is (reason == "unknown_option"), verdict


def test_an_option_whose_text_opens_like_a_letter() -> None:
    q = make("A. A. Milne", "PERSON", "multiple_choice",
             options=("Roald Dahl", "J. K. Rowling", "A. A. Milne", "C. S. Lewis"))
    assert ok("A. A. Milne", q) and ok("c", q) and not ok("C. S. Lewis", q)


@pytest.mark.parametrize(("given", "key", "right"), [
    ("yep", "True", True), ("yeah", "True", True), ("it's true", "True", True),
    ("that's false", "False", True), ("not true", "False", True), ("not false", "True", True),
    ("nope", "False", True), ("nah", "True", False),
])
def test_true_or_false_said_as_people_say_it(given: str, key: str, right: bool) -> None:
    """"yep", "it's true", "not true" were not understood as true or false."""
    assert ok(given, make(key, "STATEMENT", "true_false", options=("True", "False"))) is right


@pytest.mark.parametrize(("given", "key", "rejected", "right"), [
    ("Sandhu, Dev", "Dev Sandhu", (), True),
    ("sandhu,dev", "Dev Sandhu", (), True),
    ("Sandhu, D", "Dev Sandhu", (), True),
    ("Sandhu, Priya", "Dev Sandhu", ("Priya Sandhu",), False),
    ("Sandhu, Dev", "Dev Sandhu", ("Priya Sandhu",), True),
    ("Sandhu Dev", "Dev Sandhu", (), False),  # no comma: which is the surname?
    ("Whitby, Yorkshire", "Whitby", (), False),  # a place is not turned about
])
def test_a_person_as_surname_comma_forename(given: str, key: str,
                                            rejected: tuple[str, ...], right: bool) -> None:
    """"Sandhu, Dev" was marked wrong for Dev Sandhu: a register's order."""
    label = "GPE" if key == "Whitby" else "PERSON"
    assert ok(given, make(key, label, rejected=rejected)) is right
