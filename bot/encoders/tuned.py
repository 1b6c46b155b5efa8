"""Footnote's tuned encoder: the bundled all-MiniLM-L6-v2 plus a fine-tuned weight delta
(``FOOTNOTE_RANKING_MODEL``'s default: the rankers' second encoder, :mod:`bot.answering.ranking`;
also ``FOOTNOTE_MODEL=all-MiniLM-L6-v2-footnote``, which docs/benchmarks.md "Stop 30"
advises against).

``bench/finetune_encoder.py --save-delta`` fine-tunes only the model's biases and
LayerNorm weights (31,104 numbers) to rank the sentence that answers a question above
its neighbours, and writes what it changed as named fp16 differences
(``bot/data/encoder_delta.npz``, with its recipe and data hashes in
``encoder_delta.json``). Here the delta is added to the unpacked bundled model once, into
its own folder in the cache (named by the delta's hash, so a new delta makes a new folder
and a new ONNX copy); both backends then load that folder like any local model. Only
numpy and safetensors are needed: no torch.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

import numpy as np

from bot.encoders.locate import bundled_model_name, publish_folder, unpack_bundled_model
from bot.errors import ConfigError

DELTA_PATH = Path(__file__).resolve().parent.parent / "data" / "encoder_delta.npz"
WEIGHTS_FILE = "model.safetensors"


def delta_tag(path: Path | None = None) -> str:
    """A short hash of the delta file, the shipped one unless ``path`` (names the tuned
    folder and the model id)."""
    return _tag(path or DELTA_PATH)


@cache
def _tag(path: Path) -> str:
    if not path.exists():
        raise ConfigError(
            f"The tuned encoder all-MiniLM-L6-v2-footnote (FOOTNOTE_RANKING_MODEL's default, "
            f"or FOOTNOTE_MODEL) needs its delta ({path}), which this install does not have; "
            "set FOOTNOTE_RANKING_MODEL=same and FOOTNOTE_MODEL=all-MiniLM-L6-v2 (the bundled "
            "model alone).")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def tuned_folder_name(delta: Path | None = None) -> str:
    """The tuned model's folder name in the cache (the bundled one's, plus the delta's
    hash): the ONNX copy is named after it too."""
    return f"{bundled_model_name()}-footnote-{delta_tag(delta)}"


def recipe() -> dict:
    """What ``encoder_delta.json`` records: how the delta was made, on which data."""
    return json.loads(DELTA_PATH.with_suffix(".json").read_text("utf-8"))


def apply_delta(weights: Path, delta: Path) -> int:
    """Add the named differences in ``delta`` to the safetensors file ``weights`` in
    place; returns how many numbers changed. A name the weights lack, or a shape that
    differs, is a :class:`ConfigError` (the delta was made for another model)."""
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file

    with safe_open(str(weights), "np") as handle:
        metadata = handle.metadata()
    tensors = load_file(str(weights))
    changed = 0
    with np.load(delta, allow_pickle=False) as diffs:
        for name in diffs.files:
            diff = diffs[name]
            base = tensors.get(name)
            if base is None or base.shape != diff.shape:
                raise ConfigError(
                    f"The encoder delta {delta} does not fit the bundled model ({name!r} "
                    f"{'is missing' if base is None else 'has another shape'}).")
            tensors[name] = (base.astype(np.float32) + diff.astype(np.float32)).astype(base.dtype)
            changed += diff.size
    save_file(tensors, str(weights), metadata=metadata)
    return changed


def tuned_model_folder(cache_dir: Path, delta: Path | None = None) -> Path:
    """The bundled model with the delta added, made once in ``cache_dir`` (in a staging
    folder renamed into place, so a run killed half way leaves nothing broken)."""
    delta = delta or DELTA_PATH
    base = unpack_bundled_model(cache_dir)
    target = cache_dir / "models" / tuned_folder_name(delta)
    if (target / "config.json").exists():
        return target
    staging = Path(tempfile.mkdtemp(prefix=".tune-", dir=target.parent))
    try:
        shutil.copytree(base, staging, dirs_exist_ok=True)
        apply_delta(staging / WEIGHTS_FILE, delta)
        publish_folder(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
