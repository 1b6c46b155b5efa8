"""Every article in seeds/ goes through the normal pipeline and comes out clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.ingest.clean import BOILERPLATE_PATTERNS, clean_article, is_boilerplate
from bot.ingest.extract import extract_bytes
from bot.service import SEED_SUFFIXES
from bot.settings import PROJECT_ROOT, Settings

SEEDS = sorted(p for p in (PROJECT_ROOT / "seeds").iterdir() if p.is_file())
PAGE_FURNITURE = re.compile(r"newspapers? (in|from) \w+|subscribe|sign up|advertisement|"
                            r"all rights reserved|read more|cookies", re.I)


def test_there_are_seeds_and_all_are_seedable() -> None:
    assert SEEDS, "seeds/ is empty"
    for path in SEEDS:
        assert path.suffix.lower() in SEED_SUFFIXES, f"{path.name} would be skipped by seeding"
    assert Settings().seeds_dir == PROJECT_ROOT / "seeds"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_ingests_cleanly(path: Path) -> None:
    settings = Settings()
    extracted = extract_bytes(path.read_bytes(), filename=path.name,
                              max_bytes=settings.max_article_bytes)
    doc = clean_article(extracted, max_paragraphs=settings.max_paragraphs)
    assert doc.title and len(doc.title) > 10
    assert len(doc.passages) >= 5
    body_start = doc.passages[0].start
    for passage in doc.passages:
        text = doc.text[passage.start:passage.end]
        assert text.strip() == text and text
        assert not is_boilerplate(text), text
        assert not PAGE_FURNITURE.search(text) or len(text.split()) > 30, text
        assert passage.start >= body_start
        for a, b in passage.sentences:
            assert passage.start <= a < b <= passage.end
    assert [p.paragraph for p in doc.passages] == sorted(p.paragraph for p in doc.passages)
    # page boilerplate is gone from the stored text entirely
    for line in doc.text.splitlines():
        assert not is_boilerplate(line) or not line.strip(), line
    assert BOILERPLATE_PATTERNS  # the list the check above relies on


def test_the_telegraph_seed_in_detail() -> None:
    path = PROJECT_ROOT / "seeds" / "telegraph-police-chief-social-media-boycott.txt"
    doc = clean_article(extract_bytes(path.read_bytes(), filename=path.name))
    assert doc.title == "Police chief: only boycotting social media will force action on abuse"
    assert doc.author == "Martin Evans" and doc.author_role == "Crime Correspondent"
    assert doc.publication == "The Daily Telegraph"
    assert doc.byline is not None
    assert doc.text[doc.byline[0]:doc.byline[1]] == "By Martin Evans CRIME CORRESPONDENT"
    assert len(doc.passages) == 12
    assert "Newspapers in English" not in doc.text
    assert "Newspapers from United Kingdom" not in doc.text
    # the paragraph broken across a page ("The Daily" / "Telegraph") is mended
    assert "a campaign by The Daily Telegraph, the Government" in doc.text
    second = doc.text[doc.passages[1].start:doc.passages[1].end]
    assert second.startswith("Simon Bailey, the country’s leading child protection officer")
