"""The process that built a library's index against one that reopened the index files,
measured in turns at the same moment (so under the same machine load).

    .venv/bin/python bench/bench_build_vs_reopen.py /tmp/footnote-big      # this code
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/bench_build_vs_reopen.py …

The folder is one ``bench/bench_scale_big.py --keep`` made. Its index files are deleted,
this process opens the library (building the index and writing the files), then starts
a second process that opens it from the files; both stay alive and take turns: per
round, 30 query encodings, 20 asks (5 training questions, each asked once untimed
first) and a memory probe (a gather of 20,000 rows of a 2.4 MB array), medians printed
with anonymous memory and its transparent huge pages. Environment variables (for
example ``NUMPY_MADVISE_HUGEPAGE=0`` or ``MALLOC_ARENA_MAX=2``) reach both processes.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH

from bench.scale_support import peak_rss_mb, real_encoder, rss_parts_mb, train_corpus

ROUNDS = 5


def timed(call: Callable[..., Any], *args: Any) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def probe_us(rounds: int = 300) -> float:
    """Median microseconds of one gather of 20,000 rows of a 2.4 MB array."""
    rng = np.random.default_rng(0)
    rows = rng.random(300_000)
    docs = rng.integers(0, len(rows), 20_000)
    return 1e6 * float(np.median([timed(rows.__getitem__, docs) for _ in range(rounds)]))


def huge_pages_mb() -> int:
    """This process's anonymous memory held in transparent huge pages, in MB."""
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("AnonHugePages:"):
            return round(int(line.split()[1]) / 1024)
    return -1


def open_library(data: Path, encoder: Any) -> tuple[Any, float]:
    """A ``Footnote`` with the library ``big`` loaded, and how long loading took."""
    from bot.service import Footnote
    from bot.settings import Settings

    started = time.perf_counter()
    app = Footnote(Settings(data_dir=data, seeds_dir=data / "none"), encoder=encoder)
    app.library("big").snapshot()
    return app, time.perf_counter() - started


def measure(app: Any, encoder: Any, questions: list[str]) -> dict[str, float]:
    """One round of figures."""
    encode = [timed(encoder.encode, [q]) for q in questions * 6]
    ask = [timed(app.ask, "big", q) for q in questions * 4]
    anon, _ = rss_parts_mb()
    return {"ask_ms": round(1000 * float(np.median(ask)), 2),
            "encode_ms": round(1000 * float(np.median(encode)), 2),
            "probe_us": round(probe_us(), 1), "anon_mb": round(anon),
            "huge_mb": huge_pages_mb()}


def main() -> int:
    data = Path(sys.argv[-1])
    child = len(sys.argv) > 2 and sys.argv[1] == "--child"
    _, all_questions = train_corpus()
    questions = random.Random(9).sample(all_questions, 5)
    encoder = real_encoder()
    encoder.encode(["warm up"])
    if not child:
        for pattern in ("vectors.faiss", "segment-*.bin", "manifest.json"):
            for path in (data / "libraries" / "big").glob(pattern):
                path.unlink()
    app, took = open_library(data, encoder)
    for q in questions:
        app.ask("big", q)
    if child:
        print(json.dumps({"opened_s": round(took, 1)}), flush=True)
        for _ in sys.stdin:
            print(json.dumps(measure(app, encoder, questions)), flush=True)
        return 0
    print(f"built in {took:.0f} s, peak RSS {peak_rss_mb():.0f} MB, bot from "
          f"{sys.modules['bot'].__file__}", flush=True)
    other = subprocess.Popen([sys.executable, __file__, "--child", str(data)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert other.stdin is not None and other.stdout is not None
    print("reopened:", other.stdout.readline().strip(), flush=True)
    for _ in range(ROUNDS):
        print("built   ", json.dumps(measure(app, encoder, questions)), flush=True)
        other.stdin.write("go\n")
        other.stdin.flush()
        print("reopened", other.stdout.readline().strip(), flush=True)
    other.stdin.close()
    return other.wait()


if __name__ == "__main__":
    raise SystemExit(main())
