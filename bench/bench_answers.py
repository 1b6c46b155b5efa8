"""The answer benchmark: the whole pipeline on a SQuAD 2.0 file, every figure the README quotes.

Each article is ingested through the normal path as its own library and every
question asked through ``Footnote.ask``. Prints retrieval hit@1/@3, answer
hit, decline rates (unanswerable, other article's, falsely declined answerable),
verbatim quotes, latency, indexing speed, peak RSS and start-up time.

    python bench/bench_answers.py [--eval FILE] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.squad import DEFAULT_EVAL, contains_gold, load  # noqa: E402
from bot.ingest.sentences import split_sentences  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import load_settings  # noqa: E402


def startup_seconds(data_dir: Path) -> dict[str, float]:
    """Cold start-up: importing the CLI, and a whole `footnote ask` in a new process."""
    env = {**os.environ, "FOOTNOTE_DATA_DIR": str(data_dir)}
    exe = [sys.executable, "-m", "bot.cli"]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import bot.cli"], check=True, env=env)
    t1 = time.perf_counter()
    subprocess.run([*exe, "ask", "Who is Simon Bailey?"], check=True, env=env,
                   capture_output=True)
    t2 = time.perf_counter()
    return {"import_cli_s": t1 - t0, "cold_ask_s": t2 - t1}


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    articles = load(args.eval)
    tmp = tempfile.TemporaryDirectory()
    data_dir = Path(tmp.name)
    app = Footnote(load_settings(data_dir=data_dir))
    app.encoder.encode(["load the model before timing"])

    passages = 0
    ingest_s = 0.0
    for art in articles:
        start = time.perf_counter()
        result = app.add_text(art.library, art.text, title=art.title, actor="bench")
        ingest_s += time.perf_counter() - start
        passages += result.article.passage_count

    hit1 = hit3 = answer_hit = answered_n = 0
    false_decl = unans_decl = unans_n = other_decl = other_n = 0
    quotes = verbatim = 0
    sentences_per_answer: list[int] = []
    latencies: list[float] = []
    for art in articles:
        lib = app.library(art.library)
        snap = lib.snapshot()
        for q in art.questions:
            start = time.perf_counter()
            answer = app.ask(art.library, q.text)
            latencies.append(time.perf_counter() - start)
            for c in answer.citations:
                quotes += 1
                verbatim += snap.articles[c.article_id].text[c.start : c.end] == c.quote
            if q.impossible:
                unans_n += 1
                unans_decl += answer.declined
                continue
            answered_n += 1
            query = app.encoder.encode([q.text])[0]
            hits, _, _ = app.answerer.evaluate(snap, q.text, query)
            hit1 += bool(hits) and contains_gold(hits[0].passage.text, q.answers)
            hit3 += any(contains_gold(h.passage.text, q.answers) for h in hits[:3])
            false_decl += answer.declined
            if not answer.declined:
                answer_hit += contains_gold(answer.text, q.answers)
                sentences_per_answer.append(
                    sum(len(split_sentences(c.quote)) for c in answer.citations)
                )
        for other in articles:  # other articles' answerable questions, asked here
            if other is art:
                continue
            for q in other.questions:
                if q.impossible:
                    continue
                other_n += 1
                other_decl += app.ask(art.library, q.text).declined
    lat = np.array(latencies) * 1000
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "articles": len(articles),
        "answerable_questions": answered_n,
        "unanswerable_questions": unans_n,
        "retrieval_hit_at_1": hit1 / answered_n,
        "retrieval_hit_at_3": hit3 / answered_n,
        "answer_hit": answer_hit / answered_n,
        "unanswerable_declined": unans_decl / unans_n,
        "other_article_declined": other_decl / other_n,
        "answerable_falsely_declined": false_decl / answered_n,
        "quotes_verbatim": verbatim / quotes if quotes else 1.0,
        "max_sentences_per_answer": max(sentences_per_answer),
        "mean_sentences_per_answer": float(np.mean(sentences_per_answer)),
        "query_p50_ms": float(np.percentile(lat, 50)),
        "query_p95_ms": float(np.percentile(lat, 95)),
        "passages_indexed": passages,
        "passages_per_second": passages / ingest_s,
        "peak_rss_mb": peak_rss_mb,
        **startup_seconds(data_dir / "startup"),
    }
    for key, value in figures.items():
        print(f"{key:<30} {value:.3f}" if isinstance(value, float) else f"{key:<30} {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
