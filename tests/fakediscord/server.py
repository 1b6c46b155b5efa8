"""FakeDiscord: a strict loopback fake of Discord (REST + gateway) for the real discord.py client.

Typical use (see ``tests/test_fakediscord_smoke.py`` and ``tests/test_fakediscord_*.py``)::

    async with FakeDiscord() as fake:         # starts on 127.0.0.1:<free port>, patches discord.py
        guild = fake.add_guild("Alpha")
        channel = fake.add_text_channel(guild.id, "general")
        alice = fake.add_member(guild.id, "alice")
        await bot.login("fake-token"); task = asyncio.create_task(bot.connect())
        await bot.wait_until_ready()
        ix = await fake.slash_command(guild.id, channel.id, alice, "ping")
        assert (await ix.wait_response())["type"] == 5

The fake enforces Discord's rules (README.md lists them): size limits, the 3-second
first response, the 15-minute token, visibility fixed at the defer, channel
permissions, privileged intents, and rate limits on demand. Every refusal is recorded
in ``fake.refusals`` with Discord's status, code and body.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import discord
import yarl
from aiohttp import web

from .gateway import Gateway
from .interactions import AttachmentSpec, FakeInteraction, InteractionsMixin
from .messages import MessagesMixin
from .ratelimits import FaultRule, RateLimitRule
from .rest import RestApi
from .state import FakeChannel, FakeGuild, snowflake, user_payload
from .world import WorldMixin


class FakeDiscord(WorldMixin, MessagesMixin, InteractionsMixin):
    """State + aiohttp server. Ids on returned objects are ints; payload ids are strings.

    ``granted_intents``: the privileged intents the application may use (bits; the
    others are refused with close code 4014). ``valid_tokens``: the bot tokens Discord
    accepts (None: any). ``recommended_shards``: what ``GET /gateway/bot`` advises.
    """

    def __init__(self, *, bot_name: str = "Footnote", heartbeat_interval: float = 0.5,
                 echo_bot_messages: bool = True, granted_intents: int = 0,
                 valid_tokens: Iterable[str] | None = None,
                 recommended_shards: int = 1) -> None:
        self.application_id = snowflake()
        self.bot_id = self.application_id  # a bot's user id is its application id
        self.bot_user = {**user_payload(self.bot_id, bot_name, bot=True),
                         "verified": True, "mfa_enabled": False, "email": None}
        self.app_owner_id = snowflake()
        self.users: dict[int, dict[str, Any]] = {
            self.bot_id: self.bot_user,
            self.app_owner_id: user_payload(self.app_owner_id, "app-owner"),
        }
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, dict[str, Any]] = {}  # every message, by id, in creation order
        self.bot_posts: dict[int, list[dict[str, Any]]] = {}  # POST /channels/{id}/messages
        self.files: dict[int, AttachmentSpec] = {}  # attachment id -> (filename, bytes, type)
        self.registered_commands: dict[int | None, list[dict[str, Any]]] = {}  # None = global
        self.interactions: list[FakeInteraction] = []
        self.reactions: list[tuple[int, str]] = []  # (message id, emoji) the bot added
        self.typing: list[int] = []  # channels the bot showed "typing…" in
        self.requests: list[tuple[str, str]] = []  # every REST request (method, path)
        self.refusals: list[dict[str, Any]] = []  # every error answered: status, code, body
        self.response_times: list[tuple[str, int, float]] = []  # (name, type, seconds)
        self.missed_deadlines: list[FakeInteraction] = []  # answered after 3 seconds
        self.rate_limits: list[RateLimitRule] = []
        self.unhandled_routes: list[str] = []  # requests no route matched: the fake lacks them
        self.server_errors: list[str] = []  # requests a handler failed on (answered 400)
        self.echo_bot_messages = echo_bot_messages  # dispatch MESSAGE_CREATE for bot messages
        self.granted_intents = granted_intents
        self.valid_tokens = None if valid_tokens is None else set(valid_tokens)
        self.recommended_shards = recommended_shards
        self.clock_offset = 0.0
        self.gateway = Gateway(self, heartbeat_interval)
        self.base_url = ""
        self._rest = RestApi(self)
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self._read_cursor: dict[int, int] = {}
        self._undo: Callable[[], None] = lambda: None

    # -- lifecycle ---------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1") -> None:
        """Bind ``host:0`` and serve REST under ``/api/v10`` and the gateway at ``/``."""
        app = web.Application(middlewares=[self._rest.middleware])
        for method, path, handler in self._rest.routes():
            app.router.add_route(method, path, handler)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_route("*", "/{tail:.*}", self._rest.unknown_route)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, 0).start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{port}"

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        return self.base_url + "/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1) + "/"

    def patch_discord(self) -> Callable[[], None]:
        """Point discord.py at this fake; returns a callable that undoes it."""
        route, ws = discord.http.Route, discord.gateway.DiscordWebSocket
        old = (route.BASE, ws.DEFAULT_GATEWAY)
        route.BASE, ws.DEFAULT_GATEWAY = self.api_base, yarl.URL(self.gateway_url)

        def undo() -> None:
            route.BASE, ws.DEFAULT_GATEWAY = old

        return undo

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        undo = self.patch_discord()
        try:
            yield self
        finally:
            undo()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        self._undo = self.patch_discord()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._undo()
        await self.stop()

    # -- Discord's rules, switched by tests ---------------------------------------------
    def now(self) -> float:
        """The fake's clock (monotonic seconds, moved on by :meth:`advance`)."""
        return time.monotonic() + self.clock_offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock on: interactions age (3-second window, 15-minute token)."""
        self.clock_offset += seconds

    def token_ok(self, token: str) -> bool:
        """Does Discord accept this bot token?"""
        return self.valid_tokens is None or token in self.valid_tokens

    def rate_limit(self, method: str, path: str, retry_after: float = 0.2, *, times: int = 1,
                   is_global: bool = False) -> RateLimitRule:
        """Answer the next ``times`` requests matching ``method`` and the ``path`` regex
        with 429 and ``retry_after`` (see :mod:`.ratelimits`)."""
        rule = RateLimitRule(method, re.compile(path), retry_after, times, is_global)
        self.rate_limits.append(rule)
        return rule

    def fail(self, method: str, path: str, status: int, code: int, message: str, *,
             times: int = 1) -> FaultRule:
        """Answer the next ``times`` requests matching ``method`` and the ``path`` regex with
        this Discord error (``status``, JSON ``code`` and ``message``)."""
        rule = FaultRule(method, re.compile(path), 0.0, times, False, status=status, code=code,
                         message=message)
        self.rate_limits.append(rule)
        return rule

    def refused(self, code: int | None = None, status: int | None = None) -> list[dict[str, Any]]:
        """The refusals so far, optionally only those with a JSON ``code`` / HTTP ``status``."""
        return [r for r in self.refusals if (code is None or r["code"] == code)
                and (status is None or r["status"] == status)]

    # -- waiting -----------------------------------------------------------------------
    def notify(self) -> None:
        """Wake every :meth:`wait_for` (called after each recorded change)."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        """Wait until ``predicate()`` is truthy; return its value or raise TimeoutError."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"fakediscord: timed out after {timeout}s waiting for {what}; "
                                   f"unhandled routes: {self.unhandled_routes}; "
                                   f"server errors: {self.server_errors}; "
                                   f"refusals: {self.refusals[-3:]}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return result

    # -- gateway control -----------------------------------------------------------------
    @property
    def heartbeats(self) -> list[float]:
        """``time.monotonic()`` of every heartbeat (op 1) the bot sent."""
        return self.gateway.heartbeats

    async def drop_connection(self, code: int = 4000, *, abort: bool = False,
                              shard: int = 0) -> None:
        """Close the bot's websocket; dispatches until it RESUMEs are replayed then."""
        await self.gateway.drop(code, abort=abort, shard=shard)

    async def wait_resumed(self, count: int = 1, timeout: float = 10) -> None:
        await self.wait_for(lambda: len(self.gateway.resumes) >= count and self.gateway.connected,
                            timeout, f"{count} RESUME(s)")
