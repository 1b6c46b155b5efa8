"""A word broken at a line's end with a hyphen is joined as one word ("seg-" "regated")
or kept hyphenated ("self-" "harm"), in hard-wrapped text and in PDFs alike."""

from __future__ import annotations

import random

import pytest

from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.ingest.hyphens import Paragraph, join_lines, one_word, words_of
from bot.ingest.pdf import Line, rebuild_paragraphs


@pytest.mark.parametrize(("head", "tail"), [
    ("seg", "regated"), ("cyc", "ling"), ("com", "mittee"), ("Porth", "leven"),
    ("co", "operate"), ("in", "formation"),
])
def test_a_word_the_line_broke_is_one_word(head: str, tail: str) -> None:
    assert one_word(head, tail)
    assert join_lines(f"the {head}-", f"{tail} was") == f"the {head}{tail} was"


@pytest.mark.parametrize(("head", "tail"), [
    ("self", "harm"), ("well", "known"), ("long", "term"), ("by", "election"),
    ("re", "elected"), ("twenty", "one"), ("so", "called"), ("part", "time"),
])
def test_a_compound_keeps_its_hyphen(head: str, tail: str) -> None:
    assert not one_word(head, tail)
    assert join_lines(f"a {head}-", f"{tail} plan") == f"a {head}-{tail} plan"


def test_the_article_decides_first() -> None:
    assert not one_word("sea", "front", words_of("The sea-front cafe reopened."))
    assert one_word("well", "being", words_of("Staff wellbeing matters, she said."))


def test_other_breaks_join_with_a_space() -> None:
    assert join_lines("the cost of", "the scheme") == "the cost of the scheme"
    assert join_lines("prices rose 5-", "10 per cent") == "prices rose 5- 10 per cent"
    assert join_lines("the self-", "Harm Unit") == "the self- Harm Unit"


WRAPPED = (
    "Council approves new cycle lanes for city centre\n\n"
    "The city council has approved plans for three new seg-\n"
    "regated cycle lanes in the centre, at a cost of\n"
    "£2.3 million, it was announced on Tuesday. The long-\n"
    "term plan is to link every suburb to the centre by\n"
    "2030, and a well-\n"
    "known local campaigner, Ann Price, said the lanes would\n"
    "make cycling safer for families.\n"
)


def test_hard_wrapped_text_reads_as_written() -> None:
    doc = clean_article(extract_bytes(WRAPPED.encode(), filename="lanes.txt"))
    assert "three new segregated cycle lanes" in doc.text
    assert "The long-term plan" in doc.text and "a well-known local campaigner" in doc.text


def test_a_pdfs_lines_are_joined_the_same_way() -> None:
    texts = ["The city council has approved plans for three new seg-",
             "regated cycle lanes in the centre. The long-",
             "term plan links every suburb to the centre."]
    lines = [Line(t, 1, 1, 72.0, 520.0, 100.0 + 14 * i, 11.0, 842.0)
             for i, t in enumerate(texts)]
    assert rebuild_paragraphs(lines) == [
        "The city council has approved plans for three new segregated cycle lanes in the "
        "centre. The long-term plan links every suburb to the centre."]


@pytest.mark.parametrize(("text", "mended"), [
    ("T he queue began at dawn, police said.", "The queue began at dawn, police said."),
    ("W hen the storm hit, the roof gave way.", "When the storm hit, the roof gave way."),
    ("T\nhe queue began at dawn, police said.", "The queue began at dawn, police said."),
])
def test_a_drop_cap_set_apart_joins_its_word(text: str, mended: str) -> None:
    story = f"Queue forms for tickets\n\n{text}\n\nThe box office opened at nine, staff said.\n"
    doc = clean_article(extract_bytes(story.encode(), filename="queue.txt"))
    assert doc.text[doc.passages[0].start:doc.passages[0].end] == mended


@pytest.mark.parametrize("text", [
    "A new plan was set out.", "I was there.", "E coli was found.", "B roads were closed.",
    "T cells are made in the thymus.",
])
def test_a_letter_that_is_a_word_or_a_name_is_not_a_drop_cap(text: str) -> None:
    from bot.ingest.hyphens import mend_drop_cap

    assert mend_drop_cap(text) == text


def test_a_paragraph_built_line_by_line_is_what_joining_each_line_gives() -> None:
    """:class:`Paragraph` reads only the end of what came before; its text is the same as
    joining each line to the whole paragraph so far, words broken twice included
    ("cyc-" "seg-" "said")."""
    rng = random.Random(5)
    pieces = ["seg-", "regated", "self-", "harm", "The", "said.", "it", "well-", "known",
              "T", "he", "queue,", "—", "cyc-", "ling", "a" * 70 + "-", "and", "”"]
    for _ in range(3000):
        lines = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(1, 12))]
        lines += [rng.choice(["T", "seg-", "he queue"]) for _ in range(rng.randint(0, 2))]
        built, joined = Paragraph(lines[0]), lines[0]
        for line in lines[1:]:
            built.add(line)
            joined = join_lines(joined, line)
        assert built.text() == joined, lines
