"""Soak bench of the Discord adapter: many users ask for a minute while articles are added.

Runs the real FootnoteBot (real discord.py client, real sockets) against the loopback
fake Discord (tests/fakediscord). ``--questions`` /ask interactions from ``--users``
members are spread at random over ``--duration`` seconds (each member asks the same
number), with the per-user rate limit at a realistic ``--ask-rate`` per
``--ask-period`` seconds; meanwhile a moderator adds ``--articles`` articles
(alternately ``/article add text`` and ``/article add file``). The real
all-MiniLM-L6-v2 model is used unless ``--fake-encoder`` is given. It reports:

* the share of questions answered, rate-limited, and failed;
* time to first response (the defer, or the rate-limit sentence) — p50 / p95 / max;
* time to the final answer — p50 / p95 / max;
* the longest event-loop stall (a ticker task on the loop) and heartbeat gap;
* peak RSS of the process (bot, engine and fake together) and its growth;
* per user: answered vs rate-limited (min / max), that the sliding-window limit held
  for everyone, and that nobody got zero answers.

Targets: every interaction acknowledged within Discord's 3-second window, and no
event-loop stall over 100 ms; the result says whether they were met. The exit status
is 1 if any interaction went unacknowledged (no response at all, or one later than
3 s, which Discord would already have discarded) or never got its final message.

Usage::

    .venv/bin/python bench/bench_discord_soak.py                      # 500 q, 50 users, 60 s
    .venv/bin/python bench/bench_discord_soak.py --duration 10 --questions 100 --fake-encoder

``tests/discord_app/test_hostile_discord.py`` runs :func:`run_soak` in a short form.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_discord_load import QUESTIONS, Ticker, pct  # noqa: E402
from bench.discord_harness import final_message, running_bot  # noqa: E402

ACK_WINDOW = 3.0  # seconds Discord gives a bot to acknowledge an interaction
STALL_TARGET = 0.100
RATE_LIMITED = "You're asking quickly"
APOLOGY_START = "Sorry — something went wrong"
TOPICS = ["harbour wall", "tram line", "library roof", "river bridge", "school kitchen",
          "bus depot", "swimming pool", "market hall"]


def article_text(k: int) -> str:
    """A council report of 30 paragraphs, different for each ``k``."""
    topic = TOPICS[k % len(TOPICS)]
    paragraphs = "\n\n".join(
        f"Paragraph {n} of council report {k} says the {topic} needs repairs costing {n + k} "
        f"million pounds, that work on section {n} should start in spring, and that ward {n} "
        f"will be consulted by councillor Ada Number{k} before the cranes arrive."
        for n in range(1, 31))
    return f"Council report {k} on the {topic}\n\n{paragraphs}"


def question_for(i: int, rng: random.Random) -> str:
    """Mostly the seed article's questions, some about the articles being added."""
    if rng.random() < 0.25:
        return f"How much will the {TOPICS[rng.randrange(len(TOPICS))]} repairs cost?"
    return QUESTIONS[i % len(QUESTIONS)]


@dataclass
class Asked:
    """One /ask interaction and what happened to it."""

    user: int
    sent: float
    ix: Any
    first: float | None = None
    final: float | None = None
    outcome: str = "pending"  # answered, cited, declined, rate-limited, refused, error


@dataclass
class SoakResult:
    """Everything measured; :meth:`report` prints it."""

    duration: float
    questions: int
    users: int
    ask_rate: int
    ask_period: float
    asked: list[Asked]
    adds: list[tuple[str, float | None, str]]  # (kind, seconds to final message, its text)
    wall: float
    max_stall: float
    ticker_period: float
    beat_gap: float
    gc_pause: float
    gc_collections: int
    rss_start_mb: float
    rss_end_mb: float
    peak_rss_mb: float
    fake_problems: list[str]
    encoder: str
    failures: list[str] = field(default_factory=list)

    # -- derived numbers ----------------------------------------------------------------
    @property
    def first_latencies(self) -> list[float]:
        return [a.first - a.sent for a in self.asked if a.first is not None]

    @property
    def final_latencies(self) -> list[float]:
        return [a.final - a.sent for a in self.asked
                if a.final is not None and a.outcome in ("cited", "declined")]

    @property
    def answered_count(self) -> int:
        return sum(a.outcome in ("cited", "declined") for a in self.asked)

    @property
    def limited_count(self) -> int:
        return sum(a.outcome == "rate-limited" for a in self.asked)

    @property
    def unacknowledged(self) -> int:
        """No response, or one after Discord's 3-second window (already discarded there)."""
        return sum(a.first is None or a.first - a.sent > ACK_WINDOW for a in self.asked)

    @property
    def unfinished(self) -> int:
        return sum(a.outcome in ("pending", "error") for a in self.asked)

    @property
    def articles_added(self) -> int:
        return sum(text.startswith("Added article") for _, _, text in self.adds)

    def acked_within(self, seconds: float) -> bool:
        return all(a.first is not None and a.first - a.sent <= seconds for a in self.asked)

    @property
    def per_user(self) -> dict[int, tuple[int, int]]:
        """user -> (answered, rate-limited)."""
        counts: dict[int, list[int]] = {}
        for a in self.asked:
            c = counts.setdefault(a.user, [0, 0])
            c[0] += a.outcome in ("cited", "declined")
            c[1] += a.outcome == "rate-limited"
        return {u: (c[0], c[1]) for u, c in counts.items()}

    def limit_held(self) -> bool:
        """No user had more than ``ask_rate`` questions accepted within any ``ask_period``."""
        for user in {a.user for a in self.asked}:
            times = sorted(a.sent for a in self.asked
                           if a.user == user and a.outcome in ("cited", "declined", "error"))
            for early, late in zip(times, times[self.ask_rate:], strict=False):
                if late - early < self.ask_period - 0.5:  # 0.5 s: send vs check on the loop
                    return False
        return True

    def report(self) -> str:
        n = len(self.asked)
        answered, limited = self.answered_count, self.limited_count
        cited = sum(a.outcome == "cited" for a in self.asked)
        errors = sum(a.outcome in ("error", "refused") for a in self.asked)
        per_user = self.per_user
        got = [v[0] for v in per_user.values()]
        refused = [v[1] for v in per_user.values()]
        starved = sorted(u for u, v in per_user.items() if v[0] == 0)
        acked = self.acked_within(ACK_WINDOW)
        calm = self.max_stall <= STALL_TARGET
        lines = [
            f"setup                        {n} /ask from {self.users} users over "
            f"{self.duration:g} s, limit {self.ask_rate} per {self.ask_period:g} s, "
            f"{len(self.adds)} articles added, encoder {self.encoder}",
            f"questions                    answered {answered}/{n} ({answered / n:.1%}: "
            f"{cited} cited, {answered - cited} declined), rate-limited {limited} "
            f"({limited / n:.1%}), failed {errors}, unfinished {self.unfinished}",
            f"answered share (not limited) {answered / max(1, n - limited):.1%}",
            summary("first response (ack)", self.first_latencies),
            summary("final answer", self.final_latencies),
            f"{'longest event-loop stall':<28} {self.max_stall * 1000:8.1f} ms "
            f"(ticker every {self.ticker_period * 1000:g} ms)",
            f"{'longest GC pause':<28} {self.gc_pause * 1000:8.1f} ms "
            f"({self.gc_collections} collections)",
            f"{'longest heartbeat gap':<28} {self.beat_gap * 1000:8.1f} ms (interval 250 ms)",
            f"{'peak RSS':<28} {self.peak_rss_mb:8.1f} MB (RSS {self.rss_start_mb:.1f} MB "
            f"at start of the run, {self.rss_end_mb:.1f} MB at the end)",
            f"{'per user answered':<28} min {min(got)}  max {max(got)}   "
            f"rate-limited min {min(refused)}  max {max(refused)}",
            f"{'rate limit held':<28} {'yes' if self.limit_held() else 'NO'}; users with zero "
            f"answers: {len(starved)}{' ' + str(starved[:5]) if starved else ''}",
            f"{'wall time':<28} {self.wall:.1f} s",
        ]
        for kind, seconds, text in self.adds:
            took = f"{seconds:.2f} s" if seconds is not None else "never finished"
            lines.append(f"{'article add (' + kind + ')':<28} {took}: {text[:70]}")
        lines.append(f"{'fake: unhandled/server errs':<28} {len(self.fake_problems)}")
        lines += [f"FAILED {f}" for f in self.failures[:10]]
        lines.append(f"target: every interaction acknowledged within {ACK_WINDOW:g} s: "
                     f"{'MET' if acked else 'NOT MET'}")
        lines.append(f"target: no event-loop stall over {STALL_TARGET * 1000:g} ms: "
                     f"{'MET' if calm else 'NOT MET'}")
        lines.append("target: nobody starved by the rate limit: "
                     f"{'MET' if not starved else 'NOT MET'}")
        return "\n".join(lines)


def summary(name: str, values: list[float]) -> str:
    """One line: p50 / p95 / max of ``values`` (seconds) in milliseconds."""
    if not values:
        return f"{name:<28} (none)"
    return (f"{name:<28} p50 {statistics.median(values) * 1000:8.1f} ms   "
            f"p95 {pct(values, 95) * 1000:8.1f} ms   max {max(values) * 1000:8.1f} ms")


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB; 0 where unavailable."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class GcWatch:
    """The longest garbage-collector pause (to tell a GC pause from other stalls)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.collections = 0
        self._began = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.collections += 1
            self.longest = max(self.longest, time.perf_counter() - self._began)

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


class Watcher:
    """Times each interaction's first response and final message from ``fake.notify``.

    Only interactions still pending are looked at, so the watcher's own work stays small.
    A finished question is dropped from the fake's records (its interaction, messages,
    gateway frames), as Discord would not keep them in the bot's process: otherwise the
    fake's ever-growing history would make the collector's pauses, and the fake's own
    lookups, grow through the run and be counted against the bot.
    """

    def __init__(self, fake: Any) -> None:
        self.fake = fake
        self.pending: dict[Any, Asked] = {}
        self.adds: dict[Any, list[Any]] = {}  # ix -> [sent, seconds, text]
        self.idle = asyncio.Event()
        self._notify = fake.notify
        fake.notify = self._on_change

    def _on_change(self) -> None:
        self._notify()
        now = time.monotonic()
        done = []
        for ix, asked in self.pending.items():
            response = ix.response
            if response is None:
                continue
            if asked.first is None:
                asked.first = now
            if response["type"] == 4:
                content = (response.get("data") or {}).get("content") or ""
                asked.outcome = "rate-limited" if content.startswith(RATE_LIMITED) else "refused"
            elif (msg := final_message(ix)) is not None:
                text = msg.get("content") or ""
                asked.outcome = ("error" if text.startswith(APOLOGY_START) else
                                 "cited" if msg.get("embeds") else "declined")
            else:
                continue
            asked.final = now
            asked.ix = None
            done.append(ix)
        for ix in done:
            del self.pending[ix]
            self._forget(ix)
        for ix, record in self.adds.items():
            if record[1] is None and (msg := final_message(ix)) is not None:
                record[1], record[2] = now - record[0], msg.get("content") or ""
        if len(self.fake.gateway.log) > 2000:
            del self.fake.gateway.log[:-500]  # only a RESUME replays them; none happens here
            self.fake.requests.clear()
        if not self.pending and all(r[1] is not None for r in self.adds.values()):
            self.idle.set()
        else:
            self.idle.clear()

    def _forget(self, ix: Any) -> None:
        fake = self.fake
        with contextlib.suppress(ValueError):
            fake.interactions.remove(ix)
        for msg in (ix.original, *ix.followups):
            if msg is not None:
                fake.messages.pop(int(msg["id"]), None)
        self.pending.pop(ix, None)


async def run_soak(*, duration: float = 60.0, questions: int = 500, users: int = 50,
                   ask_rate: int = 5, ask_period: float = 60.0, articles: int = 4,
                   fake_encoder: bool = False, seed: int = 1, timeout: float = 180.0,
                   freeze_heap: bool = True, verbose: bool = False) -> SoakResult:
    """Start the fake and the bot, run the schedule, wait for every answer; the numbers.

    ``freeze_heap``: warm up as ``footnote run`` does (``gc.freeze()`` after loading), so
    stalls are measured as in production; a test process passes False.
    """
    from bot.discord_app.runner import warm_up
    from bot.service import Footnote
    from bot.settings import Settings
    from tests.fakes import HashingEncoder

    say = print if verbose else (lambda *_: None)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), ask_rate=ask_rate,  # type: ignore[call-arg]
                            ask_period=ask_period, allow_private_urls=False)
        t = time.monotonic()
        app = Footnote(settings, encoder=HashingEncoder()) if fake_encoder else Footnote(settings)
        if freeze_heap:
            warm_up(app)  # as `footnote run` does: load the model, freeze the heap
        else:
            app.encoder.encode(["warm up"])
        encoder = "fake (hashing)" if fake_encoder else app.encoder.model_id
        say(f"encoder ready in {time.monotonic() - t:.1f} s")
        async with running_bot(app, settings, users=users, moderator=True,
                               guild_name="Soak") as env:
            say(f"seed library ready in {env.seed_seconds:.1f} s; "
                f"{questions} /ask over {duration:g} s")
            return await _soak(env.fake, env.guild.id, env.channel.id, env.members, env.mod, rng,
                               duration=duration, questions=questions, users=users,
                               ask_rate=ask_rate, ask_period=ask_period, articles=articles,
                               timeout=timeout, encoder=encoder)


async def _soak(fake: Any, guild_id: int, channel_id: int, members: list[Any], mod: Any,
                rng: random.Random, *, duration: float, questions: int, users: int,
                ask_rate: int, ask_period: float, articles: int, timeout: float,
                encoder: str) -> SoakResult:
    plan: list[tuple[float, str, Any]] = []  # (offset, kind, payload)
    for i in range(questions):
        plan.append((rng.uniform(0, duration), "ask", (i % users, question_for(i, rng))))
    for k in range(articles):
        plan.append((duration * (k + 1) / (articles + 1), "add", k))
    plan.sort(key=lambda item: item[0])

    watcher = Watcher(fake)
    ticker = Ticker()
    rss_start = rss_mb()
    beats_from = len(fake.heartbeats)
    gc_watch = GcWatch().__enter__()
    ticker.start()
    began = time.monotonic()
    asked: list[Asked] = []
    add_kinds: list[tuple[str, Any]] = []
    for offset, kind, payload in plan:
        delay = began + offset - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if kind == "ask":
            user, question = payload
            sent = time.monotonic()
            ix = await fake.slash_command(guild_id, channel_id, members[user], "ask",
                                          options={"question": question})
            record = Asked(user, sent, ix)
            asked.append(record)
            watcher.pending[ix] = record
        else:
            body = article_text(payload)
            sent = time.monotonic()
            if payload % 2 == 0:
                ix = await fake.slash_command(guild_id, channel_id, mod, "article",
                                              subcommand="add", options={"text": body})
                add_kinds.append(("text", ix))
            else:
                ix = await fake.slash_command(
                    guild_id, channel_id, mod, "article", subcommand="add",
                    attachments=[(f"report-{payload}.txt", body.encode(), "text/plain")])
                add_kinds.append(("file", ix))
            watcher.adds[ix] = [sent, None, ""]
        watcher._on_change()  # an interaction may already be answered
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(watcher.idle.wait(), timeout)
    ended = time.monotonic()
    await ticker.stop()
    gc_watch.__exit__()
    beats = [began, *fake.heartbeats[beats_from:], ended]
    beat_gap = max(b - a for a, b in itertools.pairwise(beats))
    failures = []
    for n, a in enumerate(asked):
        if a.first is None:
            failures.append(f"/ask #{n} (user{a.user}): never acknowledged")
        elif a.first - a.sent > ACK_WINDOW:
            failures.append(f"/ask #{n} (user{a.user}): acknowledged after "
                            f"{a.first - a.sent:.2f} s")
        if a.outcome in ("pending", "error", "refused"):
            failures.append(f"/ask #{n} (user{a.user}): {a.outcome}")
    adds = [(kind, watcher.adds[ix][1], watcher.adds[ix][2]) for kind, ix in add_kinds]
    failures += [f"/article add ({kind}): {text or 'no final message'}"
                 for kind, _, text in adds if not text.startswith("Added article")]
    failures += [f"answered after Discord's 3 s: {ix!r}" for ix in fake.missed_deadlines]
    failures += [f"Discord would refuse: {r['method']} {r['path']} {r['status']} {r['code']}"
                 for r in fake.refusals]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return SoakResult(
        duration=duration, questions=questions, users=users, ask_rate=ask_rate,
        ask_period=ask_period, asked=asked, adds=adds, wall=ended - began,
        max_stall=ticker.max_stall, ticker_period=ticker.period, beat_gap=beat_gap,
        gc_pause=gc_watch.longest, gc_collections=gc_watch.collections,
        rss_start_mb=rss_start, rss_end_mb=rss_mb(), peak_rss_mb=peak,
        fake_problems=[*fake.unhandled_routes, *fake.server_errors], encoder=encoder,
        failures=failures,
    )


def main() -> int:
    """Parse the arguments, run the soak, print the numbers; 1 if an interaction was lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0,
                        help="seconds the questions are spread over")
    parser.add_argument("--questions", type=int, default=500, help="/ask interactions in all")
    parser.add_argument("--users", type=int, default=50, help="members asking (evenly)")
    parser.add_argument("--ask-rate", type=int, default=5, help="questions per user per period")
    parser.add_argument("--ask-period", type=float, default=60.0, help="rate-limit period (s)")
    parser.add_argument("--articles", type=int, default=4,
                        help="articles a moderator adds during the run (text, file, ...)")
    parser.add_argument("--fake-encoder", action="store_true",
                        help="the fast hashing encoder instead of all-MiniLM-L6-v2")
    parser.add_argument("--seed", type=int, default=1, help="random schedule seed")
    parser.add_argument("--timeout", type=float, default=180.0,
                        help="seconds to wait for the last answers after the last question")
    args = parser.parse_args()
    result = asyncio.run(run_soak(
        duration=args.duration, questions=args.questions, users=args.users,
        ask_rate=args.ask_rate, ask_period=args.ask_period, articles=args.articles,
        fake_encoder=args.fake_encoder, seed=args.seed, timeout=args.timeout, verbose=True))
    print()
    print(result.report())
    lost = result.unacknowledged or result.unfinished or result.fake_problems
    print("result:", "SOME INTERACTIONS WERE LOST" if lost else
          "every interaction acknowledged and finished")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
