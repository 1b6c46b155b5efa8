"""What a question asks for: the kind of answer ("when" wants a date) and its key words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from bot.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from bot.lexical import tokenize


class AnswerType(Enum):
    """The kind of thing a question asks for, when its wording tells."""

    DATE = "date"
    NUMBER = "number"
    PERSON = "person"
    PLACE = "place"
    OTHER = "other"


_TYPE_PATTERNS: list[tuple[AnswerType, re.Pattern[str]]] = [
    (AnswerType.DATE, re.compile(
        r"\b(when|what (year|date|day|month|time|century|decade|era|period)|"
        r"(which|what|in what) (year|century|decade|month)|how long ago|since when)\b", re.I)),
    (AnswerType.NUMBER, re.compile(
        r"\b(how (many|much|old|long|far|big|large|tall|often|high|deep|wide|fast)|"
        r"what (number|percentage|percent|proportion|share|amount|fraction|population)|"
        r"how many)\b", re.I)),
    (AnswerType.PERSON, re.compile(
        r"(^|\b)(who|whom|whose|whos|which (person|man|woman|king|leader))\b", re.I)),
    (AnswerType.PLACE, re.compile(
        r"\b(where|what (country|city|town|region|state|place|county|continent|river|island)|"
        r"(which|in which|in what) (country|city|town|region|state|place|county|continent))\b",
        re.I)),
]

_MONTHS = "|".join((*MONTHS, *MONTH_ABBREVIATIONS))
_DATE = re.compile(
    rf"\b(1\d{{3}}|20\d{{2}}|\d{{1,2}}(st|nd|rd|th)? (century|centuries)|\d{{3,4}}s|"
    rf"({_MONTHS})\b|({'|'.join(WEEKDAYS)})|"
    r"(last|next|this) (week|month|year|decade|century)|yesterday|today|tomorrow|"
    r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty-first) (century|centuries)|ago|BC|AD|BCE|CE)\b",
    re.I,
)
_NUMBER = re.compile(
    r"(\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|"
    r"third|quarter|several|few|many|per ?cent)\b)",
    re.I,
)
_WHO_IS_NAME = re.compile(
    r"^\W*(?i:who)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+(?![A-Z]{2,}s?\b))?[A-Z]")
"""'Who is Simon Bailey?' (a name: what he is, not a person, answers it); 'who is the CEO'
asks for a person (a role written in capitals is not a name)."""
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


# What kind of named thing or number answers a question, as entity labels of the
# ingest-time analysis (spaCy's, plus NAME for another proper noun, NUMBER, and AGE for
# "Maureen Kelly, 71,", which the small model calls a DATE).
_PEOPLE = frozenset({"PERSON", "ORG", "NORP", "NAME"})
_ORGS = frozenset({"ORG", "NAME", "PRODUCT"})
_PLACES = frozenset({"GPE", "LOC", "FAC", "NAME"})
_TIMES = frozenset({"DATE", "TIME"})
AMOUNTS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "NUMBER"})
"""The labels of an amount ("how much", "how far", "what size")."""
_ORG_NOUNS = (
    r"compan(y|ies)|firms?|organi[sz]ations?|groups?|teams?|part(y|ies)|clubs?|bands?|"
    r"agenc(y|ies)|newspapers?|papers?|networks?|universit(y|ies)|schools?|business(es)?|"
    r"brands?|platforms?|charit(y|ies)|unions?|courts?|councils?|departments?|banks?|"
    r"channels?|broadcasters?|airlines?|labels?|studios?|manufacturers?|retailers?|"
    r"supermarkets?|giants?|operators?|providers?|authorit(y|ies)|bod(y|ies)|institutions?"
)
_TIME_UNITS = r"time|year|day|date|month|century|decade"
"""Units a question asks a time in ("what year", "in what month")."""
NUMBER_OF = r"(?:the|what) (?:total )?number of"
"""Asking for a count in so many words ("what was the number of injured people")."""
PERSON_NOUNS = (
    r"person|man|woman|king|queen|leader|official|player|minister|officer|politician|member|"
    r"writer|author|expert|spokesman|spokeswoman|spokesperson|director|boss|chief|head|ceo|"
    r"driver|victim|suspect|judge|manager|coach|captain|owner|founder|president|mayor|"
    r"councillor|campaigner|teacher|doctor|pilot|winner|candidate|chairman|chairwoman|"
    r"father|mother|dad|mum|son|daughter|wife|husband|boy|girl|lawyer|solicitor|nurse|uncle|"
    r"aunt|grandmother|grandfather|grandson|granddaughter|nephew|niece|cousin|barrister|"
    r"attorney|prosecutor|friend|brother|sister|neighbour|neighbor|headteacher|"
    r"principal|chancellor|secretary|scientist|researcher|investigator|professor|engineer|"
    r"astronaut|journalist|reporter|photographer|economist|analyst|activist|singer|artist|"
    r"actor|actress|athlete|swimmer|farmer|witness|survivor|soldier|firefighter|surgeon|"
    r"lawmaker|senator|governor|ambassador|superintendent|commissioner|inspector|detective|"
    r"sergeant|constable"
)
"""Words for a person: "which official", "the name of the driver" ask for a PERSON."""
_PLACE_NOUNS = (
    r"countr(y|ies)|cit(y|ies)|towns?|regions?|states?|places?|count(y|ies)|continents?|"
    r"rivers?|islands?|areas?|villages?|provinces?|streets?|buildings?|venues?|stadiums?|"
    r"neighbou?rhoods?|districts?|locations?|sites?|ports?|harbou?rs?|airports?|stations?|"
    r"hospitals?|prisons?|beach(es)?|coves?|bays?|lakes?|hills?|mountains?|bridges?|roads?"
)
_EXPECTED: list[tuple[frozenset[str], re.Pattern[str]]] = [
    (frozenset({"MONEY", "CARDINAL", "NUMBER"}), re.compile(
        r"\bhow much( money\b|( [\w&'’.-]+){0,6} (cost|pay|paid|spend|spent|worth|charge|price|"
        r"fund|raise|raised|earn|earned|owe|invest|invested|budget|fine|fined))|"
        r"\b(what|which)(['’]?s\b| (is|was|were|are)\b)?\s*(the )?(price|cost|fee|fare|fine|"
        r"salary|budget)|"
        r"\b(amount|sum) of (money|cash|funding)\b|\bhow many (money|cash|dollars|pounds|euros)\b|"
        r"\bwhat(['’]?s| (is|was|are|were)) ([\w'’-]+ ){1,4}worth\b",
        re.I)),
    (frozenset({"PERCENT", "CARDINAL", "NUMBER"}), re.compile(
        r"\bwhat(['’]?s| (is|was|were|are))?\s*(the )?(percentage|percent|proportion|share|"
        r"fraction)", re.I)),
    (frozenset({"AGE", "DATE", "CARDINAL", "NUMBER"}), re.compile(
        r"\b(how old|what age)\b|"
        r"\bwhat(['’]?s| (is|was|are|were)) (the age of|(his|her|their|its) age)\b", re.I)),
    (_TIMES | {"CARDINAL", "NUMBER"}, re.compile(
        r"\bhow (long|soon|often)\b", re.I)),
    (_TIMES, re.compile(
        rf"\b(when|what ({_TIME_UNITS}|era|period|season)|"
        r"(which|what|in what) (year|century|decade|month|day)|how long ago|since when)\b",
        re.I)),
    (frozenset({"CARDINAL", "QUANTITY", "NUMBER"}), re.compile(
        rf"\b(how many|what number( of)?|what (population|total)|{NUMBER_OF})\b", re.I)),
    (AMOUNTS, re.compile(
        r"\b(how (much|far|big|large|tall|high|deep|wide|fast|heavy|small)|"
        r"what (amount|size|speed|age|figure))\b", re.I)),
    (_ORGS, re.compile(rf"\b(which|what|whose) ({_ORG_NOUNS})\b", re.I)),
    (_PLACES, re.compile(
        rf"\b(where|(which|what|whose) ({_PLACE_NOUNS}))\b", re.I)),
    (frozenset({"LANGUAGE"}), re.compile(r"\bwhat languages?\b", re.I)),
    (frozenset({"NORP"}), re.compile(r"\bwhat (nationality|religion|ethnicity)\b", re.I)),
    (frozenset({"WORK_OF_ART", "LAW", "EVENT", "NAME", "PRODUCT"}), re.compile(
        r"\b(which|what) (book|film|movie|song|album|show|programme|program|law|act|bill|"
        r"event|game|novel|play|series|product|device|app|title)s?\b", re.I)),
    (_PEOPLE, re.compile(
        rf"(^|\b)(who|whom|whose|whos|which ({PERSON_NOUNS})|(his|her|their) (full )?name|"
        rf"name of (the|this|that|his|her|their|its|[\w-]+['’]?s) ([\w-]+ )?({PERSON_NOUNS})"
        r"(?![\w'’])|"
        rf"({PERSON_NOUNS})(['’]?s)? (full )?name)\b", re.I)),
]


_CONTRACTIONS = {
    "what's": "what is", "whats": "what is", "who's": "who is", "whos": "who is",
    "where's": "where is", "wheres": "where is", "when's": "when is", "how's": "how is",
    "why's": "why is", "it's": "it is", "that's": "that is", "thats": "that is",
    "there's": "there is", "he's": "he is", "she's": "she is", "they're": "they are",
    "doesn't": "does not", "doesnt": "does not", "don't": "do not", "dont": "do not",
    "didn't": "did not", "didnt": "did not", "won't": "will not", "wont": "will not",
    "can't": "cannot", "cant": "cannot", "isn't": "is not", "isnt": "is not",
    "aren't": "are not", "arent": "are not", "wasn't": "was not", "wasnt": "was not",
    "weren't": "were not", "haven't": "have not", "hasn't": "has not",
}
_SHORTHAND = {
    "ppl": "people", "abt": "about", "cuz": "because", "coz": "because",
    "govt": "government", "gov't": "government", "yr": "year", "yrs": "years",
    "hr": "hour", "hrs": "hours", "mins": "minutes", "wat": "what", "wht": "what",
    "thru": "through", "w/": "with", "b4": "before", "pls": "please", "plz": "please",
    "wich": "which", "whcih": "which", "whihc": "which", "waht": "what", "whta": "what",
    "wher": "where", "whre": "where", "whn": "when", "tmrw": "tomorrow", "tmr": "tomorrow",
    "wen": "when", "yday": "yesterday", "2day": "today", "2moro": "tomorrow",
    "whens": "when's", "hows": "how", "wats": "whats", "wots": "whats", "wot": "what",
    "meny": "many",
}
"""Chat shorthand for words ("how many ppl died", "how many yrs in prison") and misspelt
question words ("wich journal"), read as the words at every step: a library never holds
"ppl", and spelling correction cannot reach "people" from it, nor "which", which no
library indexes."""
_LOWER_SHORTHAND = {"r": "are", "u": "you", "ur": "your", "hw": "how", "bc": "because",
                    "cos": "because"}
"""Shorthand only when written in lower case ("how many countries r on the team"; not an
"R" or a "U" that names something, nor "BC Hydro"), and "bc" not after a word that makes
it a place or an era ("the bc case", "in bc", "300 bc": British Columbia, before Christ)."""
_PLACE_BEFORE = re.compile(r"(?:\b(?:the|in|of|from|to|at|across|northern|southern)|\d)\s+$",
                           re.I)


def _words_pattern(keys: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’])(" + "|".join(
        re.escape(k) for k in sorted(keys, key=len, reverse=True)) + r")(?![\w'’])", flags)


_CONTRACTION = _words_pattern(_CONTRACTIONS, re.I)
_SHORTHAND_WORD = _words_pattern(_SHORTHAND, re.I)
_LOWER_SHORTHAND_WORD = _words_pattern(_LOWER_SHORTHAND)


def spelled_out(question: str) -> str:
    """``question`` with chat shorthand written out as words ("ppl" -> "people", a lower-case
    "r" -> "are"); everything else as it was."""
    text = _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group().lower()], question)
    return _LOWER_SHORTHAND_WORD.sub(_lower_shorthand, text)


def _lower_shorthand(match: re.Match[str]) -> str:
    """The word a lower-case shorthand stands for; "bc" after a place word kept as it is."""
    if match.group() == "bc" and _PLACE_BEFORE.search(match.string, 0, match.start()):
        return "bc"
    return _LOWER_SHORTHAND[match.group()]


_QUESTION_START = re.compile(
    r"^\W*(what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|"
    r"could|will|would|should|has|have|had)\b", re.I,
)


def as_asked(question: str) -> str:
    """The question written out the way the embedding model reads best: contractions in
    full ("what's" -> "what is") and a question mark when a question lacks one.

    Measured here: all-MiniLM-L6-v2 puts "who is simon bailey" further from the sentence
    that answers it than "who is simon bailey?" (cosine 0.17 against 0.20); the models
    were fitted on SQuAD questions, which are written out in full.
    """
    text = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group().lower().replace("’", "'")],
                            spelled_out(question).replace("’", "'")).strip()
    if _QUESTION_START.match(text) and not text.endswith(("?", ".", "!")):
        text += "?"
    return text


@dataclass(frozen=True)
class QuestionInfo:
    """A question, parsed once: its answer type and content-word stems."""

    text: str
    answer_type: AnswerType
    tokens: tuple[str, ...]
    expected: frozenset[str] = frozenset()
    """Entity labels an answer would hold (PERSON for "who"), empty when the wording
    does not tell ("why", "what did he say")."""
    primary: frozenset[str] = frozenset()
    """The narrowest of those labels that most answers hold: a sum of money for "how
    much did it cost", a person (not any name) for "who", a place for "where"."""
    asking: str = ""
    """The part of the question that asks (its shorthand spelled out, without a clause a
    later "when" opens: "how many days were they missing" of "... when police found
    them"); empty for "who is <name>?", which asks for a description."""


_PRIMARY: dict[frozenset[str], frozenset[str]] = {
    frozenset({"MONEY", "CARDINAL", "NUMBER"}): frozenset({"MONEY"}),
    frozenset({"PERCENT", "CARDINAL", "NUMBER"}): frozenset({"PERCENT", "MONEY"}),
    frozenset({"AGE", "DATE", "CARDINAL", "NUMBER"}): frozenset({"AGE"}),
    _PEOPLE: frozenset({"PERSON"}),
    _PLACES: frozenset({"GPE", "LOC", "FAC"}),
    _ORGS: frozenset({"ORG"}),
}
"""The labels most answers hold, for the kinds of question whose expected labels are
broad (spaCy's small model often tags "58 per cent" as MONEY)."""


def primary_labels(expected: frozenset[str]) -> frozenset[str]:
    """The narrow labels of :data:`_PRIMARY` for ``expected`` (itself if not narrowed)."""
    return _PRIMARY.get(expected, expected)


_WH_WORD = re.compile(r"\b(?:what|who|whom|whose|which|where|why|how)\b", re.I)
_LATER_WHEN = re.compile(r"\s+when\b", re.I)


def _asking_part(question: str) -> str:
    """``question`` without a clause that a "when" after its own wh-word opens ("what was
    his mother doing when he vanished", "how many died when the ferry sank": no date is
    asked for). Two searches, so a long question costs linear time."""
    wh = _WH_WORD.search(question)
    later = _LATER_WHEN.search(question, wh.end()) if wh else None
    return question[:later.start()] if later else question


def expected_labels(question: str) -> frozenset[str]:
    """The entity labels that answer ``question`` (see :data:`_EXPECTED`), from its wording
    alone: no parser runs at question time. The asking phrase that comes first wins ("how
    many people died" asks for a count, "who was mayor" for a person, whatever "when ..."
    follows; "what was she doing when he vanished" for no date); of two at one place, the
    one listed first ("how much money")."""
    if _WHO_IS_NAME.match(question):
        return frozenset()
    return _expected_in(_asking_part(question))


_CALLED = re.compile(
    r"\bwhat(?:['’]s|s|\s+is|\s+was|\s+are|\s+were)\s+"
    r"(?:(?:the|this|that|his|her|its|their)\s+)?(?:[\w-]+\s+){0,2}?([\w-]+)\s+called\b",
    re.I)
""""whats the ceo called", "what is the river called": asks as "which ceo" / "which river"
does."""


_NAME_OF = re.compile(
    r"\bwhat(?:['’]s|s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+)?(?:full\s+)?names?\s+of\s+"
    r"(?:the|this|that|his|her|its|their|an?)\s+(?=[\w-]+\b(?!['’]))", re.I)
""""whats the name of the lifeboat": asks as "whats the lifeboat called" does (not "the
name of the city's television service", which asks for no city). Read by the answer's span
(:func:`as_which`), not by the kind of answer the learned models weigh (training asks:
reading it there hedged three more answerable questions)."""


def _called_as_which(question: str) -> str:
    """``question`` with "what is the X called" asked as "which X" (:data:`_CALLED`)."""
    return _CALLED.sub(r"which \1", question)


_NAME_OF_ITS = re.compile(
    r"\bwhat(?:['’]s|s|\s+is|\s+was)\s+(?:the|this|that)\s+([\w-]{3,}?)(?:['’]s|(?<!s)s)\s+"
    r"(?:full\s+)?name\b", re.I)
""""whats the coxswains name": asks as "whats the coxswain called" does."""


def as_which(question: str) -> str:
    """``question`` with "what is the X called", "what is the name of the X" and "what is
    the X's name" asked as "which X" (:data:`_CALLED`, :data:`_NAME_OF`,
    :data:`_NAME_OF_ITS`), for the answer's span: "whats the name of the lifeboat" and
    "whats the coxswains name" mark the lifeboat's and the coxswain's names."""
    return _NAME_OF_ITS.sub(r"which \1", _NAME_OF.sub("which ", _called_as_which(question)))


def _expected_in(asking: str) -> frozenset[str]:
    """:func:`expected_labels` of a question's asking part (:func:`_asking_part`)."""
    asking = _called_as_which(asking)
    found = [(m.start(), i) for i, (_, pattern) in enumerate(_EXPECTED)
             if (m := pattern.search(asking))]
    return _EXPECTED[min(found)[1]][0] if found else frozenset()


_NEGATED_AUXILIARIES = frozenset({"wont", "cant"})
""""won't" and "can't" as the tokenizer leaves them: auxiliaries like "didnt" and "isnt"
(stop words), not content words ("why won't fines work" is about fines and work). Left
out of the question's words here, not added to the stop words, so that no stored index
has to be rebuilt."""


_ASKING_VERB = re.compile(
    r"\b(?:did|does|do|was|were|is|are|has|have|had)\b.*?\s(?:name[sd]?|mention(?:s|ed)?|"
    r"list(?:s|ed)?|cite[sd]?)(?=\W*$)",
    re.I,
)
"""A question that ends by asking what was named ("which companies did he name?", "what
firms were mentioned"): that verb is the question's frame, not a word the answer holds
(in the seed, "name" matched "in the name of what?")."""


_WHEN_FRAME = re.compile(rf"\b((?:what|which|in what|at what)\s+)({_TIME_UNITS})\b", re.I)
"""A question that asks for a time by naming its unit ("what time was she found", "in what
year"): the unit is the answer's kind, not a word the answer holds ("the first time he had
found a child" is no answer to "what time was she found")."""


def content_tokens(question: str) -> tuple[str, ...]:
    """The stems of the question's content words (no "won't", no closing "did he name",
    no "what time")."""
    return _content_tokens(spelled_out(question))


def _content_tokens(question: str) -> tuple[str, ...]:
    """:func:`content_tokens` of a question whose shorthand is already spelled out."""
    question = _WHEN_FRAME.sub(r"\1", question)
    m = _ASKING_VERB.search(question)
    if m is not None:
        question = question[:m.end()].rsplit(None, 1)[0] + question[m.end():]
    return tuple(t for t in tokenize(question) if t not in _NEGATED_AUXILIARIES)


def analyse(question: str) -> QuestionInfo:
    """Work out what ``question`` asks for (its shorthand read as words: "wat yr")."""
    answer_type = AnswerType.OTHER
    spelled = spelled_out(question)
    tokens = _content_tokens(spelled)
    if _WHO_IS_NAME.match(spelled):  # "Who is Simon Bailey?" asks for a description
        return QuestionInfo(question, answer_type, tokens)
    asking = _asking_part(spelled)
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(asking):
            answer_type = kind
            break
    expected = _expected_in(asking)  # the "who is Simon Bailey?" case returned above
    return QuestionInfo(question, answer_type, tokens, expected, primary_labels(expected),
                        asking)


def has_answer_type(sentence: str, info: QuestionInfo) -> float:
    """1.0 if the sentence holds the kind of thing asked for, 0.0 if not, 0.5 if unknown.

    Names and places only count when they are not already in the question: "Who
    is Simon Bailey?" is not answered by a sentence whose only name is his.
    """
    kind = info.answer_type
    if kind is AnswerType.OTHER:
        return 0.5
    if kind is AnswerType.DATE:
        return 1.0 if _DATE.search(sentence) else 0.0
    if kind is AnswerType.NUMBER:
        return 1.0 if _NUMBER.search(sentence) else 0.0
    asked = set(info.tokens)
    for match in _NAME.finditer(sentence):
        if any(token not in asked for token in tokenize(match.group())):
            return 1.0
    return 0.0
