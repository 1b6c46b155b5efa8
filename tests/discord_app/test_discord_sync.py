"""Slash commands are synced when they changed (or on ``footnote sync``), and a failed sync
does not stop the bot."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.cli import main
from bot.discord_app.client import FootnoteBot
from bot.discord_app.cogs.ask import AskCog
from bot.service import Footnote
from bot.settings import Settings
from tests.discord_app.helpers import connected
from tests.fakediscord import FakeDiscord


def puts(fake: FakeDiscord) -> list[str]:
    """The command uploads the bot made: ``global`` or ``guild:<id>`` each."""
    found = []
    for method, path in fake.requests:
        if method == "PUT" and path.endswith("/commands"):
            parts = path.split("/")
            found.append(f"guild:{parts[-2]}" if "guilds" in parts else "global")
    return found


def running(app: Footnote, settings: Settings) -> Any:
    """One start of the bot against the fake already patched in (same application)."""
    return connected(FootnoteBot(app, settings, guild_ready_timeout=0.05))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(heartbeat_interval=0.2) as started:
        started.add_guild("Alpha")
        yield started
        assert started.unhandled_routes == [] and started.server_errors == []


async def test_commands_are_synced_once_then_only_when_they_change(
    fake: FakeDiscord, app: Footnote, settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with running(app, settings):
        pass
    assert puts(fake) == ["global"]
    names = {c["name"] for c in fake.registered_commands[None]}
    assert names == {"ask", "article", "quiz"}
    async with running(app, settings) as bot:  # a restart: nothing changed, nothing written
        pass
    assert puts(fake) == ["global"]
    assert bot.sync_result is not None and bot.sync_result.unchanged == ["global"]
    monkeypatch.setattr(AskCog.ask, "description", "Ask about this server's news articles.")
    async with running(app, settings):  # new code, new description: synced again
        pass
    assert puts(fake) == ["global", "global"]
    [ask] = [c for c in fake.registered_commands[None] if c["name"] == "ask"]
    assert ask["description"] == "Ask about this server's news articles."
    from bot.discord_app.sync import STATE_FILE

    state = json.loads((settings.data_dir / STATE_FILE).read_text("utf-8"))
    assert list(state) == [str(fake.application_id)]


async def test_a_failed_sync_is_logged_and_the_bot_runs_on(
    fake: FakeDiscord, app: Footnote, settings: Settings, caplog: pytest.LogCaptureFixture,
) -> None:
    fake.fail("PUT", r"/commands$", 403, 50001, "Missing Access")
    with caplog.at_level(logging.INFO, logger="footnote.discord"):
        async with running(app, settings) as bot:
            assert bot.is_ready() and bot.sync_result is not None
            assert bot.sync_result.failed == ["global"]
    failed = [r for r in caplog.records if "sync to global failed" in r.getMessage()]
    assert len(failed) == 1 and failed[0].levelno == logging.ERROR and not failed[0].exc_info
    assert "50001" in failed[0].getMessage()
    async with running(app, settings):  # not recorded as done: the next start tries again
        pass
    assert puts(fake) == ["global", "global"]
    assert {c["name"] for c in fake.registered_commands[None]} == {"ask", "article", "quiz"}


async def test_dev_server_mode_clears_the_global_commands_and_back(
    fake: FakeDiscord, app: Footnote, settings: Settings,
) -> None:
    async with running(app, settings):
        pass
    settings.dev_guild_id = 424242
    async with running(app, settings):
        pass
    assert fake.registered_commands[None] == []  # no stale global copy shows twice
    assert {c["name"] for c in fake.registered_commands[424242]} == {"ask", "article", "quiz"}
    settings.dev_guild_id = None
    async with running(app, settings):
        pass
    assert fake.registered_commands[424242] == []  # the old dev server is cleared
    assert {c["name"] for c in fake.registered_commands[None]} == {"ask", "article", "quiz"}
    assert puts(fake) == ["global", "guild:424242", "global", "global", "guild:424242"]


async def test_footnote_sync_uploads_whatever_the_record_says(
    fake: FakeDiscord, app: Footnote, settings: Settings,
) -> None:
    async with running(app, settings):
        pass
    from bot.discord_app.runner import sync_now

    fake.registered_commands[None] = []  # someone deleted them by hand
    identified = len(fake.gateway.identify_payloads)
    said = await sync_now(settings, "fake-token")
    assert said == "Synced the slash commands: global."
    assert puts(fake) == ["global", "global"]
    assert {c["name"] for c in fake.registered_commands[None]} == {"ask", "article", "quiz"}
    assert len(fake.gateway.identify_payloads) == identified  # REST only, no gateway


def test_footnote_sync_needs_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync"]) == 1
    assert capsys.readouterr().err.startswith("footnote: DISCORD_TOKEN is not set.")
