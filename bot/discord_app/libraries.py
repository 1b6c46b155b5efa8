"""One library per server, and the worker threads that call the (blocking) engine.

Each Discord server gets its own library, ``guild-<server id>``, created (and
seeded, unless ``FOOTNOTE_SEED_NEW_SERVERS=false``) the first time it is used.
Everything the cogs do to a library goes through :meth:`GuildLibraries.call`,
which names the library from the *invoking* server: no code path takes a
library name from user input, so one server can never read or change another's.

Engine calls run in a :class:`~bot.workers.FairExecutor` keyed by library: servers
are served round-robin, one server's long add or re-index holds at most one thread
for writes (and never all of them), so another server's ``/ask`` is not stalled.
It is a dedicated pool, not ``asyncio.to_thread``'s default one, which aiohttp
(discord.py's HTTP client) uses for DNS lookups: a burst of questions cannot delay the
"thinking…" acknowledgements that must reach Discord within 3 seconds.

Autocomplete answers from :meth:`GuildLibraries.cached_titles`: titles already read,
or a quick read of a library that already exists, never opening a new one (no seeding,
no embedding), and never waiting longer than :data:`AUTOCOMPLETE_WAIT`.

The adapter's own memory is bounded: the set of opened libraries and the title cache
are LRU maps (:data:`MAX_OPENED`, :data:`MAX_TITLE_CACHES`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from bot.errors import NotFoundError
from bot.lru import Bounded
from bot.service import Footnote
from bot.settings import Settings
from bot.workers import FairExecutor

T = TypeVar("T")
TITLE_CACHE_SECONDS = 60.0
AUTOCOMPLETE_WAIT = 0.5
"""Seconds autocomplete waits for titles being read (Discord gives up after 3)."""
MAX_OPENED = 20_000
MAX_TITLE_CACHES = 2_000
Titles = list[tuple[int, str]]


def library_name(guild_id: int) -> str:
    """The library of a server: ``guild-<id>``."""
    return f"guild-{int(guild_id)}"


class GuildLibraries:
    """Per-server libraries on top of one :class:`Footnote`, and a fair pool to call it from."""

    def __init__(self, app: Footnote, settings: Settings, *, workers: int = 4) -> None:
        self.app = app
        self.settings = settings
        self.executor = FairExecutor(workers, name="footnote-engine")
        self._opened: Bounded[str, bool] = Bounded(MAX_OPENED)
        self._titles: Bounded[int, tuple[float, Titles]] = Bounded(MAX_TITLE_CACHES)
        self._reading: dict[int, asyncio.Future[Titles]] = {}

    def open(self, guild_id: int) -> str:
        """Create (and seed) the server's library on first use; returns its name. Blocking."""
        name = library_name(guild_id)
        if name in self._opened:
            return name
        self.app.library(name, seed=self.settings.seed_new_servers)
        self._opened.put(name, True)
        return name

    def is_open(self, guild_id: int) -> bool:
        """Has the server's library been opened (so reading it is quick)?"""
        return library_name(guild_id) in self._opened

    def exists(self, guild_id: int) -> bool:
        """Is the server's library stored already (opening it seeds nothing)? Blocking: with
        PostgreSQL the database says."""
        return self.is_open(guild_id) or self.app.storage.exists(library_name(guild_id))

    async def call(self, guild_id: int, method: Callable[..., T], /, *args: Any,
                   write: bool = False, **kwargs: Any) -> T:
        """Run ``method(<the server's library name>, *args, **kwargs)`` in a worker thread;
        ``write`` for changes (one at a time per library)."""
        def work() -> T:
            return method(self.open(guild_id), *args, **kwargs)

        return await self.executor.run(library_name(guild_id), work, write=write)

    async def run(self, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run any blocking function in the engine's worker threads (no library's turn)."""
        return await self.executor.run(None, func, *args, **kwargs)

    # -- titles, for autocomplete and the article option ---------------------------------
    def _fresh(self, guild_id: int) -> Titles | None:
        cached = self._titles.get(guild_id)
        if cached is not None and time.monotonic() - cached[0] < TITLE_CACHE_SECONDS:
            return cached[1]
        return None

    def _read(self, guild_id: int) -> asyncio.Future[Titles]:
        """Read the titles in the library's turn (one read per server at a time)."""
        reading = self._reading.get(guild_id)
        if reading is not None:
            return reading
        name = library_name(guild_id)

        def read() -> Titles:
            return [(a.id, a.title) for a in self.app.list_articles(name)]

        future = asyncio.ensure_future(self.executor.run(name, read))
        self._reading[guild_id] = future

        def done(f: asyncio.Future[Titles]) -> None:
            self._reading.pop(guild_id, None)
            if not f.cancelled() and f.exception() is None:
                self._titles.put(guild_id, (time.monotonic(), f.result()))

        future.add_done_callback(done)
        return future

    async def titles(self, guild_id: int) -> Titles:
        """``(id, title)`` of the server's articles, oldest first (cached briefly). Opens
        (and on first use seeds) the library: call it after the interaction is deferred,
        or when :meth:`is_open`."""
        fresh = self._fresh(guild_id)
        if fresh is not None:
            return fresh
        await self.executor.run(library_name(guild_id), self.open, guild_id)
        return await asyncio.shield(self._read(guild_id))

    async def cached_titles(self, guild_id: int) -> Titles:
        """Titles for autocomplete: cached ones, else a read of a library that exists
        already, waited for at most :data:`AUTOCOMPLETE_WAIT` seconds (the read goes on and
        serves the next keystroke). A server without a library gets none: autocomplete never
        creates, seeds or embeds anything."""
        fresh = self._fresh(guild_id)
        if fresh is not None:
            return fresh
        stale = self._titles.get(guild_id)
        if not self.is_open(guild_id):
            try:  # off the event loop: a database may take a moment to say, or be down
                exists = await asyncio.wait_for(self.run(self.exists, guild_id), AUTOCOMPLETE_WAIT)
            except Exception:  # too slow, or unreachable: no suggestions this keystroke
                exists = False
            if not exists:
                return stale[1] if stale is not None else []
        reading = self._read(guild_id)
        with contextlib.suppress(TimeoutError, Exception):
            return await asyncio.wait_for(asyncio.shield(reading), AUTOCOMPLETE_WAIT)
        return stale[1] if stale is not None else []

    def changed(self, guild_id: int) -> None:
        """Forget cached titles after the server's library changed."""
        self._titles.pop(guild_id)

    async def resolve_article(self, guild_id: int, value: str | None) -> int | None:
        """The article id an ``article`` option means, looked up in this server only.

        Autocomplete sends the id as text; a person may also type a title. Raises
        :class:`NotFoundError` when nothing in this server's library matches.
        """
        if value is None or not value.strip():
            return None
        text = value.strip()
        titles = await self.titles(guild_id)
        # isdecimal, not isdigit: "²" is a digit that int() refuses. Ids never need more than
        # 19 digits, and int() refuses more than 4,300 (a 6,000-character option could hold).
        if text.isdecimal() and len(text) > 19:
            raise NotFoundError(f"There is no article {clip_title(text, 24)} in this library. "
                                "Pick one from the list that appears as you type.")
        if text.isdecimal():
            article_id = int(text)
            if any(aid == article_id for aid, _ in titles):
                return article_id
            self.changed(guild_id)  # maybe just added elsewhere: read afresh once
            if any(aid == article_id for aid, _ in await self.titles(guild_id)):
                return article_id
            raise NotFoundError(
                f"There is no article {article_id} in this library. "
                "Pick one from the list that appears as you type."
            )
        folded = text.casefold()
        exact = [aid for aid, title in titles if title.casefold() == folded]
        partial = [aid for aid, title in titles if folded in title.casefold()]
        for matches in (exact, partial):
            if len(matches) == 1:
                return matches[0]
        raise NotFoundError(
            f"There is no single article called “{clip_title(text)}” in this library. "
            "Pick one from the list that appears as you type."
        )

    def close(self) -> None:
        """Stop the worker threads (work already running finishes in the background)."""
        self.executor.shutdown()


def clip_title(text: str, limit: int = 80) -> str:
    """A typed title, shortened for an error sentence (made safe by the sender)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
