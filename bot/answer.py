"""Extractive answers: the sentences that answer a question, each with its footnote.

Three outcomes, each decided by a model fitted on SQuAD 2.0 train plus questions
written for Footnote (``bench/train_answerer.py``; never on the evaluation set):

- an **answer**: the best one or two sentences, quoted verbatim, numbered [1] [2];
- a **hedged answer** when the library is about the subject but the evidence is
  weak: the closest passage, introduced by the hedge wording of
  ``prompts/answers.toml``;
- a **refusal** only when no article is about the question.

Retrieval finds candidate passages and the passage ranker orders them; the
sentence ranker scores every sentence of the best few; two decision models
give the probability that the library is about the question (refuse below a
threshold) and that the best sentence answers it (the answer's confidence;
hedge below a threshold). When the question asks for a name, date, number or
place, the span of the quote that is it is marked (``Citation.answer_span``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from bot import prompts
from bot.analysis import Analyser
from bot.answering.background import Background
from bot.answering.casualties import casualties_first
from bot.answering.citations import quoting
from bot.answering.features import (
    DECISION_FEATURES,
    SENTENCE_FEATURES,
    LexicalEvidence,
    PassageCandidate,
    SentenceCandidate,
    decision_features,
    sentence_features,
)
from bot.answering.futures import futures_first
from bot.answering.headings import past_headings, unrelated_questions_last
from bot.answering.models import AnswerModels, load_models
from bot.answering.query import FRAME_WORDS, NO_VECTOR, Query, make_query
from bot.answering.quotations import continues_a_quotation, ends_a_quotation
from bot.answering.ranking import Ranking
from bot.answering.reasons import (
    ages_first,
    no_sum_quoted,
    reactions_first,
    reason_reads_on,
    reasons_first,
    sums_first,
)
from bot.answering.referents import with_referent
from bot.answering.span import answer_entity, span_in_quote
from bot.answering.speech import speech_reads_on
from bot.answering.unnamed import names_nothing
from bot.answering.verdict import settled
from bot.embed import Encoder
from bot.library import Snapshot
from bot.models import Answer, Article
from bot.question import as_asked
from bot.retrieve import Hit, candidates, rank, to_hits
from bot.tuning import (
    CANDIDATES,
    MAX_SENTENCES,
    RANKED,
    SPECULATED_PASSAGES,
    TOP_PASSAGES,
    UNKNOWN_SHARE_HEDGE,
    UNKNOWN_WORDS_HEDGE,
)
from bot.vectors import top_rows

"""A :class:`Query`'s vector while the real one is still being computed."""


@dataclass(frozen=True)
class FollowUpContext:
    """What a follow-up question leans on: searched with, and judged with when the
    question has no words of its own ("what did he say about them?")."""

    vector: np.ndarray
    """The unit vector of the earlier question read together with this one."""
    tokens: tuple[str, ...]
    """Content-word stems of the earlier question (and of whoever "he" is)."""
    judge_with: bool
    """Judge the answer with the earlier words too (the question has none of its own,
    or leans on a pronoun)."""
    ranking: np.ndarray | None = None
    """:attr:`vector` as the ranking encoder reads it, when there is one
    (:mod:`bot.answering.ranking`): the rankers judge with it as the rest judges with
    :attr:`vector`."""


@dataclass
class Evaluation:
    """Everything the answerer worked out for one question (the benchmark reads it)."""

    query: Query
    passages: list[PassageCandidate] = field(default_factory=list)
    sentences: list[SentenceCandidate] = field(default_factory=list)
    decision: np.ndarray | None = None
    on_topic: float = 0.0
    """Probability that the library is about the question."""
    confidence: float = 0.0
    """Probability that the best sentence answers the question."""

    @property
    def hits(self) -> list[Hit]:
        """The ranked passages."""
        return to_hits(self.passages)


class Answerer:
    """Answers questions against a library snapshot: answer, hedge or refuse."""

    def __init__(self, background: Background, models: AnswerModels | None = None, *,
                 ranking: tuple[Encoder, Analyser] | None = None) -> None:
        self.background = background
        """News about other things, which the refusal measures a question against."""
        self._models = models
        self.ranking = ranking
        """The ranking encoder and the analyser holding its sentence vectors
        (:mod:`bot.answering.ranking`); None: the rankers read the library's own."""

    @property
    def models(self) -> AnswerModels:
        """The learned models (the shipped ones unless others were given), read on first use."""
        if self._models is None:
            self._models = load_models()
        return self._models

    def evaluate(
        self, snapshot: Snapshot, question: str, vector: np.ndarray | Callable[[], np.ndarray],
        *, article_id: int | None = None, context: FollowUpContext | None = None,
        ranking_vector: np.ndarray | None = None,
    ) -> Evaluation:
        """Retrieval, rankings and decision probabilities for a question (no wording yet).

        ``vector`` may be a function that waits for it (:class:`QuestionVectors`): the
        question's words, their BM25 scores and the word-level evidence of the passages
        BM25 likes best are worked out while it is computed. The question's ranking vector
        is ``ranking_vector``, or what ``vector.ranking()`` waits for, or else encoded here."""
        lexical_all = lexical_rows = evidence = None
        waits_for_ranking = getattr(vector, "ranking", None)
        if callable(vector):
            words = make_query(question, NO_VECTOR, snapshot.lexical)
            if context is None and snapshot.passages:
                lexical_all = snapshot.lexical.scores_for(words.tokens)
                evidence = LexicalEvidence(snapshot, words)
                pending = getattr(vector, "pending", None)
                if pending is not None and article_id is None:  # while it is computed
                    lexical_rows = top_rows(lexical_all, CANDIDATES)  # best first
                    evidence.prefetch(lexical_rows[:RANKED], lexical_rows[
                        :SPECULATED_PASSAGES], stop=lambda: not pending())
            vector = vector()
            query = replace(words, vector=vector)
        else:
            query = make_query(question, vector, snapshot.lexical)
        find_vector, find_tokens = vector, query.tokens
        if context is not None:
            find_vector = context.vector
            find_tokens = tuple(dict.fromkeys(query.tokens + context.tokens))
            if context.judge_with:
                query = make_query(f"{question} {' '.join(context.tokens)}",
                                   _with_earlier(vector, context.vector), snapshot.lexical)
        if self.ranking is not None:
            if ranking_vector is None and waits_for_ranking is not None:
                ranking_vector = waits_for_ranking()
            if ranking_vector is None:
                ranking_vector = self.ranking[0].encode([as_asked(question)])[0]
            if context is not None and context.judge_with and context.ranking is not None:
                ranking_vector = _with_earlier(ranking_vector, context.ranking)
            query = replace(query, ranking=Ranking(ranking_vector, self.ranking[1]))
        evidence = evidence or LexicalEvidence(snapshot, query)
        found = candidates(
            snapshot, query, find_vector, article_id=article_id, find_tokens=find_tokens,
            lexical_all=lexical_all, lexical_rows=lexical_rows, evidence=evidence,
        )
        result = Evaluation(query)
        if not found:
            return result
        result.passages = rank(found, self.models.passage_ranker)
        sentences = sentence_features(snapshot, query, result.passages[:TOP_PASSAGES], evidence)
        if not sentences:
            return result
        logits = self.models.sentence_ranker.logits(np.array([s.features for s in sentences]))
        for sent, logit in zip(sentences, logits, strict=True):
            sent.logit = float(logit)
        result.sentences = sorted(sentences, key=lambda s: -s.logit)
        result.decision = decision_features(snapshot, query, result.passages, result.sentences,
                                            self.background.closeness(query.vector))
        row = result.decision[None, :]
        on_topic = self.models.on_topic
        result.on_topic = float(
            on_topic.probability(row[:, on_topic.columns(DECISION_FEATURES)])[0]
        )
        answer = self.models.answer
        result.confidence = float(answer.probability(row[:, answer.columns(DECISION_FEATURES)])[0])
        return result

    def outcome(self, evaluation: Evaluation) -> str:
        """"answer", "hedge" or "refuse"."""
        if not evaluation.sentences or evaluation.on_topic < self.models.refuse_below:
            return "refuse"
        if evaluation.confidence < self.models.hedge_below or asks_about_nothing_here(
            evaluation.query
        ):
            return "hedge"
        return "answer"

    def answer(
        self, snapshot: Snapshot, question: str, vector: np.ndarray | Callable[[], np.ndarray],
        *, article_id: int | None = None, context: FollowUpContext | None = None,
        ranking_vector: np.ndarray | None = None,
    ) -> tuple[Answer, Evaluation]:
        """The answer (cited, hedged or declined) and the evaluation behind it."""
        evaluation = self.evaluate(
            snapshot, question, vector, article_id=article_id, context=context,
            ranking_vector=ranking_vector,
        )
        outcome = self.outcome(evaluation)
        if outcome == "refuse":
            return Answer(
                question, "", declined=True, confidence=evaluation.confidence
            ), evaluation
        query = evaluation.query
        # the ranking as the rules read it, each after the one before: a later rule's
        # choice of first sentence stands over an earlier one's
        ranked = unrelated_questions_last(query, evaluation.sentences)
        ranked = futures_first(query, question, ranked)
        ranked = casualties_first(question, ranked)
        ranked = sums_first(query, ranked)
        ranked = ages_first(query, ranked)
        ranked = reasons_first(question, ranked)
        ranked = reactions_first(question, ranked)
        chosen = choose_sentences(ranked, self.models.neighbour_margin,
                                  self.models.other_margin)
        answer = build_answer(question, snapshot, chosen, query, evaluation.confidence,
                              best=ranked[0])
        answer = past_headings(snapshot, answer, query)
        answer = reason_reads_on(question, snapshot, answer)
        answer = with_referent(question, snapshot, answer)
        answer = speech_reads_on(question, snapshot, answer, words=query.tokens)
        answer = settled(question, snapshot, answer)
        quotes = [c.quote for c in answer.citations]
        if outcome == "hedge" or no_sum_quoted(query, quotes) or names_nothing(question,
                                                                               quotes):
            answer = hedged(answer)
        return answer, evaluation


def hedged(answer: Answer) -> Answer:
    """``answer`` said as a hedge ("The articles may not say this directly. The closest
    passage: ..."); a refusal or a hedge as it is."""
    if answer.declined or answer.hedged:
        return answer
    wording = prompts.load("answers")["hedge"]["text"]
    return Answer(answer.question, wording.format(answer=answer.text), declined=False,
                  citations=answer.citations, confidence=answer.confidence, hedged=True)


def _with_earlier(vector: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    """A follow-up's unit vector judged with the turn before it (weighed half)."""
    mixed = vector + 0.5 * earlier
    return mixed / max(float(np.linalg.norm(mixed)), 1e-9)


def asks_about_nothing_here(query: Query) -> bool:
    """None of the question's words (misspellings mended) is in any article: "and what
    about Twitter?" of an article that never names Twitter; or most of them, and several,
    are not (a question in French); or it has no words but its frame ("how much?"). The
    closest passage may still help, but it cannot be a plain answer."""
    if not query.tokens:  # words, but only a frame the library lacks ("what happened?")
        return bool(query.info.tokens)
    return query.unknown >= 1.0 or FRAME_WORDS.issuperset(query.tokens) or (
        query.unknown_count >= UNKNOWN_WORDS_HEDGE and query.unknown >= UNKNOWN_SHARE_HEDGE
    )


def _adjacent(a: SentenceCandidate, b: SentenceCandidate) -> bool:
    return a.passage.row == b.passage.row and abs(a.index - b.index) == 1


LEAD_IN_STEMS = 7
"""A sentence of at most this many content words that does not hold the kind of thing
asked for reads on into the next one ("Her neighbor, Tomas Ruiz, 71, was not so lucky.
Relatives said he ... died on the way to a hospital")."""
_TYPE_FOUND = SENTENCE_FEATURES.index("type_found")


def _leads_in(sentence: SentenceCandidate) -> bool:
    return len(sentence.info.stems) <= LEAD_IN_STEMS and not sentence.features[_TYPE_FOUND]


_SOMEONE_ELSE = re.compile(
    r"\b(?:nobody|no\s+one|no-one|nothing|anyone|anybody|anything|someone|somebody|"
    r"everyone|everybody)\s+else\b", re.I)
"""A sentence saying "nobody else", "no one else" is read with the sentence before it,
which says who ("A firefighter has been taken to hospital with heat exhaustion. Nobody
else has been hurt.")."""


def choose_sentences(
    ranked: list[SentenceCandidate], neighbour_margin: float, other_margin: float
) -> list[SentenceCandidate]:
    """The best sentence, plus a neighbour or a near-equal other one, at most two; with
    neither, the sentence a short best one leads into (:data:`LEAD_IN_STEMS`), or the one
    before a best one saying "nobody else" (:data:`_SOMEONE_ELSE`).

    The margins (log-odds below the best) come from the model file: the training
    script picks them on held-out articles."""
    best = ranked[0]
    chosen = [best]
    near = [o for o in ranked[1:]
            if _adjacent(best, o) and o.logit >= best.logit - neighbour_margin]
    far = [o for o in ranked[1:6]
           if not _adjacent(best, o) and o.logit >= best.logit - other_margin]
    if not near and not far and _SOMEONE_ELSE.search(best.text):
        near = [o for o in ranked[1:] if _adjacent(best, o) and o.index == best.index - 1]
    if not near and not far and _leads_in(best):
        near = [o for o in ranked[1:] if _adjacent(best, o) and o.index == best.index + 1]
    if near or far:  # a neighbour reads on from the best sentence: it comes first
        chosen.append((near or far)[0])
    chosen = chosen[:MAX_SENTENCES]
    if len(chosen) == 2 and _adjacent(*chosen):
        chosen.sort(key=lambda c: c.index)  # one quote, in reading order
    return chosen


def _quotation_start(snapshot: Snapshot, best: SentenceCandidate, alone: bool) -> int | None:
    """Where the sentence before ``best`` starts, when ``best`` goes on with a quotation
    that sentence opened (:mod:`bot.answering.quotations`): a short tail of it, or, when
    ``best`` is quoted ``alone``, any sentence that closes it; else None."""
    if best.index == 0:
        return None
    passage = best.passage.passage
    text = snapshot.articles[passage.article_id].text
    start, end = passage.sentences[best.index - 1]
    sentence = text[best.start : best.end]
    if ends_a_quotation(sentence) or (alone and continues_a_quotation(text[start:end],
                                                                      sentence)):
        return start
    return None


def build_answer(
    question: str, snapshot: Snapshot, chosen: list[SentenceCandidate], query: Query,
    confidence: float, *, best: SentenceCandidate | None = None,
) -> Answer:
    """The answer text with footnote numbers, and one citation per quoted span; the span
    asked for is marked in ``best`` (the sentence put first: one a rule moved ahead of a
    higher-ranked one, :mod:`bot.answering.reasons`), else in the highest-ranked one."""
    if best is None or not any(c is best for c in chosen):
        best = max(chosen, key=lambda c: c.logit)
    opened = _quotation_start(snapshot, best, len(chosen) == 1)
    if opened is not None:  # "... in the name of what? Facebook 'likes'?": the best
        chosen = [best]  # sentence with the one that opens its quotation, and no more
    groups: list[list[SentenceCandidate]] = []
    for cand in chosen:  # adjacent sentences of one passage share one quote
        if groups and _adjacent(groups[-1][-1], cand):
            groups[-1].append(cand)
        else:
            groups.append([cand])
    citations = []
    parts = []
    for n, group in enumerate(groups, start=1):
        passage = group[0].passage.passage
        article: Article = snapshot.articles[passage.article_id]
        start, end = group[0].start, group[-1].end
        if opened is not None and group[0] is best:
            start = opened
        quote = article.text[start:end]
        parts.append(f"{quote} [{n}]")
        span = None
        if best in group:  # the best sentence first, then the one quoted with it ("Owen was
            # taken to a hospital ... He was expected to be released Thursday.")
            for cand in sorted(group, key=lambda c: c is not best):
                span = span_in_quote(answer_entity(query, cand.info, article.text), start, end)
                if span is not None:
                    break
        citations.append(quoting(article, n, start, end, passage.paragraph, span=span,
                                 score=round(max(c.logit for c in group), 4)))
    return Answer(
        question=question, text=" ".join(parts), declined=False, citations=tuple(citations),
        confidence=confidence,
    )
