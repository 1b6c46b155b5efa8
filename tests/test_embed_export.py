"""Making the ONNX copy: where it is cached, other models, and falling back to torch."""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from onnx import load as load_onnx

from bot.embed import Encoder, OnnxEncoder, SentenceTransformerEncoder
from bot.encoders import onnx_export
from bot.encoders.locate import MODEL_PACKAGE, publish_folder, unpack_bundled_model
from bot.encoders.onnx_backend import onnx_folder
from bot.encoders.onnx_export import MODEL_FILE, SPEC_FILE, UnsupportedModel, read_layout
from bot.settings import DEFAULT_MODEL, STOCK_MODEL, Settings

TEXTS = ["Who is Simon Bailey?", "Police chiefs want a boycott of social media.", "",
         "Café crème à Zürich", "What did he say about 5G?"]


def model_copy(tmp_path: Path, pooling: dict[str, bool]) -> Path:
    """A local model folder: the bundled weights (linked, not copied) with other pooling."""
    source = unpack_bundled_model(Settings().cache_dir)
    folder = tmp_path / "my-model"
    folder.mkdir()
    for item in source.iterdir():
        if item.is_file():
            os.symlink(item, folder / item.name)
    (folder / "1_Pooling").mkdir()
    config = {"word_embedding_dimension": 384, "pooling_mode_cls_token": False,
              "pooling_mode_mean_tokens": False, "pooling_mode_max_tokens": False,
              "pooling_mode_mean_sqrt_len_tokens": False, **pooling}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(config))
    return folder


# --- where the copy lives ---------------------------------------------------------------

def test_the_copy_sits_beside_the_unpacked_model(tmp_path: Path) -> None:
    folder = onnx_folder(STOCK_MODEL, tmp_path)
    version = importlib.metadata.version(MODEL_PACKAGE)
    assert folder.parent == tmp_path / "models"
    assert folder.name.startswith(f"all-MiniLM-L6-v2-{version}.onnx-")


def test_a_new_package_version_makes_a_new_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = onnx_folder(STOCK_MODEL, tmp_path)
    real = importlib.metadata.version
    for package in (MODEL_PACKAGE, "onnxruntime", "torch", "transformers"):
        monkeypatch.setattr(importlib.metadata, "version",
                            lambda name, p=package: "99.0" if name == p else real(name))
        assert onnx_folder(STOCK_MODEL, tmp_path) != before, package
    monkeypatch.setattr(importlib.metadata, "version", real)
    assert onnx_folder(STOCK_MODEL, tmp_path) == before


def test_a_local_model_changed_in_place_makes_a_new_copy(tmp_path: Path) -> None:
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    first = onnx_folder(str(folder), tmp_path / "cache")
    assert first.name.startswith("local-local-")
    assert onnx_folder(str(folder), tmp_path / "cache") == first
    (folder / "config.json").write_text('{"changed": true}')
    assert onnx_folder(str(folder), tmp_path / "cache") != first


def test_publishing_keeps_the_copy_another_process_finished_first(tmp_path: Path) -> None:
    target, staging = tmp_path / "copy", tmp_path / ".export-1"
    target.mkdir()
    (target / "model.onnx").write_text("theirs")
    staging.mkdir()
    (staging / "model.onnx").write_text("ours")
    publish_folder(staging, target)
    assert (target / "model.onnx").read_text() == "theirs"
    fresh = tmp_path / "new"
    publish_folder(staging, fresh)
    assert (fresh / "model.onnx").read_text() == "ours" and not staging.exists()


# --- what can be exported -------------------------------------------------------------

@pytest.mark.parametrize(("pooling", "mode"), [
    ({"pooling_mode_mean_tokens": True}, "mean"),
    ({"pooling_mode_cls_token": True}, "cls"),
    ({"pooling_mode_max_tokens": True}, "max"),
])
def test_pooling_modes_are_read(tmp_path: Path, pooling: dict[str, bool], mode: str) -> None:
    layout = read_layout(model_copy(tmp_path, pooling))
    assert layout.pooling == mode and layout.max_seq_length == 256


@pytest.mark.parametrize("pooling", [
    {"pooling_mode_mean_sqrt_len_tokens": True},
    {"pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": True},
    {},
])
def test_other_poolings_are_refused_by_name(tmp_path: Path, pooling: dict[str, bool]) -> None:
    with pytest.raises(UnsupportedModel, match="pooling"):
        read_layout(model_copy(tmp_path, pooling))


def test_extra_modules_are_refused_by_name(tmp_path: Path) -> None:
    folder = model_copy(tmp_path, {"pooling_mode_mean_tokens": True})
    modules = json.loads((folder / "modules.json").read_text())
    modules.append({"idx": 3, "name": "3", "path": "3_Dense",
                    "type": "sentence_transformers.models.Dense"})
    (folder / "modules.json").unlink()
    (folder / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(UnsupportedModel, match="Dense"):
        read_layout(folder)


@pytest.mark.model
def test_another_bert_model_is_exported_and_agrees_with_sentence_transformers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local model with CLS pooling goes through the whole export, into a fresh cache,
    in a child process (this one never runs the exporter, so never needs torch)."""
    def not_here(*args: object) -> None:
        raise AssertionError("the export ran in the encoding process")

    monkeypatch.setattr(onnx_export, "export_onnx", not_here)
    folder = model_copy(tmp_path, {"pooling_mode_cls_token": True})
    cache = tmp_path / "cache"
    onnx = OnnxEncoder(str(folder), cache)
    with caplog.at_level(logging.WARNING):
        vectors = onnx.encode(TEXTS)
    assert onnx.backend == "onnx" and caplog.records == []
    copy = onnx_folder(str(folder), cache)
    assert json.loads((copy / SPEC_FILE).read_text())["pooling"] == "cls"
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no staging left behind
    ops = {n.op_type for n in load_onnx(str(copy / MODEL_FILE)).graph.node}
    assert "QAttention" in ops and not ops & {"SkipLayerNormalization", "BiasGelu"}
    expected = SentenceTransformerEncoder(str(folder), cache).encode(TEXTS)
    assert (vectors * expected).sum(axis=1).min() >= 0.98
    assert onnx.model_id == SentenceTransformerEncoder(str(folder), cache).model_id


@pytest.mark.model
def test_a_model_that_cannot_be_exported_runs_on_torch_and_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = model_copy(tmp_path, {"pooling_mode_mean_sqrt_len_tokens": True})
    encoder = OnnxEncoder(str(folder), tmp_path / "cache")
    with caplog.at_level(logging.WARNING):
        vectors = encoder.encode(TEXTS)
    assert encoder.backend == "torch"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "torch" in warnings[0] and "pooling" in warnings[0]
    expected = SentenceTransformerEncoder(str(folder), tmp_path / "cache").encode(TEXTS)
    np.testing.assert_allclose(vectors, expected, atol=1e-5)


@pytest.mark.model
def test_a_damaged_copy_falls_back_to_torch_and_names_the_folder(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, real_encoder: Encoder,
    torch_encoder: SentenceTransformerEncoder,
) -> None:
    good = onnx_folder(DEFAULT_MODEL, Settings().cache_dir)  # real_encoder made or found it
    cache = tmp_path / "cache"
    broken = onnx_folder(DEFAULT_MODEL, cache)
    shutil.copytree(good, broken)
    (broken / "model.onnx").write_bytes(b"\x08\x07not really a model")
    encoder = OnnxEncoder(DEFAULT_MODEL, cache)
    with caplog.at_level(logging.WARNING):
        vectors = encoder.encode(TEXTS)
    assert encoder.backend == "torch"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and str(broken) in warnings[0]
    np.testing.assert_allclose(vectors, torch_encoder.encode(TEXTS), atol=1e-5)


def test_the_first_preparation_of_the_model_is_said_on_the_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """The one-off ONNX export (15-30 s) is announced in one plain line on stderr, not
    waited through in silence; stdout (``ask --json``) stays clean."""
    import subprocess

    from bot.cli.app import _show_progress

    ran: list[list[str]] = []

    def fake_run(cmd: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(onnx_export.subprocess, "run", fake_run)
    progress = logging.getLogger("footnote.progress")
    monkeypatch.setattr(progress, "handlers", [])
    _show_progress()
    onnx_export.export_in_child(STOCK_MODEL, tmp_path, tmp_path / "out", "int8")
    out, err = capsys.readouterr()
    assert ran and out == ""
    assert err.startswith("footnote: Preparing the embedding model all-MiniLM-L6-v2")
