"""Conversations: does a question asked after another one about its own story get the right
sentence, and one asked right after a question about another story? And is it hedged
when, and only when, its first quote is wrong?

    python bench/bench_conversations.py [--held-out] [SET_FOLDER ...]

Each natural question set's articles go into one library (as a server's do). Every story
gets an opening question: its first question that library answers plainly with the right
sentence. Each of the story's other questions is then asked after that opening (staying
on the story: "whos the judge" after "how much was southern water fined"), and each of its
questions after the next story's opening (switching story). Counted: right sentence in
any quote, refused, hedged, and the plain answers (neither hedged nor refused) whose first
quote is right and whose first quote is wrong. Asked alone, a question's answer is what
``bench_answers.py`` counts in one library.

The training sets (``bench/data/natural_train``, ``wire_train``) are the default, to
develop on; ``--held-out`` reads the held-out sets instead (``tests/data/natural``,
``bench/data/wire_heldout``, ``news_heldout``, ``fresh_heldout``): measure them, never
change anything for them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import (  # noqa: E402
    FRESH_TEST,
    NATURAL_TEST,
    NATURAL_TRAIN,
    NEWS_TEST,
    WIRE_TEST,
    WIRE_TRAIN,
    load_natural,
    wanted_sentences,
)
from bench.squad import library_name  # noqa: E402
from bot.conversation import Turn  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import load_settings  # noqa: E402


def conversations(app: Footnote, folder: Path) -> dict[str, list[int]]:
    """Ask one set's questions as conversations in one library of its articles; per kind
    ("stay", "switch"): questions, right, refused, hedged, plain right, plain wrong."""
    natural = load_natural(folder)
    library = f"conversations-{folder.name}"
    for path in natural.articles.values():
        app.add_file(library, path, actor="bench")
    by_story: dict[str, list[dict[str, object]]] = {}
    for q in natural.questions:
        by_story.setdefault(library_name(Path(str(q["article"])).stem), []).append(q)
    openings: dict[str, tuple[str, Turn]] = {}
    for story, questions in by_story.items():
        for q in questions:
            answer = app.ask(library, str(q["question"]))
            if not answer.declined and not answer.hedged and any(
                    w in answer.citations[0].quote for w in wanted_sentences(q)):
                openings[story] = (str(q["question"]), Turn.of(answer))
                break
    stories = sorted(openings)
    counts = {"stay": [0] * 6, "switch": [0] * 6}
    for story, questions in by_story.items():
        if story not in openings:
            continue
        following = openings[stories[(stories.index(story) + 1) % len(stories)]]
        for kind, (opening, turn) in (("stay", openings[story]), ("switch", following)):
            for q in questions:
                if q["question"] == opening:
                    continue
                answer = app.ask(library, str(q["question"]), previous=turn)
                right = not answer.declined and any(
                    w in c.quote for c in answer.citations for w in wanted_sentences(q))
                row = counts[kind]
                row[0] += 1
                row[1] += right
                row[2] += answer.declined
                row[3] += answer.hedged
                if not (answer.declined or answer.hedged):
                    first = any(w in answer.citations[0].quote for w in wanted_sentences(q))
                    row[4 if first else 5] += 1
    return counts


def main() -> int:
    """Run the conversations of each set and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="natural question sets")
    parser.add_argument("--held-out", action="store_true",
                        help="the held-out sets (report only) instead of the training ones")
    args = parser.parse_args()
    folders = args.folders or (
        [NATURAL_TEST, WIRE_TEST, NEWS_TEST, FRESH_TEST] if args.held_out
        else [NATURAL_TRAIN, WIRE_TRAIN])
    total = {"stay": [0] * 6, "switch": [0] * 6}
    with tempfile.TemporaryDirectory() as tmp:
        app = Footnote(load_settings(data_dir=Path(tmp)))
        for folder in folders:
            counts = conversations(app, folder)
            for kind, row in counts.items():
                total[kind] = [a + b for a, b in zip(total[kind], row, strict=True)]
                show(f"{folder.name} {kind}", row)
    if len(folders) > 1:
        for kind, row in total.items():
            show(f"all {kind}", row)
    return 0


def show(title: str, row: list[int]) -> None:
    """One line: questions, right sentence, refused, hedged, plain right / wrong."""
    n, right, refused, hedged, plain_right, plain_wrong = row
    print(f"{title:<28} questions {n:>4}  right sentence {right:>4} ({right / max(n, 1):.3f})"
          f"  refused {refused:>3}  hedged {hedged:>4} ({hedged / max(n, 1):.3f})"
          f"  plain right {plain_right:>4}  plain wrong {plain_wrong:>4}")


if __name__ == "__main__":
    raise SystemExit(main())
