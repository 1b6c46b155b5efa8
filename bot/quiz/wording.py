"""The quiz's user-facing wording: a typed view of ``prompts/quiz.toml``.

The file is read and checked by the one wording loader, :func:`bot.prompts.load`
(its ``REQUIRED`` table lists every quiz key and the placeholders each may use);
this module only gives the sections names and adds the two lookups the quiz needs
(a question word by answer type, a count with its noun).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot import prompts


@dataclass(frozen=True)
class QuizWording:
    """All quiz wording, one mapping per TOML section (``question``, ``wh``, ``feedback``...)."""

    question: Mapping[str, str]
    wh: Mapping[str, str]
    feedback: Mapping[str, str]
    grade: Mapping[str, str]
    errors: Mapping[str, str]
    help: Mapping[str, str]
    notes: Mapping[str, str]
    terminal: Mapping[str, str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> QuizWording:
        """The wording from a loaded and validated ``quiz.toml``."""
        return cls(**{name: dict(data[name]) for name in cls.__dataclass_fields__})

    def wh_word(self, key: str) -> str:
        """The question word for an answer of this kind ("who", "how many"...)."""
        return self.wh.get(key) or self.wh["default"]

    def count(self, noun: str, n: int) -> str:
        """"1 question", "2 quizzes", "3 true/false questions": ``noun`` is a key prefix
        of the [terminal] section (``question``, ``quiz``, a question kind)."""
        key = f"{noun}_one" if n == 1 else f"{noun}_many"
        return self.terminal[key].format(n=n)


@lru_cache(maxsize=1)
def default_wording() -> QuizWording:
    """The wording from ``prompts/quiz.toml`` (read and checked by :func:`bot.prompts.load`)."""
    return QuizWording.from_data(prompts.load("quiz"))
