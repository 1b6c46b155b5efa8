"""Library: SQLite store, FAISS file and manifest kept in step, across crashes and processes."""

from __future__ import annotations

import gc
import inspect
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import weakref
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from bot.errors import InputError, LibraryError, NotFoundError
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_text
from bot.library import Library, check_library_name
from bot.models import CleanDocument
from bot.segments import load_dense
from bot.service import Footnote, content_hash
from bot.settings import PROJECT_ROOT, Settings
from bot.vectors import FaissIndex
from tests.fakes import HashingEncoder

TOPICS = ["harbour boats", "orchard apples", "railway stations", "mountain weather",
          "school budgets", "river floods", "city parks", "museum paintings"]


def article_text(i: int) -> str:
    """A small newspaper-like article, different for every ``i``."""
    topic = TOPICS[i % len(TOPICS)]
    return (
        f"Report number {i} on {topic}\n\n"
        f"The council said on Monday that the {topic} plan number {i} would cost {i * 13 + 7} "
        f"pounds. Officials expect work to start soon.\n\n"
        f"Residents told reporters that {topic} mattered to the town. Some of them were "
        f"worried about item {i}.\n\n"
        f"A spokesman added that a final decision on proposal {i} is expected next year."
    )


def doc_for(i: int, *, url: str | None = None, title: str | None = None) -> CleanDocument:
    return clean_article(extract_text(article_text(i)), url=url, title=title)


def add(lib: Library, i: int, *, url: str | None = None, actor: str | None = "tester",
        replace_id: int | None = None):
    doc = doc_for(i, url=url)
    return lib.add(doc, title=doc.title or f"a{i}", content_hash=content_hash(doc), actor=actor,
                   replace_id=replace_id)


def check_consistent(lib: Library) -> None:
    """Snapshot and store describe the same passages, vectors and words; the index file
    and manifest describe a first segment the store can vouch for."""
    snap = lib.snapshot()
    stored = lib.store.load_vectors(lib.encoder.dim)
    store_ids = [p.id for p in stored.passages]
    assert snap.generation == stored.generation == lib.store.generation()
    assert [p.id for p in snap.passages] == store_ids
    assert list(snap.dense.ids()) == store_ids
    assert snap.lexical.size == len(store_ids)
    assert snap.position == {pid: i for i, pid in enumerate(store_ids)}
    assert set(snap.articles) == {a.id for a in lib.articles()}
    for p in snap.passages:
        assert snap.articles[p.article_id].text[p.start:p.end] == p.text
    # the in-memory vectors are the stored ones (sentences kept as float16)
    np.testing.assert_array_equal(snap.vectors, stored.vectors)
    for got, want in zip(snap.sentence_vectors, stored.sentence_vectors, strict=True):
        np.testing.assert_allclose(got, want, atol=2e-3)
    # every passage is found by its own vector
    for row in range(0, len(store_ids), max(1, len(store_ids) // 7)):
        _, rows = snap.dense_search(stored.vectors[row], 3)
        assert row in rows or np.isclose(
            snap.vectors[rows[0]] @ stored.vectors[row], 1.0, atol=1e-5)
    manifest, data, segment = _index_files(lib.root)
    assert manifest["generation"] <= lib.store.generation()
    assert manifest["model_id"] == lib.encoder.model_id
    assert manifest["crc32"] == zlib.crc32(data)
    on_disk_ids, on_disk = load_dense(data)
    assert manifest["passages"] == len(on_disk) == len(on_disk_ids)
    assert manifest["kind"] == on_disk.kind
    assert manifest["segment_crc32"] == zlib.crc32(segment)  # the rest of that segment
    assert set(on_disk_ids.tolist()) <= set(range(1, max(store_ids, default=0) + 1))


def _index_files(root: Path, tries: int = 50) -> tuple[dict, bytes, bytes]:
    """The manifest, vectors.faiss and segment file, read as one matching set. Each file
    is replaced atomically, but another process (tests/postgres) may write a new set
    between the three reads: read again, a bounded number of times, until they match
    (a loader that meets such a mix checks the same CRCs and loads from the store)."""
    for _ in range(tries):
        manifest = json.loads((root / "manifest.json").read_text())
        data = (root / "vectors.faiss").read_bytes()
        segment_path = root / manifest["segment_file"]
        segment = segment_path.read_bytes() if segment_path.exists() else b""
        if (manifest["crc32"] == zlib.crc32(data)
                and manifest["segment_crc32"] == zlib.crc32(segment)):
            break
        time.sleep(0.05)
    return manifest, data, segment


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "libraries" / "default"


OpenLib = Callable[..., Library]


@pytest.fixture(params=["sqlite", "postgresql"])
def open_lib(request: pytest.FixtureRequest, root: Path) -> OpenLib:
    """Opens library "default" afresh on each call, as another process would: its SQLite
    file under ``root``, or (with its own connection pool) a fresh PostgreSQL schema with
    ``root`` as the folder of its index cache."""
    if request.param == "sqlite":
        return lambda encoder, **kw: Library("default", root, encoder, **kw)
    from bot.storage.postgres import PostgresStorage

    url = request.getfixturevalue("pg_url")
    return lambda encoder, **kw: Library(
        "default", root, encoder, store=PostgresStorage(url, root.parent).open("default"), **kw)


@pytest.fixture
def lib(open_lib: OpenLib) -> Library:
    return open_lib(HashingEncoder())


# --- basics ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["default", "a", "guild-123", "x_y", "0" * 64])
def test_valid_library_names(name: str) -> None:
    assert check_library_name(name) == name


@pytest.mark.parametrize("name", ["", "Default", "-x", "_x", "a/b", "..", "a b", "0" * 65, "é"])
def test_invalid_library_names(name: str, tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="not a valid library name"):
        check_library_name(name)
    with pytest.raises(LibraryError):
        Library(name, tmp_path / "x", HashingEncoder())


def test_empty_library_snapshot(lib: Library) -> None:
    snap = lib.snapshot()
    assert snap.generation == 0
    assert snap.passages == [] and snap.articles == {} and len(snap.dense) == 0
    assert lib.store.get_meta("model_id") == "test-hashing"
    assert lib.store.get_meta("dim") == "64"


def test_add_then_snapshot_has_passages(lib: Library) -> None:
    messages: list[str] = []
    doc = doc_for(1)
    result = lib.add(doc, title="T1", content_hash=content_hash(doc), actor="alice",
                     progress=messages.append)
    assert result.status == "added"
    article = result.article
    assert article.title == "T1" and article.added_by == "alice"
    assert article.passage_count == len(doc.passages) == 3
    assert messages == ["Embedding 3 passages", "Saving"]
    snap = lib.snapshot()
    assert snap.generation == 1
    assert set(snap.articles) == {article.id}
    assert [p.paragraph for p in snap.passages] == [1, 2, 3]
    assert snap.passages[0].text.startswith("The council said on Monday")
    assert len(snap.dense) == 3
    # each passage's vector is the encoder's vector of its text
    expected = lib.encoder.encode([p.text for p in snap.passages])
    np.testing.assert_allclose(snap.vectors, expected, atol=1e-6)
    assert [len(v) for v in snap.sentence_vectors] == [len(p.sentences) for p in snap.passages]
    assert lib.passages_of(article.id) == snap.passages
    assert lib.passages_of(article.id + 1) == []
    check_consistent(lib)


def test_snapshot_is_cached_until_a_change(lib: Library) -> None:
    add(lib, 1)
    first = lib.snapshot()
    assert lib.snapshot() is first
    add(lib, 2)
    second = lib.snapshot()
    assert second is not first and second.generation == first.generation + 1
    assert len(first.passages) == 3  # an old snapshot never changes under a reader
    assert len(second.passages) == 6


def test_passages_read_again_are_the_same_and_their_keeping_is_bounded(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.snapshot.PASSAGES_MADE", 4)
    for n in range(1, 4):
        add(lib, n)
    snap = lib.snapshot()
    view = snap.passages
    assert len(view) == 9
    first = [view[r] for r in range(len(view))]
    assert view[2] is view[2] and view[-1] == first[-1] and view[-9] == first[0]
    assert len(snap._passages_made) <= 4  # forgotten all at once past the bound
    fresh = [p for a in snap.articles for p in lib.passages_of(a)]
    assert [snap.passages[r] for r in range(len(view))] == first == fresh
    with pytest.raises(IndexError):
        view[9]
    # no reference cycle: a snapshot nobody holds any more (the library moved on) is freed
    # at once, not when the cycle collector next runs (a closed library's arrays with it)
    gone = weakref.ref(snap)
    del snap, view, first, fresh
    gc.disable()
    try:
        add(lib, 4)
        assert gone() is None, "something still holds the replaced snapshot"
    finally:
        gc.enable()


def test_duplicate_content_changes_nothing(lib: Library) -> None:
    first = add(lib, 1).article
    gen, log = lib.store.generation(), lib.store.audit_log()
    faiss_mtime = (lib.root / "vectors.faiss").stat().st_mtime_ns
    # the same words with other case and spacing are the same content
    doc = clean_article(extract_text(article_text(1).upper().replace(" ", "  ")))
    result = lib.add(doc, title="Other title", content_hash=content_hash(doc))
    assert result.status == "duplicate"
    assert result.article == first
    assert lib.store.generation() == gen
    assert lib.store.audit_log() == log
    assert [a.id for a in lib.articles()] == [first.id]
    assert (lib.root / "vectors.faiss").stat().st_mtime_ns == faiss_mtime


def test_same_url_replaces_in_place(lib: Library) -> None:
    url = "https://news.test/story"
    first = add(lib, 1, url=url).article
    other = add(lib, 2).article
    result = add(lib, 3, url=url, actor="bob")
    assert result.status == "replaced"
    assert result.article.id == first.id
    assert result.article.added_by == "bob"
    assert result.article.text == doc_for(3).text
    assert [a.id for a in lib.articles()] == [first.id, other.id]
    texts = " ".join(p.text for p in lib.passages_of(first.id))
    assert "proposal 3" in texts and "proposal 1" not in texts
    assert lib.store.audit_log()[0]["action"] == "replace"
    check_consistent(lib)


def test_replace_id(lib: Library) -> None:
    a = add(lib, 1).article
    b = add(lib, 2).article
    result = add(lib, 5, replace_id=a.id)
    assert result.status == "replaced" and result.article.id == a.id
    assert "proposal 5" in lib.article(a.id).text
    assert lib.article(b.id) == b
    assert len(lib.articles()) == 2
    check_consistent(lib)


def test_replace_unknown_id_fails_and_changes_nothing(lib: Library) -> None:
    add(lib, 1)
    gen = lib.store.generation()
    with pytest.raises(NotFoundError, match="no article 99"):
        add(lib, 2, replace_id=99)
    assert lib.store.generation() == gen and len(lib.articles()) == 1


def test_replace_with_the_url_of_another_article_is_refused(lib: Library) -> None:
    a = add(lib, 1, url="https://news.test/a").article
    b = add(lib, 2, url="https://news.test/b").article
    gen = lib.store.generation()
    with pytest.raises(InputError, match=f"Article {a.id}"):
        add(lib, 3, url="https://news.test/a", replace_id=b.id)
    assert lib.store.generation() == gen
    assert lib.article(b.id) == b
    # giving the article its own URL again is fine
    assert add(lib, 4, url="https://news.test/b", replace_id=b.id).status == "replaced"


def test_remove(lib: Library) -> None:
    a = add(lib, 1).article
    b = add(lib, 2).article
    removed = lib.remove(a.id, actor="mod")
    assert removed == a
    with pytest.raises(NotFoundError):
        lib.article(a.id)
    snap = lib.snapshot()
    assert set(snap.articles) == {b.id}
    assert {p.article_id for p in snap.passages} == {b.id}
    assert lib.store.audit_log()[0] == {**lib.store.audit_log()[0], "actor": "mod",
                                        "action": "remove", "article_id": a.id}
    with pytest.raises(NotFoundError, match=f"no article {a.id}"):
        lib.remove(a.id)
    check_consistent(lib)
    lib.remove(b.id)
    assert lib.snapshot().passages == [] and len(lib.snapshot().dense) == 0
    check_consistent(lib)


def test_embed_document_shapes(lib: Library) -> None:
    doc = doc_for(4)
    vecs, per_passage = lib.embed_document(doc)
    assert vecs.shape == (len(doc.passages), 64)
    assert [len(s) for s in per_passage] == [len(p.sentences) for p in doc.passages]
    first_sentence = doc.text[slice(*doc.passages[0].sentences[0])]
    np.testing.assert_allclose(per_passage[0][0], lib.encoder.encode([first_sentence])[0])


# --- model changes, damage and repair ------------------------------------------------------

def test_model_mismatch_names_reindex_and_reindex_cures(open_lib: OpenLib) -> None:
    built = open_lib(HashingEncoder(model_id="a"))
    add(built, 1)
    add(built, 2)
    built.store.close()
    with pytest.raises(LibraryError) as info:
        open_lib(HashingEncoder(model_id="b", dim=32))
    message = str(info.value)
    assert "footnote reindex --library default" in message
    assert "'a'" in message and "'b'" in message

    cured = open_lib(HashingEncoder(model_id="b", dim=32), check_model=False)
    assert cured.reindex() == 6
    reopened = open_lib(HashingEncoder(model_id="b", dim=32))
    snap = reopened.snapshot()
    assert len(snap.passages) == 6 and snap.dense.dim == 32 and snap.vectors.shape == (6, 32)
    assert reopened.store.get_meta("model_id") == "b"
    check_consistent(reopened)
    with pytest.raises(LibraryError, match="footnote reindex"):
        open_lib(HashingEncoder(model_id="a"))


def test_an_upgrade_of_the_bundled_model_re_embeds_the_library_once(open_lib: OpenLib) -> None:
    built = open_lib(HashingEncoder(model_id="all-MiniLM-L6-v2"))
    add(built, 1)
    built.store.close()
    tuned = "all-MiniLM-L6-v2-footnote-0123456789"
    upgraded = open_lib(HashingEncoder(model_id=tuned, dim=32))  # no reindex asked for
    assert upgraded.store.get_meta("model_id") == tuned
    assert upgraded.snapshot().vectors.shape == (3, 32)
    check_consistent(upgraded)
    upgraded.store.close()
    newer = "all-MiniLM-L6-v2-footnote-abcdefabcd"  # a later delta: the same again
    assert open_lib(HashingEncoder(model_id=newer)).store.get_meta("model_id") == newer
    with pytest.raises(LibraryError, match="footnote reindex"):  # leaving the family: asked
        open_lib(HashingEncoder(model_id="local:other:1234"))


def test_manifest_of_another_model_is_refused(lib: Library, root: Path, open_lib: OpenLib) -> None:
    add(lib, 1)
    manifest = json.loads((root / "manifest.json").read_text())
    (root / "manifest.json").write_text(json.dumps({**manifest, "model_id": "zzz"}))
    with pytest.raises(LibraryError, match=r"'zzz' \(manifest\).*footnote reindex"):
        open_lib(HashingEncoder())


def test_damaged_manifest_is_refused(lib: Library, root: Path, open_lib: OpenLib) -> None:
    add(lib, 1)
    (root / "manifest.json").write_text("{not json")
    with pytest.raises(LibraryError, match=r"manifest .* is damaged.*footnote reindex"):
        open_lib(HashingEncoder())


def test_truncated_faiss_file_raises_on_snapshot_and_reindex_repairs(
    lib: Library, root: Path, open_lib: OpenLib
) -> None:
    add(lib, 1)
    add(lib, 2)
    faiss_file = root / "vectors.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])
    reopened = open_lib(HashingEncoder())
    with pytest.raises(LibraryError) as info:
        reopened.snapshot()
    assert "damaged" in str(info.value)
    assert "footnote reindex --library default" in str(info.value)
    assert "\n" not in str(info.value)

    assert open_lib(HashingEncoder(), check_model=False).reindex() == 6
    fresh = open_lib(HashingEncoder())
    assert len(fresh.snapshot().passages) == 6
    check_consistent(fresh)


def test_faiss_file_of_wrong_width_is_refused(lib: Library, root: Path, open_lib: OpenLib) -> None:
    add(lib, 1)
    ids = np.array([p.id for p in lib.snapshot().passages])
    FaissIndex.build(ids, np.ones((len(ids), 8), np.float32)).save(root / "vectors.faiss")
    with pytest.raises(LibraryError, match=r"do not match its manifest.*footnote reindex"):
        open_lib(HashingEncoder()).snapshot()
    manifest = json.loads((root / "manifest.json").read_text())  # a consistent pair now
    manifest["crc32"] = zlib.crc32((root / "vectors.faiss").read_bytes())
    (root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(LibraryError, match="width 8, expected 64"):
        open_lib(HashingEncoder()).snapshot()


@pytest.mark.parametrize("change", ["add", "replace", "remove"])
def test_crash_between_sqlite_commit_and_faiss_write_is_repaired(
    lib: Library, root: Path, open_lib: OpenLib, tmp_path: Path, change: str
) -> None:
    first = add(lib, 1, url="https://news.test/1").article
    add(lib, 2)
    saved = tmp_path / "saved"
    saved.mkdir()
    for name in ("vectors.faiss", "manifest.json"):
        shutil.copy2(root / name, saved / name)
    if change == "add":
        add(lib, 3)
    elif change == "replace":
        add(lib, 4, url="https://news.test/1")
    else:
        lib.remove(first.id)
    for name in ("vectors.faiss", "manifest.json"):  # as if the process died right after COMMIT
        shutil.copy2(saved / name, root / name)
    lib.store.close()

    reopened = open_lib(HashingEncoder())
    snap = reopened.snapshot()  # rebuilds silently
    expected = {"add": 3, "replace": 2, "remove": 1}[change]
    assert len(snap.articles) == expected
    assert len(snap.passages) == 3 * expected
    if change == "replace":
        assert "proposal 4" in snap.articles[first.id].text
    check_consistent(reopened)


def test_snapshot_sees_changes_made_by_another_library_object(open_lib: OpenLib) -> None:
    here = open_lib(HashingEncoder())
    there = open_lib(HashingEncoder())  # as another process would
    assert here.snapshot().passages == []
    a = add(there, 1).article
    assert set(here.snapshot().articles) == {a.id}
    assert len(here.snapshot().passages) == 3
    there.remove(a.id)
    assert here.snapshot().articles == {}
    b = add(here, 2).article
    assert set(there.snapshot().articles) == {b.id}
    check_consistent(here)
    check_consistent(there)


def test_snapshot_while_another_process_rewrites_the_faiss_file(open_lib: OpenLib) -> None:
    """The manifest and vectors.faiss are two renames: a reader can see a new FAISS
    file with the old manifest. That is a stale file, not a damaged one."""
    writer = open_lib(HashingEncoder())
    reader = open_lib(HashingEncoder())
    add(writer, 1)
    real_read = reader.index_file.read_manifest
    fired: list[int] = []

    def read_manifest_then_other_process_writes() -> dict[str, object] | None:
        manifest = real_read()
        if not fired:
            fired.append(1)
            add(writer, 2)
        return manifest

    reader.index_file.read_manifest = (  # type: ignore[method-assign]
        read_manifest_then_other_process_writes)
    snap = reader.snapshot()
    assert fired
    assert [p.id for p in snap.passages] == list(snap.dense.ids())
    assert set(snap.articles) == {p.article_id for p in snap.passages}
    assert len(reader.snapshot().passages) == 6


@pytest.mark.parametrize("reader_state", ["fresh", "behind"])
def test_snapshot_while_another_process_adds_between_reads(root: Path, reader_state: str) -> None:
    """Articles, passages and generation come from one consistent read, whether the
    reader loads everything or catches up from the change log."""
    writer = Library("default", root, HashingEncoder())
    reader = Library("default", root, HashingEncoder())
    add(writer, 1)
    if reader_state == "behind":
        reader.snapshot()
        add(writer, 3)
    fired: list[int] = []

    def trace(sql: str) -> None:
        # (a fresh reader with index files reads the articles, and passages of none)
        if sql.startswith(("SELECT * FROM passages", "SELECT a.*")) and not fired:
            fired.append(1)
            add(writer, 2)  # commits from "another process" in the middle of the read
            writer.remove(min(a.id for a in writer.articles()))

    db = reader.store._acquire()  # the pooled connection the reader's next read uses
    db.set_trace_callback(trace)
    reader.store._release(db)
    snap = reader.snapshot()
    db.set_trace_callback(None)
    assert fired
    assert set(snap.articles) == {p.article_id for p in snap.passages}
    for p in snap.passages:
        assert snap.articles[p.article_id].text[p.start:p.end] == p.text
    assert [p.id for p in snap.passages] == list(snap.dense.ids())
    final = reader.snapshot()
    assert set(final.articles) == {a.id for a in writer.articles()}
    assert final.generation == writer.store.generation()
    check_consistent(reader)


def test_concurrent_readers_during_adds(settings: Settings) -> None:
    app = Footnote(settings, encoder=HashingEncoder())
    lib = app.library("busy")
    add(lib, 0)
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: list[list[int]] = [[] for _ in range(3)]

    def reader(slot: int) -> None:
        try:
            while not stop.is_set():
                snap = lib.snapshot()
                assert len(snap.dense) == len(snap.passages) == snap.lexical.size
                assert list(snap.dense.ids()) == [p.id for p in snap.passages]
                assert set(snap.articles) == {p.article_id for p in snap.passages}
                seen[slot].append(len(snap.passages))
                answer = app.ask("busy", "What did the council say about the railway stations?")
                for c in answer.citations:
                    assert snap.articles.get(c.article_id) is None or (
                        snap.articles[c.article_id].text[c.start:c.end] == c.quote
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(1, 16):
            add(lib, i)
        lib.remove(lib.articles()[0].id)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    for counts in seen:
        assert counts, "a reader never got a snapshot"
        assert all(0 < n <= 48 for n in counts)
    assert len(lib.snapshot().passages) == 45
    check_consistent(lib)


# --- crash safety for real: SIGKILL a writer ----------------------------------------------

CHILD = """
import sys
import time
from pathlib import Path
from bot.index_file import IndexFile
from bot.library import Library
from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder

TOPICS = %TOPICS%

%ARTICLE_TEXT%

data, start, point, nth = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
hits = [0]


def reached(name):
    # Stop for good at the nth time the chosen point is reached: the parent kills us here.
    if name == point:
        hits[0] += 1
        if hits[0] == nth:
            print(f"AT {name}", flush=True)
            time.sleep(3600)


def wrap(cls, attr, before=None, after=None):
    original = getattr(cls, attr)

    def wrapper(self, *args, **kwargs):
        if before:
            before(*args)
        result = original(self, *args, **kwargs)
        if after:
            after(*args)
        return result

    setattr(cls, attr, wrapper)


seeds = data / "no-seeds"
seeds.mkdir(parents=True, exist_ok=True)
# storage is what is killed here: no per-article analyses (spaCy), which a restarted
# process would redo on first use anyway (FOOTNOTE_DATABASE_URL, when set, names PostgreSQL)
app = Footnote(Settings(data_dir=data, seeds_dir=seeds), encoder=HashingEncoder(),
               analysers=())
store_class = type(app.library("crash").store)  # SQLite's or PostgreSQL's

wrap(Library, "embed_document", after=lambda doc: reached("embedded"))
wrap(store_class, "_bump", after=lambda *a: reached("in-transaction"))
wrap(Library, "_refresh", before=lambda: reached("committed"))
wrap(IndexFile, "_dump",
     before=lambda m: "pending" in m or reached("index-renamed"),
     after=lambda m: "pending" not in m or reached("index-announced"))
print("READY", flush=True)
i = start
while True:
    url = f"https://crash.test/{i % 5}" if i % 3 == 0 else None
    print(f"TRY {i}", flush=True)
    result = app.add_text("crash", article_text(i), title=f"crash-{i}", url=url)
    print(f"ACK {result.article.id} {i} {result.status}", flush=True)
    i += 1
"""
KILL_POINTS = ("embedded", "in-transaction", "committed", "index-announced", "index-renamed")
"""Where a child adding articles is stopped and killed: before its transaction, inside it,
after the commit (before the snapshot and index catch up), and either side of the rename
of a new index file."""
ACK = re.compile(r"ACK (\d+) (\d+) (added|replaced|duplicate)")


@dataclass
class Kill:
    """What one child said before it was killed at a known point."""

    acked: dict[int, int]
    """Article id -> the version i ACKed for it."""
    in_flight: int
    """The i being added when it was killed."""
    acks: int
    """How many adds it finished."""


def kill_child_at(tmp_path: Path, data: Path, start: int, point: str, nth: int,
                  database_url: str | None = None) -> Kill:
    """Run the child until it reaches ``point`` for the ``nth`` time, then SIGKILL it
    (its library in PostgreSQL when ``database_url`` is given, else in SQLite)."""
    script = tmp_path / "child.py"
    script.write_text(CHILD.replace("%TOPICS%", repr(TOPICS))
                      .replace("%ARTICLE_TEXT%", inspect.getsource(article_text)))
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("FOOTNOTE_DATABASE_URL", None)
    if database_url is not None:
        env["FOOTNOTE_DATABASE_URL"] = database_url
    proc = subprocess.Popen(
        [sys.executable, str(script), str(data), str(start), point, str(nth)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )
    acked: dict[int, int] = {}
    in_flight, acks = -1, 0
    lines = _lines(proc)
    try:
        while True:
            line = next(lines, "")
            assert line, (proc.stderr.read().decode() if proc.stderr else "") or "no output"
            if line.startswith("AT "):
                assert line == f"AT {point}"
                break
            if line.startswith("TRY "):
                in_flight = int(line.split()[1])
                continue
            match = ACK.fullmatch(line)
            if match:
                acked[int(match.group(1))] = int(match.group(2))
                acks += 1
            else:
                assert line == "READY", line
    finally:
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err
    return Kill(acked, in_flight, acks)


def _lines(proc: subprocess.Popen[bytes], guard: float = 300.0) -> Iterator[str]:
    """The child's output lines as they come (unbuffered, so select() sees every one).
    ``guard`` only stops a hung child from hanging the suite; it is not a timing."""
    assert proc.stdout is not None
    fd, pending = proc.stdout.fileno(), b""
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            yield line.decode().strip()
        ready, _, _ = select.select([fd], [], [], guard)
        assert ready, "the child said nothing for a long time"
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        pending += chunk


def check_after_kill(lib: Library, acked: dict[int, int], kill: Kill, point: str) -> None:
    """Every ACKed article is there, every article is whole, the in-flight one is there
    exactly when the kill came after its commit."""
    snap = lib.snapshot()
    articles = {a.id: a for a in lib.articles()}
    assert set(acked) <= set(articles), f"ACKed articles {set(acked) - set(articles)} are gone"
    for article in articles.values():
        i = int(article.title.removeprefix("crash-"))
        if article.id in acked:  # this or a later (unACKed) version
            assert i >= acked[article.id]
        fresh = clean_article(extract_text(article_text(i)))
        assert article.text == fresh.text
        assert article.passage_count == len(fresh.passages)
        stored = lib.store.passages_for(article)
        assert [(p.paragraph, p.start, p.end, p.sentences) for p in stored] == [
            (d.paragraph, d.start, d.end, d.sentences) for d in fresh.passages
        ], f"article {article.id} is half-stored"
        assert [snap.passages[r].id for r in snap.article_rows(article.id)] == [
            p.id for p in stored]
    committed = point not in ("embedded", "in-transaction")
    titles = {a.title for a in articles.values()}
    assert (f"crash-{kill.in_flight}" in titles) == committed, (point, kill.in_flight)
    check_consistent(lib)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_at_each_point_of_an_add_never_loses_or_half_stores(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest,
) -> None:
    data = tmp_path / "crashdata"
    url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    acked: dict[int, int] = {}
    for run, point in enumerate(KILL_POINTS):
        kill = kill_child_at(tmp_path, data, run * 1000, point, nth=2, database_url=url)
        acked.update(kill.acked)
        app = Footnote(Settings(data_dir=data, seeds_dir=tmp_path / "none", database_url=url),
                       encoder=HashingEncoder())
        assert type(app.storage).__name__ == {"sqlite": "SQLiteStorage",
                                              "postgresql": "PostgresStorage"}[backend]
        lib = app.library("crash")  # the library opens, and holds every ACKed article whole
        check_after_kill(lib, acked, kill, point)
        assert app.ask("crash", "What did residents say about the orchard apples?").question
        app.close()
    assert len(acked) >= len(KILL_POINTS)


def test_a_store_that_stops_answering_after_the_commit_does_not_undo_the_change(
    open_lib: OpenLib, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The write is committed; reloading it fails (the database went away in between):
    the add says it was saved and will be used once the database is back, instead of
    reporting a failure for an article that is stored. The next use catches up."""
    from bot.errors import StorageError
    from bot.library import SAVED_NOT_LOADED

    lib = open_lib(HashingEncoder())
    add(lib, 0)
    real = lib._refresh

    def down() -> None:
        raise StorageError("The database at test is unreachable.")

    monkeypatch.setattr(lib, "_refresh", down)
    result = add(lib, 1, actor="ada")
    assert result.status == "added" and result.notes[-1] == SAVED_NOT_LOADED
    assert (result.article.title, result.article.added_by) == ("Report number 1 on orchard apples",
                                                               "ada")
    assert result.article.passage_count == len(doc_for(1).passages)
    removed = lib.remove(1)
    assert removed.id == 1
    monkeypatch.setattr(lib, "_refresh", real)
    assert [a.id for a in lib.articles()] == [result.article.id]
    check_consistent(lib)
