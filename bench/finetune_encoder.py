"""Fine-tune the sentence encoder to find answering sentences, and measure it on articles
it never saw; with ``--save-delta`` it writes the shipped encoder delta.

    python bench/finetune_encoder.py [--work DIR] [--train-half A|B|all] [--epochs 1]
                                     [--only all|bias|last2] [--lr 2e-5]
                                     [--both-negatives] [--hold-other W] [--scale S]
                                     [--save-delta PATH] [--save-model DIR]

Data: the training sets only (``../shared/train/`` SQuAD 2.0, ``bench/data/natural_train/``,
``bench/data/wire_train/``; never ``../shared/eval/`` or the held-out natural and wire
sets). Each article is ingested through the normal path and its sentences are the ones the
bot ranks (the stored passages' sentence spans); a sentence is right for a question when
it holds a gold answer, as in ``bench/train_answerer.py``. The articles of each source are
split in two halves by sorted name (A: even places, B: odd; ``bench.answer_data.halves``);
the bundled all-MiniLM-L6-v2 is fine-tuned on one half's (question, right sentence, hard
negative) triplets with the multiple-negatives ranking loss (the negative drawn from the
base model's three closest wrong sentences of the same article; with
``--both-negatives`` the closest sentence of another article is a second negative, and
``--hold-other W`` adds W times how far the question's cosine to it rose above the base
model's, so that tuning does not bring other articles closer), and every question of the
other half ranks all sentences of its article by cosine: top-1 and top-3 for the base
model, the fine-tuned one, and the fine-tuned one asking against sentences the base model
encoded (what a question-side-only change would give without re-encoding stored
libraries). ``--train-half all`` fine-tunes on every article and measures nothing (the
shipped delta: ``bench/train_all.py``). torch on the CPU, fp32, one thread by default,
seeded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import (  # noqa: E402
    NATURAL_TRAIN,
    WIRE_TRAIN,
    command_options,
    ingest_natural,
    load_natural,
    natural_hash,
    natural_items,
    squad,
    squad_items,
)
from bench.answer_data import halves as split_halves  # noqa: E402
from bench.squad import DEFAULT_TRAIN, contains_gold, ingest  # noqa: E402
from bot.encoders.locate import unpack_bundled_model  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import SAME_MODEL, load_settings  # noqa: E402

SEED = 1234
HARD_NEGATIVES = 3
"""The negative of a triplet is drawn from this many of the base model's closest wrong
sentences."""


@dataclass
class Article:
    """One library's sentences and the questions asked of it."""

    source: str
    sentences: list[str]
    questions: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    """(question, indices of the sentences holding a gold answer)."""


def collect(app: Footnote) -> tuple[dict[str, Article], dict[str, str]]:
    """Every training article (one library each) with its answerable questions, and the
    sha256 of each data file or set read."""
    articles, train_hash = squad(DEFAULT_TRAIN)
    hashes = {DEFAULT_TRAIN.name: train_hash}
    ingest(app, articles)
    items = [(i, "squad") for i in squad_items(articles)]
    for folder in (NATURAL_TRAIN, WIRE_TRAIN):
        hashes[f"bench/data/{folder.name}"] = natural_hash(folder)
        natural = load_natural(folder)
        ingest_natural(app, natural)
        items += [(i, folder.name) for i in natural_items(natural)]
    out: dict[str, Article] = {}
    for item, source in items:
        if not (item.answerable and item.on_topic):
            continue
        if item.library not in out:
            snap = app.library(item.library).snapshot()
            texts = [snap.article_text(p.article_id)[start:end]
                     for p in snap.passages for start, end in p.sentences]
            out[item.library] = Article(source, list(dict.fromkeys(texts)))
        art = out[item.library]
        right = frozenset(k for k, s in enumerate(art.sentences)
                          if contains_gold(s, item.answers))
        if right:
            art.questions.append((item.text, right))
    return out, hashes


def halves(articles: dict[str, Article]) -> dict[str, list[str]]:
    """Each source's articles split by sorted name: A the even places, B the odd ones
    (:func:`bench.answer_data.halves`, the split ``train_answerer.py --half`` uses)."""
    groups: dict[str, list[str]] = {}
    for name, art in articles.items():
        groups.setdefault(art.source, []).append(name)
    split = split_halves(groups)
    return {half: [n for g in sorted(groups) for n in sorted(groups[g]) if n in names]
            for half, names in split.items()}


def encode(model, texts: list[str]) -> np.ndarray:
    """Unit vectors of ``texts``."""
    return model.encode(texts, batch_size=64, normalize_embeddings=True,
                        convert_to_numpy=True, show_progress_bar=False)


def vectors(model, articles: dict[str, Article], names: list[str]):
    """Per article: (sentence vectors, question vectors)."""
    return {n: (encode(model, articles[n].sentences),
                encode(model, [q for q, _ in articles[n].questions])) for n in names}


def ranking(articles: dict[str, Article], names: list[str], questions, sentences
            ) -> dict[str, tuple[float, float, int]]:
    """Per source: share of questions whose right sentence ranks first / in the top 3."""
    counts: dict[str, list[int]] = {}
    for n in names:
        sims = questions[n][1] @ sentences[n][0].T
        c = counts.setdefault(articles[n].source, [0, 0, 0])
        for row, (_, right) in zip(sims, articles[n].questions, strict=True):
            order = np.argsort(-row, kind="stable")[:3].tolist()
            c[0] += order[0] in right
            c[1] += not right.isdisjoint(order)
            c[2] += 1
    return {s: (c[0] / c[2], c[1] / c[2], c[2]) for s, c in sorted(counts.items())}


def triplets(articles: dict[str, Article], names: list[str], base_vectors, rng: random.Random,
             other: float = 0.0, both: bool = False) -> list[tuple[str, ...]]:
    """(question, right sentence, hard negative) for every question of ``names``; with
    probability ``other`` the negative is instead the closest sentence of another article
    (so that a question leans away from articles that are not about it). With ``both``,
    every row holds both negatives: (question, right, same article's, other article's)."""
    out: list[tuple[str, ...]] = []
    for n in names:
        art = articles[n]
        sims = base_vectors[n][1] @ base_vectors[n][0].T
        elsewhere = [(m, base_vectors[m][0] @ base_vectors[n][1].T)
                     for m in names if m != n] if (other or both) else []
        for q, (row, (question, right)) in enumerate(zip(sims, art.questions, strict=True)):
            first = art.sentences[min(right)]
            closest = ""
            if elsewhere:
                m, scores = max(elsewhere, key=lambda e: float(e[1][:, q].max()))
                closest = articles[m].sentences[int(scores[:, q].argmax())]
            if not both and closest and rng.random() < other:
                out.append((question, first, closest))
                continue
            wrong = [int(k) for k in np.argsort(-row) if k not in right][:HARD_NEGATIVES]
            if wrong and both:
                negative = art.sentences[rng.choice(wrong)]
                if closest not in (first, negative):  # the same words in another article
                    out.append((question, first, negative, closest))
            elif wrong:
                out.append((question, first, art.sentences[rng.choice(wrong)]))
    return out


def batches(rows: list[tuple[str, ...]], size: int, rng: random.Random):
    """Shuffled batches in which no sentence appears twice (a repeated one would be its
    own in-batch negative)."""
    pool = rows[:]
    rng.shuffle(pool)
    out = []
    while pool:
        batch, seen, rest = [], set(), []
        for row in pool:
            if len(batch) < size and not set(row[1:]) & seen:
                batch.append(row)
                seen |= set(row[1:])
            else:
                rest.append(row)
        out.append(batch)
        pool = rest
    return out


def delta_of(model, weights: Path) -> dict[str, np.ndarray]:
    """What fine-tuning changed, by the name of the tensor in the model folder's
    ``weights`` file (safetensors), as fp16 differences (only the trained tensors)."""
    from safetensors.numpy import load_file

    base = load_file(str(weights))
    out = {}
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        key = next(k for k in base if name == k or name.endswith("." + k))
        out[key] = (param.detach().cpu().numpy() - base[key]).astype(np.float16)
    return out


def interpolate(params: list, start: list, scale: float) -> None:
    """Keep ``scale`` of what training changed: each parameter becomes start + scale x
    (trained - start) (weight-space interpolation towards the bundled model; 1 keeps all)."""
    import torch

    with torch.no_grad():
        for param, before in zip(params, start, strict=True):
            param.copy_(before + scale * (param - before))


def _options() -> list[str]:
    """The command line without the folders it writes to (for the recipe)."""
    return command_options(("--work", "--save-delta", "--save-model"))


def trainable(model, only: str) -> list:
    """The parameters to fine-tune: all, only biases and LayerNorms ("bias"), or only the
    last two transformer layers ("last2"); the rest are frozen."""
    chosen = []
    for name, param in model.named_parameters():
        bias = name.endswith(".bias") or "LayerNorm" in name
        last2 = ".layer.4." in name or ".layer.5." in name
        keep = only == "all" or (only == "bias" and bias) or (only == "last2" and last2)
        param.requires_grad_(keep)
        if keep:
            chosen.append(param)
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="keep the libraries here between runs")
    parser.add_argument("--train-half", choices=("A", "B", "all"), default="A",
                        help="fine-tune on this half of the training articles and measure on "
                             "the other (all: fine-tune on every article, measure nothing)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--only", choices=("all", "bias", "last2"), default="all")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--other-negatives", type=float, default=0.0,
                        help="share of triplets whose negative is another article's closest "
                             "sentence instead of one of the same article")
    parser.add_argument("--both-negatives", action="store_true",
                        help="every triplet holds both negatives: a wrong sentence of the same "
                             "article and the closest sentence of another article")
    parser.add_argument("--hold-other", type=float, default=0.0,
                        help="with --both-negatives: weight of a penalty on a question's cosine "
                             "to the other article's sentence rising above the base model's "
                             "(keeps other articles as far as they were)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="keep this share of what fine-tuning changed (weights = base + "
                        "scale x (tuned - base), interpolated in weight space) before "
                        "measuring and saving")
    parser.add_argument("--save-delta", type=Path,
                        help="save what fine-tuning changed as named fp16 differences (.npz; "
                             "bot/data/encoder_delta.npz is the shipped one) with its recipe "
                             "beside it (.json)")
    parser.add_argument("--save-model", type=Path,
                        help="save the whole fine-tuned model here (a sentence-transformers "
                             "folder FOOTNOTE_MODEL can name)")
    args = parser.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.losses.merged_forward import embed_columns
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    torch.set_num_threads(args.threads)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    tmp = tempfile.TemporaryDirectory() if args.work is None else None
    work = Path(tmp.name) if tmp else args.work
    app = Footnote(load_settings(data_dir=work / "data", ranking_model=SAME_MODEL))
    articles, hashes = collect(app)
    split = halves(articles)
    split["all"] = split["A"] + split["B"]
    train, held = split[args.train_half], {"A": split["B"], "B": split["A"], "all": []}[
        args.train_half]
    folder = unpack_bundled_model(app.settings.cache_dir)
    base = SentenceTransformer(str(folder), device="cpu")
    base_train, base_held = vectors(base, articles, train), vectors(base, articles, held)
    rows = triplets(articles, train, base_train, random.Random(SEED), args.other_negatives,
                    args.both_negatives)
    floor: dict[tuple[str, str], float] = {}
    if args.hold_other:
        if not args.both_negatives:
            parser.error("--hold-other needs --both-negatives")
        pairs = sorted({(r[0], r[3]) for r in rows})
        qv, sv = (encode(base, [p[k] for p in pairs]) for k in (0, 1))
        floor = dict(zip(pairs, (qv * sv).sum(1).tolist(), strict=True))
    print(f"{len(rows)} triplets from {len(train)} articles; {len(held)} held out")

    model = SentenceTransformer(str(folder), device="cpu")
    params = trainable(model, args.only)
    start = [p.detach().clone() for p in params]
    loss_fn = MultipleNegativesRankingLoss(model)
    rng = random.Random(SEED)
    plan = [batches(rows, args.batch, rng) for _ in range(args.epochs)]
    steps = sum(len(p) for p in plan)
    optimiser = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimiser, int(0.1 * steps), steps)
    model.train()
    started = time.perf_counter()
    for epoch in plan:
        for batch in epoch:
            features = [model.tokenize([row[k] for row in batch]) for k in range(len(batch[0]))]
            embeddings = embed_columns(model, features)
            loss = loss_fn.compute_loss_from_embeddings(embeddings, None)
            if floor:
                base_cos = torch.tensor([floor[(row[0], row[3])] for row in batch])
                cos = torch.nn.functional.cosine_similarity(embeddings[0], embeddings[3])
                loss = loss + args.hold_other * torch.relu(cos - base_cos).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
    seconds = time.perf_counter() - started
    interpolate(params, start, args.scale)
    model.eval()
    tuned = vectors(model, articles, held)
    print(f"fine-tuned {sum(p.numel() for p in params):,} parameters ({args.only}) on "
          f"{len(rows) * args.epochs} triplets in {seconds:.0f} s "
          f"({len(rows) * args.epochs / seconds:.1f} a second)")
    before = ranking(articles, held, base_held, base_held)
    after = ranking(articles, held, tuned, tuned)
    asym = ranking(articles, held, tuned, base_held)
    if held:
        print(f"held-out half: {'source':<16} {'n':>5}  top-1 base / tuned / questions only"
              "   top-3 base / tuned / questions only")
    for source, (b1, b3, n) in before.items():
        print(f"{'':15}{source:<16} {n:>5}  {b1:.3f} / {after[source][0]:.3f} / "
              f"{asym[source][0]:.3f}          {b3:.3f} / {after[source][1]:.3f} / "
              f"{asym[source][1]:.3f}")
    if args.save_delta:
        diffs = delta_of(model, folder / "model.safetensors")
        np.savez(args.save_delta, **diffs)
        recipe = {
            "base_model": folder.name, "parameters": int(sum(d.size for d in diffs.values())),
            "sha256": hashlib.sha256(args.save_delta.read_bytes()).hexdigest(),
            "trained_on": {"files": hashes, "half": args.train_half, "triplets": len(rows)},
            "command": " ".join(["python bench/finetune_encoder.py", *_options()]),
            "held_out_top1": {s: round(f[0], 4) for s, f in after.items()},
            "held_out_top1_base": {s: round(f[0], 4) for s, f in before.items()},
        }
        args.save_delta.with_suffix(".json").write_text(json.dumps(recipe, indent=1) + "\n")
        print(f"saved {args.save_delta} ({args.save_delta.stat().st_size / 1e3:.0f} KB)")
    if args.save_model:
        model.save(str(args.save_model))
        print(f"saved the model in {args.save_model}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
