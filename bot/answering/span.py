"""Pointing at the answer inside a quote: the name, date, number or place asked for.

When a question asks for a kind of thing ("who", "when", "how many", "where") and the quoted
sentence holds such a thing that the question does not already name, that span is marked
(bold in Discord and the terminal, ``answer_span`` in JSON). With several candidates, the
most specific kind wins (a PERSON over another proper noun), then the one with the most of
the question's own words within a few words of it, then the one nearest them: "Mayor Jane
Ortiz said the plan, approved on Monday, ..." answers "who said" with Jane Ortiz, not
Monday. "Who" takes a person or a body (an ORG), whichever is nearer; "when does it start"
the date after "from"; "how many X" first an amount of X ("on 40 days", "about 60 homes"),
whatever label the small model gave it, then a count before a measure ("the number of X"
alike); "how heavy / far / fast" a measure first; "what time" a time of day before a day
(one the small model left untagged included, "10.15am"), never a length of time;
"how long did it take" a length of time ("less than five minutes", not "13th-century"), and
"when" a point in time, not a length ("within seven minutes"); "how fast" a speed, with its
"an hour"; "who" never a competition the small model calls an ORG ("the Premiership Rugby
Cup"); "who VERB" the side of the sentence's verb that answers it ("who got banned":
"Benitez has been banned ..., the federation said"); "how many ... before" the earlier
amount of a comparison ("690 the year before"), any other "how many" not it; "how fast did
they launch" with no speed given, how long it took; "how much jail time" only a length of
time; "where" a venue the small model calls an ORG ("Harrogate Convention Centre"); "where
does X live" the place after X's name and age ("Maureen Kelly, 71, from Armley"); "which
union", with nothing tagged, the capitalised words before "union" ("The Unite union said");
"how many people live in X" the population ("a population of around 750").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from bot.answering.number_words import CARDINALS, ORDINALS
from bot.answering.query import BY_HOW_MANY, Query
from bot.answering.sentences import Entity, SentenceInfo, ends_with_honorific
from bot.ingest.clean import DATELINE
from bot.lexical import STOPWORDS, phrase_pattern, stem, tokenize, words
from bot.models import Span
from bot.question import AMOUNTS, NUMBER_OF, PERSON_NOUNS, as_which

_PRIORITY = (
    "PERSON", "AGE", "MONEY", "PERCENT", "DATE", "GPE", "ORG", "LOC", "FAC", "QUANTITY", "TIME",
    "NORP", "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "CARDINAL", "NUMBER",
    "ORDINAL", "NAME",
)


def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    """Each label's place in ``order``, with "who" taking a person or a body (an ORG)
    alike: whichever is nearer the question's words wins."""
    ranks = {label: i for i, label in enumerate(order)}
    ranks["ORG"] = ranks["PERSON"]
    return ranks


_RANKS = _ranks(_PRIORITY)
_COUNTING_RANKS = _ranks(
    tuple(sorted(_PRIORITY, key=lambda label: label not in ("CARDINAL", "NUMBER"))))
"""For "how many": a count ("more than 400") before a measure ("nearly five metres")."""
_MEASURING_RANKS = _ranks(tuple(sorted(_PRIORITY, key=lambda label: label != "QUANTITY")))
"""For "how heavy / tall / far / fast ...": a measure ("about 20kg") before a sum or a date."""
_CLOCK_RANKS = _ranks(tuple(sorted(_PRIORITY, key=lambda label: label != "TIME")))
"""For "what time": a time of day ("5.40am") before a day ("Saturday")."""
_CHANGE_RANKS = _ranks(tuple(sorted(_PRIORITY, key=lambda label: label != "PERCENT")))
"""For "how much did it fall / rise": a share ("11 percent") before a sum."""
_WHAT_TIME = re.compile(r"\bwhat time\b", re.I)
_TIME_OF_DAY = re.compile(
    r"(?<![£$€.,])\b(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|"
    r"(?<![£$€.,])\b(?:[01]?\d|2[0-3])[.:][0-5]\d"
    r"(?=\s?(?:GMT|BST|UTC|local time|hours|hrs)\b)", re.I)
"""A time of day as news writes it ("10.15am", "9pm", "6.30 p.m.", "14:20 GMT"), which the
small model often leaves untagged in British style, searched for in a sentence (the ingest's
:data:`bot.answering.sentences._CLOCK` only relabels an entity that is one)."""
_HOW_MANY = re.compile(rf"\b(?:how many|{NUMBER_OF})\b", re.I)
_HOW_MUCH = re.compile(r"\bhow much\b", re.I)
_HOW_MEASURED = re.compile(
    r"\bhow (?:heavy|tall|high|deep|wide|far|fast|big|large|thick|steep|hot|cold)\b",
    re.I)
_STARTS = re.compile(
    r"\b(?:when|what date)\b.*\b(?:start|begin|open|reopen|launch|apply|come into force|"
    r"take effect|kick off)s?\b", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.I)
_SINCE_BEFORE = re.compile(
    r"\b(?:since|from|for)\s+(?:(?:about|around|roughly|nearly|almost|over|more than|"
    r"at least)\s+)?$", re.I)
"""What a length of time follows when it is not spelt as one: a point it runs from ("how
long has she been mayor": "since 2010") or "for" ("for roughly three weeks before ...")."""
_POSSESSIVE_AFTER = re.compile(r"['’]s?\s+[a-z]")
"""A name that owns what follows ("Pruitt's attorney"): whose, not who."""
_FOR_BEFORE = re.compile(r"\bfor\s+(?:\w+\s+){0,2}$", re.I)
_HOW_LONG = re.compile(r"\bhow long\b(?! ago)", re.I)
_WHEN = re.compile(r"\b(?:when|what date|what day)\b", re.I)
_WITHIN_BEFORE = re.compile(r"\b(?:within|after|by|in\s+the\s+next)\s+$", re.I)
""""within 20 days", "in the next two weeks": a length of time that says when."""
_OF_EACH_OTHER = re.compile(r"\s+of\s+(?:each\s+other|one\s+another)\b", re.I)
""""collapsed within minutes of each other": how far apart two things were, not when."""
_LAST = re.compile(r"\blast\b", re.I)
_SINCE_LAST_BEFORE = re.compile(r"\b(?:within|after|by|in\s+the\s+next|in|for)\s+$", re.I)
""""when did dorset last have beavers": "for the first time in about 400 years"."""
_VAGUE_TIME = re.compile(
    r"(?:the|this|that|a)?\s*(?:week|weekend|month|year|day|days|weeks|months|years)", re.I)
""""earlier in the week": no point in time when the sentence gives one ("at 10:16 a.m.")."""
_WHAT_DAY = re.compile(r"\b(?:what|which) (?:date|day|month|year)\b", re.I)
"""Asking for a day, month or year by name: a point in time only (a "when" may be a
length: "within 20 days")."""
_DURATION = re.compile(
    r"\b(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|several|few|many|some|a couple of|half an?)"
    r"[\s-]+(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|"
    r"decades?|centur(?:y|ies)|generations?|seasons?|terms?)\b"
    r"(?!\s+(?:ago|earlier|before|later)\b)", re.I)
"""A length of time ("less than five minutes", "three years"), not a point in it ("three
years ago", "the 13th century")."""
_HOW_FAST = re.compile(r"\bhow fast\b|\bwhat speed\b", re.I)
_HOW_QUICKLY = re.compile(r"\bhow (?:fast|quickly)\b", re.I)
"""Asked of something done, not of a speed: a length of time when no speed is given."""
_HOW_MUCH_TIME = re.compile(r"\bhow much (?:\w+ )?time\b", re.I)
_PER_TIME = re.compile(r"\s*(?:an?|per|each)\s+(?:hour|minute|second|day)\b", re.I)
_SPEED_UNIT = re.compile(r"(?:mph|kph|km/h|kmh|knots?|m/s)\b", re.I)
"""A speed: an amount "an hour" / "per second" on, or a unit that is one ("120mph")."""
_EVENT = re.compile(
    r"\b(?:Cup|Championships?|Games|Olympics|League|Open|Tournament|Trophy|Festival|Awards?|"
    r"Prize|Series|Grand Prix|Marathon|Final|Finals|Conference|Summit|Expo|Fair|Show)$")
"""The small model often calls a competition or an event an ORG ("the World Aquatics
Championships"): it never answers "who"."""
_HOW_OFTEN = re.compile(r"\bhow often\b|\bhow many times an?\b", re.I)
_TIME_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|year|decade|season)"
_FREQUENCY = re.compile(
    rf"\b(?:(?:once|twice|(?:three|four|five|six|ten|\d+|several|many) times)"
    rf"(?:\s+(?:a|an|per|each|every)\s+(?:\w+\s+)?{_TIME_UNIT}s?)?"
    rf"|every\s+(?:other\s+|\w+\s+)?{_TIME_UNIT}s?|(?:daily|weekly|fortnightly|monthly|"
    rf"yearly|annually|hourly))\b", re.I)
"""How often: "twice a week", "three times a day", "every three weeks", "monthly" (the
small model tags a year or "a week" alone, never the frequency)."""
_WHERE_FROM = re.compile(r"\bwhere\b.*\bfrom\b", re.I)
""""where were they from", "where did the flight depart from": the place after "from"."""
_WHERE_TO = re.compile(
    r"\bwhere\b(?!.*\bfrom\b).*\b(?:going|headed|heading|bound|travell?ing|sailing|flying|"
    r"destined|destination|go|went|gone)\b", re.I)
""""where is it going", "where was the ferry headed": where to, never the place it left
("lifted off ... from Cape Canaveral")."""
_WHERE_WORKS = re.compile(r"\bwhere\b.*\bwork(?:s|ed|ing)?\b", re.I)
_AT_BEFORE = re.compile(r"\b(?:at|for)\s+$", re.I)
""""where does she work": the body after "at" or "for" ("economist at Brightwater Financial")."""
_TIME_ZONES = frozenset("ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT BST UTC CET CEST".split())
"""A clock's zone ("10:16 a.m. ET"), which the small model may take for a place."""
_ORIGINS = frozenset({"GPE", "LOC", "FAC", "ORG", "NAME"})
_WHO_VERB = re.compile(
    r"^\W*who\s+(?:(?:was|were|is|are|got|gets|get|has been|have been|had been|will be|"
    r"has|have|had|did)\s+)?(\w+)", re.I)
""""who got banned", "who approved the repairs": the verb the question asks about."""
_PASSIVE_AUXILIARY = frozenset(
    {"was", "were", "is", "are", "be", "been", "being", "got", "get", "gets", "getting"})
_IRREGULAR_PARTICIPLES = frozenset({
    "held", "hurt", "shot", "caught", "taken", "given", "found", "built", "sold", "paid",
    "led", "hit", "struck", "seen", "made", "put", "kept", "left", "lost", "won", "told",
    "sent", "thrown", "bought", "brought", "beaten", "chosen", "bitten", "stolen", "hidden",
    "driven", "known", "shown", "sworn", "born", "run", "cut", "set", "spent", "fed", "bred"})
_BODIES_TOO = frozenset("owner founder winner member leader player candidate".split())
"""Words for a person that a company or a party may be too ("who is the owner")."""
_OFFICE_WORDS = frozenset(
    "chief constable deputy assistant acting prime minister secretary president vice director "
    "officer inspector superintendent commissioner mayor councillor chairman chairwoman chair "
    "executive leader head manager spokesman spokeswoman spokesperson correspondent editor "
    "governor judge sergeant detective captain coach chancellor attorney general senator "
    "sheriff headteacher headmaster headmistress principal commander of the for".split())
"""Words of an office ("Chief Constable", "Crime Correspondent"): a capitalised title the
ingest takes for a NAME. It answers no "where" or "which organisation"."""
_ASKS_SOMEONE = re.compile(r"\b(?:" + "|".join(
    w for w in PERSON_NOUNS.split("|") if w not in _BODIES_TOO) + r")s?\b", re.I)
"""A question asking for someone by a word only a person is ("who is the ceo", "the name
of the judge"): a PERSON, not the body beside them."""
_SPEECH_VERBS = frozenset({"say", "said", "says", "tell", "told", "tells", "add", "added",
                           "ask", "asked", "warn", "warned", "claim", "claimed"})


def _participle(word: str) -> bool:
    """Whether ``word`` may be a past participle ("banned", "taken", "held")."""
    return word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES


def _passive(words: list[str], index: int) -> bool:
    """Whether the verb at ``words[index]`` is passive: a participle after a form of "be"
    or "get", with at most one word between ("has been banned", "were quickly rescued")."""
    return _participle(words[index]) and any(
        w in _PASSIVE_AUXILIARY for w in words[max(0, index - 2):index])


_CHANGED_BY = re.compile(
    r"\bhow much\b.*\b(?:drop|fall|fell|rise|rose|risen|grow|grew|grown|increase|"
    r"decrease|climb|jump|slump|slide|shrink|shrank|gain)(?:s|ed|ing)?\b", re.I)
""""how much did the stock drop": a change is a share ("11 percent") before a sum."""
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|fell|dropped|climbed|jumped|slipped|slid|gained|lost|increased|decreased|"
    r"rising|falling|up|down|by)\s+(?:just\s+|about\s+|nearly\s+|almost\s+)?$", re.I)
"""What puts an amount as a change ("rose 8 cents", "down by $2"), not as the level."""
_MARGIN_BEFORE = re.compile(
    r"\b(?:majority|margin|lead)\s+of\s+(?:just\s+|about\s+|nearly\s+|almost\s+|more\s+than\s+"
    r"|over\s+)?$|\b(?:won|win|wins|beat|beating|led|leads)\s+by\s+(?:just\s+)?$", re.I)
"""What puts a number as a winning margin ("a majority of 4,203", "won by 12 points")."""
_COUNTED = re.compile(
    rf"\b(?:how (?:many|much)|{NUMBER_OF}) (?:(?:were|was|are|is|have been|had been|got)\s+)?"
    r"([a-z][\w'’-]*)", re.I)
_NEXT_WORD = re.compile(r"\s+(?:of\s+)?([\w'’-]+)")
_COUNT_LABELS = frozenset(
    {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "NUMBER", "DATE", "TIME", "ORDINAL"})
"""Labels an amount of what "how many X" counts may carry ("40 days" is a DATE to spaCy)."""


_BARE_NUMBER = re.compile(r"\d[\d,.]*")
_PARTITIVE = re.compile(
    r"\s+of\s+(?:its|their|the|his|her|our|my|your)\s+(?:\w+\s+)?(\d[\d,.]*)\s+([\w'’-]+)")
""""40 of its 210 shops": a part, then the whole it is a part of."""
_ASKS_WHOLE = re.compile(
    r"\b(?:have|has|had|own|owns|run|runs|operate|operates|in total|altogether|in all)\b",
    re.I)
""""how many shops does it have": the whole of "40 of its 210 shops", not the part."""


def _counted(query: Query, info: SentenceInfo, text: str) -> list[Entity]:
    """The amounts in the sentence of what a "how many X" / "how much X" question counts:
    X is in the amount or is the word after it ("40 days", "23 flood warnings", "a quarter
    of lessons", "the second time" for "how many times"). A bare number counts whatever
    label the small model gave it ("210 shops" was a PRODUCT). Of a part and its whole
    ("40 of its 210 shops"), the whole when the question asks what there is ("how many
    shops does it have"), else the part ("how many shops will close")."""
    wording = query.info.asking or query.info.text
    asked = _COUNTED.search(wording)
    counted = tokenize(asked.group(1)) if asked else []
    if not counted:
        return []
    whole_asked = bool(_ASKS_WHOLE.search(wording))
    out, wholes = [], set()
    for ent in info.entities:
        if ent.label not in _COUNT_LABELS and not _BARE_NUMBER.fullmatch(
                text, ent.start, ent.end):
            continue
        part = _PARTITIVE.match(text, ent.end, info.end)
        if part and counted[0] in tokenize(part.group(2)):
            wholes.add(part.start(1))
            if not whole_asked:
                out.append(ent)
            continue
        after = _NEXT_WORD.match(text, ent.end, info.end)
        stems = tokenize(text[ent.start : ent.end] + (" " + after.group(1) if after else ""))
        if counted[0] in stems or (
                counted[0] in _DONE_TO_PEOPLE and after is not None
                and after.group(1).lower() in _PEOPLE_WORDS
                and counted[0] in tokenize(text[ent.end : min(info.end, ent.end + 60)])):
            out.append(ent)  # "how many injured": "1,850 people had been injured"
    return out if whole_asked else [e for e in out if e.start not in wholes]


_DONE_TO_PEOPLE = frozenset(tokenize(
    "injured killed dead died hurt wounded arrested rescued evacuated missing detained "
    "charged hospitalised hospitalized displaced"))
"""What "how many X" asks of people when X is what befell them ("how many injured")."""
_PEOPLE_WORDS = frozenset(
    "people persons residents passengers children adults villagers workers staff patients "
    "civilians soldiers officers pupils students fans visitors migrants".split())


_ASKS_EARLIER = re.compile(
    r"\b(?:before|previous(?:ly)?|prior|earlier|used to (?:be|have))\b", re.I)
""""how many were there before", "the year before": a question about an earlier amount."""
_EARLIER_AFTER = re.compile(
    r"\s*,?\s*(?:\w+\s+){0,2}?(?:(?:the|a)\s+(?:year|month|week|day|season|decade|time)\s+"
    r"(?:before|earlier)|(?:a|one)\s+year\s+(?:ago|earlier)|previously|before|earlier|"
    r"(?:the\s+)?(?:previous|prior)\s+\w+)\b", re.I)
_LEADING_NUMBER = re.compile(r"\d[\d,.]*")
_EARLIER_BEFORE = re.compile(
    r"\b(?:compared (?:with|to)|up from|down from|rising from|falling from)\s+"
    r"(?:about\s+|around\s+|roughly\s+|just\s+|some\s+)?$", re.I)


def _earlier(text: str, entity: Entity, info: SentenceInfo) -> bool:
    """Whether ``entity`` is an earlier amount the sentence compares with: "690 the year
    before", "up from 40", or "1,310 of the year before", which the small model takes for
    one DATE."""
    number = _LEADING_NUMBER.match(text, entity.start, entity.end)
    after = number.end() if number else entity.end
    return bool(_EARLIER_AFTER.match(text, after, info.end)) or bool(
        _EARLIER_BEFORE.search(text[max(info.start, entity.start - 40) : entity.start]))


_ASKS_POPULATION = re.compile(
    r"\bhow many (?:people|residents|inhabitants|villagers|locals) (?:live|lives|living)\b|"
    r"\bpopulation\b", re.I)
_POPULATION_BEFORE = re.compile(r"\bpopulation\s+(?:of\s+)?$", re.I)
_RESIDENTS_AFTER = re.compile(r"\s+(?:residents|inhabitants|people live|villagers)\b", re.I)


def _population(text: str, found: list[Entity]) -> list[Entity]:
    """For "how many people live in X": the amount a sentence gives as its population ("a
    population of around 750", "some 2,000 residents"), not another share of people ("About a
    third of the investors live in the village"); all of ``found`` when it gives none."""
    return [e for e in found
            if _POPULATION_BEFORE.search(text[max(0, e.start - 30) : e.start])
            or _RESIDENTS_AFTER.match(text, e.end)] or found


def _by_time(info: SentenceInfo, text: str, wording: str, found: list[Entity]) -> list[Entity]:
    """For "how many / how much": the earlier amount of a comparison when the question
    asks for an earlier one ("how many claims were there the year before": 1,310 of "2,840
    claims ..., more than double the 1,310 of the year before"), else the other ones ("how
    many scooters were nicked last year": 1,460 of "1,460 ... in 2023 compared with 690 the
    year before")."""
    if _ASKS_EARLIER.search(wording):
        earlier = [e for e in info.entities
                   if e.label in _COUNT_LABELS and _earlier(text, e, info)]
        return earlier or found
    return [e for e in found if not _earlier(text, e, info)] or found


_VENUE = re.compile(
    r"\b(?:Centre|Center|Hall|Stadium|Arena|Hospital|Court|Park|Museum|Library|Theatre|"
    r"Theater|Cathedral|Church|Station|Airport|Prison|Hotel|Ground|Gardens|Square|Bridge|"
    r"Harbour|Harbor|Pavilion|Racecourse|Showground|Campus)$")


_WHERE_LIVES = re.compile(
    r"\bwhere\s+(?:does|did|do|is|was|are|were)\s+(?P<who>[\w'’ .-]+?)\s+"
    r"(?:live|lives|living|come from|from|based|grow up|hail from)\b", re.I)
_HOMETOWN_AFTER = re.compile(
    r",\s*(?:\d{1,3},\s*)?(?:of|from)\s+(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
""""Maureen Kelly, 71, from Armley": where a person named in a news story lives."""


_WHERE_BASED = re.compile(r"\bwhere\b.*\b(?:based|headquartered)\b", re.I)
_BASED = re.compile(r"\b(?!(?:The|A|An|Its|Their)\b)([A-Z][\w'’]*(?:[ -][A-Z][\w'’]*)*)-based\b")
""""the Manchester-based chain", "a New York-based firm": where it is based."""


def _based(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    """The place of an "X-based" in the sentence, of the one whose next words are the
    question's ("where is the equity firm based": New York of "Manchester-based chain ... a
    New York-based private equity firm"); None without one."""
    asked = set(query.tokens)
    best, best_score = None, -1
    for m in _BASED.finditer(text, info.start, info.end):
        score = len(asked.intersection(tokenize(" ".join(text[m.end():info.end].split()[:4]))))
        if score > best_score:
            best, best_score = Entity(m.start(1), m.end(1), "GPE"), score
    return best


def _hometown(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    """For "where does X live" / "where is X from": the place after X's name (and age)
    in the sentence ("Maureen Kelly, 71, from Armley, said ..."), which the small model
    seldom tags; None when the sentence gives none."""
    asked = _WHERE_LIVES.search(query.info.text)
    if asked is None:
        return None
    for mention in phrase_pattern(asked["who"]).finditer(text, info.start, info.end):
        place = _HOMETOWN_AFTER.match(text, mention.end(), info.end)
        if place is not None:
            return Entity(place.start("place"), place.end("place"), "GPE")
    return None


_WHICH_NOUN = re.compile(r"^\W*(?:which|what)\s+([a-z]{3,})\b", re.I)
_NAMED_BEFORE = r"((?:[A-Z][\w'’&.-]*\s+){1,4})"


def _named_by_noun(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    """For "which union": the capitalised words the sentence puts before that noun ("The
    Unite union said ...": "Unite union"), when the small model tagged nothing there."""
    asked = _WHICH_NOUN.match(query.info.text)
    if asked is None or asked.group(1).lower() in STOPWORDS:
        return None
    noun = re.compile(_NAMED_BEFORE + rf"((?i:{re.escape(asked.group(1))}s?))\b")
    for found in noun.finditer(text, info.start, info.end):
        names = found.group(1).split()
        while names and names[0].lower() in _LEADING_WORDS:
            names.pop(0)  # "The Unite union": not "The"
        if names:
            start = found.start(1) + found.group(1).index(names[0])
            return Entity(start, found.end(2), "ORG")
    return None


def _asked_noun(query: Query) -> str | None:
    """The noun of "what river" / "whats the lifeboat called" (read as "which lifeboat"),
    lower-cased; None when the question does not ask so."""
    asked = _WHICH_NOUN.match(as_which(query.info.text))
    return asked.group(1).lower() if asked else None


def _of_the_asked_kind(query: Query, text: str,
                       entities: Callable[[], list[Entity]]) -> list[Entity]:
    """For "what river": the names that say they are one ("the River Stour", not
    "Sandwich" beside it, whatever label the small model gave it); none when the question
    names no kind of thing (``entities`` is then never called)."""
    noun = _asked_noun(query)
    if noun is None or noun in STOPWORDS:
        return []
    kind = stem(noun)
    return [e for e in entities() if e.label in _NAME_LABELS
            and kind in _ends(tokenize(text[e.start : e.end]))]


_NAMED_KINDS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"})


def _only_by_its_noun(query: Query, info: SentenceInfo, text: str,
                      found: list[Entity]) -> bool:
    """For "which company ..." / "what is the company called": whether the sentence calls
    that thing only "the company" ("The company said it had ... reported the attack to the
    FBI"), so the names it holds are of other things. A name beside the noun ("the company,
    StrideLoop", "the town of Jamiltepec", "StrideLoop, the company") is the thing's own."""
    noun = _asked_noun(query)
    if noun is None or noun in STOPWORDS or not (query.info.expected & _NAMED_KINDS):
        return False
    sentence = text[info.start : info.end]
    bare = [m for m in re.finditer(
        rf"\b(?:the|this|that)\s+{re.escape(noun)}(?:e?s)?\b(?![\w'’-])", sentence, re.I)
        if not re.match(r"\s*(?:[,(:—–-]\s*)?(?:(?:the|of|called|named)\s+)?[A-Z0-9]",
                        sentence[m.end():])]
    if not bare:
        return False
    return not any(re.fullmatch(r"[\s,(:—–-]*", sentence[e.end - info.start : m.start()])
                   for e in found for m in bare if e.end - info.start <= m.start())


def _ends(stems: list[str]) -> tuple[str, ...]:
    """The first and last of ``stems``: where a name says what it is ("River Stour",
    "Royal Cornwall Hospital"; not the "Fire" of "Department of Forestry and Fire
    Protection")."""
    return (stems[0], stems[-1]) if stems else ()


_NAMING_BEFORE = re.compile(
    r"\b(?:named|called|dubbed|known as|christened|nicknamed)\b[^.;]{0,30}$", re.I)


def _called(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    """What "what is the X called" asks for when X is no kind of thing the question reader
    knows (a lifeboat, a comet): the first name, not a NORP ("the Severn-class Ivan Ellen":
    not "Severn"), that holds X, comes a few words after it ("The lifeboat, the
    Severn-class Ivan Ellen") or after "named" / "dubbed" ("dubbed the Canyon Ridge Fire")."""
    noun = _asked_noun(query)
    kind = stem(noun) if noun is not None else None
    named_words = set(words(query.info.text))
    for e in info.entities:
        piece = text[e.start : e.end]
        if e.label not in _CALLED_LABELS or set(words(piece)) <= named_words or any(
                c.isdigit() for c in piece) or text.startswith("-", e.end):
            continue  # a code ("W3" of "C/2024 W3") or a class ("Severn-class") names nothing
        lead = text[max(info.start, e.start - 40) : e.start]
        beside = kind is not None and re.search(  # "The lifeboat, the Severn-class "
            rf"\b(?i:{re.escape(kind)})\w*[\s,:(—–-]*(?:(?:the|a|an)\s+)?"
            rf"(?:[A-Z][\w-]*\s+|\w+-[\w-]+\s+)?$", lead)
        if (kind is not None and kind in tokenize(piece)) or beside or (
                _NAMING_BEFORE.search(lead)):
            return e
    return None


_LEADING_WORDS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})


class _AskedVerb(NamedTuple):
    """Where a sentence has the verb of a "who VERB" question."""

    question: list[str]
    """The question's "who ... VERB", in lower-case words."""
    index: int
    """The verb's word in the sentence."""
    done_to: bool
    """Whether the sentence's verb is done to someone (passive, or "VERB by")."""


def _asked_verb(query: Query, written: list[re.Match[str]]) -> _AskedVerb | None:
    """For "who VERB": where the sentence (its words ``written``) has that verb, a
    lower-case word of its stem. None when the question asks about no verb ("who is the
    CFO"), about a verb of saying ("..., said Tom Hale" puts the speaker after it), or the
    sentence lacks it (a capitalised match is a name: "who is hiroshi tanaka")."""
    asked = _WHO_VERB.match(query.info.text)
    word = asked.group(1).lower() if asked else ""
    if asked is None or not word or word in _SPEECH_VERBS or word in STOPWORDS:
        return None
    plain = [w.group().strip(".,;:!?\"'()") for w in written]
    lowered = [w.lower() for w in plain]
    verb = stem(word)
    index = next((i for i, w in enumerate(plain) if w[:1].islower() and stem(lowered[i]) == verb),
                 None)
    if index is None:
        return None
    done_to = _passive(lowered, index) or lowered[index + 1: index + 2] == ["by"]
    return _AskedVerb(asked.group(0).lower().split(), index, done_to)


def _doer_before_verb(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    """For "who VERB ..." of an active sentence: the capitalised words right before that
    verb ("..., and Reform UK came third": "Reform UK", which the small model split into
    a place and nothing), when they are not what the question names already."""
    written = list(re.finditer(r"\S+", text[info.start : info.end]))
    asked = _asked_verb(query, written)
    if asked is None or not asked.index or asked.done_to:
        return None
    index = asked.index
    first = index
    while first > 0 and written[first - 1].group()[:1].isupper() and (
            first == index or not written[first - 1].group().endswith((",", ";", ":"))):
        first -= 1
    while first < index and written[first].group().lower() in _LEADING_WORDS:
        first += 1
    if first == index or (first == 0 and index - first == 1):  # one sentence-opening word
        return None
    names = {w.group().lower().strip(".,;:!?\"'()") for w in written[first:index]}
    if names <= set(words(query.info.text)):
        return None  # "who did reform uk beat"
    return Entity(info.start + written[first].start(), info.start + written[index - 1].end(),
                  "ORG")


def _venues(info: SentenceInfo, text: str, expected: frozenset[str]) -> list[Entity]:
    """The sentence's entities, with a venue the small model calls an ORG ("Harrogate
    Convention Centre", "Leeds Crown Court") taken for the place it is when a place is
    asked for ("where was the count held")."""
    if "FAC" not in expected:
        return list(info.entities)
    return [Entity(e.start, e.end, "FAC") if e.label == "ORG" and _VENUE.search(
        text, e.start, e.end) else e for e in info.entities]


def _after_from(text: str, entity: Entity) -> bool:
    """Whether ``entity`` comes right after "from" ("from April", "from Bristol")."""
    return _FROM_BEFORE.search(text, max(0, entity.start - 6), entity.start) is not None


def _after_since(text: str, entity: Entity) -> bool:
    """Whether ``entity`` follows "since", "from" or "for" (:data:`_SINCE_BEFORE`)."""
    return _SINCE_BEFORE.search(text, max(0, entity.start - 24), entity.start) is not None


def _is_duration(text: str, entity: Entity, info: SentenceInfo) -> bool:
    """Whether ``entity`` is a length of time (reading a few characters on, within its
    sentence, so that "three years ago" reads as a point in time)."""
    found = _DURATION.search(text, entity.start, min(info.end, entity.end + 12))
    return found is not None and found.start() < entity.end


def _speed(text: str, entity: Entity) -> Entity | None:
    """``entity`` as a speed, stretched over the "an hour" after it, or None if it is
    not one."""
    if _SPEED_UNIT.search(text, entity.start, entity.end):
        return entity
    rate = _PER_TIME.match(text, entity.end)
    return Entity(entity.start, rate.end(), entity.label) if rate else None


class _Anchor(NamedTuple):
    """A word of the sentence that the question also has."""

    index: int
    """Its place among the sentence's words."""
    start: int
    """Its offset into the article."""
    stem: str


def _question_positions(query: Query, words: list[re.Match[str]], start: int) -> list[_Anchor]:
    """The words of a sentence (``words``, matched from its offset ``start``) that the
    question also has."""
    asked = set(query.tokens)
    anchors = []
    for i, word in enumerate(words):
        stems = tokenize(word.group())
        if stems and stems[0] in asked:
            anchors.append(_Anchor(i, start + word.start(), stems[0]))
    return anchors


_AROUND = 3
"""How many words either side of a candidate are read for the question's own words."""


def _words_around(anchors: list[_Anchor], words: list[re.Match[str]], start: int,
                  entity: Entity) -> int:
    """How many different question words stand within :data:`_AROUND` words of
    ``entity``: "The International Astronomical Union has named the object C/2024 W3
    (Trelawny)" answers "who named it" with the union, though "Trelawny" starts nearer
    "named"."""
    first = next((i for i, w in enumerate(words) if start + w.end() > entity.start),
                 len(words))
    last = next((i for i in range(len(words) - 1, -1, -1)
                 if start + words[i].start() < entity.end), -1)
    return len({a.stem for a in anchors if first - _AROUND <= a.index <= last + _AROUND})


def _voiced(query: Query, written: list[re.Match[str]], start: int,
            found: list[Entity], *, alone: bool = False) -> list[Entity]:
    """Of the candidates for "who VERB", those on the side of the sentence's VERB that
    answers it: the one it was done to is its subject when both the question and the
    sentence are passive ("who got banned": "Benitez has been banned ..., the federation
    said"); the one who did it follows a passive sentence's verb ("who approved the
    repairs": "the repairs were approved on Monday by the housing association"; "who
    investigated": "an investigation by the Environment Agency") and leads an active one.
    All of ``found`` when the sentence lacks the verb, or none is on that side (with
    ``alone``: none then, when the one candidate is on the other side); never for a verb of
    saying ("..., said Tom Hale" puts the speaker after it)."""
    asked = _asked_verb(query, written)
    if asked is None:
        return found
    index, done_to = asked.index, asked.done_to
    before = _passive(asked.question, len(asked.question) - 1) == done_to
    at = start + written[index].start()
    side = [e for e in found if (e.end <= at if before else e.start > at)]
    if before and done_to and _pronoun_before(written, index):
        side = []  # "... after they were kidnapped": whoever "they" are, no name here
    if before:  # the doer leads the verb's own clause ("Turnout was 41.6 per cent, and
        # Reform UK came third": Reform UK), not an earlier clause
        own = [e for e in side if not _CLAUSE_BREAK.search(" ".join(
            w.group() for w in written if e.end <= start + w.start() < at))]
        side = own or side
    if alone and len(found) == 1:
        return side
    return side or found


_PRONOUN_SUBJECT = re.compile(r"they|he|she|it|we|i|you")
_AUXILIARY = frozenset("was were been being be is are had has have got get gets".split())


def _pronoun_before(written: list[re.Match[str]], index: int) -> bool:
    """Whether the subject of the verb at ``index`` is a pronoun ("they were kidnapped")."""
    i = index - 1
    while i >= 0 and written[i].group().lower() in _AUXILIARY:
        i -= 1
    return i >= 0 and bool(_PRONOUN_SUBJECT.fullmatch(written[i].group().lower()))


_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\b", re.I)
"""Where one clause ends and another begins: "..., and", "...; "."""


_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)")
"""What joins the people of a list: a comma, "and", "&"."""
_AND = re.compile(r"\band\b|&")


def _with_coordinated(query: Query, entity: Entity | None, info: SentenceInfo,
                      text: str) -> Entity | None:
    """A person the sentence names with others in one list ("started by Tom and Gareth
    Hollis", "Ann, Bob and Cy"), as the whole list: the small model tags "Tom" and "Gareth
    Hollis" apart, and one of them alone answers "who started it" by half; so too names
    of one other kind when the question asks for several ("which companies did he name":
    "Google and Facebook"). Not when the question names one of the others ("who started it
    with Tom": Gareth Hollis), nor across a comma alone ("Martin Evans, John Smith's
    lawyer")."""
    if entity is None or not (entity.label == "PERSON" or (
            entity.label in _LISTED and _ASKS_SEVERAL.match(query.info.text))):
        return entity
    kinds = {entity.label} if entity.label == "PERSON" else {entity.label, "NAME"}
    same = sorted((e for e in info.entities if e.label in kinds), key=lambda e: e.start)
    at = next((i for i, e in enumerate(same) if e.start == entity.start), None)
    if at is None:
        return entity
    first = last = at
    while first > 0 and _JOINED.fullmatch(text, same[first - 1].end, same[first].start):
        first -= 1
    while last + 1 < len(same) and _JOINED.fullmatch(text, same[last].end,
                                                     same[last + 1].start):
        last += 1
    if first == last or not _AND.search(text, same[last - 1].end, same[last].start):
        return entity
    asked = set(query.tokens)
    for other in same[first : last + 1]:
        stems = tokenize(text[other.start : other.end])
        if other.start != entity.start and stems and all(s in asked for s in stems):
            return entity
    return Entity(same[first].start, same[last].end, entity.label)


def _in_a_list(entity: Entity, info: SentenceInfo, text: str) -> bool:
    """Whether the sentence names ``entity`` in a list with another of its kind ("The
    United States, Canada and Japan offered help")."""
    kinds = {entity.label, "NAME"}
    return any(
        e.label in kinds and (
            (e.end <= entity.start and _JOINED.fullmatch(text, e.end, entity.start)) or (
                entity.end <= e.start and _JOINED.fullmatch(text, entity.end, e.start)))
        for e in info.entities if e is not entity)


_LISTED = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT",
                     "NAME"})
"""Kinds of name a list of which answers a question asking for several (with the proper
nouns the small model left untagged: "Google and Facebook", ORG and NAME)."""
_NAME_LABELS = _LISTED | {"PERSON", "LAW"}
"""Kinds of name a thing may be called by ("what river": "the River Stour")."""
_CALLED_LABELS = _NAME_LABELS - {"NORP"}
_ASKS_SEVERAL = re.compile(
    r"^\W*(?:which|what)\s+(?:(?:other|two|three|four|five|main|big|major)\s+)?"
    r"(?!(?:was|has|does|is|its|this|plus|news|bus|gas)\b)(?:[a-z]+(?:ies|[^s]s))\b", re.I)
""""which companies", "what countries", "which two firms": a plural noun asked for."""


def answer_entity(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    """The entity of ``info`` that answers ``query``, or None when the question does not
    ask for a kind of thing or the sentence holds none it does not already name."""
    info = _named_bodies(_whole_words(info, text), text)
    found = _with_coordinated(query, _answer_entity(query, info, text), info, text)
    if found is not None and _CLOCK_CUT.search(text, found.start, found.end + 1):
        found = Entity(found.start, found.end + 1, found.label)  # "10:16 a.m." whole
    return found


_CLOCK_CUT = re.compile(r"\b[ap]\.m\.$", re.I)
"""A time of day cut before its last full stop ("10:16 a.m"), as the small model may."""


def _whole_words(info: SentenceInfo, text: str) -> SentenceInfo:
    """``info`` with no entity that cuts a word: one ending inside a word of small letters
    runs to the word's end ("£1.2" of "£1.2m"); one that is part of a code or a name
    ("5" of "5G", the small model's CARDINAL) is dropped."""
    kept = []
    changed = False
    for ent in info.entities:
        before = text[ent.start - 1] if ent.start > info.start else " "
        rest = re.match(r"(?:[\w/]*\w)?", text[ent.end : info.end]).group()  # type: ignore[union-attr]
        if before.isalnum() or (rest and not rest.islower()):
            changed = True
            continue
        if rest:
            ent, changed = Entity(ent.start, ent.end + len(rest), ent.label), True
        kept.append(ent)
    return replace(info, entities=tuple(kept)) if changed else info


_BODY_LABELS = frozenset({"NORP", "ORG"})
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+) $")


def _named_bodies(info: SentenceInfo, text: str) -> SentenceInfo:
    """``info`` with a party or body the small model cut after its first word made whole:
    "The Liberal Democrats have won" tags "Democrats" alone, and "The Liberal Democrat
    leader" tags "Liberal" and "Democrat" apart; both are "Liberal Democrat(s)". A
    capitalised word right before an NORP or ORG entity joins it, unless it opens the
    sentence ("Yesterday Google said"), is a common word ("The") or is another kind of
    entity ("Thursday")."""
    kept: list[Entity] = []
    changed = False
    for ent in info.entities:
        prev = kept[-1] if kept else None
        if ent.label in _BODY_LABELS and prev is not None and prev.label in _BODY_LABELS and (
                text[prev.end : ent.start] == " "):
            kept[-1] = Entity(prev.start, ent.end, ent.label)  # "Liberal" + "Democrat"
            changed = True
            continue
        word = _WORD_BEFORE.search(text, max(info.start, ent.start - 24), ent.start)
        if ent.label in _BODY_LABELS and word is not None and word.start(1) > info.start and (
                word[1].lower() not in STOPWORDS) and not (
                prev is not None and prev.end > word.start(1)):
            ent, changed = Entity(word.start(1), ent.end, ent.label), True
        kept.append(ent)
    return replace(info, entities=tuple(kept)) if changed else info


_HOW_OLD = re.compile(r"\b(?:how old|what age)\b", re.I)
_OLD = re.compile(r"\bold\b", re.I)
_AGED = re.compile(r"\b(?:aged?|age of)\s+$", re.I)
_ONCE_AGED = re.compile(
    r"\b(?:since|when|until|till|from|by)\s+(?:i|he|she|they|we|you)\s+(?:was|were)\s+$", re.I)
"""What puts an age in the past ("I've dreamed about this since I was eight years old"):
no answer to "how old is she" (but one to "how old was she when she started")."""
_AGE_NOW = re.compile(r"\b(?:how old|what age)\s+(?:is|are)\b", re.I)


def _too_many_years(text: str, entity: Entity) -> bool:
    """Whether ``entity`` is a number no one's age is ("18,412" votes, "30 million")."""
    number = _BARE_NUMBER.search(text, entity.start, entity.end)
    if number is None:
        return False
    digits = number.group().replace(",", "").rstrip(".")
    return not digits.replace(".", "", 1).isdigit() or float(digits) > 130 or bool(
        re.search(r"\b(?:million|billion|thousand)", text[entity.start : entity.end], re.I))


_SUMS = frozenset({"MONEY"})
_COUNTED_AFTER = re.compile(r"\s+(?!(?:years?|months?|weeks?|days?|old)\b)[a-z]")


def _counts_something(text: str, entity: Entity) -> bool:
    """Whether ``entity`` is a number of things ("seven grandchildren", "22 studio albums"):
    a lower-case word other than a unit of age follows it."""
    return entity.label in ("CARDINAL", "NUMBER") and bool(
        _COUNTED_AFTER.match(text, entity.end))


_POSSESSOR_BEFORE = re.compile(r"\b(?:(?i:her|his|their|my|our|your)|[A-Z][\w-]*['’]s?)\s+$")
_AGED_NOUN = re.compile(r"(?:[\s-]+years?[\s-]+old)?\s+([a-z][\w'’-]*)")


def _age_of_possessed(query: Query, text: str, entity: Entity) -> bool:
    """Whether ``entity`` is the age of someone belonging to another ("Her 6-year-old son
    remained missing"): the son's, an answer to "how old is her son" but not to "how old
    is she"."""
    if not _POSSESSOR_BEFORE.search(text, max(0, entity.start - 24), entity.start):
        return False
    noun = _AGED_NOUN.match(text, entity.end)
    return noun is not None and not set(tokenize(noun.group(1))) & set(query.tokens)


_A_NUMBER = re.compile(
    rf"\d|\b(?:{'|'.join((*CARDINALS, *ORDINALS))}|\w+teen|\w+ty|\w+ties|hundred|"
    r"centur(?:y|ies)|millenni(?:um|a))\b", re.I)
"""A number in digits or words ("29", "eight", "fifteen", "in his forties", "the fourth
century AD"): what an age holds ("Monday", "last year" hold none)."""


def _is_age(text: str, entity: Entity) -> bool:
    """Whether ``entity`` may be someone's age: the ingest's AGE ("Gregory Dahl, 58"), "17
    years old", "the 17-year-old", "aged 17"."""
    return entity.label == "AGE" or bool(
        _OLD.search(text, entity.start, min(len(text), entity.end + 6))) or bool(
        _AGED.search(text, max(0, entity.start - 6), entity.start))


_ASKS_A_NAME = re.compile(r"\bname\b|\bcalled\b", re.I)
_NOUN_BEFORE = re.compile(
    r"((?:[\w'’-]+\s+){0,2}[\w'’-]+)(?:\s+of\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+)?\s*,?\s*$")
"""The words a name stands beside ("The boy's father, Daniel Okafor"; "chief executive"; "his
wife of 42 years, Carol Callister": "his wife")."""
_POSSESSIVE = re.compile(r"[\w-]+['’]s?(?=\s|$)")


def _apposed_to_another(query: Query, info: SentenceInfo, text: str, person: Entity) -> bool:
    """Whether ``person`` is someone the question does not ask about though the sentence
    names who it does first: "The boy's father, Daniel Okafor, 41" for "how old was the
    boy" or "what is the boy's name" (the name stands beside "father", not "boy")."""
    asked = set(query.tokens) - _NAMING_WORDS
    if not asked & set(tokenize(text[info.start : person.start])):
        return False  # "how old is El Tigre" of "Ramiro Castellanos Vela, 47, known as ..."
    noun = _NOUN_BEFORE.search(text, info.start, person.start)
    beside = _POSSESSIVE.sub(" ", noun.group(1)) if noun else ""  # "father", not "boy's"
    called = tokenize(text[person.start : person.end] + " " + beside)
    return not asked & set(called)


_NAMING_WORDS = frozenset(tokenize("old age name names called"))
_OWNED_PERSON = re.compile(
    rf"\b([\w-]+?)(?:['’]s|s)\s+(?:{PERSON_NOUNS})(?:['’]?s)?\s+(?:full\s+)?name\b|"
    rf"\b(?:who(?:\s+is|\s+was|['’]?s)|name\s+of)\s+([\w-]+?)(?:['’]s|s)\s+(?:[\w-]+\s+)?"
    rf"(?:{PERSON_NOUNS})\b", re.I)
_NOT_OWNERS = frozenset(("the", "his", "her", "their", "its", "boy", "girl", "hi", "it", "thi"))
"""Words before a relation that name nobody ("his", read as "hi" + "s", "the boy's")."""


def _owner_of_asked(wording: str) -> frozenset[str]:
    """The stems of whose relation a name question asks for ("whitlow" of "whats whitlows
    husbands name", "who is whitlow's barrister", "the name of Bailey's lawyer"); empty
    when it names no owner."""
    owned = _OWNED_PERSON.search(wording)
    owner = owned and (owned[1] or owned[2])
    if not owner or owner.lower() in _NOT_OWNERS:
        return frozenset()
    return frozenset(tokenize(owner))


def _age_of_another(query: Query, info: SentenceInfo, text: str, entity: Entity) -> bool:
    """Whether ``entity`` is the age of someone the question does not ask about (it follows
    a name :func:`_apposed_to_another`)."""
    holder = next((e for e in info.entities if e.label == "PERSON" and e.end <= entity.start
                   and text[e.end : entity.start].strip() == ","), None)
    return holder is not None and _apposed_to_another(query, info, text, holder)


_A_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.I)
_LOWER_AFTER = re.compile(r"\s+[a-z]")


_BODY_AFTER = re.compile(
    r"\s+(?:police|officials|authorities|troops|forces|soldiers|government|army|navy|"
    r"coastguard|rescuers|investigators|prosecutors|officers|ministers|firefighters)\b")


def _with_body(text: str, entity: Entity) -> Entity:
    """A nationality with the body of people it describes ("Mexican police"): who did it."""
    body = _BODY_AFTER.match(text, entity.end) if entity.label == "NORP" else None
    return Entity(entity.start, body.end(), "ORG") if body else entity


def _modifies(text: str, entity: Entity) -> bool:
    """Whether ``entity`` only describes the noun after it ("a Stockport care home", "an
    Apple store", "Mexican police"): no one who did anything. A plural nationality or
    party is a group of people ("The Liberal Democrats have won")."""
    return bool(_LOWER_AFTER.match(text, entity.end)) and (
        (entity.label == "NORP" and not text[entity.start : entity.end].endswith("s"))
        or bool(_A_BEFORE.search(text, max(0, entity.start - 4), entity.start)))


_HOME_BEFORE = re.compile(r"\b\d{1,3},\s+(?:from|of)\s+$")


def _home_town(text: str, entity: Entity) -> bool:
    """Whether ``entity`` is where the person just named and aged lives ("Karen Whitlow, 54,
    of Hazel Grove"), whatever the small model took it for."""
    return bool(_HOME_BEFORE.search(text, max(0, entity.start - 16), entity.start))


def _office(piece: str) -> bool:
    """Whether ``piece`` is only the words of an office ("Chief Constable")."""
    found = words(piece)
    return bool(found) and all(w in _OFFICE_WORDS for w in found)


_HOW_MEASURE = re.compile(
    r"\bhow (close|near|thick|hot|cold|warm|loud|steep|low|strong|powerful)\b", re.I)
"""A question asking for a measure that the question's kind (:mod:`bot.question`, which the
learned models read) does not type: "how close to homes would the blasting be" is
answered by "250 metres" as "how far" is. Read here only, so the models' evidence stays
what they were fitted on."""


def _answer_entity(query: Query, info: SentenceInfo, text: str) -> Entity | None:
    expected = query.info.expected
    if not expected and _HOW_MEASURE.search(query.info.asking or query.info.text):
        expected = AMOUNTS
    if not expected and as_which(query.info.text) != query.info.text:
        return _called(query, info, text)  # "whats the lifeboat called"
    if not expected:
        return None
    asked = set(query.tokens)
    wording = query.info.asking or query.info.text  # "how long ... when police came"
    asked_words = set(words(query.info.text))  # what the whole question names

    def unnamed(entities: list[Entity]) -> list[Entity]:
        out = []
        for ent in entities:
            piece = text[ent.start : ent.end]
            stems = tokenize(piece)
            if (stems and all(s in asked for s in stems)) or (
                not stems and set(words(piece)) <= asked_words
            ):
                continue  # the question names it already: not the answer
            out.append(ent)
        return out

    if _HOW_OFTEN.search(wording):  # "how often do buses run": "twice a week", not "2015"
        often = _FREQUENCY.search(text, info.start, info.end)
        if often is not None:
            return Entity(often.start(), often.end(), "DATE")
    home = _hometown(query, info, text)
    if home is not None:  # "where does maureen kelly live": "Maureen Kelly, 71, from Armley"
        return home
    if _WHERE_BASED.search(wording):  # "where is crumb based": "the Manchester-based chain",
        based = _based(query, info, text)  # which the small model may call a PRODUCT
        if based is not None:
            return based
    if _WHERE_WORKS.search(wording):  # "where does she work": "chief economist at
        employers = unnamed([e for e in info.entities if e.label == "ORG"  # Brightwater
                             and _AT_BEFORE.search(text, max(0, e.start - 5), e.start)])
        if employers:  # Financial in New York": the firm, not the city
            return employers[0]
    if _WHERE_FROM.search(wording):  # "where were they from": "from Bristol", which the
        # small model may call an ORG
        origins = unnamed([e for e in info.entities
                           if e.label in _ORIGINS and _after_from(text, e)])
        if origins:
            return origins[0]
    found = unnamed(_counted(query, info, text)) or unnamed(
        [e for e in _venues(info, text, expected) if e.label in expected  # not "Gen." alone
         and not ends_with_honorific(text[e.start : e.end])])
    if "PERSON" not in expected:  # "where is norfolk police": never "Chief Constable"
        found = [e for e in found
                 if not (e.label == "NAME" and _office(text[e.start : e.end]))]
    of_kind = _of_the_asked_kind(query, text, lambda: unnamed(list(info.entities)))
    if not of_kind and _only_by_its_noun(query, info, text, found):
        return None  # "which company was hacked": "The company ... reported it to the FBI"
    found = of_kind or found
    if _WHERE_TO.search(wording):  # "where is it going": not "from Cape Canaveral", nor
        found = [e for e in found if not _after_from(text, e)  # "10:16 a.m. ET"
                 and text[e.start : e.end] not in _TIME_ZONES]
        if not found:
            return None
    only_time = bool(_HOW_MUCH_TIME.search(wording))  # "how much jail time": "up to seven
    # years" only; "how fast did the crew launch", no speed given: "within eight minutes"
    if only_time or (_HOW_QUICKLY.search(wording) and not any(_speed(text, e) for e in found)):
        durations = unnamed([e for e in info.entities if _is_duration(text, e, info)])
        found = durations if only_time else durations or found
    what_time = _WHAT_TIME.search(wording) is not None
    if what_time and not any(
            e.label == "TIME" and not _is_duration(text, e, info) for e in found):
        clock = _TIME_OF_DAY.search(text, info.start, info.end)  # "at 10.15am on Tuesday", which
        if clock is not None:  # the small model left untagged: the time of day, not the day
            return Entity(clock.start(), clock.end(), "TIME")
    if "PERSON" in expected:  # "who came third": "Reform UK came third", mis-tagged
        doer = _doer_before_verb(query, info, text)
        if doer is not None and not any(e.start <= doer.start and e.end >= doer.end
                                        for e in found):
            return doer
    if not found:  # "which union": "The Unite union said", untagged
        return _named_by_noun(query, info, text)
    if _HOW_MANY.search(wording) or _HOW_MUCH.search(wording):
        found = _by_time(info, text, wording, found)
    if _ASKS_POPULATION.search(wording):  # "how many people live in cotherstone"
        found = _population(text, found)
    if _HOW_LONG.search(wording):  # "how long did the raid take": a length of time
        found = [e for e in found if _is_duration(text, e, info)] or [
            e for e in found if _after_since(text, e)  # "for this day" is no length either
            and (_A_NUMBER.search(text, e.start, e.end) or not _FOR_BEFORE.search(
                text, max(0, e.start - 24), e.start))]
        if not found:  # "22 stitches" is no length of anything, nor is "on Tuesday"
            return None
    elif what_time:  # "what time did the fire start": never "within
        # four minutes" (a "when" may be: "within 20 days")
        found = [e for e in found if not _is_duration(text, e, info)]
        if not found:
            return None
    elif _WHAT_DAY.search(wording):  # "what day was it": never "25 minutes"
        found = [e for e in found if not _is_duration(text, e, info)]
        if not found:
            return None
    elif _WHEN.search(wording):  # "when": a point in time, not "within seven minutes";
        within = _SINCE_LAST_BEFORE if _LAST.search(wording) else _WITHIN_BEFORE
        found = [e for e in found if not _OF_EACH_OTHER.match(text, e.end)]
        found = [e for e in found if not _is_duration(text, e, info)] or [  # else a length
            e for e in found if within.search(  # that says when ("within 20 days"; "when
                text, max(0, e.start - 12), e.start)]  # did it last": "the first in 400
        # years"), never "named after him in more than 20 years" for "when?"
        if not found:
            return None
        found = [e for e in found if not _VAGUE_TIME.fullmatch(text[e.start : e.end])] or found
    if "PERSON" in expected:  # "who broke the record": the swimmer, not the championships
        found = [e for e in found if not (e.label == "ORG" and _EVENT.search(
            text, e.start, e.end))] or found
        dateline = DATELINE.match(text[info.start : info.end])
        found = [_with_body(text, e) for e in found]  # "Mexican police", not "Mexican"
        found = [e for e in found if not _modifies(text, e) and not _home_town(text, e)
                 and not (dateline and e.start < info.start + dateline.end())]
        if not found:  # a dateline ("PUERTO ESCONDIDO, Mexico (CNN) --") did nothing; "who
            return None  # stole the money": "The former manager of a Stockport care home"
    if _ASKS_A_NAME.search(wording):  # "what is the boy's name": not "The boy's father,
        found = [e for e in found if not (  # Daniel Okafor"
            e.label == "PERSON" and _apposed_to_another(query, info, text, e))]
        if not found:
            return None
    owner = _owner_of_asked(wording) if "PERSON" in expected else frozenset()
    if owner:  # "whats whitlows husbands name", "who is whitlow's barrister": not Karen
        found = [e for e in found if e.label == "PERSON"  # Whitlow, nor her care home
                 and not owner & set(tokenize(text[e.start : e.end]))]
        if not found:
            return None
    if _HOW_OLD.search(wording):  # "how old was the boy": not "The boy's father, Daniel
        found = [e for e in found if not _age_of_another(query, info, text, e)  # Okafor, 41"
                 and not _age_of_possessed(query, text, e)  # "her 6-year-old son"
                 and _A_NUMBER.search(text, e.start, e.end)  # nor "Monday"
                 and not (_AGE_NOW.search(wording)  # "since I was eight"
                          and _ONCE_AGED.search(text, max(0, e.start - 20), e.start))
                 and (_is_age(text, e) or not (  # nor "a maximum of 19 years", "30 million"
                     _is_duration(text, e, info) or _too_many_years(text, e)
                     or _counts_something(text, e)))]  # nor "seven grandchildren"
        if not found:
            return None
    if query.info.primary == _SUMS:  # "how much is the deal worth": not "the two companies"
        found = [e for e in found if not _counts_something(text, e)]
        if not found:
            return None
    if "MONEY" in expected and not _CHANGED_BY.search(wording):  # "how much is gas": "rose
        found = [e for e in found if not _CHANGE_BEFORE.search(  # 8 cents to $3.87" is $3.87
            text, max(0, e.start - 16), e.start)] or found
    if BY_HOW_MANY.search(wording):  # "won by how many votes": "a majority of 4,203",
        found = unnamed([e for e in info.entities if _MARGIN_BEFORE.search(  # not the
            text, max(0, e.start - 24), e.start) and _A_NUMBER.search(  # 18,412 she took
            text, e.start, e.end)]) or found
    if _HOW_FAST.search(wording):  # "how fast": "60,000 kilometres an hour", not "away"
        speeds = [sp for e in found if (sp := _speed(text, e)) is not None]
        found = speeds or found
    if _STARTS.search(wording):  # "when does the ban start": "from April"
        found = [e for e in found if _after_from(text, e)] or found
    rank = _COUNTING_RANKS if _HOW_MANY.search(wording) else _CHANGE_RANKS if (
        _CHANGED_BY.search(wording)) else (
        _MEASURING_RANKS if _HOW_MEASURED.search(wording) else
        _CLOCK_RANKS if what_time else _RANKS)
    if len(found) > 1 and _ASKS_SEVERAL.match(query.info.text):  # "which countries sent
        found = [e for e in found if _in_a_list(e, info, text)] or found  # help": the list
    written = list(re.finditer(r"\S+", text[info.start : info.end])) if (
        len(found) > 1 or "PERSON" in expected) else []
    if "PERSON" in expected:
        if _ASKS_SOMEONE.search(wording):
            if len(found) > 1:  # "who is the ceo": Lawrence Gosden, not the firm
                found = [e for e in found if e.label == "PERSON"] or found
            # "who is her lawyer": "Pruitt's attorney, Rebecca Stone", not whose
            found = [e for e in found if not _POSSESSIVE_AFTER.match(text, e.end)]
            if not found:
                return None
        found = _voiced(query, written, info.start, found, alone=True)
        if not found:  # "who was freed" of "Mexican police freed four foreign tourists":
            return None  # the one freed is no name here, and the police did the freeing
    best_priority = min(rank[e.label] for e in found)
    found = [e for e in found if rank[e.label] == best_priority]
    if len(found) == 1:
        return found[0]
    anchors = _question_positions(query, written, info.start)
    if not anchors:
        return found[0]
    return min(found, key=lambda e: (-_words_around(anchors, written, info.start, e),
                                     min(abs(e.start - a.start) for a in anchors)))


def span_in_quote(entity: Entity | None, quote_start: int, quote_end: int) -> Span | None:
    """``entity``'s offsets relative to a quote (``Citation.answer_span``), if inside it."""
    if entity is None or not (quote_start <= entity.start < entity.end <= quote_end):
        return None
    return entity.start - quote_start, entity.end - quote_start
