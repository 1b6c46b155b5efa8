"""Odd command-line arguments: ids beyond SQLite's 64-bit integers (they used to raise
OverflowError, reported as a bug), negative ids and counts, bad library names."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from bot.errors import NotFoundError
from bot.service import Footnote
from tests.hostile.support import HARBOUR, cli, fingerprint, refused, words_in

HUGE = "99999999999999999999"


@pytest.mark.parametrize("argv", [
    ["show", HUGE], ["remove", HUGE], ["show", "-5"], ["remove", "0"],
    ["ask", "--article", HUGE, "Who is Simon Bailey?"],
    ["ask", "--article", "-1", "Who is Simon Bailey?"],
    ["replace", HUGE, "-"],
])
def test_unknown_ids_are_named_not_crashed_on(
    argv: list[str], stocked: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HARBOUR.encode())))
    before = fingerprint(stocked)
    wanted = HUGE if HUGE in argv else next(a for a in argv if a.lstrip("-").isdigit())
    words_in(refused(capsys, *argv), f"no article {wanted}", "footnote list")
    assert fingerprint(stocked) == before


def test_service_names_a_huge_id(app: Footnote, stocked: Path) -> None:
    huge = int(HUGE)
    for call in (lambda: app.show_article("default", huge),
                 lambda: app.remove_article("default", huge),
                 lambda: app.ask("default", "Who is Simon Bailey?", article_id=huge),
                 lambda: app.add_text("default", HARBOUR + "More.", replace_id=huge)):
        with pytest.raises(NotFoundError, match=f"no article {huge}"):
            call()


@pytest.mark.parametrize("argv", [
    ["feedback", "--limit", HUGE], ["feedback", "--limit", "0"], ["feedback", "--limit", "-1"],
])
def test_counts_out_of_range_are_usage_errors(
    argv: list[str], stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        cli(capsys, *argv)
    assert info.value.code == 2
    assert "not a whole number from 1 to 1,000,000" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["../etc", "Default", "a/b", "x" * 65, "caf\udce9", ""])
def test_bad_library_names(name: str, stocked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    words_in(refused(capsys, "list", "--library", name), "not a valid library name")
    assert sorted(p.name for p in stocked.parent.iterdir()) == ["default"]


def test_add_from_a_closed_or_failing_stdin(
    stocked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    before = fingerprint(stocked)
    monkeypatch.setattr(sys, "stdin", None)  # `footnote add - <&-`
    words_in(refused(capsys, "add", "-"), "no standard input")

    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Broken())))
    words_in(refused(capsys, "add", "-"), "Cannot read standard input", "Input/output error")
    assert fingerprint(stocked) == before
