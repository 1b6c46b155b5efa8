"""Questions asked in a chat's frame: each natural training question asked bare and
wrapped the ways people type in a chat ("hey, can you tell me ... pls", "so i was
wondering, ...", "ok so ..., thanks"), one article per library, in process.

    python bench/bench_frames.py [SET_FOLDER ...]

Prints, per frame, how many first quotes hold the answering sentence, how many answers
are hedged and how many refused. A question's frame is no part of what it asks, so every
row should read as the bare one's (:mod:`bot.answering.frames`). The sets default to
``bench/data/natural_train`` and ``bench/data/wire_train`` (964 questions; training data:
the frames were chosen on ``bench/data/askers_dev``, not on these).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import (  # noqa: E402
    NATURAL_TRAIN,
    WIRE_TRAIN,
    ingest_natural,
    load_natural,
    natural_items,
)
from bot.service import Footnote  # noqa: E402
from bot.settings import load_settings  # noqa: E402

FRAMES = (
    "{q}", "hey, can you tell me {q}", "so i was wondering, {q}", "{q} pls",
    "do you know {q}", "ok so {q}, thanks",
)
"""The bare question, then the frames around it (its question mark taken off first)."""


def main() -> int:
    """Ask every question of the sets in every frame; print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, default=[NATURAL_TRAIN, WIRE_TRAIN])
    args = parser.parse_args()
    right: Counter[str] = Counter()
    hedged: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    asked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, folder in enumerate(args.sets):
            natural = load_natural(folder)
            app = Footnote(load_settings(data_dir=Path(tmp) / str(n)))
            ingest_natural(app, natural)
            for item in natural_items(natural):
                if item.source != "natural":
                    continue
                asked += 1
                for frame in FRAMES:
                    answer = app.ask(item.library, frame.format(q=item.text.rstrip("?")))
                    first = answer.citations[0].quote if answer.citations and \
                        not answer.declined else ""
                    right[frame] += any(w in first for w in item.answers)
                    hedged[frame] += answer.hedged
                    refused[frame] += answer.declined
    print(f"{asked} questions of {', '.join(f.name for f in args.sets)}, one article per "
          "library")
    for frame in FRAMES:
        print(f"  {frame!r:30} first quote right {right[frame]:4}  hedged {hedged[frame]:4}  "
              f"refused {refused[frame]:4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
