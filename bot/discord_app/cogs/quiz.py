"""The quiz: ``/quiz start|stop|score|leaderboard``, its buttons, answer box and time-outs.

``/quiz start [article] [questions] [kind]`` runs a personal quiz in the channel, one
question at a time: buttons for multiple choice and true/false, an Answer button that
opens a box for typed answers. A Discord *reply* to the question message is an answer
too (:meth:`QuizCog.handle_reply`, called first by the Ask cog's message listener so such
a reply is never also asked as a question): it is graded exactly like the box's text, so
"A", "b" or "True" also answers multiple choice and true/false. Only the person quizzed
may answer; anyone else's click or reply is told so. An answer edits its
question to show right or wrong, the answer and the quoted passage (title, paragraph);
the next question follows as a new message and a summary ends the quiz. A watcher
task closes each question when the service's time limit is up (shows the answer,
disables the buttons, moves on) and stops the quiz after :attr:`QuizCog.abandon_after`
unanswered questions in a row. ``/quiz score`` is ephemeral; ``/quiz leaderboard`` is
public and pings nobody.

Everything is per server: the service is called with the invoking server's library
(:meth:`GuildLibraries.call`), so sessions, scores and article ids never cross servers.
Service calls run in the engine's worker threads (the first quiz of a library builds
its question bank, which is slow), after the interaction is acknowledged. Sessions
live in memory (after a restart an old button answers "This question is closed.");
scores and the spaced-review deck are in the library's SQLite file and survive.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import replace

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.checks import guild_id_of
from bot.discord_app.deps import Deps
from bot.discord_app.errors import reply_error, send_ephemeral
from bot.discord_app.options import autocomplete_article, defer_and_resolve
from bot.discord_app.permissions import reply_to
from bot.discord_app.quiz_messages import (
    QuestionMessages,
    QuizRun,
    close_shown,
    edit,
    post,
)
from bot.discord_app.quiz_render import (
    ABANDONED,
    QuizStep,
    closed_from_result,
    leaderboard_embed,
    question_embed,
    result_embed,
    score_text,
    step_after,
    summary_embed,
    timed_out_step,
    why_closed,
)
from bot.discord_app.replies import defer, defer_update, send_public
from bot.discord_app.text import NO_PINGS, fit
from bot.discord_app.views.quiz import (
    QUIZ_COG,
    TYPE_ACTION,
    AnswerModal,
    QuizButton,
    action_answer,
    closed_view,
    question_view,
)
from bot.errors import FootnoteError
from bot.lru import Bounded
from bot.quiz.errors import (
    AlreadyAnsweredError,
    NoQuizError,
    NotYourQuizError,
    QuestionClosedError,
    QuizRunningError,
)
from bot.quiz.game import OutcomeStatus, QuizSession
from bot.quiz.service import Quizzes
from bot.quiz.wording import default_wording

log = logging.getLogger("footnote.discord")

KIND_CHOICES = [
    app_commands.Choice(name="Any kind", value="any"),
    app_commands.Choice(name="Multiple choice", value="multiple_choice"),
    app_commands.Choice(name="Fill in the blank", value="fill_blank"),
    app_commands.Choice(name="True or false", value="true_false"),
    app_commands.Choice(name="Short answer", value="short_answer"),
]
MAX_QUESTIONS = 20
MAX_FINISHED = 5000
"""Finished quizzes remembered (to tell a late click why its question is closed)."""
WATCH_SLACK = 0.05
"""Seconds the time-out watcher waits past a deadline (the engine's check is strict)."""


def _errors() -> Mapping[str, str]:
    """The quiz's error sentences (``[errors]`` of ``prompts/quiz.toml``)."""
    return default_wording().errors


@app_commands.guild_only()
class QuizCog(commands.GroupCog, name=QUIZ_COG, group_name="quiz",
              group_description="Quiz yourself on this server's articles."):
    """The ``/quiz`` command group and the quiz's buttons."""

    abandon_after: int = 2

    def __init__(self, bot: commands.Bot, deps: Deps) -> None:
        self.bot = bot
        self.deps = deps
        self.runs: dict[tuple[int, int], QuizRun] = {}
        # the latest session per (server, person), kept after the end: see why_closed
        self.last: Bounded[tuple[int, int], QuizSession] = Bounded(MAX_FINISHED)
        # question message id -> (server, owner, question id): replies to it are answers
        self.messages = QuestionMessages()
        super().__init__()

    @property
    def quizzes(self) -> Quizzes:
        """The quiz service (read each time, so tests may swap in a fast clock)."""
        return self.deps.quizzes

    async def cog_load(self) -> None:
        """Route clicks on quiz buttons (also on messages sent before a restart) here."""
        self.bot.add_dynamic_items(QuizButton)

    async def cog_unload(self) -> None:
        """Stop the time-out watchers."""
        self.bot.remove_dynamic_items(QuizButton)
        for run in self.runs.values():
            if run.timer is not None:
                run.timer.cancel()
        self.runs.clear()
        self.last.clear()
        self.messages.clear()

    # -- /quiz start -----------------------------------------------------------------
    @app_commands.command(name="start", description="Start a personal quiz on this server's "
                                                    "articles.")
    @app_commands.describe(article="Only ask about this article (optional)",
                           questions=f"How many questions (1–{MAX_QUESTIONS}, default 5)",
                           kind="Which kind of questions (default: any)")
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(article=autocomplete_article)
    async def start(self, interaction: discord.Interaction, article: str | None = None,
                    questions: app_commands.Range[int, 1, 20] = 5,
                    kind: str = "any") -> None:
        """Start a quiz: missed questions due for review come first."""
        guild_id, user = guild_id_of(interaction), interaction.user
        running = self.runs.get((guild_id, user.id))
        if running is not None and running.question is not None:  # refused before "thinking…"
            raise QuizRunningError(_errors()["quiz_running"])
        count = min(max(int(questions), 1), MAX_QUESTIONS)  # Discord enforces it; a forgery not
        libraries = self.deps.libraries
        # private: "no questions can be made" and the like reach only the person; the
        # questions themselves are then posted publicly (replies.send_public)
        article_id = await defer_and_resolve(interaction, libraries, guild_id, article,
                                             private=True)
        kinds = None if kind == "any" else {kind}
        quizzes = self.quizzes

        def begin(library: str) -> tuple[QuizSession, QuizStep]:
            session = quizzes.start(library, user.id, article_id=article_id, kinds=kinds,
                                    n=count, reports_shown=True)  # _show_next reports it
            return session, step_after(session, None)

        session, step = await libraries.call(guild_id, begin)
        old = self.runs.pop((guild_id, user.id), None)
        if old is not None and old.timer is not None:
            old.timer.cancel()
        run = QuizRun(guild_id, user.id, user.display_name, session, interaction.channel,
                      interaction, time.monotonic())
        self.runs[(guild_id, user.id)] = run
        self.last.put((guild_id, user.id), session)
        async with run.lock:
            await self._show_next(run, step, interaction)

    # -- /quiz stop, score, leaderboard ----------------------------------------------
    @app_commands.command(name="stop", description="Stop your quiz in this server.")
    async def stop(self, interaction: discord.Interaction) -> None:
        """Stop the quiz; questions not reached are not counted."""
        guild_id, user_id = guild_id_of(interaction), interaction.user.id
        if (guild_id, user_id) not in self.runs:  # every quiz started here has a run
            raise NoQuizError(_errors()["no_quiz"])
        await defer(interaction)
        summary = await self.deps.libraries.call(guild_id, self.quizzes.stop, user_id)
        record = await self.deps.libraries.call(guild_id, self.quizzes.score, user_id)
        run = self.runs.pop((guild_id, user_id), None)
        if run is not None:
            async with run.lock:
                await close_shown(run, None)
        await send_public(
            interaction, embed=summary_embed(summary, record, owner=interaction.user.display_name))

    @app_commands.command(name="score", description="Your quiz record in this server.")
    async def score(self, interaction: discord.Interaction) -> None:
        """Answered, right, quizzes and accuracy (only you see it)."""
        guild_id = guild_id_of(interaction)
        await defer(interaction, private=True)
        record = await self.deps.libraries.call(guild_id, self.quizzes.score,
                                                interaction.user.id)
        await send_ephemeral(interaction, score_text(record))

    @app_commands.command(name="leaderboard", description="The best quiz players in this server.")
    async def leaderboard(self, interaction: discord.Interaction) -> None:
        """The top ten of this server (by mention; nobody is pinged)."""
        guild_id = guild_id_of(interaction)
        await defer(interaction)
        rows = await self.deps.libraries.call(guild_id, self.quizzes.leaderboard, 10)
        await send_public(interaction, embed=leaderboard_embed(rows))

    # -- buttons and the answer box (views.quiz.QuizHandler) ---------------------------
    async def on_quiz_button(self, interaction: discord.Interaction, owner_id: int,
                             question_id: str, action: str) -> None:
        """A click: strangers are refused; Answer opens the box; an option is graded."""
        guild_id = guild_id_of(interaction)
        if interaction.user.id != owner_id:
            raise NotYourQuizError(_errors()["not_your_quiz"])
        if action != TYPE_ACTION:
            await self._answer(interaction, guild_id, question_id, action_answer(action))
            return
        run = self.runs.get((guild_id, owner_id))
        if run is None:  # stopped, over, or from before a restart
            raise why_closed(self.last.get((guild_id, owner_id)), question_id)
        if question_id in run.answered:
            raise AlreadyAnsweredError(_errors()["already_answered"])
        if run.question is None or run.question.id != question_id:
            raise QuestionClosedError(_errors()["question_closed"])
        await interaction.response.send_modal(AnswerModal(self, owner_id, run.question))

    async def on_quiz_answer(self, interaction: discord.Interaction, owner_id: int,
                             question_id: str, given: str) -> None:
        """A typed answer from the answer box."""
        if interaction.user.id != owner_id:
            raise NotYourQuizError(_errors()["not_your_quiz"])
        await self._answer(interaction, guild_id_of(interaction), question_id, given)

    async def _answer(self, interaction: discord.Interaction, guild_id: int, question_id: str,
                      given: str) -> None:
        """Grade in a worker thread, then show the verdict and the next question."""
        await defer_update(interaction)  # acknowledge the click; the message is edited
        step = await self._grade(guild_id, interaction.user.id, question_id, given)
        run = self.runs.get((guild_id, interaction.user.id))
        if run is None or step.closed is None:  # cannot normally happen: just say how it went
            await send_ephemeral(interaction, step.closed.feedback if step.closed else "Noted.")
            return
        await self._move_on(run, step, interaction)

    async def _grade(self, guild_id: int, user_id: int, question_id: str,
                     given: str) -> QuizStep:
        """The service grades ``given`` (in a worker thread); refusals raise."""
        quizzes = self.quizzes

        def grade(library: str) -> QuizStep:
            try:
                session = quizzes.session(library, user_id)
            except NoQuizError as exc:  # a click on a quiz that is over or was stopped
                raise why_closed(self.last.get((guild_id, user_id)), question_id) from exc
            result = quizzes.answer(library, user_id, question_id, given)
            return step_after(session, closed_from_result(result, session))

        return await self.deps.libraries.call(guild_id, grade)

    async def _move_on(self, run: QuizRun, step: QuizStep,
                       interaction: discord.Interaction | None) -> None:
        """After an answer: stop the timer, show the verdict, then what comes next."""
        async with run.lock:
            if run.timer is not None:
                run.timer.cancel()
                run.timer = None
            if interaction is not None:
                run.interaction, run.interaction_at = interaction, time.monotonic()
            await self._after_close(run, step, interaction)

    # -- replies to a question message (called by the Ask cog's listener) ---------------
    def quiz_target(self, message: discord.Message) -> tuple[int, int, str] | None:
        """``(server, owner, question id)`` when ``message`` replies to a quiz question
        message (open or closed, of any quiz), else None."""
        return self.messages.target(message, self.bot.user)

    async def handle_reply(self, message: discord.Message) -> bool:
        """Answer the question ``message`` replies to; False when it is not a reply to a
        quiz question (then it is none of the quiz's business). Refusals are replies that
        ping nobody."""
        target = self.quiz_target(message)
        if target is None:
            return False
        guild_id, owner_id, question_id = target
        try:
            if message.author.id != owner_id:
                raise NotYourQuizError(_errors()["not_your_quiz"])
            me = self.bot.user
            given = message.content
            if me is not None:  # "@Footnote Attlee" answers "Attlee"
                given = re.sub(rf"<@!?{me.id}>", " ", given).strip()
            step = await self._grade(guild_id, owner_id, question_id, given)
            run = self.runs.get((guild_id, owner_id))
            if run is None or step.closed is None:  # cannot normally happen
                text = fit(step.closed.feedback, 500) if step.closed else "Noted."
                await reply_to(message, content=text, allowed_mentions=NO_PINGS)
                return True
            await self._move_on(run, step, None)
        except Exception as exc:
            await reply_error(message, exc)
        return True

    # -- moving on ---------------------------------------------------------------------
    async def _after_close(self, run: QuizRun, step: QuizStep,
                           interaction: discord.Interaction | None) -> None:
        """Show how the shown question closed, then the next question or the summary.
        Called with ``run.lock`` held."""
        closed = step.closed
        assert closed is not None
        timed_out = closed.status is OutcomeStatus.TIMED_OUT
        run.idle = run.idle + 1 if timed_out else 0
        if closed.status in (OutcomeStatus.RIGHT, OutcomeStatus.WRONG):
            run.answered.add(closed.question.id)
        note = None
        if timed_out and run.idle >= self.abandon_after and step.next_question is not None:
            # Stopped before anything is sent, so the next question is never posted (nor
            # counted as asked).
            try:
                summary = await self.deps.libraries.call(run.guild_id, self.quizzes.stop,
                                                         run.user_id)
            except FootnoteError:  # ended meanwhile
                summary = await self.deps.libraries.run(run.session.summary)
            step = replace(step, next_question=None, summary=summary)
            note = ABANDONED.format(n=run.idle)
        embed = result_embed(closed, run.number, step.total, owner=run.owner, score=step.score,
                             answered=step.answered)
        await edit(run, interaction, embed=embed,
                   view=closed_view(run.user_id, closed.question, closed))
        run.question = None
        await self._show_next(run, step, interaction, note=note)

    async def _show_next(self, run: QuizRun, step: QuizStep,
                         interaction: discord.Interaction | None, *,
                         note: str | None = None) -> None:
        """Post the next question and watch its time, or post the summary. Lock held."""
        question = step.next_question
        if question is None:
            if self.runs.get((run.guild_id, run.user_id)) is run:
                del self.runs[(run.guild_id, run.user_id)]
            summary = step.summary or await self.deps.libraries.run(run.session.summary)
            record = await self.deps.libraries.call(run.guild_id, self.quizzes.score,
                                                    run.user_id)
            await post(run, interaction, embed=summary_embed(summary, record, owner=run.owner,
                                                             note=note))
            return
        run.question, run.number = question, step.answered + 1  # clicks may come as it posts
        embed = question_embed(question, run.number, step.total, owner=run.owner,
                               closes_at=time.time() + (step.remaining or 0.0))
        message = await post(run, interaction, embed=embed,
                             view=question_view(run.user_id, question))
        if message is None:  # the bot may not post here (any more): the quiz cannot go on
            run.question = None
            await self._end_unseen(run)
            return
        run.message = message
        self.messages.remember(message.id, (run.guild_id, run.user_id, question.id))
        # its time starts now that the student can see it, however long the post took
        left = await self.deps.libraries.run(run.session.shown, question.id)
        # None: it closed while it was posted (answered or stopped, which move the quiz on
        # by themselves; a question not yet shown cannot time out): the watcher then finds
        # it closed and ends.
        run.timer = asyncio.create_task(self._watch(run, question.id, left or 0.0),
                                        name=f"quiz-timeout-{run.guild_id}-{run.user_id}")

    async def _end_unseen(self, run: QuizRun) -> None:
        """The next question could not be posted: stop the quiz (it is not counted as
        asked) rather than leave it waiting for an answer nobody can see. Lock held."""
        if self.runs.get((run.guild_id, run.user_id)) is run:
            del self.runs[(run.guild_id, run.user_id)]
        with contextlib.suppress(FootnoteError):  # ended meanwhile
            await self.deps.libraries.call(run.guild_id, self.quizzes.stop, run.user_id)
        log.warning("stopped the quiz of user %s in server %s: its next question could not "
                    "be posted in channel %s", run.user_id, run.guild_id,
                    getattr(run.channel, "id", "?"))

    async def _watch(self, run: QuizRun, question_id: str, delay: float) -> None:
        """Close the question when its time is up (the engine decides), then move on."""
        try:
            while True:
                await asyncio.sleep(max(0.0, delay) + WATCH_SLACK)
                async with run.lock:
                    if run.question is None or run.question.id != question_id:
                        return
                    step, left = await self.deps.libraries.run(timed_out_step, run.session,
                                                               question_id)
                    if step is not None:
                        run.timer = None
                        await self._after_close(run, step, None)
                        return
                    if left is None:
                        return
                    delay = left
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("quiz time-out failed (guild %s, user %s)", run.guild_id, run.user_id)

