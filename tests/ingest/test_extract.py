"""Tests for bot.ingest.extract: every kind of file, and every way a file can be bad."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from bot.errors import InputError
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes, extract_text, normalise_text, strip_markdown

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (
    "Council approves new cycle lanes\n\n"
    "The city council voted on Tuesday to build twelve kilometres of cycle lanes.\n\n"
    "Work is expected to begin in the spring.\n"
)


def text_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A minimal valid one-page PDF showing ``lines`` in Helvetica (built by hand)."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        ops += [f"({esc(line)}) Tj", "T*"]
    stream = "\n".join([*ops, "ET"]).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if title:
        objects.append(b"<< /Title (%s) >>" % esc(title).encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = b" /Info %d 0 R" % len(objects) if title else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(out)


PDF_LINES = [
    "The city council voted on Tuesday to build twelve kilometres of protected",
    "cycle lanes along the river, a plan that has divided residents for years.",
]


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted(user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(PDF_LINES))))
    writer.encrypt(user_password, owner_password)  # RC4-128: needs no extra package
    return _write(writer)


# Plain text and encodings.


def test_utf8_text_is_kept_verbatim() -> None:
    got = extract_bytes(ARTICLE.encode("utf-8"), filename="cycle.txt")
    assert got.text == ARTICLE.rstrip("\n")
    assert (got.title, got.source, got.notes) == (None, "cycle.txt", ())


def test_utf8_bom_crlf_trailing_spaces_controls_and_zero_width_are_cleaned() -> None:
    raw = "\ufeffOne line.  \r\nTwo\u200b lines\x00 here.\t\r\n\r\nIn\u00advisible\u2060 end.\x07"
    got = extract_bytes(raw.encode("utf-8"), filename="a.txt")
    assert got.text == "One line.\nTwo lines here.\n\nInvisible end."


def test_windows_1252_is_decoded_with_a_note() -> None:
    text = "Café owners said the “new rules” would cost them £500 – each."
    got = extract_bytes(text.encode("cp1252"), filename="cafe.txt")
    assert got.text == text
    assert got.notes == ("decoded as Windows-1252",)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(codec: str) -> None:
    got = extract_bytes(ARTICLE.encode(codec), filename="win.txt")
    assert got.text == ARTICLE.rstrip("\n")
    assert got.notes == ("decoded as UTF-16 without a byte-order mark",)


def test_utf16_with_bom_is_decoded_silently() -> None:
    got = extract_bytes(ARTICLE.encode("utf-16"), filename="win.txt")
    assert got.text == ARTICLE.rstrip("\n")
    assert got.notes == ()


def test_undecodable_bytes_are_rejected() -> None:
    with pytest.raises(InputError, match="could not be decoded as text"):
        extract_bytes(bytes(range(128, 256)) * 20, filename="odd.txt")


def test_empty_file() -> None:
    with pytest.raises(InputError, match=r"^The file “a\.txt” is empty\.$"):
        extract_bytes(b"", filename="a.txt")


def test_whitespace_only_file() -> None:
    with pytest.raises(InputError, match="contains only whitespace"):
        extract_bytes(" \r\n\t \n\u200b ".encode(), filename="a.txt")


def test_oversized_file_names_size_and_limit() -> None:
    with pytest.raises(InputError, match=r"is 5.1 MB; the limit is 5 MB"):
        extract_bytes(b"a" * 5_000_001, filename="big.txt")
    with pytest.raises(InputError, match=r"is 0.3 MB; the limit is 0.2 MB"):
        extract_bytes(b"a" * 250_000, filename="big.txt", max_bytes=200_000)


def test_elf_executable_is_rejected() -> None:
    data = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4
    with pytest.raises(InputError, match=r"looks like a binary file \(Linux program\), not text"):
        extract_bytes(data, filename="program")


def test_png_renamed_txt_is_rejected() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    with pytest.raises(InputError, match=r"looks like a binary file \(PNG image\), not text"):
        extract_bytes(data, filename="photo.txt")


def test_unknown_binary_with_many_nuls_is_rejected() -> None:
    data = b"DATA" + b"\x00\x01\x02\x03text" * 200
    with pytest.raises(InputError, match="looks like a binary file, not text"):
        extract_bytes(data, filename="dump.txt")


def test_unknown_extension_names_the_accepted_types() -> None:
    with pytest.raises(
        InputError, match=r"\.docx file; Footnote reads \.txt, \.md, \.html or \.pdf"
    ):
        extract_bytes(b"hello", filename="report.docx")


def test_content_type_decides_without_a_file_name() -> None:
    html = (FIXTURES / "article.html").read_bytes()
    got = extract_bytes(html, content_type="text/html; charset=utf-8", url="https://x.example/a")
    assert got.title == "Council approves new cycle lanes"
    assert got.source == "https://x.example/a"


def test_extract_text_for_a_paste() -> None:
    got = extract_text("Line one.  \r\nLine two.\r\n")
    assert (got.text, got.source) == ("Line one.\nLine two.", "pasted text")
    with pytest.raises(InputError, match="The pasted text is empty"):
        extract_text("")
    with pytest.raises(InputError, match="The pasted text contains only whitespace"):
        extract_text(" \n\t\u200b ")


def test_normalise_text_keeps_words_and_quotes() -> None:
    text = "“Selfharm” and socalled – ‘quotes’ … stay.\tTabs too."
    assert normalise_text(text) == text


# Markdown.


def test_markdown_fixture() -> None:
    got = extract_bytes((FIXTURES / "article.md").read_bytes(), filename="article.md")
    assert got.title == "Library to open on Sundays"
    assert got.text.startswith("Library to open on Sundays\n\nBy Sam Green\n\nThe town library")
    assert "after a\npetition signed by 2,000 residents." in got.text
    assert "10am to 4pm. Staff said:" in got.text
    assert "Sunday  10:00-16:00" in got.text  # code text kept as it is
    assert "“We are delighted,” said the head librarian." in got.text
    for syntax in ("**", "](", "![", "```", "# ", "> ", "`"):
        assert syntax not in got.text


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Some *em*, __strong__ and ~~gone~~.", "Some em, strong and gone."),
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        ("[ref link][1] here\n\n[1]: https://example.com", "ref link here\n\n"),
        ("Title\n=====\n\nBody.", "Title\n\nBody."),
        ("---\n\nText \\*not em\\*", "\n\nText *not em*"),
    ],
)
def test_strip_markdown(markdown: str, text: str) -> None:
    assert strip_markdown(markdown)[0] == text


# HTML.


def test_html_article_with_metadata() -> None:
    got = extract_bytes((FIXTURES / "article.html").read_bytes(), filename="article.html")
    assert got.title == "Council approves new cycle lanes"
    assert got.author == "Jane Doe"
    assert got.publication == "The Example Gazette"
    assert got.published == "2024-03-05"
    assert got.url == "https://gazette.example/news/cycle-lanes"
    paragraphs = got.text.split("\n\n")
    assert paragraphs[0] == "Council approves new cycle lanes"
    assert paragraphs[1] == "By Jane Doe, Transport Correspondent"  # as the page shows it
    assert paragraphs[2].startswith("The city council voted on Tuesday")
    assert "“This is the safest option we have,” said councillor Amy Lee" in got.text
    assert paragraphs[-1].endswith("at a cost of £4.5m.")
    for furniture in ("Subscribe", "Related articles", "All rights reserved", "dataLayer"):
        assert furniture not in got.text


def test_html_in_windows_1252_uses_its_meta_charset() -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8").replace("utf-8", "windows-1252")
    got = extract_bytes(html.encode("cp1252"), filename="article.htm")
    assert "“This is the safest option we have,”" in got.text and "£4.5m" in got.text


def test_html_falls_back_to_lxml_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    got = extract_bytes((FIXTURES / "article.html").read_bytes(), filename="article.html")
    assert got.title == "Council approves new cycle lanes | The Example Gazette"
    paragraphs = got.text.split("\n\n")
    assert paragraphs[0] == "Council approves new cycle lanes"
    assert paragraphs[1] == "By Jane Doe, Transport Correspondent"
    assert "Subscribe" not in got.text and "Copyright" not in got.text
    assert got.notes == ("read with the simple HTML reader",)
    doc = clean_article(got)  # the byline trafilatura would drop is now a header line
    assert (doc.author, doc.author_role) == ("Jane Doe", "Transport Correspondent")
    assert doc.title == got.title


def test_a_one_paragraph_story_keeps_its_headline_and_byline_apart() -> None:
    page = ("<html><head><title>Harbour wall | The Courier</title></head><body><nav><a "
            "href='/'>Home</a></nav><article><h1>Harbour wall approved after flooding fears"
            "</h1><p class='byline'>By Jane Smith</p><p>The town council approved a new "
            "harbour wall on Tuesday evening after a long debate about flooding, which has "
            "reached the seafront homes three times in the past five winters.</p></article>"
            "</body></html>")  # trafilatura gives the three as one block
    doc = clean_article(extract_bytes(page.encode(), filename="wall.html"))
    assert doc.text.split("\n\n")[-1].startswith("The town council approved")
    assert doc.author == "Jane Smith" and "By Jane Smith The town" not in doc.text


def test_script_only_html() -> None:
    html = (
        "<html><head><script>" + "var app = {ready: true};\n" * 2000 + "</script>"
        "<style>body{margin:0}</style></head><body><div id='root'></div></body></html>"
    )
    with pytest.raises(InputError, match="no readable article text: it is mostly script"):
        extract_bytes(html.encode(), filename="app.html")


def test_meta_refresh_html() -> None:
    html = (
        '<html><head><meta http-equiv="refresh" content="0; url=https://news.example/story">'
        "</head><body></body></html>"
    )
    with pytest.raises(
        InputError,
        match=r"no readable article text: it only redirects to https://news.example/story",
    ):
        extract_bytes(html.encode(), filename="moved.html")


def test_deeply_nested_html_fails_fast_and_cleanly() -> None:
    depth = 100_000
    html = (
        "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth + "</body></html>"
    )
    began = time.perf_counter()
    with pytest.raises(InputError, match="no readable article text: its HTML is nested too deeply"):
        extract_bytes(html.encode(), filename="deep.html")
    assert time.perf_counter() - began < 5.0  # a hang guard (about 0.3 s here), not a target


def test_html_without_text() -> None:
    with pytest.raises(InputError, match="has no readable article text"):
        extract_bytes(
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>", filename="x.html"
        )


# PDF.


def test_pdf_with_text_and_title() -> None:
    got = extract_bytes(text_pdf(PDF_LINES, title="Cycle lanes approved"), filename="lanes.pdf")
    assert got.text == " ".join(PDF_LINES)  # one paragraph, rebuilt from its two lines
    assert got.title == "Cycle lanes approved"
    assert got.source == "lanes.pdf"


def test_pdf_is_recognised_by_its_bytes_whatever_the_name() -> None:
    assert extract_bytes(text_pdf(PDF_LINES), filename="download.txt").text.startswith("The city")


def test_pdf_without_text_layer() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    with pytest.raises(InputError, match=r"has no text layer \(it looks scanned\); paste the text"):
        extract_bytes(_write(writer), filename="scan.pdf")


def test_password_protected_pdf() -> None:
    with pytest.raises(InputError, match="is password-protected"):
        extract_bytes(_encrypted("secret"), filename="locked.pdf")


def test_pdf_with_only_an_owner_password_opens() -> None:
    got = extract_bytes(_encrypted("", owner_password="owner"), filename="owner.pdf")
    assert got.text == " ".join(PDF_LINES)


@pytest.mark.parametrize(
    "data",
    [
        text_pdf(PDF_LINES)[:300],
        b"%PDF-1.4\nthis is not really a pdf\n%%EOF\n",
        b"just some text pretending",
    ],
    ids=["truncated", "garbage", "not-a-pdf"],
)
def test_damaged_pdf(data: bytes) -> None:
    with pytest.raises(InputError, match="is damaged or not a PDF"):
        extract_bytes(data, filename="broken.pdf")


def test_png_renamed_pdf() -> None:
    with pytest.raises(InputError, match=r"\(PNG image\), not a PDF"):
        extract_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, filename="scan.pdf")


def test_a_pull_quote_is_not_a_paragraph() -> None:
    """A sentence of the story repeated in large type with its speaker's name under it is
    not read again, nor joined to the paragraph after it."""
    said = ("For decades Bristol has been the largest city in England without a rapid "
            "transit system")
    html = (f"<html><head><title>Trams return to Bristol</title></head><body><article>"
            f"<h1>Trams return to Bristol</h1><p>Trams have returned to the streets of Bristol "
            f"for the first time since 1941, after the city's new line opened on Saturday.</p>"
            f"<p>\"{said},\" said Helen Carver, its transport director. \"That ends now.\"</p>"
            f"<blockquote class=\"pull-quote\"><p>{said}</p><cite>Helen Carver</cite>"
            f"</blockquote><p>The project has not been without problems, and the budget rose "
            f"by £147 million after work was delayed.</p></article></body></html>")
    got = extract_bytes(html.encode("utf-8"), filename="tram.html")
    assert got.text.count(said) == 1
    assert "Helen Carver\n" not in got.text and "Carver The project" not in got.text
    assert "The project has not been without problems" in got.text


def test_a_fact_box_is_read_after_the_lead_and_a_sidebar_is_not() -> None:
    """An ``<aside class="fact-box">`` holds the article's facts ("Height: 1.91m"): kept,
    after the story's first paragraph so the lead still opens it; other asides (related
    stories, the author's box) stay dropped."""
    story = "".join(f"<p>{s}</p>" for s in (
        "Everton have signed the Sweden striker Mateo Lindqvist from Benfica for an "
        "initial fee of £41 million, the club said on Tuesday.",
        "The 24-year-old has agreed a five-year contract and completed a medical at the "
        "club's training ground on Monday.",
        "He scored 27 goals in all competitions for Benfica last season."))
    html = ("<html><head><title>Everton sign Lindqvist</title></head><body><article>"
            "<h1>Everton sign Lindqvist</h1><div class=\"content\">"
            "<aside class=\"fact-box\"><h4>Fact box: Mateo Lindqvist</h4><ul>"
            "<li>Height: 1.91m</li><li>Sweden: 24 caps, 9 goals</li></ul></aside>"
            f"{story}<aside class=\"related\"><h4>More on Everton</h4><ul>"
            "<li><a href=\"/a\">Everton fined over stadium delays</a></li></ul></aside>"
            "</div></article></body></html>")
    got = extract_bytes(html.encode("utf-8"), filename="everton.html")
    assert got.text.index("Everton have signed") < got.text.index("Height: 1.91m") \
        < got.text.index("The 24-year-old")
    assert "Sweden: 24 caps, 9 goals" in got.text
    assert "stadium delays" not in got.text


def test_a_pages_byline_and_date_are_read_as_it_shows_them() -> None:
    """The HTML reader leaves out the byline and date lines: they are put back, before the
    story, as the page shows them, for "who wrote it?" and "when was it published?" to
    cite; an author's box, a picture's text or a related story's date are not."""
    html = ("<html><head><title>Roofer jailed</title>"
            "<meta name=\"author\" content=\"Gemma Whitely\"></head><body><article>"
            "<h1>Roofer jailed</h1><div class=\"wcs-byline\"><img class=\"wcs-byline__avatar\" "
            "src=\"a.jpg\" alt=\"\"><span class=\"wcs-byline__by\">By <a href=\"/g\">Gemma "
            "Whitely</a></span><span class=\"wcs-byline__role\">Court reporter</span>"
            "<time datetime=\"2025-04-11T16:20:00+01:00\">Friday, April 11, 2025</time></div>"
            "<p>A roofer who preyed on elderly homeowners across Cheshire has been jailed for "
            "four years and eight months, Chester Crown Court heard on Friday.</p>"
            "<p>Dean Rourke, 41, targeted 11 victims aged between 71 and 93 over 14 months, "
            "taking a total of £87,450 from them.</p></article>"
            "<aside class=\"wcs-author-box\"><p>Gemma Whitely is our court reporter.</p></aside>"
            "</body></html>")
    got = extract_bytes(html.encode("utf-8"), filename="roofer.html")
    paragraphs = got.text.split("\n\n")
    assert paragraphs[:3] == ["Roofer jailed", "By Gemma Whitely", "Friday, April 11, 2025"]
    assert paragraphs[3].startswith("A roofer who preyed")
    assert "our court reporter" not in got.text
    doc = clean_article(got)
    assert doc.byline is not None and doc.text[doc.byline[0]:doc.byline[1]] == "By Gemma Whitely"
    assert (doc.author, doc.published) == ("Gemma Whitely", "2025-04-11")
    assert len(doc.passages) == 2  # the header lines are not passages


def test_a_byline_in_capitals_is_found() -> None:
    """The page's author field says "Jesse Marquez", its byline "By JESSE MARQUEZ"."""
    html = ("<html><head><title>Colorado bans decorative grass</title>"
            "<meta name=\"author\" content=\"Jesse Marquez\"></head><body><article>"
            "<h1>Colorado bans decorative grass</h1><p class=\"byline\">By JESSE MARQUEZ</p>"
            "<p>DENVER (AP) — Colorado lawmakers on Tuesday approved a statewide ban on "
            "planting decorative grass at new commercial and government buildings.</p>"
            "<p>The bill passed the state Senate 21-14 after a heated three-hour debate and "
            "now goes to the governor.</p></article></body></html>")
    got = extract_bytes(html.encode("utf-8"), filename="grass.html")
    assert "By JESSE MARQUEZ" in got.text.split("\n\n")[:3]
