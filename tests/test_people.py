""""Who is X?" and "what is X's job?" are answered with the sentence that introduces X
(bot/answering/people.py), from the ingest-time analysis."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answering.people import asked_person, person_answer
from bot.answering.sentences import _TITLED_NAME, facts_of
from bot.conversation import Quoted, Turn, context_after
from bot.service import Footnote

COURT = """Care home boss jailed

The former manager of a Stockport care home has been jailed for six years.

She spent the money on holidays, the prosecutor, Martin Hale, told the court.

Her barrister, Simon Adeyemi, said she was deeply ashamed.

Detective Sergeant Tom Reilly, who led the investigation, said families should check accounts.

Mr Reilly said the money would be recovered.
"""

SEED_INTRO = "Simon Bailey, the country’s leading child protection officer and Chief Constable"


@pytest.mark.parametrize(("question", "person"), [
    ("Who is Simon Bailey?", "Simon Bailey"),
    ("who's bailey", "bailey"),
    ("what is simon bailey's job", "simon bailey"),
    ("What was Mr Bailey’s role?", "Mr Bailey"),
    ("what is the job of Tom Reilly", "Tom Reilly"),
    ("what does bailey do for a living", "bailey"),
    ("whats his job", "his"),
    ("who is she", "she"),
    ("What role does Reilly have?", "Reilly"),
])
def test_the_person_asked_about(question: str, person: str) -> None:
    assert asked_person(question) == person


@pytest.mark.parametrize("question", ["What did he say about fines?", "Who wrote to the MP?",
                                      "what does the article say", "Why is he angry?",
                                      "what did he do"])
def test_other_questions_ask_about_nobody(question: str) -> None:
    assert asked_person(question) is None


@pytest.mark.parametrize("question", ["Who is Simon Bailey?", "what is bailey's job",
                                      "What does Mr Bailey do?", "whats his job"])
def test_the_seed_introduces_simon_bailey(app: Footnote, question: str) -> None:
    answer = app.ask("default", question)
    assert not answer.declined and not answer.hedged
    (c,) = answer.citations
    assert c.quote.startswith(SEED_INTRO) and c.paragraph == 2
    assert answer.text == f"{c.quote} [1]"


@pytest.mark.parametrize(("question", "intro"), [
    ("who is martin hale", "She spent the money on holidays, the prosecutor, Martin Hale"),
    ("What does Simon Adeyemi do?", "Her barrister, Simon Adeyemi"),
    ("who is reilly", "Detective Sergeant Tom Reilly, who led the investigation"),
])
def test_the_first_sentence_naming_someone_introduces_them(
    app: Footnote, question: str, intro: str
) -> None:
    court = app.add_text("court", COURT).article
    answer = app.ask("court", question)
    (c,) = answer.citations
    assert c.article_id == court.id and c.quote.startswith(intro)


SENTENCING = """Driver jailed for killing cyclist

Connor Breslin, 34, of Gorse Lane, admitted causing death by careless driving.

The court heard that Breslin was driving home from a party.

Breslin had drunk four pints of lager, the court heard.

Breslin stopped about 200 metres down the road.

His barrister said that Breslin, a self-employed electrician, was deeply ashamed.
"""


@pytest.mark.parametrize("question", ["what does he do for a living", "what is breslins job"])
def test_a_job_is_found_wherever_the_story_gives_it(app: Footnote, question: str) -> None:
    app.add_text("court", SENTENCING)
    (c,) = app.ask("court", question).citations
    assert c.quote.startswith("His barrister said that Breslin, a self-employed electrician")
    assert c.quote[c.answer_span[0]:c.answer_span[1]] == "a self-employed electrician"
    # who he is: where the story introduces him
    (who,) = app.ask("court", "who is connor breslin").citations
    assert who.quote.startswith("Connor Breslin, 34")


def test_a_name_nobody_in_the_library_has_goes_to_the_answerer(app: Footnote) -> None:
    app.add_text("court", COURT)
    snapshot = app.library("court").snapshot()
    for question in ("who is Rachel Thornton", "who is the judge", "who is Hale Bailey",
                     "who is Simon Bailey"):
        assert person_answer(question, snapshot) is None, question
    assert person_answer("who is Simon Adeyemi", snapshot) is not None


def test_his_job_in_a_follow_up_is_the_previous_answers_person(app: Footnote) -> None:
    app.add_text("court", COURT)
    first = app.ask("court", "who is martin hale")
    job = app.ask("court", "and what is his job", previous=context_after(first, None))
    assert job.citations[0].quote == first.citations[0].quote


def test_his_job_with_several_articles_and_no_context_is_not_guessed(app: Footnote) -> None:
    seed = app.list_articles("default")[0]
    app.add_text("default", COURT)
    snapshot = app.library("default").snapshot()
    assert person_answer("whats his job", snapshot) is None
    pinned = person_answer("whats his job", snapshot, article_id=seed.id)
    assert pinned is not None and pinned.citations[0].quote.startswith(SEED_INTRO)


def test_a_clause_is_not_a_name(app: Footnote) -> None:
    snapshot = app.library("default").snapshot()
    for question in ("Who was the edict addressed to?", "who is in charge of the police",
                     "who is simon bailey and martin evans"):
        assert person_answer(question, snapshot) is None, question


def test_a_name_in_too_many_articles_is_left_to_the_answerer(
    app: Footnote, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = app.library("default").snapshot()
    assert person_answer("who is bailey", snapshot) is not None
    monkeypatch.setattr("bot.answering.people.PERSON_ARTICLES", 0)  # 1 article is too many
    assert person_answer("who is bailey", snapshot) is None


ROLES = """Leeds council fined over landslip

Jake Morris, 16, one of the organisers, said the park was needed.

The Environment Agency's head of enforcement, Helen Cramp, said the fine was a record.

It is a rare sight, Amira Hussain said as the comet passed.

Polling expert Professor Laura Finch, of the University of Leeds, said turnout fell.

The union will seek talks, and its national officer, Mark Kennedy, called the deal a gamble.

Maureen Kelly, a retired nurse from Armley, spotted the crack first.

On Monday Ruth Okafor opened the new footbridge.

Speaking at the count, Ms Priya Shah thanked the volunteers.

Gen. Howard Whitfield, the head of Central Command, said the drawdown would go on.

"We have never seen one," said principal investigator Dr. Samuel Achebe of the mission.

"The fire is now contained," said Los Angeles County Fire Chief Daniel Whitaker.

Divers worked through the night, said Mohammad Karim, the district's chief of civil defense.
"""


@pytest.mark.parametrize(("question", "marked"), [
    ("who is martin hale", "the prosecutor"),  # before the name
    ("who is simon adeyemi", "Her barrister"),
    ("who is tom reilly", "Detective Sergeant"),  # the title in front of it
    ("whos jake morris", "one of the organisers"),  # after it, the age skipped
    ("who is helen cramp", "The Environment Agency's head of enforcement"),
    ("who is laura finch", "Polling expert Professor"),
    ("who is mark kennedy", "its national officer"),  # not "and its national officer"
    ("who is maureen kelly", "a retired nurse from Armley"),
    ("who is howard whitfield", "the head of Central Command"),  # not "Gen."
    ("who is samuel achebe", "principal investigator"),  # not "... Dr."
    ("who is daniel whitaker", "Los Angeles County Fire Chief"),  # a long capitalised title
    ("who is karim", "the district's chief of civil defense"),  # not "said"
])
def test_who_is_marks_what_the_sentence_says_they_are(
    app: Footnote, question: str, marked: str
) -> None:
    app.add_text("court", COURT, title="Care home boss jailed", actor="mod")
    app.add_text("court", ROLES, title="Leeds council fined over landslip", actor="mod")
    answer = app.ask("court", question)
    citation = answer.citations[0]
    assert citation.answer_span is not None, answer.text
    a, b = citation.answer_span
    assert citation.quote[a:b] == marked


@pytest.mark.parametrize(("question", "quoted"), [
    ("who is amira hussain", "rare sight"),  # a clause before the name
    ("who is ruth okafor", "footbridge"),  # "On Monday" is no title
    ("who is priya shah", "thanked"),  # nor is "Ms"
])
def test_what_stands_before_a_name_is_not_always_its_description(
    app: Footnote, question: str, quoted: str
) -> None:
    app.add_text("court", ROLES, title="Leeds council fined over landslip", actor="mod")
    answer = app.ask("court", question)
    assert quoted in answer.text
    citation = answer.citations[0]
    assert citation.answer_span is None, citation.quote[slice(*citation.answer_span)]


PUB = """Villagers buy their pub

Villagers in Elsworth have bought the Red Lion after it closed last year.

Society chair Margaret Dent said the sale was a relief. She said the village had waited
for months. She thanked every shareholder.

Local farmer Tom Raine, 58, put £5,000 into the scheme. He said he met his wife there.

Ms Dent said the pub would reopen in April.
"""


@pytest.mark.parametrize(("question", "name"), [
    ("whats her name", "Margaret Dent"),
    ("What's his name?", "Tom Raine"),
    ("what is her full name", "Margaret Dent"),
])
def test_whats_her_name_asked_first_is_the_person_the_pronoun_fits(
    app: Footnote, question: str, name: str
) -> None:
    pub = app.add_text("pub", PUB).article
    answer = app.ask("pub", question)
    assert not answer.declined and not answer.hedged
    (c,) = answer.citations
    assert c.article_id == pub.id and name in answer.text
    assert c.answer_span is not None
    assert c.quote[c.answer_span[0] : c.answer_span[1]] == name


def test_whats_her_name_with_several_articles_and_no_context_is_not_guessed(
    app: Footnote,
) -> None:
    app.add_text("default", PUB)
    assert person_answer("whats her name", app.library("default").snapshot()) is None


def test_a_hometown_after_an_age_is_not_what_someone_is(app: Footnote) -> None:
    app.add_text("fraud", "Care home manager jailed\n\nKaren Whitlow, 54, of Hazel Grove, used "
                 "her position at Oakfield House to take money from residents.\n\nShe was "
                 "jailed for six years.\n")
    answer = app.ask("fraud", "who is karen whitlow")
    (c,) = answer.citations
    assert c.quote.startswith("Karen Whitlow, 54, of Hazel Grove")
    assert c.answer_span is None or "Hazel" not in c.quote[c.answer_span[0]:c.answer_span[1]]


COUNCIL = """Bin review ordered

Council leader Anna Price said the bin rounds would change in the spring.

She said residents had waited too long for a decision.

Anna Price said Tom Lane, the deputy leader, would lead the review of bin collections.

Tom Lane said he would report back by March.

He said the review would look at every round.
"""


@pytest.mark.parametrize(("question", "named"), [
    ("whats his name", "Tom Lane"), ("what's her name", "Anna Price"),
    ("who is he", "Tom Lane"), ("who is she", "Anna Price"),
])
def test_a_follow_up_pronoun_picks_the_person_it_fits(
    app: Footnote, question: str, named: str
) -> None:
    """The quoted sentence is Anna Price's (she) and about Tom Lane (he): "his" is him."""
    article = app.add_text("council", COUNCIL).article
    start = article.text.index("Anna Price said Tom Lane")
    end = article.text.index(".", start) + 1
    previous = Turn("who will lead the review", (Quoted(article.id, start, end),))
    answer = app.ask("council", question, previous=previous)
    assert not answer.declined and answer.citations
    assert named in answer.text or named in answer.citations[0].quote, answer.text
    other = "Anna Price" if named == "Tom Lane" else "Tom Lane"
    assert other not in answer.text.split("[")[0], answer.text


SWIM = """Grandmother swims the Channel

A 67-year-old grandmother from Ohio has become the oldest woman to swim the English Channel.

Linda Kessler set off from Shakespeare Beach near Dover at 5.40am on Saturday.

Kessler, a retired maths teacher from Cincinnati, took up open-water swimming eight years ago.
"""


@pytest.mark.parametrize("question", ["What was Kessler's job?", "Who is Linda Kessler?"])
def test_the_sentence_that_says_what_someone_is_beats_the_one_that_first_names_them(
    app: Footnote, question: str
) -> None:
    app.add_text("swim", SWIM)
    answer = app.ask("swim", question)
    (c,) = answer.citations
    assert c.quote.startswith("Kessler, a retired maths teacher"), c.quote
    assert c.answer_span is not None
    assert c.quote[c.answer_span[0]:c.answer_span[1]].startswith("a retired maths teacher")


FAMILY = """Boy found alive in woods

A 3-year-old boy, Owen Gallagher, was found alive on Wednesday after a night in the woods.

His mother, Jessica Gallagher, 28, said she had turned her back for less than a minute.

His father, Brian Gallagher, 31, a truck driver, drove through the night to join the search.

"When they told me he was alive, I fell to my knees," Gallagher said.

Owen was taken to a hospital in Bangor, where he was treated for dehydration.
"""


def test_people_of_one_surname_are_not_one_person(app: Footnote) -> None:
    from bot.answering.sentences import facts_of

    article = app.add_text("family", FAMILY).article
    facts = facts_of(app.library("family").snapshot(), article.id)
    people = [name for name, _, _, label in facts.names if label == "PERSON"]
    assert {"Owen Gallagher", "Jessica Gallagher", "Brian Gallagher"} <= set(people)
    assert len(people) == len(set(people))

    def speaker(fragment: str) -> str:
        info = facts.sentence_at(article.text.index(fragment))
        assert info is not None and info.speaker is not None
        return facts.names[info.speaker[0]][0]

    assert speaker("she had turned her back") == "Jessica Gallagher"
    assert speaker("I fell to my knees") == "Brian Gallagher"  # the Gallagher named last
    owen = facts.sentence_at(article.text.index("Owen was taken"))
    assert owen is not None and people.index("Owen Gallagher") in {
        people.index(facts.names[i][0]) for i in owen.about if facts.names[i][3] == "PERSON"}


def test_who_is_one_of_a_family_describes_that_one(app: Footnote) -> None:
    app.add_text("family", FAMILY)
    answer = app.ask("family", "Who is Brian Gallagher?")
    assert "a truck driver" in answer.citations[0].quote, answer.text


def test_who_is_a_person_the_small_model_missed_reads_the_name_as_written(
    app: Footnote,
) -> None:
    # spaCy tags nothing in the last sentence: the name is found as written, with capitals
    app.add_text("fire", "Moorland fire treated as deliberate\n\n"
                 "Police said they were treating the fire as deliberate after witnesses "
                 "reported seeing a group of people lighting a barbecue near a footpath on "
                 "Thursday afternoon.\n\n"
                 "Detective Sergeant Helen Marsh appealed for anyone with photographs or "
                 "video from the area to come forward.\n")
    answer = app.ask("fire", "who is helen marsh")
    c = answer.citations[0]
    assert c.quote.startswith("Detective Sergeant Helen Marsh appealed")
    assert c.answer_span is not None and c.quote[slice(*c.answer_span)] == "Detective Sergeant"
    assert person_answer("who is helen marsh", app.library("fire").snapshot()) is not None


def _speakers_and_about(
    app: Footnote, text: str
) -> tuple[Callable[[str], str | None], Callable[[str], set[str]]]:
    """Two readers of an article's analysis: who speaks in, and who is the "he" or "she"
    of, the sentence holding a fragment."""
    from bot.answering.sentences import facts_of

    article = app.add_text("talk", text).article
    facts = facts_of(app.library("talk").snapshot(), article.id)

    def speaker(fragment: str) -> str | None:
        info = facts.sentence_at(article.text.index(fragment))
        assert info is not None
        return None if info.speaker is None else facts.names[info.speaker[0]][0]

    def about(fragment: str) -> set[str]:
        info = facts.sentence_at(article.text.index(fragment))
        assert info is not None
        return {facts.names[i][0] for i in info.about}

    return speaker, about


RUGBY = """Leicester win the cup

Leicester Tigers won the cup after the fly-half Freddie Burns kicked a late penalty.

Burns, who only joined Leicester from Bath in January, struck the kick from 48 metres.

"I just tried to hit it like any other kick in training," he said afterwards.

The Leicester head coach, Dan McKellar, said his side had shown "real character" after they \
lost their captain, Julian Montoya, to a shoulder injury.

McKellar said Montoya would have a scan on Monday and could miss up to six weeks.

"Julian is a huge loss for us," McKellar said.

Polling expert Professor Laura Finch, of the University of Leeds, said the crowd was a record.
"""


def test_who_speaks_is_the_name_nearest_the_verb_outside_quotations(app: Footnote) -> None:
    speaker, about = _speakers_and_about(app, RUGBY)
    assert speaker("McKellar said Montoya would") == "Dan McKellar"  # not Montoya after it
    assert speaker("his side had shown") == "Dan McKellar"  # "his" after "said" is not them
    assert speaker("Julian is a huge loss") == "Dan McKellar"  # nor a name in the quote
    assert speaker("the crowd was a record") == "Laura Finch"  # not "of the University"
    said = speaker("I just tried to hit it")  # "he": whom the last sentence was about first,
    assert said is not None and said.endswith("Burns")  # not Leicester (a PERSON to spaCy)
    assert any(name.endswith("Burns") for name in about("I just tried to hit it"))


def test_she_is_someone_known_to_be_one(app: Footnote) -> None:
    speaker, about = _speakers_and_about(app, (
        "Boy found\n\nHis mother, Jessica Gallagher, 28, was hanging laundry when Owen "
        "Gallagher walked off.\n\nShe said she turned her back for less than a minute.\n"))
    assert speaker("she turned her back") == "Jessica Gallagher"  # not Owen, named last
    assert about("she turned her back") == {"Jessica Gallagher"}


def test_a_surname_opening_a_sentence_is_the_person_named_in_full_before(
    app: Footnote
) -> None:
    speaker, about = _speakers_and_about(app, (
        "By-election\n\nThe Liberal Democrat Helen Marsh beat the Conservative Tom Price.\n\n"
        "Marsh called for an independent inquiry and said her party would raise the issue.\n"))
    assert speaker("called for an independent inquiry") == "Helen Marsh"
    assert "Helen Marsh" in about("called for an independent inquiry")


def test_a_surname_the_small_model_calls_a_body_is_the_person_of_that_surname() -> None:
    from bot.answering.sentences import _People

    people = _People()
    karen = people.mention("Karen Whitlow", 0, 13, "PERSON")
    assert people.mention("Whitlow", 40, 47, "ORG") == karen
    assert people.mention("Leeds", 60, 65, "GPE") != karen


def test_her_after_someone_says_something_of_another_is_not_the_speaker(app: Footnote) -> None:
    from pathlib import Path

    story = Path(__file__).parent.parent / "bench/data/wire_train/swimming-record-melbourne.txt"
    speaker, _ = _speakers_and_about(app, story.read_text(encoding="utf-8"))
    # "Pettit, 58, ..., said Varga had trained through an injury that forced her to miss
    # three weeks": "her" is Varga's, so Pettit is no "she" and the next "he said" is his
    assert speaker("There were days in February") == "Graham Pettit"


def test_she_said_closing_someones_words_is_theirs(app: Footnote) -> None:
    """'"... the doorbell goes," she said.' carrying on Edna Pryce's words is hers, not the
    town the small model takes for a woman in the sentence before hers (rule 37, stop 48)."""
    speaker, _ = _speakers_and_about(app, (
        "Roofer jailed\n\nThe fraud came to light in March last year when a bank clerk in "
        "Mold became suspicious after an 84-year-old customer asked to withdraw £9,000 in "
        "cash.\n\nIn a victim impact statement read to the court by her daughter, "
        "91-year-old Edna Pryce said she had lost her life savings and no longer felt safe "
        "in her own home. “I used to leave my door open for the neighbours. Now I jump every "
        "time the doorbell goes,” she said. “He didn’t just take my money.”\n"))
    assert speaker("Now I jump every time") == "Edna Pryce"
    assert speaker("He didn’t just take my money") == "Edna Pryce"


# --- who is in an article -------------------------------------------------------------

def test_who_is_mentioned_names_the_people_each_cited_where_introduced(app: Footnote) -> None:
    """Most written-about first; each person cited by the sentence that says who they are,
    what it says marked ("the prosecutor"); places are never listed."""
    app.add_text("court", COURT)
    answer = app.ask("court", "who is mentioned in the article?")
    assert answer.text == ("“Care home boss jailed” names Tom Reilly [1], Martin Hale [2] "
                           "and Simon Adeyemi [3].")
    assert [c.quote[:30] for c in answer.citations] == [
        "Detective Sergeant Tom Reilly,", "She spent the money on holiday",
        "Her barrister, Simon Adeyemi, "]
    marked = [c.quote[slice(*c.answer_span)] for c in answer.citations if c.answer_span]
    assert marked == ["Detective Sergeant", "the prosecutor", "Her barrister"]
    assert not answer.declined and not answer.hedged
    for c in answer.citations:
        assert app.show_article("court", c.article_id).article.text[c.start:c.end] == c.quote


@pytest.mark.parametrize("question", [
    "which people are quoted", "who is quoted in the story?",
])
def test_who_is_quoted_names_only_those_who_speak(app: Footnote, question: str) -> None:
    app.add_text("court", COURT)
    answer = app.ask("court", question)
    assert answer.text.startswith("“Care home boss jailed” quotes "), answer.text
    assert "Tom Reilly" in answer.text and "Simon Adeyemi" in answer.text


def test_who_is_quoted_leaves_out_who_only_is_spoken_of(app: Footnote) -> None:
    app.add_text("court", COURT + "\nThe home's owner, Peter Cole, has sold the business.\n")
    assert "Peter Cole [" in app.ask("court", "who is mentioned in the story").text
    quoted = app.ask("court", "who is quoted in the story").text
    assert quoted.startswith("“Care home boss jailed” quotes ") and "Peter Cole" not in quoted


def test_who_is_mentioned_is_asked_of_one_article(app: Footnote) -> None:
    """With several articles, the one named ("the care home story") or else nothing here:
    the question goes to the answerer."""
    app.add_text("default", COURT)
    for question in ("who are the key people in the care home story",
                     "who is mentioned in the article about the care home",
                     "who is  quoted in   the care home story"):
        named = app.ask("default", question)
        assert named.text.startswith("“Care home boss jailed” "), (question, named.text)
        assert " names " in named.text or " quotes " in named.text, named.text
    assert " names " not in app.ask("default", "who is mentioned").text


DETECTIVE = """Driver jailed for killing cyclist

A driver who hit and killed a cyclist has been jailed for eight years.

Connor Breslin, 34, of Gorse Lane, admitted causing death by careless driving.

Outside court, Detective Sergeant Mark Fellowes of Westshire Police's serious collision \
investigation unit described the case as "one of the most avoidable tragedies" he had dealt \
with in his 19-year career.

"Drink-driving is not a mistake, it is a decision, and it has cost a wonderful woman her \
life," he said.
"""


def test_a_name_after_a_rank_is_a_person_who_speaks(app: Footnote) -> None:
    # the small model tags no one in "Detective Sergeant Mark Fellowes of Westshire
    # Police's ..."; the rank says he is a person, so the words after are his
    article = app.add_text("court", DETECTIVE).article
    snapshot = app.library("court").snapshot()
    facts = facts_of(snapshot, article.id)
    text = snapshot.articles[article.id].text
    speakers = {text[info.start:info.start + 12]: facts.names[info.speaker[0]][0]
                for info in facts.sentences.values() if info.speaker}
    assert speakers['Outside cour'] == "Mark Fellowes"
    assert speakers['"Drink-drivi'] == "Mark Fellowes"


@pytest.mark.parametrize(("text", "name"), [
    ("Detective Sergeant Mark Fellowes of Westshire Police said", "Mark Fellowes"),
    ("Detective Sergeant Mark McDonald said", "Mark McDonald"),  # not "Mark Mc"
    ("Dr Siobhan O'Brien said", "Siobhan O'Brien"),
    ("Judge Philippa Grange QC said", "Philippa Grange"),
    ("Detective Chief Inspector Jane Marsh said", "Jane Marsh"),
])
def test_the_name_after_a_rank_is_read_whole(text: str, name: str) -> None:
    found = _TITLED_NAME.search(text)
    assert found is not None and found["name"] == name
