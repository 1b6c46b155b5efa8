"""Questions about an article itself (who wrote it, which paper, when, its title, its link,
"who is <the author>", what it is about), answered from its metadata and cited from its
header (what it is about: from its lead sentence). Requests are read in the forms people
type ("can you summarise the storm story", "tldr of the concert review", "link?"), and an
article may be called by its number ("article 3") or the kind its title gives ("the
concert review" of "Review: ...").

Every such answer quotes the article's own header lines, the byline included
when there is one, so the reader sees where it comes from. With several
articles, the one the question names ("the article about the York floods") or
whose words it uses is answered for, by title; when nothing singles one out,
every article is listed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import prompts
from bot.answering.articles import ARTICLE_NOUN as _NOUN
from bot.answering.articles import ARTICLE_PHRASE as _ARTICLE
from bot.answering.articles import named_article, titled_article
from bot.answering.citations import citation_of, quoting
from bot.ingest.header import dateline_date, find_date
from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer, Article, Citation, Passage
from bot.request_forms import ASKING, GIST, REVIEWED, THANKS, summary_request, typed_article
from bot.tuning import MAX_LATEST, MAX_LISTED

_TELL_ME = r"(tell me( more)?|what do you know|what can you tell me|anything( new)?)"
"""How a question asks to be told about something ("tell me about the bus fares story")."""
_OUTLET = r"(which|what) (newspaper|paper|publication|outlet|magazine|website|news ?site)"
_TAIL = r"(?=\W*$|\s+(about|on|from|in)\s)"
"""Where the article ends the question ("who wrote it?", "who wrote the article about the
York floods?"), not where it starts a clause ("who wrote that the novel ...", "who wrote
the book The Story of Tibet?", questions of the articles' own text)."""
PATTERNS: dict[str, re.Pattern[str]] = {
    "author": re.compile(
        # "who wrote it / the article / the Telegraph's piece", not "who wrote to the MP"
        rf"\b(who (wrote|writes|authored|penned|reported) "
        rf"({_ARTICLE}|(the )?[\w'’]+['’]s {_NOUN}){_TAIL}|"
        r"who is the (author|writer|reporter|journalist)|(author|writer|byline) of|"
        rf"who('s| is| was) ({_ARTICLE} )?(written|authored) by|what is the byline)\b",
        re.I,
    ),
    "publication": re.compile(
        rf"\b({_OUTLET} (published|ran|printed|carried|wrote) {_ARTICLE}{_TAIL}|"
        rf"{_OUTLET} (is|was) {_ARTICLE} (from|in|published in|published by)|"
        rf"where (was|is) {_ARTICLE} (published|from)|"
        rf"{_ARTICLE} (was )?published (in|by) (which|what)|who published {_ARTICLE}{_TAIL})\b",
        re.I,
    ),
    "published": re.compile(
        rf"\b(when (was|is|were) {_ARTICLE} (published|written|dated|from|out|posted)|"
        rf"publication date|"
        rf"(what|which) (date|day) was {_ARTICLE} (published|written)|how old is {_ARTICLE})\b",
        re.I,
    ),
    "summary": re.compile(
        # the whole question asks what an article is about: "what's it about", "tl;dr",
        # "summarise the bus fares story"; not "what does it say about fines"
        rf"^\W*(so |and |ok |okay )?("
        rf"(what('s| is| was)|whats) ({_ARTICLE}|this|that) (all |mainly |mostly )?about|"
        rf"((what('s| is| are)|whats) the |the )?({GIST})( of {_ARTICLE})?|"
        rf"(summari[sz]e|sum up|recap|give me (a |an |the )?({GIST})( of| on)?|tl;? ?dr)"
        rf"( {_ARTICLE})?( for me)?,?( please)?|"
        rf"{_TELL_ME} about {_ARTICLE}|"
        r"what happened|(what('s| is|s)|whats) the (story|news)"
        r")\W*$",
        re.I,
    ),
    "link": re.compile(
        # the whole question asks where the article is online: "link?", "source?", "whats
        # the url of the scam article", "where can i read the full story"
        rf"^\W*{ASKING}*(?:"
        rf"(?:(?:what(?:'s| is|s)|whats|give me|send me|share|post|got|is there|"
        rf"where(?:'s| is|s)?|do you have|have you got) )?(?:a |an |the )?"
        rf"(?:link|url|web ?link|web address|source link|sources?|weblink)"
        rf"(?: (?:to|for|of) {_ARTICLE})?|"
        rf"what(?:'s| is|s| are) (?:the|your) sources?|"
        rf"(?:where|how) (?:can|do|could) i (?:read|find|see|get)"
        rf" (?:the (?:full|whole|original) |the rest of |all of )?{_ARTICLE}(?: online)?"
        rf"){THANKS}*\W*$",
        re.I,
    ),
    "library": re.compile(
        # the whole question asks what the library holds: "which articles do you have",
        # "list the stories", "what can I ask about"
        r"^\W*(so |and |ok |okay )?("
        r"(which|what|how many) (articles|stories|news stories|pieces|reports|news)( do you|"
        r" have you| are there| are in (here|the library)| can i ask( you)? about)?"
        r"( have| got| know)?( in (here|the library))?|"
        r"(list|show( me)?) (the |your |all |all the |all your )?(articles|stories)|"
        r"what can i ask( you)?( about)?|what do you (know|have)( about)?|"
        r"what('s| is|s) in (the|your|this) library"
        r")\W*$",
        re.I,
    ),
    "latest": re.compile(
        # the whole question asks what is new: "what's the latest?", "any news?"
        r"^\W*(so |and |ok |okay |hi,? |hey,? )?("
        r"what('s| is|s) (new|the latest( news)?)|any (news|updates?)|latest news|"
        r"(what are )?(the |today['’]?s )?(main|top|biggest|big|key|today['’]?s) "
        r"(stories|headlines|news)( today)?|(what are )?the headlines( today)?|"
        r"(what('s| is|s) )?(in )?the news today|(give me )?(today['’]?s )?headlines|"
        r"(what|which) (are|is) the (latest|newest|most recent) (articles?|stories|story|news)"
        r")\W*$",
        re.I,
    ),
    "title": re.compile(
        # the whole question asks for the article's title: not "what is the title of his
        # first work?", nor "..., what is it called?"
        rf"^\W*(so |and |ok |okay )?(what('s| is|s) )?((the )?(title|headline)( of "
        rf"{_ARTICLE})?|{_ARTICLE} called|the name of the {_NOUN}|{_ARTICLE}['’]s (title|headline))"
        r"\W*$",
        re.I,
    ),
}
_TELL_ABOUT = re.compile(
    rf"^\W*(so |and |ok |okay )?({_TELL_ME} (about|on) (?P<thing>[^?]{{2,80}}?)|"
    r"(what('s| is| was)|whats) (?P<topic>the [^?]{2,60}?) (all |mainly |mostly )?about)\W*$",
    re.I)
"""A question asking to be told about a thing ("tell me about the comet", "what is the
study about"): what the article whose title names it is about (:func:`titled_article`),
else an ordinary question."""
PER_ARTICLE = ("author", "publication", "published", "title", "summary", "link")
"""The metadata fields one article answers."""


_REFERS = re.compile(r"\b(?:it|this|that)\b", re.I)
"""A question pointing at what was just talked about ("who wrote that", "link to it")."""


_WHO_IS = re.compile(r"^\W*who(?:'s|’s|s| is| was)\s+(?P<name>[^?]+?)\W*$", re.I)
_METADATA_WORDS = frozenset(tokenize(
    "who wrote writes written authored penned reported author writer reporter journalist byline "
    "which what newspaper paper publication outlet magazine website news site published ran "
    "printed carried where when dated date day how old title headline called name article story "
    "piece report text out about summary summarise summarize sum gist main point points tl dr "
    "happened story news link url source sources web address"
))


def metadata_field(question: str) -> str | None:
    """Which metadata field the question asks for, if it asks about the article itself."""
    for name, pattern in PATTERNS.items():
        if pattern.search(question):
            return name
    return None


def _author_named(question: str, snapshot: Snapshot, story: int | None = None
                  ) -> Article | None:
    """The article whose author a "who is <name>?" question names; None when the name is
    in ``story`` (the article a conversation is about), and so someone of that story:
    "who's natarajan" after an answer quoting "Natarajan said" is not asking about another
    article's reporter Priya Natarajan."""
    m = _WHO_IS.match(question)
    if m is None:
        return None
    asked = set(tokenize(m.group("name")))
    if not asked:
        return None
    for article in snapshot.articles.values():
        if article.author and asked <= set(tokenize(article.author)):
            if story is not None and story != article.id and all(
                    word in snapshot.article_words(story) for word in asked):
                return None
            return article
    return None


def _topic_article(question: str, snapshot: Snapshot) -> Article | None:
    """The article a question's other words single out ("when was the bus fares one out").

    Each article scores the rarity of the question's words its title or text holds; only
    the articles holding one of them are scored (the others score 0)."""
    words = [t for t in tokenize(question) if t not in _METADATA_WORDS]
    if not words:
        return None
    holding = {t: snapshot.articles_titled(t) | snapshot.articles_with(t) for t in words}
    found = frozenset().union(*holding.values())
    scores = sorted(
        ((sum(snapshot.lexical.idf(t) for t in words if a in holding[t]), a) for a in found),
        reverse=True,
    )
    scores += [(0.0, -1)] * (2 - len(scores)) if len(found) < len(snapshot.articles) else []
    total = sum(snapshot.lexical.idf(t) for t in words)
    if scores[0][0] >= 0.5 * total and scores[0][0] > scores[1][0] * 1.5:
        return snapshot.articles[scores[0][1]]
    return None


def _header_citation(article: Article, field: str, n: int = 1) -> Citation | None:
    """A verbatim quote of the article's header: the line that gives ``field`` and the
    byline (every metadata answer shows the byline when the article has one)."""
    text = article.text
    header_end = text.find("\n\n")
    header_end = len(text) if header_end < 0 else header_end
    spans: list[tuple[int, int]] = []
    offset = 0
    lines = []
    for line in text[:header_end].split("\n"):
        lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    if field == "published" and article.published:
        for start, end, line in lines:
            found = find_date(line)
            if found and found[0] == article.published:
                spans.append((start, end))
                break
    elif field == "publication" and article.publication:
        at = text[:header_end].find(article.publication)
        if at >= 0:
            spans.append((at, at + len(article.publication)))
    elif field in ("title", "link"):  # a link: the title line, its citation linked
        at = text[:header_end].find(article.title)
        if at >= 0:
            spans.append((at, at + len(article.title)))
    paragraph = 0  # the header
    if field == "published" and article.published and not spans:  # "ELY, 9 June 2025 - ..."
        body = header_end + 2 if header_end < len(text) else 0
        dated = dateline_date(text[body:])
        if dated is not None and dated[0] == article.published:  # the first paragraph's
            spans.append((body + dated[1][0], body + dated[1][1]))  # dateline, alone
            paragraph = 1
    if article.byline is not None and not paragraph:
        spans.append(article.byline)
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return quoting(article, n, start, end, paragraph)


def _value(article: Article, field: str) -> str | None:
    return {
        "author": article.author, "publication": article.publication,
        "published": article.published, "title": article.title, "summary": article.title,
        "link": article.url,
    }[field]


def _lead_citation(article: Article, snapshot: Snapshot, n: int) -> Citation | None:
    """The article's first sentence (its lead: what a news story is about), cited."""
    rows = snapshot.article_rows(article.id)
    if not len(rows):
        return None
    passage: Passage = snapshot.passages[int(rows[0])]
    start, end = passage.sentences[0] if passage.sentences else (passage.start, passage.end)
    return citation_of(snapshot, n, article.id, start, end, None)


def _one(question: str, snapshot: Snapshot, article: Article, field: str, n: int = 1) -> Answer:
    """The answer for one article (its sentence numbered ``[n]``)."""
    wording = prompts.load("answers")["metadata"]
    if field == "summary":
        lead = _lead_citation(article, snapshot, n)
        if lead is None:
            return Answer(question, wording["summary_unknown"].format(title=article.title),
                          declined=True)
        text = wording["summary"].format(title=article.title, lead=lead.quote)
        return Answer(question, text.replace("[1]", f"[{n}]"), declined=False,
                      citations=(lead,), confidence=1.0)
    if not _value(article, field):
        return Answer(question, wording[f"{field}_unknown"].format(title=article.title),
                      declined=True)
    citation = _header_citation(article, field, n)
    role = f", {article.author_role}" if field == "author" and article.author_role else ""
    text = wording[field].format(
        title=article.title, author=article.author, role=role,
        publication=article.publication, published=article.published, url=article.url,
    ).replace("[1]", f"[{n}]")
    if citation is None:
        text = text.replace(f" [{n}]", "")
    return Answer(question, text, declined=False,
                  citations=(citation,) if citation else (), confidence=1.0)


def library_answer(question: str, snapshot: Snapshot, *, newest: bool = False) -> Answer:
    """What the library holds: how many articles, then each one's title and lead (the first
    :data:`MAX_LISTED`; with ``newest``, the last :data:`MAX_LATEST` added, newest first).
    The library must hold an article."""
    listed = _every_article(question, snapshot, "summary", newest=newest)
    count = len(snapshot.articles)
    head = prompts.load("answers")["metadata"]["latest" if newest else "library"].format(
        count=count, articles="article" if count == 1 else "articles",
        shown=min(count, MAX_LATEST),
        first=f"; the first {MAX_LISTED}" if count > MAX_LISTED else "")
    return replace(listed, text=f"{head}\n{listed.text}")


def answer_from_metadata(
    question: str, snapshot: Snapshot, *, article_id: int | None = None,
    story: int | None = None,
) -> Answer | None:
    """Answer "who wrote it", "which paper", "when", "what is the title" and "who is <the
    author>" from metadata; None when the question is not about an article itself.
    ``story`` is the article a conversation is about: a name it holds is its person's, not
    another article's author's."""
    if not snapshot.articles:
        return None
    field = metadata_field(question)
    if field in ("library", "latest"):
        return library_answer(question, snapshot, newest=field == "latest")
    article = None
    if field is None and (reviewed := REVIEWED.match(question)) is not None:
        question_of = f"who wrote {reviewed['thing']} review"  # "who reviewed the play":
        typed = typed_article(question_of, snapshot)  # the author of its review
        if typed is not None and not any(  # unless another article holds the thing: "who
                stem not in snapshot.article_words(typed[1]) and snapshot.articles_with(stem)
                for stem in tokenize(reviewed["thing"])):  # reviewed the case" of a court's
            return _one(question, snapshot, snapshot.articles[typed[1]], "author")
    if field is None and (typed := typed_article(question, snapshot)) is not None:
        field = metadata_field(typed[0])  # "who wrote the concert review": that article's
        if field in PER_ARTICLE:
            return _one(question, snapshot, snapshot.articles[typed[1]], field)
        field = None
    if field is None and (topic := summary_request(question)) is not None:
        found = titled_article(topic, snapshot) if topic else None
        if found is not None:
            return _one(question, snapshot, snapshot.articles[found], "summary")
        if not topic or PATTERNS["summary"].search(f"summarise {topic}"):
            field = "summary"  # "sum it up": the one talked about; "the storm story": named
    if field is None and (told := _TELL_ABOUT.match(question)) is not None:
        found = titled_article(told["thing"] or told["topic"], snapshot)
        if found is not None:
            return _one(question, snapshot, snapshot.articles[found], "summary")
    if field is None:
        article = _author_named(question, snapshot, story)
        if article is None:
            return None
        field = "author"
    if article is None and article_id is not None:
        article = snapshot.articles[article_id]
    if article is None and story is not None and field in PER_ARTICLE and (
            field == "link" or _REFERS.search(question)) and named_article(
            question, snapshot) is None:  # "link?", "source for it" in a conversation:
        article = snapshot.articles[story]  # the story it is about
    if article is None and len(snapshot.articles) == 1:
        article = next(iter(snapshot.articles.values()))
    if article is None:
        found = named_article(question, snapshot)
        article = snapshot.articles[found] if found is not None else _topic_article(
            question, snapshot)
    if article is not None:
        return _one(question, snapshot, article, field)
    return _every_article(question, snapshot, field)


def _every_article(question: str, snapshot: Snapshot, field: str, *,
                   newest: bool = False) -> Answer:
    """Nothing names one article: the answer for each (the first :data:`MAX_LISTED`; with
    ``newest``, the last :data:`MAX_LATEST` added, newest first)."""
    parts: list[str] = []
    citations: list[Citation] = []
    articles = list(snapshot.articles.values())
    chosen = sorted(articles, key=lambda a: -a.id)[:MAX_LATEST] if newest else articles[
        :MAX_LISTED]
    if field == "link" and not any(a.url for a in chosen):
        return Answer(question, prompts.load("answers")["metadata"]["link_none"], declined=True)
    for article in chosen:
        one = _one(question, snapshot, article, field, n=len(citations) + 1)
        parts.append(one.text)
        citations.extend(one.citations)
    joiner = "\n" if field in ("summary", "link", "title") else " "  # one article's a line
    return Answer(question, joiner.join(parts), declined=False, citations=tuple(citations),
                  confidence=1.0)
