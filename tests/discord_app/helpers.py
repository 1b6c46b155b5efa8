"""Small helpers shared by the Discord adapter tests (import as tests.discord_app.helpers)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from bot.discord_app.replies import ANSWERED_PRIVATELY, POSTING
from tests.fakediscord import EPHEMERAL, LOADING, FakeInteraction

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


NOTES = (POSTING, ANSWERED_PRIVATELY)
"""What the bot briefly puts in a "thinking…" message before the real reply (then deletes)."""


def final(msg: dict[str, Any]) -> bool:
    """A message the person is meant to read: not "thinking…", not a passing note."""
    return (msg.get("action") in ("followup", "edit_original", None)
            and not msg["flags"] & LOADING and msg.get("content") not in NOTES)


def public_messages(ix: FakeInteraction) -> list[dict[str, Any]]:
    """The bot's final messages on this interaction that the whole channel sees."""
    return [m for m in ix.followups if final(m) and not m["flags"] & EPHEMERAL]


async def deferred_then_followup(ix: FakeInteraction, timeout: float = 15) -> dict[str, Any]:
    """Assert the bot deferred (type 5) first; return its first public message (an answer,
    a quiz question, a change made to the library)."""
    response = await ix.wait_response(timeout)
    assert response["type"] == 5, response
    found = await ix.fake.wait_for(lambda: public_messages(ix), timeout,
                                   f"a public message on {ix!r}: {ix.followups}")
    return found[0]


async def private_reply(ix: FakeInteraction, timeout: float = 15) -> dict[str, Any]:
    """The first message only the person sees: an ephemeral reply or followup (or a private
    "thinking…" message filled in)."""
    response = await ix.wait_response(timeout)
    if response["type"] == 4:
        assert is_ephemeral(response["data"]), response
        return dict(response["data"])

    def mine() -> list[dict[str, Any]]:
        return [m for m in ix.followups if final(m) and m["flags"] & EPHEMERAL]

    return (await ix.fake.wait_for(mine, timeout, f"a private message on {ix!r}"))[0]


async def outcome(ix: FakeInteraction, timeout: float = 15) -> tuple[str, bool, dict[str, Any]]:
    """``(text, ephemeral, message)`` of what the person finally sees for an interaction.

    An immediate reply (type 4), or — after a defer — the first followup or edit of
    the original that is no longer "thinking…" and no longer a progress line.
    """
    response = await ix.wait_response(timeout)
    if response["type"] == 4:
        data = response["data"]
        return data.get("content") or "", is_ephemeral(data), data

    def last() -> dict[str, Any] | None:
        for msg in ix.followups:
            text = message_text(msg)
            if final(msg) and text and not text.endswith("…"):
                return msg
        return None

    msg = await ix.fake.wait_for(last, timeout, f"a final message on {ix!r}")
    return message_text(msg), is_ephemeral(msg), msg


async def reply_text(ix: FakeInteraction, timeout: float = 15) -> str:
    """The text of the first thing the bot said: an immediate reply or the first final
    followup."""
    response = await ix.wait_response(timeout)
    if response["type"] == 4:
        return response["data"].get("content") or ""
    found = await ix.fake.wait_for(lambda: [m for m in ix.followups if final(m)], timeout,
                                   f"a reply on {ix!r}")
    return message_text(found[0])


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


async def send_handled(env: Any, channel_id: int, user: Any, content: str, *,
                       timeout: float = 10, **kwargs: Any) -> dict[str, Any]:
    """A member posts ``content``; wait until the bot has received it and every handler of
    it has finished (so "the bot did nothing" can be asserted without sleeping)."""
    import asyncio

    posted = await env.fake.send_message(channel_id, user, content, **kwargs)
    # Nothing was awaited since the post: the bot cannot have received it yet.
    await env.bot.wait_for("message", check=lambda m: m.id == int(posted["id"]),
                           timeout=timeout)
    handlers = [t for t in asyncio.all_tasks()
                if t.get_name() == "discord.py: on_message" and not t.done()]
    if handlers:
        await asyncio.wait(handlers, timeout=timeout)
    return posted


@asynccontextmanager
async def connected(bot: Any, token: str = "fake-token") -> AsyncIterator[Any]:
    """Log ``bot`` in to the fake already patched in, connect it and wait until it is ready;
    close it on the way out."""
    import asyncio
    import contextlib

    await bot.login(token)
    task = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        yield bot
    finally:
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)
