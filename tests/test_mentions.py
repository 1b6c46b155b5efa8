""""Which stories mention Maisie?": every article holding it, each cited with the first
sentence that does (:mod:`bot.answering.mentions`), not one sentence of one of them."""

from __future__ import annotations

import pytest

from bot.answering.mentions import mentions_asked
from bot.service import Footnote

HARBOUR = """Harbour plan approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.

Councillors said Facebook posts had swayed the vote, and the police were not needed.
"""


@pytest.mark.parametrize(("question", "thing"), [
    ("which stories mention Facebook?", "Facebook"), ("what articles talk about fines", "fines"),
    ("is the harbour mentioned in any of the articles", "the harbour"),
    ("does any article mention Simon Bailey?", "Simon Bailey"),
    ("where is Facebook mentioned", "Facebook"),
    ("how many stories mention the police", "the police"),
])
def test_questions_asking_which_articles_mention_something(question: str, thing: str) -> None:
    assert mentions_asked(question) == thing


@pytest.mark.parametrize("question", [
    "what did he mention about fines", "which report named the suspect",
    "who mentioned Facebook", "which companies did he name",
])
def test_questions_of_the_text_are_not_searches(question: str) -> None:
    assert mentions_asked(question) is None


def test_every_article_holding_it_is_listed_with_its_first_mention(app: Footnote) -> None:
    harbour = app.add_text("default", HARBOUR).article
    seed = app.list_articles("default")[0]
    answer = app.ask("default", "which stories mention facebook?")
    assert not answer.declined and not answer.hedged
    assert [c.article_id for c in answer.citations] == [seed.id, harbour.id]
    assert answer.text == (
        "“facebook” is mentioned in 2 of the 2 articles: “Police chief: only boycotting "
        "social media will force action on abuse” [1], “Harbour plan approved” [2].")
    assert answer.citations[1].quote == ("Councillors said Facebook posts had swayed the vote, "
                                         "and the police were not needed.")
    for c in answer.citations:
        assert "facebook" in c.quote.lower()
    only = app.ask("default", "is the harbour wall mentioned in any of the stories")
    assert [c.article_id for c in only.citations] == [harbour.id]


def test_a_name_no_article_holds(app: Footnote) -> None:
    answer = app.ask("default", "which articles mention zebras")
    assert answer.declined
    assert answer.text == "No article here has the words “zebras”."
