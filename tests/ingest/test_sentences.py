"""Tests for bot.ingest.sentences: table-driven cases plus offset invariants."""

from __future__ import annotations

import re
import time

import pytest

from bot.ingest.sentences import split_sentences

CASES: list[tuple[str, list[str]]] = [
    ("One sentence only.", ["One sentence only."]),
    ("No final stop", ["No final stop"]),
    (
        "Mr. Smith went to Washington. He arrived on Tuesday.",
        ["Mr. Smith went to Washington.", "He arrived on Tuesday."],
    ),
    (
        "Dr. Jones and Mrs. Patel met St. John at noon. They talked.",
        ["Dr. Jones and Mrs. Patel met St. John at noon.", "They talked."],
    ),
    (
        "The U.S. economy grew. The U.K. did not.",
        ["The U.S. economy grew.", "The U.K. did not."],
    ),
    (
        "She moved to the U.S. The rest of the family stayed.",
        ["She moved to the U.S.", "The rest of the family stayed."],
    ),
    (  # an AP dateline's state: the sentence goes on
        "PANAMA CITY, Fla. (AP) — Hurricane Delia roared ashore. Power failed.",
        ["PANAMA CITY, Fla. (AP) — Hurricane Delia roared ashore.", "Power failed."],
    ),
    (
        "He lives in Tampa, Fla. He said no. She felt ill. Doctors came.",
        ["He lives in Tampa, Fla.", "He said no.", "She felt ill.", "Doctors came."],
    ),
    (
        "Prices rose, e.g. for bread, i.e. staples. Jan. 5 was cold.",
        ["Prices rose, e.g. for bread, i.e. staples.", "Jan. 5 was cold."],
    ),
    (
        "The meeting starts at 9 a.m. Tuesday in Room 4. It ends at 5 p.m. sharp.",
        ["The meeting starts at 9 a.m. Tuesday in Room 4.", "It ends at 5 p.m. sharp."],
    ),
    (
        "Meet at 10 a.m. The doors open early.",
        ["Meet at 10 a.m.", "The doors open early."],
    ),
    (
        "J. K. Rowling wrote it. George W. Bush read it.",
        ["J. K. Rowling wrote it.", "George W. Bush read it."],
    ),
    (
        "Growth was 3.5 per cent. It was 2.1 before.",
        ["Growth was 3.5 per cent.", "It was 2.1 before."],
    ),
    (
        "He lives at No. 10 with Larry. England vs. France is on Sunday.",
        ["He lives at No. 10 with Larry.", "England vs. France is on Sunday."],
    ),
    (
        "They sold pens, paper, etc. and more. Apples, pears etc. Then it rained.",
        ["They sold pens, paper, etc. and more.", "Apples, pears etc.", "Then it rained."],
    ),
    ("Wait... What happened? Nobody knows!", ["Wait...", "What happened?", "Nobody knows!"]),
    ("It was over… Then it began again.", ["It was over…", "Then it began again."]),
    ("“Why?” he asked. “Because.” She left.", ["“Why?” he asked.", "“Because.”", "She left."]),
    (
        'He said: "It is over." Then he left.',
        ['He said: "It is over."', "Then he left."],
    ),
    (
        "(This was not planned.) The council met again.",
        ["(This was not planned.)", "The council met again."],
    ),
    ("It cost £4.5m. ‘Too much,’ said one.", ["It cost £4.5m.", "‘Too much,’ said one."]),
    ("Sales hit 2,000. 300 were returned.", ["Sales hit 2,000.", "300 were returned."]),
    (
        "First paragraph without stop\n\nsecond paragraph",
        ["First paragraph without stop", "second paragraph"],
    ),
    (
        "It happened in Washington, D.C. The police came.",
        ["It happened in Washington, D.C.", "The police came."],
    ),
    # From the seed article.
    (
        "“Ultimately, I think the only thing they will genuinely respond to is when their brand "
        "is damaged,” he said. Following a campaign by The Daily Telegraph, the Government last "
        "month announced plans.",
        [
            "“Ultimately, I think the only thing they will genuinely respond to is when their "
            "brand is damaged,” he said.",
            "Following a campaign by The Daily Telegraph, the Government last month announced "
            "plans.",
        ],
    ),
    (
        "He said he had seen nothing to give him “confidence that companies creating these "
        "platforms were taking their responsibilities seriously enough”. He added: “Ultimately, "
        "financial penalties are going to be an absolute drop in the ocean. But if the brand "
        "starts to become tainted they will feel compelled to do something.”",
        [
            "He said he had seen nothing to give him “confidence that companies creating these "
            "platforms were taking their responsibilities seriously enough”.",
            "He added: “Ultimately, financial penalties are going to be an absolute drop in the "
            "ocean.",
            "But if the brand starts to become tainted they will feel compelled to do something.”",
        ],
    ),
    (
        "Family lives being completely destroyed – and in the name of what? Facebook ‘likes’?”",
        [
            "Family lives being completely destroyed – and in the name of what?",
            "Facebook ‘likes’?”",
        ],
    ),
    ("Mr Bailey said so. Mr. Bailey agreed.", ["Mr Bailey said so.", "Mr. Bailey agreed."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences_table(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected


@pytest.mark.parametrize(("text", "_expected"), CASES)
def test_spans_are_trimmed_ordered_and_cover_all_text(text: str, _expected: list[str]) -> None:
    spans = split_sentences(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert start < end
        assert start >= previous_end
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    visible = {i for i, c in enumerate(text) if not c.isspace()}
    assert visible <= covered


def test_offsets_are_absolute_within_a_range() -> None:
    text = "HEADER LINE\n\nFirst one. Second one.\n\nTail."
    start = text.index("First")
    end = text.index("\n\nTail")
    spans = split_sentences(text, start, end)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]
    assert spans[0][0] == start


def test_empty_and_whitespace_give_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n  ") == []
    assert split_sentences("abc", 1, 1) == []


def test_long_text_is_fast() -> None:
    sentence = "Mr. Smith said the U.S. plan would cost $3.5bn, e.g. for roads. "
    text = sentence * 20_000
    began = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - began < 2.0
    assert len(spans) == 20_000
    assert all(re.fullmatch(r"Mr\. Smith .* roads\.", text[s:e]) for s, e in spans[:5])
