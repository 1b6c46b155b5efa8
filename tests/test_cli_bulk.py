"""Bulk import: ``footnote add`` with several paths, folders and ``--from-file``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import bot.service
from bot.cli.context import ProgressBar
from tests.cli_support import fake_model, restore_footnote_logger  # noqa: F401 (fixtures)
from tests.fakes import HashingEncoder
from tests.test_cli import run

TOPICS = ["harbour", "railway", "library", "bridge", "school", "hospital", "market", "museum",
          "park", "theatre", "airport", "stadium", "canal", "castle", "farm", "forest", "river",
          "tower", "mill", "lighthouse"]


def _article(topic: str, n: int) -> str:
    return (f"The {topic} story number {n}\n\n"
            f"The council approved a new {topic} on Tuesday after a long debate.\n\n"
            f"The {topic} will cost {n + 2} million pounds, officials said.\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """20 good articles (some in sub-folders, in three formats) and 5 bad files, plus files
    a folder import must skip (unsupported types, hidden files)."""
    root = tmp_path / "articles"
    for n, topic in enumerate(TOPICS):
        sub = root / ("2024" if n % 2 else "2025") / ("deep" if n % 5 == 0 else "")
        sub.mkdir(parents=True, exist_ok=True)
        text = _article(topic, n)
        if n % 3 == 0:
            (sub / f"{topic}.md").write_text(f"# {text}", "utf-8")
        elif n % 3 == 1:
            paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
            (sub / f"{topic}.html").write_text(
                f"<html><head><title>{text.splitlines()[0]}</title></head><body><article>"
                f"<h1>{text.splitlines()[0]}</h1>{paragraphs}</article></body></html>", "utf-8")
        else:
            (sub / f"{topic}.txt").write_text(text, "utf-8")
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.md").write_text("   \n\n  \n", "utf-8")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    (bad / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (bad / "link.txt").symlink_to("/etc/passwd")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 skipped: not a supported type")
    (root / ".hidden.txt").write_text(_article("secret", 99), "utf-8")
    return root


def test_a_folder_adds_20_and_reports_5_failures(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = []
    monkeypatch.setattr(bot.service, "make_encoder",
                        lambda *a, **k: loads.append(1) or HashingEncoder())
    code, out, err = run(capsys, "add", str(folder), "--library", "news")
    assert code == 1 and err == ""
    assert len(loads) == 2  # each model (the main one, the rankers') once for the batch
    lines = out.splitlines()
    assert sum(line.startswith("Added article ") for line in lines) == 20
    assert "25 items: 20 added, 0 duplicates, 5 failed." in lines
    failed = lines[lines.index("Failed:") + 1:]
    assert len(failed) == 5
    reasons = {Path(line.strip().split(": ", 1)[0]).name: line.split(": ", 1)[1]
               for line in failed}
    assert "is empty" in reasons["empty.txt"]
    assert "contains only whitespace" in reasons["blank.md"]
    assert "damaged or not a PDF" in reasons["broken.pdf"]
    assert "binary file (PNG image)" in reasons["picture.txt"]
    assert "symbolic link" in reasons["link.txt"]
    assert all(reason.endswith(".") and "\n" not in reason for reason in reasons.values())

    listed = run(capsys, "list", "--library", "news")[1].splitlines()
    assert len(listed) == 20
    assert not any("secret" in line for line in listed)

    # the same folder again: all duplicates, the same failures, nothing added twice
    code, out, _ = run(capsys, "add", str(folder), "--library", "news")
    assert code == 1 and "25 items: 0 added, 20 duplicates, 5 failed." in out
    assert len(run(capsys, "list", "--library", "news")[1].splitlines()) == 20


def test_several_paths_all_good_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    paths = []
    for n, topic in enumerate(TOPICS[:3]):
        paths.append(tmp_path / f"{topic}.txt")
        paths[-1].write_text(_article(topic, n), "utf-8")
    code, out, err = run(capsys, "--library", "news", "add", *map(str, paths), str(paths[0]))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Added article 1: The harbour story number 0 (2 passages).",
        "Added article 2: The railway story number 1 (2 passages).",
        "Added article 3: The library story number 2 (2 passages).",
        "Already in the library as article 1: The harbour story number 0 (nothing changed).",
        "4 items: 3 added, 1 duplicate, 0 failed.",
    ]


def test_from_file_with_paths_urls_and_comments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lists = tmp_path / "lists"
    (lists / "sub").mkdir(parents=True)
    (lists / "sub" / "a.txt").write_text(_article("harbour", 1), "utf-8")
    (tmp_path / "b.txt").write_text(_article("railway", 2), "utf-8")
    list_file = lists / "list.txt"
    list_file.write_text(
        "# articles for the news library\n\n"
        "sub/a.txt\n"  # relative to the list file's folder
        f"{tmp_path / 'b.txt'}\n"
        "missing.txt\n"
        "http://127.0.0.1:9/private.html\n"
        "ftp://example.test/x.txt\n", "utf-8")
    code, out, err = run(capsys, "add", "--from-file", str(list_file), "--library", "news")
    assert code == 1 and err == ""
    assert "5 items: 2 added, 0 duplicates, 3 failed." in out
    assert "missing.txt: Cannot read" in out
    assert "http://127.0.0.1:9/private.html: " in out and "127.0.0.1" in out
    assert "ftp://example.test/x.txt: ftp:// links are not supported" in out


def test_bulk_usage_mistakes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(_article("harbour", 1), "utf-8")
    b.write_text(_article("railway", 2), "utf-8")
    for argv, message in [
        (["add", str(a), str(b), "--title", "T"], "--title and --url describe one article"),
        (["add", str(a), "-"], "Standard input (-) can only be added on its own."),
        (["add", "--from-file", str(tmp_path / "nope.txt")], "Cannot read the list file"),
        (["add", str(tmp_path / "empty-folder")], "Cannot read"),
    ]:
        (tmp_path / "empty").mkdir(exist_ok=True)
        code, out, err = run(capsys, *argv)
        assert (code, out) == (1, ""), argv
        assert message in err and err.count("\n") == 1, err
    code, out, err = run(capsys, "add", str(tmp_path / "empty"))
    assert code == 1 and out == "" and "is a folder, not a regular file, and holds no" in err
    with pytest.raises(SystemExit) as info:
        run(capsys, "add")
    assert info.value.code == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only() -> None:
    screen = _Terminal()
    bar = ProgressBar(4, screen, width=8)
    bar.show(0, "a.txt")
    bar.show(2, "b.txt")
    bar.close()
    assert "\r[........] 0/4 a.txt" in screen.getvalue()
    assert "\r[####....] 2/4 b.txt" in screen.getvalue()
    assert screen.getvalue().endswith("\r")
    piped = io.StringIO()
    ProgressBar(4, piped).show(1, "a.txt")
    assert piped.getvalue() == ""


def test_a_bug_on_one_file_does_not_stop_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    hermetic_env: Path,
) -> None:
    import bot.ingest.extract

    real = bot.ingest.extract.strip_markdown

    def broken(text: str) -> tuple[str, str | None]:
        if "railway" in text:
            raise RuntimeError("kaboom")
        return real(text)

    monkeypatch.setattr(bot.ingest.extract, "strip_markdown", broken)
    paths = []
    for n, topic in enumerate(["harbour", "railway", "bridge"]):
        paths.append(tmp_path / f"{topic}.md")
        paths[-1].write_text(_article(topic, n), "utf-8")
    code, out, err = run(capsys, "add", *map(str, paths), "--library", "news")
    assert code == 1 and err == ""  # the traceback goes to the log, not the terminal
    assert "3 items: 2 added, 0 duplicates, 1 failed." in out
    assert f"{paths[1]}: Something went wrong inside Footnote while reading it" in out
    assert "RuntimeError: kaboom" in (hermetic_env / "footnote.log").read_text("utf-8")
