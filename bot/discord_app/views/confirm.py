"""Yes/no confirmation before a destructive change (``/article remove``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.discord_app.text import NO_PINGS
from bot.discord_app.views.owned import OwnedView


class ConfirmView(OwnedView):
    """"Remove" / "Keep it": runs ``on_confirm`` once if the owner confirms in time."""

    def __init__(self, owner_id: int, on_confirm: Callable[[discord.Interaction], Awaitable[None]],
                 *, timeout: float, confirm_label: str, cancelled_text: str,
                 timeout_text: str) -> None:
        super().__init__(owner_id, timeout=timeout)
        self._on_confirm = on_confirm
        self.cancelled_text = cancelled_text
        self.timeout_text = timeout_text
        self.confirm.label = confirm_label

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """Go ahead."""
        self.stop()
        await self._on_confirm(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """Change nothing."""
        self.stop()
        await interaction.response.edit_message(content=self.cancelled_text, view=None,
                                                allowed_mentions=NO_PINGS)
