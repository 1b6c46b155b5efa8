"""Load test of the Discord adapter: 100 concurrent /ask through the loopback fake Discord.

Runs the real FootnoteBot (real discord.py client, real sockets) against
tests/fakediscord with the real all-MiniLM-L6-v2 model and the seed article, fires
N slash commands at once and reports:

* time to first response (the "thinking…" defer) — p50 / p95 / max,
* time to the final answer — p50 / p95 / max,
* the longest event-loop stall (a ticker task on the loop records its gaps) and
  the longest gap between gateway heartbeats,
* whether every interaction was answered (exit status 1 if not).

The question rate limit is raised for the run. Usage::

    .venv/bin/python bench/bench_discord_load.py [--n 100] [--timeout 180]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "What should the public start boycotting?",
    "Who is Simon Bailey?",
    "What did Simon Bailey say about fining tech giants?",
    "What did he say about paedophile hunters?",
    "What will happen as 5G networks are rolled out?",
    "Who wrote the article?",
    "What is the capital of France?",
    "What did the Government announce last month?",
]


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(name: str, values: list[float]) -> str:
    """One line: p50 / p95 / max of ``values`` (seconds) in milliseconds."""
    if not values:
        return f"{name:<28} (none)"
    return (f"{name:<28} p50 {statistics.median(values) * 1000:8.1f} ms   "
            f"p95 {pct(values, 95) * 1000:8.1f} ms   max {max(values) * 1000:8.1f} ms")


class Ticker:
    """Wakes every ``period`` seconds on the loop and records how late it woke."""

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.max_stall = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.period)
            self.max_stall = max(self.max_stall, loop.time() - before - self.period)

    def start(self) -> None:
        """Start ticking on the running loop."""
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop ticking."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def bench(n: int, timeout: float) -> int:
    """Load the model, start the fake and the bot, fire ``n`` questions; the exit status."""
    sys.path.insert(0, str(ROOT))
    from bench.discord_harness import running_bot
    from bot.discord_app.runner import warm_up
    from bot.service import Footnote
    from bot.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), ask_rate=100_000, ask_period=1.0)
        t = time.monotonic()
        app = Footnote(settings)
        warm_up(app)  # as `footnote run` does: load the model, freeze the heap
        print(f"model loaded in {time.monotonic() - t:.1f} s")
        async with running_bot(app, settings, users=20, guild_name="Bench") as env:
            print(f"seed library ready in {env.seed_seconds:.1f} s; firing {n} /ask")
            return await fire(env.fake, env.guild.id, env.channel.id, env.members, n, timeout)


class Watcher:
    """Records when each interaction got its first response and its answer.

    Hooks ``fake.notify`` (called after every change the fake records) instead of
    one ``wait_for`` per interaction: a hundred waiters all woken by every change
    would themselves stall the loop and blur what is being measured.
    """

    def __init__(self, fake) -> None:  # type: ignore[no-untyped-def]
        self.started: dict[object, float] = {}
        self.first: dict[object, float] = {}
        self.final: dict[object, float] = {}
        self.done = asyncio.Event()
        self._notify = fake.notify
        fake.notify = self._on_change

    def _on_change(self) -> None:
        self._notify()
        now = time.monotonic()
        for ix, began in self.started.items():
            if ix not in self.first and ix.response is not None:
                self.first[ix] = now - began
            if ix not in self.final and ix.followups:
                self.final[ix] = now - began
        if self.started and len(self.final) == len(self.started):
            self.done.set()


async def fire(fake, guild_id: int, channel_id: int, members: list, n: int,  # type: ignore[no-untyped-def]
               timeout: float) -> int:
    """Fire ``n`` /ask at once, wait for them all, print the numbers; 0 if all answered."""
    watcher = Watcher(fake)
    ticker = Ticker()
    ticker.start()
    beats_from = len(fake.heartbeats)
    began = time.monotonic()
    interactions = []
    for i in range(n):
        ix = await fake.slash_command(guild_id, channel_id, members[i % len(members)], "ask",
                                      options={"question": QUESTIONS[i % len(QUESTIONS)]})
        watcher.started[ix] = time.monotonic()
        interactions.append(ix)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(watcher.done.wait(), timeout)
    ended = time.monotonic()
    await ticker.stop()
    beats = [began, *fake.heartbeats[beats_from:], ended]
    beat_gap = max(b - a for a, b in itertools.pairwise(beats))

    failures = []
    for i, ix in enumerate(interactions):
        if ix.response is None:
            failures.append(f"#{i}: no response after {timeout:g} s")
        elif ix.response["type"] != 5:
            failures.append(f"#{i}: first response type {ix.response['type']}, not a defer")
        elif not ix.followups:
            failures.append(f"#{i}: deferred but never answered within {timeout:g} s")
        elif not (ix.followups[0].get("embeds") or ix.followups[0].get("content")):
            failures.append(f"#{i}: empty answer")
    first, final = list(watcher.first.values()), list(watcher.final.values())
    cited = sum(bool(ix.followups and ix.followups[0].get("embeds")) for ix in interactions)

    print()
    print(f"interactions                 {n}, answered {len(final)} ({cited} with citations, "
          f"{len(final) - cited} declined), wall time {ended - began:.2f} s "
          f"({len(final) / (ended - began):.1f} answers/s)")
    print(summary("first response (defer)", first))
    print(summary("final answer", final))
    print(f"{'longest event-loop stall':<28} {ticker.max_stall * 1000:8.1f} ms "
          f"(ticker every {ticker.period * 1000:g} ms)")
    print(f"{'longest heartbeat gap':<28} {beat_gap * 1000:8.1f} ms (interval 250 ms)")
    print(f"{'fake: unhandled/server errs':<28} {len(fake.unhandled_routes)} / "
          f"{len(fake.server_errors)}")
    print(f"{'fake: missed 3-s windows':<28} {len(fake.missed_deadlines)}; requests Discord "
          f"would refuse: {len(fake.refusals)}")
    failures += [f"answered after 3 s: {ix!r}" for ix in fake.missed_deadlines]
    failures += [f"refused: {r['method']} {r['path']} {r['status']} {r['code']}"
                 for r in fake.refusals]
    for failure in failures[:10]:
        print("FAILED", failure)
    ok = not failures and not fake.unhandled_routes and not fake.server_errors
    print("result:", "every interaction answered" if ok else "SOME INTERACTIONS FAILED")
    return 0 if ok else 1


def main() -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="concurrent /ask interactions")
    parser.add_argument("--timeout", type=float, default=180.0,
                        help="seconds each interaction may take")
    args = parser.parse_args()
    return asyncio.run(bench(args.n, args.timeout))


if __name__ == "__main__":
    sys.exit(main())
