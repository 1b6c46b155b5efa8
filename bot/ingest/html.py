"""Article text and metadata from an HTML page.

trafilatura finds the article and its metadata (title, author, site name, date);
when it finds too little (fewer than :data:`MIN_HTML_WORDS` words: "Home",
"Redirecting..."), a plain lxml reader takes the paragraph-like blocks instead,
and when that finds nothing either it says why, in one plain sentence: the page
only redirects, is mostly script, or is nested too deeply. The page arrives here
already decoded; :func:`bot.ingest.extract.extract_bytes` sniffs the charset.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable
from typing import Any

from bot.errors import InputError
from bot.ingest.extract import normalise_text
from bot.ingest.header import is_date_line, parse_byline, same_text, split_author
from bot.ingest.index_pages import HEADLINE_LINKS, lists_stories
from bot.models import ExtractedText

log = logging.getLogger(__name__)

MIN_HTML_WORDS = 20

_META_REFRESH = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh\b[^>]*>", re.I)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s>]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_PULL_QUOTE = re.compile(r"pull[-_ ]?quote", re.I)
_FACT_BOX = re.compile(r"fact|info[-_ ]?box|at[-_ ]a[-_ ]glance|quick[-_ ]?guide", re.I)
_BYLINE = re.compile(r"byline|author", re.I)
_NOT_BYLINE = re.compile(r"avatar|box|bio|image|photo|img|related", re.I)
_DATE_CLASS = re.compile(r"date|time|published", re.I)
MAX_BYLINE_WORDS = 12
HEADER_SEARCH = 600
"""How far into the reader's text a byline or date line it kept is looked for."""
_LINK = re.compile(r"<a[\s>]", re.I)
MOST_LINKS = 20_000
"""More links than this make a page a list of links (a news page holds a few hundred, a
long encyclopedia page a few thousand); refused before it is read: trafilatura took 10 s
over a page of 100,000."""
_NOT_ARTICLE = tuple("script style noscript template nav header footer aside form svg".split())


def extract_html(
    html: str, *, what: str, source: str, url: str | None, notes: tuple[str, ...]
) -> ExtractedText:
    """Article text and metadata from an HTML page, paragraphs split by blank lines.

    ``html`` is the decoded page; ``what`` names it in error messages ("The page
    https://..."); ``notes`` (from decoding) are passed on, plus one when the
    simple lxml reader had to be used. Raises :class:`InputError` when the page
    has no readable article text.
    """
    import trafilatura

    links = sum(1 for _ in _LINK.finditer(html))
    if links > MOST_LINKS:  # refused before trafilatura spends 10 s over it
        raise InputError(f"{what} holds {links:,} links: a list of links, not an article.")
    doc = None
    try:
        doc = trafilatura.bare_extraction(
            readable_html(html), url=url, with_metadata=True, include_comments=False,
            deduplicate=False,
            # no guessing: the extensive search turns "Copyright 2024" into 2024-01-01 and
            # a /2024/05/ URL into 2024-05-01; a date written in the text is read later
            date_extraction_params={"extensive_search": False},
        )
    except Exception:  # a crash inside trafilatura must not take ingestion down
        log.warning("trafilatura failed on %s; trying plain lxml", source, exc_info=True)
    lines = (doc.text or "").split("\n") if doc is not None else []
    text = normalise_text("\n\n".join(line.strip() for line in lines if line.strip()))
    if text and "\n\n" not in text:  # one block: the page's own blocks, when the same words
        text = _as_page_blocks(html, text)
    title = getattr(doc, "title", None)
    broken = line_break_paragraphs(html) if text.count("\n\n") < 2 else None
    if broken is not None and _splits(broken, text):
        text, title = broken, None  # its first lines are the headline, byline and date
        notes = (*notes, "paragraphs read from the page's line breaks")
    elif len(text.split()) < MIN_HTML_WORDS:  # "Home", "Redirecting...": not an article
        text, page_title = _lxml_article(html, what)
        title = title or page_title
        notes = (*notes, "read with the simple HTML reader")
    elif doc is not None:
        text = _with_header(text, visible_header(html, getattr(doc, "author", None)), title)
    _refuse_story_lists(html, text, what)
    return ExtractedText(
        text=text,
        title=title or None,
        author=getattr(doc, "author", None) or None,
        publication=getattr(doc, "sitename", None) or None,
        published=getattr(doc, "date", None) or None,
        url=url or getattr(doc, "url", None) or None,
        source=source,
        notes=notes,
    )


_HEADING_TAG = re.compile(r"<h[234][\s>]", re.I)


def _refuse_story_lists(html: str, text: str, what: str) -> None:
    """Raise :class:`InputError` for a home or section page: headlines linking to their
    stories, no story of its own (:func:`bot.ingest.index_pages.lists_stories`)."""
    if len(_HEADING_TAG.findall(html)) < HEADLINE_LINKS:
        return  # too few headings to be a list: the page is not parsed again
    tree = _parsed(html)
    stories = lists_stories(tree, text) if tree is not None else None
    if stories is not None:
        raise InputError(f"{what} lists {stories} stories (a home or section page), not one "
                         "article: add a story's own page.")


_BREAK_RUN = re.compile(r"(?:<br\s*/?>\s*(?:&nbsp;|\xa0)?\s*){2,}", re.I)
BREAK_RUNS = 3
"""A page whose paragraphs are runs of line breaks (at least this many), not ``<p>``s."""
_LAYOUT = ("p", "div", "td", "th", "tr", "table", "li", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "center", "body")


def _splits(broken: str, text: str) -> bool:
    """Whether the line-break reading ``broken`` cuts the reader's ``text`` into
    paragraphs: at least :data:`BREAK_RUNS` of its paragraphs of eight words or more are
    inside that text (the story itself was written with breaks, not only its footer)."""
    flat = " ".join(text.split())
    inside = [p for p in broken.split("\n\n")
              if len(p.split()) >= 8 and " ".join(p.split()) in flat]
    return len(inside) >= BREAK_RUNS


def line_break_paragraphs(html: str) -> str | None:
    """The text of a page written with ``<br><br>`` between its paragraphs (an old site,
    often laid out in a table), one paragraph per run of breaks and one line per single
    break ("By Peter Grey", "12 August 2023"); None when the page is not written so
    (fewer than :data:`BREAK_RUNS` runs) or cannot be parsed. trafilatura reads such a
    page as one paragraph, headline, byline and all."""
    if len(_BREAK_RUN.findall(html)) < BREAK_RUNS:
        return None
    tree = _parsed(html)
    if tree is None:
        return None
    for el in list(tree.iter(*_NOT_ARTICLE, "title")):
        el.drop_tree()
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in tree.iter(*_LAYOUT):
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    lines = [" ".join(line.split()) for line in tree.text_content().split("\n")]
    text = "\n".join(lines).strip()
    return normalise_text(re.sub(r"\n{3,}", "\n\n", text)) or None


def _with_header(text: str, header: list[str], title: str | None) -> str:
    """The reader's ``text`` with the page's byline and date lines it left out
    (:func:`visible_header`) before the story, after the headline when it kept that."""
    header = [line for line in header if line not in text[:HEADER_SEARCH]]
    first, _, rest = text.partition("\n\n")
    if header and rest and same_text(first, title or ""):
        return "\n\n".join([first, *header, rest])  # after the headline it kept
    return "\n\n".join([*header, text])


_OFFICE_TAG = re.compile(r"</?(?:o|v|w|m|st1):[a-z]+\b[^>]*>", re.I)
"""A word processor's own tags in a page it saved (``<o:p></o:p>`` closing each
paragraph): trafilatura kept the source's line breaks inside a paragraph holding one,
which split it ("... mental health support" / "and a pharmacy ...")."""


def readable_html(html: str) -> str:
    """The page as the article reader should see it: without its pull quotes (an element
    whose class names one, "pullquote", "pull-quote": a sentence of the story repeated in
    large type with the speaker's name under it, which would join the next paragraph),
    and with its fact boxes (an ``<aside>`` whose class names one: "fact-box",
    "infobox", "at-a-glance", "quick-guide") kept in the story instead of dropped as a
    sidebar (after the lead when it stood before it): "Born: 9 March 2001" is the
    article's answer to "when was he born?"; and without a word processor's own tags
    (:data:`_OFFICE_TAG`)."""
    html = _OFFICE_TAG.sub("", html)
    if not (_PULL_QUOTE.search(html) or _FACT_BOX.search(html)):
        return html
    from lxml import html as lxml_html

    tree = _parsed(html)
    if tree is None:
        return html
    changed = False
    for el in [el for el in tree.iter() if isinstance(el.tag, str)]:
        classes = el.get("class") or ""
        parent = el.getparent()
        if parent is None:
            continue
        if _PULL_QUOTE.search(classes):
            el.drop_tree()
            changed = True
        elif el.tag == "aside" and _FACT_BOX.search(classes):
            _unboxed(el)
            changed = True
    return lxml_html.tostring(tree, encoding="unicode") if changed else html


def visible_header(html: str, author: str | None) -> list[str]:
    """The page's byline and date lines as it shows them ("By Ryan Gallagher, Football
    Correspondent", "Tuesday 22 July 2025 18:05"), which the article reader leaves out:
    put back before the story, they are what "who wrote it?" and "when was it
    published?" cite. The byline is the shortest element whose class names a byline or
    author and that holds the page's author; the date the first ``<time>`` (or element
    whose class names a date) that reads as one. [] when the page shows neither."""
    tree = _parsed(html)
    if tree is None:
        return []
    out: list[str] = []
    first = re.split(r",|\s+(?:and|&)\s+", split_author(author)[0])[0] if author else ""
    surname = first.split()[-1:]  # "Jesse Marquez and Associated Press": "Marquez"
    bylines = [t for t in _texts(tree, lambda el: _BYLINE.search(el.get("class") or "")
                                 and not _NOT_BYLINE.search(el.get("class") or ""))
               if surname and surname[0].casefold() in t.casefold()
               and parse_byline(t) is not None]
    if bylines:
        out.append(min(bylines, key=lambda t: len(t.split())))
    dates = [t for t in _texts(tree, lambda el: el.tag == "time"
                               or _DATE_CLASS.search(el.get("class") or ""))
             if is_date_line(t)]
    if dates:
        out.append(dates[0])
    return out


def _texts(tree: Any, wanted: Callable[[Any], object]) -> list[str]:
    """The text, spaces collapsed, of each element ``wanted`` picks that is short enough
    for a byline or date line (:data:`MAX_BYLINE_WORDS`), in document order."""
    found = (" ".join(el.text_content().split()) for el in tree.iter()
             if isinstance(el.tag, str) and wanted(el))
    return [t for t in found if t and len(t.split()) <= MAX_BYLINE_WORDS]


def _parsed(html: str) -> Any | None:
    """The page parsed by lxml, or None when it cannot be."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.document_fromstring(_XML_DECLARATION.sub("", html))
    except (etree.ParserError, ValueError):
        return None


def _unboxed(box: Any) -> None:
    """A fact box as a block of the story instead of a sidebar; one that stands before
    the story's first paragraph goes after it, so the story still opens with its lead."""
    box.tag = "div"
    lead = next(box.itersiblings("p"), None)
    if lead is None:
        return
    tail, box.tail = box.tail, None
    previous = box.getprevious()
    parent = box.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + (tail or "")
    else:
        parent.text = (parent.text or "") + (tail or "")
    lead.addnext(box)


def _page_blocks(tree: Any) -> list[str]:
    """The text of each outermost paragraph, heading, list item or quotation of the
    parsed page, outside its navigation, header, footer, scripts and forms."""
    for el in list(tree.iter(*_NOT_ARTICLE)):
        el.drop_tree()
    blocks = []
    for el in tree.iter(*_BLOCKS):
        if any(a.tag in _BLOCKS for a in el.iterancestors()):
            continue
        block = " ".join(el.text_content().split())
        if block:
            blocks.append(block)
    return blocks


def _as_page_blocks(html: str, text: str) -> str:
    """``text`` (trafilatura's output as one block) split where the page's own blocks
    split it: a short story's headline, byline and only paragraph come back joined into
    one ("Harbour wall approved By Jane Smith The town council ..."). ``text`` as it is
    unless it is exactly a run of whole blocks of the page."""
    tree = _parsed(html)
    if tree is None:
        return text
    blocks = _page_blocks(tree)
    wanted = " ".join(text.split())
    at = " ".join(blocks).find(wanted)
    starts = list(itertools.accumulate((len(block) + 1 for block in blocks), initial=0))
    if at < 0 or at not in starts:
        return text
    run, end = [], at - 1  # where the run joined so far ends
    for block in blocks[starts.index(at):]:
        run.append(block)
        end += len(block) + 1
        if end >= at + len(wanted):
            break
    return normalise_text("\n\n".join(run)) if end == at + len(wanted) and len(run) > 1 \
        else text


def _lxml_article(html: str, what: str) -> tuple[str, str | None]:
    """Paragraph text of a page by plain lxml, or a specific :class:`InputError`."""
    from lxml import etree

    tree = _parsed(html)
    if tree is None:
        raise InputError(f"{what} has no readable article text.")
    code = sum(len(el.text or "") for el in tree.iter("script", "style"))
    title = (tree.findtext(".//title") or "").strip() or None
    blocks = _page_blocks(tree)
    words = sum(len(b.split()) for b in blocks)
    if words >= MIN_HTML_WORDS and any(len(b.split()) >= 8 for b in blocks):
        return normalise_text("\n\n".join(blocks)), title
    refresh = _META_REFRESH.search(html[:65536])
    if refresh:
        target = _REFRESH_URL.search(refresh.group())
        where = f" to {target.group(1)}" if target else ""
        raise InputError(
            f"{what} has no readable article text: it only redirects{where}; add that page instead."
        )
    if code > 4 * len(" ".join(tree.text_content().split())):
        raise InputError(
            f"{what} has no readable article text: it is mostly script and style code "
            "(the page may need JavaScript); paste the article text instead."
        )
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest >= 250:
        raise InputError(f"{what} has no readable article text: its HTML is nested too deeply.")
    raise InputError(f"{what} has no readable article text.")

