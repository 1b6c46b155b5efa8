"""The adapter's own memory is bounded: opened libraries, titles, quiz and conversation maps."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord_app.libraries import GuildLibraries, library_name
from bot.discord_app.quiz_messages import QuestionMessages
from bot.lru import Bounded
from tests.discord_app.conftest import StartBot


def test_the_adapters_memories_are_bounded(app: Any, settings: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache: Bounded[int, str] = Bounded(3)
    for key in range(10):
        cache.put(key, str(key))
    assert len(cache) == 3 and cache.get(0) is None and cache.get(9) == "9"
    cache.get(7)  # used: now the most recent
    cache.put(10, "10")
    assert 7 in cache and 8 not in cache
    messages = QuestionMessages(limit=2)
    for message_id in range(5):
        messages.remember(message_id, (1, 2, "q"))
    assert len(messages) == 2 and messages.get(4) == (1, 2, "q") and messages.get(0) is None
    monkeypatch.setattr("bot.discord_app.libraries.MAX_OPENED", 3)
    monkeypatch.setattr("bot.discord_app.libraries.MAX_TITLE_CACHES", 3)
    libraries = GuildLibraries(app, settings, workers=1)
    try:
        for guild in range(1, 7):
            libraries._opened.put(library_name(guild), True)
            libraries._titles.put(guild, (0.0, []))
        assert len(libraries._opened) == 3 and len(libraries._titles) == 3
        assert not libraries.is_open(1) and libraries.is_open(6)
    finally:
        libraries.close()


async def test_finished_quizzes_are_remembered_within_a_bound(start_bot: StartBot) -> None:
    env = await start_bot()
    cog: Any = env.bot.get_cog("Quiz")
    assert cog.last.limit >= 1000 and cog.messages.limit >= 1000
    assert env.bot.deps.conversations.max_entries >= 1000
