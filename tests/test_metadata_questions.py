"""Which questions ask about an article itself (:func:`bot.metadata_answers.metadata_field`)
and which only share its words: a question about what an article says must never be
answered with its title or byline."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answering.articles import unnumbered
from bot.metadata_answers import metadata_field
from bot.service import Footnote


@pytest.mark.parametrize(("question", "field"), [
    ("Who wrote the article about the York floods?", "author"),
    ("who wrote it", "author"),
    ("Who wrote that?", "author"),
    ("Who wrote the Telegraph's piece?", "author"),
    ("which paper published it", "publication"),
    ("which newspaper ran the story about fines?", "publication"),
    ("What is the title of the article?", "title"),
    ("whats the headline", "title"),
    ("what's the article's title?", "title"),
    ("what is the name of the story", "title"),
    ("What is the article about the bus crash about?", "summary"),
    ("when was the article about the floods published", "published"),
    ("when was this posted", "published"),  # a blog's "Posted on April 9, 2025"
    ("which articles do you have?", "library"),
    ("what stories are there", "library"),
    ("list the articles", "library"),
    ("what can I ask about?", "library"),
    ("how many articles do you have", "library"),
    ("how many stories are there?", "library"),
    ("what are the main points of the by-election article?", "summary"),
    ("what are the key points", "summary"),
    ("whats the gist", "summary"),  # typed without the apostrophe
    ("whats the main finding", "summary"),
    ("what are the key conclusions", "summary"),
    ("give me an overview", "summary"),
    ("recap the beaver story", "summary"),
    ("tell me about this article", "summary"),
    ("what's the latest?", "latest"),
    ("any news?", "latest"),
])
def test_questions_about_the_article_itself(question: str, field: str) -> None:
    assert metadata_field(question) == field


@pytest.mark.parametrize("question", [
    # SQuAD training questions that were answered with every article's title or byline
    "What is the title and name of the ruler whose son Chopin was friends with?",
    "What is the title of his first commercially successful work?",
    "In Chopin's music where strict timing is disregarded, what is it called?",
    "Who wrote that \"improvisation is designed for an audience\"?",
    "Who wrote the book The Story of Tibet?",
    "What newspaper wrote that the novel has strong contemporary national significance?",
    "What does the article about fines say about Google?",
    "what do you know about fines",  # not the library: a question of its text
    "tell me about the comet",  # an article whose title names it, else its text (see
    # tests/test_answer_behaviour.py), never every article
    "what are the key facts of the case",
    "how many people died",
    "what is the latest figure for unemployment",
    # a report the article tells of is not the article
    "when is the next jobs report out",
    "When was the inspectors' report published?",
])
def test_questions_about_what_an_article_says_are_not_about_the_article(question: str) -> None:
    assert metadata_field(question) is None


CHOPIN = """Chopin's early works

Chopin's first commercially successful work was the Variations on "Là ci darem la mano",
published in 1830.

His friend Robert Schumann reviewed it with the words "Hats off, gentlemen! A genius."
"""


def test_the_title_of_a_work_is_answered_from_the_text(app: Footnote) -> None:
    app.add_text("music", CHOPIN)
    app.add_text("music", "Bus fares rise\n\nBus fares in York will rise by 10p from April.")
    answer = app.ask("music", "What is the title of his first commercially successful work?")
    assert "The article is called" not in answer.text
    assert answer.citations and "Variations" in answer.citations[0].quote


def test_what_is_the_study_about_is_what_the_article_is_about(app: Footnote) -> None:
    """"What is the study about?" of an article whose title names the study: its title
    and lead, as "tell me about the study" (rule 36, stop 48)."""
    app.add_text("study", "Music may slow memory decline, study finds\n\nPeople who learn an "
                 "instrument after 60 may keep more of their memory, a study has found.\n\n"
                 "The study was funded by a charity and ran for five years.\n")
    answer = app.ask("study", "what is the study about")
    assert answer.text.startswith("“Music may slow memory decline, study finds”: People who"), \
        answer.text
    assert answer.citations[0].quote.startswith("People who learn an instrument")


# --- asked as people type them (stop 63), of the seed article ("default") and others -----

SEED_SUMMARY = (
    "“Police chief: only boycotting social media will force action on abuse”: THE public "
    "should start boycotting social media companies and force them to act over online child "
    "abuse images, one of the country’s most senior police officers has said. [1]")
HARBOUR = """Harbour plan approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.

The wall will cost 4 million pounds and protect two hundred homes from storms.
"""


@pytest.mark.parametrize("question", [
    "can you summarise it", "can u summarise", "sum it up", "tl;dr pls", "tldr of the article",
    "brief summary please", "give me a quick summary", "what are these articles about", "eli5",
    "so could you sum up the article for me"])
def test_requests_for_a_summary_in_the_forms_people_type(app: Footnote, question: str) -> None:
    answer = app.ask("default", question)
    assert answer.text == SEED_SUMMARY


@pytest.mark.parametrize("question", [
    "can you summarise the harbour story", "tldr of the harbour plan",
    "give me a short summary of the harbour article please", "pls sum up the harbour one"])
def test_a_summary_request_naming_an_article_gives_that_ones_lead(
    app: Footnote, question: str
) -> None:
    harbour = app.add_text("default", HARBOUR).article
    answer = app.ask("default", question)
    assert [c.article_id for c in answer.citations] == [harbour.id]
    assert answer.text.startswith("“Harbour plan approved”: The town council approved")


@pytest.mark.parametrize("question", ["link?", "source?", "can you send me the link",
                                      "where can i read the full harbour story",
                                      "whats the url of the harbour article"])
def test_asking_for_the_link_gives_the_address_it_was_added_from(
    app: Footnote, question: str
) -> None:
    harbour = app.add_text("default", HARBOUR, url="https://example.org/harbour").article
    answer = app.ask("default", question)
    assert "“Harbour plan approved” is online at https://example.org/harbour [" in answer.text
    assert not answer.declined
    cited = [c for c in answer.citations if c.article_id == harbour.id]
    assert [c.url for c in cited] == ["https://example.org/harbour"]
    assert cited[0].quote == "Harbour plan approved"


def test_asking_for_a_link_nobody_gave(app: Footnote) -> None:
    answer = app.ask("default", "link pls")
    assert answer.declined
    assert answer.text == ("The article “Police chief: only boycotting social media will force "
                           "action on abuse” was added without a link (as a file or pasted text).")


@pytest.mark.parametrize("question", ["what is the link between fines and convictions",
                                      "who is the source"])
def test_a_link_or_source_of_the_text_is_not_the_articles(app: Footnote, question: str) -> None:
    assert "link" not in app.ask("default", question).text


REVIEW = """Review: The Glass Orchard is a slow, lovely evening

By Dana Whitlow

The Glass Orchard opened at the Lyceum on Friday with a cast led by Margaret Oyelaran.

The independent report on the theatre's finances, written by Colin Prance, is due in May.
"""


@pytest.mark.parametrize(("question", "answer"), [
    ("who wrote the theatre review", "“Review: The Glass Orchard is a slow, lovely evening” was "
                                     "written by Dana Whitlow [1]."),
    ("whats the title of the glass orchard one", "The article is called “Review: The Glass "
                                                 "Orchard is a slow, lovely evening” [1]."),
    ("who reviewed the play", "“Review: The Glass Orchard is a slow, lovely evening” was "
                              "written by Dana Whitlow [1]."),
])
def test_an_article_called_by_its_kind_when_its_title_says_so(
    app: Footnote, question: str, answer: str
) -> None:
    review = app.add_text("default", REVIEW).article
    got = app.ask("default", question)
    assert got.text == answer
    assert [c.article_id for c in got.citations] == [review.id]


def test_a_report_an_article_tells_of_is_not_the_article(app: Footnote) -> None:
    app.add_text("default", REVIEW)
    assert "was written by" not in app.ask("default", "who wrote the independent report").text
    app.add_text("default", "Appeal court ruling\n\nThree judges reviewed the case of the "
                 "harbour wall on Monday and upheld the council's decision.\n")
    assert "was written by" not in app.ask("default", "who reviewed the case").text


@pytest.mark.parametrize("question", ["what's article {n} about", "tell me about story {n}",
                                      "summarise article #{n}", "show me article {n}",
                                      "open the harbour story", "explain the harbour plan",
                                      "whats the story with the harbour plan"])
def test_an_article_called_by_its_number_or_shown(app: Footnote, question: str) -> None:
    harbour = app.add_text("default", HARBOUR).article
    answer = app.ask("default", question.format(n=harbour.id))
    assert answer.text.startswith("“Harbour plan approved”: The town council approved")
    assert [c.article_id for c in answer.citations] == [harbour.id]


def test_an_article_number_is_the_articles_unless_an_article_says_it(app: Footnote) -> None:
    seed_id = app.list_articles("default")[0].id
    harbour = app.add_text("default", HARBOUR).article
    assert "Harbour plan approved" in app.ask("default", f"who wrote article {harbour.id}").text
    asked = app.ask("default", f"what does article {harbour.id} say about the wall")
    assert {c.article_id for c in asked.citations} == {harbour.id}
    treaty = app.add_text("default", "Treaty row\n\nMinisters said article "
                          f"{seed_id} of the treaty had never been used.\n").article
    assert treaty.id != seed_id
    answer = app.ask("default", f"what is article {seed_id}")  # the treaty's, not an id
    assert answer.citations and answer.citations[0].article_id == treaty.id


@pytest.mark.parametrize("question", ["can you open an account at the harbour",
                                      "explain how the wall will protect homes"])
def test_explain_or_open_something_is_a_question_of_the_text(app: Footnote, question: str
                                                              ) -> None:
    app.add_text("default", HARBOUR)
    assert not app.ask("default", question).text.startswith("“Harbour plan approved”:")


@pytest.mark.parametrize("question", ["headline of the harbour story", "title?"])
def test_the_title_asked_without_a_verb(app: Footnote, question: str) -> None:
    app.add_text("default", HARBOUR)
    assert "The article is called “Harbour plan approved” [" in app.ask("default", question).text


@pytest.mark.parametrize(("question", "plain"), [
    ("how long did he get in article 11", "how long did he get"),
    ("in article 11, how long did he get", "how long did he get"),
    ("what about in story #2?", "what about?"),
    ("who won, from article no. 4", "who won"),
    ("what did the judge say", "what did the judge say"),  # names no number
])
def test_a_question_without_the_number_it_calls_an_article_by(question: str, plain: str
                                                               ) -> None:
    assert unnumbered(question) == plain


def test_an_article_number_is_not_a_word_of_what_is_asked(real_app: Footnote) -> None:
    """formats_dev: "how long did he get in article N" of the roofer's story quoted "targeted
    11 victims" when N was 11 (its number matched the story's "11"); asked without it, the
    sentence saying how long he was jailed for. The answer keeps the question as asked."""
    folder = Path(__file__).resolve().parent.parent / "bench" / "data" / "formats_dev"
    for n in range(10):  # the roofer's story is article 11, as in the library it was met in
        real_app.add_text("lib", f"Filler {n}\n\nA short note about nothing in particular, "
                          f"number {n}.\n", title=f"Filler {n}")
    roofer = real_app.add_file("lib", folder / "rogue-roofer-jailed-chester-crown-court.html")
    assert roofer.article.id == 11
    question = "how long did he get in article 11"
    answer = real_app.ask("lib", question)
    assert answer.question == question
    assert "jailed for four years and eight months" in answer.citations[0].quote, answer.text
