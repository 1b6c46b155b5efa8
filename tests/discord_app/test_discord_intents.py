"""Running without the privileged Message Content intent (Discord reviews it at 100 servers).

The fake, like Discord, closes the gateway with 4014 when a bot asks for an intent its
application was not granted, and sends other people's messages blank unless they
mention the bot. Footnote starts without the intent, says once in the log what it would
add, and keeps answering where Discord delivers the text.
"""

from __future__ import annotations

import logging

import pytest

from bot.discord_app import runner
from bot.errors import ConfigError
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import deferred_then_followup, send_handled
from tests.fakediscord import MESSAGE_CONTENT_INTENT, FakeDiscord

QUESTION = "What should the public start boycotting?"


async def test_starts_without_the_intent_and_says_once_what_it_needs(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="footnote.discord"):
        env = await start_bot()  # the fake grants no privileged intent
    assert not env.fake.gateway.intents & MESSAGE_CONTENT_INTENT
    from bot.discord_app.client import NO_CONTENT_INTENT

    told = [r for r in caplog.records if "Message Content intent is off" in r.getMessage()]
    assert len(told) == 1 and told[0].getMessage() == NO_CONTENT_INTENT
    # /ask works...
    await deferred_then_followup(await env.ask(QUESTION))
    # ...and a mention is answered: Discord delivers the text of messages that mention the bot.
    fake, a = env.fake, env.a
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {QUESTION}")
    reply = await fake.next_channel_message(a.channel.id)
    assert "Sources" in (reply["embeds"][0]["description"] if reply["embeds"] else "")


async def test_replies_to_an_answer_work_with_the_ping_and_are_ignored_without(
    env: BotEnv,
) -> None:
    fake, a = env.fake, env.a
    answer = await deferred_then_followup(await env.ask("What did Simon Bailey say about fines?"))
    asked = await fake.send_message(a.channel.id, a.alice, "and what about 5G?",
                                    reference=answer)  # a reply pings its author by default
    follow_up = await fake.next_channel_message(a.channel.id)
    assert follow_up["message_reference"]["message_id"] == asked["id"]
    # Without the ping the text never reaches the bot: nothing to answer, nothing said.
    await send_handled(env, a.channel.id, a.alice, "and the dark web?", reference=answer,
                       mentions=[])
    assert len(fake.channel_messages(a.channel.id)) == 1
    assert fake.refusals == []


async def test_asking_for_an_intent_discord_refuses_is_a_sentence(
    settings: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """FOOTNOTE_MESSAGE_CONTENT_INTENT=true while the portal switch is off: close code 4014."""
    monkeypatch.setattr(runner, "warm_up", lambda app: None)  # the model is not the point here
    settings.message_content_intent = True  # type: ignore[attr-defined]
    from bot.service import Footnote

    async with FakeDiscord(heartbeat_interval=0.2) as fake:
        fake.add_guild("G")
        with pytest.raises(ConfigError) as refused:
            await runner.serve(Footnote(settings), settings, "fake-token")  # type: ignore[arg-type]
    assert str(refused.value) == runner.INTENT_REFUSED
    assert fake.gateway.close_codes == [4014]
