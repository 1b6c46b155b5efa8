"""A name asked of someone the quote mentions without naming is a hedge
(:mod:`bot.answering.unnamed`)."""

from __future__ import annotations

import pytest

from bot.answering.unnamed import name_asked, names_nothing
from bot.lexical import stem
from bot.service import Footnote


@pytest.mark.parametrize(("question", "thing"), [
    ("whats the name of the security guard who got burned", "guard"),
    ("what was the name of the outside security firm", "firm"),
    ("What is the name of the 4-year-old girl who was rescued?", "girl"),
    ("whats the name of the boy she was seen talking to", "boy"),
    ("what is the boys name", "boy"),
    ("whats the dog owners name", "owner"),
    ("What was the name of the count of Apulia", "count"),
])
def test_the_thing_whose_name_is_asked(question: str, thing: str) -> None:
    assert name_asked(question) == stem(thing)


@pytest.mark.parametrize("question", [
    "whats her maiden name", "what is his real name", "who was the security guard",
    "What was the name of the teacher of Chopin's three year course that began in 1826?"])
def test_no_name_asked_of_anyone(question: str) -> None:
    """Which of someone's names ("maiden") is not whose; a long phrase is not read."""
    assert name_asked(question) is None


@pytest.mark.parametrize("quote", [
    "I can confirm that one man, a security guard employed at the site, has been taken to "
    "hospital with serious burns.",
    "A 22-year-old security guard was taken to hospital.",
])
def test_a_mention_with_no_name_beside_it_names_nothing(quote: str) -> None:
    """formats_dev's "whats the name of the security guard who got burned": the story never
    names him (stop 65)."""
    assert names_nothing("whats the name of the security guard who got burned", [quote])


@pytest.mark.parametrize("quote", [
    "Emmett Till, a black teenager who was murdered in 1955, is also considered a model.",
    "Tay Hohoff — a small, wiry veteran teenager in her late 50s.",
    "Chan made a music video alongside other artists entitled \"Promise\".",
    "The guard, a teenager named Sam Reed, was unhurt.",
    "The teenager, Sam Reed, was unhurt.",
    "She played Sharon Charles, a mother who learns of a teenager's obsessive behaviour.",
    "Police said the injured man was taken to hospital.",
])
def test_a_name_beside_the_mention_or_no_mention(quote: str) -> None:
    """A name in apposition before or after, a definite mention, a mention owning something
    ("a teenager's behaviour") or none at all: the answer stands."""
    assert not names_nothing("what was the name of the teenager", [quote])


STORY = ("Fire at Kestrel Park recycling plant\n\n"
         "A large fire has broken out at a waste recycling plant on the Kestrel Park industrial "
         "estate in Brayford, sending a plume of black smoke across the town.\n\n"
         "A firefighter has been taken to hospital with heat exhaustion, Brayshire Fire and "
         "Rescue Service says.\n\n"
         "Group manager Helen Achterberg said crews would stay at the site overnight.\n")


@pytest.mark.model
def test_asking_the_name_of_someone_the_story_never_names_is_a_hedge(
        real_app: Footnote) -> None:
    real_app.add_text("default", STORY)
    answer = real_app.ask("default", "whats the name of the firefighter who went to hospital")
    assert answer.hedged and not answer.declined
    assert answer.citations[0].quote.startswith("A firefighter has been taken to hospital")
    answer = real_app.ask("default", "whats the name of the group manager")
    assert not answer.hedged, answer.text
