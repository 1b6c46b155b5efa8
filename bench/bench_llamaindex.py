"""Footnote against LlamaIndex's default retriever, same model, same articles, one run.

Two SQuAD 2.0 articles from ``../shared/train/`` (never ``eval/``), each its own index.
Per side: time to build the index, query latency p50/p95 once loaded (every answerable
question of both articles), whether the first chunk (LlamaIndex) or the first quote
(Footnote) holds a gold answer, and how many characters a reader gets. Then the seed
article with the casual seed questions (``tests/seed_questions.py``; latency only, they
have no gold answers), each question asked 5 times.

LlamaIndex is never a dependency of Footnote: it lives in its own virtual environment,
``bench/.venv-llamaindex`` (``--setup`` makes it: torch 2.13.0 first, then
llama-index-core and llama-index-embeddings-huggingface), and its half runs there as a
subprocess of this script (the same file, ``--llamaindex-child``).

    python bench/bench_llamaindex.py [--setup] [--articles IPod,Solar_energy] [--backend onnx]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "squad2-train-first10.json.gz"
VENV = ROOT / "bench" / ".venv-llamaindex"
ARTICLES = "IPod,Solar_energy"
# Issue 9, previous release (quiet machine): Footnote p50 13.1 ms, LlamaIndex 12.7 ms.
PREVIOUS = {"footnote_p50_ms": 13.1, "llamaindex_p50_ms": 12.7, "footnote_build_s": 5.4,
            "llamaindex_build_s": 0.9}


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def holds_gold(text: str, answers: list[str]) -> bool:
    """Whether ``text`` contains one of the gold answers (case-insensitive)."""
    low = text.lower()
    return any(a.lower() in low for a in answers)


def load_articles(names: list[str]) -> list[dict]:
    """The named SQuAD articles: title, text (paragraphs joined) and answerable questions."""
    with gzip.open(TRAIN) as fh:
        data = json.loads(fh.read())["data"]
    by_title = {a["title"]: a for a in data}
    missing = [n for n in names if n not in by_title]
    if missing:
        raise SystemExit(f"not in {TRAIN.name}: {missing}; have {sorted(by_title)}")
    articles = []
    for name in names:
        art = by_title[name]
        questions = [{"q": qa["question"], "answers": [a["text"] for a in qa["answers"]]}
                     for p in art["paragraphs"] for qa in p["qas"] if not qa.get("is_impossible")]
        text = "\n\n".join(p["context"].strip() for p in art["paragraphs"])
        articles.append({"title": name.replace("_", " "), "text": text, "questions": questions})
    return articles


def seed_article(repeats: int = 5) -> dict:
    """The seed article, asked the seed questions ``repeats`` times each (latency only)."""
    sys.path.insert(0, str(ROOT))
    from tests.seed_questions import SEED_QUESTIONS

    path = next((ROOT / "seeds").glob("*.txt"))
    text = path.read_text("utf-8")
    title = next(line.strip() for line in text.splitlines() if len(line.split()) > 3)
    return {"title": title, "text": text,
            "questions": [{"q": q, "answers": []} for q in SEED_QUESTIONS] * repeats}


def summary(build_s: float, latencies: list[float], hits: list[bool], chars: list[int],
            refused: int) -> dict[str, float]:
    """The figures one side reports."""
    return {
        "build_s": build_s, "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": pct(latencies, 95) * 1000, "first_holds_answer": sum(hits) / len(hits),
        "chars_to_read": statistics.mean(chars), "refused": refused / len(hits),
        "questions": len(hits),
    }


# --- the LlamaIndex half: runs inside bench/.venv-llamaindex -----------------------------

def llamaindex_child(spec_file: Path) -> None:
    """Build LlamaIndex's default index per article and time its default retriever."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from llama_index.core import Document, Settings, VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    spec = json.loads(spec_file.read_text("utf-8"))
    torch.set_num_threads(spec["threads"])  # as many as Footnote's encoder uses
    Settings.llm = None
    Settings.embed_model = HuggingFaceEmbedding(model_name=spec["model"])
    Settings.embed_model.get_text_embedding("load the model before timing")
    build_s, latencies, hits, chars = 0.0, [], [], []
    for art in spec["articles"]:
        start = time.perf_counter()
        index = VectorStoreIndex.from_documents([Document(text=art["text"])])
        build_s += time.perf_counter() - start
        retriever = index.as_retriever()
        retriever.retrieve("warm up")
        for q in art["questions"]:
            start = time.perf_counter()
            nodes = retriever.retrieve(q["q"])
            latencies.append(time.perf_counter() - start)
            texts = [n.node.get_content() for n in nodes]
            hits.append(bool(texts) and holds_gold(texts[0], q["answers"]))
            chars.append(sum(len(t) for t in texts))
    print("RESULT " + json.dumps(summary(build_s, latencies, hits, chars, 0)))


def run_llamaindex(articles: list[dict], model_dir: Path, threads: int) -> dict[str, float]:
    """The LlamaIndex half, in its own venv; its figures."""
    python = VENV / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"No {VENV}: run `python bench/bench_llamaindex.py --setup` first.")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump({"model": str(model_dir), "articles": articles, "threads": threads}, fh)
    try:
        done = subprocess.run([str(python), __file__, "--llamaindex-child", fh.name],
                              capture_output=True, text=True, cwd=tempfile.gettempdir())
    finally:
        os.unlink(fh.name)
    lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"the LlamaIndex half failed:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1].removeprefix("RESULT "))


def setup_venv() -> None:
    """Make bench/.venv-llamaindex (torch's CPU wheel first, so pip keeps it)."""
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "torch==2.13.0"], check=True)
    subprocess.run([*pip, "llama-index-core", "llama-index-embeddings-huggingface"], check=True)


# --- the Footnote half: runs here --------------------------------------------------------

def run_footnote(articles: list[dict], backend: str) -> tuple[dict[str, float], Path, int]:
    """Each article its own library, every question through ``Footnote.ask``."""
    sys.path.insert(0, str(ROOT))
    from bot.encoders.locate import unpack_bundled_model
    from bot.service import Footnote
    from bot.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), embed_backend=backend)
        app = Footnote(settings)
        app.encoder.encode(["load the model before timing"])
        build_s, latencies, hits, chars, refused = 0.0, [], [], [], 0
        for n, art in enumerate(articles):
            library = f"article-{n}"
            start = time.perf_counter()
            app.add_text(library, art["text"], title=art["title"], actor="bench")
            build_s += time.perf_counter() - start
            app.ask(library, "warm up: load the index")
            for q in art["questions"]:
                start = time.perf_counter()
                answer = app.ask(library, q["q"])
                latencies.append(time.perf_counter() - start)
                quotes = [c.quote for c in answer.citations]
                refused += answer.declined
                hits.append(bool(quotes) and holds_gold(quotes[0], q["answers"]))
                chars.append(len(answer.text))
        model_dir = unpack_bundled_model(settings.cache_dir)
    return summary(build_s, latencies, hits, chars, refused), model_dir, settings.encoder_threads


def main() -> int:
    """Run both halves and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default=ARTICLES, help="SQuAD titles, comma-separated")
    parser.add_argument("--backend", default="onnx", choices=["onnx", "torch"])
    parser.add_argument("--setup", action="store_true", help=f"make {VENV.name} first")
    parser.add_argument("--llamaindex-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.llamaindex_child:
        llamaindex_child(args.llamaindex_child)
        return 0
    if args.setup:
        setup_venv()
    articles = load_articles([a.strip() for a in args.articles.split(",")])
    load_before = os.getloadavg()[0]
    ours, model_dir, threads = run_footnote(articles, args.backend)
    theirs = run_llamaindex(articles, model_dir, threads)
    load_after = os.getloadavg()[0]

    print(f"\n{', '.join(a['title'] for a in articles)} ({ours['questions']} answerable "
          f"questions); same model (all-MiniLM-L6-v2); Footnote backend {args.backend}; "
          f"{threads} encoder threads each; load average {load_before:.2f} before, "
          f"{load_after:.2f} after")
    rows = [
        ("query p50 ms (loaded)", "p50_ms", "{:.1f}", "footnote_p50_ms", "llamaindex_p50_ms"),
        ("query p95 ms", "p95_ms", "{:.1f}", None, None),
        ("index build s", "build_s", "{:.2f}", "footnote_build_s", "llamaindex_build_s"),
        ("first quote/chunk holds answer", "first_holds_answer", "{:.3f}", None, None),
        ("characters to read", "chars_to_read", "{:.0f}", None, None),
        ("refused", "refused", "{:.3f}", None, None),
    ]
    print(f"{'':<32} {'Footnote':>10} {'LlamaIndex':>11} {'ratio L/F':>10}   previous release")
    for label, key, fmt, prev_ours, prev_theirs in rows:
        ratio = theirs[key] / ours[key] if ours[key] else float("nan")
        before = ""
        if prev_ours:
            before = f"Footnote {PREVIOUS[prev_ours]}, LlamaIndex {PREVIOUS[prev_theirs]}"
        print(f"{label:<32} {fmt.format(ours[key]):>10} {fmt.format(theirs[key]):>11} "
              f"{ratio:>10.2f}   {before}")
    seed = [seed_article()]
    seed_ours, _, _ = run_footnote(seed, args.backend)
    seed_theirs = run_llamaindex(seed, model_dir, threads)
    print(f"seed article, {len(seed[0]['questions'])} asks: p50 ms Footnote "
          f"{seed_ours['p50_ms']:.1f}, LlamaIndex {seed_theirs['p50_ms']:.1f} (ratio "
          f"{seed_theirs['p50_ms'] / seed_ours['p50_ms']:.2f}); p95 {seed_ours['p95_ms']:.1f} "
          f"vs {seed_theirs['p95_ms']:.1f}; load average now {os.getloadavg()[0]:.2f}")
    print("Targets (issue 9): Footnote ask p50 <= 4 ms and >= 3x faster than LlamaIndex.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
