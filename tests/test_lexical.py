"""Word normalisation and BM25."""

from __future__ import annotations

import numpy as np
import pytest

from bot.lexical import STOPWORDS, LexicalIndex, stem, tokenize, words
from bot.spelling import one_edit


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("running", "run"), ("stopped", "stop"), ("promotes", "promot"), ("promoted", "promot"),
        ("promote", "promot"), ("cities", "city"), ("studied", "study"), ("networks", "network"),
        ("images", "imag"), ("officers", "officer"), ("class", "clas"), ("bus", "bus"),
        ("analysis", "analysis"), ("virus", "virus"), ("2019", "2019"), ("5g", "5g"),
        ("cat", "cat"), ("nationalization", "nationaliz"), ("relational", "relat"),
        ("punishments", "punish"), ("quickly", "quick"), ("hopefulness", "hopeful"),
    ],
)
def test_stem_table(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    "forms",
    [
        ("boycott", "boycotts", "boycotting", "boycotted"),
        ("fall", "falls", "falling"),
        ("kill", "kills", "killed", "killing"),
        ("pass", "passes", "passed", "passing"),
        ("promote", "promotes", "promoted", "promoting"),
        ("stop", "stops", "stopped", "stopping"),
        ("flee", "flees", "fleeing"),
        ("agree", "agrees", "agreed", "agreeing"),
        ("city", "cities"),
        ("network", "networks"),
        ("abuse", "abused", "abuses", "abusing"),
        ("vote", "votes", "voted", "voting"),
        ("send", "sends", "sent", "sending"),
        ("take", "takes", "took", "taken", "taking"),
        ("win", "wins", "won", "winning"),
        ("child", "children"),
        ("sue", "sues", "sued", "suing"),
        ("use", "uses", "used", "using"),
        ("die", "dies", "died", "dying"),
        ("age", "ages", "aged", "aging"),
    ],
)
def test_inflections_meet(forms: tuple[str, ...]) -> None:
    assert len({stem(w) for w in forms}) == 1, {w: stem(w) for w in forms}


def test_words_folds_case_hyphens_and_apostrophes() -> None:
    assert words("Self-harm, SELFHARM and the country’s child's") == [
        "selfharm", "selfharm", "and", "the", "countrys", "childs",
    ]
    assert words("snake_case 4G/5G — £3.5m") == ["snake", "case", "4g", "5g", "3", "5m"]
    assert words("") == [] and words("!!! …") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the U.S. and the US", ["the", "us", "and", "the", "us"]),
        ("in the USA, the U.S.A. or the usa", ["in", "the", "us", "the", "us", "or", "the", "us"]),
        ("U.S.-led troops", ["us", "led", "troops"]),
        ("the U.S.’s role", ["the", "us", "s", "role"]),
        ("Washington, D.C., and the U.K.", ["washington", "dc", "and", "the", "uk"]),
        ("at 3 p.m. on", ["at", "3", "pm", "on"]),
        ("J.K. Rowling and A. Smith", ["jk", "rowling", "and", "a", "smith"]),
        ("version 1.2.3 of example.com", ["version", "1", "2", "3", "of", "example", "com"]),
        ("USAID and the U.S.S.R.", ["usaid", "and", "the", "ussr"]),
    ],
)
def test_an_initialism_with_full_stops_is_one_word(text: str, expected: list[str]) -> None:
    """"U.S." meets "US" ("us", as a lower-case "us" still is), "D.C." meets "DC"."""
    assert words(text) == expected


def test_tokenize_drops_stopwords_and_stems() -> None:
    tokens = tokenize("What did the police chief say about boycotting social networks?")
    assert tokens == ["polic", "chief", "boycot", "social", "network"]
    assert tokenize("the and of a") == []
    assert tokenize("Self-harm") == tokenize("selfharm") == ["selfharm"]
    assert tokenize("Café NAÏVE") == ["café", "naïv"]
    assert "said" in STOPWORDS and "says" in STOPWORDS


PASSAGES = [
    "The council approved a new budget for schools on Monday.",
    "Simon Bailey, the chief constable for Norfolk, called for a boycott of social media firms.",
    "Heavy rain caused the river to flood several villages overnight.",
    "The museum opened a new wing with paintings from the seventeenth century.",
]


def test_bm25_ranks_the_matching_passage_first() -> None:
    index = LexicalIndex(PASSAGES)
    assert index.size == 4
    for query, best in [
        ("Who called for boycotting social media?", 1),
        ("Which villages flooded after the rain?", 2),
        ("What paintings are in the museum?", 3),
        ("school budgets", 0),
    ]:
        scores = index.scores(query)
        assert scores.shape == (4,) and scores.dtype == np.float32
        assert int(np.argmax(scores)) == best, (query, scores)
        assert scores[best] > 0
        others = np.delete(scores, best)
        assert (others < scores[best]).all()


def test_bm25_unknown_or_empty_query_scores_zero() -> None:
    index = LexicalIndex(PASSAGES)
    for query in ("", "the of and", "zebra xylophone", "???"):
        np.testing.assert_array_equal(index.scores(query), np.zeros(4, np.float32))


def test_bm25_empty_corpus() -> None:
    index = LexicalIndex([])
    assert index.size == 0
    assert index.scores("anything").shape == (0,)
    assert not index.knows("anything")


def test_bm25_passage_with_only_stopwords_is_indexed() -> None:
    index = LexicalIndex(["the of and", "a flood warning"])
    scores = index.scores("flood")
    assert scores[0] == 0 and scores[1] > 0


def test_idf_rare_words_weigh_more_and_unseen_most() -> None:
    index = LexicalIndex([
        "police said the police", "police and firms", "firms boycott", "police again",
    ])
    assert index.knows("polic")
    common, rare = index.idf(stem("police")), index.idf(stem("boycott"))
    assert rare > common > 0
    assert index.idf("neverseen") > rare
    assert not index.knows("neverseen")
    assert index.knows(stem("boycott"))


def test_misspellings_are_mended_against_the_library_vocabulary() -> None:
    index = LexicalIndex([
        "The government announced plans.", "Helicopters lifted walkers.",
        "The government met again.", "A goverment typo appears once.",
    ])
    assert index.correct(stem("goverment")) is None  # the library itself has it: not unknown
    mended = LexicalIndex([*PASSAGES, "The government announced plans for helicopters."])
    assert mended.correct(stem("goverment")) == stem("government")  # a letter missing
    assert mended.correct(stem("helicoptres")) == stem("helicopters")  # two swapped
    assert mended.correct(stem("constible")) == stem("constable")  # one changed
    assert mended.correct(stem("boycotttt")) is None  # two edits away
    assert mended.correct("zebra") is None and mended.correct("cat") is None  # unknown / short
    assert mended.correct(stem("government")) is None  # known words stay
    # "gover" ("goverment") is one edit from "govern" and from the commoner "cover": a
    # misspelling seldom changes the first letter
    cover = LexicalIndex(["The government will cover the cost.",
                          "Insurance does not cover floods, and covers little else."])
    assert cover.correct(stem("goverment")) == stem("government")


def test_clipped_words_are_found_as_scanning_every_word_found_them() -> None:
    """"copter" for "helicopter": the words ending with a token, found in the sorted list of
    words spelt backwards, are those a pass over every word of the library finds."""
    from bench.answer_data import NATURAL_TRAIN

    texts = [p for path in sorted(NATURAL_TRAIN.glob("*.txt"))
             for p in path.read_text("utf-8").split("\n\n")]
    index = LexicalIndex(texts[::2])  # (the other half's words are in the vocabulary only)
    terms = index._terms()

    def reference(token: str) -> str | None:
        if len(token) < 5 or token.isdigit() or index.knows(token):
            return None
        found = {w for w in terms if one_edit(token, w) and index.knows(w)}
        if not found:
            found = {w for w in terms if len(w) > len(token) + 2 and w.endswith(token)
                     and index.knows(w)}
        found = {w for w in found if w[0] == token[0]} or found  # the first letter kept
        return min(found, key=lambda w: (index.idf(w), w)) if found else None

    clipped = 0
    for token in sorted({w[k:] for w in terms for k in range(1, 5)}):
        assert index.correct(token) == reference(token), token
        clipped += reference(token) is not None
    assert clipped > 50


def test_scores_for_takes_mended_tokens() -> None:
    index = LexicalIndex(PASSAGES)
    np.testing.assert_array_equal(
        index.scores_for(tokenize("heavy rain flood")), index.scores("heavy rain flood")
    )
