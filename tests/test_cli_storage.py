"""Messages that tell the truth about the disk: a data folder that is a file, no
permission, a read-only library, a full disk. Each is one sentence naming the path and
what is wrong, exit 1, never "a bug, not your input", and nothing stored is lost.

Tests run as root, which ignores permission bits, so chmod cannot make a folder
read-only here. Instead each case produces the real error at the narrowest point:
SQLite itself opened read-only (``mode=ro`` URI) or capped at its current size
(``PRAGMA max_page_count``, SQLite's own "database or disk is full"); a real file
where a folder must be; a real folder where the database file must be; and, for the
operating system's permission and no-space errors, ``Path.mkdir`` / ``os.replace``
raising the OSError the kernel would give.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_support import fake_model, restore_footnote_logger  # noqa: F401 (fixtures)
from tests.test_cli import ARTICLE, run

BUG = "a bug, not your input"


@pytest.fixture
def long_article(tmp_path: Path) -> Path:
    """An article big enough to need new database pages."""
    path = tmp_path / "long.txt"
    paragraphs = [f"Paragraph {i} tells of harbour works number {i} and the storms of year "
                  f"{1900 + i}, which the council debated at length." for i in range(300)]
    path.write_text("Harbour history\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    return path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, "utf-8")
    return path


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, ""), (argv, out, err)
    assert err.startswith("footnote: ") and err.count("\n") == 1, err
    assert BUG not in err and "Traceback" not in err
    return err


def _patch_connect(monkeypatch: pytest.MonkeyPatch,
                   change: Callable[[str], tuple[str, dict[str, object]]],
                   after: Callable[[sqlite3.Connection], None] = lambda db: None) -> None:
    real = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        target, extra = change(str(database))
        db = real(target, *args, **{**kwargs, **extra})  # type: ignore[arg-type]
        after(db)
        return db

    monkeypatch.setattr(sqlite3, "connect", connect)


def test_data_dir_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = tmp_path / "not-a-folder"
    file.write_text("x", "utf-8")
    err = _refused(capsys, "--data-dir", str(file), "list")
    assert f"The data folder {file} is a file, not a folder" in err
    err = _refused(capsys, "ask", "Who?", "--data-dir", str(file / "sub"))
    assert f"The data folder {file / 'sub'} is inside {file}, which is a file" in err
    assert file.read_text("utf-8") == "x"


def test_a_file_where_the_library_folder_should_be(
    capsys: pytest.CaptureFixture[str], hermetic_env: Path
) -> None:
    (hermetic_env / "libraries").mkdir(parents=True)
    (hermetic_env / "libraries" / "news").write_text("x", "utf-8")
    err = _refused(capsys, "list", "--library", "news")
    assert str(hermetic_env / "libraries" / "news") in err
    assert "has a file where a folder should be" in err


def test_a_database_that_cannot_be_opened(
    capsys: pytest.CaptureFixture[str], hermetic_env: Path
) -> None:
    (hermetic_env / "libraries" / "news" / "library.sqlite3").mkdir(parents=True)
    err = _refused(capsys, "list", "--library", "news")
    assert f"The data folder {hermetic_env} cannot be opened" in err


def test_permission_denied_creating_the_data_folder(
    capsys: pytest.CaptureFixture[str], hermetic_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self.is_relative_to(hermetic_env):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    err = _refused(capsys, "list")
    assert "permission denied" in err and str(hermetic_env) in err


def test_read_only_library_still_reads_and_refuses_changes(
    capsys: pytest.CaptureFixture[str], hermetic_env: Path, article: Path,
) -> None:
    assert run(capsys, "add", str(article))[0] == 0
    before = run(capsys, "list")[1]
    with pytest.MonkeyPatch.context() as patch:
        _patch_connect(patch, lambda path: (f"file:{path}?mode=ro", {"uri": True}))
        assert run(capsys, "list") == (0, before, "")  # reading needs no write access
        err = _refused(capsys, "remove", "2")
        assert f"The data folder {hermetic_env} is read-only" in err
    assert run(capsys, "list")[1] == before


def test_full_disk_while_adding_changes_nothing(
    capsys: pytest.CaptureFixture[str], hermetic_env: Path, long_article: Path,
) -> None:
    before = run(capsys, "list")[1]  # the default library, seeded

    def cap(db: sqlite3.Connection) -> None:  # no page beyond what the file has now
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count={pages}")

    with pytest.MonkeyPatch.context() as patch:
        _patch_connect(patch, lambda path: (path, {}), after=cap)
        err = _refused(capsys, "add", str(long_article))
    assert f"The data folder {hermetic_env} is on a full disk" in err
    assert run(capsys, "list")[1] == before


def test_no_space_left_writing_the_index(
    capsys: pytest.CaptureFixture[str], hermetic_env: Path, article: Path,
) -> None:
    run(capsys, "list")
    real = os.replace

    def replace(src: object, dst: object, *args: object, **kwargs: object) -> None:
        if str(dst).endswith((".faiss", "manifest.json")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    # the index file is a cache rewritten when the index is rebuilt (not on every add):
    # without it the add rebuilds and writes it
    (hermetic_env / "libraries" / "default" / "vectors.faiss").unlink()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", replace)
        err = _refused(capsys, "add", str(article))
    assert "is on a full disk" in err and str(hermetic_env / "libraries" / "default") in err
    # the article was committed to SQLite before the index write failed: it is whole, and
    # the index is rebuilt from the store on the next open
    code, out, _ = run(capsys, "list")
    assert code == 0 and "Harbour plan approved  (3 passages)" in out
    assert run(capsys, "ask", "--json", "How much will the harbour wall cost?")[0] == 0


def test_other_errors_are_still_bugs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.library

    def boom(self: object) -> list[object]:
        raise sqlite3.OperationalError("no such column: nonsense")

    monkeypatch.setattr(bot.library.Library, "articles", boom)  # under the service boundary
    code, _, err = run(capsys, "list")
    assert code == 1 and BUG in err
