"""Made-up wrong options keep the answer's shape and stay possible: a clock time stays a
valid time, a day of a month stays a day that month has, a range keeps its low end below
its high end, a fraction stays a fraction, and a phone number is never a number to
offer."""

from __future__ import annotations

import datetime
import random
import re

import pytest

from bot.quiz.distractors import (
    choose,
    date_shape,
    number_candidates,
    perturb_number,
    phone_like,
)
from bot.quiz.text import NUMBER_WORDS

SEEDS = range(6)


# -- clock times ------------------------------------------------------------------------------

_TIME = re.compile(r"(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2}))?(?P<sp>\s?)"
                   r"(?P<ampm>[ap]\.?m\.?)?", re.I)


def _form(text: str) -> str:
    """``text`` with its numbers hidden and "am"/"pm" alike ("6.15am" -> "#.#xm")."""
    return re.sub(r"\d+", "#", re.sub(r"[ap](?=\.?m\b)", "x", text, flags=re.I))


def _times(text: str) -> list[tuple[int, int, bool, bool]]:
    """``(hour, minute, 12-hour, two-digit hour)`` of each time in ``text``."""
    return [(int(m.group("h")), int(m.group("m") or 0), bool(m.group("ampm")),
             len(m.group("h")) == 2) for m in _TIME.finditer(text)]


@pytest.mark.parametrize(("key", "label"), [
    ("23:47", "TIME"), ("23:47", "CARDINAL"), ("07:30", "TIME"), ("23.47", "TIME"),
    ("6.15am", "TIME"), ("2.40pm", "TIME"), ("10pm", "TIME"), ("7.30 p.m.", "TIME"),
    ("between 9am and 5pm", "TIME"), ("22:00", "TIME"),
])
def test_clock_distractors_are_valid_times_of_the_same_form(key, label):
    for seed in SEEDS:
        out = perturb_number(key, label, random.Random(seed))
        assert len(out) >= 3 and key not in out, out
        for candidate in out:
            assert _form(candidate) == _form(key), candidate
            for hour, minute, twelve, _ in _times(candidate):
                assert 0 <= minute <= 59, candidate
                assert (1 <= hour <= 12) if twelve else (0 <= hour <= 23), candidate
            if ":" in key:  # "23:47" -> "09:17", never "9:17"
                assert [t[3] for t in _times(candidate)] == [t[3] for t in _times(key)]
            if label == "TIME":
                assert date_shape(candidate) == date_shape(key), (candidate, key)


@pytest.mark.parametrize("key", ["23:47", "22:00", "6.15am", "10pm"])
def test_a_clock_time_gets_three_valid_options(key):
    for seed in SEEDS:
        rng = random.Random(seed)
        picked = choose(key, "TIME", [[], [], number_candidates(key, "TIME", rng)], rng,
                        forbidden_text=f"The earthquake hit at {key} local time.")
        assert len(picked) == 3 and key not in picked, picked
        for option in picked:
            assert date_shape(option) == date_shape(key) and _form(option) == _form(key)
            hour, minute, twelve, _ = _times(option)[0]
            assert minute <= 59 and ((1 <= hour <= 12) if twelve else hour <= 23), option


def test_clock_times_are_one_form_apart_from_others():
    assert date_shape("23:47") == date_shape("09:05") != date_shape("6.15am")
    assert date_shape("10pm") == date_shape("9am") != date_shape("10.30pm")
    assert perturb_number("2:03:59", "TIME", random.Random(0)) == []  # no clock: nothing


# -- ranges -----------------------------------------------------------------------------------

_ENDS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\D+?(\d[\d,]*(?:\.\d+)?)")


def _ends(text: str) -> tuple[float, float]:
    low, high = _ENDS.search(text).groups()
    return float(low.replace(",", "")), float(high.replace(",", ""))


@pytest.mark.parametrize(("key", "label"), [
    ("70-80mph", "QUANTITY"), ("80-90mph", "QUANTITY"), ("5-10%", "PERCENT"),
    ("£5m-£10m", "MONEY"), ("1,000-1,500", "CARDINAL"), ("3-6 weeks", "DATE"),
    ("1.5-2.5%", "PERCENT"), ("20 to 30 people", "CARDINAL"), ("70mph-80mph", "QUANTITY"),
])
def test_range_distractors_move_both_ends_and_keep_low_below_high(key, label):
    low, high = _ends(key)
    for seed in SEEDS:
        out = perturb_number(key, label, random.Random(seed))
        assert len(out) >= 3 and key not in out, out
        for candidate in out:
            new_low, new_high = _ends(candidate)
            assert 0 < new_low < new_high, candidate
            assert new_high - new_low == pytest.approx(high - low), candidate
            assert new_low != low and new_high != high, candidate
            assert re.sub(r"[\d,.]+", "#", candidate) == re.sub(r"[\d,.]+", "#", key)
            assert label != "PERCENT" or new_high <= 100


def test_a_range_gets_three_ranges_as_options():
    key = "70-80mph"
    sentence = "Winds of 70-80mph were recorded, and gusts reached 80-90mph."
    for seed in SEEDS:
        rng = random.Random(seed)
        picked = choose(key, "QUANTITY", [["80-90mph"], [],
                                          number_candidates(key, "QUANTITY", rng)], rng,
                        forbidden_text=sentence)
        assert len(picked) == 3 and "80-90mph" not in picked, picked
        assert all(_ends(p)[0] < _ends(p)[1] for p in picked), picked


# -- days of a month -------------------------------------------------------------------------

_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}


def _real_day(text: str, year: int) -> datetime.date:
    """The date ``text`` names in ``year`` (or its own year); fails if there is no such
    day ("70 November", "31 June")."""
    day = int(re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", text).group(1))
    month = _MONTH_NUMBER[re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
                                    text).group(1).lower()]
    own = re.search(r"\d{4}", text)
    return datetime.date(int(own.group()) if own else year, month, day)


def _day_form(text: str) -> str:
    return re.sub(r"\d+(?:st|nd|rd|th)?", "#", text)


@pytest.mark.parametrize(("key", "label"), [
    ("28 November", "DATE"), ("November 28", "DATE"), ("31 July", "DATE"),
    ("28th November", "DATE"), ("on 5 May", "DATE"), ("the 3rd of May", "DATE"),
    ("Sept. 30", "DATE"), ("28 November 2024", "DATE"), ("29 February", "DATE"),
    ("February 28, 2023", "DATE"), ("30 June", "CARDINAL"),
])
def test_a_day_of_a_month_gets_other_real_days_of_that_month(key, label):
    wanted = _real_day(key, 2024)
    for seed in SEEDS:
        out = perturb_number(key, label, random.Random(seed))
        assert len(out) >= 3 and key not in out, out
        for candidate in out:
            day = _real_day(candidate, 2024)  # a real day: no "70 November"
            assert day.month == wanted.month and day.year == wanted.year, candidate
            assert _day_form(candidate) == _day_form(key), candidate
            assert bool(re.search(r"\d(?:st|nd|rd|th)", candidate)) == bool(
                re.search(r"\d(?:st|nd|rd|th)", key)), candidate


def test_a_weekday_stays_true_of_the_day_offered():
    key = "Tuesday 22 July"  # in 2025
    for seed in SEEDS:
        out = perturb_number(key, "DATE", random.Random(seed))
        assert len(out) >= 3, out
        for candidate in out:
            assert candidate.startswith("Tuesday ")
            assert _real_day(candidate, 2025).weekday() == 1, candidate


def test_a_day_without_its_month_stays_a_day():
    for seed in SEEDS:
        out = perturb_number("the 28th", "DATE", random.Random(seed))
        assert out and all(1 <= int(re.search(r"\d+", c).group()) <= 31 for c in out), out


# -- fractions --------------------------------------------------------------------------------

_DENOMINATOR = r"(?:half|halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|" \
               r"ninths?|tenths?)"


@pytest.mark.parametrize(("key", "label", "pattern"), [
    ("a third", "ORDINAL", rf"^(?:a (?!eighth)|an (?=eighth)){_DENOMINATOR}$"),
    ("A quarter", "CARDINAL", rf"^(?:A (?!eighth)|An (?=eighth)){_DENOMINATOR}$"),
    ("two-thirds", "CARDINAL", rf"^(?:{'|'.join(NUMBER_WORDS)})-{_DENOMINATOR}$"),
    ("Three quarters", "DATE", rf"^[A-Z][a-z]+ {_DENOMINATOR}$"),
    ("half", "CARDINAL", rf"^an? {_DENOMINATOR}$"),
    ("one third", "CARDINAL", rf"^one {_DENOMINATOR}$"),
])
def test_fractions_become_other_fractions_never_ordinals(key, label, pattern):
    for seed in SEEDS:
        out = perturb_number(key, label, random.Random(seed))
        assert len(out) >= 3 and key not in out, out
        for candidate in out:
            assert re.fullmatch(pattern, candidate), candidate
            assert 0 < _value(candidate) < 1 and _value(candidate) != _value(key), candidate


_DENOMINATORS = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}


def _value(fraction: str) -> float:
    """"two-thirds" -> 0.667, "a quarter" -> 0.25, "half" -> 0.5."""
    words = re.findall(r"[a-z]+", fraction.lower())
    count = NUMBER_WORDS.get(words[0], 1) if len(words) > 1 else 1
    return count / _DENOMINATORS[words[-1].removesuffix("s")]


def test_an_ordinal_is_never_offered_for_a_fraction_nor_the_other_way():
    for seed in SEEDS:  # the true/false swap: one option from the article's own
        swap = choose("a third", "ORDINAL", [["second", "fifth", "a fifth"]],
                      random.Random(seed), count=1)
        assert swap == ["a fifth"]
        picked = choose("second", "ORDINAL", [["a third", "a fifth", "fifth", "first"]],
                        random.Random(seed))
        assert set(picked) == {"fifth", "first"}


def test_an_ordinal_word_keeps_its_article_fitting():
    for seed in SEEDS:
        for candidate in perturb_number("a third term", "ORDINAL", random.Random(seed)):
            assert re.fullmatch(r"(?:a (?![aeiou])|an (?=[aeiou]))[a-z]+ term", candidate), \
                candidate


# -- phone numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "01632 960 000", "960 000", "0800 123 456", "+44 20 7946 0000", "020 7946 0000",
    "07700 900123", "0800-123-456",
])
def test_phone_numbers_are_recognised(text):
    assert phone_like(text)
    assert perturb_number(text, "CARDINAL", random.Random(0)) == []


@pytest.mark.parametrize("text", [
    "4,500", "1990", "200", "2,000", "70-80mph", "23:47", "0.5", "£1.3bn", "10 May 2019",
    "the 1990s", "1,000-1,500",
])
def test_amounts_are_not_phone_numbers(text):
    assert not phone_like(text)


def test_a_phone_number_is_never_an_option_nor_a_key():
    tier = ["960 000", "01632 960 000", "3,200", "1,100"]
    for seed in SEEDS:
        picked = choose("4,500", "CARDINAL", [tier], random.Random(seed))
        assert set(picked) == {"3,200", "1,100"}, picked
        assert choose("960 000", "CARDINAL", [["4,500", "3,200", "1,100"]],
                      random.Random(seed)) == []
