"""Sentence facts stored packed read back exactly as the JSON form did; an article
analysed by an older version (JSON, or packed before shares were relabelled) is
converted without being analysed again."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from bot.analysis import ArticleSource, encode_result
from bot.answering.facts import Entity, SentenceFacts, SentenceInfo
from bot.answering.packed_facts import pack_facts, unpack_facts
from bot.answering.sentences import (
    _JSON_VERSION,
    _PACKED,
    SENTENCE_ANALYSER,
    _mend_entity,
    _upgrade,
    analyse_sentences,
    facts_of,
)
from bot.lexical import tokenize
from bot.service import Footnote

ARTICLE = (
    "Police chief quits social media\n\n"
    "Simon Bailey, the Chief Constable for Norfolk, said at 3.20pm on Monday that fines of "
    "£2m were a “drop in the ocean”. He told the BBC the firms must act. “We will not stop,” "
    "he said.\n\n"
    "The Government said it would publish a white paper in 2019. Ms Jane Ortiz, 54, of the "
    "Home Office, added that 45 per cent of reports came from Facebook."
)


def _from_json(data: dict[str, Any]) -> SentenceFacts:
    """The facts as the JSON form reads plainly (what the packed form must give back)."""
    names = tuple((str(n), int(s), int(e), str(label)) for n, s, e, label in data["names"])
    sentences = {}
    for start, end, stems, ents, about, speaker in data["sentences"]:
        sentences[int(start)] = SentenceInfo(
            int(start), int(end), tuple(stems),
            tuple(Entity(int(a), int(b), str(label)) for a, b, label in ents),
            tuple(int(i) for i in about),
            (int(speaker[0]), int(speaker[1]), int(speaker[2])) if speaker else None,
            frozenset(stems),
        )
    return SentenceFacts(names, sentences)


def _same(old: SentenceFacts, new: SentenceFacts) -> None:
    assert new.names == old.names
    assert list(new.sentences) == list(old.sentences)
    for start in old.sentences:
        a, b = old.sentences[start], new.sentences[start]
        assert b == a and b.stem_set == a.stem_set
        assert [type(x) for x in (b.start, b.end, *b.about)] == [
            type(x) for x in (a.start, a.end, *a.about)]
        # what the passage ranker reads, as plain tuples, whichever form answers
        plain = (a.end, a.stems, tuple((e.start, e.end, e.label) for e in a.entities))
        assert new.sentence_words("", a.start, a.end) == plain
        assert old.sentence_words("", a.start, a.end) == plain


def _source(app: Footnote, article_id: int) -> ArticleSource:
    lib = app.library("t")
    article = lib.article(article_id)
    return ArticleSource(article.text, article.title, lib.store.passages_for(article))


def test_packed_facts_equal_the_json_form(app: Footnote) -> None:
    added = app.add_text("t", ARTICLE).article
    value = analyse_sentences(_source(app, added.id))
    assert value["sentences"] and value["names"]
    assert any(row[5] for row in value["sentences"])  # someone speaks
    _same(_from_json(value), unpack_facts(pack_facts(value)))


def test_a_sentence_the_analysis_lacks_is_read_from_its_words() -> None:
    text = "Fines will not work. Mr Bailey said so."
    packed = pack_facts({"names": [], "sentences": [[0, 20, ["fine"], [], [], []]]})
    for facts in (unpack_facts(packed), SentenceFacts((), {})):
        assert facts.sentence_words(text, 21, 39) == (39, tuple(tokenize(text[21:39])), ())
        assert facts.sentence_words(text, 0, 19)[1] == tuple(tokenize(text[:19]))  # its end differs


def test_strings_holding_a_nul_are_kept_whole() -> None:
    value = {"names": [["A\0B", 0, 3, "ORG"], ["", 4, 4, "PERSON"]],
             "sentences": [[0, 10, ["a\0b", "c", ""], [[0, 3, "ORG"]], [0, 1], [1, 4, 4]],
                           [11, 20, [], [], [], []]]}
    _same(_from_json(value), unpack_facts(pack_facts(value)))
    empty = {"names": [], "sentences": []}
    _same(_from_json(empty), unpack_facts(pack_facts(empty)))


def test_damaged_packed_facts_are_refused() -> None:
    data = pack_facts({"names": [["Ann", 0, 3, "PERSON"]],
                       "sentences": [[0, 5, ["ann"], [], [0], []]]})
    for bad in (b"", b"FNF0" + data[4:], data[:30]):
        with pytest.raises(ValueError):
            unpack_facts(bad)


def _as_stored_before(value: dict[str, Any], text: str) -> dict[str, Any]:
    """``value`` with its entities as versions 3 to 5 stored them: the small model's
    label and span (a share as "45" alone, a CARDINAL; an age as a DATE)."""
    old = copy.deepcopy(value)
    for row in old["sentences"]:
        for entity in row[3]:
            if entity[2] == "PERCENT":
                entity[1] = entity[0] + text[entity[0]:].index(" ")
                entity[2] = "CARDINAL"
            elif text[entity[0]:entity[1]] == "54":
                entity[2] = "DATE"
            elif text[entity[0]:entity[1]] == "3.20pm":
                entity[2] = "ORG"
    assert old != value
    return old


@pytest.mark.parametrize("stored", ["json", "packed 4", "packed 5", "packed 6", "packed 8",
                                    "packed 11"])
def test_an_older_analysis_is_converted_without_analysing_again(
    app: Footnote, monkeypatch: pytest.MonkeyPatch, stored: str
) -> None:
    added = app.add_text("t", ARTICLE).article
    lib = app.library("t")
    value = analyse_sentences(_source(app, added.id))
    old = _as_stored_before(value, added.text)
    if stored == "json":
        lib.store.set_analysis(added.id, SENTENCE_ANALYSER.kind, _JSON_VERSION, encode_result(old))
    else:
        version = _PACKED[int(stored.split()[1]) - 4]
        lib.store.set_analysis(added.id, SENTENCE_ANALYSER.kind, version, pack_facts(old))

    def analysing(_: ArticleSource) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(ArticleSource, "spacy_docs", analysing)
    facts = facts_of(lib.snapshot(), added.id)
    _same(_from_json(value), facts)  # shares relabelled as version 5 labels them
    version, data = lib.store.analysis(added.id, SENTENCE_ANALYSER.kind)
    assert version == SENTENCE_ANALYSER.version and data == pack_facts(value)


def test_an_analysis_no_version_can_convert_is_done_again(app: Footnote) -> None:
    added = app.add_text("t", ARTICLE).article
    lib = app.library("t")
    lib.store.set_analysis(added.id, SENTENCE_ANALYSER.kind, 1, b"whatever version 1 kept")
    facts = facts_of(lib.snapshot(), added.id)
    _same(_from_json(analyse_sentences(_source(app, added.id))), facts)


@pytest.mark.parametrize("share", ["45 per cent", "45 percent", "45%", "45 Per Cent"])
def test_a_share_is_one_percent_entity_however_it_is_written(
    app: Footnote, share: str
) -> None:
    text = ARTICLE.replace("45 per cent", share)
    added = app.add_text("t", text).article
    value = analyse_sentences(_source(app, added.id))
    shares = [text[a:b] for row in value["sentences"] for a, b, label in row[3]
              if label == "PERCENT"]
    assert shares == [share]


def test_a_sum_followed_by_its_currency_is_money(app: Footnote) -> None:
    text = ARTICLE.replace("fines of £2m", "fines of 2 million euros")
    added = app.add_text("t", text).article
    value = analyse_sentences(_source(app, added.id))
    labelled = {text[a:b]: label for row in value["sentences"] for a, b, label in row[3]}
    assert labelled.get("2 million euros") == "MONEY"


@pytest.mark.parametrize(
    ("sentence", "piece", "label"),
    [("The council will spend £1.2m on repairs.", "£1.2m", "MONEY"),  # the small model: "1.2"
     ("Profits rose to £45.6m last year.", "£45.6m", "MONEY"),
     ("The firm lost 12.4m pounds.", "12.4m pounds", "MONEY"),
     ("Maureen Kelly, 71, from Armley, said she would wait.", "71", "AGE"),
     ("The walker, aged 68, was discharged on Sunday.", "68", "AGE"),
     ("A 3-year-old boy was found alive on Wednesday.", "3-year-old", "AGE"),
     ("The singer died on Sunday at age 71 at his home.", "71", "AGE"),  # not "age 71" DATE
     ("She began playing guitar at the age of 10 in Kentucky.", "10", "AGE"),
     ("He is survived by his wife, Carol Callister, 68; and two sons.", "68", "AGE"),
     ("The park would close at 9pm and open at 7am.", "9pm", "TIME"),
     ("One of the walkers called 999 at 3.20pm from the beach.", "3.20pm", "TIME"),
     ("Doors open at 7.30pm on Friday.", "7.30pm", "TIME"),
     ("He spotted it on 28 November, in 2019.", "2019", "DATE"),
     # a house's number is no count; a count the small model calls a date is a count
     ("Marigold & Vine, 410 Fulton Street.", "410", "ADDRESS"),
     ("I'm giving it two and a half stars out of four.", "two and a half", "CARDINAL"),
     ("He spent two and a half years in Leeds.", "two and a half years", "DATE"),
     # any currency's name after a number makes it a sum, but not a weight's "pounds of"
     ("Tickets cost 200 pesos at the gate.", "200 pesos", "MONEY"),
     ("Each stamp cost 40 cents in 1990.", "40 cents", "MONEY"),
     ("She bought 5 pounds of flour.", "5 pounds", "QUANTITY")],
)
def test_ages_and_joined_words_are_mended(
    app: Footnote, sentence: str, piece: str, label: str
) -> None:
    text = f"A headline\n\n{sentence}"
    added = app.add_text("t", text).article
    value = analyse_sentences(_source(app, added.id))
    labelled = {text[a:b]: lab for row in value["sentences"] for a, b, lab in row[3]}
    assert labelled.get(piece) == label


WIRE = ("(CNN) -- At least 23 people were killed when a bus plunged off a mountain road in "
        "northern Peru, officials said.\n\nThe driver died in the crash, police said.\n")


def test_a_wire_storys_agency_is_no_entity_and_no_speaker(app: Footnote) -> None:
    added = app.add_text("t", WIRE).article
    value = analyse_sentences(_source(app, added.id))
    named = [added.text[a:b] for row in value["sentences"] for a, b, _ in row[3]]
    assert "CNN" not in named and "Peru" in named
    assert all(name[0] != "CNN" for name in value["names"])
    facts = facts_of(app.library("t").snapshot(), added.id)
    lede = facts.sentence_at(added.text.index("At least 23"))
    assert lede is not None and lede.speaker is None


@pytest.mark.parametrize("version", [7, 8, 11])
def test_an_older_packed_analysis_upgrades_to_what_this_version_finds(
    app: Footnote, version: int
) -> None:
    for text in (ARTICLE, WIRE, "A headline\n\nHis mother, Jessica Gallagher, said she was "
                 "relieved. His father, Brian Gallagher, drove home."):
        added = app.add_text("t", text).article
        value = analyse_sentences(_source(app, added.id))
        stored = pack_facts(value)
        assert _upgrade(_PACKED[version - 4], stored, added.text) == value


def test_a_version_7_analysis_loses_its_datelines_agency(app: Footnote) -> None:
    wire = app.add_text("t", WIRE).article
    value = analyse_sentences(_source(app, wire.id))
    as_stored = copy.deepcopy(value)  # version 7 kept "CNN" as an organisation
    cnn = wire.text.index("CNN")
    as_stored["sentences"][0][3].insert(0, [cnn, cnn + 3, "ORG"])
    assert _upgrade(_PACKED[7 - 4], pack_facts(as_stored), wire.text) == value


def _upgraded_as_stored(
    app: Footnote, text: str, version: int, piece: str, stored: Callable[[list[Any]], None]
) -> dict[str, str] | None:
    """Each entity's label after :func:`_upgrade` of ``text``'s analysis as ``version``
    stored it (``stored`` changes the entity over ``piece`` back to that version's), or
    None when the upgrade asks for a new analysis."""
    added = app.add_text("t", text).article
    value = analyse_sentences(_source(app, added.id))
    for row in value["sentences"]:
        for entity in row[3]:
            if text[entity[0]:entity[1]] == piece:
                stored(entity)
    upgraded = _upgrade(version, pack_facts(value), text)
    if upgraded is None:
        return None
    return {text[a:b]: lab for row in upgraded["sentences"] for a, b, lab in row[3]}


@pytest.mark.parametrize(("version", "text", "piece", "stored", "label"), [
    (8, "A 3-year-old boy was found alive on Wednesday by a neighbour.", "3-year-old", "DATE",
     "AGE"),
    (15, "Marigold & Vine, 410 Fulton Street. It gets two and a half stars.", "410",
     "CARDINAL", "ADDRESS"),
    (15, "Marigold & Vine, 410 Fulton Street. It gets two and a half stars.",
     "two and a half", "DATE", "CARDINAL"),
    (16, "The action will affect Hexmoor Rail, which runs trains to the coast.",
     "Hexmoor Rail", "PERSON", "ORG"),
])
def test_an_older_analysis_has_its_entities_mended(
    app: Footnote, version: int, text: str, piece: str, stored: str, label: str
) -> None:
    """An analysis stored by an older version, which labelled ``piece`` ``stored``, is
    upgraded to ``label``: one-word ages (8), house numbers and counts in words (15),
    bodies named like people (16)."""
    labelled = _upgraded_as_stored(app, f"A headline\n\n{text}", _PACKED[version - 4], piece,
                                   lambda entity: entity.__setitem__(2, stored))
    assert labelled is not None and labelled[piece] == label


def test_a_version_10_analysis_has_its_ages_after_age_mended(app: Footnote) -> None:
    text = "A headline\n\nThe singer died on Sunday at age 71 at his home, his publicist said."
    start = text.index("age 71")

    def as_version_10(entity: list[Any]) -> None:  # what the small model tags
        entity[0], entity[2] = start, "DATE"

    labelled = _upgraded_as_stored(app, text, _PACKED[10 - 4], "71", as_version_10)
    assert labelled is not None and labelled.get("71") == "AGE" and "age 71" not in labelled


def test_a_version_9_analysis_has_its_sums_scaled_without_spacy(app: Footnote) -> None:
    text = "A headline\n\nThe council will spend £1.2m on repairs, Jane Smith and Tom Smith said."
    labelled = _upgraded_as_stored(app, text, _PACKED[9 - 4], "£1.2m",
                                   lambda entity: entity.__setitem__(1, entity[1] - 1))
    assert labelled is not None
    assert labelled["£1.2m"] == "MONEY" and "£1.2" not in labelled


@pytest.mark.parametrize(("text", "name", "small_model", "label"), [
    ("Australian teenager Kelsey Varga smashed the record.", "Kelsey Varga", "ORG", "PERSON"),
    ("The fly-half Freddie Burns kicked a penalty.", "Freddie Burns", "ORG", "PERSON"),
    ("Alvaro Benitez, 26, tested positive.", "Alvaro Benitez", "ORG", "PERSON"),
    ("The Brisbane Aquatic Club said it was proud.", "Brisbane Aquatic Club", "ORG", "ORG"),
    ("Fans gathered outside Mestalla Stadium on Monday.", "Mestalla Stadium", "FAC", "FAC"),
    # a person's name by the small model, a body's or a place's by its last word
    ("The action will affect Hexmoor Rail, which runs trains.", "Hexmoor Rail", "PERSON",
     "ORG"),
    ("The homes were built by Coastline Homes in 2019.", "Coastline Homes", "PERSON", "ORG"),
    ("Police closed Mill Lane for an hour.", "Mill Lane", "PERSON", "FAC"),
    # the quiz's head words are the answers' too (bot.name_heads)
    ("Voters backed Harbour Green Party on Thursday.", "Harbour Green Party", "PERSON", "ORG"),
    ("Boats moored along Grand Union Canal all winter.", "Grand Union Canal", "PERSON", "FAC"),
    ("Walkers reached Millbrook Falls at dawn.", "Millbrook Falls", "PERSON", "LOC"),
    ("The fall was reported by Margaret Lane, a neighbour.", "Margaret Lane", "PERSON",
     "PERSON"),  # a first name opens it
    ("It was Mr Lane Smith who found it.", "Lane Smith", "PERSON", "PERSON"),
    ("The report was by Hexmoor Smith.", "Hexmoor Smith", "PERSON", "PERSON"),
])
def test_a_name_is_a_person_s_a_body_s_or_a_place_s_by_its_words(
    text: str, name: str, small_model: str, label: str
) -> None:
    """A word for a person before a name the small model called a body or a place makes it
    a person's ("Australian teenager Kelsey Varga"); the last word of one it called a
    person, a body's or a place's ("Hexmoor Rail", learners_dev; "Mill Lane"), unless it
    opens on a first name or a word for a person comes before it."""
    start = text.index(name)
    assert _mend_entity(text, start, start + len(name), small_model)[2] == label


def test_a_known_surname_opening_a_sentence_is_a_person_entity(app: Footnote) -> None:
    text = ("Record\n\nHer coach, Graham Pettit, watched from the stands.\n\nPettit, 58, who has "
            "coached at the Brisbane Aquatic Club, said she had trained hard.\n\n\"Pettit "
            "knows\" is what the swimmers say.\n")
    added = app.add_text("t", text).article
    value = analyse_sentences(_source(app, added.id))
    labelled = [(text[a:b], label) for row in value["sentences"] for a, b, label in row[3]
                if a >= text.index("Pettit, 58")]
    assert labelled[0] == ("Pettit", "PERSON")  # the sentence's first word: "who" can mark it
    quoted = text.index('"Pettit') + 1  # after a quotation mark: a mention, not an entity
    assert not any(a == quoted for row in value["sentences"] for a, _, _ in row[3])


def test_an_analysis_of_the_tokenizer_before_gets_todays_stems_without_analysing_again(
    app: Footnote, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tokenizer 2 read "U.S." as "u": a sentence's stored stems are tokenized again, and
    nothing else is analysed."""
    text = ("Troops to stay\n\nThe U.S. will keep 2,500 troops there, officials in "
            "Washington, D.C., said on Monday.")
    added = app.add_text("t", text).article
    lib = app.library("t")
    value = analyse_sentences(_source(app, added.id))
    old = copy.deepcopy(value)
    for row in old["sentences"]:
        row[2] = [{"us": "u", "dc": "d"}.get(s, s) for s in row[2]]
    assert old != value
    version = 100 * (SENTENCE_ANALYSER.version // 100) + 2
    lib.store.set_analysis(added.id, SENTENCE_ANALYSER.kind, version, pack_facts(old))

    def analysing(_: ArticleSource) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(ArticleSource, "spacy_docs", analysing)
    facts = facts_of(lib.snapshot(), added.id)
    _same(_from_json(value), facts)
    assert any("us" in s.stems and "dc" in s.stems for s in facts.sentences.values())
    assert lib.store.analysis(added.id, SENTENCE_ANALYSER.kind) == (
        SENTENCE_ANALYSER.version, pack_facts(value))
