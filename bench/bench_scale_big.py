"""One big library: 20,000 articles (about 300,000 passages): ask latency with the real
model, and the recall of approximate search against exact search.

    .venv/bin/python bench/bench_scale_big.py --keep /tmp/footnote-big   # build once, keep
    .venv/bin/python bench/bench_scale_big.py --articles 2000            # a smaller run

The library is built with a stand-in encoder (mixtures of real all-MiniLM-L6-v2 vectors
of training sentences, see bench/scale_support.py), straight into the store in batches;
questions (from ../shared/train) are embedded with the real model. Printed: how long
opening takes (building the index, then loading it from the index files), ask p50/p95
in both processes (whole ``Footnote.ask``, each question asked once untimed before), ask
restricted to one article, recall@5 and @50 of the library's dense search against
exact search over every passage, memory; then the previous release opening the same
store and answering the same questions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: a worker runs
# the previous release's bot/ put first on PYTHONPATH

from bench.scale_support import (
    PREVIOUS,
    ROOT,
    load_average,
    mixture_stand_in,
    peak_rss_mb,
    percentile,
    previous_release,
    real_encoder,
    rss_mb,
    rss_parts_mb,
    sentences,
    train_corpus,
)

PER_ARTICLE = 15
BATCH = 250


def build(data: Path, articles: int, encoder, stand_in) -> None:  # type: ignore[no-untyped-def]
    """Write ``articles`` articles with stand-in vectors straight into the store."""
    from bot.library import Library
    from bot.models import CleanDocument, PassageDraft

    paragraphs, _ = train_corpus()
    lib = Library("big", data / "libraries" / "big", encoder)  # records the real model id
    rng = random.Random(3)
    for start in range(0, articles, BATCH):
        batch = []
        for k in range(start, min(articles, start + BATCH)):
            # each passage its own text (so its own stand-in vector: the training file has
            # 694 paragraphs, and 300,000 copies of them would be a degenerate library)
            body = [f"In part {n} of report {k}: {paragraphs[rng.randrange(len(paragraphs))]}"
                    for n in range(1, PER_ARTICLE + 1)]
            title = f"Report number {k}"
            text = title + "\n\n" + "\n\n".join(body)
            drafts, at = [], len(title) + 2
            for n, para in enumerate(body, start=1):
                spans, pos = [], at
                for s in sentences(para):
                    begin = text.index(s, pos)
                    spans.append((begin, begin + len(s)))
                    pos = begin + len(s)
                drafts.append(PassageDraft(n, at, at + len(para), tuple(spans)))
                at += len(para) + 2
            batch.append(CleanDocument(text=text, title=title, author=None, author_role=None,
                                       publication=None, published=None, url=None,
                                       byline=None, passages=tuple(drafts), source="bench"))
        with lib.store.transaction(write=True):
            for doc in batch:
                vecs = stand_in.encode([doc.text[p.start:p.end] for p in doc.passages])
                svecs = [stand_in.encode([doc.text[a:b] for a, b in p.sentences])
                         for p in doc.passages]
                lib.store.put_article(doc, title=doc.title or "", content_hash=doc.title or "",
                                      vectors=vecs, sentence_vectors=svecs, actor="bench")
        print(f"  stored {min(articles, start + BATCH)} articles", end="\r", flush=True)
    print()
    lib.close()


def measure(data: Path, questions: list[str], encoder, open_only: bool = False  # type: ignore[no-untyped-def]
            ) -> dict[str, object]:
    """Open the library with whatever ``bot`` is on the path and ask the questions (none
    with ``open_only``)."""
    from bot.service import Footnote
    from bot.settings import Settings

    out: dict[str, object] = {}
    started = time.perf_counter()
    app = Footnote(Settings(data_dir=data, seeds_dir=data / "none"), encoder=encoder)
    snap = app.library("big").snapshot()
    out["open_s"] = time.perf_counter() - started
    out["passages"] = len(snap.passages)
    out["rss_open"] = rss_mb()
    out["anon_open"], out["file_open"] = rss_parts_mb()
    out["peak_open"] = peak_rss_mb()  # (the process held only the encoder before)
    out["probe_us"] = memory_probe_us()
    out["encode_open"] = [_timed(encoder.encode, [q]) for q in questions[:20] * 3]
    if open_only:
        return out
    app.ask("big", "warm up question about the report")
    # Each question once untimed first: the first question that reaches an article
    # analyses it and stores the analysis (an add does that for a real article; the
    # bench writes its articles straight into the store), which would otherwise make
    # whichever side runs first pay for both.
    for q in questions:
        app.ask("big", q)
    out["rss_warm"] = rss_mb()
    timings, encode = [], []
    for q in questions:
        t = time.perf_counter()
        encoder.encode([q])
        encode.append(time.perf_counter() - t)
        t = time.perf_counter()
        app.ask("big", q)
        timings.append(time.perf_counter() - t)
    out["ask"] = timings
    out["encode"] = encode
    article = sorted(snap.articles)[len(snap.articles) // 2]
    restricted = []
    for q in questions[:50]:
        t = time.perf_counter()
        app.ask("big", q, article_id=article)
        restricted.append(time.perf_counter() - t)
    out["restricted"] = restricted
    out["rss"] = rss_mb()
    out["anon"], out["file"] = rss_parts_mb()
    out["peak_rss"] = peak_rss_mb()
    return out


def _timed(call, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def memory_probe_us(rounds: int = 300) -> float:
    """Median microseconds of one memory-bound step of a question (a gather of 20,000
    rows of a 2.4 MB array): the process that built the index ran such steps about 3x
    slower than one that reopened its files."""
    rng = np.random.default_rng(0)
    rows = rng.random(300_000).astype(np.float64)
    docs = rng.integers(0, len(rows), 20_000)
    return 1e6 * float(np.median([_timed(rows.__getitem__, docs) for _ in range(rounds)]))


def recall(data: Path, questions: list[str], encoder) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """recall@5 and @50 of the library's dense search against exact search."""
    import faiss

    from bot.library import Library

    lib = Library("big", data / "libraries" / "big", encoder)
    snap = lib.snapshot()
    matrix = snap.vectors
    queries = encoder.encode(questions)
    result: dict[str, float] = {"kinds": " + ".join(  # type: ignore[dict-item]
        f"{s.dense.kind}({s.size})" for s in snap.segments)}
    for k in (5, 50):
        best, _ = faiss.knn(queries, matrix, k, metric=faiss.METRIC_INNER_PRODUCT)
        hits, search = 0, []
        for q, kth in zip(queries, best[:, -1], strict=True):
            t = time.perf_counter()
            _, rows = snap.dense_search(q, k)
            search.append(time.perf_counter() - t)
            # a passage as near as the kth nearest counts (ties may go either way)
            hits += int(np.sum(matrix[rows] @ q >= kth - 1e-6))
        result[f"recall@{k}"] = hits / (k * len(queries))
        result[f"dense_ms_p95@{k}"] = 1000 * percentile(search, 95)
    t = time.perf_counter()
    for q in questions[:100]:
        snap.lexical.scores(q)
    result["bm25_ms"] = 1000 * (time.perf_counter() - t) / min(100, len(questions))
    lib.close()
    return result


def worker(code: Path, data: Path, questions: int, open_only: bool = False
           ) -> dict[str, object] | None:
    """:func:`measure` in a fresh process running the ``bot/`` found in ``code``."""
    if code != ROOT:  # the previous release reads neither these index files nor the manifest
        for pattern in ("vectors.faiss", "manifest.json", "segment-*.bin"):
            for path in (data / "libraries" / "big").glob(pattern):
                path.unlink()
    env = {**os.environ, "PYTHONPATH": f"{code}{os.pathsep}{ROOT}"}
    run = subprocess.run(
        [sys.executable, __file__, "--worker", str(data), "--questions", str(questions),
         *(["--open-only"] if open_only else [])],
        env=env, cwd=ROOT, capture_output=True, text=True)
    lines = run.stdout.strip().splitlines()
    if run.returncode or not lines:
        print(f"the run with {code} failed:", run.stderr.strip().splitlines()[-1:])
        return None
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--previous", default=PREVIOUS, help="git ref of the previous release")
    parser.add_argument("--skip-previous", action="store_true")
    parser.add_argument("--open-only", action="store_true",
                        help="only open the library twice (building the index, then from "
                        "its files) and report time and memory: no questions")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    _, all_questions = train_corpus()
    questions = random.Random(9).sample(all_questions, args.questions)
    encoder = real_encoder()
    encoder.encode(["warm up"])
    if args.worker:
        print(json.dumps(measure(args.worker, questions, encoder, args.open_only)))
        return 0
    data = args.keep or Path(tempfile.mkdtemp(prefix="footnote-big-"))
    try:
        if not (data / "libraries" / "big" / "library.sqlite3").exists():
            started = time.perf_counter()
            build(data, args.articles, encoder, mixture_stand_in(encoder))
            print(f"stored {args.articles} articles in {time.perf_counter() - started:.0f} s")
        for pattern in ("vectors.faiss", "segment-*.bin", "manifest.json"):
            for path in (data / "libraries" / "big").glob(pattern):
                path.unlink()  # the first open builds the index (and writes it)
        print(f"load before: {load_average()}  (2 cores, shared)")
        first = worker(ROOT, data, args.questions, args.open_only)  # builds the index and
        # writes the files
        again = worker(ROOT, data, args.questions, args.open_only)  # opens from them, as a
        # restarted bot does (and as a bot that grew its library by adds never builds the
        # whole index in one go the way the first worker does)
        quality = None if args.open_only else recall(data, questions, encoder)
        previous = None if args.skip_previous else worker(
            previous_release(args.previous), data, args.questions, args.open_only)
        print(f"load after: {load_average()}")
        if first is None or again is None:
            return 1
    finally:
        if args.keep is None:
            shutil.rmtree(data, ignore_errors=True)
    ms = lambda xs, q: 1000 * percentile(xs, q)  # noqa: E731
    print(f"one library of {args.articles} articles, {first['passages']} passages; "
          f"{len(questions)} training questions, real model for queries")
    print(f"  {'':<44} {'this':>10} {'previous':>10}")

    def row(label: str, get) -> None:  # type: ignore[no-untyped-def]
        old = f"{get(previous):>10.1f}" if previous else f"{'-':>10}"
        assert first is not None
        print(f"  {label:<44} {get(first):>10.1f} {old}")

    row("open, building the index, s", lambda r: r["open_s"])
    row("  peak RSS by then, MB", lambda r: r.get("peak_open", float("nan")))
    row("  RSS after opening, MB", lambda r: r["rss_open"])
    row("    of which file-backed (mapped), MB", lambda r: r.get("file_open", float("nan")))
    row("  memory probe after opening, us", lambda r: r.get("probe_us", float("nan")))
    row("  query encoding after opening p50, ms", lambda r: ms(r.get("encode_open", [0]), 50))
    print(f"  {'open again from the index files, s':<44} {again['open_s']:>10.1f}")
    print(f"  {'  memory probe after opening, us':<44} {again['probe_us']:>10.1f}")
    print(f"  {'  query encoding after opening p50, ms':<44} "
          f"{ms(again['encode_open'], 50):>10.1f}")
    print(f"  {'  peak RSS by then, MB':<44} {again['peak_open']:>10.1f}")
    print(f"  {'  RSS after opening again, MB':<44} {again['rss_open']:>10.1f}")
    print(f"  {'    of which file-backed (mapped), MB':<44} {again['file_open']:>10.1f}")
    if quality is None:
        return 0
    print(f"  {'ask p50 / p95, opened from the index files, ms':<44} "
          f"{ms(again['ask'], 50):>5.1f} / {ms(again['ask'], 95):.1f} (target p95 <= 30; "
          f"encoding p50 {ms(again['encode'], 50):.1f})")
    row("ask p50, ms (the process that built the index)", lambda r: ms(r["ask"], 50))
    row("ask p95, ms (the same)", lambda r: ms(r["ask"], 95))
    row("  of which query encoding p50, ms", lambda r: ms(r["encode"], 50))
    row("ask with --article p95, ms", lambda r: ms(r["restricted"], 95))
    row("RSS after the questions, MB", lambda r: r["rss"])
    row("  of which file-backed (mapped), MB", lambda r: r.get("file", float("nan")))
    row("peak RSS, MB", lambda r: r["peak_rss"])
    print(f"  dense index: {quality['kinds']}; recall@5 {quality['recall@5']:.3f} "
          f"(target >= 0.95), recall@50 {quality['recall@50']:.3f}; dense search p95 "
          f"{quality['dense_ms_p95@50']:.2f} ms at k=50; BM25 over all passages "
          f"{quality['bm25_ms']:.2f} ms a question")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
