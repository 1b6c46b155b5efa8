"""Reading an article for the quiz, once, when it is added (spaCy, offline).

:data:`QUIZ_ANALYSER` is registered with the library (``bot.service.default_analysers``):
it runs on every article as it is added and its result, :class:`~bot.quiz.facts.ArticleFacts`
as JSON, is stored with the article. Everything that needs the parse is done here: the
sentences fit to ask about, their named entities and key noun phrases with their
grammatical roles, a who/what/when question for each fact (checked for grammar by
parsing it again) and a negated form of each sentence for true/false. Making questions
later needs none of it again (:mod:`bot.quiz.generate`).

Entity labels are settled by majority vote over the article, spread to unlabelled
mentions of the same name and to names listed with a labelled one ("Google and
Facebook"); a lone word labelled PERSON is trusted only after a title ("Mr Bailey").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.analysis import Analyser, ArticleSource
from bot.ingest.header import dateline_date
from bot.models import Article, Passage
from bot.nlp import get_nlp
from bot.quiz.entities import (
    APPROX,
    MIXED,
    NOT_PERSON_TYPES,
    clean_entity,
    inside_longer_name,
    joined_name,
    majority_labels,
    plausible,
    relabel,
    split_labels,
    without_role,
    word_bounded,
)
from bot.quiz.facts import ArticleFacts, Fact, Sentence
from bot.quiz.item import NAME_TYPES, PHRASE
from bot.quiz.kinds import lower_case_words, person_words
from bot.quiz.negate import negated
from bot.quiz.phrases import is_plural, names_people, noun_phrases, role_of
from bot.quiz.text import (
    NAME_PREFIXES,
    fits_type,
    fold,
    normalise,
    tokens,
    vague_date,
    word_count,
)
from bot.quiz.wh import PLACEHOLDER, draft, grammatical_doc
from bot.quiz.wording import default_wording

VERSION = 22
"""Bump whenever the analysis changes: stored analyses of an older version are redone (22:
the head words of names are the answers' too, :mod:`bot.name_heads`, "Hexmoor Rail",
"Coastline Homes" an organisation, "Millbrook Falls" a place; 21: a
place's name joined by "and" is kept whole, "Hastings and Rye"; 20: a full name after
"beneath", "outside" ... is a place, "Stokes Croft", a first name and surname or a name
after an age a person, "91-year-old Edna Pryce", and no name all in capitals, a
transcript's "HARRIS:"; 19: no subject asked of "The aim is to ...", "What is to cut
waiting lists?", nor a fact the parse splits, "When was she elected on Tuesday 14?"; 18: no
wh-question asks what is a clause, "What is for 92% of patients to begin ...?"; 17: figures
that state something are asked for with "what", not "who", "Official figures stated ...";
16: no person's name ends in "Central", "Milton Keynes Central"; 15: a person's name
without the role written before it, "Striker Liam Fairclough" is "Liam Fairclough"; 14: a
heading's "full name" vouches for no lone word, "Bellwether Nuneaton stays red", and a
"person" followed by ", which" is a place; 13: no superlative phrase cut from what it is
the best of, "greatest entry [in the series]"; 12: no question from a sentence inside a
quotation begun before it; 11: an initialism keeps its last full stop, "U.S."; 10: a noun
phrase keeps the "most" of a superlative, "most popular subject"; 9: a wh-question ending
in a clause left hanging is no question, "..., and?"; 8: a day and the part of it after it
are one time, "Friday afternoon"; 7: a road by its number is asked "which road")."""

ENTITY_TYPES = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LANGUAGE", "LAW",
    "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY",
})
MIN_WORDS = 6
MAX_CHARS = 350
MAX_QUOTED_SHARE = 0.6
PRONOUNS = frozenset("he she it they we i you this that these those him her them one".split())
_PERSON_SLIPS = frozenset({"ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE"})
"""Labels the small model gives a lone first name or surname ("Knowles" as ORG)."""
_CONTINUED = "inside a quotation begun before it"
_NOISY = frozenset({"too long", _CONTINUED})
"""Skip reasons that still leave the sentence's names trustworthy as wrong options."""
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_LEAD = re.compile(r"(?:[-*•–]|\d{1,2}[.)]|(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[ap]\.?m\b\.?)?"
                   r"(?:\s*[-–—:])?|(?:[A-Z]|[A-Z][A-Z.'’ -]{1,50}[A-Z])(?:\s*\([^)]{1,60}\))?:)"
                   r"\s+(?=[\"“‘'A-Z])")
"""What may open a sentence without being part of it: a list marker, a live post's time,
a transcript's speaker ("CHIEF FIRE OFFICER ADEYEMI: ", "A (CHIEF CONSTABLE HARRIS): ")."""
_CLOSED = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
"""How a sentence ends, or a line that leads into a quotation ("..., said:"); a heading
ends otherwise."""
_DASH = re.compile(r"\s*[-–—]{1,2}\s*")
_TABLE_ROW = re.compile(r"[^:.]{1,60}: (.+)\.$")
_CELL_WORDS = 5
"""A table's row as the reader writes it: "London: Average price £521,300, Annual change
-0.8%." (:func:`bot.ingest.clean.tables_as_sentences`)."""
_CONTACT = re.compile(r"\S@\w[\w-]*\.\w|\b(?:tel|phone|mobile|fax)\s*:|"
                      r"(?:\+\d{1,3}\s?|\b0)\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}\b", re.I)
"""An e-mail address or telephone number: a press release's contact details."""
_ABOUT_THE_PAGE = re.compile(
    r"\b(?:live coverage|live updates|(?:we will|we'll|we’ll) (?:bring|keep) you|"
    r"available on request|for more information|here are the (?:\w+ )?(?:main|key) points|"
    r"(?:media|press) (?:contacts?|enquiries|inquiries))\b", re.I)
"""A page's words about itself, not the news: "We will bring you updates", "That's where
we'll leave our live coverage", "Photographs are available on request"."""
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Mm]y|[Oo]ur|me|us)\b|(?:^|(\S+)\s+)I(?=\s+[a-z]|['’])")
"""A first person: "I" not after a name ("Charles I was"), "we", "my", "our", "me", "us"."""
_AGE = re.compile(r"(?:the\s+)?ages?\s+of\b", re.I)
_CAPITALISED = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*")


@dataclass
class _Passage:
    """One passage with its parse and its entity mentions (absolute offsets)."""

    paragraph: int
    start: int
    end: int
    sentences: list[tuple[int, int]]
    doc: Any
    mentions: list[tuple[int, int, str]] = field(default_factory=list)


# -- sentences ----------------------------------------------------------------------------

def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without surrounding space, nor what opens it but is not its words: a
    list's marker ("- ", "3. "), a live post's time ("17:35 ") or a dateline ("ELY,
    Cambridgeshire, 9 June 2025 - "). A quiz made of the rest neither asks about nor
    changes them ("What have 13:10 Police closed?")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    lead = _LEAD.match(text, start, end)
    if lead is None and (found := dateline_date(text[start:end])) is not None:
        lead = _DASH.match(text, start + found[1][1], end)
    if lead is not None and lead.end() < end:
        start = lead.end()
    return start, end


def quoted_share(sentence: str) -> float:
    """Share of the sentence's characters inside quotation marks (a quote left open runs
    to the end, one closed without opening ran from the start)."""
    inside = 0
    curly_open: int | None = None
    straight_open: int | None = None
    for i, ch in enumerate(sentence):
        if ch == "“":
            curly_open = i if curly_open is None else curly_open
        elif ch == "”":
            inside += i - (curly_open if curly_open is not None else -1) - 1
            curly_open = None
        elif ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                inside += i - straight_open - 1
                straight_open = None
    for opened in (curly_open, straight_open):
        if opened is not None:
            inside += len(sentence) - opened - 1
    return inside / max(len(sentence), 1)


def quotation_open(before: str) -> bool:
    """Does a sentence after ``before`` (its paragraph so far) begin inside a quotation
    opened earlier? Its words are someone's whom it does not name ('... special."' after
    '"It was a dream," he said. "My mum and my two brothers were in the stand ...'), and
    a student shown it alone cannot tell whose."""
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def first_person(sentence: str) -> bool:
    """Does the sentence speak as "I" or "we" outside quotation marks (an interviewee's
    answer, a columnist, a live blog's "we")? Who speaks is not in the sentence, so it is
    asked as written, like a quotation: no "When did I speak to ...?"."""
    outside = _QUOTED.sub(" ", sentence).strip()
    for m in _FIRST_PERSON.finditer(outside):
        before = m.group(1)
        if not before or before[:1].islower() or m.start() == 0:
            return True
    return False


def sentence_problem(text: str, title: str | None) -> str | None:
    """Why no question may be made from this sentence, or None."""
    if word_count(text) < MIN_WORDS:
        return "too short"
    if len(text) > MAX_CHARS:
        return "too long"
    if text.rstrip("\"'”’) ").endswith("?"):
        return "a question, not a statement"  # an interviewer's question, a heading
    if not _TERMINAL.search(text):
        return "fragment (no final punctuation)"
    if _table_row(text):
        return "a table's row"
    if _CONTACT.search(text) or _ABOUT_THE_PAGE.search(text):
        return "about the page, not the news"
    first_letter = re.search(r"[^\W\d_]", text)
    if first_letter and first_letter.group().islower() and first_letter.start() < 3:
        return "fragment (starts in lower case)"
    if title and normalise(text) == normalise(title):
        return "headline"
    if not _balanced(text):
        return "fragment (a bracket opened or closed outside it)"
    return None


def _table_row(text: str) -> bool:
    """Is this a table's row as the reader writes it, cells of a few words and a number
    each: "London: Average price £521,300, Annual change -0.8%."?"""
    row = _TABLE_ROW.match(text)
    cells = re.split(r",\s+", row.group(1)) if row else []
    return len(cells) >= 2 and all(
        len(cell.split()) <= _CELL_WORDS and any(ch.isdigit() for ch in cell) for cell in cells)


def _balanced(text: str) -> bool:
    """Does every bracket close after it opens ("1572–1620) made attempts" does not)?"""
    depth = 0
    for ch in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


# -- entities -----------------------------------------------------------------------------

_PART_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "lunchtime"})


def _with_time_of_day(text: str, found: list[tuple[int, int, str]]
                      ) -> list[tuple[int, int, str]]:
    """``found`` with a day and the part of it after it as one time ("on Friday
    afternoon": the small model gives "Friday" a DATE and "afternoon" a TIME, and a
    question keyed on "afternoon" alone hid the day), as it gives "Sunday morning"."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in sorted(found):
        if out and label == "TIME" and text[s:e].lower() in _PART_OF_DAY:
            ps, pe, plabel = out[-1]
            if plabel in {"DATE", "TIME"} and not text[pe:s].strip():
                out[-1] = (ps, e, "TIME")
                continue
        out.append((s, e, label))
    return out


def _spaCy_mentions(text: str, p: _Passage) -> list[tuple[int, int, str]]:
    """The model's entities of a passage, cleaned and relabelled, a place's name whole
    where the model cut it at "and" ("Hastings and Rye"), plus names listed with a
    labelled one ("Google and Facebook")."""
    out: list[tuple[int, int, str]] = []
    for ent in p.doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        s, e = clean_entity(text, p.start + ent.start_char, p.start + ent.end_char)
        if ent.label_ in {"PERCENT", "CARDINAL", "MONEY", "QUANTITY"}:
            m = APPROX.match(text[s:e])
            if m:
                s += m.end()
        if e > s:
            label = relabel(p.doc, ent, text[s:e])
            if label == "PERSON":
                s, e = without_role(text, s, e)  # "Striker Liam Fairclough"
            e, label = joined_name(text, s, e, label, p.doc, p.start)  # "Hastings and Rye"
            out.append((s, e, label))
    out = _with_time_of_day(text, out)
    for s, e, label in list(out):
        if label not in NAME_TYPES:
            continue
        span = p.doc.char_span(s - p.start, e - p.start, alignment_mode="expand")
        if span is None:
            continue
        for tok in (*[c for c in span.root.children if c.dep_ == "conj"],
                    *([span.root.head] if span.root.dep_ == "conj" else [])):
            ts = p.start + tok.left_edge.idx if tok.left_edge.pos_ == "PROPN" \
                else p.start + tok.idx
            te = p.start + tok.idx + len(tok.text)
            if tok.pos_ == "PROPN" and not any(a < te and ts < b for a, b, _ in out):
                out.append((ts, te, label))
    return out


_PLACE_AND_PLACE = re.compile(r"[A-Z][\w'’-]+ and [A-Z][\w'’-]+")


def _whole_names(text: str, passages: Sequence[_Passage]) -> None:
    """A place's name of two words joined by "and", read whole anywhere in the article
    ("Recount in Hastings and Rye"), is whole wherever the article writes it: the model
    may read "Rye" as a name of its own in one sentence and as a verb in the next."""
    whole = {text[s:e]: label for p in passages for s, e, label in p.mentions
             if label in NOT_PERSON_TYPES and _PLACE_AND_PLACE.fullmatch(text[s:e])}
    for p in passages:
        grown = []
        for s, e, label in p.mentions:
            name = next((n for n in whole if e < s + len(n) and text.startswith(n, s)
                         and word_bounded(text, s, s + len(n))), None)
            grown.append((s, s + len(name), whole[name]) if name else (s, e, label))
        p.mentions = [(s, e, label) for s, e, label in grown
                      if not any(a <= s and e <= b and b - a > e - s for a, b, _ in grown)]


def _headed(text: str, passages: Sequence[_Passage]) -> set[str]:
    """The names (normalised) the article mentions only outside its sentences: in
    headings, lines without a sentence's closing punctuation ("Bellwether Nuneaton stays
    red"; a sentence may end "... Rui Albuquerque, said:"), or with what opens a line but
    is not its words ("19:30 Falmouth RNLI")."""
    seen: dict[str, bool] = {}
    for p in passages:
        for s, e, _ in p.mentions:
            heading = not any(a <= s and e <= b and _CLOSED.search(text[a:b])
                              for a, b in p.sentences)
            key = normalise(text[s:e])
            seen[key] = seen.get(key, True) and heading
    return {key for key, only in seen.items() if only}


def _settle(found: list[tuple[str, str]], headed: set[str] = frozenset()) -> dict[str, str]:
    """Majority labels; a lone word labelled PERSON becomes "PERSON?" (trusted only after
    a title) unless it is the surname of a full name of the article; a name the model
    reads as different kinds in different sentences is :data:`MIXED` (no fact, no
    option: "Spectre" as a place and a person); a lone word labelled
    an organisation, group or work that is the first name or surname of a full name of
    the article ("Knowles" of "Solange Knowles") is a PERSON. A full name met only in
    ``headed`` (names, normalised, seen in headings alone, where every word has a
    capital: "Bellwether Nuneaton stays red") vouches for no lone word."""
    labels = majority_labels(found)
    for key in split_labels(found):
        labels[key] = MIXED
    persons = [key.split() for key, lab in labels.items()
               if lab == "PERSON" and " " in key and key not in headed]
    names = person_words(" ".join(p) for p in persons)
    for key, lab in list(labels.items()):
        if lab == "PERSON" and " " not in key and not any(key == p[-1] for p in persons):
            labels[key] = "PERSON?"
        elif lab in _PERSON_SLIPS and " " not in key and key in names:
            labels[key] = "PERSON"
    return labels


def _sentence_mentions(text: str, s: int, e: int, p: _Passage,
                       labels: dict[str, str]) -> list[tuple[int, int, str]]:
    """Entities of one sentence with their settled labels, and names the model labelled
    elsewhere in the article but missed here."""
    mentions: list[tuple[int, int, str]] = []
    for es, ee, _ in p.mentions:
        if not (s <= es and ee <= e):
            continue
        label = labels.get(normalise(text[es:ee]))
        if label == "PERSON?":
            before = text[max(s, es - 12):es].split()
            title = fold(before[-1]).rstrip(".") if before else ""
            label = "PERSON" if title in NAME_PREFIXES else None
        if label and label != MIXED:
            mentions.append((es, ee, label))
    known = {key: lab for key, lab in labels.items() if lab in NAME_TYPES}
    for m in _CAPITALISED.finditer(text, s, e):
        ms, me = clean_entity(text, m.start(), m.end())
        key = normalise(text[ms:me])
        if key not in known:  # a role before a person's name: "Striker Liam Fairclough"
            rs, re_ = without_role(text, ms, me)
            if known.get(normalise(text[rs:re_])) == "PERSON":
                ms, key = rs, normalise(text[rs:re_])
        if key in known and not any(ms < b and a < me for a, b, _ in mentions):
            mentions.append((ms, me, known[key]))
    return sorted(mentions)


@dataclass(frozen=True)
class _Names:
    """What the article tells about its names: words of its places and groups (not
    people's names), words of its people's full names, and the words it writes in lower
    case (common words, not names)."""

    places: set[str]
    people: set[str]
    common: set[str]


def _names(labels: dict[str, str], text: str) -> _Names:
    words = {w for key, lab in labels.items() if lab in NOT_PERSON_TYPES
             for w in key.split() if len(w) >= 3}
    people = person_words(key for key, lab in labels.items() if lab == "PERSON")
    return _Names(words | {w.rstrip("s") for w in words}, people, lower_case_words(text))


def _keep_entity(text: str, s: int, e: int, ms: int, me: int, label: str,
                 names: _Names) -> bool:
    etext = text[ms:me]
    if "\n" in etext or not word_bounded(text, ms, me) or not fits_type(label, etext):
        return False
    if not plausible(label, etext, names.places, names.people, names.common):
        return False
    if label in {"DATE", "TIME"} and (vague_date(etext) or _AGE.match(etext)):
        return False  # "died at the age of 87" tells no date
    if label in NAME_TYPES and (inside_longer_name(text, s, ms, me) or etext.islower()):
        return False
    if label == "CARDINAL" and tokens(etext) == ["1"]:
        return False  # "one of the country's..." is not a fact
    n_words, total = word_count(etext), word_count(text[s:e])
    return not (n_words > 6 or n_words * 2 > total or total - n_words < 5)


# -- one sentence -------------------------------------------------------------------------

def _fact(span: Any, sent: Any, text: str, start: int, end: int, label: str,
          person: bool = False) -> Fact:
    """A fact with its role, number and (unchecked) question."""
    root = span.root
    wh = draft(sent, span, label, person=person)
    return Fact(text[start:end], label, start, end, role_of(root), is_plural(root), person,
                wh.template if wh else "", wh.key if wh else "")


def _read_sentence(text: str, p: _Passage, s: int, e: int, labels: dict[str, str],
                   names: _Names, title: str | None) -> Sentence:
    sentence = Sentence(s, e, p.paragraph, p.start, p.end,
                        skip=sentence_problem(text[s:e], title)
                        or (_CONTINUED if quotation_open(text[p.start:s]) else None),
                        quoted=quoted_share(text[s:e]) > MAX_QUOTED_SHARE
                        or first_person(text[s:e]))
    sent = p.doc.char_span(s - p.start, e - p.start, alignment_mode="expand")
    if sent is None:
        sentence.skip = sentence.skip or "does not align with the parse"
        return sentence
    for ms, me, label in _sentence_mentions(text, s, e, p, labels):
        span = p.doc.char_span(ms - p.start, me - p.start, alignment_mode="expand")
        if span is not None and _keep_entity(text, s, e, ms, me, label, names):
            sentence.facts.append(_fact(span, sent, text, ms, me, label))
    taken = [(f.start, f.end) for f in sentence.facts]
    total = word_count(text[s:e])
    for rs, re_, head in noun_phrases(p.doc, s - p.start, e - p.start):
        ps, pe = p.start + rs, p.start + re_
        if any(ps < b and a < pe for a, b in taken) or total - word_count(text[ps:pe]) < 5:
            continue
        span = p.doc.char_span(rs, re_, alignment_mode="expand")
        sentence.facts.append(_fact(span, sent, text, ps, pe, PHRASE, names_people(head)))
    root = sent.root
    sentence.pronoun_subject = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in PRONOUNS
                                   for c in root.children)
    sentence.anchors = [(p.start + t.idx, p.start + t.idx + len(t.text))
                        for t in sent if t.pos_ == "PROPN"]
    sentence.anchors += [(f.start, f.end) for f in sentence.facts if f.label != PHRASE]
    if sentence.quoted:  # a quote is asked as written
        sentence.facts = [replace(f, wh="", wh_key="") for f in sentence.facts]
    else:
        sentence.negated = negated(sent) or ""
    return sentence


# -- the article --------------------------------------------------------------------------

def _passages(source: ArticleSource) -> list[_Passage]:
    docs = source.spacy_docs()
    out = []
    for passage, doc in zip(source.passages, docs, strict=True):
        spans = list(passage.sentences) or [
            (passage.start + x.start_char, passage.start + x.end_char) for x in doc.sents]
        out.append(_Passage(passage.paragraph, passage.start, passage.end,
                            [_trim(source.text, a, b) for a, b in spans], doc))
    return sorted(out, key=lambda p: p.start)


def _check_questions(sentences: list[Sentence], nlp: Any) -> None:
    """Keep only the questions that parse as well-formed questions (one parse each)."""
    words = default_wording()
    drafts = [(i, j, f.wh.replace(PLACEHOLDER, words.wh_word(f.wh_key)))
              for i, s in enumerate(sentences) for j, f in enumerate(s.facts) if f.wh]
    docs = nlp.pipe((q[:1].upper() + q[1:] for _, _, q in drafts),
                    disable=["ner", "lemmatizer"])  # the check reads tags and the parse
    for (i, j, _), doc in zip(drafts, docs, strict=True):
        if not grammatical_doc(doc):
            facts = sentences[i].facts
            facts[j] = replace(facts[j], wh="", wh_key="")


def read_article(source: ArticleSource) -> ArticleFacts:
    """The quiz facts of one article (see the module docstring)."""
    text = source.text
    passages = _passages(source)
    for p in passages:
        p.mentions = _spaCy_mentions(text, p)
    _whole_names(text, passages)
    labels = _settle([(text[s:e], lab) for p in passages for s, e, lab in p.mentions],
                     _headed(text, passages))
    names = _names(labels, text)
    sentences = [_read_sentence(text, p, s, e, labels, names, source.title)
                 for p in passages for s, e in p.sentences]
    _check_questions(sentences, get_nlp())
    entities: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for sentence in sentences:
        if sentence.skip and sentence.skip not in _NOISY:
            continue
        for f in sentence.facts:
            if f.label != PHRASE and (f.label, normalise(f.text)) not in seen:
                seen.add((f.label, normalise(f.text)))
                entities.setdefault(f.label, []).append(f.text)
    return ArticleFacts(sentences, entities)


def analyse_source(source: ArticleSource) -> dict[str, Any]:
    """The analyser's stored result: :func:`read_article` as JSON."""
    return read_article(source).to_json()


QUIZ_ANALYSER = Analyser("quiz", VERSION, analyse_source)
"""The quiz's per-article analysis, run once when an article is added and stored."""


def analyse(article: Article, passages: Sequence[Passage]) -> ArticleFacts:
    """:func:`read_article` for a stored article and some of its passages (only those
    are read: headers and boilerplate that are not passages never yield questions)."""
    ordered = sorted(passages, key=lambda p: p.start)
    return read_article(ArticleSource(article.text, article.title, ordered))
