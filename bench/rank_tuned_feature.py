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
the written natural and wire questions. Training data only; nothing held out is read.
(Mixed libraries' copies of the natural questions are left out: their half is the story's,
not the library's.)
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import half_groups, halves  # noqa: E402
from bench.train_answerer import SHARED  # noqa: E402
from bot.question import as_asked  # noqa: E402

NATURAL_WEIGHT = 20.0
RANK_CAP = 10


def tuned_cosines(cases: list, work: Path, models: dict[str, Path]) -> list[np.ndarray]:
    """Per case, the cosine of its question to each candidate sentence, both encoded by the
    half model fitted on the other half."""
    from sentence_transformers import SentenceTransformer

    split = halves(half_groups([item for item, _, _ in cases]))
    half = {library: h for h in "AB" for library in split[h]}
    texts: dict[tuple[str, int], str] = {}

    def sentence(library: str, article: int, start: int, end: int) -> str:
        if (library, article) not in texts:
            with sqlite3.connect(work / "data" / "libraries" / library / "library.sqlite3") as db:
                texts[library, article] = db.execute(
                    "SELECT text FROM articles WHERE id = ?", (article,)).fetchone()[0]
        return texts[library, article][start:end]

    questions: dict[int, np.ndarray] = {}
    sentences: dict[tuple, np.ndarray] = {}
    for h, reader in (("A", "B"), ("B", "A")):  # a half's questions: the other half's model
        model = SentenceTransformer(str(models[reader]), device="cpu")
        mine = [k for k, (item, _, _) in enumerate(cases) if half[item.library] == h]
        vectors = model.encode([as_asked(cases[k][0].text) for k in mine], batch_size=64,
                               normalize_embeddings=True)
        questions.update(zip(mine, vectors, strict=True))
        keys = sorted({(cases[k][0].library, *s[2:]) for k in mine for s in cases[k][1]})
        vectors = model.encode([sentence(*key) for key in keys], batch_size=64,
                               normalize_embeddings=True)
        sentences.update(zip(keys, vectors, strict=True))
    return [np.array([float(questions[k] @ sentences[(item.library, *s[2:])]) for s in cands])
            for k, (item, cands, _) in enumerate(cases)]


def top_sentence(cases: list, extra: list[np.ndarray] | None) -> dict[str, float]:
    """Leave-one-article-out top-1 of the refitted logistic ranker, by source."""
    from sklearn.linear_model import LogisticRegression

    blocks, labels, weights, folds, owner = [], [], [], [], []
    for k, (item, cands, lab) in enumerate(cases):
        x = np.array([s[0] for s in cands])
        if extra is not None:
            cos = extra[k]
            rank = np.argsort(np.argsort(-cos, kind="stable"))
            x = np.hstack([x, cos[:, None], np.minimum(rank, RANK_CAP)[:, None],
                           (cos.max() - cos)[:, None]])
        blocks.append(x)
        labels.append(np.asarray(lab))
        weights += [1.0 if item.source == "squad" else NATURAL_WEIGHT] * len(cands)
        folds += [item.fold] * len(cands)
        owner += [k] * len(cands)
    x, y = np.vstack(blocks), np.concatenate(labels)
    w, fold_of, owner_of = np.array(weights), np.array(folds), np.array(owner)
    logits = np.zeros(len(y))
    for fold in sorted(set(folds)):
        fit = fold_of != fold
        mean, scale = x[fit].mean(0), x[fit].std(0)
        scale[scale < 1e-9] = 1.0
        clf = LogisticRegression(C=1.0, max_iter=3000).fit(
            (x[fit] - mean) / scale, y[fit], sample_weight=w[fit])
        logits[~fit] = clf.decision_function((x[~fit] - mean) / scale)
    hits: dict[str, list[bool]] = {}
    for k, (item, _, _) in enumerate(cases):
        rows = np.flatnonzero(owner_of == k)
        source = "squad" if item.source == "squad" else "natural and wire"
        hits.setdefault(source, []).append(bool(y[rows[np.argmax(logits[rows])]] > 0))
    return {source: float(np.mean(h)) for source, h in sorted(hits.items())}


def main() -> None:
    """Print the top sentence with and without the tuned-cosine features."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, required=True,
                        help="train_answerer.py --dump (its .sentences.pkl is read)")
    parser.add_argument("--work", type=Path, required=True, help="train_answerer.py --work")
    parser.add_argument("--half-models", type=Path, nargs=2, required=True,
                        metavar=("FITTED_ON_A", "FITTED_ON_B"))
    args = parser.parse_args()
    with open(args.dump.with_suffix(".sentences.pkl"), "rb") as f:
        cases = [c for c in pickle.load(f) if c[1] and not c[0].source.endswith(SHARED)]
    cosines = tuned_cosines(cases, args.work, dict(zip("AB", args.half_models, strict=True)))
    base, tuned = top_sentence(cases, None), top_sentence(cases, cosines)
    alone = {}
    for (item, _, lab), cos in zip(cases, cosines, strict=True):
        source = "squad" if item.source == "squad" else "natural and wire"
        alone.setdefault(source, []).append(bool(lab[int(np.argmax(cos))] > 0))
    print(f"{len(cases)} questions; top sentence holds the answer (leave one article out)")
    print(f"  {'source':18s} {'ranker':>8s} {'+ tuned':>8s} {'tuned cosine alone':>19s}")
    for source in base:
        print(f"  {source:18s} {base[source]:8.3f} {tuned[source]:8.3f} "
              f"{np.mean(alone[source]):19.3f}")


if __name__ == "__main__":
    main()
