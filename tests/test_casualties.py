"""A question asking whether anyone died or was hurt is answered by a sentence that says so
(:mod:`bot.answering.casualties`)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.answering.casualties import CASUALTY_MARGIN, casualties_first
from bot.service import Footnote

LEAD = "Police fired tear gas at protesters in the capital on Monday."
INJURED = "The Health Ministry said 63 people were injured in the clashes."
DIED = "A 22-year-old university student died of head injuries in hospital."


def _first(question: str, logits: list[float]) -> str:
    """The first sentence after :func:`casualties_first` of LEAD, INJURED, DIED ranked
    with ``logits``."""
    ranked = [SimpleNamespace(logit=logit, text=text)
              for text, logit in zip((LEAD, INJURED, DIED), logits, strict=True)]
    ranked.sort(key=lambda c: -c.logit)
    return casualties_first(question, ranked)[0].text  # type: ignore[arg-type]


@pytest.mark.parametrize("question", [
    "did anyone die in the clashes?", "was anybody killed", "Were any protesters killed?"])
def test_a_death_asked_about_comes_before_injuries(question: str) -> None:
    """wire_train's "did anyone die in the clashes?" had "63 people were injured" first and
    "A 22-year-old university student died" second (stop 65)."""
    near = 1.0 - CASUALTY_MARGIN / 2
    assert _first(question, [-5.0, 1.0, near]) == DIED
    assert _first(question, [-5.0, 1.0, 1.0 - 2 * CASUALTY_MARGIN]) == INJURED  # too far


@pytest.mark.parametrize("question", ["was anyone hurt", "were any police officers injured"])
def test_an_injury_asked_about_comes_before_a_sentence_telling_of_neither(question: str
                                                                          ) -> None:
    near = 1.0 - CASUALTY_MARGIN / 2
    assert _first(question, [1.0, near, -5.0]) == INJURED
    assert _first(question, [near, 1.0, -5.0]) == INJURED  # the best holds one already


def test_a_sentence_saying_nobody_was_answers_it() -> None:
    ranked = [SimpleNamespace(logit=1.0, text=LEAD),
              SimpleNamespace(logit=0.5, text="No one was hurt, police said.")]
    assert casualties_first("was anyone hurt", ranked)[0].text.startswith("No one")  # type: ignore[arg-type]


@pytest.mark.parametrize("question", [
    "why did the protesters gather", "how many protesters were there",
    "who killed the bill", "did anyone see the van before he died"])
def test_other_questions_keep_the_ranking(question: str) -> None:
    """Not a question about casualties ("who killed the bill" asks no one's death, "did
    anyone see the van before he died" asks what was seen)."""
    assert _first(question, [1.0, 0.9, 0.8]) == LEAD


DATA = Path(__file__).resolve().parent.parent / "bench" / "data"


@pytest.mark.model
@pytest.mark.parametrize(("story", "question", "opening"), [
    ("wire_train/kyrgyzstan-election-protests.txt", "did anyone die in the clashes?",
     "A 22-year-old university student died"),
    ("longform_dev/inside-the-rail-tunnel-collapse-inquiry.txt", "did anyone die in the collapse",
     "He was killed instantly"),
])
def test_the_sentence_telling_of_a_death_is_quoted_first(
        real_app: Footnote, story: str, question: str, opening: str) -> None:
    """A training and a development question whose answers ranked below "63 people were
    injured in the clashes" and the heading "The day of the collapse" (stop 65)."""
    real_app.add_file("story", DATA / story, actor="test")
    answer = real_app.ask("story", question)
    assert not answer.declined
    assert opening in answer.citations[0].quote, answer.citations[0].quote
