"""`footnote show` never invents a publication date (issue 8): a page whose only date is
"Copyright 2024" has none, while a date the page states is still read."""

from __future__ import annotations

from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.render_text import article_details

BODY = "<p>" + "The council said the harbour wall will be rebuilt next year. " * 6 + "</p>"


def _page(head: str = "", before: str = "", footer: str = "") -> bytes:
    return (
        f"<html><head><title>Harbour wall to be rebuilt</title>{head}</head><body><article>"
        f"{before}<h1>Harbour wall to be rebuilt</h1>{BODY}</article>"
        f"<footer>{footer}</footer></body></html>"
    ).encode()


def _published(page: bytes) -> str | None:
    return clean_article(extract_bytes(page, filename="page.html")).published


def test_a_copyright_year_is_not_a_publication_date() -> None:
    page = _page(footer="Copyright 2024 Example News. All rights reserved.")
    assert _published(page) is None
    doc = clean_article(extract_bytes(page, filename="page.html"))
    assert not any(line.startswith("Published") for line in article_details(_article(doc)))


def test_a_year_in_the_address_is_not_a_publication_date() -> None:
    page = _page()
    got = extract_bytes(page, filename="page.html", url="https://news.example/2024/05/harbour")
    assert clean_article(got).published is None


def test_stated_dates_are_still_read() -> None:
    meta = '<meta property="article:published_time" content="2023-05-06T10:00:00Z">'
    assert _published(_page(head=meta)) == "2023-05-06"
    timed = '<time datetime="2023-05-07">7 May 2023</time>'
    assert _published(_page(before=timed)) == "2023-05-07"


def _article(doc):
    from bot.models import Article

    return Article(
        id=1, title=doc.title or "", text=doc.text, content_hash="x", author=doc.author,
        publication=doc.publication, published=doc.published,
    )
