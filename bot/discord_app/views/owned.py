"""A view that belongs to the person who ran the command, and times out.

Anyone else who clicks is told so, ephemerally, and nothing happens. On timeout
the buttons are taken off the message (optionally with a closing sentence).
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.discord_app.errors import report_error, send_ephemeral
from bot.discord_app.text import NO_PINGS

log = logging.getLogger("footnote.discord")

NOT_YOURS = "Only the person who ran this command can use these buttons."


class OwnedView(discord.ui.View):
    """A view only its owner may use; shows ``timeout_text`` (if any) when it times out."""

    def __init__(self, owner_id: int, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.Message | discord.WebhookMessage | None = None
        self.timeout_text: str | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse (ephemerally) clicks by anyone but the owner."""
        if interaction.user.id == self.owner_id:
            return True
        await send_ephemeral(interaction, NOT_YOURS)
        return False

    async def on_timeout(self) -> None:
        """Take the buttons off the message."""
        if self.message is None:
            return
        kwargs: dict[str, Any] = {"view": None, "allowed_mentions": NO_PINGS}
        if self.timeout_text is not None:
            kwargs["content"] = self.timeout_text
        try:
            await self.message.edit(**kwargs)
        except discord.HTTPException:
            log.info("could not remove buttons from message %s", self.message.id)

    async def on_error(self, interaction: discord.Interaction, error: Exception,
                       item: discord.ui.Item[Any], /) -> None:
        """Errors in a button callback get the usual handling."""
        await report_error(interaction, error)
