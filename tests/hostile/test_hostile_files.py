"""Hostile files, through the service API and `footnote add`: each is refused with a
specific sentence (the CLI exits 1 with one line on stderr) and the library is left
exactly as it was; the few odd files that *are* readable are added correctly, with a note.

Every file is generated here, in the test's own folder (the 50 MB one is sparse).
"""

from __future__ import annotations

import io
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter

from bot.errors import InputError
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_text
from bot.service import Footnote
from tests.hostile.support import cli, fingerprint, refused, words_in

BODY = (
    "Le café de la gare était fermé lundi, a dit le maire à la réunion du conseil.\n\n"
    "The council met on Monday to discuss the harbour wall and its cost to the town.\n\n"
    "Residents said the plan would protect their homes from the winter storms."
)


def _pdf(*, encrypt: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return make


def _sparse_50mb(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as fh:
        fh.write(b"The start of a very long article. " * 30)
        fh.truncate(50_000_000)  # sparse: no 50 MB ever written to disk
    return path


def _symlink(folder: Path) -> Path:
    path = folder / "passwd.txt"
    path.symlink_to("/etc/passwd")
    return path


def _directory(folder: Path) -> Path:
    path = folder / "folder.txt"
    path.mkdir()
    return path


SCRIPT_HTML = (
    b"<html><head><title>App</title><script>" + b"var state = {count: 1};" * 4000
    + b"</script><style>" + b".a{color:red}" * 2000 + b"</style></head>"
    b"<body><div id='root'>Loading</div><script>render()</script></body></html>"
)
REFRESH_HTML = (
    b'<html><head><meta http-equiv="refresh" content="0; url=https://news.example/real">'
    b"<title>Moved</title></head><body>Redirecting...</body></html>"
)
NESTED_HTML = b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body>"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + os.urandom(2000)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000)

# name -> (make the file, words the refusal must contain)
REFUSED: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "empty": (_write("empty.txt", b""), ("empty.txt", "is empty")),
    "whitespace": (_write("blank.txt", b"  \n\t\r\n \f \n"), ("blank.txt", "only whitespace")),
    "zero-width only": (_write("zw.txt", "\u200b\u200c\ufeff\n\u2060".encode()),
                        ("zw.txt", "only whitespace")),
    "ELF program": (_write("program", ELF), ("binary", "Linux program")),
    "PNG renamed .txt": (_write("photo.txt", PNG), ("photo.txt", "binary", "PNG image")),
    "NULs in text": (_write("nul.txt", b"hello\x00world\x00" * 200), ("binary",)),
    "scanned PDF": (_write("scan.pdf", _pdf()), ("scan.pdf", "no text layer", "scanned")),
    "encrypted PDF": (_write("locked.pdf", _pdf(encrypt=True)),
                      ("locked.pdf", "password-protected")),
    "truncated PDF": (_write("cut.pdf", _pdf()[:300]), ("cut.pdf", "damaged")),
    "undecodable": (_write("mojibake.txt", bytes(range(0x80, 0x100)) * 40),
                    ("mojibake.txt", "could not be decoded")),
    "50 MB": (_sparse_50mb, ("huge.txt", "50 MB", "limit is 5 MB")),
    "script and style": (_write("app.html", SCRIPT_HTML),
                         ("app.html", "no readable article text", "script and style")),
    "meta refresh": (_write("moved.html", REFRESH_HTML),
                     ("moved.html", "only redirects", "https://news.example/real")),
    "100k nested divs": (_write("deep.html", NESTED_HTML),
                         ("deep.html", "no readable article text", "nested too deeply")),
    "100k paragraphs": (_write("words.txt", "\n\n".join(f"w{i}" for i in range(100_000)).encode()),
                        ("100,000 paragraphs", "limit is 2,000")),
    "boilerplate only": (_write("furniture.txt", b"Subscribe now\n\nAdvertisement\n\nRead more"),
                         ("no article text",)),
    "symlink to /etc/passwd": (_symlink, ("passwd.txt", "symbolic link")),
    "directory": (_directory, ("folder.txt", "not a regular file")),
    "/dev/zero": (lambda _: Path("/dev/zero"), ("/dev/zero", "not a regular file")),
    "nonexistent": (lambda folder: folder / "nowhere.txt", ("nowhere.txt", "No such file")),
    "unknown extension": (_write("notes.xyz", BODY.encode()),
                          (".xyz file", ".txt, .md, .html or .pdf")),
}
PATH_ONLY = {"symlink to /etc/passwd", "directory", "/dev/zero", "nonexistent"}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_file_is_refused_and_changes_nothing(
    case: str, app: Footnote, stocked: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make, words = REFUSED[case]
    folder = tmp_path / "files"
    folder.mkdir()
    path = make(folder)
    before = fingerprint(stocked)

    started = time.monotonic()
    with pytest.raises(InputError) as info:
        app.add_file("default", path)
    assert time.monotonic() - started < 5, "refusing took too long"
    words_in(str(info.value), *words)
    assert "\n" not in str(info.value)
    assert fingerprint(stocked) == before

    if case not in PATH_ONLY and case != "50 MB":  # the same bytes uploaded (Discord)
        with pytest.raises(InputError) as info:
            app.add_bytes("default", path.read_bytes(), filename=path.name)
        words_in(str(info.value), *words)
        assert fingerprint(stocked) == before

    words_in(refused(capsys, "add", str(path)), *words)
    assert fingerprint(stocked) == before


def test_50mb_file_is_refused_by_its_size_without_being_read(
    app: Footnote, stocked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = _sparse_50mb(tmp_path)
    before = fingerprint(stocked)
    tracemalloc.start()
    started = time.monotonic()
    try:
        message = refused(capsys, "add", str(path))
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.monotonic() - started < 2
    assert peak < 2_000_000, f"{peak:,} bytes allocated to refuse a file by its size"
    words_in(message, "50 MB", "limit is 5 MB")
    assert fingerprint(stocked) == before


def test_a_file_that_grows_after_its_size_was_checked_is_read_no_further(
    app: Footnote, stocked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """lstat says 1 KB, but by the time it is opened the file is 50 MB: at most the limit
    plus one byte is read, and it is refused by size."""
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 1000)
    real_lstat = Path.lstat

    def lstat_then_grow(self: Path) -> os.stat_result:
        info = real_lstat(self)
        if self == path:
            with path.open("r+b") as fh:
                fh.truncate(50_000_000)
        return info

    monkeypatch.setattr(Path, "lstat", lstat_then_grow)
    before = fingerprint(stocked)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"is 5\.1 MB; the limit is 5 MB"):
            app.add_file("default", path)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 12_000_000, f"{peak:,} bytes: more than the limit was read"
    assert fingerprint(stocked) == before


# --- standard input -----------------------------------------------------------------------

def _stdin(monkeypatch: pytest.MonkeyPatch, source: Path | bytes) -> None:
    raw = source.open("rb") if isinstance(source, Path) else io.BytesIO(source)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))


@pytest.mark.parametrize(("data", "words"), [
    (b"", ("pasted text is empty",)),
    (b" \n\t\n", ("only whitespace",)),
    (ELF, ("standard input", "binary")),
    (b"\x00\x01\x02" * 1000, ("standard input", "binary")),
    (bytes(range(0x80, 0x100)) * 40, ("standard input", "could not be decoded")),
], ids=["empty", "whitespace", "ELF", "control bytes", "undecodable"])
def test_hostile_stdin_is_refused(
    data: bytes, words: tuple[str, ...], stocked: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = fingerprint(stocked)
    _stdin(monkeypatch, data)
    words_in(refused(capsys, "add", "-"), *words)
    assert fingerprint(stocked) == before


@pytest.mark.parametrize("source", ["50 MB file", "/dev/zero"])
def test_endless_or_huge_stdin_is_cut_at_the_limit(
    source: str, stocked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = fingerprint(stocked)
    _stdin(monkeypatch, _sparse_50mb(tmp_path) if source == "50 MB file" else Path("/dev/zero"))
    started = time.monotonic()
    tracemalloc.start()
    try:
        message = refused(capsys, "add", "-")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        sys.stdin.close()
    assert time.monotonic() - started < 3, "reading standard input did not stop"
    assert peak < 12_000_000, f"{peak:,} bytes held: more than the 5 MB limit was read"
    words_in(message, "standard input", "over the 5 MB limit")
    assert fingerprint(stocked) == before


# --- odd files that are readable ----------------------------------------------------------

@pytest.mark.parametrize(("encoding", "note"), [
    ("latin-1", "decoded as Windows-1252"),
    ("utf-16-le", "decoded as UTF-16 without a byte-order mark"),
    ("utf-16-be", "decoded as UTF-16 without a byte-order mark"),
])
def test_latin1_and_bomless_utf16_are_added_correctly_with_a_note(
    encoding: str, note: str, app: Footnote, stocked: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "gare.txt"
    path.write_bytes(BODY.encode(encoding))
    code, out, err = cli(capsys, "add", str(path))
    assert (code, err) == (0, "")
    title = BODY.split("\n")[0]  # the first sentence
    assert out == f"Added article 3: {title} (3 passages).\nNote: {note}.\n"
    article = app.show_article("default", 3)
    expected = clean_article(extract_text(BODY))
    assert article.article.text == expected.text  # every accent read right
    assert "café de la gare était fermé" in article.article.text
    assert [p.text for p in article.passages] == [
        expected.text[p.start:p.end] for p in expected.passages
    ]
    # the service reports the same note
    again = tmp_path / "gare2.txt"
    again.write_bytes((BODY + " Encore.").encode(encoding))
    assert app.add_file("default", again).notes == (note,)


def test_file_without_extension_is_read_as_text(
    app: Footnote, stocked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "README"
    path.write_text(BODY, "utf-8")
    code, out, err = cli(capsys, "add", str(path))
    assert (code, err) == (0, "")
    assert out.startswith("Added article 3: ") and "(3 passages)" in out
    assert app.show_article("default", 3).article.source == "README"


def test_names_and_titles_that_are_not_utf8_are_stored_not_crashed_on(
    app: Footnote, stocked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """A file name or --title with bytes that are not UTF-8 arrives as lone surrogates
    (os.fsdecode); SQLite refuses those, which used to be reported as a bug."""
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    path.write_text(BODY, "utf-8")
    assert "\udce9" in str(path)
    code, out, err = cli(capsys, "add", str(path), "--title", os.fsdecode(b"Le caf\xe9"),
                         "--url", os.fsdecode(b"https://n.test/caf\xe9"))
    assert (code, err) == (0, "")
    assert out == "Added article 3: Le caf\ufffd (3 passages).\n"
    stored = app.show_article("default", 3).article
    assert (stored.title, stored.source, stored.url) == (
        "Le caf\ufffd", "caf\ufffd.txt", "https://n.test/caf\ufffd"
    )
    # bytes that are UTF-8 after all (a C-locale terminal) come back as what was meant
    result = app.add_text("default", BODY + " Fin.", title=os.fsdecode("Été".encode()))
    assert result.article.title == "Été"
    # a broken emoji in pasted text (a lone surrogate from JSON) is mended, not stored
    result = app.add_text("default", BODY.replace("Monday", "Monday \ud83d") + " Bis.")
    assert "Monday \ufffd to discuss" in result.article.text
