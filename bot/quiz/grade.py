"""Grading a student's answer fairly: by option for multiple choice and true/false, by
normalised text for typed answers (case, punctuation, articles, quotes, number words),
with small typos forgiven, a surname enough for a person, and, for noun-phrase answers
only, a match in meaning by sentence embeddings.

One rule for every kind of question (typed, multiple choice, true/false): one slip (a
letter wrong, missing, added, or two swapped) is forgiven in an answer of 4-8 letters, two
beyond (:func:`allowed_slips`), so "fasle" is false just as "the governmnet" is the
Government. A wrong name never passes for looking like the right one: a slip is forgiven
only in names of 6+ letters, and never when what was typed is itself another name of the
quiz (an option, another name in the article) or a real English word ("Barley" for
"Marley", "tree" for "true"). Answers of 3 letters or fewer must match exactly ("hair" is
not "air"). Numbers and dates must match in value; they are never fuzzy. What people
leave out or shorten is not a slip: an hour alone for a time of day ("7" for "7pm"), the
day of a key that adds a time of day ("Thursday" for "Thursday evening"), the usual short
forms of names ("Utd", "St", "&"), a date in numbers, day first ("14/11/2026"), a person
named surname first as a register names them ("Sandhu, Dev").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from bot.embed import Encoder
from bot.quiz.item import (
    MULTIPLE_CHOICE,
    NAME_TYPES,
    NUMERIC_TYPES,
    PHRASE,
    TRUE_FALSE,
    QuizQuestion,
)
from bot.quiz.text import (
    ALIASES,
    MONTHS,
    WEEKDAYS,
    damerau_levenshtein,
    fold,
    normalise,
    number_values,
    same_name_words,
    strip_titles,
    tokens,
)
from bot.quiz.units import dates_in_words, same_clock, units_as_one, units_as_one_plain
from bot.quiz.wording import QuizWording, default_wording

MAX_ANSWER_CHARS = 500
SEMANTIC_THRESHOLD = 0.68
"""Cosine (the default encoder) above which a noun-phrase answer counts as the same meaning.
Calibrated in tests/quiz/test_grade.py on a table of right and wrong pairs."""

_TRUE = frozenset({"true", "t", "yes", "y", "right", "correct", "vrai", "yep", "yeah", "yup"})
_FALSE = frozenset({"false", "f", "no", "n", "wrong", "incorrect", "faux", "nope", "nah"})
_SAYING = re.compile(r"^(?:it\s*'?s|it\s+is|that\s*'?s|that\s+is|its|thats)\s+")
""""it's true", "that's false": the word after is the answer."""
_LETTER = re.compile(r"^\(?\s*([a-d])\s*[).:]?$")
_INDEX = re.compile(r"^\(?\s*([1-4])\s*[).:]?$")
_CHOSEN = re.compile(r"^(?:option|answer|choice)\s+")
""""option b", "answer 2": the word before a letter or number."""
_LETTER_AND_TEXT = re.compile(r"^\(?\s*([a-d1-4])\s*[).:\-–]\s*(.+)$")
""""B. Department for Transport", "b - dft": a letter and its option's text."""
_ROMAN = re.compile(r"^(?:[ivxl]+|jr|sr)$")
_NAME_WORDS = r"((?:[^\W\d_][\w.'’-]*\s*){1,3})"
_SURNAME_FIRST = re.compile(rf"^\s*{_NAME_WORDS},\s*{_NAME_WORDS}$")
""""Sandhu, Dev", "Sandhu, D.": a person's name in a register's order, surname first."""
# Words that embeddings place close together although they oppose each other: words
# from different "|"-separated sets of one line contrast ("small" vs "huge"), words of
# the same set do not ("big" and "huge").
_CONTRASTS: tuple[tuple[frozenset[str], ...], ...] = tuple(
    tuple(frozenset(part.split()) for part in line.split("|")) for line in (
        "small tiny little minor|big huge large vast massive enormous major",
        "junior|senior", "new modern|old ancient", "young|old elderly",
        "north northern|south southern|east eastern|west western", "first|last final",
        "online|offline", "domestic|foreign overseas international", "upper|lower",
        "high|low", "early|late", "rising|falling", "increase rise|decrease fall",
        "more|less fewer", "public|private", "male|female", "rural|urban", "inner|outer",
        "pointed|rounded round", "left|right", "positive|negative", "maximum|minimum",
        "full|empty", "open|closed", "wet|dry", "hot warm|cold cool", "strong|weak",
        "rich|poor", "cheap|expensive", "legal|illegal", "direct|indirect",
        "formal|informal", "civil civilian|military", "before|after", "success|failure",
        "win victory|loss defeat", "men boys|women girls",
        "most|least fewest", "best|worst", "highest|lowest", "largest biggest|smallest",
        "longest|shortest", "fastest quickest|slowest", "oldest|youngest newest",
        "richest|poorest", "strongest|weakest", "greatest|least",
        "steel iron metal|concrete|wood wooden timber|glass|plastic|stone|brick",
    )
)
_NEGATIONS = ("un", "in", "il", "im", "ir", "non", "dis", "anti")
_APOSTROPHE_S = re.compile(r"(?<=\w)['’]s\b")
"""A possessive's apostrophe, which a typed answer may leave out ("St Marys" for "St
Mary's": punctuation never matters)."""
_DAY_QUALIFIERS = frozenset(
    "morning afternoon evening night overnight lunchtime midday last next this on early late"
    .split()
)
"""Words a key naming a weekday may hold that an answer may leave out ("Thursday" for
"Thursday evening", "last Friday")."""
_WHICH_WEEK = frozenset({"last", "next", "this"})
"""Words that change which day is meant: never added to a key that lacks them."""
_UNIT_WORDS = frozenset(
    "thousand million billion trillion bn pounds pound dollars dollar euros euro pence cents "
    "per cent percent".split()
)
_ROUGHLY = frozenset("about around roughly approximately approx some exactly".split())
"""Words a student may put before the right number ("about 30" for "30"); never "over",
"nearly" or "more than", which say it is another."""


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer: right or not, a score in 0..1, and a short reason."""

    correct: bool
    score: float
    reason: str


def _vocabulary() -> Collection[str]:
    from bot.quiz.nlp import known_words  # loads spaCy's word index once, on first use

    return known_words()


def _contrast(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` oppose each other ("small"/"huge", "legal"/"illegal")?"""
    if a == b:
        return False
    for sides in _CONTRASTS:
        where_a = [i for i, side in enumerate(sides) if a in side]
        where_b = [i for i, side in enumerate(sides) if b in side]
        if where_a and where_b and not set(where_a) & set(where_b):
            return True
    return any(x == p + y or x == p + "-" + y for x, y in ((a, b), (b, a)) for p in _NEGATIONS)


def allowed_slips(letters: int, *, name: bool = False) -> int:
    """Spelling slips forgiven in an answer of ``letters`` letters, the same for every kind
    of question: none up to 3 letters, one up to 8, two beyond; a name needs 6+ letters
    for one slip (a letter changes one short name into another: "Kent", "Kant")."""
    if name:
        return 0 if letters < 6 else 1
    return 0 if letters <= 3 else 1 if letters <= 8 else 2


def _truth_word(word: str) -> bool:
    """Whether a true/false keyword says "true"."""
    return word in _TRUE


def _same_alias(a: str, b: str) -> bool:
    return any(a in group and b in group for group in ALIASES)


_LINKING = frozenset("for of and the & de".split())
_FEATURES = frozenset("river lake loch lough mount mt".split())
"""What a river, lake or mountain is called before its name, which people leave out ("the
Dane" for the River Dane)."""


def _forename_first(given: str) -> str:
    """A person's name typed surname first, as a register writes it, in the usual order
    ("Sandhu, Dev" -> "Dev Sandhu"); anything else as it was. Only a comma says which
    word is the surname: "Sandhu Dev" stays as typed."""
    m = _SURNAME_FIRST.match(given)
    return f"{m.group(2).strip()} {m.group(1).strip()}" if m else given


def _option_index(raw: str) -> int:
    """The option a letter ("b") or a number ("2") names, counted from 0."""
    return ord(raw) - ord("a") if raw.isalpha() else int(raw) - 1


def _initials_of(given: str, name: str) -> bool:
    """Is ``given`` the initials of ``name`` ("DfT", "DFT" for "Department for Transport",
    "E.U." for "European Union"), with or without its small words?"""
    letters = re.sub(r"[.\s]", "", given).lower()
    words = re.findall(r"[^\W\d_][\w'’-]*", name)
    if not 2 <= len(letters) <= 6 or not letters.isalpha() or len(words) < 2:
        return False
    every = "".join(w[0] for w in words).lower()
    content = "".join(w[0] for w in words if w.lower() not in _LINKING).lower()
    return letters in {every, content}


class _Grader:
    def __init__(self, question: QuizQuestion, encoder: Encoder | None,
                 vocabulary: Collection[str] | None, wording: QuizWording) -> None:
        self.q = question
        self.encoder = encoder
        self._vocab = vocabulary
        self.say = wording.grade

    @property
    def vocab(self) -> Collection[str]:
        if self._vocab is None:
            self._vocab = _vocabulary()
        return self._vocab

    def verdict(self, correct: bool, score: float, reason: str) -> Grade:
        return Grade(correct, round(float(score), 3), self.say[reason])

    # -- options -----------------------------------------------------------------------
    def picked(self, i: int, key: int) -> Grade:
        """The verdict on choosing option ``i`` when the key is option ``key``."""
        return self.verdict(i == key, float(i == key), "option" if i == key else "wrong_option")

    def option(self, given: str) -> Grade:
        opts = self.q.options
        key = opts.index(self.q.answer) if self.q.answer in opts else -1
        bare = _CHOSEN.sub("", fold(given).strip())
        both = _LETTER_AND_TEXT.match(bare)
        if both and any(fold(o).strip().startswith(bare[:2]) for o in opts):
            both = None  # "C. S. Lewis" is an option's own text, not "C" and "S. Lewis"
        if both:  # "B. Department for Transport": the letter counts when the text agrees
            i = _option_index(both.group(1))
            named = [j for j, o in enumerate(opts)
                     if self.typed(both.group(2), answer=o, rejected=[]).correct]
            if i < len(opts) and named == [i]:
                return self.picked(i, key)
            if named:  # "a - Department for Transport", option B: which is meant?
                return self.verdict(False, 0.0, "unknown_option")
        norm = normalise(given)
        for i, opt in enumerate(opts):
            if norm and norm == normalise(opt):
                return self.picked(i, key)
        m = _LETTER.match(bare) or _INDEX.match(bare)
        if m and (i := _option_index(m.group(1))) < len(opts):
            return self.picked(i, key)
        typed = self.typed(given, rejected=[o for o in opts if o != self.q.answer])
        if typed.correct:
            return typed
        resembles = any(self.typed(given, answer=o, rejected=[]).correct for o in opts
                        if o != self.q.answer)
        return self.verdict(False, 0.0, "wrong_option" if resembles else "unknown_option")

    def true_false(self, given: str) -> Grade:
        said_as = _SAYING.sub("", fold(given).strip())
        negated = re.match(r"not\s+(\w+)\W*$", said_as)  # "not true": false
        if negated and negated.group(1) in _TRUE | _FALSE:
            said_as = "false" if negated.group(1) in _TRUE else "true"
        word = re.sub(r"[^\w]", "", said_as)
        if word in {"a", "1"}:
            word = "true"
        elif word in {"b", "2"}:
            word = "false"
        said = _truth_word(word) if word in _TRUE or word in _FALSE else None
        if said is None:  # the same slips as a typed answer: "fasle", "ture"
            near = {_truth_word(key) for key in (*_TRUE, *_FALSE)
                    if not self.known(word) and self.slip(word, key, ())}
            said = near.pop() if len(near) == 1 else None
        if said is None:
            return self.verdict(False, 0.0, "unknown_true_false")
        right = said == (self.q.answer == "True")
        return self.verdict(right, float(right), "option" if right else "wrong_option")

    # -- typed -------------------------------------------------------------------------
    def typed(self, given: str, *, answer: str | None = None,
              rejected: Sequence[str] | None = None) -> Grade:
        answer = self.q.answer if answer is None else answer
        is_key = answer == self.q.answer
        forms = [answer, *(self.q.accepted if is_key else ())]
        forms += [bare for f in forms if (bare := _APOSTROPHE_S.sub("s", f)) != f]  # "Marys"
        rejected = list(self.q.rejected if rejected is None else rejected)
        label = self.q.answer_type
        if label == "PERSON":
            given = _forename_first(given)  # "Sandhu, Dev"
        norm = normalise(given)
        if not norm:
            return self.verdict(False, 0.0, "wrong")
        for form in forms:
            nf = normalise(form)
            if norm == nf or _same_alias(norm, nf):
                return self.verdict(True, 1.0, "exact")
        if label in NAME_TYPES and label != "PERSON" and any(
                _initials_of(given, f) for f in forms) and not any(
                _initials_of(given, r) for r in rejected):
            return self.verdict(True, 1.0, "exact")  # "DfT": unless an option shares them
        if label in NUMERIC_TYPES or number_values(answer):
            verdict = self.numeric(given, answer, rejected)
            if verdict is not None:
                return verdict
        if label in {"DATE", "TIME"} and self.same_day(given, answer, rejected):
            return self.verdict(True, 1.0, "day")
        if any(normalise(r) == norm for r in rejected):
            return self.verdict(False, 0.0, "wrong_name" if label in NAME_TYPES else "wrong")
        if label in NAME_TYPES:
            return self.name(given, answer, rejected)
        if self.slip(norm, normalise(answer), rejected):
            return self.verdict(True, 0.9, "typo")
        if label == PHRASE and self.encoder is not None:
            return self.meaning(given, forms, rejected)
        return self.verdict(False, 0.0, "wrong")

    def numeric(self, given: str, answer: str, rejected: Sequence[str] = ()) -> Grade | None:
        """Numbers must match in value, and a month named in the key must be named (in full
        or short: "Oct 2024" for "October 2024", or in numbers, day first: "14/11/2026" or
        "2026-11-14" for "14 November 2026"); a measure may be written in any of its
        unit's forms ("250m", "250 meters" for "250 metres"), a time of day in any of its
        ("19:00", "7 p.m." for "7pm"; "7" or "7:00" only when no wrong answer is that time
        too: "7am" among the options)."""
        clock = same_clock(given, answer)
        if clock and any(same_clock(given, r) for r in rejected):
            clock = False
        if clock is not None:
            return self.verdict(clock, float(clock), "exact" if clock else "wrong_number")
        given = dates_in_words(given, answer)  # "14/11/2026" for "14 November 2026"
        given, answer = units_as_one(given, answer), units_as_one_plain(answer)
        want = number_values(answer)
        if not want:
            return None
        got = number_values(given)
        months_want = {t[:3] for t in tokens(answer) if t in MONTHS}  # "Oct" is "October"
        months_got = {t[:3] for t in tokens(given) if t in MONTHS}
        if got == want and months_got == months_want:
            extra = set(tokens(given)) - set(tokens(answer)) - _UNIT_WORDS - MONTHS \
                - _ROUGHLY - set(tokens(units_as_one_plain(self.q.quote)))  # "200 jobs"
            if not {t for t in extra if t.isalpha() and len(t) > 2}:
                return self.verdict(True, 1.0, "exact")
        return self.verdict(False, 0.0, "wrong_number")

    def same_day(self, given: str, answer: str, rejected: Sequence[str] = ()) -> bool:
        """A key that names a weekday and no number ("Thursday evening", "last Friday"):
        ``given`` names the same day ("Thursday", "thurs"), leaves out only a time of day
        or "last", "next", and adds only words of the quoted sentence (never "last",
        "next" or "this"). Not when a wrong answer (an option, another date of the
        article) names that day too ("Thursday morning"): then the day is not enough."""
        want, got = tokens(answer), tokens(given)
        days_want = {WEEKDAYS[t] for t in want if t in WEEKDAYS and WEEKDAYS[t] == t}
        if not days_want or number_values(answer) \
                or {WEEKDAYS[t] for t in got if t in WEEKDAYS} != days_want:
            return False
        if any({WEEKDAYS[t] for t in tokens(r) if t in WEEKDAYS} & days_want
               for r in rejected):
            return False
        others_want = {t for t in want if t not in WEEKDAYS}
        others_got = {t for t in got if t not in WEEKDAYS}
        added = others_got - others_want
        return not (added - set(tokens(self.q.quote)) or added & _WHICH_WEEK
                    or others_want - others_got - _DAY_QUALIFIERS)

    def known(self, word: str) -> bool:
        """Is ``word`` an English word, allowing for plain inflections ("firms", "hunted")?"""
        vocab = self.vocab
        if word in vocab:
            return True
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                             ("ing", ""), ("ing", "e"), ("er", ""), ("est", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 \
                    and word[: -len(suffix)] + repl in vocab:
                return True
        return False

    def is_other_word(self, typed: str, meant: str) -> bool:
        """Is ``typed`` a real word (or a name the word list knows) that is not ``meant``?"""
        return typed != meant and self.known(typed)

    def slip(self, norm: str, target: str, rejected: Sequence[str], *, name: bool = False) -> bool:
        """A small typo: :func:`allowed_slips` edits at most, and never when the typed word
        is a different real word or name, or as close to a rejected answer."""
        allowed = allowed_slips(len(target.replace(" ", "")), name=name)
        if not allowed or damerau_levenshtein(norm, target, allowed) > allowed:
            return False
        typed_words, meant_words = norm.split(), target.split()
        if len(typed_words) == len(meant_words):
            for t, m in zip(typed_words, meant_words, strict=True):
                if t != m and self.is_other_word(t, m):
                    return False
                if t != m and any(_ROMAN.match(x) or re.search(r"\d", x) for x in (t, m)):
                    return False  # "Charles II" is not a slip for "Charles III"
        elif self.known(norm.replace(" ", "")):
            return False
        dist = damerau_levenshtein(norm, target)
        for other in rejected:  # closer to (or as close to) a wrong option: not a slip
            on = " ".join(strip_titles(tokens(other)))
            if on and damerau_levenshtein(norm, on, dist) <= dist:
                return False
        return True

    def name(self, given: str, answer: str, rejected: Sequence[str]) -> Grade:
        g = strip_titles(tokens(given))
        a = strip_titles(tokens(answer))
        bare = strip_titles(tokens(_APOSTROPHE_S.sub("s", answer)))  # "Marys" for "Mary's"
        if g == a or same_name_words(g, a) or same_name_words(g, bare):
            return self.verdict(True, 1.0, "exact")
        others = [w for r in rejected if (w := strip_titles(tokens(r)))]
        # a surname alone, unless another wrong answer has it ("Bailey" among Jane Bailey)
        surname_ok = (self.q.answer_type == "PERSON" and len(a) >= 2 and not _ROMAN.match(a[-1])
                      and a[-2] not in {"de", "of", "the", "von", "van", "le", "la"}
                      and not any(w[-1] == a[-1] for w in others))
        if surname_ok and g == [a[-1]]:
            return self.verdict(True, 1.0, "surname")
        if self.q.answer_type == "PERSON" and len(a) >= 2 and len(g) == 2 and len(g[0]) == 1 \
                and g == [a[0][:1], a[-1]] and not any(  # "G Tullis" for Graham Tullis
                    w[-1] == a[-1] and w[0][:1] == g[0] for w in others):
            return self.verdict(True, 1.0, "surname")
        if len(a) == 2 and a[0] in _FEATURES and g == a[1:] and not any(
                a[1] in tokens(r) for r in rejected):
            return self.verdict(True, 1.0, "exact")  # "the Dane" for the River Dane
        gj = " ".join(g)
        if any(" ".join(strip_titles(tokens(r))) == gj for r in rejected):
            return self.verdict(False, 0.0, "wrong_name")
        targets = [" ".join(a)] + ([a[-1]] if surname_ok else [])
        for target in targets:
            if self.slip(gj, target, rejected, name=True):
                return self.verdict(True, 0.9, "typo")
        return self.verdict(False, 0.0, "wrong_name" if g and len(g) <= 4 else "wrong")

    def meaning(self, given: str, forms: Sequence[str], rejected: Sequence[str]) -> Grade:
        """Same meaning by embeddings, for noun phrases, guarded against swapped names."""
        assert self.encoder is not None
        g_words = set(tokens(given))
        a_words = {w for f in forms for w in tokens(f)}
        rejected_words = {w for r in rejected for w in tokens(r)}

        def close(word: str, pool: set[str]) -> bool:
            return any(damerau_levenshtein(word, p, 1) <= 1 for p in pool if len(p) >= 5)

        for word in g_words - a_words:  # a name the key does not have: "Suffolk police chief"
            name_like = not self.known(word) or word in rejected_words
            if word.isalpha() and len(word) > 2 and name_like and not close(word, a_words):
                return self.verdict(False, 0.0, "wrong_name")
        for form in forms:  # a name the key has must be there: "Norfolk" in "... for Norfolk"
            named = [w for w in re.findall(r"\b[A-Z][a-z]+\b", form)[1:]
                     if not self.known(fold(w))]
            if any(fold(w) not in g_words and not close(fold(w), g_words) for w in named):
                return self.verdict(False, 0.0, "wrong")
        for word in g_words - a_words:  # "small fines" is not "huge fines"
            if any(_contrast(word, other) for other in a_words - g_words):
                return self.verdict(False, 0.0, "wrong")
        vectors = self.encoder.encode([given, *forms])
        score = float(np.max(vectors[1:] @ vectors[0]))
        if score >= SEMANTIC_THRESHOLD:
            return self.verdict(True, score, "meaning")
        return self.verdict(False, max(score, 0.0), "wrong")


def grade(
    given: str,
    question: QuizQuestion,
    *,
    encoder: Encoder | None,
    vocabulary: Collection[str] | None = None,
    wording: QuizWording | None = None,
) -> Grade:
    """Grade ``given`` against ``question``.

    Multiple choice takes the option text, its letter (A-D) or number (1-4); true/false
    takes True/False (or T/F, yes/no, A/B, and the usual slips); typed kinds are compared
    as described in the module docstring. ``encoder`` enables meaning matches for
    noun-phrase answers (pass None to grade by form only). ``vocabulary`` (lower-case
    English words) tells real words from typos; by default spaCy's word index is used.
    Never raises on odd input.
    """
    w = wording or default_wording()
    if given is None or not str(given).strip():
        return Grade(False, 0.0, w.grade["empty"])
    given = str(given)
    if len(given) > MAX_ANSWER_CHARS:
        return Grade(False, 0.0, w.grade["too_long"].format(limit=MAX_ANSWER_CHARS))
    grader = _Grader(question, encoder, vocabulary, w)
    if question.kind == MULTIPLE_CHOICE and question.options:
        return grader.option(given)
    if question.kind == TRUE_FALSE:
        return grader.true_false(given)
    return grader.typed(given)
