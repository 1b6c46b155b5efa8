"""Fixtures of the hostile-input suite: the fast fake model everywhere, a library with
articles in it, and a clean ``footnote`` logger after every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import Footnote
from tests.cli_support import fake_model, restore_footnote_logger  # noqa: F401 (fixtures)
from tests.hostile.support import HARBOUR, library_root


@pytest.fixture
def stocked(app: Footnote, hermetic_env: Path) -> Path:
    """The default library with the seed article and one more; returns its folder."""
    result = app.add_text("default", HARBOUR)
    assert result.status == "added" and result.article.id == 2
    return library_root(hermetic_env)
