"""Autocomplete answers from what is already open: never seeds, embeds or waits on a lock.

Discord drops an autocomplete answered after 3 seconds (the strict fake answers such a
late response with 10062, and the suite's teardown fails on it). Seeding a new server's
library with the real model takes 1.6-2 s, one server at a time; here it is made that
slow, and new servers typing into the ``article`` option must still get an answer at once.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from bot.service import Footnote
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import SEED_TITLE, deferred_then_followup

SEED_SECONDS = 1.6


def slow_seeding(env: BotEnv, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make opening a *new* library as slow as the real model's seeding; record who asks."""
    opened: list[str] = []
    real = Footnote.library
    lock = threading.Lock()

    def library(self: Footnote, name: str, *, seed: bool | None = None) -> Any:
        opened.append(name)
        if seed and not self.library_path(name).exists():
            with lock:  # one seed at a time, as the engine's seed lock does
                time.sleep(SEED_SECONDS)
        return real(self, name, seed=seed)

    monkeypatch.setattr(Footnote, "library", library)
    return opened


async def test_new_servers_get_an_answer_at_once_and_nothing_is_seeded(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = await start_bot(servers=2)
    opened = slow_seeding(env, monkeypatch)
    fake = env.fake
    asks = [fake.autocomplete_interaction(s.guild.id, s.channel.id, s.alice, "ask",
                                          focused="article", options={"article": "pol"})
            for s in env.servers]
    for ix in await asyncio.gather(*asks):
        response = await ix.wait_response()
        assert response["type"] == 8 and response["data"]["choices"] == []
        assert ix.response_seconds is not None and not ix.missed_deadline
    assert opened == []  # no library was opened, let alone seeded
    assert not any(env.app.library_path(s.library_name).exists() for s in env.servers)


async def test_after_first_use_the_titles_are_offered(env: BotEnv) -> None:
    await deferred_then_followup(await env.ask("What should the public boycott?"))
    choices = await env.fake.autocomplete(env.a.guild.id, env.a.channel.id, env.a.alice, "ask",
                                          focused="article", options={"article": "police"})
    assert [c["value"] for c in choices] == ["1"] and SEED_TITLE in choices[0]["name"]


async def test_a_library_from_before_a_restart_is_read_not_seeded(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch,
) -> None:
    env.app.library(env.a.library_name, seed=True)  # made by an earlier run of the bot
    assert not env.bot.deps.libraries.is_open(env.a.guild.id)
    opened = slow_seeding(env, monkeypatch)
    libraries, a = env.bot.deps.libraries, env.a
    choices = await env.fake.autocomplete(a.guild.id, a.channel.id, a.alice, "ask",
                                          focused="article", options={"article": ""})
    if not choices:  # a loaded machine read for longer than autocomplete waits: next keystroke
        await env.fake.wait_for(lambda: libraries._fresh(a.guild.id), 10, "the titles")
        choices = await env.fake.autocomplete(a.guild.id, a.channel.id, a.alice, "ask",
                                              focused="article", options={"article": ""})
    assert [c["value"] for c in choices] == ["1"]
    assert opened == [env.a.library_name]  # opened to read its titles...
    assert not env.bot.deps.libraries.is_open(env.a.guild.id)  # ...not opened for use
