"""The quiz's messages: one running quiz's Discord state, and posting and editing its messages.

:class:`QuizRun` is the Discord side of one running quiz (the question shown, its
message, its time-out watcher). :func:`post` sends a new public message (a followup of
the latest interaction while its token lasts, else a plain channel message where the
bot may post; None where it may not, or when Discord refuses);
:func:`edit` updates the shown question's message; :func:`close_shown` disables it when
the quiz is stopped. :class:`QuestionMessages` remembers which message shows which
question, so a Discord *reply* to it can be recognised as an answer.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.discord_app import permissions
from bot.discord_app.quiz_render import stopped_embed
from bot.discord_app.replies import send_public
from bot.discord_app.text import NO_PINGS
from bot.discord_app.views.quiz import button_target, closed_view
from bot.lru import Bounded
from bot.quiz.game import QuizSession
from bot.quiz.item import QuizQuestion

log = logging.getLogger("footnote.discord")

TOKEN_LIFETIME = 14 * 60.0
"""An interaction's followup token lasts 15 minutes; after this, post in the channel."""
MAX_REMEMBERED = 5000
"""Question messages remembered for replies (oldest forgotten first; after that, or after
a restart, a reply is still recognised by the buttons on the replied-to message)."""

Target = tuple[int, int, str]
"""``(server id, owner id, question id)``: the question a message shows."""


@dataclass(eq=False)
class QuizRun:
    """The Discord side of one running quiz: the question shown, its message, its timer."""

    guild_id: int
    user_id: int
    owner: str
    session: QuizSession
    channel: Any  # where the quiz runs: anything with .send() (a text channel, a thread...)
    interaction: discord.Interaction
    interaction_at: float
    question: QuizQuestion | None = None
    number: int = 0
    message: discord.Message | None = None
    timer: asyncio.Task[None] | None = None
    idle: int = 0
    answered: set[str] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class QuestionMessages:
    """Question message id -> :data:`Target`, the :data:`MAX_REMEMBERED` most recent."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self._targets: Bounded[int, Target] = Bounded(limit)

    @property
    def limit(self) -> int:
        return self._targets.limit

    def __len__(self) -> int:
        return len(self._targets)

    def get(self, message_id: int) -> Target | None:
        """The question ``message_id`` shows, if remembered."""
        return self._targets.get(message_id)

    def remember(self, message_id: int, target: Target) -> None:
        """Note that ``message_id`` shows ``target``; forget the oldest beyond the limit."""
        self._targets.put(message_id, target)

    def clear(self) -> None:
        """Forget every message."""
        self._targets.clear()

    def target(self, message: discord.Message, me: discord.abc.User | None) -> Target | None:
        """The question ``message`` replies to (open or closed, of any quiz), else None.

        ``me`` is the bot's own user: a message that was not remembered (a restart) counts
        only when it is the bot's and carries quiz buttons."""
        ref = message.reference
        if message.guild is None or ref is None or ref.message_id is None:
            return None
        known = self.get(ref.message_id)
        if known is not None:
            return known
        resolved = ref.resolved  # not remembered (a restart): read its buttons
        if not isinstance(resolved, discord.Message) or me is None or resolved.author.id != me.id:
            return None
        found = button_target(resolved)
        if found is None:
            return None
        return message.guild.id, found[0], found[1]


async def post(run: QuizRun, interaction: discord.Interaction | None,
               **kwargs: Any) -> discord.Message | None:
    """A new public message: a followup of the latest interaction while its token is
    valid (no channel permission needed), else a plain channel message where the bot may
    post. None (and one line in the log) when that is not possible."""
    kwargs["allowed_mentions"] = NO_PINGS
    if interaction is None and time.monotonic() - run.interaction_at < TOKEN_LIFETIME:
        interaction = run.interaction
    if interaction is None:
        return await permissions.post(run.channel, **kwargs)
    try:
        return await send_public(interaction, **kwargs)
    except discord.HTTPException as exc:
        permissions.refused(run.channel, "post a quiz message", exc)
        return None


async def edit(run: QuizRun, interaction: discord.Interaction | None, **kwargs: Any) -> None:
    """Edit the shown question's message: through the click that is on it when there
    is one (always fresh), else through the interaction token it was sent with while that
    lasts, else as the bot's own message in the channel (Discord needs only View Channel
    for that). A refusal is one line in the log."""
    kwargs["allowed_mentions"] = NO_PINGS
    message = run.message
    try:
        on_it = (interaction is not None and interaction.message is not None
                 and message is not None and interaction.message.id == message.id)
        if on_it:
            assert interaction is not None
            await interaction.edit_original_response(**kwargs)
        elif message is not None and time.monotonic() - run.interaction_at < TOKEN_LIFETIME:
            await message.edit(**kwargs)
        elif message is not None and hasattr(run.channel, "get_partial_message"):
            await run.channel.get_partial_message(message.id).edit(**kwargs)
    except discord.HTTPException as exc:
        permissions.refused(run.channel, "update a quiz question", exc)


async def close_shown(run: QuizRun, interaction: discord.Interaction | None) -> None:
    """The quiz was stopped: disable the shown question's buttons. Lock held."""
    if run.timer is not None:
        run.timer.cancel()
        run.timer = None
    question, run.question = run.question, None
    if question is not None:
        await edit(run, interaction, view=closed_view(run.user_id, question),
                   embed=stopped_embed(question, run.number, len(run.session.questions),
                                       owner=run.owner))
