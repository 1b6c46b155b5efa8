"""The database restarted under load: the bot says so in its log, refuses politely while it
is down, and answers again once it is back, without being restarted.

Runs a PostgreSQL 15 of its own (tests/postgres/support.py ``PrivateServer``): the
machine's shared server is never stopped.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.discord_app.client import FootnoteBot
from bot.service import Footnote
from bot.settings import Settings
from tests.discord_app.helpers import connected, outcome
from tests.fakediscord import FakeDiscord
from tests.fakes import HashingEncoder
from tests.postgres.support import PrivateServer

QUESTION = "What should the public start boycotting?"
ASKERS = 3


async def test_a_database_restart_under_load_is_reported_refused_politely_and_ridden_out(
    private_server: PrivateServer, settings: Settings, caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.INFO, logger="footnote.database")
    on_db = settings.model_copy(update={"database_url": SecretStr(private_server.url),
                                        "ask_rate": 100_000})
    app = Footnote(on_db, encoder=HashingEncoder(), analysers=())
    where = f"127.0.0.1:{private_server.port}/postgres"
    phase = ["up"]
    seen: list[tuple[str, str, bool]] = []  # (phase, what the person saw, privately?)
    stop = asyncio.Event()
    try:
        async with FakeDiscord(heartbeat_interval=0.2) as fake:
            guild = fake.add_guild("Alpha")
            channel = fake.add_text_channel(guild.id, "general")
            people = [fake.add_member(guild.id, f"reader{i}") for i in range(ASKERS)]
            bot = FootnoteBot(app, app.settings, guild_ready_timeout=0.05)
            async with connected(bot):

                async def asker(person: object) -> None:
                    while not stop.is_set():
                        asked_in = phase[0]
                        ix = await fake.slash_command(guild.id, channel.id, person, "ask",
                                                      options={"question": QUESTION})
                        text, private, _ = await outcome(ix, timeout=60)
                        if phase[0] == asked_in:  # asked and answered in one phase
                            seen.append((asked_in, text, private))

                async def until(what: str, count: int) -> None:
                    def enough() -> bool:
                        return sum(1 for p, _, _ in seen if p == what) >= count
                    await fake.wait_for(enough, 60, f"{count} replies to questions asked {what}")

                tasks = [asyncio.create_task(asker(p)) for p in people]
                await until("up", 6)
                phase[0] = "stopping"
                await asyncio.to_thread(private_server.stop)
                phase[0] = "down"
                await until("down", 9)
                phase[0] = "starting"
                await asyncio.to_thread(private_server.start)
                phase[0] = "back"
                await until("back", 9)
                stop.set()
                await asyncio.gather(*tasks)
            assert fake.missed_deadlines == []  # every question acknowledged within 3 s
            assert fake.refusals == []
    finally:
        app.close()

    def answered(text: str) -> bool:
        return "social media" in text.lower()

    by_phase = {p: [(t, private) for q, t, private in seen if q == p] for p in
                ("up", "down", "back")}
    assert all(answered(t) and not private for t, private in by_phase["up"]), by_phase["up"]
    for text, private in by_phase["down"]:  # a sentence, to the asker only; never an apology
        assert private and text.startswith(f"The database at {where} is unreachable: "), text
        assert "Footnote reconnects by itself" in text
    assert all(answered(t) and not private for t, private in by_phase["back"]), by_phase["back"]
    logged = [(r.levelno, r.getMessage()) for r in caplog.records
              if r.name == "footnote.database"]
    assert any(level == logging.ERROR and f"The database at {where} is unreachable" in message
               for level, message in logged), logged
    assert any(f"The database at {where} is reachable again" in message
               for _, message in logged), logged
    assert any("change notifications" in message and "stopped" in message
               for _, message in logged), logged
