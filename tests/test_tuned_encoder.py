"""The tuned encoder (``bot/encoders/tuned.py``): a shipped delta matches its recipe and
the bundled model, and adding a delta to the unpacked model changes exactly what it
names. (No delta ships yet: the shipped-file tests skip until one does.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file

from bot.encoders import tuned
from bot.encoders.locate import model_id_for, resolve_model_path, unpack_bundled_model
from bot.encoders.tuned import DELTA_PATH, WEIGHTS_FILE, apply_delta, recipe, tuned_model_folder
from bot.errors import ConfigError
from bot.settings import TUNED_MODEL

NAME = "encoder.layer.0.attention.self.query.bias"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def _delta(folder: Path, **arrays: np.ndarray) -> Path:
    path = folder / "delta.npz"
    np.savez(path, **arrays)
    return path


shipped = pytest.mark.skipif(not DELTA_PATH.exists(), reason="no encoder delta ships yet")


@shipped
def test_the_shipped_delta_is_the_one_its_recipe_describes() -> None:
    about = recipe()
    assert hashlib.sha256(DELTA_PATH.read_bytes()).hexdigest() == about["sha256"]
    with np.load(DELTA_PATH) as diffs:
        assert sum(diffs[n].size for n in diffs.files) == about["parameters"]
        assert all(diffs[n].dtype == np.float16 for n in diffs.files)
        assert all(n.endswith(("bias", "weight")) for n in diffs.files)


@shipped
def test_the_shipped_delta_fits_the_bundled_model(cache: Path) -> None:
    base = load_file(str(unpack_bundled_model(cache) / WEIGHTS_FILE))
    with np.load(DELTA_PATH) as diffs:
        for name in diffs.files:
            assert base[name].shape == diffs[name].shape, name
    assert recipe()["base_model"] == unpack_bundled_model(cache).name


def test_adding_a_delta_changes_only_the_tensors_it_names(cache: Path, tmp_path: Path) -> None:
    base_folder = unpack_bundled_model(cache)
    base = load_file(str(base_folder / WEIGHTS_FILE))
    diff = np.full(base[NAME].shape, 0.25, np.float16)
    folder = tuned_model_folder(cache, _delta(tmp_path, **{NAME: diff}))
    assert folder != base_folder and (folder / "config.json").exists()
    tuned = load_file(str(folder / WEIGHTS_FILE))
    assert np.allclose(tuned[NAME], base[NAME] + 0.25)
    assert all(np.array_equal(tuned[k], base[k]) for k in base if k != NAME)
    assert load_file(str(base_folder / WEIGHTS_FILE))[NAME].tolist() == base[NAME].tolist()
    again = tuned_model_folder(cache, tmp_path / "delta.npz")  # made once, then reused
    assert again == folder


def test_a_delta_for_another_model_is_refused_with_a_reason(cache: Path, tmp_path: Path) -> None:
    weights = tmp_path / WEIGHTS_FILE
    weights.write_bytes((unpack_bundled_model(cache) / WEIGHTS_FILE).read_bytes())
    with pytest.raises(ConfigError, match="does not fit"):
        apply_delta(weights, _delta(tmp_path, **{"no.such.bias": np.zeros(3, np.float16)}))
    with pytest.raises(ConfigError, match="another shape"):
        apply_delta(weights, _delta(tmp_path, **{NAME: np.zeros(3, np.float16)}))


def test_the_tuned_model_has_its_own_id_and_folder(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tuned, "DELTA_PATH", _delta(tmp_path, **{NAME: np.ones(384, np.float16)}))
    assert model_id_for(TUNED_MODEL).startswith(TUNED_MODEL + "-")
    assert model_id_for(TUNED_MODEL) != model_id_for("all-MiniLM-L6-v2")
    folder = resolve_model_path(TUNED_MODEL, cache)
    assert folder.name.endswith(model_id_for(TUNED_MODEL).rsplit("-", 1)[1])


def test_without_a_delta_the_tuned_model_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tuned, "DELTA_PATH", tmp_path / "missing.npz")
    with pytest.raises(ConfigError, match="FOOTNOTE_MODEL=all-MiniLM-L6-v2 "):
        model_id_for(TUNED_MODEL)
