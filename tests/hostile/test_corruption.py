"""Damaged library files: each is detected when the library is opened, with one sentence
that names `footnote reindex`; `footnote reindex` rebuilds from the stored passages and
every question gets the same answer as before. A missing vectors.faiss or manifest.json is
simply rebuilt from SQLite. A damaged SQLite file (the source of truth) is named as such,
and a backup of it restores the library."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import sqlite3
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.service import Footnote
from tests.hostile.support import Fingerprint, cli, fingerprint, library_root, refused, words_in

QUESTIONS = [
    "Who is Simon Bailey?",
    "How much will the harbour wall cost?",
    "What did the fishermen ask for?",
    "Who wrote the article about social media?",
    "What is the capital of Peru?",  # not answered plainly, before and after
]


def answers(capsys: pytest.CaptureFixture[str], library: str = "default") -> list[dict]:
    out = []
    for question in QUESTIONS:
        code, text, err = cli(capsys, "ask", "--json", "--library", library, question)
        assert (code, err) == (0, ""), err
        out.append(json.loads(text))
    return out


def _truncate(root: Path) -> None:
    path = root / "vectors.faiss"
    path.write_bytes(path.read_bytes()[:200])


def _random_bytes(root: Path) -> None:
    size = (root / "vectors.faiss").stat().st_size
    (root / "vectors.faiss").write_bytes(random.Random(5).randbytes(size))


def _huge_count(root: Path) -> None:
    """One damaged size field: FAISS alone would zero-fill 512 MB before noticing."""
    path = root / "vectors.faiss"
    data = bytearray(path.read_bytes())
    data[74:82] = struct.pack("<q", 1 << 27)
    path.write_bytes(bytes(data))


def _segment_file(root: Path) -> Path:
    return root / json.loads((root / "manifest.json").read_text())["segment_file"]


def _flip_segment_byte(root: Path) -> None:
    """One byte of a sentence vector changed: only the CRC-32 can tell."""
    path = _segment_file(root)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))


def _truncate_segment(root: Path) -> None:
    path = _segment_file(root)
    path.write_bytes(path.read_bytes()[:300])


def _other_model(root: Path) -> None:
    manifest = json.loads((root / "manifest.json").read_text())
    (root / "manifest.json").write_text(json.dumps({**manifest, "model_id": "other/model-v9"}))


def _not_json(root: Path) -> None:
    (root / "manifest.json").write_text('{"format": 1, "model_id": "test-hashing", ')


DAMAGE: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "truncated vectors.faiss": (_truncate, ("vector index", "damaged", "vectors.faiss")),
    "random vectors.faiss": (_random_bytes, ("vector index", "damaged")),
    "huge count in vectors.faiss": (_huge_count, ("vector index", "damaged")),
    "manifest of another model": (_other_model, ("other/model-v9", "test-hashing")),
    "manifest not JSON": (_not_json, ("manifest", "damaged")),
    "one byte of the segment file": (_flip_segment_byte, ("vector index", "damaged",
                                                          "does not match")),
    "truncated segment file": (_truncate_segment, ("vector index", "damaged", "segment-")),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damage_is_named_and_reindex_cures_it(
    case: str, stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    damage, words = DAMAGE[case]
    expected = answers(capsys)
    # answered, and not answered plainly (refused, or hedged: never claimed as an answer)
    assert not expected[0]["declined"] and (expected[-1]["declined"] or expected[-1]["hedged"])
    before = fingerprint(stocked)
    damage(stocked)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    message = refused(capsys, "ask", "Who is Simon Bailey?")
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 100_000  # KB
    words_in(message, *words, "Run `footnote reindex --library default`")
    assert "faiss::" not in message and "index_read.cpp" not in message  # no C++ internals
    assert refused(capsys, "ask", "--json", "What did the fishermen ask for?") == message

    code, out, err = cli(capsys, "reindex")
    passages = len(before.passages)
    assert (code, out, err) == (0, f"Re-embedded {passages} passages of library 'default'.\n", "")
    assert answers(capsys) == expected
    after = fingerprint(stocked)
    assert (after.articles, after.passages) == (before.articles, before.passages)
    assert after.generation == before.generation + 1  # the reindex itself
    manifest = json.loads(after.manifest)
    assert (manifest["model_id"], manifest["generation"], manifest["passages"]) == (
        "test-hashing", after.generation, passages
    )


def same_library(after: Fingerprint, before: Fingerprint) -> None:
    """The same articles, passages and rows; index files rebuilt to match the store."""
    assert (after.articles, after.passages, after.generation, after.rows) == (
        before.articles, before.passages, before.generation, before.rows)
    manifest = json.loads(after.manifest)
    assert manifest["generation"] == after.generation
    assert manifest["crc32"] == zlib.crc32(after.faiss)
    assert manifest["passages"] == len(after.passages)  # rebuilt from the store: all of them


@pytest.mark.parametrize("lost", ["vectors.faiss", "manifest.json", "both", "segment file"])
def test_missing_index_files_are_rebuilt_silently(
    lost: str, stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    expected = answers(capsys)
    before = fingerprint(stocked)
    for name in ("vectors.faiss", "manifest.json"):
        if lost in (name, "both"):
            (stocked / name).unlink()
    if lost == "segment file":
        _segment_file(stocked).unlink()
    assert answers(capsys) == expected  # no message, no reindex needed
    rebuilt = fingerprint(stocked)
    same_library(rebuilt, before)
    assert answers(capsys) == expected
    assert fingerprint(stocked) == rebuilt  # asking again rewrites nothing


def test_damaged_sqlite_file_says_restore_from_backup(
    app: Footnote, stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """SQLite is the source of truth: a damaged one cannot be rebuilt, and says so."""
    app.library("default").store.close()  # as after a restart: nobody has the file open
    db = stocked / "library.sqlite3"
    good = db.read_bytes()
    for damaged in (os.urandom(len(good)), good[:8192]):
        db.write_bytes(damaged)
        for path in stocked.glob("library.sqlite3-*"):
            path.unlink()
        for argv in (["ask", "Who is Simon Bailey?"], ["list"], ["reindex"]):
            message = refused(capsys, *argv)
            words_in(message, "database of library 'default'", "is damaged",
                     "Restore library.sqlite3 from a backup")
    db.write_bytes(good)
    code, out, _ = cli(capsys, "list")
    assert code == 0 and len(out.splitlines()) == 2


def test_a_backup_of_the_sqlite_file_alone_restores_everything(
    stocked: Path, tmp_path: Path, hermetic_env: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What docs/GUARANTEES.md says: back up library.sqlite3 with SQLite's online backup
    (the bot may keep running); restore it alone and the index files are rebuilt."""
    expected = answers(capsys)
    before = fingerprint(stocked)
    backup = tmp_path / "backup.sqlite3"
    source = sqlite3.connect(stocked / "library.sqlite3")
    target = sqlite3.connect(backup)
    with target:
        source.backup(target)  # the same as the sqlite3 shell's `.backup`
    source.close()
    target.close()

    restored = tmp_path / "restored-data"
    library_root(restored).mkdir(parents=True)
    shutil.copyfile(backup, library_root(restored) / "library.sqlite3")
    monkeypatch.setenv("FOOTNOTE_DATA_DIR", str(restored))
    assert answers(capsys) == expected
    same_library(fingerprint(library_root(restored)), before)
    assert hermetic_env != restored


def test_fuzzed_faiss_files_are_read_or_refused_without_ballooning(tmp_path: Path) -> None:
    """300 damaged copies of an index file (a count overwritten, cut short, bytes flipped):
    each loads or raises RuntimeError (which the library turns into the reindex sentence),
    quickly and without FAISS zero-filling gigabytes for a count that lies."""
    import numpy as np

    from bot.vectors import FaissIndex

    good_path = tmp_path / "good.faiss"
    vectors = np.random.default_rng(3).random((12, 64), dtype=np.float32)
    FaissIndex.build(np.arange(1, 13), vectors).save(good_path)
    good = good_path.read_bytes()
    rng = random.Random(11)
    path = tmp_path / "fuzzed.faiss"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    outcomes = {"loaded": 0, "refused": 0}
    for trial in range(300):
        data = bytearray(good)
        if trial % 3 == 0:  # a count or size field overwritten (at most 512 MB if believed)
            at = rng.randrange(0, 120)
            data[at:at + 8] = struct.pack("<q", rng.choice([1 << 24, 1 << 27, -1, 3, 1 << 62]))
        elif trial % 3 == 1:
            data = data[: rng.randrange(0, len(data))]
        else:
            for _ in range(5):
                data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            index = FaissIndex.load(path)
        except RuntimeError:
            outcomes["refused"] += 1
            continue
        assert index.dim == 64 and len(index) == len(index.ids()) == 12
        outcomes["loaded"] += 1  # only vector values changed: the ids check catches the rest
    assert outcomes["refused"] >= 150 and outcomes["loaded"] >= 50, outcomes
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 100_000  # KB
