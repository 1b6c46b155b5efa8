"""The answer span: where an answer's marked span (bold, ``answer_span``) falls.

    python bench/bench_spans.py [--natural DIR] [--show]

Each article of a natural question set gets its own library; every question that asks
for a kind of thing (a name, date, number, place: :func:`bot.question.expected_labels`)
is asked, and where the first quote holds the sentence that answers it, the marked span
is counted as inside that answering phrase, outside it, or missing. "Who is X?"
questions are answered by a description, so they count among the missing. Where only a
later quote holds the answering phrase, that quote's span is counted the same way; and a
span marked in a later quote when the first quote holds the phrase is counted as misplaced.

``bench/data/natural_train/`` (the default) is the set to develop on;
``tests/data/natural/`` is held out: measure it, never change anything for it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import NATURAL_TRAIN, ingest_natural, load_natural  # noqa: E402
from bench.squad import library_name  # noqa: E402
from bot.question import expected_labels  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import load_settings  # noqa: E402


def main() -> int:
    """Ask, count and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--natural", type=Path, default=NATURAL_TRAIN)
    parser.add_argument("--show", action="store_true", help="print every span off its phrase")
    args = parser.parse_args()
    natural = load_natural(args.natural)
    counts = {"inside": 0, "outside": 0, "missing": 0}
    later = {"inside": 0, "outside": 0, "missing": 0}
    misplaced = 0
    with tempfile.TemporaryDirectory() as tmp:
        app = Footnote(load_settings(data_dir=Path(tmp)))
        ingest_natural(app, natural)
        asked = 0
        for q in natural.questions:
            question = str(q["question"])
            if not expected_labels(question):
                continue
            asked += 1
            answer = app.ask(library_name(Path(str(q["article"])).stem), question)
            wanted = q["sentence"] if isinstance(q["sentence"], list) else [q["sentence"]]
            if answer.declined or not answer.citations:
                continue
            holding = [(c, w) for c in answer.citations for w in map(str, wanted)
                       if w in c.quote]
            if not holding:
                continue
            citation, phrase = holding[0]
            first = citation is answer.citations[0]
            span = citation.quote[slice(*citation.answer_span)] if citation.answer_span \
                else None
            kind = "missing" if span is None else "inside" if span in phrase else "outside"
            (counts if first else later)[kind] += 1
            misplaced += first and any(c.answer_span for c in answer.citations[1:])
            if args.show and kind != "inside":
                where = "" if first else " (a later quote)"
                print(f"  {kind}{where}: {question!r} -> {span!r} "
                      f"(answering phrase {phrase[:70]!r})")
    quoted = sum(counts.values())
    print(f"{args.natural}: {asked} questions asking for a kind of thing; the first quote "
          f"holds the answering phrase for {quoted}")
    for kind, n in counts.items():
        print(f"  span {kind:<8} {n:>4}  {n / max(quoted, 1):.3f}")
    print(f"  a later quote holds it for {sum(later.values())}: span inside {later['inside']}, "
          f"outside {later['outside']}, missing {later['missing']}; a span in a later quote "
          f"while the first holds the phrase: {misplaced}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
