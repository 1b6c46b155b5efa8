"""Which question a follow-up follows: a small, bounded, in-memory map.

The Discord adapter remembers, for each answer message and each thread the bot
answered in, the question that was answered there. A reply to that answer (or a
new question in that thread) is then asked with ``previous=`` that question, so
"and what about 5G?" is read as a follow-up. Keys are plain integers (message or
thread ids); nothing here knows about Discord. Entries are forgotten least
recently used first once ``max_entries`` is reached; a restart forgets them all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class ConversationMemory:
    """A bounded LRU map ``id -> last question``. Thread-safe."""

    def __init__(self, max_entries: int = 5_000) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._questions: OrderedDict[int, str] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key: int, question: str) -> None:
        """Record ``question`` as the last one asked under ``key`` (an answer or thread id)."""
        with self._lock:
            self._questions[key] = question
            self._questions.move_to_end(key)
            while len(self._questions) > self.max_entries:
                self._questions.popitem(last=False)

    def previous(self, key: int) -> str | None:
        """The last question asked under ``key``, or None if unknown or forgotten."""
        with self._lock:
            question = self._questions.get(key)
            if question is not None:
                self._questions.move_to_end(key)
            return question

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._questions

    def __len__(self) -> int:
        with self._lock:
            return len(self._questions)


def context_after(question: str, previous: str | None, declined: bool) -> str:
    """What a later follow-up should build on once ``question`` has been answered.

    An answered question becomes the new context; a declined one leaves the
    earlier context in place (as ``footnote chat`` does), so one miss does not
    break the thread of the conversation.
    """
    if declined and previous:
        return previous
    return question
