"""A PDF that opens with a newspaper's masthead or a site's name still gets its headline
as the title: the masthead set larger than the headline, the masthead in the headline's
size just above it, a site name as a logo line, and a metadata title that is the site's
name or ends with it ("Harbour wall approved | The Example Gazette")."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.ingest.pdf import clean_metadata_title
from tests.ingest.test_pdf_layout import HEADLINE, SPACED, TITLE, headed_pdf

MASTHEAD = "The Example Gazette"
BIG = ParagraphStyle("masthead", fontName="Times-Bold", fontSize=32, leading=36, spaceAfter=10)
SMALL = ParagraphStyle("site", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=6)


def _pdf(top: list[tuple[str, ParagraphStyle]], *, title: str = "") -> bytes:
    return headed_pdf(top, title=title)


def _title(data: bytes) -> str | None:
    return extract_bytes(data, filename="harbour.pdf").title


@pytest.mark.parametrize("masthead", [MASTHEAD, "THE EXAMPLE GAZETTE", "BBC News",
                                      "www.example-gazette.co.uk"])
def test_a_masthead_set_larger_than_the_headline_is_not_the_title(masthead: str) -> None:
    assert _title(_pdf([(masthead, BIG), (HEADLINE, TITLE)])) == HEADLINE


def test_a_masthead_in_the_headlines_size_is_not_joined_to_it() -> None:
    assert _title(_pdf([(MASTHEAD, TITLE), (HEADLINE, TITLE)])) == HEADLINE


def test_a_site_name_line_above_the_headline_is_skipped() -> None:
    assert _title(_pdf([("example-gazette.co.uk", SMALL), (HEADLINE, TITLE)])) == HEADLINE


def test_a_headline_that_starts_with_the_is_kept_whole() -> None:
    two_lines = "The Big Freeze: harbour wall approved after a stormy winter of floods"
    assert _title(_pdf([(MASTHEAD, BIG), (two_lines, TITLE)])) == two_lines


def test_without_a_printed_headline_a_site_name_metadata_title_is_not_used() -> None:
    data = _pdf([(MASTHEAD, SPACED), (HEADLINE, SPACED)], title=MASTHEAD)
    assert _title(data) is None
    cleaned = clean_article(extract_bytes(data, filename="harbour.pdf"))
    assert cleaned.title == HEADLINE  # read from the header lines instead
    assert cleaned.publication == MASTHEAD


@pytest.mark.parametrize("raw, expected", [
    (f"{HEADLINE} | {MASTHEAD}", HEADLINE),
    (f"{HEADLINE} - BBC News", HEADLINE),
    (f"{HEADLINE} — example-gazette.co.uk", HEADLINE),
    (MASTHEAD, None),
    ("www.example-gazette.co.uk", None),
    ("Untitled", None),
    ("Harbour wall: a view from the quay", "Harbour wall: a view from the quay"),
    ("Storm - the aftermath", "Storm - the aftermath"),
])
def test_metadata_titles_lose_the_site_name(raw: str, expected: str | None) -> None:
    assert clean_metadata_title(raw) == expected
