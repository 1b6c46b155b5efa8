"""Questions about an article itself (who wrote it, which paper, when) answered from metadata."""

from __future__ import annotations

import re

from bot import prompts
from bot.embed import Encoder
from bot.library import Snapshot
from bot.models import Answer, Article, Citation
from bot.retrieve import retrieve

_NOUN = r"(article|story|piece|report|text)"
_ARTICLE = rf"(it|this|that|the {_NOUN}|this (article|story|piece))"
_OUTLET = r"(which|what) (newspaper|paper|publication|outlet|magazine|website|news ?site)"
PATTERNS: dict[str, re.Pattern[str]] = {
    "author": re.compile(
        # "who wrote it / the article / the Telegraph's piece", not "who wrote to the MP"
        rf"\b(who (wrote|writes|authored|penned|reported) "
        rf"({_ARTICLE}|(the )?[\w'’]+['’]s {_NOUN})\b|"
        r"who is the (author|writer|reporter|journalist)|(author|writer|byline) of|"
        rf"who('s| is| was) ({_ARTICLE} )?(written|authored) by|what is the byline)\b",
        re.I,
    ),
    "publication": re.compile(
        rf"\b({_OUTLET} (published|ran|printed|carried|wrote) {_ARTICLE}|"
        rf"{_OUTLET} (is|was) {_ARTICLE} (from|in|published in|published by)|"
        rf"where (was|is) {_ARTICLE} (published|from)|"
        rf"{_ARTICLE} (was )?published (in|by) (which|what)|who published {_ARTICLE})\b",
        re.I,
    ),
    "published": re.compile(
        rf"\b(when (was|is) {_ARTICLE} (published|written|dated|from)|publication date|"
        rf"(what|which) (date|day) was {_ARTICLE} (published|written)|how old is {_ARTICLE})\b",
        re.I,
    ),
    "title": re.compile(
        rf"\b(what('s| is) the (title|headline)( of {_ARTICLE})?|what is {_ARTICLE} called|"
        r"what('s| is) the name of the article)\b",
        re.I,
    ),
}


def metadata_field(question: str) -> str | None:
    """Which metadata field the question asks for, if it asks about the article itself."""
    for name, pattern in PATTERNS.items():
        if pattern.search(question):
            return name
    return None


def _pick_article(
    question: str, snapshot: Snapshot, encoder: Encoder, article_id: int | None
) -> Article:
    if article_id is not None:
        return snapshot.articles[article_id]
    if len(snapshot.articles) == 1:
        return next(iter(snapshot.articles.values()))
    hits = retrieve(snapshot, question, encoder.encode([question])[0], k=1)
    return snapshot.articles[hits[0].passage.article_id]


def _cite(article: Article, value: str, span: tuple[int, int] | None) -> Citation | None:
    """A citation quoting where ``value`` stands in the article text, when it does."""
    if span is None:
        at = article.text.find(value)
        if at < 0:
            return None
        span = (at, at + len(value))
    start, end = span
    return Citation(
        n=1, article_id=article.id, title=article.title, paragraph=0,
        quote=article.text[start:end], url=article.url, score=1.0, start=start, end=end,
    )


def answer_from_metadata(
    question: str, snapshot: Snapshot, encoder: Encoder, *, article_id: int | None = None
) -> Answer | None:
    """Answer "who wrote it", "which paper", "when" and "what is the title" from metadata.

    Returns None when the question is not about the article itself.
    """
    field = metadata_field(question)
    if field is None or not snapshot.articles:
        return None
    article = _pick_article(question, snapshot, encoder, article_id)
    wording = prompts.load("answers")["metadata"]
    value: str | None
    span = None
    if field == "author":
        value = article.author
        span = article.byline
    elif field == "publication":
        value = article.publication
    elif field == "published":
        value = article.published
    else:
        value = article.title
    if not value:
        return Answer(
            question=question, text=wording[f"{field}_unknown"].format(title=article.title),
            declined=True,
        )
    citation = _cite(article, value, span)
    role = f", {article.author_role}" if field == "author" and article.author_role else ""
    text = wording[field].format(
        title=article.title, author=article.author, role=role,
        publication=article.publication, published=article.published,
    )
    if citation is None:
        text = text.replace(" [1]", "")
    return Answer(
        question=question, text=text, declined=False,
        citations=(citation,) if citation else (), confidence=1.0,
    )
