"""Where the files Footnote ships with are, and where its data goes by default.

``prompts/`` (wording) and ``seeds/`` (the articles a new library starts with)
sit at the top of a checkout. A wheel has no checkout around it, so the build
(``setup.py``) copies both into the package as ``bot/_shipped/``; here they are
found with :mod:`importlib.resources` either way.

Data: a checkout keeps its libraries in ``index/`` beside the code (what a
developer expects); an installed Footnote uses the user's data folder
(``~/.local/share/footnote`` on Linux), never a folder inside site-packages.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout this package sits in (meaningless for an installed wheel: see is_checkout)."""

Shipped = Literal["prompts", "seeds"]


def is_checkout() -> bool:
    """True when running from a source checkout (editable install or the tests), not a wheel."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "prompts").is_dir()


def shipped_dir(name: Shipped) -> Path:
    """The folder ``prompts`` or ``seeds``: the checkout's own, else the copy in the package."""
    if is_checkout():
        return PROJECT_ROOT / name
    return Path(str(files("bot").joinpath("_shipped", name)))


def default_data_dir() -> Path:
    """Where libraries live unless FOOTNOTE_DATA_DIR or --data-dir say otherwise."""
    if is_checkout():
        return PROJECT_ROOT / "index"
    return platformdirs.user_data_path("footnote", appauthor=False)
