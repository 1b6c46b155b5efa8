"""Dialogues: short conversations written as people chat about a story, each turn leaning
on the ones before ("how old is she?", "when?", "what did he say?", "tell me more").

    python bench/bench_dialogues.py [--held-out] [--per-article] [--json OUT]

Each dialogue is asked turn by turn, each turn following up on the answer before it as
``footnote chat`` and a Discord thread do (:func:`bot.conversation.context_after`), in one
library holding every article of the file (as a server's library does), or with
``--per-article`` in a library of its article alone. A turn that the article answers is
right when a quote holds its sentence (refusals as misses), and plain right or plain wrong
by its first quote when it is neither hedged nor refused; a turn the article does not
answer (``"sentence": null``) should be hedged or refused. First turns and follow-ups are
counted apart.

``bench/data/dialogues_train/`` (the default) is to develop on;
``bench/data/dialogues_heldout/`` (``--held-out``, over the held-out natural and wire
articles) is read only to report: never change anything for it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answer_data import NATURAL_TRAIN, WIRE_TRAIN, wanted_sentences  # noqa: E402
from bot.conversation import Turn, context_after  # noqa: E402
from bot.models import Answer  # noqa: E402
from bot.service import Footnote  # noqa: E402
from bot.settings import load_settings  # noqa: E402

TRAIN = ROOT / "bench" / "data" / "dialogues_train" / "dialogues.json"
HELD_OUT = ROOT / "bench" / "data" / "dialogues_heldout" / "dialogues.json"
ARTICLE_FOLDERS = {"natural_train": NATURAL_TRAIN, "wire_train": WIRE_TRAIN}
"""Where a training dialogue's article lies, by its set (held-out ones give a path)."""


@dataclass
class Tally:
    """What happened to one kind of turn."""

    answerable: int = 0
    right: int = 0
    plain_right: int = 0
    plain_wrong: int = 0
    refused: int = 0
    hedged: int = 0
    unanswerable: int = 0
    caught: int = 0
    """Unanswerable turns hedged or refused."""
    rows: list[dict[str, object]] = field(default_factory=list)

    def add(self, question: str, wanted: tuple[str, ...], answer: Answer) -> None:
        """Count one turn (``wanted`` empty: the article does not answer it)."""
        quotes = [c.quote for c in answer.citations]
        plain = not (answer.declined or answer.hedged)
        if wanted:
            right = not answer.declined and any(w in q for q in quotes for w in wanted)
            first = bool(quotes) and any(w in quotes[0] for w in wanted)
            self.answerable += 1
            self.right += right
            self.refused += answer.declined
            self.hedged += answer.hedged
            self.plain_right += plain and first
            self.plain_wrong += plain and not first
        else:
            right = not plain
            self.unanswerable += 1
            self.caught += right
        self.rows.append({"question": question, "answerable": bool(wanted), "right": right,
                          "declined": answer.declined, "hedged": answer.hedged,
                          "text": answer.text,
                          "articles": [c.article_id for c in answer.citations]})

    def line(self, title: str) -> str:
        """The tally as one printed line."""
        n, u = max(self.answerable, 1), max(self.unanswerable, 1)
        return (f"{title:<22} answerable {self.answerable:>4}  right {self.right:>4} "
                f"({self.right / n:.3f})  plain right {self.plain_right:>4}  plain wrong "
                f"{self.plain_wrong:>3}  hedged {self.hedged:>3}  refused {self.refused:>3}  "
                f"| not answered by the article {self.unanswerable:>3}, hedged or refused "
                f"{self.caught:>3} ({self.caught / u:.3f})")


def article_path(dialogue: dict[str, object]) -> Path:
    """The file of a dialogue's article."""
    folder = ARTICLE_FOLDERS.get(str(dialogue["set"]))
    return folder / str(dialogue["article"]) if folder else ROOT / str(dialogue["article"])


def wanted_of(turn: dict[str, object]) -> tuple[str, ...]:
    """The sentences a right quote of the turn holds (none: the article does not say)."""
    return () if turn.get("sentence") is None else wanted_sentences(turn)


def run(app: Footnote, dialogues: list[dict[str, object]], *, per_article: bool
        ) -> dict[str, Tally]:
    """Ask every dialogue; tallies of first turns and follow-ups."""
    paths = sorted({article_path(d) for d in dialogues})
    for n, path in enumerate(paths):
        app.add_file(f"article-{n}" if per_article else "dialogues", path, actor="bench")
    tallies = {"first turn": Tally(), "follow-up": Tally()}
    for dialogue in dialogues:
        library = f"article-{paths.index(article_path(dialogue))}" if per_article \
            else "dialogues"
        previous: Turn | str | None = None
        for i, turn in enumerate(dialogue["turns"]):  # type: ignore[attr-defined]
            answer = app.ask(library, str(turn["question"]), previous=previous)
            tallies["follow-up" if i else "first turn"].add(
                str(turn["question"]), wanted_of(turn), answer)
            previous = context_after(answer, previous)
    return tallies


def main() -> int:
    """Run the dialogues and print the tallies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true",
                        help="the held-out dialogues (report only) instead of the training ones")
    parser.add_argument("--per-article", action="store_true",
                        help="each article in a library of its own")
    parser.add_argument("--json", type=Path, help="also write every turn's outcome here")
    args = parser.parse_args()
    data = json.loads((HELD_OUT if args.held_out else TRAIN).read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        app = Footnote(load_settings(data_dir=Path(tmp), seed_new_servers=False))
        tallies = run(app, data["dialogues"], per_article=args.per_article)
    for title, tally in tallies.items():
        print(tally.line(title))
    if args.json:
        args.json.write_text(json.dumps({k: t.rows for k, t in tallies.items()}, indent=1),
                             "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
