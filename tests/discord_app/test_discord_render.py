"""Rendering: Discord's length limits, clean cuts, and text that can never ping."""

from __future__ import annotations

import re

import pytest

from bot.discord_app.render import (
    answer_embed,
    article_embed,
    article_list_embed,
    declined_text,
    question_from_footer,
    render_answer,
)
from bot.discord_app.text import (
    clip,
    escape_markdown,
    fit,
    fit_footnoted,
    link_target,
    neutralise_mentions,
    quote_with_span,
    safe,
)
from bot.models import Answer, Article, Citation, Passage
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import (
    assert_fits_discord,
    deferred_then_followup,
    message_text,
)
from tests.discord_app.markup import message_problems, problems

HOSTILE = "@everyone <@&123> <@456> <@!789> <#42> @here"
WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "


def citation(n: int, quote: str, *, title: str = "T", url: str | None = None,
             paragraph: int = 1) -> Citation:
    return Citation(n=n, article_id=1, title=title, paragraph=paragraph, quote=quote, url=url,
                    score=1.0, start=0, end=len(quote))


def embed_total(embed) -> int:  # type: ignore[no-untyped-def]
    return len(embed)


def test_clip_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    assert clip("short", 10) == "short"
    cut = clip("the quick brown fox jumps over the lazy dog", 20)
    assert cut == "the quick brown fox…" and len(cut) <= 20
    assert clip("x" * 50, 10) == "x" * 9 + "…"  # one long word: cut inside it
    assert len(fit(WORDS * 500, 300)) <= 300


def test_huge_answer_fits_every_limit_and_keeps_its_footnotes() -> None:
    huge = (WORDS * 300)[:20_000]
    answer = Answer(question="q " * 600, text=f"{huge} [1] {huge} [2]", declined=False,
                    citations=(citation(1, huge, title="T" * 400, url="https://e.com/" + "a" * 600),
                               citation(2, huge, title="Short", url="https://e.com/x")))
    embed = answer_embed(answer)
    assert len(embed.description) <= 4096 and embed_total(embed) <= 6000
    assert len(embed.footer.text) <= 2048
    assert "[1]" in embed.description and "[2]" in embed.description
    assert "**[1]**" in embed.description and "**[2]**" in embed.description
    # Every cut text ends cleanly at a word with "…", never mid-escape.
    assert re.search(r"\w…", embed.description) and "\\…" not in embed.description


def test_many_long_citations_still_fit() -> None:
    quote = (WORDS * 100)[:5000]
    answer = Answer(question="?", text=" ".join(f"{quote} [{n}]" for n in range(1, 11)),
                    declined=False, citations=tuple(citation(n, quote) for n in range(1, 11)))
    embed = answer_embed(answer)
    assert len(embed.description) <= 4096 and len(embed) <= 6000
    assert all(f"[{n}]" in embed.description for n in range(1, 11))


def test_fit_footnoted_keeps_markers_whole_and_unescaped() -> None:
    out = fit_footnoted("*bold* claim [1] second_claim [2]", 1000)
    assert out == "\\*bold\\* claim [1] second\\_claim [2]"
    tight = fit_footnoted(f"{WORDS * 10} [1] {WORDS * 10} [2]", 120)
    assert len(tight) <= 120 and tight.count("[1]") == 1 and tight.endswith("[2]")


def test_declined_lists_titles_and_fits() -> None:
    answer = Answer(question=HOSTILE, text="I couldn't find that in the articles I have.",
                    declined=True, suggestions=tuple("x" * 300 for _ in range(40)))
    text = declined_text(answer)
    assert text.startswith("I couldn't find that in the articles I have.\nArticles I have:")
    assert len(text) <= 2000 and "@everyone" not in text and "<@&123>" not in text


@pytest.mark.parametrize("raw", [HOSTILE, "@EVERYONE", "hi <@&1> and </ask:2>"])
def test_neutralised_text_has_no_mention_syntax(raw: str) -> None:
    for out in (neutralise_mentions(raw), safe(raw), fit(raw, 100), fit(raw, 100, markdown=False)):
        assert not re.search(r"@(everyone|here)", out, re.I)
        assert not re.search(r"<[@#/]", out)


def test_markdown_is_escaped_even_inside_link_syntax() -> None:
    # discord.utils.escape_markdown would leave "*b*" alone here.
    out = escape_markdown("[1] *b* [x](https://e.com) `c` ||s|| ~~t~~ __u__ > q")
    assert "*b*" not in out and not re.search(r"(?<!\\)\]\(", out)  # "\](" links nothing
    assert "`c`" not in out and "||s||" not in out
    assert escape_markdown("# Heading\n- item") == "\\# Heading\n\\- item"


def test_links_are_only_safe_http_urls() -> None:
    assert link_target("https://e.com/a_(b)") == "https://e.com/a_%28b%29"
    for bad in ("javascript:alert(1)", "ftp://e.com", "https://e.com/a b", "x" * 600, None):
        assert link_target(bad) is None


def test_question_round_trips_through_the_footer() -> None:
    embed = answer_embed(Answer(question="Who is @everyone?", text="Yes [1]", declined=False,
                                citations=(citation(1, "Yes"),)))
    assert question_from_footer(embed.footer.text) == "Who is @everyone?"


def test_article_views_fit() -> None:
    long = (WORDS * 400)[:20_000]
    article = Article(id=7, title="T" * 500, text=long, content_hash="h", author="@everyone",
                      url="https://e.com/" + "p" * 100, passage_count=400)
    passages = [Passage(id=i, article_id=7, paragraph=i, start=0, end=len(long), text=long)
                for i in range(1, 401)]
    embed = article_embed(article, passages)
    assert len(embed.title) <= 256 and len(embed.description) <= 4096 and len(embed) <= 6000
    assert "more paragraphs" in embed.description
    assert "@everyone" not in str(embed.to_dict())
    listing = article_list_embed([article] * 25, page=2, per_page=10)
    assert listing.footer.text == "Page 3 of 3" and len(listing.description) <= 4096


def test_every_send_carries_no_pings() -> None:
    answer = Answer(question="q", text="t", declined=True)
    assert render_answer(answer)["allowed_mentions"].to_dict() == {"parse": []}


async def test_a_huge_paragraph_still_fits_in_the_reply(start_bot: StartBot) -> None:
    env: BotEnv = await start_bot(seed_new_servers=False)
    paragraph = "".join(  # one paragraph, not one sentence looped (that is refused)
        f"The Cardington hangar stored airship R{i} for {i + 2} years while engineers argued "
        f"about hydrogen rule {i * 7} and the cost of repair {i * 13} " for i in range(200)
    )[:20_000]
    assert len(paragraph) >= 19_000 and "\n" not in paragraph
    env.add_text(f"Airship sheds\n\n{paragraph}", title="Airship sheds")
    msg = await deferred_then_followup(
        await env.ask("What did engineers argue about at the Cardington hangar?"))
    assert_fits_discord(msg)
    text = message_text(msg)
    assert "[1]" in text and "Airship sheds" in text and "…" in text


# -- rendering units: the hedge and the bold answer span -----------------------------------
def spanned(quote: str, span: tuple[int, int] | None) -> Citation:
    return Citation(n=1, article_id=1, title="Harbour story", paragraph=2, quote=quote,
                    url="https://example.com/harbour", score=0.9, start=0, end=len(quote),
                    answer_span=span)


def test_the_answer_span_is_bold_inside_the_escaped_quote() -> None:
    quote = "The fund, said [Free Nitro](x) *Simon Bailey*, holds £40m ||now||."
    start = quote.index("Simon Bailey")
    line = quote_with_span(quote, (start, start + len("Simon Bailey")), 600)
    assert "**Simon Bailey**" in line  # the name asked for, in bold...
    assert line.replace("**Simon Bailey**", "Simon Bailey") == fit(quote, 600)  # ...nothing else
    assert not problems(f"> “{line}”")
    number = quote.index("£40m")
    assert "**£40m**" in quote_with_span(quote, (number, number + 4), 600)


def test_the_answer_span_stays_in_view_when_the_quote_is_cut() -> None:
    quote = ("Early on " + "the long preamble runs on " * 60 + "Bailey said 1,234 ships "
             + "and the rest goes on " * 60 + "until the end.")
    start = quote.index("1,234")
    line = quote_with_span(quote, (start, start + 5), 300)
    assert len(line) <= 300 and "**1,234**" in line
    assert line.startswith("…") and line.endswith("…")
    assert not problems(line)


@pytest.mark.parametrize("span", [None, (0, 0), (5, 2), (0, 10_000), (3, 4)])
def test_odd_spans_fall_back_to_the_plain_quote(span: tuple[int, int] | None) -> None:
    quote = "A *b* c"
    line = quote_with_span(quote, span, 100)
    assert not problems(line)
    if span != (3, 4):
        assert line == fit(quote, 100)


def test_a_hedged_answer_looks_unsure_and_a_sure_one_does_not() -> None:
    quote = "The council expects the fund to reach 40 million pounds by May."
    start = quote.index("40 million pounds")
    cited = spanned(quote, (start, start + 17))
    hedge = "The articles may not say this directly, but the closest passage says [1]."
    hedged = answer_embed(Answer(question="How big is the fund?", text=hedge, declined=False,
                                 citations=(cited,), hedged=True)).to_dict()
    sure = answer_embed(Answer(question="How big is the fund?", text="40 million pounds [1].",
                               declined=False, citations=(cited,))).to_dict()
    assert hedged["color"] != sure["color"]
    assert "Not certain" in hedged["author"]["name"] and "author" not in sure
    assert hedge.rstrip(".").split(" [1]")[0] in hedged["description"]  # the engine's own hedge
    for embed in (hedged, sure):
        assert "**40 million pounds**" in embed["description"]
        assert not message_problems({"embeds": [embed]})
    plain = render_answer(Answer(question="q", text=hedge, declined=False, citations=(cited,),
                                 hedged=True), embeds=False)["content"]
    assert "Not certain" in str(plain) and "**40 million pounds**" in str(plain)
