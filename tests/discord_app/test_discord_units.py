"""Pieces tested without the fake: progress edits, the DM reply, the error sentences."""

from __future__ import annotations

import asyncio
import re
from unittest.mock import AsyncMock, MagicMock

import discord
from discord import app_commands

from bot.discord_app.checks import SERVERS_ONLY, NotModerator, moderator_sentence
from bot.discord_app.cogs.ask import AskCog
from bot.discord_app.errors import APOLOGY, user_message
from bot.discord_app.progress import ProgressMessage
from bot.errors import NotFoundError, PermissionDeniedError


async def test_progress_is_thread_safe_coalesced_and_silent_after_close() -> None:
    shown: list[str] = []
    edit_started = asyncio.Event()

    async def edit(text: str) -> None:
        edit_started.set()
        await asyncio.sleep(0.02)
        shown.append(text)

    progress = ProgressMessage(asyncio.get_running_loop(), edit, interval=0.1)

    def worker() -> None:  # the engine calls back from its own thread
        for n in range(50):
            progress(f"Embedding {n} passages")

    await asyncio.to_thread(worker)
    await asyncio.wait_for(edit_started.wait(), 2)
    await progress.close()
    after_close = list(shown)
    loop = asyncio.get_running_loop()

    def too_late() -> None:  # from the engine's thread, as the real calls come
        progress("Saving")
        # Anything that call handed to the loop runs before this (the loop's queue is FIFO).
        asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result(5)

    await asyncio.to_thread(too_late)
    assert shown == after_close and 1 <= len(shown) <= 2
    assert all(re.fullmatch(r"Embedding \d+ passages…", line) for line in shown), shown


async def test_progress_lines_are_neutralised() -> None:
    shown: list[str] = []

    async def edit(text: str) -> None:
        shown.append(text)

    progress = ProgressMessage(asyncio.get_running_loop(), edit, interval=0)
    progress("Fetching https://e.com/@everyone_(x)")
    await asyncio.sleep(0.05)
    await progress.close()
    assert shown == ["Fetching <https://e.com/%40everyone_(x)>…"]  # a plain link, no mention


async def test_ask_in_a_dm_says_footnote_works_in_servers() -> None:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.guild_id = None
    interaction.extras = {}
    interaction.response = MagicMock()
    interaction.response.is_done.return_value = False
    interaction.response.type = None  # not answered yet
    interaction.response.send_message = AsyncMock()
    cog = AskCog(MagicMock(), MagicMock())
    await AskCog.ask.callback(cog, interaction, question="Who is Simon Bailey?")
    interaction.response.send_message.assert_awaited_once()
    args, kwargs = interaction.response.send_message.call_args
    assert args[0] == SERVERS_ONLY and kwargs["ephemeral"] is True
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}


def test_error_sentences_in_the_documented_order() -> None:
    wrapped = app_commands.CommandInvokeError(MagicMock(), NotFoundError("No article 3."))
    assert user_message(wrapped) == "No article 3."
    assert user_message(app_commands.NoPrivateMessage()) == SERVERS_ONLY
    assert user_message(app_commands.MissingPermissions(["manage_guild"]), "Curators") == (
        "Only moderators (Manage Server or the Curators role) can change the library.")
    refused = NotModerator(moderator_sentence(None))
    assert isinstance(refused, PermissionDeniedError)
    assert isinstance(refused, app_commands.CheckFailure)
    assert user_message(refused) == "Only moderators (people with Manage Server) can change " \
        "the library."
    assert user_message(ZeroDivisionError("secret detail")) == APOLOGY


async def test_a_slow_stop_logs_where_each_pending_task_waits(caplog) -> None:
    from bot.discord_app.client import log_pending_tasks

    async def waits_for_the_gateway() -> None:
        await asyncio.Event().wait()

    task = asyncio.create_task(waits_for_the_gateway(), name="gateway-close")
    await asyncio.sleep(0)  # started: it waits now
    with caplog.at_level("WARNING", logger="footnote.discord"):
        log_pending_tasks()
    task.cancel()
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "still stopping" in said
    assert re.search(r"gateway-close: .*waits_for_the_gateway", said), said
