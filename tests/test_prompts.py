"""The wording files in prompts/: present, complete, and every placeholder known."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import prompts
from bot.errors import ConfigError

PROMPT_FILES = sorted(prompts.PROMPTS_DIR.glob("*.toml"))


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    prompts.load.cache_clear()
    yield
    prompts.load.cache_clear()


def strings(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def test_there_are_prompt_files() -> None:
    names = [p.stem for p in PROMPT_FILES]
    assert "answers" in names
    assert set(prompts.REQUIRED) <= set(names)


@pytest.mark.parametrize("path", PROMPT_FILES, ids=lambda p: p.name)
def test_every_prompt_file_parses_and_validates(path: Path, fresh_cache: None) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    assert data
    assert prompts.validate(path.stem, data) == []
    for where, template in strings(data):
        # every string is a usable str.format template (no stray braces)
        list(string.Formatter().parse(template))
        assert template.strip(), f"{path.name}: {where} is empty"
    if path.stem in prompts.REQUIRED:
        assert prompts.load(path.stem) == data


@pytest.mark.parametrize("name", sorted(prompts.REQUIRED))
def test_required_templates_format_with_their_placeholders(name: str) -> None:
    data = prompts.load(name)
    for dotted, allowed in prompts.REQUIRED[name].items():
        section, key = dotted.split(".")
        text = data[section][key].format(**{p: f"<{p}>" for p in allowed})
        assert "{" not in text and "}" not in text


def test_metadata_templates_use_what_the_code_passes() -> None:
    """metadata_answers formats with title/author/role/publication/published/url/lead only;
    the library listing's head (and the latest's) with count/articles/first/shown."""
    passed = {"title", "author", "role", "publication", "published", "url", "lead"}
    data = prompts.load("answers")["metadata"]
    for key, template in data.items():
        wanted = {"count", "articles", "first", "shown"} if key in ("library", "latest") \
            else passed
        assert prompts.placeholders(template) <= wanted, key


def test_placeholders() -> None:
    assert prompts.placeholders("“{title}” by {author}{role} [1].") == {"title", "author", "role"}
    assert prompts.placeholders("no fields, {{escaped}}") == set()
    assert prompts.placeholders("{x!r:>10}") == {"x"}


def _answers() -> dict[str, object]:
    return tomllib.loads((prompts.PROMPTS_DIR / "answers.toml").read_text("utf-8"))


def test_unknown_placeholder_is_reported() -> None:
    data = _answers()
    data["metadata"]["author"] = "{title} was written by {writer}{role}"  # type: ignore[index]
    problems = prompts.validate("answers", data)
    assert problems == ["answers.toml: metadata.author uses unknown placeholders ['writer']"]


def test_missing_and_empty_keys_are_reported() -> None:
    data = _answers()
    del data["decline"]["text"]  # type: ignore[attr-defined]
    data["metadata"]["title"] = "   "  # type: ignore[index]
    problems = prompts.validate("answers", data)
    assert "answers.toml: decline.text is missing or empty" in problems
    assert "answers.toml: metadata.title is missing or empty" in problems
    assert len(problems) == 2
    assert prompts.validate("answers", {}) != []
    assert len(prompts.validate("answers", {})) == len(prompts.REQUIRED["answers"])


@pytest.mark.parametrize("broken", ["{title", "title}", "{title!}"])
def test_malformed_template_is_reported_not_raised(broken: str) -> None:
    data = _answers()
    data["metadata"]["title"] = broken  # type: ignore[index]
    problems = prompts.validate("answers", data)
    assert len(problems) == 1 and problems[0].startswith("answers.toml: metadata.title")


def test_unknown_prompt_file_has_no_requirements() -> None:
    assert prompts.validate("something-else", {"a": {"b": "{anything}"}}) == []


def test_load_reports_broken_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    monkeypatch.setattr(prompts, "PROMPTS_DIR", tmp_path)
    with pytest.raises(ConfigError, match="Could not read the wording file"):
        prompts.load("answers")
    (tmp_path / "answers.toml").write_text("[decline\ntext = 1", "utf-8")
    with pytest.raises(ConfigError, match="Could not read the wording file"):
        prompts.load("answers")
    (tmp_path / "answers.toml").write_text('[decline]\ntext = "x {oops}"\n', "utf-8")
    with pytest.raises(ConfigError) as info:
        prompts.load("answers")
    assert "decline.text uses unknown placeholders ['oops']" in str(info.value)
    assert "metadata.author is missing or empty" in str(info.value)
