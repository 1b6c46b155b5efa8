"""Load a SQuAD-format file (plain or gzipped) and build Footnote libraries from it."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from bot.service import Footnote

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEFAULT_EVAL = SHARED / "eval" / "squad2-dev-3articles.json"
DEFAULT_TRAIN = SHARED / "train" / "squad2-train-first10.json.gz"


@dataclass(frozen=True)
class Question:
    """One SQuAD question, with the library it belongs to."""

    id: str
    article: str
    text: str
    answers: tuple[str, ...]
    impossible: bool


@dataclass(frozen=True)
class EvalArticle:
    """One SQuAD article as Footnote sees it: a title, one text, its questions."""

    title: str
    library: str
    text: str
    questions: list[Question]


def read_bytes(path: Path) -> bytes:
    """The file's content, uncompressed when it ends in ``.gz``."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def sha256_of(path: Path) -> str:
    """The sha256 of the (uncompressed) content of a data file."""
    return hashlib.sha256(read_bytes(path)).hexdigest()


def library_name(title: str) -> str:
    """A valid library name for an article title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "article"


def load(path: Path) -> list[EvalArticle]:
    """Articles of a SQuAD 2.0 file; paragraphs joined with blank lines."""
    data = json.loads(read_bytes(path).decode("utf-8"))["data"]
    articles = []
    for art in data:
        title = art["title"].replace("_", " ")
        text = "\n\n".join(p["context"].strip() for p in art["paragraphs"])
        questions = [
            Question(
                id=qa["id"], article=title, text=qa["question"],
                answers=tuple(a["text"] for a in qa["answers"]),
                impossible=bool(qa.get("is_impossible")),
            )
            for p in art["paragraphs"] for qa in p["qas"]
        ]
        articles.append(EvalArticle(title, library_name(title), text, questions))
    return articles


def ingest(
    app: Footnote, articles: list[EvalArticle], library: str | None = None
) -> dict[str, float]:
    """Add each article through the normal path, to its own library (or all to
    ``library``); seconds per article."""
    seconds = {}
    for art in articles:
        start = time.perf_counter()
        app.add_text(library or art.library, art.text, title=art.title, actor="bench")
        seconds[art.library] = time.perf_counter() - start
    return seconds


def contains_gold(text: str, answers: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of the gold answer strings (case-insensitive)."""
    low = text.lower()
    return any(a.lower() in low for a in answers)
