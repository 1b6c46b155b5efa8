"""Article formats through the command line, as other people's articles and questions are
run: ``footnote add`` each file, then ``footnote ask --batch`` (JSON lines out).

    python bench/bench_formats.py [SET_FOLDER] [--json OUT]

The set (default ``bench/data/formats_dev``: web pages saved with their clutter, Markdown
interviews and explainers, live blogs, press releases, text pasted from a news page, tables
and fact boxes) is asked in one library of all its articles and in one library per article,
each by a fresh ``footnote`` process against a fresh data folder. Counted per way, as
``bench_answers.py`` counts the natural sets: right sentence (a quote holds it; refusals
as misses), first quote right, refused, hedged, plain right
and plain wrong (neither hedged nor refused, by the first quote), the unanswerable ones
hedged or refused, and the off-topic ones refused (one library). A set written to develop
on: stop 48 found what it fixed there (docs/benchmarks.md), so its figures are not held out.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import load_natural, wanted_sentences  # noqa: E402
from bench.squad import library_name  # noqa: E402

DEFAULT_SET = ROOT / "bench" / "data" / "formats_dev"
FIGURES = ("questions", "right", "first", "refused", "hedged", "plain_right", "plain_wrong",
           "unanswerable", "unanswerable_caught", "off_topic", "off_topic_refused")


def footnote(data: Path, *args: str, stdin: str | None = None) -> str:
    """Run ``footnote --data-dir DATA ARGS``; its standard output (exit 0 required)."""
    command = [sys.executable, "-m", "bot.cli", "--data-dir", str(data), *args]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=ROOT,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip()}")
    return done.stdout


def ask_batch(data: Path, library: str, questions: list[tuple[str, str]]) -> dict[str, dict]:
    """``footnote ask --batch`` of (id, question) pairs; the answers by id."""
    lines = "\n".join(json.dumps({"id": i, "question": q}) for i, q in questions)
    out = footnote(data, "ask", "--batch", "-", "--library", library, stdin=lines)
    return {(row := json.loads(line))["id"]: row for line in out.splitlines() if line.strip()}


def measure(folder: Path, one_library: bool) -> Counter[str]:
    """The set asked one way (one library of all articles, or one per article)."""
    data_set = load_natural(folder)
    counts: Counter[str] = Counter()

    def library(article: object) -> str:
        return "formats" if one_library else library_name(Path(str(article)).stem)

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        for path in data_set.articles.values():
            footnote(data, "add", str(path), "--library", library(path.name))
        asked: dict[str, list[tuple[str, str]]] = {}
        for kind, questions in (("questions", data_set.questions),
                                ("unanswerable", data_set.unanswerable)):
            for n, q in enumerate(questions):
                asked.setdefault(library(q["article"]), []).append(
                    (f"{kind}{n}", str(q["question"])))
        answers: dict[str, dict] = {}
        for lib, pairs in asked.items():
            answers |= ask_batch(data, lib, pairs)
        for n, q in enumerate(data_set.questions):
            row = answers[f"questions{n}"]
            quotes = [c["quote"] for c in row.get("citations", [])]
            holds = [any(w in quote for w in wanted_sentences(q)) for quote in quotes]
            first = not row["declined"] and bool(holds) and holds[0]
            counts["questions"] += 1
            counts["right"] += not row["declined"] and any(holds)
            counts["first"] += first
            counts["refused"] += row["declined"]
            counts["hedged"] += row["hedged"]
            counts["plain_right"] += first and not row["hedged"]
            counts["plain_wrong"] += not first and not row["hedged"] and not row["declined"]
        for n in range(len(data_set.unanswerable)):
            row = answers[f"unanswerable{n}"]
            counts["unanswerable"] += 1
            counts["unanswerable_caught"] += row["declined"] or row["hedged"]
        if one_library:
            off = ask_batch(data, "formats", [
                (f"off{n}", q) for n, q in enumerate(data_set.off_topic)])
            counts["off_topic"] += len(off)
            counts["off_topic_refused"] += sum(row["declined"] for row in off.values())
    return counts


def main() -> int:
    """Measure the set both ways and print (and optionally save) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_SET)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = {}
    for name, one in (("one library", True), ("per article", False)):
        counts = measure(args.folder, one)
        figures[name] = {f: counts[f] for f in FIGURES}
        n = max(counts["questions"], 1)
        print(f"{name:<12} questions {counts['questions']}  right {counts['right']} "
              f"({counts['right'] / n:.3f})  first quote {counts['first']}  refused "
              f"{counts['refused']}  hedged {counts['hedged']}  plain right "
              f"{counts['plain_right']}  plain wrong {counts['plain_wrong']}  | unanswerable "
              f"hedged or refused {counts['unanswerable_caught']} of {counts['unanswerable']}"
              + (f"  | off-topic refused {counts['off_topic_refused']} of {counts['off_topic']}"
                 if one else ""))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
