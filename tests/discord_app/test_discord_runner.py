"""``footnote run`` without a network: the missing-token sentence, and endpoint settings."""

from __future__ import annotations

import discord
import pytest
import yarl

from bot.cli import main
from bot.discord_app.client import footnote_intents
from bot.discord_app.runner import point_discord_at, run_bot
from bot.errors import ConfigError
from bot.settings import Settings


def test_missing_token_raises_the_sentence(settings: Settings) -> None:
    with pytest.raises(ConfigError) as error:
        run_bot(settings)
    assert str(error.value).startswith("DISCORD_TOKEN is not set.")
    assert ".env" in str(error.value)


def test_footnote_run_prints_the_sentence_and_exits_1(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "   ")  # blank counts as missing
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("footnote: DISCORD_TOKEN is not set.") and "Traceback" not in err


def test_endpoints_can_point_elsewhere(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    point_discord_at(settings)  # unset: untouched
    assert discord.http.Route.BASE == "https://discord.com/api/v10"
    settings.discord_api_base = "http://127.0.0.1:9/api/v10/"
    settings.discord_gateway_url = "ws://127.0.0.1:9/"
    point_discord_at(settings)
    assert discord.http.Route.BASE == "http://127.0.0.1:9/api/v10"
    gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    assert str(gateway) == "ws://127.0.0.1:9/" and isinstance(gateway, yarl.URL)


def test_intents_are_the_documented_ones(settings: Settings) -> None:
    intents = footnote_intents(settings)
    assert intents.guilds and intents.guild_messages and intents.dm_messages
    assert not intents.message_content  # privileged: only when asked for
    assert not intents.members and not intents.presences
    settings.message_content_intent = True
    assert footnote_intents(settings).message_content


async def test_commands_sync_to_the_dev_server_when_set(start_bot) -> None:  # type: ignore[no-untyped-def]
    env = await start_bot(dev_guild_id=424242)
    names = {c["name"] for c in env.fake.registered_commands[424242]}
    assert names == {"ask", "article", "quiz"}
    assert not env.fake.registered_commands.get(None)


async def test_commands_sync_globally_by_default(env) -> None:  # type: ignore[no-untyped-def]
    assert {c["name"] for c in env.fake.registered_commands[None]} == {"ask", "article", "quiz"}
