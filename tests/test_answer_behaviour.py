"""What answering does beyond picking a sentence (issue 8), with the real model: follow-ups
that read the previous answer, libraries of several articles, the span that answers,
and how a hedge and a span are shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import prompts
from bot.conversation import Quoted, Turn, context_after
from bot.models import Answer, Citation
from bot.render_text import BOLD, answer_json, answer_text
from bot.service import Footnote

pytestmark = pytest.mark.model

NATURAL = Path(__file__).resolve().parent / "data" / "natural"
HEDGE = prompts.load("answers")["hedge"]["text"].split("{answer}")[0]


@pytest.fixture
def newsroom(real_app: Footnote) -> Footnote:
    """The seed article (default library) plus the bus fares and York floods stories."""
    for name in ("bus-fares-cap.txt", "york-floods.txt"):
        real_app.add_file("default", NATURAL / name)
    return real_app


def _title(app: Footnote, word: str) -> str:
    return next(a.title for a in app.list_articles("default") if word in a.title)


def _chain(app: Footnote, *questions: str) -> list[Answer]:
    """Ask one question after another, each following up on the answers before it."""
    answers: list[Answer] = []
    previous: Turn | str | None = None
    for question in questions:
        answer = app.ask("default", question, previous=previous)
        answers.append(answer)
        previous = context_after(answer, previous)
    return answers


# --- follow-ups ---------------------------------------------------------------------

def test_who_said_that_names_the_speaker_of_the_quoted_sentence(real_app: Footnote) -> None:
    first, said = _chain(real_app, "what did he say about the dark web", "who said that?")
    assert "dark web" in first.citations[0].quote
    assert not said.declined and said.text.startswith("Simon Bailey said that")
    named = said.citations[-1]
    start, end = named.answer_span
    assert named.quote[start:end] in ("Bailey", "Simon Bailey")


def test_who_said_that_names_who_said_it_not_who_it_was_said_of(real_app: Footnote) -> None:
    real_app.add_text("default", (
        "Leicester win the cup\n\nThe Leicester head coach, Dan McKellar, said his side had "
        "lost their captain, Julian Montoya, to a shoulder injury.\n\nMcKellar said Montoya "
        "would have a scan on Monday and could miss up to six weeks.\n"))
    first, said = _chain(real_app, "how long will montoya be out", "who said that?")
    assert "six weeks" in first.citations[0].quote
    assert said.text.startswith("Dan McKellar said that"), said.text


def test_a_follow_up_asking_how_far_stays_with_the_article_talked_about(
    real_app: Footnote
) -> None:
    real_app.add_text("default", (
        "Tigers win the cup\n\nThe fly-half Freddie Burns kicked a late penalty to win the "
        "cup.\n\nBurns struck the kick from 48 metres as the clock went red.\n"))
    real_app.add_text("default", (
        "Swimmer breaks record\n\nKelsey Varga turned in fourth place at the 100-meter mark "
        "before a final 50 meters that left the field trailing.\n"))
    first, far = _chain(real_app, "who kicked the penalty", "how far out was it")
    assert "Burns" in first.citations[0].quote
    c = far.citations[0]
    assert c.quote[slice(*c.answer_span)] == "48 metres", c.quote  # not the pool's 100-meter


@pytest.mark.parametrize(("bare", "span"), [("for how long?", "two years"),
                                             ("when", "Monday")])
def test_a_bare_follow_up_is_answered_from_the_sentence_just_quoted(
    real_app: Footnote, bare: str, span: str
) -> None:
    real_app.add_text("default", (
        "Midfielder banned\n\nMidfielder Alvaro Benitez has been banned from football for two "
        "years after testing positive for a steroid, the federation said on Monday.\n\nFans "
        "said they had been waiting a long time for a title.\n"))
    first, then = _chain(real_app, "who got banned from football", bare)
    assert "banned from football" in first.citations[0].quote
    c = then.citations[0]
    assert c.quote == first.citations[0].quote and c.quote[slice(*c.answer_span)] == span


POTHOLES = (
    "Council to spend extra £12m on potholes after record compensation claims\n\n"
    "Lincolnshire County Council will spend an extra £12 million on road repairs this year "
    "after drivers made a record number of compensation claims for damage caused by "
    "potholes.\n\nThe council received 2,840 claims in the year to January, more than double "
    "the 1,310 of the year before, and paid out £486,000 to motorists and cyclists.\n\n"
    "Most claims were for burst tyres, broken suspension springs and damaged wheels.\n\n"
    "Highways officers reported 61,000 potholes in 2024, up from 44,000 in 2023, which they "
    "blamed on a wet winter followed by weeks of freezing nights.\n\nThe extra money comes "
    "from the council's reserves and a share of a national fund announced by the Department "
    "for Transport in December.\n\nIt will pay for a new \"dragon patcher\" machine, which "
    "can fill a pothole in about eight minutes, and for resurfacing 90 miles of rural "
    "roads.\n\nCouncillor Peter Hollis, executive member for highways, said: \"Patching "
    "holes one at a time is like bailing out a boat with a teaspoon. We need to resurface "
    "whole stretches before they break up.\"\n")


def test_for_what_after_an_answer_is_read_with_the_question_before_it(
    real_app: Footnote
) -> None:
    real_app.add_text("default", POTHOLES)
    first, then = _chain(real_app, "how many claims were there", "for what?")
    assert "2,840" in first.citations[0].quote
    assert "burst tyres" in then.citations[0].quote, then.citations[0].quote  # asked alone,
    # "for what?" quoted the councillor


def test_when_after_who_wrote_it_asks_when_it_was_published(real_app: Footnote) -> None:
    real_app.add_text("bins", (
        "Bristol Post\n\nBristol to move to three-weekly bin collections\n\nBy Tom Ashby\n\n"
        "Published Wednesday, 19 February 2025\n\nBins will be emptied every three weeks from "
        "June, the council said.\n"))
    wrote = real_app.ask("bins", "who wrote this")
    when = real_app.ask("bins", "when?", previous=context_after(wrote, None))
    assert "Tom Ashby" in wrote.text
    assert "2025-02-19" in when.text, when.text  # not "June", the change's start


def test_who_said_that_of_a_sentence_nobody_says(real_app: Footnote) -> None:
    first, said = _chain(real_app, "what kind of content could get platforms fined",
                         "who said that")
    assert first.citations[0].quote.startswith("Platforms hosting content")
    assert said.text == prompts.load("answers")["follow_up"]["no_speaker"]
    assert said.citations[0].quote == first.citations[0].quote


def test_whats_his_name_resolves_his(real_app: Footnote) -> None:
    first, name = _chain(real_app, "who is the chief constable for norfolk", "what's his name")
    assert "Simon Bailey" in first.citations[0].quote
    assert name.text.startswith("That is Simon Bailey")
    c = name.citations[0]
    assert c.quote[c.answer_span[0]:c.answer_span[1]] == "Simon Bailey"


HEAD_QUITS = """Falmouth head quits after damning report

The headteacher of a Falmouth primary school has resigned after inspectors rated it \
inadequate.

Headteacher Marcus Penrose, who had led Trevellas Primary for six years, said he was proud \
of his staff.

Parents said they were shocked by the news. He will stay on until Easter.
"""


@pytest.mark.parametrize(("then", "named"), [
    ("whats his name", "Marcus Penrose"),  # the lead gives the role, the next its holder
    ("what's her name", None),  # the article calls him "he": not him
])
def test_whats_his_name_after_a_lead_that_names_nobody(
    real_app: Footnote, then: str, named: str | None
) -> None:
    real_app.add_text("school", HEAD_QUITS)
    real_app.add_text("school", SPILLS)  # two stories: no "main person" of the library
    first = real_app.ask("school", "why did the falmouth headteacher resign")
    assert first.citations[0].quote.startswith("The headteacher of a Falmouth")
    answer = real_app.ask("school", then, previous=context_after(first, None))
    if named is None:
        assert not answer.text.startswith("That is"), answer.text
    else:
        assert answer.text.startswith(f"That is {named}"), answer.text
        c = answer.citations[0]
        assert c.quote[c.answer_span[0]:c.answer_span[1]] == named


@pytest.mark.parametrize("named", [
    "Headteacher Andrew Pilling, who had led the school for nine years, told parents in a "
    "letter that he was stepping down.",
    "Andrew Pilling, the school's headteacher for nine years, told parents in a letter that "
    "he was stepping down.",
])
def test_whats_his_name_after_a_lead_is_whom_the_story_gives_its_role(
        real_app: Footnote, named: str) -> None:
    """The lead gives a role ("The headteacher of an Oldham secondary school"), a later
    sentence (not the next) its holder: "whats his name" is him, not the trust's chief
    executive quoted in between."""
    real_app.add_text("school", (
        "Oldham head quits after academy rated inadequate\n\nThe headteacher of an Oldham "
        "secondary school has resigned after inspectors rated it \"inadequate\".\n\nOfsted "
        "placed Moorside Park Academy in special measures following a two-day inspection in "
        "November.\n\nThe trust's chief executive, Mark Haworth, said it would spend £400,000 "
        f"on extra staff, and that he was sorry.\n\n{named}\n"))
    real_app.add_text("school", SPILLS)
    first = real_app.ask("school", "why did the head at that oldham school quit")
    assert first.citations[0].quote.startswith("The headteacher of an Oldham"), first.text
    answer = real_app.ask("school", "whats his name", previous=context_after(first, None))
    assert answer.text.startswith("That is Andrew Pilling"), answer.text


COMET = """Retired postman discovers comet

A retired postman from Cornwall has discovered a comet that could be visible to the naked \
eye next spring, astronomers have confirmed.

Geoff Trelawny, 67, spotted the faint smudge of light on images he took with a telescope \
in his back garden near Truro.

He said he had spent about 15 years searching the sky on clear nights.
"""


@pytest.mark.parametrize("question", ["who is geoff trelawny", "what does trelawny do"])
def test_who_someone_is_is_the_role_the_lead_opens_on(real_app: Footnote, question: str
                                                       ) -> None:
    """The lead gives the role ("A retired postman from Cornwall"), the next sentence the
    name and no role: who he is quotes both, the role marked."""
    real_app.add_text("sky", COMET)
    answer = real_app.ask("sky", question)
    first, named = answer.citations
    assert first.quote.startswith("A retired postman") and named.quote.startswith("Geoff")
    assert first.quote[slice(*first.answer_span)] == "A retired postman", answer.text


def test_whats_her_name_after_an_answer_quoting_a_lead_and_another_story(
        real_app: Footnote) -> None:
    """An answer may quote two stories (a lead, then another story's sentence): a follow-up
    read past the lead reads that story's sentences with its own analysis (it read the
    other story's with the lead's: the wrong people, or an IndexError)."""
    real_app.add_text("two", HEAD_QUITS)
    real_app.add_text("two", SPILLS)
    snapshot = real_app.library("two").snapshot()
    head, spills = sorted(snapshot.articles)
    lead = snapshot.articles[head].text.index("The headteacher of a Falmouth")
    lead_end = snapshot.articles[head].text.index("inadequate.") + len("inadequate.")
    other = next(iter(snapshot.articles[spills].text.split("\n\n")[1:]))
    at = snapshot.articles[spills].text.index(other)
    turn = Turn("why did the head quit", (Quoted(head, lead, lead_end),
                                          Quoted(spills, at, at + len(other))))
    answer = real_app.ask("two", "whats his name", previous=turn)
    assert answer.text.startswith("That is Marcus Penrose"), answer.text
    assert not real_app.ask("two", "whats her name", previous=turn).declined


def test_whats_her_name_of_a_story_about_a_man_names_nobody(real_app: Footnote) -> None:
    """Asked first of one story, "what's her name" is its main person's only if the story
    does not call them "he" (it named Marcus Penrose)."""
    real_app.add_text("school", HEAD_QUITS)
    answer = real_app.ask("school", "what's her name")
    assert not answer.text.startswith("That is"), answer.text
    assert real_app.ask("school", "what's his name").text.startswith("That is Marcus Penrose")


LAUNCH = """Space agency launches comet probe

The European Space Agency launched a £900 million spacecraft towards a distant comet on \
Tuesday.

The probe, called Kestrel, lifted off from French Guiana after a week of delays.

Kestrel is headed for a comet called Hartwell-Sato, which circles the sun every six years.

It will reach the comet in 2031, the agency said.
"""


def test_whats_it_called_after_a_lead_that_gives_no_name(real_app: Footnote) -> None:
    """The lead gives the thing, the next sentence its name: "what's it called?" is that
    name, not the comet another sentence says is "called Hartwell-Sato"."""
    real_app.add_text("space", LAUNCH)
    real_app.add_text("space", SPILLS)
    first = real_app.ask("space", "how much did the comet spacecraft cost")
    assert first.citations[0].quote.startswith("The European Space Agency launched")
    for then in ("whats it called", "and what is the probe called"):
        answer = real_app.ask("space", then, previous=context_after(first, None))
        c = answer.citations[0]
        assert not answer.hedged and c.quote.startswith("The probe, called Kestrel"), then
        assert c.quote[c.answer_span[0]:c.answer_span[1]] == "Kestrel"
    rocket = real_app.ask("space", "and whats the rocket called",
                          previous=context_after(first, None))
    assert not any(c.answer_span and c.quote[slice(*c.answer_span)] == "Kestrel"
                   for c in rocket.citations)  # the probe is called Kestrel, not a rocket


BATTERY = """Battery maker to open 800-job factory in Sunderland

A Japanese battery manufacturer will open a £450 million factory in Sunderland that will \
create 800 jobs, the company announced on Monday.

Kanto Energy said the plant, which will be built next to the Nissan car factory in \
Washington, would produce batteries for about 100,000 electric cars a year from 2027.
"""


def test_whats_the_company_called_after_a_lead_that_speaks_of_the_company(
        real_app: Footnote) -> None:
    """"Whats the company called" (no pronoun: "the company" reads back to the lead's) is
    the body the next sentence opens on; a thing the lead never spoke of is not."""
    real_app.add_text("jobs", BATTERY)
    real_app.add_text("jobs", SPILLS)
    first = real_app.ask("jobs", "how many jobs will the sunderland battery factory create")
    assert first.citations[0].quote.startswith("A Japanese battery manufacturer")
    named = real_app.ask("jobs", "whats the company called", previous=context_after(first, None))
    c = named.citations[0]
    assert not named.hedged and c.quote.startswith("Kanto Energy said"), named.text
    assert c.quote[c.answer_span[0]:c.answer_span[1]] == "Kanto Energy"
    ship = real_app.ask("jobs", "whats the ship called", previous=context_after(first, None))
    assert not any(c.answer_span and c.quote[slice(*c.answer_span)] == "Kanto Energy"
                   for c in ship.citations)


MERGER = (
    "Asda and Iceland agree to merge\n\nAsda and Iceland have agreed to merge in a £2.1 billion "
    "deal that would create Britain's third-largest grocer.\n\nAnalysts at the investment bank "
    "Jefferies said the regulator could force the sale of up to 100 Iceland stores before "
    "approving it.\n\nThe Unite union said it would seek urgent talks to protect jobs.\n\nThe "
    "merger is expected to be completed by the end of the year, subject to approval.\n")
PARK = (
    "Skate park approved for Ely\n\nA new skate park will be built in Ely after councillors "
    "voted seven to three in favour of the plans on Thursday evening.\n\nThe £240,000 park "
    "will include a bowl and a smaller area for beginners.\n")


@pytest.mark.parametrize(("story", "first_asked", "then", "opens", "span"), [
    # no date in the quote: the next sentences' (here two on), not the same sentence again
    (MERGER, "could the regulator stop it", "when?", "The merger is expected",
     "the end of the year"),
    # only a count in the quote ("voted seven to three"): "how much?" asks an amount
    (PARK, "did the ely skate park get approved", "how much?", "The £240,000 park",
     "£240,000"),
])
def test_a_bare_frame_reads_on_from_the_quote_for_its_kind(
        real_app: Footnote, story: str, first_asked: str, then: str, opens: str, span: str
) -> None:
    """"When?" / "how much?" after an answer whose sentence holds none of the kind asked
    for: the first of the next sentences of the story that does, that kind marked."""
    real_app.add_text("story", story)
    first = real_app.ask("story", first_asked)
    assert not first.declined and opens not in first.citations[0].quote, first.text
    after = real_app.ask("story", then, previous=context_after(first, None))
    c = after.citations[0]
    assert c.quote.startswith(opens), after.text
    assert c.answer_span and c.quote[slice(*c.answer_span)] == span, c


def test_what_about_something_the_library_never_mentions(real_app: Footnote) -> None:
    first, twitter = _chain(real_app, "which companies did he name?", "and what about twitter?")
    assert not first.declined
    assert twitter.declined or twitter.hedged
    if twitter.hedged:
        assert twitter.text.startswith(HEDGE)


def test_how_close_marks_the_distance(real_app: Footnote) -> None:
    """"How close" asks for a measure as "how far" does: its span is the distance."""
    real_app.add_text("quarry", (
        "Quarry extension rejected\n\nPlans to extend a limestone quarry near Buxton have "
        "been rejected by councillors after a two-year campaign by villagers.\n\n"
        "Campaigners said the work would have brought blasting to within 250 metres of homes "
        "and added 90 lorry movements a day on the A6.\n"))
    answer = real_app.ask("quarry", "how close to homes would the blasting be")
    first = answer.citations[0]
    assert first.answer_span is not None, answer
    assert first.quote[slice(*first.answer_span)] == "250 metres"


def test_what_about_another_articles_title_turns_to_that_article(real_app: Footnote) -> None:
    """"What about the care home boss?" after answers about a water company's fine names
    another story's title ("Care home boss jailed ..."): it is answered from that story,
    though the fine's story mentions "bosses"."""
    train = Path(__file__).resolve().parent.parent / "bench" / "data" / "natural_train"
    for name in ("water-company-fine.txt", "care-home-fraud-trial.txt"):
        real_app.add_file("default", train / name)
    _, _, boss = _chain(real_app, "how much was southern water fined", "who is the judge",
                        "what about the care home boss")
    assert not boss.declined
    assert boss.citations[0].title.startswith("Care home boss"), boss.citations[0].title
    _, same = _chain(real_app, "how much was southern water fined", "what about the judge")
    assert same.citations[0].title.startswith("Southern Water"), same.citations[0].title


def test_a_follow_up_in_another_form_of_the_storys_word_stays_on_the_story(
        real_app: Footnote) -> None:
    """"Who organised it?" after an answer about a skate park whose story names "one of the
    organisers" stays on that story, though another article says "organised"; "and what
    about the democrats" after the troops story that quotes "a Democrat" stays too."""
    real_app.add_text("news", (
        "Skate park approved for Ely\n\nA new skate park will be built on the edge of Ely "
        "after councillors voted seven to three in favour of the plans on Thursday.\n\n"
        "Jake Morris, 16, one of the organisers of the campaign, said young people in the "
        "city had nowhere to go in the evenings.\n"))
    real_app.add_text("news", (
        "Thousands protest after election\n\nThousands of people marched through the "
        "capital on Sunday after the ruling party claimed victory.\n\nThe march was "
        "organised by the People's Alliance, whose leader said the count was rigged.\n\n"
        "The Liberal Democrats, the smaller opposition party, called for a recount.\n"))
    real_app.add_text("news", (
        "Troops to leave Iraq by September\n\nThe United States will withdraw about 2,500 "
        "troops from Iraq by the end of September, the Pentagon said.\n\nSen. Daniel Okafor, "
        "a Democrat from Illinois, said he supported the decision but wanted more details.\n"))
    chain = []
    previous: Turn | str | None = None
    for question in ("did the ely skate park get approved", "who organised it"):
        chain.append(real_app.ask("news", question, previous=previous))
        previous = context_after(chain[-1], previous)
    assert chain[0].citations[0].title.startswith("Skate park"), chain[0]
    assert "Jake Morris" in chain[1].citations[0].quote, chain[1]
    troops = real_app.ask("news", "how many troops are leaving iraq")
    democrats = real_app.ask("news", "and what about the democrats",
                             previous=context_after(troops, None))
    assert "Daniel Okafor" in democrats.citations[0].quote, democrats


def test_a_follow_up_in_chat_shorthand_or_misspelt_stays_on_the_story(real_app: Footnote) -> None:
    """"What is the govt doing about it" after an answer about a ferry whose story says
    "the government" stays on it ("govt" is no word the story lacks, nor is "goverment"),
    though the battery story says "government" too."""
    real_app.add_text("news", BATTERY + "\nThe government is contributing £75 million "
                      "towards the project, the business secretary confirmed.\n")
    real_app.add_text("news", (
        "Ferry capsizes in Bangladesh\n\nAt least 68 people died when an overloaded ferry "
        "capsized on the Meghna river on Sunday, officials said.\n\nShipping Minister Abdul "
        "Hannan said the government had formed a committee to investigate the accident.\n"))
    died = real_app.ask("news", "how many died when the ferry sank")
    assert died.citations[0].title.startswith("Ferry"), died.text
    for then in ("what is the govt doing about it", "what is the goverment doing about it"):
        after = real_app.ask("news", then, previous=context_after(died, None))
        assert "Abdul Hannan" in after.citations[0].quote, (then, after.text)


def test_she_is_never_a_man_the_article_calls_sir_or_mr(real_app: Footnote) -> None:
    """"How old is she?" after an answer quoting "the sitting MP, Sir Andrew Pell, resigned"
    (the article calls him neither "he" nor "she") is not about him: his title says he is a
    man ("Ms Marsh" says she is a woman)."""
    real_app.add_text("vote", (
        "Liberal Democrats win Harrogate by-election\n\nHelen Marsh, a former primary school "
        "headteacher, took 18,412 votes, giving the Liberal Democrats a majority of 4,203.\n\n"
        "The by-election was called after the sitting MP, Sir Andrew Pell, resigned in "
        "January to take a job as chairman of a private healthcare company.\n\n"
        "Ms Marsh is expected to take her seat in the House of Commons on Monday.\n"))
    why = real_app.ask("vote", "why was there a by-election")
    assert "Andrew Pell" in why.citations[0].quote, why.text
    old = real_app.ask("vote", "how old is she", previous=context_after(why, None))
    assert "Andrew Pell" not in old.text, old.text


def test_a_pronoun_is_read_as_the_person_of_the_previous_answer(real_app: Footnote) -> None:
    _, job = _chain(real_app, "who is simon bailey", "what does he think of fines")
    assert not job.declined
    # "he" is Simon Bailey: the answer quotes what he said of fines. Which of his three
    # sentences on them comes first moves with the model's int8 copy (7-bit weights on a
    # CPU without VNNI, 8-bit with it: bot/encoders/cpu.py), so any of them is right.
    quotes = " ".join(c.quote for c in job.citations)
    assert any(said in quotes for said in (
        "drop in the ocean", "proposed sanctions might not be enough", "financial penalties"))


def test_chat_keeps_the_previous_answer(newsroom: Footnote, monkeypatch, capsys) -> None:
    from bot.cli import main

    lines = iter(["what did he say about the dark web", "who said that?", ""])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(lines))
    monkeypatch.setattr("bot.service.make_encoder", lambda *a, **k: newsroom.encoder)
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "Simon Bailey said that" in out and BOLD not in out  # not a terminal: no ANSI


# --- several articles ---------------------------------------------------------------

def test_a_question_naming_an_article_is_answered_from_it(newsroom: Footnote) -> None:
    bus = _title(newsroom, "Bus fares")
    answer = newsroom.ask("default", "what does the bus fares article say about children")
    assert not answer.declined
    assert {c.title for c in answer.citations} == {bus}


def test_when_was_it_published_with_several_articles_lists_them(newsroom: Footnote) -> None:
    answer = newsroom.ask("default", "when was it published")
    for title in (a.title for a in newsroom.list_articles("default")):
        assert title in answer.text
    assert "2023-03-14" in answer.text and "2023-11-19" in answer.text
    assert {c.title for c in answer.citations} == {
        _title(newsroom, "Bus fares"), _title(newsroom, "York")}
    for c in answer.citations:  # the date line with the byline, verbatim
        assert c.paragraph == 0 and c.quote.startswith("By ") and "Published" in c.quote


def test_metadata_names_the_article_it_answers_for(newsroom: Footnote) -> None:
    york = _title(newsroom, "York")
    when = newsroom.ask("default", "when was the york floods article published?")
    assert when.text == f"“{york}” was published on 2023-11-19 [1]."
    who = newsroom.ask("default", "Who wrote the article about the York floods?")
    assert "Tom Gresham and Aisha Karim" in who.text and york in who.text
    (c,) = who.citations
    assert c.quote == "By Tom Gresham and Aisha Karim" and c.title == york


def test_who_is_the_author(newsroom: Footnote) -> None:
    answer = newsroom.ask("default", "who is martin evans")
    assert "Martin Evans" in answer.text and "Crime Correspondent" in answer.text
    assert answer.citations[0].quote == "By Martin Evans CRIME CORRESPONDENT"



def test_who_is_a_name_of_the_story_talked_about_is_that_storys_person(
        real_app: Footnote) -> None:
    """A reporter of one article shares a name with a spokeswoman of another: "who's
    natarajan" after an answer from the spokeswoman's story is about her; asked with no
    conversation, it is still the author."""
    real_app.add_text("news", (
        "Roman villa found under barley field\n\nBy Priya Natarajan, Arts Correspondent\n\n"
        "The remains of a large Roman villa have been found beneath a barley field in south "
        "Lincolnshire, archaeologists have announced.\n"))
    real_app.add_text("news", (
        "Fitness app says hackers stole data of 14 million users\n\nThe fitness app maker "
        "StrideLoop said hackers had stolen personal information belonging to about 14 "
        "million users.\n\n\"We deeply regret that this happened,\" StrideLoop spokeswoman "
        "Priya Natarajan said in a statement.\n\nNatarajan said passwords were stored in "
        "encrypted form.\n"))
    passwords = real_app.ask("news", "were passwords taken")
    assert passwords.citations[0].title.startswith("Fitness app"), passwords.text
    who = real_app.ask("news", "who's natarajan", previous=context_after(passwords, None))
    assert "spokeswoman" in who.citations[0].quote, who.text
    alone = real_app.ask("news", "who's natarajan")
    assert "Arts Correspondent" in alone.text, alone.text

# --- the span that answers, hedges, and how they are shown ---------------------------

@pytest.mark.parametrize(
    ("question", "span"),
    [("how much will bus fares be capped at", "£2"),
     ("when does the fare cap start", "1 April"),
     ("how many flood warnings were issued", "23"),
     ("who is the councillor in charge of transport", "Elizabeth Scott"),
     # a count before a measure ("nearly five metres" is in the same sentence)
     ("how many homes were evacuated", "More than 400"),
     # an amount of what is counted, whatever the small model labelled it
     ("how many days of heavy rain were there", "three days"),
     ("how many months will the fare scheme run for", "at least 18 months"),
     # a share, which the small model tags as a sum of money
     ("what percentage below pre-pandemic levels are passenger numbers",
      "about 15 per cent")],
)
def test_the_answer_span(newsroom: Footnote, question: str, span: str) -> None:
    answer = newsroom.ask("default", question)
    c = next(c for c in answer.citations if c.answer_span)
    assert c.quote[c.answer_span[0]:c.answer_span[1]] == span
    shown = answer_json(answer)
    assert shown["answer_span"] == {"n": c.n, "start": c.answer_span[0],
                                    "end": c.answer_span[1], "text": span}
    assert f"{BOLD}{span}\033[0m" in answer_text(answer, bold=True)
    assert BOLD not in answer_text(answer)


def test_no_span_when_the_question_does_not_ask_for_a_thing(newsroom: Footnote) -> None:
    answer = newsroom.ask("default", "why does go north east want cheaper fares")
    assert all(c.answer_span is None for c in answer.citations)
    assert answer_json(answer)["answer_span"] is None


def test_a_hedged_answer_says_so_in_its_text(newsroom: Footnote) -> None:
    # on topic (social media), but no article ever names it: the closest passage, hedged
    answer = newsroom.ask("default", "is instagram mentioned")
    assert answer.hedged and not answer.declined
    assert answer.text.startswith(HEDGE)
    c = answer.citations[0]
    assert f"{c.quote} [1]" in answer.text
    assert answer_json(answer)["hedged"] is True


def test_what_about_something_no_article_names_is_never_answered_outright(
    newsroom: Footnote,
) -> None:
    # issue 8: "what about X?" when X is not in the library hedges or refuses
    answer = newsroom.ask("default", "what about instagram")
    assert answer.hedged or answer.declined


RECALL = (
    "Carmaker recalls 142,000 electric cars\n\n"
    "The carmaker said on Tuesday it would recall about 142,000 electric vehicles to fix a "
    "software fault that can cut power to the motor.\n\n"
    "The company said it was aware of 14 reports of vehicles losing power while being driven "
    "but no crashes or injuries.\n\n"
    "Most vehicles can be fixed with a software update that will be sent from October 21.\n"
)


@pytest.mark.parametrize("question", ["has anyone been hurt", "was anyone injured"])
def test_anyone_is_no_subject_the_story_lacks(real_app: Footnote, question: str) -> None:
    # "has anyone been hurt" was refused: the story never says "anyone"
    real_app.add_text("recall", RECALL)
    answer = real_app.ask("recall", question)
    assert not answer.declined
    assert "no crashes or injuries" in answer.citations[0].quote


@pytest.mark.parametrize(
    "question",
    ["What is the capital of Peru?", "西蒙·贝利是谁？他对社交媒体说了什么？",
     "\u202e?yeliaB nomiS si ohW", "zebra xylophone quasar?"],
)
def test_what_no_article_is_about_is_refused(real_app: Footnote, question: str) -> None:
    answer = real_app.ask("default", question)
    assert answer.declined and not answer.hedged and answer.citations == ()


@pytest.mark.parametrize(
    ("question", "span"),
    [("who approved the repairs", "the Riverside Housing Association"),
     ("who called the delay shameful", "Tom Hale")],
)
def test_who_is_answered_by_the_person_or_body_nearer_the_asked_words(
    real_app: Footnote, question: str, span: str
) -> None:
    real_app.add_text(
        "heating", "Tenants of Mill Court face winter without heating\n\n"
        "Tenants of Mill Court in Salford have been without heating for three weeks. The "
        "repairs were approved on Monday by the Riverside Housing Association, according to "
        "councillor Tom Hale, who called the delay shameful. Engineers are expected to "
        "finish on Friday.", title="Tenants of Mill Court face winter without heating")
    c = real_app.ask("heating", question).citations[0]
    assert c.answer_span is not None and c.quote[slice(*c.answer_span)] == span


BANNED_AND_FINED = (
    "Footballer banned and water firm fined\n\n"
    "Spanish midfielder Alvaro Reyes has been banned from football for two years after "
    "testing positive for a banned steroid, the Royal Spanish Football Federation said on "
    "Monday.\n\n"
    "Southern Water was fined by Canterbury Crown Court on Friday after an investigation by "
    "the Environment Agency into sewage spills.\n")
DOUBLED = (
    "Scooter thefts and pothole claims double\n\n"
    "Thefts of electric scooters in Birmingham have more than doubled in a year, with 1,460 "
    "reported to West Midlands Police in 2023 compared with 690 the year before.\n\n"
    "The council received 2,840 claims in the year to January, more than double the 1,310 "
    "of the year before, and paid out £486,000 to motorists.\n")

LOCAL_NEWS = (
    "Lifeboat launched as votes counted\n\n"
    "The Penlee lifeboat crew launched from Newlyn within eight minutes of their pagers "
    "sounding.\n\n"
    "Speaking at the count in Harrogate Convention Centre shortly after 3am, Ms Marsh said "
    "voters had sent a clear message.\n\n"
    "Singer Darius Vane, 29, pleaded not guilty to one count of assault on Tuesday. If "
    "convicted, he faces up to seven years in prison.\n\n"
    "Maureen Kelly, 71, from Armley, said she had borrowed £9,000 from her son to pay for a "
    "knee replacement.\n\n"
    "The Unite union said it would seek urgent talks with the company.\n\n"
    "Villagers in Cotherstone have bought their pub. About a third of the investors live in "
    "the village, which has a population of around 750, while others came from as far away "
    "as Canada.\n")

FERRY = (
    "Island ferry out of service after engine fire\n\n"
    "A fire broke out in the ferry's engine room at 10.15am on Tuesday and was put out "
    "within four minutes.\n\n"
    "The smoke was cleared by the ship's ventilation system within 20 minutes, the "
    "operator said.\n\n"
    "Shop manager Aileen Morrison said the island's co-operative had enough stock for "
    "around ten days.\n\n"
    "The last lorry left the island at about 6.30pm.\n\n"
    "Repairs to the ferry will cost £1.2m, the operator said.\n")


def test_what_time_never_marks_how_long_something_took(real_app: Footnote) -> None:
    real_app.add_text("ferry", FERRY)
    c = real_app.ask("ferry", "what time was the smoke cleared").citations[0]
    assert c.quote.startswith("The smoke was cleared")
    assert c.answer_span is None  # the sentence holds no time of day: nothing is marked


BAKERY = """Crumb bakery opens its 41st shop

Crumb, the bakery chain, opened its 41st shop in Leeds on Monday, and plans ten more \
next year.

The company was started in 2009 by Tom and Gareth Hollis, two brothers from Harrogate, \
with a loan of £20,000.

Its head baker, Maria Lopez, said the new shop would employ 25 people.
"""


CLOSURES = """Crumb closes shops

The bakery chain Crumb said on Monday it would close 40 of its 210 shops by March, \
putting 600 jobs at risk.

The chain blamed rising energy costs and falling sales.
"""


SOLD = """Bakery chain sold

The Manchester-based bakery chain Crumb has been sold to a New York-based private equity \
firm for £40m.

The deal was announced on Tuesday.
"""


FIRMS = """Minister warns tech firms

The minister said firms such as Google and Facebook had the money to remove the videos \
within a day.
"""


RESULT = """Lib Dems take Elmfield seat

Turnout was 38.2 per cent, down from 64 per cent at the last election, and Reform UK came \
third with 5,120 votes.
"""


@pytest.mark.parametrize(("article", "question", "span"), [
    # "who VERB": the side of the sentence's verb that answers it
    (BANNED_AND_FINED, "who got banned", "Alvaro Reyes"),  # not the federation that said so
    (BANNED_AND_FINED, "who was fined", "Southern Water"),
    (BANNED_AND_FINED, "who fined the company", "Canterbury Crown Court"),
    (BANNED_AND_FINED, "who investigated", "the Environment Agency"),
    # "how many ... before": the earlier amount, and only then
    (DOUBLED, "how many scooters were nicked last year", "1,460"),  # not the year before's
    (DOUBLED, "scooter thefts doubled, how many were there before", "690"),
    (DOUBLED, "how many claims were there the year before", "1,310 of the year before"),
    (DOUBLED, "how many claims did the council get", "2,840"),
    # "how fast" of something done, with no speed given: how long it took
    (LOCAL_NEWS, "how fast did the lifeboat crew launch", "eight minutes"),
    (LOCAL_NEWS, "how much jail time could vane face", "up to seven years"),
    # a venue the small model calls an ORG is the place asked for
    (LOCAL_NEWS, "where was the count held", "Harrogate Convention Centre"),
    # where someone named lives: "X, 71, from Armley"
    (LOCAL_NEWS, "where does maureen kelly live", "Armley"),
    # "which union": the capitalised words before the noun, which the small model left
    (LOCAL_NEWS, "which union", "Unite union"),
    # how many people live somewhere: its population, not another share of people
    (LOCAL_NEWS, "how many people live in cotherstone", "around 750"),
    # "what time": a time of day, never how long something took
    (FERRY, "what time did the fire break out", "10.15am"),
    (FERRY, "what time did the last lorry leave", "6.30pm"),  # the sentence's only entity
    (FERRY, "how much will the repairs cost", "£1.2m"),  # not "£1.2": the scale is the sum's
    # "the name of the shop manager": a person, with a word before the role
    (FERRY, "what's the name of the shop manager", "Aileen Morrison"),
    (FERRY, "what is the shop manager's name", "Aileen Morrison"),
    # two people of one list: both, not "Tom" alone
    (BAKERY, "who started the company", "Tom and Gareth Hollis"),
    # the question names one of them: the other
    (BAKERY, "who started the company with Tom", "Gareth Hollis"),
    # a comma alone joins no list: the head baker, not "Maria Lopez" run into another name
    (BAKERY, "who is the head baker", "Maria Lopez"),
    # of a part and its whole, what there is: the whole ("210" was a PRODUCT to the small
    # model) ...
    (CLOSURES, "how many shops does crumb have", "210"),
    # ... and what happens to some: the part
    (CLOSURES, "how many shops will close", "40"),
    (CLOSURES, "how many jobs are at risk", "600"),
    # "X-based" is where it is based (the small model called Manchester a PRODUCT): the one
    # before the words the question names
    (SOLD, "where is crumb based", "Manchester"),
    (SOLD, "where is the private equity firm based", "New York"),
    # "who VERB" of an active clause: the names right before its verb, which the small
    # model split ("UK" a place) while it called "Turnout" a person
    (RESULT, "who came 3rd", "Reform UK"),
    # a list of names answers a question asking for several ("Facebook" was untagged) ...
    (FIRMS, "which companies did the minister name", "Google and Facebook"),
    # ... and one of them a question asking for one
    (FIRMS, "which company did the minister name first", "Google"),
])
def test_the_span_reads_what_the_question_asks_about(
    real_app: Footnote, article: str, question: str, span: str
) -> None:
    assert _first_span(real_app, article, question) == span


def test_the_span_may_be_in_the_sentence_quoted_with_the_best_one(real_app: Footnote) -> None:
    article = ("Boy found alive in Maine woods\n\n"
               "A 3-year-old boy who wandered away from his family's home in rural Maine was "
               "found alive on Wednesday after a two-day search.\n\n"
               "Owen was taken by ambulance to a hospital in Skowhegan, where doctors treated "
               "him for mild hypothermia and dozens of insect bites. He was expected to be "
               "released Thursday.\n")
    real_app.add_text("one", article)
    c = real_app.ask("one", "When will he leave the hospital?").citations[0]
    assert c.quote.startswith("Owen was taken") and c.quote.endswith("released Thursday.")
    assert c.answer_span is not None and c.quote[slice(*c.answer_span)] == "Thursday"


def test_when_something_starts_is_the_date_after_from(real_app: Footnote) -> None:
    real_app.add_text(
        "harbour", "Harbour town votes to ban cruise ships\n\n"
        "Residents of Portmere have voted to ban large cruise ships from the town's harbour. "
        "In a referendum held on Sunday, 62 per cent of voters backed the ban, which will "
        "apply to any ship carrying more than 1,000 passengers from April next year.",
        title="Harbour town votes to ban cruise ships")
    c = real_app.ask("harbour", "when does the ban start").citations[0]
    assert c.answer_span is not None and c.quote[slice(*c.answer_span)] == "April next year"
    share = real_app.ask("harbour", "what percentage of voters backed the ban").citations[0]
    assert share.answer_span is not None
    assert share.quote[slice(*share.answer_span)] == "62 per cent"


@pytest.mark.parametrize(("question", "span"), [
    ("how far does the bridge sway in the wind", "30 centimetres"),
    ("how heavy is the new deck", "about 900 tonnes"),
])
def test_a_measure_question_marks_the_measure_not_a_sum(
    real_app: Footnote, question: str, span: str
) -> None:
    real_app.add_text("bridge", "Footbridge to reopen\n\nThe footbridge, which cost £4m in "
                      "2019, sways by up to 30 centimetres in strong winds. Its new deck, which "
                      "cost £1.2m, weighs about 900 tonnes.\n", title="Footbridge to reopen",
                      actor="mod")
    answer = real_app.ask("bridge", question)
    c = next(c for c in answer.citations if c.answer_span)
    assert c.quote[c.answer_span[0]:c.answer_span[1]] == span


RAID = """Thieves raid Ghent museum

Thieves escaped with a 13th-century reliquary in a theft lasting less than five minutes.

Museum staff said the gallery, shut for two weeks of repairs, would reopen on Thursday.

A guard who tried to stop the thieves needed 22 stitches.
"""


@pytest.mark.parametrize(("question", "span"), [
    ("how long did the theft take", "less than five minutes"),  # not "13th-century"
    ("when will the gallery reopen", "Thursday"),  # not "two weeks"
])
def test_how_long_marks_a_length_of_time_and_when_a_point_in_it(
    real_app: Footnote, question: str, span: str
) -> None:
    assert _first_span(real_app, RAID, question) == span


def _first_span(app: Footnote, article: str, question: str) -> str:
    """The span marked in the first quote of ``question`` asked of ``article`` alone."""
    app.add_text("one", article)
    c = app.ask("one", question).citations[0]
    assert c.answer_span is not None, c.quote
    return c.quote[slice(*c.answer_span)]


def test_the_span_is_marked_in_the_sentence_put_first(real_app: Footnote) -> None:
    """"how old is vane": "Vane, 29, ..." comes first (:func:`bot.answering.reasons.
    ages_first`) though "Prosecutors say Vane struck a 26-year-old bartender" ranks higher;
    the age is marked in the first quote, not the bartender's in the second."""
    real_app.add_file("one", Path(__file__).parent.parent / "bench/data/wire_train"
                      / "singer-pleads-not-guilty.txt")
    first, *rest = real_app.ask("one", "how old is vane").citations
    assert first.answer_span is not None, first.quote
    assert first.quote[slice(*first.answer_span)] == "29"
    assert all(c.answer_span is None for c in rest)


def test_how_fast_marks_a_speed_with_its_an_hour(real_app: Footnote) -> None:
    real_app.add_text("comet", "Comet heads for the sun\n\nThe comet, now about 400 million "
                      "kilometres away, is travelling at around 60,000 kilometres an hour.\n")
    c = real_app.ask("comet", "how fast is the comet going").citations[0]
    assert c.answer_span is not None, c.quote
    assert c.quote[slice(*c.answer_span)] == "around 60,000 kilometres an hour"


def test_who_is_never_a_competition(real_app: Footnote) -> None:
    real_app.add_text("swim", "Teenager breaks world record\n\nKelsey Varga, 17, smashed "
                      "the 200 metres freestyle world record on Wednesday night to win gold at "
                      "the World Aquatics Championships.\n")
    c = real_app.ask("swim", "who broke the freestyle world record").citations[0]
    assert c.answer_span is not None, c.quote
    assert c.quote[slice(*c.answer_span)] == "Kelsey Varga"


def test_how_long_marks_no_count_of_something_else(real_app: Footnote) -> None:
    real_app.add_text("raid", RAID)
    c = real_app.ask("raid", "how long was the guard hurt for").citations[0]
    assert "22 stitches" in c.quote and c.answer_span is None


SWIM = """Grandmother swims the Channel

Linda Kessler set off from Shakespeare Beach on Saturday at 5.40am and finished in France.

The Environment Agency issued 23 flood warnings on Sunday, three days after the storm.
"""


@pytest.mark.parametrize(("question", "span"), [
    ("What time did Linda Kessler set off from Shakespeare Beach?", "5.40am"),  # not Saturday
    ("What was the number of flood warnings issued?", "23"),  # counted, not "three days"
])
def test_the_span_for_what_time_and_the_number_of(app: Footnote, question: str,
                                                  span: str) -> None:
    app.add_text("swim", SWIM)
    answer = app.ask("swim", question)
    c = answer.citations[0]
    assert c.answer_span is not None, c.quote
    assert c.quote[c.answer_span[0]:c.answer_span[1]] == span


QUAKE = """Quake toll rises to 212

OAXACA, Mexico (CNN) -- The death toll from Tuesday's earthquake in southern Mexico rose to \
212 on Thursday, officials said.

Maria Lopez, 64, was pulled alive from her collapsed house in Pinotepa Nacional after 30 hours. \
Her neighbor, Tomas Ruiz, 71, was not so lucky. Relatives said he was pulled from the debris \
Wednesday afternoon but died on the way to a hospital in Puerto Escondido.

Rescuers from Los Angeles County joined Mexican teams searching the rubble on Thursday.
"""


def test_a_short_sentence_that_leads_in_is_quoted_with_the_one_it_leads_into(
    real_app: Footnote
) -> None:
    real_app.add_text("quake", QUAKE)
    answer = real_app.ask("quake", "what happened to tomas ruiz?")
    assert not answer.declined
    quote = answer.citations[0].quote
    assert "was not so lucky" in quote and "died on the way to a hospital" in quote, quote


BUSES = """Village loses its bus

The bus service to Cotherstone, which began in 2015, was cut to twice a week in March.

The walkers, from Bristol, had set out from Rinsey Cove at noon.

Shares of Corvant fell 11 percent on Thursday, wiping $900 million off its value.
"""


@pytest.mark.parametrize(("question", "span"), [
    ("how often do buses run", "twice a week"),  # a frequency, not "2015"
    ("where were the walkers from", "Bristol"),  # the place after "from", an ORG to spaCy
    ("how much did corvant shares drop", "11 percent"),  # a change: a share, not a sum
])
def test_how_often_where_from_and_how_much_it_fell(
    real_app: Footnote, question: str, span: str
) -> None:
    assert _first_span(real_app, BUSES, question) == span


LISTS = """Record hospital waits and a named comet

The number of people waiting for planned treatment at Leeds hospitals has reached a record \
98,000, according to figures published on Tuesday.

The International Astronomical Union has named the object C/2024 W3 (Trelawny), making him \
the first British amateur to have a comet named after him in 20 years.

Investigators said the attackers had access to the system for roughly three weeks before \
anyone noticed.
"""


@pytest.mark.parametrize(("question", "span"), [
    # the candidate with more of the question's words around it, not the one nearest one
    ("who named the comet", "The International Astronomical Union"),
    # "three weeks before" is not spelt as a length ("before"): the length after "for"
    ("how long were hackers inside the system", "roughly three weeks"),
])
def test_spans_read_the_words_around_them(real_app: Footnote, question: str, span: str) -> None:
    assert _first_span(real_app, LISTS, question) == span


def test_how_long_is_never_a_day(real_app: Footnote) -> None:
    """A waiting list's length is no length of time, and "on Tuesday" is no answer."""
    real_app.add_text("one", LISTS)
    c = real_app.ask("one", "how long is the waiting list in leeds").citations[0]
    assert "98,000" in c.quote
    assert c.answer_span is None, c.quote[slice(*c.answer_span)]


def test_a_quotation_s_short_tail_is_quoted_from_where_the_quotation_opens(
    real_app: Footnote,
) -> None:
    """"Abuse online.”" alone is a fragment: the quote starts with the sentence that
    opens the quotation, and stays at two sentences."""
    real_app.add_text(
        "council", "Council leader quits\n\nThe council leader, Anne Price, resigned on Monday "
        "after months of criticism. She said: “I gave this town ten years of my life, and "
        "what did I get for it? Abuse online.” The council will choose a new leader in May.\n",
        title="Council leader quits", actor="mod")
    answer = real_app.ask("council", "what did she say about abuse online")
    (citation,) = answer.citations
    assert citation.quote.startswith("She said:") and citation.quote.endswith("Abuse online.”")


def test_a_quotation_over_two_sentences_is_quoted_whole(real_app: Footnote) -> None:
    """The sentence splitter cuts a quotation in two: an answer resting on its second half
    quotes it from where it opens, not from its middle."""
    real_app.add_text("roads", (
        "Pothole claims cost council £1m\n\nA cyclist who broke her wrist on a pothole in "
        "Leeds was awarded £7,500 by the council after an 11-month claim.\n\nJo Carter, 34, "
        "said the hole had been there for weeks. \"I'd reported that exact hole two weeks "
        "earlier. It shouldn't take a broken bone to get a road fixed,\" she said.\n"))
    answer = real_app.ask("roads", "what did jo carter say about getting the road fixed")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "\"I'd reported that exact hole two weeks earlier. It shouldn't" in quotes, answer.text
    money = real_app.ask("roads", "how much did she get")
    after = real_app.ask("roads", "what did she say", previous=context_after(money, None))
    assert after.citations[0].quote.startswith("\"I'd reported"), after.text


NETWORKS = """Mobile networks

As 4G and 5G networks were rolled out in more countries, more children were put at risk, \
the officer said.

The council spent £1.2m on the repairs in the 1990s.
"""


def test_a_span_never_cuts_a_word(real_app: Footnote) -> None:
    """The small model tags the "5" of "5G" as a number: it counts no children. A number
    with a unit in small letters is marked whole."""
    real_app.add_text("net", NETWORKS)
    c = real_app.ask("net", "how many children were put at risk").citations[0]
    assert "5G" in c.quote and c.answer_span is None
    assert _first_span(real_app, NETWORKS, "how much did the council spend") == "£1.2m"


def test_a_place_is_never_an_office(real_app: Footnote) -> None:
    """"Chief Constable for Norfolk": a capitalised office answers no "where"."""
    answer = real_app.ask("default", "where is norfolk police")
    marked = [c.quote[slice(*c.answer_span)] for c in answer.citations if c.answer_span]
    assert "Bailey" in answer.citations[0].quote and "Chief Constable" not in marked


@pytest.mark.parametrize(("question", "named"), [
    ("what does he want parents to do", "what does Simon Bailey want parents to do"),
    ("whats his view of fines", "whats Simon Bailey's view of fines"),
    ("what did police tell her?", "what did police tell Simon Bailey?"),
    ("what is her job", "what is Simon Bailey's job"),
])
def test_naming_pronoun(question: str, named: str) -> None:
    from bot.answering.followup import PRONOUN, naming_pronoun

    pronoun = PRONOUN.search(question)
    assert pronoun is not None
    assert naming_pronoun(question, pronoun, "Simon Bailey") == named


def test_he_asked_first_is_the_article_s_main_person(real_app: Footnote) -> None:
    """The seed never says "parents", but the question is about its main person: hedged
    (whom "he" means is a guess), not refused. A question naming whom its "he" means, or
    calling the article's man "she", is not read so."""
    answer = real_app.ask("default", "what does he want parents to do")
    assert not answer.declined and answer.hedged and answer.text.startswith(HEDGE)
    assert answer.question == "what does he want parents to do"
    assert real_app.ask("default", "what does she want parents to do").declined
    assert real_app.ask("default", "Which composer said he wanted parents to do it?").declined


SPILLS = """Water firm fined for sewage spills

Some of the spills went into the River Medway near Maidstone, where a fish kill left \
thousands of dead trout.

Brookwater's chief executive, Alan Pryce, apologised in court.
"""


@pytest.mark.parametrize(("question", "span"), [
    ("what river", "the River Medway"),  # the entity that says it is one, not the town by it
    ("who is the ceo", "Alan Pryce"),  # a word only a person is: the person, not the firm
    ("whats the ceo called", "Alan Pryce"),  # asks as "which ceo" does
    ("what is the river called", "the River Medway"),
])
def test_the_span_is_of_the_kind_the_question_names(
    real_app: Footnote, question: str, span: str
) -> None:
    assert _first_span(real_app, SPILLS, question) == span


RESCUE = """Family rescued from rising tide

The inshore lifeboat, the Atlantic-class Mary Rowe, reached the bay 20 minutes after the call.

The girl's uncle, Peter Hadley, 52, said the family had not checked the tide times.

The girl and her aunt were taken to the Royal Devon Hospital in Exeter with mild hypothermia.

The comet, C/2024 X2, was named Comet Penhallow by astronomers.
"""


@pytest.mark.parametrize(("question", "span"), [
    ("whats the lifeboat called", "Mary Rowe"),  # a name beside the noun, not "Atlantic"
    ("which hospital", "the Royal Devon Hospital"),  # a kind the question reader now knows
    ("whats the uncles name", "Peter Hadley"),  # "X's name" without its apostrophe
    ("what is the comet called", "Comet Penhallow"),  # not "C" of the code "C/2024 X2"
    ("whats the name of the lifeboat", "Mary Rowe"),  # asks as "whats the lifeboat called"
    ("what is the name of the hospital", "the Royal Devon Hospital"),
    ("whats the lifeboats name", "Mary Rowe"),  # asks as "whats the lifeboat called" too
    ("what's the comet's name", "Comet Penhallow"),
])
def test_what_a_thing_is_called(real_app: Footnote, question: str, span: str) -> None:
    assert _first_span(real_app, RESCUE, question) == span


@pytest.mark.parametrize("question", [
    "how old was the girl",  # 52 is the uncle's age
    "what is the girls name",  # Peter Hadley is her uncle
    "what day was it",  # "20 minutes" is no day
])
def test_no_span_of_someone_or_something_else(real_app: Footnote, question: str) -> None:
    real_app.add_text("one", RESCUE)
    answer = real_app.ask("one", question)
    marked = [c.quote[slice(*c.answer_span)] for c in answer.citations if c.answer_span]
    assert not {"52", "Peter Hadley", "20 minutes"} & set(marked), marked


@pytest.mark.parametrize(("first", "then"), [
    ("what does bailey want the public to do", "why?"),  # a bare frame is a follow-up
    ("how many people were rescued at rinsey cove", "when?"),
])
def test_a_follow_up_stays_with_the_article_talked_about(
    newsroom: Footnote, first: str, then: str
) -> None:
    if "rinsey" in first:
        newsroom.add_text("default", RESCUE_STORY)
    before, after = _chain(newsroom, first, then)
    assert not after.declined
    assert {c.article_id for c in after.citations} == {before.citations[0].article_id}


RESCUE_STORY = """Walkers rescued at Rinsey Cove

Four walkers were rescued from the foot of cliffs at Rinsey Cove on Saturday afternoon after \
they were cut off by the tide.

The helicopter crew winched all four to the cliff top, one at a time.
"""


def test_a_follow_up_naming_another_story_goes_there(newsroom: Footnote) -> None:
    """"and what about the floods?" names what the seed never mentions: the floods story
    answers it, not a hedge from the seed."""
    before, after = _chain(newsroom, "what does bailey want the public to do",
                           "and what about the floods in york?")
    york = _title(newsroom, "York")
    assert not after.declined and after.citations[0].title == york, after.text
    assert before.citations[0].title != york


def test_which_articles_lists_the_library(newsroom: Footnote) -> None:
    answer = newsroom.ask("default", "which articles do you have?")
    assert answer.text.startswith("The library holds 3 articles:")
    assert {c.title for c in answer.citations} == {a.title for a in
                                                    newsroom.list_articles("default")}


def test_who_wrote_it_after_an_answer_names_that_article_s_author(newsroom: Footnote) -> None:
    _, wrote = _chain(newsroom, "how many people were evacuated in york", "who wrote it?")
    york = _title(newsroom, "York")
    assert [c.title for c in wrote.citations] == [york], wrote.text


def test_who_is_never_a_name_that_describes_a_noun(real_app: Footnote) -> None:
    """"a Stockport care home": the small model's ORG only says which home."""
    real_app.add_text("one", "Care home boss jailed\n\nThe former manager of a Stockport care "
                      "home has been jailed after stealing £380,000 from elderly residents.\n")
    c = real_app.ask("one", "who stole the money").citations[0]
    assert "Stockport" in c.quote and c.answer_span is None


def test_a_follow_up_reads_the_word_not_its_stem(newsroom: Footnote) -> None:
    """The seed "announced plans" (stem "plan", as is "plane"), yet never mentions a plane:
    "what about the plane?" goes to the story that does."""
    newsroom.add_text("default", "Plane lands safely\n\nThe plane landed safely in Exeter "
                      "after an engine fault, the airline said.\n")
    _, after = _chain(newsroom, "what does bailey want the public to do",
                      "and what about the plane?")
    assert not after.declined and after.citations[0].title == "Plane lands safely", after.text


AID = """Quake toll rises

The governor said at least 1,850 people had been injured and more than 14,000 homes damaged.

France, Spain and Italy offered help, and a team of 40 specialists from Kent County flew in.
"""


@pytest.mark.parametrize(("question", "span"), [
    ("how many injured", "at least 1,850"),  # people injured, not homes damaged
    ("how many were injured", "at least 1,850"),
    ("which countries sent help", "France, Spain and Italy"),  # the list, not the county
])
def test_counts_of_people_and_lists_of_places(real_app: Footnote, question: str,
                                              span: str) -> None:
    assert _first_span(real_app, AID, question) == span


@pytest.mark.parametrize(("article", "question"), [
    ("Former head jailed\n\nGregory Dahl faced a maximum of 19 years in prison.\n",
     "how old is gregory dahl"),  # a length of time no one's age
    ("By-election result\n\nHelen Marsh took 18,412 votes in the by-election.\n",
     "how old is helen marsh"),  # a number no one's age
])
def test_how_old_marks_no_length_or_count(real_app: Footnote, article: str,
                                          question: str) -> None:
    real_app.add_text("one", article)
    c = real_app.ask("one", question).citations[0]
    assert c.answer_span is None, c.quote[slice(*c.answer_span)]


def test_how_old_marks_the_age_of_the_one_beside_the_asked_noun(real_app: Footnote) -> None:
    text = ("Singer dies\n\nCallister is survived by his wife of 42 years, Carol Callister, 68; "
            "his sons Jesse and Luke; and seven grandchildren.\n")
    assert _first_span(real_app, text, "how old is his wife") == "68"  # not "seven"


def test_how_old_marks_no_count_of_things(real_app: Footnote) -> None:
    real_app.add_text("one", "Singer dies\n\nCallister released 22 studio albums and sold "
                      "30 million records.\n")
    c = real_app.ask("one", "how old is callister").citations[0]
    assert c.answer_span is None, c.quote[slice(*c.answer_span)]


BAN = ("Midfielder banned\n\nSpanish midfielder Alvaro Benitez has been banned for two years "
       "after he tested positive for a steroid.\n\nHe denied wrongdoing and said he would "
       "appeal.\n\nFans reacted with anger. \"He was our best player,\" said Jose Martinez, "
       "45, a season-ticket holder.\n")


def test_a_pronoun_question_never_marks_someone_else_s_age(real_app: Footnote) -> None:
    real_app.add_text("one", BAN)
    for c in real_app.ask("one", "how old is he").citations[:1]:
        marked = c.quote[slice(*c.answer_span)] if c.answer_span else None
        assert marked != "45", c.quote  # the fan's age, not Benitez's


@pytest.mark.parametrize("question", ["where was he hiding", "who did he allegedly attack"])
def test_a_pronoun_question_never_marks_the_person_it_asks_about(
    real_app: Footnote, question: str
) -> None:
    name = ("cartel-leader-arrested.txt" if "hiding" in question
            else "singer-pleads-not-guilty.txt")
    real_app.add_file("one", Path(__file__).parent.parent / "bench/data/wire_train" / name)
    for c in real_app.ask("one", question).citations[:1]:
        marked = c.quote[slice(*c.answer_span)] if c.answer_span else ""
        assert marked not in ("Castellanos", "Vane"), c.quote


FREED = ("Tourists freed\n\nPUERTO ESCONDIDO, Mexico (CNN) -- Mexican police freed four "
         "foreign tourists early Saturday, nearly two days after they were kidnapped at "
         "gunpoint on a road in Oaxaca.\n")


@pytest.mark.parametrize(("question", "span"), [
    ("who freed them", "Mexican police"),
    ("who was freed", None),  # the tourists, no name: not the police who freed them
    ("who kidnapped them", None),  # nobody named did
    ("who was kidnapped", None),  # "they", not the police
])
def test_who_did_it_or_had_it_done_to_them_is_on_the_verbs_side(
    real_app: Footnote, question: str, span: str | None
) -> None:
    real_app.add_text("one", FREED)
    c = real_app.ask("one", question).citations[0]
    assert (c.quote[slice(*c.answer_span)] if c.answer_span else None) == span


@pytest.mark.parametrize("question", [
    "whats whitlows husbands name", "who is whitlows barrister",
    "what is the name of whitlow's barrister"])
def test_a_name_asked_of_someone_s_relation_is_not_theirs(
    real_app: Footnote, question: str
) -> None:
    real_app.add_text("one", "Care home fraud\n\nKaren Whitlow, 54, of Hazel Grove, used her "
                      "position at Oakfield House to take control of the finances of 11 "
                      "residents.\n")
    c = real_app.ask("one", question).citations[0]
    # not Karen Whitlow, nor the small model's "Hazel Grove" (PERSON): where she lives
    assert c.answer_span is None, c.quote[slice(*c.answer_span)]


def test_the_name_of_someone_s_relation_is_asked_for(real_app: Footnote) -> None:
    real_app.add_text("one", "Care home fraud\n\nKaren Whitlow, 54, of Hazel Grove, used her "
                      "position at Oakfield House to take control of the finances of 11 "
                      "residents.\n\nHer barrister, Simon Adeyemi, said she had built up "
                      "gambling debts.\n")
    c = real_app.ask("one", "what is the name of whitlows barrister").citations[0]
    assert c.answer_span and c.quote[slice(*c.answer_span)] == "Simon Adeyemi", c.quote


def test_how_much_marks_no_count_of_things(real_app: Footnote) -> None:
    real_app.add_text("one", "Grocers merge\n\nThe regulator will examine the deal because "
                      "the two companies compete in around 150 towns.\n")
    c = real_app.ask("one", "how much is the deal worth").citations[0]
    assert c.answer_span is None, c.quote[slice(*c.answer_span)]


def test_how_old_marks_an_age_said_in_years(real_app: Footnote) -> None:
    text = "Teen wins gold\n\nThe swimmer, who is 17 years old, won gold in Melbourne.\n"
    assert _first_span(real_app, text, "how old is the swimmer") == "17 years old"


@pytest.mark.parametrize(("article", "question", "span"), [
    ("Tourists freed\n\nPUERTO ESCONDIDO, Mexico (CNN) -- Mexican police freed four foreign "
     "tourists early Saturday.\n", "who freed the tourists", "Mexican police"),  # not the
    # dateline, nor the nationality alone
    ("Comet found\n\nA British astronomer found the comet on Tuesday night.\n",
     "who found the comet", None),  # "British" only says which astronomer
    ("By-election result\n\nThe Greens have won the Thornbury by-election, the returning "
     "officer said.\n", "who won", "Greens"),  # a plural one is a group: it did something
])
def test_who_is_no_dateline_nor_nationality_alone(
    real_app: Footnote, article: str, question: str, span: str | None
) -> None:
    real_app.add_text("one", article)
    c = real_app.ask("one", question).citations[0]
    assert (c.quote[slice(*c.answer_span)] if c.answer_span else None) == span


CAPSIZED = (
    "Ferry capsizes on the Meghna\n\n"
    "Divers recovered bodies from the hull through the night, said Mohammad Karim, the "
    "district's chief of fire and civil defense.\n\n"
    '"Many people were trapped inside the lower deck when it turned over," Karim, 46, told '
    "CNN by telephone.\n\n"
    "Rahima Begum, 29, who survived by grabbing a plastic water drum, said the boat began "
    "leaning to one side.\n\n"
    '"I lost my grip on my son\'s hand," she said. Her 6-year-old son remained missing '
    "Monday.\n")


PROBE = (
    "Probe launched toward a metal asteroid\n\n"
    "The probe, called Aurora, lifted off at 10:16 a.m. ET aboard an Atlas V rocket from "
    "Cape Canaveral Space Force Station after two delays earlier in the week.\n\n"
    '"We have never been able to visit a planetary core," said principal investigator Dr. '
    "Samuel Achebe, a planetary scientist at the University of Arizona.\n")

GAS = (
    "Gas prices climb again\n\n"
    "The average price for a gallon of regular gasoline rose 8 cents to $3.87, according to "
    "the Energy Information Administration.\n\n"
    '"The recovery is losing steam," said Janet Kowalski, chief economist at Brightwater '
    "Financial in New York.\n\n"
    "At a gas station in Arlington, Virginia, Denise Carter, 39, a nurse, said she had "
    "stopped driving to visit her parents.\n")

ONCE_EIGHT = ("Swimming record\n\nVarga said: \"I've dreamed about this since I was eight "
              "years old.\"\n")
SON = "Ferry capsizes\n\nHer 6-year-old son remained missing Monday.\n"
VOTE = ("By-election\n\nThe Liberal Democrats have won the Harrogate and Knaresborough "
        "by-election, overturning a Conservative majority of more than 9,000.\n\nHelen Marsh "
        "took 18,412 votes, giving her a majority of 4,203 over the Conservative candidate.\n")
COURT = ("Singer pleads not guilty\n\nPruitt's attorney, Rebecca Stone, said her client "
         "has sued.\n\n\"We have been waiting a long time for this day,\" Benson said.\n")
LENGTHS = ("Comet and beavers\n\nThe union named the comet after Trelawny, the first British "
           "amateur to have one named after him in more than 20 years.\n\nBeavers were "
           "released in Dorset, the first wild beavers there in about 400 years.\n\nThe works "
           "will be finished within 20 days.\n")
HACKED = ("Fitness app hacked\n\nThe company said it had hired an outside security firm and "
          "had reported the attack to the FBI.\n\nThe fitness app maker StrideLoop said "
          "hackers had stolen the data of 14 million users.\n\nHardest hit was the coastal "
          "town of Jamiltepec, where a market and a church collapsed within minutes of each "
          "other.\n")


@pytest.mark.parametrize(("article", "question", "span"), [
    (ONCE_EIGHT, "how old is she", None),  # an age she once was is not her age now
    (ONCE_EIGHT, "how old was she when she started dreaming about it", "eight years old"),
    (SON, "how old is she", None),  # her son's age, not hers; nor "Monday"
    (SON, "how old is her son", "6-year-old"),
    (PROBE, "who is the lead scientist", "Samuel Achebe"),  # a word for a person: not the
    # university
    (PROBE, "where is the probe going", None),  # not where it left from, nor the clock's zone
    (PROBE, "where did the probe leave from", "Cape Canaveral Space Force Station"),
    (PROBE, "when was the probe launched", "10:16 a.m."),  # not "the week", nor "10:16 a.m"
    (GAS, "how much is a gallon of gas now", "$3.87"),  # the price, not how much it rose
    (GAS, "how much did gas rise", "8 cents"),
    (GAS, "where does janet kowalski work", "Brightwater Financial"),  # the firm, not the city
    (VOTE, "who won the by-election", "Liberal Democrats"),  # not "Democrats"
    (VOTE, "by how many votes did marsh win", "4,203"),  # the margin, not the 18,412 she
    # took
    (COURT, "who is her lawyer", "Rebecca Stone"),  # not whose lawyer: "Pruitt"
    (COURT, "how long were they waiting", None),  # "for this day" is no length
    (LENGTHS, "when was the comet named after trelawny", None),  # a length is no when
    (LENGTHS, "when did dorset last have wild beavers", "about 400 years"),  # unless "last"
    (LENGTHS, "when will the works be finished", "20 days"),  # or one that says when
    (HACKED, "who did the company report the attack to", "FBI"),
    (HACKED, "what is the company called that reported the attack", None),  # "The company"
    # is all the sentence calls it: the FBI is another body
    (HACKED, "which company makes the fitness app", "StrideLoop"),  # beside its noun
    (HACKED, "which town was hardest hit", "Jamiltepec"),  # "the town of Jamiltepec"
    (HACKED, "when did the church collapse", None),  # how far apart, not when
])
def test_the_marked_span_is_what_was_asked(
    real_app: Footnote, article: str, question: str, span: str | None
) -> None:
    real_app.add_text("one", article)
    c = real_app.ask("one", question).citations[0]
    assert (c.quote[slice(*c.answer_span)] if c.answer_span else None) == span, c.quote


@pytest.mark.parametrize(("first", "age", "holder"), [
    ("who survived by grabbing a drum", "29", "Rahima Begum"),  # in the sentence just quoted
    ("who is karim", "46", "Karim"),  # in another sentence, after the name
])
def test_how_old_is_she_after_an_answer_about_someone_gives_their_age(
    real_app: Footnote, first: str, age: str, holder: str
) -> None:
    real_app.add_text("default", CAPSIZED)
    _, then = _chain(real_app, first, "how old is " + (
        "she" if holder.startswith("Rahima") else "he"))
    c = then.citations[0]
    assert c.answer_span is not None and c.quote[slice(*c.answer_span)] == age, c.quote
    assert f"{holder}, {age}" in c.quote


def test_who_is_someone_named_after_said_is_not_said(real_app: Footnote) -> None:
    real_app.add_text("default", CAPSIZED)
    c = real_app.ask("default", "who is karim").citations[0]
    assert c.quote[slice(*c.answer_span)] == "the district's chief of fire and civil defense"


def test_where_is_it_going_stays_with_the_article_talked_about(real_app: Footnote) -> None:
    real_app.add_text("default", PROBE)
    real_app.add_text("default", CAPSIZED)
    first, going = _chain(real_app, "what is the probe called", "where is it going")
    assert "Aurora" in first.citations[0].quote
    assert {c.article_id for c in going.citations} == {first.citations[0].article_id}


def test_where_does_she_work_after_an_answer_about_her(real_app: Footnote) -> None:
    real_app.add_text("default", GAS)
    first, then = _chain(real_app, "who is the economist quoted", "where does she work")
    assert "Kowalski" in first.citations[0].quote
    c = then.citations[0]
    assert c.answer_span is not None and c.quote[slice(*c.answer_span)] == (
        "Brightwater Financial"), c.quote  # not Denise Carter's Arlington


def test_a_conversation_stays_with_the_story_talked_about(real_app: Footnote) -> None:
    """In a library of several stories, a question that could be about the story the
    conversation is on is answered from it ("whos the judge", after a question about a
    water company's fine: not the judge of another story's trial); one whose rarest word
    that story never mentions is answered from the library as a whole."""
    train = Path(__file__).resolve().parent.parent / "bench" / "data" / "natural_train"
    for name in ("water-company-fine.txt", "care-home-fraud-trial.txt",
                 "beavers-released-dorset.txt"):
        real_app.add_file("default", train / name)
    water, care = _title(real_app, "Southern Water"), _title(real_app, "Care home")
    alone = real_app.ask("default", "whos the judge")
    assert alone.citations[0].title == care  # asked first, the trial's judge
    fined, judge, beavers = _chain(real_app, "how much was southern water fined",
                                   "whos the judge", "how many beavers were released")
    assert fined.citations[0].title == water
    assert judge.citations[0].title == water, judge.citations[0].quote
    assert "Judge" in judge.citations[0].quote
    assert "five beavers" in beavers.citations[0].quote


# --- "tell me more" and "tell me about" ------------------------------------------------

def _sentences_after(app: Footnote, citation: Citation) -> list[str]:
    """The article's sentences after ``citation``, as the passages split them."""
    view = app.show_article("default", citation.article_id)
    spans = sorted({s for p in view.passages for s in p.sentences})
    return [view.article.text[s:e] for s, e in spans if s >= citation.end]


def test_tell_me_more_reads_the_article_on(newsroom: Footnote) -> None:
    """"tell me more" quotes the sentences after the answer's quote (not a search), and
    "go on" after it what follows those, each cited verbatim."""
    first, more, again = _chain(newsroom, "how many people were evacuated in york",
                                "tell me more", "go on")
    quoted = {c.quote for c in first.citations}
    wanted = [s for s in _sentences_after(newsroom, first.citations[0]) if s not in quoted]
    assert [c.quote for c in more.citations] == wanted[:2], more.text
    assert [c.quote for c in again.citations] == [
        s for s in _sentences_after(newsroom, more.citations[-1]) if s not in quoted][:2]
    york = _title(newsroom, "York")
    for answer in (more, again):
        assert not answer.declined and not answer.hedged
        assert answer.text.startswith(f"“{york}” goes on: ")
        for c in answer.citations:
            text = newsroom.show_article("default", c.article_id).article.text
            assert c.title == york and text[c.start:c.end] == c.quote
            assert f"{c.quote} [{c.n}]" in answer.text


def test_tell_me_more_past_the_end_says_where_the_article_ends(real_app: Footnote) -> None:
    real_app.add_text("short", "Ferry delayed\n\nThe morning ferry to Lundy was delayed by "
                      "fog on Monday.\n\nIt sailed at noon, three hours late.\n")
    first = real_app.ask("short", "when did the ferry sail")
    assert "noon" in first.citations[0].quote
    more = real_app.ask("short", "tell me more", previous=context_after(first, None))
    assert more.text == "That is the end of “Ferry delayed”: it says nothing more."
    assert not more.declined and not more.citations


def test_tell_me_more_with_nothing_before_it_says_what_the_library_holds(
        newsroom: Footnote) -> None:
    assert newsroom.ask("default", "tell me more").text.startswith(
        "The library holds 3 articles:")


def test_tell_me_about_a_story_by_its_title_words_quotes_its_lead(newsroom: Footnote) -> None:
    york = _title(newsroom, "York")
    told = newsroom.ask("default", "tell me about the york floods")
    assert told.text.startswith(f"“{york}”: ")
    (lead,) = told.citations
    assert lead.title == york and lead.paragraph == 1
    bailey = newsroom.ask("default", "tell me about simon bailey")  # a person: an answer
    assert not bailey.text.startswith("“") and "Bailey" in bailey.citations[0].quote


ORCHID = ("Rare orchid found on Dorset heath\n\nA volunteer botanist has found a rare orchid on "
          "a heath near Wareham, the first seen in Dorset for 60 years.\n\nThe plant, a bog "
          "orchid called Hammarbya paludosa, was spotted by Ruth Oakes, 58, during a survey "
          "in July.\n")


def test_what_is_it_called_after_an_answer_is_the_subject_s_name(real_app: Footnote) -> None:
    """"what is it called?" after a question about the orchid asks the orchid's name; asked
    first, or after a question about the article itself, the article's title."""
    real_app.add_text("heath", ORCHID)
    first = real_app.ask("heath", "who found the orchid")
    for then in ("what is it called", "whats its name"):
        named = real_app.ask("heath", then, previous=context_after(first, None))
        assert "Hammarbya paludosa" in named.citations[0].quote, (then, named.text)
        assert not named.text.startswith("The article is called")
    alone = real_app.ask("heath", "what is it called")
    assert alone.text.startswith("The article is called “Rare orchid found on Dorset heath”")
    about = real_app.ask("heath", "who wrote it")
    title = real_app.ask("heath", "what is it called", previous=context_after(about, None))
    assert title.text.startswith("The article is called")


WAREHOUSE = ("Warehouse fire in Hull\n\nA fire destroyed a furniture warehouse in Hull on Sunday "
             "night.\n\nStation manager Karen Doyle said the blaze had started in a loading bay."
             "\n\n“It spread through the roof in minutes, and my crews did well to save the "
             "offices next door,” she said.\n\nThe owner, Tariq Aziz, said he would rebuild the "
             "warehouse within a year.\n")


def test_what_someone_said_quotes_their_words_in_the_next_paragraph(
        real_app: Footnote) -> None:
    """News introduces a speaker in one paragraph and quotes them in the next: "what did
    the station manager say?" quotes both, two citations in reading order, and not the
    owner's words after them."""
    real_app.add_text("hull", WAREHOUSE)
    said = real_app.ask("hull", "what did the station manager say")
    assert [c.quote for c in said.citations] == [
        "Station manager Karen Doyle said the blaze had started in a loading bay.",
        "“It spread through the roof in minutes, and my crews did well to save the offices "
        "next door,” she said."], said.text
    assert [c.paragraph for c in said.citations] == [2, 3]
    assert said.text.endswith(f"{said.citations[0].quote} [1] {said.citations[1].quote} [2]")


def test_a_question_not_about_what_was_said_is_not_read_on(real_app: Footnote) -> None:
    real_app.add_text("hull", WAREHOUSE)
    where = real_app.ask("hull", "where did the blaze start")
    assert [c.quote for c in where.citations] == [
        "Station manager Karen Doyle said the blaze had started in a loading bay."], where.text


def test_how_old_is_she_when_the_article_gives_no_age_says_so(real_app: Footnote) -> None:
    """Not the nearest age of someone else ("Tariq Aziz, 52" would be found by the words):
    a hedge saying the article does not give hers, citing the sentence that names her."""
    real_app.add_text("hull", WAREHOUSE.replace("Tariq Aziz,", "Tariq Aziz, 52,"))
    first = real_app.ask("hull", "who is the station manager")
    age = real_app.ask("hull", "how old is she", previous=context_after(first, None))
    assert age.hedged and not age.declined, age.text
    assert age.text == "“Warehouse fire in Hull” does not say how old Karen Doyle is [1]."
    (named,) = age.citations
    assert named.quote.startswith("Station manager Karen Doyle said")
    assert named.quote[slice(*named.answer_span)] == "Karen Doyle"
    owner = real_app.ask("hull", "who owns the warehouse")
    his = real_app.ask("hull", "how old is he", previous=context_after(owner, None))
    assert his.citations[0].quote[slice(*his.citations[0].answer_span)] == "52", his.text


SWIMMER = ("Teenager breaks record\n\nAustralian teenager Kelsey Varga smashed the women's "
           "200-meter freestyle world record on Wednesday night.\n\nThe 17-year-old from "
           "Brisbane took 0.71 seconds off the previous mark, set by American Dana Whitlock, "
           "24.\n\nShe said she had cried when she saw the time.\n")


@pytest.mark.parametrize(("article", "first", "then", "age"), [
    ("country-singer-dies-nashville.txt", "how did wade callister die", "how old was he", "71"),
    (SWIMMER, "what did kelsey varga do", "how old is she", "17-year-old"),
])
def test_how_old_is_he_finds_whom_the_article_calls_so(
    real_app: Footnote, article: str, first: str, then: str, age: str
) -> None:
    """"he" after a quote naming the singer and his publicist is the singer (the article
    calls him "he", and her nothing), not "Jenna Holloway"; and news that names someone,
    then calls them "The 17-year-old", gives their age."""
    if article.endswith(".txt"):
        real_app.add_file("one", Path(__file__).parent.parent / "bench/data/wire_train" / article)
    else:
        real_app.add_text("one", article)
    before = real_app.ask("one", first)
    answer = real_app.ask("one", then, previous=context_after(before, None))
    cited = answer.citations[0]
    assert cited.answer_span is not None, answer.text
    assert cited.quote[slice(*cited.answer_span)] == age, answer.text


def test_what_did_she_say_quotes_her_own_words(real_app: Footnote) -> None:
    """After an answer about someone, "what did she say?" is her words in quotation marks
    (not the sentence already quoted, nor another story's speaker)."""
    real_app.add_text("hull", WAREHOUSE)
    first = real_app.ask("hull", "who is the station manager")
    said = real_app.ask("hull", "what did she say", previous=context_after(first, None))
    assert [c.quote for c in said.citations] == [
        "“It spread through the roof in minutes, and my crews did well to save the offices "
        "next door,” she said."], said.text
    assert not said.hedged and not said.declined
    owner = real_app.ask("hull", "who owns the warehouse")
    his = real_app.ask("hull", "what did he say", previous=context_after(owner, None))
    assert "rebuild" in his.citations[0].quote, his.text


INQUEST = ("Inquest told of canal rescue\n\nAn inquest in Leeds heard on Monday how a man "
           "drowned in the Aire and Calder canal in March.\n\nCoroner Helen Ashby said the "
           "towpath lighting had failed two weeks before.\n\n“Nobody reported it, and nobody "
           "checked it,” she said. “That cannot happen again.”\n\nThe canal trust said it "
           "had since replaced every lamp on the stretch.\n\nMs Ashby said she would write "
           "to the trust about its inspections.\n\n“I expect an answer within 56 days,” "
           "she added.\n\nThe man's sister thanked the coroner after the hearing.\n\nMs "
           "Ashby said the death had been an accident.\n")


def test_what_did_she_say_asked_on_reads_on(real_app: Footnote) -> None:
    """Asked again ("what else did she say?"), what she says next, in reading order: not
    back to the words the answer before last showed."""
    real_app.add_text("leeds", INQUEST)
    turn = real_app.ask("leeds", "who is helen ashby")
    quotes = []
    for question in ("what did she say", "what else did she say", "what did she say"):
        turn = real_app.ask("leeds", question, previous=context_after(turn, None))
        assert not turn.declined and not turn.hedged, turn.text
        quotes.append(turn.citations[0].quote)
    assert quotes[0].startswith("“Nobody reported it"), quotes
    assert quotes[1].startswith("Ms Ashby said she would write"), quotes
    assert quotes[2].startswith("Ms Ashby said the death"), quotes


MATCH = ("Town 3-2 Rovers\n\nTown came from two goals down to beat Rovers 3-2 on Saturday."
         "\n\nRovers defender Aaron Fenlow was sent off after referee Martin Kell pointed to "
         "the spot.\n\nRovers manager Sue Harrop was furious about the penalty decision. "
         "\"I've watched it back three times and I still don't know what the referee has "
         "seen,\" she said.\n\nTown manager Gary Lisle said his side had deserved the win.\n")


def test_what_someone_said_reads_on_from_the_sentence_naming_them(real_app: Footnote) -> None:
    """"Sue Harrop was furious about the penalty decision." has no speaker, but she is
    the one person it is about and the next sentence is hers ('"...," she said'): "what
    did the rovers manager say about the ref" quotes both (shapes_dev, stop 57)."""
    real_app.add_text("match", MATCH)
    said = real_app.ask("match", "what did the rovers manager say about the ref")
    assert said.citations[0].quote.startswith("Rovers manager Sue Harrop was furious"), said.text
    assert "she said." in said.citations[0].quote, said.text


def test_what_someone_said_replaces_a_far_second_quote_with_their_next_words(
        real_app: Footnote) -> None:
    """A sentence naming one person, who speaks next, reads on to her words; an answer
    quoting another's words that name whom the question asks about as closely stays; one
    quoting the speaker's sentence and another story sentence far from it
    quotes the speaker's next words instead of that other one; an answer already quoting
    them stays."""
    from bot.answering.citations import citation_of
    from bot.answering.speech import speech_reads_on

    real_app.add_text("match", MATCH)
    snapshot = real_app.library("match").snapshot()
    (article_id, article), = snapshot.articles.items()

    def cite(n: int, sentence: str) -> Citation:
        start = article.text.index(sentence)
        cited = citation_of(snapshot, n, article_id, start, start + len(sentence), None)
        assert cited is not None
        return cited

    furious = cite(1, "Rovers manager Sue Harrop was furious about the penalty decision.")
    alone = Answer("what did she say", "", declined=False, citations=(furious,))
    (quote,) = speech_reads_on("what did the rovers manager say", snapshot, alone).citations
    assert quote.quote.endswith("she said."), quote  # no speaker, but she alone is named
    sent_off = cite(2, "Rovers defender Aaron Fenlow was sent off after referee Martin Kell "
                       "pointed to the spot.")
    built = Answer("what did the rovers manager say", "", declined=False,
                   citations=(furious, sent_off))
    read_on = speech_reads_on("what did the rovers manager say", snapshot, built)
    (quote,) = read_on.citations
    assert quote.quote.startswith(furious.quote) and quote.quote.endswith("she said."), quote
    lisle = cite(2, "Town manager Gary Lisle said his side had deserved the win.")
    other = Answer("what did the town manager say", "", declined=False,
                   citations=(furious, lisle))  # someone's words, naming whom was asked about
    assert speech_reads_on("what did the town manager say", snapshot, other,
                           words=("town", "manager")) == other
    words = cite(2, "\"I've watched it back three times and I still don't know what the "
                    "referee has seen,\" she said.")
    both = Answer("what did the rovers manager say", "", declined=False,
                  citations=(furious, words))
    assert speech_reads_on("what did the rovers manager say", snapshot, both) == both


def test_a_nobody_else_sentence_is_quoted_with_the_one_before_it(real_app: Footnote) -> None:
    """"Nobody else has been hurt." answers "was anyone hurt" only with the sentence before
    it, which says who was (shapes_dev's live blog, stop 57)."""
    real_app.add_text("blaze", (
        "Fire at recycling plant\n\nA large fire has broken out at a recycling plant in "
        "Brayford, sending black smoke across the town.\n\nA firefighter has been taken to "
        "hospital with heat exhaustion, the fire service says. Nobody else has been hurt.\n\n"
        "Residents are asked to keep their windows shut.\n"))
    hurt = real_app.ask("blaze", "was anyone hurt")
    assert "A firefighter has been taken to hospital" in hurt.citations[0].quote, hurt.text
