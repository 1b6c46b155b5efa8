"""``footnote add|replace|list|show|remove``: curating a library from the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.bulk import BulkOutcome, collect_items, describe_added, is_url, read_list_file
from bot.cli.context import Command, Context, ProgressBar, logged_to_file, progress_lines
from bot.errors import FootnoteError, InputError
from bot.ingest.extract import ACCEPTED_TYPES, too_large
from bot.render_text import article_details, article_line, paragraph_label

ACTOR = "cli"


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
        raise too_large("The text on standard input", limit)
    if not data:
        return ""  # the service says "The pasted text is empty."
    from bot.ingest.extract import decode_text

    return decode_text(data, "The text on standard input")[0]


def _add_one(ctx: Context, args: argparse.Namespace, source: str,
             replace_id: int | None = None) -> int:
    app = ctx.app
    kwargs = {"title": args.title, "actor": ACTOR, "progress": progress_lines(sys.stderr),
              "replace_id": replace_id}
    if source == "-":
        text = _stdin_article(app.settings.max_article_bytes)
        result = app.add_text(args.library, text, url=args.url, **kwargs)
    elif is_url(source):
        result = app.add_url(args.library, source, **kwargs)
    elif "://" in source:
        raise FootnoteError(f"{source.split('://')[0]}:// links are not supported; give an "
                            "http(s) URL.")
    else:
        result = app.add_file(args.library, Path(source), url=args.url, **kwargs)
    print("\n".join(describe_added(result.status, result.article, result.notes)))
    return 0


def _add_many(ctx: Context, args: argparse.Namespace) -> int:
    if args.title or args.url:
        raise InputError("--title and --url describe one article; give a single file, URL or -.")
    if "-" in args.sources:
        raise InputError("Standard input (-) can only be added on its own.")
    items = collect_items(args.sources)
    if args.from_file is not None:
        list_file = Path(args.from_file)
        items += collect_items(read_list_file(list_file), base=list_file.parent)
    if not items:
        raise InputError(f"There is nothing to add: the list holds no {ACCEPTED_TYPES} files "
                         "or URLs.")
    if len(items) == 1 and items[0].problem is not None:  # an empty folder: one sentence
        raise InputError(items[0].problem)
    bar = ProgressBar(len(items), sys.stderr)

    def on_item(index: int, outcome: BulkOutcome | None) -> None:
        bar.show(index + (outcome is not None), items[index].name)

    try:
        with logged_to_file(ctx.settings, "bot.bulk"):
            report = ctx.app.add_many(args.library, items, actor=ACTOR, on_item=on_item)
    finally:
        bar.close()
    print("\n".join(report.lines()))
    return 1 if report.with_status("failed") else 0


def run_add(ctx: Context, args: argparse.Namespace) -> int:
    """Add one article as before, or many (several sources, a folder, --from-file)."""
    sources = args.sources
    single = (len(sources) == 1 and args.from_file is None
              and not (sources[0] != "-" and Path(sources[0]).is_dir()))
    if single:
        return _add_one(ctx, args, sources[0])
    return _add_many(ctx, args)


def _check_add(args: argparse.Namespace) -> str | None:
    if not args.sources and args.from_file is None:
        return "give a file, folder, URL or - to add (or --from-file LIST)"
    return None


def _add_arguments(add: argparse.ArgumentParser) -> None:
    add.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="a .txt/.md/.html/.pdf file, a folder (read recursively), an http(s) "
                     "URL, or - for stdin; several are added one after another")
    add.add_argument("--from-file", metavar="LIST",
                     help="also add every path or URL in LIST (one a line; relative paths are "
                     "taken from LIST's folder; # starts a comment)")
    add.add_argument("--title", help="the article's title (one article only)")
    add.add_argument("--url", help="the article's address, shown in citations (one article only)")


def run_replace(ctx: Context, args: argparse.Namespace) -> int:
    """Replace an article's content, keeping its id."""
    return _add_one(ctx, args, args.source, replace_id=args.id)


def _replace_arguments(rep: argparse.ArgumentParser) -> None:
    rep.add_argument("id", type=int)
    rep.add_argument("source", help="a file, an http(s) URL, or - for stdin")
    rep.add_argument("--title")
    rep.add_argument("--url")


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    """List the articles of a library."""
    articles = ctx.app.list_articles(args.library)
    if not articles:
        print(f"The library {args.library!r} has no articles yet. Add one with `footnote add`.")
    for article in articles:
        print(article_line(article))
    return 0


def run_show(ctx: Context, args: argparse.Namespace) -> int:
    """Show one article's details and passages."""
    view = ctx.app.show_article(args.library, args.id)
    print("\n".join(article_details(view.article)))
    for p in view.passages:
        print(f"\n[{paragraph_label(p.paragraph)}]\n{p.text}")
    return 0


def run_remove(ctx: Context, args: argparse.Namespace) -> int:
    """Remove one article."""
    removed = ctx.app.remove_article(args.library, args.id, actor=ACTOR)
    print(f"Removed article {removed.id}: {removed.title}.")
    return 0


def _id_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int)


COMMANDS = (
    Command("add", "add articles from files, folders, URLs or stdin", run_add, _add_arguments,
            _check_add),
    Command("replace", "replace an article's content", run_replace, _replace_arguments),
    Command("list", "list the articles", run_list),
    Command("show", "show one article and its passages", run_show, _id_argument),
    Command("remove", "remove an article", run_remove, _id_argument),
)
