"""The incremental index: an add indexes only its article, a remove only hides its rows,
segments merge, big segments get HNSW, and every snapshot answers like one built from
scratch over the same passages."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_text
from bot.lexical import LexicalIndex
from bot.library import Library
from bot.segments import Segment, with_graph
from bot.snapshot import Snapshot
from bot.vectors import HnswDense, NumpyIndex
from tests.fakes import CountingEncoder, HashingEncoder
from tests.test_library import add, check_consistent


def scratch_equal(snap: Snapshot, questions: list[str]) -> None:
    """The snapshot scores like indexes built afresh over its live passages."""
    texts = [p.text for p in snap.passages]
    scratch = LexicalIndex(texts)
    oracle = NumpyIndex(snap.ids, snap.vectors)
    encoder = HashingEncoder()
    for q in questions:
        np.testing.assert_allclose(snap.lexical.scores(q), scratch.scores(q), atol=1e-5)
        for token in q.lower().split():
            assert snap.lexical.idf(token) == pytest.approx(scratch.idf(token))
            assert snap.lexical.knows(token) == scratch.knows(token)
        query = encoder.encode([q])[0]
        want_scores, want_ids = oracle.search(query, 11)
        got_scores, got_rows = snap.dense_search(query, 10)
        np.testing.assert_allclose(got_scores, want_scores[:10], atol=1e-5)
        assert set(snap.ids[got_rows]) == set(want_ids[:10]) or np.isclose(
            want_scores[9], want_scores[10], atol=1e-6)  # a tie at the edge may go either way


QUESTIONS = ["What did the council say about the harbour boats?", "orchard apples cost",
             "railway stations proposal 7 decision", "residents worried item 12"]


def test_an_add_embeds_only_the_new_article(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    lib = Library("default", tmp_path / "lib", encoder)
    add(lib, 1)
    first = encoder.texts
    for i in range(2, 30):
        before = encoder.texts
        add(lib, i)
        assert encoder.texts - before == first  # this article's passages and sentences only
    check_consistent(lib)


def test_segments_merge_like_a_binary_counter_and_stay_exact(tmp_path: Path) -> None:
    lib = Library("default", tmp_path / "lib", HashingEncoder())
    for i in range(1, 40):
        add(lib, i)
        snap = lib.snapshot()
        sizes = [int(a.sum()) for a in snap.alive]
        assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes)
        assert len(sizes) <= int(np.log2(len(snap.passages))) + 1
    scratch_equal(lib.snapshot(), QUESTIONS)
    check_consistent(lib)


def test_a_remove_touches_only_its_rows(tmp_path: Path) -> None:
    lib = Library("default", tmp_path / "lib", HashingEncoder())
    ids = [add(lib, i).article.id for i in range(1, 12)]
    before = lib.snapshot()
    lib.remove(ids[3])
    after = lib.snapshot()
    assert all(a is b for a, b in zip(after.segments, before.segments, strict=False))
    assert sum(int((~a).sum()) for a in after.alive) == 3  # hidden, not rebuilt
    assert ids[3] not in after.articles and len(after.passages) == len(before.passages) - 3
    assert ids[3] in before.articles and len(before.passages) == 33  # the old one is intact
    scratch_equal(after, QUESTIONS)
    for article_id in ids[4:]:
        rows = after.article_rows(article_id)
        assert [after.passages[r].article_id for r in rows] == [article_id] * 3
    check_consistent(lib)
    for article_id in ids[:8]:  # most of the first segment dead: it is rebuilt
        if article_id != ids[3]:
            lib.remove(article_id)
    scratch_equal(lib.snapshot(), QUESTIONS)
    check_consistent(lib)


def test_big_segments_get_hnsw_and_keep_finding_passages(tmp_path: Path) -> None:
    lib = Library("default", tmp_path / "lib", HashingEncoder(), exact_limit=20)
    for i in range(1, 25):
        add(lib, i)
    assert lib.wait_for_index(60)
    snap = lib.snapshot()
    assert any(isinstance(s.dense, HnswDense) for s in snap.segments)
    lib.remove(snap.passages[0].article_id)
    assert lib.wait_for_index(60)
    snap = lib.snapshot()
    vectors = snap.vectors
    for row in range(len(snap.passages)):
        _, rows = snap.dense_search(vectors[row], 5)
        assert row in rows or np.isclose(vectors[rows[0]] @ vectors[row], 1.0, atol=1e-5)
    check_consistent(lib)
    reopened = Library("default", tmp_path / "lib", HashingEncoder(), exact_limit=20)
    assert reopened.snapshot().segments[0].dense.kind == snap.segments[0].dense.kind
    check_consistent(reopened)


def test_a_compacted_first_segment_reopens_with_the_later_articles(tmp_path: Path) -> None:
    # sixteen articles merge into one segment, two more make a small one; most of the big
    # one then dies and it is rebuilt alone: the files hold only it, so their generation
    # must be the one it held every live passage at, or a reopen loses the two
    lib = Library("default", tmp_path / "lib", HashingEncoder())
    ids = [add(lib, i).article.id for i in range(1, 19)]
    assert [s.size for s in lib.snapshot().segments] == [48, 6]
    for article_id in ids[:9]:
        lib.remove(article_id)
    assert [s.size for s in lib.snapshot().segments] == [21, 6]
    check_consistent(lib)
    check_consistent(Library("default", tmp_path / "lib", HashingEncoder()))


def test_a_graph_built_while_articles_arrive_reopens_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the background graph of the first segment is finished after two more adds: the files
    # it writes must not claim those adds (a clean-clone CI run lost them on reopen)
    release = threading.Event()

    def slow_graph(segment: Segment) -> Segment:
        release.wait(30)
        return with_graph(segment)

    monkeypatch.setattr("bot.library.with_graph", slow_graph)
    lib = Library("default", tmp_path / "lib", HashingEncoder(), exact_limit=20)
    for i in range(1, 19):
        add(lib, i)
    release.set()
    assert lib.wait_for_index(60)
    snap = lib.snapshot()
    assert [s.size for s in snap.segments] == [48, 6]
    assert isinstance(snap.segments[0].dense, HnswDense)
    check_consistent(lib)
    check_consistent(Library("default", tmp_path / "lib", HashingEncoder(), exact_limit=20))


def test_restricting_to_one_article_scores_only_its_passages(tmp_path: Path) -> None:
    lib = Library("default", tmp_path / "lib", HashingEncoder())
    ids = [add(lib, i).article.id for i in range(1, 9)]
    snap = lib.snapshot()
    query = HashingEncoder().encode(["orchard apples"])[0]
    scores, rows = snap.dense_search(query, 2, article_id=ids[5])
    assert len(rows) == 2 and {snap.passages[r].article_id for r in rows} == {ids[5]}
    whole = snap.passage_vectors(snap.article_rows(ids[5])) @ query
    assert scores[0] == pytest.approx(whole.max())
    assert len(snap.dense_search(query, 2, article_id=10**6)[1]) == 0


def test_another_process_change_is_applied_from_the_log(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    here = Library("default", root, HashingEncoder())
    there = Library("default", root, HashingEncoder())  # as another process would
    for i in range(1, 6):
        add(there, i)
    first = here.snapshot()
    loaded: list[object] = []
    real = here.store.records

    def spy(dim: int, article_ids: object = None):  # type: ignore[no-untyped-def]
        loaded.append(article_ids)
        return real(dim, article_ids)

    here.store.records = spy  # type: ignore[method-assign]
    new = add(there, 6).article
    there.remove(first.passages[0].article_id)
    snap = here.snapshot()
    assert loaded == [[first.passages[0].article_id, new.id]]  # only those two
    assert snap.segments[0] is first.segments[0]
    check_consistent(here)


def test_a_reader_behind_the_pruned_log_reloads(tmp_path: Path, monkeypatch) -> None:
    import bot.storage.sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "CHANGE_LOG_KEEP", 2)
    root = tmp_path / "lib"
    here = Library("default", root, HashingEncoder())
    there = Library("default", root, HashingEncoder())
    add(there, 1)
    here.snapshot()
    for i in range(2, 6):
        add(there, i)
    assert here.store.changes_since(1) is None
    assert len(here.snapshot().articles) == 5
    check_consistent(here)


def test_readers_never_see_half_a_change_while_segments_merge(tmp_path: Path) -> None:
    lib = Library("default", tmp_path / "lib", HashingEncoder(), exact_limit=12)
    add(lib, 0)
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: set[int] = set()

    def reader() -> None:
        query = HashingEncoder().encode(["council plan cost"])[0]
        try:
            while not stop.is_set():
                snap = lib.snapshot()
                seen.add(snap.generation)
                assert len(snap.passages) == 3 * len(snap.articles)
                assert list(snap.ids) == [p.id for p in snap.passages]
                _, rows = snap.dense_search(query, 8)
                assert all(snap.passages[r].article_id in snap.articles for r in rows)
                scores = snap.lexical.scores("council plan cost")
                assert len(scores) == len(snap.passages)
                for r in rows[:3]:
                    assert len(snap.sentence_matrix(int(r))) == len(snap.passages[r].sentences)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(1, 30):
            add(lib, i)
            if i % 7 == 0:
                lib.remove(min(lib.snapshot().articles))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == [], errors[0]
    assert len(seen) > 3
    check_consistent(lib)


def test_bm25_over_segments_equals_bm25s_rebuilt_from_scratch() -> None:
    """The incremental BM25 (per-segment postings, live statistics) scores like bm25s
    (what Footnote used before) indexing the live passages afresh."""
    import logging
    import random

    import bm25s

    from bot.lexical import Postings, Vocabulary, tokenize

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(150)] + ["the", "and", "of", "running", "runs"]
    texts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(0, 30))) for _ in range(300)]
    keep = np.array([rng.random() > 0.25 for _ in texts])
    live = [t for t, k in zip(texts, keep, strict=True) if k]
    oracle = bm25s.BM25()
    oracle.index([tokenize(t) or ["\u2205"] for t in live], show_progress=False)
    words = Vocabulary()
    parts = [Postings.from_texts(texts[a:b], words) for a, b in ((0, 100), (100, 250), (250, 300))]
    rows = np.full(len(texts), -1, np.int64)
    rows[keep] = np.arange(int(keep.sum()))
    split = LexicalIndex(parts=[(parts[0], rows[:100]), (parts[1], rows[100:250]),
                                (parts[2], rows[250:])], size=len(live))
    merged = Postings.merge([(parts[0], keep[:100]), (parts[1], keep[100:250]),
                             (parts[2], keep[250:])])
    whole = LexicalIndex(parts=[(merged, np.arange(len(live)))], size=len(live))
    for _ in range(100):
        query = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 5)))
        query += " " + query.split()[0]  # a repeated word counts twice, as in bm25s
        known = [t for t in tokenize(query) if t in oracle.vocab_dict]
        want = (np.asarray(oracle.get_scores(known), np.float32) if known
                else np.zeros(len(live), np.float32))
        np.testing.assert_allclose(split.scores(query), want, atol=1e-5)
        np.testing.assert_allclose(whole.scores(query), want, atol=1e-5)


def _mapped(array: np.ndarray) -> bool:
    """Whether ``array`` is a view of a memory-mapped file."""
    import mmap

    base = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    return isinstance(base.obj if isinstance(base, memoryview) else base, mmap.mmap)


def test_reopening_maps_the_first_segment_and_reads_only_changed_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bot.index_file

    monkeypatch.setattr(bot.index_file, "MAP_FROM_BYTES", 0)  # map even a small file
    root = tmp_path / "lib"
    writer = Library("default", root, HashingEncoder())
    for i in range(12):
        add(writer, i)
    first = writer.snapshot().segments[0]
    # the writer swapped its first segment for the copy in the file it wrote
    assert _mapped(first.sentence_vectors) and _mapped(first.postings.docs)
    assert _mapped(first.meta.spans)
    import json

    written = json.loads((root / "manifest.json").read_text())["generation"]
    add(writer, 40)  # changes after the files were written: one new, one replaced, one gone
    add(writer, 41, replace_id=writer.articles()[3].id)
    writer.remove(writer.articles()[5].id)

    reader = Library("default", root, HashingEncoder())
    asked: list[list[int] | None] = []
    real_records = reader.store.records

    def records(dim: int, article_ids=None):  # type: ignore[no-untyped-def]
        asked.append(None if article_ids is None else list(article_ids))
        return real_records(dim, article_ids)

    reader.store.records = records  # type: ignore[method-assign]
    snap = reader.snapshot()
    changed = reader.store.changes_since(written)
    assert changed is not None and asked == [sorted(changed.article_ids)]
    assert _mapped(snap.segments[0].sentence_vectors)
    check_consistent(reader)
    scratch_equal(snap, QUESTIONS)
    writer.close()
    reader.close()
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "library.sqlite3").write_bytes((root / "library.sqlite3").read_bytes())
    from_store = Library("default", tmp_path / "copy", HashingEncoder())
    loaded = from_store.snapshot()  # no index files: everything from the store
    assert list(loaded.passages) == list(snap.passages)
    assert loaded.articles == snap.articles
    np.testing.assert_array_equal(loaded.vectors, snap.vectors)
    for a, b in zip(loaded.sentence_vectors, snap.sentence_vectors, strict=True):
        np.testing.assert_array_equal(a, b)
    for q in QUESTIONS:
        np.testing.assert_allclose(loaded.lexical.scores(q), snap.lexical.scores(q), atol=1e-6)


def test_passage_view_reads_like_a_list(tmp_path: Path) -> None:
    lib = Library("default", tmp_path / "lib", HashingEncoder())
    for i in range(3):
        add(lib, i)
    snap = lib.snapshot()
    passages = list(snap.passages)
    assert snap.passages == passages and snap.passages[-1] == passages[-1]
    assert snap.passages[1:3] == passages[1:3] and len(snap.passages) == len(passages)
    assert [p.id for p in passages] == list(snap.ids)
    with pytest.raises(IndexError):
        snap.passages[len(passages)]
    assert snap.passages != passages[:-1]


def test_array_file_round_trip_and_damage(tmp_path: Path) -> None:
    from bot.array_file import read_arrays, write_arrays

    arrays = {"a": np.arange(10, dtype=np.int64), "b": np.ones((3, 4), np.float16),
              "empty": np.zeros((0, 4), np.float32), "c": np.array([1.5], np.float32)}
    path = tmp_path / "x.bin"
    write_arrays(path, arrays)
    back = read_arrays(path)
    assert list(back) == list(arrays)
    for name, array in arrays.items():
        assert back[name].dtype == array.dtype and back[name].shape == array.shape
        np.testing.assert_array_equal(back[name], array)
    assert not back["a"].flags.writeable and _mapped(back["a"])
    small = read_arrays(path, map_from=1 << 20)  # read into memory: no descriptor held
    assert not _mapped(small["b"]) and not small["b"].flags.writeable
    np.testing.assert_array_equal(small["b"], arrays["b"])
    path.write_bytes(path.read_bytes()[:-70])  # the last array cut short
    with pytest.raises(ValueError, match="past the end"):
        read_arrays(path)
    path.write_bytes(b"something else entirely")
    with pytest.raises(ValueError, match="not an array file"):
        read_arrays(path)


def test_segment_files_no_manifest_names_are_removed_once_old(tmp_path: Path) -> None:
    import json
    import os
    import time

    root = tmp_path / "lib"
    lib = Library("default", root, HashingEncoder())
    for i in range(4):
        add(lib, i)
    named = json.loads((root / "manifest.json").read_text())["segment_file"]
    old, young = root / "segment-0000dead.bin", root / "segment-0000beef.bin"
    old.write_bytes(b"left by a writer long ago")
    young.write_bytes(b"a writer in another process may be about to name this one")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    Library("default", root, HashingEncoder()).snapshot()
    assert (root / named).exists() and young.exists() and not old.exists()


def test_the_add_that_crosses_the_limit_does_not_wait_for_the_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    import bot.segments

    lib = Library("default", tmp_path / "lib", HashingEncoder(), exact_limit=20)
    for i in range(1, 8):
        add(lib, i)
    release = threading.Event()
    real = bot.segments.HnswDense.build

    def held_build(vectors: np.ndarray, *args: object) -> HnswDense:
        assert release.wait(60)  # the graph is not ready until the test says so
        return real(vectors, *args)

    monkeypatch.setattr(bot.segments.HnswDense, "build", staticmethod(held_build))
    add(lib, 8)  # 24 passages merge into one segment past the limit: returns at once
    snap = lib.snapshot()
    assert [s.size for s in snap.segments] == [24] and snap.segments[0].dense.kind == "flat"
    scratch_equal(snap, QUESTIONS)  # searched exactly meanwhile
    assert not lib.wait_for_index(0.05)
    release.set()
    assert lib.wait_for_index(60)
    snap = lib.snapshot()
    assert isinstance(snap.segments[0].dense, HnswDense)
    assert json.loads((lib.root / "manifest.json").read_text())["kind"] == "hnsw"
    check_consistent(lib)
    reopened = Library("default", tmp_path / "lib", HashingEncoder(), exact_limit=20)
    assert reopened.snapshot().segments[0].dense.kind == "hnsw"


def test_index_files_of_the_tokenizer_before_keep_their_vectors_and_get_new_postings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A library indexed when "U.S." was read as "u" (tokenizer 2) is searched with the
    words of today's tokenizer once reopened: its postings are made again from the store
    and written to the files, while its vectors are read from them (nothing is embedded
    again)."""
    import json
    import re

    import bot.index_file
    import bot.lexical
    from bot.service import content_hash as hash_of

    root = tmp_path / "lib"
    text = ("Troops to stay\n\nThe U.S. will keep 2,500 troops in the country, officials in "
            "Washington, D.C., said on Monday.\n\nThe rest will come home by the spring.")
    with monkeypatch.context() as before:
        before.setattr(bot.lexical, "_DOTTED", re.compile(r"(?!)"))  # the old reading
        before.setattr(bot.index_file, "TOKENIZER_VERSION", 2, raising=False)
        bot.lexical._tokenize_short.cache_clear()
        writer = Library("default", root, HashingEncoder())
        for i in range(12):
            add(writer, i)
        doc = clean_article(extract_text(text))
        writer.add(doc, title="Troops", content_hash=hash_of(doc), actor="tester")
        for i in range(12, 16):
            add(writer, i)
        writer.close()
    bot.lexical._tokenize_short.cache_clear()
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["tokenizer"] == 2

    encoder = CountingEncoder()
    reader = Library("default", root, encoder)
    snap = reader.snapshot()
    assert encoder.texts == 0  # nothing embedded again
    troops = next(i for i, p in enumerate(snap.passages) if "U.S." in p.text)
    for question in ("How many US troops will stay?", "what did officials in DC say"):
        scores = snap.lexical.scores(question)
        assert int(np.argmax(scores)) == troops, question
    assert json.loads((root / "manifest.json").read_text())["tokenizer"] == (
        bot.lexical.TOKENIZER_VERSION)
    check_consistent(reader)
    reader.close()
    again = Library("default", root, HashingEncoder())
    assert int(np.argmax(again.snapshot().lexical.scores("US troops"))) == troops
    again.close()
