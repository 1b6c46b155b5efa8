"""Who a quiz question's "he" or "she" is.

News names someone once and then calls them "he" or "she", so a question made from a
later sentence ("He said he had spent _____ searching the sky.", "Who did he rule out
working with?") does not say whom it asks about. The article's stored sentence analysis
(:mod:`bot.answering.sentences`, the one "who said that?" reads) knows whom such a
sentence is about; the question names them: in the article's own words, as an editor
would, in square brackets ("[Geoff Trelawny] said he had spent _____ ..."); in a question
written from it, plainly ("Who did Simon Bailey rule out working with?").

Only a sentence that names nobody and is about one person is read this way, and only a
"he" or "she" that is its subject ("He said ...", "And she added ...") or the speaker of
its quotation ('"...," he said.'); a "he" deeper in it ("a Pentagon official who spoke
on condition of anonymity because he was not authorized") may be someone unnamed. A
question whose answer or options hold that person's name is left as it is: naming them
would give it away.

Further back than :data:`LOOK_BACK` sentences (an obituary's "He joined the crew ...",
many sentences after it last named him), or when the stored analysis thinks the sentence
is about someone else, the last person named is still the one meant when the article
shows which pronoun is theirs ("Mr Ellerby", or "he" in sentences naming him alone) and
it is the one asked: "She said he was not remorseful" after sentences naming only Dean
Rourke, a "he", is not about him.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from bot.answering.facts import SentenceFacts, SentenceInfo
from bot.answering.sentences import facts_of, gender_before, pronoun_gender
from bot.library import Snapshot
from bot.quiz.item import FILL_BLANK, MULTIPLE_CHOICE, TRUE_FALSE, QuizQuestion
from bot.quiz.text import fold
from bot.quiz.wording import default_wording

_SUBJECT = re.compile(r"\b(?:he|she)\b", re.I)
_SUBJECT_FIRST = re.compile(
    r"^\W*(?:(?:and|but|so|still|however|later|then|now|yet|instead|meanwhile|also|today)"
    r"\b,?\s+)?(?:he|she)\b", re.I)
"""A sentence whose subject is its first word, "he" or "she" ("He said ...", "And she
added ...")."""
_SPEAKER = re.compile(
    r"[,”\"]\s*(?:he|she)\s+(?:said|says|added|told|claimed|explained|warned|wrote|insisted|"
    r"admitted|recalled|replied|noted|argued|continued|agreed|asked)\b", re.I)
"""A quotation's speaker ('..., he said.')."""
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
"""Words inside quotation marks, where "he" is the speaker's word for someone."""


def _sentence(facts: SentenceFacts, start: int, end: int) -> SentenceInfo | None:
    """The analysed sentence holding ``start``..``end`` (a quiz sentence may be trimmed)."""
    for info in facts.sentences.values():
        if info.start <= start and end <= info.end:
            return info
    return None


def _inside_quotation(text: str) -> bool:
    """Whether ``text`` starts inside a quotation opened before it ('In the past he would
    go out with poison," said ...': the speaker's "he", someone else)."""
    return text.count("”") > text.count("“") or text.count('"') % 2 == 1


LOOK_BACK = 3
"""How many sentences back the one naming the person may be."""


def _names_someone(facts: SentenceFacts, info: SentenceInfo, text: str) -> bool:
    """Whether ``info`` names a person: a PERSON entity, or the last name of someone the
    analysis says it is about (the small model labels "Strachan wants to buy it." a
    place, though the article introduced Jamie Strachan and the analysis knows him)."""
    if any(e.label == "PERSON" for e in info.entities):
        return True
    people = _people(facts, info)
    if not people:  # most sentences: nobody to look for, no words to read
        return False
    words = set(re.findall(r"[\w'’-]+", fold(text[info.start:info.end])))
    return any(fold(str(facts.names[i][0]).split()[-1]) in words for i in people)


def _last_naming(facts: SentenceFacts, info: SentenceInfo, text: str
                 ) -> tuple[SentenceInfo, int] | None:
    """The last sentence before ``info`` that names anyone (:func:`_names_someone`), and
    how many sentences back it stands (1: the one just before); None when none does."""
    before = [s for s in facts.in_order if s.end <= info.start]
    for back, sentence in enumerate(reversed(before), 1):
        if _names_someone(facts, sentence, text):
            return sentence, back
    return None


def _named_before(facts: SentenceFacts, last: tuple[SentenceInfo, int] | None) -> int | None:
    """The one person the ``last`` sentence naming anyone (:func:`_last_naming`) names,
    when it is within :data:`LOOK_BACK` sentences; None when it names several ("Dahl's
    brother-in-law, Steven Pruitt, ... testified against Dahl. He is ...": either) or none
    is near."""
    if last is None or last[1] > LOOK_BACK:
        return None
    people = _people(facts, last[0])
    return people.pop() if len(people) == 1 else None


def _people(facts: SentenceFacts, info: SentenceInfo) -> set[int]:
    """The people (name indices) ``info`` is about."""
    return {i for i in info.about if facts.names[i][3] == "PERSON"}


def genders(facts: SentenceFacts, text: str) -> dict[int, str]:
    """"he" or "she" for the people of the article whose pronoun it shows: a word before
    their name ("Mr", "his widow,") counts twice, the pronouns of a sentence about them
    alone once (outside quotation marks); at least two votes, four to one."""
    votes: dict[int, Counter[str]] = {}
    for info in facts.sentences.values():
        named = [e for e in info.entities if e.label == "PERSON"]
        people = _people(facts, info)
        if len(people) != 1:
            continue
        tally = votes.setdefault(next(iter(people)), Counter())
        for e in named:
            cue = gender_before(text[max(0, e.start - 24):e.start])
            if cue:
                tally[cue] += 2
        said = pronoun_gender(_hidden(text[info.start:info.end]))
        if said:
            tally[said] += 1
    out = {}
    for index, tally in votes.items():
        if not tally:
            continue
        (gender, count), *rest = tally.most_common()
        if count >= 2 and count >= 4 * sum(n for _, n in rest):
            out[index] = gender
    return out


def _last_named(facts: SentenceFacts, last: tuple[SentenceInfo, int] | None, pronoun: str,
                gender: dict[int, str]) -> int | None:
    """The one person the ``last`` sentence naming anyone (:func:`_last_naming`) names,
    however far back, whom the article calls ``pronoun`` (others it names may be of the
    other pronoun or of none shown: "Filey Brigg", a place the small model took for a
    person); else None."""
    if last is None:
        return None
    people = [i for i in _people(facts, last[0]) if gender.get(i) == pronoun]
    return people[0] if len(people) == 1 else None


def referent(facts: SentenceFacts, text: str, start: int, end: int,
             pronoun: str | None = None, gender: dict[int, str] | None = None) -> str | None:
    """The name of the one person the sentence at ``start``..``end`` of the article
    ``text`` is about when it names nobody ("He said ..."), as the article names them in
    full; else None (someone named, several people, a quotation's "he", another
    speaker). With the ``pronoun`` asked ("he", "she") and the article's :func:`genders`,
    also the last person named further back, whose pronoun it is (the module docstring)."""
    info = _sentence(facts, start, end)
    sentence = text[start:end]
    if info is None or _names_someone(facts, info, text) or _inside_quotation(sentence):
        return None
    people = list(_people(facts, info))
    index: int | None = people[0] if len(people) == 1 else None
    last = _last_naming(facts, info, text)
    other_pronoun = index is not None and pronoun is not None and gender is not None and \
        gender.get(index, pronoun) != pronoun  # "She said he ...": not the man named before
    if index is None or (info.speaker is not None and info.speaker[0] != index) or \
            _named_before(facts, last) != index or other_pronoun:
        index = None if pronoun is None or gender is None else _last_named(
            facts, last, pronoun, gender)
        if index is None or (info.speaker is not None and info.speaker[0] != index):
            return None
    name = str(facts.names[index][0])
    if len(name.split()) < 2 or fold(name.split()[-1]) in fold(sentence):
        return None  # "Thibodeau, a grandfather of five, said he ...": named already
    return name


def _hidden(text: str) -> str:
    """``text`` with what stands inside quotation marks blanked (its offsets kept)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def _pronoun(text: str) -> re.Match[str] | None:
    """The first "he" or "she" of ``text`` outside quotation marks."""
    return _SUBJECT.search(_hidden(text))


def _gives_away(question: QuizQuestion, name: str) -> bool:
    """Whether a word of ``name`` is the answer's, an option's or already the question's."""
    words = set(fold(name).split())
    shown = [question.answer, *question.options, *question.accepted, question.fact]
    return any(words & set(fold(s).split()) for s in shown if s) or bool(
        words & set(fold(question.question).split()))


def _as_written(question: QuizQuestion) -> bool:
    """Whether the question shows its sentence (a blank to fill, a statement true or
    false) rather than a question written from it."""
    blank = default_wording().question["blank"]
    return question.kind in (FILL_BLANK, TRUE_FALSE) or (
        question.kind == MULTIPLE_CHOICE and blank in question.question)


def with_named_subject(question: QuizQuestion, facts: SentenceFacts, text: str,
                       gender: dict[int, str] | None = None) -> QuizQuestion:
    """``question`` with its sentence's "he" or "she" named (see the module docstring),
    or as it is; ``text`` is its article's text, ``gender`` its :func:`genders`."""
    hidden = _hidden(question.quote)
    first = _SUBJECT.search(hidden)
    asked = _pronoun(question.question)
    if first is None or asked is None:
        return question
    tag = _SPEAKER.search(question.quote)  # the quotation marks, unhidden
    if not _SUBJECT_FIRST.match(hidden) and not (  # the sentence's subject, or its speaker
            tag is not None and tag.start() <= first.start() < tag.end()):
        return question
    name = referent(facts, text, question.quote_start, question.quote_end,
                    first.group().lower(), genders(facts, text) if gender is None else gender)
    if name is None or _gives_away(question, name):
        return question
    # the article's sentence (blanked, or a statement true or false): bracketed, as an
    # editor marks a word put in; a question written from it: plainly
    shown = f"[{name}]" if _as_written(question) else name
    return replace(question, question=(
        question.question[:asked.start()] + shown + question.question[asked.end():]))


def with_named_subjects(snapshot: Snapshot,
                        questions: list[QuizQuestion]) -> list[QuizQuestion]:
    """Every question of ``questions`` (of the articles of ``snapshot``) with its
    sentence's "he" or "she" named where the article says who it is."""
    gender: dict[int, dict[int, str]] = {}
    out = []
    for q in questions:
        if _pronoun(q.question):
            facts, text = facts_of(snapshot, q.article_id), snapshot.articles[q.article_id].text
            if q.article_id not in gender:
                gender[q.article_id] = genders(facts, text)
            q = with_named_subject(q, facts, text, gender[q.article_id])
        out.append(q)
    return out
