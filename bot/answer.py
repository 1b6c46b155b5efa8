"""Extractive answers: the sentences that answer a question, each with its footnote.

The answerer reads the passages retrieval found, scores every sentence in them
(meaning, shared rare words, whether it holds the kind of thing asked for, and
how well its passage ranked), and answers with the best one or two, quoted
verbatim. When the evidence is weak it declines instead of citing something
loosely related; that decision is a small logistic model over the same
evidence, calibrated on SQuAD 2.0 by ``bench/calibrate_decline.py``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from bot.lexical import tokenize
from bot.library import Snapshot
from bot.models import Answer, Article, Citation, Passage
from bot.question import QuestionInfo, analyse, has_answer_type
from bot.retrieve import Hit, retrieve

DECLINE_MODEL_PATH = Path(__file__).resolve().parent / "data" / "decline.json"
TOP_PASSAGES = 3
MAX_SENTENCES = 2


@dataclass(frozen=True)
class Candidate:
    """A sentence that might answer the question."""

    passage: Passage
    start: int
    end: int
    rank: int
    """Rank of its passage in retrieval (0 = best)."""
    dense: float
    overlap: float
    type_match: float
    score: float


@dataclass(frozen=True)
class Evidence:
    """Numbers the decline decision rests on (also reported by the benchmark)."""

    passage_dense: float
    sentence_dense: float
    passage_coverage: float
    sentence_coverage: float
    type_match: float
    missing_rare: float
    lexical: float
    missing_named: float
    """Share of the question's names and numbers that the top passage's article lacks.

    The article, not the passage: news text says "he" after the first mention."""
    missing_in_library: float
    """1.0 when a content word of the question appears nowhere in the library."""
    negation_mismatch: float
    """1.0 when the question is negated ("not", "never") and the sentence is not."""
    missing_in_sentence: float
    """Share of the question's content words the best sentence lacks."""

    def vector(self, names: list[str]) -> np.ndarray:
        """The features named, in that order."""
        values = asdict(self)
        return np.array([values[n] for n in names], dtype=np.float64)


@dataclass(frozen=True)
class DeclineModel:
    """Logistic model: probability that the library holds the answer."""

    features: list[str]
    weights: list[float]
    bias: float
    threshold: float
    min_dense: float
    """Below this passage similarity, and with few of the question's words in the
    passage, the question is about something else: decline."""
    min_coverage: float

    @classmethod
    def load(cls, path: Path = DECLINE_MODEL_PATH) -> DeclineModel:
        """The calibrated model shipped in ``bot/data/decline.json``."""
        data = json.loads(path.read_text("utf-8"))
        return cls(
            features=list(data["features"]), weights=[float(w) for w in data["weights"]],
            bias=float(data["bias"]), threshold=float(data["threshold"]),
            min_dense=float(data["min_dense"]), min_coverage=float(data["min_coverage"]),
        )

    def probability(self, evidence: Evidence) -> float:
        """How likely the best sentence really answers the question (0..1)."""
        z = float(evidence.vector(self.features) @ np.array(self.weights)) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def declines(self, evidence: Evidence) -> bool:
        """True when the answer should be declined."""
        if evidence.passage_dense < self.min_dense and (
            evidence.passage_coverage < self.min_coverage
        ):
            return True
        if fully_covered(evidence):
            return False
        return self.probability(evidence) < self.threshold


def fully_covered(evidence: Evidence) -> bool:
    """Every content word of the question is in the best sentence, none negated away.

    Short questions about a named thing ("Who is Simon Bailey?") embed far from
    any sentence, so their similarity says little; the words say enough.
    """
    return (
        evidence.sentence_coverage >= 0.999
        and evidence.missing_in_library == 0.0
        and evidence.negation_mismatch == 0.0
        and evidence.type_match > 0.0
    )


def coverage(question_tokens: tuple[str, ...], text: str, idf: dict[str, float]) -> float:
    """Share of the question's content words (weighted by rarity) that ``text`` contains."""
    if not question_tokens:
        return 0.0
    present = set(tokenize(text))
    total = sum(idf[t] for t in question_tokens)
    found = sum(idf[t] for t in question_tokens if t in present)
    return found / total if total else 0.0


def score_sentences(
    snapshot: Snapshot, hits: list[Hit], info: QuestionInfo, query: np.ndarray,
    idf: dict[str, float],
) -> list[Candidate]:
    """Every sentence of the top passages, scored as an answer, best first."""
    candidates: list[Candidate] = []
    for rank, hit in enumerate(hits[:TOP_PASSAGES]):
        passage = hit.passage
        article_text = snapshot.articles[passage.article_id].text
        vectors = snapshot.sentence_matrix(snapshot.position[passage.id])
        sims = vectors @ query if len(vectors) else np.zeros(0)
        for (start, end), dense in zip(passage.sentences, sims, strict=False):
            sentence = article_text[start:end]
            overlap = coverage(info.tokens, sentence, idf)
            type_match = has_answer_type(sentence, info)
            score = float(dense) + 0.5 * overlap + 0.25 * type_match + 0.12 / (1 + rank)
            candidates.append(Candidate(
                passage, start, end, rank, float(dense), overlap, type_match, score,
            ))
    candidates.sort(key=lambda c: -c.score)
    return candidates


_NEGATION = re.compile(
    r"\b(not|never|n't|no|none|nothing|neither|nor|without|fail|failed|unable)\b", re.I
)
_NAMED = re.compile(r"\b(?:[A-Z][\w'-]*|\d[\w'-]*)")


def gather_evidence(
    hits: list[Hit], best: Candidate, info: QuestionInfo, idf: dict[str, float],
    snapshot: Snapshot,
) -> Evidence:
    """Summarise how well the best sentence and passage match the question."""
    top = hits[0]
    text = snapshot.articles[best.passage.article_id].text
    sentence = text[best.start : best.end]
    passage_text = top.passage.text
    present = set(tokenize(passage_text))
    in_sentence = set(tokenize(sentence))
    rare = [idf[t] for t in info.tokens if t not in present]
    max_idf = max(idf.values()) if idf else 1.0
    named = [t for w in _NAMED.findall(info.text)[1:] for t in tokenize(w)]
    article_words = snapshot.article_words(top.passage.article_id)
    negated = bool(_NEGATION.search(info.text)) and not _NEGATION.search(sentence)
    return Evidence(
        passage_dense=top.dense,
        sentence_dense=best.dense,
        passage_coverage=coverage(info.tokens, passage_text, idf),
        sentence_coverage=coverage(info.tokens, text[best.start : best.end], idf),
        type_match=best.type_match,
        missing_rare=max(rare) / max_idf if rare and max_idf else 0.0,
        lexical=top.lexical / (1.0 + len(info.tokens)),
        missing_named=(
            sum(t not in article_words for t in named) / len(named) if named else 0.0
        ),
        missing_in_library=float(any(not snapshot.lexical.knows(t) for t in info.tokens)),
        negation_mismatch=float(negated),
        missing_in_sentence=(
            sum(t not in in_sentence for t in info.tokens) / len(info.tokens)
            if info.tokens else 0.0
        ),
    )


def choose_sentences(candidates: list[Candidate]) -> list[Candidate]:
    """The best sentence, plus a second one when it adds to it, in reading order."""
    best = candidates[0]
    chosen = [best]
    for other in candidates[1:4]:
        same_passage = other.passage.id == best.passage.id
        adjacent = same_passage and (
            0 <= other.start - best.end <= 3 or 0 <= best.start - other.end <= 3
        )
        if (adjacent and other.score >= best.score - 0.25) or other.score >= best.score - 0.08:
            chosen.append(other)
            break
    chosen = chosen[:MAX_SENTENCES]
    chosen.sort(key=lambda c: (c.rank, c.start))
    return chosen


def build_answer(
    question: str, snapshot: Snapshot, chosen: list[Candidate], confidence: float
) -> Answer:
    """The answer text with footnote numbers, and one citation per quoted span."""
    groups: list[list[Candidate]] = []
    for cand in chosen:  # adjacent sentences of one passage share one quote
        last = groups[-1][-1] if groups else None
        if last and last.passage.id == cand.passage.id and 0 <= cand.start - last.end <= 3:
            groups[-1].append(cand)
        else:
            groups.append([cand])
    citations = []
    parts = []
    for n, group in enumerate(groups, start=1):
        article: Article = snapshot.articles[group[0].passage.article_id]
        start, end = group[0].start, group[-1].end
        quote = article.text[start:end]
        parts.append(f"{quote} [{n}]")
        citations.append(Citation(
            n=n, article_id=article.id, title=article.title, paragraph=group[0].passage.paragraph,
            quote=quote, url=article.url, score=round(max(c.score for c in group), 4),
            start=start, end=end,
        ))
    return Answer(
        question=question, text=" ".join(parts), declined=False, citations=tuple(citations),
        confidence=confidence,
    )


class Answerer:
    """Answers questions against a library snapshot, or declines."""

    def __init__(self, decline: DeclineModel | None = None) -> None:
        self.decline = decline or DeclineModel.load()

    def evaluate(
        self, snapshot: Snapshot, question: str, query: np.ndarray, *,
        article_id: int | None = None, context: tuple[str, np.ndarray] | None = None,
    ) -> tuple[list[Hit], list[Candidate], Evidence | None]:
        """Retrieval, sentence scores and evidence for a question (no decision yet).

        ``context`` (text and vector of the question read together with the one it
        follows up on) steers retrieval only; sentences are judged on the question.
        """
        find_text, find_vector = context or (question, query)
        hits = retrieve(snapshot, find_text, find_vector, k=5, article_id=article_id)
        if not hits:
            return hits, [], None
        info = analyse(question)
        judge_vector = query
        if context is not None:
            # A follow-up that has too few words of its own ("what did he say about
            # them?") is judged with the earlier question's words; the vector always
            # leans on the question asked now, so the earlier topic cannot take over.
            mixed = query + 0.5 * context[1]
            judge_vector = mixed / max(float(np.linalg.norm(mixed)), 1e-9)
            if len(info.tokens) < 2:
                info = analyse(find_text)
        idf = {t: snapshot.lexical.idf(t) for t in info.tokens}
        candidates = score_sentences(snapshot, hits, info, judge_vector, idf)
        if not candidates:
            return hits, [], None
        return hits, candidates, gather_evidence(hits, candidates[0], info, idf, snapshot)

    def answer(
        self, snapshot: Snapshot, question: str, query: np.ndarray, *,
        article_id: int | None = None, context: tuple[str, np.ndarray] | None = None,
    ) -> tuple[Answer, Evidence | None]:
        """The cited answer, or a declined one, and the evidence behind the decision."""
        _, candidates, evidence = self.evaluate(
            snapshot, question, query, article_id=article_id, context=context
        )
        if evidence is None:
            return Answer(question=question, text="", declined=True), None
        confidence = self.decline.probability(evidence)
        if self.decline.declines(evidence):
            return Answer(question, "", declined=True, confidence=confidence), evidence
        return build_answer(question, snapshot, choose_sentences(candidates), confidence), evidence
