"""Fixtures for the Discord adapter's end-to-end tests.

Each test starts the loopback fake Discord (tests/fakediscord) and the real
:class:`FootnoteBot` over real sockets, with a world of one or two servers:
a text channel, a plain member (``alice``), a moderator with Manage Server
(``mod``, not the owner) and a member with the moderator *role* (``curator``).
The ``start_bot`` factory lets a test adjust settings first (``ask_rate=2``...)
and choose the real model; teardown closes the bot and asserts the fake saw no
route it lacks and no request it failed on.
"""

from __future__ import annotations

import asyncio
import contextlib
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
    await bot.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(task, 5)


@pytest.fixture
async def start_bot(request: pytest.FixtureRequest, app: Footnote,
                    settings: Settings) -> AsyncIterator[StartBot]:
    """``await start_bot(servers=1, real_model=False, **settings_overrides)`` -> BotEnv."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(*, servers: int = 1, real_model: bool = False,
                        **overrides: Any) -> BotEnv:
            engine = request.getfixturevalue("real_app") if real_model else app
            overrides.setdefault("moderator_role", MOD_ROLE)
            for key, value in overrides.items():
                setattr(engine.settings, key, value)
            fake = await stack.enter_async_context(FakeDiscord(heartbeat_interval=HEARTBEAT))
            stack.callback(_assert_clean, fake)
            env = BotEnv(fake, None, engine, engine.settings)  # type: ignore[arg-type]
            env.servers = [_add_server(fake, name) for name in ("Alpha", "Beta")[:servers]]
            env.bot = FootnoteBot(engine, engine.settings, guild_ready_timeout=0.05)
            await env.bot.login("fake-token")
            task = asyncio.create_task(env.bot.connect())
            stack.push_async_callback(_stop, env.bot, task)
            await asyncio.wait_for(env.bot.wait_until_ready(), 10)
            return env

        yield start


def _assert_clean(fake: FakeDiscord) -> None:
    assert fake.unhandled_routes == [], fake.unhandled_routes
    assert fake.server_errors == [], fake.server_errors


@pytest.fixture
async def env(start_bot: StartBot) -> BotEnv:
    """One server, the fast fake encoder, default settings (seeded library)."""
    return await start_bot()
