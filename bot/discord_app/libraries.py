"""One library per server, and the worker threads that call the (blocking) engine.

Each Discord server gets its own library, ``guild-<server id>``, created (and
seeded, unless ``FOOTNOTE_SEED_NEW_SERVERS=false``) the first time it is used.
Everything the cogs do to a library goes through :meth:`GuildLibraries.call`,
which names the library from the *invoking* server: no code path takes a
library name from user input, so one server can never read or change another's.

Engine calls run in a dedicated thread pool rather than ``asyncio.to_thread``'s
default one: a burst of questions then cannot starve the default pool, which
aiohttp (discord.py's HTTP client) uses for DNS lookups, and so cannot delay the
"thinking…" acknowledgements that must reach Discord within 3 seconds.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from bot.errors import NotFoundError
from bot.service import Footnote
from bot.settings import Settings

T = TypeVar("T")
TITLE_CACHE_SECONDS = 60.0


def library_name(guild_id: int) -> str:
    """The library of a server: ``guild-<id>``."""
    return f"guild-{int(guild_id)}"


class GuildLibraries:
    """Per-server libraries on top of one :class:`Footnote`, and a pool to call it from."""

    def __init__(self, app: Footnote, settings: Settings, *, workers: int = 4) -> None:
        self.app = app
        self.settings = settings
        self.executor = ThreadPoolExecutor(max_workers=workers,
                                           thread_name_prefix="footnote-engine")
        self._opened: set[str] = set()
        self._lock = threading.Lock()
        self._titles: dict[int, tuple[float, list[tuple[int, str]]]] = {}

    def open(self, guild_id: int) -> str:
        """Create (and seed) the server's library on first use; returns its name. Blocking."""
        name = library_name(guild_id)
        with self._lock:
            if name in self._opened:
                return name
        self.app.library(name, seed=self.settings.seed_new_servers)
        with self._lock:
            self._opened.add(name)
        return name

    def is_open(self, guild_id: int) -> bool:
        """Has the server's library been opened (so reading it is quick)?"""
        with self._lock:
            return library_name(guild_id) in self._opened

    async def call(self, guild_id: int, method: Callable[..., T], /, *args: Any,
                   **kwargs: Any) -> T:
        """Run ``method(<the server's library name>, *args, **kwargs)`` in a worker thread."""
        def work() -> T:
            return method(self.open(guild_id), *args, **kwargs)

        return await self.run(work)

    async def run(self, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run any blocking function in the engine's worker threads."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(func, *args, **kwargs))

    # -- titles, for autocomplete and the article option ---------------------------------
    async def titles(self, guild_id: int) -> list[tuple[int, str]]:
        """``(id, title)`` of the server's articles, oldest first (cached briefly).

        Read in the default thread pool, not the engine's, so autocomplete stays
        quick while the engine is busy answering.
        """
        cached = self._titles.get(guild_id)
        if cached is not None and time.monotonic() - cached[0] < TITLE_CACHE_SECONDS:
            return cached[1]

        def read() -> list[tuple[int, str]]:
            return [(a.id, a.title) for a in self.app.list_articles(self.open(guild_id))]

        titles = await asyncio.to_thread(read)
        self._titles[guild_id] = (time.monotonic(), titles)
        return titles

    def changed(self, guild_id: int) -> None:
        """Forget cached titles after the server's library changed."""
        self._titles.pop(guild_id, None)

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
        self.executor.shutdown(wait=False, cancel_futures=True)


def clip_title(text: str, limit: int = 80) -> str:
    """A typed title, shortened for an error sentence (mentions neutralised by the sender)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
