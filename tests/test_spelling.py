"""The misspelling candidates (:mod:`bot.spelling`) are exactly the words one edit away."""

from __future__ import annotations

import random

from bot.spelling import NearWords, one_edit

TERMS = ("government helicopter helicopters copter police chief constable social media "
         "boycott twitter facebook children fines brand officer norfolk 2024 1234 abcd "
         "hunters vigilante investigations frustrated ocean drop giant giants").split()


def _typos(rng: random.Random, word: str) -> list[str]:
    j = rng.randrange(len(word))
    c = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return [word[:j] + word[j + 1:], word[:j] + c + word[j:], word[:j] + c + word[j + 1:],
            word[:j] + word[j + 1:j + 2] + word[j] + word[j + 2:], word[j:], word]


def test_candidates_are_every_indexed_word_one_edit_away() -> None:
    near = NearWords(TERMS)
    rng = random.Random(5)
    tokens = [t for w in TERMS for _ in range(20) for t in _typos(rng, w)]
    for token in tokens:
        expected = {w for w in TERMS if len(w) >= 4 and not w.isdigit() and one_edit(token, w)}
        assert near.one_edit_from(token) == expected, token


def test_words_ending_with() -> None:
    near = NearWords(TERMS)
    assert set(near.ending_with("copter")) == {"helicopter", "copter"}
    assert set(near.ending_with("ters")) == {"helicopters", "hunters"}
    assert near.ending_with("zzz") == []
    assert NearWords([]).ending_with("copter") == []
    assert NearWords([]).one_edit_from("copter") == set()


def test_short_words_and_numbers_are_not_offered() -> None:
    near = NearWords(["abc", "2024", "abcd"])
    assert near.one_edit_from("abce") == {"abcd"}
    assert near.one_edit_from("2025") == set()
