"""Progress of a slow change ("Fetching…", "Embedding 12 passages…") shown by editing a message.

The engine calls the progress callback from its worker thread; the callback hands
each line to the event loop with ``asyncio.run_coroutine_threadsafe`` and never
waits. On the loop, edits are coalesced and rate-limited: at most one edit per
``interval`` seconds, always showing the latest line, and none after
:meth:`ProgressMessage.close` — so a late progress line can never overwrite the
final result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

import discord

from bot.discord_app.render import progress_text

log = logging.getLogger("footnote.discord")

Edit = Callable[[str], Awaitable[object]]


class ProgressMessage:
    """A thread-safe progress callback that edits one message, at a limited rate."""

    def __init__(self, loop: asyncio.AbstractEventLoop, edit: Edit, *,
                 interval: float = 1.0) -> None:
        self._loop = loop
        self._edit = edit
        self.interval = interval
        self._latest: str | None = None
        self._last_edit = float("-inf")
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self._editing = False
        self.shown: list[str] = []  # every line actually shown (for tests and logs)

    def __call__(self, message: str) -> None:
        """Progress callback for the engine; safe to call from any thread."""
        if self._closed or self._loop.is_closed():
            return
        coro = self._update(message)
        try:
            asyncio.run_coroutine_threadsafe(coro, self._loop)
        except RuntimeError:  # the loop shut down meanwhile
            coro.close()

    async def _update(self, message: str) -> None:
        if self._closed:
            return
        self._latest = progress_text(message)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._flush())

    async def _flush(self) -> None:
        while self._latest is not None and not self._closed:
            wait = self._last_edit + self.interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue  # re-check: closed meanwhile, or a newer line arrived
            text, self._latest = self._latest, None
            self._last_edit = time.monotonic()
            self._editing = True
            try:
                await self._edit(text)
                self.shown.append(text)
            except discord.HTTPException as exc:
                log.warning("could not show progress %r: HTTP %s (code %s)", text, exc.status,
                            exc.code)
            finally:
                self._editing = False

    async def close(self) -> None:
        """Stop editing. An edit already on its way is awaited, so the final message lands
        last; a pending (rate-limited) one is dropped."""
        self._closed = True
        task, self._task = self._task, None
        if task is None or task.done():
            return
        if not self._editing:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError, asyncio.TimeoutError, Exception):
            await asyncio.wait_for(task, timeout=5)
