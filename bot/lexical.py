"""Lexical (BM25) search over passages, and the word normalisation it shares.

Words are lower-cased, hyphens dropped ("self-harm" and "selfharm" match, as
pasted newspaper text often loses them), English stop words removed, and a
light suffix stemmer folds plurals and verb endings.

BM25 is kept as postings per run of passages (:class:`Postings`, one per index
segment), so adding an article indexes only its passages; the collection
statistics (passage count, document frequencies, average length) are taken over
the live passages when a query is scored, so scores equal a BM25 index rebuilt
from scratch over the same passages (the Lucene variant ``bm25s`` computes:
k1 = 1.5, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5))).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.spelling import NearWords

TOKENIZER_VERSION = 4
"""Bumped whenever :func:`tokenize` changes its output: stems stored at ingest (see
:mod:`bot.answering.sentences`) and the index files' postings (:mod:`bot.index_file`)
are then recomputed. 3: an initialism written with full stops is one word ("U.S." is
"us" as "US" is, "D.C." is "dc"; it was "u" and "d c"), and "USA" is "us". 4: verbs of a
short stem meet their forms ("sued", "suing" are "sue"; "used", "died", "lying" ...)."""

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


# Irregular forms a suffix stemmer cannot fold ("sent" is "send", "children" "child"), and
# the forms of verbs too short for it ("sued", "suing"): questions often use another form
# of the article's verb ("Who did they send...?", "why is the ftc suing").
_IRREGULAR_PAIRS = """
arose arise awoke awake bore bear beaten beat became become began begin begun begin bent bend
bitten bite bled bleed blew blow blown blow broke break broken break bred breed brought bring
built build burnt burn bought buy caught catch chose choose chosen choose came come crept creep
dealt deal dug dig drew draw drawn draw drank drink drunk drink drove drive driven drive ate eat
eaten eat fell fall fallen fall fed feed felt feel fought fight found find fled flee flew fly
flown fly forbade forbid forgot forget forgotten forget forgave forgive froze freeze frozen
freeze got get gotten get gave give given give went go gone go grew grow grown grow hung hang
heard hear hid hide hidden hide held hold kept keep knelt kneel knew know known know laid lay
led lead leapt leap left leave lent lend lit light lost lose made make meant mean met meet
paid pay ran run rang ring rung ring rose rise risen rise sought seek sold sell sent send shook
shake shaken shake shot shoot shown show shrank shrink sang sing sung sing sank sink sunk sink
sat sit slept sleep slid slide spoke speak spoken speak spent spend spun spin sprang spring
stood stand stole steal stolen steal stuck stick stung sting struck strike strove strive swore
swear sworn swear swept sweep swam swim swum swim swung swing took take taken take taught teach
tore tear torn tear told tell thought think threw throw thrown throw understood understand woke
wake woken wake wore wear worn wear wove weave won win withdrew withdraw withdrawn withdraw wrote
write written write overtook overtake undertook undertake undertaken undertake overcame overcome
children child men man women woman feet foot teeth tooth mice mouse geese goose
sued sue suing sue used use using use died die dying die tied tie tying tie lied lie lying lie
owed owe owing owe eyed eye aged age aging age axed axe dyed dye seen see vying vie
"""
_IRREGULAR = dict(zip(_IRREGULAR_PAIRS.split()[::2], _IRREGULAR_PAIRS.split()[1::2], strict=True))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English suffix stemmer: enough to fold plurals and common verb forms, and
    the commonest irregular ones (:data:`_IRREGULAR`)."""
    word = _IRREGULAR.get(word, word)
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
    else:
        suffix = ""
    # promote / promotes / promoted all end as "promot"; vote / voted as "vot"; but the e
    # left by "agreed" minus "ed" is the second e of "agree"
    if len(word) > 3 and word.endswith("e") and not (suffix.startswith("e") and not keep):
        word = word[:-1]
    # One final consonant, whether or not a suffix went: running / run, stopped / stop, and
    # also boycotting / boycott, falling / fall, passed / pass all meet.
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` with hyphens and apostrophes folded away. An
    initialism written with full stops is one word ("U.S." is "us" as "US" is, "D.C."
    "dc"), and "USA" is "us" too."""
    text = text.lower()
    if "." in text:
        text = _DOTTED.sub(_undotted, text)
    if "usa" in text:
        text = _USA.sub("us", text)
    return [w.translate(_JOINERS) if "-" in w or "'" in w or "’" in w else w
            for w in _TOKEN.findall(text)]


_JOINERS = str.maketrans("", "", "-'’")
_DOTTED = re.compile(r"(?<![\w.])[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")
"""Single letters joined by full stops: "U.S.", "D.C.", "a.m.", the "U.S" of "U.S-based"."""
_USA = re.compile(r"(?<![\w'’])usa(?![\w'’])")


def _undotted(match: re.Match[str]) -> str:
    """The letters of a dotted initialism, then a space: "u.s.-led" is "us -led"."""
    return match.group().replace(".", "") + " "


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words in any case, any spacing between them ("helen marsh"
    finds "Helen  Marsh")."""
    return re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b", re.I)


def tokenize(text: str) -> list[str]:
    """Content-word stems of ``text`` (stop words removed), for BM25 and overlap scores."""
    if len(text) <= _SHORT:  # titles, names, entities: read again on every question
        return list(_tokenize_short(text))
    return [stem(w) for w in words(text) if w not in STOPWORDS]


_SHORT = 200


def stem_pairs(stems: Sequence[str]) -> Iterator[str]:
    """Each pair of stems that follow each other, as one string ("harbour bridg"; a stem
    holds no space). Strings rather than tuples: a question reads the pairs of dozens of
    passages, and kept as tuples they were most of what the garbage collector walked."""
    return (f"{a} {b}" for a, b in itertools.pairwise(stems))


@lru_cache(maxsize=16384)
def _tokenize_short(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text) if w not in STOPWORDS)


K1 = 1.5
B = 0.75
EMPTY = "\u2205"
"""The token of a passage with no content words (so it still counts in the statistics)."""


class Vocabulary:
    """Term ids shared by every postings run of one library (it only ever grows).

    Sharing them makes merging runs a matter of concatenating arrays. Lookups need no
    lock (a dict read is atomic); adding terms is serialised.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()

    @classmethod
    def of(cls, terms: Sequence[str]) -> Vocabulary:
        """A vocabulary whose ids are the positions of ``terms``."""
        vocabulary = cls()
        vocabulary._ids = {t: i for i, t in enumerate(terms)}
        if len(vocabulary._ids) != len(terms):
            raise ValueError("a term is listed twice")
        return vocabulary

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, token: str) -> int | None:
        """The id of a token, or None when no run ever held it."""
        return self._ids.get(token)

    def terms(self) -> list[str]:
        """Every token any run ever held (some may be in no live passage now)."""
        with self._lock:
            return list(self._ids)

    def ids(self, tokens: Sequence[str]) -> list[int]:
        """Ids of ``tokens``, new ones added."""
        with self._lock:
            return [self._ids.setdefault(t, len(self._ids)) for t in tokens]


@dataclass(frozen=True)
class Postings:
    """BM25 postings of a run of passages: per term, the passages holding it and how often.

    Immutable; ``docs`` are positions within the run (0..n-1), grouped by term id
    (``indptr[t]:indptr[t + 1]``, ids from ``vocabulary``) and ascending within a term.
    """

    vocabulary: Vocabulary
    indptr: np.ndarray
    docs: np.ndarray
    tfs: np.ndarray
    lengths: np.ndarray
    """Tokens per passage (float32)."""

    @property
    def size(self) -> int:
        """How many passages the run holds."""
        return len(self.lengths)

    @classmethod
    def from_texts(cls, texts: Sequence[str], vocabulary: Vocabulary | None = None) -> Postings:
        """Postings of passages given by their text."""
        vocabulary = vocabulary if vocabulary is not None else Vocabulary()
        return cls.from_columns(vocabulary, *postings_columns(texts, vocabulary))

    @classmethod
    def from_columns(cls, vocabulary: Vocabulary, term_ids: np.ndarray, docs: np.ndarray,
                     tfs: np.ndarray, lengths: np.ndarray) -> Postings:
        """Postings of one entry per (term id, passage position, count) and the token
        count of each passage (the columns :func:`postings_columns` gives, of one batch
        or of several appended with their positions shifted)."""
        if len(docs) > 1 and bool(np.all(docs[1:] >= docs[:-1])):
            # passages in order: sorting by term alone (stably) keeps them so, and costs
            # far less memory than a two-key sort of millions of entries
            order = np.argsort(term_ids, kind="stable")
        else:
            order = np.lexsort((docs, term_ids))
        span = int(term_ids.max()) + 1 if len(term_ids) else 0
        indptr = np.zeros(span + 1, np.int64)
        np.cumsum(np.bincount(term_ids, minlength=span), out=indptr[1:])
        return cls(vocabulary, indptr, docs[order].astype(np.int32), tfs[order], lengths)

    @classmethod
    def merge(cls, parts: Sequence[tuple[Postings, np.ndarray]]) -> Postings:
        """One run made of ``parts`` (of one vocabulary) in order, each keeping only the
        passages its mask keeps."""
        all_terms, all_docs, all_tfs, lengths = [], [], [], []
        base = 0
        for postings, keep in parts:
            renumber = np.cumsum(keep) - 1 + base  # old position -> new (where kept)
            term_of = np.repeat(np.arange(len(postings.indptr) - 1), np.diff(postings.indptr))
            kept = keep[postings.docs]
            all_terms.append(term_of[kept])
            all_docs.append(renumber[postings.docs[kept]])
            all_tfs.append(postings.tfs[kept])
            lengths.append(postings.lengths[keep])
            base += int(np.count_nonzero(keep))
        return cls.from_columns(parts[0][0].vocabulary, _cat(all_terms, np.int64),
                            _cat(all_docs, np.int64), _cat(all_tfs, np.float32),
                            _cat(lengths, np.float32))

    def term(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """``(docs, tfs)`` of one token (empty when the run lacks it)."""
        t = self.vocabulary.get(token)
        if t is None or t >= len(self.indptr) - 1:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        a, b = self.indptr[t], self.indptr[t + 1]
        return self.docs[a:b], self.tfs[a:b]


def postings_columns(
    texts: Sequence[str], vocabulary: Vocabulary, first: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(term ids, positions, counts, lengths)`` of passages given by their text, the
    first at position ``first``: one entry per distinct term of a passage, in passage
    order (new terms get ids in the order they are met), and each passage's token count
    (a passage with no content word counts one :data:`EMPTY`)."""
    corpus = [tokenize(t) or [EMPTY] for t in texts]
    counts = [Counter(tokens) for tokens in corpus]
    term_ids = np.array(vocabulary.ids([t for c in counts for t in c]), np.int64)
    docs = np.repeat(np.arange(first, first + len(counts), dtype=np.int64),
                     [len(c) for c in counts])
    tfs = np.array([n for c in counts for n in c.values()], np.float32)
    return term_ids, docs, tfs, np.array([len(c) for c in corpus], dtype=np.float32)


def _cat(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(arrays).astype(dtype) if arrays else np.zeros(0, dtype)


def bm25_idf(n: int, df: int) -> float:
    """BM25's inverse document frequency of a word ``df`` of ``n`` passages hold (rare
    words weigh more; a word none holds most)."""
    if not df:
        return math.log(1 + (n + 0.5) / 0.5)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class LexicalIndex:
    """BM25 scores of a query against every live passage, over one or more postings runs.

    ``parts`` pairs each run with the row of each of its passages in the caller's
    order (-1 for a passage that is gone: it neither scores nor counts).
    """

    def __init__(
        self, texts: Sequence[str] | None = None, *,
        parts: Sequence[tuple[Postings, np.ndarray]] | None = None, size: int | None = None,
    ) -> None:
        if parts is None:
            postings = Postings.from_texts(texts or [])
            parts = [(postings, np.arange(postings.size, dtype=np.int64))]
            size = postings.size
        self.size = int(size if size is not None else sum(int((r >= 0).sum()) for _, r in parts))
        self._parts = [(p, rows) for p, rows in parts if p.size]
        live = sum(float(p.lengths[rows >= 0].sum()) for p, rows in self._parts)
        self._avgdl = live / self.size if self.size else 1.0
        self._df: dict[str, int] = {}
        self._near: NearWords | None = None  # built on the first misspelling
        self._near_lock = threading.Lock()

    def _df_of(self, token: str) -> int:
        df = self._df.get(token)
        if df is None:
            df = 0
            for postings, rows in self._parts:
                docs, _ = postings.term(token)
                df += int(np.count_nonzero(rows[docs] >= 0))
            self._df[token] = df
        return df

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per passage row (zeros when no query word is known)."""
        return self.scores_for(tokenize(query))

    def scores_for(self, tokens: Sequence[str]) -> np.ndarray:
        """One BM25 score per passage row for already tokenized (and mended) query words."""
        out = np.zeros(self.size, dtype=np.float32)
        for token in tokens:  # a repeated word counts again, as in bm25s
            if not self._df_of(token):
                continue
            idf = self.idf(token)
            for postings, rows in self._parts:
                docs, tfs = postings.term(token)
                if not len(docs):
                    continue
                where = rows[docs]
                live = where >= 0
                tf = tfs[live]
                norm = K1 * ((1 - B) + B * postings.lengths[docs[live]] / self._avgdl)
                out[where[live]] += (idf * tf / (norm + tf)).astype(np.float32)
        return out

    def idf(self, token: str) -> float:
        """Inverse document frequency of a token (rare words weigh more); unseen words most."""
        return bm25_idf(self.size, self._df_of(token))

    def knows(self, token: str) -> bool:
        """Whether any passage contains ``token``."""
        return self._df_of(token) > 0

    def passage_count(self, token: str) -> int:
        """How many live passages contain ``token``."""
        return self._df_of(token)

    def correct(self, token: str) -> str | None:
        """The library's word that ``token`` is most likely a misspelling of, or None.

        One edit apart (a letter missing, extra, changed or two swapped: "goverment",
        "helicoptres"), for words of five letters or more, or else the end of a longer
        word ("copter" for "helicopter"); the commonest such word wins. The index of
        one-letter deletions is built once per index, on the first unknown word. A word
        with the token's first letter is preferred to one without.
        """
        if len(token) < 5 or token.isdigit() or self.knows(token):
            return None
        with self._near_lock:
            if self._near is None:
                self._near = NearWords(self._terms())
            near = self._near
        found = {w for w in near.one_edit_from(token) if self.knows(w)}
        if not found:  # a clipped form: "copter" for "helicopter" (words ending with it)
            found = {w for w in near.ending_with(token)
                     if len(w) > len(token) + 2 and self.knows(w)}
        if not found:
            return None
        # a misspelling seldom changes the first letter: "gover" ("goverment") is "govern"
        # ("government"), not the commoner "cover"
        found = {w for w in found if w[0] == token[0]} or found
        return min(found, key=lambda w: (self.idf(w), w))

    def _terms(self) -> list[str]:
        if not self._parts:
            return []
        return self._parts[0][0].vocabulary.terms()

