"""A tiny real discord.py bot for testing the fake's rules (``tests/test_fakediscord_*.py``).

Its one slash command, ``/probe``, runs whatever coroutine the test set as
``bot.action`` and puts the result (or the exception discord.py raised) in
``bot.outcomes``; its autocomplete answers ``bot.choices``. Everything goes through the
real, unmodified client over sockets, so a rule the fake enforces shows up as the
exception discord.py raises against real Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from .server import FakeDiscord
from .state import FakeChannel, FakeGuild, FakeMember

Action = Callable[[discord.Interaction], Awaitable[Any]]


def probe_intents() -> discord.Intents:
    """Guilds and guild messages: no privileged intent."""
    intents = discord.Intents.none()
    intents.guilds = intents.guild_messages = True
    return intents


class ProbeBot(commands.Bot):
    """``/probe [text]`` runs ``self.action``; autocomplete on ``text`` answers ``self.choices``."""

    def __init__(self, *, intents: discord.Intents | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("guild_ready_timeout", 0.05)
        super().__init__(command_prefix=commands.when_mentioned,
                         intents=intents or probe_intents(), **kwargs)
        self.action: Action | None = None
        self.choices: list[app_commands.Choice[str]] = []
        self.outcomes: asyncio.Queue[Any] = asyncio.Queue()
        self.started = asyncio.Event()

    async def setup_hook(self) -> None:
        @self.tree.command(name="probe", description="Runs the test's action.")
        async def probe(interaction: discord.Interaction, text: str | None = None) -> None:
            self.started.set()
            try:
                assert self.action is not None, "set bot.action first"
                self.outcomes.put_nowait(await self.action(interaction))
            except Exception as exc:  # the test inspects what discord.py raised
                self.outcomes.put_nowait(exc)

        @probe.autocomplete("text")
        async def choices(_: discord.Interaction, __: str) -> list[app_commands.Choice[str]]:
            return self.choices

        await self.tree.sync()

    async def outcome(self, timeout: float = 10) -> Any:
        """The next action's result, or the exception it raised."""
        return await asyncio.wait_for(self.outcomes.get(), timeout)


@dataclass
class ProbeEnv:
    """A running probe bot and its fake world."""

    fake: FakeDiscord
    bot: ProbeBot
    guild: FakeGuild
    channel: FakeChannel
    alice: FakeMember

    @property
    def bot_channel(self) -> discord.TextChannel:
        """The channel as the bot's client sees it (send through the real client)."""
        channel = self.bot.get_channel(self.channel.id)
        assert isinstance(channel, discord.TextChannel)
        return channel

    async def run(self, action: Action, timeout: float = 10, **options: Any) -> Any:
        """Run ``action`` inside ``/probe`` and return its result or exception."""
        self.bot.action = action
        await self.fake.slash_command(self.guild.id, self.channel.id, self.alice, "probe",
                                      options=options or None)
        return await self.bot.outcome(timeout)


@contextlib.asynccontextmanager
async def probe_env(*, intents: discord.Intents | None = None, token: str = "fake-token",
                    **fake_kwargs: Any) -> AsyncIterator[ProbeEnv]:
    """Start the fake and a connected :class:`ProbeBot`; close both afterwards."""
    fake_kwargs.setdefault("heartbeat_interval", 0.2)
    async with FakeDiscord(**fake_kwargs) as fake:
        guild = fake.add_guild("Probe")
        channel = fake.add_text_channel(guild.id, "general")
        alice = fake.add_member(guild.id, "alice")
        bot = ProbeBot(intents=intents)
        await bot.login(token)
        task = asyncio.create_task(bot.connect())
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 10)
            yield ProbeEnv(fake, bot, guild, channel, alice)
        finally:
            await bot.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 5)
        assert fake.unhandled_routes == [] and fake.server_errors == [], (
            fake.unhandled_routes, fake.server_errors)
