"""Does a Discord message render any markup or mention it was not built to?

An independent reader of what the bot sent (it does not use the bot's escaping code).
Discord renders markdown in message content, embed titles, descriptions and field
names and values; not in footers, author names, button labels or thread names. The
bot's own markup is known and small: ``**bold**`` labels and the bold answer span,
``[Title](https://…)`` source links, ``> “`` quote lines, ``-# Question:`` small print,
``- `` list items, `` `  3` `` article ids, ``<t:…:R>`` times, ``<https://…>`` plain links
and ``<#id>`` channel links. :func:`problems` strips exactly those (keeping the text
inside them, which is checked like the rest) and reports whatever markup is left:
any unescaped ``* _ ~ ` | <`` or ``](``, a heading, quote or list at the start of a
line, a mass mention or mention syntax.
"""

from __future__ import annotations

import re
from typing import Any

_BOLD = re.compile(r"(?<!\\)\*\*((?:\\.|[^*\\])+?)(?<!\\)\*\*")
_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\[\]\\])*)(?<!\\)\]\(https?://[^\s()]+\)")
_AUTOLINK = re.compile(r"(?<!\\)<https?://[^\s<>]+>")
_TIME = re.compile(r"(?<!\\)<t:-?\d+(?::[tTdDfFR])?>")
_CHANNEL = re.compile(r"(?<!\\)<#\d+>")
_IDS = re.compile(r"`[ \d]+`")
_LINE_MARK = re.compile(r"(?m)^(?:> “|-# (?=Question: |⚠️ )|- )")
_ESCAPED = re.compile(r"\\[^A-Za-z0-9\s]")
_ACTIVE = re.compile(r"[*_~`|<]|\]\(")  # "[1]" alone is text; "](" makes a masked link
_LINE_START = re.compile(r"(?m)^\s*(?:#{1,3}\s|>\s?|[-*+]\s|\d+\.\s|-#\s)")
_MASS = re.compile(r"@(everyone|here)", re.I)
_MENTION = re.compile(r"<(@[!&]?|#|/|:|a:|t:)")


def strip_own_markup(text: str, *, allow_mentions: bool = False) -> str:
    """``text`` with the bot's own markup removed (its contents kept, set off by "§")."""
    text = _TIME.sub("§", text)
    text = _CHANNEL.sub("§", text)
    if allow_mentions:
        text = re.sub(r"<@!?\d+>", "§", text)
    text = _AUTOLINK.sub("§", text)
    text = _IDS.sub("§", text)
    text = _LINK.sub(lambda m: f"§{m.group(1)}§", text)
    for _ in range(2):  # "**[1]** **Title**": one pass per level is enough
        text = _BOLD.sub(lambda m: f"§{m.group(1)}§", text)
    return _LINE_MARK.sub("§", text)


def problems(text: str, *, markdown: bool = True, allow_mentions: bool = False) -> list[str]:
    """What in ``text`` would render as markup or ping (an empty list: nothing)."""
    found = [f"mass mention {m.group()!r}" for m in _MASS.finditer(text)]
    found += [f"mention syntax {m.group()!r}" for m in _MENTION.finditer(text)
              if not (allow_mentions and m.group() == "<@")
              and not (markdown and m.group() in ("<#", "<t:"))]
    if not markdown:
        return found
    rest = _ESCAPED.sub("§", strip_own_markup(text, allow_mentions=allow_mentions))
    found += [f"markup {m.group()!r} in …{rest[max(0, m.start() - 20):m.end() + 20]!r}…"
              for m in _ACTIVE.finditer(rest)]
    found += [f"line markup {m.group()!r}" for m in _LINE_START.finditer(rest)]
    return found


def message_problems(msg: dict[str, Any], *, allow_mentions: bool = False) -> list[str]:
    """:func:`problems` over every part of a message payload, each where Discord renders it."""
    found = [f"content: {p}" for p in problems(msg.get("content") or "",
                                                allow_mentions=allow_mentions)]
    for e, embed in enumerate(msg.get("embeds") or []):
        parts = [("title", embed.get("title"), True), ("description", embed.get("description"),
                                                        True),
                 ("footer", (embed.get("footer") or {}).get("text"), False),
                 ("author", (embed.get("author") or {}).get("name"), False)]
        for f in embed.get("fields") or []:
            parts += [("field name", f.get("name"), True), ("field value", f.get("value"), True)]
        for where, text, markdown in parts:
            found += [f"embed {e} {where}: {p}" for p in problems(
                text or "", markdown=markdown, allow_mentions=allow_mentions)]
    for row in msg.get("components") or []:
        for comp in row.get("components") or []:
            found += [f"button label: {p}" for p in problems(comp.get("label") or "",
                                                             markdown=False)]
    return found
