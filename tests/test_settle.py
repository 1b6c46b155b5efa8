"""A big library, once loaded, takes what is alive out of the collector's full passes, and
gives it back when it closes."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from bot import library as library_module
from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder


@pytest.mark.parametrize("articles_to_settle", [2, 3])
def test_a_big_library_freezes_its_objects_until_it_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, articles_to_settle: int,
) -> None:
    app = Footnote(Settings(data_dir=tmp_path), encoder=HashingEncoder())
    app.add_text("news", "Bus fares rise in York.\n\nThe council said so.", title="Fares")
    app.add_text("news", "The harbour wall will be repaired.", title="Harbour")
    app.close()
    monkeypatch.setattr(library_module, "SETTLE_ARTICLES", articles_to_settle)
    gc.unfreeze()
    reopened = Footnote(Settings(data_dir=tmp_path), encoder=HashingEncoder())
    lib = reopened.library("news")
    assert len(lib.snapshot().articles) == 2
    settled = articles_to_settle <= 2
    assert (gc.get_freeze_count() > 0) == settled
    lib.close()
    assert gc.get_freeze_count() == 0
    reopened.close()
