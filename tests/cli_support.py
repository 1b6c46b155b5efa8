"""Fixtures shared by the in-process CLI tests (tests/test_cli.py, tests/hostile/)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

import bot.service
from tests.fakes import HashingEncoder


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
