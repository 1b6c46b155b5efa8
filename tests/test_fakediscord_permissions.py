"""The fake's channel permissions (403 50013 / 50001, set per channel by a test) and 429s."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from tests.fakediscord.probe import ProbeEnv, probe_env

P = discord.Permissions


@pytest.fixture
async def env() -> Any:
    async with probe_env() as probe:
        yield probe


async def bot_sees(env: ProbeEnv, channel_id: int, **expected: bool) -> None:
    """Wait until the bot's client computes ``expected`` for itself in the channel."""
    def seen() -> bool:
        channel = env.bot.get_channel(channel_id)
        if channel is None:
            return False
        perms = channel.permissions_for(channel.guild.me)  # type: ignore[union-attr]
        return all(getattr(perms, name) == value for name, value in expected.items())

    await env.fake.wait_for(seen, 5, f"the bot to see {expected}")


def forbidden(exc: BaseException, code: int = 50013) -> None:
    assert isinstance(exc, discord.Forbidden), exc
    assert (exc.status, exc.code) == (403, code), (exc.status, exc.code)


async def test_send_and_typing_need_send_messages(env: ProbeEnv) -> None:
    env.fake.deny_bot(env.channel.id, P(send_messages=True).value)
    await bot_sees(env, env.channel.id, send_messages=False, view_channel=True)
    with pytest.raises(discord.Forbidden) as refused:
        await env.bot_channel.send("hello")
    forbidden(refused.value)
    with pytest.raises(discord.Forbidden) as refused:
        await env.bot_channel.typing()
    forbidden(refused.value)
    assert env.fake.channel_messages(env.channel.id) == [] and env.fake.typing == []
    # Interaction responses need no channel permission, as on Discord.
    answered = await env.run(lambda ix: ix.response.send_message("still answers"))
    assert not isinstance(answered, Exception)
    ix = env.fake.interactions[-1]
    assert not int(ix.payload["app_permissions"]) & P(send_messages=True).value


async def test_a_reply_needs_read_message_history(env: ProbeEnv) -> None:
    fake = env.fake
    asked = await fake.send_message(env.channel.id, env.alice, "hi")
    fake.deny_bot(env.channel.id, P(read_message_history=True).value)
    await bot_sees(env, env.channel.id, read_message_history=False)
    target = env.bot_channel.get_partial_message(int(asked["id"]))
    with pytest.raises(discord.Forbidden) as refused:
        await target.reply("answer")
    forbidden(refused.value)
    await env.bot_channel.send("not a reply")  # plain messages are fine


async def test_embeds_need_embed_links(env: ProbeEnv) -> None:
    env.fake.deny_bot(env.channel.id, P(embed_links=True).value)
    await bot_sees(env, env.channel.id, embed_links=False)
    with pytest.raises(discord.Forbidden) as refused:
        await env.bot_channel.send(embed=discord.Embed(description="only an embed"))
    forbidden(refused.value)
    sent = await env.bot_channel.send("text", embed=discord.Embed(description="dropped"))
    assert sent.content == "text" and sent.embeds == []  # Discord drops the embed


async def test_threads_need_their_own_permissions(env: ProbeEnv) -> None:
    fake = env.fake
    topic = await env.bot_channel.send("topic")
    fake.deny_bot(env.channel.id, P(create_public_threads=True).value)
    await bot_sees(env, env.channel.id, create_public_threads=False)
    with pytest.raises(discord.Forbidden) as refused:
        await topic.create_thread(name="talk")
    forbidden(refused.value)
    fake.deny_bot(env.channel.id, P(send_messages_in_threads=True).value)
    await bot_sees(env, env.channel.id, send_messages_in_threads=False,
                   create_public_threads=True)
    thread = fake.create_thread(env.channel.id, "members", owner=env.alice)
    await fake.wait_for(lambda: env.bot.get_channel(thread.id), 5, "the thread")
    bot_thread = env.bot.get_channel(thread.id)
    assert isinstance(bot_thread, discord.Thread)
    assert not bot_thread.permissions_for(bot_thread.guild.me).send_messages_in_threads
    with pytest.raises(discord.Forbidden) as refused:
        await bot_thread.send("in the thread")
    forbidden(refused.value)
    await env.bot_channel.send("in the channel")  # Send Messages is still granted


async def test_without_view_channel_nothing_arrives_and_calls_are_missing_access(
    env: ProbeEnv,
) -> None:
    fake = env.fake
    hidden = fake.add_text_channel(env.guild.id, "staff")
    fake.deny_bot(hidden.id, P(view_channel=True).value)
    await fake.wait_for(lambda: env.bot.get_channel(hidden.id), 5, "the channel")
    await bot_sees(env, hidden.id, view_channel=False)
    seq = fake.gateway.seq
    await fake.send_message(hidden.id, env.alice, f"<@{fake.bot_id}> hello?")
    assert fake.gateway.seq == seq  # no MESSAGE_CREATE for a channel the bot cannot see
    channel = env.bot.get_channel(hidden.id)
    with pytest.raises(discord.Forbidden) as refused:
        await channel.send("hi")  # type: ignore[union-attr]
    forbidden(refused.value, 50001)


async def test_role_and_everyone_overwrites_combine_as_on_discord(env: ProbeEnv) -> None:
    fake = env.fake
    guild = fake.guilds[env.guild.id]
    fake.set_permissions(env.channel.id, guild.id, deny=P(send_messages=True).value)
    assert not fake.bot_permissions(env.channel.id) & P(send_messages=True).value
    [bot_role] = [r for r in guild.roles.values() if r.managed]
    fake.set_permissions(env.channel.id, bot_role, allow=P(send_messages=True).value)
    assert fake.bot_permissions(env.channel.id) & P(send_messages=True).value
    fake.set_permissions(env.channel.id, None, deny=P(send_messages=True).value)
    await bot_sees(env, env.channel.id, send_messages=False)  # the member overwrite wins
    assert not fake.bot_permissions(env.channel.id) & P(embed_links=True).value  # implied


async def test_rate_limits_on_demand_are_retried_by_discord_py(env: ProbeEnv) -> None:
    fake = env.fake
    rule = fake.rate_limit("POST", r"/channels/\d+/messages$", retry_after=0.05)
    sent = await env.bot_channel.send("after a wait")
    assert sent.content == "after a wait" and rule.hits and rule.times == 0
    posts = [r for r in fake.requests if r == ("POST", f"/api/v10/channels/{env.channel.id}"
                                                      "/messages")]
    assert len(posts) == 2  # refused once, then retried after retry_after
    [refusal] = fake.refused(status=429)
    assert refusal["retry_after"] == 0.05 and refusal["global"] is False
    hook = fake.rate_limit("POST", r"/webhooks/\d+/", retry_after=0.05)

    async def followup(ix: discord.Interaction) -> Any:
        await ix.response.defer()
        return await ix.followup.send("after a wait", wait=True)

    message = await env.run(followup)
    assert message.content == "after a wait" and hook.hits
