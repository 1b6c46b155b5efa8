"""What Footnote's Discord messages look like.

Every function here is pure (no I/O). Text from articles and people goes through
:mod:`bot.discord_app.text` (mentions neutralised, markdown escaped, cut to Discord's
limits), so everything built here fits and can never ping or format the message;
every send also passes ``allowed_mentions=NO_PINGS``.

Answers are an embed: the answer with its footnote numbers, then the numbered sources,
each a verbatim quote with the exact thing asked for (``Citation.answer_span``) in
bold. An answer on weak evidence (``Answer.hedged``) is shown plainly as such: another
colour and a "Not certain" line above it, never like a sure answer. A declined
question is plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord_app.text import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    ELLIPSIS,
    NO_PINGS,
    TITLE_LIMIT,
    ZWSP,
    clip,
    fit,
    fit_footnoted,
    link_target,
    one_line,
    quote_with_span,
    safe_sentence,
)
from bot.models import Answer, Article, Citation, Passage

ACCENT = discord.Colour(0x3B6EA5)
HEDGED_COLOUR = discord.Colour(0xD4A017)
HEDGED_LABEL = "Not certain: the quoted passages may not say this directly"
QUESTION_PREFIX = "Question: "


def paragraph_mark(paragraph: int) -> str:
    """"¶ 3", or "byline" for the article's header."""
    return "byline" if paragraph == 0 else f"¶ {paragraph}"


# -- answers ----------------------------------------------------------------------------
def render_answer(answer: Answer, *, embeds: bool = True) -> dict[str, object]:
    """Keyword arguments for a send/reply: an embed with sources, or plain text if declined
    (or if ``embeds`` is False: where the bot may not embed links, the same in the content).

    The result always includes ``allowed_mentions=NO_PINGS``.
    """
    if answer.declined:
        return {"content": declined_text(answer), "allowed_mentions": NO_PINGS}
    if not embeds:
        return {"content": answer_content(answer), "allowed_mentions": NO_PINGS}
    return {"embed": answer_embed(answer), "allowed_mentions": NO_PINGS}


def declined_text(answer: Answer) -> str:
    """The plain decline sentence, the titles the library holds, and the question asked."""
    lines = [fit(answer.text, 600)]
    if answer.suggestions:
        lines.append("Articles I have:")
        lines.extend(f"- {fit(title, 120)}" for title in answer.suggestions[:10])
    lines.append(f"-# {QUESTION_PREFIX}{fit(answer.question, 400)}")
    return clip("\n".join(lines), CONTENT_LIMIT)


def answer_embed(answer: Answer) -> discord.Embed:
    """The answer with its footnote numbers, then the numbered sources, in one embed."""
    footer = QUESTION_PREFIX + fit(answer.question, 300, markdown=False)
    colour = HEDGED_COLOUR if answer.hedged else ACCENT
    embed = discord.Embed(description=answer_body(answer, DESCRIPTION_LIMIT - 96), colour=colour)
    if answer.hedged:
        embed.set_author(name=f"⚠️ {HEDGED_LABEL}")
    embed.set_footer(text=footer)
    return embed


def answer_content(answer: Answer) -> str:
    """The answer as plain message text (for channels where embeds are not allowed)."""
    question = f"-# {QUESTION_PREFIX}{fit(answer.question, 200)}"
    label = f"-# ⚠️ {HEDGED_LABEL}\n" if answer.hedged else ""
    body = answer_body(answer, CONTENT_LIMIT - len(question) - len(label) - 1, links=False)
    return f"{label}{body}\n{question}"


def answer_body(answer: Answer, limit: int, *, links: bool = True) -> str:
    """The answer text and its sources, shortened step by step until within ``limit``."""
    for head, quote, title, linked in ((1500, 600, 150, links), (1200, 300, 120, links),
                                       (900, 150, 90, False), (500, 60, 60, False),
                                       (300, 40, 40, False)):
        text = _answer_description(answer, head, quote, title, linked)
        if len(text) <= limit:
            return text
    return clip(fit_footnoted(answer.text, limit), limit)


def _answer_description(
    answer: Answer, head: int, quote: int, title: int, links: bool,
) -> str:
    parts = [fit_footnoted(answer.text, head)]
    if answer.citations:
        parts.append("")
        parts.append("**Sources**")
        parts.extend(source_line(c, quote, title, links) for c in answer.citations[:10])
    return "\n".join(parts)


def source_line(citation: Citation, quote: int = 600, title: int = 150, links: bool = True) -> str:
    """``**[1]** [Title](url) · ¶ 2`` and the quoted sentence under it, the exact thing
    asked for in bold."""
    name = fit(citation.title, title) or "Untitled article"
    target = link_target(citation.url) if links else None
    label = f"[{name}]({target})" if target else f"**{name}**"
    return (f"**[{citation.n}]** {label} · {paragraph_mark(citation.paragraph)}\n"
            f"> “{quote_with_span(citation.quote, citation.answer_span, quote)}”")


def question_from_footer(text: str | None) -> str | None:
    """The question an answer embed's footer holds (zero-width spaces removed), or None."""
    if not text or not text.startswith(QUESTION_PREFIX):
        return None
    question = text[len(QUESTION_PREFIX):].replace(ZWSP, "").strip()
    return question or None


# -- articles ---------------------------------------------------------------------------
def article_line(article: Article) -> str:
    """One line of ``/article list``: id, title (linked when known) and size."""
    name = fit(article.title, 120) or "Untitled article"
    target = link_target(article.url)
    label = f"[{name}]({target})" if target else f"**{name}**"
    unit = "passage" if article.passage_count == 1 else "passages"
    return f"`{article.id:>3}` {label} — {article.passage_count} {unit}"


def article_list_embed(articles: Sequence[Article], page: int, per_page: int) -> discord.Embed:
    """One page (0-based) of ``/article list``."""
    pages = max(1, -(-len(articles) // per_page))
    page = min(max(page, 0), pages - 1)
    shown = articles[page * per_page : (page + 1) * per_page]
    lines = [article_line(a) for a in shown] or ["The library has no articles yet."]
    description = clip("\n".join(lines), DESCRIPTION_LIMIT)
    embed = discord.Embed(title=f"Articles in this server's library ({len(articles)})",
                          description=description, colour=ACCENT)
    if pages > 1:
        embed.set_footer(text=f"Page {page + 1} of {pages}")
    return embed


def article_embed(article: Article, passages: Sequence[Passage]) -> discord.Embed:
    """``/article show``: the title (linked), key facts, and the start of each paragraph."""
    embed = discord.Embed(title=fit(article.title, TITLE_LIMIT) or "Untitled",
                          url=link_target(article.url), colour=ACCENT)
    facts = [("Id", str(article.id)), ("Author", article.author),
             ("Publication", article.publication), ("Published", article.published),
             ("Added by", article.added_by), ("Added", article.added_at[:10] or None),
             ("Passages", str(article.passage_count))]
    for name, value in facts:
        if value:
            embed.add_field(name=name, value=fit(value, 200) or "-", inline=True)
    lines: list[str] = []
    used = 0
    seen: set[int] = set()
    for passage in passages:
        if passage.paragraph in seen:
            continue  # the start of each paragraph is enough
        seen.add(passage.paragraph)
        line = f"**{paragraph_mark(passage.paragraph)}** {fit(passage.text, 200)}"
        if used + len(line) + 1 > 3000:
            lines.append(f"… and {_remaining(passages, seen)} more paragraphs.")
            break
        lines.append(line)
        used += len(line) + 1
    embed.description = "\n".join(lines) or "This article has no passages."
    return embed


def _remaining(passages: Sequence[Passage], seen: set[int]) -> int:
    return len({p.paragraph for p in passages} - seen) + 1


def paragraph_count(passages: Sequence[Passage]) -> int:
    """How many body paragraphs (not counting the byline) the passages cover."""
    return len({p.paragraph for p in passages if p.paragraph > 0})


def change_sentence(status: str, article: Article, paragraphs: int,
                    notes: Sequence[str] = ()) -> str:
    """The last line of ``/article add`` or ``replace``: what happened, title, size and id;
    then what reading the input involved that is worth a second look, a line each
    ("Note: decoded as Windows-1252.")."""
    name = fit(article.title, 200)
    unit = "paragraph" if paragraphs == 1 else "paragraphs"
    if status == "duplicate":
        return (f"That article is already in the library as article {article.id}: “{name}”. "
                "Nothing changed.")
    verb = "Replaced" if status == "replaced" else "Added"
    lines = [f"{verb} article {article.id}: “{name}” ({paragraphs} {unit})."]
    lines += [f"Note: {clip(safe_sentence(one_line(note).rstrip('.')), 300)}." for note in notes]
    return "\n".join(lines)


def progress_text(message: str) -> str:
    """A progress line from the engine ("Embedding 12 passages") as shown while working."""
    return clip(safe_sentence(clip(one_line(message).rstrip(".…"), 240)), 600) + ELLIPSIS
