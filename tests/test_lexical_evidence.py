"""The word-level evidence worked out while the question's vector is computed: the
same features whether worked out ahead or on demand, and never past the vector."""

from __future__ import annotations

import numpy as np

from bot.answering.features import LexicalEvidence, sentence_features
from bot.answering.query import make_query
from bot.retrieve import candidates, rank
from bot.service import Footnote
from bot.vectors import top_rows

ARTICLE = """Harbour plan approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.
Councillor Jane Reed said the vote was close.

The wall will cost 4 million pounds and protect two hundred homes from storms, officials said.

Fishermen welcomed the decision but asked for a new slipway as well. They said the old one
was unsafe.

Work will start in March and should finish by the end of next year, the council said.
"""

QUESTIONS = ["How much will the wall cost?", "who said the vote was close",
             "When will work start?", "what did fishermen ask for", "Is the slipway safe?"]


def features_of(app: Footnote, question: str, ahead: bool) -> tuple[np.ndarray, np.ndarray]:
    snapshot = app.library("harbour").snapshot()
    vector = app.encoder.encode([question])[0]
    query = make_query(question, vector, snapshot.lexical)
    evidence = LexicalEvidence(snapshot, query)
    if ahead:
        scores = snapshot.lexical.scores_for(query.tokens)
        evidence.prefetch(top_rows(scores, 20), top_rows(scores, 8), stop=lambda: False)
    passages = rank(candidates(snapshot, query, vector, evidence=evidence),
                    app.answerer.models.passage_ranker)
    sentences = sentence_features(snapshot, query, passages[:4], evidence)
    return (np.array([p.features for p in passages]),
            np.array([s.features for s in sentences]))


def test_features_are_the_same_worked_out_ahead_or_on_demand(app: Footnote) -> None:
    app.add_text("harbour", ARTICLE, actor="test")
    for question in QUESTIONS:
        ahead, on_demand = features_of(app, question, True), features_of(app, question, False)
        assert len(ahead[1]) > 0
        for a, b in zip(ahead, on_demand, strict=True):
            np.testing.assert_array_equal(a, b)


def test_prefetch_stops_as_soon_as_it_is_told(app: Footnote) -> None:
    app.add_text("harbour", ARTICLE, actor="test")
    snapshot = app.library("harbour").snapshot()
    query = make_query("How much will the wall cost?", np.zeros(0, np.float32),
                       snapshot.lexical)
    rows = np.arange(len(snapshot.passages))
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    evidence = LexicalEvidence(snapshot, query)
    evidence.prefetch(rows, rows, stop=stop)
    assert len(evidence._passages) == 2 and not evidence._sentences
