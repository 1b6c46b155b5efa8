"""The question inside a chat's frame (:mod:`bot.answering.frames`)."""

from __future__ import annotations

import pytest

from bot.answering.frames import unframed
from bot.conversation import Turn
from bot.service import Footnote
from tests.conftest import SEED_ARTICLE


@pytest.mark.parametrize(("asked", "question"), [
    ("hey, can you tell me who won pls", "who won"),
    ("ok so whats the price", "whats the price"),
    ("so i was wondering, when does it come out", "when does it come out"),
    ("so i was wondering, if i was born in 1968, does this change",
     "i was born in 1968, does this change"),
    ("do you know when it opens", "when it opens"),
    ("any idea who the director is", "who is the director"),
    ("quick question: how many people died?", "how many people died?"),
    ("i heard people in the states have to wait longer for it, is that right",
     "people in the states have to wait longer for it"),
    ("someone told me the school is closing, true?", "the school is closing"),
    ("i read online that 40 people died, is that true?", "40 people died"),
    ("apparently the mayor quit", "the mayor quit"),
    ("what happened, thanks!", "what happened"),
    ("did he win or not", "did he win"),
    ("explain who is affected", "who is affected"),
    ("please tell me why it closed", "why it closed"),
    ("do you know who the director is", "who is the director"),
    ("any idea where the school is?", "where is the school?"),
    ("can you tell me how much the tickets are", "how much are the tickets"),
    ("i was wondering why the council was so slow", "why was the council so slow"),
    ("can you tell me who is in charge", "who is in charge"),
])
def test_the_frame_comes_off(asked: str, question: str) -> None:
    assert unframed(asked) == question


@pytest.mark.parametrize("asked", [
    "did he turn left or right", "why is it so", "is that right?", "who led the cheers",
    "who gave thanks", "is it right for councils to do this", "well what now",
    "is it true that the ban starts in may?", "who heard the shots", "hey", "so what?",
    "tell me about the comet", "give me the gist", "list the stories", "explain the rules",
    "who the director is",
    "",
])
def test_words_inside_a_question_stay(asked: str) -> None:
    """Only a whole frame at the start or the end goes, and never the whole question;
    "is it true that ..." asks yes or no as it is."""
    assert unframed(asked) == asked


def test_an_asked_question_about_the_article_is_read_as_one(app: Footnote) -> None:
    """"tell me what the article is about" was read as a question of its text (hedged);
    it asks what "what is the article about" asks."""
    app.add_file("default", SEED_ARTICLE, actor="test")
    plain = app.ask("default", "what is the article about")
    asked = app.ask("default", "can you tell me what the article is about")
    assert not asked.hedged and asked.text == plain.text


def test_a_framed_question_is_answered_as_the_bare_one(app: Footnote) -> None:
    """Before, "ok so who is simon bailey, thanks" was read with "ok", "thanks" among its
    words (on the natural training questions such frames cost up to 76 right answers of
    964 and refused up to 104)."""
    app.add_file("default", SEED_ARTICLE, actor="test")
    bare = app.ask("default", "who is simon bailey")
    for framed in ("ok so who is simon bailey, thanks", "hey, can you tell me who is simon "
                   "bailey pls", "i was wondering, who is simon bailey"):
        answer = app.ask("default", framed)
        assert answer.question == framed
        assert answer.citations == bare.citations and answer.hedged == bare.hedged


def test_a_follow_up_reads_the_question_before_it_without_its_frame(app: Footnote) -> None:
    """The turn a framed question makes keeps the question as asked; a follow-up on it was
    searched with "hey", "tell" and "please" among the earlier question's words."""
    app.add_file("default", SEED_ARTICLE, actor="test")
    bare = Turn.of(app.ask("default", "what does bailey want"))
    framed = Turn.of(app.ask("default", "hey, can you tell me what does bailey want pls"))
    assert framed.question.startswith("hey")
    for follow_up in ("why?", "what did he say about them", "and what about twitter?"):
        assert app.ask("default", follow_up, previous=framed).text == app.ask(
            "default", follow_up, previous=bare).text, follow_up
