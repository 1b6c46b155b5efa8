"""The answer benchmark: every figure issue 8 asks for, on data nothing was fitted on.

    python bench/bench_answers.py [--eval FILE] [--natural DIR] [--wire DIR] [--news DIR]
                                  [--fresh DIR]
                                  [--json OUT]

1. ``../shared/eval/`` (three SQuAD 2.0 dev articles; never used to fit or choose
   anything: report only), twice: each article its own library, and one library
   holding all three. Retrieval hit@1/@3, first cited quote holds a gold answer
   (refusals counted as misses), answerable questions refused and hedged,
   unanswerable ones hedged or refused, other articles' questions refused, answer
   length in sentences, verbatim quotes, the whole trade-off curve of the
   confidence and its calibration.
2. The natural-question set (``tests/data/natural/``, held out): right sentence,
   refused, hedged, in one library of six articles and one article per library; the
   same for the wire-story set (``bench/data/wire_heldout/``, held out: CNN-style
   stories, questions written the way NewsQA's crowdworkers wrote theirs), and for the
   news set (``bench/data/news_heldout/``, held out: 32 stories of many countries and
   subjects, 640 questions in both styles), and for the fresh set
   (``bench/data/fresh_heldout/``, held out: 24 stories written in stop 44).
3. Speed: ask p50/p95 once loaded, split into encoding the question and the rest
   (retrieval, features, models), and ingest time per article.

The same figures held out on SQuAD train (leave-one-article-out) are printed by
``bench/train_answerer.py``, which fits the models.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import (  # noqa: E402
    FRESH_TEST,
    NATURAL_TEST,
    NEWS_TEST,
    WIRE_TEST,
    load_natural,
    wanted_sentences,
)
from bench.squad import DEFAULT_EVAL, EvalArticle, contains_gold, library_name, load  # noqa: E402
from bot.ingest.sentences import split_sentences  # noqa: E402
from bot.models import Answer  # noqa: E402
from bot.question import as_asked  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import load_settings  # noqa: E402

THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def sentences_in(answer: Answer) -> int:
    """How many sentences the answer quotes."""
    return sum(len(split_sentences(c.quote)) for c in answer.citations)


def squad_figures(
    app: Footnote, articles: list[EvalArticle], library_of: Callable[[EvalArticle], str],
    latencies: list[float], *, others: bool,
) -> dict[str, object]:
    """Ask every question of each article (and, with ``others``, every other article's
    answerable questions) of its library; the figures."""
    rows = []  # (answerable, refused, hedged, first_hit, confidence)
    hit1 = hit3 = verbatim = quotes = 0
    lengths: list[int] = []
    other_refused = other_n = 0
    for art in articles:
        lib = library_of(art)
        snap = app.library(lib).snapshot()
        for q in art.questions:
            start = time.perf_counter()
            answer = app.ask(lib, q.text)
            latencies.append(time.perf_counter() - start)
            for c in answer.citations:
                quotes += 1
                verbatim += snap.articles[c.article_id].text[c.start : c.end] == c.quote
            first = answer.citations[0].quote if answer.citations and not answer.declined else ""
            hit = not q.impossible and bool(first) and contains_gold(first, q.answers)
            rows.append((not q.impossible, answer.declined, answer.hedged, hit,
                         answer.confidence))
            if not answer.declined:
                lengths.append(sentences_in(answer))
            if not q.impossible:
                vector = app.encoder.encode([as_asked(q.text)])[0]
                hits = app.answerer.evaluate(snap, q.text, vector).hits
                hit1 += bool(hits) and contains_gold(hits[0].passage.text, q.answers)
                hit3 += any(contains_gold(h.passage.text, q.answers) for h in hits[:3])
        if others:
            for other in articles:
                if other is art:
                    continue
                for q in other.questions:
                    if not q.impossible:
                        other_n += 1
                        other_refused += app.ask(lib, q.text).declined
    ans = np.array([r[0] for r in rows])
    refused = np.array([r[1] for r in rows])
    hedged = np.array([r[2] for r in rows])
    hits = np.array([r[3] for r in rows])
    conf = np.array([r[4] for r in rows])
    figures: dict[str, object] = {
        "answerable_questions": int(ans.sum()), "unanswerable_questions": int((~ans).sum()),
        "retrieval_hit_at_1": hit1 / ans.sum(), "retrieval_hit_at_3": hit3 / ans.sum(),
        "first_quote_holds_answer_refusals_missed": float(hits[ans].mean()),
        "answerable_refused": float(refused[ans].mean()),
        "answerable_hedged": float(hedged[ans].mean()),
        "unanswerable_hedged_or_refused": float((refused | hedged)[~ans].mean()),
        "unanswerable_refused": float(refused[~ans].mean()),
        "other_article_refused": other_refused / other_n if other_n else None,
        "max_sentences_per_answer": max(lengths), "mean_sentences_per_answer":
            float(np.mean(lengths)),
        "quotes_verbatim": verbatim / quotes if quotes else 1.0,
    }
    figures["curve"] = [
        {"hedge_below": t,
         "answerable_hedged_or_refused": float(((conf < t) | refused)[ans].mean()),
         "unanswerable_hedged_or_refused": float(((conf < t) | refused)[~ans].mean()),
         "first_quote_holds_answer_when_answered": float(hits[ans & (conf >= t) & ~refused]
                                                         .mean())}
        for t in THRESHOLDS
    ]
    # calibration: confidence against "the first quote holds the answer" (unanswerable: no)
    shown = ~refused
    table = []
    for lo, hi in itertools.pairwise(BINS):
        m = shown & (conf >= lo) & (conf < hi)
        if m.any():
            table.append({"confidence": f"{lo:.1f}-{min(hi, 1.0):.1f}", "answers": int(m.sum()),
                          "mean_confidence": float(conf[m].mean()),
                          "holds_answer": float(hits[m].mean())})
    figures["calibration"] = table
    return figures


def natural_figures(app: Footnote, folder: Path, one_library: bool,
                    prefix: str = "natural") -> dict[str, float]:
    """The natural set, in one library of all its articles or one library each (named
    from ``prefix``)."""
    natural = load_natural(folder)

    def named(lib: str) -> str:  # the bench's library for the set's article ``lib``
        return f"{prefix}-all" if one_library else f"{prefix}-{lib}"

    def library_of(q: dict[str, object]) -> str:
        return named(library_name(Path(str(q["article"])).stem))

    for lib, path in natural.articles.items():
        app.add_file(named(lib), path, actor="bench")

    right = right_plain = refused = hedged = 0
    for q in natural.questions:
        lib = library_of(q)
        answer = app.ask(lib, q["question"])
        wanted = wanted_sentences(q)
        ok = not answer.declined and any(w in c.quote for c in answer.citations for w in wanted)
        right += ok
        right_plain += ok and not answer.hedged
        refused += answer.declined
        hedged += answer.hedged
    off = [app.ask(named(next(iter(natural.articles))), q).declined for q in natural.off_topic]
    unanswered = [(a.declined or a.hedged) for a in (
        app.ask(library_of(q), str(q["question"])) for q in natural.unanswerable)]
    n = len(natural.questions)
    figures = {"questions": n, "right_sentence": right / n,
               "right_sentence_not_hedged": right_plain / n, "refused": refused / n,
               "hedged": hedged / n, "off_topic_refused": float(np.mean(off))}
    if unanswered:
        figures["unanswerable_hedged_or_refused"] = float(np.mean(unanswered))
    return figures


def speed(app: Footnote, questions: list[str], library: str) -> dict[str, float]:
    """Ask p50/p95 and the share of it spent encoding the question (model loaded)."""
    whole, encode = [], []
    for q in questions:
        start = time.perf_counter()
        app.encoder.encode([as_asked(q)])
        encode.append(time.perf_counter() - start)
        start = time.perf_counter()
        app.ask(library, q)
        whole.append(time.perf_counter() - start)
    whole_ms, encode_ms = np.array(whole) * 1000, np.array(encode) * 1000
    return {"ask_p50_ms": float(np.percentile(whole_ms, 50)),
            "ask_p95_ms": float(np.percentile(whole_ms, 95)),
            "encode_p50_ms": float(np.percentile(encode_ms, 50)),
            "rest_p50_ms": float(np.percentile(whole_ms - encode_ms, 50))}


def show(title: str, figures: dict[str, object]) -> None:
    """Print one block of figures."""
    print(f"\n{title}")
    for key, value in figures.items():
        if key == "curve":
            print("  trade-off (hedge below confidence t): t, answerable hedged+refused, "
                  "unanswerable hedged+refused, first quote holds answer when answered")
            for row in value:  # type: ignore[union-attr]
                print(f"    {row['hedge_below']:.2f}  {row['answerable_hedged_or_refused']:.3f}"
                      f"  {row['unanswerable_hedged_or_refused']:.3f}"
                      f"  {row['first_quote_holds_answer_when_answered']:.3f}")
        elif key == "calibration":
            print("  calibration: confidence bin, answers, mean confidence, first quote holds "
                  "the answer")
            for row in value:  # type: ignore[union-attr]
                print(f"    {row['confidence']}  {row['answers']:>4}  "
                      f"{row['mean_confidence']:.3f}  {row['holds_answer']:.3f}")
        elif isinstance(value, float):
            print(f"  {key:<42} {value:.3f}")
        else:
            print(f"  {key:<42} {value}")


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--natural", type=Path, default=NATURAL_TEST)
    parser.add_argument("--wire", type=Path, default=WIRE_TEST)
    parser.add_argument("--news", type=Path, default=NEWS_TEST)
    parser.add_argument("--fresh", type=Path, default=FRESH_TEST)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    articles = load(args.eval)
    held_out = [  # (results key and library prefix, folder, what it is, articles it holds)
        ("natural", args.natural, "natural questions (tests/data/natural, held out)", "six"),
        ("wire", args.wire, "wire stories (bench/data/wire_heldout, held out)", "six"),
        ("news", args.news, "news stories (bench/data/news_heldout, held out)", "32"),
        ("fresh", args.fresh, "fresh stories (bench/data/fresh_heldout, held out)", "24"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        app = Footnote(load_settings(data_dir=Path(tmp)))
        app.encoder.encode(["load the model before timing"])
        app.add_text("warm-up", "Warm-up\n\nThe analysis models load before the timing "
                     "starts, as in a running bot.", actor="bench")  # cold start: its own bench
        ingest = []
        for art in articles:
            start = time.perf_counter()
            app.add_text(art.library, art.text, title=art.title, actor="bench")
            ingest.append(time.perf_counter() - start)
            app.add_text("all-three", art.text, title=art.title, actor="bench")
        latencies: list[float] = []
        results: dict[str, object] = {
            "data": f"{args.eval.name} (report only: never used to fit or choose)",
            "per_article": squad_figures(app, articles, lambda a: a.library, latencies,
                                         others=True),
            "one_library": squad_figures(app, articles, lambda a: "all-three", [],
                                         others=False),
        }
        for key, folder, _, _ in held_out:
            results[f"{key}_one_library"] = natural_figures(app, folder, one_library=True,
                                                            prefix=key)
            results[f"{key}_per_article"] = natural_figures(app, folder, one_library=False,
                                                            prefix=key)
        questions = [q.text for a in articles for q in a.questions]
        lat = np.array(latencies) * 1000
        results["speed"] = {
            "ask_p50_ms_over_eval": float(np.percentile(lat, 50)),
            "ask_p95_ms_over_eval": float(np.percentile(lat, 95)),
            **speed(app, questions[:300], articles[0].library),
            "ingest_seconds_per_article": float(np.mean(ingest)),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    print(f"data: {results['data']}")
    show("eval, one article per library:", results["per_article"])  # type: ignore[arg-type]
    show("eval, one library holding all three articles:",
         results["one_library"])  # type: ignore[arg-type]
    for key, _, what, articles_in_one in held_out:
        show(f"{what}, one library of {articles_in_one} articles:",
             results[f"{key}_one_library"])  # type: ignore[arg-type]
        show(f"{what.split(' (')[0]}, one article per library:",
             results[f"{key}_per_article"])  # type: ignore[arg-type]
    show("speed (model loaded):", results["speed"])  # type: ignore[arg-type]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
