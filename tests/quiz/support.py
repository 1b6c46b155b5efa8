"""Helpers shared by the quiz tests: hand-made questions for the grader, and articles read
the way Footnote reads them (the real ingestion and the real quiz analysis)."""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

from bot.analysis import ArticleSource
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes, extract_text
from bot.models import Article
from bot.quiz.analyse import read_article
from bot.quiz.facts import ArticleFacts
from bot.quiz.item import QuizQuestion

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "telegraph-police-chief-social-media-boycott.txt"
SHARED = ROOT.parent / "shared"
"""The shared data folder beside the repository (absent on a fresh clone)."""
TRAIN = SHARED / "train" / "squad2-train-first10.json.gz"
NEWS_DIRS = (ROOT / "tests" / "quiz" / "data", ROOT / "tests" / "data")


def make_question(answer: str, answer_type: str = "PERSON", kind: str = "fill_blank", *,
                  options: tuple[str, ...] = (), accepted: tuple[str, ...] = (),
                  rejected: tuple[str, ...] = (), quote: str | None = None) -> QuizQuestion:
    """A hand-made question: only the fields the grader reads matter. ``quote`` is the
    cited sentence (the answer itself by default); the fact is located inside it."""
    fact = answer if kind != "true_false" else ""
    quote = quote or (answer if fact else "A sentence.")
    start = quote.find(fact) if fact else 0
    return QuizQuestion(
        id="q1", kind=kind, question="?", options=options, answer=answer, accepted=accepted,
        answer_type=answer_type, article_id=1, title="T", paragraph=1, quote=quote,
        quote_start=0, quote_end=len(quote), fact=fact, fact_start=start,
        fact_end=start + len(fact), rejected=rejected,
    )


def read(article_id: int, raw: str, title: str | None = None,
         filename: str | None = None) -> tuple[Article, ArticleFacts]:
    """An article cleaned by the real ingestion (as a file of that name when one is given:
    "page.html", "notes.md"), and its quiz analysis."""
    extracted = (extract_bytes(raw.encode("utf-8"), filename=filename) if filename
                 else extract_text(raw))
    doc = clean_article(extracted, title=title)
    article = Article(article_id, doc.title or "", doc.text, f"hash-{article_id}",
                      passage_count=len(doc.passages))
    return article, read_article(ArticleSource(doc.text, doc.title, doc.passages))


def news_files() -> list[Path]:
    """The news-style test articles: the quiz's own, and tests/data/*.txt when present."""
    return [p for folder in NEWS_DIRS if folder.is_dir() for p in sorted(folder.glob("*.txt"))]


def train_articles(count: int = 3, paragraphs: int = 20) -> list[tuple[str, str]]:
    """``(title, text)`` of the first SQuAD training articles (``../shared/train``), or
    [] with a warning saying why when the shared folder is absent."""
    if not TRAIN.exists():
        warnings.warn(f"{TRAIN} is missing: the quiz checks run on the seed and the "
                      "news-style test articles only", stacklevel=2)
        return []
    data = json.loads(gzip.decompress(TRAIN.read_bytes()))
    return [(a["title"].replace("_", " "),
             "\n\n".join(p["context"] for p in a["paragraphs"][:paragraphs]))
            for a in data["data"][:count]]
