"""Lexical (BM25) search over passages, and the word normalisation it shares.

Words are lower-cased, hyphens dropped ("self-harm" and "selfharm" match, as
pasted newspaper text often loses them), English stop words removed, and a
light suffix stemmer folds plurals and verb endings.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

# Words are compared after words() folds apostrophes away, so contractions are listed
# folded ("what's" -> "whats"); those that fold into real words ("we'll" -> "well") are not.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are arent as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t also said says say whose
    isnt wasnt werent dont doesnt didnt couldnt wouldnt shouldnt hasnt havent hadnt
    im ive youre youve theyre theyve weve hes shes thats theres whats whos wheres whens
    whys hows""".split()
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English suffix stemmer: enough to fold plurals and common verb forms."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, keep in (
        ("ational", "ate"), ("ization", "ize"), ("iveness", "ive"), ("fulness", "ful"),
        ("ousness", "ous"), ("ations", "ate"), ("ation", "ate"), ("ments", ""), ("ment", ""),
        ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"), ("edly", ""), ("ed", ""),
        ("ly", ""), ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: len(word) - len(suffix)] + keep
            break
    # promote / promotes / promoted all end as "promot"
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    # One final consonant, whether or not a suffix went: running / run, stopped / stop, and
    # also boycotting / boycott, falling / fall, passed / pass all meet.
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` with hyphens and apostrophes folded away."""
    return [re.sub(r"[-'’]", "", w) for w in _TOKEN.findall(text.lower())]


def tokenize(text: str) -> list[str]:
    """Content-word stems of ``text`` (stop words removed), for BM25 and overlap scores."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


class LexicalIndex:
    """BM25 scores of a query against every passage (``bm25s`` under the hood)."""

    def __init__(self, texts: list[str]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG
        self.size = len(texts)
        self._retriever = None
        corpus = [tokenize(t) or ["\u2205"] for t in texts]
        df = Counter(token for doc in corpus for token in set(doc))
        self._idf = {t: math.log(1 + (self.size - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self._unseen_idf = math.log(1 + (self.size + 0.5) / 0.5)
        if corpus:
            retriever = bm25s.BM25()
            retriever.index(corpus, show_progress=False)
            self._retriever = retriever

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per passage, in the order the texts were given."""
        if self._retriever is None:
            return np.zeros(self.size, dtype=np.float32)
        tokens = tokenize(query)
        vocab = self._retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def idf(self, token: str) -> float:
        """Inverse document frequency of a token (rare words weigh more); unseen words most."""
        return self._idf.get(token, self._unseen_idf)

    def knows(self, token: str) -> bool:
        """Whether any passage contains ``token``."""
        return token in self._idf
