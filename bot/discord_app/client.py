"""The Discord client: :class:`FootnoteBot`, built from a :class:`Footnote` and settings.

Intents (what the bot subscribes to):

* ``guilds`` — servers, channels, threads and roles (for the moderator role).
* ``guild_messages`` — messages in server channels, for mention-asking and replies.
* ``dm_messages`` — only so a direct message gets the one-line "Footnote works in
  servers" reply.
* ``message_content`` — only with ``FOOTNOTE_MESSAGE_CONTENT_INTENT=true``. It is
  privileged (switched on in the developer portal; reviewed by Discord for bots in
  100+ servers) and not needed for slash commands, buttons or mentions: Discord sends
  the text of messages that mention the bot anyway, and a reply pings (mentions) the
  bot by default. Only replies to an answer or a quiz question that turn the ping off
  arrive blank without it; the bot says so once in the log at start.

No member or presence intents: interactions carry the member and their permissions.

The bot is an :class:`~discord.ext.commands.AutoShardedBot`: one process runs every
shard Discord recommends, or ``FOOTNOTE_SHARD_COUNT``/``FOOTNOTE_SHARD_IDS`` split the
shards over several processes. Per-server state follows the server, so nothing else
changes. Slash commands are synced only when they changed (:mod:`.sync`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.cogs.articles import ArticlesCog
from bot.discord_app.cogs.ask import AskCog
from bot.discord_app.cogs.quiz import QuizCog
from bot.discord_app.deps import Deps
from bot.discord_app.errors import report_error, send_ephemeral
from bot.discord_app.sync import CommandSync, SyncResult
from bot.discord_app.text import NO_PINGS
from bot.discord_app.views.feedback import DiscussButton, FeedbackButton, MoreButton
from bot.service import Footnote
from bot.settings import Settings

log = logging.getLogger("footnote.discord")

SLOW_STOP = 5.0
"""Seconds a stop may take before it logs what it is still waiting for."""


def log_pending_tasks() -> None:
    """Log every unfinished task of the running loop with where it waits (a slow stop)."""
    tasks = [t for t in asyncio.all_tasks() if not t.done()]
    log.warning("still stopping after %.0f s; %d tasks pending", SLOW_STOP, len(tasks))
    for task in tasks:
        frames = task.get_stack(limit=4)
        where = " <- ".join(f"{f.f_code.co_name} ({f.f_code.co_filename.rsplit('/', 1)[-1]}:"
                            f"{f.f_lineno})" for f in reversed(frames))
        log.warning("  %s: %s", task.get_name(), where or "not started")

EXPIRED_BUTTONS = ("These buttons have expired (or I restarted since they were sent), "
                   "so nothing was done. Run the command again.")
EXPIRED_FORM = ("This form has expired (or I restarted since it was opened), "
                "so nothing was saved. Run the command again.")


NO_CONTENT_INTENT = (
    "The Message Content intent is off (FOOTNOTE_MESSAGE_CONTENT_INTENT=false): /ask, buttons "
    "and mentions of the bot work; a reply to an answer or to a quiz question that turns the "
    "ping off reaches the bot without its text and is ignored. To read those too, switch on "
    "Message Content under Bot → Privileged Gateway Intents in the developer portal and set "
    "FOOTNOTE_MESSAGE_CONTENT_INTENT=true.")


def footnote_intents(settings: Settings | None = None) -> discord.Intents:
    """The intents Footnote needs, and no more (see the module docstring)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = bool(settings and settings.message_content_intent)
    return intents


def quiet_voice_warnings() -> None:
    """Footnote has no voice: no "PyNaCl/davey is not installed" warnings at start."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


class FootnoteTree(app_commands.CommandTree):
    """The command tree; its ``on_error`` is the adapter's one error handler."""

    async def on_error(self, interaction: discord.Interaction,
                       error: app_commands.AppCommandError, /) -> None:
        """Every slash-command error ends here (see :mod:`bot.discord_app.errors`)."""
        await report_error(interaction, error)


class FootnoteBot(commands.AutoShardedBot):
    """Footnote on Discord. Dependencies are passed in; nothing is global.

    ``kwargs`` go to :class:`discord.ext.commands.AutoShardedBot` (tests pass
    ``guild_ready_timeout``); ``deps`` replaces the default helpers (tests);
    ``sync``: ``"changed"`` (sync the slash commands when they changed), ``"force"``
    (``footnote sync``) or ``"off"``.
    """

    #: Seconds a click or form may go unanswered before it is told it expired (the
    #: views answer within milliseconds; Discord gives up after 3 seconds).
    unhandled_grace: float = 2.0

    def __init__(self, app: Footnote, settings: Settings, *, deps: Deps | None = None,
                 sync: str = "changed", **kwargs: Any) -> None:
        quiet_voice_warnings()
        kwargs.setdefault("intents", footnote_intents(settings))
        kwargs.setdefault("allowed_mentions", NO_PINGS)
        kwargs.setdefault("tree_cls", FootnoteTree)
        kwargs.setdefault("help_command", None)
        kwargs.setdefault("shard_count", settings.shard_count)
        kwargs.setdefault("shard_ids", settings.shard_ids)
        super().__init__(command_prefix=commands.when_mentioned, **kwargs)
        self.app = app
        self.settings = settings
        self.deps = deps or Deps.build(app, settings)
        self.sync_mode = sync
        self.sync_result: SyncResult | None = None
        self._watchdogs: set[asyncio.Task[None]] = set()

    async def setup_hook(self) -> None:
        """Add the cogs and persistent buttons, then sync the slash commands if they changed."""
        await self.add_cog(AskCog(self, self.deps))
        await self.add_cog(ArticlesCog(self, self.deps))
        await self.add_cog(QuizCog(self, self.deps))  # registers the quiz buttons too
        self.add_dynamic_items(FeedbackButton, DiscussButton, MoreButton)
        if not self.intents.message_content:
            log.info(NO_CONTENT_INTENT)
        if self.sync_mode != "off":
            syncer = CommandSync(self.tree, self.settings.data_dir, self.settings.dev_guild_id)
            self.sync_result = await syncer.sync(force=self.sync_mode == "force")

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: messages are handled by the Ask cog's listener only."""

    async def on_interaction(self, interaction: discord.Interaction, /) -> None:
        """Watch every click and form: one no live view answers gets a sentence.

        Confirmation and page buttons live in memory and time out; after a timeout
        (if a client missed the edit that took them off) or a restart, discord.py
        finds no view for the click and drops it, and the person would see only
        "This interaction failed". The answer buttons are dynamic items and are
        always handled.
        """
        if interaction.type not in (discord.InteractionType.component,
                                    discord.InteractionType.modal_submit):
            return
        task = asyncio.create_task(self._unless_answered(interaction))
        self._watchdogs.add(task)
        task.add_done_callback(self._watchdogs.discard)

    async def _unless_answered(self, interaction: discord.Interaction) -> None:
        await asyncio.sleep(self.unhandled_grace)
        if interaction.response.is_done() or interaction.is_expired():
            return
        form = interaction.type is discord.InteractionType.modal_submit
        log.info("nothing handled %s %r (expired or from before a restart)",
                 "form" if form else "click", (interaction.data or {}).get("custom_id"))
        await send_ephemeral(interaction, EXPIRED_FORM if form else EXPIRED_BUTTONS)

    async def on_ready(self) -> None:
        """Log who we are and where."""
        log.info("logged in as %s (%s) in %d servers", self.user,
                 getattr(self.user, "id", "?"), len(self.guilds))

    async def on_resumed(self) -> None:
        """Log gateway resumes (a dropped connection picked up where it left off)."""
        log.info("gateway session resumed")

    async def close(self) -> None:
        """Log out, then stop the engine's worker threads. A stop still waiting after
        :data:`SLOW_STOP` seconds logs what it waits for (every pending task's stack)."""
        for task in list(self._watchdogs):
            task.cancel()
        slow = asyncio.get_running_loop().call_later(SLOW_STOP, log_pending_tasks)
        try:
            await super().close()
        finally:
            self.deps.libraries.close()
            slow.cancel()
