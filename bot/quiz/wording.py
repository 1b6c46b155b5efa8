"""The quiz's user-facing wording, loaded from ``prompts/quiz.toml`` and checked."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.errors import ConfigError
from bot.shipped import shipped_dir

DEFAULT_PATH = shipped_dir("prompts") / "quiz.toml"

# section -> key -> (placeholders the engine passes, placeholders the text must use)
_SCHEMA: dict[str, dict[str, tuple[frozenset[str], frozenset[str]]]] = {}


def _spec(allowed: str = "", required: str = "") -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(allowed.split()), frozenset(required.split())


_SCHEMA["question"] = {
    "blank": _spec(),
    "multiple_choice_blank": _spec("sentence", "sentence"),
    "multiple_choice_wh": _spec("question", "question"),
    "fill_blank": _spec("sentence", "sentence"),
    "short_answer": _spec("question", "question"),
    "true_false": _spec("statement", "statement"),
}
_SCHEMA["wh"] = {key: _spec() for key in ("PERSON", "ORG", "GPE", "default")}
_SCHEMA["feedback"] = {
    "right": _spec("answer"),
    "wrong": _spec("answer", "answer"),
    "true_false_wrong": _spec("answer", "answer"),
    "timed_out": _spec("answer", "answer"),
    "skipped": _spec("answer", "answer"),
    "source": _spec("title paragraph quote", "quote"),
    "finished": _spec("correct total asked"),
    "stopped": _spec("correct total asked"),
}
_SCHEMA["grade"] = {
    key: _spec() for key in (
        "exact", "option", "wrong_option", "unknown_option", "unknown_true_false", "typo",
        "surname", "meaning", "wrong", "wrong_name", "wrong_number", "empty",
    )
}
_SCHEMA["grade"]["too_long"] = _spec("limit")
_SCHEMA["errors"] = {
    key: _spec() for key in (
        "question_closed", "time_up", "already_answered", "not_your_quiz", "no_quiz",
        "quiz_finished", "quiz_stopped", "quiz_running", "no_questions", "empty_answer",
    )
}
_SCHEMA["errors"]["answer_too_long"] = _spec("limit", "limit")


@dataclass(frozen=True)
class QuizWording:
    """All quiz wording, one mapping per TOML section (``question``, ``wh``, ``feedback``...)."""

    question: Mapping[str, str]
    wh: Mapping[str, str]
    feedback: Mapping[str, str]
    grade: Mapping[str, str]
    errors: Mapping[str, str]

    def wh_word(self, answer_type: str) -> str:
        """The question word for a blanked subject of this entity type ("who", "what"...)."""
        base = answer_type.split("_")[0]  # "PERSON_OBJECT" falls back to "PERSON"
        return self.wh.get(answer_type) or self.wh.get(base) or self.wh["default"]


def _fields(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ConfigError(f"Quiz wording template {template!r} is malformed: {exc}") from exc


def parse_wording(data: Mapping[str, object], source: str = "quiz.toml") -> QuizWording:
    """Check a parsed TOML mapping against the schema and build :class:`QuizWording`."""
    problems: list[str] = []
    sections: dict[str, dict[str, str]] = {}
    for section, keys in _SCHEMA.items():
        raw = data.get(section)
        if not isinstance(raw, Mapping):
            problems.append(f"missing section [{section}]")
            continue
        values: dict[str, str] = {}
        for key, value in raw.items():
            if not isinstance(value, str):
                problems.append(f"[{section}] {key} must be a string")
                continue
            values[str(key)] = value
        for key, (allowed, required) in keys.items():
            if key not in values:
                problems.append(f"missing [{section}] {key}")
                continue
            fields = _fields(values[key])
            if fields - allowed:
                problems.append(
                    f"[{section}] {key} uses unknown placeholder(s) {sorted(fields - allowed)}"
                )
            if required - fields:
                problems.append(f"[{section}] {key} must contain {sorted(required - fields)}")
        sections[section] = values
    if problems:
        raise ConfigError(f"The quiz wording file {source} is incomplete: " + "; ".join(problems))
    return QuizWording(**sections)


def load_wording(path: Path | str | None = None) -> QuizWording:
    """Load and validate the quiz wording (``prompts/quiz.toml`` by default).

    Raises :class:`~bot.errors.ConfigError` naming every missing key or bad placeholder.
    """
    file = Path(path) if path is not None else DEFAULT_PATH
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"The quiz wording file {file} is missing.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The quiz wording file {file} is not valid TOML: {exc}") from exc
    return parse_wording(data, str(file))


@lru_cache(maxsize=1)
def default_wording() -> QuizWording:
    """The wording from ``prompts/quiz.toml``, loaded once."""
    return load_wording()
