"""How FOOTNOTE_MODEL is read: bundled model, local folder or hub id (never fetched here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.embed import (
    SentenceTransformerEncoder,
    bundled_model_zip,
    is_hub_id,
    resolve_model_path,
)
from bot.errors import ConfigError


def test_bundled_model_is_found_without_importing_its_package() -> None:
    import sys

    assert bundled_model_zip().name == "model.zip"
    assert "all_minilm_l6_v2" not in sys.modules  # importing it prints a line


@pytest.mark.parametrize(("setting", "hub"), [
    ("sentence-transformers/all-mpnet-base-v2", True),
    ("BAAI/bge-small-en-v1.5", True),
    ("all-MiniLM-L6-v2", False),
    ("/opt/models/x", False),
    ("./models/x", False),
    ("~/models/x", False),
])
def test_hub_ids_are_told_apart_from_paths(setting: str, hub: bool) -> None:
    assert is_hub_id(setting) is hub


def test_model_ids_name_where_the_model_comes_from(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert SentenceTransformerEncoder("all-MiniLM-L6-v2", cache).model_id == "all-MiniLM-L6-v2"
    assert SentenceTransformerEncoder("org/model", cache).model_id == "hub:org/model"
    one, two = tmp_path / "a" / "model", tmp_path / "b" / "model"
    one.mkdir(parents=True)
    two.mkdir(parents=True)
    ids = {SentenceTransformerEncoder(str(p), cache).model_id for p in (one, two)}
    assert len(ids) == 2 and all(i.startswith("local:model:") for i in ids)


def test_a_missing_local_folder_is_a_clear_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="FOOTNOTE_MODEL"):
        resolve_model_path(str(tmp_path / "nowhere"), tmp_path)
