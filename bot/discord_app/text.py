"""Text that is safe to show on Discord: no pings, no markup, within the limits.

Every function here is pure. Two guarantees hold for everything they return:

* **It never pings, even when copied.** ``@everyone``/``@here`` get a zero-width
  space after the ``@``; ``<@id>``, ``<@&id>``, ``<#id>`` and ``</cmd:id>`` get one
  after the ``<``. (Every send also passes :data:`NO_PINGS`.)
* **It shows exactly as written.** Every markdown character is backslash-escaped
  (Discord shows an escaped punctuation mark as itself), so a title or a quote
  cannot format, hide, spoil or link the message. In sentences, URLs are wrapped
  in ``<…>`` instead: Discord shows them as plain links, and nothing inside is
  read as markup.

and :func:`fit` and friends cut text at a word boundary with "…" so that the
*escaped* result fits a limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import discord

from bot.models import Span

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
ZWSP = "\u200b"
ELLIPSIS = "…"

#: Mentions nothing: passed to every send and edit.
NO_PINGS = discord.AllowedMentions.none()

_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_MENTION_SYNTAX = re.compile(r"<(?=[@#/:])")
# discord.utils.escape_markdown skips everything inside a "[..](..)" span (it
# escapes only the "[") and escapes "*" only when another "*" follows, so a quote
# like "[1] *b* [x](y)" keeps its markup. Escaping each markdown character has no
# such holes; Discord shows a backslash-escaped punctuation mark as itself. With
# "[" and "]" escaped no masked link can form, so parentheses stay as they are;
# "<" is escaped (timestamps, emoji, links); ">", "#", "-", "+" and "1." only start
# markup at the start of a line.
_MARKDOWN_CHAR = re.compile(r"([\\*_~`|<\[\]])")
_LINE_START_MARKUP = re.compile(r"(?m)^(\s*)([#>+-]|\d+\.)")
_MARKER = re.compile(r"\s*\[\d+\]")
_SPACES = re.compile(r"\s+")
_URL = re.compile(r"https?://[^\s<>\"“”]+")
_URL_TAIL = ".,;:!?)]}'’"


# -- neutralising and escaping ---------------------------------------------------------
_MARKUP = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|</[\w -]+:\d+>")
"""Discord's markup for a member, role or channel mentioned, a custom emoji or a command
("<@456>", "<@&12>", "<#34>", "<:thinking:56>", "</ask:78>")."""


def without_markup(text: str) -> str:
    """``text`` without Discord's mention, emoji and command markup: "<@456> who is simon
    bailey" is asked as "who is simon bailey" (the digits of an id read as a word the
    articles lack, and the question was refused)."""
    return " ".join(_MARKUP.sub(" ", text).split())


def neutralise_mentions(text: str) -> str:
    """Make ``@everyone``, ``@here`` and ``<@id>``-style mentions inert (zero-width space)."""
    return _MENTION_SYNTAX.sub("<" + ZWSP, _MASS_MENTION.sub("@" + ZWSP + r"\1", text))


def escape_markdown(text: str) -> str:
    """Escape every markdown character, so the text shows exactly as written."""
    return _LINE_START_MARKUP.sub(r"\1\\\2", _MARKDOWN_CHAR.sub(r"\\\1", text))


def safe(text: str, *, markdown: bool = True) -> str:
    """Neutralise mentions and (where markdown is rendered) escape markdown."""
    return neutralise_mentions(escape_markdown(text) if markdown else text)


def safe_sentence(text: str) -> str:
    """A sentence for a message (an error, a notice) that may quote titles, typed text, file
    names and URLs: everything escaped, URLs shown as plain ``<links>``."""
    out: list[str] = []
    at = 0
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        shown = _inert_url(url)
        if shown is None:  # a mention hides in the host name: not a link, just text
            continue
        out.append(safe(text[at:match.start()]))
        out.append(f"<{shown}>")
        at = match.start() + len(url)
    out.append(safe(text[at:]))
    return "".join(out)


def _trim_url(url: str) -> str:
    """A URL without the punctuation that ends the sentence around it ("(see x.com/a_(b))")."""
    while url and url[-1] in _URL_TAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break  # "…/Foo_(bar)": the parenthesis is the URL's own
        url = url[:-1]
    return url


def _inert_url(url: str) -> str | None:
    """``url`` with ``@everyone``/``@here`` in its path written ``%40`` (same address, no
    mention syntax); None when one is in the host part."""
    parts = urlsplit(url)
    if _MASS_MENTION.search(parts.netloc):
        return None
    rest = url[len(parts.scheme) + 3 + len(parts.netloc):]
    return url[:len(url) - len(rest)] + _MASS_MENTION.sub(r"%40\1", rest)


# -- cutting -----------------------------------------------------------------------------
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


def clip_left(text: str, limit: int) -> str:
    """Like :func:`clip`, but keeps the end: "…" + the last words that fit."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    cut = text[len(text) - (limit - 1):]
    if not text[len(text) - limit].isspace():
        space = cut.find(" ")
        if 0 <= space <= (limit - 1) // 2:
            cut = cut[space + 1:]
    return ELLIPSIS + cut.lstrip(" ,;:-–—")


def fit(text: str, limit: int, *, markdown: bool = True, keep_end: bool = False) -> str:
    """One-line, neutralised ``text`` cut so that the *escaped* result is ``<= limit``
    (``keep_end``: cut from the start instead)."""
    flat = one_line(text)
    cutter = clip_left if keep_end else clip
    out = safe(flat, markdown=markdown)
    raw = limit
    while len(out) > limit and raw > 0:
        out = safe(cutter(flat, raw), markdown=markdown)
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
    shares = share(budget, [len(safe(p)) for p in pieces])
    words: list[str] = []
    for i, piece in enumerate(pieces):
        if cut := fit(piece, shares[i]):
            words.append(cut)
        if i < len(markers):
            words.append(markers[i])
    return " ".join(words)


def share(budget: int, sizes: Sequence[int]) -> list[int]:
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


def quote_with_span(quote: str, span: Span | None, limit: int) -> str:
    """A verbatim quote, escaped and cut to ``limit``, with ``span`` (offsets into
    ``quote``: the name, date or number asked for) in bold and always kept in view."""
    if span is None or not 0 <= span[0] < span[1] <= len(quote):
        return fit(quote, limit)
    start, end = span
    middle = quote[start:end]
    start += len(middle) - len(middle.lstrip())
    end -= len(middle) - len(middle.rstrip())
    bold = fit(quote[start:end], limit - 4)
    if not bold or bold.endswith(ELLIPSIS):  # empty, or too long to show whole: no bold
        return fit(quote, limit)
    before = _SPACES.sub(" ", quote[:start]).lstrip()
    after = _SPACES.sub(" ", quote[end:]).rstrip()
    room = share(limit - len(bold) - 4, [len(safe(before)), len(safe(after))])
    head = _edge(before, room[0], keep_end=True)
    tail = _edge(after, room[1], keep_end=False)
    return f"{head}**{bold}**{tail}"


def _edge(text: str, limit: int, *, keep_end: bool) -> str:
    """The text beside a bold span, escaped and cut, keeping its one space next to it."""
    if not text.strip():
        return " " if text and limit > 0 else ""
    pad_start = " " if text[0] == " " and not keep_end else ""
    pad_end = " " if text[-1] == " " and keep_end else ""
    body = fit(text, limit - len(pad_start) - len(pad_end), keep_end=keep_end)
    return f"{pad_start}{body}{pad_end}" if body else ""


def link_target(url: str | None) -> str | None:
    """A URL safe to put in a markdown link or an embed, or None (not http(s), too long)."""
    if not url or len(url) > 512 or any(ch.isspace() for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
