"""What people say back to an answer: "and?" reads on, "really?" / "source for that?" give
where it came from, "link?" the address of the story talked about."""

from __future__ import annotations

import pytest

from bot.conversation import context_after
from bot.models import Answer
from bot.service import Footnote

SEED_TITLE = "Police chief: only boycotting social media will force action on abuse"
HARBOUR = """Harbour plan approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.

The wall will cost 4 million pounds and protect two hundred homes from storms.
"""


def _after(app: Footnote, first: str, then: str) -> tuple[Answer, Answer]:
    answer = app.ask("default", first)
    return answer, app.ask("default", then, previous=context_after(answer, None))


@pytest.mark.parametrize("then", ["and?", "elaborate", "can you expand on that", "read on"])
def test_and_reads_the_article_on(app: Footnote, then: str) -> None:
    first, more = _after(app, "Who is Simon Bailey?", then)
    assert more.text.startswith(f"“{SEED_TITLE}” goes on: ")
    assert more.citations and all(c.start >= first.citations[0].end for c in more.citations)


@pytest.mark.parametrize("then", ["really?", "are you sure?", "source for that?",
                                  "is that true", "how do you know that"])
def test_a_doubt_is_answered_with_where_the_answer_came_from(app: Footnote, then: str) -> None:
    first, source = _after(app, "Who is Simon Bailey?", then)
    (cited,) = source.citations
    assert cited.quote == first.citations[0].quote
    assert source.text == f"That comes from “{SEED_TITLE}”, which says: {cited.quote} [1]"
    assert not source.declined and not source.hedged


def test_a_doubt_with_no_answer_before_it(app: Footnote) -> None:
    answer = app.ask("default", "really?")
    assert answer.declined and not answer.citations
    assert answer.text.startswith("Ask me a question about the articles")


def test_link_in_a_conversation_is_the_story_talked_about(app: Footnote) -> None:
    harbour = app.add_text("default", HARBOUR, url="https://example.org/harbour").article
    first, link = _after(app, "how much will the harbour wall cost", "link?")
    assert first.citations[0].article_id == harbour.id
    assert link.text.startswith("“Harbour plan approved” is online at https://example.org/harbour")
    _, seed_link = _after(app, "Who is Simon Bailey?", "link to it")
    assert seed_link.declined and SEED_TITLE in seed_link.text


def test_the_source_of_a_byline_answer_is_the_byline(app: Footnote) -> None:
    first, source = _after(app, "who wrote it", "source for that?")
    (byline,) = first.citations
    (cited,) = source.citations
    assert (cited.quote, cited.paragraph, cited.start) == (byline.quote, 0, byline.start)
    assert source.text.startswith(f"That comes from “{SEED_TITLE}”, which says: ")
