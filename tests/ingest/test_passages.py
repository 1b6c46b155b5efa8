"""Tests for bot.ingest.passages: paragraphs, windows of long paragraphs, offsets."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.ingest.passages import paragraph_spans, split_passages
from bot.models import PassageDraft


def _check_invariants(text: str, passages: tuple[PassageDraft, ...]) -> None:
    previous_end = -1
    for p in passages:
        chunk = text[p.start : p.end]
        assert chunk and chunk == chunk.strip()
        assert "\n\n" not in chunk
        assert p.start > previous_end
        previous_end = p.end
        assert p.sentences, "every passage has at least one sentence"
        for s, e in p.sentences:
            assert p.start <= s < e <= p.end
        assert p.sentences[0][0] == p.start and p.sentences[-1][1] == p.end
    numbers = [p.paragraph for p in passages]
    assert numbers[0] == 1
    assert all(b - a in (0, 1) for a, b in itertools.pairwise(numbers))


def test_one_passage_per_paragraph_with_absolute_offsets() -> None:
    text = (
        "Headline here\nBy A Writer\n\nFirst para. Two sentences.\n\nSecond para.\n\n\n  Third.  "
    )
    body_start = text.index("First")
    passages = split_passages(text, body_start)
    assert [text[p.start : p.end] for p in passages] == [
        "First para. Two sentences.",
        "Second para.",
        "Third.",
    ]
    assert [p.paragraph for p in passages] == [1, 2, 3]
    assert [text[s:e] for s, e in passages[0].sentences] == ["First para.", "Two sentences."]
    _check_invariants(text, passages)


def test_header_before_body_start_is_not_a_passage() -> None:
    text = "The Daily Telegraph\nHeadline\n\nBody text."
    passages = split_passages(text, text.index("Body"))
    assert len(passages) == 1 and text[passages[0].start : passages[0].end] == "Body text."


def test_long_paragraph_is_cut_into_windows_at_sentence_boundaries() -> None:
    sentences = [f"Sentence number {i} has exactly seven words." for i in range(40)]
    text = "Short opening paragraph.\n\n" + " ".join(sentences) + "\n\nClosing paragraph."
    passages = split_passages(text, 0, max_words=50)
    second = [p for p in passages if p.paragraph == 2]
    assert len(second) == 6  # 40 sentences x 7 words, at most 7 sentences (49 words) each
    for p in second:
        chunk = text[p.start : p.end]
        assert len(chunk.split()) <= 50
        assert chunk.startswith("Sentence number") and chunk.endswith("words.")
    assert " ".join(text[p.start : p.end] for p in second) == " ".join(sentences)
    assert [p.paragraph for p in passages] == [1, 2, 2, 2, 2, 2, 2, 3]
    _check_invariants(text, passages)


def test_overlong_sentence_is_cut_between_words() -> None:
    words = [f"Word{i}" for i in range(25)]
    text = "Intro sentence. " + " ".join(words)
    passages = split_passages(text, 0, max_words=10)
    chunks = [text[p.start : p.end] for p in passages]
    assert chunks == [
        "Intro sentence.",
        " ".join(words[:10]),
        " ".join(words[10:20]),
        " ".join(words[20:]),
    ]
    assert {p.paragraph for p in passages} == {1}
    _check_invariants(text, passages)


def test_default_window_fits_the_embedding_model() -> None:
    text = " ".join(f"This is sentence {i} of a very long paragraph." for i in range(200))
    passages = split_passages(text, 0)
    assert len(passages) > 1
    assert max(len(re.findall(r"\S+", text[p.start : p.end])) for p in passages) <= 180


def test_paragraph_spans_skip_empty_blocks() -> None:
    text = "\n\nA.\n \n\n\nB.\n\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["A.", "B."]


def test_empty_body_gives_no_passages() -> None:
    assert split_passages("Header only\n\n", 13) == ()


@pytest.mark.parametrize(("body_start", "max_words"), [(-1, 180), (100, 180), (0, 0)])
def test_bad_arguments_are_rejected(body_start: int, max_words: int) -> None:
    with pytest.raises(ValueError):
        split_passages("Short text.", body_start, max_words=max_words)


def test_a_list_items_marker_is_not_part_of_its_passage() -> None:
    """"- Height: 1.91m" is quoted as "Height: 1.91m"; a number that is the item's words
    ("2019 was a record year.") stays."""
    text = "Facts\n\n- Height: 1.91m\n\n3. Sweden: 24 caps, 9 goals\n\n2019 was a record year."
    passages = split_passages(text, text.index("- Height"))
    assert [text[p.start : p.end] for p in passages] == [
        "Height: 1.91m", "Sweden: 24 caps, 9 goals", "2019 was a record year."]
    _check_invariants(text, passages)
