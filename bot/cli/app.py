"""The ``footnote`` command: the parser, the command table and the error boundary.

A person's mistake exits 1 with one sentence on stderr; usage errors exit 2
(argparse); a bug is logged with its traceback to ``<data dir>/footnote.log`` and
reported in one line.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
from pathlib import Path

from bot.cli import admin, articles, asking, storage, transfer
from bot.cli.context import LOG_NAME, Command, Context
from bot.errors import FootnoteError

log = logging.getLogger("footnote")

COMMANDS: tuple[Command, ...] = (
    *articles.COMMANDS, *asking.COMMANDS, *transfer.COMMANDS, *admin.COMMANDS,
    *storage.COMMANDS,
)
_BY_NAME = {command.name: command for command in COMMANDS}


def _global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """``--library`` and ``--data-dir``, accepted before the command and after it.

    After the command they default to SUPPRESS, so a value given before it is kept.
    """
    parser.add_argument("--library", metavar="NAME",
                        default="default" if defaults else argparse.SUPPRESS,
                        help="which library to use (default: default)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        default=None if defaults else argparse.SUPPRESS,
                        help="where libraries are stored (overrides FOOTNOTE_DATA_DIR)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``footnote`` command."""
    parser = argparse.ArgumentParser(
        prog="footnote",
        description="Answer questions about news articles, citing the passages they rest on.",
    )
    _global_options(parser, defaults=True)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, defaults=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.arguments(sub.add_parser(command.name, parents=[common], help=command.help))
    return parser


def dispatch(args: argparse.Namespace) -> int:
    """Run one parsed command; returns the exit code."""
    from bot.settings import load_settings

    overrides = {"data_dir": args.data_dir} if args.data_dir else {}
    return _BY_NAME[args.command].handler(Context(load_settings(**overrides)), args)


def _log_file(args: argparse.Namespace) -> Path | None:
    try:
        from bot.settings import load_settings

        data_dir = args.data_dir or load_settings().data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        return data_dir / LOG_NAME
    except Exception:
        return None


def _show_progress() -> None:
    """One-off waits (the model's first preparation) get a plain line on stderr."""
    progress = logging.getLogger("footnote.progress")
    if not progress.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("footnote: %(message)s"))
        progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``footnote`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = _BY_NAME[args.command].check(args)
    if problem is not None:
        parser.error(f"{args.command}: {problem}")  # exits 2, like argparse's own checks
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _show_progress()
    if args.command != "run":  # a command prints the sentence itself; the bot logs outages
        logging.getLogger("footnote.database").setLevel(logging.CRITICAL)
        for library in ("trafilatura", "htmldate", "courlan", "justext"):  # their own notes
            logging.getLogger(library).setLevel(logging.ERROR)  # ("discarding data: None")
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
