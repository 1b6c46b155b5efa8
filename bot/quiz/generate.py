"""Quiz questions from article passages, offline: spaCy finds the facts, rules make the
questions, and every question is checked against the sentence it cites.

Kinds: multiple choice (4 options), fill in the blank (typed), true/false, short answer
(a who/what/how-many question, typed). One question per sentence at most, so a quiz
never asks the same fact twice nor shows one question's answer in another.

Known failure modes and what prevents them (each is tested in tests/quiz):

* wrong key — the answer is the fact's verbatim text, ``article.text[fact_start:fact_end]``,
  inside the cited sentence ``article.text[quote_start:quote_end]``;
* answer given away — :func:`~bot.quiz.text.gives_away` rejects a question that shows any
  4+ letter word, the head word or a number of the answer;
* wrong options that are also right or are variants of the key ("Bailey"/"Simon Bailey",
  "UK"/"United Kingdom", a word shared, one inside the other, a slip apart, a sibling in the
  same sentence) or of another type — :func:`bot.quiz.distractors.choose`;
* key position and length — positions are dealt evenly (the least-used slot, ties broken by
  the seeded rng) and options are picked near the key's length with at least one as long;
* boilerplate — only the passages given are read; fragments, short (< 6 words), mostly
  quoted, byline and headline sentences are skipped, and so are facts that fill half the
  sentence;
* pronoun-only context — when a sentence's subject is a bare pronoun ("He said ...") a
  fact is only asked about if another name stays visible in the question to anchor it,
  or at least 10 other words do ("He said it was _____." could be any of several
  sentences of the article; "He said firms such as _____ and Facebook had ..." cannot);
* duplicates — one question per sentence, and sentences near-identical to one already
  used are skipped.

Noun-phrase facts ("the dark web") are asked as fill-in-the-blank only: other phrases of
the article are too often near-synonyms to serve as wrong options or true/false swaps.
Names, numbers and dates give every kind. A wrong option and a true/false swap never
occur in the cited sentence (a swap never in its passage), so a listed sibling ("Google
and Facebook") is never offered as wrong.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.models import Article, Passage
from bot.quiz.distractors import choose, fallback_candidates
from bot.quiz.entities import Fact
from bot.quiz.facts import ArticleFacts, Sentence, analyse
from bot.quiz.nlp import get_nlp
from bot.quiz.question import (
    FILL_BLANK,
    KINDS,
    NAME_TYPES,
    PHRASE,
    SHORT_ANSWER,
    TRUE_FALSE,
    QuizQuestion,
    question_id,
)
from bot.quiz.text import (
    NUMBER_WORDS,
    are_variants,
    fold,
    gives_away,
    normalise,
    tokens,
    word_count,
)
from bot.quiz.wording import QuizWording, default_wording

__all__ = ["QuizQuestion", "build_pool", "generate_questions", "get_nlp"]

_ROMAN = re.compile(r"^(?:[IVXL]+|Jr\.?|Sr\.?)$")
_NEAR_DUPLICATE = 0.8
_PRONOUN_CONTEXT_WORDS = 10


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def _balanced(text: str) -> bool:
    """Brackets and double quotes still pair up (a cut did not strand one)."""
    return (text.count("(") == text.count(")") and text.count("[") == text.count("]")
            and text.count("“") == text.count("”") and text.count('"') % 2 == 0)


def _accepted(fact: Fact) -> tuple[str, ...]:
    """Other surface forms that count as the answer (the grader is lenient too)."""
    out: list[str] = []
    words = fact.text.split()
    if fact.label == "PERSON" and len(words) >= 2 and not _ROMAN.match(words[-1]) \
            and words[-2].lower() not in {"de", "of", "the", "von", "van"}:
        out.append(words[-1])
    if fact.text.lower().startswith("the "):
        out.append(fact.text[4:])
    low = fact.text.lower()
    if low in NUMBER_WORDS:
        out.append(str(NUMBER_WORDS[low]))
    return tuple(dict.fromkeys(x for x in out if x and x != fact.text))


def _fit_article(option: str, before: str) -> str:
    """Drop an option's leading "the" when the blank already follows one."""
    if re.search(r"\bthe\s*$", before, re.I) and option.lower().startswith("the "):
        return option[4:]
    return option


class _Builder:
    """Turns analysed sentences into questions; holds the balancing counters."""

    def __init__(self, article: Article, facts: ArticleFacts, rng: random.Random,
                 pool: Mapping[str, Iterable[str]] | None, wording: QuizWording) -> None:
        self.article = article
        self.facts = facts
        self.rng = rng
        self.pool = {label: list(values) for label, values in (pool or {}).items()}
        self.wording = wording
        self.positions = [0, 0, 0, 0]
        self.tf = {True: 0, False: 0}

    # -- text pieces -------------------------------------------------------------------
    def blanked(self, sent: Sentence, fact: Fact) -> str:
        text = self.article.text
        return _squash(text[sent.start:fact.start] + self.wording.question["blank"]
                       + text[fact.end:sent.end])

    def wh_question(self, sent: Sentence, fact: Fact) -> str | None:
        text = self.article.text
        if fact.wh_start < 0 or not sent.text.endswith("."):
            return None
        if re.match(r"\s*[’']", text[fact.wh_end:fact.wh_end + 2]):
            return None  # a possessive: "which organisation's" reads badly
        word = self.wording.wh_word(fact.wh_key or fact.label)
        prefix = text[sent.start:fact.wh_start]
        if not prefix.strip():
            word = word[:1].upper() + word[1:]
        suffix = text[fact.wh_end:sent.end - 1].rstrip(" ,;:")
        question = _squash(prefix + word + suffix)
        question = re.sub(r"\s+([,;:)\]])", r"\1", question) + "?"
        return question if _balanced(question) else None

    def candidates(self, fact: Fact) -> list[list[str]]:
        same = [e for e in self.facts.entities.get(fact.label, []) if e != fact.text]
        other = [e for e in self.pool.get(fact.label, []) if e not in same]
        return [same, other, fallback_candidates(fact.text, fact.label, self.rng)]

    def rejected(self, fact: Fact, chosen: Sequence[str]) -> tuple[str, ...]:
        others = [e for e in self.facts.entities.get(fact.label, [])
                  if not are_variants(e, fact.text)]
        return tuple(dict.fromkeys([*chosen, *others[:40]]))

    def anchored(self, sent: Sentence, fact: Fact) -> bool:
        """A pronoun-subject sentence ("He said it was _____.") needs another visible name,
        or enough other words, to pin down which statement of the article is meant."""
        if not sent.pronoun_subject:
            return True
        if any(e <= fact.start or s >= fact.end for s, e in sent.anchors):
            return True
        return word_count(sent.text) - word_count(fact.text) >= _PRONOUN_CONTEXT_WORDS

    # -- kinds -------------------------------------------------------------------------
    def make(self, kind: str, sent: Sentence, fact: Fact) -> QuizQuestion | None:
        if not self.anchored(sent, fact):
            return None
        if kind != FILL_BLANK and fact.label == PHRASE:
            return None  # a phrase's look-alikes may be synonyms: typed answer only
        if kind == TRUE_FALSE:
            return self.true_false(sent, fact)
        q = self.wording.question
        options: tuple[str, ...] = ()
        chosen: list[str] = []
        if kind == SHORT_ANSWER:
            wh = self.wh_question(sent, fact)
            if wh is None:
                return None
            text = q["short_answer"].format(question=wh)
        elif kind == FILL_BLANK:
            text = q["fill_blank"].format(sentence=self.blanked(sent, fact))
        else:
            wh = self.wh_question(sent, fact) if self.rng.random() < 0.5 else None
            if wh is not None:
                text = q["multiple_choice_wh"].format(question=wh)
            else:
                text = q["multiple_choice_blank"].format(sentence=self.blanked(sent, fact))
            chosen = choose(fact.text, fact.label, self.candidates(fact), self.rng,
                            forbidden_text=sent.text + " " + text)
            if len(chosen) < 3:
                return None
            before = self.article.text[sent.start:fact.start] if wh is None else ""
            shown = [_fit_article(c, before) for c in chosen]
            least = min(self.positions)
            slot = self.rng.choice([i for i, c in enumerate(self.positions) if c == least])
            self.rng.shuffle(shown)
            shown.insert(slot, fact.text)
            self.positions[slot] += 1
            options = tuple(shown)
        if gives_away(fact.text, text):
            if options:
                self.positions[options.index(fact.text)] -= 1
            return None
        return self.question(kind, sent, fact, text, options, fact.text, _accepted(fact),
                             self.rejected(fact, chosen))

    def true_false(self, sent: Sentence, fact: Fact) -> QuizQuestion | None:
        if fact.label == PHRASE:
            return None
        can_true = self.tf[True] <= self.tf[False]
        swap: list[str] = []
        if self.tf[False] <= self.tf[True]:
            passage_text = self.article.text[sent.passage.start:sent.passage.end]
            swap = choose(fact.text, fact.label, self.candidates(fact), self.rng, count=1,
                          forbidden_text=passage_text)
        if not swap and not can_true:
            return None
        truth = not swap or (can_true and self.rng.random() < 0.5)
        text = self.article.text
        if truth:
            statement = _squash(sent.text)
        else:
            before = text[sent.start:fact.start]
            other = _fit_article(swap[0], before)
            if not before.strip():
                other = other[:1].upper() + other[1:]
            statement = _squash(before + other + text[fact.end:sent.end])
        self.tf[truth] += 1
        answer = "True" if truth else "False"
        question = self.wording.question["true_false"].format(statement=statement)
        return self.question(TRUE_FALSE, sent, fact, question, ("True", "False"), answer, (),
                             self.rejected(fact, swap))

    def question(self, kind: str, sent: Sentence, fact: Fact, text: str,
                 options: tuple[str, ...], answer: str, accepted: tuple[str, ...],
                 rejected: tuple[str, ...]) -> QuizQuestion:
        p = sent.passage
        return QuizQuestion(
            id=question_id(self.article.id, (p.start, p.end), (sent.start, sent.end), kind,
                           answer, fact.text),
            kind=kind, question=text, options=options, answer=answer, accepted=accepted,
            answer_type=fact.label, article_id=self.article.id, title=self.article.title,
            paragraph=p.paragraph, quote=self.article.text[sent.start:sent.end],
            quote_start=sent.start, quote_end=sent.end, fact=fact.text,
            fact_start=fact.start, fact_end=fact.end, rejected=rejected,
        )


def _fact_order(sent: Sentence, rng: random.Random, title: set[str],
                used: Mapping[str, int]) -> list[Fact]:
    """Named facts first (people, organisations, places, numbers), then noun phrases;
    answers not used yet before repeated ones, and the article's own subject (a word of
    its title, "Victoria") last, since a student could guess it every time."""
    facts = list(sent.facts)
    rng.shuffle(facts)

    def rank(f: Fact) -> tuple[int, int, int]:
        key = normalise(f.text)
        return (
            1 if f.label == PHRASE else 0,
            used.get(key, 0) + (2 if set(key.split()) & title else 0),
            0 if f.label in NAME_TYPES or f.label == "DATE" else 1,
        )

    return sorted(facts, key=rank)


def generate_questions(
    article: Article,
    passages: Sequence[Passage],
    *,
    n: int | None = None,
    kinds: set[str] | None = None,
    rng: random.Random,
    nlp: Any | None = None,
    pool: Mapping[str, Iterable[str]] | None = None,
    wording: QuizWording | None = None,
) -> list[QuizQuestion]:
    """Make quiz questions from ``passages`` of ``article`` (at most one per sentence).

    ``kinds`` limits the kinds made (all four by default); they are balanced as far as the
    sentences allow. ``pool`` maps entity types ("PERSON", "ORG"...) to names from other
    articles of the library, used as wrong options when the article has too few (see
    :func:`build_pool`). ``n`` caps the number returned. The result depends only on the
    inputs and the state of ``rng``; the order is shuffled by ``rng``.
    """
    wanted = set(KINDS) if kinds is None else set(kinds)
    unknown = wanted - set(KINDS)
    if unknown or not wanted:
        raise ValueError(f"unknown question kinds {sorted(unknown)}; choose from {KINDS}")
    if n is not None and n <= 0:
        return []
    facts = analyse(article, passages, nlp)
    builder = _Builder(article, facts, rng, pool, wording or default_wording())
    usable = [s for s in facts.sentences if not s.skip and s.facts]
    rng.shuffle(usable)
    counts = dict.fromkeys(sorted(wanted, key=KINDS.index), 0)
    title = set(tokens(article.title)) - {"of", "and", "in", "on", "for", "to"}
    answers: dict[str, int] = {}
    out: list[QuizQuestion] = []
    used: list[set[str]] = []
    texts: set[str] = set()
    for sent in usable:
        words = set(tokens(sent.text))
        if any(_jaccard(words, other) >= _NEAR_DUPLICATE for other in used):
            continue
        ranked = sorted(counts, key=lambda k: (counts[k], rng.random()))
        made: QuizQuestion | None = None
        ordered = _fact_order(sent, rng, title, answers)
        for kind in ranked:
            for fact in ordered:
                made = builder.make(kind, sent, fact)
                if made is not None:
                    break
            if made is not None:
                break
        if made is None:
            continue
        if normalise(made.question) in texts:
            continue
        texts.add(normalise(made.question))
        counts[made.kind] += 1
        answers[normalise(made.fact)] = answers.get(normalise(made.fact), 0) + 1
        used.append(words)
        out.append(made)
    return out[:n] if n is not None else out


def build_pool(
    articles: Iterable[tuple[Article, Sequence[Passage]]], nlp: Any | None = None,
) -> dict[str, list[str]]:
    """Names by entity type across other articles of a library, for ``pool=``."""
    pool: dict[str, list[str]] = {}
    for article, passages in articles:
        for label, names in analyse(article, passages, nlp).entities.items():
            bucket = pool.setdefault(label, [])
            bucket.extend(n for n in names if fold(n) not in {fold(b) for b in bucket})
    return pool
