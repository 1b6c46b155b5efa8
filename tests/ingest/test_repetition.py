"""Text that only repeats a few words is refused with a sentence saying what it repeats,
nothing already stored changes, and every written article and the seed are still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.ingest.repetition import refuse_repetition
from bot.service import Footnote

ROOT = Path(__file__).resolve().parents[2]
REAL = sorted(p for pattern in ("bench/data/*_train/*.txt", "bench/data/formats_dev/*",
                                 "seeds/*.txt", "tests/quiz/data/*.txt")
              for p in ROOT.glob(pattern) if p.suffix != ".json")
STORY = ("The town council approved a new harbour wall on Tuesday evening after a long "
         "debate about flooding, which has reached the seafront homes three times in the "
         "past five winters. The wall will cost four million pounds, officials said. ")


def _links(count: int, word: str = "link") -> bytes:
    return ("<html><body>" + "".join(f'<a href="/p{i}">{word}</a> ' for i in range(count))
            + "</body></html>").encode()


@pytest.mark.parametrize(("raw", "filename", "message"), [
    (_links(5_000), "links.html", r"repeats “link” for 100% of its 5,000 words"),
    (b"I love cats. " * 2_000, "loop.txt", r"6,000 words made of only 3 different ones"),
    (b"aaaaaaaaaa " * 3_000, "keys.txt", r"repeats “aaaaaaaaaa” for 100%"),
    (f"<html><body><p>{STORY}</p>".encode() + _links(3_000, "more")[12:], "page.html",
     r"repeats “more” for 9\d% of its"),
])
def test_repeated_words_are_refused(raw: bytes, filename: str, message: str) -> None:
    with pytest.raises(InputError, match=message + r".*: that is not an article\."):
        clean_article(extract_bytes(raw, filename=filename))


def test_a_page_of_more_links_than_any_article_is_refused_before_it_is_read() -> None:
    """Stop 52 refused a page of 100,000 links after trafilatura's 10 s over it; it is
    refused on the count of its links now, naming them."""
    with pytest.raises(InputError, match=r"holds 100,000 links: a list of links, not an "):
        extract_bytes(_links(100_000), filename="links.html")


def test_the_limits_are_where_the_docstring_says() -> None:
    refuse_repetition("the " * 100)  # too short to judge
    refuse_repetition(" ".join(["the"] * 100 + [f"w{i}" for i in range(100)]))  # one half
    with pytest.raises(InputError, match="repeats"):
        refuse_repetition(" ".join(["the"] * 101 + [f"w{i}" for i in range(99)]))
    refuse_repetition(" ".join(f"w{i % 20}" for i in range(400)))  # 20 distinct of 400
    with pytest.raises(InputError, match="only 19 different"):
        refuse_repetition(" ".join(f"w{i % 19}" for i in range(400)))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_written_articles_are_still_read(path: Path) -> None:
    assert len(REAL) > 40
    clean_article(extract_bytes(path.read_bytes(), filename=path.name))


def test_a_refused_text_changes_nothing(app: Footnote) -> None:
    kept = app.add_text("news", STORY * 3).article
    with pytest.raises(InputError, match="not an article"):
        app.add_text("news", "Breaking news. " * 400)
    assert [a.id for a in app.list_articles("news")] == [kept.id]
