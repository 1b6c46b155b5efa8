"""What Footnote's Discord messages look like, and the rules that keep them safe.

Every function here is pure (no I/O). Two guarantees hold for everything built:

* **It fits.** Discord refuses a message whose content is over 2,000 characters or
  whose embed breaks a limit (description 4,096, title 256, field value 1,024,
  footer 2,048, 6,000 in all). Text is cut at a word boundary with "…" so that
  it fits, however long the passage; footnote markers ``[n]`` are never cut.
* **It never pings, even when copied.** Sends use ``AllowedMentions.none()``
  (see :data:`NO_PINGS`), and on top of that all text that comes from people or
  articles is neutralised: ``@everyone``/``@here`` get a zero-width space after
  the ``@``, ``<@id>``, ``<@&id>``, ``<#id>`` and ``</cmd:id>`` get one after the
  ``<``, and markdown is escaped so a quote cannot format or link the message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import discord

from bot.models import Answer, Article, Citation, Passage

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
ACCENT = discord.Colour(0x3B6EA5)
ZWSP = "\u200b"
ELLIPSIS = "…"

#: Mentions nothing: passed to every send and edit.
NO_PINGS = discord.AllowedMentions.none()
QUESTION_PREFIX = "Question: "

_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_MENTION_SYNTAX = re.compile(r"<(?=[@#/])")
# discord.utils.escape_markdown skips everything inside a "[..](..)" span (it
# escapes only the "[") and escapes "*" only when another "*" follows, so a quote
# like "[1] *b* [x](y)" keeps its markup. Escaping each markdown character has no
# such holes; Discord shows a backslash-escaped punctuation mark as itself.
_MARKDOWN_CHAR = re.compile(r"([\\*_~`|>\[\]()])")
_LINE_START_MARKUP = re.compile(r"(?m)^(\s*)([#-])")
_MARKER = re.compile(r"\s*\[\d+\]")
_SPACES = re.compile(r"\s+")


# -- neutralising and cutting ----------------------------------------------------------
def neutralise_mentions(text: str) -> str:
    """Make ``@everyone``, ``@here`` and ``<@id>``-style mentions inert (zero-width space)."""
    return _MENTION_SYNTAX.sub("<" + ZWSP, _MASS_MENTION.sub("@" + ZWSP + r"\1", text))


def escape_markdown(text: str) -> str:
    """Escape every markdown character, so the text shows exactly as written."""
    return _LINE_START_MARKUP.sub(r"\1\\\2", _MARKDOWN_CHAR.sub(r"\\\1", text))


def safe(text: str, *, markdown: bool = True) -> str:
    """Neutralise mentions and (where markdown is rendered) escape markdown."""
    return neutralise_mentions(escape_markdown(text) if markdown else text)


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines too) into one space."""
    return _SPACES.sub(" ", text).strip()


def clip(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else cut at a word boundary + "…"."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():  # the cut falls inside a word: go back to its start
        space = cut.rfind(" ")
        if space >= limit // 2:  # unless that loses too much (one very long "word")
            cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def fit(text: str, limit: int, *, markdown: bool = True) -> str:
    """One-line, neutralised ``text`` cut so that the *escaped* result is ``<= limit``."""
    flat = one_line(text)
    out = safe(flat, markdown=markdown)
    raw = limit
    while len(out) > limit and raw > 0:
        out = safe(clip(flat, raw), markdown=markdown)
        raw -= max(1, len(out) - limit)  # escaping made it longer: cut more raw text
    return out if len(out) <= limit else ""


def fit_footnoted(text: str, limit: int) -> str:
    """Like :func:`fit`, but the ``[n]`` footnote markers are kept whole and unescaped."""
    flat = one_line(text)
    pieces = [one_line(p) for p in _MARKER.split(flat)]
    markers = [m.strip() for m in _MARKER.findall(flat)]
    budget = limit - sum(len(m) + 2 for m in markers) - 1
    if budget <= 0:
        return fit(flat, limit)
    shares = _share(budget, [len(safe(p)) for p in pieces])
    words: list[str] = []
    for i, piece in enumerate(pieces):
        if cut := fit(piece, shares[i]):
            words.append(cut)
        if i < len(markers):
            words.append(markers[i])
    return " ".join(words)


def _share(budget: int, sizes: Sequence[int]) -> list[int]:
    """Split ``budget`` over pieces: small ones get what they need, big ones share the rest."""
    shares = [0] * len(sizes)
    pending = sorted(range(len(sizes)), key=lambda i: sizes[i])
    while pending:
        each = budget // len(pending)
        i = pending[0]
        if sizes[i] <= each:
            shares[i] = sizes[i]
            budget -= sizes[i]
            pending.pop(0)
        else:
            for j in pending:
                shares[j] = each
            break
    return shares


def link_target(url: str | None) -> str | None:
    """A URL safe to put in a markdown link or an embed, or None (not http(s), too long)."""
    if not url or len(url) > 512 or any(ch.isspace() for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def paragraph_mark(paragraph: int) -> str:
    """"¶ 3", or "byline" for the article's header."""
    return "byline" if paragraph == 0 else f"¶ {paragraph}"


# -- answers ----------------------------------------------------------------------------
def render_answer(answer: Answer) -> dict[str, object]:
    """Keyword arguments for a send/reply: an embed with sources, or plain text if declined.

    The result always includes ``allowed_mentions=NO_PINGS``.
    """
    if answer.declined:
        return {"content": declined_text(answer), "allowed_mentions": NO_PINGS}
    return {"embed": answer_embed(answer), "allowed_mentions": NO_PINGS}


def declined_text(answer: Answer) -> str:
    """The plain decline sentence, the titles the library holds, and the question asked."""
    lines = [fit(answer.text, 600, markdown=False)]
    if answer.suggestions:
        lines.append("Articles I have:")
        lines.extend(f"- {fit(title, 120)}" for title in answer.suggestions[:10])
    lines.append(f"-# {QUESTION_PREFIX}{fit(answer.question, 400)}")
    return clip("\n".join(lines), CONTENT_LIMIT)


def answer_embed(answer: Answer) -> discord.Embed:
    """The answer with its footnote numbers, then the numbered sources, in one embed."""
    footer = QUESTION_PREFIX + fit(answer.question, 300, markdown=False)
    for head, quote, title, links in ((1500, 600, 150, True), (1200, 300, 120, True),
                                      (900, 150, 90, False), (500, 60, 60, False)):
        description = _answer_description(answer, head, quote, title, links)
        if len(description) <= DESCRIPTION_LIMIT - 96:
            break
    embed = discord.Embed(description=description[:DESCRIPTION_LIMIT], colour=ACCENT)
    embed.set_footer(text=footer)
    return embed


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
    """``**[1]** [Title](url) · ¶ 2`` and the quoted sentence under it."""
    name = fit(citation.title, title) or "Untitled article"
    target = link_target(citation.url) if links else None
    label = f"[{name}]({target})" if target else f"**{name}**"
    return (f"**[{citation.n}]** {label} · {paragraph_mark(citation.paragraph)}\n"
            f"> “{fit(citation.quote, quote)}”")


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
    embed = discord.Embed(title=fit(article.title, TITLE_LIMIT, markdown=False) or "Untitled",
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


def change_sentence(status: str, article: Article, paragraphs: int) -> str:
    """The last line of ``/article add`` or ``replace``: what happened, title, size and id."""
    name = fit(article.title, 200)
    unit = "paragraph" if paragraphs == 1 else "paragraphs"
    if status == "duplicate":
        return (f"That article is already in the library as article {article.id}: “{name}”. "
                "Nothing changed.")
    verb = "Replaced" if status == "replaced" else "Added"
    return f"{verb} article {article.id}: “{name}” ({paragraphs} {unit})."


def progress_text(message: str) -> str:
    """A progress line from the engine ("Embedding 12 passages") as shown while working."""
    return fit(one_line(message).rstrip(".…"), 298) + ELLIPSIS
