"""Everyday words read as the word a story uses (:mod:`bot.answering.synonyms`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering.synonyms import synonym_in
from bot.lexical import stem
from bot.service import Footnote

FORMATS = Path(__file__).resolve().parent.parent / "bench" / "data" / "formats_dev"


@pytest.mark.parametrize(("word", "library", "read"), [
    ("troops", {"soldier", "army"}, "soldier"), ("army", {"troop"}, "troop"),
    ("cops", {"police"}, "police"), ("kids", {"children", "pupil"}, "children"),
])
def test_a_word_the_library_lacks_is_read_as_one_it_has(
        word: str, library: set[str], read: str) -> None:
    known = {stem(w) for w in library}
    assert synonym_in(stem(word), known.__contains__) == stem(read)


def test_nothing_when_the_library_has_none_of_them() -> None:
    assert synonym_in(stem("troops"), {"firefight"}.__contains__) is None


def test_troops_are_the_soldiers_a_story_tells_of(real_app: Footnote) -> None:
    """formats_dev in one library: "how many troops were sent" quoted a wildfire's 470
    firefighters (hedged); read as "soldiers", the earthquake's 1,200 (stop 67)."""
    for name in ("algarve-wildfire.html", "world_nepal_earthquake.txt"):
        real_app.add_file("lib", FORMATS / name)
    answer = real_app.ask("lib", "how many troops were sent")
    assert "more than 1,200 soldiers" in answer.citations[0].quote, answer.text
