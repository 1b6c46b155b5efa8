"""The terminal adapter: ``footnote add|list|show|remove|ask|chat|quiz|reindex|run``.

A thin layer over :class:`bot.service.Footnote`: it parses arguments, calls the
service and prints. A person's mistake exits 1 with one sentence on stderr;
usage errors exit 2 (argparse); a bug is logged with its traceback to
``<data dir>/footnote.log`` and reported in one line.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from bot.errors import FootnoteError, InputError
from bot.render_text import (
    answer_json,
    answer_text,
    article_details,
    article_line,
    dumps,
    paragraph_label,
)

log = logging.getLogger("footnote")


def _count(text: str) -> int:
    """A whole number from 1 to 1,000,000 (argparse type for -n, --limit)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 1,000,000")
    return value


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", default="default", metavar="NAME",
                        help="which library to use (default: %(default)s)")
    common.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="where libraries are stored (overrides FOOTNOTE_DATA_DIR)")
    return common


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``footnote`` command."""
    common = _common()
    parser = argparse.ArgumentParser(
        prog="footnote",
        description="Answer questions about news articles, citing the passages they rest on.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = sub.add_parser("add", parents=[common], help="add an article from a file, URL or stdin")
    add.add_argument("source", help="a .txt/.md/.html/.pdf file, an http(s) URL, or - for stdin")
    add.add_argument("--title", help="the article's title (otherwise taken from the text)")
    add.add_argument("--url", help="the article's address, shown in citations")

    rep = sub.add_parser("replace", parents=[common], help="replace an article's content")
    rep.add_argument("id", type=int)
    rep.add_argument("source", help="a file, an http(s) URL, or - for stdin")
    rep.add_argument("--title")
    rep.add_argument("--url")

    sub.add_parser("list", parents=[common], help="list the articles")
    show = sub.add_parser("show", parents=[common], help="show one article and its passages")
    show.add_argument("id", type=int)
    remove = sub.add_parser("remove", parents=[common], help="remove an article")
    remove.add_argument("id", type=int)

    ask = sub.add_parser("ask", parents=[common], help="ask a question")
    ask.add_argument("question", nargs="?", help="the question (or use --batch)")
    ask.add_argument("--article", type=int, metavar="ID", help="only look in this article")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--batch", metavar="FILE",
                     help='read JSON lines {"id": .., "question": ..} from FILE or -; '
                     "write one JSON answer per line")

    sub.add_parser("chat", parents=[common], help="ask questions interactively")

    quiz = sub.add_parser("quiz", parents=[common], help="quiz yourself on the articles")
    quiz.add_argument("--article", type=int, metavar="ID")
    quiz.add_argument("-n", type=_count, default=5, metavar="N", help="number of questions")
    quiz.add_argument("--kind", choices=["multiple_choice", "fill_blank", "true_false", "any"],
                      default="any")
    quiz.add_argument("--export", action="store_true",
                      help="print the questions as JSON instead of running the quiz")
    quiz.add_argument("--seed", type=int, help="random seed (same seed, same quiz)")

    sub.add_parser("reindex", parents=[common],
                   help="re-embed every passage and rebuild the index files")
    fb = sub.add_parser("feedback", parents=[common], help="show recent votes on answers")
    fb.add_argument("--limit", type=_count, default=20)
    sub.add_parser("log", parents=[common], help="show who changed the library, newest first")
    sub.add_parser("run", parents=[common], help="start the Discord bot (needs DISCORD_TOKEN)")
    return parser


def _progress(stream: TextIO) -> Callable[[str], None]:
    if not stream.isatty():
        return lambda _message: None
    return lambda message: print(f"… {message}", file=stream, flush=True)


def _read_source(source: str) -> str:
    return sys.stdin.read() if source == "-" else source


def _stdin_article(limit: int) -> str:
    """The article piped on standard input, decoded like an uploaded file: binary, undecodable
    or oversized input is refused with a sentence, and never more than ``limit`` bytes are read."""
    if sys.stdin is None:  # started with standard input closed
        raise InputError("There is no standard input to read the article from.")
    raw = getattr(sys.stdin, "buffer", None)
    try:
        if raw is None:  # a text stream (tests): the service checks its size
            return sys.stdin.read()
        data = raw.read(limit + 1)
    except OSError as exc:
        raise InputError(f"Cannot read standard input: {exc.strerror or exc}.") from exc
    if len(data) > limit:
        raise InputError(f"The text on standard input is over the {limit / 1e6:g} MB limit.")
    if not data:
        return ""  # the service says "The pasted text is empty."
    from bot.ingest.extract import decode_text

    return decode_text(data, "The text on standard input")[0]


def _add(app, args: argparse.Namespace, replace_id: int | None = None) -> int:
    progress = _progress(sys.stderr)
    kwargs = {"title": args.title, "actor": "cli", "progress": progress, "replace_id": replace_id}
    if args.source == "-":
        text = _stdin_article(app.settings.max_article_bytes)
        result = app.add_text(args.library, text, url=args.url, **kwargs)
    elif args.source.lower().startswith(("http://", "https://")):
        result = app.add_url(args.library, args.source, **kwargs)
    elif "://" in args.source:
        raise FootnoteError(
            f"{args.source.split('://')[0]}:// links are not supported; give an http(s) URL."
        )
    else:
        result = app.add_file(args.library, Path(args.source), url=args.url, **kwargs)
    a = result.article
    if result.status == "duplicate":
        print(f"Already in the library as article {a.id}: {a.title} (nothing changed).")
    else:
        verb = "Added" if result.status == "added" else "Replaced"
        print(f"{verb} article {a.id}: {a.title} ({a.passage_count} passages).")
        for note in result.notes:  # "decoded as Windows-1252": worth a second look
            print(f"Note: {note}.")
    return 0


def _ask_batch(app, args: argparse.Namespace) -> int:
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
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise ValueError('each line must be an object with a "question" string')
        except ValueError as exc:
            print(dumps({"line": number, "error": f"line {number} is not valid: {exc}"}),
                  flush=True)
            failed += 1
            continue
        try:
            answer = app.ask(args.library, item["question"], article_id=args.article)
            out = {"id": item.get("id"), **answer_json(answer)}
        except FootnoteError as exc:
            out = {"id": item.get("id"), "question": item["question"], "error": str(exc)}
            failed += 1
        print(dumps(out), flush=True)
    return 1 if failed else 0


def _chat(app, args: argparse.Namespace) -> int:
    print("Ask about the articles (an empty line or Ctrl-D quits). Follow-ups keep the context.")
    previous: str | None = None
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            print()
            return 0
        if not question or question.lower() in {"quit", "exit", ":q"}:
            return 0
        try:
            answer = app.ask(args.library, question, previous=previous)
        except FootnoteError as exc:
            print(exc)
            continue
        print(answer_text(answer))
        print()
        if not answer.declined:
            previous = question


def dispatch(args: argparse.Namespace) -> int:
    """Run one parsed command; returns the exit code."""
    from bot.settings import load_settings

    overrides = {"data_dir": args.data_dir} if args.data_dir else {}
    settings = load_settings(**overrides)
    if args.command == "run":
        from bot.discord_app.runner import run_bot

        return run_bot(settings)
    from bot.service import Footnote

    app = Footnote(settings, progress=_progress(sys.stderr))
    if args.command == "add":
        return _add(app, args)
    if args.command == "replace":
        return _add(app, args, replace_id=args.id)
    if args.command == "list":
        articles = app.list_articles(args.library)
        if not articles:
            print(f"The library {args.library!r} has no articles yet. Add one with `footnote add`.")
        for article in articles:
            print(article_line(article))
        return 0
    if args.command == "show":
        view = app.show_article(args.library, args.id)
        print("\n".join(article_details(view.article)))
        for p in view.passages:
            print(f"\n[{paragraph_label(p.paragraph)}]\n{p.text}")
        return 0
    if args.command == "remove":
        removed = app.remove_article(args.library, args.id, actor="cli")
        print(f"Removed article {removed.id}: {removed.title}.")
        return 0
    if args.command == "ask":
        if args.batch:
            return _ask_batch(app, args)
        if args.question is None:
            raise FootnoteError('Give a question, e.g. footnote ask "Who is Simon Bailey?".')
        answer = app.ask(args.library, args.question, article_id=args.article)
        print(dumps(answer_json(answer)) if args.json else answer_text(answer))
        return 0
    if args.command == "chat":
        return _chat(app, args)
    if args.command == "quiz":
        from bot.quiz.terminal import run_quiz_command

        return run_quiz_command(app, args)
    if args.command == "reindex":
        count = app.reindex(args.library, progress=_progress(sys.stderr))
        print(f"Re-embedded {count} passages of library {args.library!r}.")
        return 0
    if args.command == "feedback":
        rows = app.library(args.library).store.feedback(args.limit)
        if not rows:
            print("No votes yet.")
        for row in rows:
            mark = "helpful" if row.helpful else "NOT helpful"
            print(f"{row.at}  {mark:<12} {row.user}: {row.question!r}")
        return 0
    if args.command == "log":
        for entry in app.library(args.library).store.audit_log():
            print(f"{entry['at']}  {entry['actor'] or '-':<12} {entry['action']:<8} "
                  f"{entry['article_id'] or '':>4} {entry['detail'] or ''}")
        return 0
    raise AssertionError(f"unknown command {args.command}")


def _log_file(args: argparse.Namespace) -> Path | None:
    try:
        from bot.settings import load_settings

        data_dir = args.data_dir or load_settings().data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        return data_dir / "footnote.log"
    except Exception:
        return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``footnote`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if isinstance(sys.stdin, io.TextIOWrapper):
        # chat, quiz and --batch read lines: a stray byte that is not UTF-8 becomes U+FFFD
        # instead of a UnicodeDecodeError (`add -` reads the raw bytes and checks them itself)
        sys.stdin.reconfigure(errors="replace")
    try:
        return dispatch(args)
    except FootnoteError as exc:
        print(f"footnote: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("footnote: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        path = _log_file(args)
        if path is not None:
            log.addHandler(logging.FileHandler(path, encoding="utf-8"))
            log.propagate = False  # the traceback goes to the file, not the terminal
        log.exception("unexpected error in %s", args.command)
        where = f" Details are in {path}." if path else ""
        print(f"footnote: something went wrong inside Footnote (a bug, not your input).{where}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
