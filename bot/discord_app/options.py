"""The ``article`` option: autocomplete from the invoking server's own library only.

Autocomplete answers from titles already read (:meth:`GuildLibraries.cached_titles`): it
never opens a new library, seeds or embeds, so it stays far inside Discord's 3 seconds.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord_app.deps import deps_of
from bot.discord_app.libraries import GuildLibraries
from bot.discord_app.replies import defer

MAX_CHOICES = 25  # Discord's limit
CHOICE_NAME_LIMIT = 100


def article_choices(titles: list[tuple[int, str]], current: str) -> list[app_commands.Choice[str]]:
    """Choices whose title contains what was typed (or whose id it is), best first.

    Each choice shows the title and id; its value is the article id as text.
    """
    typed = " ".join(current.split()).casefold()
    scored = []
    for article_id, title in titles:
        folded = title.casefold()
        if typed and typed != str(article_id) and typed not in folded:
            continue
        rank = 0 if not typed or typed == str(article_id) or folded.startswith(typed) else 1
        scored.append((rank, article_id, title))
    scored.sort(key=lambda item: (item[0], -item[1]))  # prefix matches, then newest first
    choices = []
    for _, article_id, title in scored[:MAX_CHOICES]:
        suffix = f" · #{article_id}"
        name = " ".join(title.split()) or "Untitled article"
        room = CHOICE_NAME_LIMIT - len(suffix)
        if len(name) > room:
            name = name[: room - 1].rstrip() + "…"
        choices.append(app_commands.Choice(name=name + suffix, value=str(article_id)))
    return choices


async def autocomplete_article(interaction: discord.Interaction,
                               current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete callback for every ``article`` option (``/ask``, ``/article ...``)."""
    if interaction.guild_id is None:
        return []
    titles = await deps_of(interaction.client).libraries.cached_titles(interaction.guild_id)
    return article_choices(titles, current)


async def defer_and_resolve(
    interaction: discord.Interaction, libraries: GuildLibraries, guild_id: int,
    article: str | None, *, private: bool | None = None,
) -> int | None:
    """Defer with "thinking…" and resolve the ``article`` option of this server.

    When the server's library is already open the option is checked first, so a bad
    article is refused privately at once. On first use (seeding may take a while) the
    defer must come first and the check after it, so the defer is then private when an
    article was typed: "no such article" must reach only the person who typed it
    (Discord fixes a reply's visibility at the defer). ``private`` forces either way.
    """
    early = libraries.is_open(guild_id)
    article_id = await libraries.resolve_article(guild_id, article) if early else None
    if private is None:
        private = not early and bool(article and article.strip())
    await defer(interaction, private=private)
    if not early:
        article_id = await libraries.resolve_article(guild_id, article)
    return article_id
