"""How FOOTNOTE_MODEL and FOOTNOTE_EMBED_BACKEND are read: bundled model, local folder or
hub id (never fetched here), run through ONNX Runtime or torch."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.embed import (
    OnnxEncoder,
    SentenceTransformerEncoder,
    bundled_model_zip,
    is_hub_id,
    make_encoder,
    resolve_model_path,
)
from bot.errors import ConfigError
from bot.service import Footnote
from bot.settings import load_settings


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


# --- choosing the backend -------------------------------------------------------------

def test_the_backend_setting_picks_the_encoder(tmp_path: Path) -> None:
    assert isinstance(make_encoder("all-MiniLM-L6-v2", tmp_path), OnnxEncoder)
    assert isinstance(make_encoder("all-MiniLM-L6-v2", tmp_path, backend="onnx"), OnnxEncoder)
    torch = make_encoder("all-MiniLM-L6-v2", tmp_path, backend="torch")
    assert isinstance(torch, SentenceTransformerEncoder)


@pytest.mark.parametrize("model", ["all-MiniLM-L6-v2", "org/model", "LOCAL"])
def test_both_backends_record_the_same_model_id(tmp_path: Path, model: str) -> None:
    if model == "LOCAL":
        model = str(tmp_path / "folder")
        Path(model).mkdir()
    ids = {make_encoder(model, tmp_path, backend=b).model_id for b in ("onnx", "torch")}
    assert len(ids) == 1


def test_the_service_builds_the_encoder_the_settings_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOOTNOTE_EMBED_BACKEND", "torch")
    monkeypatch.setenv("FOOTNOTE_TORCH_THREADS", "3")  # the older name is still read
    settings = load_settings()
    assert settings.embed_backend == "torch" and settings.encoder_threads == 3
    encoder = Footnote(settings).encoder
    assert isinstance(encoder, SentenceTransformerEncoder) and encoder._threads == 3
    monkeypatch.delenv("FOOTNOTE_EMBED_BACKEND")
    monkeypatch.setenv("FOOTNOTE_ENCODER_THREADS", "1")  # the new name wins
    settings = load_settings()
    assert settings.embed_backend == "onnx" and settings.encoder_threads == 1
    assert isinstance(Footnote(settings).encoder, OnnxEncoder)


@pytest.mark.parametrize(("env", "value"), [
    ("FOOTNOTE_EMBED_BACKEND", "tensorflow"), ("FOOTNOTE_ENCODER_THREADS", "0"),
    ("FOOTNOTE_ENCODER_THREADS", "many"),
])
def test_a_bad_encoder_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError, match=env):
        load_settings()
