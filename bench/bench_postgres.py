"""PostgreSQL as the shared store: questions per second with 1 and 2 processes on one
database, the database time inside each question, how soon a change made by one process
is loaded by another, and the memory of each process.

    .venv/bin/python bench/bench_postgres.py                  # 20 s per run, real model
    .venv/bin/python bench/bench_postgres.py --seconds 10 --articles 20

Makes a fresh database on 127.0.0.1:5432 (trust authentication, user postgres; or
``--server URL`` of a server where it may create one) and drops it at the end. It builds
one library of ``--articles`` articles from ../shared/train with the real model, copies it
into SQLite files too (``footnote copy``), then runs worker processes (this script with
``--worker``), each asking training questions from 2 threads for ``--seconds`` and logging
each answer as the Discord bot does (one write). Every worker counts the time its
questions spend in the store (transactions and the statements in them) and the
statements sent. Runs: SQLite 1 and 2 processes; PostgreSQL 1 and 2 processes; and
PostgreSQL with change notifications off (each question then asks the database for the
library's generation). Then one process adds articles while another only holds the
library: the delay from the commit to the other process having loaded it, p50/p95.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scale_support import article_text, load_average, percentile, rss_mb, train_corpus

LIBRARY = "bench"
THREADS = 2


# --- measuring inside a worker ------------------------------------------------------------

class StoreClock:
    """Time and statements spent in the store, per thread (reset per question)."""

    def __init__(self) -> None:
        self.local = threading.local()

    def reset(self) -> None:
        self.local.seconds, self.local.statements, self.local.depth = 0.0, 0, 0

    def read(self) -> tuple[float, int]:
        return getattr(self.local, "seconds", 0.0), getattr(self.local, "statements", 0)

    def install(self) -> None:
        """Wrap the stores' transactions and the driver's statements."""
        from bot.storage.postgres_store import PostgresLibraryStore
        from bot.storage.sqlite import SQLiteLibraryStore

        clock = self
        for cls in (PostgresLibraryStore, SQLiteLibraryStore):
            original = cls.transaction

            @contextlib.contextmanager
            def timed(self, *, write=False, _original=original):  # type: ignore[no-untyped-def]
                depth = getattr(clock.local, "depth", 0)
                clock.local.depth = depth + 1
                started = time.perf_counter()
                try:
                    with _original(self, write=write):
                        yield
                finally:
                    clock.local.depth = depth
                    if depth == 0:
                        clock.local.seconds = (getattr(clock.local, "seconds", 0.0)
                                               + time.perf_counter() - started)

            cls.transaction = timed  # type: ignore[method-assign]
        from bot.storage.postgres import PostgresStorage

        run = PostgresStorage.run

        def timed_run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return run(self, *args, **kwargs)
            finally:
                if getattr(clock.local, "depth", 0) == 0:
                    clock.local.seconds = (getattr(clock.local, "seconds", 0.0)
                                           + time.perf_counter() - started)

        PostgresStorage.run = timed_run  # type: ignore[method-assign]
        import psycopg

        for name in ("execute", "executemany"):
            original_call = getattr(psycopg.Cursor, name)

            def counted(self, *args, _original=original_call, **kwargs):  # type: ignore[no-untyped-def]
                clock.local.statements = getattr(clock.local, "statements", 0) + 1
                return _original(self, *args, **kwargs)

            setattr(psycopg.Cursor, name, counted)


def worker_ask(args: argparse.Namespace) -> None:
    """Ask questions from THREADS threads for args.seconds; print one JSON line."""
    from bot.service import Footnote
    from bot.settings import load_settings

    clock = StoreClock()
    clock.install()
    app = Footnote(load_settings())
    _, questions = train_corpus()
    app.library(LIBRARY, seed=False).snapshot()
    app.ask(LIBRARY, questions[0])  # warm: the model, the index, the listener
    print("READY", flush=True)
    sys.stdin.readline()
    stop = time.monotonic() + args.seconds
    results: list[tuple[float, float, float, int, int]] = []
    lock = threading.Lock()

    def loop(slot: int) -> None:
        n = slot
        while time.monotonic() < stop:
            question = questions[(n * 7919) % len(questions)]
            n += THREADS
            clock.reset()
            started = time.perf_counter()
            answer = app.ask(LIBRARY, question)
            in_ask, ask_statements = clock.read()
            clock.reset()
            app.record_answer(LIBRARY, answer, user="bench")
            in_log, log_statements = clock.read()
            wall = time.perf_counter() - started
            with lock:
                results.append((wall, in_ask, in_log, ask_statements, log_statements))

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(THREADS)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    print(json.dumps({
        "questions": len(results), "seconds": elapsed,
        "wall_ms": [r[0] * 1000 for r in results], "ask_ms": [r[1] * 1000 for r in results],
        "log_ms": [r[2] * 1000 for r in results],
        "statements": [sum(r[3] for r in results) / max(1, len(results)),
                       sum(r[4] for r in results) / max(1, len(results))], "rss_mb": rss_mb(),
    }), flush=True)
    app.close()


def worker_hold(args: argparse.Namespace) -> None:
    """Hold the library (no questions) and print when each new generation is loaded."""
    from bot.service import Footnote
    from bot.settings import load_settings

    app = Footnote(load_settings())
    lib = app.library(LIBRARY, seed=False)
    seen = lib.snapshot().generation
    print("READY", seen, flush=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        snap = lib._snapshot
        if snap is not None and snap.generation > seen:
            seen = snap.generation
            print("LOADED", seen, time.time(), flush=True)
            if seen >= args.until:
                break
        time.sleep(0.0005)
    print("RSS", rss_mb(), flush=True)
    app.close()


def worker_add(args: argparse.Namespace) -> None:
    """Add articles one at a time; print each commit's time (just before the refresh)."""
    from bot.library import Library
    from bot.service import Footnote
    from bot.settings import load_settings

    committed: list[float] = []
    refresh = Library._refresh

    def noted(self: Library):  # type: ignore[no-untyped-def]
        committed.append(time.time())  # the transaction has just committed
        return refresh(self)

    Library._refresh = noted  # type: ignore[method-assign]
    app = Footnote(load_settings())
    paragraphs, _ = train_corpus()
    app.library(LIBRARY, seed=False).snapshot()
    print("READY", flush=True)
    sys.stdin.readline()
    for k in range(args.adds):
        result = app.add_text(LIBRARY, article_text(10_000 + k, paragraphs, 3), actor="bench")
        print("ADDED", result.article.id, committed[-1], flush=True)
        time.sleep(0.2)  # one change at a time, so each delay is measured alone
    app.close()


# --- the parent -----------------------------------------------------------------------------

@contextlib.contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new database on ``server`` (its URL without a database name), dropped at the end."""
    import psycopg

    name = f"footnote_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server + "postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield server + name
    finally:
        with psycopg.connect(server + "postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def spawn(role: str, env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    """This script as a worker process."""
    return subprocess.Popen(
        [sys.executable, __file__, "--worker", role, *extra],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, **env})


def line(proc: subprocess.Popen[str], prefix: str) -> str:
    """The next stdout line that starts with ``prefix``."""
    assert proc.stdout is not None
    for text in proc.stdout:
        if text.startswith(prefix):
            return text.strip()
    raise SystemExit(f"a worker ended without saying {prefix}")


def run_askers(processes: int, env: dict[str, str], seconds: float) -> list[dict[str, object]]:
    """``processes`` asking workers started together; their reports."""
    procs = [spawn("ask", env, "--seconds", str(seconds)) for _ in range(processes)]
    for proc in procs:
        line(proc, "READY")
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    reports = [json.loads(line(proc, "{")) for proc in procs]
    for proc in procs:
        proc.wait(60)
    return reports


def report(label: str, reports: list[dict[str, object]]) -> None:
    """One row of the questions table."""
    def pooled(key: str) -> list[float]:
        return [x for r in reports for x in r[key]]  # type: ignore[attr-defined]

    total = sum(int(r["questions"]) for r in reports)  # type: ignore[call-overload]
    seconds = max(float(r["seconds"]) for r in reports)  # type: ignore[arg-type]
    wall, ask, log = pooled("wall_ms"), pooled("ask_ms"), pooled("log_ms")
    statements = [sum(float(r["statements"][i]) * int(r["questions"])  # type: ignore[index, call-overload]
                      for r in reports) / max(1, total) for i in (0, 1)]
    rss = " / ".join(f"{float(r['rss_mb']):.0f}" for r in reports)  # type: ignore[arg-type]
    print(f"| {label} | {total / seconds:.1f} | {percentile(wall, 50):.1f} | "
          f"{percentile(wall, 95):.1f} | {percentile(ask, 50):.2f} / {percentile(ask, 95):.2f} | "
          f"{percentile(log, 50):.2f} / {percentile(log, 95):.2f} | "
          f"{statements[0]:.1f} + {statements[1]:.1f} | {rss} |", flush=True)


def build(url: str, data: Path, articles: int) -> None:
    """The library, embedded with the real model, in PostgreSQL and copied to SQLite."""
    from bot.service import Footnote
    from bot.settings import Settings
    from bot.storage import SQLiteStorage
    from bot.storage.copying import copy_library

    paragraphs, _ = train_corpus()
    settings = Settings(data_dir=data / "pg", seeds_dir=data / "none", database_url=url)
    app = Footnote(settings)
    started = time.monotonic()
    for k in range(articles):
        app.add_text(LIBRARY, article_text(k, paragraphs, 4), actor="bench")
    passages = sum(a.passage_count for a in app.list_articles(LIBRARY))
    print(f"built {articles} articles ({passages} passages) with the real model in "
          f"{time.monotonic() - started:.0f} s", flush=True)
    copy_library(app.storage, SQLiteStorage(data / "sqlite"), LIBRARY)
    app.close()


def reload_delays(env: dict[str, str], adds: int) -> tuple[list[float], float]:
    """Delays (ms) from a commit in one process to another process having loaded it."""
    import psycopg

    with psycopg.connect(env["FOOTNOTE_DATABASE_URL"]) as conn:
        now = conn.execute("SELECT generation FROM libraries WHERE name = %s",
                           (LIBRARY,)).fetchone()[0]
    holder = spawn("hold", env, "--until", str(now + adds))
    adder = spawn("add", {**env, "FOOTNOTE_DATA_DIR": env["FOOTNOTE_DATA_DIR"] + "-adder"},
                  "--adds", str(adds))
    line(holder, "READY")
    line(adder, "READY")
    assert adder.stdin is not None
    adder.stdin.write("go\n")
    adder.stdin.flush()
    commits = [float(line(adder, "ADDED").split()[2]) for _ in range(adds)]
    loads = [float(line(holder, "LOADED").split()[2]) for _ in range(adds)]
    rss = float(line(holder, "RSS").split()[1])
    adder.wait(60)
    holder.wait(60)
    return [(b - a) * 1000 for a, b in zip(commits, loads, strict=True)], rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", choices=["ask", "hold", "add"])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--adds", type=int, default=20)
    parser.add_argument("--until", type=int, default=0)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/")
    args = parser.parse_args()
    if args.worker:
        {"ask": worker_ask, "hold": worker_hold, "add": worker_add}[args.worker](args)
        return
    import tempfile

    print(f"load average before: {load_average()} ({os.cpu_count()} cores)", flush=True)
    with tempfile.TemporaryDirectory() as tmp, fresh_database(args.server) as url:
        data = Path(tmp)
        build(url, data, args.articles)
        base = {"FOOTNOTE_SEEDS_DIR": str(data / "none")}
        sqlite = {**base, "FOOTNOTE_DATA_DIR": str(data / "sqlite")}
        pg = {**base, "FOOTNOTE_DATA_DIR": str(data / "pg"), "FOOTNOTE_DATABASE_URL": url}
        deaf = {**pg, "FOOTNOTE_DATABASE_RECHECK_SECONDS": "0.000001"}
        print(f"\n{THREADS} asking threads per process, {args.seconds:.0f} s per run; each "
              "question is asked and its answer logged (one write), as in Discord.\n")
        print("| storage | questions/s | p50 ms | p95 ms | store ms in the answer p50 / p95 | "
              "store ms logging it p50 / p95 | PostgreSQL statements (answer + log) | "
              "RSS MB per process |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for label, env, processes in (
            ("SQLite, 1 process", sqlite, 1), ("SQLite, 2 processes", sqlite, 2),
            ("PostgreSQL, 1 process", pg, 1), ("PostgreSQL, 2 processes", pg, 2),
            ("PostgreSQL, 1 process, notifications off", deaf, 1),
        ):
            report(label, run_askers(processes, env, args.seconds))
        delays, rss = reload_delays(pg, args.adds)
        print(f"\nreload delay, commit in one process -> loaded by another that holds the "
              f"library ({len(delays)} adds): p50 {percentile(delays, 50):.1f} ms, p95 "
              f"{percentile(delays, 95):.1f} ms, max {max(delays):.1f} ms "
              f"(holding process: {rss:.0f} MB)")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
