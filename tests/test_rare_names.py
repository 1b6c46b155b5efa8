"""A name only one article holds says which article a question is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering.rare_names import name_holder
from bot.service import Footnote

WIRE_TRAIN = Path(__file__).resolve().parent.parent / "bench" / "data" / "wire_train"
STORIES = {
    "Plane lands safely after engine fire": (
        "A passenger jet made an emergency landing in Denver on Sunday after one of its "
        "engines caught fire shortly after take-off, the airline said.\n\n"
        "Passenger Aaron Feldman, 45, a software engineer from Naperville, Illinois, said he "
        "saw flames coming from the left wing.\n\n"
        "\"Everyone was calm, but you could smell the smoke,\" he said. Nobody was hurt."),
    "Country singer Wade Callister dies at 71": (
        "Country singer Wade Callister has died at his home in Nashville at the age of 71, "
        "his family said on Monday.\n\n"
        "Singer Lacey Dumont, 45, who toured with Callister in the late 1990s, wrote on "
        "social media that he had taught her everything she knew.\n\n"
        "He won four Grammy Awards and sold more than 20 million records."),
    "Mother reunited with son after 97 days apart": (
        "A mother who was separated from her son at the border has been reunited with him "
        "after 97 days, her lawyers said.\n\n"
        "\"These children will carry this for years,\" said Daniela Ortega, a lawyer with the "
        "Sonoran Legal Aid Coalition, which represents about 300 separated parents.\n\n"
        "The government spent about $12.5 million on flights to reunite families."),
}


@pytest.fixture
def three(real_app: Footnote) -> dict[str, int]:
    """The three stories in the library "news"; their ids by a word of their title."""
    ids = {}
    for title, text in STORIES.items():
        added = real_app.add_text("news", f"{title}\n\n{text}", title=title)
        ids[title.split()[0].lower()] = added.article.id
    return ids


def test_a_name_only_one_article_holds_points_to_it(real_app: Footnote,
                                                    three: dict[str, int]) -> None:
    snapshot = real_app.library("news").snapshot()
    assert name_holder(snapshot, "how old is feldman") == three["plane"]
    assert name_holder(snapshot, "what did lacey say") == three["country"]
    assert name_holder(snapshot, "who is daniela ortega") == three["mother"]


def test_no_pointer_from_a_common_word_two_names_or_a_library_of_one(
        real_app: Footnote, three: dict[str, int]) -> None:
    snapshot = real_app.library("news").snapshot()
    # "aid" is in only one story, in a name, but a question uses it as the common word
    assert name_holder(snapshot, "how much aid was sent") is None
    assert name_holder(snapshot, "did feldman ever meet dumont") is None  # two stories
    assert name_holder(snapshot, "how old is he") is None
    real_app.add_text("alone", "Plane lands\n\n" + STORIES["Plane lands safely after engine fire"])
    assert name_holder(real_app.library("alone").snapshot(), "how old is feldman") is None


@pytest.mark.parametrize(("question", "story", "said"), [
    ("how old is feldman", "flight-engine-fire", "Feldman, 45"),
    ("how many grandchildren does thibodeau have", "boy-found-in-woods", "grandfather of nine"),
])
def test_the_name_says_which_story_answers(real_app: Footnote, question: str, story: str,
                                           said: str) -> None:
    """"How old is feldman" fits the singer's "Lacey Dumont, 45" as well as the passenger's
    "Aaron Feldman, 45", and the singer's "seven grandchildren" fit "how many
    grandchildren": the name says which story (both quoted the singer's obituary)."""
    for name in ("flight-engine-fire", "country-singer-dies-nashville", "boy-found-in-woods"):
        real_app.add_file("wire", WIRE_TRAIN / f"{name}.txt")
    answer = real_app.ask("wire", question)
    assert not answer.declined
    first = answer.citations[0]
    assert said in first.quote, answer.text
