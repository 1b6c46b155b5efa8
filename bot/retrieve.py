"""Passage retrieval: candidates from dense (FAISS) and lexical (BM25) search, ranked
by a learned model.

Candidate generation asks the snapshot for the nearest passages
(:meth:`Snapshot.dense_search`) and takes BM25's best too; the two lists are
fused by reciprocal rank (measured here: better than either alone) to keep the
:data:`RANKED` most promising, and those are ranked by the passage ranker
(:mod:`bot.answering.models`) over the evidence of
:func:`bot.answering.features.passage_features`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.answering.features import (
    P_BM25,
    P_DENSE,
    LexicalEvidence,
    PassageCandidate,
    passage_features,
    ranks,
)
from bot.answering.models import Model
from bot.answering.query import Query
from bot.library import Snapshot
from bot.models import Passage
from bot.tuning import CANDIDATES, RANKED, RRF_K
from bot.vectors import top_rows


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, with the evidence behind its rank."""

    passage: Passage
    score: float
    """The passage ranker's log-odds that it holds the answer."""
    dense: float
    """Cosine of the question to the passage."""
    lexical: float
    """BM25 score of the passage."""


def candidates(
    snapshot: Snapshot, query: Query, find_vector: np.ndarray, *, article_id: int | None = None,
    find_tokens: tuple[str, ...] | None = None, lexical_all: np.ndarray | None = None,
    lexical_rows: np.ndarray | None = None, evidence: LexicalEvidence | None = None,
) -> list[PassageCandidate]:
    """The fused top :data:`RANKED` passages, with their features (not yet ranked).

    ``find_vector`` / ``find_tokens`` are what is searched with (a follow-up searches
    with the earlier question's words too); the features judge ``query`` itself.
    ``lexical_all``: the BM25 scores of ``find_tokens`` over the library, when they are
    already known, and ``lexical_rows`` its best :data:`CANDIDATES` rows, best first;
    ``evidence``: ``query``'s word-level evidence, perhaps partly worked out while the
    vector was computed.
    """
    if not snapshot.passages:
        return []
    if lexical_all is None:
        lexical_all = snapshot.lexical.scores_for(find_tokens or query.tokens)
    if article_id is not None:
        rows = snapshot.article_rows(article_id)
    else:
        _, dense_rows = snapshot.dense_search(find_vector, CANDIDATES)
        if lexical_rows is None:
            lexical_rows = top_rows(lexical_all, CANDIDATES)
        rows = np.unique(np.concatenate([dense_rows, lexical_rows]))
    if len(rows) == 0:
        return []
    whole = snapshot.passage_vectors(rows) @ find_vector
    best = snapshot.best_sentence_cosines(rows, find_vector)
    lexical = lexical_all[rows].astype(np.float64)
    fused = 1.0 / (RRF_K + 1 + ranks(0.5 * whole + 0.5 * np.maximum(best, whole))) + 1.0 / (
        RRF_K + 1 + ranks(lexical)
    )
    keep = np.lexsort((-whole, -fused))[:RANKED]
    rows = rows[keep]
    if find_vector is not query.vector:  # judged on the question asked now
        whole = snapshot.passage_vectors(rows) @ query.vector
        best = snapshot.best_sentence_cosines(rows, query.vector)
    else:
        whole, best = whole[keep], best[keep]
    lexical_max = float(lexical_all.max()) if len(lexical_all) else 0.0
    return passage_features(snapshot, query, rows, whole, best, lexical[keep], lexical_max,
                            evidence)


def rank(found: list[PassageCandidate], model: Model) -> list[PassageCandidate]:
    """``found`` ranked best first by the passage ranker (its log-odds kept on each)."""
    if not found:
        return []
    logits = model.logits(np.array([c.features for c in found]))
    for cand, logit in zip(found, logits, strict=True):
        cand.logit = float(logit)
    return sorted(found, key=lambda c: -c.logit)


def to_hits(ranked: list[PassageCandidate]) -> list[Hit]:
    """The ranked passages as :class:`Hit` values."""
    return [
        Hit(passage=c.passage, score=c.logit, dense=float(c.features[P_DENSE]),
            lexical=float(c.features[P_BM25]))
        for c in ranked
    ]
