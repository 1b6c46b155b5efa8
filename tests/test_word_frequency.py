"""The general-English word frequencies the refusal weighs (bot/answering/word_frequency.py)."""

from __future__ import annotations

from bot.answering.word_frequency import (
    NOTHING_SHARED,
    UNLISTED,
    frequency,
    rarest_missing,
    rarest_shared,
)
from bot.lexical import stem


def test_a_rare_word_is_less_common_than_an_everyday_one() -> None:
    assert frequency(stem("grocer")) < frequency(stem("council")) < frequency(stem("want"))
    assert frequency(stem("the")) > 7.0


def test_a_word_the_table_lacks_counts_as_rarer_than_any_it_holds() -> None:
    assert frequency("qzxvbnm") == UNLISTED
    assert frequency(stem("grocer")) > UNLISTED


def test_only_words_the_article_holds_count() -> None:
    stems = (stem("want"), stem("grocer"), stem("priciest"))
    assert rarest_shared(stems, {stem("want"), stem("grocer")}) == frequency(stem("grocer"))
    assert rarest_shared(stems, {stem("want")}) == frequency(stem("want"))
    assert rarest_shared(stems, set()) == NOTHING_SHARED


def test_warm_reads_the_table_once() -> None:
    from bot.answering import word_frequency

    word_frequency.warm()
    table = word_frequency._table
    assert table is not None and len(table) > 30_000
    word_frequency.warm()
    assert word_frequency._table is table


def test_a_missing_everyday_word_is_told_from_a_missing_rare_one() -> None:
    stems = (stem("want"), stem("grocer"), stem("Beyonce"))
    held = {stem("grocer")}
    assert rarest_missing(stems, held) == UNLISTED  # "beyonce" is no English word
    assert rarest_missing(stems[:2], held) == frequency(stem("want")) > 5.5
    assert rarest_missing(stems, set(stems)) == NOTHING_SHARED
