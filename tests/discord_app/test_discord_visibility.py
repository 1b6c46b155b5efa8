"""What only the person should see stays private, even when it is decided after "thinking…".

Discord fixes a reply's visibility at the defer: after a public "thinking…" the first
followup fills in that public message whatever ``ephemeral=`` it asks for (the strict
fake does the same). Each case here is decided after the defer, and each must reach
only the person, while the results meant for the channel stay public.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import (
    EPHEMERAL,
    deferred_then_followup,
    message_text,
    outcome,
)

NOT_FOUND = "There is no single article called"


def public_with(env: BotEnv, words: str) -> list[dict[str, Any]]:
    """Messages anyone in the channel can see that contain ``words``."""
    return [m for m in env.fake.messages.values()
            if not m["flags"] & EPHEMERAL and words in message_text(m)]


async def private_only(env: BotEnv, ix: Any, words: str, timeout: float = 15) -> str:
    """The interaction ends in a private sentence containing ``words``, seen by nobody else."""
    text, private, _ = await outcome(ix, timeout)
    assert words in text, text
    assert private, f"shown to the whole channel: {text!r}"
    assert public_with(env, words) == [], public_with(env, words)
    return text


async def test_a_typed_article_that_does_not_exist_on_first_use(env: BotEnv) -> None:
    """The first /ask in a server (its library not open yet) with a typed article name."""
    assert not env.bot.deps.libraries.is_open(env.a.guild.id)
    ix = await env.ask("What should the public boycott?", article="harbour weekly")
    assert (await ix.wait_response())["type"] == 5  # deferred: opening the library takes time
    await private_only(env, ix, NOT_FOUND)
    # Asked again once the library is open: refused at once, before any "thinking…".
    again = await env.ask("What should the public boycott?", article="harbour weekly")
    response = await again.wait_response()
    assert response["type"] == 4 and response["data"]["flags"] & EPHEMERAL
    # And a good question is still answered in public.
    answer = await deferred_then_followup(await env.ask("What should the public boycott?"))
    assert not answer["flags"] & EPHEMERAL and "Sources" in message_text(answer)


async def test_an_engine_failure_after_the_defer_is_private(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(env.app, "ask", broken)
    await private_only(env, await env.ask("What should the public boycott?"),
                       "something went wrong on my side")


async def test_a_refused_upload_is_shown_to_the_moderator_only(env: BotEnv) -> None:
    binary = ("tool.txt", b"\x7fELF\x02\x01\x01" + bytes(400), "text/plain")
    await private_only(env, await env.article("add", attachments=[binary]), "binary")
    added = await env.article("add", text="Harbour news\n\nThe harbour reopened on Monday.",
                              title="Harbour news")
    text, private, _ = await outcome(added)
    assert text.startswith("Added article 2") and not private  # changes are announced


async def test_a_quiz_that_cannot_start_says_so_privately(start_bot: StartBot) -> None:
    env = await start_bot(seed_new_servers=False)
    ix = await env.slash("quiz", env.a.alice, subcommand="start")
    text, private, _ = await outcome(ix, timeout=60)
    assert private, f"shown to the whole channel: {text!r}"
    assert public_with(env, text[:30]) == []
