"""The terminal adapter, in-process (fake encoder) and as a real `footnote` subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bot.service
from bot.cli import build_parser, main
from bot.settings import TUNED_MODEL
from tests.cli_support import fake_model, restore_footnote_logger  # noqa: F401 (fixtures)

FOOTNOTE = Path(sys.executable).parent / "footnote"
SEED_TITLE = "Police chief: only boycotting social media will force action on abuse"

ARTICLE = """Harbour plan approved

The town council approved a new harbour wall on Tuesday after a long debate about flooding.

The wall will cost 4 million pounds and protect two hundred homes from storms, officials said.

Fishermen welcomed the decision but asked for a new slipway as well.
"""

ANSWER_KEYS = {
    "question", "answer", "declined", "hedged", "confidence", "citations", "answer_span",
    "suggestions",
}
CITATION_KEYS = {"n", "article_id", "title", "paragraph", "quote", "url", "score", "answer_span"}


def check_span(span: object, quote: str | None = None) -> None:
    """``answer_span`` is null or {"n", "start", "end", "text"} pointing into a quote."""
    if span is None:
        return
    assert isinstance(span, dict) and set(span) == {"n", "start", "end", "text"}
    assert 0 <= span["start"] < span["end"]
    if quote is not None:
        assert quote[span["start"]:span["end"]] == span["text"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_answer_json(obj: dict[str, object]) -> None:
    assert set(obj) >= ANSWER_KEYS
    assert isinstance(obj["question"], str) and isinstance(obj["answer"], str)
    assert isinstance(obj["declined"], bool) and isinstance(obj["hedged"], bool)
    assert not (obj["declined"] and obj["hedged"])
    assert isinstance(obj["confidence"], float | int)
    assert isinstance(obj["citations"], list) and isinstance(obj["suggestions"], list)
    for n, c in enumerate(obj["citations"], start=1):
        assert set(c) == CITATION_KEYS
        assert c["n"] == n
        assert isinstance(c["article_id"], int) and isinstance(c["paragraph"], int)
        assert isinstance(c["title"], str) and isinstance(c["quote"], str) and c["quote"]
        assert c["url"] is None or isinstance(c["url"], str)
        assert isinstance(c["score"], float | int)
        check_span(c["answer_span"], c["quote"])
    check_span(obj["answer_span"])
    if obj["answer_span"] is not None:
        cited = obj["citations"][obj["answer_span"]["n"] - 1]
        assert cited["answer_span"] == obj["answer_span"]


# --- articles ---------------------------------------------------------------------------

def test_add_file_list_show_remove(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, "utf-8")
    assert run(capsys, "add", str(path)) == (
        0, "Added article 2: Harbour plan approved (3 passages).\n", "")
    code, out, _ = run(capsys, "add", str(path))
    assert code == 0
    assert out == "Already in the library as article 2: Harbour plan approved (nothing changed).\n"

    code, out, _ = run(capsys, "list")
    assert code == 0
    assert out.splitlines() == [
        f"   1  {SEED_TITLE} by Martin Evans  (12 passages)",
        "   2  Harbour plan approved  (3 passages)",
    ]

    code, out, _ = run(capsys, "show", "2")
    assert code == 0
    assert "Title:       Harbour plan approved" in out
    assert "Passages:    3" in out and "Added by:    cli" in out
    assert "[paragraph 2]\nThe wall will cost 4 million pounds" in out

    assert run(capsys, "remove", "2") == (0, "Removed article 2: Harbour plan approved.\n", "")
    code, out, err = run(capsys, "show", "2")
    assert code == 1 and out == ""
    assert err == ("footnote: There is no article 2 in this library. `footnote list` "
                   "(or /article list) shows the ids.\n")


def test_add_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE))
    code, out, err = run(capsys, "add", "-", "--library", "news", "--title", "From stdin",
                         "--url", "https://n.test/1")
    assert (code, err) == (0, "")
    assert out == "Added article 1: From stdin (3 passages).\n"
    code, out, _ = run(capsys, "show", "1", "--library", "news")
    assert "URL:         https://n.test/1" in out and "Source:      pasted text" in out
    # the same URL again from stdin replaces it in place
    monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE.replace("Tuesday", "Friday")))
    code, out, _ = run(capsys, "add", "-", "--library", "news", "--url", "https://n.test/1")
    assert out == "Replaced article 1: Harbour plan approved (3 passages).\n"


def test_list_of_an_empty_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", "--library", "other") == (
        0, "The library 'other' has no articles yet. Add one with `footnote add`.\n", "")


def test_bad_sources_exit_1_with_one_line(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    for argv, message in [
        (["add", "ftp://x.test/a.txt"], "footnote: ftp:// links are not supported"),
        (["add", str(tmp_path / "missing.txt")], "footnote: Cannot read"),
        (["add", "/dev/zero"], "is not a regular file"),
    ]:
        code, out, err = run(capsys, *argv, "--library", "news")
        assert code == 1 and out == "", argv
        assert message in err and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert run(capsys, "list", "--library", "news")[1].startswith("The library 'news' has no")


def test_replace_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    run(capsys, "add", str(path), "--library", "news")
    path.write_text(ARTICLE.replace("Fishermen", "Sailors"), "utf-8")
    code, out, _ = run(capsys, "replace", "1", str(path), "--library", "news")
    assert (code, out) == (0, "Replaced article 1: Harbour plan approved (3 passages).\n")
    code, _, err = run(capsys, "replace", "9", str(path), "--library", "news")
    assert code == 1 and "no article 9" in err


# --- asking -----------------------------------------------------------------------------

def test_ask_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ask", "What did he say about 4G and 5G networks?")
    assert (code, err) == (0, "")
    assert out.startswith("And he said as 4G and 5G networks were rolled out")
    assert "\nSources\n[1] " + SEED_TITLE + " (paragraph 8, article 1)\n" in out
    assert "    “And he said as 4G" in out


@pytest.fixture
def real_model(monkeypatch: pytest.MonkeyPatch, real_encoder, real_ranking_encoder) -> None:
    """Answer-quality assertions (which sentence, declined or not) run with the real models
    (the main one, and the rankers' tuned one)."""
    monkeypatch.setattr(bot.service, "make_encoder", lambda model, *a, **k: (
        real_ranking_encoder if model == TUNED_MODEL else real_encoder))


@pytest.mark.model
@pytest.mark.usefixtures("real_model")
def test_ask_declined_lists_titles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "zebra xylophone quasar?")
    assert code == 0
    assert out == (f"I couldn't find that in the articles I have.\n\nArticles I have:\n"
                   f"  - {SEED_TITLE}\n")


@pytest.mark.model
@pytest.mark.usefixtures("real_model")
def test_ask_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "--json", "Who is Simon Bailey?")
    assert code == 0 and out.count("\n") == 1
    obj = json.loads(out)
    check_answer_json(obj)
    assert obj["question"] == "Who is Simon Bailey?"
    assert obj["declined"] is False
    assert obj["citations"][0]["paragraph"] == 2
    assert obj["citations"][0]["quote"].startswith(
        "Simon Bailey, the country’s leading child protection officer")  # UTF-8 kept as is
    assert obj["citations"][0]["title"] == SEED_TITLE

    code, out, _ = run(capsys, "ask", "--json", "Who wrote the article?")
    obj = json.loads(out)
    check_answer_json(obj)
    assert obj["citations"][0]["quote"] == "By Martin Evans CRIME CORRESPONDENT"
    assert obj["citations"][0]["paragraph"] == 0

    code, out, _ = run(capsys, "ask", "--json", "zebra xylophone quasar?")
    obj = json.loads(out)
    check_answer_json(obj)
    assert obj["declined"] is True and obj["citations"] == []
    assert obj["suggestions"] == [SEED_TITLE]


def test_ask_unknown_article_and_bad_questions(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, message in [
        (["ask", "--article", "77", "Who is he?"], "There is no article 77"),
        (["ask", ""], "Ask a question: the text is empty."),
        (["ask", "🙂🙂"], "it has no words in it"),
        (["ask"], 'Give a question, e.g. footnote ask "Who is Simon Bailey?".'),
    ]:
        code, out, err = run(capsys, *argv)
        assert (code, out) == (1, ""), argv
        assert err.startswith("footnote: ") and message in err
        assert err.count("\n") == 1 and "Traceback" not in err


BATCH = [
    {"id": "q1", "question": "Who is Simon Bailey?"},
    {"id": 2, "question": "Who wrote the article?"},
    {"id": "q3", "question": "zebra xylophone quasar?"},
    {"id": "q4", "question": "What did he say about 4G and 5G networks?"},
]


def _check_batch_output(out: str) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in out.splitlines()]
    for row in rows:
        if "error" not in row:
            check_answer_json(row)
    return rows


@pytest.mark.model
@pytest.mark.usefixtures("real_model")
def test_ask_batch_from_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in BATCH) + "\n\n", "utf-8")
    code, out, err = run(capsys, "ask", "--batch", str(path))
    assert (code, err) == (0, "")
    rows = _check_batch_output(out)
    assert [r["id"] for r in rows] == ["q1", 2, "q3", "q4"]  # order kept, ids echoed
    assert [r["question"] for r in rows] == [item["question"] for item in BATCH]
    assert [r["declined"] for r in rows] == [False, False, True, False]
    assert "Martin Evans" in rows[1]["answer"]
    assert rows[3]["citations"][0]["paragraph"] == 8


def test_ask_batch_from_stdin_with_bad_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        json.dumps(BATCH[0]),
        "{not json",
        json.dumps({"id": "empty", "question": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "noq"}),
        json.dumps(BATCH[1]),
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, err = run(capsys, "ask", "--batch", "-")
    assert code == 1 and err == ""
    rows = _check_batch_output(out)
    assert len(rows) == 6
    assert rows[0]["id"] == "q1" and rows[0]["declined"] is False
    assert rows[1] == {"line": 2, "error": rows[1]["error"]}
    assert rows[1]["error"].startswith("line 2 is not valid")
    assert rows[2] == {"id": "empty", "question": "   ",
                       "error": "Ask a question: the text is empty."}
    assert rows[3]["line"] == 4 and "question" in rows[3]["error"]
    assert rows[4]["line"] == 5
    assert rows[5]["id"] == 2 and "Martin Evans" in rows[5]["answer"]


def test_ask_batch_takes_plain_lines_as_questions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["  Who is Martin Evans?  ", json.dumps(BATCH[0]), "{broken"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, err = run(capsys, "ask", "--batch", "-")
    assert code == 1 and err == ""  # the broken JSON line still counts as a failure
    rows = _check_batch_output(out)
    assert rows[0]["id"] == 1 and rows[0]["question"] == "Who is Martin Evans?"
    assert "Martin Evans" in rows[0]["answer"]
    assert rows[1]["id"] == "q1"
    assert rows[2]["line"] == 3 and rows[2]["error"].startswith("line 3 is not valid")


def test_ask_batch_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "ask", "--batch", str(tmp_path / "nope.jsonl"))
    assert code == 1 and out == ""
    assert err.startswith("footnote: Cannot read the batch file") and err.count("\n") == 1


@pytest.mark.model
@pytest.mark.usefixtures("real_model")
def test_chat_keeps_context(capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["What about paedophile hunters?", "What did he say about them?", "", "x"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "chat")
    assert code == 0
    assert out.count("Sources") == 2
    assert "paragraph 11" in out.split("Sources")[-1]
    assert next(answers) == "x"  # stopped at the empty line


def test_chat_reports_errors_and_quits_on_eof(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    items = iter(["🙂", "quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(items))
    code, out, _ = run(capsys, "chat")
    assert code == 0 and "it has no words in it" in out

    def eof(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", eof)
    assert run(capsys, "chat")[0] == 0


# --- other commands ---------------------------------------------------------------------

def test_log_feedback_and_reindex(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    run(capsys, "add", str(path))
    run(capsys, "remove", "2")
    code, out, _ = run(capsys, "log")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert "cli" in lines[0] and "remove" in lines[0] and "Harbour plan approved" in lines[0]
    assert "add" in lines[1] and "seed" in lines[2]
    assert run(capsys, "feedback") == (0, "No votes yet.\n", "")
    assert run(capsys, "reindex") == (0, "Re-embedded 12 passages of library 'default'.\n", "")
    code, _, err = run(capsys, "reindex", "--library", "ghost")
    assert code == 1 and "no library called 'ghost'" in err


def test_data_dir_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    assert run(capsys, "add", str(path), "--library", "x", "--data-dir", str(other))[0] == 0
    assert (other / "libraries" / "x" / "library.sqlite3").exists()
    assert run(capsys, "list", "--library", "x")[1].startswith("The library 'x' has no")


def test_global_options_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "elsewhere"
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    assert run(capsys, "--data-dir", str(data), "--library", "x", "add", str(path)) == (
        0, "Added article 1: Harbour plan approved (3 passages).\n", "")
    assert (data / "libraries" / "x" / "library.sqlite3").exists()
    listed = "   1  Harbour plan approved  (3 passages)\n"
    assert run(capsys, "list", "--library", "x", "--data-dir", str(data))[1] == listed
    assert run(capsys, "--library", "x", "list", "--data-dir", str(data))[1] == listed
    # after the command wins over before it
    assert run(capsys, "--library", "y", "--data-dir", str(data), "list", "--library", "x")[1] \
        == listed
    assert run(capsys, "--data-dir", str(data), "list", "--library", "y")[1].startswith(
        "The library 'y' has no articles")


def test_info_says_what_a_bug_report_needs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, hermetic_env: Path
) -> None:
    code, out, err = run(capsys, "info")
    assert (code, err) == (0, "")
    assert out.startswith("Footnote 0.1.0 (a checkout at ")
    assert f"Data folder:  {hermetic_env} (from FOOTNOTE_DATA_DIR)" in out
    assert "Model:        all-MiniLM-L6-v2 " in out and "torch 2.13.0" in out
    assert "Ranking:      all-MiniLM-L6-v2-footnote, id all-MiniLM-L6-v2-footnote-" in out
    assert f"Log:          {hermetic_env / 'footnote.log'}" in out
    assert out.endswith("Libraries:\n  none yet (the data folder is created on first use)\n")
    assert not hermetic_env.exists()  # info creates nothing

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    run(capsys, "add", str(path), "--library", "news")
    run(capsys, "list")  # seeds the default library
    out = run(capsys, "--data-dir", str(hermetic_env), "info")[1]
    assert f"Data folder:  {hermetic_env} (from --data-dir)" in out
    libraries = out.split("Libraries:\n")[1].splitlines()
    assert [line.split()[0] for line in libraries] == ["default", "news"]
    assert libraries[0].endswith("1 article, 12 passages")
    assert libraries[1].endswith("1 article, 3 passages") and " KB " in libraries[1]


def test_invalid_setting_exits_1(capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTNOTE_MAX_QUESTION_CHARS", "lots")
    code, out, err = run(capsys, "list")
    assert code == 1 and out == ""
    assert "FOOTNOTE_MAX_QUESTION_CHARS" in err and err.count("\n") == 1


def test_a_bug_is_one_line_and_the_traceback_goes_to_the_log(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, hermetic_env: Path
) -> None:
    def boom(self: object, library: str) -> list[object]:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(bot.service.Footnote, "list_articles", boom)
    code, out, err = run(capsys, "list")
    assert code == 1 and out == ""
    assert err.startswith("footnote: something went wrong inside Footnote")
    assert err.count("\n") == 1 and "Traceback" not in err and "kaboom" not in err
    log_text = (hermetic_env / "footnote.log").read_text("utf-8")
    assert "Traceback" in log_text and "RuntimeError: kaboom" in log_text


@pytest.mark.parametrize(
    "argv",
    [[], ["nonsense"], ["remove", "abc"], ["show"], ["ask", "--article", "x", "q"],
     ["quiz", "--kind", "essay"], ["add"], ["list", "--bogus"]],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage: footnote" in err and "Traceback" not in err


def test_every_command_has_help() -> None:
    parser = build_parser()
    text = parser.format_help()
    for command in ("add", "replace", "list", "show", "remove", "ask", "chat", "quiz",
                    "reindex", "feedback", "log", "run", "info", "export", "import"):
        assert command in text


# --- the real console script --------------------------------------------------------------

def _footnote(tmp_path: Path, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOOTNOTE_", "DISCORD_"))}
    env["FOOTNOTE_DATA_DIR"] = str(tmp_path / "subdata")
    return subprocess.run([str(FOOTNOTE), *argv], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=timeout)


def test_console_script_errors(tmp_path: Path) -> None:
    assert FOOTNOTE.exists()
    done = _footnote(tmp_path, "show", "5", "--library", "empty")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("footnote: There is no article 5 in this library. `footnote list` "
                           "(or /article list) shows the ids.\n")
    done = _footnote(tmp_path, "remove", "abc")
    assert done.returncode == 2
    assert "invalid int value: 'abc'" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "subdata" / "libraries" / "empty" / "library.sqlite3").exists()
    page = tmp_path / "app.html"  # trafilatura's own "discarding data: None" is not shown
    page.write_text("<html><head><script>var a = 1;</script></head><body><script>go()"
                    "</script></body></html>", encoding="utf-8")
    done = _footnote(tmp_path, "add", str(page))
    assert done.returncode == 1 and done.stderr.startswith("footnote: The file “app.html” has "
                                                           "no readable article text")
    assert done.stderr.count("\n") == 1, done.stderr


@pytest.mark.model
def test_console_script_answers_with_the_real_model(tmp_path: Path) -> None:
    done = _footnote(tmp_path, "ask", "What did he say about 4G and 5G networks?", timeout=180)
    assert done.returncode == 0, done.stderr
    assert "5G networks were rolled out in more countries" in done.stdout
    assert "\nSources\n[1] " + SEED_TITLE + " (paragraph 8, article 1)" in done.stdout
    assert "Traceback" not in done.stderr


