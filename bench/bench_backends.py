"""The two embedding backends side by side: encode speed, and how many answers change.

On ``../shared/eval/`` (reporting only: nothing here is fitted or chosen on it) every
article becomes its own library, built and asked three ways:

- ``torch``: built and asked with sentence-transformers on torch;
- ``onnx``: built and asked with the int8 ONNX copy (the default);
- ``mixed``: built with torch, asked with ONNX (a library made before the switch).

An answer "changes" when it is declined by one and not the other, or cites other
spans. Encode speed: one short question at a time (p50 over the eval questions) and
paragraphs per second (the eval paragraphs, one call).

    python bench/bench_backends.py [--eval FILE] [--queries 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.squad import DEFAULT_EVAL, EvalArticle, contains_gold, load  # noqa: E402
from bot.embed import Encoder, make_encoder  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import load_settings  # noqa: E402

Outcome = tuple[bool, tuple[tuple[int, int, int], ...], str]  # declined, cited spans, text


def encode_speed(encoder: Encoder, questions: list[str], paragraphs: list[str]) -> dict:
    """Query p50/p95 (ms, one question per call) and paragraphs per second."""
    encoder.encode(["warm up"])
    times = []
    for q in questions:
        start = time.perf_counter()
        encoder.encode([q])
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    encoder.encode(paragraphs)
    rate = len(paragraphs) / (time.perf_counter() - start)
    ordered = sorted(times)
    return {"query_p50_ms": statistics.median(times) * 1000,
            "query_p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
            "paragraphs_per_s": rate}


def build(app: Footnote, articles: list[EvalArticle]) -> float:
    """Add each article to its own library; seconds taken."""
    start = time.perf_counter()
    for art in articles:
        app.add_text(art.library, art.text, title=art.title, actor="bench")
    return time.perf_counter() - start


def ask_all(app: Footnote, articles: list[EvalArticle]) -> dict[str, Outcome]:
    """Every question of every article, asked of its own library."""
    out = {}
    for art in articles:
        for q in art.questions:
            answer = app.ask(art.library, q.text)
            spans = tuple((c.article_id, c.start, c.end) for c in answer.citations)
            out[q.id] = (answer.declined, spans, answer.text)
    return out


def answer_hit(outcomes: dict[str, Outcome], articles: list[EvalArticle]) -> float:
    """Share of answerable questions whose answer text holds a gold answer."""
    answerable = [q for a in articles for q in a.questions if not q.impossible]
    return sum(contains_gold(outcomes[q.id][2], q.answers) for q in answerable) / len(answerable)


def changed(a: dict[str, Outcome], b: dict[str, Outcome]) -> dict[str, int]:
    """How many answers differ: declined or not, the cited spans, the text at all."""
    return {
        "declined differs": sum(a[k][0] != b[k][0] for k in a),
        "citations differ": sum(a[k][1] != b[k][1] for k in a),
        "text differs": sum(a[k][2] != b[k][2] for k in a),
    }


def main() -> int:
    """Run the comparison and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--queries", type=int, default=300, help="questions timed per backend")
    args = parser.parse_args()
    articles = load(args.eval)
    questions = [q.text for a in articles for q in a.questions][: args.queries]
    paragraphs = [p for a in articles for p in a.text.split("\n\n")]
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        settings = {b: load_settings(data_dir=Path(tmp) / b, embed_backend=b)
                    for b in ("torch", "onnx")}
        encoders = {b: make_encoder(s.model, s.cache_dir, s.encoder_threads, s.embed_backend)
                    for b, s in settings.items()}
        speed = {b: encode_speed(e, questions, paragraphs) for b, e in encoders.items()}
        apps = {b: Footnote(settings[b], encoder=encoders[b]) for b in settings}
        build_s = {b: build(app, articles) for b, app in apps.items()}
        outcomes = {b: ask_all(app, articles) for b, app in apps.items()}
        mixed = Footnote(settings["torch"], encoder=encoders["onnx"])  # torch-built libraries
        outcomes["mixed"] = ask_all(mixed, articles)
    load_after = os.getloadavg()[0]

    n = len(outcomes["torch"])
    print(f"\n{args.eval.name}: {len(articles)} articles, {n} questions, {len(paragraphs)} "
          f"paragraphs; load average {load_before:.2f} before, {load_after:.2f} after")
    print(f"{'':<28} {'torch':>9} {'onnx':>9}")
    for key, fmt in (("query_p50_ms", "{:.2f}"), ("query_p95_ms", "{:.2f}"),
                     ("paragraphs_per_s", "{:.1f}")):
        print(f"{key.replace('_', ' '):<28} {fmt.format(speed['torch'][key]):>9} "
              f"{fmt.format(speed['onnx'][key]):>9}")
    print(f"{'build 3 libraries s':<28} {build_s['torch']:>9.1f} {build_s['onnx']:>9.1f}")
    print(f"{'answer hit (answerable)':<28} {answer_hit(outcomes['torch'], articles):>9.3f} "
          f"{answer_hit(outcomes['onnx'], articles):>9.3f}   (mixed "
          f"{answer_hit(outcomes['mixed'], articles):.3f})")
    for other in ("onnx", "mixed"):
        diff = changed(outcomes["torch"], outcomes[other])
        print(f"answers changed, torch vs {other:<5}: "
              + ", ".join(f"{k} {v} ({v / n:.1%})" for k, v in diff.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
