"""Nothing the bot sends can ping: allowed_mentions is empty and the text is neutralised."""

from __future__ import annotations

import re

from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import deferred_then_followup, message_text

HOSTILE = "@everyone <@&123> <@456> what should the public start boycotting?"


def assert_inert(msg: dict) -> None:  # type: ignore[type-arg]
    assert msg["allowed_mentions"]["parse"] == []
    assert not msg["allowed_mentions"].get("replied_user")
    assert not msg["allowed_mentions"].get("users") and not msg["allowed_mentions"].get("roles")
    text = message_text(msg)
    assert "@everyone" not in text and not re.search(r"@here\b", text)
    assert "<@&123>" not in text and "<@456>" not in text
    assert msg["mentions"] == [] and msg["mention_roles"] == [] and not msg["mention_everyone"]


async def test_hostile_question_through_slash_command(env: BotEnv) -> None:
    msg = await deferred_then_followup(await env.ask(HOSTILE))
    assert_inert(msg)
    assert "everyone" in message_text(msg)  # shown (neutralised), not dropped


async def test_hostile_question_through_a_mention(env: BotEnv) -> None:
    fake, a = env.fake, env.a
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {HOSTILE}")
    assert_inert(await fake.next_channel_message(a.channel.id))


async def test_hostile_article_text_and_declines(start_bot: StartBot) -> None:
    env = await start_bot(seed_new_servers=False)
    env.add_text("Ping party\n\nThe mayor told @everyone and <@&123> that the ferry to "
                     "Lundy island leaves at noon on Tuesdays.", title="@here ferries <@456>")
    answer = await deferred_then_followup(await env.ask("When does the ferry to Lundy leave?"))
    assert_inert(answer)
    declined = await deferred_then_followup(await env.ask("@everyone what is the yen rate?"))
    assert_inert(declined)
    assert "ferries" in message_text(declined)  # the suggested title, neutralised
