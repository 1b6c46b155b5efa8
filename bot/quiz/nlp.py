"""The spaCy English word list the grader uses (the pipeline itself is :mod:`bot.nlp`)."""

from __future__ import annotations

import threading

from bot.errors import ConfigError
from bot.nlp import SPACY_MODEL, get_nlp

_nlp_lock = threading.Lock()
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


