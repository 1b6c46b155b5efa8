"""What the cogs and buttons need, bundled once and handed to them (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field

import discord

from bot.conversation import ConversationMemory
from bot.discord_app.libraries import GuildLibraries
from bot.quiz.service import Quizzes
from bot.ratelimit import RateLimiter
from bot.service import Footnote
from bot.settings import Settings


@dataclass
class Deps:
    """The engine, settings and the adapter's small in-memory helpers."""

    app: Footnote
    settings: Settings
    libraries: GuildLibraries
    limiter: RateLimiter
    conversations: ConversationMemory
    quizzes: Quizzes = field(init=False)
    """Quiz sessions and scores for every server's library (tests may swap in their own)."""

    def __post_init__(self) -> None:
        """Build the quiz service over the same engine."""
        self.quizzes = Quizzes(self.app)

    @classmethod
    def build(cls, app: Footnote, settings: Settings) -> Deps:
        """The usual set: per-server libraries, the /ask rate limit, follow-up memory."""
        return cls(
            app=app, settings=settings, libraries=GuildLibraries(app, settings),
            limiter=RateLimiter(settings.ask_rate, settings.ask_period),
            conversations=ConversationMemory(),
        )


def deps_of(client: discord.Client) -> Deps:
    """The :class:`Deps` of a :class:`~bot.discord_app.client.FootnoteBot`."""
    deps = getattr(client, "deps", None)
    if not isinstance(deps, Deps):
        raise RuntimeError("this client is not a FootnoteBot (it has no Footnote deps)")
    return deps
