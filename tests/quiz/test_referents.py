"""A quiz question made from a sentence whose subject is "he" or "she" names the person,
when the article's sentence analysis says who it is, and only then."""

from __future__ import annotations

from bot.answering.sentences import facts_of
from bot.quiz.item import FILL_BLANK, MULTIPLE_CHOICE, SHORT_ANSWER, TRUE_FALSE, QuizQuestion
from bot.quiz.referents import with_named_subject
from bot.quiz.service import Quizzes

STORY = (
    "Police chief warns tech firms\n\n"
    "Simon Bailey, the chief constable of Norfolk, spoke to MPs on Monday.\n\n"
    "He said firms such as Google had the money to remove the images but failed to act.\n\n"
    "Dahl's brother-in-law, Steven Pruitt, pleaded guilty and testified against Greg Dahl. "
    "He is scheduled to be sentenced on July 9.\n\n"
    "Ranger Pema Sherpa counted the cats. \"A herder who loses five goats loses a season. "
    "In the past he would go out with poison,\" said the director.\n\n"
    "Mary Jones, the council leader, was asked about the cuts. \"We had no choice,\" she said."
)


def _question(app, sentence: str, text: str, kind: str, answer: str = "x",
              options: tuple[str, ...] = ()) -> QuizQuestion:
    snapshot = app.library("refs").snapshot()
    article = next(iter(snapshot.articles.values()))
    start = article.text.index(sentence)
    return QuizQuestion(
        id="q", kind=kind, question=text, options=options, answer=answer, accepted=(),
        answer_type="THING", article_id=article.id, title=article.title, paragraph=1,
        quote=sentence, quote_start=start, quote_end=start + len(sentence))


def _named(app, question: QuizQuestion) -> str:
    snapshot = app.library("refs").snapshot()
    text = snapshot.articles[question.article_id].text
    return with_named_subject(question, facts_of(snapshot, question.article_id), text).question


def test_a_sentence_about_the_person_named_before_names_them(app) -> None:
    app.add_text("refs", STORY, actor="test")
    said = "He said firms such as Google had the money to remove the images but failed to act."
    blank = said.replace("Google", "_____")
    assert _named(app, _question(app, said, f"Fill in the blank: {blank}", FILL_BLANK)) == (
        f"Fill in the blank: {blank.replace('He', '[Simon Bailey]', 1)}")
    assert _named(app, _question(app, said, f"True or false? {said}", TRUE_FALSE,
                                 answer="True")).startswith("True or false? [Simon Bailey] said")
    asked = "Which firm did he say had the money to remove the images?"
    assert _named(app, _question(app, said, asked, SHORT_ANSWER, answer="Google")) == (
        "Which firm did Simon Bailey say had the money to remove the images?")
    speaker = '"We had no choice," she said.'
    assert _named(app, _question(app, speaker, f"True or false? {speaker}", TRUE_FALSE,
                                 answer="True")) == (
        'True or false? "We had no choice," [Mary Jones] said.')


def test_no_name_is_guessed_or_given_away(app) -> None:
    app.add_text("refs", STORY, actor="test")
    two = "He is scheduled to be sentenced on July 9."  # Pruitt or Dahl: the text names both
    question = _question(app, two, f"True or false? {two}", TRUE_FALSE, answer="True")
    assert _named(app, question) == question.question
    quoted = "In the past he would go out with poison,\" said the director."  # a herder
    question = _question(app, quoted, f"True or false? {quoted}", TRUE_FALSE, answer="True")
    assert _named(app, question) == question.question
    said = "He said firms such as Google had the money to remove the images but failed to act."
    asked = "Who said firms such as Google had the money to remove the images?"
    question = _question(app, said, asked, SHORT_ANSWER, answer="Simon Bailey")
    assert _named(app, question) == asked  # naming him would give the answer away
    blank = said.replace("Google", "_____")
    question = _question(app, said, f"Which answer fills the blank? {blank}", MULTIPLE_CHOICE,
                         answer="Google", options=("Google", "Simon Bailey", "Apple", "Meta"))
    assert _named(app, question) == question.question


def test_the_bank_names_the_seed_articles_speaker(app) -> None:
    bank = Quizzes(app).questions("default")
    said = [q for q in bank if q.quote.startswith("He said") and q.kind != SHORT_ANSWER]
    assert said, "the seed article has questions on sentences starting 'He said'"
    assert all("[Simon Bailey] said" in q.question for q in said), [q.question for q in said]


OBITUARY = (
    "Filey lifeboat coxswain dies aged 87\n\n"
    "George Ellerby, who led the Filey lifeboat for 22 years, has died aged 87. He died "
    "peacefully at home on Sunday, his family said.\n\n"
    "He was born in Filey in 1937. He left school at 14 to work on his father's boat. He "
    "joined the lifeboat crew in 1956 and was made coxswain in 1973. During that time he "
    "led more than 300 launches.\n\n"
    "He was appointed MBE in 1996 for services to the RNLI.\n\n"
    "Darren Cole, 38, of Weston-super-Mare, was jailed for 13 years on Friday. He wept as "
    "the sentence was read. He had admitted 40 burglaries. He wrote letters to each of his "
    "victims. He asked the court for leniency.\n\n"
    "She said he was not genuinely remorseful and had shown no insight into the harm."
)


def test_a_long_run_of_his_sentences_names_him_and_never_her(app) -> None:
    app.add_text("refs", OBITUARY, actor="test")
    mbe = "He was appointed MBE in 1996 for services to the RNLI."  # five sentences on
    question = _question(app, mbe, f"True or false? {mbe}", TRUE_FALSE, answer="True")
    assert _named(app, question) == "True or false? [George Ellerby] was appointed MBE in 1996 " \
        "for services to the RNLI."
    asked = "When was he appointed MBE?"
    assert _named(app, _question(app, mbe, asked, SHORT_ANSWER, answer="1996")) == (
        "When was George Ellerby appointed MBE?")
    judge = "She said he was not genuinely remorseful and had shown no insight into the harm."
    question = _question(app, judge, f"True or false? {judge}", TRUE_FALSE, answer="True")
    assert _named(app, question) == question.question  # she is the judge, not Darren Cole


CREW = (
    "A season with the last trawlermen\n\n"
    "The youngest of the crew is Jamie Strachan, 23, the skipper's nephew, who left school "
    "at 16 to go to sea.\n\n"
    "Callum Buchan has skippered the Girl Morag for 19 years. His father, Ian Buchan, took "
    "over the family boat in 1968 and fished until he was 70.\n\n"
    "Buchan says he will fish for another five years, perhaps six. After that, he does not "
    "know what will happen to the boat. He has had two offers for it, one from a company in "
    "Shetland, one from a family in Ireland. He has not answered either.\n\n"
    "Strachan wants to buy it. He has been saving for three years and has about £18,000, "
    "which, as his uncle points out, would buy roughly one of the boat's engines."
)


def test_a_person_the_small_model_does_not_tag_is_still_the_one_named_before(app) -> None:
    """"Strachan wants to buy it. He has been saving ..." was asked as "[Ian Buchan] has
    been saving ...": the small model took "Strachan" for a place, so the last sentence
    naming a person stood five back, and the last "he" named there was another man."""
    app.add_text("refs", CREW, actor="test")
    saving = "He has been saving for three years and has about £18,000, which, as his uncle " \
        "points out, would buy roughly one of the boat's engines."
    named = _named(app, _question(app, saving, f"True or false? {saving}", TRUE_FALSE,
                                  answer="True"))
    assert "Buchan" not in named
    assert named == f"True or false? {saving.replace('He', '[Jamie Strachan]', 1)}"
