"""The one place errors become replies (python-discord's order, adapted).

1. :class:`bot.errors.FootnoteError` (bad input, unknown article, rate limit,
   not a moderator...) — its message is meant for the person: shown to them only.
2. ``app_commands.NoPrivateMessage`` — "Footnote works in servers".
3. Any other ``app_commands.CheckFailure`` (``MissingPermissions`` included) —
   the moderator sentence.
4. Anything else is a bug: logged with its traceback; the person gets a short
   apology and never a stack trace.

Sentences can quote what people typed, titles, file names and URLs, so they are sent
through :func:`~bot.discord_app.text.safe_sentence` (no markup, no pings). Private
means private: :func:`~bot.discord_app.replies.send_private` knows what Discord fixed
at the defer. A reply that Discord refuses (missing permissions, an expired token) is
one line in the log.

Used by the command tree's ``on_error``, by buttons and forms, and by mention-asking.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord_app.checks import SERVERS_ONLY, moderator_sentence
from bot.discord_app.replies import send_private
from bot.discord_app.text import CONTENT_LIMIT, NO_PINGS, clip, safe_sentence
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


def shown(text: str) -> str:
    """A sentence as it is sent: no markup, no pings, within Discord's 2,000 characters."""
    return clip(safe_sentence(text), CONTENT_LIMIT)


def _role_name(interaction: discord.Interaction) -> str | None:
    settings = getattr(interaction.client, "settings", None)
    return getattr(settings, "moderator_role", None)


def where_of(interaction: discord.Interaction) -> str:
    """"/ask (guild 1, user 2)": where something happened, for the log."""
    name = interaction.command.qualified_name if interaction.command else (
        (interaction.data or {}).get("custom_id", "a component"))
    return f"/{name} (guild {interaction.guild_id}, user {interaction.user.id})"


async def send_ephemeral(interaction: discord.Interaction, text: str, *,
                         trusted: bool = False) -> None:
    """Tell ``text`` to the interaction's user only, however far it got; a reply Discord
    refuses (expired interaction, missing permission) is one line in the log. ``trusted``:
    the bot's own sentence with intended markup (a channel link), quoting nobody."""
    try:
        await send_private(interaction, clip(text, CONTENT_LIMIT) if trusted else shown(text))
    except discord.HTTPException as exc:
        log.warning("could not tell user %s in %s: %s (HTTP %s, code %s)", interaction.user.id,
                    where_of(interaction), text[:200], exc.status, exc.code)


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Turn any error raised while handling ``interaction`` into the right private reply."""
    text = user_message(error, _role_name(interaction), where=where_of(interaction))
    await send_ephemeral(interaction, text)


async def reply_error(message: discord.Message, error: BaseException) -> None:
    """Mention-asking's counterpart of :func:`report_error`: a (non-pinging) reply, when the
    bot may post in the channel (else one line in the log)."""
    from bot.discord_app.permissions import reply_to

    guild_id = message.guild.id if message.guild else None
    where = f"a mention (guild {guild_id}, user {message.author.id})"
    await reply_to(message, content=shown(user_message(error, where=where)),
                   allowed_mentions=NO_PINGS)
