"""Plain-text rendering of answers and articles, for the terminal."""

from __future__ import annotations

import json
import textwrap

from bot.models import Answer, Article


def answer_json(answer: Answer) -> dict[str, object]:
    """The JSON shape of an answer (``footnote ask --json``)."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "declined": answer.declined,
        "confidence": round(answer.confidence, 4),
        "citations": [
            {
                "n": c.n, "article_id": c.article_id, "title": c.title, "paragraph": c.paragraph,
                "quote": c.quote, "url": c.url, "score": c.score,
            }
            for c in answer.citations
        ],
        "suggestions": list(answer.suggestions),
    }


def dumps(obj: object) -> str:
    """One line of JSON, UTF-8 characters kept as they are."""
    return json.dumps(obj, ensure_ascii=False)


def paragraph_label(paragraph: int) -> str:
    """"paragraph 3", or "byline" for the article's header."""
    return "byline" if paragraph == 0 else f"paragraph {paragraph}"


def answer_text(answer: Answer, width: int = 88) -> str:
    """The answer with its numbered sources underneath, wrapped for a terminal."""
    lines = [textwrap.fill(answer.text, width)]
    if answer.declined and answer.suggestions:
        lines.append("")
        lines.append("Articles I have:")
        lines.extend(f"  - {title}" for title in answer.suggestions)
    if answer.citations:
        lines.append("")
        lines.append("Sources")
        for c in answer.citations:
            where = f"{paragraph_label(c.paragraph)}, article {c.article_id}"
            lines.append(f"[{c.n}] {c.title} ({where})")
            lines.append(textwrap.fill(f"“{c.quote}”", width, initial_indent="    ",
                                       subsequent_indent="    "))
            if c.url:
                lines.append(f"    {c.url}")
    return "\n".join(lines)


def article_line(article: Article) -> str:
    """One line about an article, for `footnote list`."""
    by = f" by {article.author}" if article.author else ""
    return f"{article.id:>4}  {article.title}{by}  ({article.passage_count} passages)"


def article_details(article: Article) -> list[str]:
    """Key facts about an article, one per line, for `footnote show`."""
    rows = [
        ("Title", article.title), ("Author", article.author), ("Role", article.author_role),
        ("Publication", article.publication), ("Published", article.published),
        ("URL", article.url), ("Source", article.source), ("Added", article.added_at),
        ("Added by", article.added_by), ("Passages", str(article.passage_count)),
    ]
    return [f"{name + ':':<13}{value}" for name, value in rows if value]
