"""Previous / next buttons over the pages of ``/article list``."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord_app.render import article_list_embed
from bot.discord_app.text import NO_PINGS
from bot.discord_app.views.owned import OwnedView
from bot.models import Article


class PagesView(OwnedView):
    """Previous / next buttons over the pages of ``/article list``."""

    def __init__(self, owner_id: int, articles: Sequence[Article], *, per_page: int = 10,
                 timeout: float = 300) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.articles = list(articles)
        self.per_page = per_page
        self.page = 0
        self.pages = max(1, -(-len(self.articles) // per_page))
        self._sync_buttons()

    def embed(self) -> discord.Embed:
        """The current page."""
        return article_list_embed(self.articles, self.page, self.per_page)

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = min(max(page, 0), self.pages - 1)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.embed(), view=self,
                                                allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """One page back."""
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        """One page on."""
        await self._show(interaction, self.page + 1)
