"""The "Paste an article" form behind ``/article add`` and ``/article replace`` without a source.

Slash-command text options are a single line, so ``text:`` can only hold a one-paragraph
article. The form has a title box and four paragraph-style boxes of up to 4,000
characters each: the article goes in the first and, if it is longer, continues in the
next ones. The boxes are joined with a blank line between them, so paragraphs (which the
engine cuts passages at, and citations name) survive.

Submitting is checked again at run time: discord.py finds a form by its custom id
alone, so :meth:`PasteModal.on_submit` re-checks that the person is a moderator of the
server, and that it is the person (and server) the form was opened for, before anything
is read. The work itself is done by the articles cog (``on_paste``).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Sequence

import discord

from bot.discord_app.checks import ensure_moderator
from bot.discord_app.deps import deps_of
from bot.discord_app.errors import report_error
from bot.discord_app.text import TITLE_LIMIT
from bot.errors import FootnoteError

FORM_TITLE = "Paste an article"
PARTS = 4
PART_LIMIT = 4000  # Discord's most for one text box
PASTE_TIMEOUT = 1800.0
"""A form left open longer than this is forgotten (its submit is then told it expired)."""
NOT_YOUR_FORM = "Only the person who opened this form can submit it; nothing was saved."

TITLE_PLACEHOLDER = "Optional: leave empty to take the title from the text"
FIRST_PLACEHOLDER = ("Paste the article, a blank line between paragraphs. "
                     "Too long for one box? Continue in the next.")
NEXT_PLACEHOLDER = "Optional: the article continues here if it did not fit in the box above"

#: What the cog does with a submitted form: ``on_paste(interaction, text, title)``.
OnPaste = Callable[[discord.Interaction, str, str | None], Awaitable[None]]


def join_parts(parts: Sequence[str]) -> str:
    """The boxes' contents as one article: the non-empty ones, a blank line between them."""
    return "\n\n".join(part.strip() for part in parts if part.strip())


class PasteModal(discord.ui.Modal):
    """A title box and up to four paragraph boxes; hands the pasted article to ``on_paste``."""

    def __init__(self, owner_id: int, guild_id: int, on_paste: OnPaste, *,
                 title: str | None = None, timeout: float = PASTE_TIMEOUT) -> None:
        super().__init__(title=FORM_TITLE, timeout=timeout,
                         custom_id=f"fn:paste:{os.urandom(12).hex()}")
        self.owner_id = owner_id
        self.guild_id = guild_id
        self._on_paste = on_paste
        self.title_box: discord.ui.TextInput[PasteModal] = discord.ui.TextInput(
            label="Title (optional)", custom_id="title", style=discord.TextStyle.short,
            required=False, max_length=TITLE_LIMIT, placeholder=TITLE_PLACEHOLDER,
            default=title,
        )
        self.add_item(self.title_box)
        self.parts: list[discord.ui.TextInput[PasteModal]] = []
        for n in range(1, PARTS + 1):
            box: discord.ui.TextInput[PasteModal] = discord.ui.TextInput(
                label=f"Article text (part {n})", custom_id=f"part{n}",
                style=discord.TextStyle.long, required=n == 1, max_length=PART_LIMIT,
                placeholder=FIRST_PLACEHOLDER if n == 1 else NEXT_PLACEHOLDER,
            )
            self.parts.append(box)
            self.add_item(box)

    @property
    def text(self) -> str:
        """The article as submitted (see :func:`join_parts`)."""
        return join_parts([box.value or "" for box in self.parts])

    @property
    def title_text(self) -> str | None:
        """The typed title, or None when the box was left empty."""
        return self.title_box.value or None

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Re-check who submits, then hand the article over (one submission per form)."""
        # Never trust that only a moderator could have opened the form: the custom id is
        # all discord.py matches a submission by, and permissions may have changed since.
        ensure_moderator(interaction, deps_of(interaction.client).settings.moderator_role)
        if interaction.user.id != self.owner_id or interaction.guild_id != self.guild_id:
            raise FootnoteError(NOT_YOUR_FORM)
        self.stop()  # a refusal below (empty text...) closes the form on Discord's side too
        await self._on_paste(interaction, self.text, self.title_text)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        """The usual handling: an ephemeral sentence (or an apology and a logged bug)."""
        await report_error(interaction, error)
