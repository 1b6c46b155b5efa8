"""The quiz's building blocks one by one: same-name checks, wrong options of the right
form, questions turned from sentences, negations, and what gives an answer away."""

from __future__ import annotations

import random
import re

import pytest

from bot.nlp import get_nlp
from bot.quiz.analyse import _with_time_of_day, quotation_open
from bot.quiz.distractors import (
    choose,
    date_shape,
    number_candidates,
    perturb_number,
    perturb_relative_date,
)
from bot.quiz.draw import draw, mentions, reveals
from bot.quiz.entities import clean_entity
from bot.quiz.generate import _the_fits, _unlinked
from bot.quiz.item import PHRASE
from bot.quiz.negate import negated
from bot.quiz.phrases import noun_phrases
from bot.quiz.text import are_variants, fits_type, gives_away, names_too_little
from bot.quiz.wh import draft, grammatical
from tests.quiz.support import make_question


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


# -- same name or not -----------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Bailey", "Simon Bailey"), ("Mr Bailey", "Simon Bailey"), ("Bailey’s", "Bailey"),
    ("BAILEY", "bailey"), ("UK", "United Kingdom"), ("Sky", "BSkyB"), ("1990", "November 1990"),
    ("four", "4"), ("EU", "European Union"), ("Normandy", "Normandie"), ("the BBC", "BBC"),
])
def test_variants(a, b):
    assert are_variants(a, b) and are_variants(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Google", "Facebook"), ("New York", "New Zealand"), ("1990", "1991"), ("Norfolk", "Suffolk"),
    ("Simon Bailey", "Jane Ortiz"),
])
def test_not_variants(a, b):
    assert not are_variants(a, b)


# -- wrong options --------------------------------------------------------------------------

def test_choose_rejects_variants_other_types_and_the_sentence():
    picked = choose("Bailey", "PERSON",
                    [["Simon Bailey", "Mr Bailey", "1990", "Google", "BAILEY", "Khan",
                      "Ortiz", "Reed", "Evans"], []], random.Random(0),
                    forbidden_text="Mr Bailey met Khan.")
    assert len(picked) == 3
    for d in picked:
        assert not are_variants(d, "Bailey") and fits_type("PERSON", d)
        assert d not in {"1990", "Khan"}


def test_choose_prefers_the_article_then_similar_form():
    picked = choose("1990", "DATE", [["2014", "1066", "last month"], [], ["1993", "1995"]],
                    random.Random(0))
    assert "2014" in picked and "1066" in picked and "last month" not in picked


@pytest.mark.parametrize(("answer", "wrong"), [
    ("the weekend", "thirty years"), ("last month", "six days"), ("1990", "May 1990"),
    ("six weeks", "six years"), ("2016", "the 1920s"), ("March", "next spring"),
])
def test_dates_of_another_kind_are_never_options(answer, wrong):
    assert date_shape(answer) != date_shape(wrong)
    assert wrong not in choose(answer, "DATE", [[wrong]], random.Random(0))


@pytest.mark.parametrize(("answer", "wrong"), [
    ("200", "3 million"), ("£1.2m", "1,200"), ("12 per cent", "12"), ("£4,500", "4,500"),
])
def test_amounts_keep_their_unit_and_scale(answer, wrong):
    label = "MONEY" if "£" in answer else "PERCENT" if "cent" in answer else "CARDINAL"
    assert wrong not in choose(answer, label, [[wrong]], random.Random(0))


@pytest.mark.parametrize(("text", "label", "pattern"), [
    ("1990", "DATE", r"^\d{4}$"), ("November 1990", "DATE", r"^November \d{4}$"),
    ("90.04%", "PERCENT", r"^\d+\.\d\d%$"), ("four", "CARDINAL", r"^[a-z]+$"),
    ("the 10th and 11th centuries", "DATE", r"^the \d+(st|nd|rd|th) and \d+(st|nd|rd|th) "),
    ("£1.3bn", "MONEY", r"^£\d+\.\dbn$"), ("1990s", "DATE", r"^\d{3}0s$"),
    ("2,000", "CARDINAL", r"^\d,\d{3}$"),
])
def test_perturbed_numbers_keep_their_shape(text, label, pattern):
    out = perturb_number(text, label, random.Random(1))
    assert len(out) >= 3 and text not in out
    for candidate in out:
        assert re.search(pattern, candidate), candidate
        assert not are_variants(candidate, text)
        assert date_shape(candidate) == date_shape(text) or label != "DATE"


def test_relative_dates_stay_relative():
    assert set(perturb_relative_date("last month")) == {
        "next month", "this month", "last week", "last year"}
    assert number_candidates("last month", "DATE", random.Random(0))
    assert number_candidates("Simon Bailey", "PERSON", random.Random(0)) == []  # names: never


# -- questions turned from sentences --------------------------------------------------------

def _draft(nlp, sentence: str, fact: str, label: str, person: bool = False) -> str | None:
    doc = nlp(sentence)
    start = sentence.index(fact)
    span = doc.char_span(start, start + len(fact))
    made = draft(doc[:], span, label, person=person)
    if made is None:
        return None
    from bot.quiz.wording import default_wording

    question = made.template.replace("{wh}", default_wording().wh_word(made.key))
    return question[:1].upper() + question[1:]


@pytest.mark.parametrize(("sentence", "fact", "label", "person", "expected"), [
    ("But he ruled out working with socalled paedophile hunters, saying the vigilante groups "
     "often frustrated police investigations.", "socalled paedophile hunters", PHRASE, True,
     "Who did he rule out working with?"),
    ("Simon Bailey said fining tech giants was a drop in the ocean.", "Simon Bailey",
     "PERSON", False, "Who said fining tech giants was a drop in the ocean?"),
    ("Following a campaign, the Government last month announced plans to introduce new laws.",
     "last month", "DATE", False, "When did the Government announce plans to introduce new "
     "laws?"),
    ("The plan would bring 200 new jobs to the town.", "200", "CARDINAL", False,
     "How many new jobs would the plan bring to the town?"),
    ("The council will sell the old depot in March.", "the old depot", PHRASE, False,
     "What will the council sell in March?"),
    ("The club was founded in 1899 by workers at the ironworks.", "1899", "DATE", False,
     "When was the club founded by workers at the ironworks?"),
])
def test_wh_questions(nlp, sentence, fact, label, person, expected):
    assert _draft(nlp, sentence, fact, label, person) == expected
    assert grammatical(expected, nlp)


@pytest.mark.parametrize(("sentence", "fact", "label"), [
    ("He said firms such as Google and Facebook had failed to act.", "Google", "ORG"),  # a list
    ("The vote was carried by 23 votes to 11.", "23", "CARDINAL"),  # a score
    ("The club, which Jane Ortiz founded, meets weekly.", "Jane Ortiz", "PERSON"),  # relcl
    ("Anglian Water asked households in Costessey to boil water.", "Costessey", "ORG"),
    ("The trust has recruited 52 new staff for the unit, including four consultant "
     "geriatricians.", "four consultant geriatricians", PHRASE),  # an example, no answer
])
def test_no_question_when_it_cannot_be_clean(nlp, sentence, fact, label):
    question = _draft(nlp, sentence, fact, label)
    assert question is None or (grammatical(question, nlp) and "to 11" not in question
                                and not question.endswith("including?"))


@pytest.mark.parametrize(("sentence", "fact", "expected"), [
    ("The A39 was closed for six hours after the crash.", "The A39",
     "Which road was closed for six hours after the crash?"),
    ("Interstate 10 reopened on Friday after the floods.", "Interstate 10",
     "Which road reopened on Friday after the floods?"),
    ("Bodmin Moor was closed to walkers after the fire.", "Bodmin Moor",
     "Which place was closed to walkers after the fire?"),
])
def test_a_road_by_its_number_is_asked_which_road(nlp, sentence, fact, expected):
    assert _draft(nlp, sentence, fact, "FAC") == expected


def test_a_question_keeps_to_its_sentence(nlp):
    """A live post's time parsed into the subject ("13:10 Police") is not the sentence's
    (the quiz starts it after the time): the question leaves it out."""
    text = "13:10 Police have closed the coast road after shingle was thrown across it."
    doc = nlp(text)
    sent = doc.char_span(len("13:10 "), len(text))
    start = text.index("the coast road")
    made = draft(sent, doc.char_span(start, start + len("the coast road")), PHRASE)
    assert made is not None and "13:10" not in made.template


@pytest.mark.parametrize("bad", [
    "The council sold what?", "Did what the council sell?", "Who who said it?",
    "What did the council sold?", "When did, the council sell the depot?",
])
def test_grammar_check_refuses_broken_questions(nlp, bad):
    assert not grammatical(bad, nlp)


# -- negations for true/false ---------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Government last month announced plans to introduce new laws.",
     "The Government last month did not announce plans to introduce new laws."),
    ("Mr Bailey said he feared the sanctions might not be enough.", None),
    ("Mr Bailey said the sanctions might not be enough.",
     "Mr Bailey said the sanctions might be enough."),
    ("The council will sell the depot.", "The council will not sell the depot."),
    ("The depot was empty for eight years.", "The depot was not empty for eight years."),
    ("He said he had seen nothing to give him confidence.", None),  # no double negative
    ("“The brand matters,” he said.", None),  # never the saying, never inside a quote
    ("Her mother-in-law, who was sleeping in the same house, has not yet been found.",
     "Her mother-in-law, who was sleeping in the same house, has already been found."),
    ("The body has not been found yet.", None),  # "has been found yet": no sentence
    ("Police did not find any evidence of a break-in.", None),
    ("The regulator can issue fines.", "The regulator cannot issue fines."),
    ("The regulator cannot issue fines.", "The regulator can issue fines."),
    ("There was little downside to the advice.", None),  # not "not little"
    ("For Alvarado, the reunion is only the beginning.", None),  # not "not only"
    ("Few people were hurt in the blast.", None),
    ("Some residents opposed the plan.", None),  # "some did not oppose" may be true too
    ("Many of the shops were closed.", None),
    ("Two men were arrested at the scene.", "Two men were not arrested at the scene."),
])
def test_negations(nlp, sentence, expected):
    doc = nlp(sentence)
    assert negated(doc[:]) == expected


# -- what gives an answer away ---------------------------------------------------------------

def test_gives_away():
    assert gives_away("Simon Bailey", "_____ met Mr Bailey.")
    assert gives_away("Normans", "The Norman _____ ...")
    assert not gives_away("Simon Bailey", "_____ said fining tech giants was a drop.")
    assert gives_away("1990", "In _____ sales were double those of 1990.")


def test_one_question_may_give_another_away():
    who = make_question("Simon Bailey", "PERSON", "short_answer")
    shows = make_question("the dark web", PHRASE, "fill_blank")
    shows = shows.__class__(**{**shows.__dict__, "id": "q2", "quote_start": 50,
                               "question": "Mr Bailey said the _____ was harder to police."})
    assert reveals(shows, who) and not reveals(who, shows)
    assert mentions("last month", "DATE", "The Government last month announced") is True
    assert mentions("200", "CARDINAL", "It would bring two hundred jobs") is True
    same = who.__class__(**{**who.__dict__, "id": "q3", "quote_start": 90})
    assert reveals(same, who)  # one answer for two questions
    assert len(draw([who, shows, same], 3, random.Random(0))) == 1  # each pair clashes


def test_a_quiz_mixes_the_kinds_even_when_the_bank_is_mostly_true_or_false():
    """A long article makes a true/false item of nearly every sentence; a quiz drawn from
    such a bank still takes the kinds in turn."""
    from dataclasses import replace

    base = {"true_false": 30, "multiple_choice": 5, "fill_blank": 5, "short_answer": 5}
    bank = [replace(make_question(f"Answer{kind}{i}x", "PERSON", kind), id=f"{kind}{i}",
                    quote_start=1000 * n + i, question=f"Question {kind} {i}?")
            for n, (kind, count) in enumerate(base.items()) for i in range(count)]
    for seed in range(20):
        picked = draw(bank, 8, random.Random(seed))
        kinds = [q.kind for q in picked]
        assert len(picked) == 8 and {kinds.count(k) for k in base} == {2}, kinds
    tail = draw(bank, 45, random.Random(1))
    assert len(tail) == 45  # nothing is lost: the rest of the largest kind comes last


LYME = ("Lyme disease is the most common vector-borne illness in the United States. The "
        "company's laboratory is in San Francisco. Talks with the Netherlands broke down.")


@pytest.mark.parametrize(("before", "swap", "label", "expected"), [
    # the article writes "in San Francisco", never "the San Francisco"
    ("Lyme disease is the most common vector-borne illness in the ", "San Francisco", "GPE",
     "Lyme disease is the most common vector-borne illness in "),
    ("The ", "San Francisco", "GPE", ""),
    ("Talks with the ", "Netherlands", "GPE", "Talks with the "),  # it writes "the Netherlands"
    ("Talks with the ", "Swedes", "NORP", "Talks with the "),  # not a name of one thing
    ("It said the ", "Fenshire", "GPE", "It said the "),  # never seen after a preposition
])
def test_a_name_swapped_in_keeps_the_only_when_it_takes_one(
        before: str, swap: str, label: str, expected: str) -> None:
    """A false statement swapped "San Francisco" for "the United States" and read "in the
    San Francisco"."""
    assert _the_fits(before, swap, label, LYME) == expected


@pytest.mark.parametrize(("text", "found", "expected"), [
    ("confirmed on Friday afternoon by", [(13, 19, "DATE"), (20, 29, "TIME")],
     [(13, 29, "TIME")]),
    ("held last Thursday evening.", [(5, 18, "TIME"), (19, 26, "TIME")], [(5, 26, "TIME")]),
    ("on Friday, afternoon tea", [(3, 9, "DATE"), (11, 20, "TIME")],
     [(3, 9, "DATE"), (11, 20, "TIME")]),  # a comma between: two things
    ("at 9pm on Monday", [(3, 6, "TIME"), (10, 16, "DATE")], [(3, 6, "TIME"), (10, 16, "DATE")]),
])
def test_a_day_and_the_part_of_it_are_one_time(
        text: str, found: list[tuple[int, int, str]], expected: list[tuple[int, int, str]]) -> None:
    """"When was the outbreak confirmed?" was keyed on "afternoon" of "on Friday afternoon"
    (the small model's DATE "Friday" and TIME "afternoon"), hiding the day."""
    assert _with_time_of_day(text, found) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("And he said the networks were spreading.", "He said the networks were spreading."),
    ("However, the report gets one thing wrong.", "The report gets one thing wrong."),
    ("But as Harper Lee saw it, it was not fit.", "As Harper Lee saw it, it was not fit."),
    ("Yet, with time, they came to be Irish.", "With time, they came to be Irish."),
    ("However, in _____, Lee stated it.", "In _____, Lee stated it."),
    ("And iPod sales rose.", "iPod sales rose."),  # a name's own case kept
    ("So did my son, in 2009.", "So did my son, in 2009."),  # "so" here is no link
    ("However high the cost, they paid.", "However high the cost, they paid."),
    ("Andrew said it was _____.", "Andrew said it was _____."),
])
def test_a_statement_stands_without_its_link_to_the_sentence_before(
        text: str, expected: str) -> None:
    """"True or false? And [Simon Bailey] said ..." and "Fill in the blank: However, the
    composer ..." began with a word tying the sentence to one the quiz does not show."""
    assert _unlinked(text) == expected


@pytest.mark.parametrize(("question", "vague"), [
    ("What rises?", True),
    ("What were they?", True),
    ("What did this provide?", True),
    ("What would it be?", True),
    ("What does BSkyB have?", True),
    ("Who was cracked?", True),
    ("Who has stayed with Labour?", False),
    ("When did the group change their name?", False),
    ("How many people use this method for their daily drinking water?", False),
    ("Where are its corporate headquarters based?", False),
    ("How long did Halden Way stay shut?", False),
])
def test_a_question_must_say_what_it_is_about(question: str, vague: bool) -> None:
    """"What rises? (Warm air)", "What were they? (foreign participants)": a question that
    names nothing but one word cannot be answered without seeing its sentence."""
    assert names_too_little(question) == vague


@pytest.mark.parametrize(("question", "hanging"), [
    ("When did the girls begin recording their debut album, the Knowles family reunited, "
     "and?", True),
    ("What does the game take place hundreds of years after Majora's Mask, in?", True),
    ("What does Lee treat, however?", True),
    ("Which law is it responsible for managing those areas, by?", True),
    ("Who held the seat with a majority of 3,488?", False),
    ("What derailed in Hui County, Gansu?", False),
])
def test_a_question_leaves_no_clause_hanging(nlp, question: str, hanging: bool) -> None:
    """"When did the girls begin recording ..., the Knowles family reunited, and?" was
    asked: the question's words stop where the sentence's next clause began."""
    assert grammatical(question, nlp) is not hanging


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Maths remained the most popular subject, with 100,000 entries.", "most popular subject"),
    ("It was the least expensive option.", "least expensive option"),
    ("The firm made the more expensive cars.", "more expensive cars"),
])
def test_a_superlative_keeps_its_degree(nlp, sentence: str, phrase: str) -> None:
    """"What did maths remain?" was keyed "popular subject": the "most" of "the most
    popular subject" was dropped with the weak modifiers (the "most" of "most councils")."""
    doc = nlp(sentence)
    found = [sentence[s:e] for s, e, _ in noun_phrases(doc, 0, len(sentence))]
    assert phrase in found, found


@pytest.mark.parametrize("sentence", [
    "Twilight Princess was considered the greatest entry in the series by many critics.",
    "The city has been ranked the most photographed city in the world by several sources.",
])
def test_a_superlative_is_not_cut_from_what_it_is_the_best_of(nlp, sentence: str) -> None:
    """"What was Twilight Princess considered?" was keyed "greatest entry": the greatest of
    what, "in the series", was left behind."""
    found = [sentence[s:e] for s, e, _ in noun_phrases(nlp(sentence), 0, len(sentence))]
    assert not any(f.split()[0].lower() in {"greatest", "most"} for f in found), found


def test_most_as_a_determiner_still_goes(nlp) -> None:
    sentence = "Most local councils raised their parking charges."
    found = [sentence[s:e] for s, e, _ in noun_phrases(nlp(sentence), 0, len(sentence))]
    assert "local councils" in found and not any(f.startswith("Most") for f in found), found


@pytest.mark.parametrize(("text", "entity"), [
    ("the U.S. Patent and Trademark Office", "U.S."),
    ("in Washington, D.C.", "D.C."),
    ("the BBC.", "BBC"),
    ("Sky's", "Sky"),
    ("the U.S", "U.S"),
])
def test_an_initialism_keeps_its_full_stop(text: str, entity: str) -> None:
    """"Fill in the blank: ... with the _____. Patent and Trademark Office" (key "U.S"):
    the last full stop of "U.S." was trimmed as if it ended the sentence."""
    at = text.index(entity.rstrip(".").split(".")[0])
    start, end = clean_entity(text, at, min(len(text), at + len(entity) + 1))
    assert text[start:end] == entity


@pytest.mark.parametrize(("before", "inside"), [
    ('"It was a dream come true," Okafor said. "', True),
    ("“We have tested every tram. ", True),
    ("“We have tested every tram,” she said. ", False),
    ('He said it was "adequate but not comfortable". ', False),
    ("", False),
])
def test_a_sentence_inside_a_quotation_begun_before_is_not_asked(
        before: str, inside: bool) -> None:
    """"True or false? My mum and my two brothers were in the stand ..." showed a
    footballer's words without him (the quotation opened a sentence before)."""
    assert quotation_open(before) is inside


@pytest.mark.parametrize(("sentence", "fact", "expected"), [
    ("Official figures stated that 69,197 people were confirmed dead in the province.",
     "Official figures", "What stated that 69,197 people were confirmed dead in the "
     "province?"),
    ("Official figures revealed that waiting lists had grown again.", "Official figures",
     "What revealed that waiting lists had grown again?"),
    ("Estate agents said buyers in the capital had been hit hard by the change.",
     "Estate agents", "Who said buyers in the capital had been hit hard by the change?"),
    ("The editorial team warned Lee that she would sell only several thousand copies.",
     "editorial team", "Who warned Lee that she would sell only several thousand copies?"),
])
def test_who_says_something_is_asked_with_who_only_for_people(
        nlp, sentence: str, fact: str, expected: str) -> None:
    """"Who stated that 69,197 were confirmed dead ...?" was keyed "Official figures":
    whoever says something was asked for with "who", even figures and reports."""
    assert _draft(nlp, sentence, fact, PHRASE) == expected


@pytest.mark.parametrize(("question", "ok"), [
    ("What is for 92% of patients to begin treatment within 18 weeks of referral?", False),
    ("What was for every pupil to have a laptop by the end of the year?", False),
    ("What is that prices will rise again next year?", False),
    ("What is for sale at the market on Sunday?", True),
    ("What is in the box that arrived yesterday?", True),
    ("Who is to blame for the collapse of the bank?", True),  # "be to": who must
    ("What is due to open in the spring?", True),
    ("Who said that prices will rise again next year?", True),
])
def test_a_question_of_what_something_is_needs_a_thing_to_be(nlp, question: str,
                                                             ok: bool) -> None:
    """"What is for 92% of patients to begin treatment ...?" was asked of "The national
    target is for 92% of patients to begin treatment ...": a sentence saying what its
    subject is (a target, a worry) by a clause has no question with the subject asked."""
    assert grammatical(question, nlp) is ok


def test_a_target_of_a_clause_is_asked_another_way(nlp) -> None:
    sentence = ("The national target is for 92% of patients to begin treatment within 18 "
                "weeks of referral.")
    question = _draft(nlp, sentence, "national target", PHRASE)
    assert question is None or not grammatical(question, nlp)


@pytest.mark.parametrize(("sentence", "fact"), [
    ("The aim is to cut waiting lists by half before the next election.", "aim"),
    ("The government's main goal is to cut waiting lists by half.", "main goal"),
    ("The plan is to reopen the station by the end of the year.", "plan"),
    ("The target is to treat 92% of patients within 18 weeks of referral.", "target"),
])
def test_an_aim_said_by_a_clause_is_not_asked_for(nlp, sentence: str, fact: str) -> None:
    """"What is to cut waiting lists?" was asked of "The aim is to cut waiting lists ...",
    keyed "aim": it parses as "Who is to blame?" does, but asks what is a clause."""
    question = _draft(nlp, sentence, fact, PHRASE)
    assert question is None or not grammatical(question, nlp), question


@pytest.mark.parametrize(("sentence", "fact", "expected"), [
    ("The council is to close three libraries next year.", "council",
     "What is to close three libraries next year?"),
    ("The new bridge is to open to traffic in the spring.", "new bridge",
     "What is to open to traffic in the spring?"),
])
def test_what_a_thing_is_to_do_is_still_asked(nlp, sentence: str, fact: str,
                                             expected: str) -> None:
    """"X is to close ...", news for "X will close ...", is asked as before: the council
    is the one that closes, an aim is not the one that cuts."""
    assert _draft(nlp, sentence, fact, PHRASE) == expected


def test_a_place_joined_by_and_is_not_cut_from_a_question(nlp) -> None:
    """"Who has held Hastings?" was asked of "Sarah Kenning has held Hastings and Rye
    ...": the small model parsed "Rye" as a verb joined by "and", and the question left
    it out as a clause of its own."""
    sentence = ("Sarah Kenning has held Hastings and Rye for Labour with a majority of "
                "3,488 after a recount.")
    assert _draft(nlp, sentence, "Sarah Kenning", "PERSON") == (
        "Who has held Hastings and Rye for Labour with a majority of 3,488 after a recount?")
