"""Adding many articles at once: what to add, and what happened to each.

Used by ``footnote add`` with several paths, folders or ``--from-file``, and by
``/article add`` with several attachments, both through
:meth:`bot.service.Footnote.add_many`. One bad file never stops the rest: each
item ends as added, replaced, duplicate or failed (with its one-sentence reason).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import (
    ConfigError,
    FootnoteError,
    InputError,
    LibraryError,
    NotFoundError,
    StorageError,
)
from bot.ingest.extract import ACCEPTED_TYPES, supported_suffix
from bot.models import Article

if TYPE_CHECKING:
    from bot.service import Footnote

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BulkItem:
    """One thing to add: a file on this machine, an http(s) URL, or uploaded bytes."""

    name: str
    """How the summary names it (the path or URL as given, the attachment's file name)."""
    path: Path | None = None
    url: str | None = None
    data: bytes | None = None
    content_type: str | None = None
    problem: str | None = None
    """Already known not to work (a missing path, an unsupported link): reported as failed."""


@dataclass(frozen=True)
class BulkOutcome:
    """What became of one item."""

    item: BulkItem
    status: str
    """"added", "replaced", "duplicate" or "failed"."""
    article: Article | None = None
    reason: str | None = None
    """Why it failed: one sentence for the person."""
    notes: tuple[str, ...] = ()


@dataclass
class BulkReport:
    """Every item's outcome, in the order given."""

    outcomes: list[BulkOutcome] = field(default_factory=list)
    noun: str = "item"
    """What the summary counts: "item" (files and URLs) or "article" (an import)."""

    def with_status(self, *statuses: str) -> list[BulkOutcome]:
        """The outcomes with one of these statuses."""
        return [o for o in self.outcomes if o.status in statuses]

    def summary(self) -> str:
        """"25 items: 20 added, 0 duplicates, 5 failed." (replacements count as added)."""
        added = len(self.with_status("added", "replaced"))
        duplicates = len(self.with_status("duplicate"))
        failed = len(self.with_status("failed"))
        total = len(self.outcomes)
        return (f"{total} {self.noun}{'s' if total != 1 else ''}: {added} added, "
                f"{duplicates} duplicate{'s' if duplicates != 1 else ''}, {failed} failed.")


    def lines(self) -> list[str]:
        """What a person reads after a batch: one line per article added, replaced or
        already there, the totals, then each failure with its reason."""
        lines = [line for o in self.outcomes if o.article is not None
                 for line in describe_added(o.status, o.article, o.notes)]
        lines.append(self.summary())
        failed = self.with_status("failed")
        if failed:
            lines.append("Failed:")
            lines += [f"  {o.item.name}: {o.reason}" for o in failed]
        return lines


def describe_added(status: str, article: Article, notes: tuple[str, ...] = ()) -> list[str]:
    """"Added article 3: Title (5 passages).", "Replaced ...", or "Already in the library
    as article 3: ..."; then the notes worth a second look ("decoded as Windows-1252")."""
    if status == "duplicate":
        return [f"Already in the library as article {article.id}: {article.title} "
                "(nothing changed)."]
    verb = "Added" if status == "added" else "Replaced"
    return [f"{verb} article {article.id}: {article.title} ({article.passage_count} passages).",
            *(f"Note: {note}." for note in notes)]


def is_url(source: str) -> bool:
    """An http(s) link rather than a path."""
    return source.strip().lower().startswith(("http://", "https://"))


def _folder_files(folder: Path) -> list[Path]:
    """Supported files under ``folder``, recursively (linked folders are not followed), in
    a stable order; hidden files and folders are left out."""
    return [
        path for path in sorted(folder.rglob("*"))
        if not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and supported_suffix(path.name) and (path.is_file() or path.is_symlink())
    ]


def collect_items(sources: Iterable[str], *, base: Path | None = None) -> list[BulkItem]:
    """Turn paths, folders and URLs into items; folders become their supported files.

    Relative paths are taken from ``base`` when given (a list file's own folder).
    A source that cannot be used becomes an item with its ``problem`` set, so it is
    reported with the others instead of stopping them.
    """
    items: list[BulkItem] = []
    for source in sources:
        if is_url(source):
            items.append(BulkItem(name=source.strip(), url=source.strip()))
            continue
        if "://" in source:
            scheme = source.split("://")[0]
            items.append(BulkItem(name=source, problem=(
                f"{scheme}:// links are not supported; give an http(s) URL.")))
            continue
        path = Path(source).expanduser()
        if base is not None and not path.is_absolute():
            path = base / path
        if path.is_dir() and not path.is_symlink():
            files = _folder_files(path)
            if not files:
                items.append(BulkItem(name=source, problem=(
                    f"{source} is a folder, not a regular file, and holds no {ACCEPTED_TYPES} "
                    "files to add.")))
            items.extend(BulkItem(name=str(f), path=f) for f in files)
        else:
            items.append(BulkItem(name=source, path=path))
    return items


def read_list_file(path: Path) -> list[str]:
    """The sources in a list file: one path or URL a line; blank lines and ``#`` comments
    are skipped. An unreadable or undecodable file is an :class:`InputError`."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"The list file {path} is not UTF-8 text.") from exc
    except OSError as exc:
        raise InputError(f"Cannot read the list file {path}: {exc.strerror or exc}.") from exc
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def add_many(
    app: Footnote, library: str, items: Sequence[BulkItem], *, actor: str | None,
    on_item: Callable[[int, BulkOutcome | None], None] | None = None,
) -> BulkReport:
    """What :meth:`bot.service.Footnote.add_many` does (kept here with the types it uses)."""
    report = BulkReport()
    for index, item in enumerate(items):
        if on_item is not None:
            on_item(index, None)
        outcome = _add_one(app, library, item, actor)
        report.outcomes.append(outcome)
        if on_item is not None:
            on_item(index, outcome)
    return report


def _add_one(app: Footnote, library: str, item: BulkItem, actor: str | None) -> BulkOutcome:
    try:
        if item.problem is not None:
            raise InputError(item.problem)
        if item.url is not None:
            result = app.add_url(library, item.url, actor=actor)
        elif item.data is not None:
            result = app.add_bytes(library, item.data, filename=item.name,
                                   content_type=item.content_type, actor=actor)
        elif item.path is not None:
            result = app.add_file(library, item.path, actor=actor)
        else:
            raise InputError(f"{item.name}: there is nothing to add.")
    except StorageError:
        raise  # a full or read-only disk: every item after this one would fail the same way
    except (NotFoundError, LibraryError, ConfigError):
        raise  # the library itself cannot be used: not this item's fault
    except FootnoteError as exc:
        return BulkOutcome(item, "failed", reason=str(exc))
    except Exception:  # a bug while reading one file must not lose the others
        log.exception("adding %s failed", item.name)
        return BulkOutcome(item, "failed", reason=(
            "Something went wrong inside Footnote while reading it (a bug, not your input); "
            "the details are in the log."))
    return BulkOutcome(item, result.status, article=result.article, notes=result.notes)
