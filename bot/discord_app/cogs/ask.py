"""Asking: ``/ask``, mentioning the bot, and follow-ups in replies and threads.

* ``/ask question:<text> [article:<choice>]`` — the answer, with footnotes and
  sources, replaces the "thinking…" message.
* ``@Footnote <question>`` in a channel — answered as a reply to that message.
  (Discord sends the text of messages that mention the bot even without the Message
  Content intent; the intent is only for replies to an answer with the ping turned
  off — see ``client.py``.) Where the bot may not post, nothing is done and one line
  is logged (no engine work, no rate-limit turn spent); without Read Message History
  the answer is a plain message, without Embed Links it is text.
* A reply to a ``/quiz`` question message is the quiz's (an answer to it, see
  :meth:`QuizCog.handle_reply <bot.discord_app.cogs.quiz.QuizCog.handle_reply>`),
  never a question, even though a reply mentions the bot.
* Follow-ups — a reply to one of the bot's answers, or a message mentioning the
  bot inside a thread where it answered (including a thread started from an
  answer), is asked with ``previous=`` the question answered there, so
  "and what about 5G?" is read in context.
* "Read on" under an answer — the article's next sentences after that answer's
  quote, as a public answer of its own (what replying "tell me more" gives), read
  from the kept answer (``fn:more:<answer id>``), so it works after a restart too.

Every question is rate-limited per (server, person) before any work is done.
The engine runs in worker threads; the event loop only waits. ``/ask`` answers are
public; what only the asker should see (a typed article that does not exist) is
decided before the "thinking…" defer, or the defer is private (see
:mod:`bot.discord_app.replies`).
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

import discord
from discord import app_commands
from discord.ext import commands

from bot.conversation import Turn, context_after
from bot.discord_app.checks import SERVERS_ONLY, actor
from bot.discord_app.deps import Deps
from bot.discord_app.errors import reply_error, send_ephemeral
from bot.discord_app.options import autocomplete_article, defer_and_resolve
from bot.discord_app.permissions import can, post, reply_to, typing, warn_once
from bot.discord_app.render import question_from_footer, render_answer
from bot.discord_app.replies import defer, send_private, send_public
from bot.discord_app.text import NO_PINGS, without_markup
from bot.discord_app.views.feedback import ASK_COG, answer_view
from bot.discord_app.views.quiz import QUIZ_COG
from bot.models import Answer
from bot.service import clean_question

log = logging.getLogger("footnote.discord")

READ_ON = "tell me more"
"""What a "Read on" click asks, after the answer it is under."""
NOT_KEPT = "That answer is no longer on record, so I can't read on from it: ask again."
"""What a "Read on" click on an answer the library no longer keeps tells the clicker."""

EMPTY_MENTION = "Ask me a question after the mention (or use /ask), for example: " \
                "“@Footnote who is quoted in the article?”"


@runtime_checkable
class QuizReplies(Protocol):
    """The quiz cog's hook: replies to its question messages are answers to them."""

    async def handle_reply(self, message: discord.Message) -> bool:
        """Handle ``message`` if it replies to a quiz question; False if it does not."""
        ...


class AskCog(commands.Cog, name=ASK_COG):
    """Answers questions about the server's articles."""

    def __init__(self, bot: commands.Bot, deps: Deps) -> None:
        self.bot = bot
        self.deps = deps

    # -- the engine call shared by /ask and mentions -------------------------------------
    async def answer(self, guild_id: int, user: discord.abc.User, question: str, *,
                     article_id: int | None = None,
                     previous: Turn | str | None = None) -> tuple[Answer, int]:
        """Ask the server's library and record the answer (so it can be voted on)."""
        app, who = self.deps.app, actor(user)

        def work(library: str) -> tuple[Answer, int]:
            answer = app.ask(library, question, article_id=article_id, previous=previous)
            return answer, app.record_answer(library, answer, user=who)

        return await self.deps.libraries.call(guild_id, work)

    def _remember(self, answer: Answer, previous: Turn | str | None, *ids: int) -> None:
        context = context_after(answer, previous)  # the question and what it quoted
        for key in ids:
            self.deps.conversations.remember(key, context)

    # -- /ask ------------------------------------------------------------------------
    @app_commands.command(name="ask", description="Ask a question about this server's articles.")
    @app_commands.describe(question="What you want to know",
                           article="Only look in this article (optional)")
    @app_commands.autocomplete(article=autocomplete_article)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)
    async def ask(self, interaction: discord.Interaction, question: str,
                  article: str | None = None) -> None:
        """Answer with footnoted, verbatim citations, or decline."""
        guild_id = interaction.guild_id
        if guild_id is None:
            await send_ephemeral(interaction, SERVERS_ONLY)
            return
        text = clean_question(without_markup(question), self.deps.settings.max_question_chars)
        self.deps.limiter.check((guild_id, interaction.user.id))  # an empty one costs no turn
        libraries = self.deps.libraries
        article_id = await defer_and_resolve(interaction, libraries, guild_id, article)
        channel = interaction.channel
        in_thread = isinstance(channel, discord.Thread)
        previous = self.deps.conversations.previous(channel.id) if in_thread and channel else None
        answer, answer_id = await self.answer(guild_id, interaction.user, text,
                                              article_id=article_id, previous=previous)
        await self._post(interaction, answer, answer_id, previous)

    async def _post(self, interaction: discord.Interaction, answer: Answer, answer_id: int,
                    previous: Turn | str | None) -> None:
        """Show an interaction's answer to the channel with its buttons, and remember it
        (and, in a thread, the thread's conversation) for follow-ups."""
        channel = interaction.channel
        in_thread = isinstance(channel, discord.Thread)
        threads = interaction.app_permissions.create_public_threads
        view = answer_view(answer_id, with_thread_button=not in_thread and threads,
                           with_more_button=_reads_on(answer))
        sent = await send_public(interaction, **render_answer(answer), view=view)
        self._remember(answer, previous, sent.id, *([channel.id] if in_thread and channel else []))

    # -- "Read on" ---------------------------------------------------------------------
    async def read_on(self, interaction: discord.Interaction, answer_id: int) -> None:
        """A "Read on" click: "tell me more" asked after kept answer ``answer_id`` (its
        quotes' places are kept with it, so this works after a restart), answered publicly
        with its own buttons; an answer no longer on record is said to the clicker only."""
        guild_id = interaction.guild_id
        if guild_id is None:
            await send_ephemeral(interaction, SERVERS_ONLY)
            return
        self.deps.limiter.check((guild_id, interaction.user.id))
        await defer(interaction)
        previous = await self.deps.libraries.call(guild_id, self.deps.app.recorded_turn,
                                                  answer_id)
        if previous is None or not previous.quoted:
            await send_private(interaction, NOT_KEPT)
            return
        answer, new_id = await self.answer(guild_id, interaction.user, READ_ON,
                                           previous=previous)
        await self._post(interaction, answer, new_id, previous)

    # -- mentions and follow-ups ------------------------------------------------------
    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a mention, or a reply to one of the bot's answers."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return
        if message.guild is None:  # a direct message
            await post(message.channel, content=SERVERS_ONLY, allowed_mentions=NO_PINGS)
            return
        quiz = self.bot.get_cog(QUIZ_COG)
        if isinstance(quiz, QuizReplies) and await quiz.handle_reply(message):
            return  # a reply to a quiz question is an answer to it, not a question
        mentioned = any(user.id == me.id for user in message.mentions)
        replied_answer = self._replied_answer(message, me.id)
        if not (mentioned or replied_answer):
            return
        allowed = can(message.channel)
        if not allowed.send:  # before any work: no engine call, no rate-limit turn spent
            warn_once(message.channel, "answer a question",
                      "missing " + ", ".join(allowed.missing_to_answer))
            return
        question = without_markup(message.content)  # the bot's mention with the rest
        if not question:
            if mentioned:
                await reply_to(message, content=EMPTY_MENTION, allowed_mentions=NO_PINGS)
            return
        try:
            await self._answer_message(message, question, replied_answer)
        except Exception as exc:
            await reply_error(message, exc)

    def _replied_answer(self, message: discord.Message, my_id: int) -> bool:
        """Is ``message`` a reply to one of the bot's answers?"""
        ref = message.reference
        if ref is None or ref.message_id is None:
            return False
        if ref.message_id in self.deps.conversations:
            return True
        resolved = ref.resolved
        return isinstance(resolved, discord.Message) and resolved.author.id == my_id and bool(
            _question_of(resolved))

    async def _answer_message(self, message: discord.Message, question: str,
                              replied_answer: bool) -> None:
        assert message.guild is not None
        guild_id = message.guild.id
        text = clean_question(question, self.deps.settings.max_question_chars)
        self.deps.limiter.check((guild_id, message.author.id))
        previous = await self._previous_for(message, replied_answer)
        channel = message.channel
        in_thread = isinstance(channel, discord.Thread)
        async with typing(channel):
            answer, answer_id = await self.answer(guild_id, message.author, text,
                                                  previous=previous)
        allowed = can(channel)
        view = answer_view(answer_id, with_thread_button=not in_thread and allowed.threads,
                           with_more_button=_reads_on(answer))
        sent = await reply_to(message, **render_answer(answer, embeds=allowed.embed), view=view)
        if sent is not None:
            self._remember(answer, previous, sent.id, *([channel.id] if in_thread else []))

    async def _previous_for(
        self, message: discord.Message, replied_answer: bool
    ) -> Turn | str | None:
        """The question a follow-up builds on: the replied-to answer's, else the thread's."""
        memory = self.deps.conversations
        ref = message.reference
        if replied_answer and ref is not None and ref.message_id is not None:
            previous = memory.previous(ref.message_id)
            if previous is None and isinstance(ref.resolved, discord.Message):
                previous = _question_of(ref.resolved)  # answered before a restart
            if previous:
                return previous
        channel = message.channel
        if isinstance(channel, discord.Thread):
            previous = memory.previous(channel.id)
            if previous is None:
                previous = await self._thread_starter_question(channel)
                if previous:
                    memory.remember(channel.id, previous)
            return previous
        return None

    async def _thread_starter_question(self, thread: discord.Thread) -> str | None:
        """If the thread was started from one of the bot's answers, that answer's question.

        Used after a restart, when the in-memory map is empty: the starter message is
        read from the cache, or fetched once for threads the bot itself started.
        """
        me = self.bot.user
        if me is None:
            return None
        starter = thread.starter_message
        if starter is None and thread.owner_id == me.id and thread.parent is not None:
            try:
                starter = await thread.parent.fetch_message(thread.id)  # type: ignore[union-attr]
            except discord.HTTPException:
                return None
        if starter is None or starter.author.id != me.id:
            return None
        return _question_of(starter)


def _question_of(message: discord.Message) -> str | None:
    """The question a bot answer message was for (kept in its embed's footer)."""
    for embed in message.embeds:
        question = question_from_footer(embed.footer.text)
        if question:
            return question
    return None


def _reads_on(answer: Answer) -> bool:
    """Whether an answer gets a "Read on" button: it quotes an article."""
    return not answer.declined and bool(answer.citations)
