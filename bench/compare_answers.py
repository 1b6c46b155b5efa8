"""Every answer to the development or training questions, kept per question, and what
moved between two runs: the loop each answer change is judged by (docs/benchmarks.md).

    python bench/compare_answers.py ask dev OUT.jsonl         # the dev sets, both ways
    python bench/compare_answers.py ask training OUT.jsonl    # SQuAD train + natural/wire
    python bench/compare_answers.py diff BEFORE.jsonl AFTER.jsonl
    python bench/compare_answers.py stories RUN.jsonl         # one library's wrong stories

``ask`` runs every question in-process (the real model, index and rules) and writes one
JSON line per question: its set, the way the set was asked (``one``: one library of all
the set's articles; ``per``: one library per article), the library, the question, whether
it is answerable and on topic, whether a quote holds the answer (``right``) and whether the
first one does (``first``), hedged, refused, the first quote and the answer's text. The
dev sets are :data:`DEV_SETS`; the training questions are SQuAD 2.0 train (each article its
own library, 150 other articles' questions each and the written unanswerable ones) and the
natural and wire training sets both ways. Held-out sets and ``../shared/eval/`` are never
read here: they are reported once, by the benches that report them.

``diff`` prints each figure by set and way, before and after (a changed one starred), then
every question whose answer moved: what it quoted before and after. ``stories`` lists, set
by set, the questions answered right from their own article alone but not in one library of
the set's articles: the story each should come from, and the stories one library quoted
(where the one-library figures lose to the per-article ones). Run ``ask`` on the code
before a change (a ``git worktree`` of it) and after, then ``diff``: about four minutes a
run on 2 cores, two at once.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data"
DEV_SETS = ("formats_dev", "formats_dev2", "intl_dev", "longform_dev", "uswire_dev",
            "learners_dev", "beats_dev", "shapes_dev", "genres_dev", "askers_dev", "kinds_dev",
            "views_dev")
"""The sets written to develop on (stops 48-66): rules are chosen with them."""
TRAINING_SETS = ("natural_train", "wire_train")
"""The natural-question sets the models were fitted on (with SQuAD 2.0 train)."""
FIGURES = ("answerable", "right", "first", "hedged", "refused", "unanswerable",
           "unanswerable_caught", "off_topic", "off_topic_refused")
"""What :func:`totals` counts: answerable questions (right: a quote holds the answer;
first: the first quote does; hedged; refused), unanswerable ones hedged or refused
(caught), off-topic ones refused."""


def _folder(name: str) -> Path:
    """A question set's folder; never a held-out one."""
    if "heldout" in name or name not in (*DEV_SETS, *TRAINING_SETS):
        raise SystemExit(f"{name}: not a development or training set")
    return DATA / name


def ask(kind: str) -> Iterator[dict[str, object]]:
    """One row per question of the ``kind`` ("dev" or "training") sets, as answered now."""
    # imported here: ``diff`` reads files and needs neither the bot nor its model
    from bench.answer_data import (
        WRITTEN_UNANSWERABLE,
        ingest_natural,
        load_natural,
        load_written,
        natural_items,
        squad_items,
    )
    from bench.squad import DEFAULT_TRAIN, contains_gold, ingest, load
    from bot.service import Footnote
    from bot.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        app = Footnote(load_settings(data_dir=Path(tmp)))
        work = []  # (set, way, items)
        if kind == "training":
            articles = load(DEFAULT_TRAIN)
            ingest(app, articles)
            work.append(("squad", "per", squad_items(
                articles, others_per_library=150, written=load_written(WRITTEN_UNANSWERABLE))))
        for name in DEV_SETS if kind == "dev" else TRAINING_SETS:
            natural = load_natural(_folder(name))
            per = functools.partial("{}-per-{}".format, name)
            ingest_natural(app, natural, library=per)
            work.append((name, "per", natural_items(natural, library=per)))
            ingest_natural(app, natural, library=f"{name}-one")
            work.append((name, "one", natural_items(natural, library=f"{name}-one")))
        for name, way, items in work:
            for item in items:
                answer = app.ask(item.library, item.text)
                quotes = [] if answer.declined else [c.quote for c in answer.citations]
                squad = item.source.startswith("squad")  # gold strings, else the sentence

                def holds(text: str, answers: tuple[str, ...] = item.answers,
                          squad: bool = squad) -> bool:
                    return contains_gold(text, answers) if squad else any(
                        a in text for a in answers)
                yield {
                    "set": name, "way": way, "library": item.library, "question": item.text,
                    "source": item.source, "answerable": item.answerable,
                    "on_topic": item.on_topic,
                    "right": item.answerable and any(holds(q) for q in quotes),
                    "first": item.answerable and bool(quotes) and holds(quotes[0]),
                    "hedged": answer.hedged, "refused": answer.declined,
                    "quote": quotes[0] if quotes else "", "quotes": len(quotes),
                    "text": answer.text,
                    "titles": [] if answer.declined else list(
                        dict.fromkeys(c.title for c in answer.citations)),
                }


def totals(rows: Iterable[dict[str, object]]) -> dict[tuple[str, str], Counter[str]]:
    """:data:`FIGURES` by (set, way), and over every set ("ALL") by way."""
    out: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        for key in ((str(row["set"]), str(row["way"])), ("ALL", str(row["way"]))):
            counts = out[key]
            if row["answerable"] and row["on_topic"]:
                counts["answerable"] += 1
                for figure in ("right", "first", "hedged", "refused"):
                    counts[figure] += bool(row[figure])
            elif row["on_topic"]:
                counts["unanswerable"] += 1
                counts["unanswerable_caught"] += bool(row["hedged"] or row["refused"])
            else:
                counts["off_topic"] += 1
                counts["off_topic_refused"] += bool(row["refused"])
    return out


def keyed(rows: Iterable[dict[str, object]]) -> dict[tuple[object, ...], dict[str, object]]:
    """Rows by (set, way, library, question, n): n tells apart the same question asked
    twice of one library (two articles' "who wrote this" in one library)."""
    seen: Counter[tuple[object, ...]] = Counter()
    out = {}
    for row in rows:
        key = (row["set"], row["way"], row["library"], row["question"])
        out[(*key, seen[key])] = row
        seen[key] += 1
    return out


def moved(before: list[dict[str, object]], after: list[dict[str, object]]
          ) -> Iterator[tuple[dict[str, object], dict[str, object], list[str]]]:
    """(before, after, the figures that changed) for each question whose answer moved (a
    figure or the first quote)."""
    earlier = keyed(before)
    for key, row in keyed(after).items():
        old = earlier.get(key)
        if old is None:
            continue
        changed = [f for f in ("right", "first", "hedged", "refused") if old[f] != row[f]]
        if changed or old["quote"] != row["quote"]:
            yield old, row, changed


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def diff(before: list[dict[str, object]], after: list[dict[str, object]]) -> list[str]:
    """The report ``diff`` prints: the figures, then each question that moved."""
    old, new = totals(before), totals(after)
    lines = ["set way " + " ".join(FIGURES)]
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, Counter()), new.get(key, Counter())
        shown = " ".join(str(b[f]) if a[f] == b[f] else f"{a[f]}->*{b[f]}*" for f in FIGURES)
        lines.append(f"{key[0]} {key[1]} {shown}")
    for was, now, changed in moved(before, after):
        flips = " ".join(f"{f}: {was[f]} -> {now[f]}" for f in changed)
        lines += ["", f"[{now['set']}/{now['way']}/{now['source']}] {now['question']!r} {flips}",
                  f"   was: {str(was['quote'])[:160]}", f"   now: {str(now['quote'])[:160]}"]
    return lines


def stories(rows: list[dict[str, object]]) -> list[str]:
    """The report ``stories`` prints: each answerable question right from its own article
    (asked of its one-article library) and not right in one library of its set, with the
    story it belongs to (the title its own answer quoted) and the stories one library
    quoted, marked when its own is not among them."""
    alone = {(r["set"], r["question"]): r for r in rows if r["way"] == "per"}
    lines: list[str] = []
    listed = elsewhere = 0
    for row in rows:
        own = alone.get((row["set"], row["question"]))
        if row["way"] != "one" or not (row["answerable"] and row["on_topic"]) or \
                row["right"] or own is None or not own["right"]:
            continue
        story = (own.get("titles") or [str(own["library"])])[0]  # it quoted its own article
        titles = list(row.get("titles") or [])
        other = story not in titles
        listed += 1
        elsewhere += other
        quoted = " | ".join(map(str, titles)) or "(refused)"
        lines += [f"[{row['set']}] {row['question']!r}{' (hedged)' if row['hedged'] else ''}",
                  f"   its story: {story}",
                  f"   one library quoted: {quoted}{' (another story)' if other else ''}"]
    lines.append(f"{listed} questions, {elsewhere} of them answered from another story only")
    return lines


def main() -> int:
    """``ask`` or ``diff``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    asking = sub.add_parser("ask", help="answer every question and keep each answer")
    asking.add_argument("kind", choices=("dev", "training"))
    asking.add_argument("out", type=Path)
    diffing = sub.add_parser("diff", help="what moved between two runs")
    diffing.add_argument("before", type=Path)
    diffing.add_argument("after", type=Path)
    listing = sub.add_parser("stories", help="questions one library answers from another story")
    listing.add_argument("run", type=Path)
    args = parser.parse_args()
    if args.command == "ask":
        rows = list(ask(args.kind))
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
        print("\n".join(diff(rows, rows)))  # the figures alone: nothing moved
        return 0
    if args.command == "stories":
        print("\n".join(stories(_read(args.run))))
        return 0
    print("\n".join(diff(_read(args.before), _read(args.after))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
