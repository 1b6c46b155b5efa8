"""PDFs as people get them, drawn here with reportlab: paragraphs rebuilt from the layout,
the printed headline preferred to the metadata title, running headers, footers and page
numbers dropped. Layouts: indented paragraphs, spaced paragraphs, two columns, and
several pages with a running header and footer."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from bot.ingest.extract import extract_bytes
from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder

HEADLINE = "Harbour wall approved after a stormy winter"
METADATA_TITLE = "CMS export 2024-118 final"
PARAGRAPHS = [
    "The town council approved a new harbour wall on Tuesday evening after a debate that "
    "lasted almost four hours and filled the public gallery with fishermen and their families.",
    "The wall will cost four million pounds and is meant to protect two hundred homes on the "
    "seafront from the winter storms that flooded the lower streets three times last year.",
    "Engineers from the county said the old wall had been patched so often that another "
    "repair would only buy a season or two, and that the sea had already undermined its base.",
    "Fishermen welcomed the decision but asked the council for a new slipway as well, saying "
    "that boats now had to be winched up the beach by hand whenever the tide was low.",
    "Work is expected to begin in the spring and to take eighteen months; the harbour will "
    "stay open throughout, although the northern quay will close for part of the summer.",
]
BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=14)
INDENTED = ParagraphStyle("indented", parent=BODY, firstLineIndent=18)
SPACED = ParagraphStyle("spaced", parent=BODY, spaceAfter=10)
TITLE = ParagraphStyle("headline", fontName="Helvetica-Bold", fontSize=22, leading=26,
                       spaceAfter=14)
MASTHEAD = "The Example Gazette"


def _furniture(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """A running header (masthead and date) and a footer with the page number."""
    width, height = A4
    canvas.setFont("Helvetica", 8)
    canvas.drawString(72, height - 40, f"{MASTHEAD} · Thursday 14 March 2024")
    canvas.drawRightString(width - 72, height - 40, "News")
    canvas.drawCentredString(width / 2, 30, f"Page {doc.page} of 2")


def make_pdf(style: ParagraphStyle, *, columns: int = 1, repeat: int = 1,
             furniture: Callable[[Canvas, BaseDocTemplate], None] | None = None,
             headline: str | None = HEADLINE) -> bytes:
    """A PDF of the headline and ``PARAGRAPHS`` (``repeat`` times, numbered after the
    first round) in one or two columns, with page furniture drawn on every page."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, title=METADATA_TITLE,
                          leftMargin=72, rightMargin=72, topMargin=72, bottomMargin=72)
    gap = 18
    width = (doc.width - gap * (columns - 1)) / columns
    frames = [Frame(doc.leftMargin + i * (width + gap), doc.bottomMargin, width, doc.height,
                    id=f"column{i}") for i in range(columns)]
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=furniture or (lambda c, d: None))])
    story = [Paragraph(headline, TITLE)] if headline else []
    for round_ in range(repeat):
        for n, text in enumerate(PARAGRAPHS):
            story.append(Paragraph(text if round_ == 0 else f"Again ({round_}.{n}): {text}",
                                   style))
    doc.build(story)
    return buffer.getvalue()


def headed_pdf(top: list[tuple[str, ParagraphStyle]], *, title: str = "") -> bytes:
    """A one-page PDF: the ``top`` lines (text and style: a masthead, a headline), then
    ``PARAGRAPHS``; ``title`` is its metadata title."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title)
    story: list[Flowable] = [Paragraph(text, style) for text, style in top]
    story.append(Spacer(1, 6))
    story += [Paragraph(text, SPACED) for text in PARAGRAPHS]
    doc.build(story)
    return buffer.getvalue()


def _paragraphs(data: bytes) -> tuple[list[str], str | None]:
    got = extract_bytes(data, filename="harbour.pdf")
    return got.text.split("\n\n"), got.title


@pytest.mark.parametrize("style", [INDENTED, SPACED], ids=["indented", "spaced"])
def test_one_column_gives_the_headline_and_five_paragraphs(style: ParagraphStyle) -> None:
    paragraphs, title = _paragraphs(make_pdf(style))
    assert title == HEADLINE  # the printed headline, not the metadata title
    assert paragraphs == [HEADLINE, *PARAGRAPHS]


def test_five_paragraph_pdf_gives_five_passages(tmp_path: Path) -> None:
    app = Footnote(Settings(data_dir=tmp_path / "data", seeds_dir=tmp_path / "none"),
                   encoder=HashingEncoder())
    result = app.add_bytes("news", make_pdf(INDENTED), filename="harbour.pdf")
    assert result.article.title == HEADLINE
    passages = app.show_article("news", result.article.id).passages
    assert [p.text for p in passages] == PARAGRAPHS


def test_two_columns_with_header_and_footer() -> None:
    data = make_pdf(SPACED, columns=2, repeat=5, furniture=_furniture)
    paragraphs, title = _paragraphs(data)
    assert title == HEADLINE
    expected = [HEADLINE, *PARAGRAPHS]
    expected += [f"Again ({r}.{n}): {text}" for r in range(1, 5)
                 for n, text in enumerate(PARAGRAPHS)]
    assert paragraphs == expected  # columns in order; a paragraph split by a column is whole
    text = "\n\n".join(paragraphs)
    assert MASTHEAD not in text and "Page " not in text and "News" not in text


def test_running_header_and_page_numbers_on_several_pages() -> None:
    data = make_pdf(INDENTED, repeat=5, furniture=_furniture)
    paragraphs, title = _paragraphs(data)
    assert title == HEADLINE
    assert len(paragraphs) == 1 + 5 * len(PARAGRAPHS)
    assert paragraphs[1:6] == PARAGRAPHS
    assert not any(MASTHEAD in p or p.startswith("Page ") for p in paragraphs)


def test_without_a_printed_headline_the_metadata_title_is_kept() -> None:
    paragraphs, title = _paragraphs(make_pdf(SPACED, headline=None))
    assert title == METADATA_TITLE
    assert paragraphs == PARAGRAPHS
