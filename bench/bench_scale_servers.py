"""Thousands of servers, one process: memory and file descriptors stay bounded.

    .venv/bin/python bench/bench_scale_servers.py                   # 5,000 servers
    .venv/bin/python bench/bench_scale_servers.py --servers 500 --asks 1000

Builds one 50-article library with a fast stand-in encoder (384 wide, like the real
model), copies it on disk as ``guild-1`` ... ``guild-N`` (hard links of its store and
index files: asking only reads, and a rewrite of an index file replaces it by rename,
never in place), then asks questions of servers picked at random. It prints resident
memory and open file descriptors as it goes, against the bounds the library cache is
configured with, and the same questions asked with the previous release's code.

Each code builds its own copies (in the stored forms it reads: a release that finds an
analysis stored in another form redoes it and writes it back, which through hard links
would write one database file under many names) and asks in a process of its own,
started after the build: the memory the build used (spaCy's models, the articles'
analysis) is in neither, so both start alike and the bound's starting point is a bot's
own (a run in the building process started from about 197 MB instead of about 62).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: a worker runs
# the previous release's bot/ put first on PYTHONPATH

from bench.scale_support import (
    PREVIOUS,
    HashStandIn,
    article_text,
    load_average,
    open_fds,
    percentile,
    rss_mb,
    train_corpus,
)
from bot.service import Footnote
from bot.settings import Settings

RSS_GUARD_MB = 4000
"""The previous release's run stops here (it grows without bound; the machine is shared)."""
PER_LIBRARY_MB = 8.0
"""Budget per open 50-article library (measured about 4.7 MB of resident memory: float16
sentence vectors, passage vectors, postings and vocabulary, article texts, SQLite's page
cache, the misspelling index; the process-wide caches shared by every library, such as
parsed sentence facts for 512 articles, and the models loaded at the first question,
come out of the same budget), so the bound holds with room to spare."""


def build(data: Path, servers: int, articles: int, per_article: int) -> None:
    paragraphs, _ = train_corpus()
    app = Footnote(Settings(data_dir=data, seeds_dir=data / "none"), encoder=HashStandIn())
    for k in range(articles):
        app.add_text("guild-0", article_text(k, paragraphs, per_article), actor="bench")
    app.library("guild-0").snapshot()
    app.close()
    source = data / "libraries" / "guild-0"
    assert not (source / "library.sqlite3-wal").exists() or (
        source / "library.sqlite3-wal").stat().st_size == 0
    import json

    segment = json.loads((source / "manifest.json").read_text()).get("segment_file")
    for n in range(1, servers):
        target = data / "libraries" / f"guild-{n}"
        target.mkdir()
        for name in ("library.sqlite3", "vectors.faiss", segment):
            if name:  # the index's segment file too: opening a copy does not re-index it
                os.link(source / name, target / name)
        shutil.copyfile(source / "manifest.json", target / "manifest.json")


def run(data: Path, servers: int, asks: int, max_open: int | None, seed: int
        ) -> dict[str, object]:
    """Ask ``asks`` questions of random servers; ``max_open`` None: the Footnote on the
    path is the previous release's (no cache bound)."""
    _, questions = train_corpus()
    limits = {} if max_open is None else {"max_open_libraries": max_open}
    settings = Settings(data_dir=data, seeds_dir=data / "none", **limits)
    app = Footnote(settings, encoder=HashStandIn())

    def is_open(name: str) -> bool:
        cache = getattr(app, "libraries", None)
        return name in (cache.names() if cache is not None else app._libraries)

    rng = random.Random(seed)
    base_rss, base_fds = rss_mb(), open_fds()
    peak_rss, peak_fds, errors = base_rss, base_fds, 0
    cold: list[float] = []
    warm: list[float] = []
    stopped = None
    started = time.perf_counter()
    for i in range(asks):
        name = f"guild-{rng.randrange(servers)}"
        was_open = is_open(name)
        t = time.perf_counter()
        try:
            app.ask(name, rng.choice(questions))
        except OSError as exc:  # out of descriptors: what the previous release hit
            stopped = f"stopped after {i} questions: {exc}"
            break
        except Exception as exc:
            errors += 1
            if errors <= 3:
                print(f"  error: {type(exc).__name__}: {exc}")
        (warm if was_open else cold).append(time.perf_counter() - t)
        if i % 50 == 0:
            peak_rss, peak_fds = max(peak_rss, rss_mb()), max(peak_fds, open_fds())
            if max_open is None and peak_rss > RSS_GUARD_MB:
                stopped = f"stopped after {i + 1} questions: over {RSS_GUARD_MB} MB (a guard)"
                break
    peak_rss, peak_fds = max(peak_rss, rss_mb()), max(peak_fds, open_fds())
    elapsed = time.perf_counter() - started
    if hasattr(app, "close"):
        app.close()
    import bot

    return {"code": str(Path(bot.__file__).parent), "base_rss": base_rss,
            "base_fds": base_fds, "peak_rss": peak_rss, "peak_fds": peak_fds,
            "errors": errors, "cold": cold, "warm": warm,
            "elapsed": elapsed, "stopped": stopped}


def run_worker(data: Path, args: argparse.Namespace, previous: bool) -> dict[str, object]:
    """Build (unless built) the copies in ``data`` and ask the questions, with this code
    or (``previous``) the previous release's, each in a process of its own."""
    import json
    import subprocess

    from bench.scale_support import ROOT, previous_release

    code = f"{previous_release(args.previous)}{os.pathsep}{ROOT}" if previous else str(ROOT)
    env = {**os.environ, "PYTHONPATH": code}
    sizes = ["--servers", str(args.servers), "--articles", str(args.articles),
             "--per-article", str(args.per_article)]
    if not (data / "libraries" / f"guild-{args.servers - 1}").exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", str(data), *sizes], env=env,
                       cwd=ROOT, check=True)
        print(f"built {args.servers} libraries of {args.articles} articles with "
              f"{'the previous' if previous else 'this'} code in "
              f"{time.perf_counter() - started:.0f} s")
    limit = [] if previous else ["--max-open", str(args.max_open)]
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(data), *sizes, "--asks", str(args.asks),
         *limit], env=env, cwd=ROOT, capture_output=True, text=True,
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode or not lines:
        return {"stopped": f"failed: {out.stderr.strip().splitlines()[-1:]}"}
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=5000)
    parser.add_argument("--asks", type=int, default=6000)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--per-article", type=int, default=6)
    parser.add_argument("--max-open", type=int, help="default: FOOTNOTE_MAX_OPEN_LIBRARIES")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--previous", default=PREVIOUS,
                        help="git ref of the previous release (default: where this branch "
                        "left main)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.servers, args.articles, args.per_article)
        return 0
    if args.worker:
        import json

        print(json.dumps(run(args.worker, args.servers, args.asks, args.max_open, seed=1)))
        return 0
    args.max_open = args.max_open or Settings().max_open_libraries
    data = args.keep or Path(tempfile.mkdtemp(prefix="footnote-servers-"))
    try:
        print(f"load before: {load_average()}  (2 cores, shared)")
        now = run_worker(data / "this", args, previous=False)
        if "cold" not in now:
            raise SystemExit(f"this code's run {now['stopped']}")
        previous = run_worker(data / "previous", args, previous=True)
        assert previous.get("code") != now["code"], "both runs used the same code"
        print(f"load after: {load_average()}")
    finally:
        if args.keep is None:
            shutil.rmtree(data, ignore_errors=True)
    rss_bound = now["base_rss"] + args.max_open * PER_LIBRARY_MB
    fd_bound = now["base_fds"] + 3 * args.max_open + 8
    print(f"{args.servers} servers x {args.articles} articles, {args.asks} questions to random "
          f"servers; FOOTNOTE_MAX_OPEN_LIBRARIES={args.max_open}")
    print(f"  {'':<34} {'this':>14} {'previous':>14}")
    for label, key in (("peak RSS, MB", "peak_rss"), ("open file descriptors, peak", "peak_fds")):
        print(f"  {label:<34} {now[key]:>14.0f} {previous.get(key, float('nan')):>14.0f}")
    for label, run_ in (("this", now), ("previous", previous)):
        if "cold" not in run_:
            print(f"  {label}: {run_['stopped']}")
            continue
        cold, warm = run_["cold"], run_["warm"]
        print(f"  {label}: {len(cold) + len(warm)} answered in {run_['elapsed']:.0f} s, "
              f"{run_['errors']} errors; opening p50 {1000 * percentile(cold, 50):.1f} ms, "
              f"p95 {1000 * percentile(cold, 95):.1f} ms; already open p50 "
              f"{1000 * percentile(warm, 50):.1f} ms"
              + (f"; {run_['stopped']}" if run_["stopped"] else ""))
    print(f"  bounds: RSS <= {rss_bound:.0f} MB (start {now['base_rss']:.0f} + "
          f"{args.max_open} x {PER_LIBRARY_MB:g}), descriptors <= {fd_bound} (start "
          f"{now['base_fds']} + 3 x {args.max_open} + 8): "
          + ("within" if now["peak_rss"] <= rss_bound and now["peak_fds"] <= fd_bound
             and not now["errors"] else "EXCEEDED"))
    print("  (the previous release keeps every library open: memory and descriptors grow "
          "with every server asked; at a limit of 1,024 descriptors it fails)")
    return 0 if now["peak_rss"] <= rss_bound and now["peak_fds"] <= fd_bound else 1


if __name__ == "__main__":
    raise SystemExit(main())
