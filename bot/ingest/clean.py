"""Turn messy newspaper text into a :class:`CleanDocument` ready to store and cite.

Real pasted articles carry a masthead, a headline and a byline on top, page
boilerplate at the bottom ("Newspapers in English"), and paragraphs broken in
the middle of a sentence. This module finds the header (kept at the top of the
stored text, so a byline quote is verbatim), drops the boilerplate, mends broken
paragraphs and cuts the body into passages. Words are never changed: the stored
text differs from the input only in whitespace and in what was dropped.

Reading the header lines themselves (byline, date, masthead) lives in
:mod:`bot.ingest.header`; its public names are re-exported here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from bot.calendar_words import MONTHS, WEEKDAYS
from bot.errors import InputError
from bot.ingest.header import (
    HEADLINE_WORDS,
    byline_extent,
    dateline_date,
    is_date_line,
    is_label,
    parse_byline,
    read_header,
    same_text,
    split_author,
)
from bot.ingest.header import Byline as Byline
from bot.ingest.header import HeaderInfo as HeaderInfo
from bot.ingest.header import find_date as find_date
from bot.ingest.hyphens import Paragraph, join_lines, mend_drop_cap, words_of
from bot.ingest.passages import split_passages
from bot.ingest.repetition import refuse_repetition
from bot.ingest.sentences import split_sentences
from bot.models import CleanDocument, ExtractedText, Span

# Page boilerplate: a paragraph of at most BOILERPLATE_MAX_WORDS words that fully
# matches one of these (case-insensitive) is dropped wherever it stands.
BOILERPLATE_MAX_WORDS = 30
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    r"newspapers? in \w+",  # PressReader page footer: "Newspapers in English"
    r"newspapers? from .+",  # PressReader page footer: "Newspapers from United Kingdom"
    r"subscribe( now| today| here| to| for)?\b.*",
    r"sign (up|in)( now| today| here| to| for| with)?\b.*",
    r"(advertisement|advertising|sponsored( content)?|ad feature|promoted)",
    r"share (this|the) (article|story|page)\b.*",
    r"share (on|via|with) .*",
    r"follow us\b.*",
    r"copyright\s*(©|\(c\)|\d{4}).*",
    r"(©|\(c\)\s*\d{4}).*",
    r".*\ball rights reserved\b.*",
    r"read more\b.*",
    r"(read|see) also\b.*",
    r"click here\b.*",
    r".*\b(we|this (web)?site|our site) uses? cookies\b.*",
    r".*\b(accept|manage) (all )?cookies\b.*",
    r"related (articles?|stories|content|links|topics)\b.*",
    r"most (read|popular|viewed|shared)\b.*",
    r"(story|article) continues (below|after).*",
    r"continue reading\b.*",
    r"skip to (main )?content",
    r"(print|email) this (article|story|page)",
    # what a page's text carries when selected whole and pasted
    r"(share|save|menu|search|home|log ?in|log ?out|my account|print|comments?|"
    r"listen( to this (article|story))?|share this|share( and)? save)",
    r"\d+ comments?",
    r"image (caption|source|copyright)\b.*",
    r".*\((photo|picture|image|credit|photograph)s?:[^)]*\)",  # a caption's credit
    r"(published|updated|posted) \d+ (seconds?|minutes?|mins?|hours?|hrs?|days?) ago",
    # an e-mail newsletter's furniture, and a page asking about itself
    r"view (this|it|the) (e-?mail|newsletter|message)? ?(in|on) (your|a|the) (web )?browser\b.*",
    r"((click )?here to )?unsubscribe\b.*", r".*[|·•]\s*unsubscribe\b.*",
    r"manage (your )?(preferences|subscription)\b.*",
    r"you (are|were) receiving this (e-?mail|newsletter|message)\b.*",
    r"(if )?(someone|somebody|a friend) forwarded (you )?this (e-?mail|newsletter)\b.*",
    r"was this (article|page|story|guide)? ?(helpful|useful)\b.*",
)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS), re.I)
_PAGE_END = re.compile(
    r"(related (topics|stories|articles|content|links)|more on this (story|topic)|top stories|"
    r"see also|references|external links|further reading|bibliography|"
    r"most (read|popular|viewed|shared)|(you (may|might) )?also like|recommended( for you)?|"
    r"trending( now)?|more from [\w &'’.-]{2,40}|around the web)\W*", re.I)
"""A line after which a pasted page holds only links to other stories ("Related Topics",
"Top Stories"): the story has ended."""
PAGE_END_AFTER = 3
"""... once at least this many paragraphs of :data:`STORY_WORDS` words or more stood
before it."""
STORY_WORDS = 12
_SEPARATOR = re.compile(r"(?:[-_=*~•·#+]\s*){3,}")
_CITATION_MARKS = re.compile(r"(?<=[^\s\[])(?:\[(?:\d{1,3}|citation needed)\])+")
"""An encyclopaedia's citation marks ("landslide.[1]", "[2][3]"): a paragraph ending in
one would be taken for a sentence broken off and joined to the next."""
_PULL_LABEL = re.compile(r"(?:pull ?quote|pullout|quote)\s*:\s*", re.I)
_QUOTE_MARKS = str.maketrans("", "", "\"“”‘’")
PULL_QUOTE_WORDS = 8
""":func:`without_pull_quotes`: a repeated paragraph of at least this many words."""
_CAPTION_LABEL = re.compile(r"(image|photo|picture|video|media) (caption|description)\W*",
                            re.I)
_SIGN_UP = re.compile(r"(sign up|subscribe|get (our|the) [\w ]{0,30}newsletter)\b.*", re.I)

STANDFIRST_WORDS = 12
"""A paragraph under the headline at least this long, then a byline: the standfirst."""
MAX_HEADER_LINES = 8
NAVIGATION_WORDS = 3
"""A header line this short before any longer one may be a page's navigation ("Local
News"), pasted with the story: it does not count among the header's lines."""
MAX_NAVIGATION_LINES = 16
TRAILING_JUNK_MAX_WORDS = 8
_TERMINAL = re.compile(r"[.!?…][”\"’')\]»]*$")
_LIST_ITEM = re.compile(r"^\s*([-–•*▪●]|\d{1,3}[.)])\s+")
_CONNECTORS = frozenset(
    "a an the of to in on at by for from with and or but nor as that which who whose "
    "whom than its his her their our my your this these those is are was were be".split()
)
_SPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class _Header:
    text: str
    kind: str  # "title", "byline" or "date"


def is_boilerplate(paragraph: str) -> bool:
    """True if ``paragraph`` is page furniture (see :data:`BOILERPLATE_PATTERNS`)."""
    if len(paragraph.split()) > BOILERPLATE_MAX_WORDS:
        return False
    return _BOILERPLATE.fullmatch(paragraph.strip().rstrip(".:!")) is not None


def ends_sentence(paragraph: str) -> bool:
    """True if ``paragraph`` ends with . ! ? or … (maybe behind closing quotes/brackets)."""
    return _TERMINAL.search(paragraph) is not None


def _block_paragraphs(lines: list[str], known: AbstractSet[str] = frozenset()) -> list[str]:
    """Paragraphs of a block of single-newline lines.

    Hard-wrapped text (PDF pages, e-mails: lines of similar width, at most 150
    characters, most of them ending mid-sentence) is unwrapped, breaking after
    short lines that end a sentence or precede a capital; any other block keeps
    one paragraph per line.
    """
    if len(lines) < 3:
        return lines
    width = sorted(len(line) for line in lines)[int(0.9 * (len(lines) - 1))]
    full = sum(len(line) >= 0.6 * width for line in lines[:-1])
    open_ended = sum(not ends_sentence(line) for line in lines[:-1])
    if not 30 <= width <= 150 or min(full, open_ended) < 0.5 * (len(lines) - 1):
        return lines
    out: list[str] = []
    current = Paragraph(lines[0], known)
    for line, nxt in itertools.pairwise(lines):
        short = len(line) < 0.75 * width
        starts_new = nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "“\"‘'"
        if short and (ends_sentence(line) or starts_new):
            out.append(current.text())
            current = Paragraph(nxt, known)
        else:
            current.add(nxt)
    out.append(current.text())
    return out


def without_captions(lines: list[str]) -> list[str]:
    """A block's lines without a picture's caption pasted under its label: "Image
    caption," on a line of its own, then the caption ("Customers have been told to watch
    out for suspicious emails"), which would otherwise join the next paragraph."""
    out: list[str] = []
    skip = False
    for line in lines:
        if _CAPTION_LABEL.fullmatch(line):
            skip = True  # the label, and the caption after it
        elif skip:
            skip = False
        else:
            out.append(line)
    return out


def without_pull_quotes(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without a pull quote: a paragraph of :data:`PULL_QUOTE_WORDS` words
    or more that repeats words another paragraph holds (quotation marks and a "PULL
    QUOTE:" label aside), set apart in large type by the page it was copied from."""
    def core(paragraph: str) -> str:
        plain = _PULL_LABEL.sub("", paragraph, count=1) if _PULL_LABEL.match(paragraph) \
            else paragraph
        return " ".join(plain.translate(_QUOTE_MARKS).split()).strip(" .,;:!?").casefold()

    cores = [core(p) for p in paragraphs]
    whole = "\n".join(cores)
    out: list[str] = []
    for paragraph, c in zip(paragraphs, cores, strict=True):
        if len(c.split()) < PULL_QUOTE_WORDS or whole.count(c) < 2:
            out.append(paragraph)
        elif not any(c in other and other != c for other in cores) and c not in {
                core(kept) for kept in out}:
            out.append(paragraph)  # the first of two equal paragraphs: no pull quote
    return out


def without_separators(lines: list[str]) -> list[str]:
    """A block's lines without rules and section breaks ("-----", "* * *", "==="),
    which would otherwise join the heading under them."""
    return [line for line in lines if not _SEPARATOR.fullmatch(line)]


def split_paragraphs(text: str, max_paragraphs: int) -> list[str]:
    """Candidate paragraphs of ``text``: blocks split at blank lines, then into lines.

    Runs of spaces and tabs become one space; a word broken at a line's end is joined
    as :func:`bot.ingest.hyphens.join_lines` decides, from the text's own words first.
    Raises :class:`InputError` when there are more than ``max_paragraphs``.
    """
    blocks = _BLANK.split(text)
    too_many = "The article has {} paragraphs; the limit is {:,}."
    if len(blocks) > max_paragraphs:
        raise InputError(too_many.format(f"{len(blocks):,}", max_paragraphs))
    known = words_of(text) if _LINE_END_HYPHEN.search(text) else frozenset()
    paragraphs: list[str] = []
    for block in blocks:
        lines = [line for line in (_SPACE_RUN.sub(" ", line).strip()
                                   for line in block.split("\n")) if line]
        if 1 < len(lines) <= 3 and _SIGN_UP.fullmatch(lines[0]) and is_boilerplate(lines[0]):
            continue  # "Sign up for our Health newsletter" and what it promises
        lines = without_separators(without_captions(lines))
        paragraphs.extend(_block_paragraphs(lines, known))
        if len(paragraphs) > max_paragraphs:
            raise InputError(too_many.format(f"more than {max_paragraphs:,}", max_paragraphs))
    return paragraphs


_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-{2,}:?\s*\|)+$")


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def tables_as_sentences(paragraphs: list[str]) -> list[str]:
    """Tables (rows written "| a | b |", as the HTML reader gives them) read as sentences,
    one a row: "London: Average price £521,300, Annual change -0.8%." under a header row
    "| Region | Average price | Annual change |"; a title row of one cell as itself; the
    "|---|" rules dropped. Any other paragraph as it is."""
    out: list[str] = []
    header: list[str] | None = None
    for i, paragraph in enumerate(paragraphs):
        if not _TABLE_ROW.match(paragraph):
            header = None
            out.append(paragraph)
            continue
        if _TABLE_RULE.match(paragraph):
            continue
        cells = _cells(paragraph)
        filled = [c for c in cells if c]
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
        if len(filled) == 1:
            out.append(filled[0])  # the table's title
        elif header is None and (_TABLE_RULE.match(following) or not any(
                any(ch.isdigit() for ch in c) for c in cells)):
            header = cells  # "| Region | Average price | ..."
        elif filled:
            named = [f"{h} {c}".strip() if h else c
                     for h, c in zip((header or [""] * len(cells))[1:], cells[1:], strict=False)
                     if c]
            row = f"{cells[0]}: {', '.join(named)}" if cells[0] and named else ", ".join(filled)
            out.append(row if row.endswith(".") else f"{row}.")
    return out


_LINE_END_HYPHEN = re.compile(r"\w-[ \t]*\n")
"""A word broken at a line's end: only then are the text's words looked up."""
INLINE_BOX_LINKS = 4
"""At most this many short lines (the links) stand between an inline box's heading and
the story going on below it."""
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?\b")
"""A capitalised word inside a sentence (a name, not a sentence's first word)."""


_NOT_NAMES = frozenset(
    (*"I Mr Mrs Ms Miss Dr Sir We He She It They You This That The A An".split(), *MONTHS,
     *WEEKDAYS))


def _names(paragraph: str) -> set[str]:
    return set(_NAME.findall(paragraph)) - _NOT_NAMES


def _story_goes_on(story: list[str], after: list[str]) -> int | None:
    """Where the story resumes in ``after`` (the lines under a "Related Articles" line),
    when the box was inline: a few lines of headlines (no full stop), then a paragraph of
    the story's length that ends a sentence and names someone or something the story
    named ("Mrs Ellis said she was delighted ..."); else None."""
    named = set().union(*(_names(p) for p in story))
    for i, paragraph in enumerate(after[:INLINE_BOX_LINKS + 1]):
        if _PAGE_END.fullmatch(paragraph.strip()):
            return None
        if len(paragraph.split()) >= STORY_WORDS and ends_sentence(paragraph):
            return i if _names(paragraph) & named else None
    return None  # headlines (no full stop) all the way


def _before_page_end(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` up to a line like "Related Topics" (:data:`_PAGE_END`) that follows
    at least :data:`PAGE_END_AFTER` paragraphs of the story: a pasted page's links to other
    stories are not part of it. A box of links inside the story ("Related Articles", a
    few headlines, then the story going on: :func:`_story_goes_on`) is dropped alone."""
    long = 0
    out: list[str] = []
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        if long >= PAGE_END_AFTER and _PAGE_END.fullmatch(paragraph.strip()):
            resumes = _story_goes_on(out, paragraphs[i + 1:])
            if resumes is None:
                return out
            i += 1 + resumes
            continue
        long += len(paragraph.split()) >= STORY_WORDS
        out.append(paragraph)
        i += 1
    return out


def _should_join(left: str, right: str) -> bool:
    """Is ``right`` the rest of a sentence that ``left`` broke off in the middle?"""
    if ends_sentence(left) or left.endswith(":"):
        return False
    if _LIST_ITEM.match(left) or _LIST_ITEM.match(right):
        return False
    if right[:1].islower() or left.endswith((",", ";", "-", "–", "—")):
        return True
    if right[:1].isupper() and left[-1:].isdigit():  # an embedded post's "July 22, 2025"
        return False  # before the next paragraph, not a sentence broken off
    words = left.split()
    # A long paragraph cut short, or one ending on "the", "of"...; a short line
    # before a capital is more likely a subheading.
    return len(words) > 10 or words[-1].lower() in _CONNECTORS


def join_broken_paragraphs(paragraphs: list[str]) -> list[str]:
    """Join paragraphs broken mid-sentence ("by The Daily" + "Telegraph, the ...")."""
    out: list[str] = []
    known: AbstractSet[str] | None = None
    for paragraph in paragraphs:
        if out and _should_join(out[-1], paragraph):
            if known is None and out[-1].endswith("-"):  # only a broken word reads them
                known = words_of("\n".join(paragraphs))
            out[-1] = join_lines(out[-1], paragraph, known or frozenset())
        else:
            out.append(paragraph)
    return out


def _classify(paragraph: str, nxt: str | None, known_title: str | None) -> str | None:
    """The kind of header line ``paragraph`` is, or None if it belongs to the body."""
    if known_title and same_text(paragraph, known_title):
        return "title"
    if len(paragraph) > 200:
        return None
    if parse_byline(paragraph):
        return "byline"
    if is_date_line(paragraph):
        return "date"
    if len(paragraph.split()) > 20 or paragraph.endswith(":") or _LIST_ITEM.match(paragraph):
        return None
    if is_label(paragraph):  # "What's On", "UK News": a page's sections, pasted with it
        return "title"
    if not ends_sentence(paragraph):
        # A line that runs on into a lower-case one is a broken body sentence.
        broken = (nxt is not None and nxt[:1].islower()) or paragraph.endswith(
            (",", ";", "-", "–", "—")
        )
        return None if broken or paragraph.split()[-1].lower() in _CONNECTORS else "title"
    # "Is social media to blame?" is a headline when a byline or date follows.
    follows = nxt is not None and (parse_byline(nxt) or is_date_line(nxt))
    if paragraph[-1] in "?!" and len(paragraph.split()) <= 15 and follows:
        return "title"
    return None


def _split_header(
    paragraphs: list[str], known_title: str | None
) -> tuple[list[_Header], list[str]]:
    """Leading headline/masthead/byline/date lines, and the body after them. At most
    :data:`MAX_HEADER_LINES` of them, not counting short lines of a page's navigation
    ("News", "Local News", "What's On") before the first longer one."""
    header: list[_Header] = []
    counted = 0
    headline_seen = False
    for i, paragraph in enumerate(paragraphs[:MAX_HEADER_LINES + MAX_NAVIGATION_LINES]):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        kind = _classify(paragraph, nxt, known_title)
        if kind is None:
            break
        words = len(paragraph.split())
        navigation = kind == "title" and not headline_seen and (
            words <= NAVIGATION_WORDS or is_label(paragraph))
        headline_seen |= kind == "title" and words >= HEADLINE_WORDS
        if not navigation:
            counted += 1
            if counted > MAX_HEADER_LINES:
                break
        header.append(_Header(paragraph, kind))
    body = paragraphs[len(header) :]
    if not body:  # all of it looked like a header: a guess gone wrong, keep it as body
        return [], paragraphs
    return _after_standfirst(header, body)


def _after_standfirst(header: list[_Header], body: list[str]) -> tuple[list[_Header], list[str]]:
    """A byline and date under the standfirst (headline, a sentence or two saying what the
    story is, "By Aoife Marsh", "Saturday 11 May 2024") are the header's: they join its
    lines and the standfirst opens the body."""
    if not any(h.kind == "title" for h in header) or any(h.kind == "byline" for h in header) \
            or len(body) < 3 or len(body[0].split()) < STANDFIRST_WORDS:
        return header, body
    moved: list[_Header] = []
    for paragraph in body[1:3]:
        kind = _classify(paragraph, None, None)
        if kind not in {"byline", "date"} or any(h.kind == kind for h in moved):
            break
        moved.append(_Header(paragraph, kind))
    if not any(h.kind == "byline" for h in moved):
        return header, body
    return header + moved, [body[0], *body[1 + len(moved):]]


def _drop_trailing_junk(body: list[str]) -> list[str]:
    """Drop short lines without sentence punctuation at the very end (tags, credits)."""
    end = len(body)
    while end > 1 and len(body[end - 1].split()) <= TRAILING_JUNK_MAX_WORDS:
        if ends_sentence(body[end - 1]):
            break
        end -= 1
    return body[:end]


DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’ -]*[A-Z.](?:,\s+[A-Z][\w.'’ -]*?)?\s+)?"
    r"\((?P<agency>[A-Z][\w .&-]{1,24})\)\s*(?:--|[—–-])\s*(?=\S)")
"""A wire story's dateline: "LAGOS, Nigeria (CNN) -- ", "(Reuters) - " (``agency``: the
news agency's name)."""


_GENERIC_TITLE = re.compile(
    r"\W*(?:untitled(?:\s+document)?|document\s*\d*|new\s+document|microsoft\s+word(?:\s*-.*)?"
    r"|\S+\.(?:docx?|odt|rtf|pages|html?|txt|pdf))\W*", re.I)
"""A page title that names no story: a word processor's ("Document1", "Microsoft Word -
release.docx", "Untitled document") or a file's name."""


_CUT_TITLE_WORDS = 3
"""A page title of fewer words ("Museum", "BBC News") is a name or a label, not a headline
cut short: a header line starting with it does not replace it."""


def _extends(headline: str, title: str) -> bool:
    """Whether ``headline`` (a header line) is ``title`` (a page's, cut short: "Allotment
    waiting list" of a Google Docs page) with more words after it, so it names the story
    more fully ("Allotment waiting list hits 400 as demand soars")."""
    def flat(text: str) -> str:
        return " ".join(text.lower().split()).rstrip(" .:;-–—")

    short, full = flat(title), flat(headline)
    return len(short.split()) >= _CUT_TITLE_WORDS and full.startswith(short + " ")


def _generic_title(title: str) -> bool:
    """Whether a page's own title only labels it ("Press release": :func:`is_label`) or
    is a word processor's (:data:`_GENERIC_TITLE`), so the story's headline names it."""
    return is_label(title) or _GENERIC_TITLE.fullmatch(title.strip()) is not None


def _fallback_title(body: list[str]) -> str:
    """The body's first sentence without its dateline, cut to about 80 characters."""
    first = body[0]
    dateline = DATELINE.match(first)
    if dateline and len(first) > dateline.end() + 20:
        rest = first[dateline.end():]
        first = rest[:1].upper() + rest[1:]
    spans = split_sentences(first)
    sentence = first[spans[0][0] : spans[0][1]] if spans else first
    if len(sentence) <= 80:
        return sentence
    cut = sentence[:80].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return f"{cut}…"


def _dateline_date(paragraph: str) -> str | None:
    """The date of the dateline opening the body's first paragraph, if it has one."""
    found = dateline_date(paragraph)
    return found[0] if found else None


MIN_ARTICLE_WORDS = 5
"""Fewer words than this in an article's body is not something to quote from ("hello")."""


def clean_article(
    extracted: ExtractedText,
    *,
    title: str | None = None,
    url: str | None = None,
    max_paragraphs: int = 2000,
) -> CleanDocument:
    """Clean extracted text into the document that is stored and cited.

    The stored text is the header lines (masthead, headline, byline, date), one
    per line, a blank line, then the body paragraphs separated by one blank line.
    Metadata priority: ``title`` argument, then ``extracted`` metadata, then what
    the header shows. Raises :class:`InputError` when there are more than
    ``max_paragraphs`` paragraphs, no article text is left, or the body has
    fewer than :data:`MIN_ARTICLE_WORDS` words.
    """
    paragraphs = tables_as_sentences(
        _before_page_end(split_paragraphs(extracted.text, max_paragraphs)))
    paragraphs = without_pull_quotes(
        [_CITATION_MARKS.sub("", p) for p in paragraphs if not is_boilerplate(p)])
    if not paragraphs:
        raise InputError("No article text is left after removing page boilerplate.")
    page_title = extracted.title if extracted.title and not _generic_title(extracted.title) \
        else None  # a Word page's "Press release" or "Document1": the headline names it
    header, body = _split_header(paragraphs, title or page_title)
    page_title = next((h.text for h in header if h.kind == "title" and page_title
                       and _extends(h.text, page_title)), page_title)
    body = join_broken_paragraphs(_drop_trailing_junk(body))
    body[:1] = [mend_drop_cap(p) for p in body[:1]]  # "T he queue": the story's first word
    found = read_header(
        [h.text for h in header if h.kind == "title"],
        [h.text for h in header if h.kind != "title"],
        title=title or page_title,
        publication=extracted.publication,
    )

    head = "\n".join(h.text for h in header)
    text = f"{head}\n\n" + "\n\n".join(body) if header else "\n\n".join(body)
    body_start = len(head) + 2 if header else 0
    byline: Span | None = None
    offset = 0
    for h in header:
        if h.kind == "byline" and byline is None:
            start, end = byline_extent(h.text)
            byline = (offset + start, offset + end)
        offset += len(h.text) + 1
    passages = split_passages(text, body_start)
    if not passages:
        raise InputError("No article text is left after removing the headings.")
    words = len(text[body_start:].split(maxsplit=MIN_ARTICLE_WORDS))  # enough to tell
    if words < MIN_ARTICLE_WORDS:
        shown = " ".join(text[body_start:].split())[:60]
        raise InputError(
            f"The article text is only {words} word{'s' if words != 1 else ''} long (\"{shown}\"); "
            f"Footnote needs at least {MIN_ARTICLE_WORDS} words to quote from."
        )
    refuse_repetition(text[body_start:])
    author, role = split_author(extracted.author) if extracted.author else (None, None)
    return CleanDocument(
        text=text,
        title=title or page_title or found.headline or _fallback_title(body),
        author=author or found.author,
        author_role=found.author_role or role,
        publication=extracted.publication or found.publication,
        published=extracted.published or found.published or _dateline_date(body[0]),
        url=url or extracted.url,
        byline=byline,
        passages=passages,
        source=extracted.source,
        notes=extracted.notes,
    )
