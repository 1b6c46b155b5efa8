"""A thread pool that is fair between keys (libraries): one slow key cannot stall the others.

A plain pool runs jobs first come, first served: four long re-indexes of one library
take all four threads, and every other library's quick question waits behind them.
:class:`FairExecutor` keeps one queue per key and serves the keys round-robin, caps
how many threads one key may hold at once (``per_key``, by default all but one, so a
thread is always left for the others), and caps concurrent *writes* per key
(``writes_per_key``, by default one: adds, removals and re-indexes of one library run
one at a time, while its reads go on). Jobs of one key start in the order they were
submitted, except that a read may start while an earlier write of its key waits for
the write cap.

It knows nothing about Discord or libraries: keys are any hashable values.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(eq=False)
class _Job:
    key: Hashable
    call: Callable[[], Any]
    write: bool
    future: Future[Any]


class FairExecutor:
    """``workers`` threads shared round-robin between keys (see the module docstring)."""

    def __init__(self, workers: int = 4, *, per_key: int | None = None,
                 writes_per_key: int = 1, name: str = "footnote-worker") -> None:
        if workers < 1 or writes_per_key < 1 or (per_key is not None and per_key < 1):
            raise ValueError("workers, per_key and writes_per_key must be at least 1")
        self.workers = workers
        self.per_key = per_key if per_key is not None else max(1, workers - 1)
        self.writes_per_key = writes_per_key
        self._cond = threading.Condition()
        self._queues: OrderedDict[Hashable, deque[_Job]] = OrderedDict()  # round-robin order
        self._running: Counter[Hashable] = Counter()
        self._writing: Counter[Hashable] = Counter()
        self._closed = False
        self._threads = [threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True)
                         for i in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, key: Hashable, fn: Callable[..., T], /, *args: Any, write: bool = False,
               **kwargs: Any) -> Future[T]:
        """Queue ``fn(*args, **kwargs)`` under ``key``; ``write`` counts it against the key's
        write cap. Returns its future."""
        future: Future[T] = Future()
        job = _Job(key, functools.partial(fn, *args, **kwargs), write, future)
        with self._cond:
            if self._closed:
                raise RuntimeError("the executor is shut down")
            self._queues.setdefault(key, deque()).append(job)
            self._cond.notify()
        return future

    async def run(self, key: Hashable, fn: Callable[..., T], /, *args: Any, write: bool = False,
                  **kwargs: Any) -> T:
        """Await ``fn(*args, **kwargs)`` run in a worker thread under ``key``."""
        return await asyncio.wrap_future(self.submit(key, fn, *args, write=write, **kwargs))

    def pending(self, key: Hashable | None = None) -> int:
        """Jobs waiting (for ``key``, or in all)."""
        with self._cond:
            if key is not None:
                return len(self._queues.get(key, ()))
            return sum(len(q) for q in self._queues.values())

    def running(self, key: Hashable) -> int:
        """Jobs of ``key`` running now."""
        with self._cond:
            return self._running[key]

    def _next(self) -> _Job | None:
        """The next job to start (lock held): the first key in round-robin order that is under
        its caps, its first job that may start; that key then goes to the back."""
        for key, queue in self._queues.items():
            if self._running[key] >= self.per_key:
                continue
            for i, job in enumerate(queue):
                if job.write and self._writing[key] >= self.writes_per_key:
                    continue
                del queue[i]
                if queue:
                    self._queues.move_to_end(key)
                else:
                    del self._queues[key]
                return job
        return None

    def _work(self) -> None:
        while True:
            with self._cond:
                while (job := self._next()) is None:
                    if self._closed:
                        return
                    self._cond.wait()
                self._running[job.key] += 1
                self._writing[job.key] += job.write
            try:
                if job.future.set_running_or_notify_cancel():
                    try:
                        job.future.set_result(job.call())
                    except BaseException as exc:  # handed to whoever awaits the job
                        job.future.set_exception(exc)
            finally:
                with self._cond:
                    self._running[job.key] -= 1
                    self._writing[job.key] -= job.write
                    for counter in (self._running, self._writing):
                        if counter[job.key] <= 0:
                            del counter[job.key]
                    self._cond.notify_all()

    def shutdown(self, *, wait: bool = False) -> None:
        """Cancel what has not started; running jobs finish. ``wait``: join the threads."""
        with self._cond:
            self._closed = True
            for queue in self._queues.values():
                for job in queue:
                    job.future.cancel()
            self._queues.clear()
            self._cond.notify_all()
        if wait:
            for thread in self._threads:
                thread.join()
