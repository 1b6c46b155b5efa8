"""From a cleaned question to the :class:`Answer` a person sees.

The order: questions about an article itself (metadata); follow-ups that
read the previous answer ("who said that?", "what's his name?"); who someone
is ("what is Simon Bailey's job?": the sentence that introduces them); then the
answerer (answer, hedge or refuse), with the article a question names ("the
bus fares article") as its only source, and a follow-up searched with what it
leans on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from bot import prompts
from bot.answer import Answerer, Evaluation, FollowUpContext, hedged
from bot.answering.advice import advice_answer
from bot.answering.articles import named_article, numbered_article, titled_article, unnumbered
from bot.answering.contact import contact_answer
from bot.answering.followup import (
    NAME_BEFORE,
    PRONOUN,
    bare_answer,
    bare_metadata,
    follow_up_words,
    gender_of,
    is_follow_up,
    leans_on_pronoun,
    name_answer,
    naming_pronoun,
    previous_article,
    pronoun_of,
    speaker_answer,
    thing_answer,
    thing_asked,
)
from bot.answering.mentions import mentions_answer
from bot.answering.more import asks_for_more, more_answer, source_answer
from bot.answering.people import people_answer, person_answer, pronoun_person
from bot.answering.question_vectors import QuestionVectors
from bot.answering.rare_names import name_holder
from bot.answering.sentences import SentenceFacts
from bot.answering.small_talk import small_talk_answer, suggested_titles
from bot.answering.speech import said_answer
from bot.conversation import Turn
from bot.lexical import STOPWORDS, tokenize, words
from bot.library import Snapshot
from bot.metadata_answers import answer_from_metadata, library_answer, metadata_field
from bot.models import Answer
from bot.question import spelled_out
from bot.tuning import STAY_MARGIN

_NAMES_SOMEONE = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]")
"""A capitalised word past the first: the question names whom its "he" means ("which
music professor said he", "Chopin wrote that he")."""


def _names_the_subject(question: str, previous: Turn | None) -> bool:
    """Whether "what is it called?" asks the name of what the previous answer was about
    ("who discovered the comet?" / "what is it called?": the comet's), not the article's
    title: after a question about the article itself, it is the title."""
    return previous is not None and thing_asked(question) == "" and (
        metadata_field(previous.question) is None)


def respond(
    snapshot: Snapshot, vectors: QuestionVectors, answerer: Answerer, question: str, *,
    article_id: int | None = None, previous: Turn | None = None,
) -> Answer:
    """The answer to ``question`` (already cleaned) from ``snapshot``; ``vectors`` are
    its vectors, started with :meth:`QuestionVectors.of` (waited for only when needed)."""
    wording = prompts.load("answers")["decline"]
    if not snapshot.passages:
        vectors.cancel()
        return Answer(question=question, text=wording["empty_library"], declined=True)
    if previous is not None and (source := source_answer(question, snapshot, previous)):
        vectors.cancel()  # "really?", "source for that?": where the last answer came from
        return source
    if (said := small_talk_answer(question, snapshot)) is not None:  # "hi", "thanks",
        vectors.cancel()  # "help": no search
        return said
    if (listed := mentions_answer(question, snapshot)) is not None:  # "which stories
        vectors.cancel()  # mention maisie": every article holding it, not one sentence
        return listed
    if asks_for_more(question):  # "tell me more": the article read on, not a search
        vectors.cancel()
        more = more_answer(question, snapshot, previous) if previous is not None else None
        return more or library_answer(question, snapshot)  # with nothing before: what is here
    numbered = numbered_article(question, snapshot)  # "article 11", read once
    if article_id is None:
        article_id = numbered if numbered is not None else named_article(question, snapshot)
    follow_up = previous is not None and is_follow_up(question)
    story = previous_article(snapshot, previous) if previous is not None else None
    talked_about = story if follow_up and article_id is None else None
    meta = None if follow_up and _names_the_subject(question, previous) else \
        answer_from_metadata(question, snapshot,  # "who wrote it?" after an answer: the
                             article_id=article_id or talked_about,  # article it quoted
                             story=None if article_id else story)
    if meta is None and follow_up and previous is not None:  # "who wrote it?" / "when?":
        about_it = bare_metadata(question)  # when it was published
        if about_it is not None and metadata_field(previous.question) is not None:
            meta = answer_from_metadata(about_it, snapshot, article_id=article_id or talked_about)
    if meta is not None:
        vectors.cancel()
        return meta
    context = None
    if follow_up and previous is not None:
        special = speaker_answer(question, snapshot, previous) or said_answer(
            question, snapshot, previous) or name_answer(
            question, snapshot, previous) or thing_answer(
            question, snapshot, previous) or bare_answer(question, snapshot, previous)
    elif previous is not None and thing_asked(question):  # "whats the company called"
        special = thing_answer(question, snapshot, previous)
    else:
        special = None
    if special is not None:
        vectors.cancel()
        return special
    # "what's the phone number?", "what should i do?" after an answer about a recall: that
    # story's, whether or not the question reads as a follow-up (its other words, if any,
    # must still be that story's: "the hurricane hotline" is not)
    in_question = article_id or story
    reach = contact_answer(question, snapshot, article_id=in_question) or \
        advice_answer(question, snapshot, article_id=in_question)
    if reach is not None:
        vectors.cancel()
        return reach
    person = people_answer(question, snapshot, article_id=article_id, previous=previous) or \
        person_answer(question, snapshot, article_id=article_id,
                      previous=previous if follow_up else None)
    if person is not None:
        vectors.cancel()
        return person
    asked_as = question
    if numbered is not None and numbered == article_id and (
            plain := unnumbered(question)) and plain != question:
        vectors.cancel()  # "how long did he get in article 11": searched without its "11"
        question, vectors = plain, vectors.reworded(plain, previous)
    vector: np.ndarray | Callable[[], np.ndarray] = vectors  # waited for in evaluate
    if follow_up and previous is not None:
        own = tokenize(question)
        earlier = follow_up_words(question, snapshot, previous, own_words=bool(own))
        vector, combined = vectors.asked(), vectors.combined()
        if combined is None:  # "what did he say about fines?": its own words, and who "he" is
            context = FollowUpContext(vector=vector, tokens=earlier,
                                      judge_with=leans_on_pronoun(question),
                                      ranking=vectors.ranking())
        else:  # "what did he say about them?": read with the question before it
            context = FollowUpContext(vector=combined, tokens=earlier, judge_with=True,
                                      ranking=vectors.ranking_combined())
    ranking_vector = None if vector is vectors else vectors.ranking()
    same = talked_about if len(snapshot.articles) > 1 else None  # set for follow-ups only
    titled = _titled_elsewhere(snapshot, question, same) if same is not None else None
    if titled is not None:  # "what about the care home boss?": that story, not this one
        article_id, same = titled, None
    if same is not None and not _turns_elsewhere(snapshot, question, same):
        # a follow-up is answered from the article the previous answer quoted, unless it
        # names what that article never mentions or that article cannot answer it
        kept, _ = answerer.answer(snapshot, question, vector, article_id=same,
                                  context=context, ranking_vector=ranking_vector)
        if not kept.declined:
            return replace(kept, question=asked_as)
    answer, evaluation = answerer.answer(
        snapshot, question, vector, article_id=article_id, context=context,
        ranking_vector=ranking_vector,
    )
    if previous is not None and article_id is None and same is None and not answer.declined:
        answer = _staying(snapshot, answerer, question, (answer, evaluation), previous,
                          vector, context, ranking_vector)
    if article_id is None and same is None and not answer.declined:
        answer = _from_name_holder(snapshot, answerer, question, answer, vector, context,
                                   ranking_vector)
    if answer.declined and context is not None and context.judge_with:
        # never do worse than the question asked alone
        answer, _ = answerer.answer(snapshot, question, vectors.asked(), article_id=article_id,
                                    ranking_vector=vectors.ranking())
    if answer.declined and context is None:
        answer = _about_their_person(snapshot, vectors, answerer, question, answer,
                                     article_id=article_id, previous=previous)
    if not answer.declined:
        return replace(_their_span(snapshot, question, answer, previous=previous),
                       question=asked_as)
    return Answer(
        question=asked_as, text=wording["text"], declined=True, confidence=answer.confidence,
        suggestions=suggested_titles(snapshot),
    )


def _staying(
    snapshot: Snapshot, answerer: Answerer, question: str, given: tuple[Answer, Evaluation],
    previous: Turn, vector: np.ndarray | Callable[[], np.ndarray],
    context: FollowUpContext | None, ranking_vector: np.ndarray | None,
) -> Answer:
    """In a conversation, the answer (``given``, with its evaluation) from the article the
    previous answer quoted instead, when it quotes another article, the question's rarest
    word is in the one talked about (:func:`_mentions_elsewhere`) and that one's best
    sentence ranks within :data:`STAY_MARGIN` of the library's best: the question is most
    likely about the story being talked about ("was anybody injured", after a question about
    a plane's landing)."""
    answer, evaluation = given
    stay = previous_article(snapshot, previous) if len(snapshot.articles) > 1 else None
    if stay is None or not evaluation.sentences or not answer.citations or \
            answer.citations[0].article_id == stay or _mentions_elsewhere(snapshot, question, stay):
        return answer
    kept, there = answerer.answer(snapshot, question, vector, article_id=stay, context=context,
                                  ranking_vector=ranking_vector)
    if kept.declined or not there.sentences or \
            there.sentences[0].logit < evaluation.sentences[0].logit - STAY_MARGIN:
        return answer
    return kept


def _from_name_holder(
    snapshot: Snapshot, answerer: Answerer, question: str, answer: Answer,
    vector: np.ndarray | Callable[[], np.ndarray], context: FollowUpContext | None,
    ranking_vector: np.ndarray | None,
) -> Answer:
    """The answer from the one article holding a name the question uses
    (:func:`name_holder`: "how old is feldman"), when ``answer`` quotes another, which
    never mentions it; ``answer`` when there is no such article or it cannot answer."""
    if not answer.citations:
        return answer
    holder = name_holder(snapshot, question)
    if holder is None or holder == answer.citations[0].article_id:
        return answer
    there, _ = answerer.answer(snapshot, question, vector, article_id=holder, context=context,
                               ranking_vector=ranking_vector)
    return answer if there.declined else there


def _their_person(
    snapshot: Snapshot, question: str, article_id: int | None, previous: Turn | None
) -> tuple[re.Match[str], int, SentenceFacts, int] | None:
    """Whom a question's "he" or "she" stands for when it names nobody: the previous
    answer's person, else the article's main person, when the article calls them so (the
    pronoun, their article, its facts, their index); None otherwise."""
    pronoun = PRONOUN.search(question)
    if pronoun is None or _NAMES_SOMEONE.search(question):
        return None
    found = pronoun_person(snapshot, article_id, previous, pronoun[1].lower())
    if found is None:
        return None
    aid, facts, index = found
    if pronoun_of(snapshot.articles[aid].text, facts, index) != gender_of(pronoun[1]):
        return None
    return pronoun, aid, facts, index


def _about_their_person(
    snapshot: Snapshot, vectors: QuestionVectors, answerer: Answerer, question: str,
    refused: Answer, *, article_id: int | None, previous: Turn | None,
) -> Answer:
    """A refused question that leans on "he" or "she" and names nobody ("what does he want
    parents to do", asked first), asked again of the person the pronoun stands for
    (:func:`_their_person`): at most a hedge, since whom it means is a guess; ``refused``
    when that is refused too."""
    found = _their_person(snapshot, question, article_id, previous)
    if found is None:
        return refused
    pronoun, _, facts, index = found
    named = naming_pronoun(question, pronoun, facts.names[index][0])
    answer, _ = answerer.answer(snapshot, named, vectors.reworded(named), article_id=article_id)
    if answer.declined:
        return refused
    return replace(hedged(answer), question=question,
                   confidence=min(answer.confidence, refused.confidence))


def _their_span(snapshot: Snapshot, question: str, answer: Answer, *,
                previous: Turn | None) -> Answer:
    """``answer`` without the span of its first quote when the question leans on "he" or
    "she" (naming nobody) and the span cannot answer it: the person the pronoun stands for
    in the quoted article (:func:`_their_person`) themselves ("who did she beat" is not
    her), or an age written beside someone else ("how old is he" of Alvaro Benitez: not
    "Jose Martinez, 45")."""
    first = answer.citations[0] if answer.citations else None
    if first is None or first.answer_span is None:
        return answer
    found = _their_person(snapshot, question, first.article_id, previous)
    if found is None or found[1] != first.article_id:
        return answer
    _, aid, facts, index = found
    text = snapshot.articles[aid].text
    start, end = first.start + first.answer_span[0], first.start + first.answer_span[1]
    theirs = facts.name_stems(index)
    marked = set(tokenize(text[start:end]))
    holder = NAME_BEFORE.search(text, max(0, start - 60), start)
    if (marked and marked <= theirs) or (
            holder is not None and text[start:end].strip().isdigit()
            and not set(tokenize(holder[1])) & theirs):
        return replace(answer, citations=(replace(first, answer_span=None),
                                          *answer.citations[1:]))
    return answer


_FRAME_WORDS = frozenset(
    "what about how who when where why which and also but so then tell me more is are was "
    "were the a an it its this that did does do called name named happen happened say said "
    "mean old age far long much many big often soon tall high deep wide fast out go goes going "
    "went gone headed heading come coming get got gets away".split())
"""Words of a question's frame ("what's it called", "how old is he", "how far out was
it", "where is it going"), not its subject."""


def _subject_words(question: str) -> list[str]:
    """The question's words as written (chat shorthand written out: "govt" is
    "government"), without its frame (:data:`_FRAME_WORDS`) and stop words: what it is
    about."""
    return [w for w in words(spelled_out(question))
            if w not in _FRAME_WORDS and w not in STOPWORDS]


def _mentions_elsewhere(snapshot: Snapshot, question: str, article_id: int) -> bool:
    """Whether the article lacks the question's rarest word (its stem, rarest in the
    library; frame words left out), so the question may be about another article: "who
    pays the fine" after a question about a comet that no fine came into."""
    own = [t for w in _subject_words(question) for t in tokenize(w)]
    if not own:
        return False
    return max(own, key=snapshot.lexical.idf) not in snapshot.article_words(article_id)


_WHAT_ABOUT = re.compile(
    r"^\W*(?:and|but|so)?\s*(?:what|how)\s+about\s+(?P<topic>[^?.!]{2,80})[?.!]*\s*$", re.I)
"""A follow-up that turns to a topic: "what about the care home boss?"."""


def _titled_elsewhere(snapshot: Snapshot, question: str, article_id: int) -> int | None:
    """Another article whose title a "what about X?" follow-up's X clearly names
    (:func:`titled_article`) with a word the article talked about never uses: "what about
    the care home boss?" after answers about a water company's fine is about "Care home
    boss jailed for ..." (the fine's story mentions "bosses", not "care"). None for any
    other question, when the title is the talked about article's own, or when every word
    of it that X uses is in that article too."""
    topic = _WHAT_ABOUT.match(question)
    own = _subject_words(topic["topic"]) if topic else []
    other = titled_article(" ".join(own), snapshot) if own else None
    if other is None or other == article_id:
        return None
    title = set(tokenize(snapshot.articles[other].title))
    text = snapshot.articles[article_id].text
    named = [w for w in own if set(tokenize(w)) & title]
    return other if any(not _written_in(w, text) for w in named) else None


def _turns_elsewhere(snapshot: Snapshot, question: str, article_id: int) -> bool:
    """Whether a follow-up names something the article talked about never mentions ("and
    what about the fraud?" after answers about a comet), so another article may answer.
    Read as written (:func:`_written_in`), not stemmed: "plane" is not "planned"."""
    own = _subject_words(question)
    text = snapshot.articles[article_id].text
    return bool(own) and not any(_written_in(w, text) or _misspelt_in(snapshot, w, article_id)
                                 for w in own)


def _misspelt_in(snapshot: Snapshot, word: str, article_id: int) -> bool:
    """Whether ``word``, which no article holds, is a misspelling of a word the article
    holds ("recrods": "records"; :meth:`bot.lexical.LexicalIndex.correct`)."""
    mended = [snapshot.lexical.correct(t) for t in tokenize(word)]
    return any(m is not None and m in snapshot.article_words(article_id) for m in mended)


_INFLECTION = re.compile(r"(?<=\w{4})(?:ing|ed|s)$")
"""An ending of inflection ("-ing", "-ed", "-s"), taken off only when at least four letters
stay."""


def _written_in(word: str, text: str) -> bool:
    """Whether ``text`` holds ``word`` as written (at a word's start: "plane" in "planes",
    never "planned") or its root with another ending of inflection: "organised" in
    "organisers", "democrats" in "Democrat" (but "passed" not in "passengers")."""
    root = word if word.endswith("ss") else _INFLECTION.sub("", word)
    return re.search(rf"\b{re.escape(word)}|\b{re.escape(root)}(?:e|es|s|ed|d|ing|ers?)?\b",
                     text, re.I) is not None
