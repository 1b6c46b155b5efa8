"""Reading an article for quiz facts: sentences fit to ask about, and in each the named
entities and key noun phrases a question can hinge on (spaCy, offline)."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.models import Article, Passage
from bot.quiz.entities import (
    APPROX,
    GAZETTEER_LABEL,
    NOT_PERSON_TYPES,
    Fact,
    clean_entity,
    gazetteer,
    inside_longer_name,
    majority_labels,
    phrase_facts,
    plausible,
    relabel,
    wh_span,
    word_bounded,
)
from bot.quiz.nlp import get_nlp
from bot.quiz.question import NAME_TYPES, PHRASE
from bot.quiz.text import TITLES, fits_type, fold, normalise, tokens, word_count

ENTITY_TYPES = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LANGUAGE",
    "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY",
})
MIN_WORDS = 6
MAX_CHARS = 350
MAX_QUOTED_SHARE = 0.6
PRONOUNS = frozenset(
    "he she it they we i you this that these those him her them one".split()
)
_NOISY = frozenset({"too long", "mostly a quotation"})
"""Skip reasons that still leave the sentence's names trustworthy as distractors."""
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$")
@dataclass
class Sentence:
    """A sentence of a passage with its facts; ``skip`` says why no question may use it."""

    start: int
    end: int
    text: str
    passage: Passage
    facts: list[Fact] = field(default_factory=list)
    pronoun_subject: bool = False
    anchors: list[tuple[int, int]] = field(default_factory=list)
    skip: str | None = None


@dataclass
class ArticleFacts:
    """The analysed article: its sentences and its entities by type (majority label)."""

    sentences: list[Sentence]
    entities: dict[str, list[str]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quoted_share(sentence: str) -> float:
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


def _sentence_problem(text: str, article: Article, start: int, end: int) -> str | None:
    if word_count(text) < MIN_WORDS:
        return "too short"
    if len(text) > MAX_CHARS:
        return "too long"
    if not _TERMINAL.search(text):
        return "fragment (no final punctuation)"
    first_letter = re.search(r"[^\W\d_]", text)
    if first_letter and first_letter.group().islower() and first_letter.start() < 3:
        return "fragment (starts in lower case)"
    if _quoted_share(text) > MAX_QUOTED_SHARE:
        return "mostly a quotation"
    if article.byline and start < article.byline[1] and article.byline[0] < end:
        return "byline"
    if normalise(text) == normalise(article.title):
        return "headline"
    return None


def _spans(passage: Passage, doc: Any) -> list[tuple[int, int]]:
    if passage.sentences:
        return list(passage.sentences)
    return [(passage.start + s.start_char, passage.start + s.end_char) for s in doc.sents]


_CACHE_SIZE = 32
_cache: OrderedDict[tuple[object, ...], ArticleFacts] = OrderedDict()
_cache_lock = threading.Lock()
_pipe_lock = threading.Lock()


def analyse(article: Article, passages: Sequence[Passage], nlp: Any | None = None) -> ArticleFacts:
    """:func:`analyse_uncached`, remembered for the last few articles (the result depends
    only on the article text, the passages and the pipeline; treat it as read-only)."""
    nlp = nlp or get_nlp()
    key = (article.id, article.content_hash, article.title, article.byline, id(nlp),
           tuple((p.start, p.end, p.paragraph, p.sentences) for p in passages))
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    result = analyse_uncached(article, passages, nlp)
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def analyse_uncached(article: Article, passages: Sequence[Passage],
                     nlp: Any | None = None) -> ArticleFacts:
    """Find the article's askable sentences and their facts.

    Only the ``passages`` given are read (so headers, bylines and boilerplate that are
    not passages never yield questions). Entity labels are settled by majority vote over
    the article, then spread to unlabelled mentions of the same name; well-known names the
    small model misses ("Facebook", "Norfolk") are found through the fallback gazetteer.
    """
    nlp = nlp or get_nlp()
    text = article.text
    ordered = sorted(passages, key=lambda p: p.start)
    with _pipe_lock:  # spaCy does not promise that one pipeline may run in two threads
        docs = list(nlp.pipe([text[p.start:p.end] for p in ordered]))
    raw: list[tuple[Passage, Any, tuple[int, int], list[tuple[int, int, str]]]] = []
    found: list[tuple[str, str]] = []
    for passage, doc in zip(ordered, docs, strict=True):
        ents: list[tuple[int, int, str]] = []
        for ent in doc.ents:
            if ent.label_ not in ENTITY_TYPES:
                continue
            s, e = clean_entity(text, passage.start + ent.start_char, passage.start + ent.end_char)
            if ent.label_ in {"PERCENT", "CARDINAL", "MONEY", "QUANTITY"}:
                m = APPROX.match(text[s:e])
                if m:
                    s += m.end()
            if e <= s:
                continue
            label = relabel(doc, ent, text[s:e])
            ents.append((s, e, label))
            found.append((text[s:e], label))
        for span in _spans(passage, doc):
            raw.append((passage, doc, _trim(text, *span), ents))
    labels = majority_labels(found)
    other_names = {w for key, lab in labels.items() if lab in NOT_PERSON_TYPES
                   for w in key.split() if len(w) >= 3}
    other_names |= {w.rstrip("s") for w in other_names}
    persons = [key.split() for key, lab in labels.items() if lab == "PERSON" and " " in key]
    for key, lab in list(labels.items()):
        if lab == "PERSON" and " " not in key and not any(key == p[-1] for p in persons):
            labels[key] = "PERSON?"  # a lone word: trusted only after a title (below)
    names = gazetteer()
    entities: dict[str, list[str]] = {}
    seen_names: set[tuple[str, str]] = set()
    sentences: list[Sentence] = []
    prev_passage: Passage | None = None
    prev_end_ok = True
    for passage, doc, (s, e), ents in raw:
        sent_text = text[s:e]
        sentence = Sentence(s, e, sent_text, passage)
        sentence.skip = _sentence_problem(sent_text, article, s, e)
        if passage is not prev_passage:
            if not prev_end_ok and (s, e) == _trim(text, *_spans(passage, doc)[0]):
                sentence.skip = sentence.skip or "continues the previous passage"
            prev_passage = passage
        offset = passage.start
        mentions: list[tuple[int, int, str]] = []
        for es, ee, _ in ents:
            if s <= es and ee <= e:
                label = labels.get(normalise(text[es:ee]))
                if label == "PERSON?":
                    before = text[max(s, es - 12):es].split()
                    titled = bool(before) and fold(before[-1]).rstrip(".") in TITLES
                    label = "PERSON" if titled else None
                if label:
                    mentions.append((es, ee, label))
        # names the model labelled elsewhere in the article, or well-known names it missed
        known = {key: lab for key, lab in labels.items() if lab in NAME_TYPES}
        for m in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*", sent_text):
            ms, me = clean_entity(text, s + m.start(), s + m.end())
            key = normalise(text[ms:me])
            if key in known and not any(ms < b and a < me for a, b, _ in mentions):
                mentions.append((ms, me, known[key]))
        for m in names.finditer(sent_text):
            ms, me = s + m.start(), s + m.end()
            token = doc.char_span(ms - offset, me - offset, alignment_mode="expand")
            if token is None or token.root.pos_ != "PROPN":
                continue
            if not any(ms < b and a < me for a, b, _ in mentions):
                mentions.append((ms, me, GAZETTEER_LABEL[fold(m.group())]))
        mentions.sort()
        facts: list[Fact] = []
        total_words = word_count(sent_text)
        for ms, me, label in mentions:
            etext = text[ms:me]
            if "\n" in etext or not word_bounded(text, ms, me) or not fits_type(label, etext):
                continue
            if not plausible(label, etext, other_names):
                continue
            if label in NAME_TYPES and inside_longer_name(text, s, ms, me):
                continue
            if label == "CARDINAL" and tokens(etext) == ["1"]:
                continue  # "one of the country's..." is not a fact
            if etext.islower() and label in NAME_TYPES:
                continue
            n_words = word_count(etext)
            if n_words > 6 or n_words * 2 > total_words or total_words - n_words < 5:
                continue
            if (sentence.skip in _NOISY or not sentence.skip) \
                    and (label, normalise(etext)) not in seen_names:
                seen_names.add((label, normalise(etext)))
                entities.setdefault(label, []).append(etext)
            ws, we, subject = wh_span(doc, ms - offset, me - offset, label, offset)
            key = label
            if label == "PERSON" and ws >= 0 and not subject:
                span = doc.char_span(ms - offset, me - offset, alignment_mode="expand")
                if span is not None and span.root.dep_ in {"dobj", "pobj", "dative"}:
                    key = "PERSON_OBJECT"
            facts.append(Fact(etext, label, ms, me, ws, we, subject, key))
        taken = [(f.start, f.end) for f in facts]
        facts.extend(phrase_facts(doc, s, e, offset, taken, text))
        sentence.facts = facts
        rel = doc.char_span(s - offset, e - offset, alignment_mode="expand")
        if rel is not None:
            for tok in rel:
                if tok.dep_ == "ROOT":
                    sentence.pronoun_subject = any(
                        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in PRONOUNS
                        for c in tok.children
                    )
                    break
            sentence.anchors = [(offset + t.idx, offset + t.idx + len(t.text))
                                for t in rel if t.pos_ == "PROPN"]
        sentence.anchors += [(f.start, f.end) for f in facts if f.label != PHRASE]
        sentences.append(sentence)
        prev_end_ok = bool(_TERMINAL.search(text[passage.start:passage.end]))
    return ArticleFacts(sentences, entities)
