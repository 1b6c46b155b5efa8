"""Everyday words for what news stories call by another name ("lawyer" for "barrister",
"cops" for "police", "kids" for "children"), and numbers written the other way ("3rd" for
"third", "three" for "3").

A question's word that its library never uses is read as the first of these it does use
(:func:`bot.answering.query.make_query`), before it is taken for a misspelling. Only
words the library lacks are looked up, and only words it has are put in their place, so
a question asked in the article's own words is read as before. The table is written
from general English usage (a few entries prompted by training questions the bot
missed, in ``bench/data/natural_train/`` and ``bench/data/wire_train/``); nothing in
it was chosen on the held-out questions or on ``../shared/eval/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answering.number_words import CARDINALS, ORDINALS, ordinal_numeral
from bot.lexical import stem

_TABLE = """
lawyer: barrister solicitor lawyer
lawyers: barrister solicitor lawyer
attorney: lawyer barrister solicitor
boss: chief executive manager director chairman chair head
ceo: chief executive boss head
ceos: chief executive bosses head
cfo: financial chief finance
cfos: financial chief finance
coo: operating chief
cto: technology technical chief
bosses: chief executive manager director chairman chair head
cop: police officer
cops: police officer
mountie: rcmp police officer
mounties: rcmp police officers
kid: child children pupil
kids: children child pupils
teen: teenager young
teens: teenagers young
jail: prison jailed sentenced imprisoned
jailed: prison jail sentenced imprisoned
prison: jail jailed sentenced imprisoned
sacked: dismissed fired layoffs redundancies
fired: dismissed sacked layoffs redundancies
hiring: recruit recruiting jobs staff
hire: recruit jobs staff
cash: money funding funds
money: funding funds cash
firm: company business
firms: companies businesses
company: firm business
companies: firms businesses
uni: university
doc: doctor
docs: doctors
gp: doctor
vote: ballot poll election
election: vote poll ballot
won: win victory beat
win: won victory beat
lost: defeat beaten lose
lose: lost defeat beaten
fine: penalty fined
penalty: fine fined
hurt: injured injury injuries
injured: hurt injury injuries
injury: injured hurt
fire: blaze wildfire
blaze: fire
burning: fire blaze
burn: fire blaze
burned: fire blaze
burnt: fire blaze
flames: fire blaze
inside: interior
car: vehicle
cars: vehicles
boat: vessel ship
ship: vessel boat
plane: aircraft
troops: soldiers forces army military
soldiers: troops forces army military
army: soldiers troops military forces
house: home property
houses: homes properties
shop: store retailer
shops: stores retailers
supermarket: grocer retailer store
worries: concerns fears worried
problem: issue concern objection complaint worry
problems: issues concerns objections complaints worries
turnover: revenue sales
revenue: turnover sales
expert: scientist researcher academic specialist lecturer professor
experts: scientists researchers academics specialists lecturers professors
workers: staff employees workforce
staff: workers employees workforce
employees: staff workers workforce
concerns: worries fears worried
angry: anger furious
mum: mother
dad: father
wage: pay salary
wages: pay salary
salary: pay wages
strike: walkout
protest: demonstration
crash: collision accident
rubbish: waste
trash: rubbish waste
garbage: rubbish waste
truck: lorry
lorry: truck
movie: film
tv: television documentary programme
dig: excavation
rules: regulations
bogus: fake false phony
phony: fake false bogus
fake: bogus false phony
bills: invoices
pullout: withdrawal withdraw
withdrawal: pullout withdraw
reaction: response responded
react: reaction response responded reacted
reacted: reaction response responded
respond: response responded reaction
spot: noticed discovered detected found
spotted: noticed discovered detected found
notice: spotted discovered detected
noticed: spotted discovered detected
mistake: error fault blunder
error: mistake fault
compensation: refund compensated compensate
skeptical: sceptical doubt doubts caution cautioned
sceptical: skeptical doubt doubts caution cautioned
hostage: captive kidnapped
hostages: captives kidnapped
law: legislation
margin: majority lead
caught: captured arrested discovered
catch: capture arrest discover
fraudster: fraud
defended: barrister lawyer defence
defend: barrister lawyer defence
pen: penalty
pens: penalties
keeper: goalkeeper
ref: referee
sorry: apology apologised remorse remorseful
scam: fraud con conned
conned: fraud scam con
weather: forecast
heatwave: heat temperatures
cause: started blamed reason
caused: started blamed
team: side club squad
teams: sides clubs squads
lib: liberal
dem: democrat democrats democratic
dems: democrats democrat democratic
tory: conservative conservatives
tories: conservatives conservative
nick: steal stole stolen theft
nicked: stole stolen steal theft
died: killed dead death deaths
killed: culled died dead death deaths
kill: cull died dead death
killing: culling deaths death
shut: closed close closure
die: killed dead death deaths
ring: call calls called phoned phone
rang: called call phoned phone
describe: described description
description: described describe
tall: height
weigh: weight
weighs: weight
wide: width
deep: depth
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    """``word: alternative ...`` lines as stems (a word's own stem left out)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in table.strip().splitlines():
        word, _, others = line.partition(":")
        key = stem(word.strip())
        alternatives = tuple(dict.fromkeys(
            s for s in (stem(w) for w in others.split()) if s != key))
        out[key] = tuple(dict.fromkeys(out.get(key, ()) + alternatives))
    return out


def _number_lines() -> str:
    """Table lines for numbers written the other way: "3rd: third" and "third: 3rd",
    "3: three" and "three: 3"."""
    lines = []
    for n, word in enumerate(ORDINALS, start=1):
        lines += [f"{ordinal_numeral(n)}: {word}", f"{word}: {ordinal_numeral(n)}"]
    for n, word in enumerate(CARDINALS, start=1):
        lines += [f"{n}: {word}", f"{word}: {n}"]
    return "\n".join(lines)


SYNONYMS: dict[str, tuple[str, ...]] = _parse(_TABLE + _number_lines())
"""Stem -> the stems a news story may use for it instead, likeliest first."""


def synonym_in(token: str, knows: Callable[[str], bool]) -> str | None:
    """The first of ``token``'s synonyms that ``knows`` (a library's
    :meth:`~bot.lexical.LexicalIndex.knows`) accepts, or None."""
    return next((s for s in SYNONYMS.get(token, ()) if knows(s)), None)


_PHRASE_TABLE = (
    (r"\bsupport(?:ing)?\s+acts?\b", "support supporting", "opening opener"),
    (r"\bfigur(?:e|ed|es|ing)\s+(?:it\s+)?out\b", "figure figured figuring",
     "realised realized discovered noticed"),
)
"""Everyday phrases for what news stories say otherwise ("support act": "opening act"):
their words, and the story's words for them. Tried and left out (stop 58): "money back"
as "refund" (in a library of several stories another's refund was quoted), "step down" as
"resign" (a story saying "stepped down" was hedged), "locked up" as "jailed"; (stop 59)
"come back" as "return" (moved no answer), "start the company" as "founded" (it left out
"started" of a story that says it)."""
PHRASES: tuple[tuple[re.Pattern[str], frozenset[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.I), frozenset(stem(w) for w in words.split()),
     tuple(dict.fromkeys(stem(w) for w in alternatives.split())))
    for pattern, words, alternatives in _PHRASE_TABLE)


def phrase_synonyms(question: str, knows: Callable[[str], bool]
                    ) -> tuple[frozenset[str], tuple[str, ...]]:
    """For ``question``'s everyday phrases (:data:`PHRASES`) that ``knows`` (a library's
    vocabulary) has a word for: the phrases' stems, to leave out of the question's words,
    and the story's words to read instead ("who was the support act": "opening act"; "how
    did she figure out it was a scam": "realized")."""
    left_out: set[str] = set()
    read: list[str] = []
    for pattern, words, alternatives in PHRASES:
        if not pattern.search(question):
            continue
        found = next((a for a in alternatives if knows(a)), None)
        if found is not None:
            left_out |= words
            read.append(found)
    return frozenset(left_out), tuple(dict.fromkeys(read))
