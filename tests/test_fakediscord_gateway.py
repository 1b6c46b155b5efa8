"""The fake's gateway and login rules: privileged intents (4014), tokens (401), shards."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import discord
import pytest
from discord.ext import commands

from tests.fakediscord import MESSAGE_CONTENT_INTENT, FakeDiscord
from tests.fakediscord.probe import ProbeBot, probe_env, probe_intents


def content_intents() -> discord.Intents:
    intents = probe_intents()
    intents.message_content = True
    return intents


async def connect(bot: discord.Client, fake: FakeDiscord, token: str = "fake-token") -> Any:
    """Log in and connect; return the exception connect() ended with, or the ready bot."""
    await bot.login(token)
    task = asyncio.create_task(bot.connect())
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10,
                                 return_when=asyncio.FIRST_COMPLETED)
    ready.cancel()
    if task in done:
        return task.exception()
    return task


async def test_privileged_intents_are_refused_with_4014_unless_granted() -> None:
    async with FakeDiscord(heartbeat_interval=0.2) as fake:
        fake.add_guild("G")
        bot = ProbeBot(intents=content_intents())
        result = await connect(bot, fake)
        await bot.close()
        assert isinstance(result, discord.PrivilegedIntentsRequired), result
        assert fake.gateway.close_codes == [4014] and not fake.gateway.sessions
    async with FakeDiscord(heartbeat_interval=0.2,
                           granted_intents=MESSAGE_CONTENT_INTENT) as fake:
        fake.add_guild("G")
        bot = ProbeBot(intents=content_intents())
        task = await connect(bot, fake)
        assert isinstance(task, asyncio.Task) and bot.is_ready()
        await bot.close()
        with contextlib.suppress(Exception):
            await task


async def test_without_message_content_only_mentions_carry_text() -> None:
    async with probe_env() as env:
        fake, seen = env.fake, []

        async def on_message(message: discord.Message) -> None:
            seen.append(message.content)

        env.bot.add_listener(on_message)
        await fake.send_message(env.channel.id, env.alice, "plain chatter")
        await fake.send_message(env.channel.id, env.alice, f"<@{fake.bot_id}> a question")
        ours = await env.bot_channel.send("the bot's own message")
        await fake.send_message(env.channel.id, env.alice, "a reply that pings",
                                reference=ours.id)
        await fake.send_message(env.channel.id, env.alice, "a reply without the ping",
                                reference=ours.id, mentions=[])
        await fake.wait_for(lambda: len(seen) == 5, 5, "five messages")
        assert seen == ["", f"<@{fake.bot_id}> a question", "the bot's own message",
                        "a reply that pings", ""]


async def test_a_token_discord_does_not_know_is_401() -> None:
    async with FakeDiscord(valid_tokens={"right-token"}) as fake:
        bot = ProbeBot()
        with pytest.raises(discord.LoginFailure):
            await bot.login("wrong-token")
        await bot.close()
        assert fake.refused(status=401)


class ShardedProbe(commands.AutoShardedBot):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=probe_intents(),
                         guild_ready_timeout=0.05, **kwargs)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5-second pause between shards' IDENTIFYs (Discord's pacing, not the fake's)."""


async def test_shards_receive_only_their_own_guilds() -> None:
    async with FakeDiscord(heartbeat_interval=0.2, recommended_shards=2) as fake:
        base = fake.new_id() >> 22  # a millisecond timestamp: its parity picks the shard
        guilds = [fake.add_guild(f"G{i}", guild_id=(base + i) << 22) for i in range(4)]
        by_shard = {s: {g.id for g in guilds if (g.id >> 22) % 2 == s} for s in (0, 1)}
        both = ShardedProbe()  # asks GET /gateway/bot and runs the 2 recommended shards
        task = await connect(both, fake)
        assert isinstance(task, asyncio.Task)
        assert {g.id for g in both.guilds} == by_shard[0] | by_shard[1]
        assert sorted(p["shard"] for p in fake.gateway.identify_payloads) == [[0, 2], [1, 2]]
        await both.close()
        with contextlib.suppress(Exception):
            await task
        one = ShardedProbe(shard_count=2, shard_ids=[1])  # another process's share
        task = await connect(one, fake)
        assert isinstance(task, asyncio.Task)
        assert {g.id for g in one.guilds} == by_shard[1]
        await one.close()
        with contextlib.suppress(Exception):
            await task
