"""Fixtures of the hostile-input suite: the fast fake model everywhere, a library with
articles in it, and a clean ``footnote`` logger after every test."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot.service
from bot.embed import HashingEncoder
from bot.service import Footnote
from tests.hostile.support import HARBOUR, library_root


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """``footnote`` run in-process builds Footnote(settings): give it the fast fake encoder."""
    monkeypatch.setattr(bot.service, "make_encoder", lambda *a, **k: HashingEncoder())


@pytest.fixture(autouse=True)
def restore_footnote_logger() -> Iterator[None]:
    """main() points the 'footnote' logger at a file when it meets a bug: undo that."""
    logger = logging.getLogger("footnote")
    handlers, propagate = list(logger.handlers), logger.propagate
    yield
    for handler in logger.handlers[:]:
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.propagate = propagate


@pytest.fixture
def stocked(app: Footnote, hermetic_env: Path) -> Path:
    """The default library with the seed article and one more; returns its folder."""
    result = app.add_text("default", HARBOUR)
    assert result.status == "added" and result.article.id == 2
    return library_root(hermetic_env)
