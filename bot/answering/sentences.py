"""What is known about each sentence of an article, worked out once when it is added.

Named entities (spaCy), content-word stems, the people a sentence is about
("he" after "Mr Bailey" is Simon Bailey) and who is speaking in it ("he said")
cost milliseconds per sentence: far too much to redo for every question. The
:data:`SENTENCE_ANALYSER` runs at ingest; its result is stored beside the article
(see :mod:`bot.analysis`), packed (:mod:`bot.answering.packed_facts`), and read back
as :class:`SentenceFacts`.

What :func:`analyse_sentences` returns (offsets are absolute, into the article text;
version 3 stored it as this JSON)::

    {"names": [[text, start, end, label], ...],          # one per person or body
     "sentences": [[start, end, stems, entities, about, speaker], ...]}

where ``entities`` is ``[[start, end, label], ...]``, ``about`` lists indices into
``names`` and ``speaker`` is ``[name index, mention start, mention end]`` or ``[]``.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any

from bot.analysis import Analyser, ArticleSource, decode_result
from bot.answering.facts import Entity, SentenceFacts, SentenceInfo
from bot.answering.number_words import CARDINALS
from bot.answering.packed_facts import facts_as_value, pack_facts, unpack_facts
from bot.currency import CURRENCY_NAMES
from bot.errors import NotFoundError
from bot.first_names import FIRST_NAMES
from bot.ingest.clean import DATELINE
from bot.lexical import TOKENIZER_VERSION, tokenize
from bot.name_heads import FACILITY_HEADS, NATURAL_HEADS, ORG_HEADS
from bot.tuning import FACTS_KEPT

__all__ = ["HONORIFICS", "SENTENCE_ANALYSER", "TITLES", "Entity", "SentenceFacts",
           "SentenceInfo", "analyse_sentences", "ends_with_honorific", "facts_of"]

TITLES = frozenset("mr mrs ms miss dr sir dame lord lady prof professor rev".split())
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof rev sir dame lord lady gen lt col sgt capt maj adm cpl gov sen "
    "rep supt insp det cllr".split())
"""Titles written before a name that say nothing of what the person is ("Gen.", "Dr.")."""


def ends_with_honorific(piece: str) -> bool:
    """Whether the last word of ``piece`` is one of :data:`HONORIFICS` ("principal
    investigator Dr.")."""
    last = piece.rsplit(None, 1)[-1] if piece.strip() else ""
    return last.lower().strip(".") in HONORIFICS
_SPEECH = re.compile(
    r"\b(said|says|say|saying|added|adds|told|tells|claimed|claims|warned|warns|explained|"
    r"explains|argued|argues|insisted|insists|stated|states|announced|admitted|noted|wrote|"
    r"asked|according to|described|believes|believed|thinks|thought|urged|urges|called for)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers)\b", re.I)
_SUBJECT_PRONOUN = re.compile(r"\b(he|she)\b", re.I)
_PROPER = re.compile(r"\b[A-Z][\w'’&-]*(?:[ \t]+(?:(?:of|de|van|von|the)[ \t]+)?[A-Z][\w'’&-]*)*")
_TITLE_WORDS = (r"Detective|Det|Chief|Sergeant|Sgt|Inspector|Insp|Constable|Superintendent|"
                r"Supt|Judge|Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Councillor|Cllr|Sir|Dame")
_NAME_WORD = r"[A-Z][a-z'’-]+(?:[A-Z][a-z'’-]+)*\b"
"""A word of a name: capitalised, and capitalised again inside ("McDonald", "O'Brien")."""
_TITLED_NAME = re.compile(
    rf"\b(?:(?:{_TITLE_WORDS})\.?[ \t]+)+"
    rf"(?P<name>(?!(?:{_TITLE_WORDS}|Executive|Officer)\b){_NAME_WORD}"
    rf"(?:[ \t]+(?!Of\b){_NAME_WORD}){{0,2}})")
"""A name after a title or rank ("Detective Sergeant Mark Fellowes", "Dr Amira Haddad"):
a person, where the small model tagged nothing there."""
_NUMBER = re.compile(r"(?<![\w.])(?:[£$€]\s?)?\d[\d,.]*(?:\s?(?:%|per ?cent|m|bn|km|kg))?")
_ENTITY_LABELS = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT "
    "MONEY QUANTITY ORDINAL CARDINAL".split()
)


def _name_words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w'’-]+", text) if w.lower().strip(".") not in TITLES]


def _surname(text: str) -> str:
    words = _name_words(text)
    return words[-1] if words else text.lower()


def _first_name(text: str) -> str | None:
    """The first name of a full name ("Brian Gallagher" -> "brian"); None for a surname
    alone ("Mr Gallagher")."""
    words = _name_words(text)
    return words[0] if len(words) > 1 else None


_PERCENT_END = re.compile(r"(?:%|\bper ?cent|\bpercent)$", re.I)
_PERCENT_AFTER = re.compile(r"\s?(?:%|per ?cent\b|percent\b)", re.I)
_CURRENCY_AFTER = re.compile(rf"\s(?!pounds? of\b)(?:{CURRENCY_NAMES})\b", re.I)
"""A currency's name after a number ("40 euros", "200 pesos"), not a weight ("5 pounds of
flour")."""
_AMOUNT_LABELS = frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT"})
_SCALE_AFTER = re.compile(r"(?:m|bn|k|tn)(?![\w'’])", re.I)
"""A scale written onto a number ("£1.2m", "£300m"), which the small model leaves out of the
sum it tags: "£1.2" would be marked as the answer."""


_CLOCK = re.compile(r"\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)", re.I)
_TRAILING_JOIN = re.compile(r"\s+(?:and|or|but|to)$", re.I)
_AGE_BEFORE = re.compile(r"(?:[^\W\d_],\s|\b(?:aged?|age of)\s)$", re.I)
_AGE_LEAD = re.compile(r"(?:the\s+)?(?:aged?|age\s+of)\s+(?=\d{1,3}$)", re.I)
"""The words a DATE the small model tagged may open with before an age ("age 71", "the age
of 10"): the AGE is the number alone."""
_AGED = re.compile(r"\d{1,3}[- ](?:year|month|week|day)s?[- ]old", re.I)
"""An age written as one word ("a 3-year-old boy"), which the small model tags DATE."""


_ROLE_BEFORE = re.compile(
    r"\b(?:teenager|midfielder|striker|defender|goalkeeper|fly-half|winger|hooker|forward|"
    r"singer|actor|actress|swimmer|athlete|runner|player|rapper|musician|artist|writer|"
    r"author|journalist|reporter|officer|sergeant|detective|inspector|constable|professor|"
    r"scientist|researcher|economist|analyst|student|pupil|farmer|teacher|headteacher|"
    r"nurse|doctor|lawyer|barrister|solicitor|judge|spokesman|spokeswoman|spokesperson|"
    r"manager|coach|captain|chairman|chairwoman|minister|senator|governor|mayor|"
    r"councillor|president|director|chief|boss|founder|owner|worker|resident|neighbou?r|"
    r"passenger|pilot|driver|victim|suspect|man|woman|boy|girl|mother|father|wife|husband|"
    r"son|daughter|brother|sister|Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+$")
"""A word for a person just before a name ("Australian teenager Kelsey Varga", "fly-half
Freddie Burns"): the name is a person's, whatever the small model called it."""
_AGE_AFTER = re.compile(r",\s*\d{1,3},")
_FULL_NAME = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}")


def _a_person(text: str, start: int, end: int) -> bool:
    """Whether a name of two or three words the small model called a body or a place is
    a person's: a word for a person before it, or an age after it ("Benitez, 26,")."""
    return bool(_FULL_NAME.fullmatch(text, start, end)) and bool(
        _ROLE_BEFORE.search(text, max(0, start - 16), start)
        or _AGE_AFTER.match(text, end))


_A_BODY_OR_PLACE = re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*\s+([A-Z][a-z]+)")
"""A name of two or more capitalised words, its last word kept."""


def _a_body_or_place(text: str, start: int, end: int) -> str | None:
    """"ORG", "FAC" or "LOC" for a name the small model called a person whose last word
    makes it a body's, a built place's or a natural one's (:mod:`bot.name_heads`), unless a
    word for a person comes before it ("Mr Lane") or it begins with a first name ("Nathan
    Lane"); None otherwise."""
    name = _A_BODY_OR_PLACE.fullmatch(text, start, end)
    if name is None or _ROLE_BEFORE.search(text, max(0, start - 16), start) or (
            text[start:end].split()[0].lower() in FIRST_NAMES):
        return None
    last = name.group(1).lower()
    if last in ORG_HEADS:
        return "ORG"
    return "FAC" if last in FACILITY_HEADS else "LOC" if last in NATURAL_HEADS else None


_NOT_A_NAME = frozenset({
    "especially", "even", "only", "also", "just", "meanwhile", "however", "still", "now",
    "then", "yet", "including", "unlike", "like", "both", "either", "neither", "not", "nor",
    "except", "perhaps", "maybe", "certainly", "particularly", "notably", "instead",
    "indeed", "and", "but", "or", "so", "when", "while", "although", "though", "because",
    "since", "today", "yesterday", "sorry", "thanks", "dear", "unless", "until", "after",
    "before", "as", "if", "once", "says", "asks", "recalls", "adds", "explains",
})
"""Words that open a sentence, not a name, which the small model joins to the name after
them ("Especially Callum", "Meanwhile Okafor"): a person's name starts after them."""
_FIRST_WORD = re.compile(r"([A-Z][a-z]+),?\s+(?=[A-Z])")


def _past_lead_word(text: str, start: int, end: int) -> int:
    """Where a person's name starts: after a word of :data:`_NOT_A_NAME` the small model
    took into it ("Especially Callum" is Callum), else ``start``."""
    lead = _FIRST_WORD.match(text, start, end)
    if lead is not None and lead.group(1).lower() in _NOT_A_NAME:
        return lead.end()
    return start


_STREET_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'’-]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Boulevard|"
    r"Blvd|Way|Place|Square|Terrace|Crescent|Parade|Close|Court|Highway|Row)\b")
"""A street's name after a number: the number is a house's ("410 Fulton Street")."""
_COUNT_WORD = (rf"(?:\d{{1,3}}(?:\.\d+)?|{'|'.join(CARDINALS)}|\w+teen|twenty|thirty|forty|"
               r"fifty|sixty|seventy|eighty|ninety|hundred|half|quarter|an?|and)")
_COUNT_WORDS = re.compile(rf"{_COUNT_WORD}(?:[\s-]+{_COUNT_WORD})*", re.I)
"""A count and nothing else ("two and a half", "12"), no unit of time in it (a bare
number the small model calls a date is left alone: often an age or a year)."""
_TIME_UNIT_AFTER = re.compile(
    r"[\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|"
    r"nights?|mornings?|afternoons?|evenings?|seasons?|terms?|time|o'clock|[ap]\.?m\b)", re.I)


def _mend_entity(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """The span and label of an entity the small model cut short or mislabelled: a sum
    keeps the scale written onto it ("£1.2m"); a share ("62 per cent", "62%") is PERCENT
    and a sum followed by its currency ("85 million euros") MONEY, with the sign or words
    after the number included; an age ("Maureen Kelly, 71," or "Carol Callister, 68;",
    "aged 71", "at age 71", "the age of 10" or "a 3-year-old") is an AGE, not a DATE or a
    count, and only its number when words lead in; a time of day ("3.20pm", an ORG or a
    CARDINAL to it) is TIME; "9pm and" loses its "and"; a person's name loses a word
    opening the sentence before it ("Especially Callum": :func:`_past_lead_word`); a
    house's number is an ADDRESS, no count ("410 Fulton Street"), and a count in words the
    small model called a DATE a CARDINAL ("two and a half stars"); a name it called a
    person is a body's or a place's by its last word ("Hexmoor Rail", "Mill Lane":
    :func:`_a_body_or_place`)."""
    join = _TRAILING_JOIN.search(text, start, end)
    if join:
        end = join.start()
    if label == "PERSON":
        start = _past_lead_word(text, start, end)
        other = _a_body_or_place(text, start, end)
        if other is not None:  # "Hexmoor Rail", "Quarry Lane": no person
            return start, end, other
    if label in ("ORG", "GPE", "NORP", "NAME", "FAC", "PRODUCT") and _a_person(text, start, end):
        return _past_lead_word(text, start, end), end, "PERSON"
    if _CLOCK.fullmatch(text, start, end):
        return start, end, "TIME"
    if label == "CARDINAL" and text[start:end].isdigit() and _STREET_AFTER.match(text, end):
        return start, end, "ADDRESS"  # "410 Fulton Street": no count
    if label in ("DATE", "CARDINAL"):
        lead = _AGE_LEAD.match(text, start, end)
        if lead:
            return lead.end(), end, "AGE"  # "age 71": the age is 71
        if (label == "DATE" and _AGED.fullmatch(text, start, end)) or (
            text[start:end].isdigit() and end - start <= 3
            and _AGE_BEFORE.search(text, max(0, start - 8), start)
            and (text[start - 2] != "," or text[end:end + 1] in (",", ";"))
        ):
            return start, end, "AGE"
    if label == "DATE" and not any(c.isdigit() for c in text[start:end]) and (
            _COUNT_WORDS.fullmatch(text, start, end) and not _TIME_UNIT_AFTER.match(text, end)):
        return start, end, "CARDINAL"  # "two and a half stars": a count, no date
    if label in _AMOUNT_LABELS:
        scale = _SCALE_AFTER.match(text, end)
        if scale and text[end - 1 : end].isdigit():
            end = scale.end()  # "£1.2m", not "£1.2"
        after = _PERCENT_AFTER.match(text, end)
        if after:
            return start, after.end(), "PERCENT"
        if _PERCENT_END.search(text[start:end].rstrip(" .,;:")):
            return start, end, "PERCENT"
        after = _CURRENCY_AFTER.match(text, end)
        if after and label != "PERCENT":
            return start, after.end(), "MONEY"
    return start, end, label


def _clean_entity(text: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    """Entity spans trimmed to one line ("The Daily\\n\\nTelegraph" is layout noise), and
    entities mended (:func:`_mend_entity`: the small model tags "62 per cent" as MONEY)."""
    if label not in _ENTITY_LABELS:
        return None
    start, end, label = _mend_entity(text, start, end, label)
    piece = text[start:end]
    if "\n" in piece.strip():
        return None
    lead = len(piece) - len(piece.lstrip(" “\"‘'("))
    trail = len(piece) - len(piece.rstrip(" ”\"’').,;:"))
    if end - trail <= start + lead:
        return None
    if label in ("MONEY", "CARDINAL", "QUANTITY") and start > 0 and text[start - 1] in "£$€":
        start -= 1  # "£2": the small model often leaves the currency sign out
    return start + lead, end - trail, label


class _People:
    """Names seen so far in an article, folded by surname ("Mr Bailey" is Simon Bailey),
    except that full names with another first name are other people ("Jessica Gallagher"
    is not "Brian Gallagher"; "Gallagher" alone is the one named last); a first name
    alone is the one of it named last ("Owen" after "Owen Gallagher")."""

    def __init__(self) -> None:
        self.names: list[list[Any]] = []
        self._by_key: dict[tuple[str, str], int] = {}
        """The person (or thing) a key names: for a surname, the one of it named last."""
        self._by_full: dict[tuple[str, str], int] = {}
        """People by (surname, first name)."""
        self._by_first: dict[str, int] = {}
        """People by first name, the one of it named last ("Owen" after "Owen Gallagher")."""
        self.focus: int | None = None
        """The person mentioned last: who "he" or "she" most likely is."""
        self.gender: dict[int, str] = {}
        """"he" or "she" for the people the text has shown to be one: a word before their
        name ("his mother, Jessica Gallagher", "Mr Bailey") or the only pronouns of a
        sentence naming them alone."""

    def knows_person(self, text: str) -> bool:
        """Whether ``text`` (a capitalised word or two) names a person already seen: a
        surname or a first name of one ("Marsh called for ..." after "Helen Marsh")."""
        words = _name_words(text)
        if not words:
            return False
        index = self._by_key.get(("PERSON", words[-1]))
        if index is None and len(words) == 1:
            index = self._by_first.get(words[0])
        return index is not None and self.names[index][3] == "PERSON" and len(
            _name_words(str(self.names[index][0]))) > 1  # a full name seen ("Helen Marsh")

    def pick(self, order: list[int | None], pronoun: str | None) -> int | None:
        """Who ``pronoun`` ("he", "she"; None: either) most likely stands for of the people
        in ``order`` (likeliest first): the first known to be called so, else the first
        not known to be called otherwise, else the first."""
        people = [i for i in order if i is not None]
        if pronoun is not None:
            for index in people:
                if self.gender.get(index) == pronoun:
                    return index
        for index in people:
            if self.gender.get(index) in (None, pronoun):
                return index
        return people[0] if people else None

    def mention(self, text: str, start: int, end: int, label: str, before: str = "") -> int:
        if label != "PERSON" and " " not in text.strip() and self.knows_person(text):
            label = "PERSON"  # "Whitlow" after "Karen Whitlow", whatever the small model says
        kind = "PERSON" if label == "PERSON" else "OTHER"
        surname = _surname(text) if kind == "PERSON" else text.lower()
        key = (kind, surname)
        shown = text
        if kind == "OTHER" and before.lower().endswith("the ") and not text.startswith("The "):
            shown = f"the {text}"  # "the Government", to be named as such
        first = _first_name(text) if kind == "PERSON" else None
        index = self._by_full.get((surname, first)) if first else None
        if index is None:
            index = self._by_key.get(key)
            if index is None and kind == "PERSON" and first is None:
                index = self._by_first.get(surname)  # a first name alone
            if index is not None and first is not None:
                known = _first_name(str(self.names[index][0]))
                if known is not None and known != first:
                    index = None  # another first name: another person of that surname
        if index is None:
            index = len(self.names)
            self.names.append([shown, start, end, label])
        elif len(text.split()) > len(str(self.names[index][0]).split()):
            self.names[index][:3] = [shown, start, end]  # the fuller form names them best
        self._by_key[key] = index
        if first:
            self._by_full[(surname, first)] = index
            self._by_first[first] = index
        if kind == "PERSON":
            self.focus = index
            cue = gender_before(before)
            if cue and index not in self.gender:
                self.gender[index] = cue
        return index


_SHE_WORDS = frozenset(
    "mrs ms miss dame lady queen princess mother mum wife daughter sister woman girl "
    "grandmother granddaughter aunt niece girlfriend widow actress chairwoman spokeswoman "
    "businesswoman".split())
_HE_WORDS = frozenset(
    "mr sir lord king prince father dad husband son brother man boy grandfather grandson "
    "uncle nephew boyfriend widower actor chairman spokesman businessman".split())
_GENDER_BEFORE = re.compile(
    rf"\b({'|'.join(sorted(_SHE_WORDS | _HE_WORDS))})\.?,?\s+$", re.I)
"""A word just before a name that says whether "he" or "she" is used of them."""
SHE = frozenset({"she", "her", "hers", "herself"})
"""The pronouns used of a woman."""
HE = frozenset({"he", "him", "his", "himself"})
"""The pronouns used of a man."""
_SHE = re.compile(rf"\b({'|'.join(sorted(SHE))})\b", re.I)
_HE = re.compile(rf"\b({'|'.join(sorted(HE))})\b", re.I)


def gender_before(before: str) -> str | None:
    """"he" or "she" when the words just before a name say which is used of them ("Mr",
    "his mother,", "Ms"); else None."""
    cue = _GENDER_BEFORE.search(before)
    return None if cue is None else "she" if cue[1].lower() in _SHE_WORDS else "he"


def pronoun_gender(sentence: str) -> str | None:
    """"he" or "she" when a sentence's pronouns are all of one kind, else None."""
    she, he = bool(_SHE.search(sentence)), bool(_HE.search(sentence))
    return "she" if she and not he else "he" if he and not she else None


_INVERTED = re.compile(
    r"\s*(?:the\s+)?(?:(?:[A-Z][\w'’.-]*|(?!(?:he|she|it|they|we|i|you|that|which|who|the|a|an|had|has|"
    r"have|was|were|is|are|would|will|could|in|on|at|to|of|for|and|or|but|his|her|its|"
    r"their)\b)[a-z]+)\s+){0,8}")
"""What may stand between a verb of saying and the name after it that says it ('..., said
principal investigator Dr. Samuel Achebe', 'said Los Angeles County Fire Chief Daniel
Whitaker'); not 'said he had drunk in the Red Lion'."""


_ATTACHED = re.compile(
    r"\b(?:of|at|with|in|for|from|on|by|to|outside|near)\s+(?:the\s+)?$"
    r"|,\s+(?:who|which|whose)\b[^,]*$", re.I)
"""What stands before a name that only describes someone else ("... of the University of
Leeds", "an analyst with Pacific Ridge Capital", "Margaret Hollis, who has used the
Sneinton library ...")."""
_NAME_ENDS = re.compile(r"\s*(?:[,.;:!?]|$)")
"""What follows a name after a verb of saying when it is the speaker ('said Eduardo Villa,
a security expert'), not the subject of what was said ('said Varga had trained')."""


def _quoted(sentence: str, open_at_start: bool) -> tuple[list[bool], bool]:
    """Character by character, whether ``sentence`` is inside a quotation there (it may
    open in an earlier sentence), and whether one is still open at its end."""
    inside, out = open_at_start, []
    for i, ch in enumerate(sentence):
        if ch == '"':  # a straight one opens after a space, else closes
            ch = "“" if i == 0 or sentence[i - 1].isspace() or sentence[i - 1] in "([—–-" \
                else "”"
        if ch == "“":
            out.append(True)
            inside = True
        elif ch == "”":
            out.append(True)
            inside = False
        else:
            out.append(inside)
    return out, inside


def _speaker(
    sentence: str, offset: int, mentions: list[tuple[int, int, int]], focus: int | None,
    focus_mention: tuple[int, int] | None, quoted: list[bool] | None = None,
) -> tuple[int, int, int] | None:
    """Who speaks in a sentence: of the names (those after "of", "at", "with" ... last)
    and the "he" or "she" outside its quotations that stand before a verb of saying, or
    just after it ('..., said Dr. Samuel Achebe,'; only after "according to"), the
    nearest ("McKellar said Montoya would": McKellar; "Adeyemi said she had ...":
    Adeyemi; "Tom Raine, who ..., said he had drunk in the Red Lion": Raine; '"Wade was
    family here," Vickery said': Vickery); "his" or "her" only when nothing else can
    ("... and said her party would", its speaker named before). ``quoted``:
    :func:`_quoted` of the sentence."""
    inside = quoted or [False] * len(sentence)
    verbs = [(m.start(), m.end(), m.group().lower() == "according to")
             for m in _SPEECH.finditer(sentence) if not inside[m.start()]]
    if not verbs:
        return None

    def gap(start: int, end: int) -> tuple[int, int] | None:
        """How far from the nearest verb, and 1 when after it (a tie goes to before)."""
        if inside[min(start, len(inside) - 1)]:
            return None  # a name inside a quotation is not who speaks it
        gaps = [(v0 - end, 0) if end <= v0 else (start - v1, 1) for v0, v1, after_only in verbs
                if (end <= v0 and not after_only) or (
                    v1 <= start and _INVERTED.fullmatch(sentence, v1, start)
                    and _NAME_ENDS.match(sentence, end))]
        return min(gaps) if gaps else None

    best: tuple[tuple[int, int, int], tuple[int, int, int]] | None = None
    for index, start, end in mentions:
        distance = gap(start - offset, end - offset)
        if distance is not None:  # "Laura Finch, of the University of Leeds, said": Finch
            attached = bool(_ATTACHED.search(sentence, 0, start - offset))
            key = (int(attached), *distance)
            if best is None or key < best[0]:
                best = (key, (index, start, end))
    if focus is not None and focus_mention is not None:
        for pronoun in _SUBJECT_PRONOUN.finditer(sentence):
            distance = gap(pronoun.start(), pronoun.end())
            if distance is not None and (best is None or (0, *distance) < best[0]):
                best = ((0, *distance), (focus, *focus_mention))
        if best is None and _PRONOUN.search(sentence):  # "... and said her party would"
            return (focus, *focus_mention)
    return best[1] if best else None


def analyse_sentences(source: ArticleSource) -> dict[str, Any]:
    """The stored analysis of one article (see the module docstring for its shape)."""
    text = source.text
    rows: list[tuple[int, int, list[tuple[int, int, str]]]] = []
    for passage, doc in zip(source.passages, source.spacy_docs(), strict=True):
        spans = []
        for ent in doc.ents:
            cleaned = _clean_entity(
                text, passage.start + ent.start_char, passage.start + ent.end_char, ent.label_
            )
            if cleaned:
                spans.append(cleaned)
        for s_start, s_end in passage.sentences:
            sentence = text[s_start:s_end]
            ents = [e for e in spans if s_start <= e[0] and e[1] <= s_end]
            covered = [(a, b) for a, b, _ in ents]
            for m in _PROPER.finditer(sentence):  # proper nouns the small model missed
                a, b = s_start + m.start(), s_start + m.end()
                if _opening(sentence, m.start()) or m.group() == "I" or any(
                        x < b and a < y for x, y in covered):
                    continue  # a capital by position (see _who_is_who)
                ents.append((a, b, "NAME"))
            for m in _NUMBER.finditer(sentence):
                a, b = s_start + m.start(), s_start + m.end()
                if not any(x < b and a < y for x, y, _ in ents):
                    ents.append((a, b, "NUMBER"))
            rows.append((s_start, s_end, ents))
    return _who_is_who(text, rows)


def _opening(sentence: str, at: int) -> bool:
    """Whether a capital at ``at`` may be one by position (the sentence's or a quote's
    first word)."""
    before = sentence[:at].rstrip()
    return not before or before[-1] in "“\"‘'(:—–-"


def _who_is_who(text: str, rows: list[tuple[int, int, list[tuple[int, int, str]]]]
                ) -> dict[str, Any]:
    """The stored analysis from each sentence's span and entities: who is named (people
    of one surname folded), whom each sentence is about ("he" resolved) and who speaks
    in it. Needs no spaCy, so an older stored analysis is brought up to date with it."""
    people = _People()
    sentences: list[list[Any]] = []
    last_mention: dict[int, tuple[int, int]] = {}
    previous_speaker: list[int] = []
    in_quote = False  # inside a quotation that runs over several sentences
    last_named: list[int] = []  # the people the last sentence naming anyone named
    for s_start, s_end, found in rows:
        sentence = text[s_start:s_end]
        ents = list(found)
        dateline = DATELINE.match(sentence)
        if dateline:  # "(CNN) -- ": the agency is not in the story, nor its speaker
            a, b = s_start + dateline.start("agency"), s_start + dateline.end("agency")
            ents = [e for e in ents if not (e[0] < b and a < e[1])]
        for m in _TITLED_NAME.finditer(sentence):  # "Detective Sergeant Mark Fellowes of
            a, b = s_start + m.start("name"), s_start + m.end("name")  # ...": the small
            if not any(x < b and a < y for x, y, _ in ents):  # model tagged no one
                ents.append((a, b, "PERSON"))
        ents.sort()
        named_here = list(ents)
        for m in _PROPER.finditer(sentence):  # a capital by position names someone only
            a, b = s_start + m.start(), s_start + m.end()  # if seen before ("Marsh said"):
            a = _past_lead_word(text, a, b)  # "Especially Callum." after "Callum": Callum
            if _opening(sentence, m.start()) and m.group() != "I" and not any(  # the first
                    x < b and a < y for x, y, _ in ents) and people.knows_person(text[a:b]):
                named_here.append((a, b, "PERSON"))  # word a person, one after a quote
                if not sentence[: m.start()].strip():  # mark ("'Wade passed away ...'")
                    ents.append((a, b, "PERSON"))  # only someone the sentence is about
        named_here.sort()
        ents.sort()
        mentions = []
        for a, b, label in named_here:
            if label in ("PERSON", "ORG", "NORP", "GPE"):
                index = people.mention(text[a:b], a, b, label, text[max(0, a - 24) : a])
                mentions.append((index, a, b))
                last_mention[index] = (a, b)
        about = {index for index, _, _ in mentions}
        named = [index for index, _, _ in mentions if people.names[index][3] == "PERSON"]
        quoted, still_open = _quoted(sentence, in_quote)
        outside = "".join(" " if q else ch for ch, q in zip(sentence, quoted, strict=True))
        pronoun = pronoun_gender(outside if _PRONOUN.search(outside) else sentence)
        if named and pronoun and named[0] not in people.gender and (
                len(named) == 1 or not _SPEECH.search(sentence)):  # "X said Y ... her": Y's
            first = _PRONOUN.search(sentence)  # after every name: "Karen Whitlow, 54, of
            last_at = max(a for index, a, _ in mentions if index in named)  # Hazel Grove,
            if first is not None and s_start + first.start() > last_at:  # used her ...":
                people.gender[named[0]] = pronoun  # a "she"
        # who "he" or "she" is: in a sentence naming nobody, whom the last sentence naming
        # someone named, first named first ("Burns, who joined Leicester from Bath, struck
        # the kick." / "... he said": Burns); in one naming someone, whom it named last;
        # either way someone known to be a "she" for "she" first (the pronouns outside its
        # quotations tell, when it has any: '"... she'd even be here," he said')
        if named:
            order = [people.focus, *reversed(named), *last_named]
        else:
            order = [*last_named, people.focus]
            if previous_speaker and _PRONOUN.search(outside) and (
                    in_quote or sentence.lstrip().startswith(("“", '"'))):
                # '"... the doorbell goes," she said.' after her words: the one speaking
                order.insert(0, previous_speaker[0])  # them, not whom the story named last
        focus = people.pick(order, pronoun)
        if named:
            last_named = named
        focus_mention = last_mention.get(focus) if focus is not None else None
        if _PRONOUN.search(sentence) and focus is not None:
            about.add(focus)
        person_mentions = [m for m in mentions if people.names[m[0]][3] in ("PERSON", "ORG")]
        speaker = _speaker(sentence, s_start, person_mentions, focus, focus_mention, quoted)
        if speaker is None and previous_speaker and (
            in_quote or sentence.lstrip().startswith(("“", '"'))
        ):
            speaker = tuple(previous_speaker)  # a quote that carries on
        previous_speaker = list(speaker) if speaker else []
        in_quote = still_open
        sentences.append([
            s_start, s_end, tokenize(sentence), [list(e) for e in ents], sorted(about),
            list(speaker) if speaker else [],
        ])
    return {"names": people.names, "sentences": sentences}


_VERSION = 18
"""18: the head words of bodies' and places' names are the quiz's too (:mod:`bot.name_heads`:
"Labour Party", "Grand Union Canal" as well; a natural place's is LOC, not FAC), and a
number before any currency's name is a sum ("40 cents", "200 pesos"); 17: a name the
small model called a person is a body's or a place's by its last word ("Hexmoor Rail",
"Coastline Homes", "Quarry Lane": :func:`_a_body_or_place`); 16: a
house's number is no count ("410 Fulton Street"), and a count the small model called a date
is a count ("two and a half stars"); 15: a name after a title or rank is a person where the
small model tagged nothing ("Detective Sergeant Mark Fellowes of Westshire Police's ...");
14: a word opening the
sentence is no part of a name after it ("Especially Callum");
13: "she said" closing a quotation that carries on someone's words is theirs; 12: who
"he" is and who speaks read anew (the last sentence's first person, "she" for
someone known to be one, names after "of" and inside quotations never speaking, a surname
opening a sentence); 11: ages after "age" and before a semicolon ("at age 71", "Carol
Callister, 68;"); 10: a sum keeps the scale written onto it ("£1.2m"); 9: "a 3-year-old"
is an AGE, people of one surname with other first names are other people; 8: no entity
for a wire story's agency in its dateline ("(CNN) --"); 7: times of day mended; 6: ages
and trailing "and"; 5: shares and sums (all by :func:`_mend_entity`); 4: stored packed
(:mod:`bot.answering.packed_facts`); 3: the same facts as JSON."""
_PACKED = tuple(100 * v + TOKENIZER_VERSION for v in range(4, _VERSION))
_JSON_VERSION = 100 * 3 + TOKENIZER_VERSION
_OLD_TOKENIZERS = (2, 3)
"""Tokenizers before this one: analyses they stored are brought up to date without spaCy
too (their stems are tokenized again)."""
_UPGRADED_PACKED = frozenset(_PACKED) | {
    100 * v + t for v in range(4, _VERSION + 1) for t in _OLD_TOKENIZERS}
_UPGRADED_JSON = frozenset({_JSON_VERSION} | {100 * 3 + t for t in _OLD_TOKENIZERS})


def _upgrade(version: int, data: bytes, text: str) -> dict[str, Any] | None:
    """An analysis stored by version 3 (JSON) or 4 to 12 (packed), or by version 3 to 13
    of a tokenizer before (:data:`_OLD_TOKENIZERS`), brought up to this version without
    spaCy: its entities mended (:func:`_mend_entity`), then who is who
    worked out again from them (:func:`_who_is_who`); None for anything older."""
    if version in _UPGRADED_JSON:
        value = decode_result(data)
    elif version in _UPGRADED_PACKED:
        value = facts_as_value(unpack_facts(data))
    else:
        return None
    rows = []
    for start, end, _, entities, _, _ in value["sentences"]:
        rows.append((start, end, [_mend_entity(text, a, b, label) for a, b, label in entities]))
    return _who_is_who(text, rows)


SENTENCE_ANALYSER = Analyser(
    kind="answer-sentences", version=100 * _VERSION + TOKENIZER_VERSION, run=analyse_sentences,
    encode=pack_facts, decode=unpack_facts, upgrade=_upgrade,
)
"""Registered in :func:`bot.service.default_analysers`: runs on every added article; read
back as :class:`SentenceFacts`."""

_cache: OrderedDict[int, tuple[object, SentenceFacts]] = OrderedDict()
_cache_lock = threading.Lock()


def facts_of(snapshot: Any, article_id: int) -> SentenceFacts:
    """The sentence facts of one article of a snapshot, parsed once.

    Kept here for the last :data:`FACTS_KEPT` articles read, keyed by the article object
    (immutable: a replaced article is a new one; held, so its id cannot be reused while
    the entry lives), so every snapshot that holds the article shares them.
    """
    article = snapshot.articles.get(article_id)
    key = id(article)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is article:
            _cache.move_to_end(key)
            return hit[1]
    try:
        facts: SentenceFacts = snapshot.analysis(article_id, SENTENCE_ANALYSER, keep=False)
    except NotFoundError:
        # removed since this snapshot was taken: answer from its words alone
        return SentenceFacts((), {})
    if article is not None:
        with _cache_lock:
            _cache[key] = (article, facts)
            while len(_cache) > FACTS_KEPT:
                _cache.popitem(last=False)
    return facts
