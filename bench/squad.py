"""Load a SQuAD-format file and build one Footnote library per article, the normal way."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bot.service import Footnote

DEFAULT_EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / (
    "squad2-dev-3articles.json"
)


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


def load(path: Path) -> list[EvalArticle]:
    """Articles of a SQuAD 2.0 file; paragraphs joined with blank lines."""
    data = json.loads(path.read_text("utf-8"))["data"]
    articles = []
    for art in data:
        title = art["title"].replace("_", " ")
        library = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        text = "\n\n".join(p["context"].strip() for p in art["paragraphs"])
        questions = [
            Question(
                id=qa["id"], article=title, text=qa["question"],
                answers=tuple(a["text"] for a in qa["answers"]),
                impossible=bool(qa.get("is_impossible")),
            )
            for p in art["paragraphs"] for qa in p["qas"]
        ]
        articles.append(EvalArticle(title, library, text, questions))
    return articles


def ingest(app: Footnote, articles: list[EvalArticle]) -> dict[str, float]:
    """Add each article to its own library through the normal path; seconds per article."""
    seconds = {}
    import time

    for art in articles:
        start = time.perf_counter()
        app.add_text(art.library, art.text, title=art.title, actor="bench")
        seconds[art.library] = time.perf_counter() - start
    return seconds


def contains_gold(text: str, answers: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of the gold answer strings (case-insensitive)."""
    low = text.lower()
    return any(a.lower() in low for a in answers)
