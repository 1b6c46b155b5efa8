"""Curating the server's library: ``/article add|list|show|replace|remove`` (moderators only).

The whole group is hidden from members without Manage Server
(``default_permissions``) and checked again at run time (``interaction_check``):
see :mod:`bot.discord_app.checks`. Every change is made in the invoking server's
library only, recorded in its audit log with who made it
(``discord:<id> (<name>)``), and logged.

Adding and replacing take exactly one of ``url``, ``file`` or ``text``; with none of
them they open the "Paste an article" form (:mod:`bot.discord_app.views.paste`), whose
paragraph boxes keep the article's paragraphs (a ``text`` option is a single line).
They show progress to the moderator by editing a private "thinking…" message
("Fetching…", "Embedding 12 passages…"); a refusal replaces it, privately; a change
ends with a public message naming the title, paragraph count and id, so the channel
sees what changed in its library. Removing asks the moderator privately first.
Listing and showing are private.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.bulk import BulkItem, BulkOutcome, BulkReport
from bot.discord_app.checks import actor, ensure_moderator, guild_id_of
from bot.discord_app.deps import Deps
from bot.discord_app.errors import report_error
from bot.discord_app.libraries import clip_title
from bot.discord_app.options import autocomplete_article
from bot.discord_app.progress import ProgressMessage
from bot.discord_app.render import article_embed, change_sentence, paragraph_count
from bot.discord_app.replies import UPDATE as REPLY_UPDATE
from bot.discord_app.replies import (
    defer,
    edit_private,
    edit_public_progress,
    finish_public,
    mark,
    send_public,
)
from bot.discord_app.text import NO_PINGS, TITLE_LIMIT, fit
from bot.discord_app.views.confirm import ConfirmView
from bot.discord_app.views.pages import PagesView
from bot.discord_app.views.paste import PASTE_TIMEOUT, PasteModal
from bot.errors import InputError, NotFoundError
from bot.ingest.extract import too_large
from bot.library import AddResult

log = logging.getLogger("footnote.discord")

ONE_SOURCE = ("Give exactly one of url, file or text — or none of them to paste the article "
              "into a form that keeps its paragraphs.")
PER_PAGE = 10
MORE_FILES = ("file2", "file3", "file4", "file5")
SEVERAL_FILES = ("Several files are added on their own: leave out url, text and title (each "
                 "article keeps its own title).")


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ArticlesCog(commands.GroupCog, group_name="article",
                  group_description="Curate this server's articles (moderators)."):
    """The ``/article`` command group."""

    confirm_timeout: float = 60.0
    progress_interval: float = 1.0
    paste_timeout: float = PASTE_TIMEOUT

    def __init__(self, bot: commands.Bot, deps: Deps) -> None:
        self.bot = bot
        self.deps = deps
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """The run-time half of the moderator check (raises ``NotModerator``)."""
        ensure_moderator(interaction, self.deps.settings.moderator_role)
        return True

    # -- add / replace -------------------------------------------------------------------
    @app_commands.command(name="add", description="Add an article from a link, a file or text.")
    @app_commands.describe(url="A web page or PDF to fetch", file="A .txt, .md, .html or .pdf file",
                           text="The article's text on one line (leave out all three to paste "
                                "it with its paragraphs)",
                           title="Its title (optional)",
                           **{name: "Another file: several are added one after another"
                              for name in MORE_FILES})
    async def add(self, interaction: discord.Interaction, url: str | None = None,
                  file: discord.Attachment | None = None, text: str | None = None,
                  title: str | None = None, file2: discord.Attachment | None = None,
                  file3: discord.Attachment | None = None,
                  file4: discord.Attachment | None = None,
                  file5: discord.Attachment | None = None) -> None:
        """Add one article (exactly one of url, file, text; none opens the paste form), or
        several files at once (file and file2..file5)."""
        files = [f for f in (file, file2, file3, file4, file5) if f is not None]
        if len(files) > 1:
            await self._add_files(interaction, files, other=(url, text, title))
            return
        await self._ingest(interaction, url=url, file=files[0] if files else None, text=text,
                           title=title)

    async def _add_files(self, interaction: discord.Interaction,
                         files: list[discord.Attachment], *,
                         other: tuple[str | None, ...]) -> None:
        """Several attachments through :meth:`bot.service.Footnote.add_many`: one bad file
        never stops the rest; the reply lists what was added and why any failed."""
        if any(value is not None for value in other):
            raise InputError(SEVERAL_FILES)
        guild_id = guild_id_of(interaction)
        await defer(interaction)  # the report is public: the channel sees what was added
        try:
            items = []
            for file in files:
                try:
                    _check_source_early(None, file, None, self.deps.settings.max_article_bytes)
                    items.append(BulkItem(name=file.filename, data=await _download(file),
                                          content_type=file.content_type))
                except InputError as exc:
                    items.append(BulkItem(name=file.filename, problem=str(exc)))
            who = actor(interaction.user)
            progress = ProgressMessage(
                asyncio.get_running_loop(),
                lambda text: edit_public_progress(interaction, text),
                interval=self.progress_interval)

            def on_item(index: int, done: BulkOutcome | None) -> None:
                if done is None:
                    progress(f"Adding {index + 1} of {len(items)}: {items[index].name}")

            try:
                report = await self.deps.libraries.call(
                    guild_id, lambda library: self.deps.app.add_many(
                        library, items, actor=who, on_item=on_item),
                    write=True)
            finally:
                await progress.close()
            self.deps.libraries.changed(guild_id)
        except Exception as exc:  # a bug: the apology reaches the moderator only
            await report_error(interaction, exc)
            return
        log.info("guild %s: %s by %s", guild_id, report.summary(), who)
        await finish_public(interaction, content=bulk_reply(report))

    @app_commands.command(name="replace", description="Replace an article's content.")
    @app_commands.describe(article="The article to replace", url="A web page or PDF to fetch",
                           file="A .txt, .md, .html or .pdf file",
                           text="The new text on one line (leave out all three to paste it "
                                "with its paragraphs)",
                           title="A new title (optional)")
    @app_commands.autocomplete(article=autocomplete_article)
    async def replace(self, interaction: discord.Interaction, article: str,
                      url: str | None = None, file: discord.Attachment | None = None,
                      text: str | None = None, title: str | None = None) -> None:
        """Replace an article in place (same id) with new content (none: the paste form)."""
        await self._ingest(interaction, url=url, file=file, text=text, title=title,
                           article=article)

    async def _ingest(self, interaction: discord.Interaction, *, url: str | None,
                      file: discord.Attachment | None, text: str | None, title: str | None,
                      article: str | None = None) -> None:
        guild_id = guild_id_of(interaction)
        sources = sum(x is not None and x != "" for x in (url, file, text))
        if sources > 1:
            raise InputError(ONE_SOURCE)
        _check_source_early(url, file, text, self.deps.settings.max_article_bytes)
        title = _clean_title(title)
        replace_id = None
        if article is not None and self.deps.libraries.is_open(guild_id):
            replace_id = await self._article_id(guild_id, article)  # a bad id: ephemeral
            article = None
        if sources == 0:
            await self._open_paste_form(interaction, guild_id, title=title, article=article,
                                        replace_id=replace_id)
            return
        await self._run_ingest(interaction, guild_id, url=url, file=file, text=text, title=title,
                               article=article, replace_id=replace_id)

    async def _open_paste_form(self, interaction: discord.Interaction, guild_id: int, *,
                               title: str | None, article: str | None,
                               replace_id: int | None) -> None:
        """Answer with the "Paste an article" form (a typed title is filled in)."""
        on_paste = functools.partial(self._pasted, article=article, replace_id=replace_id)
        modal = PasteModal(interaction.user.id, guild_id, on_paste, title=title,
                           timeout=self.paste_timeout)
        await interaction.response.send_modal(modal)

    async def _pasted(self, interaction: discord.Interaction, text: str, title: str | None, *,
                      article: str | None, replace_id: int | None) -> None:
        """A submitted paste form (the form has re-checked who submits it): the usual add or
        replace. What is plainly unusable is refused at once, before the "thinking…"."""
        guild_id = guild_id_of(interaction)
        _check_source_early(None, None, text, self.deps.settings.max_article_bytes)
        title = _clean_title(title)
        await self._run_ingest(interaction, guild_id, url=None, file=None, text=text,
                               title=title, article=article, replace_id=replace_id)

    async def _run_ingest(self, interaction: discord.Interaction, guild_id: int, *,
                          url: str | None, file: discord.Attachment | None, text: str | None,
                          title: str | None, article: str | None,
                          replace_id: int | None) -> None:
        """Defer privately, add or replace with progress, end with what changed (public)."""
        await defer(interaction, private=True)
        try:
            result, paragraphs = await self._ingest_deferred(
                interaction, guild_id, url=url, file=file, text=text, title=title,
                article=article, replace_id=replace_id)
        except Exception as exc:  # the error replaces the progress, privately
            await report_error(interaction, exc)
            return
        await send_public(interaction,
                          content=change_sentence(result.status, result.article, paragraphs,
                                                  result.notes))

    async def _ingest_deferred(self, interaction: discord.Interaction, guild_id: int, *,
                               url: str | None, file: discord.Attachment | None,
                               text: str | None, title: str | None, article: str | None,
                               replace_id: int | None) -> tuple[AddResult, int]:
        if article is not None:
            replace_id = await self._article_id(guild_id, article)
        progress = ProgressMessage(asyncio.get_running_loop(), self._editor(interaction),
                                   interval=self.progress_interval)
        who = actor(interaction.user)
        kwargs: dict[str, Any] = {"title": title or None, "actor": who, "progress": progress,
                                  "replace_id": replace_id}
        app = self.deps.app
        try:
            if url is not None:
                result, paragraphs = await self._add(guild_id, app.add_url, url.strip(), **kwargs)
            elif file is not None:
                data = await _download(file)
                result, paragraphs = await self._add(
                    guild_id, app.add_bytes, data, filename=file.filename,
                    content_type=file.content_type, **kwargs)
            else:
                assert text is not None
                result, paragraphs = await self._add(guild_id, app.add_text, text, **kwargs)
        finally:
            await progress.close()
        self.deps.libraries.changed(guild_id)
        log.info("guild %s: %s article %d %r by %s", guild_id, result.status, result.article.id,
                 result.article.title, who)
        return result, paragraphs

    async def _add(self, guild_id: int, method: Any, *args: Any,
                   **kwargs: Any) -> tuple[AddResult, int]:
        """Run an ``add_*`` method; also count the article's paragraphs (same thread)."""
        app = self.deps.app

        def work(library: str) -> tuple[AddResult, int]:
            result = method(library, *args, **kwargs)
            passages = app.show_article(library, result.article.id).passages
            return result, paragraph_count(passages)

        return await self.deps.libraries.call(guild_id, work, write=True)

    @staticmethod
    def _editor(interaction: discord.Interaction) -> Any:
        async def edit(text: str) -> None:
            await edit_private(interaction, content=text)
        return edit

    # -- list / show ---------------------------------------------------------------------
    @app_commands.command(name="list", description="List this server's articles.")
    async def list_(self, interaction: discord.Interaction) -> None:
        """Every article with its id, ten per page."""
        guild_id = guild_id_of(interaction)
        await defer(interaction, private=True)
        articles = await self.deps.libraries.call(guild_id, self.deps.app.list_articles)
        view = PagesView(interaction.user.id, articles, per_page=PER_PAGE)
        if view.pages == 1:
            await interaction.followup.send(embed=view.embed(), ephemeral=True,
                                            allowed_mentions=NO_PINGS)
            return
        view.message = await interaction.followup.send(embed=view.embed(), view=view,
                                                       ephemeral=True, wait=True,
                                                       allowed_mentions=NO_PINGS)

    @app_commands.command(name="show", description="Show an article and its paragraphs.")
    @app_commands.describe(article="The article to show")
    @app_commands.autocomplete(article=autocomplete_article)
    async def show(self, interaction: discord.Interaction, article: str) -> None:
        """An article's details and the start of each paragraph."""
        guild_id = guild_id_of(interaction)
        await defer(interaction, private=True)
        article_id = await self._article_id(guild_id, article)
        shown = await self.deps.libraries.call(guild_id, self.deps.app.show_article, article_id)
        await interaction.followup.send(embed=article_embed(shown.article, shown.passages),
                                        ephemeral=True, allowed_mentions=NO_PINGS)

    # -- remove --------------------------------------------------------------------------
    @app_commands.command(name="remove", description="Remove an article (asks to confirm).")
    @app_commands.describe(article="The article to remove")
    @app_commands.autocomplete(article=autocomplete_article)
    async def remove(self, interaction: discord.Interaction, article: str) -> None:
        """Ask the moderator (privately) to confirm, then remove the article from this
        server's library and say so in the channel."""
        guild_id = guild_id_of(interaction)
        early = self.deps.libraries.is_open(guild_id)  # then a bad id is refused at once
        article_id = await self._article_id(guild_id, article) if early else 0
        await defer(interaction, private=True)
        if not early:
            article_id = await self._article_id(guild_id, article)
        shown = await self.deps.libraries.call(guild_id, self.deps.app.show_article, article_id)
        name = fit(shown.article.title, 200)

        async def confirmed(click: discord.Interaction) -> None:
            await click.response.edit_message(content=f"Removing article {article_id}…",
                                              view=None, allowed_mentions=NO_PINGS)
            mark(click, REPLY_UPDATE)
            who = actor(click.user)
            removed = await self.deps.libraries.call(guild_id, self.deps.app.remove_article,
                                                     article_id, actor=who, write=True)
            self.deps.libraries.changed(guild_id)
            log.info("guild %s: removed article %d %r by %s", guild_id, article_id,
                     removed.title, who)
            done = f"Removed article {article_id}: “{fit(removed.title, 200)}”."
            await click.edit_original_response(content=done, allowed_mentions=NO_PINGS)
            await send_public(click, content=done)

        seconds = f"{self.confirm_timeout:g}"
        view = ConfirmView(
            interaction.user.id, confirmed, timeout=self.confirm_timeout, confirm_label="Remove",
            cancelled_text=f"Kept article {article_id}: “{name}”. Nothing was removed.",
            timeout_text=f"No answer within {seconds} seconds: article {article_id} was kept.",
        )
        view.message = await edit_private(
            interaction, content=f"Remove article {article_id}: “{name}”? This cannot be undone.",
            view=view)

    async def _article_id(self, guild_id: int, value: str) -> int:
        article_id = await self.deps.libraries.resolve_article(guild_id, value)
        if article_id is None:
            raise NotFoundError("Pick an article from the list that appears as you type.")
        return article_id


def _check_source_early(url: str | None, file: discord.Attachment | None, text: str | None,
                        limit: int) -> None:
    """Refuse what is plainly unusable before the public "thinking…" (so only the moderator
    sees it) and before downloading anything: blank text or link, an empty or oversized file
    (by the size Discord reports for the attachment)."""
    if text is not None and not any(ch.isprintable() and not ch.isspace() for ch in text):
        raise InputError("The pasted text is empty: paste the article's text.")
    if url is not None and not url.strip():
        raise InputError("No link was given.")
    if file is not None:
        name = clip_title(file.filename, 100)
        if file.size <= 0:
            raise InputError(f"The file “{name}” is empty.")
        if file.size > limit:
            raise too_large(f"The file “{name}”", limit, file.size)


async def _download(file: discord.Attachment) -> bytes:
    """The attachment's bytes; a failed download (expired link, Discord hiccup) is a sentence."""
    try:
        return await file.read()
    except (TimeoutError, discord.HTTPException, aiohttp.ClientError, OSError) as exc:
        log.warning("could not download attachment %s (%s)", file.id, exc)
        raise InputError(f"I could not download “{clip_title(file.filename, 100)}” from "
                         "Discord; attach it again in a new /article command.") from exc


def _clean_title(title: str | None) -> str | None:
    """A typed title on one line; None when blank or invisible (the article's own title is
    used then); refused when longer than Discord can show as a title."""
    if title is None:
        return None
    flat = " ".join(title.split())
    if not any(ch.isprintable() and not ch.isspace() for ch in flat):
        return None
    if len(flat) > TITLE_LIMIT:
        raise InputError(f"Titles can be at most {TITLE_LIMIT} characters long; "
                         f"yours has {len(flat):,}.")
    return flat



def bulk_reply(report: BulkReport, limit: int = 2000) -> str:
    """The reply to several files: a line per file, within Discord's message limit."""
    text = "\n".join(fit(line, 200) for line in report.lines())
    return text if len(text) <= limit else text[: limit - 2].rsplit("\n", 1)[0] + "\n…"
