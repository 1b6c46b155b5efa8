"""``footnote info|quiz|reindex|feedback|log|run|sync``: everything besides articles and
asking."""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import sys

import bot
from bot import prompts
from bot.cli.context import LOG_NAME, Command, Context, count, progress_lines
from bot.errors import ConfigError, FootnoteError
from bot.shipped import PROJECT_ROOT, default_data_dir, is_checkout
from bot.storage_errors import check_data_dir

_PACKAGES = ("sentence-transformers", "torch", "onnxruntime", "faiss-cpu", "discord.py", "pypdf",
             "pdfminer.six", "trafilatura", "spacy")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def human_size(size: int) -> str:
    """A byte count for people: "812 KB", "1.4 MB"."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def _data_dir_origin(ctx: Context, args: argparse.Namespace) -> str:
    if args.data_dir is not None:
        return "from --data-dir"
    if os.environ.get("FOOTNOTE_DATA_DIR"):
        return "from FOOTNOTE_DATA_DIR"
    if ctx.settings.data_dir != default_data_dir():
        return "from FOOTNOTE_DATA_DIR in .env"
    return ("default for a checkout" if is_checkout()
            else "default: the user's data folder")


def _library_lines(ctx: Context) -> list[str]:
    data_dir = ctx.settings.data_dir
    try:
        check_data_dir(data_dir)
        summaries = ctx.app.library_summaries()
    except FootnoteError as exc:
        return [f"  {exc}"]
    if not summaries:
        created = "" if data_dir.is_dir() else " (the data folder is created on first use)"
        return [f"  none yet{created}"]
    lines = []
    for s in summaries:
        if s.problem is not None:
            lines.append(f"  {s.name:<24} {human_size(s.bytes_on_disk):>9}  cannot be opened: "
                         f"{s.problem}")
        else:
            lines.append(f"  {s.name:<24} {human_size(s.bytes_on_disk):>9}  {s.articles} "
                         f"article{'s' if s.articles != 1 else ''}, {s.passages} passages")
    return lines


def _storage_line(ctx: Context) -> str:
    if ctx.settings.database_url is None:  # without building the service
        return "SQLite file + FAISS index per library (embedded, no server)"
    return ctx.app.storage.describe()


def _model_line(model: str) -> str:
    """The model setting, and the id libraries record when that says more (the tuned
    model's delta)."""
    from bot.encoders.locate import model_id_for

    try:
        known = model_id_for(model)
    except ConfigError as exc:
        return f"{model} ({exc})"
    return model if known in (model, f"hub:{model}") or known.startswith("local:") else (
        f"{model}, id {known}")


def _ranking_line(model: str) -> str:
    """The rankers' second encoder (:mod:`bot.answering.ranking`), or that there is none."""
    from bot.settings import SAME_MODEL

    if model == SAME_MODEL:
        return "same (the rankers read the model's vectors alone)"
    return f"{_model_line(model)} (the passage and sentence rankers' second encoder)"


def run_info(ctx: Context, args: argparse.Namespace) -> int:
    """Print what a bug report needs: versions, data folder, model, libraries, log."""
    s = ctx.settings
    where = f"a checkout at {PROJECT_ROOT}" if is_checkout() else "installed"
    packages = ", ".join(f"{name} {_version(name)}" for name in _PACKAGES)
    lines = [
        f"Footnote {bot.__version__} ({where})",
        f"Python:       {platform.python_version()} on {platform.platform(terse=True)}",
        f"Data folder:  {s.data_dir} ({_data_dir_origin(ctx, args)})",
        f"Seeds:        {s.seeds_dir}",
        f"Model:        {_model_line(s.model)} ({s.embed_backend} backend on CPU, "
        f"{s.encoder_threads} threads; unpacked in {s.cache_dir})",
        f"Ranking:      {_ranking_line(s.ranking_model)}",
        f"Storage:      {_storage_line(ctx)}",
        f"Log:          {s.data_dir / LOG_NAME} (tracebacks of unexpected errors; the bot's log)",
        f"Packages:     {packages}",
        "Libraries:",
        *_library_lines(ctx),
    ]
    print("\n".join(lines))
    return 0


def run_quiz(ctx: Context, args: argparse.Namespace) -> int:
    """Quiz yourself in the terminal, or print the questions as JSON (``--export``)."""
    from bot.quiz.terminal import run_quiz_command

    return run_quiz_command(ctx.app, args)


def _quiz_arguments(quiz: argparse.ArgumentParser) -> None:
    quiz.epilog = prompts.load("quiz")["help"]["grading"]  # how answers are marked
    quiz.add_argument("--article", type=int, metavar="ID")
    quiz.add_argument("-n", type=count, default=5, metavar="N", help="number of questions")
    quiz.add_argument("--kind", choices=["multiple_choice", "fill_blank", "short_answer",
                                         "true_false", "any"], default="any")
    quiz.add_argument("--export", action="store_true",
                      help="print the questions as JSON instead of running the quiz")
    quiz.add_argument("--seed", type=int, help="random seed (same seed, same quiz)")


def run_reindex(ctx: Context, args: argparse.Namespace) -> int:
    """Re-embed every passage with the current model, rebuild the index files and analyse
    again what is missing or stale (the rankers' vectors of articles stored before)."""
    total = ctx.app.reindex(args.library, progress=progress_lines(sys.stderr))
    print(f"Re-embedded {total} passages of library {args.library!r}.")
    return 0


def run_feedback(ctx: Context, args: argparse.Namespace) -> int:
    """Show the most recent votes on answers."""
    rows = ctx.app.recent_feedback(args.library, args.limit)
    if not rows:
        print("No votes yet.")
    for row in rows:
        mark = "helpful" if row.helpful else "NOT helpful"
        print(f"{row.at}  {mark:<12} {row.user}: {row.question!r}")
    return 0


def _feedback_arguments(fb: argparse.ArgumentParser) -> None:
    fb.add_argument("--limit", type=count, default=20)


def run_log(ctx: Context, args: argparse.Namespace) -> int:
    """Show who changed the library, newest first."""
    for entry in ctx.app.audit_log(args.library):
        print(f"{entry['at']}  {entry['actor'] or '-':<12} {entry['action']:<8} "
              f"{entry['article_id'] or '':>4} {entry['detail'] or ''}")
    return 0


def run_discord(ctx: Context, args: argparse.Namespace) -> int:
    """Start the Discord bot."""
    from bot.discord_app.runner import run_bot

    return run_bot(ctx.settings)


def run_sync(ctx: Context, args: argparse.Namespace) -> int:
    """Upload the Discord slash commands now, changed or not."""
    from bot.discord_app.runner import run_sync as sync_commands

    return sync_commands(ctx.settings)


COMMANDS = (
    Command("info", "show versions, the data folder, the model, the libraries and the log "
            "(paste it into a bug report)", run_info),
    Command("quiz", "quiz yourself on the articles", run_quiz, _quiz_arguments),
    Command("reindex", "re-embed every passage, rebuild the index files, redo stale analyses",
            run_reindex),
    Command("feedback", "show recent votes on answers", run_feedback, _feedback_arguments),
    Command("log", "show who changed the library, newest first", run_log),
    Command("run", "start the Discord bot (needs DISCORD_TOKEN)", run_discord),
    Command("sync", "upload the Discord slash commands now (needs DISCORD_TOKEN)", run_sync),
)
