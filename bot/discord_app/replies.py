"""Answering an interaction with the visibility Discord really gives.

Discord fixes a reply's visibility when the interaction is first acknowledged. After
a public "thinking…" defer, the first followup (or edit) *fills in* that public
message, whatever ``ephemeral=`` it asks for; after a private defer the first one is
private. Only later followups are new messages with their own visibility. So the
adapter decides at the defer:

* :func:`defer` ``private=False`` when only public outcomes (an answer) can follow
  it; ``private=True`` when something only the person should see (an error about what
  they typed, a moderator's progress) may come after it.
* :func:`send_public` shows a result to the channel whatever the defer was: after a
  private defer it fills the private message with a short note, posts the result as
  a new public followup, then deletes the note.
* :func:`send_private` shows a sentence to the person only, whatever happened so
  far. After a public defer it can only fill the public "thinking…" message with a
  neutral line, send the sentence as a private followup, and delete the public line
  (deleting the "thinking…" message first would leave no message for the followup:
  Discord answers 10008 Unknown Message).

The state lives in ``interaction.extras`` (``STATE``), set by these functions.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import discord

from bot.discord_app.text import NO_PINGS

log = logging.getLogger("footnote.discord")

STATE = "footnote.original"
"""``interaction.extras`` key: what the interaction's original message is now."""
NONE, PUBLIC_LOADING, PRIVATE_LOADING, PUBLIC, PRIVATE, UPDATE, GONE = (
    "none", "public-loading", "private-loading", "public", "private", "update", "gone")
POSTING = "Posting it in the channel…"
"""Fills a private "thinking…" message while the public result is posted (then deleted)."""
ANSWERED_PRIVATELY = "…"
"""Fills a public "thinking…" message before a private reply (then deleted)."""


def state(interaction: discord.Interaction) -> str:
    """What the interaction's original message is: see the constants above."""
    known = interaction.extras.get(STATE)
    if known is not None:
        return str(known)
    kind = interaction.response.type
    if kind is None:
        return NONE
    if kind is discord.InteractionResponseType.deferred_channel_message:
        return PUBLIC_LOADING  # deferred elsewhere: assume the worst for privacy
    if kind in (discord.InteractionResponseType.deferred_message_update,
                discord.InteractionResponseType.message_update):
        return UPDATE
    return PUBLIC


def _set(interaction: discord.Interaction, value: str) -> None:
    interaction.extras[STATE] = value


async def defer(interaction: discord.Interaction, *, private: bool = False) -> None:
    """Acknowledge with "thinking…", public or private (see the module docstring)."""
    await interaction.response.defer(ephemeral=private, thinking=True)
    _set(interaction, PRIVATE_LOADING if private else PUBLIC_LOADING)


async def defer_update(interaction: discord.Interaction) -> None:
    """Acknowledge a click without a message (the clicked message is edited later)."""
    await interaction.response.defer()
    _set(interaction, UPDATE)


def mark(interaction: discord.Interaction, value: str) -> None:
    """Record a response sent directly (``UPDATE`` after ``response.edit_message``...)."""
    _set(interaction, value)


async def send_public(interaction: discord.Interaction, **kwargs: Any) -> discord.Message:
    """Show ``kwargs`` (content, embed, view...) to the channel; returns the message."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    now = state(interaction)
    if now == NONE:
        await interaction.response.send_message(**kwargs)
        _set(interaction, PUBLIC)
        return await interaction.original_response()
    if now in (PRIVATE_LOADING, PRIVATE):
        await interaction.edit_original_response(content=POSTING, embed=None, view=None,
                                                 allowed_mentions=NO_PINGS)
        _set(interaction, PRIVATE)
    message = await interaction.followup.send(wait=True, **kwargs)
    if now in (PRIVATE_LOADING, PRIVATE):
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
        _set(interaction, GONE)
    elif now == PUBLIC_LOADING:
        _set(interaction, PUBLIC)
    return message


async def send_private(interaction: discord.Interaction, text: str, **kwargs: Any) -> None:
    """Show ``text`` to the person only, however far the interaction got. A private
    "thinking…" or progress message is replaced by it."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    now = state(interaction)
    if now == NONE:
        await interaction.response.send_message(text, ephemeral=True, **kwargs)
        _set(interaction, PRIVATE)
    elif now in (PRIVATE_LOADING, PRIVATE):
        kwargs.setdefault("embed", None)
        kwargs.setdefault("view", None)
        await interaction.edit_original_response(content=text, **kwargs)
        _set(interaction, PRIVATE)
    elif now == PUBLIC_LOADING:
        await interaction.edit_original_response(content=ANSWERED_PRIVATELY,
                                                 allowed_mentions=NO_PINGS)
        _set(interaction, PUBLIC)
        await interaction.followup.send(text, ephemeral=True, **kwargs)
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
        _set(interaction, GONE)
    else:
        await interaction.followup.send(text, ephemeral=True, **kwargs)


async def edit_public_progress(interaction: discord.Interaction, text: str) -> None:
    """Show a progress line in a public "thinking…" message (it stays public-loading:
    :func:`finish_public` or an error reply replaces it)."""
    await interaction.edit_original_response(content=text, allowed_mentions=NO_PINGS)


async def finish_public(interaction: discord.Interaction, **kwargs: Any) -> discord.Message:
    """The result of a publicly deferred command, in place of its "thinking…" or progress
    message (a followup would leave the last progress line behind)."""
    if state(interaction) != PUBLIC_LOADING:
        return await send_public(interaction, **kwargs)
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    message = await interaction.edit_original_response(**kwargs)
    _set(interaction, PUBLIC)
    return message


async def edit_private(interaction: discord.Interaction,
                       **kwargs: Any) -> discord.InteractionMessage:
    """Fill or edit the private original message (progress lines, a prompt) in place."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    message = await interaction.edit_original_response(**kwargs)
    if state(interaction) == PRIVATE_LOADING:
        _set(interaction, PRIVATE)
    return message
