"""Text helpers shared by question making and grading: normalising, numbers, edit distance,
"is this the same name?" and "does this look like a date/number/name?"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bot import calendar_words
from bot.calendar_words import MONTH_ABBREVIATIONS

_CHAR_MAP = str.maketrans({
    "‘": "'", "’": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " ",
})

ARTICLES = frozenset({"a", "an", "the"})
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "lord", "lady", "dame", "prof", "professor",
    "king", "queen", "prince", "princess", "saint", "st", "rev", "reverend", "president",
    "pope", "duke", "duchess", "count", "countess", "emperor", "empress", "general", "captain",
    "councillor", "cllr", "judge", "detective", "inspector", "sergeant", "constable", "senator",
    "bishop", "archbishop", "chancellor",
})
ROLE_WORDS = frozenset(
    "striker midfielder defender goalkeeper keeper forward winger centre-back full-back "
    "skipper coach manager boss trustee chairman chairwoman chair mayor chancellor "
    "councillor cllr president minister secretary mp superintendent inspector detective "
    "sergeant constable commissioner judge senator governor bishop archbishop officer "
    "director executive spokesman spokeswoman spokesperson candidate leader "
    "headteacher".split()
)
"""What someone does, written before their name ("Striker Liam Fairclough", "Councillor
Dominic Faraday", "Chancellor Rachel Reeves"): no part of the name. An honorific ("Dr",
"Sir", "Mrs"), a royal style ("King Charles III") or a military rank ("Captain", "Colonel":
also in titles, "Colonel Sun", "Captain America") is how the name is written, and
stays."""
NAME_PREFIXES = TITLES | ROLE_WORDS
"""What may stand before a person's name without being part of it: an honorific or title
(:data:`TITLES`) or a role (:data:`ROLE_WORDS`)."""
# Tokens too common in names to show that two names are the same one.
WEAK_TOKENS = frozenset({
    "of", "and", "the", "for", "in", "on", "at", "de", "du", "la", "le", "von", "van", "der",
    "new", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "upper", "lower", "united", "great", "royal", "national", "central", "state", "city",
    "saint", "st", "old", "little", "greater",
})
ALIASES: tuple[frozenset[str], ...] = tuple(frozenset(group) for group in (
    {"uk", "united kingdom", "britain", "great britain", "u k"},
    {"us", "usa", "united states", "united states of america", "america", "u s", "u s a"},
    {"eu", "european union"},
    {"un", "united nations"},
    {"nhs", "national health service"},
    {"bbc", "british broadcasting corporation"},
    {"ussr", "soviet union"},
    {"holland", "netherlands"},
    *({f"last {unit}", f"{unit} ago", f"1 {unit} ago", f"previous {unit}"}
      for unit in ("week", "month", "year")),  # "a week ago" for "last week"
    {"yesterday", "day ago", "1 day ago", "previous day"},
))

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ORDINAL_WORDS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ORDINAL_WORDS) if i}
MONTHS = frozenset(m.lower() for m in (*calendar_words.MONTHS, *MONTH_ABBREVIATIONS))
WEEKDAYS: dict[str, str] = {
    **{day.lower(): day.lower() for day in calendar_words.WEEKDAYS},
    **{short: day for day, forms in (
        ("monday", "mon"), ("tuesday", "tue tues"), ("wednesday", "wed weds"),
        ("thursday", "thu thur thurs"), ("friday", "fri"), ("saturday", "sat"),
        ("sunday", "sun")) for short in forms.split()},
}
"""A weekday's tokens, full or short ("thurs"), to its full name."""
NAME_ABBREVIATIONS: dict[str, frozenset[str]] = {
    short: frozenset(full.split()) for short, full in (
        ("utd", "united"), ("ltd", "limited"), ("co", "company county"),
        ("corp", "corporation"), ("inc", "incorporated"), ("intl", "international"),
        ("univ", "university"), ("dept", "department"), ("govt", "government"),
        ("natl", "national"), ("assn", "association"), ("bros", "brothers"),
        ("mt", "mount"), ("ft", "fort"), ("st", "street saint"), ("rd", "road"),
        ("ave", "avenue"), ("sq", "square"), ("hosp", "hospital"),
    )
}
"""Short forms in names and the words they stand for ("Kendal Utd", "Oxford St")."""
_DATE_WORDS = frozenset(
    "year years month months week weeks day days decade decades century centuries ago today "
    "yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday spring summer "
    "autumn fall winter season seasons weekend morning evening night bc ad bce ce era age "
    "annual annually daily weekly monthly yearly recently".split()
)
_CURRENCY = re.compile(
    r"[£$€¥]|\b(?:pounds?|dollars?|euros?|pence|(?<!per )cents?|yen|francs?|rupees?)\b", re.I
)
_TOKEN = re.compile(r"[£$€¥%]|\d+(?:\.\d+)*[^\W\d_]*|[^\W\d_][^\W_]*")


def fold(text: str) -> str:
    """Unicode-fold: NFKC, curly quotes and dashes to plain ones, case folded."""
    return unicodedata.normalize("NFKC", text).translate(_CHAR_MAP).casefold()


def ordinal_suffix(n: int) -> str:
    """``1 -> "1st"``, ``12 -> "12th"``, ``23 -> "23rd"``."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


def _words_to_numbers(tokens: list[str]) -> list[str]:
    """Replace runs of number words ("twenty one", "two hundred and five") with digits."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in ORDINAL_WORDS:
            out.append(ordinal_suffix(ORDINAL_WORDS[tok]))
            i += 1
            continue
        if tok not in NUMBER_WORDS and not (tok in _SCALES and out and out[-1].isdigit()):
            out.append(tok)
            i += 1
            continue
        total, current, j, used = 0, 0, i, False
        if tok in _SCALES:  # "4 million": fold the previous digit token in
            current = int(out.pop())
        while j < len(tokens):
            word = tokens[j]
            if word in NUMBER_WORDS:
                current += NUMBER_WORDS[word]
            elif word in _SCALES:
                scale = _SCALES[word]
                if scale == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * scale
                    current = 0
            elif word == "and" and used and j + 1 < len(tokens) and tokens[j + 1] in NUMBER_WORDS:
                pass
            else:
                break
            used = True
            j += 1
        out.append(str(total + current))
        i = j
    return out


def tokens(text: str, *, drop_articles: bool = True) -> list[str]:
    """Normalised word tokens: folded case and quotes, possessives and thousands commas
    dropped, "per cent" -> "%", number words -> digits, articles (a/an/the) dropped."""
    return list(_tokens(text, drop_articles))


@lru_cache(maxsize=65536)
def _tokens(text: str, drop_articles: bool) -> tuple[str, ...]:
    s = fold(text)
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)
    s = re.sub(r"\bper\s?cent\b", " % ", s)
    s = re.sub(r"(?<=\w)'s\b", "", s)
    s = re.sub(r"(?<=s)'(?=\s|$)", "", s)
    s = s.replace("-", " ")
    toks = _TOKEN.findall(s)
    toks = _words_to_numbers(toks)
    merged: list[str] = []
    for tok in toks:  # "5 %" and "5%" alike become "5%"
        if tok == "%" and merged and merged[-1][0].isdigit():
            merged[-1] += "%"
        else:
            merged.append(tok)
    toks = merged
    if drop_articles:
        toks = [t for t in toks if t not in ARTICLES]
    return tuple(toks)


def normalise(text: str) -> str:
    """The comparable form of an answer: :func:`tokens` joined by single spaces."""
    return " ".join(tokens(text))


def same_name_words(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two names' :func:`tokens` are the same word for word, a short form standing
    for its word ("kendal utd" / "kendal united", "oxford st" / "oxford street") and "and"
    optional ("Marks & Spencer": the tokens drop "&")."""
    a = [t for t in a if t != "and"]
    b = [t for t in b if t != "and"]
    return len(a) == len(b) and all(
        x == y or y in NAME_ABBREVIATIONS.get(x, ()) or x in NAME_ABBREVIATIONS.get(y, ())
        for x, y in zip(a, b, strict=True))


def strip_titles(toks: list[str]) -> list[str]:
    """Drop leading honorifics and roles ("mr", "sir", "king", "striker"...) from
    normalised name tokens."""
    i = 0
    while i < len(toks) - 1 and toks[i] in NAME_PREFIXES:
        i += 1
    return toks[i:]


def damerau_levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance counting insertions, deletions, substitutions and adjacent swaps
    (optimal string alignment). With ``limit``, may stop early once it is exceeded."""
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def numbers_in(text: str) -> list[str]:
    """The numbers in a text, normalised (digits, number words turned into digits)."""
    return [t for t in tokens(text) if re.match(r"\d", t)]


_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
          "bn": 1e9, "trillion": 1e12}


def number_values(text: str) -> list[float]:
    """Numeric values in ``text``: "£1.3bn" -> [1.3e9], "four" -> [4.0], "90.04%" ->
    [90.04], "3.5 million" -> [3.5e6], "10th" -> [10.0]. Words like "4G" are not numbers."""
    return list(_number_values(text))


@lru_cache(maxsize=65536)
def _number_values(text: str) -> tuple[float, ...]:
    toks = tokens(text)
    out: list[float] = []
    for i, tok in enumerate(toks):
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(%|st|nd|rd|th|s|bn|m|mn|k)?", tok)
        if not m:
            continue
        value = float(m.group(1))
        suffix = m.group(2)
        if suffix in _SCALE:
            value *= _SCALE[suffix]
        elif i + 1 < len(toks) and toks[i + 1] in _SCALE:
            value *= _SCALE[toks[i + 1]]
        out.append(value)
    return tuple(out)


@lru_cache(maxsize=65536)
def token_set(text: str) -> frozenset[str]:
    """The set of :func:`tokens` of ``text`` (cached: the quiz asks often)."""
    return frozenset(_tokens(text, True))


def _alias_group(norm: str) -> frozenset[str] | None:
    for group in ALIASES:
        if norm in group:
            return group
    return None


def _initials(toks: list[str]) -> str:
    return "".join(t[0] for t in toks if t not in WEAK_TOKENS and t)


@lru_cache(maxsize=65536)
def are_variants(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` may name the same thing, so one cannot be a wrong option
    for the other: equal after normalising, titles or aliases ("Mr Bailey"/"Bailey",
    "UK"/"United Kingdom"), one inside the other, a shared distinctive word ("Simon
    Bailey"/"Bailey", "Sky Italia"/"Sky"), an acronym, the same number, or a spelling
    slip apart ("Normandy"/"Normandie")."""
    ta, tb = strip_titles(tokens(a)), strip_titles(tokens(b))
    na, nb = " ".join(ta), " ".join(tb)
    if not na or not nb or na == nb:
        return True
    group = _alias_group(na)
    if group is not None and nb in group:
        return True
    if has_digit(na) and has_digit(nb):  # numbers: the same value anywhere, or nothing
        return bool(set(number_values(a)) & set(number_values(b)))
    ja, jb = na.replace(" ", ""), nb.replace(" ", "")
    short, long_ = sorted((ja, jb), key=len)
    if len(short) >= 3 and short in long_:
        return True
    strong_a = {t for t in ta if t not in WEAK_TOKENS and (len(t) >= 3 or t[0].isdigit())}
    strong_b = {t for t in tb if t not in WEAK_TOKENS and (len(t) >= 3 or t[0].isdigit())}
    if strong_a & strong_b:
        return True
    if len(ta) == 1 and len(tb) > 1 and ta[0] == _initials(tb):
        return True
    if len(tb) == 1 and len(ta) > 1 and tb[0] == _initials(ta):
        return True
    if len(short) >= 5:
        allowed = 1 if len(short) < 8 else 2
        if damerau_levenshtein(ja, jb, allowed) <= allowed:
            return True
    return False


def word_count(text: str) -> int:
    """Number of word-like tokens."""
    return len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text))


def has_digit(text: str) -> bool:
    """Whether any character is a digit."""
    return any(ch.isdigit() for ch in text)


def fits_type(label: str, text: str) -> bool:
    """Does ``text`` look like an answer of entity type ``label``? Used to drop noisy NER
    results and to make sure every wrong option has the answer's type."""
    toks = tokens(text, drop_articles=True)
    raw_words = re.findall(r"[^\W\d_]+", fold(text))
    if not toks or len(text) > 80 or "\n" in text:
        return False
    numberish = any(t[0].isdigit() for t in toks)
    if label in {"PERSON", "GPE", "NORP", "LANGUAGE", "LOC"}:
        if has_digit(text) or not any(ch.isupper() for ch in text):
            return False
        return not (set(raw_words) & MONTHS and len(raw_words) <= 2 and label != "PERSON")
    if label in {"ORG", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}:
        return any(ch.isupper() for ch in text) and not re.fullmatch(r"[\d\s.,%]+", text)
    if label == "DATE":
        if re.search(r"[°/]|\w-(?:day|year|week|month)s?\b", text):
            return False
        if numberish or set(raw_words) & MONTHS:
            return True
        # a relative date needs more than a bare unit ("last month", not "monthly")
        return len(raw_words) >= 2 and bool(set(raw_words) & _DATE_WORDS)
    if label == "TIME":
        return numberish or bool(set(raw_words) & {"am", "pm", "noon", "midnight", "hours",
                                                   "hour", "minutes", "morning", "evening",
                                                   "night", "afternoon", "o'clock"})
    if label == "PERCENT":
        return "%" in "".join(toks) and numberish
    if label == "MONEY":
        return numberish and bool(_CURRENCY.search(text))
    if label == "ORDINAL":
        return len(toks) == 1 and bool(re.fullmatch(r"\d+(st|nd|rd|th)", toks[0]))
    if label == "CARDINAL":
        return (numberish and "%" not in text and not _CURRENCY.search(text)
                and all(re.fullmatch(r"\d+(?:\.\d+)?", t) or t in _SCALES for t in toks))
    if label == "QUANTITY":
        return numberish
    return True


_VAGUE = frozenset(
    "same following previous preceding next that this those these each every many several "
    "few some other recent later earlier subsequent coming".split()
)
_DATE_UNITS = frozenset(
    "day days week weeks month months year years decade decades century centuries time "
    "times period era age season".split()
)


def vague_date(text: str) -> bool:
    """A date that names no time without its context ("the same year", "many years",
    "a year", "the following year"): no number, month, weekday, season or named era,
    only a unit and words like "same", "many", "following". "last month" and "next
    Monday" are dates; "that year" is not."""
    toks = tokens(text)
    raw = re.findall(r"[^\W\d_]+", fold(text))
    if not toks or any(t[0].isdigit() for t in toks) or set(raw) & MONTHS:
        return False
    units = [t for t in raw if t in _DATE_UNITS]
    rest = [t for t in raw if t not in _DATE_UNITS and t not in ARTICLES]
    return bool(units) and all(t in _VAGUE for t in rest)


_FUNCTION_WORDS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them "
    "their theirs this that these those who whom whose which what there here one ones "
    "a an the of in on at to for by with from and or but as not no so than then some any "
    "all each every both either neither many much more most few several other another "
    "such same own is are was were be been being has have had do does did will would "
    "can could may might shall should must thing things people person way ways time "
    "times lot lots part parts kind sort something anything everything nothing someone "
    "anyone everyone".split()
)


def says_little(answer: str) -> bool:
    """Is the answer only function words, pronouns or the commonest nouns ("it", "they",
    "the people", "some time")? Such a blank tests grammar, not reading."""
    words = re.findall(r"[^\W\d_]+", fold(answer))
    return not has_digit(answer) and all(w in _FUNCTION_WORDS for w in words)


_QUESTION_WORDS = frozenset("when where why how long often old far".split())
NAMED_WORDS = 2
"""How many words a wh-question needs besides its question and function words."""


def names_too_little(question: str) -> bool:
    """Does a question name too little to be answered without its passage ("What rises?",
    "What were they?", "What did this provide?", "What does BSkyB have?"): fewer than
    :data:`NAMED_WORDS` words that are neither function words nor question words?"""
    words = [w for w in re.findall(r"[^\W_]+", fold(question))
             if w not in _FUNCTION_WORDS and w not in _QUESTION_WORDS]
    return len(words) < NAMED_WORDS


_SUFFIXES = ("ians", "ian", "ium", "ies", "ese", "ish", "es", "ia", "an", "um", "s", "y", "a")


def stem(word: str) -> str:
    """A folded word without its commonest ending, so that related forms meet ("belgian",
    "belgium" -> "belgi"; "energies", "energy" -> "energ"); the stem keeps 4+ letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def gives_away(answer: str, question: str) -> bool:
    """Does ``question`` already show the answer: any word of it of 4+ letters, its head
    (last) word, or any number in it, also in a related form ("Normans"/"Norman",
    "Belgian"/"Belgium")?"""
    ans = tokens(answer)
    raw = re.findall(r"[^\W_]+", fold(answer))
    if not ans:
        return False
    keys = {t for t in ans if len(t) >= 4 or t[0].isdigit()}
    keys |= {w for w in raw if len(w) >= 4}
    if len(ans[-1]) >= 3:
        keys.add(ans[-1])
    shown = tokens(question) + re.findall(r"[^\W_]+", fold(question))
    stems = {stem(k) for k in keys if len(k) >= 5 and not k[0].isdigit()}
    for word in shown:
        if len(word) >= 5 and stem(word) in stems:
            return True  # "Belgian" shows "Belgium"
        for key in keys:
            if word == key:
                return True
            if (min(len(word), len(key)) >= 4 and abs(len(word) - len(key)) <= 3
                    and (word.startswith(key) or key.startswith(word))):
                return True
    return False


_CLOCK = re.compile(
    r"(?<![\w.:,£$€])(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<min>\d{2}))?"
    r"(?P<sp>\s?)(?P<ampm>[ap]\.?m\b\.?)?(?![\w:%]|[.,]\d)", re.I
)
"""A time of day as written: "23:47", "6.15am", "10pm", "2.40 p.m." (see
:func:`clock_times`)."""


def clock_times(text: str, dots: bool) -> list[re.Match[str]]:
    """The clock times in ``text``: "23:47", "07:30", "6.15am", "10pm", "2.40 p.m.", and
    "23.47" when ``dots`` (in a date or time, where a dot between hours and minutes is
    no decimal point). Only valid times count: hours 0-23 (1-12 before am or pm),
    minutes 0-59."""
    out = []
    for m in _CLOCK.finditer(text):
        hour, minute, ampm = int(m.group("h")), m.group("min"), m.group("ampm")
        if minute is not None and int(minute) > 59:
            continue
        if ampm:
            if 1 <= hour <= 12:
                out.append(m)
        elif minute is not None and hour <= 23 and (m.group("sep") == ":" or dots):
            out.append(m)
    return out


def clock_minute(m: re.Match[str]) -> int:
    """The minute of the day a clock time names ("6.15am" -> 375, "23:47" -> 1427)."""
    hour, minute, ampm = int(m.group("h")), int(m.group("min") or 0), m.group("ampm")
    if ampm:
        hour = hour % 12 + (12 if ampm[0].lower() == "p" else 0)
    return hour * 60 + minute
