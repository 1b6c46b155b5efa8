"""One form for the ways people write a measure or a time, so a typed answer is marked on
what it says: "250m" and "250 meters" are the key's "250 metres", "7 p.m." and "19:00"
its "7pm", and so is "7" or "7 o'clock" (an hour that does not say which half of the day);
"14/11/2026" and "2026-11-14" are a key's "14 November 2026".

Only the answer's own unit is read into a bare "m" ("250m" is 250 metres when the key is
in metres; with a key of "£2.5m" it stays 2.5 million).
"""

from __future__ import annotations

import re

from bot import calendar_words
from bot.quiz.text import MONTHS, clock_minute, clock_times, tokens

_UNITS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![\w£$€])(?P<n>\d[\d,]*(?:\.\d+)?)?\s*(?:{forms})\b\.?", re.I), unit)
    for forms, unit in (
        (r"kilomet(?:re|er)s?|kms?", "km"),
        (r"centimet(?:re|er)s?|cms?", "cm"),
        (r"millimet(?:re|er)s?|mm", "mm"),
        (r"met(?:re|er)s?", "metres"),
        (r"miles?", "miles"),
        (r"kilo(?:gram(?:me)?s?|s)?|kgs?", "kg"),
        (r"feet|foot|ft", "feet"),
        (r"inch(?:es)?", "inches"),
        (r"litres?|liters?", "litres"),
        (r"tonnes?|tons?", "tonnes"),
        (r"miles per hour|mph", "mph"),
        (r"kilomet(?:re|er)s per hour|km/h|kph", "kph"),
        (r"degrees?(?: celsius| centigrade)?|°c?", "degrees"),
        (r"years?|yrs?", "years"),
        (r"months?|mths?", "months"),
        (r"weeks?|wks?", "weeks"),
        (r"hours?|hrs?", "hours"),
        (r"minutes?|mins?", "minutes"),
    )
)
"""Each unit's spellings, abbreviations and plurals, and the one form they become."""
_BARE_METRES = re.compile(r"(?<![\w£$€.,])(?P<n>\d[\d,]*(?:\.\d+)?)m\b(?!\w)")
_BARE_TONNES = re.compile(r"(?<![\w£$€.,])(?P<n>\d[\d,]*(?:\.\d+)?)\s?t\b(?!\w)")


def units_as_one(text: str, key: str) -> str:
    """``text`` with each measure written in one form ("250 meters" -> "250 metres",
    "12kg" -> "12 kg"), and a bare "m" after a number read as metres when ``key`` is in
    metres, a bare "t" as tonnes when it is in tonnes ("7.5t")."""
    plain = units_as_one_plain(key)
    if "metres" in plain:
        text = _BARE_METRES.sub(lambda m: f"{m['n']} metres", text)
    if "tonnes" in plain:
        text = _BARE_TONNES.sub(lambda m: f"{m['n']} tonnes", text)  # "7.5t"
    return units_as_one_plain(text)


def units_as_one_plain(text: str) -> str:
    """:func:`units_as_one` without reading a bare "m"."""
    for pattern, unit in _UNITS:
        text = pattern.sub(lambda m, u=unit: f"{m['n']} {u}" if m["n"] else u, text)
    return text


def clock_minutes(text: str) -> tuple[int, bool] | None:
    """The time of day ``text`` is, as minutes after midnight, and whether it says which
    half of the day ("7pm", "7 p.m.", "19:00", "7.30am"); None when it is not one time of
    day alone (:func:`bot.quiz.text.clock_times`)."""
    stripped = text.strip()
    found = clock_times(stripped, dots=True)
    if len(found) != 1 or found[0].span() != (0, len(stripped)):
        return None
    m = found[0]
    hour = int(m["h"])
    return clock_minute(m), bool(m["ampm"]) or hour > 12 or hour == 0


_NAMED_HOURS = {"noon": 720, "midday": 720, "midnight": 0}


def _named_hour(text: str) -> tuple[int, bool] | None:
    """"Noon", "midday", "12 midnight" as :func:`clock_minutes` gives a time; else None."""
    words = tokens(text)
    if words and words[-1] in _NAMED_HOURS and words[:-1] in ([], ["12"]):
        return _NAMED_HOURS[words[-1]], True
    return None


def _bare_hour(text: str) -> tuple[int, bool] | None:
    """An hour alone, "7", "7 o'clock", "seven o'clock", or a named one ("noon"), as
    :func:`clock_minutes` gives it (23 and noon say which half of the day, 7 does not);
    None for anything else."""
    named = _named_hour(text)
    if named is not None:
        return named
    words = tokens(text)
    if not words or not words[0].isdigit() or words[1:] not in ([], ["o", "clock"],
                                                                 ["oclock"]):
        return None
    hour = int(words[0])
    return (hour * 60, hour > 12 or hour == 0) if hour <= 23 else None


def same_clock(given: str, key: str) -> bool | None:
    """Whether ``given`` is the time of day ``key`` is ("19:00" or "7" for "7pm", "12am"
    for "midnight"); None when ``key`` is no time of day or ``given`` none either. A time
    that does not say which half of the day ("7:00", "7 o'clock") matches either; an hour
    alone stands for the time of day only when the key is one."""
    want = clock_minutes(key) or _named_hour(key)
    if want is None:
        return None
    got = clock_minutes(given) or _bare_hour(given)
    if got is None:
        return None
    (w, w_half), (g, g_half) = want, got
    if w_half and g_half:
        return w == g
    return w % 720 == g % 720


_EDGE = r"(?<![\w./-]){}(?![\w./-])"
_ISO_DATE = re.compile(_EDGE.format(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?"))
_DAY_MONTH_YEAR = re.compile(_EDGE.format(
    r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"))
_MONTH_YEAR = re.compile(_EDGE.format(r"(?P<m>\d{1,2})/(?P<y>\d{4})"))
_DAY_MONTH = re.compile(_EDGE.format(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})"))


def _day_first(a: int, b: int) -> tuple[int, int] | None:
    """(day, month) of a date written "a/b": day first, as in Britain ("3/4" is 3 April);
    month first only when the day-first reading is no date ("11/14": the 14th month
    does not exist, so it is 14 November). None when neither reading is a date."""
    if 1 <= a <= 31 and 1 <= b <= 12:
        return a, b
    if 1 <= a <= 12 and 13 <= b <= 31:
        return b, a
    return None


def _full_year(year: str, key: str) -> str:
    """A two-digit year in the century of the key's year ("26" is 2026 beside a key of
    2026, "98" is 1998 beside one of 1998), else in this century."""
    if len(year) == 4:
        return year
    found = re.search(r"(?<!\d)([12]\d)\d\d(?!\d)", key)
    return (found.group(1) if found else "20") + year


def dates_in_words(text: str, key: str) -> str:
    """``text`` with each date written in numbers put in words, when ``key`` names a
    month: "14/11/2026", "14.11.2026" or "14/11/26" are "14 November 2026", "2026-11-14"
    (ISO) too, "11/2026" and "2026-11" are "November 2026", "14/11" is "14 November".
    Day first, as British English writes a date; month first ("11/14/2026") only where
    no day-first reading exists, so "4/3/2026" is 4 March, never April 3. Anything that
    is no date stays as it was."""
    if not set(tokens(key)) & MONTHS:
        return text

    def words(day: int | None, month: int, year: str | None) -> str | None:
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            return None
        name = calendar_words.MONTHS[month - 1]
        return " ".join(str(x) for x in (day, name, year) if x is not None)

    def iso(m: re.Match[str]) -> str:
        day = int(m["d"]) if m["d"] else None
        return words(day, int(m["m"]), m["y"]) or m[0]

    def day_month(m: re.Match[str], year: str | None) -> str:
        read = _day_first(int(m["a"]), int(m["b"]))
        return (words(read[0], read[1], year) if read else None) or m[0]

    text = _ISO_DATE.sub(iso, text)
    text = _DAY_MONTH_YEAR.sub(lambda m: day_month(m, _full_year(m["y"], key)), text)
    text = _MONTH_YEAR.sub(lambda m: words(None, int(m["m"]), m["y"]) or m[0], text)
    return _DAY_MONTH.sub(lambda m: day_month(m, None), text)
