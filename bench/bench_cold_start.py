"""Cold start: wall time and peak RSS of `footnote --help`, `list` and a cold `ask`.

Each command runs in a new process, several times; the median is printed, with the
previous release's figure beside it (measured live from a copy of that commit, made
with `git archive`, unless --no-previous) and the target from issue 9. `ask` runs on
an already-built seed library, once per embedding backend; a first untimed `ask` per
backend makes sure the model (and its ONNX copy) is in the cache, and every run may
keep its compiled modules (``PYTHONDONTWRITEBYTECODE`` is dropped), as on a user's machine.

    python bench/bench_cold_start.py [--runs 5] [--previous db08dea | --no-previous]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did he say about 4G and 5G networks?"  # searched: the model loads
PREVIOUS = "db08dea"  # main before issue 9's encoder work
# Figures quoted in issue 9 for the previous release (quiet machine), used with --no-previous.
QUOTED_PREVIOUS = {"ask": (6.2, 560.0)}
TARGETS = {"--help": "< 0.3 s", "list": "", "ask": "<= 1.5 s, <= 250 MB"}


@dataclass(frozen=True)
class Run:
    """One command's medians over several runs."""

    wall_s: float
    rss_mb: float


def run_once(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and the child's own peak RSS (MB, from wait4) of one run."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def measure(cmd: list[str], env: dict[str, str], cwd: Path, runs: int) -> Run:
    """Medians of ``runs`` cold runs."""
    samples = [run_once(cmd, env, cwd) for _ in range(runs)]
    return Run(statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


def base_env(data: Path, tree: Path) -> dict[str, str]:
    """The environment for a run: its own data folder, the code of ``tree``."""
    env = {**os.environ, "FOOTNOTE_DATA_DIR": str(data), "PYTHONPATH": str(tree)}
    env.pop("FOOTNOTE_EMBED_BACKEND", None)
    # as people run it: Python keeps the modules it compiled (each command's untimed first
    # run writes them). A sandbox that switches that off adds 0.3 s to every command.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bench_tree(tree: Path, backends: list[str], runs: int, tmp: Path,
               say: bool = True) -> dict[tuple[str, str], Run]:
    """Every command on one code tree; keys (command, backend). Both trees start the
    same way, ``python -m bot.cli``, from a folder without a .env."""
    data = tmp / f"data-{tree.name}"
    cwd = tmp
    cmd = [sys.executable, "-m", "bot.cli"]
    env = base_env(data, tree)
    subprocess.run([*cmd, "list"], env=env, cwd=cwd, check=True, capture_output=True)  # build
    results = {}
    for name, args in (("--help", ["--help"]), ("list", ["list"])):
        results[(name, "-")] = measure([*cmd, *args], env, cwd, runs)
    for backend in backends:
        env_b = {**env, "FOOTNOTE_EMBED_BACKEND": backend}
        subprocess.run([*cmd, "ask", QUESTION], env=env_b, cwd=cwd, check=True,
                       capture_output=True)  # untimed: the model (and ONNX copy) cached
        results[("ask", backend)] = measure([*cmd, "ask", QUESTION], env_b, cwd, runs)
        if say:
            print(f"  measured ask with {backend}", file=sys.stderr)
    return results


def previous_tree(rev: str, tmp: Path) -> Path | None:
    """The files of commit ``rev`` (git archive), or None when git cannot give them."""
    target = tmp / f"footnote-{rev}"
    archive = tmp / "previous.tar"
    done = subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), rev],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(f"(cannot read {rev}: {done.stderr.strip()}; quoting issue 9's figures)")
        return None
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


def main() -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median)")
    parser.add_argument("--backends", default="onnx,torch")
    parser.add_argument("--previous", default=PREVIOUS, help="commit of the previous release")
    parser.add_argument("--no-previous", action="store_true",
                        help="quote issue 9's figures instead of measuring the previous release")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        now = bench_tree(ROOT, backends, args.runs, tmp)
        old: dict[tuple[str, str], Run] = {}
        tree = None if args.no_previous else previous_tree(args.previous, tmp)
        if tree is not None:
            print(f"  measuring the previous release ({args.previous})", file=sys.stderr)
            old = bench_tree(tree, ["torch"], args.runs, tmp, say=False)
            shutil.rmtree(tree, ignore_errors=True)
    load_after = os.getloadavg()

    print(f"\nCold start, median of {args.runs} runs, {os.cpu_count()} CPUs; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after")
    source = f"measured ({args.previous})" if old else "issue 9"
    print(f"{'command':<36} {'backend':<8} {'wall s':>7} {'peak RSS MB':>12}   "
          f"{'previous release, ' + source:<34} target")
    for (command, backend), run in now.items():
        label = f"footnote {command}" + (f' "{QUESTION}"' if command == "ask" else "")
        prev = old.get((command, "-" if command != "ask" else "torch"))
        if prev is not None:
            before = f"{prev.wall_s:.2f} s / {prev.rss_mb:.0f} MB"
        elif command in QUOTED_PREVIOUS:
            before = "{:.1f} s / {:.0f} MB (quoted)".format(*QUOTED_PREVIOUS[command])
        else:
            before = "-"
        print(f"{label:<36} {backend:<8} {run.wall_s:>7.2f} {run.rss_mb:>12.0f}   "
              f"{before:<34} {TARGETS.get(command, '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
