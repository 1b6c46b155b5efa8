"""What a question asks for, and whether a sentence holds it."""

from __future__ import annotations

import pytest

from bot.lexical import tokenize
from bot.question import AnswerType, analyse, as_asked, content_tokens, has_answer_type


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did the government announce the plans?", AnswerType.DATE),
        ("when was the law passed", AnswerType.DATE),
        ("What year did the campaign start?", AnswerType.DATE),
        ("In what year was it?", AnswerType.DATE),
        ("How many countries are rolling out 5G?", AnswerType.NUMBER),
        ("How much are the fines?", AnswerType.NUMBER),
        ("What percentage of children have phones?", AnswerType.NUMBER),
        ("How old is Simon Bailey?", AnswerType.NUMBER),
        ("Who is Simon Bailey?", AnswerType.OTHER),
        ("Who's Simon Bailey?", AnswerType.OTHER),
        ("Who was Mr Bailey?", AnswerType.OTHER),
        ("Who wrote the article?", AnswerType.PERSON),
        ("Who is the chief constable for Norfolk?", AnswerType.PERSON),
        ("whom did he blame?", AnswerType.PERSON),
        ("Which person led the campaign?", AnswerType.PERSON),
        ("Where is Norfolk?", AnswerType.PLACE),
        ("In which country is Norfolk?", AnswerType.PLACE),
        ("What city did he visit?", AnswerType.PLACE),
        ("What did he say about 5G?", AnswerType.OTHER),
        ("Why should the public boycott social media?", AnswerType.OTHER),
        ("", AnswerType.OTHER),
    ],
)
def test_answer_type_table(question: str, kind: AnswerType) -> None:
    info = analyse(question)
    assert info.answer_type is kind
    assert info.text == question
    assert set(info.tokens) <= set(tokenize(question))  # ("what year": not "year")


def test_tokens_are_content_stems() -> None:
    assert analyse("Who is Simon Bailey?").tokens == ("simon", "bailey")
    assert analyse("Who's Simon Bailey?").tokens == ("simon", "bailey")
    assert analyse("What did he say?").tokens == ()


def test_wont_and_cant_are_not_what_a_question_is_about() -> None:
    assert analyse("why won't fines work").tokens == analyse("why do fines not work").tokens
    assert analyse("why cant they stop it").tokens == analyse("why do they not stop it").tokens


@pytest.mark.parametrize(("shorthand", "written"), [
    ("how many countries r on the team", "how many countries are on the team"),
    ("how many ppl died", "how many people died"),
    ("wat yr did the govt fall", "what year did the government fall"),
    ("how many hrs did u wait", "how many hours did you wait"),
    ("did he quit bc of the fine", "did he quit because of the fine"),
    ("wich journal was it in", "which journal was it in"),
    ("hw many ppl came", "how many people came"),
    ("wher is it going tmrw", "where is it going tomorrow"),
    ("born in 73 wen do i get it", "born in 73 when do i get it"),
    ("did he quit cos of the row", "did he quit because of the row"),
    ("what happened yday", "what happened yesterday"),
    ("whens the next general election", "when's the next general election"),
    ("hows much rain is expected", "how much rain is expected"),
    ("wats the fare", "whats the fare"),
    ("wot time does it start", "what time does it start"),
    ("how meny people died", "how many people died"),
])
def test_chat_shorthand_is_read_as_the_words_it_stands_for(shorthand: str, written: str) -> None:
    ours, theirs = analyse(shorthand), analyse(written)
    assert (ours.tokens, ours.expected, ours.answer_type) == (
        theirs.tokens, theirs.expected, theirs.answer_type)
    assert as_asked(shorthand) == as_asked(written)


def test_a_capital_letter_is_a_name_not_shorthand() -> None:
    assert "r" in analyse("What is the R number?").tokens
    assert analyse("What is the R number?").text == "What is the R number?"


@pytest.mark.parametrize("question", [
    "what happened in the bc case", "how many flights in bc", "when did BC Hydro say it",
    "was it built in 300 bc"])
def test_bc_after_a_place_word_a_number_or_in_capitals_is_no_because(question: str) -> None:
    """"the bc case" is British Columbia's ("B.C." is read as "bc" since tokenizer 3)."""
    assert "because" not in as_asked(question) and "bc" in analyse(question).tokens


def _has(question: str, sentence: str) -> float:
    return has_answer_type(sentence, analyse(question))


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # DATE
        ("When did it happen?", "It happened in 2019.", 1.0),
        ("When did it happen?", "It happened last month.", 1.0),
        ("When did it happen?", "It happened on Monday.", 1.0),
        ("When did it happen?", "It happened in the 19th century.", 1.0),
        ("When did it happen?", "It happened in March.", 1.0),
        ("When did it happen?", "It happened quietly.", 0.0),
        # NUMBER
        ("How many were fined?", "Twelve firms were fined.", 1.0),
        ("How many were fined?", "About 40 per cent were fined.", 1.0),
        ("How many were fined?", "Some firms were fined.", 0.0),
        # PERSON: a name that is not already in the question
        ("Who leads child protection?", "The lead is Simon Bailey, of Norfolk.", 1.0),
        ("Who leads child protection?", "the lead is nobody at all.", 0.0),
        ("Who did Simon Bailey criticise?", "Simon Bailey criticised himself.", 0.0),
        ("Who did Simon Bailey criticise?", "Simon Bailey criticised Google.", 1.0),
        # PLACE
        ("Where does he work?", "He works for the police in Norfolk.", 1.0),
        ("Where does he work?", "he works hard.", 0.0),
        # OTHER: unknown
        ("What did he say about 5G?", "Anything at all.", 0.5),
        ("Who is Simon Bailey?", "Simon Bailey is a police officer.", 0.5),
    ],
)
def test_has_answer_type(question: str, sentence: str, expected: float) -> None:
    assert _has(question, sentence) == expected


def test_sentence_initial_capital_is_not_a_name() -> None:
    # a capital word opening a sentence is not taken for a name
    assert _has("Who closed the road?", "Residents closed the road.") == 0.0
    assert _has("Who closed the road?", "The road was closed. Residents left.") == 0.0
    assert _has("Who closed the road?", "The road was closed by Kent Council.") == 1.0


@pytest.mark.parametrize(
    ("question", "includes", "excludes"),
    [
        ("who is the chief constable", {"PERSON"}, {"DATE"}),
        ("whos the manager", {"PERSON"}, set()),
        ("which companies did he name", {"ORG"}, {"PERSON"}),
        ("what firms have the technology", {"ORG"}, set()),
        ("where is the rest centre", {"GPE", "LOC", "FAC"}, {"PERSON"}),
        ("which city is it in", {"GPE"}, set()),
        ("when does the fare cap start", {"DATE"}, {"PERSON"}),
        ("what year was the club founded", {"DATE"}, set()),
        ("how much will the wall cost", {"MONEY"}, {"PERSON"}),
        ("how much did they spend on it", {"MONEY"}, set()),
        ("how many ppl use buses", {"CARDINAL"}, {"MONEY", "PERSON"}),
        ("what percentage of pupils", {"PERCENT"}, set()),
        ("how long will the cheap fares last", {"DATE"}, set()),
        ("what language do they speak", {"LANGUAGE"}, set()),
        ("What was the amount of money pledged?", {"MONEY"}, {"PERSON"}),
        ("What was the number of data centers?", {"CARDINAL"}, {"MONEY", "PERSON"}),
        ("Who is the CEO of Veridian?", {"PERSON"}, {"DATE"}),  # a role, not a name
        ("who was the MP for Leeds", {"PERSON"}, set()),
        ("What is the name of the CEO?", {"PERSON"}, {"DATE"}),
        ("what was the name of the driver", {"PERSON"}, set()),
        ("whats the name of the shop manager", {"PERSON"}, set()),  # a word before the role
        ("what is the ceo's name", {"PERSON"}, set()),
        ("what is the name of whitlows barrister", {"PERSON"}, set()),  # whose relation
        ("what's the name of her lawyer", {"PERSON"}, set()),
        ("which mayor opened it", {"PERSON"}, set()),
        # the asking phrase that comes first wins, not a "when" further on
        ("how many ppl died when the ferry sank", {"CARDINAL"}, {"DATE", "TIME"}),
        ("who was the mayor when the town flooded", {"PERSON"}, {"DATE"}),
    ],
)
def test_expected_entity_labels(question: str, includes: set[str], excludes: set[str]) -> None:
    expected = analyse(question).expected
    assert includes <= expected, expected
    assert not excludes & expected, expected


@pytest.mark.parametrize(
    "question",
    ["Who is Simon Bailey?", "Who's Simon Bailey?", "what does bailey want people to do",
     "why won't fines work", "what did he say about 5g", "whats his job",
     "what is the name of the town", "what was his mother doing when he vanished",
     "what was the name of the man's dog"],
)
def test_no_expected_labels_when_the_wording_does_not_tell(question: str) -> None:
    assert analyse(question).expected == frozenset()
    assert analyse(question).answer_type is AnswerType.OTHER


@pytest.mark.parametrize(("question", "tokens"), [
    ("Which companies did he name?", ("company",)),
    ("what firms were mentioned", ("firm",)),
    ("which towns are listed in the report", ("town", "list", "report")),
    ("whats his name", ("nam",)),
    ("who named the ship", ("nam", "ship")),
])
def test_a_closing_asking_verb_is_not_a_content_word(
    question: str, tokens: tuple[str, ...]
) -> None:
    assert content_tokens(question) == tokens


@pytest.mark.parametrize(("question", "primary"), [
    ("who opposed it", {"PERSON"}),
    ("how much is the skate park costing", {"MONEY"}),
    ("what is the deal worth", {"MONEY"}),
    ("whats it worth", {"MONEY"}),
    ("how much did the new A&E cost?", {"MONEY"}),  # a name with "&" between the words
    ("how much did the U.S. spend", {"MONEY"}),
    # the thing priced in up to six words (kinds_dev, stop 64)
    ("how much will fixing the hydrotherapy pool cost", {"MONEY"}),
    ("how much will the season ticket refunds be worth", {"MONEY"}),
    ("where will it be visible", {"GPE", "LOC", "FAC"}),
    ("which court", {"ORG"}),
    ("how old is Benitez?", {"AGE"}),
    ("what is the age of the founder", {"AGE"}),
    ("whats his age", {"AGE"}),
    ("what did he do at the age of 12", set()),  # an age given, not asked for
    ("how many money they raised", {"MONEY"}),  # a learner's "many"
    ("whats the fare", {"MONEY"}),
    ("when does it start", {"DATE", "TIME"}),
    ("why did she do it", set()),
])
def test_the_narrow_kind_of_answer(question: str, primary: set[str]) -> None:
    info = analyse(question)
    assert info.primary == primary
    assert info.primary <= info.expected


@pytest.mark.parametrize(("question", "tokens"), [
    ("what time was she found", ("find",)),
    ("In what year did the war end?", ("war", "end")),
    ("how many years did he serve", ("many", "year", "serv")),  # a count, not a time
])
def test_the_unit_a_time_is_asked_in_is_not_a_content_word(
    question: str, tokens: tuple[str, ...]
) -> None:
    assert analyse(question).tokens == tokens


@pytest.mark.parametrize(("question", "asking"), [
    ("how many days were they missing when police found them",
     "how many days were they missing"),
    ("wat yr did it open", "what year did it open"),  # shorthand spelled out
    ("when did the gallery reopen", "when did the gallery reopen"),  # its own "when"
])
def test_the_asking_part_is_kept_for_the_answer_span(question: str, asking: str) -> None:
    assert analyse(question).asking == asking
