"""A Markdown file's front matter: the block of settings a blog or a static site keeps
above the story ("---", "title: ...", "author: ...", "date: ...", "---"; Hugo's "+++"
with "key = value").

It is not the article's text: read as text, its lines joined the first paragraph and
were quoted ("title: "Harbour wall ..." author: Jane Pike date: 2025-03-14 tags: ...").
Its title, author, date, publication and address are the article's metadata instead.
Only a block at the very start, closed within :data:`MAX_LINES` lines, whose lines are
settings, is read; anything else is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.header import find_date

MAX_LINES = 200
"""A front matter block closes within this many lines, or it is not one."""
_OPEN = re.compile(r"\A\ufeff?[ \t]*(---|\+\+\+)[ \t]*\n")
_CLOSE = {"---": re.compile(r"^(?:---|\.\.\.)[ \t]*$"), "+++": re.compile(r"^\+\+\+[ \t]*$")}
_SETTING = re.compile(
    r"^(?P<key>[A-Za-z_][\w.-]*)[ \t]*(?P<sep>:|=)(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_ITEM = re.compile(r"^[ \t]+-[ \t]+(?P<value>.+?)[ \t]*$")
_NAMED = re.compile(r"^[ \t]+-?[ \t]*name[ \t]*[:=][ \t]*(?P<value>.+?)[ \t]*$")

_KEYS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline", "creator", "creators", "writer", "by"),
    "published": ("date", "published", "publishdate", "publish_date", "pubdate",
                  "published_at", "date_published", "datepublished", "created"),
    "publication": ("publication", "publisher", "site_name", "sitename"),
    "url": ("canonical_url", "canonicalurl", "canonical", "url", "permalink", "link"),
}
"""Our field, and the keys front matter gives it by (first found wins)."""


@dataclass(frozen=True)
class FrontMatter:
    """What a front matter block says about the article."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    """``YYYY-MM-DD``."""
    publication: str | None = None
    url: str | None = None


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.replace('\\"', '"').strip()


def _values(raw: str | None, following: list[str]) -> list[str]:
    """A setting's values: one ("Jane Pike"), a flow list ("[Jane Pike, Tom Rowe]"), or
    the block under it ("- Jane Pike" lines, or a "name: Jane Pike" line)."""
    if raw and raw not in ("|", ">", "|-", ">-"):
        raw = raw.strip()
        if raw.startswith("[") and raw.endswith("]"):
            return [v for v in (_unquoted(p) for p in raw[1:-1].split(",")) if v]
        return [_unquoted(raw)] if _unquoted(raw) else []
    out = []
    for line in following:
        item = _ITEM.match(line)
        named = _NAMED.match(line)
        if named:
            out.append(_unquoted(named.group("value")))
        elif item and not _SETTING.match(item.group("value")):
            out.append(_unquoted(item.group("value")))
    return [v for v in out if v]


def _settings(lines: list[str]) -> dict[str, tuple[str | None, list[str]]] | None:
    """Each top-level key's raw value and the indented lines under it; None when a line
    is neither (not a settings block)."""
    found: dict[str, tuple[str | None, list[str]]] = {}
    key: str | None = None
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        setting = _SETTING.match(line)
        if setting:
            key = setting.group("key").lower()
            found.setdefault(key, (setting.group("value"), []))
        elif line[:1] in " \t" and key is not None:
            found[key][1].append(line)
        else:
            return None
    return found or None


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The front matter at the start of ``text`` (None if there is none) and the text
    after it."""
    opening = _OPEN.match(text)
    if opening is None:
        return None, text
    close = _CLOSE[opening.group(1)]
    lines = text[opening.end():].split("\n")
    end = next((i for i, line in enumerate(lines[:MAX_LINES]) if close.match(line)), None)
    if end is None:
        return None, text
    settings = _settings(lines[:end])
    if settings is None:
        return None, text
    fields: dict[str, str] = {}
    for field, keys in _KEYS.items():
        for key in keys:
            if key in settings:
                values = _values(*settings[key])
                if values:
                    fields[field] = " and ".join(values) if field == "author" else values[0]
                    break
    published = find_date(fields.get("published", ""))
    url = fields.get("url")
    matter = FrontMatter(
        title=fields.get("title"), author=fields.get("author"),
        published=published[0] if published else None,
        publication=fields.get("publication"),
        url=url if url and re.match(r"https?://\S+$", url) else None,
    )
    return matter, "\n".join(lines[end + 1:])
