"""``footnote export`` and ``footnote import``: a library as JSON lines, and back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.articles import ACTOR
from bot.cli.context import Command, Context
from bot.errors import InputError


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    """Write the library to standard output as JSON lines (header, articles, change log)."""
    count = ctx.app.export_library(args.library, sys.stdout, vectors=args.vectors)
    if sys.stderr.isatty():
        print(f"Exported {count} articles of library {args.library!r}.", file=sys.stderr)
    return 0


def _export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("--vectors", action="store_true",
                        help="include the passage vectors (an import with the same model then "
                        "skips embedding; the file is several times larger)")


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    """Add the articles (and change log) of an export to a library."""
    if args.file == "-":
        lines, name = sys.stdin, "standard input"
    else:
        path = Path(args.file)
        try:
            lines, name = path.read_text("utf-8").splitlines(), path.name
        except UnicodeDecodeError as exc:
            raise InputError(f"{path} is not UTF-8 text, so it is not a Footnote export.") from exc
        except OSError as exc:
            raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    report = ctx.app.import_library(args.library, lines, name=name, actor=ACTOR)
    print("\n".join(report.lines()))
    return 1 if report.with_status("failed") else 0


def _import_arguments(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("file", metavar="FILE", help="a file written by `footnote export`, or -")


COMMANDS = (
    Command("export", "write a library as JSON lines (footnote export --library L > L.jsonl)",
            run_export, _export_arguments),
    Command("import", "add the articles of an export to a library "
            "(footnote import L.jsonl --library M)", run_import, _import_arguments),
)
