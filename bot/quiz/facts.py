"""What the quiz knows of an article: its sentences fit to ask about and, in each, the
facts a question can hinge on. Plain data that goes to and from JSON, so it is worked
out once when the article is added (:mod:`bot.quiz.analyse`) and stored with it.

Offsets are absolute, into the article's stored text: ``text[f.start:f.end] == f.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Fact:
    """A key fact inside one sentence: a named entity, a number or a noun phrase."""

    text: str
    label: str
    """spaCy entity type ("PERSON", "DATE"...) or ``PHRASE`` for a noun phrase."""
    start: int
    end: int
    role: str = ""
    """Grammatical role: "subject", "object", "pobj", "attr" or "other"."""
    plural: bool = False
    person: bool = False
    """A noun phrase that names people ("paedophile hunters"): asked with "who"."""
    wh: str = ""
    """A question asking for this fact, with ``{wh}`` where its question word goes
    ("{wh} did the Government announce plans...?"), checked for grammar; or ""."""
    wh_key: str = ""
    """The [wh] wording key of the question word ("PERSON", "DATE", "WHERE"...)."""


@dataclass
class Sentence:
    """A sentence of a passage with its facts; ``skip`` says why no question may use it."""

    start: int
    end: int
    paragraph: int
    passage_start: int
    passage_end: int
    facts: list[Fact] = field(default_factory=list)
    skip: str | None = None
    pronoun_subject: bool = False
    """The main subject is a bare pronoun ("He said..."): see ``anchors``."""
    anchors: list[tuple[int, int]] = field(default_factory=list)
    """Proper nouns and entities of the sentence, which pin down what it is about."""
    negated: str = ""
    """The sentence with its main statement negated (a false true/false statement), or ""."""
    quoted: bool = False
    """Mostly the words of a quotation: asked only as written (a blank, a true statement),
    never reworded into a question or a false statement."""


@dataclass
class ArticleFacts:
    """The analysed article: its sentences and its named entities by type."""

    sentences: list[Sentence]
    entities: dict[str, list[str]]
    """Names and numbers by type (majority label), from sentences that are not noise."""

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (what the quiz analyser stores)."""
        return {"sentences": [asdict(s) for s in self.sentences], "entities": self.entities}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleFacts:
        """Rebuild from :meth:`to_json` output."""
        sentences = []
        for raw in data["sentences"]:
            values = dict(raw)
            values["facts"] = [Fact(**f) for f in values["facts"]]
            values["anchors"] = [tuple(a) for a in values["anchors"]]
            sentences.append(Sentence(**values))
        return cls(sentences, {k: list(v) for k, v in data["entities"].items()})

    def phrases(self) -> list[Fact]:
        """The noun-phrase facts of the sentences a question may use."""
        return [f for s in self.sentences if not s.skip for f in s.facts if f.label == "PHRASE"]
