"""Quiz questions from an article's stored facts (:mod:`bot.quiz.analyse`), with no parsing:
rules make the questions, and every question is checked against the sentence it cites.

Kinds: multiple choice (4 options), fill in the blank (typed), true/false, short answer
(a who/what/when question, typed). One question per sentence at most, and the questions
of one article never give each other away (:func:`bot.quiz.draw.compatible`), so a quiz
drawn from them never asks the same fact twice nor shows one question's answer in another.

Known failure modes and what prevents them (each is tested in tests/quiz):

* wrong key — the answer is the fact's verbatim text, ``article.text[fact_start:fact_end]``,
  inside the cited sentence ``article.text[quote_start:quote_end]``;
* answer given away — :func:`~bot.quiz.text.gives_away` rejects a question that shows any
  4+ letter word, the head word or a number of the answer;
* wrong options that are also right, or of another kind — options come from the library
  itself: names of the answer's entity type and noun phrases of the same grammatical role
  and number, from the same article first, then (people, numbers and phrases only) from
  other articles (:class:`Pool`); numbers and dates of the same form, or made up from the
  answer keeping its unit and scale. Never a built-in list of names. A name that looks
  like another kind than its label ("Westward Marine" as a person: :mod:`bot.quiz.kinds`)
  is never offered, and a key whose label is doubtful (a one-word organisation) is only
  blanked. When too few exist, the sentence is asked another way (or not at all);
* trivial blanks — a key that is only function words ("it", "the people"), a vague date
  ("the same year"), a key the question shows in a related form ("Belgian"/"Belgium"),
  or the only option that fits an "a"/"an" before the blank is never asked;
* key position and length — positions are dealt evenly (the least-used slot, ties broken by
  the seeded rng) and options are picked near the key's length with at least one as long;
* true/false that needs no reading — a false statement swaps a fact for another of the
  same kind from the same article, a number for another number of the text, or negates
  the sentence's statement; true and false are kept balanced;
* boilerplate, fragments, pronoun-only context, duplicates — see :mod:`bot.quiz.analyse`
  and :meth:`_Builder.anchored`; near-identical sentences are asked once.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.models import Article
from bot.quiz.distractors import choose, number_candidates
from bot.quiz.draw import MentionIndex, compatible
from bot.quiz.facts import ArticleFacts, Fact, Sentence
from bot.quiz.item import (
    FILL_BLANK,
    KINDS,
    MULTIPLE_CHOICE,
    NAME_TYPES,
    NUMERIC_TYPES,
    PHRASE,
    SHORT_ANSWER,
    TRUE_FALSE,
    QuizQuestion,
    question_id,
)
from bot.quiz.kinds import doubtful, lower_case_words, person_words, weak_key
from bot.quiz.phrases import kindred
from bot.quiz.text import (
    NUMBER_WORDS,
    are_variants,
    fold,
    gives_away,
    names_too_little,
    normalise,
    says_little,
    tokens,
)
from bot.quiz.wh import PLACEHOLDER
from bot.quiz.wording import QuizWording, default_wording

STATEMENT = "STATEMENT"
"""``answer_type`` of a true/false question about a whole statement (a negation)."""
_ROMAN = re.compile(r"^(?:[IVXL]+|Jr\.?|Sr\.?)$")
_NEAR_DUPLICATE = 0.8
_POOLED = frozenset({"PERSON"}) | NUMERIC_TYPES
"""Labels whose wrong options may come from other articles. The small model's other name
labels are unreliable out of their article ("Skyfall" as a place, "Zelda" as a group),
and a place or organisation from an unrelated article is easy to rule out: those come
from the key's own article only."""
_PRONOUN_CONTEXT_WORDS = 10
_CASED_AMOUNTS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
"""Labels whose options take the key's case (a month or a name keeps its capital)."""


@dataclass
class Pool:
    """What other articles of the library offer as wrong options: names and numbers by
    entity type, noun phrases (with their roles), and the words of people's full names
    (a lone "Knowles" is a person's name, whatever one article labelled it)."""

    entities: dict[str, list[str]] = field(default_factory=dict)
    phrases: list[Fact] = field(default_factory=list)
    people: set[str] = field(default_factory=set)


def build_pool(analyses: Iterable[ArticleFacts]) -> Pool:
    """The names, numbers and phrases of several analysed articles, without repeats; a
    name labelled differently by different articles is listed under the label most of
    them give it, and a name that looks like another kind
    (:func:`~bot.quiz.kinds.doubtful`) is left out."""
    pool = Pool()
    analyses = list(analyses)
    votes: dict[str, Counter[str]] = {}
    for facts in analyses:
        for label, names in facts.entities.items():
            for name in names:
                votes.setdefault(fold(name), Counter())[label] += 1
        pool.people |= person_words(facts.entities.get("PERSON", []))
    seen: set[tuple[str, str]] = set()
    for facts in analyses:
        for label, names in facts.entities.items():
            for name in names:
                key = fold(name)
                if (label, key) in seen or votes[key].most_common(1)[0][0] != label:
                    continue
                seen.add((label, key))
                if not doubtful(label, name, pool.people):
                    pool.entities.setdefault(label, []).append(name)
        for phrase in facts.phrases():
            if (PHRASE, fold(phrase.text)) not in seen:
                seen.add((PHRASE, fold(phrase.text)))
                pool.phrases.append(phrase)
    return pool


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_LINK = re.compile(
    r"^(?:(?:And|But|Yet)\s+|(?:However|Meanwhile|Nevertheless|Nonetheless|Still|Yet|Also|"
    r"Instead|Moreover|Furthermore|Indeed)\s*,\s+)(?=[\w\[])")
"""A word linking a sentence to the one before it ("And he said ...", "However, the
report ..."), which dangles when the sentence stands alone as a statement or a blank."""


def _unlinked(text: str) -> str:
    """``text`` without a linking word at its start, its next word capitalised ("And he
    said ..." is "He said ...")."""
    rest = _LINK.sub("", text, count=1)
    if rest == text:
        return text
    first = rest.split(maxsplit=1)[0]
    return rest[:1].upper() + rest[1:] if first.islower() else rest  # not "IPod"


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


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


def _agrees(option: str, before: str) -> bool:
    """Does ``option`` fit after the words ``before`` the blank as far as "a" and "an" go
    (so the indefinite article does not single out the key)?"""
    m = re.search(r"\b(an?)\s*$", before, re.I)
    if not m:
        return True
    vowel = option[:1].lower() in "aeiou"
    return vowel == (m.group(1).lower() == "an")


def _fit_article(option: str, before: str) -> str:
    """Drop an option's leading "the" when the blank already follows one."""
    if re.search(r"\bthe\s*$", before, re.I) and option.lower().startswith("the "):
        return option[4:]
    return option


_NAMES = frozenset({"GPE", "LOC", "FAC", "ORG", "PERSON"})
"""Labels of names, some of which take "the" ("the United States") and some never do."""


def _the_fits(before: str, swap: str, label: str, text: str) -> str:
    """``before`` (the sentence up to a name being swapped) without its closing "the" when
    the article ``text`` writes the name swapped in straight after a preposition and never
    after "the": "in the United States" with "San Francisco" swapped in is "in San
    Francisco", not "in the San Francisco"."""
    the = re.search(r"\b(the)\s+$", before, re.I)
    if the is None or label not in _NAMES or swap.lower().startswith("the "):
        return before
    name = re.escape(swap)
    if re.search(rf"\bthe\s+{name}\b", text, re.I) or not re.search(
            rf"\b(?:in|at|to|from|with|by|for|of|on|into|near|across)\s+{name}\b", text):
        return before
    return before[:the.start()]


def _as_cased(option: str, fact: Fact) -> str:
    """An amount taken from the start of another sentence ("Six flights were cancelled")
    in the key's case: "six" beside "three", not "Six"."""
    if fact.label in _CASED_AMOUNTS and fact.text[:1].islower() and option[:1].isupper() \
            and option.split()[0].lower() in NUMBER_WORDS:
        return option[:1].lower() + option[1:]
    return option


def _same_slot(a: Fact, b: Fact) -> bool:
    """Two noun phrases that fit the same slot (same role, same number, both people or
    neither) but cannot name the same thing (no word in common, heads of different
    families: "overseas firms" is never wrong for "social media companies")."""
    if (a.role, a.plural, a.person) != (b.role, b.plural, b.person):
        return False
    return not set(tokens(a.text)) & set(tokens(b.text)) and not kindred(a.text, b.text)


class _Builder:
    """Turns analysed sentences into questions; holds the balancing counters."""

    def __init__(self, article: Article, facts: ArticleFacts, rng: random.Random,
                 pool: Pool | None, wording: QuizWording) -> None:
        self.article = article
        self.facts = facts
        self.rng = rng
        self.pool = pool or Pool()
        self.wording = wording
        self.positions = [0, 0, 0, 0]
        self.tf = {True: 0, False: 0}
        self.phrases = facts.phrases()
        self.askable = [s for s in facts.sentences if not s.skip]
        self.people = self.pool.people | person_words(facts.entities.get("PERSON", []))
        self.common = lower_case_words(article.text)
        self.index = MentionIndex([article.text[s.start:s.end] for s in self.askable])

    def repeated(self, fact: Fact, sent: Sentence) -> int:
        """In how many other askable sentences the article states this fact again (each
        of them, shown in a question, would give it away)."""
        return sum(self.askable[i] is not sent for i in self.index.where(fact.text, fact.label))

    # -- text pieces -------------------------------------------------------------------
    def blanked(self, sent: Sentence, fact: Fact) -> str:
        text = self.article.text
        return _unlinked(_squash(text[sent.start:fact.start] + self.wording.question["blank"]
                                 + text[fact.end:sent.end]))

    def wh_question(self, fact: Fact) -> str | None:
        if not fact.wh:
            return None
        word = self.wording.wh_word(fact.wh_key)
        question = fact.wh.replace(PLACEHOLDER, word)
        if names_too_little(question):
            return None  # "What rises?": which passage it means is anyone's guess
        return question[:1].upper() + question[1:]

    def candidates(self, fact: Fact, sent: Sentence, before: str = "") -> list[list[str]]:
        """Wrong-option candidates by tier: this article, other articles, made up; names
        only when they look like the key's kind, and only options that fit the "a" or
        "an" ``before`` the blank."""
        if fact.label == PHRASE:
            same = [p.text for p in self.phrases if _same_slot(p, fact)]
            other = [p.text for p in self.pool.phrases if _same_slot(p, fact)]
            tiers = [same, other]
        else:
            same = self.same_kind(fact)
            other = [e for e in self.pool.entities.get(fact.label, [])
                     if e not in same and self.of_kind(fact.label, e)] \
                if fact.label in _POOLED else []
            tiers = [same, other, number_candidates(fact.text, fact.label, self.rng)]
        return [[c for c in tier if _agrees(c, before)] for tier in tiers]

    def of_kind(self, label: str, name: str) -> bool:
        """May ``name`` stand beside a key labelled ``label`` (not a name that looks like
        another kind: :func:`~bot.quiz.kinds.doubtful`)?"""
        return label not in NAME_TYPES or not doubtful(label, name, self.people, self.common)

    def same_kind(self, fact: Fact) -> list[str]:
        """The article's other names or numbers of the fact's kind."""
        return [e for e in self.facts.entities.get(fact.label, [])
                if e != fact.text and self.of_kind(fact.label, e)]

    def rejected(self, fact: Fact, chosen: Sequence[str]) -> tuple[str, ...]:
        others = [e for e in self.facts.entities.get(fact.label, [])
                  if not are_variants(e, fact.text)]
        return tuple(dict.fromkeys([*chosen, *others[:40]]))

    def anchored(self, sent: Sentence, fact: Fact | None) -> bool:
        """A pronoun-subject sentence ("He said it was _____.") needs another visible name,
        or enough other words, to pin down which statement of the article is meant."""
        if not sent.pronoun_subject:
            return True
        numbers = {(f.start, f.end) for f in sent.facts if f.label in NUMERIC_TYPES}
        if any((s, e) not in numbers and (fact is None or e <= fact.start or s >= fact.end)
               for s, e in sent.anchors):
            return True
        words = len(tokens(self.article.text[sent.start:sent.end]))
        asked = len(tokens(fact.text)) if fact is not None else 0
        return words - asked >= _PRONOUN_CONTEXT_WORDS

    # -- kinds -------------------------------------------------------------------------
    def make(self, kind: str, sent: Sentence, fact: Fact) -> QuizQuestion | None:
        if not self.anchored(sent, fact) or (sent.quoted and kind == MULTIPLE_CHOICE):
            return None
        if says_little(fact.text):
            return None  # "it", "the people": a blank that tests grammar, not reading
        if kind in {MULTIPLE_CHOICE, SHORT_ANSWER} and weak_key(fact.label, fact.text):
            return None  # options and question word would follow a doubtful label
        if kind == TRUE_FALSE:
            return self.true_false(sent, fact)
        q = self.wording.question
        if kind == SHORT_ANSWER:
            wh = self.wh_question(fact)
            if wh is None:
                return None
            return self.typed(kind, sent, fact, q["short_answer"].format(question=wh))
        if kind == FILL_BLANK:
            return self.typed(kind, sent, fact,
                              q["fill_blank"].format(sentence=self.blanked(sent, fact)))
        return self.multiple_choice(sent, fact)

    def typed(self, kind: str, sent: Sentence, fact: Fact, text: str) -> QuizQuestion | None:
        if gives_away(fact.text, text):
            return None
        return self.question(kind, sent, fact, text, (), fact.text, _accepted(fact),
                             self.rejected(fact, ()))

    def multiple_choice(self, sent: Sentence, fact: Fact) -> QuizQuestion | None:
        q = self.wording.question
        wh = self.wh_question(fact) if self.rng.random() < 0.5 else None
        if wh is not None:
            text = q["multiple_choice_wh"].format(question=wh)
        else:
            text = q["multiple_choice_blank"].format(sentence=self.blanked(sent, fact))
        quote = self.article.text[sent.start:sent.end]
        before = self.article.text[sent.start:fact.start] if wh is None else ""
        if not _agrees(fact.text, before):
            return None  # "an _____" before a key that takes "a": a slip of the parse
        chosen = choose(fact.text, fact.label, self.candidates(fact, sent, before), self.rng,
                        forbidden_text=quote + " " + text)
        if len(chosen) < 3 or gives_away(fact.text, text):
            return None
        shown = [_as_cased(_fit_article(c, before), fact) for c in chosen]
        least = min(self.positions)
        slot = self.rng.choice([i for i, c in enumerate(self.positions) if c == least])
        self.rng.shuffle(shown)
        shown.insert(slot, fact.text)
        return self.question(MULTIPLE_CHOICE, sent, fact, text, tuple(shown), fact.text,
                             _accepted(fact), self.rejected(fact, chosen))

    def false_statement(self, sent: Sentence, fact: Fact | None) -> tuple[str, Fact | None,
                                                                        tuple[str, ...]]:
        """A false version of the sentence: a fact swapped for another of its kind from
        this article (a number for another number of the text), or the sentence negated.
        Returns ``(statement, fact changed, what was swapped in)``; "" when none."""
        text = self.article.text
        ways: list[tuple[str, Fact | None, tuple[str, ...]]] = []
        if fact is not None and fact.label != PHRASE and not sent.quoted \
                and not weak_key(fact.label, fact.text):
            passage = text[sent.passage_start:sent.passage_end]
            swap = choose(fact.text, fact.label, [self.same_kind(fact)], self.rng, count=1,
                          forbidden_text=passage)
            if swap:
                before = _the_fits(text[sent.start:fact.start], swap[0], fact.label, text)
                other = _fit_article(swap[0], before)
                if not before.strip():
                    other = other[:1].upper() + other[1:]
                ways.append((_squash(before + other + text[fact.end:sent.end]), fact,
                             (swap[0],)))
        if sent.negated:
            ways.append((_squash(sent.negated), None, ()))
        if not ways:
            return "", None, ()
        return ways[0] if len(ways) == 1 or self.rng.random() < 0.5 else ways[1]

    def true_false(self, sent: Sentence, fact: Fact | None) -> QuizQuestion | None:
        false, changed, swapped = ("", None, ())
        if self.tf[False] <= self.tf[True]:
            false, changed, swapped = self.false_statement(sent, fact)
        can_true = self.tf[True] <= self.tf[False]
        if not false and not can_true:
            return None
        truth = not false or (can_true and self.rng.random() < 0.5)
        statement = _unlinked(_squash(self.article.text[sent.start:sent.end]) if truth
                              else false)
        key = fact if (truth or changed is not None) else None
        question = self.wording.question["true_false"].format(statement=statement)
        return self.question(TRUE_FALSE, sent, key, question, ("True", "False"),
                             "True" if truth else "False", (),
                             self.rejected(key, swapped) if key else ())

    def accept(self, question: QuizQuestion) -> None:
        """Count a question that joins the quiz (key positions, true/false balance)."""
        if question.kind == MULTIPLE_CHOICE:
            self.positions[question.options.index(question.answer)] += 1
        elif question.kind == TRUE_FALSE:
            self.tf[question.answer == "True"] += 1

    def question(self, kind: str, sent: Sentence, fact: Fact | None, text: str,
                 options: tuple[str, ...], answer: str, accepted: tuple[str, ...],
                 rejected: tuple[str, ...]) -> QuizQuestion:
        article = self.article
        quote = article.text[sent.start:sent.end]
        f_text, f_start, f_end, f_type = (
            (fact.text, fact.start, fact.end, fact.label) if fact is not None
            else (quote, sent.start, sent.end, STATEMENT))
        return QuizQuestion(
            id=question_id(article.id, (sent.passage_start, sent.passage_end),
                           (sent.start, sent.end), kind, answer, f_text),
            kind=kind, question=text, options=options, answer=answer, accepted=accepted,
            answer_type=f_type, article_id=article.id, title=article.title,
            paragraph=sent.paragraph, quote=quote, quote_start=sent.start,
            quote_end=sent.end, fact=f_text, fact_start=f_start, fact_end=f_end,
            rejected=rejected,
        )


def _fact_order(sent: Sentence, builder: _Builder, rng: random.Random,
                title: set[str], used: Mapping[str, int]) -> list[tuple[Fact, int]]:
    """The sentence's facts, best first, each with how often the article repeats it:
    facts stated once before repeated ones, answers not used yet before used ones, the
    article's own subject (a word of its title) late; names, numbers and dates before
    noun phrases."""
    scored = [(f, builder.repeated(f, sent)) for f in sent.facts]
    rng.shuffle(scored)

    def rank(item: tuple[Fact, int]) -> tuple[int, int, int]:
        f, repeated = item
        key = normalise(f.text)
        return (
            used.get(key, 0) + (2 if set(key.split()) & title else 0) + min(repeated, 3),
            1 if f.label == PHRASE else 0,
            0 if f.label in NAME_TYPES or f.label in NUMERIC_TYPES else 1,
        )

    return sorted(scored, key=rank)


def generate_questions(
    article: Article,
    facts: ArticleFacts,
    *,
    n: int | None = None,
    kinds: set[str] | None = None,
    rng: random.Random,
    pool: Pool | None = None,
    wording: QuizWording | None = None,
) -> list[QuizQuestion]:
    """Make quiz questions from an analysed article (at most one per sentence), none
    giving another away.

    ``kinds`` limits the kinds made (all four by default); they are balanced as far as the
    sentences allow. ``pool`` holds other articles' names and phrases, used as wrong
    options when the article has too few (see :func:`build_pool`). ``n`` caps the number
    returned. The result depends only on the inputs and the state of ``rng``.
    """
    wanted = set(KINDS) if kinds is None else set(kinds)
    unknown = wanted - set(KINDS)
    if unknown or not wanted:
        raise ValueError(f"unknown question kinds {sorted(unknown)}; choose from {KINDS}")
    if n is not None and n <= 0:
        return []
    builder = _Builder(article, facts, rng, pool, wording or default_wording())
    text = article.text
    usable = [s for s in facts.sentences if not s.skip and (s.facts or s.negated)]
    rng.shuffle(usable)
    counts = dict.fromkeys(sorted(wanted, key=KINDS.index), 0)
    title = set(tokens(article.title)) - {"of", "and", "in", "on", "for", "to"}
    answers: dict[str, int] = {}
    out: list[QuizQuestion] = []
    used: list[set[str]] = []
    for sent in usable:
        words = set(tokens(text[sent.start:sent.end]))
        if any(_jaccard(words, other) >= _NEAR_DUPLICATE for other in used):
            continue
        made = _one_question(builder, sent, counts, title, answers, out)
        if made is None:
            continue
        counts[made.kind] += 1
        answers[normalise(made.fact)] = answers.get(normalise(made.fact), 0) + 1
        used.append(words)
        out.append(made)
    return out[:n] if n is not None else out


def _one_question(builder: _Builder, sent: Sentence, counts: dict[str, int], title: set[str],
                  answers: Mapping[str, int], made: list[QuizQuestion]) -> QuizQuestion | None:
    """The best question for one sentence: the least-made kind first, then the next;
    a fact the article repeats is asked only when nothing else can be."""
    rng = builder.rng
    ordered = _fact_order(sent, builder, rng, title, answers)
    kinds = sorted(counts, key=lambda k: (counts[k], rng.random()))
    for strict in (True, False):
        for kind in kinds:
            facts: list[Fact | None] = [f for f, repeated in ordered
                                        if not (strict and repeated and kind != TRUE_FALSE)]
            if kind == TRUE_FALSE and sent.negated:
                facts.append(None)
            for fact in facts:
                if fact is None:
                    question = (builder.true_false(sent, None)
                                if builder.anchored(sent, None) else None)
                else:
                    question = builder.make(kind, sent, fact)
                if question is not None and compatible(question, made):
                    builder.accept(question)
                    return question
    return None
