"""A home or section page lists stories instead of telling one: it is refused with a
sentence saying so, and a story's page with a "More stories" list is still read."""

from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.ingest.extract import extract_bytes

HEADLINES = [
    "Council approves new harbour wall after flooding fears",
    "Police appeal after burglary at village shop",
    "School rated inadequate by inspectors",
    "Bus fares to rise by 20p from April",
    "Lifeboat crew rescues walkers cut off by tide",
    "New skate park opens in Ely after four-year campaign",
    "Hospital waiting lists reach record high",
    "Library closures paused after consultation",
    "Water company fined £14m for sewage spills",
    "Beavers released into the River Allen",
]
STORY = [
    "The town council approved a new harbour wall on Tuesday evening after a long and at "
    "times heated debate about flooding, which has reached the seafront homes three times "
    "in the past five winters.",
    "The wall will cost four million pounds and is expected to protect about two hundred "
    "homes and businesses from storm surges, officials said, with work due to begin in the "
    "spring and to last around eighteen months.",
    "Fishermen welcomed the decision but asked the council to add a new slipway to the "
    "plans, saying the old one had been unsafe at low tide for years and that boats now "
    "had to be launched from the next village.",
]


def _page(body: str, title: str = "Local News | The Courier") -> bytes:
    return (f"<html><head><title>{title}</title></head><body><header><nav><a href='/'>Home"
            f"</a> <a href='/news'>News</a></nav></header><main>{body}</main><footer>© The "
            f"Courier 2025</footer></body></html>").encode()


def _teasers(heading: str = "h3", *, wrapped: bool = False) -> str:
    def teaser(i: int, h: str) -> str:
        if wrapped:  # the link around the heading
            return f"<a href='/news/{i}'><{heading}>{h}</{heading}></a>"
        return f"<{heading}><a href='/news/{i}'>{h}</a></{heading}>"

    return "".join(
        f"<article>{teaser(i, h)}<p>{h.split()[0]} story: read the full report on our "
        f"site.</p><time>2 hours ago</time></article>" for i, h in enumerate(HEADLINES))


@pytest.mark.parametrize(("heading", "wrapped"),
                         [("h2", False), ("h3", False), ("h4", False), ("h3", True)])
def test_a_section_page_is_refused_as_a_list_of_stories(heading: str, wrapped: bool) -> None:
    with pytest.raises(InputError, match=r"lists 10 stories .*not one article: add a story's own"):
        extract_bytes(_page("<h1>Local News</h1>" + _teasers(heading, wrapped=wrapped)),
                      filename="local.html")


def test_a_story_with_a_more_stories_list_is_read() -> None:
    body = ("<article><h1>Harbour wall approved</h1>" + "".join(f"<p>{p}</p>" for p in STORY)
            + "</article><section><h2>More stories</h2>" + _teasers() + "</section>")
    text = extract_bytes(_page(body, "Harbour wall approved"), filename="wall.html").text
    assert "slipway" in text


def test_a_live_blog_whose_headings_link_to_its_own_posts_is_read() -> None:
    posts = "".join(
        f"<article id='post-{i}'><h3><a href='#post-{i}'>{h}</a></h3><p>{h.split()[0]} "
        f"update from our reporter at the scene.</p></article>" for i, h in enumerate(HEADLINES))
    text = extract_bytes(_page("<h1>Live: news as it happens</h1>" + posts, "Live"),
                         filename="live.html").text
    assert "update from our reporter" in text


def test_a_few_headline_links_are_not_a_list() -> None:
    body = "<h1>Local News</h1>" + "".join(
        f"<article><h3><a href='/news/{i}'>{h}</a></h3><p>{h} was reported today by our "
        f"local democracy reporter, who spoke to residents and councillors about it.</p>"
        f"</article>" for i, h in enumerate(HEADLINES[:5]))
    assert "local democracy reporter" in extract_bytes(_page(body), filename="five.html").text


def test_a_one_paragraph_brief_above_a_more_stories_list_is_read() -> None:
    body = (f"<article><h1>Harbour wall approved</h1><p>{STORY[0]} {STORY[1]}</p></article>"
            "<section><h2>More stories</h2>" + "".join(
                f"<h3><a href='/news/{i}'>{h}</a></h3>" for i, h in enumerate(HEADLINES))
            + "</section>")
    text = extract_bytes(_page(body, "Harbour wall approved"), filename="brief.html").text
    assert "storm surges" in text


def test_a_section_page_with_one_long_teaser_is_still_refused() -> None:
    lead = (f"<article><h2><a href='/news/lead'>{HEADLINES[0]}</a></h2><p>{STORY[0]}</p>"
            "</article>")  # the lead story's teaser is a long paragraph, under its headline
    with pytest.raises(InputError, match=r"lists 11 stories"):
        extract_bytes(_page("<h1>Local News</h1>" + lead + _teasers()), filename="local.html")
