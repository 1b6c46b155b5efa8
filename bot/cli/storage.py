"""``footnote migrate`` and ``footnote copy``: the storage itself, not one library's articles.

``copy`` moves libraries between the embedded SQLite files and a PostgreSQL database,
either way: ``--from``/``--to`` each take a ``postgresql://`` URL or a data folder, and
``--from`` defaults to the storage this Footnote is set to use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.context import Command, Context
from bot.errors import FootnoteError, InputError

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.storage import Storage


def run_migrate(ctx: Context, args: argparse.Namespace) -> int:
    """Bring the storage schema up to date (the database's, or every library file's)."""
    from bot.storage import open_storage

    storage = open_storage(ctx.settings)
    try:
        print(storage.migrate())
    finally:
        storage.close()
    return 0


def storage_at(location: str | None, settings: Settings) -> Storage:
    """The storage a ``--from``/``--to`` names: a PostgreSQL URL or a data folder (None:
    the one the settings name)."""
    from bot.storage import SQLiteStorage, open_storage, postgres_storage
    from bot.storage_errors import check_data_dir

    if location is None:
        return open_storage(settings)
    if location.startswith(("postgresql://", "postgres://")):
        return postgres_storage(location, settings, listen=False)
    if "://" in location:
        raise InputError(f"{location.split('://')[0]}:// is not a storage Footnote knows: give a "
                         "postgresql:// URL or a data folder.")
    folder = Path(location).expanduser()
    check_data_dir(folder)
    return SQLiteStorage(folder)


def run_copy(ctx: Context, args: argparse.Namespace) -> int:
    """Copy one library (or all, with ``--all``) from one storage to another."""
    from bot.storage.copying import copy_library

    source = storage_at(args.source, ctx.settings)
    target = storage_at(args.to, ctx.settings)
    try:
        if (type(source), source.where) == (type(target), target.where):
            raise InputError(f"--from and --to are the same storage ({source.where}): nothing "
                             "to copy.")
        names = source.names() if args.all else [args.library]
        if not names:
            print(f"There are no libraries at {source.where} to copy.")
            return 0
        failed = 0
        for name in names:
            try:
                count = copy_library(source, target, name)
            except FootnoteError as exc:
                if not args.all:
                    raise
                failed += 1
                print(f"Not copied: {exc}", file=sys.stderr)
                continue
            print(f"Copied library {name!r} ({count} article{'s' if count != 1 else ''}) from "
                  f"{source.where} to {target.where}.")
        if not args.all and len(others := [n for n in source.names() if n not in names]) > 0:
            print(f"({len(others)} other librar{'y' if len(others) == 1 else 'ies'} at "
                  f"{source.where}: --all copies every one.)", file=sys.stderr)
        return 1 if failed else 0
    finally:
        source.close()
        target.close()


def _copy_arguments(copy: argparse.ArgumentParser) -> None:
    copy.add_argument("--to", required=True, metavar="URL_OR_DIR",
                      help="where to copy to: a postgresql:// URL or a data folder")
    copy.add_argument("--from", dest="source", metavar="URL_OR_DIR",
                      help="where to copy from (default: the storage in use)")
    copy.add_argument("--all", action="store_true",
                      help="copy every library (default: the one --library names)")


COMMANDS = (
    Command("migrate", "bring the storage schema up to date (the PostgreSQL database's, or "
            "every library file's)", run_migrate),
    Command("copy", "copy libraries between SQLite and PostgreSQL (footnote copy --all --to "
            "postgresql://…)", run_copy, _copy_arguments),
)
