"""Tests for bot.ingest.clean, first of all on the real seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError
from bot.ingest import clean as clean_module
from bot.ingest.clean import (
    clean_article,
    find_date,
    is_boilerplate,
    is_date_line,
    join_broken_paragraphs,
    parse_byline,
)
from bot.ingest.extract import extract_bytes, extract_text
from bot.models import CleanDocument, ExtractedText
from bot.service import Footnote

SEED = (
    Path(__file__).resolve().parents[2]
    / "seeds"
    / "telegraph-police-chief-social-media-boycott.txt"
)


def _clean(text: str, **kwargs: object) -> CleanDocument:
    return clean_article(ExtractedText(text=text), **kwargs)  # type: ignore[arg-type]


def _passage_texts(doc: CleanDocument) -> list[str]:
    return [doc.text[p.start : p.end] for p in doc.passages]


@pytest.fixture(scope="module")
def seed() -> CleanDocument:
    return clean_article(extract_bytes(SEED.read_bytes(), filename=SEED.name))


def test_seed_metadata(seed: CleanDocument) -> None:
    assert seed.publication == "The Daily Telegraph"
    assert seed.title == "Police chief: only boycotting social media will force action on abuse"
    assert seed.author == "Martin Evans"
    assert seed.author_role == "Crime Correspondent"
    assert seed.published is None
    assert seed.source == SEED.name


def test_seed_byline_is_verbatim_in_the_header(seed: CleanDocument) -> None:
    assert seed.byline is not None
    start, end = seed.byline
    assert seed.text[start:end] == "By Martin Evans CRIME CORRESPONDENT"
    assert seed.text.startswith(
        "The Daily Telegraph\n"
        "Police chief: only boycotting social media will force action on abuse\n"
        "- By Martin Evans CRIME CORRESPONDENT\n\n"
        "THE public should start boycotting"
    )
    assert end < seed.passages[0].start


def test_seed_broken_paragraph_is_joined(seed: CleanDocument) -> None:
    holding = [
        t for t in _passage_texts(seed) if "The Daily Telegraph, the Government last month" in t
    ]
    assert len(holding) == 1
    assert holding[0].startswith("“Ultimately, I think the only thing")
    sentences = [seed.text[s:e] for p in seed.passages for s, e in p.sentences]
    assert (
        "Following a campaign by The Daily Telegraph, the Government last month announced plans "
        "to introduce Duty of Care laws to hold tech firms accountable for allowing damaging "
        "material online." in sentences
    )


def test_seed_boilerplate_is_never_a_passage(seed: CleanDocument) -> None:
    for boilerplate in ("Newspapers in English", "Newspapers from United Kingdom"):
        assert all(boilerplate not in t for t in _passage_texts(seed))
        assert boilerplate not in seed.text
    assert _passage_texts(seed)[-1].endswith("Facebook ‘likes’?”")


def test_seed_passages_and_sentences_are_verbatim(seed: CleanDocument) -> None:
    raw = SEED.read_text(encoding="utf-8")
    paragraphs = seed.text.split("\n\n")
    assert "\n\n\n" not in seed.text
    assert [p.paragraph for p in seed.passages] == list(range(1, 13))
    for passage in seed.passages:
        chunk = seed.text[passage.start : passage.end]
        assert chunk in paragraphs
        for s, e in passage.sentences:
            assert passage.start <= s < e <= passage.end
            sentence = seed.text[s:e]
            assert sentence == sentence.strip()
            # Each sentence is in the original article, apart from the mended break.
            assert sentence in raw or "The Daily Telegraph, the Government" in sentence
    # Words are kept as printed, even those that lost their hyphen.
    assert "selfharm" in seed.text and "socalled" in seed.text


def test_seed_pasted_gives_the_same_document(seed: CleanDocument) -> None:
    pasted = clean_article(extract_text(SEED.read_text(encoding="utf-8")))
    assert pasted.text == seed.text
    assert pasted.passages == seed.passages
    assert pasted.source == "pasted text"


@pytest.mark.parametrize(
    "line",
    [
        "Newspapers in English",
        "Newspapers from United Kingdom",
        "Subscribe to our newsletter",
        "Sign up for the morning briefing",
        "Advertisement",
        "ADVERTISEMENT",
        "Share this article",
        "Follow us on Twitter and Facebook",
        "Copyright 2024 The Example Gazette",
        "© 2019 Telegraph Media Group Limited",
        "All rights reserved.",
        "Read more: How the plan was drawn up",
        "Click here to read the full report",
        "We use cookies to improve your experience. Accept all cookies",
        "Related articles",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Subscribers complained about the price rise.",
        "Copyright law was changed in 2019 to protect authors.",
        "Advertisement revenue fell by a third last year.",
        "He said he would read more books in prison.",
    ],
)
def test_body_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_boilerplate_inside_the_body_is_dropped_and_the_break_mended() -> None:
    doc = _clean(
        "Ministers met on Monday to agree the budget, which had been delayed by\n\n"
        "Advertisement\n\n"
        "months of argument. The vote is on Friday.\n\nShare this article"
    )
    assert _passage_texts(doc) == [
        "Ministers met on Monday to agree the budget, which had been delayed by months of "
        "argument. The vote is on Friday."
    ]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["He said:", "“We will win.”"], ["He said:", "“We will win.”"]),
        (
            ["The plan has three parts", "- roads", "- rail"],
            ["The plan has three parts", "- roads", "- rail"],
        ),
        (
            ["Background", "The council first proposed it in 2019."],
            ["Background", "The council first proposed it in 2019."],
        ),
        (["It was cut because of", "rising costs."], ["It was cut because of rising costs."]),
        (["The minister, who", "Declined to comment."], ["The minister, who Declined to comment."]),
        (["He waited.", "Nothing came."], ["He waited.", "Nothing came."]),
        (["She said it was “over”", "and left."], ["She said it was “over” and left."]),
        (["“It is over.”", "He left."], ["“It is over.”", "He left."]),
    ],
)
def test_join_broken_paragraphs(paragraphs: list[str], expected: list[str]) -> None:
    assert join_broken_paragraphs(paragraphs) == expected


def test_hard_wrapped_block_is_unwrapped_into_paragraphs() -> None:
    text = (
        "The council said the new lanes would be finished by the end of next year and\n"
        "that the cost would be met from the transport budget, which has grown. Self-\n"
        "harm services are funded separately, according to the annual report.\n"
        "Residents will be consulted.\n"
        "A second consultation will follow in the autumn, the council said on its web\n"
        "site, and a final decision is expected before the next local elections.\n"
    )
    doc = _clean(text)
    assert _passage_texts(doc) == [
        "The council said the new lanes would be finished by the end of next year and that "
        "the cost would be met from the transport budget, which has grown. Self-harm services "
        "are funded separately, according to the annual report. Residents will be consulted.",
        "A second consultation will follow in the autumn, the council said on its web site, "
        "and a final decision is expected before the next local elections.",
    ]


@pytest.mark.parametrize(
    ("line", "author", "role"),
    [
        ("- By Martin Evans CRIME CORRESPONDENT", "Martin Evans", "Crime Correspondent"),
        ("By Martin Evans, Crime Correspondent", "Martin Evans", "Crime Correspondent"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", None),
        ("By JANE DOE, Reuters", "Jane Doe", "Reuters"),
        ("Jane Doe, Political Editor", "Jane Doe", "Political Editor"),
        ("BY JANE DOE", "Jane Doe", None),
        ("By Ursula von der Leyen", "Ursula von der Leyen", None),
        ("By George W. Bush", "George W. Bush", None),
    ],
)
def test_parse_byline(line: str, author: str, role: str | None) -> None:
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.author, byline.role) == (author, role)


@pytest.mark.parametrize(
    "line",
    [
        "By 2030 cars will be electric",
        "By the numbers",
        "Police chief: only boycotting",
        "Simon Bailey",
        # a story's sentence opening on a name, "staff" no role in it
        "Headteacher Marcus Penrose, who had led the school for six years, said he was proud "
        "of his staff.",
        "Jane Doe, Political Editor, said the vote was close.",
    ],
)
def test_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


def test_a_sentence_under_the_standfirst_stays_in_the_story() -> None:
    """The second paragraph opening on a name ("Headteacher Marcus Penrose, who ...") was
    read as the byline under a standfirst: taken out of the story and named its author."""
    text = ("Falmouth head quits after damning report\n\nThe headteacher of a Falmouth primary "
            "school has resigned after inspectors rated it inadequate.\n\nHeadteacher Marcus "
            "Penrose, who had led Trevellas Primary for six years, said he was proud of his "
            "staff.\n\nParents said they were shocked by the news.\n")
    doc = _clean(text)
    assert doc.author is None and doc.byline is None
    story = " ".join(_passage_texts(doc))
    assert story.index("The headteacher") < story.index("Headteacher Marcus Penrose")


@pytest.mark.parametrize(
    ("line", "iso", "only_date"),
    [
        ("Published 3 May 2019", "2019-05-03", True),
        ("Monday, 6 May 2019", "2019-05-06", True),
        ("2019-05-06T10:00:00Z", "2019-05-06", True),
        ("Updated: May 6, 2019 10:30 am BST", "2019-05-06", True),
        ("Tuesday 21st January 2020", "2020-01-21", True),
        ("6 May 2019 protest turns violent", "2019-05-06", False),
        ("31 February 2019", None, False),
    ],
)
def test_dates(line: str, iso: str | None, only_date: bool) -> None:
    found = find_date(line)
    assert (found[0] if found else None) == iso
    assert is_date_line(line) is only_date


def test_header_with_date_and_two_authors() -> None:
    doc = _clean(
        "Bus fares to rise by a third\n"
        "By Jane Doe and John Roe\n"
        "Published 3 May 2019\n\n"
        "Bus fares will rise by a third from June, the operator said.\n\n"
        "Passengers’ groups called the rise “a disgrace”."
    )
    assert doc.title == "Bus fares to rise by a third"
    assert doc.author == "Jane Doe and John Roe"
    assert doc.published == "2019-05-03"
    assert doc.publication is None
    assert doc.byline and doc.text[doc.byline[0] : doc.byline[1]] == "By Jane Doe and John Roe"
    assert _passage_texts(doc)[0] == "Bus fares will rise by a third from June, the operator said."


def test_question_headline_followed_by_a_byline() -> None:
    doc = _clean("Is social media to blame?\n\nBy Jane Doe\n\nExperts are divided. Some say yes.")
    assert doc.title == "Is social media to blame?"
    assert _passage_texts(doc) == ["Experts are divided. Some say yes."]


def test_metadata_priority() -> None:
    extracted = ExtractedText(
        text="The Daily Telegraph\n\nHeadline in the text\n\nBy Jane Doe\n\n"
        "The body sentence is here.",
        title="Extracted title",
        author="Meta Author",
        publication="Telegraph Online",
        published="2020-01-02",
        url="https://example.com/a",
    )
    doc = clean_article(extracted)
    assert (doc.title, doc.author, doc.publication, doc.published, doc.url) == (
        "Extracted title",
        "Meta Author",
        "Telegraph Online",
        "2020-01-02",
        "https://example.com/a",
    )
    given = clean_article(extracted, title="Given title", url="https://example.com/b")
    assert (given.title, given.url) == ("Given title", "https://example.com/b")


def test_first_body_line_that_runs_on_is_not_taken_for_a_headline() -> None:
    doc = _clean("The town library will open on Sundays from next month, after a\npetition.")
    assert doc.byline is None
    assert _passage_texts(doc) == [
        "The town library will open on Sundays from next month, after a petition."
    ]
    assert doc.title == "The town library will open on Sundays from next month, after a petition."


def test_title_falls_back_to_a_shortened_first_sentence() -> None:
    sentence = (
        "The regional health authority announced on Wednesday that three hospitals in the north "
        "would close their maternity wards by the end of the year."
    )
    doc = _clean(f"{sentence} Staff were told last week.")
    assert doc.title is not None
    assert doc.title.endswith("…") and len(doc.title) <= 81
    assert sentence.startswith(doc.title[:-1])
    assert doc.text.startswith(sentence)


@pytest.mark.parametrize(("first", "title"), [
    ("LAGOS, Nigeria (CNN) -- Nigerian police on Tuesday arrested 14 people.",
     "Nigerian police on Tuesday arrested 14 people."),
    ("(CNN) -- a grandmother from Ohio has swum the English Channel.",
     "A grandmother from Ohio has swum the English Channel."),
    ("WASHINGTON (Reuters) - The Senate passed the budget bill on Tuesday.",
     "The Senate passed the budget bill on Tuesday."),
    ("Police (PSNI) - officers said the road would stay closed all week.",
     "Police (PSNI) - officers said the road would stay closed all week."),
])
def test_a_wire_storys_dateline_is_not_its_title(first: str, title: str) -> None:
    doc = _clean(f"{first} More follows here.")
    assert doc.title == title
    assert doc.text.startswith(first)  # the text itself keeps its dateline


def test_trailing_short_lines_are_dropped() -> None:
    doc = _clean("The vote is on Friday.\n\nTopics\n\nPolitics Transport")
    assert _passage_texts(doc) == ["The vote is on Friday."]


def test_too_many_paragraphs_fails_before_any_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The limit is checked on the raw blocks, before any is split into paragraphs."""
    read: list[list[str]] = []
    monkeypatch.setattr(clean_module, "_block_paragraphs",
                        lambda lines, *_: read.append(lines) or lines)
    text = "\n\n".join(["word"] * 100_000)
    with pytest.raises(InputError, match=r"100,000 paragraphs; the limit is 2,000"):
        _clean(text)
    assert read == []
    _clean("\n\n".join(["A sentence of the article."] * 3))
    assert len(read) == 3  # (the stand-in is used when the limit is not hit)


def test_only_boilerplate_is_rejected() -> None:
    with pytest.raises(InputError, match="No article text is left"):
        _clean("Newspapers in English\n\nNewspapers from United Kingdom\n\nAdvertisement")


def test_a_body_too_short_to_quote_is_rejected_by_name() -> None:
    with pytest.raises(InputError, match=r'only 1 word long \("hello"\); .* at least 5 words'):
        _clean("hello")
    with pytest.raises(InputError, match=r"only 4 words long"):
        _clean("Headline words here\n\nBy Jane Doe\n\nGoogle won. Facebook lost.")
    assert _clean("Google won the case on Monday.").passages


def test_html_fixture_through_cleaning() -> None:
    path = Path(__file__).parent / "fixtures" / "article.html"
    doc = clean_article(extract_bytes(path.read_bytes(), filename=path.name))
    assert doc.title == "Council approves new cycle lanes"
    assert doc.publication == "The Example Gazette"
    # the byline the page shows, which the HTML reader drops, is put back and cited
    assert doc.text.startswith("Council approves new cycle lanes\nBy Jane Doe, Transport "
                               "Correspondent\n\nThe city council voted")
    assert doc.byline is not None
    assert doc.text[doc.byline[0]:doc.byline[1]] == "By Jane Doe, Transport Correspondent"
    assert (doc.author, doc.author_role) == ("Jane Doe", "Transport Correspondent")
    texts = _passage_texts(doc)
    assert len(texts) == 4 and texts[-1].endswith("at a cost of £4.5m.")
    assert not any("Copyright" in t or "Related" in t for t in texts)


def test_one_paragraph_per_line_is_not_unwrapped() -> None:
    lines = [
        "The council met on Tuesday to discuss the plan for the river path.",
        "Residents said they had not been asked about the new lanes at all.",
        "A spokesman said a consultation would open in the spring next year.",
        "The final decision is expected in the autumn, after the elections.",
    ]
    assert _passage_texts(_clean("\n".join(lines))) == lines


def test_a_title_case_headline_is_not_taken_for_a_masthead() -> None:
    extracted = ExtractedText(
        text="The Big Freeze\n\nSnow And Ice\n\nSnow closed schools across the north on Monday.",
        title="The Big Freeze",
    )
    doc = clean_article(extracted)
    assert (doc.title, doc.publication) == ("The Big Freeze", None)
    assert _passage_texts(doc) == ["Snow closed schools across the north on Monday."]


PRESS_RELEASE = """PRESS RELEASE
FOR IMMEDIATE RELEASE

Fenland and Ouse Hospitals NHS Foundation Trust

NEW £6.2 MILLION FRAILTY UNIT OPENS AT ST ETHELDREDA'S HOSPITAL, ELY

ELY, Cambridgeshire, 9 June 2025 - A new unit for frail older patients opened today at \
St Etheldreda's Hospital in Ely.

The 24-bay unit will see patients aged 75 and over referred by their GP.
"""


def test_a_press_releases_labels_are_not_its_title_and_its_dateline_dates_it() -> None:
    """"PRESS RELEASE" labels the page; the headline is the line in capitals after the
    organisation's name (shown in title case); the dateline's date is when it was issued."""
    doc = _clean(PRESS_RELEASE)
    assert doc.title == "New £6.2 Million Frailty Unit Opens at St Etheldreda's Hospital, Ely"
    assert doc.published == "2025-06-09"
    assert doc.text[doc.passages[0].start:].startswith("ELY, Cambridgeshire, 9 June 2025 - ")


@pytest.mark.parametrize("first", [
    "On 12 March 2024 - a Tuesday - the council met.",  # a date of the story, not a dateline
    "Monday, 12 March 2024 - the council met.",
    "PARIS - Police said on 3 May 2024 - a Friday - that they had arrested two men.",
])
def test_a_date_in_the_first_sentence_is_not_a_dateline(first: str) -> None:
    doc = _clean(f"Council meets\n\n{first}\n\nThe meeting lasted two hours and ended late.")
    assert doc.published is None


def test_when_was_it_published_cites_the_dateline_that_dates_it(app: Footnote) -> None:
    """A press release dated only by its dateline: the answer quotes that dateline."""
    app.add_text("pr", PRESS_RELEASE)
    answer = app.ask("pr", "when was it published")
    assert "2025-06-09" in answer.text and not answer.declined, answer.text
    (cited,) = answer.citations
    assert cited.quote == "ELY, Cambridgeshire, 9 June 2025" and cited.paragraph == 1


PASTED_PAGE = """Skip to content
The Westbridge Herald
Home
News
Politics
What's On
Politics

Housing minister Claire Henshaw resigns over undeclared property interests

Henshaw quits after leaked emails showed she met a developer

By Tom Aldridge
Political Correspondent
Updated 14:05 GMT, 12 March 2025
Share
Save

Image caption, Claire Henshaw left Downing Street on Tuesday (Photo: PA Media)

Housing minister Claire Henshaw has resigned from the government after it emerged she failed \
to declare a financial interest in a property company.

Advertisement

Ms Henshaw, the MP for Stockport North, handed her resignation letter to the Prime Minister \
on Tuesday evening, less than 48 hours after the emails were published.

Read more: PM under pressure over ministerial standards

The Prime Minister said he had accepted the resignation "with regret" and thanked her for her \
work on the housing programme over the last two years.

Sign up for our Politics newsletter
The week in Westminster, every Friday.

Related Topics
Housing
Westminster

Top Stories
Junior doctors to be balloted on new strike action
Published 1 hour ago
"""


def test_a_pasted_web_page_keeps_its_story_and_drops_the_page() -> None:
    """Select-all-and-paste of a news page: the site's sections are not the title, the
    byline and date are read, and no navigation, caption, sign-up or link list is a
    passage (rule 39, stop 48)."""
    doc = _clean(PASTED_PAGE)
    assert doc.title == "Housing minister Claire Henshaw resigns over undeclared property interests"
    assert (doc.author, doc.published) == ("Tom Aldridge", "2025-03-12")
    texts = _passage_texts(doc)
    assert [t[:20] for t in texts] == [
        "Housing minister Cla", "Ms Henshaw, the MP f", "The Prime Minister s"], texts


@pytest.mark.parametrize(("field", "author", "role"), [
    ("Elena Varga; Science Correspondent", "Elena Varga", "Science Correspondent"),
    ("Hannah Mercer; Tom Ashdown; Priya Nair", "Hannah Mercer, Tom Ashdown and Priya Nair",
     None),
    ("Martin Evans", "Martin Evans", None),
])
def test_a_pages_author_field_is_read_as_people_and_role(
        field: str, author: str, role: str | None) -> None:
    doc = clean_article(ExtractedText(text="A story of five words at least.", author=field))
    assert (doc.author, doc.author_role) == (author, role)


@pytest.mark.parametrize("line", [
    "Unemployment rose to 4.2% in March (Source: ONS).",
    "Home",  # a line of its own is page furniture: dropped
])
def test_a_sourced_figure_is_not_a_caption(line: str) -> None:
    assert is_boilerplate(line) is (line == "Home")


@pytest.mark.parametrize(("line", "furniture"), [
    ("Unsubscribe | Manage preferences", True),
    ("If someone forwarded you this email, you can sign up for free.", True),
    ("Users can unsubscribe at any time, the company said.", False),  # the news
    ("He forwarded this email to the police on Monday.", False),
])
def test_a_newsletters_furniture_and_the_news_about_it(line: str, furniture: bool) -> None:
    assert is_boilerplate(line) is furniture


def test_an_embedded_post_is_not_joined_to_the_paragraph_after_it() -> None:
    """A tweet's text ends on its date, unpunctuated: the next paragraph is not the rest
    of its sentence (rule 42, stop 48); a sentence broken off mid-way still is."""
    doc = _clean("Everton sign striker\n\nEverton have signed the Sweden striker Mateo "
                 "Lindqvist from Benfica for an initial fee of £41 million.\n\nMateo "
                 "Lindqvist will wear the number 19 shirt this season — Everton (@Everton) "
                 "July 22, 2025\n\nHe becomes the club's fourth signing of the summer.\n\n"
                 "The deal was agreed after talks that lasted for most of the week and\n\n"
                 "ended on Friday night.\n")
    texts = _passage_texts(doc)
    assert texts[1].endswith("July 22, 2025") and texts[2].startswith("He becomes"), texts
    assert texts[3].endswith("and ended on Friday night."), texts


def test_a_table_reads_as_one_sentence_a_row() -> None:
    """The HTML reader's "| a | b |" rows: each a sentence under its header's names, the
    title row as itself, the rules dropped, and nothing joined to the paragraph after it
    (stop 48)."""
    doc = _clean("House prices fall\n\nPrices fell in April across most regions of the UK.\n\n"
                 "| Average house prices by region, April 2025 |  |  |\n\n|---|---|---|\n\n"
                 "| Region | Average price | Annual change |\n\n|---|---|---|\n\n"
                 "| London | £521,300 | -0.8% |\n\n| Scotland | £193,700 | +4.8% |\n\n"
                 "In London, where the average home costs more than half a million pounds, "
                 "prices were lower than a year ago.\n")
    assert _passage_texts(doc)[1:] == [
        "Average house prices by region, April 2025",
        "London: Average price £521,300, Annual change -0.8%.",
        "Scotland: Average price £193,700, Annual change +4.8%.",
        "In London, where the average home costs more than half a million pounds, prices "
        "were lower than a year ago."]


def test_a_caption_under_its_label_is_dropped() -> None:
    """"Image caption," on a line of its own, then the caption without a full stop: the
    caption neither stays nor joins the paragraph after it."""
    doc = _clean("Energy firm admits data breach\n\nHackers stole the details of about 1.2 "
                 "million customers of an energy supplier, the company said on Monday.\n\n"
                 "Image caption,\nCustomers have been told to watch out for suspicious emails\n\n"
                 "Professor James Okoro, a cyber security expert, said such attacks were "
                 "becoming increasingly common.")
    texts = _passage_texts(doc)
    assert [t[:20] for t in texts] == ["Hackers stole the de", "Professor James Okor"], texts


NEWSLETTER = """View this email in your browser

THE EASTMOOR BRIEF

Good evening, and thanks for opening this week's Brief, the town's news in five minutes.

----------------------------------------
FERRY STRIKE CALLED OFF AFTER LATE-NIGHT DEAL

The strike that threatened to halt the Eastmoor ferry for five days next week has been \
called off after crew members voted to accept a revised pay offer.

* * *

The offer gives deckhands and engineers a 6.5 per cent rise backdated to April, plus a \
one-off payment of £750.

Unsubscribe | Manage preferences
You are receiving this email because you subscribed at eastmoorbrief.co.uk.
"""


def test_a_pasted_newsletter_keeps_its_stories_and_drops_its_furniture() -> None:
    """Rules and section breaks do not join the heading under them, and "View this email
    in your browser", "Unsubscribe" and "You are receiving this email" are not the
    article's."""
    doc = _clean(NEWSLETTER)
    texts = _passage_texts(doc)
    assert doc.title == "THE EASTMOOR BRIEF"
    assert "FERRY STRIKE CALLED OFF AFTER LATE-NIGHT DEAL" in texts
    assert not any("---" in t or "* *" in t or "browser" in t or "Unsubscribe" in t
                   or "receiving this email" in t for t in texts), texts


def test_citation_marks_and_references_are_not_the_story() -> None:
    """An encyclopaedia's "[1]" marks would keep a paragraph from ending and join it to
    the next; its "See also" and "References" lists are not passages."""
    body = ("The landslide struck the village in the early hours of 17 October 2024.[1] "
            "Three people were killed and eleven were injured.[2][3]\n\n"
            "The Scottish Government described it as the worst natural disaster to hit the "
            "Highlands in a generation, and opened a recovery fund.[4]\n\n"
            "A public inquiry into the landslide opened in the village hall in March "
            "2025.[5]\n\nReferences\n\n\"Landslide hits Highland village\". Strathorran "
            "Courier. 17 October 2024.")
    doc = _clean("Glenrathy landslide\n\n" + body)
    texts = _passage_texts(doc)
    assert texts[0] == ("The landslide struck the village in the early hours of 17 October "
                        "2024. Three people were killed and eleven were injured.")
    assert len(texts) == 3 and not any("[" in t or "Courier" in t for t in texts), texts


def test_a_pull_quote_repeated_in_the_text_is_dropped() -> None:
    """A sentence of the story set apart again ("PULL QUOTE: ...") is read once."""
    said = "People think cash is about money. It's really about being able to go into town"
    doc = _clean(f"The last branch\n\nThe only bank in Brantwell shut its doors in November "
                 f"2022, and the town of 9,000 people had to manage without one.\n\nPULL "
                 f"QUOTE: \"{said}.\"\n\nShe is blunt about why she did it. \"{said} and be "
                 f"seen,\" she says.")
    texts = _passage_texts(doc)
    assert len(texts) == 2 and sum(said in t for t in texts) == 1, texts


def test_a_byline_under_the_standfirst_is_read() -> None:
    """Headline, standfirst, "By Aoife Marsh", date: the byline and date are the header's
    (cited for "who wrote it?"), the standfirst opens the story."""
    doc = _clean("THE LAST BRANCH\n\nWhen the only bank in Brantwell shut its doors, a market "
                 "town of 9,000 people had to work out how to live without one.\n\nBy Aoife "
                 "Marsh\n\nSaturday 11 May 2024\n\nThe queue starts forming at twenty past "
                 "nine, ten minutes before the door opens on a wet Tuesday in April.")
    assert (doc.author, doc.published) == ("Aoife Marsh", "2024-05-11")
    assert doc.byline is not None and doc.text[doc.byline[0]:doc.byline[1]] == "By Aoife Marsh"
    assert [t[:20] for t in _passage_texts(doc)] == ["When the only bank i", "The queue starts for"]


INLINE_BOX = """Pensioner, 84, wins battle with council over parking fine

A pensioner has won a six-month battle with her local council after being fined for parking \
outside her own home.

Margaret Ellis, 84, was handed a £70 penalty notice in March by a traffic warden in Harrogate.

She appealed, saying the bay had been marked for residents for 30 years and that new signs \
had been put up without warning.

Related Articles
Drivers face £100 fines under new parking rules
Council admits parking signs were 'confusing'

The council has now cancelled the fine and apologised, and Mrs Ellis said she was \
"delighted" and hoped others in the street would not be caught out.
{after}"""


@pytest.mark.parametrize(("after", "last"), [
    ("", "The council has now cancelled"),
    ("\nRelated Topics\nHarrogate\n\nMost Read\nA man from Leeds was jailed on Tuesday for a "
     "string of burglaries across the north of England.\n", "The council has now cancelled"),
])
def test_a_box_of_links_inside_the_story_is_dropped_alone(after: str, last: str) -> None:
    """"Related Articles" with its headlines in the middle of a pasted story: the story
    goes on below it (a paragraph naming someone it named), so only the box is dropped;
    at the page's end, what follows is another story's, and is dropped with it."""
    texts = _passage_texts(_clean(INLINE_BOX.format(after=after)))
    assert texts[-1].startswith(last), texts
    assert not any("Drivers face" in t or "Leeds" in t for t in texts), texts


def test_a_teaser_naming_nobody_of_the_story_ends_it() -> None:
    page = INLINE_BOX.format(after="").replace("Mrs Ellis said she was", "a driver was")
    texts = _passage_texts(_clean(page))
    assert texts[-1].startswith("She appealed"), texts
