"""The immutable view of a library that searches run against.

A :class:`Snapshot` is a few index segments (:mod:`bot.segments`) plus which of
their rows are live, and the articles; its passages (in id order) are read from the
segments' arrays when asked for. Readers use its
methods; a change makes a new snapshot that shares every untouched segment with
the old one (copy-on-write), so a reader holding the old one never sees half of a
change, and no search waits for a writer.

"Rows" are positions in :attr:`Snapshot.passages` (live passages, ascending id);
"slots" number every passage of every segment, live or dead, segment after segment.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from bot.analysis import Analyser
from bot.lexical import LexicalIndex, Vocabulary, tokenize
from bot.lru import Bounded
from bot.models import Article, Passage
from bot.segment_builder import PassageColumns, segment_of
from bot.segments import Segment, merge_segments
from bot.storage.base import ArticleRecord
from bot.tuning import ANALYSES_KEPT, ARTICLE_WORDS_KEPT, PASSAGES_MADE

COMPACT_DEAD_SHARE = 0.5
"""A segment more than half dead is rebuilt from its live rows at the next change."""


class PositionMap(Mapping[int, int]):
    """Passage id -> row, read from the sorted array of row ids (no dict of every id)."""

    def __init__(self, ids: np.ndarray) -> None:
        self._ids = ids

    def __getitem__(self, passage_id: int) -> int:
        row = int(np.searchsorted(self._ids, passage_id))
        if row < len(self._ids) and self._ids[row] == passage_id:
            return row
        raise KeyError(passage_id)

    def __iter__(self) -> Iterator[int]:
        return iter(int(i) for i in self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class PassageView(Sequence[Passage]):
    """The live passages of a snapshot in id order, each made when read from its
    segment's arrays (its text cut from its article's)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snap = snapshot
        self._made = snapshot._passages_made

    def __len__(self) -> int:
        return len(self._snap.ids)

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        row = int(row)
        made = self._made.get(row)
        if made is not None:
            return made
        if row < 0:
            return self[row + len(self)]
        if not 0 <= row < len(self):
            raise IndexError(row)
        snap = self._snap
        which, position = snap.segment_position(row)
        passage = snap.segments[which].meta.passage(position, int(snap.ids[row]),
                                                    snap.article_text)
        if len(self._made) >= PASSAGES_MADE:
            self._made.clear()
        self._made[row] = passage
        return passage

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} passages>"


class DenseView:
    """The dense side of a snapshot as one index by passage id (tests and tools)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snap = snapshot
        self._made = snapshot._passages_made
        self.dim = snapshot.dim

    def __len__(self) -> int:
        return len(self._snap.passages)

    def ids(self) -> np.ndarray:
        """Every searchable passage id, ascending."""
        return self._snap.ids.copy()

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest ``(scores, passage ids)``."""
        scores, rows = self._snap.dense_search(query, k)
        return scores, self._snap.ids[rows]


def _offsets(sizes: Sequence[int]) -> np.ndarray:
    out = np.zeros(len(sizes) + 1, np.int64)
    np.cumsum(sizes, out=out[1:])
    return out


@dataclass(frozen=True)
class Snapshot:
    """An immutable, searchable view of one library at one generation."""

    generation: int
    articles: dict[int, Article]
    segments: tuple[Segment, ...]
    alive: tuple[np.ndarray, ...]
    """Per segment, which of its rows are live."""
    dim: int
    ids: np.ndarray
    """Passage id of each row (ascending)."""
    row_slot: np.ndarray
    slot_row: np.ndarray
    """Row of each slot, -1 for a dead one."""
    bases: np.ndarray
    """First slot of each segment (and the slot count at the end)."""
    lexical: LexicalIndex
    article_passages: dict[int, np.ndarray]
    """Article id -> its passage ids, ascending."""
    exact_limit: int
    vocabulary: Vocabulary
    """The library's term ids, shared by every segment's postings."""
    analyse: Callable[[int, Analyser], Any] | None = None
    """Reads (or computes once and stores) one analysis of an article."""
    _dead: tuple[np.ndarray, ...] = ()
    _words: Bounded[int, ArticleWords] = field(
        default_factory=lambda: Bounded(ARTICLE_WORDS_KEPT))
    _analyses: Bounded[tuple[int, str], Any] = field(
        default_factory=lambda: Bounded(ANALYSES_KEPT))
    _passages_made: dict[int, Passage] = field(default_factory=dict)
    """Passages made lately by :class:`PassageView` (a question reads the same twenty or
    so several times; forgotten all at once past :data:`PASSAGES_MADE`). Held here, not
    by a view the snapshot keeps: that would be a reference cycle, and a closed
    library's snapshot would then wait for the cycle collector to free its arrays."""

    # building ---------------------------------------------------------------------------
    @classmethod
    def assemble(
        cls, *, generation: int, articles: dict[int, Article], segments: Sequence[Segment],
        alive: Sequence[np.ndarray], dim: int, exact_limit: int,
        article_passages: dict[int, np.ndarray], analyse: Callable[[int, Analyser], Any] | None,
        vocabulary: Vocabulary,
    ) -> Snapshot:
        """A snapshot over ``segments`` (``alive`` marks their live rows)."""
        bases = _offsets([s.size for s in segments])
        if segments:
            slot_ids = np.concatenate([s.ids for s in segments])
            live_slots = np.flatnonzero(np.concatenate(alive))
        else:
            slot_ids = live_slots = np.zeros(0, np.int64)
        ids = slot_ids[live_slots]
        if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):
            order = np.argsort(ids, kind="stable")
            live_slots, ids = live_slots[order], ids[order]
        slot_row = np.full(int(bases[-1]), -1, np.int64)
        slot_row[live_slots] = np.arange(len(live_slots))
        lexical = LexicalIndex(
            parts=[(s.postings, slot_row[bases[i]:bases[i + 1]]) for i, s in enumerate(segments)],
            size=len(ids),
        )
        return cls(
            generation=generation, articles=articles, segments=tuple(segments),
            alive=tuple(alive), dim=dim, ids=ids,
            row_slot=live_slots.astype(np.int64), slot_row=slot_row, bases=bases,
            lexical=lexical, article_passages=article_passages, exact_limit=exact_limit,
            vocabulary=vocabulary, analyse=analyse, _dead=tuple(np.flatnonzero(~a) for a in alive),
        )

    @classmethod
    def empty(cls, dim: int, exact_limit: int,
              analyse: Callable[[int, Analyser], Any] | None = None) -> Snapshot:
        """A snapshot of an empty library at generation 0."""
        return cls.assemble(generation=0, articles={}, segments=[], alive=[],
                            dim=dim, exact_limit=exact_limit, article_passages={},
                            analyse=analyse, vocabulary=Vocabulary())

    @classmethod
    def load(
        cls, generation: int, records: Iterable[ArticleRecord], *, dim: int, exact_limit: int,
        analyse: Callable[[int, Analyser], Any] | None = None,
        base: tuple[np.ndarray, Any, int] | None = None, vocabulary: Vocabulary | None = None,
    ) -> Snapshot:
        """A snapshot of a whole library read from its store at ``generation``.

        ``records`` are consumed once, in batches (:class:`PassageColumns`): however big
        the library, no more than a batch of them is held at a time.
        ``base`` is ``(passage ids, dense index, generation)`` read from the index file:
        it becomes the first segment as it is (ids no longer stored are dead rows), and
        only the passages it lacks are indexed anew.
        """
        vocabulary = vocabulary if vocabulary is not None else Vocabulary()
        columns = PassageColumns(dim, vocabulary)
        articles: dict[int, Article] = {}
        by_article: dict[int, np.ndarray] = {}

        def noted() -> Iterator[ArticleRecord]:
            for record in records:
                articles[record.article.id] = record.article
                by_article[record.article.id] = np.array([p.id for p in record.passages],
                                                         np.int64)
                yield record

        columns.read(noted())
        stored = columns.stored_ids()
        segments: list[Segment] = []
        alive: list[np.ndarray] = []
        rest: np.ndarray | None = None  # (None: every stored passage, as taken in)
        if base is not None:
            ids, dense, upto = base
            segments.append(columns.segment(exact_limit, ids=ids, dense=dense, upto=upto))
            alive.append(np.isin(ids, stored))
            rest = stored[~np.isin(stored, ids)]
        if len(stored if rest is None else rest):
            segments.append(columns.segment(exact_limit, ids=rest, upto=generation))
            alive.append(np.ones(segments[-1].size, bool))
        del columns
        segments, alive = _settle(segments, alive, exact_limit)
        return cls.assemble(
            generation=generation, articles=articles, segments=segments, alive=alive, dim=dim,
            exact_limit=exact_limit, article_passages=by_article, analyse=analyse,
            vocabulary=vocabulary,
        )

    @classmethod
    def from_segment(
        cls, generation: int, segment: Segment, articles: Sequence[Article],
        records: Sequence[ArticleRecord], gone: frozenset[int], *, dim: int, exact_limit: int,
        vocabulary: Vocabulary, analyse: Callable[[int, Analyser], Any] | None = None,
    ) -> Snapshot:
        """A snapshot of a library from a segment read from its index files, the store's
        ``articles`` now, and the current ``records`` of the articles ``gone`` (changed
        since the files were written): those lose the segment's rows of them."""
        meta = segment.meta
        keep = np.isin(meta.article, np.array([a.id for a in articles], np.int64))
        keep &= ~np.isin(meta.article, np.array(sorted(gone), np.int64))
        owners, ids = meta.article[keep], segment.ids[keep]
        order = np.argsort(owners, kind="stable")
        owners, ids = owners[order], ids[order]
        cuts = np.flatnonzero(np.diff(owners)) + 1
        by_article = {int(group[0]): pids for group, pids in zip(
            np.split(owners, cuts), np.split(ids, cuts), strict=True) if len(group)}
        by_article.update((r.article.id, np.array([p.id for p in r.passages], np.int64))
                          for r in records)
        segments, alive = [segment], [keep]
        if any(r.passages for r in records):
            segments.append(segment_of(records, dim, exact_limit, vocabulary, upto=generation))
            alive.append(np.ones(segments[-1].size, bool))
        segments, alive = _settle(segments, alive, exact_limit)
        return cls.assemble(
            generation=generation, articles={a.id: a for a in sorted(articles, key=lambda
                                                                          a: a.id)},
            segments=segments, alive=alive, dim=dim, exact_limit=exact_limit,
            article_passages=by_article, analyse=analyse, vocabulary=vocabulary,
        )

    def changed(
        self, generation: int, records: Sequence[ArticleRecord], gone: frozenset[int],
        *, graph: bool = True,
    ) -> Snapshot:
        """The snapshot after articles ``gone`` lost their old rows and ``records`` (their
        current versions, and new articles) were added: only those rows are touched.

        Without ``graph``, a merged segment past the exact limit is searched exactly
        until its graph is built (see :func:`bot.segments.needs_graph`)."""
        gone_ids = set(gone) | {r.article.id for r in records}
        segments, alive = list(self.segments), list(self.alive)
        dead = [self.article_passages[a] for a in gone_ids if a in self.article_passages]
        if dead:
            which, local = self._locate(np.searchsorted(self.ids, np.concatenate(dead)))
            for s in np.unique(which):
                mask = alive[s].copy()
                mask[local[which == s]] = False
                alive[s] = mask
        if any(r.passages for r in records):
            segments.append(segment_of(records, self.dim, self.exact_limit, self.vocabulary,
                                       upto=generation))
            alive.append(np.ones(segments[-1].size, bool))
        segments, alive = _settle(segments, alive, self.exact_limit, graph)
        articles = {k: v for k, v in self.articles.items() if k not in gone_ids}
        articles.update((r.article.id, r.article) for r in records)
        by_article = {k: v for k, v in self.article_passages.items() if k not in gone_ids}
        by_article.update((r.article.id, np.array([p.id for p in r.passages], np.int64))
                          for r in records)
        return Snapshot.assemble(
            generation=generation, articles=dict(sorted(articles.items())), segments=segments,
            alive=alive, dim=self.dim, exact_limit=self.exact_limit,
            article_passages=by_article, analyse=self.analyse, vocabulary=self.vocabulary,
        )

    def with_segment(self, index: int, segment: Segment) -> Snapshot:
        """The same snapshot with segment ``index`` swapped for ``segment``, which must hold
        the same passages (the copy read back memory-mapped from the index files)."""
        if not np.array_equal(segment.ids, self.segments[index].ids):
            raise ValueError("the segment holds other passages")
        segments = list(self.segments)
        segments[index] = segment
        return Snapshot.assemble(
            generation=self.generation, articles=self.articles, segments=segments,
            alive=list(self.alive), dim=self.dim, exact_limit=self.exact_limit,
            article_passages=self.article_passages, analyse=self.analyse,
            vocabulary=self.vocabulary,
        )

    # reading ------------------------------------------------------------------------------
    @property
    def passages(self) -> PassageView:
        """The live passages in id order (row ``r`` is ``passages[r]``)."""
        return PassageView(self)

    def article_text(self, article_id: int) -> str:
        """The text of one article (a passage's text is a span of it)."""
        return self.articles[article_id].text

    @cached_property
    def bases_list(self) -> list[int]:
        """:attr:`bases` as Python ints (for locating one row without NumPy calls)."""
        return [int(b) for b in self.bases]

    @property
    def position(self) -> Mapping[int, int]:
        """Passage id -> row in ``passages``."""
        return PositionMap(self.ids)

    @property
    def dense(self) -> DenseView:
        """The dense index as one index by passage id."""
        return DenseView(self)

    @property
    def vectors(self) -> np.ndarray:
        """Every row's passage vector (a copy: for tests and tools, not for searching)."""
        return self.passage_vectors(np.arange(len(self.passages)))

    @property
    def sentence_vectors(self) -> list[np.ndarray]:
        """Every row's sentence vectors (a copy: for tests and tools)."""
        return [self.sentence_matrix(r) for r in range(len(self.passages))]

    def _locate(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        slots = self.row_slot[np.asarray(rows, dtype=np.int64)]
        which = np.searchsorted(self.bases, slots, side="right") - 1
        return which, slots - self.bases[which]

    def article_words(self, article_id: int) -> ArticleWords:
        """The content-word stems of one article, as a set (:class:`ArticleWords`: asking
        whether it holds a word does not tokenise the article; the last
        :data:`ARTICLE_WORDS_KEPT` asked for are kept)."""
        words = self._words.get(article_id)
        if words is None:
            words = ArticleWords(self, article_id)
            self._words.put(article_id, words)
        return words

    def articles_with(self, stem: str) -> frozenset[int]:
        """Ids of the articles whose text holds ``stem``: the same as testing
        :meth:`article_words` of every article, without reading every article.

        The articles of the live passages holding it (the lexical postings), and of
        the words outside every passage (headers: title, byline, date), indexed once
        per snapshot (:class:`OutsideWords`)."""
        outside = self._outside_words
        ids = set(self.passage_articles_with(stem))
        ids -= outside.irregular
        ids |= outside.index.get(stem, frozenset())
        ids.update(a for a in outside.irregular if stem in self.article_words(a))
        return frozenset(ids)

    def passage_articles_with(self, stem: str) -> frozenset[int]:
        """Ids of the articles with a live passage holding ``stem`` (by the lexical
        postings alone: no header is read, so nothing is indexed per snapshot)."""
        found = [
            segment.meta.article[docs[self.slot_row[self.bases[i] + docs] >= 0]]
            for i, segment in enumerate(self.segments)
            if len(docs := segment.postings.term(stem)[0])
        ]
        return frozenset(np.unique(np.concatenate(found)).tolist()) if found else frozenset()

    @cached_property
    def _outside_words(self) -> OutsideWords:
        """The words outside every article's passages, indexed once per snapshot."""
        return OutsideWords.of(self)

    def articles_titled(self, stem: str) -> frozenset[int]:
        """Ids of the articles whose title holds ``stem`` (the index is made once per
        snapshot, so naming an article costs a lookup, not a pass over every title)."""
        return self._title_index.get(stem, frozenset())

    @cached_property
    def _title_index(self) -> dict[str, frozenset[int]]:
        """Title word -> ids of the articles whose title holds it."""
        index: dict[str, set[int]] = {}
        for article in self.articles.values():
            for token in set(tokenize(article.title)):
                index.setdefault(token, set()).add(article.id)
        return {t: frozenset(ids) for t, ids in index.items()}

    def passage_vectors(self, rows: np.ndarray) -> np.ndarray:
        """The unit vectors of the passages at ``rows`` (one row each)."""
        which, local = self._locate(rows)
        out = np.empty((len(which), self.dim), np.float32)
        for s in np.unique(which):
            at = which == s
            out[at] = self.segments[s].dense.matrix()[local[at]]
        return out

    def sentence_matrix(self, row: int) -> np.ndarray:
        """The unit vectors of the sentences of the passage at ``row``, in order."""
        which, position = self.segment_position(row)
        return self.segments[which].sentences(position)

    def segment_position(self, row: int) -> tuple[int, int]:
        """The segment of the passage at ``row`` and its position there (one row: no
        arrays made, unlike :meth:`_locate`; this is on every ask)."""
        slot = int(self.row_slot[row])
        which = bisect.bisect_right(self.bases_list, slot) - 1
        return which, slot - self.bases_list[which]

    def best_sentence_cosines(self, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """For each passage at ``rows``, the highest cosine of one of its sentences to
        ``vector`` (-1 for a passage without sentences): one product per segment, over
        one float32 copy of just those passages' sentences."""
        out = np.full(len(rows), -1.0, np.float64)
        which, local = self._locate(rows)
        for s in np.unique(which).tolist():
            at = np.flatnonzero(which == s)
            offsets = self.segments[s].sentence_offsets
            counts = offsets[local[at] + 1] - offsets[local[at]]
            some = counts > 0
            if not some.any():
                continue
            gather = np.repeat(offsets[local[at]] - np.cumsum(counts) + counts, counts) \
                + np.arange(int(counts.sum()))
            cosines = self.segments[s].sentence_rows(gather) @ np.asarray(vector, np.float32)
            out[at[some]] = np.maximum.reduceat(cosines, (np.cumsum(counts) - counts)[some])
        return out

    def dense_search(
        self, query: np.ndarray, k: int, *, article_id: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` passages nearest to ``query``: ``(scores, rows)``, best first.

        With ``article_id``, only that article's passages are scored (exactly).
        """
        if article_id is not None:
            rows = self.article_rows(article_id)
            scores = self.passage_vectors(rows) @ np.asarray(query, np.float32)
            order = np.lexsort((rows, -scores))[:k]
            return scores[order].astype(np.float32), rows[order]
        found_scores, found_rows = [], []
        for i, segment in enumerate(self.segments):
            scores, local = segment.dense.search(query, k, exclude=self._dead[i])
            found_scores.append(scores)
            found_rows.append(self.slot_row[self.bases[i] + local])
        if not found_scores:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        scores, rows = np.concatenate(found_scores), np.concatenate(found_rows)
        keep = rows >= 0
        scores, rows = scores[keep], rows[keep]
        order = np.lexsort((rows, -scores))[:k]
        return scores[order].astype(np.float32), rows[order].astype(np.int64)

    def article_rows(self, article_id: int) -> np.ndarray:
        """The rows of one article's passages, in order (empty for an unknown article)."""
        pids = self.article_passages.get(article_id)
        if pids is None or not len(pids):
            return np.zeros(0, np.int64)
        return np.searchsorted(self.ids, pids).astype(np.int64)

    def analysis(self, article_id: int, analyser: Analyser, *, keep: bool = True) -> Any:
        """The stored result of ``analyser`` for one article (done once and stored; the
        last :data:`ANALYSES_KEPT` read are kept here, unless not to ``keep``: a caller
        that keeps its own parsed form would only hold a second copy in every library)."""
        key = (article_id, analyser.kind)
        found = self._analyses.get(key)
        if found is None:
            if self.analyse is None:
                raise LookupError("this snapshot has no analyses")
            found = self.analyse(article_id, analyser)
            if keep:
                self._analyses.put(key, found)
        return found


@dataclass(frozen=True)
class OutsideWords:
    """The words of a snapshot's articles that lie outside all of their live passages
    (headers, mostly), by word: with the passages' postings they give each article's words.

    An article with a passage boundary between two non-space characters (a word could be
    cut in two there, so its passages' words need not be the article's) is ``irregular``:
    its words are read from its text instead."""

    index: dict[str, frozenset[int]]
    irregular: frozenset[int]

    @classmethod
    def of(cls, snapshot: Snapshot) -> OutsideWords:
        """Index the text outside the passages of every article of ``snapshot``."""
        owners, starts, ends = [], [], []
        for i, segment in enumerate(snapshot.segments):
            local = np.flatnonzero(snapshot.slot_row[snapshot.bases[i]:snapshot.bases[i + 1]]
                                   >= 0)
            owners.append(segment.meta.article[local])
            starts.append(segment.meta.start[local])
            ends.append(segment.meta.end[local])
        spans: dict[int, list[tuple[int, int]]] = {}
        if owners:
            owner, start, end = (np.concatenate(a) for a in (owners, starts, ends))
            order = np.lexsort((end, start, owner))
            for a, s, e in zip(owner[order].tolist(), start[order].tolist(),
                               end[order].tolist(), strict=True):
                spans.setdefault(a, []).append((s, e))
        index: dict[str, set[int]] = {}
        irregular = set()
        for article_id, article in snapshot.articles.items():
            outside = words_outside(article.text, spans.get(article_id, ()))
            if outside is None:
                irregular.add(article_id)
                continue
            for word in outside:
                index.setdefault(word, set()).add(article_id)
        return cls({w: frozenset(ids) for w, ids in index.items()}, frozenset(irregular))


def words_outside(text: str, spans: Sequence[tuple[int, int]]) -> frozenset[str] | None:
    """The content-word stems of ``text`` outside ``spans`` (sorted by start); None when a
    span starts or ends between two non-space characters (it might cut a word)."""
    at, gaps = 0, []
    for s, e in spans:
        if _joined(text, s) or _joined(text, e):
            return None
        if s > at:
            gaps.append(text[at:s])
        at = max(at, e)
    gaps.append(text[at:])
    return frozenset(tokenize(" ".join(g for g in gaps if not g.isspace())))


def _joined(text: str, at: int) -> bool:
    """Whether offset ``at`` falls between two non-space characters of ``text``."""
    return 0 < at < len(text) and not text[at - 1].isspace() and not text[at].isspace()


class ArticleWords(AbstractSet[str]):
    """The content-word stems of one article: the set ``frozenset(tokenize(text))``, read
    without tokenising the whole text. ``in`` looks a word up in the postings of the
    article's live passages (a bisection of the word's passages) and among the words
    outside them (headers); iterating makes the whole set. An article whose passage
    boundaries might cut a word is tokenised whole at once."""

    def __init__(self, snapshot: Snapshot, article_id: int) -> None:
        self._text = snapshot.articles[article_id].text
        which, local = snapshot._locate(snapshot.article_rows(article_id))
        self._parts = [(snapshot.segments[w], local[which == w]) for w in np.unique(which)]
        spans = sorted((s, e) for segment, at in self._parts for s, e in zip(
            segment.meta.start[at].tolist(), segment.meta.end[at].tolist(), strict=True))
        outside = words_outside(self._text, spans)
        self._all = frozenset(tokenize(self._text)) if outside is None else None
        self._outside = outside or frozenset()
        self._seen: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if self._all is not None:
            return word in self._all
        if not isinstance(word, str):
            return False
        found = self._seen.get(word)
        if found is None:
            found = self._seen[word] = word in self._outside or any(
                _holds(segment.postings.term(word)[0], at) for segment, at in self._parts)
        return found

    def __iter__(self) -> Iterator[str]:
        if self._all is None:
            self._all = frozenset(tokenize(self._text))
        return iter(self._all)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def passage_count(self) -> int:
        """How many live passages the article has."""
        return sum(len(at) for _, at in self._parts)

    def passages_with(self, word: str) -> int:
        """How many of the article's live passages hold ``word`` (its document frequency
        within the article; a word only in its header is in none)."""
        return sum(_count(segment.postings.term(word)[0], at) for segment, at in self._parts)


def _count(docs: np.ndarray, positions: np.ndarray) -> int:
    """How many of ``positions`` sorted ``docs`` holds."""
    if not len(docs) or not len(positions):
        return 0
    at = np.minimum(np.searchsorted(docs, positions), len(docs) - 1)
    return int(np.count_nonzero(docs[at] == positions))


def _holds(docs: np.ndarray, positions: np.ndarray) -> bool:
    """Whether sorted ``docs`` holds any of ``positions``."""
    return _count(docs, positions) > 0


def _settle(
    segments: list[Segment], alive: list[np.ndarray], exact_limit: int, graph: bool = True,
) -> tuple[list[Segment], list[np.ndarray]]:
    """Drop empty segments, rebuild mostly dead ones, merge like a binary counter."""
    pairs = [(s, a) for s, a in zip(segments, alive, strict=True) if a.any()]
    pairs = [
        (merge_segments([(s, a)], exact_limit, graph), np.ones(int(a.sum()), bool))
        if s.size - int(a.sum()) > COMPACT_DEAD_SHARE * s.size else (s, a)
        for s, a in pairs
    ]
    while len(pairs) >= 2 and int(pairs[-2][1].sum()) <= int(pairs[-1][1].sum()):
        (s1, a1), (s2, a2) = pairs[-2], pairs[-1]
        merged = merge_segments([(s1, a1), (s2, a2)], exact_limit, graph)
        pairs[-2:] = [(merged, np.ones(merged.size, bool))]
    return [s for s, _ in pairs], [a for _, a in pairs]
