"""FairExecutor: keys served round-robin, per-key caps, writes one at a time per key."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import CancelledError

import pytest

from bot.workers import FairExecutor

WAIT = 10.0  # seconds any one step may take before the test fails (never reached when fine)


class Gate:
    """Jobs that block until the test lets them go, and report when they start."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.release = threading.Event()
        self._cond = threading.Condition()

    def job(self, name: str, *, block: bool = False) -> str:
        with self._cond:
            self.started.append(name)
            self._cond.notify_all()
        if block:
            assert self.release.wait(WAIT)
        return name

    def wait_started(self, count: int) -> None:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.started) >= count, WAIT), self.started


def test_a_busy_key_cannot_take_every_thread() -> None:
    pool = FairExecutor(3)  # per_key defaults to 2: one thread stays free for others
    gate = Gate()
    slow = [pool.submit("big", gate.job, f"big{i}", block=True) for i in range(5)]
    gate.wait_started(2)
    quick = pool.submit("small", gate.job, "small")
    assert quick.result(WAIT) == "small"  # answered while "big" still holds two threads
    assert pool.running("big") == 2 and pool.pending("big") == 3
    gate.release.set()
    assert [f.result(WAIT) for f in slow] == [f"big{i}" for i in range(5)]
    pool.shutdown(wait=True)


def test_keys_take_turns() -> None:
    pool = FairExecutor(1)
    gate = Gate()
    first = pool.submit("a", gate.job, "a0", block=True)
    gate.wait_started(1)
    jobs = [pool.submit(key, gate.job, f"{key}{i}") for key, i in
            (("a", 1), ("a", 2), ("a", 3), ("b", 1), ("b", 2), ("c", 1))]
    gate.release.set()
    first.result(WAIT)
    for job in jobs:
        job.result(WAIT)
    assert gate.started == ["a0", "a1", "b1", "c1", "a2", "b2", "a3"]
    pool.shutdown(wait=True)


def test_writes_of_one_key_run_one_at_a_time_and_reads_go_on() -> None:
    pool = FairExecutor(4, per_key=4)
    gate = Gate()
    write = pool.submit("lib", gate.job, "w1", block=True, write=True)
    gate.wait_started(1)
    second = pool.submit("lib", gate.job, "w2", write=True)
    read = pool.submit("lib", gate.job, "r1")
    assert read.result(WAIT) == "r1"  # a read passes the waiting write
    assert gate.started == ["w1", "r1"] and not second.done()
    other = pool.submit("other", gate.job, "w3", write=True)
    assert other.result(WAIT) == "w3"  # the cap is per key
    gate.release.set()
    assert (write.result(WAIT), second.result(WAIT)) == ("w1", "w2")
    pool.shutdown(wait=True)


def test_errors_reach_the_caller_and_shutdown_cancels_what_waits() -> None:
    pool = FairExecutor(1)
    gate = Gate()

    def boom() -> None:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        pool.submit("k", boom).result(WAIT)
    running = pool.submit("k", gate.job, "running", block=True)
    gate.wait_started(1)
    waiting = pool.submit("k", gate.job, "waiting")
    pool.shutdown()
    with pytest.raises(CancelledError):
        waiting.result(WAIT)
    gate.release.set()
    assert running.result(WAIT) == "running"
    with pytest.raises(RuntimeError):
        pool.submit("k", gate.job, "late")
    with pytest.raises(ValueError):
        FairExecutor(0)


async def test_run_awaits_from_the_event_loop() -> None:
    pool = FairExecutor(2)
    assert await asyncio.gather(*(pool.run(i % 2, pow, i, 2) for i in range(6))) == \
        [0, 1, 4, 9, 16, 25]
    pool.shutdown(wait=True)
