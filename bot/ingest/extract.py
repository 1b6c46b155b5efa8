"""Pull plain text and metadata out of uploaded bytes (txt, md, html, pdf) or a paste.

Everything here either returns an :class:`ExtractedText` or raises
:class:`InputError` with one plain sentence for the person who sent the file.
Text is kept as it is apart from invisible damage: newlines become ``\\n``,
trailing spaces go, and control and zero-width characters are removed.

This module sniffs what the bytes are, decodes text (byte-order marks, UTF-16,
declared charsets, UTF-8, Windows-1252), strips light Markdown and hands HTML to
:mod:`bot.ingest.html` and PDF to :mod:`bot.ingest.pdf`.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata

from bot.errors import InputError
from bot.ingest.front_matter import split_front_matter
from bot.models import ExtractedText

ACCEPTED_TYPES = ".txt, .md, .html or .pdf"

_EXTENSIONS = {
    "txt": "text",
    "text": "text",
    "md": "markdown",
    "markdown": "markdown",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "pdf": "pdf",
}


def supported_suffix(filename: str) -> bool:
    """Whether a file name ends in an extension Footnote reads (.txt, .md, .html, .pdf...)."""
    name = filename.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[-1].lower() in _EXTENSIONS


def too_large(what: str, limit: int, size: int | None = None) -> InputError:
    """The sentence for input over the size limit: "X is 5.1 MB; the limit is 5 MB." (rounded
    up, never "5.0 MB > 5 MB"), or "X is over the 5 MB limit." when the size is unknown."""
    if size is None:
        return InputError(f"{what} is over the {limit / 1e6:g} MB limit.")
    megabytes = math.ceil(size / 100_000) / 10
    return InputError(f"{what} is {megabytes:g} MB; the limit is {limit / 1e6:g} MB.")


_CONTENT_TYPES = {
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
}
# (magic prefix, what it is); checked before anything is decoded.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "Linux program"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word or Excel document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg audio"),
    (b"fLaC", "FLAC audio"),
    (b"\xcf\xfa\xed\xfe", "macOS program"),
    (b"\xca\xfe\xba\xbe", "macOS or Java program"),
)
_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060\u00ad"
# Cc characters except \t and \n (\r, \f, \v are turned into newlines first).
_DELETE = {cp: None for cp in range(0x20) if cp not in (9, 10)}
_DELETE.update({cp: None for cp in range(0x7F, 0xA0)})
_DELETE.update({ord(c): None for c in _ZERO_WIDTH})
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_TRAILING = " \t\u00a0"
"""What a line's end loses: spaces, tabs and no-break spaces."""


def repair_surrogates(text: str) -> str:
    """``text`` made storable: lone surrogates become real characters or U+FFFD.

    They come from bytes that were not UTF-8 (a file name or a command-line argument,
    decoded by Python with ``surrogateescape``) or from a broken emoji in JSON. SQLite
    and the model's tokenizer refuse them, so they must not get further than here.
    """
    if not _SURROGATE.search(text):
        return text
    try:  # escaped bytes: decode them for real (a Latin-1 terminal's "café" comes back)
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def normalise_text(text: str) -> str:
    """Unify newlines to ``\\n``; drop trailing spaces, control and zero-width characters."""
    text = repair_surrogates(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n").replace("\v", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n")
    text = text.translate(_DELETE)
    # line by line: a pattern for "spaces before a newline" tries every space of a long
    # run that a newline does not end (10,000 spaces, then "-": minutes for a few MB)
    return "\n".join(line.rstrip(_TRAILING) for line in text.split("\n")).strip("\n")


def _describe(filename: str | None, url: str | None) -> str:
    if filename:
        return f"The file “{filename}”"
    if url:
        return f"The page {url}"
    return "The file"


def _kind(data: bytes, filename: str | None, content_type: str | None, what: str) -> str:
    """Decide how to read the bytes: extension first, then content type, then sniffing."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if filename and "." in filename.rsplit("/", 1)[-1]:
        ext = filename.rsplit(".", 1)[-1].lower()
        if ext not in _EXTENSIONS:
            raise InputError(f"{what} is a .{ext} file; Footnote reads {ACCEPTED_TYPES} files.")
        return _EXTENSIONS[ext]
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime in _CONTENT_TYPES:
            return _CONTENT_TYPES[mime]
        if not mime.startswith("text/") and mime != "application/octet-stream":
            raise InputError(f"{what} is of type {mime}; Footnote reads {ACCEPTED_TYPES} files.")
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    return "text"


def _magic(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, if it is a known one."""
    for prefix, name in _MAGIC:
        if data.startswith(prefix):
            return name
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "Windows program"
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4 video or HEIC image"
    if data.startswith(b"ID3") and len(data) > 3 and data[3] < 10:
        return "MP3 audio"
    return None


def _printable_share(text: str) -> float:
    """Share of ``text`` that is not control, format, private-use or unassigned."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if c not in "\n\t\r" and unicodedata.category(c)[0] == "C")
    return 1.0 - bad / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 without a byte-order mark when the NUL pattern makes it plain."""
    sample = data[: 1 << 16]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0) / half
    odd_nuls = sample[1::2].count(0) / half
    if odd_nuls >= 0.4 and even_nuls <= 0.05:
        codec = "utf-16-le"
    elif even_nuls >= 0.4 and odd_nuls <= 0.05:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data[: len(data) // 2 * 2].decode(codec)
    except UnicodeDecodeError:
        return None
    return text if _printable_share(text[:20000]) >= 0.95 else None


def decode_text(
    data: bytes, what: str = "The file", declared: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """Decode bytes of text; returns the text and notes on unusual encodings.

    Tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without
    one when its NUL pattern is clear; the ``declared`` charset; UTF-8; then
    Windows-1252 (or Latin-1) when the result is plausible text. Binary data and
    anything else raise :class:`InputError`.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), ()
            except UnicodeDecodeError:
                if codec != "utf-8-sig":
                    raise InputError(f"{what} could not be decoded as text.") from None
                break
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, ("decoded as UTF-16 without a byte-order mark",)
    sample = data[: 1 << 16]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample.count(0) > len(sample) // 100 or controls / len(sample) > 0.05:
        raise InputError(f"{what} looks like a binary file, not text.")
    for codec in (declared, "utf-8"):
        if codec:
            try:
                return data.decode(codec), ()
            except UnicodeDecodeError:
                pass
    for codec, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[:100_000]
        non_ascii = sum(1 for c in head if ord(c) > 127) / len(head)
        if non_ascii <= 0.3 and _printable_share(head) >= 0.98:
            return text, (f"decoded as {label}",)
    raise InputError(
        f"{what} could not be decoded as text (it is not UTF-8, UTF-16 or Windows-1252)."
    )


def _check_text(text: str, what: str) -> str:
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{what} contains only whitespace.")
    return text


def extract_text(text: str, *, source: str = "pasted text") -> ExtractedText:
    """Wrap pasted text as :class:`ExtractedText`, normalised but otherwise verbatim."""
    if not text:
        raise InputError("The pasted text is empty.")
    what = "The pasted text" if source == "pasted text" else f"The text from {source}"
    return ExtractedText(text=_check_text(text, what), source=source)


def extract_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    max_bytes: int = 5_000_000,
) -> ExtractedText:
    """Extract text and metadata from an uploaded file or a fetched page.

    The kind is taken from the file extension (.txt .md .markdown .html .htm
    .pdf), else the content type, else the first bytes. Raises
    :class:`InputError` for empty, oversized, binary, undecodable, damaged,
    password-protected or scanned input, or a page without article text.
    """
    what = _describe(filename, url)
    source = filename or url or "file"
    if not data:
        raise InputError(f"{what} is empty.")
    if len(data) > max_bytes:
        raise too_large(what, max_bytes, len(data))
    kind = _kind(data, filename, content_type, what)
    binary = _magic(data)
    if binary:
        expected = "a PDF" if kind == "pdf" else "text"
        raise InputError(f"{what} looks like a binary file ({binary}), not {expected}.")
    if kind == "pdf":
        from bot.ingest.pdf import extract_pdf  # here, not at the top: pdf imports this module

        return extract_pdf(data, what=what, source=source, url=url)
    charset = _declared_charset(content_type, data if kind == "html" else b"")
    text, notes = decode_text(data, what, declared=charset)
    text = _check_text(text, what)
    if kind == "html":
        from bot.ingest.html import extract_html  # here, not at the top: html imports this module

        return extract_html(text, what=what, source=source, url=url, notes=notes)
    title = None
    if kind == "markdown":
        matter, text = split_front_matter(text)
        text, title = strip_markdown(text)
        if matter is not None and not text.strip():
            raise InputError(f"{what} holds only its front matter (title, author, date: the "
                             "settings between its \"---\" lines), no article text.")
        text = _check_text(text, what)
        if matter is not None:  # a blog's settings block: the article's metadata
            return ExtractedText(
                text=text, title=matter.title or title, author=matter.author,
                publication=matter.publication, published=matter.published,
                url=url or matter.url, source=source, notes=notes)
    return ExtractedText(text=text, title=title, url=url, source=source, notes=notes)


_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _declared_charset(content_type: str | None, html: bytes) -> str | None:
    """The known codec named by the content type or an HTML ``<meta charset>``, if any."""
    declared = [content_type.encode("ascii", "replace")] if content_type else []
    if html:
        declared.append(html[:4096])
    for raw in declared:
        found = _CHARSET.search(raw)
        if found:
            name = found.group(1).decode("ascii").lower()
            try:
                codecs.lookup(name)
            except LookupError:
                continue
            return "cp1252" if name in ("iso-8859-1", "latin-1", "us-ascii", "ascii") else name
    return None


# Markdown, lightly: enough that quotes read like the article, not like its source.
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_RULE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_BLOCKQUOTE = re.compile(r"^\s{0,3}(>\s?)+")
# Backslash escapes ("\\*") are parked in the private-use area while the rest is stripped.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_UNESCAPE = {0xE000 + c: c for c in range(128)}
# A link's text holds no "[" of its own: from every "[" of a run that never closes
# ("[[[[...") a text of any character but "]" ran to the end of the line and back.
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    # citation marks "[4][11]" (not a reference link's "[text][1]")
    (re.compile(r"(?<=[^\s\]])(?:\[\d{1,3}\])+"), ""),
    (re.compile(r"!\[([^\[\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"!\[([^\[\]]*)\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\[\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\[\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # <http://...>
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)


def strip_markdown(text: str) -> tuple[str, str | None]:
    """Remove light Markdown syntax; returns the text and the first ``# `` heading."""
    out: list[str] = []
    title: str | None = None
    in_code = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append(line)
            continue
        if _HR.match(line) or _REF_DEFINITION.match(line):
            out.append("")
            continue
        if _SETEXT_RULE.match(line) and out and out[-1].strip():
            if title is None and line.strip().startswith("="):
                title = out[-1].strip()
            continue
        line = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), _BLOCKQUOTE.sub("", line))
        heading = _ATX_HEADING.match(line)
        if heading:
            line = heading.group(2)
        for pattern, repl in _INLINE:
            line = pattern.sub(repl, line)
        line = line.translate(_UNESCAPE)
        if heading and title is None and len(heading.group(1)) == 1:
            title = line.strip() or None
        out.append(line)
    return "\n".join(out), title
