"""Questions to fit and measure the answerer on, in one shape, and the libraries they ask.

Two sources:

- SQuAD 2.0 files (``../shared/train/`` to fit, ``../shared/eval/`` to report):
  each article its own library;
- unanswerable questions written for the SQuAD train articles that have none of
  their own (``bench/data/squad_train_unanswerable.json``), asked of their article;
- question sets written for Footnote: news-style articles and natural questions
  (lower case, typos, casual forms), a JSON file beside them listing for each
  question the sentence that answers it (``tests/data/natural/`` is the held-out
  test set; ``bench/data/natural_train/`` the disjoint set used for fitting).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.squad import EvalArticle, library_name, load, sha256_of
from bot.service import Footnote

ROOT = Path(__file__).resolve().parent.parent
NATURAL_TEST = ROOT / "tests" / "data" / "natural"
NATURAL_TRAIN = ROOT / "bench" / "data" / "natural_train"
WIRE_TEST = ROOT / "bench" / "data" / "wire_heldout"
"""Wire stories and crowdworker-style questions held out like :data:`NATURAL_TEST`: never
fitted on or chosen with, reported by ``bench/bench_answers.py``."""
WIRE_TRAIN = ROOT / "bench" / "data" / "wire_train"
"""Wire stories in the style of CNN's (dateline, "(CNN) --", no headline on some) with
questions written the way NewsQA's crowdworkers wrote theirs, from a summary and not the
story's words; fitted on like :data:`NATURAL_TRAIN`."""
NEWS_TEST = ROOT / "bench" / "data" / "news_heldout"
"""32 news stories of many countries and subjects (wire and newspaper styles), 640
questions written as people ask them and as crowdworkers write them, 128 unanswerable:
held out like :data:`NATURAL_TEST`, the widest measure here of text and wording nobody
tuned on. Read once by the models of stop 31 before anything changed (docs/benchmarks.md)."""
FRESH_TEST = ROOT / "bench" / "data" / "fresh_heldout"
"""24 stories written in stop 44 (UK local, CNN-style wire, agency stories of several
countries), 480 questions asked as people chat and as crowdworkers write, 120
unanswerable: held out like :data:`NATURAL_TEST`; read to judge two refits (neither
shipped) before it became a report set."""
WRITTEN_UNANSWERABLE = ROOT / "bench" / "data" / "squad_train_unanswerable.json"


@dataclass(frozen=True)
class Item:
    """One question asked of one library, with what counts as a right answer."""

    library: str
    text: str
    answers: tuple[str, ...]
    """Strings a right quote contains (SQuAD gold answers, or the answering sentence)."""
    answerable: bool
    on_topic: bool
    """False for a question about something no article of the library is about."""
    fold: str
    """Cross-validation group: the article (library) it belongs to."""
    source: str
    """"squad", "squad-written-unanswerable", "squad-other" (another article's question),
    "natural",
    "natural-unanswerable", "off-topic"."""
    title: str = ""
    """The title of the article that answers it, when known (a library may hold several)."""
    group: str = ""
    """The question set it comes from (a natural set's folder name), for reporting."""
    asked_from: str = ""
    """For another article's question ("squad-other"): the library it was written for."""


@dataclass(frozen=True)
class NaturalSet:
    """Articles written for Footnote and natural questions about them."""

    articles: dict[str, Path]
    """Library name -> article file."""
    questions: list[dict[str, object]]
    off_topic: list[str]
    unanswerable: list[dict[str, object]] = field(default_factory=list)
    """Questions about an article's subject that it does not answer (hedge or refuse)."""
    folder: Path | None = None
    """Where it was read from."""


def load_natural(folder: Path) -> NaturalSet:
    """Read ``questions.json`` of a natural question set and the articles it names."""
    data = json.loads((folder / "questions.json").read_text("utf-8"))
    articles = {library_name(Path(name).stem): folder / name for name in data["articles"]}
    return NaturalSet(articles, list(data["questions"]), list(data.get("off_topic", [])),
                      list(data.get("unanswerable", [])), folder)


def natural_hash(folder: Path) -> str:
    """One sha256 over every file of a natural question set (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_written(path: Path) -> dict[str, list[str]]:
    """The written unanswerable questions of a file like ``squad_train_unanswerable.json``,
    by the library name of their SQuAD article."""
    data = json.loads(path.read_text("utf-8"))
    written: dict[str, list[str]] = {}
    for q in data["questions"]:
        written.setdefault(library_name(q["title"].replace("_", " ")), []).append(q["question"])
    return written


def squad_items(
    articles: list[EvalArticle], *, others_per_library: int = 0, library: str | None = None,
    written: dict[str, list[str]] | None = None,
) -> list[Item]:
    """Every question of each article asked of its library (or of ``library``), the
    ``written`` unanswerable ones of the article (:func:`load_written`; source
    "squad-written-unanswerable"), plus up to ``others_per_library`` answerable
    questions of the other articles (off-topic)."""
    items = []
    for art in articles:
        lib = library or art.library
        for q in art.questions:
            items.append(Item(
                lib, q.text, q.answers, not q.impossible, True, art.library, "squad", art.title,
            ))
        for text in (written or {}).get(art.library, []):
            items.append(Item(lib, text, (), False, True, art.library,
                              "squad-written-unanswerable", art.title))
        if not others_per_library:
            continue
        pool = [(other, q) for other in articles if other is not art
                for q in other.questions if not q.impossible]
        step = max(1, len(pool) // others_per_library)
        for other, q in pool[::step][:others_per_library]:
            items.append(Item(lib, q.text, q.answers, False, False, art.library, "squad-other",
                              asked_from=other.library))
    return items


Holder = str | Callable[[str], str] | None
"""Where a natural set's articles go: each its own library (None), all one library (a
name), or a library chosen per article (a function of the article's own library name)."""


def _holder(library: Holder) -> Callable[[str], str]:
    if library is None:
        return lambda lib: lib
    if isinstance(library, str):
        return lambda lib: library
    return library


def wanted_sentences(question: dict[str, object]) -> tuple[str, ...]:
    """What a right quote of a natural question holds: its answering sentence (or one of
    several, when the set lists more than one)."""
    sentence = question["sentence"]
    return (sentence,) if isinstance(sentence, str) else tuple(sentence)  # type: ignore[arg-type]


def natural_items(natural: NaturalSet, *, library: Holder = None) -> list[Item]:
    """The natural questions (each asked of the library holding its article: its own, or
    ``library``), the on-topic unanswerable ones (source "natural-unanswerable") and the
    off-topic ones (asked of every library holding the set's articles, each its own fold)."""
    items = []
    group = natural.folder.name if natural.folder else ""
    holder = _holder(library)
    for q in natural.questions:
        lib = library_name(Path(q["article"]).stem)
        items.append(Item(holder(lib), q["question"], wanted_sentences(q), True, True, lib,
                          "natural",
                          group=group))
    for q in natural.unanswerable:
        lib = library_name(Path(q["article"]).stem)
        items.append(Item(holder(lib), q["question"], (), False, True, lib,
                          "natural-unanswerable", group=group))
    libs = list(dict.fromkeys(holder(a) for a in natural.articles))
    for lib in libs:
        for text in natural.off_topic:
            items.append(Item(lib, text, (), False, False, lib, "off-topic", group=group))
    return items


def ingest_natural(app: Footnote, natural: NaturalSet, library: Holder = None) -> None:
    """Add the natural set's articles, each to its own library (or to ``library``: one
    name, or one chosen per article)."""
    holder = _holder(library)
    for lib, path in natural.articles.items():
        app.add_file(holder(lib), path, actor="bench")


def squad(path: Path) -> tuple[list[EvalArticle], str]:
    """A SQuAD file's articles and its sha256."""
    return load(path), sha256_of(path)


def halves(groups: dict[str, list[str]]) -> dict[str, set[str]]:
    """Split each group's library names (a source's articles) in two by sorted name: "A"
    the even places, "B" the odd ones, so each half holds about half of every source.
    The encoder fine-tuning (``bench/finetune_encoder.py``) and the answer models fitted
    within one half (``bench/train_answerer.py --half``) use this same split."""
    out: dict[str, set[str]] = {"A": set(), "B": set()}
    for group in sorted(groups):
        names = sorted(set(groups[group]))
        out["A"] |= set(names[0::2])
        out["B"] |= set(names[1::2])
    return out


def half_groups(items: list[Item]) -> dict[str, list[str]]:
    """The libraries :func:`halves` splits: each source's libraries with an answerable
    question ("squad", or a natural set's folder name)."""
    out: dict[str, list[str]] = {}
    for item in items:
        if item.answerable and item.on_topic:
            group = "squad" if item.source == "squad" else item.group
            out.setdefault(group, []).append(item.library)
    return out


def command_options(paths: tuple[str, ...]) -> list[str]:
    """This script's command line without the options in ``paths`` (where it reads and
    writes, which change no result) and their values: what a model file records."""
    out: list[str] = []
    skip = False
    for arg in sys.argv[1:]:
        if skip:
            skip = False
        elif arg in paths:
            skip = True
        elif not arg.startswith(tuple(f"{p}=" for p in paths)):
            out.append(arg)
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
BACKGROUND_MIN_WORDS = 5
"""Shorter pieces (datelines, bylines) are left out of the background."""


def background_rows(sets: list[NaturalSet]) -> list[tuple[str, str]]:
    """The refusal's background (``bot/data/background.tsv``): every sentence of the
    news-style training articles written here, with its article's library name (so that
    training can leave a question's own article out). Never the evaluation sets."""
    rows = []
    for natural in sets:
        for library, path in sorted(natural.articles.items()):
            for sentence in _SENTENCE_END.split(path.read_text("utf-8")):
                sentence = " ".join(sentence.split())
                if len(sentence.split()) >= BACKGROUND_MIN_WORDS:
                    rows.append((library, sentence))
    return rows
