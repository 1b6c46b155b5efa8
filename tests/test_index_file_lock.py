"""Several writers of one library's index files (PostgreSQL processes share the folder):
they take turns, so the manifest always describes the files beside it."""

from __future__ import annotations

import json
import random
import threading
import time
import zlib
from pathlib import Path

import pytest

from bot.file_lock import exclusive
from bot.index_file import IndexFile
from bot.library import Library
from tests.fakes import HashingEncoder
from tests.test_library import add


def test_a_held_lock_makes_another_holder_wait_then_give_up(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    with exclusive(path, 1.0) as first:
        assert first
        got: list[bool] = []

        def other() -> None:
            with exclusive(path, 0.1) as second:
                got.append(second)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert got == [False]
    with exclusive(path, 0.1) as again:  # released
        assert again
    assert path.exists()  # never deleted (see the module docstring)


def test_writers_taking_turns_leave_a_manifest_that_matches_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    lib = Library("default", tmp_path / "lib", HashingEncoder())
    dump = IndexFile._dump
    pause = random.Random(7)

    def slow_dump(self: IndexFile, manifest: dict) -> None:  # widens the window between
        time.sleep(pause.random() * 0.01)  # a file's rename and its manifest's
        dump(self, manifest)

    monkeypatch.setattr(IndexFile, "_dump", slow_dump)
    snaps = []
    for i in range(1, 4):  # three different first segments to write
        add(lib, i)
        snaps.append(lib.snapshot())
    files = [IndexFile(lib.root, "default") for _ in range(4)]  # as four processes would
    for round_ in range(12):  # four overlapping writes a round, then the files are checked
        errors: list[BaseException] = []
        together = threading.Barrier(4)

        def writer(k: int, round_: int = round_, errors: list = errors,
                   together: threading.Barrier = together) -> None:
            try:
                together.wait(10)
                files[k].write(snaps[(k + round_) % 3], model_id=lib.encoder.model_id,
                               dim=lib.encoder.dim, epoch=None)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        manifest = json.loads((lib.root / "manifest.json").read_text())
        assert "pending" not in manifest
        assert manifest["crc32"] == zlib.crc32((lib.root / "vectors.faiss").read_bytes()), round_
        segment = (lib.root / manifest["segment_file"]).read_bytes()
        assert manifest["segment_crc32"] == zlib.crc32(segment)
        stored = files[0].load(generation=lib.store.generation(),
                               model_id=lib.encoder.model_id, dim=lib.encoder.dim, epoch=None)
        assert stored is not None and stored.generation in {s.generation for s in snaps}
