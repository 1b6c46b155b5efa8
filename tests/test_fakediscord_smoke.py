"""Smoke test of the loopback fake Discord with a tiny real discord.py bot.

Everything goes over real sockets: discord.py logs in over REST, syncs its commands,
connects to the fake gateway, receives interactions and answers them over REST.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
from discord import app_commands
from discord.ext import commands

try:  # `python -m pytest`, or tests/ is a package
    from tests.fakediscord import EPHEMERAL, FakeChannel, FakeDiscord, FakeGuild, FakeMember
except ImportError:  # bare `pytest` puts tests/ itself on sys.path (rootdir-less "prepend")
    from fakediscord import EPHEMERAL, FakeChannel, FakeDiscord, FakeGuild, FakeMember

MANAGE_GUILD = discord.Permissions(manage_guild=True).value
LOADING = 1 << 7
HEARTBEAT = 0.1  # seconds: short, so a test sees several beats
CRUNCH_WINDOWS: list[tuple[float, float]] = []
"""When each /crunch did its work (monotonic start, end)."""


class CounterView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.count = 0

    @discord.ui.button(label="+1", custom_id="smoke:inc")
    async def inc(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.count += 1
        await interaction.response.edit_message(content=f"count: {self.count}", view=self)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="Text", custom_id="smoke:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class SmokeBot(commands.Bot):
    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
        self.resumed = asyncio.Event()
        self.slow_started = asyncio.Event()

    async def setup_hook(self) -> None:
        tree = self.tree

        @tree.command(description="Defers, then answers in a followup.")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("pong")

        @tree.command(description="Answers after a while.")
        async def slow(interaction: discord.Interaction) -> None:
            self.slow_started.set()
            await asyncio.sleep(0.3)
            await interaction.response.send_message("slow done")

        group = app_commands.Group(name="group", description="A group.")

        @group.command(name="sub", description="Reads an attachment.")
        async def sub(interaction: discord.Interaction, file: discord.Attachment) -> None:
            data = await file.read()
            await interaction.response.send_message(f"{file.filename}: {len(data)} bytes")

        tree.add_command(group)

        @tree.command(description="Needs Manage Server.")
        @app_commands.checks.has_permissions(manage_guild=True)
        async def admin(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("ok")

        @tree.command(description="A message with a button.")
        async def counter(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("count: 0", view=CounterView())

        @tree.command(description="Autocompletes an article.")
        async def ask(interaction: discord.Interaction, article: str, question: str) -> None:
            await interaction.response.send_message(f"{article}: {question}")

        @ask.autocomplete("article")
        async def ask_article(_: discord.Interaction, current: str) -> list[app_commands.Choice]:
            titles = ["Budget 2025", "Bridge opens", "Budget vote"]
            return [app_commands.Choice(name=t, value=t) for t in titles if current in t]

        @tree.command(description="Opens a modal.")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        @tree.command(description="Posts and starts a thread.")
        async def discuss(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            msg = await interaction.channel.send("topic")
            thread = await msg.create_thread(name="discussion")
            await thread.send("first!")
            await interaction.edit_original_response(content=f"thread {thread.id}")

        @tree.command(description="Offloads blocking work to a thread.")
        async def crunch(interaction: discord.Interaction, blocking: bool) -> None:
            started = time.monotonic()
            if blocking:
                time.sleep(0.6)  # deliberately blocks the event loop
            else:
                await asyncio.to_thread(time.sleep, 0.6)
            CRUNCH_WINDOWS.append((started, time.monotonic()))
            await interaction.response.send_message("crunched")

        @tree.error
        async def on_error(interaction: discord.Interaction, error: Exception) -> None:
            if isinstance(error, app_commands.MissingPermissions):
                await interaction.response.send_message("denied", ephemeral=True)
            else:
                raise error

        await tree.sync()

    async def on_resumed(self) -> None:
        self.resumed.set()

    async def on_message(self, message: discord.Message) -> None:
        if message.author != self.user and self.user in message.mentions:
            await message.reply(f"you said: {message.clean_content}", mention_author=False)


@dataclass
class Env:
    fake: FakeDiscord
    bot: SmokeBot
    guild: FakeGuild
    channel: FakeChannel
    alice: FakeMember  # an ordinary member
    mod: FakeMember  # has Manage Server through a role; not the owner


async def _keep_alive_stopped() -> None:
    """Stop and wait for discord.py's heartbeat threads while the loop still runs: one that
    wakes after the test's loop has closed raises "Event loop is closed" in its thread (a
    warning at the end of a run), and one of a connection the blocking test replaced may
    never have been told to stop."""
    for thread in threading.enumerate():
        if isinstance(thread, discord.gateway.KeepAliveHandler):
            thread.stop()
            await asyncio.to_thread(thread.join, 5)


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    granted = discord.Intents(message_content=True).value  # the smoke bot asks for it
    async with FakeDiscord(heartbeat_interval=HEARTBEAT, granted_intents=granted) as fake:
        guild = fake.add_guild("Alpha")
        channel = fake.add_text_channel(guild.id, "general")
        alice = fake.add_member(guild.id, "alice")
        mod = fake.add_member(guild.id, "mod", permissions=MANAGE_GUILD)
        bot = SmokeBot()
        await bot.login("fake-token")
        task = asyncio.create_task(bot.connect())
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 5)
            yield Env(fake, bot, guild, channel, alice, mod)
        finally:
            await bot.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 5)
            await _keep_alive_stopped()
        assert fake.unhandled_routes == [] and fake.server_errors == []
    assert discord.http.Route.BASE == "https://discord.com/api/v10"  # patch undone


async def test_login_sync_and_ready(env: Env) -> None:
    fake, bot = env.fake, env.bot
    assert bot.user is not None and bot.user.id == fake.bot_id
    names = {c["name"] for c in fake.registered_commands[None]}
    assert {"ping", "group", "admin", "counter", "ask"} <= names
    assert bot.get_guild(env.guild.id).get_channel(env.channel.id).name == "general"
    assert fake.gateway.intents & discord.Intents(message_content=True).value


async def test_ping_defers_then_follows_up(env: Env) -> None:
    ix = await env.fake.slash_command(env.guild.id, env.channel.id, env.alice, "ping")
    assert (await ix.wait_response())["type"] == 5
    [followup] = await ix.wait_followups(1)
    assert followup["action"] == "followup" and followup["content"] == "pong"
    # The first followup after a thinking defer fills in the deferred message.
    assert followup["id"] == ix.original["id"] and not followup["flags"] & LOADING


async def test_subcommand_reads_attachment(env: Env) -> None:
    ix = await env.fake.slash_command(env.guild.id, env.channel.id, env.alice, "group",
                                      subcommand="sub",
                                      attachments=[("a.txt", b"hello world", "text/plain")])
    response = await ix.wait_response()
    assert response == {"type": 4, "data": response["data"]}
    assert response["data"]["content"] == "a.txt: 11 bytes"


async def test_button_click_edits_message(env: Env) -> None:
    fake = env.fake
    ix = await fake.slash_command(env.guild.id, env.channel.id, env.alice, "counter")
    assert (await ix.wait_response())["type"] == 4
    message = ix.original
    for expected in ("count: 1", "count: 2"):
        click = await fake.click_button(message, "smoke:inc", env.alice)
        assert (await click.wait_response())["type"] == 7
        assert fake.messages[int(message["id"])]["content"] == expected


async def test_mention_gets_a_reply(env: Env) -> None:
    fake = env.fake
    await fake.send_message(env.channel.id, env.alice, "no mention here")
    asked = await fake.send_message(env.channel.id, env.alice, f"<@{fake.bot_id}> what's new?")
    reply = await fake.next_channel_message(env.channel.id)
    assert reply["content"] == "you said: @Footnote what's new?"
    assert reply["message_reference"]["message_id"] == asked["id"]
    assert reply["allowed_mentions"]["replied_user"] is False
    assert len(fake.channel_messages(env.channel.id)) == 1


async def test_permission_check_refuses_then_accepts(env: Env) -> None:
    fake = env.fake
    assert env.guild.owner_id not in (env.alice.id, env.mod.id)
    refused = await fake.slash_command(env.guild.id, env.channel.id, env.alice, "admin")
    data = (await refused.wait_response())["data"]
    assert data["content"] == "denied" and data["flags"] & EPHEMERAL
    accepted = await fake.slash_command(env.guild.id, env.channel.id, env.mod, "admin")
    assert (await accepted.wait_response())["data"]["content"] == "ok"


async def test_autocomplete_and_modal(env: Env) -> None:
    fake, g, c = env.fake, env.guild.id, env.channel.id
    choices = await fake.autocomplete(g, c, env.alice, "ask", focused="article",
                                      options={"article": "Budget"})
    assert [ch["value"] for ch in choices] == ["Budget 2025", "Budget vote"]
    ix = await fake.slash_command(g, c, env.alice, "feedback")
    modal = await ix.wait_response()
    assert modal["type"] == 9
    submitted = await fake.submit_modal(g, c, env.alice, modal["data"]["custom_id"],
                                        {"smoke:text": "great"})
    data = (await submitted.wait_response())["data"]
    assert data["content"] == "thanks: great" and data["flags"] & EPHEMERAL


async def test_threads_both_ways(env: Env) -> None:
    fake, bot = env.fake, env.bot
    ix = await fake.slash_command(env.guild.id, env.channel.id, env.alice, "discuss")
    [edit] = await ix.wait_followups(1)
    [topic] = fake.channel_messages(env.channel.id)
    assert edit["content"] == f"thread {topic['id']}"  # thread id == starter message id
    assert edit["action"] == "edit_original" and edit["flags"] == EPHEMERAL  # no longer loading
    assert fake.channels[int(topic["id"])].type == 11
    assert [m["content"] for m in fake.channel_messages(int(topic["id"]))] == ["first!"]
    # A thread a user creates: the bot learns of it and answers inside it.
    thread = fake.create_thread(env.channel.id, "talk", owner=env.alice)
    await fake.wait_for(lambda: bot.get_channel(thread.id), 5, "the bot to see the thread")
    await fake.send_message(thread.id, env.alice, f"<@{fake.bot_id}> hi")
    reply = await fake.next_channel_message(thread.id)
    assert reply["content"] == "you said: @Footnote hi"


async def test_resume_while_command_in_flight(env: Env) -> None:
    fake, bot = env.fake, env.bot
    slow = await fake.slash_command(env.guild.id, env.channel.id, env.alice, "slow")
    await asyncio.wait_for(bot.slow_started.wait(), 5)
    await fake.drop_connection(code=4000)
    # Dispatched while the socket is down: must be replayed by the RESUME.
    ping = await fake.slash_command(env.guild.id, env.channel.id, env.alice, "ping")
    await asyncio.wait_for(bot.resumed.wait(), 5)
    assert (await slow.wait_response())["data"]["content"] == "slow done"
    assert (await ping.wait_followups(1))[0]["content"] == "pong"
    assert ping.seq in fake.gateway.replayed
    assert len(fake.gateway.identify_payloads) == 1 and len(fake.gateway.resumes) == 1


def _beats_within(beats: list[float], window: tuple[float, float]) -> int:
    start, end = window
    return sum(start < t < end for t in beats)


async def test_heartbeats_keep_going_while_work_is_offloaded(env: Env) -> None:
    """Heartbeats the fake received while the command's work ran: several when the work
    is in a thread, none when it blocks the loop (so the check can fail). Counted inside
    the work's own window, not against a wall-clock bound a loaded machine could miss."""
    fake = env.fake
    for blocking in (False, True):
        CRUNCH_WINDOWS.clear()
        ix = await fake.slash_command(env.guild.id, env.channel.id, env.alice, "crunch",
                                      options={"blocking": blocking})
        await ix.wait_response()
        (window,) = CRUNCH_WINDOWS
        beats = _beats_within(fake.heartbeats, window)
        if blocking:  # the check is meaningful: a blocked loop sends no beat
            assert beats == 0, beats
        else:
            assert beats >= 2, beats
    assert env.bot.latency < 1
