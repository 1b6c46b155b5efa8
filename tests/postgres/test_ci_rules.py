"""Where no PostgreSQL server answers, its tests are skipped with the reason printed, except
in CI (``CI`` set), where they fail: CI must never pass without running them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.settings import PROJECT_ROOT
from tests.postgres.support import URL_VARIABLE, free_port

ONE_TEST = "tests/test_store.py::test_new_store_is_empty"


def run_pytest(**env: str) -> subprocess.CompletedProcess[str]:
    """The store suite's first test on both backends, in a pytest of its own."""
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", URL_VARIABLE)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", ONE_TEST],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300, env={**clean, **env},
    )


@pytest.mark.parametrize("ci", [False, True])
def test_no_server_is_a_printed_skip_or_in_ci_a_failure(ci: bool) -> None:
    nowhere = f"postgresql://postgres@127.0.0.1:{free_port()}/none"
    done = run_pytest(**{URL_VARIABLE: nowhere, **({"CI": "1"} if ci else {})})
    assert "PostgreSQL tests not run: " in done.stdout and "cannot be reached" in done.stdout
    if ci:
        assert done.returncode == 1, done.stdout
        assert "1 passed" in done.stdout and "1 error" in done.stdout
        assert "the PostgreSQL tests must run" in done.stdout
    else:
        assert done.returncode == 0, done.stdout
        assert "1 passed, 1 skipped" in done.stdout
