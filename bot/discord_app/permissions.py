"""What the bot may do in a channel, checked before it tries (Discord answers 403 otherwise).

Interaction replies need no channel permission, but everything the bot posts on its
own does: answering a mention (Send Messages, or Send Messages in Threads in a
thread; Read Message History to make it a reply; Embed Links for an answer's embed),
showing "typing…", starting a thread (Create Public Threads), a quiz question posted
after the interaction's 15-minute token ran out. :func:`can` reads the bot's
permissions in the channel (``channel.permissions_for(guild.me)``); the helpers here
act only when allowed, fall back where Discord offers a way (a plain message instead
of a reply, text instead of an embed), and turn a refusal into one line in the log,
at most once every :data:`WARN_EVERY` seconds per channel, so a busy channel where
the bot may not speak does not flood it.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import discord

log = logging.getLogger("footnote.discord")

WARN_EVERY = 600.0
_warned: OrderedDict[tuple[int, str], float] = OrderedDict()
_WARNED_LIMIT = 1000


@dataclass(frozen=True)
class Allowed:
    """What the bot may do in one channel."""

    view: bool
    send: bool
    reply: bool  # send + read message history
    embed: bool
    threads: bool

    @property
    def missing_to_answer(self) -> list[str]:
        """The permissions whose lack stops the bot from answering at all."""
        return [name for name, ok in (("View Channel", self.view),
                                      ("Send Messages", self.send)) if not ok]


def can(channel: Any) -> Allowed:
    """The bot's permissions in ``channel`` (a text channel or thread of a server)."""
    guild = getattr(channel, "guild", None)
    me = getattr(guild, "me", None)
    if guild is None or me is None:  # a DM, or a guild the client has not cached
        return Allowed(True, True, True, True, False)
    perms = channel.permissions_for(me)
    in_thread = isinstance(channel, discord.Thread)
    send = perms.send_messages_in_threads if in_thread else perms.send_messages
    view = perms.view_channel
    return Allowed(view=view, send=view and send,
                   reply=view and send and perms.read_message_history,
                   embed=perms.embed_links, threads=view and perms.create_public_threads)


def warn_once(channel: Any, what: str, detail: str) -> None:
    """One log line for a refusal in ``channel`` (repeated at most every WARN_EVERY seconds)."""
    key = (int(getattr(channel, "id", 0)), what)
    now = time.monotonic()
    last = _warned.get(key)
    if last is not None and now - last < WARN_EVERY:
        return
    _warned[key] = now
    _warned.move_to_end(key)
    while len(_warned) > _WARNED_LIMIT:
        _warned.popitem(last=False)
    guild = getattr(getattr(channel, "guild", None), "id", None)
    log.warning("cannot %s in #%s (channel %s, server %s): %s", what,
                getattr(channel, "name", "?"), getattr(channel, "id", "?"), guild, detail)


def refused(channel: Any, what: str, exc: discord.HTTPException) -> None:
    """Log a refusal Discord sent (403, 404...) as one line."""
    warn_once(channel, what, f"Discord answered HTTP {exc.status} (code {exc.code}): "
                             f"{exc.text or 'no details'}")


async def reply_to(message: discord.Message, **kwargs: Any) -> discord.Message | None:
    """Reply to ``message`` without pinging its author: as a plain message when the bot may
    not read the channel's history; nothing (one log line) when it may not post at all."""
    channel = message.channel
    allowed = can(channel)
    if not allowed.send:
        warn_once(channel, "reply", "missing " + ", ".join(allowed.missing_to_answer))
        return None
    try:
        if allowed.reply:
            return await message.reply(mention_author=False, **kwargs)
        return await channel.send(**kwargs)
    except discord.HTTPException as exc:
        refused(channel, "reply", exc)
        return None


async def post(channel: Any, **kwargs: Any) -> discord.Message | None:
    """A new message in ``channel``, or None (one log line) when Discord would refuse it."""
    allowed = can(channel)
    if not allowed.send or (kwargs.get("embed") is not None and not allowed.embed):
        missing = allowed.missing_to_answer or ["Embed Links"]
        warn_once(channel, "post", "missing " + ", ".join(missing))
        return None
    try:
        return await channel.send(**kwargs)  # type: ignore[no-any-return]
    except discord.HTTPException as exc:
        refused(channel, "post", exc)
        return None


@contextlib.asynccontextmanager
async def typing(channel: Any) -> AsyncIterator[None]:
    """"Footnote is typing…" while the block runs, where the bot may show it."""
    if not can(channel).send:
        yield
        return
    try:
        await channel.typing()  # once: lasts 10 seconds, longer than an answer takes
    except discord.HTTPException as exc:
        refused(channel, "show typing", exc)
    yield
