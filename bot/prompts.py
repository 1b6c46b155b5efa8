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
        "metadata.author": {"title", "author", "role"},
        "metadata.author_unknown": {"title"},
        "metadata.publication": {"title", "publication"},
        "metadata.publication_unknown": {"title"},
        "metadata.published": {"title", "published"},
        "metadata.published_unknown": {"title"},
        "metadata.title": {"title"},
    },
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
