"""A press release saved as a web page by a word processor: its page title ("Press
release", "Document1"), its own tags (``<o:p>``) and its "For immediate release: 4 June
2024" line do not hide the headline and the date, nor split its paragraphs."""

from __future__ import annotations

import pytest

from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.ingest.header import is_date_line

WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<title>{title}</title></head><body lang=EN-GB><div class=WordSection1>
<p class=MsoNormal><b><span style='font-size:14.0pt'>NEW COMMUNITY HEALTH HUB OPENS IN
ASHFORD<o:p></o:p></span></b></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>For immediate release: 4 June 2024<o:p></o:p></p>
<p class=MsoNormal>A new community health hub bringing GP appointments, mental health support
and a pharmacy under one roof opened in Ashford town centre on Monday.<o:p></o:p></p>
<p class=MsoNormal>The centre, in the former Debenhams building on Elwick Road, will see up to
1,500 patients a week, Kent and Medway NHS said.<o:p></o:p></p>
</div></body></html>"""


@pytest.mark.parametrize("title", ["Press release", "Document1", "Microsoft Word - hub.docx",
                                   "hub-release.docx", "Untitled document"])
def test_a_word_processors_page_title_gives_way_to_the_headline(title: str) -> None:
    page = WORD_PAGE.format(title=title).encode("cp1252")
    doc = clean_article(extract_bytes(page, filename="release.htm"))
    assert doc.title == "New Community Health Hub Opens in Ashford"
    assert doc.published == "2024-06-04"
    first = doc.text[doc.passages[0].start:doc.passages[0].end]
    assert first.startswith("A new community") and first.endswith("on Monday."), first


def test_a_page_title_naming_the_story_is_kept() -> None:
    page = WORD_PAGE.format(title="Ashford health hub opens").encode("cp1252")
    assert clean_article(extract_bytes(page, filename="release.htm")).title == (
        "Ashford health hub opens")


@pytest.mark.parametrize(("line", "date"), [
    ("For immediate release: 4 June 2024", True),
    ("FOR IMMEDIATE RELEASE - 4 June 2024", True),
    ("Embargoed until 00:01 4 June 2024", True),
    ("Release date: 4 June 2024", True),
    ("The release of 4 June 2024", False),
])
def test_a_release_line_dates_the_story(line: str, date: bool) -> None:
    assert is_date_line(line) is date


GOOGLE_DOC = """<html><head><title>Allotment waiting list - Google Docs</title></head><body>
<div id="header">Published using Google Docs</div>
<div id="contents"><p class="c3"><span class="c1">Allotment waiting list hits 400 as demand
soars</span></p>
<p class="c2"><span class="c0">The waiting list for council allotments in Lancaster has reached
400 people, more than double the number three years ago, the city council said.</span></p>
<p class="c2"><span class="c0">Some residents have waited more than five years for a plot, and
the council is looking at splitting larger plots in half.</span></p></div></body></html>"""


def test_a_page_title_cut_short_gives_way_to_the_fuller_headline() -> None:
    doc = clean_article(extract_bytes(GOOGLE_DOC.encode(), filename="allotments.html"))
    assert doc.title == "Allotment waiting list hits 400 as demand soars"
