"""``footnote ask`` (one question, ``--json`` or ``--batch``) and ``footnote chat``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.cli.context import Command, Context
from bot.conversation import Turn, context_after
from bot.errors import FootnoteError
from bot.render_text import answer_json, answer_text, dumps


def _batch_item(line: str, number: int) -> dict[str, object]:
    """One batch line as ``{"id": .., "question": ..}``: a JSON object, or (a line that does
    not start like JSON) the question itself, numbered by its line."""
    if line.lstrip()[:1] not in ("{", "[", '"'):
        return {"id": number, "question": line.strip()}
    item = json.loads(line)
    if not isinstance(item, dict) or not isinstance(item.get("question"), str):
        raise ValueError('each line must be an object with a "question" string')
    return item


def _ask_batch(ctx: Context, args: argparse.Namespace) -> int:
    stream: Iterable[str]
    if args.batch == "-":
        stream = sys.stdin
    else:
        try:
            stream = Path(args.batch).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise FootnoteError(f"Cannot read the batch file {args.batch}: {exc}.") from exc
    failed = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = _batch_item(line, number)
        except ValueError as exc:
            print(dumps({"line": number, "error": f"line {number} is not valid: {exc}"}),
                  flush=True)
            failed += 1
            continue
        try:
            question = str(item["question"])
            answer = ctx.app.ask(args.library, question, article_id=args.article)
            out = {"id": item.get("id"), **answer_json(answer)}
        except FootnoteError as exc:
            out = {"id": item.get("id"), "question": question, "error": str(exc)}
            failed += 1
        print(dumps(out), flush=True)
    return 1 if failed else 0


def run_ask(ctx: Context, args: argparse.Namespace) -> int:
    """Answer one question (plain text or ``--json``), or a ``--batch`` of JSON lines."""
    if args.batch:
        return _ask_batch(ctx, args)
    if args.question is None:
        raise FootnoteError('Give a question, e.g. footnote ask "Who is Simon Bailey?".')
    answer = ctx.app.ask(args.library, args.question, article_id=args.article)
    print(dumps(answer_json(answer)) if args.json
          else answer_text(answer, bold=sys.stdout.isatty()))
    return 0


def _ask_arguments(ask: argparse.ArgumentParser) -> None:
    ask.add_argument("question", nargs="?", help="the question (or use --batch)")
    ask.add_argument("--article", type=int, metavar="ID", help="only look in this article")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--batch", metavar="FILE",
                     help='read JSON lines {"id": .., "question": ..} (or one plain question '
                     "per line, its id the line number) from FILE or -; write one JSON answer "
                     "per line")


def run_chat(ctx: Context, args: argparse.Namespace) -> int:
    """Ask questions one after another; a follow-up reads the previous answer ("who said
    that?") and its question."""
    print("Ask about the articles (an empty line or Ctrl-D quits). Follow-ups keep the context;"
          " \"tell me more\" reads the article on.")
    previous: Turn | str | None = None
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            print()
            return 0
        if not question or question.lower() in {"quit", "exit", ":q"}:
            return 0
        try:
            answer = ctx.app.ask(args.library, question, previous=previous)
        except FootnoteError as exc:
            print(exc)
            continue
        print(answer_text(answer, bold=sys.stdout.isatty()))
        print()
        previous = context_after(answer, previous)  # the answer's quotes, for "who said that?"


COMMANDS = (
    Command("ask", "ask a question", run_ask, _ask_arguments),
    Command("chat", "ask questions interactively", run_chat),
)
