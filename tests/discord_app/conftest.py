"""Fixtures for the Discord adapter's end-to-end tests.

Each test starts the loopback fake Discord (tests/fakediscord) and the real
:class:`FootnoteBot` over real sockets, with a world of one or two servers:
a text channel, a plain member (``alice``), a moderator with Manage Server
(``mod``, not the owner) and a member with the moderator *role* (``curator``).
The ``start_bot`` factory lets a test adjust settings first (``ask_rate=2``...),
choose the real model and pass options to the fake (``fake_options={"granted_intents":
...}``); teardown closes the bot and asserts the fake saw no route it lacks, no request
it failed on, no interaction answered after Discord's 3 seconds, and no request Discord
would refuse (unless the test lists the codes it expects in ``env.expected_refusals``).
Every first response is timed on the fake's clock; the slowest are printed at the end
of the run (``pytest_terminal_summary``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest

from bot.discord_app.client import FootnoteBot
from bot.library import Library
from bot.service import Footnote
from bot.settings import Settings
from tests.fakediscord import FakeChannel, FakeDiscord, FakeGuild, FakeInteraction, FakeMember

MANAGE_GUILD = discord.Permissions(manage_guild=True).value
HEARTBEAT = 0.1  # seconds: short, so a test sees many heartbeats
MOD_ROLE = "Curators"


@dataclass
class Server:
    """One fake server and its people."""

    guild: FakeGuild
    channel: FakeChannel
    alice: FakeMember  # a plain member
    mod: FakeMember  # Manage Server through a role; not the owner
    curator: FakeMember  # has the moderator role (by name), no Manage Server

    @property
    def library_name(self) -> str:
        return f"guild-{self.guild.id}"


@dataclass
class BotEnv:
    """A running bot, its fake Discord, and the engine behind it."""

    fake: FakeDiscord
    bot: FootnoteBot
    app: Footnote
    settings: Settings
    servers: list[Server] = field(default_factory=list)
    expected_refusals: set[int] = field(default_factory=set)
    """Discord error codes this test provokes on purpose (checked at teardown)."""

    @property
    def a(self) -> Server:
        return self.servers[0]

    @property
    def b(self) -> Server:
        return self.servers[1]

    def library(self, server: Server | None = None) -> Library:
        """The server's library, opened (and seeded) the way the bot opens it."""
        return self.app.library(self.bot.deps.libraries.open((server or self.a).guild.id))

    def add_text(self, text: str, *, title: str, server: Server | None = None) -> int:
        """Add an article straight through the engine (blocking; fine with the fake encoder)."""
        name = self.bot.deps.libraries.open((server or self.a).guild.id)
        return self.app.add_text(name, text, title=title, actor="test").article.id

    async def slash(self, name: str, user: Any = None, *, server: Server | None = None,
                    channel: Any = None, **kwargs: Any) -> FakeInteraction:
        server = server or self.a
        chan = channel.id if channel is not None else server.channel.id
        return await self.fake.slash_command(server.guild.id, chan, user or server.alice, name,
                                             **kwargs)

    async def ask(self, question: str, user: Any = None, *, server: Server | None = None,
                  channel: Any = None, **options: Any) -> FakeInteraction:
        """Run ``/ask`` (options: ``article=``)."""
        return await self.slash("ask", user, server=server, channel=channel,
                                options={"question": question, **options})

    async def article(self, sub: str, user: Any = None, *, server: Server | None = None,
                      attachments: Any = (), **options: Any) -> FakeInteraction:
        """Run ``/article <sub>``, by the moderator unless ``user`` says otherwise."""
        server = server or self.a
        return await self.slash("article", user or server.mod, server=server, subcommand=sub,
                                options=options, attachments=attachments)


StartBot = Callable[..., Awaitable[BotEnv]]


def _add_server(fake: FakeDiscord, name: str) -> Server:
    guild = fake.add_guild(name)
    channel = fake.add_text_channel(guild.id, "general")
    alice = fake.add_member(guild.id, "alice")
    mod = fake.add_member(guild.id, "mod", permissions=MANAGE_GUILD)
    role = fake.add_role(guild.id, MOD_ROLE)
    curator = fake.add_member(guild.id, "curator", roles=[role])
    return Server(guild, channel, alice, mod, curator)


async def _stop(bot: FootnoteBot, task: asyncio.Task[None]) -> None:
    # discord.py's heartbeat thread, if it woke just before the close, still hands a beat
    # to the event loop: wait for it while the loop runs, or it finds the loop closed
    # (an unhandled-thread-exception warning at teardown)
    keep_alive = getattr(getattr(bot, "ws", None), "_keep_alive", None)
    await bot.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(task, 5)
    if keep_alive is not None:
        await asyncio.to_thread(keep_alive.join, 5)


@pytest.fixture
async def start_bot(request: pytest.FixtureRequest, app: Footnote,
                    settings: Settings) -> AsyncIterator[StartBot]:
    """``await start_bot(servers=1, real_model=False, **settings_overrides)`` -> BotEnv."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(*, servers: int = 1, real_model: bool = False,
                        fake_options: dict[str, Any] | None = None, **overrides: Any) -> BotEnv:
            engine = request.getfixturevalue("real_app") if real_model else app
            overrides.setdefault("moderator_role", MOD_ROLE)
            for key, value in overrides.items():
                setattr(engine.settings, key, value)
            fake = await stack.enter_async_context(
                FakeDiscord(heartbeat_interval=HEARTBEAT, **(fake_options or {})))
            env = BotEnv(fake, None, engine, engine.settings)  # type: ignore[arg-type]
            stack.callback(_assert_clean, env)
            env.servers = [_add_server(fake, name) for name in ("Alpha", "Beta")[:servers]]
            env.bot = FootnoteBot(engine, engine.settings, guild_ready_timeout=0.05)
            await env.bot.login("fake-token")
            task = asyncio.create_task(env.bot.connect())
            stack.push_async_callback(_stop, env.bot, task)
            await asyncio.wait_for(env.bot.wait_until_ready(), 10)
            return env

        yield start


RESPONSE_TIMES: list[tuple[str, str, float]] = []
"""(test, interaction, seconds to the first response) for every interaction of the run."""


def _assert_clean(env: BotEnv) -> None:
    fake = env.fake
    test = os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0]
    RESPONSE_TIMES.extend((test, name, seconds) for name, _, seconds in fake.response_times)
    assert fake.unhandled_routes == [], fake.unhandled_routes
    assert fake.server_errors == [], fake.server_errors
    assert fake.missed_deadlines == [], f"answered after 3 s: {fake.missed_deadlines}"
    unexpected = [r for r in fake.refusals if r["code"] not in env.expected_refusals]
    assert unexpected == [], f"requests Discord would refuse: {unexpected}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How fast the bot answered Discord: every interaction of the run, on the fake's clock."""
    if not RESPONSE_TIMES:
        return
    times = sorted(seconds for _, _, seconds in RESPONSE_TIMES)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    test, name, slowest = max(RESPONSE_TIMES, key=lambda row: row[2])
    terminalreporter.write_sep("-", "Discord first responses (fake clock)")
    terminalreporter.write_line(
        f"{len(times)} interactions: p50 {times[len(times) // 2] * 1000:.0f} ms, p95 "
        f"{p95 * 1000:.0f} ms, max {slowest * 1000:.0f} ms (/{name} in {test}); "
        f"Discord's limit is 3000 ms")


@pytest.fixture
async def env(start_bot: StartBot) -> BotEnv:
    """One server, the fast fake encoder, default settings (seeded library)."""
    return await start_bot()
