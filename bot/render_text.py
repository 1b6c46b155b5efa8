"""Plain-text rendering of answers and articles, for the terminal."""

from __future__ import annotations

import json
import textwrap

from bot.models import Answer, Article, Citation

BOLD, PLAIN = "\033[1m", "\033[0m"


def _span_json(c: Citation) -> dict[str, object] | None:
    if c.answer_span is None:
        return None
    start, end = c.answer_span
    return {"n": c.n, "start": start, "end": end, "text": c.quote[start:end]}


def answer_json(answer: Answer) -> dict[str, object]:
    """The JSON shape of an answer (``footnote ask --json``).

    ``hedged`` is true for an answer given on weak evidence (its ``answer`` text says
    so); ``declined`` only for a refusal. ``answer_span`` points at the name, date,
    number or place asked for inside a quote: ``{"n", "start", "end", "text"}`` with
    ``start``/``end`` offsets into citation ``n``'s ``quote`` (``text`` is that slice),
    or null; each citation carries its own ``answer_span`` (same shape, or null).
    """
    spans = [_span_json(c) for c in answer.citations]
    return {
        "question": answer.question,
        "answer": answer.text,
        "declined": answer.declined,
        "hedged": answer.hedged,
        "confidence": round(answer.confidence, 4),
        "citations": [
            {
                "n": c.n, "article_id": c.article_id, "title": c.title, "paragraph": c.paragraph,
                "quote": c.quote, "url": c.url, "score": c.score, "answer_span": span,
            }
            for c, span in zip(answer.citations, spans, strict=True)
        ],
        "answer_span": next((span for span in spans if span is not None), None),
        "suggestions": list(answer.suggestions),
    }


def marked_quote(c: Citation, bold: bool) -> str:
    """The quote, with its answer span in ANSI bold when ``bold`` (a terminal)."""
    if not bold or c.answer_span is None:
        return c.quote
    start, end = c.answer_span
    return f"{c.quote[:start]}{BOLD}{c.quote[start:end]}{PLAIN}{c.quote[end:]}"


def dumps(obj: object) -> str:
    """One line of JSON, UTF-8 characters kept as they are."""
    return json.dumps(obj, ensure_ascii=False)


def paragraph_label(paragraph: int) -> str:
    """"paragraph 3", or "byline" for the article's header."""
    return "byline" if paragraph == 0 else f"paragraph {paragraph}"


def answer_text(answer: Answer, width: int = 88, *, bold: bool = False) -> str:
    """The answer with its numbered sources underneath, wrapped for a terminal.

    A hedged answer's text already says so ("The articles may not say this
    directly..."). With ``bold`` (standard output is a terminal), the span that answers
    the question is shown in bold, in the answer and in its source.
    """
    text = answer.text
    for c in answer.citations:
        text = text.replace(f"{c.quote} [{c.n}]", f"{marked_quote(c, bold)} [{c.n}]", 1)
    lines = [textwrap.fill(text, width)]
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
            lines.append(textwrap.fill(f"“{marked_quote(c, bold)}”", width, initial_indent="    ",
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
