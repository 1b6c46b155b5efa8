"""Loads the wording in ``prompts/`` (TOML files) and checks it is complete."""

from __future__ import annotations

import string
import tomllib
from functools import lru_cache

from bot.errors import ConfigError
from bot.shipped import shipped_dir

PROMPTS_DIR = shipped_dir("prompts")
"""``prompts/`` of the checkout, or its copy inside an installed package (bot/_shipped/)."""

REQUIRED: dict[str, dict[str, set[str]]] = {
    "answers": {
        "decline.text": set(),
        "decline.empty_library": set(),
        "hedge.text": {"answer"},
        "small_talk.greeting": {"count", "articles"},
        "small_talk.thanks": set(),
        "small_talk.help": {"count", "articles"},
        "small_talk.bye": set(),
        "small_talk.ack": set(),
        "small_talk.doubt": set(),
        "small_talk.language": set(),
        "small_talk.quiz": {"count", "articles"},
        "small_talk.task": {"count", "articles"},
        "more.source": {"title", "quote"},
        "mentions.found": {"thing", "found", "count", "listed"},
        "mentions.found_only": {"thing", "listed"},
        "mentions.none": {"thing"},
        "follow_up.speaker": {"name"},
        "follow_up.speaker_named": {"name"},
        "follow_up.person": {"name"},
        "follow_up.no_speaker": set(),
        "follow_up.no_age": {"title", "name"},
        "metadata.author": {"title", "author", "role"},
        "metadata.author_unknown": {"title"},
        "metadata.publication": {"title", "publication"},
        "metadata.publication_unknown": {"title"},
        "metadata.published": {"title", "published"},
        "metadata.published_unknown": {"title"},
        "metadata.title": {"title"},
        "metadata.link": {"title", "url"},
        "metadata.link_unknown": {"title"},
        "metadata.link_none": set(),
        "metadata.summary": {"title", "lead"},
        "metadata.summary_unknown": {"title"},
    },
}


def _same(section: str, keys: str, allowed: str = "") -> dict[str, set[str]]:
    """Several keys of one section that take the same placeholders."""
    return {f"{section}.{key}": set(allowed.split()) for key in keys.split()}


REQUIRED["quiz"] = {  # the quiz's wording (bot/quiz/wording.py reads it)
    **_same("question", "blank"),
    **_same("question", "multiple_choice_blank fill_blank", "sentence"),
    **_same("question", "multiple_choice_wh short_answer", "question"),
    **_same("question", "true_false", "statement"),
    **_same("question", "article", "title"),
    **_same("wh", "PERSON ORG GPE CARDINAL MONEY PERCENT DATE WHERE THING default"),
    **_same("feedback", "right wrong true_false_wrong timed_out skipped", "answer"),
    **_same("feedback", "source", "title paragraph quote"),
    **_same("feedback", "finished stopped", "correct total asked"),
    **_same("grade", "exact option wrong_option unknown_option unknown_true_false typo "
                     "surname day meaning wrong wrong_name wrong_number empty"),
    **_same("grade", "too_long", "limit"),
    **_same("help", "grading"),
    **_same("notes", "fewer_exist", "requested scope available"),
    **_same("notes", "fewer_fit", "count available"),
    **_same("notes", "asked", "requested"),
    **_same("notes", "scope_library scope_article"),
    **_same("terminal", "intro", "questions"),
    **_same("terminal", "checking true_false_hint"),
    **_same("terminal", "record", "correct answered quizzes"),
    **_same("terminal", "question_one question_many quiz_one quiz_many multiple_choice_one "
                        "multiple_choice_many fill_blank_one fill_blank_many short_answer_one "
                        "short_answer_many true_false_one true_false_many", "n"),
    **_same("errors", "question_closed time_up already_answered not_your_quiz no_quiz "
                      "quiz_finished quiz_stopped quiz_running no_questions unusable_answer "
                      "not_allowed empty_answer"),
    **_same("errors", "answer_too_long", "limit"),
}


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def validate(name: str, data: dict[str, object]) -> list[str]:
    """Every problem with a prompts file against :data:`REQUIRED` (empty when fine)."""
    problems = []
    for dotted, allowed in REQUIRED.get(name, {}).items():
        node: object = data
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, str) or not node.strip():
            problems.append(f"{name}.toml: {dotted} is missing or empty")
            continue
        try:
            unknown = placeholders(node) - allowed
        except ValueError as exc:  # "{title" or a stray "}": str.format would fail later
            problems.append(f"{name}.toml: {dotted} is not a valid template ({exc})")
            continue
        if unknown:
            problems.append(f"{name}.toml: {dotted} uses unknown placeholders {sorted(unknown)}")
    return problems


@lru_cache(maxsize=8)
def load(name: str) -> dict[str, dict[str, str]]:
    """The prompts file ``prompts/<name>.toml``, validated."""
    path = PROMPTS_DIR / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Could not read the wording file {path}: {exc}") from exc
    problems = validate(name, data)
    if problems:
        raise ConfigError("; ".join(problems))
    return data
