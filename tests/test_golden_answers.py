"""Golden answers on the seed article with the real all-MiniLM-L6-v2 model."""

from __future__ import annotations

import pytest

from bot.embed import SentenceTransformerEncoder
from bot.service import Footnote
from bot.settings import Settings
from tests.seed_questions import SEED_QUESTIONS, cited_verbatim

pytestmark = pytest.mark.model

SEED_TITLE = "Police chief: only boycotting social media will force action on abuse"

QUESTIONS = [
    *SEED_QUESTIONS, "What is the capital of France?", "Who's Simon Bailey?",
    "What did Mr Bailey say about 4G and 5G networks?",
]


def check_golden(app: Footnote) -> None:
    bailey = app.ask("default", "Who is Simon Bailey?")
    assert not bailey.declined
    assert bailey.citations[0].paragraph == 2
    assert bailey.citations[0].quote.startswith(
        "Simon Bailey, the country’s leading child protection officer")
    assert bailey.citations[0].title == SEED_TITLE

    five_g = app.ask("default", "What did he say about 5G?")
    assert not five_g.declined
    assert five_g.citations[0].paragraph == 8
    assert "4G and 5G networks" in five_g.citations[0].quote

    france = app.ask("default", "What is the capital of France?")
    assert france.declined
    assert france.citations == ()
    assert france.text == "I couldn't find that in the articles I have."
    assert france.suggestions == (SEED_TITLE,)

    author = app.ask("default", "Who wrote the article?")
    assert not author.declined
    assert "Martin Evans" in author.text
    assert author.citations[0].quote == "By Martin Evans CRIME CORRESPONDENT"

    hunters = app.ask("default", "What did he say about paedophile hunters?")
    assert not hunters.declined
    assert hunters.citations[0].paragraph == 11


def test_golden_answers(real_app: Footnote) -> None:
    check_golden(real_app)


def test_golden_answers_survive_closing_and_reopening(
    real_app: Footnote, settings: Settings, real_encoder: SentenceTransformerEncoder,
    real_ranking_encoder: SentenceTransformerEncoder,
) -> None:
    before = [real_app.ask("default", q) for q in QUESTIONS[:8]]
    check_golden(real_app)
    real_app.close()
    reopened = Footnote(settings, encoder=real_encoder, ranking_encoder=real_ranking_encoder)
    check_golden(reopened)
    after = [reopened.ask("default", q) for q in QUESTIONS[:8]]
    assert after == before
    assert len(reopened.list_articles("default")) == 1  # not seeded twice


def test_follow_up_with_the_real_model(real_app: Footnote) -> None:
    answer = real_app.ask("default", "And what about 5G?", previous="Who is Simon Bailey?")
    assert not answer.declined
    assert any("5G" in c.quote for c in answer.citations)


def test_every_citation_is_verbatim_with_the_real_model(real_app: Footnote) -> None:
    assert cited_verbatim(real_app, QUESTIONS) >= 15
