"""A page that lists stories instead of telling one: a news site's home or section page.

A moderator who adds "https://news.example/local" instead of one story's page got an
"article" titled with the first headline, made of the teasers under each ("Council story
summary: read the full report ..."). Such a page is many headlines, each a link to its
story, and no paragraph long enough to be a story's own. :func:`lists_stories` says so,
and the page is refused with a sentence saying what to add instead.

A brief (one long paragraph) above a "More stories" block of headlines is a story: a long
paragraph that stands outside every headline's own block (the element around a headline
and its teaser, up to where another headline starts) is the page's own.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

HEADLINE_LINKS = 8
"""At least this many headings that are links to other pages make a page a list..."""
STORY_PARAGRAPH_WORDS = 30
"""...when fewer than :data:`STORY_PARAGRAPHS` paragraphs of its text have this many
words (a story's own paragraphs; a teaser has a line or two)."""
STORY_PARAGRAPHS = 2
_HEADINGS = ("h2", "h3", "h4")
HEADLINE_WORDS = 3
"""A link of fewer words in a heading ("More", "Sport") is a section's name, not a
headline."""


def _links_away(a: Any) -> bool:
    """Whether ``a`` is a link to another page (not "#post-12", a place in this one)."""
    return a.tag == "a" and (a.get("href") or "").strip()[:1] not in ("", "#")


def _squashed(text: str) -> str:
    return " ".join(text.split())


def headlines(tree: Any) -> list[Any]:
    """The headings of the parsed page that are a link to another page and nothing else:
    "<h3><a href="/news/123">Council approves ...</a></h3>", or a link around the heading
    ("<a href="/news/123"><h3>...</h3></a>"). A link to a place in the page ("#post-12", a
    live blog's post) or a heading with words outside its link does not count."""
    found = []
    for heading in tree.iter(*_HEADINGS):
        text = _squashed(heading.text_content())
        if len(text.split()) < HEADLINE_WORDS:
            continue
        links = [a for a in heading.iter("a") if _links_away(a)]
        inside = len(links) == 1 and _squashed(links[0].text_content()) == text
        around = not links and any(_links_away(a) for a in heading.iterancestors("a"))
        if inside or around:
            found.append(heading)
    return found


BLOCK_DEPTH = 12
"""How far above its headline a teaser's block may reach (a few elements, in practice)."""


def _blocks_text(found: list[Any]) -> str:
    """The text of every headline's own block: the widest element around it, at most
    :data:`BLOCK_DEPTH` up, that holds no other headline (its teaser, picture caption and
    time). Each element's headlines are counted once, so a page of thousands of headlines
    costs their number times the depth."""
    # the chains hold every ancestor's proxy while ids are compared: lxml makes a new
    # proxy (with a new id) for an element whose last one was freed
    chains = [list(itertools.islice(h.iterancestors(), BLOCK_DEPTH)) for h in found]
    under = Counter(id(parent) for chain in chains for parent in chain)
    texts = []
    for heading, chain in zip(found, chains, strict=True):
        block = heading
        for parent in chain:
            if under[id(parent)] > 1:
                break
            block = parent
        texts.append(_squashed(block.text_content()))
    return " | ".join(texts)


def lists_stories(tree: Any, text: str) -> int | None:
    """The number of headlines when the parsed page ``tree``, whose extracted text is
    ``text`` (paragraphs split by blank lines), lists stories instead of telling one;
    None otherwise."""
    found = headlines(tree)
    if len(found) < HEADLINE_LINKS:
        return None
    long = [p for p in text.split("\n\n") if len(p.split()) >= STORY_PARAGRAPH_WORDS]
    if len(long) >= STORY_PARAGRAPHS:
        return None
    blocks = _blocks_text(found)
    own = [p for p in long if _squashed(p)[:80] not in blocks]  # a brief's paragraph
    return None if own else len(found)
