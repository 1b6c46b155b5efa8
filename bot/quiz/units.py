"""One form for the ways people write a measure or a time, so a typed answer is marked on
what it says: "250m" and "250 meters" are the key's "250 metres", "7 p.m." and "19:00"
its "7pm", and so is "7" or "7 o'clock" (an hour that does not say which half of the day).

Only the answer's own unit is read into a bare "m" ("250m" is 250 metres when the key is
in metres; with a key of "£2.5m" it stays 2.5 million).
"""

from __future__ import annotations

import re

from bot.quiz.text import clock_minute, clock_times, tokens

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
