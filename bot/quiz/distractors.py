"""Wrong options: candidates of the answer's kind from the library itself (the same
article first, then other articles), or for numbers and dates a value of the same form
made up from the answer; filtered so none is also right, and picked near the answer's
length so the longest option is not a tell. No built-in list of names: a name offered
as wrong is a name the library holds."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence

from bot import calendar_words
from bot.quiz.text import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    are_variants,
    clock_minute,
    clock_times,
    fits_type,
    fold,
    has_digit,
    number_values,
    ordinal_suffix,
    tokens,
)

_NUMBER = re.compile(
    r"(?<![\w.])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<suf>st|nd|rd|th|s|bn|m|k)?"
    r"(?![\w])"
)
NUMERIC = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_MONTH_NAMES = calendar_words.MONTHS
_SMALL_WORDS = [w for w, v in NUMBER_WORDS.items() if 2 <= v <= 12]
_SEXAGESIMAL = re.compile(r"\d:\d")
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10}
_NUMBER_NAMES = {v: w for w, v in NUMBER_WORDS.items()}
_FRACTION = re.compile(
    r"\b(?:(?P<num>an?|one|two|three|four|five|six|seven|eight|nine)(?P<sep>[\s-]+))?"
    r"(?P<den>halves|half|(?:third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)s?)\b"
    r"(?P<after>\s+of\b|\s*$)?", re.I
)
_AMOUNT = r"\d{1,3}(?:,\d{3})+|\d+"
_RANGE = re.compile(
    rf"(?P<pre>\D*?)(?P<lo>{_AMOUNT})(?P<lodec>\.\d+)?"
    r"(?P<mid>(?:[^\W\d_]{1,4}|%)?\s*(?:[-–]|\bto\b)\s*[£$€]?)"
    rf"(?P<hi>{_AMOUNT})(?P<hidec>\.\d+)?(?P<post>\D*)"
)
_PHONE = re.compile(
    r"\+\d[\d\s().-]{6,}\d"  # "+44 20 7946 0000"
    r"|\(?0\d{2,5}\)?(?:[\s-]\d{2,6}){1,3}"  # "01632 960 000", "0800 123 456"
    r"|\d{2,5}(?:\s\d{3,4})+"  # "960 000", "7946 0000": a piece of one
)


def phone_like(text: str) -> bool:
    """Is ``text`` a telephone number or a piece of one ("01632 960 000", "+44 20 7946
    0000", "0800 123 456", "960 000")? Digits in groups parted by spaces, or after a "+"
    or a leading 0 area code, are never an amount (amounts group thousands with commas),
    so they are never made up from nor offered as a number."""
    return _PHONE.fullmatch(text.strip()) is not None


def _clock_text(m: re.Match[str], value: int) -> str:
    """The minute of the day ``value`` written the way ``m`` is (24-hour or with am/pm,
    its separator, padding and case)."""
    hour, minute = divmod(value % (24 * 60), 60)
    ampm = m.group("ampm") or ""
    if ampm:
        letter = "p" if hour >= 12 else "a"
        ampm = (letter.upper() if ampm[0].isupper() else letter) + ampm[1:]
        hour = hour % 12 or 12
    raw = m.group("h")  # "07:30" and "23:47" pad to two digits, "7.30pm" does not
    padded = len(raw) == 2 and (raw.startswith("0") or not ampm)
    out = f"{hour:02d}" if padded else str(hour)
    if m.group("min") is not None:
        out += m.group("sep") + f"{minute:02d}"
    return out + m.group("sp") + ampm


def _perturb_clock(text: str, clocks: list[re.Match[str]], rng: random.Random,
                   count: int) -> list[str]:
    """Clock times moved by whole hours and quarter hours ("23:47" -> "21:17", "6.15am"
    -> "8.45am", "10pm" -> "7pm"), all by the same amount, so every one stays a valid
    time of the same form; a time given in hours only moves by whole hours."""
    hours_only = any(m.group("min") is None for m in clocks)
    minutes = (0,) if hours_only else (-30, -15, 0, 15, 30)
    deltas = [h * 60 + s for h in range(-5, 6) for s in minutes if h * 60 + s]
    rng.shuffle(deltas)
    values = [clock_minute(m) for m in clocks]
    out = []
    for delta in deltas[:count]:
        pieces: list[str | None] = [_clock_text(m, v + delta)
                                    for m, v in zip(clocks, values, strict=True)]
        candidate = _rebuild(text, clocks, pieces)
        if candidate:
            out.append(candidate)
    return out


def _fraction(text: str) -> re.Match[str] | None:
    """The fraction in ``text`` ("a third", "half", "two-thirds", "three quarters"), or
    None: an ordinal ("third", "the second") is none, nor is "a third" before a noun
    ("a third term")."""
    for m in _FRACTION.finditer(text):
        num, den = (m.group("num") or "").lower(), _singular_fraction(m.group("den"))
        n = 1 if num in {"", "a", "an", "one"} else NUMBER_WORDS.get(num, 0)
        if not num and den != "half":
            continue
        if num in {"a", "an"} and m.group("after") is None:
            continue
        if 1 <= n < _DENOMINATORS[den]:
            return m
    return None


def _singular_fraction(word: str) -> str:
    low = word.lower()
    return "half" if low == "halves" else low.removesuffix("s")


def _perturb_fraction(text: str, m: re.Match[str], rng: random.Random,
                      count: int) -> list[str]:
    """Other common fractions written the same way, mostly the nearest: "a third" -> "a
    quarter", "a fifth" (the article fitted: "an eighth"); "one third" -> "one quarter";
    "two-thirds" -> "three-quarters"; "half" -> "a third". Never an ordinal ("a
    second")."""
    num = m.group("num") or ""
    den = _DENOMINATORS[_singular_fraction(m.group("den"))]
    n = 1 if num.lower() in {"", "a", "an", "one"} else NUMBER_WORDS[num.lower()]
    value = n / den
    if n == 1:  # "a third", "one fifth", "half": a unit fraction ("a half" reads badly)
        pairs = [(1, d) for d in (2, 3, 4, 5, 6, 8, 10) if d > 2 or num.lower() == "one"]
    else:
        pairs = [(a, d) for d in (3, 4, 5, 10) for a in range(2, d) if math.gcd(a, d) == 1]
    pairs = [(a, d) for a, d in pairs if a * den != n * d]
    pairs.sort(key=lambda p: abs(p[0] / p[1] - value) * (1 + rng.random()))
    names = {v: w for w, v in _DENOMINATORS.items()}
    out = []
    for a, d in pairs[:count]:
        word = names[d] if a == 1 else ("halves" if d == 2 else names[d] + "s")
        if num.lower() in {"", "a", "an"}:
            lead, sep = _article("a", word), (m.group("sep") or " ")
        else:
            lead, sep = ("one" if a == 1 else _NUMBER_NAMES[a]), m.group("sep")
        shown = lead + sep + word
        if (num or m.group("den"))[0].isupper():
            shown = shown[0].upper() + shown[1:]
        out.append(text[:m.start()] + shown + text[m.end("den"):])
    return out


def _perturb_range(text: str, m: re.Match[str], label: str, rng: random.Random,
                   count: int) -> list[str] | None:
    """A range moved whole, by a few of its own widths, so its low end stays below its
    high end and its unit and separator stay the answer's ("70-80mph" -> "50-60mph",
    "90-100mph"; "£5m-£10m" -> "£15m-£20m"); None when ``m`` is no range (a score "3-1")."""
    places = [len(m.group(g) or ".") - 1 for g in ("lodec", "hidec")]
    scale = 10 ** max(places)
    ends = [int(m.group(g).replace(",", "") + (m.group(d) or ".")[1:].ljust(max(places), "0"))
            for g, d in (("lo", "lodec"), ("hi", "hidec"))]
    width = ends[1] - ends[0]
    if width <= 0:
        return None
    shifts = [k * width for k in (-4, -3, -2, -1, 1, 2, 3, 4)]
    rng.shuffle(shifts)
    out: dict[str, None] = {}
    for shift in shifts:
        new = [e + shift for e in ends]
        if new[0] < 0 or new[0] == 0 < ends[0] or (label == "PERCENT" and new[1] > 100 * scale):
            continue
        pieces = []
        for value, own, group in zip(new, places, ("lo", "hi"), strict=True):
            whole, part = divmod(value, scale)
            step = 10 ** (max(places) - own)
            if part % step:
                break  # "1-1.5%" moved by 0.5: "1.5-2%" cannot keep "1"'s form
            digits = str(part // step).zfill(own) if own else ""
            pieces.append(_format_int(whole, m.group(group)) + ("." + digits if own else ""))
        else:
            candidate = (m.group("pre") + pieces[0] + m.group("mid") + pieces[1]
                         + m.group("post"))
            if not set(number_values(candidate)) & set(number_values(text)):
                out[candidate] = None
        if len(out) >= count:
            break
    return list(out)


def _format_int(value: int, like: str) -> str:
    text = f"{value:,}" if "," in like else str(value)
    if like.startswith("0") and len(like) > 1:
        text = text.zfill(len(like))[-len(like):]
    return text


def _scaled(value: float, factor: float, like_int: str, like_dec: str | None) -> str | None:
    new = value * factor
    if like_dec:
        places = len(like_dec) - 1
        text = f"{new:.{places}f}"
        if text == f"{value:.{places}f}":
            return None
        int_part, dec_part = text.split(".")
        return _format_int(int(int_part), like_int) + "." + dec_part
    rounded = round(new)
    zeros = len(like_int.replace(",", "")) - len(like_int.replace(",", "").rstrip("0"))
    if zeros and rounded >= 10 ** zeros:
        rounded = round(rounded / 10 ** zeros) * 10 ** zeros
    if rounded <= 0 or rounded == int(value):
        return None
    return _format_int(rounded, like_int)


def _perturb_words(text: str, rng: random.Random, count: int) -> list[str]:
    """"four" -> "six", "third" -> "fifth": the first number word moved a little."""
    for word in re.findall(r"[A-Za-z]+", text):
        low = word.lower()
        if low not in NUMBER_WORDS and low not in ORDINAL_WORDS:
            continue
        table = ORDINAL_WORDS if low in ORDINAL_WORDS else NUMBER_WORDS
        pool = list(ORDINAL_WORDS) if table is ORDINAL_WORDS else _SMALL_WORDS
        choices = [w for w in pool if w != low and abs(table[w] - table[low]) <= 6]
        rng.shuffle(choices)
        out = []
        for choice in choices[:count]:
            new = choice.capitalize() if word[0].isupper() else choice
            out.append(re.sub(rf"\b(?:(an?)(\s+))?{word}\b",
                              lambda m, new=new: _article(m.group(1), new) + (m.group(2) or "")
                              + new, text, count=1))
        return out
    return []


def _article(article: str | None, word: str) -> str:
    """The indefinite article ``article`` ("a", "An" or None) fitted to ``word`` ("a
    third" -> "an eighth"), its case kept; "" for None."""
    if not article:
        return ""
    fitted = "an" if word[:1].lower() in "aeiou" else "a"
    return fitted.capitalize() if article[0].isupper() else fitted


def _shift_piece(value: int, m: re.Match[str], delta: int, yearish: bool) -> str | None:
    """One number of a date or ordinal moved by ``delta`` (a day of the month stays)."""
    raw = m.group("int")
    if yearish and not (500 <= value <= 2100 or raw.startswith("0") or m.group("suf") == "s"):
        new = raw  # a day of the month: keep it, move the year
    elif raw.startswith("0") and len(raw) == 2:
        new = f"{(value + delta) % 100:02d}"
    elif value + delta <= 0:
        return None
    else:
        new = _format_int(value + delta, raw)
    suffix = m.group("suf") or ""
    if suffix in {"st", "nd", "rd", "th"}:
        new, suffix = ordinal_suffix(int(new.replace(",", ""))), ""
    return new + (m.group("dec") or "") + suffix


def _rebuild(text: str, matches: list[re.Match[str]], pieces: list[str | None]) -> str | None:
    """``text`` with each matched number replaced by its piece (None if any is None)."""
    out, last = [], 0
    for m, piece in zip(matches, pieces, strict=True):
        if piece is None:
            return None
        out.append(text[last:m.start()] + piece)
        last = m.end()
    return "".join(out) + text[last:]


def _perturb_shifted(text: str, matches: list[re.Match[str]], values: list[int],
                     yearish: bool, ordinal: bool, rng: random.Random, count: int) -> list[str]:
    """Years, decades and ordinals moved by a few steps ("1990" -> "1993", "the 10th and
    11th centuries" -> "the 8th and 9th centuries"), never onto a number of the answer."""
    deltas = [d for d in (-10, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 10)
              if not ordinal or abs(d) <= 4]
    if any(m.group("suf") == "s" for m in matches):
        deltas = [-30, -20, -10, 10, 20, 30]
    rng.shuffle(deltas)
    out: dict[str, None] = {}
    for delta in deltas:
        pieces = [_shift_piece(v, m, delta, yearish) for v, m in zip(values, matches,
                                                                     strict=True)]
        candidate = _rebuild(text, matches, pieces)
        if candidate and candidate != text and not set(number_values(candidate)) & set(
                number_values(text)):  # "the 11th and 12th" overlaps "10th and 11th"
            out[candidate] = None
        if len(out) >= count:
            break
    return list(out)


def _perturb_small(text: str, m: re.Match[str], value: int, rng: random.Random,
                   count: int) -> list[str]:
    """A small count ("3 days") replaced by another small count."""
    choices = [v for v in range(2, 13) if v != value]
    rng.shuffle(choices)
    return [text[:m.start()] + str(v) + (m.group("suf") or "") + text[m.end():]
            for v in choices[:count]]


def _perturb_scaled(text: str, matches: list[re.Match[str]], label: str,
                    rng: random.Random, count: int) -> list[str]:
    """Amounts scaled by a factor, in the same unit and format ("£1.3bn" -> "£2.6bn")."""
    factors = [0.25, 0.4, 0.5, 0.6, 0.75, 1.25, 1.5, 2.0, 2.5, 3.0]
    rng.shuffle(factors)
    out: dict[str, None] = {}
    for factor in factors:
        pieces: list[str | None] = []
        for m in matches:
            dec = m.group("dec")
            full = float(m.group("int").replace(",", "") + (dec or ""))
            new = _scaled(full, factor, m.group("int"), dec)
            if new is not None and label == "PERCENT" and float(new.replace(",", "")) > 100:
                new = None
            pieces.append(None if new is None else new + (m.group("suf") or ""))
        candidate = _rebuild(text, matches, pieces)
        if candidate and _digits(candidate) == _digits(text):  # the same scale
            out[candidate] = None
        if len(out) >= count:
            break
    return list(out)


def _digits(text: str) -> list[int]:
    """How many digits the whole part of each number has ("2,000" -> [4])."""
    return [len(m.group("int").replace(",", "")) for m in _NUMBER.finditer(text)]


_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = r"(?P<day>\d{1,2})(?P<suf>st|nd|rd|th)?"
_PRE = rf"(?P<pre>(?:on\s+)?(?:the\s+)?(?:{_WEEKDAY}\s*,?\s+(?:the\s+)?)?)"
_YEAR = r"(?P<year>,?\s+\d{4})?"
_DAY_DATES = (
    re.compile(rf"{_PRE}{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}", re.I),  # "28 November"
    re.compile(rf"{_PRE}{_MONTH}\s+(?:the\s+)?{_DAY}{_YEAR}", re.I),  # "November 28th, 2024"
    re.compile(r"(?P<pre>(?:on\s+)?the\s+)" + _DAY, re.I),  # "the 28th"
)
"""A day of a month: "28 November", "Tuesday 22 July", "November 28th, 2024", "the 3rd of
May", "the 28th"."""
_DAYS_IN = {"jan": 31, "feb": 29, "mar": 31, "apr": 30, "may": 31, "jun": 30, "jul": 31,
            "aug": 31, "sep": 30, "oct": 31, "nov": 30, "dec": 31}


def _days_in(month: str | None, year: str | None) -> int:
    """How many days ``month`` ("Nov", "February") has (29 for a February of no given
    year, which may be a leap year); 31 when no month is given."""
    if month is None:
        return 31
    days = _DAYS_IN[month[:3].lower()]
    if days == 29 and year:
        y = int(re.sub(r"\D", "", year))
        days = 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28
    return days


def perturb_day(text: str, rng: random.Random, count: int = 8, *,
                alone: bool = True) -> list[str] | None:
    """Other days of the same month for a date that names a day of it ("28 November" ->
    "21 November"), each a real day of that month, in the answer's form ("28th" ->
    "24th"); with a weekday ("Tuesday 22 July"), days a whole week away, so the weekday
    stays true. ``alone``: "the 28th" with no month is a day too. None when ``text`` is
    not such a date."""
    patterns = _DAY_DATES if alone else _DAY_DATES[:2]
    m = next((m for p in patterns if (m := p.fullmatch(text))), None)
    if m is None:
        return None
    groups = m.groupdict()
    day = int(m.group("day"))
    last = _days_in(groups.get("month"), groups.get("year"))
    if not 1 <= day <= last:
        return []
    weekly = bool(re.search(_WEEKDAY, m.group("pre"), re.I))
    deltas = [d for d in ((-21, -14, -7, 7, 14, 21) if weekly else
                          (-10, -7, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 7, 10))
              if 1 <= day + d <= last]
    rng.shuffle(deltas)
    out = []
    for delta in deltas[:count]:
        new = day + delta
        piece = ordinal_suffix(new) if m.group("suf") else (
            f"{new:02d}" if m.group("day").startswith("0") else str(new))
        out.append(text[:m.start("day")] + piece + text[m.end("suf" if m.group("suf") else "day"):])
    return out


def perturb_number(text: str, label: str, rng: random.Random, count: int = 8) -> list[str]:
    """Same-shaped wrong versions of a number or date ("1990" -> "1993", "90.04%" ->
    "45.02%", "the 10th and 11th centuries" -> "the 8th and 9th centuries", "four" ->
    "six"). Every number in ``text`` is shifted (or scaled) alike; the rest is kept, so
    the unit and scale stay the answer's. A clock time stays a valid time ("23:47" ->
    "21:17"), a range keeps its low end below its high end ("70-80mph" -> "50-60mph"), a
    fraction stays a fraction ("a third" -> "a quarter"), and a phone number gets
    nothing."""
    if phone_like(text):
        return []
    days = perturb_day(text, rng, count, alone=label == "DATE")  # "28 November", any label
    if days is not None:
        return days
    clocks = clock_times(text, dots=label in {"DATE", "TIME"})
    if clocks:
        return _perturb_clock(text, clocks, rng, count)
    if _SEXAGESIMAL.search(text):
        return []  # "2:03:59", "23:75": a duration or a score, never scaled digit by digit
    fraction = _fraction(text)
    if fraction:
        return _perturb_fraction(text, fraction, rng, count)
    span = _RANGE.fullmatch(text)
    if span and not (label in {"DATE", "TIME"} and (  # years and days: shifted below
            set(tokens(text)) & MONTHS or 500 <= int(span.group("lo").replace(",", "")) <= 2100)):
        shifted = _perturb_range(text, span, label, rng, count)
        if shifted is not None:
            return shifted
    matches = list(_NUMBER.finditer(text))
    if not matches:
        return _perturb_words(text, rng, count)
    if label in {"QUANTITY", "MONEY", "CARDINAL", "PERCENT"} and len(matches) > 1 \
            and not re.fullmatch(r"\S+\s*[-–]\s*\S+", text):
        return []  # "4 ft 8 1/2 in": too intricate to alter safely
    values = [int(m.group("int").replace(",", "")) for m in matches]
    yearish = label in {"DATE", "TIME"} and any(
        500 <= v <= 2100 and m.group("dec") is None for v, m in zip(values, matches, strict=True)
    )
    ordinal = any(m.group("suf") in {"st", "nd", "rd", "th"} for m in matches)
    if yearish or ordinal:
        return _perturb_shifted(text, matches, values, yearish, ordinal, rng, count)
    if len(matches) == 1 and matches[0].group("dec") is None and values[0] <= 12:
        return _perturb_small(text, matches[0], values[0], rng, count)
    return _perturb_scaled(text, matches, label, rng, count)


_RELATIVE = re.compile(r"^(?P<pre>(?:the )?)(?P<when>last|next|this|past|coming) "
                       r"(?P<unit>day|week|weekend|month|year|decade|century|summer|winter|"
                       r"spring|autumn)$", re.I)
_UNITS = ("day", "week", "month", "year")


def perturb_relative_date(text: str) -> list[str]:
    """"last month" -> "last week", "next month", "last year": the same kind of date."""
    m = _RELATIVE.match(text)
    if not m:
        return []
    when, unit = m.group("when"), m.group("unit")
    others = [f"{w} {unit}" for w in ("last", "next", "this") if w != when.lower()]
    if unit.lower() in _UNITS:
        i = _UNITS.index(unit.lower())
        others += [f"{when} {u}" for u in _UNITS[max(0, i - 1):i + 2] if u != unit.lower()]
    return [m.group("pre") + o for o in others]


_DATE_UNITS = frozenset(
    "day days week weeks weekend weekends month months year years decade decades century "
    "centuries summer winter spring autumn".split()
)
_WEEKDAYS = frozenset(day.lower() for day in calendar_words.WEEKDAYS)
_SCALE_WORDS = frozenset("hundred thousand million billion trillion bn m k".split())


def date_shape(text: str) -> tuple[str, ...]:
    """The form of a date, so options of one question are dates of one kind: a year
    ("Y"), a month and year ("M Y"), a decade, a weekday, a relative date ("last U"),
    or a duration, which keeps its unit ("D years"); a clock time is named by its form
    ("23:47", "6.15am" and "10pm" are three forms) and a fraction is one form."""
    toks = tokens(_forms(text, dots=True))
    out: list[str] = []
    for i, tok in enumerate(toks):
        if re.fullmatch(r"\d{4}s?", tok):
            out.append("Ys" if tok.endswith("s") else "Y")
        elif re.fullmatch(r"\d+(?:st|nd|rd|th)?", tok):
            out.append("D")
        elif tok in MONTHS:
            out.append("M")
        elif tok in _WEEKDAYS:
            out.append("W")
        elif tok in _DATE_UNITS:
            duration = i > 0 and out and out[-1] == "D"
            out.append(tok if duration else "U")
        else:
            out.append(tok)
    return tuple(out)


def _forms(text: str, dots: bool) -> str:
    """``text`` with each clock time and fraction replaced by one word naming its form
    ("23:47 local time" -> "clockcolon local time", "a third" -> "fraction")."""
    fraction = _fraction(text)
    if fraction:
        text = text[:fraction.start()] + " fraction " + text[fraction.end("den"):]
    clocks = clock_times(text, dots)
    forms: list[str | None] = [
        " clock{}{}{} ".format("ampm" if m.group("ampm") else "",
                               {":": "colon", ".": "dot"}.get(m.group("sep") or "", ""),
                               "space" if m.group("sp") else "")
        for m in clocks]
    return _rebuild(text, clocks, forms) or text


def _number_shape(label: str, text: str) -> tuple[object, ...]:
    """Hard form of an amount: written in digits or words, its scale words ("million"),
    its unit ("%", "£", "sq mi"), and whether it is a clock time or a fraction, so "3
    million" never stands beside "200", nor "second" beside "a third"."""
    words = tuple(w for w in re.findall(r"[^\W\d_]+", fold(text)) if w in _SCALE_WORDS)
    unit = re.sub(r"[\d.,\s]+", " ", text).strip().lower() if label in {
        "QUANTITY", "MONEY", "PERCENT"} else ""
    form = re.findall(r"clock\w*|fraction", _forms(text, dots=label in {"DATE", "TIME"}))
    return has_digit(text), words, unit, tuple(form)


def _same_scale(label: str, a: str, b: str) -> bool:
    """Amounts within a factor of ten or so of each other ("200" and "150", not "3 million");
    dates and names always pass."""
    if label not in NUMERIC or label in {"DATE", "TIME"}:
        return True
    va, vb = number_values(a), number_values(b)
    if not va or not vb:
        return True
    big, small = max(va[0], vb[0]), max(min(va[0], vb[0]), 1e-9)
    return big / small < 12


def _shape(label: str, text: str) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """Form signatures ``(hard, soft)``: options of one question must share the hard one
    (a date of the same kind, an amount in the same unit and scale, a plural people-name
    among plurals) and should share the soft one (similar digits, a surname among
    surnames)."""
    toks = tokens(text)
    if label in {"DATE", "TIME"}:
        return date_shape(text), ()
    if label in NUMERIC:
        digits = len(re.sub(r"\D", "", text.split(".")[0]))
        return _number_shape(label, text), (re.sub(r"\d+", "#", text), digits)
    if label == "NORP":
        return (text.endswith("s"),), (min(len(toks), 2),)
    if label == "PERSON":
        return (), (min(len(toks), 2),)
    return (), (min(len(toks), 3), text[:1].islower())


MAX_PER_TIER = 60
"""Candidates looked at per tier: enough for three good options, bounded in a big library."""


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


def _words(text: str) -> str:
    """`` word word ``: the folded words of ``text`` between spaces, plurals made
    singular, so that a phrase is inside another's words exactly when it stands there as
    whole words ("Mongol" in "the Mongols", "iPod" in "older iPods")."""
    return " " + " ".join(_singular(w) for w in re.findall(r"\w+", fold(text))) + " "


def _variants(a: str, b: str, label: str) -> bool:
    """:func:`~bot.quiz.text.are_variants`, but two clock times are the same answer only
    when they name the same time ("23:47" and "21:47" share a number, not a time)."""
    dots = label in {"DATE", "TIME"}
    times_a = {clock_minute(m) for m in clock_times(a, dots)}
    times_b = {clock_minute(m) for m in clock_times(b, dots)}
    if times_a and times_b:
        return bool(times_a & times_b)
    return are_variants(a, b)


def _penalties(answer: str, label: str, tiers: Sequence[Iterable[str]], rng: random.Random,
               forbidden: str) -> list[tuple[float, int, str]]:
    """The safe candidates with their penalty (tier, length unlike the answer's, form
    unlike the answer's), best first."""
    answer_shape = _shape(label, answer)
    scored: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    for tier, candidates in enumerate(tiers):
        candidates = list(candidates)
        if len(candidates) > MAX_PER_TIER:  # a big library: a fair sample is plenty
            candidates = rng.sample(candidates, MAX_PER_TIER)
        for cand in (c.strip() for c in candidates):
            if not cand or fold(cand) in seen:
                continue
            seen.add(fold(cand))
            if not fits_type(label, cand) or _variants(cand, answer, label) \
                    or phone_like(cand):
                continue
            if forbidden and _words(cand) in forbidden:
                continue
            hard, soft = _shape(label, cand)
            if hard != answer_shape[0] or not _same_scale(label, cand, answer):
                continue
            ratio = abs(math.log(max(len(cand), 1) / max(len(answer), 1)))
            mismatch = 0.0 if soft == answer_shape[1] else 1.2
            penalty = tier + 1.5 * ratio + mismatch
            scored.append((penalty + rng.random() * 0.3, len(scored), cand))
    return sorted(scored)


def choose(
    answer: str,
    label: str,
    tiers: Sequence[Iterable[str]],
    rng: random.Random,
    *,
    count: int = 3,
    forbidden_text: str = "",
) -> list[str]:
    """Pick ``count`` wrong options for ``answer`` (fewer when not enough are safe).

    ``tiers`` are candidate lists in order of preference (same article, other articles,
    made-up numbers). A candidate is refused when it does not look like a ``label``, is a
    variant of the answer or of a chosen option (:func:`~bot.quiz.text.are_variants`), has
    another form, unit or scale, or occurs in ``forbidden_text`` (the sentence, so a listed
    sibling is never offered as wrong). Among the safe ones, close tiers and similar
    lengths win, and at least one chosen option is as long as the answer when possible,
    so the key is not the longest by habit. A phone number (:func:`phone_like`) gets no
    option and is no option.
    """
    if phone_like(answer):
        return []
    scored = [cand for _, _, cand in _penalties(answer, label, tiers, rng,
                                                _words(forbidden_text))]
    chosen: list[str] = []
    for cand in scored:
        if len(chosen) >= count:
            break
        if not any(_variants(cand, c, label) for c in chosen):
            chosen.append(cand)
    if chosen and count > 1 and all(len(c) < len(answer) for c in chosen):
        for cand in scored:
            if len(cand) >= len(answer) and cand not in chosen and not any(
                    _variants(cand, c, label) for c in chosen[:-1]):
                chosen[-1] = cand
                break
    return chosen


def number_candidates(answer: str, label: str, rng: random.Random) -> list[str]:
    """Made-up wrong values of the answer's own form, for numbers and dates only: a
    perturbed number ("1993" for "1990"), another month, another relative date ("last
    week" for "last month"). Names are never made up: they come from the library."""
    if label not in NUMERIC:
        return []
    numeric = perturb_number(answer, label, rng)
    if numeric:
        return numeric
    month = next((m for m in _MONTH_NAMES if re.search(rf"\b{m}\b", answer)), None)
    if month:
        others = [m for m in _MONTH_NAMES if m != month]
        rng.shuffle(others)
        return [re.sub(rf"\b{month}\b", m, answer, count=1) for m in others]
    return perturb_relative_date(answer)
