"""Read the header lines of a newspaper article: byline, date and masthead.

A pasted article usually opens with a few short lines before the body: the
publication's masthead ("The Daily Telegraph"), the headline, a byline ("- By
Martin Evans CRIME CORRESPONDENT") and a date ("Published Monday, 6 May 2019").
:mod:`bot.ingest.clean` decides which leading lines form the header; this module
parses them: :func:`parse_byline` reads an author and role, :func:`find_date` and
:func:`is_date_line` read dates, and :func:`read_header` puts it all together as a
:class:`HeaderInfo`. Nothing here changes the text; it only reads it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from bot.calendar_words import MONTHS
from bot.models import Span

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE = re.compile(
    r"\b(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    rf"|\b{_WEEKDAY}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})\b"
    rf"|\b{_WEEKDAY}(?P<m3>{_MONTH})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})\b",
    re.I,
)
_DATE_FILLER = re.compile(
    r"\b(?:first|last|published|updated|posted|modified|on|at|date|\d{1,2}[:.]\d{2}"
    r"|for\s+immediate\s+release|(?:press\s+)?release(?:\s+date)?|embargoed(?:\s+until)?"
    r"|[ap]m|bst|gmt|utc|cet|cest|est|edt|et|pt|pst|pdt)\b|[\W_]+",
    re.I,
)
_MONTHS = {m[:3].lower(): i for i, m in enumerate(MONTHS, 1)}

_LEAD = " \t-–—•*|>"  # bullets and dashes before a byline: "- By Martin Evans"
_BY = re.compile(r"^by\s+", re.I)
_SEPARATORS = re.compile(r"\s*(?:,|\||·|•|\s[-–—]\s)\s*")
_ROLE_WORDS = frozenset(
    "correspondent editor reporter writer columnist journalist critic commentator "
    "producer analyst contributor staff".split()
)
_ROLE_MODIFIERS = _ROLE_WORDS | frozenset(
    "crime political chief senior home foreign health science technology tech business "
    "economics sports sport education environment deputy associate security defence "
    "defense diplomatic legal social affairs media arts royal consumer transport money "
    "personal finance city industry energy data investigations special assistant managing "
    "executive contributing digital culture music travel food politics parliamentary "
    "lobby world national local news bureau europe us uk and & of the".split()
)
_AGENCIES = frozenset(
    "reuters|ap|afp|associated press|press association|pa|pa media|bloomberg|dpa|bbc news".split(
        "|"
    )
)
_PARTICLES = frozenset("de da di del della van von der den le la du dos das bin al el".split())
_CLAUSE = re.compile(
    r"(?:who|whom|whose|which|that|said|says|told|tells|added|adds|had|has|have|was|were|is|"
    r"are|will|would|after|when|while|because)\b", re.I)
"""A word that opens a clause, not a role ("Headteacher Marcus Penrose, who had led the
school for six years, said he was proud of his staff": a sentence of the story, which
"staff" made look like a byline and its role)."""


@dataclass(frozen=True)
class Byline:
    """Who wrote an article, as a byline line says."""

    author: str
    role: str | None


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first calendar date in ``text`` as ``YYYY-MM-DD``, with its match."""
    for m in _DATE.finditer(text):
        g = m.groupdict()
        i = next(i for i in "123" if g[f"y{i}"])
        year, month, day = g[f"y{i}"], g[f"m{i}"], g[f"d{i}"]
        month_no = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
        try:
            return datetime.date(int(year), month_no, int(day)).isoformat(), m
        except ValueError:
            continue
    return None


def is_date_line(line: str) -> bool:
    """True for a line that is only a date ("Published Monday, 6 May 2019 10.30am")."""
    found = find_date(line)
    if found is None:
        return False
    m = found[1]
    return not _DATE_FILLER.sub("", line[: m.start()] + " " + line[m.end() :])


def _titlecase(text: str) -> str:
    return " ".join(w if w in ("and", "&", "of") else w.capitalize() for w in text.lower().split())


def _is_name(text: str) -> bool:
    tokens = text.split()
    if text.lower() in _AGENCIES:
        return True
    if not 2 <= len(tokens) <= 5 or tokens[0] in ("The", "A", "An", "THE"):
        return False
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        if not (token[0].isupper() and all(c.isalpha() or c in "'’.-" for c in token)):
            return False
    return tokens[-1][0].isupper()


def _split_role(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split "Martin Evans CRIME CORRESPONDENT" into name and role tokens."""
    k = len(tokens)
    while k > 1 and tokens[k - 1].isupper() and len(tokens[k - 1]) > 1:
        k -= 1
    if 1 < k < len(tokens) and not " ".join(tokens[:k]).isupper():
        return tokens[:k], tokens[k:]
    k = len(tokens)
    if tokens[-1].lower().rstrip("s") in _ROLE_WORDS:
        while k > 1 and tokens[k - 1].lower().rstrip("s") in _ROLE_MODIFIERS | _ROLE_WORDS:
            k -= 1
        return tokens[:k], tokens[k:]
    return tokens, []


def parse_byline(line: str) -> Byline | None:
    """Read a byline: "- By Martin Evans CRIME CORRESPONDENT", "By Jane Doe and John
    Roe", "By JANE DOE, Reuters", "Jane Doe, Political Editor"; None if it is not one."""
    rest = line.lstrip(_LEAD).rstrip(" .")
    by = _BY.match(rest)
    rest = rest[by.end() :] if by else rest
    found = find_date(rest)  # "By Jane Doe | 6 May 2019": read_header takes the date
    if found:
        rest = rest[: found[1].start()] + rest[found[1].end() :]
    parts = [p for p in _SEPARATORS.split(rest.strip(" ,|·•-–—")) if p]
    if not parts or any(_CLAUSE.match(p) for p in parts[1:]):
        return None
    names, role_tokens = _split_role(parts[0].split())
    authors = re.split(r"\s+(?:and|&)\s+", " ".join(names), flags=re.I)
    roles = [" ".join(role_tokens)] if role_tokens else []
    for part in parts[1:]:
        words = {w.lower().rstrip("s") for w in part.split()}
        if words & _ROLE_WORDS or part.lower() in _AGENCIES:
            roles.append(part)
        elif all(_is_name(a) for a in re.split(r"\s+(?:and|&)\s+", part, flags=re.I)):
            authors.extend(re.split(r"\s+(?:and|&)\s+", part, flags=re.I))
    if not authors or not all(_is_name(a) for a in authors) or (not by and not roles):
        return None
    authors = [_titlecase(a) if a.isupper() else a for a in authors]
    author = authors[0] if len(authors) == 1 else f"{', '.join(authors[:-1])} and {authors[-1]}"
    role = ", ".join(_titlecase(r) if r.isupper() else r for r in roles) or None
    return Byline(author, role)


def split_author(author: str) -> tuple[str, str | None]:
    """A page's author field ("Elena Varga; Science Correspondent", "Hannah Mercer; Tom
    Ashdown; Priya Nair") as the people ("Hannah Mercer, Tom Ashdown and Priya Nair") and
    the role their parts name, if any."""
    parts = [p.strip() for p in author.split(";") if p.strip()]
    roles = [p for p in parts if {w.lower().rstrip("s") for w in p.split()} & _ROLE_WORDS]
    names = [p for p in parts if p not in roles] or parts
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return joined, ", ".join(roles) or None


def byline_extent(line: str) -> Span:
    """Where the byline proper stands in its line (without a leading "- ")."""
    return len(line) - len(line.lstrip(_LEAD)), len(line.rstrip())


def same_text(a: str, b: str) -> bool:
    """Equal apart from case and whitespace."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


_PUBLICATION_WORDS = frozenset(
    "times telegraph guardian post mail express mirror herald gazette journal chronicle "
    "tribune observer independent standard sun star record news courier examiner globe "
    "review inquirer monitor register bulletin echo argus advertiser press today daily "
    "weekly magazine economist spectator reuters bloomberg sentinel dispatch enquirer "
    "leader statesman scotsman telegram citizen insider".split()
)


def is_masthead(line: str, lines: int) -> bool:
    """Does this short Title Case line name a publication ("The Daily Telegraph")? With
    ``lines >= 2`` (more header lines follow) a short "The ..." line counts too."""
    words = line.split()
    if len(words) > 6 or ":" in line:
        return False
    if not all(w[0].isupper() or w in ("of", "the", "and", "&") for w in words):
        return False
    last = words[-1].lower().strip("'’")
    return last in _PUBLICATION_WORDS or (lines >= 2 and len(words) <= 4 and words[0] == "The")


_LABEL = re.compile(
    r"^\W*(?:(?:for\s+immediate\s+|news\s+|media\s+|press\s+)?release|press\s+release"
    r"|embargo(?:ed)?\b.*|(?:breaking|latest)(?:\s+news)?|live|exclusive|updated?|opinion"
    r"|analysis|comment|editorial|advertisement|sponsored(?:\s+content)?|news|update"
    r"|(?:(?:uk|us|world|local|national|business|sport|sports|politics|health|education"
    r"|technology|tech|science|crime|culture|entertainment|money|travel|lifestyle"
    r"|weather|video|home|news|menu|search|asia|africa|europe|americas|australia"
    r"|middle\s+east|what['’]s\s+on|cyber\s+security|environment|climate)\s*(?:&\s*)?)+)\W*$",
    re.I,
)
"""A line that labels the page rather than naming the story ("PRESS RELEASE", "FOR
IMMEDIATE RELEASE", "EMBARGOED UNTIL 00:01", "EXCLUSIVE", its sections: "UK News",
"Local News"): never its headline."""


HEADLINE_WORDS = 5
"""After two or more shorter header lines (a page's site name and sections, pasted with
it), the first line of at least this many words is the headline."""
SHOUTED_WORDS = 4
"""A header line of at least this many words, all in capitals, is a headline
("NEW £6.2 MILLION FRAILTY UNIT OPENS AT ST ETHELDREDA'S HOSPITAL, ELY")."""


_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())


def _headline_case(text: str) -> str:
    """An all-capitals headline in title case, its small words in lower case."""
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _shouted(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(line.split()) >= SHOUTED_WORDS and bool(letters) and all(
        c.isupper() for c in letters)


def is_label(line: str) -> bool:
    """Whether a header line only labels the page (:data:`_LABEL`)."""
    return _LABEL.match(line) is not None


_DATELINE_DATE = re.compile(r"^\s*[A-Z][\w .,'’()-]{0,60}?(?=\s*[-–—]{1,2}\s)")
"""The place and date before the dash that opens a story's first paragraph ("ELY,
Cambridgeshire, 9 June 2025 - A new unit ...")."""


def dateline_date(paragraph: str) -> tuple[str, Span] | None:
    """The full date (day, month and year) of the dateline opening ``paragraph``, as
    ``YYYY-MM-DD``, with the dateline's extent; None when it opens with none (a date in
    the story's own words is not when it was written)."""
    head = _DATELINE_DATE.match(paragraph)
    found = find_date(head.group(0)) if head else None
    if head is None or found is None:
        return None
    place = head.group(0)[: found[1].start()]
    ends = not head.group(0)[found[1].end():].strip(" ,.")  # the date closes the dateline
    capital = place[:1].isupper() and place.split()[0].isupper()  # "ELY, ...", "PARIS"
    if not ends or not ("," in place or capital):  # not "On 12 March 2024 - a Tuesday - ..."
        return None
    return found[0], (head.start() + len(head.group(0)) - len(head.group(0).lstrip()), head.end())


@dataclass(frozen=True)
class HeaderInfo:
    """What the header lines of an article say about it."""

    headline: str | None = None
    publication: str | None = None
    author: str | None = None
    author_role: str | None = None
    published: str | None = None


def read_header(
    titles: list[str], others: list[str], *, title: str | None, publication: str | None
) -> HeaderInfo:
    """Guess headline, masthead, author, role and date from the header lines."""
    masthead = None
    for line in titles:
        if publication and same_text(line, publication):
            masthead = line
    first = titles[0] if titles else None
    if masthead is None and first and not (title and same_text(first, title)):
        masthead = first if is_masthead(first, len(titles)) else None
    rest = [line for line in titles if line is not masthead]
    headline = next((line for line in rest if title and same_text(line, title)), None)
    named = [line for line in rest if not is_label(line)]  # not "PRESS RELEASE"
    shouted = [line for line in named if _shouted(line)]  # a press release's headline,
    if headline is None and shouted:  # after the organisation's name
        headline = _headline_case(shouted[0])
    long = [i for i, line in enumerate(rest) if len(line.split()) >= HEADLINE_WORDS]
    if headline is None and long and long[0] >= 2:  # "Somerset & Avon Live", "News",
        headline = rest[long[0]]  # "Crime", ... pasted with the page: its headline
    headline = headline or (named[0] if named else None)
    byline = next((b for b in map(parse_byline, others) if b), None)
    dates = [d for d in map(find_date, others) if d]
    published = dates[0][0] if dates else None
    return HeaderInfo(
        headline=headline,
        publication=masthead,
        author=byline.author if byline else None,
        author_role=byline.role if byline else None,
        published=published,
    )
