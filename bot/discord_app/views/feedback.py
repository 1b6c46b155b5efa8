"""Buttons under every answer: helpful / not helpful, "Discuss in thread", and "Read on"
(the article's next sentences, as replying "tell me more" gives).

They are :class:`discord.ui.DynamicItem`\\ s: all their state is in the
``custom_id`` (``fn:fb:<answer id>:<1|0>``), and the bot registers the classes with
``add_dynamic_items`` at start-up, so buttons on answers sent before a restart
keep working. Votes go to the clicking server's library only (the answer id is
looked up there), so a forged custom id cannot touch another server's records.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.discord_app.checks import actor
from bot.discord_app.deps import deps_of
from bot.discord_app.errors import report_error, send_ephemeral
from bot.discord_app.permissions import can
from bot.discord_app.render import question_from_footer
from bot.discord_app.replies import defer
from bot.discord_app.text import fit
from bot.errors import FootnoteError

THANKS = "Thanks — noted."
NOT_ON_RECORD = "That answer is no longer on record, so the vote was not kept."
THREAD_BUTTON_ID = "fn:thread"
NO_THREADS = "I'm not allowed to start threads in this channel."
ASK_COG = "Ask"


@runtime_checkable
class ReadsOn(Protocol):
    """The ask cog's hook: a "Read on" click answers "tell me more" about that answer."""

    async def read_on(self, interaction: discord.Interaction, answer_id: int) -> None:
        """Answer the click with the article's next sentences after answer ``answer_id``."""
        ...


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"fn:fb:(?P<answer_id>\d+):(?P<helpful>[01])",
):
    """One vote button; the vote is stored with ``Footnote.feedback``."""

    def __init__(self, answer_id: int, helpful: bool) -> None:
        super().__init__(discord.ui.Button(
            label="Helpful" if helpful else "Not helpful",
            emoji="👍" if helpful else "👎",
            style=discord.ButtonStyle.secondary,
            custom_id=f"fn:fb:{answer_id}:{int(helpful)}",
        ))
        self.answer_id = answer_id
        self.helpful = helpful

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> FeedbackButton:
        """Rebuild the button from its custom id (also after a restart)."""
        return cls(int(match["answer_id"]), match["helpful"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the vote (one per person per answer; a second click changes it)."""
        try:
            if interaction.guild_id is None:
                raise FootnoteError("Votes only count on answers in a server.")
            if self.answer_id >= 2**63:  # a forged custom id: SQLite cannot even look it up
                raise FootnoteError(NOT_ON_RECORD)
            deps = deps_of(interaction.client)
            await defer(interaction, private=True)
            await deps.libraries.call(interaction.guild_id, deps.app.feedback, self.answer_id,
                                      user=actor(interaction.user), helpful=self.helpful)
            await send_ephemeral(interaction, THANKS)
        except Exception as exc:
            await report_error(interaction, exc)


class DiscussButton(discord.ui.DynamicItem[discord.ui.Button], template=THREAD_BUTTON_ID):
    """Starts a thread on the answer; mentioning the bot there asks follow-ups."""

    def __init__(self) -> None:
        super().__init__(discord.ui.Button(
            label="Discuss in thread", emoji="🧵", style=discord.ButtonStyle.secondary,
            custom_id=THREAD_BUTTON_ID,
        ))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> DiscussButton:
        """The button carries no state."""
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        """Open (or point to) the thread started from this answer."""
        try:
            await self._start_thread(interaction)
        except Exception as exc:
            await report_error(interaction, exc)

    async def _start_thread(self, interaction: discord.Interaction) -> None:
        message = interaction.message
        if message is None or interaction.guild_id is None:
            raise FootnoteError("Threads can only be started on answers in a server.")
        if isinstance(interaction.channel, discord.Thread):
            raise FootnoteError("We're already in a thread: mention me here to ask more.")
        if not can(interaction.channel).threads:
            raise FootnoteError(NO_THREADS)
        deps = deps_of(interaction.client)
        await defer(interaction, private=True)
        question = next((question_from_footer(e.footer.text) for e in message.embeds), None)
        name = fit(question or "Follow-up questions", 90, markdown=False) or "Follow-up questions"
        already = (f"This answer already has a thread: <#{message.id}>. "
                   "Mention me there to ask follow-up questions.")
        guild = interaction.guild
        if guild is not None and guild.get_thread(message.id) is not None:
            await send_ephemeral(interaction, already, trusted=True)
            return
        try:
            thread = await message.create_thread(name=name, auto_archive_duration=1440)
        except discord.Forbidden as exc:
            raise FootnoteError(NO_THREADS) from exc
        except discord.HTTPException as exc:
            if exc.code != 160004:  # "A thread has already been created for this message"
                raise
            await send_ephemeral(interaction, already, trusted=True)
            return
        # A thread started from a message has that message's id, so the question the
        # answer was for is already remembered under the thread's id too.
        if question and thread.id not in deps.conversations:
            deps.conversations.remember(thread.id, question)
        await send_ephemeral(
            interaction, f"Started {thread.mention}: mention me there to ask follow-up questions.",
            trusted=True)


class MoreButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"fn:more:(?P<answer_id>\d+)",
):
    """Reads the article on from the answer it is under (``fn:more:<answer id>``: the ask
    cog answers the click from the kept answer, so it works after a restart too)."""

    def __init__(self, answer_id: int) -> None:
        super().__init__(discord.ui.Button(
            label="Read on", emoji="📖", style=discord.ButtonStyle.secondary,
            custom_id=f"fn:more:{answer_id}",
        ))
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> MoreButton:
        """Rebuild the button from its custom id (also after a restart)."""
        return cls(int(match["answer_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Hand the click to the ask cog."""
        try:
            cog = interaction.client.get_cog(ASK_COG)  # type: ignore[attr-defined]
            if not isinstance(cog, ReadsOn):
                raise FootnoteError("Reading on is not available right now.")
            await cog.read_on(interaction, self.answer_id)
        except Exception as exc:
            await report_error(interaction, exc)


def answer_view(answer_id: int, *, with_thread_button: bool = True,
                with_more_button: bool = False) -> discord.ui.View:
    """The buttons under an answer (no timeout: they are dispatched by custom id)."""
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton(answer_id, True))
    view.add_item(FeedbackButton(answer_id, False))
    if with_thread_button:
        view.add_item(DiscussButton())
    if with_more_button:
        view.add_item(MoreButton(answer_id))
    return view
