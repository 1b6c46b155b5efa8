"""Would a fine-tuned encoder help as a sentence-ranker feature only, with every other
feature (and the refusal) still read by the bundled encoder? Measured offline, cross-fitted.

    python bench/train_answerer.py --mixed 2 --mixed-split --mixed-others 200 \\
        --work /tmp/tw --dump /tmp/an/base.npz
    python bench/finetune_encoder.py --train-half A --only bias --lr 1e-3 --save-model /tmp/ft/A
    python bench/finetune_encoder.py --train-half B --only bias --lr 1e-3 --save-model /tmp/ft/B
    python bench/rank_tuned_feature.py --dump /tmp/an/base.npz --work /tmp/tw \\
        --half-models /tmp/ft/A /tmp/ft/B

The dump's ranked candidate sentences (``<dump>.sentences.pkl``: each answerable training
question's candidates with their :data:`~bot.answering.features.SENTENCE_FEATURES` rows and
labels) are read with their texts from the work folder's libraries. Each question and its
candidates are encoded by the half model that never saw that library's questions (the halves
of ``bench.answer_data.halves``, as in ``finetune_encoder.py``), and the sentence ranker is
refitted leave one article out, as ``train_answerer.py`` fits it (logistic, C=1, natural
questions weighted 20), with and without the tuned cosine, its rank among the candidates and
its gap to the best. Printed: how often the top sentence holds the answer, for SQuAD and for
the written natural and wire questions; then the same for the passage ranker
(``<dump>.passages.pkl``), with the tuned cosine of each passage's best sentence, at the best
one and at the best :data:`~bot.tuning.TOP_PASSAGES`. Training data only; nothing held out
is read.
(Mixed libraries' copies of the natural questions are left out: their half is the story's,
not the library's.)
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import half_groups, halves  # noqa: E402
from bench.train_answerer import SHARED, fit_logistic  # noqa: E402
from bot.question import as_asked  # noqa: E402
from bot.tuning import TOP_PASSAGES  # noqa: E402

NATURAL_WEIGHT = 20.0
RANK_CAP = 10


def article_texts(work: Path) -> Callable[[str, int], str]:
    """An article's text by (library, article id), read from ``train_answerer.py``'s work
    folder."""
    texts: dict[tuple[str, int], str] = {}

    def text(library: str, article: int) -> str:
        if (library, article) not in texts:
            with sqlite3.connect(work / "data" / "libraries" / library / "library.sqlite3") as db:
                texts[library, article] = db.execute(
                    "SELECT text FROM articles WHERE id = ?", (article,)).fetchone()[0]
        return texts[library, article]

    return text


def tuned_cosines(items: list, units: list[list[list[str]]],
                  models: dict[str, Path]) -> list[np.ndarray]:
    """Per question, the best cosine of the question to each candidate's sentences
    (``units``: question -> candidates -> sentence texts), both encoded by the half model
    fitted on the other half (:func:`bench.answer_data.halves`)."""
    from sentence_transformers import SentenceTransformer

    split = halves(half_groups(items))
    half = {library: h for h in "AB" for library in split[h]}
    questions: dict[int, np.ndarray] = {}
    sentences: dict[tuple[str, str], np.ndarray] = {}
    for h, reader in (("A", "B"), ("B", "A")):  # a half's questions: the other half's model
        model = SentenceTransformer(str(models[reader]), device="cpu")
        mine = [n for n, item in enumerate(items) if half[item.library] == h]
        vectors = model.encode([as_asked(items[n].text) for n in mine], batch_size=64,
                               normalize_embeddings=True)
        questions.update(zip(mine, vectors, strict=True))
        texts = sorted({t for n in mine for unit in units[n] for t in unit})
        vectors = model.encode(texts, batch_size=64, normalize_embeddings=True)
        sentences.update(zip(((h, t) for t in texts), vectors, strict=True))
    return [np.array([max(float(questions[n] @ sentences[half[items[n].library], t])
                          for t in unit) for unit in cands])
            for n, cands in enumerate(units)]


def held_out_logits(cases: list, extra: list[np.ndarray] | None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Leave one article out, each case's candidate rows ranked by a logistic ranker
    (:func:`bench.train_answerer.fit_logistic`, as the passage and sentence rankers are
    fitted) that did not see its article, with the tuned cosine, its rank among the
    candidates and its gap to the best added when ``extra`` holds them: (logits, labels,
    the case of each row)."""
    blocks, labels, weights, folds, owner = [], [], [], [], []
    for n, (item, x, lab) in enumerate(cases):
        if extra is not None:
            cos = extra[n]
            rank = np.argsort(np.argsort(-cos, kind="stable"))
            x = np.hstack([x, cos[:, None], np.minimum(rank, RANK_CAP)[:, None],
                           (cos.max() - cos)[:, None]])
        blocks.append(x)
        labels.append(np.asarray(lab))
        weights += [1.0 if item.source == "squad" else NATURAL_WEIGHT] * len(lab)
        folds += [item.fold] * len(lab)
        owner += [n] * len(lab)
    x, y = np.vstack(blocks), np.concatenate(labels)
    w, fold_of = np.array(weights), np.array(folds)
    names = tuple(f"f{i}" for i in range(x.shape[1]))
    logits = np.zeros(len(y))
    for fold in sorted(set(folds)):
        fit = fold_of != fold
        logits[~fit] = fit_logistic(x[fit], y[fit], names, 1.0, w[fit]).logits(x[~fit])
    return logits, y, np.array(owner)


def top_hits(cases: list, ranked: tuple[np.ndarray, np.ndarray, np.ndarray],
             k: int = 1) -> dict[str, float]:
    """The share of cases whose ``k`` best candidates (:func:`held_out_logits`) hold a
    right one, by source."""
    logits, y, owner_of = ranked
    hits: dict[str, list[bool]] = {}
    for n, (item, _, _) in enumerate(cases):
        rows = np.flatnonzero(owner_of == n)
        best = rows[np.argsort(-logits[rows], kind="stable")[:k]]
        hits.setdefault(_source(item), []).append(bool(y[best].max() > 0))
    return {source: float(np.mean(h)) for source, h in sorted(hits.items())}


def _source(item) -> str:
    return "squad" if item.source == "squad" else "natural and wire"


def main() -> None:
    """Print both rankers' figures with and without the tuned-cosine features."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, required=True,
                        help="train_answerer.py --dump (its .sentences.pkl and .passages.pkl)")
    parser.add_argument("--work", type=Path, required=True, help="train_answerer.py --work")
    parser.add_argument("--half-models", type=Path, nargs=2, required=True,
                        metavar=("FITTED_ON_A", "FITTED_ON_B"))
    args = parser.parse_args()
    models = dict(zip("AB", args.half_models, strict=True))
    text = article_texts(args.work)

    with open(args.dump.with_suffix(".sentences.pkl"), "rb") as f:
        cases = [c for c in pickle.load(f) if c[1] and not c[0].source.endswith(SHARED)]
    items = [item for item, _, _ in cases]
    units = [[[text(item.library, s[2])[s[3]:s[4]]] for s in cands] for item, cands, _ in cases]
    cosines = tuned_cosines(items, units, models)
    rows = [(item, np.array([s[0] for s in cands]), lab) for item, cands, lab in cases]
    base = top_hits(rows, held_out_logits(rows, None))
    tuned = top_hits(rows, held_out_logits(rows, cosines))
    alone: dict[str, list[bool]] = {}
    for (item, _, lab), cos in zip(cases, cosines, strict=True):
        alone.setdefault(_source(item), []).append(bool(lab[int(np.argmax(cos))] > 0))
    print(f"sentence ranker, {len(cases)} questions; top sentence holds the answer")
    print(f"  {'source':18s} {'ranker':>8s} {'+ tuned':>8s} {'tuned cosine alone':>19s}")
    for source in base:
        print(f"  {source:18s} {base[source]:8.3f} {tuned[source]:8.3f} "
              f"{np.mean(alone[source]):19.3f}")

    passages = args.dump.with_suffix(".passages.pkl")
    if not passages.exists():
        return
    with open(passages, "rb") as f:
        cases = [c for c in pickle.load(f) if c[1] and not c[0].source.endswith(SHARED)]
    items = [item for item, _, _ in cases]
    units = [[[p[4][a - p[3]: b - p[3]] for a, b in p[5]] or [p[4]] for p in cands]
             for _, cands, _ in cases]
    cosines = tuned_cosines(items, units, models)
    rows = [(item, np.array([p[0] for p in cands]), lab) for item, cands, lab in cases]
    print(f"passage ranker, {len(cases)} questions; the best k passages hold the answer "
          f"(k = {TOP_PASSAGES}: the passages whose sentences are ranked)")
    print(f"  {'source':18s} {'k':>3s} {'ranker':>8s} {'+ tuned best sentence':>22s}")
    base_ranked, tuned_ranked = held_out_logits(rows, None), held_out_logits(rows, cosines)
    for k in (1, TOP_PASSAGES):
        base, tuned = top_hits(rows, base_ranked, k), top_hits(rows, tuned_ranked, k)
        for source in base:
            print(f"  {source:18s} {k:3d} {base[source]:8.3f} {tuned[source]:22.3f}")


if __name__ == "__main__":
    main()
