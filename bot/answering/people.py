"""Questions about who someone is: "who is Simon Bailey?", "what is Bailey's job?",
"what does she do?", "whats his job" (about the article's main person); and who is in an
article: "who is mentioned in it?", "which people are quoted?" (:func:`people_answer`).

A news story introduces a person where it first names them ("Simon Bailey, the
country's leading child protection officer and Chief Constable for Norfolk,
said ..."; "the prosecutor, Martin Hale, told the court"), so the answer is that
sentence, found from the ingest-time analysis: the first sentence about the
person that uses their name. What it says they are (the appositive after or before the
name, or the title in front of it) is the answer's marked span. Only a name the
library holds is answered here (every word of it part of one person's name, or, where the
small model tagged it nowhere, the name written with capitals in a sentence that gives a
role: "Detective Sergeant Helen Marsh appealed ..."); anything else goes to the answerer.
"""

from __future__ import annotations

import re
from collections import Counter

from bot import prompts
from bot.answering.articles import ARTICLE_PHRASE
from bot.answering.citations import citation_of, with_citations
from bot.answering.followup import (
    gender_of,
    lead_role,
    naming_answer,
    opens_on,
    person_of,
    previous_article,
    pronoun_of,
)
from bot.answering.sentences import (
    TITLES,
    SentenceFacts,
    SentenceInfo,
    ends_with_honorific,
    facts_of,
)
from bot.conversation import Turn
from bot.lexical import phrase_pattern, tokenize
from bot.library import Snapshot
from bot.models import Answer
from bot.tuning import MAX_PEOPLE, PERSON_ARTICLES

_ROLE = r"(?:job|role|position|title|occupation|profession|post|rank)"
_IS = r"(?:'s|’s|s|\s+is|\s+was)"
_WHO = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?(?:"
    rf"who{_IS}\s+(?P<who>[^?]+?)|"
    rf"what{_IS}\s+(?P<owner>[^?]+?)(?:'s|’s|s'|’)?\s+{_ROLE}|"
    rf"what\s+(?:is|was)\s+the\s+{_ROLE}\s+of\s+(?P<of>[^?]+?)|"
    r"what\s+(?:does|do)\s+(?P<does>[^?]+?)\s+do(?:\s+for\s+(?:a\s+)?(?:living|work))?|"
    rf"what\s+{_ROLE}\s+(?:does|did)\s+(?P<has>[^?]+?)\s+(?:have|hold|do)"
    r")\W*$",
    re.I,
)
_NAME_WORDS = 4
"""At most this many words name a person ("Detective Sergeant Tom Reilly")."""
_NOT_A_NAME = frozenset(
    "the a an this that these those to of in on at for by with from about into behind "
    "and or but if when where who what which why how not".split()
)
"""Words that make the asked phrase a description or a clause, not a name."""
_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their"})
_NAME_OF = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?what(?:'s|’s|s|\s+is|\s+was)\s+"
    r"(?P<pronoun>his|her|their)\s+(?:full\s+|real\s+|first\s+)?name\W*$",
    re.I,
)
""""whats her name": with no answer before it to read "her" from, the article's main
person (the one the pronoun fits)."""


def asked_person(question: str) -> str | None:
    """The person a "who is X" / "what is X's job" question asks about (name or pronoun)."""
    m = _WHO.match(question)
    return None if m is None else _person_in(m)


def _person_in(match: re.Match[str]) -> str:
    """The name or pronoun a :data:`_WHO` match asks about."""
    return next(g for g in match.groups() if g is not None).strip()


_APPOSITIVE_AFTER = re.compile(r",\s+(?:aged\s+)?(?P<age>\d{1,3},\s+)?")
"""", the country's leading ...": after the name (and an age: "Jake Morris, 16, one of")."""
_HOMETOWN = re.compile(r"of\s", re.I)
""""Karen Whitlow, 54, of Hazel Grove,": after an age, where someone lives, not what they are."""
_DESCRIPTION_END = re.compile(r",|;|:|\s[-–—]\s|\s(?:said|says|told|added)\b|[.!?]\s*$")
_CLAUSE_START = re.compile(r"(?:^|[,;:]\s+|\s(?:said|says|told|added|according to)\s+)"
                           r"(?=[^,;:]*$)", re.I)
_NOUN_PHRASE = re.compile(
    r"(?:(?:and|but|while|as)\s+)?(?P<phrase>(?:the|a|an|its|his|her|their|our|"
    r"[\w.’'-]+(?:'s|’s))\s)", re.I)
"""How a description before a name starts ("the prosecutor, Martin Hale"; "Kanto's
European president, Hiroshi Tanaka"), unlike a clause ("It is rare, Dr Hussain said")."""
_REPORTING = re.compile(r"(?:said|says|told|tells|added|adds|warned|explained|insisted|"
                        r"admitted|claimed|argued|wrote|asked)\b", re.I)
"""What follows ", Name," when the name is the subject, not described ("..., told the court")."""
_NOT_A_TITLE = _NOT_A_NAME | {"yesterday", "today", "now", "also", "then", "later",
                              "earlier", "last", "next", "meanwhile"}
"""Words that make the run before a name a clause ("Yesterday Sarah Lowe said", "On
Monday Sarah Lowe said"), not a title ("retired engineer David Pryor")."""
_TITLE_WORDS = 6
_TITLE_JOINERS = frozenset({"and", "of", "for", "the", "&"})
"""A title in front of a name is at most four words, or :data:`_TITLE_WORDS` when each is
capitalised but these ("Customs and Border Protection Commissioner Gregory Hale")."""
_DESCRIPTION_WORDS = 14
"""At most this many words describe a person (a longer run is a clause, not a role)."""
_DESCRIBING_SENTENCES = 3
"""How far into the sentences naming someone a role is looked for (news names a person,
then says what they are: "Linda Kessler set off ...", then "Kessler, a retired teacher,")."""


def _role(text: str, info: SentenceInfo, start: int, end: int) -> tuple[int, int] | None:
    """Article offsets of what the sentence says the person named at ``start:end`` is:
    the description before the name ("Its regional director, Glenn Turp, said"), else the
    title in front of it ("Detective Inspector Sarah Lowe said"), else the appositive
    after it ("Simon Bailey, the country's leading child protection officer and Chief
    Constable for Norfolk, said"); None when the sentence gives none of these."""
    found = None
    if text[max(info.start, start - 2):start] == ", ":
        clause = _CLAUSE_START.search(text[info.start:start - 2])
        head = info.start + clause.end() if clause else info.start
        phrase = _NOUN_PHRASE.match(text, head, start - 2)
        if phrase:  # "the prosecutor, Martin Hale"; "and its national officer, Mark Kennedy"
            found = (phrase.start("phrase"), start - 2)
    if found is None:
        clause = _CLAUSE_START.search(text[info.start:start])
        head = info.start + clause.end() if clause else info.start
        written = list(re.finditer(r"\S+", text[head:start]))
        while written and _REPORTING.fullmatch(written[0].group()):
            written.pop(0)  # "..., said Mohammad Karim, the district's chief": not "said"
        while written and ends_with_honorific(written[-1].group()):
            written.pop()  # "principal investigator Dr. Samuel Achebe": not "Dr."
        title = [w.group().lower().strip(".") for w in written]
        capitalised = all(w.group()[0].isupper() or w.group() in _TITLE_JOINERS
                          for w in written)
        if 0 < len(title) <= (_TITLE_WORDS if capitalised else 4) and not (
                _NOT_A_TITLE & set(title)) and not set(title) <= TITLES:
            # "Detective Inspector", "retired engineer", "Los Angeles County Fire Chief",
            # not "Ms" nor "Gen."
            found = (head + written[0].start(), head + written[-1].end())
    after = _APPOSITIVE_AFTER.match(text, end, info.end)
    if found is None and after and not _REPORTING.match(text, after.end(), info.end) and not (
            after["age"] and _HOMETOWN.match(text, after.end(), info.end)):
        stop = _DESCRIPTION_END.search(text, after.end(), info.end)
        found = (after.end(), stop.start() if stop else info.end)
    if found is None:
        return None
    a, b = found
    while b > a and text[b - 1].isspace():
        b -= 1
    piece = text[a:b].split()
    return (a, b) if piece and len(piece) <= _DESCRIPTION_WORDS else None


def _mention(text: str, facts: SentenceFacts, info: SentenceInfo, index: int
             ) -> tuple[int, int] | None:
    """Where sentence ``info`` names person ``index``: the first PERSON span with their
    name, else their name as written (the tagger missed it in this sentence)."""
    stems = facts.name_stems(index)
    for ent in info.entities:
        if ent.label == "PERSON" and set(tokenize(text[ent.start:ent.end])) & stems:
            return ent.start, ent.end
    name = facts.names[index][0]
    at = text.find(name, info.start, info.end) if name else -1
    return (at, at + len(name)) if at >= 0 else None


def _naming(facts: SentenceFacts, index: int) -> list[SentenceInfo]:
    """The sentences about person ``index`` that use their name, in order."""
    stems = facts.name_stems(index)
    return [info for info in facts.in_order if index in info.about and stems & info.stem_set]


def _description(
    text: str, facts: SentenceFacts, index: int, reach: int | None = _DESCRIBING_SENTENCES,
) -> tuple[SentenceInfo, tuple[int, int] | None] | None:
    """The sentence that says what person ``index`` is, and where it says it: the first of
    the first ``reach`` sentences naming them (all, for None) that gives a role
    ("Kessler, a retired math teacher from Cincinnati, took up ..." after "Linda Kessler
    set off from Shakespeare Beach"), else the first naming them (the one their name was
    first seen in, when none uses it)."""
    naming = _naming(facts, index)
    for info in naming[:reach]:
        mention = _mention(text, facts, info, index)
        role = _role(text, info, *mention) if mention else None
        if role is not None:
            return info, role
    first = naming[0] if naming else facts.sentence_at(facts.names[index][1])
    return None if first is None else (first, None)


def _the_lead_s(text: str, facts: SentenceFacts, index: int, first: SentenceInfo
                ) -> tuple[SentenceInfo, tuple[int, int]] | None:
    """The story's lead and the role it opens on, when it names nobody and the sentence
    after it, the first naming person ``index``, opens on them ("A retired postman from
    Cornwall has discovered a comet ..." / "Geoff Trelawny, 67, spotted ..."); else None."""
    ordered = facts.in_order
    if len(ordered) < 2 or ordered[1].start != first.start or facts.people(ordered[0]) or \
            not opens_on(text, facts, first, index):
        return None
    role = lead_role(text, ordered[0])
    return None if role is None else (ordered[0], (role.start(), role.end("role")))


def _mentions(facts: SentenceFacts) -> Counter[int]:
    """How many sentences are about each person of an article."""
    return Counter(i for info in facts.sentences.values() for i in facts.people(info))


def _scope(snapshot: Snapshot, stems: set[str], article_id: int | None) -> list[int] | None:
    """The articles a "who is X?" answer looks through: the one asked of, else those
    holding every stem of the name, in id order; None when more than
    :data:`PERSON_ARTICLES` do (the name is too common to pick one: left to the answerer)."""
    scope = [article_id] if article_id is not None else sorted(
        frozenset.intersection(*(snapshot.articles_with(s) for s in stems)))
    return None if len(scope) > PERSON_ARTICLES else scope


def _named_person(
    snapshot: Snapshot, stems: set[str], scope: list[int]
) -> tuple[int, SentenceFacts, int] | None:
    """(article id, its facts, name index) of the person of the ``scope`` articles whose
    name holds every stem; the most written-about one when several articles name such a
    person."""
    best: tuple[int, int, SentenceFacts, int] | None = None
    for aid in scope:
        facts = facts_of(snapshot, aid)
        named = [index for index, (_, _, _, label) in enumerate(facts.names)
                 if label == "PERSON" and stems <= facts.name_stems(index)]
        if not named:  # (counting mentions reads every sentence: only where it matters)
            continue
        counts = _mentions(facts)
        for index in named:
            if best is None or counts[index] > best[0]:
                best = (counts[index], aid, facts, index)
    return None if best is None else best[1:]


def _written_person(
    snapshot: Snapshot, asked: str, scope: list[int]
) -> tuple[int, SentenceInfo, tuple[int, int]] | None:
    """(article id, sentence, role offsets) for a name the small model tagged nowhere
    ("Detective Sergeant Helen Marsh appealed ...": no PERSON in the sentence): where the
    asked name is written with capitals in a ``scope`` article whose sentence gives a role;
    the first such, articles in id order. None when no article writes it so."""
    pattern = phrase_pattern(asked)
    for aid in scope:
        text = snapshot.articles[aid].text
        facts = facts_of(snapshot, aid)
        for match in pattern.finditer(text):
            if not all(w[:1].isupper() for w in match.group().split()):
                continue
            info = facts.sentence_at(match.start())
            role = _role(text, info, match.start(), match.end()) if info else None
            if info is not None and role is not None:
                return aid, info, role
    return None


def _main_person(
    snapshot: Snapshot, article_id: int | None, pronoun: str | None = None
) -> tuple[int, SentenceFacts, int] | None:
    """The person an article is most about (one article in scope only); for "her" or
    "his", the most written-about of the three people it is most about whom the
    article calls "she" or "he", else the most written-about unless the article calls them
    by the other pronoun (then None: "her" is not the man the story is about)."""
    if article_id is None:
        if len(snapshot.articles) != 1:
            return None
        article_id = next(iter(snapshot.articles))
    facts = facts_of(snapshot, article_id)
    counts = _mentions(facts)
    if not counts:
        return None
    ranked = [index for index, _ in counts.most_common(3)]
    wanted = gender_of(pronoun)
    if wanted is None:
        return article_id, facts, ranked[0]
    text = snapshot.articles[article_id].text
    called = {index: pronoun_of(text, facts, index) for index in ranked}
    fits = [i for i in ranked if called[i] == wanted]
    if fits:
        return article_id, facts, fits[0]
    return (article_id, facts, ranked[0]) if called[ranked[0]] is None else None


def pronoun_person(
    snapshot: Snapshot, article_id: int | None, previous: Turn | None, pronoun: str
) -> tuple[int, SentenceFacts, int] | None:
    """Whom ``pronoun`` ("she", "his") stands for: the person the previous answer is about,
    else the article's main person it fits."""
    found = person_of(snapshot, previous, pronoun) if previous is not None else None
    return found or _main_person(snapshot, article_id, pronoun)


def person_answer(
    question: str, snapshot: Snapshot, *, article_id: int | None = None,
    previous: Turn | None = None,
) -> Answer | None:
    """The sentence that says what the person a "who is X?" question asks about is, cited
    ("whats her name?": the sentence that gives the name); None when the question is not
    one or names nobody the library knows."""
    name_of = _NAME_OF.match(question)
    if name_of is not None:
        found = pronoun_person(snapshot, article_id, previous, name_of["pronoun"].lower())
        return None if found is None else naming_answer(question, snapshot, found)
    who = _WHO.match(question)
    if who is None:
        return None
    asked = _person_in(who)
    words = asked.lower().split()
    if len(words) == 1 and words[0] in _PRONOUNS:
        found = pronoun_person(snapshot, article_id, previous, words[0])
    elif len(words) > _NAME_WORDS or _NOT_A_NAME & set(words):
        return None  # "who was the edict addressed to", "who is in charge of the dig"
    else:
        stems = set(tokenize(asked)) - TITLES  # "Mr Bailey" is Simon Bailey
        if not stems:
            return None
        scope = _scope(snapshot, stems, article_id)
        if scope is None:
            return None
        found = _named_person(snapshot, stems, scope)
        if found is None:
            written = _written_person(snapshot, asked, scope)
            return None if written is None else _person_citation(question, snapshot, *written)
    if found is None:
        return None
    aid, facts, index = found
    # "what does he do for a living" asks for the role wherever the story gives it ("He
    # told the court that Breslin, a self-employed electrician, ..." in its fifth sentence
    # naming him); "who is X" is answered where the story introduces them
    text = snapshot.articles[aid].text
    described = _description(text, facts, index,
                             _DESCRIBING_SENTENCES if who["who"] is not None else None)
    if described is None:
        return None
    lead = _the_lead_s(text, facts, index, described[0]) if described[1] is None else None
    if lead is not None:  # the role the lead opens on, then the sentence that names them
        return _person_citation(question, snapshot, aid, *lead, then=described[0])
    return _person_citation(question, snapshot, aid, *described)


def _person_citation(
    question: str, snapshot: Snapshot, aid: int, info: SentenceInfo,
    role: tuple[int, int] | None, then: SentenceInfo | None = None,
) -> Answer | None:
    """The answer quoting sentence ``info`` of article ``aid``, ``role`` marked in it (and
    sentence ``then`` after it, when given)."""
    citation = citation_of(snapshot, 1, aid, info.start, info.end, role)
    if citation is None:
        return None
    after = None if then is None else citation_of(snapshot, 2, aid, then.start, then.end, None)
    return with_citations(Answer(question, "", declined=False, confidence=1.0),
                          (citation,) if after is None else (citation, after))


_WHO_IS_IN = re.compile(
    r"^\W*(?:and\s+|so\s+|ok\s+)?(?:"
    rf"who(?:'s|’s|s|\s+is|\s+are|\s+was|\s+were|\s+gets?)\s+(?P<how>mentioned|named|quoted|"
    rf"interviewed|involved|featured|in)(?:\s+in)?(?:\s+{ARTICLE_PHRASE})?|"
    rf"(?:which|what)\s+people\s+(?:are|were|does\s+{ARTICLE_PHRASE})\s+(?P<how2>mentioned|named|"
    rf"quoted|quote|mention|name|interviewed|in)(?:\s+in)?(?:\s+{ARTICLE_PHRASE})?|"
    rf"who\s+(?:are|were)\s+the\s+(?:main\s+|key\s+)?(?:people|characters|players)"
    rf"(?:\s+(?:in|involved\s+in|mentioned\s+in)\s+{ARTICLE_PHRASE})?|"
    rf"(?:list|name)\s+(?:the|all\s+the)\s+people(?:\s+(?:in|mentioned\s+in)\s+{ARTICLE_PHRASE})?"
    r")\W*$",
    re.I,
)
"""A question about who is in an article ("who is mentioned in it?", "which people are
quoted?", "who are the key people in the bus fares story?", "who is mentioned in the
article about the comet?"); matched with the question's spaces collapsed."""


def people_answer(
    question: str, snapshot: Snapshot, *, article_id: int | None = None,
    previous: Turn | None = None,
) -> Answer | None:
    """The people an article names (those it quotes, when the question asks who is quoted),
    most written-about first, at most :data:`MAX_PEOPLE`, each cited by the sentence that
    says who they are; None when the question does not ask this or no one article is in
    question (``article_id``, the one the question names; else the one the previous answer
    quoted, or the only one)."""
    asked = _WHO_IS_IN.match(" ".join(question.split()))
    if asked is None:
        return None
    if article_id is None and previous is not None:
        article_id = previous_article(snapshot, previous)
    if article_id is None and len(snapshot.articles) == 1:
        article_id = next(iter(snapshot.articles))
    if article_id is None:
        return None
    article = snapshot.articles[article_id]
    facts = facts_of(snapshot, article_id)
    quoted = (asked["how"] or asked["how2"] or "").lower().startswith("quote")
    speakers = {info.speaker[0] for info in facts.sentences.values() if info.speaker}
    ranked = [index for index, _ in _mentions(facts).most_common()
              if _full_name(facts.names[index][0]) and (not quoted or index in speakers)]
    wording = prompts.load("answers")["people"]
    citations = []
    names = []
    for index in ranked:
        described = _description(article.text, facts, index)
        cited = None if described is None else citation_of(
            snapshot, len(citations) + 1, article_id, described[0].start, described[0].end,
            described[1])
        if cited is None:
            continue
        same = next((c for c in citations if c.start == cited.start), None)
        if same is None:  # one sentence introducing two people is cited once
            citations.append(cited)
        names.append(f"{facts.names[index][0]} [{(same or cited).n}]")
        if len(names) == MAX_PEOPLE:
            break
    if not names:
        return Answer(question, wording["none_quoted" if quoted else "none"].format(
            title=article.title), declined=False, confidence=1.0)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    more = len(ranked) > len(names)
    text = wording["quoted" if quoted else "named"].format(
        title=article.title, names=listed, among=wording["among"] if more else "")
    return Answer(question, text, declined=False, citations=tuple(citations), confidence=1.0)


def _full_name(name: str) -> bool:
    """Whether ``name`` reads as a person's full name: two or more words, each capitalised
    ("Margaret Hollis"; not "Devon" or "café", which the small model also tags as people)."""
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)
