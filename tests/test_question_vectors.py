"""The question is encoded on an encoding thread while the rest of the ask reads its words
(fake encoder; what it proves: where the encoding runs, that errors still reach the
caller, and that answers needing no vector do not wait for one)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from bot.answering.question_vectors import QuestionVectors
from bot.conversation import Turn
from bot.errors import ConfigError
from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder

ARTICLE = """Harbour plan approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.

The wall will cost 4 million pounds and protect two hundred homes from storms, officials said.
"""


class RecordingEncoder(HashingEncoder):
    """Records the thread and texts of every encoding; can be held back by ``gate``."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, list[str]]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.fail: Exception | None = None

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append((threading.current_thread().name, list(texts)))
        assert self.gate.wait(timeout=30), "the encoding was never let through"
        if self.fail is not None:
            raise self.fail
        return super().encode(texts)


@pytest.fixture
def encoder() -> RecordingEncoder:
    return RecordingEncoder()


@pytest.fixture
def app(settings: Settings, encoder: RecordingEncoder) -> Footnote:
    app = Footnote(settings, encoder=encoder)
    app.add_text("harbour", ARTICLE, actor="test")
    encoder.calls.clear()
    return app


def test_the_question_is_encoded_on_an_encoding_thread(
    app: Footnote, encoder: RecordingEncoder
) -> None:
    answer = app.ask("harbour", "How much will the wall cost?")
    assert not answer.declined and "4 million pounds" in answer.citations[0].quote
    [(thread, texts)] = encoder.calls
    assert thread.startswith("footnote-encode") and thread != threading.current_thread().name
    assert texts == ["How much will the wall cost?"]


def test_the_same_answer_as_with_the_vector_given(app: Footnote) -> None:
    snapshot = app.library("harbour").snapshot()
    question = "Who approved the harbour wall?"
    given, _ = app.answerer.answer(snapshot, question, app.encoder.encode([question])[0])
    assert app.ask("harbour", question) == given


def test_an_encoding_error_reaches_the_caller(app: Footnote, encoder: RecordingEncoder) -> None:
    encoder.fail = ConfigError("The embedding model could not be loaded.")
    with pytest.raises(ConfigError, match="could not be loaded"):
        app.ask("harbour", "How much will the wall cost?")


def test_a_metadata_answer_does_not_wait_for_the_encoding(
    app: Footnote, encoder: RecordingEncoder
) -> None:
    encoder.gate.clear()  # the encoding cannot finish until the answer is back
    try:
        answer = app.ask("harbour", "What is the title?")
    finally:
        encoder.gate.set()
    assert "Harbour plan approved" in answer.text


def test_a_follow_up_without_words_of_its_own_encodes_both_readings(
    encoder: RecordingEncoder,
) -> None:
    previous = Turn("Who approved the harbour wall?")
    vectors = QuestionVectors.of(encoder, "and why?", previous)
    assert vectors.combined() is not None and vectors.asked().shape == (encoder.dim,)
    assert encoder.calls[-1][1] == ["and why?", "Who approved the harbour wall? and why?"]
    alone = QuestionVectors.of(encoder, "and why did they approve it?", previous)
    assert alone.asked().shape == (encoder.dim,) and alone.combined() is None
    assert encoder.calls[-1][1] == ["and why did they approve it?"]


def test_a_replaced_snapshot_is_freed_at_once_after_questions(
    app: Footnote, encoder: RecordingEncoder
) -> None:
    """Nothing an ask leaves behind (caches, evidence, the encoding thread's work) holds a
    snapshot the library has moved on from: its arrays go when it does, not at the next
    run of the cycle collector (many servers' closed libraries would pile up)."""
    import gc
    import weakref

    for question in ("How much will the wall cost?", "What is the title?", "who said that?"):
        app.ask("harbour", question)
    gone = weakref.ref(app.library("harbour").snapshot())
    gc.disable()
    try:
        app.add_text("harbour", "Bridge repairs delayed\n\nThe bridge will stay shut until May.",
                     actor="test")
        app.ask("harbour", "When will the bridge open?")
        assert gone() is None, "something still holds the replaced snapshot"
    finally:
        gc.enable()


class NotLoadedEncoder(RecordingEncoder):
    """An encoder whose model is not in memory yet (a cold ``footnote ask``)."""

    loaded = False


def test_before_the_model_is_loaded_nothing_is_encoded_ahead(settings: Settings) -> None:
    encoder = NotLoadedEncoder()
    app = Footnote(settings, encoder=encoder)
    app.add_text("harbour", ARTICLE, actor="test")
    encoder.calls.clear()
    assert "Harbour plan approved" in app.ask("harbour", "What is the title?").text
    assert encoder.calls == []  # answered from metadata: the model was never needed
    answer = app.ask("harbour", "How much will the wall cost?")
    assert "4 million pounds" in answer.citations[0].quote
    [(thread, _)] = encoder.calls
    assert thread == threading.current_thread().name  # on the caller's thread, when needed
