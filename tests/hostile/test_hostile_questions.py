"""Hostile questions, through Footnote.ask and `footnote ask` (plain, --json, --batch, chat):
refused with a specific sentence or answered/declined, never a crash; quotes stay verbatim;
the answer never carries a mass mention the articles do not; asking changes nothing."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.errors import QuestionError
from bot.models import Answer
from bot.service import Footnote
from tests.hostile.support import cli, fingerprint, refused, words_in

REFUSED = {
    "empty": ("", ("empty",)),
    "spaces": ("  \n\t ", ("empty",)),
    "100,000 characters": (("Who is Simon Bailey? " * 5000)[:100_000],
                           ("at most 1,000", "yours has 100,000")),
    "emoji only": ("😀🎉🔥 👀❓", ("no words",)),
    "zero-width only": ("\u200b\u200c\u200d\u2060\ufeff", ("empty",)),
    "punctuation only": ("?!… — ¿¡", ("no words",)),
}
ANSWERED_OR_DECLINED = {
    "markdown and code": (
        "```python\nimport os; os.system('rm -rf /')\n```\n**Who** is `Simon Bailey`?"
    ),
    "heading and quote": "# Question\n> what did Simon Bailey say about fines?",
    "@everyone": "@everyone who is Simon Bailey?",
    "role mention": "<@&123> <@456> what did the police chief say about boycotting?",
    "French": "Qui est Simon Bailey et que pense-t-il des réseaux sociaux ?",
    "Chinese": "西蒙·贝利是谁？他对社交媒体说了什么？",
    "right-to-left override": "\u202e?yeliaB nomiS si ohW",
    "control characters": "\x00\x07Who is \x1bSimon Bailey?\x7f",
    "not UTF-8 (lone surrogates)": "Who is Simon \udcff\udcfe Bailey?",
    "broken emoji (lone surrogate)": "Who is Simon Bailey? \ud83d",
    "HTML": "<script>alert(1)</script><b>Who</b> is Simon Bailey?",
    "SQL": "Who is Simon Bailey'; DROP TABLE articles; --",
}
DECLINED = {"French", "Chinese", "right-to-left override"}


def check_answer(app: Footnote, answer: Answer) -> None:
    """Quotes are verbatim slices of their article and appear in the answer text; no mass
    mention or role mention is in the answer unless the quoted article has it."""
    for c in answer.citations:
        article = app.show_article("default", c.article_id).article
        assert article.text[c.start:c.end] == c.quote
        assert f"{c.quote} [{c.n}]" in answer.text
    for mention in ("@everyone", "@here", "<@&123>", "<@456>"):
        assert mention not in answer.text
    if answer.declined:  # a refusal, or asked to be put in English
        assert answer.citations == () and answer.text.startswith(
            ("I couldn't find that", "I can only read questions in English"))


@pytest.mark.parametrize("case", list(REFUSED))
def test_unaskable_question_is_refused(
    case: str, app: Footnote, stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    question, words = REFUSED[case]
    before = fingerprint(stocked)
    with pytest.raises(QuestionError) as info:
        app.ask("default", question)
    words_in(str(info.value), *words)
    words_in(refused(capsys, "ask", question), *words)
    words_in(refused(capsys, "ask", "--json", question), *words)
    assert fingerprint(stocked) == before


@pytest.mark.parametrize("case", list(ANSWERED_OR_DECLINED))
def test_odd_question_is_answered_or_declined(
    case: str, app: Footnote, stocked: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    question = ANSWERED_OR_DECLINED[case]
    before = fingerprint(stocked)
    answer = app.ask("default", question)
    check_answer(app, answer)
    if case in DECLINED:  # the library cannot read it: refused, or at most hedged
        assert answer.declined or answer.hedged
    code, out, err = cli(capsys, "ask", "--json", question)
    assert (code, err) == (0, "")
    shown = json.loads(out)
    assert (shown["answer"], shown["declined"]) == (answer.text, answer.declined)
    code, out, err = cli(capsys, "ask", question)
    assert (code, err) == (0, "") and out.strip()
    assert fingerprint(stocked) == before


def test_a_plain_question_still_works_with_noise_around_it(app: Footnote, stocked: Path) -> None:
    """The control for the cases above: the noise does not stop a real answer."""
    clean = app.ask("default", "Who is Simon Bailey?")
    assert not clean.declined and "Simon Bailey" in clean.text
    for noisy in ("Who is Simon \udcff Bailey?", "\x00Who is Simon Bailey?\x7f",
                  "\u200bWho is Simon\u200d Bailey?"):
        answer = app.ask("default", noisy)
        assert answer.citations and answer.citations[0].quote == clean.citations[0].quote


def test_batch_of_hostile_lines_answers_each_and_never_crashes(
    stocked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    lines = [
        json.dumps({"id": 1, "question": "Who is Simon Bailey?"}).encode(),
        b'{"id": 2, "question": "caf\xe9 ?"}',  # not UTF-8
        json.dumps({"id": 3, "question": "x" * 100_000}).encode(),
        json.dumps({"id": 4, "question": "\U0001f600"}).encode(),
        b"{\xff\xfe\x00garbage",  # (a line not starting like JSON is a plain question)
        json.dumps({"id": 6, "question": ["not", "a", "string"]}).encode(),
        json.dumps({"id": 7, "question": "@everyone who wrote it?"}).encode(),
    ]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n".join(lines))))
    before = fingerprint(stocked)
    code, out, err = cli(capsys, "ask", "--batch", "-")
    assert code == 1 and err == ""  # some lines failed; each said why on its own line
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 7
    assert rows[0]["id"] == 1 and not rows[0]["declined"]
    assert rows[1]["id"] == 2 and "error" not in rows[1]  # the stray byte became U+FFFD
    assert rows[1]["question"] == "caf\ufffd ?"
    assert rows[2]["id"] == 3 and "at most 1,000" in rows[2]["error"]
    assert rows[3]["id"] == 4 and "no words" in rows[3]["error"]
    assert rows[4] == {"line": 5, "error": rows[4]["error"]} and "not valid" in rows[4]["error"]
    assert rows[5] == {"line": 6, "error": rows[5]["error"]} and "question" in rows[5]["error"]
    assert rows[6]["id"] == 7 and "@everyone" not in rows[6]["answer"]
    assert fingerprint(stocked) == before


def test_chat_survives_bytes_that_are_not_utf8(
    stocked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    typed = b"Who is Simon \xff Bailey?\n\xf0\x9f\x98\x80\n" + b"x" * 5000 + b"\n\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(typed)))
    code, out, err = cli(capsys, "chat")
    assert (code, err) == (0, "")
    assert "Simon Bailey, the country’s leading child protection officer" in out
    assert "it has no words in it" in out
    assert "at most 1,000 characters" in out


@pytest.mark.model
def test_hostile_questions_with_the_real_model(real_app: Footnote) -> None:
    """The real tokenizer is stricter than the fake encoder: a lone surrogate used to crash
    it ("TextEncodeInput must be Union[...]"), reported as a bug."""
    for question in ANSWERED_OR_DECLINED.values():
        answer = real_app.ask("default", question)
        check_answer(real_app, answer)
    bailey = real_app.ask("default", "Who is Simon \udcff Bailey?")
    assert not bailey.declined and "Simon Bailey" in bailey.text
    assert real_app.ask("default", "西蒙·贝利是谁？").declined
