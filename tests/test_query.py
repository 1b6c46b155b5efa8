"""A question read against a library's vocabulary (:mod:`bot.answering.query`)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answering.number_words import ordinal_numeral
from bot.answering.query import make_query
from bot.lexical import LexicalIndex, tokenize

LIBRARY_TEXT = "Campaign group Surfers Against Sewage said fines were not enough."
LIBRARY = LexicalIndex([
    LIBRARY_TEXT,
    "Swimmers reported stomach illnesses after the spills.",
    "The council approved the plan on Tuesday.",
])


def read(question: str):
    return make_query(question, np.zeros(3, np.float32), LIBRARY)


def test_a_word_derived_from_a_known_one_is_read_as_it() -> None:
    assert read("what do campaigners want").tokens[0] == "campaign"
    assert "illnes" in read("did anyone get ill").tokens


def test_a_word_of_the_same_root_is_read_as_the_librarys() -> None:
    library = LexicalIndex(["More than 1,300 objections were sent to the council."])
    query = make_query("what did the objectors send", np.zeros(3, np.float32), library)
    assert "objection" in query.tokens and query.unknown == 0.0


def test_a_derived_word_counts_as_known() -> None:
    assert read("what do campaigners say").unknown == 0.0
    assert read("what do astronomers say").unknown == 1.0


def test_known_words_are_left_alone() -> None:
    assert read("did the council approve it").tokens == ("council", "approv")


def test_names_are_the_capitalised_words_inside_the_question() -> None:
    query = read("When did Chopin move to Warsaw?")
    assert query.names == ("chopin", "warsaw")
    assert read("when did the council approve it").names == ()


def test_names_missing_counts_the_names_a_text_lacks() -> None:
    query = read("Did Surfers Against Sewage meet Chopin?")
    assert query.names_missing(set(tokenize(LIBRARY_TEXT))) == 1  # Chopin
    assert query.names_missing(set()) == 3


def test_the_questions_frame_is_no_sign_of_another_subject() -> None:
    # the library never says "much", "many" or "else": only the subject's words count
    assert read("how much were the fines").unknown == 0.0
    assert read("how many swimmers reported illnesses").unknown == 0.0
    assert read("where else did swimmers report illnesses").unknown == 0.0
    query = read("how much is the plan worth")  # "worth" is the one unknown subject word
    assert query.unknown == 0.5 and query.unknown_count == 1
    assert "much" not in query.tokens  # a frame word the library lacks: no mending, no weight
    assert read("how much were the tickets").unknown == 1.0  # its only subject word
    assert read("how much were the penalties").unknown == 0.0  # read as the fines
    # "main", "actually": how it is asked, not what about
    assert read("what is the main plan of the council").unknown == 0.0
    assert read("did the council actually approve it").unknown == 0.0


def test_an_everyday_word_the_library_lacks_is_read_as_the_news_word_it_has() -> None:
    library = LexicalIndex([
        "Her barrister, Simon Adeyemi, said she was deeply ashamed.",
        "Police officers recovered 130 scooters.",
    ])
    query = make_query("who was her lawyer", np.zeros(3, np.float32), library)
    assert "barrister" in query.tokens and "lawyer" not in query.tokens
    assert query.unknown == 0.0
    assert "polic" in make_query("how many have the cops got back", np.zeros(3, np.float32),
                                 library).tokens
    # "how was the mistake spotted" of "The error was discovered when a teacher noticed"
    # (kinds_dev, stop 64); "how did the firm react" of "the firm's response"
    found = LexicalIndex(["The error was discovered when a head of maths noticed a fault.",
                          "In response, the firm offered a refund as compensation."])
    query = make_query("how was the mistake spotted", np.zeros(3, np.float32), found)
    assert {"error", "notic"} <= set(query.tokens) and query.unknown == 0.0
    assert "respons" in make_query("how did the firm react", np.zeros(3, np.float32),
                                   found).tokens
    mounties = LexicalIndex(['"It was deliberate," RCMP spokesperson Julie Arsenault said.'])
    assert "rcmp" in make_query("what did the mounties say", np.zeros(3, np.float32),
                                mounties).tokens


def test_ringing_and_describing_are_read_as_the_storys_words() -> None:
    """A phone scam warning says "call", a police appeal "described" (beats_dev, stop 58)."""
    library = LexicalIndex([
        "The call comes from a number that looks like the bank's.",
        "DI Amberley described the boy as aged around 17.",
    ])
    assert "cal" in make_query("what do they say when they ring you",
                                np.zeros(3, np.float32), library).tokens
    assert "describ" in make_query("description of the boy", np.zeros(3, np.float32),
                                   library).tokens


def _tokens(question: str, library: LexicalIndex) -> tuple[str, ...]:
    """``question``'s words as read against ``library``."""
    return make_query(question, np.zeros(3, np.float32), library).tokens


def test_an_everyday_phrase_is_read_as_the_storys_word() -> None:
    """"who was the support act" of a review saying "Opening act Mabel Ostrander"; "how
    did she figure out" of a story saying "realized" (beats_dev, stop 58)."""
    library = LexicalIndex([
        "Opening act Mabel Ostrander played a short set.",
        "She only realized something was wrong when she called her son.",
    ])

    assert _tokens("who was the support act", library) == ("act", "open")
    assert "realiz" in _tokens("how did she figure out it was a scam", library)
    assert "figur" not in _tokens("how did she figure out it was a scam", library)
    assert "open" not in _tokens("who supported the act", library)


def test_a_number_written_the_other_way_is_read_as_the_librarys() -> None:
    library = LexicalIndex([
        "Reform UK came third with 6,930 votes.",
        "Three candidates stood, and 2 of them lost their deposits.",
        "She finished 4th in the 2019 race.",
    ])

    assert "third" in _tokens("who came 3rd", library)
    assert "4th" in _tokens("where did she finish, fourth?", library)
    assert "thre" in _tokens("how many of the 3 candidates lost", library)
    assert "2" in _tokens("did two of them lose their deposits", library)
    assert make_query("who came 3rd", np.zeros(3, np.float32), library).unknown == 0.0
    assert [ordinal_numeral(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_a_margin_asked_without_its_word_reads_as_the_librarys_word_for_one() -> None:
    library = LexicalIndex(["Helen Marsh took 18,412 votes, giving her a majority of 4,203.",
                            "Turnout rose by 3 per cent."])

    assert "majority" in _tokens("by how many votes?", library)
    assert "majority" in _tokens("she won by how many", library)
    assert "majority" in _tokens("by what margin", library)
    assert "majority" not in _tokens("turnout rose by how much", library)  # a change, not a margin


def test_killed_and_shut_read_as_the_words_a_story_uses() -> None:
    """"how many birds are being killed" of a story that says "culled"; "when did the
    school shut" of one that says "closed"; a story that says "died" keeps that meaning."""
    culled = LexicalIndex(["Around 38,000 chickens are being culled at the farm."])
    died = LexicalIndex(["Two people died when the roof fell in."])
    closed = LexicalIndex(["The school closed in July after the council vote."])

    assert "cul" in _tokens("how many birds are being killed", culled)
    assert "die" in _tokens("how many people were killed", died)
    assert "clos" in _tokens("when did the school shut", closed)


def test_a_word_the_library_has_is_never_swapped_for_a_synonym() -> None:
    library = LexicalIndex(["The lawyer and the barrister met."])
    assert "lawyer" in make_query("who was the lawyer", np.zeros(3, np.float32),
                                  library).tokens


def test_a_synonym_the_library_lacks_leaves_the_word_unknown() -> None:
    query = read("who was her lawyer")  # LIBRARY has neither barrister nor solicitor
    assert query.unknown == 1.0


def test_a_question_of_nothing_but_its_frame_is_not_a_plain_answer(app) -> None:
    # "how much?" asks about nothing: the seed says "much", but that is no subject
    for question in ("how much", "much much much", "how many?"):
        answer = app.ask("default", question)
        assert answer.declined or answer.hedged, question
    assert not app.ask("default", "how much are the fines").declined


def test_a_frame_word_the_library_lacks_is_left_out_and_one_it_has_is_kept() -> None:
    # "what happened in 2011" of an article that never says "happened" is about 2011
    library = LexicalIndex(["In 2011, police freed 32 girls from a clinic in Aba.",
                            "The amount raised was small."])
    query = make_query("What happened in 2011?", np.zeros(3, np.float32), library)
    assert query.tokens == ("2011",) and query.unknown == 0.0
    query = make_query("What was the amount of money pledged?", np.zeros(3, np.float32),
                       library)
    assert "amount" in query.tokens and "money" not in query.tokens
    # the article itself is no subject: "which newspaper broke the story" is about a paper
    query = make_query("according to the article, which newspaper broke the story?",
                       np.zeros(3, np.float32), LexicalIndex(["The Sentinel newspaper said so."]))
    assert query.tokens == ("newspaper", "break") and query.unknown == 0.5  # "break" unknown
    query = make_query("when did he become famous", np.zeros(3, np.float32),
                       LexicalIndex(["Vane rose to fame in 2015 with the hit single."]))
    assert "fam" in query.tokens  # "famous" read as "fame"
    query = make_query("how many bogus bills did he sign", np.zeros(3, np.float32),
                       LexicalIndex(["Dahl approved more than 140 invoices from a fake firm."]))
    assert {"fak", "invoic"} <= set(query.tokens)
    query = make_query("how big was the team from los angeles", np.zeros(3, np.float32),
                       LexicalIndex(["A team of 40 specialists from Los Angeles County."]))
    assert query.tokens == ("team", "los", "angel") and query.unknown == 0.0
    # "anyone" is no subject: "has anyone been hurt" of a story of "no crashes or injuries"
    query = make_query("has anyone been hurt", np.zeros(3, np.float32),
                       LexicalIndex(["It knew of 14 reports but no crashes or injuries."]))
    assert query.unknown == 0.0 and query.unknown_count == 0
    # "ok" is no subject: "which models were ok" of "older models were not hit" (refused)
    for question in ("which models were ok then", "were any models okay", "are the models alright"):
        query = make_query(question, np.zeros(3, np.float32),
                           LexicalIndex(["Older models were not hit by the fault."]))
        assert query.tokens == ("model",) and query.unknown == 0.0, question


def test_a_question_whose_only_words_are_a_frame_the_library_lacks_is_hedged(app) -> None:
    for question in ("which kind?", "what type"):  # the seed says neither
        answer = app.ask("default", question)
        assert answer.hedged and not answer.declined, question


NEWS_WIRE = """LAGOS, Nigeria (CNN) -- Nigerian police on Tuesday arrested 14 people suspected \
of running a baby factory in the southeastern state of Imo.

Nigeria has seen a string of similar raids in recent years. In 2011, police freed 32 pregnant \
girls from a clinic in Aba, in neighboring Abia state.

Software company Veridian Systems said Thursday it will spend $2 billion over the next decade \
to make its data centers carbon neutral.

Chief executive Maria Delgado announced the plan at the company's annual conference.

Chief Financial Officer Tom Hale said the spending would not affect the dividend.
"""


@pytest.mark.parametrize(("question", "quoted"), [
    ("What happened in 2011?", "In 2011, police freed 32 pregnant girls"),
    # none of its words is in the article ("will spend $2 billion"): refused by stop 37's
    # models, the on-topic model's cut just above it
    ("What was the amount of money pledged?", "will spend $2 billion"),
    ("Who is the CEO of Veridian?", "Chief executive Maria Delgado"),
    ("who is the CFO", "Chief Financial Officer Tom Hale"),
])
def test_crowd_worded_questions_about_a_wire_story_are_answered(
    real_app, question: str, quoted: str
) -> None:
    """Wordings of the kind crowdworkers write about news stories: none is refused, and
    the first quote is the sentence that answers (the real models: which sentence ranks
    first is theirs to say)."""
    real_app.add_text("wire", NEWS_WIRE)
    answer = real_app.ask("wire", question)
    assert not answer.declined, question
    assert quoted in answer.citations[0].quote, answer.citations[0].quote


def test_crime_news_words_read_as_the_story_s_own() -> None:
    """"caught" of a story that says "captured", "who defended him" of one that names his
    barrister, "the fraudster" of a story of fraud (rule 19, stop 47)."""
    library = LexicalIndex(["El Tigre was captured at a ranch.",
                            "His barrister said he was ashamed.", "He admitted fraud."])

    assert _tokens("who did police catch", library) == ("polic", "captur")
    assert _tokens("where was he caught", library) == ("captur",)
    assert _tokens("who defended him", library) == ("barrister",)
    assert _tokens("who is the fraudster", library) == ("fraud",)


def test_sport_and_court_words_read_as_the_story_s_own() -> None:
    """"the pen" of a match report that says "penalty", "is he sorry" of one that says
    he wrote letters of apology (rule 34, stop 48)."""
    library = LexicalIndex(["Whitlock converted a penalty after the referee pointed to the spot.",
                            "He had written letters of apology to each victim.",
                            "The goalkeeper was beaten at his near post."])

    assert _tokens("who took the pen", library) == ("tak", "penalty")
    assert _tokens("what did the ref do", library) == ("refere",)
    assert _tokens("is he sorry", library) == ("apology",)
    assert _tokens("how was the keeper beaten", library) == ("goalkeeper", "beat")


def test_uk_political_and_slang_words_read_as_the_story_s_own() -> None:
    """"the lib dems" of a story about the Liberal Democrats, "tory" of the Conservatives,
    "nicked" of stolen scooters (rule 40, stop 48)."""
    library = LexicalIndex(["The Liberal Democrats overturned a Conservative majority.",
                            "Thefts of scooters doubled as 1,460 were stolen."])

    assert _tokens("what do the lib dems want", library) == ("liberal", "democrat", "want")
    assert _tokens("old tory majority", library) == ("conservativ", "majority")
    assert _tokens("how many were nicked", library) == ("steal",)


def test_fire_and_layoff_words_read_as_the_story_s_own() -> None:
    """"what is burning" of a live blog that says "fire", "what caused it" of one that
    says what "started" it; "will teachers get fired" of an interview that says "layoffs"
    (shapes_dev, stop 57)."""
    blog = LexicalIndex(["The fire involves 2,000 tonnes of plastic waste.",
                         "The company does not yet know what started the fire."])
    interview = LexicalIndex(["What about layoffs? I don't expect to lay off teachers."])

    def tokens(question: str, library: LexicalIndex) -> tuple[str, ...]:
        return make_query(question, np.zeros(3, np.float32), library).tokens

    assert tokens("what is actually burning", blog) == ("fir",)
    assert tokens("what caused it", blog) == ("start",)
    assert tokens("will teachers get fired", interview) == ("teacher", "get", "layof")


def test_a_phrase_that_frames_the_question_is_no_part_of_its_subject() -> None:
    """"look like" and "tell me about" say how the question is asked, not what about:
    "tell me about"'s words are left out even when the library has them, "look like"'s
    when it lacks them ("it sounded like a gunshot"); "what did she tell the court" and
    "where should you look" keep theirs; a question opening on "according to X" asks
    what X says, not where the article says "according to"."""
    library = LexicalIndex(["The bank's marble columns are still there, inside.",
                            "She will tell the board. Details are online."])

    def read_it(question: str, lexical: LexicalIndex = library):
        return make_query(question, np.zeros(3, np.float32), lexical)

    query = read_it("what does the inside look like")
    assert query.tokens == ("insid",) and query.unknown == 0.0
    gunshot = LexicalIndex(['"It sounded like a gunshot," she said.'])
    assert read_it("what did it sound like when the lid broke", gunshot).tokens[:2] == (
        "sound", "lik")
    query = read_it("tell me about the marble columns")
    assert query.tokens == ("marbl", "column")
    assert read_it("can you tell me a bit about the columns").tokens == ("column",)
    assert "tel" in read_it("what did she tell the board").tokens
    named = LexicalIndex(["The driver, Connor Breslin, was named in court."])
    assert read_it("whats the drivers name", named).tokens == ("driver",)
    assert read_it("what is the name of the driver", named).tokens == ("nam", "driver")
    assert "nam" in read_it("whats the drivers real name", named).tokens
    assert "nam" in read_it("whats the drivers real  name", named).tokens  # two spaces
    heat = LexicalIndex(["Districts are on red alert for extreme heat until Friday."])
    assert read_it("how long is the heatwave going to last", heat).tokens == ("heat", "last")
    assert read_it("whos next for both teams", LexicalIndex(["Each side plays next week."])
                   ).tokens == ("next", "sid")
    assert "look" in read_it("where should you look for details").tokens
    feld = LexicalIndex(["According to Feld, the volunteers lost fewer plants.",
                         "Most people fail because they are guessing, Delacourt said."])
    assert read_it("According to Delacourt, why do people fail?", feld).tokens == (
        "delacourt", "peopl", "fail")  # "according to" says whose word it is, not what
    assert "accord" in read_it("what is the plan according to feld", feld).tokens
