"""The README's two set-up commands, ``.ci/run`` and ``constraints.txt`` agree.

CI runs exactly the README's test command on a clean clone, and both commands install
with ``-c constraints.txt``: the releases the answers were last measured with. A
dependency added to ``pyproject.toml`` without a pinned release, or a pin outside the
range the project asks for, would let a fresh machine drift again.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    """The commands of the README's first two bash blocks."""
    blocks = re.findall(r"```bash\n(.*?)\n```", (ROOT / "README.md").read_text("utf-8"), re.S)
    return [block.strip() for block in blocks[:2]]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def test_ci_runs_exactly_the_readme_test_command() -> None:
    try_it, tests = _readme_commands()
    assert "footnote ask" in try_it and "pytest" in tests
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    assert ci_lines[-1] == tests


def test_both_readme_commands_install_the_pinned_releases() -> None:
    for command in _readme_commands():
        assert "pip install" in command and "-c constraints.txt" in command, command


def test_every_dependency_is_pinned_within_the_range_the_project_asks_for() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"],
              *(r for extra in project["optional-dependencies"].values() for r in extra)]
    pins = _pins()
    assert len(wanted) > 20
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} has no pin in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pins[name]}, outside {text!r}")
