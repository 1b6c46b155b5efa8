"""Follow-ups: the previous turn a question leans on, and a small memory of them.

A :class:`Turn` is what a follow-up needs of the exchange before it: the
question and the sentences the answer quoted (where they stand in which
article). "Who said that?" reads the speaker of the quoted sentence, "what's
his name?" the person it is about, and "and what about 5G?" is searched with
the earlier question's words. :meth:`bot.service.Footnote.ask` takes one as
``previous=`` (a plain string still works: it is the previous question).

The Discord adapter remembers, for each answer message and each thread the bot
answered in, the turn answered there (:class:`ConversationMemory`); a reply to
that answer, or a new question in that thread, is asked with it. Keys are plain
integers (message or thread ids); nothing here knows about Discord. Entries are
forgotten least recently used first once ``max_entries`` is reached; a restart
forgets them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.lru import Bounded
from bot.models import Answer


@dataclass(frozen=True)
class Quoted:
    """One sentence span an answer quoted: ``article.text[start:end]``."""

    article_id: int
    start: int
    end: int


@dataclass(frozen=True)
class Turn:
    """The previous exchange: the question, and what its answer quoted."""

    question: str
    quoted: tuple[Quoted, ...] = ()

    @classmethod
    def of(cls, answer: Answer) -> Turn:
        """The turn an answer makes (its question and its citations' spans)."""
        return cls(
            answer.question,
            tuple(Quoted(c.article_id, c.start, c.end) for c in answer.citations),
        )


def as_turn(previous: Turn | str | None) -> Turn | None:
    """``previous`` as a :class:`Turn` (a string is the previous question alone)."""
    if previous is None or isinstance(previous, Turn):
        return previous
    text = previous.strip()
    return Turn(text) if text else None


class ConversationMemory(Bounded[int, "Turn | str"]):
    """A bounded LRU map ``id -> last turn`` (or last question). Thread-safe."""

    def __init__(self, max_entries: int = 5_000) -> None:
        super().__init__(max_entries)

    @property
    def max_entries(self) -> int:
        """How many turns are kept at most."""
        return self.limit

    def remember(self, key: int, turn: Turn | str) -> None:
        """Record ``turn`` as the last one under ``key`` (an answer or thread id)."""
        self.put(key, turn)

    def previous(self, key: int) -> Turn | str | None:
        """The last turn under ``key``, or None if unknown or forgotten."""
        return self.get(key)


def context_after(
    question: str | Answer, previous: Turn | str | None, declined: bool | None = None
) -> Turn | str:
    """What a later follow-up should build on once ``question`` has been answered.

    Given the :class:`Answer`, the new context is its :class:`Turn` (question and
    quotes); given a question string, that string. A declined answer leaves the
    earlier context in place, so one miss does not break the thread of the
    conversation.
    """
    if isinstance(question, Answer):
        declined = question.declined if declined is None else declined
        current: Turn | str = Turn.of(question)
    else:
        current = question
    if declined and previous:
        return previous
    return current
