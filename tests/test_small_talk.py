"""What people say to the bot that asks nothing of the articles ("hi", "thanks", "help"):
a reply that quotes nothing, never a passage of some story hedged."""

from __future__ import annotations

import pytest

from bot.answering.small_talk import small_talk
from bot.conversation import context_after
from bot.service import Footnote


@pytest.mark.parametrize(("said", "kind"), [
    ("hi", "greeting"), ("Hello!", "greeting"), ("hey bot", "greeting"),
    ("good morning", "greeting"), ("thanks", "thanks"), ("Thank you so much!", "thanks"),
    ("thanks footnote", "thanks"), ("cheers mate", "thanks"), ("ok thanks", "thanks"),
    ("that was really helpful", "thanks"), ("help", "help"), ("what can you do?", "help"),
    ("who are you", "help"), ("how does this work?", "help"), ("bye", "bye"),
    ("see you later", "bye"), ("ok", "ack"), ("lol", "ack"), ("got it", "ack"),
    ("¿Quién es Simon Bailey?", "language"), ("qui est Simon Bailey", "language"),
    ("wer ist Simon Bailey?", "language"), ("chi è Simon Bailey", "language"),
    ("quiz me", "quiz"), ("can you quiz me on the harbour story", "quiz"),
    ("give me a quiz", "quiz"), ("test me", "quiz"),
    ("tell me a joke", "task"), ("can you tell me a joke about cats?", "task"),
    ("can you help me write a cover letter", "task"), ("write me a poem about cats", "task"),
    ("translate good morning into spanish", "task"), ("whats 15% of 240", "task"),
    ("what is 17 times 23?", "task"), ("2+2", "task"), ("whats 10 - 3", "task"),
])
def test_what_is_said_to_the_bot(said: str, kind: str) -> None:
    assert small_talk(said) == kind


@pytest.mark.parametrize("question", [
    "hi, who is Simon Bailey?", "help me understand the fines", "what's up with the storm",
    "who are you quoting", "what is this about", "what happened", "is it ok", "thanks to what",
    "what can i ask", "later?", "right?", "Was a ransom paid?", "was a policeman hurt",
    "como is lovely in spring", "who set the quiz", "what was the quiz question",
    "write a summary of the article", "who wrote the article", "what did the joke say",
    "who will translate the report", "what is 15% of the budget", "tell me about the joke",
    "3-2", "2024-25?",
])
def test_questions_are_not_small_talk(question: str) -> None:
    assert small_talk(question) is None


def test_a_greeting_is_answered_with_what_the_library_holds(app: Footnote) -> None:
    answer = app.ask("default", "hi")
    assert answer.declined and not answer.citations and not answer.hedged
    assert answer.text.startswith("Hello! Ask me anything about the 1 article here")
    assert answer.suggestions == (
        "Police chief: only boycotting social media will force action on abuse",)


def test_thanks_keeps_the_conversation_going(app: Footnote) -> None:
    first = app.ask("default", "Who is Simon Bailey?")
    thanks = app.ask("default", "thanks!", previous=context_after(first, None))
    assert thanks.text == "You're welcome. Ask another question whenever you like."
    assert thanks.declined and not thanks.suggestions and not thanks.citations
    assert context_after(thanks, context_after(first, None)) == context_after(first, None)


def test_a_question_in_another_language_is_told_to_ask_in_english(app: Footnote) -> None:
    answer = app.ask("default", "¿Quién es Simon Bailey?")
    assert answer.declined and not answer.citations
    assert answer.text.startswith("I can only read questions in English")


def test_quiz_me_says_where_the_quiz_is(app: Footnote) -> None:
    answer = app.ask("default", "quiz me")
    assert answer.declined and not answer.citations
    assert answer.text.startswith("Start a quiz with /quiz start (or `footnote quiz`")


def test_a_request_no_article_answers_says_what_the_bot_does(app: Footnote) -> None:
    """"tell me a joke", "whats 15% of 240" (formats_dev's off-topic questions) were
    answered with a passage of some story: now a reply quoting nothing, with the titles."""
    for asked in ("tell me a joke", "whats 15% of 240", "translate good morning into spanish"):
        answer = app.ask("default", asked)
        assert answer.declined and not answer.citations and not answer.hedged, asked
        assert answer.text.startswith("I only answer questions about the 1 article here")
        assert answer.suggestions
