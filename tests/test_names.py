"""A word opening a sentence is no part of the name after it (the stored sentence
analysis, :mod:`bot.answering.sentences`)."""

from __future__ import annotations

import pytest

from bot.answering.sentences import _mend_entity, facts_of
from bot.service import Footnote

CREW = """The last trawlermen

Callum Buchan has skippered the Girl Morag for 19 years.

“Everybody tells me I’m daft,” Strachan says. “My mum, my pals, Callum. Especially Callum.”

He laughs when he hears this.
"""


def test_especially_callum_is_callum(app: Footnote) -> None:
    """A long read's "Especially Callum." was a person of its own, "Especially Callum",
    and the quiz named him so ("[Especially Callum] tells me ...")."""
    app.add_text("crew", CREW, actor="test")
    snapshot = app.library("crew").snapshot()
    names = [str(n[0]) for n in facts_of(snapshot, next(iter(snapshot.articles))).names]
    assert "Callum Buchan" in names
    assert not any(n.startswith("Especially") for n in names), names


@pytest.mark.parametrize(("text", "name"), [
    ("Meanwhile Okafor said the trial would go on.", "Okafor"),
    ("Especially Callum.", "Callum"),
    ("Justin Welby spoke.", "Justin Welby"),  # "Just" is a word of its own only
    ("Even Stevens won.", "Stevens"),
    ("Will Hughes scored.", "Will Hughes"),  # a first name, not a word to drop
])
def test_the_name_starts_after_the_word(text: str, name: str) -> None:
    end = text.index(name) + len(name)
    start, stop, label = _mend_entity(text, 0, end, "PERSON")
    assert (text[start:stop], label) == (name, "PERSON")
