"""An old page written with ``<br><br>`` between paragraphs (laid out in a table) reads
as paragraphs, with its headline, byline and date; a page of ``<p>`` paragraphs with
line breaks only in its footer reads as before."""

from __future__ import annotations

from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes

OLD_PAGE = """<html><head><title>Village Gazette - Fete raises record sum</title></head>
<body bgcolor="#ffffff"><table width="600"><tr><td>
<font face="Arial" size="4"><b>Fete raises record sum for church roof</b></font><br><br>
<font face="Arial" size="2">By Peter Grey<br>
12 August 2023<br><br>
The annual summer fete at St Mary's raised a record &pound;8,450 for the church roof appeal
on Saturday, organisers said.<br><br>
More than 1,200 people attended, the highest number since the fete began in 1962. The dog
show and the tug of war between the two pubs were the most popular events.<br><br>
Vicar Ruth Adeyemi said the money meant work on the roof could start in the spring.<br><br>
<a href="index.html">Back to news</a> | <a href="contact.html">Contact us</a>
</font></td></tr></table></body></html>"""

MODERN_PAGE = """<html><head><title>Bridge to close for repairs</title></head><body>
<article><h1>Bridge to close for repairs</h1>
<p>The Vale Street bridge will close for six weeks from Monday while engineers replace its
worn expansion joints, the council said.</p>
<p>Buses will be diverted along the ring road, adding about ten minutes to journeys into the
town centre at peak times.</p>
<p>The council said the work could not wait until the summer because the joints had
deteriorated faster than expected over the winter.</p></article>
<footer>Westbridge Herald<br><br>12 High Street<br><br>Westbridge<br><br>Call 01632 960 000
</footer></body></html>"""


def _read(html: str):
    extracted = extract_bytes(html.encode(), filename="page.html")
    return extracted, clean_article(extracted)


def test_a_page_of_line_breaks_reads_as_paragraphs() -> None:
    extracted, doc = _read(OLD_PAGE)
    assert "paragraphs read from the page's line breaks" in extracted.notes
    assert doc.title == "Fete raises record sum for church roof"
    assert (doc.author, doc.published) == ("Peter Grey", "2023-08-12")
    quotes = [doc.text[p.start:p.end] for p in doc.passages]
    assert [q[:24] for q in quotes] == [
        "The annual summer fete a", "More than 1,200 people a", "Vicar Ruth Adeyemi said "]


def test_a_page_of_paragraphs_with_breaks_in_its_footer_reads_as_before() -> None:
    extracted, doc = _read(MODERN_PAGE)
    assert not any("line breaks" in note for note in extracted.notes)
    quotes = [doc.text[p.start:p.end] for p in doc.passages]
    assert len(quotes) == 3 and not any("High Street" in q for q in quotes), quotes
