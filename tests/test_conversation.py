"""The previous turn a follow-up leans on: built from an answer, kept, and passed on."""

from __future__ import annotations

import pytest

from bot.answering.followup import is_follow_up, leans_on_pronoun
from bot.conversation import ConversationMemory, Quoted, Turn, as_turn, context_after
from bot.models import Answer, Citation


def _answer(question: str, declined: bool = False) -> Answer:
    citations = () if declined else (
        Citation(n=1, article_id=3, title="T", paragraph=2, quote="He said so.", url=None,
                 score=1.0, start=40, end=51),
    )
    return Answer(question, "" if declined else "He said so. [1]", declined, citations)


def test_a_turn_keeps_the_question_and_where_each_quote_stands() -> None:
    turn = Turn.of(_answer("what did he say?"))
    assert turn == Turn("what did he say?", (Quoted(3, 40, 51),))


def test_as_turn_accepts_a_plain_question_for_compatibility() -> None:
    assert as_turn("  who is he?  ") == Turn("who is he?")
    assert as_turn("   ") is None and as_turn(None) is None
    turn = Turn("q", (Quoted(1, 0, 5),))
    assert as_turn(turn) is turn


def test_context_after_an_answer_is_its_turn_and_a_refusal_keeps_the_old_one() -> None:
    earlier = Turn("who is simon bailey?", (Quoted(1, 0, 10),))
    answered = _answer("and 5g?")
    assert context_after(answered, earlier) == Turn.of(answered)
    refused = _answer("and twitter?", declined=True)
    assert context_after(refused, earlier) is earlier
    assert context_after(refused, None) == Turn("and twitter?")
    # the string form still works as before
    assert context_after("and 5G?", "fines?", declined=True) == "fines?"
    assert context_after("and 5G?", "fines?", declined=False) == "and 5G?"


def test_memory_holds_turns_and_forgets_the_oldest() -> None:
    memory = ConversationMemory(max_entries=2)
    memory.remember(1, Turn("q1"))
    memory.remember(2, "q2")
    assert memory.previous(1) == Turn("q1")
    memory.remember(3, Turn("q3"))
    assert memory.previous(2) is None and len(memory) == 2 and 1 in memory
    with pytest.raises(ValueError):
        ConversationMemory(max_entries=0)


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [("who said that?", True), ("and what about twitter", True), ("what's his name", True),
     ("what did he say about them?", True), ("for what?", True), ("to whom", True),
     ("what for?", True), ("and by whom?", True), ("Who is Simon Bailey?", False),
     ("for what purpose was the money raised", False), ("by how many votes?", True),
     ("What did the Government announce last month about Duty of Care laws for firms "
      "hosting harmful content online?", False)],
)
def test_which_questions_are_follow_ups(question: str, follow_up: bool) -> None:
    assert is_follow_up(question) is follow_up


def test_pronouns_that_point_at_a_person() -> None:
    assert leans_on_pronoun("what's his job") and leans_on_pronoun("what did she say")
    assert not leans_on_pronoun("what about twitter") and not leans_on_pronoun("who said that")
