"""The Footnote service: libraries, seeding, adding, asking, voting (fake encoder: fast)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import prompts
from bot.conversation import Turn
from bot.errors import InputError, LibraryError, NotFoundError, QuestionError
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_text
from bot.service import Footnote, clean_question, content_hash
from bot.settings import PROJECT_ROOT, Settings
from tests.fakes import HashingEncoder
from tests.seed_questions import SEED_QUESTIONS, cited_verbatim

SEED_FILE = PROJECT_ROOT / "seeds" / "telegraph-police-chief-social-media-boycott.txt"
SEED_TITLE = "Police chief: only boycotting social media will force action on abuse"
DECLINE = prompts.load("answers")["decline"]

ARTICLE = """Harbour plan approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.

The wall will cost 4 million pounds and protect two hundred homes from storms, officials said.

Fishermen welcomed the decision but asked for a new slipway as well.
"""

OTHER = """Museum opens new wing

The city museum opened a new wing for seventeenth century paintings on Saturday.

The curator said the collection had been hidden in storage for fifty years.
"""


def state(app: Footnote, library: str = "default") -> tuple[list[int], int]:
    """What a failed add must not change: the article ids and the generation."""
    lib = app.library(library)
    return [a.id for a in lib.articles()], lib.store.generation()


# --- libraries and seeding --------------------------------------------------------------

def test_default_library_is_seeded_on_first_use(app: Footnote) -> None:
    articles = app.list_articles("default")
    assert [a.title for a in articles] == [SEED_TITLE]
    seed = articles[0]
    assert seed.author == "Martin Evans"
    assert seed.publication == "The Daily Telegraph"
    assert seed.added_by == "seed"
    assert seed.passage_count == 12
    assert seed.source == SEED_FILE.name
    lib = app.library("default")
    assert lib.store.get_meta("seeded") == "1"
    assert lib.store.audit_log()[0]["actor"] == "seed"


def test_seeding_happens_only_once(app: Footnote, settings: Settings) -> None:
    seed = app.list_articles("default")[0]
    app.remove_article("default", seed.id, actor="mod")
    assert app.list_articles("default") == []
    # neither this service nor a new one (a restart) brings it back
    assert app.list_articles("default") == []
    again = Footnote(settings, encoder=HashingEncoder())
    assert again.list_articles("default") == []
    assert again.ask("default", "Who is Simon Bailey?").text == DECLINE["empty_library"]


def test_other_libraries_start_empty(app: Footnote) -> None:
    assert app.list_articles("other") == []
    assert app.library("other").store.get_meta("seeded") is None
    seeded = app.library("guild-1", seed=True)
    assert [a.title for a in seeded.articles()] == [SEED_TITLE]
    assert app.library("plain", seed=False).articles() == []
    assert app.library("default", seed=False) is app.library("default")


def test_library_path_and_invalid_names(app: Footnote, settings: Settings) -> None:
    assert app.library_path("abc") == settings.data_dir / "libraries" / "abc"
    for bad in ("../x", "A", ""):
        with pytest.raises(LibraryError):
            app.library(bad)
    assert not (settings.data_dir / "x").exists()


def test_seeds_dir_setting_skips_bad_files(tmp_path: Path) -> None:
    seeds = tmp_path / "myseeds"
    seeds.mkdir()
    (seeds / "a-good.txt").write_text(ARTICLE, "utf-8")
    (seeds / "b-binary.txt").write_bytes(b"\x00\x01\x02\x03" * 200)
    (seeds / "c-ignored.docx").write_text(OTHER, "utf-8")  # not a seed suffix
    (seeds / "d-other.md").write_text("# Museum\n\n" + OTHER, "utf-8")
    app = Footnote(Settings(data_dir=tmp_path / "d", seeds_dir=seeds), encoder=HashingEncoder())
    titles = [a.title for a in app.list_articles("default")]
    assert titles == ["Harbour plan approved", "Museum"]
    assert app.library("default").store.get_meta("seeded") == "3"


def test_missing_seeds_dir_gives_an_empty_default_library(tmp_path: Path) -> None:
    app = Footnote(Settings(data_dir=tmp_path / "d", seeds_dir=tmp_path / "nope"),
                   encoder=HashingEncoder())
    assert app.list_articles("default") == []


# --- adding ---------------------------------------------------------------------------

def test_add_text(app: Footnote) -> None:
    result = app.add_text("news", ARTICLE, actor="alice")
    assert result.status == "added"
    article = result.article
    assert article.title == "Harbour plan approved"
    assert article.passage_count == 3
    assert article.added_by == "alice" and article.source == "pasted text"
    view = app.show_article("news", article.id)
    assert view.article == article
    assert [p.paragraph for p in view.passages] == [1, 2, 3]
    assert view.passages[1].text.startswith("The wall will cost 4 million pounds")
    # the same text again, even re-spaced, is a duplicate
    again = app.add_text("news", ARTICLE.replace(" ", "   ").upper())
    assert again.status == "duplicate" and again.article.id == article.id
    assert len(app.list_articles("news")) == 1


def test_add_text_title_and_url_and_replace_by_url(app: Footnote) -> None:
    first = app.add_text("news", ARTICLE, title="My title", url="https://n.test/1").article
    assert first.title == "My title" and first.url == "https://n.test/1"
    second = app.add_text("news", OTHER, url="https://n.test/1")
    assert second.status == "replaced" and second.article.id == first.id
    assert second.article.title == "Museum opens new wing"
    assert len(app.list_articles("news")) == 1


def test_add_file_and_add_bytes(app: Footnote, tmp_path: Path) -> None:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, "utf-8")
    result = app.add_file("news", path, actor="cli")
    assert result.status == "added" and result.article.source == "harbour.txt"
    html = (
        "<html><head><title>Museum opens new wing</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in OTHER.split("\n\n")[1:])
        + "</article></body></html>"
    ).encode()
    from_bytes = app.add_bytes("news", html, filename="museum.html", actor="discord")
    assert from_bytes.status == "added"
    assert "seventeenth century paintings" in from_bytes.article.text
    assert from_bytes.article.passage_count >= 2
    assert [a.id for a in app.list_articles("news")] == [result.article.id,
                                                         from_bytes.article.id]


def test_replace_id_through_the_service(app: Footnote) -> None:
    a = app.add_text("news", ARTICLE).article
    before = state(app, "news")
    with pytest.raises(NotFoundError, match="no article 999"):
        app.add_text("news", OTHER, replace_id=999)
    assert state(app, "news") == before
    replaced = app.add_text("news", OTHER, replace_id=a.id)
    assert replaced.status == "replaced" and replaced.article.id == a.id


@pytest.fixture
def small_app(tmp_path: Path) -> Footnote:
    settings = Settings(data_dir=tmp_path / "small", max_article_bytes=1000)
    return Footnote(settings, encoder=HashingEncoder())


def _bad_paths(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    directory = tmp_path / "adir"
    directory.mkdir()
    link = tmp_path / "passwd-link.txt"
    link.symlink_to("/etc/passwd")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, "utf-8")
    link_to_good = tmp_path / "link-good.txt"
    link_to_good.symlink_to(good)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 10, "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 3)
    return {
        "symlink": (link, "symbolic link"),
        "symlink to a good file": (link_to_good, "symbolic link"),
        "directory": (directory, "not a regular file"),
        "dev zero": (Path("/dev/zero"), "not a regular file"),
        "fifo": (fifo, "not a regular file"),
        "oversized": (big, "the limit is 0.001 MB"),
        "missing": (tmp_path / "nope.txt", "Cannot read"),
        "empty": (empty, "is empty"),
        "binary": (binary, "binary"),
    }


@pytest.mark.parametrize(
    "case", ["symlink", "symlink to a good file", "directory", "dev zero", "fifo", "oversized",
             "missing", "empty", "binary"],
)
def test_add_file_refuses_bad_paths_and_changes_nothing(
    small_app: Footnote, tmp_path: Path, case: str
) -> None:
    path, message = _bad_paths(tmp_path)[case]
    before = state(small_app, "news")
    with pytest.raises(InputError) as info:
        small_app.add_file("news", path)
    assert message in str(info.value)
    assert state(small_app, "news") == before


def test_oversized_file_message_never_says_equal_sizes(tmp_path: Path) -> None:
    app = Footnote(Settings(data_dir=tmp_path / "d", max_article_bytes=5_000_000),
                   encoder=HashingEncoder())
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(5_000_001)  # sparse: no real 5 MB written
    with pytest.raises(InputError) as info:
        app.add_file("news", big)
    assert "5.0 MB; the limit is 5 MB" not in str(info.value)
    assert "5.1 MB; the limit is 5 MB" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n\t  ", "whitespace"), ("x" * 1001, "limit"),
     ("Newspapers in English\n\nNewspapers from United Kingdom", "boilerplate")],
)
def test_add_text_bad_input_changes_nothing(small_app: Footnote, text: str, message: str) -> None:
    before = state(small_app, "news")
    with pytest.raises(InputError, match=message):
        small_app.add_text("news", text)
    assert state(small_app, "news") == before


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [(b"", "a.txt", "empty"), (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "a.txt", "binary"),
     (b"a" * 1001, "a.txt", "limit"), (b"%PDF-1.4 junk", "a.pdf", "PDF")],
)
def test_add_bytes_bad_input_changes_nothing(
    small_app: Footnote, data: bytes, filename: str, message: str
) -> None:
    before = state(small_app, "news")
    with pytest.raises(InputError, match=message):
        small_app.add_bytes("news", data, filename=filename)
    assert state(small_app, "news") == before


def test_remove_article(app: Footnote) -> None:
    a = app.add_text("news", ARTICLE).article
    b = app.add_text("news", OTHER).article
    assert app.remove_article("news", a.id, actor="mod") == a
    assert [x.id for x in app.list_articles("news")] == [b.id]
    with pytest.raises(NotFoundError):
        app.remove_article("news", a.id)
    with pytest.raises(NotFoundError):
        app.show_article("news", a.id)
    log = app.library("news").store.audit_log()
    assert (log[0]["actor"], log[0]["action"], log[0]["article_id"]) == ("mod", "remove", a.id)


def test_reindex_unknown_library(app: Footnote) -> None:
    with pytest.raises(LibraryError, match="no library called 'ghost'"):
        app.reindex("ghost")


def test_reindex_through_the_service(app: Footnote, settings: Settings) -> None:
    app.add_text("news", ARTICLE)
    other_model = Footnote(settings, encoder=HashingEncoder(dim=16, model_id="other"))
    with pytest.raises(LibraryError, match="footnote reindex --library news"):
        other_model.list_articles("news")
    assert other_model.reindex("news") == 3
    assert len(other_model.list_articles("news")) == 1
    snap = other_model.library("news").snapshot()
    assert snap.vectors.shape == (3, 16) and snap.dense.dim == 16
    answer = other_model.ask("news", "How much will the harbour wall cost?")
    assert answer.question == "How much will the harbour wall cost?"
    stored = other_model.list_articles("news")[0].text
    assert answer.declined or all(stored[c.start:c.end] == c.quote for c in answer.citations)
    assert answer.declined or answer.citations  # an answer always cites
    with pytest.raises(LibraryError, match="footnote reindex"):
        Footnote(settings, encoder=HashingEncoder()).list_articles("news")


# --- questions ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Ask a question: the text is empty."),
        ("   \n ", "Ask a question: the text is empty."),
        ("\u200b\u200c\u200d\u2060\ufeff", "Ask a question: the text is empty."),
        ("🙂🙂🙂 🎉", "That doesn't look like a question: it has no words in it."),
        ("?!…", "That doesn't look like a question: it has no words in it."),
        ("w" * 100_000, "Questions can be at most 1,000 characters long; yours has 100,000."),
    ],
)
def test_bad_questions(app: Footnote, question: str, message: str) -> None:
    with pytest.raises(QuestionError) as info:
        app.ask("default", question)
    assert str(info.value) == message


def test_clean_question() -> None:
    assert clean_question("  Who\u200b is Simon\u00ad Bailey?\ufeff ", 100) == \
        "Who is Simon Bailey?"
    assert clean_question("Cafe\u0301?", 100) == "Café?"  # NFC
    assert clean_question("x" * 10, 10) == "x" * 10
    with pytest.raises(QuestionError, match="at most 10 characters"):
        clean_question("x" * 11, 10)


def test_question_length_is_counted_after_cleaning(app: Footnote) -> None:
    padded = "  " + "Who is Simon Bailey?" + "\u200b" * 2000 + "  "
    answer = app.ask("default", padded)
    assert answer.question == "Who is Simon Bailey?"


def test_unknown_article_id(app: Footnote) -> None:
    with pytest.raises(NotFoundError, match="no article 4242"):
        app.ask("default", "Who is Simon Bailey?", article_id=4242)
    with pytest.raises(NotFoundError, match="no article 1"):
        app.ask("empty", "Who is Simon Bailey?", article_id=1)
    with pytest.raises(NotFoundError):
        app.show_article("default", 4242)


def test_empty_library_declines_with_its_own_wording(app: Footnote) -> None:
    answer = app.ask("empty", "Who is Simon Bailey?")
    assert answer.declined
    assert answer.text == DECLINE["empty_library"]
    assert "footnote add" in answer.text
    assert answer.citations == () and answer.suggestions == ()
    assert app.ask("empty", "Who wrote the article?").text == DECLINE["empty_library"]


@pytest.mark.model
def test_declined_answer_suggests_titles(real_app: Footnote) -> None:
    answer = real_app.ask("default", "zebra xylophone quasar?")
    assert answer.declined and not answer.hedged
    assert answer.text == DECLINE["text"]
    assert answer.citations == ()
    assert answer.suggestions == (SEED_TITLE,)


@pytest.mark.model
def test_answer_cites_the_seed(real_app: Footnote) -> None:
    answer = real_app.ask("default", "What did he say about 4G and 5G networks?")
    assert not answer.declined and not answer.hedged
    assert answer.question == "What did he say about 4G and 5G networks?"
    assert answer.citations[0].paragraph == 8
    c = answer.citations[0]
    assert c.quote.startswith("And he said as 4G and 5G networks were rolled out")
    assert c.n == 1 and c.title == SEED_TITLE and c.url is None
    assert f"{c.quote} [1]" in answer.text
    assert 0.0 <= answer.confidence <= 1.0


@pytest.mark.model
def test_ask_within_one_article(real_app: Footnote) -> None:
    harbour = real_app.add_text("default", ARTICLE).article
    answer = real_app.ask("default", "What did officials say?", article_id=harbour.id)
    assert not answer.declined and answer.citations
    assert {c.article_id for c in answer.citations} == {harbour.id}
    seed_id = real_app.list_articles("default")[0].id
    answer = real_app.ask("default", "What did he say about fines?", article_id=seed_id)
    assert not answer.declined and answer.citations
    assert {c.article_id for c in answer.citations} == {seed_id}
    # the same question without the pin is free to use either article
    assert real_app.ask("default", "How much will the harbour wall cost?").citations[
        0].article_id == harbour.id


@pytest.mark.model
def test_follow_up_uses_the_previous_question(real_app: Footnote) -> None:
    question = "What did he say about them?"
    alone = real_app.ask("default", question)
    follow_up = real_app.ask("default", question, previous="What about paedophile hunters?")
    assert follow_up.question == question
    # read with the question before it: the paragraph about paedophile hunters, quoted
    # (answered or hedged is the answer model's call: stop 38's hedges it, at 0.48)
    assert not follow_up.declined
    assert follow_up.citations[0].paragraph == 11
    assert [c.paragraph for c in alone.citations][:1] != [11]
    # a question that does not lean on the previous one is read on its own
    standalone = "What did Simon Bailey say about 4G and 5G networks?"
    assert real_app.ask("default", standalone, previous="What about paedophile hunters?") == \
        real_app.ask("default", standalone)


# --- metadata questions -----------------------------------------------------------------

def _seed(app: Footnote):
    return app.list_articles("default")[0]


@pytest.mark.parametrize("question", ["Who wrote the article?", "Who is the author?",
                                      "who wrote it", "Who's the article written by?"])
def test_who_wrote_it(app: Footnote, question: str) -> None:
    seed = _seed(app)
    answer = app.ask("default", question)
    assert not answer.declined
    assert "Martin Evans" in answer.text
    assert answer.text == f"“{SEED_TITLE}” was written by Martin Evans, Crime Correspondent [1]."
    (c,) = answer.citations
    assert c.quote == "By Martin Evans CRIME CORRESPONDENT"
    assert seed.byline == (c.start, c.end)
    assert seed.text[c.start:c.end] == c.quote
    assert c.paragraph == 0 and c.article_id == seed.id and answer.confidence == 1.0


def test_which_newspaper(app: Footnote) -> None:
    seed = _seed(app)
    answer = app.ask("default", "Which newspaper published it?")
    assert not answer.declined
    assert answer.text == f"“{SEED_TITLE}” was published in The Daily Telegraph [1]."
    (c,) = answer.citations
    # the header from the masthead down to the byline: every metadata answer shows the byline
    assert c.quote == seed.text[c.start:c.end]
    assert c.quote.startswith("The Daily Telegraph")
    assert c.quote.endswith("By Martin Evans CRIME CORRESPONDENT")


def test_title_and_unknown_date(app: Footnote) -> None:
    title = app.ask("default", "What is the title of the article?")
    assert title.text == f"The article is called “{SEED_TITLE}” [1]."
    assert title.citations[0].quote == f"{SEED_TITLE}\n- By Martin Evans CRIME CORRESPONDENT"
    date = app.ask("default", "When was it published?")
    assert date.declined
    assert date.text == f"The article “{SEED_TITLE}” does not say when it was published."
    assert date.citations == ()


def test_metadata_without_a_byline_in_the_text(app: Footnote) -> None:
    harbour = app.add_text("news", ARTICLE).article
    answer = app.ask("news", "Who wrote the article?")
    assert answer.declined
    assert answer.text == "The article “Harbour plan approved” does not say who wrote it."
    assert app.ask("news", "Which newspaper published it?").declined
    assert harbour.author is None


def test_metadata_question_picks_the_article(app: Footnote) -> None:
    harbour = app.add_text("default", ARTICLE).article
    seed = _seed(app)
    about_seed = app.ask("default", "Who wrote the article about Simon Bailey and social media?")
    assert "Martin Evans" in about_seed.text
    assert about_seed.citations[0].article_id == seed.id
    pinned = app.ask("default", "Who wrote the article?", article_id=harbour.id)
    assert pinned.declined and "Harbour plan approved" in pinned.text


SEED_LEAD = ("THE public should start boycotting social media companies and force them to act "
             "over online child abuse images, one of the country’s most senior police officers "
             "has said.")


@pytest.mark.parametrize("question", ["What is the article about?", "whats it about",
                                      "tl;dr", "Summarise the article, please.", "what happened"])
def test_what_is_it_about_quotes_the_lead(app: Footnote, question: str) -> None:
    seed = _seed(app)
    answer = app.ask("default", question)
    assert answer.text == f"“{SEED_TITLE}”: {SEED_LEAD} [1]"
    (c,) = answer.citations
    assert c.quote == SEED_LEAD == seed.text[c.start:c.end]
    assert c.paragraph == 1 and c.article_id == seed.id


def test_what_is_it_about_with_several_articles(app: Footnote) -> None:
    harbour = app.add_text("default", ARTICLE).article
    every = app.ask("default", "What is it about?")
    assert every.text.split("\n") == [
        f"“{SEED_TITLE}”: {SEED_LEAD} [1]",
        "“Harbour plan approved”: The town council approved a new harbour wall on Tuesday "
        "after a long debate about flooding. [2]",
    ]
    assert [c.n for c in every.citations] == [1, 2]
    named = app.ask("default", "what is the harbour article about")
    assert [c.article_id for c in named.citations] == [harbour.id]


@pytest.mark.parametrize("question", ["What does the article say about fines?",
                                      "what happened to the fines",
                                      "summarise what he said about fines"])
def test_questions_about_something_are_not_summaries(app: Footnote, question: str) -> None:
    assert SEED_LEAD not in app.ask("default", question).text


@pytest.mark.parametrize("question", ["Who reported the abuse to the police?",
                                      "Who wrote to the Government?"])
def test_content_questions_are_not_taken_for_metadata(app: Footnote, question: str) -> None:
    answer = app.ask("default", question)
    assert "was written by" not in answer.text


# --- verbatim citations -----------------------------------------------------------------

QUESTIONS = [
    *SEED_QUESTIONS,
    "Is society near the point where everybody will know somebody who viewed illegal images?",
]


def test_every_citation_is_verbatim(app: Footnote) -> None:
    assert cited_verbatim(app, QUESTIONS) >= 10


def test_content_hash_ignores_case_and_spacing() -> None:
    a = clean_article(extract_text(ARTICLE))
    b = clean_article(extract_text(ARTICLE.upper().replace(" ", " \t ")))
    c = clean_article(extract_text(OTHER))
    assert content_hash(a) == content_hash(b) != content_hash(c)
    assert len(content_hash(a)) == 64


# --- recording answers and votes --------------------------------------------------------

def test_record_answer_and_feedback(app: Footnote) -> None:
    answer = app.ask("default", "Who is Simon Bailey?")
    answer_id = app.record_answer("default", answer, user="u#1")
    app.feedback("default", answer_id, user="voter", helpful=True)
    app.feedback("default", answer_id, user="voter", helpful=False)  # changed mind
    app.feedback("default", answer_id, user="other", helpful=True)
    rows = app.library("default").store.feedback()
    assert sorted((r.user, r.helpful) for r in rows) == [("other", True), ("voter", False)]
    row = rows[0]
    assert row.id == answer_id and row.question == "Who is Simon Bailey?"
    assert row.answer == answer.text
    assert row.citations == [
        {"n": c.n, "article_id": c.article_id, "paragraph": c.paragraph, "quote": c.quote,
         "start": c.start, "end": c.end}
        for c in answer.citations
    ]
    with pytest.raises(NotFoundError, match="no longer on record"):
        app.feedback("default", answer_id + 50, user="voter", helpful=True)
    # the kept answer is the turn a follow-up on it reads, after the memory is gone
    assert app.recorded_turn("default", answer_id) == Turn.of(answer)
    assert app.recorded_turn("default", answer_id + 50) is None
    assert app.recorded_turn("default", 2**70) is None  # a forged id: not even looked up
    declined = app.ask("default", "zebra xylophone quasar?")
    declined_id = app.record_answer("default", declined, user=None)
    assert declined_id == answer_id + 1
    # kept before quotes' places were (stop 46): each quote found in its article again
    old_id = app.library("default").store.log_answer(
        user="u#1", question=answer.question, answer=answer.text, declined=False,
        citations=[{"n": c.n, "article_id": c.article_id, "paragraph": c.paragraph,
                    "quote": c.quote} for c in answer.citations])
    assert app.recorded_turn("default", old_id) == Turn.of(answer)


@pytest.mark.parametrize("question", ["what's the latest?", "any news?", "whats new",
                                      "what are the latest stories", "top stories",
                                      "what are the main stories today", "headlines?",
                                      "whats in the news today"])
def test_whats_the_latest_gives_the_newest_articles_first(app: Footnote, question: str) -> None:
    seed = _seed(app)
    added = [app.add_text("default", f"Story {n}\n\nThe {word} thing happened on day {n}.\n")
             .article for n, word in ((1, "first"), (2, "second"), (3, "third"))]
    answer = app.ask("default", question)
    assert answer.text.startswith("The 3 newest of the library’s 4 articles:")
    assert [c.article_id for c in answer.citations] == [a.id for a in reversed(added)]
    assert seed.id not in {c.article_id for c in answer.citations}
