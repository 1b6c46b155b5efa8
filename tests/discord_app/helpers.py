"""Small helpers shared by the Discord adapter tests (import as tests.discord_app.helpers)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from tests.fakediscord import EPHEMERAL, FakeInteraction

LOADING = 1 << 7
SEED_TITLE = "Police chief: only boycotting social media will force action on abuse"
DECLINE = "I couldn't find that in the articles I have."
MODERATOR_SENTENCE = "Only moderators (Manage Server or the Curators role) can change the library."

CONTENT_LIMIT, DESCRIPTION_LIMIT, TITLE_LIMIT = 2000, 4096, 256
FIELD_NAME_LIMIT, FIELD_VALUE_LIMIT, FOOTER_LIMIT, EMBED_TOTAL_LIMIT = 256, 1024, 2048, 6000


def message_text(msg: dict[str, Any]) -> str:
    """Everything a person reads in a message: content and every embed's text."""
    parts = [msg.get("content") or ""]
    for embed in msg.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for f in embed.get("fields") or []:
            parts += [f["name"], f["value"]]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


def embed_size(embed: dict[str, Any]) -> int:
    """Characters Discord counts towards an embed's 6,000 total."""
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "")
    size += len((embed.get("author") or {}).get("name") or "")
    size += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields") or [])
    return size


def assert_fits_discord(msg: dict[str, Any]) -> None:
    """The message respects every Discord length limit."""
    assert len(msg.get("content") or "") <= CONTENT_LIMIT
    embeds = msg.get("embeds") or []
    assert len(embeds) <= 10
    assert sum(embed_size(e) for e in embeds) <= EMBED_TOTAL_LIMIT
    for e in embeds:
        assert len(e.get("title") or "") <= TITLE_LIMIT
        assert len(e.get("description") or "") <= DESCRIPTION_LIMIT
        assert len((e.get("footer") or {}).get("text") or "") <= FOOTER_LIMIT
        assert len(e.get("fields") or []) <= 25
        for f in e.get("fields") or []:
            assert len(f["name"]) <= FIELD_NAME_LIMIT and len(f["value"]) <= FIELD_VALUE_LIMIT


def custom_ids(msg: dict[str, Any]) -> list[str]:
    """The custom ids of every button on a message."""
    ids = []
    for row in msg.get("components") or []:
        ids += [c["custom_id"] for c in row.get("components") or [] if c.get("custom_id")]
    return ids


def is_ephemeral(msg_or_response: dict[str, Any]) -> bool:
    """Whether a message (or a type 4 response's data) is ephemeral."""
    data = msg_or_response.get("data", msg_or_response)
    return bool((data.get("flags") or 0) & EPHEMERAL)


async def deferred_then_followup(ix: FakeInteraction, timeout: float = 15) -> dict[str, Any]:
    """Assert the bot deferred (type 5) first; return the message of its first followup."""
    response = await ix.wait_response(timeout)
    assert response["type"] == 5, response
    [followup] = await ix.wait_followups(1, timeout)
    return followup


async def reply_text(ix: FakeInteraction, timeout: float = 15) -> str:
    """The text of the first thing the bot said: an immediate reply or the first followup."""
    response = await ix.wait_response(timeout)
    if response["type"] == 4:
        return response["data"].get("content") or ""
    [followup] = await ix.wait_followups(1, timeout)
    return message_text(followup)


def same_as_engine(msg: dict[str, Any], answer: Any) -> bool:
    """Whether the bot's message shows exactly ``answer`` (the engine's own reply, rendered)."""
    import json

    from bot.discord_app.render import render_answer

    rendered = render_answer(answer)
    embed = rendered.get("embed")
    expected_embeds = [json.loads(json.dumps(embed.to_dict()))] if embed is not None else []
    return (msg.get("content") or "") == (rendered.get("content") or "") and (
        msg.get("embeds") or []) == expected_embeds


@asynccontextmanager
async def loopback_site(
    routes: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]],
) -> AsyncIterator[str]:
    """A web server on 127.0.0.1 serving ``routes`` (path -> GET handler); yields its base URL."""
    app = web.Application()
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()
