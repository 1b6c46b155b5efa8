"""The evidence the learned models weigh: one row of numbers per passage, per sentence
and per question.

Three stages, each with its own feature list (the names are stored in the model
file by ``bench/train_answerer.py`` and a test checks they agree with these):

1. **Passages**: the candidates retrieval found (dense + BM25, fused), described
   by their dense and lexical match, how much of the question they and their
   article (and its title) hold.
2. **Sentences** of the best passages: similarity of the sentence (alone and with
   its neighbours), sentence-level BM25, the question's words found in it (names
   resolved: "he" after "Mr Bailey" counts as Bailey), whether it holds the kind
   of thing asked for (a date for "when", a person for "who") that the question
   does not already name, and of its narrow kind (a sum of money for "how much did
   it cost"), negation, rank margins.
3. **The question**: how good the best sentence is and how much of the question
   the library holds at all, for the answer / hedge / refuse decision: names the
   question gives ("Chopin", "Warsaw") that the article, or the sentence and its
   neighbours across paragraphs, lack; how much of the question the title holds;
   signs of a near miss (:mod:`bot.answering.contrasts`): a number or date of the
   question that the sentence lacks, a "not" in the sentence that the question lacks;
   how close the question comes to news about other things, and how far the library's
   best passage stands above that (:mod:`bot.answering.background`).

Per-sentence facts (stems, entities, who a sentence is about) come from the
ingest-time analysis (:mod:`bot.answering.sentences`): nothing here parses text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from bot.answering.contrasts import values_missing
from bot.answering.passage_words import passage_words
from bot.answering.query import Query, has_negation
from bot.answering.ranking import passage_sentence_vectors
from bot.answering.sentences import SentenceFacts, SentenceInfo
from bot.answering.word_frequency import rarest_missing, rarest_shared
from bot.lexical import stem_pairs, tokenize
from bot.library import Snapshot
from bot.models import Passage
from bot.tuning import SENTENCE_BM25_B, SENTENCE_BM25_K1, SENTENCE_STEMS_AVG

PASSAGE_FEATURES = (
    "p_dense", "p_sentence", "p_dense_rank", "p_bm25", "p_bm25_rank", "p_coverage",
    "p_title_coverage", "p_article_coverage", "p_sentence_gap", "p_bigrams", "p_type_found",
    "p_tuned", "p_tuned_rank", "p_tuned_gap",
)
SENTENCE_FEATURES = (
    "s_dense", "s_context", "s_dense_gap", "s_dense_rank", "s_bm25", "s_bm25_rel",
    "s_coverage", "s_context_coverage", "s_about_coverage", "s_missing_rarity",
    "type_asked", "type_found", "type_count", "s_negation_mismatch", "s_words", "s_first",
    "p_logit", "p_rank", "p_dense", "q_words", "s_bigrams", "s_numbers", "s_new_words",
    "s_matched", "s_coverage_gap", "s_context_gap", "s_speaker_named", "short_type_found",
    "short_dense_gap", "kind_found", "s_tuned", "s_tuned_rank", "s_tuned_gap",
)
DECISION_FEATURES = (
    "top_logit", "logit_margin", "top_p_logit", "p_dense_max", "s_dense_top",
    "s_coverage_top", "s_context_coverage_top", "s_about_coverage_top", "p_coverage_top",
    "article_coverage", "library_unknown", "missing_rarity_sentence", "missing_rarity_article",
    "type_asked", "type_found_top", "negation_mismatch_top", "q_words", "p_bm25_top",
    "known_rarity", "unknown_words", "names_missing", "title_coverage_top",
    "missing_rarity_near", "names_missing_near", "kind_found_top", "values_missing_near",
    "negation_added_top", "background_mean", "background_p90", "dense_over_background",
    "shared_word_frequency", "missing_word_frequency", "s_tuned_top", "s_tuned_gap_top",
    "p_tuned_max",
)
"""What decides between answering, hedging and refusing. The columns about the quoted
sentence and its article that weigh words by rarity (``s_*coverage_top``,
``article_coverage``, ``missing_rarity_*``, ``known_rarity``) count it among that article's
passages (:meth:`Query.within`), so other articles joining a library do not move them: in
libraries of three SQuAD training articles, rarity counted library-wide had let unanswerable
questions through (hedged or refused 0.632 asked of their article alone, 0.445 among three,
0.658 with it counted within the article; the models' own training questions, so only the
gap between the settings means anything). The library-wide columns (``library_unknown``,
``unknown_words``) are the library's evidence, for the refusal."""

(P_DENSE, P_SENTENCE, P_DENSE_RANK, P_BM25, P_BM25_RANK, P_COVERAGE, P_TITLE_COVERAGE,
 P_ARTICLE_COVERAGE, P_SENTENCE_GAP, P_BIGRAMS, P_TYPE_FOUND, P_TUNED, P_TUNED_RANK,
 P_TUNED_GAP) = (
    PASSAGE_FEATURES.index(f"p_{name}") for name in (
        "dense", "sentence", "dense_rank", "bm25", "bm25_rank", "coverage", "title_coverage",
        "article_coverage", "sentence_gap", "bigrams", "type_found", "tuned", "tuned_rank",
        "tuned_gap"))
"""Where each of :data:`PASSAGE_FEATURES` stands in a passage's row."""

NEAR_MISS_FEATURES = ("values_missing_near", "negation_added_top")
"""Evidence about the quoted sentence only (does it say what was asked, or something
close to it?), not about whether the library is about the question."""
RANKING_DECISION_FEATURES = ("s_tuned_top", "s_tuned_gap_top", "p_tuned_max")
"""The ranking encoder's reading of the quoted sentence (its cosine to the question, its
gap to the best the ranking encoder found) and of the closest passage: evidence for the
answer (hedge) model only, so the refusal reads the bundled encoder alone, as it did
before the ranking encoder (:mod:`bot.answering.ranking`)."""
ANSWER_ONLY_FEATURES = (*NEAR_MISS_FEATURES, *RANKING_DECISION_FEATURES)
"""What the answer model weighs and the on-topic model does not."""
BACKGROUND_FEATURES = ("background_mean", "background_p90", "dense_over_background")
"""How close the question comes to news about other things (:mod:`bot.answering.background`):
evidence of whether the library is about the question, not of whether a sentence answers
it, so the answer (hedge) model does not weigh it."""
TOPIC_ONLY_FEATURES = (*BACKGROUND_FEATURES, "shared_word_frequency", "missing_word_frequency")
"""Evidence of whether the library is about the question only: besides the background,
how common in English the least common question word the article holds is, and the least
common one it lacks (:mod:`bot.answering.word_frequency`)."""
ANSWER_FEATURES = tuple(f for f in DECISION_FEATURES if f not in TOPIC_ONLY_FEATURES)
"""What the answer (hedge) model weighs."""
ON_TOPIC_FEATURES = tuple(f for f in DECISION_FEATURES if f not in ANSWER_ONLY_FEATURES)
"""What the on-topic model weighs: the question's evidence but for the near misses and the
ranking encoder's cosines.
Boosted trees over it refuse more of other articles' questions, at the same share of
natural questions refused, than a logistic model over a few coverage signals did
(leave-one-article-out on train)."""


@dataclass
class PassageCandidate:
    """A passage retrieval found, with the evidence the passage ranker weighs."""

    row: int
    passage: Passage
    features: np.ndarray
    logit: float = 0.0


@dataclass
class SentenceCandidate:
    """A sentence of a top passage, with the evidence the sentence ranker weighs."""

    passage: PassageCandidate
    index: int
    """Its position in the passage (0 = first)."""
    info: SentenceInfo
    facts: SentenceFacts
    features: np.ndarray
    near_parts: tuple[frozenset[str], ...] = ()
    """What :attr:`near` is the union of (joined only for the sentence that is quoted)."""
    logit: float = 0.0

    @property
    def near(self) -> frozenset[str]:
        """Its words, its neighbours' (across paragraphs) and the names it is about."""
        return frozenset().union(*self.near_parts)

    @property
    def start(self) -> int:
        """Where it starts in the article text."""
        return self.info.start

    @property
    def end(self) -> int:
        """Where it ends in the article text."""
        return self.info.end

    @property
    def text(self) -> str:
        """The sentence's own text."""
        passage = self.passage.passage
        return passage.text[self.start - passage.start:self.end - passage.start]


def ranks(values: np.ndarray) -> np.ndarray:
    """Rank of each value, 0 for the largest (stable for ties)."""
    order = np.argsort(-values, kind="stable")
    out = np.empty(len(values), dtype=np.float64)
    out[order] = np.arange(len(values))
    return out


def passage_features(
    snapshot: Snapshot, query: Query, rows: np.ndarray, dense: np.ndarray,
    best_sentence: np.ndarray, lexical: np.ndarray, lexical_max: float,
    evidence: LexicalEvidence | None = None,
) -> list[PassageCandidate]:
    """One :data:`PASSAGE_FEATURES` row per candidate passage (``evidence``: the
    question's word-level evidence, some of it perhaps worked out already)."""
    evidence = evidence or LexicalEvidence(snapshot, query)
    positions = rows.tolist()
    if not positions:
        return []
    found = [evidence.passage(row) for row in positions]
    top_sentence = float(best_sentence.max())
    # one matrix, a column at a time (math.log1p as the rows were always made with)
    matrix = np.empty((len(positions), len(PASSAGE_FEATURES)))
    matrix[:, P_DENSE] = dense
    matrix[:, P_SENTENCE] = best_sentence
    matrix[:, P_DENSE_RANK] = [math.log1p(r) for r in ranks(
        0.5 * dense + 0.5 * np.maximum(best_sentence, dense)).tolist()]
    matrix[:, P_BM25] = lexical / lexical_max if lexical_max > 0 else 0.0
    matrix[:, P_BM25_RANK] = [math.log1p(r) for r in ranks(lexical).tolist()]
    matrix[:, P_SENTENCE_GAP] = best_sentence - top_sentence
    tuned = np.array([float(c.max()) if len(c) else 0.0
                      for c in (ranking_cosines(snapshot, query, row) for row in positions)])
    matrix[:, P_TUNED] = tuned
    matrix[:, P_TUNED_RANK] = np.minimum(ranks(tuned), TUNED_RANK_CAP)
    matrix[:, P_TUNED_GAP] = tuned - tuned.max()
    words = np.array([evidence_row for _, evidence_row in found], dtype=np.float64)
    for i, column in enumerate((P_COVERAGE, P_TITLE_COVERAGE, P_ARTICLE_COVERAGE, P_BIGRAMS,
                                P_TYPE_FOUND)):  # the order LexicalEvidence.passage gives
        matrix[:, column] = words[:, i]
    return [PassageCandidate(row, passage, matrix[i])
            for i, (row, (passage, _)) in enumerate(zip(positions, found, strict=True))]


TUNED_RANK_CAP = 10
"""A candidate's rank by its ranking cosine counts up to this (as measured:
docs/benchmarks.md, "Stop 36")."""


def ranking_cosines(snapshot: Snapshot, query: Query, row: int, n: int | None = None
                    ) -> np.ndarray:
    """The cosine of the question to each sentence (the first ``n``) of the passage at
    ``row``, both read by the ranking encoder (:mod:`bot.answering.ranking`); by the
    library's own vectors when the question has no ranking vector."""
    if query.ranking is None:
        matrix = snapshot.sentence_matrix(row)
        return matrix[:n] @ query.vector
    vectors = passage_sentence_vectors(snapshot, row, query.ranking.analyser)
    if vectors is None:
        return np.zeros(len(snapshot.passages[row].sentences) if n is None else n)
    return vectors[:n].astype(np.float32) @ query.ranking.vector


def _bm25(query: Query, stems: tuple[str, ...]) -> float:
    if not stems:
        return 0.0
    norm = SENTENCE_BM25_K1 * (
        1 - SENTENCE_BM25_B + SENTENCE_BM25_B * len(stems) / SENTENCE_STEMS_AVG)
    score = 0.0
    for token in query.tokens:
        tf = stems.count(token)
        if tf:
            score += query.idf[token] * tf * (SENTENCE_BM25_K1 + 1) / (tf + norm)
    return score


def _asked_thing(query: Query, entities: tuple[tuple[int, int, str], ...],
                 entity_stems: tuple[tuple[str, ...], ...], primary: bool = False) -> int:
    """How many of a sentence's ``entities`` ((start, end, label), as
    :attr:`PassageWords.entities` keeps them) are of the asked-for kind (``primary``: of
    its narrow kind) and not already named by the question (``entity_stems``: each
    entity's stems, as :attr:`PassageWords.entity_stems` keeps them)."""
    expected = query.info.primary if primary else query.info.expected
    if not expected:
        return 0
    asked = query.token_set
    return sum(1 for (_, _, label), stems in zip(entities, entity_stems, strict=True)
               if label in expected and not (stems and asked.issuperset(stems)))


def _bigrams(stems: tuple[str, ...]) -> set[str]:
    return set(stem_pairs(stems))


_SENTENCE_COLUMN = {name: i for i, name in enumerate(SENTENCE_FEATURES)}
"""Where each of :data:`SENTENCE_FEATURES` stands in a sentence's row."""
_S_DENSE, _S_CONTEXT, _S_P_LOGIT, _S_P_RANK, _S_P_DENSE = (
    _SENTENCE_COLUMN[name]
    for name in ("s_dense", "s_context", "p_logit", "p_rank", "p_dense"))
"""Where the sentence features that need the question's vector or the passage ranking
go (:class:`LexicalEvidence` works out the rest)."""
_S_TUNED, _S_TUNED_RANK, _S_TUNED_GAP = (
    _SENTENCE_COLUMN[name] for name in ("s_tuned", "s_tuned_rank", "s_tuned_gap"))
"""Where the ranking encoder's columns go (:func:`ranking_cosines`)."""
(_S_DENSE_GAP, _S_DENSE_RANK, _S_BM25, _S_BM25_REL, _S_COVERAGE, _S_COVERAGE_GAP,
 _S_CONTEXT_GAP, _S_TYPE_FOUND, _S_SHORT_TYPE_FOUND, _S_SHORT_DENSE_GAP) = (
    _SENTENCE_COLUMN[name]
    for name in ("s_dense_gap", "s_dense_rank", "s_bm25", "s_bm25_rel", "s_coverage",
                 "s_coverage_gap", "s_context_gap", "type_found", "short_type_found",
                 "short_dense_gap"))
"""Where the sentence features that compare a sentence with the question's other
candidates go (set once every candidate's row is known)."""


def sentence_features(
    snapshot: Snapshot, query: Query, passages: list[PassageCandidate],
    evidence: LexicalEvidence | None = None,
) -> list[SentenceCandidate]:
    """One :data:`SENTENCE_FEATURES` row per sentence of ``passages`` (ranked best first)."""
    evidence = evidence or LexicalEvidence(snapshot, query)
    vec = query.vector
    blocks: list[np.ndarray] = []
    kept: list[tuple[PassageCandidate, PassageSentences]] = []
    for p_rank, cand in enumerate(passages):
        found = evidence.sentences(cand.row)
        if found is None:
            continue
        matrix = found.vectors
        n = len(matrix)
        context = matrix.copy()
        context[1:] += 0.5 * matrix[: n - 1]
        context[:-1] += 0.5 * matrix[1:n]
        block = found.words.copy()  # the word-level columns, worked out before the vector
        block[:, _S_DENSE] = matrix @ vec
        block[:, _S_CONTEXT] = (context @ vec) / np.maximum(np.linalg.norm(context, axis=1),
                                                            1e-9)
        block[:, _S_P_LOGIT], block[:, _S_P_RANK] = cand.logit, math.log1p(p_rank)
        block[:, _S_P_DENSE] = float(cand.features[P_DENSE])
        block[:, _S_TUNED] = ranking_cosines(snapshot, query, cand.row, n)
        blocks.append(block)
        kept.append((cand, found))
    if not blocks:
        return []
    matrix = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    dense = matrix[:, _S_DENSE]
    matrix[:, _S_DENSE_GAP] = dense - dense.max()
    matrix[:, _S_DENSE_RANK] = np.log1p(ranks(dense))
    tuned = matrix[:, _S_TUNED]
    matrix[:, _S_TUNED_RANK] = np.minimum(ranks(tuned), TUNED_RANK_CAP)
    matrix[:, _S_TUNED_GAP] = tuned - tuned.max()
    top_bm25 = matrix[:, _S_BM25].max()
    matrix[:, _S_BM25_REL] = matrix[:, _S_BM25] / top_bm25 if top_bm25 > 0 else 0.0
    matrix[:, _S_COVERAGE_GAP] = matrix[:, _S_COVERAGE] - matrix[:, _S_COVERAGE].max()
    matrix[:, _S_CONTEXT_GAP] = matrix[:, _S_CONTEXT] - matrix[:, _S_CONTEXT].max()
    # a short question leans on the kind of thing asked for and on meaning more than words
    short = 1.0 / (1.0 + len(query.tokens))
    matrix[:, _S_SHORT_TYPE_FOUND] = matrix[:, _S_TYPE_FOUND] * short
    matrix[:, _S_SHORT_DENSE_GAP] = matrix[:, _S_DENSE_GAP] * short
    out: list[SentenceCandidate] = []
    for cand, found in kept:
        for i, info in enumerate(found.infos):
            out.append(SentenceCandidate(cand, i, info, found.facts, matrix[len(out)],
                                         found.near[i]))
    return out


class PassageSentences(NamedTuple):
    """What :class:`LexicalEvidence` knows about the sentences of one passage before the
    question's vector is there."""

    vectors: np.ndarray
    """Their float32 unit vectors, one row per sentence."""
    facts: SentenceFacts
    """Their article's facts (who is who)."""
    infos: list[SentenceInfo]
    words: np.ndarray
    """Their :data:`SENTENCE_FEATURES` rows (float64), zeros where
    :func:`sentence_features` puts what needs the vector or the passage ranking."""
    near: list[tuple[frozenset[str], ...]]
    """Each sentence's parts of :attr:`SentenceCandidate.near`."""


class LexicalEvidence:
    """A question's word-level evidence about passages and their sentences: everything
    of :data:`PASSAGE_FEATURES` and :data:`SENTENCE_FEATURES` that needs neither the
    question's vector nor the ranking, worked out once per passage and kept for the
    question. While the vector is being computed, :meth:`prefetch` works it out for
    the passages BM25 likes best (the features are the same either way)."""

    def __init__(self, snapshot: Snapshot, query: Query) -> None:
        self._snapshot = snapshot
        self._query = query
        self._bigrams = _bigrams(query.tokens)
        self._numbers = [t for t in query.tokens if any(ch.isdigit() for ch in t)]
        self._title: dict[int, float] = {}
        self._article: dict[int, float] = {}
        self._passages: dict[int, tuple[Passage, tuple[float, ...]]] = {}
        self._sentences: dict[int, PassageSentences | None] = {}

    def prefetch(self, passage_rows: np.ndarray, sentence_rows: np.ndarray,
                 stop: Callable[[], bool]) -> None:
        """Work out the evidence of ``passage_rows`` and of ``sentence_rows``' sentences,
        best first, until ``stop()`` (the vector is ready: never delay it)."""
        for row in passage_rows.tolist():
            if stop():
                return
            self.passage(row)
        for row in sentence_rows.tolist():
            if stop():
                return
            self.sentences(row)

    def passage(self, row: int) -> tuple[Passage, tuple[float, ...]]:
        """The passage at ``row`` and its coverage, title coverage, article coverage,
        bigram share and whether it holds the kind of thing asked for."""
        kept = self._passages.get(row)
        if kept is not None:
            return kept
        snapshot, query = self._snapshot, self._query
        passage = snapshot.passages[row]
        aid = passage.article_id
        if aid not in self._title:
            self._title[aid] = query.coverage(set(tokenize(snapshot.articles[aid].title)))
            self._article[aid] = query.coverage(snapshot.article_words(aid))
        words = passage_words(snapshot, passage)
        found = any(_asked_thing(query, entities, stems) for entities, stems in zip(
            words.entities, words.entity_stems, strict=True)) if query.info.expected else False
        q_bigrams = self._bigrams
        kept = passage, (
            query.coverage(words.stems), self._title[aid], self._article[aid],
            len(q_bigrams & words.bigrams) / len(q_bigrams) if q_bigrams else 0.0,
            float(found),
        )
        self._passages[row] = kept
        return kept

    def sentences(self, row: int) -> PassageSentences | None:
        """The sentences of the passage at ``row`` as far as they are known without the
        vector; None for a passage without sentences."""
        if row in self._sentences:
            return self._sentences[row]
        snapshot, query = self._snapshot, self._query
        passage = snapshot.passages[row]
        matrix = snapshot.sentence_matrix(row)
        n = min(len(matrix), len(passage.sentences))
        if n == 0:
            self._sentences[row] = None
            return None
        words = passage_words(snapshot, passage)  # (it holds the article's text and facts)
        text, facts = words.text, words.facts
        asked = query.token_set
        q_bigrams, q_numbers = self._bigrams, self._numbers
        infos = words.infos[:n]
        before = _across(snapshot, row, passage, -1)
        after = _across(snapshot, row, passage, 1)
        rows: list[tuple[float, ...]] = []
        near: list[tuple[frozenset[str], ...]] = []
        for i, info in enumerate(infos):
            around, about = words.around[i], words.about[i]
            if n < len(words.infos) and i == n - 1:  # the passage's sentences were cut
                around = frozenset().union(*(x.stem_set for x in infos[max(0, i - 1):]))
            edge = (before if i == 0 else frozenset()) | (after if i == n - 1 else frozenset())
            found = _asked_thing(query, words.entities[i], words.entity_stems[i])
            sentence_text = text[info.start : info.end]
            rows.append((
                0.0, 0.0, 0.0, 0.0, _bm25(query, info.stems), 0.0,
                query.coverage(info.stem_set), query.coverage(around), query.coverage(about),
                query.missing_rarity(around, about), float(bool(query.info.expected)),
                float(found > 0), math.log1p(found),
                float(query.negated and not has_negation(sentence_text)),
                math.log1p(len(info.stems)), float(i == 0), 0.0, 0.0, 0.0,
                math.log1p(len(query.tokens)),
                len(q_bigrams & words.sentence_bigrams[i]) / len(q_bigrams) if q_bigrams
                else 0.0,
                sum(t in info.stem_set for t in q_numbers) / len(q_numbers) if q_numbers
                else 0.0,
                math.log1p(len(info.stem_set - asked)),
                len(asked & info.stem_set) / len(asked) if asked else 0.0, 0.0, 0.0,
                float(not words.speaker_words[i].isdisjoint(asked)),
                0.0, 0.0,
                math.log1p(_asked_thing(query, words.entities[i], words.entity_stems[i],
                                        primary=True)
                           if found else 0),
                0.0, 0.0, 0.0,
            ))
            near.append((around, about, edge))
        kept = PassageSentences(matrix[:n], facts, list(infos), np.array(rows, np.float64),
                                near)
        self._sentences[row] = kept
        return kept


def _across(snapshot: Snapshot, row: int, here: Passage, step: int) -> frozenset[str]:
    """The words of the sentence just before (``step`` -1) or after (+1) the passage at
    ``row``, in the paragraph next to it (a one-sentence paragraph, "It will open in
    2027.", reads on from its neighbour); none at the article's edge."""
    row += step
    if not 0 <= row < len(snapshot.passages):
        return frozenset()
    other = snapshot.passages[row]
    if other.article_id != here.article_id or abs(other.paragraph - here.paragraph) > 1 \
            or not other.sentences:
        return frozenset()
    return frozenset(passage_words(snapshot, other).sentence_stems[-1 if step < 0 else 0])


def decision_features(
    snapshot: Snapshot, query: Query, passages: list[PassageCandidate],
    sentences: list[SentenceCandidate], background: tuple[float, float],
) -> np.ndarray:
    """The :data:`DECISION_FEATURES` of a question, given its ranked candidates and its
    closeness to the background of news about other things (mean cosine and its 90th
    percentile: :meth:`bot.answering.background.Background.closeness`)."""
    best = sentences[0]
    second = sentences[1].logit if len(sentences) > 1 else best.logit - 5.0
    top_passage = passages[0]
    article_words = snapshot.article_words(best.passage.passage.article_id)
    alone = query.within(article_words)  # rarity among the article's passages only
    f = best.features
    near = best.near
    text = snapshot.article_text(best.passage.passage.article_id)
    dense_max = max(float(p.features[P_DENSE]) for p in passages)
    return np.array([
        best.logit, best.logit - second, top_passage.logit,
        dense_max, f[_SENTENCE_COLUMN["s_dense"]],
        alone.coverage(best.info.stem_set), alone.coverage(best.near_parts[0]),
        alone.coverage(best.near_parts[1]), float(top_passage.features[P_COVERAGE]),
        alone.coverage(article_words), query.unknown, alone.missing_rarity(*best.near_parts[:2]),
        alone.missing_rarity(article_words), f[_SENTENCE_COLUMN["type_asked"]],
        f[_SENTENCE_COLUMN["type_found"]], f[_SENTENCE_COLUMN["s_negation_mismatch"]],
        math.log1p(len(query.tokens)), float(top_passage.features[P_BM25]),
        alone.found_rarity(article_words), math.log1p(query.unknown_count),
        math.log1p(query.names_missing(article_words)),
        float(top_passage.features[P_TITLE_COVERAGE]),
        alone.missing_rarity(near), math.log1p(query.names_missing(near)),
        f[_SENTENCE_COLUMN["kind_found"]], math.log1p(values_missing(query.tokens, near)),
        float(not query.negated and has_negation(text[best.start:best.end])),
        background[0], background[1], dense_max - background[1],
        rarest_shared(query.tokens, article_words), rarest_missing(query.tokens, article_words),
        f[_S_TUNED], f[_S_TUNED_GAP], max(float(p.features[P_TUNED]) for p in passages),
    ])
