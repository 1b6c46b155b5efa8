"""Adding articles: passages per second, and the 100th add against the 1st, this code
beside the previous release's, with the same encoder on both sides.

    .venv/bin/python bench/bench_index_add.py                  # hash stand-in encoder
    .venv/bin/python bench/bench_index_add.py --encoder real    # all-MiniLM-L6-v2
    .venv/bin/python bench/bench_index_add.py --previous v0.1   # another git ref to compare

Each side runs in its own process (the previous release's ``bot/`` unpacked from git)
and adds the same articles, built from ../shared/train paragraphs, one by one through
``Library.add``. With the stand-in encoder the numbers are the index's own cost; with
the real model they include embedding, which is the same work on both sides (so an
encoder change elsewhere and this change can be told apart).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: a worker runs
# the previous release's bot/ put first on PYTHONPATH

from bench.scale_support import (
    PREVIOUS,
    ROOT,
    HashStandIn,
    article_text,
    load_average,
    previous_release,
    real_encoder,
    train_corpus,
)


def worker(articles: int, per_article: int, encoder_name: str) -> dict[str, object]:
    """Add the articles with whatever ``bot`` is on the path; timings as a dict."""
    from bot.ingest.clean import clean_article
    from bot.ingest.extract import extract_text
    from bot.library import Library
    from bot.service import content_hash

    encoder = HashStandIn() if encoder_name == "hash" else real_encoder()
    encoder.encode(["warm up"])
    paragraphs, _ = train_corpus()
    docs = [clean_article(extract_text(article_text(k, paragraphs, per_article)))
            for k in range(articles)]
    texts = [[d.text[p.start:p.end] for p in d.passages]
             + [d.text[a:b] for p in d.passages for a, b in p.sentences] for d in docs]
    started = time.perf_counter()
    for t in texts[:10]:
        encoder.encode(t)
    embed_10 = (time.perf_counter() - started) / 10
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library("bench", Path(tmp) / "lib", encoder)
        seconds = []
        for doc in docs:
            start = time.perf_counter()
            result = lib.add(doc, title=doc.title or "t", content_hash=content_hash(doc),
                             actor="bench")
            seconds.append(time.perf_counter() - start)
            assert result.status == "added", result.status
        lib.snapshot()
    import bot

    return {"seconds": seconds, "passages": sum(len(d.passages) for d in docs),
            "embed_per_article": embed_10, "code": str(Path(bot.__file__).parent)}


def run_side(path: Path, args: argparse.Namespace) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": f"{path}{os.pathsep}{ROOT}"}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", "--articles", str(args.articles),
         "--per-article", str(args.per_article), "--encoder", args.encoder],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--per-article", type=int, default=8, help="paragraphs per article")
    parser.add_argument("--encoder", choices=["hash", "real"], default="hash")
    parser.add_argument("--previous", default=PREVIOUS,
                        help="git ref of the previous release (default: where this branch "
                        "left main)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.articles, args.per_article, args.encoder)))
        return 0
    print(f"load before: {load_average()}  (2 cores, shared)")
    sides = {"previous": run_side(previous_release(args.previous), args),
             "this": run_side(ROOT, args)}
    print(f"load after: {load_average()}")
    assert sides["previous"]["code"] != sides["this"]["code"], "both sides ran the same code"
    passages = sides["this"]["passages"]
    print(f"adding {args.articles} articles ({passages} passages) one by one, "
          f"encoder: {args.encoder}; previous = {args.previous}")

    def row(label: str, key, higher_is_better: bool = False) -> None:  # type: ignore[no-untyped-def]
        old, new = key(sides["previous"]), key(sides["this"])
        gain = (new / old) if higher_is_better else (old / new)
        print(f"  {label:<38} {old:>12.1f} {new:>12.1f} {gain:>9.2f}x")

    first = max(1, min(10, args.articles // 10))
    print(f"  {'':<38} {'previous':>12} {'this':>12} {'gain':>10}")
    row("passages per second", lambda s: 1 / (sum(s["seconds"]) / s["passages"]), True)
    row(f"first {first} adds, ms each", lambda s: 1000 * sum(s["seconds"][:first]) / first)
    row(f"last {first} adds, ms each", lambda s: 1000 * sum(s["seconds"][-first:]) / first)
    for name, s in sides.items():
        sec = s["seconds"]
        ratio = (sum(sec[-first:]) / first) / (sum(sec[:first]) / first)
        print(f"  {name}: last / first adds = {ratio:.2f} (target <= 1.5); embedding alone "
              f"{1000 * s['embed_per_article']:.1f} ms an article, the rest is storage+index")
    print("  (gain > 1: this is faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
