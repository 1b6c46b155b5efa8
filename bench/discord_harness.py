"""The Discord benches' shared start-up: a fake Discord, one server, the real bot, seeded.

:func:`running_bot` starts the loopback fake Discord (tests/fakediscord), builds a
server with a ``general`` text channel, ``users`` plain members (``user0``…) and,
optionally, a moderator with Manage Server (``mod``), then starts the real
:class:`~bot.discord_app.client.FootnoteBot` over real sockets, waits until it is
ready and opens (seeds) the server's library once, so the first question does not
pay for it. On exit the bot is closed before the fake stops.

Heavy imports happen inside :func:`running_bot`, so ``--help`` stays quick.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

MANAGE_GUILD = 1 << 5
LOADING = 1 << 7


def final_message(ix: Any) -> dict[str, Any] | None:
    """The first message of an interaction the person is meant to read: not the "thinking…"
    placeholder, a progress line ("Embedding…") or a passing note; None until there is one."""
    from bot.discord_app.replies import ANSWERED_PRIVATELY, POSTING

    for msg in ix.followups:
        text = msg.get("content") or ""
        if (msg["action"] in ("followup", "edit_original") and not msg["flags"] & LOADING
                and text not in (POSTING, ANSWERED_PRIVATELY)
                and (msg.get("embeds") or (text and not text.endswith("…")))):
            return msg  # type: ignore[no-any-return]
    return None


@dataclass
class BenchEnv:
    """What a bench drives: the fake, its world, and the running bot."""

    fake: Any  # tests.fakediscord.FakeDiscord
    guild: Any
    channel: Any
    members: list[Any]
    mod: Any | None  # None unless ``moderator=True``
    bot: Any  # bot.discord_app.client.FootnoteBot
    seed_seconds: float
    """How long opening (seeding) the server's library took."""


@contextlib.asynccontextmanager
async def running_bot(app: Any, settings: Any, *, users: int, moderator: bool = False,
                      guild_name: str = "Bench", heartbeat_interval: float = 0.25,
                      ready_timeout: float = 30.0,
                      close_timeout: float = 10.0) -> AsyncIterator[BenchEnv]:
    """``async with running_bot(app, settings, users=20) as env:`` — the bot is ready and the
    server's library seeded inside; closed (then the fake stopped) on the way out."""
    from bot.discord_app.client import FootnoteBot
    from tests.fakediscord import FakeDiscord

    async with FakeDiscord(heartbeat_interval=heartbeat_interval) as fake:
        guild = fake.add_guild(guild_name)
        channel = fake.add_text_channel(guild.id, "general")
        members = [fake.add_member(guild.id, f"user{i}") for i in range(users)]
        mod = fake.add_member(guild.id, "mod", permissions=MANAGE_GUILD) if moderator else None
        bot = FootnoteBot(app, settings, guild_ready_timeout=0.05)
        await bot.login("fake-token")
        task = asyncio.create_task(bot.connect())
        try:
            await asyncio.wait_for(bot.wait_until_ready(), ready_timeout)
            t = time.monotonic()
            await bot.deps.libraries.run(bot.deps.libraries.open, guild.id)  # seed once
            yield BenchEnv(fake, guild, channel, members, mod, bot,
                           seed_seconds=time.monotonic() - t)
        finally:
            await bot.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, close_timeout)
