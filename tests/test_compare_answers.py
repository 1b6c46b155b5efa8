"""``bench/compare_answers.py`` counts what it is given and reads no held-out set (the
asking itself runs the bot: ``python bench/compare_answers.py ask dev OUT``)."""

from __future__ import annotations

import pytest

from bench.compare_answers import (
    DEV_SETS,
    TRAINING_SETS,
    _folder,
    diff,
    moved,
    stories,
    totals,
)


def _row(question: str, *, answerable: bool = True, on_topic: bool = True, first: bool = False,
         right: bool = False, hedged: bool = False, refused: bool = False, quote: str = "q",
         library: str = "lib", way: str = "per") -> dict[str, object]:
    return {"set": "kinds_dev", "way": way, "library": library, "question": question,
            "source": "natural", "answerable": answerable, "on_topic": on_topic,
            "right": right, "first": first, "hedged": hedged, "refused": refused,
            "quote": quote, "quotes": 1, "text": quote}


def test_totals_count_each_kind_of_question_by_set_and_way() -> None:
    rows = [_row("a", right=True, first=True), _row("b", right=True, hedged=True),
            _row("c", refused=True), _row("d", answerable=False, hedged=True),
            _row("e", answerable=False), _row("f", answerable=False, on_topic=False,
                                               refused=True)]
    counts = totals(rows)[("kinds_dev", "per")]
    assert dict(counts) == {"answerable": 3, "right": 2, "first": 1, "hedged": 1, "refused": 1,
                            "unanswerable": 2, "unanswerable_caught": 1, "off_topic": 1,
                            "off_topic_refused": 1}
    assert totals(rows)[("ALL", "per")] == counts


def test_the_same_question_twice_in_one_library_is_two_questions() -> None:
    before = [_row("who wrote this", quote="By A"), _row("who wrote this", quote="By B")]
    after = [_row("who wrote this", quote="By A"), _row("who wrote this", quote="By C",
                                                         first=True, right=True)]
    [(was, now, changed)] = list(moved(before, after))
    assert (was["quote"], now["quote"], changed) == ("By B", "By C", ["right", "first"])


def test_diff_stars_a_changed_figure_and_shows_what_moved() -> None:
    before = [_row("how old is he", quote="He joined in 1956.")]
    after = [_row("how old is he", quote="Ellerby, 87, died.", first=True, right=True)]
    lines = diff(before, after)
    assert "kinds_dev per 1 0->*1* 0->*1* 0 0 0 0 0 0" in lines
    assert any("first: False -> True" in line for line in lines)
    assert "   now: Ellerby, 87, died." in lines


def test_stories_lists_what_one_library_answers_from_another_story() -> None:
    rows = [{**_row("how long did he get", right=True, library="kinds_dev-per-roofer"),
             "titles": ["Roofer jailed"]},
            {**_row("how long did he get", way="one", hedged=True), "titles": ["Match report"]},
            {**_row("who is he", right=True, library="kinds_dev-per-roofer"),
             "titles": ["Roofer jailed"]},
            {**_row("who is he", way="one"), "titles": ["Roofer jailed"]},  # its own story
            _row("who won", right=True, library="kinds_dev-per-match"),
            _row("who won", right=True, way="one"),  # right both ways: not listed
            _row("who lost", library="kinds_dev-per-match"),
            _row("who lost", way="one")]  # wrong both ways: not listed
    assert stories(rows) == ["[kinds_dev] 'how long did he get' (hedged)",
                             "   its story: Roofer jailed",
                             "   one library quoted: Match report (another story)",
                             "[kinds_dev] 'who is he'", "   its story: Roofer jailed",
                             "   one library quoted: Roofer jailed",
                             "2 questions, 1 of them answered from another story only"]


@pytest.mark.parametrize("name", ["kinds_heldout", "natural", "eval", "../natural_train"])
def test_held_out_and_unknown_sets_are_never_read(name: str) -> None:
    with pytest.raises(SystemExit):
        _folder(name)


def test_every_named_set_is_there() -> None:
    for name in (*DEV_SETS, *TRAINING_SETS):
        assert (_folder(name) / "questions.json").is_file()
