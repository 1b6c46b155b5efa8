"""One server's long changes cannot stall another server's questions (the engine's worker
threads are shared fairly between servers: bot/workers.py)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from tests.discord_app.conftest import StartBot
from tests.discord_app.helpers import deferred_then_followup, message_text, outcome

WAIT = 30.0


async def test_a_server_adding_many_articles_does_not_stall_another_servers_questions(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = await start_bot(servers=2, ask_rate=1000)
    a, b = env.a, env.b
    release, started = threading.Event(), threading.Semaphore(0)
    real_add = env.app.add_text

    def add_text(library: str, *args: Any, **kwargs: Any) -> Any:
        if library == b.library_name:  # B's adds take as long as we say
            started.release()
            assert release.wait(WAIT)
        return real_add(library, *args, **kwargs)

    monkeypatch.setattr(env.app, "add_text", add_text)
    await deferred_then_followup(await env.ask("What should the public boycott?", server=b))
    adds = [await env.article("add", b.mod, server=b,
                              text=f"Story {n}\n\nHarbour news number {n} came out today.")
            for n in range(6)]  # more than there are worker threads
    assert await asyncio.to_thread(started.acquire, True, WAIT)  # B's first add is under way
    try:
        answer = await deferred_then_followup(
            await env.ask("What should the public boycott?", server=a), timeout=WAIT)
        assert "Sources" in message_text(answer)
        assert not started.acquire(blocking=False)  # B's changes go one at a time
    finally:
        release.set()
    for ix in adds:
        text, _, _ = await outcome(ix, timeout=WAIT)
        assert text.startswith("Added article"), text
