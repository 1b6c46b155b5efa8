"""A Markdown file's front matter (a blog's "---" settings block) is the article's
metadata, never its text; a Markdown file without one reads as before."""

from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.ingest.front_matter import split_front_matter

STORY = (
    "# Harbour wall to be rebuilt after winter storms\n\n"
    "*By Jane Pike, Coastal Reporter*\n\n"
    "The harbour wall at Porthleven will be rebuilt at a cost of £4.2 million after it was "
    "breached twice during the winter storms, Cornwall Council has confirmed.\n\n"
    "Work is due to start in May and should take about 18 months, the council said. The "
    "wall, built in 1855, protects about 40 homes and the town's fishing fleet.\n"
)
YAML = (
    "---\n"
    'title: "Harbour wall to be rebuilt"\n'
    "author: Jane Pike\n"
    "date: 2025-03-14T09:30:00+00:00\n"
    "tags: [news, coast]\n"
    "canonical_url: https://news.example/harbour-wall\n"
    "draft: false\n"
    "---\n\n"
)


def _read(markdown: str):
    return clean_article(extract_bytes(markdown.encode(), filename="post.md"))


def test_yaml_front_matter_is_metadata_not_text() -> None:
    doc = _read(YAML + STORY)
    assert doc.title == "Harbour wall to be rebuilt after winter storms"  # its fuller headline
    assert doc.author == "Jane Pike" and doc.author_role == "Coastal Reporter"
    assert doc.published == "2025-03-14"
    assert doc.url == "https://news.example/harbour-wall"
    for setting in ("title:", "tags:", "canonical_url", "draft", "---"):
        assert setting not in doc.text
    first = doc.text[doc.passages[0].start:doc.passages[0].end]
    assert first.startswith("The harbour wall at Porthleven")
    assert doc.byline is not None and doc.text[slice(*doc.byline)] == (
        "By Jane Pike, Coastal Reporter")  # the story's own byline is still cited


@pytest.mark.parametrize(("block", "author", "published"), [
    ("---\nauthors:\n  - Jane Pike\n  - Tom Rowe\ndate: 14 March 2025\n---\n",
     "Jane Pike and Tom Rowe", "2025-03-14"),
    ("---\nauthors: [\"Jane Pike\", 'Tom Rowe']\npublished: March 14, 2025\n---\n",
     "Jane Pike and Tom Rowe", "2025-03-14"),
    ("---\nauthor:\n  name: Jane Pike\n  twitter: '@jpike'\n---\n", "Jane Pike", None),
    ('+++\ntitle = "Harbour wall"\nauthor = "Jane Pike"\ndate = 2025-03-14\n+++\n',
     "Jane Pike", "2025-03-14"),
    ("---\n# a comment\nauthor: Jane Pike\ndescription: |\n  A long summary\n...\n",
     "Jane Pike", None),
])
def test_the_forms_front_matter_takes(block: str, author: str, published: str | None) -> None:
    matter, rest = split_front_matter(block + "The story.\n")
    assert matter is not None and matter.author == author
    assert matter.published == published
    assert rest.strip() == "The story."


@pytest.mark.parametrize("markdown", [
    "---\n\nThe rule above is a horizontal rule, and this is prose: not settings.\n\n---\n",
    "---\ntitle: never closed\n\nThe story goes on without a closing line.\n",
    "Some text first\n---\ntitle: not at the start\n---\n",
    "--- \nThis line: it reads like a setting, but this one does not.\n---\n",
])
def test_what_is_not_front_matter_is_left_as_it_is(markdown: str) -> None:
    assert split_front_matter(markdown) == (None, markdown)


def test_a_file_of_front_matter_alone_has_no_article() -> None:
    with pytest.raises(InputError, match=r"only its front matter .* no article text"):
        _read("---\ntitle: Nothing here\nauthor: Jane Pike\n---\n")
