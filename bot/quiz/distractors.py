"""Wrong options: typed candidates (article first, then other articles, then a built-in
list or a perturbed number), filtered so none is also right, and picked near the answer's
length so the longest option is not a tell."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence

from bot.quiz.text import (
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

# A small typed fallback, used only when the article and the library are short of
# candidates. Well-known names of varied length, so one of a similar length exists.
FALLBACK: dict[str, tuple[str, ...]] = {
    "PERSON": (
        "Theresa May", "Boris Johnson", "Sadiq Khan", "Cressida Dick", "Mark Zuckerberg",
        "Sundar Pichai", "Tim Cook", "Angela Merkel", "Barack Obama", "Emmanuel Macron",
        "Jeff Bezos", "Bill Gates", "Keir Starmer", "Tony Blair", "David Cameron",
        "Gordon Brown", "Nelson Mandela", "Winston Churchill", "Margaret Thatcher",
        "Jacinda Ardern", "Justin Trudeau", "Greta Thunberg", "Marie Curie", "Ada Lovelace",
        "Isaac Newton", "Charles Darwin", "Jane Austen", "William Shakespeare",
        "Priti Patel", "Sajid Javid", "Amber Rudd", "Nicola Sturgeon", "Ed Miliband",
        "John Major", "Harold Wilson", "Clement Attlee", "Alan Turing", "Florence Nightingale",
    ),
    "ORG": (
        "Google", "Facebook", "Twitter", "Apple", "Amazon", "Microsoft", "Netflix", "YouTube",
        "Instagram", "the BBC", "the NHS", "the United Nations", "the European Union", "Nato",
        "Unicef", "Oxfam", "the Red Cross", "Interpol", "Europol", "Scotland Yard",
        "the Home Office", "Ofcom", "Reuters", "the World Bank", "the Labour Party",
        "the Conservative Party", "Greenpeace", "Barclays", "Vodafone", "Tesco", "Samsung",
        "the National Crime Agency", "the Metropolitan Police", "Channel 4", "ITV",
    ),
    "GPE": (
        "France", "Germany", "Spain", "Italy", "Ireland", "Scotland", "Wales", "England",
        "London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Paris", "Berlin", "Madrid",
        "Rome", "Dublin", "Norfolk", "Suffolk", "Kent", "Essex", "Yorkshire", "Cornwall",
        "Australia", "Canada", "India", "China", "Japan", "Brazil", "Mexico", "Egypt",
        "New York", "Melbourne", "Sydney", "Tokyo", "Moscow", "Belgium", "Portugal", "Denmark",
        "Sweden", "Norway", "Poland", "Greece", "Austria", "Switzerland", "Chicago", "Boston",
    ),
    "LOC": (
        "Europe", "Asia", "Africa", "the Mediterranean", "the Atlantic", "the Pacific",
        "the Alps", "the North Sea", "Scandinavia", "the Middle East", "the Balkans",
        "the Baltic", "Siberia", "the Sahara", "the Himalayas", "the Caribbean",
    ),
    "NORP": (
        "French", "German", "British", "American", "Italian", "Spanish", "Danish", "Swedish",
        "Dutch", "Greek", "Roman", "Christian", "Muslim", "Catholic", "Protestant", "Irish",
        "Scottish", "Welsh", "Chinese", "Japanese", "Russian", "Polish", "Byzantine", "Saxon",
    ),
    "FAC": (
        "Heathrow Airport", "Wembley Stadium", "the Eiffel Tower", "Westminster Abbey",
        "Buckingham Palace", "the Sydney Opera House", "the Tower of London",
        "the Brooklyn Bridge", "Hadrian's Wall", "the Colosseum",
    ),
    "EVENT": (
        "the Second World War", "the First World War", "the Olympic Games", "the World Cup",
        "the Battle of Hastings", "the French Revolution", "the Cold War", "the Crusades",
        "the Great Depression", "the Industrial Revolution",
    ),
    "LANGUAGE": (
        "English", "French", "Latin", "German", "Spanish", "Italian", "Greek", "Arabic",
        "Dutch", "Welsh", "Gaelic", "Portuguese",
    ),
    "DATE": (
        "last week", "last year", "two years ago", "next month", "yesterday", "this year",
        "last summer", "in the spring", "a decade ago", "next year", "last weekend",
    ),
    "TIME": ("midnight", "noon", "this morning", "last night", "the early hours"),
    "ORDINAL": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh"),
}

SINGLE_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(name.split()[-1] for name in FALLBACK["PERSON"])
)
"""Surnames of the fallback people, for answers that are a surname alone."""

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


def perturb_number(text: str, label: str, rng: random.Random, count: int = 8) -> list[str]:
    """Same-shaped wrong versions of a number or date ("1990" -> "1993", "90.04%" ->
    "45.02%", "the 10th and 11th centuries" -> "the 8th and 9th centuries", "four" ->
    "six"). Every number in ``text`` is shifted (or scaled) alike; the rest is kept."""
    matches = list(_NUMBER.finditer(text))
    out: dict[str, None] = {}
    if not matches:
        words = re.findall(r"[A-Za-z]+", text)
        for word in words:
            low = word.lower()
            if low in NUMBER_WORDS or low in ORDINAL_WORDS:
                is_ord = low in ORDINAL_WORDS
                value = ORDINAL_WORDS[low] if is_ord else NUMBER_WORDS[low]
                pool = list(ORDINAL_WORDS) if is_ord else _SMALL_WORDS
                choices = [w for w in pool if w != low and abs(
                    (ORDINAL_WORDS[w] if is_ord else NUMBER_WORDS[w]) - value) <= 6]
                rng.shuffle(choices)
                for choice in choices[:count]:
                    new = choice.capitalize() if word[0].isupper() else choice
                    out[re.sub(rf"\b{word}\b", new, text, count=1)] = None
                break
        return list(out)
    if label in {"QUANTITY", "MONEY", "CARDINAL", "PERCENT"} and len(matches) > 1 \
            and not re.fullmatch(r"\S+\s*[-–]\s*\S+", text):
        return []  # "4 ft 8 1/2 in": too intricate to alter safely
    values = [int(m.group("int").replace(",", "")) for m in matches]
    yearish = label in {"DATE", "TIME"} and any(
        500 <= v <= 2100 and m.group("dec") is None for v, m in zip(values, matches, strict=True)
    )
    ordinal = any(m.group("suf") in {"st", "nd", "rd", "th"} for m in matches)
    if yearish or ordinal:
        decades = any(m.group("suf") == "s" for m in matches)
        deltas = [d for d in (-10, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 10) if not ordinal
                  or abs(d) <= 4]
        if decades:
            deltas = [-30, -20, -10, 10, 20, 30]
        rng.shuffle(deltas)
        for delta in deltas:
            pieces, last, ok = [], 0, True
            for value, m in zip(values, matches, strict=True):
                raw = m.group("int")
                if yearish and not (500 <= value <= 2100 or raw.startswith("0")
                                    or m.group("suf") == "s"):
                    new = raw  # a day of the month: keep it, move the year
                elif raw.startswith("0") and len(raw) == 2:
                    new = f"{(value + delta) % 100:02d}"
                else:
                    if value + delta <= 0:
                        ok = False
                        break
                    new = _format_int(value + delta, raw)
                suffix = m.group("suf") or ""
                if suffix in {"st", "nd", "rd", "th"}:
                    new = ordinal_suffix(int(new.replace(",", "")))
                    suffix = ""
                pieces.append(text[last:m.start()] + new + (m.group("dec") or "") + suffix)
                last = m.end()
            if ok:
                candidate = "".join(pieces) + text[last:]
                if candidate != text and not set(number_values(candidate)) & set(
                        number_values(text)):  # "the 11th and 12th" overlaps "10th and 11th"
                    out[candidate] = None
            if len(out) >= count:
                break
        return list(out)
    if len(matches) == 1 and matches[0].group("dec") is None and values[0] <= 12:
        choices = [v for v in range(2, 13) if v != values[0]]
        rng.shuffle(choices)
        m = matches[0]
        for v in choices[:count]:
            out[text[:m.start()] + str(v) + (m.group("suf") or "") + text[m.end():]] = None
        return list(out)
    factors = [0.25, 0.4, 0.5, 0.6, 0.75, 1.25, 1.5, 2.0, 2.5, 3.0]
    rng.shuffle(factors)
    for factor in factors:
        pieces, last, ok = [], 0, True
        for m in matches:
            dec = m.group("dec")
            full = float(m.group("int").replace(",", "") + (dec or ""))
            new = _scaled(full, factor, m.group("int"), dec)
            if new is None or (label == "PERCENT" and float(new.replace(",", "")) > 100):
                ok = False
                break
            pieces.append(text[last:m.start()] + new + (m.group("suf") or ""))
            last = m.end()
        if ok:
            out["".join(pieces) + text[last:]] = None
        if len(out) >= count:
            break
    return list(out)


def _shape(label: str, text: str) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """Form signatures ``(hard, soft)``: options of one question must share the hard one
    (a number among numbers, a plural people-name among plurals) and should share the soft
    one (the same date pattern, a surname among surnames)."""
    toks = tokens(text)
    if label in NUMERIC:
        pattern = re.sub(r"\d+", "#", re.sub(r"[A-Za-z]+", "a", text))
        hard: tuple[object, ...] = (has_digit(text),)
        if label in {"QUANTITY", "MONEY"}:  # same unit or currency: "sq mi", "A$"
            hard += (re.sub(r"[\d.,\s]+", " ", text).strip().lower(),)
        return hard, (pattern,)
    if label == "NORP":
        return (text.endswith("s"),), (min(len(toks), 2),)
    if label == "PERSON":
        return (), (min(len(toks), 2),)
    return (), (min(len(toks), 3), text[:1].islower())


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
    fallback). A candidate is refused when it does not look like a ``label``, is a variant
    of the answer or of a chosen option (:func:`~bot.quiz.text.are_variants`), or occurs
    in ``forbidden_text`` (the sentence, so a listed sibling is never offered as wrong).
    Among the safe ones, close tiers and similar lengths win, and at least one chosen
    option is as long as the answer when possible, so the key is not the longest by habit.
    """
    forbidden = fold(forbidden_text)
    answer_shape = _shape(label, answer)
    scored: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    for tier, candidates in enumerate(tiers):
        for cand in candidates:
            cand = cand.strip()
            if not cand or fold(cand) in seen:
                continue
            seen.add(fold(cand))
            if not fits_type(label, cand) or are_variants(cand, answer):
                continue
            if forbidden and re.search(rf"(?<!\w){re.escape(fold(cand))}(?!\w)", forbidden):
                continue
            hard, soft = _shape(label, cand)
            if hard != answer_shape[0]:
                continue
            ratio = abs(math.log(max(len(cand), 1) / max(len(answer), 1)))
            mismatch = 0.0 if soft == answer_shape[1] else (2.5 if label in NUMERIC else 1.2)
            penalty = tier + 1.5 * ratio + mismatch
            scored.append((penalty + rng.random() * 0.3, len(scored), cand))
    scored.sort()
    chosen: list[str] = []
    for _, _, cand in scored:
        if len(chosen) >= count:
            break
        if not any(are_variants(cand, c) for c in chosen):
            chosen.append(cand)
    if chosen and count > 1 and all(len(c) < len(answer) for c in chosen):
        for _, _, cand in scored:
            if len(cand) >= len(answer) and cand not in chosen and not any(
                are_variants(cand, c) for c in chosen[:-1]
            ):
                chosen[-1] = cand
                break
    return chosen


def fallback_candidates(answer: str, label: str, rng: random.Random) -> list[str]:
    """Built-in candidates for ``label``: a perturbed number for numeric types, else names."""
    if label in NUMERIC:
        numeric = perturb_number(answer, label, rng)
        if numeric:
            return numeric
        month = next((m for m in _MONTH_NAMES if re.search(rf"\b{m}\b", answer)), None)
        if month:
            others = [m for m in _MONTH_NAMES if m != month]
            rng.shuffle(others)
            return [re.sub(rf"\b{month}\b", m, answer, count=1) for m in others]
    if label == "PERSON" and len(tokens(answer)) == 1:
        return list(SINGLE_NAMES)
    return list(FALLBACK.get(label, ()))
