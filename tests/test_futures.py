"""A question about what is to come is answered by a sentence that tells of it
(:mod:`bot.answering.futures`)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.answering.features import SENTENCE_FEATURES
from bot.answering.futures import FUTURE, FUTURE_MARGIN, futures_first
from bot.question import analyse
from bot.service import Footnote

PAST = "The team has been awarded £450,000 by the Science and Technology Facilities Council."
AHEAD = "The money will pay for two more researchers and for computing time."
OTHER = "Astronomers found the planet in archive images."


def _features(dated: bool) -> list[float]:
    row = [0.0] * len(SENTENCE_FEATURES)
    row[SENTENCE_FEATURES.index("type_found")] = float(dated)
    return row


def _first(question: str, logits: list[float], sentences: tuple[str, ...] = (
        PAST, AHEAD, OTHER), dated: tuple[bool, ...] = (False, False, False)) -> str:
    """The first sentence after :func:`futures_first` of ``sentences`` ranked with
    ``logits``, each holding the kind of thing asked for or not (``dated``)."""
    ranked = [SimpleNamespace(logit=logit, text=text, features=_features(d))
              for text, logit, d in zip(sentences, logits, dated, strict=True)]
    ranked.sort(key=lambda c: -c.logit)
    query = SimpleNamespace(info=analyse(question))
    return futures_first(query, question, ranked)[0].text  # type: ignore[arg-type]


@pytest.mark.parametrize("question", [
    "what will the £450k grant pay for", "whats next for the team", "who do they play next",
    "what are they planning", "is the goverment going to do what the report says",
    "what happens now", "won’t they reopen it"])
def test_a_sentence_telling_of_the_future_comes_first_when_nearly_as_good(question: str
                                                                          ) -> None:
    """kinds_dev's "what will the £450k grant pay for" had the sentence telling of the
    award first, the one saying what the money will pay for second (stop 65)."""
    assert _first(question, [1.0, 1.0 - FUTURE_MARGIN / 2, -3.0]) == AHEAD
    assert _first(question, [1.0, 1.0 - 2 * FUTURE_MARGIN, -3.0]) == PAST  # too far below


def test_when_only_a_sentence_holding_a_time() -> None:
    """"when will the wind calm down": "winds would ease from Monday evening" (a time), not
    "customers will be entitled to compensation of £95" (genres_dev, stop 65)."""
    sentences = ("The Met Office issued an amber warning for wind.",
                 "Customers will be entitled to compensation of £95.",
                 "Winds would ease steadily from Monday evening.")
    question = "when will the wind calm down"
    near = 1.0 - FUTURE_MARGIN / 2
    assert _first(question, [1.0, near, near - 0.1], sentences,
                  (False, False, True)) == sentences[2]
    assert _first(question, [1.0, near, -5.0], sentences, (False, False, True)) == sentences[0]


@pytest.mark.parametrize("question", [
    "how much was the grant", "who found the planet", "can i leave bags next to the bin",
    "how much rain is expected", "wheres the next nearest pool", "why wont they say what it is "
    "worth", "what doctor was with him when he wrote his will", "when were the plans revealed"])
def test_other_questions_keep_the_ranking(question: str) -> None:
    """Not a question about the past, nor "next to the bin", "the next nearest pool", a will
    written or plans revealed; not why someone won't (a reason); "how much rain is expected"
    asks for the forecast amount, which a sentence may give without a future's words
    ("Rainfall totals of 40-60mm are likely")."""
    assert _first(question, [1.0, 0.9, -3.0]) == PAST


@pytest.mark.parametrize(("sentence", "tells_of_the_future"), [
    ("Talks are due to resume at Acas on 10 June.", True),
    ("Winds would ease steadily from Monday evening.", True),
    ("The family plans to host Thibodeau for a barbecue.", True),
    ("He was expected to be released Thursday.", True),
    ("They’ll travel to Eastwick Athletic on Easter Monday.", True),
    ("The match was called off due to the storm.", False),
    ("The council approved the plans in March.", False),
])
def test_words_that_tell_of_the_future(sentence: str, tells_of_the_future: bool) -> None:
    """"due to" tells of the future before a verb ("due to resume"), not before a cause
    ("due to the storm")."""
    assert (FUTURE.search(sentence) is not None) is tells_of_the_future


DEV = Path(__file__).resolve().parent.parent / "bench" / "data"


@pytest.mark.model
@pytest.mark.parametrize(("story", "question", "opening"), [
    ("genres_dev/storm-iona-power-cuts-and-train-cancellations.txt",
     "when will the wind calm down", "Greg Dunning, a Met Office meteorologist, said winds"),
    ("uswire_dev", "who do they play next", "Alder State (29-7), the No. 5 seed"),
])
def test_the_sentence_telling_what_comes_next_is_quoted_first(
        real_app: Footnote, story: str, question: str, opening: str) -> None:
    """Two development questions whose answers ranked second, below "The Met Office issued
    an amber warning" and the coach's words on the game just lost (stop 65)."""
    path = DEV / story
    if path.is_dir():
        path = next(p for p in sorted(path.glob("*.txt")) if opening.split()[0] in
                    p.read_text("utf-8"))
    real_app.add_file("default", path, actor="test")
    answer = real_app.ask("default", question)
    assert not answer.declined
    assert answer.citations[0].quote.startswith(opening), answer.citations[0].quote
