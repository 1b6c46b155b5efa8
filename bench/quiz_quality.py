"""Quality checks of a quiz bank that the generator's own labels do not decide: wrong
options of another kind than the key, and trivial questions. Used by ``bench_quiz.py``;
run alone on one of its dumps to list every flagged question:

    python bench/bench_quiz.py --dump /tmp/dump.json
    python bench/quiz_quality.py /tmp/dump.json [--group train] [--limit 40]

The kind of an option is read afresh, independently of the quiz's labels: cue words
first ("Ltd", "Council", "Marine" name an organisation; "Street", "River" a place;
"Mr", "Dr" a person; "Award", "Prize" a thing), else the label spaCy gives the option in
the sentences of the library where it stands (each sentence parsed on its own, majority
vote). The key's kind is read the same way from the sentence the question cites. An
option whose kind is known and differs from the key's counts as wrong-type; so do two
options that differ only in case, a possessive or a plural, options inside one another
("Oberhauser" / "Hannes Oberhauser"), a wrong option written in the question itself, and
for numbers another unit, another date form or another scale (over 10x apart).

A question is trivial when its text gives the key away (a content word or number of it,
or a word sharing its first five letters: "Belgian" / "Belgium"), when the key is a
function word, pronoun or very common word, when the key is the article's subject (a
word of its title: guessable without reading), or, for a multiple-choice blank after
"a"/"an", when the key is the only option that fits the article.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

NAME_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place",
              "FAC": "place", "NORP": "group", "EVENT": "thing", "WORK_OF_ART": "thing",
              "PRODUCT": "thing", "LAW": "thing", "LANGUAGE": "language"}
NUMBER_TYPES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_ORG_CUES = frozenset(
    "ltd plc inc corp corporation company co llc group council marine records pictures "
    "productions studios studio entertainment music magazine times post news bank airlines "
    "airways university college school institute society association foundation trust party "
    "club committee commission agency ministry department bureau network television tv "
    "radio press media systems technologies motors industries holdings partners capital "
    "labs software fc academy service services board authority police army navy church "
    "museum hospital orchestra band league federation union".split()
)
_PLACE_CUES = frozenset(
    "street road avenue lane river lake mountain mountains island islands county province "
    "village bay harbour harbor park bridge square station airport valley sea ocean coast "
    "peninsula gulf strait canal".split()
)
_THING_CUES = frozenset("award awards prize medal cup trophy album film song series".split())
_PERSON_CUES = frozenset("mr mrs ms miss dr sir dame lord lady rev king queen prince "
                         "princess professor".split())
_COMMON = frozenset(
    "people person man men woman women thing things way ways time times year years day days "
    "part parts world life lot lots number place places case cases point points group kind "
    "fact home work end side".split()
)
_ROMAN = re.compile(r"^[ivxlcdm]+$")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred first second third fourth fifth sixth seventh eighth ninth "
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth twentieth".split()
)
_SUFFIXES = ("ians", "ian", "ium", "ies", "ese", "ish", "es", "ia", "an", "um", "s", "y", "a")
_MONTHS = ("january february march april may june july august september october november "
           "december").split()


def fold(text: str) -> str:
    """NFKC, curly quotes plain, case folded."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return text.casefold()


def words(text: str) -> list[str]:
    """Folded words, possessives dropped ("Bailey's" -> "bailey")."""
    found = re.findall(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:'[^\W\d_]+)?", fold(text))
    return [re.sub(r"'s?$", "", w) for w in found]


def _norm(text: str) -> str:
    out = [w for w in words(text) if w not in {"the", "a", "an"}]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in out)


def _cue_kind(text: str) -> str | None:
    """The kind cue words give a name: its head word (the last, or the one before "of")
    names an organisation or a place, a title before it a person, a word like "Award" a
    thing; a Roman numeral is no name at all."""
    toks = words(text)
    if not toks:
        return None
    if all(_ROMAN.match(t) for t in toks) and text.isupper():
        return "numeral"
    if toks[0] in _PERSON_CUES and len(toks) > 1:
        return "person"
    if set(toks) & _THING_CUES:
        return "thing"
    head = toks[toks.index("of") - 1] if "of" in toks[1:] else toks[-1]
    if len(toks) > 1 and head in _PLACE_CUES:
        return "place"
    if (len(toks) > 1 or "of" in toks) and head in _ORG_CUES:
        return "org"
    return None


class KindReader:
    """The kind of a name as spaCy reads the library's sentences that hold it."""

    def __init__(self, nlp: Any, texts: list[str]) -> None:
        self.nlp = nlp
        self.sentences = [s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t)
                          if s.strip()]
        self._cache: dict[str, str | None] = {}
        self._lower: set[str] | None = None

    def in_library(self, name: str) -> str | None:
        """Majority kind over (up to six) library sentences that hold ``name``."""
        if name in self._cache:
            return self._cache[name]
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        votes: Counter[str] = Counter()
        hits = [s for s in self.sentences if pattern.search(s)][:6]
        for doc, sent in zip(self.nlp.pipe(hits), hits, strict=True):
            for m in pattern.finditer(sent):
                votes[self._label_at(doc, m.start(), m.end())] += 1
        votes.pop("none", None)
        kind = votes.most_common(1)[0][0] if votes else None
        self._cache[name] = kind
        return kind

    def lower_case(self, word: str) -> bool:
        """Does the library write ``word`` in lower case (not a name, then)?"""
        if self._lower is None:
            self._lower = {w for s in self.sentences for w in re.findall(r"\b[a-z]+\b", s)}
        return word.lower() in self._lower

    def in_sentence(self, sentence: str, start: int, end: int) -> str | None:
        """The kind spaCy gives the span ``[start, end)`` of one sentence."""
        kind = self._label_at(self.nlp(sentence), start, end)
        return None if kind == "none" else kind

    @staticmethod
    def _label_at(doc: Any, start: int, end: int) -> str:
        """The kind of the entity that is exactly this span ("the" and "'s" aside); "none"
        when the span is part of a longer name ("Warsaw" of "Warsaw Conservatory")."""
        for ent in doc.ents:
            if ent.start_char < end and start < ent.end_char:
                text = doc.text[ent.start_char:ent.end_char]
                core = re.sub(r"^the\s+|['’]s?$", "", text, flags=re.I)
                surname = ent.label_ == "PERSON" and core.endswith(" " + doc.text[start:end])
                if core != doc.text[start:end] and not surname:
                    return "none"
                return NAME_KINDS.get(ent.label_, "number")
        return "none"


def name_kind(reader: KindReader, text: str) -> str | None:
    """Cue words first, then "a common word" for a one-word name the library also writes
    in lower case ("Digital", "Wall"), then the library's sentences."""
    if re.fullmatch(r"[A-Z][a-z]+", text) and reader.lower_case(text):
        return "common word"
    return _cue_kind(text) or reader.in_library(text)


def _number_form(text: str) -> tuple[tuple[str, ...], float | None]:
    """(the shape without its digits, the first value) of a number or date."""
    shape = []
    for tok in re.findall(r"\d[\d,.]*(?:st|nd|rd|th)?|[^\W\d_]+|[%£$€]", fold(text)):
        tok = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", tok)
        if tok[0].isdigit():
            digits = tok.split(".")[0]
            shape.append("Y" if re.fullmatch(r"1\d{3}|20\d\d", digits) else "#")
        elif tok in _NUMBER_WORDS:
            shape.append("#")
        elif tok in _MONTHS:
            shape.append("M")
        elif tok in {"am", "pm"}:
            shape.append("clock")  # "2pm" and "4am": one form
        else:
            shape.append(tok)
    if re.search(r"\d:\d\d", text):
        shape.append("clock")  # "23:47", "01:02": times of day, not amounts of a scale
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    value = float(m.group().replace(",", "")) if m else None
    return tuple(shape), value


def _number_mismatch(answer: str, option: str) -> str | None:
    (a_shape, a_val), (o_shape, o_val) = _number_form(answer), _number_form(option)
    if a_shape != o_shape:
        return "another form or unit"
    if a_val and o_val and not {"Y", "M", "clock"} & set(a_shape) \
            and max(a_val, o_val) / min(a_val, o_val) > 10:  # "2 November" / "28 March": days
        return "another scale"
    return None


_MONTH_DAYS = dict(zip((m[:3] for m in _MONTHS),
                       (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), strict=True))


def no_such_day(option: str) -> bool:
    """Whether ``option`` names a day its month does not have ("70 November", "June 31",
    "32nd May"): read here on its own, not with the quiz's date patterns."""
    text = fold(option)
    day_month = re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3})[a-z]*\b", text)
    month_day = re.findall(r"\b([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", text)
    for day, month in day_month + [(d, m) for m, d in month_day]:
        if month in _MONTH_DAYS and not 1 <= int(day) <= _MONTH_DAYS[month]:
            return True
    return False


def wrong_options(q: dict[str, Any], reader: KindReader) -> list[tuple[str, str]]:
    """``(option, why)`` for each wrong option of a multiple-choice question that is not
    of the key's kind, or duplicates another, or stands in the question."""
    if q["kind"] != "multiple_choice":
        return []
    answer, label = q["answer"], q["answer_type"]
    wrong = [o for o in q["options"] if o != answer]
    out: list[tuple[str, str]] = []
    question = " " + _norm(q["question"]) + " "
    for option in wrong:
        if _norm(option) and f" {_norm(option)} " in question:
            out.append((option, "written in the question"))
    for i, a in enumerate(q["options"]):
        for b in q["options"][i + 1:]:
            na, nb = set(_norm(a).split()), set(_norm(b).split())
            if na == nb or (label in NAME_KINDS and na and nb and (na <= nb or nb <= na)):
                out.append((b, f"duplicates {a!r}"))
    if label in NUMBER_TYPES:
        out += [(o, why) for o in wrong if (why := _number_mismatch(answer, o))]
        out += [(o, "no such day") for o in wrong if no_such_day(o)]
    elif label in NAME_KINDS:
        start = q["fact_start"] - q["quote_start"]
        key = _cue_kind(answer) or reader.in_sentence(q["quote"], start,
                                                       start + len(answer))
        if key is not None:
            for option in wrong:
                kind = name_kind(reader, option)
                if kind is not None and kind != key:
                    out.append((option, f"{kind}, the key is a {key}"))
    return list(dict.fromkeys(out))


def _stem(word: str) -> str:
    """A word without its commonest ending ("belgian", "belgium" -> "belgi")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def trivial_reasons(q: dict[str, Any], title: str, stop_words: set[str]) -> list[str]:
    """Why a question can be answered without reading (empty when it cannot)."""
    if q["kind"] == "true_false":
        return []
    answer = q["answer"]
    out = []
    ans_words = words(answer)
    content = [w for w in ans_words if w not in stop_words and (len(w) >= 4 or w.isdigit())]
    shown = words(q["question"].replace("_____", " "))
    stems = {_stem(s) for s in shown}
    for w in content:
        if w in shown:
            out.append(f"shows {w!r}")
        elif not w[0].isdigit() and _stem(w) in stems:
            out.append(f"shows a form of {w!r}")
    common = [w for w in ans_words if w in stop_words or w in _COMMON]
    if ans_words and len(common) == len(ans_words) and not (
            set(ans_words) & _NUMBER_WORDS or answer.isupper()):
        out.append("a function word or very common word")
    title_words = {w for w in words(title) if w not in stop_words and len(w) >= 4}
    if q["answer_type"] in NAME_KINDS and set(ans_words) & title_words:
        out.append("the article's subject")
    if q["kind"] == "multiple_choice" and re.search(r"\b(a|an)\s+_____", q["question"], re.I):
        article = re.search(r"\b(a|an)\s+_____", q["question"], re.I).group(1).lower()

        def fits(option: str) -> bool:
            return (option[:1].lower() in "aeiou") == (article == "an")

        if fits(answer) and not any(fits(o) for o in q["options"] if o != answer):
            out.append(f"only the key fits {article!r}")
    return out


_SLIPS = (
    ("a live post's time, a list marker or a dateline in it", lambda q: re.match(
        r"(?:[-*•–]|\d{1,2}[.)]|\d{1,2}[:.]\d{2})\s+\S|[A-Z]{3,}\b[^-–—]{0,60}\d{4}\s*[-–—]\s",
        q["quote"]) or re.match(r"(?:[^:?]*[:?] )?(?:\w+ ){0,3}\d{1,2}:\d{2} [A-Z]",
                                q["question"])),
    ("made from a question", lambda q: q["quote"].rstrip("\"'”’) ").endswith("?")),
    ("made from a table's row", lambda q: _row_cells(q["quote"]) >= 2),
    ("contact details", lambda q: re.search(
        r"\S@\w+\.\w|\b0\d{3,4} \d{3}|\btel\s*:", q["quote"], re.I)),
    ("a wh-question asked of \"I\" or \"we\"", lambda q: not q["question"].startswith(
        ("Which answer", "Fill in", "True or false")) and re.search(
        r"\b(?:I|we|my|our)\b", re.sub(r"[\"“][^\"”]*[\"”]", " ", q["question"]))),
)
"""What a question made from a page that is not plain news text must not show (checked
on the quoted sentence and the question, independently of the quiz's own rules)."""


def _row_cells(sentence: str) -> int:
    """Cells of a table's row written as a sentence ("London: Average price £521,300,
    Annual change -0.8%."): a label, then parts of a few words and a number each; 0 for
    any other sentence."""
    row = re.fullmatch(r"[^:.]{1,60}: (.+)\.", sentence)
    cells = re.split(r",\s+", row.group(1)) if row else []
    fits = all(len(c.split()) <= 5 and re.search(r"\d", c) for c in cells)
    return len(cells) if fits else 0


def format_slips(q: dict[str, Any]) -> list[str]:
    """Why a question shows the page's format instead of its news (:data:`_SLIPS`)."""
    return [why for why, slipped in _SLIPS if slipped(q)]


def bare_pronoun(q: dict[str, Any], nlp: Any = None) -> bool:
    """Whether the question asks about someone it calls only "he" or "she" (outside
    quotation marks: "Who did he rule out working with?", "He said ..."), which a
    student of a library of many articles cannot place. With ``nlp`` (spaCy), a "he" or
    "she" after a person the question names ("Beyoncé stated that she ...", "Mr Okafor
    said he ...") is not bare; a place before it is no one ("Born and raised in Houston,
    Texas, she ...")."""
    outside = re.sub(r"[\"“][^\"”]*[\"”]?", lambda m: " " * len(m.group()), q["question"])
    pronoun = re.search(r"\b(?:he|she)\b", outside, re.I)
    if pronoun is None:
        return False
    if nlp is None:
        return True
    doc = nlp(q["question"])
    return not any(e.label_ == "PERSON" and e.end_char <= pronoun.start() for e in doc.ents)


def check(groups: dict[str, Any], nlp: Any, only: set[str] | None = None) -> dict[str, Any]:
    """Per group: multiple-choice questions, their wrong options, those flagged, and the
    trivial questions, each listed."""
    from spacy.lang.en.stop_words import STOP_WORDS

    stop = set(STOP_WORDS)
    out: dict[str, Any] = {}
    for group, data in groups.items():
        if only and group not in only:
            continue
        texts = [a["text"] for a in data["articles"].values()]
        titles = {int(i): a["title"] for i, a in data["articles"].items()}
        reader = KindReader(nlp, texts)
        flagged, trivial = [], []
        mc = [q for q in data["questions"] if q["kind"] == "multiple_choice"]
        for q in mc:
            bad = wrong_options(q, reader)
            if bad:
                flagged.append({"question": q["question"], "options": q["options"],
                                "answer": q["answer"], "type": q["answer_type"],
                                "bad": bad})
        asked = [q for q in data["questions"] if q["kind"] != "true_false"]
        for q in asked:
            why = trivial_reasons(q, titles.get(q["article_id"], ""), stop)
            if why:
                trivial.append({"question": q["question"], "answer": q["answer"],
                                "kind": q["kind"], "why": why})
        slips = [{"question": q["question"], "why": why} for q in data["questions"]
                 if (why := format_slips(q))]
        out[group] = {
            "slips": slips,
            "bare_pronouns": [q["question"] for q in data["questions"]
                              if bare_pronoun(q, nlp)],
            "mc": len(mc), "wrong_options": sum(len(f["bad"]) for f in flagged),
            "options": sum(len(q["options"]) - 1 for q in mc),
            "mc_flagged": len(flagged), "flagged": flagged,
            "asked": len(asked), "trivial": trivial,
        }
    return out


def main() -> int:
    """List the flagged questions of a ``bench_quiz.py --dump`` file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path)
    parser.add_argument("--group", action="append", help="only these groups (repeatable)")
    parser.add_argument("--limit", type=int, default=1000, help="questions listed per list")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bot.nlp import get_nlp

    result = check(json.loads(args.dump.read_text(encoding="utf-8")), get_nlp(),
                   set(args.group) if args.group else None)
    for group, r in result.items():
        print(f"[{group}] multiple choice {r['mc']}: {r['mc_flagged']} with a bad option, "
              f"{r['wrong_options']} of {r['options']} wrong options flagged; "
              f"trivial {len(r['trivial'])} of {r['asked']} asked questions")
        for f in r["flagged"][:args.limit]:
            print(f"  MC {f['type']}: {f['question'][:110]}")
            print(f"     key {f['answer']!r}; " + "; ".join(f"{o!r}: {w}" for o, w in f["bad"]))
        for t in r["trivial"][:args.limit]:
            print(f"  TRIVIAL {t['kind']}: {t['question'][:110]} -> {t['answer']!r}: "
                  + ", ".join(t["why"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
