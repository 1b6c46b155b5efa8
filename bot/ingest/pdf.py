"""Text and title of a PDF, from its text layer only (pypdf; no OCR).

Pages are joined with a blank line between them. Damaged, cut-off, encrypted,
password-protected, oversized (more than :data:`MAX_PDF_PAGES` pages) and scanned
(no text layer) files raise :class:`InputError` with one plain sentence; a page
that cannot be read is skipped and noted, as long as some page can be.
"""

from __future__ import annotations

import io
import logging
import re

from bot.errors import InputError
from bot.ingest.extract import normalise_text
from bot.models import ExtractedText

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 500

_JUNK_PDF_TITLE = re.compile(
    r"^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd))$", re.I
)


def extract_pdf(data: bytes, *, what: str, source: str, url: str | None) -> ExtractedText:
    """Text of a PDF's pages (blank line between pages) and its metadata title.

    ``what`` names the file in error messages. Raises :class:`InputError` for a
    damaged, cut-off, encrypted, password-protected, oversized or scanned PDF.
    """
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
        pages = list(reader.pages)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on broken files
        raise InputError(damaged) from exc
    if len(pages) > MAX_PDF_PAGES:
        raise InputError(f"{what} has {len(pages)} pages; the limit is {MAX_PDF_PAGES}.")
    texts, failed = [], 0
    for page in pages:
        try:
            texts.append(normalise_text(page.extract_text() or ""))
        except Exception:  # one bad page should not lose the others
            log.warning("could not read a page of %s", source, exc_info=True)
            failed += 1
    if pages and failed == len(pages):
        raise InputError(damaged)
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        raise InputError(f"{what} has no text layer (it looks scanned); paste the text instead.")
    try:
        title = (reader.metadata.title or "").strip() if reader.metadata else ""
    except Exception:
        title = ""
    title = None if not title or _JUNK_PDF_TITLE.match(title) else title
    notes = (f"{failed} unreadable page(s) skipped",) if failed else ()
    return ExtractedText(text=text, title=title, url=url, source=source, notes=notes)
