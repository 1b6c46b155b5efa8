"""The one place errors become replies (python-discord's order, adapted).

1. :class:`bot.errors.FootnoteError` (bad input, unknown article, rate limit,
   not a moderator...) — its message is meant for the person: shown as it is,
   ephemeral where Discord allows.
2. ``app_commands.NoPrivateMessage`` — "Footnote works in servers".
3. Any other ``app_commands.CheckFailure`` (``MissingPermissions`` included) —
   the moderator sentence.
4. Anything else is a bug: logged with its traceback; the person gets a short
   apology and never a stack trace.

Used by the command tree's ``on_error``, by buttons and by mention-asking.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord_app.checks import SERVERS_ONLY, moderator_sentence
from bot.discord_app.render import CONTENT_LIMIT, NO_PINGS, clip, neutralise_mentions
from bot.errors import FootnoteError

log = logging.getLogger("footnote.discord")

APOLOGY = (
    "Sorry — something went wrong on my side. "
    "The moderators can find details in the bot's log."
)


def unwrap(error: BaseException) -> BaseException:
    """The exception behind discord.py's ``CommandInvokeError``/``TransformerError`` wrappers."""
    while True:
        if isinstance(error, app_commands.CommandInvokeError):
            inner: BaseException | None = error.original
        elif isinstance(error, app_commands.TransformerError):
            inner = error.__cause__
        else:
            return error
        if inner is None:
            return error
        error = inner


def user_message(error: BaseException, role_name: str | None = None,
                 *, where: str = "an interaction") -> str:
    """The sentence to show for ``error``; bugs are logged here with their traceback."""
    error = unwrap(error)
    if isinstance(error, FootnoteError):
        return error.message
    if isinstance(error, app_commands.NoPrivateMessage):
        return SERVERS_ONLY
    if isinstance(error, app_commands.CheckFailure):
        return moderator_sentence(role_name)
    log.error("unexpected error in %s", where, exc_info=error)
    return APOLOGY


def _role_name(interaction: discord.Interaction) -> str | None:
    settings = getattr(interaction.client, "settings", None)
    return getattr(settings, "moderator_role", None)


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Answer ``interaction`` with ``text`` only its user sees, however far it got.

    Not yet acknowledged: an ephemeral reply. Already deferred or answered: an
    ephemeral followup (after a public "thinking…" defer, Discord fills that
    message in instead). Failures to send (expired interaction) are logged.
    """
    text = clip(neutralise_mentions(text), CONTENT_LIMIT)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True,
                                                    allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.warning("could not tell user %s: %r", interaction.user.id, text, exc_info=True)


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Turn any error raised while handling ``interaction`` into the right ephemeral reply."""
    name = interaction.command.qualified_name if interaction.command else (
        (interaction.data or {}).get("custom_id", "a component"))
    where = f"/{name} (guild {interaction.guild_id}, user {interaction.user.id})"
    await send_ephemeral(interaction, user_message(error, _role_name(interaction), where=where))


async def report_in_original(interaction: discord.Interaction, error: BaseException) -> None:
    """Show the error *in place of* the deferred message (used after progress edits, where an
    extra ephemeral message would leave "Fetching…" standing forever)."""
    name = interaction.command.qualified_name if interaction.command else "a command"
    where = f"/{name} (guild {interaction.guild_id}, user {interaction.user.id})"
    text = clip(neutralise_mentions(user_message(error, _role_name(interaction), where=where)),
                CONTENT_LIMIT)
    try:
        await interaction.edit_original_response(content=text, embed=None, view=None,
                                                 allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.warning("could not show an error to user %s: %r", interaction.user.id, text,
                    exc_info=True)


async def reply_error(message: discord.Message, error: BaseException) -> None:
    """Mention-asking's counterpart of :func:`report_error`: a (non-pinging) reply."""
    guild_id = message.guild.id if message.guild else None
    where = f"a mention (guild {guild_id}, user {message.author.id})"
    text = clip(neutralise_mentions(user_message(error, where=where)), CONTENT_LIMIT)
    try:
        await message.reply(text, allowed_mentions=NO_PINGS, mention_author=False)
    except discord.HTTPException:
        log.warning("could not reply to message %s: %r", message.id, text, exc_info=True)
