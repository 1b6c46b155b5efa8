"""Signs of a near miss: a value of the question that the sentence lacks."""

from __future__ import annotations

from bot.answering.contrasts import is_value, values_missing
from bot.answering.features import DECISION_FEATURES, NEAR_MISS_FEATURES, ON_TOPIC_FEATURES
from bot.lexical import tokenize


def stems(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def test_values_are_numbers_ordinals_months_and_weekdays() -> None:
    assert all(is_value(t) for t in tokenize("16 2015 $929.3 thirty-fourth eighth March Sunday"))
    assert not any(is_value(t) for t in tokenize("surgery director film Craig"))


def test_a_value_the_sentence_lacks_is_counted() -> None:
    question = tuple(tokenize("In the United States, the film opened on 16 November of what year?"))
    assert values_missing(question, stems("the film opened on 6 November 2015")) == 1
    assert values_missing(question, stems("the film opened on 16 November 2015")) == 0
    assert values_missing(tuple(tokenize("When did the film open?")), stems("in 2015")) == 0


ARTICLE = """Spectre release

Sam Mendes has stated he will not return to direct the next film in the series.

In the United States and Canada, the film opened on 6 November 2015 on 3,927 screens.
"""


def decision(app, question: str) -> dict[str, float]:
    snapshot = app.library("films").snapshot()
    evaluation = app.answerer.evaluate(snapshot, question, app.encoder.encode([question])[0])
    return dict(zip(DECISION_FEATURES, evaluation.decision.tolist(), strict=True))


def test_the_answer_model_sees_a_value_or_a_not_the_question_lacks(app) -> None:
    app.add_text("films", ARTICLE, actor="test")
    assert decision(app, "the film opened on 16 November of what year?")[
        "values_missing_near"] > 0
    assert decision(app, "the film opened on 6 November of what year?")[
        "values_missing_near"] == 0
    assert decision(app, "Who will return to direct the next film?")["negation_added_top"] == 1
    assert decision(app, "Who will not return to direct the next film?")[
        "negation_added_top"] == 0


def test_the_on_topic_model_does_not_weigh_near_misses() -> None:
    assert not set(NEAR_MISS_FEATURES) & set(ON_TOPIC_FEATURES)
    assert set(NEAR_MISS_FEATURES) <= set(DECISION_FEATURES)
