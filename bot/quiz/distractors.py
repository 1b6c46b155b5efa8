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

from bot.quiz.text import (
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    are_variants,
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
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_SMALL_WORDS = [w for w, v in NUMBER_WORDS.items() if 2 <= v <= 12]


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
            out.append(re.sub(rf"\b{word}\b", new, text, count=1))
        return out
    return []


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


def perturb_number(text: str, label: str, rng: random.Random, count: int = 8) -> list[str]:
    """Same-shaped wrong versions of a number or date ("1990" -> "1993", "90.04%" ->
    "45.02%", "the 10th and 11th centuries" -> "the 8th and 9th centuries", "four" ->
    "six"). Every number in ``text`` is shifted (or scaled) alike; the rest is kept, so
    the unit and scale stay the answer's."""
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
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_SCALE_WORDS = frozenset("hundred thousand million billion trillion bn m k".split())


def date_shape(text: str) -> tuple[str, ...]:
    """The form of a date, so options of one question are dates of one kind: a year
    ("Y"), a month and year ("M Y"), a decade, a weekday, a relative date ("last U"),
    or a duration, which keeps its unit ("D years")."""
    toks = tokens(text)
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


def _number_shape(label: str, text: str) -> tuple[object, ...]:
    """Hard form of an amount: written in digits or words, its scale words ("million")
    and its unit ("%", "£", "sq mi"), so "3 million" never stands beside "200"."""
    words = tuple(w for w in re.findall(r"[^\W\d_]+", fold(text)) if w in _SCALE_WORDS)
    unit = re.sub(r"[\d.,\s]+", " ", text).strip().lower() if label in {
        "QUANTITY", "MONEY", "PERCENT"} else ""
    return has_digit(text), words, unit


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
            if not fits_type(label, cand) or are_variants(cand, answer):
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
    so the key is not the longest by habit.
    """
    scored = [cand for _, _, cand in _penalties(answer, label, tiers, rng,
                                                _words(forbidden_text))]
    chosen: list[str] = []
    for cand in scored:
        if len(chosen) >= count:
            break
        if not any(are_variants(cand, c) for c in chosen):
            chosen.append(cand)
    if chosen and count > 1 and all(len(c) < len(answer) for c in chosen):
        for cand in scored:
            if len(cand) >= len(answer) and cand not in chosen and not any(
                    are_variants(cand, c) for c in chosen[:-1]):
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
