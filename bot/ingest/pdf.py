"""Text and title of a PDF, from its text layer only (no OCR), rebuilt from the layout.

A PDF's text layer has lines, not paragraphs. pdfminer.six gives each line with its
position and font size, and groups lines into blocks in reading order (columns
first); from that this module rebuilds what a reader sees:

- **paragraphs**: a new one where a line is indented, the gap above it is larger
  than the usual line spacing, the font size changes, or the line before it ended a
  sentence well short of the margin; a paragraph that runs on into the next column
  or page (no full stop, a lower-case start) is joined again;
- **the headline**: the largest text at the top of the first page, preferred to
  the file's metadata title, which is often a file name or a CMS leftover;
- **no page furniture**: running headers and footers (the same line at the top or
  bottom of several pages, page numbers aside) and page numbers are dropped.

Opening is checked with pypdf first: damaged, cut-off, encrypted, password-protected,
oversized (more than :data:`MAX_PDF_PAGES` pages) and scanned (no text layer) files
raise :class:`InputError` with one plain sentence. If the layout cannot be read, the
plain text of each page is used instead (a page that cannot be read is skipped and
noted, as long as some page can be).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from bot.errors import InputError
from bot.ingest.extract import normalise_text
from bot.ingest.header import is_masthead
from bot.ingest.hyphens import Paragraph, words_of
from bot.models import ExtractedText

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 500

_JUNK_PDF_TITLE = re.compile(
    r"^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd))$", re.I
)
_PAGE_NUMBER = re.compile(
    r"^(page\s+)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(\s*(of|/)\s*\d{1,4})?$", re.I
)
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’)\]]*$")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})
HEADLINE_SCALE = 1.2
"""A headline's letters are at least this much larger than the body's."""
HEADLINE_GAP = 1.35
"""Lines of one headline stand at most this many times their size apart (top to top)."""
FURNITURE_ZONE = 0.12
"""Running headers and footers sit within this share of the page height from its edge."""


@dataclass(frozen=True)
class Line:
    """One line of text as laid out on a page (coordinates from the page's top-left)."""

    text: str
    page: int
    block: int
    x0: float
    x1: float
    top: float
    size: float
    page_height: float


def _open(data: bytes, what: str) -> Any:
    """A pypdf reader of a readable, unlocked PDF, or :class:`InputError`."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    damaged = f"{what} is damaged or not a PDF."
    if not data.lstrip().startswith(b"%PDF-") or b"%%EOF" not in data[-65536:]:
        raise InputError(damaged)  # missing end marker: a cut-off download
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                opened = None
            if opened is None:
                raise InputError(
                    f"{what} is encrypted in a way Footnote cannot open; paste the text instead."
                )
            if not opened:
                raise InputError(
                    f"{what} is password-protected; remove the password or paste the text instead."
                )
        pages = len(reader.pages)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise InputError(damaged) from exc
    if pages > MAX_PDF_PAGES:
        raise InputError(f"{what} has {pages} pages; the limit is {MAX_PDF_PAGES}.")
    return reader


def _clean(text: str) -> str:
    return " ".join(normalise_text(text.translate(_LIGATURES)).split())


def layout_lines(data: bytes) -> list[Line]:
    """Every line of text with its page, block (reading order), position and font size."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    lines: list[Line] = []
    for page_no, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
        for block_no, block in enumerate(page):
            if not isinstance(block, LTTextContainer):
                continue
            for line in block:
                if not isinstance(line, LTTextLine):
                    continue
                text = _clean(line.get_text())
                sizes = [c.size for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                if text and sizes:
                    lines.append(Line(text, page_no, block_no, line.x0, line.x1,
                                      page.height - line.y1, statistics.median(sizes),
                                      page.height))
    return lines


def _furniture_key(line: Line) -> str | None:
    """How a running header or footer is recognised on every page (digits aside), or None
    when the line is not near the top or bottom edge of its page."""
    zone = FURNITURE_ZONE * line.page_height
    if line.top < zone:
        edge = "top"
    elif line.top > line.page_height - zone:
        edge = "bottom"
    else:
        return None
    return f"{edge}:{re.sub(r'[0-9]+', '#', line.text.lower())}"


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Lines without page numbers and without headers and footers that repeat on pages."""
    pages = len({line.page for line in lines})
    keys = [_furniture_key(line) for line in lines]
    on_pages: dict[str, set[int]] = defaultdict(set)
    for key, line in zip(keys, lines, strict=True):
        if key is not None:
            on_pages[key].add(line.page)
    repeated = {key for key, seen in on_pages.items()
                if pages >= 2 and len(seen) >= max(2, pages // 2)}
    return [
        line for line, key in zip(lines, keys, strict=True)
        if key is None or (key not in repeated and not _PAGE_NUMBER.match(line.text))
    ]


def body_size(lines: list[Line]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


_SITE = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/?$", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|::)\s+")


def masthead_like(text: str) -> bool:
    """Does a line name the publication or site rather than the article ("The Example
    Gazette", "BBC News", "www.example.co.uk")?"""
    text = " ".join(text.split())
    return bool(_SITE.match(text)) or is_masthead(text, 1)


def _large_runs(first: list[Line], body: float) -> list[list[Line]]:
    """Runs of consecutive large lines (at least :data:`HEADLINE_SCALE` times the body
    size) of one size and one block, without a gap wider than a line between them."""
    runs: list[list[Line]] = []
    previous: Line | None = None
    for line in first:
        if line.size < HEADLINE_SCALE * body:
            previous = None
            continue
        if (previous is not None and previous.block == line.block
                and abs(previous.size - line.size) <= 0.05 * line.size
                and line.top - previous.top <= HEADLINE_GAP * line.size and len(runs[-1]) < 4):
            runs[-1].append(line)
        else:
            runs.append([line])
        previous = line
    return runs


def find_headline(lines: list[Line], body: float) -> list[Line]:
    """The headline's lines on the first page: the largest type above the body text that
    is not the publication's masthead or a site name (the first such run when several
    are set that large)."""
    first = [line for line in lines if line.page == lines[0].page]
    runs = [run for run in _large_runs(first, body)
            if len(" ".join(r.text for r in run).split()) >= 2
            and not masthead_like(" ".join(r.text for r in run))]
    if not runs:
        return []
    biggest = max(run[0].size for run in runs)
    run = next(run for run in runs if run[0].size >= biggest * 0.95)
    text = " ".join(line.text for line in run)
    return run if len(text) <= 300 else []


def _continues(paragraph: str, line: Line) -> bool:
    """Does ``line`` (at the top of a new block, column or page) carry on a sentence?"""
    return not _SENTENCE_END.search(paragraph) and (
        line.text[:1].islower() or paragraph.endswith((",", "-", "–", "—"))
    )


def _block_starts(block: list[Line]) -> list[bool]:
    """For each line of one block: does a new paragraph start on it?"""
    left = min(line.x0 for line in block)
    right = max(line.x1 for line in block)
    gaps = [b.top - a.top for a, b in itertools.pairwise(block) if b.top > a.top]
    pitch = statistics.median(gaps) if gaps else None
    starts = [True]
    for previous, line in itertools.pairwise(block):
        indented = line.x0 - left > 0.8 * line.size and previous.x0 - left < 0.5 * line.size
        spaced = pitch is not None and line.top - previous.top > 1.4 * pitch
        resized = abs(line.size - previous.size) > 0.15 * max(line.size, previous.size)
        short = (previous.x1 < left + 0.75 * (right - left)
                 and _SENTENCE_END.search(previous.text) is not None)
        starts.append(indented or spaced or resized or short)
    return starts


def rebuild_paragraphs(lines: list[Line]) -> list[str]:
    """The paragraphs of the text, in reading order (see the module docstring)."""
    paragraphs: list[Paragraph] = []
    blocks: list[list[Line]] = []
    known = words_of("\n".join(line.text for line in lines)) if any(  # "self-harm" or
        line.text.endswith("-") for line in lines) else frozenset()  # "cycling"
    for line in lines:
        if blocks and (blocks[-1][-1].page, blocks[-1][-1].block) == (line.page, line.block):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    for block in blocks:
        for line, starts in zip(block, _block_starts(block), strict=True):
            first_of_block = line is block[0]
            if not paragraphs or (starts and not (first_of_block and
                                                  _continues(paragraphs[-1].text(), line))):
                paragraphs.append(Paragraph(line.text, known))
            else:
                paragraphs[-1].add(line.text)
    return [paragraph.text() for paragraph in paragraphs]


def _plain_pages(reader: Any, what: str, source: str) -> tuple[str, tuple[str, ...]]:
    """Each page's plain text (pypdf), when the layout cannot be read."""
    texts, failed = [], 0
    for page in reader.pages:
        try:
            texts.append(normalise_text(page.extract_text() or ""))
        except Exception:  # one bad page should not lose the others
            log.warning("could not read a page of %s", source, exc_info=True)
            failed += 1
    if reader.pages and failed == len(reader.pages):
        raise InputError(f"{what} is damaged or not a PDF.")
    notes = (f"{failed} unreadable page(s) skipped",) if failed else ()
    return "\n\n".join(t for t in texts if t.strip()), notes


def clean_metadata_title(title: str) -> str | None:
    """A metadata title without the site's name ("Harbour wall approved | The Example
    Gazette" -> "Harbour wall approved"); None when it is only a site's name, a file
    name or a placeholder."""
    title = " ".join(title.split())
    if not title or _JUNK_PDF_TITLE.match(title) or masthead_like(title):
        return None
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if separators and masthead_like(title[separators[-1].end():]):
        return clean_metadata_title(title[:separators[-1].start()])
    if separators and masthead_like(title[:separators[0].start()]):
        return clean_metadata_title(title[separators[0].end():])
    return title


def _metadata_title(reader: Any) -> str | None:
    try:
        title = (reader.metadata.title or "") if reader.metadata else ""
    except Exception:
        title = ""
    return clean_metadata_title(title)


def extract_pdf(data: bytes, *, what: str, source: str, url: str | None) -> ExtractedText:
    """Paragraphs of a PDF (one blank line between them) and its title: the printed
    headline, else the metadata title.

    ``what`` names the file in error messages. Raises :class:`InputError` for a
    damaged, cut-off, encrypted, password-protected, oversized or scanned PDF.
    """
    reader = _open(data, what)
    title = _metadata_title(reader)
    notes: tuple[str, ...] = ()
    try:
        lines = drop_furniture(layout_lines(data))
    except Exception:  # pdfminer meets what pypdf tolerates: fall back to the plain text
        log.warning("could not read the layout of %s; using its plain text", source,
                    exc_info=True)
        lines = None
    if lines:
        headline = find_headline(lines, body_size(lines))
        if headline:
            title = " ".join(line.text for line in headline)
        text = "\n\n".join(rebuild_paragraphs(lines))
    else:
        text, notes = _plain_pages(reader, what, source)
    if not text.strip():
        raise InputError(f"{what} has no text layer (it looks scanned); paste the text instead.")
    return ExtractedText(text=text, title=title, url=url, source=source, notes=notes)
