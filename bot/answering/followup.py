"""Follow-up questions that read the previous answer, not only the previous question.

- "who said that?" names the speaker of the sentence the previous answer quoted
  (from the ingest-time analysis: "He added: ..." is Simon Bailey's);
- "what's his name?" / "who is she?" names the person that sentence is about;
- any other follow-up ("and what about 5G?", "what did he say about them?") is
  searched with the earlier question's words, plus the name of whoever "he" or
  "she" is when the question leans on a pronoun.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import prompts
from bot.answering.citations import citation_of
from bot.answering.query import NO_VECTOR, Query, make_query
from bot.answering.sentences import HE, SHE, Entity, SentenceFacts, SentenceInfo, facts_of
from bot.answering.span import answer_entity
from bot.conversation import Quoted, Turn
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer, Citation
from bot.tuning import FOLLOW_UP_MAX_WORDS

FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|but|so|then|why)\b|\b(he|she|it|they|him|her|them|his|"
    r"hers|its|their|this|that|these|those|there)\b",
    re.I,
)
_PREPOSITION_FIRST = re.compile(
    r"^\W*(?:by|for|since|until|till|from|to|with)\s+(?:how|what|which|whom|when|where)\b"
    r"(?:\W+\w+){0,3}\W*$", re.I)
""""by how many votes?", "for what reason?" after "who won": a short question opening on a
preposition leans on the one before ("for what purpose was the money raised" does not)."""
_WHO_SAID = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?(?:who\s+(?:said|says|say|wrote|claimed|stated|told|warned|"
    r"added|argued|is\s+saying|was\s+saying|made)\s+(?:that|this|it|so|those|these)|"
    r"whose\s+(?:words|quote|view|opinion|claim)\s+(?:is|are|was|were)\s+(?:that|this|these|it)|"
    r"who\s+(?:is|was)\s+(?:speaking|quoted|talking)(?:\s+here)?)\W*$",
    re.I,
)
_WHO_IS_HE = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:what(?:'s|’s|s| is| was)\s+(?:his|her|their)\s+(?:full\s+)?name|"
    r"who(?:'s|’s|s| is| was)\s+(?:he|she|him|her|that|this|this\s+person|that\s+person|"
    r"this\s+guy|that\s+guy|this\s+man|that\s+man|this\s+woman|that\s+woman))\W*$",
    re.I,
)
PRONOUN = re.compile(r"\b(he|him|his|she|her|hers|himself|herself)\b", re.I)
"""A personal pronoun ("he", "her", "himself"): whom a follow-up leans on."""


_HONORIFIC = r"\b(?P<title>Mrs|Ms|Miss|Dame|Lady|Mr|Sir|Lord)\b\.?\s+(?:[A-Z][\w'’-]*\s+){0,2}"
"""A title before a name ("Ms Marsh", "Sir Andrew Pell", "Mr. Dahl"), to be followed by
the surname."""
_HER_TITLES = frozenset({"Mrs", "Ms", "Miss", "Dame", "Lady"})


def pronoun_of(text: str, facts: SentenceFacts, index: int) -> str | None:
    """"she" or "he": the pronoun the article uses for person ``index`` (in the sentences
    about them that do not name them); when it uses neither more than the other, the one
    the titles it gives them say ("Ms Marsh", "Sir Andrew Pell"); else None."""
    stems = facts.name_stems(index)
    she = he = 0
    for info in facts.sentences.values():
        if index not in info.about or stems & info.stem_set:
            continue
        for word in PRONOUN.findall(text, info.start, info.end):
            if word.lower() in SHE:
                she += 1
            else:
                he += 1
    if she == he:
        return _titled(text, facts.names[index][0])
    return "she" if she > he else "he"


def _titled(text: str, name: str) -> str | None:
    """"she" or "he" by the titles ``text`` gives the person of ``name`` before their
    surname ("Ms Marsh"); None with none, or with both (a "Mr and Mrs" of one surname)."""
    surname = name.split()[-1] if name.split() else ""
    if len(surname) < 2 or not surname[0].isupper():
        return None
    titles = {m["title"] in _HER_TITLES
              for m in re.finditer(rf"{_HONORIFIC}{re.escape(surname)}\b", text)}
    return None if len(titles) != 1 else "she" if titles.pop() else "he"


def gender_of(pronoun: str | None) -> str | None:
    """"she" for "her" / "hers" / "herself", "he" for "him" / "his", else None."""
    word = (pronoun or "").lower()
    return "she" if word in SHE else "he" if word in HE else None


def _says(template: str, name: str) -> str:
    """The wording with ``name`` filled in, starting with a capital ("The Government")."""
    text = template.format(name=name)
    return text[:1].upper() + text[1:]


_BARE = re.compile(
    r"^\W*(?:and\s+)?(?:(?:(?:for|since|until|till|from|by|in|at|to)\s+)?(?:where|when|why|how|"
    r"who|what time|what year|how many|how much|how long|how old|how come|since when|"
    r"which one)|(?:for|with|about|against|over|from|to|by|of|on|at|in)\s+(?:what|whom|which)|"
    r"what\s+for)\W*$", re.I)
""""where?", "how many?", "for how long?", "for what?", "to whom?": a question that is only
its frame asks about what came before."""


def is_follow_up(question: str) -> bool:
    """Whether a question is short and leans on what came before."""
    return bool(FOLLOW_UP.search(question) or _BARE.match(question)
                or _PREPOSITION_FIRST.match(question)) and len(
        question.split()) <= FOLLOW_UP_MAX_WORDS


def previous_article(snapshot: Snapshot, turn: Turn) -> int | None:
    """The one article the previous answer quoted (still in the library), if it quoted
    one only."""
    found = {q.article_id for q in turn.quoted}
    if len(found) != 1:
        return None
    article_id = next(iter(found))
    return article_id if article_id in snapshot.articles else None


def _quoted_sentences(snapshot: Snapshot, turn: Turn) -> list[tuple[Quoted, SentenceInfo]]:
    """The analysed sentences the previous answer quoted, in order."""
    out = []
    for q in turn.quoted:
        if q.article_id not in snapshot.articles:
            continue  # removed since
        facts = facts_of(snapshot, q.article_id)
        for info in facts.in_order:
            if q.start <= info.start and info.end <= q.end:
                out.append((q, info))
    return out


def _named(
    snapshot: Snapshot, article_id: int, facts: SentenceFacts, index: int
) -> tuple[str, Citation | None]:
    """A person's fullest name, and a citation of the sentence that gives it."""
    name, start, end, _ = facts.names[index]
    info = facts.sentence_at(start)
    if info is None:
        return name, None
    return name, citation_of(snapshot, 1, article_id, info.start, info.end, (start, end))


_ABOUT_THE_ARTICLE = {"when": "when was it published", "what year": "when was it published",
                      "where": "where was it published", "who": "who wrote it"}


def bare_metadata(question: str) -> str | None:
    """What a bare "when?" / "where?" / "who?" asks of an article after a question about
    the article itself ("who wrote this?" / "when?": when it was published); None for any
    other question."""
    if not _BARE.match(question):
        return None
    return _ABOUT_THE_ARTICLE.get(" ".join(re.findall(r"[a-z]+", question.lower())))


_HOW_MUCH = re.compile(r"^\W*(?:and\s+|so\s+)?(?:by\s+)?how\s+much\W*$", re.I)
""""How much?" alone asks an amount (a sum, a quantity, a share), never a bare count."""
_COUNTS = frozenset({"CARDINAL", "NUMBER"})

_THEIR_FRAME = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:how\s+old|what\s+age)\s+(?:is|was|are|were)\s+"
    r"(?P<pronoun>he|she|him|her)\W*$|"
    r"^\W*(?:and\s+|so\s+)?where\s+(?:(?:is|was|are|were)\s+(?P<from>he|she)\s+from|"
    r"(?:does|did|do)\s+(?P<works>he|she)\s+work)\W*$",
    re.I)
""""how old is she?", "where is he from?", "where does she work?": a frame and whom it is
about, nothing else."""


def bare_answer(question: str, snapshot: Snapshot, turn: Turn) -> Answer | None:
    """A question that is only its frame ("when?", "for how long?", "where?"), or its
    frame and a pronoun ("how old is she?", "where is he from?"), answered from the
    sentence the previous answer quoted, when that sentence holds the kind of thing asked
    for ("who got banned?" / "for how long?": "for two years", from the sentence that
    said who; "who survived by grabbing a drum?" / "how old is she?": "Rahima Begum,
    29", when the article calls her "she"); None otherwise (the answerer reads it with
    the question before it)."""
    their = _THEIR_FRAME.match(question)
    if not (their or _BARE.match(question)):
        return None
    query = make_query(question, NO_VECTOR, snapshot.lexical)
    if not query.info.expected:
        return None  # "why?", "how?": no kind of thing to find
    if _HOW_MUCH.match(question):  # an amount, not a count ("voted seven to three")
        query = replace(query, info=replace(query.info, expected=query.info.expected - _COUNTS))
    person = None
    if their:
        person = person_of(snapshot, turn,
                           their["pronoun"] or their["from"] or their["works"])
        if person is None:
            return None
    for quoted, info in _quoted_sentences(snapshot, turn):
        if person is not None and (quoted.article_id != person[0] or (
                person[2] not in info.about)):
            continue  # a sentence about someone else
        text = snapshot.articles[quoted.article_id].text
        found = answer_entity(query, info, text)
        marked = None if found is None else _marked_answer(
            question, snapshot, quoted.article_id, info, found)
        if marked is not None:
            return marked
    if person is not None and their["pronoun"]:
        return _their_age(question, snapshot, query, person) or _no_age(question, snapshot,
                                                                         person)
    return None if person is not None else _read_on_to(question, snapshot, turn, query)


READ_ON = 3
"""How many sentences after the previous answer's quote a bare "how much?" / "when?" reads
on for the kind of thing it asks, when the quote holds none."""


def _read_on_to(question: str, snapshot: Snapshot, turn: Turn, query: Query
                ) -> Answer | None:
    """A bare frame ("how much?", "when?") whose kind the previous answer's quote does not
    hold, answered from the first of the :data:`READ_ON` sentences after that quote (in its
    article) that holds it, marked: "did the ely skate park get approved" / "how much?":
    "The £240,000 park, ..."; None when none does."""
    quoted = _quoted_sentences(snapshot, turn)
    if not quoted:
        return None
    article_id = quoted[0][0].article_id
    end = max(info.end for q, info in quoted if q.article_id == article_id)
    facts = facts_of(snapshot, article_id)
    text = snapshot.articles[article_id].text
    after = [info for info in facts.in_order if info.start >= end]
    for info in after[:READ_ON]:
        found = answer_entity(query, info, text)
        marked = None if found is None else _marked_answer(question, snapshot, article_id,
                                                           info, found)
        if marked is not None:
            return marked
    return None


def _no_age(question: str, snapshot: Snapshot,
            person: tuple[int, SentenceFacts, int]) -> Answer:
    """"how old is she?" when her article writes no age after her name: a hedge that says
    so, citing the sentence that gives her fullest name (not someone else's age, which the
    answerer would find nearest the words)."""
    article_id, facts, index = person
    name, citation = _named(snapshot, article_id, facts, index)
    text = prompts.load("answers")["follow_up"]["no_age"].format(
        name=name, title=snapshot.articles[article_id].title)
    if citation is None:
        return Answer(question, text.replace(" [1]", ""), declined=False, hedged=True)
    return Answer(question, text, declined=False, citations=(citation,), hedged=True)


def _marked_answer(question: str, snapshot: Snapshot, article_id: int, info: SentenceInfo,
                   found: Entity) -> Answer | None:
    """Sentence ``info`` quoted alone with ``found`` marked, as the whole answer; None when
    it cannot be cited with the mark."""
    cited = citation_of(snapshot, 1, article_id, info.start, info.end, (found.start, found.end))
    if cited is None or cited.answer_span is None:
        return None
    return Answer(question, f"{cited.quote} [1]", declined=False, citations=(cited,),
                  confidence=1.0)


NAME_BEFORE = re.compile(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)(?:,\s*|\s*\()$")
"""A name right before a number, with a comma or a bracket between ("Jose Martinez, 45",
"Ramesh Yadav (34)")."""


_THE_AGED = re.compile(r"\W*the\s+(?=\d{1,3}-year-old\b)", re.I)
"""A sentence opening on "The 17-year-old ...": news calling the person the sentence
before was about by their age."""


def _their_age(question: str, snapshot: Snapshot, query: Query,
               person: tuple[int, SentenceFacts, int]) -> Answer | None:
    """"how old is he?" after a quote about someone that gives no age: the first sentence
    of their article that writes their age after their name ("..., Karim, 46, told CNN"),
    or that opens on "The 17-year-old" after a sentence whose first person they are,
    cited with the age marked; None when none does."""
    article_id, facts, index = person
    text = snapshot.articles[article_id].text
    theirs = facts.name_stems(index)
    before: SentenceInfo | None = None
    for info in facts.in_order:
        called = before is not None and _THE_AGED.match(text, info.start) is not None and (
            facts.people(before)[:1] == [index])
        before = info
        if index not in info.about and not called:
            continue
        found = answer_entity(query, info, text)
        if found is None:
            continue
        if called and found.start - info.start > len("The "):
            called = False  # another age than the opening one
        name = NAME_BEFORE.search(text, max(info.start, found.start - 40), found.start)
        if not called and (name is None or not set(tokenize(name[1])) & theirs):
            continue
        marked = _marked_answer(question, snapshot, article_id, info, found)
        if marked is not None:
            return marked
    return None


def speaker_answer(question: str, snapshot: Snapshot, turn: Turn) -> Answer | None:
    """Who said the sentence the previous answer quoted (or that the article does not
    say); None when the question is not "who said that?" or nothing was quoted."""
    if not _WHO_SAID.match(question):
        return None
    wording = prompts.load("answers")["follow_up"]
    quoted_sentences = _quoted_sentences(snapshot, turn)
    for quoted, info in quoted_sentences:
        if info.speaker is None:
            continue
        facts = facts_of(snapshot, quoted.article_id)
        index, m_start, m_end = info.speaker
        name = facts.names[index][0]
        said = citation_of(snapshot, 1, quoted.article_id, info.start, info.end, (m_start, m_end))
        if said is None:
            continue
        if said.answer_span is not None:
            return Answer(question, _says(wording["speaker"], name), declined=False,
                          citations=(said,), confidence=1.0)
        _, named = _named(snapshot, quoted.article_id, facts, index)
        if named is None or named.start == said.start:
            return Answer(question, _says(wording["speaker"], name), declined=False,
                          citations=(said,), confidence=1.0)
        named = replace(named, n=2)
        return Answer(question, _says(wording["speaker_named"], name), declined=False,
                      citations=(said, named), confidence=1.0)
    if not quoted_sentences:
        return None
    quoted, info = quoted_sentences[0]
    said = citation_of(snapshot, 1, quoted.article_id, info.start, info.end, None)
    if said is None:
        return None
    return Answer(question, wording["no_speaker"], declined=False, citations=(said,),
                  confidence=1.0)


def person_of(
    snapshot: Snapshot, turn: Turn, pronoun: str | None = None
) -> tuple[int, SentenceFacts, int] | None:
    """(article id, its facts, name index) of the person the previous answer is about:
    its speaker, else the first person it is about; for a ``pronoun`` ("his", "she"),
    the first of them the article calls by it, else the first it calls by neither (how
    old "he" is, after '..., which he had been battling for two years, publicist Jenna
    Holloway said', is the singer's age: the article calls him "he" and her nothing)."""
    wanted = gender_of(pronoun)
    unsure = None
    for quoted, info in _quoted_sentences(snapshot, turn):
        facts = facts_of(snapshot, quoted.article_id)
        people = facts.people(info)
        if info.speaker is not None and facts.names[info.speaker[0]][3] == "PERSON":
            people.insert(0, info.speaker[0])
        text = snapshot.articles[quoted.article_id].text
        for index in dict.fromkeys(people):
            called = pronoun_of(text, facts, index) if wanted else None
            if called == wanted:
                return quoted.article_id, facts, index
            if called is None and unsure is None:
                unsure = quoted.article_id, facts, index
    return unsure


_OPENS_ON_NAME = 30
"""How far into a sentence (characters) a name may start and the sentence still open on it
("Headteacher Andrew Pilling, who ...")."""


def _after_the_lead(
    snapshot: Snapshot, turn: Turn
) -> tuple[int, SentenceFacts, list[SentenceInfo], SentenceInfo] | None:
    """(article id, its facts, the quoted sentences of that article, the sentence after
    the lead) when the previous answer quoted a story's lead, its first sentence; else None
    (an answer may quote two articles: only the lead's sentences are read with its facts)."""
    quoted = _quoted_sentences(snapshot, turn)
    if not quoted:
        return None
    article_id, lead = quoted[0][0].article_id, quoted[0][1]
    facts = facts_of(snapshot, article_id)
    ordered = facts.in_order
    if len(ordered) < 2 or ordered[0].start != lead.start:
        return None
    return article_id, facts, [info for q, info in quoted if q.article_id == article_id], \
        ordered[1]


def named_after_the_lead(
    snapshot: Snapshot, turn: Turn, pronoun: str | None = None
) -> tuple[int, SentenceFacts, int] | None:
    """A story's lead often gives a role and the next sentence its holder's name ("The
    former manager of a Stockport care home has been jailed ..." / "Karen Whitlow, 54, of
    Hazel Grove, used her position ..."): after an answer that quoted the lead and nobody
    in it, the person the next sentence opens on, if the article calls them by
    ``pronoun`` (when one is asked about). (article id, its facts, name index), or None."""
    found = _after_the_lead(snapshot, turn)
    if found is None:
        return None
    article_id, facts, quoted, after = found
    if any(facts.people(info) for info in quoted):
        return None
    text = snapshot.articles[article_id].text
    wanted = gender_of(pronoun)
    for index in facts.people(after):
        if opens_on(text, facts, after, index) and (
                wanted is None or pronoun_of(text, facts, index) == wanted):
            return article_id, facts, index
    found = _given_the_role(text, facts, quoted[0], wanted)
    return None if found is None else (article_id, facts, found)


_LEAD_ROLE = re.compile(
    r"\W*(?i:the|a|an)\s+(?:(?:former|new|retired|acting|interim|deputy|local|veteran)\s+)?"
    r"(?P<role>[a-z][a-z-]{2,})\s+(?:of|at|for|from|who|in)\b")
"""A lead opening on a role: "The headteacher of an Oldham secondary school has resigned"."""


def lead_role(text: str, lead: SentenceInfo) -> re.Match[str] | None:
    """The role a story's lead opens on ("The headteacher of an Oldham secondary school
    has resigned", "A retired postman from Cornwall has discovered a comet": its group
    "role" is the role's noun), or None."""
    return _LEAD_ROLE.match(text, lead.start, lead.end)


def opens_on(text: str, facts: SentenceFacts, info: SentenceInfo, index: int) -> bool:
    """Whether sentence ``info`` opens on person ``index``'s name (within
    :data:`_OPENS_ON_NAME` characters: "Headteacher Andrew Pilling, who ...")."""
    first = facts.names[index][0].split()[0]
    at = text[info.start : info.end][: _OPENS_ON_NAME + 40].find(first)
    return 0 <= at <= _OPENS_ON_NAME


def _given_the_role(text: str, facts: SentenceFacts, lead: SentenceInfo,
                    wanted: str | None) -> int | None:
    """The person a later sentence names with the role the lead opens on ("The headteacher
    of ..." / "Headteacher Andrew Pilling, who had led the school ..."; "Andrew Pilling, the
    headteacher, ..."), the first such, unless the article calls them by the pronoun other
    than ``wanted``: their name index, or None."""
    role = lead_role(text, lead)
    if role is None:
        return None
    word = re.escape(role["role"])
    for info in facts.in_order:
        if info.start <= lead.start:
            continue
        for index in facts.people(info):
            name = re.escape(facts.names[index][0])
            if re.search(rf"\b{word}\s+{name}|{name},\s+(?:the|a|an|its|their)\s+"
                         rf"(?:[\w'’-]+\s+){{0,2}}{word}\b", text[info.start : info.end], re.I) \
                    and (wanted is None or pronoun_of(text, facts, index) in (wanted, None)):
                return index
    return None


_THING_CALLED = re.compile(
    r"^\W*(?:and\s+|so\s+)?what(?:'s|’s|s|\s+is|\s+was)\s+(?:(?:it|the\s+(?P<noun>[\w-]+))\s+"
    r"called|(?:the\s+)?name\s+of\s+(?:it|the\s+(?P<noun_of>[\w-]+))|its\s+name)\W*$", re.I)
""""what's it called?", "whats the probe called", "what is the name of the craft"."""
_CALLED_THE = re.compile(r"\W*the\s+[\w-]+(?:\s+[\w-]+)?,?\s+(?:called|named|dubbed|known\s+as)\s+",
                         re.I)
"""A sentence opening on a thing and its name ("The probe, called Aurora, lifted off")."""


_BODY_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "NAME"})
"""Names a thing the lead spoke of without naming may go by (a company, a ship, a drug)."""


def thing_answer(question: str, snapshot: Snapshot, turn: Turn) -> Answer | None:
    """"What's it called?" after an answer quoting a story's lead, when the next sentence
    opens on the thing and its name ("NASA launched a $1.1 billion spacecraft ..." / "The
    probe, called Aurora, lifted off ..."): that sentence, the name marked. "Whats the
    company called", when the lead speaks of "the company" and names no body, is also
    answered by a next sentence that opens on a body's name ("..., the company announced on
    Monday." / "Kanto Energy said the plant ...")."""
    noun = thing_asked(question)
    found = None if noun is None else _after_the_lead(snapshot, turn)
    if found is None:
        return None
    article_id, _, quoted, after = found
    text = snapshot.articles[article_id].text
    named = _CALLED_THE.match(text, after.start, after.end)
    if named is None:
        return None if not noun else _named_next(question, snapshot, article_id, quoted,
                                                 after, noun)
    if noun and not set(tokenize(noun)) <= set(tokenize(named.group())):
        return None  # "whats the company called" is not answered by "The probe, called ..."
    entity = next((e for e in after.entities if e.start == named.end()), None)
    return None if entity is None else _marked_answer(question, snapshot, article_id, after,
                                                      entity)


def thing_asked(question: str) -> str | None:
    """What a "what's it called?" question (:data:`_THING_CALLED`) asks the name of: its
    noun ("whats the company called": "company", a definite thing, which reads back to the
    answer before it), "" for "it" ("what's its name?"); None for any other question."""
    asked = _THING_CALLED.match(question)
    return None if asked is None else asked["noun"] or asked["noun_of"] or ""


def _named_next(question: str, snapshot: Snapshot, article_id: int,
                quoted: list[SentenceInfo], after: SentenceInfo, noun: str) -> Answer | None:
    """The sentence after the lead with the body it opens on marked, when the quoted lead
    speaks of "the <noun>" and names no body itself; else None."""
    text = snapshot.articles[article_id].text
    if not any(re.search(rf"\bthe\s+{re.escape(noun)}\b", text[info.start : info.end], re.I)
               for info in quoted):
        return None
    if any(e.label in _BODY_LABELS for info in quoted for e in info.entities):
        return None
    entity = next((e for e in after.entities if e.start == after.start), None)
    if entity is None or entity.label not in _BODY_LABELS:
        return None
    return _marked_answer(question, snapshot, article_id, after, entity)


def name_answer(question: str, snapshot: Snapshot, turn: Turn) -> Answer | None:
    """"What's his name?" after an answer about someone: that person, cited (after a lead
    that gives only a role, the person the next sentence names:
    :func:`named_after_the_lead`)."""
    if not _WHO_IS_HE.match(question):
        return None
    pronoun = PRONOUN.search(question)
    found = person_of(snapshot, turn, pronoun[1] if pronoun else None)
    if found is None:
        found = named_after_the_lead(snapshot, turn, pronoun[1] if pronoun else None)
    if found is None:
        return None
    return naming_answer(question, snapshot, found)


def naming_answer(
    question: str, snapshot: Snapshot, found: tuple[int, SentenceFacts, int]
) -> Answer | None:
    """"It's {name}." for person ``found`` (article id, its facts, name index), citing the
    sentence that gives their fullest name; None when that sentence is not citable."""
    article_id, facts, index = found
    name, citation = _named(snapshot, article_id, facts, index)
    if citation is None:
        return None
    wording = prompts.load("answers")["follow_up"]
    return Answer(question, _says(wording["person"], name), declined=False,
                  citations=(citation,), confidence=1.0)


def follow_up_words(
    question: str, snapshot: Snapshot, turn: Turn, *, own_words: bool
) -> tuple[str, ...]:
    """What a follow-up is searched with besides its own words: the name of whoever "he"
    or "she" is, and the earlier question's words when it has none of its own."""
    words = [] if own_words else list(tokenize(turn.question))
    pronoun = PRONOUN.search(question)
    if pronoun is not None:
        found = person_of(snapshot, turn, pronoun[1])
        if found is not None:
            _, facts, index = found
            words += sorted(facts.name_stems(index))
    return tuple(dict.fromkeys(words))


_OBJECT_AFTER = re.compile(
    r"\s*(?:$|[?.!,;:]|(?:to|in|at|about|for|with|from|by|on|of|and|or|after|before|"
    r"when|that|if|so|up|out|off|back|down|over|into)\b)", re.I)
"""What follows "her" when it is an object ("what did police tell her?", "did they
help her after"), not a possessive ("her job")."""


def naming_pronoun(question: str, pronoun: re.Match[str], name: str) -> str:
    """``question`` with ``pronoun`` (a :data:`PRONOUN` match in it) replaced by ``name``:
    "what does he want" -> "what does Simon Bailey want"; "his job" -> "Simon Bailey's
    job"; "her" is possessive unless an object ("tell her?")."""
    word = pronoun[1].lower()
    possessive = word in ("his", "hers") or (
        word == "her" and not _OBJECT_AFTER.match(question, pronoun.end()))
    said = f"{name}'s" if possessive else name
    return question[: pronoun.start()] + said + question[pronoun.end() :]


def leans_on_pronoun(question: str) -> bool:
    """Whether the question refers to someone by "he", "his", "she"..."""
    return bool(PRONOUN.search(question))
