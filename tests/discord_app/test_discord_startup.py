"""``footnote run`` at start: no voice warnings, and a sentence for each way it cannot start.

The token and the network are tried (by logging in) before the model is loaded, so a
wrong token or an unreachable Discord is said within a second, in words that name what
failed, never "a bug, not your input".
"""

from __future__ import annotations

import asyncio
import logging
import socket

import discord
import pytest

from bot.cli import main
from bot.discord_app import runner
from bot.discord_app.client import FootnoteBot
from bot.service import Footnote
from bot.settings import Settings
from tests.fakediscord import FakeDiscord


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo what ``footnote run`` points at, keep the log setup out, and fail if the model
    would be loaded (every case here must stop before that)."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(runner, "configure_logging", lambda settings: None)

    def no_model(app: Footnote) -> None:
        raise AssertionError("the model was loaded before Discord was reached")

    monkeypatch.setattr(runner, "warm_up", no_model)


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], base: str,
        token: str = "a-token") -> str:
    monkeypatch.setenv("DISCORD_TOKEN", token)
    monkeypatch.setenv("DISCORD_API_BASE", base)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "a bug" not in err, err
    return err


def test_no_voice_warnings_at_start(settings: Settings, app: Footnote,
                                    monkeypatch: pytest.MonkeyPatch,
                                    caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)  # as on a fresh import
    monkeypatch.setattr(discord.VoiceClient, "warn_dave", True)
    with caplog.at_level(logging.WARNING):
        FootnoteBot(app, settings)
    said = [r.getMessage() for r in caplog.records]
    assert not [m for m in said if "PyNaCl" in m or "davey" in m], said


def test_a_refused_connection_says_where(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    port = unused_port()
    err = run(monkeypatch, capsys, f"http://127.0.0.1:{port}/api/v10")
    assert err.startswith(f"footnote: Could not reach Discord: 127.0.0.1:{port} refused the "
                          "connection."), err
    assert "DISCORD_API_BASE" in err


def test_a_name_that_does_not_resolve_says_dns(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    err = run(monkeypatch, capsys, "https://discord.invalid/api/v10")
    assert err.startswith("footnote: Could not reach Discord: the name discord.invalid does "
                          "not resolve (DNS)."), err


def test_a_token_discord_refuses_gets_its_own_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    async def refuse() -> str:
        async with FakeDiscord(valid_tokens={"the-right-token"}) as fake:
            base = fake.api_base
            err = await asyncio.to_thread(run, monkeypatch, capsys, base, "a-wrong-token")
            assert fake.refused(status=401)
            return err

    err = asyncio.run(refuse())
    assert err.strip() == f"footnote: {runner.TOKEN_REFUSED}"
